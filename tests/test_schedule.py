"""Unit and property tests of the pure core schedule."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from taso import TASOSchedule

alphas = st.floats(min_value=0.5, max_value=500.0)
betas = st.floats(min_value=0.05, max_value=1.0)
totals = st.integers(min_value=1, max_value=5000)
lrs = st.floats(min_value=1e-5, max_value=10.0)
ratios = st.floats(min_value=0.0, max_value=1.0)
offsets = st.sampled_from([0, 1])
exacts = st.booleans()


@st.composite
def schedules(draw: st.DrawFn) -> TASOSchedule:
    return TASOSchedule(
        total_steps=draw(totals),
        lr_initial=draw(lrs),
        final_ratio=draw(ratios),
        alpha=draw(alphas),
        beta=draw(betas),
        offset=draw(offsets),
        exact_endpoints=draw(exacts),
    )


def paper_formula(t: float, total: int, lr_i: float, lr_f: float, alpha: float, beta: float):
    return lr_i / (1.0 + math.exp(alpha * (min(t / total, 1.0) - beta))) + lr_f


def test_defaults_are_the_papers() -> None:
    s = TASOSchedule(total_steps=10)
    assert (s.lr_initial, s.alpha, s.beta, s.offset, s.exact_endpoints) == (
        0.1,
        25.0,
        0.7,
        0,
        False,
    )
    assert s.lr_floor == pytest.approx(1e-4)


def test_values_match_the_formula_by_hand() -> None:
    s = TASOSchedule(total_steps=200, lr_initial=0.05, lr_final=1e-4, alpha=10.0, beta=0.5)
    for t in [0, 1, 50, 99, 100, 150, 199, 200]:
        assert s(t) == pytest.approx(paper_formula(t, 200, 0.05, 1e-4, 10.0, 0.5), rel=1e-13)
    assert s(100) == pytest.approx(0.05 / 2 + 1e-4, rel=1e-14)


def test_reproduces_the_authors_per_epoch_multiplier() -> None:
    """Their code: lr_e = base * (1 / (1 + exp(alpha * ((e + 1) / E - beta))) + 0.001)."""
    base, epochs, alpha, beta = 0.1, 100, 25.0, 0.7
    expected = [
        base * (1.0 / (1.0 + math.exp(alpha * ((e + 1) / epochs - beta))) + 0.001) for e in range(epochs)
    ]
    s = TASOSchedule(total_steps=epochs, lr_initial=base, final_ratio=1e-3, offset=1)
    np.testing.assert_allclose(s.values(), expected, rtol=1e-13, atol=0)
    np.testing.assert_allclose([s(e) for e in range(epochs)], expected, rtol=1e-13, atol=0)


def test_tanh_decay_gives_identical_values() -> None:
    """HTD (timm TanhLRScheduler) with lb=-a*b/2, ub=a*(1-b)/2 is the same curve."""
    a, b, lr_i, lr_f, total = 25.0, 0.7, 0.1, 1e-4, 1000
    s = TASOSchedule(total_steps=total, lr_initial=lr_i, lr_final=lr_f, alpha=a, beta=b)
    lb, ub = -a * b / 2, a * (1 - b) / 2
    t = np.arange(total + 1)
    htd = lr_f + 0.5 * (lr_i + lr_f - lr_f) * (1 - np.tanh(lb + (ub - lb) * t / total))
    np.testing.assert_allclose(s(t), htd, rtol=1e-12)


def test_exact_endpoints_hit_both_rates() -> None:
    s = TASOSchedule(total_steps=50, lr_initial=0.2, lr_final=0.002, exact_endpoints=True)
    assert s(0) == pytest.approx(0.2, rel=1e-14)
    assert s(50) == pytest.approx(0.002, rel=1e-12)
    plain = TASOSchedule(total_steps=50, lr_initial=0.2, lr_final=0.002)
    assert plain(0) > 0.2 and plain(50) > 0.002


def test_holds_final_value_past_the_end() -> None:
    s = TASOSchedule(total_steps=100)
    assert s(100) == s(101) == s(10**9)
    np.testing.assert_allclose(s(np.array([100, 5000])), [s(100), s(100)], rtol=1e-15)


def test_large_alpha_is_stable_and_warning_free() -> None:
    s = TASOSchedule(total_steps=10, alpha=1e308, beta=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = s(np.arange(11))
        assert s(0) == pytest.approx(0.1 + 1e-4)
        assert s(10) == pytest.approx(1e-4)
    assert np.all(np.isfinite(out))
    assert out[5] == pytest.approx(0.05 + 1e-4)


def test_lr_final_and_ratio_resolution() -> None:
    assert TASOSchedule(total_steps=5, lr_initial=2.0, final_ratio=0.25).lr_floor == 0.5
    assert TASOSchedule(total_steps=5, lr_initial=2.0, lr_final=0.3).lr_floor == 0.3
    assert TASOSchedule(total_steps=5, lr_initial=2.0, lr_final=0.0).lr_floor == 0.0


def test_transition_step_window_and_phases() -> None:
    s = TASOSchedule(total_steps=1000)
    assert s.transition_step == pytest.approx(700.0)
    start, end = s.transition_window
    assert start == pytest.approx(1000 * (0.7 - math.log(9) / 25))
    assert end == pytest.approx(1000 * (0.7 + math.log(9) / 25))
    assert s.phase(0) == "high" and s.phase(700) == "transition" and s.phase(1000) == "low"
    phases = s.phase(np.array([0, 612, 613, 787, 788]))
    assert phases.tolist() == ["high", "high", "transition", "transition", "low"]
    assert TASOSchedule(total_steps=10, offset=1).transition_step == pytest.approx(6.0)


def test_from_epochs() -> None:
    s = TASOSchedule.from_epochs(epochs=7, steps_per_epoch=13, lr_initial=0.3)
    assert s.total_steps == 91 and s.lr_initial == 0.3


@pytest.mark.parametrize(
    ("kwargs", "exc", "fragment"),
    [
        ({"total_steps": 0}, ValueError, "total_steps must be an integer >= 1, got 0"),
        ({"total_steps": 10.0}, TypeError, "total_steps must be an integer"),
        ({"total_steps": True}, TypeError, "total_steps must be an integer"),
        (
            {"total_steps": 10, "lr_initial": 0.0},
            ValueError,
            "lr_initial must be a finite number in (0.0, inf)",
        ),
        ({"total_steps": 10, "lr_initial": -1.0}, ValueError, "got -1.0"),
        ({"total_steps": 10, "lr_initial": float("nan")}, ValueError, "lr_initial"),
        ({"total_steps": 10, "lr_initial": float("inf")}, ValueError, "lr_initial"),
        ({"total_steps": 10, "lr_initial": "0.1"}, TypeError, "lr_initial must be a real number"),
        (
            {"total_steps": 10, "lr_final": 0.2},
            ValueError,
            "lr_final must be a finite number in [0.0, 0.1]",
        ),
        ({"total_steps": 10, "lr_final": -0.1}, ValueError, "lr_final"),
        (
            {"total_steps": 10, "final_ratio": 1.5},
            ValueError,
            "final_ratio must be a finite number in [0.0, 1.0]",
        ),
        ({"total_steps": 10, "lr_final": 0.01, "final_ratio": 0.1}, ValueError, "not both"),
        (
            {"total_steps": 10, "alpha": 0.0},
            ValueError,
            "alpha must be a finite number in (0.0, inf)",
        ),
        ({"total_steps": 10, "alpha": float("inf")}, ValueError, "alpha"),
        (
            {"total_steps": 10, "beta": 0.0},
            ValueError,
            "beta must be a finite number in (0.0, 1.0]",
        ),
        ({"total_steps": 10, "beta": 1.01}, ValueError, "beta"),
        ({"total_steps": 10, "beta": float("nan")}, ValueError, "beta"),
        ({"total_steps": 10, "offset": 2}, ValueError, "offset must be one of (0, 1), got 2"),
        (
            {"total_steps": 10, "exact_endpoints": 1},
            TypeError,
            "exact_endpoints must be True or False",
        ),
    ],
)
def test_invalid_arguments_name_parameter_value_and_range(kwargs, exc, fragment) -> None:
    with pytest.raises(exc) as info:
        TASOSchedule(**kwargs)
    assert fragment in str(info.value)


def test_invalid_steps() -> None:
    s = TASOSchedule(total_steps=10)
    with pytest.raises(ValueError, match=r"step must be a finite number in \[0.0, inf\), got -1"):
        s(-1)
    with pytest.raises(ValueError, match="step must contain finite numbers"):
        s(np.array([1.0, np.nan]))
    with pytest.raises(TypeError, match="step must be a real number"):
        s("3")
    with pytest.raises(ValueError, match="total_steps must be > step"):
        s.retarget(step=5, total_steps=5)
    with pytest.raises(ValueError, match="step must be an integer >= 3"):
        s.retarget(step=3, total_steps=20).retarget(step=2, total_steps=30)


def test_retarget_chain_keeps_history_and_round_trips() -> None:
    s = TASOSchedule(total_steps=100)
    r = s.retarget(step=40, total_steps=300).retarget(step=120, total_steps=150)
    np.testing.assert_array_equal(r.values(40), s.values(40))
    assert r(150) == pytest.approx(s(100), rel=1e-12)  # ends where a fresh schedule ends
    assert TASOSchedule.from_dict(r.to_dict()) == r
    np.testing.assert_allclose(r.values(200), [r(t) for t in range(200)], rtol=1e-14)


# ---------------------------------------------------------------------- properties
@settings(max_examples=200, deadline=None)
@given(schedules())
def test_monotone_non_increasing(s: TASOSchedule) -> None:
    v = s.values(s.total_steps + 3)
    assert np.all(np.diff(v) <= 1e-15 * v[0])


@settings(max_examples=200, deadline=None)
@given(schedules(), st.floats(min_value=0, max_value=1e7))
def test_bounded_by_the_two_rates(s: TASOSchedule, t: float) -> None:
    lr = s(t)
    assert s.lr_floor * (1 - 1e-12) <= lr <= (s.lr_initial + s.lr_floor) * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(totals, lrs, ratios, alphas, betas)
def test_midpoint_value_at_beta_t(total, lr_i, ratio, alpha, beta) -> None:
    s = TASOSchedule(total_steps=total, lr_initial=lr_i, final_ratio=ratio, alpha=alpha, beta=beta)
    assert s(beta * total) == pytest.approx(lr_i / 2 + ratio * lr_i, rel=1e-12)
    assert s.transition_step == pytest.approx(beta * total, rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(schedules(), st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=20))
def test_array_and_scalar_agree(s: TASOSchedule, steps: list[int]) -> None:
    arr = s(np.array(steps))
    np.testing.assert_allclose(arr, [s(t) for t in steps], rtol=1e-13, atol=1e-13 * s.lr_initial)


@settings(max_examples=300, deadline=None)
@given(schedules(), st.data())
def test_retarget_is_continuous_and_keeps_the_shape(s: TASOSchedule, data: st.DataObject) -> None:
    assume(s.total_steps - s.offset >= 1)
    step = data.draw(st.integers(min_value=0, max_value=s.total_steps - s.offset - 1))
    new_total = data.draw(st.integers(min_value=step + s.offset + 1, max_value=4 * s.total_steps + 2))
    r = s.retarget(step=step, total_steps=new_total)
    # continuity: the rate at the retarget step is unchanged, history is untouched
    # tolerances relative to LR_I: deep in the low phase the rate is ~1e-50 * LR_I, where a
    # relative error of 1e-12 on the rate itself is below what float64 can promise
    tol = 1e-12 * s.lr_initial
    assert r(step) == pytest.approx(s(step), rel=1e-12, abs=tol)
    np.testing.assert_array_equal(r.values(step), s.values(step))
    # shape: same end rate at the new end; still monotone; the midpoint rate at p = beta
    assert r(new_total) == pytest.approx(s(s.total_steps), rel=1e-9, abs=1e3 * tol)
    v = r.values(new_total + 2)
    assert np.all(np.diff(v) <= 1e-15 * v[0])
    if r.progress(step) <= s.beta:
        mid = r.transition_step
        slack = 1e-12 * new_total  # steps are ~1e3: compare them relatively
        assert step - slack <= mid <= new_total + slack
        assert r.progress(mid) == pytest.approx(s.beta, abs=1e-9)


# ---------------------------------------------------------------------- warm-up and segments
def test_warmup_then_the_sigmoid_over_the_remaining_steps() -> None:
    s = TASOSchedule(total_steps=110, lr_initial=0.2, warmup_steps=10, warmup_start=0.25)
    assert s(0) == pytest.approx(0.05) and s(5) == pytest.approx(0.2 * (0.25 + 0.75 * 0.5))
    plain = TASOSchedule(total_steps=100, lr_initial=0.2)
    np.testing.assert_allclose(s.values(100, start=10), plain.values(100), rtol=1e-14)
    assert s.transition_step == pytest.approx(10 + 0.7 * 100)
    assert s.phase(3) == "warmup" and s.phase(10) == "high" and s.phase(109) == "low"
    # a retarget during warm-up simply rebuilds with the new length
    assert s.retarget(step=4, total_steps=210) == TASOSchedule(
        total_steps=210, lr_initial=0.2, warmup_steps=10, warmup_start=0.25
    )


def test_segments_are_validated_when_built_from_a_state() -> None:
    good = TASOSchedule(total_steps=100).retarget(step=30, total_steps=200).to_dict()
    bad = dict(good, history=[[0, None, 100], [40, 0.5, 150]], anchor_step=30)
    with pytest.raises(ValueError, match="anchor step must be > 40"):
        TASOSchedule.from_dict(bad)
    with pytest.raises(ValueError, match=r"history\[1\] progress must be a finite number in \[0.0, 1.0\]"):
        TASOSchedule.from_dict(dict(good, history=[[0, None, 100], [20, 1.5, 150]], anchor_step=30))
    with pytest.raises(ValueError, match=r"unknown keys \['surprise'\]"):
        TASOSchedule.from_dict(dict(good, surprise=1))


@st.composite
def retargeted(draw: st.DrawFn) -> TASOSchedule:
    s = TASOSchedule(
        total_steps=draw(st.integers(min_value=2, max_value=400)),
        lr_initial=draw(lrs),
        final_ratio=draw(ratios),
        alpha=draw(alphas),
        beta=draw(betas),
        offset=draw(offsets),
        exact_endpoints=draw(exacts),
        warmup_steps=draw(st.integers(min_value=0, max_value=1)),
    )
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        step = draw(st.integers(min_value=s.anchor_step, max_value=s.anchor_step + s.total_steps))
        low = max(step, s.warmup_steps) + s.offset + 1
        new_total = draw(st.integers(min_value=low, max_value=low + 500))
        r = s.retarget(step=step, total_steps=new_total)
        assert r(step) == pytest.approx(s(step), rel=1e-12, abs=1e-12 * s.lr_initial)  # continuous
        s = r
    return s


@settings(max_examples=150, deadline=None)
@given(retargeted(), st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=30))
def test_segmented_array_scalar_and_round_trip_agree(s: TASOSchedule, steps: list[int]) -> None:
    np.testing.assert_allclose(
        s(np.array(steps)), [s(t) for t in steps], rtol=1e-12, atol=1e-13 * s.lr_initial
    )
    assert TASOSchedule.from_dict(s.to_dict()) == s
    v = s.values(3000)
    w = s.warmup_steps
    assert np.all(np.diff(v[w:]) <= 1e-12 * s.lr_initial)
