"""The TASO learning-rate schedule as a pure, validated, vectorisable function of the step.

No deep-learning framework is imported here: every adapter (PyTorch, optax, ...) evaluates
this one object, so the numbers are identical everywhere.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple, overload

import numpy as np
import numpy.typing as npt

from taso._validation import check_bool, check_choice, check_int, check_real

__all__ = ["DEFAULT_FINAL_RATIO", "Phase", "TASOSchedule"]

#: LR_F / LR_I in the authors' code (``... + 0.001`` on the multiplier).
DEFAULT_FINAL_RATIO = 1e-3

#: A step is in the ``"transition"`` phase while the sigmoid is between 10% and 90% of its
#: range, i.e. while ``|alpha * (p - beta)| <= ln 9``.
_PHASE_EDGE = math.log(9.0)

#: Below this steepness, ``exact_endpoints`` uses the cancellation-free form (see ``_Curve``).
_FLAT_ALPHA = 1.0

Phase = Literal["warmup", "high", "transition", "low"]
ArrayLike = npt.ArrayLike
#: One segment of the progress curve: ``(anchor_step, anchor_progress, total_steps)``.
SegmentSpec = tuple[int, float | None, int]


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


class _Segment(NamedTuple):
    """Precomputed constants of one segment of the progress curve (no per-step work)."""

    start: float  #: first step of the segment
    end: float  #: step where progress reaches 1
    start_progress: float  #: p at ``start``
    rate: float  #: progress per step (0 once progress is 1)
    t_mid: float  #: step where p = beta (if rate > 0)
    scale: float  #: alpha * rate: dz/dt
    z_const: float  #: z when rate == 0


class _Curve(NamedTuple):
    """Constants shared by every step: the two rates and the exact-endpoint rescaling."""

    lr_i: float
    lr_f: float
    exact: bool
    flat: bool  #: exact and alpha < _FLAT_ALPHA: use the expm1 form
    s0: float
    s1: float
    z1: float  #: alpha * (1 - beta)
    denom: float  #: flat form: (1 - s(z0)) * expm1(alpha)


@dataclass(frozen=True, kw_only=True)
class TASOSchedule:
    r"""The TASO learning rate as a closed-form function of training progress.

    .. math::

        \mathrm{lr}(t) = \frac{LR_I}{1 + \exp\big(\alpha\,(p(t) - \beta)\big)} + LR_F,
        \qquad p(t) = \min\Big(\frac{t - W + o}{T - W}, 1\Big)

    where

    * :math:`t` is the step (0-based: the number of optimizer steps already taken),
    * :math:`T` is ``total_steps``, the planned length of training,
    * :math:`W` is ``warmup_steps`` (default 0): for :math:`t < W` the rate rises linearly,
      :math:`\mathrm{lr}(t) = LR_I\,(w_0 + (1 - w_0)\,t / W)` with :math:`w_0` = ``warmup_start``
      (default 0), and the sigmoid then runs over the remaining :math:`T - W` steps,
    * :math:`o` is ``offset``: 0 by default; 1 reproduces the authors' code, whose epoch
      ``e = 0..E-1`` uses progress ``(e + 1) / E``,
    * :math:`LR_I` is ``lr_initial``, the rate of the high phase,
    * :math:`LR_F` is the rate the low phase settles to: ``lr_final`` if given, else
      ``final_ratio * lr_initial`` (``final_ratio`` defaults to ``1e-3`` as in the paper),
    * :math:`\alpha` is ``alpha``, the steepness of the transition (paper: 25),
    * :math:`\beta` is ``beta``, where the transition happens as a fraction of training
      (paper: 0.7); :math:`\mathrm{lr}(t) = LR_I / 2 + LR_F` exactly where :math:`p(t) = \beta`.

    This plain paper formula starts slightly below :math:`LR_I + LR_F` and does not end exactly
    at :math:`LR_F`. With ``exact_endpoints=True`` the sigmoid is rescaled so that
    :math:`\mathrm{lr}(p{=}0) = LR_I` and :math:`\mathrm{lr}(p{=}1) = LR_F` exactly:

    .. math::

        \mathrm{lr}(t) = LR_F + (LR_I - LR_F)\,\frac{s(p(t)) - s(1)}{s(0) - s(1)},\qquad
        s(p) = \frac{1}{1 + \exp(\alpha (p - \beta))}

    (evaluated without cancellation for any :math:`\alpha > 0`). Past ``total_steps`` the rate
    holds its final value. Before :math:`T`, the curve is the hyperbolic-tangent decay (HTD,
    arXiv 1806.01593) in another parametrisation: :math:`\frac{1}{1+e^{x}} = \frac{1}{2}(1 -
    \tanh\frac{x}{2})` (timm's ``TanhLRScheduler`` then drops to its ``lr_min`` at :math:`T`; TASO
    holds :math:`\mathrm{lr}(T)`).

    :meth:`retarget` changes the planned length mid-run without a jump: the progress curve
    becomes piecewise linear, stored as a flat list of segments (``history`` holds the earlier
    ones as ``(anchor_step, anchor_progress, total_steps)``), so a schedule retargeted any number
    of times evaluates in :math:`O(\log R)` and serialises in :math:`O(R)`.

    Calling the schedule on an int or float step returns a float; on an array of steps it
    returns a numpy array.

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
        >>> warm = TASOSchedule(total_steps=110, warmup_steps=10)   # 10 warm-up steps, then 100
        >>> round(warm(5), 6), round(warm(80), 6)
        (0.05, 0.0501)
    """

    total_steps: int
    lr_initial: float = 0.1
    lr_final: float | None = None
    final_ratio: float | None = None
    alpha: float = 25.0
    beta: float = 0.7
    offset: int = 0
    exact_endpoints: bool = False
    warmup_steps: int = 0
    warmup_start: float = 0.0
    #: Set by :meth:`retarget`: the step from which the current segment of the curve applies.
    anchor_step: int = dataclasses.field(default=0, repr=False)
    #: Set by :meth:`retarget`: the progress ``p`` at ``anchor_step`` (``None``: a fresh start).
    anchor_progress: float | None = dataclasses.field(default=None, repr=False)
    #: Set by :meth:`retarget`: the earlier segments, oldest first, as
    #: ``(anchor_step, anchor_progress, total_steps)``.
    history: tuple[SegmentSpec, ...] = dataclasses.field(default=(), repr=False)

    def __post_init__(self) -> None:
        self._check_shape()
        history = self.history
        if not isinstance(history, tuple):
            raise TypeError(f"history must be a tuple of (step, progress, total_steps), got {history!r}")
        previous: SegmentSpec | None = None
        for i, spec in enumerate((*history, self._spec)):
            if not (isinstance(spec, tuple) and len(spec) == 3):
                raise TypeError(f"history[{i}] must be a (step, progress, total_steps) tuple, got {spec!r}")
            self._check_segment(spec, previous, f"history[{i}]" if i < len(history) else "anchor")
            previous = spec

    def _check_shape(self) -> None:
        """Everything but the segments (O(1))."""
        total = check_int("total_steps", self.total_steps, low=1)
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
        if not isinstance(self.offset, int):
            raise TypeError(f"offset must be the integer 0 or 1, got {self.offset!r}")
        check_bool("exact_endpoints", self.exact_endpoints)
        warmup = check_int("warmup_steps", self.warmup_steps, low=0)
        if warmup >= total:
            raise ValueError(
                f"warmup_steps must be an integer in [0, total_steps - 1 = {total - 1}], got {warmup}"
            )
        check_real("warmup_start", self.warmup_start, low=0.0, high=1.0)

    def _check_segment(self, spec: SegmentSpec, previous: SegmentSpec | None, where: str) -> None:
        """One segment against the one before it (O(1))."""
        step, progress, total = spec
        check_int(f"{where} step", step, low=0)
        check_int(f"{where} total_steps", total, low=self.warmup_steps + 1)
        if progress is not None:
            check_real(f"{where} progress", progress, low=0.0, high=1.0)
        if previous is None:
            if step != 0:
                raise ValueError(f"the first segment starts at step 0, got {where} step {step}")
        else:
            if progress is None:
                raise ValueError(f"{where} progress is required after a retarget")
            if step <= max(previous[0], self.warmup_steps):
                raise ValueError(
                    f"{where} step must be > {max(previous[0], self.warmup_steps)} (segments are ordered), "
                    f"got {step}"
                )
        seg = self._segment(spec)
        if seg.start_progress < 1.0 and seg.end <= seg.start:
            raise ValueError(
                f"total_steps must be > {int(seg.start) + self.offset} to continue from step "
                f"{int(seg.start)}, got {total}"
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
        return self._curve.lr_f

    @property
    def _spec(self) -> SegmentSpec:
        return (self.anchor_step, self.anchor_progress, self.total_steps)

    def _segment(self, spec: SegmentSpec) -> _Segment:
        step, progress, total = spec
        start = max(step, self.warmup_steps)
        if progress is None:
            progress = min(self.offset / (total - self.warmup_steps), 1.0)
        end = total - self.offset
        remaining = 1.0 - progress
        rate = remaining / (end - start) if remaining > 0.0 else 0.0
        t_mid = start + (self.beta - progress) / rate if rate > 0.0 else 0.0
        return _Segment(
            float(start), float(end), float(progress), rate, t_mid, self.alpha * rate,
            self.alpha * (progress - self.beta),
        )  # fmt: skip

    @functools.cached_property
    def _segments(self) -> list[_Segment]:
        return [self._segment(spec) for spec in (*self.history, self._spec)]

    @functools.cached_property
    def _starts(self) -> list[float]:
        return [seg.start for seg in self._segments]

    @functools.cached_property
    def _curve(self) -> _Curve:
        lr_i = float(self.lr_initial)
        if self.lr_final is not None:
            lr_f = float(self.lr_final)
        else:
            ratio = DEFAULT_FINAL_RATIO if self.final_ratio is None else self.final_ratio
            lr_f = float(ratio) * lr_i
        a, b = float(self.alpha), float(self.beta)
        flat = self.exact_endpoints and a < _FLAT_ALPHA
        s0 = _sigmoid_scalar(-a * b)
        # flat form: (s(z) - s(z1)) / (s(z0) - s(z1)) = (1-s(z)) expm1(z1-z) / ((1-s(z0)) expm1(alpha))
        denom = (1.0 - s0) * math.expm1(a) if flat else 0.0
        return _Curve(
            lr_i, lr_f, self.exact_endpoints, flat, s0, _sigmoid_scalar(a * (1.0 - b)), a * (1.0 - b), denom
        )

    def _segment_at(self, t: float) -> _Segment:
        segments = self._segments
        if len(segments) == 1:
            return segments[0]
        return segments[max(bisect.bisect_right(self._starts, t) - 1, 0)]

    # ------------------------------------------------------------------ evaluation
    def progress(self, step: float) -> float:
        """Training progress ``p`` in ``[0, 1]`` at ``step`` (a scalar; ``p`` stays at its start
        value during warm-up)."""
        return self._progress_scalar(self._check_step(step))

    def _progress_scalar(self, t: float) -> float:
        seg = self._segment_at(t)
        p = seg.start_progress + (max(t, seg.start) - seg.start) * seg.rate
        return min(max(p, 0.0), 1.0)

    def _lr_scalar(self, t: float) -> float:
        """The rate at step ``t >= 0`` (no validation; the adapters' hot path)."""
        if t < self.warmup_steps:
            w0 = float(self.warmup_start)
            return float(self.lr_initial) * (w0 + (1.0 - w0) * t / self.warmup_steps)
        seg = self._segment_at(t)
        z = seg.z_const if seg.rate == 0.0 else (min(t, seg.end) - seg.t_mid) * seg.scale
        c = self._curve
        s = _sigmoid_scalar(z)
        if not c.exact:
            return c.lr_i * s + c.lr_f
        frac = (1.0 - s) * math.expm1(c.z1 - z) / c.denom if c.flat else (s - c.s1) / (c.s0 - c.s1)
        return min(max(c.lr_f + (c.lr_i - c.lr_f) * frac, c.lr_f), c.lr_i)

    def evaluate(self, step: Any, xp: Any = np) -> Any:
        """The rate at ``step`` for any array namespace ``xp`` (numpy, jax.numpy, ...).

        Unlike :meth:`__call__`, the step is not validated, so this works on traced values
        inside ``jax.jit``. Steps must be ``>= 0``. ``xp`` needs ``asarray``, ``clip``, ``exp``,
        ``abs`` and ``where`` (and ``expm1`` for ``exact_endpoints`` with ``alpha < 1``); numpy
        computes in float64, other namespaces in their default floating type (float32 for jax and
        keras). With numpy the segment of each step is found by binary search; other namespaces
        (traced code) select it with one ``where`` per retarget.

        >>> TASOSchedule(total_steps=10).evaluate(np.arange(3.0)).shape
        (3,)
        """
        t = xp.asarray(step, dtype=np.float64) if xp is np else xp.asarray(step) * 1.0
        segments = self._segments
        if len(segments) == 1:
            z = self._segment_z(segments[0], t, xp)
        elif xp is np:
            z = self._z_numpy(t)
        else:
            z = self._segment_z(segments[0], t, xp)
            for seg in segments[1:]:
                z = xp.where(t >= seg.start, self._segment_z(seg, t, xp), z)
        s = _sigmoid_array(z, xp)
        c = self._curve
        if not c.exact:
            out = c.lr_i * s + c.lr_f
        else:
            frac = (1.0 - s) * xp.expm1(c.z1 - z) / c.denom if c.flat else (s - c.s1) / (c.s0 - c.s1)
            out = xp.clip(c.lr_f + (c.lr_i - c.lr_f) * frac, c.lr_f, c.lr_i)
        w = self.warmup_steps
        if w:
            w0 = float(self.warmup_start)
            out = xp.where(t < w, c.lr_i * (w0 + (1.0 - w0) * (t / float(w))), out)
        return out

    def _z_numpy(self, t: np.ndarray) -> np.ndarray:
        """``z`` over several segments: binary search for the segments the steps touch, then one
        gather per constant (O(n + log R), whatever the number of retargets R)."""
        starts = self._starts
        lo = max(bisect.bisect_right(starts, float(np.min(t))) - 1, 0)
        hi = max(bisect.bisect_right(starts, float(np.max(t))) - 1, 0)
        if lo == hi:
            return self._segment_z(self._segments[lo], t, np)
        sub = np.array(self._segments[lo : hi + 1], dtype=np.float64)  # columns: _Segment fields
        k = np.clip(np.searchsorted(sub[:, 0], t, side="right") - 1, 0, None)
        start, end, _, rate, t_mid, scale, z_const = (sub[k, j] for j in range(7))
        whole = np.floor(t_mid)
        moving = ((np.clip(t, start, end) - whole) - (t_mid - whole)) * scale
        return np.where(rate == 0.0, z_const, moving)

    @staticmethod
    def _segment_z(seg: _Segment, t: Any, xp: Any) -> Any:
        """``alpha * (p(t) - beta)`` for the steps ``t`` of one segment, written as a shift and
        scale of t so that float32 loses no precision in the steep part of the curve."""
        if seg.rate == 0.0:
            return t * 0.0 + seg.z_const
        whole = math.floor(seg.t_mid)  # t - whole is exact in float32 for t < 2**24
        return ((xp.clip(t, seg.start, seg.end) - whole) - (seg.t_mid - whole)) * seg.scale

    @overload
    def __call__(self, step: float) -> float: ...
    @overload
    def __call__(self, step: np.ndarray) -> np.ndarray: ...

    def __call__(self, step: float | ArrayLike) -> float | np.ndarray:
        """The learning rate at ``step`` (int/float -> float, array -> array)."""
        if np.ndim(step) == 0 and not isinstance(step, np.ndarray):
            return self._lr_scalar(self._check_step(step))
        return self.evaluate(self._check_steps(step))

    def values(self, n: int | None = None, start: int = 0) -> np.ndarray:
        """The rates at steps ``start, start + 1, ..., start + n - 1`` (default: the whole run,
        ``n = total_steps`` from step 0).

        >>> TASOSchedule(total_steps=3).values().shape
        (3,)
        """
        n = self.total_steps if n is None else check_int("n", n, low=0)
        start = check_int("start", start, low=0)
        return self.evaluate(np.arange(start, start + n, dtype=np.float64))

    # ------------------------------------------------------------------ phases
    def _step_at_progress(self, p: float) -> float:
        """The (fractional) step at which progress reaches ``p`` (clipped to the curve)."""
        segments = self._segments
        k = len(segments) - 1
        while k > 0 and p < segments[k].start_progress:
            k -= 1
        seg = segments[k]
        if seg.rate == 0.0:
            return seg.start
        return seg.start + (max(p, seg.start_progress) - seg.start_progress) / seg.rate

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

    def _phase_scalar(self, t: float) -> Phase:
        if t < self.warmup_steps:
            return "warmup"
        z = self.alpha * (self._progress_scalar(t) - self.beta)
        if z < -_PHASE_EDGE:
            return "high"
        return "low" if z > _PHASE_EDGE else "transition"

    def phase(self, step: float | ArrayLike) -> Phase | np.ndarray:
        """``"warmup"``, ``"high"``, ``"transition"`` or ``"low"`` for a step (or an array)."""
        if np.ndim(step) == 0 and not isinstance(step, np.ndarray):
            return self._phase_scalar(self._check_step(step))
        steps = self._check_steps(step)
        return np.array([self._phase_scalar(float(t)) for t in steps.ravel()]).reshape(steps.shape)

    # ------------------------------------------------------------------ retarget
    def retarget(self, *, step: int, total_steps: int) -> TASOSchedule:
        """The same curve with a new planned length, continuous at ``step``.

        The remaining progress ``p(step) .. 1`` is stretched (or compressed) linearly over the
        steps ``step .. total_steps - offset``, so the new curve passes through the current
        rate, keeps alpha, beta and both rates, and ends where a fresh schedule of the new
        length ends. Steps before ``step`` keep their old values. During warm-up the sigmoid has
        not started yet: the schedule is simply rebuilt with the new length.

        Costs O(1) whatever the number of earlier retargets (they are kept as a flat list).

        >>> s = TASOSchedule(total_steps=1000)
        >>> cut = s.retarget(step=300, total_steps=600)
        >>> cut(300) == s(300), round(cut.transition_step, 1)
        (True, 471.4)
        """
        step = check_int("step", step, low=self.anchor_step)
        total_steps = check_int("total_steps", total_steps, low=1)
        current = self._segments[-1]
        if step < self.warmup_steps and not self.history and self.anchor_progress is None:
            if total_steps <= self.warmup_steps:
                raise ValueError(
                    f"total_steps must be > warmup_steps = {self.warmup_steps} to retarget at step "
                    f"{step}, got {total_steps}"
                )
            return dataclasses.replace(self, total_steps=total_steps)
        p0 = self._progress_scalar(float(step))
        if p0 < 1.0 and total_steps - self.offset <= max(step, self.warmup_steps):
            raise ValueError(
                f"total_steps must be > step + offset = {max(step, self.warmup_steps) + self.offset} to "
                f"retarget at step {step}, got {total_steps}"
            )
        if step <= current.start:  # nothing of the current segment has run: replace its length
            anchor_progress = None if (self.anchor_progress is None and self.offset == 0) else p0
            new_spec: SegmentSpec = (self.anchor_step, anchor_progress, total_steps)
            history = self.history
            keep = len(self._segments) - 1
        else:
            new_spec = (step, p0, total_steps)
            history = (*self.history, self._spec)
            keep = len(self._segments)
        out = _unchecked_replace(
            self,
            total_steps=total_steps,
            anchor_step=new_spec[0],
            anchor_progress=new_spec[1],
            history=history,
        )
        out._check_shape()
        segment = out._segment(new_spec)
        if segment.start_progress < 1.0 and segment.end <= segment.start:
            raise ValueError(f"total_steps must be > {int(segment.start) + self.offset}, got {total_steps}")
        # share the precomputed segments of the unchanged part (a retarget stays O(1) in Python)
        out.__dict__["_segments"] = [*self._segments[:keep], segment]
        out.__dict__["_starts"] = [*self._starts[:keep], segment.start]
        return out

    @property
    def retargets(self) -> int:
        """How many segments the curve has beyond the first (each one a :meth:`retarget`)."""
        return len(self.history)

    # ------------------------------------------------------------------ state
    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict; :meth:`from_dict` rebuilds the same schedule.

        >>> s = TASOSchedule(total_steps=10).retarget(step=4, total_steps=20)
        >>> TASOSchedule.from_dict(s.to_dict()) == s
        True
        """
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["history"] = [list(spec) for spec in self.history]
        return out

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TASOSchedule:
        """Rebuild a schedule from :meth:`to_dict` output (also reads the nested ``previous``
        format of taso 0.1.0, without recursion)."""
        if not isinstance(state, dict):
            raise TypeError(f"a TASOSchedule state must be a dict, got {type(state).__name__}")
        state = dict(state)
        if "previous" in state:
            state = _flatten_legacy(state)
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(state) - names)
        if unknown:
            raise ValueError(f"not a TASOSchedule state: unknown keys {unknown}")
        history = state.get("history", ())
        if not isinstance(history, (list, tuple)):
            raise TypeError(f"history must be a list of [step, progress, total_steps], got {history!r}")
        state["history"] = tuple(tuple(spec) if isinstance(spec, (list, tuple)) else spec for spec in history)
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


def _unchecked_replace(schedule: TASOSchedule, **changes: Any) -> TASOSchedule:
    """``dataclasses.replace`` without ``__post_init__``: the caller validates what changed, so a
    retarget does not re-validate the whole history (which would make R retargets O(R^2))."""
    out = object.__new__(TASOSchedule)
    for f in dataclasses.fields(TASOSchedule):
        object.__setattr__(out, f.name, changes.get(f.name, getattr(schedule, f.name)))
    return out


def _flatten_legacy(state: dict[str, Any]) -> dict[str, Any]:
    """taso 0.1.0 stored each retarget as ``previous`` nested in the next; flatten iteratively."""
    chain = []
    node: dict[str, Any] | None = state
    while node is not None:
        chain.append(node)
        node = node.get("previous")
    chain.reverse()  # oldest first
    history = [[n.get("anchor_step", 0), n.get("anchor_progress"), n["total_steps"]] for n in chain[:-1]]
    out = {k: v for k, v in state.items() if k != "previous"}
    out["history"] = history
    return out
