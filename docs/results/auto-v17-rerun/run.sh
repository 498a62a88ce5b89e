#!/usr/bin/env bash
# Rule 17 (taso-auto, revision 17: the default) trained again, on the machine and commit that train
# the rule-28 suite check (docs/results/auto-v28 on branch rule28-candidate), as that check's
# same-machine baseline. Why: auto-v17 was trained by an older commit on another machine, and runs
# of rule 28 that are rule 17 by construction (the six one-group workloads) differed from auto-v17's
# in the last bits, enough to move range-test readings (mnist1d-cnn: 0 of 10 runs bit-identical).
# Comparing this directory with auto-v17 measures that cross-machine noise; comparing auto-v28 with
# it measures the rule alone. The taso-auto runs are trained here (no reuse); sf-adamw, TASO
# defaults and the best tuned method are copied from auto-v17 (same keys). Rerunning skips
# finished runs; `--workers 2` trains two runs at once.
set -euo pipefail
OUT=docs/results/auto-v17-rerun
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --algorithms taso-auto --results "$OUT" --threads 1 --no-report --no-progress "$@"
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v17 --threads 1 --no-report --no-progress
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v17 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 17 rerun (same machine as the rule-28 suite check) vs the best tuned method, schedule-free AdamW and TASO defaults"
