"""Sweep blind1: registers and answers worked from DOMAIN.md alone, before reading src/.

Each register is written out here as an Arbor-style long CSV, one row per pupil per
session, and every expected figure is worked by hand in the test from DOMAIN.md's
words (quoted in each docstring).  Only combinations no other test pins are kept: the
sweep's other cases (exact 90 % and 92 %, 181 of 201 and 183 of 199, joiners and the
10-session minimum, 10 vs 9 days of unexplained absence, a U day breaking a run, 4 lates
vs 3 + 1, 30 vs 29 illness sessions, the 5-school-day age of an N, corrections and
conflicts across exports, stray days, two spells, legacy codes; docs/decisions.md,
"Registers and answers worked from the rules alone") agreed with attcli and are pinned
already.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from clirun import run_cli
from school import make_workspace

D = dt.date
HEADER = "UPN,Legal Surname,Legal Forename,Year,Date of Birth,Date,Session,Mark"


def _days(first: dt.date, last: dt.date, *holidays: tuple[dt.date, dt.date]) -> list[dt.date]:
    """The weekdays from ``first`` to ``last`` outside the ``holidays`` (first, last)."""
    out, day = [], first
    while day <= last:
        if day.weekday() < 5 and not any(a <= day <= b for a, b in holidays):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _write(path: Path, days: list[dt.date], pupils: dict) -> Path:
    """``pupils``: UPN -> (surname, forename, year, dob, {(date, "AM"/"PM"): mark}); every
    school day of ``days`` is ``/`` unless the marks say otherwise (None: no row)."""
    lines = [HEADER]
    for upn, (surname, forename, year, dob, marks) in pupils.items():
        for day in days:
            for session in ("AM", "PM"):
                mark = marks.get((day, session), "/")
                if mark is not None:
                    lines.append(
                        f"{upn},{surname},{forename},{year},{dob},{day:%d/%m/%Y},{session},{mark}"
                    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _am(days: list[dt.date], mark: str) -> dict:
    return {(d, "AM"): mark for d in days}


def _both(days: list[dt.date], mark: str) -> dict:
    return {(d, s): mark for d in days for s in ("AM", "PM")}


def _json(*args) -> dict:
    code, out, err = run_cli(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def _pupils(doc: dict) -> dict:
    return {p["upn"]: p for p in doc["pupils"]}


def test_a_window_over_christmas_and_a_snow_week_counts_a_reception_child_from_31_december(
    tmp_path,
):
    """DOMAIN.md 5: "A *school week* is any week (Monday to Sunday) in which the school had
    at least one session. Holiday weeks are skipped"; "Only a pupil of compulsory school age
    ... from the prescribed day on or after their 5th birthday (31 December, 31 March or
    31 August) ... Only sessions while the pupil was of compulsory school age count toward
    the threshold".  DOMAIN.md 10: "A week closed unexpectedly (every session Y1..Y7, e.g.
    snow) is not a school week, but it does not end a half term either."

    No term dates: the register, Wed 3 Sep 2025 - Fri 13 Feb 2026, holidays 27-31 Oct and
    22 Dec - 2 Jan (no rows), the week of Mon 19 Jan closed by snow (Y1 for everyone).
    School weeks back from Fri 13 Feb: 9 Feb, 2 Feb, 26 Jan, (19 Jan snow: skipped),
    12 Jan, 5 Jan, (two Christmas weeks: skipped), 15 Dec, 8 Dec, 1 Dec, 24 Nov, 17 Nov:
    the window is Mon 17 Nov 2025 - Fri 13 Feb 2026.
    SEVEN (Year 7) and RECEP (Reception, born 1 Sep 2020: 5 on 1 Sep 2025, so of
    compulsory school age from Wed 31 Dec 2025, a day of the Christmas holiday) are both
    absent G one morning a school week: 17 Nov, 24 Nov, 1, 8, 15 Dec, 5, 12, 26 Jan, 2, 9 Feb.
    SEVEN: 10 in the window, the 10th on Mon 9 Feb: met.  RECEP: only the 5 from 5 Jan
    count: not met, though of compulsory school age on the as-of date.
    LATE: L on Tue 13, Wed 14 Jan (before the snow week) and Tue 27, Wed 28 Jan (after): 4
    in one half term (Spring 1, 5 Jan - 13 Feb), flagged.
    Possible for each: 38 + 35 autumn days + 25 spring days (30 less the snow week) = 98
    days, 196 sessions; SEVEN and RECEP attended 186 (94.9 %)."""
    holidays = ((D(2025, 10, 27), D(2025, 10, 31)), (D(2025, 12, 22), D(2026, 1, 2)))
    days = _days(D(2025, 9, 3), D(2026, 2, 13), *holidays)
    snow = _both(_days(D(2026, 1, 19), D(2026, 1, 23)), "Y1")
    g10 = [D(2025, 11, 17), D(2025, 11, 24), D(2025, 12, 1), D(2025, 12, 8), D(2025, 12, 15),
           D(2026, 1, 5), D(2026, 1, 12), D(2026, 1, 26), D(2026, 2, 2), D(2026, 2, 9)]  # fmt: skip
    lates = [D(2026, 1, 13), D(2026, 1, 14), D(2026, 1, 27), D(2026, 1, 28)]
    export = _write(
        tmp_path / "reg.csv",
        days,
        {
            "A999250000001": ("Seven", "Sam", "Year 7", "01/05/2014", {**snow, **_am(g10, "G")}),
            "A999250000002": ("Recep", "Rae", "Reception", "01/09/2020", {**snow, **_am(g10, "G")}),
            "A999250000003": ("Late", "Lou", "Year 7", "01/05/2014", {**snow, **_am(lates, "L")}),
            "A999250000004": ("Other", "Oli", "Year 7", "01/05/2014", dict(snow)),
        },
    )
    make_workspace(tmp_path / "ws")
    got = _pupils(_json("check", export, "--workspace", tmp_path / "ws"))
    seven, recep, late = (got[f"A99925000000{i}"] for i in (1, 2, 3))
    assert (seven["possible"], seven["attended"], seven["attendance_pct"]) == (196, 186, 94.9)
    assert (seven["pn_window_start"], seven["pn_window_end"]) == ("2025-11-17", "2026-02-13")
    assert (seven["pn_window_sessions"], seven["pn_threshold_met"], seven["pn_first_met"]) == (
        10, True, "2026-02-09",
    )  # fmt: skip
    assert recep["compulsory_school_age"] is True
    assert (recep["pn_window_sessions"], recep["pn_threshold_met"], recep["pn_first_met"]) == (
        5, False, None,
    )  # fmt: skip
    assert (late["lates_half_term"], late["lates_flag"]) == (4, True)


def test_a_window_over_the_summer_is_met_in_september_and_ends_with_compulsory_school_age(
    tmp_path,
):
    """DOMAIN.md 5: "a window can span a half term, a term or a school year"; "the first
    date in the period at which it was met"; compulsory school age runs "until the last
    Friday in June of the school year in which they turn 16".

    The register: Mon 2 Jun - Fri 18 Jul 2025 (7 school weeks) and Wed 3 - Fri 19 Sep 2025.
    WIN (Year 8): G on the mornings of 7-11, 14-16 Jul (8) and Mon 8, Tue 9 Sep (2).  As of
    Fri 19 Sep the 10 school weeks are 15 Sep, 8 Sep, 1 Sep (3-5 Sep), then over the summer
    14 Jul back to 2 Jun: 02/06/2025 to 19/09/2025, 10 sessions, the 10th on 9 Sep, a day of
    the period (the 2025/26 year): met, first met 09/09/2025.
    GONE (Year 11, born 15 Jan 2009: 16 in the 2024/25 school year, so of compulsory school
    age to Fri 27 Jun 2025, the last Friday in June) is absent G every morning of 23 Jun -
    4 Jul (10) and has no row in September.  As of Fri 18 Jul (over the summer term, with
    --from 2 Jun) only the 5 of 23-27 Jun count: not met, and not of compulsory school age."""
    days = _days(D(2025, 6, 2), D(2025, 7, 18)) + _days(D(2025, 9, 3), D(2025, 9, 19))
    july = _days(D(2025, 7, 7), D(2025, 7, 11)) + _days(D(2025, 7, 14), D(2025, 7, 16))
    win = _am([*july, D(2025, 9, 8), D(2025, 9, 9)], "G")
    gone = {**_am(_days(D(2025, 6, 23), D(2025, 7, 4)), "G"), **_both(days[-13:], None)}
    export = _write(
        tmp_path / "reg.csv",
        days,
        {
            "A999250000011": ("Win", "Wren", "Year 8", "01/05/2012", win),
            "A999250000012": ("Gone", "Gil", "Year 11", "15/01/2009", gone),
            "A999250000013": ("Other", "Oli", "Year 8", "01/05/2012", {}),
        },
    )
    make_workspace(tmp_path / "ws")
    ws = ("--workspace", tmp_path / "ws")
    win_row = _pupils(_json("check", export, *ws))["A999250000011"]
    assert (win_row["pn_window_start"], win_row["pn_window_end"]) == ("2025-06-02", "2025-09-19")
    assert (win_row["pn_window_sessions"], win_row["pn_threshold_met"]) == (10, True)
    assert win_row["pn_first_met"] == "2025-09-09"
    gone_row = _pupils(
        _json("check", export, *ws, "--as-of", "2025-07-18", "--from", "2025-06-02")
    )["A999250000012"]
    assert (gone_row["unauthorised"], gone_row["pn_window_sessions"]) == (10, 5)
    assert (gone_row["pn_threshold_met"], gone_row["compulsory_school_age"]) == (False, False)


def test_a_leaver_s_run_over_half_term_and_an_inset_day_ends_on_the_leaving_date(tmp_path):
    """DOMAIN.md 1: "Where a joining or leaving date is known (a pupil list), it decides the
    time on roll."  DOMAIN.md 6: "Days that are not possible for the pupil (`#`, ...)
    neither count nor break a run"; "a pupil who left ends their run on their last day on
    roll ... But a pupil taken off roll straight after a run of unexplained absence ...
    stay listed as 'left after N days of unexplained absence'".

    The register: Wed 3 Sep - Fri 12 Dec 2025, half term 27-31 Oct (no rows), Mon 3 Nov an
    INSET day (`#` for everyone).  GONE is present to Thu 23 Oct, N on Fri 24 Oct and every
    day of 4-14 Nov, and the MIS kept marking N on 17-21 Nov after the pupil list's leaving
    date, Fri 14 Nov; no rows after.  The run: 24 Oct (1) + 4-7 Nov (4) + 10-14 Nov (5) = 10
    school days, last attended 23 Oct; the 10 N sessions after leaving are outside the time
    on roll (not 15 days).  Figures to the leaving date: 38 days to 24 Oct + 9 days of
    4-14 Nov = 47 days, 94 sessions, 20 absent (N), 74 attended."""
    days = _days(D(2025, 9, 3), D(2025, 12, 12), (D(2025, 10, 27), D(2025, 10, 31)))
    inset = _both([D(2025, 11, 3)], "#")
    absent = _both([D(2025, 10, 24), *_days(D(2025, 11, 4), D(2025, 11, 21))], "N")
    after = _both(_days(D(2025, 11, 24), D(2025, 12, 12)), None)
    export = _write(
        tmp_path / "reg.csv",
        days,
        {
            "A999250000021": ("Gone", "Gus", "Year 8", "06/05/2013", {**inset, **absent, **after}),
            "A999250000022": ("Other", "Oli", "Year 8", "06/05/2013", dict(inset)),
            "A999250000023": ("Third", "Tam", "Year 8", "06/05/2013", dict(inset)),
        },
    )
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Admission Date,Leaving Date\n"
        "A999250000021,03/09/2025,14/11/2025\nA999250000022,03/09/2025,\n"
        "A999250000023,03/09/2025,\n",
        encoding="utf-8",
    )
    make_workspace(tmp_path / "ws")
    ws = ("--workspace", tmp_path / "ws", "--pupils", pupils)
    runs = _json("cme", export, *ws)["runs"]
    assert [
        (r["upn"], r["run_start"], r["run_end"], r["run_days"], r["status"], r["last_attended"])
        for r in runs
    ] == [("A999250000021", "2025-10-24", "2025-11-14", 10, "left", "2025-10-23")]
    doc = _json("check", export, *ws)
    gone = _pupils(doc)["A999250000021"]
    assert (gone["on_roll"], gone["left_on"], gone["left_after_absence_days"]) == (
        False, "2025-11-14", 10,
    )  # fmt: skip
    assert (gone["possible"], gone["attended"], gone["unauthorised"]) == (94, 74, 20)


def test_a_red_letter_for_absence_mostly_religious_observance_or_travelling_is_held(
    tmp_path,
):
    """DOMAIN.md 9: "A letter that warns of meetings, fines or prosecution is wrong for a
    pupil whose absence the school itself agreed or cannot blame on the family ... Where
    most of a pupil's absence (configurable) is of such codes, the letter is held for a
    person to review".  `R` (a day set apart for religious observance by the parent's
    religious body) and `T` (a parent travelling for their work, recorded when the school
    accepts it) are absence the school authorised and the law does not blame on the family
    (Education Act 1996 s.444(3)(c) and (6) are defences to the offence the red letter
    warns of).  The red letter ("you have a legal duty ...", the local authority) went to
    the print pile for both: 40 school days, REL away 6 days of festivals (12 `R`
    sessions), 68/80 = 85.0 %, red; TRV 6 days travelling (12 `T`), the same.  Held now
    with the reason, as `C`, `C1` and `E` are; exactly half (MIX: 6 `R`, 6 `O`) is sent."""
    from builders import register
    from test_letters import contacts_for, run

    reg = register({
        "REL": "/ " * 34 + "R " * 6,
        "TRV": "/ " * 34 + "T " * 6,
        "MIX": "/ " * 34 + "R " * 3 + "O " * 3,
    })  # fmt: skip
    contacts = contacts_for(["MIX", "REL", "TRV"], tmp_path)
    made = run(tmp_path, reg, contacts=contacts, dry_run=True)
    held = {x.upn: x for x in made.held}
    assert sorted(held) == ["REL", "TRV"]
    assert all(x.template == "red" for x in held.values())
    assert held["REL"].reason == (
        "12 of 12 absence sessions this school year are R (religious observance)"
    )
    assert held["TRV"].reason == (
        "12 of 12 absence sessions this school year are T (parent travelling for work)"
    )
    assert ("MIX", "red") in [(x.upn, x.template) for x in made.letters]
