"""Mutation testing of the weekly check's assembly, NEW and "since last week" (sweep of 5
December (fifth), mutcheck): each test is worked by hand at the boundary a surviving mutant
of src/attcli/check.py, snapshots.py, report/ or summary/ moved, and fails on it.

The register (tests/builders.py) runs Mon 7 Sep to Fri 2 Oct 2026, 20 school days, no
holiday between (weeks from 7, 14, 21 and 28 Sep), Autumn 1 from 7 Sep.
"""

from __future__ import annotations

import datetime as dt

from attcli.check import check_register
from attcli.config import parse_config
from builders import register
from school import AUTUMN_HALF_TERMS

D = dt.date
START = D(2026, 9, 7)
CONFIG = parse_config(AUTUMN_HALF_TERMS)
P, N = "/\\", "N"


def marks(*parts: tuple[str, int]) -> str:
    return " ".join(tok for tok, n in parts for _ in range(n))


def absence(result) -> dict[str, str]:  # noqa: ANN001
    return dict(result.members("absence").select("upn", "reason_absence").rows())


def test_a_run_of_exactly_the_absence_groups_days_to_the_end_of_the_data_is_listed():
    # the export ends Fri 2 Oct, the check is as of Mon 5 Oct (a school day after the
    # data): nobody can say THREE came back after N Wed 30 Sep, Thu 1, Fri 2 Oct: 3 school
    # days, the safe-and-well visit's day (the absence group's, DOMAIN.md 6), listed.  TWO
    # (N Thu 1, Fri 2: 2 days) is one short: not listed.  The check compares with the week
    # before the data's last day (Fri 25 Sep), not the as-of date's (Mon 28 Sep)
    reg = register(
        {
            "THREE": marks((P, 17), (N, 3)),
            "TWO": marks((P, 18), (N, 2)),
            "TENEND": marks((P, 10), (N, 10)),
            "FINE": marks((P, 20)),
        },
        start=START,
    )
    result = check_register(reg, CONFIG, as_of=D(2026, 10, 5))
    assert result.previous_as_of == D(2026, 9, 25)
    got = absence(result)
    assert sorted(got) == ["TENEND", "THREE"]
    # TENEND's 10 days (Mon 21 Sep to Fri 2 Oct) reach the end of the data: the run the
    # group lists, at the CME threshold, said once; not also a run that "ended since the
    # check as of 25/09/2026" (it did not end: nothing after it is known)
    assert got["TENEND"] == (
        "10 school days of unexplained absence since 21/09/2026 (N) to 02/10/2026, the end "
        "of the data: reached 10 school days, tell the local authority (children missing "
        "education); not known since; last attended 18/09/2026"
    )
    assert got["THREE"].startswith(
        "3 school days of unexplained absence since 30/09/2026 (N) to 02/10/2026, the end "
        "of the data: not known since; last attended 29/09/2026"
    )


def test_two_days_seen_and_a_day_with_no_mark_reach_the_absence_groups_three():
    # as of Fri 2 Oct: MAY is N Wed 30 Sep and Fri 2 Oct and has no mark on Thu 1 Oct (the
    # register was taken: the others have marks).  A missing mark neither counts nor breaks
    # the run (DOMAIN.md 1), so the run is 2 days seen, current, but the day with no mark
    # may take it to 3, the safe-and-well day: listed, as `cme --days 3` lists it.  SHORT
    # (no mark Thu 1 Oct, N Fri 2) may reach 2 only: not listed
    reg = register(
        {
            "MAY": marks((P, 17), (N, 1), ("_", 1), (N, 1)),
            "SHORT": marks((P, 18), ("_", 1), (N, 1)),
            "FINE": marks((P, 20)),
        },
        start=START,
    )
    result = check_register(reg, CONFIG, as_of=D(2026, 10, 2))
    got = absence(result)
    assert sorted(got) == ["MAY"]
    assert got["MAY"].startswith(
        "2 school days of unexplained absence since 30/09/2026 (N); last attended 29/09/2026"
    )
    assert got["MAY"].endswith("(01/10/2026): neither counted nor a break, so the run may be 3 "
                               "school days: complete the register in the MIS")


def test_a_run_at_the_cme_threshold_in_the_run_compared_with_is_no_cme_reached_change(
    tmp_path,  # noqa: ANN001
):
    """The run recorded as of Fri 25/09: ZOE on day 10 of unexplained absence (O from Mon
    14/09: 14-18, 21-25), so that check's absence reason said "reached 10 school days, tell
    the local authority" already; still absent as of Fri 02/10 (day 15).  She reached the
    threshold before that run, not since: no ``cme_reached`` change (DOMAIN.md 6: the LA
    is told once of the run).  KAY (O from Mon 21/09: day 5 then, day 10 now) reached it
    since: one row."""
    from school import make_workspace
    from test_sweep_weekly import changes, check

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register(
        {
            "ZOE": marks((P, 5), ("O", 15)),
            "KAY": marks((P, 10), ("O", 10)),
            "AMY": marks((P, 20)),
        }
    )
    then = check(ws, tmp_path, reg, D(2026, 9, 25), "--record")
    zoe = next(p for p in then["pupils"] if p["upn"] == "ZOE")
    assert "reached 10 school days, tell the local authority" in zoe["reasons"]["absence"]
    doc = check(ws, tmp_path, reg, D(2026, 10, 2))
    assert [c[:2] for c in changes(doc) if c[1] == "cme_reached"] == [("KAY", "cme_reached")]


def test_a_run_of_ten_days_seen_with_a_day_with_no_mark_inside_reached_it_not_may_have():
    # as of Fri 2 Oct, compared with Fri 25 Sep.  SEEN10: N Mon 14 - Fri 18, no mark Mon
    # 21, N Tue 22 - Mon 28 (5 + 4 + 1 = 10 days seen), present from Tue 29: the run ended
    # since, and its 10 days seen reached the CME threshold: "reached", not "may have
    # reached" (said only of a run short of it seen).  SEEN9 (N from Tue 15: 9 seen, +1 with
    # no mark) may have
    reg = register(
        {
            "SEEN10": marks((P, 5), (N, 5), ("_", 1), (N, 5), (P, 4)),
            "SEEN9": marks((P, 6), (N, 4), ("_", 1), (N, 5), (P, 4)),
            "FINE": marks((P, 20)),
        },
        start=START,
    )
    got = absence(check_register(reg, CONFIG, as_of=D(2026, 10, 2)))
    assert sorted(got) == ["SEEN10", "SEEN9"]
    assert got["SEEN10"].startswith(
        "10 school days of unexplained absence 14/09/2026 to 28/09/2026 (N), +1 with no mark "
        "for the pupil (21/09/2026), ended since the check as of 25/09/2026: reached 10 "
        "school days, tell the local authority"
    ), got["SEEN10"]
    assert "ended since the check as of 25/09/2026: may have reached 10 school days" in got[
        "SEEN9"
    ]


def test_a_run_of_illness_from_the_years_first_day_that_a_day_with_no_mark_takes_to_15():
    # a register from Tue 1 Sep 2026, the school year's first day.  ILL: I Tue 1 - Wed 9
    # Sep (7 days), no mark Thu 10, I Fri 11 - Mon 21 (7 days): 14 days of illness seen
    # (28 sessions), and the day with no mark in the run may take it to 15, the sickness
    # group's days (DOMAIN.md 7): listed, the day said.  Counted from 1 Sep itself (the
    # year's first day), and at exactly 15.  ILL13 (from Wed 2 Sep: 13 seen + 1) may reach
    # 14 only: not listed
    config = parse_config("")
    reg = register(
        {
            "ILL": marks(("I", 7), ("_", 1), ("I", 7), (P, 9)),
            "ILL13": marks((P, 1), ("I", 6), ("_", 1), ("I", 7), (P, 9)),
            "FINE": marks((P, 24)),
        },
        start=D(2026, 9, 1),
    )
    result = check_register(reg, config, as_of=D(2026, 10, 2))
    got = dict(result.members("sickness").select("upn", "reason_sickness").rows())
    assert sorted(got) == ["ILL"]
    assert got["ILL"].startswith(
        "28 illness sessions this year; longest run of illness 14 school days"
    ), got["ILL"]
    assert "10/09/2026" in got["ILL"] and "may be 15 school days" in got["ILL"], got["ILL"]


def test_a_band_the_thresholds_moved_with_the_same_attendance_is_not_said_lower():
    """EVEN: 140/152 in the run (92.11 %, green under 92 %), 280/304 now: the same
    attendance exactly (280 x 152 = 140 x 304), amber by today's 95 % green line then and
    now.  The thresholds moved the band; the detail says the two figures and nothing
    "lower" (only a figure lower now is said so: 148/162 is, test_snapshot_changes)."""
    from attcli.snapshots import changes
    from test_snapshot_changes import NEW_RULES, ORDER, now_figures, snapshot

    snap = snapshot([{"upn": "EVEN", "band": "green", "groups": [], "attended": 140,
                      "possible": 152}])  # fmt: skip
    got = changes(
        snap,
        now_figures([{"upn": "EVEN", "band": "amber", "groups": ["band:amber"],
                      "attended": 280, "possible": 304}]),  # fmt: skip
        None,
        ORDER,
        rules=NEW_RULES,
    )
    assert got.select("upn", "kind", "detail").rows() == [
        ("EVEN", "band_rule", "green -> amber: the thresholds changed (92.1 % then, 92.1 % now)"),
    ]


def test_exports_starting_late_still_compare_a_joiners_figures_over_the_same_sessions(
    tmp_path,  # noqa: ANN001
):
    """The run recorded as of Fri 25 Sep on the exports from Mon 7 Sep: FINE 30/30, and
    CHG, who joined on Mon 14 Sep, 20/20.  The next week's exports start Mon 14 Sep (the new
    MIS's alone: they start late, and FINE's figures as of 25 Sep over 20 sessions, not 30,
    are not compared, said in one line).  They give CHG's Wed 16 Sep as O, present in the
    run: as of 25 Sep now 18/20, 2 unauthorised.  CHG's whole time on roll is in them, the
    same 20 possible sessions as the run's: the register changed since, said (DOMAIN.md
    12); only fewer possible sessions than the run's are left uncompared."""
    import json

    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    before = register({"CHG": marks(("!", 5), (P, 10)), "FINE": marks((P, 15))}, start=START)
    after = register(
        {"CHG": marks((P, 2), ("O", 1), (P, 12)), "FINE": marks((P, 15))}, start=D(2026, 9, 14)
    )
    first = write_long_csv(before, tmp_path / "sep25.csv", dob=True)
    code, _, err = run_cli("check", first, "-c", ws, "--as-of", "2026-09-25", "--record")
    assert code == 0, err
    second = write_long_csv(after, tmp_path / "oct02.csv", dob=True)
    code, out, err = run_cli("check", second, "-c", ws, "--as-of", "2026-10-02", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    # (no band now for anyone: the exports miss the period's first week, DOMAIN.md 2)
    got = [(c["upn"], c["kind"], c["detail"]) for c in doc["changes"] if c["kind"] != "band_lost"]
    assert got == [
        ("CHG", "corrected", "as of 25/09/2026: was 20/20, 0 unauthorised, now 18/20, 2 "
         "unauthorised (marks that check counted as attended were changed since: not an N "
         "given its reason but a disagreement with that check: check them in the MIS)"),
    ], got  # fmt: skip
    assert any("are not compared" in w or "is not compared" in w for w in doc["warnings"])


def _recomputed(rows: list[dict]):  # noqa: ANN202
    import polars as pl

    return pl.DataFrame(
        [{"school": None, **r} for r in rows],
        schema={"school": pl.Utf8, "upn": pl.Utf8, "attended": pl.Int64,
                "possible": pl.Int64, "unauthorised": pl.Int64},
    )  # fmt: skip


def test_why_a_past_figure_moved_at_its_boundaries():
    """The figures as of the run's date by this register against the run's (DOMAIN.md 12),
    one pupil each, the run's N sessions kept (two for each pupil, ``n_sessions``):

    - AUTH: 18/20, 2 unauthorised in the run; 18/20, 0 now.  Attendance the same, the
      unauthorised sessions fewer by 2, no more than the run's 2 N: "a register
      correction" (an N given its reason), not marks counted as attended changed.
    - FOUR: 16/20, 4 unauthorised then; 16/20, 2 now: fewer by exactly the run's 2 N: a
      register correction still; 3 fewer (THREE: 4 -> 1) is more than the N can explain:
      marks counted as unauthorised absence, not N, changed since."""
    from dataclasses import replace

    import polars as pl

    from attcli.snapshots import N_SESSIONS_SCHEMA, changes
    from test_snapshot_changes import ORDER, now, snapshot

    snap = snapshot([
        {"upn": "AUTH", "band": "red", "groups": [], "attended": 18, "possible": 20,
         "unauthorised": 2},
        {"upn": "FOUR", "band": "red", "groups": [], "attended": 16, "possible": 20,
         "unauthorised": 4},
        {"upn": "THREE", "band": "red", "groups": [], "attended": 16, "possible": 20,
         "unauthorised": 4},
    ])  # fmt: skip
    n = pl.DataFrame(
        [("", u, D(2026, 9, 2), s) for u in ("AUTH", "FOUR", "THREE") for s in ("AM", "PM")],
        schema=N_SESSIONS_SCHEMA,
        orient="row",
    )
    snap = replace(snap, n_sessions=n)
    got = changes(
        snap,
        now([{"upn": u, "band": "red", "groups": []} for u in ("AUTH", "FOUR", "THREE")]),
        _recomputed([
            {"upn": "AUTH", "attended": 18, "possible": 20, "unauthorised": 0},
            {"upn": "FOUR", "attended": 16, "possible": 20, "unauthorised": 2},
            {"upn": "THREE", "attended": 16, "possible": 20, "unauthorised": 1},
        ]),  # fmt: skip
        ORDER,
    )
    why = {u: d[d.index("(") + 1 :] for u, k, d in got.select("upn", "kind", "detail").rows()}
    assert why == {
        "AUTH": "a register correction)",
        "FOUR": "a register correction)",
        "THREE": "marks that check counted as unauthorised absence, not N, were changed since: "
        "not an N given its reason but a disagreement with that check: check them in the MIS)",
    }


def test_the_penalty_notice_group_left_with_the_window_still_at_the_threshold_is_no_fall():
    """Both in the penalty-notice group in the run, in it no longer.  NINE: 9 unauthorised
    sessions in the window now (from 14/09 to 02/10/2026), fewer than 10: said in figures.
    TEN: 10 now, still at the threshold (DOMAIN.md 5: 10 in the window meets it): the group
    was left another way (compulsory school age), never "10 ... fewer than 10"."""
    import polars as pl

    from attcli.config import Config
    from attcli.snapshots import changes
    from test_snapshot_changes import ORDER, snapshot

    snap = snapshot([{"upn": u, "band": None, "groups": ["pn"]} for u in ("NINE", "TEN")])
    now = pl.DataFrame(
        [
            {"school": None, "upn": u, "band": None, "groups": [], "pn_window_sessions": n,
             "pn_window_start": D(2026, 9, 14), "pn_window_end": D(2026, 10, 2),
             "pn_first_met": None}
            for u, n in (("NINE", 9), ("TEN", 10))
        ],
        schema={"school": pl.Utf8, "upn": pl.Utf8, "band": pl.Utf8,
                "groups": pl.List(pl.Utf8), "pn_window_sessions": pl.Int64,
                "pn_window_start": pl.Date, "pn_window_end": pl.Date, "pn_first_met": pl.Date},
    )  # fmt: skip
    got = changes(snap, now, None, ORDER, rules=Config())
    assert got.select("upn", "kind", "detail").rows() == [
        ("NINE", "flag_cleared", "pn: 9 unauthorised sessions in the penalty-notice window "
         "14/09/2026 to 02/10/2026 now, fewer than 10"),
        ("TEN", "flag_cleared", "pn"),
    ]  # fmt: skip


def test_new_compares_with_the_datas_first_day_and_the_periods_first_day():
    """NEW compares with the check 7 days earlier when that date is in the data and in the
    period, its first day included.  As of Mon 14 Sep the week before is Mon 7 Sep, the
    register's first day: ABS (present Mon 7, N Tue 8 - Mon 14: 5 school days) is NEW in
    the absence group.  With --from Mon 14 Sep, as of Mon 21 Sep, the week before is the
    period's first day: LATE (N from Wed 16 Sep: 4 school days as of Mon 21) is NEW in
    it; nothing earlier to compare with would leave nobody NEW."""
    reg = register(
        {"ABS": marks((P, 1), (N, 5), (P, 14)), "LATE": marks((P, 7), (N, 4), (P, 9)),
         "FINE": marks((P, 20))},
        start=START,
    )  # fmt: skip
    result = check_register(reg, CONFIG, as_of=D(2026, 9, 14))
    assert result.previous_as_of == D(2026, 9, 7)
    new = dict(result.pupils.select("upn", "new_groups").rows())
    # (and in the severe band and the penalty-notice group: 10 N of 12 sessions, all NEW)
    assert sorted(new["ABS"]) == ["absence", "band:severe", "pn"]
    result = check_register(reg, CONFIG, as_of=D(2026, 9, 21), period_start=D(2026, 9, 14))
    assert result.previous_as_of == D(2026, 9, 14)
    new = dict(result.pupils.select("upn", "new_groups").rows())
    # (4 of the period's 12 sessions attended: severe too, NEW)
    assert sorted(new["LATE"]) == ["absence", "band:severe"]


def test_a_summary_of_exports_ending_on_the_periods_first_day_is_complete_to_that_day():
    """Exports of Mon 7 - Fri 11 Sep; the summary of the period from Fri 11 Sep as of Fri
    18 Sep: its figures are as of the data's last day, 11 Sep, the period's first day, and
    the exports hold the period to it: complete, as with exports ending any later day of
    the period.  Only exports ending BEFORE the period's first day (school days of it gone
    by) hold no figure of it at all: not complete."""
    from attcli.engine import prepare
    from attcli.summary import build_summary

    cfg = parse_config(AUTUMN_HALF_TERMS + '\n[school]\nname = "Hand School"\nurn = "100002"\n')
    reg = register({"A": marks((P, 5)), "B": marks((P, 4), (N, 1))}, start=START)
    doc = build_summary(prepare(reg, cfg), cfg, as_of=D(2026, 9, 18),
                        period_start=D(2026, 9, 11), generated=D(2026, 10, 5))  # fmt: skip
    assert (doc["period"]["as_of"], doc["period"]["complete"]) == ("2026-09-11", True)
