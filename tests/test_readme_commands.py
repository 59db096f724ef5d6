"""The README's commands on the shipped examples work on the day a reader runs them.

The tests pin "today" after the example school's term (conftest.py), so a README
command that only works from 18/12/2026 on (letters as of the example's last day,
dated "today", are refused before it: their figures would be of days still to come)
passed here while it failed for everyone following the README in December 2026.
Each README command that takes a register runs here with "today" the first day this
README had to hold (30/11/2026, when it was written) and the last of the example's
school year.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from clirun import run_cli

REPO = Path(__file__).resolve().parent.parent

def readme_commands() -> list[list[str]]:
    found = []
    for line in (REPO / "README.md").read_text("utf-8").splitlines():
        line = line.strip()
        if not line.startswith("attcli ") or "examples/exports/" not in line:
            continue
        found.append(shlex.split(line)[1:])
    return found


def test_the_readme_has_its_letters_commands() -> None:
    """(The extraction finds what it must: the first-day steps and the letters section.)"""
    letters = [c for c in readme_commands() if c[0] == "letters"]
    assert len(letters) >= 3 and any("--dry-run" in c for c in letters)


@pytest.mark.parametrize("today", ["2026-11-30", "2027-08-31"])
def test_every_readme_command_on_the_examples_works_from_the_day_it_was_written(
    today: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, today)
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    for name in ("attcli-history.sqlite3", "attcli-history.sqlite3.lock"):
        (tmp_path / "examples" / name).unlink(missing_ok=True)
    monkeypatch.chdir(tmp_path)
    for words in readme_commands():  # as written: each names the example's workspace
        code, out, err = run_cli(*words)
        assert code == 0, (today, " ".join(words), re.sub(r"\s+", " ", err)[-400:])


def first_day_commands() -> list[list[str]]:
    """The commands of the README's "Your first day", in order, as written (``init``
    first: its user-folder workspace is the one the later steps run in unless they say)."""
    text = (REPO / "README.md").read_text("utf-8")
    section = text.split("## Your first day", 1)[1].split("\n## ", 1)[0]
    found = []
    for line in section.splitlines():
        line = line.strip()
        if line.startswith("attcli "):
            found.append(shlex.split(line)[1:])
    return found


def test_the_readmes_first_day_runs_word_for_word_after_its_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Followed word for word (the user folder's workspace made by step 2's ``init``),
    each step runs: the example school's export lies in the example school's own
    workspace (examples/attcli.toml), which refuses it to the new school's run unless the
    command names that workspace (the README used to leave it out: the steps failed)."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-11-30")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    for name in ("attcli-history.sqlite3", "attcli-history.sqlite3.lock"):
        (tmp_path / "examples" / name).unlink(missing_ok=True)
    monkeypatch.chdir(tmp_path)
    steps = first_day_commands()
    assert steps[0][0] == "init" and len(steps) >= 4
    for words in steps:
        code, out, err = run_cli(*words)
        assert code == 0, (" ".join(words), re.sub(r"\s+", " ", err)[-400:])
