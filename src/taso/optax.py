"""optax adapter: the TASO schedule as an ``optax.Schedule`` and SGD + TASO as a transformation.

Name clash: in optax's ``cosine_decay_schedule``, ``alpha`` is the *minimum multiplier*. To keep
that meaning intact here, TASO's steepness :math:`\\alpha` is called ``steepness`` and its
transition point :math:`\\beta` is called ``midpoint`` in this module; ``floor_value`` is
:math:`LR_F`. The math is :class:`taso.TASOSchedule`'s:

.. math:: \\mathrm{lr}(t) = \\frac{\\mathrm{init\\_value}}{1 + \\exp(\\mathrm{steepness}
          \\,(t/T - \\mathrm{midpoint}))} + \\mathrm{floor\\_value}

Example:
    >>> import jax.numpy as jnp
    >>> sched = taso_schedule(0.1, total_steps=100)
    >>> round(float(sched(jnp.asarray(70))), 6)
    0.0501
    >>> tx = taso(0.1, total_steps=100)              # SGD + Nesterov momentum + TASO
    >>> state = tx.init({"w": jnp.zeros(3)})
    >>> updates, state = tx.update({"w": jnp.ones(3)}, state, {"w": jnp.zeros(3)})
    >>> [round(float(u), 4) for u in updates["w"]]    # -(lr(0)) * (g + 0.9 * g)
    [-0.1902, -0.1902, -0.1902]
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

from taso._schedule import DEFAULT_FINAL_RATIO, TASOSchedule
from taso._validation import check_bool, check_real

__all__ = ["from_schedule", "retarget", "taso", "taso_schedule"]


def from_schedule(schedule: TASOSchedule) -> optax.Schedule:
    """Wrap a core :class:`taso.TASOSchedule` as an ``optax.Schedule`` (jit-compatible).

    The returned function carries the core object as ``.taso`` (save ``.taso.to_dict()`` with a
    checkpoint to rebuild the exact schedule, retargets included).
    """
    if not isinstance(schedule, TASOSchedule):
        raise TypeError(f"schedule must be a taso.TASOSchedule, got {schedule!r}")

    def fn(count: Any) -> Any:
        return schedule.evaluate(count, xp=jnp)

    fn.taso = schedule  # type: ignore[attr-defined]
    return fn


def taso_schedule(
    init_value: float,
    total_steps: int,
    *,
    floor_value: float | None = None,
    final_ratio: float | None = None,
    steepness: float = 25.0,
    midpoint: float = 0.7,
    offset: int = 0,
    exact_endpoints: bool = False,
    warmup_steps: int = 0,
    warmup_start: float = 0.0,
) -> optax.Schedule:
    """The TASO schedule, validated when built. ``floor_value`` (LR_F) defaults to
    ``final_ratio * init_value`` with ``final_ratio = 1e-3``; ``warmup_steps`` of linear warm-up
    (from ``warmup_start * init_value``) come first, as in every other adapter.

    >>> taso_schedule(0.1, 100, steepness=-1.0)
    Traceback (most recent call last):
    ...
    ValueError: steepness must be a finite number in (0.0, inf), got -1.0
    """
    # validate under this module's names before the core (which says alpha / beta / lr_final)
    check_real("init_value", init_value, low=0.0, low_open=True)
    check_real("steepness", steepness, low=0.0, low_open=True)
    check_real("midpoint", midpoint, low=0.0, high=1.0, low_open=True)
    if floor_value is not None:
        check_real("floor_value", floor_value, low=0.0, high=float(init_value))
    return from_schedule(
        TASOSchedule(
            total_steps=total_steps,
            lr_initial=init_value,
            lr_final=floor_value,
            final_ratio=final_ratio,
            alpha=steepness,
            beta=midpoint,
            offset=offset,
            exact_endpoints=exact_endpoints,
            warmup_steps=warmup_steps,
            warmup_start=warmup_start,
        )
    )


def retarget(schedule: optax.Schedule, step: int, total_steps: int) -> optax.Schedule:
    """A schedule with a new planned length, continuous at ``step`` (see ``TASOSchedule.retarget``).

    Optimizer states stay valid: only the schedule function changes, so rebuild the transformation
    with the result and keep using the old state.
    """
    core = getattr(schedule, "taso", None)
    if core is None:
        raise TypeError("schedule must come from taso_schedule() or from_schedule()")
    return from_schedule(core.retarget(step=step, total_steps=total_steps))


def _is_array(value: Any) -> bool:
    return isinstance(value, (jax.Array, np.ndarray))


def _injected_schedule(
    lr_initial: Any, total_steps: Any, final_ratio: Any, steepness: Any, midpoint: Any, offset: Any,
    warmup_steps: Any, warmup_start: Any,
) -> optax.Schedule:  # fmt: skip
    """The TASO curve with hyperparameters that may be traced (``optax.inject_hyperparams`` passes
    every numeric argument as an array, traced under ``jit``). Same formula as the core (one
    segment, no retargets), computed in jax's float type: a shift and scale of the step."""

    def fn(count: Any) -> Any:
        t = jnp.asarray(count) * 1.0
        total = jnp.asarray(total_steps) * 1.0
        warm = jnp.asarray(warmup_steps) * 1.0
        o = jnp.asarray(offset) * 1.0
        span = total - warm
        t_mid = warm - o + midpoint * span
        z = (jnp.clip(t, warm, total - o) - t_mid) * (steepness / span)
        s = jnp.where(
            z > 0, jnp.exp(-jnp.abs(z)) / (1.0 + jnp.exp(-jnp.abs(z))), 1.0 / (1.0 + jnp.exp(-jnp.abs(z)))
        )
        rate = lr_initial * (s + final_ratio)
        ramp = lr_initial * (warmup_start + (1.0 - warmup_start) * t / jnp.maximum(warm, 1.0))
        return jnp.where(t < warm, ramp, rate)

    return fn


def taso(
    learning_rate: float | optax.Schedule = 0.1,
    total_steps: int | None = None,
    *,
    momentum: float = 0.9,
    nesterov: bool = True,
    weight_decay: float = 1e-4,
    final_ratio: float = DEFAULT_FINAL_RATIO,
    steepness: float = 25.0,
    midpoint: float = 0.7,
    offset: int = 0,
    warmup_steps: int = 0,
    warmup_start: float = 0.0,
) -> optax.GradientTransformation:
    """SGD with (Nesterov) momentum and coupled weight decay on the TASO schedule.

    The same update as ``taso.torch.TASO``: ``g <- g + weight_decay * w``, momentum
    ``m <- momentum * m + g``, step ``-lr(t) * (g + momentum * m)`` (Nesterov) or ``-lr(t) * m``.
    ``learning_rate`` is LR_I (then ``total_steps`` is required) or a schedule from this module.

    Works under ``optax.inject_hyperparams`` as ``optax.sgd`` does:
    ``inject_hyperparams(taso)(learning_rate=0.1, total_steps=1000)`` makes LR_I (and the other
    numbers) injectable state; ``inject_hyperparams(taso)(learning_rate=taso_schedule(0.1, 1000))``
    evaluates the schedule outside and records the current rate in ``state.hyperparams``.

    >>> import optax
    >>> tx = optax.inject_hyperparams(taso)(learning_rate=0.1, total_steps=100)
    >>> state = tx.init({"w": jnp.zeros(2)})
    >>> round(float(state.hyperparams["learning_rate"]), 6)   # LR_I, injectable
    0.1
    """
    if callable(learning_rate):
        if total_steps is not None:
            raise ValueError("give total_steps only with a float learning_rate")
        schedule = learning_rate
    elif _is_array(learning_rate):  # optax.inject_hyperparams: hyperparameters arrive as arrays
        if total_steps is None:  # a schedule was injected: this is the current rate
            schedule = learning_rate
        else:
            schedule = _injected_schedule(
                learning_rate,
                total_steps,
                final_ratio,
                steepness,
                midpoint,
                offset,
                warmup_steps,
                warmup_start,
            )
    else:
        if total_steps is None:
            raise ValueError("total_steps is required (an integer >= 1) with a float learning_rate")
        schedule = taso_schedule(
            learning_rate,  # type: ignore[arg-type]
            total_steps,
            final_ratio=final_ratio,
            steepness=steepness,
            midpoint=midpoint,
            offset=offset,
            warmup_steps=warmup_steps,
            warmup_start=warmup_start,
        )
    check_bool("nesterov", nesterov)
    parts = []
    if _is_array(weight_decay) or check_real("weight_decay", weight_decay, low=0.0) > 0:
        parts.append(optax.add_decayed_weights(weight_decay))
    if _is_array(momentum):
        parts.append(optax.sgd(schedule, momentum=momentum, nesterov=nesterov))
    else:
        momentum = check_real("momentum", momentum, low=0.0, high=1.0, high_open=True)
        parts.append(optax.sgd(schedule, momentum=momentum or None, nesterov=nesterov))
    return optax.chain(*parts)
