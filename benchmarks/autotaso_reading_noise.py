"""How much of the seed-to-seed spread of AutoTASO's range-test reading is measurement noise?

AutoTASO's ``LR_I`` varies 1.4-6x across seeds on the same workload (docs/results/auto17-vs-tuned-taso),
and the seeds whose rate lands far from tuned TASO's lose more. Two sources could cause it, and they
call for different remedies:

* **reading noise**: the range test reads one mini-batch loss per step, so the same trajectory read
  through other mini-batches would give another ``LR_I`` (a steadier estimator of the curve's minimum,
  e.g. a local fit, would help);
* **trajectory**: each seed's weights really reach the rate where the loss stops falling at another
  rate (no reading of the same trace can remove that; only more or longer range tests average it).

This script separates them with a paired design. For each workload and seed it runs AutoTASO (the
registry's ``taso-auto``, the suite's training loop: same initial weights, data order and updates) until
its range tests end, and at every range-test step it also evaluates the loss on a second, independent
mini-batch at the same weights, in the same mode (dropout and batch statistics alike; the random
state and the batch-norm buffers are restored, so the run itself is untouched). Each range test thus
has two traces of one trajectory with independent measurement noise, read by the same
:func:`taso.find_lr` with AutoTASO's settings. With :math:`a_s, b_s` the two readings' :math:`\\log_{10}
LR_I` of seed :math:`s`:

* total spread: the standard deviation of :math:`a_s` over seeds (what the runs see);
* reading noise: :math:`\\sqrt{\\overline{(a_s - b_s)^2} / 2}` (two independent readings of one
  trajectory differ by :math:`\\sqrt 2` times one reading's noise);
* trajectory: :math:`\\sqrt{\\max(\\text{total}^2 - \\text{noise}^2, 0)}`.

The first trace is the optimizer's own (its reading is checked to equal the ``LR_I`` AutoTASO chose).
The second trace ends where the first one's range test stopped. Nothing here reads validation or
test accuracy: it selects nothing, so suite workloads may be measured alongside held-out ones.

``--sweep-fraction F`` measures the same with range tests of ``F`` of the run instead of AutoTASO's
10% (twice the loss readings per decade of rate at 0.2), and the report compares the fractions.

Measured (docs/autotaso.md, "Where the rate's spread between seeds comes from"): reading noise
is about half of the spread on the BatchNorm networks and the text models, almost none of it on
LeNet-5 and the MNIST-1D CNN; neither a longer
smoothing span (0.155 mean reading noise at 0.25 decade, 0.145 at 0.75) nor range tests twice as
long (0.192) lower it on average.

    python benchmarks/autotaso_reading_noise.py [--seeds 10] [--workloads ...] [--sweep-fraction F] [--out FILE.jsonl]

Results (one JSON line per workload and seed, resumable) and the printed table:
``docs/results/auto-reading-noise/``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import statistics
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from taso import find_lr
from taso.bench._algorithms import auto_rule
from taso.bench._workloads import build_model, get_workload, prepare

OUT = Path(__file__).resolve().parents[1] / "docs" / "results" / "auto-reading-noise" / "readings.jsonl"
#: the suite's image and MLP workloads (where the seed spread was seen), three held-out image
#: workloads of earlier rounds and two held-out text workloads (two range tests each)
WORKLOADS = ("fashion-lenet5", "fashion-lenet5-bn", "fashion-resnet", "mnist1d-cnn", "mnist1d-mlp",
             "fashion-lenet5-bn-b32", "fashion-resnet-9k", "mnist1d-cnn-c20-b32", "rt-fasttext-d24",
             "rt-cnn-d48")  # fmt: skip
#: AutoTASO's own sweep_fraction (the range tests' share of the run, at least 100 steps each)
DEFAULT_FRACTION = 0.1
#: the second mini-batch stream of seed s is seeded with s + REPLICA_SEED
REPLICA_SEED = 1_000_003


def measure(workload_name: str, seed: int, sweep_fraction: float | None = None) -> dict[str, Any]:
    """Run the range tests of ``taso-auto`` on one workload and seed, with a replicate trace
    (``sweep_fraction``: AutoTASO's, if not its default)."""
    workload = get_workload(workload_name)
    data = prepare(workload)
    torch.manual_seed(seed)  # as taso.bench's runner does: initial weights, dropout, data order
    model = build_model(workload, data)
    order = torch.Generator().manual_seed(seed)
    replica = torch.Generator().manual_seed(seed + REPLICA_SEED)
    x, y = data.x_train, data.y_train
    n, batch_size = len(y), workload.batch_size
    steps_per_epoch = math.ceil(n / batch_size)
    total = workload.epochs * steps_per_epoch
    algorithm = auto_rule(17, hparams={})  # the rule it measured
    if sweep_fraction is not None:
        algorithm = dataclasses.replace(algorithm, hparams={"sweep_fraction": sweep_fraction})
    built = algorithm.build(model.parameters(), total, workload.modality, model=model)
    auto = built.optimizer
    state = auto._auto
    extra: list[float] = []
    pending: list[float] = []
    tests: list[dict[str, Any]] = []

    sweep_before = auto._sweep_before_update
    end_sweep = auto._end_sweep

    def before(value: float) -> None:  # the replicate loss joins the trace when the optimizer's does
        recorded = len(state["losses"])
        sweep_before(value)
        if len(state["losses"]) > recorded:
            extra.append(pending[-1])

    def end(stopped_by: str) -> None:
        group = auto.param_groups[state["order"][state["sweep"]]]
        tests.append({"group": group["name"], "kind": group["kind"], "lrs": list(state["lrs"]),
                      "losses": list(state["losses"]), "replicate": list(extra), "stopped_by": stopped_by})  # fmt: skip
        extra.clear()
        end_sweep(stopped_by)
        tests[-1]["lr_initial"] = float(group["lr_initial"])

    auto._sweep_before_update = before  # type: ignore[method-assign]
    auto._end_sweep = end  # type: ignore[method-assign]
    buffers = [
        b for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm) for b in m.buffers()
    ]
    step = 0
    while state["main_start"] is None:
        if step % steps_per_epoch == 0:
            perm = torch.randperm(n, generator=order)
        model.train()
        i = step % steps_per_epoch
        idx = perm[i * batch_size : (i + 1) * batch_size]
        with torch.no_grad(), torch.random.fork_rng():  # the replicate: same weights, same mode
            saved = [b.clone() for b in buffers]
            other = torch.randint(0, n, (len(idx),), generator=replica)
            pending.append(float(F.cross_entropy(model(x[other]).float(), y[other])))
            for b, s in zip(buffers, saved, strict=True):
                b.copy_(s)
        loss = F.cross_entropy(model(x[idx]).float(), y[idx])
        auto.zero_grad(set_to_none=True)
        loss.backward()
        built.step(loss)
        step += 1
    kwargs = auto._find_kwargs
    for test in tests:
        a = find_lr(test["lrs"], test["losses"], **kwargs)
        b = find_lr(test["lrs"], test["replicate"], **kwargs)
        test.update(reading=a.to_dict(), replicate_reading=b.to_dict(), divisor=kwargs["divisor"],
                    divergence_divisor=kwargs["divergence_divisor"])  # fmt: skip
        # the optimizer's own trace reads as it chose (unless the no-drop cap lowered it)
        test["matches_optimizer"] = math.isclose(a.lr, test["lr_initial"], rel_tol=1e-12)
    return {"workload": workload_name, "seed": seed, "total_steps": total,
            "sweep_fraction": state["plan"]["sweep_fraction"], "tests": tests}  # fmt: skip


#: smoothing spans (decades of rate) whose reading noise the report compares; 0.25 is find_lr's default
SPANS = (0.25, 0.5, 0.75)


def _reread(test: dict[str, Any], trace: str, span: float) -> float:
    """log10 of the LR_I that find_lr reads off one of a range test's two traces, at another span."""
    if span == SPANS[0]:  # the recorded reading (AutoTASO's own settings)
        return math.log10(test["reading" if trace == "losses" else "replicate_reading"]["lr"])
    return math.log10(find_lr(test["lrs"], test[trace], divisor=test["divisor"],
                              divergence_divisor=test["divergence_divisor"], span_decades=span).lr)  # fmt: skip


def summarise(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per workload and range test: total spread, reading noise and trajectory spread (log10 LR_I),
    and the reading noise and median LR_I at each smoothing span of ``SPANS``."""
    rows = []
    keys = sorted({(r["workload"], i, t["group"]) for r in records for i, t in enumerate(r["tests"])},
                  key=lambda k: (WORKLOADS.index(k[0]) if k[0] in WORKLOADS else 99, k[0], k[1]))  # fmt: skip
    for workload, i, group in keys:
        tests = [r["tests"][i] for r in records if r["workload"] == workload and len(r["tests"]) > i]
        spans = {}
        for span in SPANS:
            a = [_reread(t, "losses", span) for t in tests]
            b = [_reread(t, "replicate", span) for t in tests]
            noise = math.sqrt(statistics.mean((u - v) ** 2 for u, v in zip(a, b, strict=True)) / 2.0)
            spans[span] = (10 ** statistics.median(a), noise)
        a = [_reread(t, "losses", SPANS[0]) for t in tests]
        total = statistics.stdev(a) if len(a) > 1 else math.nan
        noise = spans[SPANS[0]][1]
        rows.append({
            "workload": workload, "group": group, "seeds": len(a), "steps": statistics.median(len(t["lrs"]) for t in tests),
            "median_lr": 10 ** statistics.median(a), "total": total, "noise": noise,
            "trajectory": math.sqrt(max(total**2 - noise**2, 0.0)),
            "same_reason": sum(t["reading"]["reason"] == t["replicate_reading"]["reason"] for t in tests),
            "spans": spans,
        })  # fmt: skip
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| workload | range test | seeds | trace steps (median) | LR_I (median) | total sd | reading noise sd | trajectory sd | same reason |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['workload']} | {r['group']} | {r['seeds']} | {r['steps']:.0f} | {r['median_lr']:.3g} | "
            f"{r['total']:.3f} | {r['noise']:.3f} | {r['trajectory']:.3f} | {r['same_reason']}/{r['seeds']} |"
        )
    lines += [
        "",
        "Reading noise sd (and median LR_I) when the same traces are read with a longer smoothing span "
        "(`find_lr(span_decades=...)`; AutoTASO's is 0.25 decade):",
        "",
        "| workload | range test | " + " | ".join(f"span {s} decade" for s in SPANS) + " |",
        "|---|---|" + "---:|" * len(SPANS),
    ]
    for r in rows:
        cells = " | ".join(f"{r['spans'][s][1]:.3f} ({r['spans'][s][0]:.3g})" for s in SPANS)
        lines.append(f"| {r['workload']} | {r['group']} | {cells} |")
    means = " | ".join(f"{statistics.mean(r['spans'][s][1] for r in rows):.3f}" for s in SPANS)
    lines.append(f"| mean over the range tests | | {means} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--workloads", nargs="+", default=list(WORKLOADS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--shard", default="0/1", help="I/N: measure every N-th (workload, seed) from the I-th"
    )
    parser.add_argument("--no-measure", action="store_true", help="only print the table of what is recorded")
    parser.add_argument(
        "--sweep-fraction", type=float, default=None,
        help=f"measure with AutoTASO(sweep_fraction=F) instead of its default {DEFAULT_FRACTION} (longer range "
        "tests: more loss readings per decade of rate); the report compares the fractions recorded",
    )  # fmt: skip
    args = parser.parse_args()
    torch.set_num_threads(1)
    shard, shards = (int(v) for v in args.shard.split("/"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fraction = DEFAULT_FRACTION if args.sweep_fraction is None else args.sweep_fraction
    done = {(r["workload"], r["seed"], _fraction(r)) for r in _load(args.out)}
    jobs = [(w, s) for w in args.workloads for s in range(args.seeds)]
    for k, (w, s) in enumerate(jobs):
        if args.no_measure or k % shards != shard or (w, s, fraction) in done:
            continue
        record = measure(w, s, args.sweep_fraction)
        with args.out.open("a") as f:  # one line per (workload, seed): an interrupted run loses nothing
            f.write(json.dumps(record) + "\n")
        lr = ", ".join(
            f"{t['group']} {t['reading']['lr']:.3g} / {t['replicate_reading']['lr']:.3g}"
            for t in record["tests"]
        )
        print(f"{w} seed {s}: LR_I (own trace / replicate) {lr}", flush=True)
    recorded = [r for r in _load(args.out) if r["workload"] in args.workloads and r["seed"] < args.seeds]
    records = [r for r in recorded if _fraction(r) == DEFAULT_FRACTION]
    text = table(summarise(records)) + by_fraction(recorded)
    print(text)
    mismatched = [(r["workload"], r["seed"], t["group"]) for r in recorded for t in r["tests"]
                  if not t["matches_optimizer"] and t["lr_initial"] != 0.1]  # fmt: skip
    if mismatched:  # (0.1: the no-drop cap lowered the reading; anything else is a broken replay)
        raise SystemExit(f"the optimizer chose another LR_I than its own trace reads: {mismatched}")
    report = args.out.with_name("report.md")
    report.write_text(
        "# How much of the seed spread of AutoTASO's LR_I is reading noise?\n\n"
        f"Generated by `python benchmarks/autotaso_reading_noise.py` from `{args.out.name}` "
        f"({len(records)} runs of `taso-auto`'s range tests, rule 17; {torch.__version__}, 1 thread). "
        "Standard deviations are of log10 LR_I over the seeds (0.1 = a factor 1.26, 0.3 = a factor 2); "
        "'reading noise' is the part a second, independent mini-batch reading of the same trajectory "
        "moves it; 'trajectory' the rest; 'same reason' counts the seeds whose two readings chose by the "
        "same rule. See the script's docstring for the design.\n\n" + text + "\n"
    )
    return 0


def _fraction(record: dict[str, Any]) -> float:
    return float(record.get("sweep_fraction", DEFAULT_FRACTION))  # (records before the option: the default)


def by_fraction(records: list[dict[str, Any]]) -> str:
    """Reading noise and total spread per range test at each sweep fraction recorded, on the
    workloads measured at more than one (empty if none was)."""
    fractions = sorted({_fraction(r) for r in records})
    rows: dict[tuple[str, str], dict[float, dict[str, Any]]] = {}
    for f in fractions:
        for row in summarise([r for r in records if _fraction(r) == f]):
            rows.setdefault((row["workload"], row["group"]), {})[f] = row
    rows = {k: v for k, v in rows.items() if len(v) > 1}
    if not rows:
        return ""
    lines = [
        "",
        "",
        "Longer range tests (`AutoTASO(sweep_fraction=...)`, more loss readings per decade of rate): "
        "reading noise sd / total sd (trace steps, median), per fraction of the run:",
        "",
        "| workload | range test | " + " | ".join(f"fraction {f}" for f in fractions) + " |",
        "|---|---|" + "---:|" * len(fractions),
    ]
    for (workload, group), by in rows.items():
        cells = " | ".join(
            f"{by[f]['noise']:.3f} / {by[f]['total']:.3f} ({by[f]['steps']:.0f})" if f in by else ""
            for f in fractions
        )
        lines.append(f"| {workload} | {group} | {cells} |")
    means = " | ".join(f"{statistics.mean(v[f]['noise'] for v in rows.values()):.3f}" for f in fractions)
    lines.append(f"| mean reading noise | | {means} |")
    return "\n".join(lines)


def _load(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


if __name__ == "__main__":
    raise SystemExit(main())
