"""Sweep engine2 (issue 15): each pupil's days are flagged as sorted by pupil, so that
their groupings by pupil (the runs, each pupil's last day and last day attended) take
Polars' sorted path; the answers are the ones a hash grouping gives."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

D = dt.date


def _marks(rows: list[tuple]) -> pl.DataFrame:
    """Compact marks from ``(pid, date, session, mark, category)`` rows, with ``ord``."""
    from attcli.codes import CATEGORY_DTYPE
    from attcli.roll import ord_expr

    frame = pl.DataFrame(
        rows,
        schema={
            "pid": pl.UInt64,
            "date": pl.Date,
            "session": pl.Enum(["AM", "PM"]),
            "mark": pl.Categorical,
            "category": CATEGORY_DTYPE,
        },
        orient="row",
    )
    return frame.with_columns(ord_expr().alias("ord"))


@pytest.mark.parametrize("grid", [True, False])
def test_the_days_flagged_sorted_by_pupil_give_the_runs_and_last_days_worked_by_hand(
    grid, monkeypatch
):
    """Three pupils of school 1, their rows in the order of the register (day, then
    pupil: not the pupils' order).  By hand: pupil 2 is absent unexplained (O) all of
    Mon 7 Sep, present on the 8th, O again on the 9th: two runs of one day, the second
    current (it reaches the pupil's last day); pupil 5 is present on the 7th and N all of
    the 8th: one run of one day, current; pupil 3 is present on the 9th only.  Last day:
    2 -> 9th, 3 -> 9th, 5 -> 8th; last day attended: 2 -> 8th, 3 -> 9th, 5 -> 7th."""
    from attcli import engine
    from attcli.engine import _bits, _days, _runs
    from attcli.roll import SCHOOL_BITS

    monkeypatch.setattr(engine, "GRID_MIN_ROWS", 0)  # (the grid for so few rows too)
    school = 1
    p2, p3, p5 = (school * SCHOOL_BITS + n for n in (2, 3, 5))
    u, pr = "unauthorised", "present"
    rows = []
    for day, marks in [
        (D(2026, 9, 7), [(p2, "O", u), (p5, "/", pr)]),
        (D(2026, 9, 8), [(p5, "N", u), (p2, "/", pr)]),
        (D(2026, 9, 9), [(p3, "/", pr), (p2, "O", u)]),
    ]:
        for session in ("AM", "PM"):
            rows += [(pid, day, session, mark, cat) for pid, mark, cat in marks]
    kinds = {"unexplained": ("O", "N")}
    bit = {
        k: pl.col("mark").replace_strict(
            list(b), list(b.values()), default=0, return_dtype=pl.UInt32
        )
        for k, b in ((k, _bits(codes)) for k, codes in kinds.items())
    }
    days = _days(_marks(rows), school, kinds, bit, grid=grid)
    assert days.get_column("pid").flags["SORTED_ASC"]
    assert days.select("pid", "date").rows() == [
        (p2, D(2026, 9, 7)), (p2, D(2026, 9, 8)), (p2, D(2026, 9, 9)),
        (p3, D(2026, 9, 9)), (p5, D(2026, 9, 7)), (p5, D(2026, 9, 8)),
    ]  # fmt: skip
    last = (
        days.lazy()
        .filter(pl.col("date") <= D(2026, 9, 9))  # (as the check reads them: flag kept)
        .group_by("pid")
        .agg(pl.col("date").max().alias("last"), pl.col("date").filter("_attended").max())
        .sort("pid")
        .collect()
    )
    assert last.rows() == [
        (p2, D(2026, 9, 9), D(2026, 9, 8)),
        (p3, D(2026, 9, 9), D(2026, 9, 9)),
        (p5, D(2026, 9, 8), D(2026, 9, 7)),
    ]
    runs = _runs(days.lazy(), kinds).sort("pid", "start")
    assert runs.select("pid", "start", "end", "days", "codes", "current").rows() == [
        (p2, D(2026, 9, 7), D(2026, 9, 7), 1, ["O"], False),
        (p2, D(2026, 9, 9), D(2026, 9, 9), 1, ["O"], True),
        (p5, D(2026, 9, 8), D(2026, 9, 8), 1, ["N"], True),
    ]


def test_days_not_in_order_of_pupil_are_not_flagged_and_group_right():
    """The flag is set only on a frame whose pupils are in order (checked): one that is
    not keeps no flag, and grouping it by pupil still finds each pupil's last day."""
    from attcli.engine import _pid_sorted

    frame = pl.DataFrame(
        {"pid": [3, 1, 3, 2], "date": [D(2026, 9, d) for d in (7, 8, 9, 10)]},
        schema={"pid": pl.UInt64, "date": pl.Date},
    )
    out = _pid_sorted(frame)
    assert not out.get_column("pid").flags["SORTED_ASC"]
    got = out.group_by("pid").agg(pl.col("date").max()).sort("pid").rows()
    assert got == [(1, D(2026, 9, 8)), (2, D(2026, 9, 10)), (3, D(2026, 9, 9))]
    assert _pid_sorted(frame.sort("pid", "date")).get_column("pid").flags["SORTED_ASC"]
