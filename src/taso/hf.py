"""Hugging Face adapter: ``get_taso_schedule`` in the style of
``transformers.get_cosine_schedule_with_warmup``.

Returns a ``torch.optim.lr_scheduler.LambdaLR`` whose multiplier is a picklable object, so it works
with ``transformers.Trainer(optimizers=(optimizer, scheduler))``, saves with ``state_dict()`` and
survives ``pickle``. transformers itself is not imported here.

.. math::

    m(t) = \\begin{cases} w_0 + (1 - w_0)\\, t / W & t < W \\\\
    \\frac{1}{1 + \\exp(\\alpha ((t - W) / (N - W) - \\beta))} + \\mathrm{final\\_ratio} & t \\ge W
    \\end{cases}

with :math:`W` = ``num_warmup_steps``, :math:`w_0` = ``warmup_start`` (default 0) and
:math:`N` = ``num_training_steps``; each param group's rate is its initial lr times :math:`m(t)`.

The Trainer recipe: give it a plain optimizer *and* this scheduler, so that it does not add its
own::

    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
    sched = get_taso_schedule(opt, num_training_steps=trainer_steps, num_warmup_steps=0)
    Trainer(model=model, args=args, train_dataset=ds, optimizers=(opt, sched))

``optimizers=(taso.torch.TASO(...), None)`` does not work: the Trainer then builds its default
linear-decay scheduler on top, and TASO (which owns its rate) raises at the first step it sees
the rate changed.

Example:
    >>> import torch
    >>> opt = torch.optim.AdamW(torch.nn.Linear(2, 2).parameters(), lr=1e-3)
    >>> sched = get_taso_schedule(opt, num_training_steps=100, num_warmup_steps=10)
    >>> opt.param_groups[0]["lr"]
    0.0
    >>> for _ in range(10):
    ...     opt.step(); sched.step()
    >>> round(opt.param_groups[0]["lr"], 7)
    0.001001
"""

from __future__ import annotations

import warnings
import weakref
from typing import Any

from torch.optim import Optimizer
from torch.optim.lr_scheduler import LambdaLR

from taso._schedule import DEFAULT_FINAL_RATIO, TASOSchedule
from taso._validation import check_int

__all__ = [
    "AutoTASOCallback",
    "TASOMultiplier",
    "get_taso_schedule",
    "observe_trainer_loss",
    "retarget_taso_schedule",
]


_CORES: weakref.WeakKeyDictionary[TASOMultiplier, tuple[dict[str, Any], TASOSchedule]] = (
    weakref.WeakKeyDictionary()
)


class TASOMultiplier:
    """Picklable multiplier ``m(t)``: the core schedule with ``LR_I = 1`` (warm-up included).

    Its ``__dict__`` holds plain data only, which ``LambdaLR.state_dict()`` saves and restores.
    Evaluating past the planned length warns once.
    """

    def __init__(self, num_warmup_steps: int, schedule: dict[str, Any]) -> None:
        self.num_warmup_steps = num_warmup_steps
        self.schedule = schedule

    def core(self) -> TASOSchedule:
        # Rebuilt only when ``schedule`` is replaced (load_state_dict, retarget), not every step.
        # The cache lives outside ``__dict__`` so that ``LambdaLR.state_dict()`` stays plain data.
        cached = _CORES.get(self)
        if cached is None or cached[0] is not self.schedule:
            state = self.schedule
            if self.num_warmup_steps and "warmup_steps" not in state:
                state = _from_legacy_warmup(state, self.num_warmup_steps)
            cached = (self.schedule, TASOSchedule.from_dict(state))
            _CORES[self] = cached
        return cached[1]

    def __call__(self, step: int) -> float:
        core = self.core()
        if step > core.total_steps and not _WARNED.get(self, False):
            _WARNED[self] = True
            warnings.warn(
                f"the TASO schedule was stepped past its planned num_training_steps = {core.total_steps} "
                f"(now at step {step}); the rate holds its final value. Count optimizer steps (batches "
                "divided by gradient-accumulation steps), not epochs or micro-batches.",
                UserWarning,
                stacklevel=2,
            )
        return core._lr_scalar(float(step))


_WARNED: weakref.WeakKeyDictionary[TASOMultiplier, bool] = weakref.WeakKeyDictionary()


def _from_legacy_warmup(state: dict[str, Any], warmup: int) -> dict[str, Any]:
    """taso 0.1.0 kept the warm-up outside the core schedule (whose steps started after it)."""
    out = dict(TASOSchedule.from_dict(state).to_dict())  # flattens the 0.1.0 nested format
    out["total_steps"] += warmup
    out["warmup_steps"] = warmup
    if out["anchor_step"]:
        out["anchor_step"] += warmup
    out["history"] = [[a + warmup if a else 0, p, total + warmup] for a, p, total in out["history"]]
    return out


def get_taso_schedule(
    optimizer: Optimizer,
    num_training_steps: int,
    num_warmup_steps: int = 0,
    *,
    alpha: float = 25.0,
    beta: float = 0.7,
    final_ratio: float = DEFAULT_FINAL_RATIO,
    offset: int = 0,
    exact_endpoints: bool = False,
    warmup_start: float = 0.0,
    last_epoch: int = -1,
) -> LambdaLR:
    """Linear warmup over ``num_warmup_steps``, then TASO over the remaining steps (the core
    schedule with ``warmup_steps=num_warmup_steps``: the same numbers as every other adapter)."""
    num_training_steps = check_int("num_training_steps", num_training_steps, low=1)
    num_warmup_steps = check_int("num_warmup_steps", num_warmup_steps, low=0)
    if num_warmup_steps >= num_training_steps:
        raise ValueError(
            f"num_warmup_steps must be < num_training_steps = {num_training_steps}, got {num_warmup_steps}"
        )
    unit = TASOSchedule(
        total_steps=num_training_steps,
        lr_initial=1.0,
        final_ratio=final_ratio,
        alpha=alpha,
        beta=beta,
        offset=offset,
        exact_endpoints=exact_endpoints,
        warmup_steps=num_warmup_steps,
        warmup_start=warmup_start,
    )
    multipliers = [TASOMultiplier(num_warmup_steps, unit.to_dict()) for _ in optimizer.param_groups]
    return LambdaLR(optimizer, multipliers, last_epoch=last_epoch)  # type: ignore[arg-type]


def retarget_taso_schedule(scheduler: LambdaLR, num_training_steps: int) -> None:
    """Change the planned number of training steps mid-run, without a jump in the rate."""
    step = max(scheduler.last_epoch, 0)
    for m in scheduler.lr_lambdas:
        if not isinstance(m, TASOMultiplier):
            raise TypeError("scheduler must come from get_taso_schedule()")
        m.schedule = m.core().retarget(step=step, total_steps=num_training_steps).to_dict()


class AutoTASOCallback:
    """A ``transformers.Trainer`` callback that gives AutoTASO the Trainer's own training length.

    The Trainer computes its number of optimizer steps, :math:`N` = ``state.max_steps``, from
    ``max_steps`` or from ``num_train_epochs``, the dataset, the batch size, gradient accumulation
    and the number of processes -- after the optimizer is built. At the start of training this
    callback retargets the :class:`taso.torch.AutoTASO` the Trainer holds to :math:`N`
    (:meth:`~taso.torch.AutoTASO.retarget`; before the first step that is the same as building it
    with :math:`N`), so the length given at construction may be a rough guess. A resumed run whose
    length did not change is left as it is; one given more epochs is retargeted from where it is.
    transformers is not imported here: the Trainer calls any ``on_*`` event it has, and this
    callback answers all but ``on_train_begin`` with nothing.

    Example::

        opt = AutoTASO(model, total_steps=1000)  # any guess: the callback sets the Trainer's length
        Trainer(model=model, args=TrainingArguments(num_train_epochs=3, ...), train_dataset=ds,
                optimizers=(opt, opt.scheduler()), callbacks=[AutoTASOCallback()])
    """

    def on_train_begin(
        self, args: Any, state: Any, control: Any, optimizer: Any = None, **kwargs: Any
    ) -> None:
        _auto_taso(optimizer, "AutoTASOCallback").retarget(
            check_int("state.max_steps", state.max_steps, low=1)
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("on_"):
            return _nothing
        raise AttributeError(name)


def _auto_taso(optimizer: Any, who: str) -> Any:
    """The AutoTASO a Trainer's optimizer is or wraps (accelerate's AcceleratedOptimizer)."""
    from taso._torch_auto import AutoTASO

    opt, seen = optimizer, list[str]()
    while opt is not None and not isinstance(opt, AutoTASO) and len(seen) < 8:
        seen.append(type(opt).__name__)
        opt = getattr(opt, "optimizer", None)
    if not isinstance(opt, AutoTASO):
        raise TypeError(
            f"{who} needs the Trainer's optimizer to be a taso.torch.AutoTASO "
            f"(optimizers=(AutoTASO(model, total_steps=...), opt.scheduler())), got "
            f"{' -> '.join(seen) or type(optimizer).__name__}"
        )
    return opt


def observe_trainer_loss(trainer: Any) -> Any:
    """Let AutoTASO read the training loss the ``transformers.Trainer`` computes; returns the trainer.

    AutoTASO reads the loss from the model's output (``{"loss": ...}``, the Hugging Face
    convention). When the Trainer computes the loss itself -- ``label_smoothing_factor``, a
    ``compute_loss_func``, a subclass overriding ``compute_loss`` -- the model returns none, and
    AutoTASO's range tests would stop at the first step. This wraps the trainer's
    ``compute_loss`` so that every training loss it returns is also passed to
    :meth:`taso.torch.AutoTASO.observe` (several per step under gradient accumulation, averaged;
    evaluation losses, computed without gradients or in eval mode, are not). An observed loss
    replaces the one the model returns, if any. Calling it twice wraps once.

    Example::

        opt = AutoTASO(model, total_steps=1000)
        trainer = Trainer(model=model, args=TrainingArguments(label_smoothing_factor=0.1, ...),
                          train_dataset=ds, optimizers=(opt, opt.scheduler()),
                          callbacks=[AutoTASOCallback()])
        observe_trainer_loss(trainer).train()
    """
    import torch

    original = trainer.compute_loss
    if getattr(original, "_taso_observes", False):
        return trainer
    _auto_taso(trainer.optimizer, "observe_trainer_loss")  # checked now, before any work

    def compute_loss(model: Any, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        out = original(model, inputs, *args, **kwargs)
        if model.training and torch.is_grad_enabled():
            loss = out[0] if isinstance(out, tuple) else out
            # (the mean: under DataParallel the Trainer averages one loss per GPU the same way)
            _auto_taso(trainer.optimizer, "observe_trainer_loss").observe(loss.detach().mean())
        return out

    compute_loss._taso_observes = True  # type: ignore[attr-defined]
    trainer.compute_loss = compute_loss
    return trainer


def _nothing(*args: Any, **kwargs: Any) -> None:
    """Every Trainer event but ``on_train_begin``: AutoTASOCallback does nothing there."""
