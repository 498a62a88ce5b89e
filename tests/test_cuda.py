"""AutoTASO on a CUDA device: exact resume, where the host waits for the GPU, Lightning on a GPU.

Every test here is marked ``cuda``: deselected (not skipped) where there is no GPU, so CI on a CPU
machine runs none of them; they are run by hand on a GPU machine (the README says how).
"""

from __future__ import annotations

import math
import os
import re
import sys
import warnings
from pathlib import Path

import pytest
import torch
from torch import nn

from taso.torch import AutoTASO

# cuBLAS is deterministic only with a fixed workspace, set before its first use in this process.
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
from autotaso_data import BagClassifier, token_bags

pytestmark = pytest.mark.cuda

TOTAL = 600


@pytest.fixture(autouse=True)
def _deterministic() -> object:
    before = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    yield
    torch.use_deterministic_algorithms(before)


def _fresh() -> tuple[nn.Module, AutoTASO]:
    torch.manual_seed(0)
    model = BagClassifier().cuda()
    return model, AutoTASO(model, total_steps=TOTAL)


def _train(model: nn.Module, opt: AutoTASO, steps: range, syncs: dict[int, int] | None = None) -> None:
    """Batches of 32 from a fixed device-resident set; with ``syncs``, counts per step the
    synchronizing CUDA operations made inside ``opt.step`` (torch's sync debug mode)."""
    x, y = (t.cuda() for t in token_bags(2048, seed=0))
    for t in steps:
        idx = torch.arange(t * 32, t * 32 + 32, device="cuda") % len(y)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        if syncs is None:
            opt.step(loss=loss)
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            torch.cuda.set_sync_debug_mode("warn")
            try:
                opt.step(loss=loss)
            finally:
                torch.cuda.set_sync_debug_mode("default")
        syncs[t] = sum("synchroniz" in str(w.message) for w in caught)


@pytest.mark.parametrize("stop", [40, 150, 230, 330, 450])  # sweeps, TASO, probe (~step 290), TASO
def test_resume_on_the_gpu_is_exact_at_any_step(stop: int) -> None:
    a_model, a = _fresh()
    _train(a_model, a, range(500))
    assert a.report()["probe"]["reason"] in ("divergence", "no divergence within the probe")
    b_model, b = _fresh()
    _train(b_model, b, range(stop))
    c_model, c = _fresh()
    state = {"model": b_model.state_dict(), "opt": b.state_dict()}
    c_model.load_state_dict(state["model"])
    c.load_state_dict(state["opt"])
    assert all(s.device.type == "cuda" for st in c.state.values() for s in st.values() if torch.is_tensor(s))
    _train(c_model, c, range(stop, 500))
    for p, q in zip(a_model.parameters(), c_model.parameters(), strict=True):
        assert torch.equal(p, q)
    assert a.report() == c.report()


def test_copies_in_host_memory_leave_the_gpu_the_model_alone_with_the_same_numbers() -> None:
    """copies_device="cpu": every copy (rewind, guard, probe) is in host memory, restores go back
    to the GPU, and the run is the one with the copies beside the parameters, bit for bit."""
    a_model, a = _fresh()
    torch.cuda.reset_peak_memory_stats()
    _train(a_model, a, range(TOTAL))
    beside = torch.cuda.max_memory_allocated()
    torch.manual_seed(0)
    b_model = BagClassifier().cuda()
    b = AutoTASO(b_model, total_steps=TOTAL, copies_device="cpu")
    torch.cuda.reset_peak_memory_stats()
    _train(b_model, b, range(TOTAL))
    host = torch.cuda.max_memory_allocated()
    for p, q in zip(a_model.parameters(), b_model.parameters(), strict=True):
        assert torch.equal(p, q)
    assert {**a.report(), "copies": None} == {**b.report(), "copies": None}
    assert all(s.device.type == "cuda" for st in b.state.values() for s in st.values() if torch.is_tensor(s))
    copies = [*b._guard_copies, *b._snapshots]
    assert copies and all(v.device.type == "cpu" for c in copies for v in c["model"].values())
    # the copies' bytes, no longer on the GPU (the peak falls by at least half of them)
    assert beside - host >= a.report()["copies"]["peak_bytes"] // 2, (beside, host)


def test_after_the_range_tests_and_the_probe_the_host_waits_once_per_guard_window() -> None:
    """The docstring's promise: during the range tests ``step`` reads the loss (one host sync per
    step); afterwards the guard sums it on the device and syncs once per window."""
    model, opt = _fresh()
    syncs: dict[int, int] = {}
    _train(model, opt, range(TOTAL), syncs)
    report = opt.report()
    window, start = report["guard"]["window_steps"], report["main_start"]
    probe = report["probe"]
    probe_end = probe["start"] + max(30, math.ceil(0.02 * TOTAL))  # the probe's longest run
    assert all(syncs[t] >= 1 for t in range(start))  # the sweeps read every loss
    quiet = [t for t in range(start, TOTAL) if not probe["start"] - 1 <= t <= probe_end + 1]
    window_ends = {t for t in quiet if (t + 1 - start) % window == 0}
    assert {t for t in quiet if syncs[t]} <= window_ends, {t: syncs[t] for t in quiet if syncs[t]}
    assert max(syncs[t] for t in window_ends) <= 2  # the window's sum and sum of squares, read together
    assert len(window_ends) >= 10


def test_autotaso_in_lightning_on_a_gpu() -> None:
    import subprocess

    pytest.importorskip("lightning")
    examples = Path(__file__).resolve().parents[1] / "examples"
    out = subprocess.run(
        [sys.executable, str(examples / "autotaso_lightning.py"), "--max-steps", "500", "--accelerator", "gpu"],
        capture_output=True, text=True, timeout=600, cwd=examples.parent,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    assert "trained on cuda" in out.stdout
    groups = dict(re.findall(r"group (\w+) \((?:adagrad|sgd)\): LR_I [0-9.e-]+ \((\w+)\)", out.stdout))
    assert groups == {"tables": "minimum", "dense": "minimum"}
    assert "steps 500, optimizer steps 500," in out.stdout
    assert float(re.search(r"test accuracy ([0-9.]+)", out.stdout).group(1)) > 0.95
