#!/usr/bin/env bash
# AutoTASO rule 28 CANDIDATE (see ../auto-v28/run.sh: trained by branch rule28-candidate) against the
# best tuned method of the equal-budget study (tuned v2), paired by seed: taso-auto copied from
# auto-v28, everything else from auto17-vs-tuned2 (same keys). Nothing is trained.
set -euo pipefail
OUT=docs/results/auto28-vs-tuned2
DB=sqlite:///docs/results/tuned/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v28 docs/results/auto17-vs-tuned2 \
  --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode budget --storage "$DB" --reuse docs/results/auto17-vs-tuned2 \
    --best-family-from docs/results/tuned --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 28 candidate (told the labels' entropy for the tables) vs the best tuned method of the equal-budget study (tuned v2), schedule-free AdamW and TASO defaults"
