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

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import polars as pl

from attcli.codes import CATEGORY_DTYPE, MISSING_MARK, POSSIBLE_CATEGORIES, Category

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
    "mark": pl.Utf8,  # the code it counts as (sub-codes mapped to parent; '-' = missing mark)
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


# ------------------------------------------------------------------ time on roll

#: A day on which fewer than this share of the pupils on roll have a mark is a stray
#: day: the day is the problem (a mistyped date, a register opened on a holiday), not
#: everyone else's missing row.  1/10: a year group of a small school still makes a day.
STRAY_DAY_SHARE = (1, 10)
#: Sort key of a session within the data: the day's ordinal times two, plus one for PM.
_ORD = pl.col("date").cast(pl.Int64) * 2 + (pl.col("session") == "PM").cast(pl.Int64)


def explicit_mark() -> pl.Expr:
    """Rows whose cell held a mark (any code, ``-`` included, but not ``Z``), from a file.

    These decide a pupil's time on roll (DOMAIN.md 1): a blank cell does not, a row
    added for a missing row (``source`` null) does not, and ``Z`` (a prospective pupil)
    is outside the time on roll by definition.
    """
    raw = pl.col("raw_mark").cast(pl.Utf8).str.strip_chars()
    return raw.is_not_null() & (raw != "") & (pl.col("mark") != "Z") & pl.col("source").is_not_null()


def marked() -> pl.Expr:
    """Rows whose cell held any mark at all (``Z`` included), from a file."""
    raw = pl.col("raw_mark").cast(pl.Utf8).str.strip_chars()
    return raw.is_not_null() & (raw != "") & pl.col("source").is_not_null()


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
    """Apply DOMAIN.md 1's "not on roll versus no mark" to ``register``.

    A pupil's time on roll runs from their first explicit mark to their last (see
    :func:`explicit_mark`), or, where ``roll_dates`` (school, upn, joined, left, from a
    pupil list) gives a date, from the joining date and to the leaving date (no leaving
    date: still on roll).  Outside it a blank cell is no session (dropped); inside it a
    blank cell is a missing mark, and so is a missing row: a session on which the school
    as a whole took registers (some pupil has a possible mark, on a day that is not a
    stray day) with no row for the pupil.  Idempotent: resolving a resolved register
    changes nothing.
    """
    reg = register.with_columns(pl.col("school").fill_null("").alias("_s"), _ORD.alias("_ord"))
    key = ["_s", "upn"]
    spans = (
        reg.filter(explicit_mark())
        .group_by(key)
        .agg(
            pl.col("_ord").min().alias("_from"),
            pl.col("_ord").max().alias("_to"),
        )
    )
    if roll_dates is not None and roll_dates.height:
        listed = roll_dates.select(
            pl.col("school").fill_null("").alias("_s") if "school" in roll_dates.columns
            else pl.lit("").alias("_s"),
            "upn",
            (pl.col("joined").cast(pl.Date).cast(pl.Int64) * 2).alias("_j"),
            (pl.col("left").cast(pl.Date).cast(pl.Int64) * 2 + 1).alias("_l"),
        )
        spans = (
            spans.join(listed, on=key, how="full", coalesce=True)
            .with_columns(
                pl.coalesce("_j", "_from").alias("_from"),
                # listed without a leaving date: on roll to the end of the data
                pl.when(pl.col("_j").is_not_null() | pl.col("_l").is_not_null())
                .then(pl.coalesce("_l", pl.lit(2**62)))
                .otherwise(pl.col("_to"))
                .alias("_to"),
            )
            .drop("_j", "_l")
            .drop_nulls("_from")
        )
    reg = reg.join(spans, on=key, how="left")
    blank = ~marked() & pl.col("source").is_not_null() & (pl.col("mark") == MISSING_MARK)
    outside = pl.col("_from").is_null() | (pl.col("_ord") < pl.col("_from")) | (
        pl.col("_ord") > pl.col("_to")
    )
    unmarked = (
        reg.filter(pl.col("_from").is_null())
        .group_by(key, maintain_order=True)
        .agg(
            pl.col("surname").first(),
            pl.col("forename").first(),
            pl.col("source").first(),
            pl.col("line").min(),
        )
        .rename({"_s": "school"})
        .filter(pl.col("source").is_not_null())
    )
    reg = reg.filter(~(blank & outside))

    # ---- stray days: days with possible marks that few of the pupils on roll have marks on
    days = (
        reg.filter(pl.col("category").is_in(POSSIBLE_CATEGORIES))
        .select("_s", "date")
        .unique()
    )
    on_marks = reg.filter(marked()).group_by("_s", "date").agg(pl.col("upn").n_unique().alias("marked"))
    stray_rows: list[tuple[str, dt.date, int, int]] = []
    num, den = STRAY_DAY_SHARE
    for school in days.get_column("_s").unique().to_list():
        sp = spans.filter(pl.col("_s") == school)
        starts = sorted(sp.get_column("_from").to_list())
        ends = sorted(sp.get_column("_to").to_list())
        counts = dict(
            on_marks.filter(pl.col("_s") == school).select("date", "marked").iter_rows()
        )
        for day in days.filter(pl.col("_s") == school).get_column("date").to_list():
            o = day.toordinal() - dt.date(1970, 1, 1).toordinal()
            # pupils whose time on roll holds any session of the day
            on_roll = bisect_right(starts, 2 * o + 1) - bisect_left(ends, 2 * o)
            n = counts.get(day, 0)
            if n * den < num * on_roll:
                stray_rows.append((school, day, n, on_roll))
    stray = pl.DataFrame(
        stray_rows,
        schema={"school": pl.Utf8, "date": pl.Date, "marked": pl.Int64, "on_roll": pl.Int64},
        orient="row",
    ).sort("school", "date")

    # ---- missing rows: school sessions inside a pupil's time on roll with no row
    sessions = (
        reg.filter(pl.col("category").is_in(POSSIBLE_CATEGORIES))
        .select("_s", "date", "session", "_ord")
        .unique()
        .join(stray.select(pl.col("school").alias("_s"), "date"), on=["_s", "date"], how="anti")
        .sort("_s", "_ord")
    )
    have = (
        reg.join(sessions.select("_s", "_ord"), on=["_s", "_ord"], how="semi")
        .filter(pl.col("_ord").is_between(pl.col("_from"), pl.col("_to")))
        .group_by(key)
        .agg(pl.len().alias("_have"))
    )
    added: list[pl.DataFrame] = []
    for school in sessions.get_column("_s").unique().to_list():
        ords = sessions.filter(pl.col("_s") == school).get_column("_ord")
        sp = spans.filter(pl.col("_s") == school).join(have, on=key, how="left")
        expected = ords.search_sorted(sp.get_column("_to"), side="right") - ords.search_sorted(
            sp.get_column("_from"), side="left"
        )
        short = sp.with_columns(expected.alias("_want")).filter(
            pl.col("_want") > pl.col("_have").fill_null(0)
        )
        if not short.height:
            continue
        want = (
            short.select(*key, "_from", "_to")
            .join(sessions.filter(pl.col("_s") == school), on="_s")
            .filter(pl.col("_ord").is_between(pl.col("_from"), pl.col("_to")))
            .join(reg.select(*key, "_ord"), on=[*key, "_ord"], how="anti")
        )
        attrs = [c for c in reg.columns if c in PUPIL_COLUMNS[1:] or c in ATTRIBUTE_COLUMNS]
        last = (
            reg.filter(pl.col("_s") == school)
            .sort("_ord")
            .group_by(key)
            .agg([pl.col(c).drop_nulls().last() for c in attrs + ["school"]])
        )
        added.append(
            want.join(last, on=key, how="left").with_columns(
                pl.lit(None, pl.Utf8).alias("raw_mark"),
                pl.lit(MISSING_MARK).alias("mark"),
                pl.lit(Category.MISSING.value).cast(CATEGORY_DTYPE).alias("category"),
                pl.lit(None, pl.Utf8).alias("source"),
                pl.lit(None, pl.Int64).alias("line"),
            )
        )
    out = reg.drop("_from", "_to")
    if added:
        out = pl.concat(
            [out, *[a.select(out.columns) for a in added]], how="vertical_relaxed"
        ).sort("upn", "date", "session", maintain_order=True)
    span_frame = spans.select(
        pl.col("_s").alias("school"),
        "upn",
        _ord_date("_from").alias("first"),
        pl.when(pl.col("_to") >= 2**62).then(None).otherwise(_ord_date("_to")).alias("last"),
    )
    return Roll(out.drop("_s", "_ord"), span_frame, stray, unmarked)


def _ord_date(column: str) -> pl.Expr:
    return (pl.col(column) // 2).cast(pl.Int32).cast(pl.Date)
