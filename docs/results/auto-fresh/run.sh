#!/usr/bin/env bash
# A generalization check of AutoTASO rule 9 (taso-auto revision 9) on ten FRESH workloads: new to
# every held-out round, defined and committed (src/taso/bench/_workloads.py, "fresh: ...") before
# any run; nothing is chosen on them. AutoTASO against schedule-free AdamW and TASO at their
# defaults (the `auto` suite's algorithms), seeds 0-4, paired by seed; test accuracy measured once
# per run. Rerunning skips finished runs.
set -euo pipefail
OUT=docs/results/auto-fresh
taso bench run --suite auto --seeds 5 --results "$OUT" --threads 1 --no-report --no-progress \
  --workloads digits-mlp-256-b8 mnist1d-mlp-1024-b256 mnist1d-cnn-c8-b16 fashion-lenet5-24k-b256 \
    fashion-resnet-12-24-48 fashion-mlp-3x128-b32 rt-fasttext-d128-b8 rt-cnn-d32-f96 imdb-cnn-d32-b32 \
    imdb-fasttext-d64-b64 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 9) on ten fresh workloads vs schedule-free AdamW and TASO defaults (a generalization check)"
