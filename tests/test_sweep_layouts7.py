"""Sweep of 6 December (eighth), layouts7: a printed page's furniture beside its number, a
pupil who moved form in a workbook a form a sheet.

A report engine prints a page footer of more than the page's number: "Printed by <user>
on <date>" and "Page x of y" (SSW's report footer rule), "Printed on: <date> <time>"
beside "Page n of m" (jaxforms' PDF footer), the date left and the page centred with a
"CONFIDENTIAL" line (Statistica's print header and footer), two rows (Proliance): cited in
docs/presets.md.  Each file is built by hand, small, its answer worked out by hand from
DOMAIN.md (sections 1, 2 and 12).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers
from test_sweep_layouts4 import _check, _figures
from test_sweep_layouts6 import _DAYS, _HEADER, _PAGES, _TITLE, _printed


def _error(path: Path) -> str:
    """The one-line refusal of the register at ``path`` (the loader's, as check prints it)."""
    with pytest.raises(InputError) as info:
        load_registers([path])
    return str(info.value)


def _read_six(path: Path) -> str:
    """The six pupils of ``_PAGES`` read (the loader: each 20 sessions, Pupil5's 20 'N',
    the others' present); what was said, on one line."""
    result = load_registers([path])
    register = result.register
    assert register.height == 120 and register.get_column("upn").n_unique() == 6
    marks = register.filter(pl.col("upn") == "A10000000005").get_column("mark").to_list()
    assert marks == ["N"] * 20
    return " ".join(" ".join(result.warnings).split())


def test_a_page_foot_of_two_lines_printed_by_then_the_page_number_is_read_through(
    tmp_path: Path,
) -> None:
    """"Printed 06/12/2026 09:14 by J Smith" alone on a line, then "Page 1 of 2": refused
    as "data row with no UPN" (a sentence in the UPN column); a two-word "Printed
    06/12/2026" as "pupil has no name" (read as a pupil's key)."""
    for printed in ("Printed 06/12/2026 09:14 by J Smith", "Printed 06/12/2026"):
        path = _printed(tmp_path / "two.csv", _PAGES, foot=printed + "\nPage {n} of {m}")
        said = _read_six(path)
        assert f"2 lines of a printed page's foot or head skipped (lines 7, 15: {printed!r})" in said
        assert "'Page 1 of 2', 'Page 2 of 2'" in said
    # worked by hand (DOMAIN.md 1, 2): Pupil5 absent unexplained all 20 (0 %), the others
    # 20 of 20
    result, _ = _check(path)
    assert len(result["pupils"]) == 6 and _figures(result, "A10000000005") == (20, 0, 20, 0)
    assert all(_figures(result, f"A1000000000{i}") == (20, 20, 0, 0) for i in (1, 2, 3, 4, 6))


def test_a_page_number_beside_a_one_word_foot_or_a_printed_on_date_is_read_through(
    tmp_path: Path,
) -> None:
    """The foot's cells: "Confidential" (or OFFICIAL-SENSITIVE, the government marking a
    school's reports carry) beside "Page 1 of 2", or a printed-on date beside it in either
    order.  The first was "pupil has no name" (a one-word UPN cell read as a pupil's key),
    the others refused as "a printed page's foot or head ... with more on its line"."""
    for foot in (
        "Confidential,,,Page {n} of {m}",
        "OFFICIAL-SENSITIVE,,,Page {n} of {m}",
        "Page {n} of {m},,,Printed 18/09/2026",
        "Printed on: 18/09/2026 09:14,,,Page {n} of {m}",
        "18/09/2026 09:14,,,Page {n} of {m}",
        "Confidential\nPage {n} of {m}",
    ):
        said = _read_six(_printed(tmp_path / "foot.csv", _PAGES, foot=foot))
        assert "of a printed page's foot or head skipped (lines 7" in said, foot


def test_furniture_between_a_page_number_and_the_repeated_headings_is_read_through(
    tmp_path: Path,
) -> None:
    """The page number at the foot of page 1, then page 2's head: a printed-by line of
    two cells, then the column headings again."""
    path = tmp_path / "head.csv"
    lines = [*_TITLE, _HEADER, *_PAGES[0], "Page 1 of 2", "Printed 18/09/2026,,,Confidential",
             _HEADER, *_PAGES[1], "Page 2 of 2"]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = _read_six(path)
    assert "'Printed 18/09/2026, Confidential'" in said


def test_a_line_beside_a_page_number_that_is_not_certainly_furniture_is_refused_as_furniture(
    tmp_path: Path,
) -> None:
    """The school's name printed above each page's number: no shape tells it for certain
    from a pupil's row; refused in one line that names it as a printed page's furniture
    and says what it would be read as, not "pupil has no name" (its one cell, two words,
    the UPN column's)."""
    for foot, line in (
        ("Oakfield Academy\nPage {n} of {m}", 7),
        ("Oakfield,,,Page {n} of {m}", 7),
        ("Oakfield Academy Trust Leeds\nPage {n} of {m}", 7),
        # (the line that cannot be told named, not the printed-by line above it)
        ("Printed 06/12/2026 09:14 by J Smith\nOakfield Academy,,,Page {n} of {m}", 8),
    ):
        error = _error(_printed(tmp_path / "school.csv", _PAGES, foot=foot))
        assert f"line {line}: a printed page's foot or head" in error, error
        assert "pupil has no name" not in error and "data row with no UPN" not in error
        assert "read, it is a pupil whose UPN is 'Oakfield" in error


def test_a_pupil_s_row_with_a_upn_beside_a_page_number_is_never_furniture(tmp_path: Path) -> None:
    """A pupil's row holding a UPN and nothing else (the name and marks cut off) just
    above "Page 1 of 2": not skipped as page furniture; refused as the pupil's row it is."""
    for upn in ("A10000000009", "A100000000009"):  # (as the test's keys; a UPN's shape)
        path = _printed(tmp_path / "upn.csv", _PAGES, foot=upn + "\nPage {n} of {m}")
        error = _error(path)
        assert "line 7: pupil has no name" in error, error


# --- a workbook a form a sheet: a pupil who moved form ---------------------------------


def _moved_book(path: Path, moved: dict[str, list[tuple[dt.date, str, str]]]) -> Path:
    """Sheets 7A (Pupil1, Pupil2) and 7B (Pupil4), each pupil present every session Mon 7 to
    Fri 18 Sep 2026, with a form column; Pupil3's rows given by ``moved``: sheet -> (date,
    session, mark)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    head = ["UPN", "Surname", "Forename", "Registration Form", "Date", "Session", "Mark"]
    for form, upns in (("7A", (1, 2)), ("7B", (4,))):
        sheet = book.create_sheet(form)
        sheet.append(head)
        for i in upns:
            for d in _DAYS:
                for session, mark in (("AM", "/"), ("PM", "\\")):
                    sheet.append([f"A1000000000{i}", f"P{i}", f"K{i}", form, f"{d:%d/%m/%Y}", session, mark])
        for d, session, mark in moved.get(form, []):
            sheet.append(["A10000000003", "P3", "K3", form, f"{d:%d/%m/%Y}", session, mark])
    book.save(path)
    return path


def _sessions(days: list[dt.date], mark: str = "/") -> list[tuple[dt.date, str, str]]:
    return [(d, s, mark) for d in days for s in ("AM", "PM")]


def test_a_pupil_who_moved_form_mid_way_is_one_pupil_in_the_newest_form(tmp_path: Path) -> None:
    """Pupil3 in 7A's sheet the first week, in 7B's from Monday 14 September (DOMAIN.md:
    a pupil's group is an attribute as of a date; a move mid-year is normal).  attcli
    refused the workbook as two registers.  Worked by hand: Pupil3, 20 possible, absent
    unexplained the Wednesday 9th (2 sessions): 18 attended, 2 unauthorised; form 7B as of
    the 18th, 7A as of Friday the 11th."""
    first, second = _DAYS[:5], _DAYS[5:]
    moved = {"7A": _sessions(first[:2]) + _sessions(first[2:3], "N") + _sessions(first[3:]),
             "7B": _sessions(second)}  # fmt: skip
    path = _moved_book(tmp_path / "moved.xlsx", moved)
    result, err = _check(path)
    assert len(result["pupils"]) == 4
    assert _figures(result, "A10000000003") == (20, 18, 2, 0)
    forms = {p["upn"]: p["reg_group"] for p in result["pupils"]}
    assert forms["A10000000003"] == "7B"
    earlier, _ = _check(path, "--as-of", "11/09/2026")
    assert {p["upn"]: p["reg_group"] for p in earlier["pupils"]}["A10000000003"] == "7A"


def test_one_session_marked_differently_in_two_form_sheets_is_refused_naming_both(
    tmp_path: Path,
) -> None:
    """Pupil3 in 7A the first week, in 7B the second, and Friday 11th's afternoon in both:
    '/' in 7A's sheet, 'N' in 7B's.  attcli does not choose: refused in one line naming
    the pupil, both sheets, the date, session and marks."""
    first, second = _DAYS[:5], _DAYS[5:]
    moved = {"7A": _sessions(first), "7B": [(first[-1], "PM", "N"), *_sessions(second)]}
    error = _error(_moved_book(tmp_path / "clash.xlsx", moved))
    assert len(error.splitlines()) == 1
    assert "A10000000003" in error
    assert "11/09/2026 PM" in error and "'/' in sheet '7A'" in error and "'N' in sheet '7B'" in error


def test_one_session_marked_alike_in_two_form_sheets_is_read_once_with_a_note(
    tmp_path: Path,
) -> None:
    """The move's Friday afternoon in both sheets, '/' in each: one session, read once
    (20 possible, 20 attended), said."""
    first, second = _DAYS[:5], _DAYS[5:]
    moved = {"7A": _sessions(first), "7B": [(first[-1], "PM", "/"), *_sessions(second)]}
    result = load_registers([_moved_book(tmp_path / "same.xlsx", moved)])
    rows = result.register.filter(pl.col("upn") == "A10000000003")
    assert rows.height == 20 and set(rows.get_column("mark")) == {"/"}
    said = " ".join(" ".join(result.warnings).split())
    assert "sheets '7A' and '7B'" in said and "A10000000003" in said


# --- Excel's Data > Subtotal rows between groups ------------------------------------------


def _subtotalled(path: Path, label: str = "{form} Count") -> Path:
    """Four pupils sorted by form (7A: 1, 2; 7B: 3, 4), present Mon 7 to Fri 11 Sep 2026 (10
    sessions each), with the rows Excel's Data > Subtotal ("At each change in: Registration
    Form", "Use function: Count", "Add subtotal to: Mark") inserts: below each form's last
    row, the form's column "7A Count" and the mark column its count; "Grand Count" last."""
    lines = ["UPN,Surname,Forename,Registration Form,Date,Session,Mark"]
    for form, upns in (("7A", (1, 2)), ("7B", (3, 4))):
        for i in upns:
            lines += [f"A1000000000{i},P{i},K{i},{form},{d:%d/%m/%Y},{s},/"
                      for d in _DAYS[:5] for s in ("AM", "PM")]  # fmt: skip
        lines.append(f",,,{label.format(form=form)},,,{len(upns) * 10}")
    lines.append(",,,Grand Count,,,40")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_excel_s_subtotal_rows_below_each_form_are_skipped_and_said(tmp_path: Path) -> None:
    """Excel's Subtotal labels its row in the group's column ("7A Count"), the UPN cell
    empty: refused as "data row with no UPN ... '7A Count, 20'" (only a first cell "Total",
    "Count" ... was a footer).  Read: four pupils, 10 sessions each, all present."""
    result = load_registers([_subtotalled(tmp_path / "sub.csv")])
    assert result.register.height == 40 and result.register.get_column("upn").n_unique() == 4
    said = " ".join(" ".join(result.warnings).split())
    assert "2 subtotal lines (Excel's Data > Subtotal, below each group) skipped (lines 22, 43: '7A Count', '7B Count')" in said
    # a label that is not the group above it ("7C Count" below 7A's rows) is not Excel's:
    # refused as a row with no UPN, as before
    error = _error(_subtotalled(tmp_path / "odd.csv", "7C Count"))
    assert "line 22: data row with no UPN" in error


def test_a_pupil_who_moved_form_in_sheets_a_column_a_session_has_the_other_form_s_cells_blank(
    tmp_path: Path,
) -> None:
    """A column a session: Pupil3's row in 7A's sheet is blank from the move (Monday 14th),
    in 7B's blank before it.  The whole sheet was refused as two registers (every session
    in both); then, a blank beside each mark, as 20 conflicting marks.  Read as one pupil
    listed twice in one export is: each blank beside the other sheet's mark left out, said;
    Pupil3's 20 marks, the first week's in 7A, the second's in 7B."""
    import openpyxl

    head = ["UPN", "Surname", "Forename", "Registration Form"]
    head += [f"{d:%d/%m/%Y} {s}" for d in _DAYS for s in ("AM", "PM")]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for form, upns in (("7A", (1, 3)), ("7B", (3, 4))):
        sheet = book.create_sheet(form)
        sheet.append(head)
        for i in upns:
            marks = ["/", "\\"] * 10
            if i == 3:
                marks = [m if (k < 10) == (form == "7A") else None for k, m in enumerate(marks)]
            sheet.append([f"A1000000000{i}", f"P{i}", f"K{i}", form, *marks])
    book.save(tmp_path / "wide.xlsx")
    result = load_registers([tmp_path / "wide.xlsx"])
    rows = result.register.filter(pl.col("upn") == "A10000000003").sort("date", "session")
    assert rows.height == 20 and rows.get_column("raw_mark").null_count() == 0
    assert rows.get_column("reg_group").to_list() == ["7A"] * 10 + ["7B"] * 10
    said = " ".join(" ".join(result.warnings).split())
    assert "20 blank cells of a pupil who moved form left out where the other form's sheet marks the session" in said
