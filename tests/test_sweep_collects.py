"""Sweep collects: fewer eager Polars operations a run (issue 15), output unchanged.

``lookup.by_code`` builds its table by scatter into a column of nulls, not by a join and
a filter: the answers below are worked out by hand from its docstring.
"""

from __future__ import annotations

import polars as pl

from attcli.lookup import by_code


def _mapped(cells: list[str | None], distinct: list[str | None], values: list) -> list:
    frame = pl.DataFrame({"c": pl.Series(cells, dtype=pl.Categorical)})
    dist = pl.Series(distinct, dtype=pl.Categorical)
    return frame.select(by_code("c", dist, pl.Series(values)).alias("v")).get_column("v").to_list()


def test_by_code_maps_each_value_and_the_blank() -> None:
    # the blank in distinct gives null cells its value; "z" is not in distinct: null
    assert _mapped(["b", None, "a", "z", "b"], ["a", None, "b"], [1, 9, 2]) == [2, 9, 1, None, 2]


def test_by_code_without_a_blank_leaves_null_cells_null() -> None:
    assert _mapped(["q", None, "p"], ["p", "q"], [True, False]) == [False, None, True]


def test_by_code_of_only_a_blank_or_nothing() -> None:
    assert _mapped(["r", None], [None], ["x"]) == [None, "x"]
    assert _mapped(["r", None], [], pl.Series([], dtype=pl.String).to_list()) == [None, None]
