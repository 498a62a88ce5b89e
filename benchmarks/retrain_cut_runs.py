"""Find (and remove, to retrain) the stored runs that the harness's old stop rules cut short.

Until 2026-11-29 the harness (``taso.bench._runner.train``) ended a run as diverged at the end of
any epoch in which a training loss was not finite. An optimizer that recovers from such a loss --
AutoTASO's guard restores its best copy and goes on -- was stopped all the same, and its record
measured the cut run. A first fix ended a run only on a non-finite validation loss, which still
cut an AutoTASO run whose weights turned non-finite in the last steps of an epoch, before the
guard's next window repaired them. Since then a run ends when its validation loss is not finite
and the optimizer does not say it will repair its weights (``can_recover``); the first non-finite
step is still recorded (``diverged_at_step``).

A record either rule cut is one marked ``"diverged"`` whose last validation loss is finite, or
whose AutoTASO guard was on with restarts left. The run keys do not encode the harness, so such a
record must be removed before the suite or script that wrote it can train it again::

    python benchmarks/retrain_cut_runs.py                 # list them, in every store under docs/results
    python benchmarks/retrain_cut_runs.py --remove        # and rewrite the stores without them
    python benchmarks/retrain_cut_runs.py DIR ... [--remove]

Then rerun the command that wrote each store (it skips the runs it has). The removed lines are
kept, appended to ``cut-by-old-stop-rule.jsonl`` beside the store (no reader reads that file), so
nothing measured is lost. Removal rewrites a file through a temporary file and an atomic rename; do
not run it while a suite writes to that store.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path
from typing import Any

from taso._torch_auto import GUARD_MAX_RESTARTS

RESULTS = Path(__file__).resolve().parents[1] / "docs" / "results"
#: where the removed records are kept, beside the store (not a ``runs*.jsonl``: no report reads it)
KEPT = "cut-by-old-stop-rule.jsonl"


def cut_by_the_old_rule(record: dict[str, Any]) -> bool:
    """Whether ``record`` was stopped as diverged where the current harness would have trained on:
    its weights were finite (the first old rule), or they were not but its optimizer would have
    repaired them (an AutoTASO whose guard was on with restarts left: the second)."""
    result = record.get("result", {})
    epochs = result.get("epochs") or []
    if result.get("status") != "diverged" or not epochs:
        return False
    val_loss = epochs[-1].get("val_loss")
    if isinstance(val_loss, (int, float)) and math.isfinite(val_loss):
        return True
    guard = (result.get("details") or {}).get("guard") or {}
    return bool(guard.get("on")) and len(guard.get("restarts") or []) < GUARD_MAX_RESTARTS


def scan(path: Path) -> tuple[list[str], dict[int, dict[str, Any]]]:
    """The file's lines, and the records among them that the old rule cut, by line index."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = {}
    for i, line in enumerate(lines):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # torn or foreign lines are left exactly as they are
        if isinstance(record, dict) and cut_by_the_old_rule(record):
            cut[i] = record
    return lines, cut


def remove(path: Path, lines: list[str], cut: dict[int, dict[str, Any]]) -> None:
    """Rewrite ``path`` without the cut records' lines (atomically), keeping them in :data:`KEPT`."""
    with open(path.with_name(KEPT), "a", encoding="utf-8") as f:  # first: a crash loses no record
        f.writelines(lines[i] if lines[i].endswith("\n") else lines[i] + "\n" for i in sorted(cut))
        f.flush()
        os.fsync(f.fileno())
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(line for i, line in enumerate(lines) if i not in cut)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "dirs", nargs="*", type=Path, help="results directories (default: all under docs/results)"
    )
    parser.add_argument("--remove", action="store_true", help="rewrite the stores without the cut records")
    args = parser.parse_args(argv)
    roots = args.dirs or [RESULTS]
    for root in roots:
        if not root.is_dir():
            parser.error(f"dirs: {root} is not a directory")
    files = sorted({p for root in roots for p in root.rglob("runs*.jsonl")})
    total = 0
    for path in files:
        lines, cut = scan(path)
        for r in cut.values():
            res = r["result"]
            print(f"{path}: {r['workload']} {r['algorithm']} seed {r['seed']}: cut at step {res['steps']} "
                  f"(first non-finite loss at {res.get('diverged_at_step')}), {res['test_accuracy']:.2f}%")  # fmt: skip
        if cut and args.remove:
            remove(path, lines, cut)
        total += len(cut)
    print(f"{total} record(s) cut by the old stop rule in {len(files)} file(s)"
          + (", removed" if args.remove and total else ""))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
