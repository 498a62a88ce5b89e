"""Append-only result files: one JSON line per finished run.

A run's key is a hash of everything that defines it (workload config, algorithm config, seed),
so a rerun of a suite skips what is already recorded. A line is written with one ``write`` and
``fsync``-ed; a run killed before that leaves nothing, and a line cut short by a crash mid-write
is ignored by readers and fenced off by the next writer.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["ResultStore", "config_id", "environment", "layout_problem", "run_key"]

RUNS_FILE = "runs.jsonl"


def run_key(
    workload_config: dict[str, Any],
    algorithm_config: dict[str, Any],
    seed: int,
    numerics: dict[str, Any] | None = None,
) -> str:
    """A stable 16-hex-digit key of a run's full configuration. ``numerics`` (bf16 autocast,
    ``torch.compile``) enter the key only when set, so default runs keep their keys."""
    payload: dict[str, Any] = {"workload": workload_config, "algorithm": algorithm_config, "seed": seed}
    if numerics:
        payload["numerics"] = numerics
    blob = json.dumps(
        payload,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _clean(value: Any) -> Any:
    """JSON-safe copy: non-finite floats become None, tuples become lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent,
    ).stdout.strip()
    return out.stdout.strip() + ("-dirty" if dirty else "")


def resolve_device(name: str = "cpu") -> str:
    """``auto`` (CUDA if available, then MPS, else CPU), ``cpu``, ``cuda``, ``mps``: checked."""
    import torch

    if name not in ("auto", "cpu", "cuda", "mps"):
        raise ValueError(f"device must be one of auto, cpu, cuda, mps, got {name!r}")
    mps = getattr(torch.backends, "mps", None)
    mps_ok = bool(mps is not None and mps.is_available())
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "mps" if mps_ok else "cpu"
    if (name == "cuda" and not torch.cuda.is_available()) or (name == "mps" and not mps_ok):
        raise ValueError(f"device {name!r} is not available on this machine")
    return name


def cpu_model(cpuinfo: str | Path = "/proc/cpuinfo") -> str:
    r"""The processor: on Linux the ``model name`` of ``/proc/cpuinfo`` with its family, model and
    stepping and the widest x86 vector extension (``avx512f``, ``avx2``, ``avx``), e.g. ``"AMD EPYC
    (family 25, model 1, stepping 1; avx2)"``; elsewhere what :func:`platform.processor` says, else
    the architecture.

    Recorded because the last bits of a float32 run depend on the processor's vector kernels:
    the same seed, threads and code give the same numbers on one machine, and may differ in the
    last bits on another, enough to move a learning-rate range test's reading.

    >>> import tempfile, pathlib
    >>> info = pathlib.Path(tempfile.mkdtemp()) / "cpuinfo"
    >>> _ = info.write_text("processor\t: 0\ncpu family\t: 25\nmodel\t\t: 1\n"
    ...                     "model name\t: AMD EPYC\nstepping\t: 1\nflags\t\t: fpu sse2 avx avx2\n\n")
    >>> cpu_model(info)
    'AMD EPYC (family 25, model 1, stepping 1; avx2)'
    """
    fields: dict[str, str] = {}
    try:
        text = Path(cpuinfo).read_text(errors="replace")
    except OSError:
        text = ""
    for line in text.splitlines():  # the first processor's values (its machine's cores are alike)
        key, sep, value = line.partition(":")
        if sep and value.strip():
            fields.setdefault(key.strip(), value.strip())
    name = fields.get("model name") or fields.get("Model") or fields.get("cpu model")
    if not name:
        return platform.processor() or platform.machine()
    ids = [f"{label} {fields[key]}" for key, label in
           (("cpu family", "family"), ("model", "model"), ("stepping", "stepping")) if fields.get(key)]  # fmt: skip
    flags = set(fields.get("flags", "").split())
    vector = next((f for f in ("avx512f", "avx2", "avx") if f in flags), None)
    detail = ", ".join(ids) + (f"; {vector}" if vector else "")
    return f"{name} ({detail})" if detail else name


def device_name(device: str) -> str:
    import torch

    if device == "cuda":
        return str(torch.cuda.get_device_name())
    return cpu_model()


def environment(device: str = "cpu", amp: str | None = None, compile: bool = False) -> dict[str, Any]:
    """Package versions, machine, device and git commit, stored with every record."""
    import torch

    versions: dict[str, str | None] = {}
    for pkg in ("taso", "torch", "numpy", "scipy", "scikit-learn", "mnist1d", "schedulefree"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "versions": versions,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "threads": torch.get_num_threads(),
        "device": device,  # the report groups runs by device/threads
        "device_name": device_name(device),
        **({"amp": amp} if amp else {}),
        **({"compile": True} if compile else {}),
        "git_commit": _git_commit(),
    }


class ResultStore:
    """The ``runs*.jsonl`` files of a results directory.

    Writers append to ``runs.jsonl`` (or ``runs-<shard>.jsonl`` for a shard of a suite run on
    another machine); readers read every ``runs*.jsonl`` in the directory.
    """

    def __init__(self, directory: str | Path, filename: str = RUNS_FILE) -> None:
        self.directory = Path(directory)
        self.path = self.directory / filename
        #: ``"file:line: why"`` for every line the last :meth:`records` call skipped
        self.problems: list[str] = []

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("runs*.jsonl"))

    def records(self) -> Iterator[dict[str, Any]]:
        """Every valid record, in file order. Lines that are torn (a crash mid-write), not UTF-8,
        not JSON, or not in the record layout are skipped and listed in :attr:`problems`."""
        self.problems = []
        for path in self.files():
            with open(path, "rb") as f:
                for number, raw in enumerate(f, start=1):
                    where = f"{path}:{number}"
                    if not raw.strip():
                        continue
                    if not raw.endswith(b"\n"):
                        self.problems.append(f"{where}: torn line (cut short by a crash mid-write)")
                        continue
                    try:
                        record = json.loads(raw.decode("utf-8"))
                    except UnicodeDecodeError:
                        self.problems.append(f"{where}: not UTF-8")
                        continue
                    except json.JSONDecodeError as exc:
                        self.problems.append(f"{where}: not JSON ({exc.msg})")
                        continue
                    why = layout_problem(record)
                    if why:
                        self.problems.append(f"{where}: {why}")
                        continue
                    yield record

    def keys(self) -> set[str]:
        return {r["key"] for r in self.records()}

    def append(self, record: dict[str, Any]) -> None:
        """Append one record durably (single write + fsync)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        line = json.dumps(_clean(record), sort_keys=True) + "\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size:
                with open(self.path, "rb") as f:
                    f.seek(size - 1)
                    if f.read(1) != b"\n":
                        line = "\n" + line  # fence off a torn line left by a crash
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def extend(self, records: Iterable[dict[str, Any]]) -> None:
        for r in records:
            self.append(r)


#: What a record must hold for the reports to read it.
_REQUIRED = {"key": str, "workload": str, "algorithm": str, "seed": int, "config": dict, "result": dict}
_REQUIRED_RESULT = ("test_accuracy", "status", "final_train_loss", "epochs")


def layout_problem(record: Any) -> str | None:
    """Why ``record`` is not a run record (``None`` if it is one)."""
    if not isinstance(record, dict):
        return f"not a record (a JSON {type(record).__name__})"
    for name, kind in _REQUIRED.items():
        if not isinstance(record.get(name), kind) or (kind is int and isinstance(record.get(name), bool)):
            return f"not a run record (field {name!r} missing or not a {kind.__name__})"
    missing = [k for k in _REQUIRED_RESULT if k not in record["result"]]
    if missing:
        return f"not a run record (result lacks {missing})"
    return None


def config_id(record: dict[str, Any]) -> str:
    """A short hash of a record's configuration (workload + algorithm, not the seed): runs with
    the same (workload, algorithm) name but different configurations never share a cell."""
    blob = json.dumps(record.get("config"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:8]


def make_record(
    key: str,
    suite: str,
    workload_config: dict[str, Any],
    algorithm_config: dict[str, Any],
    result: dict[str, Any],
    env: dict[str, Any],
) -> dict[str, Any]:
    """The stored form of one run."""
    return {
        "key": key,
        "suite": suite,
        "workload": workload_config["name"],
        "algorithm": algorithm_config["name"],
        "seed": result["seed"],
        "config": {"workload": workload_config, "algorithm": algorithm_config},
        "result": result,
        "environment": env,
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
