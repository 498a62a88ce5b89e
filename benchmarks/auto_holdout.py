"""Choose AutoTASO's range-test divisors on held-out workloads, by validation accuracy only.

``LR_I`` = rate at the smoothed-loss minimum / ``divisor``, never above the divergence rate /
``divergence_divisor`` (``taso.find_lr``). The candidates come from the readings of the range test
in the literature and in the prototype (REFERENCE.md sections 6-7): ``divisor`` 10 (the common
"minimum / 10"), 3 (the prototype) or 1 (the minimum itself); ``divergence_divisor`` 30 (a factor 3
below where the minimum would sit) or 10 (the blow-up point is past the largest stable rate, and
the literature divides the largest stable rate by 3-4). Each candidate runs on the ``holdout``
workloads (in no suite) with 2 seeds; the one with the highest mean final *validation* accuracy
(averaged over the workloads) becomes AutoTASO's default. Test accuracy is recorded but not read.
Results go to ``docs/results/auto-holdout/runs.jsonl`` and are reused when rerun.

Round 1 (rule 1, four held-out workloads): divisor 3 vs 10 at divergence_divisor 30 -> 3.
Round 2 (rule 2, six held-out workloads): divisor 1 or 3 x divergence_divisor 10 or 30 -> mean
final validation accuracy 83.28 (3, 30: rule 2), 83.57 (3, 10), 83.81 (1, 30), 79.78 (1, 10: one
MNIST-1D CNN seed fell off SGD's cliff) -> divisor 1, divergence_divisor 30 (rule 3). The margin
(0.5 pt) is within the noise of 2 seeds; the rule was fixed before the suite's workloads were run.
Measured on the suite at 10 seeds (docs/results/auto-v3), divisor 1 put SGD past its cliff on the
MNIST-1D CNN (3 of 10 seeds below 30% test and validation accuracy), so AutoTASO's default stayed
at divisor 3 (rule 2): a decision taken on the suite's results, stated as such in the README.
A next round should use a risk-aware criterion (the worst held-out seed, not the mean) and more
seeds and held-out CNNs.

Run: ``python benchmarks/auto_holdout.py`` (1 torch thread; a few minutes on 2 cores).
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
from pathlib import Path

import torch

from taso.bench._algorithms import Algorithm, get_algorithm
from taso.bench._results import ResultStore, environment, make_record, run_key
from taso.bench._runner import train
from taso.bench._workloads import WORKLOADS, prepare

OUT = Path(__file__).resolve().parents[1] / "docs" / "results" / "auto-holdout"
#: (divisor, divergence_divisor) candidates of this round
CANDIDATES = ((3.0, 30.0), (3.0, 10.0), (1.0, 30.0), (1.0, 10.0))
SEEDS = (100, 101)


def main() -> int:
    torch.set_num_threads(1)
    store = ResultStore(OUT)
    done = store.keys()
    env = {**environment(), "threads": 1}
    holdout = [w for w in WORKLOADS.values() if w.holdout]
    val: dict[tuple[float, float], list[float]] = {c: [] for c in CANDIDATES}
    base = get_algorithm("taso-auto")
    for wl in holdout:
        data = prepare(wl)
        for c in CANDIDATES:
            algo = _candidate(base, c)
            for seed in SEEDS:
                key = run_key(wl.config(), algo.config(wl.modality), seed)
                if key not in done:
                    res = train(wl, algo, seed, data=data)
                    store.append(make_record(key, "auto-holdout", wl.config(), algo.config(wl.modality),
                                             res.to_dict(), env))  # fmt: skip
        recs = {r["key"]: r for r in store.records()}
        for c in CANDIDATES:
            algo = _candidate(base, c)
            vals = [recs[run_key(wl.config(), algo.config(wl.modality), s)]["result"]["epochs"][-1]["val_accuracy"]
                    for s in SEEDS]  # fmt: skip
            val[c].append(statistics.mean(vals))
            print(f"{wl.name:18s} {algo.name:24s}: final val acc {statistics.mean(vals):6.2f}  (seeds {vals})",
                  flush=True)  # fmt: skip
    means = {c: statistics.mean(v) for c, v in val.items()}
    best = max(CANDIDATES, key=lambda c: (means[c], c))  # a tie goes to the more cautious larger divisors
    print("mean final val acc over held-out workloads: "
          + ", ".join(f"divisor {c[0]:g} / divergence {c[1]:g}: {m:.2f}" for c, m in means.items())
          + f" -> choose divisor {best[0]:g}, divergence_divisor {best[1]:g}")  # fmt: skip
    return 0


def _candidate(base: Algorithm, c: tuple[float, float]) -> Algorithm:
    d, dd = c
    name = f"taso-auto-div{d:g}-ddiv{dd:g}"
    return dataclasses.replace(
        base, name=name, hparams={"find_kwargs": {"divisor": d, "divergence_divisor": dd}}
    )


if __name__ == "__main__":
    sys.exit(main())
