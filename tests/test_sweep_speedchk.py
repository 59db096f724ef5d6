"""Sweep speedchk (issue 15: what the check does after the load).  Each change keeps the
check's output byte for byte; these tests pin what the rewritten code must still give."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from builders import register

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
