"""Sweep mutnew18 (7 December, eighth): tests that kill the hand-made mutants of the
round's new lines (sweeps oracle17, oracle18, blind4) that no test caught
(docs/decisions.md, "mutnew18").  Every expected value is worked by hand in the test."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from attcli.config import parse_config

D = dt.date


def _weekdays(first: D, last: D) -> list[D]:
    n = (last - first).days + 1
    return [d for d in (first + dt.timedelta(days=i) for i in range(n)) if d.weekday() < 5]


_KEYS = """
[school]
name = "Tree Trust"
urn = "500000"

[calendar]
inset_days = [2026-09-14]

[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-02
end = 2026-10-23

[schools.ash]
name = "Ash Academy"
files = ["ash-*.csv"]

[schools.elm]
name = "Elm School"
files = ["elm-*.csv"]
inset_days = [2026-09-15]

[schools.oak]
name = "Oak School"
files = ["oak-*.csv"]

[[schools.oak.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-16
"""


def test_a_trust_school_s_inset_days_key_is_the_list_it_uses() -> None:
    """Where a trust school's INSET days are set, as the coverage advice names them
    (blind4's `Config.inset_days_key`): the list the school actually uses.  Ash gives
    nothing of its own: the workspace's `[calendar] inset_days`.  Elm gives its own list
    (its term dates are the workspace's): `[schools.elm] inset_days`, which replaces the
    workspace's for Elm.  Oak gives its own term dates but no INSET days, beside a
    workspace list of 14/09: Oak uses the workspace's list, so that is the one named
    (adding one day to `[schools.oak] inset_days` would replace the workspace's and drop
    14/09 for Oak).  With no workspace list, Oak's own term dates stand alone: its own."""
    cfg = parse_config(_KEYS)
    got = {
        k: (c.inset_days_key, c.half_terms_key, sorted(c.inset_days))
        for k in ("ash", "elm", "oak")
        for c in [cfg.for_school(k)]
    }
    assert got == {
        "ash": ("[calendar] inset_days", "calendar.half_terms", [D(2026, 9, 14)]),
        "elm": ("[schools.elm] inset_days", "calendar.half_terms", [D(2026, 9, 15)]),
        "oak": ("[calendar] inset_days", "schools.oak.half_terms", [D(2026, 9, 14)]),
    }
    bare = parse_config(_KEYS.replace("inset_days = [2026-09-14]\n", "")).for_school("oak")
    assert (bare.inset_days_key, sorted(bare.inset_days)) == ("[schools.oak] inset_days", [])


_CEDAR = """
[school]
name = "Tree Trust"
urn = "500000"

[schools.cedar]
name = "Cedar Primary School"
urn = "400005"
files = ["cedar-*.csv"]

[[schools.cedar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-23

[[schools.cedar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""


def test_a_trust_school_s_missing_edge_week_names_its_own_half_terms() -> None:
    """Cedar's register has no row in the week 19-23 Oct 2026, the last week of its own
    Autumn 1 (7 Sep to 23 Oct): more likely a holiday typed into the half term.  The line
    tells the lead to correct Autumn 1 where Cedar's term dates are,
    `[[schools.cedar.half_terms]]`, not the workspace's `[[calendar.half_terms]]` (which
    this workspace does not even have), and to list INSET days in Cedar's own list."""
    from attcli.coverage import MISSING_WEEK, coverage

    cfg = parse_config(_CEDAR).for_school("cedar")
    days = _weekdays(D(2026, 9, 7), D(2026, 10, 16)) + _weekdays(D(2026, 11, 2), D(2026, 11, 13))
    cov = coverage(
        cfg, period_start=D(2026, 9, 1), as_of=D(2026, 11, 13), data_dates=set(days),
        explicit=False,
    )  # fmt: skip
    (gap,) = cov.gaps
    assert (gap.kind, gap.start, gap.end, gap.school_days) == (
        MISSING_WEEK,
        D(2026, 10, 19),
        D(2026, 10, 23),
        5,
    )
    line = cov.line()
    assert line is not None
    assert line.endswith(
        " (if the school had no sessions that week: a holiday, correct the dates of "
        "'Autumn 1' (07/09/2026 to 23/10/2026) in [[schools.cedar.half_terms]]; INSET days "
        "or a closure, list them in [schools.cedar] inset_days)"
    ), line


def test_cme_says_a_sixth_former_on_a_part_time_timetable_is_not_missing_education(
    tmp_path: Path,
) -> None:
    """blind4's line under `cme` names every pupil listed whom the date of birth puts
    outside compulsory school age, the part-time section's too.  PT (born 15/03/2008: 16
    in March 2024, so compulsory school age ended on the last Friday of June 2024,
    28/06/2024) is `N` in the morning and `C2` in the afternoon every day 14-25 Sep 2026:
    10 school days, listed in the part-time section, not the runs.  KID, the same marks,
    born 01/10/2014, is of compulsory school age: not named."""
    from attcli.cme import run_cme
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS

    p, nc = "/\\", "N.C2"
    reg = register(
        {"PT": " ".join([p] * 5 + [nc] * 10), "KID": " ".join([p] * 5 + [nc] * 10)},
        dob={"PT": D(2008, 3, 15), "KID": D(2014, 10, 1)},
    )
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    result = run_cme([export], parse_config(AUTUMN_HALF_TERMS), days=10, as_of=D(2026, 9, 25))
    assert result.runs.is_empty()
    said = [w for w in result.warnings if "compulsory school age" in w]
    assert said == [
        "SurnamePT, ForenamePT (PT): not of compulsory school age on 25/09/2026 (born "
        "15/03/2008: compulsory school age ended on 28/06/2024), so not a child missing "
        "education: the local authority is told of a run of 10+ school days all the same, "
        "as of any pupil"
    ], result.warnings


def test_sickness_rows_closed_new_and_withdrawn_brought_back_as_each_was_told(
    tmp_path: Path,
) -> None:
    """oracle17's fix, its other branches (`rules._sickness`'s "listed again").

    H is `I` every session Mon 21 Sep to Fri 9 Oct 2026 (21-25, 28-30 Sep, 1-2, 5-9 Oct:
    15 school days, 30 sessions, over the sickness threshold), then `Z` (off the roll) to
    Fri 23 Oct, the half term's last day.  October's return (as of 23/10/2026) lists H
    once, new, "left the roll 09/10/2026".  The `Z` were the office's slip: November's
    export has H present 12-23 Oct.  As of 30/11/2026 H is on the roll, still over the
    threshold, and on roll on 23/10 by the register as it now stands: the episode the LA
    was told of, continuing (last reported 23/10/2026, 0 days added), the note saying the
    last return listed them *new*, off the roll, and the register now has them on roll.

    W is added by hand in October (an operation expected), withdrawn by the school in
    November (2 `I` sessions, on Mon 30 Nov), then `I` every session to Fri 18 Dec: 15
    school days (30 Nov, 1-4, 7-11, 14-18 Dec), 30 sessions, over the threshold by the
    register.  The LA was told the school withdrew W, not that W left the roll: W is *new*
    in December, with no "listed them ended (off the roll ...)" note."""
    from builders import write_marks_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)

    def made(to: D, month: str, *args: str, slip: bool) -> dict[str, tuple[str, ...]]:
        rows = []
        days = _weekdays(D(2026, 9, 7), min(to, D(2026, 10, 23)))
        days += _weekdays(D(2026, 11, 2), to)
        for d in days:
            for s in ("AM", "PM"):
                present = "/" if s == "AM" else "\\"
                ill = D(2026, 9, 21) <= d <= D(2026, 10, 9)
                off = slip and D(2026, 10, 12) <= d <= D(2026, 10, 23)
                rows.append(("H", d, s, "I" if ill else "Z" if off else present))
                rows.append(("W", d, s, "I" if d >= D(2026, 11, 30) else present))
        export = write_marks_csv(tmp_path / f"{month}.csv", rows)
        out = tmp_path / f"return-{month}.csv"
        code, _, err = run_cli(
            "la-return", export, "-c", config, "--month", month, "-o", out, *args
        )
        assert code == 0, err
        with out.open(encoding="utf-8-sig", newline="") as f:
            return {r["UPN"]: (r["Status"], r["Illness sessions (year)"], r["Left the roll on"],
                               r["Last reported"], r["Days since last return"], r["Note"])
                    for r in csv.DictReader(f)}  # fmt: skip

    october = made(D(2026, 10, 23), "2026-10", "--add", "W", "--reason", "an operation",
                   slip=True)  # fmt: skip
    assert october["H"] == ("new", "30", "09/10/2026", "", "", "left the roll 09/10/2026")
    assert october["W"][:2] == ("new", "0"), october
    november = made(D(2026, 11, 30), "2026-11", "--withdraw", "W", "--reason", "cancelled",
                    slip=False)  # fmt: skip
    assert november["H"] == (
        "continuing", "30", "", "23/10/2026", "0",
        "the return as of 23/10/2026 listed them new, off the roll; the register now shows "
        "them on roll on that date (a register correction)",
    )  # fmt: skip
    assert november["W"][:2] == ("ended", "2"), november
    december = made(D(2026, 12, 18), "2026-12", slip=False)
    assert december["W"] == ("new", "30", "", "", "", ""), december


def test_a_trust_school_s_unheld_window_week_names_its_own_term_dates() -> None:
    """Cedar's own term dates give last summer's Summer 2 (1 Jun to 17 Jul 2026); the
    exports hold 1 Jun to 3 Jul, 13-17 Jul and 7-18 Sep, not the week 6-10 Jul.  As of Fri
    18 Sep the penalty-notice window's school weeks (9 of them, 10 asked) hold that week:
    its sessions unknown, said, and the fix named where Cedar's term dates and INSET days
    are (blind4's keys: engine.py's line named the workspace's)."""
    from attcli.engine import evaluate
    from builders import across

    cfg = parse_config(
        _CEDAR + '\n[[schools.cedar.half_terms]]\nname = "Summer 2"\nstart = 2026-06-01\n'
        "end = 2026-07-17\n"
    ).for_school("cedar")
    week = " ".join(["/\\"] * 5)
    reg = across(
        (D(2026, 6, 1), {"A": " ".join([week] * 5)}),
        (D(2026, 7, 13), {"A": week}),
        (D(2026, 9, 7), {"A": " ".join([week] * 2)}),
    )
    ev = evaluate(reg, cfg, as_of=D(2026, 9, 18))
    said = [w for w in ev.warnings if "no export holds" in w]
    assert said == [
        "penalty-notice window: it holds 1 school week (06/07/2026 to 10/07/2026) that the "
        "term dates give and no export holds: unauthorised sessions in it are not counted, "
        "so a pupil under the threshold may be over it; give its export, or if the school "
        "had no sessions then, correct [[schools.cedar.half_terms]] (or list the days in "
        "[schools.cedar] inset_days)"
    ], ev.warnings


def test_a_trust_school_s_summer_only_term_dates_name_its_own_section() -> None:
    """Cedar's own term dates give only 2026/27's Summer 1 (12 Apr to 28 May 2027); the
    register holds Mon 12 to Fri 23 Apr 2027.  The school year's weekdays before Summer 1
    (Tue 1 Sep 2026 to Fri 9 Apr 2027: 159, as tests/test_real_registers.py counts them)
    are not known to be holidays: a gap of weekdays, and the line says to add the other
    half terms where Cedar's are, `[[schools.cedar.half_terms]]`."""
    from attcli.coverage import BEFORE_DATA, coverage

    cfg = parse_config(
        '[school]\nname = "Tree Trust"\n\n[schools.cedar]\nname = "Cedar Primary School"\n'
        'files = ["cedar-*.csv"]\n\n[[schools.cedar.half_terms]]\nname = "Summer 1"\n'
        "start = 2027-04-12\nend = 2027-05-28\n"
    ).for_school("cedar")
    cov = coverage(
        cfg,
        period_start=D(2026, 9, 1),
        as_of=D(2027, 4, 23),
        data_dates=set(_weekdays(D(2027, 4, 12), D(2027, 4, 23))),
        explicit=False,
    )
    (gap,) = cov.gaps
    assert (gap.kind, gap.start, gap.end, gap.school_days, gap.weekdays) == (
        BEFORE_DATA, D(2026, 9, 1), D(2027, 4, 9), 159, True
    )  # fmt: skip
    line = cov.line()
    assert line is not None
    assert line.endswith(
        " (attcli.toml gives no term dates for those days, so they are weekdays: if some were "
        "a holiday, add the school year's other half terms to [[schools.cedar.half_terms]])"
    ), line
