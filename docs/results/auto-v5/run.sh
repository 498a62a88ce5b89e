#!/usr/bin/env bash
# Reproduces docs/results/auto-v5: AutoTASO rule 5 (taso-auto, revision 5): the range test of rule 2
# with LR_I capped at the divergence rate / 10 (was / 30; chosen with divisor 3 by the held-out
# round 3 of benchmarks/auto_holdout.py), plus the cliff guard of the TASO phase (a training loss
# that gives back half of its progress, beyond noise, twice in a row -> restore the copy taken at
# the best loss, LR_I / 3). Against schedule-free AdamW and TASO at their defaults on the 10 offline
# workloads with seeds 0-9, and, per workload, the tuned configuration of the family whose tuned
# final runs had the best mean validation accuracy (tuned-paper study), rerun on the same seeds.
# Runs whose key is already in docs/results/auto-v2 or docs/results/auto (everything but taso-auto)
# are copied, not trained again. Rerunning skips finished runs; several copies may run at once.
set -euo pipefail
OUT=docs/results/auto-v5
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v2 docs/results/auto docs/results/paper10 \
  --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v2 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 5: divergence divisor 10 + cliff guard) vs the best tuned method, schedule-free AdamW and TASO defaults"
