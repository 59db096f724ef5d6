"""Sweep spells2 (issue 15): a pupil list's pupils listed with several spells on roll read in
a number of queries that does not grow with those pupils (counted, not timed), each pupil's
row and spells, and the first refusal, as before; the answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attcli.errors import InputError
from attcli.loaders import read_pupil_list
from builders import count_calls

D = dt.date
HEAD = "MIS ID,Surname,Forename,Form,Admission Date,Leaving Date\n"


def _list(tmp_path, n: int, odd: dict[int, str] | None = None):  # noqa: ANN001, ANN202
    """``n`` pupils M0.., each on roll 01/09/2026-30/09/2026 in 7A and again from
    02/11/2026 in 7B, the later spell written first; ``odd``: a pupil's second row's
    Surname or Admission Date written otherwise (``odd[i]`` 'name' or 'overlap')."""
    odd = odd or {}
    rows = []
    for i in range(n):
        again = "29/09/2026" if odd.get(i) == "overlap" else "02/11/2026"
        surname = "Other" if odd.get(i) == "name" else f"Sur{i}"
        rows.append(f"{i},Sur{i},Fore{i},7B,{again},\n")
        rows.append(f"{i},{surname},Fore{i},7A,01/09/2026,30/09/2026\n")
    path = tmp_path / f"pupils{n}.csv"
    path.write_text(HEAD + "".join(rows), encoding="utf-8")
    return path


def test_spells_are_read_in_queries_that_do_not_grow_with_the_pupils(tmp_path, monkeypatch):
    """Each pupil one row: joined 01/09/2026, no leaving date (still on roll), in 7B (the
    latest spell's form); its spells oldest first.  Read for 3 and for 9 such pupils with the
    same number of filters and collected queries (before: a filter and more each pupil)."""
    counts = []
    for n in (3, 9):
        path = _list(tmp_path, n)
        with monkeypatch.context() as m:
            calls = [count_calls(m, pl.DataFrame, "filter"),
                     count_calls(m, pl.DataFrame, "partition_by"),
                     count_calls(m, pl.LazyFrame, "collect")]  # fmt: skip
            got = read_pupil_list(path)
            counts.append([len(c) for c in calls])
        assert got.pupils.select("mis_id", "joined", "left", "reg_group").rows() == [
            (str(i), D(2026, 9, 1), None, "7B") for i in range(n)
        ]
        assert got.spells.rows() == [
            row
            for i in range(n)
            for row in ((str(i), D(2026, 9, 1), D(2026, 9, 30), "7A"),
                        (str(i), D(2026, 11, 2), None, "7B"))  # fmt: skip
        ]
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    ("odd", "said"),
    [
        # the first pupil (by line) that is not spells is refused, though a later one overlaps
        ({1: "name", 2: "overlap"}, "line 5: MIS id 1 is listed more than once with different "
                                    "values (lines 4, 5)"),
        # ... and the first that overlaps, though a later one is not spells
        ({1: "overlap", 2: "name"}, "line 5: MIS id 1 is listed twice, on roll 01/09/2026 to "
                                    "30/09/2026 and from 29/09/2026 (lines 4, 5): the spells "
                                    "overlap (the one to 30/09/2026 ends after the next "
                                    "begins, 29/09/2026)"),
    ],
)
def test_the_first_pupil_whose_rows_are_not_spells_is_refused_as_before(tmp_path, odd, said):
    path = _list(tmp_path, 3, odd)
    with pytest.raises(InputError) as info:
        read_pupil_list(path)
    assert str(info.value).startswith(f"{path}, {said}")
