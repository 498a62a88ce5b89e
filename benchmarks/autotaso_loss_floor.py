"""Does AutoTASO depend on where the loss's floor is? Label smoothing moves it off 0.

AutoTASO's blow-up tests (the range test's and the stability probe's "4x the running minimum")
read the loss's level, so adding a constant to the loss changes what counts as a blow-up though
the gradients are identical. Cross-entropy with label smoothing :math:`\\varepsilon` over
:math:`K` classes cannot fall below the entropy of the smoothed target,

.. math:: H_\\varepsilon = -(1 - \\varepsilon + \\varepsilon/K) \\ln(1 - \\varepsilon + \\varepsilon/K)
          - (K - 1) \\frac{\\varepsilon}{K} \\ln \\frac{\\varepsilon}{K}

(0.50 nats at :math:`\\varepsilon = 0.1`, :math:`K = 10`). Each seed trains a workload of the
registry twice with that loss, same seed and batch order: once handing AutoTASO the loss as it is
(floor :math:`H_\\varepsilon`), once the loss minus :math:`H_\\varepsilon` (floor 0, as the
constants were chosen on). Prints test accuracy, the dense group's :math:`LR_I`, the probe's
raise and the guard's restarts for both (1 torch thread). Nothing is chosen on it.

    python benchmarks/autotaso_loss_floor.py [--workloads digits-mlp mnist1d-mlp] [--seeds 5]
"""

from __future__ import annotations

import argparse
import math
import statistics

import torch
import torch.nn.functional as F

from taso.bench._workloads import build_model, get_workload, prepare
from taso.torch import AutoTASO


def smoothing_floor(eps: float, classes: int) -> float:
    """The least label-smoothed cross-entropy: the entropy of the smoothed target (nats)."""
    top, rest = 1.0 - eps + eps / classes, eps / classes
    return -(top * math.log(top) + (classes - 1) * rest * math.log(rest))


def run(name: str, seed: int, eps: float, shift: bool) -> tuple[float, float, float, int]:
    workload = get_workload(name)
    data = prepare(workload)
    floor = smoothing_floor(eps, data.num_classes) if shift else 0.0
    torch.manual_seed(seed)
    model = build_model(workload, data)
    n = len(data.y_train)
    steps_per_epoch = math.ceil(n / workload.batch_size)
    opt = AutoTASO(model, total_steps=workload.epochs * steps_per_epoch)
    order = torch.Generator().manual_seed(seed)
    for _ in range(workload.epochs):
        model.train()
        perm = torch.randperm(n, generator=order)
        for i in range(steps_per_epoch):
            idx = perm[i * workload.batch_size : (i + 1) * workload.batch_size]
            loss = F.cross_entropy(model(data.x_train[idx]), data.y_train[idx], label_smoothing=eps)
            opt.zero_grad()
            loss.backward()
            opt.step(loss=loss - floor)
    model.eval()
    with torch.no_grad():
        accuracy = (model(data.x_test).argmax(1) == data.y_test).float().mean().item() * 100
    report = opt.report()
    probe = report.get("probe") or {}
    dense = next(g for g in report["groups"] if g["kind"] == "sgd")
    return accuracy, dense["lr_initial"], float(probe.get("raised_by", 1.0)), len(report["guard"]["restarts"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workloads", nargs="+", default=["digits-mlp", "mnist1d-mlp"])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--smoothing", type=float, default=0.1)
    args = parser.parse_args()
    if not 0.0 < args.smoothing < 1.0:
        parser.error(f"--smoothing must be in (0, 1), got {args.smoothing}")
    if args.seeds < 1:
        parser.error(f"--seeds must be >= 1, got {args.seeds}")
    torch.set_num_threads(1)
    print("| workload | seed | floor | as is: test acc / LR_I / probe raise / restarts "
          "| minus the floor: test acc / LR_I / probe raise / restarts |")  # fmt: skip
    print("|---|---:|---:|---|---|")
    for name in args.workloads:
        floor = smoothing_floor(args.smoothing, prepare(get_workload(name)).num_classes)
        means: dict[bool, list[float]] = {False: [], True: []}
        for seed in range(args.seeds):
            cells = []
            for shift in (False, True):
                acc, lr, raised, restarts = run(name, seed, args.smoothing, shift)
                means[shift].append(acc)
                cells.append(f"{acc:.2f} / {lr:.3g} / x{raised:.2f} / {restarts}")
            print(f"| {name} | {seed} | {floor:.3f} | {cells[0]} | {cells[1]} |", flush=True)
        print(
            f"| {name} | mean | | {statistics.mean(means[False]):.2f} | {statistics.mean(means[True]):.2f} |"
        )


if __name__ == "__main__":
    main()
