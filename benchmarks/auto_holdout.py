"""Choose AutoTASO's range-test divisor on held-out workloads, by validation accuracy only.

The candidates are the two readings of the range test in the literature and in the prototype
(REFERENCE.md sections 6-7): ``LR_I`` = rate at the smoothed-loss minimum / 10 and / 3. Each runs
on the four ``holdout`` workloads (in no suite) with 2 seeds; the divisor with the higher mean
final *validation* accuracy (averaged over the workloads) becomes AutoTASO's default. Test
accuracy is recorded but not read. Results go to ``docs/results/auto-holdout/runs.jsonl`` and are
reused when rerun.

Run: ``python benchmarks/auto_holdout.py`` (1 torch thread; a few minutes on 2 cores).
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
from pathlib import Path

import torch

from taso.bench._algorithms import get_algorithm
from taso.bench._results import ResultStore, environment, make_record, run_key
from taso.bench._runner import train
from taso.bench._workloads import WORKLOADS, prepare

OUT = Path(__file__).resolve().parents[1] / "docs" / "results" / "auto-holdout"
DIVISORS = (3.0, 10.0)
SEEDS = (100, 101)


def main() -> int:
    torch.set_num_threads(1)
    store = ResultStore(OUT)
    done = store.keys()
    env = {**environment(), "threads": 1}
    holdout = [w for w in WORKLOADS.values() if w.holdout]
    val: dict[float, list[float]] = {d: [] for d in DIVISORS}
    base = get_algorithm("taso-auto")
    for wl in holdout:
        data = prepare(wl)
        for d in DIVISORS:
            algo = dataclasses.replace(
                base, name=f"taso-auto-div{d:g}", hparams={"find_kwargs": {"divisor": d}}
            )
            for seed in SEEDS:
                key = run_key(wl.config(), algo.config(wl.modality), seed)
                if key not in done:
                    res = train(wl, algo, seed, data=data)
                    store.append(make_record(key, "auto-holdout", wl.config(), algo.config(wl.modality),
                                             res.to_dict(), env))  # fmt: skip
        recs = {r["key"]: r for r in store.records()}
        for d in DIVISORS:
            algo = dataclasses.replace(
                base, name=f"taso-auto-div{d:g}", hparams={"find_kwargs": {"divisor": d}}
            )
            vals = [recs[run_key(wl.config(), algo.config(wl.modality), s)]["result"]["epochs"][-1]["val_accuracy"]
                    for s in SEEDS]  # fmt: skip
            val[d].append(statistics.mean(vals))
            print(f"{wl.name:18s} divisor {d:4g}: final val acc {statistics.mean(vals):6.2f}  (seeds {vals})")
    means = {d: statistics.mean(v) for d, v in val.items()}
    best = max(DIVISORS, key=lambda d: (means[d], d))
    print("mean final val acc over held-out workloads: "
          + ", ".join(f"divisor {d:g}: {m:.2f}" for d, m in means.items()) + f" -> choose {best:g}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
