#!/usr/bin/env bash
# Reproduces docs/results/auto-v12: AutoTASO rule 12 (taso-auto, revision 12) = rule 11 (a range test
# settles only when its drop and its rise pass the standard error of each difference) + a loss risen
# above its start by more than noise is divergence (find_lr's rise_diverges, chosen by held-out
# round 9). Against schedule-free AdamW and TASO at their defaults on the 10 offline workloads with
# seeds 0-9, and, per workload, the tuned configuration (tuned-paper study) of the family whose tuned
# final runs had the best mean validation accuracy, rerun on the same seeds. Runs whose key is
# already in docs/results/auto-v10 (everything but taso-auto) are copied, not trained again.
# Rerunning skips finished runs; `--workers 2` trains two runs at once (each claimed once).
# Rule 12 was rejected by held-out round 10 (the default went back to rule 11): rerunning this
# script needs the revision-12 code, `git checkout 5dd975a`.
set -euo pipefail
OUT=docs/results/auto-v12
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v10 docs/results/auto-v9 docs/results/auto-v8 \
  docs/results/auto-v7 docs/results/auto-v6 docs/results/auto-v5 docs/results/auto-v2 docs/results/auto \
  docs/results/paper10 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v10 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO (rule 12: + a loss risen above its start is divergence) vs the best tuned method, schedule-free AdamW and TASO defaults"
