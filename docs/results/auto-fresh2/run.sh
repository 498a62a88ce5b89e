#!/usr/bin/env bash
# A generalization check of AutoTASO rule 10 (taso-auto revision 10) on ten more FRESH workloads:
# new to every held-out round and to the first fresh set (docs/results/auto-fresh), defined and
# committed (src/taso/bench/_workloads.py, "Fresh, second set") before any run; nothing is chosen
# on them. AutoTASO against schedule-free AdamW and TASO at their defaults (the `auto` suite's
# algorithms), seeds 0-4, paired by seed; test accuracy measured once per run. Rerunning skips
# finished runs.
set -euo pipefail
OUT=docs/results/auto-fresh2
taso bench run --suite auto --seeds 5 --results "$OUT" --threads 1 --no-report --no-progress \
  --workloads digits-mlp-1024-b64 digits-mlp-4x64-b32 mnist1d-cnn-c16-b256 mnist1d-mlp-2x512-b16 \
    fashion-lenet5-bn-24k fashion-resnet-4-8-16-b32 fashion-mlp-2048-b128 rt-cnn-d96-f64-b128 \
    rt-fasttext-d8-uni imdb-fasttext-d32-uni-b16 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 10) on ten more fresh workloads vs schedule-free AdamW and TASO defaults (a generalization check)"
