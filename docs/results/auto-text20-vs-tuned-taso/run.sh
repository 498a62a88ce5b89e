#!/usr/bin/env bash
# Check 35's second half (see ../auto-text20-vs-tuned-paper/run.sh, written before any run): AutoTASO
# rule 28 against TASO with its lr, weight decay, alpha and beta tuned at the equal budget (tuned v2)
# on the four text models, seeds 0-19: taso-auto and the defaults copied from ../auto-text20-vs-tuned2,
# tuned TASO's seeds 0-9 from ../auto28-vs-tuned-taso (same keys), seeds 10-19 trained here. Read as
# ../auto-text20-vs-tuned-paper/run.sh says. Rerunning skips finished runs.
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 28)' || {
  echo "run this where the registered taso-auto is rule 28 (main)" >&2; exit 1; }
OUT=docs/results/auto-text20-vs-tuned-taso
DB=sqlite:///docs/results/tuned/optuna.db
WORKLOADS=(imdb-cnn rt-cnn imdb-fasttext rt-fasttext)
taso bench run --suite auto --workloads "${WORKLOADS[@]}" --seeds 20 --results "$OUT" \
  --reuse docs/results/auto-text20-vs-tuned2 --threads 1 --no-report --no-progress
for workload in "${WORKLOADS[@]}"; do
  taso bench final --workload "$workload" --mode budget --storage "$DB" --algorithms taso \
    --reuse docs/results/auto28-vs-tuned-taso --first-seed 0 --seeds 20 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "Check 35: AutoTASO rule 28 at 20 seeds on the suite's text models vs TASO with its hyperparameters tuned (tuned v2), schedule-free AdamW and TASO defaults"
