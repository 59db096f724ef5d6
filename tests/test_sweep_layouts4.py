"""Sweep of 6 December (fourth), layouts4: registers in layouts and states not in the tests.

Each register is built by hand as a small file in the layout or state a school's export
is really in, its answer worked out by hand from DOMAIN.md (sections 1, 2, 10 and 12),
and run through the command line as the office runs it: read right, or refused in one
line naming the file, the line or column and what would be valid.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

PRESENT = "/\\"


def _class_on_a_trip(pm: str) -> dict[str, str]:
    """Twenty pupils, Mon 7 to Fri 25 Sep 2026, the export made on Friday at 11:00: every
    pupil's Friday AM is marked, the afternoon's register not yet taken.  Three pupils
    (T17..T19) are on a class trip that afternoon, entered ahead as `V` (an MIS fills a
    planned absence or an educational visit in before the register is taken: Arbor's
    "Pre-Planned absence ... registers are automatically pre-filled").  ``pm`` is the
    others' Friday PM: ``!`` no row, ``_`` a row with a blank cell.  U00 (Sam) is absent
    unexplained on Wed 23 Sep (`N N`: not yet 5 school days old)."""
    days = [PRESENT] * 14
    pupils = {}
    for i in range(17):
        mine = list(days)
        if i == 0:
            mine[12] = "NN"
        pupils[f"U{i:02d}"] = " ".join(mine + ["/" + pm])
    for i in range(17, 20):
        pupils[f"T{i:02d}"] = " ".join(days + ["/V"])
    return pupils


def _check(export: Path, *more: str) -> tuple[dict, str]:
    code, out, err = run_cli("check", export, "--format", "json", *more)
    assert code == 0, err
    return json.loads(out), err


def _figures(result: dict, upn: str) -> tuple[int, int, int, int]:
    p = next(p for p in result["pupils"] if p["upn"] == upn)
    return p["possible"], p["attended"], p["unauthorised"], p["missing_marks"]


def test_a_class_s_afternoon_entered_ahead_on_the_export_s_last_day_is_no_missing_mark_for_the_rest(
    tmp_path: Path,
) -> None:
    """Worked by hand (DOMAIN.md 1, 2, 12): the Friday afternoon is after the data for
    the 17 pupils whose register was not yet taken (the export was made before it), as it
    is when nobody's afternoon is marked ("the exports end with the AM session ... an
    export made at lunchtime"): not a register left incomplete, so no missing mark, no
    "problem to fix in the MIS".  Sam: 29 possible (14 days and the Friday morning), 27
    attended, 2 unauthorised = 93.10 %.  The others of the 17: 29 of 29.  The trip's three:
    30 possible, 30 attended (`V` is an approved educational activity, entered and
    counted).  attcli listed "17 problems in the register to fix in the MIS: missing rows
    ... 17 pupils, each: 25/09/2026 PM" (a school of 200 with a class of 30 on the trip:
    170), because 3 of 20 marked is more than the 1 in 10 that makes a session the
    school's; the same afternoon with nobody's mark entered ahead was a note."""
    for pm in ("!", "_"):
        export = write_long_csv(register(_class_on_a_trip(pm)), tmp_path / f"trip{pm}.csv")
        result, err = _check(export)
        assert _figures(result, "U00") == (29, 27, 2, 0)
        assert all(_figures(result, f"U{i:02d}") == (29, 29, 0, 0) for i in range(1, 17))
        assert all(_figures(result, f"T{i:02d}") == (30, 30, 0, 0) for i in range(17, 20))
        assert result["data_quality"] == []
        said = " ".join(err.split())
        assert (
            "the exports end with the AM session of 25/09/2026: its PM register is not in "
            "them (an export made at lunchtime), so the figures run to that morning, but for "
            "the 3 pupils whose PM marks were entered ahead, which count"
        ) in said, err


def test_a_form_s_afternoon_not_taken_on_the_last_day_is_still_a_missing_row(
    tmp_path: Path,
) -> None:
    """The boundary, kept (decisions, "The last afternoon"): when most of the school's
    afternoon register is in the export, the pupils without a mark are a form's register
    not yet completed, each a missing row on the data-quality list.  Twenty pupils, the
    Friday PM marked for 17 and not for U00..U02: each 29 possible, 1 missing row."""
    pupils = {}
    for i in range(20):
        pm = "!" if i < 3 else "\\"
        pupils[f"U{i:02d}"] = " ".join([PRESENT] * 14 + ["/" + pm])
    export = write_long_csv(register(pupils), tmp_path / "form.csv")
    result, _ = _check(export)
    assert _figures(result, "U00") == (29, 29, 0, 1)
    assert _figures(result, "U05") == (30, 30, 0, 0)
    assert sorted((i["kind"], i["upn"], i["date"], i["session"]) for i in result["data_quality"]) == [
        ("missing_row", f"U{i:02d}", "2026-09-25", "PM") for i in range(3)
    ]


def test_a_wide_register_s_last_afternoon_blank_but_for_a_trip_s_v_is_no_missing_mark(
    tmp_path: Path,
) -> None:
    """The same state in a wide register (a column per session, RM Integris' layout):
    Mon 7 to Fri 11 Sep 2026, ten pupils, the Friday PM column blank (the register not
    yet taken at 11:00) but for three pupils' `V` entered ahead.  U00 absent unexplained
    Thursday (`N N`).  Worked by hand: U00 9 possible (the Friday PM after the data), 7
    attended, 2 unauthorised; U01..U06 9 of 9; T07..T09 10 of 10; no missing mark (7 were
    listed, one a blank cell of each pupil not on the trip: 3 of 10 is more than the
    stray-day share)."""
    days = ["07", "08", "09", "10", "11"]
    header = "UPN,Surname,Forename," + ",".join(
        f"{d}/09/2026 {s}" for d in days for s in ("AM", "PM")
    )
    rows = []
    for i in range(10):
        marks = ["/", "\\"] * 4 + ["/", "V" if i >= 7 else ""]
        if i == 0:
            marks[6:8] = ["N", "N"]
        upn = f"T{i:02d}" if i >= 7 else f"U{i:02d}"
        rows.append(f"{upn},Surname{i},Forename{i}," + ",".join(marks))
    export = tmp_path / "wide.csv"
    export.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result, err = _check(export)
    assert _figures(result, "U00") == (9, 7, 2, 0)
    assert all(_figures(result, f"U{i:02d}") == (9, 9, 0, 0) for i in range(1, 7))
    assert all(_figures(result, f"T{i:02d}") == (10, 10, 0, 0) for i in range(7, 10))
    assert result["data_quality"] == []
    assert "but for the 3 pupils whose PM marks were entered ahead" in " ".join(err.split())


def test_a_form_s_morning_not_yet_taken_on_the_export_s_last_day_is_said_not_left_silently(
    tmp_path: Path,
) -> None:
    """The export made on Fri 25 Sep 2026 at 09:15, two forms' morning registers not yet
    taken: 12 of 20 pupils have Friday's AM (nobody its PM), U00..U07 no row that day.
    DOMAIN.md 1 ends a pupil's time on roll with their last mark, so U00..U07 are taken as
    leaving on Thu 24 Sep, and U00, absent unexplained from Mon 14 Sep (9 school days), is
    "left 24/09/2026 after 9 school days of unexplained absence: check the deletion was
    lawful": the check said "8 pupils left the roll in the period" and nothing else, as
    if a form had left.  The figures are the register's (U00: 28 possible, 10 attended, 18
    unauthorised, 35.71 %), but that it may be the export's hour, not 8 leavers, is now
    said, as it is when most pupils' marks end a day early, with the --as-of that gives
    the figures as they stood: the same notes in cme."""
    pupils = {}
    for i in range(20):
        days = [PRESENT] * 14
        if i == 0:
            days[5:14] = ["NN"] * 9
        pupils[f"U{i:02d}"] = " ".join(days + (["!"] if i < 8 else ["/!"]))
    export = write_long_csv(register(pupils), tmp_path / "am915.csv")
    result, err = _check(export)
    assert _figures(result, "U00") == (28, 10, 18, 0)
    said = (
        "8 of the 20 pupils' marks end on 24/09/2026, the school day before the exports' "
        "last day (25/09/2026), whose morning register holds marks for the other 12: they "
        "are taken as leaving the roll on 24/09/2026; if their register for 25/09/2026 was "
        "not yet taken when the export was made, pass --as-of 2026-09-24"
    )
    assert said in " ".join(err.split()), err
    code, out, err = run_cli("cme", export, "--days", "3", width=100)
    assert code == 0, err
    assert said in " ".join((out + err).split()), out + err
    # as of that Thursday: nothing to say, U00's run current
    code, out, err = run_cli("cme", export, "--days", "3", "--as-of", "2026-09-24", width=100)
    assert code == 0 and "marks end on" not in out + err
    assert "ABSENT" in out


def test_one_pupil_leaving_the_day_before_a_lunchtime_export_says_nothing_more(
    tmp_path: Path,
) -> None:
    """A real leaver: U00's marks end on Thu 24 Sep, the other 19 pupils have Friday's
    morning in the lunchtime export.  One pupil leaving is what a register shows every
    week: no note of a register not yet taken."""
    pupils = {
        f"U{i:02d}": " ".join([PRESENT] * 14 + (["!"] if i == 0 else ["/!"])) for i in range(20)
    }
    export = write_long_csv(register(pupils), tmp_path / "leaver.csv")
    _, err = _check(export)
    assert "marks end on" not in err


def _nursery_pattern_to_christmas(tmp_path: Path) -> Path:
    """Seventeen pupils present Mon 7 to Fri 25 Sep 2026, the register's last day; three
    nursery pupils present every morning and `X` (not required to attend) every afternoon
    to Fri 18 Dec, the `X` entered ahead by a pattern (ScholarPack's Patterns fill `X` "for
    nursery students" from the next day to the academic year's end), no row for anyone's
    morning after 25 Sep: the export ran to the end of term."""
    pupils = {f"U{i:02d}": " ".join([PRESENT] * 15) for i in range(17)}
    export = write_long_csv(register(pupils), tmp_path / "nursery.csv")
    lines = []
    day = dt.date(2026, 9, 7)
    while day <= dt.date(2026, 12, 18):
        if day.weekday() < 5:
            for i in range(17, 20):
                who = f"N{i:02d},SurnameN{i:02d},ForenameN{i:02d}"
                if day <= dt.date(2026, 9, 25):
                    lines.append(f"{who},{day:%d/%m/%Y},AM,/")
                lines.append(f"{who},{day:%d/%m/%Y},PM,X")
        day += dt.timedelta(days=1)
    with export.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return export


def test_a_nursery_pattern_of_x_entered_ahead_does_not_make_the_register_reach_christmas(
    tmp_path: Path,
) -> None:
    """The register's marks end on Fri 25 Sep (three weeks); only three pupils' `X`, no
    possible mark for anyone, are on the days after it.  DOMAIN.md 2 ("an as-of date after
    the data ends ... errors or loud warnings, never silently used") and 10: a day with
    no register but a minority's not-possible marks is no day the exports hold the
    school's register of.  As of Fri 4 Dec with the term dates (Autumn 1 and 2), attcli
    said "20 pupils checked; 20 need nothing this week", every pupil green on three weeks'
    marks as the year to date, and not a word of the ten weeks with no register: the `X`
    rows made the exports "end" on 18 Dec.  Now the coverage line says the exports end on
    25/09/2026 and the figures are as of then, as for any export ending before the as-of
    date (the sessions are the register's: U00 30 of 30, the nursery's 15 of 15)."""
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _nursery_pattern_to_christmas(tmp_path)
    result, err = _check(export, "--config", str(config), "--as-of", "2026-12-04")
    assert _figures(result, "U00")[:2] == (30, 30)
    assert _figures(result, "N17")[:2] == (15, 15)
    said = " ".join(err.split())
    assert (
        "INCOMPLETE DATA: the exports cover 07/09/2026 to 25/09/2026; no register from "
        "28/09/2026 to 04/12/2026 (45 school days) after the data ends. Figures are as of "
        "25/09/2026, the end of the data"
    ) in said, err


def test_a_week_left_out_of_the_export_but_for_a_nursery_s_x_is_a_missing_week(
    tmp_path: Path,
) -> None:
    """Mon 7 to Fri 25 Sep 2026 with the term dates; the export leaves out the week of 14
    Sep (no row for 17 pupils) but for three nursery pupils' afternoon `X` of their
    pattern.  DOMAIN.md 2 and the decision "A week missing from the exports": a school week
    of the term dates with no register is said, and the figures have no band; the week is
    one of the penalty-notice window's ten (3 of them held, not 2).  attcli said nothing:
    the `X` rows made it a week the exports hold, every pupil green on two weeks' marks."""
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    gap = ["!"] * 5
    pupils = {f"U{i:02d}": " ".join([PRESENT] * 5 + gap + [PRESENT] * 5) for i in range(17)}
    pupils.update({f"N{i:02d}": " ".join(["/X"] * 5 + ["!X"] * 5 + ["/X"] * 5) for i in (17, 18, 19)})
    export = write_long_csv(register(pupils), tmp_path / "xweek.csv")
    result, err = _check(export, "--config", str(config))
    assert _figures(result, "U00") == (20, 20, 0, 0)
    said = " ".join(err.split())
    assert (
        "INCOMPLETE DATA: the exports cover 07/09/2026 to 25/09/2026; no register for the week "
        "14/09/2026 to 18/09/2026 (5 school days), in the autumn term"
    ) in said, err
    assert "the exports hold 3 of the 10 school weeks up to 25/09/2026" in said
    assert {p["band"] for p in result["pupils"]} == {None}


def test_a_week_with_no_rows_in_september_without_term_dates_is_said_as_a_half_term_too_short(
    tmp_path: Path,
) -> None:
    """Mon 7 to Fri 25 Sep 2026, no term dates, the week of 14 Sep with no row at all (a
    closure never entered as `#`, or a week's export left out).  DOMAIN.md 10 infers a
    holiday from a week with no session, so the half terms are Autumn 1 (one week, 7-11
    Sep) and Autumn 2 from 21 Sep; the check said "half term Autumn 2 (21/09 to 25/09)"
    and nothing else, lates and letters ending and beginning at a half term no school has
    (the shortest is some weeks).  The reading stands (attcli cannot know which week was
    term) but is said, with the term dates to give.  Sam's figures are the register's: 20
    possible, 10 attended."""
    week, gap = [PRESENT] * 5, ["!"] * 5
    pupils = {
        "U00": " ".join(week + gap + ["NN"] * 5),
        "U01": " ".join(week + gap + week),
    }
    export = write_long_csv(register(pupils), tmp_path / "closed.csv")
    result, err = _check(export)
    assert _figures(result, "U00") == (20, 10, 10, 0)
    assert (
        "half terms are inferred from the register (no term dates in the config): Autumn 1 "
        "is 1 school week long (07/09/2026 to 11/09/2026), and the week with no session "
        "after it (14/09/2026 to 18/09/2026) was taken as its holiday, Autumn 2 from "
        "21/09/2026; no half term is that short: it may be a week of term the exports leave "
        "out (then give its export) or a closure never entered as '#', and each half term's "
        "figures, lates and letters end and begin at it: give the term dates in the config "
        "([[calendar.half_terms]], a closure in [calendar] inset_days)"
    ) in " ".join(err.split()), err


def test_an_export_starting_in_october_with_its_half_term_two_weeks_in_says_no_short_half_term(
    tmp_path: Path,
) -> None:
    """Exports from Mon 12 Oct 2026 (the year's start not in them: said by the coverage),
    the half-term holiday 26-30 Oct: Autumn 1 in the data is two weeks because the data
    begins late, not because a week of term is missing."""
    pupils = {"U00": " ".join([PRESENT] * 15), "U01": " ".join([PRESENT] * 15)}
    holiday = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    reg = register(pupils, start=dt.date(2026, 10, 12), holidays=holiday)
    export = write_long_csv(reg, tmp_path / "october.csv")
    _, err = _check(export)
    assert "school week long" not in err and "school weeks long" not in err
