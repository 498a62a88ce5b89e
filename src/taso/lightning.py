"""PyTorch Lightning helper: the ``configure_optimizers`` return value for TASO.

Lightning steps a scheduler with ``interval: "step"`` once per optimizer step, which is what TASO
wants, and saves and restores the scheduler's state in its checkpoints. Lightning itself is not
imported here.

Example (inside a ``LightningModule``)::

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9, nesterov=True)
        return taso_lightning_config(opt, total_steps=self.trainer.estimated_stepping_batches)

>>> import torch
>>> opt = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
>>> cfg = taso_lightning_config(opt, total_steps=100)
>>> cfg["lr_scheduler"]["interval"], cfg["lr_scheduler"]["frequency"]
('step', 1)
"""

from __future__ import annotations

from typing import Any

from torch.optim import Optimizer

from taso.torch import TASOScheduler

__all__ = ["taso_lightning_config"]


def taso_lightning_config(
    optimizer: Optimizer,
    total_steps: int | float | None = None,
    *,
    epochs: int | None = None,
    steps_per_epoch: int | None = None,
    name: str = "taso",
    **schedule: Any,
) -> dict[str, Any]:
    """``{"optimizer": ..., "lr_scheduler": {"scheduler": TASOScheduler, "interval": "step"}}``.

    ``total_steps`` may be ``trainer.estimated_stepping_batches`` (a float or int); ``schedule``
    takes the :class:`taso.torch.TASOScheduler` keywords (``alpha``, ``beta``, ``final_ratio``, ...).
    """
    if isinstance(total_steps, float):
        if total_steps != total_steps or total_steps in (float("inf"), float("-inf")):
            raise ValueError(f"total_steps must be a finite number of steps, got {total_steps!r}")
        total_steps = int(total_steps)
    scheduler = TASOScheduler(
        optimizer, total_steps, epochs=epochs, steps_per_epoch=steps_per_epoch, **schedule
    )
    return {
        "optimizer": optimizer,
        "lr_scheduler": {"scheduler": scheduler, "interval": "step", "frequency": 1, "name": name},
    }
