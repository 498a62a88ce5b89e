"""What moving the learning rate costs per step, against the floor and against an SGD step.

For three set-ups (a tiny ~1.5k-parameter model, 50 param groups, a ~1M-parameter MLP) it times,
in interleaved rounds in one process (so machine noise hits all alike):

* ``sgd step``: ``torch.optim.SGD.step()`` (lr 0.1, momentum 0.9, Nesterov, weight decay 1e-4),
  the denominator of every percentage;
* ``taso lr update``: the per-step work ``taso.torch.TASO.step()`` adds to that SGD step (the
  ownership check, the step count, the new rate of every group; block refills included),
  measured as the body of ``TASO.step`` with a no-op SGD update, minus a call of that no-op
  (torch's profiling wrapper, which ``SGD.step`` has too, is left out of both);
* ``floor``: setting every group's lr from a precomputed Python list, the least any per-step
  schedule can cost;
* ``scalar``: evaluating the closed form per group per step (what taso 0.1.0 did, for reference).

Each cell is the median over rounds, with the min-max across rounds. Targets for the lr update:
<= 0.5% of an SGD step (tiny), <= 1% (50 groups), <= 0.1% (1M). Also prints the full
``TASO.step()`` / ``SGD.step()`` time ratio (interleaved medians).

    python benchmarks/overhead.py [--rounds 15] [--steps 2000] [--threads 1]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch
from torch import nn

import taso.torch as taso_torch
from taso import TASOSchedule
from taso.torch import TASO

HP = {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-4}
TARGETS = {"tiny": 0.5, "50 groups": 1.0, "1M": 0.1}


def setups() -> dict[str, tuple[nn.Module, Callable[[nn.Module], list[dict]]]]:
    torch.manual_seed(0)
    tiny = nn.Sequential(nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 10))  # 1,386 parameters
    groups = nn.Sequential(*[nn.Linear(8, 8) for _ in range(50)])  # 50 groups
    big = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 256), nn.ReLU(), nn.Linear(256, 10))
    return {
        "tiny": (tiny, lambda m: [{"params": list(m.parameters())}]),
        "50 groups": (groups, lambda m: [{"params": list(layer.parameters())} for layer in m]),
        "1M": (big, lambda m: [{"params": list(m.parameters())}]),
    }


def per_call(fn: Callable[[], object], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n


def measure(name: str, model: nn.Module, make_groups, rounds: int, steps: int) -> dict[str, list[float]]:
    for p in model.parameters():
        p.grad = torch.randn_like(p)
    sgd = torch.optim.SGD(make_groups(model), **HP)
    # a copy of the parameters for TASO, so both optimizers see identical work
    twin = [p.detach().clone().requires_grad_(True) for p in model.parameters()]
    for p, q in zip(twin, model.parameters(), strict=True):
        p.grad = q.grad.clone()
    groups = make_groups(model)
    it = iter(twin)
    taso_groups = [{"params": [next(it) for _ in g["params"]]} for g in groups]
    taso = TASO(taso_groups, total_steps=10**9, **HP)
    schedules = [TASOSchedule(total_steps=10**9, lr_initial=0.1) for _ in taso.param_groups]
    precomputed = [0.1] * (steps + 1)
    spare = [dict(g) for g in taso.param_groups]  # same dicts, so TASO's own rates stay untouched
    counter = [0]

    def floor() -> None:
        counter[0] += 1
        v = precomputed[counter[0] % steps]
        for g in spare:
            g["lr"] = v

    def scalar() -> None:
        counter[0] += 1
        t = float(counter[0])
        for g, s in zip(spare, schedules, strict=True):
            g["lr"] = s._lr_scalar(t)

    # What TASO.step adds to an SGD step: TASO.step's own body (without torch's step wrapper,
    # which SGD.step has too) with the SGD update replaced by a no-op, minus a call of that no-op.
    taso_body = TASO.step.__wrapped__  # type: ignore[attr-defined]
    real_sgd_step = taso_torch._SGD_STEP

    def noop(opt: object, closure: object) -> None:
        return None

    def lr_update_round(n: int) -> float:
        taso_torch._SGD_STEP = noop
        try:
            with_update = per_call(lambda: taso_body(taso), n)
        finally:
            taso_torch._SGD_STEP = real_sgd_step
        return with_update - per_call(lambda: noop(taso, None), n)

    out: dict[str, list[float]] = {
        "sgd step": [],
        "taso step": [],
        "taso lr update": [],
        "floor": [],
        "scalar": [],
    }
    sgd_steps = max(steps // 20, 20)
    for _ in range(3):  # warm-up
        sgd.step()
        taso.step()
    for r in range(rounds):
        order = ["sgd", "taso"] if r % 2 == 0 else ["taso", "sgd"]
        for which in order:
            opt = sgd if which == "sgd" else taso
            out[f"{which} step"].append(per_call(opt.step, sgd_steps))
        out["taso lr update"].append(lr_update_round(steps))
        out["floor"].append(per_call(floor, steps))
        out["scalar"].append(per_call(scalar, steps))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (default 15)")
    parser.add_argument("--steps", type=int, default=2000, help="lr updates timed per round (default 2000)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} thread(s), {args.rounds} interleaved rounds\n")
    print("| set-up | params | SGD step (µs) | TASO lr update: % of SGD step | floor: % | scalar closed form: % "
          "| TASO.step / SGD.step | target |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    ok = True
    for name, (model, make_groups) in setups().items():
        res = measure(name, model, make_groups, args.rounds, args.steps)
        sgd = res["sgd step"]

        def pct(key: str, res=res, sgd=sgd) -> str:
            ratios = [100 * a / b for a, b in zip(res[key], sgd, strict=True)]
            return f"{statistics.median(ratios):.3f} ({min(ratios):.3f}–{max(ratios):.3f})"

        update = statistics.median(100 * a / b for a, b in zip(res["taso lr update"], sgd, strict=True))
        step_ratio = [a / b for a, b in zip(res["taso step"], sgd, strict=True)]
        met = update <= TARGETS[name]
        ok &= met
        params = sum(p.numel() for p in model.parameters())
        print(f"| {name} | {params:,} | {statistics.median(sgd) * 1e6:.1f} | {pct('taso lr update')} | {pct('floor')} "
              f"| {pct('scalar')} | {statistics.median(step_ratio):.3f} | ≤ {TARGETS[name]}%: "
              f"{'met' if met else 'NOT met'} |")  # fmt: skip
    print(f"\nall targets {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
