"""The register as the rules read it, compact: one row per pupil per session, keyed by
integers, each pupil's time on roll resolved (DOMAIN.md 1).

:func:`compact` turns the canonical register (``attcli.register``: one wide row per pupil
per session, every name and group repeated on every mark) into a :class:`Compact`:

- ``marks``: ``pid`` (UInt64: one per school and UPN), ``date``, ``session``, ``ord``
  (Int32: the day's ordinal times two, plus one for PM: sessions in order), ``mark`` and
  ``raw_mark`` (Categorical), ``category``, ``source`` (Categorical) and ``line``, and the
  flags ``explicit`` (a mark written in the cell, ``-`` included, ``Z`` not) and
  ``marked`` (any mark written, ``Z`` included), in no particular order;
- ``pupils``: one row per ``pid`` with ``school`` ("" for none) and ``upn``;
- ``versions``: each pupil's names, date of birth, groups and attributes, one row per
  stretch of sessions with the same values (one for nearly every pupil), with the first
  and last session of the stretch, so that "the pupil's attributes as of a date" needs
  no per-mark copy of them.

:func:`resolve` then applies "not on roll versus no mark": each pupil's time on roll,
blank cells outside it dropped, blank cells and missing rows inside it missing marks,
stray days set apart.  Every step works on the integer keys; nothing here loops over rows
in Python.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

import polars as pl

from attcli.calendar import session_summary, taken_expr
from attcli.codes import CATEGORY_DTYPE, MISSING_MARK, Category
from attcli.lookup import by_code
from attcli.lookup import distinct as each_value

#: A day on which fewer than this share of the pupils on roll have a mark is a stray
#: day: the day is the problem (a mistyped date, a register opened on a holiday), not
#: everyone else's missing row.  1/10: a year group of a small school still makes a day.
STRAY_DAY_SHARE = (1, 10)
#: A session with no possible mark on which more than this share of the pupils on roll
#: have an explicit missing mark (``-``: the register opened and not completed, DOMAIN.md
#: 1) is a session the school had, not a holiday: its pupils with no row have a missing
#: row, and a week of them is a school week (the penalty-notice window, the half terms).
#: A few pupils' ``-`` on a day the school was shut (the rest ``#``, or no rows) is not.
DASH_DAY_SHARE = (1, 2)
#: On the school's last day in the data, an afternoon on which fewer than this share of
#: the pupils on roll have a mark, its morning the school's register, is the register not
#: yet taken when the export was made (at lunchtime), not a register left incomplete: the
#: few marks in it were entered ahead (a class's trip `V`, a planned appointment `M`, as
#: an MIS fills them in before the register is taken) and count for their pupils; the
#: others have no missing mark there.  More than the stray-day share: a class on a trip
#: is more than 1 in 10 of a school.  Half or more marked is the school's register, a
#: form's not yet completed (decisions, "The last afternoon").
LAST_AFTERNOON_SHARE = (1, 2)
#: The columns of a pupil kept once per version, not per mark.
VERSION_COLUMNS = ("surname", "forename", "dob", "year_group", "reg_group")
#: Those that are facts about the child, not of a time: the latest value given is the
#: pupil's on every date (a date of birth corrected in the MIS is corrected for the past
#: too; compulsory school age follows it, DOMAIN.md 5).  A name or a group is as of a date.
TIMELESS_COLUMNS = ("dob",)

#: a frame, eager or lazy (:meth:`Compact.with_keys` gives back the kind it is given)
_FrameT = TypeVar("_FrameT", pl.DataFrame, pl.LazyFrame)

_EPOCH = dt.date(1970, 1, 1).toordinal()
_OPEN = 2**30  # a time on roll with no end (a pupil list without a leaving date)
#: A pupil's key (``pid``) is their school's Categorical code times this, plus their
#: UPN's code: within one school its low 32 bits tell pupils apart.
SCHOOL_BITS = 2**32
#: (pupils', names' and marks' columns) -> :func:`resolve`'s lists of the pupils with no
#: mark and the prospective pupils where there is none (no row: their columns), made once
#: a process
_NO_UNMARKED: dict[tuple[object, ...], tuple[pl.DataFrame, pl.DataFrame]] = {}


def ord_of(day: dt.date, pm: bool = False) -> int:
    """The ``ord`` of a session: the day's ordinal since 1970 times two, plus one for PM."""
    return (day.toordinal() - _EPOCH) * 2 + int(pm)


def ord_expr() -> pl.Expr:
    """Each row's ``ord`` (see :func:`ord_of`) from its ``date`` and ``session`` columns."""
    return pl.col("date").cast(pl.Int32) * 2 + (pl.col("session") == "PM").cast(pl.Int32)


def date_of(ord_: int) -> dt.date:
    return dt.date.fromordinal(ord_ // 2 + _EPOCH)


def _ord_date(column: str) -> pl.Expr:
    return (pl.col(column) // 2).cast(pl.Int32).cast(pl.Date)


@dataclass
class Compact:
    """A register keyed by integers (see the module docstring)."""

    marks: pl.DataFrame  # in no particular order
    pupils: pl.DataFrame
    versions: pl.DataFrame
    #: the pupil attribute columns the export carried (gender, SEN, ...), in versions
    attributes: tuple[str, ...] = ()
    #: after :func:`resolve`: one row per pupil with a time on roll: pid, first and last
    #: ``ord`` on roll (``last`` = :data:`_OPEN`: on roll with no end, from a pupil list)
    spans: pl.DataFrame | None = None
    #: after :func:`resolve`: school, date, marked (pupils), on_roll (pupils)
    stray_days: pl.DataFrame | None = None
    #: after :func:`resolve`: the sessions of school days with no register (the day's
    #: other session had one, and fewer pupils than the stray-day share have a mark on
    #: this one): school, date, session, marked (pupils), on_roll (pupils), ``last`` (the
    #: afternoon of the school's last day in the data: an export made at lunchtime)
    missing_sessions: pl.DataFrame | None = None
    #: after :func:`resolve` with a pupil list's dates: the pupils (``pid``) whose time on
    #: roll the list gives; every other pupil's is read from their first and last marks (a
    #: last mark just before days no export holds is not a known leaving date)
    dated: pl.DataFrame | None = None
    #: after :func:`resolve`: pupils with no mark at all (only blank cells): school, upn,
    #: surname, forename, source, line
    unmarked: pl.DataFrame | None = None
    #: after :func:`resolve`: pupils whose every mark is ``Z`` (prospective, not yet on the
    #: admission register: no time on roll, and nothing wrong in the register), the same
    #: columns (``line``: their first row)
    prospective: pl.DataFrame | None = None
    #: after :func:`resolve` with a pupil list's dates: the marks written outside the time
    #: on roll they give, taken out of ``marks`` (see :func:`_outside_listed`)
    outside_roll: pl.DataFrame | None = None
    #: after :func:`resolve`: each school's sessions (``_sc``, the school's code in the
    #: pupil key, and :func:`attcli.calendar.session_summary`'s columns)
    sessions: pl.DataFrame | None = None
    #: after :func:`resolve` with ``set_aside``: the days it gave (``_sc``, ``date`` and
    #: its own columns), whose marks are out of ``marks`` and of the time on roll
    set_aside: pl.DataFrame | None = None
    #: after :func:`resolve` with a pupil list giving a pupil more than one spell on roll
    #: (left and came back): each time off roll between two spells, ``pid`` and the
    #: sessions it lies strictly between (``_gfrom``: the afternoon of the leaving day;
    #: ``_gto``: the morning of the day they came back).  ``spans`` runs from the first
    #: spell's start to the last's end; a session in a gap is not on roll
    gaps: pl.DataFrame | None = None
    resolved: bool = False
    _wide: pl.DataFrame | None = field(default=None, repr=False)
    #: :func:`attcli.loaders.children_under_two_upns` of these versions and pupils (the
    #: frames it was worked out from, and it): asked by the loader's note, the runs, the
    #: penalty-notice note and the letters' holds of one run
    _two_upns: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame] | None = field(
        default=None, repr=False
    )
    #: the marks frame and each pupil's first and last explicit mark in it (``pid``,
    #: ``_from``, ``_to``: where :func:`resolve` starts the time on roll from), found by
    #: :func:`compact` in its own grouping of the rows: used only while ``marks`` is that
    #: frame (issue 15: a grouping of the 7.4 million marks of 20,000 pupils less)
    _explicit_spans: tuple[pl.DataFrame, pl.DataFrame] | None = field(default=None, repr=False)

    def away_on(self, day: dt.date, back_by: dt.date | None = None) -> pl.DataFrame:
        """The pupils off roll on ``day`` between two spells: ``pid`` and ``_gfrom`` (the
        afternoon of the first spell's last day); none without :attr:`gaps`.  With
        ``back_by``, not those whose next spell has begun by then (back on roll on a
        later day no one had a session, e.g. a week closed for everyone at the data's
        end: on roll, as the pupil list says, docs/decisions.md, sweep decide11)."""
        if self.gaps is None:
            return pl.DataFrame(schema={"pid": pl.UInt64, "_gfrom": pl.Int32})
        at = ord_of(day)
        away = (pl.col("_gfrom") < at) & (at < pl.col("_gto"))
        if back_by is not None:
            away = away & (pl.col("_gto") > ord_of(back_by, pm=True))
        return self.gaps.filter(away).select("pid", "_gfrom")

    def without_gaps(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` (with ``pid`` and ``ord``) without its rows in a pupil's time off roll
        between two spells (:attr:`gaps`); ``frame`` itself when there is none."""
        return _without_gaps(frame, self.gaps)

    def with_keys(self, frame: _FrameT) -> _FrameT:
        """``frame`` (with ``pid``) with the pupil's ``school`` and ``upn`` in front (a lazy
        ``frame``: a lazy query, to be collected with the caller's next steps)."""
        if isinstance(frame, pl.LazyFrame):
            return self.pupils.lazy().join(frame, on="pid", how="inner")
        return self.pupils.join(frame, on="pid", how="inner")

    def joined_days(self, data_start: dt.date) -> dict[int, dt.date]:
        """pid -> the first day of the pupil's time on roll, where it is known to begin
        there: a pupil list's joining date (:attr:`dated`), or, without one, a first mark
        after ``data_start``, the exports' first day (a first mark on that day says nothing
        of the days before it).  The one reading of "joined" for the casebook, the letters
        and the evidence packs."""
        if self.spans is None:
            return {}
        kept = pl.col("day") > data_start
        if self.dated is not None:
            kept = kept | pl.col("pid").is_in(self.dated.get_column("pid").implode())
        found = self.spans.select("pid", _ord_date("_from").alias("day")).filter(kept)
        return dict(zip(found.get_column("pid").to_list(), found.get_column("day").to_list(), strict=True))

    def spell_gaps(self, pid: int, upto: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
        """The pupil's times off roll between two spells of a pupil list (:attr:`gaps`), in
        order: (the day they left, the day they came back), those they came back from by
        ``upto`` (None: all).  A child who left the roll and came back is a fact the DSL
        and the LA read in the pupil's record and evidence (docs/decisions.md, sweep
        spells)."""
        if self.gaps is None:
            return []
        found = self.gaps.filter(pl.col("pid") == pid).sort("_gfrom")
        out = [(date_of(a), date_of(b)) for a, b in found.select("_gfrom", "_gto").rows()]
        return [(a, b) for a, b in out if upto is None or b <= upto]

    def spans_by_date(self) -> pl.DataFrame:
        """school, upn, first and last day on roll (``last`` null: no end)."""
        assert self.spans is not None
        return self.with_keys(
            self.spans.select(
                "pid",
                _ord_date("_from").alias("first"),
                pl.when(pl.col("_to") >= _OPEN).then(None).otherwise(_ord_date("_to")).alias(
                    "last"
                ),
            )
        ).drop("pid")

    def attributes_as_of(self, cutoff: int | None, columns: tuple[str, ...]) -> pl.DataFrame:
        """Each pupil's ``columns`` as of session ``cutoff`` (an ``ord``; None: the last):
        the last value that is not null among the pupil's rows up to it, or among all their
        rows when they have none up to it, as the rows of the register would give them.
        A :data:`TIMELESS_COLUMNS` one is the last among all their rows, whatever the
        cutoff: the loader's note says the latest date of birth is used, and it is.

        ``versions`` holds one row per stretch of sessions with the same values (in order
        of ``_first``), so the last values up to a session are those of the last stretches
        that began by it."""
        v = self.versions.lazy().select("pid", "_first", *columns)  # (one query: issue 15)
        limit = cutoff if cutoff is not None else _OPEN
        ranked = v.with_columns((pl.col("_first") <= limit).alias("_upto")).sort(
            "pid", "_upto", "_first"
        )
        return ranked.group_by("pid").agg(
            *[
                (pl.col(c).sort_by("_first") if c in TIMELESS_COLUMNS else pl.col(c))
                .drop_nulls()
                .last()
                for c in columns
            ]
        ).collect(engine="in-memory")

    def wide(self, pids: pl.DataFrame | None = None) -> pl.DataFrame:
        """The canonical (wide) register again: every mark with its pupil's names and
        groups as of that mark, for the consumers that want rows (the report, letters).
        ``pids`` (a frame with ``pid``): those pupils' rows alone, made from their marks
        alone (one pupil's record made every pupil's rows wide and kept one's: 8.8 s and
        4.5 GB at 20,000 pupils, issue 15); not kept."""
        if pids is not None:
            wanted = pids.select("pid").lazy()
            return self._widen(
                self.marks.lazy().join(wanted, on="pid", how="semi").collect(),
                self.versions.lazy().join(wanted, on="pid", how="semi").collect(),
            )
        if self._wide is None:
            self._wide = self._widen(self.marks, self.versions)
        return self._wide

    def _widen(self, marks: pl.DataFrame, versions: pl.DataFrame) -> pl.DataFrame:
        v = versions.sort("_first")
        cols = [c for c in v.columns if c not in ("pid", "_first", "_last")]
        rows = marks.sort("ord").join_asof(
            v.select("pid", "_first", *cols),
            left_on="ord",
            right_on="_first",
            by="pid",
            strategy="backward",
            check_sortedness=False,
        )
        # an added missing row before the pupil's first version: the first version
        rows = rows.join(
            v.group_by("pid").agg(*[pl.col(c).first().alias(f"_f_{c}") for c in cols]),
            on="pid",
            how="left",
        ).with_columns([pl.coalesce(c, f"_f_{c}").alias(c) for c in cols])
        wide = self.with_keys(rows).with_columns(
            pl.when(pl.col("school") == "").then(None).otherwise(pl.col("school")).alias(
                "school"
            ),
            pl.col("raw_mark").cast(pl.Utf8),
            pl.col("mark").cast(pl.Utf8),
            pl.col("source").cast(pl.Utf8),
        )
        from attcli.register import ATTRIBUTE_COLUMNS, CORE_SCHEMA, PROVENANCE_SCHEMA

        attrs = [a for a in ATTRIBUTE_COLUMNS if a in wide.columns]
        return wide.select(*CORE_SCHEMA, *attrs, *PROVENANCE_SCHEMA).sort(
            "upn", "date", "session", maintain_order=True
        )


def pupil_keys(pupils: Iterable[tuple[str, str]]) -> pl.DataFrame:
    """``pupils`` ((school, upn) pairs; "" for no school) as a frame of ``school`` and
    ``upn`` text, each pair once: what a command's few pupils are joined on."""
    return pl.DataFrame(
        list(dict.fromkeys(pupils)), schema={"school": pl.Utf8, "upn": pl.Utf8}, orient="row"
    )


def _categorical(column: str) -> pl.Expr:
    """A text column as Categorical (no work when it already is)."""
    return pl.col(column).cast(pl.Categorical)


def compact(register: pl.DataFrame, *, consume: bool = False) -> Compact:
    """The canonical register keyed by integers (see the module docstring).

    ``consume``: ``register`` is the caller's to give away (:meth:`LoadResult.take_compact`)
    and is emptied as it is read: each pupil's names and groups go once their versions are
    made, before the marks are, so the wide register and the marks are never whole at
    once (at 100,000 pupils that was the peak: 4.4 GB, issue 15)."""
    from attcli.register import ATTRIBUTE_COLUMNS

    attributes = tuple(a for a in ATTRIBUTE_COLUMNS if a in register.columns)
    # the pupil key: the school's and the UPN's Categorical codes, no text per row; a
    # register naming no school (one school's export: nearly every one) has the same
    # school part on every row, added as one number (the null school's code worked out
    # a row took 0.065 s of CPU at 20,000 pupils, 0.012 s without: issue 15)
    school = register.get_column("school")
    no_school = (SCHOOL_BITS - 1) * SCHOOL_BITS
    pid = (
        pl.lit(no_school, pl.UInt64)
        if school.null_count() == school.len()
        else _categorical("school").to_physical().cast(pl.UInt64).fill_null(SCHOOL_BITS - 1)
        * SCHOOL_BITS
    ) + _categorical("upn").to_physical().cast(pl.UInt64)
    # whether a cell holds a mark, judged once per distinct text (no string per row)
    distinct = each_value(register.get_column("raw_mark").cast(pl.Categorical))
    text = distinct.cast(pl.Utf8).str.strip_chars()
    has_mark = (text.is_not_null() & (text != "")).fill_null(False)
    from_file = pl.col("source").is_not_null()
    written = by_code("raw_mark", distinct, has_mark).fill_null(False) & from_file
    # (the written test a column, made once: the marks' ``marked`` and ``explicit`` and
    # the versions' grouping below read it; issue 15)
    if consume:  # the key, the session ordinal and the written test as columns, made once
        for column in register.select(
            pid.alias("pid"), ord_expr().alias("ord"), written.alias("_marked")
        ).get_columns():
            register.insert_column(register.width, column)
        frame = register.lazy()
    else:
        frame = register.lazy().with_columns(
            pid.alias("pid"),
            ord_expr().alias("ord"),
            written.alias("_marked"),
        )
    mark_columns = [
        "pid",
        "date",
        "session",
        "ord",
        _categorical("mark"),
        _categorical("raw_mark"),
        pl.col("category").cast(CATEGORY_DTYPE),
        _categorical("source"),
        pl.col("line").cast(pl.Int64),
        pl.col("_marked").alias("marked"),
    ]

    names = [c if isinstance(c, str) else c.meta.output_name() for c in mark_columns]

    def marks_of(rows: pl.LazyFrame) -> pl.LazyFrame:
        """The marks' columns of ``rows``; ``explicit`` read from ``marked``, not worked
        out again: in one select the written test (a gather a row) was made twice (issue
        15: 0.075 -> 0.042 s of CPU at 20,000 pupils)."""
        return (
            rows.select(mark_columns)
            .with_columns((pl.col("marked") & (pl.col("mark") != "Z")).alias("explicit"))
            .select(*[pl.col(c) for c in names[:-1]], "explicit", "marked")
        )

    marks = marks_of(frame)
    # grouped on the pupil and every name and group column at once (Polars keeps this
    # small: one row per pupil and set of values); grouping on the pupil alone with an
    # aggregate per column took twice the time and, streamed, 17 GB at 100,000 pupils.
    # The school and UPN are in the key too (the pid is made of them, so the groups are
    # the same) and the pupils are read from the result: a second grouping of the whole
    # register for them cost 0.5 s and, one run in three, 1.3 GB more at 100,000 pupils
    kept = [*VERSION_COLUMNS, *attributes]
    # each set of values is found by its keys (:func:`_combo_keys`: the Categoricals' codes
    # two to an integer) and read back from its first row (issue 15: 0.42 -> 0.29 s of CPU
    # at 20,000 pupils, grouping on the nine columns themselves)
    # Grouped on whether the row is an explicit mark too (written, not Z): each pupil's
    # first and last explicit marks, where resolve starts and ends the time on roll, read
    # from the same pass rather than a grouping of the marks again (issue 15)
    combo_keys = _combo_keys(register.schema, kept)
    by_x = (
        frame.with_row_index("_row")
        .group_by(
            "pid", (pl.col("_marked") & (pl.col("mark") != "Z")).alias("_x"), *combo_keys
        )
        .agg(
            pl.col("ord").min().alias("_first"),
            pl.col("ord").max().alias("_last"),
            pl.col("_row").min(),
        )
    )
    if consume:
        # streamed: the grouping on many columns held 0.8 GB more at 100,000 pupils, in
        # memory, for the same time at 20,000
        by_x = by_x.collect(engine="streaming")
    else:
        marks, by_x = pl.collect_all([marks, by_x])
    explicit_spans, combos = pl.collect_all(
        [
            by_x.lazy()
            .filter(pl.col("_x"))
            .group_by("pid")
            .agg(pl.col("_first").min().alias("_from"), pl.col("_last").max().alias("_to")),
            by_x.lazy()
            .group_by("pid", *[k.meta.output_name() for k in combo_keys])
            .agg(pl.col("_first").min(), pl.col("_last").max(), pl.col("_row").min())
            .select("pid", "_first", "_last", "_row"),
        ],
        engine="in-memory",
    )
    del by_x
    first_rows = combos.get_column("_row")
    combos = pl.concat(
        [
            combos.drop("_row"),
            register.select(pl.col("school", "upn", *kept).gather(first_rows)),
        ],
        how="horizontal",
    )
    pupils = (
        combos.lazy()
        .select("pid", "school", "upn")
        .unique("pid")
        .with_columns(pl.col("school").cast(pl.Utf8).fill_null(""), pl.col("upn").cast(pl.Utf8))
        .collect(engine="in-memory")  # (one query, not three: issue 15)
    )
    combos = combos.drop("school", "upn")
    # most pupils have one set of names and groups all year: that is their one version;
    # the few whose values change are cut, from their rows, into stretches of equal values
    multi = combos.lazy().group_by("pid").len().filter(pl.col("len") > 1).select("pid").collect(engine="in-memory")
    versions = combos.join(multi, on="pid", how="anti")
    if multi.height:
        rows = (
            frame.join(multi.lazy(), on="pid", how="semi")
            .select("pid", "ord", *kept)
            .sort("pid", "ord")
            .collect()
        )
        changed = pl.any_horizontal(
            [pl.col(k).ne_missing(pl.col(k).shift()) for k in kept]
        ) | pl.col("pid").ne_missing(pl.col("pid").shift())
        stretches = (
            rows.with_columns(changed.cum_sum().alias("_stretch"))
            .group_by("_stretch")
            .agg(
                pl.col("pid").first(),
                *[pl.col(k).first() for k in kept],
                pl.col("ord").min().alias("_first"),
                pl.col("ord").max().alias("_last"),
            )
            .drop("_stretch")
        )
        versions = pl.concat([versions, stretches.select(versions.columns)])
    if consume:  # the names and groups are in the versions: the marks need none of them
        # (the marks read only their own columns, and the written test)
        needed = {*marks.collect_schema().names(), "_marked"}
        del frame, marks  # (a lazy frame holds the columns it was made from)
        for column in [c for c in register.columns if c not in needed]:
            register.drop_in_place(column)
        marks = marks_of(register.lazy()).collect()
    # the versions are small (about one row per pupil): their text is plain text again
    versions = versions.with_columns(
        [pl.col(k).cast(pl.Utf8) for k in kept if versions.schema[k] == pl.Categorical]
    )
    return Compact(
        marks, pupils, versions.select("pid", "_first", "_last", *kept), attributes,
        _explicit_spans=(marks, explicit_spans),
    )  # fmt: skip


def _combo_keys(schema: pl.Schema, columns: list[str]) -> list[pl.Expr]:
    """``columns`` as grouping keys giving the same groups as the columns themselves, in
    fewer and narrower keys: each Categorical column by its code (the same text, the same
    code; a null 0, a code its code plus one), two codes to one UInt64; any other column as
    it is.  (A code is below 2**32 - 1: no column holds four thousand million texts.)"""
    coded = [c for c in columns if schema[c] == pl.Categorical]
    keys = [pl.col(c) for c in columns if c not in coded]

    def code(c: str) -> pl.Expr:
        return (pl.col(c).to_physical().cast(pl.UInt64) + 1).fill_null(0)

    for k in range(0, len(coded), 2):
        pair = coded[k : k + 2]
        key = code(pair[0]) * 2**32 + code(pair[1]) if len(pair) == 2 else code(pair[0])
        keys.append(key.alias(f"_key{k}"))
    return keys


def on_roll_counter(spans: pl.DataFrame) -> Callable[[dt.date], int]:
    """How many of ``spans``' pupils (``_from``, ``_to``: their time on roll as ``ord``)
    are on roll on a day: their time on roll holds any session of it."""
    starts = sorted(spans.get_column("_from").to_list())
    ends = sorted(spans.get_column("_to").to_list())

    def count(day: dt.date) -> int:
        o = ord_of(day)
        return bisect_right(starts, o + 1) - bisect_left(ends, o)

    return count


def resolve(
    c: Compact,
    roll_dates: pl.DataFrame | None = None,
    set_aside: Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame] | None = None,
    no_school_day: Callable[[dt.date], bool] | None = None,
) -> Compact:
    """Apply DOMAIN.md 1's "not on roll versus no mark" to a compact register.

    A pupil's time on roll runs from their first explicit mark to their last, or, where
    ``roll_dates`` (school, upn, joined, left, from a pupil list) gives a date, from the
    joining date and to the leaving date (no leaving date: still on roll).  Outside it a
    blank cell is no session (dropped); inside it a blank cell is a missing mark, and so
    is a missing row: a session on which the school as a whole took registers (some pupil
    has a possible mark, on a day that is not a stray day) with no row for the pupil.
    Idempotent.

    ``set_aside(sessions, spans)``: the days whose marks are not the school's (``_sc``,
    ``date``; the engine's holiday marks), judged on the sessions (:func:`session_summary`
    of the marks) and the time on roll they make; their marks are taken out and the
    register resolved without them, so that they make no time on roll and no missing
    rows (DOMAIN.md 1: the time on roll runs from the first to the last counted mark).
    The days are kept in :attr:`Compact.set_aside`.
    """
    if c.resolved:
        return c
    marks = c.marks
    if c._explicit_spans is not None and c._explicit_spans[0] is marks:
        spans = c._explicit_spans[1]  # (compact's, of these marks: issue 15)
    else:
        spans = (
            marks.lazy()
            .filter(pl.col("explicit"))
            .group_by("pid")
            .agg(pl.col("ord").min().alias("_from"), pl.col("ord").max().alias("_to"))
            .collect()
        )
    outside = None  # the marks outside a pupil list's dates (none without a list)
    dated = None  # the pupils whose time on roll the list gives
    gaps = None  # a listed pupil's time off roll between two spells
    if roll_dates is not None and roll_dates.height:
        listed = c.pupils.join(
            roll_dates.select(
                (
                    pl.col("school").cast(pl.Utf8).fill_null("")
                    if "school" in roll_dates.columns
                    else pl.lit("")
                ).alias("school"),
                pl.col("upn").cast(pl.Utf8),
                (pl.col("joined").cast(pl.Date).cast(pl.Int32) * 2).alias("_j"),
                (pl.col("left").cast(pl.Date).cast(pl.Int32) * 2 + 1).alias("_l"),
            ),
            on=["school", "upn"],
            how="inner",
        ).select("pid", "_j", "_l")
        listed, gaps = _spells(listed)  # a pupil who left and came back: one row, and gaps
        dated = listed.select("pid").unique()
        spans = (
            spans.join(listed, on="pid", how="full", coalesce=True)
            .with_columns(
                pl.coalesce("_j", "_from").alias("_from"),
                # listed without a leaving date: on roll to the end of the data
                pl.when(pl.col("_j").is_not_null() | pl.col("_l").is_not_null())
                .then(pl.coalesce("_l", pl.lit(_OPEN)))
                .otherwise(pl.col("_to"))
                .alias("_to"),
            )
            .drop("_j", "_l")
            .drop_nulls("_from")
        )
        outside = _outside_listed(marks, spans, listed, gaps)
    spans = spans.with_columns(pl.col("_from").cast(pl.Int32), pl.col("_to").cast(pl.Int32))
    if outside is not None and outside.height:  # not on roll: out of the register
        marks = marks.join(outside.select("pid", "ord"), on=["pid", "ord"], how="anti")
    # every row between two spells (a blank cell, a Z): not on roll, no session
    marks = _without_gaps(marks, gaps)
    # a pupil's school is in their key: the school's code (see compact), no join per mark
    school_code = (pl.col("pid") // SCHOOL_BITS).alias("_sc")
    codes = dict(
        c.pupils.lazy()
        .select("school", school_code)
        .unique("_sc")
        .select("_sc", "school")
        .collect(engine="in-memory")
        .iter_rows()
    )

    # ---- pupils in an export with no mark at all (only blank cells), and those whose
    # every mark is Z (a mark written, the right one: a prospective pupil, not a problem)
    # (one query to the list, and names looked up only when there is a pupil to name:
    # nearly every register has none; eager steps were a dozen queries, issue 15)
    unmarked_pids = c.pupils.lazy().join(spans.lazy(), on="pid", how="anti").select("pid").collect(engine="in-memory")
    names = (
        c.attributes_as_of(None, ("surname", "forename"))
        if unmarked_pids.height
        else c.versions.select("pid", "surname", "forename").clear()
    )
    # (none, nearly every register: the two lists' columns made once a process, not three
    # queries on no row a run; issue 15)
    none_key = (
        None
        if unmarked_pids.height
        else (
            tuple(c.pupils.schema.items()),
            tuple(names.schema.items()),
            tuple(marks.schema.items()),
        )
    )
    none = _NO_UNMARKED.get(none_key) if none_key is not None else None
    if none is None:
        # (no pupil to look for: the lists' columns from no mark, not a join of every mark
        # with no pupil, 0.02-0.03 s at 20,000 pupils, the first run of a process)
        none = _unmarked_lists(
            c, marks if none_key is None else marks.clear(), unmarked_pids, names
        )
        if none_key is not None:
            _NO_UNMARKED[none_key] = none
    unmarked, prospective = none

    # ---- blank cells outside the time on roll: not on roll, dropped (only the blank
    # cells, few in a long export, are looked at)
    blank = ~pl.col("marked") & pl.col("source").is_not_null() & (pl.col("mark") == MISSING_MARK)
    is_blank = marks.select(blank).to_series()
    dropped = None  # the blank cells outside the time on roll (the last afternoon's, below)
    kept_blanks = None  # those inside it: missing marks, on a session the school had (below)
    if is_blank.any():
        blanks = marks.filter(is_blank).join(spans, on="pid", how="left")
        inside = pl.col("ord").is_between(pl.col("_from"), pl.col("_to")).fill_null(False)
        dropped = blanks.filter(~inside).drop("_from", "_to")
        kept_blanks = blanks.filter(inside).drop("_from", "_to")
        marks = pl.concat([marks.filter(~is_blank), kept_blanks])

    # ---- each school's sessions, in one grouping of the marks: what the stray days and
    # the missing rows below are judged by, and each school's calendar made from (the rows
    # added below are missing marks on these sessions: they change none of the counts)
    # (streamed: over every mark, the in-memory engine made the school's code a whole
    # column first, 0.2 GB more at 100,000 pupils)
    summary = session_summary(marks.lazy().with_columns(school_code), "_sc").collect(
        engine="streaming"
    )
    aside = None if set_aside is None else set_aside(summary, spans)
    if aside is not None and aside.height:
        # the rest is done again without them (only when a day is set aside: rare)
        kept = (
            c.marks.lazy()
            .with_columns(school_code)
            .join(aside.lazy().select("_sc", "date"), on=["_sc", "date"], how="anti")
            .drop("_sc")
            .collect()
        )
        again = resolve(
            Compact(kept, c.pupils, c.versions, c.attributes, _two_upns=c._two_upns),
            roll_dates, no_school_day=no_school_day,
        )  # fmt: skip
        again.set_aside = aside
        return again

    # ---- stray days: days with possible marks few of the pupils on roll have marks on
    # (a mark other than # and Z: # is what an MIS writes for everyone on a day the school
    # was shut, so a handful's marks among everyone's # are still a handful's, and the
    # closed week no school week: docs/decisions.md, "Stray days")
    possible = pl.col("_possible")
    days = summary.filter(possible).select("_sc", "date").unique()
    # The pupils marked on a day number at least those of its busier session (a pupil has
    # one row a session): counting each session's rows settles nearly every day; the
    # pupils are counted one by one (a distinct count over millions of rows, issue 15)
    # only on the days that count leaves open, and so on each stray day, whose count is
    # shown.
    per_session = summary.group_by("_sc", "date").agg(pl.col("_taken").max().alias("_most"))
    most = {(c, d): int(n) for c, d, n in per_session.iter_rows()}
    num, den = STRAY_DAY_SHARE
    spans_school = spans.with_columns(school_code)
    open_days: list[tuple[int, dt.date, int]] = []  # school code, day, pupils on roll
    counters: dict[int, Callable[[dt.date], int]] = {}
    # sessions with no possible mark but explicit missing marks: the school's when most of
    # the pupils on roll have one (the register opened and not completed)
    dash_rows = (
        summary.filter(~possible & (pl.col("_dash") > 0))
        .select("_sc", "date", "session", "_dash")
        .rows()
    )
    held: list[tuple[int, dt.date, str]] = []
    d_num, d_den = DASH_DAY_SHARE
    for code in set(days.get_column("_sc").to_list()) | {row[0] for row in dash_rows}:
        pupils_on_roll = on_roll_counter(spans_school.filter(pl.col("_sc") == code))
        counters[code] = pupils_on_roll
        for day in days.filter(pl.col("_sc") == code).get_column("date").to_list():
            on_roll = pupils_on_roll(day)
            if most.get((code, day), 0) * den < num * on_roll:  # else: enough, not stray
                open_days.append((code, day, on_roll))
        for sc, day, session, n in dash_rows:
            if sc == code and n * d_den > d_num * pupils_on_roll(day):
                held.append((code, day, session))
    if held:
        held_keys = pl.DataFrame(
            held,
            schema={
                "_sc": summary.schema["_sc"], "date": pl.Date, "session": summary.schema["session"]
            },
            orient="row",
        ).with_columns(pl.lit(True).alias("_dash_held"))
        summary = (
            summary.join(held_keys, on=["_sc", "date", "session"], how="left")
            .with_columns((possible | pl.col("_dash_held").fill_null(False)).alias("_held"))
            .drop("_dash_held")
        )
    else:
        summary = summary.with_columns(possible.alias("_held"))
    summary = _handful_closures_out(summary, spans_school, counters)
    counts: dict[tuple[int, dt.date], int] = {}
    if open_days:
        keys = pl.DataFrame(
            [(c, d) for c, d, _ in open_days],
            schema={"_sc": pl.UInt64, "date": pl.Date},
            orient="row",
        )
        counted = (
            marks.lazy()
            .filter(taken_expr() & pl.col("date").is_in(keys.get_column("date").implode()))
            .with_columns(school_code)
            .join(keys.lazy(), on=["_sc", "date"], how="semi")
            .group_by("_sc", "date")
            .agg(pl.col("pid").n_unique().alias("marked"))
            .collect()
        )
        counts = {(c, d): int(n) for c, d, n in counted.iter_rows()}
    found: list[tuple[int, dt.date, int, int]] = []  # school code, day, marked, on roll
    for code, day, on_roll in open_days:
        n = counts.get((code, day), 0)
        if n * den < num * on_roll:
            found.append((code, day, n, on_roll))
    stray = pl.DataFrame(
        [(codes[code], day, n, on_roll) for code, day, n, on_roll in found],
        schema={"school": pl.Utf8, "date": pl.Date, "marked": pl.Int64, "on_roll": pl.Int64},
        orient="row",
    ).sort("school", "date")
    stray_keys = pl.DataFrame(
        [(code, day) for code, day, *_ in found],
        schema={"_sc": pl.UInt64, "date": pl.Date},
        orient="row",
    )

    # ---- a blank cell on a session the school did not have (no possible mark, and not
    # most of the pupils' '-': an INSET day of '#', a few pupils' '-') or on a stray day is
    # no session, as a missing row there is none: the wide and packed layouts' blank is
    # the long layout's absent row (docs/decisions.md, "A session blank for every pupil")
    if kept_blanks is not None and kept_blanks.height:
        off = pl.concat(
            [
                summary.filter(~pl.col("_held")).select("_sc", "date", "session"),
                summary.join(stray_keys, on=["_sc", "date"], how="semi").select(
                    "_sc", "date", "session"
                ),
            ]
        )
        if off.height:
            on_off = kept_blanks.with_columns(school_code).join(
                off, on=["_sc", "date", "session"], how="semi"
            )
            if on_off.height:
                marks = pl.concat(
                    [
                        marks.filter(~blank),
                        kept_blanks.with_columns(school_code)
                        .join(off, on=["_sc", "date", "session"], how="anti")
                        .drop("_sc"),
                    ]
                )

    # ---- missing sessions: a school day's session with no register, the other one held
    missing, summary = _missing_sessions(summary, stray_keys, counters, no_school_day)
    missing = missing.with_columns(pl.col("_sc").replace_strict(codes, return_dtype=pl.Utf8)).rename(
        {"_sc": "school"}
    )

    # ---- a pupil marked on the morning of the school's last day is on roll that day: an
    # afternoon the school had with no mark for them is a register not yet taken (a form
    # whose Friday PM was not in the export), a missing row, not a pupil who left at noon
    last_pm = (
        summary.lazy()
        .filter(pl.col("_held"))
        .group_by("_sc")
        .agg(ord_expr().max().alias("_last"))
        .filter(pl.col("_last") % 2 == 1)
        .collect(engine="in-memory")
    )
    if last_pm.height and not (roll_dates is not None and roll_dates.height):
        # (not over a `Z` that afternoon, on the pupil's own school's last afternoon (a
        # trust's schools may end on different days): the register says the pupil left at
        # lunchtime, decisions "Z after the last school day ends the time on roll"; oracle16)
        z_pm = (
            marks.lazy()
            .filter(pl.col("mark") == "Z")
            .with_columns(school_code)
            .join(last_pm.lazy(), on="_sc", how="inner")
            .filter(pl.col("ord") == pl.col("_last"))
            .select("pid", pl.lit(True).alias("_zpm"))
            .unique("pid")
            .collect(engine="in-memory")
        )
        spans = (
            spans.with_columns(school_code)
            .join(last_pm, on="_sc", how="left")
            .join(z_pm, on="pid", how="left")
            .with_columns(
                pl.when((pl.col("_to") == pl.col("_last") - 1) & pl.col("_zpm").is_null())
                .then(pl.col("_last"))
                .otherwise(pl.col("_to"))
                .cast(pl.Int32)
                .alias("_to")
            )
            .drop("_sc", "_last", "_zpm")
        )
        spans_school = spans.with_columns(school_code)
        if dropped is not None and dropped.height:
            # that afternoon's blank cell is the pupil's row, its mark missing: kept, so it
            # is said as the blank cell it is (line and all), not as a missing row
            back = (
                dropped.join(spans, on="pid", how="inner")
                .filter(pl.col("ord").is_between(pl.col("_from"), pl.col("_to")))
                .drop("_from", "_to")
            )
            if back.height:
                marks = pl.concat([marks, back])

    # ---- missing rows: school sessions inside a pupil's time on roll with no row
    sessions = (
        summary.lazy()
        .filter(pl.col("_held"))
        .select("_sc", "date", "session", ord_expr().alias("ord"))
        .join(stray_keys.lazy(), on=["_sc", "date"], how="anti")
        .sort("_sc", "ord")
        .collect(engine="in-memory")
    )
    # a pupil's rows on school sessions; every row is inside the time on roll but a Z
    # (a prospective pupil: outside it by definition), which is counted apart
    if sessions.get_column("_sc").n_unique() <= 1:  # one school (nearly every register)
        # its sessions by their ordinal alone: half the time of the join below (issue 15);
        # another school's rows on those ordinals count only for its own pupils, whose
        # counts are not looked at below (their school has no session)
        ords = sessions.get_column("ord").implode()
        on_session = marks.lazy().filter(pl.col("ord").is_in(ords)).with_columns(school_code)
    else:
        on_session = (
            marks.lazy()
            .with_columns(school_code)
            .join(sessions.lazy().select("_sc", "ord"), on=["_sc", "ord"], how="semi")
        )
    have = on_session.group_by("pid").agg(pl.len().alias("_have"))
    z_outside = (
        on_session.filter(pl.col("mark") == "Z")
        .join(spans.lazy(), on="pid", how="left")
        .filter(~pl.col("ord").is_between(pl.col("_from"), pl.col("_to")).fill_null(False))
        .group_by("pid")
        .agg(pl.len().alias("_z"))
    )
    have, z_outside = pl.collect_all([have, z_outside])
    have = have.join(z_outside, on="pid", how="left").select(
        "pid", (pl.col("_have") - pl.col("_z").fill_null(0)).alias("_have")
    )
    added: list[pl.DataFrame] = []
    for code in sessions.get_column("_sc").unique().to_list():
        s_sessions = sessions.filter(pl.col("_sc") == code).drop("_sc")
        ords = s_sessions.get_column("ord")
        sp = spans_school.filter(pl.col("_sc") == code).join(have, on="pid", how="left")
        expected = ords.search_sorted(sp.get_column("_to"), side="right") - ords.search_sorted(
            sp.get_column("_from"), side="left"
        )
        sp = sp.with_columns(expected.alias("_want"))
        if gaps is not None and gaps.height:  # no session off roll between two spells
            off = gaps.join(sp.select("pid"), on="pid", how="semi")
            away = ords.search_sorted(off.get_column("_gto"), side="left") - ords.search_sorted(
                off.get_column("_gfrom"), side="right"
            )
            away = off.select("pid", away.alias("_away")).group_by("pid").agg(pl.col("_away").sum())
            sp = sp.join(away, on="pid", how="left").with_columns(
                pl.col("_want") - pl.col("_away").fill_null(0)
            )
        short = sp.filter(pl.col("_want") > pl.col("_have").fill_null(0))
        if not short.height:
            continue
        want = _without_gaps(
            short.select("pid", "_from", "_to")
            .join(s_sessions, how="cross")
            .filter(pl.col("ord").is_between(pl.col("_from"), pl.col("_to")))
            .join(
                marks.lazy().join(short.lazy().select("pid"), on="pid", how="semi")
                .select("pid", "ord").collect(),
                on=["pid", "ord"],
                how="anti",
            ),
            gaps,
        )
        added.append(
            want.select(
                "pid",
                "date",
                "session",
                "ord",
                pl.lit(MISSING_MARK).cast(pl.Categorical).alias("mark"),
                pl.lit(None, pl.Categorical).alias("raw_mark"),
                pl.lit(Category.MISSING.value).cast(CATEGORY_DTYPE).alias("category"),
                pl.lit(None, pl.Categorical).alias("source"),
                pl.lit(None, pl.Int64).alias("line"),
                pl.lit(False).alias("explicit"),
                pl.lit(False).alias("marked"),
            )
        )
    out = marks
    if added:
        out = pl.concat([out, *added], how="vertical_relaxed")
    return Compact(
        out,
        c.pupils,
        c.versions,
        c.attributes,
        spans=spans,
        gaps=gaps,
        dated=dated,
        stray_days=stray,
        missing_sessions=missing,
        unmarked=unmarked,
        prospective=prospective,
        outside_roll=outside,
        sessions=summary,
        set_aside=aside,
        resolved=True,
        # the same pupils and versions: the children under two UPNs the loader's note
        # worked out are these too, not worked out again for the runs and the holds
        # (children_under_two_upns checks the frames are these; issue 15: 0.12-0.25 s at
        # 20,000 pupils)
        _two_upns=c._two_upns,
    )


def _unmarked_lists(
    c: Compact, marks: pl.DataFrame, unmarked_pids: pl.DataFrame, names: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:attr:`Compact.unmarked` and :attr:`Compact.prospective`: the pupils of
    ``unmarked_pids`` (no explicit mark) with a written mark (Z alone: prospective) and
    those without (see :func:`resolve`), with ``names``."""
    unmarked = (
        c.pupils.lazy()
        .join(
            marks.lazy()
            .join(unmarked_pids.lazy(), on="pid", how="semi")
            .filter(pl.col("source").is_not_null())
            .group_by("pid")
            .agg(
                pl.col("source").first().cast(pl.Utf8),
                pl.col("line").min(),
                pl.col("marked").any().alias("_z"),  # (no explicit mark: a mark written is Z)
            ),
            on="pid",
            how="inner",
        )
        .join(names.lazy(), on="pid", how="left")
        .select("school", "upn", "surname", "forename", "source", "line", "_z")
        .sort("school", "upn")
        .collect(engine="in-memory")
    )
    prospective = unmarked.lazy().filter(pl.col("_z")).drop("_z").collect(engine="in-memory")
    unmarked = unmarked.lazy().filter(~pl.col("_z")).drop("_z").collect(engine="in-memory")
    return unmarked, prospective


def _handful_closures_out(
    summary: pl.DataFrame,
    spans_school: pl.DataFrame,
    counters: dict[int, Callable[[dt.date], int]],
) -> pl.DataFrame:
    """``summary`` with the closure marks (``_closure``) of a day with no possible mark
    that fewer pupils than the stray-day share of those on roll have set to none: a week
    closed unexpectedly (:meth:`attcli.calendar.Calendar.from_sessions`, DOMAIN.md 10) is
    the school's closure, not a handful's Y1..Y7 on days the school had no sessions (one
    pupil's week of Y1 in the half-term holiday made it a closure, so the half term ran
    on over it and every pupil's half-term figures and lates with it)."""
    days = (
        summary.group_by("_sc", "date")
        .agg(pl.col("_possible").any().alias("_p"), pl.col("_closure").max().alias("_y"))
        .filter(~pl.col("_p") & (pl.col("_y") > 0))
        .select("_sc", "date", "_y")
        .rows()
    )
    if not days:
        return summary
    num, den = STRAY_DAY_SHARE
    few = []
    for code, day, n in days:
        on_roll = counters.get(code) or on_roll_counter(spans_school.filter(pl.col("_sc") == code))
        if n * den < num * on_roll(day):
            few.append((code, day))
    if not few:
        return summary
    keys = pl.DataFrame(
        few, schema={"_sc": summary.schema["_sc"], "date": pl.Date}, orient="row"
    ).with_columns(pl.lit(True).alias("_few"))
    return (
        summary.join(keys, on=["_sc", "date"], how="left")
        .with_columns(
            pl.when(pl.col("_few").fill_null(False))
            .then(pl.lit(0, summary.schema["_closure"]))
            .otherwise(pl.col("_closure"))
            .alias("_closure")
        )
        .drop("_few")
    )


def _missing_sessions(
    summary: pl.DataFrame,
    stray_keys: pl.DataFrame,
    counters: dict[int, Callable[[dt.date], int]],
    no_school_day: Callable[[dt.date], bool] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The sessions of school days no export holds a register for, and ``summary`` with
    the ones a handful of pupils had marks on no longer ``_held``.

    A session is missing when the day's other session is held by a register (``_held``,
    with at least :data:`STRAY_DAY_SHARE` of the pupils on roll that day marked) and this
    one has fewer pupils marked than that share (no row at all, or a handful: the
    stray-day measure; the afternoon of the school's last day, fewer than
    :data:`LAST_AFTERNOON_SHARE`: its register not yet taken, a minority's marks entered
    ahead), on a day that is not a stray day.  Rows of ``#`` (school closed)
    are marks: a half day the MIS exports as ``#`` for everyone is no missing session.
    The session is the problem, not everyone else's missing row (DOMAIN.md 12), so a
    handful's session is not the school's: no missing row for the others, the handful's
    marks still theirs.  One look at each day's two rows of the sessions table, no pass
    over the marks.  ``last``: the afternoon of the school's last day in the data (an
    export made at lunchtime), a note rather than a problem (:mod:`attcli.engine`).
    A day the term dates make no school day (``no_school_day``: an INSET day, a holiday,
    :func:`attcli.engine.no_school_day`) has no missing session: the data-quality list
    says the day itself is in a holiday of the term dates, and "export its register"
    beside it was contrary advice; a handful's session there is still not held (no
    missing rows for the others).

    Returns (``_sc``, date, session, marked, on_roll, dash, last) and the summary: ``dash``
    of the ``marked``, the '-' of a session with no possible mark (0 on one with one)."""
    stray = set(stray_keys.iter_rows())
    none = (False, 0, 0, False)
    days: dict[tuple[int, dt.date], dict[str, tuple[bool, int, int, bool]]] = {}
    for code, day, session, held, marked, dash, possible in summary.select(
        "_sc", "date", pl.col("session").cast(pl.Utf8), "_held", "_marked", "_dash", "_possible"
    ).iter_rows():
        days.setdefault((code, day), {})[session] = (held, marked, dash, possible)
    last: dict[int, dt.date] = {}
    for (code, day), by in days.items():
        if (code, day) not in stray and any(v[0] for v in by.values()):
            last[code] = max(last.get(code, day), day)
    found: list[tuple[int, dt.date, str, int, int, int]] = []
    for (code, day), by in days.items():
        if (code, day) in stray or not any(v[0] for v in by.values()):
            continue
        on_roll = counters[code](day)
        is_last = day == last[code]

        def few(
            session: str, on_roll: int = on_roll, by: dict = by, is_last: bool = is_last
        ) -> bool:
            """A handful marked, or none; on a session with no possible mark, its '-' (no
            mark recorded) are no register unless most have one (the school's, held:
            DASH_DAY_SHARE): a minority's '-' beside the others' no row is a session
            with no register, each pupil on roll accounted for (sweep leftovers5).  The
            last day's afternoon: fewer than LAST_AFTERNOON_SHARE marked (the register
            not yet taken, a minority's marks entered ahead)."""
            held, marked, dash, possible = by.get(session, none)
            if not possible:
                if held:
                    return False
                marked -= dash
            num, den = (
                LAST_AFTERNOON_SHARE if is_last and session == "PM" else STRAY_DAY_SHARE
            )
            return marked * den < num * on_roll

        def morning(by: dict = by, is_last: bool = is_last) -> bool:
            """The last day's morning closed for everyone (rows, no possible mark: a
            half-day INSET's `#`, a late opening's `Y1`) is the school's morning for its
            afternoon when a minority's marks were entered ahead in it: that afternoon's
            register is not yet taken, as after a morning taken."""
            held, marked, dash, possible = by.get("AM", none)
            return is_last and not possible and marked > dash and by.get("PM", none)[1] > 0

        for session, other in (("AM", "PM"), ("PM", "AM")):
            if few(session) and not few(other) and (
                by.get(other, none)[0] or (session == "PM" and morning())
            ):
                _, marked, dash, possible = by.get(session, none)
                found.append((code, day, session, marked, on_roll, 0 if possible else dash))
    schema = {"_sc": summary.schema["_sc"], "date": pl.Date, "session": pl.Utf8,
              "marked": pl.Int64, "on_roll": pl.Int64, "dash": pl.Int64}  # fmt: skip
    out = pl.DataFrame(found, schema=schema, orient="row").with_columns(
        ((pl.col("session") == "PM") & (pl.col("date") == pl.col("_sc").replace_strict(
            last, default=None, return_dtype=pl.Date))).alias("last")
    ).sort("_sc", "date", "session")  # fmt: skip
    handful = out.filter(pl.col("marked") > 0)
    if no_school_day is not None and out.height:
        off = {d for d in set(out.get_column("date").to_list()) if no_school_day(d)}
        out = out.filter(~pl.col("date").is_in(sorted(off)))
    if handful.height:
        keys = handful.select(
            "_sc", "date", pl.col("session").cast(summary.schema["session"]), pl.lit(True).alias("_few")
        )
        summary = (
            summary.join(keys, on=["_sc", "date", "session"], how="left")
            .with_columns((pl.col("_held") & pl.col("_few").is_null()).alias("_held"))
            .drop("_few")
        )
    return out, summary


def _without_gaps(frame: pl.DataFrame, gaps: pl.DataFrame | None) -> pl.DataFrame:
    if gaps is None or not gaps.height:
        return frame
    return frame.join(_in_gaps(frame, gaps).select("pid", "ord"), on=["pid", "ord"], how="anti")


def _in_gaps(frame: pl.DataFrame, gaps: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` (``pid``, ``ord``) in a pupil's time off roll between two
    spells, with the gap's ``_gfrom`` and ``_gto``."""
    return (
        frame.join(gaps, on="pid", how="inner")
        .filter((pl.col("ord") > pl.col("_gfrom")) & (pl.col("ord") < pl.col("_gto")))
    )


def _spells(listed: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """A pupil list's dates (``pid``, ``_j``, ``_l`` as ``ord``) one row per pupil, from the
    first spell's start to the last's end, and the gaps between spells (see
    :attr:`Compact.gaps`; None: no pupil has two spells).  The list refuses spells that
    overlap (``loaders._pupils``); any here (one with no end, or ending after the next
    begins) makes no gap."""
    if not listed.get_column("pid").is_duplicated().any():
        return listed, None
    ordered = listed.sort("pid", "_j", nulls_last=False)
    gaps = (
        ordered.with_columns(pl.col("_j").shift(-1).over("pid").alias("_gto"))
        .filter(pl.col("_gto").is_not_null() & pl.col("_l").is_not_null())
        .select("pid", pl.col("_l").alias("_gfrom"), "_gto")
        .filter(pl.col("_gto") - pl.col("_gfrom") > 1)
    )
    whole = ordered.group_by("pid", maintain_order=True).agg(
        pl.col("_j").first(), pl.col("_l").last()
    )
    return whole, gaps


def _outside_listed(
    marks: pl.DataFrame, spans: pl.DataFrame, listed: pl.DataFrame, gaps: pl.DataFrame | None
) -> pl.DataFrame:
    """The marks written outside the time on roll a pupil list gives (before its joining
    date, after its leaving date): pid, ord, date, session, raw_mark, source, line and the
    list's date they fall outside (``_joined`` or ``_left``, the other null).

    DOMAIN.md 1: where the list gives a date, it decides the time on roll, and a session
    outside it is no session: not possible.  An N the register kept after the pupil left
    would otherwise count as unauthorised absence.  Only the listed pupils are looked at
    (without a list, the marks make the time on roll: none is outside it)."""
    dated = spans.join(listed.select("pid").unique(), on="pid", how="semi")
    columns = (
        "pid",
        "ord",
        "date",
        "session",
        pl.col("raw_mark").cast(pl.Utf8),
        pl.col("source").cast(pl.Utf8),
        "line",
    )
    out = (
        marks.lazy()
        .filter(pl.col("explicit"))
        .join(dated.lazy(), on="pid", how="inner")
        .filter(~pl.col("ord").is_between(pl.col("_from"), pl.col("_to")))
        .select(
            *columns,
            pl.when(pl.col("ord") < pl.col("_from")).then(_ord_date("_from")).alias("_joined"),
            pl.when(pl.col("ord") > pl.col("_to")).then(_ord_date("_to")).alias("_left"),
        )
        .collect()
    )
    if gaps is not None and gaps.height:  # after a spell's leaving date, before the next
        between = _in_gaps(marks.filter(pl.col("explicit")), gaps).select(
            *columns,
            pl.lit(None, pl.Date).alias("_joined"),
            _ord_date("_gfrom").alias("_left"),
        )
        out = pl.concat([out, between])
    return out
