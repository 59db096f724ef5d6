"""An export opened in Excel (or another office program) and saved again: each effect
simulated on a small register whose right answer was worked out by hand (sweep of 3
December, "an export that office staff opened in Excel and saved again").  Either the right
answer, or one line naming the file, line and value and what would be valid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers
from builders import school_days

DAYS = school_days(dt.date(2026, 9, 7), 5)  # Mon 07/09 - Fri 11/09/2026


def _long_csv(path: Path, ids: list[str], header: str = "Person ID") -> Path:
    """A long register keyed by ``header``: one pupil an id, each present all week."""
    lines = [f"{header},Surname,Forename,Date,Session,Mark"]
    for day in DAYS:
        for session, mark in (("AM", "/"), ("PM", "\\")):
            for i, pid in enumerate(ids):
                lines.append(f"{pid},Surname{i},Forename{i},{day:%d/%m/%Y},{session},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_id_excel_wrote_in_scientific_notation_is_refused_naming_it(tmp_path):
    # Three pupils whose 12-digit ids (123456789012, 123456789034, 123456789056) Excel showed
    # as 1.23457E+11 and saved so: read as written they were one pupil (20 conflicting
    # sessions, named as the first pupil), or, had their marks agreed, silently one pupil
    # where there are three.  The digits are gone: refused in one line naming the value.
    path = _long_csv(tmp_path / "ids.csv", ["1.23457E+11", "1.23457E+11", "2.5E+11"])
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert "ids.csv, line 2" in text
    assert "'1.23457E+11'" in text
    assert "scientific notation" in text
    assert "Person ID" in text


def test_a_upn_column_of_numbers_in_scientific_notation_is_refused_too(tmp_path):
    path = _long_csv(tmp_path / "ids.csv", ["100200300", "4.00501E+11"], header="UPN")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert "ids.csv, line 3" in str(info.value) and "'4.00501E+11'" in str(info.value)


def test_ids_written_in_full_are_read_as_before(tmp_path):
    path = _long_csv(tmp_path / "ids.csv", ["123456789012", "123456789034", "E1234"])
    reg = load_registers([path]).register
    assert sorted(reg.get_column("upn").unique().to_list()) == [
        "123456789012", "123456789034", "E1234",
    ]  # fmt: skip


def _named_csv(path: Path, names: list[tuple[str, str]], encoding: str) -> Path:
    """A long register of the pupils ``(surname, forename)``, saved in ``encoding`` with CRLF
    line ends (as Excel on Windows and Mac write them)."""
    lines = ["UPN,Surname,Forename,Date,Session,Mark"]
    for day in DAYS:
        for session, mark in (("AM", "/"), ("PM", "\\")):
            for i, (surname, forename) in enumerate(names):
                lines.append(f"A9992000000{i:02d},{surname},{forename},{day:%d/%m/%Y},{session},{mark}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "shown"), [("mac_roman", "Si‰n"), ("cp437", "Siƒn")]
)
def test_a_csv_saved_in_a_mac_s_or_ms_dos_character_set_is_refused_naming_the_name(
    tmp_path, encoding, shown
):
    # Excel's 'CSV (Macintosh)' and 'CSV (MS-DOS)' write Siân's 'â' as 0x89 and 0x83, which
    # Windows-1252 (how a file that is not UTF-8 is read) reads as '‰' and 'ƒ': her letter
    # would go out to "Si‰n", with only a note that the file was read as Windows-1252.
    path = _named_csv(tmp_path / "reg.csv", [("Adams", "Amy"), ("Brown", "Siân")], encoding)
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert "reg.csv, line 3" in text
    assert repr(shown) in text
    assert "'CSV (Macintosh)' or 'CSV (MS-DOS)'" in text
    assert "CSV UTF-8" in text


def test_a_windows_1252_csv_with_accents_and_apostrophes_is_read_as_before(tmp_path):
    names = [("O’Brien", "Siân"), ("Dvořák", "Chloé"), ("Novák", "Šimon"), ("Smith–Jones", "Zoë")]
    names[1] = ("Novotna", "Chloé")  # (ř is not in Windows-1252)
    path = _named_csv(tmp_path / "reg.csv", names, "cp1252")
    result = load_registers([path])
    got = set(result.register.select("surname", "forename").unique().iter_rows())
    assert got == set(names)
    assert any("read as Windows-1252" in w for w in result.warnings)


def test_a_workbook_saved_with_a_filter_on_is_read_whole_and_says_so(tmp_path):
    # Office staff filtered the sheet to see the absences and saved it: Excel hides the
    # other rows (hidden="1") and keeps the filter.  The rows are the export's: every one is
    # read (A present all week: 10 of 10; B absent Monday: 8 of 10), and a note says so.
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Register"
    ws.append(["UPN", "Surname", "Forename", "Date", "Session", "Mark"])
    for day in DAYS:
        for session, mark in (("AM", "/"), ("PM", "\\")):
            ws.append(["A999200000001", "Adams", "Amy", day.strftime("%d/%m/%Y"), session, mark])
            b = "O" if day == DAYS[0] else mark
            ws.append(["A999200000002", "Brown", "Ben", day.strftime("%d/%m/%Y"), session, b])
            if b == mark:
                ws.row_dimensions[ws.max_row].hidden = True
            ws.row_dimensions[ws.max_row - 1].hidden = True
    ws.auto_filter.ref = f"A1:F{ws.max_row}"
    path = tmp_path / "filtered.xlsx"
    wb.save(path)
    result = load_registers([path])
    reg = result.register
    assert reg.height == 20
    present = reg.filter(pl.col("category").is_in(["present"])).group_by("upn").len()
    assert dict(present.iter_rows()) == {"A999200000001": 10, "A999200000002": 8}
    note = [w for w in result.warnings if "filter" in w]
    assert len(note) == 1
    assert "filtered.xlsx" in note[0] and "every row is read" in note[0]


def test_a_workbook_without_a_filter_has_no_such_note(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", "Date", "Session", "Mark"])
    for day in DAYS:
        ws.append(["A999200000001", "Adams", "Amy", day.strftime("%d/%m/%Y"), "AM", "/"])
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    assert not [w for w in load_registers([path]).warnings if "filter" in w]


def test_a_pupil_list_whose_ids_excel_wrote_in_scientific_notation_is_refused(tmp_path):
    # The register keeps the ids whole (123456789012); the pupil list was opened in Excel and
    # saved: 1.23457E+11 for two pupils, refused as "given to two pupils" (or, alone, "not in
    # the pupil list"), neither of which says what happened.
    from attcli.loaders import read_pupil_list

    path = tmp_path / "pupils.csv"
    path.write_text(
        "Person ID,UPN,Surname,Forename\n"
        "1.23457E+11,A999200000001,Adams,Amy\n"
        "1.23457E+11,A999200000002,Brown,Ben\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_pupil_list(path)
    text = str(info.value)
    assert "pupils.csv, line 2" in text and "'1.23457E+11'" in text
    assert "scientific notation" in text


def test_a_csv_date_of_birth_excel_turned_into_a_day_number_says_so(tmp_path):
    # The DOB column was shown as General in Excel and the CSV saved: 03/10/2014 is 41915.
    # A CSV's numbers are not read as dates (decided), but the refusal listed date formats
    # without saying that the value is Excel's day number for a date.
    path = tmp_path / "reg.csv"
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    for day in DAYS:
        lines.append(f"A999200000001,Adams,Amy,41915,{day:%d/%m/%Y},AM,/")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert "reg.csv, line 2" in text and "'41915'" in text
    assert "Excel day number (41915 would be 03/10/2014)" in text


def _rows_csv(path: Path, data_rows: int) -> Path:
    """A long register of ``data_rows`` rows (pupils P0.. present each AM of the week)."""
    lines = ["UPN,Surname,Forename,Date,Session,Mark"]
    lines += [
        f"P{i // 5},Surname{i // 5},Forename,{DAYS[i % 5]:%d/%m/%Y},AM,/" for i in range(data_rows)
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_csv_cut_at_excel_s_row_limit_is_refused(tmp_path, monkeypatch):
    # A trust's long export (7.4 million rows at 20,000 pupils) opened in Excel loads only
    # its first 1,048,576 rows, and saved again is cut there: the pupils after (by name)
    # were silently gone, the last one with part of their week.  A file of exactly that many
    # lines is refused (the limit is made small here: the rule is the same).
    import attcli.loaders._source as source

    monkeypatch.setattr(source, "EXCEL_MAX_ROWS", 12)
    cut = _rows_csv(tmp_path / "cut.csv", 11)  # 12 lines with the header
    with pytest.raises(InputError) as info:
        load_registers([cut])
    text = str(info.value)
    assert "cut.csv" in text and "12 lines" in text and "Excel" in text
    for rows in (10, 12):  # a line fewer or more: read
        reg = load_registers([_rows_csv(tmp_path / f"ok{rows}.csv", rows)]).register
        assert reg.height == rows


def test_a_sheet_full_to_excel_s_last_row_is_refused(tmp_path, monkeypatch):
    import openpyxl

    import attcli.loaders._source as source

    monkeypatch.setattr(source, "EXCEL_MAX_ROWS", 12)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", "Date", "Session", "Mark"])
    for i in range(11):
        ws.append([f"P{i // 5}", f"Surname{i // 5}", "Forename", DAYS[i % 5], "AM", "/"])
    path = tmp_path / "full.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert "full.xlsx" in str(info.value) and "row 12" in str(info.value)


def _us_excel_book(path: Path, days: list[dt.date]) -> Path:
    """A UK export (dates DD/MM/YYYY) opened in Excel set to US dates and saved as a
    workbook: a date whose day is 12 or under became a real date with day and month swapped
    (07/09/2026 -> 9 July 2026), a later one stayed text Excel could not read ('14/09/2026')."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", "Date", "Session", "Mark"])
    for day in days:
        cell = dt.datetime(day.year, day.day, day.month) if day.day <= 12 else f"{day:%d/%m/%Y}"
        for session, mark in (("AM", "/"), ("PM", "\\")):
            ws.append(["A999200000001", "Adams", "Amy", cell, session, mark])
    wb.save(path)
    return path


def test_a_uk_export_opened_in_us_excel_and_saved_as_a_workbook_is_named_so(tmp_path):
    # Mon 7 to Fri 18 September: 7-12 became real dates 9 July, 9 August (a Sunday), ...;
    # 14-18 stayed text.  Refused as "Sunday 09/08/2026 is a weekend day", which does not
    # say why; and Wed 9 and Fri 11 September alone (9 September, 9 November: weekdays,
    # 61 days apart) were read as such, silently.
    path = _us_excel_book(tmp_path / "reg.xlsx", school_days(dt.date(2026, 9, 7), 10))
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert "reg.xlsx, row 2" in text
    assert "US dates" in text and "'14/09/2026'" in text
    short = _us_excel_book(tmp_path / "short.xlsx", [dt.date(2026, 9, 9), dt.date(2026, 9, 11)])
    with pytest.raises(InputError) as info:
        load_registers([short])
    assert "US dates" in str(info.value)


def test_a_workbook_of_real_dates_alone_is_read_as_before(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", "Date", "Session", "Mark"])
    for day in DAYS:
        ws.append(["A999200000001", "Adams", "Amy", dt.datetime(day.year, day.month, day.day), "AM", "/"])
    ws.append(["A999200000001", "Adams", "Amy", "14/09/2026", "AM", "/"])  # typed as text
    path = tmp_path / "reg.xlsx"
    wb.save(path)
    reg = load_registers([path]).register
    assert sorted(reg.get_column("date").to_list()) == [*DAYS, dt.date(2026, 9, 14)]


def test_a_pupil_list_opened_in_us_excel_and_saved_as_a_workbook_is_named_so(tmp_path):
    # Dates of birth 03/10/2014, 12/01/2015 and 25/12/2014 in a UK pupil list, opened in Excel
    # set to US dates and saved: 10 March 2014 and 1 December 2015 (real dates, silently
    # wrong: a pupil's compulsory school age and the LA file's date of birth), and the text
    # '25/12/2014' Excel could not read.
    import openpyxl

    from attcli.loaders import read_pupil_list

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", "Date of Birth"])
    ws.append(["A999200000001", "Adams", "Amy", dt.datetime(2014, 3, 10)])
    ws.append(["A999200000002", "Brown", "Ben", dt.datetime(2015, 12, 1)])
    ws.append(["A999200000003", "Cole", "Cai", "25/12/2014"])
    path = tmp_path / "pupils.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_pupil_list(path)
    text = str(info.value)
    assert "pupils.xlsx, row 2" in text and "US dates" in text and "'25/12/2014'" in text
    # a list of real dates (any day) and no text, or text of any day, reads as before
    ws["D4"] = dt.datetime(2014, 12, 25)
    wb.save(path)
    dobs = read_pupil_list(path).pupils.get_column("dob").to_list()
    assert dobs == [dt.date(2014, 3, 10), dt.date(2015, 12, 1), dt.date(2014, 12, 25)]


def test_a_register_s_dates_of_birth_read_month_first_by_excel_are_named(tmp_path):
    # Arbor's session dates 'Wed, 09 Sep 2026' are text Excel leaves alone; the dates of birth
    # beside them it read month first (03/10/2014 -> 10 March 2014), '25/12/2014' left text.
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", "Date of Birth", "Date", "Session", "Mark"])
    births = {"A999200000001": dt.datetime(2014, 3, 10), "A999200000002": "25/12/2014"}
    for day in DAYS:
        for upn, born in births.items():
            ws.append([upn, "S", "F", born, f"{day:%a, %d %b %Y}", "AM", "/"])
    path = tmp_path / "arbor.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert "arbor.xlsx, row 2" in text and "date of birth" in text and "US dates" in text


@pytest.mark.parametrize(
    ("encoding", "name", "byte"), [("cp437", "Müller", "0x81"), ("mac_roman", "Françoise", "0x8D")]
)
def test_a_byte_windows_1252_lacks_names_its_line_and_the_mac_or_dos_save(
    tmp_path, encoding, name, byte
):
    # 'ü' in code page 437 and 'ç' in Mac Roman are bytes Windows-1252 has no character
    # for: refused as "neither UTF-8 nor Windows-1252 text (byte 56)", no line, no value,
    # and no word of the save that made it.
    path = _named_csv(tmp_path / "reg.csv", [("Adams", "Amy"), (name, "Ben")], encoding)
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert "reg.csv, line 3" in text and byte in text
    assert "'CSV (Macintosh)' or 'CSV (MS-DOS)'" in text


def test_a_packed_marks_cell_excel_made_an_error_value_is_named_so(tmp_path):
    # A packed string starting with '-' (no mark recorded) that Excel took for a formula
    # and saved as '#NAME?': refused as "unknown attendance code 'A' ... position 3 of the
    # string", a code no one typed.
    path = tmp_path / "packed.csv"
    path.write_text(
        "UPN,Surname,Forename,Start Date,Attendance Marks\r\n"
        'A999200000001,Adams,Amy,07/09/2026,"/,\\,/,\\,/,\\,/,\\,/,\\"\r\n'
        "A999200000002,Brown,Ben,07/09/2026,#NAME?\r\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert "packed.csv, line 3" in text and "'#NAME?'" in text and "Excel" in text
    assert "unknown attendance code" not in text


def test_registration_groups_excel_made_dates_of_are_said(tmp_path):
    # Form groups '7/1' and '7/2' in a CSV opened in Excel become the dates 7 January and 7
    # February, saved as '07-Jan' and '07-Feb': shown in the check and the letters as the
    # pupils' groups, unsaid.  Read as exported (attcli cannot know the group), with a note.
    path = tmp_path / "reg.csv"
    lines = ["UPN,Surname,Forename,Registration Form,Date,Session,Mark"]
    for day in DAYS:
        lines.append(f"A999200000001,Adams,Amy,07-Jan,{day:%d/%m/%Y},AM,/")
        lines.append(f"A999200000002,Brown,Ben,07-Feb,{day:%d/%m/%Y},AM,/")
        lines.append(f"A999200000003,Cole,Cai,7C,{day:%d/%m/%Y},AM,/")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_registers([path])
    notes = [w for w in result.warnings if "registration group" in w]
    assert len(notes) == 1
    assert "reg.csv" in notes[0] and "2 registration groups" in notes[0]
    assert "'07-Feb', which would be '7/2' or '7-2'" in notes[0]
    assert sorted(result.register.get_column("reg_group").unique().to_list()) == [
        "07-Feb", "07-Jan", "7C",
    ]  # fmt: skip
