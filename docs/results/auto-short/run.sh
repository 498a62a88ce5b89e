#!/usr/bin/env bash
# AutoTASO on SHORT runs (85-192 steps): too short for the standard 100-step range tests, which
# raised "too short" before; now each sweep shrinks to fit half of the run (at least 28 steps).
# Ten workloads new to every held-out round and fresh set, defined and committed
# (src/taso/bench/_workloads.py, "Fresh, short runs") before any run; nothing is chosen on them.
# AutoTASO (taso-auto revision 11: the change only touches runs that raised before) against
# schedule-free AdamW and TASO at their defaults, seeds 0-4, paired by seed; test accuracy measured
# once per run. Rerunning skips finished runs.
set -euo pipefail
OUT=docs/results/auto-short
taso bench run --suite auto --seeds 5 --results "$OUT" --threads 1 --no-report --no-progress \
  --workloads digits-mlp-64-e3 digits-mlp-2x64-e2-b16 mnist1d-mlp-200-e1 mnist1d-cnn-e2-b128 \
    fashion-lenet5-3k-e2-b32 fashion-resnet-3k-e1-b32 fashion-mlp-256-5k-e1-b32 rt-fasttext-d32-e1 \
    rt-cnn-d32-f32-e2-b64 imdb-fasttext-d16-e1-b128 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 11) on ten short runs (85-192 steps) vs schedule-free AdamW and TASO defaults"
