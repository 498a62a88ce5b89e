"""Rule 38's suite check decision (run.sh, amended before its results were read): rule 38 against
rule 28 trained on this machine, by round 29's rule.

Rejected if any of the four Holm tallies (against the authors'-grid best tuned method, the
equal-budget study's best family, tuned TASO, schedule-free AdamW's defaults; test accuracy, seeds
0-9, paired by seed) has fewer wins or more losses than rule 28's against the same stored references,
or a workload's paired interval of rule 38 minus rule 28 lies wholly below zero. Rule 28 of this
machine: ``auto-v28-rerun`` (the six workloads without tables and Rotten Tomatoes fastText); on the
other three text models rule 38's own runs (a model with tables runs bit for bit as rule 28). The
tallies against the stored rule 28 (another machine) are printed as well. Reads result files only.

    python docs/results/auto-v38/decide.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from taso.bench._results import ResultStore
from taso.bench._stats import paired_difference, verdicts

R = Path(__file__).resolve().parents[1]
SIDES = {"authors' grids": ("auto-v38", "auto-v28"), "equal-budget best family": ("auto38-vs-tuned2", "auto28-vs-tuned2"),
         "tuned TASO": ("auto38-vs-tuned-taso", "auto28-vs-tuned-taso")}  # fmt: skip
RERUN = "auto-v28-rerun"


def test_acc(recs: list[dict]) -> dict[str, dict[str, dict[int, float]]]:
    """``{algorithm: {workload: {seed: test accuracy}}}``, the tuned finals as ``best tuned``."""
    out: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for r in recs:
        name = "best tuned" if "tuning" in r else r["algorithm"]
        out[name][r["workload"]][r["seed"]] = r["result"]["test_accuracy"]
    return out


def tally(auto: dict[str, dict[int, float]], other: dict[str, dict[int, float]]) -> tuple[int, int, int]:
    v = verdicts({w: paired_difference(auto[w], other[w]) for w in sorted(auto)})
    return tuple(list(v.values()).count(x) for x in ("win", "tie", "loss"))  # type: ignore[return-value]


def main() -> int:
    here = test_acc(ResultStore(R / RERUN).records())["taso-auto"]
    worse, tallies = [], {}
    for side, (d38, d28) in SIDES.items():
        new = test_acc(ResultStore(R / d38).records())
        stored = test_acc(ResultStore(R / d28).records())
        r38 = new["taso-auto"]
        r28 = {w: here.get(w, r38[w]) for w in r38}  # rule 28 of this machine
        assert len(r38) == len(r28) == 10 and all(len(v) == 10 for v in (*r38.values(), *r28.values()))
        comps = [(side, "best tuned")] + (
            [("schedule-free AdamW's defaults", "sf-adamw")] if side == "authors' grids" else []
        )
        for label, name in comps:
            t38, t28 = tally(r38, new[name]), tally(r28, new[name])
            t28_stored = tally(stored["taso-auto"], stored[name])
            tallies[label] = (t38, t28)
            print(
                f"{label:32s} rule 38 {'/'.join(map(str, t38))}   rule 28 here {'/'.join(map(str, t28))}"
                f"   (stored rule 28 {'/'.join(map(str, t28_stored))})"
            )
            if t38[0] < t28[0] or t38[2] > t28[2]:
                worse.append(label)
    below = []
    for w in sorted(r38):
        d = paired_difference(r38[w], r28[w])
        same = sum(r38[w][s] == r28[w][s] for s in r38[w])
        print(
            f"rule 38 minus rule 28 here, {w:18s} {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}] ({same} of 10 equal)"
        )
        below += [w] if d.high < 0 else []
    print(f"tallies worse: {worse or 'none'}; intervals below zero: {below or 'none'}")
    print(
        "-> rule 38 becomes the registered taso-auto"
        if not worse and not below
        else "-> rejected, rule 28 stays"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
