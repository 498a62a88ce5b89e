"""Check 42 (run.sh): the 5-deep plain MLP of fresh set 6 at 20 seeds, rule 38 against rule 28 (both
trained here) and each against schedule-free AdamW's defaults. Reads result files only; chooses
nothing.

    python docs/results/auto-deep20/compare.py
"""

from __future__ import annotations

from pathlib import Path

from taso.bench._results import ResultStore
from taso.bench._stats import paired_difference

D = Path(__file__).resolve().parent
WL, SEEDS, LOW = "digits-mlp-5x64-b32-e20", range(20), 93.0


def test_acc(d: Path, algorithm: str) -> dict[int, float]:
    """``{seed: test accuracy}`` of ``algorithm`` on the workload in ``d``."""
    return {r["seed"]: r["result"]["test_accuracy"] for r in ResultStore(d).records()
            if r["workload"] == WL and r["algorithm"] == algorithm}  # fmt: skip


def main() -> int:
    r38, sf, r28 = test_acc(D, "taso-auto"), test_acc(D, "sf-adamw"), test_acc(D / "rule28", "taso-auto")
    stored17 = test_acc(D.parent / "auto-fresh6-deep10", "taso-auto")
    if any(set(x) != set(SEEDS) for x in (r38, sf, r28)):
        print(
            f"seeds: rule 38 {len(r38)}, sf-adamw {len(sf)}, rule 28 {len(r28)} of 20: run run.sh train first"
        )
        return 1
    same = sum(r28[s] == stored17[s] for s in stored17)
    print(f"rule 28 trained here equals the stored rule-17 run on {same} of {len(stored17)} seeds")
    d = paired_difference(r38, r28)
    print(f"rule 38 minus rule 28, 20 seeds: {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}] pt")
    for name, acc in (("rule 38", r38), ("rule 28", r28)):
        low = sorted(v for v in acc.values() if v < LOW)
        vs = paired_difference(acc, sf)
        print(f"{name}: mean {sum(acc.values()) / 20:.2f}%, {len(low)} of 20 below {LOW:g}% "
              f"({', '.join(f'{v:.2f}' for v in low)}); minus sf-adamw {vs.mean:+.2f} [{vs.low:+.2f}, {vs.high:+.2f}]")  # fmt: skip
    print(f"sf-adamw: mean {sum(sf.values()) / 20:.2f}%, lowest {min(sf.values()):.2f}%")
    print(
        "rule 38 minus rule 28 wholly below zero: " + ("yes (name it in the README)" if d.high < 0 else "no")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
