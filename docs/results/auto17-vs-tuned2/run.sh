#!/usr/bin/env bash
# AutoTASO rule 17 (taso-auto revision 17: rule 15's rewind back, held-out round 15) against the
# best tuned method of the equal-budget, any-family study (tuned v2, docs/results/tuned), paired by
# seed. taso-auto runs are copied from docs/results/auto-v17, sf-adamw and TASO defaults from the
# earlier suites (same keys); per workload, the tuned v2 configuration of the family whose tuned final
# runs had the best mean validation accuracy is copied from docs/results/auto14-vs-tuned2 (the same
# runs). Rerunning skips finished runs.
set -euo pipefail
OUT=docs/results/auto17-vs-tuned2
DB=sqlite:///docs/results/tuned/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v17 docs/results/auto-v16 docs/results/auto-v15 docs/results/auto-v14 docs/results/auto-v13 docs/results/auto-v11 docs/results/auto-v10 docs/results/auto-v9 \
  docs/results/auto-v8 docs/results/auto-v7 docs/results/auto-v6 docs/results/auto-v5 docs/results/auto-v2 \
  docs/results/auto docs/results/paper10 --threads 1 --no-report --no-progress "$@"
for workload in ${WORKLOADS:-digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet}; do
  taso bench final --workload "$workload" --mode budget --storage "$DB" --reuse docs/results/auto14-vs-tuned2 \
    --best-family-from docs/results/tuned --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 17) vs the best tuned method of the equal-budget study (tuned v2), schedule-free AdamW and TASO defaults"
