#!/usr/bin/env bash
# AutoTASO rule 31 CANDIDATE (rejected by its suite check, ../auto-v31/run.sh) against the best tuned method of the equal-budget study
# (tuned v2), paired by seed: taso-auto copied from auto-v31, everything else from auto17-vs-tuned2
# (same keys). Nothing is trained.
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 31)' || {
  echo "run this where the registered taso-auto is rule 31 (branch rule31-candidate; the change is in this header)" >&2; exit 1; }
OUT=docs/results/auto31-vs-tuned2
DB=sqlite:///docs/results/tuned/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v31 docs/results/auto17-vs-tuned2 \
  --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode budget --storage "$DB" --reuse docs/results/auto17-vs-tuned2 \
    --best-family-from docs/results/tuned --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 31 (the embedding tables' rate from their own scale) vs the best tuned method of the equal-budget study (tuned v2), schedule-free AdamW and TASO defaults"
