"""Sweep engine6 (issue 15): the marks' codes, sessions and categories compared as the
Categorical and Enums they are, not each row cast to text first; the answers worked out
by hand, on frames with the register's own dtypes."""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.codes import CATEGORY_DTYPE
from attcli.engine import _off_roll_within, afternoon_present
from attcli.register import SESSION_DTYPE

MON = dt.date(2026, 10, 5)


def _day(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def _marks(rows: list[tuple[int, int, str, str, str]]) -> pl.DataFrame:
    """(pid, day after MON, session, mark, category) as the register holds them."""
    return pl.DataFrame(
        {
            "pid": pl.Series([r[0] for r in rows], dtype=pl.UInt64),
            "date": [_day(r[1]) for r in rows],
            "session": pl.Series([r[2] for r in rows], dtype=SESSION_DTYPE),
            "mark": pl.Series([r[3] for r in rows], dtype=pl.Categorical),
            "category": pl.Series([r[4] for r in rows], dtype=CATEGORY_DTYPE),
        }
    )


def test_the_present_marks_of_the_last_afternoon_are_counted_on_the_registers_enums() -> None:
    """Fri 9 Oct's afternoon (the last): pupils 1 and 2 present (`\\`), 3 on a trip (`V`,
    approved, entered ahead), 4 present that morning only, 5 present on Thursday
    afternoon: 2 present marks that afternoon."""
    marks = _marks([
        (1, 4, "AM", "/", "present"), (1, 4, "PM", "\\", "present"),
        (2, 4, "PM", "\\", "present"),
        (3, 4, "PM", "V", "approved_activity"),
        (4, 4, "AM", "/", "present"),
        (5, 3, "PM", "\\", "present"),
    ])  # fmt: skip
    last = pl.DataFrame({"last": [True], "marked": [3], "date": [_day(4)]})
    assert afternoon_present(last, marks) == 2
    # (the same whatever the columns' types: text as a test's frame may hold it)
    as_text = marks.with_columns(pl.col("session", "mark", "category").cast(pl.Utf8))
    assert afternoon_present(last, as_text) == 2


def test_the_days_off_roll_inside_a_run_read_off_the_categorical_z() -> None:
    """Pupil 7's run of unexplained absence from Mon 5 to Mon 12 Oct: Tue `Z` and a blank
    (no mark: off roll all day), Wed `Z` `Z` (off roll), Thu `Z` and `N` (a mark: on roll
    that day); Mon 12, the run's last day, is not inside it.  Pupil 8's run of one day
    reads no mark.  Off roll inside the run: Tue 6 and Wed 7, two days."""
    marks = _marks([
        (7, 0, "AM", "N", "unauthorised"), (7, 0, "PM", "N", "unauthorised"),
        (7, 1, "AM", "Z", "not_possible"), (7, 1, "PM", "", "missing"),
        (7, 2, "AM", "Z", "not_possible"), (7, 2, "PM", "Z", "not_possible"),
        (7, 3, "AM", "Z", "not_possible"), (7, 3, "PM", "N", "unauthorised"),
        (7, 4, "AM", "N", "unauthorised"), (7, 4, "PM", "N", "unauthorised"),
        (7, 7, "AM", "Z", "not_possible"), (7, 7, "PM", "Z", "not_possible"),
        (8, 2, "AM", "Z", "not_possible"), (8, 2, "PM", "Z", "not_possible"),
    ])  # fmt: skip
    runs = pl.DataFrame(
        {
            "pid": pl.Series([7, 8], dtype=pl.UInt64),
            "start": [_day(0), _day(2)],
            "end": [_day(7), _day(2)],
        }
    )
    school_days = [_day(n) for n in (0, 1, 2, 3, 4, 7)]
    out = _off_roll_within(runs, marks, None, school_days)
    assert out.get_column("off_roll_days").to_list() == [2, 0]
    assert out.get_column("off_roll_within").to_list() == [[_day(1), _day(2)], []]
