"""Check 41 (run.sh): rule 38 against rule 28 of this processor on the fresh sets' 34 models without
embedding tables, seeds 0-4, and each rule's Holm tally over the 34 against schedule-free AdamW's and
TASO's defaults. Reads result files only; chooses nothing.

    python docs/results/auto-fresh-v38/compare.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from taso.bench._results import ResultStore
from taso.bench._stats import paired_difference, verdicts

D = Path(__file__).resolve().parent
STORED = ("auto-fresh15", "auto-fresh6")  # rule 15 (= rule 17 = rule 28 without tables), the defaults
Acc = dict[str, dict[int, float]]


def test_acc(*dirs: Path) -> dict[str, Acc]:
    """``{algorithm: {workload: {seed: test accuracy}}}`` of ``dirs``."""
    out: dict[str, Acc] = defaultdict(lambda: defaultdict(dict))
    for d in dirs:
        for r in ResultStore(d).records():
            out[r["algorithm"]][r["workload"]][r["seed"]] = r["result"]["test_accuracy"]
    return out


def tally(auto: Acc, other: Acc) -> str:
    v = verdicts({w: paired_difference(auto[w], other[w]) for w in sorted(auto)})
    return "/".join(str(list(v.values()).count(x)) for x in ("win", "tie", "loss"))


def main() -> int:
    r38 = test_acc(D)["taso-auto"]
    stored = test_acc(*(D.parent / d for d in STORED))
    verify = test_acc(D / "verify28").get("taso-auto", {})
    if len(r38) != 34 or any(len(v) != 5 for v in r38.values()) or len(verify) < 14:
        print(f"rule 38: {len(r38)} of 34 workloads; verify28: {len(verify)} of 14: run run.sh first")
        return 1
    checked = [(w, s) for w in verify for s in verify[w] if w in stored["taso-auto"]]
    same = sum(verify[w][s] == stored["taso-auto"][w][s] for w, s in checked)
    print(f"rule 28 retrained here equals the stored run (test accuracy) on {same} of {len(checked)}")
    if same == len(checked):
        r28 = {w: stored["taso-auto"][w] for w in r38}
    elif len(verify) == 34:
        r28 = {w: verify[w] for w in r38}
    else:
        print("they differ: run `bash docs/results/auto-fresh-v38/run.sh rerun28`")
        return 1
    pooled = paired_difference(
        {i: r38[w][s] for i, (w, s) in enumerate((w, s) for w in sorted(r38) for s in range(5))},
        {i: r28[w][s] for i, (w, s) in enumerate((w, s) for w in sorted(r38) for s in range(5))},
    )
    print(
        f"rule 38 minus rule 28, {5 * len(r38)} pairs: {pooled.mean:+.2f} [{pooled.low:+.2f}, {pooled.high:+.2f}]"
    )
    print(f"means: rule 38 {np.mean([v for w in r38 for v in r38[w].values()]):.2f}, "
          f"rule 28 {np.mean([v for w in r28 for v in r28[w].values()]):.2f}")  # fmt: skip
    for name in ("sf-adamw", "taso"):
        other = {w: stored[name][w] for w in r38}
        print(
            f"Holm over the 34 against {name}'s defaults: rule 38 {tally(r38, other)}, rule 28 {tally(r28, other)}"
        )
    below = []
    for w in sorted(r38):
        d = paired_difference(r38[w], r28[w])
        same_w = sum(r38[w][s] == r28[w][s] for s in range(5))
        flag = "  BELOW ZERO" if d.high < 0 else ""
        print(f"  {w:34s} {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}] ({same_w} of 5 equal){flag}")
        below += [w] if d.high < 0 else []
    print(f"workloads below zero: {below or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
