"""The harness's new stop rule leaves plain optimizers' diverged runs as they were: a check.

Since 2026-11-29 a run ends as diverged only when its validation loss is not finite and the
optimizer does not say it will repair its weights (``can_recover``; see
``benchmarks/retrain_cut_runs.py``); before, it ended at the end of any epoch with a non-finite
training loss. A plain optimizer cannot repair, and its weights turn non-finite with its loss, so
both rules should end its runs at the same epoch. This script retrains, under the current harness, the first stored
diverged run of every (registered algorithm, workload) pair among the result files that the
previous harness wrote (in file and line order; records of an older harness, which stopped at the
non-finite step itself and have no ``diverged_at_step``, are passed over; algorithms whose stored
configuration differs from the registered one are skipped and named) and compares status,
epochs, steps, the first non-finite step and test accuracy with the stored record. It writes
``docs/results/stop-rule-unchanged.json`` and exits 1 if any differs.

    python benchmarks/stop_rule_unchanged.py     # about a minute, 1 torch thread
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import torch

from taso.bench._algorithms import ALGORITHMS
from taso.bench._runner import train
from taso.bench._workloads import WORKLOADS, prepare

RESULTS = Path(__file__).resolve().parents[1] / "docs" / "results"
OUT = RESULTS / "stop-rule-unchanged.json"


def first_diverged() -> tuple[dict[tuple[str, str], dict[str, Any]], list[str]]:
    """The first diverged record of every (registered non-auto algorithm, workload), and what was skipped."""
    chosen: dict[tuple[str, str], dict[str, Any]] = {}
    skipped: set[str] = set()
    for path in sorted(RESULTS.glob("**/runs*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue
            res = r.get("result") if isinstance(r, dict) else None
            if not res or res.get("status") != "diverged" or (r["algorithm"], r["workload"]) in chosen:
                continue
            if "diverged_at_step" not in res:  # an older harness that stopped at the step itself
                continue
            algo, wl = ALGORITHMS.get(r["algorithm"]), WORKLOADS.get(r["workload"])
            if algo is None or wl is None or algo.optimizer == "taso-auto":
                skipped.add(f"{r['algorithm']} on {r['workload']} (not a registered plain algorithm)")
                continue
            if r["config"]["algorithm"] != algo.config(wl.modality):
                skipped.add(f"{r['algorithm']} on {r['workload']} (stored configuration differs)")
                continue
            chosen[(r["algorithm"], r["workload"])] = {**r, "file": str(path.relative_to(RESULTS))}
    return chosen, sorted(skipped)


def main() -> int:
    torch.set_num_threads(1)
    chosen, skipped = first_diverged()
    rows, differ = [], 0
    for (name, wl_name), r in sorted(chosen.items()):
        wl = WORKLOADS[wl_name]
        new = train(wl, ALGORITHMS[name], r["seed"], data=prepare(wl, None))
        old = r["result"]
        same = (new.status, len(new.epochs), new.steps, new.diverged_at_step, new.test_accuracy) == (
            old["status"], len(old["epochs"]), old["steps"], old["diverged_at_step"], old["test_accuracy"])  # fmt: skip
        differ += not same
        rows.append({"file": r["file"], "algorithm": name, "workload": wl_name, "seed": r["seed"],
                     "stored": [old["status"], len(old["epochs"]), old["steps"], old["diverged_at_step"], old["test_accuracy"]],
                     "now": [new.status, len(new.epochs), new.steps, new.diverged_at_step, new.test_accuracy],
                     "same": same})  # fmt: skip
        print(f"{name} on {wl_name} seed {r['seed']}: stored {old['status']} after {len(old['epochs'])} epochs "
              f"({old['steps']} steps), now {new.status} after {len(new.epochs)} ({new.steps}): "
              f"{'same' if same else 'DIFFERENT'}", flush=True)  # fmt: skip
    OUT.write_text(json.dumps({"runs": rows, "skipped": skipped}, indent=1) + "\n")
    print(f"{len(rows) - differ} of {len(rows)} end as stored; skipped: {len(skipped)}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
