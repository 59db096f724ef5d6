"""Sweep of 5 December (second), mis2: register layouts the MIS products and partner tools
really export, built by hand as small fixtures, each read right through the CLI or refused
in one line naming the file, line and column (docs/presets.md; DOMAIN.md section 1)."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import check_json as check
from clirun import one_line, run_cli
from clirun import pupil_of as pupil
from clirun import write_text as write

SAM = "A999300000001,Smith,Sam"
JO = "A999300000002,Jones,Jo"


# --- a long export with two columns of marks ------------------------------------------
# An export that keeps the mark as first taken ('Mark') beside the mark as it stands
# ('Attendance Code': Sam's Tuesday, unexplained, recorded N by the office) was read from
# 'Mark', the first of the mark's names, and 'Attendance Code' left unread: Sam 4/4 =
# 100 %, green, where the register says 2/4 = 50 % and 2 unauthorised sessions. A date or
# a session under two of its names was already refused as ambiguous; a mark now is too.

TWO_MARKS = (
    "UPN,Surname,Forename,Date,Session,Mark,Attendance Code\n"
    f"{SAM},07/09/2026,AM,/,/\n"
    f"{SAM},07/09/2026,PM,\\,\\\n"
    f"{SAM},08/09/2026,AM,/,N\n"
    f"{SAM},08/09/2026,PM,\\,N\n"
    f"{JO},07/09/2026,AM,/,/\n"
    f"{JO},07/09/2026,PM,\\,\\\n"
    f"{JO},08/09/2026,AM,/,/\n"
    f"{JO},08/09/2026,PM,\\,\\\n"
)


def test_a_long_export_with_two_columns_of_marks_is_refused_not_read_from_the_first(tmp_path):
    export = write(tmp_path, "marks.csv", TWO_MARKS)
    code, result, err = check(export)
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 1: 2 columns could be mark: 'Mark' (column 6), "
        "'Attendance Code' (column 7). A field is read from one column: name it in "
        'attcli.toml ([columns] mark = "the header"), or remove or rename the others in the '
        "export"
    )


def test_two_columns_of_marks_read_from_the_one_the_school_names(tmp_path):
    export = write(tmp_path, "marks.csv", TWO_MARKS)
    config = write(tmp_path, "attcli.toml", '[columns]\nmark = "Attendance Code"\n')
    code, result, err = check(export, "-c", config)
    assert code == 0, err
    sam = pupil(result, "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (4, 2, 2)
    assert sam["attendance_pct"] == 50.0
    assert pupil(result, "A999300000002")["attendance_pct"] == 100.0


# --- a two-row header whose PM cell under a date is not 'PM' ---------------------------
# Dates on the first row (merged over the day's two columns), 'AM' and 'P' under them (or
# 'AM' and nothing: the PM cell left blank). 'P' is no session, so only the AM columns were
# read, and the PM columns' marks were left out: Sam's Monday PM N and Jo's Tuesday PM N
# were gone, each PM said only as a session "with no register" to record as # (Sam 2/2 and
# Jo 2/2 = 100 %, where the register says 3/4 = 75 % each).

def two_row(under_pm: str) -> str:
    return (
        ",,,Mon 07/09/2026,,Tue 08/09/2026,\n"
        f"UPN,Surname,Forename,AM,{under_pm},AM,{under_pm}\n"
        f"{SAM},/,N,/,\\\n"
        f"{JO},/,\\,/,N\n"
    )


def test_a_pm_cell_written_p_under_a_date_is_refused_not_left_unread(tmp_path):
    export = write(tmp_path, "grid.csv", two_row("P"))
    code, _, err = check(export)
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 1: the column beside 'Mon 07/09/2026 AM' (column 5) is "
        "headed 'P' but holds marks ('N' on line 3), and 07/09/2026 has no PM column attcli "
        "reads: its marks would be left out. Head it 'PM' under the day's date (a header of "
        "two rows) or 'Mon 07/09/2026 PM', or export the register again"
    )


def test_a_pm_cell_left_blank_under_a_date_is_refused_not_left_unread(tmp_path):
    export = write(tmp_path, "grid.csv", two_row(""))
    code, _, err = check(export)
    assert code == 1
    assert "the column beside 'Mon 07/09/2026 AM' (column 5) has no header but holds marks" in (
        one_line(err)
    )


def test_the_same_grid_headed_pm_reads_every_mark(tmp_path):
    code, result, err = check(write(tmp_path, "grid.csv", two_row("PM")))
    assert code == 0, err
    for upn in ("A999300000001", "A999300000002"):
        p = pupil(result, upn)
        assert (p["possible"], p["attended"], p["unauthorised"]) == (4, 3, 1)
        assert p["attendance_pct"] == 75.0


def test_a_last_day_with_its_am_alone_beside_a_column_of_totals_still_reads(tmp_path):
    # the export made at lunchtime: Tuesday's AM only, then a column of each pupil's
    # sessions present (numbers, no marks): read as before, Tuesday's PM not yet taken
    export = write(
        tmp_path,
        "grid.csv",
        ",,,Mon 07/09/2026,,Tue 08/09/2026,\n"
        "UPN,Surname,Forename,AM,PM,AM,Present\n"
        f"{SAM},/,N,/,2\n"
        f"{JO},/,\\,/,3\n",
    )
    code, result, err = check(export)
    assert code == 0, err
    sam = pupil(result, "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (3, 2, 1)


# --- a two-row header with 'a' and 'p' (or 'M' and 'A') under the dates ----------------
# The pupils' headers on the lower row beside 'a' and 'p' under each date: refused as "a
# pupil list ... give it as --pupils" (two days), or, with three days or more, as "days,
# with no AM/PM session", neither of which it is. 'a' and 'p' are not read as AM and PM
# (no MIS is known to write them so, and 'A' and 'P' are codes too): said as what it is.

def test_a_and_p_under_the_dates_are_said_as_no_sessions_not_as_a_pupil_list(tmp_path):
    export = write(
        tmp_path,
        "grid.csv",
        ",,,Mon 07/09/2026,,Tue 08/09/2026,\n"
        "UPN,Surname,Forename,a,p,a,p\n"
        f"{SAM},/,N,/,\\\n"
        f"{JO},/,\\,/,N\n",
    )
    code, _, err = check(export)
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 1: the columns from 'Mon 07/09/2026' have 'a' under them: "
        "attcli reads a header of two rows as a date over its AM and PM. Export the register "
        "with a column per session (headed like '02/09/2026 AM', 'Wed 02/09/2026 PM', "
        "'2026-09-02 AM', 'Wed, 02 Sep 2026 AM', '02-Sep-2026 PM'), or with each day's date "
        "over its AM and PM"
    )


def test_m_and_a_under_three_days_are_said_as_no_sessions_not_as_days(tmp_path):
    export = write(
        tmp_path,
        "grid.csv",
        ",,,Mon 07/09/2026,,Tue 08/09/2026,,Wed 09/09/2026,\n"
        "UPN,Surname,Forename,M,A,M,A,M,A\n"
        f"{SAM},/,N,/,\\,/,\\\n",
    )
    code, _, err = check(export)
    assert code == 1
    assert "the columns from 'Mon 07/09/2026' have 'M' under them" in one_line(err)
    assert "pupil list" not in err and "are days" not in err


def test_a_title_row_with_a_date_over_the_pupils_header_is_no_such_header(tmp_path):
    # the report's date on the line above the header, over the UPN column: a title row
    export = write(
        tmp_path,
        "long.csv",
        "07/09/2026 to 08/09/2026\n"
        "UPN,Surname,Forename,Date,Session,Mark\n"
        f"{SAM},07/09/2026,AM,/\n{SAM},07/09/2026,PM,N\n"
        f"{SAM},08/09/2026,AM,/\n{SAM},08/09/2026,PM,\\\n",
    )
    code, result, err = check(export)
    assert code == 0, err
    assert pupil(result, "A999300000001")["attendance_pct"] == 75.0


# --- packed marks with a space between weeks (or days) ---------------------------------
# A string of marks without commas written a week at a time, a space between the weeks
# ('/\/\NN/\/\ /\/\/\/\/\', from Mon 07/09/2026), as a person or a report lays marks out
# to be read. One character a session, the space was Mon 14/09 AM, blank for every pupil
# and so dropped as no session, and every mark after it moved on a session: the second
# week's AM marks on PMs and its last mark on Mon 21/09 AM, with nothing said but a
# register "not taken". The same with a space between days: Sam's Wednesday N N read as
# Thursday's.

def packed(tmp_path: Path, *strings: str) -> Path:
    rows = [
        f'A99930000000{i},Pupil,P{i},07/09/2026,"{s}"' for i, s in enumerate(strings, 1)
    ]
    return write(
        tmp_path,
        "bromcom.csv",
        "UPN,Surname,Forename,Start Date,Attendance Marks\n" + "\n".join(rows) + "\n",
    )


def test_a_space_between_weeks_of_packed_marks_is_refused_not_read_a_session_late(tmp_path):
    export = packed(tmp_path, "/\\/\\NN/\\/\\ /\\/\\/\\/\\/\\", "/\\/\\/\\/\\/\\ /\\/\\/\\/\\/\\")
    code, _, err = check(export)
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 2: the marks strings are blank for every pupil at Mon "
        "14/09/2026 AM (position 11 of the string, line 2: '/\\/\\NN/\\/\\ /\\/\\/\\/\\/\\') "
        "while its PM is marked: in a string without commas a space is a session with no "
        "mark, so a space that separates weeks or days puts every later mark on another "
        "session (column 'Attendance Marks'). Write the marks one after another with no "
        "spaces ('/\\/\\N'), or separate every mark with a comma ('/,\\,N'); a half-day the "
        "school was closed is '#' in the MIS"
    )


def test_a_space_between_days_of_packed_marks_is_refused(tmp_path):
    export = packed(tmp_path, "/\\ /\\ NN /\\ /\\", "/\\ /\\ /\\ /\\ /\\")
    code, _, err = check(export)
    assert code == 1
    assert "blank for every pupil at Tue 08/09/2026 AM (position 3 of the string" in err


def test_packed_marks_with_a_day_off_and_a_pm_not_yet_taken_still_read(tmp_path):
    # Mon, Tue, Wed (an INSET day: both sessions blank for everyone), Thu, and Fri AM
    # (the export made at lunchtime, PM blank for everyone at the strings' end). Sam:
    # / \ / N . . / \ / = 7 sessions, 6 attended, 1 unauthorised (85.71 %) as of Friday.
    export = packed(tmp_path, "/\\/N  /\\/ ", "/\\/\\  /\\/ ")
    code, out, err = run_cli(
        "check", export, "--as-of", "2026-09-11", "--format", "json"
    )
    assert code == 0, err
    sam = pupil(json.loads(out), "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (7, 6, 1)
    assert sam["attendance_pct"] == 85.71


def test_an_empty_item_for_everyone_between_commas_is_no_separator(tmp_path):
    # with commas each item is one session: Tue PM empty for both pupils is a register not
    # taken (said as such), never a misalignment
    export = packed(tmp_path, "/,\\,/,,N,N", "/,\\,/,,/,\\")
    code, out, err = run_cli("check", export, "--as-of", "2026-09-09", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    sam = pupil(result, "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (5, 3, 2)
    assert sam["attendance_pct"] == 60.0
    assert any(q["kind"] == "missing_session" and q["date"] == "2026-09-08"
               for q in result["data_quality"])  # fmt: skip


# --- dates with a time zone: Assembly's session_date ------------------------------------
# Assembly's attendance records (assembly-edu/assembly-client-java docs/Attendance.md:
# student_id, registration_group_id, session_date as an OffsetDateTime, session_name AM or
# PM, attendance_mark, minutes_late, comments) saved as CSV read by their column names
# (the student id as the MIS id). A session_date written with a zone, Monday's midnight in
# British Summer Time as '2026-09-06T23:00:00.000Z', is Sunday in UTC: refused as "not a
# date" with the formats; now said as a date with a time zone, which attcli does not move.

def assembly(tmp_path: Path, dates: list[str]) -> Path:
    rows = [
        f"1001,12,{d},{s},{m},,"
        for d, s, m in zip(dates, ["AM", "PM"] * 2, ["/", "\\", "N", "/"], strict=True)
    ]
    return write(
        tmp_path,
        "assembly.csv",
        "student_id,registration_group_id,session_date,session_name,attendance_mark,"
        "minutes_late,comments\n" + "\n".join(rows) + "\n",
    )


def test_assembly_s_attendance_records_read_by_their_column_names(tmp_path):
    export = assembly(tmp_path, ["2026-09-07"] * 2 + ["2026-09-08"] * 2)
    code, result, err = check(export)
    assert code == 0, err
    p = pupil(result, "1001")
    assert (p["possible"], p["attended"], p["unauthorised"]) == (4, 3, 1)


def test_a_session_date_with_a_time_zone_is_said_as_such(tmp_path):
    export = assembly(
        tmp_path, ["2026-09-06T23:00:00.000Z"] * 2 + ["2026-09-07T23:00:00.000Z"] * 2
    )
    code, _, err = check(export)
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 2: a date and time with a time zone ('Z'): attcli does not "
        "move times between zones (midnight in British Summer Time is 23:00 the day before "
        "in UTC), so it reads dates and times only as the school's clock shows them: export "
        "the date alone (DD/MM/YYYY), or the time without a zone (column 'session_date'): "
        "'2026-09-06T23:00:00.000Z'"
    )


def test_a_start_datetime_with_an_offset_is_said_as_such(tmp_path):
    export = write(
        tmp_path,
        "arbor.csv",
        "UPN,Surname,Forename,Start Datetime,Mark\n"
        f"{SAM},2026-09-07T08:45:00+01:00,/\n{SAM},2026-09-07T13:10:00+01:00,N\n",
    )
    code, _, err = check(export)
    assert code == 1
    assert "a date and time with a time zone ('+01:00')" in one_line(err)


def test_a_last_am_beside_a_column_of_letters_of_its_own_still_reads(tmp_path):
    # a lunchtime export whose last day has its AM alone, then the pupils' houses: 'B' and
    # 'C' are codes too, but 'House' is a column of its own, not the day's PM
    export = write(
        tmp_path,
        "grid.csv",
        ",,,Mon 07/09/2026,,Tue 08/09/2026,\n"
        "UPN,Surname,Forename,AM,PM,AM,House\n"
        f"{SAM},/,N,/,B\n"
        f"{JO},/,\\,/,C\n",
    )
    code, result, err = check(export)
    assert code == 0, err
    sam = pupil(result, "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (3, 2, 1)


def test_a_lunchtime_export_s_last_am_beside_a_short_column_of_its_own_still_reads(tmp_path):
    # (review of the sweep) an export made at lunchtime: its last day has its AM alone, and
    # the column after it is the school's own, with a short header ('Med': Y or N): not the
    # day's PM (the PM is still to come), and the file read as it was before the sweep.
    # The two-row header whose PM is 'P' or blank is still refused: every day of it but the
    # last has a lone session beside a column of codes (the test above)
    export = write(
        tmp_path,
        "wide.csv",
        "UPN,Surname,Forename,Mon 07/09/2026 AM,Mon 07/09/2026 PM,Tue 08/09/2026 AM,Med\n"
        f"{SAM},/,N,/,N\n"
        f"{JO},/,\\,/,Y\n",
    )
    code, result, err = check(export)
    assert code == 0, err
    sam = pupil(result, "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (3, 2, 1)


# --- a wide header of dates with an ordinal day ----------------------------------------
# 'Mon 7th Sep 2026 AM' (not a date attcli reads: docs/presets.md, "Dates") was "no header
# row found in the first 30 lines", with every header of every layout looked for; now said
# naming the column. A '1st Language' column beside the sessions is no date.

def test_session_headers_with_an_ordinal_day_are_said_naming_the_column(tmp_path):
    export = write(
        tmp_path,
        "wide.csv",
        "UPN,Surname,Forename,Mon 7th Sep 2026 AM,Mon 7th Sep 2026 PM\n"
        f"{SAM},/,N\n",
    )
    code, _, err = check(export)
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 1: the columns from 'Mon 7th Sep 2026 AM' are headed by dates "
        "with an ordinal day (7th, 1st), which attcli does not read. Export the register "
        "with dates like '02/09/2026 AM', 'Wed 02/09/2026 PM', '2026-09-02 AM', 'Wed, 02 Sep "
        "2026 AM', '02-Sep-2026 PM'"
    )


def test_a_first_language_column_beside_the_sessions_is_no_ordinal_date(tmp_path):
    export = write(
        tmp_path,
        "wide.csv",
        "UPN,Surname,Forename,1st Language,Mon 07/09/2026 AM,Mon 07/09/2026 PM\n"
        f"{SAM},Polish,/,N\n",
    )
    code, result, err = check(export)
    assert code == 0, err
    assert pupil(result, "A999300000001")["attendance_pct"] == 50.0
