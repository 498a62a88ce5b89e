"""The harness: training loop, divergence, result store, resume after a kill, report statistics."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import platform
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from taso import TASOSchedule
from taso.bench import ALGORITHMS, SUITES, WORKLOADS, ResultStore, _runner, plan, prepare, run_suite, train
from taso.bench._algorithms import Algorithm, Built, get_algorithm
from taso.bench._report import Cell, paired_difference, relative_summary, summarise, write_report

DIGITS = dataclasses.replace(WORKLOADS["digits-mlp"], epochs=3)


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    a = train(DIGITS, ALGORITHMS["adam"], seed=3)
    b = train(DIGITS, ALGORITHMS["adam"], seed=3)
    c = train(DIGITS, ALGORITHMS["adam"], seed=4)
    assert [e.train_loss for e in a.epochs] == [e.train_loss for e in b.epochs]
    assert a.test_accuracy == b.test_accuracy and a.final_train_loss == b.final_train_loss
    assert [e.train_loss for e in a.epochs] != [e.train_loss for e in c.epochs]


def test_run_result_fields_and_the_taso_learning_rate_trace() -> None:
    r = train(DIGITS, ALGORITHMS["taso"], seed=0)
    steps_per_epoch = math.ceil(len(prepare(DIGITS).y_train) / DIGITS.batch_size)
    assert r.status == "ok" and r.steps == 3 * steps_per_epoch and len(r.epochs) == 3
    assert [e.epoch for e in r.epochs] == [1, 2, 3] and r.epochs[-1].step == r.steps
    assert all(0 <= e.val_accuracy <= 100 for e in r.epochs) and r.final_train_loss > 0
    expected = TASOSchedule(total_steps=r.steps, lr_initial=0.1)
    for step, lr in r.lr_trace:
        assert lr == pytest.approx(expected(step), rel=1e-9)
    assert r.epochs[-1].lr == pytest.approx(expected(r.steps), rel=1e-9)
    assert r.wall_time >= r.epochs[-1].wall_time > 0


def test_test_split_is_evaluated_exactly_once(monkeypatch: pytest.MonkeyPatch) -> None:
    data = prepare(DIGITS)
    seen: list[int] = []
    real = _runner.evaluate

    def spy(model, x, y, batch_size=1024):
        seen.append(id(x))
        return real(model, x, y, batch_size)

    monkeypatch.setattr(_runner, "evaluate", spy)
    train(DIGITS, ALGORITHMS["adam"], seed=0, data=data)
    assert seen.count(id(data.x_test)) == 1
    assert seen.count(id(data.x_val)) == DIGITS.epochs


def test_divergence_is_recorded_and_the_suite_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boom = Algorithm("sgd-boom", "sgd", {"lr": 1e12, "momentum": 0.9})  # adding an algorithm is one entry
    monkeypatch.setitem(ALGORITHMS, boom.name, boom)
    r = train(DIGITS, boom, seed=0)
    per_epoch = math.ceil(len(prepare(DIGITS).y_train) / DIGITS.batch_size)
    # noticed at the end of the epoch it happened in (no per-step host sync), recorded with its step
    assert r.status == "diverged" and r.final_train_loss is None and len(r.epochs) == 1
    assert r.steps == per_epoch and 0 < r.diverged_at_step < per_epoch
    monkeypatch.setitem(WORKLOADS, DIGITS.name, DIGITS)
    ran, skipped, _ = run_suite(SUITES["quick"], tmp_path, workloads=["digits-mlp"],
                                algorithms=["sgd-boom", "adam"], seeds=1, progress=False)  # fmt: skip
    records = list(ResultStore(tmp_path).records())
    assert (ran, skipped) == (2, 0)
    assert {r["algorithm"]: r["result"]["status"] for r in records} == {"sgd-boom": "diverged", "adam": "ok"}
    assert all(isinstance(r["result"]["test_accuracy"], float) for r in records)


class _SkipNonFinite(torch.optim.SGD):
    """SGD that skips a step whose gradients are not finite (as AMP's gradient scaler does)."""

    @torch.no_grad()
    def step(self, closure=None):  # type: ignore[no-untyped-def,override]
        grads = [p.grad for g in self.param_groups for p in g["params"] if p.grad is not None]
        if all(bool(torch.isfinite(gr).all()) for gr in grads):
            return super().step(closure)
        return None


@dataclasses.dataclass(frozen=True)
class _SkippingSGD(Algorithm):
    def build(self, params, total_steps, modality, model=None, class_counts=None):  # type: ignore[no-untyped-def,override]
        return Built(_SkipNonFinite(params, lr=0.05, momentum=0.9), None)


def test_a_run_ends_only_when_the_optimizer_cannot_recover_from_a_non_finite_loss() -> None:
    # one training image is infinite: every epoch, the batch holding it has a non-finite loss
    data = prepare(DIGITS)
    x = data.x_train.clone()
    x[17] = math.inf
    poisoned = dataclasses.replace(data, x_train=x)
    per_epoch = math.ceil(len(data.y_train) / DIGITS.batch_size)
    # plain SGD: its weights turn non-finite, the run ends at the end of that epoch as diverged
    sgd = train(DIGITS, Algorithm("sgd-plain", "sgd", {"lr": 0.05, "momentum": 0.9}), seed=0, data=poisoned)
    assert sgd.status == "diverged" and len(sgd.epochs) == 1 and sgd.steps == per_epoch
    assert 0 <= sgd.diverged_at_step < per_epoch and not math.isfinite(sgd.epochs[0].val_loss)
    # an optimizer that skips the bad step recovers: the run trains to the end and is measured
    skip = train(DIGITS, _SkippingSGD("sgd-skip", "sgd"), seed=0, data=poisoned)
    assert (
        skip.status == "ok" and skip.steps == DIGITS.epochs * per_epoch and len(skip.epochs) == DIGITS.epochs
    )
    assert skip.diverged_at_step == sgd.diverged_at_step  # the same first bad batch (same seed, same order)
    assert all(e.train_loss == math.inf and math.isfinite(e.val_loss) for e in skip.epochs)
    assert skip.test_accuracy > 80 and skip.final_train_accuracy is not None
    # a run with no bad loss records none
    clean = train(DIGITS, _SkippingSGD("sgd-skip", "sgd"), seed=0, data=data)
    assert clean.diverged_at_step is None and all(math.isfinite(e.train_loss) for e in clean.epochs)


class _RepairsNextStep(torch.optim.SGD):
    """SGD that, finding its weights non-finite at a step, restores the last finite ones first (a
    repair one step late, as AutoTASO's guard repairs at its next window); ``can_recover`` says so."""

    def __init__(self, params, can_recover: bool) -> None:  # type: ignore[no-untyped-def]
        super().__init__(params, lr=0.05, momentum=0.9)
        self.can_recover = can_recover
        self.good = [p.detach().clone() for g in self.param_groups for p in g["params"]]

    @torch.no_grad()
    def step(self, closure=None):  # type: ignore[no-untyped-def,override]
        params = [p for g in self.param_groups for p in g["params"]]
        if self.can_recover and not all(bool(torch.isfinite(p).all()) for p in params):
            for p, q in zip(params, self.good, strict=True):
                p.copy_(q)
            self.state.clear()
            return None
        super().step(closure)
        if all(bool(torch.isfinite(p).all()) for p in params):
            self.good = [p.detach().clone() for p in params]
        return None


@dataclasses.dataclass(frozen=True)
class _RepairingSGD(Algorithm):
    recovers: bool = True

    def build(self, params, total_steps, modality, model=None, class_counts=None):  # type: ignore[no-untyped-def,override]
        return Built(_RepairsNextStep(params, self.recovers), None)


def test_a_run_whose_optimizer_will_repair_its_weights_goes_on_past_a_non_finite_validation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Weights turned non-finite at an epoch's last step: the validation at that epoch's end reads
    them; an optimizer that says it will repair them (``can_recover``) trains on, one that cannot ends."""
    per_epoch = math.ceil(len(prepare(DIGITS).y_train) / DIGITS.batch_size)
    build = _runner.build_model

    def poisoned(workload, data):  # type: ignore[no-untyped-def]
        model = build(workload, data)
        calls = {"train": 0}
        forward = model.forward

        def nan_once(x):  # type: ignore[no-untyped-def]
            out = forward(x)
            if model.training:
                calls["train"] += 1
                if calls["train"] == per_epoch:  # the last step of the first epoch
                    return out * math.nan
            return out

        model.forward = nan_once  # type: ignore[method-assign]
        return model

    monkeypatch.setattr(_runner, "build_model", poisoned)
    ends = train(DIGITS, _RepairingSGD("sgd-repairs", "sgd", recovers=False), seed=0)
    assert ends.status == "diverged" and len(ends.epochs) == 1 and ends.diverged_at_step == per_epoch - 1
    goes_on = train(DIGITS, _RepairingSGD("sgd-repairs", "sgd"), seed=0)
    assert goes_on.status == "ok" and len(goes_on.epochs) == DIGITS.epochs
    assert goes_on.diverged_at_step == per_epoch - 1 and math.isnan(goes_on.epochs[0].val_loss)
    assert all(math.isfinite(e.val_loss) for e in goes_on.epochs[1:])
    assert goes_on.test_accuracy > 80 and goes_on.final_train_accuracy is not None


def test_the_records_the_old_stop_rule_cut_are_found_removed_and_kept(tmp_path: Path) -> None:
    """``benchmarks/retrain_cut_runs.py``: a record marked diverged whose last validation loss is finite
    was cut by the old stop rule; ``--remove`` drops exactly those from the store and keeps them aside."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "cut", Path(__file__).parents[1] / "benchmarks" / "retrain_cut_runs.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)

    def rec(key: str, status: str, val_loss: float | None) -> str:
        epochs = [{"epoch": 1, "val_loss": val_loss}]
        result = {
            "status": status,
            "epochs": epochs,
            "steps": 9,
            "test_accuracy": 50.0,
            "final_train_loss": None,
        }
        return json.dumps(
            {"key": key, "workload": "w", "algorithm": "a", "seed": 0, "config": {}, "result": result}
        )

    store = tmp_path / "store"
    store.mkdir()
    lines = [rec("cut", "diverged", 0.5), rec("nan", "diverged", None), rec("ok", "ok", 0.4), "{torn"]
    (store / "runs.jsonl").write_text("\n".join(lines[:3]) + "\n" + lines[3])
    assert [tool.cut_by_the_old_rule(json.loads(x)) for x in lines[:3]] == [True, False, False]
    listed = tool.main([str(store)])  # listing only
    assert listed == 0 and (store / "runs.jsonl").read_text().count("\n") == 3
    assert tool.main([str(store), "--remove"]) == 0
    kept_in_store = lines[1] + "\n" + lines[2] + "\n" + lines[3]  # the torn line left as it was
    assert (store / "runs.jsonl").read_text() == kept_in_store
    assert (store / tool.KEPT).read_text() == lines[0] + "\n"
    assert [r["key"] for r in ResultStore(store).records()] == ["nan", "ok"]
    with pytest.raises(SystemExit):
        tool.main([str(tmp_path / "missing")])


def test_records_carry_config_versions_and_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(WORKLOADS, DIGITS.name, DIGITS)
    run_suite(
        SUITES["quick"], tmp_path, workloads=["digits-mlp"], algorithms=["adam"], seeds=1, progress=False
    )
    (record,) = ResultStore(tmp_path).records()
    assert record["config"]["workload"]["epochs"] == 3
    assert record["config"]["algorithm"] == {"name": "adam", "optimizer": "adam", "hparams": {"lr": 1e-3},
                                             "schedule": "constant", "schedule_kwargs": {}}  # fmt: skip
    assert record["environment"]["versions"]["torch"].startswith("2.13.0")
    assert "git_commit" in record["environment"]
    assert record["key"] == plan(SUITES["quick"], ["digits-mlp"], ["adam"], 1)[0].key
    # rerunning skips it
    assert run_suite(SUITES["quick"], tmp_path, workloads=["digits-mlp"], algorithms=["adam"], seeds=1,
                     progress=False)[:2] == (0, 1)  # fmt: skip


def test_plan_keys_are_unique_and_shards_partition_the_suite() -> None:
    runs = plan(SUITES["paper"])
    assert len(runs) == 10 * 4 * 3 and len({r.key for r in runs}) == len(runs)
    shards = [plan(SUITES["paper"], shard=(k, 3)) for k in range(3)]
    assert sorted(r.key for s in shards for r in s) == sorted(r.key for r in runs)
    with pytest.raises(ValueError, match="shard must be K/N"):
        plan(SUITES["paper"], shard=(3, 3))
    with pytest.raises(ValueError, match="workload must be one of"):
        plan(SUITES["paper"], workloads=["nope"])


def test_a_budget_of_a_workload_is_its_own_workload_with_its_own_runs_and_rows(tmp_path: Path) -> None:
    from taso.bench import get_workload
    from taso.bench._report import write_report
    from taso.bench._workloads import base_workload

    short = get_workload("digits-mlp@2")
    registered = WORKLOADS["digits-mlp"]
    assert short == dataclasses.replace(registered, name="digits-mlp@2", epochs=2)  # only the length differs
    assert base_workload("digits-mlp@2") == "digits-mlp" and get_workload("digits-mlp") is registered
    for name, message in [
        ("digits-mlp@0", "the epochs after '@' must be an integer >= 1, got '0'"),
        ("digits-mlp@1.5", "the epochs after '@' must be an integer >= 1, got '1.5'"),
        ("digits-mlp@", "the epochs after '@' must be an integer >= 1, got ''"),
        ("digits@2", "workload must be one of"),
    ]:
        with pytest.raises(ValueError, match=re.escape(message)):
            plan(SUITES["quick"], workloads=[name], algorithms=["adam"], seeds=1)
    # its own keys: a run at 2 epochs never stands in for one at the registered 40
    (at2,) = plan(SUITES["quick"], ["digits-mlp@2"], ["adam"], 1)
    (at40,) = plan(SUITES["quick"], ["digits-mlp"], ["adam"], 1)
    assert at2.key != at40.key and at2.workload == "digits-mlp@2"
    assert run_suite(SUITES["quick"], tmp_path, workloads=["digits-mlp@2"], algorithms=["adam"], seeds=1,
                     progress=False)[:2] == (1, 0)  # fmt: skip
    (record,) = ResultStore(tmp_path).records()
    per_epoch = math.ceil(len(prepare(registered).y_train) / registered.batch_size)
    assert record["key"] == at2.key and record["workload"] == "digits-mlp@2"
    assert len(record["result"]["epochs"]) == 2 and record["result"]["steps"] == 2 * per_epoch
    report = write_report(tmp_path, plots=False).read_text()
    assert "### digits-mlp@2" in report and f"{registered.description} — 2 epochs, batch 32." in report
    from taso.bench._results import cpu_model

    assert record["environment"]["device_name"] == cpu_model()  # the processor, for cross-machine checks
    assert f"- 1 runs on `{cpu_model()}`\n" in report


def test_cpu_model_names_the_processor_and_its_vector_extension(tmp_path: Path) -> None:
    from taso.bench._results import cpu_model

    x86 = tmp_path / "x86"
    x86.write_text(
        "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
        "model name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\nstepping\t: 7\n"
        "flags\t\t: fpu sse2 avx avx2 avx512f avx512bw\n\nprocessor\t: 1\nmodel name\t: other\n"
    )
    assert (
        cpu_model(x86)
        == "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz (family 6, model 85, stepping 7; avx512f)"
    )
    arm = tmp_path / "arm"  # aarch64 kernels give no model name; some give "Model" (a board)
    arm.write_text(
        "processor\t: 0\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd\n\nModel\t\t: Raspberry Pi 4 Model B\n"
    )
    assert cpu_model(arm) == "Raspberry Pi 4 Model B"  # no family, model or vector extension to add
    assert cpu_model(tmp_path / "missing") == (platform.processor() or platform.machine())
    bare = tmp_path / "bare"
    bare.write_text("model name\t: Some CPU\n")
    assert cpu_model(bare) == "Some CPU"


def test_torn_last_line_is_ignored_and_fenced(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    store.append(dict(_record("w", "adam", 0, 90.0, 0.1), key="a"))
    with open(store.path, "a") as f:
        f.write('{"key": "b", "x": ')  # a crash mid-write
    assert [r["key"] for r in store.records()] == ["a"]
    store.append(dict(_record("w", "adam", 1, 90.0, float("nan")), key="c"))
    assert [r["key"] for r in store.records()] == ["a", "c"]
    assert store.problems == [f"{store.path}:2: not JSON (Expecting value)"]  # fenced off, and named
    assert list(store.records())[1]["result"]["final_train_loss"] is None


def test_a_killed_suite_resumes_and_finishes_only_the_missing_runs(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "taso", "bench", "run", "--suite", "quick", "--workloads", "digits-mlp",
                      "--algorithms", "adam", "--seeds", "8", "--results", str(tmp_path), "--no-report", "--no-progress",
           "--threads", "1"]  # fmt: skip
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env
    )
    path = tmp_path / "runs.jsonl"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.read_text().count("\n") >= 2:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    assert 2 <= len(before) < 8, "the kill should land mid-suite"
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    assert f"{8 - len(before)} runs done, {len(before)} were already recorded" in out.stdout
    after = list(ResultStore(tmp_path).records())
    assert len(after) == 8 and len({r["key"] for r in after}) == 8
    assert sorted(r["seed"] for r in after) == list(range(8))
    assert after[: len(before)] == before  # nothing recorded earlier was touched


# ----------------------------------------------------------------------------- statistics
def _record(
    workload: str, algorithm: str, seed: int, acc: float, loss: float | None, status: str = "ok"
) -> dict:
    return {
        "key": f"{workload}-{algorithm}-{seed}",
        "suite": "synthetic",
        "workload": workload,
        "algorithm": algorithm,
        "seed": seed,
        "config": {"workload": {"name": workload, "epochs": 2, "batch_size": 8}, "algorithm": {"name": algorithm}},
        "result": {"test_accuracy": acc, "final_train_loss": loss, "status": status, "lr_trace": [[0, 0.1], [5, 0.01]],
                   "epochs": [{"val_accuracy": acc - 1, "train_loss": 1.0}, {"val_accuracy": acc, "train_loss": 0.5}]},
        "environment": {"git_commit": "abc", "versions": {"torch": "2.13.0"}},
    }  # fmt: skip


def test_paired_difference_known_answers() -> None:
    p = paired_difference({0: 91.0, 1: 92.0, 2: 93.0}, {0: 90.0, 1: 91.0, 2: 92.0})
    assert (p.mean, p.low, p.high, p.verdict) == (1.0, 1.0, 1.0, "win")
    tie = paired_difference({0: 1.0, 1: -1.0, 2: 0.0, 3: 0.5}, {0: 0.0, 1: 0.0, 2: 0.0, 3: 0.0})
    assert tie.mean == pytest.approx(0.125) and tie.low < 0 < tie.high and tie.verdict == "tie"
    loss = paired_difference({s: 80.0 + 0.1 * s for s in range(10)}, {s: 85.0 - 0.1 * s for s in range(10)})
    assert loss.verdict == "loss" and loss.high < 0
    assert paired_difference({0: 1.0}, {0: 0.0}).verdict == "n/a"
    # only seeds present on both sides are paired
    assert paired_difference({0: 5.0, 1: 7.0, 9: 100.0}, {0: 4.0, 1: 6.0}).n == 2


def test_relative_summary_and_report_on_synthetic_records(tmp_path: Path) -> None:
    records = []
    for s in range(3):
        records += [
            _record("w1", "taso", s, 90.0, 0.1),
            _record("w1", "adam", s, 80.0, 0.2),
            _record("w2", "taso", s, 50.0, 0.4),
            _record("w2", "adam", s, 50.0 + (s - 1), None, status="diverged" if s == 0 else "ok"),
        ]
    records[0]["result"]["diverged_at_step"] = 3  # w1/taso seed 0 met a non-finite loss and recovered
    cells = summarise(records)
    assert isinstance(cells["w1"]["taso"], Cell) and cells["w2"]["adam"].diverged == 1
    assert (cells["w1"]["taso"].recovered, cells["w1"]["taso"].diverged, cells["w2"]["adam"].recovered) == (
        1,
        0,
        0,
    )
    rel = relative_summary(cells)
    assert rel["adam"]["accuracy_gain_pct"] == pytest.approx((12.5 + 0.0) / 2)
    assert rel["adam"]["loss_reduction_pct"] == pytest.approx(50.0)  # w2 left out: adam diverged there
    assert rel["adam"]["loss_workloads"] == 1
    store = ResultStore(tmp_path)
    store.extend(records)
    text = write_report(tmp_path).read_text()
    assert "| 1 | **taso** | 90.00 ± 0.00 | 90.00 | 0.1000 ± 0.0000 | 0 (1 recovered) | 3 | cpu/? |" in text
    assert "| 2 | adam | 80.00 ± 0.00 | 80.00 | 0.2000 ± 0.0000 | 0 | 3 | cpu/? |" in text
    assert "| adam | +10.00 [+10.00, +10.00] | win |" in text
    # mean and median relative gains side by side; w1 a win (identical differences), w2 a tie
    assert "| adam | +6.25% | +6.25% | +50.0% (over 1) | +50.0% | 1 | 1 | 0 | 2 |" in text
    assert "95% paired Student-t interval" in text  # the method is named in the header
    assert (tmp_path / "plots" / "w1.png").stat().st_size > 10_000


def test_a_workload_without_its_data_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taso.bench import _data, _workloads

    monkeypatch.setattr(_data, "FASHION_DIR", tmp_path / "nowhere")
    monkeypatch.setitem(_workloads.LOADERS, "fashion-mnist", lambda d: _data.load_fashion_mnist(d))
    _workloads._prepare_cached.cache_clear()
    monkeypatch.setitem(WORKLOADS, DIGITS.name, DIGITS)
    ran, skipped, unavailable = run_suite(SUITES["paper"], tmp_path / "r", workloads=["fashion-lenet5", "digits-mlp"],
                                          algorithms=["adam"], seeds=1, progress=False)  # fmt: skip
    assert (ran, skipped, unavailable) == (1, 0, ["fashion-lenet5"])
    _workloads._prepare_cached.cache_clear()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("epochs", 0, "epochs must be an integer >= 1, got 0"),
        ("batch_size", 2.5, "batch_size must be an integer >= 1, got 2.5"),
        ("val_fraction", 1.0, "val_fraction must be in (0, 1), got 1.0"),
        ("train_subset", 0, "train_subset must be None or an integer >= 1, got 0"),
    ],
)
def test_a_workload_with_a_bad_budget_is_refused_where_it_is_built(
    field: str, value: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        dataclasses.replace(WORKLOADS["digits-mlp"], **{field: value})


def test_label_noise_flips_the_stated_share_of_training_labels_only_and_always_the_same() -> None:
    from taso.bench._workloads import noisy_labels

    clean = dataclasses.replace(WORKLOADS["digits-mlp"], name="digits-clean")
    noisy = dataclasses.replace(clean, name="digits-noisy", label_noise=0.3)
    a, b = prepare(clean), prepare(noisy)
    flipped = b.y_train != a.y_train
    assert int(flipped.sum()) == round(0.3 * len(a.y_train))  # exactly the share, each to another class
    assert (
        torch.equal(b.y_val, a.y_val)
        and torch.equal(b.y_test, a.y_test)
        and torch.equal(b.x_train, a.x_train)
    )
    assert torch.equal(prepare(noisy).y_train, b.y_train)  # a property of the data, not of the run
    # the new class is uniform over the other nine: each offset 1..9 about 1/9 of the flips
    offsets = ((b.y_train - a.y_train) % 10)[flipped]
    share = torch.bincount(offsets, minlength=10)[1:].float() / len(offsets)
    assert share.min() > 0.06 and share.max() < 0.17
    # no noise: the configuration (and so every run key) is what it was before the field existed
    assert "label_noise" not in clean.config() and noisy.config()["label_noise"] == 0.3
    assert torch.equal(noisy_labels(a.y_train, 10, 0.0), a.y_train)


@pytest.mark.parametrize("value", [-0.1, 1.0, True, "0.3"])
def test_label_noise_outside_0_1_is_refused_where_the_workload_is_built(value: object) -> None:
    with pytest.raises(ValueError, match=r"label_noise must be a share in \[0, 1\)"):
        dataclasses.replace(WORKLOADS["digits-mlp"], label_noise=value)


def test_a_workload_name_registered_twice_is_refused() -> None:
    from taso.bench._workloads import _ALL, _registry

    assert len(_registry(_ALL)) == len(_ALL) == len(WORKLOADS)  # no name is registered twice
    twin = dataclasses.replace(_ALL[3], epochs=_ALL[3].epochs + 1)  # same name, another budget
    with pytest.raises(ValueError, match=f"workload name '{_ALL[3].name}' is registered twice"):
        _registry([*_ALL, twin])


def test_no_two_workloads_share_a_configuration() -> None:
    """A held-out or fresh workload must be new in what it trains, not only in its name (two fresh
    definitions once repeated held-out configurations under new names; round 38's ResNet repeats
    round 8's, found by this test after its runs and kept, as its write-up says: the one repeat)."""
    known = {"fashion-resnet-8-16-32-9k-b64-e3": "fashion-resnet-9k"}
    seen: dict[str, str] = {}
    repeats = {}
    for name, workload in WORKLOADS.items():
        config = json.dumps(
            {k: v for k, v in workload.config().items() if k != "name"}, sort_keys=True, default=str
        )
        if config in seen:
            repeats[name] = seen[config]
        seen.setdefault(config, name)
    assert repeats == known, f"a workload trains what another trains: {repeats}"
    assert len(seen) == len(WORKLOADS) - len(known)


@pytest.mark.parametrize("modality", ["image", "text"])
def test_controls_differ_from_their_counterpart_in_the_schedule_only(modality: str) -> None:
    from taso.bench._algorithms import ALGORITHMS

    def without_schedule(name: str) -> dict:
        cfg = ALGORITHMS[name].config(modality)
        return {k: v for k, v in cfg.items() if k not in ("name", "schedule", "schedule_kwargs", "optimizer")}

    for sgd in ("sgd-constant", "sgd-cosine", "sgd-tanh"):
        assert without_schedule(sgd) == without_schedule("taso")  # same lr, momentum, Nesterov, wd
    for adam in ("adam-cosine", "adam-taso"):
        assert without_schedule(adam) == without_schedule("adam")
        assert ALGORITHMS[adam].optimizer == ALGORITHMS["adam"].optimizer
    assert ALGORITHMS["sgd-constant"].config("image")["hparams"]["nesterov"] is False
    assert ALGORITHMS["sgd-constant"].config("text")["hparams"] == {
        "lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-4
    }  # fmt: skip


def test_bad_lines_are_skipped_and_named_and_configurations_never_mix(tmp_path: Path) -> None:
    good = [_record("w1", "taso", s, 90.0, 0.1) for s in range(3)] + [
        _record("w1", "adam", s, 98.8, 0.2) for s in range(3)
    ]
    foreign = _record("w1", "adam", 0, 20.0, 0.9)  # same workload/algorithm/seed, another configuration
    foreign["key"] = "other-config-0"
    foreign["config"]["algorithm"]["hparams"] = {"lr": 1.0}
    lines = [json.dumps(r) for r in good]
    lines.insert(2, '{"foo": 1}')  # line 3: a foreign layout
    path = tmp_path / "runs.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe not utf-8\n" + (json.dumps(foreign) + "\n").encode()
                     + b'{"key": "torn')  # fmt: skip
    store = ResultStore(tmp_path)
    records = list(store.records())
    assert len(records) == 7
    assert [p.split(": ", 1)[1] for p in store.problems] == [
        "not a run record (field 'key' missing or not a str)", "not UTF-8", "torn line (cut short by a crash mid-write)"
    ]  # fmt: skip
    assert [int(p.split(":")[1]) for p in store.problems] == [3, 8, 10]
    cells = summarise(records)["w1"]
    adams = sorted(a for a in cells if a.startswith("adam"))
    assert len(adams) == 2 and all("[" in a for a in adams)  # two configurations: two cells, never averaged
    assert sorted(cells[a].acc_mean_std()[0] for a in adams) == [20.0, 98.8]
    text = write_report(tmp_path, plots=False).read_text()
    assert "Skipped 3 unreadable line(s)" in text and f"`{path}:8: not UTF-8`" in text
    assert "w1/adam: 2 configurations" in text


def test_prepared_data_is_cached_on_disk_and_shared_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taso.bench import _workloads

    monkeypatch.setenv("TASO_CACHE_DIR", str(tmp_path / "cache"))
    _workloads._prepare_cached.cache_clear()
    first = prepare(DIGITS)
    [cached] = list((tmp_path / "cache").glob("digits-*.npz"))

    def no_loading(_: object) -> None:
        raise AssertionError("the raw data was loaded again")

    monkeypatch.setitem(_workloads.LOADERS, "digits", no_loading)
    _workloads._prepare_cached.cache_clear()
    second = prepare(DIGITS)  # from disk: the loader is never called
    for name in ("x_train", "y_train", "x_val", "y_val", "x_test", "y_test"):
        assert torch.equal(getattr(first, name), getattr(second, name))
    assert (second.num_classes, second.input_shape, second.vocab_size) == (10, first.input_shape, 0)
    np.testing.assert_array_equal(second.val_index, first.val_index)
    cached.write_bytes(b"corrupt")  # a damaged file is prepared again, not trusted
    monkeypatch.setitem(_workloads.LOADERS, "digits", lambda d: _data_module().load_digits())
    _workloads._prepare_cached.cache_clear()
    assert torch.equal(prepare(DIGITS).x_train, first.x_train)
    _workloads._prepare_cached.cache_clear()

    # several processes preparing at once into an empty cache all get the same data
    code = ("from taso.bench._workloads import prepare, WORKLOADS; "
            "print(float(prepare(WORKLOADS['digits-mlp']).x_train.sum()))")  # fmt: skip
    env = {**os.environ, "TASO_CACHE_DIR": str(tmp_path / "shared"), "OMP_NUM_THREADS": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
             for _ in range(3)]  # fmt: skip
    sums = {p.communicate(timeout=300)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs) and len(sums) == 1
    assert len(list((tmp_path / "shared").glob("*.npz"))) == 1 and not list(
        (tmp_path / "shared").glob("*.tmp")
    )


def _data_module():
    from taso.bench import _data

    return _data


def test_two_invocations_on_one_results_directory_record_each_run_once(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "taso", "bench", "run", "--suite", "quick", "--workloads", "digits-mlp",
           "--algorithms", "adam", "--seeds", "6", "--results", str(tmp_path), "--no-report", "--no-progress",
           "--threads", "1"]  # fmt: skip
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]  # fmt: skip
    outs = [p.communicate(timeout=900) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    keys = [r["key"] for r in ResultStore(tmp_path).records()]
    assert len(keys) == 6 and len(set(keys)) == 6  # every run recorded exactly once
    ran = [int(re.search(r"(\d+) runs done", out).group(1)) for out, _ in outs]
    assert sum(ran) == 6  # however the two interleaved, six trainings in all


def test_taso_auto_records_every_decision_and_takes_exactly_the_planned_steps() -> None:
    from taso.bench._suite import OFFLINE, SUITES

    wl = dataclasses.replace(WORKLOADS["digits-mlp"], epochs=8)  # 8 x 41 = 328 steps, room for one sweep
    res = train(wl, get_algorithm("taso-auto"), seed=0)
    d = res.details
    assert res.status == "ok" and res.steps == d["total_steps"] == 8 * 41 and d["phase"] == "taso"
    (group,) = d["groups"]
    assert (
        group["name"] == "dense"
        and group["kind"] == "sgd"
        and group["finding"]["reason"] in {"minimum", "divergence"}
    )
    assert 0 <= d["discarded_steps"] <= group["finding"]["sweep_steps"] <= d["sweep_steps_planned"] == 100
    assert d["main_start"] == group["finding"]["ended_at_step"] == group["finding"]["sweep_steps"]
    # the recorded trace ends on the TASO curve from the found LR_I (no tables: beta 0.8, rule 38)
    assert d["beta"] == {"requested": "auto", "value": 0.8, "why": "no tables"}
    expected = TASOSchedule(
        total_steps=d["total_steps"] - d["main_start"], lr_initial=group["lr_initial"], beta=0.8
    )
    step, lr = res.lr_trace[-1]
    assert lr == pytest.approx(expected(step - d["main_start"]), rel=1e-9)
    assert res.test_accuracy > 90
    # the suite compares it with the anchors, on the offline workloads, held-out ones excluded
    auto = SUITES["auto"]
    assert auto.algorithms == ("taso-auto", "sf-adamw", "taso") and auto.seeds == 10
    assert auto.workloads == OFFLINE and not any(WORKLOADS[w].holdout for w in OFFLINE) and len(OFFLINE) == 10


def test_taso_auto_told_the_prior_reads_the_training_labels_class_counts() -> None:
    from taso import prior_cross_entropy

    algo = dataclasses.replace(
        get_algorithm("taso-auto"), name="taso-auto-prior", hparams={"chance_loss": "prior"}
    )
    model = torch.nn.Linear(4, 3)
    with pytest.raises(
        ValueError, match="chance_loss='prior', which needs the training labels' class_counts"
    ):
        algo.build(model.parameters(), 500, "image", model=model)
    built = algo.build(model.parameters(), 500, "image", model=model, class_counts=[10, 30, 60])
    expected = -(0.1 * math.log(0.1) + 0.3 * math.log(0.3) + 0.6 * math.log(0.6))
    assert built.optimizer.report()["chance_loss"] == pytest.approx(expected, rel=1e-12)
    # through the runner: the counts of the workload's own training labels (digits: about ln 10)
    wl = dataclasses.replace(WORKLOADS["digits-mlp"], epochs=3)
    counts = torch.bincount(prepare(wl).y_train, minlength=10).tolist()
    res = train(wl, algo, seed=0)
    assert res.details["chance_loss"] == pytest.approx(prior_cross_entropy(counts), rel=1e-12)
    assert math.log(10) - 0.01 < res.details["chance_loss"] < math.log(10)


def test_the_training_loop_never_reads_the_device_per_step(monkeypatch: pytest.MonkeyPatch) -> None:
    syncs = []
    for name in ("item", "__float__", "__int__", "__bool__", "tolist"):
        original = getattr(torch.Tensor, name)

        def counted(self, *a, _original=original, **k):  # type: ignore[no-untyped-def]
            syncs.append(1)
            return _original(self, *a, **k)

        monkeypatch.setattr(torch.Tensor, name, counted)
    r = train(DIGITS, ALGORITHMS["taso"], seed=0)
    monkeypatch.undo()
    per_epoch = math.ceil(len(prepare(DIGITS).y_train) / DIGITS.batch_size)
    assert r.steps == DIGITS.epochs * per_epoch == 3 * 41
    # a handful of reads per epoch (divergence flag, training loss, validation) and at the end
    assert len(syncs) <= 6 * DIGITS.epochs + 10


def test_bf16_autocast_and_device_are_applied_and_recorded() -> None:
    fp32 = train(DIGITS, ALGORITHMS["adam"], seed=0)
    bf16 = train(DIGITS, ALGORITHMS["adam"], seed=0, amp="bf16")
    assert bf16.status == "ok" and bf16.test_accuracy > 85
    assert bf16.epochs[-1].train_loss != fp32.epochs[-1].train_loss  # bfloat16 forward passes took effect
    with pytest.raises(ValueError, match="amp must be None or 'bf16'"):
        train(DIGITS, ALGORITHMS["adam"], seed=0, amp="fp8")


def test_device_amp_and_compile_are_validated_recorded_and_keyed(tmp_path: Path) -> None:
    from taso.bench._results import environment, resolve_device

    cmd = [sys.executable, "-m", "taso", "bench", "run", "--suite", "quick", "--workloads", "digits-mlp",
           "--algorithms", "adam", "--seeds", "1", "--results", str(tmp_path), "--no-report", "--no-progress",
           "--threads", "1"]  # fmt: skip
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    for bad, message in (("bogus", "device must be one of auto, cpu, cuda, mps"),
                         *((("cuda", "device 'cuda' is not available"),) if not torch.cuda.is_available() else ())):  # fmt: skip
        out = subprocess.run([*cmd, "--device", bad], capture_output=True, text=True, env=env, timeout=300)
        assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr
    assert (
        resolve_device("auto") == "cuda"
        if torch.cuda.is_available()
        else resolve_device("auto") in ("cpu", "mps")
    )
    subprocess.run([*cmd, "--device", "cpu"], check=True, capture_output=True, env=env, timeout=300)
    subprocess.run([*cmd, "--amp", "bf16"], check=True, capture_output=True, env=env, timeout=300)
    records = {r["environment"].get("amp"): r for r in ResultStore(tmp_path).records()}
    assert set(records) == {None, "bf16"}  # the bf16 run is another run (another key), not a repeat
    assert records[None]["key"] != records["bf16"]["key"]
    assert records[None]["environment"]["device"] == "cpu" and records[None]["environment"]["device_name"]
    from taso.bench._report import compute_label

    assert compute_label(records["bf16"]) == "cpu/1/bf16" and compute_label(records[None]) == "cpu/1"
    assert environment("cpu", None, True)["compile"] is True


@pytest.mark.slow
def test_compiled_model_trains_like_the_eager_one() -> None:
    one = dataclasses.replace(DIGITS, epochs=1)
    eager = train(one, ALGORITHMS["adam"], seed=0)
    compiled = train(one, ALGORITHMS["adam"], seed=0, compile=True)
    assert compiled.status == "ok" and abs(compiled.test_accuracy - eager.test_accuracy) < 2.0


@pytest.mark.cuda
def test_cuda_smoke_run_with_bf16_on_the_gpu() -> None:
    r = train(DIGITS, ALGORITHMS["taso"], seed=0, device="cuda", amp="bf16")
    assert r.status == "ok" and r.test_accuracy > 85
    auto = train(dataclasses.replace(DIGITS, epochs=8), ALGORITHMS["taso-auto"], seed=0, device="cuda")
    assert auto.status == "ok" and auto.details["phase"] == "taso"


def test_the_decisions_table_states_what_the_stability_probe_did() -> None:
    from taso.bench._report import auto_decisions

    def record(seed: int, probe: dict[str, object] | None, lr: float) -> dict[str, object]:
        group = {"name": "dense", "kind": "sgd", "lr_initial": lr,
                 "finding": {"reason": "minimum", "capped": False, "sweep_steps": 100}}  # fmt: skip
        details = {"groups": [group], "discarded_fraction": 0.04} | ({"probe": probe} if probe else {})
        return {"algorithm": "taso-auto", "workload": "w", "seed": seed, "result": {"details": details}}

    raised = [record(0, {"reason": "divergence", "raised_by": 3.0}, 0.3),
              record(1, {"reason": "divergence", "raised_by": 1.0}, 0.1),
              record(2, {"reason": "no divergence within the probe", "raised_by": 1.0}, 0.1)]  # fmt: skip
    row = auto_decisions(raised)[2]
    assert (
        row
        == "| w | 3 | dense (sgd) | 0.1 [0.1, 0.3] | minimum (3) | 100 | x1 [1, 3], raised on 1 of 3 | 4.0 |"
    )
    off = [
        record(s, {"reason": "not run: the model has normalization layers", "raised_by": 1.0}, 0.1)
        for s in (0, 1)
    ]
    assert "| not run: normalization layers (2) |" in auto_decisions(off)[2]
    short = [record(0, {"reason": "not run: a short run (range tests of 40 steps)", "raised_by": 1.0}, 0.1)]
    assert "| not run: short run (1) |" in auto_decisions(short)[2]
    mixed = raised[:1] + short  # a probe that ran on one run and was skipped on another
    assert "| x3 [3, 3], raised on 1 of 1; not run: short run (1) |" in auto_decisions(mixed)[2]
    assert "| 100 | - | 4.0 |" in auto_decisions([record(0, None, 0.1)])[2]  # rules 1-5: no probe
    ended = [record(s, None, 0.1) for s in range(3)]
    for d, how in zip(ended, ("settled", "settled", "divergence"), strict=True):
        d["result"]["details"]["groups"][0]["finding"]["stopped_by"] = how  # type: ignore[index]
    assert "| 100 (divergence 1, settled 2) | - |" in auto_decisions(ended)[2]  # rule 7: how each test ended


def test_report_margin_adds_a_noninferiority_section_with_holm_and_the_intersection_union_reading(
    tmp_path: Path,
) -> None:
    """Three workloads, 10 seeds: "close" 0.05 pt behind (shown within 0.3), "behind" 1 pt behind
    (not shown), "ahead" 2 pt ahead (shown); the p-values are scipy's one-sided t-tests, Holm-adjusted."""
    from scipy import stats

    from taso.bench._stats import holm

    noise = [0.1, -0.1, 0.05, -0.05, 0.02, -0.02, 0.08, -0.08, 0.0, 0.0]
    shifts = {"close": -0.05, "behind": -1.0, "ahead": 2.0}
    recs = []
    for w, shift in shifts.items():
        for s in range(10):
            recs.append(_record(w, "taso", s, 90.0 + shift + noise[s], 0.1))
            recs.append(_record(w, "sgd", s, 90.0 + 0.5 * noise[(s + 3) % 10], 0.1))
    (tmp_path / "runs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    raw = {
        w: stats.ttest_1samp(
            [shift + noise[s] - 0.5 * noise[(s + 3) % 10] for s in range(10)], -0.3, alternative="greater"
        ).pvalue
        for w, shift in shifts.items()
    }
    adjusted = dict(zip(raw, holm(list(raw.values())), strict=True))
    text = write_report(tmp_path, plots=False, margin=0.3).read_text()
    assert "## Not worse by more than 0.3 points? (non-inferiority)" in text
    assert f"| ahead | shown (p {adjusted['ahead']:.3g}) | shown (p {adjusted['ahead']:.3g}) |" in text
    assert f"| behind | not shown (p {adjusted['behind']:.3g}) |" in text
    assert f"| close | shown (p {adjusted['close']:.3g}) |" in text
    assert adjusted["close"] < 0.05 <= adjusted["behind"]
    assert (
        f"- vs sgd: shown on 2 of 3 workloads (Holm); on every workload at once (intersection-union test, "
        f"each p < 0.05 unadjusted): no, largest p {raw['behind']:.3g} (behind)"
    ) in text
    assert "non-inferiority" not in write_report(tmp_path, plots=False).read_text()  # only when asked
    with pytest.raises(ValueError, match="margin must be a finite number > 0"):
        write_report(tmp_path, plots=False, margin=0.0)
    from taso._cli import main

    before = (tmp_path / "report.md").read_text()
    assert main(["bench", "report", "--results", str(tmp_path), "--margin", "nan", "--no-plots"]) == 2
    assert (tmp_path / "report.md").read_text() == before  # refused before anything was written
    assert main(["bench", "report", "--results", str(tmp_path), "--margin", "0.3", "--no-plots"]) == 0
    assert "## Not worse by more than 0.3 points?" in (tmp_path / "report.md").read_text()
