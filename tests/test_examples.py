"""Every script in examples/ runs with a tiny budget and prints the rate the core predicts."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from taso import TASOSchedule

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(script: str, *args: str, timeout: int = 300) -> str:
    env = {**os.environ, "KERAS_BACKEND": os.environ.get("KERAS_BACKEND", "torch"), "OMP_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=EXAMPLES.parent,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def final_lr(text: str) -> float:
    return float(re.search(r"final lr ([0-9.e-]+)", text).group(1))


def test_torch_quickstart() -> None:
    out = run("torch_quickstart.py", "--epochs", "2")
    assert "steps 64," in out  # 2 epochs x 32 batches
    assert final_lr(out) == pytest.approx(TASOSchedule(total_steps=64, lr_initial=0.1)(64), rel=1e-6)
    assert "train acc 1.000" in out or float(re.findall(r"train acc ([0-9.]+)", out)[-1]) > 0.9


def test_optax_example() -> None:
    pytest.importorskip("optax")
    out = run("optax_example.py", "--steps", "40")
    assert final_lr(out) == pytest.approx(TASOSchedule(total_steps=40, lr_initial=0.5)(40), rel=1e-5)
    assert float(re.search(r"final loss ([0-9.]+)", out).group(1)) < 0.4


def test_keras_example_saves_and_reloads(tmp_path: Path) -> None:
    pytest.importorskip("keras")
    out = run("keras_example.py", "--epochs", "2", "--out", str(tmp_path / "m.keras"))
    assert "reloaded optimizer at step 32," in out
    assert final_lr(out) == pytest.approx(TASOSchedule(total_steps=32, lr_initial=0.1)(32), rel=1e-5)


def test_lightning_example() -> None:
    pytest.importorskip("lightning")
    out = run("lightning_example.py", "--max-steps", "20")
    assert "steps 20," in out
    assert final_lr(out) == pytest.approx(TASOSchedule(total_steps=20, lr_initial=0.1)(20), rel=1e-6)


def test_hf_trainer_example() -> None:
    pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    out = run("hf_trainer_example.py", "--max-steps", "20", "--warmup", "4")
    assert "steps 20," in out
    expected = 1e-2 * TASOSchedule(total_steps=16, lr_initial=1.0)(16)
    assert final_lr(out) == pytest.approx(expected, rel=1e-5, abs=1e-8)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ddp_two_ranks_see_identical_rates_and_resume_exactly(tmp_path: Path) -> None:
    steps, resume_at = 24, 9
    run("ddp_example.py", "--out", str(tmp_path), "--steps", str(steps), "--resume-at", str(resume_at),
        "--port", str(_free_port()))  # fmt: skip
    ranks = [json.loads((tmp_path / f"lrs-rank{r}.json").read_text()) for r in (0, 1)]
    lrs = [np.array(r["lrs"]) for r in ranks]
    assert lrs[0].shape == (steps, 2)
    np.testing.assert_array_equal(lrs[0], lrs[1])  # both ranks, every step
    for g, base in enumerate((0.1, 0.01)):
        np.testing.assert_allclose(
            lrs[0][:, g], TASOSchedule(total_steps=steps, lr_initial=base).values(steps), rtol=1e-12
        )
    assert ranks[0]["step"] == ranks[1]["step"] == steps
    np.testing.assert_array_equal(
        np.concatenate(ranks[0]["params"]), np.concatenate(ranks[1]["params"])
    )  # DDP kept them in sync


def test_stepping_modes_each_end_the_curve_when_training_ends() -> None:
    out = run("stepping_modes.py", "--epochs", "3", "--accumulate", "4")
    # 512 samples / batch 32 = 16 batches per epoch; 4 micro-batches per optimizer step
    expected = {
        "per step": (48, TASOSchedule(total_steps=48, lr_initial=0.1)(48)),
        "per epoch": (3, TASOSchedule(total_steps=3, lr_initial=0.1, offset=1)(3)),
        "accumulation": (12, TASOSchedule(total_steps=12, lr_initial=0.1)(12)),
    }
    for mode, (steps, lr) in expected.items():
        line = re.search(rf"{mode}: stepped (\d+) of (\d+), final lr ([0-9.e-]+)", out)
        assert line is not None, out
        assert (int(line.group(1)), int(line.group(2))) == (steps, steps)
        assert float(line.group(3)) == pytest.approx(lr, rel=1e-6)
    assert "warn" not in out.lower()


def _autotaso_example_checks(out: str, steps: int = 500) -> None:
    groups = dict(re.findall(r"group (\w+) \((?:adagrad|sgd)\): LR_I [0-9.e-]+ \((\w+)\)", out))
    assert groups == {"tables": "minimum", "dense": "minimum"}
    assert f"steps {steps}, optimizer steps {steps}," in out
    start = int(re.search(r"TASO from step (\d+)", out).group(1))
    discarded = int(re.search(r"discarded (\d+)", out).group(1))
    assert 0 < discarded < start < 250
    # the stability probe read the loss through the framework (no normalization layer: it ran)
    probe = re.search(r"probe: ([\w ]+), SGD LR_I x ([0-9.e+-]+)", out)
    assert probe is not None and probe.group(1) in ("divergence", "no divergence within the probe"), out
    assert float(probe.group(2)) >= 1.0
    assert float(re.search(r"test accuracy ([0-9.]+)", out).group(1)) > 0.95


def test_autotaso_hf_trainer_example() -> None:
    pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    _autotaso_example_checks(run("autotaso_hf.py", "--max-steps", "500"))


def test_autotaso_hf_trainer_example_with_epochs_takes_the_trainers_length() -> None:
    """4 epochs of 4096 examples at batch 32: 512 steps, which AutoTASO (built with 1000) learns
    from the callback."""
    pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    _autotaso_example_checks(run("autotaso_hf.py", "--epochs", "4"), steps=512)


def test_autotaso_hf_trainer_example_with_a_loss_the_trainer_computes() -> None:
    """--label-smoothing 0.1: a compute_loss_func, read through taso.hf.observe_trainer_loss."""
    pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    _autotaso_example_checks(run("autotaso_hf.py", "--max-steps", "500", "--label-smoothing", "0.1"))


def test_autotaso_lightning_example() -> None:
    pytest.importorskip("lightning")
    _autotaso_example_checks(run("autotaso_lightning.py", "--max-steps", "500"))


def test_autotaso_ddp_ranks_take_the_same_decisions_and_stay_identical(tmp_path: Path) -> None:
    out = run("autotaso_ddp.py", "--out", str(tmp_path), "--steps", "300", "--port", str(_free_port()))
    ranks = [json.loads((tmp_path / f"auto-rank{r}.json").read_text()) for r in (0, 1)]
    assert ranks[0]["report"] == ranks[1]["report"]  # same LR_I, same sweep, same rewind, on both ranks
    assert (
        ranks[0]["report"]["phase"] == "taso"
        and ranks[0]["report"]["groups"][0]["finding"]["reason"] == "minimum"
    )
    np.testing.assert_array_equal(np.concatenate(ranks[0]["params"]), np.concatenate(ranks[1]["params"]))
    assert len(set(re.findall(r"LR_I ([0-9.e-]+)", out))) == 1
