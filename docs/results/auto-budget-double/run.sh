#!/usr/bin/env bash
# AutoTASO at twice each offline workload's epochs against the best tuned v2 configuration,
# selected at the registered budget, run as tuned (see ../auto-budget.sh).
set -euo pipefail
bash docs/results/auto-budget.sh docs/results/auto-budget-double "twice each workload's epochs" \
  ${WORKLOADS:-digits-mlp@80 mnist1d-mlp@60 mnist1d-cnn@60 rt-fasttext@20 rt-cnn@20 imdb-fasttext@10 \
    fashion-lenet5@10 fashion-lenet5-bn@10 imdb-cnn@6 fashion-resnet@8}
