"""Per-step time overhead of ``taso.torch.TASO`` vs plain ``torch.optim.SGD``.

Both optimizers use the same hyperparameters (lr 0.1, momentum 0.9, Nesterov, weight decay 1e-4)
on a ~1M-parameter MLP. Steps of the two are timed in interleaved blocks, in one process, so
machine noise hits both alike; the figure is the ratio of the medians. Target: < 2% extra time.

    python benchmarks/overhead.py [--steps 600] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

from taso.torch import TASO


def make_model() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 256), nn.ReLU(), nn.Linear(256, 10))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=600, help="timed steps per optimizer")
    parser.add_argument("--block", type=int, default=20, help="steps per interleaved block")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    x, y = torch.randn(args.batch, 784), torch.randint(0, 10, (args.batch,))
    hp = {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-4}
    setups = {}
    for name in ("sgd", "taso"):
        model = make_model()
        if name == "sgd":
            opt = torch.optim.SGD(model.parameters(), **hp)
        else:
            opt = TASO(model.parameters(), total_steps=10 * args.steps, **hp)
        setups[name] = (model, opt)
    params = sum(p.numel() for p in setups["sgd"][0].parameters())

    step_times: dict[str, list[float]] = {"sgd": [], "taso": []}
    opt_times: dict[str, list[float]] = {"sgd": [], "taso": []}

    def one_step(name: str, record: bool) -> None:
        model, opt = setups[name]
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        nn.functional.cross_entropy(model(x), y).backward()
        t1 = time.perf_counter()
        opt.step()
        t2 = time.perf_counter()
        if record:
            step_times[name].append(t2 - t0)
            opt_times[name].append(t2 - t1)

    for name in setups:  # warm-up
        for _ in range(30):
            one_step(name, record=False)
    order = ["sgd", "taso"]
    for block in range(args.steps // args.block):
        for name in order if block % 2 == 0 else order[::-1]:
            for _ in range(args.block):
                one_step(name, record=True)

    med = {k: statistics.median(v) for k, v in step_times.items()}
    omed = {k: statistics.median(v) for k, v in opt_times.items()}
    print(f"MLP 784-1024-256-10: {params:,} parameters, batch {args.batch}, {args.threads} threads, "
          f"{len(step_times['sgd'])} timed steps each")  # fmt: skip
    print(f"median full training step  SGD {med['sgd'] * 1e3:8.3f} ms   TASO {med['taso'] * 1e3:8.3f} ms   "
          f"ratio {med['taso'] / med['sgd']:.4f}  ({100 * (med['taso'] / med['sgd'] - 1):+.2f}%)")  # fmt: skip
    print(f"median optimizer.step()    SGD {omed['sgd'] * 1e3:8.3f} ms   TASO {omed['taso'] * 1e3:8.3f} ms   "
          f"ratio {omed['taso'] / omed['sgd']:.4f}  ({100 * (omed['taso'] / omed['sgd'] - 1):+.2f}%)")  # fmt: skip
    print(f"target: full-step overhead < 2%: {'met' if med['taso'] / med['sgd'] < 1.02 else 'NOT met'}")


if __name__ == "__main__":
    main()
