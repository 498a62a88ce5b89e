#!/usr/bin/env bash
# Reproduces docs/results/auto-v3: AutoTASO rule 3 (taso-auto, revision 3: LR_I = the rate at the smoothed-loss minimum itself,
# divisor 1, chosen on six held-out workloads; as in rule 2, a range test with no real
# drop that never diverged reads the largest rate tried / 30, instead of the family's conventional
# rate), schedule-free AdamW and TASO at their defaults on the 10 offline workloads with seeds 0-9,
# plus, per workload, the tuned configuration of the family whose tuned final runs had the best mean
# validation accuracy (tuned-paper study), rerun on the same seeds 0-9 so that every comparison is
# paired by seed. Runs whose key is already in docs/results/auto (sf-adamw, TASO, the tuned reruns:
# the same configurations and seeds) are copied, not trained again; only taso-auto is new.
# Rerunning skips finished runs; several copies of this script may run at once.
set -euo pipefail
OUT=docs/results/auto-v3
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto docs/results/paper10 \
  --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 3) vs the best tuned method, schedule-free AdamW and TASO defaults"
