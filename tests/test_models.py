"""The sequence models of the fifth fresh set: shapes, padding, and that they learn."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from taso.bench._models import BiLSTM, TextTransformer


def test_the_transformer_ignores_trailing_padding_and_an_all_padding_row_stays_finite() -> None:
    torch.manual_seed(0)
    model = TextTransformer(50, length=12, dim=16, heads=2, layers=2).eval()
    ids = torch.tensor([[5, 9, 3, 0, 0, 0, 0, 0], [7, 0, 0, 0, 0, 0, 0, 0]])
    longer = torch.cat([ids, torch.zeros(2, 4, dtype=torch.long)], dim=1)
    with torch.no_grad():
        a, b = model(ids), model(longer)
        empty = model(torch.zeros(1, 8, dtype=torch.long))
    assert a.shape == (2, 2) and torch.allclose(a, b, atol=1e-5)
    assert torch.isfinite(empty).all()
    changed = ids.clone()
    changed[0, 1] = 11  # a real token moves the output
    with torch.no_grad():
        assert not torch.allclose(model(changed)[0], a[0], atol=1e-4)


@pytest.mark.parametrize("make", [lambda: TextTransformer(30, 6, 16, 2, 1), lambda: BiLSTM(30, 16, 16)])
def test_the_sequence_models_learn_which_token_comes_first(make) -> None:
    """Label = whether token 1 comes before token 2 in the sequence: needs order, not a bag."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    x = torch.randint(3, 30, (512, 6), generator=g)
    first = torch.randint(0, 6, (512,), generator=g)
    second = (first + torch.randint(1, 6, (512,), generator=g)) % 6
    x[torch.arange(512), first], x[torch.arange(512), second] = 1, 2
    y = (first < second).long()
    model = make()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(300):
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(x).argmax(1) == y).float().mean().item()
    assert accuracy > 0.9
