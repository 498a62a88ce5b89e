"""Paired comparisons that mean what they say at the few seeds a benchmark can afford.

For two algorithms run on the same seeds of one workload, the per-seed differences
:math:`d_s = a_s - b_s` (:math:`s = 1..n`) get

* a **paired Student-t interval**: :math:`\\bar d \\pm t_{0.975,\\,n-1}\\; s_d / \\sqrt{n}`, where
  :math:`\\bar d` is the mean difference and :math:`s_d` its sample standard deviation;
* a **paired t-test** p-value for :math:`H_0: E[d] = 0` (two-sided);
* a **verdict** across the :math:`k` workloads of one comparison: Holm's step-down correction of the
  :math:`k` p-values (family-wise error 5%), then ``win`` (adjusted p < 0.05, :math:`\\bar d > 0`),
  ``loss`` (adjusted p < 0.05, :math:`\\bar d < 0`) or ``tie``.

For a claim that the reference is *not worse than a margin* :math:`m` (the issue's stretch target,
"within 0.3 pt"), a tie is not evidence: a wide interval ties everything. Such a claim needs a
**non-inferiority test**: :math:`H_0: E[d] \\le -m` against :math:`H_1: E[d] > -m`, one-sided paired
t-test, :math:`p = P(T_{n-1} > (\\bar d + m) / (s_d / \\sqrt{n}))`; across workloads the same Holm
step-down (family-wise error 5%) decides where it is *shown* (:func:`noninferiority`). It is the
lower half of the two one-sided tests of equivalence (Schuirmann 1987): being ahead by more than
:math:`m` is not a failure here.

Why not a bootstrap: a percentile bootstrap of a mean over 3 differences is (almost exactly) their
min-max, and at n = 10 a BCa interval covers only ~88% (simulated in the tests). The t-interval
covers 95% for normal differences at any n and is slightly conservative (95-97%) for symmetric
heavy tails (Student t with 3 degrees of freedom); it under-covers for strongly skewed differences,
which the report states. ``tests/test_stats.py`` simulates coverage and the false-win rate at the
suite's n.

References: Holm, "A simple sequentially rejective multiple test procedure", Scand. J. Statist. 6
(1979); Schuirmann, "A comparison of the two one-sided tests procedure and the power approach for
assessing the equivalence of average bioavailability", J. Pharmacokinet. Biopharm. 15 (1987).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["METHOD", "Paired", "check_margin", "holm", "noninferiority", "paired_difference", "verdicts"]

#: The method, as every report names it in its header.
METHOD = (
    "paired by seed; 95% paired Student-t interval of the mean difference; verdicts from paired "
    "t-tests, Holm-corrected across the workloads of each comparison (family-wise error 5%)"
)
ALPHA = 0.05


@dataclass(frozen=True)
class Paired:
    """Mean paired difference (reference minus other), its 95% t-interval and t-test p-value.

    ``verdict`` is the uncorrected reading of one interval; comparisons across workloads use
    :func:`verdicts` (Holm-corrected), which is what the reports count.
    """

    mean: float
    low: float
    high: float
    n: int
    p: float

    def noninferior_p(self, margin: float) -> float:
        """One-sided p-value of :math:`H_0: E[d] \\le -` ``margin`` (the reference worse by the
        margin or more), from the paired t statistic :math:`(\\bar d + m) / (s_d / \\sqrt{n})` with
        :math:`n - 1` degrees of freedom; :math:`s_d / \\sqrt{n}` is read back from the 95% interval.
        NaN below two seeds; with identical differences, 0 if the mean is above ``-margin``, else 1.

        >>> p = paired_difference({0: 1.0, 1: 1.2, 2: 0.9, 3: 1.1}, {0: 1.1, 1: 1.1, 2: 1.1, 3: 1.1})
        >>> round(p.mean, 3), round(p.noninferior_p(0.3), 4), round(p.noninferior_p(0.05), 4)
        (-0.05, 0.0152, 0.5)
        """
        from scipy import stats

        check_margin(margin)
        if self.n < 2 or math.isnan(self.low):
            return math.nan
        se = (self.high - self.mean) / float(stats.t.ppf(0.975, self.n - 1))
        if se == 0.0:
            return 0.0 if self.mean > -margin else 1.0
        return float(stats.t.sf((self.mean + margin) / se, self.n - 1))

    @property
    def verdict(self) -> str:
        if self.n < 2 or math.isnan(self.low):
            return "n/a"
        if self.low > 0:
            return "win"
        if self.high < 0:
            return "loss"
        return "tie"


def paired_difference(a: Mapping[int, float], b: Mapping[int, float]) -> Paired:
    """Mean of ``a[s] - b[s]`` over the seeds both have, with a 95% paired t-interval.

    >>> p = paired_difference({0: 2.0, 1: 3.0, 2: 4.5}, {0: 1.0, 1: 1.0, 2: 1.0})
    >>> round(p.mean, 3), round(p.low, 3), round(p.high, 3), round(p.p, 4)
    (2.167, -0.959, 5.292, 0.0964)
    """
    from scipy import stats

    seeds = sorted(set(a) & set(b))
    d = np.array([a[s] - b[s] for s in seeds], dtype=float)
    n = len(d)
    if n == 0:
        return Paired(math.nan, math.nan, math.nan, 0, math.nan)
    mean = float(d.mean())
    if n < 2:
        return Paired(mean, math.nan, math.nan, n, math.nan)
    sd = float(d.std(ddof=1))
    if sd == 0.0:  # identical differences: a point interval; p is 0 unless the difference is 0
        return Paired(mean, mean, mean, n, 1.0 if mean == 0.0 else 0.0)
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    p = float(2 * stats.t.sf(abs(mean) / (sd / math.sqrt(n)), n - 1))
    return Paired(mean, mean - half, mean + half, n, p)


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values (NaN stays NaN and does not count towards the family).

    >>> [round(x, 3) for x in holm([0.01, 0.04, 0.03, 0.5])]
    [0.04, 0.09, 0.09, 0.5]
    """
    idx = [i for i, p in enumerate(pvalues) if not math.isnan(p)]
    order = sorted(idx, key=lambda i: pvalues[i])
    k = len(order)
    out = [math.nan] * len(pvalues)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (k - rank) * pvalues[i]))
        out[i] = running
    return out


def verdicts(pairs: Mapping[str, Paired]) -> dict[str, str]:
    """``win``/``tie``/``loss`` per key (workload) of one comparison, Holm-corrected across keys.

    >>> pairs = {"a": Paired(2.0, 1.0, 3.0, 5, 0.001), "b": Paired(-1.0, -3.0, 1.0, 5, 0.2)}
    >>> verdicts(pairs)
    {'a': 'win', 'b': 'tie'}
    """
    keys = list(pairs)
    adjusted = holm([pairs[k].p for k in keys])
    out = {}
    for key, p in zip(keys, adjusted, strict=True):
        if math.isnan(p):
            out[key] = "n/a"
        elif p < ALPHA:
            out[key] = "win" if pairs[key].mean > 0 else "loss"
        else:
            out[key] = "tie"
    return out


def check_margin(margin: object, name: str = "margin") -> float:
    """``margin`` as a float, or a ``ValueError`` naming ``name`` and the accepted range.

    >>> check_margin(0.3)
    0.3
    """
    if (
        isinstance(margin, bool)
        or not isinstance(margin, (int, float))
        or not (math.isfinite(margin) and margin > 0)
    ):
        raise ValueError(f"{name} must be a finite number > 0 (points of test accuracy), got {margin!r}")
    return float(margin)


def noninferiority(pairs: Mapping[str, Paired], margin: float) -> dict[str, tuple[float, str]]:
    """Per key (workload): the Holm-adjusted non-inferiority p-value at ``margin`` and the reading,
    ``"shown"`` (adjusted p < 0.05: the reference is not worse than ``-margin``), ``"not shown"``
    or ``"n/a"`` (fewer than two seeds). Holm across the keys, as :func:`verdicts`.

    >>> pairs = {"a": paired_difference({0: 1.0, 1: 1.2, 2: 0.9, 3: 1.1}, {0: 1.1, 1: 1.1, 2: 1.1, 3: 1.1}),
    ...          "b": paired_difference({0: 0.0, 1: 1.0, 2: -1.0}, {0: 0.0, 1: 0.0, 2: 0.0})}
    >>> {k: (round(p, 4), v) for k, (p, v) in noninferiority(pairs, 0.3).items()}
    {'a': (0.0305, 'shown'), 'b': (0.3276, 'not shown')}
    """
    keys = list(pairs)
    adjusted = holm([pairs[k].noninferior_p(margin) for k in keys])
    return {
        k: (p, "n/a" if math.isnan(p) else "shown" if p < ALPHA else "not shown")
        for k, p in zip(keys, adjusted, strict=True)
    }
