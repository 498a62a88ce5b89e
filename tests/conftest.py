"""Test configuration: a Keras backend that installs without TensorFlow, and no silent skips in CI."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("KERAS_BACKEND", "torch")

# Prepared datasets are cached on disk; the tests (and the processes they start) share one
# fresh cache per session instead of the user's ~/.cache.
if "TASO_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["TASO_CACHE_DIR"] = tempfile.mkdtemp(prefix="taso-test-cache-")

# A script that test_contract.py runs in a subprocess (it picks its Keras backend from argv).
collect_ignore = ["keras_fit_probe.py"]

# CI runs a fixed, derandomized set of Hypothesis examples (reproducible: a landing never depends
# on a random draw); locally the random search keeps looking for new counterexamples.
settings.register_profile("ci", derandomize=True, print_blob=True, database=None)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``cuda`` run only where a GPU is; elsewhere they are deselected (a CI machine
    without a GPU is not a skipped check)."""
    import torch

    if torch.cuda.is_available():
        return
    gpu = [item for item in items if item.get_closest_marker("cuda")]
    if gpu:
        config.hook.pytest_deselected(items=gpu)
        items[:] = [item for item in items if not item.get_closest_marker("cuda")]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    if os.environ.get("CI") and skipped:
        terminalreporter.write_line(
            f"CI: {len(skipped)} test(s) were skipped; every optional framework must be installed in CI",
            red=True,
        )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if os.environ.get("CI") and reporter is not None and reporter.stats.get("skipped"):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get("TASO_TEST_POSTGRES")
    if not url:
        pytest.skip("set TASO_TEST_POSTGRES=postgresql://... (.ci/run starts a server on loopback)")
    pytest.importorskip("psycopg")
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    with engine.begin() as conn:  # a clean database for this test
        conn.execute(sqlalchemy.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    engine.dispose()
    return url
