"""Check 39's decision (run.sh, committed before any of its runs): rule 38 at 20 seeds, by round 29's rule.

Rule 38 stays the registered ``taso-auto`` if and only if none of its four Holm tallies over the ten
offline workloads at seeds 0-19 (against the authors'-grid best tuned method, the equal-budget
study's best family, tuned TASO, schedule-free AdamW's defaults; test accuracy, paired by seed) has
fewer wins or more losses than rule 28's of this processor against the same references, and no
workload's paired interval of rule 38 minus rule 28 lies wholly below zero.

Rule 28 of this processor (AMD EPYC family 25 model 17): seeds 0-9 ``auto-v28-rerun``; seeds 10-19 of
the six workloads without tables check 36's runs (``auto20-vs-tuned2``, the same processor) when
``auto20-v28-verify``'s retrained runs equal them bit for bit, else ``auto20-v28-verify``'s own; on
the text models rule 38's runs (a model with tables runs bit for bit as rule 28). Check 36's stored
rule 28 tallies are printed too. Reads result files only.

    python docs/results/auto20-v38/decide.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from taso.bench._results import ResultStore
from taso.bench._stats import paired_difference, verdicts

R = Path(__file__).resolve().parents[1]
SIDES = {"authors' grids": "tuned-paper", "equal-budget best family": "tuned2", "tuned TASO": "tuned-taso"}
SIX = ("digits-mlp", "fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet", "mnist1d-cnn", "mnist1d-mlp")
Acc = dict[str, dict[int, float]]


def test_acc(recs: list[dict]) -> dict[str, Acc]:
    """``{algorithm: {workload: {seed: test accuracy}}}``, the tuned finals as ``best tuned``."""
    out: dict[str, Acc] = defaultdict(lambda: defaultdict(dict))
    for r in recs:
        name = "best tuned" if "tuning" in r else r["algorithm"]
        out[name][r["workload"]][r["seed"]] = r["result"]["test_accuracy"]
    return out


def tally(auto: Acc, other: Acc) -> tuple[int, int, int]:
    v = verdicts({w: paired_difference(auto[w], other[w]) for w in sorted(auto)})
    return tuple(list(v.values()).count(x) for x in ("win", "tie", "loss"))  # type: ignore[return-value]


def rule28_here(r38: Acc) -> Acc | None:
    """Rule 28 of this processor at seeds 0-19, or None while verify28's runs are missing."""
    rerun = test_acc(ResultStore(R / "auto-v28-rerun").records())["taso-auto"]
    check36 = test_acc(ResultStore(R / "auto20-vs-tuned2").records())["taso-auto"]
    verify = test_acc(ResultStore(R / "auto20-v28-verify").records()).get("taso-auto", {})
    checked = [(w, s) for w in verify for s in verify[w]]
    if len(checked) < 60:
        print(f"verify28 has {len(checked)} of 60 runs: run `bash docs/results/auto20-v38/run.sh verify28`")
        return None
    # seeds 0-9 against auto-v28-rerun (this session's processor), 10-19 against check 36's runs
    same = sum(verify[w][s] == (rerun if s < 10 else check36)[w][s] for w, s in checked)
    print(f"rule 28 retrained here equals the stored run (test accuracy) on {same} of {len(checked)}")
    if same == len(checked):
        late = {w: {s: check36[w][s] for s in range(10, 20)} for w in SIX}
    elif all(len(verify.get(w, {})) == 20 for w in SIX):
        late = {w: {s: verify[w][s] for s in range(10, 20)} for w in SIX}
    else:
        print("they differ: run `bash docs/results/auto20-v38/run.sh rerun28`")
        return None
    return {w: ({**rerun[w], **late[w]} if w in SIX else dict(r38[w])) for w in r38}


def main() -> int:
    worse, rows = [], {}
    r38 = test_acc(ResultStore(R / "auto20-v38").records())["taso-auto"]
    assert len(r38) == 10 and all(len(v) == 20 for v in r38.values()), "run run.sh train and reports first"
    r28 = rule28_here(r38)
    if r28 is None:
        return 1
    for side, d in SIDES.items():
        new = test_acc(ResultStore(R / f"auto20-v38-vs-{d}").records())
        stored = test_acc(ResultStore(R / f"auto20-vs-{d}").records())
        assert new["taso-auto"] == r38, f"run run.sh reports first ({d})"
        comps = [(side, "best tuned")] + (
            [("schedule-free AdamW's defaults", "sf-adamw")] if side == "authors' grids" else []
        )
        for label, name in comps:
            t38, t28 = tally(r38, new[name]), tally(r28, new[name])
            rows[label] = (t38, t28, tally(stored["taso-auto"], stored[name]))
            if t38[0] < t28[0] or t38[2] > t28[2]:
                worse.append(label)
    for label, (t38, t28, t36) in rows.items():
        print(
            f"{label:32s} rule 38 {'/'.join(map(str, t38))}   rule 28 here {'/'.join(map(str, t28))}"
            f"   (check 36's rule 28 {'/'.join(map(str, t36))})"
        )
    below = []
    for w in sorted(r38):
        d = paired_difference(r38[w], r28[w])
        same = sum(r38[w][s] == r28[w][s] for s in r38[w])
        print(
            f"rule 38 minus rule 28 here, {w:18s} {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}] ({same} of 20 equal)"
        )
        below += [w] if d.high < 0 else []
    print(f"tallies worse: {worse or 'none'}; intervals below zero: {below or 'none'}")
    print(
        "-> rule 38 stays the registered taso-auto"
        if not worse and not below
        else "-> rule 28 is registered again"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
