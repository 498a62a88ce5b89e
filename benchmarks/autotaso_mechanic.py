"""Mechanic on the TASO curve: a learned scale instead of a range test (a measured alternative).

The issue behind AutoTASO lists "Mechanic-style scale learning on the TASO curve" among the ideas
to try. Mechanic (Cutkosky, Defazio and Mehta 2023, arXiv:2306.00144; ``optax.contrib.mechanize``)
learns one scale factor :math:`s` on top of any base optimizer *and its schedule* by online
coin betting, with no loss reading and no steps discarded. Here the base is AutoTASO's own pair of
optimizers on the TASO curve at :math:`LR_I = 1` -- SGD with Nesterov momentum 0.9 and weight
decay 5e-4 on matrices and kernels for dense weights, Adagrad for embedding tables (the groups
AutoTASO chooses, ``taso._torch_auto._model_groups``) -- and each group learns its own scale
(tables and dense weights step in different units). Per group, with :math:`x_0` the weights at
the first step, :math:`S_t = \\sum_i s_{t,i}` over the betas :math:`\\beta_i = 1 - 10^{-i}`,
:math:`i = 1..6`, and :math:`\\Delta_t = (x_t - x_0) / (S_t + \\epsilon)` the sum of the base
updates so far:

.. math::

    \\tilde g_t &= g_t + \\lambda S_t \\frac{\\lVert g_t\\rVert}{\\lVert x_t\\rVert} x_t, \\qquad
    h_t = -\\langle \\tilde g_t, \\Delta_t\\rangle, \\\\
    m_{t,i} &= \\max(\\beta_i m_{t-1,i}, |h_t| + \\epsilon), \\quad
    v_{t,i} = \\beta_i^2 v_{t-1,i} + h_t^2, \\quad
    r_{t,i} = \\beta_i r_{t-1,i} + \\mathrm{clip}(h_t, \\pm m_{t-1,i})\\, s_{t,i}, \\\\
    s_{t+1,i} &= \\frac{s_{\\mathrm{init}} m_{t,i} / 6 + \\max(0, r_{t,i})}{\\sqrt{v_{t,i}} + \\epsilon}, \\qquad
    x_{t+1} = x_0 + S_{t+1} (\\Delta_t + u_t),

where :math:`u_t` is the base optimizer's update at the TASO curve's rate for step :math:`t`
(:math:`LR_I = 1`), :math:`\\lambda = 0.01`, :math:`s_{\\mathrm{init}} = 10^{-6}` and
:math:`\\epsilon = 10^{-8}`: ``optax.contrib.mechanize``'s defaults, written by Mechanic's
authors; none was chosen here. The update is ``optax.contrib.mechanize``'s (the clip of
:math:`h_t` and the stored, unclipped :math:`r` are its, not the paper's Algorithm 1);
``--check-optax`` runs both on a small regression in float64, one group, weight decay 0: the
weights agree to 1e-12 until the fit reaches its noise floor, where the sign of :math:`h_t`
flips from step to step and the clip and maximum amplify rounding differences. The effective
rate of a group is :math:`S_t` times the curve.

The script runs it beside AutoTASO (the registered ``taso-auto``) on held-out workloads of
earlier rounds (``benchmarks/auto_holdout.py``), a few seeds each, and prints the final
validation accuracy of each, the paired difference and the scale each group learned. It is a
screen, not a selection: test accuracy is recorded in the run records and not read, and the
result decides only whether a full held-out round is worth its compute. Results go to
``docs/results/beyond/mechanic/runs.jsonl`` (reused when rerun; ``--shard I/N`` splits the runs
between processes).

    python benchmarks/autotaso_mechanic.py            # the screen, then its table
    python benchmarks/autotaso_mechanic.py --check-optax
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import statistics
import sys
from pathlib import Path
from typing import Any

import torch
from torch import nn

from taso import TASOSchedule
from taso._torch_auto import _model_groups
from taso.bench._algorithms import Algorithm, Built, Modality, auto_rule
from taso.bench._results import ResultStore, environment, make_record, run_key
from taso.bench._runner import train
from taso.bench._workloads import WORKLOADS, prepare

OUT = Path(__file__).resolve().parents[1] / "docs" / "results" / "beyond" / "mechanic"
#: held-out workloads of earlier rounds, one per kind (none of the suite's ten)
SCREEN = ("mnist1d-mlp-2x128-b32-e12", "fashion-lenet5-8k-b32-e3", "fashion-lenet5-bn-5k-b32-e2",
          "mnist1d-cnn-c16-b32-e10", "rt-fasttext-d28-b32-e5", "rt-cnn-d28-f40-b32-e4")  # fmt: skip
SEEDS = (100, 101, 102)
RULE28 = {"chance_loss": "prior", "chance_for": "tables"}
NUM_BETAS = 6


class MechanicTASO(torch.optim.Optimizer):
    """AutoTASO's groups and base optimizers on the TASO curve at LR_I = 1, each group's scale
    learned by Mechanic (see the module docstring for the update)."""

    def __init__(
        self,
        model: nn.Module,
        total_steps: int,
        *,
        momentum: float = 0.9,
        weight_decay: float = 5e-4,
        adagrad_eps: float = 1e-10,
        mechanic_decay: float = 0.01,
        s_init: float = 1e-6,
        eps: float = 1e-8,
    ) -> None:
        groups = _model_groups(model)
        super().__init__([{**g, "lr": 0.0} for g in groups], {})
        self.curve = TASOSchedule(total_steps=total_steps, lr_initial=1.0)
        self.t = 0
        self.momentum, self.weight_decay, self.adagrad_eps = momentum, weight_decay, adagrad_eps
        self.lam, self.s_init, self.eps = mechanic_decay, s_init, eps
        self.betas = [1.0 - 0.1**i for i in range(1, NUM_BETAS + 1)]
        self.mech = [
            {"s": [s_init / NUM_BETAS] * NUM_BETAS, "r": [0.0] * NUM_BETAS, "m": [0.0] * NUM_BETAS,
             "v": [0.0] * NUM_BETAS}
            for _ in groups
        ]  # fmt: skip
        self.scales: list[list[tuple[int, float]]] = [[] for _ in groups]
        self._set_rates()

    def _set_rates(self) -> None:
        base = self.curve(min(self.t, self.curve.total_steps - 1))
        for g, mech in zip(self.param_groups, self.mech, strict=True):
            g["lr"] = sum(mech["s"]) * base

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:  # type: ignore[override]
        base = self.curve(min(self.t, self.curve.total_steps - 1))
        for k, (group, mech) in enumerate(zip(self.param_groups, self.mech, strict=True)):
            params = [p for p in group["params"] if p.grad is not None]
            if not params:
                continue
            total = sum(mech["s"])
            for p in params:
                if "x0" not in self.state[p]:
                    self.state[p]["x0"] = p.detach().clone()
            deltas = [(p - self.state[p]["x0"]) / (total + self.eps) for p in params]
            g_sq = sum(float(p.grad.double().square().sum()) for p in params)
            x_sq = sum(float(p.double().square().sum()) for p in params)
            decay = self.lam * total * math.sqrt(g_sq) / (math.sqrt(x_sq) + self.eps)
            h = -sum(
                float((p.grad.double() + decay * p.double()).mul(d.double()).sum())
                for p, d in zip(params, deltas, strict=True)
            )
            for p, d in zip(params, deltas, strict=True):
                grad, state = p.grad, self.state[p]
                if group["kind"] == "adagrad":
                    acc = state.setdefault("sum", torch.zeros_like(p))
                    acc.addcmul_(grad, grad)
                    d.addcdiv_(grad, acc.sqrt().add_(self.adagrad_eps), value=-base)
                    continue
                step = grad.add(p, alpha=self.weight_decay) if p.ndim > 1 else grad.clone()
                buf = state.get("momentum_buffer")
                if buf is None:
                    buf = state["momentum_buffer"] = step.clone()
                else:
                    buf.mul_(self.momentum).add_(step)
                d.add_(step.add(buf, alpha=self.momentum), alpha=-base)
            for i, beta in enumerate(self.betas):
                m_prev = mech["m"][i]
                mech["m"][i] = max(beta * m_prev, abs(h) + self.eps)
                mech["v"][i] = beta**2 * mech["v"][i] + h * h
                mech["r"][i] = beta * mech["r"][i] + min(max(h, -m_prev), m_prev) * mech["s"][i]
                wealth = self.s_init / NUM_BETAS * mech["m"][i] + max(0.0, mech["r"][i])
                mech["s"][i] = wealth / (math.sqrt(mech["v"][i]) + self.eps)
            new_total = sum(mech["s"])
            for p, d in zip(params, deltas, strict=True):
                p.copy_(self.state[p]["x0"] + new_total * d)
            if self.t % 10 == 0:
                self.scales[k].append((self.t, new_total))
        self.t += 1
        self._set_rates()

    def report(self) -> dict[str, Any]:
        """Each group's learned scale (the effective LR_I), traced every 10 steps."""
        return {"groups": [{"name": g["name"], "kind": g["kind"], "scale_trace": trace,
                            "final_scale": sum(m["s"])}
                           for g, m, trace in zip(self.param_groups, self.mech, self.scales, strict=True)]}  # fmt: skip


class _MechanicBuilt(Built):
    def details(self) -> dict[str, Any] | None:
        return self.optimizer.report()  # type: ignore[operator]


@dataclasses.dataclass(frozen=True)
class MechanicAlgorithm(Algorithm):
    def build(self, params: Any, total_steps: int, modality: Modality, model: nn.Module | None = None,
              class_counts: Any = None) -> Built:  # fmt: skip
        assert model is not None
        return _MechanicBuilt(MechanicTASO(model, total_steps, **self.hparams), None)


MECHANIC = MechanicAlgorithm("taso-mechanic", "taso-mechanic", schedule="taso", family="auto",
                             description="Mechanic's learned scale on AutoTASO's groups and the TASO curve")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shard", default=None, metavar="I/N", help="train every N-th run from the I-th")
    parser.add_argument("--check-optax", action="store_true", help="compare the update with optax's and exit")
    args = parser.parse_args()
    if args.check_optax:
        return check_optax()
    torch.set_num_threads(1)
    rule = auto_rule(revision=28, hparams=RULE28)
    store = ResultStore(OUT)
    env = {**environment(), "threads": 1}
    jobs = [(name, algo, seed) for name in SCREEN for seed in SEEDS for algo in (MECHANIC, rule)]
    if args.shard is not None:
        i, n = (int(x) for x in args.shard.split("/"))
        jobs = jobs[i::n]
    done = store.keys()
    for name, algo, seed in jobs:
        wl = WORKLOADS[name]
        key = run_key(wl.config(), algo.config(wl.modality), seed)
        if key in done:
            continue
        res = train(wl, algo, seed, data=prepare(wl))
        store.append(
            make_record(key, "mechanic-screen", wl.config(), algo.config(wl.modality), res.to_dict(), env)
        )
        print(
            f"{name:28s} {algo.name:14s} seed {seed}: final val acc {res.epochs[-1].val_accuracy:6.2f}",
            flush=True,
        )
    if args.shard is not None:
        return 0
    return table(store, rule)


def check_optax(steps: int = 300) -> int:
    """The same run under ``MechanicTASO`` and ``optax.contrib.mechanize`` (base: SGD with Nesterov
    momentum 0.9 on the TASO curve at LR_I = 1, no weight decay): a linear least-squares fit in
    float64 on both sides; prints the largest weight difference and the two learned scales."""
    import jax
    import jax.numpy as jnp
    import optax

    jax.config.update("jax_enable_x64", True)
    torch.manual_seed(0)
    x = torch.randn(256, 8, dtype=torch.float64)
    y = x @ torch.linspace(-1, 1, 8, dtype=torch.float64) + 0.1 * torch.randn(256, dtype=torch.float64)
    model = nn.Linear(8, 1, bias=False).double()
    w0 = model.weight.detach().clone()
    opt = MechanicTASO(model, steps, weight_decay=0.0)
    base = optax.sgd(lambda count: opt.curve(int(count)), momentum=0.9, nesterov=True)
    tx = optax.contrib.mechanize(base)
    params = {"w": jnp.asarray(w0.numpy())}
    state = tx.init(params)
    xj, yj = jnp.asarray(x.numpy()), jnp.asarray(y.numpy())

    def loss_fn(p: Any) -> Any:
        return jnp.mean((xj @ p["w"][0] - yj) ** 2)

    worst, agree = 0.0, None
    for t in range(steps):
        loss = ((model(x).squeeze(1) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        grads = jax.grad(loss_fn)(params)
        updates, state = tx.update(grads, state, params)
        params = optax.apply_updates(params, updates)
        worst = max(worst, float(abs(model.weight.detach().numpy() - params["w"]).max()))
        if agree is None and worst > 1e-12:
            agree = t
    print(f"weights equal to 1e-12 for the first {agree if agree is not None else steps} of {steps} steps "
          f"(largest difference over all: {worst:.3g}); learned scale: MechanicTASO "
          f"{sum(opt.mech[0]['s']):.6g}, optax {float(jnp.sum(state.s)):.6g}")  # fmt: skip
    return 0


def table(store: ResultStore, rule: Algorithm) -> int:
    records = {(r["workload"], r["algorithm"], r["seed"]): r for r in store.records()}
    print(
        "| workload | AutoTASO (rule 28) val % | Mechanic on the TASO curve val % | Mechanic - AutoTASO, mean [lowest, highest] over seeds (pt) | learned scale per seed (tables, dense) |"
    )
    print("|---|---:|---:|---:|---|")
    all_diffs = []
    for name in SCREEN:
        a, m, diffs, scales = [], [], [], []
        for seed in SEEDS:
            ra, rm = records.get((name, rule.name, seed)), records.get((name, MECHANIC.name, seed))
            if ra is None or rm is None:
                continue
            va, vm = (r["result"]["epochs"][-1]["val_accuracy"] for r in (ra, rm))
            a.append(va)
            m.append(vm)
            diffs.append(vm - va)
            scales.append(", ".join(f"{g['final_scale']:.3g}" for g in rm["result"]["details"]["groups"]))
        if not diffs:
            continue
        all_diffs += diffs
        print(f"| {name} | {statistics.mean(a):.2f} | {statistics.mean(m):.2f} | {statistics.mean(diffs):+.2f} "
              f"[{min(diffs):+.2f}, {max(diffs):+.2f}] | {'; '.join(scales)} |")  # fmt: skip
    if all_diffs:
        print(f"\nover {len(all_diffs)} pairs: mean {statistics.mean(all_diffs):+.2f} pt, "
              f"largest shortfall {-min(all_diffs):.2f} pt")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
