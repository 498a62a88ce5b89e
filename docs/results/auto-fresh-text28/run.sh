#!/usr/bin/env bash
# AutoTASO rule 28 (the registered taso-auto) on every text workload of the six fresh sets (fastText
# and text CNNs of sets 1-4, Transformers and BiLSTMs of sets 5-6), seeds 0-4, vs schedule-free AdamW
# and TASO defaults. Trains nothing: rule 28's runs come from check 30 (docs/results/auto-fresh-text,
# `python benchmarks/auto_holdout.py --round 30`, which also trains rule 17 beside them on the same
# machine), the others from the fresh sets' own directories (trained on an earlier machine).
set -euo pipefail
OUT=docs/results/auto-fresh-text28
taso bench run --suite auto --seeds 5 --results "$OUT" --threads 1 --no-report --no-progress \
  --reuse docs/results/auto-fresh-text docs/results/auto-fresh14 docs/results/auto-fresh5-rule17 docs/results/auto-fresh6 \
  --workloads imdb-transformer-d32-l1-b64-e2 rt-transformer-d48-l2-b32-e8 rt-fasttext-d128-b8 \
  imdb-bilstm-d32-b64-e2 imdb-cnn-d32-b32 rt-cnn-d96-f64-b128 rt-bilstm-d48-b32-e8 \
  rt-transformer-d32-l1-b64-e6 rt-cnn-d32-f96 imdb-fasttext-d64-b64 rt-fasttext-d64-b8-e2 \
  rt-cnn-d40-f40-b16 rt-bilstm-d32-b16-e3 imdb-cnn-d16-f16-b64 rt-fasttext-d32-b64 \
  imdb-fasttext-d32-uni-b16 imdb-fasttext-d16-e1-b128 rt-fasttext-d8-uni rt-cnn-d32-f32-e2-b64 \
  rt-fasttext-d32-e1 "$@"
taso bench report --results "$OUT" \
  --title "AutoTASO (rule 28) on the fresh sets' twenty text workloads vs schedule-free AdamW and TASO defaults"
