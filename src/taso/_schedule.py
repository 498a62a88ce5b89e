"""The TASO learning-rate schedule as a pure, validated, vectorisable function of the step.

No deep-learning framework is imported here: every adapter (PyTorch, optax, ...) evaluates
this one object, so the numbers are identical everywhere.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from taso._validation import check_bool, check_choice, check_int, check_real

__all__ = ["DEFAULT_FINAL_RATIO", "Phase", "TASOSchedule"]

#: LR_F / LR_I in the authors' code (``... + 0.001`` on the multiplier).
DEFAULT_FINAL_RATIO = 1e-3

#: A step is in the ``"transition"`` phase while the sigmoid is between 10% and 90% of its
#: range, i.e. while ``|alpha * (p - beta)| <= ln 9``.
_PHASE_EDGE = math.log(9.0)

Phase = Literal["high", "transition", "low"]
ArrayLike = npt.ArrayLike


def _sigmoid_scalar(z: float) -> float:
    """``1 / (1 + exp(z))`` without overflow for any finite ``z``."""
    if z > 0.0:
        e = math.exp(-z)
        return e / (1.0 + e)
    return 1.0 / (1.0 + math.exp(z))


def _sigmoid_array(z: Any, xp: Any) -> Any:
    """``1 / (1 + exp(z))`` element-wise for an array namespace ``xp`` (numpy, jax.numpy)."""
    e = xp.exp(-xp.abs(z))
    return xp.where(z > 0, e / (1.0 + e), 1.0 / (1.0 + e))


@dataclass(frozen=True, kw_only=True)
class TASOSchedule:
    r"""The TASO learning rate as a closed-form function of training progress.

    .. math::

        \mathrm{lr}(t) = \frac{LR_I}{1 + \exp\big(\alpha\,(p(t) - \beta)\big)} + LR_F,
        \qquad p(t) = \min\Big(\frac{t + o}{T}, 1\Big)

    where

    * :math:`t` is the step (0-based: the number of optimizer steps already taken),
    * :math:`T` is ``total_steps``, the planned length of training,
    * :math:`o` is ``offset``: 0 by default; 1 reproduces the authors' code, whose epoch
      ``e = 0..E-1`` uses progress ``(e + 1) / E``,
    * :math:`LR_I` is ``lr_initial``, the rate of the high phase,
    * :math:`LR_F` is the rate the low phase settles to: ``lr_final`` if given, else
      ``final_ratio * lr_initial`` (``final_ratio`` defaults to ``1e-3`` as in the paper),
    * :math:`\alpha` is ``alpha``, the steepness of the transition (paper: 25),
    * :math:`\beta` is ``beta``, where the transition happens as a fraction of training
      (paper: 0.7); :math:`\mathrm{lr}(\beta T) = LR_I / 2 + LR_F` exactly.

    This plain paper formula starts slightly below :math:`LR_I + LR_F` and does not end exactly
    at :math:`LR_F`. With ``exact_endpoints=True`` the sigmoid is rescaled so that
    :math:`\mathrm{lr}(p{=}0) = LR_I` and :math:`\mathrm{lr}(p{=}1) = LR_F` exactly:

    .. math::

        \mathrm{lr}(t) = LR_F + (LR_I - LR_F)\,\frac{s(p(t)) - s(1)}{s(0) - s(1)},\qquad
        s(p) = \frac{1}{1 + \exp(\alpha (p - \beta))}

    Past ``total_steps`` the rate holds its final value. The curve is the
    hyperbolic-tangent decay (HTD, arXiv 1806.01593) in another parametrisation:
    :math:`\frac{1}{1+e^{x}} = \frac{1}{2}(1 - \tanh\frac{x}{2})`.

    Calling the schedule on an int or float step returns a float; on an array of steps it
    returns a numpy array. :meth:`retarget` changes the planned length mid-run without a jump.

    Reference: Macêdo, Dreyer, Ludermir, Zanchettin, "Training Aware Sigmoidal Optimizer",
    arXiv:2102.08716 (BRACIS 2022).

    Examples:
        >>> sched = TASOSchedule(total_steps=100, lr_initial=0.1)
        >>> round(sched(0), 6), round(sched(70), 6), round(sched(100), 6)
        (0.1001, 0.0501, 0.000155)
        >>> sched.transition_step
        70.0
        >>> sched.phase(10), sched.phase(70), sched.phase(95)
        ('high', 'transition', 'low')
        >>> sched.values(4).round(5).tolist()
        [0.1001, 0.1001, 0.1001, 0.1001]
        >>> longer = sched.retarget(step=50, total_steps=200)   # the run was extended
        >>> abs(longer(50) - sched(50)) < 1e-15
        True
    """

    total_steps: int
    lr_initial: float = 0.1
    lr_final: float | None = None
    final_ratio: float | None = None
    alpha: float = 25.0
    beta: float = 0.7
    offset: int = 0
    exact_endpoints: bool = False
    #: Set by :meth:`retarget`: the step from which this segment of the curve applies.
    anchor_step: int = field(default=0, repr=False)
    #: Set by :meth:`retarget`: the progress ``p`` at ``anchor_step`` (``None``: ``offset/T``).
    anchor_progress: float | None = field(default=None, repr=False)
    #: Set by :meth:`retarget`: the schedule that applies before ``anchor_step``.
    previous: TASOSchedule | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        check_int("total_steps", self.total_steps, low=1)
        lr_i = check_real("lr_initial", self.lr_initial, low=0.0, low_open=True)
        if self.lr_final is not None and self.final_ratio is not None:
            raise ValueError(
                f"give lr_final or final_ratio, not both (got lr_final={self.lr_final!r}, "
                f"final_ratio={self.final_ratio!r})"
            )
        if self.lr_final is not None:
            check_real("lr_final", self.lr_final, low=0.0, high=lr_i)
        if self.final_ratio is not None:
            check_real("final_ratio", self.final_ratio, low=0.0, high=1.0)
        check_real("alpha", self.alpha, low=0.0, low_open=True)
        check_real("beta", self.beta, low=0.0, high=1.0, low_open=True)
        check_choice("offset", self.offset, (0, 1))
        check_bool("exact_endpoints", self.exact_endpoints)
        check_int("anchor_step", self.anchor_step, low=0)
        if self.anchor_progress is not None:
            check_real("anchor_progress", self.anchor_progress, low=0.0, high=1.0)
        if self.previous is not None and not isinstance(self.previous, TASOSchedule):
            raise TypeError(f"previous must be a TASOSchedule or None, got {self.previous!r}")
        if (self.anchor_step > 0) != (self.previous is not None):
            raise ValueError("anchor_step > 0 and previous are set together, by retarget()")
        if self._start_progress < 1.0 and self._end_step <= self.anchor_step:
            raise ValueError(
                f"total_steps must be > {self.anchor_step + self.offset} to continue from step "
                f"{self.anchor_step}, got {self.total_steps}"
            )

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_epochs(cls, *, epochs: int, steps_per_epoch: int, **kwargs: Any) -> TASOSchedule:
        """A per-step schedule over ``epochs * steps_per_epoch`` steps.

        >>> TASOSchedule.from_epochs(epochs=5, steps_per_epoch=20).total_steps
        100
        """
        epochs = check_int("epochs", epochs, low=1)
        steps_per_epoch = check_int("steps_per_epoch", steps_per_epoch, low=1)
        return cls(total_steps=epochs * steps_per_epoch, **kwargs)

    # ------------------------------------------------------------------ resolved values
    @property
    def lr_floor(self) -> float:
        """:math:`LR_F`, resolved from ``lr_final`` or ``final_ratio`` (default ratio 1e-3)."""
        if self.lr_final is not None:
            return float(self.lr_final)
        ratio = DEFAULT_FINAL_RATIO if self.final_ratio is None else self.final_ratio
        return float(ratio) * float(self.lr_initial)

    @property
    def _start_progress(self) -> float:
        if self.anchor_progress is None:
            return min(self.offset / self.total_steps, 1.0)
        return float(self.anchor_progress)

    @property
    def _end_step(self) -> int:
        """The step at which progress reaches 1."""
        return self.total_steps - self.offset

    @property
    def _rate(self) -> float:
        """Progress per step in this segment."""
        remaining = 1.0 - self._start_progress
        if remaining <= 0.0:
            return 0.0
        return remaining / (self._end_step - self.anchor_step)

    # ------------------------------------------------------------------ evaluation
    def progress(self, step: float) -> float:
        """Training progress ``p`` in ``[0, 1]`` at ``step`` (a scalar)."""
        t = self._check_step(step)
        return self._progress_scalar(t)

    def _progress_scalar(self, t: float) -> float:
        if self.previous is not None and t < self.anchor_step:
            return self.previous._progress_scalar(t)
        p = self._start_progress + (t - self.anchor_step) * self._rate
        return min(max(p, 0.0), 1.0)

    def _lr_scalar(self, t: float) -> float:
        if self.previous is not None and t < self.anchor_step:
            return self.previous._lr_scalar(t)
        s = _sigmoid_scalar(self._z_scalar(t))
        lr_i, lr_f = float(self.lr_initial), self.lr_floor
        if self.exact_endpoints:
            s0 = _sigmoid_scalar(-self.alpha * self.beta)
            s1 = _sigmoid_scalar(self.alpha * (1.0 - self.beta))
            return min(max(lr_f + (lr_i - lr_f) * (s - s1) / (s0 - s1), lr_f), lr_i)
        return lr_i * s + lr_f

    def _z_scalar(self, t: float) -> float:
        """``alpha * (p(t) - beta)`` in this segment, computed as in :meth:`evaluate`."""
        if self._rate == 0.0:
            return self.alpha * (self._start_progress - self.beta)
        t_mid = self.anchor_step + (self.beta - self._start_progress) / self._rate
        return (min(max(t, 0.0), float(self._end_step)) - t_mid) * (self.alpha * self._rate)

    def evaluate(self, step: Any, xp: Any = np) -> Any:
        """The rate at ``step`` for any array namespace ``xp`` (numpy, jax.numpy, ...).

        Unlike :meth:`__call__`, the step is not validated, so this works on traced values
        inside ``jax.jit``. Steps must be ``>= 0``. ``xp`` needs ``asarray``, ``clip``, ``exp``,
        ``abs`` and ``where``; numpy computes in float64, other namespaces in their default
        floating type (float32 for jax and keras).

        >>> TASOSchedule(total_steps=10).evaluate(np.arange(3.0)).shape
        (3,)
        """
        t = xp.asarray(step, dtype=np.float64) if xp is np else xp.asarray(step) * 1.0
        # z = alpha * (p(t) - beta), written as a shift and scale of t so that float32 loses
        # no precision in the steep part of the curve.
        if self._rate == 0.0:
            z = t * 0.0 + self.alpha * (self._start_progress - self.beta)
        else:
            t_mid = self.anchor_step + (self.beta - self._start_progress) / self._rate
            whole = math.floor(t_mid)  # t - whole is exact in float32 for t < 2**24
            z = ((xp.clip(t, 0.0, float(self._end_step)) - whole) - (t_mid - whole)) * (
                self.alpha * self._rate
            )
        s = _sigmoid_array(z, xp)
        lr_i, lr_f = float(self.lr_initial), self.lr_floor
        if self.exact_endpoints:
            s0 = _sigmoid_scalar(-self.alpha * self.beta)
            s1 = _sigmoid_scalar(self.alpha * (1.0 - self.beta))
            own = xp.clip(lr_f + (lr_i - lr_f) * (s - s1) / (s0 - s1), lr_f, lr_i)
        else:
            own = lr_i * s + lr_f
        if self.previous is None:
            return own
        return xp.where(t < self.anchor_step, self.previous.evaluate(t, xp), own)

    @overload
    def __call__(self, step: float) -> float: ...
    @overload
    def __call__(self, step: np.ndarray) -> np.ndarray: ...

    def __call__(self, step: float | ArrayLike) -> float | np.ndarray:
        """The learning rate at ``step`` (int/float -> float, array -> array)."""
        if np.ndim(step) == 0 and not isinstance(step, np.ndarray):
            return self._lr_scalar(self._check_step(step))
        return self.evaluate(self._check_steps(step))

    def values(self, n: int | None = None) -> np.ndarray:
        """The rates at steps ``0, 1, ..., n-1`` (default ``n = total_steps``).

        >>> TASOSchedule(total_steps=3).values().shape
        (3,)
        """
        n = self.total_steps if n is None else check_int("n", n, low=0)
        return self.evaluate(np.arange(n, dtype=np.float64))

    # ------------------------------------------------------------------ phases
    def _step_at_progress(self, p: float) -> float:
        """The (fractional) step at which progress reaches ``p`` (clipped to the curve)."""
        if self.previous is not None and p < self._start_progress:
            return self.previous._step_at_progress(p)
        if self._rate == 0.0:
            return float(self.anchor_step)
        return self.anchor_step + (p - self._start_progress) / self._rate

    @property
    def transition_step(self) -> float:
        r"""The step where :math:`p = \beta` (the middle of the transition)."""
        return self._step_at_progress(self.beta)

    @property
    def transition_window(self) -> tuple[float, float]:
        r"""Steps where the transition phase starts and ends (sigmoid at 90% and 10%).

        >>> tuple(round(x, 2) for x in TASOSchedule(total_steps=1000).transition_window)
        (612.11, 787.89)
        """
        half = _PHASE_EDGE / self.alpha
        start = self._step_at_progress(max(self.beta - half, 0.0))
        end = self._step_at_progress(min(self.beta + half, 1.0))
        return max(start, 0.0), end

    def phase(self, step: float | ArrayLike) -> Phase | np.ndarray:
        """``"high"``, ``"transition"`` or ``"low"`` for a step (or an array of them)."""
        if np.ndim(step) == 0 and not isinstance(step, np.ndarray):
            p = self._progress_scalar(self._check_step(step))
            z = self.alpha * (p - self.beta)
            if z < -_PHASE_EDGE:
                return "high"
            return "low" if z > _PHASE_EDGE else "transition"
        steps = self._check_steps(step)
        progress = np.array([self._progress_scalar(float(t)) for t in steps.ravel()])
        zs = self.alpha * (progress - self.beta)
        out = np.where(zs < -_PHASE_EDGE, "high", np.where(zs > _PHASE_EDGE, "low", "transition"))
        return out.reshape(steps.shape)

    # ------------------------------------------------------------------ retarget
    def retarget(self, *, step: int, total_steps: int) -> TASOSchedule:
        """The same curve with a new planned length, continuous at ``step``.

        The remaining progress ``p(step) .. 1`` is stretched (or compressed) linearly over the
        steps ``step .. total_steps - offset``, so the new curve passes through the current
        rate, keeps alpha, beta and both rates, and ends where a fresh schedule of the new
        length ends. Steps before ``step`` keep their old values.

        >>> s = TASOSchedule(total_steps=1000)
        >>> cut = s.retarget(step=300, total_steps=600)
        >>> cut(300) == s(300), round(cut.transition_step, 1)
        (True, 471.4)
        """
        step = check_int("step", step, low=self.anchor_step)
        total_steps = check_int("total_steps", total_steps, low=1)
        p0 = self._progress_scalar(float(step))
        if p0 < 1.0 and total_steps - self.offset <= step:
            raise ValueError(
                f"total_steps must be > step + offset = {step + self.offset} to retarget at "
                f"step {step}, got {total_steps}"
            )
        if step == 0 and self.previous is None:
            anchor = None if self.offset == 0 else p0
            return dataclasses.replace(self, total_steps=total_steps, anchor_progress=anchor)
        return dataclasses.replace(
            self, total_steps=total_steps, anchor_step=step, anchor_progress=p0, previous=self
        )

    # ------------------------------------------------------------------ state
    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict; :meth:`from_dict` rebuilds the same schedule.

        >>> s = TASOSchedule(total_steps=10).retarget(step=4, total_steps=20)
        >>> TASOSchedule.from_dict(s.to_dict()) == s
        True
        """
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["previous"] = None if self.previous is None else self.previous.to_dict()
        return out

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TASOSchedule:
        """Rebuild a schedule from :meth:`to_dict` output."""
        state = dict(state)
        prev = state.get("previous")
        state["previous"] = None if prev is None else cls.from_dict(prev)
        return cls(**state)

    # ------------------------------------------------------------------ checks
    @staticmethod
    def _check_step(step: object) -> float:
        return check_real("step", step, low=0.0)

    @staticmethod
    def _check_steps(steps: ArrayLike) -> np.ndarray:
        arr = np.asarray(steps)
        if arr.dtype == bool or not (
            np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
        ):
            raise TypeError(f"step must be an array of real numbers, got dtype {arr.dtype}")
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise ValueError("step must contain finite numbers in [0.0, inf)")
        return arr
