#!/usr/bin/env bash
# Does AutoTASO need only the training length? Called by auto-budget-half/run.sh and
# auto-budget-double/run.sh: bash docs/results/auto-budget.sh OUT "WHAT" NAME@E [NAME@E ...]
# The offline workloads trained for another number of epochs (workload NAME@E: the same data,
# model and batch, E epochs). AutoTASO (rule 17) is given the new length and nothing else; the best
# tuned method of the equal-budget study (tuned v2, docs/results/tuned: per workload the family
# whose tuned final runs had the best mean validation accuracy, with the configuration selected at
# the registered budget) is run as it was tuned, at the new length: the transfer a user makes who
# tuned once and then trains shorter or longer. Seeds 0-4, paired. Rerunning skips finished runs;
# the two `final` loops share the runs (each run is claimed by one process).
set -euo pipefail
OUT=$1
WHAT=$2
shift 2
DB=sqlite:///docs/results/tuned/optuna.db
taso bench run --suite auto --workloads "$@" --algorithms taso-auto --seeds 5 --results "$OUT" \
  --threads 1 --workers 2 --no-report --no-progress
final_loop() {
  for workload in "$@"; do
    taso bench final --workload "$workload" --mode budget --storage "$DB" --best-family-from docs/results/tuned \
      --first-seed 0 --seeds 5 --threads 1 --results "$OUT"
  done
}
final_loop "$@" & final_loop "$@"; wait
taso bench report --results "$OUT" --reference taso-auto \
  --title "AutoTASO at $WHAT vs the best tuned method (tuned v2) run as tuned at the new length"
