#!/usr/bin/env bash
# Check 40 (written and committed before any of its runs): rule 38 at another training length.
#
# Why: rule 38 moved the TASO curve's midpoint from 0.7 to 0.8 on models without embedding tables,
# chosen by a principle at the suite's lengths and judged there. Whether a later anneal also holds
# when a user trains half as long or twice as long was not measured: "At another training length"
# (docs/autotaso.md) measured rule 17 (at about half the epochs 2 / 2 / 6 against the tuned
# configurations run as tuned, at twice 0 / 10 / 0).
#
# What: the six offline workloads without embedding tables (on a model with tables rule 38 runs bit
# for bit as rule 28), at the lengths of ../auto-budget-half and ../auto-budget-double, seeds 0-4:
# rule 38 (the registered taso-auto) and rule 28 (taso.bench._algorithms.auto_rule(28)), both trained
# here on one processor, given the new length and nothing else; the best tuned method of the
# equal-budget study run as tuned at the new length is copied from ../auto-budget-half and
# ../auto-budget-double (trained on another processor, the same reference for both rules).
# Reported, whatever it shows (nothing is chosen): per workload and length rule 38 minus rule 28
# (paired by seed, 95% t-interval) and each rule's Holm tally over the six against the tuned
# method (compare.py). A workload where rule 38 minus rule 28 lies wholly below zero goes into the
# README's weak points.
#
#   bash docs/results/auto38-budget/run.sh train      # two copies of each lane share the runs
#   bash docs/results/auto38-budget/run.sh reports; python docs/results/auto38-budget/compare.py
# About 45 minutes on two cores. Rerunning skips finished runs.
# Output: half/ and double/ (rule 38 and the copied references: report.md), half28/ and double28/
# (rule 28's runs).
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 38)' || {
  echo "run this where the registered taso-auto is rule 38 (main)" >&2; exit 1; }
D=docs/results/auto38-budget
HALF=(digits-mlp@20 mnist1d-mlp@15 mnist1d-cnn@15 fashion-lenet5@3 fashion-lenet5-bn@3 fashion-resnet@2)
DOUBLE=(digits-mlp@80 mnist1d-mlp@60 mnist1d-cnn@60 fashion-lenet5@10 fashion-lenet5-bn@10 fashion-resnet@8)
COMMON=(--suite auto --algorithms taso-auto --seeds 5 --threads 1 --no-report --no-progress)

rule28() {  # rule 28 in place of the registered taso-auto, in this process only
  python - "$@" <<'PY'
import sys
from taso._cli import main
from taso.bench import _algorithms
_algorithms.ALGORITHMS["taso-auto"] = _algorithms.auto_rule(28)
sys.exit(main(sys.argv[1:]))
PY
}

lane() {
  taso bench run "${COMMON[@]}" --workloads "${HALF[@]}" --results $D/half
  rule28 bench run "${COMMON[@]}" --workloads "${HALF[@]}" --results $D/half28
  taso bench run "${COMMON[@]}" --workloads "${DOUBLE[@]}" --results $D/double
  rule28 bench run "${COMMON[@]}" --workloads "${DOUBLE[@]}" --results $D/double28
}

case "${1:-}" in
train)
  lane & lane; wait
  ;;
reports)
  python - $D <<'PY'
import sys
from pathlib import Path
from taso.bench._results import ResultStore
D = Path(sys.argv[1])
for length in ("half", "double"):
    out = ResultStore(D / length)
    mine = {r["workload"] for r in out.records()}
    have = out.keys()
    refs = [r for r in ResultStore(D.parent / f"auto-budget-{length}").records()
            if "tuning" in r and r["workload"] in mine and r["key"] not in have]
    out.extend(refs)
PY
  taso bench report --results $D/half --reference taso-auto \
    --title "Check 40: AutoTASO rule 38 at about half of each workload's epochs vs the best tuned method (tuned v2) run as tuned at the new length"
  taso bench report --results $D/double --reference taso-auto \
    --title "Check 40: AutoTASO rule 38 at twice each workload's epochs vs the best tuned method (tuned v2) run as tuned at the new length"
  ;;
*)
  echo "usage: $0 train | reports (see the header)" >&2; exit 2 ;;
esac
