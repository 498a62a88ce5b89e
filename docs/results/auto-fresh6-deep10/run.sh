#!/usr/bin/env bash
# Fresh set 6's 5-deep digits MLP at 10 seeds: how often AutoTASO (rule 17) ends a seed at the edge
# of SGD's stability (one of five in docs/results/auto-fresh6). Seeds 0-4 copied from there (same
# keys), seeds 5-9 new; the same three algorithms.
set -euo pipefail
OUT=docs/results/auto-fresh6-deep10
taso bench run --suite auto --seeds 10 --results "$OUT" --reuse docs/results/auto-fresh6 --threads 1 --no-report \
  --no-progress --workloads digits-mlp-5x64-b32-e20 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 17) on fresh set 6's 5-deep digits MLP at 10 seeds vs schedule-free AdamW and TASO defaults"
