"""Hyperparameter validation (the paper's "optimal" scenario), with Optuna, on one machine or many.

Search spaces are data files (``spaces/<mode>/<algorithm>.toml``). A study holds one
(workload, algorithm, mode); its trials are *enqueued up front* — the authors' grid in ``paper``
mode, K quasi-random (scrambled Sobol) configurations in ``budget`` mode — and workers pop them
atomically from the storage, so every configuration runs exactly once however many workers share
the study (local SQLite by default, PostgreSQL for many machines).

Each trial trains on the training split and reports validation accuracy per epoch (optionally
pruned by a median or Hyperband pruner); its value is the final validation accuracy. Test is never
touched here. A worker killed mid-trial leaves a trial whose heartbeat stops; the next worker marks
it failed and re-enqueues its configuration, so it is redone and nothing is counted twice.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import os
import socket
import sys
import threading
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from taso.bench._algorithms import Algorithm, get_algorithm
from taso.bench._workloads import Workload, base_workload, get_workload

__all__ = [
    "SPACES_DIR",
    "Param",
    "SearchSpace",
    "apply_params",
    "load_space",
    "make_storage",
    "study_name",
    "tune",
]

SPACES_DIR = Path(__file__).parent / "spaces"
MODES = ("paper", "budget")
PRUNERS = ("none", "median", "hyperband")


@dataclass(frozen=True)
class Param:
    """One searched hyperparameter: a float range (``log`` for log-uniform) or ``choices``."""

    name: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: tuple[Any, ...] = ()

    def from_unit(self, u: float) -> Any:
        """Map ``u`` in [0, 1) to a value of this parameter."""
        if self.choices:
            return self.choices[min(int(u * len(self.choices)), len(self.choices) - 1)]
        assert self.low is not None and self.high is not None
        if self.log:
            return float(math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low))))
        return float(self.low + u * (self.high - self.low))


@dataclass(frozen=True)
class SearchSpace:
    """A search space file: a grid (``paper``) or ranges (``budget``), plus fixed values."""

    algorithm: str
    mode: str
    grid: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    params: tuple[Param, ...] = ()
    fixed: tuple[tuple[str, Any], ...] = ()
    #: Non-empty for a workload's own ranges (``[workload.<name>]`` in the file): the study is
    #: then ``<workload>/<algorithm>/<mode>/<tag>``, a new study beside the first one.
    tag: str = ""
    reason: str = ""

    def configurations(self, trials: int | None = None, seed: int = 0) -> list[dict[str, Any]]:
        """The trials to run, in order: the full grid (first key varies slowest), or ``trials``
        scrambled-Sobol points (a fixed ``seed`` gives the same points everywhere)."""
        if self.grid:
            names = [k for k, _ in self.grid]
            return [
                dict(zip(names, values, strict=True))
                for values in itertools.product(*(v for _, v in self.grid))
            ]
        if trials is None or trials < 1:
            raise ValueError(f"trials must be an integer >= 1 in budget mode, got {trials!r}")
        from scipy.stats import qmc

        points = qmc.Sobol(d=len(self.params), scramble=True, seed=seed).random(trials)
        return [
            {p.name: p.from_unit(float(u)) for p, u in zip(self.params, row, strict=True)} for row in points
        ]


def load_space(
    algorithm: str, mode: str, directory: Path = SPACES_DIR, workload: str | None = None
) -> SearchSpace:
    """Read ``<directory>/<mode>/<algorithm>.toml``; with ``workload``, apply that workload's
    override if the file has one.

    An override is how a study whose selected value sat at the edge of a range is widened and
    rerun (flag, widen, rerun)::

        [workload.rt-fasttext]
        tag = "wide"                 # the new study: rt-fasttext/sgd-cosine/budget/wide
        reason = "lr 8.92 selected: the top 5% of [1e-3, 10]"
        params.lr = { low = 1e-3, high = 1000.0, log = true }

    It replaces the named ranges only; the first study stays in the storage (its trials count in
    the compute the tune report states) and every later stage uses the tagged study.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    path = directory / mode / f"{algorithm}.toml"
    if not path.exists():
        have = sorted(p.stem for p in (directory / mode).glob("*.toml"))
        raise ValueError(f"no {mode} search space for algorithm {algorithm!r}; spaces exist for {have}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("algorithm") != algorithm or data.get("mode") != mode:
        raise ValueError(f"{path}: algorithm/mode fields must be {algorithm!r}/{mode!r}")
    grid = tuple((k, tuple(v)) for k, v in data.get("grid", {}).items())
    specs: dict[str, Any] = dict(data.get("params", {}))
    fixed = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in data.get("fixed", {}).items())
    if bool(grid) == bool(specs):
        raise ValueError(f"{path}: give either a [grid] or a [params] table")
    overrides = data.get("workload", {})
    for name, override in overrides.items():
        _check_override(path, name, override, specs)
    tag = reason = ""
    if workload is not None and workload in overrides:
        override = overrides[workload]
        tag, reason = override["tag"], override["reason"]
        specs.update(override["params"])
    params = tuple(
        Param(
            name,
            spec.get("low"),
            spec.get("high"),
            bool(spec.get("log", False)),
            tuple(spec.get("choices", ())),
        )
        for name, spec in specs.items()
    )
    return SearchSpace(algorithm, mode, grid, params, fixed, tag, reason)


def _check_override(path: Path, name: str, override: Any, specs: dict[str, Any]) -> None:
    where = f"{path}: [workload.{name}]"
    get_workload(name)  # a typo in a workload name is an error, not an override that never applies
    if not isinstance(override, dict) or set(override) != {"tag", "reason", "params"}:
        raise ValueError(f"{where} needs exactly the keys tag, reason and params")
    tag = override["tag"]
    if not (isinstance(tag, str) and tag.replace("-", "").isalnum() and tag != "reeval"):
        raise ValueError(f"{where}: tag must be letters, digits and '-' (not 'reeval'), got {tag!r}")
    if not (isinstance(override["reason"], str) and override["reason"].strip()):
        raise ValueError(f"{where}: reason must say why the ranges changed")
    unknown = sorted(set(override["params"]) - set(specs))
    if not specs or unknown:
        raise ValueError(
            f"{where}: params may only change ranges of [params] ({sorted(specs)}), got {unknown}"
        )


def apply_params(
    algorithm: Algorithm, params: dict[str, Any], fixed: dict[str, Any] | None = None
) -> Algorithm:
    """``algorithm`` with tuned values: ``schedule.X`` keys go to the schedule, the rest to the
    optimizer; a tuned value applies to image and text workloads alike."""
    values = {**(fixed or {}), **params}
    hp = dict(algorithm.hparams)
    text = dict(algorithm.text_hparams)
    sk = dict(algorithm.schedule_kwargs)
    for key, value in values.items():
        if key.startswith("schedule."):
            sk[key.removeprefix("schedule.")] = value
        else:
            hp[key] = tuple(value) if isinstance(value, list) else value
            text.pop(key, None)
    return dataclasses.replace(algorithm, hparams=hp, text_hparams=text, schedule_kwargs=sk)


def study_name(workload: str, algorithm: str, mode: str) -> str:
    """``<workload>/<algorithm>/<mode>``, plus ``/<tag>`` where the search space has an override
    for the workload (see :func:`load_space`)."""
    name = f"{workload}/{algorithm}/{mode}"
    if mode in MODES and (SPACES_DIR / mode / f"{algorithm}.toml").exists():
        tag = load_space(algorithm, mode, workload=workload).tag
        return f"{name}/{tag}" if tag else name
    return name


@functools.cache
def _stale_callback_arg() -> str:
    """RDBStorage's keyword for the stale-trial callback (renamed in Optuna 4.9)."""
    import inspect

    import optuna

    params = inspect.signature(optuna.storages.RDBStorage).parameters
    return (
        "heartbeat_stale_trial_callback"
        if "heartbeat_stale_trial_callback" in params
        else "failed_trial_callback"
    )


def _retry_callback() -> Any:
    """Re-enqueue a stale trial's configuration (the class was renamed in Optuna 4.9)."""
    import optuna

    cls = (
        getattr(optuna.storages, "RetryHeartbeatStaleTrialCallback", None)
        or optuna.storages.RetryFailedTrialCallback
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        return cls(max_retry=None)


@functools.cache
def _storage_class() -> Any:
    """Optuna's ``RDBStorage``, where a RUNNING trial that never recorded a heartbeat also counts as
    stale once it started more than the grace period ago.

    Optuna only looks at trials with a heartbeat row, but a worker records its first heartbeat a few
    writes after it claims a trial; a worker killed in between left that trial RUNNING forever. A
    live worker records the heartbeat within milliseconds of the claim, so after the grace period the
    missing row means the worker is gone.
    """
    import datetime

    import optuna
    from optuna.storages._rdb import models
    from optuna.trial import TrialState

    class HeartbeatStorage(optuna.storages.RDBStorage):  # type: ignore[misc]
        def _get_stale_trial_ids(self, study_id: int) -> list[int]:
            stale: list[int] = super()._get_stale_trial_ids(study_id)
            grace = self.grace_period if self.grace_period is not None else 2 * (self.heartbeat_interval or 0)
            session = self.scoped_session()
            try:
                silent = (
                    session.query(models.TrialModel)
                    .filter(models.TrialModel.state == TrialState.RUNNING)
                    .filter(models.TrialModel.study_id == study_id)
                    .filter(~models.TrialModel.heartbeats.any())
                    .all()
                )
                for t in silent:
                    started = t.datetime_start  # naive local time (Optuna 4) or aware UTC (Optuna 5)
                    if started is None or t.trial_id in stale:
                        continue
                    if datetime.datetime.now(started.tzinfo) - started > datetime.timedelta(seconds=grace):
                        stale.append(int(t.trial_id))
            finally:
                session.close()
            return stale

    return HeartbeatStorage


def _sqlite_lock(storage_url: str) -> Any:
    """A file lock beside a SQLite database (whose row locks are no-ops), or a no-op context."""
    import contextlib

    from sqlalchemy.engine import make_url

    url = make_url(storage_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return contextlib.nullcontext()
    from filelock import FileLock

    return FileLock(f"{url.database}.claim.lock")


def claim_waiting_trial(study: Any, storage_url: str) -> int | None:
    """Take the next WAITING trial of ``study`` (it becomes RUNNING), or ``None`` if there is none.

    On PostgreSQL, Optuna's pop is atomic (a row lock). On SQLite that row lock is a no-op, and
    concurrent workers were handed the same trial; there the claim runs under a file lock beside the
    database, so workers of one machine claim each trial exactly once.
    """
    with _sqlite_lock(storage_url):
        return study._pop_waiting_trial_id()  # type: ignore[no-any-return]


def tell_if_still_running(study: Any, trial: Any, value: float | None, state: Any = None) -> bool:
    """``study.tell`` unless the trial was failed meanwhile (its heartbeat looked stale on a loaded
    machine and another worker took its configuration over): then this result is dropped, so the
    configuration still completes exactly once. Returns whether it was told."""
    from optuna.trial import TrialState

    if study._storage.get_trial(trial._trial_id).state != TrialState.RUNNING:
        return False
    try:
        study.tell(trial, value, state=state)
    except ValueError:  # failed between the check and the tell
        return False
    return True


def fail_stale(study: Any, storage_url: str) -> None:
    """Optuna's ``fail_stale_trials`` (a dead worker's trial is failed and its configuration
    re-enqueued once). On SQLite two workers could both see the trial RUNNING, both fail it and
    both re-enqueue it (the row lock is a no-op; a configuration then completed twice under load);
    there it runs under the claims' file lock."""
    import optuna

    with _sqlite_lock(storage_url), warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        optuna.storages.fail_stale_trials(study)


def make_storage(url: str, heartbeat_interval: int = 10, grace_period: int | None = None) -> Any:
    """An Optuna RDB storage with heartbeats; stale trials (including one whose worker died before
    its first heartbeat) are failed and their configuration re-enqueued
    (``RetryFailedTrialCallback``)."""
    import optuna
    import sqlalchemy.exc

    for attempt in range(10):
        try:
            # heartbeats are "experimental" in Optuna; the engine relies on them knowingly
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
                return _storage_class()(
                    url,
                    heartbeat_interval=heartbeat_interval,
                    grace_period=grace_period,
                    **{_stale_callback_arg(): _retry_callback()},
                    engine_kwargs={"pool_pre_ping": True} if url.startswith("postgresql") else None,
                )
        except (sqlalchemy.exc.IntegrityError, sqlalchemy.exc.ProgrammingError):
            # Two workers creating the schema of a fresh database at once: one loses the race
            # and finds the schema there when it tries again.
            if attempt == 9:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _pruner(name: str) -> Any:
    import optuna

    if name == "none":
        return optuna.pruners.NopPruner()
    if name == "median":
        return optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=1)
    if name == "hyperband":
        return optuna.pruners.HyperbandPruner(min_resource=1)
    raise ValueError(f"pruner must be one of {PRUNERS}, got {name!r}")


def _open_study(
    storage: Any, name: str, space: SearchSpace, trials: int | None, seed: int, pruner: str, epochs: int
) -> Any:
    """Create the study and enqueue every configuration, or join it once the queue is complete.

    A study is tied to the epochs its trials train for: joining it with other epochs would mix
    budgets in one comparison, so that is an error.
    """
    import optuna

    try:
        study = optuna.create_study(
            storage=storage, study_name=name, direction="maximize", pruner=_pruner(pruner)
        )
    except optuna.exceptions.DuplicatedStudyError:
        study = optuna.load_study(storage=storage, study_name=name, pruner=_pruner(pruner))
        deadline = time.monotonic() + 120
        while "queue_size" not in study.user_attrs:  # the creator is still enqueueing
            if time.monotonic() > deadline:
                raise TimeoutError(f"study {name!r} exists but its trial queue was never completed") from None
            time.sleep(0.2)
            study = optuna.load_study(storage=storage, study_name=name, pruner=_pruner(pruner))
        recorded = study.user_attrs.get("epochs", epochs)
        if recorded != epochs:
            raise ValueError(
                f"epochs: study {name!r} was tuned with {recorded} epochs per trial, got {epochs}; "
                f"pass --epochs {recorded} or use another --storage"
            ) from None
        return study
    configs = space.configurations(trials, seed)
    for config in configs:
        study.enqueue_trial(config)
    study.set_user_attr("queue_size", len(configs))
    study.set_user_attr("space", {"algorithm": space.algorithm, "mode": space.mode, "seed": seed,
                                  "tag": space.tag, "reason": space.reason})  # fmt: skip
    study.set_user_attr("fixed", dict(space.fixed))
    study.set_user_attr("epochs", epochs)
    return study


class _Heartbeat:
    """Records the trial's heartbeat from a thread while it trains."""

    def __init__(self, storage: Any, trial_id: int, interval: float) -> None:
        self.storage, self.trial_id, self.interval = storage, trial_id, interval
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.interval):
            self.storage.record_heartbeat(self.trial_id)

    def __enter__(self) -> _Heartbeat:
        self.storage.record_heartbeat(self.trial_id)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _suggest(trial: Any, space: SearchSpace) -> dict[str, Any]:
    """Read the trial's (enqueued) configuration through Optuna's suggest API."""
    if space.grid:
        return {k: trial.suggest_categorical(k, list(v)) for k, v in space.grid}
    out = {}
    for p in space.params:
        if p.choices:
            out[p.name] = trial.suggest_categorical(p.name, list(p.choices))
        else:
            out[p.name] = trial.suggest_float(p.name, p.low, p.high, log=p.log)
    return out


def tune(
    workload: Workload | str,
    algorithm: Algorithm | str,
    mode: str,
    storage_url: str,
    *,
    trials: int | None = None,
    seed: int = 0,
    epochs: int | None = None,
    pruner: str = "none",
    heartbeat_interval: int = 10,
    grace_period: int | None = None,
    data_dir: str | Path | None = None,
    max_trials: int | None = None,
    log: Any = print,
) -> dict[str, int]:
    """Run trials of one study until its queue is empty (or ``max_trials`` were run here).

    Returns counts of this worker's ``complete``, ``pruned`` and ``failed`` trials.
    """
    import optuna
    from optuna.trial import TrialState

    from taso.bench._runner import train
    from taso.bench._workloads import prepare

    wl = get_workload(workload) if isinstance(workload, str) else workload
    if epochs is not None:
        wl = dataclasses.replace(wl, epochs=epochs)
    base = get_algorithm(algorithm) if isinstance(algorithm, str) else algorithm
    space = load_space(base.name, mode, workload=wl.name)
    if mode == "budget" and trials is None:
        raise ValueError("trials must be given in budget mode (the same K for every algorithm)")
    storage = make_storage(storage_url, heartbeat_interval, grace_period)
    study = _open_study(storage, study_name(wl.name, base.name, mode), space, trials, seed, pruner, wl.epochs)
    fail_stale(study, storage_url)  # a trial whose worker died: failed, and re-enqueued
    fixed = dict(space.fixed)
    data = prepare(wl, data_dir)
    counts = {"complete": 0, "pruned": 0, "failed": 0}
    worker = f"{socket.gethostname()}:{os.getpid()}"
    while max_trials is None or sum(counts.values()) < max_trials:
        trial_id = claim_waiting_trial(study, storage_url)  # exactly one worker gets each queued trial
        if trial_id is not None:
            storage.record_heartbeat(trial_id)  # alive from the claim on, not only once training starts
        if trial_id is None:
            # Nothing queued. While other workers' trials still run, stay: if one of them dies, its
            # heartbeat stops, the trial turns stale and is re-enqueued, and this worker takes it.
            if not study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
                break
            time.sleep(min(heartbeat_interval, 5))
            fail_stale(study, storage_url)
            continue
        trial = optuna.trial.Trial(study, trial_id)
        params = _suggest(trial, space)
        trial.set_user_attr("worker", worker)
        algo = apply_params(base, params, fixed)
        curve: list[float] = []
        steps: list[int] = []
        times: list[float] = []

        def on_epoch(
            record: Any, _trial: Any = trial, curve: list = curve, steps: list = steps, times: list = times
        ) -> None:
            curve.append(record.val_accuracy)
            steps.append(record.step)
            times.append(record.wall_time)
            _trial.report(record.val_accuracy, record.epoch)
            if _trial.should_prune():
                raise optuna.TrialPruned()

        state, value = TrialState.COMPLETE, None
        with _Heartbeat(storage, trial_id, heartbeat_interval):
            try:
                result = train(wl, algo, seed=seed, data=data, on_epoch=on_epoch)
                value = curve[-1] if result.status == "ok" and curve else 0.0
                trial.set_user_attr("status", result.status)
            except optuna.TrialPruned:
                state = TrialState.PRUNED
        trial.set_user_attr("val_accuracy", curve)
        trial.set_user_attr("steps", steps)
        trial.set_user_attr("wall_time", times)
        if not tell_if_still_running(study, trial, value if state == TrialState.COMPLETE else None, state):
            log(
                f"{study.study_name} trial {trial.number}: taken over by another worker meanwhile; result dropped"
            )
            continue
        counts["complete" if state == TrialState.COMPLETE else "pruned"] += 1
        log(f"{study.study_name} trial {trial.number}: {params} -> "
            f"{'pruned' if state == TrialState.PRUNED else f'val acc {value:.2f}%'}")  # fmt: skip
    return counts


def best_trial(storage_url: str, workload: str, algorithm: str, mode: str) -> Any:
    """The COMPLETE trial with the highest final validation accuracy (ties: the earliest)."""
    from optuna.trial import TrialState

    study = _load_existing(storage_url, study_name(workload, algorithm, mode))
    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if not done:
        raise ValueError(f"study {study.study_name!r} has no complete trial yet")
    return max(done, key=lambda t: (t.value, -t.number))


def _load_existing(storage_url: str, name: str) -> Any:
    import optuna

    try:
        return optuna.load_study(storage=storage_url, study_name=name)
    except KeyError:
        raise ValueError(f"no study {name!r} in {storage_url}: run `taso bench tune` for it first") from None


def tuned_families(storage_url: str, workload: str, mode: str) -> list[str]:
    """The algorithms with a study of ``workload`` in ``mode`` in the storage (first or widened;
    re-evaluation studies are not families), sorted."""
    import optuna

    names = optuna.get_all_study_names(storage=storage_url)
    found = set()
    for name in names:
        parts = name.split("/")
        if len(parts) >= 3 and parts[0] == workload and parts[2] == mode and parts[-1] != "reeval":
            found.add(parts[1])
    return sorted(found)


def study_counts(storage_url: str, name: str) -> dict[str, int]:
    """How many trials of study ``name`` are in each state (lower-case state names)."""
    study = _load_existing(storage_url, name)
    counts: dict[str, int] = {}
    for t in study.get_trials(deepcopy=False):
        counts[t.state.name.lower()] = counts.get(t.state.name.lower(), 0) + 1
    return counts


def final_runs(
    workload: str,
    algorithm: str,
    mode: str,
    storage_url: str,
    results: str | Path,
    *,
    seeds: int = 5,
    first_seed: int = 1000,
    data_dir: str | Path | None = None,
    allow_incomplete: bool = False,
    reuse: Sequence[str | Path] = (),
) -> tuple[int, int]:
    """Rerun the best configuration on ``seeds`` fresh seeds; test is evaluated once per run.

    Records go to ``results`` like any harness run (suite ``tuned-<mode>``); runs already there are
    skipped, runs that a ``reuse`` directory holds (same key) are copied. Each run is claimed first
    (``results/.claims``, as for suites), so several processes may run the same final runs at once
    and each run is trained once. Returns (ran, skipped); runs another process was training count
    as skipped.
    A study with trials still waiting or running is refused (its best configuration may change)
    unless ``allow_incomplete``.

    A budget of a workload, ``NAME@E`` (:func:`~taso.bench._workloads.get_workload`), runs the
    configuration tuned on ``NAME`` for ``E`` epochs: how that tuning transfers to another
    training length (the record's ``tuning.workload`` names the study's workload).
    """
    tuned_on = base_workload(workload)
    name = study_name(tuned_on, algorithm, mode)
    counts = study_counts(storage_url, name)
    open_trials = counts.get("waiting", 0) + counts.get("running", 0)
    if open_trials and not allow_incomplete:
        raise ValueError(
            f"study {name!r} is incomplete: {counts.get('complete', 0)} complete, {counts.get('waiting', 0)} "
            f"waiting, {counts.get('running', 0)} running, {counts.get('fail', 0)} failed, "
            f"{counts.get('pruned', 0)} pruned; finish it with `taso bench tune` (a running worker takes "
            "over dead workers' trials), or pass --allow-incomplete"
        )
    import torch

    from taso.bench._results import ResultStore, environment, make_record, run_key
    from taso.bench._runner import train
    from taso.bench._suite import PlannedRun, claim_run, copy_reused
    from taso.bench._workloads import prepare

    wl = get_workload(workload)
    base = get_algorithm(algorithm)
    from taso.bench._reeval import select_trial

    selection = select_trial(storage_url, tuned_on, algorithm, mode)
    trial = selection.trial
    import optuna

    study = optuna.load_study(storage=storage_url, study_name=name)
    algo = apply_params(base, dict(trial.params), study.user_attrs.get("fixed", {}))
    store = ResultStore(results)
    config = algo.config(wl.modality)
    keys = {seed: run_key(wl.config(), config, seed) for seed in range(first_seed, first_seed + seeds)}
    done = store.keys()
    done |= copy_reused(store, [k for k in keys.values() if k not in done], reuse)
    env = environment()
    ran = skipped = 0
    data = None
    for seed, key in keys.items():
        if key in done:
            skipped += 1
            continue
        with claim_run(results, PlannedRun(workload, algorithm, seed, key)) as (state, _):
            if state != "ours":
                skipped += 1
                continue
            data = prepare(wl, data_dir) if data is None else data
            result = train(wl, algo, seed, data=data)
            record = make_record(key, f"tuned-{mode}", wl.config(), config, result.to_dict(),
                                 {**env, "threads": torch.get_num_threads()})  # fmt: skip
            record["tuning"] = {"mode": mode, "trial": trial.number, "params": dict(trial.params),
                                "val_accuracy": trial.value, "workload": tuned_on,
                                "epochs": study.user_attrs.get("epochs", get_workload(tuned_on).epochs),
                                "selection": selection.to_dict()}  # fmt: skip
            store.append(record)
            ran += 1
    return ran, skipped
