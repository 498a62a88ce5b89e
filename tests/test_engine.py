"""Suites on an Optuna storage (`taso bench run --storage URL`): each run claimed and recorded once
across workers and machines, a dead worker's run taken over by a live one, status per study."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import optuna
import pytest
from optuna.trial import TrialState

from taso.bench import ResultStore
from taso.bench._engine import suite_study_name
from taso.bench._suite import SUITES, plan

ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def _cmd(storage: str, results: Path, workloads: str, seeds: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "taso", "bench", "run", "--suite", "quick", "--workloads", workloads,
            "--algorithms", "adam", "taso", "--seeds", str(seeds), "--results", str(results), "--storage", storage,
            "--threads", "1", "--no-report", "--no-progress", *extra]  # fmt: skip


def _trials(storage: str, workloads: str, seeds: int) -> tuple[list[str], list]:
    keys = [p.key for p in plan(SUITES["quick"], [workloads], ["adam", "taso"], seeds)]
    study = optuna.load_study(storage=storage, study_name=suite_study_name("quick", keys))
    return keys, study.get_trials(deepcopy=False)


def _check_exactly_once(storage: str, results: list[Path], workloads: str, seeds: int) -> list:
    keys, trials = _trials(storage, workloads, seeds)
    complete = [t for t in trials if t.state == TrialState.COMPLETE]
    assert sorted(t.user_attrs["key"] for t in complete) == sorted(keys)  # each run completed once
    assert not [t for t in trials if t.state in (TrialState.RUNNING, TrialState.WAITING)]
    stored = {t.user_attrs["key"]: json.loads(t.user_attrs["record"]) for t in complete}
    for directory in results:  # every machine's results directory holds every run, once, identical
        records = list(ResultStore(directory).records())
        assert sorted(r["key"] for r in records) == sorted(keys)
        assert {r["key"]: r["result"]["test_accuracy"] for r in records} == {
            k: r["result"]["test_accuracy"] for k, r in stored.items()
        }
    return trials


def _share(storage: str, tmp_path: Path) -> None:
    # "machine" a: 3 local workers; "machine" b: one more worker on the same storage, at the same time
    a = subprocess.Popen(_cmd(storage, tmp_path / "a", "digits-mlp", 3, "--workers", "3"), env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    b = subprocess.Popen(_cmd(storage, tmp_path / "b", "digits-mlp", 3), env=ENV, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)  # fmt: skip
    outs = [p.communicate(timeout=900) for p in (a, b)]
    assert a.returncode == 0 and b.returncode == 0, [o[1][-2000:] for o in outs]
    trials = _check_exactly_once(storage, [tmp_path / "a", tmp_path / "b"], "digits-mlp", 3)
    assert len(trials) == 6  # no trial created twice by racing creators
    assert len({t.user_attrs["worker"] for t in trials}) >= 2
    # status lists the study with its counts
    out = subprocess.run([sys.executable, "-m", "taso", "bench", "status", "--storage", storage],
                         capture_output=True, text=True, env=ENV, timeout=120)  # fmt: skip
    assert out.returncode == 0 and "6 complete, 0 running, 0 waiting, 0 fail, 0 pruned" in out.stdout


def test_workers_on_sqlite_share_a_suite_exactly_once(tmp_path: Path) -> None:
    _share(f"sqlite:///{tmp_path / 'engine.db'}", tmp_path)


def test_workers_on_postgresql_share_a_suite_exactly_once(postgres_url: str, tmp_path: Path) -> None:
    _share(postgres_url, tmp_path)


def test_a_killed_workers_run_is_taken_over_by_a_running_worker(tmp_path: Path) -> None:
    storage = f"sqlite:///{tmp_path / 'engine.db'}"
    cmd = _cmd(storage, tmp_path / "r", "mnist1d-mlp", 3, "--heartbeat", "1", "--grace", "4")
    # the victim starts alone, so it surely claims a run; the two others join once it trains
    victim = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    workers = [victim]
    deadline = time.monotonic() + 300
    while True:  # wait until the victim trains a run, then kill it mid-run (no new worker starts)
        assert time.monotonic() < deadline, "the first worker never started a run"
        try:
            _, trials = _trials(storage, "mnist1d-mlp", 3)
        except (KeyError, ValueError, optuna.exceptions.StorageInternalError):
            trials = []
        mine = [t for t in trials if t.state == TrialState.RUNNING and
                t.user_attrs.get("worker", "").endswith(f":{victim.pid}")]  # fmt: skip
        if mine:
            break
        time.sleep(0.2)
    workers += [subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]  # fmt: skip
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    for w in workers[1:]:
        _, err = w.communicate(timeout=900)
        assert w.returncode == 0, err[-2000:]
    trials = _check_exactly_once(storage, [], "mnist1d-mlp", 3)
    failed = [t for t in trials if t.state == TrialState.FAIL]
    assert [t.number for t in failed] == [mine[0].number]  # the killed run, retried and completed by another
    keys = [r["key"] for r in ResultStore(tmp_path / "r").records()]
    assert sorted(keys) == sorted(set(keys)) and len(keys) == 6  # recorded once, by the live workers


@pytest.mark.parametrize("url", ["bogus://x", "sqlite:///{tmp}/a-file/x.db"])
def test_a_bad_storage_is_refused_before_any_work(url: str, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    url = url.format(tmp=tmp_path)
    out = subprocess.run(_cmd(url, tmp_path / "r", "digits-mlp", 1), capture_output=True, text=True, env=ENV,
                         timeout=120)  # fmt: skip
    assert out.returncode == 2 and "storage" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").glob("runs*.jsonl"))
