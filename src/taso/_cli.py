"""The ``taso`` command line: ``taso schedule`` previews a schedule; ``taso bench`` runs the
benchmark harness (needs the ``bench`` extra)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from taso._schedule import TASOSchedule


def _schedule_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schedule",
        help="print (and optionally plot) the TASO learning rate for given parameters",
        description="Print the TASO schedule lr(t) = LR_I / (1 + exp(alpha (t/T - beta))) + LR_F.",
    )
    p.add_argument("--total-steps", type=int, required=True, help="planned length T in steps")
    p.add_argument("--lr", type=float, default=0.1, help="LR_I, the high-phase rate (default 0.1)")
    final = p.add_mutually_exclusive_group()
    final.add_argument("--lr-final", type=float, help="LR_F, absolute")
    final.add_argument("--final-ratio", type=float, help="LR_F / LR_I (default 1e-3)")
    p.add_argument("--alpha", type=float, default=25.0, help="steepness (default 25)")
    p.add_argument("--beta", type=float, default=0.7, help="transition point as a fraction of T")
    p.add_argument("--offset", type=int, default=0, choices=(0, 1), help="1: authors' (t+1)/T")
    p.add_argument("--exact-endpoints", action="store_true", help="hit LR_I at t=0, LR_F at t=T")
    p.add_argument("--rows", type=int, default=11, help="how many evenly spaced steps to print")
    p.add_argument("--plot", metavar="PNG", help="write a plot of the curve to this file")


def _run_schedule(args: argparse.Namespace) -> int:
    sched = TASOSchedule(
        total_steps=args.total_steps,
        lr_initial=args.lr,
        lr_final=args.lr_final,
        final_ratio=args.final_ratio,
        alpha=args.alpha,
        beta=args.beta,
        offset=args.offset,
        exact_endpoints=args.exact_endpoints,
    )
    start, end = sched.transition_window
    print(sched)
    print(
        f"LR_F = {sched.lr_floor:.6g}; transition at step {sched.transition_step:.1f} "
        f"(phase window {start:.1f} .. {end:.1f})"
    )
    rows = max(2, args.rows)
    steps = sorted({round(i * sched.total_steps / (rows - 1)) for i in range(rows)})
    print(f"{'step':>10} {'lr':>14}  phase")
    for t in steps:
        print(f"{t:>10d} {sched(t):>14.8g}  {sched.phase(t)}")
    if args.plot:
        from taso._plot import plot_schedule

        print(f"wrote {plot_schedule(sched, args.plot)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``taso`` command."""
    parser = argparse.ArgumentParser(prog="taso", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _schedule_parser(sub)
    bench = sub.add_parser("bench", help="the benchmark harness (run, report, list)", add_help=False)
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    args, extra = parser.parse_known_args(argv)
    try:
        if args.command == "schedule":
            if extra:
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
            return _run_schedule(args)
        from taso.bench._cli import main as bench_main

        return bench_main([*args.rest, *extra])
    except (ValueError, TypeError) as exc:
        print(f"taso: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output was piped into `head` or the like
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (keep Python from complaining at exit)
        return 0
    except KeyboardInterrupt:
        # finished runs and trials are already on disk (each is written when it ends); a worker of
        # `--workers N` leaves the one line to its parent
        if not os.environ.get("TASO_WORKER"):
            print("\ninterrupted; rerun the same command to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
