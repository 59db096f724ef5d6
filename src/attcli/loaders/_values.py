"""Vectorised parsing of cell values: dates, sessions, year groups, yes/no."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import polars as pl

from attcli.codes import EMPTY_VALUES, empty_value_note
from attcli.pupil_ids import UPN_RE, upn_text  # noqa: F401 (re-exported)

from ._errors import input_error, is_sheet
from ._headers import (
    AM_WORDS,
    EXCEL_EPOCH,
    EXCEL_EPOCH_1904,
    SESSION_WORDS,
    SESSION_WORDS_TEXT,
    WEEKDAY_NAMES,
    check_weekday,
    excel_serial_day,
    parse_py_date,
    parse_session_header,
    split_weekday,
)

DATE_FORMATS_TEXT = (
    "DD/MM/YYYY (or D/M/YYYY), YYYY-MM-DD, 'Wed, 09 Sep 2026', 'Wed 09 Sep 2026', "
    "'09 Sep 2026' or '09-Sep-2026'"
)
_WD = r"(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"
#: A time after a date in a date cell (``07/09/2026 00:00``, ``2026-09-07T08:45:00``).
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_WD_NUMBER = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
#: Excel's day 0 (serials count from 1900-01-00, with the 1900 leap-year bug).
_EXCEL_EPOCH = (EXCEL_EPOCH.year, EXCEL_EPOCH.month, EXCEL_EPOCH.day)


def _epoch(excel_serials: bool | dt.date) -> tuple[int, int, int]:
    """The day 0 Excel serial day numbers count from: ``excel_serials`` is True (Excel's
    1900 date system) or the day itself (:data:`EXCEL_EPOCH_1904` for a 1904 workbook)."""
    if isinstance(excel_serials, dt.date) and excel_serials == EXCEL_EPOCH_1904:
        return (1904, 1, 1)
    return _EXCEL_EPOCH
_EXCEL_MAX = 2958465  # 31/12/9999


def _expr(col: str | pl.Expr) -> pl.Expr:
    return pl.col(col) if isinstance(col, str) else col


def stripped(col: str | pl.Expr) -> pl.Expr:
    """The column as text, trimmed, with blank cells as null."""
    s = _expr(col).cast(pl.String).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def empty_as_null(s: pl.Expr) -> pl.Expr:
    """``s`` (text) with a program's empty value (R's ``NA``: :data:`EMPTY_VALUES`) as
    null: for a label no figure rests on (sweep layouts6)."""
    return pl.when(s.str.strip_chars().str.to_uppercase().is_in(sorted(EMPTY_VALUES))).then(
        None
    ).otherwise(s)


#: Text that shows as nothing (:func:`attcli.output.shows_nothing`, in Polars): controls,
#: format characters (zero-width spaces and joiners, direction marks and overrides, a
#: byte-order mark, a soft hyphen), spaces and line breaks.
INVISIBLE = r"^[\p{Cc}\p{Cf}\p{Z}\s]*$"


def name_text(col: str | pl.Expr) -> pl.Expr:
    """A name column: :func:`stripped`, and a name of invisible characters only (a
    zero-width space, a direction override: a person sees a blank cell) null as a blank
    one is, so a pupil with no name that shows is "pupil has no name", never a letter
    about "'s attendance".  Composed (Unicode NFC): "Siân" saved on a Mac (``a`` and a
    combining circumflex, NFD) is the same name as the MIS's, not a name that differs
    between two exports while looking the same.  Runs of spaces inside it (typed twice, or
    Excel's no-break space) are one space: "van  der Berg" is "van der Berg"."""
    s = stripped(col).str.replace_all(r"\s+", " ").str.normalize("NFC")
    return pl.when(s.str.contains(INVISIBLE)).then(None).otherwise(s)


def upn_expr(col: str | pl.Expr) -> pl.Expr:
    """A UPN column's values as keys: trimmed, and a value that is a UPN once written in
    capitals without spaces (``a999320000001``, ``A999 320000004``: how a person types or
    a spreadsheet pads one) written so, so one pupil is one key in every export, pupil
    list and contacts file.  Any other value (an MIS's own id, a test's ``A1``) as it is."""
    s = stripped(col)
    tight = s.str.replace_all(r"\s", "").str.to_uppercase()
    return pl.when(tight.str.contains(UPN_RE)).then(tight).otherwise(s)


#: A number as Excel writes a long one it shows in the General format (``1.23457E+11``):
#: its last digits are gone, so it is no pupil's key.
SCIENTIFIC = r"(?i)^[+-]?\d+(?:\.\d+)?E[+-]?\d+$"


def scientific_id_error(
    value: str, label: str, count: int, file: str | Path | None, line: int, column: str | None
) -> Exception:
    """The error for a pupil key (a UPN or an MIS id, ``label``) written in scientific
    notation: a CSV opened in Excel, whose General format shows a number of 12 digits or
    more so, and saved again.  The digits Excel dropped may be all that told two pupils
    apart, so read as written such keys silently join pupils.  ``count``: how many such
    values the file holds."""
    return input_error(
        f"the {label} {value!r} is a number in scientific notation, as Excel writes a long "
        "number: its last digits are lost, so attcli cannot tell which pupil it is"
        + (f" ({count} such values)" if count > 1 else ""),
        file=file,
        line=line,
        column=column,
        hint="export it from the MIS again and give it without opening it in Excel (or, in "
        "Excel, format the column as Text, or as Number with no decimals, before saving)",
    )


def child_name(column: str) -> pl.Expr:
    """A surname or forename as one child's is told from another's under two UPNs
    (``loaders._one_child_two_upns``, ``loaders.upn_replaced``) or a damaged UPN cell's
    row from a pupil's (``_register._odd_upn_rows``): case and outer spaces aside."""
    return pl.col(column).cast(pl.Utf8).str.strip_chars().str.to_lowercase()


def date_exprs(
    col: str | pl.Expr, *, excel_serials: bool | dt.date = False
) -> tuple[pl.Expr, pl.Expr]:
    """``(date, bad)`` for a text column of dates: ``bad`` is true for a non-blank cell that
    is not a valid date (or whose weekday does not match the date)."""
    date, weekday = date_parts(col, excel_serials=excel_serials)
    return date_checked(col, date, weekday)


def date_parts(
    col: str | pl.Expr, *, excel_serials: bool | dt.date = False
) -> tuple[pl.Expr, pl.Expr]:
    """``(date read, weekday written)`` of a text column of dates, each cell read as
    :func:`date_exprs` reads it before the weekday is checked (:func:`date_checked`).  Two
    steps so that the distinct values' parse can compute these once, as columns, and check
    them in a second query: in :func:`date_exprs` the date is copied into its expression
    four to six times, and on a few distinct values the expression's size is what the query
    costs (issue 15)."""
    s = stripped(col)
    wd = s.str.extract(_WD, 1).str.to_lowercase()
    rest = s.str.replace(_WD, "")
    # a time after the date (a date-time cell, as Excel writes "07/09/2026 00:00") is
    # left out: the date is the date either way, in either order of day and month
    dmy = rest.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}" + _TIME + "$")
    iso = rest.str.contains(r"^\d{4}-\d{2}-\d{2}" + _TIME + "$")
    mon = rest.str.contains(r"^\d{1,2}[ -][A-Za-z]{3,9}[ -]\d{4}$")
    spaced = rest.str.replace_all("-", " ", literal=True).str.replace(r"(?i) sept ", " Sep ")
    candidates = [
        pl.when(dmy).then(
            rest.str.extract(r"^(\d{1,2}/\d{1,2}/\d{4})").str.strptime(
                pl.Date, "%d/%m/%Y", strict=False
            )
        ),
        pl.when(iso).then(rest.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False)),
        pl.when(mon).then(
            pl.coalesce(
                spaced.str.strptime(pl.Date, "%d %b %Y", strict=False),
                spaced.str.strptime(pl.Date, "%d %B %Y", strict=False),
            )
        ),
    ]
    if excel_serials:
        number = rest.str.contains(r"^\d+(?:\.\d+)?$")
        days = rest.cast(pl.Float64, strict=False).floor()
        ok = number & (days >= 1) & (days <= _EXCEL_MAX)
        candidates.append(
            pl.when(ok).then(
                pl.date(*_epoch(excel_serials))
                + pl.duration(days=days.cast(pl.Int64, strict=False))
            )
        )
    date = pl.coalesce(candidates)
    weekday = wd.replace_strict(_WD_NUMBER, default=None, return_dtype=pl.Int8)
    return date, weekday


def date_checked(
    col: str | pl.Expr, date: pl.Expr, weekday: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """:func:`date_exprs`'s ``(date, bad)`` from :func:`date_parts`'s ``date`` and
    ``weekday`` of ``col``."""
    s = stripped(col)
    # (null where either is null: no mismatch.  `date` once here, not twice: the whole
    # expression is copied into the date and into `bad`, and on the few distinct values it
    # is parsed for, its size is what the parse costs; sweep fixedcost)
    mismatch = (date.dt.weekday() != weekday).fill_null(False)
    bad = s.is_not_null() & (date.is_null() | mismatch)
    return pl.when(mismatch).then(None).otherwise(date), bad


_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def us_order_dates(values: Sequence[str | None]) -> set[str]:
    """The values of a column of dates that are no weekday read as DD/MM/YYYY (a weekend,
    or no date at all: ``09/14/2026``), when every value of the column is a weekday read as
    MM/DD/YYYY (US order): strong evidence that the export writes its dates the US way.
    Where every value is a date both ways, the dates must also lie closer together the US
    way (a weekend typo in a UK column is no US order).  Empty when there is no such
    evidence."""
    uk_weekend: set[str] = set()
    uk_invalid: set[str] = set()
    uk_days: list[dt.date] = []
    us_days: list[dt.date] = []
    for v in values:
        m = _DMY.match(v or "")
        if not m:
            continue
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        try:
            us = dt.date(y, a, b)
        except ValueError:
            return set()  # not a date read the US way either: the other errors say so
        if us.weekday() >= 5:
            return set()
        us_days.append(us)
        try:
            uk = dt.date(y, b, a)
        except ValueError:
            uk_invalid.add(v or "")
            continue
        uk_days.append(uk)
        if uk.weekday() >= 5:
            uk_weekend.add(v or "")
    if uk_invalid:
        return uk_invalid | uk_weekend
    if not uk_weekend or max(us_days) - min(us_days) >= max(uk_days) - min(uk_days):
        return set()  # a weekend typo in a UK column: US order does not make it more compact
    return uk_weekend


#: Two session dates read MM/DD/YYYY are school days in a row when no more than one weekday
#: lies between them (a bank holiday or an INSET day).
_RUN_SKIP_WEEKDAYS = 1


def _weekdays_between(a: dt.date, b: dt.date) -> int:
    return sum((a + dt.timedelta(days=i)).weekday() < 5 for i in range(1, (b - a).days))


def _day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def us_order_run(values: Sequence[str | None]) -> tuple[str, str] | None:
    """``(message, hint)`` when a column of dates that are weekdays both ways is a run of
    school days in a row only read as MM/DD/YYYY (US order), else ``None``.

    Too short an export for a weekend to give its order away (:func:`us_order_dates`), or the
    13-week rule, is told by the run: every value written D/M/YYYY with day and month 12 or
    under, at least two dates, and read as MM/DD/YYYY each the next school day after the one
    before (:data:`_RUN_SKIP_WEEKDAYS`).  Read as DD/MM/YYYY such dates are the same day of
    month after month (12/01, 12/02, 12/03: 12 January, February, March), no register.  The
    other way round (01/12, 02/12, 03/12) is a UK run and read as such."""
    written = {v.strip() for v in values if v is not None and v.strip()}
    parts = [_DMY.match(v) for v in written]
    if len(written) < 2 or not all(parts):
        return None
    try:
        us = sorted(dt.date(int(m[3]), int(m[1]), int(m[2])) for m in parts if m)
        uk = sorted(dt.date(int(m[3]), int(m[2]), int(m[1])) for m in parts if m)
    except ValueError:
        return None  # not a date one way: us_order_dates and the date errors say so
    if any(d.weekday() >= 5 for d in us + uk):
        return None
    if any(_weekdays_between(a, b) > _RUN_SKIP_WEEKDAYS for a, b in pairwise(us)):
        return None
    return (
        "the dates look like US order (MM/DD/YYYY): read as DD/MM/YYYY, as attcli reads them, "
        f"they are a month or more apart ({_day_text(uk[0])} to {_day_text(uk[-1])}), but read "
        f"as MM/DD/YYYY they are school days in a row ({us[0]:%a} {_day_text(us[0])} to "
        f"{us[-1]:%a} {_day_text(us[-1])})",
        "set the export to UK dates (DD/MM/YYYY) and export it again (if they are DD/MM/YYYY, "
        f"export them with the month's name: '{uk[0]:%d %b %Y}')",
    )


#: A real date cell of a workbook, as the sheet reader writes it.
_REAL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) 00:00:00$")


def _us_excel_split(
    values: Sequence[str | None],
) -> tuple[list[tuple[str, dt.date]], list[dt.date]] | None:
    """A workbook column's real date cells (value as read, date) and text dates (read
    DD/MM/YYYY), when every real date could be one Excel set to US dates read month first
    from a UK date (its day 12 or under) and every text date is one it could not read (a
    first number over 12: any other it would have turned into a date); else None."""
    real: list[tuple[str, dt.date]] = []
    text: list[dt.date] = []
    for v in values:
        v = (v or "").strip()
        if not v:
            continue
        m = _REAL_DATE.match(v)
        if m:
            real.append((v, dt.date(int(m[1]), int(m[2]), int(m[3]))))
            continue
        m = _DMY.match(v)
        if not m or int(m[1]) <= 12:
            return None
        try:
            text.append(dt.date(int(m[3]), int(m[2]), int(m[1])))
        except ValueError:
            return None
    if not real or any(d.day > 12 for _, d in real):
        return None
    return real, text


def _us_excel_text(real: list[tuple[str, dt.date]], text: list[dt.date]) -> tuple[str, str]:
    cell = min(real, key=lambda r: r[1])[1]
    left = f", and left those it could not read as text ('{min(text):%d/%m/%Y}')" if text else ""
    return (
        "the dates look like a UK export (DD/MM/YYYY) opened in Excel set to US dates "
        "(MM/DD/YYYY) and saved: Excel read each date whose day is 12 or under month first "
        f"({cell:%m/%d/%Y} became {_day_text(cell)}){left}",
        "give the export as the MIS wrote it (the CSV), or open it in Excel with Windows set to "
        "UK dates (Region: English (United Kingdom)) before saving it",
    )


def us_excel_dates(values: Sequence[str | None]) -> tuple[str, str, str] | None:
    """``(message, hint, the first real date cell's value)`` when a workbook's column of
    session dates looks like a UK export (DD/MM/YYYY) opened in Excel set to US dates and
    saved: Excel turned each date whose day is 12 or under into a real date with day and
    month swapped (07/09/2026 -> 9 July 2026) and left those it could not read as text
    (``14/09/2026``) (:func:`_us_excel_split`).  Said when the dates swapped back are
    weekdays, and as they stand some are not, or swapped back they are school days in a
    row and as they stand not (9 July and 9 September: the same day of two months).  Else
    None."""
    split = _us_excel_split(values)
    if split is None:
        return None
    real, text = split
    as_is = sorted({d for _, d in real} | set(text))
    swapped = sorted({dt.date(d.year, d.day, d.month) for _, d in real} | set(text))
    if len(swapped) < 2 or any(d.weekday() >= 5 for d in swapped):
        return None

    def in_a_row(days: list[dt.date]) -> bool:
        return all(_weekdays_between(a, b) <= _RUN_SKIP_WEEKDAYS for a, b in pairwise(days))

    if not any(d.weekday() >= 5 for d in as_is) and not (in_a_row(swapped) and not in_a_row(as_is)):
        return None
    message, hint = _us_excel_text(real, text)
    message += (
        f"; read back the UK way they are weekdays from {swapped[0]:%d/%m/%Y} to "
        f"{swapped[-1]:%d/%m/%Y}, but attcli does not swap dates Excel holds"
    )
    return message, hint, min(real, key=lambda r: r[1])[0]


def us_excel_other_dates(values: Sequence[str | None]) -> tuple[str, str, str] | None:
    """As :func:`us_excel_dates`, for a workbook column of dates that are not sessions (dates
    of birth, joining, leaving), which no weekday tells: said when the column holds both
    real dates, each with a day of 12 or under, and text dates Excel could not read, each
    with a day over 12 (a UK Excel reads both kinds, and a column of real dates has days
    over 12)."""
    split = _us_excel_split(values)
    if split is None or not split[1]:
        return None
    real, text = split
    message, hint = _us_excel_text(real, text)
    return (
        message + ": attcli does not swap dates Excel holds",
        hint,
        min(real, key=lambda r: r[1])[0],
    )


def us_order_message(value: str) -> tuple[str, str]:
    m = _DMY.match(value)
    assert m is not None
    try:
        uk = dt.date(int(m[3]), int(m[2]), int(m[1]))
        what = f"{uk:%d/%m/%Y} is a {WEEKDAY_NAMES[uk.weekday()]}"
    except ValueError:
        what = f"{value} is no date (there is no month {int(m[2])})"
    return (
        f"the dates look like US order (MM/DD/YYYY): read as DD/MM/YYYY, as attcli reads "
        f"them, {what}, but read as MM/DD/YYYY every session date in the file is a weekday",
        "set the export to UK dates (DD/MM/YYYY) and export it again",
    )


#: A date and time with a time zone after it: 'Z' (UTC) or an offset ('+01:00'), as an
#: API's ISO 8601 date-times are written (Assembly's ``session_date``).
_ZONED = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})\s*$")


def zoned(value: str) -> str | None:
    """Why a date or date-time with a time zone is not read (a sentence), or None: attcli
    does not move times between zones, and a session's date written as its midnight in
    UTC is the day before in British Summer Time (``2026-09-06T23:00:00Z`` for Monday)."""
    m = _ZONED.match(str(value))
    if m is None:
        return None
    return (
        f"a date and time with a time zone ({m[1]!r}): attcli does not move times between "
        "zones (midnight in British Summer Time is 23:00 the day before in UTC), so it reads "
        "dates and times only as the school's clock shows them: export the date alone "
        "(DD/MM/YYYY), or the time without a zone"
    )


#: A day and month with no year: '07-Sep', '7 Sep', 'Sep-07', '07/09' (a date Excel shows
#: in a format without the year, saved so in a CSV)
_NO_YEAR_DATE = re.compile(
    r"^(?:\d{1,2}[-/ .](?:[a-z]{3,9}\.?|\d{1,2})|[a-z]{3,9}\.?[-/ .]\d{1,2})$", re.IGNORECASE
)


def explain_date(value: str, *, excel_serials: bool | dt.date = False) -> str:
    """Why one date value was not accepted (a sentence)."""
    zone = zoned(value)
    if zone:
        return zone
    weekday, rest = split_weekday(str(value))
    rest = re.sub("^(.*?)" + _TIME + r"\s*$", r"\1", rest.strip())  # (as date_exprs)
    try:
        date = parse_py_date(rest)
    except ValueError as exc:
        if str(exc) == "not a date attcli reads":
            serial = None if excel_serials else excel_serial_day(rest)
            if serial is not None:  # (a CSV's: a workbook's are read)
                return (
                    f"not a date: it looks like an Excel day number ({rest.strip()} would be "
                    f"{serial:%d/%m/%Y}), which attcli reads as a date in an Excel workbook only, "
                    "not in a CSV: format the column as dates (dd/mm/yyyy) in Excel before "
                    "saving the CSV, or save it as an Excel workbook (.xlsx)"
                )
            extra = " or an Excel date" if excel_serials else ""
            if _NO_YEAR_DATE.match(rest.strip()):  # ('07-Sep': Excel's d-mmm format)
                return (
                    "not a date: it has no year (as Excel shows a date formatted 'd-mmm' or "
                    "'dd/mm', and saves it so in a CSV): format the column as dates "
                    f"(dd/mm/yyyy) in Excel before saving; dates must be {DATE_FORMATS_TEXT}"
                )
            return f"not a date: dates must be {DATE_FORMATS_TEXT}{extra}"
        return f"not a valid date: {exc}"
    try:
        check_weekday(weekday, date)
    except ValueError as exc:
        return f"the weekday does not match the date: {exc}"
    return f"not a date: dates must be {DATE_FORMATS_TEXT}"


def parse_dates(
    series: pl.Series,
    *,
    file: str | Path | None,
    column: str | None,
    lines: pl.Series | Sequence[int],
    excel_serials: bool | dt.date | None = None,
) -> pl.Series:
    """Parse a column of dates (blank cells give null), raising :class:`InputError` at the first
    value that is not a date, naming the file, its line and the column.

    Accepts ``DD/MM/YYYY`` (also ``D/M/YYYY``; never US order), ``YYYY-MM-DD`` (a time after
    it is ignored), ``Wed, 09 Sep 2026``, ``Wed 09 Sep 2026``, ``09 Sep 2026``, ``09-Sep-2026``,
    and, from a spreadsheet (``excel_serials``, default: when ``file`` is ``.xlsx``), Excel
    serial day numbers (of the 1904 date system when ``excel_serials`` is its day 0,
    :data:`EXCEL_EPOCH_1904`: a Mac workbook's).  Native date or datetime series pass through.  Two-digit years are
    an error.  A weekday name must match the date.
    """
    name = series.name
    if series.dtype == pl.Date:
        return series
    if isinstance(series.dtype, pl.Datetime):
        return series.dt.date()
    if excel_serials is None:
        excel_serials = is_sheet(file)
    frame = pl.DataFrame(
        {"v": series.cast(pl.String), "line": pl.Series("line", lines, dtype=pl.Int64)}
    )
    if is_sheet(file):
        swapped = us_excel_other_dates(frame.get_column("v").unique().to_list())
        if swapped is not None:
            message, hint, cell = swapped
            row = frame.filter(pl.col("v") == cell).sort("line").row(0, named=True)
            raise input_error(
                message, file=file, line=row["line"], column=column, value=cell, hint=hint
            )
    date, bad = date_exprs("v", excel_serials=excel_serials or series.dtype.is_numeric())
    out = frame.select(date.alias("date"), bad.alias("bad"))
    if out.get_column("bad").any():
        i = out.get_column("bad").arg_max()
        assert i is not None
        value = frame.get_column("v")[i]
        # R's NA for a date not known (a leaving date of a pupil still on roll, as g4sr's
        # education details saved by write.csv hold it; sweep layouts5): said, with its
        # fix, an empty cell, and not the date formats before it (sweep looks12)
        empty = empty_value_note(value, "a date")
        raise input_error(
            "not a date" if empty else explain_date(value, excel_serials=bool(excel_serials)),
            file=file,
            line=frame.get_column("line")[i],
            column=column,
            value=value,
            hint=empty or None,
        )
    return out.get_column("date").alias(name)


# ---------------------------------------------------------------------------------------

SESSION_VALUES_TEXT = SESSION_WORDS_TEXT


def session_exprs(col: str | pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """``AM`` or ``PM`` for a column of session words (:data:`SESSION_WORDS`)."""
    s = stripped(col)
    ok = s.str.contains(f"(?i)^{SESSION_WORDS}$")
    am = s.str.contains(f"(?i)^(?:{AM_WORDS})")
    out = pl.when(ok).then(pl.when(am).then(pl.lit("AM")).otherwise(pl.lit("PM")))
    return out, out.is_null()


#: A long cell holding its row's date and session, as a wide export's session header is
#: written (:func:`_headers.parse_session_header`): the session after the date
#: ('07/09/2026 AM', '07/09/2026 (PM)') or before it ('AM 07/09/2026').
_SESSION_LAST = rf"(?i)^(.*?)[\s_-]*\(?({SESSION_WORDS})\)?$"
_SESSION_FIRST = rf"(?i)^\(?({SESSION_WORDS})\)?[\s:_-]+(.*)$"
DATE_SESSION_TEXT = (
    "a date then its session, as '07/09/2026 AM', '2026-09-07 PM', 'Mon 07 Sep 2026 AM', "
    "'07/09/2026 (AM)' or 'AM 07/09/2026'"
)


def date_session_day(col: str | pl.Expr) -> pl.Expr:
    """The date as written of each cell of a date-and-session column (the session words
    left out); null for a cell that is not one date and one session."""
    s = stripped(col)
    last, first = s.str.extract(_SESSION_LAST, 1), s.str.extract(_SESSION_FIRST, 2)
    return pl.when(last.is_not_null() & first.is_not_null()).then(None).otherwise(
        pl.coalesce(last, first)
    )


def date_session_exprs(col: str | pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """``(date, session, bad)`` for a column holding each row's date and session in one
    cell (:data:`DATE_SESSION_TEXT`): ``bad`` for a cell that is not one date (no time
    after it) and one session, never a cell read with its session lost."""
    s = stripped(col)
    day = date_session_day(s)
    words = pl.coalesce(s.str.extract(_SESSION_LAST, 2), s.str.extract(_SESSION_FIRST, 1))
    date, _ = date_exprs(pl.when(day.str.contains(":").not_()).then(day))
    session, _ = session_exprs(pl.when(day.is_not_null()).then(words))
    return date, session, s.is_null() | date.is_null() | session.is_null()


#: An Excel date or date-time cell as the workbook reader writes it ('2026-09-08 00:00:00').
_EXCEL_STAMP = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})\s*$")


def excel_date_cell(value: str, excel: object) -> dt.datetime | None:
    """The date (and time) of a workbook's Excel date cell in a date-and-session column
    (``excel``: the sheet is a workbook's); None for text, and for any cell of a CSV."""
    m = _EXCEL_STAMP.match(value) if excel else None
    if m is None:
        return None
    try:
        return dt.datetime.fromisoformat(f"{m[1]} {m[2]}:{m[3]}:{m[4]}")
    except ValueError:
        return None


def excel_time_cell(value: str, excel: object) -> tuple[str, str] | None:
    """Why a workbook's time cell (08:45, no date: the reader gives it the day before
    Excel's first, 31/12/1899) is no date, and what to do, or None for any other value.  It
    was "Sunday 31/12/1899 is a weekend day" (sweep looks5)."""
    stamp = excel_date_cell(value, excel)
    if stamp is None or stamp.date() not in (dt.date(1899, 12, 30), dt.date(1899, 12, 31)):
        return None
    return (
        f"an Excel time cell ({stamp:%H:%M}), not a date: it holds a time of day and no date",
        "type the session's date in the cell (dd/mm/yyyy), or export the register again",
    )


def excel_date_session_hint(value: str, excel: object) -> str:
    """What to do about a cell of a date-and-session column that was not read: the forms
    (:data:`DATE_SESSION_TEXT`), and for an Excel date cell the text to type in its place."""
    hint = f"each cell of the column is {DATE_SESSION_TEXT}"
    stamp = excel_date_cell(value, excel)
    if stamp is None:
        return hint
    return f"type the cell as text, '{stamp:%d/%m/%Y} AM' or '{stamp:%d/%m/%Y} PM': {hint}"


def explain_date_session(value: str, excel: object = False) -> str:
    """Why one cell of a date-and-session column was not read (a sentence).  In a workbook
    (``excel``) a date cell holds a date and no session, a date-time cell a time the
    column does not read (its sessions are words; a time is not one of its forms): said
    as such, the date as the officer sees it in Excel (sweep leftovers7)."""
    stamp = excel_date_cell(value, excel)
    if stamp is not None and stamp.time() == dt.time(0):
        return f"an Excel date cell ({stamp:%d/%m/%Y}), which holds no session (AM or PM)"
    if stamp is not None:
        return (
            f"an Excel date and time cell ({stamp:%d/%m/%Y %H:%M}), not a date and session "
            "(a time is not read as the session in this column)"
        )
    try:
        parse_session_header(value)
    except ValueError as exc:
        if str(exc) != "not a session header":
            return f"not a valid date: {exc}"
        try:
            parse_py_date(split_weekday(value)[1])
        except ValueError:
            return "not a date and session"
        return "a date with no session (AM or PM)"
    return "not a date and session"


def year_group_exprs(col: str | pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """``"Year 7"``, ``"Y7"``, ``"Yr 7"``, ``"NC Year 7"``, ``"7"`` -> ``"7"``; ``"Reception"``,
    ``"R"``, ``"YR"``, ``"Yr R"`` -> ``"R"``; ``"N1"``, ``"N2"``, and the school census's other
    NC years ``"E1"``, ``"E2"`` (early years) and ``"X"`` (national curriculum not followed:
    special schools), kept, after the same words as a numbered year."""
    s = _year_text(col)
    prefix = r"(?:NC ?YEAR ?|NC ?|YEAR ?|YR ?|Y ?)?"
    number = s.str.extract(rf"^{prefix}(\d{{1,2}})$", 1).cast(pl.Int32, strict=False)
    nursery = s.str.extract(r"^(?:NC ?YEAR ?|YEAR ?)?(?:N|NURSERY ?)([12])$", 1)
    early = s.str.extract(r"^(?:NC ?YEAR ?|YEAR ?)?(E[12])$", 1)
    reception = s.str.contains(rf"^{prefix}(?:R|RECEPTION|REC)$")
    not_followed = s.str.contains(r"^(?:NC ?YEAR ?|YEAR ?)?X$")
    out = (
        pl.when(reception)
        .then(pl.lit("R"))
        .when(nursery.is_not_null())
        .then(pl.lit("N") + nursery)
        .when(early.is_not_null())
        .then(early)
        .when(not_followed)
        .then(pl.lit("X"))
        .when(number.is_between(1, 14))
        .then(number.cast(pl.String))
    )
    return out, year_group_bad(col, out)


def _year_text(col: str | pl.Expr) -> pl.Expr:
    return stripped(col).str.to_uppercase().str.replace_all(r"\s+", " ")


def year_group_bad(col: str | pl.Expr, year: pl.Expr) -> pl.Expr:
    """:func:`year_group_exprs`' ``bad`` from its year group ``year`` (an expression, or
    the column it was worked out into first: its expression is then not copied, issue 15)."""
    return _year_text(col).is_not_null() & year.is_null()


def year_group_of(text: str) -> str | None:
    """A year group typed by a person (``--year-group``), read as an export's column is
    (:func:`year_group_exprs`): "Reception" and "YR" are R, "Y7" and "07" are 7; None for
    what no export's column would be read as a year group."""
    out, _ = year_group_exprs(pl.lit(text, pl.String))
    return pl.select(out).item()


YEAR_GROUP_TEXT = (
    "'Year 7', 'Y7', 'Yr 7', 'NC Year 7' or '7' (years 1-14), 'Reception'/'R'/'YR', 'N1', 'N2', "
    "'E1', 'E2' or 'X' (national curriculum not followed)"
)

YES = ("Y", "YES", "TRUE", "T", "1")
NO = ("N", "NO", "FALSE", "F", "0")
YES_NO_TEXT = "Y, Yes, True, T or 1 for yes; N, No, False, F, 0 or blank for no"


def sen_text(col: str | pl.Expr) -> pl.Expr:
    """An SEN status column's values as text, trimmed, a blank cell as ``N`` (no SEN:
    docs/presets.md).  A pupil whose export has no SEN column has no value (null): their
    status is not known, which is not "no SEN" (docs/report.md, cohorts)."""
    return stripped(col).fill_null("N")


def yes_no_exprs(col: str | pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    s = stripped(col).str.to_uppercase()
    out = (
        pl.when(s.is_null() | s.is_in(NO)).then(pl.lit(False)).when(s.is_in(YES)).then(pl.lit(True))
    )
    return out, out.is_null()


# ---------------------------------------------------------------------------------------
# Times: a register whose session is its time (Arbor's startDatetime)

#: A clock time ("08:45", "8:45:00", "1:30 PM"); Excel writes a time-only cell as
#: "1899-12-31 08:45:00".
_CLOCK_RE = (
    r"^(?:1899-12-3[01][ T])?(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*([AaPp])?\.?(?:[Mm]\.?)?$"
)
_STAMP_RE = r"^(.+?\d)[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)$"
TIME_FORMATS_TEXT = "HH:MM (24-hour, e.g. 08:45 or 13:10) or H:MM AM/PM"
DATETIME_FORMATS_TEXT = (
    "a date and a time, e.g. '2026-09-07 08:45:00', '2026-09-07T08:45' or '07/09/2026 08:45'"
)


#: No register is taken before 06:00: an earlier time is a 12-hour time without am/pm
#: (``1:15`` for 13:15), or midnight (a date without a time).
EARLIEST_REGISTER_MINUTES = 6 * 60


def minutes_exprs(
    col: str | pl.Expr, *, excel_serials: bool | dt.date = False
) -> tuple[pl.Expr, pl.Expr]:
    """``(minutes after midnight, bad)`` for a text column of clock times; in a spreadsheet
    a fraction of a day (``0.364583``) is a time too.  A time before 06:00 is bad: no
    register is taken then (``1:15`` is a 12-hour time without its pm), and Excel writes a
    date with no time as midnight."""
    minutes = _clock_minutes(col, excel_serials=excel_serials)
    minutes = pl.when(minutes >= EARLIEST_REGISTER_MINUTES).then(minutes)
    return minutes, stripped(col).is_not_null() & minutes.is_null()


def _clock_minutes(col: str | pl.Expr, *, excel_serials: bool | dt.date = False) -> pl.Expr:
    """Minutes after midnight of a clock time (null: not a time), whatever the hour."""
    s = stripped(col)
    parts = s.str.extract_groups(_CLOCK_RE)
    hour = parts.struct.field("1").cast(pl.Int32, strict=False)
    minute = parts.struct.field("2").cast(pl.Int32, strict=False)
    half = parts.struct.field("3").str.to_uppercase()
    h24 = (
        pl.when(half.is_null() & hour.is_between(0, 23))
        .then(hour)
        .when(half.is_not_null() & hour.is_between(1, 12))
        .then((hour % 12) + pl.when(half == "P").then(12).otherwise(0))
    )
    minutes = pl.when(minute.is_between(0, 59)).then(h24 * 60 + minute)
    if excel_serials:
        fraction = s.cast(pl.Float64, strict=False)
        minutes = pl.coalesce(
            minutes,
            pl.when((fraction > 0) & (fraction < 1)).then(
                (fraction * 1440).round(0).cast(pl.Int32)
            ),
        )
    return minutes


def datetime_exprs(
    col: str | pl.Expr, *, excel_serials: bool | dt.date = False
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """``(date, minutes after midnight, bad)`` for a text column of date-times
    (``2026-09-07 08:45:00``, ``2026-09-07T08:45``, ``07/09/2026 08:45``; in a spreadsheet an
    Excel serial with a fraction, ``46272.364583``)."""
    s = stripped(col)
    parts = s.str.extract_groups(_STAMP_RE)
    date, _ = date_exprs(parts.struct.field("1"))
    minutes, _ = minutes_exprs(parts.struct.field("2"))
    if excel_serials:
        number = s.cast(pl.Float64, strict=False)
        serial = pl.when(s.str.contains(r"^\d+\.\d+$") & (number >= 1) & (number <= _EXCEL_MAX))
        days = number.floor().cast(pl.Int64, strict=False)
        date = pl.coalesce(
            date, serial.then(pl.date(*_epoch(excel_serials)) + pl.duration(days=days))
        )
        fraction = ((number - number.floor()) * 1440).round(0).cast(pl.Int32)
        minutes = pl.coalesce(minutes, serial.then(fraction))
        minutes = pl.when(minutes >= EARLIEST_REGISTER_MINUTES).then(minutes)
    return date, minutes, s.is_not_null() & (date.is_null() | minutes.is_null())


def explain_time(value: str, *, stamp: bool, excel_serials: bool | dt.date = False) -> str:
    """Why one time (``stamp``: date-time) value was not accepted (a sentence)."""
    frame = pl.DataFrame({"v": [value]}, schema={"v": pl.String})
    if stamp:
        date, minutes, _ = datetime_exprs("v", excel_serials=excel_serials)
        d, m = frame.select(date, minutes).row(0)
        if d is not None and m is None and _CLOCK_MIDNIGHT.search(value):
            return (
                "the time is 00:00 (midnight), which is no session's time: the export may hold "
                "dates without times"
            )
        clock = re.match(_STAMP_RE, value.strip())
        if d is not None and m is None and clock:
            early = _too_early(clock[2])
            if early:
                return early
        if d is None and m is None:
            return zoned(value) or f"not a date and time: write {DATETIME_FORMATS_TEXT}"
        if d is None:
            return f"the date is not a date: dates must be {DATE_FORMATS_TEXT}"
        return f"not a time of day: times are {TIME_FORMATS_TEXT}"
    if _CLOCK_MIDNIGHT.search(value):
        return "the time is 00:00 (midnight), which is no session's time"
    early = _too_early(value, excel_serials=excel_serials)
    if early:
        return early
    return f"not a time of day: times are {TIME_FORMATS_TEXT}"


def _too_early(value: str, *, excel_serials: bool | dt.date = False) -> str | None:
    """Why a clock time before 06:00 (not midnight) is refused, or None: a 12-hour time
    without am/pm is the likely cause (``1:15`` for 13:15), and the message says how to
    write it."""
    frame = pl.DataFrame({"v": [value.strip()]}, schema={"v": pl.String})
    m = frame.select(_clock_minutes("v", excel_serials=excel_serials)).item()
    if m is None or not 0 < m < EARLIEST_REGISTER_MINUTES:
        return None
    text = value.strip()
    if re.search(r"[AaPp]\.?[Mm]?\.?$", text) or not re.search(r"\d:\d", text):
        return f"{text} is not a register time: no register is taken before 06:00"
    hour, minute = divmod(m, 60)
    return (
        f"{text} is not a register time: a 12-hour time without am/pm? write "
        f"{hour + 12}:{minute:02d} or {hour}:{minute:02d} pm"
    )


_CLOCK_MIDNIGHT = re.compile(r"(?:^|[ T])0?0:00(?::00(?:\.0+)?)?\s*$")


def lost_letters(
    file: str,
    frame: pl.DataFrame,
    key: str = "upn",
    columns: Sequence[str] = ("surname", "forename"),
    whose: tuple[str, str] = ("pupil's name holds", "pupils' names hold"),
) -> list[str]:
    """A note naming the pupils whose names hold '?': a letter the file's character set
    has not, which the program that saved it wrote as '?' (Excel's 'CSV (Comma delimited)'
    writes Windows-1252, which has no Ł, Ș or Ğ: Łukasz was saved '?ukasz').  No name holds
    one, and attcli cannot know the letter: the name would go into every output and letter
    so.  ``key``: the column naming the pupil; ``columns``, the text looked at; ``whose``,
    the words for one and for several.  Found on the names' distinct values."""
    from attcli.lookup import distinct_of

    cols = [c for c in columns if c in frame.columns]
    if not cols or not frame.height:
        return []
    text = {c: pl.col(c).cast(pl.String) for c in cols}
    categorical = all(frame.schema[c] == pl.Categorical for c in cols)
    held = distinct_of(frame, cols) if categorical else None
    if held is not None and not any(
        v.cast(pl.String).str.contains("?", literal=True).any() for v in held.values()
    ):
        return []
    odd = (
        frame.filter(pl.any_horizontal(t.str.contains("?", literal=True) for t in text.values()))
        .group_by(key, maintain_order=True)
        .agg(*(t.first().alias(c) for c, t in text.items()))
    )
    if not odd.height:
        return []
    shown = [
        f"{', '.join(n for n in (r.get(c) for c in cols) if n and '?' in n)!r} ({r[key]})"
        for r in odd.head(5).iter_rows(named=True)
    ]
    more = f" and {odd.height - 5} more" if odd.height > 5 else ""
    who = whose[0] if odd.height == 1 else whose[1]
    return [
        f"{file}: {odd.height} {who} '?' where a letter should be: {', '.join(shown)}{more}: "
        "the file was saved in a character set without that letter (Excel's 'CSV (Comma "
        "delimited)' writes '?' for Ł, Ș, Ğ and others), and attcli cannot know which it "
        "was: the name is written so in every output; save the export as 'CSV UTF-8' (or "
        "export it again) and give that"
    ]
