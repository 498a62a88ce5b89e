"""TASO in PyTorch Lightning: ``configure_optimizers`` returns ``taso_lightning_config(...)``.

python examples/lightning_example.py [--max-steps 60]
"""

import argparse

import lightning as L
import torch
from torch import nn

from taso.lightning import taso_lightning_config


class Classifier(L.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = nn.functional.cross_entropy(self.net(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
        return taso_lightning_config(opt, total_steps=self.trainer.estimated_stepping_batches)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-steps", type=int, default=60)
    args = parser.parse_args()
    torch.manual_seed(0)
    x = torch.randn(640, 10)
    data = torch.utils.data.TensorDataset(x, (x[:, 0] > 0).long())
    loader = torch.utils.data.DataLoader(data, batch_size=32, shuffle=True)
    model = Classifier()
    trainer = L.Trainer(max_steps=args.max_steps, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, accelerator="cpu")  # fmt: skip
    trainer.fit(model, loader)
    lr = trainer.optimizers[0].param_groups[0]["lr"]
    print(
        f"steps {trainer.global_step}, final lr {lr:.10g}, last loss {float(trainer.callback_metrics['train_loss']):.4f}"
    )
