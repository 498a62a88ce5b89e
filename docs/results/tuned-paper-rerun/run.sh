#!/usr/bin/env bash
# The best tuned method of the authors' grids (tuned-paper), trained again on the machine that
# trained AutoTASO rule 28's suite runs (docs/results/auto-v28), seeds 0-9, the same keys as the
# "best tuned" runs of docs/results/auto-v17 (trained on another machine). Why: float32's last
# bits differ between processors, so the first target's comparison (AutoTASO vs the best tuned
# method, paired by seed) should pair runs of one machine. Nothing is copied: every run is trained.
# WORKLOADS="a b" trains a subset (two such processes on disjoint subsets may share the
# directory); rerunning skips finished runs.
set -euo pipefail
OUT=docs/results/tuned-paper-rerun
DB=sqlite:///docs/results/tuned-paper/optuna.db
for workload in ${WORKLOADS:-fashion-lenet5-bn fashion-resnet fashion-lenet5 mnist1d-cnn digits-mlp rt-cnn \
    rt-fasttext imdb-cnn imdb-fasttext mnist1d-mlp}; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
