"""Sweep of 6 December (sixth), layouts5: registers as real MIS exports lay them out.

Each register is built by hand as a small file in the shape a public source shows a real
export in (cited in each test and in docs/presets.md), its answer worked out by hand from
DOMAIN.md (sections 1, 2, 6 and 12), and run through the command line as the office runs
it: read right, or refused in one line saying what would be valid.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import first_weekdays, register, write_long_csv
from clirun import run_cli
from test_sweep_layouts4 import _check, _figures

PRESENT = "/\\"

#: GO 4 Schools' session marks as g4sr's ``gfs_clean_attendance_student_session_range``
#: returns them (afsarchowdhury/g4sr, R/15_g4s_clean_attendance_functions.R: its
#: ``dplyr::select`` names these columns), the date as the API's DateTime
#: (ArchwayTrust/Education-G4S-APISync, StudentSessionMarkDTO.cs).
G4S_COLUMNS = (
    "UPN", "GFSID", "Surname.Forename.Reg", "Surname", "Forename", "Year.Group", "Reg",
    "Gender", "Date", "Session", "Session.Mark", "Session.Label", "Session.Late.Minutes",
    "Session.Notes",
)  # fmt: skip
_LABELS = {"/": "Present (AM)", "\\": "Present (PM)", "N": "No reason yet provided", "I": "Illness"}


def _g4s_export(path: Path, pupils: dict[str, tuple[str, str, str]], *, no_mark: str) -> Path:
    """``pupils`` (UPN: surname, forename, a token a school day from Mon 7 Sep 2026 as
    builders' ``split_token`` reads them, ``_`` a session with no mark, ``!`` no row) as R's
    ``write.csv`` saves the data frame: a first column of row names headed ``""``, every
    text quoted, a missing value written ``no_mark`` unquoted (R writes ``NA``)."""

    def q(value: str | None) -> str:
        return no_mark if value is None else '"' + value.replace('"', '""') + '"'

    lines = [",".join(['""', *(q(c) for c in G4S_COLUMNS)])]
    for upn, (surname, forename, marks) in pupils.items():
        tokens = marks.split()
        for day, token in zip(first_weekdays(dt.date(2026, 9, 7), len(tokens)), tokens, strict=True):
            if token == "!":
                continue
            pair = (token[0], token[1]) if len(token) == 2 else (token, token)
            for session, m in zip(("AM", "PM"), pair, strict=True):
                mark = None if m == "_" else m
                row = [upn, "9" + upn[-3:], f"{surname.upper()} {forename} (7A)", surname, forename,
                       "7", "7A", "M", f"{day.isoformat()}T00:00:00", session, mark,
                       _LABELS.get(mark or ""), None if mark is None else "0", None]  # fmt: skip
                lines.append(",".join([q(str(len(lines))), *(q(v) for v in row)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: Sam absent unexplained from Wednesday for 8 school days; Jo ill on the last Friday;
#: Ali's second Thursday afternoon with no mark; Max's rows stop after the first week.
G4S_PUPILS = {
    "A10000000001": ("Able", "Sam", " ".join([PRESENT] * 2 + ["NN"] * 8)),
    "A10000000002": ("Brook", "Jo", " ".join([PRESENT] * 9 + ["I"])),
    "A10000000003": ("Cole", "Ali", " ".join([PRESENT] * 8 + ["/_", PRESENT])),
    "A10000000004": ("Dunn", "Max", " ".join([PRESENT] * 5 + ["!"] * 5)),
}


def test_go_4_schools_session_marks_as_g4sr_saves_them_are_read_right(tmp_path: Path) -> None:
    """GO 4 Schools' session marks, cleaned by g4sr and saved by R's ``write.csv`` (a
    column of row numbers headed ``""``, dotted headers, ``Session.Mark``, the date as
    ``2026-09-07T00:00:00``), its session with no mark a blank (written with ``na = ""``).
    Worked by hand, Mon 7 to Fri 18 Sep 2026: Sam 20 possible, 4 attended, 16
    unauthorised (20 %, severe), a current run of 8 school days of unexplained absence
    from Wed 9 Sep; Jo 18 of 20 (90 %, red); Ali 19 possible (the Thursday PM a missing
    mark, out of possible and listed), 19 attended; Max on roll to Fri 11 Sep, 10 of 10,
    left."""
    export = _g4s_export(tmp_path / "g4s.csv", G4S_PUPILS, no_mark="")
    result, _ = _check(export)
    assert _figures(result, "A10000000001") == (20, 4, 16, 0)
    assert _figures(result, "A10000000002") == (20, 18, 0, 0)
    assert _figures(result, "A10000000003") == (19, 19, 0, 1)
    assert _figures(result, "A10000000004") == (10, 10, 0, 0)
    bands = {p["upn"]: (p["band"], p["left_on"]) for p in result["pupils"]}
    assert bands == {
        "A10000000001": ("severe", None),
        "A10000000002": ("red", None),
        "A10000000003": ("green", None),
        "A10000000004": ("green", "2026-09-11"),
    }
    assert [(i["kind"], i["upn"], i["date"], i["session"]) for i in result["data_quality"]
            if i["kind"] != "stale_n"] == [("missing_mark", "A10000000003", "2026-09-17", "PM")]  # fmt: skip
    code, out, err = run_cli("cme", export, "--days", "3", "--format", "json")
    assert code == 0, err
    runs = [(r["upn"], r["run_start"], r["run_days"], r["current"]) for r in json.loads(out)["runs"]]
    assert runs == [("A10000000001", "2026-09-09", 8, True)]


def test_r_s_na_for_a_session_with_no_mark_is_refused_saying_what_it_is(tmp_path: Path) -> None:
    """The same export saved by ``write.csv`` with its defaults: Ali's session with no
    mark (GO 4 Schools' ``session_mark_id`` null) is written ``NA``, R's missing value,
    as readr's ``write_csv`` writes it too.  Not a code, and not guessed (a blank inside
    the time on roll is a missing mark, after it no time on roll): refused in one line
    naming the file, the line, the pupil and the value, as any unknown code is, and now
    saying what ``NA`` is and how to save the file (it said only the valid codes)."""
    export = _g4s_export(tmp_path / "g4s_na.csv", G4S_PUPILS, no_mark="NA")
    code, _, err = run_cli("check", export)
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    said = lines[0]
    assert said.startswith("error: ") and (
        "g4s_na.csv, line 59: unknown attendance code 'NA' for pupil 'A10000000003'" in said
    ), said
    assert "'NA' is how R and other tools write an empty value, not a mark" in said, said
    assert 'na = ""' in said, said


def _afternoon(pm_marks: dict[int, str]) -> dict[str, str]:
    """Twenty pupils, Mon 7 to Fri 25 Sep 2026, present but for U19, absent unexplained
    (`N`) from Mon 14 Sep to the end, Friday morning included.  On the last Friday only the
    pupils in ``pm_marks`` have an afternoon mark (theirs), the others no row."""
    pupils = {}
    for i in range(20):
        days = [PRESENT] * 5 + (["NN"] * 9 if i == 19 else [PRESENT] * 9)
        am = "N" if i == 19 else "/"
        pupils[f"U{i:02d}"] = " ".join(days + [am + pm_marks.get(i, "!")])
    return pupils


def test_an_export_made_mid_afternoon_with_some_forms_registers_taken_is_not_said_as_lunchtime(
    tmp_path: Path,
) -> None:
    """Layouts4's leftover: an export made at 14:00 on Fri 25 Sep, the afternoon
    registers of two forms taken (6 pupils present, `\\`), the other forms' not yet.
    Worked by hand (DOMAIN.md 1, 2, 6): the 14 pupils with no Friday PM have no mark
    there, which is out of possible either way (a register not yet taken or not
    completed): U00..U05 30 of 30; U06..U18 29 of 29; U19 29 possible, 10 attended, 19
    unauthorised, a current run of 10 school days from Mon 14 Sep (every possible session
    of each day `N`).  The figures were right; what was said was not: "an export made at
    lunchtime ... but for the 6 pupils whose PM marks were entered ahead".  A present
    mark is never entered ahead: it is a register taken.  Now said as an afternoon's
    registers part taken, naming how many, and what to do if the rest were left
    incomplete."""
    export = write_long_csv(register(_afternoon(dict.fromkeys(range(6), "\\"))), tmp_path / "pm.csv")
    result, err = _check(export)
    assert all(_figures(result, f"U{i:02d}") == (30, 30, 0, 0) for i in range(6))
    assert all(_figures(result, f"U{i:02d}") == (29, 29, 0, 0) for i in range(6, 19))
    assert _figures(result, "U19") == (29, 10, 19, 0)
    u19 = next(p for p in result["pupils"] if p["upn"] == "U19")
    assert (u19["continuous_absence_days"], u19["continuous_absence_start"]) == (10, "2026-09-14")
    said = " ".join(err.split())
    assert "lunchtime" not in said and "PM marks were entered ahead" not in said, err
    assert (
        # (in the words of cases' "no snapshot stored" line, sweep looks12)
        "the exports end during the afternoon of 25/09/2026, its PM registers part taken (6 "
        "of the 20 pupils on roll have a PM mark); the other 14 have none, read as "
        "registers not yet taken, so their figures run to that morning: if those registers "
        "were left incomplete, complete them in the MIS and export again"
    ) in said, err


def test_a_trip_s_afternoon_entered_ahead_is_still_the_lunchtime_note(tmp_path: Path) -> None:
    """The boundary kept: marks that can be entered before the register (a trip's `V`, an
    appointment's `M`) on the last afternoon are still the lunchtime export's (layouts4):
    the same twenty pupils, U00..U02's Friday PM `V`, U03's `M`."""
    pm = {0: "V", 1: "V", 2: "V", 3: "M"}
    export = write_long_csv(register(_afternoon(pm)), tmp_path / "trip.csv")
    result, err = _check(export)
    assert _figures(result, "U00") == (30, 30, 0, 0)
    assert _figures(result, "U05") == (29, 29, 0, 0)
    said = " ".join(err.split())
    assert (
        "its PM register is not in them (an export made at lunchtime), so the figures run to "
        "that morning, but for the 4 pupils whose PM marks were entered ahead, which count"
    ) in said, err


def test_go_4_schools_lesson_marks_are_refused_as_lesson_marks_not_mapped_as_the_mark(
    tmp_path: Path,
) -> None:
    """g4sr's other cleaned frame, ``gfs_clean_attendance_student_lesson``: a row per pupil
    per lesson (``Lesson``, ``Teacher``, ``Room``, ``Subject``, ``Class``, ``Lesson.Mark``,
    ``Lesson.Label``), no AM/PM session.  A register of lessons is not the statutory
    register of two session marks a day (DOMAIN.md 1; SIMS' partner pages: "not ... confused
    with the recording of 'Lesson Attendance'").  attcli said "no header row found" and
    advised ``[columns] mark = "Lesson.Mark"``, advice that leads to a lesson's mark read
    as a session's.  Now refused in one line saying it holds lesson marks."""
    export = tmp_path / "lessons.csv"
    head = ["", "Lesson.ID", "Lesson", "Teacher", "Room", "UPN", "GFSID", "Surname.Forename.Reg",
            "Surname", "Forename", "Gender", "Year.Group", "Reg", "Date", "Subject", "Class",
            "Lesson.Mark", "Lesson.Label", "Lesson.Late.Minutes", "Lesson.Notes"]  # fmt: skip
    rows = [
        ["1", "7A/Ma1", "Mon P1", "Mr Smith", "M1", "A10000000001", "9001", "ABLE Sam (7A)",
         "Able", "Sam", "M", "7", "7A", "2026-09-07T00:00:00", "Ma", "7A/Ma1", "/", "Present",
         "0", ""],
        ["2", "7A/En1", "Mon P2", "Ms Jones", "E2", "A10000000001", "9001", "ABLE Sam (7A)",
         "Able", "Sam", "M", "7", "7A", "2026-09-07T00:00:00", "En", "7A/En1", "N",
         "No reason yet provided", "", ""],
    ]  # fmt: skip
    export.write_text(
        "\n".join(",".join(f'"{v}"' for v in r) for r in [head, *rows]) + "\n", encoding="utf-8"
    )
    code, _, err = run_cli("check", export)
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "lessons.csv, line 1: this is a register of lesson marks (column 'Lesson.Mark')" in (
        lines[0]
    ), err
    assert "[columns]" not in err and 'mark = "Lesson.Mark"' not in err, err


def test_go_4_schools_raw_session_marks_with_code_ids_are_not_met_with_advice_to_read_ids_as_marks(
    tmp_path: Path,
) -> None:
    """GO 4 Schools' API session marks saved as they come (ArchwayTrust/Education-G4S-APISync,
    StudentSessionMarkDTO.cs: ``date``, ``session``, ``student_id``, ``class_id``,
    ``session_mark_id`` an integer id into the school's code list, ``session_alias_id``,
    ``session_minutes_late``, ``session_notes``).  No column holds the codes: attcli
    advised ``[columns] mark = "session_mark_id"``, which reads ``3`` as a mark (then
    refused as an unknown code).  Now it says the column holds ids of the codes, and how
    to get the codes (g4sr joins them from the attendance codes list)."""
    export = tmp_path / "g4s_raw.csv"
    export.write_text(
        "date,session,student_id,class_id,session_mark_id,session_alias_id,"
        "session_minutes_late,session_notes\n"
        "2026-09-07T00:00:00,AM,1001,55,3,,0,\n2026-09-07T00:00:00,PM,1001,55,4,,0,\n"
        "2026-09-07T00:00:00,AM,1002,55,12,,0,\n2026-09-07T00:00:00,PM,1002,55,12,,0,\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("check", export)
    assert code == 1
    said = " ".join(err.split())
    assert "missing mark" in said, err
    assert (
        "The column 'session_mark_id' holds numbers (3, 4, 12): ids of the MIS's attendance "
        "codes, not the codes"
    ) in said, err
    assert "mark =" not in said, err


def test_r_s_na_for_a_pupil_s_year_group_is_refused_saying_what_it_is(tmp_path: Path) -> None:
    """GO 4 Schools' ``national_curriculum_year`` missing for a pupil (a null R writes
    ``NA``) in the same export, its marks all blank-free: refused in one line naming the
    file, line, column and value, as any year group attcli does not read is, and now
    saying what ``NA`` is (a blank year group is read as none given)."""
    export = _g4s_export(tmp_path / "g4s_year.csv", G4S_PUPILS, no_mark="")
    text = export.read_text(encoding="utf-8").splitlines()
    text = [
        line.replace('"A10000000002","9002","BROOK Jo (7A)","Brook","Jo","7"',
                     '"A10000000002","9002","BROOK Jo (7A)","Brook","Jo",NA')  # fmt: skip
        for line in text
    ]
    export.write_text("\n".join(text) + "\n", encoding="utf-8")
    code, _, err = run_cli("check", export)
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "g4s_year.csv, line 22: not a year group (column 'Year.Group'): 'NA'" in lines[0], err
    assert "'NA' is how R and other tools write an empty value" in lines[0], err


def test_r_s_na_for_two_pupils_upns_is_refused_not_read_as_one_pupil(tmp_path: Path) -> None:
    """Two pupils with no UPN in GO 4 Schools (``upn`` null, written ``NA`` by R) beside
    ten with theirs, all present Mon 7 to Fri 11 Sep 2026.  attcli read ``NA`` as one
    pupil's UPN: Jo and Ali became one child, Ali's ten sessions dropped as duplicates of
    Jo's (11 pupils checked, not 12), said only in notes.  A row with no UPN is refused
    (every pupil row needs one); ``NA`` is no UPN, refused in one line as a blank is, now
    saying what ``NA`` is."""
    pupils = {"NA#1": ("Brook", "Jo", " ".join([PRESENT] * 5)),
              "NA#2": ("Cole", "Ali", " ".join([PRESENT] * 5))}  # fmt: skip
    pupils.update({f"A100000000{i:02d}": (f"S{i}", f"F{i}", " ".join([PRESENT] * 5)) for i in range(10)})
    export = _g4s_export(tmp_path / "g4s_upn.csv", pupils, no_mark="")
    text = export.read_text(encoding="utf-8").replace('"NA#1"', "NA").replace('"NA#2"', "NA")
    export.write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", export)
    assert code == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "g4s_upn.csv, line 2: data row with no UPN (column 'UPN')" in lines[0], err
    assert "'NA' is how R and other tools write an empty value, not a UPN" in lines[0], err


def test_a_go_4_schools_pupil_list_saved_by_r_with_na_leaving_dates_says_what_na_is(
    tmp_path: Path,
) -> None:
    """GO 4 Schools' education details as g4sr returns them (``upn``,
    ``national_curriculum_year``, ``registration_group``, ``admission_date``,
    ``leaving_date``: docs/presets.md's pupil-list aliases), saved by ``write.csv``: every
    pupil still on roll has ``leaving_date`` ``NA``.  Refused in one line naming the file,
    line, column and value (not guessed as "still on roll"), now saying what ``NA`` is and
    how to save the list so the blank reads as still on roll."""
    export = _g4s_export(tmp_path / "g4s.csv", G4S_PUPILS, no_mark="")
    listed = tmp_path / "g4s_pupils.csv"
    listed.write_text(
        '"","student_id","upn","national_curriculum_year","registration_group",'
        '"admission_date","leaving_date"\n'
        '"1","1001","A10000000001","7","7A","2026-09-01T00:00:00",NA\n'
        '"2","1004","A10000000004","7","7A","2026-09-01T00:00:00","2026-09-11T00:00:00"\n',
        encoding="utf-8",
    )
    code, _, err = run_cli("check", export, "--pupils", listed)
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "g4s_pupils.csv, line 2: not a date" in lines[0], err
    assert "'NA' is how R and other tools write an empty value, not a date" in lines[0], err


def test_cases_does_not_record_a_mid_afternoon_export_and_says_it_as_one(tmp_path: Path) -> None:
    """The same export made at 14:00 (6 of 20 pupils' Friday PM present) recorded with
    ``check --record``: nothing is stored (the afternoon is not all in the export, as after
    a lunchtime export: sweep history), but the line said "(an export made at lunchtime)"
    of it.  It now says the afternoon's registers were part taken."""
    from school import make_workspace

    config = make_workspace(tmp_path / "ws")
    export = write_long_csv(register(_afternoon(dict.fromkeys(range(6), "\\"))), tmp_path / "pm.csv")
    code, _, err = run_cli("check", export, "-c", config, "--record")
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        "not recorded: the exports end during the afternoon of 25/09/2026, its PM "
        "registers part taken (6 of the 20 pupils on roll have a PM mark): record a check of a "
        "whole day's register: export after the afternoon's, or give --as-of 2026-09-24"
    ) in said, err
    assert "lunchtime" not in said, err


def test_a_wide_register_whose_headers_r_renamed_is_not_said_as_a_pupil_list(tmp_path: Path) -> None:
    """A wide register read into R with ``read.csv`` and saved again with ``write.csv``
    (a school's own filtering of the export): R's ``check.names`` makes each session's
    header a syntactic name, ``07/09/2026 AM`` -> ``X07.09.2026.AM`` (an ``X`` before a
    digit, a dot for every other character), ``Mon 07/09/2026 AM`` -> ``Mon.07.09.2026.AM``.
    attcli said "this looks like a pupil list ... give it as --pupils", the wrong advice
    for the right file.  Not read (which order the dotted date is in is not guessed, as
    ``07.09.2026`` is not): refused in one line saying R renamed the headers and how to
    keep them."""
    days = first_weekdays(dt.date(2026, 9, 7), 5)
    for name, head in (("x", "X{d:%d.%m.%Y}.{s}"), ("mon", "{d:%a}.{d:%d.%m.%Y}.{s}")):
        headers = [head.format(d=d, s=s) for d in days for s in ("AM", "PM")]
        lines = ['"","UPN","Surname","Forename",' + ",".join(f'"{h}"' for h in headers)]
        lines += [f'"{i}","A10000000000{i}","S{i}","F{i}",' + ",".join(['"/","\\"'] * 5)
                  for i in range(1, 4)]  # fmt: skip
        export = tmp_path / f"r_{name}.csv"
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")
        code, _, err = run_cli("check", export)
        assert code == 1, err
        said = [line for line in err.splitlines() if line.strip()]
        assert len(said) == 1, err
        assert f"the columns from {headers[0]!r} are session headers R renamed" in said[0], err
        assert "pupil list" not in err, err
