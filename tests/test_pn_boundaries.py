"""The penalty-notice threshold at its boundaries (DOMAIN.md 5), worked out by hand.

Every register here is made session by session (``marks``): every pupil present (``/``)
on every weekday from its first day to its last, except the holidays given (no rows)
and the marks listed.  Autumn 2026 from Mon 7 Sep, half term 26-30 Oct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import polars as pl
import pytest

from attcli.config import Config, parse_config
from attcli.engine import evaluate
from builders import register_rows, weekdays
from school import AUTUMN_HALF_TERMS

D = dt.date
Mark = Mapping[tuple[dt.date, str], str]


def marks(
    pupils: Mapping[str, Mark], first: dt.date, last: dt.date, *, skip: Iterable[dt.date] = (),
    everyone: Mark | None = None, dob: Mapping[str, dt.date] | None = None,
) -> pl.DataFrame:  # fmt: skip
    """Each pupil's sessions from ``first`` to ``last`` (weekdays not in ``skip``): their
    own mark, else ``everyone``'s, else present."""
    rows = []
    for upn, own in pupils.items():
        for d in weekdays(first, last, skip):
            for s in ("AM", "PM"):
                row = {"upn": upn, "date": d, "session": s,
                       "mark": own.get((d, s), (everyone or {}).get((d, s), "/"))}  # fmt: skip
                if dob and upn in dob:
                    row["dob"] = dob[upn]
                rows.append(row)
    return register_rows(rows)


def window(ev, upn: str) -> tuple:  # noqa: ANN001
    (row,) = ev.pupils.filter(pl.col("upn") == upn).select(
        "pn_window_start", "pn_window_end", "pn_window_sessions", "pn_threshold_met", "pn_first_met"
    ).rows()
    return row


HALF_TERM = weekdays(D(2026, 10, 26), D(2026, 10, 30))


# ------------------------------------------------- a closed week with a handful's marks
# Mon 2 - Fri 6 Nov 2026 the school was shut: every pupil's mark is # (no session), but
# X, 1 of the 14 pupils on roll, has a G on Mon 2 Nov AM (a mark typed on the closed day).
# 1 pupil of 14 is fewer than 1 in 10 (1 * 10 < 14): a stray day, no school day of the
# school (docs/decisions.md, "Stray days"; "A pupil's # is no mark there"), so the week
# of 2 Nov is no school week, as a week of # for everyone is not.  School weeks to Fri
# 4 Dec: 7, 14, 21, 28 Sep; 5, 12, 19 Oct; 9, 16, 23, 30 Nov (11).  The 10 ending Fri 4 Dec
# run from Mon 14 Sep.  W has a G on the Monday AM of each of them (10 sessions): at the
# threshold, first met on the 10th, Mon 30 Nov.  With the closed week taken as a school
# week the window started Mon 21 Sep and W had 9: a pupil at 10 not flagged.
CLOSED = {(d, s): "#" for d in weekdays(D(2026, 11, 2), D(2026, 11, 6)) for s in ("AM", "PM")}
W_MONDAYS = [D(2026, 9, 14), D(2026, 9, 21), D(2026, 9, 28), D(2026, 10, 5), D(2026, 10, 12),
             D(2026, 10, 19), D(2026, 11, 9), D(2026, 11, 16), D(2026, 11, 23), D(2026, 11, 30)]  # fmt: skip


def closed_week_register() -> pl.DataFrame:
    pupils: dict[str, Mark] = {
        "W": {(d, "AM"): "G" for d in W_MONDAYS},
        "X": {(D(2026, 11, 2), "AM"): "G"},
    }
    pupils.update({f"Z{i:02d}": {} for i in range(12)})
    return marks(pupils, D(2026, 9, 7), D(2026, 12, 4), skip=HALF_TERM, everyone=CLOSED)


def test_a_handful_s_marks_in_a_week_of_closed_sessions_make_no_school_week():
    for config in (Config(), parse_config(AUTUMN_HALF_TERMS)):
        ev = evaluate(closed_week_register(), config, as_of=D(2026, 12, 4))
        assert D(2026, 11, 2) not in ev.calendar.school_weeks
        assert len(ev.calendar.school_weeks) == 11
        assert window(ev, "W") == (D(2026, 9, 14), D(2026, 12, 4), 10, True, D(2026, 11, 30))
        # X's mark still counts for X (a stray day's marks are their pupils'), in the
        # school week before it
        assert window(ev, "X")[2:4] == (1, False)
        stray = ev.data_quality.filter(pl.col("kind") == "stray_day")
        assert stray.select("date", "detail").rows() == [
            (
                D(2026, 11, 2),
                "only 1 of the 14 pupils on roll has marks: not taken as a school day (the "
                "marks of X: check their date in the MIS, a mistyped date or a register "
                "opened on a holiday)",
            )
        ]


# ------------------------------------------- an N in the window that does not count
# Y, born 30/12/2021: 5 on 30/12/2026, of compulsory school age from the next prescribed
# day, Thu 31/12/2026.  An N on Mon 14/12/2026 AM (before it: never counts), G all of Mon
# 4 - Fri 8 Jan 2027 (10 sessions, all counted).  Christmas holiday 21/12/2026-01/01/2027.
# As of Fri 15 Jan 2027 the 10 school weeks are those of 19 Oct; 2, 9, 16, 23, 30 Nov;
# 7, 14 Dec; 4, 11 Jan: window 19/10/2026 to 15/01/2027, 10 sessions counted, met on the
# 10th, Fri 08/01/2027 (PM).  The window holds the N of 14/12: a local authority returns a
# request whose window holds N (DOMAIN.md 5), and `attcli evidence` refuses the pack for
# it, so the check must not say "consider a notice" plainly: it said nothing of the N.
SPRING_1 = """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
"""
CHRISTMAS = weekdays(D(2026, 12, 21), D(2027, 1, 1))


def uncounted_n_register() -> pl.DataFrame:
    y: dict[tuple[dt.date, str], str] = {(D(2026, 12, 14), "AM"): "N"}
    y.update({(d, s): "G" for d in weekdays(D(2027, 1, 4), D(2027, 1, 8)) for s in ("AM", "PM")})
    return marks(
        {"Y": y, "Z": {}}, D(2026, 9, 7), D(2027, 1, 15), skip=HALF_TERM + CHRISTMAS,
        dob={"Y": D(2021, 12, 30)},
    )  # fmt: skip


def test_an_n_in_the_window_that_does_not_count_still_holds_the_notice_back():
    from attcli.check import check_register, pn_window_n_action

    config = parse_config(AUTUMN_HALF_TERMS + SPRING_1)
    result = check_register(uncounted_n_register(), config, as_of=D(2027, 1, 15))
    ev = evaluate(uncounted_n_register(), config, as_of=D(2027, 1, 15))
    assert window(ev, "Y") == (D(2026, 10, 19), D(2027, 1, 15), 10, True, D(2027, 1, 8))
    (row,) = result.members("pn").to_dicts()
    assert row["reason_pn"] == (
        "10 unauthorised sessions in the 10 school weeks 19/10/2026 to 15/01/2027 (first "
        "met 08/01/2027); of compulsory school age; next notice: not known (no workspace, "
        "so no record of notices); the window also holds 1 N that does not "
        "count toward the threshold (14/12/2026 AM): find its reason before a notice (a "
        "local authority returns a request whose window holds N)"
    )
    assert row["pn_window_held"] is True
    assert result.action_for("pn") == pn_window_n_action(each=True, n_only=True)


# ---------------------------------------- closed, snow and one-day weeks; the as-of day
# Autumn 2 from Mon 2 Nov to Mon 21 Dec 2026 (its last week one school day).  The week of
# 2 Nov is # for everyone (a planned closure, no school week), the week of 7 Dec Y1 for
# everyone (snow: no school week).  School weeks: 7, 14, 21, 28 Sep; 5, 12, 19 Oct; 9,
# 16, 23, 30 Nov; 14, 21 Dec.  P: G on the Monday AM of 28 Sep; 5, 12, 19 Oct; 9, 16, 23,
# 30 Nov; 14 Dec, and O on Mon 21 Dec PM: 10.  Q: the same but U on Fri 25 Sep PM for
# the G of 28 Sep.
#   as of Mon 21 Dec (the one-day week): 28 Sep - 21 Dec: P 10, met that day; Q 9.
#   as of Sat 19 Dec: the week of 14 Dec is the last: 21 Sep - 19 Dec: P 9, Q 9.
#   as of Tue 22 Dec (holiday): the 10 that ended before it, as on 21 Dec.
AUTUMN_TO_21_DEC = AUTUMN_HALF_TERMS.replace("end = 2026-12-18", "end = 2026-12-21")
SHUT = {(d, s): "#" for d in weekdays(D(2026, 11, 2), D(2026, 11, 6)) for s in ("AM", "PM")}
SHUT |= {(d, s): "Y1" for d in weekdays(D(2026, 12, 7), D(2026, 12, 11)) for s in ("AM", "PM")}
P_MONDAYS = [D(2026, 9, 28), D(2026, 10, 5), D(2026, 10, 12), D(2026, 10, 19), D(2026, 11, 9),
             D(2026, 11, 16), D(2026, 11, 23), D(2026, 11, 30), D(2026, 12, 14)]  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "p", "q"),
    [
        (D(2026, 12, 21), (D(2026, 9, 28), D(2026, 12, 21), 10, True, D(2026, 12, 21)), 9),
        (D(2026, 12, 19), (D(2026, 9, 21), D(2026, 12, 19), 9, False, None), 9),
        (D(2026, 12, 22), (D(2026, 9, 28), D(2026, 12, 21), 10, True, D(2026, 12, 21)), 9),
    ],
)
@pytest.mark.parametrize("config", [Config(), parse_config(AUTUMN_TO_21_DEC)])
def test_closed_snow_and_one_day_weeks_and_the_as_of_day(as_of, p, q, config):
    pm = {(d, "AM"): "G" for d in P_MONDAYS} | {(D(2026, 12, 21), "PM"): "O"}
    qm = {k: v for k, v in pm.items() if k != (D(2026, 9, 28), "AM")}
    qm[(D(2026, 9, 25), "PM")] = "U"
    reg = marks({"P": pm, "Q": qm, "Z": {}}, D(2026, 9, 7), D(2026, 12, 21),
                skip=HALF_TERM, everyone=SHUT)  # fmt: skip
    ev = evaluate(reg, config, as_of=as_of)
    assert window(ev, "P") == p
    assert window(ev, "Q")[2:] == (q, False, None)
