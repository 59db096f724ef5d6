"""Sweep of 5 December (sixth), mutheader: mutation testing of header detection
(src/attcli/loaders/_headers.py: which row is the header, which column is which field) and
the register's shared model (src/attcli/register.py).  Each test is a small export whose
right reading is worked out by hand from docs/presets.md and DOMAIN.md, at the boundary a
surviving mutant crossed; each was seen to pass on the code and fail on its mutant (or, for
a bug, to fail before the fix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _people(result) -> list[tuple]:  # noqa: ANN001
    cols = ["upn", "mis_id", "surname", "forename"]
    return result.register.select(cols).unique().sort("upn").rows()


# --- a name column of ids beside the name column of names (bug) --------------------------
# docs/presets.md: the first `name` alias present wins ('Student', 'Pupil', 'Name', 'Student
# Name', 'Pupil Name'), but a `name` column whose every value is an id holds ids, not names.
# A partner export with 'Pupil' (ids) and 'Name' (the pupils' names) was read with no names
# at all (the later alias never looked at): the names in the file silently dropped, the
# pupils identified by their id only.  With a UPN column beside them the same export was
# refused as having no name column.  Right reading by hand: 'Pupil' is the MIS id, 'Name'
# ("Smith, Sam") the pupil's name; 1200 has / and \ (2 possible, 2 attended).

def test_a_name_column_of_ids_gives_way_to_the_next_name_column(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        'Pupil,Name,Date,Session,Mark\n'
        '1200,"Smith, Sam",07/09/2026,AM,/\n'
        '1200,"Smith, Sam",07/09/2026,PM,\\\n'
        '1201,"Jones, Jo",07/09/2026,AM,N\n'
        '1201,"Jones, Jo",07/09/2026,PM,/\n',
    )
    result = load_registers([path])
    assert result.keyed_by == "mis_id"
    assert _people(result) == [
        ("1200", "1200", "Smith", "Sam"),
        ("1201", "1201", "Jones", "Jo"),
    ]
    assert result.files[0].skipped[:2] == [
        "column 'Pupil' holds ids, not names: read as the pupil's MIS id",
        "the pupils' names are read from column 'Name'",
    ]


def test_with_a_upn_the_student_name_column_is_read_not_refused(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Student,Student Name,Date,Session,Mark\n"
        'A999300000001,1200,"Smith, Sam",07/09/2026,AM,/\n'
        'A999300000001,1200,"Smith, Sam",07/09/2026,PM,/\n'
        'A999300000002,1201,"Jones, Jo",07/09/2026,AM,N\n'
        'A999300000002,1201,"Jones, Jo",07/09/2026,PM,/\n',
    )
    result = load_registers([path])
    assert result.keyed_by == "upn"
    assert _people(result) == [
        ("A999300000001", "1200", "Smith", "Sam"),
        ("A999300000002", "1201", "Jones", "Jo"),
    ]
    assert result.files[0].skipped[:2] == [
        "column 'Student' holds ids, not names: read as the pupil's MIS id",
        "the pupils' names are read from column 'Student Name'",
    ]


def test_a_later_name_column_of_ids_is_not_taken_for_names(tmp_path):
    # 'Student' and 'Pupil Name' both hold ids: no name is read from either; the MIS id
    # keys the pupils (SIMS' PersonID files have no names: a pupil list gives them)
    path = _write(
        tmp_path,
        "reg.csv",
        "Student,Pupil Name,Date,Session,Mark\n"
        "1200,A1200,07/09/2026,AM,/\n"
        "1200,A1200,07/09/2026,PM,/\n",
    )
    result = load_registers([path])
    assert _people(result) == [("1200", "1200", None, None)]


# --- a column the school named in [columns] is not another field's second name ----------
# Two columns under two of the mark's names are ambiguous (docs/presets.md), but not when
# one of them is a column the school's [columns] gives to another field: 'Code' here holds
# the pupil's class ('7S'), named `reg_group = "Code"`; the mark is 'Mark' (mutant: the
# claimed column counted as a second mark column, and the export refused as ambiguous).

def test_a_column_named_for_another_field_is_not_a_second_mark_column(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Surname,Forename,Date,Session,Mark,Code\n"
        "A999300000001,Smith,Sam,07/09/2026,AM,/,7S\n"
        "A999300000001,Smith,Sam,07/09/2026,PM,N,7S\n",
    )
    reg = load_registers([path], columns={"reg_group": "Code"}).register
    assert reg.select("session", "mark", "reg_group").rows() == [
        ("AM", "/", "7S"),
        ("PM", "N", "7S"),
    ]


# --- a UPN register needs the pupils' names (NAME_REQUIREMENT's "!upn") -------------------
# docs/presets.md: names are not needed when the MIS id is the key; with a UPN column they
# are.  A register of UPN and Person ID with no name column is refused in one line naming
# the headers found (mutant: read with no names, the letters' pupils nameless).

def test_a_upn_register_with_an_mis_id_and_no_names_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Person ID,Date,Session,Mark\n"
        "A999300000001,1200,07/09/2026,AM,/\n"
        "A999300000001,1200,07/09/2026,PM,/\n",
    )
    with pytest.raises(InputError) as e:
        load_registers([path])
    text = str(e.value)
    assert "line 1: no header row found" in text
    assert "missing pupil name" in text
    assert "Headers found on line 1: 'UPN', 'Person ID', 'Date', 'Session', 'Mark'" in text


# --- a field the school named in [columns] is never second-guessed ----------------------
# `name = "Student"`: the column is the pupils' names even when its values are digits; a
# name that is not 'Surname, Forename' is refused naming the column and the value (mutant:
# the school's column taken for the MIS id, and the register read by ids with no names).

def test_a_name_column_the_school_named_is_not_taken_for_ids(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Student,Date,Session,Mark\n"
        "A999300000001,1200,07/09/2026,AM,/\n"
        "A999300000001,1200,07/09/2026,PM,/\n",
    )
    with pytest.raises(InputError) as e:
        load_registers([path], columns={"name": "Student"})
    assert "line 2: pupil name is not 'Surname, Forename' (column 'Student'): '1200'" in str(
        e.value
    )


# --- a session column of AM/PM beside a time column is the session ----------------------
# docs/presets.md: beside a date-time or start time, a session column whose values are not
# AM/PM is not the session; one of AM/PM is.  'Time' here is when the mark was entered: the
# office entered Monday's AM mark at 13:05.  By hand: AM '/', PM 'N' (the Session column),
# not two PM marks (mutant: every session column beside a time dropped, the session read
# from the time, 13:05 being PM).

def test_a_session_column_of_am_pm_beside_a_time_is_the_session(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Surname,Forename,Date,Session,Time,Mark\n"
        "A999300000001,Smith,Sam,07/09/2026,AM,13:05,/\n"
        "A999300000001,Smith,Sam,07/09/2026,PM,13:10,N\n",
    )
    reg = load_registers([path]).register
    assert reg.select("session", "mark").rows() == [("AM", "/"), ("PM", "N")]


# `session = "Session"` named by the school: its values are the sessions even beside a start
# time, so 'S1' is refused naming the column and value (mutant: the school's column dropped
# for holding no AM/PM, and the sessions silently read from the times).

def test_a_session_column_the_school_named_is_not_second_guessed(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Surname,Forename,Date,Session,Start Time,Mark\n"
        "A999300000001,Smith,Sam,07/09/2026,S1,08:45,/\n"
        "A999300000001,Smith,Sam,07/09/2026,S2,13:15,N\n",
    )
    with pytest.raises(InputError) as e:
        load_registers([path], columns={"session": "Session"})
    assert "line 2: not a session (column 'Session'): 'S1'" in str(e.value)


# --- a two-row header is two rows one under the other -----------------------------------
# docs/presets.md: a wide header may be two rows, dates then AM/PM under them.  A title row
# holding the report's print date (Friday 04/12/2026) over a blank line and a header of
# 'AM' and 'PM' is no two-row header: the marks are on no date the file gives, and the
# export is refused in one line saying the two marks are on one row (mutant: the title
# row's date joined to the AM/PM row below the blank line, and the marks silently read as
# the print date's).

def test_a_title_row_date_over_a_blank_line_is_no_header_of_dates(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "Attendance register,,,04/12/2026\n"
        "\n"
        "UPN,Surname,Forename,AM,PM\n"
        "A999300000001,Smith,Sam,/,N\n",
    )
    with pytest.raises(InputError) as e:
        load_registers([path])
    text = str(e.value)
    assert "line 3: no header row found" in text
    assert "The columns 'AM' and 'PM' hold each day's two marks on one row" in text


# --- a refusal names the first row that reads most like a header --------------------------
# A printed report repeats its header on every page: a pupil list whose header is on line 1
# and again on line 3 is refused naming line 1, the first (mutant: the last of rows equally
# like a header named).

def test_a_repeated_header_is_named_at_its_first_line(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Surname,Forename,Notes\n"
        "A999300000001,Smith,Sam,x\n"
        "UPN,Surname,Forename,Notes\n"
        "A999300000002,Jones,Jo,y\n",
    )
    with pytest.raises(InputError) as e:
        load_registers([path])
    assert str(e.value).startswith(f"{path}, line 1: this looks like a pupil list")


# --- the values that decide a column leave out a footer row -----------------------------
# A 'Student' column of ids over a footer row 'Total' (docs/presets.md, "Rows that are not
# pupils") is still a column of ids: the MIS id, the footer skipped.  By hand: 1200 has '/'
# AM and 'N' PM (mutant: 'Total' counted among the values, the column read as names, and
# the export refused over '1200').

def test_a_footer_row_does_not_make_a_column_of_ids_names(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "Student,Date,Session,Mark\n"
        "1200,07/09/2026,AM,/\n"
        "1200,07/09/2026,PM,N\n"
        "Total,,,2\n",
    )
    result = load_registers([path])
    assert result.register.select("upn", "session", "mark").rows() == [
        ("1200", "AM", "/"),
        ("1200", "PM", "N"),
    ]
    assert result.files[0].skipped == [
        "column 'Student' holds ids, not names: read as the pupil's MIS id",
        "line 4: footer row 'Total' skipped",
    ]


# --- the census's 'NC Year Actual' is the year group ------------------------------------
# docs/presets.md lists `NC Year Actual` (the school census's NCyearActual) among the year
# group's headers: '7' is Year 7 (mutant: the alias lost, the year group silently null).

def test_nc_year_actual_is_the_year_group(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Surname,Forename,NC Year Actual,Date,Session,Mark\n"
        "A999300000001,Smith,Sam,7,07/09/2026,AM,/\n"
        "A999300000002,Jones,Jo,X,07/09/2026,AM,/\n",
    )
    reg = load_registers([path]).register
    assert reg.select("upn", "year_group").rows() == [
        ("A999300000001", "7"),
        ("A999300000002", "X"),
    ]


# --- a date fills its own column and the one to its right, no more ----------------------
# docs/presets.md: in a two-row header a date fills its own column and the one to its right
# (merged over its AM and PM).  Tuesday's date cell left empty: its AM and PM have no date,
# and the export is refused saying so (mutant: Monday's date carried on to them, Tuesday's
# marks taken for Monday's).

def test_a_day_s_empty_date_cell_does_not_take_the_day_before(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Surname,Forename,07/09/2026,,,\n"
        ",,,AM,PM,AM,PM\n"
        "A999300000001,Smith,Sam,/,/,N,N\n",
    )
    with pytest.raises(InputError) as e:
        load_registers([path])
    assert (
        "line 2: the sessions 'AM' and 'PM' after those of '07/09/2026 PM' have no date above "
        "them in line 1 (its cell is empty)"
    ) in str(e.value)


# --- a title row with a date over a long header is a title row --------------------------
# A two-row header is dates over AM/PM: a title row 'Printed, 04/12/2026' over a long
# export's header (no AM/PM cell in it) is a title row, skipped and said (mutant: the two
# rows joined as the header, the title row not said).

def test_a_dated_title_row_over_a_long_header_is_a_title_row(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "Printed,04/12/2026\n"
        "UPN,Surname,Forename,Date,Session,Mark\n"
        "A999300000001,Smith,Sam,07/09/2026,AM,/\n",
    )
    result = load_registers([path])
    assert result.files[0].skipped == ["line 1: title row 'Printed 04/12/2026' skipped"]
    assert result.register.select("upn", "session", "mark").rows() == [
        ("A999300000001", "AM", "/")
    ]


# --- register.py: a year group as people say it, and in its place --------------------------
# The school census's NC year codes (docs/presets.md): R is Reception, N1/N2 nursery, E1/E2
# early years, X "national curriculum not followed", 1..14 Year n.  ('10' is Year 10, not
# "Early years 0": the mutant that dropped the N/E test; '7' is not Reception: `!=`.)

def test_year_group_labels_are_the_census_codes_as_people_say_them():
    from attcli.register import year_group_label

    assert [year_group_label(v) for v in ("R", "N1", "E2", "X", "7", "10", "14")] == [
        "Reception",
        "Nursery 1",
        "Early years 2",
        "NC year X",
        "Year 7",
        "Year 10",
        "Year 14",
    ]


def test_nc_year_x_sorts_before_a_pupil_with_no_year_group():
    # X after Year 14 and before no year group at all (mutant: X tied with no year, and the
    # next key, the name, put the pupil with no year first)
    import polars as pl

    from attcli.register import year_order

    frame = pl.DataFrame({"year_group": [None, "X", "14"], "name": ["A", "B", "C"]})
    assert frame.sort(year_order(), "name")["year_group"].to_list() == ["14", "X", None]
