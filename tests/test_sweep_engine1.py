"""Sweep engine1 (issue 15, the weekly check's time after the load): work the check did
twice, or once a pupil where once a value does, done once; every figure as it was.

Kit Child (born 01/05/2015) is OLD to Fri 11 Sep 2026 and NEW from Mon 14 Sep: one child
under two UPNs (the same surname, forename and date of birth); FILL is someone else.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import polars as pl

from attcli.check import _looked_after
from attcli.loaders import children_under_two_upns
from attcli.looked_after import LookedAfter
from attcli.roll import compact, resolve
from builders import register_rows, school_days

D = dt.date
OLD, NEW = "A99920101001A", "A999201010017"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}


def _kit_twice():
    days = school_days(D(2026, 9, 7), 10)  # Mon 7 - Fri 18 Sep
    rows = [
        {"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")
    ]
    rows += [
        {"upn": OLD if d < D(2026, 9, 14) else NEW, "date": d, "session": s, "mark": "/", **KIT}
        for d in days
        for s in ("AM", "PM")
    ]
    return register_rows(rows)


def test_the_resolved_roll_keeps_the_children_under_two_upns_the_loader_found():
    c = compact(_kit_twice())
    found = children_under_two_upns(c)  # (what the loader's note works out, take_compact)
    assert found.select("upn", "surname", "forename").rows() == [([OLD, NEW], "Child", "Kit")]
    resolved = resolve(c)
    # the same pupils and versions: the same answer, not worked out again
    assert resolved.pupils is c.pupils and resolved.versions is c.versions
    assert children_under_two_upns(resolved) is found
    # a roll of other pupils is never given another roll's answer (the frames are checked)
    other = compact(_kit_twice().filter(pl.col("upn") == "FILL"))
    other._two_upns = c._two_upns
    assert children_under_two_upns(other).height == 0


def test_looked_after_from_the_column_alone_names_the_y_pupils_only_in_upn_order():
    # Y for ZED and ABE, N for NED (blank cells are N), no column value for the rest
    marks = {("", "ZED"): True, ("", "NED"): False, ("", "ABE"): True}
    prepared = SimpleNamespace(looked_after_marks=lambda as_of: dict(marks))
    ev = SimpleNamespace(as_of=D(2026, 9, 18))
    said = _looked_after(prepared, ev, None)
    assert list(said) == ["ABE", "ZED"]
    assert said["ABE"] == LookedAfter((), True) and said["ABE"].whose is not None


def test_the_children_put_in_roll_order_once_a_run_old_upn_first():
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.joined import _roll_order

    ev = evaluate(_kit_twice(), Config(), as_of=D(2026, 9, 18))
    groups = children_under_two_upns(ev.prepared.roll)
    first = _roll_order(ev.prepared, groups)
    # OLD came on roll on Mon 7 Sep, NEW on Mon 14 Sep: OLD first
    assert first.get_column("upn").to_list() == [[OLD, NEW]]
    assert first.get_column("_first").list.len().to_list() == [2]
    assert _roll_order(ev.prepared, groups) is first  # (the second step reads the first's)


def test_a_hold_by_agreed_absence_said_with_its_codes_most_first_and_none_under_half():
    from fractions import Fraction

    from attcli.absence import hold_reason

    codes, half = ("I", "M"), Fraction(50)
    # 6 I and 2 M of 10 absence sessions: 8 of 10, over half; the codes most first
    assert hold_reason({"I": 6, "N": 2, "M": 2}, codes, half) == (
        "8 of 10 absence sessions this school year are I or M: "
        "6 I (illness), 2 M (medical or dental appointment)"
    )
    # 5 of 10: not more than half; 0 of 4 (an M of none): nothing held
    assert hold_reason({"I": 5, "N": 5}, codes, half) is None
    assert hold_reason({"N": 4, "M": 0}, codes, half) is None


def test_part_time_runs_of_a_school_with_no_c2_then_one_with_c2():
    from attcli.config import Config
    from attcli.engine import evaluate
    from builders import register

    # no C2: no part-time run, the runs' columns (twice: the second from the first's)
    for _ in range(2):
        ev = evaluate(register({"FULL": " ".join(["/"] * 4 + ["N"] * 6)}), Config())
        assert ev.part_time_runs.height == 0
        assert ev.part_time_runs.columns == ev.runs.columns
    # C2 in the mornings and N in the afternoons Mon 7 - Fri 11 Sep, N all day Mon 14:
    # one part-time run of 6 school days, 07/09 to 14/09, codes C2 and N
    ev = evaluate(register({"PART": " ".join(["C2.N"] * 5 + ["N"])}), Config())
    assert ev.part_time_runs.select("upn", "start", "end", "days", "codes").rows() == [
        ("PART", D(2026, 9, 7), D(2026, 9, 14), 6, ["C2", "N"])
    ]
    # (C2, an authorised code, breaks a run of unexplained absence: Mon 14 alone is one)
    assert ev.runs.filter(pl.col("kind") == "unexplained").select("start", "days").rows() == [
        (D(2026, 9, 14), 1)
    ]
