"""Register loaders: MIS attendance exports (long or wide, CSV or xlsx) -> the canonical register.

See ``docs/presets.md`` for the layouts read and how they are recognised.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from attcli.codes import MISSING_MARK, POSSIBLE_CATEGORIES, Category
from attcli.errors import AttcliError, InputError, shown
from attcli.names import pupil_name
from attcli.output import command_word
from attcli.pupil_ids import DIGITS as _DIGITS  # an MIS id a spreadsheet may save as a number
from attcli.register import (
    ATTRIBUTE_COLUMNS,
    CORE_SCHEMA,
    PROVENANCE_SCHEMA,
    empty_register,
    year_group_label,
    year_order,
)

from ._errors import input_error, unit
from ._headers import PUPIL_FIELDS, SESSION_FIELDS, check_override_fields, normalise_header
from ._pupils import (
    IDENTITY_FIELDS,
    LIST_FIELDS,
    PupilList,
    note_other_children,
    read_pupil_list,
    refuse_crossed_names,
    refuse_other_ids,
)
from ._register import (
    DEFAULT_PM_FROM,
    PRESETS,
    REGISTER_FIELDS,
    FileReport,
    FormSheets,
    TypedApart,
    _Layout,
    check_attended,
    load_long,
    load_packed,
    load_wide,
    open_layout,
    packed_position,
)
from ._source import Unchecked
from ._table import read_table
from ._values import (
    UPN_RE,
    YES_NO_TEXT,
    child_name,
    lost_letters,
    parse_dates,
    upn_expr,
    upn_text,
    year_group_exprs,
    year_group_of,
    yes_no_exprs,
)

if TYPE_CHECKING:
    from attcli.config import Config
    from attcli.roll import Compact

__all__ = [
    "DEFAULT_PM_FROM",
    "PUPIL_FIELDS",
    "SESSION_FIELDS",
    "YES_NO_TEXT",
    "FileReport",
    "LoadResult",
    "TypedApart",
    "PRESETS",
    "PupilList",
    "load_exports",
    "load_registers",
    "normalise_header",
    "obtain",
    "parse_dates",
    "read_pupil_list",
    "read_table",
    "require_upns",
    "child_name",
    "children_under_two_upns",
    "upn_replaced",
    "upn_expr",
    "upn_text",
    "year_group_exprs",
    "year_group_of",
    "yes_no_exprs",
]

#: A session of a pupil: a UPN may be in two schools' rows of one load (a trust's export with a
#: School column), and the same session of two schools is no duplicate.
KEYS = ["school", "upn", "date", "session"]
#: Columns beside the canonical ones, kept when an export has them.
OPTIONAL_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {"mis_id": pl.Utf8}
ROLL_DATES_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "school": pl.Utf8,
    "upn": pl.Utf8,
    "joined": pl.Date,
    "left": pl.Date,
}


def load_exports(
    paths: Sequence[str | Path],
    config: Config,
    *,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
    attributes: bool | Collection[str] = True,
    split: bool = False,
) -> LoadResult:
    """:func:`load_registers` with the school's column names, sub-codes and session cut-off
    from its config.  In a trust's workspace (``[schools.KEY]``), files of two schools
    (by their ``files`` patterns), or a school's file beside a shared export, are refused:
    read together they would be one school's register (docs/trust.md).  An export naming
    another school than the config's is refused (:func:`attcli.school_name.check_export_school`),
    and so are exports of several schools read with one config, a trust's shared export
    included (:func:`attcli.school_name.require_one_school`), unless ``split``: the caller
    splits the load by school itself (``--per-school``)."""
    unknown = [f for f in config.columns if f not in REGISTER_FIELDS]
    if unknown:  # said with the config's file, before any export is read
        from attcli.errors import ConfigError

        raise ConfigError(
            f"columns.{unknown[0]}",
            f"unknown field; [columns] takes: {', '.join(REGISTER_FIELDS)}",
            file=config.path,
        )
    note = _trust_files(paths, config)
    loaded = load_registers(
        paths,
        preset=preset,
        columns=config.columns,
        subcodes=config.subcodes,
        progress=progress,
        pupils=pupils,
        pm_from=config.pm_from,
        attributes=attributes,
        trust=config if config.schools or config.school_key else None,
        school_names=_names_of_school(config),
    )
    if note:
        loaded.warnings.insert(0, note)
    from attcli.school_name import (
        check_export_folders,
        check_export_school,
        require_one_school,
    )

    check_export_school(loaded, config)  # another school's export: stop before any output
    # an export naming no school, in another school's workspace folder: stop
    check_export_folders([r.path for r in loaded.files if not r.names_school], config)
    if not split:
        require_one_school(loaded, config)  # several schools under one school's rules: stop
        loaded = loaded.as_school(config.school_key)
    return loaded


def _names_of_school(config: Config) -> tuple[str, ...]:
    """The school's names its config gives (``[school] name``, ``export_names``; not the
    default "School", a name not set), read as a printed page's furniture beside its
    number: "Oakfield Primary School   Page 1 of 3" (sweep layouts8)."""
    from attcli.config import name_given

    return tuple(n for n in (name_given(config.school), *config.school.export_names) if n.strip())


def _trust_files(paths: Sequence[str | Path], config: Config) -> str | None:
    """Refuse a trust's exports that are not one school's, outside ``--per-school``; the
    note for one school's files read with the workspace's settings, not the school's."""
    if not config.schools:  # (a school's own config, under --per-school, has none)
        return None
    groups, shared = config.split_files([Path(p) for p in paths])
    if len(groups) > 1 or (groups and shared):
        whose = "; ".join(f"{k}: {', '.join(p.name for p in files)}" for k, files in groups)
        if shared:
            whose += f"; a shared export: {', '.join(Path(p).name for p in shared)}"
        raise AttcliError(
            f"these exports are more than one school's ({whose}): read together they would "
            "be one school's register (a pupil who moved between them counted once, across "
            "both); give one school's exports, or --per-school DIR to run each school on its "
            "own where the command takes it (check, cme, register-check, la-return, letters; "
            "docs/trust.md)"
        )
    if groups:
        key = groups[0][0]
        return (
            f"the exports are [schools.{key}]'s (by their file names), read with the "
            f"workspace's settings, not {key}'s own (Config.for_school gives its details and "
            "term dates)"
        )
    return None


MAX_CONFLICTS_LISTED = 20


def _quoted(mark: str) -> str:
    """A mark quoted as the export holds it (``'\\'``, not repr's doubled backslash), its
    control characters escaped (:func:`attcli.errors.shown`)."""
    return f"'{shown(mark)}'"


#: Register corrections across exports (DOMAIN.md 12): one row per session an earlier
#: export had as ``N`` and a later one (its data ends later) codes finally.
CORRECTION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "school": pl.Utf8,
    "upn": pl.Utf8,
    "date": pl.Date,
    "session": pl.Utf8,
    "was": pl.Utf8,
    "now": pl.Utf8,
    "file": pl.Utf8,  # the later export, whose mark counts
    "was_file": pl.Utf8,
}


#: :meth:`LoadResult.typed_apart_frame`
TYPED_APART_SCHEMA = {
    "school": pl.Utf8, "upn": pl.Utf8, "upn_typed_like": pl.Utf8, "upn_typed_file": pl.Utf8,
    "upn_typed_lines": pl.List(pl.Int64), "upn_typed_note": pl.Utf8,
}  # fmt: skip


@dataclass
class LoadResult:
    register: pl.DataFrame  # canonical: CORE_SCHEMA, attributes present, mis_id?, source, line
    warnings: list[str] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    corrections: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CORRECTION_SCHEMA))
    #: ``"upn"``, or ``"mis_id"`` when pupils are known only by their MIS id (then ``upn`` holds
    #: the id and names may be empty: see :func:`require_upns`)
    keyed_by: str = "upn"
    #: when each pupil joined and left, from a pupil list (``school, upn, joined, left``; a
    #: null date is not known); empty without one
    roll_dates: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ROLL_DATES_SCHEMA))
    #: (school, upn) of pupils whose date of birth the load's notes already name (two
    #: exports of the same sessions differing): not said again when compacted
    births_noted: frozenset[tuple[str, str]] = frozenset()
    #: the UPN values the files' notes call typing slips, read as pupils of their own though
    #: their rows have another pupil's name and date of birth (:func:`_typed_apart`)
    typed_apart: tuple[TypedApart, ...] = ()
    #: the pupil list's dates of birth (``upn``, ``dob``: one a pupil, none null) and its
    #: file, to compare with the exports' when compacted (:func:`_births_against_list`)
    listed_births: tuple[str, pl.DataFrame] | None = None
    #: :meth:`school_groups`, and the register they were made from
    _groups: tuple[pl.DataFrame, pl.DataFrame] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    #: the note of the children under two UPNs among :attr:`warnings` (:meth:`take_compact`)
    #: and the roll it was said of: :meth:`warnings_besides`
    _two_upns: tuple[str, Compact] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def warnings_besides(
        self, said: Collection[tuple[str, str]], notes: Sequence[str] | None = None
    ) -> list[str]:
        """:attr:`warnings`, the note of the children under two UPNs without the children a
        command says in a line of its own (``said``: (school as text, UPN) of any of a
        child's UPNs), named there by reference, or left out when it names no other: the
        register check and the letters said the child in their line and again in this
        note (sweep leftovers9).  ``notes``: a command's list of notes holding the load's,
        instead of :attr:`warnings`."""
        notes = self.warnings if notes is None else notes
        if self._two_upns is None or not said:
            return list(notes)
        note, roll = self._two_upns
        again = _one_child_two_upns(roll, said)
        return [m for w in notes for m in (again if w == note else [w])]

    def as_school(self, key: str) -> LoadResult:
        """This load as the one school a run is for: every row's ``school`` its
        ``[schools.KEY]`` key, or null for a workspace's one school ('').  The School
        column's own text (a name, a URN, in any case) varies from export to export, and
        what the history records of a pupil (letters sent, LA returns made, the weekly
        snapshots) must be found again whatever the next export calls the school: a found
        bug sent letters twice and reported a run to the LA as new twice when a trust's
        export named its schools by key one month and by name the next."""
        value = key or None
        reg = self.register
        if reg.get_column("school").null_count() == reg.height and value is None:
            return self  # (no School column: nothing to change)
        lit = pl.lit(value, pl.String)
        return LoadResult(
            reg.with_columns(lit.cast(reg.schema["school"]).alias("school")),
            self.warnings,
            self.files,
            corrections=self.corrections.with_columns(lit.alias("school")),
            keyed_by=self.keyed_by,
            roll_dates=self.roll_dates.with_columns(lit.alias("school")),
            births_noted=frozenset((value, u) for _, u in self.births_noted),
            typed_apart=tuple(replace(t, school=value) for t in self.typed_apart),
            listed_births=self.listed_births,
        )

    def typed_apart_frame(self) -> pl.DataFrame:
        """:attr:`typed_apart` as a frame to join to pupils by ``school`` ("" for none) and
        ``upn``: ``upn_typed_like`` (the other pupil's UPN), ``upn_typed_file``,
        ``upn_typed_lines`` and ``upn_typed_note``, the clause said beside the pupil where
        a command lists them (:meth:`TypedApart.clause`; the file named in a load of
        several)."""
        said = self.typed_apart_said()
        return pl.DataFrame(
            [
                (k[0], k[1], t.like, t.file, list(t.lines), said[k])
                for t in self.typed_apart
                for k in [(t.school or "", t.upn)]
            ],
            schema=TYPED_APART_SCHEMA,
            orient="row",
        )

    def typed_apart_said(self) -> dict[tuple[str, str], str]:
        """(school, "" for none; upn) -> the clause said beside that pupil where a
        command lists them (:meth:`TypedApart.clause`; the file named in a load of
        several), for each of :attr:`typed_apart`."""
        several = len({r.path for r in self.files}) > 1
        return {(t.school or "", t.upn): t.clause(with_file=several) for t in self.typed_apart}

    def take_compact(self) -> Compact:
        """The register keyed by integers (:func:`attcli.roll.compact`), for a command that
        needs only what the rules read: ``register`` is emptied, so the wide register (every
        name and group on every mark) is freed before the rules run (issue 15: memory at
        100,000 pupils)."""
        from attcli.roll import compact

        roll = compact(self.register, consume=True)
        self.register = empty_register()
        self.warnings.extend(_changed_births(roll, self.births_noted))
        self.warnings.extend(_changed_years(roll))
        self.warnings.extend(_births_against_list(roll, self.listed_births))
        self.warnings.extend(_two_names(roll))
        two = _one_child_two_upns(roll)
        self.warnings.extend(two)
        if two:
            self._two_upns = (two[0], roll)
        return roll

    def for_school(self, values: Collection[str]) -> LoadResult:
        """The part of this load whose ``school`` column is one of ``values`` (one school of
        a trust's shared export: :func:`attcli.cliutil.per_school`): its register rows,
        corrections and roll dates.  The warnings and file reports are the whole load's:
        they name files, and a file is shared.

        The register is split once (:meth:`school_groups`: each School value's row
        numbers); a school's part is then gathered from its own rows.  Filtering the whole
        register a school at a time read every row once a school (a local authority's
        export of 50 schools and 100,000 pupils: 37 million rows read 50 times, 7 s of a
        80 s ``check --per-school``, issue 15)."""
        keep = pl.col("school").is_in(list(values))  # Categorical or text: both compare
        rows = (
            self.school_groups()
            .filter(pl.col("school").is_in(list(values)))
            .get_column("rows")
            .explode()
            .drop_nulls()  # (a value with no row: none; explode gives one null)
            .sort()
        )
        return LoadResult(
            self.register.select(pl.all().gather(rows)),
            list(self.warnings),
            list(self.files),
            corrections=self.corrections.filter(keep),
            keyed_by=self.keyed_by,
            roll_dates=self.roll_dates.filter(keep),
            births_noted=self.births_noted,
            typed_apart=tuple(t for t in self.typed_apart if t.school in values),
            listed_births=self.listed_births,
        )

    def school_groups(self) -> pl.DataFrame:
        """Each School value of the register (as text, ``school``) with its row numbers
        (``rows``, in order), its pupils (``pupils``: distinct UPNs) and the files holding
        it (``source``): one grouping of the register, made once for the register as it
        is now, for the split of a trust's shared export (:meth:`for_school`,
        :func:`attcli.school_split.school_parts`).  Grouped on the columns as they are
        (Categorical: by code), only the groups made text: a text per row took 5.7 s of a
        local authority's 50 schools and 100,000 pupils."""
        if self._groups is None or self._groups[0] is not self.register:
            grouped = (
                self.register.lazy()
                .select(
                    "school",
                    "upn",
                    "source",
                    pl.int_range(pl.len(), dtype=pl.get_index_type()).alias("rows"),
                )
                .filter(pl.col("school").is_not_null())
                .group_by("school")
                .agg("rows", pl.col("upn").n_unique().alias("pupils"), pl.col("source").unique())
                .collect()
                .with_columns(
                    pl.col("school").cast(pl.Utf8), pl.col("source").cast(pl.List(pl.Utf8))
                )
            )
            self._groups = (self.register, grouped)
        return self._groups[1]


def obtain(
    exports: Sequence[str | Path] | LoadResult,
    config: Config,
    *,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
    attributes: bool | Collection[str] = True,
) -> LoadResult:
    """The exports loaded (:func:`load_exports`), or the load given: a command's library
    function takes either, so a trust's shared export is loaded once and each school runs
    on its part (:meth:`LoadResult.for_school`).  ``attributes``: see
    :func:`load_registers` (a load given is used as it is)."""
    if isinstance(exports, LoadResult):
        return exports
    return load_exports(
        exports, config, preset=preset, progress=progress, pupils=pupils, attributes=attributes
    )


def obtain_looked_after(
    exports: Sequence[str | Path] | LoadResult,
    config: Config,
    *,
    without: str | None,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
    split: bool = False,
) -> LoadResult:
    """:func:`obtain` for a command whose output has no pupil attribute (gender, SEN, ...)
    but asks whether a pupil is looked after (:mod:`attcli.looked_after`): the one
    attribute column it reads is the register's Looked After column (``cla``), no other
    (issue 15's cost).  A cell of it that is no yes/no value ('PLAC') does not stop the
    command: the exports are read without the column, and the load's warnings say so, the
    error's words then ``without`` (what the command does without it; None: the error
    stands, as letters, which hold a warning letter by the column, refuse).  The one place
    check, cme, la-return, register-check and a trust's shared exports
    (:func:`attcli.cliutil.per_school`, ``split``) load this way (sweeps lacfollow, lacla)."""
    from attcli.errors import InputError

    if isinstance(exports, LoadResult):
        return exports
    try:
        return load_exports(
            exports, config, preset=preset, progress=progress, pupils=pupils,
            attributes=("cla",), split=split,
        )  # fmt: skip
    except InputError as exc:
        if exc.field != "cla" or without is None:
            raise
        loaded = load_exports(
            exports, config, preset=preset, progress=progress, pupils=pupils,
            attributes=False, split=split,
        )  # fmt: skip
        loaded.warnings.append(f"{exc}. {without}")
        return loaded


def require_upns(loaded: LoadResult, command: str) -> None:
    """Stop ``command`` (letters, the LA register check) when the register knows pupils only
    by their MIS id: it needs each pupil's UPN and name."""
    if loaded.keyed_by == "mis_id":
        raise AttcliError(
            f"{command} needs each pupil's UPN and name, but the register identifies pupils "
            "only by their MIS id: give --pupils FILE, a pupil list with each pupil's MIS id, "
            "UPN and name"
        )


def load_registers(
    paths: Sequence[str | Path],
    *,
    preset: str | None = None,
    columns: Mapping[str, str] | None = None,
    subcodes: Mapping[str, str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
    pm_from: dt.time = DEFAULT_PM_FROM,
    attributes: bool | Collection[str] = True,
    trust: Config | None = None,
    school_names: Collection[str] = (),
) -> LoadResult:
    """Load register exports into one canonical register, in the files' order (each file's
    rows in its own order).  ``trust``: the config of a trust's workspace (``[schools]``),
    or one school's run of it (``school_key``), whose pupil list is of every school's
    enrolments (:func:`_roll_dates`).  ``school_names``: the school's names its config
    gives, read as a printed page's furniture beside its number (:func:`open_layout`).

    ``preset`` forces a layout (``"arbor"``: long; ``"integris"``: wide); by default each
    file's layout (long, wide or packed marks) is recognised from its header row.
    ``columns`` maps canonical fields to the exact header text of this school's export (e.g.
    ``{"upn": "Pupil ID"}``).  ``subcodes`` maps MIS sub-codes to national codes (default
    :data:`attcli.codes.DEFAULT_SUBCODES`).  ``progress(file, done, total)`` is called before
    each file (``done`` files finished so far) and once after the last.  A long register
    with times and no session column takes AM for a time before ``pm_from``, else PM.

    ``attributes=False``: the pupil attribute columns (gender, SEN, FSM, pupil premium,
    EAL, looked after) are not read, for a command whose output has none of them (check,
    cme, cases, the LA files, pupil, evidence): the register then has no
    attribute column, and
    their cells are neither parsed nor checked (the report, which reads them, checks them).
    A collection of their names: those alone (letters: ``("cla",)``, a warning letter
    about a looked-after pupil is held).

    A register keyed by an MIS id (no UPN column) takes each pupil's UPN, names, year, group
    and date of birth from ``pupils`` (:func:`read_pupil_list`), matched on the MIS id; an id
    not in the list is an :class:`InputError`.  Without a list, such a register loads with
    the id as its ``upn`` and ``keyed_by == "mis_id"`` (one warning says so).  The list's
    joining and leaving dates are returned in ``roll_dates``.

    The same session (upn, date, session) in more than one row with the same mark is kept
    once (a warning counts them).  With different marks: an ``N`` (reason not yet
    established) in an export whose data ends earlier and a final code in one whose data
    ends later is a correction, and the later code counts (``LoadResult.corrections``);
    anything else (a later ``N`` over a final code, two final codes, exports ending on the
    same day, two marks in one file) is an :class:`InputError` listing each conflict.
    """
    if preset not in PRESETS:
        raise InputError(
            f"unknown preset {preset!r}",
            hint="valid presets: arbor (long), integris (wide); or none, to detect the layout",
        )
    check_override_fields(columns, REGISTER_FIELDS)
    if not paths:
        raise InputError("no register files given", hint="name one or more .csv or .xlsx exports")
    warnings: list[str] = []
    paths = _once(paths, warnings)
    frames: list[pl.DataFrame] = []
    reports: list[FileReport] = []
    keys: list[tuple[str, str, str]] = []  # per file: name, key field, key header
    total = len(paths)
    for i, path in enumerate(paths):
        if progress is not None:
            progress(str(path), i, total)
        try:
            try:
                loaded = [_load_file(str(path), preset, columns, subcodes, warnings, pm_from,
                                     trust_utf8=True, attributes=attributes,
                                     school_names=school_names)]  # fmt: skip
            except Unchecked:  # not read as UTF-8: opened again, every byte checked
                loaded = [_load_file(str(path), preset, columns, subcodes, warnings, pm_from,
                                     trust_utf8=False, attributes=attributes,
                                     school_names=school_names)]  # fmt: skip
        except FormSheets as book:  # one register saved a sheet a form: each sheet a file
            # each sheet read as an export of its own; with a form column, every pupil row's
            # form must be its sheet's where the sheet is named as a form (_refuse_other_forms:
            # sweep layouts6); without, such a sheet's name is its rows' form (layouts8)
            loaded = [
                _load_file(str(path), preset, columns, subcodes, warnings, pm_from,
                           trust_utf8=True, attributes=attributes, sheet=index,
                           school_names=school_names)  # fmt: skip
                for index, _name in book.sheets
            ]
            for (_index, name), (layout, frame, _r) in zip(book.sheets, loaded, strict=True):
                _refuse_other_forms(name, layout, frame)
            column = any("reg_group" in layout.cols for layout, _f, _r in loaded)
            warnings.append(_form_sheets_note(str(path), book, column))
            loaded = _forms_of_sheets(str(path), book, loaded, warnings)
            loaded = _years_of_sheets(str(path), book, loaded, warnings)
            loaded = _pupils_who_moved(str(path), book, loaded, warnings)
        for layout, frame, report in loaded:
            report.preset = preset
            frames.append(frame)
            reports.append(report)
            keys.append((layout.file, layout.key, layout.header(layout.key)))
    if progress is not None:
        progress(str(paths[-1]), total, total)
    _one_site(reports)
    register = _one_school(_combine(frames), reports)
    _no_file_unmarked(register, reports)
    _marked_ends(register, reports)  # (before blank sessions go: they show when it was made)
    register = _without_blank_sessions(register)
    register, pupils = _padded_ids(register, keys, pupils, warnings)
    register, keyed_by = _identify(register, keys, pupils, warnings, trust)
    if pupils is not None:  # the register's UPNs, found once for the list's three steps
        from attcli.lookup import distinct

        upns = distinct(register.get_column("upn"))
        _refuse_another_list(register, pupils, upns)
        register, pupils = _without_guests(register, pupils, upns, warnings)
        register = _listed_details(register, pupils, upns)
        warnings.extend([*pupils.notes, *pupils.letters_lost])  # (said once, by every command)
    warnings.extend(_school_names(register))
    ends = {r.path: r.last_date for r in reports}
    left_out = _left_out(register, reports)
    _no_row_where_marked(register, reports)
    births: set[tuple[str, str]] = set()
    starts = {r.path: r.starts for r in reports if r.starts is not None}
    register, corrections = _dedupe(register, warnings, ends, births, starts)
    warnings.extend(left_out)
    roll_dates = _roll_dates(register, pupils, warnings, trust)
    typed_apart = _typed_apart(register, reports)
    return LoadResult(
        register,
        warnings,
        reports,
        corrections=corrections,
        keyed_by=keyed_by,
        roll_dates=roll_dates,
        births_noted=frozenset(births),
        typed_apart=typed_apart,
        listed_births=_listed_births(pupils),
    )


def _one_site(reports: list[FileReport]) -> None:
    """Files keyed by an MIS id whose rows name different MIS sites (Arbor's Power BI
    ``APPLICATION_ID``), refused in one line: an id is unique only within a site, so two
    schools' children under one id would be read as one pupil (sweep layouts9)."""
    sites: dict[str, str] = {}
    for r in reports:
        if r.mis_site is not None:
            sites.setdefault(r.mis_site, r.path)
    if len(sites) > 1:
        (a, fa), (b, fb) = list(sites.items())[:2]
        raise InputError(
            f"{fa} and {fb} are of two MIS sites ({a!r} and {b!r}) and their pupils are keyed "
            "by an MIS id, unique only within one site: two schools' children may share one id",
            hint="export the registers with a UPN column, or check each school's register in "
            "its own workspace",
        )


def _typed_apart(register: pl.DataFrame, reports: list[FileReport]) -> tuple[TypedApart, ...]:
    """The files' UPN values typed like another pupil's (:attr:`FileReport.typed_apart`),
    each with the school and UPN its rows hold in the register as loaded (a file that names
    no school takes the one the others name: :func:`_one_school`), the first file's where
    two name one pupil; one whose rows are all gone (kept from another export) is dropped.
    Only the rows of their lines are looked at, and only when there are any."""
    found = [t for r in reports for t in r.typed_apart]
    if not found:
        return ()
    wanted = pl.DataFrame(
        [(i, t.file, line) for i, t in enumerate(found) for line in t.lines],
        schema={"_i": pl.Int64, "source": pl.String, "line": pl.Int64},
        orient="row",
    )
    rows = register.filter(pl.col("line").is_in(wanted.get_column("line").unique().implode()))
    held = {
        i: (school, upn)
        for i, school, upn in rows.select(
            pl.col("source").cast(pl.String), "line",
            pl.col("school").cast(pl.String), pl.col("upn").cast(pl.String),
        )  # fmt: skip
        .join(wanted, on=["source", "line"])
        .group_by("_i")
        .agg(pl.col("school").first(), pl.col("upn").first())
        .iter_rows()
    }
    out: dict[tuple[str, str], TypedApart] = {}
    for i, t in enumerate(found):
        if i in held:
            school, upn = held[i]
            out.setdefault((school or "", upn), replace(t, upn=upn, school=school))
    return tuple(out.values())


def _once(paths: Sequence[str | Path], warnings: list[str]) -> list[str | Path]:
    """``paths`` with each file once (by its resolved path), in the order first given; a
    note for each file given more than once (its rows are no duplicates of themselves)."""
    first: dict[Path, list[str | Path]] = {}
    for p in paths:
        first.setdefault(Path(p).resolve(), []).append(p)
    for given in first.values():
        if len(given) > 1:
            times = "twice" if len(given) == 2 else f"{len(given)} times"
            others = list(dict.fromkeys(str(g) for g in given[1:] if str(g) != str(given[0])))
            also = f" (also as {', '.join(others)})" if others else ""
            warnings.append(f"{given[0]} is given {times}{also}: read once")
    kept = [given[0] for given in first.values()]
    copies = _same_bytes(kept)
    for copy, original in copies.items():
        warnings.append(
            f"{copy} holds the same bytes as {original} (a second download or copy of one "
            "export): read once"
        )
    return [p for p in kept if p not in copies]


def _same_bytes(paths: Sequence[str | Path]) -> dict[str | Path, str | Path]:
    """Each of ``paths`` whose file holds exactly the bytes of an earlier one (a download
    made twice, ``export (1).csv``; a copy saved beside it), with that earlier one.  Read
    with its rows, a copy added nothing but every row again ("duplicate session rows
    removed" of the whole file) and each of its notes twice.  Only files of the same size
    and the same first 64 KiB are read whole, to compare their digests: most runs read
    nothing more."""
    import hashlib

    sizes: dict[int, list[str | Path]] = {}
    for p in paths:
        try:
            if Path(p).is_file():
                sizes.setdefault(Path(p).stat().st_size, []).append(p)
        except OSError:  # (said when the file is read)
            pass
    def start(p: str | Path) -> bytes | None:
        try:
            with Path(p).open("rb") as f:
                return f.read(1 << 16)
        except OSError:
            return None

    out: dict[str | Path, str | Path] = {}
    for same in sizes.values():
        if len(same) < 2:
            continue
        # (weekly exports of one school are often of one size, their rows as long: their
        # first 64 KiB, which hold other dates, tell them apart without reading them whole)
        by_start: dict[bytes, list[str | Path]] = {}
        for p in same:
            if (head := start(p)) is not None:
                by_start.setdefault(head, []).append(p)
        for group in by_start.values():
            seen: dict[bytes, str | Path] = {}
            for p in group if len(group) > 1 else ():
                digest = hashlib.blake2b()
                try:
                    with Path(p).open("rb") as f:
                        while chunk := f.read(1 << 22):
                            digest.update(chunk)
                except OSError:
                    continue
                key = digest.digest()
                if key in seen:
                    out[p] = seen[key]
                else:
                    seen[key] = p
    return out


def _load_file(
    path: str,
    preset: str | None,
    columns: Mapping[str, str] | None,
    subcodes: Mapping[str, str] | None,
    warnings: list[str],
    pm_from: dt.time,
    *,
    trust_utf8: bool,
    attributes: bool | Collection[str] = True,
    sheet: int | None = None,
    school_names: Collection[str] = (),
) -> tuple[_Layout, pl.DataFrame, FileReport]:
    """One export read in its layout; its notes are added to ``warnings`` only once it has
    been read (a file opened again adds them once).  ``sheet``: of a workbook, the sheet
    (:func:`open_layout`)."""
    notes: list[str] = []
    layout = open_layout(
        path, PRESETS[preset], columns, trust_utf8=trust_utf8, attributes=attributes,
        sheet=sheet, school_names=school_names,
    )
    notes.extend(f"{layout.file}: {note}" for note in layout.source.notes)
    shape = layout.spec.shape
    try:
        if shape == "long":
            frame, report = load_long(layout, subcodes, notes, pm_from=pm_from)
        elif shape == "wide":
            frame, report = load_wide(layout, subcodes, notes)
        else:
            frame, report = load_packed(layout, subcodes, notes)
    finally:
        layout.source.settle()  # (a read ahead the read did not take: let go of)
    if layout.source.question_mark:  # (a CSV without a '?' has no such name)
        notes.extend(lost_letters(layout.file, frame))
    warnings.extend(notes)
    check_attended(layout.file, frame, report, warnings)
    return layout, frame, report


#: words a sheet's name may put before its form ("Form 7A"): the form is the rest
_FORM_WORD = re.compile(r"(?i)^\s*(?:form|class|tutor\s+group|reg(?:istration)?\s+group)\s+")


#: "Class" after a class's name ("Oak Class", as primaries often say it: sweep layouts9)
_CLASS_AFTER = re.compile(r"(?i)\s+class\s*$")


def _form_key(text: str) -> str:
    """A form's name, or a sheet's, compared: case, spaces and a leading "Form" (or a
    trailing "Class": "Oak Class" is Oak) aside."""
    return re.sub(r"\s+", "", _CLASS_AFTER.sub("", _FORM_WORD.sub("", text))).lower()


#: a form's code as a school writes it: its year (1 to 13) and letters, perhaps a digit
#: after ("7A", "10X", "7Ma", "8C1", "11-X"), not a day and month ("7 Sep"), a weekday
#: ("1 Mon"), a week ("2 wk"), an ordinal ("2nd") or a time ("10am"); or a reception
#: class's, R and one letter or digit ("RB", "RH", "R1": sweep layouts9; "Raw", "Red" are
#: words)
_FORM_CODE = re.compile(
    r"(?i)^(?:(?P<year>1[0-3]|[1-9])[\s-]?(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
    r"|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*$|(?:st|nd|rd|th|am|pm|wks?)$)[a-z]{1,3}[0-9]?"
    r"|R[a-z0-9])$"
)
#: a class named by one word, as primaries name them ("Oak", "Willow", "Kingfisher"): read
#: as a form only where every sheet of the workbook is named as a form (:func:`_sheet_forms`),
#: and never one of these words, which name a sheet, a period or a group of pupils that is
#: no class (sweep layouts9)
_NOT_CLASSES = frozenset(
    "sheet sheets summary notes note data export exports report reports register registers "
    "attendance marks codes key lookup cover contents index info chart charts pivot raw master "
    "copy old new backup archive draft final totals total all whole school pupils students "
    "children list names roll boys girls male female week weeks term terms half autumn spring "
    "summer daily weekly monthly termly morning afternoon year years form forms class classes "
    "group groups reception nursery present absent absence absences late lates persistent "
    "authorised unauthorised leavers joiners new starters current previous last this next "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    # school subjects, lessons and sets: a lesson's or a set's register is no form's
    # (a "Maths" sheet beside "Oak" and "Willow" was read as form 'Maths': sweep leftovers20)
    "maths math mathematics english science history geography art music drama dance french "
    "spanish german latin computing technology design biology chemistry physics psychology "
    "sociology economics business citizenship religion reading writing phonics spelling "
    "literacy numeracy sport sports swimming lesson lessons set sets club clubs "
    "intervention interventions".split()
)
_CLASS_WORD = re.compile(r"[A-Z][a-z]{2,14}")
#: a year group's name and nothing else ("Year 7", "Yr 10", "Y8", "NC Year 9", "Year R",
#: "YR", "Reception"): a bare "7" or "R" is no year's name (a week, a sheet's number)
_YEAR_NAME = re.compile(r"(?i)^(?:(?:nc\s*year|year|yr|y)\s*(?:1[0-4]|[1-9]|r)|reception)$")
#: a year group written before a form ("Year 7 - 7B", "Y7 7B")
_YEAR_BEFORE = re.compile(
    r"(?i)^(?:(?:year|yr|y)\s*(?P<year>1[0-3]|[1-9]|r)|(?P<reception>reception))"
    r"\s*[-\u2013:,]?\s*(?P<form>.+)$"
)  # (and a reception class after its year: "Year R - RB", "Reception - RH": layouts9)


def sheet_form(name: str, *, words: bool = False) -> str | None:
    """The form a sheet's name plainly is, as a form cell would hold it, or None: a form's
    code ("7A", a reception class's "RB"), after a word that says it is one ("Form 8C",
    "Class Oak", "Tutor group 8X": one word after it; "Oak Class") or after its year ("Year 7 - 7B": the
    form's year that year).  "Sheet1", "Summary", "Notes", a date, a week ("7 Sep", "Week
    1") or a year group alone ("Year 7") is no form (sweep layouts8).  ``words``: a class
    named by one capitalised word ("Oak") is one too, unless the word names a sheet, a
    period or a group that is no class (:data:`_NOT_CLASSES`); said only of a workbook
    every sheet of which is so named (:func:`_sheet_forms`, sweep layouts9)."""
    text = " ".join(name.split())
    if (labelled := _FORM_WORD.match(text)) is not None:
        rest = text[labelled.end():]
        return rest if re.fullmatch(r"[^\W_][\w-]{0,9}", rest) else None
    if (after := _CLASS_AFTER.search(text)) is not None:  # ("Oak Class", "RB Class")
        word = text[: after.start()]
        return (
            word
            if re.fullmatch(r"[^\W_][\w-]{0,9}", word) and word.lower() not in _NOT_CLASSES
            else None
        )
    if (year := _YEAR_BEFORE.match(text)) is not None:
        form = _FORM_CODE.match(year["form"])
        of = (year["year"] or "R").upper()
        return year["form"] if form is not None and (form["year"] or "R").upper() == of else None
    if _FORM_CODE.match(text):
        return text
    if words and _CLASS_WORD.fullmatch(text) and text.lower() not in _NOT_CLASSES:
        return text
    return None


def sheet_year(name: str) -> str | None:
    """The year group a sheet's name plainly is (normalised, as a year column's cell is
    read: "7", "R"), or None: a year's name alone ("Year 7", "Y8", "Reception") or before
    a form of that year ("Year 7 - 7B").  A form's code ("7A", "RB"), a bare number, a
    week or a word gives none: a year is never guessed from a name that is not one (sweep
    layouts9)."""
    text = " ".join(name.split())
    if (year := _YEAR_BEFORE.match(text)) is not None and sheet_form(text) is not None:
        return (year["year"] or "R").upper()
    return year_group_of(text) if _YEAR_NAME.match(text) else None


def _sheet_forms(book: FormSheets) -> list[str | None]:
    """The form each sheet of a workbook a group a sheet is named as (:func:`sheet_form`);
    a class named by a word ("Oak") only where every sheet is named as a form, so that a
    word beside a sheet that is no form's ("Oak" beside "Sheet1") is not taken for a class
    (sweep layouts9)."""
    names = [name for _i, name in book.sheets]
    if all(sheet_form(n, words=True) is not None for n in names):
        return [sheet_form(n, words=True) for n in names]
    return [sheet_form(n) for n in names]


def _refuse_other_forms(name: str, layout: _Layout, frame: pl.DataFrame) -> None:
    """A sheet named for one form (``name``) of a workbook a form a sheet holding another
    form's pupil (its form column), refused in one line."""
    sheet = sheet_form(name)
    if sheet is not None and "reg_group" in layout.cols and "reg_group" in frame.columns:
        forms = (
            frame.select(pl.col("reg_group").cast(pl.String), "line")
            .drop_nulls("reg_group")
            .group_by("reg_group")
            .agg(pl.col("line").min())
            .sort("line")
        )
        other = [(f, n) for f, n in forms.iter_rows() if _form_key(f) != _form_key(sheet)]
        if other:
            form, line = other[0]
            raise InputError(
                # (not every workbook of sheets with the same headings is a form a sheet:
                # "Sheet1" and "Sheet2" are one register in parts, sweep layouts8; looks15)
                f"sheet {name!r} holds a pupil of form {form!r}: a sheet named as a form "
                f"({sheet!r}) is read as that form's register",
                file=layout.file,
                line=line,
                column=layout.header("reg_group"),
                value=form,
                unit="row",
                hint="a workbook of one sheet a form is read only where each sheet holds its "
                "form's pupils: correct the sheet, or export the whole school's register as "
                "one sheet",
            )


def _forms_of_sheets(
    path: str,
    book: FormSheets,
    loaded: list[tuple[Any, pl.DataFrame, Any]],
    warnings: list[str],
) -> list[tuple[Any, pl.DataFrame, Any]]:
    """A workbook a form a sheet whose rows have no form column: each sheet whose name is
    plainly a form (:func:`sheet_form`: "7A", "Year 7 - 7B", "Form 8C") gives its rows
    that form, and a note says so; a sheet whose name is not ("Sheet1", a date) gives none,
    its pupils' form unknown as before, named in the note (sweep layouts8).  With a form
    column, the rows' own forms stand (each checked against a sheet named as a form:
    :func:`_refuse_other_forms`); a row whose form cell is blank in a sheet named as a form
    is that form's, said."""
    if any("reg_group" in layout.cols for layout, _f, _r in loaded):
        # (the rows' forms stand; a class named by a word is no certain form, so its sheet
        # neither checks the rows' forms nor fills a blank one: sweep layouts9)
        forms = [sheet_form(name) for _i, name in book.sheets]
        return _blank_forms_of_sheets(path, book, loaded, forms, warnings)
    forms = _sheet_forms(book)
    if not any(forms):
        classes = [n for _i, n in book.sheets if sheet_form(n, words=True) is not None]
        if classes:  # (a word beside one that is no class's: said, not taken; leftovers20)
            from attcli.percent import listed

            rest = [n for _i, n in book.sheets if n not in classes]
            warnings.append(
                f"{path}: {listed([repr(n) for n in classes])} may name classes, but "
                f"{listed([repr(n) for n in rest])} {'is' if len(rest) == 1 else 'are'} no "
                "class's name (a subject, a period, a sheet's own), so no sheet's name is "
                "read as a form and the pupils' forms are unknown: give the register with a "
                "form column, or the class sheets alone"
            )
        return loaded
    read = [
        repr(name) if form == name else f"{name!r} as {form!r}"
        for (_i, name), form in zip(book.sheets, forms, strict=True)
        if form is not None
    ]
    unknown = [repr(name) for (_i, name), form in zip(book.sheets, forms, strict=True) if form is None]
    warnings.append(
        f"{path}: the rows have no form column, so each sheet's name that is a form's is read "
        f"as its pupils' form: {', '.join(read)}"
        + (
            f"; {' and '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} no form's "
            f"name, {'its' if len(unknown) == 1 else 'their'} pupils' form unknown"
            if unknown
            else ""
        )
    )
    out = []
    for (layout, frame, report), form in zip(loaded, forms, strict=True):
        if form is not None:
            dtype = frame.schema.get("reg_group", pl.Categorical)
            frame = frame.with_columns(pl.lit(form, pl.String).cast(dtype).alias("reg_group"))
        out.append((layout, frame, report))
    return out


def _years_of_sheets(
    path: str,
    book: FormSheets,
    loaded: list[tuple[Any, pl.DataFrame, Any]],
    warnings: list[str],
) -> list[tuple[Any, pl.DataFrame, Any]]:
    """A workbook a year group a sheet ("Year 7", "Year 8", "Reception"; or a form a sheet
    named with its year, "Year 7 - 7B"): each sheet whose name is plainly a year group
    (:func:`sheet_year`) gives its rows that year where they have no year column, said in
    one note.  With a year column, the rows' own years stand: a row of another year in
    such a sheet is refused in one line (the sheet or the row is wrong: attcli does not
    choose), a blank cell is the sheet's year, said.  A sheet named otherwise ("7A", "Oak",
    "Sheet1") gives no year: none is guessed from a name that is no year's (sweep
    layouts9)."""
    years = [sheet_year(name) for _i, name in book.sheets]
    if not any(years):
        return loaded
    named = [(name, year) for (_i, name), year in zip(book.sheets, years, strict=True) if year]
    if not any("year_group" in layout.cols for layout, _f, _r in loaded):
        read = ", ".join(f"{name!r} as {year_group_label(year)}" for name, year in named)
        warnings.append(
            f"{path}: the rows have no year group column, so each sheet named as a year group "
            f"gives its pupils that year: {read}"
        )
        return [
            (layout, frame.with_columns(pl.lit(year, pl.String).cast(frame.schema["year_group"]).alias("year_group"))
             if year else frame, report)
            for (layout, frame, report), year in zip(loaded, years, strict=True)
        ]  # fmt: skip
    out = []
    said = []
    for (_i, name), (layout, frame, report), year in zip(book.sheets, loaded, years, strict=True):
        if year is not None and "year_group" in layout.cols:
            other = (
                frame.filter(pl.col("year_group").cast(pl.String).ne(year))
                .sort("line")
                .select(pl.col("year_group").cast(pl.String), "line")
            )
            if other.height:
                value, line = other.row(0)
                raise InputError(
                    f"sheet {name!r} holds a pupil of year group {year_group_label(value)!r}: a "
                    f"sheet named as a year group ({year_group_label(year)}) is read as that "
                    "year's register",
                    file=layout.file,
                    line=line,
                    column=layout.header("year_group"),
                    unit="row",
                    hint="a workbook of one sheet a year group is read only where each sheet "
                    "holds its year's pupils: correct the sheet or the pupil's year in the MIS, "
                    "or export the whole school's register as one sheet",
                )
            if frame.get_column("year_group").null_count():
                n = frame.filter(pl.col("year_group").is_null()).get_column("upn").n_unique()
                said.append(f"{n} in sheet {name!r} as {year_group_label(year)}")
                frame = frame.with_columns(
                    pl.col("year_group").cast(pl.String).fill_null(year).cast(frame.schema["year_group"])
                )
        out.append((layout, frame, report))
    if said:
        warnings.append(
            f"{path}: pupils whose year group cell is blank read as in their sheet's year group: "
            f"{', '.join(said)}"
        )
    return out


def _blank_forms_of_sheets(
    path: str,
    book: FormSheets,
    loaded: list[tuple[Any, pl.DataFrame, Any]],
    forms: list[str | None],
    warnings: list[str],
) -> list[tuple[Any, pl.DataFrame, Any]]:
    """The rows with a blank form cell (or R's ``NA``) of each sheet named as a form given
    that form, said: the sheet's other rows are its form's (checked), so these are too."""
    out = []
    said = []
    for (_i, name), (layout, frame, report), form in zip(book.sheets, loaded, forms, strict=True):
        if form is not None and "reg_group" in frame.columns and frame.get_column("reg_group").null_count():
            dtype = frame.schema["reg_group"]
            n = frame.filter(pl.col("reg_group").is_null()).get_column("upn").n_unique()
            said.append(f"{n} in sheet {name!r}" + (f" as {form!r}" if form != name else ""))
            frame = frame.with_columns(
                pl.col("reg_group").cast(pl.String).fill_null(form).cast(dtype)
            )
        out.append((layout, frame, report))
    if said:
        warnings.append(
            f"{path}: pupils whose form cell is blank read as in their sheet's form (the sheet "
            f"named as a form): {', '.join(said)}"
        )
    return out


def _pupils_who_moved(
    path: str,
    book: FormSheets,
    loaded: list[tuple[Any, pl.DataFrame, Any]],
    warnings: list[str],
) -> list[tuple[Any, pl.DataFrame, Any]]:
    """A pupil in two sheets of a workbook a form a sheet: a pupil who moved form (DOMAIN.md:
    a pupil's form is as of a date; the check takes the newest), read as one pupil, each
    session's form its sheet's, and said.  A session in two sheets holds one mark: marked
    alike, it is read once (taken out of the later sheet) and said; marked differently
    (a mistake), refused in one line naming the pupil, both sheets, the session and the
    marks: attcli does not choose (sweep layouts7).  A pupil every session of whose in one
    sheet is in the other too is in a copy of the register (last week's beside this
    week's), not a form's sheet: the error of two sheets with a register
    (:attr:`FormSheets.several`), as before."""
    names = [name for _i, name in book.sheets]
    frames = [frame for _l, frame, _r in loaded]
    upns = [set(f.get_column("upn").cast(pl.String).unique().drop_nulls().to_list()) for f in frames]
    keys = ["upn", "date", "session"]
    moved: dict[str, list[str]] = {}
    alike: list[tuple[str, str, str, str, str]] = []
    blanks = 0  # blank cells left out beside the other sheet's mark
    for j in range(1, len(frames)):
        for i in range(j):
            shared = upns[i] & upns[j]
            if not shared:
                continue
            want = pl.col("upn").cast(pl.String).is_in(sorted(shared))

            def rows(k: int, want: pl.Expr = want) -> pl.DataFrame:
                # (a blank cell is no mark: a sheet a column a session leaves the pupil's
                # sessions in the other form blank, for the blank sessions' own rules)
                return frames[k].filter(want).select(
                    pl.col("upn").cast(pl.String), "date", pl.col("session").cast(pl.String),
                    pl.col("raw_mark").cast(pl.String).str.strip_chars().alias("mark"), "line",
                ).filter(pl.col("mark").fill_null("") != "")  # fmt: skip

            a, b = rows(i), rows(j)
            both = a.join(b, on=keys, suffix="_b").sort(["upn", "date", "session"])
            # every session of one sheet's in the other too: a copy of the register (last
            # week's beside this week's), not a move: attcli does not choose (sweep layouts6)
            counts = [f.group_by("upn").len() for f in (a, b, both)]
            copies = counts[2].join(counts[0], on="upn", suffix="_a").join(
                counts[1], on="upn", suffix="_b"
            )
            if copies.filter((pl.col("len") == pl.col("len_a")) | (pl.col("len") == pl.col("len_b"))).height:
                raise book.several
            differ = both.filter(pl.col("mark").ne_missing(pl.col("mark_b")))
            if differ.height:
                upn, day, session, a, la, b, lb = differ.row(0)
                more = differ.height - 1
                raise InputError(
                    f"pupil {upn} has two marks for {day:%d/%m/%Y} {session}: {a!r} in sheet "
                    f"{names[i]!r} (row {la}), {b!r} in sheet {names[j]!r} (row {lb})"
                    + (f", and {more} more session{'s' if more != 1 else ''} so" if more else ""),
                    file=path,
                    hint="a pupil who moved form is in each form's sheet on different days, so "
                    "a session in both holds one mark; two marks are a mistake in one sheet: "
                    "correct it in the MIS and export again",
                )
            # each sheet's blank cells where the other sheet marks the session: the pupil's
            # row in the form they were not in then (a sheet a column a session), left out
            # as a pupil listed twice in one export is (_blanks_beside_marks)
            for k, other in ((i, b), (j, a)):
                marked = other.select(
                    pl.col("upn").alias("_u"), "date", pl.col("session").alias("_s")
                ).unique().with_columns(pl.lit(True).alias("_m"))
                frame = frames[k].with_columns(
                    pl.col("upn").cast(pl.String).alias("_u"),
                    pl.col("session").cast(pl.String).alias("_s"),
                ).join(marked, on=["_u", "date", "_s"], how="left")
                gone = pl.col("_m").fill_null(False) & pl.col("raw_mark").is_null()
                blanks += frame.filter(gone).height
                frames[k] = frame.filter(~gone).drop("_u", "_s", "_m")
            for upn in sorted(shared):
                moved.setdefault(upn, [])
                moved[upn] += [n for n in (names[i], names[j]) if n not in moved[upn]]
            if both.height:
                alike += [(u, f"{d:%d/%m/%Y} {s}", m, names[i], names[j])
                          for u, d, s, m, *_ in both.iter_rows()]  # fmt: skip
                same = both.select(keys).with_columns(pl.lit(True).alias("_same"))
                frame = frames[j].with_columns(pl.col("upn").cast(pl.String).alias("_u"))
                frames[j] = (
                    frame.join(same, left_on=["_u", "date", pl.col("session").cast(pl.String)],
                               right_on=keys, how="anti")  # fmt: skip
                    .drop("_u")
                )
    if not moved:
        return loaded
    # a move is of form: a pupil whose sheets give one form, or none (sheets "Sheet1" and
    # "Sheet2" a week each, no form column), is in two parts of one register (sweep layouts8)
    forms: dict[str, set[str]] = {}
    for frame in frames:
        for upn, form in (
            frame.filter(pl.col("upn").cast(pl.String).is_in(sorted(moved)))
            .select(pl.col("upn").cast(pl.String), pl.col("reg_group").cast(pl.String))
            .drop_nulls()
            .unique()
            .iter_rows()
        ):
            forms.setdefault(upn, set()).add(_form_key(form))
    for said, who in (
        ("in two form sheets read as one pupil who moved form: each session counted in "
         "its sheet's form, and the pupil's form as of the date checked is the latest sheet's", [u for u in moved if len(forms.get(u, ())) > 1]),
        ("in two sheets on different days, of one form or none, read as one pupil (its two "
         "sheets read as parts of one register)", [u for u in moved if len(forms.get(u, ())) <= 1]),
    ):  # fmt: skip
        if who:
            shown = ", ".join(f"{u} ({' then '.join(repr(n) for n in moved[u])})" for u in who[:3])
            n = len(who)
            warnings.append(
                f"{path}: {n} pupil{'s' if n != 1 else ''} {said}: {shown}{' ...' if n > 3 else ''}"
            )
    if blanks:
        warnings.append(
            f"{path}: {blanks} blank cell{'s' if blanks != 1 else ''} of a pupil who moved form "
            "left out where the other form's sheet marks the session"
        )
    if alike:
        upn, when, mark, a, b = alike[0]
        k = len(alike)
        warnings.append(
            f"{path}: {k} session{'s' if k != 1 else ''} of a pupil in two form sheets marked "
            f"alike in both, read once: {upn} {when} {mark!r} in sheets {a!r} and {b!r}"
            + (" ..." if k > 1 else "")
        )
    return [(lay, frame, rep) for (lay, _f, rep), frame in zip(loaded, frames, strict=True)]


def _form_sheets_note(path: str, book: FormSheets, column: bool = False) -> str:
    """The note on a workbook read a sheet at a time.  ``column``: its rows have a form
    column, whose forms stand; a sheet named by a word ("Oak") is then no form of theirs
    (:func:`_forms_of_sheets`), so such sheets are not said to be "a sheet for each form"
    (an "Oak" sheet may hold Ash's pupils: sweep looks17)."""
    from attcli.percent import listed

    names = listed([repr(n) for _i, n in book.sheets])  # ("'7A', '7B' and 'Sheet1'")
    others = (
        f"; sheet{'s' if len(book.others) > 1 else ''} "
        f"{listed([repr(n) for n in book.others])} "
        f"hold{'' if len(book.others) > 1 else 's'} no register and "
        f"{'are' if len(book.others) > 1 else 'is'} not read"
        if book.others
        else ""
    )
    # (sheets whose names are no form's, "Sheet1" and "Sheet2" a week each: one register
    # saved in parts, not said to be forms: sweep layouts8)
    parts = (
        "with a sheet for each form"
        if any(sheet_form(n) for _i, n in book.sheets) or (not column and any(_sheet_forms(book)))
        else "with a sheet for each year group" if any(sheet_year(n) for _i, n in book.sheets)
        else "in parts, a sheet each"
    )  # fmt: skip
    return (
        f"{path}: sheets {names} each hold a register with the same headings (one register "
        f"saved {parts}): read together, as exports given at once{others}"
    )


def _combine(frames: list[pl.DataFrame]) -> pl.DataFrame:
    if not frames:
        return empty_register()
    combined = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
    attrs = [a for a in ATTRIBUTE_COLUMNS if a in combined.columns]
    extra = [c for c in OPTIONAL_COLUMNS if c in combined.columns]
    order = [*CORE_SCHEMA, *attrs, *extra, *PROVENANCE_SCHEMA]
    return combined.select(order)


def _blank_mark(raw: pl.Series) -> pl.Expr | None:
    """Whether a row's ``raw_mark`` is blank (null, or only spaces), as an expression, or
    None when no row's is.  A Categorical column is judged on its distinct values, not
    on its 7 million rows (a string pass over them cost 0.2-0.4 s at 20,000 pupils)."""
    if raw.dtype == pl.Categorical:
        from attcli.lookup import distinct

        cats = distinct(raw).drop_nulls().cast(pl.String)  # (on the codes: no unique())
        spaces = cats.filter(cats.str.strip_chars() == "")
        if not raw.null_count() and not spaces.len():
            return None
        col = pl.col("raw_mark")
        return col.is_null() | col.cast(pl.String).is_in(spaces.implode()) if spaces.len() else col.is_null()
    text = raw.cast(pl.String).str.strip_chars().fill_null("")
    if not (text == "").any():
        return None
    return pl.col("raw_mark").cast(pl.String).str.strip_chars().fill_null("").eq("")


def _without_blank_sessions(register: pl.DataFrame) -> pl.DataFrame:
    """``register`` without the sessions blank for every pupil of the exports: a session
    no pupil has a mark on (a wide grid's column for a bank holiday or an INSET day, a
    long export's rows for it with no mark) is not a session the school had, so it has no
    rows, as in an export that leaves the day out (docs/decisions.md, "A session blank
    for every pupil").  Across the files, so a blank beside another export's mark is
    still that export's no-mark.  Only the blank rows' sessions are looked at (few in a
    long export); the rows keep their order."""
    blank = _blank_mark(register.get_column("raw_mark"))
    if blank is None:  # no blank cell at all: a clean export's only cost (issue 15)
        return register
    keys = ["school", "date", "session"]
    empty = register.filter(blank).select(keys).unique()
    if not empty.height:
        return register
    dates = empty.get_column("date").unique().implode()
    marked = register.filter(~blank & pl.col("date").is_in(dates)).select(keys).unique()
    empty = empty.join(marked, on=keys, how="anti", nulls_equal=True)
    if not empty.height:
        return register
    out = register.join(empty, on=keys, how="anti", nulls_equal=True, maintain_order="left")
    if not out.height:  # (it failed with an AttributeError, a bug report, after the load)
        files = register.get_column("source").cast(pl.Utf8).unique(maintain_order=True)
        raise input_error(
            f"no marks at all: all {register.height} of the sessions' cells are blank in "
            f"{', '.join(map(shown, files.to_list()))}",
            hint="export the register with its marks (a report of pupils' details, or one "
            "run before the registers were taken, has none)",
        )
    return out


def _no_file_unmarked(register: pl.DataFrame, reports: list[FileReport]) -> None:
    """Refuse an export with no mark at all (every cell blank or ``-``) given with others
    (docs/decisions.md, "An export with no marks among others"): it has nothing to count,
    ends on no marked date, and its blanks were read as a later export's no-marks over the
    others' marks (conflicts "these exports all end on ...") or, past their dates, dropped
    unsaid.  Alone, :func:`_without_blank_sessions` refuses it.  Only the no-mark rows'
    files are looked at: a clean load costs one scan of the marks."""
    if len(reports) < 2:
        return
    unmarked = pl.col("mark") == MISSING_MARK
    if not register.select(unmarked.any()).item():
        return
    marked = register.group_by("source").agg((~unmarked).any().alias("_marked"))
    none = {str(source) for source, any_mark in marked.iter_rows() if not any_mark}
    empty = [r.path for r in reports if r.path in none]
    if not empty:
        return
    rows = register.filter(pl.col("source").cast(pl.Utf8).is_in(empty)).height
    its, it = ("its", "it has") if len(empty) == 1 else ("their", "they have")
    raise input_error(
        f"no marks at all in {', '.join(empty)}: all {rows} of {its} sessions' cells are "
        f"blank or '-', so {it} nothing to count beside the other exports",
        hint="leave it out, or export that register again with its marks (a report of "
        "pupils' details, or one run before the registers were taken, has none)",
    )


def _marked_ends(register: pl.DataFrame, reports: list[FileReport]) -> None:
    """Each export's ``last_date`` the last date it holds a mark on, where its last
    sessions have none (blank cells, ``-``): a wide register exported for the whole term
    before the term ended (an old MIS's, the day the school changed MIS) has columns to
    its end blank for everyone, registers not yet taken, and they made it "end" after the
    export made later: its blank cells then took the later one's marks away, refused as
    conflicts (docs/decisions.md, "Which export is later").  Only between exports (one
    export's end is compared with nothing), and only the no-mark rows are looked at first:
    a clean export costs nothing.

    Marks after a session the export holds with no mark for anyone, itself after the
    export's last mark of a session that counts, were entered ahead (an INSET day's `#`
    or a closure put in the MIS at the start of term, in a grid exported for the whole
    term): they are not when it was made, and made an old export the later one, every
    mark of the new export a conflict with its blank cells (corrections2 sweep).  An
    INSET day right after the last register (no blank session between) still ends it."""
    if len(reports) < 2:
        return
    unmarked = pl.col("mark") == MISSING_MARK
    if not register.select(unmarked.any()).item():
        return
    from attcli.roll import ord_expr

    # only the rows from the first no-mark's date on are looked at (the sessions not yet
    # taken, at an export's end); the source column stays Categorical (no text per row)
    sub = register.filter(pl.col("date") >= register.filter(unmarked).get_column("date").min())
    keys = ["source", "date", "session"]
    whole = (
        sub.group_by(keys)
        .agg(unmarked.all().alias("_blank"))
        .filter("_blank")
        .join(
            sub.filter(pl.col("category").is_in(POSSIBLE_CATEGORIES))
            .group_by("source").agg(ord_expr().max().alias("_l")),
            on="source", how="left",
        )
        .filter(pl.col("_l").is_null() | (ord_expr() > pl.col("_l")))
    )  # fmt: skip
    cut = whole.group_by("source").agg(ord_expr().min().alias("_cut"))
    if cut.height:  # (the exports with marks after it: blank columns at a grid's end have none)
        cut = cut.join(
            sub.filter(~unmarked).join(cut, on="source").filter(ord_expr() > pl.col("_cut"))
            .select("source").unique(),
            on="source", how="semi",
        )  # fmt: skip
    ends = register.filter(~unmarked).group_by("source").agg(pl.col("date").max())
    if cut.height:  # marks entered ahead: those exports' ends before their first such session
        ahead = (
            register.filter(~unmarked)
            .join(cut, on="source")
            .filter(ord_expr() < pl.col("_cut"))
            .group_by("source").agg(pl.col("date").max())
        )  # fmt: skip
        ends = pl.concat([ends.join(cut, on="source", how="anti"), ahead])
    last = {r.path: r for r in reports}
    for source, marked in ends.iter_rows():
        report = last.get(str(source))
        if report is not None and report.last_date is not None and marked < report.last_date:
            report.last_date = marked


def _one_school(register: pl.DataFrame, reports: list[FileReport]) -> pl.DataFrame:
    """The rows of exports that name no school, loaded with exports that name one school
    between them, are that school's: one school's exports in two layouts (one with a
    "School:" title line, one without) are one school's register.  The pupil key and the
    de-duplication include the school, so without this they would be two schools."""
    unnamed = [r.path for r in reports if not r.names_school]
    if not unnamed or len(unnamed) == len(reports):
        return register
    named = register.get_column("school").drop_nulls().unique()
    if named.len() != 1:
        return register
    return register.with_columns(
        pl.when(pl.col("source").cast(pl.Utf8).is_in(unnamed))
        .then(pl.lit(named[0], pl.Utf8).cast(pl.Categorical))
        .otherwise(pl.col("school"))
        .alias("school")
    )


def _school_names(register: pl.DataFrame) -> list[str]:
    """A line for each two School values that share most of their UPNs (more than half of
    the smaller one's) and no export holds both: one school's exports from two MISs name
    it two ways ("Oakfield Academy", "Oakfield Acad."), and each pupil is then two pupils.
    Said, not refused: a trust's exports may repeat UPNs across its schools.  An export
    that names both values is the MIS saying they are two schools: not said."""
    schools = register.get_column("school")
    if schools.drop_nulls().n_unique() < 2:
        return []
    if register.get_column("source").n_unique() < 2:
        # one export holds every School value (a trust's or a local authority's shared
        # export): each pair is named in one export, so nothing is said; found without the
        # grouping by School and UPN below (1 s of a 50-school, 100,000-pupil load)
        return []
    # grouped on the columns as they are (Categorical: by code) and only the groups made
    # text: a text per row of the register took 7 s of a 50-school, 100,000-pupil load
    pupils = (
        register.lazy()
        .select("school", "upn", pl.int_range(pl.len(), dtype=pl.get_index_type()).alias("_row"))
        .filter(pl.col("school").is_not_null() & pl.col("upn").is_not_null())
        .group_by("school", "upn")
        .agg(pl.col("_row").min())
        .collect()
        .with_columns(pl.col("school").cast(pl.Utf8), pl.col("upn").cast(pl.Utf8))
    )
    sizes = pupils.group_by("school").agg(pl.len().alias("_n"), pl.col("_row").min())
    shared = (
        pupils.join(pupils, on="upn", suffix="_b")
        .filter(pl.col("school") != pl.col("school_b"))
        .group_by("school", "school_b")
        .agg(pl.len().alias("_shared"))
        .join(sizes, on="school")
        .join(sizes, left_on="school_b", right_on="school", suffix="_b")
        .filter(pl.col("_row") < pl.col("_row_b"))  # each pair once, in the files' order
        .filter(pl.col("_shared") * 2 > pl.min_horizontal("_n", "_n_b"))
        .sort("_row", "_row_b")
    )
    if not shared.height:
        return []
    files = (
        register.select("school", "source")
        .unique(maintain_order=True)
        .with_columns(pl.col("school").cast(pl.Utf8), pl.col("source").cast(pl.Utf8))
        .group_by("school", maintain_order=True)
        .agg("source")
    )
    held = {r["school"]: r["source"] for r in files.iter_rows(named=True)}
    notes = []
    for r in shared.iter_rows(named=True):
        x, y, n = r["school"], r["school_b"], r["_shared"]
        if set(held[x]) & set(held[y]):
            continue
        notes.append(
            f"the same {n} UPN{'s' if n != 1 else ''} under two school names, '{x}' "
            f"({', '.join(held[x])}) and '{y}' ({', '.join(held[y])}): if they are one "
            "school, give its exports one School value"
        )
    return notes



@dataclass
class _IdForm:
    """One form of an MIS id (``001003`` or ``1003``) where it is first seen, and the
    pupil it names (:func:`_padded_ids`)."""

    file: str
    line: int | None
    header: str
    shown: str  # the name as exported, for messages ("" when none)
    names: set[tuple[str, str]] = field(default_factory=set)  # (surname, forename): child_name
    births: set[dt.date] = field(default_factory=set)

    def same(self, other: _IdForm) -> bool:
        """Both name the pupil: a surname and forename in common, and a date of birth in
        common where both give one."""
        births = not (self.births and other.births) or bool(self.births & other.births)
        return bool(self.names & other.names) and births

    def who(self) -> str:
        born = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(self.births))
        return f"{self.shown!r}" + (f" born {born}" if born else "")


def _padded_ids(
    register: pl.DataFrame,
    keys: list[tuple[str, str, str]],
    pupils: PupilList | None,
    warnings: list[str],
) -> tuple[pl.DataFrame, PupilList | None]:
    """The MIS ids of registers keyed by one (and of the pupil list) that are digits and
    differ from another id of the same school only by leading zeros (Excel saves an
    admission number ``001003`` as the number 1003), read under the longest form when the
    two agree on surname and forename (:func:`child_name`), and on the date of birth where
    both give one: a line for each file whose ids were padded, naming one.  Ids that name
    different pupils, or that a register gives no name to compare, are an
    :class:`InputError` naming both ids and files.  A pupil list's id is padded only when
    the register gives names to compare (else :func:`_identify` says the id is missing
    from the list, and why); ids with no such twin are left as they are
    (docs/decisions.md, "An MIS id without its leading zeros")."""
    files = [name for name, key, _ in keys if key == "mis_id"]
    if not files or "mis_id" not in register.columns:
        return register, pupils
    listed = pupils.pupils if pupils is not None and "mis_id" in pupils.pupils.columns else None
    # first on each id once (a register keyed by its MIS id has the id as its upn, a
    # Categorical: its distinct values are found on the codes), whatever the file or school
    from attcli.lookup import distinct

    every = distinct(register.get_column("upn")).cast(pl.Utf8).drop_nulls()
    if listed is not None:
        every = pl.concat([every, listed.get_column("mis_id").cast(pl.Utf8).drop_nulls()])
    every = every.filter(every.str.contains(_DIGITS)).unique()
    if every.str.strip_chars_start("0").replace("", "0").n_unique() == every.len():
        return register, pupils
    order = {name: i for i, (name, _, _) in enumerate(keys)}
    headers = {name: header for name, _, header in keys}
    mine = pl.lit(True) if len(files) == len(keys) else pl.col("source").is_in(files)
    bare = pl.col("mis_id").str.strip_chars_start("0").replace("", "0").alias("_bare")
    ids = (  # (a register keyed by its MIS id has the id as its upn, a Categorical: quick)
        register.lazy()
        .select("school", "upn", "source")  # (not the whole register copied by the filter)
        .filter(mine)
        .select("school", "upn")
        .unique()
        .select(pl.col("school").cast(pl.Utf8), pl.col("upn").cast(pl.Utf8).alias("mis_id"))
        .filter(pl.col("mis_id").str.contains(_DIGITS))
        .with_columns(bare)
        .collect()
    )
    list_ids = (
        listed.select(pl.col("mis_id").cast(pl.Utf8))
        .filter(pl.col("mis_id").str.contains(_DIGITS))
        .with_columns(bare)
        .join(ids.select("_bare").unique(), on="_bare", how="semi")
        if listed is not None
        else pl.DataFrame(schema={"mis_id": pl.Utf8, "_bare": pl.Utf8})
    )
    forms: dict[tuple[str | None, str], set[str]] = {}
    for school, mis_id, b in ids.iter_rows():
        forms.setdefault((school, b), set()).add(mis_id)
    in_list: dict[str, set[str]] = {}
    for mis_id, b in list_ids.iter_rows():
        in_list.setdefault(b, set()).add(mis_id)
    twins = {k: v | in_list.get(k[1], set()) for k, v in forms.items()}
    twins = {k: v for k, v in twins.items() if len(v) > 1}
    if not twins:
        return register, pupils
    wanted = sorted({i for v in twins.values() for i in v})
    # each form's rows: where it is first seen in each file, its names and dates of birth
    seen = (
        register.filter(mine & pl.col("mis_id").is_in(wanted))
        .with_columns(
            pl.col("school").cast(pl.Utf8),
            pl.col("source").cast(pl.Utf8),
            child_name("surname").alias("_s"),
            child_name("forename").alias("_f"),
        )
        .group_by("school", "mis_id", "source", "_s", "_f", "dob")
        .agg(pl.col("line").min(), pl.col("surname").first(), pl.col("forename").first())
        .with_columns(pl.col("source").replace_strict(order, return_dtype=pl.Int64).alias("_o"))
        .sort("_o", "line")
    )

    def register_form(school: str | None, mis_id: str) -> _IdForm | None:
        rows = seen.filter(
            (pl.col("mis_id") == mis_id)
            & (pl.col("school").is_null() if school is None else pl.col("school") == school)
        )
        if not rows.height:
            return None
        first = rows.row(0, named=True)
        named = rows.filter(pl.col("_s").is_not_null() & pl.col("_f").is_not_null())
        shown = named.row(0, named=True) if named.height else first
        return _IdForm(
            first["source"],
            first["line"],
            headers[first["source"]],
            pupil_name(shown["surname"], shown["forename"]) if named.height else "",
            set(named.select("_s", "_f").iter_rows()),
            set(rows.get_column("dob").drop_nulls()),
        )

    def list_form(mis_id: str) -> _IdForm | None:
        if listed is None or pupils is None:
            return None
        rows = listed.filter(pl.col("mis_id").cast(pl.Utf8) == mis_id)
        if not rows.height:
            return None
        named = (
            rows.with_columns(
                child_name("surname").alias("_s"), child_name("forename").alias("_f")
            ).filter(pl.col("_s").is_not_null() & pl.col("_f").is_not_null())
            if {"surname", "forename"} <= set(rows.columns)
            else rows.clear()
        )
        r = named.row(0, named=True) if named.height else {}
        births = rows.get_column("dob").drop_nulls() if "dob" in rows.columns else []
        return _IdForm(
            pupils.path,
            None,
            pupils.headers.get("mis_id", "MIS id"),
            pupil_name(r["surname"], r["forename"]) if r else "",
            set(named.select("_s", "_f").iter_rows()) if named.height else set(),
            set(births),
        )

    padded: dict[str | None, dict[str, str]] = {}  # school -> {id: the id it is read as}
    list_padded: dict[str, str] = {}
    said: dict[str, list[tuple[int, str, str, str]]] = {}  # file -> (line, id, as, name)
    for (school, b), group in sorted(twins.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        longest = max(group, key=len)
        whole = register_form(school, longest)
        whole_listed = whole is None
        whole = whole or list_form(longest)
        assert whole is not None
        for short in sorted(group - {longest}, key=len):
            for form, in_register in ((register_form(school, short), True),
                                      (list_form(short), False)):  # fmt: skip
                if form is None or (not in_register and longest in in_list.get(b, set())):
                    continue  # (a list with both forms: the register's rows take the long one)
                if not (form.names and whole.names):
                    if not in_register or whole_listed:
                        continue  # a list's id, no register name: _identify says it is missing
                    silent = form if not form.names else whole
                    raise input_error(
                        f"{form.header} {short} and {longest} in {shown(str(whole.file))} differ only by "
                        f"leading zeros, and {shown(str(silent.file))} gives no name to tell whether they "
                        "are one pupil",
                        file=form.file,
                        line=form.line,
                        column=form.header,
                        hint="export the register again from the MIS with names, or with the "
                        "id column formatted as text before saving in a spreadsheet",
                    )
                if not form.same(whole):
                    # the same name twice is not "different pupils": say what differs
                    named = bool(form.names & whole.names)
                    what = (
                        "give the same name, but have different dates of birth"
                        if named
                        else "name different pupils"
                    )
                    raise input_error(
                        f"{form.header} {short} ({form.who()}) and {longest} in {shown(str(whole.file))} "
                        f"({whole.who()}) differ only by leading zeros {'and' if named else 'but'} "
                        f"{what}, so attcli cannot tell whether they are one pupil",
                        file=form.file,
                        line=form.line,
                        column=form.header,
                        hint=f"correct the id or the {'date of birth' if named else 'name'} in "
                        "the MIS and export again (in a spreadsheet, format the id column as "
                        "text before saving)",
                    )
                if in_register:
                    padded.setdefault(school, {})[short] = longest
                else:
                    list_padded[short] = longest
                said.setdefault(form.file, []).append((form.line or 0, short, longest, form.shown))
    for file in sorted(said, key=lambda f: order.get(f, len(order))):
        ids = sorted(said[file])
        _, short, longest, name = ids[0]
        header = headers.get(file) or (pupils.headers.get("mis_id", "MIS id") if pupils else "")
        n = len(ids) - 1
        more = f" (and {n} more id{'s' if n != 1 else ''} of that file)" if n else ""
        warnings.append(
            f"{header} {short} in {file} read as {longest}{more}: a spreadsheet drops an id's "
            "leading zeros when it saves it as a number (Excel), and the two agree on the "
            f"pupil's name ({name})"
        )
    if padded:
        to = pl.col("mis_id")
        for school, table in padded.items():
            where = (
                pl.col("school").is_null()
                if school is None
                else (pl.col("school").cast(pl.Utf8) == school)
            )
            to = (
                pl.when(mine & where & pl.col("mis_id").is_in(list(table)))
                .then(pl.col("mis_id").replace(table))
                .otherwise(to)
            )
        moved = pl.col("_to") != pl.col("mis_id")
        register = (
            register.with_columns(to.alias("_to"))
            .with_columns(
                pl.when(moved)
                .then(pl.col("_to").cast(pl.Categorical))
                .otherwise(pl.col("upn"))
                .alias("upn")
            )
            .with_columns(pl.col("_to").alias("mis_id"))
            .drop("_to")
        )
    if list_padded and pupils is not None and listed is not None:
        pupils = replace(
            pupils,
            pupils=listed.with_columns(
                pl.col("mis_id").cast(pl.Utf8).replace(list_padded).alias("mis_id")
            ),
        )
    return register, pupils


def _identify(
    register: pl.DataFrame,
    keys: list[tuple[str, str, str]],
    pupils: PupilList | None,
    warnings: list[str],
    trust: Config | None = None,
) -> tuple[pl.DataFrame, str]:
    """Give the rows of registers keyed by an MIS id their UPN and names from ``pupils``;
    say how the register identifies pupils (``"upn"`` or ``"mis_id"``).  In a trust
    (``trust``: its config, or one school's run of it) a list with a School column is
    matched on the school and the id: each school's MIS numbers its own pupils, so Ash's
    1001 is not Birch's (sweep trustids)."""
    by_id = [k for k in keys if k[1] == "mis_id"]
    if not by_id:
        return register, "upn"
    first_file, _, first_header = by_id[0]
    other = next(
        (k for k in by_id if normalise_header(k[2]) != normalise_header(first_header)), None
    )
    if other is not None:  # two MIS number their pupils apart (a change of MIS): said
        warnings.append(
            f"{first_file} identifies pupils by the MIS ids of column {first_header!r} and "
            f"{other[0]} by those of column {other[2]!r}: attcli reads an id in both as one "
            "pupil; if the exports come from two MIS (a change of MIS), their ids are not "
            "the same pupils' and cannot be matched: export the registers with UPNs"
        )
    if pupils is None:
        by_upn = [k for k in keys if k[1] == "upn"]
        if by_upn:
            raise InputError(
                f"{shown(str(first_file))} identifies pupils by their MIS id (column {first_header!r}) and "
                f"{shown(str(by_upn[0][0]))} by UPN, so attcli cannot tell which rows are the same pupil",
                hint="give --pupils FILE, a pupil list with each pupil's MIS id and UPN",
            )
        warnings.append(_mis_id_warning(first_header))
        return register, "mis_id"
    listed = pupils.pupils
    if "mis_id" not in listed.columns:
        looked = ", ".join(repr(a) for a in LIST_FIELDS["mis_id"])
        raise InputError(
            f"the pupil list has no MIS id column (looked for: {looked}), so it cannot be "
            f"matched to {shown(str(first_file))}, which identifies pupils by their MIS id (column "
            f"{first_header!r})",
            file=pupils.path,
            hint="export the pupil list with the same MIS id as the register",
        )
    order = {name: i for i, (name, _, _) in enumerate(keys)}
    headers = {name: header for name, _, header in keys}
    by_id_files = [name for name, _, _ in by_id]
    mine = pl.col("source").is_in(by_id_files)
    part = register.filter(mine)
    on = ["mis_id"]
    if trust is not None and "school" in listed.columns:
        section_of = _school_of(trust)
        own = trust.school_key or None

        def keyed(frame: pl.DataFrame, blank: str | None) -> pl.DataFrame:
            texts = frame.get_column("school").cast(pl.Utf8).unique().to_list()
            named = {t: (section_of(t) if t is not None else blank) for t in texts}
            sk = pl.col("school").cast(pl.Utf8).replace_strict(
                named, default=None, return_dtype=pl.Utf8
            )  # fmt: skip
            return frame.with_columns(sk.fill_null(blank or "").alias("_idsk"))

        part = keyed(part, own)
        listed = keyed(listed, None)
        on = ["_idsk", "mis_id"]
        # (of a school of these exports: another school's rows, "\0", are not told apart)
        ours = pl.col("mis_id").is_not_null() & ~pl.col("_idsk").is_in(["\0", ""])
        twice = listed.filter(ours & pl.struct(on).is_duplicated())
        if twice.height:  # (one school named two ways: "a" and "Ash Primary School")
            first = twice.row(0, named=True)
            raise InputError(
                f"MIS id {first['mis_id']} is given to two pupils of {first['_idsk']} (its "
                "School written two ways): each pupil of a school has one MIS id",
                file=pupils.path,
                hint="correct the pupil list",
            )
    # a list's other ids the register's (a platform's own: sweep layouts10); the ids as
    # the upn, a Categorical, found once each on its codes
    refuse_other_ids(pupils, part.get_column("upn"), first_file, first_header)
    unknown = part.join(listed.select(on), on=on, how="anti")
    if unknown.height:
        row = (
            unknown.with_columns(
                pl.col("source").replace_strict(order, return_dtype=pl.Int64).alias("_f")
            )
            .sort("_f", "line")
            .row(0, named=True)
        )
        wanted = str(row["mis_id"])
        hint = "give the pupil list of every pupil in the register (from the same MIS)"
        if wanted.isdigit():
            # a list or export re-saved by a spreadsheet loses the ids' leading zeros: say
            # so (the register names no pupil to match them by: _padded_ids)
            bare = wanted.lstrip("0") or "0"
            ids = listed.get_column("mis_id").cast(pl.Utf8).str.strip_chars()
            twin = ids.filter(ids.str.contains(_DIGITS) & (ids.str.strip_chars_start("0")
                                                           .replace("", "0") == bare))  # fmt: skip
            if bare != wanted and ids.is_in([bare]).any():
                hint = (
                    f"the pupil list has {bare!r}: its leading zeros were lost (a spreadsheet "
                    "saves ids as numbers); export the list again from the MIS, or format "
                    "the column as text before saving"
                )
            elif twin.len() and len(twin[0]) > len(wanted):
                hint = (
                    f"the pupil list has {twin[0]!r}: the export's leading zeros were lost (a "
                    "spreadsheet saves ids as numbers); export the register again from the "
                    "MIS, or format the column as text before saving"
                )
        raise input_error(
            f"MIS id {row['mis_id']!r} is not in the pupil list {shown(pupils.path)}",
            file=row["source"],
            line=row["line"],
            column=headers[row["source"]],
            hint=hint,
        )
    refuse_crossed_names(part, listed, on, pupils.path, headers)  # (sweep layouts10)
    supply = [f for f in IDENTITY_FIELDS if f in listed.columns]
    given = listed.select(*on, *[pl.col(f).alias(f"_list_{f}") for f in supply])
    part = part.join(given, on=on, how="left").with_columns(
        [pl.coalesce(f"_list_{f}", f).alias(f) for f in supply]
    )
    keyed_by = "upn"
    if "upn" not in supply or part.select(pl.col("_list_upn").is_null().any()).item():
        keyed_by = "mis_id"
        warnings.append(_mis_id_warning(first_header))
    part = part.select(register.columns)
    combined = pl.concat([register.filter(~mine), part], how="vertical_relaxed")
    return combined.select(register.columns), keyed_by


def _refuse_another_list(register: pl.DataFrame, pupils: PupilList, ids: pl.Series) -> None:
    """Refuse a pupil list with no UPN in common with the register (another school's): it
    decides no one's time on roll, and read, every figure was the
    register's alone, as though the list had been checked.  Compared on the register's
    distinct UPNs (``ids``: :func:`attcli.lookup.distinct`)."""
    if "upn" not in pupils.pupils.columns or register.is_empty():
        return
    listed = pupils.pupils.get_column("upn").drop_nulls()
    if listed.is_empty():
        return
    upns = ids.cast(pl.Utf8).drop_nulls()
    if upns.is_empty():
        return
    if upns.is_in(listed.implode()).any():
        _refuse_list_of_other_dates(register, pupils, upns)
        return
    n, m = listed.n_unique(), upns.len()
    raise InputError(
        f"the pupil list shares no pupil with the exports: none of its {n} UPN"
        f"{'s' if n != 1 else ''} (e.g. {listed.sort()[0]}) is among the exports' {m} "
        f"(e.g. {upns.sort()[0]}): it lists other pupils (another school's list?)",
        file=pupils.path,
        hint="give the pupil list of the exports' school, from the same MIS (its student "
        "list with UPNs), or leave out --pupils",
    )


def _without_guests(
    register: pl.DataFrame, pupils: PupilList, ids: pl.Series, warnings: list[str]
) -> tuple[pl.DataFrame, PupilList]:
    """The register without the rows of the pupils the list gives as guests (enrolment
    status G: on another school's roll, not this one's admission register), and the list
    without them, with a line naming them: their attendance is their own school's to
    follow up, so no band, letter, CME referral or LA file of this school's is theirs.
    Costs nothing without such a list (its ``guest`` column); the register's UPNs are
    looked up once each (:func:`attcli.lookup.by_code`; ``ids``: the register's distinct
    UPNs, or MIS ids in a register keyed by them)."""
    if "guest" not in pupils.pupils.columns:
        return register, pupils
    listed = pupils.pupils
    guests = listed.filter(pl.col("guest"))
    if not guests.height:
        return register, pupils.without_guests()
    key = pupils.key
    from attcli.lookup import by_code

    column = "upn" if key == "upn" else "mis_id"
    if column not in register.columns:
        return register, pupils.without_guests()
    given = (
        pl.DataFrame({"upn": ids.cast(pl.Utf8)})
        .with_row_index("_i")
        .join(
            register.lazy()
            .select(pl.col("upn").cast(pl.Utf8), pl.col(column).cast(pl.Utf8).alias("_k"))
            .unique("upn")
            .collect()
            if column != "upn"
            else pl.DataFrame({"upn": ids.cast(pl.Utf8), "_k": ids.cast(pl.Utf8)}),
            on="upn",
            how="left",
        )
        .sort("_i")
        .with_columns(pl.col("_k").is_in(guests.get_column(key).implode()).alias("_g"))
    )
    here = given.filter(pl.col("_g"))
    if here.height:
        register = register.filter(~by_code("upn", ids, given.get_column("_g")).fill_null(False))
    shown = guests.filter(pl.col(key).is_in(here.get_column("_k").implode())).sort(key)
    if shown.height:
        n = shown.height
        names = [
            f"{r[key]} ({r['name']})" if r.get("name") else str(r[key])
            for r in shown.head(MAX_NAMED).iter_rows(named=True)
        ]
        more = f" and {n - MAX_NAMED} more" if n > MAX_NAMED else ""
        warnings.append(
            f"{n} pupil{'s' if n != 1 else ''} the pupil list {pupils.path} gives as a guest "
            f"(enrolment status G: on another school's roll) {'are' if n != 1 else 'is'} not "
            f"on this school's roll, so their marks are left out "
            f"and they are not checked: {', '.join(names)}{more}; their own school follows "
            "up their attendance"
        )
    return register, pupils.without_guests()


def _refuse_list_of_other_dates(
    register: pl.DataFrame, pupils: PupilList, upns: pl.Series
) -> None:
    """Refuse a pupil list by whose dates none of the exports' pupils (``upns``, each in
    the list) was on roll on any day of the exports (last year's list, a leavers'
    report): every mark would be outside the time on roll, and nothing left to check
    (check and register-check failed on the empty register)."""
    listed = pupils.pupils
    dates = [d for d in ("joined", "left") if d in listed.columns]
    if not dates:
        return
    given = listed.select("upn", *dates).filter(pl.col("upn").is_in(upns.implode()))
    if given.get_column("upn").n_unique() < upns.len():
        return  # a pupil of the exports not in the list is on roll by their marks
    lo, hi = register.select(pl.col("date").min().alias("lo"), pl.col("date").max()).row(0)
    if lo is None:
        return
    on_roll = pl.lit(True)
    if "joined" in dates:
        on_roll = on_roll & (pl.col("joined").is_null() | (pl.col("joined") <= hi))
    if "left" in dates:
        on_roll = on_roll & (pl.col("left").is_null() | (pl.col("left") >= lo))
    if given.filter(on_roll).height:
        return
    row = given.sort("upn").row(0, named=True)
    spell = " and ".join(
        f"{'joined' if d == 'joined' else 'left'} {row[d]:%d/%m/%Y}"
        for d in dates
        if row[d] is not None
    )
    m = upns.len()
    raise InputError(
        f"by the pupil list's dates none of the exports' {m} pupil{'s' if m != 1 else ''} "
        f"was on roll on any day of the exports ({lo:%d/%m/%Y} to {hi:%d/%m/%Y}): e.g. "
        f"{row['upn']} {spell}, so every mark would be outside the time on roll (an old "
        "list, or a leavers' report?)",
        file=pupils.path,
        hint="give the pupil list as the MIS has it now, with each pupil's joining and "
        "leaving dates, or leave out --pupils",
    )


#: What a pupil list gives a pupil whose register rows leave it blank (an attendance
#: export without a date of birth or a year column): a register keyed by UPN took none
#: of it, so cme said "born ?" and the LA's register-check file had no date of birth.
LISTED_DETAILS = ("dob", "year_group", "reg_group")


def _listed_details(register: pl.DataFrame, pupils: PupilList, upns: pl.Series) -> pl.DataFrame:
    """The register's blank date of birth, year and registration group filled from the
    pupil list, matched on the UPN (a register keyed by an MIS id already took them in
    :func:`_identify`).  The register's own values stand: it is the record of each
    session, and a pupil who moved form has the group of each day in it.  Costs nothing
    when no list is given or the register gives every value (a null count); else the
    UPNs are looked up once each (:func:`attcli.lookup.by_code`; ``upns``: the register's
    distinct UPNs, a guest's left out of it or not)."""
    if "upn" not in pupils.pupils.columns:
        return register
    fields = [
        f
        for f in LISTED_DETAILS
        if f in pupils.pupils.columns and f in register.columns and register[f].null_count()
    ]
    if not fields:
        return register
    from attcli.lookup import by_code

    given = (
        pl.DataFrame({"upn": upns.cast(pl.Utf8)})
        .with_row_index("_i")
        .join(
            pupils.pupils.select("upn", *fields).unique("upn", keep="first"),
            on="upn",
            how="left",
        )
        .sort("_i")
    )
    # a date of birth is the child's, not a row's: one export's blank rows take the
    # pupil's own (the latest) from the exports that give it, before the list's (its
    # difference from the list is said by _births_against_list; docs/decisions.md).  Only
    # when some rows give one: an export with no date of birth at all costs nothing more
    own: list[pl.Expr] = []
    if "dob" in fields and register["dob"].null_count() < register.height:
        known = (
            register.lazy()
            .filter(pl.col("dob").is_not_null())
            .group_by(pl.col("upn").cast(pl.Utf8))
            .agg(pl.col("dob").sort_by("date").last().alias("_own"))
            .collect()
        )
        mine = given.join(known, on="upn", how="left").sort("_i").get_column("_own")
        own = [by_code("upn", upns, mine).cast(register.schema["dob"])]
    return register.with_columns(
        pl.coalesce(
            pl.col(f),
            *(own if f == "dob" else []),
            by_code("upn", upns, given.get_column(f)).cast(register.schema[f]),
        ).alias(f)
        for f in fields
    )


def _mis_id_warning(header: str) -> str:
    return (
        f"pupils are identified by their MIS id (column {header!r}): give --pupils FILE with "
        "UPNs and names for letters and LA files"
    )


def _roll_dates(
    register: pl.DataFrame,
    pupils: PupilList | None,
    warnings: list[str],
    config: Config | None = None,
) -> pl.DataFrame:
    """Each register pupil's joining and leaving dates from the pupil list.

    A trust's list (``config`` gives ``[schools]``, or is one of its schools') is of every
    school's enrolments: a
    pupil who moved between its schools is listed at each, and each row is its own
    school's (:func:`_each_school_s_own`), never two spells on roll at every school."""
    empty = pl.DataFrame(schema=ROLL_DATES_SCHEMA)
    if pupils is None:
        return empty
    listed = pupils.pupils
    dates = [f for f in ("joined", "left") if f in listed.columns]
    if not dates:
        return empty
    on = "upn" if "upn" in listed.columns else "mis_id"
    if on not in register.columns:
        return empty
    note_other_children(register, pupils, warnings)  # (sweep layouts10)
    who = (
        register.select("school", "upn", *([on] if on != "upn" else []))
        .unique()
        .with_columns(pl.col("school", "upn").cast(pl.Utf8))
    )
    who = who.with_columns(
        pl.col(on).str.to_uppercase().alias("_key") if on == "upn" else pl.col(on).alias("_key")
    )
    trust = config is not None and bool(config.schools or config.school_key)
    where = ["school"] if trust and "school" in listed.columns else []
    given = listed.select(pl.col(on).alias("_key"), *dates, *where)
    if pupils.spells is not None:  # a pupil who left and came back: a row a spell
        spells = pupils.spells.select(
            pl.col(pupils.key).alias("_key"),
            *dates,
            *(c for c in where if c in pupils.spells.columns),
        )
        given = pl.concat(
            [given.join(spells, on="_key", how="anti"), spells], how="diagonal_relaxed"
        )
    if trust:
        assert config is not None
        out, given = _each_school_s_own(register, who, given, dates, config, pupils.path, warnings)
        missing = who.join(out, on=["school", "upn"], how="anti", nulls_equal=True)
    else:
        from ._pupils import refuse_two_schools

        refuse_two_schools(pupils)
        out = who.join(given, on="_key", how="left")
        missing = out.filter(pl.all_horizontal(pl.col(d).is_null() for d in dates))
        missing = missing.join(given.select("_key"), on="_key", how="anti")
    if missing.height:
        n = missing.height
        shown = ", ".join(sorted(missing.get_column("upn").to_list())[:10])
        more = f" and {n - 10} more" if n > 10 else ""
        warnings.append(
            f"{n} pupil{'s' if n != 1 else ''} in the register {'are' if n != 1 else 'is'} not "
            f"in the pupil list {pupils.path}, so when they joined and left is not known: "
            f"{shown}{more}"
        )
    warnings += _listed_with_no_row(register, listed, given, who, pupils.path, on)
    out = out.join(given.select("_key"), on="_key", how="semi")
    cols = [
        pl.col(d) if d in out.columns else pl.lit(None, pl.Date).alias(d)
        for d in ("joined", "left")
    ]
    return out.select("school", "upn", *cols).sort("school", "upn", nulls_last=False)


def _school_of(config: Config) -> Callable[[str | None], str | None]:
    """The ``[schools]`` key a School column's text names in the trust ``config`` (or one
    school's run of it), "\0" for none of them, None for a blank."""
    from attcli.config import SchoolSection

    # (a school's own run of a trust's, Config.for_school, knows its own names only)
    sections = config.schools or (SchoolSection(config.school_key, config.school, ()),)

    def section_of(text: str | None) -> str | None:
        if text is None or not text.strip():
            return None
        return next((x.key for x in sections if x.known_as(text)), "\0")

    return section_of


def _each_school_s_own(
    register: pl.DataFrame,
    who: pl.DataFrame,
    given: pl.DataFrame,
    dates: list[str],
    config: Config,
    path: str,
    notes: list[str],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``who`` (the register's pupils: school text, upn, ``_key``) joined with the list's
    rows ``given`` (``_key``, dates, and ``school`` when the list has a School column) of
    their own school, in a trust's workspace: a list row whose School names a school of
    ``[schools]`` (:meth:`attcli.config.SchoolSection.known_as`) is that school's only (one
    naming none of them is no school's), as a register row with no School column is the
    school its load is for (``config.school_key``).  Without a School column, a row (a
    spell) of a pupil the register holds at two schools or more is the school's whose rows
    of the pupil fall in it, where some do (the trust's shared export holds each school's
    rows): a mover's enrolment at Ash is no spell on roll at Birch; a spell with no row at
    any stays every school's, as before, and ``notes`` says when one in the exports' dates
    has no row of the pupil at all (``path``: the list's).  With the rows of ``given`` of
    these exports' schools (a School column naming another school's are not theirs: not
    said to have no row in them)."""
    from attcli.config import SchoolSection

    # (a school's own run of a trust's, Config.for_school, knows its own names only)
    sections = config.schools or (SchoolSection(config.school_key, config.school, ()),)
    section_of = _school_of(config)
    own = config.school_key or None
    schools = who.get_column("school").unique().to_list()
    keys = {t: (section_of(t) if t is not None else own) for t in schools}
    sk = pl.col("school").replace_strict(keys, default=None, return_dtype=pl.Utf8)
    pupils = who.with_columns(sk.alias("_wsk"))
    rows = given.with_row_index("_sp")
    if "school" in rows.columns:
        texts = rows.get_column("school").cast(pl.Utf8).unique().to_list()
        named = {t: section_of(t) for t in texts if t is not None}
        rows = rows.with_columns(
            pl.col("school").cast(pl.Utf8).replace_strict(named, default=None, return_dtype=pl.Utf8)
            .alias("_gsk")
        ).drop("school")
        matched = pupils.join(rows, on="_key", how="inner").filter(
            pl.col("_gsk").is_null() | (pl.col("_gsk") == pl.col("_wsk"))
        )
        here = [k for k in keys.values() if k is not None]
        mine = rows.filter(pl.col("_gsk").is_null() | pl.col("_gsk").is_in(here))
        given = mine.drop("_sp", "_gsk")
        notes += _enrolled_with_no_row(register, pupils, mine, sections, path)
    else:
        matched = pupils.join(rows, on="_key", how="inner")
        # the rows of the pupils listed more than once (spells) or the register holds at
        # two schools or more, and the schools' rows of the pupil in each
        many = pupils.group_by("_key").len().filter(pl.col("len") > 1).select("_key")
        twice = rows.group_by("_key").len().filter(pl.col("len") > 1).select("_key")
        spells = rows.join(pl.concat([many, twice]).unique(), on="_key", how="semi").join(
            pupils.select("_key").unique(), on="_key", how="semi"
        )
        if spells.height:
            ends = [pl.col("joined") if "joined" in spells.columns else pl.lit(None, pl.Date),
                    pl.col("left") if "left" in spells.columns else pl.lit(None, pl.Date)]  # fmt: skip
            spans = spells.select("_key", "_sp", ends[0].alias("_from"), ends[1].alias("_to"))
            marked = (
                register.select(pl.col("school").cast(pl.Utf8), pl.col("upn").cast(pl.Utf8), "date")
                .join(
                    pupils.select("school", "upn", "_key"), on=["school", "upn"], nulls_equal=True
                )
                .join(spans, on="_key")
                .filter(
                    (pl.col("date") >= pl.col("_from").fill_null(dt.date.min))
                    & (pl.col("_to").is_null() | (pl.col("date") <= pl.col("_to")))
                )
                .select("school", "upn", "_sp")
                .unique()
            )
            # a pupil the register holds at two schools or more: each row the school's
            # whose rows fall in it
            placed = marked.join(
                spans.join(many, on="_key", how="semi").select("_sp"), on="_sp", how="semi"
            )
            matched = pl.concat(
                [
                    matched.join(placed.select("_sp").unique(), on="_sp", how="anti"),
                    matched.join(placed, on=["school", "upn", "_sp"], how="semi", nulls_equal=True),
                ]
            )
            # a spell in the exports' dates with no row of the pupil in them: another school's?
            lo, hi = register.select(
                pl.col("date").min().alias("lo"), pl.col("date").max().alias("hi")
            ).row(0)
            unseen = (
                spans.join(marked.select("_sp").unique(), on="_sp", how="anti")
                .filter(
                    (pl.col("_from").is_null() | (pl.col("_from") <= hi))
                    & (pl.col("_to").is_null() | (pl.col("_to") >= lo))
                )
                .sort("_key", "_sp")
            )
            if unseen.height:
                n = unseen.height
                shown = ", ".join(
                    f"{k} {a:%d/%m/%Y} to {b:%d/%m/%Y}" if a and b
                    else f"{k} from {a:%d/%m/%Y}" if a else f"{k} to {b:%d/%m/%Y}"
                    for k, a, b in unseen.select("_key", "_from", "_to").rows()[:MAX_NAMED]
                )  # fmt: skip
                more = f" and {n - MAX_NAMED} more" if n > MAX_NAMED else ""
                notes.append(
                    f"{n} time{'s' if n != 1 else ''} on roll the pupil list {path} gives "
                    f"({shown}{more}) {'have' if n != 1 else 'has'} no row of the pupil in "
                    "the exports, so the pupil is taken as on roll then, with missing marks: "
                    "if the pupil moved to another of the trust's schools, give the list a "
                    "School column naming each row's school, so that each school's roll is "
                    "its own"
                )
    return matched.sort("_sp").select("school", "upn", "_key", *dates), given


def _enrolled_with_no_row(
    register: pl.DataFrame,
    pupils: pl.DataFrame,
    rows: pl.DataFrame,
    sections: Sequence[Any],
    path: str,
) -> list[str]:
    """A note naming the pupils a trust's list has on roll at one of these exports' schools
    (its School column, ``rows``' ``_gsk``) in the exports' dates who have no row at that
    school, though they have at another (``pupils``: the register's, ``_wsk`` each school's
    key): a mover who left Ash and has not appeared at Birch was said nowhere (a pupil with
    no row at all is :func:`_listed_with_no_row`'s)."""
    lo, hi = register.select(
        pl.col("date").min().alias("lo"), pl.col("date").max().alias("hi")
    ).row(0)
    if lo is None or "_gsk" not in rows.columns:
        return []
    on_roll = pl.col("_gsk").is_not_null() & _listed_on_roll(rows.columns, lo, hi)
    seen = pupils.select("_key", pl.col("_wsk").alias("_gsk")).unique()
    absent = (
        rows.filter(on_roll)
        .join(pupils.select("_key").unique(), on="_key", how="semi")
        .join(seen, on=["_key", "_gsk"], how="anti", nulls_equal=True)
        .unique(["_key", "_gsk"], maintain_order=True)
        .sort("_key")
    )
    if not absent.height:
        return []
    names = {x.key: x.school.name for x in sections}
    n = absent.height
    shown = ", ".join(
        f"{r['_key']} ({names.get(r['_gsk'], r['_gsk'])}"
        + (f" from {r['joined']:%d/%m/%Y}" if r.get("joined") else "")
        + ")"
        for r in absent.head(MAX_NAMED).iter_rows(named=True)
    )
    more = f" and {n - MAX_NAMED} more" if n > MAX_NAMED else ""
    return [
        f"{n} pupil{'s' if n != 1 else ''} the pupil list {path} has on roll at a school in "
        f"the exports' dates {'have' if n != 1 else 'has'} no row at that school in them, so "
        f"{'are' if n != 1 else 'is'} not checked there: {shown}{more}; export their register "
        "too, or, if the pupil never arrived, follow it up as a child who may be missing "
        "education"
    ]


#: Pupils named in a note before "and N more".
MAX_NAMED = 10


def _listed_on_roll(columns: Collection[str], lo: dt.date, hi: dt.date) -> pl.Expr:
    """Whether a pupil list's row (its ``joined`` and ``left`` columns, where it has them)
    is on roll on some day from ``lo`` to ``hi``, both included: joined by ``hi`` and not
    left before ``lo`` (a date not given: on roll).  The one rule of which listed pupils
    the exports' dates hold (:func:`_enrolled_with_no_row`, :func:`_listed_with_no_row`)."""
    on_roll = pl.lit(True)
    if "joined" in columns:
        on_roll = on_roll & (pl.col("joined").is_null() | (pl.col("joined") <= hi))
    if "left" in columns:
        on_roll = on_roll & (pl.col("left").is_null() | (pl.col("left") >= lo))
    return on_roll


def _listed_with_no_row(
    register: pl.DataFrame,
    listed: pl.DataFrame,
    given: pl.DataFrame,
    who: pl.DataFrame,
    path: str,
    on: str,
) -> list[str]:
    """A note naming the pupils the list has on roll on some day of the exports (joined by
    their last day, not left before their first) who have no row in them: no figure can
    be made for them, and without the note they vanished (sweep6).  They are not made into
    missing rows: an export of one year group given with the whole school's list would
    bury the check under a year group's."""
    dates = register.select(pl.col("date").min().alias("lo"), pl.col("date").max().alias("hi"))
    lo, hi = dates.row(0)
    if lo is None:
        return []
    absent = (
        given.join(who.select("_key").unique(), on="_key", how="anti")
        .filter(_listed_on_roll(given.columns, lo, hi))
        .unique("_key", maintain_order=True)  # (a pupil listed with two spells: once)
    )
    if not absent.height:
        return []
    # each named by UPN where the list gives one (a list keyed by MIS id may), and name
    names = listed.select(
        pl.col(on).alias("_key"),
        (pl.col("upn") if "upn" in listed.columns else pl.col(on)).alias("_id"),
        (pl.col("name") if "name" in listed.columns else pl.lit(None, pl.Utf8)).alias("_name"),
    ).unique("_key")
    rows = absent.join(names, on="_key", how="left").sort("_id").select("_id", "_name").rows()
    n = len(rows)
    shown = ", ".join(f"{k} ({name})" if name else k for k, name in rows[:MAX_NAMED])
    more = f" and {n - MAX_NAMED} more" if n > MAX_NAMED else ""
    return [
        f"{n} pupil{'s' if n != 1 else ''} the pupil list {path} has on roll in the exports' "
        f"dates {'have' if n != 1 else 'has'} no row in the exports, so "
        f"{'are' if n != 1 else 'is'} not checked: {shown}{more}; export their register too "
        "(or give the list of the exports' pupils)"
    ]


#: A later export that begins after an earlier one ends leaves out, of the pupils on roll
#: on the earlier one's last day, a whole year or registration group of this many pupils
#: or more, or this many pupils of any groups: a filtered export (:func:`_left_out`).
GROUP_MIN = 2
MANY_LEFT = 10


def _left_out(register: pl.DataFrame, reports: list[FileReport]) -> list[str]:
    """A note when later exports (their data ends later) leave out pupils an earlier one
    has: the pupils are taken as having left (their marks end), which a filtered export
    would do silently.  Only the schools the later exports hold are compared.

    A later export that covers days on which the earlier one has a pupil's marks, and has
    no row for the pupil at all: each such pupil is named (a cumulative export).  Later
    exports that begin after the earlier one ends (week-only exports): pupils on roll on
    its last day and in none of the exports that end later are named when they are a
    whole year or registration group (:data:`GROUP_MIN` pupils or more) or
    :data:`MANY_LEFT` pupils or more; a pupil or two leaving on a Friday is no filter, nor
    a whole Year 11 between July's export and September's (a new school year).  Read
    before the duplicate rows are removed (a later export's rows the earlier one repeats
    are the pupil's too)."""
    dated = [r for r in reports if r.first_date is not None and r.last_date is not None]
    if len(dated) < 2:
        return []
    # a pupil's dates in an export are those of the cells written: a wide grid's blank
    # cells after a leaver's last mark are no days of theirs (DOMAIN.md 1)
    blank = _blank_mark(register.get_column("raw_mark"))
    spans = (
        (register if blank is None else register.filter(~blank))
        .group_by("source", "school", "upn")
        .agg(
            pl.col("date").min().alias("_from"),
            pl.col("date").max().alias("_to"),
            *(pl.col(g).sort_by("date").last().cast(pl.Utf8) for g in ("year_group", "reg_group")),
        )
        .with_columns(pl.col("source").cast(pl.Utf8))
    )
    by_file = spans.partition_by("source", as_dict=True, include_key=False)

    def rows(report: FileReport) -> pl.DataFrame:
        return by_file.get((report.path,), spans.clear())

    notes = []
    for earlier in dated:
        assert earlier.last_date is not None
        mine = rows(earlier)
        later = [r for r in dated if r.last_date > earlier.last_date]  # type: ignore[operator]
        said = mine.clear()
        for covering in (r for r in later if r.first_date <= earlier.last_date):  # type: ignore[operator]
            held = rows(covering).select("school", "upn")
            seen = mine.filter(
                (pl.col("_to") >= covering.first_date) & (pl.col("_from") <= covering.last_date)
            ).join(held.select("school").unique(), on="school", how="semi", nulls_equal=True)
            gone = seen.join(held, on=["school", "upn"], how="anti", nulls_equal=True)
            if gone.height:
                notes.append(_left_out_note(earlier, [covering], gone, seen))
                said = pl.concat([said, gone])
        after = [r for r in later if r.first_date > earlier.last_date]  # type: ignore[operator]
        if not after:
            continue
        begins = min(r.first_date for r in after)  # type: ignore[type-var]
        if _school_year(begins) != _school_year(earlier.last_date):
            continue  # a new school year: last year's leavers (Year 11, Year 6) go
        held = pl.concat([rows(r).select("school", "upn") for r in later])
        on_roll = mine.filter(pl.col("_to") == earlier.last_date).join(
            held.select("school").unique(), on="school", how="semi", nulls_equal=True
        )
        gone = (
            on_roll.join(held, on=["school", "upn"], how="anti", nulls_equal=True)
            .join(said, on=["school", "upn"], how="anti", nulls_equal=True)
        )
        if gone.height < MANY_LEFT:
            gone = gone.join(
                _whole_groups(gone, on_roll)[1], on=["school", "upn"], how="semi", nulls_equal=True
            )
        if gone.height:
            notes.append(_left_out_note(earlier, after, gone, on_roll))
    return notes


def _no_row_where_marked(register: pl.DataFrame, reports: list[FileReport]) -> None:
    """Refuse a later export (its data ends later) that holds a pupil and a session (some
    pupil's row: an export may begin or end at lunchtime) but has no row for the pupil's
    session there after the pupil's first row in it (a hole among their rows, or after the
    last), where an earlier export has a mark that
    counts (present or absent; a not-possible mark, an INSET day's ``#``, changes no figure): the
    long layout's blank cell beside a mark, a disagreement (DOMAIN.md 12: "never
    guessed"), where the earlier mark counted silently (sweep6 case3: a leaving date
    moved back in the MIS; 10 N sessions it no longer holds made a pupil severe).  Only
    between exports one of which covers the other's days (cumulative ones): week-only
    exports do not overlap.  Read before the duplicate rows are removed."""
    from attcli.roll import ord_expr

    dated = [r for r in reports if r.first_date is not None and r.last_date is not None]
    pairs = [
        (e, c)
        for e in dated
        for c in dated
        if c.last_date > e.last_date and c.first_date <= e.last_date  # type: ignore[operator]
    ]
    if not pairs:
        return
    cols = ["school", "upn", "date", "session"]
    frame = register.select(
        pl.col("source").cast(pl.Utf8), *cols, "raw_mark", "category", "line"
    ).with_columns(pl.col("school", "upn").cast(pl.Utf8), pl.col("session").cast(pl.Utf8))
    by_file = frame.partition_by("source", as_dict=True, include_key=False)
    for earlier, covering in pairs:
        later = by_file.get((covering.path,))
        mine = by_file.get((earlier.path,))
        if later is None or mine is None:
            continue
        first_row = later.group_by("school", "upn").agg(ord_expr().min().alias("_first"))
        opening = later.get_column("upn")[later.get_column("line").arg_min()]  # (its first)
        # the sessions between the later export's first and last (it may begin or end at
        # lunchtime): one it holds for no pupil is a day (or half day) whether the school
        # had is what the exports disagree on, as a wide grid's column blank for everyone
        # beside the earlier export's marks is (a conflict of each cell)
        span = later.select(ord_expr().min().alias("a"), ord_expr().max().alias("b")).row(0)
        lacking = (
            mine.filter(
                pl.col("category").cast(pl.Utf8).is_in(POSSIBLE_CATEGORIES)
                & pl.col("date").is_between(covering.first_date, covering.last_date)
                & ord_expr().is_between(*span)
            )
            .join(later.select("school", "upn").unique(), on=["school", "upn"], how="semi",
                  nulls_equal=True)
            .join(later.select(cols), on=cols, how="anti", nulls_equal=True)
            # after the pupil's first row in the later export (a hole among their rows,
            # or after the last), or before it (a joining date moved in the MIS since) but
            # where a split leaves rows out: an export split in two files at a row (a long
            # export past a spreadsheet's rows) leaves the second without the rows before
            # its first of the pupil it begins with (sorted by pupil), or of its first
            # date's sessions (sorted by date), which the first file holds
            .join(first_row, on=["school", "upn"], nulls_equal=True)
            .filter(
                (ord_expr() > pl.col("_first"))
                | ((pl.col("upn") != opening) & (pl.col("date") > covering.first_date))
            )
            .drop("_first")
            .sort("upn", "date", "session")
        )  # fmt: skip
        if not lacking.height:
            _no_roll_where_dashed(earlier, covering, later, mine, span, opening)
            continue
        _no_session_where_marked(earlier, covering, later, lacking)
        first = lacking.row(0, named=True)
        spans = later.filter(pl.col("upn") == first["upn"]).select(
            pl.col("date").min().alias("a"), pl.col("date").max().alias("b")
        )
        a, b = spans.row(0)
        n = lacking.select("school", "upn").unique().height
        k = lacking.height
        raise input_error(
            f"{shown(covering.path)} has no row for {n} pupil{'s' if n != 1 else ''} on days "
            f"it holds where the earlier export {shown(earlier.path)} has their marks ({k} session"
            f"{'s' if k != 1 else ''}, e.g. {first['upn']} {first['date']:%d/%m/%Y} "
            f"{first['session']} {_quoted(first['raw_mark'])} in {unit(earlier.path)} {first['line']}; "
            f"{first['upn']}'s rows there run "
            f"{a:%d/%m/%Y} to {b:%d/%m/%Y}): their time on roll or marks differ between the "
            "exports",
            hint="correct the export that is wrong (a leaving date changed in the MIS since "
            "the earlier one was made?), or load only one export for these dates",
        )


def _no_roll_where_dashed(
    earlier: FileReport,
    covering: FileReport,
    later: pl.DataFrame,
    mine: pl.DataFrame,
    span: tuple[int, int],
    opening: object,
) -> None:
    """Refuse an earlier export's `-` (no mark recorded: a session inside the pupil's time
    on roll, DOMAIN.md 1) where the later export has the pupil off roll: no written mark
    there (a blank cell or no row) after the pupil's last written mark in it, or before
    the first (a joining date moved later, where a split leaves no rows out: as
    :func:`_no_row_where_marked`).  A leaving date moved back in the MIS since: the `-`
    stood, and the check said the pupil left days later with missing marks "to fix in the
    MIS" that the MIS no longer holds, where the same disagreement with a mark was refused
    (DOMAIN.md 12: "never guessed"; sweep oracle12 left it, decided 7 December).  A `-`
    where the later export also has the session inside the time on roll (a hole among the
    pupil's rows, a blank between two marks, a mark filling it in) is no disagreement."""
    from attcli.roll import ord_expr

    dashes = mine.filter(
        (pl.col("category").cast(pl.Utf8) == Category.MISSING.value)
        & pl.col("raw_mark").is_not_null()
        & pl.col("date").is_between(covering.first_date, covering.last_date)
        & ord_expr().is_between(*span)
    )
    if not dashes.height:
        return
    pupils = later.select("school", "upn").unique()
    written = (
        later.filter(pl.col("raw_mark").is_not_null())
        .group_by("school", "upn")
        .agg(ord_expr().min().alias("_first"), ord_expr().max().alias("_last"),
             pl.col("date").min().alias("_a"), pl.col("date").max().alias("_b"))
    )  # fmt: skip
    outside = (
        dashes.join(pupils, on=["school", "upn"], how="semi", nulls_equal=True)
        .join(written, on=["school", "upn"], how="left", nulls_equal=True)
        .filter(
            pl.col("_last").is_null()
            | (ord_expr() > pl.col("_last"))
            | ((ord_expr() < pl.col("_first")) & (pl.col("upn") != opening)
               & (pl.col("date") > covering.first_date))
        )
        .sort("upn", "date", "session")
    )  # fmt: skip
    if not outside.height:
        return
    first = outside.row(0, named=True)
    n = outside.select("school", "upn").unique().height
    k = outside.height
    upn = first["upn"]
    marks = (
        f"{upn}'s marks there run {first['_a']:%d/%m/%Y} to {first['_b']:%d/%m/%Y}"
        if first["_a"] is not None
        else f"{upn} has no mark there"
    )
    raise input_error(
        f"{shown(covering.path)} has no mark for {n} pupil{'s' if n != 1 else ''} on days it "
        f"holds where the earlier export {shown(earlier.path)} has '-' (no mark recorded) "
        f"inside their time on roll ({k} session{'s' if k != 1 else ''}, e.g. {upn} "
        f"{first['date']:%d/%m/%Y} {first['session']} in {unit(earlier.path)} {first['line']}; "
        f"{marks}): whether {'they were' if n != 1 else 'the pupil was'} on roll then "
        "differs between the exports",
        hint="if a leaving or joining date changed in the MIS since the earlier export "
        "was made, load only the later export for these dates; else correct the export "
        "that is wrong",
    )


def _no_session_where_marked(
    earlier: FileReport, covering: FileReport, later: pl.DataFrame, lacking: pl.DataFrame
) -> None:
    """Refuse, in one line, the sessions among ``lacking`` (the earlier export's marks
    the later export has no row for) that the later export holds for no pupil at all,
    inside its dates: whether the school had that session differs between the exports
    (a day made a non-school day in the MIS since, or left out of the later report), and
    the earlier export's marks counted silently where the same later register as a wide
    grid with the day's cells blank was refused (docs/decisions.md, corrections2)."""
    held = later.select("school", "date", "session").unique()
    gone = lacking.join(held, on=["school", "date", "session"], how="anti", nulls_equal=True)
    if not gone.height:
        return
    days = (
        gone.select("date", "session").unique()
        .group_by("date").agg(pl.col("session").unique().sort())
        .sort("date")
    )  # fmt: skip
    shown_days = [
        f"{day:%d/%m/%Y}" + ("" if len(ss) == 2 else f" {ss[0]}")
        for day, ss in days.head(3).iter_rows()
    ]
    more = f" and {days.height - 3} more day{'s' if days.height != 4 else ''}" if days.height > 3 else ""
    first = gone.row(0, named=True)
    k = gone.height
    raise input_error(
        f"{shown(covering.path)} holds no session on {', '.join(shown_days)}{more}, inside "
        f"its dates ({covering.first_date:%d/%m/%Y} to {covering.last_date:%d/%m/%Y}), where "
        f"the earlier export {shown(earlier.path)} has marks ({k} session{'s' if k != 1 else ''}, e.g. "
        f"{first['upn']} {first['date']:%d/%m/%Y} {first['session']} "
        f"{_quoted(first['raw_mark'])} in {unit(earlier.path)} {first['line']}): whether the "
        "school had those sessions differs between the exports",
        hint="correct the export that is wrong (a day made an INSET or closure day in the "
        "MIS since the earlier one was made has '#' or 'Y' marks; a report that leaves days "
        "out?), or load only one export for these dates",
    )


def _school_year(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _group_label(field: str, value: str) -> str:
    if field == "reg_group":
        return f"registration group {value}"
    return year_group_label(value)


def _whole_groups(gone: pl.DataFrame, population: pl.DataFrame) -> tuple[list[str], pl.DataFrame]:
    """The year groups, then the registration groups outside them, of :data:`GROUP_MIN`
    pupils or more in ``population`` every one of whom is in ``gone``: their labels, and
    the pupils (school, upn) they hold."""
    labels: list[str] = []
    covered = gone.clear().select("school", "upn")
    for f in ("year_group", "reg_group"):
        rest = gone.join(covered, on=["school", "upn"], how="anti", nulls_equal=True)
        size = population.filter(pl.col(f).is_not_null()).group_by("school", f).len("_all")
        lost = rest.filter(pl.col(f).is_not_null()).group_by("school", f).len("_gone")
        whole = (
            lost.join(size, on=["school", f], nulls_equal=True)
            .filter((pl.col("_gone") == pl.col("_all")) & (pl.col("_all") >= GROUP_MIN))
            # (Year 7 before Year 10: in the year's order, not the text's)
            .sort(year_order(f) if f == "year_group" else pl.col(f), f)
        )
        labels += [_group_label(f, v) for v in whole.get_column(f).to_list()]
        held = rest.join(whole.select("school", f), on=["school", f], nulls_equal=True)
        covered = pl.concat([covered, held.select("school", "upn")])
    return labels, covered


def _left_out_note(
    earlier: FileReport, later: list[FileReport], gone: pl.DataFrame, population: pl.DataFrame
) -> str:
    """One line naming the pupils of ``earlier`` (``gone``, of ``population``) that the
    ``later`` exports leave out, with the whole groups they make."""
    gone = gone.sort("upn")
    n = gone.height
    upto = gone.get_column("_to").max()
    upns = gone.get_column("upn").cast(pl.Utf8).to_list()
    if n == 1:
        who = f"{upns[0]} is"
    else:
        more = f" and {n - MAX_NAMED} more" if n > MAX_NAMED else ""
        listed = f"{', '.join(upns[:MAX_NAMED])}{more}"
        groups, covered = _whole_groups(gone, population)
        of = " and ".join(groups)
        if not groups:
            who = f"{n} pupils ({listed}) are"
        elif covered.height == n:
            who = f"{n} pupils of {of} ({listed}) are"
        else:
            others = n - covered.height
            s = "s" if others != 1 else ""
            who = f"{n} pupils, all of {of} and {others} other{s} ({listed}) are"
    first = min(r.first_date for r in later)  # type: ignore[type-var]
    last = max(r.last_date for r in later)  # type: ignore[type-var]
    if len(later) == 1:
        where, them = f"not in {later[0].path}, which covers", f"{later[0].path} leaves"
    else:
        names = [r.path for r in later]
        where = f"in none of {', '.join(names[:-1])} and {names[-1]}, which cover"
        them = "they leave"
    return (
        f"{who} in {earlier.path} up to {upto:%d/%m/%Y} but {where} "
        f"{first:%d/%m/%Y} to {last:%d/%m/%Y}: taken as having left; if not, {them} pupils "
        "out (a filtered export?)"
    )


def _where(source: str, line: int) -> str:
    """A file's line as a message names it, the file's name shown with its escapes (a line
    break in it split the conflicting marks' list with a line of its own: sweep hostile4)."""
    return f"{shown(source)} {unit(source)} {line}"


#: The provisional code a later export may replace (DOMAIN.md 12).
PROVISIONAL = "N"


def _morning_ends(register: pl.DataFrame, ends: Mapping[str, object]) -> set[str]:
    """The exports whose last marked session is their last day's morning (a week's export
    made at Friday lunchtime, its Friday afternoon blank or without rows): looked at only
    when sessions differ between exports and two of them end on one day."""
    last = pl.col("date").cast(pl.Int64) * 2 + (pl.col("session") == "PM").cast(pl.Int64)
    found = (
        register.filter(pl.col("mark") != MISSING_MARK)
        .group_by(pl.col("source").cast(pl.Utf8))
        .agg(pl.col("date").max(), last.max().alias("_last"))
    )
    return {
        str(source)
        for source, day, session in found.iter_rows()
        if ends.get(str(source)) == day and session % 2 == 0
    }


def _resolve(
    rows: list[dict], ends: Mapping[str, object], ends_am: Collection[str] = ()
) -> tuple[int, dict] | None:
    """For one session's rows with different marks: (order of the row that counts, the
    correction) when the later export corrects an ``N`` with a final code, or fills in a
    session the earlier export left with no mark (``-`` or a blank cell: its register not
    yet taken when it was made); None when it is a conflict.  A later export's no-mark
    never takes a mark away, and a later ``N`` only fills in a no-mark."""
    by_file: dict[str, set[str]] = {}
    for e in rows:
        by_file.setdefault(e["source"], set()).add(e["mark"])
    if any(len(m) > 1 for m in by_file.values()):
        return None  # two marks for the session in one file
    latest_end = max(ends.get(f) for f in by_file)  # type: ignore[type-var]
    latest = [f for f in by_file if ends.get(f) == latest_end]
    if len(latest) > 1 and any(f not in ends_am for f in latest):
        # of exports ending on one day, one made before that afternoon's register is the
        # earlier (its last marked session the morning's; the other's the afternoon's)
        latest = [f for f in latest if f not in ends_am]
    finals = {next(iter(by_file[f])) for f in latest}
    if len(finals) != 1:
        # exports ending on the same day that disagree: which is later cannot be known
        # (ones that agree give the session's mark together, sweep6)
        return None
    final = finals.pop()
    earlier = {f: next(iter(m)) for f, m in by_file.items() if f not in latest}
    if final == MISSING_MARK or not earlier:
        return None
    replaceable = {MISSING_MARK} if final == PROVISIONAL else {PROVISIONAL, MISSING_MARK}
    if any(m not in (replaceable | {final}) for m in earlier.values()):
        return None
    # (of later exports that agree, the first by name: not by the order they were given)
    keep = min((e for e in rows if e["source"] in latest), key=lambda e: (e["source"], e["_order"]))
    # what the session was, whatever the files' order: an N over a no-mark (the N is what
    # DOMAIN.md 12 lists as corrected, a no-mark between is no mark), of the exports that
    # held it the last made (the one the correction came after), then by name
    was_file, was = max(
        sorted((f, m) for f, m in earlier.items() if m in replaceable),
        key=lambda fm: (fm[1] == PROVISIONAL, ends.get(fm[0]) or dt.date.min,
                        fm[0] not in ends_am),
    )  # fmt: skip
    return keep["_order"], {"was": was, "now": final, "file": keep["source"], "was_file": was_file}


def _changed_births(roll: Compact, said: Collection[tuple[str, str]] = ()) -> list[str]:
    """A sentence when a pupil's date of birth differs between their rows (two exports,
    or a correction in the MIS): the latest is used, and compulsory school age (who may
    be fined) follows it, so it is said, not taken silently.  Read off the pupils'
    versions (about one row a pupil), not the marks."""
    v = roll.versions
    if "dob" not in v.columns:
        return []
    changed = (
        v.filter(pl.col("dob").is_not_null())
        .sort("_first")
        .group_by("pid")
        .agg(pl.col("dob").unique(maintain_order=True).alias("dobs"))
        .filter(pl.col("dobs").list.len() > 1)
    )
    if said:  # the pupils the load's notes already name (``said``: school, upn)
        named = pl.DataFrame(list(said), schema={"school": pl.Utf8, "upn": pl.Utf8}, orient="row")
        changed = roll.with_keys(changed).join(named, on=["school", "upn"], how="anti")
    else:
        changed = roll.with_keys(changed)
    if not changed.height:
        return []
    shown = changed.sort("upn").row(0, named=True)
    n = changed.height
    dates = " then ".join(f"{d:%d/%m/%Y}" for d in shown["dobs"])
    whose = "pupils' dates of birth differ" if n != 1 else "pupil's date of birth differs"
    return [
        f"{n} {whose} between rows (the latest is used, and "
        f"compulsory school age follows it), e.g. {shown['upn']}: {dates}: check the MIS"
    ]


def _changed_years(roll: Compact) -> list[str]:
    """A sentence when a pupil's year group changes between their rows within one school
    year: a group is as of a date, so the latest is used, for the year groups' figures too
    (one row typed Year 9 among Year 8's moved the pupil's every session to Year 9), and a
    pupil moves year within a school year only rarely, so it is said.  At the turn of the
    year (Year 7 in July, Year 8 in September) it is no news.  Read off the pupils'
    versions (about one row a pupil), not the marks."""
    v = roll.versions
    if "year_group" not in v.columns:
        return []
    # the stretch's first day (an ord is days since 1970 twice, +1 for PM: roll.ord_expr)
    day = (pl.col("_first") // 2).cast(pl.Int32).cast(pl.Date)
    school_year = day.dt.year() - (day.dt.month() < 9).cast(pl.Int32)
    changed = (
        v.filter(pl.col("year_group").is_not_null())
        .with_columns(school_year.alias("_sy"))
        .sort("_first")
        .group_by("pid", "_sy")
        .agg(pl.col("year_group").unique(maintain_order=True).alias("years"))
        .filter(pl.col("years").list.len() > 1)
        .unique("pid", keep="first")
    )
    if not changed.height:
        return []
    changed = roll.with_keys(changed)
    shown = changed.sort("upn", "_sy").row(0, named=True)
    n = changed.height
    years = " then ".join(year_group_label(str(y)) for y in shown["years"])
    whose = "pupils' year groups change" if n != 1 else "pupil's year group changes"
    return [
        f"{n} {whose} within one school year (the latest is used, for "
        f"the year groups' figures too), e.g. {shown['upn']}: {years} in "
        f"{shown['_sy']}/{(shown['_sy'] + 1) % 100:02d}: check the MIS"
    ]


def _listed_births(pupils: PupilList | None) -> tuple[str, pl.DataFrame] | None:
    """The pupil list's dates of birth by UPN (none null), with its file: None when it
    gives none."""
    if pupils is None or not {"upn", "dob"} <= set(pupils.pupils.columns):
        return None
    given = (
        pupils.pupils.select(pl.col("upn").cast(pl.Utf8), "dob")
        .filter(pl.col("upn").is_not_null() & pl.col("dob").is_not_null())
        .unique("upn", keep="first", maintain_order=True)
    )
    return (pupils.path, given) if given.height else None


def _births_against_list(
    roll: Compact, listed: tuple[str, pl.DataFrame] | None
) -> list[str]:
    """A line when the exports give a pupil a date of birth the pupil list gives otherwise:
    compulsory school age (whether a penalty notice may be quoted) follows it, so two
    records that disagree are said, never one taken silently.  The exports' latest is
    used, as for the pupil's other details (the list fills only what they leave blank:
    :func:`_listed_details`).  Read off the pupils' versions (about one row a pupil)."""
    v = roll.versions
    if listed is None or "dob" not in v.columns:
        return []
    path, given = listed
    latest = (
        v.filter(pl.col("dob").is_not_null())
        .sort("_first")
        .group_by("pid")
        .agg(pl.col("dob").last())
    )
    differing = (
        roll.with_keys(latest)
        .join(given.rename({"dob": "_listed"}), on="upn", how="inner")
        .filter(pl.col("dob") != pl.col("_listed"))
        .sort("upn")
    )
    if not differing.height:
        return []
    n = differing.height
    shown = [
        f"{r['upn']} {r['dob']:%d/%m/%Y} in the exports, {r['_listed']:%d/%m/%Y} in the list"
        for r in differing.head(3).iter_rows(named=True)
    ]
    more = f" and {n - 3} more" if n > 3 else ""
    whose = "pupils' dates of birth differ" if n != 1 else "pupil's date of birth differs"
    return [
        f"{n} {whose} between the exports and the pupil list {path} "
        f"(the exports' is used, and compulsory school age follows it): "
        f"{'; '.join(shown)}{more}: check the MIS"
    ]


def _name_key(column: str) -> pl.Expr:
    """A name compared case- and space-insensitively (``DE  SOUZA `` is ``De Souza``)."""
    return pl.col(column).cast(pl.Utf8).str.replace_all(r"\s+", "").str.to_lowercase()


def _forename_words(name: object) -> list[str]:
    """A forename's words, lower case, accents and punctuation gone (``Chloé`` ->
    ``chloe``, ``Mary-Jane`` -> ``mary jane``)."""
    text = unicodedata.normalize("NFKD", str(name or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+|_", " ", text).split()


def _one_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def other_child(forename: object, other: object) -> bool:
    """Whether two forenames under one UPN are two children's, not one child's spelt two
    ways: not when they read the same without case, accents or punctuation (Chloé,
    Chloe; Mary-Jane, Mary Jane), when one adds a middle name to the other (Aisha, Aisha
    Rani), or when names of five letters or more differ by one (Katherine, Katharine: a
    spelling corrected).  Jack and Jill are two children, and so are Tom and Tim, Leo
    and Leon, Eve and Evie: short names one letter apart are other names (a reviewer's
    siblings were merged unsaid when any one letter was a spelling)."""
    a, b = _forename_words(forename), _forename_words(other)
    if not a or not b or a == b or set(a) <= set(b) or set(b) <= set(a):
        return False
    x, y = "".join(a), "".join(b)
    return min(len(x), len(y)) < SPELT_MIN or not _one_apart(x, y)


#: A forename this long or longer one letter from another is the same name spelt another
#: way (:func:`other_child`); a shorter one is another name (Tom, Tim).
SPELT_MIN = 5


def pupil_identities(roll: Compact) -> pl.DataFrame:
    """Each pupil of a register whose key is a UPN (:data:`UPN_RE`: an MIS id is no
    national number) with the surname, forename and date of birth last recorded: ``upn``,
    ``surname``, ``forename``, ``dob`` (null where the export gives none), a row a pupil.
    What a trust compares across its schools' exports (:func:`upns_of_two_children`);
    read off the pupils' versions (about one row a pupil)."""
    v = roll.versions
    kinds = {"surname": pl.Utf8, "forename": pl.Utf8, "dob": pl.Date}
    latest = v.sort("_first").group_by("pid").agg(
        pl.col(c).drop_nulls().last() if c in v.columns else pl.lit(None, kind).alias(c)
        for c, kind in kinds.items()
    )
    return (
        roll.with_keys(latest)
        .filter(pl.col("upn").str.contains(UPN_RE))
        .select("upn", *(pl.col(c).cast(k) for c, k in kinds.items()))
    )


def upns_of_two_children(
    schools: Sequence[tuple[str, pl.DataFrame]],
) -> list[tuple[str, list[tuple[str, str | None, str | None, dt.date | None]]]]:
    """The UPNs that two schools' exports give to two different children: a UPN is one
    child's nationally.  ``schools``: (school name, :func:`pupil_identities`) each.  Two
    schools' pupils under one UPN are two children when both dates of birth are given and
    differ, or their forenames are two children's (:func:`other_child`); the same child
    otherwise, one who moved from one school to the other (a surname alone changing, or
    a forename spelt another way, is no second child, as within one school).  Each such
    UPN, in order, with every school's (school, surname, forename, dob) of it."""
    rows: dict[str, list[tuple[str, str | None, str | None, dt.date | None]]] = {}
    for name, frame in schools:
        for upn, surname, forename, dob in frame.select("upn", "surname", "forename",
                                                        "dob").iter_rows():  # fmt: skip
            rows.setdefault(upn, []).append((name, surname, forename, dob))

    def two(a: tuple, b: tuple) -> bool:  # type: ignore[type-arg]
        return (a[3] is not None and b[3] is not None and a[3] != b[3]) or other_child(a[2], b[2])

    return [
        (upn, held)
        for upn, held in sorted(rows.items())
        if any(two(a, b) for i, a in enumerate(held) for b in held[i + 1 :])
    ]


def children_of_two_schools(
    schools: Sequence[tuple[str, pl.DataFrame]],
) -> list[tuple[str | None, str | None, dt.date, list[tuple[str, str]]]]:
    """The children two schools' exports hold under two UPNs, one UPN at each: the same
    surname (:func:`_surname_key`), forename (:func:`same_child`) and date of birth at
    two schools under UPNs neither of which the other school holds (a UPN is one child's
    for life, kept from school to school: a mover under one UPN is no such child, nor
    one under two UPNs within one school, which that school's own note says,
    :func:`_one_child_two_upns`).  ``schools``: (school name, :func:`pupil_identities`)
    each.  Each such child, sorted by name: surname, forename, date of birth and its
    (UPN, school name) pairs in the schools' order (sweep leftovers12)."""
    held: dict[str, set[str]] = {}
    people: dict[tuple[object, dt.date], list[tuple[str, str, str | None, str | None]]] = {}
    for name, frame in schools:
        with_key = frame.with_columns(_surname_key("surname").alias("_s"))
        for upn, surname, forename, dob, key in with_key.select(
            "upn", "surname", "forename", "dob", "_s"
        ).iter_rows():
            held.setdefault(name, set()).add(upn)
            if dob is not None and key is not None:
                people.setdefault((key, dob), []).append((name, upn, surname, forename))
    found = []
    for (_, dob), rows in people.items():
        clusters: list[list[tuple[str, str, str | None, str | None]]] = []
        for row in rows:
            home = next((c for c in clusters if any(same_child(row[3], o[3]) for o in c)), None)
            if home is None:
                clusters.append([row])
            elif row not in home:
                home.append(row)
        for c in clusters:
            apart = any(
                a[0] != b[0] and a[1] != b[1] and a[1] not in held[b[0]] and b[1] not in held[a[0]]
                for i, a in enumerate(c)
                for b in c[i + 1 :]
            )
            if apart:
                pairs = list(dict.fromkeys((upn, name) for name, upn, _, _ in c))
                found.append((c[0][2], c[0][3], dob, pairs))
    return sorted(found, key=lambda f: (f[0] or "", f[1] or "", f[2], f[3]))


def _two_names(roll: Compact) -> list[str]:
    """A sentence when a UPN's rows carry two children's forenames (:func:`other_child`;
    the surnames the same or not): a UPN given to two children (reused, mistyped in the
    MIS, a sibling keyed under a brother's) is counted as one pupil under the later name,
    which is said, with every such UPN, not taken silently.  A surname alone changing (a
    marriage, an adoption) is no second child, nor a forename spelt another way.  Read
    off the pupils' versions (about one row a pupil), not the marks."""
    v = roll.versions
    if not {"surname", "forename"} <= set(v.columns):
        return []
    names = (
        v.filter(pl.col("surname").is_not_null() & pl.col("forename").is_not_null())
        .with_columns(_name_key("surname").alias("_s"), _name_key("forename").alias("_f"))
        .group_by("pid", "_s", "_f")
        .agg(
            pl.col("surname").sort_by("_first").first(),
            pl.col("forename").sort_by("_first").first(),
            pl.col("_first").min(),
            pl.col("_last").max(),
        )
        .sort("pid", "_first")
    )
    pairs = names.join(names, on="pid", suffix="_b").filter(
        (pl.col("_first") < pl.col("_first_b")) & (pl.col("_f") != pl.col("_f_b"))
    )
    if not pairs.height:
        return []
    # one child's names crossed ('Smith, John' then 'John, Smith'): an export's Surname and
    # Forename columns swapped (their headers typed over each other), or the names swapped
    # in the MIS and corrected; never two children (sweep layouts8).  Which is right the
    # names cannot tell: said, read under the later as before
    crossed = (pl.col("_s") == pl.col("_f_b")) & (pl.col("_f") == pl.col("_s_b"))
    swapped, pairs = pairs.filter(crossed), pairs.filter(~crossed)
    two = pl.Series(
        [other_child(a, b) for a, b in pairs.select("forename", "forename_b").iter_rows()],
        dtype=pl.Boolean,
    )
    pairs = (
        pairs.filter(two)
        .sort("pid", "_first", "_first_b")
        .unique("pid", keep="first", maintain_order=True)
    )
    from attcli.roll import date_of

    def one(r: dict, k: str = "") -> str:
        return (
            f"'{r[f'surname{k}']}, {r[f'forename{k}']}' {date_of(r[f'_first{k}']):%d/%m/%Y} "
            f"to {date_of(r[f'_last{k}']):%d/%m/%Y}"
        )

    swapped = swapped.sort("pid", "_first", "_first_b").unique(
        "pid", keep="first", maintain_order=True
    )
    out = []
    for found, what, then in (
        (swapped, "one child's surname and forename crossed, not two children",
         f"each read under the later names{_read_from(roll, swapped)}; an export whose every "
         "pupil is so has its Surname and Forename columns swapped (their headers typed over "
         "each other): correct it (or the names in the MIS) and give it again"),
        (pairs, "two children's forenames",
         "each counted as one pupil under the later name; if these are two children, give "
         "each its own UPN"),
    ):  # fmt: skip
        if not found.height:
            continue
        rows = roll.with_keys(found).sort("school", "upn").rows(named=True)
        n = len(rows)
        said = "; ".join(f"{r['upn']}: {one(r)} and {one(r, '_b')}" for r in rows[:10])
        more = f"; and {n - 10} more" if n > 10 else ""
        whose = "1 UPN's rows carry" if n == 1 else f"{n} UPNs' rows carry"
        out.append(f"{whose} {what}: {said}{more}: {then}")
    return out


def _read_from(roll: Compact, pairs: pl.DataFrame) -> str:
    """", from w2.csv (the earlier from w1.csv)": the exports the crossed names' sessions
    were read from, the later names' and the earlier's (``pairs``: a pupil's two stretches
    of sessions, ``_first``/``_last`` and ``_first_b``/``_last_b``), so that the office
    opens the export whose headers are wrong (which names are right the names cannot tell;
    sweep leftovers18); "" where the marks name no file."""
    from attcli.percent import listed

    if not pairs.height:  # (no child's names crossed: nothing to look up)
        return ""

    def files(first: str, last: str) -> list[str]:
        spans = pairs.lazy().select("pid", pl.col(first).alias("_a"), pl.col(last).alias("_z"))
        found = (
            roll.marks.lazy()
            .select("pid", "ord", pl.col("source").cast(pl.Utf8))
            .join(spans, on="pid")
            .filter(pl.col("ord").is_between("_a", "_z") & pl.col("source").is_not_null())
            .group_by("source")
            .agg(pl.col("ord").min())
            .sort("ord")
            .collect(engine="in-memory")
        )
        return [shown(x) for x in found.get_column("source")]

    later, earlier = files("_first_b", "_last_b"), files("_first", "_last")
    if not later:
        return ""
    return f", from {listed(later)}" + (f" (the earlier from {listed(earlier)})" if earlier else "")


#: A temporary UPN (DfE; the government data standard's "AnnnnnnnnnnnA"): the check
#: letter, 11 digits and a letter (a permanent one ends in a digit); the MIS replaces it
#: once the pupil's UPN is known.
TEMPORARY_UPN = re.compile(r"[A-Z][0-9]{11}[A-Z]")


def _surname_key(column: str) -> pl.Expr:
    """A surname as one child's is told from another's across two MIS: case, accents,
    spaces and punctuation aside (``O'Neil``, ``O’NEIL``; ``Ellis-Grant``, ``ELLIS GRANT``:
    one MIS types an apostrophe or a hyphen another writes otherwise).  Null for a surname
    with no letter or digit (``-``, ``?``, ``...``: a placeholder or junk, no evidence of
    who a child is), so it matches no other: a join leaves nulls unmatched."""
    key = (
        pl.col(column)
        .cast(pl.Utf8)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]", "")
    )
    return pl.when(key != "").then(key)


def same_child(forename: object, other: object) -> bool:
    """Whether two forenames (of pupils with one surname and date of birth) are one
    child's: each with a word (a letter or digit: ``?`` or ``-`` is a placeholder or junk,
    and matches no name) and not two children's (:func:`other_child`)."""
    return bool(_forename_words(forename)) and bool(_forename_words(other)) and not (
        other_child(forename, other)
    )


def _one_child_ids(candidates: pl.DataFrame) -> pl.Series:
    """``_child``, for each row of ``candidates`` (pupils sharing school, ``_s`` and date of
    birth with another): the row number of the first row of the child its forename makes
    it, UPNs whose forenames are one child's (:func:`same_child`: a middle name in one
    MIS only, case, accents, punctuation; never a forename with no letter) joined.  A Python pass over these few rows (twins,
    or one child under two UPNs), never over the register."""
    rows = candidates.select("school", "_s", "dob", "forename").rows()
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple, list[int]] = {}  # type: ignore[type-arg]
    for i, r in enumerate(rows):
        by_key.setdefault(r[:3], []).append(i)
    for members in by_key.values():
        for k, i in enumerate(members):
            for j in members[k + 1 :]:
                if same_child(rows[i][3], rows[j][3]):
                    parent[root(j)] = root(i)
    return pl.Series("_child", [root(i) for i in range(len(rows))], dtype=pl.Int64)


def children_under_two_upns(roll: Compact) -> pl.DataFrame:
    """The UPNs of one school with the same surname (:func:`_surname_key`), forename (one
    child's, :func:`other_child`: a middle name one MIS leaves out, case, accents and
    punctuation aside) and date of birth, a row each such child: school, ``upn`` (a list,
    in order of each UPN's first row), ``_first`` and ``_last`` (the ``ord`` of each UPN's
    first and last row), surname, forename, dob; sorted by name.  Empty (those columns)
    when there is none or the register has no names and dates of birth.  Read off the
    pupils' versions (about one row a pupil); UPNs whose first rows tie by UPN.  What
    :func:`_one_child_two_upns` says, and the runs of absence
    :func:`attcli.joined.joined_runs` joins across the UPNs.  Worked out once for a roll's
    versions and pupils (several steps of one run ask for it)."""
    cached = roll._two_upns
    if cached is not None and cached[0] is roll.versions and cached[1] is roll.pupils:
        return cached[2]
    found = _children_under_two_upns(roll)
    roll._two_upns = (roll.versions, roll.pupils, found)
    return found


def _children_under_two_upns(roll: Compact) -> pl.DataFrame:
    v = roll.versions
    if not {"surname", "forename", "dob"} <= set(v.columns):
        return pl.DataFrame(
            schema={"school": pl.Utf8, "upn": pl.List(pl.Utf8), "_first": pl.List(pl.Int64),
                    "_last": pl.List(pl.Int64), "surname": pl.Utf8, "forename": pl.Utf8,
                    "dob": pl.Date}  # fmt: skip
        )
    # one query to the candidates, one for their groups (eager steps were a dozen
    # queries a call, each a fixed cost: issue 15)
    people = roll.pupils.lazy().join(
        v.lazy()
        .filter(pl.col("dob").is_not_null() & pl.col("surname").is_not_null())
        .group_by("pid")
        .agg(
            pl.col("surname").last(), pl.col("forename").last(), pl.col("dob").last(),
            pl.col("_first").min(), pl.col("_last").max(),
        ),  # fmt: skip
        on="pid",
        how="inner",
    ).with_columns(_surname_key("surname").alias("_s"))
    # pupils sharing a school, surname and date of birth with another (twins, or one child
    # twice): few, so their forenames are compared one pair at a time
    candidates = people.filter(
        pl.col("_s").is_not_null() & (pl.len().over("school", "_s", "dob") > 1)
    ).sort("upn").collect(engine="in-memory")
    return (
        candidates.lazy()
        .with_columns(_one_child_ids(candidates))
        .group_by("school", "_s", "dob", "_child")
        .agg(
            # UPNs whose first rows tie (both on roll from one day) go by UPN: the same
            # order every run (a grouping's order is not)
            pl.col("upn").sort_by("_first", "upn"),
            pl.col("_first").sort_by("_first", "upn"),
            pl.col("_last").sort_by("_first", "upn"),
            pl.col("surname").sort_by("upn").first(),
            pl.col("forename").sort_by("upn").first(),
        )
        .filter(pl.col("upn").list.len() > 1)
        .sort("surname", "forename", "dob", "school", pl.col("upn").list.first())
        .select("school", "upn", "_first", "_last", "surname", "forename", "dob")
        .collect(engine="in-memory")
    )


def _one_child_two_upns(roll: Compact, said: Collection[tuple[str, str]] = ()) -> list[str]:
    """A sentence when two UPNs of one school have the same surname, forename and date of
    birth (:func:`children_under_two_upns`): one child under a temporary UPN and then the
    permanent one (or entered twice in the MIS), counted as two pupils: the first "left",
    the second with a band from a few weeks.  Said, not merged: two children may share all
    three.  ``said``: (school as text, UPN) of children a command says in a line of its own
    (:meth:`LoadResult.warnings_besides`): not the example, named by reference ("Child, Kit
    above"); no sentence when every child is so said."""
    groups = children_under_two_upns(roll)
    if not groups.height:
        return []
    told = set(said)
    rows = list(groups.iter_rows(named=True))
    above = [
        i for i, g in enumerate(rows) if any(((g["school"] or ""), u) in told for u in g["upn"])
    ]
    if len(above) == len(rows):
        return []
    rest = groups.select(pl.all().gather([i for i in range(len(rows)) if i not in above]))
    named = ", ".join(pupil_name(rows[i]["surname"], rows[i]["forename"]) for i in above)
    by_reference = f" ({named} said above)" if above else ""
    from attcli.percent import number_word
    from attcli.roll import date_of

    r = rest.row(0, named=True)
    # each UPN dated by its marks, not its rows: a wide export writes a pupil not yet on roll
    # as blank cells, and the new UPN was "07/09/2026 to ..." (the year) and came first
    # (the UPNs' pids found first, among the pupils, and their marks picked out by them: a
    # join of every mark to the few pupils probed each of the millions, 0.07 s -> 0.02 s
    # of CPU at 20,000 pupils, issue 15)
    pids = roll.pupils.filter(
        (pl.col("school").cast(pl.Utf8).fill_null("") == (r["school"] or ""))
        & pl.col("upn").is_in(r["upn"])
    ).get_column("pid")
    spans = {
        upn: (f, la)
        for upn, f, la in roll.with_keys(
            roll.marks.lazy()
            .filter(pl.col("pid").is_in(pids.implode()) & pl.col("marked"))
            .group_by("pid")
            .agg(pl.col("ord").min().alias("_f"), pl.col("ord").max().alias("_l"))
            .collect()
        )
        .select("upn", "_f", "_l")
        .iter_rows()
    }
    upns = [
        (u, *spans.get(u, (f, la)))
        for u, f, la in zip(r["upn"], r["_first"], r["_last"], strict=True)
    ]

    def one(upn: str, first: int, last: int) -> str:
        temp = " (a temporary UPN)" if TEMPORARY_UPN.fullmatch(upn) else ""
        return f"{upn}{temp}, {date_of(first):%d/%m/%Y} to {date_of(last):%d/%m/%Y}"

    ordered = sorted(upns, key=lambda u: u[1])
    shown = " and ".join(one(*u) for u in ordered)
    n = groups.height
    what = "children" if n != 1 else "child"
    # the command to type, with the child's UPNs when there is one child of two, one
    # after the other: "OLD NEW" was a pattern to fill in, left to the reader, where every
    # other line of the child gives the UPNs (sweep looks7)
    (old, first, _), (new, then, _) = ordered[0], ordered[-1]
    merge = (
        f"`attcli pupil merge {command_word(old)} {command_word(new)}`"
        if rest.height == 1 and len(ordered) == 2 and first < then
        else "`attcli pupil merge OLD NEW` (the old UPN, then the new)"
    )
    return [
        f"{n} {what} under two UPNs or more (the same surname, forename and date of birth), "
        f"counted as {'separate pupils' if n != 1 else number_word(len(upns)) + ' pupils'}"
        f"{by_reference}, e.g. "
        f"'{pupil_name(r['surname'], r['forename'])}' born {r['dob']:%d/%m/%Y}: {shown}: if one child, "
        f"give the exports one UPN (the permanent one); {merge} moves letters and notices on "
        "record"
    ]


def upn_replaced(
    gone: pl.DataFrame, arrived: pl.DataFrame, where: str, *, short: bool = False
) -> list[tuple[tuple[str, str], str]]:
    """A line for each UPN on record in none of the exports (``gone``) that has the same
    surname, forename and date of birth (as :func:`children_under_two_upns` compares them:
    a middle name one MIS leaves out, case and punctuation aside) as a UPN of the exports
    new to the record (``arrived``), in the same school: a temporary UPN the MIS replaced by
    the permanent one, with the whole history under it.  Both frames: school, upn,
    surname, forename, dob; ``where``: the record ("the return as of 23/10/2026").  Said,
    never merged: two children can share all three.  ((school, old UPN), line) pairs.
    ``short``: the line for a cell beside the old UPN's change (the check's table: it said
    it all in thirty lines at 80 columns), "perhaps NEW (same name and birth date): attcli
    pupil merge OLD NEW"."""
    cols = ("school", "upn", "surname", "forename", "dob")

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            frame.select(cols)
            .filter(pl.all_horizontal(pl.col(c).is_not_null() for c in cols[2:]))
            .with_columns(
                pl.col("school").cast(pl.Utf8).fill_null(""),
                pl.col("dob").cast(pl.Date),
                _surname_key("surname").alias("_s"),
                child_name("surname").alias("_cs"),
                child_name("forename").alias("_f"),
            )
        )

    pairs = (
        keyed(gone)
        .join(keyed(arrived), on=["school", "_s", "dob"], suffix="_new")
        .filter(pl.col("upn") != pl.col("upn_new"))
        .unique(["school", "upn", "upn_new"])
        .sort("school", "upn", "upn_new")
    )
    out = []
    for r in pairs.iter_rows(named=True):
        if not same_child(r["forename"], r["forename_new"]):
            continue  # another forename (twins), or none to compare
        old, new = r["upn"], r["upn_new"]
        # the name written another way (a middle name one MIS leaves out): both are said
        alike = r["_cs"] == r["_cs_new"] and r["_f"] == r["_f_new"]
        if short:
            same = (
                "same name and birth date"
                if alike
                else f"'{r['surname_new']}, {r['forename_new']}', same birth date"
            )
            line = f"perhaps {new} ({same}): attcli pupil merge {command_word(old)} {command_word(new)}"
            out.append(((r["school"], old), line))
            continue
        temp = " (a temporary UPN)" if TEMPORARY_UPN.fullmatch(old) else ""
        same = (
            "the same surname, forename and date of birth"
            if alike
            else f"the same date of birth and the name of '{pupil_name(r['surname'], r['forename'])}' "
            "written another way"
        )
        out.append(
            (
                (r["school"], old),
                f"{old}{temp} on record in {where} is in none of these exports, and {new} in "
                f"them is new to the record with {same} "
                f"('{r['surname_new']}, {r['forename_new']}', born {r['dob']:%d/%m/%Y}): if "
                "they are one child (a temporary UPN replaced by the permanent one), run "
                f"`attcli pupil merge {command_word(old)} {command_word(new)}` and run this again; attcli does not merge "
                "them itself (two children can share all three)",
            )
        )
    return out


#: A pupil's details on a row: duplicate rows that differ in them keep the later export's.
DETAILS = ("surname", "forename", "dob", "year_group", "reg_group", *ATTRIBUTE_COLUMNS)


@dataclass
class _KeptSame:
    orders: pl.Series  # the ``_order`` of the row kept of each group
    differ: bool  # whether any group's rows differ in the pupil's details
    notes: list[str]
    #: (school, upn) of the pupils whose date of birth a note names (said once)
    births: set[tuple[str, str]] = field(default_factory=set)
    #: whether a `-` was kept over a blank cell given before it
    dash_over_blank: bool = False


def _keep_of_same(rows: pl.DataFrame, same: pl.DataFrame, ends: Mapping[str, object]) -> _KeptSame:
    """The row kept of each group of duplicate rows with the same mark (``same``): the
    first, unless the rows differ in the pupil's details (a corrected date of birth or
    name), when the row of the export whose data ends later counts, as a correction does,
    whatever the files' order; the first of those ending on the same day.  Of a `-` (no
    mark recorded) and a blank cell, both no mark, the `-`, whatever the order: it puts the
    session inside the pupil's time on roll (a missing mark, DOMAIN.md 1) and the blank
    does not where no mark follows, so keeping the first made the leaving date and the
    missing marks hang on the order the files were given; the `-` is what a later export
    with no row there at all leaves standing (sweep oracle12).  A note per kind (date of
    birth, name) when a row removed differs from the row kept."""
    details = [c for c in DETAILS if c in rows.columns]
    part = rows.join(same.select(KEYS), on=KEYS, how="semi", nulls_equal=True).with_columns(
        pl.col("source")
        .cast(pl.Utf8)
        .replace_strict(dict(ends), default=None, return_dtype=pl.Date)
        .alias("_end")
    )
    differs = [pl.col(c).drop_nulls().n_unique() > 1 for c in details]
    picks = part.group_by(KEYS).agg(
        pl.col("_order").min().alias("_first"),
        pl.col("_order")
        .sort_by("_end", "_order", descending=[True, False], nulls_last=True)
        .first()
        .alias("_later"),
        (pl.any_horizontal(differs) if differs else pl.lit(False)).alias("_differ"),
        # (a blank cell's raw mark is null; its mark is the `-` of a written no-mark too)
        pl.col("_order").filter(pl.col("raw_mark").is_not_null()).min().alias("_written"),
    )
    orders = picks.select(
        pl.when("_differ")
        .then("_later")
        .otherwise(pl.coalesce("_written", "_first"))
        .alias("_order")
    ).get_column("_order")
    differ = bool(picks.get_column("_differ").any())
    notes, births = _differing_notes(part, orders) if differ else ([], set())
    dash = bool(picks.select((~pl.col("_differ") & (pl.col("_written") != pl.col("_first"))).any()).item())
    return _KeptSame(orders, differ, notes, births, dash)


def _differing_notes(
    part: pl.DataFrame, orders: pl.Series
) -> tuple[list[str], set[tuple[str, str]]]:
    """One line per kind (date of birth, name) of the pupils whose removed duplicate rows
    differ from the row kept (a value against no value is no difference); and the pupils
    whose date of birth it names."""
    is_kept = pl.col("_order").is_in(orders.implode())
    cols = [c for c in ("surname", "forename", "dob") if c in part.columns]
    kept = part.filter(is_kept).select(*KEYS, *cols, "source", "line", "_end", "_order")
    pairs = part.filter(~is_kept).join(kept, on=KEYS, suffix="_k", nulls_equal=True)

    def other(c: str) -> pl.Expr:
        if c not in part.columns:
            return pl.lit(False)
        both = pl.col(c).is_not_null() & pl.col(f"{c}_k").is_not_null()
        return both & (pl.col(c) != pl.col(f"{c}_k"))

    def name(r: dict, k: str = "") -> str:
        return "'" + ", ".join(str(r.get(f"{c}{k}") or "") for c in ("surname", "forename")) + "'"

    def born(r: dict, k: str = "") -> str:
        return f"{r[f'dob{k}']:%d/%m/%Y}"

    notes = []
    births: set[tuple[str, str]] = set()
    for kind, kinds, test, value in (
        ("date of birth", "dates of birth", other("dob"), born),
        ("name", "names", other("surname") | other("forename"), name),
    ):
        found = pairs.filter(test)
        if not found.height:
            continue
        if kind == "date of birth":
            births = {(str(sc or ""), str(u)) for sc, u in found.select("school", "upn").iter_rows()}
        n = found.select("school", "upn").n_unique()
        # the example: one the files' order decided, if any
        tied_first = pl.col("_end") != pl.col("_end_k")
        r = found.sort(tied_first, "upn", "date", "session", "_order").row(0, named=True)
        kept_at, was_at = _where(r["source_k"], r["line_k"]), _where(r["source"], r["line"])
        whose = f"1 pupil's {kind} differs" if n == 1 else f"{n} pupils' {kinds} differ"
        check = "check which is right in the MIS"
        child = kind == "name" and _other_child(r)
        if child:
            check = "if these are two children, give each its own UPN"
        follows = ", and compulsory school age follows it" if kind == "date of birth" else ""
        if r["source"] == r["source_k"]:  # one export gives the session twice
            notes.append(
                f"{whose} between rows of the same sessions in {r['source']}, e.g. "
                f"{r['upn']}: {value(r, '_k')} on {unit(r['source'])} {r['line_k']} and "
                f"{value(r)} on {unit(r['source'])} {r['line']}; {value(r, '_k')} (the first) "
                f"is counted{follows}: {check}"
            )
            continue
        head = f"{whose} between exports of the same sessions, e.g. {r['upn']}: "
        if r["_end"] != r["_end_k"]:
            notes.append(
                f"{head}{value(r, '_k')} in {kept_at} (used: its data ends later) and "
                f"{value(r)} in {was_at}: {check if child else 'check the MIS'}"
            )
            continue
        end = f" on {r['_end']:%d/%m/%Y}" if r["_end"] is not None else " on the same day"
        notes.append(
            f"{head}{value(r, '_k')} in {kept_at} and {value(r)} in {was_at}; the exports "
            f"disagree and both end{end}, so which is later cannot be told: "
            f"{value(r, '_k')} (the first given) is used{follows}: {check}"
        )
    return notes, births


def _other_child(r: dict) -> bool:
    """Whether a removed row's forename and the kept row's are two children's
    (:func:`other_child`), not a name corrected."""
    return other_child(r["forename"], r["forename_k"])


#: :func:`_sessions_once` ticks sessions off in a table when it has no more than this many
#: slots per row (or a million): a year's register fills half of its slots or more.
_SLOTS_PER_ROW = 4
#: ... for a register of at least this many rows (a smaller one's distinct keys are
#: counted in a few hundredths of a second)
_TICK_MIN_ROWS = 1 << 18
#: ... in slices of this many rows (:func:`_sessions_once`)
_TICK_SLICE = 1 << 20


def _sessions_once(register: pl.DataFrame) -> bool:
    """Whether no UPN has two rows for one session (date and session), in any school.

    A large register's sessions are ticked off in a table with a slot per UPN code and
    session (a Polars ``scatter``: one write a row, no hashing), and the slots ticked
    counted: a UPN's session twice ticks one slot for two rows.  Issue 15: 0.27 s -> 0.12 s at 20,000
    pupils, against counting the distinct keys (which a smaller register, one with UPNs
    missing, or one whose table would be mostly empty still does)."""
    from attcli.roll import ord_expr, ord_of

    upn, dates = register.get_column("upn"), register.get_column("date")
    whole = not (upn.null_count() or dates.null_count() or register["session"].null_count())
    if register.height >= _TICK_MIN_ROWS and upn.dtype == pl.Categorical and whole:
        top = upn.to_physical().max()
        first, last = ord_of(dates.min()), ord_of(dates.max(), pm=True)  # type: ignore[arg-type]
        span = last - first + 1
        slots = (top + 1) * span  # type: ignore[operator]
        if slots <= max(_SLOTS_PER_ROW * register.height, 1 << 20):
            code = pl.col("upn").to_physical().cast(pl.Int64)
            slot = code * span + (ord_expr() - first)
            ticked = pl.zeros(slots, pl.Boolean, eager=True)
            # a slice of rows at a time: each slice's slots (8 bytes a row) are written
            # into the memory the last slice's were freed from, where the whole register's
            # at once were 60 MB of fresh pages at 20,000 pupils, each page's first touch
            # a fault (0.14 s of CPU in a load for the query alone, 0.04 s on memory
            # used before: issue 15)
            for start in range(0, register.height, _TICK_SLICE):
                part = register.slice(start, _TICK_SLICE)
                ticked.scatter(part.select(slot).to_series(), True)
            return ticked.sum() == register.height
    key = register.select(_session_key()).to_series()
    return key.n_unique() == key.len()


def _session_key() -> pl.Expr:
    """A row's UPN and session as one integer (``_key``): the UPN's Categorical code and
    the session's ordinal (the school left out)."""
    from attcli.roll import SCHOOL_BITS, ord_expr

    return (
        pl.col("upn").cast(pl.Categorical).to_physical().cast(pl.UInt64) * SCHOOL_BITS
        + ord_expr().cast(pl.UInt64)
    ).alias("_key")


def _blanks_beside_marks(register: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    """``register`` without each blank cell (no mark) of a session that the same export
    also gives a mark: a pupil listed twice in one export, once a class (a class change
    mid-term), has a blank cell in each row where the other row has the mark.  The blank
    says nothing the mark does not, so it is no conflict; a note says how many were left
    out.  Between two exports a blank beside a mark is still a conflict (DOMAIN.md 12)."""
    indexed = register.with_row_index("_order")
    blanks = indexed.filter(pl.col("raw_mark").is_null())  # a blank cell: mark "-"
    if not blanks.height:
        return register
    on = [*KEYS, "source"]
    marked = indexed.filter(pl.col("raw_mark").is_not_null()).select(
        *on, pl.col("line").alias("_by")
    )
    beside = blanks.join(marked, on=on, how="inner", nulls_equal=True)
    if not beside.height:
        return register
    first = beside.sort("_order").row(0, named=True)
    n = beside.get_column("_order").n_unique()
    warnings.append(
        f"{n} blank cell{'s' if n != 1 else ''} left out where the same export gives the "
        f"same pupil's session a mark in another row (a pupil listed twice, e.g. on "
        f"changing class), e.g. {first['upn']} {first['date']:%d/%m/%Y} {first['session']}: "
        f"blank in {_where(first['source'], first['line'])}, marked in {unit(first['source'])} "
        f"{first['_by']}"
    )
    drop = beside.get_column("_order").unique().implode()
    return indexed.filter(~pl.col("_order").is_in(drop)).drop("_order")


def _dedupe(
    register: pl.DataFrame,
    warnings: list[str],
    ends: Mapping[str, object],
    births: set[tuple[str, str]] | None = None,
    starts: Mapping[str, pl.DataFrame] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``starts``: each packed file's start date per line, so that a conflict names the
    mark's position in its string."""
    no_corrections = pl.DataFrame(schema=CORRECTION_SCHEMA)
    # a register nearly always has no session twice: found first, cheaply
    if _sessions_once(register):
        return register, no_corrections
    kept = _blanks_beside_marks(register, warnings)
    if kept is not register and _sessions_once(kept):  # (the same frame: counted above)
        return kept, no_corrections
    register = kept
    # the same session twice: compared on integer codes, not on the texts
    key = register.select(_session_key()).to_series()
    # the key leaves out the school (nearly every register is one school's); with it, the
    # same UPN's rows in two schools are not duplicates
    school = register.get_column("school").to_physical().cast(pl.Int64).fill_null(-1)
    dup = pl.DataFrame([school, key]).is_duplicated()
    rows = register.with_row_index("_order").filter(dup)
    groups = (
        rows.group_by(KEYS)
        .agg(
            # (`/` and `\` are one mark, present: the SIMS way writes the afternoon's `\`,
            # another report of the same register `/`; DOMAIN.md 1, sweep blind3)
            (
                pl.col("mark").n_unique()
                - ((pl.col("mark") == "/").any() & (pl.col("mark") == "\\").any()).cast(pl.UInt32)
            ).alias("_marks"),
            pl.col("surname").first(),
            pl.col("forename").first(),
            pl.struct("raw_mark", "mark", "source", "line", "_order")
            .sort_by("_order")
            .alias("_rows"),
        )
        .sort(KEYS)
    )
    differing = groups.filter(pl.col("_marks") > 1)
    # exports ending on one day: which is later (only they can make _resolve ask)
    ends_am = (
        _morning_ends(register, ends)
        if differing.height and len(set(ends.values())) < len(ends)
        else set()
    )
    corrected: list[dict] = []
    keep_order: set[int] = set()
    conflicts = []
    for r in differing.iter_rows(named=True):
        resolved = _resolve(r["_rows"], ends, ends_am)
        if resolved is None:
            conflicts.append(r)
            continue
        order, corr = resolved
        keep_order.add(order)
        corrected.append(
            {"school": r["school"], "upn": r["upn"], "date": r["date"],
             "session": str(r["session"]), **corr}
        )
    if conflicts:
        # each packed file's start date per line, looked at only for a refusal
        by_line = {f: dict(frame.iter_rows()) for f, frame in (starts or {}).items()}

        def place(e: dict, day: dt.date, session: str) -> str:
            start = by_line.get(e["source"], {}).get(e["line"])
            if start is None:
                return ""
            return f" (position {packed_position(start, day, session)} of the string)"

        def said(e: dict) -> str:
            return "a blank cell" if e["raw_mark"] is None else _quoted(e["raw_mark"])

        def marks_of(r: dict, lines_too: bool) -> str:
            """The session's marks, export by export; a mark more than two exports in a
            row give (the weekly exports, each from 1 September, after a change in the
            MIS) is said as that run of exports, not once an export (sweep slips7)."""
            rows, parts, i = r["_rows"], [], 0
            while i < len(rows):
                j = i
                while j + 1 < len(rows) and said(rows[j + 1]) == said(rows[i]):
                    j += 1
                run = rows[i : j + 1]
                if len(run) > 2 and len({e["source"] for e in run}) == len(run):
                    parts.append(
                        f"{said(run[0])} in {len(run)} exports ({shown(run[0]['source'])} to "
                        f"{shown(run[-1]['source'])})"
                    )
                else:
                    parts.extend(
                        f"{said(e)} in "
                        + (
                            f"{_where(e['source'], e['line'])}"
                            f"{place(e, r['date'], str(r['session']))}"
                            if lines_too
                            else shown(e["source"])
                        )
                        for e in run
                    )
                i = j + 1
            return "; ".join(parts)

        # a pupil's sessions whose marks differ alike (the same marks from the same exports)
        # are one line: a mark changed in the MIS over a week is 10 sessions (DOMAIN.md 12)
        runs: list[list[dict]] = []
        for r in conflicts:
            pattern = [(said(e), e["source"]) for e in r["_rows"]]
            last = runs[-1][-1] if runs else None
            if (
                last is not None
                and (last["school"], last["upn"]) == (r["school"], r["upn"])
                and [(said(e), e["source"]) for e in last["_rows"]] == pattern
            ):
                runs[-1].append(r)
            else:
                runs.append([r])
        lines = []
        # a trust's export of several schools: one UPN's sessions at two schools are two
        # lines, each naming its school (which school's register to correct)
        several = register.get_column("school").drop_nulls().n_unique() > 1
        for run in runs[:MAX_CONFLICTS_LISTED]:
            r, z = run[0], run[-1]
            name = pupil_name(r["surname"], r["forename"]) or "(no name)"
            if several and r["school"] is not None:
                name += f" at {r['school']}"
            if len(run) == 1:
                lines.append(
                    f"  {r['upn']} {name}, {r['date']:%d/%m/%Y} {r['session']}: {marks_of(r, True)}"
                )
            else:
                lines.append(
                    f"  {r['upn']} {name}, {len(run)} sessions, {r['date']:%d/%m/%Y} "
                    f"{r['session']} to {z['date']:%d/%m/%Y} {z['session']}: {marks_of(r, False)}"
                )
        more = sum(len(run) for run in runs[MAX_CONFLICTS_LISTED:])
        if more > 0:
            lines.append(f"  and {more} more")
        n = len(conflicts)
        # exports ending on the same day cannot be put in order: say so (the hint read as
        # if one of them were later)
        files = {e["source"] for run in runs[:MAX_CONFLICTS_LISTED] for r in run for e in r["_rows"]}
        same_end = {ends.get(f) for f in files}
        tied = (
            f"these exports all end on {next(iter(same_end)):%d/%m/%Y}, so which is later "
            "cannot be told; "
            if len(files) > 1 and len(same_end) == 1 and None not in same_end
            else ""
        )
        # one export against itself: no later export to speak of (a pupil's two rows)
        hint = (
            "this export gives these sessions two marks (a pupil listed twice, each row "
            "marked): correct the register in the MIS and export it again"
            if len(files) == 1
            else f"{tied}a later export (one whose data ends later) may only replace an "
            "earlier export's N or fill in a session it left unmarked; correct the export "
            "that is wrong, or load only one export for these dates"
        )
        raise InputError(
            f"{n} session{'s have' if n != 1 else ' has'} conflicting marks (the same pupil, "
            "date and session with different marks):\n" + "\n".join(lines),
            hint=hint,
        )
    corrections = pl.DataFrame(corrected, schema=CORRECTION_SCHEMA, orient="row")
    same = groups.filter(pl.col("_marks") == 1)
    kept_same = _keep_of_same(rows, same, ends)
    if same.height:
        first = same.row(0, named=True)
        example = " and ".join(_where(e["source"], e["line"]) for e in first["_rows"][:2])
        n_same = sum(len(x) for x in same.get_column("_rows").to_list()) - same.height
        s = "s" if n_same != 1 else ""
        which = "the first kept"
        if kept_same.differ:
            which += ", or the later export's where the pupil's details differ"
        if kept_same.dash_over_blank:
            which += ", or a '-' (no mark recorded) over a blank cell"
        warnings.append(
            f"{n_same} duplicate session row{s} removed (the same pupil, date, session and "
            f"mark more than once; {which}), e.g. {first['upn']} "
            f"{first['date']:%d/%m/%Y} {first['session']} in {example}"
        )
        warnings.extend(kept_same.notes)
        if births is not None:  # (said here: the "differs between rows" note leaves them)
            births |= kept_same.births
    n_filled = sum(1 for c in corrected if c["was"] == MISSING_MARK)
    if corrections.height - n_filled:
        c0 = next(c for c in corrected if c["was"] != MISSING_MARK)
        n = corrections.height - n_filled
        warnings.append(
            f"{n} register correction{'s' if n != 1 else ''} across exports: an N in an "
            f"earlier export replaced by the later export's code, e.g. {c0['upn']} "
            f"{c0['date']:%d/%m/%Y} {c0['session']} N -> {c0['now']} ({c0['file']})"
        )
    if n_filled:
        c0 = next(c for c in corrected if c["was"] == MISSING_MARK)
        warnings.append(
            f"{n_filled} session{'s' if n_filled != 1 else ''} with no mark in an earlier "
            f"export filled in by the later export's mark (its register taken after the "
            f"earlier export was made), e.g. {c0['upn']} {c0['date']:%d/%m/%Y} "
            f"{c0['session']}: {c0['now']} ({c0['file']})"
        )
    # keep: rows not duplicated, the kept row of each same-mark group, the counting row of
    # each correction
    indexed = register.with_row_index("_order")
    of_same = kept_same.orders
    keep = pl.concat([of_same, pl.Series("_order", sorted(keep_order), dtype=of_same.dtype)])
    out = indexed.filter(~dup | pl.col("_order").is_in(keep.implode()))
    return _details_filled(out, rows, keep, ends).drop("_order"), corrections


def _details_filled(
    out: pl.DataFrame, rows: pl.DataFrame, keep: pl.Series, ends: Mapping[str, object]
) -> pl.DataFrame:
    """``out`` with each kept duplicate row's blank details (date of birth, names, groups,
    attributes) taken from the removed rows of its session: one export without a column
    (an attendance report with no date of birth or SEN status) given first kept its rows
    of the sessions both exports hold, so a pupil all of whose rows are such (a joiner in
    the overlap) lost the other export's date of birth (compulsory school age, the
    penalty-notice flag) and attributes, by the files' order.  A value against no value is
    no difference: the later export's value where the removed rows differ, the kept row's
    own where it has one.  Only kept rows with a blank that a removed row fills are
    touched (``rows``: the duplicated rows, with ``_order``)."""
    cols = [c for c in DETAILS if c in rows.columns]
    blank = pl.any_horizontal(pl.col(c).is_null() for c in cols)
    if not cols or not rows.select(blank.any()).item():
        return out
    is_kept = pl.col("_order").is_in(keep.implode())
    kept = rows.filter(is_kept & blank)
    if not kept.height:
        return out
    ranked = (
        rows.filter(~is_kept)
        .join(kept.select(KEYS), on=KEYS, how="semi", nulls_equal=True)
        .with_columns(
            pl.col("source").cast(pl.Utf8)
            .replace_strict(dict(ends), default=None, return_dtype=pl.Date).alias("_end")
        )  # fmt: skip
        .sort("_end", "_order", descending=[True, False], nulls_last=True)
    )
    given = ranked.group_by(KEYS).agg(pl.col(c).drop_nulls().first() for c in cols)
    filled = (
        kept.select("_order", *KEYS, *cols)
        .join(given, on=KEYS, how="inner", nulls_equal=True, suffix="_given")
        .select("_order", *[pl.coalesce(c, f"{c}_given").alias(c) for c in cols])
    )
    if not filled.height:
        return out
    return out.update(filled, on="_order", how="left")
