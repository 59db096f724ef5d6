"""Exports that are not what they look like (a tester's real MIS export shapes,
layouts3): an absence report read as the register, two children under one UPN, a UTF-8
file with one Windows-1252 line, US-order dates, 12-hour times without am/pm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers
from builders import register, write_long_csv

MON = dt.date(2026, 9, 7)


def _load_error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_registers([path])
    return str(info.value)


# --- 1. an absence report is not the register ------------------------------------------


def test_an_export_with_no_present_mark_over_a_week_is_refused(tmp_path):
    """12 pupils, Mon 07/09 to Fri 11/09/2026, only their absence rows (an absence report):
    no pupil-session is attended, so it cannot be the register (docs/decisions.md)."""
    marks = {f"K{i:012d}": "N ! ! ! M" if i % 2 else "! O.O ! I !" for i in range(12)}
    marks["K000000000000"] = "O ! ! ! !"
    marks["K000000000001"] = "! ! ! ! I"  # the file spans Monday to Friday: a school week
    path = write_long_csv(register(marks, start=MON), tmp_path / "absences.csv")
    assert _load_error(path) == (
        f"{path} holds no present marks: it looks like an absence report, not the "
        "register; export the full attendance marks (every session of every pupil)"
    )


def test_an_export_mostly_absent_is_loaded_with_a_loud_warning(tmp_path):
    """An "absences and lates" report: 12 pupils over one week, each with rows for one day
    only (day i % 5): 3 late that day (L, attended), 9 absent (O).  Attended 6 of 24
    possible = 25.0%, under half, and 24 rows of the 120 the pupils' sessions would be:
    sparse, so not a register's low attendance."""
    days = ["! ! ! ! !".split() for _ in range(12)]
    for i in range(12):
        days[i][i % 5] = "L" if i < 3 else "O"
    marks = {f"K{i:012d}": " ".join(days[i]) for i in range(12)}
    path = write_long_csv(register(marks, start=MON), tmp_path / "lates.csv")
    loaded = load_registers([path])
    said = [w for w in loaded.warnings if "of the possible sessions" in w]
    assert said == [
        f"{path}: attended sessions are only 25.0% of the possible sessions (6 of 24): "
        "no whole school's register is under half; if this is an absence report (absences "
        "and lates), export the full attendance marks (every session of every pupil)"
    ]


def test_a_whole_cohort_on_study_leave_is_no_absence_report(tmp_path):
    """A reviewer's Year 11 export of a study-leave week: 12 pupils, every session S
    (authorised: possible, not attended), refused as "an absence report".  Nine in ten of
    its absence sessions (here all 120) are study leave, the one absence a school grants a
    year group at once: the register.  One in ten of another code (12 of 120 I) is
    still that; more is not (13 I, no present mark over a week: refused).  And a one-day report of today's absentees
    (20 pupils, each absent both sessions, codes mixed) is warned about, as it was before
    a rule that read it as a register (rows for every pupil's every session of that day)."""
    leave = {f"K{i:012d}": "S " * 5 for i in range(12)}
    path = write_long_csv(register(leave, start=MON), tmp_path / "leave.csv")
    assert not [w for w in load_registers([path]).warnings if "possible sessions" in w]
    ill = {f"K{i:012d}": ("S " * 4 + ("I" if i < 6 else "S")).strip() for i in range(12)}
    path = write_long_csv(register(ill, start=MON), tmp_path / "ill.csv")  # 12 I of 120
    assert not [w for w in load_registers([path]).warnings if "possible sessions" in w]
    more = dict(ill, K000000000006="S S S S IS")  # 13 I of 120: 107 S, under nine in ten
    path = write_long_csv(register(more, start=MON), tmp_path / "more.csv")
    assert "holds no present marks" in _load_error(path)
    codes = ["I", "N", "O", "M", "G"]
    day = {f"K{i:012d}": codes[i % 5] for i in range(20)}
    path = write_long_csv(register(day, start=MON), tmp_path / "absentees.csv")
    said = [w for w in load_registers([path]).warnings if "possible sessions" in w]
    assert len(said) == 1 and "0.0% of the possible sessions (0 of 40)" in said[0]
    # a flu outbreak's absentees, 19 of 20 I (authorised, nine in ten of one code): an
    # absence report still (a third reviewer's: read as the register, nothing said)
    flu = {f"K{i:012d}": "I" if i else "N" for i in range(20)}
    path = write_long_csv(register(flu, start=MON), tmp_path / "flu.csv")
    said = [w for w in load_registers([path]).warnings if "possible sessions" in w]
    assert len(said) == 1 and "0.0% of the possible sessions (0 of 40)" in said[0]


def test_a_few_pupils_absent_throughout_are_not_taken_for_an_absence_report(tmp_path):
    """One pupil absent for two weeks (a child missing education, exported alone) and a
    second with a day off: fewer than 10 pupils, so no school's register is judged."""
    marks = {"K000000000001": "O " * 10, "K000000000002": "O O O O O O O O O /\\"}
    path = write_long_csv(register(marks, start=MON), tmp_path / "two.csv")
    loaded = load_registers([path])
    assert not [w for w in loaded.warnings if "possible sessions" in w]


def test_a_short_absence_report_is_warned_not_refused(tmp_path):
    """Three days (Mon to Wed), each pupil's one absent day only (day i % 3, O or I), no
    present mark: less than a school week, so not refused; 0.0% of the 24 possible
    sessions attended is said (24 rows of the pupils' 72 sessions: sparse)."""
    days = [["!", "!", "!"] for _ in range(12)]
    for i in range(12):
        days[i][i % 3] = "O" if i % 2 else "I"
    marks = {f"K{i:012d}": " ".join(days[i]) for i in range(12)}
    path = write_long_csv(register(marks, start=MON), tmp_path / "short.csv")
    loaded = load_registers([path])
    said = [w for w in loaded.warnings if "of the possible sessions" in w]
    assert len(said) == 1 and said[0].startswith(
        f"{path}: attended sessions are only 0.0% of the possible sessions (0 of 24)"
    )


# --- 2. two children under one UPN -------------------------------------------------------


def _rows(upn: str, surname: str, forename: str, days: list[dt.date]) -> str:
    return "".join(
        f"{upn},{surname},{forename},{d:%d/%m/%Y},{s},/\n" for d in days for s in ("AM", "PM")
    )


def test_a_upn_whose_rows_carry_two_children_s_names_is_said(tmp_path):
    """G7's rows are 'Patel, Aarav' Mon 07/09 to Wed 09/09 and 'Khan, Yusuf' Mon 14/09 to
    Tue 15/09; T2's 'Smith, Jack' then 'Smith, Jill' (a sibling keyed under a brother's UPN
    shares his surname): two children's forenames, both named, every UPN listed.  A
    forename spelt another way is one child: Chloé/Chloe (accents), Mary-Jane/Mary Jane
    (punctuation), Aisha/Aisha Rani (a middle name added), Katherine/Katharine (one letter
    of a long name): a reviewer found such named and Jill hidden behind 'e.g.'.  S1 only changes surname
    (a marriage, an adoption) and C3's names differ only in case and spaces."""
    week1 = [MON + dt.timedelta(days=i) for i in range(3)]
    week2 = [MON + dt.timedelta(days=7 + i) for i in range(2)]
    same = [("E1", "Martin", "Chloé", "Chloe"), ("E2", "Okafor", "Mary-Jane", "Mary Jane"),
            ("E3", "Rahman", "Aisha", "Aisha Rani"),
            ("E4", "Doyle", "Katherine", "Katharine")]  # fmt: skip
    # short names one letter apart are other names: Tom and Tim, Leo and Leon (a third
    # reviewer's siblings, merged unsaid when one letter was always a spelling)
    short = [("T3", "Ward", "Tom", "Tim"), ("T4", "Kent", "Leo", "Leon")]
    text = (
        "UPN,Surname,Forename,Date,Session,Mark\n"
        + _rows("G7", "Patel", "Aarav", week1)
        + _rows("G7", "Khan", "Yusuf", week2)
        + _rows("S1", "Smith", "Amy", week1)
        + _rows("S1", "Jones", "Amy", week2)
        + _rows("C3", "De Souza", "Ana", week1)
        + _rows("C3", "DE  SOUZA ", "ana", week2)
        + _rows("T2", "Smith", "Jack", week1)
        + _rows("T2", "Smith", "Jill", week2)
        + "".join(_rows(u, s, a, week1) + _rows(u, s, b, week2) for u, s, a, b in same + short)
    )
    path = tmp_path / "reg.csv"
    path.write_text(text, encoding="utf-8")
    loaded = load_registers([path])
    roll = loaded.take_compact()
    assert roll.pupils.height == 10
    said = [w for w in loaded.warnings if "UPN" in w and "forenames" in w]
    assert said == [
        "4 UPNs' rows carry two children's forenames: G7: 'Patel, Aarav' 07/09/2026 to "
        "09/09/2026 and 'Khan, Yusuf' 14/09/2026 to 15/09/2026; T2: 'Smith, Jack' 07/09/2026 "
        "to 09/09/2026 and 'Smith, Jill' 14/09/2026 to 15/09/2026; T3: 'Ward, Tom' "
        "07/09/2026 to 09/09/2026 and 'Ward, Tim' 14/09/2026 to 15/09/2026; T4: 'Kent, Leo' "
        "07/09/2026 to 09/09/2026 and 'Kent, Leon' 14/09/2026 to 15/09/2026: each counted "
        "as one pupil under the later name; if these are two children, give each its own UPN"
    ]


def test_two_names_for_the_same_sessions_in_one_file_do_not_say_exports_disagree(tmp_path):
    """One file holds G7's two sessions of Mon 07/09 twice, as 'Patel, Aarav' (lines 2, 3)
    and as 'Khan, Yusuf' (lines 4, 5), the same marks: the duplicates are removed, the first
    kept, and the note says it is one export, not that exports disagree."""
    text = (
        "UPN,Surname,Forename,Date,Session,Mark\n"
        + _rows("G7", "Patel", "Aarav", [MON])
        + _rows("G7", "Khan", "Yusuf", [MON])
    )
    path = tmp_path / "one.csv"
    path.write_text(text, encoding="utf-8")
    loaded = load_registers([path])
    assert loaded.warnings[1:] == [
        f"1 pupil's name differs between rows of the same sessions in {path}, e.g. G7: "
        "'Patel, Aarav' on line 2 and 'Khan, Yusuf' on line 4; 'Patel, Aarav' (the first) "
        "is counted: if these are two children, give each its own UPN"
    ]


# --- 3. a UTF-8 file with a Windows-1252 line --------------------------------------------


def test_a_utf8_file_with_one_windows_1252_line_reads_each_line_in_its_own(tmp_path):
    """Lines 2 and 4 are UTF-8 ('Siân', 'Zoë'), line 3 was pasted from a Windows-1252 file
    ('Chloé' with é as the one byte 0xE9): each line is read in its own encoding, and a
    note names line 3.  Read wholly as Windows-1252, 'Siân' became 'SiÃ¢n'."""
    head = b"UPN,Surname,Forename,Date,Session,Mark\n"
    data = (
        head
        + "A1,Jones,Siân,07/09/2026,AM,/\n".encode()
        + "B2,Martin,Chloé,07/09/2026,AM,/\n".encode("cp1252")
        + "C3,Ó Briain,Zoë,07/09/2026,AM,/\n".encode()
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    loaded = load_registers([path])
    assert loaded.register.get_column("forename").to_list() == ["Siân", "Chloé", "Zoë"]
    assert loaded.register.get_column("surname").to_list()[2] == "Ó Briain"
    assert f"{path}: line 3 is not UTF-8: read as Windows-1252; the rest of the file is UTF-8" in (
        loaded.warnings
    )


def test_a_windows_1252_file_with_no_utf8_sequence_is_read_wholly_as_windows_1252(tmp_path):
    """No line holds a valid multi-byte UTF-8 sequence: the whole file is Windows-1252,
    as before."""
    text = "UPN,Surname,Forename,Date,Session,Mark\nA1,Jones,Siân,07/09/2026,AM,/\n"
    path = tmp_path / "ansi.csv"
    path.write_bytes(text.encode("cp1252"))
    loaded = load_registers([path])
    assert loaded.register.get_column("forename").to_list() == ["Siân"]
    assert f"{path}: not valid UTF-8: read as Windows-1252" in loaded.warnings


# --- 4. US-order dates with a day over 12 ------------------------------------------------


def test_us_order_dates_with_a_day_over_12_are_named_as_us_order(tmp_path):
    """09/08/2026 and 09/14/2026: read as MM/DD/YYYY, Tuesday 8 and Monday 14 September;
    read as DD/MM/YYYY, Sunday 9 August and no date at all (there is no month 14).  The
    date that is no date used to stop the US-order check, and the first line was a plain
    weekend error."""
    path = tmp_path / "us.csv"
    path.write_text(
        "UPN,Surname,Forename,Date,Session,Mark\nA1,S,F,09/08/2026,AM,/\nA1,S,F,09/14/2026,AM,/\n",
        encoding="utf-8",
    )
    assert _load_error(path) == (
        f"{path}, line 2: the dates look like US order (MM/DD/YYYY): read as DD/MM/YYYY, as "
        "attcli reads them, 09/08/2026 is a Sunday, but read as MM/DD/YYYY every session "
        "date in the file is a weekday (column 'Date'): '09/08/2026'. Set the export to UK "
        "dates (DD/MM/YYYY) and export it again"
    )


def test_wide_us_order_session_columns_with_a_day_over_12_are_named_as_us_order(tmp_path):
    """Columns 09/11/2026 AM and 09/14/2026 AM: as above, a wide export's header."""
    path = tmp_path / "wide.csv"
    path.write_text(
        "UPN,Surname,Forename,09/11/2026 AM,09/14/2026 AM\nA1,S,F,/,/\n", encoding="utf-8"
    )
    assert _load_error(path) == (
        f"{path}, line 1: the dates look like US order (MM/DD/YYYY): read as DD/MM/YYYY, as "
        "attcli reads them, 09/14/2026 is no date (there is no month 14), but read as "
        "MM/DD/YYYY every session date in the file is a weekday (column '09/14/2026 AM'). "
        "Set the export to UK dates (DD/MM/YYYY) and export it again"
    )


def test_a_short_export_whose_dates_are_school_days_in_a_row_only_in_us_order_is_refused(
    tmp_path,
):
    """12/01/2026, 12/02/2026, 12/03/2026: read as DD/MM/YYYY, 12 January, February and
    March (weekdays, under 13 weeks apart: it was read so, its gaps taken for holidays);
    read as MM/DD/YYYY, Tuesday 1 to Thursday 3 December.  Too short for a weekend to
    show US order, but a register is school days in a row: attcli does not guess."""
    rows = "".join(
        f"A1,S,F,{d},{s},/\n" for d in ("12/01/2026", "12/02/2026", "12/03/2026") for s in "AP"
    ).replace(",A,", ",AM,").replace(",P,", ",PM,")
    path = tmp_path / "us.csv"
    path.write_text("UPN,Surname,Forename,Date,Session,Mark\n" + rows, encoding="utf-8")
    assert _load_error(path) == (
        f"{path}, line 2: the dates look like US order (MM/DD/YYYY): read as DD/MM/YYYY, as "
        "attcli reads them, they are a month or more apart (12 Jan 2026 to 12 Mar 2026), but "
        "read as MM/DD/YYYY they are school days in a row (Tue 1 Dec 2026 to Thu 3 Dec 2026) "
        "(column 'Date'): '12/01/2026'. Set the export to UK dates (DD/MM/YYYY) and export "
        "it again (if they are DD/MM/YYYY, export them with the month's name: '12 Jan 2026')"
    )


def test_a_short_export_whose_dates_are_school_days_in_a_row_the_uk_way_is_read_so(tmp_path):
    """01/12/2026 to 03/12/2026: as DD/MM/YYYY Tuesday 1 to Thursday 3 December, school days
    in a row; as MM/DD/YYYY 12 January, February and March.  UK order, as documented, with
    nothing said about the order."""
    path = tmp_path / "uk.csv"
    path.write_text(
        "UPN,Surname,Forename,Date,Session,Mark\n"
        "A1,S,F,01/12/2026,AM,/\nA1,S,F,02/12/2026,AM,/\nA1,S,F,03/12/2026,AM,/\n",
        encoding="utf-8",
    )
    loaded = load_registers([path])
    assert loaded.register.get_column("date").to_list() == [
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 3),
    ]
    assert not [w for w in loaded.warnings if "order" in w]


def test_wide_session_columns_that_are_school_days_in_a_row_only_in_us_order_are_refused(
    tmp_path,
):
    """Columns 09/03/2026 and 09/04/2026: UK Monday 9 March and Thursday 9 April; US
    Thursday 3 and Friday 4 September.  A weekday name in the header would say which (and
    is checked against the date), so with one the columns are read as written."""
    path = tmp_path / "wide.csv"
    path.write_text(
        "UPN,Surname,Forename,09/03/2026 AM,09/03/2026 PM,09/04/2026 AM\nA1,S,F,/,/,/\n",
        encoding="utf-8",
    )
    assert _load_error(path) == (
        f"{path}, line 1: the dates look like US order (MM/DD/YYYY): read as DD/MM/YYYY, as "
        "attcli reads them, they are a month or more apart (9 Mar 2026 to 9 Apr 2026), but "
        "read as MM/DD/YYYY they are school days in a row (Thu 3 Sep 2026 to Fri 4 Sep 2026) "
        "(column '09/03/2026 AM'). Set the export to UK dates (DD/MM/YYYY) and export it again "
        "(if they are DD/MM/YYYY, export them with the month's name: '09 Mar 2026')"
    )
    path.write_text(
        "UPN,Surname,Forename,Mon 09/03/2026 AM,Thu 09/04/2026 AM\nA1,S,F,/,/\n",
        encoding="utf-8",
    )
    assert load_registers([path]).register.get_column("date").to_list() == [
        dt.date(2026, 3, 9),
        dt.date(2026, 4, 9),
    ]


# --- 5. 12-hour times without am/pm ------------------------------------------------------

TIMES = "UPN,Surname,Forename,Date,Time,Mark\n"


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        # 08:50 and 1:15: read as AM both, they were "two marks in one half-day"
        ("A1,S,F,07/09/2026,08:50,/\nA1,S,F,07/09/2026,1:15,\\\n", 3),
        # 1:15 alone: every session was AM, silently
        ("A1,S,F,07/09/2026,1:15,/\nA1,S,F,08/09/2026,1:15,/\n", 2),
    ],
)
def test_a_time_before_6_is_not_a_register_time(tmp_path, rows, line):
    path = tmp_path / "times.csv"
    path.write_text(TIMES + rows, encoding="utf-8")
    assert _load_error(path) == (
        f"{path}, line {line}: 1:15 is not a register time: a 12-hour time without am/pm? "
        "write 13:15 or 1:15 pm (column 'Time'): '1:15'"
    )


def test_a_date_time_before_6_is_not_a_register_time(tmp_path):
    path = tmp_path / "stamps.csv"
    path.write_text(
        "UPN,Surname,Forename,Start Datetime,Mark\nA1,S,F,2026-09-07 08:45,/\n"
        "A1,S,F,2026-09-07 01:10,/\n",
        encoding="utf-8",
    )
    assert _load_error(path) == (
        f"{path}, line 3: 01:10 is not a register time: a 12-hour time without am/pm? "
        "write 13:10 or 1:10 pm (column 'Start Datetime'): '2026-09-07 01:10'"
    )
