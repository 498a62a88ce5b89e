"""PyTorch adapter: a closed-form ``LRScheduler`` and an SGD optimizer that schedules itself.

Both evaluate :class:`taso.TASOSchedule`, one schedule per parameter group whose ``LR_I`` is the
group's initial learning rate (``LR_F`` scales with it through ``final_ratio``).

Example (the README quick-start, shortened):

>>> import torch
>>> from taso.torch import TASO
>>> model = torch.nn.Linear(4, 2)
>>> opt = TASO(model.parameters(), lr=0.1, total_steps=100)
>>> for _ in range(3):
...     opt.zero_grad()
...     model(torch.randn(8, 4)).square().mean().backward()
...     opt.step()                      # SGD step, then the rate moves to step 3
>>> opt.current_step, round(opt.param_groups[0]["lr"], 6)
(3, 0.1001)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch.optim import SGD, Optimizer
from torch.optim.lr_scheduler import LRScheduler

from taso._schedule import DEFAULT_FINAL_RATIO, TASOSchedule
from taso._validation import check_int

__all__ = ["TASO", "TASOScheduler", "resolve_total_steps"]


def resolve_total_steps(total_steps: int | None, epochs: int | None, steps_per_epoch: int | None) -> int:
    """``total_steps``, or ``epochs * steps_per_epoch`` (like ``OneCycleLR``), validated.

    >>> resolve_total_steps(None, 3, 10)
    30
    """
    if total_steps is not None:
        if epochs is not None or steps_per_epoch is not None:
            raise ValueError("give total_steps, or epochs and steps_per_epoch, not both")
        return check_int("total_steps", total_steps, low=1)
    if epochs is None or steps_per_epoch is None:
        raise ValueError("total_steps is required (an integer >= 1), or both epochs and steps_per_epoch")
    return check_int("epochs", epochs, low=1) * check_int("steps_per_epoch", steps_per_epoch, low=1)


def _float_lr(value: Any, where: str) -> float:
    if isinstance(value, torch.Tensor):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{where} must be a real number, got {value!r}")
    return float(value)


class TASOScheduler(LRScheduler):
    r"""TASO as a ``torch.optim.lr_scheduler.LRScheduler`` for any optimizer.

    At scheduler step ``t`` (``last_epoch``) every param group ``g`` gets

    .. math:: \mathrm{lr}_g(t) = \frac{LR_{I,g}}{1 + \exp(\alpha (p(t) - \beta))}
              + \mathrm{final\_ratio} \cdot LR_{I,g}

    with :math:`LR_{I,g}` the group's initial lr and :math:`p(t)` as in
    :class:`taso.TASOSchedule`. Step it once per optimizer step (the default: ``total_steps`` is
    the number of optimizer steps), or once per epoch with ``total_steps=epochs``.
    ``offset=1`` with per-epoch stepping reproduces the authors' code exactly.

    Args:
        optimizer: the wrapped optimizer.
        total_steps: planned number of scheduler steps; or give ``epochs`` and
            ``steps_per_epoch`` (as in ``OneCycleLR``).
        alpha: steepness of the transition (> 0, default 25).
        beta: where the transition happens, as a fraction of training (in (0, 1], default 0.7).
        final_ratio: ``LR_F / LR_I`` for every group (in [0, 1], default 1e-3).
        offset: 0 (progress ``t/T``) or 1 (``(t+1)/T``, the authors' code).
        exact_endpoints: rescale the sigmoid to hit ``LR_I`` at ``p=0`` and ``LR_F`` at ``p=1``.
        last_epoch: the index of the last step taken, for resuming (torch convention).

    For a linear warmup, chain it in ``SequentialLR``; TASO then counts from 0 at the milestone,
    so give it ``total_steps = all_steps - warmup_steps``.

    Example:
        >>> model = torch.nn.Linear(2, 1)
        >>> opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        >>> sched = TASOScheduler(opt, epochs=10, steps_per_epoch=100)
        >>> for _ in range(700):
        ...     opt.step(); sched.step()
        >>> round(sched.get_last_lr()[0], 6)     # at beta * T: LR_I / 2 + LR_F
        0.0501
    """

    def __init__(
        self,
        optimizer: Optimizer,
        total_steps: int | None = None,
        *,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        alpha: float = 25.0,
        beta: float = 0.7,
        final_ratio: float = DEFAULT_FINAL_RATIO,
        offset: int = 0,
        exact_endpoints: bool = False,
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be a torch.optim.Optimizer, got {optimizer!r}")
        total = resolve_total_steps(total_steps, epochs, steps_per_epoch)
        check_int("last_epoch", last_epoch, low=-1)
        bases = [
            _float_lr(g.get("initial_lr", g["lr"]), f"param_groups[{i}]['lr']")
            for i, g in enumerate(optimizer.param_groups)
        ]
        self._schedules = [
            TASOSchedule(
                total_steps=total,
                lr_initial=base,
                final_ratio=final_ratio,
                alpha=alpha,
                beta=beta,
                offset=offset,
                exact_endpoints=exact_endpoints,
            )
            for base in bases
        ]
        super().__init__(optimizer, last_epoch)

    @property
    def schedules(self) -> list[TASOSchedule]:
        """The core schedule of each param group."""
        return list(self._schedules)

    @property
    def total_steps(self) -> int:
        """The planned number of steps (after any :meth:`retarget`)."""
        return self._schedules[0].total_steps

    def get_lr(self) -> list[float]:  # type: ignore[override]
        """The closed-form rate of every group at ``last_epoch``."""
        t = float(max(self.last_epoch, 0))
        return [s._lr_scalar(t) for s in self._schedules]

    def _get_closed_form_lr(self) -> list[float]:
        return self.get_lr()

    def retarget(self, total_steps: int) -> None:
        """Change the planned length from the current step on, without a jump in the rate."""
        step = max(self.last_epoch, 0)
        self._schedules = [s.retarget(step=step, total_steps=total_steps) for s in self._schedules]

    def state_dict(self) -> dict[str, Any]:
        state = super().state_dict()
        state["_schedules"] = [s.to_dict() for s in self._schedules]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        state = dict(state_dict)
        schedules = [TASOSchedule.from_dict(s) for s in state.pop("_schedules")]
        super().load_state_dict(state)
        self._schedules = schedules


class TASO(SGD):
    r"""SGD with momentum whose learning rate follows the TASO schedule, advanced by ``step()``.

    Each param group ``g`` runs SGD (Nesterov momentum 0.9 and weight decay 1e-4 by default,
    as in the paper) at the rate :math:`\mathrm{lr}_g(t)` of :class:`TASOScheduler`, where
    :math:`t` is the number of ``step()`` calls so far; ``lr`` is :math:`LR_I`. The step count and
    the schedule live in the param groups, so ``state_dict()`` holds everything needed to resume.

    Args:
        params: parameters or param-group dicts (a group's ``lr`` is its ``LR_I``).
        lr: :math:`LR_I` (> 0, paper default 0.1 for images, 0.05 for text).
        total_steps: planned number of ``step()`` calls; or ``epochs`` and ``steps_per_epoch``.
        momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable, fused:
            as in ``torch.optim.SGD``.
        alpha, beta, final_ratio, offset, exact_endpoints: as in :class:`TASOScheduler`.

    Example:
        >>> w = torch.nn.Parameter(torch.zeros(3))
        >>> opt = TASO([w], lr=0.1, total_steps=10)
        >>> opt.schedule_of(0)(0) == opt.param_groups[0]["lr"]
        True
    """

    def __init__(
        self,
        params: Iterable[torch.Tensor] | Iterable[dict[str, Any]],
        lr: float = 0.1,
        total_steps: int | None = None,
        *,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        momentum: float = 0.9,
        dampening: float = 0.0,
        weight_decay: float = 1e-4,
        nesterov: bool = True,
        alpha: float = 25.0,
        beta: float = 0.7,
        final_ratio: float = DEFAULT_FINAL_RATIO,
        offset: int = 0,
        exact_endpoints: bool = False,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        total = resolve_total_steps(total_steps, epochs, steps_per_epoch)
        # Validate the schedule arguments once, before torch builds any group.
        TASOSchedule(
            total_steps=total,
            lr_initial=1.0,
            final_ratio=final_ratio,
            alpha=alpha,
            beta=beta,
            offset=offset,
            exact_endpoints=exact_endpoints,
        )
        self._taso_kwargs: dict[str, Any] = {
            "total_steps": total,
            "final_ratio": final_ratio,
            "alpha": alpha,
            "beta": beta,
            "offset": offset,
            "exact_endpoints": exact_endpoints,
        }
        self._taso_cache: list[TASOSchedule] = []
        super().__init__(
            params,
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
            foreach=foreach,
            differentiable=differentiable,
            fused=fused,
        )

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group; its current ``lr`` becomes its ``LR_I`` and it joins at the current step."""
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        lr_i = _float_lr(group.setdefault("initial_lr", group["lr"]), "lr")
        schedule = TASOSchedule(lr_initial=lr_i, **self._taso_kwargs)
        step = self.param_groups[0].get("taso_step", 0)  # a late group joins the same clock
        group["taso_schedule"] = schedule.to_dict()
        group["taso_step"] = step
        group["lr"] = schedule._lr_scalar(float(step))
        self._taso_cache.append(schedule)

    def schedule_of(self, group_index: int = 0) -> TASOSchedule:
        """The core schedule of param group ``group_index``."""
        return self._taso_cache[group_index]

    @property
    def current_step(self) -> int:
        """How many optimizer steps have been taken (the schedule's ``t``)."""
        return int(self.param_groups[0]["taso_step"])

    def step(self, closure: Callable[[], float] | None = None) -> float | None:  # type: ignore[override]
        """One SGD step at the current rate, then move every group's rate to the next step."""
        loss = super().step(closure)
        for group, schedule in zip(self.param_groups, self._taso_cache, strict=True):
            t = group["taso_step"] + 1
            group["taso_step"] = t
            group["lr"] = schedule._lr_scalar(float(t))
        return loss

    def retarget(self, total_steps: int) -> None:
        """Change the planned length from the current step on, without a jump in the rate."""
        for i, group in enumerate(self.param_groups):
            schedule = self._taso_cache[i].retarget(step=group["taso_step"], total_steps=total_steps)
            self._taso_cache[i] = schedule
            group["taso_schedule"] = schedule.to_dict()

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        super().load_state_dict(state_dict)
        self._taso_cache = [TASOSchedule.from_dict(g["taso_schedule"]) for g in self.param_groups]
