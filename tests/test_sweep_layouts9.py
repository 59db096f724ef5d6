"""Sweep of 7 December, layouts9: what a sheet's name tells of its pupils in a workbook a
group a sheet: a year group ("Year 7", "Reception"), a reception class ("RB"), a primary
class named by a word ("Oak"); and what it must not ("Autumn", "Boys", a week's sheets).

Each file is built by hand, small, its answer worked out by hand from DOMAIN.md (sections
1, 2 and 12): every pupil present every session of the days given, so only the labels
(year group, form) and the notes are in question.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers, sheet_form, sheet_year
from test_sweep_layouts6 import _DAYS


def _book(
    path: Path, sheets: dict[str, list[tuple[int, str | None]]], column: str | None = None
) -> Path:
    """A sheet a name of ``sheets``, each pupil ``(i, value)`` (UPN A1000000000i) present
    both sessions of Mon 7 to Fri 11 Sep 2026 (10 sessions); with ``column``, that column
    holding each pupil's ``value`` (a year group or a form)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, pupils in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(
            ["UPN", "Surname", "Forename", *([column] if column else []), "Date", "Session", "Mark"]
        )
        for i, value in pupils:
            for d in _DAYS[:5]:
                for session, mark in (("AM", "/"), ("PM", "\\")):
                    cells = [f"A1000000000{i}", f"P{i}", f"K{i}", *([value] if column else [])]
                    sheet.append([*cells, f"{d:%d/%m/%Y}", session, mark])
    book.save(path)
    return path


def _said(result) -> str:
    return " ".join(" ".join(result.warnings).split())


def _of(result, field: str) -> dict[str, set]:
    """Each pupil's values of ``field`` over their rows (one each, where all is right)."""
    rows = result.register.select("upn", pl.col(field).cast(pl.String)).unique()
    out: dict[str, set] = {}
    for upn, value in rows.iter_rows():
        out.setdefault(upn, set()).add(value)
    return out


def test_a_sheet_named_as_a_year_group_gives_its_pupils_that_year() -> None:
    """Names that are a year group and nothing else; a form's code, a week, a bare number
    or a letter are none (never a year guessed from a name that is not one)."""
    for name, year in [("Year 7", "7"), ("Yr 10", "10"), ("Y8", "8"), ("NC Year 9", "9"),
                       ("Reception", "R"), ("Year R", "R"), ("Year 7 - 7B", "7"),
                       ("Year R - RB", "R"), ("Reception - RH", "R")]:  # fmt: skip
        assert sheet_year(name) == year, name
    assert sheet_form("Reception - RH") == "RH" and sheet_form("Year 7 - RB") is None
    for name in [
        "7A",
        "7",
        "R",
        "RB",
        "Week 7",
        "Sheet7",
        "Year 7 - Week 1",
        "Year 8 - 7B",
        "Oak",
        "N1",
        "Year R - 7B",
        "Reception Notes",
    ]:
        assert sheet_year(name) is None, name


def test_a_workbook_a_year_group_a_sheet_gives_each_pupil_its_sheet_s_year(tmp_path: Path) -> None:
    """Sheets "Year 7", "Year 8", "Reception", a form column but no year column: every
    pupil's year group was unknown.  Now each is its sheet's (A1, A2 Year 7; A3 Year 8; A4
    Reception), said in one note; the forms stay the rows' own."""
    path = _book(tmp_path / "years.xlsx", {
        "Year 7": [(1, "7A"), (2, "7B")], "Year 8": [(3, "8C")], "Reception": [(4, "RB")],
    }, "Reg Group")  # fmt: skip
    result = load_registers([path])
    assert _of(result, "year_group") == {
        "A10000000001": {"7"}, "A10000000002": {"7"}, "A10000000003": {"8"}, "A10000000004": {"R"},
    }  # fmt: skip
    assert _of(result, "reg_group")["A10000000004"] == {"RB"}
    said = _said(result)
    assert (
        "the rows have no year group column, so each sheet named as a year group gives its "
        "pupils that year: 'Year 7' as Year 7, 'Year 8' as Year 8, 'Reception' as Reception"
    ) in said
    assert "(one register saved with a sheet for each year group)" in said
    assert result.register.height == 40


def test_a_year_group_sheet_holding_another_year_s_pupil_is_refused_and_a_blank_year_read(
    tmp_path: Path,
) -> None:
    """With a year column, a sheet named "Year 7" holding a Year 8 pupil is refused in one
    line naming the sheet, the row and the year; a blank year cell in it is Year 7, said."""
    with pytest.raises(InputError) as info:
        load_registers([_book(tmp_path / "a.xlsx", {"Year 7": [(1, "7"), (2, "Year 8")],
                                                     "Year 8": [(3, "8")]}, "Year")])  # fmt: skip
    text = str(info.value)
    assert "sheet 'Year 7' holds a pupil of year group 'Year 8'" in text
    # (the first sheet named too, as the others are: "a.xlsx, row 12" named none)
    assert "a.xlsx, sheet 'Year 7', row 12" in text and "\n" not in text.strip()
    import openpyxl

    path = _book(
        tmp_path / "b.xlsx", {"Year 7": [(1, "7"), (2, "7")], "Year 8": [(3, "8")]}, "Year"
    )
    book = openpyxl.load_workbook(path)
    for row in range(12, 22):
        book["Year 7"].cell(row, 4).value = None  # (A2's year cells blank)
    book.save(path)
    result = load_registers([path])
    assert _of(result, "year_group")["A10000000002"] == {"7"}
    assert (
        "pupils whose year group cell is blank read as in their sheet's year group: 1 in "
        "sheet 'Year 7' as Year 7"
    ) in _said(result)


def test_reception_classes_and_classes_named_by_a_word_are_read_as_forms(tmp_path: Path) -> None:
    """A primary's sheets "RB", "RH" (reception classes) and "Oak", "Willow" (classes named
    by a tree), no form column: each sheet is its pupils' form; no year is guessed from
    them (A1's year unknown)."""
    for name in ["RB", "R1", "Oak", "Willow"]:
        assert sheet_form(name, words=True) == name
    assert sheet_form("Oak Class") == "Oak" and sheet_form("Whole Class") is None
    path = _book(tmp_path / "classes.xlsx", {
        "RB": [(1, None)], "RH": [(2, None)], "Oak": [(3, None)], "Willow": [(4, None)],
    })  # fmt: skip
    result = load_registers([path])
    assert _of(result, "reg_group") == {
        "A10000000001": {"RB"}, "A10000000002": {"RH"}, "A10000000003": {"Oak"},
        "A10000000004": {"Willow"},
    }  # fmt: skip
    assert _of(result, "year_group")["A10000000001"] == {None}
    assert "pupils' form: 'RB', 'RH', 'Oak', 'Willow'" in _said(result)
    # with a form column the rows' forms stand: a word is no certain form, so an "Oak"
    # sheet neither refuses its "Ash" pupil nor fills a blank form cell
    import openpyxl

    path = _book(
        tmp_path / "column.xlsx",
        {"Oak": [(1, "Ash"), (2, "Ash")], "Willow": [(3, "Willow")]},
        "Class",
    )
    book = openpyxl.load_workbook(path)
    for row in range(12, 22):
        book["Oak"].cell(row, 4).value = None
    book.save(path)
    forms = _of(load_registers([path]), "reg_group")
    assert forms["A10000000001"] == {"Ash"} and forms["A10000000002"] == {None}


def test_word_sheets_that_are_no_class_are_not_read_as_forms(tmp_path: Path) -> None:
    """Sheets named by a word that is a term, a pupil group or a sheet's own name ("Autumn",
    "Spring"; "Boys", "Girls"; "Oak" beside "Summary"), no form column: no form is read
    from them (they cannot be told from classes by shape alone), as before, and the note
    says the sheets' names are not read as forms."""
    for n, sheets in enumerate((
        {"Autumn": [(1, None)], "Spring": [(2, None)]},
        {"Boys": [(1, None)], "Girls": [(2, None)]},
        {"Oak": [(1, None)], "Summary": [(2, None)]},
    )):  # fmt: skip
        assert sheet_form(next(iter(sheets))) is None
        result = load_registers([_book(tmp_path / f"{n}.xlsx", sheets)])
        assert _of(result, "reg_group") == {"A10000000001": {None}, "A10000000002": {None}}
        said = _said(result)
        assert "pupils' form:" not in said and "(one register saved in parts, a sheet each)" in said


def _power_bi(path: Path) -> Path:
    """Arbor's Power BI connector's ATTENDANCE dataset as its help page lays it out
    (STUDENT_ID, APPLICATION_ID, RAW_MARK, MARK_CODE, MINUTES_LATE, PERIOD, DATE, IS_...):
    a row a roll call, PERIOD MORNING or AFTERNOON, DATE ISO.  Student 1234 present Mon 7
    to Fri 11 Sep 2026; 1235 too but N both sessions of Wed 9 Sep."""
    import datetime as dt

    rows = ["STUDENT_ID,APPLICATION_ID,RAW_MARK,MARK_CODE,MINUTES_LATE,PERIOD,DATE,IS_PRESENT,"
            "IS_AUTHORIZED_ABSENT,IS_UNAUTHORIZED_ABSENT,IS_POSSIBLE_ATTENDANCE"]  # fmt: skip
    for sid in (1234, 1235):
        for d in (dt.date(2026, 9, 7) + dt.timedelta(n) for n in range(5)):
            for period, mark, code in (
                ("MORNING", "/", "PRESENT_AM"),
                ("AFTERNOON", "\\", "PRESENT_PM"),
            ):
                if sid == 1235 and d.day == 9:
                    mark, code, flags = "N", "NO_REASON_YET", "FALSE,FALSE,TRUE,TRUE"
                else:
                    flags = "TRUE,FALSE,FALSE,TRUE"
                rows.append(f"{sid},uk_swd_137264,{mark},{code},,{period},{d.isoformat()},{flags}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_arbor_s_power_bi_attendance_dataset_is_read_as_a_register_of_roll_calls(
    tmp_path: Path,
) -> None:
    """Refused as "a per-pupil attendance summary (columns 'IS_PRESENT', ...)": its RAW_MARK
    and PERIOD were no mark's or session's header.  Now read, a row a session, keyed by
    Arbor's student id (said): 1234 10 of 10 attended, 1235 8 of 10 and 2 unauthorised.  A
    lesson register's "Period" (P1, P2) is still no session: refused as before."""
    result = load_registers([_power_bi(tmp_path / "attendance.csv")])
    assert result.keyed_by == "mis_id"
    counts = (
        result.register.group_by("upn", pl.col("category").cast(pl.String))
        .len()
        .sort("upn", "category")
        .rows()
    )
    assert [(str(u), c, n) for u, c, n in counts] == [
        ("1234", "present", 10), ("1235", "present", 8), ("1235", "unauthorised", 2),
    ]  # fmt: skip
    assert "pupils are identified by their MIS id (column 'STUDENT_ID')" in _said(result)
    lesson = tmp_path / "lesson.csv"
    lesson.write_text(
        "UPN,Surname,Forename,Date,Period,Mark\nA100000000001,P1,K1,07/09/2026,P1,/\n"
    )
    with pytest.raises(InputError, match="missing session"):
        load_registers([lesson])


def test_a_power_bi_dataset_of_two_arbor_sites_keyed_by_student_id_is_refused(
    tmp_path: Path,
) -> None:
    """APPLICATION_ID "can be concatenated with STUDENT_ID to get a unique value across MAT
    data": a trust's dataset of two sites may hold two children under one STUDENT_ID, so
    it is refused in one line naming the column and the sites, never read as one pupil."""
    path = _power_bi(tmp_path / "trust.csv")
    path.write_text(path.read_text().replace("1235,uk_swd_137264", "1235,uk_swd_200001"))
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert (
        "the rows are of 2 MIS sites (column 'APPLICATION_ID': 'uk_swd_137264', "
        "'uk_swd_200001'), and the pupils are keyed by 'STUDENT_ID'"
    ) in text
    assert "\n" not in text
    one, other = tmp_path / "a.csv", tmp_path / "b.csv"
    one.write_text(_power_bi(tmp_path / "x.csv").read_text())
    other.write_text(one.read_text().replace("uk_swd_137264", "uk_swd_200001"))
    with pytest.raises(
        InputError, match="are of two MIS sites .'uk_swd_137264' and 'uk_swd_200001'."
    ):
        load_registers([one, other])


def test_the_pupil_record_names_a_form_with_no_year_as_a_form_not_a_year(tmp_path: Path) -> None:
    """A pupil whose form comes from a sheet ("Oak", "RB") and whose year is unknown: the
    record's head read "K3 P3  UPN A10000000003  Year Oak", a year that is no year.  Now
    "Oak" alone, as check's lines give it ("7A" without a year); a year and form still
    read "Year 7 7A"."""
    from clirun import run_cli

    example_config = tmp_path / "attcli.toml"
    example_config.write_text('[school]\nname = "Ash Primary School"\n', encoding="utf-8")
    path = _book(tmp_path / "classes.xlsx", {"RB": [(1, None)], "Oak": [(3, None)]})
    code, out, err = run_cli("pupil", "A10000000003", path, "-c", example_config, width=80)
    assert code == 0, err
    assert out.splitlines()[0].rstrip() == "K3 P3  UPN A10000000003  Oak"
    years = _book(tmp_path / "years.xlsx", {"Year 7": [(1, "7A")], "Year 8": [(2, "8C")]}, "Form")
    code, out, err = run_cli("pupil", "A10000000001", years, "-c", example_config, width=80)
    assert code == 0, err
    assert out.splitlines()[0].rstrip() == "K1 P1  UPN A10000000001  Year 7 7A"
