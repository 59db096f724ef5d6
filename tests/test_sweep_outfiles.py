"""attcli's xlsx and CSV outputs as the LA's team and the office open them (sweep of 5
December (fourth), outfiles): the types of the cells, the sheets' names, the print setup,
and the same figures in every form of one file.  Each expected value is worked out by hand.

The school: a name of 40 characters with a slash, three pupils ("Zoë O'Brien-Ñúñez", an MIS
id with leading zeros, one more), present every session of Autumn 1 (35 school days from
Mon 7 Sep 2026), then ``O`` for the first 10 school days of Autumn 2 (2 to 13 Nov): 70 of
90 sessions, 77.78 %, a 10-day run of unexplained absence.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clirun import run_cli
from school import AUTUMN_HALF_TERMS

SCHOOL = "St Mary & St John C of E Primary/Nursery"  # 40 characters, a slash
assert len(SCHOOL) == 40

PUPILS = [  # (upn, surname, forename, reg group)
    ("A123456789012", "O'Brien-Ñúñez", "Zoë", "7A"),
    ("001003", "Smith", "Jo", "7A"),
    ("B123456789013", "Price", "Leah", "7B"),
]


def _config(bands: str = "") -> str:
    return (
        f'[school]\nname = "{SCHOOL}"\nurn = "012345"\naddress = ["1 School Lane", '
        '"Exampletown", "EX1 2AB"]\nphone = "01632 960000"\nattendance_lead = "Mr A. Officer"\n'
        + AUTUMN_HALF_TERMS
        + bands
    )


def _school_days(n: int) -> list[dt.date]:
    out, d = [], dt.date(2026, 9, 7)
    while len(out) < n:
        if d.weekday() < 5 and not dt.date(2026, 10, 26) <= d <= dt.date(2026, 10, 30):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def build(folder: Path, bands: str = "") -> dict[str, Path]:
    """The export, contacts (the priority contact's phone ``+44 7700 900123``) and config."""
    with (folder / "export.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Surname", "Forename", "Year", "Registration Form",
                    "Date of Birth", "Date", "Session", "Mark"])  # fmt: skip
        for upn, sur, fore, reg in PUPILS:
            for n, d in enumerate(_school_days(45)):
                marks = ("/", "\\") if n < 35 else ("O", "O")
                for session, mark in zip(("AM", "PM"), marks, strict=True):
                    w.writerow([upn, sur, fore, "Year 7", reg, "01/10/2014",
                                f"{d:%d/%m/%Y}", session, mark])  # fmt: skip
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Contact Title", "Contact Forename", "Contact Surname",
                    "Relationship", "Priority", "Parental Responsibility", "Address Line 1",
                    "Town", "Postcode", "Telephone"])  # fmt: skip
        for i, (upn, sur, _, _) in enumerate(PUPILS, 1):
            w.writerow([upn, "Mrs", "Ana", f"{sur}-Parent", "Mother", 1, "Yes",
                        f"{i} Elm Road", "Anytown", "AN1 1AA", "+44 7700 900123"])  # fmt: skip
    (folder / "attcli.toml").write_text(_config(bands), encoding="utf-8")
    return {n: folder / f for n, f in (("export", "export.csv"), ("contacts", "contacts.csv"),
                                       ("config", "attcli.toml"))}  # fmt: skip


# ------------------------------------------------------------------ sheet names


#: what Excel refuses in a sheet's name (it "repairs" the workbook, or will not open it)
def _legal_sheet_names(names: list[str]) -> None:
    for name in names:
        assert 1 <= len(name) <= 31, name
        assert not set(name) & set("[]:*?/\\"), name
        assert not name.startswith("'") and not name.endswith("'"), name
        assert name.lower() != "history", name  # Excel keeps "History" for itself
    assert len({n.lower() for n in names}) == len(names), names  # unique, ignoring case


BANDS = """
[[bands]]
name = "green"
at_least = 92

[[bands]]
name = "Persistently absent - review this half term"
above = 90

[[bands]]
name = "Persistently absent - review this week"
above = 80

[[bands]]
name = "History"
above = 50

[[bands]]
name = "'Severe'"
"""


def test_the_check_workbook_s_sheet_names_are_ones_excel_opens_whatever_the_bands_names(
    tmp_path,
):
    # a sheet a band: its name was the band's cut to 31 characters, so two long names
    # alike gave openpyxl's "Persistently absent - review th1" (32 characters: Excel
    # calls the file corrupt), "History" (a name Excel keeps for itself) and "'severe'"
    # (no name may start or end with an apostrophe) were written as they were
    f = build(tmp_path, BANDS)
    out = tmp_path / "check.xlsx"
    code, _, err = run_cli("check", f["export"], "-c", f["config"], "--as-of", "2026-11-13",
                           "-o", out)  # fmt: skip
    assert code == 0, err
    names = load_workbook(out).sheetnames
    _legal_sheet_names(names)
    # worst band first: "'Severe'" as the school wrote it (its capitals kept since
    # domaing's config.band_heading; str.capitalize made it "'severe'"), apostrophes dropped;
    # "History" is taken (Excel's), so the next free name; the two long ones cut to 31
    # characters, the second with " 2" in the last two places (cut at a word's end)
    assert names[:5] == [
        "Summary",
        "Severe",
        "History 2",
        "Persistently absent - review th",
        "Persistently absent - review 2",
    ]


def test_a_sheet_name_from_any_text_is_legal():
    from attcli.output import sheet_name

    taken: list[str] = []
    for title in ["Red: 1/2 [x]*?", "Red 1 2 x", "'", "???", "history", "A" * 40, "A" * 40,
                  " 'Q' ", "x\x1by\u202e"]:  # fmt: skip
        taken.append(sheet_name(title, taken))
    assert taken == [
        "Red 1 2 x",  # each forbidden character a space, runs of spaces one
        "Red 1 2 x 2",
        "Sheet",  # nothing left: a name all the same
        "Sheet 2",
        "history 2",
        "A" * 31,
        "A" * 29 + " 2",
        "Q",
        "xy",  # a control character or a direction override dropped
    ]
    _legal_sheet_names(taken)


# ------------------------------------------------------------------ print setup


def _printed(ws, header: str, keep: str | None) -> None:
    """Landscape on A4, the header row (the row whose first cell is ``header``) on every
    page; ``keep`` None: the columns one page wide (as many pages down as it takes); else
    printed at 60 % across pages, the columns ``keep`` (UPN and name) at each page's left."""
    assert ws.page_setup.orientation == "landscape", ws.title
    assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
    rows = ws.print_title_rows.replace("$", "").split(":")
    assert rows[0] == rows[1] and ws.cell(int(rows[0]), 1).value == header, ws.title
    if keep is None:
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
    else:
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert int(ws.page_setup.scale) == 60, ws.title
        assert ws.print_title_cols.replace("$", "") == keep, ws.title


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every spreadsheet of the school's, as of Fri 13 Nov 2026 (the 10-day run's end)."""
    folder = tmp_path_factory.mktemp("outfiles")
    f = build(folder)
    made = {}
    common = ["-c", f["config"], "--as-of", "2026-11-13"]
    for name, args in {
        "rc": ["register-check", f["export"], "--term", "autumn", "--contacts", f["contacts"]],
        "la": ["la-return", f["export"], "--month", "2026-11", "--contacts", f["contacts"]],
        "check": ["check", f["export"]],
        "cme": ["cme", f["export"]],
        "cases": ["cases", f["export"]],
        "report": ["report", f["export"]],
    }.items():
        for ext in ("xlsx", "csv") if name != "report" else ("xlsx",):
            out = folder / f"{name}.{ext}"
            code, _, err = run_cli(*args, *common, "-o", out)
            assert code == 0, (name, err)
            made[f"{name}.{ext}"] = out
    return made


def test_a_narrow_table_prints_one_page_wide():
    from openpyxl import Workbook

    from attcli.output import id_columns, print_setup

    # one page wide while its columns are at most 140 / 60 % = 233.3 characters wide
    ws = Workbook().active
    print_setup(ws, 1, [12] * 18, "A:C")  # 18 x (12 + 5/7) = 228.9: fitted, at 61 %
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_cols is None
    ws = Workbook().active
    print_setup(ws, 1, [12] * 19, "A:C")  # 241.6: 58 % fitted, so 60 % over pages
    assert ws.page_setup.scale == 60 and ws.print_title_cols == "$A:$C"
    assert id_columns(["list", "status", "upn", "surname", "forename", "dob"]) == "C:E"
    assert id_columns(["upn", "dob", "x", "y", "z", "forename"]) == "A:A"  # (4 at most)
    assert id_columns(["dob", "band"]) is None


# ------------------------------------------------------------------ year groups


def _column(ws, header: str) -> list[object]:
    """The values under ``header`` (the first row holding it), to the sheet's end."""
    for row in ws.iter_rows():
        names = [c.value for c in row]
        if header in names:
            at, first = names.index(header), row[0].row
            return [r[at].value for r in ws.iter_rows(min_row=first + 1)]
    raise AssertionError(f"no {header!r} in {ws.title}")


def test_a_year_group_is_a_number_in_every_workbook_as_in_the_csv(outputs):
    # Year 7 was the text "7": a green triangle ("number stored as text") in every row, a
    # sort putting 10 and 11 before 7, and a filter apart from the CSV's 7, which Excel
    # reads as the number; the UPN 001003 and the URN 012345 stay text (their zeros)
    rc = load_workbook(outputs["rc.xlsx"]).active
    assert _column(rc, "Year group") == [7, 7, 7]
    assert _column(rc, "UPN") == ["A123456789012", "B123456789013", "001003"]
    assert rc["B3"].value == "012345"
    assert _column(load_workbook(outputs["la.xlsx"]).active, "Year group") == [7, 7, 7]
    assert _column(load_workbook(outputs["cme.xlsx"]).active, "Year") == [7, 7, 7]
    check = load_workbook(outputs["check.xlsx"])
    assert _column(check["All pupils"], "Year") == [7, 7, 7]
    assert _column(check["Red"], "Year") == [7, 7, 7]
    assert _column(load_workbook(outputs["cases.xlsx"]).active, "year") == [7, 7, 7]
    report = load_workbook(outputs["report.xlsx"])
    assert _column(report["Year groups"], "Year group") == [7]
    assert _column(report["Reg groups"], "Year group") == [7, 7]
    with open(outputs["rc.csv"], encoding="utf-8-sig", newline="") as fh:
        assert [r["Year group"] for r in csv.DictReader(fh)] == ["7", "7", "7"]


# (after a test that makes the module's outputs: this test's time is its own)
def test_the_la_files_and_the_check_print_landscape_with_their_header_and_pupil_names(outputs):
    # 14 to 23 columns printed as openpyxl leaves a sheet: portrait, the columns split
    # over pages, the header and the pupil's name on the first page only.  One page wide
    # only while the text keeps 60 % of its size: an A4 page in landscape holds 140
    # characters of column width (and 5/7 of one a column); the register check's 14
    # columns are 327 wide (15 15 12 15 12 30 21 29 26 36 38 48 12 18: UPN, surname,
    # forename, date of birth, year group, address, the two %, possible, authorised,
    # unauthorised, reasons, band, left on), 38 % fitted: printed at 60 % over pages.
    # The check's data-quality sheet, 14 15 12 9 90 = 140 (+ 3.6), fits at 97.5 %.
    _printed(load_workbook(outputs["rc.xlsx"]).active, "UPN", "A:C")
    _printed(load_workbook(outputs["la.xlsx"]).active, "List", "C:E")
    _printed(load_workbook(outputs["cme.xlsx"]).active, "UPN", "A:C")
    _printed(load_workbook(outputs["cases.xlsx"]).active, "UPN", "A:B")
    check = load_workbook(outputs["check.xlsx"])
    _printed(check["All pupils"], "New", "B:D")
    _printed(check["Red"], "New", "B:D")
    _printed(check["Data quality"], "Problem", None)


def test_only_a_whole_year_number_becomes_a_number():
    from attcli.output import year_cell

    # (an MIS giving Reception as 0 is read as the CSV is: the number 0; a leading zero
    # otherwise is kept, as it is in an id; a year with a name is named as the report's
    # page names it, "R" "Reception": sweep looks10)
    assert [year_cell(v) for v in ("7", "10", "1", "14", "0", "R", "N1", "07", "7A", "",
                                   None, " 7", 7)] == [
        7, 10, 1, 14, 0, "Reception", "Nursery 1", "07", "7A", "", None, " 7",
        7]  # fmt: skip
