"""The README and docs/ true on a fresh clone, and each command's --help in an 80-column
terminal saying what the command does (docs2 sweep of 5 December, sixth).
"""

from __future__ import annotations

import re

import pytest

from clirun import run_cli
from test_sweep_docs import commands


def help_text(*words: str) -> str:
    code, out, _ = run_cli(*words, "--help", width=80)
    assert code == 0, words
    return out


def option_help(out: str, option: str, until: str) -> str:
    """The help of ``option`` in a --help table, its box and wrapping taken out."""
    text = out.split(option, 1)[1].split(until, 1)[0]
    return " ".join(re.sub(r"[│╭╰─╮╯]", " ", text).split())


@pytest.mark.parametrize(
    "words", [path for path, cmd in commands() if path and not hasattr(cmd, "commands")],
    ids=" ".join,
)
def test_no_usage_line_brackets_an_argument_twice(words: tuple[str, ...]) -> None:
    """`attcli pupil forget --help` said `Usage: attcli pupil forget [OPTIONS]
    [[UPN]...]`: its metavar had its own brackets and Typer adds a pair for an optional
    argument (the docs sweep mended `case record` and `case list`, not this one)."""
    usage = next(line for line in help_text(*words).splitlines() if "Usage:" in line)
    assert "[[" not in usage and "]]" not in usage, usage


def test_the_usage_of_pupil_forget_gives_its_upns_as_optional_and_many() -> None:
    usage = next(line for line in help_text("pupil", "forget").splitlines() if "Usage:" in line)
    assert "attcli pupil forget [OPTIONS] [UPN...]" in usage, usage


def test_the_help_of_pupil_forget_force_names_this_school_year_s_records() -> None:
    """`pupil forget` refuses a pupil with a record of this school year (a leaver's CME
    referral may rest on it) until --force, as docs/letters.md says; the option's help
    named only a notice that still counts and an open case, so an officer refused for a
    letter of this year read --help and found nothing that applied."""
    force = option_help(help_text("pupil", "forget"), "--force", "--school")
    assert "this school year" in force and "open case" in force and "3 years" in force, force


def test_the_help_of_evidence_output_says_the_pdf_needs_a_file(tmp_path) -> None:
    """`attcli evidence ... ` without -o is refused ("give the pack's file name, -o
    FILE.pdf"): its --output help said "Write to this file instead of the screen", as if
    the pack could go to the screen."""
    out = option_help(help_text("evidence"), "--output", "--force")
    assert "screen" not in out.split("json", 1)[0] and ".pdf" in out, out


def test_the_readme_s_by_list_is_every_command_taking_by() -> None:
    """README's "Each record keeps who made it: `--by NAME` (...)" left out `pupil forget`,
    whose audit row keeps who deleted the records."""
    from pathlib import Path

    text = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8").split())
    listed = set(re.findall(r"`([a-z]+ [a-z]+)`", text.split("`--by NAME` (", 1)[1].split(";", 1)[0]))
    taking = {
        " ".join(path) for path, cmd in commands()
        if any("--by" in getattr(p, "opts", ()) for p in getattr(cmd, "params", []))
    }  # fmt: skip
    assert listed == taking


@pytest.mark.parametrize("left", ["name", "urn"])
def test_a_summary_from_an_init_workspace_not_filled_in_says_fill_in_not_missing(
    tmp_path, left: str
) -> None:
    """`attcli init` with no details writes `name = "FILL IN: school name"`; `attcli
    summary` then said "config key 'school.name': missing", though the key is there:
    the officer looked for a missing line. It says the value still says FILL IN, as
    letters and pn record do."""
    from pathlib import Path

    examples = Path(__file__).resolve().parent.parent / "examples"
    given = {"name": ["--school", "Oakfield Academy"], "urn": ["--urn", "123456"]}
    other = given["urn" if left == "name" else "name"]
    code, _, err = run_cli("init", tmp_path / "ws", *other)
    assert code == 0, err
    code, _, err = run_cli(
        "summary", examples / "exports" / "arbor_autumn_2026.csv", "--workspace",
        tmp_path / "ws", "-o", tmp_path / "s.json",
    )  # fmt: skip
    assert code == 1
    line = next(x for x in err.splitlines() if x.startswith("error:"))
    assert f"school.{left}" in line and "FILL IN" in line and "missing" not in line, line
