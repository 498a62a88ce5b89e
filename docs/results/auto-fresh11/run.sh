#!/usr/bin/env bash
# AutoTASO rule 11 on the first two fresh sets (docs/results/auto-fresh, auto-fresh2). Rule 11 (the
# range test settles only when its drop and rise pass the standard error of each difference) was found on the README example,
# a synthetic task, not on these sets, so they are still a generalization check for it; but rule
# 10's guard fallback came from the first set (a collapse on the narrow MNIST-1D CNN, seed 2).
# sf-adamw and TASO defaults are copied from those directories (same keys). Seeds 0-4.
set -euo pipefail
OUT=docs/results/auto-fresh11
taso bench run --suite auto --seeds 5 --results "$OUT" --reuse docs/results/auto-fresh docs/results/auto-fresh2 \
  --threads 1 --no-report --no-progress \
  --workloads digits-mlp-256-b8 mnist1d-mlp-1024-b256 mnist1d-cnn-c8-b16 fashion-lenet5-24k-b256 \
    fashion-resnet-12-24-48 fashion-mlp-3x128-b32 rt-fasttext-d128-b8 rt-cnn-d32-f96 imdb-cnn-d32-b32 \
    imdb-fasttext-d64-b64 digits-mlp-1024-b64 digits-mlp-4x64-b32 mnist1d-cnn-c16-b256 mnist1d-mlp-2x512-b16 \
    fashion-lenet5-bn-24k fashion-resnet-4-8-16-b32 fashion-mlp-2048-b128 rt-cnn-d96-f64-b128 \
    rt-fasttext-d8-uni imdb-fasttext-d32-uni-b16 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 11) on the first two fresh sets (twenty workloads) vs schedule-free AdamW and TASO defaults"
