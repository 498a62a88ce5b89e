#!/usr/bin/env bash
# Is a run's last-bit difference the machine or the code? Trains rule 17's MNIST-1D CNN runs,
# seeds 0-3, with the very commit that trained docs/results/auto-v17 (9d3dae9) on the machine of the
# rule-28 suite check. Same keys as auto-v17's runs. Measured (tests/test_readme_numbers.py): these
# runs equal the rule-28 candidate's and the rule-17 rerun's (auto-v28 on branch rule28-candidate,
# auto-v17-rerun; current code) bit for bit, and differ from auto-v17's (the same commit on another
# machine) in every run: the machine, not the code, moved them.
set -euo pipefail
OUT=$PWD/docs/results/machine-check
WT=$(mktemp -d)/taso-9d3dae9
git worktree add -f "$WT" 9d3dae9
trap 'git worktree remove --force "$WT"' EXIT
(cd "$WT" && PYTHONPATH="$WT/src" python -m taso bench run --suite auto --algorithms taso-auto \
  --workloads mnist1d-cnn --seeds 4 --results "$OUT" --threads 1 --no-report --no-progress "$@")
