#!/usr/bin/env bash
# AutoTASO (rule 5) against the best tuned method of the equal-budget, any-family study (tuned v2,
# docs/results/tuned), paired by seed. Run it once docs/results/tuned has its final runs (see
# docs/results/tuned/run.sh). taso-auto, sf-adamw and TASO defaults are copied from
# docs/results/auto-v5 (same keys); per workload, the tuned v2 configuration of the family whose
# tuned final runs had the best mean validation accuracy is rerun on seeds 0-9 (mode budget).
# Rerunning skips finished runs; several copies may run at once (one per workload list).
# Progress: run (2026-11-26) with WORKLOADS="digits-mlp mnist1d-mlp rt-cnn mnist1d-cnn rt-fasttext
# imdb-fasttext", the six workloads whose tuned v2 finals existed then; not continued since rule 6
# replaced rule 5: docs/results/auto6-vs-tuned2 holds the comparison for the current AutoTASO (and
# copies this directory's tuned reruns).
set -euo pipefail
OUT=docs/results/auto-vs-tuned2
DB=sqlite:///docs/results/tuned/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v5 docs/results/auto-v2 docs/results/auto \
  docs/results/paper10 --threads 1 --no-report --no-progress "$@"
for workload in ${WORKLOADS:-digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet}; do
  taso bench final --workload "$workload" --mode budget --storage "$DB" \
    --best-family-from docs/results/tuned --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 5) vs the best tuned method of the equal-budget study (tuned v2), schedule-free AdamW and TASO defaults"
