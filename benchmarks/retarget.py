"""Cost of many retargets: the optimizer, its saved state, and the core schedule at depth R.

A retarget appends one segment to a flat list (O(1)); evaluation finds a step's segment by binary
search (O(log R)); ``state_dict`` serialises the list once per save (O(R)). This times, for
R = 1,000 and 10,000 retargets of ``taso.torch.TASO`` (one optimizer step between retargets):
the retargets with their steps, ``state_dict()`` -> ``pickle`` -> ``load_state_dict()`` into a
fresh optimizer, the saved schedule's size, and one scalar evaluation at depth R against depth 0.

    python benchmarks/retarget.py [--retargets 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
import timeit

import torch

from taso.torch import TASO


def run(retargets: int) -> dict[str, float]:
    w = torch.nn.Parameter(torch.zeros(4))
    opt = TASO([w], lr=0.1, total_steps=100)
    w.grad = torch.ones(4)
    t0 = time.perf_counter()
    for i in range(retargets):
        opt.step()
        opt.retarget(100 + i + 2)
    t_retarget = time.perf_counter() - t0

    t0 = time.perf_counter()
    blob = pickle.dumps(opt.state_dict())
    fresh = TASO([torch.nn.Parameter(torch.zeros(4))], lr=0.1, total_steps=100)
    fresh.load_state_dict(pickle.loads(blob))
    t_round_trip = time.perf_counter() - t0
    assert fresh.schedule_of(0) == opt.schedule_of(0) and fresh.current_step == retargets

    deep, flat = opt.schedule_of(0), TASO([w], lr=0.1, total_steps=100).schedule_of(0)
    n = 20_000
    eval_deep = timeit.timeit(lambda: deep(retargets // 2), number=n) / n
    eval_flat = timeit.timeit(lambda: flat(50), number=n) / n
    size = len(json.dumps(deep.to_dict()))
    return {
        "retargets (with a step each), s": t_retarget,
        "state_dict -> pickle -> load_state_dict, s": t_round_trip,
        "saved schedule (JSON), KB": size / 1e3,
        "one evaluation at depth R / at depth 0": eval_deep / eval_flat,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--retargets", type=int, nargs="+", default=[1_000, 10_000])
    args = parser.parse_args()
    torch.set_num_threads(1)
    results = {r: run(r) for r in args.retargets}
    print("| measure | " + " | ".join(f"R = {r:,}" for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    for key in next(iter(results.values())):
        print(f"| {key} | " + " | ".join(f"{res[key]:.3f}" for res in results.values()) + " |")


if __name__ == "__main__":
    main()
