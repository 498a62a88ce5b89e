"""Rule 39's suite check decision (run.sh, committed before any of its runs): rule 39 against rule 38
of this machine, by round 29's rule.

Rejected if any of the four Holm tallies (against the authors'-grid best tuned method, the
equal-budget study's best family, tuned TASO, schedule-free AdamW's defaults; test accuracy, seeds
0-9, paired by seed) has fewer wins or more losses than rule 38's against the same references, or a
workload's paired interval of rule 39 minus rule 38 lies wholly below zero. Reads result files only.

    python docs/results/auto-v39/decide.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from taso.bench._results import ResultStore
from taso.bench._stats import paired_difference, verdicts

R = Path(__file__).resolve().parents[1]
SIDES = {"authors' grids": ("auto-v39", "auto-v38"), "equal-budget best family": ("auto39-vs-tuned2", "auto38-vs-tuned2"),
         "tuned TASO": ("auto39-vs-tuned-taso", "auto38-vs-tuned-taso")}  # fmt: skip


def test_acc(d: str) -> dict[str, dict[str, dict[int, float]]]:
    """``{algorithm: {workload: {seed: test accuracy}}}`` of store ``d``, the tuned finals as ``best tuned``."""
    out: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for r in ResultStore(R / d).records():
        name = "best tuned" if "tuning" in r else r["algorithm"]
        out[name][r["workload"]][r["seed"]] = r["result"]["test_accuracy"]
    return out


def tally(auto: dict[str, dict[int, float]], other: dict[str, dict[int, float]]) -> tuple[int, int, int]:
    v = verdicts({w: paired_difference(auto[w], other[w]) for w in sorted(auto)})
    return tuple(list(v.values()).count(x) for x in ("win", "tie", "loss"))  # type: ignore[return-value]


def main() -> int:
    worse = []
    for side, (d39, d38) in SIDES.items():
        new, old = test_acc(d39), test_acc(d38)
        r39, r38 = new["taso-auto"], old["taso-auto"]
        if len(r39) != 10 or any(len(v) != 10 for v in (*r39.values(), *r38.values())):
            print(f"{d39}: rule 39 on {len(r39)} of 10 workloads: run run.sh train and reports first")
            return 1
        comps = [(side, "best tuned")] + (
            [("schedule-free AdamW's defaults", "sf-adamw")] if side == "authors' grids" else []
        )
        for label, name in comps:
            t39, t38 = tally(r39, new[name]), tally(r38, old[name])
            print(f"{label:32s} rule 39 {'/'.join(map(str, t39))}   rule 38 {'/'.join(map(str, t38))}")
            if t39[0] < t38[0] or t39[2] > t38[2]:
                worse.append(label)
    r39, r38 = test_acc("auto-v39")["taso-auto"], test_acc("auto-v38")["taso-auto"]
    below = []
    for w in sorted(r39):
        d = paired_difference(r39[w], r38[w])
        same = sum(r39[w][s] == r38[w][s] for s in r39[w])
        print(
            f"rule 39 minus rule 38, {w:18s} {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}] ({same} of 10 equal)"
        )
        below += [w] if d.high < 0 else []
    print(f"tallies worse: {worse or 'none'}; intervals below zero: {below or 'none'}")
    print(
        "-> rule 39 becomes the registered taso-auto"
        if not worse and not below
        else "-> rejected, rule 38 stays"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
