#!/usr/bin/env bash
# AutoTASO rule 31 CANDIDATE, REJECTED by this suite check (the Holm tally against the best family of the
# equal-budget study, ../auto31-vs-tuned2, fell from 1 / 6 / 3 to 0 / 6 / 4; docs/autotaso.md, held-out round 31). (revision 31: rule 28 plus adagrad_lr="scale": an Adagrad group's LR_I is
# the root mean square of its values at build, with no range test; on the suite that is the four text
# models' embedding tables, and the six image and MLP workloads, which have no tables, should be
# bit-identical to rule 28's: these runs measure that). Sent to this suite check by held-out round 31
# (six short text runs x 20 seeds, round 27's criterion and a lower discarded share, fixed before).
# Rejected if a Holm tally gets worse or a workload's paired interval against rule 28 (../auto-v28,
# trained on the same machine) lies below zero. Trained by branch rule31-candidate: main plus
# adagrad_lr="scale" and revision=31 on the registered taso-auto and `if 0 < self.revision < 31:`
# dropping adagrad_lr in src/taso/bench/_algorithms.py. Same comparison as auto-v28 (10 offline
# workloads, seeds 0-9; sf-adamw, TASO defaults and the best tuned method of the authors' grids copied
# from auto-v28, same keys). Rerunning skips finished runs; `--workers 2` trains two runs at once;
# extra arguments go to `taso bench run` (e.g. `--workloads imdb-cnn rt-cnn imdb-fasttext rt-fasttext`
# to train the text models first).
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 31)' || {
  echo "run this where the registered taso-auto is rule 31 (branch rule31-candidate; the change is in this header)" >&2; exit 1; }
OUT=docs/results/auto-v31
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v28 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v28 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 31 candidate (the embedding tables' rate from their own scale, held-out round 31) vs the best tuned method, schedule-free AdamW and TASO defaults"
