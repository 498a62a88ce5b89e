"""Drivers that run every framework adapter the same way, for the shared contract tests.

A driver builds a training set-up with two parameter groups (two learning rates), advances it one
optimizer step at a time, reports the learning rate of every group, serialises its state the way
a user of that framework would (to bytes) and rebuilds a fresh set-up from those bytes. The tests
in ``test_contract.py`` run every driver against the core :class:`taso.TASOSchedule`.
"""

from __future__ import annotations

import io
import pickle
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch


class Run:
    """One live set-up. Subclasses implement ``lrs``/``advance`` (or ``collect``), ``save``, ``retarget``."""

    def lrs(self) -> list[float]:
        raise NotImplementedError

    def advance(self) -> None:
        raise NotImplementedError

    def collect(self, n: int) -> np.ndarray:
        """Rates at the current step and after each of ``n`` more steps: shape ``(n + 1, groups)``."""
        out = []
        for _ in range(n):
            out.append(self.lrs())
            self.advance()
        out.append(self.lrs())
        return np.array(out, dtype=np.float64)

    def save(self) -> bytes:
        raise NotImplementedError

    def retarget(self, total_steps: int) -> None:
        raise NotImplementedError


class Driver:
    name = ""
    requires: tuple[str, ...] = ()

    def available(self) -> None:
        for module in self.requires:
            pytest.importorskip(module)

    def start(self, base_lrs: list[float], **schedule: Any) -> Run:
        raise NotImplementedError

    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run:
        raise NotImplementedError


# ----------------------------------------------------------------------------- torch
def _two_group_model(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 1))


def _groups(model: torch.nn.Module, base_lrs: list[float]) -> list[dict[str, Any]]:
    return [{"params": list(m.parameters()), "lr": lr} for m, lr in zip(model, base_lrs, strict=True)]


def _backward(model: torch.nn.Module) -> None:
    model.zero_grad()
    model(torch.ones(2, 3)).square().mean().backward()


def _to_bytes(obj: Any) -> bytes:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def _from_bytes(blob: bytes) -> Any:
    return torch.load(io.BytesIO(blob), weights_only=False)


class _TorchSchedulerRun(Run):
    def __init__(self, base_lrs: list[float], schedule: dict[str, Any], hf: bool = False) -> None:
        from taso.hf import get_taso_schedule
        from taso.torch import TASOScheduler

        self.model = _two_group_model()
        self.opt = torch.optim.SGD(_groups(self.model, base_lrs), lr=base_lrs[0], momentum=0.9)
        if hf:
            self.sched = get_taso_schedule(
                self.opt,
                num_training_steps=schedule.pop("total_steps"),
                num_warmup_steps=schedule.pop("warmup_steps", 0),
                **schedule,
            )
        else:
            self.sched = TASOScheduler(self.opt, **schedule)
        self.hf = hf

    def lrs(self) -> list[float]:
        assert self.sched.get_last_lr() == [g["lr"] for g in self.opt.param_groups]
        return self.sched.get_last_lr()

    def advance(self) -> None:
        _backward(self.model)
        self.opt.step()
        self.sched.step()

    def save(self) -> bytes:
        return _to_bytes(
            {"model": self.model.state_dict(), "opt": self.opt.state_dict(), "sched": self.sched.state_dict()}
        )

    def retarget(self, total_steps: int) -> None:
        if self.hf:
            from taso.hf import retarget_taso_schedule

            retarget_taso_schedule(self.sched, total_steps)
        else:
            self.sched.retarget(total_steps)


class TorchSchedulerDriver(Driver):
    name = "torch-scheduler"
    hf = False

    def start(self, base_lrs: list[float], **schedule: Any) -> Run:
        return _TorchSchedulerRun(base_lrs, dict(schedule), hf=self.hf)

    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run:
        state = _from_bytes(blob)
        run = _TorchSchedulerRun(
            base_lrs, dict(schedule), hf=self.hf
        )  # scheduler before loading (torch docs)
        run.model.load_state_dict(state["model"])
        run.opt.load_state_dict(state["opt"])
        run.sched.load_state_dict(state["sched"])
        return run


class HuggingFaceDriver(TorchSchedulerDriver):
    """``taso.hf.get_taso_schedule`` (no warmup, so it must equal the core)."""

    name = "huggingface"
    hf = True


class _TorchOptimizerRun(Run):
    def __init__(self, base_lrs: list[float], schedule: dict[str, Any]) -> None:
        from taso.torch import TASO

        self.model = _two_group_model()
        self.opt = TASO(_groups(self.model, base_lrs), lr=base_lrs[0], **schedule)

    def lrs(self) -> list[float]:
        return [g["lr"] for g in self.opt.param_groups]

    def advance(self) -> None:
        _backward(self.model)
        self.opt.step()

    def save(self) -> bytes:
        return _to_bytes({"model": self.model.state_dict(), "opt": self.opt.state_dict()})

    def retarget(self, total_steps: int) -> None:
        self.opt.retarget(total_steps)


class TorchOptimizerDriver(Driver):
    name = "torch-optimizer"

    def start(self, base_lrs: list[float], **schedule: Any) -> Run:
        return _TorchOptimizerRun(base_lrs, schedule)

    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run:
        state = _from_bytes(blob)
        run = _TorchOptimizerRun(base_lrs, schedule)
        run.model.load_state_dict(state["model"])
        run.opt.load_state_dict(state["opt"])
        return run


# ----------------------------------------------------------------------------- optax
class _OptaxRun(Run):
    def __init__(self, cores: list, params: dict | None = None, state: Any = None) -> None:
        import jax.numpy as jnp

        self.cores = cores
        self.params = params if params is not None else {"a": jnp.ones(3), "b": jnp.ones(2)}
        self._build()
        self.state = state if state is not None else self.tx.init(self.params)

    def _build(self) -> None:
        import optax

        from taso.optax import from_schedule, taso

        self.schedules = [from_schedule(c) for c in self.cores]
        self.tx = optax.multi_transform(
            {"a": taso(self.schedules[0]), "b": taso(self.schedules[1])}, {"a": "a", "b": "b"}
        )

    def _count(self, label: str) -> Any:
        import optax

        return optax.tree_utils.tree_get(self.state.inner_states[label], "count")

    def lrs(self) -> list[float]:
        return [float(s(self._count(lab))) for s, lab in zip(self.schedules, "ab", strict=True)]

    def advance(self) -> None:
        import jax.numpy as jnp
        import optax

        grads = {k: jnp.ones_like(v) for k, v in self.params.items()}
        updates, self.state = self.tx.update(grads, self.state, self.params)
        self.params = optax.apply_updates(self.params, updates)

    def save(self) -> bytes:
        import jax

        return pickle.dumps(
            {
                "state": jax.tree.map(np.asarray, self.state),
                "params": jax.tree.map(np.asarray, self.params),
                "schedules": [c.to_dict() for c in self.cores],
            }
        )

    def retarget(self, total_steps: int) -> None:
        self.cores = [c.retarget(step=int(self._count("a")), total_steps=total_steps) for c in self.cores]
        self._build()  # the optimizer state stays valid: only the schedule changed


class OptaxDriver(Driver):
    name = "optax"
    requires = ("jax", "optax")

    def start(self, base_lrs: list[float], **schedule: Any) -> Run:
        from taso import TASOSchedule

        return _OptaxRun([TASOSchedule(lr_initial=lr, **schedule) for lr in base_lrs])

    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run:
        import jax
        import jax.numpy as jnp

        from taso import TASOSchedule

        saved = pickle.loads(blob)
        cores = [TASOSchedule.from_dict(d) for d in saved["schedules"]]
        return _OptaxRun(
            cores, jax.tree.map(jnp.asarray, saved["params"]), jax.tree.map(jnp.asarray, saved["state"])
        )


# ----------------------------------------------------------------------------- keras
class _KerasRun(Run):
    def __init__(self, optimizers: list, variables: list) -> None:
        self.opts, self.vars = optimizers, variables

    def lrs(self) -> list[float]:
        return [float(o.learning_rate) for o in self.opts]

    def advance(self) -> None:
        from keras import ops

        for o, v in zip(self.opts, self.vars, strict=True):
            o.apply([ops.ones_like(v)], [v])

    def save(self) -> bytes:
        import keras

        stores = []
        for o in self.opts:
            store: dict[str, Any] = {}
            o.save_own_variables(store)
            stores.append({k: np.asarray(v) for k, v in store.items()})
        return pickle.dumps(
            {
                "optimizers": [keras.saving.serialize_keras_object(o) for o in self.opts],
                "stores": stores,
                "variables": [np.asarray(v.numpy()) for v in self.vars],
            }
        )

    def retarget(self, total_steps: int) -> None:
        for o in self.opts:
            o.learning_rate = o._learning_rate.retarget(step=int(o.iterations), total_steps=total_steps)


def _keras_variables() -> list:
    import keras

    return [keras.Variable(np.ones(3, dtype="float32")), keras.Variable(np.ones(2, dtype="float32"))]


class KerasDriver(Driver):
    name = "keras"
    requires = ("keras",)

    def start(self, base_lrs: list[float], **schedule: Any) -> Run:
        import keras

        from taso.keras import TASOLearningRateSchedule

        variables = _keras_variables()
        opts = []
        for lr, v in zip(base_lrs, variables, strict=True):
            o = keras.optimizers.SGD(
                learning_rate=TASOLearningRateSchedule(lr_initial=lr, **schedule), momentum=0.9
            )
            o.build([v])
            opts.append(o)
        return _KerasRun(opts, variables)

    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run:
        import keras

        saved = pickle.loads(blob)
        variables = _keras_variables()
        opts = []
        for cfg, store, v, value in zip(
            saved["optimizers"], saved["stores"], variables, saved["variables"], strict=True
        ):
            v.assign(value)
            o = keras.saving.deserialize_keras_object(cfg)
            o.build([v])
            o.load_own_variables(store)
            opts.append(o)
        return _KerasRun(opts, variables)


# ----------------------------------------------------------------------------- lightning
class _LightningRun(Run):
    """Drives a real ``lightning.Trainer``; every ``collect`` resumes from a Lightning checkpoint."""

    def __init__(
        self, base_lrs: list[float], schedule: dict[str, Any], checkpoint: bytes | None = None
    ) -> None:
        self.base_lrs, self.schedule = base_lrs, schedule
        self.dir = Path(tempfile.mkdtemp(prefix="taso-lightning-"))
        self.ckpt: Path | None = None
        self.step = 0
        self.pending_retarget: int | None = None
        self.current: list[float] | None = None
        if checkpoint is not None:
            self.ckpt = self.dir / "resume.ckpt"
            self.ckpt.write_bytes(checkpoint)
            state = torch.load(self.ckpt, weights_only=False)
            self.step = state["global_step"]
            self.current = [g["lr"] for g in state["optimizer_states"][0]["param_groups"]]

    def _module(self) -> Any:
        import lightning as L

        from taso.lightning import taso_lightning_config

        base_lrs, schedule, run = self.base_lrs, self.schedule, self

        class Module(L.LightningModule):
            def __init__(self) -> None:
                super().__init__()
                self.net = _two_group_model()
                self.seen: list[list[float]] = []

            def training_step(self, batch: torch.Tensor, batch_idx: int) -> torch.Tensor:
                self.seen.append([g["lr"] for g in self.optimizers().param_groups])
                return self.net(batch).square().mean()

            def on_train_start(self) -> None:
                if run.pending_retarget is not None:
                    self.lr_schedulers().retarget(run.pending_retarget)
                    run.pending_retarget = None

            def configure_optimizers(self) -> dict[str, Any]:
                opt = torch.optim.SGD(_groups(self.net, base_lrs), lr=base_lrs[0], momentum=0.9)
                return taso_lightning_config(opt, **schedule)

        return Module()

    def collect(self, n: int) -> np.ndarray:
        import lightning as L

        if n == 0:
            return np.array([self.lrs()])
        module = self._module()
        trainer = L.Trainer(
            max_steps=self.step + n, accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
            enable_progress_bar=False, enable_model_summary=False, default_root_dir=self.dir,
        )  # fmt: skip
        data = torch.utils.data.DataLoader(torch.ones(100_000, 3), batch_size=2)
        trainer.fit(module, data, ckpt_path=None if self.ckpt is None else str(self.ckpt))
        self.ckpt = self.dir / f"step{trainer.global_step}.ckpt"
        trainer.save_checkpoint(self.ckpt)
        assert trainer.global_step == self.step + n and len(module.seen) == n
        self.step = trainer.global_step
        self.current = [g["lr"] for g in trainer.optimizers[0].param_groups]
        return np.array([*module.seen, self.current], dtype=np.float64)

    def lrs(self) -> list[float]:
        if self.current is None:
            self.current = self._first_lrs()
        return self.current

    def _first_lrs(self) -> list[float]:
        cfg = self._module().configure_optimizers()
        return [g["lr"] for g in cfg["optimizer"].param_groups]

    def save(self) -> bytes:
        if self.pending_retarget is not None:
            raise RuntimeError("retarget is applied at the next training step; collect before saving")
        return self.ckpt.read_bytes() if self.ckpt is not None else b""

    def retarget(self, total_steps: int) -> None:
        self.pending_retarget = total_steps


class LightningDriver(Driver):
    name = "lightning"
    requires = ("lightning",)

    def start(self, base_lrs: list[float], **schedule: Any) -> Run:
        return _LightningRun(base_lrs, schedule)

    def resume(self, blob: bytes, base_lrs: list[float], **schedule: Any) -> Run:
        return _LightningRun(base_lrs, schedule, checkpoint=blob or None)


DRIVERS: list[Driver] = [
    TorchSchedulerDriver(),
    TorchOptimizerDriver(),
    HuggingFaceDriver(),
    OptaxDriver(),
    KerasDriver(),
    LightningDriver(),
]
