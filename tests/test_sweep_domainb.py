"""Faults found by an audit of DOMAIN.md 6, 9, 10, 11 and 12 against attcli (sweep of 4
December, domainb), each worked by hand.

The registers (tests/builders.py) run from Mon 7 Sep 2026, school days only:
  week 1: 7-11 Sep   week 2: 14-18   week 3: 21-25   week 4: 28 Sep-2 Oct   week 5: 5-9 Oct
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers
from builders import register_rows, school_days, write_long_csv

D = dt.date


def test_a_later_export_with_a_hole_where_an_earlier_one_has_a_mark_is_a_conflict(tmp_path):
    # DOMAIN.md 12: only an N replaced by a final code is a correction; "any other
    # disagreement between exports is a conflict to resolve, never guessed".  The export of
    # 7-18 Sep has A1 N on Mon 14 Sep AM; the later one of 7-25 Sep holds A1 every session
    # but that one (and B1's row for it): the mark was taken out of the MIS since.  A blank
    # cell there is refused as a conflict, and so is no row after A1's last row; no row
    # between A1's first and last rows was read silently as the earlier N: an unauthorised
    # session the MIS no longer holds, counted toward a band, a run and a penalty notice.
    def rows(upn: str, days: int, marks: dict) -> list[dict]:
        return [
            {"upn": upn, "date": d, "session": s, "mark": marks.get((d, s), "/")}
            for d in school_days(D(2026, 9, 7), days)
            for s in ("AM", "PM")
        ]

    hole = (D(2026, 9, 14), "AM")
    early = write_long_csv(
        register_rows(rows("A1", 10, {hole: "N"}) + rows("B1", 10, {})), tmp_path / "w12.csv"
    )
    late_rows = [r for r in rows("A1", 15, {}) if (r["date"], r["session"]) != hole]
    late = write_long_csv(register_rows(late_rows + rows("B1", 15, {})), tmp_path / "w13.csv")
    with pytest.raises(InputError) as exc:
        load_registers([early, late])
    assert str(exc.value).startswith(
        f"{late} has no row for 1 pupil on days it holds where the earlier export {early} "
        "has their marks (1 session, e.g. A1 14/09/2026 AM 'N' in line 12; A1's rows there "
        "run 07/09/2026 to 25/09/2026)"
    )
    # a second file of one long export split at a row lacks the rows before its first of a
    # pupil, which the first file holds: no conflict (as before)
    first = write_long_csv(register_rows(rows("A1", 10, {})), tmp_path / "part1.csv")
    second = write_long_csv(
        register_rows(rows("A1", 15, {})[20:] + rows("B1", 15, {})), tmp_path / "part2.csv"
    )
    assert load_registers([first, second]).register.filter(pl.col("upn") == "A1").height == 30
