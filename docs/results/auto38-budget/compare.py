"""Check 40 (run.sh): rule 38 against rule 28 at about half and at twice the suite's epochs, and each
rule's Holm tally over the six workloads without tables against the best tuned method (tuned v2)
run as tuned at the new length. Reads result files only; chooses nothing.

    python docs/results/auto38-budget/compare.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from taso.bench._results import ResultStore
from taso.bench._stats import paired_difference, verdicts

D = Path(__file__).resolve().parent
Acc = dict[str, dict[int, float]]


def test_acc(directory: Path) -> dict[str, Acc]:
    """``{"taso-auto" | "best tuned": {workload: {seed: test accuracy}}}``."""
    out: dict[str, Acc] = defaultdict(lambda: defaultdict(dict))
    for r in ResultStore(directory).records():
        out["best tuned" if "tuning" in r else r["algorithm"]][r["workload"]][r["seed"]] = r["result"][
            "test_accuracy"
        ]
    return out


def tally(auto: Acc, other: Acc) -> str:
    v = verdicts({w: paired_difference(auto[w], other[w]) for w in sorted(auto)})
    return "/".join(str(list(v.values()).count(x)) for x in ("win", "tie", "loss"))


def main() -> int:
    for length in ("half", "double"):
        new, old = test_acc(D / length), test_acc(D / f"{length}28")
        r38, r28, tuned = new["taso-auto"], old["taso-auto"], new["best tuned"]
        assert len(r38) == len(r28) == len(tuned) == 6, "run run.sh train and reports first"
        assert all(len(s) == 5 for s in (*r38.values(), *r28.values(), *tuned.values()))
        print(f"{length}: against the best tuned method run as tuned, Holm over the six: "
              f"rule 38 {tally(r38, tuned)}, rule 28 {tally(r28, tuned)}")  # fmt: skip
        for w in sorted(r38):
            d = paired_difference(r38[w], r28[w])
            t38, t28 = paired_difference(r38[w], tuned[w]), paired_difference(r28[w], tuned[w])
            print(f"  {w:22s} rule 38 - rule 28 {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}]"
                  f"{'  BELOW ZERO' if d.high < 0 else ''}   vs tuned: rule 38 {t38.mean:+.2f}, rule 28 {t28.mean:+.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
