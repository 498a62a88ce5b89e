"""Matplotlib plot of a schedule with its two phases marked (needs the ``plot`` extra)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from taso._schedule import TASOSchedule


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'taso[plot]'") from exc
    return plt


def plot_schedule(schedule: TASOSchedule, path: str | Path, *, steps: int | None = None) -> Path:
    """Write a PNG of the learning rate vs step, shading the high, transition and low phases."""
    plt = _pyplot()
    n = steps if steps is not None else schedule.total_steps + 1
    t = np.arange(n)
    lr = schedule.values(n)
    start, end = schedule.transition_window
    fig, ax = plt.subplots(figsize=(7, 4), dpi=120)
    ax.axvspan(0, start, color="tab:blue", alpha=0.08, label="high-rate phase")
    ax.axvspan(start, end, color="tab:orange", alpha=0.15, label="transition (90% -> 10%)")
    ax.axvspan(end, n - 1, color="tab:green", alpha=0.08, label="low-rate phase")
    ax.plot(t, lr, color="black", lw=1.8, label="TASO learning rate")
    ax.axvline(schedule.transition_step, color="tab:red", ls="--", lw=1, label=r"$\beta T$")
    ax.set_xlabel("step")
    ax.set_ylabel("learning rate")
    ax.set_title(
        f"TASO: LR_I={schedule.lr_initial:g}, LR_F={schedule.lr_floor:g}, "
        f"alpha={schedule.alpha:g}, beta={schedule.beta:g}, T={schedule.total_steps}"
    )
    ax.set_xlim(0, max(n - 1, 1))
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
