"""Framework-specific checks beyond the shared contract: Keras model saving, Lightning's logged
rates and checkpoint resume, the Hugging Face Trainer, optax under jit and its validation."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from hf_tiny import TinyClassifier, TinyData
from taso import TASOSchedule


def test_optax_schedule_jits_and_validates_with_its_own_names() -> None:
    jax = pytest.importorskip("jax")
    pytest.importorskip("optax")
    from taso.optax import retarget, taso, taso_schedule

    s = taso_schedule(0.2, 100, steepness=10.0, midpoint=0.5, floor_value=0.001)
    got = jax.jit(jax.vmap(s))(jax.numpy.arange(101))
    ref = TASOSchedule(total_steps=100, lr_initial=0.2, lr_final=0.001, alpha=10.0, beta=0.5).values(101)
    np.testing.assert_allclose(np.asarray(got), ref, rtol=1e-6)
    longer = retarget(s, step=40, total_steps=300)
    assert float(longer(40)) == pytest.approx(float(s(40)), rel=1e-7)
    with pytest.raises(ValueError, match=r"midpoint must be a finite number in \(0.0, 1.0\], got 1.5"):
        taso_schedule(0.1, 100, midpoint=1.5)
    with pytest.raises(ValueError, match="floor_value must be a finite number in"):
        taso_schedule(0.1, 100, floor_value=0.5)
    with pytest.raises(ValueError, match="total_steps is required"):
        taso(0.1)
    with pytest.raises(ValueError, match="momentum must be a finite number in"):
        taso(0.1, 10, momentum=1.0)


def test_optax_update_equals_torch_taso_parameter_for_parameter() -> None:
    jnp = pytest.importorskip("jax.numpy")
    optax = pytest.importorskip("optax")
    from taso.optax import taso
    from taso.torch import TASO

    target = np.linspace(-1, 1, 5)
    w_t = torch.nn.Parameter(torch.zeros(5, dtype=torch.float64))
    opt_t = TASO([w_t], lr=0.1, total_steps=30, weight_decay=1e-3)
    tx = taso(0.1, 30, weight_decay=1e-3)
    w_j = jnp.zeros(5)
    state = tx.init(w_j)
    for _ in range(30):
        opt_t.zero_grad()
        ((w_t - torch.as_tensor(target)) ** 2).sum().backward()
        opt_t.step()
        g = 2 * (w_j - jnp.asarray(target))
        updates, state = tx.update(g, state, w_j)
        w_j = optax.apply_updates(w_j, updates)
    np.testing.assert_allclose(np.asarray(w_j), w_t.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_keras_model_saves_and_reloads_with_the_schedule(tmp_path: Path) -> None:
    keras = pytest.importorskip("keras")
    from taso.keras import TASOLearningRateSchedule

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    sched = TASOLearningRateSchedule(total_steps=40, lr_initial=0.05, alpha=12.0, beta=0.6, final_ratio=0.01)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=sched, momentum=0.9), loss="mse")
    x, y = np.ones((64, 4), "float32"), np.zeros((64, 3), "float32")
    model.fit(x, y, batch_size=8, epochs=2, verbose=0)  # 16 steps
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert isinstance(loaded.optimizer._learning_rate, TASOLearningRateSchedule)
    assert loaded.optimizer._learning_rate.schedule == sched.schedule
    assert int(loaded.optimizer.iterations) == 16
    assert float(loaded.optimizer.learning_rate) == pytest.approx(sched.schedule(16), rel=1e-6)
    with pytest.raises(ValueError, match="beta must be a finite number"):
        TASOLearningRateSchedule(total_steps=10, beta=0.0)


def _lightning_fit(tmp: Path, max_steps: int, ckpt: Path | None, log_name: str):
    L = pytest.importorskip("lightning")
    from lightning.pytorch.callbacks import LearningRateMonitor
    from lightning.pytorch.loggers import CSVLogger

    from taso.lightning import taso_lightning_config

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.a, self.b = torch.nn.Linear(3, 4), torch.nn.Linear(4, 1)

        def training_step(self, batch, batch_idx):
            return self.b(self.a(batch)).square().mean()

        def configure_optimizers(self):
            opt = torch.optim.SGD([{"params": self.a.parameters(), "lr": 0.1},
                                   {"params": self.b.parameters(), "lr": 0.02}], momentum=0.9)  # fmt: skip
            return taso_lightning_config(opt, total_steps=30)

    logger = CSVLogger(tmp, name=log_name)
    trainer = L.Trainer(
        max_steps=max_steps, accelerator="cpu", logger=logger, log_every_n_steps=1,
        callbacks=[LearningRateMonitor(logging_interval="step")], enable_progress_bar=False,
        enable_model_summary=False, enable_checkpointing=False, default_root_dir=tmp,
    )  # fmt: skip
    trainer.fit(Module(), torch.utils.data.DataLoader(torch.ones(1000, 3), batch_size=2),
                ckpt_path=None if ckpt is None else str(ckpt))  # fmt: skip
    with open(Path(logger.log_dir) / "metrics.csv") as f:
        rows = list(csv.DictReader(f))
    logged = {int(r["step"]): (float(r["taso/pg1"]), float(r["taso/pg2"])) for r in rows if r.get("taso/pg1")}
    return trainer, logged


def test_lightning_logged_rates_match_core_and_resume_from_checkpoint(tmp_path: Path) -> None:
    trainer, first = _lightning_fit(tmp_path, 12, None, "first")
    ckpt = tmp_path / "mid.ckpt"
    trainer.save_checkpoint(ckpt)
    _, second = _lightning_fit(tmp_path, 30, ckpt, "second")
    logged = {**first, **second}
    assert sorted(logged) == list(range(30))  # every step logged once, the resume continues at 12
    for g, base in enumerate((0.1, 0.02)):
        expected = TASOSchedule(total_steps=30, lr_initial=base).values(30)
        np.testing.assert_allclose([logged[t][g] for t in range(30)], expected, rtol=1e-6)


def test_hf_trainer_drives_the_schedule_with_warmup(tmp_path: Path) -> None:
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("accelerate")
    from taso.hf import get_taso_schedule

    seen: list[float] = []

    class Record(transformers.TrainerCallback):
        def on_step_begin(self, args, state, control, optimizer=None, **kwargs):
            seen.append(optimizer.param_groups[0]["lr"])

    model = TinyClassifier()
    opt = torch.optim.AdamW(model.parameters(), lr=0.01)
    sched = get_taso_schedule(opt, num_training_steps=24, num_warmup_steps=4)
    args = transformers.TrainingArguments(output_dir=str(tmp_path), max_steps=24, per_device_train_batch_size=4,
                                          report_to=[], save_strategy="no", use_cpu=True, disable_tqdm=True)  # fmt: skip
    transformers.Trainer(model=model, args=args, train_dataset=TinyData(64), optimizers=(opt, sched),
                         callbacks=[Record()]).train()  # fmt: skip
    expected = [0.01 * t / 4 for t in range(4)] + list(
        TASOSchedule(total_steps=20, lr_initial=0.01).values(20)
    )
    np.testing.assert_allclose(seen, expected, rtol=1e-6, atol=1e-12)
    copy = pickle.loads(pickle.dumps(sched.lr_lambdas[0]))
    assert copy(10) == sched.lr_lambdas[0](10)
    with pytest.raises(ValueError, match="num_warmup_steps must be < num_training_steps = 24, got 24"):
        get_taso_schedule(opt, num_training_steps=24, num_warmup_steps=24)


def test_lightning_config_validates() -> None:
    from taso.lightning import taso_lightning_config

    opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
    assert taso_lightning_config(opt, total_steps=50.0)["lr_scheduler"]["scheduler"].total_steps == 50
    with pytest.raises(ValueError, match="total_steps must be a finite number of steps, got inf"):
        taso_lightning_config(opt, total_steps=float("inf"))
