"""The canonical register: one row per pupil per session.

Every loader produces a frame with :data:`CORE_SCHEMA` columns (in that
order), followed by any :data:`ATTRIBUTE_COLUMNS` the export carried, then the
provenance columns ``source`` (file name) and ``line`` (1-based line or row
number in that file), which error messages use.
"""

from __future__ import annotations

import polars as pl

from attcli.codes import CATEGORY_DTYPE

SESSION_DTYPE = pl.Enum(["AM", "PM"])

CORE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "school": pl.Utf8,  # null unless the export (or a multi-school load) names it
    "upn": pl.Utf8,
    "surname": pl.Utf8,
    "forename": pl.Utf8,
    "dob": pl.Date,  # nullable
    "year_group": pl.Utf8,  # normalised: "7", "11", "R", "N1"
    "reg_group": pl.Utf8,
    "date": pl.Date,
    "session": SESSION_DTYPE,
    "raw_mark": pl.Utf8,  # as exported
    "mark": pl.Utf8,  # the code it counts as (sub-codes mapped to parent; '-' = not on roll)
    "category": CATEGORY_DTYPE,
}

#: Optional pupil attributes, kept when an export carries them (all strings as exported,
#: except the yes/no ones, which are booleans).
ATTRIBUTE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "gender": pl.Utf8,
    "sen": pl.Utf8,  # SEN status as exported: "N", "K", "E" or words
    "fsm": pl.Boolean,
    "pupil_premium": pl.Boolean,
    "eal": pl.Boolean,
    "cla": pl.Boolean,  # looked-after child
}

PROVENANCE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "source": pl.Utf8,
    "line": pl.Int64,
}

PUPIL_COLUMNS = ("upn", "surname", "forename", "dob", "year_group", "reg_group")


def empty_register() -> pl.DataFrame:
    return pl.DataFrame(schema={**CORE_SCHEMA, **PROVENANCE_SCHEMA})


def year_order(column: str = "year_group") -> pl.Expr:
    """A sort key for year groups: nursery (N1, N2), reception (R), then years 1-14."""
    col = pl.col(column)
    return (
        pl.when(col == "N1")
        .then(-3)
        .when(col == "N2")
        .then(-2)
        .when(col == "R")
        .then(-1)
        .otherwise(col.cast(pl.Int64, strict=False).fill_null(99))
    )
