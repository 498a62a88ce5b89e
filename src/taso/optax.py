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

import jax.numpy as jnp
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
) -> optax.Schedule:
    """The TASO schedule, validated when built. ``floor_value`` (LR_F) defaults to
    ``final_ratio * init_value`` with ``final_ratio = 1e-3``.

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
) -> optax.GradientTransformation:
    """SGD with (Nesterov) momentum and coupled weight decay on the TASO schedule.

    The same update as ``taso.torch.TASO``: ``g <- g + weight_decay * w``, momentum
    ``m <- momentum * m + g``, step ``-lr(t) * (g + momentum * m)`` (Nesterov) or ``-lr(t) * m``.
    ``learning_rate`` is LR_I (then ``total_steps`` is required) or a schedule from this module.
    """
    if callable(learning_rate):
        if total_steps is not None:
            raise ValueError("give total_steps only with a float learning_rate")
        schedule = learning_rate
    else:
        if total_steps is None:
            raise ValueError("total_steps is required (an integer >= 1) with a float learning_rate")
        schedule = taso_schedule(
            learning_rate,
            total_steps,
            final_ratio=final_ratio,
            steepness=steepness,
            midpoint=midpoint,
            offset=offset,
        )
    momentum = check_real("momentum", momentum, low=0.0, high=1.0, high_open=True)
    weight_decay = check_real("weight_decay", weight_decay, low=0.0)
    check_bool("nesterov", nesterov)
    parts = []
    if weight_decay > 0:
        parts.append(optax.add_decayed_weights(weight_decay))
    parts.append(optax.sgd(schedule, momentum=momentum or None, nesterov=nesterov))
    return optax.chain(*parts)
