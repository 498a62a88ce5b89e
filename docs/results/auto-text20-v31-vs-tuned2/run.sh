#!/usr/bin/env bash
# Check 34's rule 31 side (see ../auto-text20-vs-tuned2/run.sh, written before any run): rule 31
# (adagrad_lr="scale", revision 31) at 20 seeds on the suite's four text models against the same
# competitor runs. Nothing is trained: rule 31's runs are ../auto-text20-v31's (check 33), every
# other run is ../auto-text20-vs-tuned2's; this copies them (records unchanged) and writes the report.
set -euo pipefail
OUT=docs/results/auto-text20-v31-vs-tuned2
python - "$OUT" <<'PY'
import sys
from taso.bench._results import ResultStore
out = ResultStore(sys.argv[1])
have = out.keys()
rule31 = [r for r in ResultStore("docs/results/auto-text20-v31").records() if r["algorithm"] == "taso-auto"]
others = [r for r in ResultStore("docs/results/auto-text20-vs-tuned2").records() if r["algorithm"] != "taso-auto"]
assert {r["config"]["algorithm"]["revision"] for r in rule31} == {31} and len(rule31) == 80
out.extend(r for r in rule31 + others if r["key"] not in have)
PY
taso bench report --results "$OUT" --title "Check 34: AutoTASO rule 31 (the embedding tables' rate from their own scale) at 20 seeds on the suite's text models vs the best tuned method of the equal-budget study (tuned v2), schedule-free AdamW and TASO defaults"
