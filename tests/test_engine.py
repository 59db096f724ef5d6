"""Each rule of DOMAIN.md 2-7 on small hand-made registers; the answers are worked out
by hand in the comments."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attcli.config import Config, parse_config
from attcli.engine import band_expr, can_miss_exprs, evaluate
from builders import count_calls, pupil, register, register_rows

D = dt.date
CFG = Config()


# ----------------------------------------------------------------- measures and bands


def test_bands_at_the_exact_boundaries():
    # 50 school days = 100 sessions from Mon 7 Sep 2026 (no holidays in 10 weeks).
    def marks(absent_days: int) -> str:
        return " ".join(["/\\"] * (50 - absent_days) + ["N"] * absent_days)

    reg = register(
        {
            "G92": marks(4),  # 92/100 = 92 % exactly -> green (>= 92)
            "A91": marks(4) + " N\\",  # 4 N days + an N in the last AM... see A91 below
            "R90": marks(5),  # 90/100 = 90 % exactly -> red (attendance <= 90)
            "R51": " ".join(["/\\"] * 25 + ["/N"] + ["N"] * 24),  # 51/100 -> red
            "S50": marks(25),  # 50/100 = 50 % exactly -> severe
        }
    )
    ev = evaluate(reg, CFG)
    assert pupil(ev, "G92")["attended"] == 92 and pupil(ev, "G92")["band"] == "green"
    # A91 has 51 days: 46 present days, 4 N days, then N AM / present PM = 93 of 102
    # sessions = 91.18 % -> amber (90 < x < 92).
    a91 = pupil(ev, "A91")
    assert (a91["attended"], a91["possible"], a91["band"]) == (93, 102, "amber")
    r90 = pupil(ev, "R90")
    assert (r90["possible"], r90["attended"], r90["unauthorised"]) == (100, 90, 10)
    assert r90["attendance_pct"] == 90.0 and r90["band"] == "red"
    assert pupil(ev, "R51")["attended"] == 51 and pupil(ev, "R51")["band"] == "red"
    s50 = pupil(ev, "S50")
    assert s50["attendance_pct"] == 50.0 and s50["band"] == "severe"


def test_171_of_190_is_exactly_90_and_red_but_91_of_100_is_amber():
    # 95 days = 190 sessions; 19 sessions absent (9 whole days + 1 AM): 171/190 = 0.9 exactly.
    # From Mon 7 Sep 2026, 95 weekdays run to Fri 15 Jan 2027: the period is the
    # academic year of the as-of date, so keep the data inside 2026/27.
    marks = ["/\\"] * 85 + ["N"] * 9 + ["N\\"]
    reg = register({"P": " ".join(marks), "Q": " ".join(["/\\"] * 86 + ["N"] * 9)})
    ev = evaluate(reg, CFG)
    p = pupil(ev, "P")
    assert (p["possible"], p["attended"]) == (190, 171)
    assert p["attendance_pct"] == 90.0 and p["band"] == "red"
    q = pupil(ev, "Q")  # 172/190 = 90.526 % -> amber
    assert (q["attended"], q["attendance_pct"], q["band"]) == (172, 90.53, "amber")


@pytest.mark.parametrize(
    ("attended", "possible", "band"),
    [
        (1799, 1999, "red"),  # 89.995 %: shown as 90.0 at one decimal, still red
        (1800, 2000, "red"),  # exactly 90 %
        (1801, 2000, "amber"),  # 90.05 %
        (9199, 10000, "amber"),  # 91.99 %: shown as 92.0 at one decimal, still amber
        (23, 25, "green"),  # 92 % exactly
        (5, 10, "severe"),  # 50 % exactly, at the minimum of 10 possible sessions
        (9, 9, None),  # fewer than 10 possible sessions: no band
        (0, 0, None),
    ],
)
def test_band_expr_compares_exact_integers(attended, possible, band):
    frame = pl.DataFrame({"a": [attended], "p": [possible]})
    got = frame.select(band_expr(pl.col("a"), pl.col("p"), CFG.bands, 10)).item()
    assert got == band


def test_school_specific_bands_from_config():
    # seed 003: 95 / 94 / 90; 19/20 = 95 % -> green (>= 95); 188/200 = 94 % -> upper amber.
    cfg = parse_config(
        "[[bands]]\nname='green'\nat_least=95\n[[bands]]\nname='upper amber'\nat_least=94\n"
        "[[bands]]\nname='lower amber'\nabove=90\n[[bands]]\nname='red'\n"
    )
    frame = pl.DataFrame({"a": [19, 188, 181, 90], "p": [20, 200, 200, 100]})
    got = frame.select(band_expr(pl.col("a"), pl.col("p"), cfg.bands, 10)).to_series().to_list()
    assert got == ["green", "upper amber", "lower amber", "red"]


@pytest.mark.parametrize("code", ["#", "X", "Y1", "D", "Z", "Q", "Y7", "-"])
def test_not_possible_codes_leave_the_denominator(code):
    # 10 days: 8 present, 1 day N (2 sessions), 1 day of the not-possible code.
    # possible = 18, attended = 16 -> 88.89 %; had the code counted, it would be 16/20.
    tok = code if len(code) == 1 else f"{code}.{code}"
    reg = register({"P": " ".join(["/\\"] * 8 + ["N", tok])})
    p = pupil(evaluate(reg, CFG), "P")
    assert (p["possible"], p["attended"], p["unauthorised"]) == (18, 16, 2)
    assert p["attendance_pct"] == 88.89


def test_authorised_unauthorised_and_approved_activity():
    # day 1 I/I, day 2 M then /, day 3 G/G, day 4 U then \, day 5 V/B, days 6-10 present.
    # possible 20; attended: day2 PM, day4 PM (U is unauthorised), day 5 both, 5 days
    # -> 1+1+2+10 = 14; authorised I,I,M = 3; unauthorised G,G,U = 3.
    reg = register({"P": "I M\\ G U\\ VB " + " ".join(["/\\"] * 5)})
    p = pupil(evaluate(reg, CFG), "P")
    assert (p["possible"], p["attended"], p["authorised"], p["unauthorised"]) == (20, 14, 3, 3)


def test_legacy_codes_count_as_they_did():
    # H and F authorised, J attended, Y not possible: 5 days -> possible 8, attended 2+2
    reg = register({"P": "H F J Y /\\"})
    p = pupil(evaluate(reg, CFG), "P")
    assert (p["possible"], p["attended"], p["authorised"]) == (8, 4, 4)


# ----------------------------------------------------------------- lateness

HT2 = D(2026, 11, 2)


def two_half_terms(marks_ht1: list[str], marks_ht2: list[str]) -> str:
    """Mon 12 Oct - Fri 23 Oct (10 days), holiday 26-30 Oct, Mon 2 Nov on."""
    assert len(marks_ht1) == 10
    return " ".join(marks_ht1 + marks_ht2)


def test_lates_two_plus_two_across_half_terms_do_not_flag_four_in_one_do():
    ht1_two = ["L\\", "L\\"] + ["/\\"] * 8
    ht1_none = ["/\\"] * 10
    reg = register(
        {
            "X": two_half_terms(ht1_two, ["L\\", "UU"[0] + "\\"] + ["/\\"] * 8),  # 2 + 2
            "Y": two_half_terms(ht1_none, ["L\\", "L\\", "/L", "U\\"] + ["/\\"] * 6),  # 0 + 4
            "Z": two_half_terms(["L\\"] * 5 + ["/\\"] * 5, ["/\\"] * 10),  # 5 in HT1 only
        },
        start=D(2026, 10, 12),
        holidays=[D(2026, 10, d) for d in range(26, 31)],
    )
    ev = evaluate(reg, CFG)  # half terms inferred from the holiday week
    assert [h.name for h in ev.calendar.half_terms] == ["Autumn 1", "Autumn 2"]
    assert ev.half_term is not None and ev.half_term.start == HT2
    assert (pupil(ev, "X")["lates_half_term"], pupil(ev, "X")["lates_flag"]) == (2, False)
    assert (pupil(ev, "Y")["lates_half_term"], pupil(ev, "Y")["lates_flag"]) == (4, True)
    assert (pupil(ev, "Z")["lates_half_term"], pupil(ev, "Z")["lates_flag"]) == (0, False)
    # as of the end of the first half term, Z has 5 and is flagged
    ev1 = evaluate(reg, CFG, as_of=D(2026, 10, 23))
    assert (pupil(ev1, "Z")["lates_half_term"], pupil(ev1, "Z")["lates_flag"]) == (5, True)
    assert ev1.late_sessions.filter(pl.col("upn") == "Z").height == 5


# ----------------------------------------------------------------- penalty-notice threshold

# School weeks from Mon 7 Sep 2026, holiday 26-30 Oct:
#  1 Sep 7 | 2 Sep 14 | 3 Sep 21 | 4 Sep 28 | 5 Oct 5 | 6 Oct 12 | 7 Oct 19 |
#  (Oct 26: holiday, not a school week) | 8 Nov 2 | 9 Nov 9 | 10 Nov 16 | 11 Nov 23
WEEK_MONDAYS = [D(2026, 9, 7) + dt.timedelta(weeks=i) for i in range(7)] + [
    D(2026, 11, 2) + dt.timedelta(weeks=i) for i in range(4)
]
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def monday_n_in_weeks(weeks: set[int]) -> str:
    """55 days to Fri 27 Nov: N on Monday AM of each school week in ``weeks`` (1-based)."""
    tokens = []
    for w in range(1, 12):
        for day in range(5):
            tokens.append("N\\" if day == 0 and w in weeks else "/\\")
    return " ".join(tokens)


def test_penalty_notice_window_spans_the_half_term_holiday():
    reg = register(
        {
            "P": monday_n_in_weeks(set(range(2, 12))),  # 10 sessions in school weeks 2-11
            "Q": monday_n_in_weeks(set(range(1, 12)) - {6}),  # 10 sessions over 11 school weeks
            "R": monday_n_in_weeks(set(range(1, 11))),  # weeks 1-10: met, then week 1 drops out
        },
        start=D(2026, 9, 7),
        holidays=HOLIDAY,
    )
    ev = evaluate(reg, CFG)
    assert ev.as_of == D(2026, 11, 27)
    p = pupil(ev, "P")
    # window ending Fri 27 Nov = school weeks 2..11 = Mon 14 Sep .. Fri 27 Nov: 11 calendar
    # weeks with the holiday inside, 10 school weeks, 10 sessions -> met on Mon 23 Nov.
    assert (p["pn_window_start"], p["pn_window_end"]) == (D(2026, 9, 14), D(2026, 11, 27))
    assert p["pn_window_sessions"] == 10
    assert p["pn_threshold_met"] is True
    assert p["pn_first_met"] == D(2026, 11, 23)
    evidence = ev.pn_sessions.filter(pl.col("upn") == "P")
    assert evidence.get_column("date").to_list() == WEEK_MONDAYS[1:]
    q = pupil(ev, "Q")
    # any 10 consecutive school weeks hold at most 9 of Q's sessions
    assert (q["pn_window_sessions"], q["pn_threshold_met"], q["pn_first_met"]) == (9, False, None)
    r = pupil(ev, "R")
    # weeks 1-10 hold 10 sessions: first met Mon 16 Nov; by 27 Nov week 1 has left the window
    assert (r["pn_first_met"], r["pn_window_sessions"], r["pn_threshold_met"]) == (
        D(2026, 11, 16),
        9,
        False,
    )


def test_penalty_notice_counts_any_mix_and_is_met_mid_week():
    # G all week (10 sessions, Mon 7 - Fri 11 Sep), then present: met on Fri 11 Sep PM.
    reg = register({"P": " ".join(["GN", "OU", "G", "N", "G"] + ["/\\"] * 5)})
    p = pupil(evaluate(reg, CFG), "P")
    assert (p["pn_window_sessions"], p["pn_first_met"], p["pn_threshold_met"]) == (
        10,
        D(2026, 9, 11),
        True,
    )


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (D(2021, 10, 15), False),  # 5 on 15 Oct 2026: compulsory from 31 Dec 2026
        (D(2021, 8, 20), True),  # 5 on 20 Aug 2026: compulsory from 31 Aug 2026
        (D(2010, 11, 10), True),  # 16 on 10 Nov 2026: compulsory until Fri 25 Jun 2027
        (D(2010, 6, 15), False),  # 16 on 15 Jun 2026: ended Fri 26 Jun 2026
        (None, None),  # unknown: say so, don't assume
    ],
)
def test_compulsory_school_age_at_the_as_of_date(dob, expected):
    reg = register({"P": " ".join(["N"] * 10)}, dob={"P": dob})
    assert pupil(evaluate(reg, CFG), "P")["compulsory_school_age"] is expected


# ----------------------------------------------------------------- continuous absence


def test_run_crosses_a_weekend_and_an_inset_day_and_breaks_on_one_attended_session():
    # Mon 7 Sep .. : week 1 present; Wed 16 N, Thu 17 N, Fri 18 N, (weekend),
    # Mon 21 N, Tue 22 # (INSET), Wed 23 O, Thu 24 G -> one run of 6 school days
    # (Wed 16 - Thu 24); Fri 25 AM present breaks it; Mon 28, Tue 29 N -> current run of 2.
    marks = ["/\\"] * 5 + ["/\\", "/\\", "N", "N", "N", "N", "#", "O", "G", "/N", "N", "N"]
    reg = register({"P": " ".join(marks), "OTHER": " ".join(["/\\"] * 17)})
    ev = evaluate(reg, CFG)
    p = pupil(ev, "P")
    assert p["longest_absence_days"] == 6
    assert (p["continuous_absence_days"], p["continuous_absence_start"]) == (2, D(2026, 9, 28))
    assert p["last_attended"] == D(2026, 9, 25)
    runs = ev.runs.filter((pl.col("upn") == "P") & (pl.col("kind") == "unexplained"))
    assert runs.select("start", "end", "days", "current").rows() == [
        (D(2026, 9, 16), D(2026, 9, 24), 6, False),
        (D(2026, 9, 28), D(2026, 9, 29), 2, True),
    ]
    assert runs.get_column("codes").to_list()[0] == ["G", "N", "O"]


def test_authorised_or_late_after_close_breaks_a_run_half_day_not_possible_does_not():
    # N N, then AM # / PM N (counts: the only possible session is N), N -> 4 days;
    # then M (authorised) breaks; N N, then U (seen in school) breaks; N -> current 1.
    reg = register({"P": "N N #N N M N N U\\ N"})
    ev = evaluate(reg, CFG)
    runs = ev.runs.filter(pl.col("kind") == "unexplained").get_column("days").to_list()
    assert runs == [4, 2, 1]
    assert pupil(ev, "P")["continuous_absence_days"] == 1


def test_sickness_flag_on_a_15_day_run_or_30_sessions():
    reg = register(
        {
            "RUN15": " ".join(["I"] * 15 + ["/\\"] * 5),  # 15-day run (crosses two weekends)
            "RUN14": " ".join(["I"] * 14 + ["/\\"] * 6),  # 28 sessions, 14 days: no flag
            "CUM30": " ".join(["I", "/\\"] * 10 + ["I"] * 5),  # 30 sessions, longest run 5 days
        }
    )
    ev = evaluate(reg, CFG)
    assert (pupil(ev, "RUN15")["sickness_longest_days"], pupil(ev, "RUN15")["sickness_flag"]) == (
        15,
        True,
    )
    r14 = pupil(ev, "RUN14")
    assert (r14["sickness_sessions"], r14["sickness_longest_days"], r14["sickness_flag"]) == (
        28,
        14,
        False,
    )
    c30 = pupil(ev, "CUM30")
    assert (c30["sickness_sessions"], c30["sickness_longest_days"], c30["sickness_flag"]) == (
        30,
        5,
        True,
    )


#: The turn of the year (tests/school.py ROLLOVER_HALF_TERMS): Mon 6 - Fri 17 Jul 2026, the
#: last two weeks of Summer 2 (10 school days), then Thu 3 - Wed 30 Sep 2026 (20 school
#: days of Autumn 1: 3, 4, 7-11, 14-18, 21-25, 28-30); the summer holiday has no school day.
SICK_JULY = {
    "ACROSS7": "/ / " + "I " * 8,  # I Wed 8 - Fri 17 Jul: 8 days
    "ACROSS15": "/ / " + "I " * 8,  # the same 8 days
    "INYEAR": "/ " * 10,
    "CAI": "/ " * 5 + "N " * 5,  # N Mon 13 - Fri 17 Jul: 5 days
}
SICK_SEP = {
    "ACROSS7": "I " * 7 + "/ " * 13,  # I Thu 3 - Fri 11 Sep: 7 days, back Mon 14
    "ACROSS15": "I " * 15 + "/ " * 5,  # I Thu 3 - Wed 23 Sep: 15 days, back Thu 24
    "INYEAR": "/ / " + "I " * 15 + "/ " * 3,  # I Mon 7 - Fri 25 Sep: 15 days
    "CAI": "N " * 8 + "/ " * 12,  # N Thu 3 - Mon 14 Sep: 8 days, back Tue 15
}


def test_the_sickness_run_counts_this_school_year_only():
    """DOMAIN.md 7: 15 school days through illness *in the school year*; the count starts
    afresh on 1 September (docs/la-return.md).  ACROSS7 is ill 8 school days to the end of
    July and 7 from the first day of September: one run across the summer (the holiday
    neither counts nor breaks it), which made its longest run 15 days and flagged it with
    14 illness sessions this year (an LA return listed "School days 7, longest 15").  Now
    the sickness run is cut at 1 September: 7 days, 14 sessions, no flag.  ACROSS15 (8 +
    15 days) is flagged on 15 days (30 sessions), not 23.  INYEAR's run of 15 days wholly in
    September is as it was.  Runs of unexplained absence still cross the summer (DOMAIN.md
    6): CAI's 5 + 8 days are one run of 13 school days from 13 Jul."""
    from builders import across
    from school import ROLLOVER_HALF_TERMS

    config = parse_config(ROLLOVER_HALF_TERMS)
    reg = across((D(2026, 7, 6), SICK_JULY), (D(2026, 9, 3), SICK_SEP))
    ev = evaluate(reg, config, as_of=D(2026, 9, 30))
    cols = ("sickness_sessions", "sickness_longest_days", "sickness_flag")
    assert [pupil(ev, u)[c] for u in ("ACROSS7", "ACROSS15", "INYEAR") for c in cols] == [
        14, 7, False,
        30, 15, True,
        30, 15, True,
    ]  # fmt: skip
    sick = ev.runs.filter(pl.col("kind") == "sickness").sort("upn")
    assert sick.select("upn", "start", "end", "days").rows() == [
        ("ACROSS15", D(2026, 9, 3), D(2026, 9, 23), 15),
        ("ACROSS7", D(2026, 9, 3), D(2026, 9, 11), 7),
        ("INYEAR", D(2026, 9, 7), D(2026, 9, 25), 15),
    ]
    cai = ev.runs.filter(pl.col("kind") == "unexplained")
    assert cai.select("upn", "start", "end", "days").rows() == [
        ("CAI", D(2026, 7, 13), D(2026, 9, 14), 13),
    ]
    assert pupil(ev, "CAI")["longest_absence_days"] == 13
    # as of the last day of July's term the school year is 2025/26: the July days count
    july = evaluate(reg, config, as_of=D(2026, 7, 17))
    assert [pupil(july, "ACROSS7")[c] for c in cols] == [16, 8, False]


def test_the_sickness_sessions_count_this_school_year_only_whatever_the_period():
    """review9: check --from 2023-07-03 --as-of 2023-09-21 listed a pupil with "30 illness
    sessions this year; longest run of illness 14 school days": the sessions followed the
    period (--from, reaching back into July), the run was cut at 1 September.  DOMAIN.md
    7 counts illness "in the school year": the sickness rule's sessions now count the
    period's sessions in the school year of the as-of date, as the run does (and as
    la-return and register-check, whose period starts on 1 September, always did).  The
    registers of the test above, with the period from Mon 6 Jul 2026: ACROSS7 (I 8 days in
    July, 7 from Thu 3 Sep) has 14 illness sessions this year, not 30, and no flag;
    ACROSS15 (8 + 15) 30, flagged; INYEAR 30, flagged.  The period's own figures keep July:
    ACROSS7 possible 20 + 40 = 60 sessions, authorised 16 + 14 = 30.  (No term dates, as in
    the review's workspace: half terms inferred from the register.)"""
    from builders import across

    config = CFG
    reg = across((D(2026, 7, 6), SICK_JULY), (D(2026, 9, 3), SICK_SEP))
    ev = evaluate(reg, config, as_of=D(2026, 9, 30), period_start=D(2026, 7, 6))
    cols = ("sickness_sessions", "sickness_longest_days", "sickness_flag")
    assert [pupil(ev, u)[c] for u in ("ACROSS7", "ACROSS15", "INYEAR") for c in cols] == [
        14, 7, False,
        30, 15, True,
        30, 15, True,
    ]  # fmt: skip
    assert (pupil(ev, "ACROSS7")["possible"], pupil(ev, "ACROSS7")["authorised"]) == (60, 30)
    # the same as the school year's own period
    year = evaluate(reg, config, as_of=D(2026, 9, 30))
    assert [pupil(year, u)[c] for u in ("ACROSS7", "ACROSS15", "INYEAR") for c in cols] == [
        pupil(ev, u)[c] for u in ("ACROSS7", "ACROSS15", "INYEAR") for c in cols
    ]
    # a period starting after 1 September counts the school year too (sweep sickness: a
    # --from after September's illness hid it); INYEAR's I Mon 7 - Fri 25 Sep: 30, not
    # the 20 of Mon 14 - Fri 25 Sep, and its run of 15 days as before
    late = evaluate(reg, config, as_of=D(2026, 9, 30), period_start=D(2026, 9, 14))
    assert [pupil(late, "INYEAR")[c] for c in cols] == [30, 15, True]


# ----------------------------------------------------------------- sessions left to miss


def can_miss(attended: int, possible: int, remaining: int, band) -> int | None:  # noqa: ANN001
    """The rule, a pupil at a time: the most of the ``remaining`` sessions the pupil can miss
    and still end the year in ``band`` (the oracle for the engine's expressions)."""
    if band.threshold is None:
        return None
    a, p = attended + remaining, possible + remaining
    n, d = band.threshold.numerator, band.threshold.denominator
    # need (a - k) * 100 d  >= n p   (inclusive)   or  > n p  (exclusive)
    bound = n * p
    scale = 100 * d
    if band.inclusive:
        k = a - -(-bound // scale)  # a - ceil(bound/scale)
    else:
        k = a - (bound // scale + 1)
    return max(0, min(remaining, k))


def engine_can_miss(attended: int, possible: int, remaining: int, band) -> int | None:  # noqa: ANN001
    """What the engine's expressions give one pupil on roll in ``band`` (of CFG's bands)."""
    frame = pl.DataFrame({"a": [attended], "p": [possible], "b": [band.name], "r": [True]})
    miss, _ = can_miss_exprs(
        pl.col("a"), pl.col("p"), remaining, pl.col("b"), pl.col("r"), CFG.bands
    )
    return frame.select(miss).item()


@pytest.mark.parametrize("rule", [can_miss, engine_can_miss], ids=["rule", "engine"])
def test_can_miss_counts_to_the_end_of_the_year(rule):
    can_miss = rule  # the hand-worked answers, for the rule and for what the engine runs
    # green at 92 %: 46/50 now, 100 sessions left: end (146 - k)/150 >= 0.92 -> k <= 8
    assert can_miss(46, 50, 100, CFG.bands[0]) == 8
    # amber (> 90 %): 91/100 now, 0 left -> 91 - k > 90 -> k = 0
    assert can_miss(91, 100, 0, CFG.bands[1]) == 0
    # red (> 50 %): 60/100, 20 left: (80 - k)/120 > 0.5 -> k <= 19
    assert can_miss(60, 100, 20, CFG.bands[2]) == 19
    # never more than the sessions left
    assert can_miss(100, 100, 5, CFG.bands[0]) == 5


def test_can_miss_for_every_pupil_at_once_is_can_miss():
    """The expressions the engine uses give, pupil by pupil, what can_miss gives (and the
    next band down), on exact boundaries included: the default bands, a fractional
    inclusive threshold (92.5 %) and an exclusive one (90 %, exclusive)."""
    from fractions import Fraction

    from attcli.config import Band

    bands = (
        Band("top", Fraction(185, 2)),  # >= 92.5 %
        Band("mid", Fraction(90), inclusive=False),  # > 90 %
        *CFG.bands[2:],
    )
    for config_bands in (CFG.bands, bands):
        rows = [
            (a, p, b.name, here)
            for p in (0, 1, 2, 3, 7, 40, 80, 199, 200)
            for a in range(p + 1)
            for b in config_bands
            for here in (True, False)
        ] + [(5, 10, None, True)]
        frame = pl.DataFrame(
            rows, schema=["attended", "possible", "band", "on_roll"], orient="row"
        )
        for remaining in (0, 1, 13, 200):
            miss, nxt = can_miss_exprs(
                pl.col("attended"), pl.col("possible"), remaining, pl.col("band"),
                pl.col("on_roll"), config_bands,
            )  # fmt: skip
            got = frame.select(miss.alias("m"), nxt.alias("n")).rows()
            names = [b.name for b in config_bands]
            want = []
            for a, p, name, here in rows:
                if name is None or not here:
                    want.append((None, None))
                    continue
                i = names.index(name)
                following = names[i + 1] if i + 1 < len(names) else None
                want.append((can_miss(a, p, remaining, config_bands[i]), following))
            assert got == want


def test_can_miss_uses_the_configured_calendar():
    # config term dates to July: from Fri 11 Sep, weekdays left in the listed half terms
    cfg = parse_config(
        "[[calendar.half_terms]]\nname='A1'\nstart=2026-09-07\nend=2026-09-18\n"
        "[[calendar.half_terms]]\nname='S2'\nstart=2027-07-05\nend=2027-07-09\n"
    )
    # after Fri 11 Sep: Mon 14 - Fri 18 Sep (5 days) + 5 July days = 10 days = 20 sessions
    reg = register({"P": " ".join(["/\\"] * 5)})
    ev = evaluate(reg, cfg)
    # 10/10 + 20 left: (30 - k)/30 >= 0.92 -> k <= 2.4 -> 2
    assert pupil(ev, "P")["can_miss_sessions"] == 2 and pupil(ev, "P")["band"] == "green"


def test_half_term_figures():
    reg = register(
        {"P": two_half_terms(["N"] * 10, ["/\\"] * 9 + ["I"])},
        start=D(2026, 10, 12),
        holidays=HOLIDAY,
    )
    p = pupil(evaluate(reg, CFG), "P")
    # year: 40 possible, 18 attended; half term 2: 20 possible, 18 attended, 2 authorised
    assert (p["possible"], p["attended"]) == (40, 18)
    assert (p["ht_possible"], p["ht_attended"], p["ht_authorised"], p["ht_attendance_pct"]) == (
        20,
        18,
        2,
        90.0,
    )


def test_period_is_the_academic_year_of_the_as_of_date():
    # data from Mon 13 Jul 2026 to Fri 11 Sep 2026 (holiday between); as of 11 Sep
    # only September counts: Tue 1 Sep .. Fri 11 Sep.
    reg = register(
        {"P": " ".join(["N"] * 10 + ["/\\"] * 9)},
        start=D(2026, 7, 13),
        holidays=[D(2026, 7, 27) + dt.timedelta(days=i) for i in range(36)],  # to 31 Aug
    )
    ev = evaluate(reg, CFG)
    assert ev.period_start == D(2026, 9, 1)
    p = pupil(ev, "P")
    assert (p["possible"], p["attended"]) == (18, 18)
    # ...but the penalty-notice window reaches back across the summer: 10 school weeks
    # ending 11 Sep include July's N sessions (weeks of 13 and 20 Jul).
    assert p["pn_window_sessions"] == 20 and p["pn_threshold_met"] is True
    # already met when the period opened: first met on its first school day, Tue 1 Sep
    assert p["pn_first_met"] == D(2026, 9, 1)


# ----------------------------------------------------------------- regressions found by
# the property tests (tests/test_properties.py)


def test_on_roll_is_judged_on_the_last_school_day_not_a_later_not_possible_date():
    # Mon 7 - Thu 10 Sep 2026: A and B present; Fri 11 Sep: A is dual registered (D,
    # attending the other school), nobody else has a row.  Friday has no possible session,
    # so it is not a school day (decisions: Calendar); the last school day is Thu 10 Sep.
    # B was on roll that day and has not left.  (Found by
    # test_a_new_not_possible_session_changes_nothing: the engine compared each pupil's last
    # date with the last date of the data, Fri 11 Sep, and said B was not on roll, so
    # `letters` skipped B as a leaver.)  C's cells are blank from Wed and E's rows stop on
    # Tue: both left (last day on roll Tue 8 Sep).  F is marked '-' (no mark recorded)
    # from Wed: missing marks, which never take a pupil off roll (DOMAIN.md 1).
    reg = register(
        {
            "A": "/\\ /\\ /\\ /\\ D",
            "B": "/\\ /\\ /\\ /\\",
            "C": "/\\ /\\ _ _",
            "E": "/\\ /\\",
            "F": "/\\ /\\ - -",
        }
    )
    ev = evaluate(reg, CFG)
    assert ev.as_of == D(2026, 9, 11)
    got = {r["upn"]: (r["on_roll"], r["left_on"], r["missing_marks"]) for r in ev.pupils.to_dicts()}
    tue = D(2026, 9, 8)
    assert got == {
        "A": (True, None, 0),
        "B": (True, None, 0),
        "C": (False, tue, 0),
        "E": (False, tue, 0),
        "F": (True, None, 4),
    }


def test_penalty_notice_window_before_the_first_school_week_is_empty():
    # Fri 29 Aug 2025 is an INSET day ('#', the only row that week); term starts Mon 1 Sep.
    # As of 29 Aug no school week has begun: the window holds no school week and no
    # session.  (Found by test_penalty_notice_window_counts_unauthorised_sessions_in_ten_
    # school_weeks: the engine gave the window as Mon 1 Sep - Fri 29 Aug, starting after
    # it ended.)
    reg = register({"P": "# " + " ".join(["N"] * 5)}, start=D(2025, 8, 29))
    p = pupil(evaluate(reg, CFG, as_of=D(2025, 8, 29)), "P")
    assert (p["pn_window_start"], p["pn_window_end"]) == (D(2025, 8, 29), D(2025, 8, 29))
    assert (p["pn_window_sessions"], p["pn_threshold_met"]) == (0, False)
    assert p["possible"] == 0 and p["on_roll"] is True
    # a week later the window is the one school week, 1 - 5 Sep, with its 10 N sessions
    q = pupil(evaluate(reg, CFG), "P")
    assert (q["pn_window_start"], q["pn_window_sessions"], q["pn_threshold_met"]) == (
        D(2025, 9, 1),
        10,
        True,
    )


def test_on_roll_before_the_first_school_day_of_the_year_is_the_last_mark():
    # Tue 1 - Fri 4 Sep 2026: the school is closed ('#' for everyone); Mon 7 Sep: A is
    # dual registered (D), B has no row, C's last two days are '-' (no mark recorded).
    # No day in the period is a school day, so nobody can be seen to have left: all on
    # roll.  (Found by the long property sweep, test_a_new_not_possible_session_changes_
    # nothing: with no school day in the period the engine fell back to the last date in
    # the data, 7 Sep, and said B was not on roll.)  C's '-' is a missing mark, never a
    # leaving (DOMAIN.md 1): it used to read as "not on roll".
    reg = register({"A": "# # # # D", "B": "# # # #", "C": "# # - -"}, start=D(2026, 9, 1))
    ev = evaluate(reg, CFG)
    assert ev.as_of == D(2026, 9, 7)
    on_roll = {r["upn"]: r["on_roll"] for r in ev.pupils.to_dicts()}
    assert on_roll == {"A": True, "B": True, "C": True}


def test_one_pupils_y1_in_a_holiday_week_is_not_a_closure_week():
    # Mon 7 - Fri 18 Jul 2025 present, the week of 21 Jul a holiday, Mon 28 Jul - Fri 1 Aug
    # present.  One Y1 on Mon 21 Jul AM does not make that week "closed unexpectedly": it
    # stays a holiday, and the half term of 1 Aug still starts on 28 Jul.  (Found by the
    # property sweep, test_a_new_not_possible_session_changes_nothing: the Y1 joined the two
    # half terms, and the half-term figures of 1 Aug grew from 10 to 30 sessions.)
    days = [D(2025, 7, 7) + dt.timedelta(days=i) for i in range(26)]
    rows = [
        {"upn": "P", "date": d, "session": s, "mark": "/"}
        for d in days
        if d.weekday() < 5 and not D(2025, 7, 21) <= d <= D(2025, 7, 25)
        for s in ("AM", "PM")
    ] + [{"upn": "P", "date": D(2025, 7, 21), "session": "AM", "mark": "Y1"}]
    ev = evaluate(register_rows(rows), CFG)
    assert ev.calendar.closure_weeks == ()
    assert ev.half_term.start == D(2025, 7, 28)
    assert pupil(ev, "P")["ht_possible"] == 10


def test_check_json_does_not_filter_per_pupil():
    """Issue 15: the JSON of the weekly check looked up each flagged pupil's evidence with
    three filters of the evidence frames, so its time grew with pupils x evidence.  Counted,
    not timed: the number of DataFrame filters while rendering is the same for 5 flagged
    pupils as for 40."""
    from attcli import report_check
    from attcli.check import check_register

    def filters_for(n: int, monkeypatch) -> int:
        reg = register({f"P{i:02d}": " ".join(["N"] * 12) for i in range(n)})
        result = check_register(reg, CFG)
        assert result.pupils.filter(pl.col("groups").list.len() > 0).height == n
        with monkeypatch.context() as mp:
            calls = count_calls(mp, pl.DataFrame, "filter")
            report_check.to_json(result)
        return len(calls)

    mp = pytest.MonkeyPatch()
    try:
        assert filters_for(5, mp) == filters_for(40, mp)
    finally:
        mp.undo()


def test_each_pupil_s_days_when_the_key_needs_64_bits():
    """Issue 15: each pupil's days are found by sorting on the pupil's UPN code and the
    day packed into one integer, 32 bits where they fit.  Here they do not (a UPN code
    above 2**31, two years of dates): the same days, runs and codes, by pupil then day.
    Worked by hand: pupil 7 is absent unexplained (O) on both sessions of 1 Sep 2025 and
    on 3 Sep 2026's AM (its PM is present), then O again on 4 Sep 2026 AM only (PM not
    possible: a closure code); pupil 2**31 + 5 is present on 2 Sep 2026."""
    from attcli.engine import ATTENDED, _days
    from attcli.roll import SCHOOL_BITS

    D = dt.date
    big = 2**31 + 5
    school = 3
    rows = [
        (7, D(2025, 9, 1), "AM", "O", "unauthorised"), (7, D(2025, 9, 1), "PM", "O", "unauthorised"),
        (big, D(2026, 9, 2), "AM", "/", "present"), (7, D(2026, 9, 3), "AM", "O", "unauthorised"),
        (7, D(2026, 9, 3), "PM", "/", "present"), (7, D(2026, 9, 4), "AM", "O", "unauthorised"),
        (7, D(2026, 9, 4), "PM", "#", "not_possible"),
    ]  # fmt: skip
    marks = _marks_frame([(school * SCHOOL_BITS + p, *rest) for p, *rest in rows])
    kinds = {"unexplained": ("O", "N")}
    bit = _bit_exprs(kinds)
    got = _days(marks, school, kinds, bit).to_dicts()
    # a UPN code this large is no row of a grid: sorted (the same either way)
    assert _days(marks, school, kinds, bit, grid=False).to_dicts() == got
    p7, pbig = school * SCHOOL_BITS + 7, school * SCHOOL_BITS + big
    assert ATTENDED == ("present", "approved_activity")
    assert got == [
        {"pid": p7, "date": D(2025, 9, 1), "_c_unexplained": True, "_codes_unexplained": 1,
         "_attended": False, "_run_unexplained": 0},
        {"pid": p7, "date": D(2026, 9, 3), "_c_unexplained": False, "_codes_unexplained": 1,
         "_attended": True, "_run_unexplained": 1},
        {"pid": p7, "date": D(2026, 9, 4), "_c_unexplained": True, "_codes_unexplained": 1,
         "_attended": False, "_run_unexplained": 1},
        {"pid": pbig, "date": D(2026, 9, 2), "_c_unexplained": False, "_codes_unexplained": 0,
         "_attended": True, "_run_unexplained": 1},
    ]  # fmt: skip


def _example_prepared():
    """The example school (leavers, missing marks, runs, lateness and penalty-notice
    flags) loaded and prepared."""
    from pathlib import Path

    from attcli.config import load_config
    from attcli.engine import prepare
    from attcli.loaders import load_exports

    root = Path(__file__).resolve().parents[1] / "examples"
    config = load_config(root / "attcli.toml")
    loaded = load_exports([root / "exports" / "arbor_autumn_2026.csv"], config)
    return prepare(loaded.take_compact(), config)


@pytest.mark.parametrize(
    "as_of, start",
    [(None, None), (dt.date(2026, 10, 21), None), (dt.date(2026, 11, 13), dt.date(2026, 11, 2))],
)
def test_a_figures_only_evaluation_gives_the_full_one_s_pupils_in_its_order(as_of, start):
    """Issue 15: the report, the register check and NEW read figures-only evaluations
    (``flags_only``).  On the example school (leavers, missing marks, runs, lateness and
    penalty-notice flags) each pupil's every figure and flag, and the order of the rows,
    are the full evaluation's; only the evidence is left out."""
    prepared = _example_prepared()
    full = prepared.evaluate(as_of=as_of, period_start=start)
    only = prepared.evaluate(as_of=as_of, period_start=start, flags_only=True)
    assert full.pupils.height > 200 and full.runs.height and full.late_sessions.height
    assert full.pupils.get_column("pn_threshold_met").any()
    assert only.pupils.equals(full.pupils)  # values and order
    assert only.runs.drop("last_attended").equals(full.runs.drop("last_attended"))
    assert only.late_sessions.is_empty() and only.pn_sessions.is_empty()
    assert only.data_quality.is_empty()
    assert (only.period_start, only.period_end, only.coverage) == (
        full.period_start,
        full.period_end,
        full.coverage,
    )


@pytest.mark.parametrize(
    "as_of, start",
    [(None, None), (dt.date(2026, 10, 21), None), (dt.date(2026, 11, 13), dt.date(2026, 11, 2))],
)
def test_an_evaluation_of_figures_only_works_out_no_run_and_no_notice(as_of, start, monkeypatch):
    """Issue 15: the report and the summary count sessions and read nothing else, and ask
    for figures only (``figures_only``).  On the example school each pupil's figures,
    bands and order are the full evaluation's, the columns of the flags it does not work
    out (runs, the penalty-notice threshold) are not there to be read as blank, and no
    pupil's days (what runs are read from) and no session toward a notice are made:
    counted, before and after a full evaluation of the same prepared register."""
    from attcli.engine import FLAG_FIELDS, PUPIL_FIELDS, Prepared

    prepared = _example_prepared()
    made = count_calls(monkeypatch, Prepared, "_pn_events")
    candidates = count_calls(monkeypatch, Prepared, "candidates")
    only = prepared.evaluate(as_of=as_of, period_start=start, figures_only=True)
    assert (len(made), len(candidates), prepared._days) == (0, 0, {})
    full = prepared.evaluate(as_of=as_of, period_start=start)
    assert (len(made), len(candidates), list(prepared._days)) == (1, 2, [""])
    assert full.pupils.get_column("pn_threshold_met").any() and full.runs.height
    kept = [c for c in full.pupils.columns if c not in FLAG_FIELDS]
    assert set(full.pupils.columns) - set(kept) == FLAG_FIELDS <= set(PUPIL_FIELDS)
    assert only.pupils.equals(full.pupils.select(kept))  # values and order
    assert only.runs.is_empty() and only.runs.schema == full.runs.schema
    assert only.pn_sessions.is_empty() and only.pn_sessions.schema == full.pn_sessions.schema
    assert only.late_sessions.is_empty() and only.late_sessions.schema == full.late_sessions.schema
    assert only.data_quality.is_empty()
    assert (only.period_start, only.period_end, only.half_term, only.coverage) == (
        full.period_start,
        full.period_end,
        full.half_term,
        full.coverage,
    )


def _bit_exprs(kinds: dict[str, tuple[str, ...]]) -> dict[str, pl.Expr]:
    """Each run kind's codes as bits of the mark (what :class:`Prepared` hands ``_days``)."""
    from attcli.engine import _bits

    out = {}
    for k, codes in kinds.items():
        b = _bits(codes)
        out[k] = pl.col("mark").replace_strict(
            list(b), list(b.values()), default=0, return_dtype=pl.UInt32
        )
    return out


WEEKLY = [f"weekly/arbor_2027-0{m}-{d}.csv" for m, d in
          [(1, "08"), (1, "15"), (1, "22"), (1, "29"), (2, "05"), (2, "12")]]  # fmt: skip


@pytest.mark.parametrize(
    "exports", [["arbor_autumn_2026.csv"], ["integris_autumn_2026.xlsx"], WEEKLY]
)
def test_each_pupil_s_days_on_a_grid_are_the_sorted_days(exports, monkeypatch):
    """Issue 15: each pupil's days are read off a grid (a row per pupil, two cells a day)
    rather than by sorting millions of sessions.  On the example exports (leavers,
    missing marks, closures, runs of O and of I, pupils joining and leaving, six weekly
    files) the grid gives the very frame sorting gives: the same days, flags, codes and
    run numbers, in the same order, with the same types; and it is the grid that ran
    (allowed here for a register of any size: it is used from 262,144 sessions)."""
    from pathlib import Path

    from attcli import engine
    from attcli.config import load_config
    from attcli.engine import _days, prepare
    from attcli.loaders import load_exports

    monkeypatch.setattr(engine, "GRID_MIN_ROWS", 0)  # these registers are small
    monkeypatch.setattr(engine, "GRID_CELLS_PER_ROW", 1_000)  # and their codes may be apart
    # written in slices of a prime number of sessions: a day's two sessions and a pupil's
    # days fall either side of a slice's end
    monkeypatch.setattr(engine, "GRID_SLICE_ROWS", 97)
    root = Path(__file__).resolve().parents[1] / "examples"
    config = load_config(root / "attcli.toml")
    loaded = load_exports([root / "exports" / e for e in exports], config)
    prepared = prepare(loaded.take_compact(), config)
    calls: list[int] = []
    real = engine._days_sorted
    monkeypatch.setattr(engine, "_days_sorted", lambda *a: calls.append(1) or real(*a))
    bits = _bit_exprs(prepared.kinds)
    for school, marks in prepared._marks.items():
        code = prepared.school_code[school]
        got = _days(marks, code, prepared.kinds, bits)
        assert not calls  # the grid
        want = _days(marks, code, prepared.kinds, bits, grid=False)
        assert calls
        assert got.height > 100 and got.get_column("_c_unexplained").any()
        assert got.schema == want.schema
        assert got.equals(want)


def test_a_trust_school_s_spread_codes_get_a_grid_row_a_pupil(monkeypatch):
    """A trust's school in a shared export: its pupils' UPN codes are spread among the
    other schools' pupils' (the codes number the whole export's UPNs), so a grid with a
    row for every key from the lowest to the highest was mostly empty and the days were
    sorted (2.9 s of a 50-school check of 100,000 pupils). The grid now has a row for
    each of the school's pupils, in order of key: the very frame sorting gives (the
    example school's pupils' keys spread a thousand apart), and it is the grid that ran."""
    from pathlib import Path

    from attcli import engine
    from attcli.config import load_config
    from attcli.engine import _days, prepare
    from attcli.loaders import load_exports
    from attcli.roll import SCHOOL_BITS

    monkeypatch.setattr(engine, "GRID_MIN_ROWS", 0)
    monkeypatch.setattr(engine, "GRID_MIN_CELLS", 0)  # the grid's size as a large school's
    root = Path(__file__).resolve().parents[1] / "examples"
    config = load_config(root / "attcli.toml")
    loaded = load_exports([root / "exports" / "arbor_autumn_2026.csv"], config)
    prepared = prepare(loaded.take_compact(), config)
    calls: list[int] = []
    real = engine._days_sorted
    monkeypatch.setattr(engine, "_days_sorted", lambda *a: calls.append(1) or real(*a))
    bits = _bit_exprs(prepared.kinds)
    ((school, marks),) = prepared._marks.items()
    code = prepared.school_code[school]
    spread = marks.with_columns(
        (pl.col("pid") // SCHOOL_BITS * SCHOOL_BITS + pl.col("pid") % SCHOOL_BITS * 1000)
        .cast(pl.UInt64)
        .alias("pid")
    )
    keys = spread.get_column("pid")
    # the keys a thousand apart: a grid from the lowest to the highest is 99.9 % empty
    assert (keys.max() - keys.min()) // 1000 > 150 and keys.n_unique() > 150
    got = _days(spread, code, prepared.kinds, bits)
    assert not calls  # the grid, a row a pupil
    want = _days(spread, code, prepared.kinds, bits, grid=False)
    assert calls
    assert got.height > 100 and got.get_column("_c_unexplained").any()
    assert got.schema == want.schema
    assert got.equals(want)
    # and the same days as the pupils' own keys give, each with its key spread
    same = _days(marks, code, prepared.kinds, bits).with_columns(
        (pl.col("pid") // SCHOOL_BITS * SCHOOL_BITS + pl.col("pid") % SCHOOL_BITS * 1000)
        .cast(pl.UInt64)
        .alias("pid")
    )
    assert got.equals(same)


def test_a_session_with_two_rows_is_sorted_not_laid_on_a_grid():
    """The grid holds one cell a session; two rows for one session (which the loader
    never leaves) would overwrite one another, so the grid declines and the days are
    sorted, where the day's sessions are all read."""
    from attcli.engine import _days_on_grid

    kinds = {"unexplained": ("O", "N")}
    D = dt.date
    once = [(1, D(2026, 9, 7), "AM", "O", "unauthorised"), (1, D(2026, 9, 7), "PM", "/", "present")]
    assert _days_on_grid(_marks_frame(once), kinds) is not None
    twice = [*once, (1, D(2026, 9, 7), "AM", "/", "present")]
    assert _days_on_grid(_marks_frame(twice), kinds) is None


def test_a_session_with_two_rows_in_two_slices_of_the_grid_is_still_found(monkeypatch):
    """The grid is written a slice of the sessions at a time (issue 15: the memory of a
    large register): the second row of a session, in a later slice than the first, is
    still found (the cells written are counted over the whole grid)."""
    from attcli import engine

    monkeypatch.setattr(engine, "GRID_SLICE_ROWS", 2)
    kinds = {"unexplained": ("O", "N")}
    D = dt.date
    once = [(1, D(2026, 9, 7), "AM", "O", "unauthorised"), (1, D(2026, 9, 7), "PM", "/", "present")]
    assert engine._days_on_grid(_marks_frame(once), kinds) is not None
    twice = [*once, (2, D(2026, 9, 7), "AM", "/", "present"), (1, D(2026, 9, 7), "AM", "/", "present")]
    assert engine._days_on_grid(_marks_frame(twice), kinds) is None


def _marks_frame(rows: list[tuple]) -> pl.DataFrame:
    """Compact marks from ``(pid, date, session, mark, category)`` rows (and their
    ``ord``, as the compact register has)."""
    from attcli.codes import CATEGORY_DTYPE
    from attcli.roll import ord_expr

    frame = pl.DataFrame(
        {
            "pid": [p for p, *_ in rows],
            "date": [d for _, d, *_ in rows],
            "session": [s for _, _, s, *_ in rows],
            "mark": [m for *_, m, _ in rows],
            "category": [c for *_, c in rows],
        },
        schema_overrides={
            "pid": pl.UInt64,
            "session": pl.Enum(["AM", "PM"]),
            "mark": pl.Categorical,
            "category": CATEGORY_DTYPE,
        },
    )
    return frame.with_columns(ord_expr().alias("ord"))


def _same_evaluation(got, want) -> None:
    assert got.pupils.equals(want.pupils)  # values and order
    assert got.runs.equals(want.runs)
    assert got.pn_sessions.equals(want.pn_sessions)
    assert got.late_sessions.equals(want.late_sessions)
    assert got.data_quality.equals(want.data_quality)
    assert (got.as_of, got.period_start, got.period_end, got.half_term, got.coverage) == (
        want.as_of,
        want.period_start,
        want.period_end,
        want.half_term,
        want.coverage,
    )


@pytest.mark.parametrize(
    "asks",
    [
        # the weekly check and its week before (NEW)
        [(None, None, False), (dt.date(2026, 10, 14), None, True)],
        # the register check's year and term, the same day
        [(dt.date(2026, 11, 13), None, True), (dt.date(2026, 11, 13), dt.date(2026, 11, 2), True)],
        # the report's half term before, asked first; then three at once
        [(dt.date(2026, 10, 23), None, True), (None, None, True)],
        [(dt.date(2026, 9, 18), None, False), (None, None, False), (dt.date(2026, 10, 21), None, True)],
    ],
)
def test_several_dates_in_one_evaluation_give_what_each_gives_alone(asks, monkeypatch):
    """Issue 15: NEW, the report's last half term and the register check's year and term
    come from one evaluation (``evaluate_many``): one pass over the register counts every
    pupil's sessions for all the dates, and each pupil's sessions toward a notice are
    found once.  On the example school (leavers, missing marks, runs, lateness and
    penalty-notice flags) each date's evaluation is exactly the one evaluated alone, and
    the passes are counted: one each."""
    from attcli.engine import Ask, Prepared

    prepared = _example_prepared()
    counted = count_calls(monkeypatch, Prepared, "_counts")
    events = count_calls(monkeypatch, Prepared, "_pn_events")
    together = prepared.evaluate_many(*[Ask(*a) for a in asks])
    assert (len(counted), len(events)) == (1, 1)
    assert together[-1].pupils.get_column("pn_threshold_met").any()
    for ask, got in zip(asks, together, strict=True):
        alone = prepared.evaluate(ask[0], ask[1], flags_only=ask[2])
        _same_evaluation(got, alone)


def test_missing_rows_are_judged_by_each_school_s_own_sessions():
    """Two schools in one register (a trust's export), Mon 7 - Fri 11 Sep 2026.  Ash had
    every session; Birch was closed on Friday ('#' for its pupils: no possible session).
    B2 has no row on Wednesday: 2 missing rows, inside its time on roll (its marks run
    Monday to Friday).  Its Friday rows fall on sessions Ash had but Birch did not: they
    must not stand in for the missing Wednesday (judged on the ordinal alone, across
    schools, they did, and B2 had no missing row)."""
    ash = register({"A1": "/\\ /\\ /\\ /\\ /\\"}, school="Ash")
    birch = register(
        {"B1": "/\\ /\\ /\\ /\\ #", "B2": "/\\ /\\ ! /\\ #"}, school="Birch"
    )
    ev = evaluate(pl.concat([ash, birch]), CFG)
    figures = {
        r["upn"]: (r["possible"], r["attended"], r["missing_marks"]) for r in ev.pupils.to_dicts()
    }
    assert figures == {"A1": (10, 10, 0), "B1": (8, 8, 0), "B2": (6, 6, 2)}


def test_an_as_of_date_before_the_new_school_year_s_first_school_day_keeps_the_pupils():
    """An as-of date between the end of the data (the last day of the summer term) and the
    new school year's first school day (Wed 2 Sep 2026; Autumn 1 starts Thu 3 Sep): sweep2
    case1 gave "0 pupils checked" and no run, with the period "01/09/2026 to 17/07/2026".
    Every pupil is on roll on the last school day up to the as-of date (Fri 17 Jul), so they
    are checked: the year to date holds no session (0 possible: no band), the penalty-notice
    window is the 10 school weeks that ended before it (DOMAIN.md 5: it spans the summer;
    the exports hold 2 of them), and a run of unexplained absence to the last day goes on
    across the holiday, which neither counts nor breaks it (DOMAIN.md 6): current."""
    from school import ROLLOVER_HALF_TERMS

    config = parse_config(ROLLOVER_HALF_TERMS)
    # Mon 6 - Fri 17 Jul 2026: 10 school days
    reg = register(
        {"NRUN": "N " * 10, "GFIVE": "/ " * 5 + "G/ " * 5, "OK": "/\\ " * 10},
        start=D(2026, 7, 6),
    )
    ev = evaluate(reg, config, as_of=D(2026, 9, 2))
    assert ev.period_start == D(2026, 9, 1) and ev.period_end == D(2026, 9, 2)
    assert sorted(ev.pupils.get_column("upn")) == ["GFIVE", "NRUN", "OK"]
    n, g, ok = (pupil(ev, u) for u in ("NRUN", "GFIVE", "OK"))
    assert [(p["possible"], p["band"], p["on_roll"]) for p in (n, g, ok)] == [(0, None, True)] * 3
    assert (n["pn_window_sessions"], n["pn_threshold_met"]) == (20, True)
    assert (g["pn_window_sessions"], g["pn_threshold_met"]) == (5, False)
    assert (ok["pn_window_sessions"], ok["pn_threshold_met"]) == (0, False)
    assert (n["continuous_absence_days"], n["continuous_absence_start"]) == (10, D(2026, 7, 6))
    runs = ev.runs.filter(pl.col("kind") == "unexplained")
    assert runs.select("upn", "start", "end", "days", "current").rows() == [
        ("NRUN", D(2026, 7, 6), D(2026, 7, 17), 10, True)
    ]
    assert [w for w in ev.warnings if w.startswith("no school day")] == [
        "no school day of the school year yet up to 02/09/2026 (its first is 03/09/2026): no "
        "year-to-date figures, bands or lates (Summer 2 was the 2025/26 school year's, and "
        "lates count per half term); the pupils on roll on 17/07/2026 are checked, their "
        "penalty-notice window and runs of absence read from the register up to that day"
    ]
    # in the holiday of the school year the data is in, the year to date is July's: no note
    summer = evaluate(reg, config, as_of=D(2026, 8, 14))
    assert pupil(summer, "OK")["possible"] == 20
    assert not [w for w in summer.warnings if w.startswith("no school day")]


def test_days_begun_early_on_a_thread_give_the_same_evaluation_and_its_errors(monkeypatch):
    """Issue 15: a large register's days (mostly numpy, one core) are begun on a thread of
    their own while the counts and the penalty-notice sessions are made (Polars).  The
    evaluation is the one made with the days made where they are first read (every pupil,
    every figure, flag and run), the thread was used, and an error raised while making
    the days is raised to the caller, as if made there."""
    from pathlib import Path

    from attcli import engine
    from attcli.config import load_config
    from attcli.engine import Ask, prepare
    from attcli.errors import AttcliError
    from attcli.loaders import load_exports

    root = Path(__file__).resolve().parents[1] / "examples"
    config = load_config(root / "attcli.toml")

    def evaluated(early: bool):
        monkeypatch.setattr(engine, "GRID_MIN_ROWS", 0 if early else 1 << 40)
        loaded = load_exports([root / "exports" / "arbor_autumn_2026.csv"], config)
        prepared = prepare(loaded.take_compact(), config)
        started: list[str] = []
        real = prepared._days_early

        def spy(school):
            real(school)
            started.extend(prepared._days_ahead)

        monkeypatch.setattr(prepared, "_days_early", spy)
        (ev,) = prepared.evaluate_many(Ask())
        return ev, started

    early, started = evaluated(True)
    late, none_started = evaluated(False)
    assert started and not none_started  # the thread ran in one and not the other
    assert early.pupils.height > 50 and early.runs.height > 0
    assert early.pupils.equals(late.pupils)
    assert early.runs.equals(late.runs)

    monkeypatch.setattr(engine, "GRID_MIN_ROWS", 0)

    def broken(*_a, **_k):
        raise AttcliError("made on the thread")

    monkeypatch.setattr(engine, "_days", broken)
    prepared = prepare(
        load_exports([root / "exports" / "arbor_autumn_2026.csv"], config).take_compact(), config
    )
    with pytest.raises(AttcliError, match="made on the thread"):
        prepared.evaluate_many(Ask())
