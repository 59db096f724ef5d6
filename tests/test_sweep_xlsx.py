"""Registers saved as real Excel workbooks by real office staff (sweep of 4 December,
"xlsx"): each workbook built by hand with openpyxl (or its XML edited where openpyxl cannot
write the case), its right answer worked out from DOMAIN.md by hand.  Either the right
figures, or one line naming the file, sheet, cell or row and what would be valid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers
from builders import school_days

DAYS = school_days(dt.date(2026, 9, 7), 10)  # Mon 07/09 - Fri 18/09/2026
#: two pupils, a fortnight: A1 present but for N N on Fri 18/09, A2 present throughout
PUPILS = [
    ("A1", "Smith, Ann", "7", list("/\\" * 9 + "NN")),
    ("A2", "Jones, Bob", "7", list("/\\" * 10)),
]


def wide_book(path: Path, edit=None, *, day_cell=lambda d: d, pupils=PUPILS) -> Path:
    """A wide register of two header rows: each day's date (a real Excel date) merged over
    its AM and PM, then the pupils.  ``edit(ws)`` changes the sheet before it is saved."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Name", "Year", *[x for d in DAYS for x in (day_cell(d), None)]])
    ws.append([None, None, None, *["AM", "PM"] * len(DAYS)])
    for i in range(len(DAYS)):
        ws.merge_cells(start_row=1, start_column=4 + 2 * i, end_row=1, end_column=5 + 2 * i)
    for upn, name, year, marks in pupils:
        ws.append([upn, name, year, *marks])
    if edit is not None:
        edit(ws)
    wb.save(path)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_registers([path])
    return str(info.value)


def counts(path: Path) -> dict[str, tuple[int, int]]:
    """Per pupil: (sessions read, marks that are present or late)."""
    reg = load_registers([path]).register
    out = reg.group_by("upn").agg(
        pl.len().alias("n"), pl.col("mark").cast(pl.String).is_in(["/", "\\"]).sum().alias("p")
    )
    return {u: (n, p) for u, n, p in out.sort("upn").rows()}


def test_the_whole_fortnight_is_read(tmp_path):
    # 10 days x 2 sessions = 20 sessions each; A1 present 18 (N N on the Friday), A2 20
    assert counts(wide_book(tmp_path / "ok.xlsx")) == {"A1": (20, 18), "A2": (20, 20)}


@pytest.mark.parametrize("above", [None, "08.09.2026", "Tuesday 08 September", "Tue 8th Sept"])
def test_am_and_pm_under_no_date_attcli_reads_are_refused_naming_the_cell(tmp_path, above):
    # Tue 08/09's date cell (F1, merged over F and G) left empty or typed in a way attcli
    # does not read: its AM and PM columns were "columns not used" and the day's 4 marks
    # (2 pupils x AM/PM, all present) were dropped with nothing said: 18 sessions a pupil
    # where there are 20.  attcli cannot know the day: refused naming the cell.
    def edit(ws):
        ws["F1"] = above

    path = wide_book(tmp_path / "undated.xlsx", edit)
    text = refusal(path)
    said = "its cell is empty" if above is None else f"its cell reads {above!r}"
    assert text.startswith(
        f"{path}, row 2: the sessions 'AM' and 'PM' after those of '2026-09-07 PM' have no "
        f"date above them in row 1 ({said}"
    )
    assert "DD/MM/YYYY" in text
