"""Check 43 (a diagnostic: it chooses nothing; written and committed before any of its runs): how much
of AutoTASO's weak point on deep plain MLPs is the stability probe's doing?

Why: check 42 left 5 of 20 seeds of fresh set 6's 5-deep digits MLP below 93% under rule 38, and
retraining four of its low seeds without the probe (``probe=False``, rule 5's setting) ended three of
them higher (97.22, 94.72, 97.50 against 92.78, 91.67, 92.22%) and one lower (94.44 against 97.78%):
four seeds, too few to read. Held-out round 39 found the probe's divisor 10 ahead on deep plain
networks, and its suite check found it behind on the suite's MLPs; whether turning the probe off
on deep plain networks would help is the question a future rule would have to answer with a
principle, so here it is only measured.

What: rule 38 (the registered ``taso-auto``) against rule 38 with ``probe=False`` on three deep plain
MLPs, 20 seeds each, paired: fresh set 6's 5-deep digits MLP (seeds 0-19; rule 38's runs are check
42's, ``../auto-deep20``) and held-out round 39's 6-deep digits MLP and 5-deep MNIST-1D MLP (seeds
100-119; rule 38's runs are that round's, ``../auto-holdout39``). Only the no-probe runs are trained
(into this directory); every rule-38 run is read from its store. Reported whatever it shows: per
workload the paired interval of test accuracy (no probe minus rule 38), each side's mean and seeds
below 93% (digits) or the workload's rule-38 median minus 5 points, guard restarts.

    python docs/results/auto-deep-noprobe/check.py train     # about 5 minutes on one core (resumes)
    python docs/results/auto-deep-noprobe/check.py           # the comparison, from the result files
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
from taso.bench._stats import paired_difference
from taso.bench._workloads import get_workload, prepare

D = Path(__file__).resolve().parent
#: workload -> (seeds, the store holding rule 38's runs)
CASES = {
    "digits-mlp-5x64-b32-e20": (range(20), D.parent / "auto-deep20"),
    "digits-mlp-6x48-b32-e15": (range(100, 120), D.parent / "auto-holdout39"),
    "mnist1d-mlp-5x128-b32-e8": (range(100, 120), D.parent / "auto-holdout39"),
}


def rule38() -> Algorithm:
    algo = get_algorithm("taso-auto")
    if algo.revision != 38:
        raise SystemExit("run this where the registered taso-auto is rule 38")
    return algo


def no_probe() -> Algorithm:
    base = rule38()
    return dataclasses.replace(base, name="taso-auto-noprobe", hparams={**base.hparams, "probe": False})


def records(store: Path, workload: str, algo: Algorithm) -> dict[int, dict]:
    """``{seed: result}`` of ``algo``'s runs of ``workload`` in ``store`` (matched by run key)."""
    wl = get_workload(workload)
    by_key = {r["key"]: r["result"] for r in ResultStore(store).records()}
    seeds = CASES[workload][0]
    keys = {s: run_key(wl.config(), algo.config(wl.modality), s) for s in seeds}
    return {s: by_key[k] for s, k in keys.items() if k in by_key}


def train_missing() -> int:
    torch.set_num_threads(1)
    algo, store = no_probe(), ResultStore(D)
    have = store.keys()
    for name, (seeds, _) in CASES.items():
        wl = get_workload(name)
        data = prepare(wl, None)
        for seed in seeds:
            key = run_key(wl.config(), algo.config(wl.modality), seed)
            if key in have:
                continue
            res = train(wl, algo, seed, data=data)
            store.append(make_record(key, "auto-deep-noprobe", wl.config(), algo.config(wl.modality),
                                     res.to_dict(), environment()))  # fmt: skip
            print(f"{name} seed {seed}: {res.test_accuracy:.2f}", flush=True)
    return 0


def compare() -> int:
    base, cand = rule38(), no_probe()
    for name, (seeds, stored) in CASES.items():
        a, b = records(stored, name, base), records(D, name, cand)
        if set(a) != set(seeds) or set(b) != set(seeds):
            print(
                f"{name}: rule 38 {len(a)}, no probe {len(b)} of {len(seeds)} runs: run `check.py train` first"
            )
            return 1
        acc = {
            c: {s: r["test_accuracy"] for s, r in rs.items()} for c, rs in (("rule 38", a), ("no probe", b))
        }
        low = 93.0 if name.startswith("digits") else statistics.median(acc["rule 38"].values()) - 5.0
        d = paired_difference(acc["no probe"], acc["rule 38"])
        print(
            f"{name}: no probe minus rule 38 {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}] pt over {d.n} seeds"
        )
        for c, rs in (("rule 38", a), ("no probe", b)):
            below = sorted(v for v in acc[c].values() if v < low)
            restarts = sum(len(r["details"]["guard"]["restarts"]) for r in rs.values())
            print(f"  {c:8s} mean {statistics.mean(acc[c].values()):.2f}%, {len(below)} of {len(seeds)} below "
                  f"{low:.2f}%, guard restarts {restarts}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(train_missing() if sys.argv[1:] == ["train"] else compare())
