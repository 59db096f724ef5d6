"""Sweep of 4 December (fifth), layouts3: register layouts built by hand, each read right
or refused in one line (docs/presets.md; DOMAIN.md section 1)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers
from clirun import run_cli

DATA = Path(__file__).parent / "data" / "layouts"


def refusal(paths) -> str:
    with pytest.raises(InputError) as info:
        load_registers(paths)
    return str(info.value)


def packed(tmp_path: Path, *strings: str) -> Path:
    path = tmp_path / "packed.csv"
    rows = [f'A99930000000{i},Pupil,P{i},07/09/2026,"{s}"' for i, s in enumerate(strings, 1)]
    path.write_text(
        "UPN,Surname,Forename,Start Date,Attendance Marks\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return path


# --- packed marks separated by spaces -------------------------------------------------
# '/ \ / \ N N / \' is Mon AM '/', Mon PM '\', Tue '/' '\', Wed 'N' 'N', Thu '/' '\'. Read
# one mark per character with a space a blank position, every mark fell on an AM session
# (Mon, Tue, ... Wed of the next week), every PM was blank for everyone and so dropped as
# no session: Sara's Wednesday absences moved to Friday AM and Monday AM, with nothing said.


def test_packed_marks_separated_by_spaces_are_refused_not_moved_to_other_days():
    path = DATA / "packed_spaces.csv"
    assert refusal([path]) == (
        f"{path}: the marks strings hold no mark in any PM session (positions 2, 4, 6, ... "
        "of every string are blank) though they run to Wed 16/09/2026: the marks look "
        "separated by spaces ('/ \\ / \\ N N / \\', line 2), but a string without commas "
        "holds one mark per character, a space (or tab) a session with no mark (column "
        "'Attendance Marks'). Separate the marks with commas ('/,\\,N') or write them one after another "
        "('/\\N')"
    )


def test_packed_marks_separated_by_spaces_stop_the_check(tmp_path):
    code, out, err = run_cli("check", DATA / "packed_spaces.csv", "-o", tmp_path / "c.xlsx")
    assert code == 1
    assert "separated by spaces" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err
    assert not (tmp_path / "c.xlsx").exists()


def test_packed_marks_with_no_am_mark_over_two_days_are_refused(tmp_path):
    # every AM blank (the string starts with a space): the marks are on PM positions only
    path = packed(tmp_path, " / \\ / \\", " / \\ O O")
    message = refusal([path])
    assert "hold no mark in any AM session (positions 1, 3, 5, ..." in message


def test_packed_blank_pm_for_one_pupil_or_on_one_day_still_reads(tmp_path):
    # a PM blank for one pupil (a missing mark), or the last day's PM not yet taken for
    # anyone (an export at lunchtime): the strings are read as before
    path = packed(tmp_path, "/ /\\/", "/\\/\\/")
    reg = load_registers([path]).register
    got = reg.select("upn", "date", "session", "raw_mark").sort("upn", "date", "session")
    first = got.filter(pl.col("upn") == "A999300000001")
    assert first.get_column("raw_mark").to_list() == ["/", None, "/", "\\", "/"]
    assert got.filter(pl.col("upn") == "A999300000002").height == 5
    # one AM alone (a file exported on the first morning) is no evidence of anything
    alone = packed(tmp_path, "/", "N")
    assert load_registers([alone]).register.height == 2


def test_packed_marks_separated_by_two_spaces_are_refused(tmp_path):
    # '/  \  N  N' (two spaces) read a character a session put '/' on Mon AM, '\' on Tue PM
    # (position 4), 'N' on Thu AM and 'N' on Fri PM: marks on both halves, so the AM/PM
    # test alone did not see it; no two marks of any string are next to each other
    path = packed(tmp_path, "/  \\  N  N", "/  \\  /  \\")
    message = refusal([path])
    assert "the marks look separated by spaces ('/  \\  N  N', line 2)" in message
    assert "no two marks of any string are next to each other" in message


def test_packed_strings_with_blanks_between_adjacent_marks_still_read(tmp_path):
    # a blank day (two spaces) inside a string whose other marks are side by side
    path = packed(tmp_path, "/\\  /\\", "/\\  N\\")
    reg = load_registers([path]).register.sort("upn", "date", "session")
    assert reg.height == 8  # Tuesday blank for both: no session, not a missing mark
    assert reg.filter(pl.col("upn") == "A999300000002").get_column("raw_mark").to_list() == [
        "/",
        "\\",
        "N",
        "\\",
    ]


# --- a two-row header with AM/PM above the dates ---------------------------------------
# ',,,AM,PM,AM,PM' over 'UPN,Surname,Forename,Mon 07/09/2026,Mon 07/09/2026,...': the
# header row was taken for a pupil list ("no date, session or mark column ... give it as
# --pupils"), which sent the office to the wrong flag for a file that is a register.


def test_sessions_above_the_dates_are_refused_as_such_not_as_a_pupil_list():
    path = DATA / "sessions_above_dates.csv"
    message = refusal([path])
    assert message == (
        f"{path}, line 2: the columns from 'Mon 07/09/2026' have 'AM' above them (line 1): "
        "attcli reads a header of two rows as a date over its AM and PM, the dates first. "
        "Export the register with each day's date over its AM and PM, or with a column per "
        "session (headed like '02/09/2026 AM', 'Wed 02/09/2026 PM', '2026-09-02 AM', "
        "'Wed, 02 Sep 2026 AM', '02-Sep-2026 PM')"
    )
    assert "pupil list" not in message


def test_dates_over_sessions_still_read(tmp_path):
    path = tmp_path / "two_rows.csv"
    path.write_text(
        "UPN,Surname,Forename,Mon 07/09/2026,Mon 07/09/2026,Tue 08/09/2026,Tue 08/09/2026\n"
        ",,,AM,PM,AM,PM\n"
        "A999300000001,Ahmed,Sara,/,N,/,\\\n",
        encoding="utf-8",
    )
    reg = load_registers([path]).register.sort("date", "session")
    assert reg.get_column("raw_mark").to_list() == ["/", "N", "/", "\\"]


# --- a wide register printed a week at a time, each week under its own header -----------
# The second week's header (same pupil columns, other dates) was read as a pupil 'UPN'
# with the unknown codes 'Mon 14/09/2026 AM' ...: refused, but saying a code was unknown
# for a pupil 'UPN', which is no guide to what is wrong.


def test_wide_header_repeated_with_other_dates_is_said_as_a_register_printed_in_parts():
    path = DATA / "wide_week_headers.csv"
    assert refusal([path]) == (
        f"{path}, line 5: the header row is repeated with other sessions ('Mon 14/09/2026 AM' "
        "where line 1 has 'Mon 07/09/2026 AM'): a register printed in parts (a week at a "
        "time), each under its own dates, but attcli reads a file's sessions from its one "
        "header row. Export the register for the whole period as one table (a column per "
        "session), or each part as a file of its own"
    )


def test_wide_header_repeated_with_the_same_dates_is_still_skipped(tmp_path):
    path = tmp_path / "classes.csv"
    head = "UPN,Surname,Forename,Mon 07/09/2026 AM,Mon 07/09/2026 PM\n"
    path.write_text(
        head + "A999300000001,Ahmed,Sara,/,N\n\n" + head + "A999300000002,Brown,Tom,O,O\n",
        encoding="utf-8",
    )
    reg = load_registers([path]).register
    assert reg.height == 4
    assert sorted(reg.get_column("raw_mark").to_list()) == ["/", "N", "O", "O"]


# --- probes that held (kept so they keep holding) -------------------------------------


@pytest.mark.parametrize("mark", ["/ (09:02)", "L 12 mins", "L12", "L(12)"])
def test_a_mark_with_a_time_or_minutes_late_is_refused_never_dropped(tmp_path, mark):
    # Arbor's Late asks for the minutes late; a report that writes them into the mark cell
    # gives a cell that is no code: refused naming it, not counted as a blank session
    path = tmp_path / "long.csv"
    path.write_text(
        "UPN,Surname,Forename,Date,Session,Mark\n"
        "A999300000001,Ahmed,Sara,07/09/2026,AM,/\n"
        f"A999300000001,Ahmed,Sara,07/09/2026,PM,{mark}\n",
        encoding="utf-8",
    )
    message = refusal([path])
    assert message.startswith(f"{path}, line 3: unknown attendance code {mark!r}")


def test_morning_afternoon_under_real_dates_with_a_totals_row_read_right(tmp_path):
    import datetime as dt

    import openpyxl

    path = tmp_path / "register.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Attendance Register"])
    ws.append([])
    ws.append(["UPN", "Name", "Reg", dt.datetime(2026, 9, 7), None, dt.datetime(2026, 9, 8)])
    ws.append([None, None, None, "Morning", "Afternoon", "Morning", "Afternoon"])
    ws.append(["A999300000001", "Ahmed, Sara", "7A", "/", "N", "/", "\\"])
    ws.append([None, "Total", None, 1, 0, 1, 1])
    wb.save(path)
    result = load_registers([path])
    reg = result.register.sort("date", "session")
    assert reg.select("date", "session", "raw_mark").rows() == [
        (dt.date(2026, 9, 7), "AM", "/"),
        (dt.date(2026, 9, 7), "PM", "N"),
        (dt.date(2026, 9, 8), "AM", "/"),
        (dt.date(2026, 9, 8), "PM", "\\"),
    ]
    assert any("footer row 'Total' skipped" in w for w in result.warnings)


def test_packed_marks_separated_by_tabs_are_refused(tmp_path):
    # a tab is a blank position as a space is: two tabs between marks put marks on both
    # halves of the day at the wrong places, as two spaces did
    path = packed(tmp_path, "/\t\t\\\t\tN\t\tN", "/\t\t\\\t\t/\t\t\\")
    message = refusal([path])
    assert "no two marks of any string are next to each other" in message
    assert "the marks look separated by tabs (line 2)" in message


# --- a row per pupil per day, with an AM and a PM column --------------------------------
# 'UPN,Surname,Forename,Date,AM,PM' was refused with the advice `session = "AM"`: a column
# of marks named as the session column, which leads nowhere (and 'PM' left out).


def test_a_row_per_day_with_am_and_pm_columns_is_said_not_mapped_as_the_session():
    path = DATA / "day_rows_am_pm.csv"
    message = refusal([path])
    assert 'session = "AM"' not in message
    assert message.endswith(
        "The columns 'AM' and 'PM' hold each day's two marks on one row: attcli reads a row "
        "per pupil per session (a date, a session and a mark column) or a column per session "
        "(headed like '02/09/2026 AM', 'Wed 02/09/2026 PM', '2026-09-02 AM', 'Wed, 02 Sep "
        "2026 AM', '02-Sep-2026 PM'): export the register again in one of those"
    )
    assert len(message.splitlines()) == 1


# --- a session column whose header has more after its AM or PM ---------------------------
# 'Mon 07/09/2026 PM*' (or 'PM (INSET)', 'PM.1', 'PM 1') beside columns attcli reads was
# left unread, with nothing said: Monday's PM mark 'N' vanished, the session with it.


@pytest.mark.parametrize("head", ["PM*", "PM (INSET)", "PM.1", "PM 1", "Afternoon (2)"])
def test_a_session_header_with_more_after_its_session_is_refused_not_left_unread(tmp_path, head):
    path = tmp_path / "wide.csv"
    path.write_text(
        f"UPN,Surname,Forename,Mon 07/09/2026 AM,Mon 07/09/2026 {head},Tue 08/09/2026 AM,"
        "Tue 08/09/2026 PM\nA999300000001,Ahmed,Sara,/,N,/,\\\n",
        encoding="utf-8",
    )
    message = refusal([path])
    assert message.startswith(
        f"{path}, line 1: the column 'Mon 07/09/2026 {head}' (column 5) is headed by a date "
        "and a session with more after it, which attcli does not read as a session column"
    )


def test_lesson_columns_beside_the_sessions_are_still_left_unread(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(
        "UPN,Surname,Forename,Mon 07/09/2026 AM,Mon 07/09/2026 P1,Mon 07/09/2026 PM\n"
        "A999300000001,Ahmed,Sara,/,/,N\n",
        encoding="utf-8",
    )
    reg = load_registers([path]).register.sort("session")
    assert reg.get_column("raw_mark").to_list() == ["/", "N"]


def test_a_decorated_session_under_a_date_in_a_two_row_header_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(
        "UPN,Surname,Forename,Mon 07/09/2026,,Tue 08/09/2026,\n"
        ",,,AM,PM*,AM,PM\n"
        "A999300000001,Ahmed,Sara,/,N,/,\\\n",
        encoding="utf-8",
    )
    assert "the column 'Mon 07/09/2026 PM*' (column 5) is headed by a date and a session" in (
        refusal([path])
    )
