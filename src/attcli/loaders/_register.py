"""Loading one register export (long or wide) into canonical rows.

One streaming pass reads the file: every field column is kept as a Categorical (its
distinct values are few: dates, year groups, pupils), so each value is trimmed, parsed
and checked once per distinct value, then mapped back to the rows.  Marks stay text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from attcli.bankholidays import is_bank_holiday
from attcli.codes import (
    CLOSED_MARK,
    DEFAULT_SUBCODES,
    EMPTY_VALUES,
    MISSING_MARK,
    category_map,
    classify_marks,
    empty_value_note,
    formula_guard_note,
    refused_as,
    without_formula_guard,
)
from attcli.config import fold_name
from attcli.errors import InputError, sentences, shown
from attcli.lookup import by_code, distinct_of
from attcli.lookup import distinct as each_value
from attcli.names import pupil_name
from attcli.output import shows_nothing
from attcli.percent import first_of, listed
from attcli.register import ATTRIBUTE_COLUMNS, CORE_SCHEMA, SESSION_DTYPE

from ._errors import excerpt, input_error, is_sheet, relabel, sheet_label, unit
from ._headers import (
    DATED_HEADER,
    EXCEL_EPOCH_1904,
    LONG_FIELDS,
    LONG_REQUIRED,
    PACKED_FIELDS,
    PACKED_REQUIRED,
    PACKED_TABLE_FIELDS,
    PUPIL_LIST_HINT,
    SESSION_AND_MORE,
    SESSION_HEADER_EXAMPLES,
    WEEKDAY_NAMES,
    WIDE_FIELDS,
    WIDE_REQUIRED,
    HeaderMatch,
    Spec,
    cell_text,
    check_match,
    find_header,
    looks_like_session_header,
    names_pupils,
    parse_py_date,
    parse_session_header,
    session_header_date,
    session_header_weekday,
)
from ._source import (
    Source,
    Unchecked,
    _lines_text,
    bare_return,
    hidden_columns_note,
    hidden_note,
    line_cells,
    open_source,
    read_error,
    refuse_bare_return,
    sep_text,
    separator_name,
    sheet_list,
)
from ._values import (
    DATE_FORMATS_TEXT,
    DATE_SESSION_TEXT,
    DATETIME_FORMATS_TEXT,
    SCIENTIFIC,
    SESSION_VALUES_TEXT,
    TIME_FORMATS_TEXT,
    UPN_RE,
    YEAR_GROUP_TEXT,
    YES_NO_TEXT,
    child_name,
    date_checked,
    date_exprs,
    date_parts,
    date_session_day,
    date_session_exprs,
    datetime_exprs,
    empty_as_null,
    excel_date_session_hint,
    excel_time_cell,
    explain_date,
    explain_date_session,
    explain_time,
    minutes_exprs,
    name_text,
    scientific_id_error,
    sen_text,
    session_exprs,
    stripped,
    upn_expr,
    upn_text,
    us_excel_dates,
    us_excel_other_dates,
    us_order_dates,
    us_order_message,
    us_order_run,
    year_group_bad,
    year_group_exprs,
    yes_no_exprs,
)

LONG_SPEC = Spec("long", LONG_FIELDS, LONG_REQUIRED)
WIDE_SPEC = Spec("wide", WIDE_FIELDS, WIDE_REQUIRED, sessions=True)
PACKED_SPEC = Spec("packed", PACKED_TABLE_FIELDS, PACKED_REQUIRED)
PRESETS: dict[str | None, list[Spec]] = {
    None: [LONG_SPEC, WIDE_SPEC, PACKED_SPEC],
    "arbor": [LONG_SPEC],
    "integris": [WIDE_SPEC],
}
REGISTER_FIELDS = (*LONG_FIELDS, *PACKED_FIELDS)
#: How a register names its pupils, for messages: "UPN" or "MIS id".
KEY_LABELS = {"upn": "UPN", "mis_id": "MIS id"}
#: Before this time a register's session is AM (docs/presets.md; ``[sessions] pm_from``).
DEFAULT_PM_FROM = dt.time(12, 0)

#: a footer's label: a total, an average ("Average", "Mean") or a count of pupils present
#: ("Present"), or a row of percentages ("%", "Attendance %": no pupil key holds a percent
#: sign)
_TOTAL_WORD = (
    r"(?:(?:grand\s+)?(?:totals?|counts?|summary|sum|average|mean|present)\b[^,]*"
    r"|[^,%]*%[^,]*)"
)
TOTAL_RE = rf"(?i)^{_TOTAL_WORD}$"
_NUMBER_OR_TOTAL = rf"(?i)^(?:[\d.,%\s]+|{_TOTAL_WORD})$"
#: a row of one cell heading a group of pupils ("Year 7", "Form 7B", "Reception"): no key
_GROUP_HEADING = (
    r"(?i)^(?:(?:(?:nc\s+)?year|yr|form|class|house|(?:tutor|reg|registration)\s+group)"
    r"\s+\S+|reception)$"
)
_SCHOOL_TITLE = re.compile(r"^\s*school(?:\s+name)?\s*:\s*(.*?)\s*$", re.IGNORECASE)
#: a cell that is a label of its own ("Printed: 21/12/2026 09:14"), not a school's name
_LABEL = re.compile(r"^[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,3}\s*:")
_YES_NO_FIELDS = [f for f, t in ATTRIBUTE_COLUMNS.items() if t == pl.Boolean]
_STRING_FIELDS = ("reg_group", "school", "gender")


@dataclass(frozen=True)
class TypedApart:
    """A UPN value of an export that is not a UPN (a typing slip in the MIS?), read as a
    pupil of its own, whose rows have the name and date of birth of one other pupil of the
    file (``like``): what the loader's note says of it (:func:`_odd_upn_rows`), for a
    command that lists that "pupil" (a leaver) to say so beside it.  Not joined: it may be
    another child's UPN (docs/decisions.md)."""

    file: str
    upn: str  # as the register holds it
    like: str  # the other pupil's UPN
    lines: tuple[int, ...]  # its rows' lines (or rows, in a sheet), in order
    school: str | None = None

    def clause(self, *, with_file: bool = False) -> str:
        """What a command says beside that pupil: "1 row under a UPN typed differently
        from G999201234571's, line 362: see the note" (``with_file``: the file named too,
        for a load of several)."""
        n = len(self.lines)
        where = unit(self.file) + ("" if n == 1 else "s")
        at = f"{self.file} {where}" if with_file else where
        return (
            f"{n} row{'' if n == 1 else 's'} under a UPN typed differently from {self.like}'s, "
            f"{at} {_ranges(list(self.lines))}: see the note"
        )


@dataclass
class FileReport:
    """What was read from one export file."""

    path: str
    shape: str  # "long" | "wide" | "packed"
    preset: str | None  # "arbor" | "integris" | None (auto-detected)
    rows: int  # data rows read
    sessions: int  # canonical session rows produced
    pupils: int
    first_date: dt.date | None
    last_date: dt.date | None
    skipped: list[str] = field(default_factory=list)
    #: some row names its school (a School column, or a "School:" title line)
    names_school: bool = False
    #: the school its "School:" title row names, and that row's line (None: no such row)
    title_school: str | None = None
    title_line: int | None = None
    #: its UPN values read as pupils of their own though typed like another pupil's
    typed_apart: list[TypedApart] = field(default_factory=list)
    #: packed marks: each line's start date (``line``, ``start``), the day a mark's
    #: position in its string is counted from (:func:`packed_position`); None otherwise
    starts: pl.DataFrame | None = field(default=None, compare=False, repr=False)
    #: the one MIS site its rows name (Arbor's Power BI ``APPLICATION_ID``) where its
    #: pupils are keyed by an MIS id, unique only within a site (sweep layouts9)
    mis_site: str | None = None


@dataclass
class _Layout:
    """One file's header: where it is, which column holds which field."""

    source: Source
    spec: Spec
    match: HeaderMatch
    cols: dict[str, str]  # field -> "cN"
    names: list[str]  # all data columns c0..
    title_school: str | None
    skipped: list[str]
    blank_head: list[int]
    #: fields found in the header but not read, by the command's choice (``attributes``
    #: of :func:`open_layout`): field -> "cN"
    unread: dict[str, str] = field(default_factory=dict)
    #: the line of the "School:" title row :attr:`title_school` is from
    title_line: int | None = None
    #: what is said of a workbook's hidden rows and columns (read all the same): in the
    #: file's notes, and a table's (contacts, pupil list) skipped sentences
    hidden_said: list[str] = field(default_factory=list)
    #: the texts of the title rows above the header (each row's cells joined), which a
    #: report printed page by page repeats above the headings on each page
    titles: tuple[str, ...] = ()
    #: the school's names as its config gives them (``[school] name``, ``export_names``),
    #: folded (:func:`fold_name`): a cell so beside a page's number is the page's furniture
    #: (sweep layouts8)
    school_names: tuple[str, ...] = ()

    @property
    def read_names(self) -> list[str]:
        """The data columns read: all but the :attr:`unread` ones."""
        skip = set(self.unread.values())
        return [n for n in self.names if n not in skip]

    @property
    def file(self) -> str:
        return self.source.name

    @property
    def unit(self) -> str:
        return unit(self.source.name)

    def header(self, field_name: str) -> str:
        return self.match.cells[int(self.cols[field_name][1:])]

    @property
    def key(self) -> str:
        """The field that identifies pupils: ``upn``, else the MIS id."""
        return "upn" if "upn" in self.cols else "mis_id"


def open_layout(
    path: str,
    specs: list[Spec],
    columns: Mapping[str, str] | None,
    *,
    trust_utf8: bool = False,
    attributes: bool | Collection[str] = True,
    sheet: int | None = None,
    school_names: Collection[str] = (),
) -> _Layout:
    """The file's layout: its header row found; ``trust_utf8``: see :func:`open_source`.
    ``school_names``: the school's names from its config, read as a printed page's
    furniture beside its number (:attr:`_Layout.school_names`).
    ``sheet``: of a workbook, the sheet to read (one of a register saved a sheet a form:
    :class:`FormSheets`); by default the one that holds the register.

    ``attributes``: read the pupil attribute columns (gender, SEN, FSM, pupil premium, EAL,
    looked after: :data:`attcli.register.ATTRIBUTE_COLUMNS`), or those of them named (letters
    read the looked-after column alone).  Without, they are found (not
    "columns not used") but not read: a command whose output has none of them does not
    pay for them (six of the bench export's fifteen columns: issue 15)."""
    # (a workbook read a sheet at a time names each sheet in its notes and errors, the
    # first too: "row 25: footer row 'Total' skipped" named no sheet: sweep layouts9)
    src = open_source(path, trust_utf8=trust_utf8, sheet=sheet or 0, named=sheet is not None)
    try:
        if src.kind == "xlsx" and sheet is None:
            src, spec, match = _register_sheet(path, src, specs, columns, trust_utf8)
        else:  # (a CSV, or the workbook's sheet named)
            spec, match = find_header(src.head, specs, columns, file=src.name)
    except InputError as exc:
        # a cell above the refused row that holds no value attcli can read (an uncomputed
        # formula, an error) is the likely cause: named instead
        at = exc.line if exc.line is not None else max((r[1] for r in src.head), default=0)
        _refuse_lost(src, None, lambda row, _col: row <= at)
        raise
    if src.read_ahead is not None and spec.shape == "long":
        # the rows read beside the pass over the file, as :func:`_scan` will ask for them
        # (a long layout: the read's own categories), where it takes them
        cols, unread = _fields_read(match, attributes)
        if _kinds_later_of(match, cols, unread):
            src.read_ahead(match.end_line, len(match.cells) + 1, _used(cols))
    try:
        return _layout_below(src, spec, match, specs, columns, attributes, school_names)
    except BaseException:
        src.settle()  # (the file refused: its read ahead ended, not left running)
        raise


def _layout_below(
    src: Source,
    spec: Spec,
    match: HeaderMatch,
    specs: list[Spec],
    columns: Mapping[str, str] | None,
    attributes: bool | Collection[str],
    school_names: Collection[str],
) -> _Layout:
    """:func:`open_layout`'s layout of the header found: the pass over the file (which may
    find the header again), the header's columns checked, and the rows above it read."""
    if src.check is not None:
        if src.check(match.width, match.end_line):
            spec, match = find_header(src.head, specs, columns, file=src.name)
    check_match(match, columns, file=src.name, table=spec.config_table)
    if src.date1904 and any("Excel day numbers" in t for t in match.told):
        # the header's day numbers were read in Excel's 1900 date system
        raise input_error(
            "the dates of the header are Excel day numbers, and the workbook counts its "
            "dates in Excel's 1904 date system (a Mac workbook's), so attcli does not read "
            "them as dates",
            file=src.name,
            line=match.line,
            hint="in Excel, format the row of dates as dates (Home, Number, Short Date) and "
            "save the workbook, then give it again",
        )
    src.notes.extend(match.told)
    if src.spread_merged is not None and (note := src.spread_merged(match.end_line)):
        src.notes.append(note)
    hidden_said = [n for n in [hidden_note(src, match.end_line)] if n is not None]
    u = unit(src.name)
    skipped: list[str] = []
    blank_head: list[int] = []
    school = school_line = None
    if src.sep_line:
        skipped.append(
            f"{u} 1: '{sep_text(src.separator)}' read: the cells are separated by "
            f"{separator_name(src.separator)}, as it says"
        )
    titles: list[str] = []
    for line, _end, cells in src.head:
        if line >= match.line:
            break
        texts = [cell_text(c) for c in cells if cell_text(c)]
        if not texts:
            blank_head.append(line)
            continue
        text = " ".join(texts)
        titles.append(text)
        _refuse_row_above_header(src, match, line, cells, table=spec.shape == "table")
        skipped.append(f"{u} {line}: title row {text!r} skipped")
        if school is None and (named := _title_school(texts)):
            school, school_line = named, line
    cols, unread = _fields_read(match, attributes)
    names = [f"c{i}" for i in range(len(match.cells))]
    read = {i: (match.cells[i] or "").strip() or f"column {i + 1}"
            for i in [*match.found.values(), *match.session_columns]}  # fmt: skip
    hidden_said += [n for n in [hidden_columns_note(src, read)] if n is not None]
    src.notes.extend(hidden_said)
    skipped += match.notes
    if src.lost:  # the header's cells, and the cells below it in the columns read
        read = {int(c[1:]) for c in cols.values()} | set(match.session_columns)
        _refuse_lost(
            src,
            match,
            lambda row, col: match.line <= row <= match.end_line
            or (row > match.end_line and col in read),
        )
    return _Layout(
        src, spec, match, cols, names, school, skipped, blank_head, unread, school_line,
        hidden_said, tuple(titles),
        tuple(sorted({fold_name(n) for n in school_names if fold_name(n)})),
    )


def _folded_expr(cell: pl.Expr) -> pl.Expr:
    """:func:`attcli.config.fold_name` of a stripped cell, as an expression."""
    return cell.str.replace_all(r"\s+", " ").str.to_lowercase()


#: An MIS id as a pupil's row holds it: one word holding a digit (no sentence, no label)
_ID_LIKE = re.compile(r"^[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*$")


def _refuse_row_above_header(
    src: Source, match: HeaderMatch, line: int, cells: list[str | None], *, table: bool = False
) -> None:
    """Refuse a row above the header row that is a pupil's row: its cell under the pupil
    key's header a UPN (or an MIS id), or a key a row below the header holds, and most of
    the header's fields (three or more) and half its sessions filled in, as a data row.
    Rows above the header are read as title rows and skipped, so such rows were lost with
    no word but the file report's: the sessions of a pupil left out, who then "joined" on
    their next mark.  Excel's Sort without "My data has headers" moves the header row
    among the rows so."""
    key = next((f for f in ("upn", "mis_id") if f in match.found), None)
    if key is None:
        return
    at = match.found[key]
    value = cell_text(cells[at]) if at < len(cells) else None
    if not value:
        return
    value = value.strip()
    below = {
        cell_text(c[at]).strip()
        for first, _end, c in src.head
        if first > match.end_line and at < len(c) and cell_text(c[at])
    }
    shaped = re.match(UPN_RE, upn_text(value)) if key == "upn" else _ID_LIKE.match(value)
    if not shaped and value not in below:  # (a pupil key, or one a row below holds)
        return
    def has(i: int) -> bool:
        return i < len(cells) and bool(cell_text(cells[i]))

    # (as a data row fills them: most of the header's fields, and half its sessions or more;
    # a summary above the register, UPN, name and a percentage, does not)
    filled = sum(map(has, match.found.values()))
    sessions = sum(map(has, match.session_columns))
    if filled < max(min(3, len(match.found)), (3 * len(match.found) + 4) // 5) or (
        2 * sessions < len(match.session_columns)
    ):
        return
    u = unit(src.name)
    raise input_error(
        f"this {u}, above the header row ({u} {match.line}), is a pupil's row (its "
        f"{match.cells[at]!r} cell is {value!r}): rows above the header are not read, so "
        f"{'it would be left out' if table else 'its sessions would be lost'}; the header "
        "row looks sorted in among the rows (Excel's Sort without 'My data has headers' "
        "ticked)",
        file=src.name,
        line=line,
        hint="put the header row back as the first row (in Excel: undo the sort, or cut the "
        "header row and insert it at the top) and save, or export "
        + ("it" if table else "the register")
        + " again",
    )


def _refuse_lost(
    src: Source, match: HeaderMatch | None, where: Callable[[int, int], bool]
) -> None:
    """Refuse the first of the sheet's cells whose value attcli cannot read
    (:attr:`Source.lost`) that ``where(row, column)`` says matters: calamine reads them as
    blank, so a mark, a pupil's name or a day's date was lost with nothing said."""
    hits = sorted(k for k in src.lost if where(*k))
    if not hits:
        return
    row, col = hits[0]
    ref, held = src.lost[(row, col)]
    header = None
    if match is not None and row > match.end_line and col < len(match.cells):
        header = match.cells[col] or None
    if held.startswith("e:"):
        error, _, formula = held[2:].partition(" ")
        raise input_error(
            f"cell {ref} holds {error}, the error Excel shows when a formula fails"
            f"{' ' + formula if formula else ''}, not a value attcli can read",
            file=src.name,
            line=row,
            column=header,
            hint="put the right value in the cell in Excel (type the mark, or mend the "
            "formula) and save the workbook, or export the register again from your MIS",
        )
    raise input_error(
        f"cell {ref} holds a formula ({held[2:]}) whose value was never worked out (the "
        "workbook was written by a program and not opened and saved in Excel since), so "
        "attcli cannot know what it shows",
        file=src.name,
        line=row,
        column=header,
        hint="open the workbook in Excel (or LibreOffice Calc) and save it, then give it again",
    )


def _title_school(texts: list[str]) -> str | None:
    """The school a title row names, from its cells' texts (blank cells left out): when
    its first cell says ``School:`` (or ``School name:``), the text after it in that cell,
    else the next cell's, unless that is a label of its own.  Only that cell: the row's
    other cells (a print time, a page number) are not the school's name, which would
    otherwise change with every export (docs/decisions.md, "An export of another
    school")."""
    m = _SCHOOL_TITLE.match(texts[0])
    if m is None:
        return None
    if m[1]:
        return m[1]
    if len(texts) > 1 and not _LABEL.match(texts[1]):
        return texts[1]
    return None


# ---------------------------------------------------------------------------------------
# Fields parsed per distinct value

Explain = Callable[[str | None], tuple[str, str | None]]  # raw value -> (message, hint)


class _Distinct:
    """Each read column's distinct values (:func:`attcli.lookup.distinct_of`), found for
    every column a register's checks and parsing ask of in one query (the columns side by
    side, one on each core), not by each check again: the UPN column's were found twice,
    the names' twice, the group's and the date's twice more, one pass over every row each
    (issue 15).  Good while the frame holds the rows they were found on and its columns
    are those it was read with (no column of these names is ever rewritten in place:
    parsing writes the fields under their own names); rows taken out (a repeated header,
    a footer: the frame's height changes) and they are found again, once, on the rows
    kept.  ``same``: a column that is another under a second name (``raw_mark``, the
    mark's column until it is dropped), whose values are the other's."""

    def __init__(self, columns: Collection[str], same: Mapping[str, str] | None = None):
        self._columns = list(dict.fromkeys(columns))
        self._same = dict(same or {})
        self._height = -1
        self._found: dict[str, pl.Series] = {}
        #: each field's parsed values, from the distinct values (:func:`_parse_fields`),
        #: and the frame's height they were parsed at
        self._parsed: dict[str, tuple[int, pl.Series]] = {}

    def found(self, frame: pl.DataFrame, values: Mapping[str, pl.Series]) -> None:
        """``values``: distinct values of ``frame``'s columns found already (the read's,
        :func:`_own_categories`), not found again while its rows are the same."""
        if values:
            self._found = {c: v for c, v in values.items() if c in self._columns}
            self._height = frame.height

    def of(self, frame: pl.DataFrame, column: str) -> pl.Series:
        return self.of_all(frame, [column])[column]

    def of_all(self, frame: pl.DataFrame, columns: Collection[str]) -> dict[str, pl.Series]:
        """The distinct values of each of ``columns`` (those not found yet: in one query)."""
        if frame.height != self._height:
            self._found = distinct_of(frame, [c for c in self._columns if c in frame.columns])
            self._height = frame.height
        missing = [c for c in dict.fromkeys(columns) if self._same.get(c, c) not in self._found]
        for c, values in distinct_of(frame, missing).items():
            self._found[self._same.get(c, c)] = values
        return {c: self._found[self._same.get(c, c)] for c in columns}

    def parsed(self, frame: pl.DataFrame, name: str, values: pl.Series) -> None:
        """``values``: field ``name`` parsed from each of its column's distinct values in
        ``frame``: each value some row's, and every row's among them."""
        self._parsed[name] = (frame.height, values)

    def distinct_parsed(self, frame: pl.DataFrame, name: str) -> pl.Series:
        """The distinct values of ``frame``'s parsed column ``name``: from its distinct
        values as parsed while the rows are those they were parsed on, else from the rows."""
        height, values = self._parsed.get(name, (-1, None))
        if values is None or height != frame.height:
            values = frame.get_column(name)
        return values.unique()


def _values(seen: _Distinct | None) -> _Distinct:
    """``seen``, or a :class:`_Distinct` of its own for a caller that has none (each column
    found when asked, as before)."""
    return seen if seen is not None else _Distinct(())


@dataclass
class _Field:
    key: str  # the canonical field whose column is read
    parse: Callable[[pl.Expr], tuple[dict[str, pl.Expr], pl.Expr | None]]
    explain: Explain | None = None
    #: columns computed on the distinct values first, which ``parse`` reads by name
    #: (:func:`_mapped`)
    stage: Stage | None = None


#: A field's columns worked out on its distinct values before its parse (:func:`_mapped`)
Stage = Callable[[pl.Expr], dict[str, pl.Expr]]


def _date_stage(excel: bool | dt.date) -> Stage:
    """A date field's :class:`_Field` ``stage``: the date read and weekday written
    (:func:`date_parts`), once each, as columns ``_read_date`` and ``_read_weekday``."""

    def stage(v: pl.Expr) -> dict[str, pl.Expr]:
        date, weekday = date_parts(v, excel_serials=excel)
        return {"_read_date": date, "_read_weekday": weekday}

    return stage


def _staged_date(v: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """:func:`date_exprs` of ``v`` after :func:`_date_stage`: from its columns."""
    return date_checked(v, pl.col("_read_date"), pl.col("_read_weekday"))


#: The sheets by which a workbook attcli wrote is known (``attcli check -o x.xlsx``:
#: :mod:`attcli.report_check`; ``attcli report``: :mod:`attcli.report.xlsx`, whose title is
#: the school's setting): a glob over the exports' folder takes last week's in too.
_OWN_WORKBOOKS = (
    ("check", frozenset({"Summary", "All pupils", "Data quality"})),
    ("report", frozenset({"Summary", "Weekly", "Weekdays", "Bands", "Notes"})),
)


def _refuse_own_workbook(path: str, names: set[str]) -> None:
    """Refuse, in one line, a workbook with no register that is one attcli wrote: its
    first sheet's "no header row found" paragraph asked for a [columns] mapping of
    attcli's own output (docs/decisions.md, "Several exports given at once")."""
    for command, sheets in _OWN_WORKBOOKS:
        if sheets <= names:
            raise input_error(
                f"this is attcli's own {command} workbook (written by attcli {command}), not a "
                "register",
                file=path,
                hint="leave it out of the exports (a pattern such as *.xlsx takes it in too); "
                "the register is the attendance export, one row per pupil per session or a "
                "column per session",
            )


class FormSheets(InputError):
    """A workbook whose visible sheets each hold a register with the same headings: one
    register saved a sheet a form.  Read by :func:`attcli.loaders.load_registers` a sheet
    at a time, as exports given together (sweep layouts6); an error where one sheet is
    wanted.  ``sheets``: (place, name) of each; ``others``: the names of the sheets with no
    register (a summary), not read; ``several``: the error raised instead when a pupil's
    sessions in one sheet are all in another too (a copy of the register, not a form's
    sheet; a pupil who moved form is in two sheets on different days: sweep layouts7), and
    by a table (a pupil list, contacts), which is read from one sheet."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        hint: str,
        sheets: tuple[tuple[int, str], ...],
        others: tuple[str, ...],
        several: InputError,
    ) -> None:
        super().__init__(message, file=file, hint=hint, unit=unit(file))
        self.sheets = sheets
        self.others = others
        #: the error when the sheets are not a form each (a pupil in two: last week's copy
        #: and this week's), attcli not choosing between them
        self.several = several


def _register_sheet(
    path: str,
    first: Source,
    specs: list[Spec],
    columns: Mapping[str, str] | None,
    trust_utf8: bool,
) -> tuple[Source, Spec, HeaderMatch]:
    """The sheet of a workbook that holds the register, ``first`` being its first sheet.

    A workbook of one sheet: that sheet.  Of several: every sheet's head is looked at, and
    the one visible sheet with a header row is read (a cover sheet, the report's
    parameters or a key to the codes has none), with a note when it is not the first or
    when a hidden sheet (one the person who saved it does not see: last week's copy, a
    lookup) holds a register too; a hidden sheet only when no visible sheet holds one, nor
    has a table of pupils that attcli refused (that sheet's own error, naming it: the
    person sees a register there, and the hidden one may be last week's copy).  Several
    visible sheets with a register are an error naming them: attcli does not choose between
    them.  No sheet with one: the first sheet's own error."""
    sheets = sheet_list(Path(path))
    first_error: InputError | None = None
    found: list[tuple[int, str, bool, tuple[Source, Spec, HeaderMatch]]] = []
    refused: list[tuple[int, InputError]] = []  # visible sheets of pupils, refused
    try:
        spec, match = find_header(first.head, specs, columns, file=first.name)
        found.append((0, *(sheets[0] if sheets else ("", False)), (first, spec, match)))
    except InputError as exc:
        first_error = exc
        if len(sheets) > 1 and not sheets[0][1] and names_pupils(first.head, specs, columns):
            refused.append((0, exc))
    for index in range(1, len(sheets)):
        src = open_source(path, trust_utf8=trust_utf8, sheet=index)
        try:
            spec, match = find_header(src.head, specs, columns, file=src.name)
        except InputError as exc:
            if not sheets[index][1] and names_pupils(src.head, specs, columns):
                refused.append((index, exc))
            continue
        found.append((index, *sheets[index], (src, spec, match)))
    if found and refused and all(f[2] for f in found):
        index, exc = refused[0]
        hidden = [repr(f[1]) for f in found]
        also = (
            f"hidden sheet{'s' if len(hidden) > 1 else ''} {' and '.join(hidden)} "
            f"hold{'' if len(hidden) > 1 else 's'} a register, not read in place of this sheet "
            "(a hidden sheet may be an old copy)"
        )
        if exc.hint == PUPIL_LIST_HINT:
            # the sheet the person sees is a pupil list: the register they meant may be the
            # hidden one (or last week's): say how to have it read, and where the list goes
            hint = (
                f"{also}: if {'it' if len(hidden) == 1 else 'one'} is this week's register, "
                "unhide it and give the workbook again, or save it as a workbook of its own "
                "and give that; give the pupil list as --pupils"
            )
        else:
            hint = sentences(exc.hint, also)
        raise input_error(
            exc.detail,
            file=sheet_label(path, sheets[index][0]) if index == 0 else exc.file,
            line=exc.line,
            column=exc.column,
            value=exc.value,
            hint=hint,
        )
    shown = [f for f in found if not f[2]] or found
    if not shown:
        assert first_error is not None
        _refuse_own_workbook(path, {name for name, _hidden in sheets})
        raise first_error
    if len(shown) > 1:
        names = listed([repr(f[1]) for f in shown])  # ('7A', '7B' and 'Sheet1': sweep looks15)
        several = input_error(
            f"the first sheet ({sheets[0][0]!r}) holds no register, and sheets {names} each do"
            if first_error is not None
            else f"sheets {names} each hold a register",
            file=path,
            hint="save the sheet to check as a workbook or CSV of its own, and give that",
        )
        heads = {tuple((c or "").strip().lower() for c in f[3][2].cells) for f in shown}
        if len(heads) == 1:
            # one register saved a form (or a year) a sheet, each sheet's headings the same:
            # read, each sheet is a file of its own (sweep layouts6, docs/decisions.md)
            raise FormSheets(
                f"sheets {names} each hold a register with the same headings (one register "
                "saved with a sheet for each form)",
                file=path,
                hint="read by the register's loader a sheet at a time",
                sheets=tuple((f[0], f[1]) for f in shown),
                others=tuple(n for n, _h in sheets if n not in {f[1] for f in shown}),
                several=several,
            )
        raise several
    index, _name, hidden, (src, spec, match) = shown[0]
    why = []
    if first_error is not None:
        why.append(f"the first, {sheets[0][0]!r}, holds none")
    skipped = [repr(f[1]) for f in found if f[2] and f[0] != index]
    if skipped:
        why.append(
            f"hidden sheet{'s' if len(skipped) > 1 else ''} {' and '.join(skipped)} "
            f"hold{'' if len(skipped) > 1 else 's'} one too, not read"
        )
    if hidden:
        why.append("it is hidden, and no sheet that is not holds one")
    if why:
        src.notes.append(f"the register is read from this sheet: {'; '.join(why)}")
    return src, spec, match


def _serials(layout: _Layout) -> bool | dt.date:
    """How a number in a date column is read: in a workbook, as an Excel serial day number
    of its date system (the day 0 of a Mac workbook's 1904 system, else True: 1900's); in a
    CSV, not at all."""
    if layout.source.date1904:
        return EXCEL_EPOCH_1904
    return is_sheet(layout.file)


def _text(key: str) -> _Field:
    return _Field(key, lambda v: ({key: stripped(v)}, None))


def _label(key: str) -> _Field:
    """A label no figure rests on (a form, a school, a gender): R's ``NA`` (and the other
    programs' empty values, :data:`EMPTY_VALUES`) read as no value, said by
    :func:`_note_empty_labels` (sweep layouts6)."""
    return _Field(key, lambda v: ({key: empty_as_null(stripped(v))}, None))


def _name(key: str) -> _Field:
    return _Field(key, lambda v: ({key: name_text(v)}, None))


def _fields(layout: _Layout, shape: str) -> list[_Field]:
    c = layout.cols
    excel = _serials(layout)
    out: list[_Field] = []
    if layout.key == "upn" and "mis_id" in c:
        out.append(_text("mis_id"))
    if "surname" in c and "forename" in c:
        out += [_name("surname"), _name("forename")]
    elif "name" in c:

        def split_name(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
            parts = stripped(v).str.extract_groups(r"^([^,]*?)\s*,\s*(.*?)$")
            surname = name_text(parts.struct.field("1"))
            forename = name_text(parts.struct.field("2"))
            # "Madonna," is a child known by one name, as a blank forename column is; no
            # comma ("Smith John" unsplit?) or no name at all is refused
            return {"surname": surname, "forename": forename}, (
                parts.struct.field("1").is_null() | (surname.is_null() & forename.is_null())
            )

        out.append(
            _Field(
                "name",
                split_name,
                lambda v: (
                    "pupil name is not 'Surname, Forename'"
                    if v is not None and not shows_nothing(v.replace(",", ""))
                    else "pupil has no name",
                    "a single name column must hold 'Surname, Forename'; or export separate "
                    "surname and forename columns",
                ),
            )
        )
    if "dob" in c:

        def dob(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
            d, bad = _staged_date(v)
            return {"dob": d}, bad

        out.append(
            _Field(
                "dob",
                dob,
                lambda v: ("date of birth " + explain_date(str(v), excel_serials=excel), None),
                _date_stage(excel),
            )
        )
    if "year_group" in c:

        def year(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
            yg = pl.col("_read_year")  # (the stage's: its expression copied twice, once)
            return {"year_group": yg}, year_group_bad(v, yg)

        out.append(
            _Field(
                "year_group",
                year,
                lambda v: ("not a year group", f"year groups are written {YEAR_GROUP_TEXT}"),
                lambda v: {"_read_year": year_group_exprs(v)[0]},
            )
        )
    out += [_label(f) for f in _STRING_FIELDS if f in c]
    if "sen" in c:  # (a blank cell is no SEN; no column, no value known)
        out.append(_Field("sen", lambda v: ({"sen": sen_text(v)}, None)))
    for attr in _YES_NO_FIELDS:
        if attr in c:

            def yes_no(v: pl.Expr, attr: str = attr) -> tuple[dict[str, pl.Expr], pl.Expr]:
                value, bad = yes_no_exprs(v)
                return {attr: value}, bad

            out.append(
                _Field(attr, yes_no, lambda v: ("not a yes/no value", f"write {YES_NO_TEXT}"))
            )
    if shape == "long":
        out += _session_fields(layout, excel)
    return out


def _session_fields(layout: _Layout, excel: bool | dt.date) -> list[_Field]:
    """The date and session of a long register's rows: from date and session columns, or
    from a date-time (or a start time) when the register has no session column."""
    c = layout.cols
    out: list[_Field] = []
    if _date_and_session(layout):

        def both(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
            d, s, bad = date_session_exprs(v)
            return {"date": d, "session": s.cast(SESSION_DTYPE)}, bad | (d.dt.weekday() >= 6)

        def explain_both(v: str | None) -> tuple[str, str | None]:
            if v is None or not v.strip():
                return "no date and session", f"each cell of the column is {DATE_SESSION_TEXT}"
            hint = excel_date_session_hint(v, excel)
            one = pl.DataFrame({"v": [v]}, schema={"v": pl.String})
            d = one.select(date_session_exprs("v")[0]).item()
            if d is not None and d.weekday() >= 5:
                return _weekend_message(d)[0], hint
            return explain_date_session(v, excel), hint

        return [_Field("date", both, explain_both)]
    if "date" in c:

        def date(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
            d, bad = _staged_date(v)
            return {"date": d}, bad | stripped(v).is_null() | (d.dt.weekday() >= 6)

        def explain(v: str | None) -> tuple[str, str | None]:
            if v is None or not v.strip():
                return "no date", f"every row needs the date of its session, {DATE_FORMATS_TEXT}"
            if timed := excel_time_cell(v, excel):
                return timed
            one = pl.DataFrame({"v": [v]}, schema={"v": pl.String})
            d = one.select(date_exprs("v", excel_serials=excel)[0]).item()
            if d is not None and d.weekday() >= 5:
                return _weekend_message(d)
            return explain_date(v, excel_serials=excel), None

        out.append(_Field("date", date, explain, _date_stage(excel)))
    if "datetime" in c:
        target = "_stamp_date" if "date" in c else "date"

        def stamp(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
            d, minutes, bad = datetime_exprs(v, excel_serials=excel)
            weekend = d.dt.weekday() >= 6
            return {target: d, "_minutes": minutes}, bad | stripped(v).is_null() | weekend

        def explain_stamp(v: str | None) -> tuple[str, str | None]:
            if v is None or not v.strip():
                return (
                    "no date and time",
                    f"every row needs the start of its session: {DATETIME_FORMATS_TEXT}",
                )
            if timed := excel_time_cell(v, excel):
                return timed
            one = pl.DataFrame({"v": [v]}, schema={"v": pl.String})
            d = one.select(datetime_exprs("v", excel_serials=excel)[0]).item()
            if d is not None and d.weekday() >= 5:
                return _weekend_message(d)
            return explain_time(v, stamp=True, excel_serials=excel), None

        out.append(_Field("datetime", stamp, explain_stamp))
    elif "start_time" in c and "session" not in c:

        def clock(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
            minutes, bad = minutes_exprs(v, excel_serials=excel)
            return {"_minutes": minutes}, bad | stripped(v).is_null()

        def explain_clock(v: str | None) -> tuple[str, str | None]:
            if v is None or not v.strip():
                return (
                    "no start time",
                    f"every row needs the start time of its session, {TIME_FORMATS_TEXT}",
                )
            return explain_time(v, stamp=False, excel_serials=excel), None

        out.append(_Field("start_time", clock, explain_clock))
    if "session" in c:

        def session(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
            s, bad = session_exprs(v)
            # as the register's Enum here, on the distinct values: each row then takes it
            # by code (a cast of every row's text took 0.16 s at 20,000 pupils)
            return {"session": s.cast(SESSION_DTYPE)}, bad

        out.append(
            _Field(
                "session",
                session,
                lambda v: (
                    "not a session" if v is not None and v.strip() else "no session",
                    f"sessions are {SESSION_VALUES_TEXT}",
                ),
            )
        )
    return out


def _weekend_message(d: dt.date) -> tuple[str, str]:
    return (
        f"{WEEKDAY_NAMES[d.weekday()]} {d:%d/%m/%Y} is a weekend day; "
        "registers have weekday sessions only",
        f"check the date is written {DATE_FORMATS_TEXT}",
    )


# ---------------------------------------------------------------------------------------


def _scan(
    layout: _Layout,
    keep: list[pl.Expr],
    adjust: bool,
    found: dict[str, pl.Series] | None = None,
) -> pl.DataFrame:
    """The one pass over the file: field columns as Categorical, ``keep`` as they are.
    ``found``: filled with each field column's distinct values where the read gives them
    (:func:`_own_categories`)."""
    csv = layout.source.kind == "csv"
    width = len(layout.names)
    used = _used(layout.cols)
    own = used if found is not None and csv and not keep and _kinds_later(layout) else []
    # One column more than the header in a CSV file: a cell there has no header.
    raw = layout.source.scan(layout.match.end_line, width + csv, adjust, own=own)
    # the cell beyond the header's last (nearly always empty): only whether it is set; its
    # text is read again, from the file, when it is
    extra = [pl.col(f"c{width}").is_not_null().alias("_extra")] if csv else []
    try:
        frame = raw.select(
            *[pl.col(n) if n in own else pl.col(n).cast(pl.Categorical) for n in used],
            *keep,
            *([] if _kinds_later(layout) else _row_kind_exprs(layout)),
            *extra,
            pl.col("line").cast(pl.Int32),  # Int64 in the register (_finish)
        ).collect(engine="streaming")
    except pl.exceptions.PolarsError as exc:
        if layout.source.unchecked_utf8:  # perhaps not UTF-8: open it again, checked
            raise Unchecked(layout.file) from None
        raise read_error(layout.source, exc) from None
    if own:
        assert found is not None
        found.update(_own_categories(frame, own))
    _rechunk_in_place(frame)
    if csv:
        beyond = frame.clear()
        if frame.get_column("_extra").any():
            beyond = (
                layout.source.scan(layout.match.end_line, width + 1, adjust)
                .select("line", stripped(f"c{width}").alias("_extra"))
                .filter(pl.col("_extra").is_not_null())
                .collect()
            )
        if beyond.height:
            first = beyond.sort("line").row(0, named=True)
            if bare_return(layout.source.path, first["line"]):
                refuse_bare_return(layout.file, first["line"])
            raise input_error(
                f"more cells than the header row ({layout.unit} {layout.match.line} has "
                f"{layout.match.width or width}): cell {width + 1} has no header",
                file=layout.file,
                line=first["line"],
                value=first["_extra"],
                hint=_quote_the_separator(layout.source.separator),
            )
        frame = frame.drop("_extra")
    return frame


def _quote_the_separator(sep: str) -> str:
    """What to do about a CSV row with more cells than its header: the file's separator
    (a comma, or its ``sep=`` line's) inside a cell not quoted."""
    if sep == ",":
        return 'a cell that holds a comma must be in quotes ("Smith, Ava"): export the register again'
    what = separator_name(sep)[:-1]
    return (
        f"a cell that holds a {what} (the file's separator, as its first line {sep_text(sep)} "
        f'says) must be in quotes ("Smith{sep} Ava"): export the register again'
    )


def _row_kind_exprs(layout: _Layout) -> list[pl.Expr]:
    """Whether a row is blank (``_blank``: every cell read is; one with cells only in
    columns not read has nothing the command reads) and its first cell (``_first``)."""
    names = layout.read_names
    return [
        pl.all_horizontal([pl.col(n).is_null() for n in names]).alias("_blank"),
        pl.coalesce(names).cast(pl.Categorical).alias("_first"),
    ]


def _fields_read(
    match: HeaderMatch, attributes: bool | Collection[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The columns of the fields read (field -> ``cN``), and those of the attribute fields
    found but not read (:func:`open_layout`'s ``attributes``)."""
    cols = {f: f"c{i}" for f, i in match.found.items()}
    wanted = ATTRIBUTE_COLUMNS if attributes is True else () if attributes is False else attributes
    unread = {a: cols.pop(a) for a in ATTRIBUTE_COLUMNS if a in cols and a not in wanted}
    return cols, unread


def _used(cols: Mapping[str, str]) -> list[str]:
    """The columns of the fields read, in the file's order (the read's ``own``)."""
    return sorted(set(cols.values()), key=lambda n: int(n[1:]))


def _kinds_later_of(match: HeaderMatch, cols: Mapping[str, str], unread: Mapping[str, str]) -> bool:
    """:func:`_kinds_later` of the layout these make."""
    skip = set(unread.values())
    return {f"c{i}" for i in range(len(match.cells))} - skip <= set(cols.values())


def _kinds_later(layout: _Layout) -> bool:
    """Whether :func:`_row_kind_exprs` can be made after the read, from the frame's own
    columns, on the rows that need them (with a key, those without one: nearly always
    none): every column read is a field's.  Two columns of every row less in the scan
    (about 4 bytes a row: about 150 MB at 100,000 pupils, at the load's peak; issue 15).
    Cells written ``="..."`` are then read as the text inside (:func:`_read` unwraps them
    first), so a footer ``="Total"`` is the footer 'Total' (made in the scan from the raw
    text it was refused as a pupil row with no UPN, '="Total"': sweep mutnew2)."""
    return _kinds_later_of(layout.match, layout.cols, layout.unread)


def _with_row_kinds(layout: _Layout, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``_blank`` and ``_first``, made now if the scan left them
    (:func:`_kinds_later`)."""
    if "_blank" in frame.columns:
        return frame
    return frame.with_columns(_row_kind_exprs(layout))


#: The rows up to which a register's columns are made whole two at a time (a column of 4
#: bytes a row: 64 MiB; 20,000 pupils' year is 7.5 million rows, 100,000 pupils' 37 million).
_PAIR_ROWS = 1 << 24
#: The cells up to which a frame's columns are made whole all at once (a copy of a few MB)
_ONCE_CELLS = 1 << 20


def _own_categories(frame: pl.DataFrame, own: list[str]) -> dict[str, pl.Series]:
    """Each of ``own`` (columns read as Categoricals of their own categories) put in
    ``frame`` as the register's Categorical, in one piece; returned: each one's distinct
    values (a blank as null), as :func:`attcli.lookup.distinct_of` finds them.

    A column read with categories of its own has them as its distinct values: the texts
    read into it, in the order of their codes, and no other (``Categories.to_series``).
    Each row takes the register's code of its text from that table by its own code (a
    gather, two columns side by side in a large frame, each made whole in the gather),
    where the distinct values were found by a pass over every row's codes and the chunks
    the scan gives were copied whole before it (issue 15: 0.25 s and 0.23 s of CPU at
    20,000 pupils, against 0.29 s for the gathers).  A code the categories reserved but never gave a
    text (Polars' note on concurrent reads) is no row's: it is no distinct value.  The
    distinct values come in the order of their codes, not of their first rows: no check
    reads them in order (each names a value by its row's line)."""
    tables = {}
    found: dict[str, pl.Series] = {}
    for name in own:
        dtype = frame.schema[name]
        assert isinstance(dtype, pl.Categorical)
        table = dtype.categories.to_series().cast(pl.Categorical).alias(name)
        tables[name] = table
        values = table.drop_nulls()
        if frame.get_column(name).null_count():
            values = values.extend(pl.Series(name, [None], pl.Categorical))
        found[name] = values
    # (made whole as :func:`_rechunk_in_place` makes columns whole: :func:`_in_groups`)
    for group in _in_groups(frame, own):
        part = frame.select(
            pl.lit(tables[n]).gather(pl.col(n).to_physical()).alias(n) for n in group
        )
        _set_columns(frame, part)
        del part  # (no reference to the old columns kept)
    return found


def _rechunk_in_place(frame: pl.DataFrame) -> None:
    """Each column of ``frame`` in one piece, a column or two at a time.

    A scan gives every column in many chunks (one per batch of rows) and a column computed
    from them comes in one, and Polars makes a frame of columns chunked differently whole
    by copying every column at once: a second copy of the register (2.4 GB at 100,000
    pupils).  One column at a time costs one column's copy (issue 15); two at a time
    (side by side, one on each core) are faster (0.26 s -> 0.19 s at 20,000 pupils, 5.9 s
    -> 5.7-5.8 s for the whole check) but hold two columns' copy, and the read is the peak of
    a large register (3.3 GB -> 3.8 GB at 100,000 pupils): two up to
    :data:`_PAIR_ROWS` rows, one beyond."""
    chunked = [c for c in frame.columns if frame.get_column(c).n_chunks() > 1]
    for group in _in_groups(frame, chunked):
        part = frame.select(group).rechunk()
        _set_columns(frame, part)
        del part  # (no reference to the old columns kept)


def _in_groups(frame: pl.DataFrame, names: list[str]) -> Iterator[list[str]]:
    """``names`` (columns of ``frame``) in the groups a step that makes each whole takes
    them in (:func:`_rechunk_in_place`, :func:`_own_categories`): two at a time up to
    :data:`_PAIR_ROWS` rows, one beyond; all at once in a small frame (the copy is nothing:
    one query, not one a pair; a workbook's 154 session columns were 77 queries, issue 15)."""
    step = 2 if frame.height <= _PAIR_ROWS else 1
    if frame.height * len(names) <= _ONCE_CELLS:
        step = max(len(names), 1)
    for k in range(0, len(names), step):
        yield names[k : k + step]


def _read(
    layout: _Layout,
    keep: list[pl.Expr],
    notes: list[str] | None = None,
    found: dict[str, pl.Series] | None = None,
) -> pl.DataFrame:
    """The rows below the header (:func:`_scan`); ``found``: as :func:`_scan` fills it,
    left empty where the values are not those read (a cell written ``="..."`` read as
    its text)."""
    frame = _scan(layout, keep, adjust=False, found=found)
    if not layout.source.exact(layout.match.end_line, frame.height):
        if found is not None:
            found.clear()
        frame = _scan(layout, keep, adjust=True, found=found)
    read = _text_formulas(layout, frame, notes)
    if read is not frame and found is not None:
        found.clear()
    return read


#: A cell an export wrote as an Excel formula that gives text (``="001003"``: Excel then
#: shows the text as it is, leading zeros and all, not as a number or date)
_TEXT_FORMULA = r'^\s*="([^"]*)"\s*$'


def _text_formulas(layout: _Layout, frame: pl.DataFrame, notes: list[str] | None) -> pl.DataFrame:
    """``frame`` with each field cell written ``="text"`` read as its text: the UPN was
    '="E999200119001"' in every output, a date so written no date.  A note names the
    columns.  Looked for in a CSV whose bytes hold '="' (:attr:`Source.text_formula`), on
    the columns' distinct values."""
    from attcli.lookup import distinct_of

    if not layout.source.text_formula:  # (a CSV's bytes hold no '="': most files)
        return frame
    used = sorted(
        {c for c in layout.cols.values() if frame.schema.get(c) == pl.Categorical},
        key=lambda n: int(n[1:]),
    )
    found = distinct_of(frame, used)
    hits = [c for c, v in found.items() if v.cast(pl.String).str.contains(_TEXT_FORMULA).any()]
    if not hits:
        return frame
    frame = frame.with_columns(
        pl.col(c).cast(pl.String).str.replace(_TEXT_FORMULA, "${1}").cast(pl.Categorical)
        for c in hits
    )
    if notes is not None:
        names = ", ".join(repr(layout.match.cells[int(c[1:])]) for c in hits)
        notes.append(
            f"{layout.file}: cells written =\"...\" (a formula that makes Excel show the "
            f"text as it is) read as the text inside, in column{'s' if len(hits) > 1 else ''} "
            f"{names}"
        )
    return frame


def _mapped(
    frame: pl.DataFrame,
    src: str,
    parse: Callable[[pl.Expr], tuple[dict, pl.Expr | None]],
    distinct: pl.Series | None = None,
    seen: _Distinct | None = None,
    stage: Stage | None = None,
    table: pl.DataFrame | None = None,
):
    """Parse the distinct values of Categorical column ``src`` (``distinct``: found
    already): ``(outputs, bad values)``.  ``stage``: columns worked out first, which
    ``parse``'s expressions read by name (an expression used several times in the parse
    computed once: a small query's cost is its expression's size).  ``table``: the frame
    of ``distinct`` as text (``v``) with such columns, made by the caller (which reads
    them too)."""
    if distinct is None:
        distinct = each_value(frame.get_column(src))
    values = pl.DataFrame({"v": distinct.cast(pl.String)}) if table is None else table
    if stage is not None:
        values = values.with_columns(**stage(pl.col("v")))
    outs, bad = parse(pl.col("v"))
    parsed = values.select(
        *[e.alias(k) for k, e in outs.items()],
        (bad if bad is not None else pl.lit(False)).fill_null(False).alias("_bad"),
    )
    exprs = []
    as_text = values.get_column("v")
    for k in outs:
        values = parsed.get_column(k)
        if seen is not None:
            seen.parsed(frame, k, values)
        if values.dtype == pl.String:  # text stays Categorical: no string made per row
            if values.equals(as_text):  # every cell as exported (names, mostly): no gather
                exprs.append(pl.col(src).alias(k))
                continue
            values = values.cast(pl.Categorical)
        exprs.append(by_code(src, distinct, values).alias(k))
    return exprs, distinct.filter(parsed.get_column("_bad"))


def _ranges(lines: list[int]) -> str:
    parts: list[str] = []
    start = prev = None
    for n in sorted(lines):
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ", ".join(parts)


def _row_text(values: list[object]) -> str:
    return excerpt(", ".join(str(v).strip() for v in values if v is not None and str(v).strip()))


def _repeated_headers(
    layout: _Layout, frame: pl.DataFrame, key: str, distinct: pl.Series | None = None
) -> tuple[pl.DataFrame, list[str]]:
    """``frame`` without the header row repeated below it, cell for cell (a register report
    printed a class at a time repeats it above each class), nor the title row just above
    each repeat (a row of one cell, "Class 8A"), and what was skipped, said.  Neither holds a
    mark; read as pupil rows they were a pupil 'UPN' whose date of birth is 'Date of Birth'.
    Found from the key column's distinct values: no pass over the rows when none is the
    header's text; a row that is not the header cell for cell stays, for the reading that
    follows to refuse.  ``distinct``: the key column's distinct values, found already."""
    match = layout.match
    if match.line != match.end_line:  # a header of two rows or a cell with a line break
        return frame, []
    src = layout.cols[key]
    # the key's own header text, and any other of the header's (a header repeated with its
    # columns in another order, the key's moved too: "Surname" in the UPN column, refused
    # below as that, not as a date of birth 'Date of Birth'; sweep leftovers14)
    heads = {layout.header(key).strip().lower()} | {
        c.strip().lower() for c in match.cells if c and c.strip()
    }
    values = (distinct if distinct is not None else each_value(frame.get_column(src))).cast(
        pl.String
    )
    hits = values.filter(_without_bom(values).str.to_lowercase().is_in(sorted(heads)))
    if not hits.len():
        return frame, []
    lines = frame.filter(pl.col(src).cast(pl.String).is_in(hits.implode())).get_column("line")
    # each candidate, and the lines above it (its title row, perhaps a blank between; a
    # printed page's head: the report's title rows, back to the page line above them)
    near = sorted({n - k for n in lines.to_list() for k in range(_PAGE_HEAD + 2)})
    raw = layout.source.scan(
        match.end_line, len(layout.names), not layout.source.exact(match.end_line, frame.height)
    )
    rows = raw.filter(pl.col("line").is_in(near)).collect().sort("line")
    cells = [c.strip().lower() for c in match.cells]
    text = [stripped(_without_bom(pl.col(n))) for n in layout.names]
    rows = rows.with_columns(
        pl.all_horizontal(
            [
                t.str.to_lowercase().fill_null("") == (cells[i] if i < len(cells) else "")
                for i, t in enumerate(text)
            ]
        ).alias("_header"),
        (pl.sum_horizontal([t.is_not_null() for t in text]) == 1).alias("_one"),
        (pl.sum_horizontal([t.is_not_null() for t in text]) == 0).alias("_empty"),
        pl.coalesce(text).alias("_label"),
        *_furniture_columns(text, layout.school_names),
        pl.col(layout.names[0])
        .cast(pl.String)
        .str.strip_chars_start(DOS_EOF)
        .str.starts_with(BOM)
        .fill_null(False)
        .alias("_bom"),
    )
    by_line = {r["line"]: r for r in rows.iter_rows(named=True)}
    drop: list[int] = []
    said: list[tuple[int, str | None, int | None, bool]] = []
    first: dict[int, str] = {}  # each repeat's first title row
    for n in sorted(set(lines.to_list())):
        if not by_line.get(n, {}).get("_header"):
            _refuse_other_sessions_header(layout, by_line.get(n), n)
            _refuse_reordered_header(layout, by_line.get(n), n)
            continue
        drop.append(n)
        joined = by_line[n]["_bom"]  # after a byte-order mark: two files joined in one
        head = _page_head(layout, by_line, n)
        if head:
            drop.extend(head)
            title = [
                by_line[k]["_label"]
                if by_line[k]["_one"]
                else _row_text([by_line[k][c] for c in layout.names])  # furniture's cells
                for k in sorted(head)
            ]
            first[n] = title[0]
            label = (
                f"row {title[0]!r} ({layout.unit} {head[0]})"
                if len(head) == 1
                else f"rows {', '.join(repr(t) for t in title)} ({layout.unit}s "
                f"{_ranges(sorted(head))})"
            )
            said.append((n, label, min(head), joined or any(by_line[k]["_bom"] for k in head)))
        else:
            said.append((n, None, None, joined))
    if not drop:
        return frame, []
    what = "header row repeated (a report printed in parts) skipped"
    joined = "header row repeated (two files joined into one: a byte-order mark starts it) skipped"
    after = ", some after a byte-order mark (files joined into one)"
    u = layout.unit
    if len(said) <= 3:
        out = [
            f"{u} {n}: {joined if bom else what}"
            + (f", with its title {label}" if label is not None else "")
            for n, label, at, bom in said
        ]
    else:
        titles = [first[n] for n, label, _, _ in said if label is not None]
        out = [
            f"{len(said)} header rows repeated (a report printed in parts) skipped ({u}s "
            f"{_ranges([n for n, _, _, _ in said])})"
            + (
                f", with {len(titles)} title rows above them ({titles[0]!r} ...)"
                if titles
                else ""
            )
            + (after if any(bom for *_, bom in said) else "")
        ]
    return frame.filter(~pl.col("line").is_in(drop)), out


#: the most rows of one cell read as a printed page's head above its repeated headings
_PAGE_HEAD = 5
#: a line that is only a printed page's number ("Page 2 of 3", "Page 2 / 3"): a report
#: engine's page header or footer (docs/presets.md, "A report printed page by page")
PAGE_LINE = re.compile(r"(?i)^\s*page\s+(\d+)\s*(?:of|/)\s*(\d+)\s*$")
#: a cell a report engine prints beside a page's number, never a pupil's: when and by whom
#: it was printed ("Printed 06/12/2026 09:14 by J Smith", "Printed on: 18/09/2026"), the
#: date (and time) alone, a protective marking ("Confidential", "OFFICIAL-SENSITIVE")
#: (docs/presets.md, "A report printed page by page"; sweep layouts7)
FURNITURE = re.compile(
    r"(?i)^\s*(?:"
    r"(?:report\s+)?(?:printed|produced|generated|created|exported)(?:\s+(?:on|by|at))?\s*:?\s+\S.*"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?"
    r"|(?:strictly\s+)?(?:private\s+(?:and|&)\s+)?confidential\b.*"
    r"|official(?:[\s-]+sensitive)?\b.*"
    r")\s*$"
)


#: a UPN anywhere in a text (spaces taken out first): a cell holding one is a pupil's
_UPN_ANYWHERE = r"(?i)[A-Z][0-9]{11}[0-9A-Z]"


#: a cell that is a page's number or :data:`FURNITURE`, as a pattern for polars
_FURNITURE_CELL = f"(?i)(?:{PAGE_LINE.pattern[4:]})|(?:{FURNITURE.pattern[4:]})"


def _furniture_columns(cells: list[pl.Expr], school: Collection[str] = ()) -> list[pl.Expr]:
    """``_furn`` (:func:`_furniture_expr`) and ``_page`` (the first cell that is a printed
    page's number, else null) of a row of stripped ``cells``: what every look for a page's
    furniture reads of a row (sweep layouts7).  ``school``: the school's folded names."""
    return [
        _furniture_expr(cells, school).alias("_furn"),
        pl.coalesce([pl.when(c.str.contains(PAGE_LINE.pattern)).then(c) for c in cells]).alias(
            "_page"
        ),
    ]


def _furniture_expr(cells: list[pl.Expr], school: Collection[str] = ()) -> pl.Expr:
    """A row that is certainly a printed page's furniture: a cell or more (the row's
    stripped cells), each certainly so: its text a page's number or one of
    :data:`FURNITURE` (:data:`_FURNITURE_CELL`), or the school's name as its config gives
    it (``school``, folded: sweep layouts8), and no UPN in it."""
    return pl.all_horizontal(
        [
            c.is_null()
            | (
                (c.str.contains(_FURNITURE_CELL) | _school_cell(c, school))
                & ~c.str.replace_all(r"\s", "").str.contains(_UPN_ANYWHERE)
            )
            for c in cells
        ]
    ) & (pl.sum_horizontal([c.is_not_null() for c in cells]) >= 1)


def _school_cell(cell: pl.Expr, school: Collection[str]) -> pl.Expr:
    """Whether a stripped cell is the school's name (``school``: its folded names)."""
    if not school:
        return pl.lit(False)
    return _folded_expr(cell).is_in(sorted(school)).fill_null(False)


def _page_head(layout: _Layout, by_line: dict[int, dict], n: int) -> list[int]:
    """The lines of the title rows just above the headings repeated at line ``n`` (blank
    lines between left out): the one row of one cell just above them (a class's title,
    "Class 8A", as before), any more of one cell that are the report's own title rows
    (above its first headings: the title and printed-on date a report engine prints at the
    top of each page), and every row of one cell back to a line that is only a page's
    number ("Page 1 of 2", the page's foot or head, left for :func:`_classify_rows` to
    skip and count).  Nothing is taken past a row of more cells, a second row of one cell
    that is neither, or :data:`_PAGE_HEAD` rows."""
    end = layout.match.end_line
    ones: list[int] = []
    above = n - 1
    while above > end and len(ones) < _PAGE_HEAD:
        row = by_line.get(above)
        if row is None or row["_header"]:
            break
        if not row["_empty"]:
            if not row["_one"] and not row["_furn"]:
                break  # (a row of more cells that is certainly furniture: "Printed
                # 18/09/2026" beside "Confidential", taken as one of one cell, sweep layouts7)
            if row["_furn"] and row["_page"] is not None:
                return ones  # bounded by the page's number: the whole page head
            if re.search(UPN_RE, upn_text(row["_label"] or "")):
                break  # a pupil's row, its UPN alone: never page furniture
            ones.append(above)
        above -= 1
    kept = ones[:1]
    for k in ones[1:]:
        if by_line[k]["_label"] not in layout.titles and not by_line[k]["_furn"]:
            break
        kept.append(k)
    return kept


def _page_lines(
    layout: _Layout,
    pages: list[tuple[int, str]],
    warnings: list[str],
    said: Collection[int] = (),
) -> list[str]:
    """What is said of the lines that are only a printed page's number (``pages``: line,
    text), skipped; refused when their numbers do not follow on ("Page 1 of 3" then "Page 3
    of 3": the pupils printed on page 2 are not in the file), or name two counts of pages
    (two printouts joined).  ``said``: the lines said otherwise (a page's number beside
    other furniture, :func:`_furniture_blocks`), checked but not counted here."""
    if not pages:
        return []
    u = layout.unit
    numbers = [tuple(int(g) for g in PAGE_LINE.match(t).groups()) for _, t in pages]  # type: ignore[union-attr]
    for (line, text), (n, m), (at, was), (n0, m0) in zip(
        pages[1:], numbers[1:], pages, numbers, strict=False
    ):
        if n != n0 + 1 or m != m0 or n > m:
            lost = (
                f"page{'s' if n - n0 > 2 else ''} {n0 + 1}{f' to {n - 1}' if n - n0 > 2 else ''} "
                f"of {m} {'is' if n - n0 == 2 else 'are'} not in the file, nor are the pupils "
                f"printed on {'it' if n - n0 == 2 else 'them'}"
                if m == m0 and n0 + 1 < n <= m
                else "they are not one printout's pages in order (two printouts joined, or "
                "pages moved)"
            )
            raise input_error(
                f"the printed pages' numbers do not follow on: {u} {at} {was!r}, then {u} "
                f"{line} {text!r}",
                file=layout.file,
                line=line,
                hint=f"{lost}; save the whole report again as one file (better: export the "
                "register as data, not as printed pages) and give it again",
            )
    pages = [(line, text) for line, text in pages if line not in said]
    if not pages:
        return []
    lines = [line for line, _ in pages]
    shown = ", ".join(repr(t) for _, t in pages[:3]) + (" ..." if len(pages) > 3 else "")
    text = (
        f"{len(pages)} {u}{'s' if len(pages) != 1 else ''} of a printed page's number "
        f"skipped ({u}{'s' if len(pages) != 1 else ''} {_ranges(lines)}: {shown})"
    )
    warnings.append(f"{layout.file}: {text}")
    return [text]


def _furniture_blocks(by_line: dict[int, dict], blank: set[int]) -> set[int]:
    """The lines of a printed page's furniture among rows with no pupil key (``by_line``,
    each with ``_furn`` and ``_page``; ``blank``: the blank lines): each run of rows that are
    certainly furniture (:func:`_furniture_expr`), blank rows between them aside, that holds
    a page's number.  A run with none (a date alone among the pupils) is not taken."""
    taken: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if any(by_line[k]["_page"] is not None for k in run):
            taken.update(run)

    for line in sorted(k for k, r in by_line.items() if r["_furn"]):
        if run and not all(k in blank for k in range(run[-1] + 1, line)):
            close()
            run = []
        run.append(line)
    close()
    return taken


def _page_beside(by_line: dict[int, dict], blank: set[int], line: int) -> tuple[int, str] | None:
    """The page's number on the row next to ``line`` (blank rows between aside), above or
    below: its line and text."""
    for step in (1, -1):
        k = line + step
        while k in blank:
            k += step
        row = by_line.get(k)
        if row is not None and row.get("_page") is not None:
            return k, row["_page"]
    return None


def _refuse_furniture_beside(
    layout: _Layout, row: dict, by_line: dict[int, dict], blank: set[int], key: str | None
) -> None:
    """A row of a few cells ("Oakfield Academy"), no UPN in any, just above or below a
    page's number: a printed page's foot or head no shape tells for certain from a pupil's
    row, refused as that, saying what it would be read as (sweep layouts7)."""
    cells = [str(row[n]).strip() for n in layout.names if row.get(n) is not None]
    cells = [c for c in cells if c]
    if not cells or len(cells) > 3 or any(re.search(_UPN_ANYWHERE, re.sub(r"\s", "", c)) for c in cells):
        return
    beside = _page_beside(by_line, blank, row["line"])
    if beside is None:
        return
    _refuse_furniture(layout, row, beside[1], key, at=beside[0])


def _refuse_furniture(
    layout: _Layout, row: dict, page: str, key: str | None, at: int | None = None
) -> None:
    """Refuse ``row`` as a printed page's foot or head beside ``page`` (on the line ``at``,
    or on the row itself) that attcli cannot tell for certain from a pupil's row."""
    label = KEY_LABELS.get(key or "", key or "key")
    value = row.get(layout.cols[key]) if key is not None and key in layout.cols else None
    value = str(value).strip() if value is not None and str(value).strip() else None
    where = f" ({layout.unit} {at})" if at is not None else ""
    cells = [row[n] for n in layout.names]
    other = _row_text(cells if at is not None else [c for c in cells if str(c or "").strip() != page])
    raise input_error(
        f"a printed page's foot or head: {other!r} beside its number {page!r}{where}, which "
        "attcli cannot tell for certain from a pupil's row: read, it is a pupil "
        + (f"whose {label} is {value!r}" if value else f"with no {label}")
        + ", with no name and no marks",
        file=layout.file,
        line=row["line"],
        hint="attcli reads through a page's number and, beside it, when and by whom the page "
        "was printed ('Printed 06/12/2026 09:14 by J Smith'), a date, 'Confidential', "
        "'OFFICIAL-SENSITIVE' or the school's name as the config gives it (if this line is "
        "the school's name, add it to [school] export_names); or delete this line, or export "
        "the register as data (not as "
        "printed pages), and give it again",
    )


#: the label Excel's Data > Subtotal writes in a group's column below the group: its value
#: and the function's word ("7A Count", "Year 7 Total", "7B Average")
_SUBTOTAL = re.compile(
    r"(?i)^(.*\S)\s+(?:total|count|average|max|min|product|stddevp?|varp?)$"
)
#: the label of the grand line Excel's Data > Subtotal writes below the last group's
#: subtotal ("Grand Count", "Grand Total"): said with the subtotals (sweep layouts8)
_GRAND = re.compile(r"(?i)^\s*grand\s+(?:total|count|average|max|min|product|stddevp?|varp?)\s*$")


def _subtotal_rows(
    layout: _Layout, rows: pl.DataFrame, blank: set[int], height: int, grand: Collection[int] = ()
) -> list[tuple[int, str]]:
    """The lines (and labels) of Excel's subtotal rows among the rows with no pupil key
    (``rows``): one cell labelled "<group> <function>" (:data:`_SUBTOTAL`), every other cell
    a number or empty, where the same column of the row just above (blank rows and other
    subtotals aside: a nested subtotal) holds the group, as Excel writes it.  A label whose
    group is not the row above's is not taken (refused below as a row with no key).  A
    grand line ("Grand Max", :data:`_GRAND`) is taken just below a subtotal taken or a grand
    line (``grand``: those already read as footers, "Grand Count")."""
    found: dict[int, tuple[str, str, str]] = {}  # line: column, group, label
    number = re.compile(r"^[\d.,%\s]+$")
    for row in rows.filter(~pl.col("_empty") & ~pl.col("_numeric")).iter_rows(named=True):
        texts = [(n, str(row[n]).strip()) for n in layout.names if str(row.get(n) or "").strip()]
        words = [(n, t) for n, t in texts if not number.match(t)]
        if len(words) == 1 and (m := _SUBTOTAL.match(words[0][1])):
            found[row["line"]] = (words[0][0], m.group(1).strip(), words[0][1])
    if not found:
        return []
    near = sorted({k - d for k in found for d in range(1, 8)})
    raw = layout.source.scan(
        layout.match.end_line, len(layout.names), not layout.source.exact(layout.match.end_line, height)
    )
    above = {
        r["line"]: r for r in raw.filter(pl.col("line").is_in(near)).collect().iter_rows(named=True)
    }
    out: list[tuple[int, str]] = []
    for line, (col, group, label) in sorted(found.items()):
        if _GRAND.match(label):
            k = line - 1
            while k in blank:
                k -= 1
            if k in grand or any(k == taken for taken, _ in out):
                out.append((line, label))
            continue
        k = line - 1
        while k in blank or k in found:
            k -= 1
        value = above.get(k, {}).get(col)
        if value is not None and str(value).strip().lower() == group.lower():
            out.append((line, label))
    return out


def _skipped_rows(unit: str, rows: list[tuple[int, str]], what: str) -> str:
    """The note of ``rows`` (line, text) skipped: ``what`` ("{n} {units} of ...", its count
    and unit filled in), "skipped", their lines and the first three texts, each once."""
    n = len(rows)
    units = f"{unit}{'s' if n != 1 else ''}"
    shown = list(dict.fromkeys(t for _, t in rows))
    return (
        what.format(n=n, units=units)
        + f" skipped ({units} {_ranges([line for line, _ in rows])}: "
        + ", ".join(repr(t) for t in shown[:3])
        + (" ..." if len(shown) > 3 else "")
        + ")"
    )


def _refuse_page_foot_keys(
    layout: _Layout, frame: pl.DataFrame, src: str, kept: pl.DataFrame, key: str
) -> None:
    """A printed page's foot whose first cell is read as a pupil's key ("Oakfield", a
    key of text with no digit, or of two words, "Printed 18/09/2026"), with a page's number
    in a later cell or on the line next to it, refused as the foot it is
    (:func:`_refuse_page_foot`, :func:`_refuse_furniture`), not "pupil has no name".  Only
    the rows of such keys that are no UPN are looked at (``kept``: the keys as written and
    read), and the lines next to them."""
    spaced = kept.filter(
        (pl.col("as_written").str.contains(r"\s") | ~pl.col("as_written").str.contains(r"\d"))
        & ~pl.col("key").str.contains(UPN_RE)
    ).get_column("as_written")
    if not spaced.len():
        return
    lines = frame.filter(stripped(pl.col(src)).is_in(spaced.implode())).get_column("line")
    if lines.len() > 1000:  # (no printed page's foot: a register keyed so, refused as before)
        lines = lines.head(1000)
    near = sorted({n + k for n in lines.to_list() for k in range(-4, 5)})
    raw = layout.source.scan(
        layout.match.end_line,
        len(layout.names),
        not layout.source.exact(layout.match.end_line, frame.height),
    )
    rows = raw.filter(pl.col("line").is_in(near)).collect().sort("line")
    text = [stripped(pl.col(n).cast(pl.String)) for n in layout.names]
    rows = rows.with_columns(
        *_furniture_columns(text, layout.school_names),
        pl.all_horizontal([t.is_null() for t in text]).alias("_empty"),
    )
    by_line = {r["line"]: r for r in rows.iter_rows(named=True)}
    blank = {k for k, r in by_line.items() if r["_empty"]}
    for line in lines.to_list():
        row = by_line[line]
        _refuse_page_foot(layout, row, key)
        _refuse_furniture_beside(layout, row, by_line, blank, key)


def _refuse_page_foot(layout: _Layout, row: dict, key: str | None = "upn") -> None:
    """A row with no pupil key holding a page's number beside other text ("Page 1 of 2",
    "Oakfield Academy"): a printed page's foot or head that attcli cannot tell for certain
    from a pupil's row, refused as that (:func:`_refuse_furniture`)."""
    cells = [str(row[n]).strip() for n in layout.names if row.get(n) is not None]
    page = next((c for c in cells if PAGE_LINE.match(c)), None)
    if page is None:
        return
    _refuse_furniture(layout, row, page, key)


def _refuse_decorated_sessions(layout: _Layout, m: HeaderMatch) -> None:
    """A column headed by a date and a session with more after it, beside the session
    columns attcli reads, was left unread with nothing said, its marks with it."""
    claimed = m.claimed() | set(m.session_columns)
    for i, text in enumerate(m.cells):
        if not text or i in claimed:
            continue
        day = DATED_HEADER.match(text)
        if day and SESSION_AND_MORE.match(text[day.end() :]):
            raise input_error(
                f"the column {text!r} (column {i + 1}) is headed by a date and a session with "
                "more after it, which attcli does not read as a session column: its marks "
                "would be left out",
                file=layout.file,
                line=m.line,
                hint=f"rename it to the date and AM or PM alone (headed like "
                f"{SESSION_HEADER_EXAMPLES}), or export the register again",
            )


def _dated_non_sessions(
    layout: _Layout, sessions: Mapping[str, tuple[dt.date, str]], warnings: list[str]
) -> None:
    """Columns headed by a date and a word that is no session ('Mon 07/09/2026 Reg',
    'P1'), beside the session columns read: a lesson-monitoring export's registration
    period and lessons (SIMS, Bromcom and Arbor give them beside the AM and PM).  A
    lesson's register is no session (DOMAIN.md 1), so its marks are not counted, said in
    one note naming the columns (the file report's "columns not used" is printed
    nowhere); but on a day whose AM or PM (or both) has no column of its own such a column
    may be that session's (that day's) register under another name: refused, its marks
    would be left out (sweep leftovers7; a day with neither, sweep mutnew)."""
    m = layout.match
    claimed = m.claimed() | {int(c[1:]) for c in sessions}
    days: dict[dt.date, set[str]] = {}
    for d, s in sessions.values():
        days.setdefault(d, set()).add(s)
    found: list[tuple[int, str, str]] = []
    for i, text in enumerate(m.cells):
        day = DATED_HEADER.match(text or "")
        if not text or i in claimed or not day:
            continue
        rest = text[day.end() :].strip()
        if not rest or looks_like_session_header(text):
            continue  # a date alone (a day's total), or a session column read as one
        try:
            date = parse_py_date(day["date"])
        except ValueError:
            continue  # no date attcli reads: not said to be one
        # (a day with no session column at all too: the column may be its only register,
        # and the day was read as no register, its marks lost unsaid; sweep mutnew)
        lacking = sorted({"AM", "PM"} - days.get(date, set()))
        if lacking:
            whose = "that session's" if len(lacking) == 1 else "that day's register"
            raise input_error(
                f"the column {text!r} (column {i + 1}) is headed by a date and {rest!r}, "
                f"which is no session, on a day with no {' or '.join(lacking)} column: its "
                f"marks may be {whose}, which attcli would leave out",
                file=layout.file,
                line=m.line,
                hint=f"export the register with a column per session (headed like "
                f"{SESSION_HEADER_EXAMPLES}) for every day",
            )
        found.append((i, text, rest))
    if not found:
        return
    why = (
        "as a lesson-monitoring export has beside the AM and PM), not counted: attendance is "
        "counted in the AM and PM sessions, whose columns are read"
    )
    if len(found) == 1:
        i, text, rest = found[0]
        warnings.append(
            f"{layout.file}: column {text!r} (column {i + 1}) is headed by a date and "
            f"{rest!r}, which is no session: a registration period's or a lesson's register "
            f"({why}"
        )
        return
    shown = ", ".join(f"{t!r} (column {i + 1})" for i, t, _ in found[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    warnings.append(
        f"{layout.file}: {len(found)} columns are headed by a date and a word that is no "
        f"session ({shown}{more}): a registration period's or a lesson's registers ({why}"
    )


def _lone_session_neighbours(
    layout: _Layout, sessions: Mapping[str, tuple[dt.date, str]]
) -> dict[str, tuple[str, dt.date, str]]:
    """The columns beside a day's one session column read (its AM with no PM read, or its
    PM with no AM) that are no field's, and whose header is no date's and at most 3
    characters: a two-row header's other session under the date written 'P', 'Pm.' or left
    blank.  Beside the last day's AM (a lunchtime export's, whose next column may be the
    school's own: 'Med', Y or N) only a column headed as the PM shortened ('P') or with no
    header.  By column: (the session column beside it, its day, the day's session not
    read).  Their marks are looked at by :func:`_refuse_unread_marks_beside`."""
    m = layout.match
    claimed = m.claimed() | {int(c[1:]) for c in sessions}
    days: dict[dt.date, set[str]] = {}
    for d, s in sessions.values():
        days.setdefault(d, set()).add(s)
    # the last day's AM alone is an export made before its PM (at lunchtime): the column
    # after it may be the file's next, of its own ('Med': Y or N), not the PM; but one
    # headed 'P' (or nothing) is the PM under a two-row header's date, the export's only
    # day's too (whose PM marks were left out, the day read as a morning)
    last = max(days, default=None)
    out: dict[str, tuple[str, dt.date, str]] = {}
    for col, (d, s) in sessions.items():
        if len(days[d]) == 2:
            continue
        i = int(col[1:])
        j = i + 1 if s == "AM" else i - 1
        head = (m.cells[j] if 0 <= j < len(m.cells) else None) or ""
        if j < 0 or j >= len(layout.names) or j in claimed or DATED_HEADER.match(head):
            continue
        if len(head.strip()) > 3:
            continue  # a column of its own ('House', 'Medical'), whose letters may be codes
        if d == last and s == "AM" and re.sub(r"[\W_]", "", head).lower() not in ("", "p", "pm"):
            continue
        out[f"c{j}"] = (col, d, "PM" if s == "AM" else "AM")
    return out


def _refuse_unread_marks_beside(
    layout: _Layout,
    frame: pl.DataFrame,
    beside: Mapping[str, tuple[str, dt.date, str]],
    subcodes: Mapping[str, str] | None,
) -> pl.DataFrame:
    """A column of attendance codes beside a day's one session column read (``beside``, read
    into ``frame`` as ``_o`` columns) is that day's other session under a header attcli does
    not read as one: 'P' under the date of a two-row header, or no header at all.  Its marks
    were left out with nothing said but "no mark for any pupil" on every such session (a
    Monday's N gone).  Refused naming the column; a column beside it of anything else (a
    total) is left, as before.  ``frame`` without the ``_o`` columns."""
    from attcli.codes import CODE_BY_NAME, MISSING_MARK

    known = set(CODE_BY_NAME) | {MISSING_MARK} | {k.upper() for k in (subcodes or DEFAULT_SUBCODES)}
    m = layout.match
    for col, (session_col, day, other) in beside.items():
        v = without_formula_guard(pl.col(f"_o{col}").cast(pl.String))
        hits = frame.filter(v.str.to_uppercase().is_in(sorted(known))).sort("line")
        if not hits.height:
            continue
        j = int(col[1:])
        line, value = hits.row(0, named=True)["line"], hits.row(0, named=True)[f"_o{col}"]
        head = m.cells[j] if j < len(m.cells) else ""
        named = f"is headed {head!r}" if head else "has no header"
        read = m.cells[int(session_col[1:])]
        raise input_error(
            f"the column beside {read!r} (column {j + 1}) {named} but holds marks "
            f"({str(value).strip()!r} on {layout.unit} {line}), and {day:%d/%m/%Y} has no "
            f"{other} column attcli reads: its marks would be left out",
            file=layout.file,
            line=m.line,
            hint=f"head it {other!r} under the day's date (a header of two rows) or "
            f"'{day:%a %d/%m/%Y} {other}', or export the register again",
        )
    return frame.drop([f"_o{c}" for c in beside])


def _refuse_other_sessions_header(layout: _Layout, row: dict | None, line: int) -> None:
    """A row that repeats a wide header's pupil columns over other session headers (a
    register printed a week at a time, each week under its own dates) is said as such: read
    as a pupil 'UPN' its dates were unknown codes, which says nothing of what is wrong."""
    if row is None or layout.spec.shape != "wide":
        return
    for i, name in enumerate(layout.names):
        text = row.get(name)
        head = layout.match.cells[i] if i < len(layout.match.cells) else None
        text = text.strip() if isinstance(text, str) else ""
        if (
            head
            and text
            and text.lower() != head.strip().lower()
            and looks_like_session_header(text)
            and looks_like_session_header(head)
        ):
            raise input_error(
                f"the header row is repeated with other sessions ({text!r} where "
                f"{layout.unit} {layout.match.line} has {head.strip()!r}): a register printed "
                "in parts (a week at a time), each under its own dates, but attcli reads a "
                "file's sessions from its one header row",
                file=layout.file,
                line=line,
                hint="export the register for the whole period as one table (a column per "
                "session), or each part as a file of its own",
            )


def _refuse_reordered_header(layout: _Layout, row: dict | None, line: int) -> None:
    """A row that repeats the header's texts in another order (a second export pasted below
    the first with its own header, its columns in its own order) is said as such: read as a
    pupil 'UPN', it was refused as a date that is not one ('Date'), which says nothing of
    the pasting, nor that the rows below would be read in the first header's columns."""
    if row is None:
        return
    head = [(c or "").strip().lower() for c in layout.match.cells]
    texts = [
        (row.get(name) or "").strip().lower() if isinstance(row.get(name), str) else ""
        for name in layout.names
    ]
    named = {h for h in head if h}
    shared = [t for t in texts if t and t in named]
    if len(shared) < max(3, (4 * len(named) + 4) // 5):
        return
    moved = next(
        (i for i, t in enumerate(texts) if t and i < len(head) and t != head[i]), None
    )
    if moved is None:
        return
    shown = (row.get(layout.names[moved]) or "").strip()
    where = (layout.match.cells[moved] or "").strip()
    raise input_error(
        f"the header row is repeated here with its columns in another order ({shown!r} where "
        f"{layout.unit} {layout.match.line} has {where!r}): a second export pasted below the "
        f"first, whose rows would be read in the columns of {layout.unit} "
        f"{layout.match.line}'s header",
        file=layout.file,
        line=line,
        hint="give each export as a file of its own (attcli reads several at once), or "
        "export the register again as one file",
    )


#: A UTF-8 byte-order mark read as text: what starts the second file of two joined as
#: Windows' ``copy /b a.csv+b.csv`` joins them (the first's is taken off when it is read).
BOM = "\ufeff"
#: MS-DOS's end-of-file mark (Ctrl+Z), which ends a file Windows' ``copy a.csv+b.csv``
#: wrote, or the first of two so joined: it then stands before the second's header row.
DOS_EOF = "\x1a"


def _without_bom(col: pl.Expr | pl.Series) -> pl.Expr | pl.Series:
    """Text with a byte-order mark (or an end-of-file mark before it) at its start, and
    spaces around it, left out."""
    return (
        col.cast(pl.String).str.strip_chars().str.strip_chars_start(DOS_EOF + BOM).str.strip_chars()
    )


def _classify_rows(
    layout: _Layout,
    frame: pl.DataFrame,
    warnings: list[str],
    key: str | None = "upn",
    seen: _Distinct | None = None,
) -> tuple[pl.DataFrame, list[str], int | None, pl.DataFrame]:
    """Keep the data rows; skip blank rows and footer rows of totals (described in the
    returned sentences and, for footers, ``warnings``).  With a ``key`` field (the UPN), any
    other row without it is an error, and the third value is the number of distinct keys
    in the rows kept (counted on the column's distinct values: no pass over the rows);
    without one, None.  The fourth: the UPN values kept that are in question
    (:func:`_odd_upns`; none without a UPN key), for :func:`_odd_upn_rows`."""
    u = layout.unit
    keys = None
    odd = _odd_upns(pl.Series("key", [], pl.String))
    repeated: list[str] = []
    if key is not None:
        src = layout.cols[key]
        # the key's distinct values, found once (a pass over the rows) unless a repeated
        # header's rows are taken out
        seen = _values(seen)
        values = seen.of(frame, src)
        frame, repeated = _repeated_headers(layout, frame, key, values)
        for text in repeated:
            warnings.append(f"{layout.file}: {text}")
        if repeated:
            values = seen.of(frame, src)  # (found again: the rows are fewer)

        as_key = upn_expr if key == "upn" else stripped

        def no_key(v: pl.Expr) -> pl.Expr:
            # blank, a total's label, or a sentence (three words or more that are not a
            # UPN written with spaces: "Report produced by SIMS on ..."), which no pupil
            # key is: the whole row is looked at below
            s = stripped(v)
            sentence = s.str.contains(r"\S\s+\S+\s+\S")
            if key == "upn":
                sentence = sentence & ~as_key(v).str.contains(UPN_RE)
            heading = s.str.contains(_GROUP_HEADING)
            # R's NA (a pupil with no UPN in the MIS, written by write.csv) is no key:
            # read as one, two such pupils were one child (sweep layouts5)
            empty = s.str.to_uppercase().is_in(sorted(EMPTY_VALUES))
            # a printed page's number or furniture ("Page 1/2", "Confidential", "Printed
            # 18/09/2026", a date): no pupil's key; the whole row is looked at below, and
            # read through only beside a page's number (sweep layouts7)
            furniture = s.str.contains(_FURNITURE_CELL) | _school_cell(s, layout.school_names)
            if key == "upn":
                furniture = furniture & ~as_key(v).str.contains(UPN_RE)
            return s.is_null() | s.str.contains(TOTAL_RE) | sentence | heading | empty | furniture
        # each distinct value's key and whether it is none worked out once, for the rows'
        # columns and for the keys kept (each was the whole expression again: issue 15)
        v = pl.col("v")
        table = pl.DataFrame({"v": values.cast(pl.String)}).with_columns(
            as_key(v).alias("_key"), no_key(v).alias("_no")
        )
        upn_exprs, _ = _mapped(
            frame,
            src,
            lambda v: ({key: pl.col("_key"), "_noupn": pl.col("_no")}, None),
            values,
            table=table,
        )
        # every distinct value is some row's, and the rows whose value is no key are the
        # rows left out: the kept rows' keys are the distinct values' keys
        kept = table.filter(~pl.col("_no").fill_null(True)).select(
            stripped(v).alias("as_written"), pl.col("_key").alias("key")
        )
        _refuse_scientific(layout, frame, src, key, kept)
        _refuse_page_foot_keys(layout, frame, src, kept, key)
        if key == "upn":
            _refuse_lost_letters(layout, frame, src, kept)
        keys = kept.get_column("key").n_unique()
        if key == "upn":
            odd = _odd_upns(kept.get_column("key").unique())
        rewritten = kept.filter(pl.col("as_written") != pl.col("key")).sort("as_written")
        if rewritten.height:
            one = rewritten.row(0, named=True)
            n = rewritten.height
            warnings.append(
                f"{layout.file}: {n} UPN{'s' if n != 1 else ''} written in small letters or "
                f"with spaces read as written in capitals without spaces (a UPN is one "
                f"pupil however it is typed), e.g. {one['as_written']!r} as {one['key']!r}"
            )
        if kept.height == values.len():  # every value a key (nearly always): no row is
            # left out, and no row's value need be looked up to say so
            upn_exprs = [e for e in upn_exprs if e.meta.output_name() != "_noupn"]
            upn_exprs.append(pl.lit(False).alias("_noupn"))
        frame = frame.with_columns(upn_exprs)
    else:
        frame = _with_row_kinds(layout, frame)
        label = pl.col("_first").cast(pl.String).str.strip_chars()
        frame = frame.with_columns(
            (pl.col("_blank") | label.str.contains(TOTAL_RE).fill_null(False)).alias("_noupn")
        )
    # the mask first: filtering a frame of millions of rows in many chunks is slow even
    # when no row passes, and nearly always none does
    noupn = frame.get_column("_noupn").fill_null(True)
    others = _with_row_kinds(layout, frame.filter(noupn) if noupn.any() else frame.clear())
    skipped = list(layout.skipped)
    blanks = list(layout.blank_head)
    footers: list[tuple[int, str]] = []
    headings: list[tuple[int, str]] = []
    pages: list[tuple[int, str]] = []
    furniture: list[tuple[int, str]] = []  # a printed page's foot or head, beside its number
    subtotals: list[tuple[int, str]] = []  # Excel's subtotal rows, a group's each
    titles: list[tuple[int, str]] = []  # the report's title rows printed again
    if others.height:
        blanks += others.filter(pl.col("_blank")).get_column("line").to_list()
        rest = others.filter(~pl.col("_blank")).select(
            "line", pl.col("_first").cast(pl.String).str.strip_chars().alias("label")
        )
        labelled = rest.filter(pl.col("label").str.contains(TOTAL_RE))
        footers += labelled.rows()
        unknown = rest.filter(~pl.col("label").str.contains(TOTAL_RE).fill_null(False))
        if unknown.height:
            # Footers of bare numbers, or data rows with no UPN: look at the whole rows.
            lines = unknown.get_column("line")
            raw = (
                layout.source.scan(layout.match.end_line, len(layout.names), True)
                if not layout.source.exact(layout.match.end_line, frame.height)
                else layout.source.scan(layout.match.end_line, len(layout.names))
            )
            rows = raw.filter(pl.col("line").is_in(lines.implode())).collect()
            # each cell as Excel shows it: a cell written ="..." is its text (as the
            # fields are read, :func:`_text_formulas`), so a row of ="" and empty cells is
            # the blank row a person sees (the lead's decision, sweep decide9)
            shown = (
                (lambda n: pl.col(n).cast(pl.String).str.replace(_TEXT_FORMULA, "${1}"))
                if layout.source.text_formula
                else pl.col
            )
            cells = [stripped(shown(n)) for n in layout.names]
            rows = rows.with_columns(
                pl.all_horizontal(
                    [c.is_null() | c.str.contains(_NUMBER_OR_TOTAL) for c in cells]
                ).alias("_numeric"),
                pl.all_horizontal([c.is_null() for c in cells]).alias("_empty"),
                pl.coalesce(cells).alias("_label"),
            ).sort("line")
            blanks += rows.filter(pl.col("_empty")).get_column("line").to_list()
            # a printed page's furniture: rows certainly so ("Printed 06/12/2026 09:14 by J
            # Smith", "Confidential", a date; each cell) in a block of such rows, blank rows
            # aside, that holds a page's number (sweep layouts7)
            rows = rows.with_columns(
                *_furniture_columns(cells, layout.school_names),
                pl.sum_horizontal([c.is_not_null() for c in cells]).alias("_cells"),
            )
            by_line = {r["line"]: r for r in rows.filter(~pl.col("_empty")).iter_rows(named=True)}
            taken = _furniture_blocks(by_line, set(blanks))
            for line in sorted(taken):
                row = by_line[line]
                if row["_page"] is not None:
                    pages.append((line, row["_page"]))
                if row["_cells"] > 1 or row["_page"] is None:
                    furniture.append((line, _row_text([row[n] for n in layout.names])))
            if taken:
                rows = rows.filter(~pl.col("line").is_in(sorted(taken)))
            # Excel's Data > Subtotal: a row after each group, labelled in the group's
            # column ("7A Count" below the last of 7A's rows; sweep layouts7)
            groups = _subtotal_rows(
                layout, rows, set(blanks), frame.height,
                {line for line, label in footers if _GRAND.match(label)},
            )  # fmt: skip
            if groups:
                subtotals += groups
                rows = rows.filter(~pl.col("line").is_in([line for line, _ in groups]))
            footers += (
                rows.filter(~pl.col("_empty") & pl.col("_numeric")).select("line", "_label").rows()
            )
            # a line of text alone after the last pupil row ("Report produced by SIMS on
            # 18/09/2026 16:02"): a footer
            last = frame.get_column("line").filter(~noupn).max()  # one column, not the frame
            single = (
                pl.sum_horizontal([c.is_not_null() for c in cells]) == 1
            ) & (pl.col("line") > (last if last is not None else 0))
            footers += rows.filter(~pl.col("_empty") & ~pl.col("_numeric") & single).select(
                "line", "_label"
            ).rows()
            # a line that is only a printed page's number ("Page 1 of 2"), wherever it is
            alone = pl.sum_horizontal([c.is_not_null() for c in cells]) == 1
            paged = ~pl.col("_empty") & alone & pl.col("_label").str.contains(PAGE_LINE.pattern)
            pages += rows.filter(paged & ~single).select("line", "_label").rows()
            # the report's own title rows (above its header, cell for cell) printed again
            # at the top of a page whose headings are not repeated: a page's head
            titled = ~pl.col("_empty") & alone & ~single & ~paged
            titled = titled & pl.col("_label").is_in(list(layout.titles))
            titles += rows.filter(titled).select("line", "_label").rows()
            rows = rows.filter(~(paged & ~single) & ~titled)
            # a group's heading between pupil rows ("Year 7"): a row of that one cell
            heading = ~pl.col("_empty") & ~pl.col("_numeric") & ~single & alone
            heading = heading & pl.col("_label").str.contains(_GROUP_HEADING)
            headings += rows.filter(heading).select("line", "_label").rows()
            bad = rows.filter(~pl.col("_empty") & ~pl.col("_numeric") & ~single & ~heading)
            if bad.height:
                # (a page's number beside other text first: the line attcli cannot tell,
                # not a certain furniture's line next to it)
                for row in bad.head(1000).iter_rows(named=True):
                    _refuse_page_foot(layout, row, key)
                first = bad.row(0, named=True)
                _refuse_furniture_beside(layout, first, by_line, set(blanks), key)
                label = KEY_LABELS.get(key, key)
                cell = first.get(layout.cols[key])
                empty = empty_value_note(None if cell is None else str(cell), f"a {label}")
                raise input_error(
                    f"data row with no {label}",
                    file=layout.file,
                    line=first["line"],
                    column=layout.header(key),
                    value=_row_text([first[n] for n in layout.names]),
                    hint=(f"{empty}; " if empty else "")
                    + f"every pupil row needs a {label}"
                    + (
                        " (a pupil whose UPN is not yet known has a temporary one in the MIS, "
                        "a letter last: give it, and export again)"
                        if key == "upn"
                        else ""
                    )
                    # (a footer's rules: not for R's NA, a pupil's row, sweep looks12)
                    + (
                        ""
                        if empty
                        else "; a footer row is skipped only when its first cell is 'Total', "
                        "'Totals', 'Count' or 'Summary', its cells are all numbers, or it is a "
                        "line of text alone after the last pupil row"
                    ),
                )
    pages += [(line, label) for line, label in footers if PAGE_LINE.match(label)]
    footers = [(line, label) for line, label in footers if not PAGE_LINE.match(label)]
    skipped += _page_lines(layout, sorted(pages), warnings, {line for line, _ in furniture})
    # Excel's grand line below the last subtotal ("Grand Count", a footer's label too):
    # said in the subtotals' note, one note for the lines Data > Subtotal wrote (layouts8)
    grand = [(line, label) for line, label in subtotals if _GRAND.match(label)]
    subtotals = [(line, label) for line, label in subtotals if not _GRAND.match(label)]
    if subtotals:
        taken = {line for line, _ in subtotals + grand}
        for line, label in sorted(footers):
            k = line - 1
            while k in blanks:
                k -= 1
            if _GRAND.match(label) and k in taken:
                grand.append((line, label))
                taken.add(line)
        footers = [f for f in footers if f not in grand]
    for rows, what in (
        (subtotals, "{n} subtotal {units} (Excel's Data > Subtotal, below each group)"),
        (furniture, "{n} {units} of a printed page's foot or head"),
    ):
        if rows:
            text = _skipped_rows(u, rows, what)
            if rows is subtotals and grand:
                grand.sort()
                n = len(grand)
                text += (
                    f", and its grand {u}{'s' if n != 1 else ''} "
                    + " and ".join(repr(t) for t in dict.fromkeys(t for _, t in grand))
                    + f" ({u}{'s' if n != 1 else ''} {_ranges([line for line, _ in grand])})"
                )
            skipped.append(text)
            warnings.append(f"{layout.file}: {text}")
    if titles:
        n = len(titles)
        text = (
            f"{n} {u}{'s' if n != 1 else ''} repeating the report's title rows (a printed "
            f"page's head) skipped ({u}{'s' if n != 1 else ''} "
            f"{_ranges([line for line, _ in titles])}: "
            + ", ".join(repr(t) for t in dict.fromkeys(t for _, t in titles))
            + ")"
        )
        skipped.append(text)
        warnings.append(f"{layout.file}: {text}")
    for line, label in sorted(footers):
        text = f"{u} {line}: footer row {label!r} skipped"
        skipped.append(text)
        warnings.append(f"{layout.file}: {text}")
    skipped += [f"{u} {line}: group heading {label!r} skipped" for line, label in headings]
    skipped += repeated
    if blanks:
        s = "" if len(blanks) == 1 else "s"
        skipped.append(f"{len(blanks)} blank {u}{s} skipped ({u}{s} {_ranges(blanks)})")
    # (a filter copies every column: only when there is a row to leave out)
    data = (frame.filter(~noupn) if others.height else frame).drop(
        "_noupn", "_blank", "_first", strict=False
    )
    if not data.height:
        raise input_error(
            f"no data rows below the header row ({u} {layout.match.line})",
            file=layout.file,
            line=layout.match.line,
            hint="export the register again with its pupils and sessions"
            if layout.spec.shape != "table"
            else "export it again with its rows (a pupil or contact a row)",
        )
    return data, skipped, keys, odd


#: A UPN without its first letter: its other 12 characters, digits (a temporary UPN's last
#: letter aside)
_UPN_LESS_LETTER = r"^[0-9]{11}[0-9A-Z]$"


def _refuse_lost_letters(
    layout: _Layout, frame: pl.DataFrame, src: str, kept: pl.DataFrame
) -> None:
    """Refuse a UPN column most of whose values are a UPN's last 12 characters with no
    letter before them (``999201618043`` for ``A999201618043``): the letter lost to a
    formula, a Find and Replace or a tool that kept the digits.  Read, each pupil was still
    told apart, but every UPN written to the LA's files was no child's, and no contact or
    pupil list of the MIS (which keeps the letter) matched: letters went to no one.
    Looked at on the distinct values (``kept``); the rows only when most are so."""
    keys = kept.get_column("key")
    short = keys.str.contains(_UPN_LESS_LETTER).fill_null(False)
    if not keys.len() or short.sum() * 2 <= keys.len():
        return
    values = kept.filter(short).get_column("as_written").implode()
    first = (
        frame.select("line", stripped(pl.col(src)).alias("v"))
        .filter(pl.col("v").is_in(values))
        .sort("line")
        .row(0, named=True)
    )
    n = int(short.sum())
    more = f" (and {n - 1} more like it)" if n > 1 else ""
    raise input_error(
        f"the UPN {first['v']!r}{more} has 12 characters and no letter first, where a UPN has "
        f"{UPN_SHAPE}: the first letters look lost (a formula, or Find and Replace, kept the "
        "digits alone), and no local authority file or contacts export would match them",
        file=layout.file,
        line=first["line"],
        column=layout.header("upn"),
        hint="export it again from the MIS with the UPNs whole (the letter and 12 more)",
    )


def _refuse_scientific(
    layout: _Layout, frame: pl.DataFrame, src: str, key: str, kept: pl.DataFrame
) -> None:
    """Refuse a pupil key written in scientific notation (:func:`scientific_id_error`),
    naming its first line.  Looked at on the distinct values (``kept``); the rows only when
    one is found."""
    sci = kept.filter(pl.col("as_written").str.contains(SCIENTIFIC))
    if not sci.height:
        return
    values = sci.get_column("as_written").implode()
    first = (
        frame.select("line", stripped(pl.col(src)).alias("v"))
        .filter(pl.col("v").is_in(values))
        .sort("line")
        .row(0, named=True)
    )
    raise scientific_id_error(
        first["v"], KEY_LABELS.get(key, key), sci.height, layout.file, first["line"],
        layout.header(key),
    )  # fmt: skip


#: What a UPN is, as the notes about a value that is not one say it (:data:`UPN_RE`).
UPN_SHAPE = "13 characters: a letter, 11 digits, then a digit or letter"
#: A control or invisible formatting character (an escape sequence, a bell, a
#: right-to-left override, a zero-width space): no UPN or id holds one.
_CONTROL = r"[\p{Cc}\p{Cf}]"


#: The DfE's check letters and a temporary UPN's last letters, 0 to 22 (no I, O or S).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_passes(key: pl.Expr) -> pl.Expr:
    """Whether a value of the UPN's shape has the check letter the DfE's rule gives it
    (the UK government data standards catalogue, Unique Pupil Number 2.0: the characters
    after the first weighted by their position, 2 to 13, a temporary UPN's last letter
    counted by its place in :data:`UPN_LETTERS`, summed mod 23, as a letter of
    :data:`UPN_LETTERS`).  Null for a last letter I, O or S, which no UPN has."""
    places = {c: i for i, c in enumerate(UPN_LETTERS)}
    last = key.str.slice(12, 1)
    last_value = (
        pl.when(last.str.contains("^[0-9]$"))
        .then(last.cast(pl.Int32, strict=False))
        .otherwise(last.replace_strict(places, default=None, return_dtype=pl.Int32))
    )
    total = pl.sum_horizontal(
        *(key.str.slice(i, 1).cast(pl.Int32, strict=False) * (i + 1) for i in range(1, 12))
    ) + last_value * 13
    letter = (total % 23).replace_strict(
        {i: c for c, i in places.items()}, default=None, return_dtype=pl.String
    )
    return letter == key.str.slice(0, 1)


#: :func:`_odd_upns`' columns
_ODD_UPNS_SCHEMA = {"key": pl.String, "control": pl.Boolean, "letter": pl.String}


def _odd_upns(keys: pl.Series) -> pl.DataFrame:
    """The UPN values in question, from the file's distinct keys (no pass over the rows):
    those holding control characters (no UPN nor any id does: a damaged cell), and, when
    most values are UPNs (a real export), those that are not one (a typing slip: a digit
    short, a dash inside; small letters and spaces are read already, :func:`upn_expr`);
    and, when most UPNs pass the DfE's check letter (:func:`upn_check_passes`: a real
    export's do; made-up ones for a test or training mostly fail), those that fail it (a
    typing slip the local authority's files will not match).  A file of short ids
    (``P1``, an MIS's own) is no export of UPNs: its values are not questioned, but for a
    UPN's last 12 characters (its letter lost) beside any UPN.  Columns
    ``key`` (as the rows hold it), ``control`` and ``letter`` (the check letter fails, or
    the value ends in I, O or S: ``"check"`` and ``"ios"``; null otherwise)."""
    if not keys.len():  # (no key: none in question, known without the three queries)
        return pl.DataFrame(schema=_ODD_UPNS_SCHEMA)
    key = pl.col("key")
    # (the columns in one step and their two counts in another: issue 15)
    is_upn = key.str.contains(UPN_RE)
    frame = pl.DataFrame({"key": keys.cast(pl.String)}).with_columns(
        is_upn.alias("_upn"),
        key.str.contains(_CONTROL).alias("control"),
        pl.when(is_upn).then(upn_check_passes(key)).alias("_passes"),
    )
    shaped, passing = frame.select(pl.col("_upn").sum(), pl.col("_passes").sum()).row(0)
    real = shaped * 2 > frame.height
    # (a UPN's last 12 characters, its first letter lost, beside a UPN is questioned
    # however few the UPNs: at half and half neither this rule nor the lost letters'
    # refusal, :func:`_refuse_lost_letters`, said it, and it was read as a child's UPN,
    # sweep mutnew6)
    lost = key.str.contains(_UPN_LESS_LETTER) & pl.lit(bool(shaped))
    checked = passing * 2 > shaped
    letter = (
        pl.when(pl.col("_upn") & ~pl.col("control") & pl.col("_passes").not_())
        .then(pl.lit("check"))
        .when(pl.col("_upn") & ~pl.col("control") & pl.col("_passes").is_null())
        .then(pl.lit("ios"))
    )
    return (
        frame.lazy()
        .with_columns(letter.alias("letter"))
        .filter(
            pl.col("control")
            | (~pl.col("_upn") & (pl.lit(real) | lost))
            | (pl.col("letter").is_not_null() & checked)
        )
        .select("key", "control", pl.when(checked).then(pl.col("letter")).alias("letter"))
        .collect(engine="in-memory")
    )


def _odd_upn_rows(
    layout: _Layout, frame: pl.DataFrame, odd: pl.DataFrame, warnings: list[str]
) -> tuple[pl.DataFrame, bool, list[TypedApart]]:
    """Name the rows of the UPN values in question (:func:`_odd_upns`) in one note, a
    sentence each (value and name, up to 5), by their first line; a value with control
    characters on rows whose name and date of birth are those of one other pupil of the
    file alone is read as that pupil's (the cell is damaged; the rest of the row says
    whose it is), anything else stays a pupil of its own (a typing slip may be another
    child's UPN: not joined, said).  ``(frame, whether a row was read as another pupil, the
    values not joined whose name and date of birth are one other pupil's)``.  Only the rows
    of those values are looked at, and only when there are any."""
    if not odd.height:
        return frame, False, []
    upn = pl.col("upn")
    is_odd = upn.is_in(odd.get_column("key").cast(frame.schema["upn"]).implode())
    named = {"surname", "forename", "dob"} <= set(frame.columns)
    who = ["school", "_s", "_f", "dob"]
    rows = frame.filter(is_odd).select(
        "line",
        upn.cast(pl.String),
        pl.col("school").cast(pl.String),
        *(
            [
                pl.col("surname").cast(pl.String), pl.col("forename").cast(pl.String), "dob",
                child_name("surname").alias("_s"), child_name("forename").alias("_f"),
            ]  # fmt: skip
            if named
            else []
        ),
    )
    by = ["upn", *who] if named else ["upn"]
    groups = (
        rows.group_by(by)
        .agg(
            pl.col("line").min(),
            pl.len().alias("n"),
            pl.col("line").sort().alias("lines"),
            *([pl.col("surname").first(), pl.col("forename").first()] if named else []),
        )
        .join(odd.rename({"key": "upn"}), on="upn")
        .sort("line")
    )
    if named:
        # a row without its name or date of birth is no one's by them
        wanted = groups.select(who).drop_nulls(["_s", "_f", "dob"]).unique()
        others = (
            frame.filter(~is_odd & pl.col("dob").is_in(wanted.get_column("dob").implode()))
            .select(
                upn.cast(pl.String),
                pl.col("school").cast(pl.String),
                child_name("surname").alias("_s"),
                child_name("forename").alias("_f"),
                "dob",
            )
            .join(wanted, on=who, nulls_equal=True)
            .unique()
            .group_by(who)
            .agg(pl.col("upn").sort().alias("matches"))
        )
        groups = groups.join(others, on=who, how="left", nulls_equal=True).sort("line")
    u = layout.unit
    sentences, lines, targets = [], [], []
    apart: list[TypedApart] = []
    checks = groups.get_column("letter").is_not_null().any()
    for g in groups.iter_rows(named=True):
        matches = g.get("matches") or []
        s = "" if g["n"] == 1 else "s"
        rows_are = f"its {g['n']} row{s} {'is' if g['n'] == 1 else 'are'}"
        own = "its own" if g["n"] == 1 else "their own"
        shown = repr(excerpt(g["upn"], 40))
        known = named and None not in (g["_s"], g["_f"], g["dob"])
        who_text = f"'{pupil_name(g['surname'], g['forename'])}', born {g['dob']:%d/%m/%Y}" if known else ""
        if g["control"]:
            text = (
                f"{u} {g['line']}: UPN {shown} holds control characters, which no UPN does (a "
                "damaged cell): "
            )
            if len(matches) == 1:
                lines += g["lines"]
                targets += [matches[0]] * g["n"]
                text += (
                    f"{rows_are} read as {matches[0]}'s, the one pupil of this file with its "
                    f"name and date of birth ({who_text})"
                )
            elif matches:
                text += (
                    f"{rows_are} read as a pupil of {own}, its name and date of birth being "
                    f"{len(matches)} pupils' in this file ({', '.join(matches)})"
                )
            elif known:
                text += (
                    f"{rows_are} read as a pupil of {own}, its name and date of birth being "
                    "no other pupil's in this file"
                )
            else:
                text += f"{rows_are} read as a pupil of {own}"
            sentences.append(text + ": correct the cell in the MIS")
            continue
        if g["letter"] is not None:
            why = (
                "no UPN ends in I, O or S"
                if g["letter"] == "ios"
                else "its first letter does not go with its other characters: the school "
                "census's error 1510"
            )
            what = f"UPN {shown} fails the DfE's check letter ({why})"
        elif groups.height == 1 or checks:
            what = f"UPN {shown} is not a UPN ({UPN_SHAPE})"
        else:
            what = shown
        text = f"{u} {g['line']}: {what}: a typing slip in the MIS? {rows_are} read as a pupil of {own}"
        if len(matches) == 1:
            text += (
                f", though {matches[0]} has its name and date of birth ({who_text}): if one "
                "child, correct the UPN in the MIS (attcli does not join them)"
            )
            apart.append(
                TypedApart(layout.file, g["upn"], matches[0], tuple(g["lines"]), g["school"])
            )
        sentences.append(text)
    n = len(sentences)
    note = (
        sentences[0]
        if n == 1
        else (
            f"{n} UPN values are not valid UPNs: "
            if checks
            else f"{n} UPN values are not UPNs ({UPN_SHAPE}): "
        )
        + first_of(sentences, 5)
    )
    warnings.append(f"{layout.file}: {note}")
    if not lines:
        return frame, False, apart
    target = pl.col("line").replace_strict(lines, targets, default=None).cast(pl.Categorical)
    moved = frame.with_columns(
        pl.when(pl.col("line").is_in(lines)).then(target).otherwise(upn).alias("upn")
    )
    return moved, True, apart


#: Fields whose cells as exported later checks quote in their messages.
_QUOTED_LATER = ("date", "datetime", "dob")


def _parse_fields(
    layout: _Layout,
    frame: pl.DataFrame,
    fields: list[_Field],
    *,
    register: bool = True,
    seen: _Distinct | None = None,
) -> pl.DataFrame:
    """Parse each field from its distinct values; raise at the first bad value in the file."""
    mapped: list[tuple[str, list[pl.Expr]]] = []
    errors: list[tuple[int, _Field, str | None]] = []
    values = _values(seen).of_all(frame, [layout.cols[f.key] for f in fields])
    for f in fields:
        src = layout.cols[f.key]
        outs, bad = _mapped(frame, src, f.parse, values[src], seen, f.stage)
        mapped.append((src, outs))
        if bad.len():
            is_bad = pl.col(src).is_in(bad.drop_nulls().implode())
            if bad.null_count():
                is_bad = is_bad | pl.col(src).is_null()
            hit = (
                frame.filter(is_bad)
                .select(pl.col("line"), pl.col(src).cast(pl.String))
                .sort("line")
                .row(0)
            )
            errors.append((hit[0], f, hit[1]))
    if errors:
        line, f, value = min(errors, key=lambda e: e[0])
        assert f.explain is not None
        message, hint = f.explain(value)
        # R's NA for a value not known (sweep layouts5): said what it is not, and its
        # fix, an empty cell, alone (not the forms a value takes: sweep looks12)
        empty = empty_value_note(value, refused_as(message))
        raise input_error(
            message,
            file=layout.file,
            line=line,
            column=layout.header(f.key),
            value=value,
            hint=empty or hint,
            field=f.key,
        )
    if not register:
        return frame.with_columns([e for _, outs in mapped for e in outs])
    # A register: the frame is changed in place, two fields at a time (their values are
    # looked up side by side, one on each core), each cell as exported dropped once parsed
    # (but for the messages that quote a date, a date-time or a date of birth), so a
    # register of millions of rows never holds both at once (issue 15: a field at a time
    # took 0.45 s at 20,000 pupils, two 0.27 s)
    quoted = {layout.cols[k] for k in _QUOTED_LATER if k in layout.cols}
    for first in range(0, len(mapped), 2):
        pair = mapped[first : first + 2]
        _set_columns(frame, frame.select([e for _, outs in pair for e in outs]))
        for i, (src, _) in enumerate(pair, start=first):
            if src not in quoted and all(src != later for later, _ in mapped[i + 1 :]):
                frame.drop_in_place(src)
    for src in sorted(set(layout.cols.values()) - quoted):
        if src in frame.columns:
            frame.drop_in_place(src)
    # (a column's nulls are counted already: the rows are looked at only when both have some)
    if (
        "surname" in layout.cols
        and "forename" in layout.cols
        and frame.get_column("surname").null_count()
        and frame.get_column("forename").null_count()
    ):
        mask = frame.select(pl.col("surname").is_null() & pl.col("forename").is_null()).to_series()
        if mask.any():
            raise input_error(
                "pupil has no name",
                file=layout.file,
                line=frame.get_column("line").filter(mask).min(),  # type: ignore[arg-type]
                column=layout.header("surname"),
            )
    school = pl.lit(layout.title_school, dtype=pl.String).cast(pl.Categorical)
    school_column = (
        pl.col("school").cast(pl.Categorical).fill_null(school)
        if "school" in frame.columns
        else school.alias("school")
    )
    _set_columns(frame, frame.select("line", school_column).drop("line"))  # as long as frame
    return frame


def _set_columns(frame: pl.DataFrame, new: pl.DataFrame) -> None:
    """Put ``new``'s columns into ``frame`` in place (replacing those of the same name)."""
    for column in new.get_columns():
        if column.name in frame.columns:
            frame.replace_column(frame.get_column_index(column.name), column)
        else:
            frame.insert_column(frame.width, column)


def _split_code_hint(
    frame: pl.DataFrame,
    bad: pl.DataFrame,
    order: list[str],
    headers: dict[str, str],
    subcodes: Mapping[str, str] | None,
) -> str | None:
    """When the unknown mark in ``bad`` (one wide cell) and the mark beside it make a code
    together (``I0`` + ``1``, ``C`` + ``1``), say so: the export split one code in two."""
    col = bad.get_column("_col")[0]
    row = frame.filter(pl.col("line") == bad.get_column("line")[0])
    marks = {
        c: (m or "").strip()
        for c, m in row.select("_col", pl.col("raw_mark").cast(pl.String)).iter_rows()
    }
    known = category_map()
    sub = dict(DEFAULT_SUBCODES if subcodes is None else subcodes)
    i = order.index(col)
    for a, b in ((i - 1, i), (i, i + 1)):
        if a < 0 or b >= len(order):
            continue
        left, right = marks.get(order[a], ""), marks.get(order[b], "")
        joined = (left + right).upper()
        if left and right and sub.get(joined, joined) in known:
            return (
                f"{left!r} (column {headers[order[a]]!r}) and {right!r} (column "
                f"{headers[order[b]]!r}) together make {joined!r}: the export may have split "
                "one code across two cells, so export the register again"
            )
    return None


def _classify(
    frame: pl.DataFrame,
    layout: _Layout,
    subcodes: Mapping[str, str] | None,
    warnings: list[str],
    column_of: Callable[[pl.DataFrame], str | None] | None = None,
    hint_of: Callable[[pl.DataFrame], str | None] | None = None,
    seen: _Distinct | None = None,
) -> pl.DataFrame:
    """``frame`` with each mark and its category (:func:`attcli.codes.classify_marks`), and
    marks typed in lower case said (:func:`_lower_case_warning`): both from the raw marks'
    distinct values, found once (a pass over the rows, or none with ``seen``)."""
    if frame.schema.get("raw_mark") != pl.Categorical:
        frame = frame.with_columns(pl.col("raw_mark").cast(pl.Categorical))
        seen = None  # (the values are new)
    distinct = _values(seen).of(frame, "raw_mark")
    try:
        out = classify_marks(
            frame, file=layout.file, subcodes=subcodes, warnings=warnings, distinct=distinct
        )
    except InputError as exc:
        column = None
        extra = None
        if column_of is not None and exc.line is not None:
            known = list(category_map())
            sub = dict(DEFAULT_SUBCODES if subcodes is None else subcodes)
            cleaned = without_formula_guard(pl.col("raw_mark").cast(pl.String)).str.to_uppercase()
            bad = frame.filter(
                (pl.col("line") == exc.line)
                & cleaned.fill_null("").ne("")
                & ~cleaned.replace(sub).is_in(known)
            )
            column = column_of(bad.head(1)) if bad.height else None
            if hint_of is not None and bad.height:
                extra = hint_of(bad.head(1))
        elif "mark" in layout.cols:
            column = layout.header("mark")
        raise relabel(exc, column=column, hint=extra) from None
    _lower_case_warning(out, layout, warnings, distinct)
    return out


def _lower_case_warning(
    frame: pl.DataFrame, layout: _Layout, warnings: list[str], distinct: pl.Series
) -> None:
    """Marks are read upper-cased (``o`` is ``O``: docs/decisions.md); say when that
    happened.  ``distinct``: the raw marks' distinct values."""
    is_lower = distinct.cast(pl.String).str.contains("[a-z]").fill_null(False)
    lower = distinct.filter(is_lower).cast(pl.String).sort()
    if lower.len():
        rows = frame.filter(
            pl.col("raw_mark").cast(pl.Categorical).is_in(distinct.filter(is_lower).implode())
        )
        n, first = rows.height, rows.get_column("line").min()
        s = "" if n == 1 else "s"
        shown = ", ".join(f"{m!r} as {m.strip().upper()!r}" for m in lower.head(5))
        warnings.append(
            f"{layout.file}: {n} mark{s} in lower case read as upper case ({shown}; first on "
            f"{layout.unit} {first})"
        )


def _finish(frame: pl.DataFrame, layout: _Layout) -> pl.DataFrame:
    cols = [
        pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype).alias(name)
        for name, dtype in CORE_SCHEMA.items()
    ]
    cols += [pl.col(a).cast(t) for a, t in ATTRIBUTE_COLUMNS.items() if a in layout.cols]
    if "mis_id" in layout.cols:
        cols.append(pl.col("mis_id").cast(pl.String))
    cols += [
        pl.lit(layout.file).cast(pl.Categorical).alias("source"),
        pl.col("line").cast(pl.Int64),
    ]
    return frame.select(cols)


def _keyed(layout: _Layout, frame: pl.DataFrame) -> pl.DataFrame:
    """A register keyed by an MIS id alone: its ``upn`` is the id until a pupil list gives
    the UPN (see :func:`attcli.loaders.load_registers`)."""
    if layout.key == "mis_id":
        return frame.with_columns(pl.col("mis_id").alias("upn"))
    return frame


def _unused_columns(layout: _Layout, used: set[str]) -> list[str]:
    used = used | set(layout.unread.values())  # recognised, left unread by choice
    if "session" in layout.cols and "start_time" in layout.cols:
        # a time beside a session column is not read (:func:`_fields`: the session is the
        # column's): listed, so no one takes the times for used
        used = used - {layout.cols["start_time"]}
    unused = [
        repr(text) for i, text in enumerate(layout.match.cells) if text and f"c{i}" not in used
    ]
    return [f"columns not used: {', '.join(unused)}"] if unused else []


def _report(
    layout: _Layout,
    shape: str,
    rows: int,
    out: pl.DataFrame,
    skipped: list[str],
    pupils: int | None = None,
) -> FileReport:
    """What was read (``pupils``: the number of pupils, when the caller counted them)."""
    first, last, named = out.select(
        pl.col("date").min().alias("first"),
        pl.col("date").max(),
        pl.col("school").is_not_null().any(),
    ).row(0)
    if pupils is None:  # (a distinct count over every row: 0.07 s at 20,000 pupils)
        pupils = out.get_column("upn").n_unique()
    return FileReport(
        layout.file, shape, None, rows, out.height, pupils, first, last, skipped, bool(named),
        layout.title_school, layout.title_line,
    )


#: The longest stretch with no sessions that one export may hold: more than a summer
#: holiday, less than a term.  Sessions further apart are a mistyped year or two exports
#: joined (see docs/decisions.md, "Bad input files").
MAX_GAP_DAYS = 91


def _academic_year(day: dt.date) -> str:
    y = day.year if day.month >= 9 else day.year - 1
    return f"{y}/{(y + 1) % 100:02d}"


def _stray_dates(dates: list[dt.date]) -> tuple[set[dt.date], list[dt.date]]:
    """The session dates away from the file's main run (gaps over :data:`MAX_GAP_DAYS`), and
    that run (the one with most dates; the earliest of equals)."""
    days = sorted(set(dates))
    runs: list[list[dt.date]] = [days[:1]] if days else []
    for a, b in zip(days, days[1:], strict=False):
        if (b - a).days > MAX_GAP_DAYS:
            runs.append([b])
        else:
            runs[-1].append(b)
    main = max(runs, key=len) if runs else []
    return set(days) - set(main), main


def _stray_date_message(day: dt.date, main: list[dt.date]) -> tuple[str, str]:
    weeks = ((main[0] - day) if day < main[0] else (day - main[-1])).days // 7
    years = sorted({_academic_year(main[0]), _academic_year(main[-1])})
    return (
        f"a session dated {day:%d/%m/%Y}, in academic year {_academic_year(day)}, is {weeks} "
        f"weeks from every other session in this file ({main[0]:%d/%m/%Y} to "
        f"{main[-1]:%d/%m/%Y}, academic year {' to '.join(years)})",
        "check the year: one export may run across a holiday, but not over 13 weeks or more "
        "with no sessions; load each period's export separately",
    )


def _date_and_session(layout: _Layout) -> bool:
    """Whether a long register's one column holds each row's date and session
    (``_headers._date_and_session_column``)."""
    return "date" in layout.cols and layout.cols["date"] == layout.cols.get("session")


def _date_field(layout: _Layout) -> str:
    """The field a long register's dates are read from: ``date``, else ``datetime``."""
    return "date" if "date" in layout.cols else "datetime"


def _check_long_dates(layout: _Layout, frame: pl.DataFrame, seen: _Distinct | None = None) -> None:
    dates = _values(seen).distinct_parsed(frame, "date")  # (no pass over the rows)
    stray, main = _stray_dates(dates.drop_nulls().to_list())
    if stray:
        row = frame.filter(pl.col("date").is_in(list(stray))).sort("line").row(0, named=True)
        message, hint = _stray_date_message(row["date"], main)
        f = _date_field(layout)
        raise input_error(
            message,
            file=layout.file,
            line=row["line"],
            column=layout.header(f),
            value=str(row[layout.cols[f]]),
            hint=hint,
        )


#: The error values Excel writes in a cell whose formula fails (a text taken for one).
EXCEL_ERROR = r"^#(?:NAME\?|VALUE!|REF!|N/A|DIV/0!|NUM!|NULL!|SPILL!|CALC!)$"

#: A date Excel made of a registration group (``7/1``, ``7-1``), as its CSV writes it
#: (``07-Jan``, ``Jan-07``).
_GROUP_AS_DATE = (
    r"^(?:\d{1,2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2})$"
)
_MONTH_NUMBER = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
)}


def _note_groups_as_dates(
    layout: _Layout, frame: pl.DataFrame, warnings: list[str], seen: _Distinct | None = None
) -> None:
    """A note when registration groups look like dates Excel made of them (``7/1`` opened
    in Excel is 7 January, saved ``07-Jan``): read as exported, since attcli cannot know
    the group.  On the column's distinct values."""
    if "reg_group" not in layout.cols:
        return
    values = _values(seen).of(frame, layout.cols["reg_group"]).cast(pl.String).str.strip_chars()
    made = sorted(values.filter(values.str.contains(_GROUP_AS_DATE)).to_list())
    if not made:
        return
    first = made[0]
    day, month = first.split("-")
    if not day.isdigit():
        day, month = month, day
    was = f"{int(day)}/{_MONTH_NUMBER[month]}"
    n = len(made)
    warnings.append(
        f"{layout.file}: {n} registration group{'s' if n != 1 else ''} look{'' if n != 1 else 's'}"
        f" like dates Excel made of them when the file was opened (e.g. {first!r}, which would "
        f"be {was!r} or {was.replace('/', '-')!r}): shown as exported; export the register "
        "again without saving it from Excel to have the groups' names"
    )


#: The labels :func:`_label` reads R's NA in as no value, as a note names them
_LABEL_WORDS = {"reg_group": "form", "school": "school", "gender": "gender"}


def _note_empty_labels(
    layout: _Layout, frame: pl.DataFrame, warnings: list[str], seen: _Distinct | None = None
) -> None:
    """A note for each label column (a form, a school, a gender) holding R's ``NA`` (or
    another program's empty value), read as no value (:func:`_label`): a form 'NA' was a
    form of its own in every by-form figure.  No figure rests on a label, so it is read,
    not refused as a mark, a date or a year group is (sweep layouts6).  On the columns'
    distinct values."""
    cols = {f: layout.cols[f] for f in _STRING_FIELDS if f in layout.cols}
    if not cols:
        return
    found = _values(seen).of_all(frame, cols.values())
    for f, src in cols.items():
        values = found[src].cast(pl.String).str.strip_chars()
        empty = sorted(values.filter(values.str.to_uppercase().is_in(sorted(EMPTY_VALUES))).to_list())
        if not empty:
            continue
        what = _LABEL_WORDS[f]
        warnings.append(
            f"{layout.file}: {' and '.join(repr(e) for e in empty)} in column "
            f"{layout.header(f)!r} read as no {what} (shown blank): it is how R and other "
            'tools write an empty value (in R, write.csv(..., na = "") saves an empty cell)'
        )


#: The fields that hold a pupil's name or group, which no UPN ever is.
_NAMED_FIELDS = ("surname", "forename", "name", "reg_group")


def _refuse_upns_as_names(
    layout: _Layout, frame: pl.DataFrame, seen: _Distinct | None = None
) -> None:
    """Refuse a name (or registration group) column most of whose values are UPNs: the
    columns are swapped, or their headers typed over the wrong columns, and read as they
    stand every pupil's UPN would be a name (two children of one name one pupil).  One
    such cell among names is a cell, not a column, and is read as written.  On each
    column's distinct values, and the rows only when one is refused."""
    named = {f: layout.cols[f] for f in _NAMED_FIELDS if f in layout.cols}
    if not named:
        return
    found = _values(seen).of_all(frame, named.values())  # (one query, on the codes)
    # every column's values side by side, the shorter padded with nulls (a blank is not
    # counted either way), their non-blank values and UPNs counted in one query: not two
    # queries a column (issue 15)
    longest = max(found[src].len() for src in named.values())
    blank = pl.Series("", [None], dtype=pl.String)
    side = pl.DataFrame(
        [
            found[src].cast(pl.String).alias(f).append(  # (append: no query, as new_from_index)
                blank.new_from_index(0, longest - found[src].len())
            )
            for f, src in named.items()
        ]
    )
    counted = side.select(
        *(stripped(f).is_not_null().sum().alias(f"{f} n") for f in named),
        *(
            upn_expr(stripped(f)).str.contains(UPN_RE).fill_null(False).sum().alias(f"{f} upns")
            for f in named
        ),
    ).row(0, named=True)
    for field_name, src in named.items():
        n, upns = counted[f"{field_name} n"], counted[f"{field_name} upns"]
        if not upns or upns * 2 <= n:
            continue
        row = (
            frame.filter(upn_expr(stripped(src)).str.contains(UPN_RE).fill_null(False))
            .sort("line")
            .row(0, named=True)
        )
        header = layout.header(field_name)
        raise input_error(
            f"column {header!r} holds UPNs, not names ({upns} of its {n} "
            f"values are UPNs, e.g. {str(row[src]).strip()!r})",
            file=layout.file,
            line=row["line"],
            hint="a name is never a UPN: the columns look swapped, or their headers typed "
            "over the wrong columns; export the register again from the MIS, or put each "
            "header over its own column",
        )


def _excel_swapped(
    layout: _Layout, frame: pl.DataFrame, field: str, swapped: tuple[str, str, str], what: str = ""
) -> Exception:
    """The error for a column of ``field`` dates US-locale Excel read month first
    (``swapped``: message, hint and the cell as read, from :func:`us_excel_dates` or
    :func:`us_excel_other_dates`), naming the first row that holds that cell."""
    message, hint, cell = swapped
    src = layout.cols[field]
    row = frame.filter(pl.col(src).cast(pl.String) == cell).sort("line").row(0, named=True)
    return input_error(
        what + message,
        file=layout.file,
        line=row["line"],
        column=layout.header(field),
        value=cell,
        hint=hint,
    )


def _check_us_excel_births(
    layout: _Layout, frame: pl.DataFrame, seen: _Distinct | None = None
) -> None:
    """A workbook's dates of birth that look read month first by Excel set to US dates
    (:func:`us_excel_other_dates`) are an error naming the first such cell's row.  On the
    column's distinct values."""
    if layout.source.kind != "xlsx" or "dob" not in layout.cols:
        return
    src = layout.cols["dob"]
    swapped = us_excel_other_dates(_values(seen).of(frame, src).cast(pl.String).to_list())
    if swapped is None:
        return
    raise _excel_swapped(layout, frame, "dob", swapped, "date of birth: ")


def _check_us_order(layout: _Layout, frame: pl.DataFrame, seen: _Distinct | None = None) -> None:
    """A column of dates that are weekdays only in US order (MM/DD/YYYY) is an error."""
    f = _date_field(layout)
    src = layout.cols[f]
    values = _values(seen).of(frame, src).cast(pl.String)
    if layout.source.kind == "xlsx" and (swapped := us_excel_dates(values.to_list())):
        raise _excel_swapped(layout, frame, f, swapped)
    if _date_and_session(layout):  # '07/09/2026 AM': the date as written
        day = pl.select(date_session_day(pl.lit(values))).to_series()
    else:  # a date-time's date (or a date's)
        day = values.str.replace(r"[ T]\d{1,2}:\d{2}.*$", "")
    us = us_order_dates(day.to_list())
    if us:
        stray = values.filter(day.is_in(list(us))).implode()
        row = frame.filter(pl.col(src).cast(pl.String).is_in(stray)).sort("line").row(0, named=True)
        message, hint = us_order_message(next(d for d in us if d in str(row[src])))
    elif run := us_order_run(day.to_list()):
        message, hint = run
        row = frame.filter(pl.col(src).is_not_null()).sort("line").row(0, named=True)
    if us or run:
        raise input_error(
            message,
            file=layout.file,
            line=row["line"],
            column=layout.header(f),
            value=str(row[src]),
            hint=hint,
        )


#: A file of fewer pupils is not judged as a school's register by its share of attended
#: sessions (:func:`check_attended`): one pupil's export, all absent, is a real one.
REGISTER_MIN_PUPILS = 10
#: ... nor refused for holding no attended mark over fewer weekdays than a school week.
REGISTER_MIN_WEEKDAYS = 5
#: Study leave: a year group's every session in an exam season, the register's all the same.
STUDY_LEAVE = "S"


def check_attended(
    file: str, frame: pl.DataFrame, report: FileReport, warnings: list[str]
) -> None:
    """An export of at least :data:`REGISTER_MIN_PUPILS` pupils that holds no attended mark
    over a school week is an absence report, not the register: an :class:`InputError`; one
    whose attended sessions are under half of its possible sessions gets a warning naming
    the figure.  Neither when nine in ten of its absence sessions are study leave (``S``:
    a year group on exam leave, the register all the same).
    Counted on the classified marks' categories (one Polars pass; no numpy: a small
    school's check loads none, tests/test_startup.py)."""
    if report.pupils < REGISTER_MIN_PUPILS or not frame.height:
        return
    from attcli.codes import Category

    cat = pl.col("category")
    attended, possible = frame.select(
        cat.is_in([c.value for c in Category if c.counts_as_attended]).sum().alias("a"),
        cat.is_in([c.value for c in Category if c.counts_as_possible]).sum().alias("p"),
    ).row(0)
    if not possible or attended * 2 >= possible:
        return
    # a whole year group on study leave (a Year 11 week, every session S) is the register:
    # the one absence a school grants a cohort at once.  Nine in ten of the absences S.
    # (Any authorised code was taken so, and a flu outbreak's report of absentees, all I,
    # was read as the register with nothing said.)
    absent = possible - attended
    leave = frame.select((pl.col("mark") == STUDY_LEAVE).sum()).item()
    if leave * 10 >= absent * 9:
        return
    from attcli.coverage import weekdays

    first, last = report.first_date, report.last_date
    span = len(weekdays(first, last)) if first is not None and last is not None else 0
    if not attended and span >= REGISTER_MIN_WEEKDAYS:
        raise InputError(
            f"{shown(file)} holds no present marks: it looks like an absence report, not the "
            "register; export the full attendance marks (every session of every pupil)"
        )
    from fractions import Fraction

    from attcli.percent import pct_text

    # (the one rule for a figure people read: 999 of 2,000 is 49.95 %, never "50.0 %")
    share = pct_text(attended, possible, (Fraction(50),))
    warnings.insert(  # first of the load's notes: every figure from this file is suspect
        0,
        f"{file}: attended sessions are only {share} of the "
        f"possible sessions ({attended} of {possible}): no whole school's register is under "
        "half; if this is an absence report (absences and lates), export the full attendance "
        "marks (every session of every pupil)",
    )


#: The ages (years) a pupil on a school's roll can be: a school nursery's 2-year-olds to
#: SEND provision's 25.  A date of birth that makes a pupil older or younger on a session
#: is a typing slip (01/10/1914 for 2014) that would decide compulsory school age.
PUPIL_AGES = (2, 25)


def _check_births(layout: _Layout, frame: pl.DataFrame, warnings: list[str]) -> None:
    """A date of birth on or after one of the pupil's session dates is an error; one that
    makes the pupil younger or older on a session than a school pupil can be
    (:data:`PUPIL_AGES`) is said in one line: compulsory school age follows it."""
    if "dob" not in layout.cols:
        return
    # nearly always every birth is before every session: two reductions settle it, not a
    # filter of every row (0.09 s at 20,000 pupils, issue 15); two more, the ages
    latest_birth, first_day, earliest_birth, last_day = frame.select(
        pl.col("dob").max().alias("_b1"), pl.col("date").min().alias("_d0"),
        pl.col("dob").min().alias("_b0"), pl.col("date").max().alias("_d1"),
    ).row(0)
    if latest_birth is None or first_day is None:
        return
    _note_ages(layout, frame, warnings, latest_birth, first_day, earliest_birth, last_day)
    if latest_birth < first_day:
        return
    unborn = frame.filter(pl.col("dob") >= pl.col("date"))
    if unborn.height:
        row = unborn.sort("line", "date").row(0, named=True)
        raise input_error(
            f"date of birth {row['dob']:%d/%m/%Y} is not before this pupil's session on "
            f"{row['date']:%d/%m/%Y}: a pupil cannot be on the register before they are born",
            file=layout.file,
            line=row["line"],
            column=layout.header("dob"),
            value=str(row[layout.cols["dob"]]),
            hint="check the date of birth (dates are DD/MM/YYYY)",
        )


def _note_ages(
    layout: _Layout,
    frame: pl.DataFrame,
    warnings: list[str],
    latest_birth: dt.date,
    first_day: dt.date,
    earliest_birth: dt.date,
    last_day: dt.date,
) -> None:
    """One line when a date of birth makes its pupil younger or older on a session than a
    school pupil can be (:data:`PUPIL_AGES`): the first row, the file, line and value,
    and how many pupils.  Read off the four reductions alone for a clean export."""
    young, old = PUPIL_AGES

    def years_after(day: dt.date, n: int) -> dt.date:
        try:
            return day.replace(year=day.year + n)
        except ValueError:  # 29 February
            return dt.date(day.year + n, 3, 1)

    # (younger than ``young``: born less than ``young`` years before the session; older
    # than ``old``: ``old + 1`` or more on it)
    if years_after(latest_birth, young) <= first_day and years_after(
        earliest_birth, old + 1
    ) > last_day:
        return
    off = frame.filter(
        (pl.col("dob").dt.offset_by(f"{young}y") > pl.col("date"))
        | (pl.col("dob").dt.offset_by(f"{old + 1}y") <= pl.col("date"))
    )
    if not off.height:
        return
    row = off.sort("line", "date").row(0, named=True)
    born, on = row["dob"], row["date"]
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    n = off.select(pl.col(layout.key).n_unique()).item() if layout.key in off.columns else 1
    warnings.append(
        f"{layout.file}, line {row['line']}: date of birth {born:%d/%m/%Y} makes the pupil "
        f"{age} on {on:%d/%m/%Y}, {'younger' if age < young else 'older'} than any school "
        f"pupil ({young} to {old} years old): compulsory school age, and so whether a "
        "penalty notice may be quoted, follows it; check it in the MIS (dates are DD/MM/YYYY)"
        + (f"; {n} pupils' dates of birth are so" if n > 1 else "")
    )


def load_long(
    layout: _Layout,
    subcodes: Mapping[str, str] | None,
    warnings: list[str],
    *,
    pm_from: dt.time = DEFAULT_PM_FROM,
) -> tuple[pl.DataFrame, FileReport]:
    mark = layout.cols["mark"]
    found: dict[str, pl.Series] = {}  # (the read's distinct values, where it gives them)
    frame = _read(layout, [], warnings, found)
    site = _one_mis_site(layout, frame)
    frame.insert_column(frame.width, frame.get_column(mark).alias("raw_mark"))  # shared
    # every read column's distinct values in one query, for all that follow (issue 15)
    seen = _Distinct(layout.cols.values(), {"raw_mark": mark})
    seen.found(frame, found)
    frame, skipped, keys, odd = _classify_rows(layout, frame, warnings, layout.key, seen)
    frame = _keyed(layout, frame)
    _check_us_excel_births(layout, frame, seen)
    _refuse_upns_as_names(layout, frame, seen)
    _note_groups_as_dates(layout, frame, warnings, seen)
    _note_empty_labels(layout, frame, warnings, seen)
    _check_us_order(layout, frame, seen)
    frame = _parse_fields(layout, frame, _fields(layout, "long"), seen=seen)
    frame, moved, apart = _odd_upn_rows(layout, frame, odd, warnings)
    if moved:
        keys = None  # a value's rows read as another pupil's: counted on the rows
    frame = _sessions_from_times(layout, frame, pm_from)
    _check_long_dates(layout, frame, seen)
    _check_births(layout, frame, warnings)
    frame = frame.with_columns(pl.col("session").cast(SESSION_DTYPE))
    frame = _classify(frame, layout, subcodes, warnings, seen=seen)
    out = _finish(frame, layout)
    used = set(layout.cols.values())
    report = _report(
        layout, "long", frame.height, out, skipped + _unused_columns(layout, used), keys
    )
    report.typed_apart = apart
    report.mis_site = site
    return out, report


def _one_mis_site(layout: _Layout, frame: pl.DataFrame) -> str | None:
    """A register keyed by an MIS id whose rows name two MIS sites (Arbor's Power BI
    ``APPLICATION_ID``: "concatenated with STUDENT_ID to get a unique value across MAT
    data"), refused in one line: one id may be two children of two schools, read as one.
    With a UPN the column is not needed; one site is returned, for the files given
    together to be compared (:func:`attcli.loaders._one_site`) (sweep layouts9)."""
    if "mis_site" not in layout.cols or layout.key != "mis_id":
        return None
    from attcli.lookup import distinct

    sites = distinct(frame.get_column(layout.cols["mis_site"])).drop_nulls().cast(pl.String)
    sites = sites.str.strip_chars().filter(sites.str.strip_chars() != "").unique().sort()
    if sites.len() > 1:
        shown = ", ".join(repr(s) for s in sites.head(3).to_list()) + (" ..." if sites.len() > 3 else "")
        raise input_error(
            f"the rows are of {sites.len()} MIS sites (column {layout.header('mis_site')!r}: "
            f"{shown}), and the pupils are keyed by {layout.header('mis_id')!r}, an id unique "
            "only within one site: two schools' children may share one id",
            file=layout.file,
            hint="export the register with a UPN column, or check each school's register "
            "(filtered to its site) in its own workspace",
        )
    return sites.item() if sites.len() == 1 else None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _sessions_from_times(layout: _Layout, frame: pl.DataFrame, pm_from: dt.time) -> pl.DataFrame:
    """A register with times and no session column: AM before ``pm_from``, else PM; two
    marks in one half-day for one pupil are an error naming both lines.  A date column
    beside a date-time must agree with it."""
    c = layout.cols
    if "_stamp_date" in frame.columns:
        bad = frame.filter(pl.col("_stamp_date") != pl.col("date"))
        if bad.height:
            row = bad.sort("line").row(0, named=True)
            raise input_error(
                f"the date {row['date']:%d/%m/%Y} (column {layout.header('date')!r}) is not the "
                f"date of the time {row[c['datetime']]!s} (column {layout.header('datetime')!r})",
                file=layout.file,
                line=row["line"],
                hint="export the register again; attcli does not guess which of the two is right",
            )
        frame = frame.drop("_stamp_date")
    if "session" in c:
        return frame.drop("_minutes", strict=False)
    cut = pm_from.hour * 60 + pm_from.minute
    frame = frame.with_columns(
        pl.when(pl.col("_minutes") < cut)
        .then(pl.lit("AM"))
        .otherwise(pl.lit("PM"))
        .alias("session")
    )
    keys = ["upn", "date", "session"]
    twice = frame.filter(pl.struct(keys).is_duplicated())
    if twice.height:
        first = twice.sort("line").row(0, named=True)
        other = (
            twice.filter(
                (pl.col("upn") == first["upn"])
                & (pl.col("date") == first["date"])
                & (pl.col("session") == first["session"])
                & (pl.col("line") != first["line"])
            )
            .sort("line")
            .row(0, named=True)
        )
        time_col = "datetime" if "datetime" in c else "start_time"
        u = layout.unit
        label = KEY_LABELS[layout.key]
        raise input_error(
            f"two marks in one half-day: {label} {first['upn']} on {first['date']:%d/%m/%Y} "
            f"{first['session']} at {_clock(first['_minutes'])} ({u} {first['line']}, mark "
            f"{first['raw_mark']!r}) and at {_clock(other['_minutes'])} ({u} {other['line']}, "
            f"mark {other['raw_mark']!r})",
            file=layout.file,
            column=layout.header(time_col),
            hint=f"the session is read from the time (before {pm_from:%H:%M} is AM, set by "
            "pm_from under [sessions] in attcli.toml) and a session has one mark: export the "
            "AM and PM registers only, not lesson registers",
        )
    return frame.drop("_minutes")


def _session_columns(layout: _Layout) -> dict[str, tuple[dt.date, str]]:
    m = layout.match
    sessions: dict[str, tuple[dt.date, str]] = {}
    seen: dict[tuple[dt.date, str], int] = {}
    dates = {i: session_header_date(m.cells[i]) for i in m.session_columns}
    us = us_order_dates(list(dates.values()))
    if us:
        i = next(i for i, d in dates.items() if d in us)
        message, hint = us_order_message(dates[i] or "")
        raise input_error(message, file=layout.file, line=m.line, column=m.cells[i], hint=hint)
    named = any(session_header_weekday(m.cells[i]) for i in m.session_columns)
    run = None if named else us_order_run(list(dates.values()))
    if run:  # (a weekday name in a header says which order; it is checked below)
        message, hint = run
        column = m.cells[m.session_columns[0]]
        raise input_error(message, file=layout.file, line=m.line, column=column, hint=hint)
    for i in m.session_columns:
        text = m.cells[i]
        try:
            date, session = parse_session_header(text)
        except ValueError as exc:
            raise input_error(
                f"session column header is not a valid date and session: {exc}",
                file=layout.file,
                line=m.line,
                column=text,
                hint="session headers look like '02/09/2026 AM' or 'Wed 02/09/2026 PM'",
            ) from None
        if date.weekday() >= 5:
            raise input_error(
                f"session column for {WEEKDAY_NAMES[date.weekday()]} {date:%d/%m/%Y}, "
                "a weekend day; registers have weekday sessions only",
                file=layout.file,
                line=m.line,
                column=text,
                hint=f"check the dates are written {DATE_FORMATS_TEXT}",
            )
        if (date, session) in seen:
            j = seen[(date, session)]
            raise input_error(
                f"two columns for the same session {date:%d/%m/%Y} {session}: "
                f"{m.cells[j]!r} (column {j + 1}) and {text!r} (column {i + 1})",
                file=layout.file,
                line=m.line,
                hint="a session has one mark per pupil: remove the repeated column, "
                "or export the register again",
            )
        seen[(date, session)] = i
        sessions[f"c{i}"] = (date, session)
    _refuse_decorated_sessions(layout, m)
    stray, main = _stray_dates([d for d, _ in sessions.values()])
    if stray:
        col = next(c for c, (d, _) in sessions.items() if d in stray)
        message, hint = _stray_date_message(sessions[col][0], main)
        raise input_error(
            message, file=layout.file, line=m.line, column=m.cells[int(col[1:])], hint=hint
        )
    return sessions


def _short_lines(layout: _Layout, frame: pl.DataFrame, session_cols: list[str],
                 warnings: list[str]) -> None:
    """A wide CSV line with fewer cells than the header row, its last sessions missing,
    reads as a pupil who left (no marks after: DOMAIN.md 1), as Excel writes one: Excel
    leaves off the empty cells at a row's end when no row of its block of rows has a value
    there, so its short lines come in blocks of one length.  A short line shorter than the
    lines either side of it is no Excel block: where the file writes a leaver's empty cells
    out elsewhere (a line whose last session's cell is there and empty), it is a line cut
    short, refused; where nothing shows how the writer ends a leaver's row, it is read as a
    leaver and said, naming the line (an officer who knows the pupil on roll sees it)."""
    if layout.source.kind != "csv" or not session_cols or frame.height == 0:
        return
    last = max(session_cols, key=lambda c: int(c[1:]))
    need = int(last[1:]) + 1  # the cells a line must have to hold the last session's
    leavers = frame.filter(pl.col(f"_s{last}").is_null()).get_column("line").to_list()
    if not leavers:
        return
    wanted = {n + d for n in leavers for d in (-1, 0, 1)}
    cells = line_cells(layout.source.path, wanted, layout.source.separator)
    short = [n for n in leavers if cells.get(n, need) < need]
    if not short:
        return
    # the file's last row has the line above alone: shorter than it, it may be Excel's
    # last block of rows, a single row written without its empty cells, or a line cut
    # short, and nothing tells which (a leaver's empty cells written out elsewhere are
    # another block's): read as a leaver and said (sweep leftovers5)
    end = frame.get_column("line").max()
    lone = [
        n for n in short
        if cells.get(n - 1, 0) > cells[n] and (cells.get(n + 1, 0) > cells[n] or n == end)
    ]  # fmt: skip
    if not lone:
        return
    written = [n for n in leavers if cells.get(n, 0) >= need]
    inside = [n for n in lone if n != end]
    if written and inside:
        n = inside[0]
        raise input_error(
            f"this {layout.unit} has {cells[n]} of the header row's {len(layout.names)} cells, "
            f"fewer than the {layout.unit}s above and below it, and the file writes a leaver's "
            f"empty cells out ({layout.unit} {written[0]}): the {layout.unit} looks cut short, "
            "and would read as the pupil leaving the roll after their last mark",
            file=layout.file,
            line=n,
            hint="export the register again (a pupil who left has empty cells, commas and "
            "all, to the end of the row)",
        )
    said = [
        f"{_lines_text(inside)} {'has' if len(inside) == 1 else 'have'} fewer cells than "
        f"the header row and than the {layout.unit}s either side"
    ] if inside and not written else []  # fmt: skip
    if end in lone:
        said.append(
            f"{layout.unit} {end}, the last, has fewer cells than the header row and than "
            f"the {layout.unit} above it (Excel's last rows may be written so)"
        )
    if not said:
        return
    warnings.append(
        f"{layout.file}: {'; '.join(said)}: the cells missing are read as blank, as a "
        "leaver's row written without its empty cells (no marks after the last: off roll, "
        "unless a pupil list says otherwise); if the pupil was on roll after that, the line "
        "is cut short: export the register again"
    )


def load_wide(
    layout: _Layout, subcodes: Mapping[str, str] | None, warnings: list[str]
) -> tuple[pl.DataFrame, FileReport]:
    sessions = _session_columns(layout)
    _dated_non_sessions(layout, sessions, warnings)
    session_cols = list(sessions)
    beside = _lone_session_neighbours(layout, sessions)
    frame = _read(
        layout,
        [pl.col(c).alias(f"_s{c}") for c in session_cols]
        + [pl.col(c).alias(f"_o{c}") for c in beside],
        warnings,
    )
    frame, skipped, _, odd = _classify_rows(layout, frame, warnings, key=layout.key)
    _short_lines(layout, frame, session_cols, warnings)
    frame = _refuse_unread_marks_beside(layout, frame, beside, subcodes)
    frame = _keyed(layout, frame)
    _check_us_excel_births(layout, frame)
    _refuse_upns_as_names(layout, frame)
    _note_groups_as_dates(layout, frame, warnings)
    _note_empty_labels(layout, frame, warnings)
    frame = _parse_fields(layout, frame, _fields(layout, "wide"))
    frame, _, apart = _odd_upn_rows(layout, frame, odd, warnings)
    rows = frame.height
    mapping = pl.DataFrame(
        {
            "_col": [f"_s{c}" for c in session_cols],
            "date": [sessions[c][0] for c in session_cols],
            "session": [sessions[c][1] for c in session_cols],
        },
        schema={"_col": pl.String, "date": pl.Date, "session": SESSION_DTYPE},
    )
    index = [c for c in frame.columns if not c.startswith("_s")]
    long = (
        frame.unpivot(
            index=index,
            on=[f"_s{c}" for c in session_cols],
            variable_name="_col",
            value_name="raw_mark",
        )
        .join(mapping, on="_col", how="left")
        .sort("line", "date", "session")
    )
    _check_births(layout, long, warnings)
    headers = {f"_s{c}": layout.match.cells[int(c[1:])] for c in session_cols}
    long = _classify(
        long,
        layout,
        subcodes,
        warnings,
        column_of=lambda bad: headers[bad.get_column("_col")[0]],
        hint_of=lambda bad, frame=long: _split_code_hint(
            frame, bad, [f"_s{c}" for c in session_cols], headers, subcodes
        ),
    )
    out = _finish(long, layout)
    used = set(layout.cols.values()) | set(session_cols)
    report = _report(layout, "wide", rows, out, skipped + _unused_columns(layout, used))
    report.typed_apart = apart
    return out, report


# ---------------------------------------------------------------------------------------
# Packed marks: one row per pupil, a start date and a string of marks (docs/presets.md)

#: A packed string of more than this many weekdays must have a day off for every pupil
#: (a half term, a bank holiday): no English school term runs 9 weeks without one.
PACKED_MAX_DAYS_WITHOUT_BREAK = 45
#: In a string with no commas, a mark is one character, with any digits after it (``C1``,
#: ``Y7``, ``I01``); a space is a blank position.
_PACKED_TOKEN = r"[^\d]\d*"


def _start_field(excel: bool | dt.date) -> _Field:
    def start(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
        d, bad = _staged_date(v)
        return {"_start": d}, bad | stripped(v).is_null() | (d.dt.weekday() >= 6)

    def explain(v: str | None) -> tuple[str, str | None]:
        if v is None or not v.strip():
            return (
                "no start date for the marks",
                f"write the date of the first mark, {DATE_FORMATS_TEXT}",
            )
        one = pl.DataFrame({"v": [v]}, schema={"v": pl.String})
        d = one.select(date_exprs("v", excel_serials=excel)[0]).item()
        if d is not None and d.weekday() >= 5:
            return (
                f"the marks start on {WEEKDAY_NAMES[d.weekday()]} {d:%d/%m/%Y}, a weekend day: "
                "the first mark is a weekday's AM session",
                f"check the date is written {DATE_FORMATS_TEXT}",
            )
        return explain_date(v, excel_serials=excel), None

    return _Field("start_date", start, explain, _date_stage(excel))


def _packed_tokens(layout: _Layout, frame: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    """One row per position of each pupil's string: ``raw_mark`` (null when blank) and
    ``_pos`` (0 = the start date's AM, 1 its PM, 2 the next weekday's AM, ...)."""
    header = layout.header("marks")
    text = pl.col("_marks").cast(pl.String)
    empty = frame.filter(text.str.strip_chars().fill_null("") == "")
    for row in empty.sort("line").iter_rows(named=True):
        warnings.append(
            f"{layout.file}: {layout.unit} {row['line']}: pupil {row['upn']} has no marks "
            f"(column {header!r} is empty): left out"
        )
    frame = frame.filter(text.str.strip_chars().fill_null("") != "")
    guard = formula_guard_note(
        frame, "_marks", file=layout.file, line="line", what="marks string"
    )
    if guard:
        warnings.append(guard)
        frame = frame.with_columns(without_formula_guard(text).alias("_marks"))
    comma = text.str.contains(",", literal=True)
    digit = frame.filter(~comma & text.str.contains(r"^\d"))
    if digit.height:
        row = digit.sort("line").row(0, named=True)
        raise input_error(
            "the marks string starts with a digit, which is no mark",
            file=layout.file,
            line=row["line"],
            column=header,
            value=excerpt(row["_marks"]),
            hint="a string without commas holds one mark per session, each a code such as /, "
            "N or C1: export the marks again",
        )
    error = frame.filter(text.str.strip_chars().str.contains(EXCEL_ERROR))
    if error.height:
        row = error.sort("line").row(0, named=True)
        raise input_error(
            f"the marks cell is {row['_marks'].strip()!r}, an error Excel writes in place of a "
            "cell it took for a formula (a string starting with '-', '+' or '=') when the file "
            "was opened: the marks were lost when it was saved",
            file=layout.file,
            line=row["line"],
            column=header,
            hint="export the marks again and give the file without saving it from Excel (or, "
            "in Excel, import the column as Text)",
        )
    tokens = (
        pl.when(comma)
        .then(text.str.split(",").list.eval(pl.element().str.strip_chars()))
        .otherwise(text.str.extract_all(_PACKED_TOKEN).list.eval(pl.element().str.strip_chars()))
    )
    out = (
        frame.with_columns(tokens.alias("raw_mark"))
        .with_columns(pl.int_ranges(0, pl.col("raw_mark").list.len()).alias("_pos"))
        .explode("raw_mark", "_pos")
        .with_columns(
            pl.when(pl.col("raw_mark") == "")
            .then(None)
            .otherwise(pl.col("raw_mark"))
            .alias("raw_mark"),
            pl.col("_pos").cast(pl.Int64),
        )
    )
    return out


def _check_packed_days(layout: _Layout, long: pl.DataFrame) -> None:
    """The reading of each position as a weekday is checked against the strings themselves:
    blanks at every weekend (one position per calendar day) or no day off in 9 weeks (school
    days only) mean the export counts its days another way: an error, never a misreading."""
    header = layout.header("marks")
    blank = pl.col("raw_mark").is_null()
    # (a day without school as a string of calendar days may write it: blank, closed, or
    # SIMS' no mark; at the place of every weekend, for everyone, no weekday reading holds it)
    no_day = blank | pl.col("raw_mark").is_in([CLOSED_MARK, MISSING_MARK])
    day = pl.col("_pos") // 2
    start_wd = pl.col("_start").dt.weekday() - 1  # Monday = 0
    calendar = long.with_columns(((start_wd + day) % 7).alias("_cal_wd"), day.alias("_day"))
    weekend = calendar.filter(pl.col("_cal_wd") >= 5)
    if weekend.height and weekend.select(no_day.all()).item():
        weekends = weekend.select(pl.struct("_start", "_day").n_unique()).item()
        if weekend.select((pl.col("_day") // 7).n_unique()).item() >= 2 and weekends >= 4:
            held = sorted(weekend.get_column("raw_mark").drop_nulls().unique().to_list())
            said = (
                "are blank"
                if not held
                else "hold "
                + " or ".join(
                    (["blank"] if weekend.select(blank.any()).item() else [])
                    + [repr(m) for m in held]
                )
            )
            raise input_error(
                f"the marks strings {said} at the place of every Saturday and Sunday: they "
                "look like one position per calendar day, but attcli reads one per weekday "
                "(Monday to Friday) from the start date",
                file=layout.file,
                column=header,
                hint="export the marks with weekdays only, or export the register as one row "
                "per pupil per session",
            )
    # A school is shut on a bank holiday: marks for everyone at one's place are the next
    # school day's, in strings of school days only (a string's dates are its positions';
    # a school open that day says so in an export that writes its dates)
    for holiday in sorted(d for d in long.get_column("date").unique() if is_bank_holiday(d)):
        on = long.filter(pl.col("date") == holiday)
        if on.height and not on.select(no_day.any()).item():
            raise input_error(
                f"the marks strings hold a mark for every pupil on {holiday:%a %d/%m/%Y}, a "
                "bank holiday, when schools are shut: they look like one position per school "
                "day, with no place for the holiday, but attcli reads one per weekday (Monday "
                "to Friday) from the start date",
                file=layout.file,
                column=header,
                hint="export the marks with a blank for each weekday the school was closed, "
                "or export the register as one row per pupil per session (which also says so "
                "if the school opened that day)",
            )
    days = long.select(day.max()).item()
    if days is not None and days + 1 > PACKED_MAX_DAYS_WITHOUT_BREAK:
        off = (
            long.group_by("date").agg(blank.all().alias("_off")).select(pl.col("_off").any()).item()
        )
        if not off:
            raise input_error(
                f"the marks strings run {days + 1} weekdays with no day off for any pupil: "
                "attcli reads one mark per session for every weekday from the start date, "
                "with a blank for a day without school, so a string of school days only "
                "would put every mark after the first holiday on the wrong day",
                file=layout.file,
                column=header,
                hint="export the marks with a blank for each weekday the school was closed, "
                "or export the register as one row per pupil per session",
            )


def _check_packed_halves(layout: _Layout, long: pl.DataFrame) -> None:
    """Marks separated by spaces (``/ \\ N``) read a character a session put each space on
    a session with no mark and every mark on the wrong day, with nothing said: refused when
    no two marks of any string are next to each other (a register marks both sessions of a
    day), or when every mark falls on an AM position (or every one on a PM) over more than
    one day, whatever the separator."""
    marked = long.filter(pl.col("raw_mark").is_not_null())
    if not marked.height:
        return
    text = pl.col("_marks").cast(pl.String).str.strip_chars()
    lines = (
        marked.group_by("line")
        .agg(
            pl.len().alias("_n"),
            (pl.col("_pos").sort().diff() == 1).any().alias("_adjacent"),
            text.first().alias("_text"),
        )
        .filter(pl.col("_n") >= 2)
        .sort("line")
    )
    spaced = lines.filter(
        pl.col("_text").str.contains(r"\s") & ~pl.col("_text").str.contains(",", literal=True)
    )
    apart = lines.height and not lines.get_column("_adjacent").any() and spaced.height
    halves = set(marked.get_column("session").cast(pl.String).unique().to_list())
    one_half = len(halves) == 1 and marked.select(pl.col("date").n_unique()).item() >= 2
    if not apart and not one_half:
        return
    if one_half:
        none, positions = ("PM", "2, 4, 6") if halves == {"AM"} else ("AM", "1, 3, 5")
        last = marked.select(pl.col("date").max()).item()
        message = (
            f"the marks strings hold no mark in any {none} session (positions {positions}, "
            f"... of every string are blank) though they run to {last:%a %d/%m/%Y}"
        )
    else:
        message = "no two marks of any string are next to each other"
    if spaced.height:
        row = spaced.row(0, named=True)
        shown = (
            f"tabs ({layout.unit} {row['line']})"
            if "\t" in row["_text"]
            else f"spaces ('{excerpt(row['_text'])}', {layout.unit} {row['line']})"
        )
        message += (
            f": the marks look separated by {shown}, but a string without commas holds one "
            "mark per character, a space (or tab) a session with no mark"
        )
    raise input_error(
        message,
        file=layout.file,
        column=layout.header("marks"),
        hint="separate the marks with commas ('/,\\,N') or write them one after another "
        "('/\\N')",
    )


def _refuse_lone_blank_sessions(layout: _Layout, long: pl.DataFrame) -> None:
    """A session blank for every pupil is no session (a day without school), but a lone
    one, its day's other session marked, between marked sessions, in strings without
    commas, is a space that separates weeks or days ('/\\/\\ /\\/\\'): read a character a
    session, it was dropped as no session and every later mark moved onto the next session
    (Wednesday's N on Thursday), with nothing said but a register "not taken".  Refused
    naming the position; a string with commas says what each item is, and a last PM not
    yet taken (or a first AM) is at the strings' edge."""
    plain = pl.col("_marks").cast(pl.String).str.contains(",", literal=True).not_()
    if not long.select(plain.any()).item():
        return
    half = pl.when(pl.col("session") == "AM").then(0).otherwise(1)
    had = (
        long.group_by("school", "date", "session")
        .agg(pl.col("raw_mark").is_not_null().any().alias("_had"))
        .with_columns(half.alias("_half"))
    )
    for (school,), rows in had.group_by("school", maintain_order=True):
        marks = {(d, h): m for d, h, m in rows.select("date", "_half", "_had").iter_rows()}
        taken = sorted(k for k, m in marks.items() if m)
        if not taken:
            continue
        lone = [
            k for k, m in sorted(marks.items())
            if not m and marks.get((k[0], 1 - k[1])) and taken[0] < k < taken[-1]
        ]  # fmt: skip
        for d, h in lone:
            blank = (
                long.filter(
                    (pl.col("school").eq_missing(school)) & (pl.col("date") == d)
                    & (half == h) & plain
                )
                .sort("line")
            )  # fmt: skip
            if not blank.height:
                continue  # (an empty item between commas: said as no register taken)
            row = blank.row(0, named=True)
            session = "AM" if h == 0 else "PM"
            other = "PM" if h == 0 else "AM"
            raise input_error(
                f"the marks strings are blank for every pupil at {d:%a %d/%m/%Y} {session} "
                f"(position {row['_pos'] + 1} of the string, {layout.unit} {row['line']}: "
                f"'{excerpt(str(row['_marks']).strip())}') while its {other} is marked: in a "
                "string without commas a space is a session with no mark, so a space that "
                "separates weeks or days puts every later mark on another session",
                file=layout.file,
                line=row["line"],
                column=layout.header("marks"),
                hint="write the marks one after another with no spaces ('/\\/\\N'), or "
                "separate every mark with a comma ('/,\\,N'); a half-day the school was "
                "closed is '#' in the MIS",
            )


def _refuse_cut_string(layout: _Layout, long: pl.DataFrame) -> None:
    """A file with no line break after its last line, whose last cell is an unquoted marks
    string (no commas) that ends on an earlier session than the string of the line above:
    a download cut inside the string, which read as it stands is a pupil whose marks stop
    there (taken as leaving the roll), with nothing said."""
    end = layout.source.open_end
    if end is None or end[1].rstrip("\r").endswith('"'):
        return
    if int(layout.cols["marks"][1:]) != layout.match.width - 1:
        return  # (cut in a cell before the last, the row has too few cells: refused)
    ends = long.group_by("line").agg(
        pl.col("date").sort_by("_pos").last(), pl.col("session").sort_by("_pos").last()
    )
    last = ends.filter(pl.col("line") == end[0])
    above = ends.filter(pl.col("line") < end[0]).sort("line").tail(1)
    if not last.height or not above.height:
        return
    (day, session), (day_above, session_above) = (
        last.select("date", "session").row(0),
        above.select("date", "session").row(0),
    )
    if (day, session == "PM") >= (day_above, session_above == "PM"):
        return
    raise input_error(
        f"the file ends in the middle of a row: the marks string of this last {layout.unit}, "
        f"with no line break after it, stops at {day:%a %d/%m/%Y} {session}, where the "
        f"string of the {layout.unit} above runs to {day_above:%a %d/%m/%Y} {session_above}",
        file=layout.file,
        line=end[0],
        column=layout.header("marks"),
        hint="the file looks cut short: export it again (if this row is whole, end the file "
        "with a line break)",
    )


def load_packed(
    layout: _Layout, subcodes: Mapping[str, str] | None, warnings: list[str]
) -> tuple[pl.DataFrame, FileReport]:
    frame = _read(layout, [pl.col(layout.cols["marks"]).alias("_marks")], warnings)
    frame, skipped, _, odd = _classify_rows(layout, frame, warnings, key=layout.key)
    frame = _keyed(layout, frame)
    _check_us_excel_births(layout, frame)
    _refuse_upns_as_names(layout, frame)
    _note_groups_as_dates(layout, frame, warnings)
    _note_empty_labels(layout, frame, warnings)
    fields = [*_fields(layout, "packed"), _start_field(_serials(layout))]
    frame = _parse_fields(layout, frame, fields)
    frame, _, apart = _odd_upn_rows(layout, frame, odd, warnings)
    rows = frame.height
    long = _packed_tokens(layout, frame, warnings)
    day = pl.col("_pos") // 2
    start_wd = pl.col("_start").dt.weekday() - 1  # Monday = 0; the start is a weekday
    weekdays = start_wd + day
    long = long.with_columns(
        (pl.col("_start") + pl.duration(days=(weekdays // 5) * 7 + weekdays % 5 - start_wd)).alias(
            "date"
        ),
        pl.when(pl.col("_pos") % 2 == 0)
        .then(pl.lit("AM"))
        .otherwise(pl.lit("PM"))
        .cast(SESSION_DTYPE)
        .alias("session"),
    )
    _check_packed_days(layout, long)
    _check_packed_halves(layout, long)
    _refuse_lone_blank_sessions(layout, long)
    _refuse_cut_string(layout, long)
    # A session blank for every pupil is not a session the school had: no rows for it.
    had = long.group_by("school", "date", "session").agg(
        pl.col("raw_mark").is_not_null().any().alias("_had")
    )
    long = (
        long.join(had, on=["school", "date", "session"], how="left", nulls_equal=True)
        .filter(pl.col("_had"))
        .drop("_had")
        .sort("line", "date", "session")
    )
    stray, main = _stray_dates(long.get_column("date").unique().to_list())
    if stray:
        row = (
            long.filter(pl.col("date").is_in(list(stray))).sort("line", "_pos").row(0, named=True)
        )
        message, hint = _stray_date_message(row["date"], main)
        message += (
            f"; it is position {row['_pos'] + 1} of the string: {row['date']:%a %d/%m/%Y} "
            f"{row['session']}, from the start date {row['_start']:%d/%m/%Y}"
        )
        raise input_error(
            message, file=layout.file, line=row["line"], column=layout.header("marks"), hint=hint
        )
    _check_births(layout, long, warnings)
    header = layout.header("marks")
    long = _classify(
        long,
        layout,
        subcodes,
        warnings,
        column_of=lambda bad: header,
        hint_of=lambda bad: (
            f"it is position {bad.get_column('_pos')[0] + 1} of the string: "
            f"{bad.get_column('date')[0]:%a %d/%m/%Y} {bad.get_column('session')[0]}"
            + _run_together_hint(bad.get_column("raw_mark")[0])
        ),
    )
    out = _finish(long, layout)
    used = set(layout.cols.values())
    report = _report(layout, "packed", rows, out, skipped + _unused_columns(layout, used))
    report.typed_apart = apart
    report.starts = frame.select("line", pl.col("_start").alias("start"))
    return out, report


def _run_together_hint(item: str | None) -> str:
    """Said of an unknown item of a string with commas that holds several marks written
    together (``/\\/\\,``: a string without separators but for a stray comma)."""
    marks = re.findall(_PACKED_TOKEN, str(item or "").strip())
    if len(marks) < 2 or any(m[0].isspace() for m in marks):
        return ""
    return (
        f"; the string has a comma, so each item between commas is one mark, but this item "
        f"is {len(marks)} marks written together ({', '.join(repr(m) for m in marks[:4])}"
        f"{', ...' if len(marks) > 4 else ''}): separate every mark with a comma, or "
        "remove the stray comma"
    )


def packed_position(start: dt.date, day: dt.date, session: str) -> int:
    """The position (from 1) in a packed string starting on ``start`` of ``day``'s
    ``session``: AM then PM, every weekday (both days are weekdays)."""
    weeks = (day - start).days // 7
    weekdays = weeks * 5 + (day.weekday() - start.weekday()) % 5
    return weekdays * 2 + (2 if session == "PM" else 1)
