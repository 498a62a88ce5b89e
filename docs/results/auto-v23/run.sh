#!/usr/bin/env bash
# AutoTASO rule 23 CANDIDATE, REJECTED by these runs (taso-auto revision 23: every other group frozen
# during a group's range test, other_groups="frozen", chosen by held-out round 23; rules 1-17 let the
# groups already tested train at their rate). Not the default of main: these runs checked the round's
# choice on the suite before it would become the rule (IMDB fastText -0.33 [-0.62, -0.03] pt paired
# against rule 17; against tuned v2 0 / 6 / 4, rule 17 1 / 6 / 3).
# They were trained by branch rule23-candidate: main's 2dea26b plus other_groups="frozen" as
# AutoTASO's default, revision=23 for taso-auto and `if 0 < self.revision < 23: hp =
# {"other_groups": "train", **hp}` in src/taso/bench/_algorithms.py. Models with one group (the six
# image and MLP workloads) are the same under both rules by construction (tested): these runs
# measure that instead of assuming it. Same comparison as auto-v17 (10 offline workloads, seeds
# 0-9; sf-adamw, TASO defaults and the best tuned method of the authors' grids copied from
# auto-v17, same keys). Rerunning skips finished runs; `--workers 2` trains two runs at once.
set -euo pipefail
OUT=docs/results/auto-v23
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v17 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v17 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 23 candidate (every other group frozen during a group's range test, held-out round 23) vs the best tuned method, schedule-free AdamW and TASO defaults"
