"""What AutoTASO's cliff guard saw: every guard window of a harness run that gave back progress.

The guard (``taso.torch.AutoTASO``, module docstring step 5) reads the training loss in windows of
``max(10, ceil(0.01 T))`` steps after the range tests; a window is unhealthy when its mean gives
back half of the progress made since the loss before training *and* the rise exceeds 4 standard
errors of the window's mean; two unhealthy windows in a row restart from the best copy at a third
of the rate. This diagnostic retrains a workload's registered ``taso-auto`` runs (the same
numbers as ``taso bench run``) while recording each step's loss, and prints every window whose
mean or median gives back half of the progress, with both z-scores (the median's from the median
absolute deviation), so one can tell a cliff the guard missed from training that degrades without
a cliff. It changes nothing; it only reads.

    python benchmarks/guard_windows.py digits-mlp-5x64-b32-e20 --seeds 0 1 3    # about 30 s
"""

from __future__ import annotations

import argparse
import math
import statistics
from typing import Any

import torch

from taso import _torch_auto
from taso.bench._algorithms import get_algorithm
from taso.bench._runner import train
from taso.bench._workloads import get_workload, prepare

#: the guard's own constants, read from the library so the printout follows them
GIVE_BACK, Z = _torch_auto.GUARD_GIVE_BACK, _torch_auto.GUARD_Z


def windows(workload: str, seed: int) -> tuple[Any, list[dict[str, float]]]:
    """Train ``taso-auto`` on ``workload`` from ``seed``; its run and every guard window's statistics."""
    events: list[tuple[str, Any]] = []
    observe, check = _torch_auto.AutoTASO._guard_observe, _torch_auto.AutoTASO._guard_check

    def observe_and_note(self: Any, loss: Any, observed: Any) -> None:
        if loss is not None:
            events.append(("loss", float(loss)))  # a host read per step: a diagnostic may pay it
        observe(self, loss, observed)

    def check_and_note(self: Any) -> None:
        g = self._auto["guard"]
        events.append(("end", (self._auto["t"], g["best"], self._collapse_reference())))
        check(self)

    _torch_auto.AutoTASO._guard_observe = observe_and_note  # type: ignore[method-assign]
    _torch_auto.AutoTASO._guard_check = check_and_note  # type: ignore[method-assign]
    try:
        wl = get_workload(workload)
        run = train(wl, get_algorithm("taso-auto"), seed, data=prepare(wl, None))
    finally:
        _torch_auto.AutoTASO._guard_observe = observe  # type: ignore[method-assign]
        _torch_auto.AutoTASO._guard_check = check  # type: ignore[method-assign]
    out, losses = [], []
    for kind, value in events:
        if kind == "loss":
            losses.append(value)
            continue
        step, best, initial = value
        if not losses:
            continue
        n, mean, median = len(losses), math.fsum(losses) / len(losses), statistics.median(losses)
        sd = statistics.stdev(losses) if n > 1 and math.isfinite(mean) else math.nan
        mad = (
            1.4826 * statistics.median(abs(x - median) for x in losses) if math.isfinite(median) else math.nan
        )
        progress = initial - best if initial is not None and math.isfinite(best) else math.nan
        out.append({"step": step, "n": n, "best": best, "progress": progress, "mean": mean, "median": median,
                    "z_mean": (mean - best) / (sd / math.sqrt(n)) if sd > 0 else math.nan,
                    # the median's standard error is about 1.2533 sigma / sqrt(n) for normal noise
                    "z_median": (median - best) / (1.2533 * mad / math.sqrt(n)) if mad > 0 else math.nan})  # fmt: skip
        losses = []
    return run, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workload", help="a registered workload (taso bench list)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="seeds to train (default: 0)")
    args = parser.parse_args(argv)
    get_workload(args.workload)  # a clear error for an unknown name, before any training
    torch.set_num_threads(1)
    for seed in args.seeds:
        run, ws = windows(args.workload, seed)
        restarts = [r["step"] for r in (run.details or {}).get("guard", {}).get("restarts", [])]
        print(
            f"seed {seed}: test accuracy {run.test_accuracy:.2f}%, {len(ws)} guard windows, restarts at {restarts}"
        )
        for w in ws:
            gave_back = [
                k
                for k in ("mean", "median")
                if w["progress"] > 0 and w[k] - w["best"] > GIVE_BACK * w["progress"]
            ]
            if gave_back or not math.isfinite(w["mean"]):
                print(f"  step {w['step']:>6}: best {w['best']:.3f}, mean {w['mean']:.3g} (z {w['z_mean']:.1f}), "
                      f"median {w['median']:.3g} (z {w['z_median']:.1f}); gives back half by {', '.join(gave_back) or '-'}"
                      f"; the guard's z threshold {Z:g}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
