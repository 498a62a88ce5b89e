#!/usr/bin/env bash
# STOPPED after 54 of its 100 taso-auto runs (digits, MNIST-1D MLP and CNN, the three Fashion-MNIST
# workloads: the cliff guard never fired and every run is bit-identical to auto-v2's), when the
# held-out round 3 chose divergence divisor 10 (rule 5: docs/results/auto-v5). No report.
# Reproduces docs/results/auto-v4: AutoTASO rule 4 (taso-auto, revision 4 = rule 2's range test plus
# the cliff guard of the TASO phase: a training loss that gives back half of its progress, beyond
# noise, twice in a row -> restore the copy from before, LR_I / 3), schedule-free AdamW and TASO at
# their defaults on the 10 offline workloads with seeds 0-9, plus, per workload, the tuned
# configuration of the family whose tuned final runs had the best mean validation accuracy
# (tuned-paper study), rerun on the same seeds. Runs whose key is already in docs/results/auto or
# docs/results/auto-v2 (everything but taso-auto) are copied, not trained again. A run in which the
# guard never fires is bit-identical to rule 2's (docs/results/auto-v2): the report's decisions
# table shows the restarts. Rerunning skips finished runs; several copies may run at once.
set -euo pipefail
OUT=docs/results/auto-v4
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v2 docs/results/auto docs/results/paper10 \
  --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v2 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 4: rule 2 + cliff guard) vs the best tuned method, schedule-free AdamW and TASO defaults"
