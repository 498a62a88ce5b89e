"""AutoTASO beyond the suite: a small pre-LN transformer on Rotten Tomatoes, against AdamW.

No suite names this architecture and no AutoTASO constant was chosen on it: it checks that a
rule picked on MLPs and CNNs does not break on attention layers, whose common wisdom is "use
AdamW". A 2-layer encoder (width 64, 4 heads, learned positions, mean pooling, dropout 0.1) on
the Rotten Tomatoes sentences of the ``rt-cnn`` workload (50 tokens, 8 epochs, batch 64), three
ways, same seeds and batch order:

* AutoTASO from the run length alone (tables on Adagrad, the rest on SGD; each rate from a range
  test inside the run);
* AdamW at its common transformer defaults (lr 1e-3, weight decay 0.01) with cosine decay;
* schedule-free AdamW at the package defaults (lr 2.5e-3).

Prints final validation and test accuracy per seed and the mean over seeds (1 torch thread).

    python benchmarks/autotaso_transformer.py [--seeds 0 1 2]
"""

from __future__ import annotations

import argparse
import math
import statistics

import torch
import torch.nn.functional as F
from torch import nn

from taso.bench._workloads import Prepared, get_workload, prepare
from taso.torch import AutoTASO

EPOCHS, BATCH = 8, 64


class TinyTransformer(nn.Module):
    def __init__(self, vocab: int, dim: int = 64, layers: int = 2, heads: int = 4, length: int = 50) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=0)
        self.position = nn.Parameter(torch.randn(length, dim) * 0.02)
        layer = nn.TransformerEncoderLayer(
            dim, heads, 4 * dim, dropout=0.1, batch_first=True, norm_first=True
        )
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(dim, 2)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        pad = ids == 0
        h = self.encoder(self.embedding(ids) + self.position[: ids.shape[1]], src_key_padding_mask=pad)
        h = h.masked_fill(pad.unsqueeze(-1), 0.0).sum(1) / (~pad).sum(1, keepdim=True).clamp(min=1)
        return self.head(h)


def run(method: str, seed: int, data: Prepared) -> tuple[float, float]:
    torch.manual_seed(seed)
    model = TinyTransformer(data.vocab_size)
    n = len(data.y_train)
    steps_per_epoch = math.ceil(n / BATCH)
    total = EPOCHS * steps_per_epoch
    scheduler = None
    if method == "autotaso":
        opt: torch.optim.Optimizer = AutoTASO(model, total_steps=total)
    elif method == "adamw-cosine":
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda t: 0.5 * (1 + math.cos(math.pi * min(t, total) / total))
        )
    else:
        import schedulefree

        opt = schedulefree.AdamWScheduleFree(model.parameters(), lr=2.5e-3)
    order = torch.Generator().manual_seed(seed)
    for _ in range(EPOCHS):
        model.train()
        if method == "sf-adamw":
            opt.train()  # type: ignore[attr-defined]
        perm = torch.randperm(n, generator=order)
        for i in range(steps_per_epoch):
            idx = perm[i * BATCH : (i + 1) * BATCH]
            loss = F.cross_entropy(model(data.x_train[idx]), data.y_train[idx])
            opt.zero_grad()
            loss.backward()
            if isinstance(opt, AutoTASO):
                opt.step(loss=loss)
            else:
                opt.step()
            if scheduler is not None:
                scheduler.step()
    model.eval()
    if method == "sf-adamw":
        opt.eval()  # type: ignore[attr-defined]
    with torch.no_grad():
        val = (model(data.x_val).argmax(1) == data.y_val).float().mean().item() * 100
        test = (model(data.x_test).argmax(1) == data.y_test).float().mean().item() * 100
    return val, test


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = prepare(get_workload("rt-cnn"))
    print(
        "| method | " + " | ".join(f"seed {s}: val / test" for s in args.seeds) + " | mean val | mean test |"
    )
    print("|---|" + "---|" * len(args.seeds) + "---:|---:|")
    for method in ("autotaso", "adamw-cosine", "sf-adamw"):
        scores = [run(method, s, data) for s in args.seeds]
        cells = " | ".join(f"{v:.2f} / {t:.2f}" for v, t in scores)
        print(f"| {method} | {cells} | {statistics.mean(v for v, _ in scores):.2f} | "
              f"{statistics.mean(t for _, t in scores):.2f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
