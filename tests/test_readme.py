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


# ----------------------------------------------------------------------------- the docs' markdown
DOCS = [ROOT / "README.md", ROOT / "docs" / "autotaso.md", ROOT / "docs" / "results" / "README.md"]


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_table_has_a_header_row_and_a_separator(page: Path) -> None:
    """A markdown table without its header and ``|---|`` rows renders as plain text (the README's
    AutoTASO table once lost both): every block of table rows starts with a header, then a
    separator with as many cells."""
    lines = page.read_text(encoding="utf-8").splitlines()
    in_code = False
    starts = []
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("|") and not (i and lines[i - 1].startswith("|")):
            starts.append(i)
    assert starts, f"{page.name}: no table found"
    for i in starts:
        header, sep = lines[i], lines[i + 1] if i + 1 < len(lines) else ""
        assert re.fullmatch(r"\|(\s*:?-{3,}:?\s*\|)+", sep), (
            f"{page.name}:{i + 1}: table without a separator row"
        )
        assert header.count("|") == sep.count("|"), f"{page.name}:{i + 1}: header and separator differ"


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    """Links between the README, ``docs/autotaso.md`` and the result files point at files that
    exist and at headings that exist (the AutoTASO evidence moved from the README to its own page)."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links, f"{page.name}: no link found"
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.exists(), f"{page.name}: link to a missing file: {link}"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", target.read_text(encoding="utf-8"), flags=re.M)
            assert anchor in {_anchor(h) for h in headings}, f"{page.name}: no heading for {link}"
