"""The error paths in office hands (sweep of 4 December, errors).

What an office user types wrong, in an option or in attcli.toml, is refused in one line
naming the value and what would be valid, exit 1, never a traceback (exit 70) and never
taken without a word.  The register here is written by hand: three pupils, four school
weeks from Monday 7 September 2026."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clirun import run_cli

HEADER = "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"
PUPILS = (
    ("A123456789011", "Smith", "Year 7", "7A"),
    ("A123456789012", "Jones", "Year 8", "8A"),
    ("B123456789013", "Brown", "Year 9", "9A"),
)


def _export(path: Path, days: int = 20) -> Path:
    """A long CSV: every pupil present every session of ``days`` school days from Monday
    7 September 2026, but Brown, unauthorised (O) all day every other day."""
    lines = [HEADER]
    day, n = dt.date(2026, 9, 7), 0
    while n < days:
        if day.weekday() < 5:
            for i, (upn, surname, year, form) in enumerate(PUPILS):
                for session in ("AM", "PM"):
                    mark = "/" if session == "AM" else "\\"
                    if i == 2 and n % 2 == 0:
                        mark = "O"
                    lines.append(
                        f'{upn},{surname},Jo,{year},{form},01/10/2012,"{day:%a, %d %b %Y}",'
                        f"{session},{mark}"
                    )
            n += 1
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _school(tmp_path: Path, config: str = "") -> tuple[Path, Path]:
    """(workspace, export): a workspace whose attcli.toml names the school, then ``config``."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_text('[school]\nname = "Oak School"\n' + config, encoding="utf-8")
    return ws, _export(tmp_path / "export.csv")


# ---------------------------------------------------------------- nan and inf in attcli.toml


@pytest.mark.parametrize(
    ("section", "key", "value", "valid"),
    [
        ("letters", "hold_share", "nan", "expected a percentage from 0 to 100 such as 50"),
        ("letters", "hold_share", "inf", "expected a percentage from 0 to 100 such as 50"),
        ("letters", "hold_share", "-inf", "expected a percentage from 0 to 100 such as 50"),
        ("report", "target", "nan", "expected a percentage such as 93.1"),
        ("report", "target", "-inf", "expected a percentage such as 93.1"),
        ("report.national", "attendance_pct", "nan", "expected a percentage such as 93.1"),
        ("report.national", "pa_rate", "inf", "expected a percentage such as 93.1"),
    ],
)
def test_nan_or_inf_for_a_percentage_is_refused_in_one_line(
    tmp_path: Path, section: str, key: str, value: str, valid: str
) -> None:
    """TOML reads ``nan`` and ``inf`` as numbers; ``hold_share = nan`` or ``target = inf``
    (a slip, or a value pasted from a spreadsheet's error cell) stopped every command with
    "attcli failed unexpectedly (ValueError: Invalid literal for Fraction: 'nan')", exit 70."""
    extra = 'source = "DfE"\n' if section == "report.national" else ""
    ws, export = _school(tmp_path, f"[{section}]\n{extra}{key} = {value}\n")
    code, out, err = run_cli("--workspace", ws, "check", export)
    assert (code, out) == (1, ""), err
    assert err == (
        f"error: {ws / 'attcli.toml'}: config key '{section}.{key}': {valid}, got "
        f"{float(value)!r}\n"
    )
