"""Would averaging AutoTASO's weights close the Fashion-MNIST gap to schedule-free AdamW? (a
diagnostic: it chooses nothing)

On the three Fashion-MNIST networks schedule-free AdamW tuned at the equal budget is ahead of
every other family tuned there, TASO and AdamW with cosine decay included (README, "Its weak
points"). What sets schedule-free apart is that it evaluates an average of its iterates. This
script asks whether an average of AutoTASO's own iterates gives the same lift, in the same runs:
it trains ``taso-auto`` (the registered rule, through the harness's own ``train``) and keeps, from
the range tests' end on, two uniform averages of the parameters, fixed before any run:

* **half**: the iterates of the run's second half, :math:`\\bar w = \\frac{1}{T - T/2}
  \\sum_{t > T/2} w_t` (stochastic weight averaging over the high-rate phase's tail and the decay,
  Izmailov et al. 2018, arXiv:1803.05407);
* **decay**: the iterates from TASO's midpoint on, :math:`t > \\beta T` with :math:`\\beta = 0.7`
  (the decay only).

Each average is evaluated after re-estimating batch-norm statistics at its weights (20 training
batches, as the harness does for schedule-free optimizers); so is the final iterate
(**final, recalibrated**), to tell the average's effect from the recalibration's. The run's own
``test_accuracy`` (final weights, running statistics) is the reference. Paired by seed; the 95%
Student-t interval of each mean difference over the seeds. Validation accuracy is printed next to
test accuracy; nothing is selected on either.

Results go to ``--out`` (one JSON line per run; a rerun skips the runs already there), and the
summary is printed::

    python benchmarks/autotaso_averaging.py [--seeds 5] [--workloads ...] [--shard 0/2]

Measured: ``docs/results/beyond/averaging.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from scipy import stats

import taso._torch_auto as auto_module
from taso.bench._algorithms import auto_rule
from taso.bench._runner import _recalibrate_batch_norm, evaluate, train
from taso.bench._workloads import WORKLOADS, prepare

FASHION = ("fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet")
#: window name -> first step of the average, as a fraction of the run (fixed before any run)
WINDOWS = {"half": 0.5, "decay": 0.7}
OUT = Path("docs/results/beyond/averaging.jsonl")


class _Averages:
    """Uniform running averages of ``model``'s parameters from each window's first step on."""

    def __init__(self, model: torch.nn.Module, total_steps: int) -> None:
        self.model = model
        self.start = {k: math.ceil(f * total_steps) for k, f in WINDOWS.items()}
        self.sums: dict[str, list[torch.Tensor]] = {}
        self.count = dict.fromkeys(WINDOWS, 0)

    @torch.no_grad()
    def after_step(self, t: int) -> None:
        """``t``: steps taken so far (the iterate after step ``t``)."""
        for k, first in self.start.items():
            if t < first:
                continue
            params = [p.detach().double() for p in self.model.parameters()]
            if k not in self.sums:
                self.sums[k] = [p.clone() for p in params]
            else:
                for s, p in zip(self.sums[k], params, strict=True):
                    s.add_(p)
            self.count[k] += 1

    def weights(self, k: str) -> list[torch.Tensor]:
        return [s / self.count[k] for s in self.sums[k]]


def run_one(name: str, seed: int) -> dict[str, Any]:
    """One ``taso-auto`` run of ``name`` from ``seed``, with its averages evaluated at the end."""
    wl = WORKLOADS[name]
    data = prepare(wl)
    algorithm = auto_rule(28)  # the rule it measured (the registered one when it ran)
    holder: dict[str, Any] = {}
    real_step = auto_module.AutoTASO.step

    def step(self: Any, *args: Any, **kwargs: Any) -> Any:
        out = real_step(self, *args, **kwargs)
        if "avg" not in holder:
            holder["avg"] = _Averages(self.model, self._auto["total_steps"])
        if self.phase == "taso":  # not during the range tests, whose steps may be rewound
            holder["avg"].after_step(self._auto["t"])
        return out

    auto_module.AutoTASO.step = step  # type: ignore[method-assign]
    try:
        result = train(wl, algorithm, seed, data=data)
    finally:
        auto_module.AutoTASO.step = real_step  # type: ignore[method-assign]
    avg: _Averages = holder["avg"]
    model = avg.model
    final = [p.detach().clone() for p in model.parameters()]
    restarts = len(((result.details or {}).get("guard") or {}).get("restarts") or [])
    row: dict[str, Any] = {
        "workload": name, "seed": seed, "algorithm": algorithm.name, "revision": algorithm.revision,
        "status": result.status, "steps": result.steps, "wall_time": result.wall_time,
        "test": {"final": result.test_accuracy}, "val": {"final": result.epochs[-1].val_accuracy},
        "averaged_steps": dict(avg.count), "guard_restarts": restarts,
    }  # fmt: skip
    for label, weights in [("final, recalibrated", final)] + [(k, avg.weights(k)) for k in WINDOWS]:
        with torch.no_grad():
            for p, w in zip(model.parameters(), weights, strict=True):
                p.copy_(w.to(p.dtype))
        _recalibrate_batch_norm(model, data.x_train, wl.batch_size)
        row["test"][label] = evaluate(model, data.x_test, data.y_test)[1]
        row["val"][label] = evaluate(model, data.x_val, data.y_val)[1]
    return row


def _interval(d: list[float]) -> str:
    a = np.asarray(d)
    if len(a) < 2:
        return f"{a.mean():+.2f}"
    half = stats.t.ppf(0.975, len(a) - 1) * a.std(ddof=1) / math.sqrt(len(a))
    return f"{a.mean():+.2f} [{a.mean() - half:+.2f}, {a.mean() + half:+.2f}]"


def summary(rows: list[dict[str, Any]]) -> str:
    """Per workload: mean test (val) accuracy of each evaluation, and each minus the final iterate."""
    labels = ["final", "final, recalibrated", *WINDOWS]
    lines = [
        "| workload | seeds | " + " | ".join(f"{k}: test (val)" for k in labels)
        + " | " + " | ".join(f"{k} - final (test, pp)" for k in labels[1:]) + " |",
        "|---|---:|" + "---:|" * (2 * len(labels) - 1),
    ]  # fmt: skip
    for w in sorted({r["workload"] for r in rows}):
        rs = sorted((r for r in rows if r["workload"] == w), key=lambda r: r["seed"])
        cells = [
            f"{np.mean([r['test'][k] for r in rs]):.2f} ({np.mean([r['val'][k] for r in rs]):.2f})"
            for k in labels
        ]
        diffs = [_interval([r["test"][k] - r["test"]["final"] for r in rs]) for k in labels[1:]]
        lines.append(f"| {w} | {len(rs)} | " + " | ".join(cells + diffs) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--workloads", nargs="+", default=list(FASHION), choices=sorted(WORKLOADS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--shard", default="0/1", help="i/n: run every n-th of the runs, from the i-th")
    args = parser.parse_args()
    i, n = (int(v) for v in args.shard.split("/"))
    if not 0 <= i < n:
        raise SystemExit(f"--shard must be i/n with 0 <= i < n, got {args.shard!r}")
    torch.set_num_threads(1)
    done = set()
    if args.out.exists():
        done = {(r["workload"], r["seed"]) for r in map(json.loads, args.out.read_text().splitlines()) if r}
    todo = [(w, s) for w in args.workloads for s in range(args.seeds)][i::n]
    for k, (w, s) in enumerate(todo):
        if (w, s) in done:
            continue
        t0 = time.perf_counter()
        row = run_one(w, s)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("a") as f:
            f.write(json.dumps(row) + "\n")
        print(
            f"[{k + 1}/{len(todo)}] {w} seed {s}: test {row['test']} ({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
    rows = (
        [json.loads(x) for x in args.out.read_text().splitlines() if x.strip()] if args.out.exists() else []
    )
    print(summary([r for r in rows if r["workload"] in args.workloads]))


if __name__ == "__main__":
    main()
