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


# ------------------------------------------------ N marks still within the days allowed
# The registers are hand made (tests/builders.py) from Monday 7 September 2026, as of Fri
# 18 September (tests/test_check_pn_n.py): week 1: 7 8 9 10 11, week 2: 14 15 16 17 18.


def test_one_n_mark_is_it_not_them() -> None:
    """"1 N mark still within the 5 school days allowed to resolve them: band amber rests
    on them" (a letters run's and the casebook's held reason, for a pupil with one N)."""
    from attcli.absence import fresh_n_text, n_marks_text

    assert fresh_n_text(1, n_days=5) == "1 N mark still within the 5 school days allowed to resolve it"
    assert fresh_n_text(2, n_days=5) == "2 N marks still within the 5 school days allowed to resolve them"
    assert n_marks_text(1, 0, "band amber", n_days=5) == (
        "1 N mark still within the 5 school days allowed to resolve it: band amber rests on it"
    )
    assert n_marks_text(1, 1, "band red", n_days=0) == (
        "1 N mark older than the day the school allows to resolve it: band red rests on it; "
        "find its reason and correct it in the MIS first"
    )


def _pn_reasons(tokens: dict[str, str], n_days: int | None) -> dict[str, str]:
    import datetime as dt

    from attcli.check import check_register
    from attcli.config import parse_config
    from builders import register
    from school import AUTUMN_HALF_TERMS

    text = AUTUMN_HALF_TERMS + (f"\n[thresholds]\nn_within_days = {n_days}\n" if n_days is not None else "")
    result = check_register(
        register(tokens, start=dt.date(2026, 9, 7)), parse_config(text), as_of=dt.date(2026, 9, 18)
    )
    return dict(result.members("pn").select("upn", "reason_pn").rows())


P = "/\\"
#: 14-18 Sep N, all 10 sessions: the threshold rests on the N still within the days allowed
ALLN = " ".join([P] * 5 + ["N"] * 5)
#: 8 O, then Fri 18 O (AM) and N (PM): 10, and 9 without the N: rests on that one
ONE_N = " ".join([P] * 5 + ["O"] * 4 + ["ON"])


@pytest.mark.parametrize(
    ("n_days", "tokens", "words"),
    [
        # Thu 17 and Fri 18's N: 1 school day old or less
        (1, ALLN, "; the threshold rests on the 4 still within the 1 school day allowed to resolve them"),
        # Fri 18's N alone (seed 004: the same working day)
        (0, ALLN, "; the threshold rests on the 2 still within the day the school allows to resolve them"),
        (None, ONE_N, "; the threshold rests on the 1 still within the 5 school days allowed to resolve it"),
    ],
)
def test_the_check_s_penalty_notice_reason_words_the_days_allowed_as_the_letters_do(
    n_days: int | None, tokens: str, words: str
) -> None:
    """The check's penalty-notice reason wrote its own "within the {n} school days allowed
    to resolve them": "the 0 school days" for seed 004's same day and "the 1 school days",
    which the letters' and the casebook's words (absence.fresh_n_text) had been mended of."""
    reason = _pn_reasons({"A": tokens}, n_days)["A"]
    assert reason.endswith(words), reason


def test_one_n_in_the_window_is_the_reason_to_find() -> None:
    reason = _pn_reasons({"A": ONE_N}, None)["A"]
    assert "; 1 of the 10 is N (reason not yet established): find the reason before a notice;" in reason


def test_one_missing_mark_is_it_not_them() -> None:
    from attcli.absence import missing_text

    assert missing_text(1, "this school year", "the praise letter", "counted as absence") == (
        "1 missing mark (no mark recorded) this school year: the praise letter rests on it "
        "(counted as absence); complete the register in the MIS first"
    )


def test_the_help_of_init_force_says_it_replaces_the_settings() -> None:
    """`attcli init --force` writes a fresh attcli.toml over the school's, its term dates
    and thresholds with it; its help said "Replace an existing output file.", the words
    of a command's -o file."""
    force = option_help(help_text("init"), "--force", "--help")
    assert "attcli.toml" in force and "output file" not in force, force


def test_every_key_of_the_cases_json_is_in_docs_cases(tmp_path, monkeypatch) -> None:
    """docs/cases.md's `--format json` gives `{...}` lacked each case's `before` and
    `since_stage` (the counts behind `before_pct` and `since_pct`), which a dashboard
    reading the doc would not know to use."""
    import json
    import shutil
    from pathlib import Path

    from attcli import clock

    repo = Path(__file__).resolve().parent.parent
    monkeypatch.setenv(clock.ENV_VAR, "2027-08-31")
    shutil.copytree(repo / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(
        "cases", "examples/exports/arbor_autumn_2026.csv",
        "examples/exports/weekly/arbor_2027-01-15.csv", "--config", "examples/attcli.toml",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    text = (repo / "docs" / "cases.md").read_text("utf-8")
    block = text.split("`--format json` gives\n`{", 1)[1].split("}`", 1)[0]
    named = set(re.findall(r'"([a-z_]+)"', block))
    case_keys = {k for c in doc["cases"] for k in c}
    assert set(doc) - named == set() and case_keys - named == set(), (set(doc) | case_keys) - named


def test_the_contacts_export_among_the_exports_names_every_command_taking_contacts(
    tmp_path,
) -> None:
    """The contacts export given as a register says "give it as --contacts (to letters,
    cme, la-return, register-check, evidence or pupil)": `pn record`, which needs it
    (the parent's contact id), was not named, though it is where an officer recording a
    notice puts the two files side by side."""
    from pathlib import Path

    contacts = Path(__file__).resolve().parent.parent / "examples" / "exports" / "contacts.csv"
    code, _, err = run_cli("check", contacts, width=400)
    assert code == 1
    named = err.split("give it as --contacts (to ", 1)[1].split(")", 1)[0]
    named_set = set(re.split(r", | or ", named))
    taking = {
        " ".join(path).removesuffix(" show")
        for path, cmd in commands()
        if any("--contacts" in getattr(p, "opts", ()) for p in getattr(cmd, "params", []))
        and any(getattr(p, "name", "") == "exports" for p in getattr(cmd, "params", []))
    }
    assert named_set == taking, (named_set, taking)
