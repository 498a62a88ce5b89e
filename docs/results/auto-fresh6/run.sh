#!/usr/bin/env bash
# Fresh set 6 under AutoTASO rule 17: ten workloads new to every round and fresh set (a 5-deep plain
# MLP, batch norm at batch 8, large batches with few steps, an IMDB Transformer, small batches on
# text; src/taso/bench/_workloads.py), defined and committed before any run; nothing is chosen on
# them. AutoTASO against schedule-free AdamW and TASO at their defaults, seeds 0-4.
set -euo pipefail
OUT=docs/results/auto-fresh6
taso bench run --suite auto --seeds 5 --results "$OUT" --threads 1 --no-report --no-progress \
  --workloads digits-mlp-5x64-b32-e20 mnist1d-mlp-4x128-b64-e15 fashion-mlp-3x256-20k-b256-e6 \
  mnist1d-cnn-c32-b8-e2 fashion-resnet-8-16-32-4k-b8-e2 fashion-lenet5-bn-20k-b128-e4 \
  imdb-transformer-d32-l1-b64-e2 rt-bilstm-d32-b16-e3 rt-fasttext-d64-b8-e2 digits-mlp-512-b256-e60 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 17) on fresh set 6 vs schedule-free AdamW and TASO defaults"
