"""Drivers that run every framework adapter the same way, for the shared contract tests.

A driver builds a training set-up with two parameter groups, advances it one optimizer step at a
time, reports the learning rate of every group, serialises its state the way a user would (to
bytes) and rebuilds a fresh set-up from those bytes. The contract tests in ``test_contract.py``
run every driver against the core :class:`taso.TASOSchedule`.
"""

from __future__ import annotations

import io
from typing import Any, Protocol

import torch

from taso.torch import TASO, TASOScheduler


class Run(Protocol):
    def lrs(self) -> list[float]: ...
    def advance(self) -> None: ...
    def save(self) -> bytes: ...
    def retarget(self, total_steps: int) -> None: ...


class Driver(Protocol):
    name: str

    def start(self, base_lrs: list[float], **schedule: Any) -> Run: ...
    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run: ...


def _two_group_model(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))


def _groups(model: torch.nn.Module, base_lrs: list[float]) -> list[dict[str, Any]]:
    return [{"params": list(m.parameters()), "lr": lr} for m, lr in zip(model, base_lrs, strict=True)]


def _backward(model: torch.nn.Module) -> None:
    model.zero_grad()
    model(torch.ones(2, 3)).square().mean().backward()


def _to_bytes(obj: Any) -> bytes:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def _from_bytes(blob: bytes) -> Any:
    return torch.load(io.BytesIO(blob), weights_only=False)


class _TorchSchedulerRun:
    def __init__(self, base_lrs: list[float], schedule: dict[str, Any]) -> None:
        self.model = _two_group_model()
        self.opt = torch.optim.SGD(_groups(self.model, base_lrs), lr=base_lrs[0], momentum=0.9)
        self.sched = TASOScheduler(self.opt, **schedule)

    def lrs(self) -> list[float]:
        assert self.sched.get_last_lr() == [g["lr"] for g in self.opt.param_groups]
        return self.sched.get_last_lr()

    def advance(self) -> None:
        _backward(self.model)
        self.opt.step()
        self.sched.step()

    def save(self) -> bytes:
        return _to_bytes(
            {
                "model": self.model.state_dict(),
                "opt": self.opt.state_dict(),
                "sched": self.sched.state_dict(),
            }
        )

    def retarget(self, total_steps: int) -> None:
        self.sched.retarget(total_steps)


class TorchSchedulerDriver:
    name = "torch-scheduler"

    def start(self, base_lrs: list[float], **schedule: Any) -> Run:
        return _TorchSchedulerRun(base_lrs, schedule)

    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run:
        state = _from_bytes(blob)
        run = _TorchSchedulerRun(base_lrs, schedule)  # scheduler built before loading (torch docs)
        run.model.load_state_dict(state["model"])
        run.opt.load_state_dict(state["opt"])
        run.sched.load_state_dict(state["sched"])
        return run


class _TorchOptimizerRun:
    def __init__(self, base_lrs: list[float], schedule: dict[str, Any]) -> None:
        self.model = _two_group_model()
        self.opt = TASO(_groups(self.model, base_lrs), lr=base_lrs[0], **schedule)

    def lrs(self) -> list[float]:
        return [g["lr"] for g in self.opt.param_groups]

    def advance(self) -> None:
        _backward(self.model)
        self.opt.step()

    def save(self) -> bytes:
        return _to_bytes({"model": self.model.state_dict(), "opt": self.opt.state_dict()})

    def retarget(self, total_steps: int) -> None:
        self.opt.retarget(total_steps)


class TorchOptimizerDriver:
    name = "torch-optimizer"

    def start(self, base_lrs: list[float], **schedule: Any) -> Run:
        return _TorchOptimizerRun(base_lrs, schedule)

    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run:
        state = _from_bytes(blob)
        run = _TorchOptimizerRun(base_lrs, schedule)
        run.model.load_state_dict(state["model"])
        run.opt.load_state_dict(state["opt"])
        return run


DRIVERS: list[Driver] = [TorchSchedulerDriver(), TorchOptimizerDriver()]
