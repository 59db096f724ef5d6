"""Time on roll from a pupil list (DOMAIN.md 1: "Where a joining or leaving date is known
(a pupil list), it decides the time on roll"): a sweep of hand-worked registers.

The register (``builders.register``): school weeks from Mon 07/09/2026, no holiday.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.config import Config
from attcli.engine import evaluate
from builders import register

D = dt.date
WEEK = "/ " * 5
NWEEK = "N " * 5


def listed(*rows: tuple[str, dt.date, dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"upn": u, "joined": j, "left": left} for u, j, left in rows],
        schema={"upn": pl.Utf8, "joined": pl.Date, "left": pl.Date},
    )


def test_marks_kept_after_the_leaving_date_past_the_register_s_end_are_all_listed():
    """LEA left Fri 25/09/2026 (the pupil list); the register kept N for her on both weeks
    after it, 28/09-02/10 and 05/10-09/10, while the eight other pupils' register ends
    Fri 02/10.  Her marks after the leaving date are not counted, so the data end on
    02/10 (the default as-of date).  Each of her 20 N marks after 25/09 is outside her
    time on roll and is listed (DOMAIN.md 1, 12): 28/09 to 09/10, 10 school days x 2.
    The 10 of 05-09/10 fell after the data's end and were silently dropped: only 10
    were listed."""
    pupils = {"LEA": WEEK * 3 + NWEEK * 2} | {f"B{i}": WEEK * 4 for i in range(8)}
    roll = listed(("LEA", D(2026, 9, 1), D(2026, 9, 25)), *((f"B{i}", D(2026, 9, 1), None) for i in range(8)))
    ev = evaluate(register(pupils), Config(), roll_dates=roll)
    assert ev.as_of == D(2026, 10, 2)
    lea = ev.data_quality.filter((pl.col("upn") == "LEA") & (pl.col("kind") == "outside_roll"))
    assert lea.height == 20
    assert (lea.get_column("date").min(), lea.get_column("date").max()) == (
        D(2026, 9, 28),
        D(2026, 10, 9),
    )
    row = ev.pupils.filter(pl.col("upn") == "LEA").row(0, named=True)
    assert (row["possible"], row["unauthorised"], row["left_on"]) == (30, 0, D(2026, 9, 25))
