"""A stage due in the last run on record that is due no longer, with nothing recorded
(docs/cases.md, "No longer due"): listed, never dropped without a word; and a stage due
by its condition that lapses only because the new school year has too few sessions for a
figure stays due (carried over).

A tester's 17 July 2026 run had Red Twice's meeting due (85.7 %, below 90 %); on 7
September, with 4 sessions of the new year and so no figure, the meeting vanished.

The registers are hand made (tests/builders.py) from Monday 7 September 2026; the ladder
is one stage, a meeting when attendance is below 90 %, 4 weeks, leave on improvement.
Illness (I) is the absence: authorised, so no weekly-check group besides the band.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from attcli.snapshots import store_snapshot
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

START = dt.date(2026, 9, 7)
P = "/\\"  # present, both sessions
I2 = "I"  # ill, both sessions
LADDER = """
[escalation]
improve_points = 1
improve_to = 95

[[escalation.stages]]
name = "meeting"
title = "Attendance meeting"
action = "meeting"
when_below = 90
weeks = 4
if_improved = "leave"
"""


def days(*tokens: str, n: int = 1) -> str:
    return " ".join(list(tokens) * n)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + LADDER)


def export(tmp_path: Path, name: str, pupils: dict[str, str]) -> Path:
    return write_long_csv(register(pupils, start=START), tmp_path / name)


def cases(config: Path, exp: Path, as_of: str, *args: str) -> tuple[int, str, str]:
    return run_cli("cases", exp, "-c", config, "--as-of", as_of, *args, width=200)


# weeks 1-2 (7-18 Sep, 10 days, 20 sessions): ill Mon and Tue, then present: 16/20 = 80 %
FIRST = days(I2, I2, P, P, P, P, P, P, P, P)


def test_a_due_meeting_whose_condition_lapsed_is_listed_not_dropped(ws, tmp_path):
    """Run 1 as of Fri 18 Sep: R, S, T and G at 16/20 = 80 %, below 90 %: the meeting due
    for each.  Run 2 as of Fri 2 Oct (20 days, 40 sessions):
    - R present weeks 3-4: 36/40 = 90 %, not below 90: the meeting is no longer due, and
      nothing was recorded: listed, saying why;
    - S present too, but the meeting was held on Mon 21 Sep: settled, not listed;
    - T ill Mon-Wed of week 3, present the rest: 30/40 = 75 %: still due, not listed;
    - G is not in run 2's export at all: listed (left, or not in the files given);
    - L's rows stop on 18 Sep: no longer on roll, listed;
    - B present throughout: never on the ladder."""
    week1 = {u: FIRST for u in "RSTGL"} | {"B": days(P, n=10)}
    code, out, err = cases(ws, export(tmp_path, "w1.csv", week1), "2026-09-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert {c["upn"]: c["due_stage"] for c in doc["cases"]} == dict.fromkeys("GLRST", "meeting")
    assert doc["no_longer_due"] == []  # nothing to compare with yet
    code, _, err = run_cli("case", "record", "S", "--action", "meeting", "--date", "2026-09-21",
                           "-c", ws)  # fmt: skip
    assert code == 0, err

    week2 = {
        "R": days(FIRST, days(P, n=10)),
        "S": days(FIRST, days(P, n=10)),
        "T": days(FIRST, days(I2, I2, I2), days(P, n=7)),
        "L": FIRST,
        "B": days(P, n=20),
    }
    exp2 = export(tmp_path, "w2.csv", week2)
    code, out, err = cases(ws, exp2, "2026-10-02", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    c = {x["upn"]: x for x in doc["cases"]}
    assert (c["T"]["status"], c["T"]["due_stage"]) == ("due", "meeting")
    assert (c["S"]["stage"], c["S"]["status"], c["S"]["since"]) == ("meeting", "monitoring", "2026-09-21")
    assert "R" not in c and "G" not in c and "L" not in c
    assert [
        {k: x[k] for k in ("upn", "name", "status", "due_stage", "due_from", "run_as_of", "reason",
                           "detail")}  # fmt: skip
        for x in doc["no_longer_due"]
    ] == [
        {"upn": "G", "name": None, "status": "no_longer_due", "due_stage": "meeting",
         "due_from": None, "run_as_of": "2026-09-18", "reason": "not_in_exports",
         "detail": "meeting was due in that run; not in these exports: left the school, or "
                   "not in the files given"},
        {"upn": "L", "name": "SurnameL, ForenameL", "status": "no_longer_due",
         "due_stage": "meeting", "due_from": None, "run_as_of": "2026-09-18",
         "reason": "off_roll",
         "detail": "meeting was due in that run; no longer on roll: nothing is due for a "
                   "pupil who has left"},
        {"upn": "R", "name": "SurnameR, ForenameR", "status": "no_longer_due",
         "due_stage": "meeting", "due_from": None, "run_as_of": "2026-09-18",
         "reason": "condition",
         "detail": "meeting was due in that run; the condition (attendance below 90%) no "
                   "longer holds: now 90.0% (36/40)"},
    ]  # fmt: skip
    r = doc["no_longer_due"][2]
    assert (r["attendance_pct"], r["stage"]) == (90.0, None)

    code, out, err = cases(ws, exp2, "2026-10-02")
    assert code == 0, err
    text = " ".join(out.split())
    assert "No longer due since the run as of 18/09/2026 (nothing recorded) (3)" in text
    assert ("│ R │ SurnameR, ForenameR │ │ meeting was due in that run; the condition (attendance "
            "below 90%) no longer holds: now 90.0% (36/40) │") in text  # fmt: skip

    code, out, err = cases(ws, exp2, "2026-10-02", "--format", "csv")
    assert code == 0, err
    got = {r["UPN"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert (got["R"]["status"], got["R"]["due stage"], got["R"]["attendance"]) == (
        "no_longer_due", "meeting", "90.0%",
    )  # fmt: skip
    assert got["R"]["note"].startswith("meeting was due in that run; the condition")
    assert got["G"]["status"] == "no_longer_due"
    assert got["T"]["status"] == "due"


#: the run as of Fri 17 Jul 2026 as the tester's workspace holds it: Red Twice 329/384 =
#: 85.68 %, red, the meeting due by its condition; Ana (A) likewise
def july(config: Path, *, kept: bool) -> None:
    history = config.parent / "attcli-history.sqlite3"
    rows = [("", u, 329, 384, "red", ["band:red"], "meeting", "due", 0) for u in ("A", "R")]
    due = [("", u, "meeting", None, None) for u in ("A", "R")] if kept else None
    store_snapshot(history, dt.date(2026, 7, 17), ["year_2025_26.csv"], rows, due=due)


@pytest.mark.parametrize("kept", [True, False], ids=["due-kept", "history-v9"])
def test_a_due_meeting_stays_due_over_the_summer_while_there_is_no_figure(ws, tmp_path, kept):
    """Wed 9 Sep 2026: 3 days of the new year, 6 sessions, fewer than the 10 a figure
    needs: the condition (below 90 %) cannot be judged, which says nothing of an
    improvement, so July's meeting stays due (carried over), not NEW.  A snapshot from
    before attcli kept the due stage (history version 9) is placed again as of its date
    from its own figures: the same.  Then Fri 18 Sep (20 sessions), compared with the 9
    Sep run: R present throughout, 20/20 = 100 %: no longer due, listed; A ill Mon and Tue
    of week 1, 16/20 = 80 %: due by its condition again."""
    july(ws, kept=kept)
    exp = export(tmp_path, "sep1.csv", {"R": days(P, n=3), "A": days(I2, P, P)})
    code, out, err = cases(ws, exp, "2026-09-09", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    c = {x["upn"]: x for x in doc["cases"]}
    assert (c["R"]["status"], c["R"]["due"], c["R"]["due_stage"], c["R"]["new"]) == (
        "due", "meeting", "meeting", False,
    )  # fmt: skip
    assert c["R"]["carried_over"] == {
        "run_as_of": "2026-07-17",
        "note": "still due from the run as of 17/07/2026, not done: 6 sessions this year, "
        "no figure yet (85.7% (329/384) then)",
    }
    assert c["A"]["carried_over"]["note"].startswith("still due from the run as of 17/07/2026")
    assert doc["no_longer_due"] == []
    code, out, err = cases(ws, exp, "2026-09-09")
    assert code == 0, err
    assert ("meeting (still due from the run as of 17/07/2026, not done: 6 sessions this "
            "year, no figure yet (85.7% (329/384) then))") in " ".join(out.split())  # fmt: skip

    exp = export(tmp_path, "sep2.csv", {"R": days(P, n=10), "A": FIRST})
    code, out, err = cases(ws, exp, "2026-09-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    c = {x["upn"]: x for x in doc["cases"]}
    assert (c["A"]["status"], c["A"]["due_stage"], c["A"]["carried_over"]) == ("due", "meeting", None)
    assert "R" not in c
    [r] = doc["no_longer_due"]
    assert (r["upn"], r["run_as_of"], r["reason"], r["detail"]) == (
        "R", "2026-09-09", "condition",
        "meeting was due in that run; the condition (attendance below 90%) no longer holds: "
        "now 100.0% (20/20)",
    )  # fmt: skip


TWO_STAGES = """
[escalation]
improve_points = 1
improve_to = 95

[[escalation.stages]]
name = "call"
action = "other"
when_below = 90
weeks = 1
if_improved = "leave"

[[escalation.stages]]
name = "meeting"
action = "meeting"
after = "call"
weeks = 4
"""


def test_a_due_meeting_gone_after_a_register_correction_says_the_period_now_improved(tmp_path):
    """A phone call (stage ``call``, 1 week) on Mon 14 Sep; the week before it, 7-13 Sep,
    R was ill Mon and Tue: 6/10 = 60 %.  Run 1 as of Fri 25 Sep: ill Mon-Wed of the call's
    week, 14-20 Sep, 4/10 = 40 %, neither 61 % (1 point better) nor 95 %: not improved, the
    meeting due from Mon 21 Sep.  The cumulative export to Fri 2 Oct has those three days
    corrected to present: 10/10 = 100 % over the period, improved, R left the ladder on
    Sun 20 Sep (and since then 20/20: the call's condition does not hold).  The meeting is
    listed as no longer due, and why."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + TWO_STAGES)
    week1 = days(I2, I2, P, P, P)
    exp1 = export(tmp_path, "w1.csv", {"R": days(week1, days(I2, I2, I2, P, P), days(P, n=5))})
    assert cases(ws, exp1, "2026-09-25")[0] == 0  # (`case record` checks the UPN against it)
    code, _, err = run_cli("case", "record", "R", "--action", "call", "--date", "2026-09-14",
                           "-c", ws)  # fmt: skip
    assert code == 0, err
    code, out, err = cases(ws, exp1, "2026-09-25", "--format", "json")
    assert code == 0, err
    [c] = json.loads(out)["cases"]
    assert (c["stage"], c["before_pct"], c["since_pct"], c["due_stage"], c["due_from"]) == (
        "call", 60.0, 40.0, "meeting", "2026-09-21",
    )  # fmt: skip
    exp2 = export(tmp_path, "w2.csv", {"R": days(week1, days(P, n=15))})
    code, out, err = cases(ws, exp2, "2026-10-02", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["cases"] == []
    [r] = doc["no_longer_due"]
    assert (r["upn"], r["due_stage"], r["due_from"], r["reason"], r["detail"]) == (
        "R", "meeting", "2026-09-21", "judged_improved",
        "meeting was due from 21/09/2026; the call's monitoring period now counts as "
        "improved (left the ladder on 20/09/2026): the register has changed since that run",
    )  # fmt: skip
