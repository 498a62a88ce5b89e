"""PyTorch-specific behaviour of the adapter (the shared contract is in test_contract.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from taso import TASOSchedule
from taso.torch import TASO, TASOScheduler


def sgd(lr: float = 0.1) -> torch.optim.SGD:
    return torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=lr, momentum=0.9)


def test_per_epoch_stepping_reproduces_the_authors_code() -> None:
    opt = sgd(0.1)
    sched = TASOScheduler(opt, total_steps=20, offset=1)
    seen = []
    for _ in range(20):
        seen.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    expected = [0.1 * (1 / (1 + math.exp(25 * ((e + 1) / 20 - 0.7))) + 0.001) for e in range(20)]
    np.testing.assert_allclose(seen, expected, rtol=1e-12)


def test_epochs_times_steps_per_epoch() -> None:
    assert TASOScheduler(sgd(), epochs=4, steps_per_epoch=25).total_steps == 100
    assert (
        TASO(torch.nn.Linear(2, 1).parameters(), epochs=3, steps_per_epoch=7).schedule_of(0).total_steps == 21
    )


def test_last_epoch_resume_like_torch() -> None:
    opt = sgd(0.2)
    sched = TASOScheduler(opt, total_steps=50)
    for _ in range(17):
        opt.step()
        sched.step()
    opt2 = sgd(0.2)
    opt2.param_groups[0]["initial_lr"] = 0.2
    sched2 = TASOScheduler(opt2, total_steps=50, last_epoch=16)  # the constructor takes one step
    assert sched2.last_epoch == 17
    assert sched2.get_last_lr() == sched.get_last_lr()


def test_works_after_a_linear_warmup_in_sequential_lr() -> None:
    opt = sgd(0.1)
    warmup = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)
    taso = TASOScheduler(opt, total_steps=45)
    chain = torch.optim.lr_scheduler.SequentialLR(opt, [warmup, taso], milestones=[5])
    seen = []
    for _ in range(50):
        seen.append(opt.param_groups[0]["lr"])
        opt.step()
        chain.step()
    np.testing.assert_allclose(seen[:5], [0.1 * (0.1 + 0.9 * i / 5) for i in range(5)], rtol=1e-12)
    np.testing.assert_allclose(seen[5:], TASOSchedule(total_steps=45).values(45), rtol=1e-12)


def test_taso_equals_sgd_plus_scheduler_parameter_for_parameter() -> None:
    torch.manual_seed(0)
    data, target = torch.randn(64, 5), torch.randn(64, 1)
    models = []
    for use_taso in (True, False):
        torch.manual_seed(1)
        model = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
        if use_taso:
            opt = TASO(model.parameters(), lr=0.05, total_steps=30)
            sched = None
        else:
            opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-4)
            sched = TASOScheduler(opt, total_steps=30)
        for i in range(30):
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(data[2 * i : 2 * i + 8]), target[2 * i : 2 * i + 8]).backward()
            opt.step()
            if sched is not None:
                sched.step()
        models.append(model)
    for a, b in zip(models[0].parameters(), models[1].parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_taso_defaults_are_the_papers() -> None:
    opt = TASO(torch.nn.Linear(2, 1).parameters(), total_steps=10)
    g = opt.param_groups[0]
    assert (g["initial_lr"], g["momentum"], g["nesterov"], g["weight_decay"]) == (
        0.1,
        0.9,
        True,
        1e-4,
    )
    assert g["lr"] == pytest.approx(0.1 / (1 + math.exp(-25 * 0.7)) + 1e-4)


def test_one_state_dict_holds_optimizer_and_schedule() -> None:
    model = torch.nn.Linear(2, 1)
    opt = TASO(model.parameters(), lr=0.1, total_steps=10)
    for _ in range(4):
        model(torch.ones(1, 2)).sum().backward()
        opt.step()
    opt.retarget(40)
    state = opt.state_dict()
    fresh = TASO(model.parameters(), lr=0.1, total_steps=10)
    fresh.load_state_dict(state)
    assert fresh.current_step == 4
    assert fresh.schedule_of(0) == opt.schedule_of(0)
    assert fresh.schedule_of(0).total_steps == 40
    assert fresh.param_groups[0]["lr"] == opt.param_groups[0]["lr"]


def test_param_group_added_later_joins_the_same_clock() -> None:
    a, b = torch.nn.Parameter(torch.ones(1)), torch.nn.Parameter(torch.ones(1))
    opt = TASO([a], lr=0.1, total_steps=100)
    for _ in range(80):
        a.grad = torch.ones(1)
        opt.step()
    opt.add_param_group({"params": [b], "lr": 0.01})
    assert opt.current_step == 80 and opt.state_dict()["param_groups"][1]["taso_step"] == 80
    assert opt.param_groups[1]["lr"] == pytest.approx(TASOSchedule(total_steps=100, lr_initial=0.01)(80))


@pytest.mark.parametrize(
    ("build", "exc", "fragment"),
    [
        (lambda: TASOScheduler(sgd()), ValueError, "total_steps is required"),
        (
            lambda: TASOScheduler(sgd(), total_steps=0),
            ValueError,
            "total_steps must be an integer >= 1, got 0",
        ),
        (lambda: TASOScheduler(sgd(), 10, epochs=2, steps_per_epoch=5), ValueError, "not both"),
        (
            lambda: TASOScheduler(sgd(), epochs=2, steps_per_epoch=0),
            ValueError,
            "steps_per_epoch must be an integer >= 1",
        ),
        (
            lambda: TASOScheduler(sgd(), 10, alpha=-1.0),
            ValueError,
            "alpha must be a finite number in (0.0, inf), got -1.0",
        ),
        (
            lambda: TASOScheduler(sgd(), 10, beta=2.0),
            ValueError,
            "beta must be a finite number in (0.0, 1.0]",
        ),
        (lambda: TASOScheduler(sgd(), 10, final_ratio=float("nan")), ValueError, "final_ratio"),
        (
            lambda: TASOScheduler("not an optimizer", 10),
            TypeError,
            "optimizer must be a torch.optim.Optimizer",
        ),
        (
            lambda: TASO(torch.nn.Linear(2, 1).parameters(), lr=0.0, total_steps=5),
            ValueError,
            "lr must be a finite number in (0.0, inf), got 0.0",
        ),
        (
            lambda: TASO(torch.nn.Linear(2, 1).parameters(), lr="0.1", total_steps=5),
            TypeError,
            "lr must be a real number, got '0.1' of type str",
        ),
        (
            lambda: TASO(torch.nn.Linear(2, 1).parameters(), lr=None, total_steps=5),
            TypeError,
            "lr must be a real number, got None",
        ),
        (
            lambda: TASO(torch.nn.Linear(2, 1).parameters(), total_steps=5, weight_decay=float("nan")),
            ValueError,
            "weight_decay must be a finite number in [0.0, inf), got nan",
        ),
        (
            lambda: TASO(torch.nn.Linear(2, 1).parameters(), total_steps=5, offset=1.0),
            TypeError,
            "offset must be the integer 0 or 1, got 1.0",
        ),
        (
            lambda: TASOScheduler(sgd(), 10, offset=1.0),
            TypeError,
            "offset must be the integer 0 or 1, got 1.0",
        ),
        (
            lambda: TASO(torch.nn.Linear(2, 1).parameters(), total_steps=5, warmup_steps=5),
            ValueError,
            "warmup_steps must be an integer in [0, total_steps - 1 = 4], got 5",
        ),
        (
            lambda: TASOScheduler(sgd(), 10, warmup_start=1.5),
            ValueError,
            "warmup_start must be a finite number in [0.0, 1.0], got 1.5",
        ),
        (
            lambda: TASO(torch.nn.Linear(2, 1).parameters(), lr=0.1, total_steps=5.5),
            TypeError,
            "total_steps must be an integer",
        ),
        (lambda: TASO([], total_steps=5), ValueError, "empty parameter list"),
        (
            lambda: TASO(torch.nn.Linear(2, 1).parameters(), total_steps=5, momentum=-1.0),
            ValueError,
            "momentum",
        ),
    ],
)
def test_bad_arguments_raise_at_construction(build, exc, fragment) -> None:
    with pytest.raises(exc) as info:
        build()
    assert fragment in str(info.value)
