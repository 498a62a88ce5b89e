"""One training run: ``train(workload, algorithm, seed) -> RunResult``.

The loop reads top to bottom: seed, data, model, optimizer, then epochs of shuffled mini-batches
from in-memory tensors, a validation pass per epoch, and at the very end one pass over the test
split and one over the full training split in eval mode. The seed controls both the model's
initialisation and the data order.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from taso.bench._algorithms import Algorithm, Built
from taso.bench._workloads import Prepared, Workload, build_model, prepare

__all__ = ["EpochRecord", "RunResult", "evaluate", "train"]

MAX_LR_POINTS = 400  # learning-rate trace kept per run (evenly spaced steps)


@dataclass
class EpochRecord:
    epoch: int
    step: int
    train_loss: float
    val_loss: float
    val_accuracy: float
    lr: float
    wall_time: float


@dataclass
class RunResult:
    """What one run measured; ``status`` is ``"ok"`` or ``"diverged"``."""

    workload: str
    algorithm: str
    seed: int
    status: str
    epochs: list[EpochRecord]
    test_accuracy: float
    test_loss: float
    final_train_loss: float | None
    final_train_accuracy: float | None
    steps: int
    wall_time: float
    lr_trace: list[tuple[int, float]] = field(default_factory=list)
    num_parameters: int = 0
    details: dict[str, Any] | None = None
    #: the first step whose training loss was not finite, or None; the run went on if the optimizer
    #: could repair its weights (AutoTASO's guard restores them), and ended as diverged if not
    diverged_at_step: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@torch.no_grad()
def evaluate(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch_size: int = 1024
) -> tuple[float, float]:
    """Mean cross-entropy and accuracy (%) of ``model`` in eval mode."""
    model.eval()
    # accumulated on the device (float64, in the order a host loop would add): one sync at the end
    total_loss = torch.zeros((), dtype=torch.float64, device=x.device)
    correct = torch.zeros((), dtype=torch.int64, device=x.device)
    for i in range(0, len(y), batch_size):
        logits = model(x[i : i + batch_size]).float()
        target = y[i : i + batch_size]
        total_loss += F.cross_entropy(logits, target, reduction="sum").double()
        correct += (logits.argmax(dim=1) == target).sum()
    return float(total_loss) / len(y), 100.0 * int(correct) / len(y)


@torch.no_grad()
def _recalibrate_batch_norm(model: nn.Module, x: torch.Tensor, batch_size: int, batches: int = 20) -> None:
    """Re-estimate batch-norm statistics at the evaluation weights (schedule-free optimizers
    evaluate at other weights than they train at; their authors recommend this)."""
    norms = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative average over the calibration batches
    model.train()
    for i in range(min(batches, math.ceil(len(x) / batch_size))):
        model(x[i * batch_size : (i + 1) * batch_size])


def train(
    workload: Workload,
    algorithm: Algorithm,
    seed: int,
    *,
    data: Prepared | None = None,
    data_dir: str | Path | None = None,
    on_epoch: Callable[[EpochRecord], None] | None = None,
    device: str | torch.device = "cpu",
    amp: str | None = None,
    compile: bool = False,
) -> RunResult:
    """Train ``workload``'s model with ``algorithm`` from ``seed``; evaluate test once, at the end.

    ``device``: where the model and the data live (the data is moved there once). ``amp="bf16"``
    runs forward passes under bfloat16 autocast; ``compile`` wraps the model in ``torch.compile``.
    Nothing reads the loss on the host during an epoch (it is accumulated on the device, and a
    non-finite loss is noted there with its step), so a GPU is never made to wait. The first
    non-finite training loss is recorded as ``diverged_at_step``; the run ends, as ``"diverged"``,
    at the end of an epoch whose validation loss is not finite, unless the optimizer says it will
    repair its weights itself (``can_recover``: AutoTASO's guard with restarts left restores its
    best copy at its next window, which may fall in the next epoch). A run whose last validation
    loss is not finite is ``"diverged"`` too. So an optimizer that recovers trains on, and its
    record measures the repaired run.
    """
    start = time.perf_counter()
    device = torch.device(device)
    if amp not in (None, "bf16"):
        raise ValueError(f"amp must be None or 'bf16', got {amp!r}")
    # ---- data and model; the seed sets the initial weights, dropout and the data order
    data = data if data is not None else prepare(workload, data_dir)
    torch.manual_seed(seed)
    model = build_model(workload, data).to(device)
    net: nn.Module = torch.compile(model) if compile else model  # type: ignore[assignment]
    order = torch.Generator().manual_seed(seed)
    x, y = data.x_train.to(device), data.y_train.to(device)
    x_val, y_val = data.x_val.to(device), data.y_val.to(device)
    n, batch_size = len(y), workload.batch_size
    steps_per_epoch = math.ceil(n / batch_size)
    total_steps = workload.epochs * steps_per_epoch
    # ---- optimizer and schedule, built for the whole run
    counts = torch.bincount(data.y_train, minlength=data.num_classes).tolist()
    opt: Built = algorithm.build(
        model.parameters(), total_steps, workload.modality, model=model, class_counts=counts
    )
    trace_every = max(1, total_steps // MAX_LR_POINTS)
    lr_trace: list[tuple[int, float]] = []
    epochs: list[EpochRecord] = []
    step, status, diverged_at = 0, "ok", None
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp == "bf16")
    first_bad = torch.full((), -1, dtype=torch.int64, device=device)  # the first non-finite loss's step

    for epoch in range(workload.epochs):
        # ---- one pass over the shuffled training split
        model.train()
        opt.train_mode()
        perm = torch.randperm(n, generator=order).to(device)
        loss_sum = torch.zeros((), device=device)
        for i in range(steps_per_epoch):
            idx = perm[i * batch_size : (i + 1) * batch_size]
            if step % trace_every == 0:
                lr_trace.append((step, opt.lr()))
            with autocast:
                loss = F.cross_entropy(net(x[idx]).float(), y[idx])
            first_bad = torch.where((first_bad < 0) & ~torch.isfinite(loss.detach()), step, first_bad)
            opt.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            opt.step(loss)
            step += 1
            loss_sum += loss.detach() * len(idx)
        if diverged_at is None and int(first_bad) >= 0:  # one check per epoch: a loss was not finite
            diverged_at = int(first_bad)
        train_loss = loss_sum.item() / n
        train_loss = train_loss if math.isfinite(train_loss) else math.inf
        # ---- validation at the weights the optimizer would return
        opt.eval_mode()
        if opt.schedule_free:
            _recalibrate_batch_norm(net, x, batch_size)
        with autocast:
            val_loss, val_acc = evaluate(net, x_val, y_val)
        record = EpochRecord(epoch + 1, step, train_loss, val_loss, val_acc, opt.lr(),
                             time.perf_counter() - start)  # fmt: skip
        epochs.append(record)
        if on_epoch is not None:
            on_epoch(record)
        if not math.isfinite(val_loss) and not opt.can_recover():  # non-finite weights, not repairable
            status = "diverged"
            break
    if epochs and not math.isfinite(epochs[-1].val_loss):  # the run ended before a repair could come
        status = "diverged"

    # ---- the one evaluation on test, and the final training loss in eval mode
    with autocast:
        test_loss, test_acc = evaluate(net, data.x_test.to(device), data.y_test.to(device))
        final_loss, final_acc = evaluate(net, x, y) if status == "ok" else (None, None)
    return RunResult(
        workload=workload.name,
        algorithm=algorithm.name,
        seed=seed,
        status=status,
        epochs=epochs,
        test_accuracy=test_acc,
        test_loss=test_loss,
        final_train_loss=final_loss,
        final_train_accuracy=final_acc,
        steps=step,
        wall_time=time.perf_counter() - start,
        lr_trace=lr_trace,
        num_parameters=sum(p.numel() for p in model.parameters()),
        details=opt.details(),
        diverged_at_step=diverged_at,
    )
