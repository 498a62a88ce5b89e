"""The shared contract: every adapter reproduces the core schedule, step for step.

"To 1e-6" means within ``1e-6`` relative, or ``1e-6 * LR_I`` absolute: the float32 frameworks (optax
and Keras compute in float32 by default) cannot promise a 1e-6 *relative* error deep in the low
phase, where the rate is ~1000x smaller than LR_I.

Parametrised over every driver in ``adapters.DRIVERS`` (torch scheduler, torch optimizer, Hugging
Face, optax, Keras, Lightning); a new framework adapter joins by adding a driver there.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from adapters import DRIVERS, Driver
from taso import TASOSchedule

BASE_LRS = [0.1, 0.003]
VARIANTS = [
    {"total_steps": 120},
    {"total_steps": 60, "alpha": 8.0, "beta": 0.4, "final_ratio": 0.05},
    {"total_steps": 40, "offset": 1},
    {"total_steps": 50, "exact_endpoints": True},
    {"total_steps": 70, "warmup_steps": 8, "warmup_start": 0.1},
]


@pytest.fixture(params=DRIVERS, ids=lambda d: d.name)
def driver(request: pytest.FixtureRequest) -> Driver:
    request.param.available()
    return request.param


variants = pytest.mark.parametrize(
    "schedule", VARIANTS, ids=lambda v: "-".join(f"{k}={w}" for k, w in v.items())
)


def core(base_lr: float, schedule: dict) -> TASOSchedule:
    return TASOSchedule(lr_initial=base_lr, **schedule)


@variants
def test_matches_core_over_a_full_run_with_two_groups(driver: Driver, schedule: dict) -> None:
    n = schedule["total_steps"] + 5  # past the end too: the rate holds
    got = driver.start(BASE_LRS, **schedule).collect(n)
    for g, lr in enumerate(BASE_LRS):
        np.testing.assert_allclose(got[:, g], core(lr, schedule).values(n + 1), rtol=1e-6, atol=1e-6 * lr)


@variants
def test_boundaries_and_monotonicity(driver: Driver, schedule: dict) -> None:
    total = schedule["total_steps"]
    got = driver.start(BASE_LRS, **schedule).collect(total + 2)
    for g, lr in enumerate(BASE_LRS):
        s = core(lr, schedule)
        assert got[0, g] == pytest.approx(s(0), rel=1e-6)
        assert got[total, g] == pytest.approx(s(total), rel=1e-6)
        assert got[total + 2, g] == got[total, g]
        warm = schedule.get("warmup_steps", 0)
        assert np.all(np.diff(got[: warm + 1, g]) > 0)  # the warm-up rises to LR_I
        assert np.all(np.diff(got[warm:, g]) <= 1e-7 * lr)  # then the curve only falls
    np.testing.assert_allclose(got[:, 1] / got[:, 0], BASE_LRS[1] / BASE_LRS[0], rtol=1e-6)


@pytest.mark.parametrize(
    "schedule", [*VARIANTS[:3], VARIANTS[4]], ids=["default", "shape", "offset", "warmup"]
)
@pytest.mark.parametrize("seed", [0, 1])
def test_resume_mid_run_is_exact(driver: Driver, schedule: dict, seed: int) -> None:
    total = schedule["total_steps"]
    cut = random.Random(seed).randrange(1, total)
    reference = driver.start(BASE_LRS, **schedule).collect(total)
    first = driver.start(BASE_LRS, **schedule)
    head = first.collect(cut)[:-1]
    resumed = driver.resume(first.save(), BASE_LRS, **schedule)
    tail = resumed.collect(total - cut)
    np.testing.assert_array_equal(np.vstack([head, tail]), reference)


def test_state_round_trip_keeps_the_rates(driver: Driver) -> None:
    run = driver.start(BASE_LRS, total_steps=30)
    run.collect(11)
    copy = driver.resume(run.save(), BASE_LRS, total_steps=30)
    assert copy.lrs() == run.lrs()
    np.testing.assert_array_equal(copy.collect(5), run.collect(5))


@pytest.mark.parametrize(("at", "new_total"), [(30, 200), (50, 70), (10, 11)])
def test_retarget_is_continuous_and_matches_core(driver: Driver, at: int, new_total: int) -> None:
    schedule = {"total_steps": 100}
    run = driver.start(BASE_LRS, **schedule)
    before = run.collect(at)
    run.retarget(new_total)
    after = run.collect(new_total - at + 3)
    np.testing.assert_array_equal(after[0], before[-1])  # no jump
    for g, lr in enumerate(BASE_LRS):
        expected = core(lr, schedule).retarget(step=at, total_steps=new_total)
        np.testing.assert_allclose(
            after[:, g], [expected(at + i) for i in range(len(after))], rtol=1e-6, atol=1e-6 * lr
        )
    # a retargeted run also survives save/resume
    resumed = driver.resume(run.save(), BASE_LRS, **schedule)
    assert resumed.lrs() == run.lrs()
    np.testing.assert_array_equal(resumed.collect(4), run.collect(4))


@pytest.mark.parametrize("backend", ["torch", "jax"])
def test_keras_fit_applies_the_core_rates_with_warmup_retarget_and_reload(backend: str) -> None:
    """The rate Keras ``fit`` actually applies (read off the weights), on torch and on jit-compiled
    JAX: warm-up, a retarget from a callback mid-``fit``, then a saved and reloaded model."""
    pytest.importorskip("keras")
    pytest.importorskip(backend)
    import json
    import subprocess
    import sys
    from pathlib import Path

    probe = Path(__file__).with_name("keras_fit_probe.py")
    out = subprocess.run(
        [sys.executable, str(probe), backend], capture_output=True, text=True, timeout=600, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["backend"] == backend
    applied = np.array(result["applied"])
    schedule = {"total_steps": 60, "lr_initial": 0.1, "warmup_steps": 5, "alpha": 12.0, "beta": 0.6}
    expected = TASOSchedule(**schedule).retarget(step=20, total_steps=80).values(80)
    assert applied.shape == (80,)
    np.testing.assert_allclose(applied, expected, rtol=1e-6, atol=1e-6 * 0.1)
    # the retarget changed the rates (the old plan would have reached its floor by step 60)
    assert abs(expected[55] - TASOSchedule(**schedule)(55)) > 1e-3
