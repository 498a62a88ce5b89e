#!/usr/bin/env bash
# A generalization check of AutoTASO rule 11 (taso-auto revision 11) on ten more FRESH workloads:
# new to every held-out round and to the first two fresh sets, defined and committed
# (src/taso/bench/_workloads.py, "Fresh, third set") before any run; nothing is chosen on them.
# AutoTASO against schedule-free AdamW and TASO at their defaults (the `auto` suite's algorithms),
# seeds 0-4, paired by seed; test accuracy measured once per run. Rerunning skips finished runs.
set -euo pipefail
OUT=docs/results/auto-fresh3
taso bench run --suite auto --seeds 5 --results "$OUT" --threads 1 --no-report --no-progress \
  --workloads digits-mlp-2x512-b16 digits-mlp-32-b128 mnist1d-mlp-3x256-b64 mnist1d-cnn-c24-b64 \
    fashion-lenet5-6k-b64 fashion-resnet-8-16-32-8k fashion-mlp-2x256-b256 rt-cnn-d40-f40-b16 \
    rt-fasttext-d32-b64 imdb-cnn-d16-f16-b64 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 11) on ten more fresh workloads vs schedule-free AdamW and TASO defaults (a generalization check)"
