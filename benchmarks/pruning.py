"""Compute saved by pruning during tuning, and what it costs in the selected configuration.

Runs the same equal-budget sweep (K Sobol configurations, same seed) twice in one process: without
pruning and with a pruner; reports trial-epochs run by each, and the final validation accuracy of
the configuration each one selects (the pruned sweep's choice is retrained in full by the unpruned
sweep, since both run the same configurations, so the comparison is like for like).

    python benchmarks/pruning.py [--workload mnist1d-mlp] [--algorithm taso] [--trials 16] [--pruner median]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import torch

from taso.bench._tune import study_name, tune
from taso.bench._tune_report import load_trials


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workload", default="mnist1d-mlp")
    parser.add_argument("--algorithm", default="taso")
    parser.add_argument("--trials", type=int, default=16)
    parser.add_argument("--epochs", type=int, help="override the workload's epochs")
    parser.add_argument("--pruner", choices=["median", "hyperband"], default="median")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for pruner in ("none", args.pruner):
            storage = f"sqlite:///{Path(tmp) / f'{pruner}.db'}"
            start = time.perf_counter()
            tune(args.workload, args.algorithm, "budget", storage, trials=args.trials, epochs=args.epochs,
                 pruner=pruner, log=lambda _msg: None)  # fmt: skip
            seconds = time.perf_counter() - start
            trials = [t for t in load_trials(storage) if t.mode == "budget"]
            results[pruner] = (trials, seconds)
    full, _ = results["none"]
    pruned, _ = results[args.pruner]
    by_config = {repr(sorted(t.params.items())): t for t in full}
    epochs_full = sum(len(t.val_accuracy) for t in full)
    epochs_pruned = sum(len(t.val_accuracy) for t in pruned)
    best_full = max((t for t in full if t.state == "COMPLETE"), key=lambda t: (t.value, -t.number))
    best_pruned = max((t for t in pruned if t.state == "COMPLETE"), key=lambda t: (t.value, -t.number))
    same_in_full = by_config[repr(sorted(best_pruned.params.items()))]
    print(
        f"{study_name(args.workload, args.algorithm, 'budget')}: {args.trials} Sobol trials, pruner {args.pruner}"
    )
    print(f"trial-epochs run: no pruning {epochs_full}, {args.pruner} {epochs_pruned} "
          f"({100 * (1 - epochs_pruned / epochs_full):.1f}% saved); "
          f"pruned trials: {sum(t.state == 'PRUNED' for t in pruned)}")  # fmt: skip
    print(f"wall time: no pruning {results['none'][1]:.1f}s, {args.pruner} {results[args.pruner][1]:.1f}s")
    print(f"selected configuration's final validation accuracy: no pruning {best_full.value:.2f}% "
          f"(trial {best_full.number}), {args.pruner} {same_in_full.value:.2f}% (trial {best_pruned.number}); "
          f"difference {same_in_full.value - best_full.value:+.2f} pp")  # fmt: skip


if __name__ == "__main__":
    main()
