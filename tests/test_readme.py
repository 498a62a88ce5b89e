"""The README's code runs as written, and its two set-up commands are what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taso import TASOSchedule

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_quick_start_trains_five_epochs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    code = python_blocks()[0]
    namespace: dict = {}
    exec(compile(code, "README.md quick-start", "exec"), namespace)
    opt, epochs, loader = namespace["opt"], namespace["epochs"], namespace["loader"]
    assert epochs == 5 and opt.current_step == 5 * len(loader)
    expected = TASOSchedule(total_steps=opt.current_step, lr_initial=0.1)(opt.current_step)
    assert opt.param_groups[0]["lr"] == pytest.approx(expected, rel=1e-12)
    assert namespace["accuracy"] > 0.9
    assert len(capsys.readouterr().out.strip().splitlines()) == 5


def test_the_test_command_in_the_readme_is_the_one_ci_runs() -> None:
    setup = README[README.index("## Set-up") :]
    commands = re.findall(r"```bash\n(.*?)```", setup, flags=re.S)[0].strip().splitlines()
    commands = [c.split("#")[0].strip() for c in commands if c.strip() and not c.startswith("#")]
    assert len(commands) == 2
    main_job, tests = commands
    assert "taso bench run --suite quick" in main_job
    ci = (ROOT / ".ci" / "run").read_text()
    assert tests in ci.splitlines()


def test_the_autotaso_example_trains_from_the_length_alone(capsys: pytest.CaptureFixture[str]) -> None:
    (code,) = [b for b in python_blocks() if "AutoTASO(" in b]
    namespace: dict = {}
    exec(compile(code, "README.md AutoTASO", "exec"), namespace)
    opt, epochs, loader = namespace["opt"], namespace["epochs"], namespace["loader"]
    report = opt.report()
    assert opt.current_step == report["total_steps"] == epochs * len(loader) and report["phase"] == "taso"
    assert report["groups"][0]["finding"]["reason"] == "minimum"
    assert namespace["accuracy"] > 0.95
    assert re.fullmatch(
        r"LR_I [0-9.e-]+ \(minimum\), train accuracy (0\.9\d\d|1\.000)\n", capsys.readouterr().out
    )
