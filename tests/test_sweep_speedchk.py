"""Sweep speedchk (issue 15: what the check does after the load).  Each change keeps the
check's output byte for byte; these tests pin what the rewritten code must still give."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from builders import register, school_days

D = dt.date


# ------------------------------------ absence.HoldRule.of: the bands with marks counted


def test_the_hold_rule_s_bands_with_missing_marks_count_them_as_possible_too() -> None:
    """20 school days Mon 7 Sep - Fri 2 Oct 2026 (40 sessions), as of 2 Oct; default
    bands (green 92% or more, amber over 90, red over 50).  MISS: its first afternoon
    blank (a missing mark, not possible), present otherwise: 39 of 39, counted as
    attended 40 of 40, green.  MISSO: the same blank, O on both sessions of days 2 and 3,
    present otherwise: 35 of 39 (89.7%, red); counted as attended AND possible 36 of 40 =
    90.0%, not over 90: red (counted as attended alone, 36 of 39 = 92.3%, would be green).
    NS: N on both sessions of the last day (2 not yet stale): 38 of 40 (95%), green; with
    them attended, 40 of 40, green.  GHOST: a pupil the codes name who is not in the
    register: no band is made for it (its figures are not known)."""
    from attcli.absence import HoldRule, absence_by_code
    from attcli.config import Config
    from attcli.engine import evaluate

    present = ["/"] * 20
    miss = ["/_", *present[1:]]
    misso = ["/_", "O", "O", *present[3:]]
    ns = [*present[:-1], "N"]
    reg = register({"MISS": " ".join(miss), "MISSO": " ".join(misso), "NS": " ".join(ns)})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2))
    by_code = absence_by_code(ev, ev.period_start, ev.as_of)
    by_code[("", "GHOST")] = {"N": 3}
    rule = HoldRule.of(ev, ("I",), Fraction(50), (), by_code=by_code)
    assert rule.missing == {("", "MISS"): (1, 39, 39), ("", "MISSO"): (1, 35, 39)}
    assert rule.band_with_missing == {("", "MISS"): "green", ("", "MISSO"): "red"}
    assert rule.marked == {("", "NS"): 2, ("", "GHOST"): 3}
    assert rule.band_without == {("", "NS"): "green"}
    assert rule.stale == {} and rule.band_without_stale == {}


# ------------------------------ joined._marks_of: the marks of the children under two UPNs


def test_the_lines_across_a_child_s_upns_read_its_marks_picked_out_once() -> None:
    """School days from Mon 7 Sep 2026; FILL present every day; Kit Child (born
    01/05/2015) is OLD to Fri 2 Oct (present 14 days, then N 6 days: 25 Sep - 2 Oct) and
    NEW from Mon 5 Oct (N 6 days to Mon 12 Oct), as of 12 Oct.  The check says the run of
    12 school days joined across the two UPNs (as before), and each line said across a
    child's UPNs (the joined run, the band, the illness, the lateness, the two children)
    of which this register has two (the joined run and the lines saying two children) reads the marks of the children under two UPNs, picked out of the register once: no
    step is given the whole register's marks (five passes over every mark a check were
    0.07 s of CPU at 20,000 pupils)."""
    import attcli.joined as joined
    from attcli.check import check_register
    from attcli.config import Config
    from builders import register_rows

    kit = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}
    as_of = D(2026, 10, 12)
    old_days, new_days = school_days(D(2026, 9, 7), 20), school_days(D(2026, 10, 5), 6)
    rows = [
        {"upn": "FILL", "date": d, "session": s, "mark": "/"}
        for d in school_days(D(2026, 9, 7), 26)
        for s in ("AM", "PM")
    ]
    for upn, days, marks in (
        ("A99920101001A", old_days, ["/"] * 14 + ["N"] * 6),
        ("A999201010017", new_days, ["N"] * 6),
    ):
        rows += [
            {"upn": upn, "date": d, "session": s, "mark": m, **kit}
            for d, m in zip(days, marks, strict=True)
            for s in ("AM", "PM")
        ]
    given: list[int] = []
    real = joined._picked

    def picked(marks, of):  # noqa: ANN001, ANN202
        given.append(marks.height)
        return real(marks, of)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(joined, "_picked", picked)
        result = check_register(register_rows(rows), Config(), as_of=as_of)
    ev = result.evaluation
    runs = joined.joined_runs(ev)
    assert [(r.upns, r.days) for r in runs] == [(("A99920101001A", "A999201010017"), 12)]
    whole = ev.prepared.roll.marks.height
    assert len(given) >= 2  # (the joined run, the two children; the others had none to say)
    assert all(n == 2 * 26 for n in given) and whole == 4 * 26
