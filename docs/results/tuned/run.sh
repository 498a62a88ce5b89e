#!/usr/bin/env bash
# Tuned scenario v2 (equal budget, any family): complete (see Progress below). The trials' Optuna storage
# (optuna.db, SQLite) is committed as it grows; `taso bench status --storage sqlite:///docs/results/tuned/optuna.db`
# shows what is done, and rerunning `tune` continues (a trial that was running when its worker died
# is failed and retried).
#
#   bash docs/results/tuned/run.sh tune     # in two shells at once (two workers share every study)
#   bash docs/results/tuned/run.sh reeval   # in two shells at once, after `tune` has finished
#   bash docs/results/tuned/run.sh final    # after `reeval`; in two shells at once (runs are claimed)
#   taso bench tune-report --mode budget --storage "$DB" --tuned docs/results/tuned \
#     --default docs/results/paper10 docs/results/controls5 --out docs/results/tuned
#
# Progress (2026-11-26): complete. `tune`, `reeval` and `final` done on all ten workloads (70
# studies + the 2 widened ones; 700 final runs); 19.5 core-hours in all (see the report's Compute).
# `final` claims each run (results/.claims), so two shells may run the same command at once.
#
# Every family gets the same K = 16 scrambled-Sobol trials over the wide log-uniform ranges of
# src/taso/bench/spaces/budget/*.toml, at the workload's full epochs (no horizon cut; median
# pruning on validation accuracy, reported by the tune report), seed 0. The top 3 trials of each
# study are trained again on seeds 1 and 2 and the configuration with the best mean validation
# accuracy is selected; finals: that configuration on 10 fresh seeds (1000-1009), test once.
# Flag, widen, rerun: where the selected lr sat at an edge of its range, the search space file has
# an override for that workload (src/taso/bench/spaces/budget/sgd-cosine.toml: both fastText
# workloads, lr [1e-3, 1e3]) and `tune` runs a new study <workload>/<algorithm>/budget/wide.
# Every stage resumes where it stopped. Estimated compute on a 2-core machine (1 thread per
# worker, full runs per workload summing to ~274 s): trials 7 x 16 x 274 s ~ 8.5 h of one core
# (~5 h with pruning), re-evaluation 7 x 3 x 2 x 274 s ~ 3.2 h, finals 7 x 10 x 274 s ~ 5.3 h:
# ~13.5 core-hours, ~7 hours with two workers.
set -euo pipefail
DB=sqlite:///docs/results/tuned/optuna.db
OUT=docs/results/tuned
FAMILIES="taso adam rmsprop adagrad sgd-cosine adamw-cosine sf-adamw"
WORKLOADS="${WORKLOADS:-digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 fashion-lenet5-bn imdb-cnn fashion-resnet}"
export OMP_NUM_THREADS=1
case "${1:-}" in
  tune)
    for w in $WORKLOADS; do
      # shellcheck disable=SC2086
      taso bench tune --workload "$w" --mode budget --trials 16 --pruner median --algorithms $FAMILIES \
        --storage "$DB" --threads 1
    done ;;
  reeval)
    for w in $WORKLOADS; do
      # shellcheck disable=SC2086
      taso bench reeval --workload "$w" --mode budget --top 3 --seeds 3 --algorithms $FAMILIES --storage "$DB" --threads 1
    done ;;
  final)
    for w in $WORKLOADS; do
      # shellcheck disable=SC2086
      taso bench final --workload "$w" --mode budget --algorithms $FAMILIES --storage "$DB" --seeds 10 \
        --threads 1 --results "$OUT"
    done ;;
  *) echo "usage: $0 tune|reeval|final" >&2; exit 2 ;;
esac
