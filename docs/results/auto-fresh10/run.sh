#!/usr/bin/env bash
# AutoTASO rule 10 on the first fresh set (docs/results/auto-fresh), which is no longer fresh for
# it: rule 10's guard fallback was written after that check found a collapse there (the narrow
# MNIST-1D CNN, seed 2). Rule 10 differs from rule 9 only in runs whose guard restarts twice from
# the same copy, so this shows that run's new result and that the other 49 are bit-identical.
# sf-adamw and TASO defaults are copied from docs/results/auto-fresh (same keys). Seeds 0-4.
set -euo pipefail
OUT=docs/results/auto-fresh10
taso bench run --suite auto --seeds 5 --results "$OUT" --reuse docs/results/auto-fresh --threads 1 --no-report \
  --no-progress --workloads digits-mlp-256-b8 mnist1d-mlp-1024-b256 mnist1d-cnn-c8-b16 fashion-lenet5-24k-b256 \
    fashion-resnet-12-24-48 fashion-mlp-3x128-b32 rt-fasttext-d128-b8 rt-cnn-d32-f96 imdb-cnn-d32-b32 \
    imdb-fasttext-d64-b64 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 10) on the first fresh set (not fresh for rule 10) vs schedule-free AdamW and TASO defaults"
