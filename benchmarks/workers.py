"""Local workers vs threads: the quick suite with ``--workers 2`` (1 torch thread each) against one
process with 2 torch threads, on the same machine in the same run.

Both start from an empty results directory (the prepared-data cache is warmed first, as it is on
any machine after its first run). Prints both wall times, their ratio (goal: workers >= 1.7x
faster), and the fixed costs of the workers' variant: a worker's start-up (interpreter, imports,
planning, loading MNIST-1D from the cache) as a share of the suite's wall time (goal: <= 5%).
Absolute times vary 2-3x between machines of this kind; only the ratios carry over.

    python benchmarks/workers.py [--seeds 3] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _suite(results: Path, seeds: int, *extra: str) -> float:
    cmd = [sys.executable, "-m", "taso", "bench", "run", "--suite", "quick", "--seeds", str(seeds), "--results",
           str(results), "--no-report", "--no-progress", *extra]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "OMP_NUM_THREADS": "2"})
    return time.perf_counter() - start


def _startup() -> float:
    code = ("import torch; torch.set_num_threads(1); from taso.bench import SUITES, WORKLOADS, plan, prepare; "
            "plan(SUITES['quick']); [prepare(WORKLOADS[w]) for w in SUITES['quick'].workloads]")  # fmt: skip
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds (default 1)")
    args = parser.parse_args()
    _startup()  # warms the prepared-data cache
    threads, workers, startup = [], [], []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            threads.append(_suite(Path(a), args.seeds, "--threads", "2"))
            workers.append(_suite(Path(b), args.seeds, "--workers", "2"))
        startup.append(_startup())
    t, w, s = min(threads), min(workers), min(startup)
    print(f"quick suite, {args.seeds} seeds, {os.cpu_count()} CPUs, best of {args.rounds} round(s)")
    print("| variant | wall time (s) |\n|---|---:|")
    print(f"| 1 process, 2 torch threads | {t:.1f} |\n| --workers 2, 1 thread each | {w:.1f} |")
    print(f"\nspeed-up of workers: {t / w:.2f}x (goal >= 1.7x: {'met' if t / w >= 1.7 else 'NOT met'})")
    print(f"fixed cost (one worker's start-up incl. data from cache): {s:.2f} s = {100 * s / w:.1f}% of the "
          f"workers' wall time (goal <= 5%: {'met' if s / w <= 0.05 else 'NOT met'})")  # fmt: skip


if __name__ == "__main__":
    main()
