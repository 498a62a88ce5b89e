#!/usr/bin/env bash
# Reproduces docs/results/auto-v17: AutoTASO rule 17 (taso-auto, revision 17) = rule 15 again: each
# range test rewound to the last copy at a rate <= LR_I (rewind_to="lr", chosen by held-out round
# 15 over rule 16's rewind to the loss minimum). It should equal rule 15 (auto-v15) run for run:
# this run measures that instead of assuming it.
# Against schedule-free AdamW and TASO at their defaults on the 10 offline workloads with seeds
# 0-9, and, per workload, the tuned configuration (tuned-paper study) of the family whose tuned
# final runs had the best mean validation accuracy, rerun on the same seeds. Runs whose key is
# already in an earlier result directory (everything but taso-auto) are copied, not trained again.
# Rerunning skips finished runs; `--workers 2` trains two runs at once.
set -euo pipefail
OUT=docs/results/auto-v17
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v16 docs/results/auto-v15 docs/results/auto-v14 docs/results/auto-v13 \
  docs/results/auto-v11 docs/results/auto-v10 docs/results/auto-v9 docs/results/auto-v8 docs/results/auto-v7 \
  docs/results/auto-v6 docs/results/auto-v5 docs/results/auto-v2 docs/results/auto docs/results/paper10 --threads 1 \
  --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v15 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 17: rule 15's rewind back, held-out round 15) vs the best tuned method, schedule-free AdamW and TASO defaults"
