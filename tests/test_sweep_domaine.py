"""DOMAIN.md read rule by rule against the engine, a fourth pass (sweep of 5 December
(eighth), domaine): each rule's boundaries on a small hand-built register, the right
answer worked out by hand from the text (docs/decisions.md, "domaine", lists rule -> test).

The registers (tests/builders.py) run from Mon 7 Sep 2026, school days only:
  week 1: 7-11 Sep  week 2: 14-18  week 3: 21-25  week 4: 28 Sep-2 Oct  ...
  week 7: 19-23 Oct, the October half term 26-30 Oct (no rows), week 8: 2-6 Nov ...
Every evaluation here is the engine's (attcli.engine.evaluate), which every command reads.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attcli.config import Config, parse_config
from attcli.engine import evaluate
from builders import across, register, school_days
from school import AUTUMN_HALF_TERMS

D = dt.date
P = "/\\ "
W = P * 5
#: the October half term: a week with no sessions at all (no rows)
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def absent(sessions: int, code: str, days: int = 50) -> str:
    """``sessions`` absence sessions of ``code`` first (whole days, then an AM), then
    present: ``days`` school days in all."""
    whole, half = divmod(sessions, 2)
    return f"{code} " * whole + (f"{code}/ " if half else "") + P * (days - whole - half)


def rows(ev, *cols: str) -> dict[str, tuple]:  # noqa: ANN001
    return {r[0]: r[1:] for r in ev.pupils.select("upn", *cols).rows()}


@pytest.fixture(scope="module")
def autumn():  # noqa: ANN201
    """50 school days, 7 Sep - 20 Nov 2026 (100 sessions), the half term between, the
    config's term dates (Autumn 1 to 23 Oct, Autumn 2 from 2 Nov): one evaluation that
    the bands, lates and sickness tests read."""
    a1 = P * 35  # Autumn 1, present throughout
    pupils = {
        # DOMAIN.md 2 and 3: attended of 100 possible, compared on exact fractions
        "G92": absent(8, "O"),  # 92/100: green (>= 92)
        "A91": absent(9, "O"),  # 91/100: amber (90 < x < 92)
        "R90": absent(10, "O"),  # 90/100: red (absence >= 10 %)
        "R51": absent(49, "O"),  # 51/100: red
        "S50": absent(50, "O"),  # 50/100: severe (absence >= 50 %)
        # DOMAIN.md 3: fewer than 10 possible sessions, no band.  Blank cells before the
        # first mark are outside the time on roll (DOMAIN.md 1): NINE's first mark is
        # Mon 16 Nov PM (O), then O to Fri 20 Nov: 9 sessions, no band; TEN's first is
        # Mon 16 Nov AM: 10 sessions, all O: severe
        "NINE": "_ " * 45 + "_O " + "O " * 4,
        "TEN": "_ " * 45 + "O " * 5,
        # DOMAIN.md 4: L and U are late arrivals; 4 or more in one half term (Autumn 2)
        "L3": a1 + "L/ L/ L/ " + P * 12,  # 3: no flag
        "L4": a1 + "L/ /U L/ " + P * 11 + "/L ",  # 4 (L, U, L, PM L on 20 Nov): flag
        "LPREV": P * 34 + "L/ " + "L/ L/ L/ " + P * 12,  # 4, 1 in Autumn 1: 3, no flag
        # DOMAIN.md 7: 30 I sessions in the school year, or a run of 15 school days
        "I29": absent(29, "I"),  # 14 days and an AM: 29, run 14: no
        "I30": absent(30, "I"),  # 15 days: 30, run 15: yes
        "RUN15HT": P * 28 + "I " * 15 + P * 7,  # 15 days across the half term: yes
        "RUN14X": P * 10 + "I " * 7 + "X " + "I " * 7 + P * 25,  # X neither counts nor breaks: 14
        "RUN15H": P * 10 + "I " * 7 + "I/ " + "I " * 7 + P * 25,  # present PM breaks: 7, 29
    }
    config = parse_config(AUTUMN_HALF_TERMS)
    return evaluate(register(pupils, holidays=HALF_TERM), config)


def test_bands_at_their_edges_and_the_minimum_of_possible_sessions(autumn):  # noqa: ANN001
    assert autumn.as_of == D(2026, 11, 20)
    got = rows(autumn, "possible", "attended", "band")
    assert {u: got[u] for u in ("G92", "A91", "R90", "R51", "S50", "NINE", "TEN")} == {
        "G92": (100, 92, "green"),
        "A91": (100, 91, "amber"),
        "R90": (100, 90, "red"),
        "R51": (100, 51, "red"),
        "S50": (100, 50, "severe"),
        "NINE": (9, 0, None),
        "TEN": (10, 0, "severe"),
    }


def test_lates_count_l_and_u_in_the_as_of_date_s_half_term_only(autumn):  # noqa: ANN001
    got = rows(autumn, "lates_half_term", "lates_flag")
    assert (got["L3"], got["L4"], got["LPREV"]) == ((3, False), (4, True), (3, False))


def test_sickness_at_thirty_sessions_or_a_run_of_fifteen_days(autumn):  # noqa: ANN001
    got = rows(autumn, "sickness_sessions", "sickness_longest_days", "sickness_flag")
    assert {u: got[u] for u in ("I29", "I30", "RUN15HT", "RUN14X", "RUN15H")} == {
        "I29": (29, 14, False),
        "I30": (30, 15, True),
        "RUN15HT": (30, 15, True),  # the half term is no school day: one run
        "RUN14X": (28, 14, False),
        "RUN15H": (29, 7, False),  # a half day in school breaks the run
    }


@pytest.mark.parametrize("config", [Config(), parse_config(AUTUMN_HALF_TERMS)], ids=["inferred", "term dates"])
def test_an_n_is_stale_after_five_school_days_the_half_term_not_counted(config):  # noqa: ANN001
    # DOMAIN.md 12: an N must be replaced within 5 school days.  A's N of Thu 22 Oct: the
    # school days after it are Fri 23 Oct (1), Mon 2 Nov (2) ... Thu 5 Nov (5), Fri 6 Nov
    # (6); the half-term week has no school day.  As of 5 Nov it is in time, as of 6 Nov
    # it is stale.
    reg = register({"A": W * 6 + "/ / / N / " + W * 2, "OK": W * 9}, holidays=HALF_TERM)
    in_time = evaluate(reg, config, as_of=D(2026, 11, 5))
    assert in_time.data_quality.filter(pl.col("kind") == "stale_n").height == 0
    late = evaluate(reg, config, as_of=D(2026, 11, 6))
    stale = late.data_quality.filter(pl.col("kind") == "stale_n")
    assert stale.select("upn", "date", "detail").unique().rows() == [
        ("A", D(2026, 10, 22), "N, 6 school days old")
    ]
    assert stale.height == 2  # AM and PM


def test_a_dash_is_a_missing_mark_wherever_it_stands_and_blanks_beside_it_are_on_roll():
    # DOMAIN.md 1: '-' is a missing mark wherever it stands; blank cells before a pupil's
    # first mark or after the last are outside the time on roll, inside it missing marks.
    #   FIRST: '-' on Mon 7 Sep, blank Tue-Wed, present from Thu 10 Sep: on roll from the
    #          '-' (SIMS writes it for pupils on roll), so 6 missing marks, 14 possible
    #   LAST:  present 7-11 Sep, blank Mon-Tue 14-15 Sep, '-' Wed 16, blank Thu-Fri: on
    #          roll to Wed 16 Sep (its last day), 6 missing marks, 10 possible, not on roll
    #          as of Fri 18 Sep (the blanks after the '-' are after the time on roll)
    #   TAIL:  present 7-11 Sep, N Mon-Tue, blank Wed, '-' Thu, blank Fri: the run of 2
    #          days neither broken nor lengthened by the missing marks, left on Thu 17 Sep
    pupils = {
        "FIRST": "- _ _ " + "/ " * 7,
        "LAST": "/ " * 5 + "_ _ - _ _ ",
        "TAIL": "/ " * 5 + "N N _ - _ ",
        "OK": W * 2,
    }
    ev = evaluate(register(pupils), Config())
    assert rows(ev, "possible", "missing_marks", "on_roll", "left_on", "left_after_absence_days") == {
        "FIRST": (14, 6, True, None, 0),
        "LAST": (10, 6, False, D(2026, 9, 16), 0),
        "TAIL": (14, 4, False, D(2026, 9, 17), 2),
        "OK": (20, 0, True, None, 0),
    }


def test_a_run_of_unexplained_absence_runs_across_the_summer_holiday():
    # DOMAIN.md 6: a school day is a weekday the school had a session; the summer holiday
    # has none, so 5 N days to Fri 17 Jul 2026 and 5 from Thu 3 Sep are one run of 10,
    # current as of Wed 9 Sep, last attended Fri 10 Jul.  Back from Thu 10 Sep: no current
    # run as of Wed 16 Sep, the longest still 10.
    reg = across(
        (D(2026, 7, 6), {"R": W + "N " * 5, "OK": W * 2}),
        (D(2026, 9, 3), {"R": "N " * 5 + W, "OK": W * 2}),
    )
    cols = ("continuous_absence_days", "continuous_absence_start", "longest_absence_days", "last_attended")
    assert rows(evaluate(reg, Config(), as_of=D(2026, 9, 9)), *cols)["R"] == (
        10, D(2026, 7, 13), 10, D(2026, 7, 10),
    )
    assert rows(evaluate(reg, Config(), as_of=D(2026, 9, 16)), *cols)["R"] == (
        0, None, 10, D(2026, 9, 16),
    )


def test_a_session_that_supported_a_notice_supports_no_other():
    # DOMAIN.md 5: 10 unauthorised sessions in the window meet the threshold; a session
    # that has supported one notice must not support another.  A: O all of week 1 (10),
    # 4 days and Fri AM of week 2 (9), Mon 21 Sep AM (the 10th since).  With no notice:
    # met on Fri 11 Sep, 20 in the window.  With week 1 on a notice: met on Mon 21 Sep, 10.
    reg = register({"A": "O " * 5 + "O O O O O/ " + "O/ " + W * 2, "OK": W * 4})
    week1 = [("A", d, s) for d in school_days(D(2026, 9, 7), 5) for s in ("AM", "PM")]
    cols = ("pn_threshold_met", "pn_first_met", "pn_window_sessions")
    assert rows(evaluate(reg, Config()), *cols)["A"] == (True, D(2026, 9, 11), 20)
    assert rows(evaluate(reg, Config(), pn_covered=week1), *cols)["A"] == (True, D(2026, 9, 21), 10)


#: Seed 004's lines (`attcli init --ladder seed004`): green above 93 %, amber from 90 %,
#: the register check listing pupils at 93 % or less; the autumn and spring terms' dates.
SEED004 = AUTUMN_HALF_TERMS + """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12

[[calendar.half_terms]]
name = "Spring 2"
start = 2027-02-22
end = 2027-03-26

[register_check]
threshold = 93

[[bands]]
name = "green"
above = 93

[[bands]]
name = "amber"
at_least = 90
letter = "amber"

[[bands]]
name = "red"
above = 50
letter = "red"

[[bands]]
name = "severe"
letter = "severe"
"""


def test_the_register_check_never_shows_a_figure_on_a_band_s_line_it_is_not_on(tmp_path):
    # DOMAIN.md 2: thresholds are compared on exact fractions, and a displayed figure
    # rounded must never change a band.  Seed 004's register check in the spring term (to
    # Tue 23 Mar 2027): Y present all autumn (140 sessions) and spring 2, in spring 1 dual
    # registered Mon 4 Jan AM (D: not possible) and O for 17 sessions (4 Jan PM - 14 Jan
    # PM).  Term: 86 of 103 = 83.495 %: listed (93 % or less), shown 83.50.  Year to date:
    # 226 of 243 = 93.0041 %: above 93, green.  Two decimals read "93.00", a figure on the
    # line that is amber by seed 004's bands and "93 % or less" by its register check,
    # beside the band "green": it is 93.004, the fewest decimals that keep it above 93
    # (attcli.percent's rule, with two decimals the LA files' least).
    import csv
    import io

    from openpyxl import load_workbook

    from attcli.lacheck import register_check, settings_from, to_csv, to_xlsx

    reg = across(
        (D(2026, 9, 7), {"Y": P * 35, "OK": P * 35}),
        (D(2026, 11, 2), {"Y": P * 35, "OK": P * 35}),
        (D(2027, 1, 4), {"Y": "DO " + "O " * 8 + P * 21, "OK": P * 30}),
        (D(2027, 2, 22), {"Y": P * 22, "OK": P * 22}),
    )
    config = parse_config(SEED004)
    rc = register_check(
        reg, config, term="spring", year=2026, settings=settings_from(config), as_of=D(2027, 3, 23)
    )
    [row] = rc.rows.iter_rows(named=True)
    assert (row["upn"], row["possible"], row["unauthorised"], row["band"]) == ("Y", 103, 17, "green")
    assert (row["term_pct"], row["ytd_pct"]) == (83.5, 93.004)
    [line] = csv.DictReader(io.StringIO(to_csv(rc)))
    assert (line["Attendance % (term)"], line["Attendance % (year to date)"]) == ("83.50", "93.004")
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2027, 3, 23))
    sheet = load_workbook(buf).active
    cells = {c.value: c for c in next(r for r in sheet.iter_rows() if r[0].value == "UPN")}
    y = next(r for r in sheet.iter_rows() if r[0].value == "Y")
    term = y[list(cells).index("Attendance % (term)")]
    ytd = y[list(cells).index("Attendance % (year to date)")]
    assert (term.value, term.number_format) == (0.835, "0.00%")
    assert (ytd.value, ytd.number_format) == (0.93004, "0.000%")
