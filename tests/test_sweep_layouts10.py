"""Sweep of 7 December (seventh), layouts10: exports in the layouts attcli's tests had
seen least, made as the school whose MIS gives them, read right or refused in one line
that does not send the school the wrong way.

Each file is built by hand, small (three pupils, two weeks), its answer worked out by hand
from DOMAIN.md (sections 1, 2 and 12): Ann present every session (20 of 20, 100 %); Ben
ill a day (`I I`: authorised) and absent unexplained three sessions (`O`): 15 of 20, 75 %;
Cat late once (`L`: present), late after the register closed once (`U`: unauthorised),
at a medical appointment once (`M`: authorised): 18 of 20, 90 %.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers

#: Mon 7 to Fri 18 Sep 2026: ten school days.
_DAYS = [dt.date(2026, 9, 7) + dt.timedelta(d) for d in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]
_PUPILS = [("A100000000001", "Able", "Ann"), ("A100000000002", "Baker", "Ben"),
           ("A100000000003", "Cole", "Cat")]  # fmt: skip
_MARKS = {
    ("A100000000002", dt.date(2026, 9, 8), "AM"): "I",
    ("A100000000002", dt.date(2026, 9, 8), "PM"): "I",
    ("A100000000002", dt.date(2026, 9, 16), "AM"): "O",
    ("A100000000002", dt.date(2026, 9, 16), "PM"): "O",
    ("A100000000002", dt.date(2026, 9, 17), "AM"): "O",
    ("A100000000003", dt.date(2026, 9, 7), "AM"): "L",
    ("A100000000003", dt.date(2026, 9, 10), "AM"): "M",
    ("A100000000003", dt.date(2026, 9, 11), "PM"): "U",
}


def _mark(upn: str, day: dt.date, session: str) -> str:
    return _MARKS.get((upn, day, session), "/" if session == "AM" else "\\")


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    return path


def _refusal(path: Path, **kw) -> str:
    with pytest.raises(InputError) as err:
        load_registers([path], **kw)
    return " ".join(str(err.value).split())


def _a_row_a_day(path: Path, am: str, pm: str) -> Path:
    """The register a row a pupil a day: the date, then the day's two marks in two columns
    headed ``am`` and ``pm``."""
    rows = [[u, s, f, f"{d:%d/%m/%Y}", _mark(u, d, "AM"), _mark(u, d, "PM")]
            for u, s, f in _PUPILS for d in _DAYS]  # fmt: skip
    return _write(path, ["UPN", "Surname", "Forename", "Date", am, pm], rows)


def test_a_row_a_day_with_its_two_marks_headed_am_mark_and_pm_mark_is_said_as_such(
    tmp_path: Path,
) -> None:
    """A row a day whose marks are headed `AM Mark` and `PM Mark` (or `Morning Code` and
    `Afternoon Code`) is each day's two marks on one row, as `AM` and `PM` were said to be.
    It was "If these columns hold them ... mark = "AM Mark"", and with that line added,
    "session = "PM Mark"": a column of marks to be read as the session, which no row would
    pass.  Ben's 75 % is not in such a file as attcli reads it: it is refused, saying how."""
    for am, pm in (("AM Mark", "PM Mark"), ("Morning Code", "Afternoon Code")):
        path = _a_row_a_day(tmp_path / f"{am}.csv", am, pm)
        for columns in (None, {"mark": am}):
            said = _refusal(path, columns=columns)
            assert f"columns '{am}' and '{pm}' hold each day's two marks on one row" in said
            assert "session =" not in said and "mark =" not in said


def test_a_breakdown_of_absence_sessions_by_reason_is_refused_as_a_summary(
    tmp_path: Path,
) -> None:
    """A pupil's absence counted by reason (a code and how many sessions: the school
    census's `AttendanceReason` and `AbsenceSessions`) is a summary, with no session's
    date.  It was "no header row found ... session = "AbsenceSessions", mark =
    "AttendanceReason"": a count of sessions to be read as the session."""
    rows = [["A100000000002", "Baker", "Ben", "I", 2], ["A100000000002", "Baker", "Ben", "O", 3]]
    path = _write(tmp_path / "reasons.csv",
                  ["UPN", "Surname", "Forename", "AttendanceReason", "AbsenceSessions"], rows)  # fmt: skip
    said = _refusal(path)
    assert "this is a per-pupil attendance summary (columns 'AbsenceSessions')" in said
    assert "session =" not in said


def test_a_grid_with_each_date_over_two_columns_and_no_am_or_pm_is_said_as_such(
    tmp_path: Path,
) -> None:
    """A wide register whose every date heads two columns, with no AM or PM anywhere (a
    date merged over its two sessions, unmerged with "fill" in Excel; a report that prints
    the date over each session), as text or as real Excel dates.  It was "this looks like
    a pupil list ... give it as --pupils": the marks read as a list's columns, and the
    school sent to give its register as a pupil list.  Which of a date's two columns is the
    morning's the file does not say, and attcli does not guess: refused, saying so."""
    import openpyxl

    head = ["UPN", "Surname", "Forename"]
    marks = [[u, s, f, *(_mark(u, d, x) for d in _DAYS for x in ("AM", "PM"))]
             for u, s, f in _PUPILS]  # fmt: skip
    text = _write(tmp_path / "twice.csv", head + [f"{d:%d/%m/%Y}" for d in _DAYS for _ in "ap"],
                  marks)  # fmt: skip
    book = openpyxl.Workbook()
    book.active.append(head + [d for d in _DAYS for _ in "ap"])
    for row in marks:
        book.active.append(row)
    book.save(excel := tmp_path / "twice.xlsx")
    for path, first in ((text, "07/09/2026"), (excel, "2026-09-07")):
        said = _refusal(path)
        assert f"the columns from {first!r} are headed by dates each over two columns" in said
        assert "no AM or PM" in said and "pupil list" not in said


#: Assembly's own student ids and the MIS's, as its students list gives both (`id`,
#: `mis_id`): the same numbers, given to other pupils.
_ASSEMBLY = {"A100000000001": "1002", "A100000000002": "1003", "A100000000003": "1001"}
_MIS = {"A100000000001": "1001", "A100000000002": "1002", "A100000000003": "1003"}


def _assembly(tmp_path: Path, ids: dict[str, str]) -> tuple[Path, Path]:
    """Assembly's attendances saved as CSV by a script (a row a session, `student_id` its
    own id: "The ID of the student that the attendance is attached to"), and its students
    (`id`: "Internal stable ID given to students in the Platform"; `mis_id`: "The ID of a
    student from the MIS"; `end_date` "will default to 2079-06-06"), as
    equinlimited/assembly-client-dotnet docs/Attendance.md and docs/Student.md give them."""
    rows = [[_ASSEMBLY[u], "55", f"{d:%Y-%m-%d}", x, _mark(u, d, x), "", ""]
            for u, _, _ in _PUPILS for d in _DAYS for x in ("AM", "PM")]  # fmt: skip
    register = _write(tmp_path / "attendances.csv", ["student_id", "registration_group_id",
                      "session_date", "session_name", "attendance_mark", "minutes_late",
                      "comments"], rows)  # fmt: skip
    students = [[_ASSEMBLY[u], ids[u], u, f, f, s, s, "2015-03-01", "6", "2020-09-01",
                 "2079-06-06"] for u, s, f in _PUPILS]  # fmt: skip
    listed = _write(tmp_path / "students.csv", ["id", "mis_id", "upn", "first_name",
                    "legal_first_name", "last_name", "legal_last_name", "dob", "year_code",
                    "start_date", "end_date"], students)  # fmt: skip
    return register, listed


def _sessions(result) -> dict[str, tuple[int, int]]:
    """Each pupil's sessions present and absent (``/ \\ L`` present; the rest absent)."""
    import polars as pl

    present = pl.col("mark").is_in(["/", "\\", "L"])
    rows = result.register.group_by("upn").agg(present.sum(), (~present).sum().alias("away"))
    return {u: (p, a) for u, p, a in rows.iter_rows()}


def test_a_pupil_list_whose_other_id_column_holds_the_register_s_ids_is_refused_not_crossed(
    tmp_path: Path,
) -> None:
    """Assembly's attendances keyed by its own student id, given with its students list
    (`id` Assembly's, `mis_id` the MIS's: the same numbers, other pupils'), were matched on
    `mis_id`: Ann read with Cat's marks (18 of 20), Ben with Ann's (20 of 20), Cat with
    Ben's (15 of 20), every figure another child's, unsaid.  The register's ids are all in
    the list's `id` column, which gives them to other pupils than `mis_id` does: refused,
    naming both columns.  A list whose `id` is each pupil's `mis_id` too (Assembly's `pan`
    "may be the same as mis_id") is no ambiguity, and reads: Ann 20 present, Ben 15, Cat 18
    (worked by hand above)."""
    from attcli.loaders import read_pupil_list

    register, listed = _assembly(tmp_path, _MIS)
    said = _refusal(register, pupils=read_pupil_list(listed))
    assert "column 'student_id'" in said and "column 'id'" in said and "'mis_id'" in said
    assert "1001 is Cole, Cat's 'id' and Able, Ann's 'mis_id'" in said
    register, listed = _assembly(tmp_path, _ASSEMBLY)
    result = load_registers([register], pupils=read_pupil_list(listed))
    assert _sessions(result) == {
        "A100000000001": (20, 0), "A100000000002": (15, 5), "A100000000003": (18, 2)
    }  # fmt: skip


def test_a_pupil_list_with_two_mis_id_columns_is_checked_against_the_register_s_ids(
    tmp_path: Path,
) -> None:
    """A pupil list with SIMS's `Person ID` and another system's `Student ID` (GO 4
    Schools', a platform's), given with a register keyed by `Student ID`, was matched on
    `Person ID` (the first of the MIS id's names): each pupil read with another child's
    marks, unsaid.  Refused, naming both columns.  A list whose `MIS ID` and `Person ID`
    agree was refused as "a contacts export" (a contact's `Person ID`): it reads, each
    pupil with their own marks (Ann 20 present, Ben 15, Cat 18)."""
    from attcli.loaders import read_pupil_list

    rows = [[_ASSEMBLY[u], f"{d:%d/%m/%Y}", x, _mark(u, d, x)]
            for u, _, _ in _PUPILS for d in _DAYS for x in ("AM", "PM")]  # fmt: skip
    register = _write(tmp_path / "marks.csv", ["Student ID", "Date", "Session", "Mark"], rows)
    crossed = _write(tmp_path / "crossed.csv", ["Person ID", "Student ID", "UPN", "Surname",
                     "Forename"], [[_MIS[u], _ASSEMBLY[u], u, s, f] for u, s, f in _PUPILS])  # fmt: skip
    said = _refusal(register, pupils=read_pupil_list(crossed))
    assert "column 'Student ID'" in said and "'Person ID'" in said
    agreed = _write(tmp_path / "agreed.csv", ["MIS ID", "Person ID", "UPN", "Surname",
                    "Forename"], [[_ASSEMBLY[u], _ASSEMBLY[u], u, s, f] for u, s, f in _PUPILS])  # fmt: skip
    result = load_registers([register], pupils=read_pupil_list(agreed))
    assert _sessions(result) == {
        "A100000000001": (20, 0), "A100000000002": (15, 5), "A100000000003": (18, 2)
    }  # fmt: skip


def test_a_pupil_list_naming_an_id_another_child_than_the_register_does_is_refused(
    tmp_path: Path,
) -> None:
    """A register keyed by `Person ID` that names its pupils (1002 is Able, Ann), given
    with a pupil list that gives 1002 to Baker, Ben (the list of another MIS numbering the
    same children otherwise): Ann's marks were read as Ben's, under his UPN and name,
    unsaid.  Refused naming the id and both names.  A list whose names differ only as a
    preferred name or a double-barrelled surname does (Ann as `Able-Smith, Annabel`), or
    whose surname and forename are crossed, is the same child: it reads."""
    from attcli.loaders import read_pupil_list

    rows = [[_ASSEMBLY[u], s, f, f"{d:%d/%m/%Y}", x, _mark(u, d, x)]
            for u, s, f in _PUPILS for d in _DAYS for x in ("AM", "PM")]  # fmt: skip
    register = _write(tmp_path / "marks.csv", ["Person ID", "Surname", "Forename", "Date",
                      "Session", "Mark"], rows)  # fmt: skip
    head = ["Person ID", "UPN", "Surname", "Forename"]
    crossed = _write(tmp_path / "crossed.csv", head,
                     [[_MIS[u], u, s, f] for u, s, f in _PUPILS])  # fmt: skip
    said = _refusal(register, pupils=read_pupil_list(crossed))
    assert "line 2: MIS id 1002 is Able, Ann in the register and Baker, Ben in the pupil" in said
    names = {"A100000000001": ("Able-Smith", "Annabel"), "A100000000002": ("Ben", "Baker"),
             "A100000000003": ("Cole", "Cat")}  # fmt: skip
    same = _write(tmp_path / "same.csv", head,
                  [[_ASSEMBLY[u], u, *names[u]] for u, _, _ in _PUPILS])  # fmt: skip
    result = load_registers([register], pupils=read_pupil_list(same))
    assert _sessions(result) == {
        "A100000000001": (20, 0), "A100000000002": (15, 5), "A100000000003": (18, 2)
    }  # fmt: skip


def test_a_pupil_list_giving_a_upn_to_another_child_is_said_when_its_dates_are_read(
    tmp_path: Path,
) -> None:
    """The register's A100000000001 is Able, Ann; the pupil list gives that UPN to Baker,
    Ben, who left on Thu 10/09 (a UPN typed wrong in one system).  The list's dates decide
    the time on roll, so Ann is read off roll after 10/09: 8 of 20 sessions.  That stands
    (a UPN is the child's), but it was unsaid: now a note names the UPN and both names.  A
    list whose names differ as a preferred name does is said nothing."""
    from attcli.loaders import read_pupil_list

    rows = [[u, s, f, f"{d:%d/%m/%Y}", x, _mark(u, d, x)]
            for u, s, f in _PUPILS for d in _DAYS for x in ("AM", "PM")]  # fmt: skip
    register = _write(tmp_path / "marks.csv", ["UPN", "Surname", "Forename", "Date", "Session",
                      "Mark"], rows)  # fmt: skip
    head = ["UPN", "Surname", "Forename", "Admission Date", "Leaving Date"]
    listed = _write(tmp_path / "list.csv", head, [
        ["A100000000001", "Baker", "Ben", "01/09/2020", "10/09/2026"],
        ["A100000000002", "Baker", "Benjamin", "01/09/2020", ""],
        ["A100000000003", "Cole", "Cat", "01/09/2020", ""]])  # fmt: skip
    result = load_registers([register], pupils=read_pupil_list(listed))
    said = " ".join(" ".join(result.warnings).split())
    assert "UPN A100000000001 is Able, Ann in the register and Baker, Ben in the pupil list" in said
    assert "A100000000002" not in said
