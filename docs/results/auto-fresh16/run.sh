#!/usr/bin/env bash
# AutoTASO rule 16 (rewind_to="minimum", chosen by held-out round 14) on all four fresh sets
# (docs/results/auto-fresh, auto-fresh2, auto-fresh3: 5 seeds, 2-60 epochs; auto-short: 85-192
# steps). Nothing for rule 16 was chosen on them (its question came from the suite's cost
# accounting; round 14's workloads are new). sf-adamw and TASO defaults are copied from those
# directories (same keys). Seeds 0-4.
set -euo pipefail
OUT=docs/results/auto-fresh16
taso bench run --suite auto --seeds 5 --results "$OUT" --reuse docs/results/auto-fresh15 docs/results/auto-fresh docs/results/auto-fresh2 \
  docs/results/auto-fresh3 docs/results/auto-short --threads 1 --no-report --no-progress \
  --workloads digits-mlp-256-b8 mnist1d-mlp-1024-b256 mnist1d-cnn-c8-b16 fashion-lenet5-24k-b256 \
    fashion-resnet-12-24-48 fashion-mlp-3x128-b32 rt-fasttext-d128-b8 rt-cnn-d32-f96 imdb-cnn-d32-b32 \
    imdb-fasttext-d64-b64 digits-mlp-1024-b64 digits-mlp-4x64-b32 mnist1d-cnn-c16-b256 mnist1d-mlp-2x512-b16 \
    fashion-lenet5-bn-24k fashion-resnet-4-8-16-b32 fashion-mlp-2048-b128 rt-cnn-d96-f64-b128 \
    rt-fasttext-d8-uni imdb-fasttext-d32-uni-b16 digits-mlp-2x512-b16 digits-mlp-32-b128 mnist1d-mlp-3x256-b64 \
    mnist1d-cnn-c24-b64 fashion-lenet5-6k-b64 fashion-resnet-8-16-32-8k fashion-mlp-2x256-b256 rt-cnn-d40-f40-b16 \
    rt-fasttext-d32-b64 imdb-cnn-d16-f16-b64 digits-mlp-64-e3 digits-mlp-2x64-e2-b16 mnist1d-mlp-200-e1 \
    mnist1d-cnn-e2-b128 fashion-lenet5-3k-e2-b32 fashion-resnet-3k-e1-b32 fashion-mlp-256-5k-e1-b32 \
    rt-fasttext-d32-e1 rt-cnn-d32-f32-e2-b64 imdb-fasttext-d16-e1-b128 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 16) on the four fresh sets (forty workloads) vs schedule-free AdamW and TASO defaults"
