#!/usr/bin/env bash
# Check 41 (written and committed before any of its runs): rule 38 on the fresh sets' models without
# embedding tables -- workloads in no suite, on which no constant of rule 38 was chosen.
#
# Why: rule 38's midpoint (beta 0.8 without tables) was set by a principle and judged by held-out
# round 38 and the suite; the fresh sets (docs/autotaso.md, "Fresh workloads") hold 34 models
# without tables (sets 1-4 in ../auto-fresh15, set 6 in ../auto-fresh6: MLPs 1-5 deep, LeNet-5s
# with and without batch norm, ResNets, 1-D CNNs; 1-60 epochs), seeds 0-4. On a model with tables
# rule 38 runs bit for bit as rule 28, so the text models are not run.
#
# What: rule 38 (the registered taso-auto) trained here on the 34, seeds 0-4 (lane train). Rule 28
# of this processor: the stored runs of rule 15 (= rule 17, = rule 28 without tables) in
# ../auto-fresh15 and ../auto-fresh6, confirmed first by retraining rule 28 here on the 14 digits
# and MNIST-1D workloads (lane verify28, into verify28/); if any of those 70 runs differs from its
# stored run, rule 28 is retrained here on all 34 (lane rerun28, same directory) and compare.py
# reads those. Schedule-free AdamW's and TASO's defaults are copied from the same stores.
# Reported, whatever it shows (nothing is chosen): the pooled paired interval of rule 38 minus rule
# 28 over the 170 pairs, each workload's interval, and each rule's Holm tally over the 34 against
# schedule-free AdamW's and TASO's defaults (compare.py). A workload whose interval of rule 38
# minus rule 28 lies wholly below zero is named in the README's weak points.
#
#   bash docs/results/auto-fresh-v38/run.sh verify28; bash docs/results/auto-fresh-v38/run.sh train
#   python docs/results/auto-fresh-v38/compare.py      # says whether rerun28 is needed
# About 20 minutes on two cores. Rerunning skips finished runs.
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 38)' || {
  echo "run this where the registered taso-auto is rule 38 (main)" >&2; exit 1; }
D=docs/results/auto-fresh-v38
FAST=(digits-mlp-256-b8 digits-mlp-1024-b64 digits-mlp-4x64-b32 digits-mlp-2x512-b16 digits-mlp-32-b128
  digits-mlp-64-e3 digits-mlp-2x64-e2-b16 digits-mlp-5x64-b32-e20 digits-mlp-512-b256-e60
  mnist1d-mlp-1024-b256 mnist1d-mlp-2x512-b16 mnist1d-mlp-3x256-b64 mnist1d-mlp-200-e1 mnist1d-mlp-4x128-b64-e15)
REST=(mnist1d-cnn-c8-b16 mnist1d-cnn-c16-b256 mnist1d-cnn-c24-b64 mnist1d-cnn-e2-b128 mnist1d-cnn-c32-b8-e2
  fashion-lenet5-24k-b256 fashion-resnet-12-24-48 fashion-mlp-3x128-b32 fashion-lenet5-bn-24k
  fashion-resnet-4-8-16-b32 fashion-mlp-2048-b128 fashion-lenet5-6k-b64 fashion-resnet-8-16-32-8k
  fashion-mlp-2x256-b256 fashion-lenet5-3k-e2-b32 fashion-resnet-3k-e1-b32 fashion-mlp-256-5k-e1-b32
  fashion-mlp-3x256-20k-b256-e6 fashion-resnet-8-16-32-4k-b8-e2 fashion-lenet5-bn-20k-b128-e4)
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

case "${1:-}" in
verify28)  # no --reuse: trained, not copied; two copies share the runs
  rule28 bench run "${COMMON[@]}" --workloads "${FAST[@]}" --results $D/verify28 &
  rule28 bench run "${COMMON[@]}" --workloads "${FAST[@]}" --results $D/verify28; wait
  ;;
rerun28)  # only if compare.py says the verification found a difference
  rule28 bench run "${COMMON[@]}" --workloads "${REST[@]}" "${FAST[@]}" --results $D/verify28 &
  rule28 bench run "${COMMON[@]}" --workloads "${REST[@]}" "${FAST[@]}" --results $D/verify28; wait
  ;;
train)
  taso bench run "${COMMON[@]}" --workloads "${REST[@]}" "${FAST[@]}" --results $D --workers 2
  ;;
*)
  echo "usage: $0 verify28 | train | rerun28 (see the header)" >&2; exit 2 ;;
esac
