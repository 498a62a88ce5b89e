"""Suites on many machines: every planned run is an enqueued Optuna trial, claimed exactly once.

``taso bench run --suite S --storage URL`` on any number of machines (and ``--workers N`` per
machine) shares one study per suite plan in the storage (PostgreSQL for many machines; SQLite for
one). The engine is the tuning engine's (:mod:`taso.bench._tune`), on Optuna's own primitives:

* the queue: one ``enqueue_trial`` per planned run (its key, workload, algorithm and seed in the
  trial's user attributes), created once by whichever worker comes first;
* the claim: Optuna's pop of a WAITING trial (a row lock on PostgreSQL; under a file lock beside the
  database on SQLite, whose row lock is a no-op), so each run is trained by one worker;
* liveness: Optuna's heartbeat while a run trains; a dead worker's run turns stale and
  ``RetryHeartbeatStaleTrialCallback`` re-enqueues it, and no worker leaves while runs are still
  RUNNING (it waits past the grace period and takes them over);
* results: each finished run's record is written to the worker's ``--results`` directory *and*
  stored with its trial, so :func:`export_records` writes every machine's runs into any results
  directory (``runs.jsonl``, what the reports read), each key once.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from taso.bench._results import ResultStore, environment, make_record

__all__ = ["export_records", "run_suite_worker", "storage_status", "suite_study_name"]


def suite_study_name(suite_name: str, keys: Sequence[str]) -> str:
    """The study of one suite plan: the same command on any machine joins the same study."""
    digest = hashlib.sha1("\n".join(keys).encode()).hexdigest()[:12]
    return f"suite/{suite_name}/{len(keys)}-runs/{digest}"


def _open(storage: Any, name: str, runs: Sequence[Any]) -> Any:
    import optuna

    try:
        study = optuna.create_study(storage=storage, study_name=name, direction="maximize")
    except optuna.exceptions.DuplicatedStudyError:
        deadline = time.monotonic() + 120
        study = optuna.load_study(storage=storage, study_name=name)
        while "queue_size" not in study.user_attrs:  # the creator is still enqueueing
            if time.monotonic() > deadline:
                raise TimeoutError(f"study {name!r} exists but its run queue was never completed") from None
            time.sleep(0.2)
            study = optuna.load_study(storage=storage, study_name=name)
        return study
    for i, r in enumerate(runs):
        study.enqueue_trial(
            {},
            user_attrs={
                "key": r.key,
                "workload": r.workload,
                "algorithm": r.algorithm,
                "seed": r.seed,
                "index": i,
            },
        )
    study.set_user_attr("queue_size", len(runs))
    return study


def run_suite_worker(
    suite: Any,
    runs: Sequence[Any],
    storage_url: str,
    results: str | Path,
    *,
    data_dir: str | Path | None = None,
    heartbeat_interval: int = 10,
    grace_period: int | None = None,
    log: Callable[[str], None] = print,
    device: str = "cpu",
    amp: str | None = None,
    compile: bool = False,
) -> dict[str, int]:
    """Claim and train runs of the suite's study until none is waiting or running; returns this
    worker's counts (``trained``, ``recorded`` = found already in ``results``)."""
    import optuna
    import torch
    from optuna.trial import TrialState

    from taso.bench._algorithms import ALGORITHMS
    from taso.bench._runner import train
    from taso.bench._tune import (
        _Heartbeat,
        claim_waiting_trial,
        fail_stale,
        make_storage,
        tell_if_still_running,
    )
    from taso.bench._workloads import get_workload, prepare

    storage = make_storage(storage_url, heartbeat_interval, grace_period)
    name = suite_study_name(suite.name, [r.key for r in runs])
    study = _open(storage, name, runs)
    fail_stale(study, storage_url)
    store = ResultStore(results)
    env = {**environment(device, amp, compile), "threads": torch.get_num_threads()}
    worker = f"{socket.gethostname()}:{os.getpid()}"
    data: dict[str, Any] = {}
    counts = {"trained": 0, "recorded": 0}
    while True:
        trial_id = claim_waiting_trial(study, storage_url)
        if trial_id is None:
            if not study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
                break
            time.sleep(min(heartbeat_interval, 5))
            fail_stale(study, storage_url)
            continue
        storage.record_heartbeat(trial_id)  # alive from the claim on
        trial = optuna.trial.Trial(study, trial_id)
        attrs = storage.get_trial_user_attrs(trial_id)
        trial.set_user_attr("worker", worker)
        local = {r["key"]: r for r in store.records()}
        record = local.get(attrs["key"])
        if record is None:
            wl, algo = get_workload(attrs["workload"]), ALGORITHMS[attrs["algorithm"]]
            with _Heartbeat(storage, trial_id, heartbeat_interval):
                if wl.name not in data:
                    data[wl.name] = prepare(wl, data_dir)
                result = train(
                    wl, algo, attrs["seed"], data=data[wl.name], device=device, amp=amp, compile=compile
                )
            record = make_record(attrs["key"], suite.name, wl.config(), algo.config(wl.modality),
                                 result.to_dict(), env)  # fmt: skip
            store.append(record)
            counts["trained"] += 1
            log(f"{attrs['workload']:>18} {attrs['algorithm']:>13} seed {attrs['seed']}: {result.status:>8}  "
                f"test acc {result.test_accuracy:6.2f}%  ({result.wall_time:.1f}s, {worker})")  # fmt: skip
        else:
            counts["recorded"] += 1
        trial.set_user_attr("record", json.dumps(record, sort_keys=True))
        epochs = record["result"]["epochs"]
        tell_if_still_running(study, trial, float(epochs[-1]["val_accuracy"]) if epochs else 0.0)
    return counts


def export_records(storage_url: str, name: str, results: str | Path) -> int:
    """Write the records of the study's COMPLETE runs that ``results`` lacks; returns how many."""
    import optuna
    from optuna.trial import TrialState

    study = optuna.load_study(storage=storage_url, study_name=name)
    store = ResultStore(results)
    have = store.keys()
    written = 0
    for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        record = json.loads(t.user_attrs["record"])
        if record["key"] not in have:
            store.append(record)
            have.add(record["key"])
            written += 1
    return written


def storage_status(storage_url: str) -> list[dict[str, Any]]:
    """Per study of the storage: trials by state, and each RUNNING trial's worker and seconds since
    its last heartbeat."""
    import optuna
    import sqlalchemy
    from optuna.storages._rdb import models
    from optuna.trial import TrialState

    storage = optuna.storages.RDBStorage(storage_url)
    out = []
    for summary in optuna.get_all_study_summaries(storage, include_best_trial=False):
        study = optuna.load_study(storage=storage, study_name=summary.study_name)
        counts: dict[str, int] = {}
        running = []
        for t in study.get_trials(deepcopy=False):
            counts[t.state.name.lower()] = counts.get(t.state.name.lower(), 0) + 1
            if t.state == TrialState.RUNNING:
                session = storage.scoped_session()
                try:  # the heartbeat is the database's clock: compare it with the database's now
                    beat = (
                        session.query(models.TrialHeartbeatModel)
                        .filter_by(trial_id=t._trial_id)
                        .one_or_none()
                    )
                    now = session.execute(sqlalchemy.select(sqlalchemy.func.current_timestamp())).scalar()
                    age = (now - beat.heartbeat).total_seconds() if beat is not None else None
                finally:
                    session.close()
                name = t.user_attrs.get("key") or t.params
                running.append({"trial": t.number, "unit": name, "worker": t.user_attrs.get("worker", "?"),
                                "heartbeat_age": age})  # fmt: skip
        out.append({"study": summary.study_name, "counts": counts, "running": running})
    return out
