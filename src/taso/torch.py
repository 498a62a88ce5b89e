"""PyTorch adapter: a closed-form ``LRScheduler`` and an SGD optimizer that schedules itself.

Both evaluate :class:`taso.TASOSchedule`, one schedule per parameter group whose ``LR_I`` is the
group's initial learning rate (``LR_F`` scales with it through ``final_ratio``). The per-step rates
are read from blocks of :data:`BLOCK` precomputed values (one vectorised evaluation per block), so
moving the rate costs about as much as setting it from a list.

A learning rate given as a 1-element tensor stays that tensor, updated in place, so a
``torch.compile``-d training step (or a CUDA graph with ``capturable=True``) sees one input whose
value changes, and does not recompile every step.

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

import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import torch
from torch.optim import SGD, Optimizer
from torch.optim.lr_scheduler import LRScheduler

from taso._schedule import DEFAULT_FINAL_RATIO, TASOSchedule
from taso._validation import check_bool, check_int, check_real

if TYPE_CHECKING:
    from taso._torch_auto import AutoTASO

__all__ = ["BLOCK", "TASO", "AutoTASO", "TASOScheduler", "resolve_total_steps"]

#: Steps per block of precomputed rates (a block is evaluated at once with numpy).
BLOCK = 1024
#: The first block after a retarget is short.
_FIRST_BLOCK = 32


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
    """A learning rate (float or 1-element tensor) as a float ``> 0``, or a clear error."""
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise ValueError(
                f"{where} must be a number or a 1-element tensor, got a tensor of shape {tuple(value.shape)}"
            )
        value = value.item()
    return check_real(where, value, low=0.0, low_open=True)


def _schedule_kwargs(
    total: int, final_ratio: float, alpha: float, beta: float, offset: int, exact_endpoints: bool,
    warmup_steps: int, warmup_start: float,
) -> dict[str, Any]:  # fmt: skip
    """The shared schedule arguments, validated once (with ``LR_I = 1``) before any work."""
    kwargs: dict[str, Any] = {
        "total_steps": total, "final_ratio": final_ratio, "alpha": alpha, "beta": beta, "offset": offset,
        "exact_endpoints": exact_endpoints, "warmup_steps": warmup_steps, "warmup_start": warmup_start,
    }  # fmt: skip
    TASOSchedule(lr_initial=1.0, **kwargs)
    return kwargs


class _Rates:
    """The rates of several schedules that share one clock, read from precomputed blocks.

    ``at(t)`` returns the index of step ``t`` in ``blocks[g]`` (refilling the blocks when ``t``
    leaves the current one). Blocks start at the last retarget's step plus a multiple of
    :data:`BLOCK` (after a first, short block), so the values at a step never depend on the path that led there (a resumed run
    reads the same numbers) and a retarget evaluates only its own segment.
    """

    __slots__ = ("blocks", "origin", "schedules", "size", "start")

    def __init__(self, schedules: list[TASOSchedule]) -> None:
        self.schedules = schedules
        self.origin = schedules[0].anchor_step if schedules else 0
        self.start = self.size = 0
        self.blocks: list[list[float]] = []

    def at(self, t: int) -> int:
        i = t - self.start
        if 0 <= i < self.size:
            return i
        a = self.origin
        if a <= t < a + _FIRST_BLOCK:  # just after a retarget: a short block, so a retarget is cheap
            self.start, self.size = a, _FIRST_BLOCK
        else:
            base = a + _FIRST_BLOCK if t >= a else 0
            self.start, self.size = t - (t - base) % BLOCK, BLOCK
        self.blocks = [s.values(self.size, start=self.start).tolist() for s in self.schedules]
        return t - self.start

    def rates(self, t: int) -> list[float]:
        i = self.at(t)
        return [block[i] for block in self.blocks]


def _warn_past_end(owner: str, total: int, step: int) -> None:
    warnings.warn(
        f"{owner} was stepped past its planned total_steps = {total} (now at step {step}); the rate "
        f"holds its final value. If you step it once per batch, total_steps must count batches "
        f"(epochs * steps_per_epoch, divided by the gradient-accumulation steps); see the README "
        f"section 'Per step, per epoch, and gradient accumulation'.",
        UserWarning,
        stacklevel=3,
    )


class TASOScheduler(LRScheduler):
    r"""TASO as a ``torch.optim.lr_scheduler.LRScheduler`` for any optimizer.

    At scheduler step ``t`` (``last_epoch``) every param group ``g`` gets

    .. math:: \mathrm{lr}_g(t) = \frac{LR_{I,g}}{1 + \exp(\alpha (p(t) - \beta))}
              + \mathrm{final\_ratio} \cdot LR_{I,g}

    with :math:`LR_{I,g}` the group's initial lr and :math:`p(t)` as in
    :class:`taso.TASOSchedule` (after ``warmup_steps`` of linear warm-up, if any). Step it once per
    optimizer step (the default: ``total_steps`` is the number of optimizer steps), or once per
    epoch with ``total_steps=epochs``. ``offset=1`` with per-epoch stepping reproduces the
    authors' code exactly. Stepping past ``total_steps`` warns once (the rate then holds).

    Args:
        optimizer: the wrapped optimizer (not a :class:`TASO`, which schedules itself).
        total_steps: planned number of scheduler steps; or give ``epochs`` and
            ``steps_per_epoch`` (as in ``OneCycleLR``).
        alpha: steepness of the transition (> 0, default 25).
        beta: where the transition happens, as a fraction of training (in (0, 1], default 0.7).
        final_ratio: ``LR_F / LR_I`` for every group (in [0, 1], default 1e-3).
        offset: 0 (progress ``t/T``) or 1 (``(t+1)/T``, the authors' code).
        exact_endpoints: rescale the sigmoid to hit ``LR_I`` at ``p=0`` and ``LR_F`` at ``p=1``.
        warmup_steps: linear warm-up steps (part of ``total_steps``; default 0).
        warmup_start: the warm-up's first rate as a fraction of ``LR_I`` (default 0).
        last_epoch: the index of the last step taken, for resuming (torch convention).

    Resuming: ``scheduler.load_state_dict(...)`` restores the step and sets every group's rate to
    its closed-form value there, whether the optimizer's state was loaded before or after the
    scheduler was built.

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
        warmup_steps: int = 0,
        warmup_start: float = 0.0,
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be a torch.optim.Optimizer, got {optimizer!r}")
        if isinstance(optimizer, TASO):
            raise TypeError(
                "optimizer is a taso.torch.TASO, which schedules its own learning rate; wrap a plain "
                "optimizer (e.g. torch.optim.SGD) in TASOScheduler, or use TASO alone"
            )
        total = resolve_total_steps(total_steps, epochs, steps_per_epoch)
        check_int("last_epoch", last_epoch, low=-1)
        kwargs = _schedule_kwargs(
            total, final_ratio, alpha, beta, offset, exact_endpoints, warmup_steps, warmup_start
        )
        bases = [
            _float_lr(g.get("initial_lr", g["lr"]), f"param_groups[{i}]['lr']")
            for i, g in enumerate(optimizer.param_groups)
        ]
        self._schedules = [TASOSchedule(lr_initial=base, **kwargs) for base in bases]
        self._rates = _Rates(self._schedules)
        self._warned = False
        super().__init__(optimizer, last_epoch)

    @property
    def schedules(self) -> list[TASOSchedule]:
        """The core schedule of each param group."""
        return list(self._schedules)

    @property
    def total_steps(self) -> int:
        """The planned number of steps (after any :meth:`retarget`)."""
        return self._schedules[0].total_steps

    def _check_groups(self) -> None:
        n = len(self.optimizer.param_groups)
        if n != len(self._schedules):
            raise ValueError(
                f"the optimizer has {n} param groups but this TASOScheduler was built for "
                f"{len(self._schedules)}; call add_param_group before building the scheduler"
            )

    def step(self, epoch: int | None = None) -> None:
        """Advance one step (the torch convention); refuses, before changing anything, an optimizer
        whose param groups no longer match this scheduler's."""
        self._check_groups()
        super().step(epoch)

    def get_lr(self) -> list[float]:  # type: ignore[override]
        """The closed-form rate of every group at ``last_epoch``."""
        self._check_groups()
        t = max(self.last_epoch, 0)
        if t > self.total_steps and not self._warned:
            self._warned = True
            _warn_past_end("TASOScheduler", self.total_steps, t)
        return self._rates.rates(t)

    def _get_closed_form_lr(self) -> list[float]:
        return self.get_lr()

    def retarget(self, total_steps: int) -> None:
        """Change the planned length from the current step on, without a jump in the rate."""
        step = max(self.last_epoch, 0)
        self._schedules = [s.retarget(step=step, total_steps=total_steps) for s in self._schedules]
        self._rates = _Rates(self._schedules)
        self._warned = False

    def state_dict(self) -> dict[str, Any]:
        state = {k: v for k, v in super().state_dict().items() if k not in ("_rates", "_schedules")}
        state["_schedules"] = [s.to_dict() for s in self._schedules]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a :meth:`state_dict`; every group's rate is set to its value at the loaded step.

        Raises ``ValueError`` (and changes nothing) for a state that is not a TASOScheduler's
        (e.g. a ``LambdaLR`` state) or that was saved for another number of param groups.
        """
        if not isinstance(state_dict, dict) or "_schedules" not in state_dict:
            keys = sorted(state_dict) if isinstance(state_dict, dict) else type(state_dict).__name__
            raise ValueError(
                f"not a TASOScheduler state: it has no '_schedules' (keys: {keys}); a state saved by "
                "another scheduler (e.g. LambdaLR) cannot be loaded into TASOScheduler"
            )
        saved = state_dict["_schedules"]
        n = len(self.optimizer.param_groups)
        if not isinstance(saved, list) or len(saved) != n:
            count = len(saved) if isinstance(saved, list) else saved
            raise ValueError(
                f"the saved TASOScheduler state has {count} param-group schedules, the optimizer has {n} "
                "param groups"
            )
        schedules = [TASOSchedule.from_dict(s) for s in saved]  # validates before any change
        last_epoch = check_int("last_epoch", state_dict.get("last_epoch", -1), low=-1)
        state = {k: v for k, v in state_dict.items() if k != "_schedules"}
        super().load_state_dict(state)
        self._schedules = schedules
        self._rates = _Rates(schedules)
        self._warned = last_epoch > schedules[0].total_steps
        rates = self._rates.rates(max(last_epoch, 0))
        for group, lr in zip(self.optimizer.param_groups, rates, strict=True):
            if isinstance(group["lr"], torch.Tensor):
                group["lr"].fill_(lr)
            else:
                group["lr"] = lr
        self._last_lr = [
            g["lr"].clone() if isinstance(g["lr"], torch.Tensor) else g["lr"]
            for g in self.optimizer.param_groups
        ]


def _unhooked(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` without torch's profiling/hook wrapper (``Optimizer`` patches ``SGD.step`` in place
    the first time a plain SGD is built); ``TASO.step`` is wrapped once, so hooks run once."""
    while getattr(fn, "hooked", False):
        fn = fn.__wrapped__  # type: ignore[attr-defined]
    return fn


#: ``SGD.step`` as torch defines it (decorated for grad mode), resolved once.
_SGD_STEP = _unhooked(SGD.step)


class TASO(SGD):
    r"""SGD with momentum whose learning rate follows the TASO schedule, advanced by ``step()``.

    Each param group ``g`` runs SGD (Nesterov momentum 0.9 and weight decay 1e-4 by default,
    as in the paper) at the rate :math:`\mathrm{lr}_g(t)` of :class:`TASOScheduler`, where
    :math:`t` is the number of ``step()`` calls so far; ``lr`` is :math:`LR_I`. The step count and
    the schedule are saved in ``state_dict()``, so it holds everything needed to resume.

    The optimizer owns its learning rate: if anything else (another scheduler, a training
    framework) changes a group's ``lr`` between steps, ``step()`` raises a ``RuntimeError`` that
    names the fix (``TASOScheduler`` on a plain optimizer, or ``warmup_steps`` here).

    ``lr`` may be a 1-element tensor: it then stays that tensor, updated in place each step, so a
    ``torch.compile``-d training step compiles once (for CUDA graphs, put the tensor on the device
    and pass ``capturable=True`` to the underlying SGD through a plain optimizer + TASOScheduler).

    Args:
        params: parameters or param-group dicts (a group's ``lr`` is its ``LR_I``).
        lr: :math:`LR_I` (> 0, paper default 0.1 for images, 0.05 for text).
        total_steps: planned number of ``step()`` calls; or ``epochs`` and ``steps_per_epoch``.
        momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable, fused:
            as in ``torch.optim.SGD``.
        alpha, beta, final_ratio, offset, exact_endpoints, warmup_steps, warmup_start: as in
            :class:`TASOScheduler`.

    Example:
        >>> w = torch.nn.Parameter(torch.zeros(3))
        >>> opt = TASO([w], lr=0.1, total_steps=10, warmup_steps=2)
        >>> opt.param_groups[0]["lr"], opt.schedule_of(0)(1)   # warm-up from 0
        (0.0, 0.05)
    """

    def __init__(
        self,
        params: Iterable[torch.Tensor] | Iterable[dict[str, Any]],
        lr: float | torch.Tensor = 0.1,
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
        warmup_steps: int = 0,
        warmup_start: float = 0.0,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        _float_lr(lr, "lr")
        check_real("momentum", momentum, low=0.0, high=1.0, high_open=True)
        check_real("dampening", dampening, low=0.0, high=1.0)
        check_real("weight_decay", weight_decay, low=0.0)
        check_bool("nesterov", nesterov)
        total = resolve_total_steps(total_steps, epochs, steps_per_epoch)
        # Validate the schedule arguments once, before torch builds any group.
        kwargs = _schedule_kwargs(
            total, final_ratio, alpha, beta, offset, exact_endpoints, warmup_steps, warmup_start
        )
        self._taso_init(kwargs, [], warned=False)
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

    def _taso_init(self, kwargs: dict[str, Any], schedules: list[TASOSchedule], warned: bool) -> None:
        """TASO's own attributes (the rest of the state lives in torch's param groups)."""
        self._taso_kwargs = kwargs
        self._taso_schedules = schedules
        self._taso_rates = _Rates(schedules)
        self._taso_expected: list[Any] = [None] * len(schedules)  # a tensor lr's _version after we set it
        self._taso_warned = warned
        self._taso_i = 0  # the index of the current step in the current blocks of rates
        self._taso_limit = 0  # the hot path runs while _taso_i < _taso_limit
        self._taso_total = kwargs["total_steps"]
        self._taso_tensor = False  # some group's lr is a tensor (then the general path runs)
        self._taso_pairs: list[tuple[dict[str, Any], list[float]]] = []  # (group, its block of rates)
        self._taso_one: tuple[dict[str, Any], list[float]] | None = None  # the pair, if only one

    def __getstate__(self) -> dict[str, Any]:
        """torch's pickling state plus TASO's (so ``copy.deepcopy`` and ``pickle`` keep the schedule)."""
        state = super().__getstate__()
        state["_taso"] = {
            "kwargs": dict(self._taso_kwargs),
            "schedules": [s.to_dict() for s in self._taso_schedules],
            "step": self.current_step,
            "warned": self._taso_warned,
        }
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        taso = state.pop("_taso", None)
        super().__setstate__(state)
        if taso is not None:
            schedules = [TASOSchedule.from_dict(s) for s in taso["schedules"]]
            self._taso_init(taso["kwargs"], schedules, taso["warned"])
            self._taso_set_rates(taso["step"])

    # ------------------------------------------------------------------ groups and schedules
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group; its ``lr`` becomes its ``LR_I`` and it joins at the current step."""
        index = len(self.param_groups)
        lr = param_group.get("lr", self.defaults.get("lr"))
        lr_i = _float_lr(lr, f"param_groups[{index}]['lr']")
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        if "initial_lr" not in group:
            group["initial_lr"] = lr_i
        schedule = TASOSchedule(lr_initial=_float_lr(group["initial_lr"], "initial_lr"), **self._taso_kwargs)
        step = self.current_step  # a late group joins the same clock
        self._taso_schedules.append(schedule)
        self._taso_expected.append(None)
        self._taso_rates = _Rates(self._taso_schedules)
        self._taso_set_rates(step)

    def schedule_of(self, group_index: int = 0) -> TASOSchedule:
        """The core schedule of param group ``group_index``."""
        return self._taso_schedules[group_index]

    @property
    def current_step(self) -> int:
        """How many optimizer steps have been taken (the schedule's ``t``)."""
        return self._taso_rates.start + self._taso_i

    @property
    def total_steps(self) -> int:
        """The planned number of steps (after any :meth:`retarget`)."""
        return self._taso_schedules[0].total_steps

    # ------------------------------------------------------------------ the step
    def _taso_set_rates(self, t: int) -> None:
        """Move every group's lr to step ``t`` (in place for tensor rates); the general path."""
        rates = self._taso_rates
        i = rates.at(t)
        expected = self._taso_expected
        tensor = False
        for k, (group, block) in enumerate(zip(self.param_groups, rates.blocks, strict=True)):
            lr = group["lr"]
            if isinstance(lr, torch.Tensor):
                lr.fill_(block[i])
                expected[k] = lr._version
                tensor = True
            else:
                group["lr"] = expected[k] = block[i]
        self._taso_i, self._taso_tensor = i, tensor
        self._taso_total = total = self._taso_schedules[0].total_steps
        self._taso_limit = rates.size if self._taso_warned else min(rates.size, total + 1 - rates.start)
        self._taso_pairs = list(zip(self.param_groups, rates.blocks, strict=True))
        self._taso_one = self._taso_pairs[0] if len(self._taso_pairs) == 1 else None

    def _taso_check(self) -> None:
        """Raise if anything but this optimizer changed a group's lr since the last step."""
        blocks, i = self._taso_rates.blocks, self._taso_i
        for k, (group, expected) in enumerate(zip(self.param_groups, self._taso_expected, strict=True)):
            lr = group["lr"]
            changed = lr._version != expected if isinstance(lr, torch.Tensor) else lr != blocks[k][i]
            if changed:
                raise RuntimeError(
                    f"param_groups[{k}]['lr'] was changed outside taso.torch.TASO (it is {lr!r}, TASO set "
                    f"{self._taso_rates.rates(self.current_step)[k]!r}); TASO owns its learning rate. To "
                    "combine TASO with another scheduler, use a plain torch.optim.SGD with "
                    "taso.torch.TASOScheduler (or taso.hf.get_taso_schedule for the Hugging Face Trainer); "
                    "for a warm-up, pass warmup_steps to TASO."
                )

    def _taso_past_end(self, t: int) -> None:
        if not self._taso_warned:
            self._taso_warned = True
            _warn_past_end("TASO", self._taso_total, t)

    def _taso_advance(self) -> None:
        t = self.current_step + 1
        if t > self._taso_total:
            self._taso_past_end(t)
        self._taso_set_rates(t)

    def step(self, closure: Callable[[], float] | None = None) -> float | None:  # type: ignore[override]
        """One SGD step at the current rate, then move every group's rate to the next step."""
        if self._taso_tensor:  # tensor rates (the torch.compile / CUDA-graph set-up)
            if torch.compiler.is_compiling():  # (called by this name: Dynamo folds it to True)
                _eager_bookkeeping()(self, 0)
                loss = _SGD_STEP(self, closure)
                _eager_bookkeeping()(self, 1)
                return loss
            self._taso_check()
            loss = _SGD_STEP(self, closure)
            self._taso_advance()
            return loss
        # The hot path for float rates: every group's lr must still be the very float we set.
        i = self._taso_i
        one = self._taso_one
        if one is not None:  # a single param group (most models)
            group, block = one
            if group["lr"] is not block[i]:
                self._taso_check()  # raises unless an equal value was written back
            loss = _SGD_STEP(self, closure)
            i += 1
            if i >= self._taso_limit:  # the end of the block, or past total_steps
                self._taso_advance()
                return loss
            self._taso_i = i
            group["lr"] = block[i]
            return loss
        pairs = self._taso_pairs
        for group, block in pairs:
            if group["lr"] is not block[i]:
                self._taso_check()  # raises unless an equal value was written back
        loss = _SGD_STEP(self, closure)
        i += 1
        if i >= self._taso_limit:  # the end of the block, or past total_steps
            self._taso_advance()
            return loss
        self._taso_i = i
        for group, block in pairs:
            group["lr"] = block[i]
        return loss

    # ------------------------------------------------------------------ retarget and state
    def retarget(self, total_steps: int) -> None:
        """Change the planned length from the current step on, without a jump in the rate."""
        step = self.current_step
        self._taso_schedules[:] = [
            s.retarget(step=step, total_steps=total_steps) for s in self._taso_schedules
        ]
        self._taso_rates = _Rates(self._taso_schedules)
        self._taso_warned = False
        self._taso_set_rates(step)

    def state_dict(self) -> dict[str, Any]:
        """torch's optimizer state plus each group's ``taso_step`` and ``taso_schedule``
        (serialised here, once per save, not at every retarget)."""
        state = super().state_dict()
        for group, schedule in zip(state["param_groups"], self._taso_schedules, strict=True):
            group["taso_step"] = self.current_step
            group["taso_schedule"] = schedule.to_dict()
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a :meth:`state_dict`. Raises ``ValueError`` before changing anything if the state
        is not a TASO state (a plain SGD state: see :meth:`load_sgd_state_dict`) or does not match
        this optimizer's param groups."""
        groups = state_dict.get("param_groups") if isinstance(state_dict, dict) else None
        if not isinstance(groups, list):
            raise ValueError("not an optimizer state: expected a dict with 'state' and 'param_groups'")
        if len(groups) != len(self.param_groups):
            raise ValueError(
                f"the saved state has {len(groups)} param groups, this optimizer has {len(self.param_groups)}"
            )
        missing = [i for i, g in enumerate(groups) if "taso_schedule" not in g or "taso_step" not in g]
        if missing:
            raise ValueError(
                f"not a taso.torch.TASO state: param group(s) {missing} have no 'taso_schedule'/'taso_step' "
                "(a plain torch.optim.SGD state?); continue an SGD checkpoint with "
                "TASO.load_sgd_state_dict(state, step=...)"
            )
        for i, (saved, own) in enumerate(zip(groups, self.param_groups, strict=True)):
            if len(saved["params"]) != len(own["params"]):
                raise ValueError(
                    f"param group {i} has {len(saved['params'])} parameters in the saved state, "
                    f"{len(own['params'])} here"
                )
        steps = {int(g["taso_step"]) for g in groups}
        if len(steps) != 1:
            raise ValueError(f"the saved param groups disagree on the step: {sorted(steps)}")
        schedules = [TASOSchedule.from_dict(g["taso_schedule"]) for g in groups]  # validates first
        stripped = dict(state_dict)
        stripped["param_groups"] = [
            {k: v for k, v in g.items() if k not in ("taso_schedule", "taso_step")} for g in groups
        ]
        super().load_state_dict(stripped)
        self._taso_schedules[:] = schedules
        self._taso_rates = _Rates(self._taso_schedules)
        step = steps.pop()
        self._taso_warned = step > schedules[0].total_steps
        self._taso_set_rates(step)

    def load_sgd_state_dict(self, state_dict: dict[str, Any], step: int = 0) -> None:
        """Continue a plain ``torch.optim.SGD`` checkpoint with TASO, from schedule step ``step``.

        The momentum buffers come from the checkpoint; every hyperparameter (rates, momentum,
        Nesterov, weight decay) is this optimizer's own. ``step`` is where the TASO curve starts
        (e.g. the number of steps already trained, if this TASO was built for the whole run).
        """
        step = check_int("step", step, low=0)
        groups = state_dict.get("param_groups") if isinstance(state_dict, dict) else None
        if not isinstance(groups, list) or "state" not in state_dict:
            raise ValueError("not an optimizer state: expected a dict with 'state' and 'param_groups'")
        if len(groups) != len(self.param_groups):
            raise ValueError(
                f"the SGD state has {len(groups)} param groups, this optimizer has {len(self.param_groups)}"
            )
        own_state = super().state_dict()
        merged = []
        for saved, own in zip(groups, own_state["param_groups"], strict=True):
            group = {k: v for k, v in own.items() if k != "params"}
            group["params"] = saved["params"]
            group["taso_step"] = step
            merged.append(group)
        for group, schedule in zip(merged, self._taso_schedules, strict=True):
            group["taso_schedule"] = schedule.to_dict()
        self.load_state_dict({"state": state_dict["state"], "param_groups": merged})


def _check_and_step(opt: TASO, phase: int) -> None:
    if phase == 0:
        opt._taso_check()
    else:
        opt._taso_advance()


_EAGER: list[Callable[[TASO, int], None]] = []


def _eager_bookkeeping() -> Callable[[TASO, int], None]:
    """Under ``torch.compile`` the schedule's bookkeeping runs eagerly (a graph break), so the
    compiled graph depends only on the lr tensor's value, never on the Python step count.
    (Built on first use: importing ``torch._dynamo`` takes about a second.)"""
    if not _EAGER:
        _EAGER.append(torch.compiler.disable(_check_and_step))
    return _EAGER[0]


def __getattr__(name: str) -> Any:
    """``AutoTASO`` lives in ``taso._torch_auto`` (it builds on this module's helpers)."""
    if name == "AutoTASO":
        from taso._torch_auto import AutoTASO

        return AutoTASO
    raise AttributeError(f"module 'taso.torch' has no attribute {name!r}")
