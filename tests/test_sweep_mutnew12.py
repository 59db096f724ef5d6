"""Mutation testing of the eighth round's new decision code (sweep of 6 December
(eighth), mutnew12): each test kills a mutant no other test killed, its answer worked by
hand from DOMAIN.md and the policies (docs/decisions.md, the heading of mutnew12: the table
of mutants).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.builders import weekdays
from tests.clirun import run_cli
from tests.school import ROLLOVER_HALF_TERMS, make_workspace

D = dt.date
HEAD = "UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"


def _row(upn: str, d: D, s: str, m: str) -> str:
    return f"{upn},Sur{upn},Fore{upn},01/10/2014,Year 7,7A,{d:%d/%m/%Y},{s},{m}"


def test_a_pupil_off_roll_for_a_week_inside_the_year_keeps_the_year_s_first_spell(
    tmp_path: Path,
) -> None:
    """Term dates from Thu 3 Sep 2026; check --from Mon 14 Sep as of Fri 23 Oct.  A on roll
    throughout; D on roll from 3 Sep, off roll Mon 28 Sep to Fri 2 Oct (left 25 Sep, back
    Mon 5 Oct).  Both were on roll on days of this school year before the period began
    (3-11 Sep), so neither one's year to date is the period's: no sessions they can miss
    this year (docs/decisions.md, sweep domaina).  Only a gap from before the year's start
    moves a pupil's first session on roll to their return (sweep oracle9's `_back`): a gap
    inside the year taken so would give D a figure."""
    config = make_workspace(tmp_path, ROLLOVER_HALF_TERMS)
    autumn = weekdays(D(2026, 9, 3), D(2026, 10, 23))
    gap = weekdays(D(2026, 9, 28), D(2026, 10, 2))
    rows = [HEAD]
    for upn, days in (("A", autumn), ("D", [d for d in autumn if d not in gap])):
        rows += [_row(upn, d, s, "/") for d in days for s in ("AM", "PM")]
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date\n"
        "A,SurA,ForeA,01/10/2014,03/09/2026,\n"
        "D,SurD,ForeD,01/10/2014,03/09/2026,25/09/2026\n"
        "D,SurD,ForeD,01/10/2014,05/10/2026,\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", export, "--config", config, "--pupils", pupils, "--from", "2026-09-14",
        "--as-of", "2026-10-23", "--format", "json",
    )
    assert code == 0, err
    got = {p["upn"]: p for p in json.loads(out)["pupils"]}
    # D: 14-25 Sep (10 days) and 5-23 Oct (15 days) on roll, present: 50 of 50
    assert (got["D"]["attended"], got["D"]["possible"]) == (50, 50)
    assert got["A"]["can_miss_sessions"] is None
    assert got["D"]["can_miss_sessions"] is None


@pytest.mark.parametrize(("mark", "n"), [("-", 3), ("/", 11)])
def test_a_first_day_the_register_holds_with_no_mark_written_is_the_term_dates_to_say(
    mark: str, n: int, tmp_path: Path,
) -> None:
    """Term dates from Thu 3 Sep 2026 (half term 26-30 Oct); n pupils admitted 3 Sep (the
    pupil list); the export holds Thu 3 Sep for pupil A alone, both sessions ``mark``, and
    every pupil present every school day from Fri 4 Sep to Fri 13 Nov, the as-of date.  "-"
    (the missing mark) of one pupil of three is no mark written and not the school's
    register opened (roll's DASH_DAY_SHARE); "/" of one pupil of eleven is a stray day (a
    handful's mark, fewer than STRAY_DAY_SHARE, a tenth).  Either way the register decides
    nothing of the 3rd (`Calendar.first_marked`: the first day it holds a mark written on,
    not a stray day's), so the term dates' school day is the window's first week's first:
    03/09/2026 (rules3), unlike a 3rd closed by Y1 for everyone (oracle9: 04/09/2026)."""
    config = make_workspace(tmp_path, ROLLOVER_HALF_TERMS)
    days = weekdays(D(2026, 9, 4), D(2026, 11, 13), weekdays(D(2026, 10, 26), D(2026, 10, 30)))
    upns = [f"A{i:02d}" for i in range(n)]
    rows = [HEAD, _row(upns[0], D(2026, 9, 3), "AM", mark), _row(upns[0], D(2026, 9, 3), "PM", mark)]
    for upn in upns:
        rows += [_row(upn, d, s, "/") for d in days for s in ("AM", "PM")]
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date\n"
        + "".join(f"{u},Sur{u},Fore{u},01/10/2014,03/09/2026,\n" for u in upns),
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", export, "--config", config, "--pupils", pupils, "--as-of", "2026-11-13",
        "--format", "json",
    )
    assert code == 0, err
    got = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert (got["A01"]["pn_window_start"], got["A01"]["pn_window_end"]) == ("2026-09-03", "2026-11-13")


def test_conflicting_marks_are_one_line_only_for_the_same_marks_from_the_same_exports(
    tmp_path: Path,
) -> None:
    """Three exports of Mon 14 and Tue 15 Sep 2026 (slips7's lines of conflicts, DOMAIN.md
    12: a conflict refused).  A: Monday O in the first, M in the second; Tuesday O in the
    second, M in the third: the same marks but not from the same exports, two lines.  B:
    Monday O in the first and the second, M in the third: a mark in two exports is said
    export by export (only more than two are a run, "in N exports (a to b)").  C01-C20:
    Monday O in the first, M in the second: 23 lines in all, the first 20 shown, then the
    sessions of the 3 left, 6 (not 3, the lines)."""
    from tests.builders import register, write_long_csv

    from attcli.errors import InputError
    from attcli.loaders import load_registers

    mon = D(2026, 9, 14)
    c = [f"C{i:02d}" for i in range(1, 21)]
    e1 = write_long_csv(
        register({"A": "OO", "B": "OO", **dict.fromkeys(c, "OO")}, start=mon), tmp_path / "e1.csv"
    )
    e2 = write_long_csv(
        register({"A": "MM OO", "B": "OO", **dict.fromkeys(c, "MM")}, start=mon),
        tmp_path / "e2.csv",
    )
    e3 = write_long_csv(register({"A": "!! MM", "B": "MM"}, start=mon), tmp_path / "e3.csv")
    with pytest.raises(InputError) as exc:
        load_registers([e1, e2, e3])
    lines = str(exc.value).split(". A later export")[0].splitlines()
    assert lines[0].startswith("46 sessions have conflicting marks")
    assert lines[1:4] == [
        f"  A SurnameA, ForenameA, 2 sessions, 14/09/2026 AM to 14/09/2026 PM: 'O' in {e1}; 'M' in {e2}",
        f"  A SurnameA, ForenameA, 2 sessions, 15/09/2026 AM to 15/09/2026 PM: 'O' in {e2}; 'M' in {e3}",
        f"  B SurnameB, ForenameB, 2 sessions, 14/09/2026 AM to 14/09/2026 PM: 'O' in {e1}; 'O' in {e2}; 'M' in {e3}",
    ]
    assert lines[21:] == ["  and 6 more"]
