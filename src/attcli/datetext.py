"""Dates as attcli's letters, lists and files write them (shared by every command that
writes one: a letter's "3 February 2027", a list's run "14/09-25/09/26")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from attcli.percent import counted


def long_date(value: dt.date | None) -> str:
    """``3 February 2027``: the date as a British letter writes it."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def long_dates(values: list[dt.date]) -> str:
    """``9 October 2026 and 14 December 2026`` (``a, b and c`` for three or more)."""
    shown = [long_date(v) for v in values]
    return " and ".join(x for x in (", ".join(shown[:-1]), shown[-1] if shown else "") if x)


def run_dates(start: dt.date, end: dt.date) -> str:
    """A run's dates as the table shows them: "14/09-25/09/26"; one day once, "18/09/26";
    across a new year each with its year, "14/12/26-08/01/27" (not "14/12-08/01/27", the
    first day's year left to guess)."""
    if start == end:
        return f"{end:%d/%m/%y}"
    if start.year != end.year:
        return f"{start:%d/%m/%y}-{end:%d/%m/%y}"
    return f"{start:%d/%m}-{end:%d/%m/%y}"


def run_head(days: int, codes: Sequence[str]) -> str:
    """The first lines of a run's Run cell in a terminal's table (cme's and la-return's):
    its length in school days ("12 school days", as the titles, the check and the leaver's
    line say it: a run counts school days only, DOMAIN.md 6), its codes on the line below.
    Said "12 days, N O" on one line, it read as calendar days; "12 school days, N O"
    widened the column by five and, with contacts, took cme's table to blocks at 80 columns
    (sweep looks10; la-return's too, the lead's merge review)."""
    return f"{counted(days, 'school day')}\n{' '.join(codes)}"


def recorded_time(stored: str | None) -> str:
    """A time the history recorded (a run's ``taken_at``, a void's ``voided_at``: stored
    as ``2026-12-05 16:23:33``) as a person reads it beside every other date attcli
    shows, ``05/12/2026 16:23`` (the stored ISO text, to the second, was shown as it was,
    and an 80-column line broke between its date and its time).  A value that is no such
    time is given as stored (None: empty)."""
    if stored is None:
        return ""
    try:
        return f"{dt.datetime.fromisoformat(stored):%d/%m/%Y %H:%M}"
    except ValueError:
        return stored


#: A workbook cell as the workbook reader writes it as text: a date or date-time cell
#: ('2026-09-08 00:00:00', '2026-09-08 08:45:00'; a time cell is one of the day before
#: Excel's first, '1899-12-31 08:45:00') and a TRUE or FALSE cell ('true', 'false').
_READER_STAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$")


def sheet_cell_text(value: str) -> str:
    """A workbook cell's value, as the workbook reader gives it, as Excel shows the cell in
    an English school's Excel: a date cell 08/09/2026, a date-time 08/09/2026 08:45, a time
    08:45 (seconds where there are some), TRUE and FALSE; any other value as it is.  What a
    refusal quotes, so that the office member finds the cell they see (sweep looks5)."""
    if value in ("true", "false"):
        return value.upper()
    m = _READER_STAMP.match(value)
    if m is None:
        return value
    year, month, day, hh, mm, ss = m.groups()
    clock = f"{hh}:{mm}" + (f":{ss}" if ss != "00" else "")
    if (year, month) == ("1899", "12") and day in ("30", "31"):
        return clock  # a time cell: no date of its own
    date = f"{day}/{month}/{year}"
    return date if clock == "00:00" else f"{date} {clock}"
