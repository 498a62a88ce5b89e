"""AutoTASO beyond the suite: Hugging Face's own BERT, trained from scratch through the ``Trainer``.

A third-party architecture and training loop, as a user would run them: ``transformers``'
``BertForSequenceClassification`` built from a small ``BertConfig`` (post-LN encoder: LayerNorm
after each residual sum; width 64, 2 layers, 2 heads, feed-forward 128, no download) on the Rotten
Tomatoes sentences of the ``rt-cnn`` workload (50 tokens, padding masked), 4 epochs at batch 32,
through ``transformers.Trainer`` (same seed, same batch order for every method). With ``--task
needle``, a synthetic task instead: 16 tokens drawn uniformly from 1-49 (0 is padding), the label
whether token 7 is among them (2,048 training, 512 validation, 512 test sequences; 6 epochs at
batch 32): one token to find by attention; about 28% of the sequences hold it, so always answering
"absent" scores about 72%. ``--task needle-balanced``: the same with tokens from 1-23, so that
about half of the sequences hold token 7 (the class prior is ln 2, the untrained loss). No AutoTASO constant was chosen on
either. Methods (``--methods``):

* ``autotaso``: ``AutoTASO(model, total_steps=...)`` passed as ``optimizers=(opt, opt.scheduler())``;
* ``autotaso-chance``: the same with ``chance_loss=taso.prior_cross_entropy(counts)`` (the training
  labels' entropy: the loss of a model that learns only the class prior);
* ``taso@DENSE/TABLES``: plain TASO on AutoTASO's two groups at those initial rates (SGD-Nesterov
  for everything but the embedding tables, Adagrad for the tables), no range test, no probe, no
  guard: which rates this design needs here;
* ``adamw``: the Trainer's own AdamW with its linear decay, lr 1e-3 and 10% warm-up (a common
  from-scratch setting; not tuned).

Prints final validation and test accuracy per seed and their means, and AutoTASO's rates (1 torch
thread).

    python benchmarks/autotaso_hf_bert.py [--task rt|needle|needle-balanced] [--seeds 0 1 2] [--methods autotaso adamw taso@0.1/0.01]
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
from typing import Any

import torch
from transformers import (
    BertConfig,
    BertForSequenceClassification,
    PrinterCallback,
    Trainer,
    TrainingArguments,
)

from taso import prior_cross_entropy
from taso.bench._workloads import Prepared, get_workload, prepare
from taso.torch import AutoTASO

BATCH = 32
EPOCHS = {"rt": 4, "needle": 6, "needle-balanced": 6}


class Sentences(torch.utils.data.Dataset):  # type: ignore[type-arg]
    def __init__(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.x, self.y = x, y

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
        return {"input_ids": self.x[i], "attention_mask": (self.x[i] != 0).long(), "labels": self.y[i]}


def accuracy(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(input_ids=b, attention_mask=(b != 0).long()).logits for b in x.split(512)])
    return 100.0 * (logits.argmax(1) == y).float().mean().item()


def needle(n: int, seed: int, vocab: int = 50, length: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    """Sequences of ``length`` tokens 1..vocab-1 and whether token 7 is among them."""
    x = torch.randint(1, vocab, (n, length), generator=torch.Generator().manual_seed(seed))
    return x, (x == 7).any(1).long()


def load(task: str) -> Prepared:
    if task == "rt":
        return prepare(get_workload("rt-cnn"))
    vocab = 50 if task == "needle" else 24
    (xt, yt), (xv, yv), (xs, ys) = needle(2048, 0, vocab), needle(512, 1, vocab), needle(512, 2, vocab)
    return Prepared(xt, yt, xv, yv, xs, ys, num_classes=2, input_shape=(16,), vocab_size=vocab)


def run(method: str, seed: int, data: Prepared, epochs: int) -> dict[str, Any]:
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=data.vocab_size, hidden_size=64, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=128, max_position_embeddings=64,
    )  # fmt: skip
    config.num_labels = 2
    model = BertForSequenceClassification(config)
    steps = epochs * math.ceil(len(data.y_train) / BATCH)
    extra: dict[str, Any] = {}
    optimizers: tuple[Any, Any] = (None, None)
    if method in ("autotaso", "autotaso-chance"):
        # autotaso-chance: told the loss of nothing learned, the training labels' entropy
        chance = (
            prior_cross_entropy(torch.bincount(data.y_train).tolist()) if method.endswith("chance") else None
        )
        opt = AutoTASO(model, total_steps=steps, chance_loss=chance)
        optimizers = (opt, opt.scheduler())
    elif method.startswith("taso@"):
        dense_lr, tables_lr = (float(v) for v in method[len("taso@") :].split("/"))
        tables = [m.weight for m in model.modules() if isinstance(m, torch.nn.Embedding)]
        ids = {id(p) for p in tables}
        dense = [p for p in model.parameters() if id(p) not in ids]
        groups = [
            {"params": tables, "kind": "adagrad", "name": "tables", "lr": tables_lr},
            {"params": dense, "kind": "sgd", "name": "dense", "lr": dense_lr},
        ]
        opt = AutoTASO(model, total_steps=steps, groups=groups, guard=False, probe=False)
        optimizers = (opt, opt.scheduler())
    elif method == "adamw":
        extra = {"learning_rate": 1e-3, "warmup_steps": steps // 10}
    else:
        raise ValueError(
            f"--methods: unknown method {method!r}: autotaso, autotaso-chance, adamw or taso@DENSE/TABLES"
        )
    with tempfile.TemporaryDirectory() as out:
        args = TrainingArguments(
            output_dir=out, max_steps=steps, per_device_train_batch_size=BATCH, seed=seed, use_cpu=True,
            report_to=[], save_strategy="no", logging_strategy="no", disable_tqdm=True, **extra,
        )  # fmt: skip
        trainer = Trainer(model=model, args=args, train_dataset=Sentences(data.x_train, data.y_train),
                          optimizers=optimizers)  # fmt: skip
        trainer.remove_callback(PrinterCallback)
        trainer.train()
    result: dict[str, Any] = {
        "val": accuracy(model, data.x_val, data.y_val),
        "test": accuracy(model, data.x_test, data.y_test),
    }
    if isinstance(optimizers[0], AutoTASO):
        report = optimizers[0].report()
        result["lr"] = {g["name"]: round(g["lr_initial"], 4) for g in report["groups"]}
        result["discarded"] = report["discarded_fraction"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--task", choices=tuple(EPOCHS), default="rt")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--methods", nargs="+", default=["autotaso", "adamw", "taso@0.1/0.01"])
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = load(args.task)
    epochs = EPOCHS[args.task]
    steps = epochs * math.ceil(len(data.y_train) / BATCH)
    name = "Rotten Tomatoes" if args.task == "rt" else args.task
    print(f"{name} ({len(data.y_train)} training sequences), {steps} steps of {BATCH}; accuracy %")
    print(
        "| method | " + " | ".join(f"seed {s}: val / test" for s in args.seeds) + " | mean val | mean test |"
    )
    print("|---|" + "---|" * len(args.seeds) + "---:|---:|")
    for method in args.methods:
        runs = [run(method, s, data, epochs) for s in args.seeds]
        cells = " | ".join(f"{r['val']:.2f} / {r['test']:.2f}" for r in runs)
        val, test = statistics.mean(r["val"] for r in runs), statistics.mean(r["test"] for r in runs)
        print(f"| {method} | {cells} | {val:.2f} | {test:.2f} |", flush=True)
        for s, r in zip(args.seeds, runs, strict=True):
            if "lr" in r:
                print(f"    seed {s}: LR_I {r['lr']}, discarded {100 * r['discarded']:.1f}%", flush=True)


if __name__ == "__main__":
    main()
