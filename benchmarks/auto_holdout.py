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
Round 3 (rule 4 = rule 2 + the cliff guard of the TASO phase; eight held-out workloads, two new
CNNs, 4 seeds): the same four candidates, now with the guard, chosen by a risk-aware criterion fixed
before the round was run: the smallest *largest shortfall* (on any held-out workload and seed,
against the best candidate there: minimax regret), ties by mean validation accuracy. The printout
also says how many runs the guard restarted and whether the guard changed any run of round 2.

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
SEEDS = (100, 101, 102, 103)


def main() -> int:
    torch.set_num_threads(1)
    store = ResultStore(OUT)
    done = store.keys()
    env = {**environment(), "threads": 1}
    holdout = [w for w in WORKLOADS.values() if w.holdout]
    # round 3 ran taso-auto revision 4 (rule 2 + the guard); every candidate sets both divisors, so
    # the later default (revision 5 = this round's choice) changes nothing but the run keys
    base = dataclasses.replace(get_algorithm("taso-auto"), revision=4)
    for wl in holdout:
        data = None
        for c in CANDIDATES:
            algo = _candidate(base, c)
            for seed in SEEDS:
                key = run_key(wl.config(), algo.config(wl.modality), seed)
                if key not in done:
                    data = prepare(wl) if data is None else data
                    res = train(wl, algo, seed, data=data)
                    store.append(make_record(key, "auto-holdout", wl.config(), algo.config(wl.modality),
                                             res.to_dict(), env))  # fmt: skip
                    print(f"{wl.name:20s} {algo.name:24s} seed {seed}: final val acc "
                          f"{res.epochs[-1].val_accuracy:6.2f}", flush=True)  # fmt: skip
    recs = {r["key"]: r for r in store.records()}
    val: dict[tuple[float, float], dict[tuple[str, int], float]] = {c: {} for c in CANDIDATES}
    restarts = dict.fromkeys(CANDIDATES, 0)
    for wl in holdout:
        for c in CANDIDATES:
            algo = _candidate(base, c)
            for seed in SEEDS:
                result = recs[run_key(wl.config(), algo.config(wl.modality), seed)]["result"]
                val[c][(wl.name, seed)] = result["epochs"][-1]["val_accuracy"]
                restarts[c] += bool((result.get("details") or {}).get("guard", {}).get("restarts"))
        print(f"{wl.name:20s} " + "  ".join(
            f"{c[0]:g}/{c[1]:g}: {statistics.mean(val[c][(wl.name, s)] for s in SEEDS):6.2f}" for c in CANDIDATES),
            flush=True)  # fmt: skip
    cells = list(val[CANDIDATES[0]])
    top = {cell: max(val[c][cell] for c in CANDIDATES) for cell in cells}
    worst = {c: max(cells, key=lambda cell, c=c: top[cell] - val[c][cell]) for c in CANDIDATES}
    regret = {c: top[worst[c]] - val[c][worst[c]] for c in CANDIDATES}
    means = {c: statistics.mean(val[c].values()) for c in CANDIDATES}
    for c in CANDIDATES:
        changed, same = _against_round2(base, c, holdout, recs)
        print(f"divisor {c[0]:g} / divergence {c[1]:g}: mean final val acc {means[c]:.2f}, largest shortfall "
              f"{regret[c]:.2f} ({worst[c][0]} seed {worst[c][1]}), guard restarted {restarts[c]} of {len(cells)} "
              f"runs; against round 2 (no guard): {same} runs identical, {changed} changed")  # fmt: skip
    best = min(CANDIDATES, key=lambda c: (regret[c], -means[c]))
    print(f"-> choose divisor {best[0]:g}, divergence_divisor {best[1]:g} (minimax regret, ties by mean)")
    return 0


def _against_round2(
    base: Algorithm, c: tuple[float, float], holdout: list, recs: dict[str, dict]
) -> tuple[int, int]:
    """(changed, identical) runs of this candidate against round 2's (revision 2: no guard)."""
    old, new = _candidate(dataclasses.replace(base, revision=2), c), _candidate(base, c)
    changed = same = 0
    for wl in holdout:
        for seed in SEEDS:
            a = recs.get(run_key(wl.config(), old.config(wl.modality), seed))
            b = recs.get(run_key(wl.config(), new.config(wl.modality), seed))
            if a and b:
                strip = [
                    [{k: v for k, v in e.items() if k != "wall_time"} for e in r["result"]["epochs"]]
                    for r in (a, b)
                ]
                same += strip[0] == strip[1]
                changed += strip[0] != strip[1]
    return changed, same


def _candidate(base: Algorithm, c: tuple[float, float]) -> Algorithm:
    d, dd = c
    name = f"taso-auto-div{d:g}-ddiv{dd:g}"
    return dataclasses.replace(
        base, name=name, hparams={"find_kwargs": {"divisor": d, "divergence_divisor": dd}}
    )


if __name__ == "__main__":
    sys.exit(main())
