"""Sweep of 6 December (ninth), layouts8: a workbook a form a sheet whose rows have no form
column, Excel's grand subtotal line, a school's name beside a printed page's number.

An office splits the register into a sheet a form, each sheet named by the form (or by a
label and the form: "Region-{{ [Region] }}", xl3's one sheet per group), cited in
docs/presets.md.  Each file is built by hand, small, its answer worked out by hand from
DOMAIN.md (sections 1, 2 and 12).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers
from test_sweep_layouts6 import _DAYS

_HEAD = ["UPN", "Surname", "Forename", "Date", "Session", "Mark"]


def _book(path: Path, sheets: dict[str, list[tuple[int, list]]], form: dict[str, str] | None = None) -> Path:
    """A sheet a name of ``sheets``, each pupil ``i`` (A1000000000i) present every session
    of the days given; with ``form`` (sheet -> the form its rows hold), a form column."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, pupils in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(_HEAD[:3] + (["Registration Form"] if form else []) + _HEAD[3:])
        for i, days in pupils:
            for d in days:
                for session, mark in (("AM", "/"), ("PM", "\\")):
                    cells = [f"A1000000000{i}", f"P{i}", f"K{i}"] + ([form[name]] if form else [])
                    sheet.append([*cells, f"{d:%d/%m/%Y}", session, mark])
    book.save(path)
    return path


def _said(result) -> str:
    return " ".join(" ".join(result.warnings).split())


def _forms(result, upn: str) -> list:
    rows = result.register.filter(pl.col("upn") == upn).sort("date", "session")
    return rows.get_column("reg_group").cast(pl.String).to_list()


def test_a_form_sheet_s_name_is_its_pupils_form_where_the_rows_have_no_form_column(
    tmp_path: Path,
) -> None:
    """Sheets "7A", "Year 7 - 7B", "Sheet1", no form column: every pupil's form was unknown
    (the sheets' names unused).  Now a name that is plainly a form is its rows' form, said;
    "Sheet1" is none.  Pupil2 in 7A the first week, in "Year 7 - 7B" the second: one pupil
    who moved form (layouts7), 7A then 7B, each session its sheet's; 20 sessions."""
    first, second = _DAYS[:5], _DAYS[5:]
    path = _book(tmp_path / "forms.xlsx", {
        "7A": [(1, _DAYS), (2, first)], "Year 7 - 7B": [(2, second), (3, _DAYS)],
        "Sheet1": [(4, _DAYS)],
    })  # fmt: skip
    result = load_registers([path])
    assert _forms(result, "A10000000001") == ["7A"] * 20
    assert _forms(result, "A10000000002") == ["7A"] * 10 + ["7B"] * 10
    assert _forms(result, "A10000000003") == ["7B"] * 20
    assert _forms(result, "A10000000004") == [None] * 20
    said = _said(result)
    assert (
        "the rows have no form column, so each sheet's name that is a form's is read as its "
        "pupils' form: '7A', 'Year 7 - 7B' as '7B'; 'Sheet1' is no form's name, its pupils' "
        "form unknown"
    ) in said
    assert "1 pupil in two form sheets read as one pupil who moved form" in said
    assert "A10000000002 ('7A' then 'Year 7 - 7B')" in said


def test_sheets_not_named_as_forms_are_not_checked_as_forms_nor_their_pupils_moved(
    tmp_path: Path,
) -> None:
    """With a form column, "Sheet1" holding 7A's pupils was refused ("sheet 'Sheet1' holds a
    pupil of form '7A'"), and "Year 7 - 7B" holding 7B's as well: only a name that is a
    form is its rows' form to check; "Year 7 - 7B" holding a 7C pupil is still refused.
    Sheets "Sheet1" and "Sheet2" a week each, no form column: each pupil was said to have
    "moved form"; one pupil in two parts of the register, said so."""
    import openpyxl

    sheets = {"Sheet1": [(1, _DAYS)], "Year 7 - 7B": [(2, _DAYS)]}
    path = _book(tmp_path / "a.xlsx", sheets, {"Sheet1": "7A", "Year 7 - 7B": "7B"})
    book = openpyxl.load_workbook(path)
    book["Year 7 - 7B"]["D2"] = None  # (its first row's form cell blank: 7B's, as the sheet)
    book["Sheet1"]["D2"] = None  # (no form's sheet: unknown)
    book.save(path)
    result = load_registers([path])
    assert _forms(result, "A10000000001") == [None] + ["7A"] * 19
    assert _forms(result, "A10000000002") == ["7B"] * 20
    assert (
        "pupils whose form cell is blank read as in their sheet's form (the sheet named as a "
        "form): 1 in sheet 'Year 7 - 7B' as '7B'"
    ) in _said(result)
    with pytest.raises(InputError) as info:
        load_registers([_book(tmp_path / "b.xlsx", sheets, {"Sheet1": "7A", "Year 7 - 7B": "7C"})])
    assert "sheet 'Year 7 - 7B' holds a pupil of form '7C'" in str(info.value)
    weeks = {"Sheet1": [(1, _DAYS[:5])], "Sheet2": [(1, _DAYS[5:])]}
    result = load_registers([_book(tmp_path / "c.xlsx", weeks)])
    assert _forms(result, "A10000000001") == [None] * 20
    said = _said(result)
    assert "moved form" not in said and "the rows have no form column" not in said
    assert "(one register saved in parts, a sheet each)" in said
    assert (
        "1 pupil in two sheets on different days, of one form or none, read as one pupil (its two "
        "sheets read as parts of one register): A10000000001 ('Sheet1' then 'Sheet2')"
    ) in said


def _subtotalled(path: Path, below: list[str], groups: bool = True) -> Path:
    """Four pupils sorted by form (7A: 1, 2; 7B: 3, 4), present Mon 7 to Fri 11 Sep 2026
    (10 sessions each); with ``groups``, Excel's Data > Subtotal's "<form> Count" row below
    each form (layouts7); then the ``below`` rows, each a label in the form column and 40
    under the marks."""
    lines = ["UPN,Surname,Forename,Registration Form,Date,Session,Mark"]
    for form, upns in (("7A", (1, 2)), ("7B", (3, 4))):
        for i in upns:
            lines += [f"A1000000000{i},P{i},K{i},{form},{d:%d/%m/%Y},{s},/"
                      for d in _DAYS[:5] for s in ("AM", "PM")]  # fmt: skip
        if groups:
            lines.append(f",,,{form} Count,,,20")
    lines += [f",,,{label},,,40" for label in below]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_excel_s_grand_line_below_its_subtotals_is_said_in_the_subtotals_note(
    tmp_path: Path,
) -> None:
    """Data > Subtotal writes a grand line below the last group's subtotal ("Grand Count";
    with Max too, "Grand Max").  "Grand Count" was said in a note of its own, as a footer
    ("line 44: footer row 'Grand Count' skipped"), beside the subtotals' note; "Grand Max"
    refused as a row with no UPN.  Now one note for the lines Excel wrote; 40 sessions read.
    Without subtotals above, "Grand Count" is a footer as before."""
    result = load_registers([_subtotalled(tmp_path / "sub.csv", ["Grand Count", "Grand Max"])])
    assert result.register.height == 40
    said = _said(result)
    assert (
        "2 subtotal lines (Excel's Data > Subtotal, below each group) skipped (lines 22, 43: "
        "'7A Count', '7B Count'), and its grand lines 'Grand Count' and 'Grand Max' (lines "
        "44-45)"
    ) in said
    assert "footer row" not in said
    result = load_registers([_subtotalled(tmp_path / "plain.csv", ["Grand Count"], groups=False)])
    assert "line 42: footer row 'Grand Count' skipped" in _said(result)


def test_the_configured_school_s_name_beside_a_page_number_is_the_page_s_foot(
    tmp_path: Path,
) -> None:
    """A report's page foot "Riverside Primary School   Page 1 of 2" (a report engine's
    page footer: "the page number and any other information"), the school's name as its
    config gives it: refused as a line attcli cannot tell from a pupil's row.  A pupil's
    key is never the school's name, so beside a page's number (and no UPN in the row) it
    is read through, said; six pupils, Pupil5 absent unexplained all 20 (0 %), the others
    20 of 20 (layouts6's pages, worked by hand).  Another name stays refused, saying where
    the school's names go; a row holding a UPN is never furniture."""
    from clirun import run_cli
    from school import make_workspace
    from test_sweep_layouts4 import _figures
    from test_sweep_layouts6 import _PAGES, _printed

    config = make_workspace(tmp_path / "ws")  # ([school] name "Riverside Primary School")
    path = _printed(tmp_path / "foot.csv", _PAGES, foot="Riverside  primary SCHOOL,,,Page {n} of {m}")
    code, out, err = run_cli("check", path, "-c", config, "--format", "json")
    assert code == 0, err
    import json

    result = json.loads(out)
    assert len(result["pupils"]) == 6 and _figures(result, "A10000000005") == (20, 0, 20, 0)
    assert all(_figures(result, f"A1000000000{i}") == (20, 20, 0, 0) for i in (1, 2, 3, 4, 6))
    said = " ".join(err.split())
    assert (
        "2 lines of a printed page's foot or head skipped (lines 7, 14: 'Riverside primary "
        "SCHOOL, Page 1 of 2', 'Riverside primary SCHOOL, Page 2 of 2')"
    ) in said
    names = ["Riverside Primary School"]
    for foot, what in (
        ("Oakfield Academy,,,Page {n} of {m}", "add it to [school] export_names"),
        ("Riverside Primary School,,,Page {n} of {m},A10000000009", "a printed page's foot"),
    ):
        with pytest.raises(InputError) as info:
            load_registers([_printed(tmp_path / "other.csv", _PAGES, foot=foot)], school_names=names)
        assert "line 7: a printed page's foot or head" in str(info.value) and what in str(info.value)


def test_one_child_s_names_crossed_between_two_exports_are_not_said_as_two_children(
    tmp_path: Path,
) -> None:
    """The second week's export with its Surname and Forename headers typed over each other
    ("UPN,Forename,Surname" above the same columns): each UPN's rows carry 'Smith, John'
    then 'John, Smith', said as "two children's forenames ... if these are two children,
    give each its own UPN".  A child's names crossed are one child's: said so, with what to
    correct; the names cannot tell which export is right (read under the later, as
    before).  A real second child under one UPN is still said as that."""
    names = {1: ("Smith", "John"), 2: ("Jones", "Amy")}

    def export(path: Path, days: list, head: str, second: tuple[str, str] | None = None) -> Path:
        lines = [head]
        for i, (surname, forename) in names.items():
            if second and i == 2:
                surname, forename = second
            lines += [f"A1000000000{i},{surname},{forename},{d:%d/%m/%Y},{s},/"
                      for d in days for s in ("AM", "PM")]  # fmt: skip
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    first = export(tmp_path / "w1.csv", _DAYS[:5], "UPN,Surname,Forename,Date,Session,Mark")
    later = export(tmp_path / "w2.csv", _DAYS[5:], "UPN,Forename,Surname,Date,Session,Mark")
    result = load_registers([first, later])
    result.take_compact()
    said = _said(result)
    assert "two children" in said and "two children's forenames" not in said
    assert (
        "2 UPNs' rows carry one child's surname and forename crossed, not two children: "
        "A10000000001: 'Smith, John' 07/09/2026 to 11/09/2026 and 'John, Smith' 14/09/2026 to "
        "18/09/2026; A10000000002: 'Jones, Amy'"
    ) in said
    assert "has its Surname and Forename columns swapped" in said
    later = export(tmp_path / "w2.csv", _DAYS[5:], "UPN,Forename,Surname,Date,Session,Mark",
                   ("Beth", "Jones"))  # fmt: skip
    result = load_registers([first, later])
    result.take_compact()
    said = _said(result)
    assert "1 UPN's rows carry one child's surname and forename crossed" in said
    assert "1 UPN's rows carry two children's forenames: A10000000002: 'Jones, Amy'" in said
