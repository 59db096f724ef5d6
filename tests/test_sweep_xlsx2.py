"""Registers exported as xlsx as MIS and people really make them (sweep of 5 December
(third), "xlsx2"): each workbook built by hand with openpyxl, its XML edited where openpyxl
cannot write the case, the right answer worked out from DOMAIN.md by hand.  Either the
figures of the same register as a CSV, or one line naming the file, sheet, row or cell and
what would be valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_sweep_xlsx import _edit_zip, refusal, wide_book


def _no_calculation_asked(parts: dict[str, bytes]) -> None:
    """The workbook as a tool that writes no cached values and asks nothing of Excel saves
    it (SheetJS, R's writexl, a school's own script): no calculation chain, no
    ``fullCalcOnLoad``."""
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    parts.pop("xl/calcChain.xml", None)


def test_a_formula_with_no_value_is_refused_without_a_calculation_chain(tmp_path):
    # A1's Mon 07/09 AM mark is ="N" with no saved value, in a workbook with neither a
    # calculation chain nor a request to work formulas out on opening: read as a blank
    # cell, a missing mark, listed as such, where the CSV of the same register has N, an
    # unauthorised absence.  attcli cannot know what the cell shows: refused naming it.
    def edit(ws):
        ws["D3"] = '="N"'

    path = _edit_zip(wide_book(tmp_path / "script.xlsx", edit), _no_calculation_asked)
    assert refusal(path).startswith(
        f"{path}, row 3: cell D3 holds a formula (=\"N\") whose value was never worked out"
    )


def test_an_error_value_with_no_formula_is_refused_naming_the_cell(tmp_path):
    # #N/A pasted as a value over A1's Mon 07/09 PM mark (Paste Values of a failed
    # lookup): no formula is left, no calculation chain.  It was read as blank, a missing
    # mark, where the register holds a cell Excel could not work out.  Refused.
    def swap(parts):
        sheet = parts["xl/worksheets/sheet1.xml"]
        start = sheet.index(b'<c r="E3"')
        end = sheet.index(b"</c>", start) + 4
        parts["xl/worksheets/sheet1.xml"] = sheet[:start] + b'<c r="E3" t="e"><v>#N/A</v></c>' + sheet[end:]
        _no_calculation_asked(parts)

    path = _edit_zip(wide_book(tmp_path / "pasted.xlsx"), swap)
    assert refusal(path).startswith(
        f"{path}, row 3: cell E3 holds #N/A, the error Excel shows when a formula fails"
    )
