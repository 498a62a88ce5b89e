"""Choosing ``LR_I`` from a learning-rate range test: a pure function of the loss trace.

A range test (Smith, "Cyclical Learning Rates for Training Neural Networks", arXiv:1506.01186)
raises the learning rate exponentially over a short run and records the training loss at each
step. :func:`find_lr` reads such a trace and returns the rate to train at, with the evidence for
it, so every adapter (PyTorch, optax, ...) shares one rule and the rule is testable on synthetic
traces. No framework is imported here.

The rule, for a trace of ``n`` steps with rates :math:`r_0 < r_1 < \\dots` and losses :math:`\\ell_i`:

1. **Smooth** over a fixed share of a decade of rates (``span_decades``, default 1/4 decade), so
   the smoothing does not depend on how many steps the sweep had.
2. **Divergence**: the first step where the loss is not finite, or where its bias-corrected
   exponential moving average (causal, as a running sweep sees it) exceeds ``blowup`` (default 4)
   times its running minimum. The trace is cut there; :math:`r_{div}` is the rate at that step.
   With ``rise_diverges`` (off by default) :math:`r_{div}` is the earlier rate where the centred
   moving average of step 3 first rises above its first value by more than noise explains (the
   test of step 4, turned round): a loss worse than before training, even if it never blows up (a
   bounded loss such as a binary cross-entropy, a network that dies at a high rate). It caps
   :math:`LR_I` on traces with a real drop too, sometimes far below the minimum / 3 (a fast
   sweep's loss can spike above its start just past the minimum at a rate that trains well).
3. **Minimum**: :math:`r_{min}`, the middle (geometric mean) of the basin around the smallest value
   of a centred moving average of the losses before the cut (centred: no lag towards larger rates),
   where the basin is the run of steps whose smoothed loss is within twice its own noise of that
   smallest value (on a flat-bottomed curve the argmin alone wanders with the noise).
4. **Was the drop real?** The drop from the first smoothed loss to the minimum must exceed the
   noise of a smoothed value, :math:`\\sigma / \\sqrt{k}` (:math:`\\sigma`: the step-to-step noise of
   the losses, the median absolute first difference scaled to a standard deviation, robust to the
   curve's own trend; :math:`k`: the losses one smoothed value averages), times
   ``noise_factor`` (default 3) plus :math:`\\sqrt{2 \\ln m}` (how far the smallest of
   :math:`m = n / k` independent smoothed values falls below their mean by chance), and be at
   least ``min_drop`` (default 5%) of the first loss. With ``strict_drop`` the noise is that of
   the *difference* of the two smoothed values compared, :math:`\\sigma \\sqrt{1/k_0 + 1/k_{min}}`
   (:math:`k_0`: the losses the first one averages, about half of :math:`k`, since the trace's
   start cuts its window), instead of one full window's :math:`\\sigma / \\sqrt{k}`: on a flat,
   noisy trace an unlucky first loss otherwise passes for a real drop (1.4% of pure-noise traces of
   100 steps read one, none with it). With ``chance_loss`` :math:`\\ell_c` (the loss of a model that
   ignores its input, e.g. the entropy of imbalanced labels for a cross-entropy) the drop is
   measured from :math:`\\min(\\bar\\ell_0, \\ell_c)` instead of the first smoothed loss
   :math:`\\bar\\ell_0`: the part of the drop the output bias makes by learning the class prior,
   at almost any rate, says nothing about the rate the features need.
5. **Choose**: with a real drop, :math:`LR_I = r_{min} / \\mathrm{divisor}` (default 10, the common
   "minimum divided by ten" reading of the test); otherwise, if the run diverged,
   :math:`LR_I = r_{div} / \\mathrm{divergence\\_divisor}` (default 30, a factor of 3 below where the
   minimum would have been); otherwise (no real drop and no divergence anywhere in the sweep)
   :math:`LR_I = r_{max} / \\mathrm{divergence\\_divisor}`, with :math:`r_{max}` the largest rate
   tried: the same stability rule, since the divergence rate is at least :math:`r_{max}` (or a
   ``fallback`` rate, if one is given). In every case
   :math:`LR_I \\le r_{div} / \\mathrm{divergence\\_divisor}` when the run diverged (the guard
   against the cliff just above SGD's best rate).

The defaults are the literature's reading of the range test (minimum / 10; blow-up at 4x the
best loss), not values fitted to this project's benchmark workloads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from taso._validation import check_bool, check_int, check_real

__all__ = ["LRFinding", "find_lr", "prior_cross_entropy", "sweep_rates", "sweep_settled"]


@dataclass(frozen=True)
class LRFinding:
    """The rate :func:`find_lr` chose, and why.

    Attributes:
        lr: the chosen ``LR_I``.
        reason: ``"minimum"`` (smoothed-loss minimum / divisor), ``"divergence"`` (no real drop;
            divergence rate / divergence_divisor), ``"stable"`` (no real drop, never diverged:
            largest rate tried / divergence_divisor) or ``"fallback"`` (no real drop, never
            diverged, and a ``fallback`` rate was given).
        lr_at_minimum: the rate at the smallest smoothed loss (before any divergence).
        lr_at_divergence: the rate where the loss diverged, or ``None``.
        drop: the relative drop of the smoothed loss from its first value to its minimum.
        noise: the step-to-step noise of the raw losses (a robust standard deviation).
        real_drop: whether the drop exceeded the noise (and ``min_drop``).
        capped: whether the divergence guard lowered the rate.
        steps_used: how many trace steps were read (up to the blow-up).
        diverged_by: ``"blow-up"`` (not finite, or ``blowup`` x the running minimum), ``"rise"``
            (the loss rose above its start by more than noise explains first), or ``None``.
    """

    lr: float
    reason: str
    lr_at_minimum: float
    lr_at_divergence: float | None
    drop: float
    noise: float
    real_drop: bool
    capped: bool
    steps_used: int
    diverged_by: str | None = None

    @property
    def fallback(self) -> bool:
        """True when the trace gave no usable signal and the fallback rate was used."""
        return self.reason == "fallback"

    def to_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def sweep_rates(lr_start: float, lr_end: float, steps: int) -> np.ndarray:
    """The exponential sweep ``lr_start * (lr_end / lr_start) ** (i / (steps - 1))``, i = 0..steps-1.

    >>> sweep_rates(1e-4, 1.0, 5).tolist()
    [0.0001, 0.001, 0.01, 0.1, 1.0]
    """
    lo = check_real("lr_start", lr_start, low=0.0, low_open=True)
    hi = check_real("lr_end", lr_end, low=lo, low_open=True)
    n = check_int("steps", steps, low=2)
    return np.asarray(lo * (hi / lo) ** (np.arange(n) / (n - 1)), dtype=np.float64)


def prior_cross_entropy(class_counts: Sequence[float] | np.ndarray) -> float:
    """The cross-entropy of a classifier that ignores its input: the entropy of the labels.

    .. math:: H(\\pi) = -\\sum_c \\pi_c \\ln \\pi_c, \\qquad \\pi_c = n_c / \\sum_{c'} n_{c'}

    (:math:`n_c`: the training examples of class :math:`c`; classes with none add nothing). A network
    that learns nothing from its input still learns the class shares through its output bias and
    reaches this loss; one that dies during training (a constant output) goes back to it. With
    balanced classes it is :math:`\\ln C`, about the loss of an untrained network; with imbalanced
    ones it lies below that (0.325 nats for 10% positives). Pass it to :func:`find_lr` and
    ``taso.torch.AutoTASO`` as ``chance_loss``.

    Args:
        class_counts: how many training examples each class has (e.g. ``torch.bincount(labels)``
            or ``numpy.bincount(labels)``), >= 0, at least one > 0.

    >>> round(prior_cross_entropy([900, 100]), 4)
    0.3251
    >>> round(prior_cross_entropy([50, 50, 50, 50]), 4) == round(math.log(4), 4)
    True
    """
    counts = np.asarray(class_counts, dtype=np.float64)
    if counts.ndim != 1 or len(counts) == 0:
        raise ValueError(f"class_counts must be a 1-D sequence of counts, got shape {counts.shape}")
    if not np.all(np.isfinite(counts)) or np.any(counts < 0) or counts.sum() <= 0:
        raise ValueError(f"class_counts must be finite, >= 0 and not all 0, got {counts.tolist()}")
    shares = counts[counts > 0] / counts.sum()
    return float(-(shares * np.log(shares)).sum())


def find_lr(
    lrs: Sequence[float] | np.ndarray,
    losses: Sequence[float] | np.ndarray,
    *,
    divisor: float = 10.0,
    divergence_divisor: float = 30.0,
    blowup: float = 4.0,
    span_decades: float = 0.25,
    noise_factor: float = 3.0,
    min_drop: float = 0.05,
    fallback: float | None = None,
    rise_diverges: bool = False,
    strict_drop: bool = False,
    chance_loss: float | None = None,
) -> LRFinding:
    """Read a learning-rate range test and choose ``LR_I`` (see the module docstring for the rule).

    Args:
        lrs: the rates of the sweep, increasing, > 0.
        losses: the training loss at each rate (NaN or inf where the run blew up).
        divisor: ``LR_I`` = rate at the smoothed minimum / ``divisor``.
        divergence_divisor: ``LR_I`` <= rate at divergence / ``divergence_divisor``.
        blowup: the loss has diverged once it exceeds ``blowup`` times its running minimum.
        span_decades: the smoothing span, in decades of rate.
        noise_factor: a drop is real if larger than ``noise_factor`` times the loss noise.
        min_drop: ... and larger than this share of the first smoothed loss.
        fallback: the rate for a trace with no real drop that never diverged; ``None`` (default):
            the largest rate tried / ``divergence_divisor``.
        rise_diverges: whether a loss that rises above its start by more than noise explains
            has also diverged there (AutoTASO's rule 12: held-out round 9 chose it, round 10
            rejected it; off by default).
        strict_drop: whether the real-drop test (step 4) uses the standard error of the
            difference of the first smoothed value and the minimum (off by default: held-out
            round 17 kept AutoTASO's rule 17, largest shortfall 0.73 vs 1.61 points).
        chance_loss: the loss a model reaches without reading its input (for a cross-entropy,
            :func:`prior_cross_entropy` of the training labels); the drop is measured from it
            where it lies below the first smoothed loss. ``None`` (default): from that first loss.

    Example (a loss that falls, bottoms out near lr 0.3 and blows up past 1):

    >>> lrs = sweep_rates(1e-4, 10.0, 100)
    >>> losses = [0.5 + 0.2 * np.log10(lr / 0.3) ** 2 + (20.0 * (lr - 1.0) if lr > 1.0 else 0.0) for lr in lrs]
    >>> found = find_lr(lrs, losses)
    >>> found.reason, round(found.lr_at_minimum, 2), round(found.lr, 3), round(found.lr_at_divergence, 2)
    ('minimum', 0.31, 0.031, 1.38)
    """
    reading = _read(
        lrs, losses, divisor, divergence_divisor, blowup, span_decades, noise_factor, min_drop, fallback,
        rise_diverges, strict_drop, chance_loss,
    )  # fmt: skip
    return reading.finding


@dataclass(frozen=True)
class _Reading:
    """find_lr's intermediate quantities, shared with :func:`sweep_settled`."""

    finding: LRFinding
    smooth: np.ndarray  # the centred moving average of the losses before the cut
    k: int  # index of its smallest value
    hi: int  # the last index of the basin around it
    half: int  # half-width of the centred window: the last `half` smoothed values are provisional
    threshold: float  # the rise (or drop) that noise alone does not explain
    counts: np.ndarray  # how many losses each smoothed value averages (fewer where the trace cuts it)
    z: float  # the multiple of a standard error that noise alone does not reach
    reference: float  # the loss a real drop is measured from: the first smoothed one, or chance_loss below it


def _read(
    lrs: Sequence[float] | np.ndarray,
    losses: Sequence[float] | np.ndarray,
    divisor: float,
    divergence_divisor: float,
    blowup: float,
    span_decades: float,
    noise_factor: float,
    min_drop: float,
    fallback: float | None,
    rise_diverges: bool = False,
    strict_drop: bool = False,
    chance_loss: float | None = None,
) -> _Reading:
    r = np.asarray(lrs, dtype=np.float64)
    y = np.asarray(losses, dtype=np.float64)
    if r.ndim != 1 or y.shape != r.shape:
        raise ValueError(
            f"lrs and losses must be 1-D and of equal length, got shapes {r.shape} and {y.shape}"
        )
    if len(r) < 5:
        raise ValueError(f"a range test needs at least 5 steps, got {len(r)}")
    if not np.all(np.isfinite(r)) or np.any(r <= 0) or np.any(np.diff(r) <= 0):
        raise ValueError("lrs must be finite, > 0 and strictly increasing")
    check_real("divisor", divisor, low=1.0)  # 1: the rate at the minimum itself
    check_real("divergence_divisor", divergence_divisor, low=1.0)
    check_real("blowup", blowup, low=1.0, low_open=True)
    check_real("span_decades", span_decades, low=0.0, low_open=True)
    check_real("noise_factor", noise_factor, low=0.0)
    check_real("min_drop", min_drop, low=0.0, high=1.0)
    check_bool("rise_diverges", rise_diverges)
    check_bool("strict_drop", strict_drop)
    if fallback is not None:
        check_real("fallback", fallback, low=0.0, low_open=True)
    if chance_loss is not None:
        check_real("chance_loss", chance_loss)
    if not math.isfinite(y[0]):
        raise ValueError(
            f"the loss at the first rate of the sweep is {y[0]}: the model or the data is broken"
        )

    # 1. smoothing: a bias-corrected EMA whose span is span_decades of rate
    per_decade = (len(r) - 1) / max(math.log10(r[-1] / r[0]), 1e-12)
    span = max(per_decade * span_decades, 1.0)
    beta = 1.0 - 1.0 / span
    smooth = np.empty_like(y)
    avg, weight, cut = 0.0, 0.0, len(y)
    best = math.inf
    # 2. divergence: non-finite, or blow-up past `blowup` x the running minimum
    for i, value in enumerate(y):
        if not math.isfinite(value):
            cut = i
            break
        avg = beta * avg + (1.0 - beta) * value
        weight = beta * weight + (1.0 - beta)
        smooth[i] = avg / weight
        if i > 0 and smooth[i] > blowup * best and best > 0:
            cut = i
            break
        best = min(best, smooth[i])
    lr_div = float(r[cut]) if cut < len(y) else None
    used = max(cut, 1)
    raw, rates = y[:used], r[:used]
    # the minimum is read off a centred moving average of the same span (no lag, unlike the EMA)
    half = min(int(span // 2), (used - 1) // 2)  # a window never longer than the trace read
    kernel = np.ones(2 * half + 1)
    counts = np.convolve(np.ones(used), kernel, mode="same")  # losses in each window (fewer at the ends)
    s = np.convolve(raw, kernel, mode="same") / counts
    # 3. minimum: the middle (in log rate) of the basin where the smoothed loss is within its own
    # noise of the lowest value -- on a flat-bottomed curve the argmin alone wanders with the noise
    k = int(np.argmin(s))
    # step-to-step noise, robust to the curve's own trend: MAD of first differences / sqrt(2)
    noise = float(1.4826 * np.median(np.abs(np.diff(raw))) / math.sqrt(2.0)) if used > 2 else 0.0
    tolerance = 2.0 * noise / math.sqrt(len(kernel))
    lo = hi = k
    while lo > 0 and s[lo - 1] <= s[k] + tolerance:
        lo -= 1
    while hi < used - 1 and s[hi + 1] <= s[k] + tolerance:
        hi += 1
    lr_min = float(math.sqrt(rates[lo] * rates[hi]))
    # 4. was the drop real?
    first = float(s[0])
    # with chance_loss, the drop below what a model that ignores its input reaches (the class prior)
    reference = first if chance_loss is None else min(first, float(chance_loss))
    drop = (reference - float(s[k])) / abs(reference) if reference != 0 else 0.0
    # the smoothed values average len(kernel) losses, and the minimum of `used / len(kernel)`
    # roughly independent smoothed values sits about sqrt(2 ln m) of their deviations below the mean
    windows = max(used / len(kernel), 1.0)
    z = noise_factor + math.sqrt(2.0 * math.log(windows))
    threshold = noise / math.sqrt(len(kernel)) * z
    if strict_drop:  # the standard error of the difference: the first window is cut by the trace's start
        real = (reference - float(s[k])) > z * noise * math.sqrt(1.0 / counts[0] + 1.0 / counts[k])
    else:
        real = (reference - float(s[k])) > threshold
    real = real and drop >= min_drop and k > 0
    # 2b. divergence also where the loss first rises above its start by more than noise explains (z
    # standard errors of the difference of the two window means; windows that overlap the first
    # one are not read): a loss worse than before training is the sweep's instability, even when it
    # never blows up to `blowup` x its minimum (a bounded loss, a network that dies)
    diverged_by = "blow-up" if lr_div is not None else None
    if rise_diverges and used > 2 * half + 1:
        margin = z * noise * np.sqrt(1.0 / counts[0] + 1.0 / counts)
        above = np.flatnonzero((s - first > margin)[2 * half + 1 :])
        if len(above) and (lr_div is None or rates[2 * half + 1 + above[0]] < lr_div):
            lr_div, diverged_by = float(rates[2 * half + 1 + above[0]]), "rise"
    # 5. choose
    if real:
        lr, reason = lr_min / divisor, "minimum"
    elif lr_div is not None:
        lr, reason = lr_div / divergence_divisor, "divergence"
    elif fallback is None:
        lr, reason = float(r[-1]) / divergence_divisor, "stable"
    else:
        lr, reason = fallback, "fallback"
    capped = False
    if lr_div is not None and lr > lr_div / divergence_divisor:
        lr, capped = lr_div / divergence_divisor, True
    finding = LRFinding(
        lr=float(lr), reason=reason, lr_at_minimum=lr_min, lr_at_divergence=lr_div, drop=float(drop),
        noise=noise, real_drop=bool(real), capped=capped, steps_used=used, diverged_by=diverged_by,
    )  # fmt: skip
    return _Reading(finding, s, k, hi, half, threshold, counts, z, reference)


def sweep_settled(
    lrs: Sequence[float] | np.ndarray,
    losses: Sequence[float] | np.ndarray,
    *,
    divisor: float = 10.0,
    divergence_divisor: float = 30.0,
    blowup: float = 4.0,
    span_decades: float = 0.25,
    noise_factor: float = 3.0,
    min_drop: float = 0.05,
    fallback: float | None = None,
    rise_diverges: bool = False,
    strict_drop: bool = False,
    chance_loss: float | None = None,
    strict: bool = True,
) -> bool:
    """Whether a range test still running can stop: reading further can no longer move ``LR_I``.

    A sweep normally runs until the loss diverges, but past its minimum every step is discarded
    by the rewind. With the trace so far (``lrs[-1]`` the last rate tried, the arguments those
    of :func:`find_lr`) the sweep has *settled* when all of these hold:

    1. the trace has not diverged and :func:`find_lr` reads a real drop (``reason == "minimum"``);
    2. the last rate is at least ``divergence_divisor`` :math:`\\times LR_I`: a later divergence
       happens at a higher rate, so the cap :math:`LR_I \\le r_{div} / \\mathrm{divergence\\_divisor}`
       can no longer bind;
    3. the basin around the minimum is closed by final values: the last smoothed value whose
       centred window is complete lies after the minimum and above it by more than noise explains:
       the minimum is then real from both sides.

    Stopping is irreversible and the test is repeated at every step of a running sweep, so with
    ``strict`` (the default) the drop of condition 1 and the rise of condition 3 must each exceed
    :math:`z` standard errors of the *difference* of the two smoothed values compared,
    :math:`\\sigma \\sqrt{1/k_a + 1/k_b}` (:math:`k_a, k_b`: the losses each averages; the first
    window is cut by the trace's start to about half of them), with :math:`z` and :math:`\\sigma` those
    of :func:`find_lr`'s real-drop test, which uses one full window's :math:`\\sigma / \\sqrt{k}`.
    ``strict=False`` (AutoTASO's rules 7-10) uses that threshold for both: on short, flat, noisy
    traces about 2-3% of pure noise then settled at a noise dip (a sweep stopped at rates too
    small to train; with ``strict``, 0.2%).

    What it cannot exclude is a second, deeper minimum at rates not yet tried (a range test's
    loss that has risen clearly past its minimum is on its way to divergence; the sweep's steps
    beyond the minimum are the rewind's discarded ones). The noise estimate also reads fewer steps,
    so the basin's edges, and with them ``LR_I``, can move slightly against a sweep run to the end.

    >>> lrs = sweep_rates(1e-4, 10.0, 100)
    >>> losses = [0.5 + 0.2 * np.log10(lr / 0.3) ** 2 for lr in lrs]
    >>> kw = dict(divisor=3, divergence_divisor=10)
    >>> stop = next(i for i in range(5, 101) if sweep_settled(lrs[:i], losses[:i], **kw))
    >>> stop, round(find_lr(lrs[:stop], losses[:stop], **kw).lr, 3), round(find_lr(lrs, losses, **kw).lr, 3)
    (86, 0.096, 0.102)
    """
    check_bool("strict", strict)
    if len(lrs) < 5:
        return False
    reading = _read(
        lrs, losses, divisor, divergence_divisor, blowup, span_decades, noise_factor, min_drop, fallback,
        rise_diverges, strict_drop, chance_loss,
    )  # fmt: skip
    f = reading.finding
    if f.lr_at_divergence is not None or f.reason != "minimum":
        return False
    if float(lrs[-1]) < divergence_divisor * f.lr:
        return False
    sm, n, k = reading.smooth, reading.counts, reading.k
    last_final = len(sm) - 1 - reading.half
    if last_final <= reading.hi:
        return False
    if not strict:  # rules 7-10
        return bool(sm[last_final] > sm[k] + reading.threshold)
    drop_se = f.noise * math.sqrt(1.0 / n[0] + 1.0 / n[k])
    rise_se = f.noise * math.sqrt(1.0 / n[last_final] + 1.0 / n[k])
    return bool(
        reading.reference - sm[k] > reading.z * drop_se and sm[last_final] - sm[k] > reading.z * rise_se
    )
