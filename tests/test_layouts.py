"""The register layouts schools really export (issue 14), one small file each in
tests/data/layouts (synthetic pupils), each loaded with no config or with exactly the
[columns] lines a refusal printed.

Each pupil's figures are worked out by hand in the comments below (DOMAIN.md 1: `-` and a
blank mark inside the pupil's time on roll are missing marks, left out of possible; outside
it, nothing) and recounted from the loaded rows by a plain loop, not by attcli's engine.
Every refusal is a golden test of its exact text.  Where each layout comes from is in
docs/presets.md."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tomllib
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from attcli.errors import AttcliError, InputError
from attcli.loaders import (
    LoadResult,
    load_registers,
    read_pupil_list,
    require_upns,
)
from clirun import run_cli
from school import contacts_file, make_workspace

DATA = Path(__file__).parent / "data" / "layouts"

# DOMAIN.md 1, written out here so the figures do not lean on attcli.codes.
ATTENDED = set("/\\L") | set("KVPWB") | {"J"}
ABSENT = {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "H", "F", "G", "N", "O", "U"}
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#", "Y"} | {f"Y{i}" for i in range(1, 8)}
SUBCODES = {"I01": "I", "I_F": "I"} | {f"X0{i}": "X" for i in range(1, 8)}


def figures(
    register: pl.DataFrame, roll: dict[str, tuple[dt.date | None, dt.date | None]] | None = None
) -> dict[str, tuple[int, int, int]]:
    """Per pupil (possible, attended, missing marks), by a plain loop over the loaded rows.

    Time on roll: from a pupil list's joining to leaving date when given, else from the
    pupil's first mark to their last (a blank cell is no mark; `-` is one)."""
    rows: dict[str, list[tuple[dt.date, str, str]]] = {}
    for upn, date, session, raw in register.select("upn", "date", "session", "raw_mark").rows():
        rows.setdefault(upn, []).append((date, session, (raw or "").strip().upper()))
    out = {}
    for upn, marks in rows.items():
        marks.sort()  # by date, then AM before PM
        if roll is not None and upn in roll:
            joined, left = roll[upn]
            first = (joined or dt.date.min, "AM")
            last = (left or dt.date.max, "PM")
        else:
            marked = [(d, s) for d, s, raw in marks if raw]
            first, last = min(marked), max(marked)
        possible = attended = missing = 0
        for date, session, raw in marks:
            if not first <= (date, session) <= last:
                continue  # outside the time on roll: nothing
            code = SUBCODES.get(raw, raw)
            if code in ("", "-"):
                missing += 1
            elif code in ATTENDED:
                possible += 1
                attended += 1
            elif code in ABSENT:
                possible += 1
            else:
                assert code in NOT_POSSIBLE, code
        out[upn] = (possible, attended, missing)
    return out


def load(name: str, **kwargs) -> LoadResult:
    return load_registers([DATA / name], **kwargs)


def refusal(paths, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        load_registers(paths, **kwargs)
    return str(info.value)


def mis_id_warnings(result: LoadResult) -> list[str]:
    return [w for w in result.warnings if "MIS id" in w]


# --- sessions from times: Arbor's startDatetime ----------------------------------------


def test_arbor_times_give_the_session():
    result = load("arbor_times.csv")
    reg = result.register
    # A: 20 sessions 07/09-18/09; N (Tue PM), L (Wed AM, at 09:05), '-' (Thu 10 AM: missing),
    #    I (Fri 18 PM): possible 19 (20 - 1 missing), attended 17 (16 present + L).
    # B: 20 sessions, M M on Mon 14: possible 20, attended 18.
    # C: joins Mon 14/09 (no rows before): 10 sessions, U on Wed 16 PM: possible 10, att 9.
    assert figures(reg) == {
        "A999300000001": (19, 17, 1),
        "A999300000002": (20, 18, 0),
        "A999300000003": (10, 9, 0),
    }
    late = reg.filter(pl.col("raw_mark") == "L").select("upn", "date", "session", "line")
    assert late.rows() == [("A999300000001", dt.date(2026, 9, 9), "AM", 10)]
    assert reg.filter(pl.col("session") == "PM").height == 25
    # a `student` column of ids is the MIS id, never a name
    assert reg.select("upn", "mis_id", "surname", "forename").unique().sort("upn").rows() == [
        ("A999300000001", "1201", "Ahmed", "Sara"),
        ("A999300000002", "1202", "Brown", "Tom"),
        ("A999300000003", "1203", "Carter", "Leah"),
    ]
    assert result.keyed_by == "upn"
    assert result.files[0].skipped == [
        "column 'student' holds ids, not names: read as the pupil's MIS id",
        "no session column: each row's session (AM or PM) is read from its time in column "
        "'startDatetime'",
        "columns not used: 'endDatetime'",
    ]


def test_pm_from_sets_the_cut_off(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(
        "UPN,Legal First Name,Legal Last Name,Start Time,Date,Mark\n"
        "A1,Sara,Ahmed,08:50,07/09/2026,/\n"
        "A1,Sara,Ahmed,12:10,07/09/2026,\\\n",
        encoding="utf-8",
    )
    rows = load_registers([path]).register.select("session", "raw_mark").rows()
    assert rows == [("AM", "/"), ("PM", "\\")]
    with pytest.raises(InputError) as info:
        load_registers([path], pm_from=dt.time(12, 30))
    assert str(info.value) == (
        f"{path}: two marks in one half-day: UPN A1 on 07/09/2026 AM at 08:50 (line 2, mark "
        "'/') and at 12:10 (line 3, mark '\\\\') (column 'Start Time'). The session is read "
        "from the time (before 12:30 is AM, set by pm_from under [sessions] in attcli.toml) "
        "and a session has one mark: export the AM and PM registers only, not lesson registers"
    )


def test_two_marks_in_one_half_day_name_both_lines():
    assert refusal([DATA / "two_in_half_day.csv"]) == (
        f"{DATA / 'two_in_half_day.csv'}: two marks in one half-day: UPN A999300000001 on "
        "07/09/2026 AM at 08:45 (line 2, mark '/') and at 10:05 (line 3, mark 'N') (column "
        "'startDatetime'). The session is read from the time (before 12:00 is AM, set by "
        "pm_from under [sessions] in attcli.toml) and a session has one mark: export the AM "
        "and PM registers only, not lesson registers"
    )


@pytest.mark.parametrize("column", ["Date", "Start Time"])
def test_a_column_of_dates_and_times_gives_the_date_and_session(tmp_path, column):
    """A Date column of date-times and no session column; and the other way round
    (sweep3): a 'Start Time' column that holds each session's date and time, and no date
    column, was refused "the header row has no other column that could hold the date"
    though it held them.  Both are read as a date and time, as 'Start Datetime' is."""
    path = tmp_path / "reg.csv"
    path.write_text(
        f"UPN,Surname,Forename,{column},Mark\n"
        "A1,Ahmed,Sara,07/09/2026 08:45,/\n"
        "A1,Ahmed,Sara,07/09/2026 13:20,N\n",
        encoding="utf-8",
    )
    result = load_registers([path])
    assert result.register.select("date", "session", "raw_mark").rows() == [
        (dt.date(2026, 9, 7), "AM", "/"),
        (dt.date(2026, 9, 7), "PM", "N"),
    ]


def test_a_time_column_of_times_alone_still_needs_a_date_column(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(
        "UPN,Surname,Forename,Start Time,Mark\nA1,Ahmed,Sara,08:45,/\n", encoding="utf-8"
    )
    assert "missing date" in refusal([path])


def test_a_midnight_time_is_no_session(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(
        "UPN,Surname,Forename,Start Datetime,Mark\n"
        "A1,Ahmed,Sara,2026-09-07 08:45:00,/\n"
        "A1,Ahmed,Sara,2026-09-08 00:00:00,/\n",
        encoding="utf-8",
    )
    assert refusal([path]) == (
        f"{path}, line 3: the time is 00:00 (midnight), which is no session's time: the export "
        "may hold dates without times (column 'Start Datetime'): '2026-09-08 00:00:00'"
    )


def test_a_session_column_of_ids_beside_times_is_not_the_session(tmp_path):
    # Arbor's AttendanceRecord has `session`, a reference to the Session record, not AM/PM.
    path = tmp_path / "reg.csv"
    path.write_text(
        "upn,legalFirstName,legalLastName,session,startDatetime,attendanceMark\n"
        "A1,Sara,Ahmed,88231,2026-09-07 08:45:00,/\n"
        "A1,Sara,Ahmed,88240,2026-09-07 13:15:00,\\\n",
        encoding="utf-8",
    )
    result = load_registers([path])
    assert result.register.select("session").to_series().to_list() == ["AM", "PM"]
    assert "column 'session' holds no AM/PM: not used as the session" in result.files[0].skipped


# --- registers keyed by an MIS id ------------------------------------------------------


def test_sims_person_id_without_a_pupil_list():
    result = load("sims_personid.csv")
    reg = result.register
    # 6420: 10 sessions, '-' Mon PM (missing), N Fri AM: possible 9, attended 8.
    # 6421: I I on Tue; Fri blank after the last mark (left): possible 8, attended 6.
    # 6422: Mon, Tue blank before the first mark (joined Wed); '-' Thu PM: possible 5, att 5.
    assert figures(reg) == {"6420": (9, 8, 1), "6421": (8, 6, 0), "6422": (5, 5, 1)}
    assert result.keyed_by == "mis_id"
    assert mis_id_warnings(result) == [
        "pupils are identified by their MIS id (column 'PersonID'): give --pupils FILE with "
        "UPNs and names for letters and LA files"
    ]
    assert reg.select("upn", "mis_id", "surname", "forename").unique().sort("upn").rows() == [
        ("6420", "6420", None, None),
        ("6421", "6421", None, None),
        ("6422", "6422", None, None),
    ]
    with pytest.raises(AttcliError) as info:
        require_upns(result, "letters")
    assert str(info.value) == (
        "letters needs each pupil's UPN and name, but the register identifies pupils only by "
        "their MIS id: give --pupils FILE, a pupil list with each pupil's MIS id, UPN and name"
    )


def test_sims_person_id_with_a_pupil_list():
    pupils = read_pupil_list(DATA / "sims_pupils.csv")
    result = load("sims_personid.csv", pupils=pupils)
    reg = result.register
    assert result.keyed_by == "upn"
    assert mis_id_warnings(result) == []
    require_upns(result, "letters")  # does not stop
    assert reg.select(
        "upn", "surname", "forename", "year_group", "reg_group", "dob", "mis_id"
    ).unique().sort("upn").rows() == [
        ("A999310000001", "Hughes", "Amira", "8", "8H", dt.date(2013, 3, 3), "6420"),
        ("A999310000002", "Iqbal", "Noah", "8", "8H", dt.date(2012, 11, 21), "6421"),
        ("A999310000003", "Jones", "Evie", "8", "8J", dt.date(2013, 7, 14), "6422"),
    ]
    assert result.roll_dates.rows() == [
        (None, "A999310000001", dt.date(2025, 9, 2), None),
        (None, "A999310000002", dt.date(2025, 9, 2), dt.date(2026, 9, 10)),
        (None, "A999310000003", dt.date(2026, 9, 9), None),
    ]
    roll = {upn: (joined, left) for _, upn, joined, left in result.roll_dates.rows()}
    # The joining and leaving dates agree with the marks: the same figures as without them.
    assert figures(reg, roll) == {
        "A999310000001": (9, 8, 1),
        "A999310000002": (8, 6, 0),
        "A999310000003": (5, 5, 1),
    }


def test_an_id_not_in_the_pupil_list(tmp_path):
    short = tmp_path / "pupils.csv"
    lines = (DATA / "sims_pupils.csv").read_text(encoding="utf-8").splitlines()
    short.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    path = DATA / "sims_personid.csv"
    assert refusal([path], pupils=read_pupil_list(short)) == (
        f"{path}, line 6: MIS id '6422' is not in the pupil list {short} (column 'PersonID'). "
        "Give the pupil list of every pupil in the register (from the same MIS)"
    )


def test_an_id_whose_leading_zeros_the_pupil_list_lost_is_said(tmp_path):
    """The register's PersonID '06422'; the pupil list, re-saved by a spreadsheet, has
    6422: the refusal says the zeros were lost, not only that the id is missing."""
    register_file = tmp_path / "reg.csv"
    register_file.write_text(
        "\n".join(
            "0" + line if line.startswith("6422,") else line
            for line in (DATA / "sims_personid.csv").read_text(encoding="utf-8").splitlines()
        )
        + "\n",
        encoding="utf-8",
    )
    assert refusal([register_file], pupils=read_pupil_list(DATA / "sims_pupils.csv")).endswith(
        "MIS id '06422' is not in the pupil list "
        f"{DATA / 'sims_pupils.csv'} (column 'PersonID'). The pupil list has '6422': its "
        "leading zeros were lost (a spreadsheet saves ids as numbers); export the list again "
        "from the MIS, or format the column as text before saving"
    )


def test_a_pupil_list_without_ids_cannot_match(tmp_path):
    listed = tmp_path / "pupils.csv"
    listed.write_text("UPN,Surname,Forename\nA1,Ahmed,Sara\n", encoding="utf-8")
    assert refusal([DATA / "sims_personid.csv"], pupils=read_pupil_list(listed)) == (
        f"{listed}: the pupil list has no MIS id column (looked for: 'MIS ID', 'Person ID', "
        f"'Student ID'), so it cannot be matched to {DATA / 'sims_personid.csv'}, which "
        "identifies pupils by their MIS id (column 'PersonID'). Export the pupil list with the "
        "same MIS id as the register"
    )


def test_ids_and_upns_in_two_files_without_a_list():
    a, b = DATA / "sims_personid.csv", DATA / "aliases_long.csv"
    assert refusal([a, b]) == (
        f"{a} identifies pupils by their MIS id (column 'PersonID') and {b} by UPN, so attcli "
        "cannot tell which rows are the same pupil. Give --pupils FILE, a pupil list with each "
        "pupil's MIS id and UPN"
    )


def test_wonde_student_and_mis_id():
    result = load("wonde_sessions.csv")
    reg = result.register
    # 9919: C1 Wed AM: possible 10, attended 9.
    # 9920: Mon AM blank before the first mark (outside the time on roll); G Thu AM:
    #       possible 9, attended 8.
    assert figures(reg) == {"9919": (10, 9, 0), "9920": (9, 8, 0)}
    assert result.keyed_by == "mis_id"
    assert mis_id_warnings(result) == [
        "pupils are identified by their MIS id (column 'mis_id'): give --pupils FILE with "
        "UPNs and names for letters and LA files"
    ]
    # legal names win over preferred ones; `student` (Wonde's own id) is not a name
    assert reg.select("upn", "surname", "forename").unique().sort("upn").rows() == [
        ("9919", "Bennett", "Ruth"),
        ("9920", "Okafor", "Joanne"),
    ]
    assert result.files[0].skipped == [
        "column 'student' holds ids, not names: not used",
        "columns not used: 'student', 'forename', 'surname'",
    ]


def test_a_student_column_of_numbers_is_an_id_not_a_name(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(
        "Student,Date,Session,Mark\n1200,07/09/2026,AM,/\n1200,07/09/2026,PM,\\\n",
        encoding="utf-8",
    )
    result = load_registers([path])
    assert result.register.select("upn", "mis_id", "surname", "forename").unique().rows() == [
        ("1200", "1200", None, None)
    ]
    assert result.keyed_by == "mis_id"


# --- header names from the partner APIs ------------------------------------------------


def test_aliases_legal_names_reg_and_session_mark():
    reg = load("aliases_long.csv").register
    # 4 sessions, O on Tue PM: possible 4, attended 3.
    assert figures(reg) == {"A999320000001": (4, 3, 0)}
    assert reg.select("surname", "forename", "reg_group").unique().rows() == [
        ("Lopez", "Maria", "7L")
    ]


# --- packed mark strings ---------------------------------------------------------------

INSET = dt.date(2026, 9, 11)  # Friday: blank in every pupil's string


def test_bromcom_packed_marks():
    result = load("bromcom_packed.csv")
    reg = result.register
    # Every weekday from the start date, AM then PM; Fri 11/09 blank for all: not a session.
    # P1 (from Mon 07/09): C1 C1 Wed, '-' Thu PM, N Tue 15 PM, J1 Thu 17 AM; 18 sessions:
    #    missing 1, possible 17 (13 present + C1 C1 J1 + N), attended 13.
    # P2: Y1 Y1 Thu 10 (not possible), blank Tue 15 AM (missing): possible 15, attended 15.
    # P3 (from Wed 09/09): O O Wed 16: 14 sessions, possible 14, attended 12.
    assert figures(reg) == {
        "A999400000001": (17, 13, 1),
        "A999400000002": (15, 15, 1),
        "A999400000003": (14, 12, 0),
    }
    assert reg.filter(pl.col("date") == INSET).height == 0
    p3 = reg.filter(pl.col("upn") == "A999400000003")
    assert p3.select("date", "session", "raw_mark").head(6).rows() == [
        (dt.date(2026, 9, 9), "AM", "/"),
        (dt.date(2026, 9, 9), "PM", "\\"),
        (dt.date(2026, 9, 10), "AM", "/"),
        (dt.date(2026, 9, 10), "PM", "\\"),
        (dt.date(2026, 9, 14), "AM", "/"),
        (dt.date(2026, 9, 14), "PM", "\\"),
    ]
    blank = reg.filter(pl.col("raw_mark").is_null()).select("upn", "date", "session", "line")
    assert blank.rows() == [("A999400000002", dt.date(2026, 9, 15), "AM", 3)]
    codes = reg.filter(pl.col("upn") == "A999400000001").get_column("raw_mark").to_list()
    assert codes.count("C1") == 2 and codes.count("J1") == 1 and codes.count("-") == 1
    assert result.files[0].shape == "packed"
    assert reg.select("upn", "mis_id").unique().sort("upn").get_column("mis_id").to_list() == [
        "501",
        "502",
        "503",
    ]


def test_packed_marks_without_separators_read_the_same():
    one = load("packed_no_commas.csv").register
    bromcom = load("bromcom_packed.csv").register.filter(pl.col("upn") == "A999400000001")
    cols = ["upn", "date", "session", "raw_mark"]
    assert one.select(cols).equals(bromcom.select(cols))
    assert figures(one) == {"A999400000001": (17, 13, 1)}


def packed(tmp_path: Path, start: str, marks: str) -> Path:
    path = tmp_path / "packed.csv"
    path.write_text(
        "UPN,Surname,Forename,AttendanceStartDate,AttendanceMarks\n"
        f'A1,Ahmed,Sara,{start},"{marks}"\n',
        encoding="utf-8",
    )
    return path


def test_packed_string_of_calendar_days_is_refused(tmp_path):
    week = ["/", "\\"] * 5 + [""] * 4  # Mon-Fri, then Saturday and Sunday blank
    path = packed(tmp_path, "07/09/2026", ",".join(week * 3))
    assert refusal([path]) == (
        f"{path}: the marks strings are blank at the place of every Saturday and Sunday: they "
        "look like one position per calendar day, but attcli reads one per weekday (Monday to "
        "Friday) from the start date (column 'AttendanceMarks'). Export the marks with "
        "weekdays only, or export the register as one row per pupil per session"
    )


def test_packed_string_of_school_days_only_is_refused(tmp_path):
    path = packed(tmp_path, "07/09/2026", ",".join(["/", "\\"] * 46))
    assert refusal([path]) == (
        f"{path}: the marks strings run 46 weekdays with no day off for any pupil: attcli "
        "reads one mark per session for every weekday from the start date, with a blank for a "
        "day without school, so a string of school days only would put every mark after the "
        "first holiday on the wrong day (column 'AttendanceMarks'). Export the marks with a "
        "blank for each weekday the school was closed, or export the register as one row per "
        "pupil per session"
    )


def test_packed_unknown_code_names_its_place(tmp_path):
    path = packed(tmp_path, "07/09/2026", "/,\\,/,Q9")
    assert refusal([path]).startswith(
        f"{path}, line 2: unknown attendance code 'Q9' for pupil 'A1' (1 session with an "
        "unknown code: 'Q9') (column 'AttendanceMarks'). It is position 4 of the string: Tue "
        "08/09/2026 PM. Valid codes:"
    )


def test_packed_start_on_a_weekend(tmp_path):
    path = packed(tmp_path, "12/09/2026", "/,\\")
    assert refusal([path]) == (
        f"{path}, line 2: the marks start on Saturday 12/09/2026, a weekend day: the first "
        "mark is a weekday's AM session (column 'AttendanceStartDate'): '12/09/2026'. Check the "
        "date is written DD/MM/YYYY (or D/M/YYYY), YYYY-MM-DD, 'Wed, 09 Sep 2026', 'Wed 09 Sep "
        "2026', '09 Sep 2026' or '09-Sep-2026'"
    )


def test_packed_string_starting_with_a_digit(tmp_path):
    path = packed(tmp_path, "07/09/2026", "1/\\")
    assert refusal([path]) == (
        f"{path}, line 2: the marks string starts with a digit, which is no mark (column "
        "'AttendanceMarks'): '1/\\\\'. A string without commas holds one mark per session, "
        "each a code such as /, N or C1: export the marks again"
    )


# --- wide exports with a two-row header ------------------------------------------------

WIDE_FIGURES = {
    # Evans: '-' Tue PM: possible 9, attended 9, missing 1.
    "A999500000001": (9, 9, 1),
    # Fox: N N Mon: possible 10, attended 8.
    "A999500000002": (10, 8, 0),
    # Grant joins Wed (blank Mon, Tue: outside the time on roll); M Fri PM: possible 6, att 5.
    "A999500000003": (6, 5, 0),
}


def test_wide_two_row_header_csv():
    result = load("wide_two_rows.csv")
    assert figures(result.register) == WIDE_FIGURES
    assert result.files[0].skipped == [
        "line 1: title row 'Attendance register, 7E' skipped",
        "the header is on two lines (2 and 3)",
    ]
    assert result.register.select("upn", "date", "session", "line").row(0) == (
        "A999500000001",
        dt.date(2026, 9, 7),
        "AM",
        4,
    )


def wide_two_row_book(path: Path, day_cell=lambda d: d, *, am_pm: bool = True) -> Path:
    """wide_two_rows.csv as an Excel sheet: ``day_cell(date)`` in each day's cell, merged
    over its AM and PM (``am_pm=False``: no AM/PM row, one column a day), and the pupil
    headers merged down over both header rows."""
    with (DATA / "wide_two_rows.csv").open(encoding="utf-8", newline="") as f:
        source = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(source[0])
    days = [dt.date(2026, 9, 7) + dt.timedelta(days=i) for i in range(5)]
    if not am_pm:
        ws.append(["UPN", "Name", "Year", *map(day_cell, days)])
        for row in source[3:]:
            ws.append([*row[:3], *(row[3 + 2 * i] + row[4 + 2 * i] for i in range(5))])
        wb.save(path)
        return path
    ws.append(["UPN", "Name", "Year", *[x for d in days for x in (day_cell(d), None)]])
    ws.append([None, None, None, *source[2][3:]])
    for i in range(5):
        ws.merge_cells(start_row=2, start_column=4 + 2 * i, end_row=2, end_column=5 + 2 * i)
    for c in (1, 2, 3):
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    for row in source[3:]:
        ws.append([v or None for v in row])
    wb.save(path)
    return path


WIDE_COLS = ["upn", "surname", "forename", "year_group", "date", "session", "raw_mark", "line"]


def test_wide_two_row_header_xlsx_with_merged_date_cells(tmp_path):
    """The same register as an Excel sheet: real date cells merged over AM and PM, and the
    pupil headers merged down over both header rows."""
    result = load_registers([wide_two_row_book(tmp_path / "wide.xlsx")])
    assert figures(result.register) == WIDE_FIGURES
    csv_rows = load("wide_two_rows.csv").register.select(WIDE_COLS)
    assert result.register.select(WIDE_COLS).equals(csv_rows)


def excel_serial(day: dt.date) -> int:
    """Excel's serial day number of ``day`` (1900 date system: day 0 is 30/12/1899)."""
    return (day - dt.date(1899, 12, 30)).days


def test_wide_two_row_header_xlsx_with_excel_serial_dates(tmp_path):
    """RM Integris-style: the header's day cells hold Excel serial day numbers, not dates
    (the cell's format is General), AM/PM beneath.  Excel's 1900 date system counts days
    from 30/12/1899 (for any date after February 1900): 2 days to 01/01/1900, then 126
    years of 365 days and 31 leap days (1904 to 2024) make 01/01/2026 day 46023, and 07/09
    is 31+28+31+30+31+30+31+31+6 = 249 days later: 46272 is Mon 07/09/2026.  They were no
    dates: the sheet was refused as a pupil list ('46272' and more), and a hidden sheet
    beside it was read instead (tests/test_loaders.py).  As numbers, and as text that is a
    whole number, they read as the dates they are, the same rows as the CSV's, and a note
    says so."""
    assert excel_serial(dt.date(2026, 9, 7)) == 46272
    csv_rows = load("wide_two_rows.csv").register.select(WIDE_COLS)
    for kind, cell in (("number", excel_serial), ("text", lambda d: str(excel_serial(d)))):
        path = wide_two_row_book(tmp_path / f"{kind}.xlsx", cell)
        result = load_registers([path])
        assert figures(result.register) == WIDE_FIGURES
        assert result.register.select(WIDE_COLS).equals(csv_rows)
        assert result.warnings == [
            f"{path}: the dates in row 2 are Excel day numbers (Excel's 1900 date system), "
            "read as dates: 46272 is Mon 07/09/2026, 46276 is Fri 11/09/2026"
        ]
    # whole numbers out of the range of a school's dates (01/01/2000, day 36526, to
    # 31/12/2099) are no dates: 36520 to 36524 (26/12 to 30/12/1999) are not read as such
    path = wide_two_row_book(tmp_path / "old.xlsx", lambda d: excel_serial(d) - 46272 + 36520)
    assert "'36520'" in refusal([path])


# --- refusals that teach ---------------------------------------------------------------


#: What a register whose columns are days is told (the week-commencing refusal's way).
DAYS_REFUSAL = (
    "are days, with no AM/PM session: attcli reads one mark a session. Export the register "
    "with a column per session (headed like '02/09/2026 AM', 'Wed 02/09/2026 PM', "
    "'2026-09-02 AM', 'Wed, 02 Sep 2026 AM', '02-Sep-2026 PM'), or as a long export: a row "
    "per pupil per session (date, AM/PM, mark)"
)


def test_columns_that_are_days_with_no_session_are_said_in_one_line(tmp_path):
    """A column per day (SIMS-style: both marks in one cell, '/\\'), and an AM row and a
    PM row per pupil under a column per day: attcli reads neither (docs/presets.md has no
    such layout: a mark is one session's).  The first was called a pupil list ("give it as
    --pupils"); the second drew [columns] date = "Mon 07/09/2026", then mark = "Tue
    08/09/2026", then "not a date: '/'".  Both are now said to be what they are, with
    what would be valid, as a week-commencing header is."""
    per_day = write_text(tmp_path, "d.csv", "UPN,Surname,Forename,Mon 07/09/2026,Tue "
                         "08/09/2026,Wed 09/09/2026\nA1,Smith,Ava,/\\,/\\,NN\n")  # fmt: skip
    assert refusal([per_day]) == f"{per_day}, line 1: the columns from 'Mon 07/09/2026' {DAYS_REFUSAL}"
    rows = write_text(tmp_path, "r.csv", "Name,UPN,Session,Mon 07/09/2026,Tue 08/09/2026,Wed "
                      "09/09/2026,Thu 10/09/2026\n\"Smith, Ava\",A1,AM,/,/,N,/\n\"Smith, Ava\","
                      "A1,PM,\\,\\,N,\\\n")  # fmt: skip
    assert refusal([rows]) == f"{rows}, line 1: the columns from 'Mon 07/09/2026' {DAYS_REFUSAL}"
    # in a workbook, the days as real date cells (shown without Excel's midnight) or serials
    book = wide_two_row_book(tmp_path / "days.xlsx", am_pm=False)
    assert refusal([book]) == f"{book}, row 2: the columns from '2026-09-07' {DAYS_REFUSAL}"
    book = wide_two_row_book(tmp_path / "serials.xlsx", excel_serial, am_pm=False)
    assert refusal([book]) == f"{book}, row 2: the columns from '46272' {DAYS_REFUSAL}"
    # dates in a pupil list's rows (born, joined, left: years apart) are no days
    pupils = write_text(tmp_path, "p.csv", "UPN,Surname,Forename,DOB,Admission Date,Leaving "
                        "Date\nA1,S,F,01/03/2015,02/09/2025,21/07/2026\n")  # fmt: skip
    assert "looks like a pupil list" in refusal([pupils])
    # nor are dates above AM/PM (a two-row header), however else the file is refused
    no_id = write_text(tmp_path, "n.csv", "Name,Mon 07/09/2026,,Tue 08/09/2026,,Wed 09/09/2026,"
                       "\n,AM,PM,AM,PM,AM,PM\n\"Smith, Ava\",/,\\,/,\\,/,\\\n")  # fmt: skip
    assert "are days" not in refusal([no_id])



def test_excel_day_numbers_in_a_csv_header_are_said_to_be_such(tmp_path):
    """review9: a CSV written from a sheet whose two-row header held Excel day numbers over
    AM/PM (46272 is Mon 07/09/2026: test_wide_two_row_header_xlsx_with_excel_serial_dates)
    was refused as "a pupil list ... give it as --pupils".  Only a workbook's day numbers
    are read as dates (a CSV's are text, however a spreadsheet wrote them): the refusal now
    says they look like Excel day numbers, and what would be read."""
    path = write_text(tmp_path, "serial.csv", "UPN,Name,46272,,46273,,46274,\n,,AM,PM,AM,PM,AM,"
                      "PM\nA1,\"Smith, Ava\",/,\\,/,\\,N,N\n")  # fmt: skip
    assert refusal([path]) == (
        f"{path}, line 1: the columns from '46272' are headed by numbers that look like Excel "
        "day numbers (46272 would be Mon 07/09/2026) over AM/PM: attcli reads day numbers as "
        "dates in an Excel workbook only, not in a CSV. Save the sheet as an Excel workbook "
        "(.xlsx) and give that, or export the register with a date in each session's header, "
        "like '02/09/2026 AM', 'Wed 02/09/2026 PM', '2026-09-02 AM', 'Wed, 02 Sep 2026 AM', "
        "'02-Sep-2026 PM'"
    )
    # saved as a workbook, as the message says, it is read (and the note says how)
    book = wide_two_row_book(tmp_path / "serial.xlsx", excel_serial)
    assert figures(load_registers([book]).register) == WIDE_FIGURES


def test_a_per_pupil_summary_is_named_as_such():
    assert refusal([DATA / "go4s_summary.csv"]) == (
        f"{DATA / 'go4s_summary.csv'}, line 1: this is a per-pupil attendance summary (columns "
        "'possible_sessions', 'present', 'authorised_absence', 'unauthorised_absence'), not a "
        "register: attcli needs the mark of every session. Export the register itself from "
        "your MIS: one row per pupil per session (date, AM/PM, mark), or one column per session"
    )


EXPORTS = Path(__file__).parent.parent / "examples" / "exports"
#: What a file that is no register is told (the contacts export, a pupil list).
NOT_A_REGISTER = (
    "the register is the attendance export, one row per pupil per session or a column per "
    "session"
)


def write_text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_contacts_export_given_as_the_register_is_named_as_such(tmp_path):
    """The example contacts export given as the register: its header has contact name
    columns, a relationship, a priority, parental responsibility, an address and a phone,
    so it is said to be the contacts export, not answered with [columns] lines mapping the
    pupil's surname onto 'Contact Surname' and the mark onto 'Postcode'."""
    path = EXPORTS / "contacts.csv"
    assert refusal([path]) == (
        f"{path}, line 1: this looks like the contacts export (columns 'Contact Forename', "
        "'Contact Surname', 'Relationship', 'Priority', 'Parental Responsibility', 'Address "
        "Line 1' and 3 more), not a register. Leave it out of the exports (a pattern such as "
        "*.csv takes it in too) and give it as --contacts (to letters, cases, cme, "
        f"la-return, register-check, evidence, pupil or pn record); {NOT_A_REGISTER}"
    )
    small = write_text(tmp_path, "c.csv", "UPN,Contact Forename,Contact Surname,Relationship,"
                       "Priority\nA1,Ann,Smith,Mother,1\n")  # fmt: skip
    assert "looks like the contacts export" in refusal([small])


def test_a_pupil_list_given_as_the_register_is_named_as_such(tmp_path):
    """A pupil list (UPN, names, date of birth, year, address: no date, session or mark
    column) given as the register is said to be one, not answered with mark = "Postcode".
    So is the example pupil list (its Gender, SEN and FSM columns are pupils' details)."""
    path = write_text(tmp_path, "p.csv", "UPN,Surname,Forename,Date of Birth,Year,Address "
                      "Line 1,Town,Postcode\nA1,Lamb,Poppy,14/10/2015,7,72 Elm Road,Oakfield,"
                      "OK8 8ZU\n")  # fmt: skip
    assert refusal([path]) == (
        f"{path}, line 1: this looks like a pupil list (columns 'UPN', 'Surname', 'Forename', "
        "'Date of Birth', 'Year', 'Address Line 1' and 2 more; no date, session or mark "
        "column), not a register. Leave it out of the exports (a pattern such as *.csv takes "
        f"it in too) and give it as --pupils; {NOT_A_REGISTER}"
    )
    text = refusal([EXPORTS / "pupils.csv"])
    assert "this looks like a pupil list" in text
    # a register whose mark column is unnamed is no pupil list: the usual [columns] lines
    reg = write_text(tmp_path, "r.csv", "UPN,Surname,Forename,Att Code\nA1,S,F,/\n")
    assert "looks like" not in refusal([reg])


def test_mark_is_never_suggested_for_a_column_of_other_values(tmp_path):
    """A register missing its mark column, whose one spare column holds postcodes: no
    [columns] line maps the mark onto it ('OK8 8ZU' is no attendance code); a spare column
    of codes is suggested ('Att Code', as before)."""
    path = write_text(tmp_path, "r.csv", "UPN,Surname,Forename,Date,Session,Postcode\n"
                      "A1,S,F,09/09/2026,AM,OK8 8ZU\n")  # fmt: skip
    text = refusal([path])
    assert "Postcode\"" not in text
    assert text.endswith(
        "The header row has no other column that could hold the mark: export the register "
        "again with its mark column"
    )
    codes = write_text(tmp_path, "s.csv", "UPN,Surname,Forename,Date,Session,Postcode,Att Code"
                       "\nA1,S,F,09/09/2026,AM,OK8 8ZU,/\n")  # fmt: skip
    assert refusal([codes]).endswith('[columns]\nmark = "Att Code"')


def test_unknown_headers_print_the_lines_to_add_and_those_lines_work():
    path = DATA / "pupil_id.csv"
    text = refusal([path])
    assert text == (
        f"{path}, line 1: no header row found in the first 30 lines. For a long register (one "
        "row per pupil per session), missing pupil id: upn (looked for: 'UPN', 'Unique Pupil "
        "Number', 'Pupil UPN'); or mis_id (looked for: 'MIS ID', 'Person ID', 'Student ID'); "
        "mark (looked for: 'Mark', 'Code', 'Attendance Mark', 'Attendance Code', 'Session "
        "Mark', 'Raw Mark'). Headers found on line 1: 'Pupil ID', 'Surname', 'Forename', 'Date', 'Session', "
        "'Att Code'. If these columns hold them, tell attcli in attcli.toml (the field, then the "
        "header as the export writes it):\n"
        "[columns]\n"
        'upn = "Pupil ID"\n'
        'mark = "Att Code"'
    )
    config = tomllib.loads(text.split("\n", 1)[1])
    reg = load_registers([path], columns=config["columns"]).register
    assert reg.select("upn", "session", "mark").rows() == [
        ("A999330000001", "AM", "/"),
        ("A999330000001", "PM", "\\"),
    ]


def test_two_fields_mapped_to_one_header():
    assert refusal([DATA / "pupil_id.csv"], columns={"upn": "Pupil ID", "mis_id": "pupil id"}) == (
        "[columns] maps both upn and mis_id to the header 'pupil id'. A column holds one "
        "field: map each field to its own column, and remove the other line from [columns] in "
        "attcli.toml"
    )


def test_a_mapping_to_a_header_that_is_not_there():
    path = DATA / "aliases_long.csv"
    assert refusal([path], columns={"dob": "Birth Date"}) == (
        f"{path}, line 1: [columns] in attcli.toml maps dob to 'Birth Date', but the header row "
        "(line 1) has no such column. Headers found: 'UPN', 'Legal Last Name', 'Legal First "
        "Name', 'Reg', 'Date', 'Session', 'Session.Mark'. Correct or remove the line "
        'dob = "Birth Date" under [columns] in attcli.toml'
    )


def test_a_ctf_file_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "820LLLL_CTF_8201234_001.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<CTfile><Header/></CTfile>\n', encoding="utf-8"
    )
    assert refusal([path]) == (
        f"{path}: this is a common transfer file (CTF), which attcli does not read. How a "
        "CTF's AttendanceMarks string counts sessions and days could not be established from "
        "the published specification (docs/presets.md), so attcli does not guess: export the "
        "attendance register from your MIS as CSV (UTF-8) or as an Excel Workbook (.xlsx)"
    )


def test_pupil_list_leaving_before_joining(tmp_path):
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "PersonID,UPN,Admission Date,Leaving Date\n6420,A1,02/09/2025,01/09/2025\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_pupil_list(listed)
    assert str(info.value) == (
        f"{listed}, line 2: the leaving date 01/09/2025 is before the joining date 02/09/2025 "
        "(column 'Leaving Date'). Correct the dates in the pupil list"
    )


def test_a_pupil_list_gives_a_upn_register_its_roll_dates(tmp_path):
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Legal Surname,Legal Forename,Admission Date,Leaving Date\n"
        "a999300000001,Ahmed,Sara,02/09/2024,\n"
        "A999300000003,Carter,Leah,14/09/2026,\n",
        encoding="utf-8",
    )
    result = load("arbor_times.csv", pupils=read_pupil_list(listed))
    assert result.keyed_by == "upn"
    assert result.roll_dates.rows() == [
        (None, "A999300000001", dt.date(2024, 9, 2), None),
        (None, "A999300000003", dt.date(2026, 9, 14), None),
    ]
    assert result.warnings == [
        f"1 pupil in the register is not in the pupil list {listed}, so when they joined and "
        "left is not known: A999300000002"
    ]
    # the register's own names are kept: the list only dates a UPN register
    assert result.register.filter(pl.col("upn") == "A999300000002").height == 20


# --- the command line ------------------------------------------------------------------


def test_check_with_pupils_names_pupils_by_upn(monkeypatch):
    monkeypatch.chdir(DATA)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-14")  # the Monday after the register
    code, out, err = run_cli(
        "check", "sims_personid.csv", "--pupils", "sims_pupils.csv", "--format", "json"
    )
    # (one week of this school year: the penalty-notice window's other 9 are last year's)
    assert code == 0 and err.startswith("note: penalty-notice window: the exports hold 1 of")
    assert len(err.strip().split("\nnote: ")) == 1, err
    doc = json.loads(out)
    assert not [w for w in doc["warnings"] if "MIS id" in w]
    assert sorted((p["upn"], p["surname"], p["forename"]) for p in doc["pupils"]) == [
        ("A999310000001", "Hughes", "Amira"),
        ("A999310000002", "Iqbal", "Noah"),
        ("A999310000003", "Jones", "Evie"),
    ]


def test_register_check_stops_without_upns(monkeypatch, tmp_path):
    monkeypatch.chdir(DATA)
    out_file = tmp_path / "rc.xlsx"
    code, out, err = run_cli(
        "register-check", "sims_personid.csv", "--term", "autumn", "--year", "2026", "-o",
        str(out_file),
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "error: register-check needs each pupil's UPN and name, but the register identifies "
        "pupils only by their MIS id: give --pupils FILE, a pupil list with each pupil's MIS "
        "id, UPN and name\n"
    )
    assert not out_file.exists()


def test_pupil_list_giving_a_pupil_two_spells_on_roll_reads_both(tmp_path):
    """A pupil who left and came back is two rows of an MIS's list of enrolments, alike but
    for the dates.  attcli refused them (it read one time on roll per pupil), and the way
    round it said to give (the first joining date, the last leaving date) made the weeks
    between missing rows.  The list now keeps one row for the pupil (the first joining
    date, the last leaving date: none, still on roll) and each spell
    (tests/test_spells.py: what the register makes of them)."""
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Surname,Forename,Admission Date,Leaving Date\n"
        "A999201600103,Hughes,Amira,28/09/2026,\n"
        "A999201600104,Iqbal,Noah,07/09/2026,\n"
        "A999201600103,Hughes,Amira,07/09/2026,18/09/2026\n",
        encoding="utf-8",
    )
    found = read_pupil_list(listed)
    assert found.pupils.select("upn", "name", "joined", "left").rows() == [
        ("A999201600103", "Hughes, Amira", dt.date(2026, 9, 7), None),
        ("A999201600104", "Iqbal, Noah", dt.date(2026, 9, 7), None),
    ]
    assert found.spells is not None and found.spells.rows() == [
        ("A999201600103", dt.date(2026, 9, 7), dt.date(2026, 9, 18)),
        ("A999201600103", dt.date(2026, 9, 28), None),
    ]


def test_pupil_list_giving_one_upn_to_two_ids(tmp_path):
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "PersonID,UPN,Surname,Forename\n6420,A1,Hughes,Amira\n6421,A1,Iqbal,Noah\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_pupil_list(listed)
    assert str(info.value) == (
        f"{listed}, line 3: UPN A1 is listed more than once with different values (lines 2, "
        "3) (column 'UPN'). Keep one row per pupil"
    )
    listed.write_text(
        "PersonID,UPN,Surname,Forename\n6420,A1,Hughes,Amira\n6420,A2,Iqbal,Noah\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_pupil_list(listed)
    assert str(info.value) == (
        f"{listed}, line 3: MIS id 6420 is given to two pupils: UPN A1 (line 2) and A2 (line 3) "
        "(column 'PersonID'). Each pupil has one UPN and one MIS id: correct the pupil list, "
        "or give a trust's list of several schools a School column (each school's MIS "
        "numbers its own pupils)"
    )


def test_a_contacts_or_pupil_table_is_not_told_about_columns(tmp_path):
    """[columns] names register columns only: the hint for another table says to rename."""
    from attcli.loaders import read_table

    path = tmp_path / "contacts.csv"
    path.write_text("Pupil ID,Contact Name,Phone\nA1,Mrs X,0123\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path, {"upn": ["UPN"], "phone": ["Phone"]}, ["upn"])
    assert str(info.value) == (
        f"{path}, line 1: no header row found in the first 30 lines. For the table, missing upn "
        "(looked for: 'UPN'). Headers found on line 1: 'Pupil ID', 'Contact Name', 'Phone'. If "
        "these columns hold them, rename them in the file: 'Pupil ID' to 'UPN'"
    )


def test_cme_and_letters_take_the_pupil_list_and_letters_stop_without_upns(monkeypatch, tmp_path):
    """`--pupils` works for cme and letters as for check; letters, like the LA file, need
    UPNs and names and stop without them (no letter goes to 'pupil 1200')."""
    monkeypatch.chdir(DATA)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-14")  # the Monday after the register
    register = tmp_path / "sims_n.csv"
    register.write_text(
        "PersonID,BaseGroupID,AttendanceDate,SessionName,AttendanceMark\n"
        "6420,0,2026-09-07T09:00:00,AM,N\n6420,0,2026-09-07T13:30:00,PM,N\n"
        "6422,0,2026-09-07T09:00:00,AM,/\n6422,0,2026-09-07T13:30:00,PM,\\\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "cme", register, "--pupils", "sims_pupils.csv", "--days", "1", "-f", "json"
    )
    # (the list says 6422 joined after 7 Sep: their two marks are not counted, and said)
    assert (code, " ".join(err.split())) == (0, "note: register problems from 01/09/2026 to "
        "07/09/2026: 2 marks outside the pupil list's time on roll; a session with no mark "
        "neither counts toward nor breaks a run, and each N counts as unexplained absence: "
        "fix them in the MIS (attcli check lists them) "
        # (6420's N of 7 Sep, the exports' first school day: maybe absent before it too)
        "1 run of unexplained absence begins on the exports' first school day, 07/09/2026, and may "
        "have begun before it, so be longer than counted here (Hughes, Amira (A999310000001), "
        "1 school day to 07/09/2026): give the export of the weeks before (the end of last "
        "school year) to see it whole "
        # (Noah, on roll 2 Sep 2025 - 10 Sep 2026 by the list, has no row: said, sweep6)
        "note: 1 pupil the pupil list sims_pupils.csv has on roll in the exports' dates has "
        "no row in the exports, so is not checked: A999310000002 (Iqbal, Noah); export "
        "their register too (or give the list of the exports' pupils)")  # fmt: skip
    runs = json.loads(out)["runs"]
    assert [(r["upn"], r["surname"], r["run_days"]) for r in runs] == [
        ("A999310000001", "Hughes", 1)
    ]
    config = make_workspace(tmp_path / "ws")
    book = contacts_file(tmp_path / "c.csv", [("A999310000001", "1", "Mrs", "A", "Hughes")])
    code, out, err = run_cli(
        "letters", "sims_personid.csv", "--contacts", book, "-c", config, "--dry-run"
    )
    assert (code, out) == (1, "")
    assert err == (
        "error: letters needs each pupil's UPN and name, but the register identifies pupils "
        "only by their MIS id: give --pupils FILE, a pupil list with each pupil's MIS id, UPN "
        "and name\n"
    )


def test_a_pupil_list_s_pupil_on_roll_with_no_row_in_the_exports_is_said(tmp_path):
    """sweep6 case1: a pupil the list has on roll through the exports' dates, with no row in
    them, vanished: no figure, no data-quality line, no word.  Said in one line, naming
    them (not made into missing rows: an export of one year group beside the whole
    school's list would bury the check under them).  One who left before the exports begin,
    or joins after they end, is no concern of theirs."""
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Legal Surname,Legal Forename,Admission Date,Leaving Date\n"
        "A999300000001,Ahmed,Sara,02/09/2024,\n"
        "A999300000002,Baker,Tom,02/09/2024,\n"
        "A999300000003,Carter,Leah,14/09/2026,\n"
        "A999300000009,Nobody,Nia,02/09/2024,\n"
        "A999300000008,Gone,Gil,02/09/2024,18/07/2025\n"
        "A999300000007,Later,Lou,04/01/2027,\n",
        encoding="utf-8",
    )
    result = load("arbor_times.csv", pupils=read_pupil_list(listed))
    assert result.warnings == [
        f"1 pupil the pupil list {listed} has on roll in the exports' dates has no row in "
        "the exports, so is not checked: A999300000009 (Nobody, Nia); export their "
        "register too (or give the list of the exports' pupils)"
    ]


def test_a_special_school_s_pupils_of_nc_year_x_are_read_counted_and_summed(tmp_path):
    """The school census's NC year X ("national curriculum not followed", CBDS
    NCyearActual, docs/presets.md) is what a special school exports for its pupils: read as
    the year group X, never refused. Two pupils, Mon 7 and Tue 8 September 2026: Ade (X)
    / N / /: 3 of 4; Bo (Year 9) I I / L: 2 of 4, 2 authorised, 1 late."""
    path = tmp_path / "special.csv"
    path.write_text(
        "Name,UPN,Year,Mon 07/09/2026 AM,Mon 07/09/2026 PM,Tue 08/09/2026 AM,Tue 08/09/2026 PM\n"
        '"Ade, Kim",A999500000001,X,/,N,/,/\n'
        '"Bo, Lee",A999500000002,Year 9,I,I,/,L\n'
        '"Cole, Sam",A999500000003,NC Year X,/,/,/,/\n',
        encoding="utf-8",
    )
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli("check", path, "--config", config, "--format", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    got = {
        upn: (p["year_group"], p["possible"], p["attended"], p["authorised"], p["unauthorised"])
        for upn, p in pupils.items()
    }
    assert got == {
        "A999500000001": ("X", 4, 3, 0, 1),
        "A999500000002": ("9", 4, 2, 2, 0),
        "A999500000003": ("X", 4, 4, 0, 0),
    }
    summary = tmp_path / "special.summary.json"
    code, _, err = run_cli("summary", path, "--config", config, "-o", summary)
    assert code == 0, err
    from attcli.summary import load_summary

    back = load_summary(summary)
    assert [(y["year_group"], y["pupils"], y["possible"], y["attended"])
            for y in back.document["year_groups"]] == [("9", 1, 4, 2), ("X", 2, 8, 7)]  # fmt: skip


def test_a_wide_header_on_three_rows_is_said_as_such(tmp_path):
    """The pupil headers on line 1 (over a weekday), the dates on line 2 and AM/PM on line
    3 (sweep "layouts"): attcli reads a header of one row or of two (dates, then AM/PM),
    and said the file had no pupil id column ("export the register again with its upn
    column"), though it has one, on line 1.  It now says the header is on three rows and
    how to give it."""
    export = tmp_path / "three.csv"
    export.write_text(
        "Name,UPN,Year,Mon,,Tue,\n"
        ",,,07/09/2026,,08/09/2026,\n"
        ",,,AM,PM,AM,PM\n"
        '"Smith, Jo",A999201600101,Year 7,/,\\,N,N\n',
        encoding="utf-8",
    )
    code, out, err = run_cli("check", export)
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        f"error: {export}, line 1: the header is on three lines: the pupil columns on line 1 "
        "('Name', 'UPN', 'Year'), the dates on line 2 and AM/PM on line 3; attcli reads a "
        "header of one line, or of two (the dates with the pupil columns, then AM/PM). Export "
        "the register with the pupil columns' headers on the dates' line, or each session "
        "headed in one cell (like '07/09/2026 AM')"
    )
