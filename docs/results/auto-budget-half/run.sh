#!/usr/bin/env bash
# AutoTASO at about half of each offline workload's epochs (rounded up: 0.5-0.67x) against the best
# tuned v2 configuration, selected at the registered budget, run as tuned (see ../auto-budget.sh).
set -euo pipefail
bash docs/results/auto-budget.sh docs/results/auto-budget-half \
  "about half of each workload's epochs (rounded up: 0.5-0.67x)" \
  ${WORKLOADS:-digits-mlp@20 mnist1d-mlp@15 mnist1d-cnn@15 rt-fasttext@5 rt-cnn@5 imdb-fasttext@3 \
    fashion-lenet5@3 fashion-lenet5-bn@3 imdb-cnn@2 fashion-resnet@2}
