"""TASO in PyTorch: the optimizer that schedules itself, on a small MLP (5 epochs by default).

python examples/torch_quickstart.py [--epochs 5]
"""

import argparse

import torch
from torch import nn

from taso.torch import TASO

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=5)
args = parser.parse_args()

torch.manual_seed(0)
x = torch.randn(2048, 20)
y = (x[:, :10].sum(1) > 0).long()  # a learnable toy rule
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2))
opt = TASO(model.parameters(), lr=0.1, total_steps=args.epochs * len(loader))

for epoch in range(args.epochs):
    for xb, yb in loader:
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
    acc = (model(x).argmax(1) == y).float().mean().item()
    print(
        f"epoch {epoch + 1}: loss {loss.item():.4f}, train acc {acc:.3f}, lr {opt.param_groups[0]['lr']:.6f}"
    )
print(f"steps {opt.current_step}, final lr {opt.param_groups[0]['lr']:.10g}")
