"""Sweep "lates2": lateness on hand-made registers (DOMAIN.md 4; letters, DOMAIN.md 9; the
weekly check's changes, docs/cases.md).

The registers (tests/builders.py) run from Monday 7 September 2026: Autumn 1 to Friday 23
October (35 school days), the holiday 26-30 October, Autumn 2 from Monday 2 November, 15
school days to Friday 20 November; the config's defaults (lates: `L` and `U`, 4+ in one
half term) and the Autumn half terms as term dates.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

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


def autumn(a2: dict[int, str] | None = None) -> str:
    """Autumn 1 present every day, Autumn 2's 15 days as ``a2`` says."""
    return " ".join(days(35) + days(15, a2))


def _changes(exp: Path, ws: Path, as_of: str) -> tuple[dict, list[tuple[str, str, str]]]:
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    return doc, sorted((c["upn"], c["kind"], c["detail"]) for c in doc["changes"])


def test_a_late_mark_changed_since_the_run_is_said_as_the_register_s_not_the_thresholds(
    tmp_path: Path,
) -> None:
    """The run recorded as of Fri 13/11: FOUR late Mon-Thu 02-05/11 (4 lates: in the
    lateness group), TRIO late Mon-Wed 02-04/11 and Fri 06/11 an `N` kept final as `/`
    (3 lates: not in it), STAY late Mon-Thu (4).  The school's export of 20/11 (given
    alone: a later export may only replace an `N`, so `L` -> `/` across two exports is a
    conflict) has FOUR's 02/11 AM as `/` (an L corrected: 3 lates as of 13/11), TRIO's
    06/11 AM as `L` (4 as of 13/11) and STAY's 02/11 AM as `U` (still 4: a late either
    way).  The config is untouched: the thresholds moved nobody.  Before, FOUR was "no
    longer in, by the thresholds" ("the thresholds changed since (or the register of then
    was changed)") and TRIO "now in ... the threshold changed (or a late mark was entered
    since)", and the head line said "2 pupils left or joined a group by today's thresholds
    with the figures of then": a config change the school never made.  The run keeps its
    lates (and the codes it counted) now, so the register's change is said as such, with
    the lates then and now; a change of the threshold alone is still the thresholds'."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    before = register(
        {
            "FOUR": autumn({0: "L\\", 1: "L\\", 2: "L\\", 3: "L\\"}),
            "TRIO": autumn({0: "L\\", 1: "L\\", 2: "L\\", 4: "/\\"}),
            "STAY": autumn({0: "L\\", 1: "L\\", 2: "L\\", 3: "L\\"}),
            "OK": autumn(),
        },
        holidays=HOLIDAY,
    )
    first = write_long_csv(
        before.filter(pl.col("date") <= D(2026, 11, 13)), tmp_path / "to-13-11.csv", dob=True
    )
    code, _, err = run_cli("check", first, "-c", ws, "--as-of", "2026-11-13", "--record")
    assert code == 0, err
    after = register(
        {
            "FOUR": autumn({0: "/\\", 1: "L\\", 2: "L\\", 3: "L\\"}),
            "TRIO": autumn({0: "L\\", 1: "L\\", 2: "L\\", 4: "L\\"}),
            "STAY": autumn({0: "U\\", 1: "L\\", 2: "L\\", 3: "L\\"}),
            "OK": autumn(),
        },
        holidays=HOLIDAY,
    )
    later = write_long_csv(after, tmp_path / "to-20-11.csv", dob=True)
    doc, changes = _changes(later, ws, "2026-11-20")
    assert {p["upn"]: p["lates_half_term"] for p in doc["pupils"]} == {
        "FOUR": 3, "TRIO": 4, "STAY": 4, "OK": 0,
    }  # fmt: skip
    lates = [c for c in changes if c[2].startswith("lates")]
    assert lates == [
        ("FOUR", "flag_corrected", "lates: the register of then was changed since that check: "
         "as of 13/11/2026 lates this half term 4 -> 3, 3 lates in the half term then (4+ "
         "lates); not an N given its reason: check the marks in the MIS"),
        ("TRIO", "flag_corrected_in", "lates: the register of then was changed since that "
         "check: as of 13/11/2026 lates this half term 3 -> 4, 4 lates in the half term then "
         "(4+ lates); not an N given its reason: check the marks in the MIS"),
    ]  # fmt: skip
    assert doc["compared_with_run"]["thresholds_note"] is None
    # the register unchanged, the threshold 4 -> 5: TRIO's 4 lates are the thresholds'
    # doing, as before (a run of the same export as of 13/11, then the threshold moved)
    ws2 = make_workspace(tmp_path / "ws2", AUTUMN_HALF_TERMS)
    code, _, err = run_cli("check", later, "-c", ws2, "--as-of", "2026-11-13", "--record")
    assert code == 0, err
    ws2.write_text(
        ws2.read_text(encoding="utf-8").replace("threshold = 4 ", "threshold = 5 ", 1),
        encoding="utf-8",
    )
    doc, changes = _changes(later, ws2, "2026-11-20")
    assert [c[:2] for c in changes] == [("STAY", "group_rule_out"), ("TRIO", "group_rule_out")]
    assert doc["compared_with_run"]["thresholds_note"] is not None


def test_lates_of_last_school_year_s_half_term_are_said_before_the_new_year_s_first_day(
    tmp_path: Path,
) -> None:
    """Summer 2 (08/06-17/07/2026, 30 school days) as term dates, and Autumn 1 from Thu
    03/09.  S2: late Mon-Thu 13-16/07 (4 lates, in the lateness group as of 17/07).  As of
    Tue 01/09 (the new school year, before its first school day) the check's half term is
    still the last that ended, Summer 2 ("half term Summer 2" in the text and the JSON),
    but its lates are last school year's: 0 are counted (a fresh start), as the year to
    date holds no session.  The line about the new year said "no year-to-date figures or
    bands" and nothing of lates, so "half term Summer 2" and no lateness group read as no
    pupil late 4 times in Summer 2.  It says the lates too now."""
    from school import ROLLOVER_HALF_TERMS

    ws = make_workspace(tmp_path / "ws", ROLLOVER_HALF_TERMS)
    reg = register(
        {"S2": " ".join(days(30, {26: "L\\", 27: "L\\", 28: "L\\", 29: "L\\"})),
         "OK": " ".join(days(30))},
        start=D(2026, 6, 8),
    )  # fmt: skip
    exp = write_long_csv(reg, tmp_path / "summer.csv", dob=True)
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-07-17", "--from",
                             "2026-06-08", "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert {p["upn"]: p["lates_half_term"] for p in doc["pupils"]} == {"S2": 4, "OK": 0}
    assert not [w for w in doc["warnings"] if "lates" in w]
    for as_of in ("2026-09-01", "2026-09-02"):
        code, out, err = run_cli("check", exp, "-c", ws, "--as-of", as_of, "--format", "json")
        assert code == 0, err
        doc = json.loads(out)
        assert doc["half_term"]["name"] == "Summer 2"
        assert {p["upn"]: p["lates_half_term"] for p in doc["pupils"]} == {"S2": 0, "OK": 0}
        day = dt.date.fromisoformat(as_of)
        assert [w for w in doc["warnings"] if w.startswith("no school day")] == [
            f"no school day of the school year yet up to {day:%d/%m/%Y} (its first is "
            "03/09/2026): no year-to-date figures, bands or lates (Summer 2 was the 2025/26 "
            "school year's, and lates count per half term); the pupils on roll on 17/07/2026 "
            "are checked, their penalty-notice window and runs of absence read from the "
            "register up to that day"
        ]


def test_lateness_letters_switched_off_say_who_the_check_lists_for_one(tmp_path: Path) -> None:
    """`[letters] lateness = false`: the school sends no lateness letters through attcli.
    The check still lists FOUR (4 lates in Autumn 2) and LLU (L, L, U, U: 4) with "Action:
    lateness letter", the policy's action, and `letters` made "none", unsaid: the office,
    told by the check to send two lateness letters, got none and no reason.  It says so
    now, naming them; TRIO (3 lates) is in no lateness group, so not named; with the
    letters on, no such line."""
    from school import contacts_file

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register(
        {
            "FOUR": autumn({0: "L\\", 1: "L\\", 2: "L\\", 3: "L\\"}),
            "LLU": autumn({0: "L\\", 1: "L\\", 2: "U\\", 3: "U\\"}),
            "TRIO": autumn({0: "L\\", 1: "L\\", 2: "L\\"}),
        },
        holidays=HOLIDAY,
    )
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("FOUR", "C1", "Ms", "Ann", "Four"), ("LLU", "C2", "Mr", "Lee", "Llu"),
         ("TRIO", "C3", "Ms", "Tia", "Trio")],
    )  # fmt: skip
    args = ("letters", exp, "--contacts", contacts, "-c", ws, "--as-of", "2026-11-20",
            "--dry-run")  # fmt: skip
    code, out, err = run_cli(*args)
    assert code == 0, err
    assert "lateness = false" not in " ".join((out + err).split())
    assert "2 letters would be written" in " ".join((out + err).split())
    text = ws.read_text(encoding="utf-8")
    assert "lateness = true" in text
    ws.write_text(text.replace("lateness = true", "lateness = false", 1), encoding="utf-8")
    code, out, err = run_cli(*args)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "0 letters would be written" in said
    assert (
        "2 pupils with 4+ lates in Autumn 2 get no lateness letter, as [letters] lateness = "
        "false (the weekly check lists them for one): ForenameFOUR SurnameFOUR (FOUR), 4 "
        "lates; ForenameLLU SurnameLLU (LLU), 4 lates"
    ) in said
    assert "TRIO)" not in said


def test_a_lateness_threshold_no_half_term_can_hold_is_refused(tmp_path: Path) -> None:
    """Autumn 1 (07/09-23/10/2026) and Autumn 2 (02/11-18/12/2026) hold 35 weekdays each:
    at most 70 sessions, so at most 70 lates.  `threshold = 71` (a slip for 7, or a count of
    days taken for sessions) flagged nobody ever, while the check's heading named the rule
    as if it worked, as `[penalty_notice] sessions` no window can hold already is refused.
    70 is taken; 71 is refused in one line naming the key, the longest half term and the
    most it holds; a trust's school's own threshold likewise; without term dates the half
    terms are not known, so nothing is said."""
    reg = register({"OK": autumn()}, holidays=HOLIDAY)
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    plain = make_workspace(tmp_path / "plain").read_text(encoding="utf-8")
    assert "threshold = 4 " in plain
    ws = tmp_path / "ws" / "attcli.toml"
    ws.parent.mkdir()

    def check(threshold: str, extra: str) -> tuple[int, str]:
        ws.write_text(plain.replace("threshold = 4 ", f"threshold = {threshold} ", 1) + extra,
                      encoding="utf-8")  # fmt: skip
        code, _, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-11-20")
        return code, err

    code, err = check("70", AUTUMN_HALF_TERMS)
    assert code == 0, err
    code, err = check("71", AUTUMN_HALF_TERMS)
    assert (code, err.strip().splitlines()) == (1, [
        f"error: {ws}: config key 'lateness.threshold': 71 lates can never fall within one "
        "half term (the longest, Autumn 1, 07/09/2026 to 23/10/2026, holds at most 70 "
        "sessions, AM and PM of 35 weekdays): give a threshold of at most 70"
    ])  # fmt: skip
    # a trust's school's own threshold, by the workspace's half terms
    school = (
        '\n[schools.b]\nname = "Beech Primary School"\nurn = "100002"\nfiles = ["b-*"]\n'
        "\n[schools.b.lateness]\nthreshold = 80\n"
    )
    code, err = check("4", AUTUMN_HALF_TERMS + school)
    assert code == 1
    assert "config key 'schools.b.lateness.threshold': 80 lates can never fall" in err
    # without term dates the half terms are not known: taken
    code, err = check("500", "")
    assert code == 0, err
