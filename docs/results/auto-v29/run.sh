#!/usr/bin/env bash
# AutoTASO rule 29 CANDIDATE, REJECTED by this suite check (the schedule-free AdamW Holm tally fell from
# 6 / 4 / 0 to 4 / 6 / 0; docs/autotaso.md, held-out round 29). (revision 29: rule 28 plus norm_divisor=1, the rate at the range test's
# smoothed-loss minimum itself for the SGD groups of a model with normalization layers; on the suite
# that is the BatchNorm LeNet-5 and the ResNet, and the other eight workloads should be bit-identical
# to rule 28's: these runs measure that). Sent to this suite check by held-out round 29 (five
# normalized models x 20 seeds, round 27's criterion, fixed before). Rejected if a Holm tally gets
# worse or a workload's paired interval against rule 28 (../auto-v28, trained on the same machine)
# lies below zero. Trained by branch rule29-candidate: main plus norm_divisor=1.0 and revision=29 on
# the registered taso-auto and `if 0 < self.revision < 29:` dropping norm_divisor in
# src/taso/bench/_algorithms.py. Same comparison as auto-v28 (10 offline workloads, seeds 0-9;
# sf-adamw, TASO defaults and the best tuned method of the authors' grids copied from auto-v28,
# same keys). Rerunning skips finished runs; `--workers 2` trains two runs at once; extra arguments
# go to `taso bench run` (e.g. `--workloads fashion-lenet5-bn fashion-resnet` to train those first).
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 29)' || {
  echo "run this where the registered taso-auto is rule 29 (branch rule29-candidate; the change is in this header)" >&2; exit 1; }
OUT=docs/results/auto-v29
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v28 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v28 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 29 candidate (the range test's minimum itself on normalized models, held-out round 29) vs the best tuned method, schedule-free AdamW and TASO defaults"
