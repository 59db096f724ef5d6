"""Options and paths as office staff type them (sweep of 3 December, options).

Each register is written by hand here; the expected answer is worked from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from clirun import run_cli

HEADER = "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"


def _export(path: Path, pupils: list[tuple[str, str, str, str]], days: int = 10) -> Path:
    """A long CSV: each pupil (UPN, surname, year as the export writes it, form) present
    every session of ``days`` school days from Monday 7 September 2026."""
    lines = [HEADER]
    day = dt.date(2026, 9, 7)
    n = 0
    while n < days:
        if day.weekday() < 5:
            for upn, surname, year, form in pupils:
                for session in ("AM", "PM"):
                    mark = "/" if session == "AM" else "\\"
                    lines.append(
                        f'{upn},{surname},Jo,{year},{form},01/10/2014,"{day:%a, %d %b %Y}",'
                        f"{session},{mark}"
                    )
            n += 1
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


REC, Y7 = "A123456789011", "A123456789012"


@pytest.mark.parametrize(
    ("typed", "upn"),
    [
        ("7", Y7),
        ("Year 7", Y7),
        ("year 7", Y7),
        ("Y7", Y7),
        ("Yr 7", Y7),
        ("07", Y7),
        ("NC Year 7", Y7),
        ("Reception", REC),  # as the export's own Year column writes it
        ("R", REC),
        ("YR", REC),
    ],
)
def test_year_group_option_reads_what_the_export_s_column_reads(tmp_path, typed, upn):
    """The export says "Reception" and "Year 7"; the loader reads "Reception", "YR", "Y7",
    "Yr 7", "NC Year 7" and "07" in the column as R and 7. ``--year-group`` took only "7",
    "Year 7" and "R": ``--year-group Reception`` (the word on the office's own screen) was
    refused with "no such year group in the data (found: 7, R)"."""
    export = _export(tmp_path / "e.csv", [(REC, "Lamb", "Reception", "RA"), (Y7, "Booth", "Year 7", "7A")])
    code, out, err = run_cli("check", export, "--year-group", typed, "-f", "json")
    assert code == 0, err
    assert [p["upn"] for p in json.loads(out)["pupils"]] == [upn]


def test_year_group_option_not_in_the_data_names_what_is(tmp_path):
    export = _export(tmp_path / "e.csv", [(REC, "Lamb", "Reception", "RA"), (Y7, "Booth", "Year 7", "7A")])
    for typed in ("Year 12", "Year Seven"):
        code, _, err = run_cli("check", export, "--year-group", typed)
        assert code == 1
        assert err.strip().splitlines()[-1] == (
            f"error: --year-group {typed!r}: no such year group in the data (found: 7, R)"
        )
