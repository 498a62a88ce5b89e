"""``taso bench``: run suites, write reports, list what exists, download datasets."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_RESULTS = Path("results")


def _shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"shard must look like K/N (e.g. 0/4), got {text!r}") from None
    if not (n >= 1 and 0 <= k < n):
        raise argparse.ArgumentTypeError(f"shard must be K/N with 0 <= K < N, got {text!r}")
    return k, n


def _parser() -> argparse.ArgumentParser:
    from taso.bench._suite import SUITES

    p = argparse.ArgumentParser(prog="taso bench", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)

    run = sub.add_parser("run", help="run a suite (skips runs already recorded)")
    run.add_argument("--suite", choices=sorted(SUITES), default="quick")
    run.add_argument("--workloads", nargs="+", metavar="NAME", help="narrow to these workloads")
    run.add_argument("--algorithms", nargs="+", metavar="NAME", help="narrow to these algorithms")
    run.add_argument("--seeds", type=int, help="number of seeds (default: the suite's, 3)")
    run.add_argument("--results", type=Path, help="results directory (default results/SUITE)")
    run.add_argument("--data-dir", type=Path, help="directory with downloaded datasets")
    run.add_argument("--threads", type=int, help="torch threads (default: all cores)")
    run.add_argument(
        "--shard",
        type=_shard,
        default=(0, 1),
        metavar="K/N",
        help="run every N-th run starting at K (split a suite over N machines)",
    )
    run.add_argument(
        "--reuse",
        type=Path,
        nargs="*",
        default=[],
        metavar="DIR",
        help="copy identical runs (same key) recorded in these directories",
    )
    run.add_argument("--no-report", action="store_true", help="do not write report.md after")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")

    rep = sub.add_parser("report", help="write report.md + plots from result files")
    rep.add_argument("--results", type=Path, default=DEFAULT_RESULTS / "quick")
    rep.add_argument("--also", type=Path, nargs="*", default=[], help="more results directories")
    rep.add_argument("--title")
    rep.add_argument("--no-plots", action="store_true")

    sub.add_parser("list", help="list suites, workloads and algorithms")

    dl = sub.add_parser("download", help="download a dataset that is not available offline")
    dl.add_argument("name", choices=["fashion-mnist", "cifar10", "cifar100", "svhn", "agnews"])
    dl.add_argument("--data-dir", type=Path)
    return p


def _list() -> None:
    from taso.bench._algorithms import ALGORITHMS
    from taso.bench._suite import SUITES
    from taso.bench._workloads import WORKLOADS

    print("suites:")
    for s in SUITES.values():
        print(f"  {s.name:<10} {len(s.workloads)} workloads x {len(s.algorithms)} algorithms x "
              f"{s.seeds} seeds: {s.description}")  # fmt: skip
    print("workloads:")
    for w in WORKLOADS.values():
        where = "offline" if w.offline else "download"
        print(f"  {w.name:<18} [{where:>8}] {w.epochs:>3} epochs, batch {w.batch_size:<4} {w.description}")
    print("algorithms:")
    for a in ALGORITHMS.values():
        print(f"  {a.name:<14} [{a.family:>7}] {a.description}")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.cmd == "list":
        _list()
        return 0
    if args.cmd == "download":
        from taso.bench._data import DEFAULT_DATA_DIR, download

        print(f"downloaded to {download(args.name, args.data_dir or DEFAULT_DATA_DIR)}")
        return 0
    if args.cmd == "report":
        from taso.bench._report import terminal_summary, write_report

        path = write_report(args.results, extra=args.also, title=args.title, plots=not args.no_plots)
        print(terminal_summary(args.results))
        print(f"\nreport: {path}")
        return 0

    import torch

    from taso.bench._report import terminal_summary, write_report
    from taso.bench._suite import SUITES, run_suite

    if args.threads is not None:
        if args.threads < 1:
            raise ValueError(f"threads must be an integer >= 1, got {args.threads}")
        torch.set_num_threads(args.threads)
    suite = SUITES[args.suite]
    results = args.results or DEFAULT_RESULTS / suite.name
    ran, skipped, unavailable = run_suite(
        suite, results, workloads=args.workloads, algorithms=args.algorithms, seeds=args.seeds,
        shard=args.shard, data_dir=args.data_dir, progress=not args.no_progress, reuse=args.reuse,
    )  # fmt: skip
    print(f"\n{ran} runs done, {skipped} were already recorded, in {results}")
    if unavailable:
        print(f"not run (data unavailable): {', '.join(unavailable)}", file=sys.stderr)
    if ran + skipped == 0:
        return 1
    print(terminal_summary(results))
    if not args.no_report:
        print(f"\nreport: {write_report(results, title=f'TASO benchmark: suite {suite.name}')}")
    return 0
