"""Sweep of 5 December (fifth), mislayouts: the register layouts real MIS products and
partner tools export, as public sources show them, each built by hand as a small file and
read right through the CLI, or refused in one line that says what the file is
(docs/presets.md, "What each MIS and tool exports"; DOMAIN.md section 1)."""

from __future__ import annotations

import pytest

from clirun import check_json as check
from clirun import one_line
from clirun import pupil_of as pupil
from clirun import write_text as write

SAM = "A999300000001,Smith,Sam"
JO = "A999300000002,Jones,Jo"
PUPILS = "UPN,Surname,Forename"
EXAMPLES = (
    "'02/09/2026 AM', 'Wed 02/09/2026 PM', '2026-09-02 AM', 'Wed, 02 Sep 2026 AM', "
    "'02-Sep-2026 PM'"
)


# --- SIMS session attendance as a partner tool syncs it ---------------------------------
# docs.aim.phinite.com/integration/sims-integration/session-attendance.html lists what is
# read of SIMS' session attendance: Date, Mark, Session Name (AM or PM) and the student's
# SIMS id; no UPN, no name. Worked by hand (DOMAIN.md 1 and 2): pupil 1200 has / \ N and
# SIMS' '-' (no mark recorded): 3 possible, 2 attended, 1 unauthorised, 1 missing mark;
# pupil 1201 has / \ L \: 4 of 4.

SIMS_SYNC = (
    "Student ID,Date,Session Name,Mark\n"
    "1200,07/09/2026,AM,/\n"
    "1200,07/09/2026,PM,\\\n"
    "1200,08/09/2026,AM,N\n"
    "1200,08/09/2026,PM,-\n"
    "1201,07/09/2026,AM,/\n"
    "1201,07/09/2026,PM,\\\n"
    "1201,08/09/2026,AM,L\n"
    "1201,08/09/2026,PM,\\\n"
)


def test_sims_session_attendance_by_student_id_reads_each_mark(tmp_path):
    export = write(tmp_path, "sims.csv", SIMS_SYNC)
    code, result, err = check(export)
    assert code == 0, err
    first = pupil(result, "1200")
    assert (first["possible"], first["attended"], first["unauthorised"]) == (3, 2, 1)
    assert first["missing_marks"] == 1
    second = pupil(result, "1201")
    assert (second["possible"], second["attended"], second["unauthorised"]) == (4, 4, 0)
    assert "identified by their MIS id (column 'Student ID')" in err


# --- a week's marks in one cell, under a week's header however it is abbreviated -------
# A register printed a week at a time puts a week's ten marks in one cell under the
# Monday's date ('w/c 07/09/2026' was said as such). The other ways an English office
# writes "week beginning" ('W/B', 'WB'), "week ending" ('w/e', a Friday) and "week
# starting" were taken for a pupil list's extra column, and the register refused as "a
# pupil list ... give it as --pupils": the wrong advice, for the right file.

WEEK_MARKS = "/\\/\\NN/\\/\\"  # Sam: Mon, Tue present, Wed N N, Thu, Fri present


@pytest.mark.parametrize(
    "header",
    [
        "W/B 07/09/2026",
        "WB 07/09/2026",
        "w/e 11/09/2026",
        "W/E 11/09/2026",
        "Week Starting 07/09/2026",
        "Week Ending 11/09/2026",
        "Week 1 (07/09/2026)",
    ],
)
def test_a_week_s_marks_under_any_week_header_are_said_as_such_not_as_a_pupil_list(
    tmp_path, header
):
    export = write(
        tmp_path,
        "weeks.csv",
        f"{PUPILS},{header}\n{SAM},{WEEK_MARKS}\n{JO},/\\/\\/\\/\\/\\\n",
    )
    code, _, err = check(export, as_of="2026-09-11")
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 1: the columns from {header!r} hold a week's marks each: "
        "attcli reads one mark a cell. Export the register with a column per session "
        f"(headed like {EXAMPLES}) or a row per session; Bromcom's marks in one string need "
        "a start date column (docs/presets.md)"
    )


def test_a_week_column_needs_its_date_to_be_said_as_one(tmp_path):
    """'Week 1' alone beside the pupils is no week's column (a pupil list may have one)."""
    export = write(tmp_path, "weeks.csv", f"{PUPILS},Week 1\n{SAM},A\n{JO},B\n")
    code, _, err = check(export, as_of="2026-09-11")
    assert code == 1
    assert "hold a week's marks" not in err


# --- dates alone a week apart: a week's marks each, not days -----------------------------
# The same report with the Mondays' dates alone over each week's cell was said as "days,
# with no AM/PM session ... one mark a session": the file was refused, but for a reason
# that is not its own (each cell is a week's ten marks, not a day's).

def test_dates_a_week_apart_over_strings_of_marks_are_said_as_weeks_not_days(tmp_path):
    export = write(
        tmp_path,
        "weeks.csv",
        f"{PUPILS},07/09/2026,14/09/2026,21/09/2026\n"
        f"{SAM},/\\/\\/\\/\\/\\,{WEEK_MARKS},/\\/\\/\\/\\/\\\n"
        f"{JO},/\\/\\/\\/\\/\\,/\\/\\/\\/\\/\\,/\\/\\/\\/\\/\\\n",
    )
    code, _, err = check(export, as_of="2026-09-25")
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 1: the columns from '07/09/2026' are dates a week apart "
        "and hold a week's marks each: attcli reads one mark a cell. Export the register "
        f"with a column per session (headed like {EXAMPLES}) or a row per session; "
        "Bromcom's marks in one string need a start date column (docs/presets.md)"
    )


def test_dates_a_day_apart_are_still_said_as_days(tmp_path):
    export = write(
        tmp_path,
        "days.csv",
        f"{PUPILS},07/09/2026,08/09/2026,09/09/2026\n{SAM},/\\,/\\,NN\n{JO},/\\,/\\,/\\\n",
    )
    code, _, err = check(export, as_of="2026-09-11")
    assert code == 1
    assert "are days, with no AM/PM session" in one_line(err)


# --- weekday names with no date -----------------------------------------------------------
# A week's grid headed 'Mon' to 'Fri' (or 'Mon AM', 'Mon PM', ...) with no date: which week
# it is cannot be known. 'Monday', 'Tuesday', ... were taken for a pupil list's columns
# ("give it as --pupils"), and 'Mon AM', 'Mon PM' gave "no header row found" with every
# header of every layout looked for.

@pytest.mark.parametrize(
    ("headers", "row_sam", "row_jo"),
    [
        ("Mon,Tue,Wed,Thu,Fri", "/\\,/\\,NN,/\\,/\\", "/\\,/\\,/\\,/\\,/\\"),
        ("Monday,Tuesday,Wednesday", "/\\,NN,/\\", "/\\,/\\,/\\"),
        ("Mon AM,Mon PM,Tue AM,Tue PM", "/,\\,N,N", "/,\\,/,\\"),
    ],
)
def test_columns_headed_by_weekdays_with_no_date_are_said_as_such(
    tmp_path, headers, row_sam, row_jo
):
    export = write(
        tmp_path, "grid.csv", f"{PUPILS},{headers}\n{SAM},{row_sam}\n{JO},{row_jo}\n"
    )
    code, _, err = check(export, as_of="2026-09-11")
    assert code == 1
    first = headers.split(",")[0]
    assert one_line(err) == (
        f"error: {export}, line 1: the columns from {first!r} are headed by a weekday with "
        "no date: attcli does not guess which week they are. Export the register with the "
        f"date in each session's header, like {EXAMPLES}"
    )


def test_a_month_or_friends_column_is_no_weekday(tmp_path):
    """'Month' begins like 'Mon', 'Friends' like 'Fri': neither is a weekday's column."""
    export = write(
        tmp_path, "list.csv", f"{PUPILS},Month,Friends\n{SAM},Sep,2\n{JO},Oct,3\n"
    )
    code, _, err = check(export, as_of="2026-09-11")
    assert code == 1
    assert "weekday" not in err


# --- a common transfer file under another name or encoding ------------------------------
# A CTF's root element is <CTfile>, with the schema's attributes on it as MIS write it
# (an open-source CTF 25 writer: `<CTfile xmlns:xsi=... xsi:noNamespaceSchemaLocation=
# "CTF_25.xsd" CTFversion="25">`). attcli refuses a CTF saying why (docs/presets.md, "The
# CTF is not read"), but only when named .xml and written in UTF-8: the same file saved
# as .csv (what a file is comes from its first bytes, not its name) was "no header row
# found" with every header of every layout; named .ctf (as some tools save it) or saved
# as UTF-16 it was "unsupported file type". Each is now the CTF's one line.

CTF = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<CTfile xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="CTF_25.xsd" CTFversion="25">\n'
    "  <Header><DocumentName>Common Transfer File</DocumentName></Header>\n"
    "  <CTFpupilData><Pupil><UPN>A999300000001</UPN>\n"
    "    <Attendance><YearData><SessionAttendance>"
    "<AttendanceStartDate>2026-09-07</AttendanceStartDate>"
    "<AttendanceMarks>/\\/\\NN</AttendanceMarks>"
    "</SessionAttendance></YearData></Attendance>\n"
    "  </Pupil></CTFpupilData>\n"
    "</CTfile>\n"
)
CTF_REFUSAL = (
    "this is a common transfer file (CTF), which attcli does not read. How a CTF's "
    "AttendanceMarks string counts sessions and days could not be established from the "
    "published specification (docs/presets.md), so attcli does not guess: export the "
    "attendance register from your MIS as CSV (UTF-8) or as an Excel Workbook (.xlsx)"
)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("820LLLL_CTF_8201234_001.xml", "utf-8"),
        ("820LLLL_CTF_8201234_001.xml", "utf-8-sig"),
        ("820LLLL_CTF_8201234_001.xml", "utf-16"),
        ("820LLLL_CTF_8201234_001.ctf", "utf-8"),
        ("register.csv", "utf-8"),
        ("register.xlsx", "utf-8"),
    ],
)
def test_a_ctf_is_named_as_one_whatever_its_file_name_or_encoding(tmp_path, name, encoding):
    export = tmp_path / name
    export.write_bytes(CTF.encode(encoding))
    code, _, err = check(export)
    assert code == 1
    assert one_line(err) == f"error: {export}: {CTF_REFUSAL}"


def test_other_xml_is_no_ctf(tmp_path):
    """SIMS' session attendances as its partner API writes them are XML too, but no CTF."""
    export = tmp_path / "sessions.xml"
    export.write_text(
        '<?xml version="1.0"?><SessionAttendances><SessionAttendance><PersonID>1200'
        "</PersonID></SessionAttendance></SessionAttendances>\n",
        encoding="utf-8",
    )
    code, _, err = check(export)
    assert code == 1
    assert "common transfer file" not in err
    assert "unsupported file type '.xml'" in one_line(err)


def test_a_csv_whose_cell_mentions_ctfile_is_read_as_a_csv(tmp_path):
    export = tmp_path / "register.csv"
    export.write_text(
        "UPN,Surname,Forename,Date,Session,Mark,Note\n"
        f"{SAM},07/09/2026,AM,/,<CTfile> sent\n{SAM},07/09/2026,PM,\\,\n",
        encoding="utf-8",
    )
    code, result, err = check(export, as_of="2026-09-07")
    assert code == 0, err
    assert pupil(result, "A999300000001")["possible"] == 2


# --- packed marks counting calendar days, the weekends written '#' -----------------------
# Packed marks (Bromcom's AttendanceMarks, after the CTF) are read one position per
# weekday; a string of calendar days whose weekends are blank for everyone was refused,
# but one whose weekends hold '#' (closed) for everyone was read as weekdays: the first
# weekend's '####' became Mon 14 and Tue 15 (closed, not possible), every later mark two
# days late, Sam's Wednesday N N put on Friday 18/09 and the Friday's marks on Tuesday
# 22/09, with nothing said. By hand, the strings below (weeks of 7 days from Mon 07/09,
# 3 weeks) hold Sam 30 possible, 28 attended, N N on Wed 16/09. '#' at every Saturday
# and Sunday for every pupil (two weekends or more) is now refused as '' is: a weekday
# reading would need the school closed on other days each week, for everyone.

WEEK = "/\\" * 5
PACKED = "UPN,Surname,Forename,Attendance Start Date,Attendance Marks\n"


@pytest.mark.parametrize("weekend", ["####", "----", "#-#-"])
def test_packed_marks_with_every_weekend_closed_are_refused_not_read_two_days_late(
    tmp_path, weekend
):
    sam = WEEK + weekend + "/\\/\\NN/\\/\\" + weekend + WEEK
    jo = WEEK + weekend + WEEK + weekend + WEEK
    export = write(tmp_path, "bromcom.csv", f"{PACKED}{SAM},07/09/2026,{sam}\n{JO},07/09/2026,{jo}\n")
    code, _, err = check(export, as_of="2026-09-25")
    assert code == 1
    held = " or ".join(repr(c) for c in sorted(set(weekend)))
    assert one_line(err) == (
        f"error: {export}: the marks strings hold {held} at the place of every Saturday and "
        "Sunday: they look like one position per calendar day, but attcli reads one per "
        "weekday (Monday to Friday) from the start date (column 'Attendance Marks'). Export "
        "the marks with weekdays only, or export the register as one row per pupil per session"
    )


def test_packed_marks_with_an_inset_day_closed_for_everyone_still_read(tmp_path):
    """One '#' day for everyone (an INSET Monday) is a closure, not a weekend: read."""
    sam = WEEK + "##/\\/\\NN/\\" + WEEK
    jo = WEEK + "##" + "/\\" * 4 + WEEK
    export = write(tmp_path, "bromcom.csv", f"{PACKED}{SAM},07/09/2026,{sam}\n{JO},07/09/2026,{jo}\n")
    code, result, err = check(export, as_of="2026-09-25")
    assert code == 0, err
    first = pupil(result, "A999300000001")  # 28 sessions, Mon 14/09 closed: 28 possible
    assert (first["possible"], first["attended"], first["unauthorised"]) == (28, 26, 2)
    assert first["longest_absence_days"] == 1  # Thu 17/09, N N


# --- packed marks of school days only across a half term ----------------------------------
# Strings of school days only (no place for the half term) from Mon 19/10/2026: a week,
# then the half term left out, then two more weeks. Read a weekday a position, the second
# week falls in the half term (26-30 Oct). With the school's term dates this was refused,
# but as "a half term is missing" in the config: true of a register opened for a week in
# a holiday, not of this one, whose term dates are right. The refusal now names the
# export's side too.

def test_packed_school_days_across_a_half_term_are_said_as_possibly_the_strings(tmp_path):
    config = write(
        tmp_path,
        "attcli.toml",
        "[calendar]\n"
        '[[calendar.half_terms]]\nname = "Autumn 1"\nstart = 2026-09-02\nend = 2026-10-23\n'
        '[[calendar.half_terms]]\nname = "Autumn 2"\nstart = 2026-11-02\nend = 2026-12-18\n',
    )
    sam = WEEK + "/\\/\\NN/\\/\\" + WEEK
    export = write(
        tmp_path, "bromcom.csv", f"{PACKED}{SAM},19/10/2026,{sam}\n{JO},19/10/2026,{WEEK * 3}\n"
    )
    code, _, err = check(export, "-c", config, "--from", "2026-10-19", as_of="2026-11-13")
    assert code == 1
    assert one_line(err) == (
        f"error: {config}: config key 'calendar.half_terms': the register has 5 school days "
        "in holidays of the half terms given for 2026/27, 5 of them in the week of "
        "26/10/2026: a half term is missing, or its dates are wrong: add it or correct its "
        "dates; or these exports are another school's, whose holidays differ: give that "
        "school's workspace (--workspace DIR, or --config FILE); or, if the register is "
        "packed marks, its strings count school days only, "
        "with no place for the holiday (docs/presets.md): export them with a blank for each "
        "weekday the school was closed"
    )


# --- packed marks of school days only over a bank holiday ---------------------------------
# From Mon 27/04/2026, strings with no place for the early May bank holiday (Mon
# 04/05/2026) put Tuesday's marks on the bank holiday and every later mark a day early:
# Sam's Wednesday N N on Tuesday 05/05, Friday's marks on Thursday, and "no register on
# 08/05/2026" said as the data ending, with no term dates to catch it. A school is shut on
# a bank holiday (bankholidays.py), and a packed string's dates are its positions', not
# the MIS's: marks for every pupil at a bank holiday's place now refuse the strings. The
# same strings with the bank holiday blank read right: 18 possible (9 school days), Sam
# 16 attended and 2 unauthorised on Wed 06/05.

def test_packed_marks_on_a_bank_holiday_for_everyone_are_refused_not_read_a_day_early(
    tmp_path,
):
    sam = WEEK + "/\\NN/\\/\\"
    jo = WEEK + "/\\/\\/\\/\\"
    export = write(
        tmp_path, "bromcom.csv", f"{PACKED}{SAM},27/04/2026,{sam}\n{JO},27/04/2026,{jo}\n"
    )
    code, _, err = check(export, "--from", "2026-04-27", as_of="2026-05-08")
    assert code == 1
    assert one_line(err) == (
        f"error: {export}: the marks strings hold a mark for every pupil on Mon 04/05/2026, "
        "a bank holiday, when schools are shut: they look like one position per school day, "
        "with no place for the holiday, but attcli reads one per weekday (Monday to Friday) "
        "from the start date (column 'Attendance Marks'). Export the marks with a blank for "
        "each weekday the school was closed, or export the register as one row per pupil per "
        "session (which also says so if the school opened that day)"
    )


def test_packed_marks_with_the_bank_holiday_blank_or_closed_read(tmp_path):
    for holiday in ("  ", "##"):
        sam = WEEK + holiday + "/\\NN/\\/\\"
        jo = WEEK + holiday + "/\\/\\/\\/\\"
        export = write(
            tmp_path, "bromcom.csv", f"{PACKED}{SAM},27/04/2026,{sam}\n{JO},27/04/2026,{jo}\n"
        )
        code, result, err = check(export, "--from", "2026-04-27", as_of="2026-05-08")
        assert code == 0, err
        first = pupil(result, "A999300000001")
        assert (first["possible"], first["attended"], first["unauthorised"]) == (18, 16, 2)
