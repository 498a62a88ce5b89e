#!/usr/bin/env bash
# AutoTASO rule 31 CANDIDATE (docs/results/auto-v31, rejected by its suite check) against the best tuned method of the authors' grids
# trained on the same machine (docs/results/tuned-paper-rerun), paired by seed: the first
# target on runs of one machine. taso-auto, sf-adamw and TASO defaults copied from auto-v31 (the
# last two trained on the other machine, as in every suite directory), the tuned runs from
# tuned-paper-rerun. Nothing is trained.
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 31)' || {
  echo "run this where the registered taso-auto is rule 31 (branch rule31-candidate; the change is in this header)" >&2; exit 1; }
OUT=docs/results/auto31-vs-tuned-rerun
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v31 --threads 1 --no-report --no-progress
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/tuned-paper-rerun \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 31) vs the best tuned method of the authors' grids, both trained on one machine"
