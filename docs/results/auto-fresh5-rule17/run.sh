#!/usr/bin/env bash
# Fresh set 5 (two Transformer encoders, two BiLSTMs) under AutoTASO rule 17 (rule 15's rewind,
# chosen by held-out round 15 after this set had run under rule 16, docs/results/auto-fresh5).
# sf-adamw and TASO defaults are copied from docs/results/auto-fresh5 (same keys). Seeds 0-4.
set -euo pipefail
OUT=docs/results/auto-fresh5-rule17
taso bench run --suite auto --seeds 5 --results "$OUT" --reuse docs/results/auto-fresh5 --threads 1 --no-report --no-progress \
  --workloads rt-transformer-d48-l2-b32-e8 rt-transformer-d32-l1-b64-e6 rt-bilstm-d48-b32-e8 imdb-bilstm-d32-b64-e2 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 17) on fresh set 5 (Transformers and BiLSTMs) vs schedule-free AdamW and TASO defaults"
