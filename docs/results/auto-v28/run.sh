#!/usr/bin/env bash
# AutoTASO rule 28, kept by this suite check and the registered taso-auto since (revision 28: told the training labels' entropy for the
# embedding tables' range tests only, hparams={"chance_loss": "prior", "chance_for": "tables"}; the
# dense groups' range tests, the probe and the guard keep the loss before training, so the six
# one-group workloads should be bit-identical to rule 17's: these runs measure that). Sent to this
# suite check by held-out round 28 (seven text CNNs x 20 seeds, round 27's criterion, fixed before).
# Rejected if a Holm tally gets worse or a workload's paired interval against rule 17 lies below zero
# (judged against rule 17 rerun on the same machine, ../auto-v17-rerun: all 100 runs bit-identical).
# Trained by branch rule28-candidate: main plus those hparams and revision=28 on the registered
# taso-auto and `if 0 < self.revision < 28:` dropping chance_loss/chance_for in
# src/taso/bench/_algorithms.py. Same comparison as auto-v17 (10 offline workloads, seeds 0-9;
# sf-adamw, TASO defaults and the best tuned method of the authors' grids copied from auto-v17,
# same keys). Rerunning skips finished runs; `--workers 2` trains two runs at once; extra arguments
# go to `taso bench run` (e.g. `--workloads rt-cnn imdb-cnn` to train those first).
set -euo pipefail
OUT=docs/results/auto-v28
DB=sqlite:///docs/results/tuned-paper/optuna.db
taso bench run --suite auto --results "$OUT" --reuse docs/results/auto-v17 --threads 1 --no-report --no-progress "$@"
for workload in digits-mlp mnist1d-mlp mnist1d-cnn rt-fasttext rt-cnn imdb-fasttext fashion-lenet5 \
    fashion-lenet5-bn imdb-cnn fashion-resnet; do
  taso bench final --workload "$workload" --mode paper --storage "$DB" --reuse docs/results/auto-v17 \
    --best-family-from docs/results/tuned-paper --first-seed 0 --seeds 10 --threads 1 --results "$OUT"
done
taso bench report --results "$OUT" --title "AutoTASO rule 28 candidate (told the labels' entropy for the tables' range tests, held-out round 28) vs the best tuned method, schedule-free AdamW and TASO defaults"
