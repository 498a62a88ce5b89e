#!/usr/bin/env bash
# AutoTASO rule 13 (taso-auto revision 13: rule 11 + no_drop_cap="auto", chosen by held-out round 11)
# on the ten short runs of docs/results/auto-short (85-192 steps; defined before any run, nothing
# chosen on them), against schedule-free AdamW and TASO at their defaults (copied from auto-short:
# the same keys), seeds 0-4, paired by seed. Rerunning skips finished runs.
set -euo pipefail
OUT=docs/results/auto-short13
taso bench run --suite auto --seeds 5 --results "$OUT" --reuse docs/results/auto-short --threads 1 --no-report \
  --no-progress \
  --workloads digits-mlp-64-e3 digits-mlp-2x64-e2-b16 mnist1d-mlp-200-e1 mnist1d-cnn-e2-b128 \
    fashion-lenet5-3k-e2-b32 fashion-resnet-3k-e1-b32 fashion-mlp-256-5k-e1-b32 rt-fasttext-d32-e1 \
    rt-cnn-d32-f32-e2-b64 imdb-fasttext-d16-e1-b128 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 13) on ten short runs (85-192 steps) vs schedule-free AdamW and TASO defaults"
