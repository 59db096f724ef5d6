"""Mapping a Categorical column through a table of its distinct values, by code.

Each distinct text of a register column (a mark, a date, a name) is parsed once; the
rows then take their value by their Categorical code, a gather from a table indexed by
code: no text is compared or made per row (issue 15).
"""

from __future__ import annotations

import polars as pl


def distinct(column: pl.Series) -> pl.Series:
    """Each value of a Categorical column once (a blank as null), in no set order: found
    on the codes (``arg_unique``), two or three times cheaper than ``unique()``."""
    return column.gather(column.to_physical().arg_unique())


def distinct_of(frame: pl.DataFrame, columns: list[str]) -> dict[str, pl.Series]:
    """:func:`distinct` of each of ``frame``'s Categorical ``columns``, found in one query
    (the columns side by side, one on each core: half the time of one after another)."""
    if not columns:
        return {}
    found = frame.select(
        [pl.col(c).to_physical().arg_unique().implode().alias(c) for c in columns]
    ).row(0)
    return {c: frame.get_column(c).gather(at) for c, at in zip(columns, found, strict=True)}


def by_code(column: str | pl.Expr, distinct: pl.Series, values: pl.Series) -> pl.Expr:
    """``column`` (Categorical) mapped to ``values``: a row holding ``distinct[i]`` gets
    ``values[i]``; a null cell gets the value of the null in ``distinct`` (null if it has
    none).  ``distinct`` holds each value of the column once, in the column's categories;
    a value of the column not in ``distinct`` gets null."""
    codes = distinct.cast(pl.Categorical).to_physical()
    known = codes.is_not_null()
    size = int(codes.max() or 0) + 1 if known.any() else 1  # type: ignore[arg-type]
    slots = pl.DataFrame({"_i": pl.arange(0, size, eager=True, dtype=codes.dtype)})
    table = slots.join(
        pl.DataFrame({"_i": codes, "_v": values}).filter(known),
        on="_i",
        how="left",
        maintain_order="left",
    ).get_column("_v")
    col = pl.col(column) if isinstance(column, str) else column
    code = col.cast(pl.Categorical).to_physical()
    looked_up = pl.lit(table).gather(pl.when(code < size).then(code))  # beyond: null
    blank = values.filter(~known)
    if blank.len() and blank.null_count() < blank.len():
        looked_up = pl.when(code.is_null()).then(pl.lit(blank).first()).otherwise(looked_up)
    return looked_up
