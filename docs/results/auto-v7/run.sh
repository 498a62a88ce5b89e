#!/usr/bin/env bash
# Reproduces docs/results/auto-v7: AutoTASO rule 7 (taso-auto, revision 7) = rule 6 + each range
# test stopped once settled (sweep_until="settled", taso.sweep_settled; chosen by held-out round 6
# of benchmarks/auto_holdout.py): a sweep stops once reading further can no longer move LR_I,
# instead of running on until the loss diverges. Against schedule-free AdamW and TASO at their
# defaults on the 10 offline workloads with seeds 0-9, and, per workload, the tuned configuration
# (tuned-paper study) of the family whose tuned final runs had the best mean validation accuracy,
# rerun on the same seeds. Runs whose key is already in docs/results/auto-v6 (everything but
# taso-auto) are copied, not trained again. Rerunning skips finished runs; `--workers 2` trains two
# runs at once (each claimed once).
set -euo pipefail
OUT=docs/results/auto-v7
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v6 docs/results/auto-v5 docs/results/auto-v2 \
  docs/results/auto docs/results/paper10 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v6 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 7: + range tests stopped once settled) vs the best tuned method, schedule-free AdamW and TASO defaults"
