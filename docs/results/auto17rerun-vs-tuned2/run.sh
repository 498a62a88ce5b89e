#!/usr/bin/env bash
# Rule 17 trained again on the rule-28 suite check's machine (../auto-v17-rerun) against the best
# tuned method of the equal-budget study (tuned v2), paired by seed: taso-auto copied from
# auto-v17-rerun (first, so that its runs and not auto-v17's stand for the shared keys), everything
# else from auto17-vs-tuned2 (same keys). Nothing is trained.
set -euo pipefail
OUT=docs/results/auto17rerun-vs-tuned2
DB=sqlite:///docs/results/tuned/optuna.db
taso bench run --suite auto --algorithms taso-auto --results "$OUT" --reuse docs/results/auto-v17-rerun \
  --threads 1 --no-report --no-progress "$@"
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto17-vs-tuned2 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode budget --storage "$DB" --reuse docs/results/auto17-vs-tuned2 \
    --best-family-from docs/results/tuned --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 17 rerun (same machine as the rule-28 suite check) vs the best tuned method of the equal-budget study (tuned v2), schedule-free AdamW and TASO defaults"
