"""The comparison statistics: simulated coverage and false-win rates at the suites' seed counts.

Deterministic: every simulation draws from a fixed seed, so the asserted rates are fixed numbers;
the tolerances are set by the Monte-Carlo error of ``REPS`` draws (standard error ~0.35% at 95%).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from taso.bench._stats import Paired, holm, noninferiority, paired_difference, verdicts

REPS = 4000


def draw(kind: str, rng: np.random.Generator, n: int) -> np.ndarray:
    if kind == "normal":
        return rng.normal(0.0, 1.0, n)
    if kind == "heavy":  # Student t, 3 degrees of freedom: symmetric, heavy-tailed
        return rng.standard_t(3, n)
    raise ValueError(kind)


@pytest.mark.parametrize("n", [3, 5, 10])
@pytest.mark.parametrize("kind", ["normal", "heavy"])
def test_the_interval_covers_95_percent_at_the_suites_n(n: int, kind: str) -> None:
    rng = np.random.default_rng(1000 * n + len(kind))
    shift = 0.7  # a true difference, so coverage is about the interval, not the null
    covered = 0
    for _ in range(REPS):
        d = draw(kind, rng, n) + shift
        p = paired_difference(dict(enumerate(d)), dict.fromkeys(range(n), 0.0))
        covered += p.low <= shift <= p.high
    assert covered / REPS == pytest.approx(0.95, abs=0.02)


def test_a_percentile_bootstrap_would_not_cover_at_n_3() -> None:
    """Why the report does not bootstrap: at n = 3 the percentile interval is the min-max."""
    rng = np.random.default_rng(7)
    covered = 0
    for _ in range(400):
        d = rng.normal(0.0, 1.0, 3)
        res = stats.bootstrap((d,), np.mean, method="percentile", n_resamples=999, rng=rng)
        covered += res.confidence_interval.low <= 0.0 <= res.confidence_interval.high
    assert covered / 400 < 0.85


@pytest.mark.parametrize("n", [3, 5, 10])
@pytest.mark.parametrize("kind", ["normal", "heavy"])
def test_false_wins_under_no_difference_stay_below_the_nominal_rates(n: int, kind: str) -> None:
    """10 workloads, no true difference anywhere: Holm keeps the family-wise rate of any false
    verdict at <= 5%, so a false *win* in a comparison happens at most ~2.5% of the time."""
    rng = np.random.default_rng(n + 17 * len(kind))
    any_false, false_wins = 0, 0
    reps = REPS // 4
    for _ in range(reps):
        pairs = {
            f"w{k}": paired_difference(dict(enumerate(draw(kind, rng, n))), dict.fromkeys(range(n), 0.0))
            for k in range(10)
        }
        v = verdicts(pairs).values()
        any_false += any(x != "tie" for x in v)
        false_wins += any(x == "win" for x in v)
    assert any_false / reps <= 0.05 + 0.015
    assert false_wins / reps <= 0.025 + 0.012


def test_a_real_difference_is_found_with_enough_seeds() -> None:
    rng = np.random.default_rng(3)
    found = 0
    for _ in range(500):
        pairs = {f"w{k}": paired_difference(dict(enumerate(rng.normal(2.0, 1.0, 10))), dict.fromkeys(range(10), 0.0))
                 for k in range(10)}  # fmt: skip
        found += list(verdicts(pairs).values()).count("win")
    assert found / 5000 > 0.95


def test_holm_matches_its_definition_and_the_t_test_matches_scipy() -> None:
    p = [0.001, 0.02, 0.013, 0.3, math.nan]
    # sorted: 0.001*4, 0.013*3, 0.02*2 (monotone), 0.3*1
    assert holm(p)[:4] == pytest.approx([0.004, 0.04, 0.039, 0.3])
    assert math.isnan(holm(p)[4])
    a = {0: 90.1, 1: 91.5, 2: 89.7, 3: 90.9}
    b = {0: 89.0, 1: 91.0, 2: 90.0, 3: 89.5}
    mine = paired_difference(a, b)
    ref = stats.ttest_rel([a[s] for s in range(4)], [b[s] for s in range(4)])
    assert mine.p == pytest.approx(ref.pvalue, rel=1e-12)
    ci = ref.confidence_interval(0.95)
    assert (mine.low, mine.high) == pytest.approx((ci.low, ci.high), rel=1e-12)


def test_edge_cases() -> None:
    assert paired_difference({}, {}).n == 0
    one = paired_difference({0: 1.0}, {0: 0.0})
    assert one.n == 1 and one.verdict == "n/a" and math.isnan(one.p)
    same = paired_difference({0: 2.0, 1: 2.0}, {0: 1.0, 1: 1.0})
    assert (same.low, same.high, same.p) == (1.0, 1.0, 0.0)
    assert verdicts({"x": Paired(math.nan, math.nan, math.nan, 1, math.nan)}) == {"x": "n/a"}


def test_the_noninferiority_p_value_is_scipys_one_sided_t_test_at_the_margin() -> None:
    rng = np.random.default_rng(11)
    for n in (3, 10, 20):
        for _ in range(20):
            d = rng.normal(rng.uniform(-0.6, 0.4), rng.uniform(0.05, 1.0), n)
            mine = paired_difference(dict(enumerate(d)), dict.fromkeys(range(n), 0.0))
            for margin in (0.1, 0.3, 1.0):
                ref = stats.ttest_1samp(d, -margin, alternative="greater").pvalue
                assert mine.noninferior_p(margin) == pytest.approx(ref, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("n", [10, 20])
@pytest.mark.parametrize("kind", ["normal", "heavy"])
def test_noninferiority_is_shown_falsely_at_most_at_the_nominal_rate_on_the_margin(n: int, kind: str) -> None:
    """True difference exactly -margin on every one of 10 workloads (the worst case of H0): Holm
    keeps the rate of any false "shown" at <= 5%, and on one workload alone it is about 5%."""
    rng = np.random.default_rng(5 * n + len(kind))
    margin, reps = 0.3, REPS // 4
    any_false, single = 0, 0
    for _ in range(reps):
        pairs = {
            f"w{k}": paired_difference(dict(enumerate(draw(kind, rng, n) * 0.5 - margin)), dict.fromkeys(range(n), 0.0))
            for k in range(10)
        }  # fmt: skip
        readings = noninferiority(pairs, margin)
        any_false += any(v == "shown" for _, v in readings.values())
        single += pairs["w0"].noninferior_p(margin) < 0.05
    assert any_false / reps <= 0.05 + 0.015
    assert single / reps == pytest.approx(0.05, abs=0.02 if kind == "normal" else 0.03)


def test_noninferiority_is_shown_for_a_small_true_shortfall_with_enough_seeds_and_not_for_a_large_one() -> (
    None
):
    rng = np.random.default_rng(23)
    small = {f"w{k}": paired_difference(dict(enumerate(rng.normal(-0.05, 0.3, 20))), dict.fromkeys(range(20), 0.0))
             for k in range(10)}  # fmt: skip
    large = {f"w{k}": paired_difference(dict(enumerate(rng.normal(-0.6, 0.3, 20))), dict.fromkeys(range(20), 0.0))
             for k in range(10)}  # fmt: skip
    assert [v for _, v in noninferiority(small, 0.3).values()].count("shown") >= 9
    assert [v for _, v in noninferiority(large, 0.3).values()].count("shown") == 0


def test_noninferiority_edge_cases_and_a_bad_margin() -> None:
    same = paired_difference({0: 2.0, 1: 2.0}, {0: 2.1, 1: 2.1})  # identical differences, -0.1
    assert same.noninferior_p(0.3) == 0.0 and same.noninferior_p(0.05) == 1.0
    one = paired_difference({0: 1.0}, {0: 0.0})
    assert math.isnan(one.noninferior_p(0.3))
    p, reading = noninferiority({"x": one}, 0.3)["x"]
    assert math.isnan(p) and reading == "n/a"
    for bad in (0.0, -0.3, math.nan, math.inf):
        with pytest.raises(ValueError, match="margin must be a finite number > 0"):
            same.noninferior_p(bad)


def _record(workload: str, algorithm: str, seed: int, test: float, val: float) -> dict:
    return {
        "workload": workload, "algorithm": algorithm, "seed": seed, "key": f"{workload}-{algorithm}-{seed}",
        "environment": {"threads": 1, "device": "cpu"},
        "result": {"test_accuracy": test, "final_train_loss": 0.1, "status": "ok", "epochs": [{"val_accuracy": val}]},
    }  # fmt: skip


def test_the_best_competitor_is_chosen_on_validation_and_test_never_changes_the_choice() -> None:
    from taso.bench._report import BEST, best_by_validation, comparisons, summarise

    rng = np.random.default_rng(0)
    recs = []
    for w in ("w1", "w2"):
        for seed in range(5):
            recs.append(_record(w, "taso", seed, 90 + rng.normal(), 90.0))
            recs.append(_record(w, "good-on-val", seed, 80 + rng.normal(), 95.0))  # best validation
            recs.append(_record(w, "good-on-test", seed, 99 + rng.normal(), 85.0))  # best test
    cells = summarise(recs)
    assert best_by_validation(cells["w1"], "taso").algorithm == "good-on-val"
    fam = comparisons(cells, "taso")[BEST]
    assert fam["w1"][0].mean > 5 and fam["w1"][1] == "win"  # measured against the val-chosen one
    # scrambling every test accuracy changes the differences, never which competitor is chosen
    scrambled = [dict(r, result=dict(r["result"], test_accuracy=float(rng.uniform(0, 100)))) for r in recs]
    assert best_by_validation(summarise(scrambled)["w2"], "taso").algorithm == "good-on-val"
    # and a cell that mixes thread counts says so
    mixed = [*recs, dict(_record("w1", "taso", 9, 90.0, 90.0), environment={"threads": 2})]
    assert summarise(mixed)["w1"]["taso"].compute == {"cpu/1": 5, "cpu/2": 1}


def test_equal_validation_accuracies_in_another_order_tie_whatever_the_record_order() -> None:
    """docs/results/auto-short: sf-adamw and TASO had the same five validation accuracies in another
    seed order; a float mean made the chosen competitor depend on the order of the records."""
    from taso.bench._report import best_by_validation, summarise

    vals = {"b-algo": [95.13888888888889, 97.22222222222223, 94.44444444444444, 95.83333333333333,
                       95.13888888888889],
            "a-algo": [95.13888888888889, 95.13888888888889, 95.13888888888889, 95.83333333333333,
                       94.44444444444444]}  # fmt: skip
    vals["a-algo"][0] = 97.22222222222223  # the same multiset as b-algo's, in another order
    recs = [_record("w", name, seed, 90.0, v) for name, vs in vals.items() for seed, v in enumerate(vs)]
    recs += [_record("w", "ref", seed, 90.0, 90.0) for seed in range(5)]
    for order in (recs, recs[::-1], recs[5:] + recs[:5]):
        cell = summarise(order)["w"]
        assert cell["a-algo"].val_mean() == cell["b-algo"].val_mean()
        assert best_by_validation(cell, "ref").algorithm == "a-algo"  # the tie rule: alphabetical


def test_advice_picks_on_validation_per_family_and_never_on_test(tmp_path) -> None:
    from taso.bench._advice import advice, family_of

    rng = np.random.default_rng(1)
    recs = []
    for w, model in (("img", "lenet5"), ("txt", "fasttext")):
        for seed in range(4):
            for algo, test, val in (("taso", 90.0, 90.0), ("adam", 80.0, 95.0), ("lucky", 99.0, 10.0)):
                r = _record(w, algo, seed, test + rng.normal(0, 0.1), val)
                r["config"] = {"workload": {"name": w, "model": model}, "algorithm": {"name": algo}}
                recs.append(r)
    assert {family_of(r) for r in recs} == {"image CNNs", "text with embeddings"}
    text = "\n".join(advice(recs))
    # 'lucky' has the best test accuracy but the worst validation: never the choice
    assert "| image CNNs | img | adam |" in text and "| text with embeddings | txt | adam |" in text
    assert "| img | lucky |" not in text and "| txt | lucky |" not in text
    assert "- **image CNNs**: choice adam (1); taso 1 / 0 / 0." in text
    # the AutoTASO section: taso-auto against the tuned runs, which form one 'best tuned' cell
    auto = []
    for seed in range(4):
        for algo, test, val, tuned in (("taso-auto", 91.0, 93.0, False), ("adam", 90.0, 94.0, True),
                                       ("taso", 85.0, 85.0, False)):  # fmt: skip
            r = _record("img", algo, seed, test + rng.normal(0, 0.1), val)
            r["config"] = {"workload": {"name": "img", "model": "lenet5"}, "algorithm": {"name": algo}}
            auto.append({**r, "tuning": {}} if tuned else r)
    text = "\n".join(advice(recs, auto_records=auto))
    assert "No learning rate to choose: taso-auto" in text and "| image CNNs | img | best tuned |" in text
    assert "- **image CNNs**: choice best tuned (1); taso-auto 1 / 0 / 0." in text


def test_best_tuned_family_is_chosen_on_validation_and_tuned_runs_never_mix_with_defaults(tmp_path) -> None:
    import json

    from taso.bench._report import TUNED, best_tuned_family, relabel_tuned, summarise, write_report

    recs = []
    for seed in range(3):
        recs.append(_record("w1", "taso-auto", seed, 90.0 + seed, 90.0))
        recs.append(_record("w1", "taso", seed, 85.0, 85.0))  # default TASO
        recs.append({**_record("w1", "taso", seed, 99.0, 80.0), "key": f"tt{seed}", "tuning": {}})  # tuned
        recs.append({**_record("w1", "adam", seed, 70.0, 92.0), "key": f"ta{seed}", "tuning": {}})
    assert best_tuned_family(recs, "w1") == ("adam", 92.0, 3)  # validation, not the 99% test
    scrambled = [
        dict(r, result=dict(r["result"], test_accuracy=100.0 - r["result"]["test_accuracy"])) for r in recs
    ]
    assert best_tuned_family(scrambled, "w1")[0] == "adam"
    with pytest.raises(ValueError, match="no tuned final runs"):
        best_tuned_family(recs, "w2")
    # with the tuned families named, incomplete final runs are refused (missing or fewer seeds)
    assert best_tuned_family(recs, "w1", families=["adam", "taso"]) == ("adam", 92.0, 3)
    with pytest.raises(ValueError, match="incomplete: rmsprop has 0 of 3"):
        best_tuned_family(recs, "w1", families=["adam", "rmsprop", "taso"])
    with pytest.raises(ValueError, match="incomplete: adam has 2 of 3"):
        best_tuned_family([r for r in recs if r.get("key") != "ta2"], "w1", families=["adam", "taso"])
    cells = summarise(
        relabel_tuned([r for r in recs if not (r.get("tuning") is not None and r["algorithm"] == "taso")])
    )
    assert sorted(cells["w1"]) == [TUNED, "taso", "taso-auto"]
    assert cells["w1"]["taso"].acc_mean_std() == (
        85.0,
        0.0,
    )  # the tuned taso runs are not in the default cell
    only_tuned = [r for r in recs if "tuning" in r]
    assert relabel_tuned(only_tuned) == only_tuned  # a tuned-only report keeps the family names
    # the written report takes taso-auto as its reference and names the tuned family
    (tmp_path / "runs.jsonl").write_text(
        "".join(
            json.dumps(
                {
                    **r,
                    "config": {
                        "workload": {"name": "w1", "epochs": 1, "batch_size": 8},
                        "algorithm": {"name": r["algorithm"]},
                    },
                    "suite": "auto",
                    "environment": {**r["environment"], "versions": {"torch": "x"}, "git_commit": "c"},
                }
            )
            + "\n"
            for r in recs
            if not (r.get("tuning") is not None and r["algorithm"] == "taso")
        ),
        encoding="utf-8",
    )
    text = write_report(tmp_path, plots=False).read_text(encoding="utf-8")
    assert "Reference algorithm (the left side of every comparison): `taso-auto`" in text
    assert "w1: adam" in text
