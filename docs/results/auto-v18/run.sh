#!/usr/bin/env bash
# AutoTASO rule 18 CANDIDATE, REJECTED by these runs (taso-auto revision 18: the stability probe at 15% of the TASO phase,
# probe_at=0.15, chosen by held-out round 18; rules 6-17 probed at 30%). Not the default of main:
# these runs check the round's choice on the suite before it becomes the rule. They were trained by
# commit 40365c6 (branch rule18-candidate), which is main's 534e87d plus: PROBE_AT = 0.15 in
# src/taso/_torch_auto.py, revision=18 for taso-auto and `if 0 < self.revision < 18: hp =
# {"probe_at": 0.3, **hp}` in src/taso/bench/_algorithms.py. With that code, this script reruns
# nothing that is recorded. Same comparison as auto-v17 (10 offline workloads, seeds 0-9; sf-adamw,
# TASO defaults and the best tuned method of the authors' grids copied from auto-v17, same keys).
set -euo pipefail
OUT=docs/results/auto-v18
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v17 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v17 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 18 candidate (probe at 15% of the TASO phase, held-out round 18) vs the best tuned method, schedule-free AdamW and TASO defaults"
