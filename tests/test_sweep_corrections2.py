"""Sweep: an office's weekly exports given together, a second pass over DOMAIN.md 12's first
bullet (4 December (fourth), corrections2).

Registers are small exports of two pupils (Arbor's long columns, or a wide grid), present
unless said, school days Monday to Friday from Mon 7 September 2026 (the term dates of
tests/school.py).  Which export is later is judged by the last date each holds a mark
(docs/decisions.md, "Which export is later"), never by the order given, the file's name
or its modification time.  Worked by hand from DOMAIN.md 1 and 12.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from pathlib import Path

import pytest

from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
AMY, BEN = "A999200000001", "A999200000002"
PUPILS = {AMY: ("Adams", "Amy", "01/10/2014"), BEN: ("Brown", "Ben", "02/03/2015")}
HEADER = "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"
SESSIONS = ("AM", "PM")


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    n = (last - first).days + 1
    return [first + dt.timedelta(i) for i in range(n) if (first + dt.timedelta(i)).weekday() < 5]


def _long(path: Path, first: dt.date, last: dt.date, marks: dict | None = None,
          without: tuple = ()) -> Path:  # fmt: skip
    """A long export of AMY and BEN from ``first`` to ``last``, present unless ``marks``
    gives (upn, date, session) another mark; no row for a (date, session) in ``without``."""
    marks = marks or {}
    lines = [HEADER]
    for day in _days(first, last):
        for upn, (sur, fore, dob) in PUPILS.items():
            for s in SESSIONS:
                if (day, s) in without:
                    continue
                mark = marks.get((upn, day, s), "/")
                lines.append(f"{upn},{sur},{fore},Year 7,7A,{dob},{day:%d/%m/%Y},{s},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _wide(path: Path, first: dt.date, last: dt.date, marks: dict | None = None,
          without: tuple = ()) -> Path:  # fmt: skip
    """The same register as a wide grid (a column a session); no column for a (date,
    session) in ``without``."""
    marks = marks or {}
    cols = [(d, s) for d in _days(first, last) for s in SESSIONS if (d, s) not in without]
    head = ["UPN", "Surname", "Forename", "Year", "Reg Group", "DOB"]
    lines = [",".join(head + [f"{d:%d/%m/%Y} {s}" for d, s in cols])]
    for upn, (sur, fore, dob) in PUPILS.items():
        cells = [marks.get((upn, d, s), "/") for d, s in cols]
        lines.append(",".join([upn, sur, fore, "7", "7A", dob, *cells]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def _said(text: str) -> str:
    return " ".join(text.split())


FRI = D(2026, 9, 18)


@pytest.mark.parametrize("layout", [_long, _wide])
@pytest.mark.parametrize(
    "gone", [((FRI, "AM"), (FRI, "PM")), ((FRI, "PM"),)], ids=["the day", "its afternoon"]
)
def test_a_later_export_without_a_day_the_earlier_one_marked_is_a_conflict(
    tmp_path, config, layout, gone
):
    """The week's export made on Fri 18 Sep marks Friday (AMY `O` both sessions). The
    export of 7 Sep to 2 Oct, made later, holds no session on that Friday at all (no rows,
    no column: the day made a non-school day in the MIS since?). Whether 18 Sep was a
    school day, and AMY's unauthorised sessions, differ between the exports (the sessions
    the later one holds agree). The same
    later register as a wide grid whose Friday cells are blank was refused as a conflict;
    without the rows (or the column) the earlier export's marks counted silently (AMY
    38/40). Now refused, naming both files and the session, whatever the order given."""
    absent = {(AMY, FRI, "AM"): "O", (AMY, FRI, "PM"): "O"}
    early = _long(tmp_path / "week.csv", D(2026, 9, 7), FRI, absent)
    late = layout(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 10, 2), absent, without=gone)
    for files in ((early, late), (late, early)):
        code, out, err = run_cli("check", *files, "-c", config, "-f", "json")
        assert code == 1, out
        said = _said(err)
        assert "term.csv" in said and "week.csv" in said and "18/09/2026" in said, said
        assert ("AM" in said.split("error:")[1]) == ((FRI, "AM") in gone), said
        assert "Traceback" not in said and len(err.strip().splitlines()) == 1, err


def test_a_later_export_without_a_day_the_earlier_one_has_as_no_session_is_read(
    tmp_path, config
):
    """The boundary: the earlier export's Friday is `#` for everyone (an INSET day, no
    possible session), the later one leaves the day out: the same register, no figure
    moves, no refusal (38/38 each: 4 weeks less the Friday)."""
    early = _long(tmp_path / "week.csv", D(2026, 9, 7), FRI,
                  {(u, FRI, s): "#" for u in PUPILS for s in SESSIONS})  # fmt: skip
    late = _long(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 10, 2),
                 without=((FRI, "AM"), (FRI, "PM")))  # fmt: skip
    code, out, err = run_cli("check", early, late, "-c", config, "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert {u: (p["attended"], p["possible"]) for u, p in pupils.items()} == {
        AMY: (38, 38), BEN: (38, 38)
    }


def test_a_later_export_that_begins_at_lunchtime_leaves_the_morning_to_the_earlier(
    tmp_path, config
):
    """The boundary: a later export that begins with Friday afternoon (made from a date-time,
    its first day's morning not asked for) holds no Friday morning because it starts
    after it: the earlier export's Friday morning counts (AMY `O`: 39/40), no refusal."""
    early = _long(tmp_path / "week.csv", D(2026, 9, 7), FRI, {(AMY, FRI, "AM"): "O"})
    late = _long(tmp_path / "rest.csv", FRI, D(2026, 10, 2), without=((FRI, "AM"),))
    code, out, err = run_cli("check", late, early, "-c", config, "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert (pupils[AMY]["attended"], pupils[AMY]["possible"]) == (39, 40)
    assert (pupils[BEN]["attended"], pupils[BEN]["possible"]) == (40, 40)


WED = D(2026, 9, 16)


@pytest.mark.parametrize(
    ("marks", "was", "was_file"),
    [
        # the week's export N, the fortnight's a blank cell, the term's I
        (("N", "", "I"), "N", "week.csv"),
        # N in the week's and the fortnight's, R in the term's: the last export that
        # showed the N is the one it was corrected after
        (("N", "N", "R"), "N", "fortnight.csv"),
    ],
)
def test_which_export_a_correction_was_in_does_not_depend_on_the_order_given(
    tmp_path, config, marks, was, was_file
):
    """Three exports: the week's (to 18 Sep), the fortnight's (to 25 Sep), the term's (to
    2 Oct), AMY's Wed 16 Sep AM in each. The term's code counts; the correction listed
    (JSON ``corrections``, the note) said "was N" or "was -" and named one earlier file or
    the other by the order the files were given: given fortnight first, the N the term's
    export corrects read as a blank cell filled in, not a correction (DOMAIN.md 12). Now the
    same whatever the order, the file names and the files' modification times."""
    week = _long(tmp_path / "week.csv", D(2026, 9, 7), FRI, {(AMY, WED, "AM"): marks[0]})
    fortnight = _long(tmp_path / "fortnight.csv", D(2026, 9, 14), D(2026, 9, 25),
                      {(AMY, WED, "AM"): marks[1]})  # fmt: skip
    term = _long(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 10, 2),
                 {(AMY, WED, "AM"): marks[2]})  # fmt: skip
    seen = set()
    for k, files in enumerate(itertools.permutations((week, fortnight, term))):
        for i, f in enumerate(files):  # the first given the newest file, then the oldest
            t = 1_700_000_000 + (1 if k % 2 else -1) * i * 3600
            os.utime(f, (t, t))
        code, out, err = run_cli("check", *files, "-c", config, "-f", "json")
        assert code == 0, err
        data = json.loads(out)
        corrections = data["corrections"]
        notes = [w for w in data["warnings"] if "duplicate session rows" not in w]
        seen.add(json.dumps([corrections, notes]))
        got = [(c["upn"], c["was"], c["now"], Path(c["was_file"]).name, Path(c["file"]).name)
               for c in corrections]  # fmt: skip
        assert got == [(AMY, was, marks[2], was_file, "term.csv")], files
        assert any("1 register correction across exports" in w for w in notes), notes
    assert len(seen) == 1


def test_a_closure_entered_ahead_in_an_old_export_does_not_make_it_the_later(tmp_path, config):
    """The old MIS's half-term grid, exported on Fri 25 Sep: its registers to 25 Sep, blank
    columns to Fri 23 Oct, and that INSET Friday entered ahead (`#` for everyone, as a
    school does in the MIS at the start of term). AMY's Wed 23 Sep AM is `N`. The new
    MIS's export (21 Sep to 9 Oct) gives her `I` there. The `#` made the old grid "end" on
    23 Oct, so the new export was the earlier: its `I` a conflict with the old `N`, and
    every mark of 28 Sep to 9 Oct a conflict with the old grid's blank cells (41 refused,
    "a later export (one whose data ends later) may only replace ..."), whatever the
    order. A closure entered after sessions no register of that export has marked is not
    when it was made: the new export is the later, its `I` a correction listed and its
    marks filling in the blank cells (listed), AMY 49/50 present over the 5 weeks to 9 Oct
    (the `N` made `I`), BEN 50/50, the INSET Friday no session."""
    old_marks = {(u, d, s): "" for u in PUPILS for d in _days(D(2026, 9, 28), D(2026, 10, 22))
                 for s in SESSIONS}  # fmt: skip
    old_marks |= {(u, D(2026, 10, 23), s): "#" for u in PUPILS for s in SESSIONS}
    old_marks[(AMY, D(2026, 9, 23), "AM")] = "N"
    old = _wide(tmp_path / "old.csv", D(2026, 9, 7), D(2026, 10, 23), old_marks)
    new = _long(tmp_path / "new.csv", D(2026, 9, 21), D(2026, 10, 9),
                {(AMY, D(2026, 9, 23), "AM"): "I"})  # fmt: skip
    for files in ((old, new), (new, old)):
        code, out, err = run_cli("check", *files, "-c", config, "--as-of", "2026-10-09",
                                 "-f", "json")  # fmt: skip
        assert code == 0, err
        doc = json.loads(out)
        pupils = {p["upn"]: p for p in doc["pupils"]}
        assert (pupils[AMY]["attended"], pupils[AMY]["possible"]) == (49, 50)
        assert (pupils[BEN]["attended"], pupils[BEN]["possible"]) == (50, 50)
        got = {(c["upn"], c["date"], c["was"], c["now"]) for c in doc["corrections"]
               if c["was"] == "N"}  # fmt: skip
        assert got == {(AMY, "2026-09-23", "N", "I")}
        assert {Path(c["file"]).name for c in doc["corrections"]} == {"new.csv"}
        assert len(doc["corrections"]) == 1 + 2 * 2 * 10  # the N, and 28 Sep-9 Oct filled


def test_an_inset_day_after_the_last_register_still_ends_the_export(tmp_path, config):
    """The boundary: an export made on the evening of an INSET Friday (`#` for everyone,
    right after Thursday's registers) ends on that Friday, so it is later than the one made
    on Thursday evening: its `I` corrects Thursday's export's `N` (listed), not a conflict
    of two exports ending on one day."""
    thu = D(2026, 9, 17)
    early = _long(tmp_path / "thursday.csv", D(2026, 9, 7), thu, {(AMY, thu, "AM"): "N"})
    late = _long(tmp_path / "friday.csv", D(2026, 9, 7), FRI,
                 {(AMY, thu, "AM"): "I"} | {(u, FRI, s): "#" for u in PUPILS for s in SESSIONS})  # fmt: skip
    code, out, err = run_cli("check", late, early, "-c", config, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [(c["was"], c["now"], Path(c["file"]).name) for c in doc["corrections"]] == [
        ("N", "I", "friday.csv")
    ]


def _amy_from(path: Path, first: dt.date, last: dt.date, amy_from: dt.date,
              marks: dict | None = None) -> Path:  # fmt: skip
    """A long export whose AMY rows begin on ``amy_from`` (her joining date as the MIS
    has it now); BEN every day."""
    full = _long(path, first, last, marks)
    lines = full.read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines[1:] if not (ln.startswith(AMY) and
            dt.datetime.strptime(ln.split(",")[6], "%d/%m/%Y").date() < amy_from)]  # fmt: skip
    path.write_text("\n".join([lines[0], *kept]) + "\n", encoding="utf-8")
    return path


def test_a_later_export_where_a_pupil_joined_later_is_a_conflict(tmp_path, config):
    """The week's export (7-18 Sep) has AMY from Mon 7 Sep (absent `N` Wed 9 Sep); the
    later one (7-25 Sep) has her rows from Mon 14 Sep only: her joining date moved in the
    MIS since. The mirror of a leaving date moved back (refused, sweep6 case3): the earlier
    export's week of 7-11 Sep counted silently, 9 of 10 sessions in her figures and an
    unauthorised session toward her penalty-notice window, which the MIS no longer holds.
    Refused now in one line naming both files, whatever the order: she is not the pupil
    the later export begins with, nor are the days its first, so it is no second part of
    the earlier one split at a row."""
    early = _long(tmp_path / "week.csv", D(2026, 9, 7), FRI, {(AMY, D(2026, 9, 9), "AM"): "N"})
    late = _amy_from(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 9, 25), D(2026, 9, 14))
    for files in ((early, late), (late, early)):
        code, out, err = run_cli("check", *files, "-c", config, "-f", "json")
        assert code == 1, out
        said = _said(err)
        assert "term.csv has no row for 1 pupil" in said and "week.csv" in said, said
        # (its first date's rows are those a split at a row leaves out: from 8 Sep)
        assert f"8 sessions, e.g. {AMY} 08/09/2026 AM" in said, said
        assert "Traceback" not in said and len(err.strip().splitlines()) == 1, err


def test_an_export_that_takes_a_pupil_on_where_the_earlier_left_off_is_read(tmp_path, config):
    """The boundary: one long export sorted by pupil, split at a row (past a spreadsheet's
    rows): the first part holds AMY to Fri 18 Sep, the second begins with her Mon 21 Sep
    and then holds BEN from 7 Sep. The second lacks AMY's rows the first holds, which is no
    disagreement. AMY 30/30, BEN 30/30."""
    lines = _long(tmp_path / "whole.csv", D(2026, 9, 7), D(2026, 9, 25)).read_text(
        encoding="utf-8").splitlines()  # fmt: skip
    by_pupil = sorted(lines[1:], key=lambda ln: (ln.split(",")[0], ln.split(",")[6][3:5],
                                                 ln.split(",")[6][:2], ln.split(",")[7]))  # fmt: skip
    split = 20  # AMY's 10 days to 18 Sep in the first part
    first, second = tmp_path / "part1.csv", tmp_path / "part2.csv"
    first.write_text("\n".join([lines[0], *by_pupil[:split]]) + "\n", encoding="utf-8")
    second.write_text("\n".join([lines[0], *by_pupil[split:]]) + "\n", encoding="utf-8")
    for files in ((first, second), (second, first)):
        code, out, err = run_cli("check", *files, "-c", config, "-f", "json")
        assert code == 0, err
        pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
        assert {u: (p["attended"], p["possible"]) for u, p in pupils.items()} == {
            AMY: (30, 30), BEN: (30, 30)
        }
