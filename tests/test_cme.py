"""CME runs (DOMAIN.md 6) on hand-made registers."""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.cme import after_data_line, cme_runs
from attcli.config import Config, parse_config
from attcli.engine import evaluate
from builders import register, register_rows, school_days

D = dt.date
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def build():
    # School days: Mon 12 - Fri 23 Oct (10), holiday 26-30 Oct, Mon 2 Nov (INSET, '#'
    # for everyone) and Tue 3 - Tue 10 Nov (6). 17 tokens per pupil.
    present = ["/\\"] * 17

    def marks(tokens: list[str]) -> str:
        tokens = tokens[:10] + ["#"] + tokens[10:]
        assert len(tokens) == 17
        return " ".join(tokens)

    return register(
        {
            # Mon 12 - Mon 19 Oct present; N Tue 20 - Fri 23 Oct (4), holiday week,
            # INSET Mon 2 Nov (neither counts nor breaks), N Tue 3 - Tue 10 Nov (6):
            # one run of 10 school days, still current; last seen Mon 19 Oct.
            "CURRENT": marks(["/\\"] * 6 + ["N"] * 4 + ["N", "O", "N", "G", "N", "N"]),
            # N Mon 12 - Fri 23 Oct, back in school Tue 3 Nov: a run of 10 school
            # days that ended; never seen before it in the data.
            "ENDED": marks(["N"] * 10 + ["/\\"] * 6),
            # 9 days N, then a day with M (authorised) in the AM, N in the PM: broken;
            # then N for 4 days -> runs of 9 and 4: neither reaches 10.
            "BROKEN_AUTH": marks(["N"] * 9 + ["MN"] + ["N"] * 4 + ["/\\"] * 2),
            # 9 days N, then attended one session (PM), then 6 days N -> 9 and 6.
            "BROKEN_SEEN": marks(["N"] * 9 + ["N\\"] + ["N"] * 6),
            # 3 days N up to the as-of date: only on the day-3 list.
            "DAY3": marks(["/\\"] * 13 + ["N"] * 3),
            "FINE": " ".join(present),
        },
        start=D(2026, 10, 12),
        holidays=HOLIDAY,
    )


def test_cme_ten_days_lists_current_first_then_longest():
    reg = build()
    ev = evaluate(reg, Config())
    runs = cme_runs(ev, 10)
    assert runs.select(
        "upn", "run_start", "run_end", "run_days", "current", "last_attended"
    ).rows() == [
        ("CURRENT", D(2026, 10, 20), D(2026, 11, 10), 10, True, D(2026, 10, 19)),
        ("ENDED", D(2026, 10, 12), D(2026, 10, 23), 10, False, None),
    ]
    assert runs.get_column("codes").to_list()[0] == ["G", "N", "O"]


def test_cme_three_days_is_the_safe_and_well_list():
    reg = build()
    ev = evaluate(reg, Config())
    runs = cme_runs(ev, 3)
    assert runs.select("upn", "run_days", "current").rows() == [
        ("CURRENT", 10, True),
        ("BROKEN_SEEN", 6, True),
        ("DAY3", 3, True),
        ("ENDED", 10, False),
        ("BROKEN_AUTH", 9, False),  # ties: by surname
        ("BROKEN_SEEN", 9, False),
        ("BROKEN_AUTH", 4, False),
    ]
    # the pupil seen for one session was last seen on that day (Fri 23 Oct PM)
    seen = runs.filter((runs["upn"] == "BROKEN_SEEN") & runs["current"])
    assert seen.get_column("last_attended").item() == D(2026, 10, 23)


def test_a_run_that_ended_before_the_as_of_date_is_not_current():
    reg = build()
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 22))
    runs = cme_runs(ev, 8)
    # as of Thu 22 Oct ENDED has 9 days and is current; CURRENT has 3
    assert runs.select("upn", "run_days", "current").rows() == [
        ("BROKEN_AUTH", 9, True),
        ("BROKEN_SEEN", 9, True),
        ("ENDED", 9, True),
    ]


def test_a_run_beside_a_week_missing_from_the_exports_may_be_longer_than_it_looks():
    # Term dates from Wed 2 Sep (INSET); the exports hold Thu 3 Sep - Fri 9 Oct but not
    # the week of Mon 21 Sep (5 school days of the configured term): nobody knows whether
    # the pupils were in school that week (DOMAIN.md 6, 10; docs/decisions.md).
    config = parse_config(
        "[calendar]\ninset_days = [2026-09-02]\n\n[[calendar.half_terms]]\n"
        'name = "Autumn 1"\nstart = 2026-09-02\nend = 2026-10-23\n'
    )
    days = [d for d in school_days(D(2026, 9, 3), 27) if not D(2026, 9, 21) <= d <= D(2026, 9, 25)]
    assert (days[0], days[-1], len(days)) == (D(2026, 9, 3), D(2026, 10, 9), 22)
    absent = {
        # O Wed 16 - Fri 18 Sep (3) and Mon 28 Sep - Fri 2 Oct (5) around the missing week:
        # 8 days seen, 13 if the pupil was away all that week
        "SPAN": (D(2026, 9, 16), D(2026, 10, 2)),
        # in school to Fri 18 Sep, O Mon 28 Sep - Fri 2 Oct: 5 seen, up to 10 (exactly N)
        "AFTER": (D(2026, 9, 28), D(2026, 10, 2)),
        # O Wed 16 - Fri 18 Sep, in school from Mon 28 Sep: 3 seen, up to 8 (under 10)
        "BEFORE": (D(2026, 9, 16), D(2026, 9, 18)),
        # in school Mon 28 Sep, O Tue 29 Sep - Fri 9 Oct: 9 days, not next to the week
        "NEAR": (D(2026, 9, 29), D(2026, 10, 9)),
        # as AFTER, but Fri 18 Sep is not a possible day for the pupil (D): the day before
        # the missing week that counts is Thu 17 Sep, attended; up to 10
        "AFTER_D": (D(2026, 9, 28), D(2026, 10, 2)),
    }
    rows = []
    for upn in [*absent, "FINE"]:
        first, last = absent.get(upn, (None, None))
        for d in days:
            for s in ("AM", "PM"):
                if first and first <= d <= last:
                    mark = "O"
                elif upn == "AFTER_D" and d == D(2026, 9, 18):
                    mark = "D"
                else:
                    mark = "/" if s == "AM" else "\\"
                rows.append({"upn": upn, "date": d, "session": s, "mark": mark})
    ev = evaluate(register_rows(rows), config, as_of=D(2026, 10, 9))
    runs = cme_runs(ev, 10)
    assert runs.select("upn", "run_start", "run_end", "run_days", "unregistered_days").rows() == [
        ("SPAN", D(2026, 9, 16), D(2026, 10, 2), 8, 5),
        ("AFTER", D(2026, 9, 28), D(2026, 10, 2), 5, 5),
        ("AFTER_D", D(2026, 9, 28), D(2026, 10, 2), 5, 5),
    ]
    assert cme_runs(ev, 8).select("upn", "run_days", "unregistered_days").rows() == [
        ("NEAR", 9, 0),
        ("SPAN", 8, 5),
        ("AFTER", 5, 5),
        ("AFTER_D", 5, 5),
        ("BEFORE", 3, 5),
    ]
    # without a missing week no run has unregistered days
    full = evaluate(build(), Config())
    assert full.runs.get_column("unregistered_days").sum() == 0


AUTUMN = parse_config(
    "[calendar]\ninset_days = [2026-09-02, 2026-11-02]\n\n[[calendar.half_terms]]\n"
    'name = "Autumn 1"\nstart = 2026-09-02\nend = 2026-10-23\n\n[[calendar.half_terms]]\n'
    'name = "Autumn 2"\nstart = 2026-11-02\nend = 2026-12-18\n'
)


def _rows(days: list[dt.date], plan: dict[str, tuple[dt.date, dt.date, dt.date]]) -> list[dict]:
    """Rows for each pupil of ``plan`` (upn: N from, N to, last day with a row) on ``days``:
    present outside the N days, no row after the last day."""
    return [
        {"upn": upn, "date": d, "session": s,
         "mark": "N" if first <= d <= last else ("/" if s == "AM" else "\\")}
        for upn, (first, last, end) in plan.items()
        for d in days
        if d <= end
        for s in ("AM", "PM")
    ]  # fmt: skip


def test_a_run_at_the_end_of_the_data_may_have_gone_on_through_the_school_days_after_it():
    # Autumn 2 term dates.  Exports: Tue 3 - Wed 11 Nov and Mon 16 - Fri 27 Nov (Thu 12 and
    # Fri 13 Nov: no export holds them); as of Fri 4 Dec, so Mon 30 Nov - Fri 4 Dec (5
    # school days) have no register either.  A run reaching the end of the data may have
    # gone on through them, as through the days missing between the exports (it was listed
    # only when the days seen and the days between exports reached N: a child absent 6
    # days to the data's end, maybe 11 by the as-of date, was not listed).
    days = [d for d in school_days(D(2026, 11, 3), 19) if d not in (D(2026, 11, 12), D(2026, 11, 13))]
    assert (days[0], days[-1], len(days)) == (D(2026, 11, 3), D(2026, 11, 27), 17)
    end = D(2026, 11, 27)
    plan = {
        # in school to Wed 11 Nov, N Mon 16 - Fri 27 Nov: 10 seen; 12, 13 Nov and 30 Nov -
        # 4 Dec unregistered (7)
        "END10": (D(2026, 11, 16), end, end),
        # in school to Thu 19 Nov, N Fri 20 - Fri 27 Nov: 6 seen, 30 Nov - 4 Dec (5): 11
        "END6": (D(2026, 11, 20), end, end),
        # N Mon 16 - Fri 20 Nov, in school from Mon 23 Nov: 5 seen, 12 and 13 Nov (2)
        "BACK": (D(2026, 11, 16), D(2026, 11, 20), end),
        # N Mon 16 - Fri 20 Nov, no row from Mon 23 Nov (registered): left on Fri 20 Nov,
        # exactly; 12 and 13 Nov (2), none after the leaving date
        "GONE": (D(2026, 11, 16), D(2026, 11, 20), D(2026, 11, 20)),
        "FINE": (D(2027, 1, 1), D(2027, 1, 1), end),
    }
    reg = register_rows(_rows(days, plan))
    cols = ("upn", "run_days", "unregistered_days", "status", "left_on", "left_by")
    ev = evaluate(reg, AUTUMN, as_of=D(2026, 12, 4), period_start=D(2026, 11, 3))
    assert cme_runs(ev, 10).select(cols).rows() == [
        ("END10", 10, 7, "data_ends", None, None),
        ("END6", 6, 5, "data_ends", None, None),
    ]
    assert cme_runs(ev, 3).select(cols).rows() == [
        ("GONE", 5, 2, "left", D(2026, 11, 20), None),
        ("END10", 10, 7, "data_ends", None, None),
        ("END6", 6, 5, "data_ends", None, None),
        ("BACK", 5, 2, "back", None, None),
    ]
    # as of the data's last day nothing lies after it: the runs are current, as seen
    now = evaluate(reg, AUTUMN, as_of=end, period_start=D(2026, 11, 3))
    assert cme_runs(now, 6).select(cols).rows() == [
        ("END10", 10, 2, "absent", None, None),
        ("END6", 6, 0, "absent", None, None),
        ("GONE", 5, 2, "left", D(2026, 11, 20), None),
        ("BACK", 5, 2, "back", None, None),
    ]


def test_without_term_dates_the_weekdays_after_the_data_are_not_counted_to_a_run():
    # the same exports with no term dates: 12 and 13 Nov are then a holiday, not a gap, and
    # the weekdays after the data (30 Nov - 4 Dec) may be a holiday too (a half-term week
    # put every run reaching the data's Friday 5 days nearer the list): not counted; the
    # INCOMPLETE line says they are missing.  END10 stays listed on its 10 days seen.
    days = [d for d in school_days(D(2026, 11, 3), 19) if d not in (D(2026, 11, 12), D(2026, 11, 13))]
    end = D(2026, 11, 27)
    plan = {"END10": (D(2026, 11, 16), end, end), "END6": (D(2026, 11, 20), end, end)}
    reg = register_rows(_rows(days, plan))
    cols = ("upn", "run_days", "unregistered_days", "status")
    plain = evaluate(reg, Config(), as_of=D(2026, 12, 4), period_start=D(2026, 11, 3))
    assert cme_runs(plain, 10).select(cols).rows() == [("END10", 10, 0, "data_ends")]
    assert "5 weekdays" in plain.coverage.line()
    # ... but END6 (6 days to the data's end: 11 if those 5 weekdays were school days) is
    # said in one line, not named nowhere (a reviewer's Kim): what attcli cannot count
    assert after_data_line(plain, 10) == (
        "1 run of unexplained absence reaches the end of the data, 27/11/2026, and may have "
        "gone on through the 5 weekdays (not bank holidays) to 04/12/2026, which with no "
        "term dates attcli cannot "
        "tell from a holiday (SurnameEND6, ForenameEND6 (END6), 6 school days to "
        "27/11/2026): give the exports to 04/12/2026, or the term dates "
        "([[calendar.half_terms]]), to count it"
    )
    assert after_data_line(plain, 16) is None  # 10 + 5 and 6 + 5 cannot reach 16
    # a bank holiday is never a school day: Mon 25 May 2026 (a reviewer's): END5, 5 days N
    # to Fri 22 May, as of Fri 29 May: 4 weekdays more, not 5: 9, never 10
    may = [d for d in school_days(D(2026, 5, 11), 10)]
    assert (may[0], may[-1]) == (D(2026, 5, 11), D(2026, 5, 22))
    late = register_rows(_rows(may, {"END5": (D(2026, 5, 18), D(2026, 5, 22), D(2026, 5, 22)),
                                     "END6": (D(2026, 5, 15), D(2026, 5, 22), D(2026, 5, 22))}))  # fmt: skip
    ev = evaluate(late, Config(), as_of=D(2026, 5, 29), period_start=D(2026, 5, 11))
    line = after_data_line(ev, 10)
    assert line.startswith("1 run of unexplained absence reaches the end of the data, "
                           "22/05/2026, and may have gone on through the 4 weekdays")  # fmt: skip
    assert "(END6), 6 school days" in line
    assert after_data_line(evaluate(reg, AUTUMN, as_of=D(2026, 12, 4),
                                    period_start=D(2026, 11, 3)), 10) is None  # fmt: skip


def test_a_pupil_whose_last_mark_is_followed_by_a_missing_week_may_have_left_after_it():
    # Autumn 2 term dates.  Exports: Mon 9 - Fri 20 Nov and Mon 30 Nov - Fri 11 Dec; the
    # week of Mon 23 Nov is missing.  GONE is N Mon 16 - Fri 20 Nov and has no row in the
    # second export: they left some day from Fri 20 Nov (their last mark) to Fri 27 Nov (the
    # last day with no register), and may have been on roll and absent all that week: a
    # 10-day case.  attcli said "left 20/11/2026 after 5 days" and did not list them at 10.
    days = [d for d in school_days(D(2026, 11, 9), 25) if not D(2026, 11, 23) <= d <= D(2026, 11, 27)]
    assert (days[0], days[-1], len(days)) == (D(2026, 11, 9), D(2026, 12, 11), 20)
    end = D(2026, 12, 11)
    plan = {
        "GONE": (D(2026, 11, 16), D(2026, 11, 20), D(2026, 11, 20)),
        # N Wed 11 - Fri 13 Nov, no row from Mon 16 Nov (registered): left Fri 13 Nov
        "EARLY": (D(2026, 11, 11), D(2026, 11, 13), D(2026, 11, 13)),
        "FINE": (D(2027, 1, 1), D(2027, 1, 1), end),
    }
    reg = register_rows(_rows(days, plan))
    ev = evaluate(reg, AUTUMN, as_of=end, period_start=D(2026, 11, 9))
    cols = ("upn", "run_days", "unregistered_days", "status", "left_on", "left_by")
    assert cme_runs(ev, 10).select(cols).rows() == [
        ("GONE", 5, 5, "left", D(2026, 11, 20), D(2026, 11, 27)),
    ]
    assert cme_runs(ev, 3).select(cols).rows() == [
        ("GONE", 5, 5, "left", D(2026, 11, 20), D(2026, 11, 27)),
        ("EARLY", 3, 0, "left", D(2026, 11, 13), None),
    ]
    # the table says the leaving date is not known, and why
    import io

    from rich.console import Console

    from attcli.cme import CmeResult, render_table

    sink = io.StringIO()
    result = CmeResult(ev.as_of, cme_runs(ev, 3), None, [], ev.coverage)
    render_table(result, 3, Console(file=sink, width=120, no_color=True))
    text = " ".join(sink.getvalue().split())
    assert "LEFT 20/11-27/11/26" in text and "LEFT 13/11/26" in text
    assert (
        "SurnameGONE, ForenameGONE left between 20/11/2026 and 27/11/2026 (last marked "
        "20/11/2026, then no register to 27/11/2026) after 5 school days of unexplained "
        "absence, +5 with no register: find the leaving date in the MIS, check the deletion "
        "was lawful and the LA was told"
    ) in text
    assert (
        "SurnameEARLY, ForenameEARLY left 13/11/2026 after 3 school days of unexplained absence: "
        "check the deletion was lawful and the LA was told"
    ) in text
    # the weekly check's absence group says the same of them
    from attcli.check import check_register

    checked = check_register(reg, AUTUMN, as_of=end, period_start=D(2026, 11, 9))
    reasons = dict(checked.members("absence").select("upn", "reason_absence").rows())
    assert reasons["GONE"] == (
        "left between 20/11/2026 and 27/11/2026 (last marked 20/11/2026, then no register to "
        "27/11/2026) after 5 school days of unexplained absence (N), +5 with no register; "
        "last attended 13/11/2026: find the leaving date in the MIS, check the deletion was "
        "lawful and the LA was told"
    )
    assert reasons["EARLY"] == (
        "left 13/11/2026 after 3 school days of unexplained absence (N); last attended "
        "10/11/2026: check the deletion was lawful and the LA was told"
    )
    # a pupil list giving the leaving date: it is known, nothing after it counts
    dated = pl.DataFrame(
        {"upn": ["GONE"], "joined": [D(2026, 9, 2)], "left": [D(2026, 11, 20)]}
    )
    known = evaluate(reg, AUTUMN, as_of=end, period_start=D(2026, 11, 9), roll_dates=dated)
    assert cme_runs(known, 3).filter(pl.col("upn") == "GONE").select(cols).rows() == [
        ("GONE", 5, 0, "left", D(2026, 11, 20), None),
    ]


# ------------------------------------------------------------------ the turn of the year

#: 6-17 Jul 2026 (the last two weeks of Summer 2) and Thu 3 - Fri 18 Sep 2026 (12 school
#: days of Autumn 1: 3, 4, 7-11, 14-18); the summer holiday between has no school day.
ROLLOVER_JULY = {
    "CAI": "/ " * 5 + "N " * 5,  # N Mon 13 - Fri 17 Jul
    "DAY1": "/ " * 10,
    "LATE": "/ " * 10,
    "JULY": "N N " + "/ " * 8,  # N Mon 6 - Tue 7 Jul: over before the school year
    "FINE": "/ " * 10,
}
ROLLOVER_SEP = {
    "CAI": "N " * 8 + "/ " * 4,  # N Thu 3 - Mon 14 Sep (8 days), back Tue 15 Sep
    "DAY1": "N " + "/ " * 11,  # N Thu 3 Sep, back Fri 4 Sep
    "LATE": "/ / " + "N " * 5 + "/ " * 5,  # N Mon 7 - Fri 11 Sep: not on the first day
    "JULY": "/ " * 12,
    "FINE": "/ " * 12,
}


def test_a_run_on_the_exports_first_day_may_have_begun_before_them():
    """CAI: N every day 13-17 Jul and 3-14 Sep 2026.  The summer holiday neither counts
    nor breaks a run (DOMAIN.md 6): one run of 13 school days (5 + 8), a CME case.  With
    September's export alone, the school year is covered and the run is 8 days: `cme`
    said "0 runs" and nothing else.  Now a line says that 2 runs (CAI's, DAY1's 1 day)
    begin on the exports' first school day and may have begun before it, naming the longest; the
    runs are not listed on days nobody saw (their number is not known: any run on the
    first day might reach --days; docs/decisions.md).  With July's export too, CAI's run is
    whole, listed at 13 days, and nothing is said (JULY's run ended before the year)."""
    from attcli.runs import before_exports_line
    from builders import across
    from school import ROLLOVER_HALF_TERMS

    config = parse_config(ROLLOVER_HALF_TERMS)
    sep = across((D(2026, 9, 3), ROLLOVER_SEP))
    ev = evaluate(sep, config, as_of=D(2026, 9, 18))
    assert ev.coverage.complete
    cols = ("upn", "run_start", "run_end", "run_days", "unregistered_days", "status")
    assert cme_runs(ev, 10).rows() == []
    assert cme_runs(ev, 3).select(cols).rows() == [
        ("CAI", D(2026, 9, 3), D(2026, 9, 14), 8, 0, "back"),
        ("LATE", D(2026, 9, 7), D(2026, 9, 11), 5, 0, "back"),
    ]
    assert before_exports_line(ev) == (
        "2 runs of unexplained absence begin on the exports' first school day, 03/09/2026, and may "
        "have begun before it, so be longer than counted here (the longest: SurnameCAI, "
        "ForenameCAI (CAI), 8 school days to 14/09/2026): give the export of the weeks "
        "before (the end of last school year) to see them whole"
    )
    both = evaluate(across((D(2026, 7, 6), ROLLOVER_JULY), (D(2026, 9, 3), ROLLOVER_SEP)),
                    config, as_of=D(2026, 9, 18))  # fmt: skip
    assert cme_runs(both, 10).select(cols).rows() == [
        ("CAI", D(2026, 7, 13), D(2026, 9, 14), 13, 0, "back"),
    ]
    assert before_exports_line(both) is None
    # a pupil list saying DAY1 and CAI joined on 03/09/2026 (a new intake): their runs
    # cannot have begun before it (a reviewer's Jo Joiner was named): nothing to say
    joined = pl.DataFrame(
        {"upn": ["CAI", "DAY1"], "joined": [D(2026, 9, 3)] * 2, "left": [None, None]},
        schema={"upn": pl.Utf8, "joined": pl.Date, "left": pl.Date},
    )
    listed = evaluate(sep, config, as_of=D(2026, 9, 18), roll_dates=joined)
    assert before_exports_line(listed) is None
    one = evaluate(sep, config, as_of=D(2026, 9, 18), roll_dates=joined.head(1))  # CAI only
    assert before_exports_line(one).startswith(
        "1 run of unexplained absence begins on the exports' first school day, 03/09/2026"
    )
    assert "(SurnameDAY1, ForenameDAY1 (DAY1), 1 school day to 03/09/2026)" in before_exports_line(one)
    # joined on 1 September, the usual date of a new intake, before the first school day
    # (Thu 3 Sep: no school day between, by the term dates): nor could they (sweep6 case4);
    # joined in July, last school year's days before the exports: they could
    sept1 = joined.with_columns(pl.lit(D(2026, 9, 1)).alias("joined"))
    assert before_exports_line(evaluate(sep, config, as_of=D(2026, 9, 18), roll_dates=sept1)) is None
    july = joined.with_columns(pl.lit(D(2026, 7, 1)).alias("joined"))
    assert before_exports_line(
        evaluate(sep, config, as_of=D(2026, 9, 18), roll_dates=july)
    ).startswith("2 runs of unexplained absence begin on the exports' first school day")


def test_the_line_names_the_exports_first_school_day_not_a_closure_before_it():
    """An export whose first day is a closure for everyone (Wed 2 Sep 2026, '#' all day:
    no possible session, so no school day) and then September as above: the runs on Thu 3
    Sep may have begun before the export (the closure neither counts nor breaks a run). The
    line said they "begin on the exports' first day, 03/09/2026" while the file's first
    rows are of 02/09/2026: an officer who opened it saw another first day. It names the
    exports' first school day."""
    from attcli.runs import before_exports_line
    from builders import across
    from school import ROLLOVER_HALF_TERMS

    config = parse_config(ROLLOVER_HALF_TERMS.replace("start = 2026-09-03", "start = 2026-09-02"))
    closed = {upn: "#" for upn in ROLLOVER_SEP}
    ev = evaluate(across((D(2026, 9, 2), closed), (D(2026, 9, 3), ROLLOVER_SEP)), config,
                  as_of=D(2026, 9, 18))  # fmt: skip
    assert ev.period_start == D(2026, 9, 1) and ev.prepared.first == D(2026, 9, 2)
    assert before_exports_line(ev) == (
        "2 runs of unexplained absence begin on the exports' first school day, 03/09/2026, "
        "and may have begun before it, so be longer than counted here (the longest: "
        "SurnameCAI, ForenameCAI (CAI), 8 school days to 14/09/2026): give the export of "
        "the weeks before (the end of last school year) to see them whole"
    )


def test_cme_says_a_run_on_the_exports_first_day_may_have_begun_before_them(tmp_path):
    from builders import across, write_long_csv
    from clirun import run_cli
    from school import ROLLOVER_HALF_TERMS, make_workspace

    config = make_workspace(tmp_path / "ws", ROLLOVER_HALF_TERMS)
    sep = write_long_csv(across((D(2026, 9, 3), ROLLOVER_SEP)), tmp_path / "sep.csv")
    code, out, err = run_cli("cme", sep, "-c", config, width=400)
    assert code == 0, err
    assert "0 runs" in out
    assert (
        "2 runs of unexplained absence begin on the exports' first school day, 03/09/2026, and may "
        "have begun before it"
    ) in " ".join(err.split())


def test_cme_without_days_takes_the_workspace_s_cme_days(tmp_path):
    """``[cme] days`` is the threshold the LA return and the register check use: ``cme``
    without ``--days`` lists at it too (a found bug: 10 whatever the config said), and
    ``--days`` still overrides it."""
    import json

    from builders import write_long_csv
    from clirun import run_cli

    export = write_long_csv(build(), tmp_path / "reg.csv")
    config = tmp_path / "attcli.toml"
    holiday = "[[calendar.half_terms]]\nname = 'Autumn 1'\nstart = 2026-10-12\nend = 2026-10-23\n"
    holiday += "[[calendar.half_terms]]\nname = 'Autumn 2'\nstart = 2026-11-02\nend = 2026-12-18\n"
    config.write_text(f"[cme]\ndays = 9\n{holiday}", "utf-8")

    def listed(*extra: str) -> list[tuple[str, int]]:
        out = tmp_path / f"cme{len(extra)}.json"
        code, _, err = run_cli(
            "cme", export, "-c", config, "--as-of", "2026-11-10", "--format", "json", "-o",
            out, *extra,
        )  # fmt: skip
        assert code == 0, err
        doc = json.loads(out.read_text("utf-8"))
        return sorted((r["upn"], r["run_days"]) for r in doc["runs"])

    # 9 days: the two 10-day runs, and the two 9-day runs broken on their 10th day
    assert listed() == [("BROKEN_AUTH", 9), ("BROKEN_SEEN", 9), ("CURRENT", 10), ("ENDED", 10)]
    assert listed("--days", "10") == [("CURRENT", 10), ("ENDED", 10)]
