"""A small bag-of-tokens classification task shared by the AutoTASO examples (no download).

Each example is 12 tokens from a 200-token vocabulary: 30% from 20 tokens typical of its class,
the rest from 160 tokens common to both classes.
"""

import torch
from torch import nn

VOCAB, LENGTH = 200, 12


def token_bags(n: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 2, (n,), generator=g)
    common = torch.randint(40, VOCAB, (n, LENGTH), generator=g)
    typical = torch.randint(0, 20, (n, LENGTH), generator=g) + 20 * y.unsqueeze(1)
    pick = torch.rand(n, LENGTH, generator=g) < 0.3
    return torch.where(pick, typical, common), y


class BagClassifier(nn.Module):
    """An embedding table (AutoTASO puts it on Adagrad) and a dense head (on SGD)."""

    def __init__(self) -> None:
        super().__init__()
        self.table = nn.EmbeddingBag(VOCAB, 16, mode="mean")
        self.head = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 2))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.head(self.table(tokens))
