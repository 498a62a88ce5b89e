"""AutoTASO in PyTorch Lightning: return it from ``configure_optimizers``; nothing else changes.

Lightning's automatic optimisation calls ``optimizer.step(closure)``, and the closure returns the
loss, which is all AutoTASO needs for its range tests.

python examples/autotaso_lightning.py [--max-steps 500] [--accelerator cpu|gpu]
"""

import argparse

import lightning as L
import torch
from autotaso_data import BagClassifier, token_bags
from torch import nn

from taso.torch import AutoTASO


class Module(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.model = BagClassifier()

    def training_step(self, batch, batch_idx):
        x, y = batch
        self.trained_on = self.device.type
        return nn.functional.cross_entropy(self.model(x), y)

    def configure_optimizers(self):
        return AutoTASO(self.model, total_steps=self.trainer.estimated_stepping_batches)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-steps", type=int, default=500)
    parser.add_argument("--accelerator", default="cpu", help="Lightning's accelerator: cpu, gpu, auto")
    args = parser.parse_args()
    torch.manual_seed(0)
    x, y = token_bags(4096, seed=0)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32, shuffle=True)
    module = Module()
    trainer = L.Trainer(max_steps=args.max_steps, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, accelerator=args.accelerator, devices=1)  # fmt: skip
    trainer.fit(module, loader)
    opt = trainer.optimizers[0]
    xt, yt = token_bags(1000, seed=1)
    module.eval()
    with torch.no_grad():
        accuracy = (module.model(xt.to(module.device)).argmax(1).cpu() == yt).float().mean().item()
    report = opt.report()
    for g in report["groups"]:
        print(f"group {g['name']} ({g['kind']}): LR_I {g['lr_initial']:.4g} ({g['finding']['reason']})")
    if report.get("probe"):  # the stability probe (models without normalization layers)
        print(f"probe: {report['probe']['reason']}, SGD LR_I x {report['probe']['raised_by']:.3g}")
    print(f"trained on {module.trained_on}")
    print(f"steps {trainer.global_step}, optimizer steps {opt.current_step}, TASO from step {report['main_start']}, "
          f"discarded {report['discarded_steps']}, test accuracy {accuracy:.4f}")  # fmt: skip
