"""TASO with the Hugging Face ``Trainer``: pass ``optimizers=(optimizer, get_taso_schedule(...))``.

python examples/hf_trainer_example.py [--max-steps 40] [--warmup 4]
"""

import argparse
import tempfile

import torch
from torch import nn
from transformers import Trainer, TrainingArguments

from taso.hf import get_taso_schedule


class TinyClassifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))

    def forward(self, x, labels=None):
        logits = self.net(x)
        loss = None if labels is None else nn.functional.cross_entropy(logits, labels)
        return {"loss": loss, "logits": logits}


class Rows(torch.utils.data.Dataset):
    def __init__(self, n: int) -> None:
        g = torch.Generator().manual_seed(0)
        self.x = torch.randn(n, 8, generator=g)
        self.y = (self.x[:, 0] > 0).long()

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i):
        return {"x": self.x[i], "labels": self.y[i]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-steps", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=4)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = TinyClassifier()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    scheduler = get_taso_schedule(optimizer, num_training_steps=args.max_steps, num_warmup_steps=args.warmup)
    training_args = TrainingArguments(
        output_dir=tempfile.mkdtemp(), max_steps=args.max_steps, per_device_train_batch_size=16,
        report_to=[], logging_steps=10, save_strategy="no", use_cpu=True, disable_tqdm=True,
    )  # fmt: skip
    trainer = Trainer(
        model=model, args=training_args, train_dataset=Rows(512), optimizers=(optimizer, scheduler)
    )
    out = trainer.train()
    print(
        f"steps {out.global_step}, final lr {optimizer.param_groups[0]['lr']:.10g}, train loss {out.training_loss:.4f}"
    )
