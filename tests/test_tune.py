"""Hyperparameter validation: search spaces as data, exact grids, exactly-once trials across
workers (SQLite and PostgreSQL), SIGKILL resume, final runs on fresh seeds."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
import torch
from filelock import FileLock

from taso.bench import ALGORITHMS, ResultStore
from taso.bench._tune import SPACES_DIR, apply_params, final_runs, load_space, study_name

optuna = pytest.importorskip("optuna")

PAPER_GRIDS = {
    "taso": {"lr": [0.01, 0.05, 0.1, 0.5, 1.0], "weight_decay": [0.0, 1e-4], "nesterov": [True, False]},
    "adam": {"lr": [1e-5, 5e-5, 1e-4, 5e-4, 1e-3], "weight_decay": [0.0, 1e-4], "amsgrad": [True, False]},
    "rmsprop": {"lr": [1e-4, 5e-4, 1e-3, 5e-3, 1e-2], "weight_decay": [0.0, 1e-4], "centered": [True, False]},
    "adagrad": {"lr": [0.01, 0.05, 0.1, 0.5, 1.0], "weight_decay": [0.0, 1e-4],
                "initial_accumulator_value": [0.0, 0.1]},
}  # fmt: skip


def grid(name: str) -> list[dict]:
    g = PAPER_GRIDS[name]
    return [dict(zip(g, values, strict=True)) for values in itertools.product(*g.values())]


@pytest.mark.parametrize("name", sorted(PAPER_GRIDS))
def test_paper_spaces_are_the_authors_grids(name: str) -> None:
    space = load_space(name, "paper")
    assert space.configurations() == grid(name)
    assert len(space.configurations()) == 20
    if name == "adam":
        assert dict(space.fixed) == {"betas": (0.9, 0.99)}


def test_every_registered_algorithm_has_a_budget_space_of_quasi_random_points() -> None:
    # every algorithm but AutoTASO, which has no hyperparameter to tune (that is its point)
    tunable = sorted(name for name, a in ALGORITHMS.items() if a.family != "auto")
    assert sorted(p.stem for p in (SPACES_DIR / "budget").glob("*.toml")) == tunable
    with pytest.raises(ValueError, match="no budget search space for algorithm 'taso-auto'"):
        load_space("taso-auto", "budget")
    space = load_space("taso", "budget")
    a, b = space.configurations(16, seed=3), space.configurations(16, seed=3)
    assert a == b and len(a) == 16
    lrs = sorted(c["lr"] for c in a)
    assert lrs[0] >= 1e-3 and lrs[-1] <= 10.0
    # Sobol: each eighth of the log-lr range holds exactly 2 of 16 points
    import math

    bins = [int(8 * (math.log(x) - math.log(1e-3)) / (math.log(10.0) - math.log(1e-3))) for x in lrs]
    assert sorted(bins) == sorted(list(range(8)) * 2)
    assert all(0.3 <= c["schedule.beta"] <= 0.95 and 5 <= c["schedule.alpha"] <= 50 for c in a)
    with pytest.raises(ValueError, match="trials must be an integer >= 1"):
        space.configurations(None)
    with pytest.raises(ValueError, match="no paper search space for algorithm 'sgd-cosine'"):
        load_space("sgd-cosine", "paper")


def _space_file(directory: Path, body: str) -> Path:
    (directory / "budget").mkdir(parents=True, exist_ok=True)
    path = directory / "budget" / "sgd-cosine.toml"
    path.write_text('algorithm = "sgd-cosine"\nmode = "budget"\n[params]\n'
                    'lr = { low = 1e-3, high = 10.0, log = true }\n'
                    'weight_decay = { low = 1e-6, high = 1e-2, log = true }\n' + body)  # fmt: skip
    return path


def test_a_workload_override_widens_one_range_and_names_a_new_study(tmp_path: Path) -> None:
    _space_file(tmp_path, '[workload.rt-cnn]\ntag = "wide"\nreason = "lr at the top edge"\n'
                          'params.lr = { low = 1e-3, high = 1000.0, log = true }\n')  # fmt: skip
    plain = load_space("sgd-cosine", "budget", tmp_path)
    wide = load_space("sgd-cosine", "budget", tmp_path, workload="rt-cnn")
    other = load_space("sgd-cosine", "budget", tmp_path, workload="digits-mlp")
    assert plain == other and plain.tag == "" and plain.params[0].high == 10.0
    assert (wide.tag, wide.reason) == ("wide", "lr at the top edge")
    assert [(p.name, p.low, p.high) for p in wide.params] == [
        ("lr", 1e-3, 1000.0),
        ("weight_decay", 1e-6, 1e-2),
    ]
    # the same Sobol points, spread over the wider lr range
    assert [c["weight_decay"] for c in wide.configurations(16)] == [
        c["weight_decay"] for c in plain.configurations(16)
    ]
    assert max(c["lr"] for c in wide.configurations(16)) > 10.0
    # the committed override: both fastText sgd-cosine studies were widened, the others were not
    assert study_name("rt-fasttext", "sgd-cosine", "budget") == "rt-fasttext/sgd-cosine/budget/wide"
    assert study_name("imdb-fasttext", "sgd-cosine", "budget") == "imdb-fasttext/sgd-cosine/budget/wide"
    assert study_name("rt-cnn", "sgd-cosine", "budget") == "rt-cnn/sgd-cosine/budget"
    assert study_name("rt-fasttext", "taso", "budget") == "rt-fasttext/taso/budget"
    assert load_space("sgd-cosine", "budget", workload="rt-fasttext").params[0].high == 1000.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[workload.no-such]\ntag = "w"\nreason = "r"\nparams.lr = { low = 1.0, high = 2.0 }\n',
            "workload must be one of",
        ),
        (
            '[workload.rt-cnn]\ntag = "w"\nparams.lr = { low = 1.0, high = 2.0 }\n',
            "exactly the keys tag, reason and params",
        ),
        (
            '[workload.rt-cnn]\ntag = "reeval"\nreason = "r"\nparams.lr = { low = 1.0, high = 2.0 }\n',
            "tag must be",
        ),
        (
            '[workload.rt-cnn]\ntag = "a/b"\nreason = "r"\nparams.lr = { low = 1.0, high = 2.0 }\n',
            "tag must be",
        ),
        (
            '[workload.rt-cnn]\ntag = "w"\nreason = " "\nparams.lr = { low = 1.0, high = 2.0 }\n',
            "reason must say",
        ),
        (
            '[workload.rt-cnn]\ntag = "w"\nreason = "r"\nparams.momentum = { low = 0.5, high = 0.9 }\n',
            r"may only change ranges of \[params\]",
        ),
    ],
)
def test_a_bad_workload_override_is_refused_when_the_space_is_read(
    tmp_path: Path, body: str, message: str
) -> None:
    _space_file(tmp_path, body)
    with pytest.raises(ValueError, match=message):
        load_space("sgd-cosine", "budget", tmp_path)


def test_the_tune_report_uses_the_widened_study_and_says_what_it_replaced(tmp_path: Path) -> None:
    from taso.bench._tune_report import current_trials, load_trials, write_tune_report

    storage = f"sqlite:///{tmp_path / 's.db'}"
    dist = {"lr": optuna.distributions.FloatDistribution(1e-3, 1e3, log=True)}
    for name, lrs in (
        ("rt-fasttext/sgd-cosine/budget", [8.9, 0.5]),
        ("rt-fasttext/sgd-cosine/budget/wide", [30.0, 2.0]),
    ):
        study = optuna.create_study(storage=storage, study_name=name, direction="maximize")
        study.set_user_attr("epochs", 1)
        for lr in lrs:
            acc = 70.0 + lr / 10
            study.add_trial(optuna.trial.create_trial(params={"lr": lr}, distributions=dist, value=acc, user_attrs={
                "val_accuracy": [acc], "steps": [10], "wall_time": [1.0]}))  # fmt: skip
    every = load_trials(storage)
    assert sorted(t.tag for t in every) == ["", "", "wide", "wide"]
    assert sorted(t.params["lr"] for t in current_trials(every)) == [2.0, 30.0]
    report = write_tune_report(storage, tmp_path / "tuned", None, tmp_path / "out", mode="budget").read_text()
    assert "| rt-fasttext | sgd-cosine | – | – | – | – | `{'lr': 30.0}` | best single trial |  |" in report
    assert "## Widened studies" in report
    assert (
        "| rt-fasttext | sgd-cosine | `{'lr': 8.9}` -> 70.89 | lr 8.92 selected after re-evaluation" in report
    )
    assert "lr [0.001, 1000], weight_decay [1e-06, 0.01] |" in report
    assert "| rt-fasttext | 4 | 4 | 0 | 0 |" in report  # both studies' trials count in the compute


def test_apply_params_routes_schedule_and_optimizer_values() -> None:
    algo = apply_params(ALGORITHMS["taso"], {"lr": 0.5, "nesterov": True, "schedule.alpha": 10.0})
    assert algo.config("text")["hparams"]["lr"] == 0.5  # tuned values override the text defaults
    assert algo.config("image")["hparams"]["nesterov"] is True
    assert algo.schedule_kwargs["alpha"] == 10.0 and algo.schedule_kwargs["beta"] == 0.7
    adam = apply_params(ALGORITHMS["adam"], {"lr": 1e-4}, {"betas": [0.9, 0.99]})
    assert adam.hparams == {"lr": 1e-4, "betas": (0.9, 0.99)}


def tune_cmd(storage: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "taso", "bench", "tune", "--workload", "digits-mlp", "--algorithms", "taso",
            "--mode", "paper", "--epochs", "2", "--threads", "1", "--storage", storage, *extra]  # fmt: skip


def trials_of(storage: str) -> list:
    study = optuna.load_study(storage=storage, study_name=study_name("digits-mlp", "taso", "paper"))
    return study.get_trials(deepcopy=False)


def assert_exactly_the_grid(storage: str) -> list:
    trials = trials_of(storage)
    done = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    assert len(done) == 20
    assert sorted(map(repr, (dict(t.params) for t in done))) == sorted(map(repr, grid("taso")))
    assert all(0.0 <= t.value <= 100.0 and len(t.user_attrs["val_accuracy"]) == 2 for t in done)
    return trials


ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def test_tune_runs_the_grid_trial_for_trial_and_final_runs_use_fresh_seeds(tmp_path: Path) -> None:
    storage = f"sqlite:///{tmp_path / 'o.db'}"
    subprocess.run(tune_cmd(storage), check=True, capture_output=True, env=ENV, timeout=600)
    trials = assert_exactly_the_grid(storage)
    assert len(trials) == 20
    # a second worker on a finished study finds nothing to do
    out = subprocess.run(tune_cmd(storage), check=True, capture_output=True, text=True, env=ENV, timeout=600)
    assert "{'complete': 0, 'pruned': 0, 'failed': 0}" in out.stdout
    best = max((t for t in trials), key=lambda t: (t.value, -t.number))
    ran, skipped = final_runs("digits-mlp", "taso", "paper", storage, tmp_path / "final", seeds=2)
    assert (ran, skipped) == (2, 0)
    records = list(ResultStore(tmp_path / "final").records())
    assert sorted(r["seed"] for r in records) == [1000, 1001]  # never the tuning seed 0
    assert all(r["tuning"]["trial"] == best.number and r["suite"] == "tuned-paper" for r in records)
    assert records[0]["config"]["algorithm"]["hparams"]["lr"] == best.params["lr"]
    assert records[0]["tuning"]["epochs"] == 2  # the trials' budget, kept beside the final runs'
    assert records[0]["config"]["workload"]["epochs"] == 40  # final runs: the registered budget
    assert final_runs("digits-mlp", "taso", "paper", storage, tmp_path / "final", seeds=2) == (0, 2)
    # a budget of the workload (NAME@E) runs the configuration tuned on NAME, for E epochs
    assert final_runs("digits-mlp@3", "taso", "paper", storage, tmp_path / "transfer", seeds=1) == (1, 0)
    (moved,) = ResultStore(tmp_path / "transfer").records()
    assert moved["workload"] == "digits-mlp@3" and moved["config"]["workload"]["epochs"] == 3
    assert moved["config"]["algorithm"] == records[0]["config"]["algorithm"]
    assert moved["tuning"]["workload"] == "digits-mlp" and moved["tuning"]["trial"] == best.number
    assert len(moved["result"]["epochs"]) == 3
    # --reuse copies runs with the same key (marked as copied) instead of training them again
    ran, skipped = final_runs("digits-mlp", "taso", "paper", storage, tmp_path / "copy", seeds=3,
                              reuse=[tmp_path / "final"])  # fmt: skip
    assert (ran, skipped) == (1, 2)
    copied = {r["seed"]: r for r in ResultStore(tmp_path / "copy").records()}
    assert sorted(copied) == [1000, 1001, 1002] and "reused_from" not in copied[1002]
    original = {r["seed"]: r for r in records}
    for seed in (1000, 1001):
        assert copied[seed]["reused_from"] == str([str(tmp_path / "final")])
        assert copied[seed]["result"] == original[seed]["result"]
    # a run another process has claimed (its lock in results/.claims held) is left to that process
    final_runs("digits-mlp", "taso", "paper", storage, tmp_path / "key", seeds=1, first_seed=1003)
    (key,) = ResultStore(tmp_path / "key").keys()
    (tmp_path / "copy" / ".claims").mkdir(exist_ok=True)
    with FileLock(tmp_path / "copy" / ".claims" / f"{key}.lock"):
        assert final_runs("digits-mlp", "taso", "paper", storage, tmp_path / "copy", seeds=4) == (0, 4)
    recorded = ResultStore(tmp_path / "copy").keys()
    assert key not in recorded
    assert final_runs("digits-mlp", "taso", "paper", storage, tmp_path / "copy", seeds=4) == (1, 3)
    recorded = ResultStore(tmp_path / "copy").keys()
    assert key in recorded
    # the family with the best tuned validation accuracy, rerun on a suite's seeds (paired runs)
    from taso._cli import main

    argv = ["bench", "final", "--workload", "digits-mlp", "--storage", storage, "--best-family-from",
            str(tmp_path / "final"), "--first-seed", "0", "--seeds", "1", "--threads", "1",
            "--results", str(tmp_path / "paired")]  # fmt: skip
    threads = torch.get_num_threads()
    try:
        assert main(argv) == 0
    finally:
        torch.set_num_threads(threads)  # --threads 1 set it for this process
    (paired,) = ResultStore(tmp_path / "paired").records()
    assert paired["seed"] == 0 and paired["algorithm"] == "taso" and paired["tuning"]["trial"] == best.number
    assert paired["environment"]["threads"] == 1
    # a family tuned on the workload but without final runs: no best family can be chosen yet
    import optuna

    optuna.create_study(storage=storage, study_name="digits-mlp/adam/paper")
    try:
        assert main([*argv[:-1], str(tmp_path / "paired2")]) == 2
    finally:
        torch.set_num_threads(threads)
    assert not (tmp_path / "paired2" / "runs.jsonl").exists()


def test_sigkill_mid_trial_then_restart_redoes_only_that_trial(tmp_path: Path) -> None:
    storage = f"sqlite:///{tmp_path / 'o.db'}"
    cmd = tune_cmd(storage, "--heartbeat", "1", "--grace", "2")
    cmd[cmd.index("--epochs") + 1] = "6"  # long enough trials to be killed inside one
    running: list = []
    for _attempt in range(3):  # a kill that lands between two trials leaves none running: try again
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, start_new_session=True
        )
        deadline = time.monotonic() + 300
        killed = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                states = [t.state for t in trials_of(storage)]
            except (KeyError, optuna.exceptions.StorageInternalError, ValueError):
                states = []
            if (
                states.count(optuna.trial.TrialState.COMPLETE) >= 3
                and optuna.trial.TrialState.RUNNING in states
            ):
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.05)
        proc.wait()
        assert killed, "the worker should be killed while a trial runs"
        before = trials_of(storage)
        running = [t for t in before if t.state == optuna.trial.TrialState.RUNNING]
        if running:
            break
    complete_before = {t.number for t in before if t.state == optuna.trial.TrialState.COMPLETE}
    assert len(running) == 1
    time.sleep(2.5)  # past the grace period: the dead worker's trial is stale
    cmd[cmd.index("--epochs") + 1] = "2"  # joining with another budget would mix trial lengths
    wrong = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=600)
    assert wrong.returncode != 0 and "tuned with 6 epochs per trial, got 2" in wrong.stderr
    assert [t.state for t in trials_of(storage)] == [t.state for t in before]  # refused before any change
    cmd[cmd.index("--epochs") + 1] = "6"
    subprocess.run(cmd, check=True, capture_output=True, env=ENV, timeout=600)
    after = {t.number: t for t in trials_of(storage)}
    assert after[running[0].number].state == optuna.trial.TrialState.FAIL
    assert complete_before <= {n for n, t in after.items() if t.state == optuna.trial.TrialState.COMPLETE}
    done = [t for t in after.values() if t.state == optuna.trial.TrialState.COMPLETE]
    assert len(done) == 20 and len({repr(dict(t.params)) for t in done}) == 20  # nothing counted twice
    retried = [t for t in done if t.system_attrs.get("failed_trial") == running[0].number]
    assert len(retried) == 1 and dict(retried[0].params) == dict(running[0].params)


def test_two_workers_share_one_postgresql_study_exactly(postgres_url: str) -> None:
    cmd = tune_cmd(postgres_url)
    workers = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
               for _ in range(2)]  # fmt: skip
    outs = [w.communicate(timeout=600) for w in workers]
    assert all(w.returncode == 0 for w in workers), [o[1][-2000:] for o in outs]
    trials = assert_exactly_the_grid(postgres_url)
    assert len(trials) == 20  # no extra trial was created by the race between the workers
    workers_seen = {t.user_attrs["worker"] for t in trials}
    assert len(workers_seen) == 2, "both workers should have run trials"


def test_tune_report_on_synthetic_studies(tmp_path: Path) -> None:
    from taso.bench._tune_report import load_trials, performance_profile, write_tune_report

    storage = f"sqlite:///{tmp_path / 's.db'}"
    dist = {"lr": optuna.distributions.CategoricalDistribution([0.01, 0.05, 0.1, 0.5, 1.0])}
    curves = {  # algorithm -> [(lr, per-epoch validation accuracy)]
        "taso": [(0.1, [50.0, 80.0, 90.0]), (1.0, [60.0, 85.0, 95.0])],
        "adam": [(0.01, [40.0, 70.0, 94.0]), (0.05, [30.0, 50.0, 60.0])],
    }
    for algo, runs in curves.items():
        study = optuna.create_study(
            storage=storage, study_name=study_name("w1", algo, "paper"), direction="maximize"
        )
        study.set_user_attr("epochs", 3)
        for lr, curve in runs:
            study.add_trial(optuna.trial.create_trial(
                params={"lr": lr}, distributions=dist, value=curve[-1],
                user_attrs={"val_accuracy": curve, "steps": [10, 20, 30], "wall_time": [1.0, 2.0, 3.0]}))  # fmt: skip
    # a trial the pruner stopped after its first epoch (1 of its 3 epochs trained)
    optuna.load_study(storage=storage, study_name=study_name("w1", "adam", "paper")).add_trial(
        optuna.trial.create_trial(
            params={"lr": 0.1}, distributions=dist, state=optuna.trial.TrialState.PRUNED, intermediate_values={0: 20.0},
            user_attrs={"val_accuracy": [20.0], "steps": [10], "wall_time": [1.0]}))  # fmt: skip
    trials = load_trials(storage)
    assert len(trials) == 5 and {t.algorithm for t in trials} == {"taso", "adam"}
    report = write_tune_report(storage, tmp_path / "tuned", None, tmp_path / "out").read_text()
    # best taso trial has lr 1.0: the largest grid value -> flagged at the edge; no re-evaluation
    assert "| w1 | taso | – | – | – | – | `{'lr': 1.0}` | best single trial | lr |" in report
    assert "| w1 | 3 | – | 2, 3 |" in report  # budgets: epochs per trial, no final runs yet, 2 and 3 trials
    # compute: 5 trials, 4 complete, 1 pruned; 13 of the 15 epochs five full-horizon trials would train
    assert "| w1 | 5 | 4 | 1 | 0 | 13 / 15 (87%) |" in report
    assert "A pruned trial stopped early" in report and "In all: 5 trials" in report
    # target = 0.98 * 95 = 93.1: taso's best reaches it at epoch 3 (step 30), adam's at epoch 3
    assert "| w1 | 93.10 | taso | 30 | 3.0 |" in report and "| w1 | 93.10 | adam | 30 | 3.0 |" in report
    assert (tmp_path / "out" / "plots" / "tuning-w1-paper.png").exists()
    prof = performance_profile({"taso": {"w1": 30.0}, "adam": {"w1": 60.0}})
    assert prof["taso"][0] == 1.0 and prof["adam"][0] == 0.0 and prof["adam"][-1] == 1.0

    # final runs: a workload is compared only once every tuned family has the same number of them
    def final(algo: str, seed: int, test: float) -> dict:
        return {"workload": "w1", "algorithm": algo, "seed": seed, "key": f"{algo}-{seed}", "tuning": {},
                "suite": "tuned-paper", "environment": {"threads": 1, "device": "cpu"},
                "config": {"workload": {"epochs": 3, "batch_size": 8}},
                "result": {"test_accuracy": test, "final_train_loss": 0.1, "status": "ok", "wall_time": 1.0,
                           "epochs": [{"val_accuracy": test}]}}  # fmt: skip

    store = ResultStore(tmp_path / "tuned")
    for rec in (final("taso", 1000, 90.0), final("taso", 1001, 91.0), final("adam", 1000, 80.0)):
        store.append(rec)
    partial = write_tune_report(storage, tmp_path / "tuned", None, tmp_path / "out").read_text()
    assert "Final runs in progress" in partial and "w1 (adam 1, taso 2)" in partial
    assert "## TASO against each competitor" not in partial
    assert "| w1 | taso | – | – | – | – |" in partial  # no tuned cell from incomplete final runs
    store.append(final("adam", 1001, 81.0))
    done = write_tune_report(storage, tmp_path / "tuned", None, tmp_path / "out").read_text()
    assert "Final runs in progress" not in done and "## TASO against each competitor" in done
    assert "| w1 | taso | – | 90.50 ± 0.71 |" in done


def test_the_committed_paper_sweeps_ran_the_authors_grids_trial_for_trial(tmp_path: Path) -> None:
    """docs/results/tuned-paper: every offline workload of the paper suite, every paper algorithm,
    exactly its 20 grid points, each once, and final runs of the best one on 5 fresh seeds."""
    import shutil

    from taso.bench import SUITES, WORKLOADS

    root = Path(__file__).resolve().parents[1] / "docs" / "results" / "tuned-paper"
    shutil.copy(root / "optuna.db", tmp_path / "optuna.db")  # never touch the committed file
    storage = f"sqlite:///{tmp_path / 'optuna.db'}"
    suite = SUITES["paper"]
    finals = list(ResultStore(root).records())
    for workload in suite.workloads:
        for algorithm in suite.algorithms:
            study = optuna.load_study(storage=storage, study_name=study_name(workload, algorithm, "paper"))
            done = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
            assert sorted(map(repr, (dict(t.params) for t in done))) == sorted(map(repr, grid(algorithm)))
            assert 1 <= study.user_attrs["epochs"] <= WORKLOADS[workload].epochs
            best = max(done, key=lambda t: (t.value, -t.number))
            mine = [
                r
                for r in finals
                if r["workload"] == workload and r["config"]["algorithm"]["name"] == algorithm
            ]
            assert sorted(r["seed"] for r in mine) == list(range(1000, 1005))
            assert all(r["tuning"]["trial"] == best.number for r in mine)


def test_a_trial_whose_worker_died_before_its_first_heartbeat_is_recovered(tmp_path: Path) -> None:
    """The window the SIGKILL test can hit under load: a worker claims a trial (RUNNING) and dies
    before it records a heartbeat. Optuna alone never counts such a trial as stale."""
    from taso.bench._tune import make_storage

    storage = make_storage(f"sqlite:///{tmp_path / 'o.db'}", heartbeat_interval=1, grace_period=1)
    study = optuna.create_study(storage=storage, study_name="s")
    study.enqueue_trial({"x": 1.0})
    trial_id = study._pop_waiting_trial_id()  # claimed, RUNNING, no heartbeat yet
    assert trial_id is not None
    time.sleep(1.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        optuna.storages.fail_stale_trials(study)
    states = {t._trial_id: t.state for t in study.get_trials(deepcopy=False)}
    assert states[trial_id] == optuna.trial.TrialState.FAIL
    waiting = [t for t in study.get_trials(deepcopy=False) if t.state == optuna.trial.TrialState.WAITING]
    assert len(waiting) == 1 and waiting[0].system_attrs["fixed_params"] == {"x": 1.0}  # re-enqueued


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--trials", "0", "--mode", "budget"], "--trials must be an integer >= 1, got 0"),
        (["--storage", "bogus://x"], "storage must be an Optuna RDB URL such as sqlite:///"),
        (["--algorithms", "nope"], "algorithm must be one of"),
        (["--epochs", "0"], "--epochs must be an integer >= 1, got 0"),
        (["--mode", "budget"], "--mode budget needs --trials K"),
    ],
)
def test_tune_rejects_bad_input_before_any_study_exists(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "o.db"
    cmd = [sys.executable, "-m", "taso", "bench", "tune", "--workload", "digits-mlp",
           "--storage", f"sqlite:///{db}", *args]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120)
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr
    assert not db.exists()  # no study was created


def test_run_refuses_an_unwritable_results_path_before_training(tmp_path: Path) -> None:
    a_file = tmp_path / "results.txt"
    a_file.write_text("not a directory")
    cmd = [sys.executable, "-m", "taso", "bench", "run", "--suite", "quick", "--results", str(a_file)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120)
    assert out.returncode == 2 and "--results must be a directory, got the file" in out.stderr
    assert "Traceback" not in out.stderr and "test acc" not in out.stdout


def test_ctrl_c_prints_one_line_and_keeps_finished_runs(tmp_path: Path) -> None:
    results = tmp_path / "r"
    cmd = [sys.executable, "-m", "taso", "bench", "run", "--suite", "quick", "--workloads", "mnist1d-mlp",
           "--algorithms", "adam", "--seeds", "10", "--results", str(results), "--threads", "1", "--no-progress"]  # fmt: skip
    # SIGINT as a terminal delivers it, even if this test runs where SIGINT is ignored (nohup, &)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    deadline = time.monotonic() + 300
    runs = results / "runs.jsonl"
    while time.monotonic() < deadline and proc.poll() is None:
        if runs.exists() and runs.read_text().count("\n") >= 1:
            proc.send_signal(signal.SIGINT)
            break
        time.sleep(0.05)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted; rerun the same command to resume" in err and "Traceback" not in err
    assert len([line for line in runs.read_text().splitlines() if line.strip()]) >= 1  # nothing lost


CLAIMER = """
import sys, optuna
from taso.bench._tune import claim_waiting_trial, make_storage
url = sys.argv[1]
study = optuna.load_study(study_name="claims", storage=make_storage(url))
got = []
while (trial_id := claim_waiting_trial(study, url)) is not None:
    got.append(trial_id)
print(" ".join(map(str, got)))
"""


def test_four_workers_claim_200_queued_trials_on_sqlite_each_exactly_once(tmp_path: Path) -> None:
    _four_workers_claim_200(f"sqlite:///{tmp_path / 'o.db'}", tmp_path)


def test_four_workers_claim_200_queued_trials_on_postgresql_each_exactly_once(
    postgres_url: str, tmp_path: Path
) -> None:
    _four_workers_claim_200(postgres_url, tmp_path)


def _four_workers_claim_200(url: str, tmp_path: Path) -> None:
    from taso.bench._tune import make_storage

    study = optuna.create_study(storage=make_storage(url), study_name="claims")
    for i in range(200):
        study.enqueue_trial({"i": float(i)})
    script = tmp_path / "claimer.py"
    script.write_text(CLAIMER)
    procs = [subprocess.Popen([sys.executable, str(script), url], stdout=subprocess.PIPE, text=True, env=ENV)
             for _ in range(4)]  # fmt: skip
    claims = [int(x) for p in procs for x in p.communicate(timeout=600)[0].split()]
    assert all(p.returncode == 0 for p in procs)
    assert len(claims) == 200 and len(set(claims)) == 200  # 0 claimed twice, none lost


def test_a_running_worker_takes_over_a_killed_workers_trial(tmp_path: Path) -> None:
    """3 workers, one SIGKILLed mid-trial, no worker started later: the survivors wait for the dead
    trial to turn stale and run it, so every configuration ends COMPLETE exactly once."""
    storage = f"sqlite:///{tmp_path / 'o.db'}"
    cmd = tune_cmd(storage, "--heartbeat", "1", "--grace", "2")
    subprocess.run(
        [*cmd, "--max-trials", "1"], check=True, capture_output=True, env=ENV, timeout=600
    )  # the study
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                              start_new_session=True) for _ in range(3)]  # fmt: skip
    victim, deadline, killed = procs[0], time.monotonic() + 300, False
    while time.monotonic() < deadline and victim.poll() is None:
        try:
            mine = [t for t in trials_of(storage) if t.state == optuna.trial.TrialState.RUNNING
                    and t.user_attrs.get("worker", "").endswith(f":{victim.pid}")]  # fmt: skip
        except (KeyError, optuna.exceptions.StorageInternalError, ValueError):
            mine = []
        if mine:
            os.killpg(victim.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.05)
    assert killed, "the victim should be killed while it runs a trial"
    for p in procs[1:]:
        assert p.wait(timeout=600) == 0
    trials = trials_of(storage)
    assert not [t for t in trials if t.state == optuna.trial.TrialState.RUNNING]  # none left behind
    assert_exactly_the_grid(storage)
    done = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    assert len({repr(dict(t.params)) for t in done}) == 20  # nothing counted twice


def test_final_refuses_a_missing_or_incomplete_study_naming_it(tmp_path: Path) -> None:
    from taso.bench._tune import make_storage

    url = f"sqlite:///{tmp_path / 'o.db'}"
    name = study_name("digits-mlp", "taso", "paper")
    with pytest.raises(
        ValueError, match=r"no study 'digits-mlp/taso/paper' in sqlite:///.*run `taso bench tune`"
    ):
        final_runs("digits-mlp", "taso", "paper", url, tmp_path / "final", seeds=1)
    study = optuna.create_study(storage=make_storage(url), study_name=name, direction="maximize")
    for lr in (0.1, 0.5):
        study.enqueue_trial({"lr": lr})
    with pytest.raises(ValueError, match=r"incomplete: 0 complete, 2 waiting, 0 running.*--allow-incomplete"):
        final_runs("digits-mlp", "taso", "paper", url, tmp_path / "final", seeds=1)
    assert not (tmp_path / "final").exists()  # refused before any work


def test_top_trials_are_reevaluated_on_more_seeds_and_selection_uses_their_mean(tmp_path: Path) -> None:
    from taso.bench._reeval import reevaluate, select_trial
    from taso.bench._tune import tune

    storage = f"sqlite:///{tmp_path / 'o.db'}"
    tune("digits-mlp", "adam", "budget", storage, trials=4, epochs=2, log=lambda _: None)
    before = select_trial(storage, "digits-mlp", "adam", "budget")  # no re-evaluation yet: best single trial
    assert before.candidates == {before.trial.number: {0: before.trial.value}}
    assert reevaluate("digits-mlp", "adam", "budget", storage, top=2, seeds=3, log=lambda _: None) == 4
    assert (
        reevaluate("digits-mlp", "adam", "budget", storage, top=2, seeds=3, log=lambda _: None) == 0
    )  # done once
    chosen = select_trial(storage, "digits-mlp", "adam", "budget")
    trials = sorted(trials_of_study(storage), key=lambda t: (-t.value, t.number))
    assert set(chosen.candidates) == {trials[0].number, trials[1].number}  # the top 2
    assert all(set(v) == {0, 1, 2} for v in chosen.candidates.values())
    means = {n: sum(v.values()) / 3 for n, v in chosen.candidates.items()}
    assert means[chosen.trial.number] == max(means.values())
    assert "mean validation accuracy over 3 seeds among the top 2" in chosen.rule
    # the final runs use the selection and record its evidence
    final_runs("digits-mlp", "adam", "budget", storage, tmp_path / "final", seeds=1)
    (record,) = ResultStore(tmp_path / "final").records()
    assert record["tuning"]["trial"] == chosen.trial.number
    assert (
        record["tuning"]["selection"]["candidates"][str(chosen.trial.number)]["2"]
        == chosen.candidates[chosen.trial.number][2]
    )
    # the tune report shows the selected configuration and counts the re-evaluation runs' compute
    from taso.bench._tune_report import write_tune_report

    report = write_tune_report(storage, tmp_path / "final", None, tmp_path / "out", mode="budget").read_text()
    assert f"`{chosen.trial.params}` | re-evaluated, mean val over 3 seeds |" in report
    row = next(line for line in report.splitlines() if line.startswith("| digits-mlp | 4 | "))
    cells = row.split(" | ")
    assert cells[-2].startswith("4 (") and cells[-1].startswith("1 (")  # 4 re-evaluations, 1 final run
    # default results may come from several directories (the paper suite's and the controls')
    (tmp_path / "defA").mkdir()
    ResultStore(tmp_path / "defB").append({**record, "suite": "controls"})
    both = write_tune_report(storage, tmp_path / "final", [tmp_path / "defA", tmp_path / "defB"], tmp_path / "o2",
                             mode="budget").read_text()  # fmt: skip
    adam = next(line for line in both.splitlines() if line.startswith("| digits-mlp | adam | "))
    assert adam.split(" | ")[2].startswith(f"{record['result']['test_accuracy']:.2f}")  # read from defB
    argv = ["bench", "tune-report", "--mode", "budget", "--storage", storage, "--tuned", str(tmp_path / "final"),
            "--default", str(tmp_path / "defA"), str(tmp_path / "nope"), "--out", str(tmp_path / "o3")]  # fmt: skip
    from taso._cli import main

    with pytest.raises(SystemExit, match=r"no such results directory: .*nope"):
        main(argv)
    with pytest.raises(ValueError, match="seeds >= 2"):
        reevaluate("digits-mlp", "adam", "budget", storage, top=2, seeds=1)


def trials_of_study(storage: str) -> list:
    study = optuna.load_study(storage=storage, study_name=study_name("digits-mlp", "adam", "budget"))
    return [t for t in study.get_trials(deepcopy=False) if t.state == optuna.trial.TrialState.COMPLETE]


def test_a_result_for_a_trial_taken_over_meanwhile_is_dropped_not_told_twice(tmp_path: Path) -> None:
    from taso.bench._tune import fail_stale, make_storage, tell_if_still_running

    url = f"sqlite:///{tmp_path / 'o.db'}"
    storage = make_storage(url, heartbeat_interval=1, grace_period=1)
    study = optuna.create_study(storage=storage, study_name="s")
    study.enqueue_trial({"x": 1.0})
    slow = study.ask()  # its worker is alive but slow: no heartbeat within the grace period
    slow.suggest_float("x", 0.0, 2.0)
    time.sleep(1.5)
    fail_stale(study, url)
    fail_stale(study, url)  # a second worker looking at the same moment re-enqueues nothing more
    states = [t.state for t in study.get_trials(deepcopy=False)]
    assert states == [optuna.trial.TrialState.FAIL, optuna.trial.TrialState.WAITING]  # one retry copy
    assert tell_if_still_running(study, slow, 0.5) is False  # the slow worker's late result is dropped
    retry = study.ask()
    assert tell_if_still_running(study, retry, 0.7) is True
    done = [t for t in study.get_trials(deepcopy=False) if t.state == optuna.trial.TrialState.COMPLETE]
    assert [t.value for t in done] == [0.7]
