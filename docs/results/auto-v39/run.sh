#!/usr/bin/env bash
# AutoTASO rule 39 CANDIDATE: rule 38 with probe_divisor=10 (revision 39): the stability probe sets
# no rate above a tenth of the rate at which its loss diverged, as the range tests do. Sent to this
# suite check by held-out round 39 (eight workloads without normalization layers x 20 seeds,
# criterion fixed before any run: benchmarks/auto_holdout.py's docstring). Written and committed
# before any of its runs. Rejected if a Holm tally gets worse than rule 38's at seeds 0-9 (against
# the authors'-grid best tuned method and schedule-free AdamW's defaults, ../auto-v38; the
# equal-budget study's best family, ../auto38-vs-tuned2; tuned TASO, ../auto38-vs-tuned-taso) or a
# workload's paired interval of rule 39 minus rule 38 (test accuracy, seeds 0-9) lies wholly below
# zero; otherwise it becomes the registered taso-auto (decide.py). Rule 38's stores were trained on
# this machine (AMD EPYC family 25 model 17; ../auto-v38/run.sh), so the two rules are compared on
# one processor. The two BatchNorm networks run no probe (probe="auto"), so rule 39 runs them as
# rule 38 by construction: they are trained last and compared bit for bit.
# Rule 39 is put in place of the registered taso-auto in this script's processes only (rule39 below);
# every competitor's run is copied by key from rule 38's stores.
#   bash docs/results/auto-v39/run.sh train & bash docs/results/auto-v39/run.sh train; wait  # two lanes share the runs
#   bash docs/results/auto-v39/run.sh reports; python docs/results/auto-v39/decide.py
# About 50 minutes on two cores (100 runs). Rerunning skips finished runs.
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 38)' || {
  echo "run this where the registered taso-auto is rule 38 (main before the decision)" >&2; exit 1; }
R=docs/results
COMMON=(--seeds 10 --threads 1 --no-report --no-progress)
ALL=(digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 fashion-lenet5-bn imdb-cnn fashion-resnet)

rule39() {  # the registered taso-auto replaced by rule 39 in this process only
  python - "$@" <<'PY'
import dataclasses
import sys
from taso._cli import main
from taso.bench import _algorithms
rule38 = _algorithms.ALGORITHMS["taso-auto"]
_algorithms.ALGORITHMS["taso-auto"] = dataclasses.replace(
    rule38, revision=39, hparams={**rule38.hparams, "probe_divisor": 10.0})
sys.exit(main(sys.argv[1:]))
PY
}

finals() {  # $1 mode, $2 study, $3 output, $4 store to reuse, then --algorithms or --best-family-from
  local mode=$1 study=$2 out=$3 reuse=$4; shift 4
  for w in "${ALL[@]}"; do
    taso bench final --workload "$w" --mode "$mode" --storage "sqlite:///$R/$study/optuna.db" "$@" \
      --reuse "$reuse" --first-seed 0 --seeds 10 --threads 1 --results "$out"
  done
}

case "${1:-}" in
train)  # the eight workloads with a probe first (they decide), the two BatchNorm networks last
  rule39 bench run --suite auto --algorithms taso-auto --results $R/auto-v39 "${COMMON[@]}" \
    --workloads digits-mlp mnist1d-mlp mnist1d-cnn fashion-lenet5 rt-fasttext rt-cnn imdb-fasttext imdb-cnn
  rule39 bench run --suite auto --algorithms taso-auto --results $R/auto-v39 "${COMMON[@]}"
  ;;
reports)
  rule39 bench run --suite auto --results $R/auto-v39 --reuse $R/auto-v38 "${COMMON[@]}"
  finals paper tuned-paper $R/auto-v39 $R/auto-v38 --best-family-from $R/tuned-paper
  rule39 bench run --suite auto --results $R/auto39-vs-tuned2 --reuse $R/auto-v39 $R/auto38-vs-tuned2 "${COMMON[@]}"
  finals budget tuned $R/auto39-vs-tuned2 $R/auto38-vs-tuned2 --best-family-from $R/tuned
  rule39 bench run --suite auto --results $R/auto39-vs-tuned-taso --reuse $R/auto-v39 $R/auto38-vs-tuned-taso "${COMMON[@]}"
  finals budget tuned $R/auto39-vs-tuned-taso $R/auto38-vs-tuned-taso --algorithms taso
  taso bench report --results $R/auto-v39 --title "AutoTASO rule 39 candidate (probe_divisor=10, held-out round 39) vs the best tuned method of the authors' grids, schedule-free AdamW and TASO defaults"
  taso bench report --results $R/auto39-vs-tuned2 --title "AutoTASO rule 39 candidate (probe_divisor=10) vs the best tuned method of the equal-budget study (tuned v2), schedule-free AdamW and TASO defaults"
  taso bench report --results $R/auto39-vs-tuned-taso --title "AutoTASO rule 39 candidate (probe_divisor=10) vs TASO with its hyperparameters tuned (tuned v2), schedule-free AdamW and TASO defaults"
  ;;
*)
  echo "usage: $0 train | reports (train twice side by side, then reports; then decide.py)" >&2; exit 2 ;;
esac
