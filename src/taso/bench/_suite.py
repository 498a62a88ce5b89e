"""Suites: which workloads x algorithms x seeds to run, and the resumable loop that runs them."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from filelock import FileLock, Timeout
from tqdm import tqdm

from taso.bench._algorithms import ALGORITHMS, Algorithm, get_algorithm
from taso.bench._data import DataUnavailableError
from taso.bench._results import ResultStore, environment, make_record, run_key
from taso.bench._runner import train
from taso.bench._workloads import WORKLOADS, Workload, get_workload, prepare

__all__ = ["SUITES", "PlannedRun", "Suite", "copy_reused", "plan", "run_suite", "suite_status"]

PAPER_ALGORITHMS = ("taso", "adam", "rmsprop", "adagrad")
OFFLINE = tuple(name for name, w in WORKLOADS.items() if w.offline and not w.holdout)
CONTROL_ALGORITHMS = tuple(name for name, a in ALGORITHMS.items() if a.family == "control")


@dataclass(frozen=True)
class Suite:
    name: str
    workloads: tuple[str, ...]
    algorithms: tuple[str, ...]
    seeds: int = 3
    description: str = ""


SUITES: dict[str, Suite] = {
    "quick": Suite("quick", ("mnist1d-cnn", "mnist1d-mlp"), PAPER_ALGORITHMS,
                   description="MNIST-1D (embedded, no download), the 4 paper algorithms"),
    "paper": Suite("paper", OFFLINE, PAPER_ALGORITHMS,
                   description="every offline workload, the 4 paper algorithms"),
    "controls": Suite("controls", OFFLINE, ("taso", *CONTROL_ALGORITHMS),
                      description="every offline workload, TASO and the control algorithms"),
    "auto": Suite("auto", OFFLINE, ("taso-auto", "sf-adamw", "taso"), seeds=10,
                  description="every offline workload: AutoTASO, schedule-free AdamW and TASO at their "
                              "defaults, 10 seeds"),
}  # fmt: skip


@dataclass(frozen=True)
class PlannedRun:
    workload: str
    algorithm: str
    seed: int
    key: str


def plan(
    suite: Suite,
    workloads: Sequence[str] | None = None,
    algorithms: Sequence[str] | None = None,
    seeds: int | None = None,
    shard: tuple[int, int] = (0, 1),
    numerics: dict[str, Any] | None = None,
) -> list[PlannedRun]:
    """Every run of a suite (optionally narrowed), in a fixed order; shard ``(k, n)`` keeps
    every n-th run starting at k, so n machines can split a suite."""
    ws = [get_workload(w).name for w in (workloads or suite.workloads)]
    als = [get_algorithm(a).name for a in (algorithms or suite.algorithms)]
    n_seeds = suite.seeds if seeds is None else seeds
    if n_seeds < 1:
        raise ValueError(f"seeds must be an integer >= 1, got {n_seeds}")
    k, n = shard
    if not (n >= 1 and 0 <= k < n):
        raise ValueError(f"shard must be K/N with 0 <= K < N, got {k}/{n}")
    runs = []
    for w in ws:
        wl = get_workload(w)
        for a in als:
            for seed in range(n_seeds):
                key = run_key(wl.config(), ALGORITHMS[a].config(wl.modality), seed, numerics)
                runs.append(PlannedRun(w, a, seed, key))
    return runs[k::n]


def run_suite(
    suite: Suite,
    results: str | Path,
    *,
    workloads: Sequence[str] | None = None,
    algorithms: Sequence[str] | None = None,
    seeds: int | None = None,
    shard: tuple[int, int] = (0, 1),
    data_dir: str | Path | None = None,
    progress: bool = True,
    reuse: Sequence[str | Path] = (),
    device: str = "cpu",
    amp: str | None = None,
    compile: bool = False,
) -> tuple[int, int, list[str]]:
    """Run every planned run not yet in ``results``; return (ran, skipped, unavailable).

    Runs with the same key already recorded in a ``reuse`` directory are copied, not rerun."""
    filename = "runs.jsonl" if shard == (0, 1) else f"runs-{shard[0]}of{shard[1]}.jsonl"
    store = ResultStore(results, filename)
    runs = plan(suite, workloads, algorithms, seeds, shard, numerics(amp, compile))
    done = store.keys()
    for problem in store.problems:
        print(f"skipped {problem}", file=sys.stderr)
    todo = [r for r in runs if r.key not in done]
    skipped = len(runs) - len(todo)
    copied = copy_reused(store, [r.key for r in todo], reuse)
    todo = [r for r in todo if r.key not in copied]
    skipped += len(copied)
    unavailable: list[str] = []
    env = environment(device, amp, compile)
    train_kwargs = {"device": device, "amp": amp, "compile": compile}
    if skipped:
        print(f"{skipped} of {len(runs)} runs already in {store.directory}; running the other {len(todo)}")
    bar = tqdm(total=len(todo), desc=f"suite {suite.name}", unit="run", disable=not progress,
               file=sys.stderr, dynamic_ncols=True)  # fmt: skip
    ran = busy = 0
    for planned in todo:
        workload = get_workload(planned.workload)
        algorithm = ALGORITHMS[planned.algorithm]
        if workload.name in unavailable:
            bar.update(1)
            continue
        with claim_run(results, planned) as (state, owner):
            if state != "ours":
                busy += state == "busy"
                skipped += state == "recorded"
                bar.update(1)
                continue
            ran += _run_one(
                planned,
                workload,
                algorithm,
                suite,
                store,
                env,
                data_dir,
                unavailable,
                bar,
                owner,
                train_kwargs,
            )
    bar.close()
    if busy:
        print(
            f"{busy} runs were being trained by another process on {results}; it records them",
            file=sys.stderr,
        )
    return ran, skipped, unavailable


def numerics(amp: str | None, compile: bool) -> dict[str, Any] | None:
    """What enters a run's key beside its configuration: bf16 autocast, torch.compile (if set)."""
    out: dict[str, Any] = {}
    if amp:
        out["amp"] = amp
    if compile:
        out["compile"] = True
    return out or None


def copy_reused(store: ResultStore, todo: Iterable[str], reuse: Sequence[str | Path]) -> set[str]:
    """Copy into ``store`` the records of the ``todo`` run keys that a ``reuse`` directory already
    holds (same key), marked ``reused_from``; return their keys."""
    if not reuse:
        return set()
    reusable = {r["key"]: r for d in reuse for r in ResultStore(d).records()}
    copied = {key for key in todo if key in reusable}
    for key in sorted(copied):
        store.append({**reusable[key], "reused_from": str(list(map(str, reuse)))})
    return copied


@contextmanager
def claim_run(results: str | Path, planned: PlannedRun) -> Iterator[tuple[str, Path]]:
    """Claim one run of a results directory for this process, so that several processes (on
    this machine, or sharing the directory) train each run once. Yields ``(state, owner)``:
    ``"busy"`` (another process holds the run's lock in ``results/.claims``), ``"recorded"`` (it
    was recorded since it was planned) or ``"ours"`` (train it; ``owner`` is the file that says
    who and since when, its mtime the heartbeat ``taso bench status`` reads). The lock and the
    owner file are released on exit."""
    claims = Path(results) / ".claims"
    claims.mkdir(parents=True, exist_ok=True)
    owner = claims / f"{planned.key}.owner"
    lock = FileLock(claims / f"{planned.key}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        yield "busy", owner
        return
    try:
        recorded = ResultStore(results).keys()  # a set of record keys
        if planned.key in recorded:
            yield "recorded", owner
            return
        _write_owner(owner, planned)
        yield "ours", owner
    finally:
        owner.unlink(missing_ok=True)
        lock.release()


def _write_owner(path: Path, planned: PlannedRun) -> None:
    """Who trains a claimed run (read by ``taso bench status``); its mtime is the heartbeat."""
    info = {"host": socket.gethostname(), "pid": os.getpid(), "started": time.time(),
            "workload": planned.workload, "algorithm": planned.algorithm, "seed": planned.seed}  # fmt: skip
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(info), encoding="utf-8")
    tmp.replace(path)


def suite_status(
    suite: Suite,
    results: str | Path,
    seeds: int | None = None,
    workloads: Sequence[str] | None = None,
    algorithms: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Done, running (with host, pid and seconds since the last heartbeat), and waiting runs of
    ``suite`` in ``results``. A run is running while a process holds its claim (the lock is
    released by the operating system when that process dies, so a dead worker's run is waiting)."""
    store = ResultStore(results)
    records = list(store.records())
    suite_records = [r for r in records if r.get("suite") == suite.name]
    if seeds is None:
        seeds = max([suite.seeds, *(r["seed"] + 1 for r in suite_records)])
    runs = plan(suite, workloads, algorithms, seeds)
    done = {r["key"] for r in records}
    claims = Path(results) / ".claims"
    running: list[dict[str, Any]] = []
    for planned in runs:
        if planned.key in done:
            continue
        lock = claims / f"{planned.key}.lock"
        if not lock.exists():
            continue
        probe = FileLock(lock)
        try:
            probe.acquire(timeout=0)
        except Timeout:
            owner = claims / f"{planned.key}.owner"
            info: dict[str, Any] = {"workload": planned.workload, "algorithm": planned.algorithm,
                                    "seed": planned.seed}  # fmt: skip
            try:
                info.update(json.loads(owner.read_text(encoding="utf-8")))
                info["heartbeat_age"] = time.time() - owner.stat().st_mtime
            except (OSError, ValueError):
                pass
            running.append(info)
        else:
            probe.release()
    n_done = sum(r.key in done for r in runs)
    return {
        "suite": suite.name, "seeds": seeds, "planned": len(runs), "done": n_done, "running": running,
        "waiting": len(runs) - n_done - len(running),
        "diverged": sum(r["result"]["status"] != "ok" for r in records if r["key"] in {p.key for p in runs}),
        "problems": store.problems,
    }  # fmt: skip


def _run_one(planned: PlannedRun, workload: Workload, algorithm: Algorithm, suite: Suite, store: ResultStore,
             env: dict[str, Any], data_dir: str | Path | None, unavailable: list[str], bar: tqdm,
             owner: Path | None = None, train_kwargs: dict[str, Any] | None = None) -> int:  # fmt: skip
    """Train and record one claimed run; 1 if it ran, 0 if its data is unavailable."""
    try:
        data = prepare(workload, data_dir)
    except DataUnavailableError as exc:
        unavailable.append(workload.name)
        tqdm.write(f"skipping {workload.name}: {exc}", file=sys.stderr)
        bar.update(1)
        return 0
    bar.set_postfix_str(f"{planned.workload} / {planned.algorithm} / seed {planned.seed}")

    def show(rec, _p=planned):
        if owner is not None:
            owner.touch()  # the heartbeat `taso bench status` reads
        bar.set_postfix_str(
            f"{_p.workload} / {_p.algorithm} / seed {_p.seed}: epoch {rec.epoch}, "
            f"val acc {rec.val_accuracy:.1f}%"
        )

    result = train(workload, algorithm, planned.seed, data=data, on_epoch=show, **(train_kwargs or {}))
    store.append(
        make_record(planned.key, suite.name, workload.config(), algorithm.config(workload.modality),
                    result.to_dict(), {**env, "threads": torch.get_num_threads()})
    )  # fmt: skip
    bar.update(1)
    tqdm.write(
        f"{planned.workload:>18} {planned.algorithm:>13} seed {planned.seed}: "
        f"{result.status:>8}  test acc {result.test_accuracy:6.2f}%  ({result.wall_time:.1f}s)",
        file=sys.stderr,
    )
    return 1
