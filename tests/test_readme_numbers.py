"""The README's verdict counts (and those of ``docs/autotaso.md``, where the README's AutoTASO
evidence lives), recomputed from the committed result files by code of its own.

Independent of ``taso.bench`` (no import from it): records are read with ``json``, differences are
paired by seed, p-values come from ``scipy.stats.ttest_rel``, Holm's correction and the choice of
the best competitor by mean final validation accuracy are written out here again. A README number
that drifts from the files, or a report that computes them differently, fails this test.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
# The README and the page its AutoTASO evidence moved to, read as one text: every number either
# quotes is checked against the result files.
README = "\n".join((ROOT / f).read_text(encoding="utf-8") for f in ("README.md", "docs/autotaso.md"))
RESULTS = ROOT / "docs" / "results"
BEST = "best"


@functools.cache
def _parsed(path: Path, mtime_ns: int) -> tuple[dict, ...]:
    """One result file's records, parsed once per session (the tests read the same files dozens of
    times; parsing them was most of this module's run time). Keyed by modification time, so a file
    rewritten during a session is read again. The records are shared: tests copy, never mutate."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@pytest.fixture(autouse=True, scope="module")
def _free_the_parsed_records() -> Iterator[None]:
    """The parsed records take about 3 GB: let them go when this module's tests are done."""
    yield
    _parsed.cache_clear()


def records_in(path: Path) -> list[dict]:
    """The records of one JSON-lines file (any name)."""
    return list(_parsed(path, path.stat().st_mtime_ns))


def records(*dirs: str) -> list[dict]:
    """The runs of the result directories ``dirs``, one per key (a later record of a key wins)."""
    by_key: dict[str, dict] = {}
    for d in dirs:
        for f in sorted((RESULTS / d).glob("runs*.jsonl")):
            for r in _parsed(f, f.stat().st_mtime_ns):
                by_key[r["key"]] = r
    return list(by_key.values())


def _accuracies(*dirs: str) -> dict[str, dict[str, dict[int, float]]]:
    """``{algorithm: {workload: {seed: test accuracy}}}`` of the result directories ``dirs``, a tuned
    final run filed as ``"best tuned"``."""
    out: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for r in records(*dirs):
        out["best tuned" if "tuning" in r else r["algorithm"]][r["workload"]][r["seed"]] = r["result"][
            "test_accuracy"
        ]
    return out


def verdicts(recs: list[dict], reference: str) -> dict[str, dict[str, str]]:
    """``{competitor: {workload: "win"|"tie"|"loss"}}``, Holm-corrected per competitor."""
    test: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    val: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in recs:
        test[r["workload"]][r["algorithm"]][r["seed"]] = r["result"]["test_accuracy"]
        val[r["workload"]][r["algorithm"]].append(r["result"]["epochs"][-1]["val_accuracy"])
    family: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)  # name -> workload -> (mean, p)
    for w, algos in test.items():
        if reference not in algos:
            continue
        others = sorted(a for a in algos if a != reference)
        best = max(others, key=lambda a: (math.fsum(val[w][a]) / len(val[w][a]), [-ord(c) for c in a]))
        for name, label in [(a, a) for a in others] + [(best, BEST)]:
            seeds = sorted(set(algos[reference]) & set(algos[name]))
            a = np.array([algos[reference][s] for s in seeds])
            b = np.array([algos[name][s] for s in seeds])
            d = a - b
            p = (1.0 if d.mean() == 0 else 0.0) if np.all(d == d[0]) else stats.ttest_rel(a, b).pvalue
            family[label][w] = (float(d.mean()), float(p))
    out: dict[str, dict[str, str]] = {}
    for name, fam in family.items():
        order = sorted(fam, key=lambda w: fam[w][1])
        k, running, verdict = len(order), 0.0, {}
        for rank, w in enumerate(order):
            mean, p = fam[w]
            running = max(running, min(1.0, (k - rank) * p))
            verdict[w] = ("win" if mean > 0 else "loss") if running < 0.05 else "tie"
        out[name] = verdict
    return out


def counts(recs: list[dict], reference: str) -> dict[str, tuple[int, int, int]]:
    return {
        name: (list(v.values()).count("win"), list(v.values()).count("tie"), list(v.values()).count("loss"))
        for name, v in verdicts(recs, reference).items()
    }


def readme_triple(pattern: str) -> tuple[int, int, int]:
    m = re.search(pattern + r"\s+(\d+) / (\d+) / (\d+)", README.replace("\n", " "))
    assert m is not None, f"README no longer says {pattern!r}"
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


@pytest.mark.parametrize(
    ("phrase", "dirs", "competitor"),
    [
        (r"4 losses against the best competitor chosen on validation; vs Adam", ("paper10",), "adam"),
        (r"vs Adam 4 / 2 / 4, vs RMSProp", ("paper10",), "rmsprop"),
        (r"vs RMSProp 4 / 3 / 3, vs Adagrad", ("paper10",), "adagrad"),
        (r"vs SGD at a constant rate", ("controls5",), "sgd-constant"),
        (r"vs SGD with cosine decay", ("controls5",), "sgd-cosine"),
        (r"vs SGD with tanh decay \(HTD\)", ("controls5",), "sgd-tanh"),
        (r"vs Adam with the TASO schedule", ("controls5",), "adam-taso"),
        (r"vs schedule-free AdamW", ("controls5",), "sf-adamw"),
        (r"Holm-corrected\), tuned: vs Adam", ("tuned-paper",), "adam"),
        (r"tuned: vs Adam 4 / 4 / 2, vs RMSProp", ("tuned-paper",), "rmsprop"),
        (r"vs RMSProp 3 / 5 / 2, vs Adagrad", ("tuned-paper",), "adagrad"),
        (r"tuned: .{0,80}vs the best competitor chosen on validation", ("tuned-paper",), BEST),
        (r"in all, TASO vs the best competitor chosen on validation", ("tuned",), BEST),  # tuned v2
    ],
)
def test_readme_verdict_counts_match_the_result_files(
    phrase: str, dirs: tuple[str, ...], competitor: str
) -> None:
    got = readme_triple(phrase)
    recs = records(*dirs)
    if dirs == ("tuned",):  # tuned v2 in progress: only workloads whose 7 families all have final runs
        n: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in recs:
            n[r["workload"]][r["algorithm"]] += 1
        done = {w for w, c in n.items() if len(c) == 7 and len(set(c.values())) == 1}
        recs = [r for r in recs if r["workload"] in done]
    if "controls5" in dirs:  # the controls comparisons are TASO against the controls only
        recs = [r for r in recs if r["algorithm"] not in ("adam", "rmsprop", "adagrad")]
    assert got == counts(recs, "taso")[competitor]


def test_readme_best_competitor_counts_match() -> None:
    text = README.replace("\n", " ")
    m = re.search(
        r"In all: (\d+) wins, (\d+) ties, (\d+) losses against the best competitor chosen on validation", text
    )
    assert m is not None and tuple(int(x) for x in m.groups()) == counts(records("paper10"), "taso")[BEST]
    m = re.search(r"At 3 seeds .{0,80}? the same differences gave (\d+) wins, (\d+) ties, (\d+) losses", text)
    assert m is not None and tuple(int(x) for x in m.groups()) == counts(records("paper"), "taso")[BEST]
    controls = [r for r in records("controls5") if r["algorithm"] not in ("adam", "rmsprop", "adagrad")]
    assert readme_triple(r"vs the best control chosen on validation") == counts(controls, "taso")[BEST]
    m = re.search(r"\| sgd-constant \| sgd-cosine \| sgd-tanh \|", text)
    assert m is not None  # the controls table is the report's (all eight columns)
    adam = [r for r in records("paper10", "controls5") if r["algorithm"] in ("adam", "adam-taso")]
    m = re.search(r"Adam\+TASO vs constant-rate Adam: (\d+) wins, (\d+) ties, (\d+) losses", text)
    assert m is not None and tuple(int(x) for x in m.groups()) == counts(adam, "adam-taso")["adam"]


FAMILY = {"cnn1d": "image CNNs", "lenet5": "image CNNs", "resnet": "image CNNs", "mlp": "MLPs",
          "fasttext": "text with embeddings", "textcnn": "text with embeddings"}  # fmt: skip


@pytest.mark.parametrize(
    ("scenario", "dirs", "reference"),
    [
        ("No tuning", ("paper10", "controls5"), "taso"),
        ("With a tuning budget", ("tuned",), "taso"),
        ("No learning rate to choose", ("auto-v28",), "taso-auto"),
    ],
)
def test_which_optimizer_counts_match_the_result_files(
    scenario: str, dirs: tuple[str, ...], reference: str
) -> None:
    recs = records(*dirs)
    if reference == "taso-auto":  # the tuned final runs beside it form one "best tuned" cell
        recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in recs]
    family = {r["workload"]: FAMILY[r["config"]["workload"]["model"]] for r in recs}
    per_workload = verdicts(recs, reference)[BEST]
    section = README.split("### Which optimizer should I use?")[1]
    section = section.split(scenario)[1]
    for name in sorted(set(family.values())):
        m = re.search(
            rf"- \*\*{re.escape(name)}\*\*: choice .*?; {re.escape(reference)} (\d+) / (\d+) / (\d+)\.",
            section,
        )
        assert m is not None, name
        tally = [
            list(v for w, v in per_workload.items() if family[w] == name).count(x)
            for x in ("win", "tie", "loss")
        ]
        assert tuple(int(x) for x in m.groups()) == tuple(tally), name


@pytest.mark.parametrize(
    ("phrase", "competitor"),
    [
        (r"against the best tuned method alone it has", "best tuned"),
        (r"the authors'-grid tuned method or a default\) AutoTASO has", BEST),
        (r"misses by one workload, above\); against schedule-free AdamW at its defaults", "sf-adamw"),
        (r"better on 8 of\s+10\); against TASO with the authors' defaults", "taso"),
    ],
)
def test_readme_autotaso_counts_match_the_result_files(phrase: str, competitor: str) -> None:
    # tuned final runs (records with "tuning") form one "best tuned" cell per workload
    recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records("auto-v17")]
    text = README.replace("\n", " ")
    if competitor in ("best tuned", BEST):
        m = re.search(phrase + r" (\d+) wins?, (\d+) ties?, (\d+) loss(?:es)?", text)
        assert m is not None
        got = tuple(int(x) for x in m.groups())
    else:
        got = readme_triple(phrase)
    assert got == counts(recs, "taso-auto")[competitor]


@pytest.mark.parametrize(
    ("phrase", "directory"),
    [
        (r"best tuned vs sf-adamw", "auto-v15"),  # the authors' grids
        (r"tuned v2 best vs sf-adamw", "auto15-vs-tuned2"),  # the equal-budget study
    ],
)
def test_the_best_tuned_method_itself_beats_sf_adamw_where_the_readme_says(
    phrase: str, directory: str
) -> None:
    """The README's ceiling on the sf-adamw target: the best tuned method as the reference."""
    recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(directory)]
    got = counts(recs, "best tuned")["sf-adamw"]
    assert readme_triple(phrase) == got
    assert got[0] < 8  # no tuned method reaches the issue's 8 of 10


@pytest.mark.parametrize(
    ("phrase", "directory", "competitor"),
    [
        (r"Against the best tuned method", "auto", "best tuned"),  # rule 1
        (r"Against the best tuned method 0 / 3 / 7, against sf-adamw", "auto", "sf-adamw"),
        (r"then run on the suite: against the best tuned method", "auto-v2", "best tuned"),  # rule 2
        (r"Rotten Tomatoes CNN 73.7\), against sf-adamw", "auto-v2", "sf-adamw"),
        (
            r"Its verdict counts look better \(against the best tuned method",
            "auto-v3",
            "best tuned",
        ),  # rule 3
        (r"On the suite: against the best tuned method", "auto-v5", "best tuned"),  # rule 5
        (r"On the suite: against the best tuned method\s+1 / 4 / 5, against sf-adamw", "auto-v5", "sf-adamw"),
        (r"against sf-adamw 4 / 6 / 0, against TASO's defaults", "auto-v5", "taso"),
        (r"AutoTASO \(rule 5\) has against it", "auto-vs-tuned2", "best tuned"),  # tuned v2, partial
        (r"AutoTASO \(rule 6\) has against it", "auto6-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 7\) has against it", "auto7-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 8\)\s+has against it", "auto8-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 9\)\s+has against it", "auto9-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 10\)\s+has against it", "auto10-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 11\)\s+has against it", "auto11-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 14\)\s+has against it", "auto14-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 15\)\s+has against it", "auto15-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 16\)\s+has against it", "auto16-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 17\)\s+has against it", "auto17-vs-tuned2", "best tuned"),  # tuned v2
        (r"AutoTASO \(rule 17\) against tuned TASO", "auto17-vs-tuned-taso", "best tuned"),  # tuned v2's TASO
        (r"\*\*Rule 38\*\*, the registered .{0,400}?tuned on the\s+authors' grids", "auto-v38", "best tuned"),
        (
            r"\*\*Rule 38\*\*, the registered .{0,700}?at an equal budget",
            "auto38-vs-tuned-taso",
            "best tuned",
        ),
        (
            r"\*\*Rule 38\*\*, the registered .{0,800}?best family of that study",
            "auto38-vs-tuned2",
            "best tuned",
        ),
        (r"\*\*Rule 38\*\*, the registered .{0,1000}?AdamW at its defaults", "auto-v38", "sf-adamw"),
        (
            r"\*\*Rule 28\*\* before it .{0,200}?against the best\s+method tuned on the authors' grids",
            "auto-v28",
            "best tuned",
        ),
        (r"\*\*Rule 28\*\* before it .{0,500}?at an equal budget", "auto28-vs-tuned-taso", "best tuned"),
        (r"\*\*Rule 28\*\* before it .{0,700}?of that equal-budget study", "auto28-vs-tuned2", "best tuned"),
        (r"\*\*Rule 28\*\* before it .{0,900}?schedule-free AdamW at its defaults", "auto-v28", "sf-adamw"),
        (r"machine that trained `auto-v17` had", "auto-v17", "best tuned"),
        (r"machine that trained `auto-v17` had 3 / 7 / 0 and", "auto-v17", "sf-adamw"),
        (r"Against the best tuned method alone AutoTASO has", "auto-v28", "best tuned"),  # rule 28
        (r"the competitor with\s+the best validation accuracy", "auto-v28", BEST),
        (
            r"best validation accuracy 2 / 7 / 1, against schedule-free AdamW at its defaults",
            "auto-v28",
            "sf-adamw",
        ),
        (
            r"6 / 4 / 0\s+\(the goal was 8 of 10\), against TASO with the authors' defaults",
            "auto-v28",
            "taso",
        ),
        (r"auto28-vs-tuned-taso/report.md\)\)", "auto28-vs-tuned-taso", "best tuned"),
        (
            r"equal-budget study\s+\(\[`docs/results/auto28-vs-tuned2/`\]"
            r"\((?:docs/)?results/auto28-vs-tuned2/report.md\)\)",
            "auto28-vs-tuned2",
            "best tuned",
        ),
        (r"so every tally is the same:", "auto-v17-rerun", "best tuned"),
        (r"3 / 6 / 1\s+against the best tuned method,", "auto-v17-rerun", "sf-adamw"),
        (r"6 / 4 / 0 against schedule-free AdamW,", "auto17rerun-vs-tuned2", "best tuned"),
        (r"against the best tuned method 3 / 6 / 1 \(rule 15:", "auto-v15", "best tuned"),
        (r"are rule 9's: against the best competitor by validation", "auto-v10", BEST),  # rule 10
        (r"are rule 9's: .{0,60}?against the best tuned method", "auto-v10", "best tuned"),
        (r"are rule 9's: .{0,120}?against sf-adamw", "auto-v10", "sf-adamw"),
        (r"are rule 9's: .{0,160}?against TASO's defaults", "auto-v10", "taso"),
        (
            r"Rotten Tomatoes CNN \+0.69 —\s+against the best competitor by validation",
            "auto-v12",
            BEST,
        ),  # rule 12
        (r"Rotten Tomatoes CNN \+0.69 — .{0,80}?against the best tuned method", "auto-v12", "best tuned"),
        (r"Rotten Tomatoes CNN \+0.69 — .{0,130}?against sf-adamw", "auto-v12", "sf-adamw"),
        (r"Rotten Tomatoes CNN \+0.69 — .{0,170}?against TASO's defaults", "auto-v12", "taso"),
        (r"auto-fresh3-rule12/report.md\)\) it had against\s+sf-adamw", "auto-fresh3-rule12", "sf-adamw"),
        (
            r"auto-fresh3-rule12/report.md\)\) it had against\s+sf-adamw \d / \d / \d and against TASO's defaults",
            "auto-fresh3-rule12",
            "taso",
        ),
        (
            r"competitor by validation 1 / 9 / 0, against the best tuned method",
            "auto-v8",
            "best tuned",
        ),  # rule 8
        (
            r"and cuts the discarded share from 5.3% to 4.1% of the run; against the best tuned method",
            "auto-v7",
            "best tuned",
        ),  # rule 7
        (
            r"its verdict counts against the\s+best tuned method move from 1 / 4 / 5 to",
            "auto-v6",
            "best tuned",
        ),  # rule 6
    ],
)
def test_readme_counts_of_earlier_autotaso_rules_match_their_files(
    phrase: str, directory: str, competitor: str
) -> None:
    recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(directory)]
    assert readme_triple(phrase) == counts(recs, "taso-auto")[competitor]


def test_rule_11_changed_the_suite_runs_the_readme_says() -> None:
    """Rule 11 differs from rule 10 only where a range test would have settled at a noise dip or a
    marginal rise: the README states how many suite runs stayed bit-identical."""

    def runs(d: str) -> dict[tuple[str, int], tuple]:
        return {(r["workload"], r["seed"]): (r["result"]["test_accuracy"], r["result"]["final_train_loss"])
                for r in records(d) if r["algorithm"] == "taso-auto"}  # fmt: skip

    v10, v11 = runs("auto-v10"), runs("auto-v11")
    assert len(v11) == 100
    same = sum(v10[k] == v11[k] for k in v11)
    text = re.sub(r"\s+", " ", README)
    m = re.search(r"(\d+) of its 100 suite runs are bit-identical to rule 10's", text)
    assert m is not None and int(m.group(1)) == same
    changed: dict[str, int] = defaultdict(int)
    for k in v11:
        changed[k[0]] += v10[k] != v11[k]
    changed = {w: n for w, n in changed.items() if n}
    # "the other 15 are on the BatchNorm LeNet-5 and the four text models (7, 2, 1, 1 and 4 runs"
    assert set(changed) == {"fashion-lenet5-bn", "imdb-cnn", "imdb-fasttext", "rt-cnn", "rt-fasttext"}
    listed = ", ".join(str(changed[w]) for w in sorted(changed))
    assert f"the other {100 - same} are on the BatchNorm LeNet-5 and the four text models" in text
    assert f"({listed.rsplit(', ', 1)[0]} and {listed.rsplit(', ', 1)[1]} runs" in text


def test_rules_13_and_14_changed_the_suite_runs_the_readme_says() -> None:
    """Rule 13 can change a run only where a BatchNorm model's SGD range test reads no real drop
    (none on the suite), rule 14 where any SGD range test reads no real drop above 0.1."""
    text = re.sub(r"\s+", " ", README)
    v11, v13, v14 = _auto_runs("auto-v11"), _auto_runs("auto-v13"), _auto_runs("auto-v14")
    assert len(v13) == len(v14) == 100 and v11 == v13
    assert "On the suite all 100 runs are bit-identical to rule 11's" in text
    same = sum(v13[k] == v14[k] for k in v14)
    changed = sorted({k[0] for k in v14 if v13[k] != v14[k]})
    m = re.search(
        r"(\d+) of its 100 suite runs are bit-identical to rule 13's; the other (\d+) are on ([^(]+?) \(",
        text,
    )
    assert m is not None and (int(m.group(1)), int(m.group(2))) == (same, 100 - same)
    assert m.group(3).split(" and ") == changed or m.group(3) == " and ".join(changed)
    capped = {(r["workload"], r["seed"]) for r in records("auto-v13") if r["algorithm"] == "taso-auto"
              for g in r["result"]["details"]["groups"]
              if g.get("finding") and g["kind"] == "sgd" and not g["finding"]["real_drop"] and g["finding"]["lr"] > 0.1}  # fmt: skip
    assert {k for k in v14 if v13[k] != v14[k]} <= capped  # only runs whose reading the cap moves


def test_rule_15_changed_none_of_rule_14s_suite_runs_as_the_readme_says() -> None:
    """Rule 15 changes only runs whose range tests were shrunk: no suite run; the README quotes
    rule 15's table as rule 14's numbers, so every run must match value for value."""
    v14, v15 = _auto_runs("auto-v14"), _auto_runs("auto-v15")
    assert len(v15) == 100 and v14 == v15
    assert all(
        r["result"]["details"]["sweep_steps_planned"] >= 100
        for r in records("auto-v15")
        if r["algorithm"] == "taso-auto"
    )
    text = re.sub(r"\s+", " ", README)
    assert "all 100 of rule 15's runs are bit-identical to rule 14's" in text
    assert _auto_runs("auto14-vs-tuned2") == _auto_runs("auto15-vs-tuned2")


def test_rule_17_is_rule_15_run_for_run_as_the_readme_says() -> None:
    """Rule 17 (held-out round 15) restores rule 15's rewind: the README quotes rule 15's numbers
    as rule 17's, so every suite run and every tuned v2 comparison run must match."""
    v15, v17 = _auto_runs("auto-v15"), _auto_runs("auto-v17")
    assert len(v17) == 100 and v15 == v17
    assert _auto_runs("auto15-vs-tuned2") == _auto_runs("auto17-vs-tuned2")
    assert _auto_runs("auto17-vs-tuned-taso") == v17  # the comparison with tuned TASO: the same runs
    text = re.sub(r"\s+", " ", README)
    assert "all 100 of rule 17's runs are bit-identical to rule 15's" in text


def test_rule_16_changed_only_runs_with_a_real_drop_and_no_workload_significantly() -> None:
    """Rule 16 moves a rewind only after a range test with a real drop: every other suite run is
    rule 15's, value for value; the README's count of changed runs, its paired rule-16-minus-rule-15
    intervals (all across zero) and the discarded shares are the files'."""
    v15, v16 = _auto_runs("auto-v15"), _auto_runs("auto-v16")
    drop = {
        (r["workload"], r["seed"])
        for r in records("auto-v16")
        if r["algorithm"] == "taso-auto"
        and any((g.get("finding") or {}).get("real_drop") for g in r["result"]["details"]["groups"])
    }
    changed = {k for k in v16 if v15[k] != v16[k]}
    assert len(v16) == 100 and changed <= drop and {w for w, _ in v16} - {w for w, _ in changed} == {"rt-cnn"}
    text = re.sub(r"\s+", " ", README)
    assert f"{len(changed)} of 100 runs changed, the Rotten Tomatoes CNN's ten did not" in text
    low, high = math.inf, -math.inf
    for w in {w for w, _ in v16}:
        d = np.array([v16[k][0] - v15[k][0] for k in sorted(v16) if k[0] == w])
        if np.all(d == 0):
            continue
        half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
        assert d.mean() - half < 0 < d.mean() + half, w  # no workload changed significantly
        low, high = min(low, d.mean()), max(high, d.mean())
    assert f"paired against rule 15: {low:+.2f} to {high:+.2f} pt".replace("-", "−") in text

    def share(d: str) -> float:
        per: dict[str, list[float]] = defaultdict(list)
        for r in records(d):
            if r["algorithm"] == "taso-auto":
                per[r["workload"]].append(r["result"]["details"]["discarded_fraction"])
        return float(np.mean([round(100 * np.mean(v), 1) for v in per.values()]))  # the report's column

    assert f"cut the discarded share from {share('auto-v15'):.1f}% to {share('auto-v16'):.1f}%" in text


def test_rule_10_changed_none_of_rule_9s_suite_runs_as_the_readme_says() -> None:
    """The README quotes rule 10's table as rule 9's numbers: every run must match value for value."""
    assert "On the suite all 100 runs are bit-identical to rule 9's" in re.sub(r"\s+", " ", README)

    def runs(d: str) -> dict[tuple[str, int], tuple]:
        return {
            (r["workload"], r["seed"]): (
                r["result"]["test_accuracy"],
                r["result"]["final_train_loss"],
                [e["val_accuracy"] for e in r["result"]["epochs"]],
                r["result"]["details"]["discarded_steps"],
            )
            for r in records(d)
            if r["algorithm"] == "taso-auto"
        }

    v9, v10 = runs("auto-v9"), runs("auto-v10")
    assert len(v10) == 100 and v9 == v10


@pytest.mark.parametrize(
    ("phrase", "directory", "competitor"),
    [
        (r"\((?:docs/)?results/auto-fresh/report.md\)\): vs sf-adamw", "auto-fresh", "sf-adamw"),
        (
            r"\((?:docs/)?results/auto-fresh/report.md\)\): vs sf-adamw \d / \d / \d, vs TASO's defaults",
            "auto-fresh",
            "taso",
        ),
        (
            r"\((?:docs/)?results/auto-fresh10/report.md\)\): 49\s+of the 50 runs .{0,140}? vs\s+sf-adamw",
            "auto-fresh10",
            "sf-adamw",
        ),
        (
            r"the workload's mean 65.53 → 79.13%\); vs\s+sf-adamw \d / \d / \d, vs TASO's defaults",
            "auto-fresh10",
            "taso",
        ),
        (r"\((?:docs/)?results/auto-fresh2/report.md\)\): vs sf-adamw", "auto-fresh2", "sf-adamw"),
        (
            r"\((?:docs/)?results/auto-fresh2/report.md\)\): vs sf-adamw \d / \d / \d, vs TASO's defaults",
            "auto-fresh2",
            "taso",
        ),
        (r"vs the best of the two by validation", "auto-fresh2", BEST),
        (r"\((?:docs/)?results/auto-fresh3/report.md\)\): vs sf-adamw", "auto-fresh3", "sf-adamw"),
        (
            r"\((?:docs/)?results/auto-fresh3/report.md\)\): vs sf-adamw \d / \d / \d, vs TASO's defaults",
            "auto-fresh3",
            "taso",
        ),
        (
            r"fresh3/report.md\)\): vs sf-adamw \d / \d / \d, vs TASO's defaults\s+\d / \d / \d, vs the best of the two by validation",
            "auto-fresh3",
            BEST,
        ),
    ],
)
def test_readme_counts_of_the_fresh_checks_match_their_files(
    phrase: str, directory: str, competitor: str
) -> None:
    assert readme_triple(phrase) == counts(records(directory), "taso-auto")[competitor]


@pytest.mark.parametrize("competitor", ["sf-adamw", "taso", BEST])
@pytest.mark.parametrize(("lead", "directory"), [("Rule 13:", "auto-short13"), ("Counts:", "auto-fresh15")])
def test_readme_counts_of_the_short_runs_match_their_files(
    lead: str, directory: str, competitor: str
) -> None:
    """The short set under rule 13 (its own directory) and rule 15 (within the four fresh sets)."""
    text = re.sub(r"\s+", " ", README)
    m = re.search(
        re.escape(lead) + r" vs sf-adamw (\d+) / (\d+) / (\d+), vs TASO's defaults (\d+) / (\d+) / (\d+), "
        r"vs the best of the two by validation (\d+) / (\d+) / (\d+)",
        text,
    )
    assert m is not None
    i = ["sf-adamw", "taso", BEST].index(competitor)
    short = {r["workload"] for r in records("auto-short")}
    recs = [r for r in records(directory) if r["workload"] in short]
    assert tuple(int(x) for x in m.groups()[3 * i : 3 * i + 3]) == counts(recs, "taso-auto")[competitor]


def test_rule_15_changed_only_short_runs_with_a_probe() -> None:
    """Rule 15 turns the probe off only on runs whose range tests were shrunk: on the four fresh
    sets it can change only the short set, and there not the BatchNorm ResNet (no probe)."""
    old, new = _auto_runs("auto-fresh14"), _auto_runs("auto-fresh15")
    changed = {k for k in new if old[k] != new[k]}
    short = {r["workload"] for r in records("auto-short")}
    assert len(new) == 200 and {w for w, _ in changed} == short - {"fashion-resnet-3k-e1-b32"}
    text = re.sub(r"\s+", " ", README)
    assert f"{len(changed)} of these 50 runs changed (every workload but the BatchNorm ResNet" in text
    for r in records("auto-fresh15"):
        if r["algorithm"] == "taso-auto" and (r["workload"], r["seed"]) in changed:
            assert r["result"]["details"]["probe"]["reason"].startswith("not run: a short run")


def _auto_runs(*dirs: str) -> dict[tuple[str, int], tuple]:
    return {(r["workload"], r["seed"]): (r["result"]["test_accuracy"], r["result"]["final_train_loss"],
                                         [e["val_accuracy"] for e in r["result"]["epochs"]])
            for r in records(*dirs) if r["algorithm"] == "taso-auto"}  # fmt: skip


def test_rule_13_changed_only_the_short_resnet_seeds_whose_range_test_read_no_real_drop() -> None:
    """The README: of 508 range tests on BatchNorm models before rule 13, two read no real drop
    (the short ResNet's seeds); rule 13 changed those two short runs and no other."""
    old, new = _auto_runs("auto-short"), _auto_runs("auto-short13")
    assert len(new) == 50 and {k for k in new if old[k] != new[k]} == {
        ("fashion-resnet-3k-e1-b32", 1), ("fashion-resnet-3k-e1-b32", 4)}  # fmt: skip
    round11 = {"fashion-resnet-4-8-16-2k-e1-b16", "fashion-resnet-6-12-24-4k-e1-b64", "fashion-resnet-8-16-32-5k-e2-b128",
               "fashion-resnet-16-32-64-2k-e2-b32", "fashion-lenet5-bn-3k-e1-b16", "fashion-lenet5-bn-6k-e1-b64",
               "fashion-lenet5-bn-2k-e3-b64"}  # fmt: skip
    round14 = {"rt-fasttext-d40-b48-e4", "rt-fasttext-d16-uni-b24-e3", "imdb-fasttext-d20-b64-e2",
               "rt-cnn-d56-f40-b48-e4", "mnist1d-mlp-2x150-b32-e8", "mnist1d-cnn-c32-b96-e10",
               "fashion-lenet5-bn-9k-b48-e2", "digits-mlp-2x96-b24-e15"}  # rules 15 and 16 (round 14)  # fmt: skip
    round19 = {
        "fashion-lenet5-bn-5k-b32-e2",
        "fashion-resnet-6-12-24-6k-b32-e3",
        "fashion-resnet-6-12-24-5k-b32-e2",  # rules 17 and 25 (round 25)
        "fashion-lenet5-bn-7k-b32-e2",
    }  # rules 17 and 19 (round 19)
    no_drop, total = set(), 0
    for d in sorted(p.name for p in RESULTS.iterdir() if p.is_dir()):
        if d in ("auto-short13", "auto-v13", "auto-v14", "auto-fresh14", "auto14-vs-tuned2", "auto-v15",
                 "auto-fresh15", "auto15-vs-tuned2", "auto-v16", "auto-fresh16", "auto16-vs-tuned2",
                 "auto-fresh5", "auto-v17", "auto17-vs-tuned2", "auto-fresh5-rule17",
                 "auto17-vs-tuned-taso", "auto-budget-half", "auto-budget-double", "auto-v18",
                 "auto18-vs-tuned2", "auto-fresh6", "auto-v23", "auto23-vs-tuned2", "auto-v25",
                 "auto25-vs-tuned2", "auto-v17-rerun", "auto17rerun-vs-tuned2", "machine-check",
                 "auto-v28", "auto28-vs-tuned2", "auto28-vs-tuned-taso", "auto28-vs-tuned-rerun",
                 "auto-v29", "auto29-vs-tuned2", "auto29-vs-tuned-taso", "auto29-vs-tuned-rerun",
                 "auto-v31", "auto31-vs-tuned2", "auto31-vs-tuned-taso", "auto31-vs-tuned-rerun",
                 "auto20-vs-tuned2", "auto20-vs-tuned-paper", "auto20-vs-tuned-taso", "auto20-v31",
                 "auto20-v31-vs-tuned2", "auto20-v31-vs-tuned-paper", "auto20-v31-vs-tuned-taso",
                 "auto-holdout37", "auto-v37", "auto37-vs-tuned2", "auto37-vs-tuned-taso",
                 "auto-holdout38", "auto-v38", "auto38-vs-tuned2", "auto38-vs-tuned-taso", "auto-v28-rerun",
                 "auto20-v38", "auto20-v38-vs-tuned-paper", "auto20-v38-vs-tuned2", "auto20-v38-vs-tuned-taso",
                 "auto20-v28-verify", "auto38-budget", "auto-fresh-v38", "auto-deep20",
                 "auto-holdout39", "auto-v39", "auto39-vs-tuned2", "auto39-vs-tuned-taso",
                 "auto-holdout40", "auto-v40", "auto40-vs-tuned2", "auto40-vs-tuned-taso",
                 "auto-deep-noprobe", "auto-fresh7"):  # fmt: skip
            continue  # runs of rules 13-18, 23, 25, 28, 29, 31, 37-40 themselves (checks 36, 39-43, fresh set 7 too)
        for r in records(d):
            wl = r["config"]["workload"]
            if wl["name"] in round11 | round14 | round19 | set(ROUND29) or not (
                wl["model"] == "resnet" or wl["model_kwargs"].get("batch_norm")
            ):
                continue  # round 11 judged the cap on runs made after it was built
            for g in ((r.get("result") or {}).get("details") or {}).get("groups", []):
                if g.get("finding") and g["kind"] == "sgd":
                    total += 1
                    if not g["finding"]["real_drop"]:
                        no_drop.add((d, r["workload"], r["seed"]))
    assert no_drop == {
        ("auto-short", "fashion-resnet-3k-e1-b32", 1),
        ("auto-short", "fashion-resnet-3k-e1-b32", 4),
    }
    text = re.sub(r"\s+", " ", README)
    assert f"Of the {total} range tests on BatchNorm models in every result file before" in text


def _check_four_fresh_sets(lead: str, directory: str) -> None:
    """The README's per-set counts after the regex ``lead`` ("first set vs sf-adamw a / b / c, vs TASO's
    defaults ...; second ... and ...; third ...; short runs ...") against ``directory``'s runs, Holm
    over each set's own ten."""
    triple = r"(\d+) / (\d+) / (\d+)"
    m = re.search(
        lead + rf"first set vs sf-adamw {triple}, vs TASO's defaults {triple}; second {triple} and {triple}; "
        rf"third {triple} and {triple}; short runs {triple} and {triple}",
        re.sub(r"\s+", " ", README),
    )
    assert m is not None, lead
    numbers = [int(x) for x in m.groups()]
    recs = records(directory)
    for i, d in enumerate(("auto-fresh", "auto-fresh2", "auto-fresh3", "auto-short")):
        names = {r["workload"] for r in records(d)}
        got = counts([r for r in recs if r["workload"] in names], "taso-auto")
        assert tuple(numbers[6 * i : 6 * i + 6]) == got["sf-adamw"] + got["taso"], d


def test_rule_14_on_the_four_fresh_sets_matches_the_readme() -> None:
    """auto-fresh14 holds all four sets: the README counts each with Holm over its own ten."""
    _check_four_fresh_sets(r"identical to rules 11 and 13\) ", "auto-fresh14")
    text = re.sub(r"\s+", " ", README)
    old = _auto_runs("auto-fresh11", "auto-fresh3", "auto-short13")
    new = _auto_runs("auto-fresh14")
    same = sum(old[k] == new[k] for k in new)
    assert len(new) == 200 and f"{same} of 200 runs identical to rules 11 and 13" in text


def test_rule_16_on_the_four_fresh_sets_matches_the_readme() -> None:
    """auto-fresh16 holds all four sets: the README counts each with Holm over its own ten, the
    changed runs, and the four MNIST-1D CNNs' means under rules 15 and 16."""
    _check_four_fresh_sets("Rule 16 on the four fresh sets: ", "auto-fresh16")
    text = re.sub(r"\s+", " ", README)
    old, new = _auto_runs("auto-fresh15"), _auto_runs("auto-fresh16")
    changed = sum(old[k] != new[k] for k in new)
    assert len(new) == 200 and f"{changed} of the 200 runs changed" in text
    for w, before, after in (
        ("mnist1d-cnn-c8-b16", "79.26", "71.73"),
        ("mnist1d-cnn-e2-b128", "45.80", "43.16"),
    ):
        assert f"{np.mean([old[(w, s)][0] for s in range(5)]):.2f}" == before
        assert f"{np.mean([new[(w, s)][0] for s in range(5)]):.2f}" == after
        assert f"{before} → {after}%" in text


@pytest.mark.parametrize("competitor", ["sf-adamw", "taso"])
@pytest.mark.parametrize(
    ("lead", "directory"),
    [("Fifth set:", "auto-fresh5"), ("rule 17 on the fifth set:", "auto-fresh5-rule17")],
)
def test_the_fifth_fresh_set_matches_the_readme_and_is_fresh(
    competitor: str, lead: str, directory: str
) -> None:
    recs = records(directory)
    names = {r["workload"] for r in recs}
    assert len(names) == 4 and {r["config"]["workload"]["model"] for r in recs} == {"transformer", "bilstm"}
    later = (
        "auto-fresh-text",
        "auto-fresh-text28",
        "auto-fresh-v38",
    )  # checks 30 and 41 reran fresh workloads
    for d in sorted(p.name for p in RESULTS.iterdir() if p.is_dir() and not p.name.startswith("auto-fresh5")
                    and p.name not in later):  # fmt: skip
        assert not names & {r["workload"] for r in records(d)}, d
    m = re.search(re.escape(lead) + r" vs sf-adamw (\d+) / (\d+) / (\d+), vs TASO's defaults (\d+) / (\d+) / (\d+)",
                  re.sub(r"\s+", " ", README))  # fmt: skip
    assert m is not None
    i = ["sf-adamw", "taso"].index(competitor)
    assert tuple(int(x) for x in m.groups()[3 * i : 3 * i + 3]) == counts(recs, "taso-auto")[competitor]


@pytest.mark.parametrize("competitor", ["sf-adamw", "taso"])
def test_the_sixth_fresh_set_matches_the_readme_and_is_fresh(competitor: str) -> None:
    """Fresh set 6: ten workloads in no other result file (no suite, round or earlier set), its
    counts as the README gives them, and the failure it found: one seed of the 5-deep digits MLP."""
    recs = records("auto-fresh6")
    names = {r["workload"] for r in recs}
    assert len(names) == 10 and len(recs) == 150
    later = (
        "auto-fresh-text",
        "auto-fresh-text28",
        "auto-fresh-v38",
        "auto-deep20",
        "auto-deep-noprobe",
    )  # checks 30, 41, 42 and 43 reran fresh workloads
    for d in sorted(p.name for p in RESULTS.iterdir() if p.is_dir() and not p.name.startswith("auto-fresh6")
                    and p.name not in later):  # fmt: skip
        assert not names & {r["workload"] for r in records(d)}, d
    text = re.sub(r"\s+", " ", README)
    m = re.search(
        r"Sixth set: vs sf-adamw (\d+) / (\d+) / (\d+), vs TASO's defaults (\d+) / (\d+) / (\d+)", text
    )
    assert m is not None
    i = ["sf-adamw", "taso"].index(competitor)
    assert tuple(int(x) for x in m.groups()[3 * i : 3 * i + 3]) == counts(recs, "taso-auto")[competitor]
    deep = sorted(r["result"]["test_accuracy"] for r in recs
                  if r["workload"] == "digits-mlp-5x64-b32-e20" and r["algorithm"] == "taso-auto")  # fmt: skip
    assert f"{deep[0]:.2f}" == "69.72" and f"{deep[1]:.1f}–{deep[-1]:.1f}%" == "96.4–98.6%"
    shares = [r["result"]["details"]["discarded_fraction"] for r in recs if r["algorithm"] == "taso-auto"]
    assert f"{100 * np.mean(shares):.1f}% of the run on average" in text
    ten = records("auto-fresh6-deep10")
    acc = {
        a: [r["result"]["test_accuracy"] for r in ten if r["algorithm"] == a]
        for a in ("taso-auto", "sf-adamw")
    }
    assert [len(v) for v in acc.values()] == [10, 10]
    for a, label in (("taso-auto", ": "), ("sf-adamw", "sf-adamw's ")):
        assert f"{label}{np.mean(acc[a]):.2f} ± {np.std(acc[a], ddof=1):.2f}" in text, a
    low = sorted(x for x in acc["taso-auto"] if x < 91)
    assert [f"{x:.2f}" for x in low] == ["69.72", "82.78", "90.00"]


def test_rule_11_on_the_first_two_fresh_sets_matches_the_readme() -> None:
    """auto-fresh11 holds both sets: the README counts each set with Holm over its own ten."""
    recs = records("auto-fresh11")
    first = {r["workload"] for r in records("auto-fresh")}
    text = re.sub(r"\s+", " ", README)
    for label, keep in (("first", lambda w: w in first), ("second", lambda w: w not in first)):
        got = counts([r for r in recs if keep(r["workload"])], "taso-auto")
        pattern = label + r" set vs sf-adamw (\d+) / (\d+) / (\d+), vs TASO's defaults (\d+) / (\d+) / (\d+)"
        m = re.search(pattern, text)
        assert m is not None, label
        assert tuple(int(x) for x in m.groups()) == got["sf-adamw"] + got["taso"], label

    def auto(*dirs: str) -> dict[tuple[str, int], tuple]:
        return {(r["workload"], r["seed"]): (r["result"]["test_accuracy"], r["result"]["final_train_loss"])
                for r in records(*dirs) if r["algorithm"] == "taso-auto"}  # fmt: skip

    old, new = auto("auto-fresh10", "auto-fresh2"), auto("auto-fresh11")
    same = sum(old[k] == new[k] for k in new)
    assert len(new) == 100 and f"{same} of the 100 runs bit-identical to rule 10's" in text


def test_the_fresh_workloads_are_in_no_suite_and_no_round() -> None:
    """The fresh sets are a generalization check: their workloads must not appear anywhere else."""
    fresh = {
        r["workload"] for d in ("auto-fresh", "auto-fresh2", "auto-fresh3", "auto-short") for r in records(d)
    }
    assert len(fresh) == 40 and "Forty workloads in four sets" in README
    for d in sorted(p.name for p in RESULTS.iterdir() if p.is_dir()):
        if d.startswith(("auto-fresh", "auto-short")):
            continue
        assert not fresh & {r["workload"] for r in records(d)}, d

    # and rule 10 on the first set differs from rule 9 in exactly the one run the README names
    def auto(d: str) -> dict[tuple[str, int], float]:
        return {(r["workload"], r["seed"]): r["result"]["test_accuracy"] for r in records(d)
                if r["algorithm"] == "taso-auto"}  # fmt: skip

    v9, v10 = auto("auto-fresh"), auto("auto-fresh10")
    changed = {k: (v9[k], v10[k]) for k in v9 if v9[k] != v10[k]}
    assert changed == {("mnist1d-cnn-c8-b16", 2): (9.25, 77.25)}


def test_autotaso_against_tuned_taso_rates_and_spread_match_the_readme() -> None:
    """The README's reading of auto17-vs-tuned-taso: AutoTASO's median LR_I (after the probe) as a
    share of tuned TASO's lr, the spread of LR_I across seeds, and the paired gap to tuned TASO of
    the five seeds whose LR_I landed nearest the tuned lr (in log rate) against the five farthest."""
    text = re.sub(r"\s+", " ", README)
    recs = records("auto17-vs-tuned-taso")
    tuned_lr = {r["workload"]: r["config"]["algorithm"]["hparams"]["lr"] for r in recs if "tuning" in r}
    tuned_acc = {(r["workload"], r["seed"]): r["result"]["test_accuracy"] for r in recs if "tuning" in r}
    auto: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for r in recs:
        if r["algorithm"] == "taso-auto":
            lr = r["result"]["details"]["groups"][-1]["lr_initial"]
            auto[r["workload"]].append((r["seed"], lr, r["result"]["test_accuracy"]))
    five = ["fashion-lenet5", "fashion-resnet", "mnist1d-cnn", "mnist1d-mlp", "fashion-lenet5-bn"]
    ratios = [float(np.median([lr for _, lr, _ in auto[w]])) / tuned_lr[w] for w in five]
    assert f"{min(ratios):.2f}–{max(ratios):.2f}× the tuned lr" in text
    spreads = [max(lr for _, lr, _ in auto[w]) / min(lr for _, lr, _ in auto[w]) for w in five]
    assert f"varies {min(spreads):.1f}–{max(spreads):.0f}× between seeds" in text
    split = []
    for w in five:
        rows = sorted((abs(math.log10(lr / tuned_lr[w])), acc - tuned_acc[(w, s)]) for s, lr, acc in auto[w])
        split.append((np.mean([d for _, d in rows[:5]]), np.mean([d for _, d in rows[5:]])))
    quoted = "LeNet-5 {1} vs {0} pt, the ResNet {3} vs {2}, the MNIST-1D CNN {5} vs {4}, the MLP {7} vs {6}; with BatchNorm {9} vs {8}"
    assert quoted.format(*[f"{x:.2f}".replace("-", "−") for pair in split for x in pair]) in text


def test_readme_reading_noise_numbers_match_the_result_file() -> None:
    """The README's split of the LR_I spread into reading noise and trajectory, recomputed from
    docs/results/auto-reading-noise/readings.jsonl by the benchmark's own summary, and its report."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "reading_noise", ROOT / "benchmarks" / "autotaso_reading_noise.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    recs_all = [
        json.loads(line)
        for line in (RESULTS / "auto-reading-noise" / "readings.jsonl").read_text().splitlines()
    ]
    recs = [r for r in recs_all if module._fraction(r) == module.DEFAULT_FRACTION]
    assert len(recs) == len(recs_all) - len(recs) == 100
    assert all(t["matches_optimizer"] for r in recs_all for t in r["tests"])
    rows = {(r["workload"], r["group"]): r for r in module.summarise(recs)}
    assert (RESULTS / "auto-reading-noise" / "report.md").read_text().count(
        module.table(module.summarise(recs))
    ) == 1
    text = re.sub(r"\s+", " ", README)

    def pair(workload: str, group: str = "dense") -> str:
        r = rows[(workload, group)]
        return f"{r['noise']:.2f} of {r['total']:.2f}"

    assert (
        f"the ResNet {pair('fashion-resnet')}, Rotten Tomatoes fastText's tables {pair('rt-fasttext-d24', 'tables')}"
        in text
    )
    assert f"a text CNN's dense group {pair('rt-cnn-d48')})" in text
    lenet_bn = rows[("fashion-lenet5-bn", "dense")]
    assert lenet_bn["noise"] > lenet_bn["total"]
    assert f"the BatchNorm LeNet-5 {lenet_bn['noise']:.2f} against a total of {lenet_bn['total']:.2f}" in text
    lenet, cnn = rows[("fashion-lenet5", "dense")], rows[("mnist1d-cnn", "dense")]
    assert (
        f"LeNet-5 {lenet['noise']:.3f} of {lenet['total']:.2f}, the MNIST-1D CNN {cnn['noise']:.3f} of {cnn['total']:.2f}"
        in text
    )
    means = [np.mean([r["spans"][s][1] for r in rows.values()]) for s in module.SPANS]
    assert (
        f"({means[0]:.3f} at the default quarter decade, {means[1]:.3f} at half a decade, {means[2]:.3f} at three quarters"
        in text
    )
    assert means[2] > means[0] - 0.02  # "does not lower the noise on average"
    shift = max(r["spans"][module.SPANS[0]][0] / r["spans"][module.SPANS[2]][0] for r in rows.values())
    assert f"moves the median rate down by up to {shift:.1f}×" in text
    # range tests twice as long: the mean reading noise, and the per-test changes the README names
    longer = module.summarise([r for r in recs_all if module._fraction(r) == 0.2])
    assert len(longer) == len(rows)
    longer_rows = {(r["workload"], r["group"]): r for r in longer}
    mean_longer = np.mean([r["noise"] for r in longer])
    assert f"reading noise {mean_longer:.3f} on average against {means[0]:.3f}" in text
    assert mean_longer > means[0]  # "neither remedy lowers the noise on average"

    def change(workload: str, group: str = "dense") -> str:
        return f"{rows[(workload, group)]['noise']:.3f} → {longer_rows[(workload, group)]['noise']:.3f}"

    assert f"(the 20-channel 1-D CNN {change('mnist1d-cnn-c20-b32')})" in text
    assert (
        f"(Rotten Tomatoes fastText {change('rt-fasttext-d24')}, the text CNN {change('rt-cnn-d48')})" in text
    )
    assert module.by_fraction(recs_all) in (RESULTS / "auto-reading-noise" / "report.md").read_text()


@pytest.mark.parametrize(
    ("lead", "candidate", "words"),
    [
        ("Round 16", "taso-auto-probe-keep",
         "largest shortfall {0} vs {1} pt (the BiLSTM, whose kept probe weights cost one seed 3.4 pt), "
         "mean validation accuracy {2}% vs {3}%, discarded {4}% vs {5}%"),
        ("Round 17", "taso-auto-strict-drop", "largest shortfall {0} vs {1} pt, mean {2}% vs {3}%"),
    ],
)  # fmt: skip
def test_readme_numbers_of_held_out_rounds_16_and_17_match_the_holdout_file(
    lead: str, candidate: str, words: str
) -> None:
    """Minimax regret (the largest shortfall against the better candidate of each workload and
    seed), mean final validation accuracy and discarded share, recomputed from the held-out runs."""
    names = {"Round 16": ("rt-fasttext-d20-b32-e4", "rt-fasttext-d48-uni-b16-e2", "imdb-fasttext-d12-b32-e2",
                          "imdb-fasttext-d40-uni-b64-e3", "rt-cnn-d32-f24-b24-e3", "rt-cnn-d24-f56-b64-e6",
                          "imdb-cnn-d32-f32-b64-e2", "rt-bilstm-d32-b48-e6"),
             "Round 17": ("rt-cnn-d48-f48-b32-e4", "rt-cnn-d16-f64-b48-e5", "imdb-cnn-d24-f40-b48-e2",
                          "rt-fasttext-d16-b24-e3", "imdb-fasttext-d24-uni-b32-e2", "rt-bilstm-d24-b32-e5",
                          "digits-mlp-2x48-b8-e6-n20", "mnist1d-cnn-c20-b16-e5-n20")}[lead]  # fmt: skip
    runs: dict[str, dict[tuple[str, int], dict]] = {"rule 17": {}, "candidate": {}}
    for r in records("auto-holdout"):
        if r["workload"] not in names:
            continue
        alg = r["config"]["algorithm"]
        if alg["name"] == "taso-auto" and alg.get("revision") == 17 and not alg["hparams"]:
            runs["rule 17"][(r["workload"], r["seed"])] = r["result"]
        elif alg["name"] == candidate:
            runs["candidate"][(r["workload"], r["seed"])] = r["result"]
    assert len(runs["rule 17"]) == len(runs["candidate"]) == 32
    val, short, mean = _minimax_numbers(runs)
    share = {c: 100 * float(np.mean([d["details"]["discarded_steps"] / d["details"]["total_steps"] for d in rs.values()]))
             for c, rs in runs.items()}  # fmt: skip
    assert short["rule 17"] < short["candidate"] and mean["rule 17"] > mean["candidate"]  # rule 17 stays
    quoted = words.format(f"{short['rule 17']:.2f}", f"{short['candidate']:.2f}", f"{mean['rule 17']:.2f}",
                          f"{mean['candidate']:.2f}", f"{share['rule 17']:.1f}", f"{share['candidate']:.1f}")  # fmt: skip
    assert quoted in re.sub(r"\s+", " ", README)
    if lead == "Round 16":  # the failure it found: one seed at chance under both candidates
        failed = {k for c in val for k, v in val[c].items() if v < 55}
        assert failed == {("rt-cnn-d24-f56-b64-e6", 102)}
        tables = runs["rule 17"][("rt-cnn-d24-f56-b64-e6", 102)]["details"]["groups"][0]["finding"]
        assert (round(tables["lr"], 4), tables["reason"]) == (0.0063, "minimum")
        assert f"({val['rule 17'][('rt-cnn-d24-f56-b64-e6', 102)]:.2f}% validation accuracy" in re.sub(
            r"\s+", " ", README
        )
    else:
        assert min(v for c in val for v in val[c].values()) > 55  # "no run of either stayed at chance"


def test_the_misread_tables_range_test_is_the_only_one_of_its_kind_as_the_readme_says() -> None:
    """Of every Adagrad range test of ``taso-auto`` (rules 11 on) in every result file, only held-out
    round 16's, round 24's and round 27's (two) text-CNN seeds read a rate 20x below their workload's
    median."""
    readings: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    seen: set[str] = set()  # a run copied into several directories is one run
    for path in sorted(RESULTS.glob("*/runs.jsonl")):
        for r in records(path.parent.name):
            alg = r["config"]["algorithm"]
            if alg["name"] != "taso-auto" or alg.get("revision", 0) < 11 or r["key"] in seen:
                continue
            seen.add(r["key"])
            for g in (r["result"].get("details") or {}).get("groups", []):
                if g.get("kind") == "adagrad" and g.get("finding"):
                    readings[r["workload"]].append((path.parent.name, r["seed"], g["finding"]["lr"]))
    total = sum(len(v) for v in readings.values())
    low = [
        (w, d, s)
        for w, v in readings.items()
        for d, s, lr in v
        if lr < sorted(x[2] for x in v)[len(v) // 2] / 20
    ]
    assert sorted(low) == [
        ("rt-cnn-d16-f48-b16-e4", "auto-holdout", 101),
        ("rt-cnn-d16-f48-b16-e4", "auto-holdout", 111),
        ("rt-cnn-d24-f36-b16-e3", "auto-holdout", 101),
        ("rt-cnn-d24-f56-b64-e6", "auto-holdout", 102),
        ("rt-cnn-d36-f36-b24-e3", "auto-holdout", 110),
    ]
    # of the rule-17 runs of held-out text models, those two (and no other) stayed at chance
    from taso.bench._workloads import WORKLOADS

    text_runs = [r for r in records("auto-holdout") if WORKLOADS[r["workload"]].modality == "text"
                 and r["config"]["algorithm"]["name"] == "taso-auto"
                 and r["config"]["algorithm"].get("revision") == 17 and not r["config"]["algorithm"]["hparams"]]  # fmt: skip
    at_chance = sorted(
        (r["workload"], r["seed"]) for r in text_runs if r["result"]["epochs"][-1]["val_accuracy"] < 60
    )
    assert at_chance == [("rt-cnn-d16-f48-b16-e4", 101), ("rt-cnn-d16-f48-b16-e4", 111),
                         ("rt-cnn-d24-f36-b16-e3", 101), ("rt-cnn-d24-f56-b64-e6", 102),
                         ("rt-cnn-d36-f36-b24-e3", 110)]  # fmt: skip
    assert f"text models 5 runs of {len(text_runs)} stayed at chance" in re.sub(r"\s+", " ", README)
    assert f"of the {total} Adagrad range tests of `taso-auto` in every result file since rule 11" in re.sub(
        r"\s+", " ", README
    )


def _printout_rows(text: str) -> dict[str, list[list[float]]]:
    """``| method | v / t | ... | mean val | mean test |`` rows of a benchmark printout: every number
    of each row, the rows of a method in the order printed."""
    rows: dict[str, list[list[float]]] = defaultdict(list)
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"[\w@./-]+", cells[0]) and re.fullmatch(r"[\d.]+", cells[-1]):
            rows[cells[0]].append([float(x) for c in cells[1:] for x in re.findall(r"\d+\.\d+", c)])
    return rows


def test_readme_language_model_numbers_match_the_printout() -> None:
    """The README's language-model paragraph quotes ``docs/results/beyond/charlm.md``: the mean
    test losses, the TASO grid's range, seed 0's values, the warm-up check, the torch init."""
    text = (RESULTS / "beyond" / "charlm.md").read_text(encoding="utf-8")
    sections = {part.split("\n", 1)[0]: _printout_rows(part) for part in text.split("\n## ")[1:]}
    rows = sections["nanoGPT's initialisation (the default)"]
    grid = sections[
        "TASO on AutoTASO's two groups at fixed rates (dense SGD-Nesterov / embedding Adagrad), seed 0 only"
    ]
    warm = sections["TASO with a 100-step linear warm-up"]
    adagrad = sections["AutoTASO with every group on Adagrad"]["autotaso-adagrad"][0]
    bad = sections["torch's default initialisation"]
    auto, adamw, sf = rows["autotaso"][0], rows["adamw-cosine"][0], rows["sf-adamw"][0]
    assert rows["autotaso-floor"][0] == auto  # the loss shifted by 1 nat: every number the same
    paragraph = README[README.index("A character-level language model (beyond") :][:4000]
    flat = " ".join(paragraph.split())

    def mean(row: list[float], part: int) -> float:  # from the seeds (the printed mean is rounded)
        values = row[part:6:2]
        assert abs(sum(values) / 3 - row[6 + part]) < 1e-4  # three seeds, and the printout agrees
        return sum(values) / 3

    assert (
        f"AutoTASO reached {mean(auto, 1):.3f} nats per character on test (validation {mean(auto, 0):.3f}"
        in flat
    )
    assert (
        f"cosine decay {mean(adamw, 1):.3f} and schedule-free AdamW at its defaults {mean(sf, 1):.3f}" in flat
    )
    assert "it loses by about 0.3 nats per character" in flat
    assert 0.25 < mean(auto, 1) - mean(sf, 1) < mean(auto, 1) - mean(adamw, 1) < 0.35
    fixed = [v[0][1] for v in grid.values()]  # seed 0's test loss at each of the 8 rate pairs
    assert len(fixed) == 8 and min(fixed) > auto[1]
    assert (
        f"reached {min(fixed):.2f}–{max(fixed):.2f} on test, all worse than AutoTASO's {auto[1]:.2f}" in flat
    )
    assert f"did worse: {adagrad[1]:.3f} on seed 0" in flat
    low, high = warm["taso@0.1/0.01/w100"], warm["taso@0.3/0.01/w100"]
    assert len(low) == 1 and len(high) == 3 and high[0][0] < low[0][0]  # 0.3 the better on validation
    warm_test = sum(r[1] for r in high) / 3
    assert f"0.1: {low[0][1]:.3f} on seed 0) reached {warm_test:.3f} on test over 3 seeds" in flat
    assert mean(adamw, 1) < warm_test < mean(auto, 1) - 0.2
    probe = sections["The stability probe forced on"]["autotaso-probe"]  # one row per seed
    assert len(probe) == 3 and max(r[1] for r in probe) > 2.9 > 2.2 > sorted(r[1] for r in probe)[1]
    assert f"left that run at {max(r[1] for r in probe):.2f} nats per character" in flat
    b_auto, b_adamw, b_sf = bad["autotaso"][0], bad["adamw-cosine"][0], bad["sf-adamw"][0]
    assert (
        f"stayed at {mean(b_auto, 1):.3f} nats per character on test against AdamW's {mean(b_adamw, 1):.3f} "
        f"and schedule-free AdamW's {mean(b_sf, 1):.3f}" in flat
    )


ROUND24 = ("digits-mlp-3x80-b16-e8", "mnist1d-mlp-2x96-b24-e10", "mnist1d-cnn-c28-b16-e4",
           "fashion-mlp-2x100-5k-b16-e3", "fashion-lenet5-5k-b32-e3", "rt-fasttext-d28-b24-e3",
           "rt-cnn-d24-f36-b16-e3", "imdb-fasttext-d28-b32-e2")  # fmt: skip


def test_readme_numbers_of_held_out_round_24_match_the_result_files() -> None:
    """Round 24 kept rule 17 against ``probe_stable_raise`` (minimax regret, ties by mean): the
    option changed only the runs whose probe found no divergence, and those were few."""
    text = re.sub(r"\s+", " ", README)
    runs = _rule17_round(ROUND24, "taso-auto-stable-raise", {"probe_stable_raise": True})
    val, short, mean = _minimax_numbers(runs)
    assert short["rule 17"] < short["candidate"]  # the round kept rule 17
    assert (f"mean validation accuracy {mean['rule 17']:.2f}% vs {mean['candidate']:.2f}%, largest shortfall "
            f"{short['rule 17']:.2f} vs {short['candidate']:.2f} pt") in text  # fmt: skip

    same = [k for k in runs["rule 17"] if _trace(runs["rule 17"][k]) == _trace(runs["candidate"][k])]
    stable = {
        k for k, r in runs["candidate"].items()
        if r["details"]["probe"]["reason"] == "no divergence within the probe"
    }  # fmt: skip
    assert set(runs["candidate"]) - set(same) <= stable  # only a stable probe changes a run
    diverged = 32 - len(stable)
    assert f"the probe found a divergence on {diverged} of 32 runs, so {len(same)} were bit-identical" in text
    moved = sorted(val["candidate"][k] - val["rule 17"][k] for k in stable)
    assert f"moved {moved[1]:+.2f} and {moved[0]:+.2f} pt".replace("-", "−") in text


ROUND25 = ("rt-cnn-d20-f40-b16-e3", "rt-cnn-d36-f28-b32-e4", "imdb-cnn-d20-f36-b48-e2", "rt-bilstm-d28-b32-e4",
           "rt-fasttext-d44-b32-e3", "fashion-resnet-6-12-24-5k-b32-e2", "fashion-lenet5-bn-7k-b32-e2",
           "mnist1d-cnn-c18-b24-e6")  # fmt: skip
MISREAD = ("rt-cnn-d24-f56-b64-e6", "rt-cnn-d24-f36-b16-e3")


def test_readme_numbers_of_held_out_round_25_match_the_result_files() -> None:
    """Round 25 kept rule 17 against AutoTASO told the labels' entropy (minimax regret, ties by
    mean); read back post hoc, the candidate repaired the two held-out text-CNN seeds at chance."""
    from taso.bench._workloads import WORKLOADS

    text = re.sub(r"\s+", " ", README)
    runs = _rule17_round(ROUND25, "taso-auto-prior", {"chance_loss": "prior"})
    val, short, mean = _minimax_numbers(runs)
    assert short["rule 17"] < short["candidate"]  # the round kept rule 17
    assert f"largest shortfall {short['rule 17']:.2f} vs {short['candidate']:.2f} pt" in text
    assert f"mean validation accuracy {mean['rule 17']:.2f}% vs {mean['candidate']:.2f}%" in text
    assert min(min(v.values()) for v in val.values()) > 60  # no run of either at chance
    real = {c: sum(g["finding"]["real_drop"] for r in rs.values() for g in r["details"]["groups"] if g.get("finding"))
            for c, rs in runs.items()}  # fmt: skip
    tests = sum(1 for r in runs["rule 17"].values() for g in r["details"]["groups"] if g.get("finding"))
    assert f"read {real['candidate']} real drops of {tests} range tests instead of {real['rule 17']}" in text
    images = [k for k in runs["rule 17"] if WORKLOADS[k[0]].modality == "image"]

    assert len(images) == 12  # "the three image models bit-identical"
    assert all(_trace(runs["rule 17"][k]) == _trace(runs["candidate"][k]) for k in images)
    # the read-back on the two earlier workloads: 4 seeds each, both candidates
    back: dict[str, dict[tuple[str, int], float]] = {"rule 17": {}, "candidate": {}}
    for r in records("auto-holdout"):
        alg = r["config"]["algorithm"]
        if r["workload"] in MISREAD:
            if alg["name"] == "taso-auto" and alg.get("revision") == 17 and not alg["hparams"]:
                back["rule 17"][(r["workload"], r["seed"])] = r["result"]["epochs"][-1]["val_accuracy"]
            elif alg["name"] == "taso-auto-prior":
                back["candidate"][(r["workload"], r["seed"])] = r["result"]["epochs"][-1]["val_accuracy"]
    assert len(back["rule 17"]) == len(back["candidate"]) == 8
    chance = sorted(k for k, v in back["rule 17"].items() if v < 60)
    assert chance == [("rt-cnn-d24-f36-b16-e3", 101), ("rt-cnn-d24-f56-b64-e6", 102)]
    repaired = {f"{back['candidate'][k]:.2f}" for k in chance}
    assert repaired == {"70.28"} and "both seeds at chance reached 70.28%" in text
    for w in MISREAD:
        m = [float(np.mean([back[c][(w, s)] for s in range(100, 104)])) for c in ("rule 17", "candidate")]
        assert f"{m[0]:.2f} → {m[1]:.2f}%" in text
    others = [back["candidate"][k] - back["rule 17"][k] for k in back["rule 17"] if k not in chance]
    assert f"within −{-min(others):.2f} to +{max(others):.2f} pt" in text


ROUND26 = ("digits-mlp-5x64-b16-e12", "mnist1d-mlp-5x80-b32-e6", "fashion-mlp-5x80-6k-b32-e3", "mnist1d-cnn-c20-b8-e3",
           "fashion-lenet5-3k-b8-e3", "digits-mlp-2x128-b8-e6", "mnist1d-mlp-4x96-b16-e5",
           "rt-cnn-d20-f28-b8-e2")  # fmt: skip


def test_readme_numbers_of_held_out_round_26_match_the_result_files() -> None:
    """Round 26 kept rule 17 against the pooled guard: a slow 1-D CNN restarted early lost 17.88 pt."""
    text = re.sub(r"\s+", " ", README)
    runs = _rule17_round(ROUND26, "taso-auto-guard-pooled", {"guard_noise": "pooled"})
    val, short, mean = _minimax_numbers(runs)
    assert short["rule 17"] < short["candidate"]  # the round kept rule 17
    assert (f"mean validation accuracy {mean['rule 17']:.2f}% vs {mean['candidate']:.2f}%, largest shortfall "
            f"{short['rule 17']:.2f} vs {short['candidate']:.2f} pt") in text  # fmt: skip
    worst = max(val["candidate"], key=lambda k: val["rule 17"][k] - val["candidate"][k])
    assert worst == ("mnist1d-cnn-c20-b8-e3", 101)
    assert f"({val['candidate'][worst]:.2f}% against rule 17's {val['rule 17'][worst]:.2f}%)" in text
    (restart,) = runs["candidate"][worst]["details"]["guard"]["restarts"]
    (late,) = runs["rule 17"][worst]["details"]["guard"]["restarts"]
    assert restart["step"] < late["step"] and f"{restart['best_window_loss']:.2f}" == "2.09"


def test_readme_label_smoothing_numbers_match_the_printout() -> None:
    text = (RESULTS / "beyond" / "loss-floor.md").read_text(encoding="utf-8")
    digits = [line for line in text.splitlines() if line.startswith("| digits-mlp |")]
    seeds = [re.findall(r"x(\d+\.\d+)", line) for line in digits if "| mean |" not in line]
    as_is, shifted = [float(s[0]) for s in seeds], [float(s[1]) for s in seeds]
    means = re.findall(r"\d+\.\d+", next(line for line in digits if "| mean |" in line))
    flat = " ".join(README.split())
    assert (
        f"raised the rate {min(as_is):.1f}–{max(as_is):.1f}× instead of {min(shifted):.1f}–{max(shifted):.1f}× "
        f"with the floor subtracted, at the same accuracy ({means[0]} vs {means[1]}%" in flat
    )
    mnist = [line.split("|")[4:6] for line in text.splitlines() if line.startswith("| mnist1d-mlp |")]
    assert mnist and all(a.strip() == b.strip() for a, b in mnist)  # "nothing changed"


def _minimax_numbers(
    runs: dict[str, dict[tuple[str, int], dict]],
) -> tuple[dict[str, dict[tuple[str, int], float]], dict[str, float], dict[str, float]]:
    """A two-candidate round's final validation accuracies, largest shortfalls and means."""
    val = {c: {k: v["epochs"][-1]["val_accuracy"] for k, v in rs.items()} for c, rs in runs.items()}
    short = {c: max(max(val["rule 17"][k], val["candidate"][k]) - v[k] for k in v) for c, v in val.items()}
    mean = {c: float(np.mean(list(v.values()))) for c, v in val.items()}
    return val, short, mean


def _costs(runs: dict[str, dict[tuple[str, int], dict]]) -> tuple[dict[str, float], dict[str, int]]:
    """Each side's mean discarded share of the run (%) and its number of guard restarts."""
    share = {c: 100 * float(np.mean([d["details"]["discarded_fraction"] for d in rs.values()]))
             for c, rs in runs.items()}  # fmt: skip
    restarts = {c: sum(len(d["details"]["guard"]["restarts"]) for d in rs.values()) for c, rs in runs.items()}
    return share, restarts


def _costs_quoted(runs: dict[str, dict[tuple[str, int], dict]], text: str) -> None:
    """The page quotes "discarded X% vs Y% of the run, guard restarts A vs B" (candidate first)."""
    share, restarts = _costs(runs)
    assert (f"discarded {share['candidate']:.1f}% vs {share['rule 17']:.1f}% of the run, guard restarts "
            f"{restarts['candidate']} vs {restarts['rule 17']}") in text  # fmt: skip


def _trace(r: dict) -> list:
    """A run's per-epoch records without their wall times: equal for bit-identical runs."""
    return [{k: v for k, v in e.items() if k != "wall_time"} for e in r["epochs"]]


def _rule17_round(
    names: tuple[str, ...], candidate: str, hparams: dict, seeds: int = 4
) -> dict[str, dict[tuple[str, int], dict]]:
    """A held-out round's results per (workload, seed): rule 17's and the candidate's (``seeds`` each)."""
    runs: dict[str, dict[tuple[str, int], dict]] = {"rule 17": {}, "candidate": {}}
    for r in records("auto-holdout"):
        alg = r["config"]["algorithm"]
        if r["workload"] not in names:
            continue
        if alg["name"] == "taso-auto" and alg.get("revision") == 17 and not alg["hparams"]:
            runs["rule 17"][(r["workload"], r["seed"])] = r["result"]
        elif alg["name"] == candidate:
            assert alg["hparams"] == hparams
            runs["candidate"][(r["workload"], r["seed"])] = r["result"]
    assert len(runs["rule 17"]) == len(runs["candidate"]) == seeds * len(names)
    return runs


ROUND27 = ("rt-cnn-d28-f44-b16-e3", "imdb-cnn-d24-f32-b64-e2", "rt-cnn-d20-f52-b64-e5", "rt-cnn-d32-f32-b24-e4",
           "rt-cnn-d24-f28-b48-e4", "rt-cnn-d40-f36-b32-e3", "rt-cnn-d16-f48-b16-e4")  # fmt: skip


def test_readme_numbers_of_held_out_round_27_match_the_result_files() -> None:
    """Round 27 (20 seeds, criterion fixed before): runs at chance, the pooled paired interval, each
    workload's interval, the costs and the range tests' readings, recomputed here."""
    text = re.sub(r"\s+", " ", README)
    runs = _rule17_round(ROUND27, "taso-auto-prior", {"chance_loss": "prior"}, seeds=20)
    val, short, mean = _minimax_numbers(runs)
    chance = {c: sorted(k for k, v in val[c].items() if v < 60) for c in val}
    assert chance == {
        "rule 17": [("rt-cnn-d16-f48-b16-e4", 101), ("rt-cnn-d16-f48-b16-e4", 111)],
        "candidate": [],
    }
    low = [f"{val['rule 17'][k]:.2f}%" for k in chance["rule 17"]]
    assert f"seeds 101 and 111: {low[0]} and {low[1]}" in text

    def interval(keys: list[tuple[str, int]]) -> tuple[float, float, float]:
        d = np.array([val["candidate"][k] - val["rule 17"][k] for k in keys])
        half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
        return float(d.mean()), float(d.mean() - half), float(d.mean() + half)

    m, lo, hi = interval(list(val["rule 17"]))
    assert len(val["rule 17"]) == 140 and lo > -0.5  # criterion (2)
    assert f"**{m:+.2f} [{lo:+.2f}, {hi:+.2f}] pt** over the 140 pairs" in text
    per = {w: interval([(w, s) for s in range(100, 120)]) for w in ROUND27}
    assert all(h >= 0 for _, _, h in per.values())  # criterion (3)
    means = sorted(x[0] for x in per.values())
    assert f"(+{abs(means[0]):.2f} to {means[-1]:+.2f}" in text
    above = [x for x in per.values() if x[1] > 0]
    assert (
        len(above) == 1
        and f"{above[0][0]:+.2f} [{above[0][1]:+.2f}, {above[0][2]:+.2f}], wholly above" in text
    )
    share, restarts = _costs(runs)
    assert (f"Mean {mean['candidate']:.2f}% vs {mean['rule 17']:.2f}%, largest shortfall {short['candidate']:.2f} vs "
            f"{short['rule 17']:.2f} pt, discarded {share['candidate']:.1f}% vs {share['rule 17']:.1f}% of the run, "
            f"guard restarts {restarts['candidate']} vs {restarts['rule 17']}") in text  # fmt: skip
    findings = {
        c: [g["finding"] for d in rs.values() for g in d["details"]["groups"]] for c, rs in runs.items()
    }
    assert len(findings["candidate"]) == 280 and not any(f["real_drop"] for f in findings["candidate"])
    real = sum(f["real_drop"] for f in findings["rule 17"])
    assert f"none of the 280 range tests read a real drop (rule 17: {real})" in text
    tables = {f["reason"] for d in runs["candidate"].values() for g in d["details"]["groups"] if g["name"] == "tables"
              for f in [g["finding"]]}  # fmt: skip
    dense = {
        g["finding"]["reason"]
        for d in runs["candidate"].values()
        for g in d["details"]["groups"]
        if g["name"] == "dense"
    }
    assert tables == {"stable"} and dense == {"divergence"}
    lr = [runs["rule 17"][k]["details"]["groups"][0]["lr_initial"] for k in chance["rule 17"]]
    told = {f"{runs['candidate'][k]['details']['groups'][0]['lr_initial']:.2f}" for k in chance["rule 17"]}
    assert (
        f"$LR_I$ {lr[0]:.2g} and {lr[1]:.2g} instead of {told.pop()}".replace("e-06", "e-6") in text
        and not told
    )


ROUND23 = ("rt-fasttext-d24-b32-e4", "imdb-fasttext-d16-b48-e2", "rt-fasttext-d36-uni-b32-e4", "rt-cnn-d32-f40-b24-e3",
           "imdb-cnn-d16-f48-b32-e2", "rt-bilstm-d40-b24-e4", "rt-transformer-d40-l2-b48-e6",
           "imdb-transformer-d24-l1-b32-e2")  # fmt: skip


def test_readme_numbers_of_held_out_round_23_and_its_suite_check_match_the_result_files() -> None:
    """Round 23 chose ``other_groups="frozen"`` (minimax regret, ties by mean); on the suite the
    candidate (``auto-v23``) left one-group workloads bit-identical, moved IMDB fastText below zero
    with a paired interval, and lost a tally against tuned v2: rule 17 stays."""
    text = re.sub(r"\s+", " ", README)
    runs = _rule17_round(ROUND23, "taso-auto-others-frozen", {"other_groups": "frozen"})
    _, short, mean = _minimax_numbers(runs)
    share = {
        c: 100 * float(np.mean([d["details"]["discarded_fraction"] for d in rs.values()]))
        for c, rs in runs.items()
    }
    assert short["candidate"] < short["rule 17"]  # the round chose the candidate
    assert (f"largest shortfall {short['candidate']:.2f} vs {short['rule 17']:.2f} pt, mean validation accuracy "
            f"{mean['candidate']:.2f}% vs {mean['rule 17']:.2f}%, discarded {share['candidate']:.1f}% vs "
            f"{share['rule 17']:.1f}%") in text  # fmt: skip

    def auto(d: str) -> dict[tuple[str, int], dict]:
        return {(r["workload"], r["seed"]): r["result"] for r in records(d) if r["algorithm"] == "taso-auto"}

    v17, v23 = auto("auto-v17"), auto("auto-v23")
    assert set(v17) == set(v23) and len(v23) == 100
    one_group = {w for (w, _), r in v23.items() if len(r["details"]["groups"]) == 1}
    same = [k for k in v23 if k[0] in one_group]
    assert len(same) == 60 and all(v23[k]["test_accuracy"] == v17[k]["test_accuracy"] for k in same)
    assert all(v23[k]["final_train_loss"] == v17[k]["final_train_loss"] for k in same)
    names = {"imdb-fasttext": "IMDB fastText moved", "imdb-cnn": "the IMDB CNN",
             "rt-cnn": "the Rotten Tomatoes CNN", "rt-fasttext": "Rotten Tomatoes fastText"}  # fmt: skip
    for w, words in names.items():
        d = np.array([v23[(w, s)]["test_accuracy"] - v17[(w, s)]["test_accuracy"] for s in range(10)])
        half = stats.t.ppf(0.975, 9) * d.std(ddof=1) / math.sqrt(10)
        quoted = f"{words} {d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}]".replace("-", "−")
        assert quoted in text, quoted
        assert (d.mean() + half < 0) == (w == "imdb-fasttext")  # the one interval below zero
    restarts = {k: sum(len(r["details"]["guard"]["restarts"]) for (w, _), r in v.items() if w == "rt-cnn")
                for k, v in (("17", v17), ("23", v23))}  # fmt: skip
    assert f"({restarts['23']} guard restarts instead of {restarts['17']}," in text
    recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records("auto-v23")]
    tallies = counts(recs, "taso-auto")
    assert readme_triple(r"The authors'-grid tallies stayed \(best tuned") == tallies["best tuned"]
    assert (
        tallies["best tuned"]
        == counts(
            [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records("auto-v17")],
            "taso-auto",
        )["best tuned"]
    )
    assert readme_triple(r"3 / 7 / 0, sf-adamw") == tallies["sf-adamw"]
    v2 = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records("auto23-vs-tuned2")]
    assert readme_triple(r"against tuned v2 it has") == counts(v2, "taso-auto")["best tuned"]


def test_readme_hf_bert_numbers_match_the_printout() -> None:
    """The README's Hugging Face BERT paragraph quotes ``docs/results/beyond/hf-bert.md``."""
    text = (RESULTS / "beyond" / "hf-bert.md").read_text(encoding="utf-8")
    sections = {part.split("\n", 1)[0]: part for part in text.split("\n## ")[1:]}
    rt = _printout_rows(sections["Rotten Tomatoes sentences"])
    needle_part = sections["A needle: is token 7 among 16?"]
    needle = _printout_rows(needle_part)
    flat = " ".join(README.split())

    def mean_test(row: list[float]) -> float:
        values = row[1:6:2]  # three seeds' test accuracies
        assert abs(sum(values) / 3 - row[7]) < 0.006  # the printout's mean agrees
        return sum(values) / 3

    auto, adamw, taso = (mean_test(rt[m][0]) for m in ("autotaso", "adamw", "taso@0.1/0.01"))
    assert f"AutoTASO reached {auto:.2f}% test accuracy against {adamw:.2f}% for the Trainer's" in flat
    assert f"and {taso:.2f}% for TASO at the conventional" in flat
    assert auto < adamw < taso
    auto_lines = sections["Rotten Tomatoes sentences"].split("| autotaso |")[1].split("| adamw |")[0]
    assert auto_lines.count("'dense': 0.1}") == 3  # the no-drop cap on every seed
    seeds = needle["autotaso"][0][1:6:2]
    stuck = [t for t in seeds if t < 75]
    assert len(stuck) == 2 and "(72.27% test; AdamW and TASO at 0.1 / 0.01 100% on every seed)" in flat
    assert all(t == 72.27 for t in stuck) and max(seeds) == 100.0
    assert needle["adamw"][0][1:6:2] == needle["taso@0.1/0.01"][0][1:6:2] == [100.0] * 3
    dense = [float(x) for x in re.findall(r"'dense': ([\d.]+)\}", needle_part)[:3]]
    assert sorted(dense)[:2] == [0.0014, 0.0021]
    assert "chose 0.0021 and 0.0014, at which" in flat
    balanced_part = sections["The same needle with balanced labels"]
    balanced = _printout_rows(balanced_part)
    assert all(balanced[m][0][1:6:2] == [100.0] * 3 for m in ("autotaso", "adamw", "taso@0.1/0.01"))
    assert balanced_part.count("LR_I {'tables': 0.8439, 'dense': 0.1}") == 3
    assert "took 0.84 / 0.1, and AutoTASO found the token on every seed" in flat
    told_part = sections["The needle told the prior's loss"]
    told = _printout_rows(told_part)["autotaso-chance"][0][1:6:2]
    assert sorted(told) == [72.27, 72.27, 100.0]  # seeds 1 and 2 still at the prior
    told_dense = sorted(float(x) for x in re.findall(r"'dense': ([\d.]+)\}", told_part))
    assert told_dense == [0.0035, 0.0246, 0.1] and told_part.count("'tables': 0.8439") == 3
    assert (
        "the dense tests still read one of 17–21% *below* the prior's loss and chose 0.0246 and 0.0035"
        in flat
    )
    assert max(0.1 / d for d in told_dense[:2] + sorted(dense)[:2]) == pytest.approx(71, abs=0.5)
    assert "at rates 4–71× too small" in flat


def _imbalanced_runs(name: str, methods: int) -> tuple[dict[tuple[str, str], list[dict]], list[str]]:
    """``docs/results/beyond/imbalanced/<name>``'s runs by (workload, method): 8 workloads, each
    method 5 seeds; and the workloads."""
    runs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for line in (RESULTS / "beyond" / "imbalanced" / name).read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        runs[(r["workload"], r["method"])].append(r)
    assert len(runs) == 8 * methods and all(len(v) == 5 for v in runs.values())
    return runs, sorted({w for w, _ in runs})


def test_readme_imbalanced_third_set_verdict_matches_the_runs() -> None:
    """The third set's verdict, fixed before its runs (both options recommended if ahead of rule 17
    on average and behind by more than 0.5 pt of validation accuracy on no workload), recomputed
    from ``set3.jsonl``: not met."""
    runs, workloads = _imbalanced_runs("set3.jsonl", methods=7)  # the pooled guard's two came later
    flat = " ".join(README.split())

    def gap(m: str) -> dict[str, float]:
        def val(method: str, w: str) -> float:
            return sum(r["val_accuracy"] for r in runs[(w, method)]) / 5

        return {w: val(m, w) - val("taso-auto", w) for w in workloads}

    both = gap("taso-auto-chance-stable")
    mean = sum(both.values()) / 8
    worst = min(both.values())
    assert mean > 0 and worst < -0.5  # ahead on average, yet behind by more than 0.5 pt once: not met
    assert f"both together were ahead by {mean:.2f} pt of validation accuracy on average" in flat
    cnn = (both["mnist1d-cnn-c12-b32-e8:9"], both["mnist1d-cnn-c20-b32:3"])
    assert f"(two MNIST-1D CNNs +{cnn[0]:.2f} and +{cnn[1]:.2f}" in flat
    assert min(both, key=both.__getitem__) == "fashion-lenet5-8k-b32-e3:3"
    assert f"but behind by {-worst:.2f} pt on a LeNet-5 (class 3)" in flat
    chance, stable = gap("taso-auto-chance"), gap("taso-auto-stable")
    assert (
        f"(`chance_loss` +{sum(chance.values()) / 8:.2f}, `probe_stable_raise` +{sum(stable.values()) / 8:.2f}"
        in flat
    )
    lenet = (chance["fashion-lenet5-8k-b32-e3:3"], stable["fashion-lenet5-8k-b32-e3:3"])
    assert f"{lenet[0]:.2f}" == f"{lenet[1]:.2f}" == f"{worst:.2f}"  # "-0.85 each"
    assert f"−{-lenet[0]:.2f} each on the LeNet-5" in flat
    taso = gap("taso")
    assert (
        f"TASO's defaults were ahead of rule 17 by {sum(taso.values()) / 8:.2f} pt on average there" in flat
    )
    # the two seeds each option lost: one dead at the prior's loss, one answering "negative"
    lost = {m: [r for r in runs[("fashion-lenet5-8k-b32-e3:3", m)] if r["test_accuracy"] == 90.0]
            for m in ("taso-auto-chance", "taso-auto-stable")}  # fmt: skip
    assert [r["seed"] for r in lost["taso-auto-chance"]] == [2] and lost["taso-auto-chance"][0][
        "restarts"
    ] == 0
    assert abs(lost["taso-auto-chance"][0]["test_loss"] - 0.325) < 0.001
    assert [r["seed"] for r in lost["taso-auto-stable"]] == [4]
    assert lost["taso-auto-stable"][0]["probe_raised_by"] == pytest.approx(25.0)


def test_readme_imbalanced_fourth_set_verdict_matches_the_runs() -> None:
    """The fourth set's verdict, fixed before its runs (chance_loss with the pooled guard recommended
    if ahead of rule 17 on average and behind by more than 0.5 pt on none), from ``set4.jsonl``."""
    runs, workloads = _imbalanced_runs("set4.jsonl", methods=5)
    flat = " ".join(README.split())

    def gap(m: str, key: str = "val_accuracy") -> dict[str, float]:
        def mean(method: str, w: str) -> float:
            return sum(r[key] for r in runs[(w, method)]) / 5

        return {w: mean(m, w) - mean("taso-auto", w) for w in workloads}

    both = gap("taso-auto-chance-pooled")
    assert sum(both.values()) / 8 > 0 and min(both.values()) < -0.5  # not met
    assert min(both, key=both.__getitem__) == "digits-mlp-2x96-b24-e15:7"
    assert (f"it was ahead by {sum(both.values()) / 8:.2f} pt on average (an MNIST-1D MLP "
            f"+{both['mnist1d-mlp-2x64-b16-e6:8']:.2f}) but behind by {-min(both.values()):.2f} pt on a digits MLP") in flat  # fmt: skip
    assert all(abs(v) < 0.005 for v in gap("taso-auto-pooled").values())  # "alone it changed nothing"
    chance = gap("taso-auto-chance")
    assert (
        f"`chance_loss` alone was ahead by {sum(chance.values()) / 8:.2f} pt on average there, behind by at most {-min(chance.values()):.2f}"
        in flat
    )
    taso = gap("taso")
    assert f"rule 17 was ahead of TASO's defaults by {-sum(taso.values()) / 8:.2f} pt" in flat
    # the digits seed: restarted by the window's own test (rule 17, chance alone), never with pooling
    seed4 = {m: next(r for r in runs[("digits-mlp-2x96-b24-e15:7", m)] if r["seed"] == 4)
             for m in ("taso-auto", "taso-auto-chance", "taso-auto-chance-pooled")}  # fmt: skip
    assert seed4["taso-auto"]["restarts"] == seed4["taso-auto-chance"]["restarts"] == 1
    assert (
        seed4["taso-auto-chance-pooled"]["restarts"] == 0
        and seed4["taso-auto-chance-pooled"]["test_accuracy"] == 90.0
    )


def test_imbalanced_benchmark_builds_class_against_rest_labels_and_its_methods() -> None:
    """``benchmarks/autotaso_imbalanced.py``: "class c against the rest" keeps every example and
    relabels it in every split; the methods told the prior get its entropy from the training labels."""
    import importlib.util

    import torch

    from taso import prior_cross_entropy
    from taso.bench._workloads import get_workload, prepare

    spec = importlib.util.spec_from_file_location(
        "imbalanced", ROOT / "benchmarks" / "autotaso_imbalanced.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    original = prepare(get_workload("digits-mlp"))
    _, data, positive = module.imbalanced("digits-mlp:3")
    assert positive == 3 and data.num_classes == 2
    for split in ("train", "val", "test"):
        y0, y = getattr(original, f"y_{split}"), getattr(data, f"y_{split}")
        assert torch.equal(getattr(original, f"x_{split}"), getattr(data, f"x_{split}"))
        assert torch.equal(y, (y0 == 3).long())
    accuracy, entropy = module.prior(data.y_train)
    share = float(data.y_train.float().mean())
    assert accuracy == pytest.approx(100 * (1 - share)) and 0.09 < share < 0.11
    counts = torch.bincount(data.y_train, minlength=2).tolist()
    assert entropy == pytest.approx(prior_cross_entropy(counts), rel=1e-6)  # a float32 share
    both = module.algorithm("taso-auto-chance-stable", data).hparams
    assert both == {"chance_loss": pytest.approx(entropy, rel=1e-6), "probe_stable_raise": True}
    assert module.algorithm("taso-auto-chance", data).hparams == {
        "chance_loss": pytest.approx(entropy, rel=1e-6)
    }
    assert module.algorithm("taso-auto-stable", data).hparams == {"probe_stable_raise": True}
    with pytest.raises(ValueError, match=r"positive class of 'digits-mlp:10' must be in \[0, 10\)"):
        module.imbalanced("digits-mlp:10")


def test_readme_imbalanced_label_numbers_match_the_runs() -> None:
    """The README's imbalanced-labels paragraph and ``docs/results/beyond/imbalanced.md`` quote
    ``docs/results/beyond/imbalanced/runs.jsonl`` (5 seeds per workload and method)."""
    runs, workloads = _imbalanced_runs("runs.jsonl", methods=7)

    def mean(w: str, m: str) -> float:
        return round(sum(r["test_accuracy"] for r in runs[(w, m)]) / 5, 2)

    # guard_dead restarted the dead seed 2 of the Fashion LeNet-5 and changed no other run
    def key(r: dict) -> tuple:
        return (r["workload"], r["seed"], r["test_accuracy"], r["dense_lr"], r["restarts"])

    plain = {(r["workload"], r["seed"]): key(r) for w in workloads for r in runs[(w, "taso-auto")]}
    dead = {(r["workload"], r["seed"]): key(r) for w in workloads for r in runs[(w, "taso-auto-dead")]}
    changed = [k for k in plain if plain[k] != dead[k]]
    assert changed == [("fashion-lenet5:6", 2)] and dead[changed[0]][2] == 94.51
    stable = {w: mean(w, "taso-auto-stable") for w in workloads}
    assert stable["fashion-lenet5:6"] == 93.26 and stable["mnist1d-cnn:0"] == 99.74
    assert sum(stable[w] == mean(w, "taso-auto") for w in workloads) == 6
    assert (
        "raised the Fashion LeNet-5 from 92.18% to 93.26% and changed six workloads not at all"
        in " ".join(README.split())
    )
    defaults = ("taso", "sf-adamw", "adamw-cosine")
    flat = " ".join(README.split())
    page = (RESULTS / "beyond" / "imbalanced.md").read_text(encoding="utf-8")
    fashion = "fashion-lenet5:6"
    auto, told, taso = mean(fashion, "taso-auto"), mean(fashion, "taso-auto-chance"), mean(fashion, "taso")
    assert (auto, told, taso) == (92.18, 94.31, 94.65)
    assert (
        f"{auto:.2f}% against {taso:.2f}% for TASO's defaults" in flat
        and f"repaired both: {told:.2f}%" in flat
    )
    assert f"| {fashion} | 90.00 / 0.325 | taso-auto | {auto:.2f} |" in page
    assert sorted(r["seed"] for r in runs[(fashion, "taso-auto")] if r["test_accuracy"] == 90.0) == [2, 4]
    assert all(r["test_accuracy"] > 94 for r in runs[(fashion, "taso-auto-chance")] if r["seed"] in (2, 4))
    assert next(r["dense_lr"][0] for r in runs[(fashion, "taso-auto")] if r["seed"] == 4) == pytest.approx(
        0.00114, rel=0.01
    )
    # ahead on IMDB, where every default stayed at the prior's accuracy
    imdb = "imdb-fasttext"
    assert mean(imdb, "taso-auto") == 92.53 and {mean(imdb, m) for m in defaults} == {90.03}
    assert "(92.53% against 90.03% for the three others)" in flat
    # within 0.4 pt of the best default on six, ahead on one, behind on one (the LeNet-5)
    gaps = {w: round(mean(w, "taso-auto") - max(mean(w, m) for m in defaults), 2) for w in workloads}
    assert sorted(w for w, g in gaps.items() if g < -0.4) == [fashion]  # (Rotten Tomatoes fastText: -0.40)
    assert sorted(w for w, g in gaps.items() if g > 0.4) == [imdb]
    assert gaps["mnist1d-cnn:0"] == -0.39 and "MNIST-1D CNN 99.41 vs 99.80%" in flat
    # no method's mean beyond the prior on Rotten Tomatoes; 48 of 50 runs with a loss not below the prior's
    for w in ("rt-fasttext", "rt-cnn"):
        assert all(mean(w, m) <= 90.07 for m in (*defaults, "taso-auto", "taso-auto-chance"))
    not_below = sum(r["test_loss"] >= 0.98 * 0.323 for w in ("rt-fasttext", "rt-cnn") for m in
                    (*defaults, "taso-auto", "taso-auto-chance", "taso-auto-dead") for r in runs[(w, m)])  # fmt: skip
    assert not_below == 58 and "58 of the 60 runs" in page
    # chance_loss moved the seven other workloads' means by at most 0.1 pt
    others = [w for w in workloads if w != fashion]
    assert len(others) == 7 and "seven other workloads' means unchanged or within 0.1 pt" in flat
    assert all(abs(mean(w, "taso-auto-chance") - mean(w, "taso-auto")) <= 0.1 for w in others)


def test_readme_imbalanced_second_set_numbers_match_the_runs() -> None:
    """The README's second imbalanced set quotes ``docs/results/beyond/imbalanced/set2.jsonl``."""
    runs, workloads = _imbalanced_runs("set2.jsonl", methods=6)
    flat = " ".join(README.split())

    def mean(w: str, m: str) -> float:
        return round(sum(r["test_accuracy"] for r in runs[(w, m)]) / 5, 2)

    gaps = {w: round(mean(w, "taso-auto") - mean(w, "taso"), 2) for w in workloads}
    behind = sorted(-g for g in gaps.values() if g < 0)
    assert len(behind) == 7 and (behind[0], behind[-1]) == (0.20, 4.99)
    assert "behind TASO's defaults on seven of eight, by 0.20–4.99 pt" in flat
    assert (mean("mnist1d-cnn:5", "taso-auto"), mean("mnist1d-cnn:5", "taso")) == (93.48, 98.47)
    assert (mean("mnist1d-mlp:7", "taso-auto"), mean("mnist1d-mlp:7", "taso")) == (91.96, 95.67)
    assert "(MNIST-1D's CNN 93.48% vs 98.47%, its MLP 91.96% vs 95.67%" in flat
    # the seeds more than 0.5 pt behind TASO's mean: small readings the probe left, or probe raises
    losing = [
        r for w in workloads for r in runs[(w, "taso-auto")] if r["test_accuracy"] < mean(w, "taso") - 0.5
    ]
    small = [r for r in losing if r["dense_lr"][0] < 0.02]
    raised = [r for r in losing if r["dense_lr"][0] >= 0.02]
    assert (len(losing), len(small), len(raised)) == (18, 13, 5)
    assert all(r["probe_raised_by"] == 1.0 for r in small)
    assert min(r["dense_lr"][0] for r in small) == pytest.approx(0.0013, abs=5e-5)
    assert max(r["dense_lr"][0] for r in small) == pytest.approx(0.0146, abs=5e-5)
    assert min(r["probe_raised_by"] for r in raised) == pytest.approx(6.7, abs=0.05)
    assert max(r["probe_raised_by"] for r in raised) == pytest.approx(18.2, abs=0.05)
    assert sum(r["test_accuracy"] == 90.0 for r in raised) == 2
    assert "13 of its 18 seeds more than 0.5 pt behind read a small dense rate (0.0013–0.015)" in flat
    # chance_loss: the LeNet-5 gaps of classes 2 and 4 closed, MNIST-1D's not
    told = {w: mean(w, "taso-auto-chance") for w in workloads}
    assert (told["fashion-lenet5:2"], mean("fashion-lenet5:2", "taso")) == (96.94, 96.81)
    assert (told["fashion-lenet5:4"], mean("fashion-lenet5:4", "taso")) == (96.30, 96.43)
    assert (told["mnist1d-cnn:5"], told["mnist1d-mlp:7"]) == (94.68, 91.95)
    assert "but not MNIST-1D's (94.68% and 91.95%)" in flat
    # guard_dead never fired: every run identical to the default rule's
    for w in workloads:
        plain = sorted(
            (r["seed"], r["test_accuracy"], r["dense_lr"], r["restarts"]) for r in runs[(w, "taso-auto")]
        )
        dead = sorted(
            (r["seed"], r["test_accuracy"], r["dense_lr"], r["restarts"]) for r in runs[(w, "taso-auto-dead")]
        )
        assert plain == dead
    assert "(`guard_dead=True`" in flat and "never fired on the second set" in flat
    # probe_stable_raise (screened on this set): MNIST-1D's gaps closed, three unchanged, none worse
    stable = {w: mean(w, "taso-auto-stable") for w in workloads}
    assert (stable["mnist1d-cnn:5"], stable["mnist1d-mlp:7"]) == (98.38, 95.75)
    assert "MNIST-1D's CNN 93.48% → 98.38% and MLP 91.96% → 95.75%" in flat
    assert sum(stable[w] == mean(w, "taso-auto") for w in workloads) == 3
    assert all(stable[w] >= mean(w, "taso-auto") for w in workloads)


def _discarded_once(details: dict) -> int:
    """A record's guard restarts and probe, counted as ``AutoTASO.report()`` now counts them: each
    restart loses (t - gap) - (copy's step - the copy's gap), where gap is what the probe and earlier
    restarts had discarded (a copy taken at step s holds the gap of every event at or before s)."""
    probe = details.get("probe") or {}
    events = [(r["step"], r["restored_to_step"]) for r in details["guard"]["restarts"]]
    if probe.get("discarded_steps"):
        events.append((probe["start"] + probe["discarded_steps"], -1))  # -1: the probe's own restore
    gap, history, total = 0, [], 0
    for step, to in sorted(events):
        if to < 0:
            lost = probe["discarded_steps"]
        else:
            copy_gap = max((g for s, g in history if s <= to), default=0)
            lost = (step - gap) - (to - copy_gap)
        gap += lost
        history.append((step, gap))
        total += lost
    return total


def test_the_readme_states_how_the_old_records_overcount_a_restarts_discarded_steps() -> None:
    """The README's numbers for the records written before a restart counted its lost work once."""

    def recorded(d: dict) -> int:
        return sum(r["discarded_steps"] for r in d["guard"]["restarts"]) + (
            (d.get("probe") or {}).get("discarded_steps") or 0
        )

    suite = [r for r in records("auto-v17") if r["algorithm"] == "taso-auto"]
    over = [r for r in suite if recorded(r["result"]["details"]) != _discarded_once(r["result"]["details"])]
    assert [(r["workload"], r["seed"]) for r in over] == [("fashion-lenet5", 9)]
    (restart,) = over[0]["result"]["details"]["guard"]["restarts"]
    assert (restart["discarded_steps"], _discarded_once(over[0]["result"]["details"]) - 30) == (66, 36)
    assert over[0]["result"]["details"]["probe"]["discarded_steps"] == 30

    def share(rs: list[dict], once: bool) -> float:
        d = [r["result"]["details"] for r in rs]
        fix = [
            (x["discarded_steps"] - recorded(x) + _discarded_once(x)) if once else x["discarded_steps"]
            for x in d
        ]
        return 100 * float(np.mean([f / x["total_steps"] for f, x in zip(fix, d, strict=True)]))

    lenet = [r for r in suite if r["workload"] == "fashion-lenet5"]
    assert f"mean share {share(suite, False):.2f}% counted once {share(suite, True):.2f}%" in re.sub(
        r"\s+", " ", README
    )
    assert f"LeNet-5's {share(lenet, False):.2f}% → {share(lenet, True):.2f}%" in README
    held = [r["result"]["details"] for r in records("auto-holdout")]
    held = [d for d in held if d.get("guard", {}).get("restarts")]
    worse = [d for d in held if recorded(d) != _discarded_once(d)]
    largest = max((recorded(d) - _discarded_once(d)) / d["total_steps"] for d in worse)
    assert (
        f"on {len(worse)} of the {len(held)} runs with a restart (by up to {100 * largest:.1f}% of a run)"
        in re.sub(r"\s+", " ", README)
    )


def test_readme_numbers_of_the_rule_25_suite_check_match_the_result_files() -> None:
    """Round 27's choice on the suite (``auto-v25``): no workload's paired interval against rule 17
    below zero, but the tally against the best tuned method got worse: rule 17 stays."""
    text = re.sub(r"\s+", " ", README)

    def auto(d: str) -> dict[tuple[str, int], dict]:
        return {(r["workload"], r["seed"]): r["result"] for r in records(d) if r["algorithm"] == "taso-auto"}

    def interval(d: np.ndarray) -> tuple[float, float, float]:
        half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
        return float(d.mean()), float(d.mean() - half), float(d.mean() + half)

    def quote(x: tuple[float, float, float]) -> str:
        return f"{x[0]:+.2f} [{x[1]:+.2f}, {x[2]:+.2f}]".replace("-", "−")

    v17, v25 = auto("auto-v17"), auto("auto-v25")
    assert set(v17) == set(v25) and len(v25) == 100
    assert {r["details"]["chance_loss"] is not None for r in v25.values()} == {True}
    per = {
        w: interval(
            np.array([v25[(w, s)]["test_accuracy"] - v17[(w, s)]["test_accuracy"] for s in range(10)])
        )
        for w in {w for w, _ in v25}
    }
    assert all(hi >= 0 for _, _, hi in per.values())  # none below zero
    means = sorted(m for m, _, _ in per.values())
    assert f"(−{abs(means[0]):.2f} to {means[-1]:+.2f} pt; both fastText models bit-identical" in text
    for w in ("rt-fasttext", "imdb-fasttext"):
        assert all(v25[(w, s)]["epochs"] == v17[(w, s)]["epochs"] or _trace(v25[(w, s)]) == _trace(v17[(w, s)])
                   for s in range(10))  # fmt: skip
    assert f"the Rotten Tomatoes CNN {per['rt-cnn'][0]:+.2f}," in text
    assert f"LeNet-5 {quote(per['fashion-lenet5'])})" in text

    def best_tuned(d: str) -> list[dict]:
        return [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(d)]

    t25, t17 = counts(best_tuned("auto-v25"), "taso-auto"), counts(best_tuned("auto-v17"), "taso-auto")
    assert (
        readme_triple(r"but\s+against\s+the\s+best\s+tuned\s+method\s+its\s+tally\s+is")
        == t25["best tuned"]
        == (3, 6, 1)
    )
    assert (
        readme_triple(r"its\s+tally\s+is\s+3\s+/\s+6\s+/\s+1\s+\(rule\s+17:")
        == t17["best tuned"]
        == (3, 7, 0)
    )
    assert readme_triple(r"Against\s+schedule-free\s+AdamW's\s+defaults\s+it\s+has") == t25["sf-adamw"]
    assert (
        readme_triple(r"LeNet-5\s+now\s+a\s+win\),\s+against\s+tuned\s+v2")
        == counts(best_tuned("auto25-vs-tuned2"), "taso-auto")["best tuned"]
    )
    assert (
        counts(best_tuned("auto25-vs-tuned2"), "taso-auto")["best tuned"]
        == counts(best_tuned("auto17-vs-tuned2"), "taso-auto")["best tuned"]
    )  # "as rule 17"
    assert verdicts(best_tuned("auto-v25"), "taso-auto")["best tuned"]["fashion-lenet5-bn"] == "loss"
    assert verdicts(best_tuned("auto-v17"), "taso-auto")["best tuned"]["fashion-lenet5-bn"] == "tie"
    tuned = {(r["workload"], r["seed"]): r["result"]["test_accuracy"] for r in best_tuned("auto-v25")
             if r["algorithm"] == "best tuned" and r["workload"] == "fashion-lenet5-bn"}  # fmt: skip
    bn = {
        v: interval(np.array([a[k]["test_accuracy"] - tuned[k] for k in tuned]))
        for v, a in (("25", v25), ("17", v17))
    }
    assert f"is a Holm loss where rule 17's {quote(bn['17'])} was a tie" in text
    assert f"the BatchNorm LeNet-5, {quote(bn['25'])} pt, is a Holm loss" in text


ROUND28 = ("rt-cnn-d24-f40-b16-e3", "imdb-cnn-d28-f28-b48-e2", "rt-cnn-d16-f56-b32-e4", "rt-cnn-d36-f36-b24-e3",
           "rt-cnn-d20-f44-b16-e4", "rt-cnn-d28-f24-b64-e5", "rt-cnn-d44-f32-b48-e3")  # fmt: skip


def test_readme_numbers_of_held_out_round_28_match_the_result_files() -> None:
    """Round 28 (``chance_for="tables"``, round 27's design and criterion): runs at chance, the
    pooled interval, the bit-identical runs and the three that moved."""
    text = re.sub(r"\s+", " ", README)
    hparams = {"chance_loss": "prior", "chance_for": "tables"}
    runs = _rule17_round(ROUND28, "taso-auto-prior-tables", hparams, seeds=20)
    val, short, _ = _minimax_numbers(runs)
    chance = {c: sorted(k for k, v in val[c].items() if v < 60) for c in val}
    assert chance["candidate"] == [] and len(chance["rule 17"]) == 1
    assert f"runs at chance 0 vs 1 (rule 17's: {val['rule 17'][chance['rule 17'][0]]:.2f}%)" in text
    d = np.array([val["candidate"][k] - val["rule 17"][k] for k in val["rule 17"]])
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
    assert d.mean() - half > -0.5  # criterion (2)
    quoted = f"{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}] pt over the 140 pairs"
    assert quoted.replace("-", "−") in text
    moved = [k for k in runs["rule 17"] if _trace(runs["rule 17"][k]) != _trace(runs["candidate"][k])]
    assert f"{140 - len(moved)} of the 140 runs were bit-identical" in text and len(moved) == 3
    lrs = sorted(runs["rule 17"][k]["details"]["groups"][0]["lr_initial"] for k in moved)
    assert all(runs["rule 17"][k]["details"]["groups"][0]["finding"]["real_drop"] for k in moved)
    told = {f"{runs['candidate'][k]['details']['groups'][0]['lr_initial']:.2f}" for k in moved}
    assert (
        f"$LR_I$ {lrs[1]:.2g}, {lrs[2]:.2g} and {lrs[0]:.2g} instead of {told.pop()}".replace("e-06", "e-6")
        in text
    )
    assert not told
    for k in moved:
        assert f"{val['rule 17'][k]:.2f} → {val['candidate'][k]:.2f}%" in text
    assert f"Largest shortfall {short['candidate']:.2f} vs {short['rule 17']:.2f} pt" in text


ROUND29 = ("fashion-lenet5-bn-15k-b64-e4", "fashion-lenet5-bn-16k-b128-e6", "fashion-resnet-6-12-24-10k-b64-e3",
           "fashion-resnet-8-16-32-6k-b32-e2", "rt-transformer-d40-l1-b48-e5")  # fmt: skip
RULE28_HPARAMS = {"chance_loss": "prior", "chance_for": "tables"}


def _against_rule28(
    names: tuple[str, ...], candidate: str, hparams: dict, revision: int, store: str = "auto-holdout"
) -> dict[str, dict]:
    """A powered round against rule 28: each side's results per (workload, seed), seeds 100-119
    ("rule 17" is the base's key, as in ``_minimax_numbers``)."""
    runs: dict[str, dict[tuple[str, int], dict]] = {"rule 17": {}, "candidate": {}}
    for r in records(store):
        alg = r["config"]["algorithm"]
        if r["workload"] in names and alg["name"] == "taso-auto" and alg.get("revision") == 28:
            assert alg["hparams"] == RULE28_HPARAMS
            runs["rule 17"][(r["workload"], r["seed"])] = r["result"]
        elif r["workload"] in names and alg["name"] == candidate:
            assert alg["hparams"] == {**RULE28_HPARAMS, **hparams} and alg["revision"] == revision
            runs["candidate"][(r["workload"], r["seed"])] = r["result"]
    assert len(runs["rule 17"]) == len(runs["candidate"]) == 20 * len(names)
    return runs


def _round27_criterion(
    runs: dict[str, dict], names: tuple[str, ...], text: str
) -> tuple[list[str], dict, dict]:
    """Round 27's criterion on ``runs``, checked: no run below 60%, the pooled interval (quoted in
    ``text``) above -0.5, no workload's interval wholly below zero; each workload's interval as
    quoted, and the largest shortfalls and means."""
    val, short, mean = _minimax_numbers(runs)
    assert all(v >= 60 for c in val for v in val[c].values())  # criterion (1): none below 60%

    def interval(keys: list[tuple[str, int]]) -> str:
        d = np.array([val["candidate"][k] - val["rule 17"][k] for k in keys])
        half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
        assert d.mean() + half >= 0  # criterion (3) (and (2) below)
        return f"{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}]".replace("-", "−")

    pooled = interval(list(val["rule 17"]))
    assert float(pooled.split("[")[1].split(",")[0].replace("−", "-")) > -0.5  # criterion (2)
    assert f"**{pooled} pt** over the {len(val['rule 17'])} pairs" in text
    return [interval([(w, s) for s in range(100, 120)]) for w in names], short, mean


def test_readme_numbers_of_held_out_round_29_match_the_result_files() -> None:
    """Round 29 (``norm_divisor=1`` against rule 28, round 27's design and criterion): no runs
    below 60%, the pooled interval, each workload's interval, the costs and how LR_I moved."""
    text = re.sub(r"\s+", " ", README)
    runs = _against_rule28(ROUND29, "taso-auto-norm-div1", {"norm_divisor": 1.0}, 29)
    per, short, mean = _round27_criterion(runs, ROUND29, text)
    assert ("LeNet-5s {}, {}; ResNets {}, {}; Transformer {}".format(*per)) in text
    assert f"Mean {mean['candidate']:.2f} vs {mean['rule 17']:.2f}%" in text
    assert f"largest shortfall {short['candidate']:.2f} vs {short['rule 17']:.2f} pt" in text
    share = {
        c: 100 * float(np.mean([d["details"]["discarded_fraction"] for d in rs.values()]))
        for c, rs in runs.items()
    }
    assert f"discarded {share['candidate']:.1f}% vs {share['rule 17']:.1f}%" in text
    ratios = [
        runs["candidate"][k]["details"]["groups"][i]["lr_initial"] / g["lr_initial"]
        for k, r in runs["rule 17"].items()
        for i, g in enumerate(r["details"]["groups"])
    ]
    moved = [x for x in ratios if abs(x - 1) > 1e-9]
    assert len(ratios) == 120 and len(moved) == 100 and min(moved) > 1
    assert (
        f"$LR_I$ moved on 100 of 120 range tests, ×{np.median(moved):.0f} at the median, up to ×{max(moved):.0f}"
        in text
    )


ROUND37 = ("fashion-lenet5-14k-b64-e4", "fashion-lenet5-bn-12k-b96-e5", "fashion-resnet-6-12-24-8k-b48-e3",
           "mnist1d-cnn-c24-b48-e15", "mnist1d-mlp-2x120-b48-e20", "digits-mlp-96-b24-e30",
           "imdb-fasttext-d24-b48-e3", "rt-cnn-d40-f40-b32-e5")  # fmt: skip


def _interval(d: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% paired t-interval of the differences ``d``."""
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
    return float(d.mean()), float(d.mean() - half), float(d.mean() + half)


def _quoted(m: float, lo: float, hi: float) -> str:
    return f"{m:+.2f} [{lo:+.2f}, {hi:+.2f}]".replace("-", "−")


def test_readme_numbers_of_held_out_round_37_match_the_result_files() -> None:
    """Round 37 (beta 0.8 against rule 28; criterion fixed before: none below 60%, the pooled
    interval wholly above zero, no workload's interval wholly below zero): the first two held, the
    Rotten Tomatoes text CNN's interval lies below zero, so it was rejected; the range tests are
    untouched (the curve starts after them)."""
    text = re.sub(r"\s+", " ", README)
    runs = _against_rule28(ROUND37, "taso-auto-beta08", {}, 37, store="auto-holdout37")
    kw = {c: {r["config"]["algorithm"]["schedule_kwargs"]["beta"] for r in records("auto-holdout37")
              if (r["config"]["algorithm"]["name"] == "taso-auto") == (c == "rule 17")} for c in runs}  # fmt: skip
    assert kw == {"rule 17": {0.7}, "candidate": {0.8}}
    val, short, mean = _minimax_numbers(runs)
    assert all(v >= 60 for c in val for v in val[c].values())  # (1)
    cells = list(val["rule 17"])
    pooled = _interval(np.array([val["candidate"][k] - val["rule 17"][k] for k in cells]))
    assert pooled[1] > 0  # (2) held
    assert f"**{_quoted(*pooled)} pt** over the 160 pairs" in text
    per = {w: _interval(np.array([val["candidate"][w, s] - val["rule 17"][w, s] for s in range(100, 120)]))
           for w in ROUND37}  # fmt: skip
    assert [w for w, (_, _, hi) in per.items() if hi < 0] == ["rt-cnn-d40-f40-b32-e5"]  # (3) failed
    assert f"text CNN lost **{_quoted(*per['rt-cnn-d40-f40-b32-e5'])}**, wholly below zero" in text
    assert ("LeNet-5 {}, with batch norm {}, ResNet {}, 1-D CNN {}; the MNIST-1D MLP {}, digits {}".format(
        *(_quoted(*per[w]) for w in ROUND37[:6]))) in text  # fmt: skip
    assert f"IMDB fastText level ({_quoted(*per['imdb-fasttext-d24-b48-e3'])})" in text
    assert f"mean {mean['candidate']:.2f} vs {mean['rule 17']:.2f}%" in text
    assert f"largest shortfall {short['candidate']:.2f} vs {short['rule 17']:.2f} pt" in text

    def read(r: dict) -> list[float]:  # the range tests' readings, before the probe and the guard
        return [g["finding"]["lr"] for g in r["details"]["groups"]]

    assert sum(len(read(r)) for r in runs["rule 17"].values()) == 200
    assert all(read(runs["candidate"][k]) == read(r) for k, r in runs["rule 17"].items())
    assert "their readings moved on none of the 200" in text

    def lr_i(r: dict) -> list[float]:
        return [g["lr_initial"] for g in r["details"]["groups"]]

    def probed(r: dict) -> list[float] | None:
        return (r["details"].get("probe") or {}).get("lr_initial")

    by_probe = [k for k, r in runs["rule 17"].items() if probed(r) != probed(runs["candidate"][k])]
    by_guard = [k for k, r in runs["rule 17"].items()
                if k not in by_probe and lr_i(r) != lr_i(runs["candidate"][k])]  # fmt: skip
    assert (
        f"another $LR_I$ on {len(by_probe)} of the 160 runs (a guard restart set it on {len(by_guard)} more)"
        in text
    )
    _costs_quoted(runs, text)
    from taso.bench._algorithms import get_algorithm

    assert get_algorithm("taso-auto").schedule_kwargs["beta"] != 0.8  # not registered (rule 38's "auto" was)


ROUND38 = ("fashion-lenet5-10k-b32-e3", "fashion-lenet5-bn-14k-b128-e5", "fashion-resnet-8-16-32-9k-b64-e3",
           "fashion-mlp-2x128-10k-b64-e4", "mnist1d-cnn-c32-b64-e20", "mnist1d-cnn-c18-b40-e12",
           "mnist1d-mlp-2x160-b64-e25", "digits-mlp-2x80-b32-e30")  # fmt: skip


def test_readme_numbers_of_held_out_round_38_match_the_result_files() -> None:
    """Round 38 (beta="auto" against rule 28 on models without tables, round 37's criterion): all
    three held; the intervals, means, the largest shortfall and where it came from (the probe)."""
    text = re.sub(r"\s+", " ", README)
    runs = _against_rule28(ROUND38, "taso-auto-beta-auto", {}, 38, store="auto-holdout38")
    assert all(r["details"]["beta"] == {"requested": "auto", "value": 0.8, "why": "no tables"}
               for r in runs["candidate"].values())  # fmt: skip
    val, short, mean = _minimax_numbers(runs)
    assert all(v >= 60 for c in val for v in val[c].values())  # (1)
    pooled = _interval(np.array([val["candidate"][k] - val["rule 17"][k] for k in val["rule 17"]]))
    assert pooled[1] > 0 and f"**{_quoted(*pooled)} pt** over the 160 pairs" in text  # (2)
    per = [_interval(np.array([val["candidate"][w, s] - val["rule 17"][w, s] for s in range(100, 120)]))
           for w in ROUND38]  # fmt: skip
    assert all(hi >= 0 for _, _, hi in per)  # (3)
    assert ("LeNet-5 {}, with batch norm {}, ResNet {}, MLP {}; MNIST-1D CNNs {} and {}, MLP {}; digits {}".format(
        *(_quoted(*x) for x in per))) in text  # fmt: skip
    assert f"Mean {mean['candidate']:.2f} vs {mean['rule 17']:.2f}%" in text
    worst = max(val["rule 17"], key=lambda k: val["rule 17"][k] - val["candidate"][k])
    assert worst == ("fashion-lenet5-10k-b32-e3", 104) and short["candidate"] == pytest.approx(
        val["rule 17"][worst] - val["candidate"][worst])  # fmt: skip
    raised = [runs[c][worst]["details"]["probe"]["raised_by"] for c in ("rule 17", "candidate")]
    assert (f"largest shortfall {short['candidate']:.2f} vs {short['rule 17']:.2f} pt: seed 104, "
            f"{val['rule 17'][worst]:.2f} → {val['candidate'][worst]:.2f}%, where the probe raised $LR_I$ "
            f"×{raised[1]:.1f} instead of ×{raised[0]:.2f}") in text  # fmt: skip
    span = {c: [runs[c][worst[0], s]["details"]["probe"]["raised_by"] for s in range(100, 120)] for c in runs}
    assert (f"×{min(span['rule 17']):.2f}–{max(span['rule 17']):.2f} across the 20 seeds under rule 28 and "
            f"×{min(span['candidate']):.2f}–{max(span['candidate']):.2f} under the candidate") in text  # fmt: skip
    _costs_quoted(runs, text)


ROUND31 = ("rt-cnn-d26-f34-b32-e3", "imdb-cnn-d20-f24-b40-e2", "rt-fasttext-d28-b20-e3",
           "imdb-fasttext-d20-uni-b40-e2", "rt-bilstm-d36-b40-e3", "rt-transformer-d28-l1-b40-e4")  # fmt: skip


def test_readme_numbers_of_held_out_round_31_match_the_result_files() -> None:
    """Round 31 (``adagrad_lr="scale"`` against rule 28, round 27's criterion and a lower discarded
    share): no run below 60%, the intervals, means, shortfalls, discards and guard restarts; the
    candidate's tables were not swept and took their scale (about 1 for N(0, 1) tables)."""
    text = re.sub(r"\s+", " ", README)
    runs = _against_rule28(ROUND31, "taso-auto-adagrad-scale", {"adagrad_lr": "scale"}, 31)
    for r in runs["candidate"].values():
        tables = r["details"]["groups"][0]
        assert (tables["name"], tables["lr_from"], tables["swept"]) == ("tables", "scale", False)
        assert abs(tables["lr_initial"] - 1) < 0.01
    per, short, mean = _round27_criterion(runs, ROUND31, text)
    assert "text CNNs {} and {}, fastText {} and {}, BiLSTM {}, Transformer {}".format(*per) in text
    assert f"mean {mean['candidate']:.2f} vs {mean['rule 17']:.2f}%" in text
    assert f"largest shortfall {short['candidate']:.2f} vs {short['rule 17']:.2f} pt" in text
    share = {c: [d["details"]["discarded_fraction"] for d in rs.values()] for c, rs in runs.items()}
    assert share["candidate"] and np.mean(share["candidate"]) < np.mean(share["rule 17"])  # criterion (4)
    assert (
        f"**discarded {100 * np.mean(share['candidate']):.1f}% vs {100 * np.mean(share['rule 17']):.1f}%** of the run "
        f"(largest {100 * max(share['candidate']):.1f} vs {100 * max(share['rule 17']):.1f}%; "
        f"{sum(x <= 0.05 for x in share['candidate'])} of 120 runs within 5% against "
        f"{'none' if not any(x <= 0.05 for x in share['rule 17']) else sum(x <= 0.05 for x in share['rule 17'])})"
    ) in text
    restarts = _costs(runs)[1]
    assert f"guard restarts {restarts['candidate']} vs {restarts['rule 17']}" in text


def test_rule_31_suite_check_matches_the_readme() -> None:
    """The rejected rule 31 (``adagrad_lr="scale"``) on the suite: the runs without tables equal
    rule 28's, the text models' intervals against it and their discards, and every tally."""
    text = re.sub(r"\s+", " ", README)

    def tuned(d: str) -> list[dict]:
        return [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(d)]

    def auto(d: str) -> dict[tuple[str, int], dict]:
        return {(r["workload"], r["seed"]): r for r in records(d) if r["algorithm"] == "taso-auto"}

    v28, v31 = auto("auto-v28"), auto("auto-v31")
    assert set(v28) == set(v31) and len(v31) == 100
    assert {r["config"]["algorithm"]["revision"] for r in v31.values()} == {31}
    assert all(r["config"]["algorithm"]["hparams"]["adagrad_lr"] == "scale" for r in v31.values())
    assert {r["environment"]["device_name"] for r in v31.values()} == {
        "AMD EPYC (family 25, model 1, stepping 1; avx2)"
    }
    same = {k for k in v31 if _trace(v31[k]["result"]) == _trace(v28[k]["result"])}
    text_models = ("imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext")
    assert len(same) == 60 and {w for w, _ in set(v31) - same} == set(text_models)
    assert "The 60 runs of the six models without tables are bit-identical to rule 28's" in text
    quoted, shares = [], []
    for w in text_models:
        d = np.array(
            [
                v31[(w, s)]["result"]["test_accuracy"] - v28[(w, s)]["result"]["test_accuracy"]
                for s in range(10)
            ]
        )
        half = stats.t.ppf(0.975, 9) * d.std(ddof=1) / math.sqrt(10)
        assert d.mean() + half > 0  # the rule fixed before: no workload's interval wholly below zero
        quoted.append(f"{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}]".replace("-", "−"))
        for v in (v31, v28):
            shares.append(
                100 * np.mean([v[(w, s)]["result"]["details"]["discarded_fraction"] for s in range(10)])
            )
    assert (
        "IMDB CNN {} , Rotten Tomatoes CNN {} , IMDB fastText {} , Rotten Tomatoes fastText {} pt".format(
            *quoted
        ).replace(" ,", ",")
        in text
    )
    assert (
        "discarded {:.1f}, {:.1f}, {:.1f} and {:.1f}% of the run there (rule 28: {:.1f}, {:.1f}, {:.1f}, {:.1f}%)".format(
            *shares[0::2], *shares[1::2]
        )
        in text
    )
    per_workload = [
        np.mean([v31[k]["result"]["details"]["discarded_fraction"] for k in v31 if k[0] == w])
        for w in {k[0] for k in v31}
    ]
    mean = {
        c: 100 * np.mean([r["result"]["details"]["discarded_fraction"] for r in v.values()])
        for c, v in (("31", v31), ("28", v28))
    }
    assert f"**3.3% on average** (rule 28: {mean['28']:.1f}%)" in text and f"{mean['31']:.1f}" == "3.3"
    assert (
        100 * max(per_workload) <= 5 and f"{100 * max(per_workload):.1f}" == "4.8"
    )  # the compute target met
    restarts = {
        c: sum(len(v[k]["result"]["details"]["guard"]["restarts"]) for k in v if k[0] in text_models)
        for c, v in (("31", v31), ("28", v28))
    }
    assert f"the guard restarted {restarts['31']} vs {restarts['28']} times" in text
    assert counts(tuned("auto-v31"), "taso-auto") == counts(tuned("auto-v28"), "taso-auto")
    assert counts(tuned("auto-v31"), "taso-auto")["best tuned"] == (3, 6, 1)
    assert counts(tuned("auto31-vs-tuned-rerun"), "taso-auto")["best tuned"] == (3, 6, 1)
    assert counts(tuned("auto31-vs-tuned-taso"), "taso-auto")["best tuned"] == (4, 6, 0)
    assert counts(tuned("auto28-vs-tuned-taso"), "taso-auto")["best tuned"] == (3, 7, 0)
    worse, before = (
        counts(tuned("auto31-vs-tuned2"), "taso-auto"),
        counts(tuned("auto28-vs-tuned2"), "taso-auto"),
    )
    assert worse["best tuned"] == (0, 6, 4) and before["best tuned"] == (1, 6, 3)  # worse: rejected
    assert "it has 0 / 6 / 4 (rule 28: 1 / 6 / 3)" in text
    changed = {
        w: (a, b)
        for w, a in verdicts(tuned("auto28-vs-tuned2"), "taso-auto")["best tuned"].items()
        if (b := verdicts(tuned("auto31-vs-tuned2"), "taso-auto")["best tuned"][w]) != a
    }
    assert changed == {"imdb-cnn": ("win", "tie"), "imdb-fasttext": ("tie", "loss")}


def test_rule_28_suite_check_and_the_machine_check_match_the_readme() -> None:
    """Rule 28 on the suite equals rule 17 rerun on the same machine run for run; that rerun
    differs from ``auto-v17`` (another machine) wherever the README says; ``auto-v17``'s own commit
    on this machine reproduces the rerun, not ``auto-v17``; rule 25 re-judged against the rerun."""
    text = re.sub(r"\s+", " ", README)

    def auto(d: str) -> dict[tuple[str, int], dict]:
        return {(r["workload"], r["seed"]): r for r in records(d) if r["algorithm"] == "taso-auto"}

    def interval(d: list[float]) -> tuple[float, float, float]:
        a = np.array(d)
        half = stats.t.ppf(0.975, len(a) - 1) * a.std(ddof=1) / math.sqrt(len(a))
        return float(a.mean()), float(a.mean() - half), float(a.mean() + half)

    v17, rerun, v28, v25 = auto("auto-v17"), auto("auto-v17-rerun"), auto("auto-v28"), auto("auto-v25")
    assert len(v28) == len(rerun) == len(v17) == 100 and set(v28) == set(rerun) == set(v17)
    assert {r["config"]["algorithm"]["revision"] for r in v28.values()} == {28}
    assert {r["key"] for r in rerun.values()} == {
        r["key"] for r in v17.values()
    }  # the same runs, trained again
    assert all(_trace(v28[k]["result"]) == _trace(rerun[k]["result"]) for k in v28)  # "all 100 runs"
    same = {k for k in v17 if _trace(v17[k]["result"]) == _trace(rerun[k]["result"])}
    assert {w for w, _ in same} == {"rt-fasttext", "imdb-fasttext"} and len(same) == 20
    assert "agree bit for bit on the two fastText models only; on the other 80 runs" in text

    def acc(runs: dict, w: str) -> list[float]:
        return [runs[(w, s)]["result"]["test_accuracy"] for s in range(10)]

    per = {w: interval(list(np.subtract(acc(rerun, w), acc(v17, w)))) for w in {w for w, _ in v17}}
    assert all(lo <= 0 <= hi for _, lo, hi in per.values())  # no interval excludes zero
    means = sorted(m for m, _, _ in per.values())
    assert f"differ by −{abs(means[0]):.2f} to {means[-1]:+.2f} pt" in text
    # the machine check: auto-v17's commit, here, gives this machine's numbers
    check = auto("machine-check")
    assert len(check) == 4 and {r["environment"]["git_commit"] for r in check.values()} == {
        r["environment"]["git_commit"] for r in v17.values()
    }
    for k, r in check.items():
        assert r["key"] == v17[k]["key"] and _trace(r["result"]) == _trace(rerun[k]["result"])
        assert _trace(r["result"]) != _trace(v17[k]["result"])
    seed3 = [v17[("mnist1d-cnn", 3)], rerun[("mnist1d-cnn", 3)]]
    reads = [r["result"]["details"]["groups"][0]["finding"]["lr"] for r in seed3]
    assert f"seed 3 read {reads[1]:.2g} here, {reads[0]:.2g} there" in text
    assert rerun[("mnist1d-cnn", 0)]["environment"]["device_name"].startswith(("AMD", "Intel"))

    def best_tuned(d: str) -> list[dict]:
        return [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(d)]

    tuned = {(r["workload"], r["seed"]): r["result"]["test_accuracy"] for r in best_tuned("auto-v28")
             if r["algorithm"] == "best tuned" and r["workload"] == "fashion-lenet5-bn"}  # fmt: skip
    for runs, quoted in ((v17, "−0.28 [−0.53, −0.04], a tie there"), (v28, "−0.36 [−0.57, −0.16] pt behind")):
        m, lo, hi = interval([runs[k]["result"]["test_accuracy"] - tuned[k] for k in sorted(tuned)])
        assert quoted.startswith(f"{m:+.2f} [{lo:+.2f}, {hi:+.2f}]".replace("-", "−")) and quoted in text
    assert verdicts(best_tuned("auto-v28"), "taso-auto")["best tuned"]["fashion-lenet5-bn"] == "loss"
    # rule 25 re-judged against the rerun
    moved = {k for k in v25 if _trace(v25[k]["result"]) != _trace(rerun[k]["result"])}
    by = sorted(Counter(w for w, _ in moved).items())
    assert by == [("imdb-cnn", 6), ("mnist1d-mlp", 1), ("rt-cnn", 2)]
    assert f"{100 - len(moved)} of its 100 runs are bit-identical, the nine that moved" in text
    r25 = [interval(list(np.subtract(acc(v25, w), acc(rerun, w)))) for w in {w for w, _ in v25}]
    assert all(lo <= 0 <= hi for _, lo, hi in r25)
    assert f"(−{abs(min(m for m, _, _ in r25)):.2f} to 0.00 pt)" in text and max(m for m, _, _ in r25) == 0
    assert counts(best_tuned("auto-v25"), "taso-auto") == counts(best_tuned("auto-v17-rerun"), "taso-auto")


def test_the_readme_table_of_autotaso_is_its_report() -> None:
    """The rows of "Rule 28 on the suite" (docs/autotaso.md) are ``auto-v28``'s report rows (the page
    adds the tuned family)."""
    section = README.split("## Rule 28 on the suite")[1].split("**Where it stands")[0]
    readme_rows = [line for line in section.splitlines() if line.startswith("| ") and "±" in line]
    report = (RESULTS / "auto-v28" / "report.md").read_text()
    report_rows = [line for line in report.split("## Summary")[1].split("## AutoTASO")[0].splitlines()
                   if line.startswith("| ") and "±" in line]  # fmt: skip
    assert len(readme_rows) == len(report_rows) == 10
    for mine, theirs in zip(readme_rows, report_rows, strict=True):
        assert (
            re.sub(r" \((?:adagrad|adam|taso|sf-adamw|rmsprop|sgd[a-z-]*|adamw[a-z-]*)\)", "", mine) == theirs
        )


def test_rule_28_against_the_best_tuned_method_trained_on_the_same_machine_matches_the_readme() -> None:
    """``tuned-paper-rerun`` holds the same runs (keys) as ``auto-v17``'s best tuned method, trained
    again; against them rule 28 keeps its one Holm loss, the BatchNorm LeNet-5, with the interval
    and p-value the README quotes."""
    text = re.sub(r"\s+", " ", README)
    old = {r["key"] for r in records("auto-v17") if "tuning" in r}
    rerun = records("tuned-paper-rerun")
    assert len(rerun) == 100 and {r["key"] for r in rerun} == old
    recs = [
        {**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records("auto28-vs-tuned-rerun")
    ]
    assert {r["key"] for r in recs if r["algorithm"] == "best tuned"} == old
    assert (
        readme_triple(r"auto28-vs-tuned-rerun/report.md\)\), has") == counts(recs, "taso-auto")["best tuned"]
    )
    assert verdicts(recs, "taso-auto")["best tuned"]["fashion-lenet5-bn"] == "loss"
    acc = {
        (r["algorithm"], r["seed"]): r["result"]["test_accuracy"]
        for r in recs
        if r["workload"] == "fashion-lenet5-bn"
    }
    d = np.array([acc[("taso-auto", s)] - acc[("best tuned", s)] for s in range(10)])
    half = stats.t.ppf(0.975, 9) * d.std(ddof=1) / math.sqrt(10)
    p = stats.ttest_1samp(d, 0).pvalue
    quoted = f"{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}] pt (p = {p:.3f})".replace(
        "-", "−"
    )
    assert f"the BatchNorm LeNet-5 again {quoted}" in text


def test_rule_29_suite_check_matches_the_readme() -> None:
    """The rejected rule 29 (``norm_divisor=1``) on the suite: its runs against rule 28's (the same
    machine), its tallies against every reference the README quotes, and the verdict's cause."""
    text = re.sub(r"\s+", " ", README)

    def tuned(d: str) -> list[dict]:
        return [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(d)]

    def auto(d: str) -> dict[tuple[str, int], dict]:
        return {(r["workload"], r["seed"]): r for r in records(d) if r["algorithm"] == "taso-auto"}

    v28, v29 = auto("auto-v28"), auto("auto-v29")
    assert set(v28) == set(v29) and len(v29) == 100
    assert {r["config"]["algorithm"]["revision"] for r in v29.values()} == {29}
    assert all(r["config"]["algorithm"]["hparams"]["norm_divisor"] == 1.0 for r in v29.values())
    # trained on rule 28's machine (whose records predate the processor's name: "x86_64")
    assert {r["environment"]["device_name"] for r in v29.values()} == {
        "AMD EPYC (family 25, model 1, stepping 1; avx2)"
    }
    same = {k for k in v29 if _trace(v29[k]["result"]) == _trace(v28[k]["result"])}
    assert f"{len(same)} of its 100 runs are bit-identical to rule 28's" in text
    assert {w for w, _ in set(v29) - same} == {"fashion-lenet5-bn", "fashion-resnet"}
    for workload in ("fashion-lenet5-bn", "fashion-resnet"):
        d = np.array(
            [
                v29[(workload, s)]["result"]["test_accuracy"] - v28[(workload, s)]["result"]["test_accuracy"]
                for s in range(10)
            ]
        )
        half = stats.t.ppf(0.975, 9) * d.std(ddof=1) / math.sqrt(10)
        assert d.mean() + half > 0  # the rule fixed before: no workload's interval wholly below zero
        quoted = f"**{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}] pt**".replace("-", "−")
        assert quoted in text
    ref = counts(tuned("auto-v29"), "taso-auto")
    old = counts(tuned("auto-v28"), "taso-auto")
    assert readme_triple(r"Against the best tuned method it has") == ref["best tuned"] == (3, 7, 0)
    assert (
        readme_triple(r"But against schedule-free\s+AdamW's defaults it has") == ref["sf-adamw"] == (4, 6, 0)
    )
    assert old["sf-adamw"] == (6, 4, 0) and ref["sf-adamw"][0] < old["sf-adamw"][0]  # worse: rejected
    assert counts(tuned("auto29-vs-tuned-rerun"), "taso-auto")["best tuned"] == (3, 7, 0)
    assert counts(tuned("auto29-vs-tuned-taso"), "taso-auto")["best tuned"] == (3, 7, 0)
    assert counts(tuned("auto29-vs-tuned2"), "taso-auto")["best tuned"] == (1, 6, 3)
    assert "against tuned TASO 3 / 7 / 0 and tuned v2 1 / 6 / 3, as rule 28" in text
    sf = {v: verdicts(tuned(d), "taso-auto")["sf-adamw"] for v, d in (("28", "auto-v28"), ("29", "auto-v29"))}
    assert sorted(w for w in sf["28"] if sf["28"][w] != sf["29"][w]) == ["fashion-lenet5", "fashion-resnet"]
    assert sf["28"]["fashion-lenet5"] == "win" and sf["29"]["fashion-lenet5"] == "tie"
    # the LeNet-5's numbers against sf-adamw are unchanged (bit-identical runs): Holm moved it
    assert all(
        _trace(v29[("fashion-lenet5", s)]["result"]) == _trace(v28[("fashion-lenet5", s)]["result"])
        for s in range(10)
    )


FRESH_TEXT = ("imdb-transformer-d32-l1-b64-e2", "rt-transformer-d48-l2-b32-e8", "rt-fasttext-d128-b8",
              "imdb-bilstm-d32-b64-e2", "imdb-cnn-d32-b32", "rt-cnn-d96-f64-b128", "rt-bilstm-d48-b32-e8",
              "rt-transformer-d32-l1-b64-e6", "rt-cnn-d32-f96", "imdb-fasttext-d64-b64", "rt-fasttext-d64-b8-e2",
              "rt-cnn-d40-f40-b16", "rt-bilstm-d32-b16-e3", "imdb-cnn-d16-f16-b64", "rt-fasttext-d32-b64",
              "imdb-fasttext-d32-uni-b16", "imdb-fasttext-d16-e1-b128", "rt-fasttext-d8-uni",
              "rt-cnn-d32-f32-e2-b64", "rt-fasttext-d32-e1")  # fmt: skip


def _check30_runs() -> dict[str, dict[tuple[str, int], dict]]:
    runs: dict[str, dict[tuple[str, int], dict]] = {"rule 17": {}, "candidate": {}}
    for r in records("auto-fresh-text"):
        alg = r["config"]["algorithm"]
        assert r["workload"] in FRESH_TEXT and r["seed"] in range(5)
        if alg["name"] == "taso-auto-adagrad-scale":
            continue  # check 32's candidate (same store)
        assert alg["name"] == "taso-auto"
        if alg["revision"] == 17:
            assert alg["hparams"] == {}
            runs["rule 17"][(r["workload"], r["seed"])] = r["result"]
        else:
            assert alg["revision"] == 28 and alg["hparams"] == RULE28_HPARAMS
            runs["candidate"][(r["workload"], r["seed"])] = r["result"]
    assert len(runs["rule 17"]) == len(runs["candidate"]) == 100
    return runs


def test_readme_numbers_of_check_30_match_the_result_files() -> None:
    """Check 30 (rule 28 against rule 17 on the fresh sets' twenty text workloads, round 27's
    criterion): none below 60%, the pooled and moved workloads' intervals, identical pairs, moved
    range tests, the discarded share and the machine comparison with the fresh sets' own runs."""
    text = re.sub(r"\s+", " ", README)
    runs = _check30_runs()
    val, _, _ = _minimax_numbers(runs)
    assert min(v for c in val for v in val[c].values()) >= 60  # criterion (1)

    def interval(keys: list[tuple[str, int]]) -> tuple[float, str]:
        d = np.array([val["candidate"][k] - val["rule 17"][k] for k in keys])
        half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d)) if d.any() else 0.0
        assert d.mean() + half >= 0  # criterion (3)
        return d.mean() - half, f"{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}]".replace(
            "-", "−"
        )

    low, pooled = interval(list(val["rule 17"]))
    assert low > -0.5 and f"**{pooled} pt** over the 100 pairs" in text  # criterion (2)
    moved = [
        w for w in FRESH_TEXT if any(val["candidate"][(w, s)] != val["rule 17"][(w, s)] for s in range(5))
    ]
    assert len(moved) == 4
    per = [interval([(w, s) for s in range(5)])[1] for w in moved]
    assert (
        "a Transformer {}, a text CNN {}, another Transformer {}, a fastText at batch 8 {}".format(*per)
        in text
    )
    same = sum(_trace(runs["rule 17"][k]) == _trace(runs["candidate"][k]) for k in runs["rule 17"])
    assert f"{same} of the 100 pairs are bit-identical" in text
    ratios = [
        runs["candidate"][k]["details"]["groups"][i]["lr_initial"] / g["lr_initial"]
        for k, r in runs["rule 17"].items()
        for i, g in enumerate(r["details"]["groups"])
    ]
    n_moved = sum(abs(x - 1) > 1e-9 for x in ratios)
    assert f"$LR_I$ moved on {n_moved} of {len(ratios)} range tests" in text
    shares = {
        w: [runs["candidate"][(w, s)]["details"]["discarded_fraction"] for s in range(5)] for w in FRESH_TEXT
    }
    means = [100 * float(np.mean(v)) for v in shares.values()]
    overall = 100 * float(np.mean([x for v in shares.values() for x in v]))
    largest = 100 * max(x for v in shares.values() for x in v)
    assert (
        f"discard **{overall:.1f}%** of the run on average ({min(means):.1f}–{max(means):.1f}% per workload, largest {largest:.1f}%"
        in text
    )
    stored = {r["key"]: r for d in ("auto-fresh5-rule17", "auto-fresh6") for r in records(d)
              if r["algorithm"] == "taso-auto"}  # fmt: skip
    mine = {r["key"]: r for r in records("auto-fresh-text")}
    shared = [k for k in stored if k in mine]
    identical = [k for k in shared if _trace(stored[k]["result"]) == _trace(mine[k]["result"])]
    assert {stored[k]["config"]["workload"]["model"] for k in identical} == {"fasttext"}
    same_end = sum(
        stored[k]["result"]["epochs"][-1]["val_accuracy"] == mine[k]["result"]["epochs"][-1]["val_accuracy"]
        for k in shared
        if k not in identical
    )
    assert (
        f"of the {len(shared)} rule-17 runs shared with the fresh sets' own records, only the {len(identical)} fastText runs are bit-identical"
        in text.replace("five", "5")
    )
    assert (
        f"{same_end} of those {len(shared) - len(identical)} still end at the same validation accuracy"
        in text
    )


def test_readme_numbers_of_check_32_match_the_result_files() -> None:
    """Check 32 (``adagrad_lr="scale"`` against rule 28 on check 30's twenty fresh text workloads,
    round 27's criterion): the pooled interval, the workloads whose interval lies below zero, runs
    below 60%, and both discarded shares, as the README quotes them."""
    text = re.sub(r"\s+", " ", README)
    runs: dict[str, dict[tuple[str, int], dict]] = {"rule 17": _check30_runs()["candidate"], "candidate": {}}
    for r in records("auto-fresh-text"):
        alg = r["config"]["algorithm"]
        if alg["name"] == "taso-auto-adagrad-scale":
            assert alg["revision"] == 31 and alg["hparams"] == {**RULE28_HPARAMS, "adagrad_lr": "scale"}
            runs["candidate"][(r["workload"], r["seed"])] = r["result"]
    assert set(runs["candidate"]) == set(runs["rule 17"]) and len(runs["candidate"]) == 100
    val, _, _ = _minimax_numbers(runs)
    below60 = {c: sum(v < 60 for v in val[c].values()) for c in val}

    def interval(keys: list[tuple[str, int]]) -> tuple[float, str]:
        d = np.array([val["candidate"][k] - val["rule 17"][k] for k in keys])
        half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
        quoted = f"{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}]".replace("-", "−")
        return d.mean() + half, quoted

    _, pooled = interval(list(val["rule 17"]))
    assert f"**{pooled} pt** over the 100 pairs" in text
    below = {w: q for w in FRESH_TEXT for high, q in [interval([(w, s) for s in range(5)])] if high < 0}
    for w, q in below.items():
        assert f"{w} {q}" in text
    assert f"runs below 60%: {below60['candidate']} against {below60['rule 17']}" in text
    share = {
        c: 100 * float(np.mean([r["details"]["discarded_fraction"] for r in rs.values()]))
        for c, rs in runs.items()
    }
    largest = max(
        100 * float(np.mean([runs["candidate"][(w, s)]["details"]["discarded_fraction"] for s in range(5)]))
        for w in FRESH_TEXT
    )
    assert f"discarded {share['candidate']:.1f}% vs {share['rule 17']:.1f}%" in text
    assert f"at most {largest:.1f}% on a workload" in text


def test_check_30_report_tallies_match_the_readme() -> None:
    """auto-fresh-text28: rule 28 (check 30's runs) against the fresh sets' sf-adamw and TASO defaults."""
    recs = records("auto-fresh-text28")
    assert {r["workload"] for r in recs} == set(FRESH_TEXT) and len(recs) == 300
    tally = counts(recs, "taso-auto")
    text = re.sub(r"\s+", " ", README)
    assert (
        f"rule 28 has {' / '.join(map(str, tally['sf-adamw']))} and {' / '.join(map(str, tally['taso']))}"
        in text
    )
    assert tally["sf-adamw"] == (16, 3, 1) and tally["taso"] == (20, 0, 0)


def test_the_table_of_the_issues_targets_matches_the_result_files() -> None:
    """The README's table of the issue's targets: the three tallies against a tuned method, the
    schedule-free AdamW tally, the discarded share, and each 'met' verdict follow from the files."""
    section = README.split("**The issue's targets, as measured**")[1].split("**In short")[0]
    rows = {r.split("|")[1].strip(): [c.strip() for c in r.split("|")[2:-1]]
            for r in section.splitlines() if r.startswith("| ") and not r.startswith("| target")}  # fmt: skip

    def tally(d: str, competitor: str) -> tuple[int, int, int]:
        recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(d)]
        return counts(recs, "taso-auto")[competitor]

    measured, met = rows["no significant loss against the best tuned method, on all 10"]
    quoted = [tuple(map(int, m)) for m in re.findall(r"(\d+) / (\d+) / (\d+)", measured)]
    expected = [tally(d, "best tuned") for d in ("auto-v38", "auto38-vs-tuned2", "auto38-vs-tuned-taso")]
    twenty = [tally(f"auto20-v38-vs-{d}", "best tuned") for d in ("tuned-paper", "tuned2", "tuned-taso")]
    before = [tally(d, "best tuned") for d in ("auto-v28", "auto28-vs-tuned2", "auto28-vs-tuned-taso")]
    # rule 38 at 10 and at 20 seeds (check 39), rule 28, and rule 28 with all ten at 20 seeds (check 36,
    # recomputed by test_check_36_...)
    assert quoted == [*expected, *twenty, *before, (3, 6, 1), (1, 3, 6), (5, 3, 2)]
    assert met.startswith("no" if any(t[2] for t in expected + twenty) else "yes")
    measured, met = rows["better than schedule-free AdamW at its defaults on ≥ 8 of 10"]
    sf, sf28 = tally("auto-v38", "sf-adamw"), tally("auto-v28", "sf-adamw")
    sf20 = tally("auto20-v38-vs-tuned-paper", "sf-adamw")
    assert measured.startswith(
        "rule 38: {} / {} / {}, and {} / {} / {} with all ten at 20 seeds, check 39 (".format(*sf, *sf20)
    )
    assert measured.endswith(
        "(rule 28: {} / {} / {}, and 6 / 4 / 0 with all ten at 20 seeds, check 36)".format(*sf28)
    )
    assert met == ("yes" if max(sf[0], sf20[0]) >= 8 else f"no: {max(sf[0], sf20[0])} of the 8")
    auto28 = [r for r in records("auto-v28") if r["algorithm"] == "taso-auto"]
    auto = [r for r in records("auto-v38") if r["algorithm"] == "taso-auto"]
    assert {r["config"]["algorithm"]["revision"] for r in auto} == {38}
    share = {w: 100 * np.mean([r["result"]["details"]["discarded_fraction"] for r in auto if r["workload"] == w])
             for w in {r["workload"] for r in auto}}  # fmt: skip
    mean = 100 * np.mean([r["result"]["details"]["discarded_fraction"] for r in auto])
    text = [share[w] for w in ("imdb-cnn", "imdb-fasttext", "rt-cnn", "rt-fasttext")]
    measured, met = rows["extra compute ≤ 5% of a plain run"]
    v31 = [r for r in records("auto-v31") if r["algorithm"] == "taso-auto"]
    per31 = [np.mean([r["result"]["details"]["discarded_fraction"] for r in v31 if r["workload"] == w])
             for w in {r["workload"] for r in v31}]  # fmt: skip
    mean31 = 100 * np.mean([r["result"]["details"]["discarded_fraction"] for r in v31])
    mean28 = 100 * np.mean([r["result"]["details"]["discarded_fraction"] for r in auto28])
    assert measured == (
        f"rule 38: {mean:.1f}% of the run discarded on average, {min(text):.1f}–{max(text):.1f}% on the four text models"
        f' (rule 28: {mean28:.1f}%; `adagrad_lr="scale"`, rule 31: {mean31:.1f}% on average, at most {100 * max(per31):.1f}% per workload;'
        " rejected by its suite check, and again by that check redone with all ten workloads at 20 seeds, check 36:"
        " 3 / 5 / 2 against the authors'-grid best, Rotten Tomatoes fastText −0.54 [−0.86, −0.22] pt a loss where"
        " rule 28's −0.54 [−0.92, −0.15] is a tie; its other three tallies equal rule 28's)"
    )
    assert mean <= 5 < min(text) and met == "on average, not on text"


def test_the_family_gap_on_the_fashion_networks_is_the_tuned_studys() -> None:
    """The weak point "a gap of family": in the equal-budget study, tuned schedule-free AdamW is
    ahead of tuned TASO, and of tuned AdamW with cosine decay, on each Fashion-MNIST network by the
    quoted ranges, every p < 0.001."""
    flat = " ".join(README.split())
    recs = records("tuned")
    for family, quoted in (("taso", "at that budget too, by {}–{} pt (every seed-paired p < 0.001"),
                           ("adamw-cosine", "decay tuned there as well, by {}–{} pt (every p < 0.001)")):  # fmt: skip
        gaps, ps = [], []
        for w in ("fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet"):
            acc = {
                (r["algorithm"], r["seed"]): r["result"]["test_accuracy"] for r in recs if r["workload"] == w
            }
            seeds = sorted(s for a, s in acc if a == family)
            assert len(seeds) == 10 and all(("sf-adamw", s) in acc for s in seeds)
            d = np.array([acc[("sf-adamw", s)] - acc[(family, s)] for s in seeds])
            gaps.append(d.mean())
            ps.append(stats.ttest_1samp(d, 0).pvalue)
        assert min(gaps) > 0 and max(ps) < 0.001
        assert quoted.format(f"{min(gaps):.2f}", f"{max(gaps):.2f}") in flat


def test_averaging_autotasos_iterates_matches_the_readme_and_its_page() -> None:
    """``beyond/averaging.jsonl``: each run's final iterate is ``auto-v28``'s run of the same key
    (test accuracy bit for bit), and the README's ranges and the page's table follow from the rows."""
    rows = [
        json.loads(x) for x in (RESULTS / "beyond" / "averaging.jsonl").read_text().splitlines() if x.strip()
    ]
    v28 = {(r["workload"], r["seed"]): r["result"]["test_accuracy"]
           for r in records("auto-v28") if r["algorithm"] == "taso-auto"}  # fmt: skip
    fashion = ("fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet")
    assert sorted((r["workload"], r["seed"]) for r in rows) == [(w, s) for w in fashion for s in range(5)]
    assert all(r["test"]["final"] == v28[(r["workload"], r["seed"])] for r in rows)
    assert all(r["revision"] == 28 and r["guard_restarts"] == 0 for r in rows)

    def interval(d: list[float]) -> tuple[float, float, float]:
        half = stats.t.ppf(0.975, len(d) - 1) * np.std(d, ddof=1) / math.sqrt(len(d))
        return float(np.mean(d)), float(np.mean(d)) - half, float(np.mean(d)) + half

    flat = " ".join(README.split())
    page = (RESULTS / "beyond" / "averaging.md").read_text(encoding="utf-8")
    means = {}
    for window in ("half", "decay"):
        for w in fashion:
            d = [r["test"][window] - r["test"]["final"] for r in rows if r["workload"] == w]
            m, lo, hi = interval(d)
            means[window, w] = m
            assert f"{m:+.2f} [{lo:+.2f}, {hi:+.2f}]" in page.split(f"| {w} |")[1].split("\n")[0]
        assert max(means[window, w] for w in fashion) < 0
    half = sorted(-means["half", w] for w in fashion)
    decay = sorted(-means["decay", w] for w in fashion)
    assert (
        f"over the run's second half it lowered test accuracy by {half[0]:.2f}–{half[-1]:.2f} pt, "
        f"over the decay by {decay[0]:.2f}–{decay[-1]:.2f} pt; 5 seeds"
    ) in flat


def test_check_33_rule_31_at_twenty_seeds_matches_the_readme() -> None:
    """Check 33: seeds 0-9 of both rules are the suite check's runs (copied by key), seeds 10-19 new;
    the quoted 20-seed intervals, the discarded shares and the verdict (no interval below zero)."""
    flat = " ".join(README.split())
    text_models = ("imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext")

    def auto(d: str) -> dict[tuple[str, int], dict]:
        return {(r["workload"], r["seed"]): r for r in records(d) if r["algorithm"] == "taso-auto"}

    r28, r31 = auto("auto-text20"), auto("auto-text20-v31")
    cells = {(w, s) for w in text_models for s in range(20)}
    assert set(r28) == set(r31) == cells
    assert {r["config"]["algorithm"]["revision"] for r in r28.values()} == {28}
    assert {r["config"]["algorithm"]["revision"] for r in r31.values()} == {31}
    for new, old in ((r28, auto("auto-v28")), (r31, auto("auto-v31"))):
        assert all(new[k]["key"] == old[k]["key"] and _trace(new[k]["result"]) == _trace(old[k]["result"])
                   for k in cells if k[1] < 10)  # fmt: skip
    quoted, share, new_share = [], {}, []
    for w in text_models:
        d = np.array([r31[(w, s)]["result"]["test_accuracy"] - r28[(w, s)]["result"]["test_accuracy"]
                      for s in range(20)])  # fmt: skip
        half = stats.t.ppf(0.975, 19) * d.std(ddof=1) / math.sqrt(20)
        assert d.mean() + half > 0  # the verdict quoted: no interval below zero
        quoted.append(f"{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}]".replace("-", "−"))
        for label, runs in (("31", r31), ("28", r28)):
            share.setdefault(label, []).append(
                100 * np.mean([runs[(w, s)]["result"]["details"]["discarded_fraction"] for s in range(20)])
            )
        new_share.append(
            100 * np.mean([r31[(w, s)]["result"]["details"]["discarded_fraction"] for s in range(10, 20)])
        )
    assert (
        "IMDB CNN {}, Rotten Tomatoes CNN {}, IMDB fastText {}, Rotten Tomatoes fastText {} pt: "
        "**no interval lies below zero**".format(*quoted)
        in flat
    )
    assert f"IMDB fastText {quoted[2]} pt, check 33" in flat
    assert (
        "Discarded: rule 31 {:.1f}, {:.1f}, {:.1f} and {:.1f}% of the run, rule 28 {:.1f}, {:.1f}, {:.1f} and {:.1f}%".format(
            *share["31"], *share["28"]
        )
        in flat
    )
    assert (
        f"(rule 31 at most {max(new_share):.1f}% on one workload's new seeds, the Rotten Tomatoes CNN)"
        in flat
    )
    assert max(new_share) == new_share[1]
    fast = [r31[("imdb-fasttext", s)]["result"]["test_accuracy"] - r28[("imdb-fasttext", s)]["result"]["test_accuracy"]
            for s in range(10, 20)]  # fmt: skip
    assert f"(on the new seeds alone {np.mean(fast):+.2f})" in flat


def test_the_mechanic_screen_matches_the_readme_and_its_page() -> None:
    """``beyond/mechanic``: rule 28's runs are the held-out rounds' rule-17 runs of the same
    workloads and seeds (validation and test accuracy bit for bit); the page's table and the
    README's mean, largest shortfall, count of workloads behind and run lengths follow from the rows."""
    runs = records("beyond/mechanic")
    names = ("mnist1d-mlp-2x128-b32-e12", "fashion-lenet5-8k-b32-e3", "fashion-lenet5-bn-5k-b32-e2",
             "mnist1d-cnn-c16-b32-e10", "rt-fasttext-d28-b32-e5", "rt-cnn-d28-f40-b32-e4")  # fmt: skip
    seeds = (100, 101, 102)
    by = {(r["workload"], r["algorithm"], r["seed"]): r for r in runs}
    assert sorted(by) == sorted(
        (w, a, s) for w in names for a in ("taso-auto", "taso-mechanic") for s in seeds
    )
    rule17 = {
        (r["workload"], r["seed"]): r["result"]
        for r in records("auto-holdout")
        if r["algorithm"] == "taso-auto" and r["config"]["algorithm"].get("revision") == 17
    }
    for w in names:
        for s in seeds:
            mine, stored = by[w, "taso-auto", s]["result"], rule17[w, s]
            assert mine["test_accuracy"] == stored["test_accuracy"]
            assert mine["epochs"][-1]["val_accuracy"] == stored["epochs"][-1]["val_accuracy"]

    page = (RESULTS / "beyond" / "mechanic.md").read_text(encoding="utf-8")
    flat = " ".join(README.split())
    every, behind = [], 0
    for w in names:
        val = {a: [by[w, a, s]["result"]["epochs"][-1]["val_accuracy"] for s in seeds]
               for a in ("taso-auto", "taso-mechanic")}  # fmt: skip
        d = [m - a for m, a in zip(val["taso-mechanic"], val["taso-auto"], strict=True)]
        every += d
        behind += np.mean(d) < 0
        row = page.split(f"| {w} |")[1].split("\n")[0]
        assert row.startswith(f" {np.mean(val['taso-auto']):.2f} | {np.mean(val['taso-mechanic']):.2f} | "
                              f"{np.mean(d):+.2f} [{min(d):+.2f}, {max(d):+.2f}] |")  # fmt: skip
    mean, shortfall = float(np.mean(every)), -min(every)
    assert f"over 18 pairs: mean {mean:+.2f} pt, largest shortfall {shortfall:.2f} pt" in page
    steps = sorted({r["result"]["steps"] for r in runs})
    assert (
        f"lost {-mean:.2f} pt of validation accuracy on average (behind on {['no', 'one', 'two', 'three', 'four', 'five'][behind]} "
        f"of the six; largest shortfall {shortfall:.2f} pt, a BatchNorm LeNet-5 seed): on runs of "
        f"{steps[0]:,}–{steps[-1]:,} steps"
    ) in flat
    assert f"These runs are {steps[0]:,}–{steps[-1]:,} steps long" in " ".join(page.split())
    assert min(every) == min(by["fashion-lenet5-bn-5k-b32-e2", "taso-mechanic", s]["result"]["epochs"][-1]["val_accuracy"]
                             - by["fashion-lenet5-bn-5k-b32-e2", "taso-auto", s]["result"]["epochs"][-1]["val_accuracy"]
                             for s in seeds)  # fmt: skip


def test_check_34_the_text_models_at_twenty_seeds_against_the_best_family_match_the_readme() -> None:
    """Check 34: both rules' 20 text seeds are check 33's runs (same keys), the competitors' seeds
    0-9 are the suite check's (auto28-vs-tuned2, same keys); the Holm tallies over the four text
    models and over the ten (the other six at their 10 seeds), and the quoted intervals."""
    flat = " ".join(README.split())
    text_models = ("imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext")
    tallies, intervals = {}, {}
    for rule, d, ten in ((28, "auto-text20-vs-tuned2", "auto28-vs-tuned2"), (31, "auto-text20-v31-vs-tuned2", "auto31-vs-tuned2")):  # fmt: skip
        recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(d)]
        auto = [r for r in recs if r["algorithm"] == "taso-auto"]
        assert {r["config"]["algorithm"]["revision"] for r in auto} == {rule}
        assert sorted((r["workload"], r["seed"]) for r in auto) == sorted(
            (w, s) for w in text_models for s in range(20)
        )
        source = {r["key"] for r in records("auto-text20" if rule == 28 else "auto-text20-v31")}
        assert {r["key"] for r in auto} <= source
        tuned = {(r["workload"], r["seed"]) for r in recs if r["algorithm"] == "best tuned"}
        assert tuned == {(w, s) for w in text_models for s in range(20)}
        old = {r["key"]: r["result"]["test_accuracy"] for r in records(ten) if "tuning" in r}
        assert all(old[r["key"]] == r["result"]["test_accuracy"] for r in records(d) if r["key"] in old)
        assert sum(r["key"] in old for r in records(d) if "tuning" in r) == 40
        four = verdicts(recs, "taso-auto")
        tallies[rule, 4] = tuple(list(four["best tuned"].values()).count(x) for x in ("win", "tie", "loss"))
        tallies[rule, "sf"] = tuple(list(four["sf-adamw"].values()).count(x) for x in ("win", "tie", "loss"))
        # over the ten: the four text models at 20 seeds, the six others at the suite check's 10
        others = [
            {**r, "algorithm": "best tuned"} if "tuning" in r else r
            for r in records(ten)
            if r["workload"] not in text_models
        ]
        both = [r for r in recs + others if r["algorithm"] in ("taso-auto", "best tuned")]
        assert len({r["workload"] for r in both}) == 10
        all_ten = verdicts(both, "taso-auto")["best tuned"]
        tallies[rule, 10] = tuple(list(all_ten.values()).count(x) for x in ("win", "tie", "loss"))
        for w in text_models:
            a = {r["seed"]: r["result"]["test_accuracy"] for r in auto if r["workload"] == w}
            b = {r["seed"]: r["result"]["test_accuracy"] for r in recs if r["algorithm"] == "best tuned" and r["workload"] == w}  # fmt: skip
            d20 = np.array([a[s] - b[s] for s in range(20)])
            half = stats.t.ppf(0.975, 19) * d20.std(ddof=1) / math.sqrt(20)
            intervals[rule, w] = (
                f"{d20.mean():+.2f} [{d20.mean() - half:+.2f}, {d20.mean() + half:+.2f}]".replace("-", "−")
            )
        assert four["best tuned"]["imdb-fasttext"] == "loss" and all_ten["imdb-fasttext"] == "loss"
    assert tallies[28, 4] == tallies[31, 4] == (1, 2, 1)
    assert tallies[28, "sf"] == tallies[31, "sf"] == (2, 2, 0)
    assert (tallies[28, 10], tallies[31, 10]) == ((1, 5, 4), (0, 6, 4))
    assert f"a Holm loss at 20 ({intervals[28, 'imdb-fasttext']} pt, check 34, which also found rule 31's shortfall there, {intervals[31, 'imdb-fasttext'].split(' ')[0]} pt" in flat  # fmt: skip
    assert (
        "Against the best tuned family, Holm over the four: rule 28 1 / 2 / 1 — the IMDB CNN a win ({} pt), "
        "**IMDB fastText a loss** ({} pt; a tie at 10 seeds, −0.28 [−0.51, −0.04]), the Rotten Tomatoes CNN ({}) "
        "and fastText ({}) ties; rule 31 1 / 2 / 1 as well (IMDB CNN {}, IMDB fastText {}, Rotten Tomatoes "
        "CNN {}, fastText {})"
    ).format(*(intervals[28, w] for w in ("imdb-cnn", "imdb-fasttext", "rt-cnn", "rt-fasttext")),
             *(intervals[31, w] for w in ("imdb-cnn", "imdb-fasttext", "rt-cnn", "rt-fasttext"))) in flat  # fmt: skip
    assert "rule 28 1 / 5 / 4 (the three Fashion-MNIST networks and IMDB fastText), rule 31 0 / 6 / 4" in flat


def test_check_35_the_other_tallies_at_twenty_seeds_on_the_text_models_match_the_readme() -> None:
    """Check 35: rule 28's 20 text seeds against the authors'-grid best tuned method and tuned TASO;
    seeds 0-9 of the tuned runs are the 10-seed comparisons' own (same keys, same numbers); the
    tallies over the four and over the ten (the other six at 10 seeds) and the quoted intervals."""
    flat = " ".join(README.split())
    text_models = ("imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext")
    found = {}
    for d, ten in (
        ("auto-text20-vs-tuned-paper", "auto-v28"),
        ("auto-text20-vs-tuned-taso", "auto28-vs-tuned-taso"),
    ):
        recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(d)]
        auto = {(r["workload"], r["seed"]): r["key"] for r in recs if r["algorithm"] == "taso-auto"}
        assert set(auto.values()) == {r["key"] for r in records("auto-text20")}
        tuned = {(r["workload"], r["seed"]): r for r in recs if r["algorithm"] == "best tuned"}
        assert set(tuned) == {(w, s) for w in text_models for s in range(20)}
        old = {r["key"]: r["result"]["test_accuracy"] for r in records(ten) if "tuning" in r}
        assert sum(old.get(r["key"]) == r["result"]["test_accuracy"] for r in tuned.values()) == 40
        four = verdicts(recs, "taso-auto")["best tuned"]
        others = [{**r, "algorithm": "best tuned"} if "tuning" in r else r
                  for r in records(ten) if r["workload"] not in text_models]  # fmt: skip
        both = [r for r in recs + others if r["algorithm"] in ("taso-auto", "best tuned")]
        all_ten = verdicts(both, "taso-auto")["best tuned"]
        found[d] = four, all_ten
        for w in text_models:
            a = {r["seed"]: r["result"]["test_accuracy"] for r in recs if r["algorithm"] == "taso-auto" and r["workload"] == w}  # fmt: skip
            diff = np.array([a[s] - tuned[w, s]["result"]["test_accuracy"] for s in range(20)])
            half = stats.t.ppf(0.975, 19) * diff.std(ddof=1) / math.sqrt(20)
            found[d, w] = (
                f"{diff.mean():+.2f} [{diff.mean() - half:+.2f}, {diff.mean() + half:+.2f}]".replace("-", "−")
            )

    def tally(v: dict[str, str]) -> str:
        return " / ".join(str(list(v.values()).count(x)) for x in ("win", "tie", "loss"))

    paper, taso_ = "auto-text20-vs-tuned-paper", "auto-text20-vs-tuned-taso"
    assert (tally(found[paper][0]), tally(found[paper][1])) == ("1 / 2 / 1", "3 / 6 / 1")
    assert found[paper][0]["rt-fasttext"] == "loss" and found[paper][1]["rt-fasttext"] == "tie"
    assert (tally(found[taso_][0]), tally(found[taso_][1])) == ("4 / 0 / 0", "4 / 6 / 0")
    assert (
        "Authors' grids, Holm over the four: 1 / 2 / 1 — the IMDB CNN a win ({} pt), IMDB fastText a tie ({}), "
        "the Rotten Tomatoes CNN a tie ({}) and **Rotten Tomatoes fastText a loss** ({};"
    ).format(*(found[paper, w] for w in ("imdb-cnn", "imdb-fasttext", "rt-cnn", "rt-fasttext"))) in flat
    assert f"a win at 20, {found[taso_, 'rt-fasttext']}), 4 / 6 / 0 over the ten" in flat


def test_check_36_all_ten_at_twenty_seeds_keeps_rule_28_by_its_rule_and_matches_the_readme() -> None:
    """Check 36 (``auto20-vs-tuned2/run.sh``, decision fixed before any run): every store holds all
    ten workloads at seeds 0-19, seeds 0-9 of the tuned runs are the 10-seed stores' (same keys, same
    numbers), rule 31's runs without tables equal rule 28's; the four Holm tallies of each rule, the
    decision they give by round 29's rule (and the registry follows it), and the quoted intervals."""
    from taso.bench._algorithms import get_algorithm

    flat = " ".join(README.split())
    text_models = ("imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext")
    workloads = (*text_models, "digits-mlp", "fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet", "mnist1d-cnn", "mnist1d-mlp")  # fmt: skip
    cells = {(w, s) for w in workloads for s in range(20)}
    tallies, intervals = {}, {}
    for rule, prefix in ((28, "auto20-vs-"), (31, "auto20-v31-vs-")):
        for side, ten in (("tuned-paper", "auto-v28"), ("tuned2", "auto28-vs-tuned2"), ("tuned-taso", "auto28-vs-tuned-taso")):  # fmt: skip
            recs = [{**r, "algorithm": "best tuned"} if "tuning" in r else r for r in records(prefix + side)]
            auto = [r for r in recs if r["algorithm"] == "taso-auto"]
            assert {r["config"]["algorithm"]["revision"] for r in auto} == {rule}
            for name in ("taso-auto", "best tuned", "sf-adamw", "taso"):
                assert {(r["workload"], r["seed"]) for r in recs if r["algorithm"] == name} == cells, (
                    side,
                    name,
                )
            old = {r["key"]: r["result"]["test_accuracy"] for r in records(ten) if "tuning" in r}
            assert sum(old.get(r["key"]) == r["result"]["test_accuracy"] for r in recs if r["algorithm"] == "best tuned") >= 60  # fmt: skip
            v = verdicts(recs, "taso-auto")
            tallies[rule, side] = tuple(
                list(v["best tuned"].values()).count(x) for x in ("win", "tie", "loss")
            )
            if side == "tuned2":
                tallies[rule, "sf"] = tuple(
                    list(v["sf-adamw"].values()).count(x) for x in ("win", "tie", "loss")
                )
            for w in workloads:
                a = {r["seed"]: r["result"]["test_accuracy"] for r in auto if r["workload"] == w}
                b = {r["seed"]: r["result"]["test_accuracy"] for r in recs if r["algorithm"] == "best tuned" and r["workload"] == w}  # fmt: skip
                d = np.array([a[s] - b[s] for s in range(20)])
                half = stats.t.ppf(0.975, 19) * d.std(ddof=1) / math.sqrt(20)
                intervals[rule, side, w] = f"{d.mean():+.2f} [{d.mean() - half:+.2f}, {d.mean() + half:+.2f}]".replace("-", "−")  # fmt: skip
    # rule 31 minus rule 28, paired: identical without tables, check 33's text runs with them
    r28 = {(r["workload"], r["seed"]): r["result"]["test_accuracy"] for r in records("auto20-vs-tuned2") if r["algorithm"] == "taso-auto"}  # fmt: skip
    r31 = {(r["workload"], r["seed"]): r["result"]["test_accuracy"] for r in records("auto20-v31-vs-tuned2") if r["algorithm"] == "taso-auto"}  # fmt: skip
    assert sum(r28[c] == r31[c] for c in cells if c[0] not in text_models) == 120
    for w in workloads:  # no interval of rule 31 minus rule 28 wholly below zero
        d = np.array([r31[w, s] - r28[w, s] for s in range(20)])
        upper = d.mean() + (stats.t.ppf(0.975, 19) * d.std(ddof=1) / math.sqrt(20) if d.std() else 0.0)
        assert upper >= 0, w
    worse = [
        k for k in ("tuned-paper", "tuned2", "tuned-taso", "sf")
        if tallies[31, k][0] < tallies[28, k][0] or tallies[31, k][2] > tallies[28, k][2]
    ]  # fmt: skip
    assert worse == ["tuned-paper"] and get_algorithm("taso-auto").revision != 31  # rule 31 not registered
    assert [tallies[28, k] for k in ("tuned-paper", "tuned2", "tuned-taso", "sf")] == [(3, 6, 1), (1, 3, 6), (5, 3, 2), (6, 4, 0)]  # fmt: skip
    assert [tallies[31, k] for k in ("tuned-paper", "tuned2", "tuned-taso", "sf")] == [(3, 5, 2), (1, 3, 6), (5, 3, 2), (6, 4, 0)]  # fmt: skip
    i = intervals
    assert (
        f"**all ten at 20 seeds** ([check 36](docs/results/auto20-vs-tuned2/report.md)): authors' grids 3 / 6 / 1, "
        f"the equal-budget best family 1 / 3 / 6 (the MNIST-1D CNN, {i[28, 'tuned2', 'mnist1d-cnn']} pt, and digits, "
        f"{i[28, 'tuned2', 'digits-mlp']} pt, join the Fashion-MNIST networks and IMDB fastText, "
        f"{i[28, 'tuned2', 'imdb-fasttext']} pt), tuned TASO 5 / 3 / 2"
    ) in flat
    assert (
        f"3 / 5 / 2 against the authors'-grid best, Rotten Tomatoes fastText {i[31, 'tuned-paper', 'rt-fasttext']} pt a loss "
        f"where rule 28's {i[28, 'tuned-paper', 'rt-fasttext']} is a tie"
    ) in flat
    assert (
        f"the MNIST-1D CNN ({i[28, 'tuned2', 'mnist1d-cnn']} pt behind TASO tuned at the equal budget), digits "
        f"({i[28, 'tuned2', 'digits-mlp']} pt behind tuned AdamW with cosine decay) and the BatchNorm LeNet-5 "
        f"({i[28, 'tuned-taso', 'fashion-lenet5-bn']} pt behind tuned TASO) are Holm losses"
    ) in flat
    assert (
        f"against the authors'-grid best 3 / 6 / 1 (the BatchNorm LeNet-5, {i[28, 'tuned-paper', 'fashion-lenet5-bn']} pt), "
        "against the equal-budget study's best family **1 / 3 / 6** (the three Fashion-MNIST networks, "
        + ", ".join(i[28, "tuned2", w] for w in ("fashion-lenet5", "fashion-lenet5-bn"))
        + f" and {i[28, 'tuned2', 'fashion-resnet']} pt behind tuned schedule-free AdamW; IMDB fastText "
        f"{i[28, 'tuned2', 'imdb-fasttext']}; and two ties at 10 seeds that more seeds make losses: the MNIST-1D CNN "
        f"{i[28, 'tuned2', 'mnist1d-cnn']} behind tuned TASO and digits {i[28, 'tuned2', 'digits-mlp']} behind tuned "
        f"AdamW with cosine decay), against tuned TASO **5 / 3 / 2** (losses: the BatchNorm LeNet-5 "
        f"{i[28, 'tuned-taso', 'fashion-lenet5-bn']} and the MNIST-1D CNN)"
    ) in flat
    assert (
        f"({i[28, 'tuned-taso', 'rt-fasttext']}) and digits ({i[28, 'tuned-taso', 'digits-mlp']}) become wins"
        in flat
    )
    cnn = [r for r in records("auto20-vs-tuned-taso") if r["workload"] == "mnist1d-cnn"]
    lr_i = np.median([g["lr_initial"] for r in cnn if r["algorithm"] == "taso-auto"
                      for g in r["result"]["details"]["groups"] if g["kind"] == "sgd"])  # fmt: skip
    tuned_lr = {r["config"]["algorithm"]["hparams"]["lr"] for r in cnn if "tuning" in r}
    assert len(tuned_lr) == 1
    assert f"its median $LR_I$, {lr_i:.3f}, is close to tuned TASO's {tuned_lr.pop():.3f}" in flat


def test_rule_38s_suite_check_keeps_it_by_its_rule_and_matches_the_readme() -> None:
    """Rule 38's suite check (``auto-v38/run.sh``, amended before its results were read): rule 38
    against rule 28 retrained on the same machine, the four Holm tallies of each against the same
    stored references, each workload's interval, the decision (the registry follows it), and the
    README's table of rule 38 (the report's rows)."""
    from taso.bench._algorithms import auto_rule, get_algorithm
    from taso.bench._stats import paired_difference
    from taso.bench._stats import verdicts as holm_verdicts

    flat = " ".join(README.split())
    report = (RESULTS / "auto-v38" / "report.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(report) if line.startswith("| workload | taso-auto | best tuned"))
    rows = [line for line in report[start:] if line.startswith("|")][: 2 + 10]
    assert all(row in README for row in rows)

    acc = _accuracies

    here = acc("auto-v28-rerun")["taso-auto"]
    rerun = [r for r in records("auto-v28-rerun")]
    assert {r["config"]["algorithm"]["revision"] for r in rerun} == {28} and len(rerun) == 70
    new38 = acc("auto-v38")["taso-auto"]
    assert here["rt-fasttext"] == new38["rt-fasttext"]  # a model with tables: bit for bit

    def tally(a: dict[str, dict[int, float]], b: dict[str, dict[int, float]]) -> tuple[int, ...]:
        v = holm_verdicts({w: paired_difference(a[w], b[w]) for w in sorted(a)})
        return tuple(list(v.values()).count(x) for x in ("win", "tie", "loss"))

    tallies = {}
    for side, store in (
        ("grids", "auto-v38"),
        ("tuned2", "auto38-vs-tuned2"),
        ("taso", "auto38-vs-tuned-taso"),
    ):
        t = acc(store)
        r38 = t["taso-auto"]
        r28 = {w: here.get(w, r38[w]) for w in r38}
        assert len(r38) == 10 and all(len(v) == 10 for v in r38.values())
        tallies[side] = (tally(r38, t["best tuned"]), tally(r28, t["best tuned"]))
        if side == "grids":
            tallies["sf"] = (tally(r38, t["sf-adamw"]), tally(r28, t["sf-adamw"]))
    assert tallies == {"grids": ((3, 7, 0), (3, 7, 0)), "sf": ((6, 4, 0), (5, 5, 0)),
                       "tuned2": ((1, 6, 3), (1, 6, 3)), "taso": ((4, 6, 0), (3, 7, 0))}  # fmt: skip
    worse = [k for k, (a, b) in tallies.items() if a[0] < b[0] or a[2] > b[2]]
    diffs = {w: paired_difference(new38[w], here.get(w, new38[w])) for w in new38}
    assert not worse and all(d.high >= 0 for d in diffs.values())  # the decision: rule 38
    rule = get_algorithm("taso-auto")
    assert rule.revision == 38 and rule.schedule_kwargs["beta"] == "auto"
    assert auto_rule(28).schedule_kwargs["beta"] == 0.7

    def q(d: object) -> str:
        return f"{d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}]".replace("-", "−")  # type: ignore[attr-defined]

    quoted = ("LeNet-5 **{}**, with batch norm **{}**, the ResNet **{}**, the MNIST-1D CNN **{}**, the MNIST-1D MLP "
              "**{}**, digits {} pt").format(*(q(diffs[w]) for w in ("fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet",
                                                                   "mnist1d-cnn", "mnist1d-mlp", "digits-mlp")))  # fmt: skip
    assert quoted in flat
    gains = [diffs[w].mean for w in diffs if w not in ("imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext")]
    assert f"gains {min(gains):.2f}–{max(gains):.2f} pt on the six workloads without" in flat


def test_check_39_rule_38_at_twenty_seeds_stays_by_its_rule_and_matches_the_readme() -> None:
    """Check 39 (``auto20-v38/run.sh``, decision fixed before any run): rule 38's 200 runs, rule 28 of
    the same processor verified bit for bit (60 of 60), the text models identical by construction,
    the four Holm tallies of both rules against check 36's references, the decision (the registry
    follows it), and the intervals the README and the evidence page quote."""
    from taso.bench._algorithms import get_algorithm
    from taso.bench._stats import paired_difference
    from taso.bench._stats import verdicts as holm_verdicts

    flat = " ".join(README.split())
    six = (
        "digits-mlp",
        "fashion-lenet5",
        "fashion-lenet5-bn",
        "fashion-resnet",
        "mnist1d-cnn",
        "mnist1d-mlp",
    )

    acc = _accuracies

    r38 = acc("auto20-v38")["taso-auto"]
    assert {r["config"]["algorithm"]["revision"] for r in records("auto20-v38")} == {38}
    assert len(r38) == 10 and all(sorted(v) == list(range(20)) for v in r38.values())
    assert all(r38[w][s] == v for w, seeds in acc("auto-v38")["taso-auto"].items() for s, v in seeds.items())
    rerun, check36 = acc("auto-v28-rerun")["taso-auto"], acc("auto20-vs-tuned2")["taso-auto"]
    verify = acc("auto20-v28-verify")["taso-auto"]
    assert {r["config"]["algorithm"]["revision"] for r in records("auto20-v28-verify")} == {28}
    checked = [(w, s) for w in verify for s in verify[w]]
    assert len(checked) == 60 and all(
        verify[w][s] == (rerun if s < 10 else check36)[w][s] for w, s in checked
    )
    assert all(rerun["rt-fasttext"][s] == r38["rt-fasttext"][s] for s in range(10))  # tables: bit for bit
    r28 = {
        w: ({**rerun[w], **{s: check36[w][s] for s in range(10, 20)}} if w in six else r38[w]) for w in r38
    }

    def tally(a: dict[str, dict[int, float]], b: dict[str, dict[int, float]]) -> tuple[int, ...]:
        v = holm_verdicts({w: paired_difference(a[w], b[w]) for w in sorted(a)})
        return tuple(list(v.values()).count(x) for x in ("win", "tie", "loss"))

    tallies, refs = {}, {}
    for side in ("tuned-paper", "tuned2", "tuned-taso"):
        t = acc(f"auto20-v38-vs-{side}")
        assert t["taso-auto"] == r38 and t["best tuned"] == acc(f"auto20-vs-{side}")["best tuned"]
        refs[side] = t
        tallies[side] = (tally(r38, t["best tuned"]), tally(r28, t["best tuned"]))
    tallies["sf"] = (tally(r38, refs["tuned-paper"]["sf-adamw"]), tally(r28, refs["tuned-paper"]["sf-adamw"]))
    assert tallies == {"tuned-paper": ((3, 7, 0), (3, 7, 0)), "tuned2": ((1, 4, 5), (1, 3, 6)),
                       "tuned-taso": ((5, 5, 0), (5, 3, 2)), "sf": ((7, 3, 0), (5, 5, 0))}  # fmt: skip
    diffs = {w: paired_difference(r38[w], r28[w]) for w in r38}
    worse = [k for k, (a, b) in tallies.items() if a[0] < b[0] or a[2] > b[2]]
    assert not worse and all(d.high >= 0 for d in diffs.values())  # the decision: rule 38 stays
    assert get_algorithm("taso-auto").revision == 38

    def q(d: object) -> str:
        return f"{d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}]".replace("-", "−")  # type: ignore[attr-defined]

    assert ("LeNet-5 {}, with batch norm {}, the ResNet {}, the MNIST-1D CNN {}, the MNIST-1D MLP {}, digits {} pt, "
            "the text models identical (80 of 80 runs)").format(*(q(diffs[w]) for w in (
                "fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet", "mnist1d-cnn", "mnist1d-mlp", "digits-mlp"))) in flat  # fmt: skip
    assert (
        sum(
            r38[w][s] == r28[w][s]
            for w in ("imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext")
            for s in range(20)
        )
        == 80
    )
    ahead = [diffs[w].mean for w in six if diffs[w].low > 0]
    assert (
        f"lies above zero on four of the six workloads without tables (+{min(ahead):.2f} to +{max(ahead):.2f} pt"
        in flat
    )
    assert len(ahead) == 4

    def vs(side: str, name: str, w: str) -> str:
        return q(paired_difference(r38[w], refs[side][name][w]))

    assert ("the Fashion-MNIST networks {}, {} and {} pt behind tuned schedule-free AdamW").format(
        *(vs("tuned2", "best tuned", w) for w in ("fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet"))) in flat  # fmt: skip
    assert (
        f"IMDB fastText {vs('tuned2', 'best tuned', 'imdb-fasttext')} and digits {vs('tuned2', 'best tuned', 'digits-mlp')} behind"
        in flat
    )
    assert f"the MNIST-1D CNN a tie now, {vs('tuned2', 'best tuned', 'mnist1d-cnn')})" in flat
    assert (
        f"the Rotten Tomatoes CNN {vs('tuned-paper', 'best tuned', 'rt-cnn')} and fastText {vs('tuned-paper', 'best tuned', 'rt-fasttext')} pt, ties"
        in flat
    )
    assert (
        f"the BatchNorm LeNet-5 a win, {vs('tuned-paper', 'sf-adamw', 'fashion-lenet5-bn')}; digits {vs('tuned-paper', 'sf-adamw', 'digits-mlp')}"
        in flat
    )
    assert (
        f"the BatchNorm LeNet-5 {vs('tuned-taso', 'best tuned', 'fashion-lenet5-bn')} and the MNIST-1D CNN"
        in flat
    )
    share = [r["result"]["details"]["discarded_fraction"] for r in records("auto20-v38")]
    text = [100 * np.mean([r["result"]["details"]["discarded_fraction"] for r in records("auto20-v38") if r["workload"] == w])
            for w in ("imdb-cnn", "rt-cnn", "imdb-fasttext", "rt-fasttext")]  # fmt: skip
    assert (
        f"Discarded {100 * np.mean(share):.1f}% of the run on average ({min(text):.1f}–{max(text):.1f}% on the text models)"
        in flat
    )


def test_check_40_rule_38_at_another_length_matches_the_readme() -> None:
    """Check 40 (``auto38-budget/run.sh``): rule 38 and rule 28 at about half and twice the epochs on
    the six workloads without tables, both trained on one processor; rule 28 equals the stored rule-17
    runs of those lengths; each rule's Holm tally against the tuned configurations run as tuned, and
    the intervals of rule 38 minus rule 28 the evidence page quotes (none below zero)."""
    from taso.bench._stats import paired_difference
    from taso.bench._stats import verdicts as holm_verdicts

    flat = " ".join(README.split())
    order = (
        "fashion-lenet5",
        "fashion-lenet5-bn",
        "fashion-resnet",
        "mnist1d-cnn",
        "mnist1d-mlp",
        "digits-mlp",
    )

    def acc(d: str) -> dict[str, dict[str, dict[int, float]]]:
        out: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
        for r in records(d):
            out["best tuned" if "tuning" in r else r["algorithm"]][r["workload"].split("@")[0]][r["seed"]] = (
                r["result"]["test_accuracy"]
            )
        return out

    def q(d: object) -> str:
        return f"{d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}]".replace("-", "−")  # type: ignore[attr-defined]

    tallies = {}
    for length in ("half", "double"):
        new, old = acc(f"auto38-budget/{length}"), acc(f"auto38-budget/{length}28")
        stored = acc(f"auto-budget-{length}")
        assert {
            r["config"]["algorithm"]["revision"]
            for r in records(f"auto38-budget/{length}")
            if "tuning" not in r
        } == {38}
        assert {r["config"]["algorithm"]["revision"] for r in records(f"auto38-budget/{length}28")} == {28}
        r38, r28, tuned = new["taso-auto"], old["taso-auto"], new["best tuned"]
        assert sorted(r38) == sorted(r28) == sorted(tuned) == sorted(order)
        assert all(sorted(v) == list(range(5)) for v in (*r38.values(), *r28.values(), *tuned.values()))
        assert tuned == {w: stored["best tuned"][w] for w in order}
        assert all(r28[w] == stored["taso-auto"][w] for w in order)  # rule 28 = rule 17 without tables

        def tally(a: dict[str, dict[int, float]]) -> tuple[int, ...]:
            v = holm_verdicts({w: paired_difference(a[w], tuned[w]) for w in order})  # noqa: B023
            return tuple(list(v.values()).count(x) for x in ("win", "tie", "loss"))

        tallies[length] = (tally(r38), tally(r28))
        diffs = [paired_difference(r38[w], r28[w]) for w in order]
        assert all(d.high >= 0 for d in diffs)
        quoted = ", ".join(q(d) for d in diffs) + " pt"
        if length == "half":
            named = ("LeNet-5 {}, with batch norm {}, the ResNet {}, the MNIST-1D CNN {}, the MNIST-1D MLP {}, "
                     "digits {} pt").format(*(q(d) for d in diffs))  # fmt: skip
            assert f"half: {named}" in flat
            ahead = [d.mean for d in diffs if d.low > 0]
            assert f"by {min(ahead):.2f}–{max(ahead):.2f} pt" in flat and len(ahead) == 3
            assert f"LeNet-5 {q(paired_difference(r38['fashion-lenet5'], tuned['fashion-lenet5']))}" in flat
            assert (
                f"282 steps {q(paired_difference(r38['fashion-resnet'], tuned['fashion-resnet']))} pt" in flat
            )
        else:
            assert f"at twice: {quoted}" in flat
    assert tallies == {"half": ((0, 4, 2), (0, 1, 5)), "double": ((0, 6, 0), (0, 6, 0))}
    assert "at half 0 / 4 / 2 where rule 28 has 0 / 1 / 5" in flat and "at twice 0 / 6 / 0 as rule 28" in flat
    assert "at half rule 38 **0 / 4 / 2**" in flat and "rule 28 0 / 1 / 5; at twice both 0 / 6 / 0" in flat


ROUND39 = ("digits-mlp-6x48-b32-e15", "digits-mlp-5x96-b64-e25", "mnist1d-mlp-5x128-b32-e8",
           "fashion-mlp-4x128-8k-b64-e4", "fashion-lenet5-12k-b64-e3", "mnist1d-cnn-c10-b24-e10",
           "digits-mlp-2x256-b32-e10", "rt-cnn-d32-f48-b32-e3")  # fmt: skip


def _against_rule38(
    store: str, names: tuple[str, ...], candidate: str, revision: int, hparams: dict
) -> dict[str, dict[tuple[str, int], dict]]:
    """A powered round against rule 38 (rounds 39-40): each side's results per (workload, seed),
    seeds 100-119, every run of ``store`` one of the two ("rule 17" is the base's key, as in
    ``_minimax_numbers``)."""
    runs: dict[str, dict[tuple[str, int], dict]] = {"rule 17": {}, "candidate": {}}
    for r in records(store):
        alg = r["config"]["algorithm"]
        if alg["name"] == "taso-auto":
            assert (
                alg["revision"] == 38
                and alg["hparams"] == RULE28_HPARAMS
                and alg["schedule_kwargs"]["beta"] == "auto"
            )
            runs["rule 17"][(r["workload"], r["seed"])] = r["result"]
        else:
            assert alg["name"] == candidate and alg["revision"] == revision
            assert alg["hparams"] == {**RULE28_HPARAMS, **hparams}
            runs["candidate"][(r["workload"], r["seed"])] = r["result"]
    assert set(runs["rule 17"]) == set(runs["candidate"]) == {(w, s) for w in names for s in range(100, 120)}
    return runs


def test_readme_numbers_of_held_out_round_39_match_the_result_files() -> None:
    """Round 39 (``probe_divisor=10`` against rule 38 on models without normalization layers, round
    37's criterion): all three held; the intervals, means, shortfalls and costs as quoted."""
    text = re.sub(r"\s+", " ", README)
    runs = _against_rule38("auto-holdout39", ROUND39, "taso-auto-probe10", 39, {"probe_divisor": 10.0})
    val, short, mean = _minimax_numbers(runs)
    low = {c: [k for k, v in val[c].items() if v < 60] for c in val}
    assert len(low["candidate"]) <= len(low["rule 17"])  # (1)
    deep = "mnist1d-mlp-5x128-b32-e8"
    assert (
        f"runs below 60% {len(low['candidate'])} against {len(low['rule 17'])} (all but one the 5-deep"
        in text
    )
    assert {len([k for k in low[c] if k[0] != deep]) for c in low} == {1}
    span = [val[c][deep, s] for c in val for s in range(100, 120)]
    assert f"end at {math.floor(min(span))}–{math.ceil(max(span))}% either way" in text
    pooled = _interval(np.array([val["candidate"][k] - val["rule 17"][k] for k in val["rule 17"]]))
    assert pooled[1] > 0 and f"**{_quoted(*pooled)} pt** over the 160 pairs" in text  # (2)
    per = [_interval(np.array([val["candidate"][w, s] - val["rule 17"][w, s] for s in range(100, 120)]))
           for w in ROUND39]  # fmt: skip
    assert all(hi >= 0 for _, _, hi in per)  # (3)
    assert ("the 6-deep digits MLP {}, the 5-deep one {}, the 5-deep MNIST-1D MLP {}, the 4-deep Fashion MLP {}, "
            "LeNet-5 {}, the 1-D CNN {}, the 256-256 digits MLP {}, the text CNN {}").format(
        *(_quoted(*x) for x in per)) in text  # fmt: skip
    assert (
        f"(mean {mean['candidate']:.2f} vs {mean['rule 17']:.2f}%, largest shortfall {short['candidate']:.2f} vs {short['rule 17']:.2f} pt)"
        in text
    )
    _costs_quoted(runs, text)
    # the range tests come before the probe: every range test read the same rate under both
    for k in runs["rule 17"]:
        a, b = (runs[c][k]["details"]["probe"]["lr_initial_before"] for c in ("rule 17", "candidate"))
        assert a == b, k


def test_rule_39_suite_check_rejected_it_as_the_page_says() -> None:
    """Rule 39's suite check (``auto-v39/decide.py``): rule 39 against rule 38 of this machine, seeds
    0-9, by round 29's rule; the intervals and the four tallies as quoted, and the decision."""
    from taso.bench._stats import paired_difference
    from taso.bench._stats import verdicts as holm_verdicts

    flat = " ".join(README.split())

    acc = _accuracies

    def tally(a: dict[str, dict[int, float]], b: dict[str, dict[int, float]]) -> tuple[int, ...]:
        v = holm_verdicts({w: paired_difference(a[w], b[w]) for w in sorted(a)})
        return tuple(list(v.values()).count(x) for x in ("win", "tie", "loss"))

    assert {
        r["config"]["algorithm"]["revision"] for r in records("auto-v39") if r["algorithm"] == "taso-auto"
    } == {39}
    r39, r38 = acc("auto-v39")["taso-auto"], acc("auto-v38")["taso-auto"]
    assert len(r39) == 10 and all(len(v) == 10 for v in r39.values())
    d = {w: paired_difference(r39[w], r38[w]) for w in r39}
    below = sorted(w for w in d if d[w].high < 0)
    assert below == ["digits-mlp", "imdb-cnn", "mnist1d-mlp"]
    q = {w: f"{d[w].mean:+.2f} [{d[w].low:+.2f}, {d[w].high:+.2f}]".replace("-", "−") for w in d}
    assert (f"MNIST-1D MLP **{q['mnist1d-mlp']}**, digits {q['digits-mlp']}, the IMDB CNN {q['imdb-cnn']} pt"
            in flat and f"the Fashion LeNet-5 {q['fashion-lenet5']}, the Rotten Tomatoes CNN {q['rt-cnn']}" in flat)  # fmt: skip
    rest = [w for w in d if w not in (*below, "fashion-lenet5", "rt-cnn")]
    assert round(max(abs(d[w].mean) for w in rest), 2) <= 0.04 and "the rest within ±0.04" in flat
    assert all(r39[w] == r38[w] for w in ("fashion-lenet5-bn", "fashion-resnet"))  # no probe: 10 of 10 equal
    sides = {"the authors'-grid best": ("auto-v39", "auto-v38", "best tuned"),
             "the equal-budget best family": ("auto39-vs-tuned2", "auto38-vs-tuned2", "best tuned"),
             "tuned TASO": ("auto39-vs-tuned-taso", "auto38-vs-tuned-taso", "best tuned"),
             "schedule-free AdamW's defaults": ("auto-v39", "auto-v38", "sf-adamw")}  # fmt: skip
    for label, (d39, d38, ref) in sides.items():
        new, old = acc(d39), acc(d38)
        t39, t38 = tally(new["taso-auto"], new[ref]), tally(old["taso-auto"], old[ref])
        assert t39[0] < t38[0] or t39[2] > t38[2], label  # every tally worse
        assert f"{label} {' / '.join(map(str, t39))} (rule 38: {' / '.join(map(str, t38))})" in flat, label


def test_check_42_the_five_deep_mlp_at_20_seeds_matches_the_readme() -> None:
    """Check 42 (``auto-deep20/run.sh``): rule 38 and rule 28 (both trained here; rule 28's seeds 0-9
    equal the stored rule-17 runs) and schedule-free AdamW on the 5-deep digits MLP, seeds 0-19."""
    from taso.bench._stats import paired_difference

    flat = " ".join(README.split())
    wl = "digits-mlp-5x64-b32-e20"

    def acc(d: str, algorithm: str) -> dict[int, float]:
        return {r["seed"]: r["result"]["test_accuracy"] for r in records(d)
                if r["workload"] == wl and r["algorithm"] == algorithm}  # fmt: skip

    r38, sf, r28 = (
        acc("auto-deep20", "taso-auto"),
        acc("auto-deep20", "sf-adamw"),
        acc("auto-deep20/rule28", "taso-auto"),
    )
    assert all(set(x) == set(range(20)) for x in (r38, sf, r28))
    assert {r["config"]["algorithm"]["revision"] for r in records("auto-deep20/rule28")} == {28}
    assert {
        r["config"]["algorithm"].get("revision")
        for r in records("auto-deep20")
        if r["algorithm"] == "taso-auto"
    } == {38}
    stored17 = acc("auto-fresh6-deep10", "taso-auto")
    assert len(stored17) == 10 and all(r28[s] == v for s, v in stored17.items()) and "10 of 10)" in flat
    assert all(
        r["result"]["status"] == "ok" for d in ("auto-deep20", "auto-deep20/rule28") for r in records(d)
    )

    def interval(d: object) -> str:
        return f"{d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}]".replace("-", "−")  # type: ignore[attr-defined]

    assert f"Rule 38 minus rule 28: **{interval(paired_difference(r38, r28))} pt**" in flat
    assert f"(means {np.mean(list(r38.values())):.2f} vs {np.mean(list(r28.values())):.2f}%)" in flat
    low38, low28 = (sorted(v for v in a.values() if v < 93) for a in (r38, r28))
    assert (
        f"rule 38 {len(low38)} of 20 ({low38[0]:.2f}–{low38[-1]:.2f}%), rule 28 {len(low28)} of 20 ({low28[0]:.2f}–{low28[-1]:.2f}%)"
        in flat
    )
    assert f"lowest seed is {min(sf.values()):.2f}% (mean {np.mean(list(sf.values())):.2f}%)" in flat
    v38, v28 = interval(paired_difference(r38, sf)), interval(paired_difference(r28, sf))
    assert f"rule 38 is {v38} pt, rule 28 {v28}" in flat
    assert (
        f"rule 38 leaves {len(low38)} of 20 seeds below 93% (rule 28: {len(low28)}), {v38} pt behind" in flat
    )
    assert f"(rule 28: {v28})" in flat
    cut = sorted(records_in(RESULTS / "auto-deep20" / "cut-by-old-stop-rule.jsonl"), key=lambda r: r["seed"])
    assert [r["seed"] for r in cut] == [11, 18]
    assert f"they end at {r38[11]:.2f} and {r38[18]:.2f}%" in flat


def test_check_41_rule_38_on_the_fresh_sets_matches_the_readme() -> None:
    """Check 41 (``auto-fresh-v38/run.sh``): rule 38 on the fresh sets' 34 models without tables against
    rule 28 of this processor (the stored rule-15 runs, 70 of 70 verified here), the pooled and
    per-workload intervals, the Holm tallies against the defaults, the 5-deep MLP's repaired runs and
    the harness's old stop rule that had cut them (and six more records) short."""
    import importlib.util

    from taso.bench._stats import paired_difference
    from taso.bench._stats import verdicts as holm_verdicts
    from taso.bench._workloads import WORKLOADS

    flat = " ".join(README.split())

    def acc(*dirs: str) -> dict[str, dict[str, dict[int, float]]]:
        out: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
        for r in records(*dirs):
            out[r["algorithm"]][r["workload"]][r["seed"]] = r["result"]["test_accuracy"]
        return out

    runs = records("auto-fresh-v38")
    assert {r["config"]["algorithm"]["revision"] for r in runs} == {38} and len(runs) == 170
    r38 = acc("auto-fresh-v38")["taso-auto"]
    assert len(r38) == 34 and all(WORKLOADS[w].modality != "text" for w in r38)
    stored = acc("auto-fresh15", "auto-fresh6")
    verify = acc("auto-fresh-v38/verify28")["taso-auto"]
    assert {r["config"]["algorithm"]["revision"] for r in records("auto-fresh-v38/verify28")} == {28}
    assert sum(len(v) for v in verify.values()) == 70
    assert all(verify[w][s] == stored["taso-auto"][w][s] for w in verify for s in verify[w])
    r28 = {w: stored["taso-auto"][w] for w in r38}
    keys = [(w, s) for w in sorted(r38) for s in range(5)]
    pooled = paired_difference(
        {i: r38[w][s] for i, (w, s) in enumerate(keys)}, {i: r28[w][s] for i, (w, s) in enumerate(keys)}
    )
    assert f"{pooled.mean:+.2f} [{pooled.low:+.2f}, {pooled.high:+.2f}] pt".replace("-", "−") in flat
    mean38, mean28 = (np.mean([r[w][s] for w, s in keys]) for r in (r38, r28))
    assert f"(means {mean38:.2f} vs {mean28:.2f}%)" in flat
    diffs = {w: paired_difference(r38[w], r28[w]) for w in r38}
    assert sum(d.low > 0 for d in diffs.values()) == 10 and not any(d.high < 0 for d in diffs.values())
    assert "wholly above zero on 10 of the 34" in flat and "wholly below zero on none" in flat

    def tally(a: dict[str, dict[int, float]], name: str) -> str:
        v = holm_verdicts({w: paired_difference(a[w], stored[name][w]) for w in sorted(a)})
        return " / ".join(str(list(v.values()).count(x)) for x in ("win", "tie", "loss"))

    assert (
        f"rule 38 {tally(r38, 'sf-adamw')}, rule 28 {tally(r28, 'sf-adamw')}; against TASO's defaults both {tally(r38, 'taso')}"
        in flat
    )
    assert tally(r38, "taso") == tally(r28, "taso")
    deep = "digits-mlp-5x64-b32-e20"
    assert sum(v < 93 for v in r38[deep].values()) == 3 and sum(v < 93 for v in r28[deep].values()) == 1
    assert (
        f"mean {np.mean(list(r38[deep].values())):.2f}% against rule 28's {np.mean(list(r28[deep].values())):.2f}%"
        in flat
    )
    assert not [r for r in runs if r["result"]["status"] != "ok"]
    # the two runs the guard repaired after a non-finite training loss; the old stop rule had cut them
    repaired = sorted(
        (r for r in runs if r["result"]["diverged_at_step"] is not None), key=lambda r: r["seed"]
    )
    assert [(r["workload"], r["seed"]) for r in repaired] == [(deep, 2), (deep, 4)]
    for r in repaired:
        assert r["result"]["steps"] == 820 and r["result"]["diverged_at_step"] < 0.4 * 820
        assert any(x["window_loss"] is None for x in r["result"]["details"]["guard"]["restarts"])
    reached = " and ".join(f"{r['result']['test_accuracy']:.2f}" for r in repaired)
    assert f"they ended at {reached}%" in flat and f"ending at {reached}%" in flat
    rest = sorted(v for s, v in r38[deep].items() if s not in {r["seed"] for r in repaired})
    assert (
        f"five runs ended at {rest[0]:.2f}–{rest[-1]:.2f}%" in flat
        and f"seeds ended at {rest[0]:.2f}–{rest[-1]:.2f}%" in flat
    )
    # the first reading: the same runs cut where their epoch had a non-finite loss, kept aside
    cut = sorted(
        records_in(RESULTS / "auto-fresh-v38" / "cut-by-old-stop-rule.jsonl"), key=lambda r: r["seed"]
    )
    assert [(r["key"], r["result"]["status"]) for r in cut] == [(r["key"], "diverged") for r in repaired]
    assert all(math.isfinite(r["result"]["epochs"][-1]["val_loss"]) for r in cut)
    steps = " and ".join(str(r["result"]["steps"]) for r in cut)
    tested = " and ".join(f"{r['result']['test_accuracy']:.2f}" for r in cut)
    assert f"at steps {steps} and tested them there ({tested}%; " in flat
    first = {**{r["key"]: r for r in runs}, **{r["key"]: r for r in cut}}.values()
    first38 = {(r["workload"], r["seed"]): r["result"]["test_accuracy"] for r in first}
    before = paired_difference(
        {i: first38[k] for i, k in enumerate(keys)}, {i: r28[w][s] for i, (w, s) in enumerate(keys)}
    )
    assert f"pooled {before.mean:+.2f} [{before.low:+.2f}, {before.high:+.2f}] pt)".replace("-", "−") in flat
    # every store: none cut by the old rule is left; the eight removed are kept beside their stores
    spec = importlib.util.spec_from_file_location("cut", ROOT / "benchmarks" / "retrain_cut_runs.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert not [r for p in RESULTS.glob("**/runs*.jsonl") for r in tool.scan(p)[1].values()]
    kept = [r for p in RESULTS.glob("**/cut-by-old-stop-rule.jsonl") for r in records_in(p)]
    assert all(r["algorithm"].startswith("taso-auto") for r in kept)
    first = [r for r in kept if math.isfinite(r["result"]["epochs"][-1]["val_loss"] or math.inf)]
    assert len(first) == 8 and "The old rule had cut eight AutoTASO records" in flat
    assert "six of held-out round 21" in flat
    # the second gap: non-finite weights read at an epoch's end before the guard's next window
    second = [r for r in kept if r not in first]
    assert len(second) == 4 and all(not r["result"]["details"]["guard"]["restarts"] for r in second)
    assert all(r["result"]["steps"] - r["result"]["diverged_at_step"] < r["result"]["details"]["guard"]["window_steps"]
               for r in second)  # fmt: skip
    assert "four more, retrained" in flat
    retrained = {r["key"]: r for d in ("auto-deep20", "auto-holdout") for r in records(d)}
    assert all(retrained[r["key"]]["result"]["status"] == "ok" for r in second)
    # plain optimizers' diverged runs end as they did (benchmarks/stop_rule_unchanged.py)
    unchanged = json.loads((RESULTS / "stop-rule-unchanged.json").read_text())["runs"]
    assert all(r["same"] and r["now"] == r["stored"] and r["now"][0] == "diverged" for r in unchanged)
    assert len({r["algorithm"] for r in unchanged}) == 3
    assert f"first non-finite step and test accuracy: {len(unchanged)} of {len(unchanged)}" in flat
    assert not [
        r
        for r in records("auto-fresh15", "auto-fresh6")
        if r["algorithm"] == "taso-auto" and r["result"]["status"] != "ok"
    ]
    pairs = sorted(r38[w][s] - r28[w][s] for w, s in keys)
    assert "behind by {:.2f} pt (an 8-channel MNIST-1D CNN seed), {:.2f} and {:.2f} (two seeds of the one-epoch ResNet)".format(
        *(-p for p in pairs[:3])) in flat and f"ahead by {pairs[-1]:.2f}" in flat  # fmt: skip


ROUND40 = ("digits-mlp-2x64-b16-e20", "digits-mlp-128-b48-e40", "digits-mlp-4x64-b32-e25",
           "fashion-lenet5-3k-b32-e12", "fashion-mlp-256-4k-b32-e10", "mnist1d-cnn-c16-b32-e30",
           "mnist1d-mlp-256-b32-e15", "rt-fasttext-d48-b32-e6")  # fmt: skip


def test_held_out_round_40_rejected_the_probes_progress_reading_as_the_page_says() -> None:
    """Round 40 (``probe_divergence="progress"`` against rule 38, round 37's criterion): condition
    (1) held, (2) and (3) did not; the readings it changed (never to a lower rate), the intervals,
    means, shortfalls and costs as quoted; and the two suite seeds whose probe read a divergence
    below 2x the current rate."""
    text = re.sub(r"\s+", " ", README)
    runs = _against_rule38(
        "auto-holdout40", ROUND40, "taso-auto-probe-progress", 40, {"probe_divergence": "progress"}
    )
    val, short, mean = _minimax_numbers(runs)
    assert not any(v < 60 for c in val for v in val[c].values())  # (1) held: none below 60% either way
    pooled = _interval(np.array([val["candidate"][k] - val["rule 17"][k] for k in val["rule 17"]]))
    assert pooled[1] <= 0 and f"**{_quoted(*pooled)} pt** over the 160 pairs" in text  # (2) failed
    per = {w: _interval(np.array([val["candidate"][w, s] - val["rule 17"][w, s] for s in range(100, 120)]))
           for w in ROUND40}  # fmt: skip
    assert [w for w, x in per.items() if x[2] < 0] == ["digits-mlp-2x64-b16-e20"]  # (3) failed
    assert f"batch 16 lies wholly below it, {_quoted(*per['digits-mlp-2x64-b16-e20'])}" in text
    assert (f"the 128-wide digits MLP {_quoted(*per['digits-mlp-128-b48-e40'])}, the 4-deep one "
            f"{_quoted(*per['digits-mlp-4x64-b32-e25'])}") in text  # fmt: skip
    assert (f"the MNIST-1D CNN {_quoted(*per['mnist1d-cnn-c16-b32-e30'])}, fastText "
            f"{_quoted(*per['rt-fasttext-d48-b32-e6'])}, the rest within ±0.01") in text  # fmt: skip
    rest = ("fashion-lenet5-3k-b32-e12", "fashion-mlp-256-4k-b32-e10", "mnist1d-mlp-256-b32-e15")
    assert all(abs(round(per[w][0], 2)) <= 0.01 for w in rest)  # the mean as quoted
    assert (f"(mean {mean['candidate']:.2f} vs {mean['rule 17']:.2f}%, largest shortfall "
            f"{short['candidate']:.2f} vs {short['rule 17']:.2f} pt)") in text  # fmt: skip
    _costs_quoted(runs, text)
    deep = {c: sum(len(d["details"]["guard"]["restarts"]) for k, d in rs.items() if k[0] == "digits-mlp-4x64-b32-e25")
            for c, rs in runs.items()}  # fmt: skip
    assert f"(guard restarts {deep['candidate']} vs {deep['rule 17']})" in text
    changed: dict[str, int] = {}
    higher, lower = 0, []
    for k, r in runs["rule 17"].items():
        a, b = r["details"]["probe"], runs["candidate"][k]["details"]["probe"]
        assert a["lr_initial_before"] == b["lr_initial_before"]  # the range tests come first: the same
        higher += b["raised_by"] > a["raised_by"]
        if b["raised_by"] < a["raised_by"]:  # a lower rate only where the candidate's probe saw no collapse
            assert k[0] == "rt-fasttext-d48-b32-e6" and b["reason"] == "no divergence within the probe"
            assert b["raised_by"] == 1.0
            lower.append(a["raised_by"])
        if a.get("factor_at_divergence") != b.get("factor_at_divergence"):
            changed[k[0]] = changed.get(k[0], 0) + 1
    assert f"a higher rate on {higher}, a lower one on {len(lower)} — fastText runs" in text
    assert f"had raised {min(lower):.2f}–{max(lower):.2f}×" in text
    assert (f"on {sum(changed.values())} of 160 runs (on {changed['digits-mlp-2x64-b16-e20']}, "
            f"{changed['digits-mlp-128-b48-e40']} and {changed['digits-mlp-4x64-b32-e25']} of the digits MLPs' 20; "
            f"{changed['mnist1d-cnn-c16-b32-e30']} of the CNN's; {changed['rt-fasttext-d48-b32-e6']} of fastText's)"
            ) in text  # fmt: skip
    low = sorted(
        round(r["result"]["details"]["probe"]["factor_at_divergence"], 1)
        for r in records("auto20-v38")
        if r["workload"] == "digits-mlp" and r["result"]["details"]["probe"]["factor_at_divergence"] < 2
    )
    assert low == [1.2, 1.8] and "at 1.2 and 1.8× the current rate" in text


def test_the_stretch_targets_noninferiority_counts_are_the_reports() -> None:
    """The targets table's stretch row: rule 38 at 20 seeds (check 39), shown within 0.3 pt
    (non-inferiority, Holm) against each reference, recomputed from the result files as
    ``taso bench report --margin 0.3`` computes them, and the workloads where it is not shown."""
    from taso.bench._report import comparisons, load_records, relabel_tuned, summarise
    from taso.bench._stats import noninferiority

    text = re.sub(r"\s+", " ", README)
    shown: dict[tuple[str, str], list[str]] = {}
    union: dict[tuple[str, str], bool] = {}
    for side in ("tuned-paper", "tuned2", "tuned-taso"):
        recs = relabel_tuned(load_records([RESULTS / f"auto20-v38-vs-{side}"]))
        fams = comparisons(summarise(recs), "taso-auto")
        for name in ("best tuned", "sf-adamw"):
            pairs = {w: p for w, (p, _) in fams[name].items()}
            assert len(pairs) == 10 and all(p.n == 20 for p in pairs.values())
            readings = noninferiority(pairs, 0.3)
            shown[side, name] = sorted(w for w, (_, v) in readings.items() if v == "shown")
            union[side, name] = all(p.noninferior_p(0.3) < 0.05 for p in pairs.values())
    everything = set(pairs)  # the ten offline workloads
    assert everything - set(shown["tuned-paper", "best tuned"]) == {"rt-cnn", "rt-fasttext"}
    assert everything - set(shown["tuned-taso", "best tuned"]) == {"mnist1d-cnn", "mnist1d-mlp"}
    assert shown["tuned2", "best tuned"] == ["imdb-cnn"]
    assert everything - set(shown["tuned-paper", "sf-adamw"]) == {"rt-cnn", "rt-fasttext"}
    assert not any(union.values())
    assert (
        "against the authors'-grid best tuned method on 8 of 10 (not shown: the two Rotten Tomatoes models), "
        "against tuned TASO on 8 of 10 (not shown: the MNIST-1D CNN and MLP), against the equal-budget "
        "study's best family on 1 of 10 (the IMDB CNN), against schedule-free AdamW's defaults on 8 of 10 "
        "(not shown: the two Rotten Tomatoes models); on all ten at once (an intersection–union test, every "
        "workload's p below 0.05) against none of them"
    ) in text
    for side in ("tuned-paper", "tuned2", "tuned-taso"):  # the committed reports carry the section
        report = (RESULTS / f"auto20-v38-vs-{side}" / "report.md").read_text()
        n = len(shown[side, "best tuned"])
        assert f"- vs best tuned: shown on {n} of 10 workloads (Holm)" in report


def test_the_cost_of_rule_38_is_the_benchmarks_table() -> None:
    """``benchmarks/autotaso_cost.py --out``'s table for the registered rule: every number the
    page and the README quote, read back from the file it wrote."""
    table = (RESULTS / "cost" / "autotaso-cost-rule38.md").read_text(encoding="utf-8")
    assert "# What AutoTASO (rule 38) costs over plain TASO" in table
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0] in ("mnist1d-mlp", "mnist1d-cnn", "rt-fasttext"):
            rows[cells[0]] = cells
    order = ("mnist1d-mlp", "mnist1d-cnn", "rt-fasttext")
    assert list(rows) == list(order) and all(rows[w][1] == rows[w][2] for w in order)  # the same steps

    def mean_max(cell: str) -> tuple[str, str]:
        m = re.fullmatch(r"([\d.]+) \(max ([\d.]+)\)", cell)
        assert m is not None, cell
        return m.group(1), m.group(2)

    def median_range(cell: str) -> tuple[str, str, str]:
        m = re.fullmatch(r"([\d.]+) \[([\d.]+), ([\d.]+)\]", cell)
        assert m is not None, cell
        return m.group(1), m.group(2), m.group(3)

    disc = [mean_max(rows[w][3]) for w in order]
    probe = [rows[w][4] for w in order]
    wall = [median_range(rows[w][7]) for w in order]
    guard = [median_range(rows[w][8])[0] for w in order]
    copies = [re.fullmatch(r"(\d+), ([\d.]+)x", rows[w][6]).groups() for w in order]  # type: ignore[union-attr]
    text = re.sub(r"\s+", " ", README)
    assert (f"discarded {disc[0][0]}% of the run on the MNIST-1D MLP, {disc[1][0]}% on the MNIST-1D CNN and "
            f"{disc[2][0]}% on Rotten Tomatoes fastText (at most {disc[2][1]}%), of which the probe "
            f"{probe[0]}, {probe[1]} and {probe[2]} points") in text  # fmt: skip
    assert (f"wall time AutoTASO / TASO {wall[0][0]}, {wall[1][0]} and {wall[2][0]} (medians; ranges "
            f"{wall[0][1]}–{wall[0][2]}, {wall[1][1]}–{wall[1][2]} and {wall[2][1]}–{wall[2][2]}") in text  # fmt: skip
    assert f"of which the guard (on / off) {guard[0]}, {guard[1]} and {guard[2]}" in text
    assert (f"copies held at most {copies[0][0]}, {copies[1][0]} and {copies[2][0]} ({copies[0][1]}×, "
            f"{copies[1][1]}× and {copies[2][1]}× the parameters' bytes)") in text  # fmt: skip
    medians = sorted(float(w[0]) for w in wall)
    assert (
        f"wall time {medians[0]:.3f}–{medians[-1]:.3f}× plain TASO's on three of the suite's workloads"
        in text
    )


def test_check_43_deep_plain_mlps_without_the_probe_as_the_page_says() -> None:
    """Check 43 (a diagnostic): rule 38 with ``probe=False`` against rule 38 on three deep plain
    MLPs x 20 seeds, rule 38's runs read from their stores by run key; the intervals, seeds below
    93% and guard restarts as quoted."""
    import dataclasses

    from taso.bench._algorithms import get_algorithm
    from taso.bench._results import run_key
    from taso.bench._stats import paired_difference
    from taso.bench._workloads import get_workload

    text = re.sub(r"\s+", " ", README)
    rule38 = get_algorithm("taso-auto")
    assert rule38.revision == 38
    cand = dataclasses.replace(rule38, name="taso-auto-noprobe", hparams={**rule38.hparams, "probe": False})
    cases = {"digits-mlp-5x64-b32-e20": (range(20), "auto-deep20"),
             "digits-mlp-6x48-b32-e15": (range(100, 120), "auto-holdout39"),
             "mnist1d-mlp-5x128-b32-e8": (range(100, 120), "auto-holdout39")}  # fmt: skip
    mine = {r["key"]: r["result"] for r in records("auto-deep-noprobe")}
    assert len(mine) == 60
    quoted = {}
    for name, (seeds, store) in cases.items():
        wl = get_workload(name)
        stored = {r["key"]: r["result"] for r in records(store)}
        a = {s: stored[run_key(wl.config(), rule38.config(wl.modality), s)] for s in seeds}
        b = {s: mine[run_key(wl.config(), cand.config(wl.modality), s)] for s in seeds}
        d = paired_difference({s: r["test_accuracy"] for s, r in b.items()},
                              {s: r["test_accuracy"] for s, r in a.items()})  # fmt: skip
        low = [sum(r["test_accuracy"] < 93.0 for r in rs.values()) for rs in (b, a)]
        restarts = [sum(len(r["details"]["guard"]["restarts"]) for r in rs.values()) for rs in (b, a)]
        quoted[name] = (_quoted(d.mean, d.low, d.high), low, restarts)
    q5, q6, qm = (quoted[n] for n in cases)
    assert (f"the 5-deep digits MLP **{q5[0]} pt** (below 93%: {q5[1][0]} of 20 against {q5[1][1]}; guard "
            f"restarts {q5[2][0]} against {q5[2][1]}), the 6-deep one **{q6[0]}** ({q6[1][0]} of 20 against "
            f"{q6[1][1]} below 93%") in text  # fmt: skip
    assert f"the 5-deep MNIST-1D MLP **{qm[0]}** (guard restarts {qm[2][0]} against {qm[2][1]})" in text
    assert (f"the two deep digits MLPs end no higher ({q5[0]} and {q6[0]} pt, as many seeds low), the 5-deep "
            f"MNIST-1D MLP {qm[0]} pt") in text  # fmt: skip


def test_the_seventh_fresh_set_matches_the_page() -> None:
    """Fresh set 7 (rule 38, 10 seeds, committed before its runs): the Holm tallies, the losses and
    wins quoted with their intervals, the MNIST-1D MLP's probe raises, rates and training losses,
    the discarded shares; and its workloads are in no other result file."""
    recs = records("auto-fresh7")
    names = {r["workload"] for r in recs}
    assert len(names) == 10 and len(recs) == 300
    assert {r["config"]["algorithm"]["revision"] for r in recs if r["algorithm"] == "taso-auto"} == {38}
    for d in sorted(p.name for p in RESULTS.iterdir() if p.is_dir() and p.name != "auto-fresh7"):
        assert not names & {r["workload"] for r in records(d)}, d
    text = re.sub(r"\s+", " ", README)
    tallies = counts(recs, "taso-auto")
    assert (f"Seventh set: vs sf-adamw {' / '.join(map(str, tallies['sf-adamw']))}, vs TASO's defaults "
            f"{' / '.join(map(str, tallies['taso']))}, vs the best of the two by validation "
            f"{' / '.join(map(str, tallies[BEST]))}") in text  # fmt: skip
    assert (f"fresh set 7, rule 38 at 10 seeds: vs sf-adamw {' / '.join(map(str, tallies['sf-adamw']))}, vs "
            f"TASO's defaults {' / '.join(map(str, tallies['taso']))}") in text  # fmt: skip
    acc: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for r in recs:
        acc[r["workload"], r["algorithm"]][r["seed"]] = r["result"]["test_accuracy"]

    from taso.bench._stats import paired_difference

    def diff(w: str, other: str) -> str:
        p = paired_difference(acc[w, "taso-auto"], acc[w, other])
        return _quoted(p.mean, p.low, p.high)

    assert f"the CNN {diff('rt-cnn-d48-f32-b48-e4', 'sf-adamw')} pt over sf-adamw" in text
    assert f"fastText {diff('rt-fasttext-d40-b24-e4', 'sf-adamw')}" in text
    assert f"192-192 at batch 96 ({diff('fashion-mlp-2x192-12k-b96-e4', 'sf-adamw')}" in text
    assert f"5k examples ({diff('fashion-resnet-8-16-32-5k-b64-e2', 'sf-adamw')}" in text
    mlp = "mnist1d-mlp-2x200-b32-e12"
    assert f"**{diff(mlp, 'taso')} pt behind TASO's defaults**" in text
    assert f"MNIST-1D MLP {diff(mlp, 'taso')} pt behind TASO's defaults)" in text
    auto = [r["result"] for r in recs if r["workload"] == mlp and r["algorithm"] == "taso-auto"]
    raised = [r["details"]["probe"]["raised_by"] for r in auto]
    lrs = [r["details"]["groups"][0]["lr_initial"] for r in auto]
    loss = {a: np.mean([r["result"]["final_train_loss"] for r in recs if r["workload"] == mlp and r["algorithm"] == a])
            for a in ("taso-auto", "taso")}  # fmt: skip
    assert (
        f"raised its rate {min(raised):.2f}–{max(raised):.2f}× (final $LR_I$ {min(lrs):.2f}–{max(lrs):.2f}"
        in text
    )
    assert sum(bool(r["details"]["guard"]["restarts"]) for r in auto) == 2
    assert f"({loss['taso-auto']:.3f} vs {loss['taso']:.3f})" in text
    shares = defaultdict(list)
    for r in recs:
        if r["algorithm"] == "taso-auto":
            shares[r["workload"]].append(100 * r["result"]["details"]["discarded_fraction"])
    per = [float(np.mean(v)) for v in shares.values()]
    steps = [r["result"]["steps"] for r in recs if r["algorithm"] == "taso-auto"]
    assert (f"Discarded: {np.mean([x for v in shares.values() for x in v]):.1f}% of the run on average "
            f"({min(per):.1f}–{max(per):.1f}% per workload: runs of {min(steps)}–{max(steps):,} steps") in text  # fmt: skip
    restarts = sum(
        len(r["result"]["details"]["guard"]["restarts"]) for r in recs if r["algorithm"] == "taso-auto"
    )
    assert f"guard restarts {restarts}." in text
