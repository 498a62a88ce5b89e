"""Argument checks shared by the core and the adapters.

Every check raises at the place an object is built, with a message that names the
parameter, the value received and the accepted range.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["check_bool", "check_choice", "check_int", "check_real"]


def check_real(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float, or raise if it is not a finite real in the range.

    >>> check_real("alpha", 25)
    25.0
    >>> check_real("beta", 1.5, low=0.0, high=1.0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: beta must be a finite number in (0.0, 1.0], got 1.5
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} of type {type(value).__name__}")
    number = float(value)
    below = low is not None and (number <= low if low_open else number < low)
    above = high is not None and (number >= high if high_open else number > high)
    if not math.isfinite(number) or below or above:
        raise ValueError(
            f"{name} must be a finite number in {_interval(low, high, low_open, high_open)}, got {value!r}"
        )
    return number


def check_int(name: str, value: object, *, low: int | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not an integer ``>= low``.

    >>> check_int("total_steps", 0, low=1)
    Traceback (most recent call last):
    ...
    ValueError: total_steps must be an integer >= 1, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    number = int(value)
    if low is not None and number < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return number


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is a bool, else raise ``TypeError``."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def check_choice(name: str, value: object, choices: tuple[object, ...]) -> object:
    """Return ``value`` if it is one of ``choices``, else raise ``ValueError``."""
    if isinstance(value, bool) or value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    lo = "-inf" if low is None else repr(float(low))
    hi = "inf" if high is None else repr(float(high))
    return f"{left}{lo}, {hi}{right}"
