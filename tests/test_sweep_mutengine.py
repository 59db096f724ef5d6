"""Mutation testing of the rules that decide who is flagged (sweep of 5 December (fourth),
mutengine): each test kills a small change to the code (a mutant) that left every test
passing, on a register whose right answer is worked out by hand from DOMAIN.md, at the
boundary exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

import polars as pl

from attcli.absence import agreed_absence, hold_reason
from attcli.calendar import compulsory_school_age_window, of_compulsory_school_age
from attcli.config import Config
from attcli.engine import evaluate
from attcli.percent import attendance_lines, pct_text, pct_texts
from attcli.runs import unmarked_within_line
from builders import pupil, register, register_rows, school_days

D = dt.date
CFG = Config()


# ----------------------------------------------------------------- penalty-notice window


def test_a_window_met_before_the_period_begins_in_the_data_s_first_school_week():
    # A local authority whose code counts 4 unauthorised sessions (penalty_notice.sessions
    # = 4).  The export begins Mon 7 Sep 2026, the first school week of the data (week 0);
    # P is N all day Mon 7 and Tue 8 Sep (4 sessions), then present.  --from Wed 9 Sep.
    # The window of the period's first day (the school weeks up to it: week 0 alone, its
    # sessions on or before 9 Sep) holds 4: met already when the period opened, so first
    # met on its first day, 9 Sep (DOMAIN.md 5: the first date it was met, in the period).
    # Kills `w0 >= 0` -> `w0 > 0` (the week of the period's first day the data's first).
    cfg = dataclasses.replace(CFG, pn_sessions=4)
    reg = register({"P": " ".join(["N", "N"] + ["/\\"] * 8), "Q": " ".join(["/\\"] * 10)})
    ev = evaluate(reg, cfg, as_of=D(2026, 9, 18), period_start=D(2026, 9, 9))
    p = pupil(ev, "P")
    assert (p["pn_window_sessions"], p["pn_threshold_met"]) == (4, True)
    assert p["pn_first_met"] == D(2026, 9, 9)
    # Q: none
    q = pupil(ev, "Q")
    assert (q["pn_window_sessions"], q["pn_threshold_met"], q["pn_first_met"]) == (0, False, None)


def test_a_window_met_before_the_period_counts_the_window_s_first_school_week():
    # School weeks from Mon 7 Sep 2026 (week 0) with no holiday: week 9 begins Mon 9 Nov.
    # P is N all day on the Mondays of weeks 0-4 (7 Sep .. 5 Oct: 10 sessions, the 10th on
    # 5 Oct), present on every other day.  --from Mon 9 Nov, as of 9 Nov: the window of
    # the period's first day is school weeks 0-9 (7 Sep .. 9 Nov), its first week
    # included, and holds 10: met when the period opened, first met 9 Nov (DOMAIN.md 5).
    # Without week 0 it would hold 8 and the first date met would be none though the
    # threshold is met.  Kills `_w >= w0 - span + 1` -> `>` (the carried window).
    days = ["/\\"] * 55  # to Fri 20 Nov
    for monday in (0, 5, 10, 15, 20):
        days[monday] = "N"
    reg = register({"P": " ".join(days)})
    ev = evaluate(reg, CFG, as_of=D(2026, 11, 9), period_start=D(2026, 11, 9))
    p = pupil(ev, "P")
    assert (p["pn_window_start"], p["pn_window_end"]) == (D(2026, 9, 7), D(2026, 11, 9))
    assert (p["pn_window_sessions"], p["pn_threshold_met"]) == (10, True)
    assert p["pn_first_met"] == D(2026, 11, 9)
    # a week on (Mon 16 Nov): the window is weeks 1-10 (14 Sep .. 16 Nov), 8 sessions; the
    # first date met in the period stays 9 Nov
    ev = evaluate(reg, CFG, as_of=D(2026, 11, 16), period_start=D(2026, 11, 9))
    p = pupil(ev, "P")
    assert p["pn_window_start"] == D(2026, 9, 14)
    assert (p["pn_window_sessions"], p["pn_threshold_met"], p["pn_first_met"]) == (
        8, False, D(2026, 11, 9)
    )
    # --from Mon 16 Nov: its window is weeks 1-10 (14 Sep .. 16 Nov), 8 sessions, week 0
    # not in it: never met in the period (kills `w0 - span + 1` -> `w0 - span`)
    ev = evaluate(reg, CFG, as_of=D(2026, 11, 16), period_start=D(2026, 11, 16))
    p = pupil(ev, "P")
    assert (p["pn_window_sessions"], p["pn_threshold_met"], p["pn_first_met"]) == (8, False, None)


# ----------------------------------------------------------------- bands


def test_the_default_minimum_for_a_band_is_10_possible_sessions_exactly():
    # DOMAIN.md 3: fewer than 10 possible sessions (a week) by default: no band.  Mon 7 -
    # Fri 11 Sep 2026.  P present all week: 10 of 10 -> green.  Q's first mark is Monday
    # PM (the AM blank is before the time on roll): 9 of 9 -> no band.  R: 9 of 10 = 90 %
    # exactly -> red (attendance <= 90 %).  Kills the default 10 -> 9 or 11.
    reg = register(
        {
            "P": "/\\ /\\ /\\ /\\ /\\",
            "Q": "_\\ /\\ /\\ /\\ /\\",
            "R": "N\\ /\\ /\\ /\\ /\\",
        }
    )
    ev = evaluate(reg, CFG)
    assert CFG.min_possible_sessions == 10
    p, q, r = pupil(ev, "P"), pupil(ev, "Q"), pupil(ev, "R")
    assert (p["possible"], p["attended"], p["band"]) == (10, 10, "green")
    assert (q["possible"], q["attended"], q["band"]) == (9, 9, None)
    assert (r["possible"], r["attended"], r["band"]) == (10, 9, "red")


# ----------------------------------------------------------------- codes


#: DOMAIN.md 1's table, and its legacy codes, written out again from the page: each code
#: and how a session of it counts.
DOMAIN_TABLE = {
    "present": ("/", "\\", "L"),
    "approved_activity": ("K", "V", "P", "W", "B", "J"),
    "authorised": ("C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "H", "F"),
    "unauthorised": ("G", "N", "O", "U"),
    "not_possible": ("D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#", "Y"),
}


def test_every_code_counts_as_domain_md_s_table_says():
    # One pupil a code: present on Mon 7 Sep 2026 (2 sessions), then 8 sessions of the code
    # (Tue - Fri); each pupil's counts are DOMAIN.md 1's: possible, attended, authorised and
    # unauthorised sessions (Z after a mark: off roll, counted nowhere).  Kills a code moved
    # to another category in codes.CODES (S, T, R, B, W, C1, E, Q, Y5, Y3 ...).
    codes = [c for cs in DOMAIN_TABLE.values() for c in cs]
    reg = register(
        {f"P{i:02d}": " ".join(["/\\"] + [f"{c}.{c}"] * 4) for i, c in enumerate(codes)}
        | {"ZZ": " ".join(["/\\"] * 5)}  # present all week: the school's days
    )
    ev = evaluate(reg, CFG)
    i = 0
    for category, cs in DOMAIN_TABLE.items():
        for c in cs:
            p = pupil(ev, f"P{i:02d}")
            i += 1
            counts = (p["possible"], p["attended"], p["authorised"], p["unauthorised"])
            expected = {
                "present": (10, 10, 0, 0),
                "approved_activity": (10, 10, 0, 0),
                "authorised": (10, 2, 8, 0),
                "unauthorised": (10, 2, 0, 8),
                "not_possible": (2, 2, 0, 0),
            }[category]
            assert counts == expected, (c, category, counts)


# ----------------------------------------------------------------- lateness


def test_lates_flag_at_4_in_a_half_term_not_3_and_u_counts_as_late():
    # DOMAIN.md 4: a late is L or U (default both); the flag is 4 or more in one half term.
    # Mon 7 - Fri 18 Sep 2026, one half term.  T: 3 lates (L Mon AM, L Tue AM, U Wed AM):
    # no flag.  F: 4 (L, L, U, U): flag.  Kills the default threshold 4 -> 3 and U
    # dropped from the late codes.
    present = ["/\\"] * 6
    reg = register(
        {
            "T": " ".join(["L\\", "L\\", "U\\", "/\\"] + present),
            "F": " ".join(["L\\", "L\\", "U\\", "U\\"] + present),
        }
    )
    ev = evaluate(reg, CFG)
    t, f = pupil(ev, "T"), pupil(ev, "F")
    assert (t["lates_half_term"], t["lates_flag"]) == (3, False)
    assert (f["lates_half_term"], f["lates_flag"]) == (4, True)


# ----------------------------------------------------------------- runs


def test_a_run_of_illness_from_1_september_counts_that_day():
    # DOMAIN.md 7: a run of 15 school days of illness in the school year flags.  The year's
    # first school day is Tue 1 Sep 2026; P is I from then for 15 school days (to Mon 21
    # Sep), then present.  With the sessions' rule set out of reach (100), the run alone
    # flags: 15 days from 1 Sep, 1 Sep itself counted.  Kills `date >= since` -> `>` (the
    # school year's first day dropped from a run of illness).
    cfg = dataclasses.replace(CFG, sickness_sessions=100)
    reg = register({"P": " ".join(["I"] * 15 + ["/\\"] * 5)}, start=D(2026, 9, 1))
    ev = evaluate(reg, cfg)
    p = pupil(ev, "P")
    assert (p["sickness_sessions"], p["sickness_longest_days"], p["sickness_flag"]) == (30, 15, True)
    run = ev.runs.filter((pl.col("upn") == "P") & (pl.col("kind") == "sickness")).to_dicts()
    assert [(r["start"], r["end"], r["days"]) for r in run] == [(D(2026, 9, 1), D(2026, 9, 21), 15)]


# ----------------------------------------------------------------- who is checked


def test_a_pupil_on_roll_for_one_session_at_either_end_of_the_period_is_checked():
    # Mon 7 - Fri 11 Sep 2026; --from Wed 9 Sep, as of Fri 11 Sep.  A pupil whose time on
    # roll meets the period by one session is a pupil of the period (a missed child is the
    # worst bug):
    # - J joined on the as-of day's afternoon (first mark Fri 11 Sep PM): 1 of 1 session,
    #   on roll, no band (too few sessions);
    # - L left after the morning of the period's first day (last mark Wed 9 Sep AM): 1 of 1
    #   session in the period, off roll since, left on 9 Sep.
    # Kills `_from <= cut` -> `<` and `_to >= first_ord` -> `>` (who is listed).
    reg = register(
        {
            "O": "/\\ /\\ /\\ /\\ /\\",
            "J": "__ __ __ __ _\\",
            "L": "/\\ /\\ /_ __ __",
        }
    )
    ev = evaluate(reg, CFG, as_of=D(2026, 9, 11), period_start=D(2026, 9, 9))
    assert sorted(ev.pupils.get_column("upn").to_list()) == ["J", "L", "O"]
    j, l_ = pupil(ev, "J"), pupil(ev, "L")
    assert (j["possible"], j["attended"], j["on_roll"], j["band"]) == (1, 1, True, None)
    assert (l_["possible"], l_["attended"], l_["on_roll"], l_["left_on"]) == (
        1, 1, False, D(2026, 9, 9)
    )


def test_an_export_taken_at_lunchtime_leaves_every_pupil_on_roll():
    # Mon 7 - Fri 11 Sep 2026, the export taken at lunchtime on Fri 11 Sep (the as-of
    # date): every pupil's last mark is that morning's.  They are on roll on the as-of
    # date (the last school day up to it, a session of it theirs), none has left; N's run
    # of unexplained absence (Wed 9 - Fri 11 Sep, 3 school days) is current.
    # Kills `_to >= ord_of(roll_day)` -> `>` (every pupil read as a leaver).
    reg = register({"P": "/\\ /\\ /\\ /\\ /_", "N": "/\\ /\\ N N N_"})
    ev = evaluate(reg, CFG, as_of=D(2026, 9, 11))
    for upn in ("P", "N"):
        p = pupil(ev, upn)
        assert (p["on_roll"], p["left_on"]) == (True, None), upn
    n = pupil(ev, "N")
    assert (n["continuous_absence_days"], n["continuous_absence_start"]) == (3, D(2026, 9, 9))


def test_the_lates_evidence_holds_a_late_on_the_school_year_s_first_day():
    # Every flag carries its evidence.  Tue 1 Sep 2026 is the school year's first school
    # day; F is late (L) on 1 Sep AM and on the mornings of 2, 3 and 4 Sep: 4 lates in the
    # half term, flagged, and the 4 sessions listed, 1 Sep among them.  Kills the
    # evidence's `date >= academic_year_start` -> `>`.
    reg = register({"F": " ".join(["L\\"] * 4 + ["/\\"] * 6)}, start=D(2026, 9, 1))
    ev = evaluate(reg, CFG)
    f = pupil(ev, "F")
    assert (f["lates_half_term"], f["lates_flag"]) == (4, True)
    lates = ev.late_sessions.filter(pl.col("upn") == "F")
    assert lates.select("date", "session", "mark").rows() == [
        (D(2026, 9, d), "AM", "L") for d in (1, 2, 3, 4)
    ]


def test_a_run_that_ends_on_the_period_s_first_day_is_one_of_the_period_s_runs():
    # Mon 7 - Fri 18 Sep 2026.  P is N all day Mon 7 - Wed 9 Sep, present from Thu 10.
    # --from Wed 9 Sep, as of Fri 18 Sep: the run (7-9 Sep, 3 school days) meets the period
    # on its first day, so it is listed, not current (P came back).  Kills the runs'
    # `end >= start` -> `>`.
    reg = register({"P": " ".join(["N"] * 3 + ["/\\"] * 7)})
    ev = evaluate(reg, CFG, as_of=D(2026, 9, 18), period_start=D(2026, 9, 9))
    runs = ev.runs.filter((pl.col("upn") == "P") & (pl.col("kind") == "unexplained"))
    assert runs.select("start", "end", "days", "current").rows() == [
        (D(2026, 9, 7), D(2026, 9, 9), 3, False)
    ]


# ----------------------------------------------------------------- letters held for review


def test_letters_are_held_when_the_codes_are_more_than_the_share_not_at_it():
    # A pupil's letters are held when the sessions of the hold codes are MORE than the
    # share (%) of all their absence sessions, on exact integers (held * 100 > share *
    # absent).  Share 50: 50 I of 99 absence sessions is 50.5 %: held; 50 of 100 is 50 %
    # exactly: not held; 49 of 99 (49.5 %): not held.  Kills `held * 100` -> `held * 99`
    # and `>` -> `>=`.
    codes, share = ("I", "M"), Fraction(50)
    assert hold_reason({"I": 50, "N": 49}, codes, share) == (
        "50 of 99 absence sessions this school year are I (illness)"
    )
    assert agreed_absence({"I": 30, "M": 20, "N": 49}, codes, share) == (
        "illness and medical or dental appointments"  # (a letter's words, sweep looks12)
    )
    assert hold_reason({"I": 50, "N": 50}, codes, share) is None
    assert agreed_absence({"I": 30, "M": 20, "N": 50}, codes, share) is None
    assert hold_reason({"I": 49, "N": 50}, codes, share) is None


# ----------------------------------------------------------------- half terms


def test_an_export_that_begins_in_march_is_spring_2():
    # Half terms inferred from the exports (no term dates): the exports begin Mon 1 Mar
    # 2027, after the spring half-term holiday, and run three weeks to Fri 19 Mar.  March is
    # the spring term; begun after its half term, the first inferred half term is Spring 2
    # (not Spring 1, nor a summer half term).  Kills `start.month <= 3` -> `< 3`.
    reg = register({"P": " ".join(["/\\"] * 15)}, start=D(2027, 3, 1))
    ev = evaluate(reg, CFG)
    assert (ev.half_term.name, ev.half_term.start, ev.half_term.end) == (
        "Spring 2", D(2027, 3, 1), D(2027, 3, 19)
    )


def test_an_export_that_begins_on_25_october_is_autumn_2():
    # The exports begin Mon 25 Oct 2027, the day from which attcli reads an autumn export
    # as begun after the half-term holiday (calendar.SECOND_HALF_FROM: on or after 25
    # October), and run two weeks: Autumn 2, the day itself included.  Kills `start >=
    # start.replace(**SECOND_HALF_FROM[term])` -> `>`.
    reg = register({"P": " ".join(["/\\"] * 10)}, start=D(2027, 10, 25))
    ev = evaluate(reg, CFG)
    assert (ev.half_term.name, ev.half_term.start) == ("Autumn 2", D(2027, 10, 25))


# ----------------------------------------------------------------- sessions left this year


def test_sessions_left_are_estimated_from_a_register_that_begins_on_8_september():
    # No term dates: the sessions left this year are the statutory 380 less the sessions
    # so far, which a register from the year's first school day counts; one whose first
    # school day is after 8 September (coverage.LATEST_TERM_START) cannot: not known.
    # From Tue 8 Sep 2026 to Fri 18 Sep: 9 school days, 18 sessions, 362 left.  P present
    # throughout (18 of 18, green): to end the year green (at least 92 %) P can miss k
    # with (18 + 362 - k) * 100 >= 92 * 380 = 34,960: k at most 30.  From Wed 9 Sep: not
    # known, no number.  Kills `this_year[0] > 8 Sep` -> `>=`.
    reg = register({"P": " ".join(["/\\"] * 9)}, start=D(2026, 9, 8))
    ev = evaluate(reg, CFG)
    assert list(ev.sessions_left.values()) == [362]
    p = pupil(ev, "P")
    assert (p["possible"], p["band"], p["can_miss_sessions"]) == (18, "green", 30)
    # --from 8 Sep, the register's first day, by the 8th: still the school year to date
    # (kills is_the_year's `start <= 8 Sep` -> `<`)
    ev = evaluate(reg, CFG, period_start=D(2026, 9, 8))
    assert pupil(ev, "P")["can_miss_sessions"] == 30
    reg = register({"P": " ".join(["/\\"] * 8)}, start=D(2026, 9, 9))
    ev = evaluate(reg, CFG)
    assert list(ev.sessions_left.values()) == [None]
    assert pupil(ev, "P")["can_miss_sessions"] is None


def test_on_the_first_day_of_a_half_term_lates_are_that_half_term_s():
    # Mon 7 Sep - Fri 23 Oct 2026 (Autumn 1), the holiday 26-30 Oct, Mon 2 Nov the first
    # day of Autumn 2 and the as-of date.  T was late (L) on the mornings of 19-22 Oct (4
    # lates in Autumn 1) and both sessions of 2 Nov: as of 2 Nov the half term is Autumn 2
    # from that day, with 2 lates: no flag (4 in Autumn 1 are not 4 in this half term).
    # Kills half_term_of's `ht.start <= day` -> `<` (Autumn 1's lates read as current).
    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    days = ["/\\"] * 36
    for i in (30, 31, 32, 33):  # Mon 19 - Thu 22 Oct
        days[i] = "L\\"
    days[35] = "LL"  # Mon 2 Nov
    reg = register({"T": " ".join(days)}, holidays=holiday)
    ev = evaluate(reg, CFG, as_of=D(2026, 11, 2))
    assert (ev.half_term.name, ev.half_term.start) == ("Autumn 2", D(2026, 11, 2))
    t = pupil(ev, "T")
    assert (t["lates_half_term"], t["lates_flag"]) == (2, False)


# ----------------------------------------------------------------- compulsory school age


def test_compulsory_school_age_begins_on_31_december_after_an_autumn_fifth_birthday():
    # DOMAIN.md 5: from the prescribed day on or after the 5th birthday (31 December, 31
    # March or 31 August) to the last Friday in June of the school year in which the child
    # turns 16.  Born 15 Oct 2019: 5 on 15 Oct 2024, so from 31 Dec 2024; 16 on 15 Oct
    # 2035 (school year 2035/36), so to Fri 27 Jun 2036 (30 June 2036 is a Monday).
    # Kills the 31 December prescribed day moved to the 30th.
    assert compulsory_school_age_window(D(2019, 10, 15)) == (D(2024, 12, 31), D(2036, 6, 27))
    assert of_compulsory_school_age(D(2019, 10, 15), D(2024, 12, 30)) is False
    assert of_compulsory_school_age(D(2019, 10, 15), D(2024, 12, 31)) is True


# ----------------------------------------------------------------- percentages people read


def test_a_figure_a_tenth_would_put_on_the_90_line_keeps_its_decimals():
    # 2251 of 2500 is 90.04 %: amber (red is 90 % or less).  To one decimal it would read
    # 90.0, on the line, so it keeps two: 90.04 (percent.py's rule).  4499 of 5000 is 89.98
    # %: red, read 89.98, not 90.0.  1251 of 2500 is 50.04 %: red, not severe (50 % or
    # less), read 50.04, never 50.0.  Kills the shown side's `10 * t.numerator` -> `9 *` in
    # pct's integer shortcut (50.0 printed for a pupil above the severe line).
    lines = attendance_lines([b.threshold for b in CFG.bands])
    assert pct_text(2251, 2500, lines) == "90.04%"
    assert pct_text(4499, 5000, lines) == "89.98%"
    assert pct_text(2250, 2500, lines) == "90.0%"
    assert pct_text(2299, 2500, lines) == "91.96%"  # 92.0 would be green
    assert pct_text(1251, 2500, lines) == "50.04%"
    assert pct_text(1250, 2500, lines) == "50.0%"
    # the column at once (the check table's), the same figures
    nums, dens = pl.Series([2251, 4499, 2250, 2299, 1251, 1250]), pl.Series([2500, 5000] + [2500] * 4)
    assert pct_texts(nums, dens, lines).to_list() == [
        "90.04%", "89.98%", "90.0%", "91.96%", "50.04%", "50.0%"
    ]


# ----------------------------------------------------------------- runs that may be longer


def test_runs_that_may_reach_a_threshold_through_unmarked_days_are_those_short_of_it():
    # From Tue 1 Sep 2026.  U is N for 5 school days, has a day with no mark (`-`, neither
    # counted nor a break: DOMAIN.md 1), N for 5 more, then present: a run of 10 school
    # days, at the CME threshold already (it is on the 10-day list), not one that "may
    # reach" it.  S is ill (I) from 1 Sep for 7 days, a day with no mark, 7 more: a run of
    # illness of 14 school days from the school year's first day, 28 sessions (under 30, no
    # flag), which the day with no mark may take to 15: said.  Kills `days < days` -> `<=`
    # and the illness runs' `start >= academic_year_start` -> `>` in
    # runs.unmarked_within_line.
    reg = register(
        {
            "U": " ".join(["N"] * 5 + ["-"] + ["N"] * 5 + ["/\\"] * 4),
            "S": " ".join(["I"] * 7 + ["-"] + ["I"] * 7),
        },
        start=D(2026, 9, 1),
    )
    ev = evaluate(reg, CFG)
    runs = ev.runs.filter(pl.col("unmarked_within_days") > 0).sort("upn")
    assert runs.select("upn", "kind", "start", "days", "unmarked_within_days").rows() == [
        ("S", "sickness", D(2026, 9, 1), 14, 1),
        ("U", "unexplained", D(2026, 9, 1), 10, 1),
    ]
    assert pupil(ev, "S")["sickness_flag"] is False
    line = unmarked_within_line(ev)
    assert line is not None and line.startswith("1 run of illness may reach 15 school days"), line
    assert "unexplained" not in line


def test_a_pupil_who_joined_on_1_september_has_the_year_s_sessions_left_over_a_period_from_july():
    # --from Mon 13 Jul 2026 (last school year), as of Fri 18 Sep 2026: the period is not
    # the school year, so sessions the pupil can miss are given only to a pupil whose year
    # to date is the period's: J, who joined on the year's first school day, Tue 1 Sep (no
    # day of the year before it).  No term dates: 380 less the 28 sessions of 1-18 Sep,
    # 352 left; J 28 of 28, green: (28 + 352 - k) * 100 >= 92 * 380: k at most 30.  O, on
    # roll since July, gets none.  Kills `_from >= year_ord` -> `>`.
    summer = [D(2026, 7, 27) + dt.timedelta(days=i) for i in range(36)]  # to Mon 31 Aug
    reg = register_rows(
        [
            {"upn": upn, "date": d, "session": s, "mark": "/" if s == "AM" else "\\"}
            for upn, first in (("O", D(2026, 7, 13)), ("J", D(2026, 9, 1)))
            for d in school_days(first, 24 if upn == "O" else 14, summer)
            for s in ("AM", "PM")
        ]
    )
    ev = evaluate(reg, CFG, as_of=D(2026, 9, 18), period_start=D(2026, 7, 13))
    j = pupil(ev, "J")
    assert (j["possible"], j["band"], j["can_miss_sessions"]) == (28, "green", 30)
    assert pupil(ev, "O")["can_miss_sessions"] is None
    # the default period, the school year from 1 Sep: both (kills is_the_year's `start <
    # year_start` -> `<=`, which took a period from 1 September for one from last year)
    ev = evaluate(reg, CFG, as_of=D(2026, 9, 18))
    assert ev.period_start == D(2026, 9, 1)
    for upn in ("O", "J"):
        assert (pupil(ev, upn)["possible"], pupil(ev, upn)["can_miss_sessions"]) == (28, 30), upn
