#!/usr/bin/env bash
# Check 36 (written and committed before any of its runs): the suite check of rule 31 redone at 20
# seeds on all ten offline workloads.
#
# Why: rule 31 (adagrad_lr="scale": the embedding tables' rate from their own scale, no range test)
# meets the compute target on every workload; its suite check at 10 seeds rejected it by round 29's
# rule because one tally got worse (against the equal-budget study's best family, IMDB fastText a
# loss where rule 28 tied). At 20 seeds on the text models (checks 33-35) rule 28 loses IMDB fastText
# too, so that rejection rested on a shortfall both rules share. This check applies the same rule to
# the same four tallies with every workload at 20 seeds, Holm across the ten.
#
# Decision, fixed here before any run: rule 31 becomes the registered taso-auto if and only if, over
# the ten workloads at seeds 0-19 (paired by seed, test accuracy, Holm across the ten per competitor,
# as the reports and tests/test_readme_numbers.py's `verdicts` compute them), none of its four
# tallies -- against the best method tuned on the authors' grids, the equal-budget study's best
# family, TASO tuned at that budget, and schedule-free AdamW's defaults -- has fewer wins or more
# losses than rule 28's, and no workload's paired interval of rule 31 minus rule 28 lies below zero.
# Otherwise rule 28 stays. Whatever it shows, the README's targets table quotes these 20-seed
# tallies beside the 10-seed ones.
#
# What is trained (seeds 10-19 of the six workloads without embedding tables; seeds 0-9 copied by key
# from the suite check's stores, the four text models' 20 seeds from checks 33-35):
#   lane 1: rule 28 and schedule-free AdamW's defaults; the authors'-grid best finals; TASO's defaults
#   lane 2: the equal-budget best family's finals; tuned TASO's finals; rule 31 (bit-identical to
#           rule 28 without tables at seeds 0-9 and in tests; trained, not assumed, and compared here)
# About 1.5 h on two cores (measured: 1 h 36 min; the lanes run side by side). Rerunning skips finished runs.
#   bash docs/results/auto20-vs-tuned2/run.sh lane1 & bash docs/results/auto20-vs-tuned2/run.sh lane2; wait
#   bash docs/results/auto20-vs-tuned2/run.sh reports
# Output: this directory (rule 28 vs the equal-budget best family), ../auto20-vs-tuned-paper,
# ../auto20-vs-tuned-taso, ../auto20-v31 (rule 31's runs without tables) and the rule-31 sides
# ../auto20-v31-vs-tuned2, ../auto20-v31-vs-tuned-paper, ../auto20-v31-vs-tuned-taso (nothing trained).
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 28)' || {
  echo "run this where the registered taso-auto is rule 28 (main)" >&2; exit 1; }
R=docs/results
SIX=(fashion-resnet mnist1d-cnn fashion-lenet5 fashion-lenet5-bn mnist1d-mlp digits-mlp)
COMMON=(--seeds 20 --threads 1 --no-report --no-progress)

copy_text() {  # the four text models' records of a 20-seed store, rule 28 and every competitor
  python - "$1" "$2" <<'PY'
import sys
from taso.bench._results import ResultStore
out, have = ResultStore(sys.argv[2]), ResultStore(sys.argv[2]).keys()
new = [r for r in ResultStore(sys.argv[1]).records() if r["key"] not in have]
assert all(r["workload"] in {"imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext"} for r in new)
out.extend(new)
PY
}

finals() {  # $1 mode, $2 storage study, $3 output, $4 stores to reuse, then --algorithms or --best-family-from
  local mode=$1 study=$2 out=$3 reuse=$4; shift 4
  for w in "${SIX[@]}"; do
    taso bench final --workload "$w" --mode "$mode" --storage "sqlite:///$R/$study/optuna.db" "$@" \
      --reuse $reuse --first-seed 0 --seeds 20 --threads 1 --results "$out"
  done
}

rule31() {  # the registered taso-auto replaced by rule 31 in this process only
  python - "$@" <<'PY'
import dataclasses
import sys
from taso._cli import main
from taso.bench import _algorithms
rule28 = _algorithms.ALGORITHMS["taso-auto"]
_algorithms.ALGORITHMS["taso-auto"] = dataclasses.replace(
    rule28, revision=31, hparams={**rule28.hparams, "adagrad_lr": "scale"})
sys.exit(main(sys.argv[1:]))
PY
}

case "${1:-}" in
lane1)
  copy_text $R/auto-text20-vs-tuned2 $R/auto20-vs-tuned2
  taso bench run --suite auto --algorithms taso-auto sf-adamw --workloads "${SIX[@]}" \
    --results $R/auto20-vs-tuned2 --reuse $R/auto28-vs-tuned2 "${COMMON[@]}"
  finals paper tuned-paper $R/auto20-vs-tuned-paper $R/auto-v28 --best-family-from $R/tuned-paper
  taso bench run --suite auto --algorithms taso --workloads "${SIX[@]}" \
    --results $R/auto20-vs-tuned2 --reuse $R/auto28-vs-tuned2 "${COMMON[@]}"
  ;;
lane2)
  finals budget tuned $R/auto20-vs-tuned2 $R/auto28-vs-tuned2 --best-family-from $R/tuned
  finals budget tuned $R/auto20-vs-tuned-taso "$R/auto28-vs-tuned-taso $R/auto20-vs-tuned2" --algorithms taso
  rule31 bench run --suite auto --algorithms taso-auto --workloads "${SIX[@]}" \
    --results $R/auto20-v31 --reuse $R/auto-v31 "${COMMON[@]}"
  ;;
reports)
  for d in auto20-vs-tuned-paper auto20-vs-tuned-taso; do  # taso-auto, the defaults, the text models
    copy_text $R/auto-text20-vs-tuned-${d#auto20-vs-tuned-} $R/$d
    taso bench run --suite auto --workloads "${SIX[@]}" --results $R/$d --reuse $R/auto20-vs-tuned2 "${COMMON[@]}"
  done
  python - $R <<'PY'
import sys
from pathlib import Path
from taso.bench._results import ResultStore
R = Path(sys.argv[1])
text = {"imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext"}
rule31 = [r for d in ("auto-text20-v31", "auto20-v31") for r in ResultStore(R / d).records()]
assert {r["config"]["algorithm"]["revision"] for r in rule31} == {31} and len(rule31) == 200, len(rule31)
rule28 = {(r["workload"], r["seed"]): r for r in ResultStore(R / "auto20-vs-tuned2").records()
          if r["algorithm"] == "taso-auto"}
same = sum(rule28[r["workload"], r["seed"]]["result"]["test_accuracy"] == r["result"]["test_accuracy"]
           for r in rule31 if r["workload"] not in text)
print(f"rule 31 equals rule 28 in test accuracy on {same} of 120 runs without tables")
for side in ("tuned2", "tuned-paper", "tuned-taso"):
    out = ResultStore(R / f"auto20-v31-vs-{side}")
    have = out.keys()
    others = [r for r in ResultStore(R / f"auto20-vs-{side}").records() if r["algorithm"] != "taso-auto"]
    out.extend(r for r in rule31 + others if r["key"] not in have)
PY
  taso bench report --results $R/auto20-v31 --title "Check 36: AutoTASO rule 31 (adagrad_lr=\"scale\") on the six workloads without embedding tables, seeds 0-19 (its runs equal rule 28's)"
  for rule in 28 31; do
    for side in tuned2 tuned-paper tuned-taso; do
      d=$R/auto20-vs-$side; [ $rule = 31 ] && d=$R/auto20-v31-vs-$side
      taso bench report --results "$d" --title "Check 36: AutoTASO rule $rule at 20 seeds on all ten offline workloads vs the best tuned method ($side), schedule-free AdamW and TASO defaults"
    done
  done
  ;;
*)
  echo "usage: $0 lane1 | lane2 | reports (run lane1 and lane2 side by side, then reports)" >&2; exit 2 ;;
esac
