"""Sweep of 6 December (seventh), layouts6: a printed report saved as CSV, a workbook a
form a sheet, R's NA for a form.

A register as a printed MIS report puts it on paper (a report engine's page header and
footer: the title and printed-on date at the top of each page, the column headings
repeated, "Page N of M" at the foot, cited in docs/presets.md), saved as CSV; each file is
built by hand, small, its answer worked out by hand from DOMAIN.md (sections 1, 2 and 12).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clirun import run_cli
from test_sweep_layouts4 import _check, _figures

_DAYS = [dt.date(2026, 9, 7) + dt.timedelta(d) for d in range(12)]
_DAYS = [d for d in _DAYS if d.weekday() < 5]  # Mon 7 to Fri 18 Sep 2026: 10 school days
_HEADER = "UPN,Surname,Forename," + ",".join(f"{d:%d/%m/%Y} {s}" for d in _DAYS for s in ("AM", "PM"))
_PRESENT = ",".join(["/", "\\"] * 10)
_TITLE = ["Attendance Register: Form 7A", "Printed: 18/09/2026 09:14"]


def _pupil(i: int, marks: str = _PRESENT) -> str:
    return f"A1000000000{i},Pupil{i},Kid{i},{marks}"


def _printed(path: Path, pages: list[list[str]], *, foot: str = "Page {n} of {m}",
             head: list[str] = _TITLE) -> Path:  # fmt: skip
    """``pages`` of rows as a report prints them: on each page its head (``head``), the
    column headings, the page's rows and its foot (``foot``, ``{n}``/``{m}`` the page's
    number and the count; none when empty)."""
    lines: list[str] = []
    for n, rows in enumerate(pages, 1):
        lines += [*head, _HEADER, *rows]
        if foot:
            lines.append(foot.format(n=n, m=len(pages)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


_PAGES = [[_pupil(1), _pupil(2), _pupil(3)], [_pupil(4), _pupil(5, ",".join("N" * 20)), _pupil(6)]]


def test_a_printed_report_saved_as_csv_is_read_through_its_page_lines_and_page_heads(
    tmp_path: Path,
) -> None:
    """Two pages, each with the report's title and printed-on date above the column
    headings and "Page N of 2" below its last pupil.  Worked by hand: six pupils, each 20
    possible sessions; Pupil5 absent unexplained all 20 (0 %, 20 unauthorised), the others
    20 of 20.  attcli refused the first page's foot as "data row with no UPN"."""
    result, err = _check(_printed(tmp_path / "printed.csv", _PAGES))
    assert len(result["pupils"]) == 6
    assert _figures(result, "A10000000005") == (20, 0, 20, 0)
    assert all(_figures(result, f"A1000000000{i}") == (20, 20, 0, 0) for i in (1, 2, 3, 4, 6))
    assert "'Page 1 of 2', 'Page 2 of 2'" in " ".join(err.split())
    # the second page's head said, its title and printed-on date with it
    said = " ".join(err.split())
    assert "header row repeated" in said and "'Printed: 18/09/2026 09:14'" in said


def test_a_page_head_with_the_page_line_at_its_top_is_read_through(tmp_path: Path) -> None:
    """The page number printed at the top of each page, above the title (a page header):
    the first page's is above the headings (a title row), the second's between pupils."""
    path = tmp_path / "top.csv"
    lines = ["Page 1 of 2", *_TITLE, _HEADER, *_PAGES[0], "Page 2 of 2", *_TITLE, _HEADER, *_PAGES[1]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, err = _check(path)
    assert len(result["pupils"]) == 6
    assert _figures(result, "A10000000005") == (20, 0, 20, 0)


def test_a_page_head_without_the_headings_repeated_is_read_through(tmp_path: Path) -> None:
    """Each page's head is the report's title and printed-on date, the column headings
    printed on the first page alone: those rows, the same as the title rows above the
    headings, were refused as "data row with no UPN"."""
    path = tmp_path / "titles.csv"
    lines = [*_TITLE, _HEADER, *_PAGES[0], "Page 1 of 2", *_TITLE, *_PAGES[1], "Page 2 of 2"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, err = _check(path)
    assert len(result["pupils"]) == 6
    assert _figures(result, "A10000000005") == (20, 0, 20, 0)
    said = " ".join(err.split())
    assert "2 lines repeating the report's title rows (a printed page's head) skipped (lines 8-9" in said


def test_a_page_missing_from_a_printed_report_is_refused_not_read_as_the_school(
    tmp_path: Path,
) -> None:
    """"Page 1 of 3" then "Page 3 of 3": page 2 (and the pupils printed on it) is not in
    the file; read through, those pupils were simply not there.  Refused in one line."""
    path = _printed(tmp_path / "gap.csv", [_PAGES[0], [], _PAGES[1]])
    text = path.read_text(encoding="utf-8").replace(
        "\n".join(["Page 1 of 3", *_TITLE, _HEADER, "Page 2 of 3"]), "Page 1 of 3"
    )
    path.write_text(text, encoding="utf-8")
    assert "Page 2 of 3" not in text
    code, out, err = run_cli("check", path)
    assert code == 1, out
    error = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error) == 1
    assert "'Page 1 of 3'" in error[0] and "'Page 3 of 3'" in error[0] and "page 2 of 3 is not" in error[0].lower()


def test_a_page_foot_with_more_than_the_page_number_is_refused_naming_it(tmp_path: Path) -> None:
    """A foot of two cells ("Page 1 of 2" and the school's name) is not a line that is
    only the page number: not read through (no shape tells the name from a pupil's key),
    refused in one line that says it is a printed page's foot, not "no UPN" alone.  (A
    printed-on date there is read through since sweep layouts7: test_sweep_layouts7.)"""
    for foot in ("Page {n} of {m},,,Oakfield Academy", "Oakfield Academy,,,Page {n} of {m}"):
        # (the second: its first cell, two words, was read as a pupil's key: "pupil has
        # no name", line 7)
        path = _printed(tmp_path / "foot.csv", _PAGES, foot=foot)
        code, out, err = run_cli("check", path)
        assert code == 1, out
        error = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(error) == 1
        assert (
            "line 7: a printed page's foot or head: 'Oakfield Academy' beside its number "
            "'Page 1 of 2', which attcli cannot tell for certain from a pupil's row"
        ) in error[0]


def _long_with(path: Path, column: str, value: str) -> Path:
    """Three pupils present every session Mon 7 to Fri 18 Sep 2026, a row a session, with
    date of birth, year and form; Pupil2's ``column`` cell ``value`` on every row (R's
    ``write.csv`` writes ``NA`` for a value the MIS does not hold)."""
    head = "UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"
    lines = [head]
    for i in (1, 2, 3):
        cells = {"Date of Birth": "01/10/2013", "Year": "7", "Registration Form": "7A"}
        if i == 2:
            cells[column] = value
        who = f"A1000000000{i},Pupil{i},Kid{i},{','.join(cells.values())}"
        lines += [f"{who},{d:%d/%m/%Y},{s},{m}" for d in _DAYS for s, m in (("AM", "/"), ("PM", "\\"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_r_s_na_for_a_pupil_s_form_is_read_as_no_form_and_said(tmp_path: Path) -> None:
    """A form is a label no figure rests on: R's ``NA`` for a pupil with no form in the MIS
    was read as a form 'NA' of its own (in every by-form list and figure), said nowhere.
    Now no form, as the empty cell ``write.csv(..., na = "")`` writes, with a note; the
    figures are the blank's: Pupil2 20 of 20."""
    result, err = _check(_long_with(tmp_path / "form.csv", "Registration Form", "NA"))
    pupil2 = next(p for p in result["pupils"] if p["upn"] == "A10000000002")
    assert pupil2["reg_group"] is None
    assert _figures(result, "A10000000002") == (20, 20, 0, 0)
    said = " ".join(err.split())
    assert "'NA' in column 'Registration Form' read as no form" in said
    blank, _ = _check(_long_with(tmp_path / "blank.csv", "Registration Form", ""))
    assert next(p for p in blank["pupils"] if p["upn"] == "A10000000002")["reg_group"] is None


def test_r_s_na_for_a_date_of_birth_stays_refused_saying_what_it_is(tmp_path: Path) -> None:
    """A date of birth decides compulsory school age (DOMAIN.md): R's ``NA`` there is not
    read as the blank an unknown birth date is; refused in one line saying what ``NA`` is
    and how to save the file (the rule of the UPN, the mark and the year group)."""
    code, out, err = run_cli("check", _long_with(tmp_path / "dob.csv", "Date of Birth", "NA"))
    assert code == 1, out
    error = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error) == 1
    assert "'NA' is how R and other tools write an empty value" in error[0]


def _form_book(path: Path, forms: dict[str, tuple[int, ...]]) -> Path:
    """A summary sheet first, then a sheet a form (its name the key of ``forms``), each
    with the same headings and its pupils' rows (A1000000000i, present every session Mon 7
    to Fri 18 Sep 2026 but A10000000004, absent unexplained throughout)."""
    import openpyxl

    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["Form", "Pupils", "Attendance %"])
    for form, upns in forms.items():
        sheet = book.create_sheet(form)
        sheet.append(["UPN", "Surname", "Forename", "Registration Form", "Date", "Session", "Mark"])
        for i in upns:
            for d in _DAYS:
                for session, mark in (("AM", "/"), ("PM", "\\")):
                    sheet.append([f"A1000000000{i}", f"P{i}", f"K{i}", form, f"{d:%d/%m/%Y}",
                                  session, "N" if i == 4 else mark])  # fmt: skip
    book.save(path)
    return path


def test_a_workbook_a_form_a_sheet_is_read_as_the_forms_exports_given_together(
    tmp_path: Path,
) -> None:
    """A summary sheet first, then one sheet a form (7A, 7B), each with the same headings.
    attcli refused it ("sheets '7A' and '7B' each hold a register. Save the sheet to check
    ..."), as if one sheet were the register.  Now each form's sheet is read as an export
    given with the others, the summary named as not read.  Worked by hand: four pupils,
    20 possible sessions each; A10000000004 absent unexplained all 20 (0 %), the others 20
    of 20, each in the sheet's form."""
    result, err = _check(_form_book(tmp_path / "forms.xlsx", {"7A": (1, 2), "7B": (3, 4)}))
    assert len(result["pupils"]) == 4
    assert _figures(result, "A10000000004") == (20, 0, 20, 0)
    assert all(_figures(result, f"A1000000000{i}") == (20, 20, 0, 0) for i in (1, 2, 3))
    forms = {p["upn"]: p["reg_group"] for p in result["pupils"]}
    assert forms == {"A10000000001": "7A", "A10000000002": "7A", "A10000000003": "7B",
                     "A10000000004": "7B"}  # fmt: skip
    said = " ".join(err.split())
    assert "sheets '7A' and '7B' each hold a register with the same headings" in said
    assert "sheet 'Summary' holds no register and is not read" in said


def test_a_form_s_sheet_holding_another_form_s_pupil_is_refused_in_one_line(tmp_path: Path) -> None:
    """Sheet '7B' holding a pupil of form 7C: the sheets are not a form each as they look;
    refused in one line naming the sheet, its row and the form, nothing read."""
    path = _form_book(tmp_path / "forms.xlsx", {"7A": (1, 2), "7B": (3, 4)})
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["7B"]["D3"] = "7C"
    book.save(path)
    code, out, err = run_cli("check", path)
    assert code == 1, out
    error = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error) == 1
    assert "sheet '7B', row 3: sheet '7B' holds a pupil of form '7C'" in error[0]
