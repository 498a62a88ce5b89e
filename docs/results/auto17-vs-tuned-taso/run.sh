#!/usr/bin/env bash
# AutoTASO rule 17 against TASO with its hyperparameters tuned (lr, weight decay, alpha, beta: the
# equal-budget study, tuned v2, docs/results/tuned) on every workload, paired by seed: does the
# automatic rate replace tuning TASO's own? taso-auto runs are copied from docs/results/auto-v17,
# sf-adamw and TASO defaults from the earlier suites (same keys); tuned TASO's selected configuration
# is trained on seeds 0-9 (the two MNIST-1D workloads, where TASO was the best tuned family, are
# copied from docs/results/auto17-vs-tuned2). Rerunning skips finished runs; WORKLOADS="a b" runs a
# subset (two such processes on disjoint subsets may share the directory), --no-report skips the report.
set -euo pipefail
OUT=docs/results/auto17-vs-tuned-taso
DB=sqlite:///docs/results/tuned/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v17 docs/results/auto17-vs-tuned2 \
  docs/results/paper10 --threads 1 --no-report --no-progress
for workload in ${WORKLOADS:-digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet}; do
  taso bench final --workload "$workload" --mode budget --storage "$DB" --algorithms taso \
    --reuse docs/results/auto17-vs-tuned2 --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
if [ "${1:-}" != "--no-report" ]; then
  taso bench report --results "$OUT" --title "AutoTASO (rule 17) vs TASO with its hyperparameters tuned (tuned v2), schedule-free AdamW and TASO defaults"
fi
