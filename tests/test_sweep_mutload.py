"""Mutation testing of the code that reads a register and decides who is on roll (sweep
of 5 December (fifth), mutload): each test kills a mutant that survived the loader and
roll tests, its answer worked out by hand at the boundary (docs/decisions.md, "Mutation
testing of the loaders and the roll")."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attcli.check import check_register
from attcli.config import parse_config
from attcli.engine import evaluate
from attcli.errors import InputError
from attcli.loaders import load_registers, read_pupil_list
from builders import register, register_rows, school_days, weekdays, write_long_csv
from test_real_registers import pupil

D = dt.date
NO_CONFIG = parse_config("")
#: Thu 3 Sep - Wed 16 Sep 2026: ten school days; Wed 9 Sep the fifth.
START = D(2026, 9, 3)
WED = D(2026, 9, 9)
DAYS = school_days(START, 10)


def test_a_pupil_joining_at_lunchtime_is_on_roll_that_day_for_the_share():
    # roll.on_roll_counter: a pupil is on roll on a day when their time on roll holds any
    # session of it, the afternoon too (`o + 1` -> `o` survived).  P00-P09 present every
    # session of the ten days, but none has a row on Wed 9 Sep PM; J's first mark is that
    # afternoon ('/'), then every session to 16 Sep.  On Wed 9 Sep 11 pupils are on roll
    # (the ten and J, who joined that afternoon); the PM has 1 mark: 1 * 10 < 11, fewer
    # than a tenth, so the session is missing (one item), the AM (10 marked) held.  Had J
    # not been counted (10 on roll, 1 * 10 = 10, not fewer), the PM would be a register
    # taken and each of the ten would have a missing row instead.
    rows = [
        {"upn": f"P{i:02d}", "date": d, "session": s, "mark": "/"}
        for i in range(10)
        for d in DAYS
        for s in ("AM", "PM")
        if not (d == WED and s == "PM")
    ] + [
        {"upn": "J", "date": d, "session": s, "mark": "/"}
        for d in DAYS
        for s in ("AM", "PM")
        if (d, s) >= (WED, "PM")
    ]
    ev = evaluate(register_rows(rows), NO_CONFIG)
    assert ev.data_quality.select("kind", "upn", "date", "session", "detail").rows() == [
        (
            "missing_session",
            None,
            WED,
            "PM",
            "only 1 of the 11 pupils on roll has a mark, the AM register taken: left out of "
            "the others' possible sessions (export its register, or record # in the MIS if "
            "the school was closed)",
        )
    ]
    assert (pupil(ev, "P01")["possible"], pupil(ev, "P01")["missing_marks"]) == (19, 0)
    assert pupil(ev, "J")["possible"] == 11  # Wed PM and the five days after


def _two_marked_on_wed(n: int) -> list[dict]:
    """``n`` pupils present every session of the ten days; on Wed 9 Sep only P00 has a row
    in the morning and only P01 in the afternoon ('/'), the others none."""
    return [
        {"upn": f"P{i:02d}", "date": d, "session": s, "mark": "/"}
        for i in range(n)
        for d in DAYS
        for s in ("AM", "PM")
        if d != WED or (i, s) in ((0, "AM"), (1, "PM"))
    ]


def test_a_day_one_in_ten_have_marks_on_is_a_school_day_fewer_a_stray_day():
    # roll.resolve, the stray-day share (docs/decisions.md, "Stray days": fewer than 1 in
    # 10 of the pupils on roll that day have marks), the pupils counted one by one: on Wed
    # 9 Sep two pupils have marks (P00 the morning, P01 the afternoon; each session 1).
    # Of 20 on roll, 2 is 1 in 10, not fewer: a school day, and the others have no row on
    # it: P02-P19 two missing rows each, P00 the PM, P01 the AM: 38; no missing session
    # (each session has 1 of 20, neither held against the other).  Of 21 on roll, 2 is
    # fewer: a stray day, nobody's missing row (`n * den < num * on_roll` -> `<=` survived).
    ev = evaluate(register_rows(_two_marked_on_wed(20)), NO_CONFIG)
    dq = ev.data_quality
    assert dq.get_column("kind").to_list() == ["missing_row"] * 38
    assert set(dq.get_column("date").to_list()) == {WED}
    assert dq.filter(pl.col("upn") == "P00").get_column("session").to_list() == ["PM"]
    assert (pupil(ev, "P02")["missing_marks"], pupil(ev, "P02")["possible"]) == (2, 18)
    ev = evaluate(register_rows(_two_marked_on_wed(21)), NO_CONFIG)
    assert ev.data_quality.select("kind", "upn", "date").rows() == [("stray_day", None, WED)]
    assert ev.data_quality.get_column("detail")[0].startswith(
        "only 2 of the 21 pupils on roll have marks: not taken as a school day"
    )
    assert (pupil(ev, "P02")["missing_marks"], pupil(ev, "P02")["possible"]) == (0, 18)


def test_a_session_one_in_ten_have_marks_on_is_a_register_taken():
    # roll._missing_sessions, the same share for a session (`few`: fewer than 1 in 10 of
    # those on roll marked; `<` -> `<=` survived): P00-P09 present every session, and on
    # Wed 9 Sep PM only P00 has a row.  1 of the 10 on roll is not fewer than a tenth: the
    # PM register was taken and the nine others have no row: nine missing rows, no missing
    # session (1 of 11 is the first test's missing session).  P01: 19 possible, 1 missing.
    rows = [
        {"upn": f"P{i:02d}", "date": d, "session": s, "mark": "/"}
        for i in range(10)
        for d in DAYS
        for s in ("AM", "PM")
        if (d, s) != (WED, "PM") or i == 0
    ]
    ev = evaluate(register_rows(rows), NO_CONFIG)
    assert ev.data_quality.select("kind", "upn", "date", "session").rows() == [
        ("missing_row", f"P{i:02d}", WED, "PM") for i in range(1, 10)
    ]
    assert (pupil(ev, "P01")["possible"], pupil(ev, "P01")["missing_marks"]) == (19, 1)
    assert pupil(ev, "P00")["possible"] == 20


@pytest.mark.parametrize("gap", [91, 92])
def test_a_session_13_weeks_after_the_rest_is_read_a_day_later_is_refused(tmp_path, gap):
    # loaders._register._stray_dates: a session more than MAX_GAP_DAYS (91 days, 13 weeks)
    # after every other is refused as a stray date (a year typed wrong), 91 days exactly
    # read (`>` -> `>=` survived).  Mon 7 - Thu 10 Sep 2026, then one session 91 days
    # after the Thursday (Thu 10 Dec) or 92 (Fri 11 Dec).
    far = D(2026, 9, 10) + dt.timedelta(days=gap)
    rows = [
        {"upn": "A", "date": d, "session": s, "mark": "/"}
        for d in [*school_days(D(2026, 9, 7), 4), far]
        for s in ("AM", "PM")
    ]
    path = write_long_csv(register_rows(rows), tmp_path / "long.csv")
    if gap == 91:
        assert load_registers([path]).register.get_column("date").max() == far
        return
    with pytest.raises(InputError) as e:
        load_registers([path])
    assert (
        "long.csv, line 10: a session dated 11/12/2026, in academic year 2026/27, is 13 weeks from every "
        "other session in this file (07/09/2026 to 10/09/2026"
    ) in str(e.value)


def test_a_stale_n_on_the_period_s_first_day_is_listed_once():
    # quality.window_stale_n lists the stale N the penalty-notice window counts BEFORE the
    # period (`date < start`; `<=` survived): one on the period's first day is the
    # period's own, listed once.  A: '/' every session Mon 7 - Fri 25 Sep 2026 but N on
    # Mon 14 Sep AM; the period from Mon 14 Sep, as of Fri 25 Sep: the N is 9 school days
    # old (15-18, 21-25 Sep), stale (over 5), in the window and in the period.
    marks = " ".join(["/\\"] * 5 + ["N\\"] + ["/\\"] * 9)
    reg = register({"A": marks}, start=D(2026, 9, 7))
    ev = evaluate(reg, NO_CONFIG, as_of=D(2026, 9, 25), period_start=D(2026, 9, 14))
    assert ev.pn_stale_n.height == 0
    assert ev.data_quality.select("kind", "date", "session", "detail").rows() == [
        ("stale_n", D(2026, 9, 14), "AM", "N, 9 school days old")
    ]
    result = check_register(reg, NO_CONFIG, as_of=D(2026, 9, 25), period_start=D(2026, 9, 14))
    assert result.data_quality.select("kind", "date", "session").rows() == [
        ("stale_n", D(2026, 9, 14), "AM")
    ]


def _long(path, days_marks: list[tuple[dt.date, str]]):  # noqa: ANN001, ANN202
    """A long export of pupils A and B: the same mark (empty: a blank cell) each session
    of each day given."""
    lines = ["UPN,Surname,Forename,Date,Session,Mark"]
    for upn in ("A", "B"):
        for day, mark in days_marks:
            for s in ("AM", "PM"):
                lines.append(f"{upn},Surname{upn},Forename{upn},{day:%d/%m/%Y},{s},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_grid_s_blank_day_before_an_inset_day_entered_ahead_ends_the_export(tmp_path):
    # loaders._marked_ends (`date >= the first no-mark's date`; `>` survived): the first
    # export, made for the whole term on Fri 18 Sep, has '/' Mon 7 - Fri 18 Sep, Mon 21
    # Sep blank for everyone (not yet taken), Tue 22 Sep '#' (an INSET day entered ahead)
    # and Wed 23 - Fri 25 blank.  Its data end Fri 18 Sep (before the first blank session
    # with marks after it), not Tue 22 Sep.  The second export, Mon 14 - Mon 21 Sep all
    # '/', ends later: its Mon 21 Sep fills in the first's blank cells (2 pupils x 2
    # sessions = 4), no conflict.  Had the first ended on Tue 22 Sep it would be the later
    # export, and its blank cells could not take the second's marks away: refused.
    first = _long(
        tmp_path / "term.csv",
        [(d, "/") for d in school_days(D(2026, 9, 7), 10)]
        + [(D(2026, 9, 21), ""), (D(2026, 9, 22), "#")]
        + [(d, "") for d in school_days(D(2026, 9, 23), 3)],
    )
    second = _long(tmp_path / "week.csv", [(d, "/") for d in school_days(D(2026, 9, 14), 6)])
    loaded = load_registers([first, second])
    assert [r.last_date for r in loaded.files] == [D(2026, 9, 18), D(2026, 9, 21)]
    assert any(
        w.startswith("4 sessions with no mark in an earlier export filled in by the later")
        for w in loaded.warnings
    )


def test_an_n_on_the_school_year_s_first_day_is_this_year_s():
    # quality.window_stale_n: an N before the period is "last school year" only before
    # 1 September (`date < year_start`; `<=` survived).  A: N on Tue 1 Sep 2026 AM, '/'
    # every other session to Fri 25 Sep; the period from Mon 14 Sep, as of Fri 25 Sep:
    # the N is 18 school days old (2-4, 7-11, 14-18, 21-25 Sep), stale, this school year's,
    # before the period.
    marks = " ".join(["N\\"] + ["/\\"] * 18)
    ev = evaluate(
        register({"A": marks}, start=D(2026, 9, 1)), NO_CONFIG,
        as_of=D(2026, 9, 25), period_start=D(2026, 9, 14),
    )  # fmt: skip
    assert ev.pn_stale_n.select("date", "session", "detail").rows() == [
        (
            D(2026, 9, 1),
            "AM",
            "N, 18 school days old: before the period from 14/09/2026, counted in the "
            "penalty-notice window",
        )
    ]


def test_an_n_five_school_days_old_is_not_yet_stale_in_the_window():
    # quality.window_n: an N is fresh (not yet stale) up to [thresholds] n_within_days (5)
    # school days old, as the data-quality list's `> n_days` (`<=` -> `<` survived).  A:
    # N on Fri 11 Sep AM (6 school days old on Mon 21 Sep: 14-18, 21) and Mon 14 Sep AM
    # (5: 15-18, 21), '/' otherwise, Mon 7 - Mon 21 Sep: 2 N in the window, 1 fresh.
    from attcli.quality import window_n

    marks = " ".join(["/\\"] * 4 + ["N\\", "N\\"] + ["/\\"] * 5)
    ev = evaluate(register({"A": marks}, start=D(2026, 9, 7)), NO_CONFIG, as_of=D(2026, 9, 21))
    assert window_n(ev).select("upn", "n", "fresh", "earlier").rows() == [("A", 2, 1, 0)]
    assert ev.data_quality.select("kind", "date").rows() == [("stale_n", D(2026, 9, 11))]


@pytest.mark.parametrize("dashes", [2, 3])
def test_a_session_of_dashes_is_the_school_s_when_more_than_half_have_one(dashes):
    # roll.resolve, DASH_DAY_SHARE: a session with no possible mark but '-' (no mark
    # recorded) is a register the school opened when MOST of the pupils on roll have one
    # (`n * 2 > on_roll`; `>=` survived).  P0-P3 present every session of the ten days
    # but Wed 9 Sep PM, where the first `dashes` have '-' and the rest no row.  2 of 4 is
    # not most: not the school's session, so the two '-' are missing marks and the others
    # no missing row, the session one with no register (sweep leftovers5: every pupil on
    # roll accounted for in its item); 3 of 4 is: the fourth has a missing row.
    rows = [
        {"upn": f"P{i}", "date": d, "session": s, "mark": "-" if (d, s) == (WED, "PM") else "/"}
        for i in range(4)
        for d in DAYS
        for s in ("AM", "PM")
        if (d, s) != (WED, "PM") or i < dashes
    ]
    ev = evaluate(register_rows(rows), NO_CONFIG)
    want = [("missing_mark", f"P{i}") for i in range(dashes)]
    if dashes == 3:
        want.append(("missing_row", "P3"))
    else:
        want.append(("missing_session", None))
    assert ev.data_quality.select("kind", "upn").rows() == want
    assert set(ev.data_quality.get_column("date")) == {WED}
    assert pupil(ev, "P3")["missing_marks"] == (dashes == 3)


def test_a_pupil_whose_marks_end_on_the_later_export_s_first_day_and_absent_is_named(tmp_path):
    # loaders._left_out: a later export covering days on which the earlier one has a
    # pupil's marks, with no row for the pupil, names the pupil (`_to >= the later's
    # first date`; `>` survived).  The first export: A and B '/' every session Mon 7 -
    # Fri 18 Sep, C Mon 7 - Mon 14 Sep (rows to then).  The second, Mon 14 - Fri 25 Sep,
    # has A and B only: C's last day in the first is the second's first: named.
    def rows(upns, first, n):  # noqa: ANN001, ANN202
        return [
            {"upn": u, "date": d, "session": s, "mark": "/"}
            for u in upns
            for d in school_days(first, n)
            for s in ("AM", "PM")
        ]

    one = write_long_csv(
        register_rows(rows("AB", D(2026, 9, 7), 10) + rows("C", D(2026, 9, 7), 6)),
        tmp_path / "one.csv",
    )
    two = write_long_csv(register_rows(rows("AB", D(2026, 9, 14), 10)), tmp_path / "two.csv")
    loaded = load_registers([one, two])
    assert [w for w in loaded.warnings if "taken as having left" in w] == [
        f"C is in {one} up to 14/09/2026 but not in {two}, which covers 14/09/2026 to "
        f"25/09/2026: taken as having left; if not, {two} leaves pupils out (a filtered "
        "export?)"
    ]


@pytest.mark.parametrize("gone", [9, 10])
def test_ten_pupils_left_out_of_the_next_week_s_export_are_named_nine_are_not(tmp_path, gone):
    # loaders._left_out: of week-only exports, the pupils on roll on the earlier one's last
    # day and in no later one are named when they are MANY_LEFT (10) or more, or a whole
    # group (`gone.height < MANY_LEFT`; `<=` survived).  30 pupils (no groups given) '/'
    # every session Mon 7 - Fri 11 Sep; the next week's export, Mon 14 - Fri 18 Sep, lacks
    # the first `gone` of them: 9 is a pupil or two leaving writ large, not said; 10 named.
    def rows(upns, first):  # noqa: ANN001, ANN202
        return [
            {"upn": u, "date": d, "session": s, "mark": "/"}
            for u in upns
            for d in school_days(first, 5)
            for s in ("AM", "PM")
        ]

    upns = [f"P{i:02d}" for i in range(30)]
    one = write_long_csv(register_rows(rows(upns, D(2026, 9, 7))), tmp_path / "one.csv")
    two = write_long_csv(register_rows(rows(upns[gone:], D(2026, 9, 14))), tmp_path / "two.csv")
    notes = [w for w in load_registers([one, two]).warnings if "taken as having left" in w]
    if gone == 9:
        assert notes == []
        return
    assert notes == [
        f"10 pupils ({', '.join(upns[:10])}) are in {one} up to 11/09/2026 but not in {two}, "
        f"which covers 14/09/2026 to 18/09/2026: taken as having left; if not, {two} leaves "
        "pupils out (a filtered export?)"
    ]


def test_listed_pupils_joining_on_the_exports_last_day_or_leaving_on_their_first_are_named(
    tmp_path,
):
    # loaders._listed_with_no_row: a pupil the list has on roll on some day of the exports
    # (joined by their last day, not left before their first) with no row is named
    # (`joined <= hi`, `left >= lo`: `<` and `>` survived).  The export: U1 and U2 '/'
    # every session Mon 7 - Fri 18 Sep 2026.  The list: U3 joined Fri 18 Sep and U4 left
    # Mon 7 Sep, neither with a row: named; U5 joined Mon 21 Sep and U6 left Fri 4 Sep:
    # not on roll in the exports' dates, not named.
    upns = [f"A99931000000{i}" for i in range(1, 7)]
    rows = [
        {"upn": u, "date": d, "session": s, "mark": "/"}
        for u in upns[:2]
        for d in school_days(D(2026, 9, 7), 10)
        for s in ("AM", "PM")
    ]
    export = write_long_csv(register_rows(rows), tmp_path / "reg.csv")
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Legal Surname,Legal Forename,Admission Date,Leaving Date\n"
        + "".join(
            f"{u},Surname{i},Forename{i},{joined},{left}\n"
            for i, (u, joined, left) in enumerate(
                zip(
                    upns,
                    ["02/09/2025", "02/09/2025", "18/09/2026", "02/09/2025", "21/09/2026",
                     "02/09/2025"],
                    ["", "", "", "07/09/2026", "", "04/09/2026"],
                    strict=True,
                ),
                1,
            )
        ),
        encoding="utf-8",
    )  # fmt: skip
    loaded = load_registers([export], pupils=read_pupil_list(listed))
    assert [w for w in loaded.warnings if "no row in the exports" in w] == [
        f"2 pupils the pupil list {listed} has on roll in the exports' dates have no row in "
        f"the exports, so are not checked: {upns[2]} (Surname3, Forename3), {upns[3]} "
        "(Surname4, Forename4); export their register too (or give the list of the "
        "exports' pupils)"
    ]


def test_a_fresh_n_on_1_september_is_not_last_school_year_s():
    # quality.window_n: of the fresh N, `earlier` counts last school year's, before 1
    # September (`<` -> `<=` survived).  A: N on Tue 1 Sep 2026 AM, '/' to Fri 4 Sep; as
    # of then the N is 3 school days old (2-4 Sep), fresh, and this school year's.
    from attcli.quality import window_n

    ev = evaluate(
        register({"A": "N\\ /\\ /\\ /\\"}, start=D(2026, 9, 1)), NO_CONFIG, as_of=D(2026, 9, 4)
    )
    assert window_n(ev).select("upn", "n", "fresh", "earlier").rows() == [("A", 1, 1, 0)]


@pytest.mark.parametrize("on_roll", [10, 11])
def test_one_pupil_in_ten_with_y1_all_week_makes_it_a_closure_one_in_eleven_not(on_roll):
    # roll._handful_closures_out: a day with no possible mark is the school's closure when
    # at least the stray-day share (1 in 10) of those on roll have a closure code (Y1..Y7)
    # on it; fewer is a handful's, the day no closure (`<` -> `<=` survived).  `on_roll`
    # pupils '/' every session Mon 7 Sep - Fri 6 Nov 2026 but the week of 19-23 Oct, when
    # only P00 has rows, Y1 each session.  No term dates: the half terms are inferred.  1
    # of 10: a week closed, not a holiday, so Autumn 1 runs on to 6 Nov; 1 of 11: the
    # week is the half-term holiday and as of 6 Nov the half term is Autumn 2 from 26 Oct.
    week = weekdays(D(2026, 10, 19), D(2026, 10, 23))
    rows = [
        {"upn": f"P{i:02d}", "date": d, "session": s, "mark": "Y1" if d in week else "/"}
        for i in range(on_roll)
        for d in weekdays(D(2026, 9, 7), D(2026, 11, 6))
        for s in ("AM", "PM")
        if d not in week or i == 0
    ]
    ev = evaluate(register_rows(rows), NO_CONFIG)
    ht = ev.half_term
    assert (ht.name, ht.start, ht.end) == (
        ("Autumn 1", D(2026, 9, 7), D(2026, 11, 6))
        if on_roll == 10
        else ("Autumn 2", D(2026, 10, 26), D(2026, 11, 6))
    )
    assert pupil(ev, "P01")["possible"] == 80  # 8 weeks of 10 sessions either way


def test_data_ending_on_the_period_s_first_day_gives_figures_to_that_day():
    # coverage.Coverage.figures_end: the data's end when before the as-of date; the as-of
    # date only when the data end before the period begins (`<`; `<=` survived).  A '/'
    # every session Mon 7 - Mon 14 Sep 2026; the period from Mon 14 Sep, as of Fri 18
    # Sep: the figures run 14 to 14 Sep (2 possible), not to the 18th.
    ev = evaluate(
        register({"A": " ".join(["/\\"] * 6)}, start=D(2026, 9, 7)), NO_CONFIG,
        as_of=D(2026, 9, 18), period_start=D(2026, 9, 14),
    )  # fmt: skip
    assert (ev.period_start, ev.period_end) == (D(2026, 9, 14), D(2026, 9, 14))
    assert pupil(ev, "A")["possible"] == 2


def test_a_pupil_with_z_and_then_blank_cells_is_a_prospective_pupil_not_one_with_no_marks():
    # roll.resolve: of the pupils with no explicit mark, one with any Z written is a
    # prospective pupil (not on roll, no problem), one with only blank cells has "no mark
    # at all" (`marked.any()`; `all()` survived).  A '/' every session Mon 7 - Fri 18 Sep
    # 2026; Q Z the first three days, blank cells after: not on roll in these exports,
    # not listed, and no figure.
    reg = register(
        {"A": " ".join(["/\\"] * 10), "Q": " ".join(["Z"] * 3 + ["_"] * 7)}, start=D(2026, 9, 7)
    )
    ev = evaluate(reg, NO_CONFIG)
    assert ev.data_quality.height == 0
    assert ev.pupils.get_column("upn").to_list() == ["A"]


def test_a_later_export_beginning_on_the_earlier_s_last_day_is_compared_on_that_day(tmp_path):
    # loaders._no_row_where_marked compares a later export with an earlier one it covers
    # days of, from its first day (`c.first_date <= e.last_date`; `<` survived): one
    # beginning on the earlier's last day shares that day.  The first export: A and B '/'
    # every session Mon 7 - Mon 14 Sep 2026.  The second, Mon 14 - Fri 18 Sep: A every
    # session, B every session but Mon 14 PM (no row, after B's first row there), where
    # the first has B's '/': refused, not counted silently.
    def rows(upn, first, n, skip=()):  # noqa: ANN001, ANN202
        return [
            {"upn": upn, "date": d, "session": s, "mark": "/"}
            for d in school_days(first, n)
            for s in ("AM", "PM")
            if (d, s) not in skip
        ]

    one = write_long_csv(
        register_rows(rows("A", D(2026, 9, 7), 6) + rows("B", D(2026, 9, 7), 6)),
        tmp_path / "one.csv",
    )
    two = write_long_csv(
        register_rows(
            rows("A", D(2026, 9, 14), 5) + rows("B", D(2026, 9, 14), 5, [(D(2026, 9, 14), "PM")])
        ),
        tmp_path / "two.csv",
    )
    with pytest.raises(InputError) as e:
        load_registers([one, two])
    assert str(e.value).startswith(
        f"{two} has no row for 1 pupil on days it holds where the earlier export {one} has "
        "their marks (1 session, e.g. B 14/09/2026 PM '/' in "
    )


@pytest.mark.parametrize(("today", "days"), [("2026-09-21", 10), ("2026-09-22", 11)])
def test_an_export_ten_weekdays_old_is_not_said_out_of_date_eleven_is(monkeypatch, today, days):
    # coverage.out_of_date_note: said when the register ended MORE than 10 school days
    # (two weeks) before today (`n <= MAX_DAYS_AFTER_DATA`; `<` survived: tests/test_cli.py
    # looked for the 11-day line only, so a 10-day one passed).  No term dates: weekdays.
    # The exports end Fri 4 Sep 2026; today Mon 21 Sep: 7-18 Sep, 10 weekdays (today's
    # register may not be taken yet): nothing; Tue 22 Sep: 11, said.
    from attcli.coverage import out_of_date_note

    monkeypatch.setenv("ATTCLI_TODAY", today)
    notes = out_of_date_note(NO_CONFIG, D(2026, 9, 4))
    assert notes == ([] if days == 10 else [
        "the exports end 04/09/2026, 11 weekdays before today (22/09/2026): these figures "
        "are as of then, and what happened since is not in them; export the register up "
        "to date"
    ])  # fmt: skip


def test_a_blank_detail_is_filled_from_the_latest_export_that_gives_it(tmp_path):
    # loaders._details_filled: a kept row's blank detail is taken from the removed rows
    # of its session, the later export's value where they differ (`.first()` of those
    # ranked latest first; `.last()` survived).  Three exports of A, '/' every session:
    # one.csv to Fri 11 Sep 2026 with date of birth 01/01/2015, two.csv to Mon 14 Sep with
    # 02/01/2015 (corrected in the MIS), three.csv to Tue 15 Sep with no date of birth
    # column (kept: it ends latest).  A's date of birth is 02/01/2015 on every row of the
    # sessions the exports share (Tue 15 Sep, in three.csv alone, gives none).
    def export(name, n, born):  # noqa: ANN001, ANN202
        rows = [
            {"upn": "A", "date": d, "session": s, "mark": "/", "dob": born}
            for d in school_days(D(2026, 9, 7), n)
            for s in ("AM", "PM")
        ]
        return write_long_csv(register_rows(rows), tmp_path / name, dob=born is not None)

    files = [
        export("one.csv", 5, D(2015, 1, 1)),
        export("two.csv", 6, D(2015, 1, 2)),
        export("three.csv", 7, None),
    ]
    loaded = load_registers(files)
    shared = loaded.register.filter(pl.col("date") <= D(2026, 9, 14))
    assert shared.height == 12
    assert set(shared.get_column("dob").to_list()) == {D(2015, 1, 2)}
