"""Sweep: the bytes of a register export as schools' machines really write them (4 December
(second), dialects).

One small register whose figures are worked out by hand, written in each shipped layout
(long, wide, packed marks) and then in the dialects a school's machine produces: line
endings, a file cut short by an interrupted download, encodings, workbooks.  Each must give
the clean file's figures, or stop in one line naming the file and line.

The register: three pupils, Mon 07/09 - Fri 18/09/2026 (10 school days, 20 sessions):

- Ashworth, Tom: present throughout: 20/20.
- Brown, Zoë: `I` both sessions Mon 14/09: 18/20.
- Cole, Siân: `N` on Fri 18/09 PM, her last session and the file's last mark: 19/20.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from builders import school_days
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

DAYS = school_days(__import__("datetime").date(2026, 9, 7), 10)
_CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn(serial: int) -> str:
    digits = f"999200119{serial:03d}"
    return _CHECK[sum(int(c) * w for c, w in zip(digits, range(2, 14), strict=True)) % 23] + digits


def _marks(i: int) -> list[str]:
    out = ["/", "\\"] * 10
    if i == 1:
        out[10:12] = ["I", "I"]
    if i == 2:
        out[19] = "N"
    return out


PUPILS = [(upn(1), "Ashworth", "Tom"), (upn(2), "Brown", "Zoë"), (upn(3), "Cole", "Siân")]
#: upn -> (attended, possible), worked out by hand above
FIGURES = {upn(1): (20, 20), upn(2): (18, 20), upn(3): (19, 20)}


def long_rows(pupils=PUPILS) -> tuple[list[str], list[list[str]]]:
    head = ["UPN", "Legal Surname", "Legal Forename", "Year", "Date", "Session", "Mark"]
    body = []
    for i, (u, sn, fn) in enumerate(pupils):
        marks = _marks(i)
        for d, day in enumerate(DAYS):
            for s, session in enumerate(("AM", "PM")):
                body.append([u, sn, fn, "Year 8", f"{day:%d/%m/%Y}", session, marks[2 * d + s]])
    return head, body


def wide_rows(pupils=PUPILS) -> tuple[list[str], list[list[str]]]:
    head = ["Name", "UPN", "Year"] + [
        f"{day:%a %d/%m/%Y} {s}" for day in DAYS for s in ("AM", "PM")
    ]
    body = [[f"{sn}, {fn}", u, "8", *_marks(i)] for i, (u, sn, fn) in enumerate(pupils)]
    return head, body


def packed_rows(pupils=PUPILS) -> tuple[list[str], list[list[str]]]:
    """Packed marks with no commas: one character a session from the start date."""
    head = ["UPN", "Surname", "Forename", "Attendance Start Date", "Attendance Marks"]
    body = [[u, sn, fn, f"{DAYS[0]:%d/%m/%Y}", "".join(_marks(i))]
            for i, (u, sn, fn) in enumerate(pupils)]  # fmt: skip
    return head, body


LAYOUTS = {"long": long_rows, "wide": wide_rows, "packed": packed_rows}


def csv_text(table: tuple[list[str], list[list[str]]], end: str = "\r\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=end)
    for row in [table[0], *table[1]]:
        writer.writerow(row)
    return buf.getvalue()


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws"), AUTUMN_HALF_TERMS)


def figures(path: Path, config: Path) -> dict[str, tuple[int, int]]:
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    assert code == 0, err
    return {p["upn"]: (p["attended"], p["possible"]) for p in json.loads(out)["pupils"]}


def refusal(path: Path, config: Path) -> str:
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    assert code == 1, out
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_clean_register_gives_the_figures_worked_by_hand(layout, tmp_path, config):
    path = tmp_path / "register.csv"
    path.write_text(csv_text(LAYOUTS[layout]()), encoding="utf-8")
    assert figures(path, config) == FIGURES


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_whole_register_without_a_last_line_break_is_read(layout, tmp_path, config):
    path = tmp_path / "register.csv"
    path.write_text(csv_text(LAYOUTS[layout]()).rstrip("\r\n"), encoding="utf-8")
    assert figures(path, config) == FIGURES


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_a_download_cut_just_before_the_last_mark_is_refused(layout, tmp_path, config):
    # The file stops right after the comma before Siân's last mark (N, Fri 18/09 PM): the
    # last line has all its cells, the last one empty, and no line break.  It was read as a
    # blank cell at the end of her time on roll: 19/19 (100 %) instead of 19/20, unsaid.
    text = csv_text(LAYOUTS[layout]()).rstrip("\r\n")
    assert text.endswith(",N")
    path = tmp_path / "register.csv"
    path.write_text(text[:-1], encoding="utf-8")
    message = refusal(path, config)
    lines = text.count("\n") + 1
    assert f"register.csv, line {lines}:" in message
    assert "cut short" in message


def test_a_last_cell_empty_like_the_line_above_s_is_read(tmp_path, config):
    # A wide export made before Friday afternoon's register (the PM column blank for every
    # pupil) and written without a last line break: whole, read as it is.
    head, body = wide_rows()
    for row in body:
        row[-1] = ""
    path = tmp_path / "register.csv"
    path.write_text(csv_text((head, body)).rstrip("\r\n"), encoding="utf-8")
    got = figures(path, config)
    assert got == {upn(1): (19, 19), upn(2): (17, 19), upn(3): (19, 19)}


def test_a_download_cut_inside_a_packed_marks_string_is_refused(tmp_path, config):
    # Packed marks without commas, the file cut 7 characters before the end of Siân's string:
    # her marks stopped on Wed 16/09 PM, read as her leaving then (14/14), unsaid.
    text = csv_text(packed_rows()).rstrip("\r\n")
    path = tmp_path / "register.csv"
    for cut in (1, 7, 19):
        path.write_text(text[:-cut], encoding="utf-8")
        message = refusal(path, config)
        assert "register.csv, line 4:" in message and "cut short" in message


def _book(path: Path, edit=None) -> Path:
    head, body = long_rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(head)
    for row in body:
        ws.append(row)
    if edit is not None:
        edit(ws)
    wb.save(path)
    return path


def test_a_stray_cell_on_a_sheet_s_last_row_is_no_full_sheet(tmp_path, config):
    # A space typed in A1048576 (Ctrl+Down, a key pressed) under a register of 61 rows: the
    # sheet was refused as "full to row 1,048,576 ... the register's rows after it are not
    # in the workbook", which they were not.  The register is whole: read.
    def stray(ws):
        ws.cell(row=1_048_576, column=1).value = " "

    assert figures(_book(tmp_path / "register.xlsx", stray), config) == FIGURES


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_line_ended_by_a_carriage_return_alone_is_named_as_such(layout, tmp_path, config):
    # A CRLF export with one line ended by CR alone (a line mended on a Mac, or pasted from
    # an old Mac export): that line and the next read as one row with too many cells, and
    # the message said to put a comma-holding cell in quotes, a comma there is none of.
    lines = csv_text(LAYOUTS[layout]()).split("\r\n")
    path = tmp_path / "register.csv"
    path.write_bytes(("\r\n".join(lines[:2]) + "\r" + "\r\n".join(lines[2:])).encode())
    message = refusal(path, config)
    assert "register.csv, line 2:" in message
    assert "carriage return" in message and "in quotes" not in message


@pytest.mark.parametrize("row", [1, 2])
def test_an_unquoted_comma_in_the_first_row_is_named_like_any_row_s(row, tmp_path, config):
    # 'Ashworth, Jo, Tom' unquoted: two cells more than the header.  In the first row below
    # the header the CSV reader's own words came out ("CSV file contained column names not
    # specified in schema (n_extra = 1). Specify these names in the schema, or pass
    # `extra_columns='ignore'`"), with no line; in any later row, the line and the cell.
    head, body = long_rows()
    lines = csv_text((head, body)).split("\r\n")
    lines[row] = lines[row].replace(",Ashworth,", ",Ashworth, Jo, Jr,", 1)
    path = tmp_path / "register.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    message = refusal(path, config)
    assert f"register.csv, line {row + 1}: more cells than the header row" in message
    assert "schema" not in message


def test_a_download_cut_inside_a_last_column_of_names_is_refused(tmp_path, config):
    # A long export whose last column is the surname, cut two letters into Siân's last
    # 'Cole': read, her surname was 'Co' (the later name taken, as after a marriage) in
    # every output, unsaid.
    head, body = long_rows()
    order = [0, 2, 3, 4, 5, 6, 1]
    text = csv_text(([head[i] for i in order], [[r[i] for i in order] for r in body]))
    text = text.rstrip("\r\n")
    assert text.endswith(",N,Cole")
    path = tmp_path / "register.csv"
    for cut in (1, 2, 3):
        path.write_text(text[:-cut], encoding="utf-8")
        message = refusal(path, config)
        assert "register.csv, line 61:" in message and "cut short" in message
    path.write_text(text, encoding="utf-8")  # whole, with no last line break: read
    assert figures(path, config) == FIGURES


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_lines_ended_by_carriage_returns_with_a_line_break_in_a_name_are_named(
    layout, tmp_path, config
):
    # A Mac's 'Comma Separated Values': every line ended by CR alone, and a line break (LF)
    # typed inside a quoted name.  The LF made the file look like one of LF lines, and it
    # was refused as "cut short: export it again", which gives the same file again.
    head, body = LAYOUTS[layout]()
    for row in body:
        for i, cell in enumerate(row):
            row[i] = cell.replace("Ashworth", "Ash\nworth")
    path = tmp_path / "register.csv"
    path.write_bytes(csv_text((head, body), "\r").encode())
    message = refusal(path, config)
    assert "carriage return alone" in message and "cut short" not in message


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("last_break", [True, False])
def test_a_dos_end_of_file_mark_after_the_last_row_is_the_file_s_end(
    layout, last_break, tmp_path, config
):
    # Two halves of the register joined with Windows' `copy a.csv+b.csv all.csv`, which
    # ends the file with Ctrl+Z (0x1A), MS-DOS's end-of-file mark: refused as "cut short:
    # export it again" (a line of one cell, '\x1a'), or, with no line break before it, as
    # an unknown code '\\\x1a'.  The file ends there: the same figures.
    head, body = LAYOUTS[layout]()
    half = len(body) // 2
    data = csv_text((head, body[:half])).encode("utf-8-sig")
    data += csv_text((head, body[half:])).encode("utf-8-sig")
    if not last_break:
        data = data.rstrip(b"\r\n")
    path = tmp_path / "register.csv"
    path.write_bytes(data + b"\x1a")
    assert figures(path, config) == FIGURES


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_two_files_each_ended_by_ctrl_z_joined_into_one_read_as_one(layout, tmp_path, config):
    # Each half ends with Ctrl+Z (as `copy` leaves it), then joined: the second header row
    # starts '\x1a' and a byte-order mark, and was read as a pupil row ("date of birth not a
    # date: 'Date of Birth'").  It is the repeated header of a joined file.
    head, body = LAYOUTS[layout]()
    half = len(body) // 2
    data = csv_text((head, body[:half])).encode("utf-8-sig") + b"\x1a"
    data += csv_text((head, body[half:])).encode("utf-8-sig") + b"\x1a"
    path = tmp_path / "register.csv"
    path.write_bytes(data)
    assert figures(path, config) == FIGURES


def test_a_last_cell_empty_as_its_column_often_is_is_read(tmp_path, config):
    # A long export with a last column of notes, mostly empty: the line above the last has
    # one, the last none, and the file has no last line break.  An empty cell is one of
    # that column's values: the file is whole, read.
    head, body = long_rows()
    head = [*head, "Comment"]
    body = [[*row, ""] for row in body]
    body[-2][-1] = "late bus"
    path = tmp_path / "register.csv"
    path.write_text(csv_text((head, body)).rstrip("\r\n"), encoding="utf-8")
    assert figures(path, config) == FIGURES


def names(path: Path, config: Path) -> set[str]:
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    assert code == 0, err
    return {f"{p['forename']} {p['surname']}" for p in json.loads(out)["pupils"]}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_utf8_byte_order_mark_before_windows_1252_text_is_no_part_of_the_header(
    layout, tmp_path, config
):
    # A UTF-8 export's byte-order mark, then Windows-1252 text (an older export of the same
    # report joined after the first's header, or pasted into a file an editor saved "UTF-8
    # with BOM"): read as Windows-1252, the mark was 'ï»¿' in the first header cell, and
    # the file was refused as having no header, with a hint to tell attcli the column is
    # named 'ï»¿UPN'.
    path = tmp_path / "register.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(LAYOUTS[layout]()).encode("cp1252"))
    assert figures(path, config) == FIGURES
    assert names(path, config) == {"Tom Ashworth", "Zoë Brown", "Siân Cole"}


def _wide_book(path: Path, edit) -> Path:
    """The wide register as a workbook an office made: Name, UPN, Year, then a column a
    session; ``edit(ws)`` changes it before it is saved."""
    head, body = wide_rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(head)
    for row in body:
        ws.append(row)
    edit(ws)
    wb.save(path)
    return path


def test_a_day_s_code_typed_once_in_cells_merged_over_am_and_pm_is_both_sessions(
    tmp_path, config
):
    # Zoë's illness on Mon 14/09 typed once, 'I' in a cell merged over its AM and PM columns
    # (as Excel shows it: one I across the day).  Excel keeps the value in the AM cell only:
    # her PM was read blank, a missing mark, 17/19 instead of 18/20.
    def merge(ws):
        ws["O3"] = None  # (the PM cell, under Mon 14/09 PM: merged cells keep no value)
        ws.merge_cells("N3:O3")

    path = _wide_book(tmp_path / "register.xlsx", merge)
    assert openpyxl.load_workbook(path).active["N1"].value == "Mon 14/09/2026 AM"
    assert figures(path, config) == FIGURES


def test_a_form_merged_down_its_pupils_rows_and_a_merged_heading_row(tmp_path, config):
    # The Year column merged down the three pupils ('8' shown once for all), and a heading
    # row 'Year 8' merged across the sheet above them: the heading is skipped as a heading,
    # the year read for every pupil.
    def merge(ws):
        ws.insert_rows(2)
        ws["A2"] = "Year 8"
        ws.merge_cells("A2:W2")
        ws["C4"] = ws["C5"] = None
        ws.merge_cells("C3:C5")

    path = _wide_book(tmp_path / "register.xlsx", merge)
    assert figures(path, config) == FIGURES
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    assert {p["year_group"] for p in json.loads(out)["pupils"]} == {"8"}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("title", [False, True])
def test_a_carriage_return_alone_after_the_header_drops_no_row(layout, title, tmp_path, config):
    # The header row (or a title row above it) ended by CR alone in a CRLF file: the header
    # search counted the CR as a line's end, the reader did not, and the first pupil row was
    # skipped with the header: Tom's first session gone (long), or Tom gone (wide, packed),
    # unsaid.  Refused, naming the line and the carriage return.
    lines = csv_text(LAYOUTS[layout]()).split("\r\n")
    if title:
        lines.insert(0, "Oakfield Academy attendance")
    path = tmp_path / "register.csv"
    path.write_bytes((lines[0] + "\r" + "\r\n".join(lines[1:])).encode())
    message = refusal(path, config)
    assert "register.csv, line 1:" in message and "carriage return" in message


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_name_excel_saved_with_a_question_mark_for_its_letter_is_said(
    layout, tmp_path, config
):
    # Excel's 'CSV (Comma delimited)' writes Windows-1252, which has no 'Ł': Łukasz was
    # saved as '?ukasz', and went into every output and letter so, unsaid.  The figures are
    # right; the name is not, and attcli cannot know the letter: said, naming the pupil.
    table = LAYOUTS[layout]([(PUPILS[0][0], "Kowalski", "?ukasz"), *PUPILS[1:]])
    path = tmp_path / "register.csv"
    path.write_bytes(csv_text(table).encode("cp1252"))
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    assert code == 0, err
    got = json.loads(out)
    assert {p["upn"]: (p["attended"], p["possible"]) for p in got["pupils"]} == FIGURES
    said = [w for w in got["warnings"] if "?ukasz" in w]
    assert len(said) == 1 and "UTF-8" in said[0] and upn(1) in said[0]


def test_a_pupil_list_name_saved_with_a_question_mark_is_said(tmp_path, config):
    # SIMS' register by PersonID takes the names from the pupil list: one Excel saved as
    # 'CSV (Comma delimited)' holds '?ukasz'.
    ids = {u: str(1000 + i) for i, (u, _, _) in enumerate(PUPILS)}
    head, body = long_rows()
    register = (["PersonID", "AttendanceDate", "SessionName", "AttendanceMark"],
                [[ids[r[0]], r[4], r[5], r[6]] for r in body])  # fmt: skip
    listed = (["MIS ID", "UPN", "Surname", "Forename", "Year"],
              [[ids[u], u, sn, "?ukasz" if fn == "Tom" else fn, "8"]
               for u, sn, fn in PUPILS])  # fmt: skip
    (tmp_path / "register.csv").write_text(csv_text(register), encoding="utf-8")
    (tmp_path / "pupils.csv").write_bytes(csv_text(listed).encode("cp1252"))
    code, out, err = run_cli(
        "check", "--format", "json", "--pupils", tmp_path / "pupils.csv",
        tmp_path / "register.csv", "--config", config, "--as-of", "2026-09-18",
    )  # fmt: skip
    assert code == 0, err
    got = json.loads(out)
    assert {p["upn"]: (p["attended"], p["possible"]) for p in got["pupils"]} == FIGURES
    said = [w for w in got["warnings"] + err.splitlines() if "?ukasz" in w]
    assert said and "pupils.csv" in said[0] and "UTF-8" in said[0]


def test_a_contact_name_saved_with_a_question_mark_is_said(tmp_path, config):
    # The contacts export saved by Excel as 'CSV (Comma delimited)': the letter to Ms
    # Kowalska of Łódź Road was to go to 'Ms Kowa?ska, ?ód? Road', unsaid.
    from attcli.contacts import load_contacts

    head = ["UPN", "Contact Title", "Contact Forename", "Contact Surname", "Priority",
            "Address Line 1", "Town", "Postcode"]  # fmt: skip
    rows = [[u, "Ms", "Anna", "Kowa?ska" if i == 0 else sn, "1",
             "1 ?ód? Road" if i == 0 else "2 Elm Road", "Anytown", "AN1 1AB"]
            for i, (u, sn, _) in enumerate(PUPILS)]  # fmt: skip
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_text((head, rows)).encode("cp1252"))
    said = [n for n in load_contacts(path).notes if "Kowa?ska" in n]
    assert len(said) == 1 and upn(1) in said[0] and "?ód? Road" in said[0]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_cr_cr_lf_lines_under_a_title_row_drop_no_pupil(layout, tmp_path, config):
    # Lines ended CR CR LF (a CSV written through Windows' text mode twice: a script's
    # csv.writer without newline='') under a title row and a blank line: the header search
    # counted each CR as a line's end, the reader did not, so the header was taken to end
    # lines further down: Tom's first sessions (long), or Tom and Zoë (wide, packed) were
    # skipped with it, unsaid.
    text = "Oakfield Academy attendance\r\r\n\r\r\n" + csv_text(LAYOUTS[layout](), "\r\r\n")
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode())
    assert figures(path, config) == FIGURES


def test_a_wide_export_s_last_pupil_who_left_is_read_without_a_last_line_break(
    tmp_path, config
):
    # Google Sheets writes no line break after the last row.  Siân, the last row, left
    # after Wed 16/09: her last four cells are blank (no longer on roll), the row above's
    # are not.  A row of blanks to its end is a leaver, not a cut: read, 14/14.
    head, body = wide_rows()
    body[-1][-4:] = ["", "", "", ""]
    path = tmp_path / "register.csv"
    path.write_text(csv_text((head, body)).rstrip("\r\n"), encoding="utf-8")
    assert figures(path, config) == {**FIGURES, upn(3): (16, 16)}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_cells_written_as_excel_text_formulas_are_read_as_their_text(layout, tmp_path, config):
    # An export that writes each id and date as ="..." (so Excel shows it as text, keeping
    # leading zeros): the UPN was read as '="E999200119001"', in every output and the LA
    # files, unsaid; a date so written was refused as no date.
    head, body = LAYOUTS[layout]()
    at = [i for i, h in enumerate(head) if h in ("UPN", "Date", "Attendance Start Date")]
    body = [[f'="{c}"' if i in at else c for i, c in enumerate(row)] for row in body]
    path = tmp_path / "register.csv"
    path.write_text(csv_text((head, body)), encoding="utf-8")
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    assert code == 0, err
    got = json.loads(out)
    assert {p["upn"]: (p["attended"], p["possible"]) for p in got["pupils"]} == FIGURES
    assert any('="' in w and "text" in w for w in got["warnings"])


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_last_line_of_spaces_alone_is_no_row_cut_short(layout, tmp_path, config):
    # A file mended in Notepad, ending in a line of spaces with no line break: refused as
    # "the file ends in the middle of a row ... cut short", which it is not.
    path = tmp_path / "register.csv"
    path.write_text(csv_text(LAYOUTS[layout]()) + "   ", encoding="utf-8")
    assert figures(path, config) == FIGURES


def _ods(path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)  # fmt: skip
        z.writestr("content.xml", "<office:document-content/>")
    return path


@pytest.mark.parametrize("name", ["register.xlsx", "register.ods", "register.csv"])
def test_a_libreoffice_spreadsheet_is_named_as_one(name, tmp_path, config):
    # A register saved by LibreOffice Calc in its own format (.ods), given as it is or
    # renamed: it was "a zip archive with no workbook in it (a Word or other Office
    # document?)", or "unsupported file type '.ods'".
    message = refusal(_ods(tmp_path / name), config)
    assert f"{name}:" in message and "OpenDocument" in message and ".xlsx" in message
