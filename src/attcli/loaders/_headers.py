"""Header aliases, header-row detection and session-column headers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ._errors import input_error, unit

#: How many rows from the top of a file are searched for the header row.
HEADER_SEARCH_ROWS = 30

# Canonical field -> header aliases, in order of preference (the first alias present wins).
PUPIL_FIELDS: dict[str, tuple[str, ...]] = {
    "upn": ("UPN", "Unique Pupil Number", "Pupil UPN"),
    "surname": ("Legal Surname", "Surname", "Last Name", "Student Last Name"),
    "forename": (
        "Legal Forename",
        "Forename",
        "First Name",
        "Student First Name",
        "Preferred Forename",
    ),
    "name": ("Student", "Pupil", "Name", "Student Name", "Pupil Name"),
    "year_group": ("Year", "Year Group", "NC Year"),
    "reg_group": (
        "Reg Group",
        "Registration Group",
        "Registration Form",
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
    "cla": ("CLA", "Looked After", "LAC", "Child Looked After"),
}
SESSION_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("Date", "Session Date", "Attendance Date"),
    "session": ("Session", "Session Name", "AM/PM"),
    "mark": ("Mark", "Code", "Attendance Mark", "Attendance Code"),
}
LONG_FIELDS: dict[str, tuple[str, ...]] = {**PUPIL_FIELDS, **SESSION_FIELDS}
WIDE_FIELDS: dict[str, tuple[str, ...]] = dict(PUPIL_FIELDS)

#: Requirements: each is a list of alternatives; an alternative is a tuple of fields that
#: must all be present.
NAME_REQUIREMENT = [("surname", "forename"), ("name",)]
LONG_REQUIRED = [[("upn",)], NAME_REQUIREMENT, [("date",)], [("session",)], [("mark",)]]
WIDE_REQUIRED = [[("upn",)], NAME_REQUIREMENT]

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
_SESSION_HEADER = re.compile(
    rf"^\s*(?:{_WEEKDAY_RE})?{_DATE_RE}[\s_-]*\(?(?P<sess>am|pm|morning|afternoon)"
    r"(?:\s*session)?\)?\s*$",
    re.IGNORECASE,
)


def looks_like_session_header(text: object) -> bool:
    return bool(_SESSION_HEADER.match(cell_text(text)))


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


def session_header_date(text: str) -> str | None:
    """The date part of a session column header, as written."""
    m = _SESSION_HEADER.match(text)
    return m["date"] if m else None


def parse_session_header(text: str) -> tuple[dt.date, str]:
    """``'Wed 02/09/2026 AM'`` -> ``(date(2026, 9, 2), 'AM')``; :class:`ValueError` if invalid."""
    m = _SESSION_HEADER.match(text)
    if not m:
        raise ValueError("not a session header")
    date = parse_py_date(m["date"])
    wd = m["wd"].lower() if m["wd"] else None
    check_weekday(wd, date)
    sess = m["sess"].upper()
    return date, {"MORNING": "AM", "AFTERNOON": "PM"}.get(sess, sess)


# ---------------------------------------------------------------------------------------
# Matching headers with aliases


@dataclass
class HeaderMatch:
    """The fields found in one candidate header row."""

    line: int  # first line (or row) of the header
    end_line: int  # last line of the header (a quoted header cell may span lines)
    cells: list[str]
    found: dict[str, int]  # field -> column index
    ambiguous: dict[str, list[int]] = field(default_factory=dict)
    session_columns: list[int] = field(default_factory=list)

    def has(self, *fields: str) -> bool:
        return all(f in self.found for f in fields)

    @property
    def width(self) -> int:
        """Columns up to the last non-empty header cell."""
        return max((i + 1 for i, c in enumerate(self.cells) if c), default=0)


def field_aliases(
    fields: Mapping[str, Sequence[str]], columns: Mapping[str, str] | None
) -> dict[str, tuple[str, ...]]:
    out = {k: tuple(v) for k, v in fields.items()}
    for k, header in (columns or {}).items():
        out[k] = (header,)
    return out


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
        for alias in aliases[f]:
            hits = [i for i in index.get(normalise_header(alias), []) if i not in claimed]
            if hits:
                found[f] = hits[0]
                if len(hits) > 1:
                    ambiguous[f] = hits
                claimed.update(hits)
                break
    session_columns = []
    if sessions:
        session_columns = [
            i for i, t in enumerate(texts) if i not in claimed and looks_like_session_header(t)
        ]
    return HeaderMatch(line, end_line, texts, found, ambiguous, session_columns)


def unmet(match: HeaderMatch, required: Sequence[Sequence[tuple[str, ...]]]) -> list[int]:
    """Indexes of the requirements ``match`` does not meet."""
    return [i for i, alts in enumerate(required) if not any(match.has(*alt) for alt in alts)]


def describe_requirement(
    alts: Sequence[tuple[str, ...]], aliases: Mapping[str, Sequence[str]]
) -> str:
    def one(f: str) -> str:
        return f"{f} (looked for: {', '.join(repr(a) for a in aliases[f])})"

    if len(alts) == 1 and len(alts[0]) == 1:
        return one(alts[0][0])
    parts = [" and ".join(one(f) for f in alt) for alt in alts]
    return "pupil name: " + "; or ".join(parts)


@dataclass
class Spec:
    """What a header row must hold for one shape."""

    shape: str  # "long" | "wide" | "table"
    fields: Mapping[str, Sequence[str]]
    required: list[list[tuple[str, ...]]]
    sessions: bool = False  # needs at least one session column (wide)

    def describe(self) -> str:
        return {
            "long": "a long register (one row per pupil per session)",
            "wide": "a wide register (one column per session)",
        }.get(self.shape, "the table")


def find_header(
    head: Sequence[tuple[int, int, list[str | None]]],
    specs: Sequence[Spec],
    columns: Mapping[str, str] | None,
    *,
    file: str,
) -> tuple[Spec, HeaderMatch]:
    """The first row (within the first rows of ``head``) that meets one of ``specs``."""
    rows = [r for r in head if any(cell_text(c) for c in r[2])][:HEADER_SEARCH_ROWS]
    u = unit(file)
    if not rows:
        raise input_error(
            "the file is empty: no header row and no data rows",
            file=file,
            hint="export the register again, with its header row",
        )
    best: tuple[int, int, Spec, HeaderMatch] | None = None
    for line, end, cells in rows:
        for spec in specs:
            m = match_row(
                cells, spec.fields, columns, line=line, end_line=end, sessions=spec.sessions
            )
            missing = unmet(m, spec.required)
            if spec.sessions and not m.session_columns:
                missing.append(-1)
            if not missing:
                return spec, m
            score = len(m.found) + len(m.session_columns)
            if best is None or score > best[0]:
                best = (score, -len(missing), spec, m)
    assert best is not None
    score, _, spec, m = best
    chosen = [spec]
    if score == 0:
        # No row looks like a header: show the first row, and say what each shape needs.
        chosen = list(specs)
        m = match_row(rows[0][2], {}, None, line=rows[0][0], end_line=rows[0][1], sessions=False)

    def needs(s: Spec) -> str:
        aliases = field_aliases(s.fields, columns)
        parts = [describe_requirement(s.required[i], aliases) for i in unmet(m, s.required)]
        if s.sessions and not m.session_columns:
            parts.append(f"session columns (headers like {SESSION_HEADER_EXAMPLES})")
        return "; ".join(parts)

    found = headers_found(m.cells)
    where = f"the first {HEADER_SEARCH_ROWS} {u}s" if len(rows) > 1 else f"{u} {m.line}"
    what = ". Or, for ".join(f"{s.describe()}, missing {needs(s)}" for s in chosen)
    raise input_error(
        f"no header row found in {where}. For {what}. Headers found on {u} {m.line}: {found}",
        file=file,
        line=m.line,
        hint="if a column has another name in this export, map it with a column override "
        "(canonical field -> header text), e.g. {'upn': 'Pupil ID'}",
    )


def headers_found(cells: Sequence[str | None], limit: int = 12) -> str:
    """The non-empty cells of a row for a message: at most ``limit``, each cut at 60
    characters, so a garbage line of thousands of cells still gives one readable line."""
    shown = [c if len(c) <= 60 else c[:59] + "\u2026" for c in cells if c]
    more = f" and {len(shown) - limit} more" if len(shown) > limit else ""
    return ", ".join(repr(c) for c in shown[:limit]) + more or "none"


def check_match(match: HeaderMatch, columns: Mapping[str, str] | None, *, file: str) -> None:
    """Errors for an ambiguous header or a column override naming a header that is not there."""
    u = unit(file)
    for f, hits in match.ambiguous.items():
        names = ", ".join(f"{match.cells[i]!r} (column {i + 1})" for i in hits)
        raise input_error(
            f"{len(hits)} columns could be {f}: {names}",
            file=file,
            line=match.line,
            hint=f"remove one, or name the right one with a column override {{'{f}': ...}}",
        )
    for f, header in (columns or {}).items():
        if f not in match.found:
            found = headers_found(match.cells)
            raise input_error(
                f"the column override maps {f} to {header!r}, but the header row "
                f"({u} {match.line}) has no such column. Headers found: {found}",
                file=file,
                line=match.line,
            )


def check_override_fields(columns: Mapping[str, str] | None, valid: Collection[str]) -> None:
    for f in columns or {}:
        if f not in valid:
            raise input_error(
                f"unknown field {f!r} in the column override",
                hint="valid fields: " + ", ".join(valid),
            )
