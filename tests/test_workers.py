"""`taso bench run --workers N`: every run trained and recorded once, the same numbers as a serial
run, through SIGKILLs of the whole worker group; and `taso bench status`."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from filelock import FileLock

from taso.bench import ResultStore
from taso.bench._suite import SUITES, plan

ENV = {**os.environ, "OMP_NUM_THREADS": "1"}
SUITE = ["--suite", "quick", "--workloads", "digits-mlp", "--algorithms", "adam", "taso", "--seeds", "4"]


def _cmd(results: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "taso", "bench", "run", *SUITE, "--results", str(results), "--no-progress",
            "--no-report", *extra]  # fmt: skip


def _comparable(record: dict) -> dict:
    """A record without what legitimately differs between two identical runs (times, provenance)."""
    result = {k: v for k, v in record["result"].items() if k != "wall_time"}
    result["epochs"] = [{k: v for k, v in e.items() if k != "wall_time"} for e in result["epochs"]]
    return {"key": record["key"], "config": record["config"], "result": result,
            "threads": record["environment"]["threads"]}  # fmt: skip


def _serial(tmp_path: Path) -> dict[str, dict]:
    subprocess.run(_cmd(tmp_path / "serial", "--threads", "1"), check=True, capture_output=True, env=ENV,
                   timeout=900)  # fmt: skip
    return {r["key"]: _comparable(r) for r in ResultStore(tmp_path / "serial").records()}


def test_workers_record_each_run_once_with_the_serial_numbers_even_when_killed(tmp_path: Path) -> None:
    serial = _serial(tmp_path)
    expected = {p.key for p in plan(SUITES["quick"], ["digits-mlp"], ["adam", "taso"], 4)}
    assert set(serial) == expected
    out = tmp_path / "workers"
    # three SIGKILLs of the whole group (parent and workers) at fixed moments, then a clean rerun;
    # whatever each kill interrupts, the invariants below must hold
    for delay in (3.0, 5.0, 7.0):
        proc = subprocess.Popen(_cmd(out, "--workers", "2"), env=ENV, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done = subprocess.run(_cmd(out, "--workers", "2"), capture_output=True, text=True, env=ENV, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    records = list(ResultStore(out).records())
    keys = [r["key"] for r in records]
    assert sorted(keys) == sorted(expected)  # the exact set, no duplicate
    assert {r["key"]: _comparable(r) for r in records} == serial  # bit-identical numbers, 1 thread each
    assert "2 workers (1 torch thread(s) each)" in done.stderr


def test_status_counts_done_running_and_waiting_runs(tmp_path: Path) -> None:
    one_seed = [a if a != "4" else "1" for a in _cmd(tmp_path, "--threads", "1")]  # seed 0 of both
    subprocess.run(one_seed, check=True, capture_output=True, env=ENV, timeout=900)
    runs = plan(SUITES["quick"], ["digits-mlp"], ["adam", "taso"], 4)
    # a worker (this test) holds the claim of one waiting run
    claims = tmp_path / ".claims"
    held = next(p for p in runs if p.seed == 2)
    lock = FileLock(claims / f"{held.key}.lock")
    lock.acquire()
    try:
        (claims / f"{held.key}.owner").write_text(
            json.dumps({"host": socket.gethostname(), "pid": os.getpid()})
        )
        out = subprocess.run([sys.executable, "-m", "taso", "bench", "status", "--results", str(tmp_path),
                              "--seeds", "4", "--workloads", "digits-mlp", "--algorithms", "adam", "taso"], capture_output=True, text=True, env=ENV, timeout=120)  # fmt: skip
    finally:
        lock.release()
    assert out.returncode == 0, out.stderr
    # 1 workload x 2 algorithms x 4 seeds: 2 runs are done, 1 is running
    assert (
        "suite quick (4 seeds)" in out.stdout
        and ": 2 of 8 done (0 diverged), 1 running, 5 waiting" in out.stdout
    )
    assert (
        f"running: digits-mlp / {held.algorithm} / seed 2 on {socket.gethostname()} pid {os.getpid()}"
        in out.stdout
    )
    assert "last heartbeat" in out.stdout
    bad = subprocess.run([sys.executable, "-m", "taso", "bench", "status", "--results", str(tmp_path / "nope")],
                         capture_output=True, text=True, env=ENV, timeout=120)  # fmt: skip
    assert bad.returncode == 2 and "is not a directory" in bad.stderr


FAST_WORKER = """
import sys, time
from taso.bench import _suite
from taso.bench._runner import RunResult

def fake_train(workload, algorithm, seed, **kwargs):  # a run that takes 5 ms: the claims are what is tested
    time.sleep(0.005)
    return RunResult(workload.name, algorithm.name, seed, "ok", [], 50.0, 1.0, 1.0, 50.0, 1, 0.005)

_suite.train = fake_train
ran, skipped, _ = _suite.run_suite(_suite.SUITES["quick"], sys.argv[1], workloads=["digits-mlp"],
                                   algorithms=["adam", "taso"], seeds=100, progress=False)
print(ran)
"""


def test_four_local_workers_record_200_runs_each_exactly_once(tmp_path: Path) -> None:
    script = tmp_path / "worker.py"
    script.write_text(FAST_WORKER)
    results = tmp_path / "results"
    procs = [subprocess.Popen([sys.executable, str(script), str(results)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=ENV) for _ in range(4)]  # fmt: skip
    outs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    keys = [r["key"] for r in ResultStore(results).records()]
    assert len(keys) == 200 and len(set(keys)) == 200  # 0 recorded twice, none lost
    assert sum(int(o[0].split()[-1]) for o in outs) == 200  # and trained exactly once in all


REPLACED_ALGORITHM = """
import dataclasses, sys
from taso._cli import main
from taso.bench import _algorithms
taso = _algorithms.ALGORITHMS["taso"]
_algorithms.ALGORITHMS["taso"] = dataclasses.replace(taso, schedule_kwargs={**taso.schedule_kwargs, "alpha": 20.0})
sys.exit(main(sys.argv[1:]))
"""


def test_workers_of_a_script_that_replaced_an_algorithm_refuse_to_train_the_registered_one(
    tmp_path: Path,
) -> None:
    """``--workers`` children plan again in fresh processes, from the installed registry: a script
    that changed an algorithm in its own process would have them train (and record) the registered
    one. They compare their plan with the parent's and stop before training; the parent says why."""
    script = tmp_path / "replaced.py"
    script.write_text(REPLACED_ALGORITHM)
    out = tmp_path / "results"
    args = ["bench", "run", "--suite", "quick", "--workloads", "digits-mlp", "--algorithms", "taso", "--seeds",
            "2", "--results", str(out), "--no-progress", "--no-report"]  # fmt: skip
    done = subprocess.run([sys.executable, str(script), *args, "--workers", "2"], capture_output=True,
                          text=True, env=ENV, timeout=600)  # fmt: skip
    assert done.returncode != 0
    assert "planned other runs than this process" in done.stderr and "ALGORITHMS" in done.stderr
    assert list(ResultStore(out).records()) == []  # nothing trained under either plan
    # the same command without the replacement: workers and parent agree, and both runs are trained
    ok = subprocess.run([sys.executable, "-m", "taso", *args, "--workers", "2"], capture_output=True, text=True,
                        env=ENV, timeout=600)  # fmt: skip
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert sorted(r["seed"] for r in ResultStore(out).records()) == [0, 1]
