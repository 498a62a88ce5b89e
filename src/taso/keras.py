"""Keras 3 adapter: the TASO schedule as a serializable ``LearningRateSchedule``.

Works on every Keras 3 backend (tested inside ``fit`` with torch and jax). A model compiled with
an optimizer that uses it saves and reloads with ``keras.saving``: the class is registered as
``"taso>TASOLearningRateSchedule"`` when this module is imported, so ``import taso.keras`` before
``keras.saving.load_model(...)``.

To change the planned length mid-run, call :func:`retarget` (for example from a callback): it
takes effect at the next step of a running ``fit`` on every backend, including a jit-compiled JAX
train function (assigning a new schedule to ``optimizer.learning_rate`` alone would not reach
an already compiled function).

Example:
    >>> import keras
    >>> sched = TASOLearningRateSchedule(total_steps=1000, lr_initial=0.1)
    >>> round(float(sched(700)), 6)
    0.0501
    >>> opt = keras.optimizers.SGD(learning_rate=sched, momentum=0.9, nesterov=True)
"""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from taso._schedule import TASOSchedule

__all__ = ["TASOLearningRateSchedule", "retarget"]


class _KerasOps:
    """The array namespace ``TASOSchedule.evaluate`` needs, on ``keras.ops`` (float32)."""

    @staticmethod
    def asarray(x: Any) -> Any:
        return ops.cast(x, "float32")

    clip = staticmethod(ops.clip)
    exp = staticmethod(ops.exp)
    abs = staticmethod(ops.abs)
    where = staticmethod(ops.where)


@keras.saving.register_keras_serializable(package="taso")
class TASOLearningRateSchedule(keras.optimizers.schedules.LearningRateSchedule):
    r"""TASO: :math:`\mathrm{lr}(t) = LR_I / (1 + \exp(\alpha (t/T - \beta))) + LR_F`.

    ``t`` is the optimizer's ``iterations`` (the number of updates applied so far). Arguments are
    those of :class:`taso.TASOSchedule` (``total_steps``, ``lr_initial``, ``lr_final`` or
    ``final_ratio``, ``alpha``, ``beta``, ``offset``, ``exact_endpoints``), validated here.
    """

    def __init__(
        self, total_steps: int | None = None, *, schedule: TASOSchedule | None = None, **kwargs: Any
    ) -> None:
        super().__init__()
        if schedule is None:
            schedule = TASOSchedule(total_steps=total_steps, **kwargs)  # type: ignore[arg-type]  # validated
        elif total_steps is not None or kwargs:
            raise ValueError("give a schedule or its arguments, not both")
        if not isinstance(schedule, TASOSchedule):
            raise TypeError(f"schedule must be a taso.TASOSchedule, got {schedule!r}")
        self.schedule = schedule

    def __call__(self, step: Any) -> Any:
        """The rate at ``step`` (the optimizer's ``iterations``), in Keras' float32."""
        return self.schedule.evaluate(step, xp=_KerasOps)

    def retarget(self, step: int, total_steps: int) -> TASOLearningRateSchedule:
        """A schedule with a new planned length, continuous at ``step``. To apply it to a model,
        use :func:`taso.keras.retarget`, which also rebuilds a compiled train function."""
        return TASOLearningRateSchedule(schedule=self.schedule.retarget(step=step, total_steps=total_steps))

    def get_config(self) -> dict[str, Any]:
        return {"schedule": self.schedule.to_dict()}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> TASOLearningRateSchedule:
        return cls(schedule=TASOSchedule.from_dict(config["schedule"]))


def retarget(model: keras.Model, total_steps: int) -> TASOLearningRateSchedule:
    """Give ``model``'s TASO schedule a new planned length from the current step on, without a
    jump in the rate, effective at the next training step (also inside a running ``fit``).

    Works on every backend: on JAX the current optimizer state is synced back first and the
    compiled train function is rebuilt (one retrace), because a jit-compiled function captured the
    old schedule. Call it from a callback, e.g.::

        class Extend(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                if epoch == 9:
                    taso.keras.retarget(self.model, total_steps=30 * steps_per_epoch)

    Returns the new schedule.
    """
    optimizer: Any = getattr(model, "optimizer", None)
    schedule = getattr(optimizer, "_learning_rate", None)
    if optimizer is None or not isinstance(schedule, TASOLearningRateSchedule):
        raise TypeError(
            "model must be compiled with an optimizer whose learning_rate is a TASOLearningRateSchedule, "
            f"got {type(schedule).__name__}"
        )
    sync = getattr(model, "jax_state_sync", None)
    if callable(sync):
        sync()  # JAX keeps the live state outside the variables during fit
    new = schedule.retarget(step=int(optimizer.iterations), total_steps=total_steps)
    optimizer.learning_rate = new
    if getattr(model, "train_function", None) is not None:
        model.make_train_function(force=True)
    return new
