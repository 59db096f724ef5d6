"""What a person sees of the round's new outputs (sweep of 7 December (tenth), looks18).

Registers from Mon 7 Sep 2026, a token a school day (tests/builders.py).
"""

from __future__ import annotations

import io

from attcli.config import Config
from builders import register


def test_the_workbook_summary_shows_each_group_s_title_whole() -> None:
    # The Summary sheet's column A was 70 wide; the sickness group's title grew this round
    # to 87 characters ("Sickness (30+ illness sessions or 15+ school days missed, or a run
    # of 15+ school days)") and, its count in column B beside it, was cut in Excel at "a run
    # of 1".  Every title now fits its column (wrapped where the column stops growing).
    import openpyxl

    from attcli.check import check_register
    from attcli.report_check import to_xlsx

    reg = register({"ILL": " ".join(["I"] * 15 + ["/"] * 5), "OK": " ".join(["/"] * 20)})
    checked = check_register(reg, Config())
    buf = io.BytesIO()
    to_xlsx(checked, buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["Summary"]
    rows = [r for r in sheet.iter_rows(min_col=1, max_col=1) if r[0].value]
    head = next(i for i, r in enumerate(rows) if r[0].value == "Group")
    titles = [r[0] for r in rows[head + 1 :]]
    assert [c.value for c in titles][-1] == (
        "Sickness (30+ illness sessions or 15+ school days missed, or a run of 15+ school days)"
    )
    width = sheet.column_dimensions["A"].width
    cut = [c.value for c in titles if len(c.value) > width and not c.alignment.wrap_text]
    assert not cut, (width, cut)


def test_the_note_on_n_now_off_roll_says_the_leaving_date_plainly() -> None:
    # "(a leaving date set since before them)" read as "set since before them": the
    # leaving date was set since the check, and falls before the sessions.  Now "(the
    # pupil has since been given a leaving date before them)"; one session "before it".
    import datetime as dt
    from types import SimpleNamespace

    import polars as pl

    from attcli.check import since_run_notes

    snap = SimpleNamespace(as_of=dt.date(2026, 9, 11))
    none = pl.DataFrame()
    days = [dt.date(2026, 9, 10), dt.date(2026, 9, 10), dt.date(2026, 9, 11)]
    off = pl.DataFrame({"school": [None] * 3, "upn": ["C"] * 3, "date": days})
    _, notes = since_run_notes(snap, none, none, 0, (None, None), off)
    assert notes == [
        "3 N sessions on record in the check recorded as of 11/09/2026 are now outside the "
        "pupil's time on roll (the pupil has since been given a leaving date before them), "
        "e.g. C 10/09/2026 to 11/09/2026 (3 sessions): no mark to fix, but check the leaving "
        "date is right, and that a child absent without reason, then taken off roll, was "
        "deleted lawfully and the local authority told"
    ]
    _, notes = since_run_notes(snap, none, none, 0, (None, None), off.head(1))
    assert notes[0].startswith(
        "1 N session on record in the check recorded as of 11/09/2026 is now outside the "
        "pupil's time on roll (the pupil has since been given a leaving date before it), "
        "e.g. C 10/09/2026 (1 session): no mark to fix"
    ), notes


def test_the_workbook_summary_prints_whole_on_one_page_s_width() -> None:
    # Printed, the Summary (no page set-up: portrait, 100 %) put its labels on one page and
    # their values on the next, and a long note beside its label (the Data quality line, 122
    # characters here, in B, 14 wide) ran over the empty columns after C, outside what is
    # printed: cut on paper.  Now landscape, fitted to one page's width, and such a note
    # wrapped over B and C (14 + 18 = 32 wide), its row as tall as its lines: 122 characters
    # are 4 lines of 32 (3.8), 4 x 15 = 60 points.  A short value keeps its one cell.
    import openpyxl

    from attcli.check import check_register
    from attcli.report_check import to_xlsx

    reg = register({"N3": " ".join(["N"] * 3 + ["/"] * 17), "OK": " ".join(["/"] * 20)})
    buf = io.BytesIO()
    to_xlsx(check_register(reg, Config()), buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["Summary"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Data quality")
    note = sheet.cell(row, 2)
    assert note.value == (
        "6 problems in the register to fix in the MIS (6 N codes older than 5 school days): "
        "each is a row of the Data quality sheet"
    )
    assert len(note.value) == 122
    assert f"B{row}:C{row}" in [str(r) for r in sheet.merged_cells.ranges]
    assert note.alignment.wrap_text and note.alignment.vertical == "top"
    assert sheet.row_dimensions[row].height == 60
    pupils = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Pupils")
    assert sheet.cell(pupils, 2).value == 2
    assert f"B{pupils}:C{pupils}" not in [str(r) for r in sheet.merged_cells.ranges]
    assert sheet.row_dimensions[pupils].height is None
