"""Header aliases, header-row detection and session-column headers."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NoReturn

from ._errors import excerpt, input_error, is_sheet, unit

#: How many rows from the top of a file are searched for the header row.
HEADER_SEARCH_ROWS = 30

# Canonical field -> header aliases, in order of preference (the first alias present wins).
# Where each alias comes from (which MIS or partner API writes it) is in docs/presets.md.
PUPIL_FIELDS: dict[str, tuple[str, ...]] = {
    "upn": ("UPN", "Unique Pupil Number", "Pupil UPN"),
    "mis_id": ("MIS ID", "Person ID", "Student ID"),
    "surname": (
        "Legal Surname",
        "Legal Last Name",
        "Surname",
        "Last Name",
        "Student Last Name",
        "Preferred Surname",
        "Preferred Last Name",
    ),
    "forename": (
        "Legal Forename",
        "Legal First Name",
        "Forename",
        "First Name",
        "Student First Name",
        "Preferred Forename",
        "Preferred First Name",
    ),
    "name": ("Student", "Pupil", "Name", "Student Name", "Pupil Name"),
    "year_group": ("Year", "Year Group", "NC Year", "National Curriculum Year", "NC Year Actual"),
    "reg_group": (
        "Reg Group",
        "Registration Group",
        "Registration Form",
        "Reg",
        "Form",
        "Tutor Group",
        "Class",
    ),
    "dob": ("DOB", "Date of Birth"),
    "school": ("School", "School Name", "Establishment"),
    "gender": ("Gender", "Sex"),
    "sen": ("SEN", "SEN Status", "SEND", "SEN Provision"),
    "fsm": ("FSM", "FSM Eligible", "Free School Meals"),
    "pupil_premium": ("Pupil Premium", "PP"),
    "eal": ("EAL", "English as an Additional Language"),
    "cla": (
        "CLA", "Looked After", "LAC", "Child Looked After", "Looked After Child",
        "In Care", "In LA Care",
    ),
}
SESSION_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("Date", "Session Date", "Attendance Date"),
    "session": ("Session", "Session Name", "AM/PM"),
    # ("Raw Mark": Arbor's Power BI connector's ATTENDANCE dataset, RAW_MARK, the DfE code
    # beside MARK_CODE's meaning, PRESENT_AM: sweep layouts9)
    "mark": ("Mark", "Code", "Attendance Mark", "Attendance Code", "Session Mark", "Raw Mark"),
    # A register whose session is its time (Arbor's startDatetime): AM/PM from the time.
    "datetime": ("Start Datetime", "Start Date Time", "Session Start", "Datetime", "Date Time"),
    "start_time": ("Start Time", "Session Start Time", "Time"),
    # The MIS site a row's pupil id belongs to (Arbor's Power BI APPLICATION_ID): an id is
    # unique only within one site, so a file of two sites is refused (sweep layouts9)
    "mis_site": ("Application ID",),
}
#: Packed marks: one row per pupil, a start date and a string of marks (AM, PM, AM, ...).
PACKED_FIELDS: dict[str, tuple[str, ...]] = {
    "start_date": ("Attendance Start Date", "Marks Start Date", "Start Date"),
    "marks": ("Attendance Marks", "Session Marks", "Marks"),
}
LONG_FIELDS: dict[str, tuple[str, ...]] = {**PUPIL_FIELDS, **SESSION_FIELDS}
WIDE_FIELDS: dict[str, tuple[str, ...]] = dict(PUPIL_FIELDS)
PACKED_TABLE_FIELDS: dict[str, tuple[str, ...]] = {**PUPIL_FIELDS, **PACKED_FIELDS}

#: Requirements: each is a list of alternatives; an alternative is a tuple of fields that
#: must all be present (``"!f"``: field ``f`` must be absent).
ID_REQUIREMENT = [("upn",), ("mis_id",)]
#: A register keyed by an MIS id alone may have no names (SIMS' PersonID files): a pupil
#: list supplies them.  With a UPN column, names are required as before.
NAME_REQUIREMENT = [("surname", "forename"), ("name",), ("mis_id", "!upn")]
LONG_REQUIRED = [
    ID_REQUIREMENT,
    NAME_REQUIREMENT,
    [("date",), ("datetime",)],
    [("session",), ("datetime",), ("start_time",)],
    [("mark",)],
]
WIDE_REQUIRED = [ID_REQUIREMENT, NAME_REQUIREMENT]
PACKED_REQUIRED = [ID_REQUIREMENT, NAME_REQUIREMENT, [("start_date",)], [("marks",)]]

SESSION_HEADER_EXAMPLES = (
    "'02/09/2026 AM', 'Wed 02/09/2026 PM', '2026-09-02 AM', 'Wed, 02 Sep 2026 AM', '02-Sep-2026 PM'"
)


def normalise_header(text: object) -> str:
    """A header as compared with aliases: case, spaces and punctuation ignored."""
    if text is None:
        return ""
    return re.sub(r"[\W_]+", "", str(text)).casefold()


def cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


# ---------------------------------------------------------------------------------------
# Session column headers (wide registers)

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_WEEKDAY_RE = r"(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*"
_DATE_RE = (
    r"(?P<date>\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[ -][a-z]{3,9}\.?[ -]\d{2,4})"
)
#: The words a session is written with, in a long export's session cells and a wide one's
#: headers alike: AM or PM (or a.m., p.m.), Morning or Afternoon, perhaps followed by
#: 'session' or 'registration' ('AM Registration').
SESSION_WORDS = r"(?:am|pm|a\.m\.?|p\.m\.?|morning|afternoon)(?:\s*(?:session|registration))?"
#: How the words of :data:`SESSION_WORDS` for the morning begin ('afternoon' does not).
AM_WORDS = r"am|a\.|morning"
SESSION_WORDS_TEXT = (
    "AM, PM, a.m., p.m., Morning or Afternoon, perhaps followed by 'session' or "
    "'registration' (any case)"
)
_SESSION_HEADER = re.compile(
    rf"^\s*(?:{_WEEKDAY_RE})?{_DATE_RE}[\s_-]*\(?(?P<sess>{SESSION_WORDS})\)?\s*$",
    re.IGNORECASE,
)


#: The session written first: 'AM 03/09/2026', 'PM Wed 03/09/2026', 'Morning 03-Sep-2026'.
_SESSION_FIRST_HEADER = re.compile(
    rf"^\s*\(?(?P<sess>{SESSION_WORDS})\)?[\s:_-]+(?:{_WEEKDAY_RE})?{_DATE_RE}\s*$",
    re.IGNORECASE,
)


def session_of(words: str) -> str:
    """``'AM'`` or ``'PM'`` for session words (:data:`SESSION_WORDS`): 'a.m.', 'Morning
    Session' and 'AM Registration' are AM."""
    return "AM" if re.match(AM_WORDS, words.strip(), re.IGNORECASE) else "PM"


def _session_match(text: str) -> re.Match[str] | None:
    return _SESSION_HEADER.match(text) or _SESSION_FIRST_HEADER.match(text)


def looks_like_session_header(text: object) -> bool:
    return bool(_session_match(cell_text(text)))


def parse_py_date(text: str) -> dt.date:
    """Parse one date written ``DD/MM/YYYY``, ``YYYY-MM-DD``, ``09 Sep 2026`` or ``09-Sep-2026``.

    Raises :class:`ValueError` with a sentence saying what is wrong.
    """
    t = text.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d+)", t)
    if m:
        d, mo, y = int(m[1]), int(m[2]), m[3]
        if len(y) != 4:
            raise ValueError("two-digit year: write the year in full, as DD/MM/YYYY")
        if mo > 12 and d <= 12:
            raise ValueError(
                f"month {mo} does not exist: dates must be DD/MM/YYYY (UK order), "
                "not MM/DD/YYYY (US order)"
            )
        return _make(int(y), mo, d)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", t)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d+)", t)
    if m:
        month = _MONTHS.get(m[2].lower())
        if month is None:
            raise ValueError(f"{m[2]!r} is not a month")
        if len(m[3]) != 4:
            raise ValueError("two-digit year: write the year in full, as in '09 Sep 2026'")
        return _make(int(m[3]), month, int(m[1]))
    raise ValueError("not a date attcli reads")


def _make(y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise ValueError("no such date") from None


def split_weekday(text: str) -> tuple[str | None, str]:
    m = re.match(r"^\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", text, re.IGNORECASE)
    if not m:
        return None, text.strip()
    return m[1].lower(), text[m.end() :].strip()


def check_weekday(weekday: str | None, date: dt.date) -> None:
    if weekday is not None and _WEEKDAYS.index(weekday) != date.weekday():
        wrong = WEEKDAY_NAMES[_WEEKDAYS.index(weekday)]
        raise ValueError(
            f"{date:%d/%m/%Y} is a {WEEKDAY_NAMES[date.weekday()]}, not a {wrong}; "
            "the dates may be in US order (MM/DD/YYYY), but attcli reads DD/MM/YYYY"
        )


#: Excel's day 0: a serial day number counts days from it (the 1900 date system, whose
#: day 60 is the 29/02/1900 that never was: from March 1900 on, days from 30/12/1899).
EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Day 0 of Excel's 1904 date system (a Mac workbook's: ``<workbookPr date1904="1">``).
EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)
#: The serial day numbers a header's whole number is read as a date in: 01/01/2000 to
#: 31/12/2099, a school register's dates (a number outside them is no date).
_SCHOOL_SERIALS = (36526, 73050)


def excel_serial_day(text: str) -> dt.date | None:
    """The date an Excel serial day number in a header cell stands for (``'46272'``, or
    ``'46272.0'``: a whole number, as a numeric cell or as text), when it is one of a school
    register's dates; None for anything else."""
    m = re.fullmatch(r"\s*(\d{5})(?:\.0+)?\s*", text)
    if not m or not _SCHOOL_SERIALS[0] <= int(m[1]) <= _SCHOOL_SERIALS[1]:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(m[1]))


def session_header_date(text: str) -> str | None:
    """The date part of a session column header, as written."""
    m = _session_match(text)
    return m["date"] if m else None


def session_header_weekday(text: str) -> str | None:
    """The weekday name of a session column header (``'Wed'``), if it has one."""
    m = _session_match(text)
    return m["wd"] if m else None


def parse_session_header(text: str) -> tuple[dt.date, str]:
    """``'Wed 02/09/2026 AM'`` (or ``'AM Wed 02/09/2026'``) -> ``(date(2026, 9, 2), 'AM')``;
    :class:`ValueError` if invalid."""
    m = _session_match(text)
    if not m:
        raise ValueError("not a session header")
    date = parse_py_date(m["date"])
    wd = m["wd"].lower() if m["wd"] else None
    check_weekday(wd, date)
    return date, session_of(m["sess"])


# ---------------------------------------------------------------------------------------
# Matching headers with aliases


@dataclass
class HeaderMatch:
    """The fields found in one candidate header row."""

    line: int  # first line (or row) of the header
    end_line: int  # last line of the header (a quoted cell or a second header row)
    cells: list[str]
    found: dict[str, int]  # field -> column index
    ambiguous: dict[str, list[int]] = field(default_factory=dict)
    session_columns: list[int] = field(default_factory=list)
    #: what the values below the header decided (a column of ids is not a name, ...)
    notes: list[str] = field(default_factory=list)
    #: what the person is told (printed as the file's notes): a reading not obvious from
    #: the file (a header's Excel day numbers read as dates)
    told: list[str] = field(default_factory=list)

    def has(self, *fields: str) -> bool:
        """Whether every field is found (``"!f"``: field ``f`` is not found)."""
        return all((f[1:] not in self.found) if f[0] == "!" else (f in self.found) for f in fields)

    @property
    def width(self) -> int:
        """Columns up to the last non-empty header cell."""
        return max((i + 1 for i, c in enumerate(self.cells) if c), default=0)

    def claimed(self) -> set[int]:
        """Columns that some field or session already holds."""
        out = set(self.found.values()) | set(self.session_columns)
        for hits in self.ambiguous.values():
            out.update(hits)
        return out


def field_aliases(
    fields: Mapping[str, Sequence[str]], columns: Mapping[str, str] | None
) -> dict[str, tuple[str, ...]]:
    out = {k: tuple(v) for k, v in fields.items()}
    for k, header in (columns or {}).items():
        out[k] = (header,)
    return out


#: Fields whose aliases name one column only: two columns under two of their aliases are
#: ambiguous, not the first alias's (a session's date read from the wrong column puts every
#: mark on another day; a mark read from 'Mark' beside 'Attendance Code' may be the mark as
#: first taken, not the office's correction).
_ONE_ALIAS_ONLY = frozenset({"date", "datetime", "session", "mark"})


def match_row(
    cells: Sequence[object],
    fields: Mapping[str, Sequence[str]],
    columns: Mapping[str, str] | None,
    *,
    line: int,
    end_line: int,
    sessions: bool,
) -> HeaderMatch:
    texts = [cell_text(c) for c in cells]
    index: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        index.setdefault(normalise_header(t), []).append(i)
    index.pop("", None)
    aliases = field_aliases(fields, columns)
    claimed: set[int] = set()
    found: dict[str, int] = {}
    ambiguous: dict[str, list[int]] = {}
    # Fields named by the override first, so they can claim their columns.
    order = [f for f in aliases if columns and f in columns] + [
        f for f in aliases if not (columns and f in columns)
    ]
    for f in order:
        for k, alias in enumerate(aliases[f]):
            hits = [i for i in index.get(normalise_header(alias), []) if i not in claimed]
            if hits:
                found[f] = hits[0]
                if f in _ONE_ALIAS_ONLY and not (columns and f in columns):
                    # 'Date' and 'Attendance Date' both there: one may be when the mark
                    # was changed; which is the session's is not guessed
                    hits += [
                        i
                        for other in aliases[f][k + 1 :]
                        for i in index.get(normalise_header(other), [])
                        if i not in claimed and i not in hits
                    ]
                if len(hits) > 1:
                    ambiguous[f] = sorted(hits)
                claimed.update(hits)
                break
    session_columns = []
    if sessions:
        session_columns = [
            i for i, t in enumerate(texts) if i not in claimed and looks_like_session_header(t)
        ]
    return HeaderMatch(line, end_line, texts, found, ambiguous, session_columns)


# ---------------------------------------------------------------------------------------
# Decisions a header alone cannot make: read from the values below it

#: How many data rows below a candidate header row are looked at.
SAMPLE_ROWS = 20
#: An MIS id: digits, perhaps after one letter (SIMS' PersonID 6420, Wonde's A1749191433).
_ID_VALUE = re.compile(r"^[A-Za-z]?\d+$")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
#: A cell that is a session alone ('AM', '(PM)', 'Morning session').
_SESSION_CELL = re.compile(rf"^\s*\(?{SESSION_WORDS}\)?\s*$", re.IGNORECASE)
#: A header of one session's marks on a row a day: the session's words, perhaps followed by
#: ``mark`` or ``code`` (``AM``, ``PM Mark``, ``Morning Code``, ``AM Attendance Mark``).
_DAY_HALF_CELL = re.compile(
    rf"^\s*\(?{SESSION_WORDS}\)?(?:\s*(?:attendance\s*)?(?:marks?|codes?))?\s*$", re.IGNORECASE
)
_FOOTER_WORD = re.compile(r"(?i)^(grand\s+)?(totals?|counts?|summary|sum)\b")


def _column_values(sample: Sequence[Sequence[object]], i: int) -> list[str]:
    values = [cell_text(row[i]) if i < len(row) else "" for row in sample]
    return [v for v in values if v and not _FOOTER_WORD.match(v)]


def _time_of_day(value: str) -> bool:
    """A clock time other than midnight (Excel writes a date cell as '2026-09-07 00:00:00')."""
    m = _CLOCK.search(value)
    return bool(m) and (int(m[1]), int(m[2])) != (0, 0)


def _all_ids(values: Sequence[str]) -> bool:
    """Whether a column's values (some) are all MIS ids (:data:`_ID_VALUE`), not names."""
    return bool(values) and all(_ID_VALUE.match(v) for v in values)


def _all_upns(values: Sequence[str]) -> bool:
    """Whether a column's values (some) are all UPNs (their shape: a letter, 12 more)."""
    from attcli.pupil_ids import is_upn, upn_text

    return bool(values) and all(is_upn(upn_text(v)) for v in values)


def adjust_from_values(
    match: HeaderMatch,
    shape: str,
    sample: Sequence[Sequence[object]],
    columns: Mapping[str, str] | None,
    fields: Mapping[str, Sequence[str]],
) -> None:
    """Change ``match`` where the values decide what a column is.  A field the school named
    in ``[columns]`` is never second-guessed.  ``fields``: the aliases ``match`` was made
    with."""
    found, cells, fixed = match.found, match.cells, set(columns or {})

    def values(f: str) -> list[str]:
        return _column_values(sample, found[f])

    if "name" in found and "name" not in fixed and _all_ids(values("name")):
        i = found.pop("name")
        if "upn" not in found and "upn" not in fixed and _all_upns(
            _column_values(sample, i)
        ):
            # (a UPN column renamed by hand, 'Pupil': its values are UPNs, the key that
            # letters and the LA's files need, not an MIS id)
            found["upn"] = i
            match.told.append(f"column {cells[i]!r} holds UPNs, not names: read as the UPN")
        elif "mis_id" not in found:
            found["mis_id"] = i
            match.notes.append(
                f"column {cells[i]!r} holds ids, not names: read as the pupil's MIS id"
            )
        else:
            match.notes.append(f"column {cells[i]!r} holds ids, not names: not used")
        # the names under a later alias ('Pupil' of ids beside 'Name'): never looked at,
        # the file's names were dropped with nothing said (or, beside a UPN, the file
        # refused as having no name column)
        taken = match.claimed() | {i}
        later = (
            j
            for alias in fields.get("name", ())
            for j, c in enumerate(cells)
            if j not in taken and normalise_header(c) == normalise_header(alias)
        )
        j = next((j for j in later if (vs := _column_values(sample, j)) and not _all_ids(vs)), None)
        if j is not None:
            found["name"] = j
            match.notes.append(f"the pupils' names are read from column {cells[j]!r}")
    if shape != "long":
        return
    if (
        "date" not in found
        and "datetime" not in found
        and "start_time" in found
        and "start_time" not in fixed
    ):
        # a time column that holds each session's date and time, with no date column
        # ('Start Time': 07/09/2026 08:45): the date and time, as 'Start Datetime' is
        stamps = values("start_time")
        if stamps and all(_DATED.match(v) for v in stamps) and any(map(_time_of_day, stamps)):
            found["datetime"] = found.pop("start_time")
    if "session" not in found and "date" in found and "date" not in fixed:
        if "datetime" not in found and "start_time" not in found:
            stamps = values("date")
            if stamps and all(_CLOCK.search(v) for v in stamps) and any(map(_time_of_day, stamps)):
                found["datetime"] = found.pop("date")
    if (
        "session" in found
        and "session" not in fixed
        and not {"date", "datetime", "start_time"} & found.keys()
    ):
        # a session column that holds each session's date and start time ('Session':
        # an Excel date-time cell, 07/09/2026 08:45), no date or time column: the date
        # and time, as a 'Start Time' column of them is (sweep leftovers7)
        stamps = values("session")
        if stamps and all(_DATED.match(v) and _CLOCK.search(v) for v in stamps) and any(
            map(_time_of_day, stamps)
        ):
            found["datetime"] = found.pop("session")
    if "session" not in found and "session" not in fixed:
        # a roll call's period named as Arbor's Power BI connector names it (PERIOD:
        # MORNING, AFTERNOON): the session where every value below is a session's word; a
        # lesson's period ('P1', '3') is none (sweep layouts9)
        for i, c in enumerate(cells):
            if normalise_header(c) in _PERIOD_HEADERS and i not in match.claimed():
                words = _column_values(sample, i)
                if words and all(_SESSION_CELL.match(v) for v in words):
                    found["session"] = i
                    break
    one = _date_and_session_column(found, fixed, values)
    if one is not None:
        found["date"] = found["session"] = one
        match.notes.append(
            f"column {cells[one]!r} holds each row's date and session: both read from it"
        )
    if (
        "session" in found
        and "session" not in fixed
        and found["session"] != found.get("date")
        and ("datetime" in found or "start_time" in found)
    ):
        words = values("session")
        if words and not any(_SESSION_CELL.match(v) for v in words):
            i = found.pop("session")
            match.notes.append(f"column {cells[i]!r} holds no AM/PM: not used as the session")
    timed = found.get("datetime", found.get("start_time"))
    if timed is not None and "session" not in found:
        match.notes.append(
            f"no session column: each row's session (AM or PM) is read from its time in "
            f"column {cells[timed]!r}"
        )


#: Headers of a column that may hold the session by another name ("PERIOD": MORNING,
#: AFTERNOON), read as the session only where its values are sessions' words.
_PERIOD_HEADERS = frozenset({"period", "rollcallperiod", "registrationperiod"})


def _date_and_session_column(
    found: dict[str, int], fixed: set[str], values: Callable[[str], list[str]]
) -> int | None:
    """The column of a long register that holds each row's date and session in one cell
    (``'07/09/2026 AM'``, ``'AM 07/09/2026'``: a wide export's session header, read by
    :func:`parse_session_header`), found as the session column with no date column or as
    the date column with no session column (nor a time to read it from); None when there
    is none.  It is one when some value below the header is a date and a session and none
    is what the column's own field reads alone (a session word, a date): its bad cells are
    then refused one by one, each named (``_values.date_session_exprs``)."""
    if "datetime" in found or "start_time" in found:
        return None
    if "session" in found and "date" not in found and "session" not in fixed:
        own, alone = "session", _SESSION_CELL
    elif "date" in found and "session" not in found and "date" not in fixed:
        own, alone = "date", _DATE_CELL
    else:
        return None
    cells = values(own)
    if any(map(_session_match, cells)) and not any(alone.match(v) for v in cells):
        return found[own]
    return None


#: A cell that begins with a date (a date and time: "07/09/2026 08:45").
_DATED = re.compile(rf"^\s*(?:{_WEEKDAY_RE})?{_DATE_RE}", re.IGNORECASE)
#: (for the wide loader: a header that starts with a date)
DATED_HEADER = _DATED
#: What follows a header's date when it begins with a session word but may be more than one
#: ('PM*', 'PM (INSET)', 'PM.1', 'PM 1'); a lesson ('P1', 'Lunch') is not one.
SESSION_AND_MORE = re.compile(r"^[\s,-]*(?:am|pm|a\.m\.?|p\.m\.?|morning|afternoon)\b", re.I)
#: A date alone in a cell; a real Excel date cell reads as "2026-09-07 00:00:00".
_DATE_CELL = re.compile(
    rf"^\s*(?:{_WEEKDAY_RE})?{_DATE_RE}(?:[ T]00:00(?::00)?)?\s*$", re.IGNORECASE
)


def _day_text(text: str, excel_serials: bool) -> str | None:
    """A header cell that is a date alone, as a session header writes it: the date as
    written (a real Excel date without its midnight), or, in a workbook, an Excel serial
    day number as the ISO date it stands for (``'46272'`` -> ``'2026-09-07'``)."""
    day = _DATE_CELL.match(text)
    if day:
        return text[: day.end("date")].strip()
    serial = excel_serial_day(text) if excel_serials else None
    return serial.isoformat() if serial else None


def combine_two_rows(
    first: Sequence[object], second: Sequence[object], *, excel_serials: bool = False
) -> list[str] | None:
    """A wide header written on two rows, dates above and AM/PM below (the date cell may be
    merged across its two sessions, so only its first cell holds it), as one row of
    ``'07/09/2026 AM'`` headers; None when the rows are not that.  ``excel_serials`` (a
    workbook): a date may be an Excel serial day number (:func:`excel_serial_day`)."""
    a = [cell_text(c) for c in first]
    b = [cell_text(c) for c in second]
    width = max(len(a), len(b))
    a += [""] * (width - len(a))
    b += [""] * (width - len(b))
    days = [_day_text(x, excel_serials) for x in a]
    if not any(days) or not any(_SESSION_CELL.match(y) for y in b):
        return None
    out: list[str] = []
    carry, left = "", 0
    for x, y, day in zip(a, b, days, strict=True):
        if day:
            # a day has two sessions: its own cell and the one beside it
            carry, left = day, 2
        elif x:
            carry, left = "", 0
        if left > 0 and (_SESSION_CELL.match(y) or SESSION_AND_MORE.match(y)):
            out.append(f"{carry} {y}")  # ('PM*' too, for the loader to refuse)
        else:
            out.append(y or x)
        left -= 1
    return out


def _undated_sessions(
    first: Sequence[object],
    second: Sequence[object],
    combined: Sequence[str],
    match: HeaderMatch,
    line: int,
    file: str,
) -> None:
    """Refuse a two-row header whose AM/PM cells (on ``line``) have no date above them
    that attcli reads (a date cell left empty, ``08.09.2026``, ``Tue 8th Sept``): their
    columns were "columns not used" and the day's marks dropped with nothing said.  (The
    columns are named by their neighbours: a sheet's first column read need not be A.)"""
    claimed = match.claimed()
    above = [cell_text(c) for c in first] + [""] * len(combined)

    def day_cell(i: int) -> str:
        # the day's cell: over its first session (merged over both, the first cell holds it)
        return above[i] or (above[i - 1] if i and i - 1 not in claimed else "")

    bare = [
        i for i, c in enumerate(combined)
        if i not in claimed and _SESSION_CELL.match(c or "")
        # a pair of totals (a 'Totals' or '%' cell over AM and PM) is no day: not read
        and not (_FOOTER_WORD.match(day_cell(i)) or "%" in day_cell(i))
    ]  # fmt: skip
    if not bare:
        return
    i = bare[0]
    pair = [i] + ([i + 1] if i + 1 in bare else [])
    text = day_cell(i)
    said = f"its cell reads {text!r}, not a date attcli reads" if text else "its cell is empty"
    names = " and ".join(repr(cell_text(second[n])) for n in pair)
    dated = [n for n in match.session_columns if n < i]
    after = (
        f"after those of {combined[dated[-1]]!r}"
        if dated
        else "before the first dated ones"
        if match.session_columns
        else "of the first day"
    )
    raise input_error(
        f"the sessions {names} {after} have no date above them in {unit(file)} "
        f"{match.line} ({said}): attcli cannot know their day, and would read none of "
        "their marks",
        file=file,
        line=line,
        hint="write each day's date over its AM and PM as DD/MM/YYYY (or a real Excel date), "
        "e.g. 'Tue 08/09/2026'; the date cell may be merged over its two sessions",
    )


def _no_dates_over_sessions(
    rows: Sequence[tuple[int, int, list[str | None]]], file: str, excel: bool
) -> None:
    """A header of two rows whose AM/PM cells are under texts none of which is a date
    attcli reads (every day written ``07.09.2026``): refused as :func:`_undated_sessions`
    refuses one such day, not called a pupil list."""
    for (line, end, cells), (nline, nend, below) in zip(rows, rows[1:], strict=False):
        if nline != end + 1:
            continue
        b = [cell_text(c) for c in below]
        sessions = [i for i, y in enumerate(b) if _SESSION_CELL.match(y)]
        a = [cell_text(c) for c in cells]
        if len(sessions) < 2 or any(_day_text(x, excel) for x in a):
            continue
        if any(i < len(a) and a[i] for i in sessions):
            match = HeaderMatch(line, nend, b, {})
            _undated_sessions(cells, below, b, match, nline, file)


# ---------------------------------------------------------------------------------------
# Finding the header row, and saying what to do when there is none


def unmet(match: HeaderMatch, required: Sequence[Sequence[tuple[str, ...]]]) -> list[int]:
    """Indexes of the requirements ``match`` does not meet."""
    return [i for i, alts in enumerate(required) if not any(match.has(*alt) for alt in alts)]


_REQUIREMENT_LABELS = {"upn": "pupil id", "surname": "pupil name", "date": "date"}


def describe_requirement(
    alts: Sequence[tuple[str, ...]], aliases: Mapping[str, Sequence[str]]
) -> str:
    def one(f: str) -> str:
        return f"{f} (looked for: {', '.join(repr(a) for a in aliases[f])})"

    shown = [alt for alt in alts if not any(f[0] == "!" for f in alt)]
    if len(shown) == 1 and len(shown[0]) == 1:
        return one(shown[0][0])
    parts = [" and ".join(one(f) for f in alt) for alt in shown]
    label = _REQUIREMENT_LABELS.get(shown[0][0], shown[0][0])
    return f"{label}: " + "; or ".join(parts)


@dataclass
class Spec:
    """What a header row must hold for one shape."""

    shape: str  # "long" | "wide" | "packed" | "table"
    fields: Mapping[str, Sequence[str]]
    required: list[list[tuple[str, ...]]]
    sessions: bool = False  # needs at least one session column (wide)
    #: the attcli.toml table that names this file's columns (None: there is none)
    config_table: str | None = "columns"

    def describe(self) -> str:
        return {
            "long": "a long register (one row per pupil per session)",
            "wide": "a wide register (one column per session)",
            "packed": "a register of packed marks (one row per pupil: a start date and a "
            "string of marks)",
        }.get(self.shape, "the table")


#: Words in the headers of a per-pupil summary of attendance (counts, no session marks).
_SUMMARY_COUNT = re.compile(r"possible|attended|present|sessions$")
_SUMMARY_ABSENCE = re.compile(r"absen|authori[sz]ed|percent")


def _summary_headers(cells: Sequence[str]) -> list[str]:
    keys = [normalise_header(c) for c in cells]
    counts = [c for c, k in zip(cells, keys, strict=True) if _SUMMARY_COUNT.search(k)]
    absences = [c for c, k in zip(cells, keys, strict=True) if _SUMMARY_ABSENCE.search(k)]
    if counts and absences:
        return [c for c, k in zip(cells, keys, strict=True) if c in counts or c in absences]
    return []


#: Headers of a lesson's mark (GO 4 Schools' ``Lesson.Mark`` as g4sr saves its lesson
#: marks; a lesson register's "Lesson Attendance Code"), normalised: a register of lessons,
#: not the statutory two session marks a day (sweep layouts5).
_LESSON_MARKS = frozenset(
    {"lessonmark", "lessoncode", "lessonattendancemark", "lessonattendancecode"}
)


def _lesson_marks_header(cells: Sequence[str]) -> str | None:
    return next((c for c in cells if normalise_header(c) in _LESSON_MARKS), None)


def find_header(
    head: Sequence[tuple[int, int, list[str | None]]],
    specs: Sequence[Spec],
    columns: Mapping[str, str] | None,
    *,
    file: str,
) -> tuple[Spec, HeaderMatch]:
    """The first row (within the first rows of ``head``) that meets one of ``specs``; a wide
    header may be two rows (dates, then AM/PM)."""
    filled = [r for r in head if any(cell_text(c) for c in r[2])]
    rows = filled[:HEADER_SEARCH_ROWS]
    u = unit(file)
    if not rows:
        what = "it" if all(sp.shape == "table" for sp in specs) else "the register"
        raise input_error(
            "the file is empty: no header row and no data rows",
            file=file,
            hint=f"export {what} again, with its header row",  # a contacts file is no register
        )
    best: tuple[int, int, Spec, HeaderMatch, list[list[str | None]]] | None = None
    excel = is_sheet(file)
    for k, (line, end, cells) in enumerate(rows):
        candidates = [(end, list(cells), filled[k + 1 : k + 1 + SAMPLE_ROWS])]
        if k + 1 < len(filled) and filled[k + 1][0] == end + 1:
            two = combine_two_rows(cells, filled[k + 1][2], excel_serials=excel)
            if two is not None:
                candidates.append((filled[k + 1][1], two, filled[k + 2 : k + 2 + SAMPLE_ROWS]))
        for spec in specs:
            for c_end, c_cells, below in candidates:
                m = match_row(
                    c_cells, spec.fields, columns, line=line, end_line=c_end, sessions=spec.sessions
                )
                adjust_from_values(m, spec.shape, [r[2] for r in below], columns, spec.fields)
                missing = unmet(m, spec.required)
                if spec.sessions and not m.session_columns:
                    missing.append(-1)
                if not missing:
                    if c_end > end:
                        _undated_sessions(cells, filled[k + 1][2], c_cells, m, c_end, file)
                        m.notes.append(f"the header is on two {u}s ({line} and {c_end})")
                        m.told += _serials_note(cells, line) if excel else []
                    return spec, m
                score = len(m.found) + len(m.session_columns)
                if best is None or score > best[0]:
                    best = (score, -len(missing), spec, m, [r[2] for r in below])
    assert best is not None
    own_csv(rows, file)
    registers_only = all(s.shape in REGISTER_SHAPES for s in specs)
    for line, _end, cells in rows:
        summary = _summary_headers([cell_text(c) for c in cells])
        if summary:
            shown = ", ".join(repr(c) for c in summary[:6])
            raise input_error(
                f"this is a per-pupil attendance summary (columns {shown}), not a register: "
                "attcli needs the mark of every session",
                file=file,
                line=line,
                hint="export the register itself from your MIS: one row per pupil per session "
                "(date, AM/PM, mark), or one column per session",
            )
        lesson = _lesson_marks_header([cell_text(c) for c in cells]) if registers_only else None
        if lesson is not None:
            raise input_error(
                f"this is a register of lesson marks (column {lesson!r}), not the AM and PM "
                "session marks of the attendance register, from which attcli counts every "
                "figure",
                file=file,
                line=line,
                hint="export the session marks from your MIS: one row per pupil per session "
                "(date, AM/PM, mark), or one column per session",
            )
    _three_rows(rows, specs, columns, file, excel)
    _other_separator(rows, file)
    registers = all(s.shape in REGISTER_SHAPES for s in specs)
    _dated_columns(rows, file, _pupil_columns(rows, specs, columns) if registers else {})
    score, _, spec, m, sample = best
    if all(s.shape in REGISTER_SHAPES for s in specs):
        _no_dates_over_sessions(rows, file, excel)
        _not_a_register(rows, m, sample, file)
    chosen = [spec]
    if score == 0:
        _refuse_headless(rows, file, registers)
        # No row looks like a header: show the first row, and say what each shape needs.
        chosen = list(specs)
        m = match_row(rows[0][2], {}, None, line=rows[0][0], end_line=rows[0][1], sessions=False)

    def needs(s: Spec) -> list[str]:
        aliases = field_aliases(s.fields, columns)
        parts = [describe_requirement(s.required[i], aliases) for i in unmet(m, s.required)]
        if s.sessions and not m.session_columns:
            parts.append(f"session columns (headers like {SESSION_HEADER_EXAMPLES})")
        return parts

    found = headers_found(m.cells)
    where = f"the first {HEADER_SEARCH_ROWS} {u}s" if len(rows) > 1 else f"{u} {m.line}"
    wanted = [needs(s) for s in chosen]
    common = [p for p in wanted[0] if all(p in w for w in wanted[1:])] if len(chosen) > 1 else []
    what = ". Or, for ".join(
        f"{s.describe()}, {'also ' if common else ''}missing "
        + "; ".join(p for p in w if p not in common)
        for s, w in zip(chosen, wanted, strict=True)
    )
    both = f" Missing for every layout: {'; '.join(common)}." if common else ""
    raise input_error(
        f"no header row found in {where}.{both} For {what}. Headers found on {u} {m.line}: {found}",
        file=file,
        line=m.line,
        hint=columns_hint(spec, m, sample) if score else generic_hint(spec.config_table),
    )


def _refuse_headless(
    rows: Sequence[tuple[int, int, list[str | None]]], file: str, register: bool = True
) -> None:
    """No row looks like a header, and the first row is a pupil's (a UPN among three cells
    or more): the header row was deleted, or sorted down among the rows (Excel's Sort
    without 'My data has headers' ticked), so say that rather than list every header
    attcli looks for."""
    from attcli.pupil_ids import is_upn, upn_text

    if not rows:
        return
    line, _end, cells = rows[0]
    texts = [t.strip() for t in (cell_text(c) for c in cells) if t and t.strip()]
    upn = next((t for t in texts if is_upn(upn_text(t))), None)
    if upn is None or len(texts) < 3:
        return
    u = unit(file)
    raise input_error(
        f"no header row: the first {u} is a pupil's row (its cell {upn!r} is a UPN), and no "
        f"{u} in the first {HEADER_SEARCH_ROWS} is the header; it looks deleted, or sorted "
        "down among the rows (Excel's Sort without 'My data has headers' ticked)",
        file=file,
        line=line,
        hint="put the header row back as the first row (in Excel: undo the sort, or insert "
        f"it at the top) and save, or export {'the register' if register else 'it'} again",
    )


def _three_rows(
    rows: Sequence[tuple[int, int, list[str | None]]],
    specs: Sequence[Spec],
    columns: Mapping[str, str] | None,
    file: str,
    excel: bool,
) -> None:
    """A wide header on three rows, said as such: the pupil columns' headers on one row
    (over a weekday, say), the dates on the next and AM/PM on the one after.  attcli reads
    a header of one row, or of two (dates with the pupil columns, then AM/PM); without
    this the file was said to have no pupil id column, though it has one (sweep
    "layouts")."""
    wide = [sp for sp in specs if sp.shape == "wide"]
    if not wide:
        return
    u = unit(file)
    triples = zip(rows, rows[1:], rows[2:], strict=False)  # (each row and the two below)
    for (line, end, top), (l2, e2, dates), (l3, _, ampm) in triples:
        if l2 != end + 1 or l3 != e2 + 1:
            continue
        two = combine_two_rows(dates, ampm, excel_serials=excel)
        if two is None:
            continue
        sessions = {
            i
            for sp in wide
            for i in match_row(
                two, sp.fields, columns, line=l2, end_line=l3, sessions=True
            ).session_columns
        }
        pupil = _pupil_columns([(line, end, top)], wide, columns).get(line)
        if not sessions or not pupil:
            continue
        # the top row's headers over no session (the pupil's columns and the like)
        texts = [cell_text(c) for c in top]
        shown = ", ".join(repr(t) for i, t in enumerate(texts) if t and i not in sessions)
        raise input_error(
            f"the header is on three {u}s: the pupil columns on {u} {line} ({shown}), the "
            f"dates on {u} {l2} and AM/PM on {u} {l3}; attcli reads a header of one {u}, or of "
            f"two (the dates with the pupil columns, then AM/PM)",
            file=file,
            line=line,
            hint=f"export the register with the pupil columns' headers on the dates' {u}, or "
            "each session headed in one cell (like '07/09/2026 AM')",
        )


def _serials_note(cells: Sequence[object], line: int) -> list[str]:
    """The note for a two-row header whose days are Excel serial day numbers: that they
    were read as dates, and the first and last with the date each stands for."""
    serials = [(t, d) for t in map(cell_text, cells) if (d := excel_serial_day(t))]
    if not serials:
        return []
    shown = ", ".join(f"{t} is {d:%a %d/%m/%Y}" for t, d in dict([serials[0], serials[-1]]).items())
    return [
        f"the dates in row {line} are Excel day numbers (Excel's 1900 date system), read as "
        f"dates: {shown}"
    ]


#: The shapes of a register (a pupil list's or contacts export's spec is a "table").
REGISTER_SHAPES = ("long", "wide", "packed")

#: Header words of an MIS contacts export (who to write to), by kind: a row with a contact's
#: name or a relationship, and three kinds or more, is one.
_CONTACT_KINDS = (
    re.compile(r"^(contact|parent|carer|guardian)\w*(name|surname|forename)$"),
    re.compile(r"relationship"),
    re.compile(r"priority"),
    re.compile(r"parentalresponsibility"),
    re.compile(r"phone|mobile"),
    re.compile(r"address|postcode"),
)
#: What a register export has and a pupil list has not.
_SESSION_FIELDS = ("date", "datetime", "start_date", "session", "start_time", "mark", "marks")
_IDENTITY = ("upn", "mis_id", "surname", "forename", "name")
#: A header naming a session of the day (a wide register's columns, however dated).
_SESSION_NAMED = re.compile(r"\b(am|pm|a\.m|p\.m|morning|afternoon)\b", re.IGNORECASE)


def names_pupils(
    head: Sequence[tuple[int, int, list[str | None]]],
    specs: Sequence[Spec],
    columns: Mapping[str, str] | None,
) -> bool:
    """Whether a row within the first rows of ``head`` is the header of a table of pupils
    (a UPN, MIS id or name column): a sheet a person reads as the pupils' register, even
    when attcli refuses it (a cover sheet, the report's parameters or a key to the codes
    has none)."""
    filled = [r for r in head if any(cell_text(c) for c in r[2])][:HEADER_SEARCH_ROWS]
    for line, end, cells in filled:
        for spec in specs:
            m = match_row(cells, spec.fields, columns, line=line, end_line=end, sessions=False)
            if any(f in m.found for f in _IDENTITY):
                return True
    return False


#: Where a file that is no register belongs.
_REGISTER_IS = (
    "the register is the attendance export, one row per pupil per session or a column per "
    "session"
)


#: Columns of the manifest ``attcli letters`` writes (``letters.run.MANIFEST_HEADERS``)
#: that no MIS export has: a glob over a folder of exports and last week's letters takes
#: it in, and it read as "a pupil list ... give it as --pupils".
_LETTERS_MANIFEST = frozenset({"letter_date", "html_file", "sha256", "print_file"})


#: Columns of the CSVs attcli writes (``-o FILE.csv``) that no MIS export has, by command:
#: written into the exports' folder one week, a pattern (``exports\\*.csv``) takes them in
#: the next, and they read as "a per-pupil attendance summary ... export the register from
#: your MIS" or "a pupil list" (:func:`own_csv`).
_OWN_CSVS = (
    ("check", frozenset({"attendance_pct", "ht_attendance_pct", "can_miss_sessions"})),
    ("cme", frozenset({"run began", "last day of run", "days with no register"})),
    ("la-return", frozenset({"list", "absence began", "days since last return"})),
    ("register-check", frozenset({"attendance % (term)", "possible sessions (term)", "reasons"})),
    ("cases", frozenset({"due stage", "since stage", "recorded while due"})),
)


def own_output(headers: Iterable[object]) -> str | None:
    """The attcli command whose CSV has these ``headers`` ("letters" for its manifest), or
    None (:data:`_OWN_CSVS`, :data:`_LETTERS_MANIFEST`)."""
    texts = {cell_text(h).lower() for h in headers}
    if _LETTERS_MANIFEST <= texts:
        return "letters"
    return next((command for command, own in _OWN_CSVS if own <= texts), None)


def own_csv(rows: Sequence[tuple[int, int, list[str | None]]], file: str) -> None:
    """Refuse, in one line, a CSV attcli wrote given as an export (:data:`_OWN_CSVS`)."""
    for line, _end, cells in rows:
        texts = {cell_text(c).lower() for c in cells}
        for command, headers in _OWN_CSVS:
            if headers <= texts:
                raise input_error(
                    f"this is attcli's own {command} CSV (written by attcli {command} -o), not "
                    "a register",
                    file=file,
                    line=line,
                    hint="leave it out of the exports (a pattern such as *.csv takes it in "
                    f"too), or write it to another folder; {_REGISTER_IS}",
                )


#: The hint of a file refused as a pupil list (a workbook's sheet of pupils beside a hidden
#: register is told what to do with each: :func:`attcli.loaders._register._register_sheet`).
#: (a pattern such as exports/*.csv takes in the contacts export or the pupil list saved
#: beside the register, given as --contacts or --pupils too: "give it as --contacts" read
#: as wrong to someone who had)
_LEAVE_OUT = "leave it out of the exports (a pattern such as *.csv takes it in too) and "
PUPIL_LIST_HINT = f"{_LEAVE_OUT}give it as --pupils; {_REGISTER_IS}"


def _not_a_register(
    rows: Sequence[tuple[int, int, list[str | None]]],
    m: HeaderMatch,
    sample: Sequence[Sequence[object]],
    file: str,
) -> None:
    """A register whose header is not found, and whose header reads like the MIS contacts
    export (contact names, relationship, priority, phone, address) or like a pupil list
    (pupils' UPNs or names, and no date, session or mark column, nor a spare column of
    codes or of sessions): said in one line, rather than [columns] lines mapping the
    register's fields onto unrelated columns (the mark onto 'Postcode')."""
    own_csv(rows, file)
    for line, _end, cells in rows:
        texts = [cell_text(c) for c in cells]
        if _LETTERS_MANIFEST <= {t.strip().lower() for t in texts}:
            raise input_error(
                "this is attcli's letters manifest (the list attcli letters writes beside the "
                "letters), not a register",
                file=file,
                line=line,
                hint=f"leave it out of the exports (a pattern such as *.csv takes it in too); "
                f"{_REGISTER_IS}",
            )
        keys = [normalise_header(t) for t in texts]
        kinds = [k for k, pattern in enumerate(_CONTACT_KINDS) if any(map(pattern.search, keys))]
        if len(kinds) >= 3 and (0 in kinds or 1 in kinds):
            hits = [t for t, k in zip(texts, keys, strict=True)
                    if any(p.search(k) for p in _CONTACT_KINDS)]  # fmt: skip
            raise input_error(
                f"this looks like the contacts export (columns {headers_found(hits, 6)}), not "
                "a register",
                file=file,
                line=line,
                hint=f"{_LEAVE_OUT}give it as --contacts (to letters, cases, cme, "
                f"la-return, register-check, evidence, pupil or pn record); {_REGISTER_IS}",
            )
    if not any(f in m.found for f in _IDENTITY) or m.session_columns:
        return
    if any(f in m.found for f in _SESSION_FIELDS):
        return
    claimed = m.claimed()
    for i, c in enumerate(m.cells):
        if not c or i in claimed:
            continue
        if _SESSION_NAMED.search(c):
            return  # a wide register's session columns, headed in a way not read
        if re.search(_AFFINITY["mark"], normalise_header(c)) and _could_be_mark(sample, i):
            return  # the mark column under another name
    raise input_error(
        f"this looks like a pupil list (columns {headers_found(m.cells, 6)}; no date, session "
        "or mark column), not a register",
        file=file,
        line=m.line,
        hint=PUPIL_LIST_HINT,
    )


#: An attendance code as exported: '/', 'L', 'I01', 'I_F' (a code is at most 4 characters).
_MARK_LIKE = re.compile(r"^\S{1,4}$")


def _could_be_mark(sample: Sequence[Sequence[object]], i: int) -> bool:
    """Whether column ``i`` could hold the marks: every value below the header is
    code-like (a postcode, a phone number or a town is not); no values, no evidence."""
    return all(_MARK_LIKE.match(v) for v in _column_values(sample, i))


#: Separators a "CSV" file may have been saved with instead of commas (Excel's "Text (Tab
#: delimited)", or a locale whose list separator is the semicolon), by name.
_OTHER_SEPARATORS = {"\t": "tabs", ";": "semicolons"}


def _other_separator(rows: Sequence[tuple[int, int, list[str | None]]], file: str) -> None:
    """A CSV file with no header row, half or more of whose rows hold two or more tabs (or
    semicolons), the first such row read as one cell (the header, under any title rows),
    was saved with another separator than the comma: say so in one line, rather than that
    no header was found.  attcli reads comma-separated CSV only (docs/presets.md): it does
    not guess a separator."""
    if not file.lower().endswith(".csv") or not rows:
        return
    lines = [",".join(str(c) for c in cells if c is not None) for _, _, cells in rows]
    for sep, name in _OTHER_SEPARATORS.items():
        holding = [i for i, text in enumerate(lines) if text.count(sep) >= 2]
        if not holding or 2 * len(holding) < len(lines):
            continue
        line, _end, cells = rows[holding[0]]
        first = [c for c in cells if cell_text(c)]
        if len(first) == 1:
            raise input_error(
                f"the cells are separated by {name}, not commas: the header row reads as "
                "one cell",
                file=file,
                line=line,
                value=excerpt(str(first[0])),
                # (not 'CSV UTF-8 (Comma delimited)': where the list separator is ';', Excel
                # saves every CSV with semicolons; and the file may be the contacts export)
                hint="attcli reads comma-separated CSV"
                + (
                    ", which Excel saves with semicolons where a country's list separator is "
                    "';'"
                    if sep == ";"
                    else ""
                )
                + ": in Excel, Save As 'Excel Workbook (*.xlsx)' and give that, or export it "
                "again from the MIS as CSV, or (in Notepad) add a first line "
                + ("sep=; " if sep == ";" else "of sep= and a tab ")
                + "to name the separator, which attcli then reads",
            )


_SESS = rf"(?:[\s_-]*\(?{SESSION_WORDS}\)?)?"
#: Column headers that are dates with no year ('03/09 AM', '3-Sep', 'Thu 03 Sep').
_NO_YEAR = re.compile(
    rf"^\s*(?:{_WEEKDAY_RE})?(?:\d{{1,2}}[/.]\d{{1,2}}|\d{{1,2}}[ -][a-z]{{3,9}}\.?){_SESS}\s*$",
    re.IGNORECASE,
)
#: ... and a week's marks in one cell, under a week's header as an English office writes
#: it: 'w/c 07/09/2026' (week commencing), 'W/B' or 'WB' (beginning), 'w/e' (ending, a
#: Friday), 'Week Starting', 'Week 1 (07/09/2026)'.
_WEEK_OF = re.compile(
    r"^\s*(?:w/?[bce]|wk|week\s*\d+|week\s+(?:commencing|beginning|starting|ending|of))\b",
    re.IGNORECASE,
)
#: ... and a weekday's name with no date ('Mon', 'Tuesday', 'Mon AM'): which week is not
#: guessed.  Named in full, so 'Month' or 'Friends' is no weekday.
_WEEKDAY_ALONE = re.compile(
    r"^\s*(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?)"
    rf"\.?{_SESS}\s*$",
    re.IGNORECASE,
)

#: ... and a session's header as R's ``make.names`` rewrites it when a register is read
#: with ``read.csv`` and saved again ('07/09/2026 AM' -> 'X07.09.2026.AM', 'Mon 07/09/2026
#: AM' -> 'Mon.07.09.2026.AM'): an 'X' before a digit, a dot for each other character.
#: Which order the dotted date is in is not guessed, as '07.09.2026' is not (sweep layouts5).
_R_RENAMED = re.compile(
    r"^(?:X|(?:mon|tue|wed|thu|fri)[a-z]*\.+)\d{1,4}\.\d{1,2}\.\d{1,4}[._]+"
    r"(?:am|pm|a\.m|p\.m|morning|afternoon)\.*$",
    re.IGNORECASE,
)


def _pupil_columns(
    rows: Sequence[tuple[int, int, list[str | None]]],
    specs: Sequence[Spec],
    columns: Mapping[str, str] | None,
) -> dict[int, set[int]]:
    """The rows (by line) that head a table of pupils (a UPN, MIS id or name column), each
    with the indexes of those columns."""
    out: dict[int, set[int]] = {}
    for line, end, cells in rows:
        for spec in specs:
            m = match_row(cells, spec.fields, columns, line=line, end_line=end, sessions=False)
            found = {i for f, i in m.found.items() if f in _IDENTITY}
            if found:
                out.setdefault(line, set()).update(found)
    return out


#: A time after a header's date ('07/09/2026 09:00', a real Excel date-time).
_CLOCK_AFTER = re.compile(r"^[\sT]*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*$")


def _date_headed(
    texts: Sequence[str], cells: Sequence[object], below: Sequence[object], pupil: set[int],
    file: str, line: int, excel: bool, above: Sequence[object] = (),
) -> None:  # fmt: skip
    """A header row of a table of pupils (``pupil``: its UPN and name columns) with
    columns headed by a date that are no session columns attcli reads, said in one line
    whatever their number: a date with a time, a date with a word that is no session, a
    date (or a week's) over cells that are not its AM and PM.  Nothing a pupil list has
    (it was "a pupil list ... give it as --pupils")."""
    dated = [
        i for i, t in enumerate(texts)
        if (_DATED.match(t) or (_WEEK_OF.match(t) and re.search(_DATE_RE, t, re.IGNORECASE)))
        and not looks_like_session_header(t)
    ]  # fmt: skip
    if not dated:
        return
    first = texts[dated[0]]
    under = [cell_text(below[i]) if i < len(below) else "" for i in range(len(texts))]
    grid = below and not any(under[i] for i in pupil) and any(under[dated[0] :])
    if grid:
        sub = next(u for u in under[dated[0] :] if u)
        day = _DATED.match(first)
        if day and _CLOCK_AFTER.match(first[day.end() :]) and _SESSION_CELL.match(sub):
            raise input_error(
                f"the columns from {first!r} are headed by a date and a time over AM and PM: "
                "attcli reads a header of two rows as a date alone over its AM and PM",
                file=file,
                line=line,
                hint="give the dates no time (in Excel, format the row of dates as a date), or "
                f"export the register with a column per session (headed like "
                f"{SESSION_HEADER_EXAMPLES})",
            )
        if not _SESSION_CELL.match(sub):
            _not_sessions_under(first, sub, file, line)
        return  # a date over AM and PM: not for this reason
    over = [cell_text(above[i]) if i < len(above) else "" for i in range(len(texts))]
    if not any(over[i] for i in pupil) and _SESSION_CELL.match(over[dated[0]]):
        raise input_error(
            f"the columns from {first!r} have {over[dated[0]]!r} above them ({unit(file)} "
            f"{line - 1}): attcli reads a header of two rows as a date over its AM and PM, "
            "the dates first",
            file=file,
            line=line,
            hint=f"export the register with each day's date over its AM and PM, or with a "
            f"column per session (headed like {SESSION_HEADER_EXAMPLES})",
        )
    for i in dated:
        t = texts[i]
        day = _DATED.match(t)
        rest = t[day.end() :].strip() if day else ""
        if not day or not rest or _DATE_CELL.match(t):
            continue  # a week's column, or a date alone: the reasons below
        if _CLOCK_AFTER.match(rest):
            what = "a date and a time, not AM or PM: attcli reads a column's session from AM/PM in its header"
        else:
            what = f"a date and {rest!r}, which is no session: sessions are {SESSION_WORDS_TEXT}"
        raise input_error(
            f"the columns from {t!r} are headed by {what}",
            file=file,
            line=line,
            hint=f"export the register with a column per session (headed like "
            f"{SESSION_HEADER_EXAMPLES})",
        )


def _not_sessions_under(first: str, sub: str, file: str, line: int) -> NoReturn:
    """Refuse a two-row header's dates (from ``first``) over cells that are no session
    (``sub``: 'M', 'a', 'AM Reg')."""
    raise input_error(
        f"the columns from {first!r} have {sub!r} under them: attcli reads a header of "
        "two rows as a date over its AM and PM",
        file=file,
        line=line,
        hint=f"export the register with a column per session (headed like "
        f"{SESSION_HEADER_EXAMPLES}), or with each day's date over its AM and PM",
    )


def _dates_over_pupils(
    texts: Sequence[str], below: Sequence[object], pupil: set[int], file: str, line: int
) -> None:
    """A row of dates alone over the header row of a table of pupils (``below``; ``pupil``:
    its UPN and name columns) whose cell under the first date is no session ('a', 'M',
    'AM Reg'): said as such.  It was "a pupil list ... give it as --pupils", or with three
    days or more "days, with no AM/PM session"."""
    if any(texts[i] for i in pupil if i < len(texts)):
        return  # a title row, or a header of its own
    dated = [
        i for i, t in enumerate(texts) if _DATED.match(t) and not looks_like_session_header(t)
    ]  # fmt: skip
    if not dated:
        return
    sub = cell_text(below[dated[0]]) if dated[0] < len(below) else ""
    if sub and not _SESSION_CELL.match(sub):
        _not_sessions_under(texts[dated[0]], sub, file, line)


#: A header that is a date with an ordinal day ('Mon 7th Sep 2026 AM', '7th September'),
#: which attcli does not read (docs/presets.md, "Dates").
_ORDINAL_DAY = re.compile(
    rf"^\s*(?:{_WEEKDAY_RE})?\d{{1,2}}(?:st|nd|rd|th)[\s-]+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


def _ordinal_dates(texts: Sequence[str], file: str, line: int) -> None:
    """A header row of a table of pupils with columns headed by dates with an ordinal day:
    said in one line naming the first, rather than that no header row was found (with
    every header looked for)."""
    hits = [t for t in texts if _ORDINAL_DAY.match(t)]
    if hits:
        raise input_error(
            f"the columns from {hits[0]!r} are headed by dates with an ordinal day (7th, "
            "1st), which attcli does not read",
            file=file,
            line=line,
            hint=f"export the register with dates like {SESSION_HEADER_EXAMPLES}",
        )


def _dated_columns(
    rows: Sequence[tuple[int, int, list[str | None]]],
    file: str,
    pupils: Mapping[int, set[int]],
) -> None:
    """A header row with no header attcli reads but columns headed like dates it cannot
    use: dates with no year (which year is not guessed), a week's marks in one cell ('w/c
    07/09/2026'), a day's, or a date with a time or no session (:func:`_date_headed`).  Said
    in one line, rather than a list of every header looked for and advice to name the date
    column (which leads nowhere).  Three such columns say it on any row; beside a pupil's
    UPN or name (``pupils``, by line) one does."""
    kinds = (
        (_WEEK_OF, "hold a week's marks each: attcli reads one mark a cell",
         f"export the register with a column per session (headed like "
         f"{SESSION_HEADER_EXAMPLES}) or a row per session; Bromcom's marks in one string "
         "need a start date column (docs/presets.md)"),
        (_NO_YEAR, "are headed by dates with no year: attcli does not guess the year",
         f"export the register with the year in each session's header, like "
         f"{SESSION_HEADER_EXAMPLES}"),
        (_WEEKDAY_ALONE, "are headed by a weekday with no date: attcli does not guess "
         "which week they are",
         f"export the register with the date in each session's header, like "
         f"{SESSION_HEADER_EXAMPLES}"),
        (_R_RENAMED, "are session headers R renamed (read.csv's check.names: an 'X' before "
         "a digit, a dot for each other character): attcli does not guess the date back",
         "give the export as the MIS saved it, or read it into R with check.names = FALSE "
         "before saving it again"),
    )  # fmt: skip
    excel = is_sheet(file)
    for k, (line, end, cells) in enumerate(rows):
        texts = [cell_text(c) for c in cells]
        below = rows[k + 1][2] if k + 1 < len(rows) and rows[k + 1][0] == end + 1 else []
        least = 1 if line in pupils else 3
        above = rows[k - 1][2] if k and rows[k - 1][1] == line - 1 else []
        if line in pupils:
            _ordinal_dates(texts, file, line)
            _date_headed(texts, cells, below, pupils[line], file, line, excel, above)
        elif below and rows[k + 1][0] in pupils:
            _dates_over_pupils(texts, below, pupils[rows[k + 1][0]], file, line)
        for pattern, what, hint in kinds:
            found = [t for t in texts if pattern.match(t)]
            if least < 3 and pattern is _WEEK_OF:  # ('Week commencing' alone is no week's)
                found = [t for t in found if re.search(_DATE_RE, t, re.IGNORECASE)]
            # one weekday's column beside the pupils may be a list's own ('Mon' club)
            if len(found) >= (max(least, 2) if pattern is _WEEKDAY_ALONE else least):
                raise input_error(
                    f"the columns from {found[0]!r} {what}", file=file, line=line, hint=hint
                )
        if not excel:
            _csv_serials(texts, cells, below, file, line)
        days = _day_columns(texts, excel, least)
        # AM/PM under the days is a two-row header (refused for another reason), but an AM
        # cell elsewhere in the row below is a pupil's AM row, under a 'Session' column
        two = combine_two_rows(cells, below, excel_serials=excel) or []
        pairs = _day_columns(texts, excel, least, twice=True)
        if pairs and not any(map(looks_like_session_header, two)):
            # a date merged over its two sessions, unmerged with "fill", and no AM/PM: which
            # column is the morning's the file does not say (sweep layouts10)
            raise input_error(
                f"the columns from {pairs[0]!r} are headed by dates each over two columns, "
                "with no AM or PM: attcli does not guess which of a day's two columns is "
                "its morning",
                file=file,
                line=line,
                hint=f"export the register with a column per session (headed like "
                f"{SESSION_HEADER_EXAMPLES}), or with AM and PM on a row under the dates",
            )
        if days and not any(map(looks_like_session_header, two)):
            if _a_week_apart(days, excel):
                what, hint = kinds[0][1:]
                raise input_error(
                    f"the columns from {days[0]!r} are dates a week apart and {what}",
                    file=file,
                    line=line,
                    hint=hint,
                )
            raise input_error(
                f"the columns from {days[0]!r} are days, with no AM/PM session: attcli reads "
                "one mark a session",
                file=file,
                line=line,
                hint=f"export the register with a column per session (headed like "
                f"{SESSION_HEADER_EXAMPLES}), or as a long export: a row per pupil per "
                "session (date, AM/PM, mark)",
            )


def _csv_serials(
    texts: Sequence[str], cells: Sequence[object], below: Sequence[object], file: str, line: int
) -> None:
    """A CSV's two-row header whose days are whole numbers that would be Excel serial day
    numbers over AM/PM (a sheet saved as CSV): said in one line, with what would be read.
    Only a workbook's are read as dates (an RM Integris-style report's General-format
    cells); a CSV's numbers are text a spreadsheet wrote, which attcli does not take for
    dates (docs/decisions.md, "A header's Excel day numbers are dates").  It was refused
    as "a pupil list", asking for --pupils."""
    serials = [t for t in _day_columns(texts, True) if excel_serial_day(t)]
    if not serials:
        return
    two = combine_two_rows(cells, below, excel_serials=True) or []
    if not any(map(looks_like_session_header, two)):
        return
    first = excel_serial_day(serials[0])
    raise input_error(
        f"the columns from {serials[0]!r} are headed by numbers that look like Excel day "
        f"numbers ({serials[0]} would be {first:%a %d/%m/%Y}) over AM/PM: attcli reads day "
        "numbers as dates in an Excel workbook only, not in a CSV",
        file=file,
        line=line,
        hint="save the sheet as an Excel workbook (.xlsx) and give that, or export the "
        f"register with a date in each session's header, like {SESSION_HEADER_EXAMPLES}",
    )


#: The most days between two columns of a register's days (two weeks' holiday and the
#: weekends either side are 17): dates further apart are no register's (a pupil's dates of
#: birth, joining and leaving).
_DAYS_APART = 31


def _a_week_apart(days: Sequence[str], excel: bool) -> bool:
    """Whether the columns :func:`_day_columns` found (two or more) are each 7 days after
    the last: a week's marks in each cell under its Monday's date, not a day's."""
    dates = []
    for t in days:
        day = _day_text(t, excel)
        if day is None:
            return False
        dates.append(parse_py_date(split_weekday(day)[1]))
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    return len(dates) >= 2 and all(g == 7 for g in gaps)


def _day_columns(
    texts: Sequence[str], excel: bool, least: int = 3, *, twice: bool = False
) -> list[str]:
    """The cells of a row that head a column per day (``least`` or more weekdays, each a date
    alone, in order, at most :data:`_DAYS_APART` days apart: a date with no session, a
    real Excel date, or in a workbook an Excel serial day number), as written (a real
    Excel date without its midnight); none when the row is not that.  ``twice``: two
    columns per day instead, each date written over both (its first cell's text each)."""
    if twice:
        days = [t for t in texts if _day_text(t, excel) is not None]
        pairs = days[::2]
        if len(days) % 2 or any(
            _day_text(a, excel) != _day_text(b, excel) for a, b in zip(pairs, days[1::2], strict=True)
        ):
            return []
        return _day_columns(pairs, excel, least)
    shown: list[str] = []
    dates: list[dt.date] = []
    for t in texts:
        day = _day_text(t, excel)
        if day is None:
            continue
        wd, rest = split_weekday(day)
        try:
            d = parse_py_date(rest)
            check_weekday(wd, d)
        except ValueError:
            return []
        if d.weekday() >= 5 or (dates and not 0 < (d - dates[-1]).days <= _DAYS_APART):
            return []
        dates.append(d)
        shown.append(t if excel_serial_day(t) else day)
    return shown if len(shown) >= least else []


def headers_found(cells: Sequence[str | None], limit: int = 12) -> str:
    """The non-empty cells of a row for a message: at most ``limit``, each cut at 60
    characters, so a garbage line of thousands of cells still gives one readable line."""
    shown = [c if len(c) <= 60 else c[:59] + "\u2026" for c in cells if c]
    more = f" and {len(shown) - limit} more" if len(shown) > limit else ""
    return ", ".join(repr(c) for c in shown[:limit]) + more or "none"


# ---------------------------------------------------------------------------------------
# Hints in the config file's own syntax


def toml_lines(pairs: Sequence[tuple[str, str]], table: str = "columns") -> str:
    """The ``[table]`` of ``attcli.toml`` mapping each field to a header, exactly as it is to
    be written (a header is a TOML basic string: JSON's escapes are TOML's)."""
    lines = (f"{f} = {json.dumps(h, ensure_ascii=False)}" for f, h in pairs)
    return "\n".join([f"[{table}]", *lines])


def generic_hint(table: str | None) -> str:
    """The hint for a file with no header-like row at all."""
    if table is None:
        return "if it is the right file, give its columns the header names looked for"
    what = "a register export" if table == "columns" else "the right file"
    return (
        f"if this is {what} whose columns have other names, name them in attcli.toml, "
        "e.g.:\n" + toml_lines([("upn", "Pupil ID")], table)
    )


#: Header words that suggest which missing field an unrecognised column may hold.
_AFFINITY = {
    "upn": r"upn|uniquepupil|pupil(no|num|id|ref)",
    "mis_id": r"(^|[a-z])id$|^adno|admission(no|num)",
    "surname": r"surname|lastname|familyname",
    "forename": r"forename|firstname|givenname",
    "name": r"name|pupil|student|learner|child",
    "date": r"date|day",
    "datetime": r"datetime|start",
    "start_time": r"time",
    "session": r"session|ampm|period|half",
    "mark": r"mark|code|att",
    "start_date": r"start|from",
    "marks": r"marks|codes|string",
}


def _code_ids(
    spec: Spec, m: HeaderMatch, sample: Sequence[Sequence[object]], free: Sequence[int]
) -> str:
    """When the mark is missing and a column headed as a mark's or code's id holds whole
    numbers (GO 4 Schools' ``session_mark_id``: an id into the school's list of codes), the
    hint that it holds ids, not codes; else "".  No attendance code is a number, so it is
    never suggested as the mark column (sweep layouts5)."""
    if not any("mark" in alt for r in unmet(m, spec.required) for alt in spec.required[r]):
        return ""
    for i in free:
        key = normalise_header(m.cells[i])
        values = _column_values(sample, i)
        if re.search(r"mark|code", key) and key.endswith("id") and values and all(
            v.isdigit() for v in values
        ):
            shown = ", ".join(dict.fromkeys(values[:12]))
            return (
                f"the column {m.cells[i]!r} holds numbers ({shown}): ids of the MIS's "
                "attendance codes, not the codes; export the codes themselves (in GO 4 "
                "Schools' API, each session_mark_id's code is in its list of attendance "
                "codes)"
            )
    return ""


def columns_hint(spec: Spec, m: HeaderMatch, sample: Sequence[Sequence[object]] = ()) -> str:
    """How to name the missing columns of ``m`` in ``[columns]``, using the header texts of
    the row that are not already read as something.  The mark is never suggested for a
    column whose values (``sample``, the rows below the header) are not code-like."""
    claimed = m.claimed()
    free = [i for i, c in enumerate(m.cells) if c and i not in claimed]

    def fits(f: str, i: int) -> bool:
        if f == "session":
            # a column headed 'AM' or 'PM Mark' holds that session's marks, not sessions;
            # one whose values are none a session's ('AbsenceSessions': counts) holds none
            values = _column_values(sample, i)
            return not _DAY_HALF_CELL.match(m.cells[i]) and (
                not values or any(SESSION_AND_MORE.match(v) for v in values)
            )
        return f != "mark" or _could_be_mark(sample, i)

    # a day's two marks on one row: 'AM' and 'PM', 'AM Mark' and 'PM Mark' (the one the
    # school named the mark in [columns] too: the other half is still there)
    halves = {session_of(m.cells[i].strip()): m.cells[i]
              for i in sorted({*free, *([m.found["mark"]] if "mark" in m.found else [])})
              if _DAY_HALF_CELL.match(m.cells[i])}  # fmt: skip
    if "session" in spec.fields and len(halves) == 2:
        return (
            f"the columns {halves['AM']!r} and {halves['PM']!r} hold each day's two marks on "
            "one row: attcli reads a row per pupil per session (a date, a session and a mark "
            f"column) or a column per session (headed like {SESSION_HEADER_EXAMPLES}): export "
            "the register again in one of those"
        )
    ids = _code_ids(spec, m, sample, free)
    if ids:
        return ids
    used: set[int] = set()
    pairs: list[tuple[str, str]] = []
    wanted: list[str] = []
    for r in unmet(m, spec.required):
        alts = [alt for alt in spec.required[r] if not any(f[0] == "!" for f in alt)]
        wanted.append(alts[0][0])
        for alt in alts:
            picks: list[tuple[str, int]] = []
            for f in alt:
                pattern = _AFFINITY.get(f, f)
                hit = next(
                    (
                        i
                        for i in free
                        if i not in used
                        and i not in (j for _, j in picks)
                        and re.search(pattern, normalise_header(m.cells[i]))
                        and fits(f, i)
                    ),
                    None,
                )
                if hit is None:
                    break
                picks.append((f, hit))
            else:
                pairs += [(f, m.cells[i]) for f, i in picks]
                used.update(i for _, i in picks)
                break
    table = spec.config_table
    if not wanted:  # every named column is there: what is missing is the session columns
        return (
            f"a wide export needs one column per session, headed like {SESSION_HEADER_EXAMPLES}; "
            "export the register again, or give no --preset to have attcli detect the layout"
        )
    if pairs and table is None:
        renames = "; ".join(
            f"{h!r} to {spec.fields[f][0]!r}" for f, h in pairs if spec.fields.get(f)
        )
        return f"if these columns hold them, rename them in the file: {renames}"
    if pairs:
        return (
            "if these columns hold them, tell attcli in attcli.toml (the field, then the "
            "header as the export writes it):\n" + toml_lines(pairs, table)
        )
    free = [i for i in free if fits(wanted[0], i)]
    if free and table is not None:
        return (
            "if a column holds it under another name, tell attcli in attcli.toml (the field, "
            "then the header as the export writes it), e.g.:\n"
            + toml_lines([(wanted[0], m.cells[free[0]])], table)
        )
    if free:
        return f"if a column holds the {wanted[0]}, give it one of the header names looked for"
    return (
        f"the header row has no other column that could hold the {wanted[0]}: export the "
        f"register again with its {wanted[0]} column"
    )


def check_match(
    match: HeaderMatch,
    columns: Mapping[str, str] | None,
    *,
    file: str,
    table: str | None = "columns",
) -> None:
    """Errors for an ambiguous header or a column override naming a header that is not there."""
    u = unit(file)
    for f, hits in match.ambiguous.items():
        names = ", ".join(f"{match.cells[i]!r} (column {i + 1})" for i in hits)
        raise input_error(
            f"{len(hits)} columns could be {f}: {names}",
            file=file,
            line=match.line,
            hint="a field is read from one column: name it in attcli.toml ([columns] "
            f"{f} = \"the header\"), or remove or rename the others in the export",
        )
    name = f"[{table}] in attcli.toml" if table else "the column override"
    for f, header in (columns or {}).items():
        if f not in match.found:
            found = headers_found(match.cells)
            claimed = match.claimed()
            free = [c for i, c in enumerate(match.cells) if c and i not in claimed]
            close = difflib.get_close_matches(header, free, n=1, cutoff=0.5)
            line = f"{f} = {json.dumps(header, ensure_ascii=False)}"
            if close and table:
                hint = "write the header exactly as the export does, in attcli.toml:\n" + (
                    toml_lines([(f, close[0])], table)
                )
            elif table:
                hint = f"correct or remove the line {line} under [{table}] in attcli.toml"
            else:
                hint = "map it to a header the file has"
            raise input_error(
                f"{name} maps {f} to {header!r}, but the header row ({u} {match.line}) has no "
                f"such column. Headers found: {found}",
                file=file,
                line=match.line,
                hint=hint,
            )


def check_override_fields(
    columns: Mapping[str, str] | None, valid: Collection[str], table: str | None = "columns"
) -> None:
    """An unknown field, or two fields mapped to one header, in ``[columns]``."""
    name = f"[{table}]" if table else "the column override"
    seen: dict[str, str] = {}
    for f, header in (columns or {}).items():
        if f not in valid:
            raise input_error(
                f"unknown field {f!r} in {name}",
                hint="valid fields: " + ", ".join(valid),
            )
        key = normalise_header(header)
        if key in seen:
            raise input_error(
                f"{name} maps both {seen[key]} and {f} to the header {header!r}",
                hint="a column holds one field: map each field to its own column"
                + (f", and remove the other line from [{table}] in attcli.toml" if table else ""),
            )
        seen[key] = f
