"""AutoTASO in the Hugging Face ``Trainer``: ``optimizers=(opt, opt.scheduler())``, nothing else.

The model returns ``{"loss": ..., "logits": ...}`` (the Hugging Face convention), so AutoTASO reads
the loss for its range tests from the model's output; ``opt.scheduler()`` is a scheduler that
changes nothing (AutoTASO moves its own rates; without it the Trainer would add a linear decay).

With ``--epochs N`` the Trainer computes the length itself (``num_train_epochs``): AutoTASO is
built with a guess and ``taso.hf.AutoTASOCallback`` gives it the Trainer's number of steps when
training starts.

With ``--label-smoothing F`` the Trainer computes the loss itself (``compute_loss_func``: the
labels go to it, not to the model, which then returns no loss): ``taso.hf.observe_trainer_loss``
passes that loss to AutoTASO.

python examples/autotaso_hf.py [--max-steps 500 | --epochs 4] [--label-smoothing 0.1]
"""

import argparse
import tempfile

import torch
from autotaso_data import BagClassifier, token_bags
from torch import nn
from transformers import Trainer, TrainingArguments

from taso.hf import AutoTASOCallback, observe_trainer_loss
from taso.torch import AutoTASO


class HFBagClassifier(BagClassifier):
    def forward(self, tokens, labels=None):  # type: ignore[override]
        logits = super().forward(tokens)
        loss = None if labels is None else nn.functional.cross_entropy(logits, labels)
        return {"loss": loss, "logits": logits}


class Bags(torch.utils.data.Dataset):
    def __init__(self, n: int, seed: int) -> None:
        self.x, self.y = token_bags(n, seed)

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i):
        return {"tokens": self.x[i], "labels": self.y[i]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-steps", type=int, default=500)
    parser.add_argument("--epochs", type=int, default=None, help="num_train_epochs instead of max_steps")
    parser.add_argument("--label-smoothing", type=float, default=0.0, help="a loss the Trainer computes")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = HFBagClassifier()
    # with --epochs the length is the Trainer's to compute: any guess here, the callback corrects it
    opt = AutoTASO(model, total_steps=args.max_steps if args.epochs is None else 1000)
    training_args = TrainingArguments(
        output_dir=tempfile.mkdtemp(), per_device_train_batch_size=32, report_to=[], logging_steps=100,
        save_strategy="no", use_cpu=True, disable_tqdm=True,
        **({"max_steps": args.max_steps} if args.epochs is None else {"num_train_epochs": args.epochs}),
    )  # fmt: skip
    smoothing = args.label_smoothing

    def smoothed(outputs, labels, num_items_in_batch=None):
        return nn.functional.cross_entropy(outputs["logits"], labels, label_smoothing=smoothing)

    trainer = Trainer(
        model=model, args=training_args, train_dataset=Bags(4096, 0), optimizers=(opt, opt.scheduler()),
        callbacks=[AutoTASOCallback()], compute_loss_func=smoothed if smoothing else None,
    )  # fmt: skip
    if smoothing:
        observe_trainer_loss(trainer)  # AutoTASO reads the loss compute_loss returns
    out = trainer.train()
    x, y = token_bags(1000, seed=1)
    model.eval()
    with torch.no_grad():
        accuracy = (model(x)["logits"].argmax(1) == y).float().mean().item()
    report = opt.report()
    for g in report["groups"]:
        print(f"group {g['name']} ({g['kind']}): LR_I {g['lr_initial']:.4g} ({g['finding']['reason']})")
    if report.get("probe"):  # the stability probe (models without normalization layers)
        print(f"probe: {report['probe']['reason']}, SGD LR_I x {report['probe']['raised_by']:.3g}")
    print(f"steps {out.global_step}, optimizer steps {opt.current_step}, TASO from step {report['main_start']}, "
          f"discarded {report['discarded_steps']}, test accuracy {accuracy:.4f}")  # fmt: skip
