"""Sweep engine3 (issue 15): each pupil's session counts for several asks at once, a
large register's by segments of the sessions (one grouping of the eight kinds a pupil
and segment, each count the sum of its stretch's segments), a small one's by one
query; and the days of a large register read off its grid by one Polars query."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from builders import register

D = dt.date

#: the rows by hand: 19-23 Oct 2026 the last week of Autumn 1, 26-30 Oct the half-term
#: holiday (no row), 2-6 Nov the first week of Autumn 2
A_TOKENS = "/\\ L/ N I O/ I // _X L/ N"  # A: a late, N, illness, O, a missing AM and an X
B_TOKENS = "! ! ! ! ! ! ! // ! //"  # B: only Wed 4 and Fri 6 Nov, present


def _counts(segments: bool, monkeypatch) -> list[dict[str, dict[str, int]]]:  # noqa: ANN001
    from attcli import engine
    from attcli.config import Config, HalfTerm
    from attcli.engine import _Asked, prepare

    if segments:  # the large register's way, for these few rows
        monkeypatch.setattr(engine, "GRID_MIN_ROWS", 0)
    config = dataclasses.replace(
        Config(),
        half_terms=(
            HalfTerm("Autumn 1", D(2026, 9, 2), D(2026, 10, 23)),
            HalfTerm("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
        ),
    )
    holiday = [D(2026, 10, 26) + dt.timedelta(days=n) for n in range(5)]
    reg = register({"A": A_TOKENS, "B": B_TOKENS}, start=D(2026, 10, 19), holidays=holiday)
    prepared = prepare(reg, config)
    (school,) = prepared.schools
    asks = [
        _Asked(D(2026, 11, 6), D(2026, 9, 1), False, False, False),
        _Asked(D(2026, 10, 22), D(2026, 10, 21), True, True, False),  # --from inside Autumn 1
        _Asked(D(2026, 10, 30), D(2026, 9, 1), False, True, False),  # the holiday after Autumn 1
    ]
    upn = dict(prepared.roll.pupils.select("pid", "upn").iter_rows())
    return [
        {upn[row.pop("pid")]: row for row in frame.to_dicts()}
        for frame in prepared._counts(school, asks)
    ]


@pytest.mark.parametrize("segments", [True, False])
def test_counts_of_three_asks_worked_by_hand(segments, monkeypatch):
    """By hand, pupil A (two sessions a day): Mon 19 Oct present, Tue 20 late (L) then
    present, Wed 21 N, Thu 22 ill (I), Fri 23 O then present; Mon 2 Nov ill, Tue 3
    present, Wed 4 a missing AM and X (not possible, not a full timetable), Thu 5 late
    then present, Fri 6 N.  Pupil B: present on Wed 4 and Fri 6 Nov only (so 4 Nov's
    register was taken: A's blank morning is a missing mark); Thu 5 Nov, inside B's time
    on roll, has no row of B's: two missing marks.
    As of 6 Nov from 1 Sep: A possible 18 = attended 9 + authorised 4 + unauthorised 5,
    1 missing; the half term (2-6 Nov) possible 8, attended 4, authorised 2,
    unauthorised 2; 1 late in it (5 Nov; 20 Oct is Autumn 1's); ill 4; 1 X.
    As of 22 Oct from 21 Oct: the period's two days, possible 4 (N N, I I), in the half
    term too; the late of 20 Oct counts (the half term whatever the period), and the
    illness of the year to 22 Oct is 2.  B's marks are all after: every count 0.
    B possible 4, attended 4, all in the half term, 2 missing.
    As of 30 Oct (the holiday: its half term is Autumn 1, the last that ended) from 1
    Sep: A's Autumn 1 week, possible 10, attended 5, authorised 2, unauthorised 3, ill 2,
    the same in the half term, and its late."""
    now, ht_from, holiday = _counts(segments, monkeypatch)
    zero = dict.fromkeys(now["A"], 0)
    assert now["A"] == {
        **zero, "possible": 18, "attended": 9, "authorised": 4, "unauthorised": 5,
        "missing_marks": 1, "ht_possible": 8, "ht_attended": 4, "ht_authorised": 2,
        "ht_unauthorised": 2, "lates_half_term": 1, "sickness_sessions": 4, "_not_full": 1,
    }  # fmt: skip
    assert now["B"] == {
        **zero, "possible": 4, "attended": 4, "missing_marks": 2, "ht_possible": 4,
        "ht_attended": 4,
    }  # fmt: skip
    assert ht_from["A"] == {
        **zero, "possible": 4, "authorised": 2, "unauthorised": 2, "ht_possible": 4,
        "ht_authorised": 2, "ht_unauthorised": 2, "lates_half_term": 1, "sickness_sessions": 2,
    }  # fmt: skip
    assert ht_from["B"] == zero
    assert holiday["A"] == {
        **zero, "possible": 10, "attended": 5, "authorised": 2, "unauthorised": 3,
        "ht_possible": 10, "ht_attended": 5, "ht_authorised": 2, "ht_unauthorised": 3,
        "lates_half_term": 1, "sickness_sessions": 2,
    }  # fmt: skip
    assert holiday["B"] == zero
