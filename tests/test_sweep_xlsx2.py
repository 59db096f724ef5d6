"""Registers exported as xlsx as MIS and people really make them (sweep of 5 December
(third), "xlsx2"): each workbook built by hand with openpyxl, its XML edited where openpyxl
cannot write the case, the right answer worked out from DOMAIN.md by hand.  Either the
figures of the same register as a CSV, or one line naming the file, sheet, row or cell and
what would be valid."""

from __future__ import annotations

from pathlib import Path

import openpyxl
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


def test_a_chart_sheet_before_the_register_says_nothing_of_its_own(tmp_path):
    # A chart moved to a sheet of its own ("Chart", Excel's Move Chart > New sheet) put
    # before the register: attcli looks at each sheet for the register, and the reader's
    # own log line "'chartsheet' not a valid worksheet" was printed on the screen, in no
    # words of attcli's.  The register is read from 'Register', A1 18 of 20, A2 20 of 20,
    # and the chart sheet is passed over in silence.  (Run as a user runs it: under pytest
    # the log goes to pytest's handlers, not the screen.)
    import subprocess
    import sys

    from openpyxl.chart import BarChart, Reference

    from test_sweep_xlsx import counts

    def edit(ws):
        ws.title = "Register"
        chart = ws.parent.create_chartsheet("Chart", 0)
        bars = BarChart()
        bars.add_data(Reference(ws, min_col=4, min_row=3, max_row=4))
        chart.add_chart(bars)

    path = wide_book(tmp_path / "charted.xlsx", edit)
    assert counts(path) == {"A1": (20, 18), "A2": (20, 20)}
    done = subprocess.run(
        [sys.executable, "-m", "attcli", "check", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "2 pupils checked" in done.stdout
    assert "chartsheet" not in done.stderr + done.stdout


def _compound_file(streams: list[str]) -> bytes:
    """A minimal OLE2 compound file holding ``streams`` (by name, empty): what an encrypted
    workbook (EncryptionInfo, EncryptedPackage) or an Excel 97-2003 .xls (Workbook) is."""
    import struct

    head = bytearray(512)
    head[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", head, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", head, 0x28, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", head, 0x4C, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    entries = bytearray(512)
    for i, (name, kind) in enumerate([("Root Entry", 5)] + [(s, 2) for s in streams]):
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        entry[: len(raw)] = raw
        struct.pack_into("<HBB", entry, 64, len(raw), kind, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 1 if kind == 5 else 0xFFFFFFFF)
        struct.pack_into("<II", entry, 116, 0xFFFFFFFE, 0)
        entries[i * 128 : (i + 1) * 128] = entry
    return bytes(head) + fat + bytes(entries)


@pytest.mark.parametrize(
    ("name", "streams", "said"),
    [
        ("register.xlsx", ["EncryptionInfo", "EncryptedPackage"], "the workbook is password-protected"),
        ("register.xlsm", ["EncryptionInfo", "EncryptedPackage"], "the workbook is password-protected"),
        ("register.xlsx", ["Workbook"], "not an Excel Workbook (.xlsx): it is an Excel 97-2003 workbook (.xls)"),
    ],
)
def test_an_encrypted_workbook_or_an_xls_renamed_is_refused_in_one_line(tmp_path, name, streams, said):
    # A workbook saved with a password (Excel wraps it in a compound file) and an old .xls
    # renamed .xlsx: neither can be read; each is said in one line naming the file and what
    # to do, exit 1 (the reader's own "cannot read" is no help).
    from clirun import run_cli

    path = tmp_path / name
    path.write_bytes(_compound_file(streams))
    code, out, err = run_cli("check", path)
    assert code == 1
    assert err.startswith(f"error: {path}: {said}")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "xml",
    [
        b'<c r="D3" t="str"><f>"N"</f></c>',  # typed as text, with no value (no <v> at all)
        b'<x:c r="D3" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:f>"N"</x:f></x:c>',  # written with a namespace prefix (the Open XML SDK's)
    ],
)
def test_a_formula_with_no_value_written_otherwise_is_refused_too(tmp_path, xml):
    # A1's Mon 07/09 AM mark a formula ="N" with no saved value, as other tools write it:
    # said to give text (t="str") but with no value element, or in a prefixed element.
    # Read as blank: a missing mark where the register has N.  (A t="str" formula whose
    # saved value is empty, <v></v>, shows "" and is a blank cell indeed.)
    def swap(parts):
        sheet = parts["xl/worksheets/sheet1.xml"]
        start = sheet.index(b'<c r="D3"')
        end = sheet.index(b"</c>", start) + 4
        parts["xl/worksheets/sheet1.xml"] = sheet[:start] + xml + sheet[end:]
        _no_calculation_asked(parts)

    path = _edit_zip(wide_book(tmp_path / "other.xlsx"), swap)
    assert refusal(path).startswith(
        f"{path}, row 3: cell D3 holds a formula (=\"N\") whose value was never worked out"
    )


def _strict(parts: dict[str, bytes]) -> None:
    """The workbook as Excel saves it as "Strict Open XML Spreadsheet": the same parts in
    the ISO standard's own namespaces."""
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            data = data.replace(
                b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                b"http://purl.oclc.org/ooxml/spreadsheetml/main",
            ).replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships",
            )
            parts[name] = data.replace(b"<workbook ", b'<workbook conformance="strict" ')


def test_a_strict_open_xml_workbook_is_read(tmp_path):
    # Saved from Excel as "Strict Open XML Spreadsheet (*.xlsx)": the reader reads it, but
    # attcli's own look at the sheet (its first row, merged cells, formulas) found the
    # sheet by the transitional namespace's r:id alone, and refused the workbook as "cannot
    # read the Excel workbook: StopIteration".  Read as any workbook: A1 18 of 20 present,
    # A2 20 of 20.
    from test_sweep_xlsx import counts

    path = _edit_zip(wide_book(tmp_path / "strict.xlsx"), _strict)
    assert counts(path) == {"A1": (20, 18), "A2": (20, 20)}


def test_a_strict_workbook_s_formula_with_no_value_is_refused_naming_the_cell(tmp_path):
    def edit(ws):
        ws["D3"] = '="N"'

    def strict(parts):
        _no_calculation_asked(parts)
        _strict(parts)

    path = _edit_zip(wide_book(tmp_path / "strictf.xlsx", edit), strict)
    assert refusal(path).startswith(
        f"{path}, row 3: cell D3 holds a formula (=\"N\") whose value was never worked out"
    )


def _merged_long_book(path: Path) -> Path:
    """A long register starting in column C under an empty row 1: UPN, Surname, Forename
    and Date of Birth each merged down a pupil's rows (as an MIS report lays a pupil's
    sessions out), then Date, Session, Mark.  A1 present but for N N on Fri 18/09, A2
    present throughout: 20 sessions each."""
    import datetime as dt

    from builders import school_days

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])
    ws.append([None, None, "UPN", "Surname", "Forename", "Date of Birth", "Date", "Session", "Mark"])
    days = school_days(dt.date(2026, 9, 7), 10)
    for upn, surname, forename, marks in (("A1", "Smith", "Ann", "/\\" * 9 + "NN"),
                                          ("A2", "Jones", "Bob", "/\\" * 10)):  # fmt: skip
        first = ws.max_row + 1
        for i, day in enumerate(days):
            for j, session in enumerate(("AM", "PM")):
                ws.append([None, None, upn, surname, forename, dt.date(2015, 3, 10), day,
                           session, marks[2 * i + j]])  # fmt: skip
        for col in (3, 4, 5, 6):
            ws.merge_cells(start_row=first, start_column=col, end_row=first + 19, end_column=col)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="A1"><v></v></c>',  # an empty number: the reader does not count it
        b'<c r="A1" t="str"><f>IF(B1="","","x")</f><v></v></c>',  # a formula giving "": counted
    ],
)
def test_an_empty_cell_above_the_register_does_not_shift_its_merged_cells(tmp_path, cell):
    # A cell in A1 that shows nothing: attcli's own look for the sheet's first row and
    # column (where the reader's frame starts) and the reader's disagreed about it, so the
    # merged UPN, name and date of birth were read into the wrong rows or columns: "row
    # 3: data row with no UPN" where row 3 has A1's, or a forename left blank on A1's rows
    # with nothing said.  Read as Excel shows them: 20 sessions each, A1 18 present.
    import polars as pl

    from attcli.loaders import load_registers

    def put(parts):
        sheet = parts["xl/worksheets/sheet1.xml"]
        start = sheet.index(b"<sheetData>") + len(b"<sheetData>")
        parts["xl/worksheets/sheet1.xml"] = sheet[:start] + b'<row r="1">' + cell + b"</row>" + sheet[start:]

    path = _edit_zip(_merged_long_book(tmp_path / "merged.xlsx"), put)
    reg = load_registers([path]).register
    assert reg.filter(pl.col("forename").is_null() | pl.col("surname").is_null()).height == 0
    got = reg.group_by("upn").agg(
        pl.len().alias("n"), pl.col("mark").cast(pl.String).is_in(["/", "\\"]).sum().alias("p")
    )
    assert {u: (n, p) for u, n, p in got.sort("upn").rows()} == {"A1": (20, 18), "A2": (20, 20)}
