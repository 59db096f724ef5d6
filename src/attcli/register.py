"""The canonical register: one row per pupil per session.

Every loader produces a frame with :data:`CORE_SCHEMA` columns (in that
order), followed by any :data:`ATTRIBUTE_COLUMNS` the export carried, then the
provenance columns ``source`` (file name) and ``line`` (1-based line or row
number in that file), which error messages use.

:func:`resolve_roll` turns a register as exported into the one the rules read
(DOMAIN.md 1): each pupil's time on roll, blank cells outside it dropped, blank
cells and missing rows inside it as missing marks, and the days only a handful of
pupils have marks on (stray days) set apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from attcli.codes import CATEGORY_DTYPE
from attcli.output import year_group_label  # noqa: F401  (its home: a workbook's cell names a year too)

SESSION_DTYPE = pl.Enum(["AM", "PM"])

#: Text columns are Categorical: each distinct text is held once (a pupil's name, a form,
#: a mark), so a register of millions of marks stays small and is grouped on integers.
TEXT = pl.Categorical

CORE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "school": TEXT,  # null unless the export (or a multi-school load) names it
    "upn": TEXT,
    "surname": TEXT,
    "forename": TEXT,
    "dob": pl.Date,  # nullable
    "year_group": TEXT,  # normalised: "7", "11", "R", "N1", "E1", "X"
    "reg_group": TEXT,
    "date": pl.Date,
    "session": SESSION_DTYPE,
    "raw_mark": TEXT,  # as exported
    "mark": TEXT,  # the code it counts as (sub-codes mapped to parent; '-' = missing mark)
    "category": CATEGORY_DTYPE,
}

#: Optional pupil attributes, kept when an export carries them (all strings as exported,
#: except the yes/no ones, which are booleans).
ATTRIBUTE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "gender": TEXT,
    "sen": TEXT,  # SEN status as exported: "N", "K", "E" or words
    "fsm": pl.Boolean,
    "pupil_premium": pl.Boolean,
    "eal": pl.Boolean,
    "cla": pl.Boolean,  # looked-after child
}

PROVENANCE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "source": TEXT,
    "line": pl.Int64,
}

def empty_register() -> pl.DataFrame:
    return pl.DataFrame(schema={**CORE_SCHEMA, **PROVENANCE_SCHEMA})


def year_order(column: str = "year_group") -> pl.Expr:
    """A sort key for year groups: early years (E1, E2), nursery (N1, N2), reception (R),
    years 1-14, then X (national curriculum not followed)."""
    col = pl.col(column).cast(pl.Utf8)
    return (
        pl.when(col == "E1")
        .then(-5)
        .when(col == "E2")
        .then(-4)
        .when(col == "N1")
        .then(-3)
        .when(col == "N2")
        .then(-2)
        .when(col == "R")
        .then(-1)
        .when(col == "X")
        .then(98)
        .otherwise(col.cast(pl.Int64, strict=False).fill_null(99))
    )


# ------------------------------------------------------------------ time on roll


@dataclass
class Roll:
    """A register resolved against each pupil's time on roll (see :func:`resolve_roll`)."""

    #: the register the rules read: blank cells outside the time on roll dropped, blank
    #: cells inside it and missing rows as missing marks (``mark`` ``-``, category
    #: ``missing``; an added row has ``raw_mark``, ``source`` and ``line`` null)
    register: pl.DataFrame
    #: one row per pupil with a time on roll: school ("" when none), upn, first and last
    #: day on roll (``last`` null: on roll with no end, from a pupil list)
    spans: pl.DataFrame
    #: days with possible marks that only a handful of the pupils on roll have marks on:
    #: school, date, marked (pupils), on_roll (pupils)
    stray_days: pl.DataFrame
    #: pupils in an export with no mark at all (only blank cells): school, upn, surname,
    #: forename, source, line
    unmarked: pl.DataFrame


def resolve_roll(register: pl.DataFrame, roll_dates: pl.DataFrame | None = None) -> Roll:
    """Apply DOMAIN.md 1's "not on roll versus no mark" to ``register``, as rows.

    The work is :func:`attcli.roll.resolve` on the compact register (see there); this
    gives its result back as the canonical wide register, for code and tests that read
    rows.  Idempotent: resolving a resolved register changes nothing.
    """
    from attcli.roll import compact, resolve

    c = resolve(compact(register), roll_dates)
    assert c.stray_days is not None and c.unmarked is not None
    return Roll(c.wide(), c.spans_by_date(), c.stray_days, c.unmarked)
