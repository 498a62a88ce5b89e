"""Training throughput of the harness's ``train()`` vs a bare hand-written PyTorch loop.

Same workload data, same model and initialisation, same optimizer (Adam), same batch size and
epochs. Runs alternate (harness, bare, harness, ...) in one process; the figure is the ratio of
median training samples per second. The bare loop is measured twice: training only, and with the
same per-epoch validation pass the harness does. Target: harness / bare >= 0.9.

    python benchmarks/throughput.py [--workload mnist1d-cnn] [--epochs 5] [--repeats 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import statistics
import time

import torch
from torch.nn import functional as F

from taso.bench import ALGORITHMS, WORKLOADS, evaluate, prepare, train
from taso.bench._workloads import build_model


def bare_loop(workload, data, seed: int, validate: bool) -> float:
    """A minimal loop over in-memory tensors; returns seconds spent."""
    torch.manual_seed(seed)
    model = build_model(workload, data)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(seed)
    x, y, bs = data.x_train, data.y_train, workload.batch_size
    start = time.perf_counter()
    for _ in range(workload.epochs):
        model.train()
        perm = torch.randperm(len(y), generator=gen)
        for i in range(math.ceil(len(y) / bs)):
            idx = perm[i * bs : (i + 1) * bs]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        if validate:
            evaluate(model, data.x_val, data.y_val)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workload", default="mnist1d-cnn", choices=sorted(WORKLOADS))
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    workload = dataclasses.replace(WORKLOADS[args.workload], epochs=args.epochs)
    data = prepare(workload)
    samples = len(data.y_train) * workload.epochs
    times: dict[str, list[float]] = {"harness": [], "bare (train only)": [], "bare (+ validation)": []}
    for r in range(args.repeats + 1):  # the first round is a warm-up
        result = train(workload, ALGORITHMS["adam"], seed=0, data=data)
        t_harness = result.epochs[-1].wall_time  # training + per-epoch validation, no test/final eval
        t_bare = bare_loop(workload, data, 0, validate=False)
        t_bare_val = bare_loop(workload, data, 0, validate=True)
        if r:
            times["harness"].append(t_harness)
            times["bare (train only)"].append(t_bare)
            times["bare (+ validation)"].append(t_bare_val)

    rate = {k: samples / statistics.median(v) for k, v in times.items()}
    print(f"workload {workload.name}: {len(data.y_train)} training examples x {workload.epochs} epochs, "
          f"batch {workload.batch_size}, Adam, {args.threads} threads, {args.repeats} repeats")  # fmt: skip
    for k, v in rate.items():
        print(f"  {k:<22} {v:>10,.0f} samples/s")
    for k in ("bare (train only)", "bare (+ validation)"):
        ratio = rate["harness"] / rate[k]
        print(f"harness / {k:<20} = {ratio:.3f}  (target >= 0.9: {'met' if ratio >= 0.9 else 'NOT met'})")


if __name__ == "__main__":
    main()
