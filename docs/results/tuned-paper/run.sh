#!/usr/bin/env bash
# Reproduces docs/results/tuned-paper: the authors' grids (20 configurations x 4 algorithms) per
# offline workload, selection on the validation split, the best configuration rerun on seeds
# 1000-1004 at the workload's full budget, then the report. Rerunning skips finished work.
# Tuning epochs (per trial) are cut on the 6 slow workloads to fit ~1 hour of a 2-core machine;
# the final runs always use the registered epochs (`taso bench list`).
set -euo pipefail
DB=sqlite:///docs/results/tuned-paper/optuna.db
OUT=docs/results/tuned-paper
while read -r workload epochs; do
  taso bench tune --workload "$workload" --mode paper --storage "$DB" --epochs "$epochs"
  taso bench final --workload "$workload" --mode paper --storage "$DB" --seeds 5 --results "$OUT"
done <<'LIST'
digits-mlp 40
mnist1d-mlp 30
mnist1d-cnn 30
rt-fasttext 10
rt-cnn 5
imdb-fasttext 2
fashion-lenet5 1
fashion-lenet5-bn 1
imdb-cnn 1
fashion-resnet 1
LIST
taso bench tune-report --storage "$DB" --tuned "$OUT" --default docs/results/paper --out "$OUT" --mode paper
