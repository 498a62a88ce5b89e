"""Selection that one seed cannot fool: the top tuning trials re-evaluated on more seeds.

A tuning trial trains once (seed 0), so its validation accuracy carries one seed's noise, and on a
small validation split many configurations tie. Before a configuration is chosen, the ``top``
COMPLETE trials of a study (by validation accuracy; ties: the earlier trial) are trained again on
seeds ``1 .. seeds - 1`` at the study's epochs, and the configuration with the best **mean**
validation accuracy over its ``seeds`` runs is selected (ties: the higher single-seed value, then
the earlier trial). Test accuracy plays no part.

The re-evaluations are units of their own study, ``<study>/reeval``, in the same storage and on
the same engine as the tuning trials (enqueued once, claimed exactly once by any worker on any
machine, heartbeats, a dead worker's unit re-enqueued).
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Selection", "reevaluate", "select_trial"]


@dataclass(frozen=True)
class Selection:
    """The chosen trial, and the evidence: every candidate's validation accuracies by seed."""

    trial: Any
    candidates: dict[int, dict[int, float]]  # trial number -> {seed: final val acc}
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"trial": self.trial.number, "rule": self.rule,
                "candidates": {str(n): {str(s): v for s, v in vals.items()} for n, vals in self.candidates.items()}}  # fmt: skip


def _top(study: Any, top: int) -> list[Any]:
    from optuna.trial import TrialState

    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    return sorted(done, key=lambda t: (-t.value, t.number))[:top]


def reevaluate(
    workload: str,
    algorithm: str,
    mode: str,
    storage_url: str,
    *,
    top: int = 3,
    seeds: int = 3,
    heartbeat_interval: int = 10,
    grace_period: int | None = None,
    data_dir: str | Path | None = None,
    log: Any = print,
) -> int:
    """Train the study's ``top`` trials on seeds 1..seeds-1 (one worker; run several at once);
    returns how many units this worker trained."""
    import dataclasses

    import optuna
    from optuna.trial import TrialState

    from taso.bench._algorithms import get_algorithm
    from taso.bench._runner import train
    from taso.bench._tune import (
        _Heartbeat,
        _load_existing,
        apply_params,
        claim_waiting_trial,
        fail_stale,
        make_storage,
        study_counts,
        study_name,
        tell_if_still_running,
    )
    from taso.bench._workloads import get_workload, prepare

    if top < 1 or seeds < 2:
        raise ValueError(f"top must be >= 1 and seeds >= 2, got top={top}, seeds={seeds}")
    name = study_name(workload, algorithm, mode)
    counts = study_counts(storage_url, name)
    if counts.get("waiting", 0) + counts.get("running", 0):
        raise ValueError(
            f"study {name!r} is still running ({counts}); re-evaluate its top trials once it is complete"
        )
    study = _load_existing(storage_url, name)
    storage = make_storage(storage_url, heartbeat_interval, grace_period)
    units_name = f"{name}/reeval"
    try:
        units = optuna.create_study(storage=storage, study_name=units_name, direction="maximize")
    except optuna.exceptions.DuplicatedStudyError:
        units = optuna.load_study(storage=storage, study_name=units_name)
        deadline = time.monotonic() + 120
        while "queue_size" not in units.user_attrs:
            if time.monotonic() > deadline:
                raise TimeoutError(f"study {units_name!r} exists but its queue was never completed") from None
            time.sleep(0.2)
            units = optuna.load_study(storage=storage, study_name=units_name)
    else:
        for t in _top(study, top):
            for seed in range(1, seeds):
                units.enqueue_trial({}, user_attrs={"trial": t.number, "seed": seed})
        units.set_user_attr("queue_size", top * (seeds - 1))
        units.set_user_attr("top", top)
        units.set_user_attr("seeds", seeds)
    epochs = study.user_attrs.get("epochs")
    wl = get_workload(workload)
    wl = dataclasses.replace(wl, epochs=epochs) if epochs else wl
    base = get_algorithm(algorithm)
    fixed = study.user_attrs.get("fixed", {})
    by_number = {t.number: t for t in study.get_trials(deepcopy=False)}
    data = prepare(wl, data_dir)
    worker = f"{socket.gethostname()}"
    trained = 0
    while True:
        fail_stale(units, storage_url)
        unit_id = claim_waiting_trial(units, storage_url)
        if unit_id is None:
            if not units.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
                break
            time.sleep(min(heartbeat_interval, 5))
            continue
        storage.record_heartbeat(unit_id)  # alive from the claim on
        unit = optuna.trial.Trial(units, unit_id)
        attrs = storage.get_trial_user_attrs(unit_id)
        unit.set_user_attr("worker", worker)
        config = by_number[attrs["trial"]]
        algo = apply_params(base, dict(config.params), fixed)
        with _Heartbeat(storage, unit_id, heartbeat_interval):
            result = train(wl, algo, attrs["seed"], data=data)
        value = result.epochs[-1].val_accuracy if result.status == "ok" and result.epochs else 0.0
        if not tell_if_still_running(units, unit, value):
            continue
        trained += 1
        log(f"{name} trial {attrs['trial']} seed {attrs['seed']}: val acc {value:.2f}%")
    return trained


def select_trial(storage_url: str, workload: str, algorithm: str, mode: str) -> Selection:
    """The configuration to run finals with: best mean validation accuracy over seeds among the
    re-evaluated top trials, or, without a complete re-evaluation, the best single trial."""
    import optuna
    from optuna.trial import TrialState

    from taso.bench._tune import _load_existing, best_trial, study_name

    name = study_name(workload, algorithm, mode)
    try:
        units = optuna.load_study(storage=storage_url, study_name=f"{name}/reeval")
    except KeyError:
        best = best_trial(storage_url, workload, algorithm, mode)
        return Selection(
            best, {best.number: {0: best.value}}, "best single-seed validation accuracy (ties: earlier trial)"
        )
    all_units = units.get_trials(deepcopy=False)
    if len(all_units) < units.user_attrs.get("queue_size", 0) or any(
        u.state in (TrialState.WAITING, TrialState.RUNNING) for u in all_units
    ):
        raise ValueError(
            f"the re-evaluation {name}/reeval is not complete: finish it with `taso bench reeval`"
        )
    study = _load_existing(storage_url, name)
    trials = {t.number: t for t in study.get_trials(deepcopy=False)}
    candidates: dict[int, dict[int, float]] = {}
    for u in all_units:
        if u.state == TrialState.COMPLETE:
            n = u.user_attrs["trial"]
            candidates.setdefault(n, {0: float(trials[n].value or 0.0)})[int(u.user_attrs["seed"])] = float(
                u.value or 0.0
            )
    best = max(
        candidates, key=lambda n: (sum(candidates[n].values()) / len(candidates[n]), trials[n].value, -n)
    )
    rule = (f"best mean validation accuracy over {units.user_attrs.get('seeds')} seeds among the top "
            f"{units.user_attrs.get('top')} trials (ties: higher seed-0 value, then earlier trial)")  # fmt: skip
    return Selection(trials[best], candidates, rule)
