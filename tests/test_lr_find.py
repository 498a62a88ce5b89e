"""The LR-finding rule on synthetic range-test traces: clean, noisy, flat, a cliff, NaN."""

from __future__ import annotations

import math

import numpy as np
import pytest

from taso import LRFinding, find_lr, sweep_rates

LRS = sweep_rates(1e-5, 10.0, 120)  # 6 decades in 120 steps (the length a 5% sweep has)


def bowl(lrs: np.ndarray, best: float, blow: float = 3.0) -> np.ndarray:
    """A loss that falls towards ``best`` and explodes past ``blow * best``."""
    x = np.log10(lrs / best)
    return 0.4 + 0.15 * x**2 + np.where(lrs > blow * best, 30.0 * (lrs / (blow * best) - 1.0), 0.0)


@pytest.mark.parametrize("best", [1e-3, 3e-2, 0.5])
def test_a_clean_bowl_gives_a_tenth_of_its_minimum(best: float) -> None:
    found = find_lr(LRS, bowl(LRS, best))
    assert found.reason == "minimum" and found.real_drop and not found.fallback
    assert found.lr_at_minimum == pytest.approx(best, rel=0.15)
    assert found.lr == pytest.approx(found.lr_at_minimum / 10, rel=1e-12) or found.capped
    assert found.lr_at_divergence is not None and found.lr_at_divergence > 2 * best


def test_noise_does_not_move_the_choice_far() -> None:
    chosen = []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        noisy = bowl(LRS, 3e-2) * np.exp(rng.normal(0.0, 0.15, len(LRS)))  # 15% multiplicative noise
        chosen.append(find_lr(LRS, noisy).lr)
    spread = max(chosen) / min(chosen)
    assert spread < 3.0, chosen  # the prototype's 3% sweeps spread 3.5x across seeds
    assert 1e-3 < np.median(chosen) < 1e-2


def test_a_flat_trace_that_never_diverges_falls_back() -> None:
    rng = np.random.default_rng(0)
    flat = 0.69 + rng.normal(0.0, 0.01, len(LRS))
    found = find_lr(LRS, flat, fallback=0.02)
    assert found.reason == "fallback" and found.fallback and found.lr == 0.02 and not found.real_drop


def test_a_flat_trace_that_never_diverges_uses_the_largest_rate_tried() -> None:
    """No real drop and no blow-up up to the sweep's top: the divergence rate is at least the top,
    so the stability rule gives top / divergence_divisor (the text-CNN table sweeps)."""
    rng = np.random.default_rng(0)
    flat = 0.69 + rng.normal(0.0, 0.01, len(LRS))
    found = find_lr(LRS, flat)
    assert found.reason == "stable" and not found.fallback and not found.real_drop
    assert found.lr_at_divergence is None
    assert found.lr == pytest.approx(LRS[-1] / 30) and found.lr == pytest.approx(
        find_lr(LRS, flat, divergence_divisor=10).lr * 10 / 30
    )


def test_a_flat_trace_that_diverges_uses_the_divergence_point() -> None:
    """The imdb-fasttext failure of the prototype: nothing moves, then the loss explodes."""
    loss = np.where(LRS > 2.0, np.inf, 0.693)
    found = find_lr(LRS, loss)
    assert found.reason == "divergence"
    assert found.lr_at_divergence == pytest.approx(LRS[np.argmax(LRS > 2.0)])
    assert found.lr == pytest.approx(found.lr_at_divergence / 30)


def test_the_cliff_guard_caps_a_minimum_just_below_divergence() -> None:
    """A loss that keeps falling until it blows up at once: the minimum sits at the cliff edge."""
    loss = np.where(LRS < 0.2, 1.0 - 0.08 * np.log10(LRS / 1e-5), np.nan)
    found = find_lr(LRS, loss)
    assert found.lr_at_divergence is not None and found.lr <= found.lr_at_divergence / 30 * (1 + 1e-12)


def test_nan_at_the_first_step_and_bad_traces_are_rejected() -> None:
    with pytest.raises(ValueError, match="loss at the first rate of the sweep is nan"):
        find_lr(LRS, np.full(len(LRS), np.nan))
    with pytest.raises(ValueError, match="at least 5 steps"):
        find_lr([1e-3, 1e-2], [1.0, 0.9])
    with pytest.raises(ValueError, match="strictly increasing"):
        find_lr([1e-3, 1e-2, 1e-2, 1e-1, 1.0], [1.0] * 5)
    with pytest.raises(ValueError, match="equal length"):
        find_lr(LRS, [1.0] * 3)
    with pytest.raises(ValueError, match="divisor must be a finite number in"):
        find_lr(LRS, bowl(LRS, 0.1), divisor=0.5)


def test_the_finding_is_plain_data() -> None:
    found = find_lr(LRS, bowl(LRS, 0.1))
    d = found.to_dict()
    assert isinstance(found, LRFinding) and set(d) >= {"lr", "reason", "lr_at_minimum", "real_drop"}
    assert all(isinstance(v, (int, float, str, bool, type(None))) for v in d.values())
    assert math.isfinite(d["noise"])
