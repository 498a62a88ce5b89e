"""``taso bench``: run suites, write reports, list what exists, download datasets."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
    from taso.bench._suite import PAPER_ALGORITHMS, SUITES

    p = argparse.ArgumentParser(prog="taso bench", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)

    run = sub.add_parser("run", help="run a suite (skips runs already recorded)")
    run.add_argument("--suite", choices=sorted(SUITES), default="quick")
    run.add_argument(
        "--workloads",
        nargs="+",
        metavar="NAME",
        help="narrow to these workloads (NAME@E: NAME trained for E epochs)",
    )
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
    run.add_argument(
        "--device", default="cpu", help="auto (cuda, then mps, else cpu), cpu, cuda or mps (default cpu)"
    )
    run.add_argument(
        "--amp", choices=["bf16"], help="bfloat16 autocast for forward passes (enters the run keys)"
    )
    run.add_argument("--compile", action="store_true", help="torch.compile the model (enters the run keys)")
    run.add_argument("--workers", type=int, default=1,
                     help="local worker processes, each with --threads torch threads (default 1 each when "
                          "--workers > 1); each run is claimed by exactly one of them")  # fmt: skip
    run.add_argument("--storage", help="an Optuna storage URL (postgresql://... for many machines): the suite's "
                     "runs become one study's enqueued trials, each claimed once by any worker on any machine; "
                     "each machine's --results gets every finished run")  # fmt: skip
    run.add_argument("--heartbeat", type=int, default=10, help="seconds between run heartbeats (--storage)")
    run.add_argument(
        "--grace", type=int, help="seconds without heartbeat before a run counts as dead (--storage)"
    )
    run.add_argument("--no-report", action="store_true", help="do not write report.md after")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")

    st = sub.add_parser("status", help="done / running / waiting runs of a suite's results directory")
    where = st.add_mutually_exclusive_group(required=True)
    where.add_argument("--results", type=Path, help="a results directory (runs claimed on this machine)")
    where.add_argument("--storage", help="an Optuna storage: every study (suites and tuning) in it")
    st.add_argument("--suite", choices=sorted(SUITES), help="default: the suites the records name")
    st.add_argument("--seeds", type=int, help="default: the suite's, or more if the records have more")
    st.add_argument("--workloads", nargs="+", metavar="NAME", help="narrow to these workloads (as for run)")
    st.add_argument("--algorithms", nargs="+", metavar="NAME", help="narrow to these algorithms (as for run)")

    rep = sub.add_parser("report", help="write report.md + plots from result files")
    rep.add_argument("--results", type=Path, default=DEFAULT_RESULTS / "quick")
    rep.add_argument("--also", type=Path, nargs="*", default=[], help="more results directories")
    rep.add_argument("--title")
    rep.add_argument("--no-plots", action="store_true")
    rep.add_argument("--reference", help="the algorithm compared with all others (default: taso-auto "
                                         "where the results have it, else taso)")  # fmt: skip
    rep.add_argument("--margin", type=float, metavar="PP",
                     help="add a non-inferiority section: where the reference is shown to be at most PP "
                          "points of test accuracy behind each competitor (e.g. 0.3)")  # fmt: skip

    tune = sub.add_parser("tune", help="hyperparameter validation with Optuna (the 'optimal' scenario)")
    tune.add_argument("--workload", required=True, help="workload name (see `taso bench list`)")
    tune.add_argument("--algorithms", nargs="+", default=list(PAPER_ALGORITHMS), metavar="NAME",
                      help="one study each (default: the 4 paper algorithms)")  # fmt: skip
    tune.add_argument("--mode", choices=["paper", "budget"], default=None,
                      help="paper (the default): the authors' 20-point grids; budget: K quasi-random trials each")  # fmt: skip
    tune.add_argument("--trials", type=int, help="K trials per algorithm (budget mode; same K for all)")
    tune.add_argument(
        "--storage",
        default=f"sqlite:///{DEFAULT_RESULTS / 'tune' / 'optuna.db'}",
        help="Optuna storage URL: a local SQLite file (default) or postgresql://...",
    )
    tune.add_argument(
        "--epochs", type=int, help="epochs per trial (default: the workload's; fixed per study)"
    )
    tune.add_argument("--pruner", choices=["none", "median", "hyperband"], default="none",
                      help="stop unpromising trials early on their per-epoch validation accuracy")  # fmt: skip
    tune.add_argument("--seed", type=int, default=0, help="training seed of every trial (and the Sobol seed)")
    tune.add_argument("--max-trials", type=int, help="stop this worker after N trials")
    tune.add_argument("--heartbeat", type=int, default=10, help="seconds between trial heartbeats")
    tune.add_argument("--grace", type=int, help="seconds without heartbeat before a trial counts as dead")
    tune.add_argument("--data-dir", type=Path, help="directory with downloaded datasets")
    tune.add_argument("--threads", type=int, help="torch threads (default: all cores)")

    ree = sub.add_parser("reeval", help="train a study's top trials on more seeds before selection")
    ree.add_argument("--workload", required=True)
    ree.add_argument("--algorithms", nargs="+", default=list(PAPER_ALGORITHMS), metavar="NAME")
    ree.add_argument("--mode", choices=["paper", "budget"], default="budget")
    ree.add_argument("--storage", required=True, help="the Optuna storage the sweeps used")
    ree.add_argument("--top", type=int, default=3, help="how many of the best trials (default 3)")
    ree.add_argument(
        "--seeds", type=int, default=3, help="seeds per candidate, the trial's own included (default 3)"
    )
    ree.add_argument("--heartbeat", type=int, default=10)
    ree.add_argument("--grace", type=int)
    ree.add_argument("--threads", type=int, help="torch threads (default: all cores)")
    ree.add_argument("--data-dir", type=Path)

    final = sub.add_parser("final", help="rerun the best tuned configurations on fresh seeds")
    final.add_argument(
        "--workload",
        required=True,
        help="workload name (see `taso bench list`); NAME@E runs the configuration tuned on NAME for E epochs",
    )
    final.add_argument("--algorithms", nargs="+", default=list(PAPER_ALGORITHMS), metavar="NAME")
    final.add_argument("--mode", choices=["paper", "budget"], default="paper")
    final.add_argument("--storage", default=f"sqlite:///{DEFAULT_RESULTS / 'tune' / 'optuna.db'}",
                       help="the Optuna storage the sweeps used")  # fmt: skip
    final.add_argument(
        "--seeds", type=int, default=5, help="fresh seeds 1000, 1001, ... (never the trials' seed)"
    )
    final.add_argument("--threads", type=int, help="torch threads (default: all cores)")
    final.add_argument(
        "--first-seed",
        type=int,
        default=1000,
        help="the first seed (default 1000; 0 pairs the runs with a suite's seeds 0, 1, ...)",
    )
    final.add_argument("--best-family-from", type=Path, metavar="DIR",
                       help="instead of --algorithms: the one algorithm whose final runs in DIR have the "
                            "best mean final validation accuracy on this workload (never test)")  # fmt: skip
    final.add_argument("--results", type=Path, default=DEFAULT_RESULTS / "tuned",
                       help="results directory (runs already there are skipped)")  # fmt: skip
    final.add_argument("--reuse", type=Path, nargs="+", default=[], metavar="DIR",
                       help="copy runs with the same key from these results directories instead of "
                            "training them again")  # fmt: skip
    final.add_argument("--data-dir", type=Path, help="directory with downloaded datasets")
    final.add_argument("--allow-incomplete", action="store_true",
                       help="use the best trial so far even if trials are still waiting or running")  # fmt: skip

    trep = sub.add_parser("tune-report", help="report of the tuned scenario beside the default one")
    trep.add_argument("--storage", default=f"sqlite:///{DEFAULT_RESULTS / 'tune' / 'optuna.db'}")
    trep.add_argument("--mode", choices=["paper", "budget"], default="paper")
    trep.add_argument(
        "--tuned", type=Path, default=DEFAULT_RESULTS / "tuned", help="final runs' results directory"
    )
    trep.add_argument(
        "--default", type=Path, nargs="+", default=[DEFAULT_RESULTS / "paper"], metavar="DIR",
        help="default (untuned) results directories, e.g. the paper suite's and the controls'",
    )  # fmt: skip
    trep.add_argument("--out", type=Path, default=DEFAULT_RESULTS / "tuned")
    trep.add_argument("--target-fraction", type=float, default=0.98)

    adv = sub.add_parser(
        "advice", help='"which optimizer should I use?" per workload family, from result files'
    )
    adv.add_argument("--default", type=Path, nargs="+", required=True, metavar="DIR",
                     help="default-hyperparameter results (e.g. docs/results/paper docs/results/controls)")  # fmt: skip
    adv.add_argument("--tuned", type=Path, nargs="*", default=[], metavar="DIR", help="tuned final runs")
    adv.add_argument("--auto", type=Path, nargs="*", default=[], metavar="DIR",
                     help="AutoTASO results (docs/results/auto: taso-auto beside the best tuned runs)")  # fmt: skip
    adv.add_argument("--out", type=Path, default=DEFAULT_RESULTS / "advice.md")

    sub.add_parser("list", help="list suites, workloads and algorithms")

    dl = sub.add_parser("download", help="download a dataset that is not available offline")
    dl.add_argument("name", choices=["fashion-mnist", "cifar10", "cifar100", "svhn", "agnews"])
    dl.add_argument("--data-dir", type=Path)
    return p


def _check_writable(directory: Path, what: str) -> None:
    """Fail before any training if results cannot be written to ``directory`` (a uniquely named
    probe file, so concurrent invocations on one directory do not trip over each other)."""
    import tempfile

    if directory.exists() and not directory.is_dir():
        raise ValueError(f"{what} must be a directory, got the file {directory}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ValueError(f"{what} {directory} is not writable: {exc.strerror or exc}") from None


def _check_storage(url: str) -> None:
    """A storage URL Optuna can open: sqlite:///FILE or postgresql://..., checked before any work."""
    import sqlalchemy.exc
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
        parsed.get_dialect()
    except (sqlalchemy.exc.ArgumentError, sqlalchemy.exc.NoSuchModuleError, ValueError):
        raise ValueError(
            f"storage must be an Optuna RDB URL such as sqlite:///results/tune/optuna.db or "
            f"postgresql://user:password@host/db, got {url!r}"
        ) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        _check_writable(Path(parsed.database).parent, "the SQLite storage's directory")


def _check_positive(name: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value}")


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
    if args.cmd == "tune":
        import torch

        from taso.bench._algorithms import get_algorithm
        from taso.bench._tune import tune
        from taso.bench._workloads import get_workload

        # everything that can be checked is checked before a study is created or a model trained
        for name in ("trials", "epochs", "heartbeat", "grace", "max_trials", "threads"):
            _check_positive(f"--{name.replace('_', '-')}", getattr(args, name))
        get_workload(args.workload)
        for algorithm in args.algorithms:
            get_algorithm(algorithm)
        _check_storage(args.storage)
        if args.threads is not None:
            torch.set_num_threads(args.threads)
        if args.mode is None:
            args.mode = "paper"
            print(f"no --mode given: tuning {', '.join(args.algorithms)} on {args.workload} over the authors' "
                  f"grids (--mode paper); --mode budget runs K quasi-random trials per algorithm")  # fmt: skip
        if args.mode == "budget" and args.trials is None:
            raise ValueError("--mode budget needs --trials K (the same K trials for every algorithm)")
        for algorithm in args.algorithms:
            counts = tune(args.workload, algorithm, args.mode, args.storage, trials=args.trials, seed=args.seed,
                          epochs=args.epochs, pruner=args.pruner, heartbeat_interval=args.heartbeat,
                          grace_period=args.grace, data_dir=args.data_dir, max_trials=args.max_trials)  # fmt: skip
            print(f"{args.workload}/{algorithm}/{args.mode}: this worker ran {counts}")
        return 0
    if args.cmd == "reeval":
        from taso.bench._algorithms import get_algorithm
        from taso.bench._reeval import reevaluate
        from taso.bench._workloads import get_workload

        for name in ("top", "heartbeat", "grace", "threads"):
            _check_positive(f"--{name}", getattr(args, name))
        if args.seeds < 2:
            raise ValueError(
                f"--seeds must be an integer >= 2 (the trial's own seed and more), got {args.seeds}"
            )
        _check_storage(args.storage)
        get_workload(args.workload)
        for algorithm in args.algorithms:
            get_algorithm(algorithm)
        if args.threads is not None:
            import torch

            torch.set_num_threads(args.threads)
        for algorithm in args.algorithms:
            n = reevaluate(args.workload, algorithm, args.mode, args.storage, top=args.top, seeds=args.seeds,
                           heartbeat_interval=args.heartbeat, grace_period=args.grace, data_dir=args.data_dir)  # fmt: skip
            print(f"{args.workload}/{algorithm}/{args.mode}: this worker re-evaluated {n} units")
        return 0
    if args.cmd == "final":
        from taso.bench._tune import final_runs

        _check_positive("--seeds", args.seeds)
        _check_positive("--threads", args.threads)
        if args.threads is not None:
            import torch

            torch.set_num_threads(args.threads)
        if args.first_seed < 0:
            raise ValueError(f"--first-seed must be an integer >= 0, got {args.first_seed}")
        _check_storage(args.storage)
        _check_writable(args.results, "--results")
        algorithms = args.algorithms
        if args.best_family_from is not None:
            from taso.bench._report import best_tuned_family, load_records_and_problems
            from taso.bench._tune import tuned_families
            from taso.bench._workloads import base_workload

            tuned_on = base_workload(args.workload)  # NAME@E: the family tuned on NAME
            family, mean_val, n = best_tuned_family(
                load_records_and_problems([args.best_family_from])[0], tuned_on,
                families=tuned_families(args.storage, tuned_on, args.mode),
            )  # fmt: skip
            print(f"{tuned_on}: best tuned family by validation in {args.best_family_from}: {family} "
                  f"(mean final val acc {mean_val:.2f} over {n} seeds)")  # fmt: skip
            algorithms = [family]
        for algorithm in algorithms:
            ran, skipped = final_runs(args.workload, algorithm, args.mode, args.storage, args.results,
                                      seeds=args.seeds, first_seed=args.first_seed, data_dir=args.data_dir,
                                      allow_incomplete=args.allow_incomplete, reuse=args.reuse)  # fmt: skip
            print(f"{args.workload}/{algorithm}: {ran} final runs done, {skipped} already recorded")
        return 0
    if args.cmd == "tune-report":
        from taso.bench._tune_report import write_tune_report

        missing = [str(d) for d in args.default if not d.exists()]
        if missing and len(missing) < len(args.default):
            raise SystemExit(f"--default: no such results directory: {', '.join(missing)}")
        default = [d for d in args.default if d.exists()] or None
        path = write_tune_report(args.storage, args.tuned, default, args.out, mode=args.mode,
                                 target_fraction=args.target_fraction)  # fmt: skip
        print(f"report: {path}")
        return 0
    if args.cmd == "advice":
        from taso.bench._advice import write_advice

        print(f"advice: {write_advice(args.default, args.tuned, args.out, args.auto)}")
        return 0
    if args.cmd == "status":
        return _status(args)
    if args.cmd == "report":
        from taso.bench._report import load_records_and_problems, terminal_summary, write_report

        if args.margin is not None:  # refused before anything is read or written
            from taso.bench._stats import check_margin

            check_margin(args.margin, "--margin")
        for problem in load_records_and_problems([args.results, *args.also])[1]:
            print(f"skipped {problem}", file=sys.stderr)
        path = write_report(args.results, extra=args.also, title=args.title, plots=not args.no_plots,
                            reference=args.reference, margin=args.margin)  # fmt: skip
        print(terminal_summary(args.results, args.reference))
        print(f"\nreport: {path}")
        return 0

    import torch

    from taso.bench._report import terminal_summary, write_report
    from taso.bench._suite import SUITES, run_suite

    _check_positive("--threads", args.threads)
    _check_positive("--seeds", args.seeds)
    _check_positive("--workers", args.workers)
    suite = SUITES[args.suite]
    results = args.results or DEFAULT_RESULTS / suite.name
    _check_writable(results, "--results")  # before the first run trains, not after
    from taso.bench._results import resolve_device

    args.device = resolve_device(args.device)
    if args.storage is not None:
        _check_storage(args.storage)
        _check_positive("--heartbeat", args.heartbeat)
        _check_positive("--grace", args.grace)
    if not _check_parent_plan(args, suite):
        print("error: this --workers process planned other runs than its parent; nothing trained",
              file=sys.stderr)  # fmt: skip
        return _OTHER_PLAN
    if args.workers > 1:
        ran, skipped, unavailable = _run_workers(args, suite, results)
    elif args.storage is not None:
        ran, skipped, unavailable = _run_on_storage(args, suite, results)
    else:
        if args.threads is not None:
            torch.set_num_threads(args.threads)
        ran, skipped, unavailable = run_suite(
            suite, results, workloads=args.workloads, algorithms=args.algorithms, seeds=args.seeds,
            shard=args.shard, data_dir=args.data_dir, progress=not args.no_progress, reuse=args.reuse,
            device=args.device, amp=args.amp, compile=args.compile,
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


_PLAN_ENV = "TASO_WORKER_PLAN"
_OTHER_PLAN = 3  # a worker's exit code when its plan is not its parent's


def _check_parent_plan(args: argparse.Namespace, suite: Any) -> bool:
    """In a ``--workers`` child: whether it plans the runs its parent planned (same keys, same order)."""
    import os

    from taso.bench._engine import suite_study_name
    from taso.bench._suite import numerics, plan

    expected = os.environ.get(_PLAN_ENV)
    if not expected:
        return True
    runs = plan(
        suite, args.workloads, args.algorithms, args.seeds, args.shard, numerics(args.amp, args.compile)
    )
    return suite_study_name(suite.name, [r.key for r in runs]) == expected


def _run_workers(args: argparse.Namespace, suite: Any, results: Path) -> tuple[int, int, list[str]]:
    """``--workers N``: N local processes of this same command, each claiming runs one at a time
    (a file lock per run in ``results/.claims``), so each run is trained and recorded once."""
    import os
    import subprocess

    from taso.bench._engine import suite_study_name
    from taso.bench._results import ResultStore
    from taso.bench._suite import copy_reused, numerics, plan

    # validates the names first
    runs = plan(
        suite, args.workloads, args.algorithms, args.seeds, args.shard, numerics(args.amp, args.compile)
    )
    filename = "runs.jsonl" if args.shard == (0, 1) else f"runs-{args.shard[0]}of{args.shard[1]}.jsonl"
    store = ResultStore(results, filename)
    done = store.keys()
    before = sum(r.key in done for r in runs)
    copied = copy_reused(
        store, [r.key for r in runs if r.key not in done], args.reuse
    )  # once, not per worker
    threads = args.threads or 1
    child = ["bench", "run", "--suite", suite.name, "--results", str(results), "--threads", str(threads),
             "--shard", f"{args.shard[0]}/{args.shard[1]}", "--no-report", "--no-progress"]  # fmt: skip
    for flag, value in (("--workloads", args.workloads), ("--algorithms", args.algorithms)):
        if value:
            child += [flag, *value]
    if args.seeds is not None:
        child += ["--seeds", str(args.seeds)]
    if args.data_dir is not None:
        child += ["--data-dir", str(args.data_dir)]
    child += ["--device", args.device] + (["--amp", args.amp] if args.amp else [])
    child += ["--compile"] if args.compile else []
    if args.storage is not None:
        child += ["--storage", args.storage, "--heartbeat", str(args.heartbeat)]
        child += ["--grace", str(args.grace)] if args.grace is not None else []
    # a worker plans again in its own process: it must plan these very runs (a script that replaced a
    # registered algorithm in this process would otherwise have its workers train the registered one)
    plan_name = suite_study_name(suite.name, [r.key for r in runs])  # also the storage study's name
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "TASO_WORKER": "1", _PLAN_ENV: plan_name}
    todo = len(runs) - before - len(copied)
    print(f"{before + len(copied)} of {len(runs)} runs already in {results}; {args.workers} workers "
          f"({threads} torch thread(s) each) run the other {todo}", file=sys.stderr)  # fmt: skip
    procs = [subprocess.Popen([sys.executable, "-m", "taso", *child], env=env, stdout=subprocess.DEVNULL)
             for _ in range(args.workers)]  # fmt: skip
    try:
        codes = [p.wait() for p in procs]
    except KeyboardInterrupt:
        for p in procs:  # they got the same Ctrl-C; let them finish writing
            p.wait()
        raise
    failed = [c for c in codes if c not in (0, 1)]
    if _OTHER_PLAN in failed:
        raise RuntimeError(
            "the --workers processes planned other runs than this process (its algorithm or workload "
            "registry differs from the installed taso's, e.g. a script that replaced a registered "
            "algorithm in taso.bench._algorithms.ALGORITHMS): nothing was trained; run such a script "
            "without --workers, or start several copies of it on one --results directory"
        )
    if failed:
        raise RuntimeError(f"{len(failed)} of {args.workers} workers failed (exit codes {failed}); "
                           "rerun the same command to resume")  # fmt: skip
    if args.storage is not None:  # the workers wrote their own runs; add what other machines ran
        from taso.bench._engine import export_records

        export_records(args.storage, plan_name, results)
    recorded = store.keys() | {r["key"] for r in ResultStore(results).records()}
    ran = sum(r.key in recorded for r in runs) - before - len(copied)
    return ran, before + len(copied), []


def _run_on_storage(args: argparse.Namespace, suite: Any, results: Path) -> tuple[int, int, list[str]]:
    """One worker of a suite whose runs are enqueued in an Optuna storage (see ``_engine``)."""
    import os

    import torch

    from taso.bench._engine import export_records, run_suite_worker, suite_study_name
    from taso.bench._results import ResultStore
    from taso.bench._suite import copy_reused, numerics, plan

    runs = plan(
        suite, args.workloads, args.algorithms, args.seeds, args.shard, numerics(args.amp, args.compile)
    )
    store = ResultStore(results)
    done = store.keys()
    copied = copy_reused(store, [r.key for r in runs if r.key not in done], args.reuse)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    log = (lambda line: print(line, file=sys.stderr)) if not args.no_progress else (lambda line: None)
    counts = run_suite_worker(suite, runs, args.storage, results, data_dir=args.data_dir,
                              heartbeat_interval=args.heartbeat, grace_period=args.grace, log=log,
                              device=args.device, amp=args.amp, compile=args.compile)  # fmt: skip
    exported = 0
    if not os.environ.get("TASO_WORKER"):  # the parent of --workers exports once, after its workers
        exported = export_records(args.storage, suite_study_name(suite.name, [r.key for r in runs]), results)
    return counts["trained"], counts["recorded"] + len(copied) + exported, []


def _status(args: argparse.Namespace) -> int:
    from taso.bench._results import ResultStore
    from taso.bench._suite import SUITES, suite_status

    _check_positive("--seeds", args.seeds)
    if args.storage is not None:
        from taso.bench._engine import storage_status

        _check_storage(args.storage)
        for st in storage_status(args.storage):
            c = st["counts"]
            print(f"study {st['study']}: " + ", ".join(f"{c.get(k, 0)} {k}" for k in
                  ("complete", "running", "waiting", "fail", "pruned")))  # fmt: skip
            for r in st["running"]:
                age = r["heartbeat_age"]
                beat = f"last heartbeat {age:.0f} s ago" if age is not None else "no heartbeat yet"
                print(f"  running: trial {r['trial']} ({r['unit']}) on {r['worker']}, {beat}")
        return 0
    if not args.results.is_dir():
        raise ValueError(f"--results {args.results} is not a directory")
    found = {r.get("suite") for r in ResultStore(args.results).records() if "reused_from" not in r}
    known = sorted(n for n in found if isinstance(n, str) and n in SUITES)
    names: list[str] = [args.suite] if args.suite else known
    if not names:
        print(f"{args.results}: no runs of a known suite yet (give --suite)")
        return 0
    for name in names:
        st = suite_status(SUITES[name], args.results, args.seeds, args.workloads, args.algorithms)
        print(f"suite {name} ({st['seeds']} seeds) in {args.results}: {st['done']} of {st['planned']} done "
              f"({st['diverged']} diverged), {len(st['running'])} running, {st['waiting']} waiting")  # fmt: skip
        for r in st["running"]:
            age = r.get("heartbeat_age")
            beat = f"last heartbeat {age:.0f} s ago" if age is not None else "no heartbeat yet"
            print(f"  running: {r['workload']} / {r['algorithm']} / seed {r['seed']} on {r.get('host', '?')} "
                  f"pid {r.get('pid', '?')}, {beat}")  # fmt: skip
        for problem in st["problems"]:
            print(f"  skipped line: {problem}")
    return 0
