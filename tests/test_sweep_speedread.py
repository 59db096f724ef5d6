"""Sweep speedread (issue 15): the check's load, the compaction and the JSON made with
less work, every answer as before.  Each test was seen to fail on a wrong version of the
code it guards; none is timed."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attcli.roll import VERSION_COLUMNS, compact, ord_of
from builders import register_rows

MON = dt.date(2026, 9, 7)


def _day(i: int) -> dt.date:
    return MON + dt.timedelta(days=i)


def _versions_register(form: str = "7A") -> pl.DataFrame:
    """Four pupils over five days (Mon 7 to Fri 11 September 2026), two sessions a day:
    A's form blank on Wednesday and 7A either side (three stretches); B's forename blank
    all week (one); D's surname and forename swapped on Thursday and Friday (two: the
    same two texts, in the other columns); E's date of birth missing on Monday (two).
    ``form``: A's form on the days it is given."""
    rows = []
    for i in range(5):
        for session in ("AM", "PM"):
            base = {"date": _day(i), "session": session, "mark": "/" if session == "AM" else "\\"}
            rows.append({**base, "upn": "A", "reg_group": None if i == 2 else form})
            rows.append({**base, "upn": "B", "forename": None})
            names = ("Ann", "Lee") if i >= 3 else ("Lee", "Ann")
            rows.append({**base, "upn": "D", "surname": names[0], "forename": names[1]})
            rows.append({**base, "upn": "E", "dob": None if i == 0 else dt.date(2014, 5, 1)})
    return register_rows(rows)


#: (upn, first day, last day, the values that differ from the builder's defaults)
EXPECTED_VERSIONS = {
    ("A", 0, 1, ("reg_group", "7A")),
    ("A", 2, 2, ("reg_group", None)),
    ("A", 3, 4, ("reg_group", "7A")),
    ("B", 0, 4, ("forename", None)),
    ("D", 0, 2, ("surname", "Lee")),
    ("D", 3, 4, ("surname", "Ann")),
    ("E", 0, 0, ("dob", None)),
    ("E", 1, 4, ("dob", dt.date(2014, 5, 1))),
}


@pytest.mark.parametrize("categorical", [True, False])
def test_compact_finds_each_stretch_of_names_and_groups_as_the_columns_give_them(
    categorical: bool,
) -> None:
    """The versions are grouped on codes packed two to an integer (``roll._combo_keys``):
    a blank is its own value, and two texts swapped between two columns are another set of
    values, not the same one.  As the loader gives the columns (Categorical, consumed) and
    as text.  As Categorical, A's form is the text whose code is 0, the code a blank
    would have if a blank were not told apart from it."""
    form = "7A"
    if categorical:
        held = pl.Series(["7A"]).cast(pl.Categorical)  # (held: some text has code 0)
        try:
            form = pl.Series([0], dtype=pl.UInt32).cat.to(pl.Categorical).cast(pl.String).item()
        except pl.exceptions.ComputeError:  # (code 0's text was let go: "7A" takes it)
            form = "7A"
        assert held.to_physical().item() == 0 or form != "7A"
    reg = _versions_register(form)
    if categorical:
        reg = reg.with_columns(
            pl.col(c).cast(pl.Categorical)
            for c in ("upn", "surname", "forename", "year_group", "reg_group")
        )
    roll = compact(reg, consume=categorical)
    v = roll.versions.join(roll.pupils, on="pid")
    assert set(v.columns) >= {"upn", "_first", "_last", *VERSION_COLUMNS}
    got = set()
    for r in v.iter_rows(named=True):
        first = next(i for i in range(5) if ord_of(_day(i)) == r["_first"])
        last = next(i for i in range(5) if ord_of(_day(i)) + 1 == r["_last"])
        for column, value in [(c, r[c]) for c in ("reg_group", "forename", "surname", "dob")]:
            if (r["upn"], column) in {
                ("A", "reg_group"),
                ("B", "forename"),
                ("D", "surname"),
                ("E", "dob"),
            }:
                got.add((r["upn"], first, last, (column, value)))
        if r["upn"] == "D":
            assert r["forename"] == ("Lee" if first == 3 else "Ann")
    assert got == {
        (u, a, b, (c, form if (u, c, value) == ("A", "reg_group", "7A") else value))
        for u, a, b, (c, value) in EXPECTED_VERSIONS
    }
    assert v.height == len(EXPECTED_VERSIONS)
    assert sorted(roll.pupils.get_column("upn").to_list()) == ["A", "B", "D", "E"]


def test_compact_keys_a_upn_in_two_schools_as_two_pupils_and_one_without_a_school_as_one() -> None:
    """A register naming no school has its pupils' school part added as one number
    (``roll.compact``); one whose School column is set on some rows keeps each row's: the
    same UPN with and without a school is two pupils, and the school-less one is keyed
    as a register naming no school keys it."""
    rows = [{"upn": "A", "date": _day(i), "session": "AM", "mark": "/"} for i in range(2)]
    alone = compact(register_rows(rows), consume=True)
    assert alone.pupils.get_column("school").to_list() == [""]
    both = pl.concat([register_rows(rows, school="North"), register_rows(rows)])
    roll = compact(both.with_columns(pl.col("school", "upn").cast(pl.Categorical)), consume=True)
    got = dict(roll.pupils.select("school", "pid").iter_rows())
    assert set(got) == {"North", ""}
    assert got["North"] != got[""]
    assert got[""] // 2**32 == alone.pupils.get_column("pid").item() // 2**32 == 2**32 - 1
    assert roll.marks.group_by("pid").len().get_column("len").to_list() == [2, 2]
