"""Sweep oracle20: oracle19's unsettled seed 190201, worked by hand (attcli right, oracle11's
reference wrong, fixed), made small (sweep of 7 December (ninth), oracle20).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import tests.test_sweep_oracle11 as o11
from tests.test_sweep_oracle10 import Case

D = dt.date
ONE = dt.timedelta(days=1)


def test_a_closure_for_the_few_on_roll_after_the_majority_s_marks_end_is_no_day_after_the_data(
    tmp_path: Path,
) -> None:
    """Autumn 1 (from the INSET Thu 3 Sep 2026), the export Fri 4 to Fri 18 Sep, as of Fri
    18 Sep.  A1-A4 present to Wed 16 Sep, blank cells on Thu 17 and Fri 18 (their time on
    roll ends with their last mark, DOMAIN.md 1: said in one line).  S present to Wed 16,
    `#` Thu 17 morning, present that afternoon (the school had a session: a school day,
    DOMAIN.md 6), `#` all Fri 18.  R present to Fri 11, `N` Mon 14-Wed 16, `#` Thu 17
    morning, `D` that afternoon, `#` all Fri 18.  On Friday no one has a possible mark, and
    both pupils on roll on Thursday (the last day with one) are `#`: the school closed, no
    school day (decided, `engine._minority_unregistered`: at least half of those on roll
    then marked).  So the data reach the last school day and R's run of 3 (Thursday's `D`
    neither counts nor breaks it) is current, not a run whose data end before the as-of
    date, as oracle11's reference had it (it counted Friday as a school day after them)."""
    from tests.clirun import run_cli

    days = [D(2026, 9, 4) + i * ONE for i in range(15) if (D(2026, 9, 4) + i * ONE).weekday() < 5]
    thu, fri = D(2026, 9, 17), D(2026, 9, 18)
    marks: dict[str, dict[tuple[D, str], str]] = {}
    for upn in ("A1", "A2", "A3", "A4", "S", "R"):
        ms = {}
        for d in days:
            if d < thu:
                am, pm = "/", "\\"
                if upn == "R" and d >= D(2026, 9, 14):
                    am, pm = "N", "N"
            elif upn.startswith("A"):
                am = pm = ""
            elif d == thu:
                am, pm = "#", ("\\" if upn == "S" else "D")
            else:
                am = pm = "#"
            ms[(d, "AM")], ms[(d, "PM")] = am, pm
        marks[upn] = ms
    case = Case(0, fri, fri, [marks], dob={u: D(2015, 1, 1) for u in marks})
    # the reference (fixed): Friday closed, held by the data; R's run current
    assert o11._closed_after(o11.merged_marks(case), thu, fri)
    ref = o11.cme_oracle(case, 3, set(marks))
    assert [(u, r["run_start"], r["run_end"], r["run_days"], r["status"])
            for u, rs in ref.items() for r in rs] == [
        ("R", "2026-09-14", "2026-09-16", 3, "absent")]
    config, files = o11._workspace(case, tmp_path)
    code, out, err = run_cli("cme", *files, "--config", config, "--as-of", fri.isoformat(),
                             "--days", "3", "--format", "json")
    assert code == 0, err
    assert [(r["upn"], r["run_start"], r["run_end"], r["run_days"], r["status"],
             r["current"]) for r in json.loads(out)["runs"]] == [
        ("R", "2026-09-14", "2026-09-16", 3, "absent", True)]
    # and said: the four whose marks end on Wednesday are taken as leaving then
    assert "4 of the 6 pupils' marks end on 16/09/2026" in " ".join(err.split())
