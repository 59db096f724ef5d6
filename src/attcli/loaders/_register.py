"""Loading one register export (long or wide) into canonical rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

from attcli.codes import DEFAULT_SUBCODES, category_map, classify_marks
from attcli.errors import InputError
from attcli.register import ATTRIBUTE_COLUMNS, CORE_SCHEMA, SESSION_DTYPE

from ._errors import input_error, is_sheet, relabel, unit
from ._headers import (
    LONG_FIELDS,
    LONG_REQUIRED,
    WEEKDAY_NAMES,
    WIDE_FIELDS,
    WIDE_REQUIRED,
    HeaderMatch,
    Spec,
    cell_text,
    check_match,
    find_header,
    parse_session_header,
)
from ._source import Source, open_source
from ._values import (
    DATE_FORMATS_TEXT,
    SESSION_VALUES_TEXT,
    YEAR_GROUP_TEXT,
    YES_NO_TEXT,
    date_exprs,
    explain_date,
    session_exprs,
    stripped,
    year_group_exprs,
    yes_no_exprs,
)

LONG_SPEC = Spec("long", LONG_FIELDS, LONG_REQUIRED)
WIDE_SPEC = Spec("wide", WIDE_FIELDS, WIDE_REQUIRED, sessions=True)
PRESETS: dict[str | None, list[Spec]] = {
    None: [LONG_SPEC, WIDE_SPEC],
    "arbor": [LONG_SPEC],
    "integris": [WIDE_SPEC],
}
REGISTER_FIELDS = tuple(LONG_FIELDS)

_TOTAL_WORD = r"(?:grand\s+)?(?:totals?|counts?|summary|sum)\b[^,]*"
TOTAL_RE = rf"(?i)^{_TOTAL_WORD}$"
_NUMBER_OR_TOTAL = rf"(?i)^(?:[\d.,%\s]+|{_TOTAL_WORD})$"
_SCHOOL_TITLE = re.compile(r"^\s*school(?:\s+name)?\s*:\s*(.+?)\s*$", re.IGNORECASE)
_YES_NO_FIELDS = [f for f, t in ATTRIBUTE_COLUMNS.items() if t == pl.Boolean]


@dataclass
class FileReport:
    """What was read from one export file."""

    path: str
    shape: str  # "long" | "wide"
    preset: str | None  # "arbor" | "integris" | None (auto-detected)
    rows: int  # data rows read
    sessions: int  # canonical session rows produced
    pupils: int
    first_date: dt.date | None
    last_date: dt.date | None
    skipped: list[str] = field(default_factory=list)


@dataclass
class _Check:
    flag: str
    expr: pl.Expr
    explain: Callable[[dict[str, str | None]], tuple[str, str | None, object, str | None]]
    # explain(raw row by field) -> (message, column header, value, hint)


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

    @property
    def file(self) -> str:
        return self.source.name

    def header(self, field_name: str) -> str:
        return self.match.cells[int(self.cols[field_name][1:])]


def open_layout(
    path: str,
    specs: list[Spec],
    columns: Mapping[str, str] | None,
) -> _Layout:
    src = open_source(path)
    spec, match = find_header(src.head, specs, columns, file=src.name)
    check_match(match, columns, file=src.name)
    u = unit(src.name)
    skipped: list[str] = []
    blank_head: list[int] = []
    school = None
    for line, _end, cells in src.head:
        if line >= match.line:
            break
        texts = [cell_text(c) for c in cells if cell_text(c)]
        if not texts:
            blank_head.append(line)
            continue
        text = " ".join(texts)
        skipped.append(f"{u} {line}: title row {text!r} skipped")
        m = _SCHOOL_TITLE.match(text)
        if m and school is None:
            school = m[1]
    cols = {f: f"c{i}" for f, i in match.found.items()}
    names = [f"c{i}" for i in range(len(match.cells))]
    return _Layout(src, spec, match, cols, names, school, skipped, blank_head)


def _row_flags(layout: _Layout) -> dict[str, pl.Expr]:
    cells = [stripped(c) for c in layout.names]
    blank = pl.all_horizontal([c.is_null() for c in cells])
    first = pl.coalesce(cells)
    upn = stripped(layout.cols["upn"])
    no_upn = upn.is_null() | upn.str.contains(TOTAL_RE)
    numeric = pl.all_horizontal([c.is_null() | c.str.contains(_NUMBER_OR_TOTAL) for c in cells])
    footer = ~blank & no_upn & (first.str.contains(TOTAL_RE) | numeric)
    return {"_blank": blank, "_footer": footer}


def _pupil_columns(layout: _Layout, data: pl.Expr) -> tuple[dict[str, pl.Expr], list[_Check]]:
    """Expressions for the pupil fields, and the checks on them."""
    c = layout.cols
    file = layout.file
    excel = is_sheet(file)
    out: dict[str, pl.Expr] = {}
    checks: list[_Check] = []
    upn = stripped(c["upn"])
    out["upn"] = upn

    def row_text(raw: dict[str, str | None]) -> str:
        text = ", ".join(v.strip() for v in raw.get("_cells", []) if v and v.strip())  # type: ignore[union-attr]
        return text if len(text) <= 80 else text[:77] + "..."

    checks.append(
        _Check(
            "_bad_upn",
            data & upn.is_null(),
            lambda raw: (
                "data row with no UPN",
                layout.header("upn"),
                row_text(raw),
                "every pupil row needs a UPN; a footer row of totals is skipped only when its "
                "first cell is 'Total', 'Totals', 'Count' or 'Summary' or its cells are all "
                "numbers",
            ),
        )
    )
    if "surname" in c and "forename" in c:
        surname, forename = stripped(c["surname"]), stripped(c["forename"])
        checks.append(
            _Check(
                "_bad_name",
                data & surname.is_null() & forename.is_null(),
                lambda raw: ("pupil has no name", layout.header("surname"), None, None),
            )
        )
    else:
        name = stripped(c["name"])
        parts = name.str.extract_groups(r"^([^,]*?)\s*,\s*(.*?)$")
        surname = stripped_expr(parts.struct.field("1"))
        forename = stripped_expr(parts.struct.field("2"))
        checks.append(
            _Check(
                "_bad_name",
                data & (surname.is_null() | forename.is_null()),
                lambda raw: (
                    "pupil name is not 'Surname, Forename'",
                    layout.header("name"),
                    raw.get("name"),
                    "a single name column must hold 'Surname, Forename'; or export separate "
                    "surname and forename columns",
                ),
            )
        )
    out["surname"], out["forename"] = surname, forename
    if "dob" in c:
        dob, bad = date_exprs(c["dob"], excel_serials=excel)
        out["dob"] = dob
        checks.append(
            _Check(
                "_bad_dob",
                data & bad,
                lambda raw: (
                    "date of birth " + explain_date(str(raw["dob"]), excel_serials=excel),
                    layout.header("dob"),
                    raw["dob"],
                    None,
                ),
            )
        )
    else:
        out["dob"] = pl.lit(None, dtype=pl.Date)
    if "year_group" in c:
        yg, bad = year_group_exprs(c["year_group"])
        out["year_group"] = yg
        checks.append(
            _Check(
                "_bad_year_group",
                data & bad,
                lambda raw: (
                    "not a year group",
                    layout.header("year_group"),
                    raw["year_group"],
                    f"year groups are written {YEAR_GROUP_TEXT}",
                ),
            )
        )
    else:
        out["year_group"] = pl.lit(None, dtype=pl.String)
    out["reg_group"] = stripped(c["reg_group"]) if "reg_group" in c else pl.lit(None, pl.String)
    if "school" in c:
        out["school"] = stripped(c["school"])
        if layout.title_school is not None:
            out["school"] = out["school"].fill_null(pl.lit(layout.title_school))
    else:
        out["school"] = pl.lit(layout.title_school, dtype=pl.String)
    for attr in ATTRIBUTE_COLUMNS:
        if attr not in c:
            continue
        if attr in _YES_NO_FIELDS:
            value, bad = yes_no_exprs(c[attr])
            out[attr] = value
            checks.append(
                _Check(
                    f"_bad_{attr}",
                    data & bad,
                    lambda raw, attr=attr: (
                        "not a yes/no value",
                        layout.header(attr),
                        raw[attr],
                        f"write {YES_NO_TEXT}",
                    ),
                )
            )
        else:
            out[attr] = stripped(c[attr])
    return out, checks


def stripped_expr(e: pl.Expr) -> pl.Expr:
    s = e.str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def _raw_row(layout: _Layout, raw: pl.LazyFrame, line: int) -> dict[str, str | None]:
    row = raw.filter(pl.col("line") == line).collect()
    if not row.height:
        return {}
    values = row.row(0, named=True)
    out: dict[str, object] = {f: values[col] for f, col in layout.cols.items()}
    out["_cells"] = [values[n] for n in layout.names]
    return out  # type: ignore[return-value]


def _run_checks(
    layout: _Layout, frame: pl.DataFrame, raw: pl.LazyFrame, checks: list[_Check]
) -> None:
    bad_lines = []
    for check in checks:
        flags = frame.get_column(check.flag)
        if flags.any():
            i = flags.arg_max()
            assert i is not None
            bad_lines.append((frame.get_column("line")[i], check))
    if not bad_lines:
        return
    line, check = min(bad_lines, key=lambda t: t[0])
    message, column, value, hint = check.explain(_raw_row(layout, raw, line))
    raise input_error(message, file=layout.file, line=line, column=column, value=value, hint=hint)


def _skipped_rows(
    layout: _Layout, frame: pl.DataFrame, raw: pl.LazyFrame, warnings: list[str]
) -> tuple[list[str], set[str]]:
    u = unit(layout.file)
    skipped = list(layout.skipped)
    footers = frame.filter(pl.col("_footer")).get_column("line").to_list()
    if footers:
        labels = (
            raw.filter(pl.col("line").is_in(footers))
            .select("line", pl.coalesce([stripped(n) for n in layout.names]).alias("label"))
            .collect()
        )
        for line, label in labels.iter_rows():
            text = f"{u} {line}: footer row {label!r} skipped"
            skipped.append(text)
            warnings.append(f"{layout.file}: {text}")
    blanks = layout.blank_head + frame.filter(pl.col("_blank")).get_column("line").to_list()
    if blanks:
        s = "" if len(blanks) == 1 else "s"
        skipped.append(f"{len(blanks)} blank {u}{s} skipped ({u}{s} {_ranges(blanks)})")
    used = set(layout.cols.values())
    return skipped, used


def _unused_columns(layout: _Layout, used: set[str]) -> list[str]:
    unused = [
        repr(text) for i, text in enumerate(layout.match.cells) if text and f"c{i}" not in used
    ]
    return [f"columns not used: {', '.join(unused)}"] if unused else []


def _classify(
    frame: pl.DataFrame,
    layout: _Layout,
    subcodes: Mapping[str, str] | None,
    warnings: list[str],
    column_of: Callable[[pl.DataFrame], str | None] | None = None,
) -> pl.DataFrame:
    try:
        return classify_marks(frame, file=layout.file, subcodes=subcodes, warnings=warnings)
    except InputError as exc:
        column = None
        if exc.line is not None:
            if column_of is not None:
                known = set(category_map())
                sub = dict(DEFAULT_SUBCODES if subcodes is None else subcodes)
                cleaned = pl.col("raw_mark").cast(pl.String).str.strip_chars().str.to_uppercase()
                mapped = cleaned.replace(sub)
                bad = frame.filter(
                    (pl.col("line") == exc.line)
                    & cleaned.fill_null("").ne("")
                    & ~mapped.is_in(list(known))
                )
                column = column_of(bad.head(1)) if bad.height else None
            elif "mark" in layout.cols:
                column = layout.header("mark")
        raise relabel(exc, column=column) from None


def _blank_marks_warning(frame: pl.DataFrame, layout: _Layout, warnings: list[str]) -> None:
    n = frame.select(
        pl.col("raw_mark").cast(pl.String).str.strip_chars().fill_null("").eq("").sum()
    ).item()
    if n:
        s = "" if n == 1 else "s"
        warnings.append(
            f"{layout.file}: {n} blank mark{s} counted as not on roll ('-', not possible)"
        )


def _finish(frame: pl.DataFrame, layout: _Layout, attrs: list[str]) -> pl.DataFrame:
    cols = [
        pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype).alias(name)
        for name, dtype in CORE_SCHEMA.items()
    ]
    cols += [pl.col(a).cast(ATTRIBUTE_COLUMNS[a]) for a in ATTRIBUTE_COLUMNS if a in attrs]
    cols += [pl.lit(layout.file).alias("source"), pl.col("line").cast(pl.Int64)]
    return frame.select(cols)


def load_long(
    layout: _Layout,
    subcodes: Mapping[str, str] | None,
    warnings: list[str],
) -> tuple[pl.DataFrame, FileReport]:
    c = layout.cols
    file = layout.file
    excel = is_sheet(file)
    raw = layout.source.scan(layout.match.end_line, len(layout.names))
    flags = _row_flags(layout)
    data = ~pl.col("_blank") & ~pl.col("_footer")
    pupil, checks = _pupil_columns(layout, data)
    date, bad_date = date_exprs(c["date"], excel_serials=excel)
    session, bad_session = session_exprs(c["session"])
    checks += [
        _Check(
            "_bad_date",
            data & (bad_date | stripped(c["date"]).is_null()),
            lambda raw: (
                explain_date(str(raw["date"]), excel_serials=excel)
                if raw.get("date") and str(raw["date"]).strip()
                else "no date",
                layout.header("date"),
                raw.get("date"),
                None,
            ),
        ),
        _Check(
            "_bad_session",
            data & bad_session,
            lambda raw: (
                "not a session",
                layout.header("session"),
                raw.get("session"),
                f"sessions are {SESSION_VALUES_TEXT}",
            ),
        ),
        _Check(
            "_weekend",
            data & (date.dt.weekday() >= 6),
            lambda raw: _weekend_message(raw.get("date"), layout, excel),
        ),
    ]
    attrs = [a for a in ATTRIBUTE_COLUMNS if a in c]
    extra = {"date": date, "session": session, "raw_mark": pl.col(c["mark"])}
    frame = _collect_checked(layout, raw, flags, pupil, checks, extra)
    skipped, used = _skipped_rows(layout, frame, raw, warnings)
    frame = frame.filter(~pl.col("_blank") & ~pl.col("_footer"))
    if not frame.height:
        raise _no_data(layout)
    frame = frame.with_columns(pl.col("session").cast(SESSION_DTYPE))
    _blank_marks_warning(frame, layout, warnings)
    frame = _classify(frame, layout, subcodes, warnings)
    out = _finish(frame, layout, attrs)
    report = _report(layout, "long", frame.height, out, skipped + _unused_columns(layout, used))
    return out, report


def _collect_checked(
    layout: _Layout,
    raw: pl.LazyFrame,
    flags: dict[str, pl.Expr],
    columns: dict[str, pl.Expr],
    checks: list[_Check],
    extra: dict[str, pl.Expr],
    keep: list[str] | None = None,
) -> pl.DataFrame:
    frame = (
        raw.with_columns(**flags)
        .select(
            *[e.alias(k) for k, e in {**columns, **extra}.items()],
            *(keep or []),
            *[chk.expr.alias(chk.flag) for chk in checks],
            "line",
            "_blank",
            "_footer",
        )
        .collect(engine="streaming")
    )
    _run_checks(layout, frame, raw, checks)
    return frame.drop([chk.flag for chk in checks])


def _weekend_message(
    value: str | None, layout: _Layout, excel: bool
) -> tuple[str, str | None, object, str | None]:
    frame = pl.DataFrame({"v": [value]}, schema={"v": pl.String})
    date = frame.select(date_exprs("v", excel_serials=excel)[0]).item()
    day = WEEKDAY_NAMES[date.weekday()] if date else "a weekend day"
    return (
        f"{day} {date:%d/%m/%Y} is a weekend day; registers have weekday sessions only",
        layout.header("date"),
        value,
        f"check the date is written {DATE_FORMATS_TEXT}",
    )


def _no_data(layout: _Layout) -> InputError:
    u = unit(layout.file)
    return input_error(
        f"no data rows below the header row ({u} {layout.match.line})",
        file=layout.file,
        line=layout.match.line,
        hint="export the register again with its pupils and sessions",
    )


def _report(
    layout: _Layout, shape: str, rows: int, out: pl.DataFrame, skipped: list[str]
) -> FileReport:
    stats = out.select(
        pl.col("upn").n_unique().alias("pupils"),
        pl.col("date").min().alias("first"),
        pl.col("date").max().alias("last"),
    ).row(0)
    return FileReport(
        path=layout.file,
        shape=shape,
        preset=None,
        rows=rows,
        sessions=out.height,
        pupils=stats[0],
        first_date=stats[1],
        last_date=stats[2],
        skipped=skipped,
    )


def load_wide(
    layout: _Layout,
    subcodes: Mapping[str, str] | None,
    warnings: list[str],
) -> tuple[pl.DataFrame, FileReport]:
    file = layout.file
    m = layout.match
    sessions: dict[str, tuple[dt.date, str]] = {}
    seen: dict[tuple[dt.date, str], str] = {}
    for i in m.session_columns:
        text = m.cells[i]
        try:
            date, session = parse_session_header(text)
        except ValueError as exc:
            raise input_error(
                f"session column header is not a valid date and session: {exc}",
                file=file,
                line=m.line,
                column=text,
                hint=f"session headers look like {', '.join(['02/09/2026 AM', 'Wed 02/09/2026 PM'])}",
            ) from None
        if date.weekday() >= 5:
            raise input_error(
                f"session column for {WEEKDAY_NAMES[date.weekday()]} {date:%d/%m/%Y}, "
                "a weekend day; registers have weekday sessions only",
                file=file,
                line=m.line,
                column=text,
                hint=f"check the dates are written {DATE_FORMATS_TEXT}",
            )
        if (date, session) in seen:
            raise input_error(
                f"two columns for the same session {date:%d/%m/%Y} {session}: "
                f"{seen[(date, session)]!r} and {text!r}",
                file=file,
                line=m.line,
            )
        seen[(date, session)] = text
        sessions[f"c{i}"] = (date, session)
    raw = layout.source.scan(m.end_line, len(layout.names))
    flags = _row_flags(layout)
    data = ~pl.col("_blank") & ~pl.col("_footer")
    pupil, checks = _pupil_columns(layout, data)
    attrs = [a for a in ATTRIBUTE_COLUMNS if a in layout.cols]
    session_cols = list(sessions)
    frame = _collect_checked(layout, raw, flags, pupil, checks, {}, keep=session_cols)
    skipped, used = _skipped_rows(layout, frame, raw, warnings)
    frame = frame.filter(~pl.col("_blank") & ~pl.col("_footer")).drop("_blank", "_footer")
    if not frame.height:
        raise _no_data(layout)
    rows = frame.height
    mapping = pl.DataFrame(
        {
            "_col": session_cols,
            "date": [sessions[k][0] for k in session_cols],
            "session": [sessions[k][1] for k in session_cols],
        },
        schema={"_col": pl.String, "date": pl.Date, "session": SESSION_DTYPE},
    )
    index = [k for k in pupil] + ["line"]
    long = (
        frame.unpivot(index=index, on=session_cols, variable_name="_col", value_name="raw_mark")
        .join(mapping, on="_col", how="left")
        .sort("line", "date", "session")
    )
    _blank_marks_warning(long, layout, warnings)
    headers = {k: m.cells[int(k[1:])] for k in session_cols}
    long = _classify(
        long,
        layout,
        subcodes,
        warnings,
        column_of=lambda bad: headers[bad.get_column("_col")[0]],
    )
    out = _finish(long, layout, attrs)
    used |= set(session_cols)
    report = _report(layout, "wide", rows, out, skipped + _unused_columns(layout, used))
    return out, report
