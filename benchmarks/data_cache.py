"""How long a fresh process takes to get a workload's prepared data, with an empty disk cache and
with a warm one (measured in child processes, so nothing is shared in memory).

    python benchmarks/data_cache.py [--workload mnist1d-cnn] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

CODE = """
import time
from taso.bench._workloads import WORKLOADS, prepare
t0 = time.perf_counter()
prepare(WORKLOADS[{name!r}])
print(time.perf_counter() - t0)
"""


def timed(name: str, cache: str) -> float:
    env = {**os.environ, "TASO_CACHE_DIR": cache, "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", CODE.format(name=name)], capture_output=True, text=True,
                         env=env, check=True)  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workload", default="mnist1d-cnn")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(timed(args.workload, cache))
            warm.append(timed(args.workload, cache))
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"{args.workload}: prepare() in a fresh process, median of {args.repeats}: "
          f"empty cache {c:.3f} s, warm cache {w:.3f} s, ratio {c / w:.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
