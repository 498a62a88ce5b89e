#!/usr/bin/env bash
# Fresh set 7 under AutoTASO rule 38 (the registered taso-auto), 10 seeds: ten workloads new to every
# round, check and fresh set, one or two per architecture family of the suite (digits and MNIST-1D
# MLPs, an MNIST-1D CNN, LeNet-5 with and without batch norm, a Fashion-MNIST MLP and ResNet, a Rotten
# Tomatoes fastText and text CNN; src/taso/bench/_workloads.py), chosen for neither strength nor
# weakness, defined and committed before any run; nothing is chosen on them. AutoTASO against
# schedule-free AdamW and TASO at their defaults, seeds 0-9, paired, Holm over the ten; the report
# adds the non-inferiority section at 0.3 pt. Reported whatever it shows.
#   bash docs/results/auto-fresh7/run.sh        # about 40 minutes on two cores; rerunning resumes
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 38)' || {
  echo "run this where the registered taso-auto is rule 38 (main)" >&2; exit 1; }
OUT=docs/results/auto-fresh7
taso bench run --suite auto --seeds 10 --results "$OUT" --threads 1 --no-report --no-progress --workers 2 \
  --workloads digits-mlp-3x128-b64-e30 digits-mlp-256-b16-e15 mnist1d-mlp-2x200-b32-e12 \
  mnist1d-cnn-c20-b64-e12 fashion-lenet5-8k-b48-e3 fashion-lenet5-bn-9k-b64-e3 \
  fashion-mlp-2x192-12k-b96-e4 fashion-resnet-8-16-32-5k-b64-e2 rt-fasttext-d40-b24-e4 \
  rt-cnn-d48-f32-b48-e4 "$@"
taso bench report --results "$OUT" --margin 0.3 \
  --title "AutoTASO (rule 38) on fresh set 7 vs schedule-free AdamW and TASO defaults, 10 seeds"
