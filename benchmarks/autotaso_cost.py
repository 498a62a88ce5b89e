"""What AutoTASO costs over plain TASO: optimizer steps, discarded steps, wall time.

For three workloads (an MLP, a CNN, a text model with an embedding table) it trains plain TASO
(the authors' defaults) and AutoTASO from the same seed, interleaved in rounds in one process with
1 torch thread (machine noise hits both alike), and prints per workload:

* optimizer steps of each (AutoTASO takes exactly the planned steps: its range tests run inside
  the run, and the rewind turns their low-rate part into warm-up);
* the steps AutoTASO discarded (the part of each sweep above the chosen rate, undone by the
  rewind; rule 16 kept the sweep up to its loss minimum, rule 17 went back) as a share of the run:
  the compute it costs over a plain run of the same length;
* the memory it holds beside the model: the most copies of the model and optimizer state kept at
  once (rewind, guard and probe copies; ``report()["copies"]``), and their bytes over the bytes of
  the model's parameters (the number to weigh before ``copies_device="cpu"`` on a GPU);
* wall time of AutoTASO / wall time of TASO (median over rounds, with the range): the loss read
  on the host during the sweeps, the copies kept for the rewind, and its Python update loop;
* wall time of AutoTASO / AutoTASO with ``guard=False``: what the cliff guard adds (the loss summed
  on the device, one host read per window, a copy of the model at each new best loss);
* the steps the stability probe discarded (rule 6; it runs on models without normalization
  layers and, since rule 15, not on short runs whose range tests were shrunk: up to 2% of the
  run, at least 30 steps), included in the discarded share above;
* the discarded share with every range test run until the loss diverges
  (``sweep_until="divergence"``, rules 1-6), beside AutoTASO's default (rule 7: stopped once
  settled, ``taso.sweep_settled``).

Target (the AutoTASO issue): extra compute <= 5% of a plain run.

    python benchmarks/autotaso_cost.py [--rounds 3] [--workloads mnist1d-mlp mnist1d-cnn rt-fasttext] [--out FILE]

``--out`` also writes the table, with the rule, the processor, torch and the git commit it ran on, to
a Markdown file (``docs/results/cost/``).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
from pathlib import Path

import torch

from taso.bench._algorithms import get_algorithm
from taso.bench._runner import train
from taso.bench._workloads import get_workload, prepare


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--workloads", nargs="+", default=["mnist1d-mlp", "mnist1d-cnn", "rt-fasttext"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, help="also write the table (and where it ran) to this Markdown file"
    )
    args = parser.parse_args()
    if args.rounds < 1 or args.threads < 1:
        parser.error(f"--rounds and --threads must be >= 1, got {args.rounds} and {args.threads}")
    for name in args.workloads:
        get_workload(name)  # an unknown name fails here, before any run
    torch.set_num_threads(args.threads)
    from taso.bench._results import environment

    env = environment()  # where it runs, read before the runs (the tree may change while they run)
    lines: list[str] = []

    def emit(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    emit(f"torch {torch.__version__}, {args.threads} thread(s), {args.rounds} interleaved rounds\n")
    emit("| workload | TASO steps | AutoTASO steps | discarded by AutoTASO (% of run) "
          "| of which the probe (%) | sweeps until divergence: discarded (%) "
          "| copies held at most: count, bytes / parameters' bytes (max over rounds) "
          "| wall time AutoTASO / TASO: median [min, max] | guard on / off: median [min, max] |")  # fmt: skip
    emit("|---|---:|---:|---:|---:|---:|---:|---|---|")
    default = get_algorithm("taso-auto")  # the registered rule; each variant changes one option of it
    unguarded = dataclasses.replace(
        default, name="taso-auto-noguard", hparams={**default.hparams, "guard": False}
    )
    to_divergence = dataclasses.replace(
        default, name="taso-auto-until-divergence", hparams={**default.hparams, "sweep_until": "divergence"}
    )
    worst = 0.0
    for name in args.workloads:
        wl = get_workload(name)
        data = prepare(wl)
        ratios, guard, discarded, probed, full, steps = [], [], [], [], [], (0, 0)
        held: list[tuple[int, float]] = []
        for r in range(args.rounds):
            plain = train(wl, get_algorithm("taso"), seed=r, data=data)
            auto = train(wl, get_algorithm("taso-auto"), seed=r, data=data)
            off = train(wl, unguarded, seed=r, data=data)
            until = train(wl, to_divergence, seed=r, data=data)
            assert until.details is not None
            full.append(100 * until.details["discarded_fraction"])
            ratios.append(auto.wall_time / plain.wall_time)
            guard.append(auto.wall_time / off.wall_time)
            assert auto.details is not None
            discarded.append(100 * auto.details["discarded_fraction"])
            probe = auto.details.get("probe") or {}
            probed.append(100 * probe.get("discarded_steps", 0) / auto.details["total_steps"])
            copies = auto.details["copies"]
            held.append((copies["peak"], copies["peak_bytes"] / (4 * auto.num_parameters)))  # float32
            steps = (plain.steps, auto.steps)
        worst = max(worst, max(discarded))
        emit(f"| {name} | {steps[0]:,} | {steps[1]:,} | {statistics.mean(discarded):.1f} "
              f"(max {max(discarded):.1f}) | {statistics.mean(probed):.1f} | {statistics.mean(full):.1f} (max {max(full):.1f}) "
              f"| {max(h[0] for h in held)}, {max(h[1] for h in held):.1f}x "
              f"| {statistics.median(ratios):.3f} [{min(ratios):.3f}, {max(ratios):.3f}] | "
              f"{statistics.median(guard):.3f} [{min(guard):.3f}, {max(guard):.3f}] |")  # fmt: skip
    emit(
        f"\nextra compute target (<= 5% of the run discarded): {'met' if worst <= 5.0 else 'NOT met'} "
        f"(worst run {worst:.1f}%)"
    )
    if args.out is not None:
        head = [
            f"# What AutoTASO (rule {default.revision}) costs over plain TASO",
            "",
            f"`python benchmarks/autotaso_cost.py --rounds {args.rounds} --threads {args.threads} --workloads "
            f"{' '.join(args.workloads)}`, on {env.get('device_name', '?')}, git commit "
            f"`{env.get('git_commit')}`. Wall-time ratios are medians over interleaved rounds in one "
            "process (machine noise hits both sides alike); discarded shares are exact.",
            "",
        ]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(head + lines) + "\n", encoding="utf-8")
        print(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
