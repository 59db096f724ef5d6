"""Sweep "help" (5 December, second): every command's --help says what the command does,
and the command does what its help says.

The register: autumn 2026 from Monday 7 September, 10 school days to Friday 18 September;
A present throughout, P absent (O) every afternoon: 10 of 20 sessions, exactly 50.00%.
"""

from __future__ import annotations

from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

DAYS = 10  # Monday 7 to Friday 18 September 2026


def _school(tmp_path: Path) -> tuple[Path, Path]:
    """(the export, the config) of A (present) and P (absent every afternoon)."""
    reg = register({"A": " ".join(["/\\"] * DAYS), "P": " ".join(["/O"] * DAYS)})
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    return export, make_workspace(tmp_path / "ws")


def _said(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------- attcli pupil UPN EXPORT...


def test_the_pupil_shorthand_takes_its_options_before_the_upn_too(tmp_path: Path) -> None:
    """`attcli pupil --help` says "attcli pupil UPN EXPORT... shows their record (the same
    as attcli pupil show UPN EXPORT...); --pdf FILE writes their attendance certificate".
    Every other command takes its options anywhere on the line, so `attcli pupil --pdf
    cert.pdf P autumn.csv` (and --as-of, -c, before the UPN) must be the same as with the
    options after the exports: it was "No such option: --pdf; see `attcli pupil --help`",
    of the option that help names."""
    export, config = _school(tmp_path)
    code, after, err = run_cli("pupil", "P", export, "-c", config, "--as-of", "2026-09-11")
    assert code == 0, err
    assert "50.0%" in after  # 5 of 10 sessions to Friday 11 September
    code, before, err = run_cli("pupil", "-c", config, "--as-of", "2026-09-11", "P", export)
    assert code == 0, err
    assert before == after
    cert = tmp_path / "cert.pdf"
    code, _, err = run_cli("pupil", "--pdf", cert, "-c", config, "P", export)
    assert code == 0, err
    assert cert.read_bytes().startswith(b"%PDF")
    # the group's own --help is still the group's (its commands listed), and an option no
    # command has is refused naming the command that would take it
    code, out, _ = run_cli("pupil", "--help", width=80)
    assert code == 0 and "merge" in out and "show" in out
    code, _, err = run_cli("pupil", "--bogus", "P", export)
    assert code != 0 and "--bogus" in err and "Traceback" not in err


# ------------------------------------------------------------------ help at 80 columns


def test_no_option_s_help_shows_the_option_checker_s_own_words() -> None:
    """`attcli cme --help` gave --days's value as "int range [x>=1]", Typer's words for an
    option with a minimum, where every other option names its value as the office would
    (DATE, FILE, WEEKS: `cases --weeks` was fixed for this at stop 50).  At 80 columns no
    command's help shows Typer's own type names."""
    from test_sweep_docs import commands

    shown = []
    for path, _ in commands():
        code, out, _ = run_cli(*path, "--help", width=80)
        assert code == 0
        for word in ("int range", "float range", "INTEGER", "FLOAT", "BOOLEAN", " PATH "):
            if word in out:
                shown.append((" ".join(path), word))
    assert shown == []
    code, out, _ = run_cli("cme", "--help", width=80)
    assert "--days" in out and "DAYS" in out


def test_the_help_of_pn_next_parent_is_of_a_notice_not_yet_issued() -> None:
    """`attcli pn next --help` shared `pn record`'s --parent: "The parent the notice was
    issued to", of a notice that `pn next` asks about before it is issued.  Without
    --contacts the parent is found by the names of the notices on record."""
    code, out, _ = run_cli("pn", "next", "--help", width=80)
    assert code == 0
    text = _said(out.replace("│", " "))
    assert "was issued to" not in text
    assert "The parent the next notice would be to" in text
    code, out, _ = run_cli("pn", "record", "--help", width=80)
    assert "The parent the notice was issued to" in _said(out.replace("│", " "))
