"""How often to step TASO: per step, per epoch, and with gradient accumulation (the README's three
worked examples, run end to end on a small model).

Each mode prints how many times its schedule was stepped, the planned total, and the final rate, so
you can see that the curve ends in its low phase exactly when training ends.

python examples/stepping_modes.py [--epochs 4] [--accumulate 4]
"""

import argparse

import torch
from torch import nn

from taso.torch import TASO, TASOScheduler

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=4)
parser.add_argument("--accumulate", type=int, default=4, help="micro-batches per optimizer step")
args = parser.parse_args()

torch.manual_seed(0)
x = torch.randn(512, 10)
y = (x[:, :5].sum(1) > 0).long()
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32, shuffle=True)
loss_fn = nn.functional.cross_entropy


def new_model() -> nn.Module:
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))


# 1. per step (the default): one scheduler step per optimizer step
model = new_model()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
sched = TASOScheduler(opt, epochs=args.epochs, steps_per_epoch=len(loader))
for _epoch in range(args.epochs):
    for xb, yb in loader:
        loss_fn(model(xb), yb).backward()
        opt.step()
        opt.zero_grad()
        sched.step()
print(f"per step: stepped {sched.last_epoch} of {sched.total_steps}, final lr {sched.get_last_lr()[0]:.10g}")

# 2. per epoch (the authors' code; offset=1 reproduces their sequence exactly)
model = new_model()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
sched = TASOScheduler(opt, total_steps=args.epochs, offset=1)
for _epoch in range(args.epochs):
    for xb, yb in loader:
        loss_fn(model(xb), yb).backward()
        opt.step()
        opt.zero_grad()
    sched.step()  # once per epoch, after the epoch
print(f"per epoch: stepped {sched.last_epoch} of {sched.total_steps}, final lr {sched.get_last_lr()[0]:.10g}")

# 3. gradient accumulation over k micro-batches: count optimizer steps, not micro-batches
k = args.accumulate
model = new_model()
opt = TASO(model.parameters(), lr=0.1, total_steps=args.epochs * (len(loader) // k))
for _epoch in range(args.epochs):
    for i, (xb, yb) in enumerate(loader):
        (loss_fn(model(xb), yb) / k).backward()
        if (i + 1) % k == 0:
            opt.step()  # the schedule advances here only
            opt.zero_grad()
print(
    f"accumulation: stepped {opt.current_step} of {opt.total_steps}, final lr {opt.param_groups[0]['lr']:.10g}"
)
acc = (model(x).argmax(1) == y).float().mean().item()
print(f"accumulation: train acc {acc:.3f}")
