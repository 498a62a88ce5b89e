#!/usr/bin/env bash
# Check 33's rule 31 side (see ../auto-text20/run.sh, written before any run): rule 31 (revision 31,
# adagrad_lr="scale") on the suite's four text models, seeds 0-19; seeds 0-9 copied from ../auto-v31.
# Run from main's root with branch rule31-candidate's code first on the path, where the registered
# taso-auto is rule 31: PYTHONPATH=<worktree of rule31-candidate>/src bash docs/results/auto-text20-v31/run.sh
set -euo pipefail
python -c 'import sys; from taso.bench._algorithms import get_algorithm; sys.exit(get_algorithm("taso-auto").revision != 31)' || {
  echo "run this where the registered taso-auto is rule 31 (branch rule31-candidate's src on PYTHONPATH)" >&2; exit 1; }
taso bench run --suite auto --algorithms taso-auto --workloads imdb-cnn rt-cnn imdb-fasttext rt-fasttext \
  --seeds 20 --results docs/results/auto-text20-v31 --reuse docs/results/auto-v31 --threads 1 --no-progress "$@"
