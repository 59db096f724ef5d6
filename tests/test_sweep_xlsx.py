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


def _edit_zip(path: Path, edit) -> Path:
    """Rewrite the workbook's parts: ``edit(parts)`` changes the dict of member -> bytes
    (what Excel writes that openpyxl cannot: a formula's saved value, the calculation
    chain)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    edit(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def test_a_mark_that_is_a_formula_never_worked_out_is_refused_naming_the_cell(tmp_path):
    # A register a script wrote (openpyxl) with A1's Mon 07/09 AM mark as ="N", never opened
    # in Excel: the workbook holds the formula and no value.  It was read as a blank cell:
    # A1's first session was outside their time on roll, 19 sessions where there are 20,
    # with nothing said.  attcli cannot know what the cell shows: refused naming it.
    def edit(ws):
        ws["D3"] = '="N"'

    path = wide_book(tmp_path / "formula.xlsx", edit)
    assert refusal(path) == (
        f"{path}, row 3: cell D3 holds a formula (=\"N\") whose value was never worked out (the "
        "workbook was written by a program and not opened and saved in Excel since), so "
        "attcli cannot know what it shows (column '2026-09-07 AM'). Open the workbook in "
        "Excel (or LibreOffice Calc) and save it, then give it again"
    )


def test_a_header_date_that_is_a_formula_never_worked_out_is_refused(tmp_path):
    # Tue 08/09's date as =DATE(2026,9,8), never worked out: the day's 4 marks were dropped
    def edit(ws):
        ws["F1"] = "=DATE(2026,9,8)"

    path = wide_book(tmp_path / "date.xlsx", edit)
    assert refusal(path).startswith(
        f"{path}, row 1: cell F1 holds a formula (=DATE(2026,9,8)) whose value was never "
        "worked out"
    )


def _excel_saved_with(cell: str, xml: bytes):
    """The parts as Excel saves a workbook with formulas: the cell's own XML, a
    calculation chain, and no request to work the formulas out on opening."""

    def edit(parts):
        sheet = parts["xl/worksheets/sheet1.xml"]
        start = sheet.index(f'<c r="{cell}"'.encode())
        end = sheet.index(b"</c>", start) + 4
        parts["xl/worksheets/sheet1.xml"] = sheet[:start] + xml + sheet[end:]
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
        parts["xl/calcChain.xml"] = (
            b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + f'<c r="{cell}" i="1"/></calcChain>'.encode()
        )

    return edit


def test_a_mark_excel_shows_as_an_error_is_refused_naming_the_cell(tmp_path):
    # A1's Mon 07/09 PM mark looked up from another sheet (=VLOOKUP(...)) that found
    # nothing: Excel saved #N/A.  It was read as a blank cell, a missing mark (19 possible
    # sessions), "the register was not completed", where the register has a cell Excel
    # could not work out.  Refused naming the cell and the error.
    path = _edit_zip(
        wide_book(tmp_path / "error.xlsx"),
        _excel_saved_with("E3", b'<c r="E3" t="e"><f>VLOOKUP(A3,Marks!A:C,3,FALSE)</f>'
                          b"<v>#N/A</v></c>"),  # fmt: skip
    )
    assert refusal(path) == (
        f"{path}, row 3: cell E3 holds #N/A, the error Excel shows when a formula fails "
        "(=VLOOKUP(A3,Marks!A:C,3,FALSE)), not a value attcli can read (column "
        "'2026-09-07 PM'). Put the right value in the cell in Excel (type the mark, or mend "
        "the formula) and save the workbook, or export the register again from your MIS"
    )


def test_an_error_or_formula_in_a_column_attcli_does_not_read_is_no_matter(tmp_path):
    # An "Attendance %" column of formulas beside the register (#DIV/0! for a pupil with
    # no sessions): not read, so the figures are the fortnight's as before.
    def edit(ws):
        ws["X1"] = "Attendance %"
        ws["X3"] = "=18/20"

    path = wide_book(tmp_path / "pct.xlsx", edit)
    assert counts(path) == {"A1": (20, 18), "A2": (20, 20)}
    path = _edit_zip(
        wide_book(tmp_path / "pct2.xlsx", edit),
        _excel_saved_with("X3", b'<c r="X3" t="e"><f>W3/0</f><v>#DIV/0!</v></c>'),
    )
    assert counts(path) == {"A1": (20, 18), "A2": (20, 20)}


@pytest.mark.parametrize(
    "label", ["%", "Attendance %", "% present", "Average", "Mean", "Present", "Total present"]
)
def test_a_percentage_row_under_the_totals_is_a_footer(tmp_path, label):
    # The office's sheet ends with a Total row (pupils present each session: 2, but 1 on
    # the Friday) and a row of percentages (100%, 50% on the Friday; as text, or as
    # numbers formatted 0%).  The Total row was skipped; the % row was read as a pupil
    # with the UPN '%' and refused "pupil has no name".  It is a footer: the figures are
    # the pupils' (20 sessions each; 18 and 20 present) and the row is listed.  So is a
    # row of averages or a count of pupils present ("Average", "Mean", "Present"; stop 51:
    # they were refused as pupils with no name).
    def edit(ws):
        ws.append(["Total", None, None, *([2] * 18 + [1, 1])])
        ws.append([label, None, None, *(["100%"] * 18 + ["50%"] * 2)])
        ws.append([label, None, None, *([1] * 18 + [0.5] * 2)])

    path = wide_book(tmp_path / "pct.xlsx", edit)
    result = load_registers([path])
    assert counts(path) == {"A1": (20, 18), "A2": (20, 20)}
    assert result.warnings == [
        f"{path}: row 5: footer row 'Total' skipped",
        f"{path}: row 6: footer row {label!r} skipped",
        f"{path}: row 7: footer row {label!r} skipped",
    ]


def test_group_heading_rows_between_the_year_groups_are_skipped_and_listed(tmp_path):
    # The office's sheet: a heading row 'Year 7' above its pupils, a blank row, 'Year 8'
    # above its own (a row of one cell, nothing else).  It was refused at 'Year 7' as a
    # pupil with that UPN and "no name".  A heading names a group, no pupil: skipped and
    # listed, and the pupils' figures are as by hand (20 sessions each, 18 and 20 present).
    a1, a2 = PUPILS
    rows = [("Year 7", None, None, []), a1, (None, None, None, []),
            ("Year 8", None, None, []), (a2[0], a2[1], "8", a2[3])]  # fmt: skip
    path = wide_book(tmp_path / "groups.xlsx", pupils=rows)
    result = load_registers([path])
    assert counts(path) == {"A1": (20, 18), "A2": (20, 20)}
    assert "row 3: group heading 'Year 7' skipped" in result.files[0].skipped
    assert "row 6: group heading 'Year 8' skipped" in result.files[0].skipped
    assert "1 blank row skipped (row 5)" in result.files[0].skipped
    assert result.register.filter(pl.col("upn") == "A2").get_column("year_group")[0] == "8"


def _mac_book(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904  # <workbookPr date1904="1">
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_mac_workbook_s_day_numbers_count_from_1904(tmp_path):
    # A long register saved by a Mac Excel in its 1904 date system, the date of birth and
    # the dates as numbers (format General).  Day 0 is 01/01/1904: 03/10/2014 is day 40453
    # and Mon 07/09/2026 day 44810.  Read from 1900's day 0 (30/12/1899: 1462 days
    # earlier) they were 02/10/2010, a child four years older (compulsory school age, the
    # LA file's date of birth), and Tue 06/09/2022.  Real date cells were right, and are.
    dob, day = dt.date(2014, 10, 3), DAYS[0]
    assert ((dob - dt.date(1904, 1, 1)).days, (day - dt.date(1904, 1, 1)).days) == (40453, 44810)
    header = ["UPN", "Surname", "Forename", "DOB", "Date", "Session", "Mark"]
    for kind, cell in (("number", lambda d: (d - dt.date(1904, 1, 1)).days), ("date", lambda d: d)):
        path = _mac_book(tmp_path / f"{kind}.xlsx", [
            header,
            ["A1", "Smith", "Ann", cell(dob), cell(day), "AM", "/"],
            ["A1", "Smith", "Ann", cell(dob), cell(day), "PM", "N"],
        ])  # fmt: skip
        reg = load_registers([path]).register
        assert reg.select("dob", "date", "session", "mark").rows() == [
            (dob, day, "AM", "/"),
            (dob, day, "PM", "N"),
        ]


def test_a_mac_workbook_s_header_of_day_numbers_is_refused(tmp_path):
    # The wide register's dates as numbers in a 1904 workbook: read in 1900's system, Mon
    # 07/09/2026 (44810) was Tue 06/09/2022 and the Friday a Saturday.  Said in one line.
    path = wide_book(tmp_path / "mac.xlsx", day_cell=lambda d: (d - dt.date(1904, 1, 1)).days)
    book = openpyxl.load_workbook(path)
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.save(path)
    assert refusal(path).startswith(
        f"{path}, row 1: the dates of the header are Excel day numbers, and the workbook "
        "counts its dates in Excel's 1904 date system"
    )


def test_a_header_whose_every_date_is_unread_is_said_so_not_called_a_pupil_list(tmp_path):
    # Every day typed 07.09.2026 over its AM and PM: no date was read, and the sheet was
    # refused as "a pupil list ... give it as --pupils", which it is not.  Said as a day
    # with no date is (the test above).
    path = wide_book(tmp_path / "dots.xlsx", day_cell=lambda d: d.strftime("%d.%m.%Y"))
    assert refusal(path).startswith(
        f"{path}, row 2: the sessions 'AM' and 'PM' of the first day have no date above "
        "them in row 1 (its cell reads '07.09.2026', not a date attcli reads)"
    )


def test_a_mark_formula_excel_worked_out_is_read_as_its_value(tmp_path):
    # ="N" in A1's Mon 07/09 AM, saved by Excel with its value N (and a calculation chain):
    # the value is the mark: A1 present 17 of 20 (N on Mon AM and on Fri), A2 20 of 20.  A
    # formula whose value is empty text (="" : t="str", an empty value) is a blank cell.
    path = _edit_zip(
        wide_book(tmp_path / "worked.xlsx"),
        _excel_saved_with("D3", b'<c r="D3" t="str"><f>"N"</f><v>N</v></c>'),
    )
    assert counts(path) == {"A1": (20, 17), "A2": (20, 20)}
    path = _edit_zip(
        wide_book(tmp_path / "empty.xlsx"),
        _excel_saved_with("E4", b'<c r="E4" t="str"><f>""</f><v></v></c>'),
    )
    reg = load_registers([path]).register
    pm = (pl.col("upn") == "A2") & (pl.col("date") == DAYS[0]) & (pl.col("session") == "PM")
    assert reg.filter(pm).select(pl.col("mark").cast(pl.String)).rows() == [("-",)]


@pytest.mark.parametrize("label", ["Totals", "Total", "%"])
def test_a_pair_of_totals_over_am_and_pm_is_still_not_read(tmp_path, label):
    # A register with a last pair of columns 'Totals' over AM and PM (the sessions each
    # pupil attended: 9 and 9, 10 and 10): no day, so not read, as before; the figures are
    # the fortnight's.
    def edit(ws):
        ws["X1"], ws["X2"], ws["Y2"] = label, "AM", "PM"
        ws["X3"], ws["Y3"], ws["X4"], ws["Y4"] = 9, 9, 10, 10

    path = wide_book(tmp_path / "totals.xlsx", edit)
    assert counts(path) == {"A1": (20, 18), "A2": (20, 20)}


def test_a_mac_workbook_pupil_list_s_day_numbers_count_from_1904(tmp_path):
    # The pupil list saved by a Mac Excel (1904 date system), its dates of birth, joining
    # and leaving dates as numbers (format General): 03/10/2014 is day 40453 from
    # 01/01/1904, joined Mon 07/09/2026 day 44810. Read from 1900's day 0 they were
    # 02/10/2010 and 06/09/2022, four years early, silently (the register's columns count
    # from 1904: the test above). Real date cells were right, and are.
    from attcli.loaders import read_pupil_list

    dob, joined = dt.date(2014, 10, 3), DAYS[0]
    header = ["UPN", "Surname", "Forename", "DOB", "Admission Date"]
    for kind, cell in (("number", lambda d: (d - dt.date(1904, 1, 1)).days), ("date", lambda d: d)):
        path = _mac_book(tmp_path / f"pupils-{kind}.xlsx", [
            header, ["A1", "Smith", "Ann", cell(dob), cell(joined)],
        ])  # fmt: skip
        got = read_pupil_list(path).pupils.select("dob", "joined").rows()
        assert got == [(dob, joined)], kind
