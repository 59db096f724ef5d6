"""The penalty-notice window and runs of unexplained absence at the calendar's edges, and
the parent's notice history (sweep of 4 December, edges), worked out by hand.

Autumn 2026 from Thu 3 Sep (term dates in the workspace), half term 26-30 Oct; every
pupil present (``/``) on every school day but the marks listed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register_rows, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
TERMS = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-03
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""


def weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        if d.weekday() < 5 and not D(2026, 10, 26) <= d <= D(2026, 10, 30):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def export(path: Path, own: dict[str, dict[dt.date, str]], last: dt.date) -> Path:
    """Each pupil's whole-day marks (``own``) from Thu 3 Sep to ``last``, else present."""
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": marks.get(d, "/")}
        for upn, marks in own.items()
        for d in weekdays(D(2026, 9, 3), last)
        for s in ("AM", "PM")
    ]
    return write_long_csv(register_rows(rows), path, dob=True)


# ------------------------------------------- two notices to a parent: no third, the action
# P: G all day on 7-11 Sep, 21-25 Sep and 5-9 Oct (10 sessions each week).  Notice 1 to
# Mrs ParP (contact CP) on 25/09/2026 rests on the window as of 11/09 (7-11 Sep's 10);
# notice 2 on 02/10/2026 on the window as of 25/09 (21-25 Sep's 10, 7-11 Sep's being
# notice 1's).  As of Fri 27 Nov the 10 school weeks are 14 Sep to 27 Nov (the half term
# is no school week): 21-25 Sep's 10 are notice 2's, so 5-9 Oct's 10 count: at the
# threshold, first met Fri 9 Oct PM.  Two notices to her within 3 years: no third
# (DOMAIN.md 5, "alternative action instead").  Q: G all day on 16-20 Nov, no notice on
# record: 10 in the window, first met 20 Nov, next a first.
G_WEEKS = [D(2026, 9, 7), D(2026, 9, 21), D(2026, 10, 5)]


def two_notices_school(tmp_path: Path, *, q: bool) -> tuple[Path, Path, Path]:
    make_workspace(tmp_path / "ws", TERMS)
    config = tmp_path / "ws"
    own = {
        "P": {d + dt.timedelta(days=i): "G" for d in G_WEEKS for i in range(5)},
        "F1": {},
        "F2": {},
    }
    if q:
        own["Q"] = {D(2026, 11, 16) + dt.timedelta(days=i): "G" for i in range(5)}
    exp = export(tmp_path / "register.csv", own, D(2026, 11, 27))
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{u}", "Mrs", f"Par{u}", f"Sur{u}") for u in own],
    )
    for date, as_of in (("2026-09-25", "2026-09-11"), ("2026-10-02", "2026-09-25")):
        code, _, err = run_cli(
            "--workspace", config, "pn", "record", "P", exp, "--parent", "CP", "--date", date,
            "--as-of", as_of, "--contacts", contacts,
        )  # fmt: skip
        assert code == 0, err
    return config, exp, contacts


def test_a_pupil_whose_parent_has_had_two_notices_is_not_advised_a_penalty_notice(tmp_path):
    """The check's reason said "Mrs ParP SurP: no further notice within 3 years: alternative
    action" and, under it, the group's action "consider a notice to improve or a penalty
    notice"; the pupil record the same.  A third notice within 3 years is refused by `pn
    record` itself."""
    config, exp, contacts = two_notices_school(tmp_path, q=False)
    code, out, err = run_cli("--workspace", config, "check", exp, "--as-of", "2026-11-27",
                             "-f", "json")  # fmt: skip
    assert code == 0, err
    (p,) = [x for x in json.loads(out)["pupils"] if x["upn"] == "P"]
    assert (p["pn_window_start"], p["pn_window_sessions"], p["pn_first_met"]) == (
        "2026-09-14", 10, "2026-10-09",
    )
    assert p["pn_next_notice"] == "Mrs ParP SurP: no further notice within 3 years: alternative action"
    code, out, err = run_cli("--workspace", config, "check", exp, "--as-of", "2026-11-27")
    assert code == 0, err
    block = out.split("Penalty-notice threshold", 1)[1].split("Bands:", 1)[0]
    action = " ".join(block.split("Action:", 1)[1].split("\n", 1)[0].split())
    assert "penalty notice" not in action.replace("no third penalty notice", "")
    assert action.startswith("alternative action")
    code, out, err = run_cli("--workspace", config, "pupil", "P", exp, "--as-of", "2026-11-27")
    assert code == 0, err
    flag = " ".join(out.split("- Penalty-notice threshold", 1)[1].split())
    assert "action: alternative action" in flag
    assert "consider a notice to improve or a penalty notice" not in flag
    # the third is refused, as before
    code, _, err = run_cli(
        "--workspace", config, "pn", "record", "P", exp, "--parent", "CP", "--date", "2026-11-27",
        "--contacts", contacts,
    )  # fmt: skip
    assert code == 1 and "third penalty notice" in err


def test_the_group_s_action_says_which_pupils_get_alternative_action(tmp_path):
    """P (two notices to her mother) and Q (none on record) at the threshold as of 27 Nov:
    the action is a notice for Q, alternative action for P."""
    config, exp, _ = two_notices_school(tmp_path, q=True)
    code, out, err = run_cli("--workspace", config, "check", exp, "--as-of", "2026-11-27",
                             "-f", "json")  # fmt: skip
    assert code == 0, err
    q = [x for x in json.loads(out)["pupils"] if x["upn"] == "Q"][0]
    assert (q["pn_window_sessions"], q["pn_first_met"]) == (10, "2026-11-20")
    code, out, err = run_cli("--workspace", config, "check", exp, "--as-of", "2026-11-27")
    assert code == 0, err
    block = out.split("Penalty-notice threshold", 1)[1].split("Bands:", 1)[0]
    action = " ".join(block.split("Action:", 1)[1].split("Continuous", 1)[0].split())
    assert action.startswith("consider a notice to improve or a penalty notice; for the pupil")
    assert "alternative action" in action


# ------------------------------------ the pupil record before the year's first school day
# One export of two school years: Summer 2 (Mon 8 Jun to Fri 17 Jul 2026) and Autumn 1
# from Thu 3 Sep (ROLLOVER_HALF_TERMS); C has G all day on 13-17 Jul.  As of Wed 2 Sep
# (before the year's first school day) the school year is 01/09/2026 to 02/09/2026 and
# holds no school day: 0 of 0 sessions.  Summer 2 ended on 17/07, in the last school year:
# it has no day in the period, so no half-term column at all; it was "Summer 2 from 01/09"
# beside the year's, 0 of 0, naming a half term as if it began on 1 September.  The
# penalty-notice window is the 6 school weeks 08/06 to 02/09 (the exports hold 6 of the
# 10): C's 10 G, met on the period's first day (docs/decisions.md, `pn_first_met`).


def test_the_pupil_record_before_the_year_s_first_school_day_names_no_half_term_of_last_year(
    tmp_path,
):
    from school import ROLLOVER_HALF_TERMS

    make_workspace(tmp_path / "ws", ROLLOVER_HALF_TERMS)
    summer = [d for d in weekdays(D(2026, 6, 8), D(2026, 7, 17))]
    autumn = weekdays(D(2026, 9, 3), D(2026, 9, 4))
    rows = [
        {"upn": upn, "date": d, "session": s,
         "mark": "G" if upn == "C" and d >= D(2026, 7, 13) and d in summer else "/"}
        for upn in ("C", "F1", "F2")
        for d in summer + autumn
        for s in ("AM", "PM")
    ]  # fmt: skip
    exp = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    ws = tmp_path / "ws"
    code, out, err = run_cli("--workspace", ws, "pupil", "C", exp, "--as-of", "2026-09-02")
    assert code == 0, err
    assert "school year 01/09/2026 to 02/09/2026" in " ".join(out.split())
    assert "Summer 2" not in out and "from 01/09" not in out
    assert "0 of 0" in out
    flag = " ".join(out.split("- Penalty-notice threshold", 1)[1].split())
    assert flag.startswith(
        "(10+ unauthorised sessions in 10 school weeks): 10 unauthorised sessions in the 6 "
        "school weeks 08/06/2026 to 02/09/2026 (first met 01/09/2026)"
    )
    # the first school day: Autumn 1 so far, as before
    code, out, err = run_cli("--workspace", ws, "pupil", "C", exp, "--as-of", "2026-09-03")
    assert code == 0, err
    assert "Autumn 1 so far" in out and "2 of 2" in out


# ------------------------------------------ a current run followed by days not possible
# Autumn 2 from Mon 2 Nov.  DR: N all day Mon 2 - Fri 13 Nov (10 school days), then D
# (dual registered: at the other school) every day Mon 16 - Fri 27 Nov.  DOMAIN.md 6: a day
# not possible for the pupil neither counts nor breaks a run, so the run is 10 days and
# current as of Fri 27 Nov (on roll: D is a registration, not a leaving).  But the check
# said "10 school days ... since 02/11/2026 (N): reached 10 school days ..." and cme
# "ABSENT" with nothing of the 10 school days since on which the register says D: read
# as a child unseen for four weeks.  XQ: the same with X on 16-20 Nov and Q on 23-27 Nov.
# BK: the same D days, then present on Fri 27 Nov: back, nothing to say.


def not_possible_after_school(tmp_path: Path) -> tuple[Path, Path]:
    make_workspace(tmp_path / "ws", TERMS)
    run = {d: "N" for d in weekdays(D(2026, 11, 2), D(2026, 11, 13))}
    after = weekdays(D(2026, 11, 16), D(2026, 11, 27))
    own = {
        "DR": run | {d: "D" for d in after},
        "XQ": run | {d: ("X" if d < D(2026, 11, 23) else "Q") for d in after},
        "BK": run | {d: "D" for d in after[:-1]},
        "F1": {},
        "F2": {},
    }
    return tmp_path / "ws", export(tmp_path / "register.csv", own, D(2026, 11, 27))


def test_a_current_run_followed_by_days_not_possible_says_them(tmp_path):
    ws, exp = not_possible_after_school(tmp_path)
    code, out, err = run_cli("--workspace", ws, "check", exp, "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    dr = pupils["DR"]
    assert (dr["continuous_absence_days"], dr["continuous_absence_start"]) == (10, "2026-11-02")
    assert dr["reasons"]["absence"].endswith(
        "; last attended 23/10/2026; marked D (not possible for the pupil) on the 10 school "
        "days since 13/11/2026: they neither count toward the run nor break it, so check "
        "the child is where those marks say"
    )
    assert "marked Q, X (not possible for the pupil) on the 10 school days since 13/11/2026" in (
        pupils["XQ"]["reasons"]["absence"]
    )
    assert "absence" not in pupils["BK"]["groups"]
    code, out, err = run_cli("--workspace", ws, "cme", exp, "--days", "10", "-f", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    assert (runs["DR"]["status"], runs["DR"]["run_days"]) == ("absent", 10)
    assert (runs["DR"]["not_possible_days"], runs["DR"]["not_possible_codes"]) == (10, ["D"])
    assert (runs["BK"]["status"], runs["BK"]["not_possible_days"]) == ("back", 0)
    code, out, err = run_cli("--workspace", ws, "cme", exp, "--days", "10")
    assert code == 0, err
    text = " ".join((out + err).split())
    assert (
        "SurnameDR, ForenameDR (DR): marked D (not possible for the pupil) on the 10 school "
        "days since 13/11/2026" in text
    )


# ------------------------------------------- the penalty-notice group left: why, in figures
# Summer 2 from Mon 8 Jun 2026, Autumn 1 from Thu 3 Sep (ROLLOVER_HALF_TERMS); one export
# of both.  A: G all day on Mon 8 Jun, Thu 3 Sep, Mon 14, Mon 21 and Tue 22 Sep.  As of Fri
# 25 Sep the 10 school weeks run from 8 Jun (8, 15, 22, 29 Jun; 6, 13 Jul; 31 Aug, 7, 14,
# 21 Sep): 10 sessions, first met Tue 22 Sep; recorded.  As of Fri 2 Oct they run from
# 15 Jun: 8/06's 2 are out, 8 sessions: not in the group, first met still 22/09/2026.  The
# change read "no longer in | pn", bare, as if the pupil had done nothing: a request can
# still rest on the window as of 22/09 (DOMAIN.md 5: the first date the threshold was met).


def test_the_penalty_notice_group_left_as_sessions_leave_the_window_says_the_figures(tmp_path):
    from school import ROLLOVER_HALF_TERMS

    make_workspace(tmp_path / "ws", ROLLOVER_HALF_TERMS)
    g_days = {D(2026, 6, 8), D(2026, 9, 3), D(2026, 9, 14), D(2026, 9, 21), D(2026, 9, 22)}
    school = weekdays(D(2026, 6, 8), D(2026, 7, 17)) + weekdays(D(2026, 9, 3), D(2026, 10, 2))
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": "G" if upn == "A" and d in g_days else "/"}
        for upn in ("A", "F1", "F2")
        for d in school
        for s in ("AM", "PM")
    ]
    exp = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    ws = tmp_path / "ws"
    code, out, err = run_cli("--workspace", ws, "check", exp, "--as-of", "2026-09-25", "--record",
                             "-f", "json")  # fmt: skip
    assert code == 0, err
    (a,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "A"]
    assert ("pn" in a["groups"], a["pn_window_sessions"], a["pn_first_met"]) == (
        True, 10, "2026-09-22",
    )
    code, out, err = run_cli("--workspace", ws, "check", exp, "--as-of", "2026-10-02", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    (a,) = [p for p in doc["pupils"] if p["upn"] == "A"]
    assert (a["pn_window_start"], a["pn_window_sessions"], a["pn_first_met"]) == (
        "2026-06-15", 8, "2026-09-22",
    )
    (change,) = [c for c in doc["changes"] if c["upn"] == "A" and c["detail"].startswith("pn")]
    assert change["kind"] == "flag_cleared"
    assert change["detail"] == (
        "pn: 8 unauthorised sessions in the penalty-notice window 15/06/2026 to 02/10/2026 now, "
        "fewer than 10 (the threshold was first met on 22/09/2026: a request can rest on the "
        "window as of that day)"
    )


# ------------- the penalty-notice group left at the threshold: compulsory school age ended
# (the mutcheck sweep's bare "pn").  Y11 born 01/09/2009: 16 on 01/09/2025, in the school
# year 2025/26, so of compulsory school age until the last Friday in June 2026, Fri 26 Jun
# (DOMAIN.md 5).  One export of the year 2025/26 (its six half terms below, bank holidays
# left out).  G all day on Mon 8 to Fri 12 Jun: 10 unauthorised sessions, all while of
# that age.  As of Fri 19 Jun: in the group, the window of 10 school weeks from Mon 23 Mar
# (15, 8, 1 Jun; 18, 11, 4 May; 27, 20, 13 Apr; 23 Mar: the May half term and Easter
# skipped), recorded.  As of Fri 3 Jul the window runs from Mon 20 Apr (29, 22, 15, 8, 1 Jun;
# 18, 11, 4 May; 27, 20 Apr) and holds the 10 still, but the pupil is no longer of
# compulsory school age: out of the group, said with the figures and the age, not a bare
# "pn" read as the pupil's doing.
YEAR_2025_26 = "".join(
    f'[[calendar.half_terms]]\nname = "{name}"\nstart = {a}\nend = {b}\n\n'
    for name, a, b in (
        ("Autumn 1", "2025-09-01", "2025-10-24"), ("Autumn 2", "2025-11-03", "2025-12-19"),
        ("Spring 1", "2026-01-05", "2026-02-13"), ("Spring 2", "2026-02-23", "2026-03-27"),
        ("Summer 1", "2026-04-13", "2026-05-22"), ("Summer 2", "2026-06-01", "2026-07-17"),
    )
)  # fmt: skip


def test_the_penalty_notice_group_left_as_compulsory_school_age_ends_says_so(tmp_path):
    from attcli.bankholidays import is_bank_holiday
    from attcli.config import parse_config

    make_workspace(tmp_path / "ws", YEAR_2025_26)
    terms = parse_config(YEAR_2025_26).half_terms
    days = [d for h in terms for d in weekdays(h.start, min(h.end, D(2026, 7, 3)))
            if not is_bank_holiday(d)]  # fmt: skip
    g_days = set(weekdays(D(2026, 6, 8), D(2026, 6, 12)))
    rows = [
        {"upn": upn, "date": d, "session": s, "year_group": "11",
         "dob": D(2009, 9, 1) if upn == "Y11" else D(2009, 9, 2),
         "mark": "G" if upn == "Y11" and d in g_days else "/"}
        for upn in ("Y11", "F1", "F2")
        for d in days
        for s in ("AM", "PM")
    ]  # fmt: skip
    exp = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    ws = tmp_path / "ws"
    code, out, err = run_cli("--workspace", ws, "check", exp, "--as-of", "2026-06-19", "--record",
                             "-f", "json")  # fmt: skip
    assert code == 0, err
    (y,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "Y11"]
    assert ("pn" in y["groups"], y["pn_window_start"], y["pn_window_sessions"]) == (
        True, "2026-03-23", 10,
    )
    code, out, err = run_cli("--workspace", ws, "check", exp, "--as-of", "2026-07-03", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    (y,) = [p for p in doc["pupils"] if p["upn"] == "Y11"]
    assert ("pn" in y["groups"], y["pn_window_start"], y["pn_window_sessions"]) == (
        False, "2026-04-20", 10,
    )
    (change,) = [c for c in doc["changes"] if c["upn"] == "Y11" and c["detail"].startswith("pn")]
    assert change["kind"] == "flag_cleared"
    assert change["detail"] == (
        "pn: 10 unauthorised sessions in the penalty-notice window 20/04/2026 to 03/07/2026 "
        "now, still 10 or more, but not of compulsory school age on 03/07/2026 (born "
        "01/09/2009: compulsory school age ended on 26/06/2026): a penalty notice is for a "
        "pupil of compulsory school age only"
    )
