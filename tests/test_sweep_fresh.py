"""The README and docs/, followed word for word on a fresh clone by a school office
(sweep of 5 December (third), fresh): docs/decisions.md, "The README and docs/ in real
hands on a fresh clone"."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from clirun import run_cli

REPO = Path(__file__).resolve().parent.parent


def readme_example_commands() -> list[list[str]]:
    """Every command of the README's code blocks that runs on the shipped examples, as
    written (a ``$ `` prompt taken off), with whether the README quotes it failing."""
    found, inside = [], False
    for line in (REPO / "README.md").read_text("utf-8").splitlines():
        if line.strip().startswith("```"):
            inside = not inside
            continue
        line = line.strip().removeprefix("$ ")
        if inside and line.startswith("attcli ") and "examples/exports/" in line:
            found.append(shlex.split(line)[1:])
    return found


def test_every_readme_example_runs_after_the_first_days_init(tmp_path, monkeypatch) -> None:
    """Someone who followed "Your first day" has their own school's workspace in the user
    folder (step 2's ``attcli init``). Every later README command on the example school
    must still run, so it names the example's workspace: the cme example left out
    ``--config examples/attcli.toml`` and was refused ("lies in the workspace ...
    examples (Oakfield Academy ...), not this run's (Riverside Primary School ...)")."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-12-05")  # the day this sweep ran them
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    for name in ("attcli-history.sqlite3", "attcli-history.sqlite3.lock"):
        (tmp_path / "examples" / name).unlink(missing_ok=True)
    monkeypatch.chdir(tmp_path)
    text = (REPO / "README.md").read_text("utf-8")
    init = next(
        shlex.split(line.strip())[1:]
        for line in text.split("## Your first day", 1)[1].splitlines()
        if line.strip().startswith("attcli init ")
    )
    assert run_cli(*init)[0] == 0
    commands = readme_example_commands()
    assert any(c[0] == "cme" for c in commands) and len(commands) >= 15
    for words in commands:
        quoted_error = any(w.startswith("31/13") for w in words)  # the README's bad date
        code, out, err = run_cli(*words)
        assert code == (1 if quoted_error else 0), (" ".join(words), re.sub(r"\s+", " ", err)[-300:])
        assert "lies in the workspace" not in err
