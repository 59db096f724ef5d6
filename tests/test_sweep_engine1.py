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
