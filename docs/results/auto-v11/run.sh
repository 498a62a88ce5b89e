#!/usr/bin/env bash
# Reproduces docs/results/auto-v11: AutoTASO rule 11 (taso-auto, revision 11) = rule 10 with a stricter
# early stop of the range tests: a sweep settles only when the drop from the first smoothed loss to
# the minimum and the rise past it each exceed the standard error of the *difference* of the two
# window means compared (settle_strict=True; the first window is cut by the trace's start to about
# half the losses). find_lr's reading is unchanged.
# Against schedule-free AdamW and TASO at their defaults on the 10 offline workloads with seeds
# 0-9, and, per workload, the tuned configuration (tuned-paper study) of the family whose tuned
# final runs had the best mean validation accuracy, rerun on the same seeds. Runs whose key is
# already in docs/results/auto-v10 (everything but taso-auto) are copied, not trained again.
# Rerunning skips finished runs; `--workers 2` trains two runs at once (each claimed once).
set -euo pipefail
OUT=docs/results/auto-v11
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v10 docs/results/auto-v9 docs/results/auto-v8 \
  docs/results/auto-v7 docs/results/auto-v6 docs/results/auto-v5 docs/results/auto-v2 docs/results/auto \
  docs/results/paper10 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v10 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 11: the range test's drop judged by the standard error of a difference) vs the best tuned method, schedule-free AdamW and TASO defaults"
