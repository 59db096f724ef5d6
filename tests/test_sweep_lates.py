"""Sweep "lates": lateness end to end (DOMAIN.md 4; letters, DOMAIN.md 9; the weekly
check's changes, docs/cases.md).

The registers are hand made (tests/builders.py), from Monday 7 September 2026: Autumn 1
to Friday 23 October (35 school days), the holiday 26-30 October, Autumn 2 from Monday
2 November; the config's defaults (lates: `L` and `U`, 4+ in one half term).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def days(n: int, late: dict[int, str] | None = None) -> list[str]:
    """``n`` school days present, the days ``late`` names (index -> token) otherwise."""
    out = [P] * n
    for i, tok in (late or {}).items():
        out[i] = tok
    return out


@pytest.fixture(params=["term dates", "inferred"])
def ws(request, tmp_path: Path) -> Path:  # noqa: ANN001
    extra = AUTUMN_HALF_TERMS if request.param == "term dates" else ""
    return make_workspace(tmp_path / "ws", extra)


def test_the_lateness_group_left_as_a_new_half_term_begins_is_said_so(
    ws: Path, tmp_path: Path
) -> None:
    """A run recorded as of Fri 23/10 (Autumn 1's last day): PREV late both sessions of
    Mon-Wed 19-21/10 (6 lates), EDGE both sessions of Thu 22 and Fri 23/10 (4 lates):
    both in the lateness group (4+).  The next check, as of Fri 06/11: Autumn 2 began on
    02/11; PREV has 0 lates in it, EDGE 2 (both sessions of Mon 02/11): 4 + 2 = 6 across
    the boundary, but never added together (DOMAIN.md 4: within one half term), so
    neither is in the group.  The change is the new half term's doing, with the lates
    then and now, not a bare "no longer in | lates" that reads as punctuality improved;
    T4, late 02-05/11 (4 lates in Autumn 2), joins as before."""
    a1 = {30: "LL", 31: "LL", 32: "LL"}
    reg = register(
        {
            "OK": " ".join(days(35) + days(5)),
            "PREV": " ".join(days(35, a1) + days(5)),
            "EDGE": " ".join(days(35, {33: "LL", 34: "LL"}) + days(5, {0: "LL"})),
            "T4": " ".join(days(35) + days(5, {i: "L\\" for i in range(4)})),
        },
        holidays=HOLIDAY,
    )
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-10-23", "--record",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    assert {p["upn"]: p["lates_half_term"] for p in json.loads(out)["pupils"]} == {
        "OK": 0, "PREV": 6, "EDGE": 4, "T4": 0,
    }  # fmt: skip
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-11-06", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert {p["upn"]: (p["lates_half_term"], p["lates_flag"]) for p in doc["pupils"]} == {
        "OK": (0, False), "PREV": (0, False), "EDGE": (2, False), "T4": (4, True),
    }  # fmt: skip
    assert sorted((c["upn"], c["kind"], c["detail"]) for c in doc["changes"]) == [
        ("EDGE", "half_term_new", "lates: Autumn 2 began on 02/11/2026, and lates count per "
         "half term (4 in Autumn 1 as of 23/10/2026; 2 in Autumn 2 so far)"),
        ("PREV", "half_term_new", "lates: Autumn 2 began on 02/11/2026, and lates count per "
         "half term (6 in Autumn 1 as of 23/10/2026; 0 in Autumn 2 so far)"),
        ("T4", "flag_raised", "lates"),
    ]  # fmt: skip
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-11-06")
    assert code == 0, err
    assert "no longer in, a new half term" in " ".join(out.split())
    # within one half term (the holiday's as-of date is still Autumn 1's): no change
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-10-28", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["changes"] == []


LATES_LADDER = """
[escalation]
improve_points = 1
[[escalation.stages]]
name = "late_letter"
action = "letter"
template = "lateness"
when_flag = "lates"
weeks = 4
[[escalation.stages]]
name = "late_meeting"
action = "meeting"
after = "late_letter"
weeks = 4
"""


def test_a_lates_stage_no_longer_due_as_a_new_half_term_begins_says_so(tmp_path: Path) -> None:
    """A ladder whose first stage is started by the lateness group (`when_flag =
    "lates"`).  The casebook as of Fri 23/10 (recorded): PREV, 6 lates in Autumn 1, is due
    it.  Nothing recorded; as of Fri 06/11 PREV has 0 lates in Autumn 2, so the stage is
    due no longer.  Why: a new half term began (lates count per half term, DOMAIN.md 4),
    not "the figure back over the line" with an attendance of 100.0 %, a figure the stage
    was never judged on."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + LATES_LADDER)
    reg = register(
        {
            "OK": " ".join(days(35) + days(5)),
            "PREV": " ".join(days(35, {30: "LL", 31: "LL", 32: "LL"}) + days(5)),
        },
        holidays=HOLIDAY,
    )
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-23", "--format", "json")
    assert code == 0, err
    assert [(c["upn"], c["due_stage"]) for c in json.loads(out)["cases"]] == [
        ("PREV", "late_letter")
    ]
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-06", "--format", "json")
    assert code == 0, err
    gone = json.loads(out)["no_longer_due"]
    assert [(x["upn"], x["reason"], x["detail"]) for x in gone] == [
        ("PREV", "new_half_term", "late_letter was due in that check; lates count per half "
         "term, and Autumn 2 began on 02/11/2026: 0 lates in it so far"),
    ]  # fmt: skip
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-06")
    assert code == 0, err
    assert "back over the line" not in out


def test_a_holiday_that_empties_no_whole_week_is_said_when_half_terms_are_inferred(
    tmp_path: Path,
) -> None:
    """No term dates: half terms are runs of school weeks between weeks with no session
    (DOMAIN.md 10).  The half-term holiday here is Wed 28/10 to Tue 03/11: no whole week
    is empty, so Autumn 1 is inferred from 07/09 to 20/11, and SPAN's 2 lates of Mon 26/10
    and 2 of Wed 04/11 (two half terms, never added together, if that was the holiday)
    make 4: flagged.  attcli cannot know which: it follows the rule and says so in one
    line, naming the 5 weekdays and the term dates to give.  With the term dates, SPAN has
    2 lates in Autumn 2 (from 04/11) and no line; a register whose holiday is a whole week
    has no line either."""
    reg = register(
        {
            "OK": " ".join(days(50)),
            "SPAN": " ".join(days(37, {35: "LL"}) + days(13, {0: "LL"})),
        },
        holidays=[D(2026, 10, 28), D(2026, 10, 29), D(2026, 10, 30), D(2026, 11, 2),
                  D(2026, 11, 3)],
    )  # fmt: skip
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws")
    code, out, err = run_cli("check", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert {p["upn"]: p["lates_half_term"] for p in doc["pupils"]} == {"OK": 0, "SPAN": 4}
    said = [w for w in doc["warnings"] if "inferred" in w]
    assert said == [
        "half terms are inferred from the register (no term dates in the config): Autumn 1 "
        "(07/09/2026 to 20/11/2026) holds 5 weekdays without school, 28/10/2026 to "
        "03/11/2026, but no whole week without, so they were not taken as a holiday between "
        "two half terms: if they were, this half term's figures and lates run across it; "
        "give the term dates in the config ([[calendar.half_terms]])"
    ]
    dated = make_workspace(tmp_path / "dated", AUTUMN_HALF_TERMS.replace(
        "end = 2026-10-23", "end = 2026-10-27").replace("start = 2026-11-02", "start = 2026-11-04"))  # fmt: skip
    code, out, err = run_cli("check", exp, "-c", dated, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert {p["upn"]: p["lates_half_term"] for p in doc["pupils"]} == {"OK": 0, "SPAN": 2}
    assert not [w for w in doc["warnings"] if "inferred" in w]
    whole = register({"OK": " ".join(days(50))}, holidays=HOLIDAY)
    exp = write_long_csv(whole, tmp_path / "whole.csv", dob=True)
    code, out, err = run_cli("check", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    assert not [w for w in json.loads(out)["warnings"] if "inferred" in w]
