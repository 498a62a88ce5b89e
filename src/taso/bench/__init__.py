"""The benchmark harness (``pip install 'taso[bench]'``): workloads, algorithms, the training
loop, result files and the report. ``taso bench --help`` is the command-line entry."""

from taso.bench._algorithms import ALGORITHMS, Algorithm, get_algorithm
from taso.bench._report import paired_difference, relative_summary, summarise, write_report
from taso.bench._results import ResultStore, run_key
from taso.bench._runner import EpochRecord, RunResult, evaluate, train
from taso.bench._suite import SUITES, Suite, plan, run_suite
from taso.bench._workloads import WORKLOADS, Prepared, TextSpec, Workload, get_workload, prepare

__all__ = [
    "ALGORITHMS",
    "SUITES",
    "WORKLOADS",
    "Algorithm",
    "EpochRecord",
    "Prepared",
    "ResultStore",
    "RunResult",
    "Suite",
    "TextSpec",
    "Workload",
    "evaluate",
    "get_algorithm",
    "get_workload",
    "paired_difference",
    "plan",
    "prepare",
    "relative_summary",
    "run_key",
    "run_suite",
    "summarise",
    "train",
    "write_report",
]
