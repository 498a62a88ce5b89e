"""Could AutoTASO stop its range tests early? Why it does not (measured on the suite's sweeps).

Most of AutoTASO's cost (``benchmarks/autotaso_cost.py``) is the part of each sweep above the
chosen rate, up to where the loss blows up (4 x its running minimum): on the ResNet (564 steps,
a 100-step sweep) 7% of the run. Two ways to end a sweep sooner, both exact in principle:

* **settled minimum**: ``LR_I`` = minimum / 3, capped at divergence / 10, so once the rate is
  past 10/3 x the rate at the minimum a later divergence cannot lower ``LR_I``; stop when
  :func:`taso.find_lr` on the trace so far finds a real drop, uncapped, and the rate is that far
  past its minimum (also at least two decades into the sweep, against a noise minimum at its
  start) -- exact unless the loss later falls to a second, deeper minimum;
* **early blow-up**: the same, but only once the smoothed loss is also above 2 x its minimum
  (instead of waiting for 4 x).

This script records the range tests of ``taso-auto`` (its sweeps only: the run stops where the
TASO phase would begin) on the suite's ten workloads with three seeds, then replays both rules on
each recorded trace and prints, per sweep, the steps each would save and the ``LR_I`` it would
choose relative to the full sweep's. Measured (2026-11-26; 10 workloads x 3 seeds, 42 sweeps):

* settled minimum: 21 sweeps end sooner (by up to 85 steps), but ``LR_I`` changes on 6, by up to
  40x -- second, deeper minima are real: fashion-resnet seed 1 (the full sweep's minimum at 1.7,
  the early stop's near 0.17: ``LR_I`` 0.057 vs 0.57), imdb-fasttext seed 0's dense group (0.019
  vs 0.71); 0.93-1.24x on four more;
* early blow-up: ``LR_I`` never changes, 19 sweeps end sooner by 1-32 steps: at most 1.6% of a run
  (fashion-resnet seed 0, 9 of 564 steps), mostly under 0.3% -- past 2 x its minimum the loss
  climbs to 4 x within a few steps.

Neither was worth a new rule: the first is not exact in practice, the second saves almost nothing.

A third rule, judged by accuracy rather than exactness, did become AutoTASO's default (rule 7,
``sweep_until="settled"``, chosen by held-out round 6 of ``benchmarks/auto_holdout.py``):

* **settled** (:func:`taso.sweep_settled`, replayed as AutoTASO runs it): the settled minimum's
  conditions, plus the smoothed loss risen past the minimum by more than noise explains (the
  threshold a real drop must pass), with no "two decades into the sweep" condition.

The traces are recorded with ``sweep_until="divergence"`` (full sweeps; the dense group's sweep
runs after the tables' full sweep, so a replay of a two-group model ignores any change the early
stop makes to the tables' rate). Measured (2026-11-26, rule 7's weight decay 1e-4; the same 42 sweeps recorded again): 23
sweeps end sooner (by up to 91 steps); ``LR_I`` changes on 11 -- by 0.93-1.24x on seven, and 10-50x
lower on four, where the full sweep went on to a second, deeper minimum: the ResNet's seed 1 (0.10x)
and three fastText dense groups (0.020-0.094x; the tables' sweeps, which end at the top of their
range, never settle). Not exact, as the first rule; judged by accuracy it was no worse: held-out
round 6 chose it, and on the suite (docs/results/auto-v7 against auto-v6, paired by seed) no
workload's mean test accuracy moved by more than noise (-0.03 to +0.44 pt) while the discarded
share of the run fell from 5.3% to 4.1% on average (the ResNet seed 1: LR_I 0.57 -> 0.058, test accuracy 84.12% -> 86.72%).

    python benchmarks/autotaso_early_stop.py [--seeds 3] [--workloads ...]

The traces are kept in ``--cache`` (default ``/tmp/autotaso_sweeps.json``) so a rerun only replays.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch

import taso._torch_auto as auto_module
from taso import find_lr, sweep_settled
from taso.bench._algorithms import auto_rule
from taso.bench._runner import train
from taso.bench._suite import OFFLINE
from taso.bench._workloads import WORKLOADS, prepare

FIND = {"divisor": auto_module.DIVISOR, "divergence_divisor": auto_module.DIVERGENCE_DIVISOR}
PAST = max(auto_module.DIVERGENCE_DIVISOR / auto_module.DIVISOR, 10**0.5)


class _SweepsDone(Exception):
    """Raised where the TASO phase would begin: only the sweeps are needed."""


def record(workloads: list[str], seeds: int) -> dict[str, list[dict[str, Any]]]:
    """Every range test's (lrs, losses) trace, keyed ``workload/seed``, from the real runs' code."""
    traces: dict[str, list[dict[str, Any]]] = {}
    key = ""
    real_find = auto_module.find_lr

    def keep(lrs: Any, losses: Any, **kw: Any) -> Any:
        if len(lrs) > 5:  # (AutoTASO validates its arguments with a 5-point call when built)
            traces[key].append({"lrs": [float(v) for v in lrs], "losses": [float(v) for v in losses]})
        return real_find(lrs, losses, **kw)

    def stop(self: Any) -> None:
        raise _SweepsDone

    # rule 7 (revision 7: weight decay 1e-4), whose sweeps the numbers above are measured on
    full = auto_rule(revision=7, hparams={"sweep_until": "divergence"})
    auto_module.find_lr = keep  # type: ignore[assignment]
    auto_module.AutoTASO._start_main = stop  # type: ignore[method-assign]
    for name in workloads:
        wl = WORKLOADS[name]
        data = prepare(wl)
        for seed in range(seeds):
            key = f"{name}/{seed}"
            traces[key] = []
            with contextlib.suppress(_SweepsDone):
                train(wl, full, seed, data=data)
            print(f"recorded {key}: {len(traces[key])} sweep(s)", flush=True)
    return traces


def _ema(lrs: list[float], losses: list[float]) -> Iterator[tuple[int, float, float, float, float | None]]:
    """AutoTASO's online smoothing: (index, rate, smoothed loss, running minimum, its rate)."""
    per_decade = (len(lrs) - 1) / math.log10(lrs[-1] / lrs[0])
    beta = 1.0 - 1.0 / max(per_decade * 0.25, 1.0)
    avg = weight = 0.0
    best, best_rate = math.inf, None
    for i, (rate, value) in enumerate(zip(lrs, losses, strict=True)):
        if not math.isfinite(value):
            return
        avg = beta * avg + (1.0 - beta) * value
        weight = beta * weight + (1.0 - beta)
        yield i, rate, avg / weight, best, best_rate
        if avg / weight < best:
            best, best_rate = avg / weight, rate


def replay(lrs: list[float], losses: list[float], blowup: float | None) -> tuple[int, float]:
    """(steps the sweep would take, LR_I) under the early stop; ``blowup`` None: settled minimum."""
    for i, rate, smooth, best, best_rate in _ema(lrs, losses):
        if i < 5 or best_rate is None or rate < PAST * best_rate:
            continue
        if blowup is not None and not smooth > blowup * best:
            continue
        f = find_lr(lrs[: i + 1], losses[: i + 1], **FIND)
        if f.reason != "minimum" or f.capped or rate < PAST * f.lr_at_minimum:
            continue
        if blowup is None and f.lr_at_minimum < 100.0 * lrs[0]:
            continue
        return i + 1, f.lr
    return len(lrs), find_lr(lrs, losses, **FIND).lr


def replay_settled(lrs: list[float], losses: list[float]) -> tuple[int, float]:
    """(steps, LR_I) of AutoTASO's ``sweep_until="settled"`` on a full trace, with its online
    running minimum, its pre-check and its check spacing (``AutoTASO._settled``)."""
    every = max(1, int((len(lrs) - 1) / 7.0 / auto_module.SETTLE_CHECKS_PER_DECADE))
    past = FIND["divergence_divisor"] / FIND["divisor"] / math.sqrt(10.0)
    best_rate = None
    for i, rate, smooth, best, _ in _ema(lrs, losses):
        if smooth < best:  # the running minimum including this step, as AutoTASO holds it
            best_rate = rate
        m = i + 1  # losses read so far: AutoTASO checks them after its step m + 1
        if m < 5 or best_rate is None or (m + 1) % every or rate < past * best_rate:
            continue
        if sweep_settled(lrs[:m], losses[:m], **FIND):
            return m, find_lr(lrs[:m], losses[:m], **FIND).lr
    return len(lrs), find_lr(lrs, losses, **FIND).lr


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--workloads", nargs="+", default=list(OFFLINE))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/autotaso_sweeps.json"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    traces = json.loads(args.cache.read_text()) if args.cache.exists() else {}
    missing = [w for w in args.workloads if any(f"{w}/{s}" not in traces for s in range(args.seeds))]
    if missing:
        traces.update(record(missing, args.seeds))
        args.cache.write_text(json.dumps(traces))
    rules = (
        ("settled minimum", None),
        ("early blow-up (2 x)", 2.0),
        ("settled (AutoTASO rule 7)", "settled"),
    )
    for label, blowup in rules:
        changed = saved_any = n = 0
        print(f"\n{label}: steps saved, LR_I early / full")
        for key in sorted(k for k in traces if k.split("/")[0] in args.workloads):
            for k, t in enumerate(traces[key]):
                full = find_lr(t["lrs"], t["losses"], **FIND).lr
                if blowup == "settled":
                    steps, lr = replay_settled(t["lrs"], t["losses"])
                else:
                    steps, lr = replay(t["lrs"], t["losses"], blowup)  # type: ignore[arg-type]
                saved = len(t["lrs"]) - steps
                n += 1
                saved_any += saved > 0
                changed += abs(lr / full - 1.0) > 1e-9
                print(
                    f"  {key:22s} sweep {k}: {len(t['lrs']):4d} steps, saves {saved:3d}, LR_I ratio {lr / full:7.3f}"
                )
        print(f"  -> {saved_any} of {n} sweeps end sooner; LR_I changed on {changed}")


if __name__ == "__main__":
    main()
