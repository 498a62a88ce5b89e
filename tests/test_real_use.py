"""Defects that real training code found (resume order, deep retargets, warm-up and composition,
misuse, bad inputs, torch.compile), each pinned by a test that failed before the fix."""

from __future__ import annotations

import copy
import json
import math
import pickle
import warnings

import numpy as np
import pytest
import torch

from hf_tiny import TinyClassifier, TinyData
from taso import TASOSchedule
from taso.torch import TASO, TASOScheduler

# The 4 phases of the schedule below: warm-up (t < 10), high, transition, low.
SCHED = {"total_steps": 200, "warmup_steps": 10}
PHASE_STEPS = {"warmup": 4, "high": 60, "transition": 140, "low": 190}


def _model(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))


def _two_groups(model: torch.nn.Module) -> list[dict]:
    return [{"params": model[0].parameters(), "lr": 0.1}, {"params": model[1].parameters(), "lr": 0.02}]


def _train(opt: torch.optim.Optimizer, model: torch.nn.Module, sched=None, steps: int = 1) -> None:
    for _ in range(steps):
        opt.zero_grad()
        model(torch.ones(2, 3)).square().mean().backward()
        opt.step()
        if sched is not None:
            sched.step()


# --------------------------------------------------------------------------- 2. resume in any order
@pytest.mark.parametrize("phase", list(PHASE_STEPS))
@pytest.mark.parametrize("order", ["optimizer-first", "scheduler-first"])
def test_scheduler_resume_sets_the_closed_form_rate_in_either_load_order(phase: str, order: str) -> None:
    step = PHASE_STEPS[phase]
    model = _model()
    opt = torch.optim.SGD(_two_groups(model), momentum=0.9)
    sched = TASOScheduler(opt, **SCHED)
    _train(opt, model, sched, steps=step)
    assert TASOSchedule(lr_initial=0.1, **SCHED).phase(step) == phase
    sd_opt, sd_sched = copy.deepcopy(opt.state_dict()), copy.deepcopy(sched.state_dict())

    model2 = _model()
    opt2 = torch.optim.SGD(_two_groups(model2), momentum=0.9)
    if order == "optimizer-first":  # the order that left lr(0) in place before the fix
        opt2.load_state_dict(sd_opt)
        sched2 = TASOScheduler(opt2, **SCHED)
        sched2.load_state_dict(sd_sched)
    else:
        sched2 = TASOScheduler(opt2, **SCHED)
        opt2.load_state_dict(sd_opt)
        sched2.load_state_dict(sd_sched)
    for g, lr_i in enumerate((0.1, 0.02)):
        expected = TASOSchedule(lr_initial=lr_i, **SCHED)(step)
        assert opt2.param_groups[g]["lr"] == pytest.approx(expected, rel=1e-12)
    assert sched2.get_last_lr() == [g["lr"] for g in opt2.param_groups]
    # and the next steps are those of the uninterrupted run
    model2.load_state_dict(model.state_dict())
    _train(opt, model, sched, steps=3)
    _train(opt2, model2, sched2, steps=3)
    assert [g["lr"] for g in opt2.param_groups] == [g["lr"] for g in opt.param_groups]
    for a, b in zip(model.parameters(), model2.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=0)


# --------------------------------------------------------------------------- 3. retarget at any depth
def test_ten_thousand_retargets_without_recursion_and_a_flat_state() -> None:
    w = torch.nn.Parameter(torch.zeros(2))
    opt = TASO([w], lr=0.1, total_steps=100)
    schedule = opt.schedule_of(0)
    for i in range(10_000):
        w.grad = torch.ones(2)
        opt.step()
        opt.retarget(100 + i + 2)
        if i == 2_000:
            schedule = opt.schedule_of(0)
    state = opt.state_dict()
    saved = state["param_groups"][0]["taso_schedule"]
    assert len(saved["history"]) == 10_000 and "previous" not in saved
    # flat: ~3 numbers per retarget, nothing nested
    assert len(json.dumps(saved)) < 10_000 * 40
    fresh = TASO([torch.nn.Parameter(torch.zeros(2))], lr=0.1, total_steps=100)
    fresh.load_state_dict(pickle.loads(pickle.dumps(state)))
    assert fresh.schedule_of(0) == opt.schedule_of(0)
    assert fresh.param_groups[0]["lr"] == opt.param_groups[0]["lr"]
    # evaluation at any depth equals the schedule as it was when those steps ran
    deep = fresh.schedule_of(0)
    steps = np.arange(0, 2_000)
    np.testing.assert_allclose(deep(steps), schedule(steps), rtol=1e-12)
    assert deep(1_500) == schedule(1_500)


def test_the_0_1_0_nested_state_still_loads_without_recursion() -> None:
    s = TASOSchedule(total_steps=50)
    for i in range(1, 2_000):
        s = s.retarget(step=i, total_steps=50 + i)
    legacy = None
    for a, p, total in (*s.history, (s.anchor_step, s.anchor_progress, s.total_steps)):
        node = {k: v for k, v in s.to_dict().items() if k != "history"}
        node.update(anchor_step=a, anchor_progress=p, total_steps=total, previous=legacy)
        legacy = node
    assert TASOSchedule.from_dict(legacy) == s  # 2,000 levels deep: recursion would fail


# --------------------------------------------------------------------------- 4. warm-up, composition
def test_warmup_in_the_optimizer_matches_the_core_and_rises_from_the_stated_fraction() -> None:
    w = torch.nn.Parameter(torch.zeros(1))
    opt = TASO([w], lr=0.2, total_steps=40, warmup_steps=5, warmup_start=0.1)
    seen = []
    for _ in range(40):
        seen.append(opt.param_groups[0]["lr"])
        w.grad = torch.ones(1)
        opt.step()
    core = TASOSchedule(total_steps=40, lr_initial=0.2, warmup_steps=5, warmup_start=0.1)
    np.testing.assert_allclose(seen, core.values(40), rtol=1e-12)
    assert seen[0] == pytest.approx(0.02) and seen[4] == pytest.approx(0.2 * (0.1 + 0.9 * 4 / 5))
    # the sigmoid runs over the 35 remaining steps
    np.testing.assert_allclose(seen[5:], TASOSchedule(total_steps=35, lr_initial=0.2).values(35), rtol=1e-12)


def test_taso_raises_when_another_scheduler_changes_its_rate() -> None:
    model = _model()
    opt = TASO(model.parameters(), lr=0.1, total_steps=50)
    warmup = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)
    with pytest.raises(RuntimeError, match=r"changed outside taso\.torch\.TASO.*TASOScheduler.*warmup_steps"):
        _train(opt, model, warmup, steps=2)


def test_hf_trainer_with_taso_and_no_scheduler_raises_with_the_recipe(tmp_path) -> None:
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")

    model = TinyClassifier()
    args = transformers.TrainingArguments(output_dir=str(tmp_path), max_steps=8, per_device_train_batch_size=4,
                                          report_to=[], save_strategy="no", use_cpu=True, disable_tqdm=True)  # fmt: skip
    trainer = transformers.Trainer(
        model=model,
        args=args,
        train_dataset=TinyData(32),
        optimizers=(TASO(model.parameters(), total_steps=8), None),
    )
    with pytest.raises(RuntimeError, match=r"TASO owns its learning rate.*get_taso_schedule"):
        trainer.train()


def test_hf_trainer_with_autotaso_and_no_scheduler_raises_naming_opt_scheduler(tmp_path) -> None:
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    from taso.torch import AutoTASO

    model = TinyClassifier()
    args = transformers.TrainingArguments(output_dir=str(tmp_path), max_steps=400, per_device_train_batch_size=4,
                                          report_to=[], save_strategy="no", use_cpu=True, disable_tqdm=True)  # fmt: skip
    trainer = transformers.Trainer(
        model=model,
        args=args,
        train_dataset=TinyData(32),
        optimizers=(AutoTASO(model, total_steps=400), None),
    )
    with pytest.raises(
        RuntimeError, match=r"AutoTASO owns its learning rate.*optimizers=\(opt, opt\.scheduler\(\)\)"
    ):
        trainer.train()


# --------------------------------------------------------------------------- 5. misuse warns
def test_stepping_past_total_steps_warns_once_naming_both_counts() -> None:
    model = _model()
    opt = TASO(model.parameters(), total_steps=10)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _train(opt, model, steps=10)
        assert not caught
        _train(opt, model, steps=5)
    assert len(caught) == 1 and issubclass(caught[0].category, UserWarning)
    assert "planned total_steps = 10 (now at step 11)" in str(caught[0].message)

    opt2 = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = TASOScheduler(opt2, total_steps=4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _train(opt2, model, sched, steps=7)
    assert len(caught) == 1
    assert str(caught[0].message).startswith(
        "TASOScheduler was stepped past its planned total_steps = 4 (now at step 5)"
    )


def test_hf_schedule_warns_once_past_num_training_steps() -> None:
    from taso.hf import get_taso_schedule

    opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
    sched = get_taso_schedule(opt, num_training_steps=5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(9):
            opt.step()
            sched.step()
    assert len(caught) == 1 and "num_training_steps = 5 (now at step 6)" in str(caught[0].message)


# --------------------------------------------------------------------------- 6. bad inputs
def test_loading_a_plain_sgd_state_into_taso_is_refused_and_changes_nothing() -> None:
    model = _model()
    sgd = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    _train(sgd, model, steps=3)
    opt = TASO(model.parameters(), total_steps=20)
    _train(opt, model, steps=2)
    before = copy.deepcopy(opt.state_dict())
    with pytest.raises(ValueError, match=r"not a taso\.torch\.TASO state.*load_sgd_state_dict"):
        opt.load_state_dict(sgd.state_dict())
    assert opt.state_dict()["param_groups"] == before["param_groups"]
    _train(opt, model, steps=1)  # still usable
    assert opt.current_step == 3


def test_an_sgd_checkpoint_continues_with_taso_from_a_given_step() -> None:
    model = _model()
    sgd = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    _train(sgd, model, steps=3)
    opt = TASO(model.parameters(), lr=0.1, total_steps=20)
    opt.load_sgd_state_dict(sgd.state_dict(), step=3)
    assert opt.current_step == 3
    assert opt.param_groups[0]["lr"] == pytest.approx(TASOSchedule(total_steps=20)(3), rel=1e-12)
    assert opt.param_groups[0]["momentum"] == 0.9 and opt.param_groups[0]["nesterov"] is True
    buffers = [opt.state[p]["momentum_buffer"] for p in model.parameters()]
    for b, p in zip(buffers, model.parameters(), strict=True):
        torch.testing.assert_close(b, sgd.state[p]["momentum_buffer"])


def test_scheduler_refuses_foreign_and_mismatched_states_before_changing_anything() -> None:
    opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
    sched = TASOScheduler(opt, total_steps=10)
    lam = torch.optim.lr_scheduler.LambdaLR(
        torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1), lambda t: 1.0
    )
    with pytest.raises(ValueError, match=r"not a TASOScheduler state.*LambdaLR"):
        sched.load_state_dict(lam.state_dict())
    model = _model()
    two = torch.optim.SGD(_two_groups(model), lr=0.1)
    two_sched = TASOScheduler(two, total_steps=10)
    with pytest.raises(ValueError, match="2 param-group schedules, the optimizer has 1 param groups"):
        sched.load_state_dict(two_sched.state_dict())
    assert sched.last_epoch == 0 and len(sched.schedules) == 1


def test_scheduler_after_add_param_group_names_the_mismatch() -> None:
    model = _model()
    opt = torch.optim.SGD(model[0].parameters(), lr=0.1)
    sched = TASOScheduler(opt, total_steps=10)
    opt.add_param_group({"params": model[1].parameters(), "lr": 0.01})
    with pytest.raises(ValueError, match="2 param groups but this TASOScheduler was built for 1"):
        _train(opt, model, sched)
    assert sched.last_epoch == 0  # refused before any change


def test_a_taso_optimizer_is_not_wrapped_in_a_scheduler() -> None:
    with pytest.raises(TypeError, match="schedules its own learning rate"):
        TASOScheduler(TASO(torch.nn.Linear(2, 1).parameters(), total_steps=5), total_steps=5)


@pytest.mark.parametrize("alpha", [1e-20, 1e-9, 1e-3, 0.5, 0.999999, 1.0, 3.0])
def test_exact_endpoints_are_stable_for_any_steepness(alpha: float) -> None:
    s = TASOSchedule(total_steps=100, lr_initial=0.1, lr_final=0.001, alpha=alpha, exact_endpoints=True)
    v = s.values(101)
    assert np.all(np.isfinite(v))
    assert v[0] == pytest.approx(0.1, rel=1e-12) and v[100] == pytest.approx(0.001, rel=1e-9)
    assert np.all(np.diff(v) <= 1e-15)
    # the exact form, evaluated in high precision by its own definition
    p = np.arange(101) / 100
    sig = [1 / (1 + math.exp(alpha * (x - 0.7))) for x in (0.0, 1.0)]
    if alpha >= 1e-3:
        frac = (1 / (1 + np.exp(alpha * (p - 0.7))) - sig[1]) / (sig[0] - sig[1])
        tol = 1e-16 / (sig[0] - sig[1]) * 10
    else:  # the flat limit: linear in p, up to O(alpha^2)
        frac, tol = 1 - p, 1e-9
    np.testing.assert_allclose(v, 0.001 + 0.099 * frac, rtol=0, atol=max(tol, 1e-15) * 0.1)
    assert s(37) == pytest.approx(v[37], rel=1e-12)


def test_optax_inject_hyperparams_works_as_for_sgd() -> None:
    jax = pytest.importorskip("jax")
    optax = pytest.importorskip("optax")
    import jax.numpy as jnp

    from taso.optax import taso, taso_schedule

    params = {"w": jnp.ones(3)}
    pairs = [
        (optax.inject_hyperparams(taso)(learning_rate=0.1, total_steps=50), taso(0.1, total_steps=50)),
        (optax.inject_hyperparams(taso)(learning_rate=taso_schedule(0.1, 50)), taso(taso_schedule(0.1, 50))),
    ]
    core = TASOSchedule(total_steps=50, lr_initial=0.1)
    for injected, plain in pairs:
        sa, sb = injected.init(params), plain.init(params)
        pa = pb = params
        ua_fn, ub_fn = jax.jit(injected.update), jax.jit(plain.update)
        for i in range(55):
            grads = {"w": jnp.full(3, float(i % 5) - 2.0)}
            ua, sa = ua_fn(grads, sa, pa)
            ub, sb = ub_fn(grads, sb, pb)
            np.testing.assert_allclose(ua["w"], ub["w"], rtol=1e-5, atol=1e-7)
            pa, pb = optax.apply_updates(pa, ua), optax.apply_updates(pb, ub)
        lr = float(sa.hyperparams["learning_rate"])
        assert lr == pytest.approx(0.1) or lr == pytest.approx(core(54), rel=1e-5)


# --------------------------------------------------------------------------- 7. torch.compile
def _count_graphs(make_opt) -> tuple[int, list[float], torch.optim.Optimizer]:
    import torch._dynamo
    from torch._dynamo.utils import counters

    torch._dynamo.reset()
    counters.clear()
    model = _model()
    opt = make_opt(model)

    @torch.compile(backend="inductor")
    def step() -> None:
        opt.step()

    rates = []
    for _ in range(13):
        rates.append(float(opt.param_groups[0]["lr"]))
        opt.zero_grad()
        model(torch.ones(2, 3)).square().mean().backward()
        step()
    return counters["stats"]["unique_graphs"], rates, opt


def test_a_compiled_step_with_a_tensor_lr_compiles_at_most_twice_with_exact_rates() -> None:
    graphs, rates, opt = _count_graphs(
        lambda m: TASO(m.parameters(), lr=torch.tensor(0.1), total_steps=16, warmup_steps=3)
    )
    assert isinstance(opt.param_groups[0]["lr"], torch.Tensor)  # kept a tensor, updated in place
    np.testing.assert_allclose(
        rates, TASOSchedule(total_steps=16, lr_initial=0.1, warmup_steps=3).values(13), rtol=1e-6, atol=1e-9
    )
    baseline, _, _ = _count_graphs(
        lambda m: torch.optim.SGD(
            m.parameters(), lr=torch.tensor(0.1), momentum=0.9, nesterov=True, weight_decay=1e-4
        )
    )
    assert graphs <= 2 and graphs == baseline  # the same as plain SGD with a tensor lr


def test_the_scheduler_keeps_a_tensor_lr_a_tensor_updated_in_place() -> None:
    lr = torch.tensor(0.1)
    opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=lr)
    sched = TASOScheduler(opt, total_steps=20, warmup_steps=2)
    seen = []
    for _ in range(20):
        seen.append(float(opt.param_groups[0]["lr"]))
        opt.step()
        sched.step()
    assert opt.param_groups[0]["lr"] is lr  # the same tensor, updated in place
    np.testing.assert_allclose(seen, TASOSchedule(total_steps=20, warmup_steps=2).values(20), rtol=1e-6)


def test_deepcopy_and_pickle_keep_the_schedule_and_continue_identically() -> None:
    model = _model()
    opt = TASO(_two_groups(model), total_steps=30, warmup_steps=2)
    _train(opt, model, steps=7)
    opt.retarget(40)
    for clone in (copy.deepcopy(opt), pickle.loads(pickle.dumps(opt))):
        assert clone.current_step == 7 and clone.schedule_of(1) == opt.schedule_of(1)
        assert [g["lr"] for g in clone.param_groups] == [g["lr"] for g in opt.param_groups]
        for _ in range(5):
            for g in clone.param_groups:
                for p in g["params"]:
                    p.grad = torch.ones_like(p)
            clone.step()
        expected = [TASOSchedule(lr_initial=lr, total_steps=30, warmup_steps=2).retarget(step=7, total_steps=40)(12)
                    for lr in (0.1, 0.02)]  # fmt: skip
        np.testing.assert_allclose([g["lr"] for g in clone.param_groups], expected, rtol=1e-12)


def test_a_taso_0_1_0_hf_scheduler_state_with_warmup_keeps_its_rates() -> None:
    """0.1.0 kept the warm-up outside the core schedule, whose steps started after it."""
    from taso.hf import TASOMultiplier, get_taso_schedule

    old = TASOSchedule(total_steps=90, lr_initial=1.0).retarget(step=30, total_steps=120).to_dict()
    legacy = {k: v for k, v in old.items() if k not in ("warmup_steps", "warmup_start", "history")}
    legacy["previous"] = {**{k: v for k, v in TASOSchedule(total_steps=90, lr_initial=1.0).to_dict().items()
                             if k not in ("warmup_steps", "warmup_start", "history")}, "previous": None}  # fmt: skip
    m = TASOMultiplier(10, legacy)
    # the 0.1.0 multiplier: t / W during the warm-up, then the old core at t - W
    old_core = TASOSchedule.from_dict(legacy)
    expected = [t / 10 if t < 10 else old_core(t - 10) for t in range(135)]
    np.testing.assert_allclose([m(t) for t in range(135)], expected, rtol=1e-12, atol=1e-15)
    sched = get_taso_schedule(torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1), 100, 10)
    assert sched.lr_lambdas[0](50) == pytest.approx(
        TASOSchedule(total_steps=90, lr_initial=1.0)(40), rel=1e-12
    )


# --------------------------------------------------------------------------- 8. AutoTASO in frameworks' resume
def _examples() -> None:
    import sys
    from pathlib import Path

    path = str(Path(__file__).resolve().parents[1] / "examples")
    if path not in sys.path:
        sys.path.insert(0, path)


@pytest.mark.parametrize("stop", [150, 300])  # mid dense range test; TASO phase after the probe
def test_autotaso_resumed_by_the_hf_trainer_is_exact_and_reads_each_loss_once(tmp_path, stop: int) -> None:
    """accelerate wraps the optimizer with a load_state_dict of its own state, and a resume loads
    the checkpoint's: each load registered one more loss hook, so the loss was read 2-3 times a
    step (averaged: the same value up to float32 rounding, which broke exact resume)."""
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    _examples()
    from autotaso_hf import Bags, HFBagClassifier

    from taso.torch import AutoTASO

    def train(resume: str | None, save: bool) -> tuple[torch.nn.Module, AutoTASO]:
        torch.manual_seed(0)
        model = HFBagClassifier()
        opt = AutoTASO(model, total_steps=400)
        args = transformers.TrainingArguments(
            output_dir=str(tmp_path), max_steps=400, per_device_train_batch_size=32, report_to=[],
            save_strategy="steps" if save else "no", save_steps=stop, use_cpu=True, disable_tqdm=True,
        )  # fmt: skip
        trainer = transformers.Trainer(
            model=model, args=args, train_dataset=Bags(2048, 0), optimizers=(opt, opt.scheduler())
        )
        trainer.train(resume_from_checkpoint=resume)
        assert len(model._forward_hooks) == 1
        return model, opt

    a_model, a = train(None, save=True)
    b_model, b = train(str(tmp_path / f"checkpoint-{stop}"), save=False)
    assert b.current_step == 400
    assert a.report()["probe"]["reason"] in ("divergence", "no divergence within the probe")
    for p, q in zip(a_model.parameters(), b_model.parameters(), strict=True):
        assert torch.equal(p, q)
    assert a.report() == b.report()


def test_autotaso_in_an_accelerate_loop_with_accumulation_equals_a_plain_loop() -> None:
    """accelerate's prepared optimizer has a ``step(closure)`` of its own (no ``loss=``, no
    ``observe``): the loss goes to the AutoTASO that was prepared, whose ``observe`` averages the
    micro-batches' losses until accelerate lets a step through (every 2nd micro-batch here)."""
    accelerate = pytest.importorskip("accelerate")
    _examples()
    from autotaso_data import BagClassifier, token_bags
    from torch import nn

    from taso.torch import AutoTASO

    x, y = token_bags(2048, seed=0)

    def run(prepared: bool) -> tuple[torch.nn.Module, AutoTASO]:
        torch.manual_seed(0)
        model = BagClassifier()
        opt = AutoTASO(model, total_steps=300)
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=16)
        if prepared:
            acc = accelerate.Accelerator(cpu=True, gradient_accumulation_steps=2)
            model, stepper, loader = acc.prepare(model, opt, loader)
        micro = 0
        while opt.current_step < 300:
            for xb, yb in loader:
                if prepared:
                    with acc.accumulate(model):
                        loss = nn.functional.cross_entropy(model(xb), yb)
                        acc.backward(loss)
                        opt.observe(loss)
                        stepper.step()
                        stepper.zero_grad()
                else:
                    loss = nn.functional.cross_entropy(model(xb), yb)
                    (loss / 2).backward()
                    opt.observe(loss)
                    micro += 1
                    if micro % 2 == 0:
                        opt.step()
                        opt.zero_grad()
                if opt.current_step == 300:
                    break
        return model, opt

    a_model, a = run(True)
    b_model, b = run(False)
    assert a.phase == "taso" and a.report() == b.report()
    for p, q in zip(a_model.parameters(), b_model.parameters(), strict=True):
        assert torch.equal(p, q)


def test_autotaso_under_a_grad_scaler_equals_a_plain_loop_and_skips_overflowed_steps() -> None:
    """The mixed-precision recipe: ``scaler.step(opt, loss=loss)`` passes the loss through (its
    keyword arguments go to ``step``). With a power-of-two scale, unscaling is exact, so the run
    equals one without the scaler bit for bit; a step the scaler skips (gradients not finite) is
    not a step of AutoTASO's either, so its range test and schedule see only the updates made."""
    _examples()
    from autotaso_data import BagClassifier, token_bags
    from torch import nn

    from taso.torch import AutoTASO

    x, y = token_bags(2048, seed=0)

    def run(scaled: bool, poison: int | None = None) -> tuple[torch.nn.Module, AutoTASO, int]:
        torch.manual_seed(0)
        model = BagClassifier()
        opt = AutoTASO(model, total_steps=300)
        scaler = torch.amp.GradScaler("cpu", init_scale=2.0**8, growth_interval=50) if scaled else None
        calls = 0
        for i in range(301 if poison is not None else 300):
            xb, yb = x[(16 * i) % 2048 :][:16], y[(16 * i) % 2048 :][:16]
            loss = nn.functional.cross_entropy(model(xb), yb)
            opt.zero_grad()
            if scaler is None:
                loss.backward()
                opt.step(loss=loss)
            else:
                scaler.scale(loss * (math.inf if i == poison else 1.0)).backward()
                scaler.step(opt, loss=loss.detach())
                scaler.update()
            calls += 1
        return model, opt, calls

    a_model, a, _ = run(scaled=True)
    b_model, b, _ = run(scaled=False)
    assert a.phase == "taso" and a.current_step == 300 and a.report() == b.report()
    for p, q in zip(a_model.parameters(), b_model.parameters(), strict=True):
        assert torch.equal(p, q)
    # an overflow in the middle of the range test: that iteration makes no step
    _, c, calls = run(scaled=True, poison=40)
    assert c.current_step == calls - 1 and c.report()["groups"][0]["finding"]["reason"] == "minimum"


def test_autotaso_callback_gives_autotaso_the_hf_trainers_length(tmp_path) -> None:
    """num_train_epochs 3 of 2048 examples at batch 16 with 2 accumulation steps: the Trainer plans
    192 optimizer steps after the optimizer is built. AutoTASO built with a guess (1000) and the
    callback trains exactly as AutoTASO built with 192 (range tests shrunk to fit a short run)."""
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    _examples()
    from autotaso_hf import Bags, HFBagClassifier

    from taso.hf import AutoTASOCallback
    from taso.torch import AutoTASO

    def train(total: int, callbacks: list) -> tuple[torch.nn.Module, AutoTASO, int]:
        torch.manual_seed(0)
        model = HFBagClassifier()
        opt = AutoTASO(model, total_steps=total)
        args = transformers.TrainingArguments(
            output_dir=str(tmp_path), num_train_epochs=3, per_device_train_batch_size=16,
            gradient_accumulation_steps=2, report_to=[], save_strategy="no", use_cpu=True, disable_tqdm=True,
        )  # fmt: skip
        trainer = transformers.Trainer(model=model, args=args, train_dataset=Bags(2048, 0),
                                       optimizers=(opt, opt.scheduler()), callbacks=callbacks)  # fmt: skip
        trainer.train()
        return model, opt, trainer.state.max_steps

    a_model, a, planned = train(1000, [AutoTASOCallback()])
    assert planned == 192 and a.total_steps == 192 and a.current_step == 192 and a.phase == "taso"
    b_model, b, _ = train(192, [])
    for p, q in zip(a_model.parameters(), b_model.parameters(), strict=True):
        assert torch.equal(p, q)
    assert a.report() == b.report()
    with pytest.raises(TypeError, match="AutoTASOCallback needs the Trainer's optimizer to be"):
        AutoTASOCallback().on_train_begin(None, None, None, optimizer=torch.optim.SGD(b_model.parameters()))


@pytest.mark.parametrize("stop", [128, 320])  # mid dense range test; TASO phase after the probe
def test_autotaso_resumed_by_lightning_from_a_checkpoint_is_exact(tmp_path, stop: int) -> None:
    L = pytest.importorskip("lightning")
    _examples()
    from autotaso_data import token_bags
    from autotaso_lightning import Module

    x, y = token_bags(2048, seed=0)  # 64 batches an epoch, in order: the checkpoints end epochs

    def train(resume: str | None, save: bool) -> tuple[L.LightningModule, object]:
        torch.manual_seed(0)
        module = Module()
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32)
        save_cb = L.pytorch.callbacks.ModelCheckpoint(
            dirpath=tmp_path, every_n_train_steps=stop, save_top_k=-1
        )
        trainer = L.Trainer(max_steps=448, logger=False, enable_checkpointing=save, callbacks=[save_cb] if save else [],
                            enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=1)  # fmt: skip
        trainer.fit(module, loader, ckpt_path=resume)
        return module, trainer.optimizers[0]

    a_module, a = train(None, save=True)
    (checkpoint,) = tmp_path.glob(f"*step={stop}.ckpt")
    b_module, b = train(str(checkpoint), save=False)
    for p, q in zip(a_module.parameters(), b_module.parameters(), strict=True):
        assert torch.equal(p, q)
    assert a.report() == b.report() and b.current_step == 448
    assert a.report()["probe"]["reason"] in ("divergence", "no divergence within the probe")


def test_autotaso_in_lightning_manual_optimization_equals_a_plain_loop() -> None:
    """Manual optimization: ``self.optimizers().step(loss=...)`` reaches AutoTASO with Lightning's own
    closure, which returns None; the explicit loss is the one read (it once overrode it)."""
    L = pytest.importorskip("lightning")
    _examples()
    from autotaso_data import BagClassifier, token_bags
    from torch import nn

    from taso.torch import AutoTASO

    x, y = token_bags(1024, seed=0)
    steps = 256  # 8 epochs of 32 batches: both range tests, the probe and the TASO phase

    class Manual(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.model = BagClassifier()
            self.automatic_optimization = False

        def training_step(self, batch, batch_idx):
            opt = self.optimizers()
            loss = nn.functional.cross_entropy(self.model(batch[0]), batch[1])
            opt.zero_grad()
            self.manual_backward(loss)
            opt.step(loss=loss.detach())

        def configure_optimizers(self):
            return AutoTASO(self.model, total_steps=steps)

    torch.manual_seed(0)
    module = Manual()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32)
    trainer = L.Trainer(max_steps=steps, logger=False, enable_checkpointing=False, enable_progress_bar=False,
                        enable_model_summary=False, accelerator="cpu", devices=1)  # fmt: skip
    trainer.fit(module, loader)
    lit = trainer.optimizers[0]

    torch.manual_seed(0)
    model = BagClassifier()
    opt = AutoTASO(model, total_steps=steps)
    for t in range(steps):
        xb, yb = x[32 * (t % 32) : 32 * (t % 32 + 1)], y[32 * (t % 32) : 32 * (t % 32 + 1)]
        loss = nn.functional.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step(loss=loss.detach())
    assert lit.current_step == steps and lit.report()["phase"] == "taso"
    assert lit.report() == opt.report()
    for p, q in zip(module.model.parameters(), model.parameters(), strict=True):
        assert torch.equal(p, q)


def test_autotaso_in_lightning_with_gradient_accumulation_equals_a_plain_accumulation_loop() -> None:
    """``accumulate_grad_batches=2``: Lightning calls ``step(closure)`` once per two batches, and its
    closure returns the last batch's loss divided by 2 (the scale its backward uses). AutoTASO's
    readings do not depend on the loss's scale: the run equals a plain loop that passes that loss,
    and (halving is exact in floating point) one that passes the loss unscaled."""
    L = pytest.importorskip("lightning")
    _examples()
    from autotaso_data import BagClassifier, token_bags
    from torch import nn

    from taso.torch import AutoTASO

    x, y = token_bags(2048, seed=0)  # 64 batches an epoch, 32 optimizer steps: range tests, probe

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.model = BagClassifier()

        def training_step(self, batch, batch_idx):
            return nn.functional.cross_entropy(self.model(batch[0]), batch[1])

        def configure_optimizers(self):
            return AutoTASO(self.model, total_steps=self.trainer.estimated_stepping_batches)

    torch.manual_seed(0)
    module = Module()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32)
    trainer = L.Trainer(max_epochs=14, accumulate_grad_batches=2, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=1)  # fmt: skip
    trainer.fit(module, loader)
    lit = trainer.optimizers[0]
    assert lit.total_steps == lit.current_step == trainer.global_step == 448

    def plain(scale: float) -> tuple[nn.Module, AutoTASO]:
        torch.manual_seed(0)
        model = BagClassifier()
        opt = AutoTASO(model, total_steps=448)
        for t in range(448):
            for k in (2 * t % 64, 2 * t % 64 + 1):
                loss = nn.functional.cross_entropy(model(x[32 * k : 32 * k + 32]), y[32 * k : 32 * k + 32])
                (loss / 2).backward()
            opt.step(loss=(loss / 2 * scale).detach())
            opt.zero_grad()
        return model, opt

    for scale in (1.0, 2.0):
        model, opt = plain(scale)
        report = opt.report()
        assert report["phase"] == "taso" and not report["probe"]["reason"].startswith("not run")
        assert [g["lr_initial"] for g in report["groups"]] == [
            g["lr_initial"] for g in lit.report()["groups"]
        ]
        if scale == 1.0:
            assert report == lit.report()
        for p, q in zip(module.model.parameters(), model.parameters(), strict=True):
            assert torch.equal(p, q)


def test_observe_trainer_loss_lets_autotaso_read_a_loss_the_hf_trainer_computes(tmp_path) -> None:
    """A ``compute_loss_func`` (label-smoothed cross-entropy): the Trainer pops the labels and the
    model returns no loss, so AutoTASO stops at its first step; with ``observe_trainer_loss`` the run
    equals, bit for bit, one whose model returns that same loss itself, evaluation
    included (every 70 steps, mid range test among them: its losses are not read)."""
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    _examples()
    from autotaso_hf import Bags, HFBagClassifier
    from torch import nn

    from taso.hf import observe_trainer_loss
    from taso.torch import AutoTASO

    def smoothed(outputs, labels, num_items_in_batch=None):
        return nn.functional.cross_entropy(outputs["logits"], labels, label_smoothing=0.1)

    class Smoothed(HFBagClassifier):
        def forward(self, tokens, labels=None):  # type: ignore[override]
            out = super().forward(tokens)
            return {"loss": None if labels is None else smoothed(out, labels), "logits": out["logits"]}

    def train(model_cls: type, helper: bool) -> tuple[torch.nn.Module, AutoTASO]:
        torch.manual_seed(0)
        model = model_cls()
        opt = AutoTASO(model, total_steps=400)
        args = transformers.TrainingArguments(
            output_dir=str(tmp_path), max_steps=400, per_device_train_batch_size=32, report_to=[],
            save_strategy="no", eval_strategy="steps", eval_steps=70, use_cpu=True, disable_tqdm=True,
        )  # fmt: skip
        trainer = transformers.Trainer(
            model=model, args=args, train_dataset=Bags(2048, 0), eval_dataset=Bags(256, 1),
            optimizers=(opt, opt.scheduler()), compute_loss_func=None if model_cls is Smoothed else smoothed,
        )  # fmt: skip
        if helper:
            assert observe_trainer_loss(observe_trainer_loss(trainer)) is trainer  # wraps once
        trainer.train()
        return model, opt

    with pytest.raises(RuntimeError, match=r"observe_trainer_loss\(trainer\)"):
        train(HFBagClassifier, helper=False)
    a_model, a = train(HFBagClassifier, helper=True)
    b_model, b = train(Smoothed, helper=False)
    assert a.current_step == 400 and not a.report()["probe"]["reason"].startswith("not run")
    assert a.report() == b.report()
    for p, q in zip(a_model.parameters(), b_model.parameters(), strict=True):
        assert torch.equal(p, q)
    trainer = transformers.Trainer(model=HFBagClassifier(), args=transformers.TrainingArguments(
        output_dir=str(tmp_path), report_to=[], use_cpu=True))  # fmt: skip
    with pytest.raises(TypeError, match="observe_trainer_loss needs the Trainer's optimizer"):
        observe_trainer_loss(trainer)  # the Trainer's own AdamW (not built yet)
