"""The LR-finding rule on synthetic range-test traces: clean, noisy, flat, a cliff, NaN."""

from __future__ import annotations

import math

import numpy as np
import pytest

from taso import LRFinding, find_lr, sweep_rates, sweep_settled

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


# ------------------------------------------------------------------------------- sweep_settled
RULE = {"divisor": 3.0, "divergence_divisor": 10.0}  # AutoTASO's


def first_settled(lrs: np.ndarray, losses: np.ndarray, **kw: float | bool) -> int | None:
    """The number of steps after which a running sweep would stop as settled (None: never)."""
    return next((i for i in range(5, len(lrs) + 1) if sweep_settled(lrs[:i], losses[:i], **kw)), None)


def slow_bowl(lrs: np.ndarray, best: float) -> np.ndarray:
    """A bowl whose loss rises slowly past its minimum and never diverges within the sweep (what a
    network with batch norm shows: the blow-up comes decades later)."""
    return 0.4 + 0.1 * np.log10(lrs / best) ** 2


@pytest.mark.parametrize("best", [1e-3, 3e-2])
def test_a_bowl_settles_past_its_minimum_with_the_answer_of_the_full_sweep(best: float) -> None:
    losses = slow_bowl(LRS, best)
    stop = first_settled(LRS, losses, **RULE)
    assert stop is not None and stop < len(LRS)
    early, full = find_lr(LRS[:stop], losses[:stop], **RULE), find_lr(LRS, losses, **RULE)
    assert early.lr == pytest.approx(full.lr, rel=1e-9) and early.reason == "minimum"
    # stopped past where a divergence could cap LR_I, and less than a decade past that
    assert RULE["divergence_divisor"] * early.lr <= LRS[stop - 1] < 10 * RULE["divergence_divisor"] * early.lr


def test_noisy_bowls_settle_and_choose_like_the_full_sweep() -> None:
    """Per seed the choice can move a little (the noise estimate reads fewer steps); across seeds
    it is centred where the full sweep's is and spread no wider."""
    saved, early, full = [], [], []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        noisy = slow_bowl(LRS, 3e-3) * np.exp(rng.normal(0.0, 0.1, len(LRS)))
        stop = first_settled(LRS, noisy, **RULE)
        assert stop is not None
        saved.append(len(LRS) - stop)
        early.append(find_lr(LRS[:stop], noisy[:stop], **RULE).lr)
        full.append(find_lr(LRS, noisy, **RULE).lr)
    assert min(saved) > 35  # each stopped about two decades (40 steps) before the sweep's end (10.0)
    assert 0.8 < float(np.median(np.divide(early, full))) < 1.25
    assert max(early) / min(early) <= 1.25 * max(full) / min(full)
    assert 5e-4 < float(np.median(early)) < 2e-3  # a third of the minimum (3e-3), within noise


def test_short_flat_noisy_traces_never_settle_at_a_noise_dip() -> None:
    """The start of AutoTASO's shortest sweep (100 steps over 7 decades) at rates too small to
    move the loss: pure noise. A strict settle judges the drop from the first window (cut by the
    trace's start to half the losses) and the rise past the minimum by the standard error of each
    difference; with one full window's (rules 7-10) about 2-3% of such traces settled at a noise
    dip and trained at a rate ~1e-5 (the README example's seeds 4 and 48: chance accuracy)."""
    lrs = sweep_rates(1e-5, 100.0, 100)
    settled, settled_old = 0, 0
    for seed in range(500):
        flat = 0.7 + np.random.default_rng(seed).normal(0.0, 0.05, 40)
        settled += first_settled(lrs[:40], flat, **RULE) is not None
        settled_old += first_settled(lrs[:40], flat, **RULE, strict=False) is not None
    assert settled <= 2
    assert settled_old >= 10  # the old test, kept for reproducing rules 7-10


def test_strict_settling_is_later_on_noisy_bowls_and_the_flag_is_checked() -> None:
    for seed in range(10):
        noisy = slow_bowl(LRS, 3e-3) * np.exp(np.random.default_rng(seed).normal(0.0, 0.1, len(LRS)))
        strict, loose = first_settled(LRS, noisy, **RULE), first_settled(LRS, noisy, **RULE, strict=False)
        assert strict is not None and loose is not None and strict >= loose
    with pytest.raises(TypeError, match="strict"):
        sweep_settled(LRS, noisy, strict="yes")  # type: ignore[arg-type]


def test_a_bounded_loss_that_rises_above_its_start_has_diverged_there() -> None:
    """A binary cross-entropy that never drops for real and climbs from 0.69 to 2 (a dying
    network) never reaches 4x its minimum: by default (AutoTASO's rule 11) it reads as stable,
    LR_I = top / 10; with rise_diverges (rule 12, rejected by held-out round 10) the first rate
    where the loss rose above its start by more than noise is the divergence rate."""
    rng = np.random.default_rng(0)
    climb = np.clip(np.log10(LRS / 0.3), 0.0, None)  # flat up to 0.3, then rising
    losses = 0.69 + 0.7 * climb + rng.normal(0.0, 0.03, len(LRS))
    old = find_lr(LRS, losses, **RULE)
    new = find_lr(LRS, losses, **RULE, rise_diverges=True)
    assert old.reason == "stable" and old.lr_at_divergence is None and old.lr == pytest.approx(LRS[-1] / 10)
    assert new.reason == "divergence" and new.diverged_by == "rise" and not new.real_drop
    assert 0.3 < new.lr_at_divergence < 1.0 and new.lr == pytest.approx(new.lr_at_divergence / 10)
    # a trace that blows up first keeps its blow-up; a flat one never rises
    blow = find_lr(LRS, bowl(LRS, 3e-2), **RULE, rise_diverges=True)
    same = find_lr(LRS, bowl(LRS, 3e-2), **RULE)
    assert blow.diverged_by in ("blow-up", "rise") and blow.lr == same.lr
    flat = 0.69 + rng.normal(0.0, 0.03, len(LRS))
    assert find_lr(LRS, flat, **RULE, rise_diverges=True).diverged_by is None
    with pytest.raises(TypeError, match="rise_diverges"):
        find_lr(LRS, flat, rise_diverges=1)  # type: ignore[arg-type]


def test_no_settling_without_a_real_drop_after_a_divergence_or_before_the_cap_is_cleared() -> None:
    flat = np.full(len(LRS), 0.7)
    assert first_settled(LRS, flat, **RULE) is None  # no real drop: run on to divergence
    diverging = bowl(LRS, 3e-2)
    cut = find_lr(LRS, diverging, **RULE).steps_used
    assert not sweep_settled(LRS[: cut + 3], diverging[: cut + 3], **RULE)  # diverged: that rule ends it
    # right after the minimum the rate is below divergence_divisor x LR_I: a divergence could still cap
    losses = slow_bowl(LRS, 3e-2)
    k = int(np.argmin(losses))
    assert not sweep_settled(LRS[: k + 3], losses[: k + 3], **RULE)
    assert not sweep_settled(LRS[:4], losses[:4], **RULE)  # too short to read


def _flat(seed: int, first: float | None = None) -> np.ndarray:
    """100 losses of pure noise around 0.75 (sd 0.05), optionally with an unlucky first one."""
    losses = 0.75 + 0.05 * np.random.default_rng(seed).standard_normal(100)
    if first is not None:
        losses[0] = first
    return losses


def test_strict_drop_reads_no_drop_where_an_unlucky_first_loss_looked_like_one() -> None:
    """A flat trace whose first loss is high (a text model's tables sweep, held-out round 16): one
    window's noise calls the step down a real drop; the noise of the difference does not."""
    lrs = sweep_rates(1e-6, 10.0, 100)
    losses = _flat(1, first=0.87)
    loose = find_lr(lrs, losses, divisor=3, divergence_divisor=10)
    strict = find_lr(lrs, losses, divisor=3, divergence_divisor=10, strict_drop=True)
    assert (loose.reason, loose.real_drop) == ("minimum", True) and loose.lr < 0.1
    assert (strict.reason, strict.real_drop) == ("stable", False)
    assert strict.lr == pytest.approx(10.0 / 10)


def test_strict_drop_almost_never_reads_a_drop_in_pure_noise_and_keeps_real_ones() -> None:
    lrs = sweep_rates(1e-6, 10.0, 100)
    loose = sum(find_lr(lrs, _flat(seed)).real_drop for seed in range(500))
    strict = sum(find_lr(lrs, _flat(seed), strict_drop=True).real_drop for seed in range(500))
    assert loose >= 3 and strict == 0  # (1.4% and 0 of 1000 such traces)
    bowl = sweep_rates(1e-4, 10.0, 100)
    for noise_seed in range(20):  # a real minimum, with noise, is read alike
        rng = np.random.default_rng(noise_seed)
        losses = [0.5 + 0.2 * np.log10(lr / 0.3) ** 2 + 0.02 * rng.standard_normal() for lr in bowl]
        a, b = find_lr(bowl, losses), find_lr(bowl, losses, strict_drop=True)
        assert b.real_drop and a == b
    with pytest.raises(TypeError, match="strict_drop"):
        find_lr(lrs, _flat(0), strict_drop="yes")  # type: ignore[arg-type]


def prior_then_plateau(lrs: np.ndarray, prior: float = 0.325, deeper: float = 0.0) -> np.ndarray:
    """A binary task with 10% positives: the loss falls from ln 2 to the labels' entropy ``prior``
    by 1e-3 (the output bias learns the class prior), stays there, then rises from 0.1 on (the rate
    is too high); with ``deeper`` > 0 it falls a further ``deeper`` below the prior around 0.01
    (features learned) before the rise."""
    x = np.log10(lrs)
    fall = prior + (math.log(2) - prior) / (1.0 + np.exp(4.0 * (x + 4.0)))
    dip = deeper * np.exp(-(((x + 2.0) / 0.5) ** 2))
    return fall - dip + np.where(lrs > 0.1, 0.3 * np.log10(lrs / 0.1), 0.0)


def test_prior_cross_entropy_is_the_labels_entropy_and_checks_its_counts() -> None:
    from taso import prior_cross_entropy

    assert prior_cross_entropy([900, 100]) == pytest.approx(-(0.9 * math.log(0.9) + 0.1 * math.log(0.1)))
    assert prior_cross_entropy([5, 5, 5, 5, 0]) == pytest.approx(math.log(4))  # empty classes add nothing
    assert prior_cross_entropy(np.array([7])) == 0.0
    for bad in ([], [-1, 3], [0, 0], [[1, 2]], [1.0, math.nan]):
        with pytest.raises(ValueError, match="class_counts"):
            prior_cross_entropy(bad)


def test_with_chance_loss_the_class_priors_drop_is_no_real_drop_and_a_deeper_one_still_is() -> None:
    prior = 0.325
    plateau = prior_then_plateau(LRS, prior)
    plain = find_lr(LRS, plateau)
    # untold, the test reads the prior's drop (ln 2 -> 0.325) as real and chooses a rate on the plateau
    assert plain.reason == "minimum" and plain.real_drop and plain.drop == pytest.approx(0.53, abs=0.02)
    assert plain.lr == pytest.approx(1e-3, rel=0.3)  # the plateau's middle / 10: far too small
    told = find_lr(LRS, plateau, chance_loss=prior)
    # told the prior's loss, nothing fell below it: no real drop; the rise past 0.1 never blows up
    assert not told.real_drop and told.reason == "stable" and told.drop == pytest.approx(0.0, abs=1e-3)
    # a drop of 0.1 below the prior (features learned near 0.01) is real either way, at the same rate
    deeper = prior_then_plateau(LRS, prior, deeper=0.1)
    a, b = find_lr(LRS, deeper), find_lr(LRS, deeper, chance_loss=prior)
    assert a.real_drop and b.real_drop and a.lr == b.lr and a.lr_at_minimum == pytest.approx(0.01, rel=0.3)
    assert b.drop == pytest.approx(0.1 / prior, rel=0.05)
    # a chance loss above the first loss changes nothing (balanced labels: about the untrained loss)
    assert find_lr(LRS, deeper, chance_loss=5.0) == a
    assert sweep_settled(LRS, deeper) == sweep_settled(LRS, deeper, chance_loss=prior)
    assert not sweep_settled(LRS, plateau, chance_loss=prior)
    with pytest.raises(ValueError, match="chance_loss"):
        find_lr(LRS, plateau, chance_loss=math.inf)
