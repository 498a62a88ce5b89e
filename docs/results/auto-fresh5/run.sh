#!/usr/bin/env bash
# Fresh set 5: architectures no suite, held-out round or earlier fresh set has: two pre-norm
# Transformer encoders (LayerNorm, attention; dim 48 x 2 layers, dim 32 x 1 layer) and two
# bidirectional LSTMs on the Rotten Tomatoes and IMDB reviews, trained from scratch (defined and
# committed before any run; nothing is chosen on them). AutoTASO rule 16 against schedule-free
# AdamW and TASO at their defaults, seeds 0-4, 1 torch thread. Rerunning skips finished runs.
set -euo pipefail
OUT=docs/results/auto-fresh5
taso bench run --suite auto --seeds 5 --results "$OUT" --threads 1 --no-report --no-progress \
  --workloads rt-transformer-d48-l2-b32-e8 rt-transformer-d32-l1-b64-e6 rt-bilstm-d48-b32-e8 imdb-bilstm-d32-b64-e2 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 16) on fresh set 5 (Transformers and BiLSTMs) vs schedule-free AdamW and TASO defaults"
