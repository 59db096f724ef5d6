"""The summary file (``attcli-summary``, version 5; versions 1 to 4 are read too): reading
it back, checked.

:func:`load_summary` reads a file a school sent and refuses, in one line naming the file
and the key, anything that is not a summary as attcli writes it (version 5, 4, 3, 2 or 1): not JSON, not a
summary, a newer version, a key missing or not part of the format, a count that is not a
whole number of at least 0, figures that do not add up (attended, authorised and
unauthorised sessions make the possible sessions; year groups, weeks and weekday sessions
add up to the school's totals; a cohort and the rest of the school are within it), and any
text outside the format's closed lists (cohort names, weekdays).  So a file that passes
holds counts and the school's own details, and nothing a hand could have added.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, NoReturn

from attcli.errors import AttcliError, shown
from attcli.percent import PA_AT_MOST, SA_AT_MOST  # the national lines, defined once

FORMAT = "attcli-summary"
#: Version 2 adds ``totals.stale_n`` (N codes older than the school days the school
#: allows to replace them); a version-1 summary (from an attcli before it) is read with
#: that count not known.  Version 3 adds ``definitions.n_within_days``, those school days
#: (``[thresholds] n_within_days``): a version-2 summary is read with it not known.
#: Version 4 adds ``totals.legacy_codes``: the sessions the figures count of each legacy
#: code (``H`` ``F`` ``J`` ``Y``, DOMAIN.md 1: counted as when in use, "and say so"), and
#: how many of them were recorded on or after 19 August 2024, when they were no longer in
#: use; a summary before it is read with them not known.  Version 5 adds each week's
#: ``missing_marks`` (sessions with no mark recorded that week, left out of possible: they
#: add up to ``totals.missing_marks``), and a week of missing marks only (the register not
#: taken, or not exported) is a row with its school days and no session, where version 4
#: had no row for it, as for a holiday: a summary before it is read with them not known.
VERSION = 5
#: What the file says about itself, for whoever opens it.
ABOUT = (
    "Attendance counts for one school from attcli: no names, UPNs, dates of birth or "
    "pupil-level dates. Counts are exact, small groups included: show them only with "
    "small-number suppression (attcli report --trust)."
)
#: Files larger than this are not summaries (a summary of a whole year is 10 to 15 KB).
MAX_BYTES = 5_000_000

SESSION_FIELDS = ("possible", "attended", "authorised", "unauthorised")
PUPIL_FIELDS = ("pupils", "banded", "pa", "sa")
COUNT_FIELDS = (*PUPIL_FIELDS, *SESSION_FIELDS)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SESSIONS = ("AM", "PM")
#: The gender cohort of every value other than female and male (the values are not written).
OTHER_GENDER = "Other"
#: The cohorts a summary may hold, by attribute (the report's, gender as above).
COHORTS: dict[str, tuple[str, ...]] = {
    "gender": ("Female", "Male", OTHER_GENDER),
    "sen": ("SEN support", "EHC plan", "Any SEN"),
    "fsm": ("Free school meals (FSM)",),
    "pupil_premium": ("Pupil premium",),
    "eal": ("English as an additional language (EAL)",),
    "cla": ("Looked-after children (CLA)",),
}
YEAR_GROUPS = (
    "E1", "E2", "N1", "N2", "R", *(str(i) for i in range(1, 15)), "X",
)  # fmt: skip

_TOP = (
    "format", "version", "about", "generated", "attcli_version", "school", "period", "definitions",
    "totals", "bands", "previous", "year_groups", "cohorts", "weeks", "weekday_sessions",
)  # fmt: skip
_SCHOOL = ("name", "urn", "dfe_number", "local_authority")
_PERIOD = ("start", "as_of", "half_term", "complete", "coverage_note")
_DEFINITIONS_V2 = ("min_possible_sessions", "pa_at_most_pct", "sa_at_most_pct")
_DEFINITIONS = (*_DEFINITIONS_V2, "n_within_days")
_TOTALS_V1 = (*COUNT_FIELDS, "on_roll", "no_band", "missing_marks")
_TOTALS_V2 = (*_TOTALS_V1, "stale_n")
_TOTALS = (*_TOTALS_V2, "legacy_codes")
#: the legacy codes a summary may count (codes.LEGACY_CODES), and each one's keys
LEGACY = ("H", "F", "J", "Y")
_LEGACY_KEYS = ("code", "sessions", "since_2024_08_19")
_WEEK_V4 = ("week_start", "school_days", *SESSION_FIELDS)
_WEEK = (*_WEEK_V4, "missing_marks")


class SummaryError(AttcliError):
    """A summary file that cannot be used: names the file and the key."""

    def __init__(self, file: str, message: str, key: str | None = None) -> None:
        self.file = file
        self.key = key
        named = shown(file)  # (a line break in its name: still one line)
        where = f"{named}: key {key!r}: " if key else f"{named}: "
        super().__init__(where + message)


# --------------------------------------------------------------------------- what it holds


@dataclass(frozen=True)
class SessionCounts:
    """The sessions of a week or of a weekday's AM or PM: not a group of pupils (a pupil has
    many), so no pupil counts."""

    possible: int
    attended: int
    authorised: int
    unauthorised: int

    def __add__(self, other: SessionCounts) -> SessionCounts:
        return type(self)(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Counts:
    """A group of pupils: how many, with a band (``banded``: enough possible sessions),
    persistently (``pa``) and severely (``sa``) absent, and their sessions."""

    pupils: int
    banded: int
    pa: int
    sa: int
    possible: int
    attended: int
    authorised: int
    unauthorised: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f) + getattr(other, f) for f in COUNT_FIELDS))

    @classmethod
    def zero(cls) -> Counts:
        return cls(*(0 for _ in COUNT_FIELDS))


@dataclass(frozen=True)
class Cohort:
    attribute: str
    cohort: str
    #: pupils whose value of the attribute is not known: in neither members nor rest
    unknown: int
    members: Counts
    rest: Counts


@dataclass(frozen=True)
class BandCount:
    band: str
    rule: str
    pupils: int


@dataclass(frozen=True)
class Previous:
    """The same totals as of the end of the previous half term (year to date then)."""

    as_of: dt.date
    half_term: str
    totals: Counts


@dataclass(frozen=True)
class Summary:
    """A summary read back and checked (:func:`load_summary`)."""

    source: str
    version: int
    generated: dt.date
    attcli_version: str
    name: str
    urn: str
    dfe_number: str | None
    local_authority: str | None
    period_start: dt.date
    as_of: dt.date
    half_term: str | None
    #: the exports covered the period (else figures are for part of it, with no band)
    complete: bool
    coverage_note: str | None
    min_possible_sessions: int
    totals: Counts
    on_roll: int
    no_band: int
    missing_marks: int
    #: N codes older than ``n_within_days`` school days at the as-of date (None: a
    #: version-1 summary)
    stale_n: int | None
    #: the school days the school allows to replace an N with its reason (``[thresholds]
    #: n_within_days``; None: a summary before version 3, which does not say)
    n_within_days: int | None
    bands: tuple[BandCount, ...]
    previous: Previous | None
    #: year group ("7", "R", None: not known) -> counts, in the file's order
    year_groups: dict[str | None, Counts]
    cohorts: tuple[Cohort, ...]
    #: Monday of each week -> (school days that week, counts); from version 5 a week of
    #: missing marks only is among them, with no session (:attr:`week_missing`)
    weeks: dict[dt.date, tuple[int, SessionCounts]]
    #: (weekday, "AM" | "PM") -> counts
    weekday_sessions: dict[tuple[str, str], SessionCounts]
    #: the document as read
    document: dict[str, Any]
    #: legacy code -> (sessions the figures count, of them recorded on or after 19 August
    #: 2024); None: a summary before version 4, which does not say
    legacy_codes: dict[str, tuple[int, int]] | None = None
    #: Monday of each week of :attr:`weeks` -> its sessions with no mark recorded (left out
    #: of its possible sessions); None: a summary before version 5, which does not say
    week_missing: dict[dt.date, int] | None = None


# --------------------------------------------------------------------------- reading


def looks_like_summary(path: str | Path) -> bool:
    """Whether ``path`` is a summary, not an export: a ``.json`` file (exports are CSV or
    workbooks; :func:`load_summary` says why one is no summary, or cannot be read), or one
    that starts like a summary (its first 4 KB name the format), whatever its name."""
    if Path(path).suffix.lower() == ".json":
        # (never an export, which is CSV or a workbook: another JSON file, attcli check's,
        # is said to be no summary, not taken for an export "no [schools.KEY] says whose")
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return f'"{FORMAT}"'.encode() in head and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def load_summary(path: str | Path) -> Summary:
    """Read and check a summary file (see the module's docstring)."""
    file = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise SummaryError(
                file, f"not a summary: {size:,} bytes is far larger than a summary is"
            )
        raw = p.read_bytes()
    except OSError as exc:
        raise SummaryError(file, f"cannot read it: {exc.strerror}") from None
    if not raw.strip():  # (a copy not yet brought down, a write that failed: not "not JSON")
        raise SummaryError(
            file, "the file is empty (0 bytes), not a summary: make it again with attcli summary"
            if not raw else "the file is blank, not a summary: make it again with attcli summary",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SummaryError(file, "not a summary: not UTF-8 text") from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise SummaryError(
            file, f"not a summary: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except _Duplicate as exc:
        raise SummaryError(file, f"the key {exc.args[0]!r} is given twice") from None
    return parse_summary(doc, file)


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Duplicate(k)
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number JSON allows", name, 0)


def parse_summary(doc: Any, source: str = "summary") -> Summary:
    """Check a summary document (as :func:`attcli.summary.build_summary` makes it, or as read
    from a file) and return it as a :class:`Summary`."""
    r = _Reader(source)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SummaryError(source, f'not an attcli summary (no "format": "{FORMAT}")')
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SummaryError(source, f"expected a whole number, got {version!r}", "version")
    if version > VERSION:
        raise SummaryError(
            source,
            f"version {version} was made by a newer attcli than this one, which reads version "
            f"{VERSION}: update attcli",
            "version",
        )
    if version < 1:
        raise SummaryError(source, f"there is no version {version}", "version")
    r.version = version
    r.keys(doc, "", _TOP)
    r.text(doc["about"], "about")
    generated = r.date(doc["generated"], "generated")
    attcli_version = r.text(doc["attcli_version"], "attcli_version")

    school = r.keys(doc["school"], "school", _SCHOOL)
    name = r.text(school["name"], "school.name")
    urn = r.text(school["urn"], "school.urn")
    dfe = r.text(school["dfe_number"], "school.dfe_number", null=True)
    la = r.text(school["local_authority"], "school.local_authority", null=True)

    period = r.keys(doc["period"], "period", _PERIOD)
    start = r.date(period["start"], "period.start")
    as_of = r.date(period["as_of"], "period.as_of")
    if as_of < start:
        r.fail("period.as_of", f"{as_of} is before period.start ({start})")
    half_term = r.text(period["half_term"], "period.half_term", null=True)
    complete = r.flag(period["complete"], "period.complete")
    coverage_note = r.text(period["coverage_note"], "period.coverage_note", null=True)

    defs = r.keys(doc["definitions"], "definitions", _DEFINITIONS if version >= 3 else _DEFINITIONS_V2)
    minimum = r.count(defs["min_possible_sessions"], "definitions.min_possible_sessions")
    n_days = r.count(defs["n_within_days"], "definitions.n_within_days") if version >= 3 else None
    for key, line in (("pa_at_most_pct", PA_AT_MOST), ("sa_at_most_pct", SA_AT_MOST)):
        if defs[key] != line or isinstance(defs[key], bool):
            r.fail(f"definitions.{key}", f"expected {line} (the national line), got {defs[key]!r}")

    t = r.keys(
        doc["totals"], "totals", _TOTALS if version >= 4 else _TOTALS_V2 if version >= 2 else _TOTALS_V1
    )
    totals = r.counts(t, "totals")
    on_roll = r.count(t["on_roll"], "totals.on_roll")
    no_band = r.count(t["no_band"], "totals.no_band")
    missing = r.count(t["missing_marks"], "totals.missing_marks")
    stale_n = r.count(t["stale_n"], "totals.stale_n") if version >= 2 else None
    legacy: dict[str, tuple[int, int]] | None = None
    if version >= 4:
        legacy = {}
        for i, item in enumerate(r.items(t["legacy_codes"], "totals.legacy_codes")):
            key = f"totals.legacy_codes[{i}]"
            item = r.keys(item, key, _LEGACY_KEYS)
            code = r.choice(item["code"], f"{key}.code", LEGACY)
            n = r.count(item["sessions"], f"{key}.sessions")
            late = r.count(item["since_2024_08_19"], f"{key}.since_2024_08_19")
            if n < 1:
                r.fail(f"{key}.sessions", "a code listed is on 1 session or more")
            if late > n:
                r.fail(f"{key}.since_2024_08_19", f"{late} is more than its sessions ({n})")
            if code in legacy:
                r.fail(f"{key}.code", f"{code} is listed twice")
            legacy[code] = (n, late)
    for key, value in (("on_roll", on_roll), ("no_band", no_band)):
        if value > totals.pupils:
            r.fail(f"totals.{key}", f"{value} is more than totals.pupils ({totals.pupils})")
    # every pupil has a band or is counted in no_band (attcli.summary.build): a banded
    # count edited apart from them would be the PA rate's denominator, and the trust's
    if totals.banded + no_band != totals.pupils:
        r.fail(
            "totals.banded",
            f"{totals.banded}, but totals.no_band ({no_band}) leaves "
            f"{totals.pupils - no_band} of totals.pupils ({totals.pupils}) with a band",
        )

    bands = []
    for i, b in enumerate(r.items(doc["bands"], "bands")):
        key = f"bands[{i}]"
        b = r.keys(b, key, ("band", "rule", "pupils"))
        bands.append(
            BandCount(
                r.text(b["band"], f"{key}.band"),
                r.text(b["rule"], f"{key}.rule"),
                r.count(b["pupils"], f"{key}.pupils"),
            )
        )
    r.unique([b.band for b in bands], "bands", "band")
    in_bands = sum(b.pupils for b in bands) + no_band
    if in_bands != totals.pupils:
        r.fail(
            "bands",
            f"the bands' pupils and totals.no_band add up to {in_bands}, not totals.pupils "
            f"({totals.pupils})",
        )

    previous = None
    if doc["previous"] is not None:
        p = r.keys(doc["previous"], "previous", ("as_of", "half_term", *COUNT_FIELDS))
        prev_as_of = r.date(p["as_of"], "previous.as_of")
        if prev_as_of >= as_of:
            r.fail("previous.as_of", f"{prev_as_of} is not before period.as_of ({as_of})")
        previous = Previous(
            prev_as_of, r.text(p["half_term"], "previous.half_term"), r.counts(p, "previous")
        )

    year_groups: dict[str | None, Counts] = {}
    for i, y in enumerate(r.items(doc["year_groups"], "year_groups")):
        key = f"year_groups[{i}]"
        y = r.keys(y, key, ("year_group", *COUNT_FIELDS))
        group = r.choice(y["year_group"], f"{key}.year_group", YEAR_GROUPS, null=True)
        if group in year_groups:
            r.fail(f"{key}.year_group", f"year group {group!r} is listed twice")
        year_groups[group] = r.counts(y, key)
    r.adds_up(year_groups.values(), totals, "year_groups", COUNT_FIELDS)

    cohorts = []
    seen: set[tuple[str, str]] = set()
    for i, c in enumerate(r.items(doc["cohorts"], "cohorts")):
        key = f"cohorts[{i}]"
        c = r.keys(c, key, ("attribute", "cohort", "unknown", "members", "rest"))
        attr = r.choice(c["attribute"], f"{key}.attribute", tuple(COHORTS))
        label = r.choice(c["cohort"], f"{key}.cohort", COHORTS[attr])
        if (attr, label) in seen:
            r.fail(f"{key}.cohort", f"{label!r} is listed twice")
        seen.add((attr, label))
        unknown = r.count(c["unknown"], f"{key}.unknown")
        members = r.counts(r.keys(c["members"], f"{key}.members", COUNT_FIELDS), f"{key}.members")
        rest = r.counts(r.keys(c["rest"], f"{key}.rest", COUNT_FIELDS), f"{key}.rest")
        if members.pupils + rest.pupils + unknown != totals.pupils:
            r.fail(
                key,
                f"members.pupils + rest.pupils + unknown is "
                f"{members.pupils + rest.pupils + unknown}, not totals.pupils ({totals.pupils})",
            )
        for f in COUNT_FIELDS:
            both = getattr(members, f) + getattr(rest, f)
            if both > getattr(totals, f):
                r.fail(
                    f"{key}.members.{f}",
                    f"members and rest make {both}, more than totals.{f} ({getattr(totals, f)})",
                )
            if not unknown and both != getattr(totals, f):
                # every pupil's value known: a cohort and its rest are every pupil, so they
                # make the totals exactly (a total edited alone, a PA count say, shows here)
                r.fail(
                    f"{key}.members.{f}",
                    f"members and rest make {both}, not totals.{f} ({getattr(totals, f)}), "
                    f"and no pupil's value is unknown ({key}.unknown 0)",
                )
        cohorts.append(Cohort(attr, label, unknown, members, rest))

    weeks: dict[dt.date, tuple[int, SessionCounts]] = {}
    week_missing: dict[dt.date, int] | None = {} if version >= 5 else None
    for i, w in enumerate(r.items(doc["weeks"], "weeks")):
        key = f"weeks[{i}]"
        w = r.keys(w, key, _WEEK if version >= 5 else _WEEK_V4)
        monday = r.date(w["week_start"], f"{key}.week_start")
        if monday.weekday() != 0:
            r.fail(f"{key}.week_start", f"{monday} is not a Monday")
        if not start - dt.timedelta(days=6) <= monday <= as_of:
            r.fail(f"{key}.week_start", f"the week of {monday} is outside the period")
        if monday in weeks:
            r.fail(f"{key}.week_start", f"the week of {monday} is listed twice")
        days = r.count(w["school_days"], f"{key}.school_days")
        if not 1 <= days <= 7:
            r.fail(f"{key}.school_days", f"expected 1 to 7 days, got {days}")
        weeks[monday] = (days, r.sessions(w, key))
        if week_missing is not None:
            week_missing[monday] = r.count(w["missing_marks"], f"{key}.missing_marks")
            if not weeks[monday][1].possible and not week_missing[monday]:
                r.fail(
                    key,
                    "no possible session and no missing mark: a week with neither is no "
                    "school week (a holiday has no row)",
                )
    r.adds_up([c for _, c in weeks.values()], totals, "weeks", SESSION_FIELDS)
    if week_missing is not None and sum(week_missing.values()) != missing:
        r.fail(
            "weeks",
            f"their missing_marks add up to {sum(week_missing.values())}, not "
            f"totals.missing_marks ({missing})",
        )

    cells: dict[tuple[str, str], SessionCounts] = {}
    for i, s in enumerate(r.items(doc["weekday_sessions"], "weekday_sessions")):
        key = f"weekday_sessions[{i}]"
        s = r.keys(s, key, ("weekday", "session", *SESSION_FIELDS))
        cell = (
            r.choice(s["weekday"], f"{key}.weekday", WEEKDAYS),
            r.choice(s["session"], f"{key}.session", SESSIONS),
        )
        if cell in cells:
            r.fail(key, f"{cell[0]} {cell[1]} is listed twice")
        cells[cell] = r.sessions(s, key)
    r.adds_up(cells.values(), totals, "weekday_sessions", SESSION_FIELDS)

    return Summary(
        source=source,
        version=version,
        generated=generated,
        attcli_version=attcli_version,
        name=name,
        urn=urn,
        dfe_number=dfe,
        local_authority=la,
        period_start=start,
        as_of=as_of,
        half_term=half_term,
        complete=complete,
        coverage_note=coverage_note,
        min_possible_sessions=minimum,
        totals=totals,
        on_roll=on_roll,
        no_band=no_band,
        missing_marks=missing,
        stale_n=stale_n,
        n_within_days=n_days,
        legacy_codes=legacy,
        bands=tuple(bands),
        previous=previous,
        year_groups=year_groups,
        cohorts=tuple(cohorts),
        weeks=weeks,
        week_missing=week_missing,
        weekday_sessions=cells,
        document=doc,
    )


class _Reader:
    """Checks values, each failure one line naming the file and the key."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.version = VERSION  # the document's, once read

    def fail(self, key: str, message: str) -> NoReturn:
        raise SummaryError(self.source, message, key or None)

    def keys(self, value: Any, key: str, expected: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, f"expected an object with {', '.join(expected)}")
        dot = f"{key}." if key else ""
        for k in expected:
            if k not in value:
                self.fail(f"{dot}{k}", "missing")
        for k in value:
            if k not in expected:
                self.fail(f"{dot}{k}", f"not part of a version-{self.version} summary")
        return value

    def items(self, value: Any, key: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(key, "expected a list")
        return value

    def count(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"expected a count (a whole number), got {value!r}")
        if value < 0:
            self.fail(key, f"a count cannot be negative, got {value}")
        return value

    def flag(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return value

    def text(self, value: Any, key: str, null: bool = False) -> Any:
        if value is None and null:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected text, got {value!r}")
        if len(value) > 1000:
            self.fail(key, f"expected a short text, got {len(value):,} characters")
        return value

    def choice(self, value: Any, key: str, allowed: tuple[str, ...], null: bool = False) -> Any:
        if value is None and null:
            return None
        if value not in allowed:
            self.fail(key, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def date(self, value: Any, key: str) -> dt.date:
        if isinstance(value, str) and len(value) == 10:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(key, f"expected a date YYYY-MM-DD, got {value!r}")

    def unique(self, values: list[str], key: str, what: str) -> None:
        if len(set(values)) != len(values):
            twice = next(v for v in values if values.count(v) > 1)
            self.fail(key, f"{what} {twice!r} is listed twice")

    def _sessions_add_up(self, obj: Mapping[str, Any], key: str) -> None:
        possible, attended = obj["possible"], obj["attended"]
        if attended > possible:
            self.fail(f"{key}.attended", f"{attended} is more than {key}.possible ({possible})")
        made = attended + obj["authorised"] + obj["unauthorised"]
        if made != possible:
            self.fail(
                f"{key}.possible",
                f"{possible}, but attended + authorised + unauthorised is {made}",
            )

    def counts(self, obj: Mapping[str, Any], key: str) -> Counts:
        values = {f: self.count(obj[f], f"{key}.{f}") for f in COUNT_FIELDS}
        self._sessions_add_up(values, key)
        for small, big in (("banded", "pupils"), ("pa", "banded"), ("sa", "pa")):
            if values[small] > values[big]:
                self.fail(
                    f"{key}.{small}",
                    f"{values[small]} is more than {key}.{big} ({values[big]})",
                )
        if values["pupils"] == 0 and values["possible"]:
            self.fail(f"{key}.possible", f"{values['possible']} sessions for no pupil")
        return Counts(**values)

    def sessions(self, obj: Mapping[str, Any], key: str) -> SessionCounts:
        values = {f: self.count(obj[f], f"{key}.{f}") for f in SESSION_FIELDS}
        self._sessions_add_up(values, key)
        return SessionCounts(**values)

    def adds_up(
        self, parts: Iterable[Any], totals: Counts, key: str, measures: tuple[str, ...]
    ) -> None:
        parts = list(parts)
        for f in measures:
            total = sum(getattr(p, f) for p in parts)
            if total != getattr(totals, f):
                self.fail(
                    key, f"their {f} add up to {total}, not totals.{f} ({getattr(totals, f)})"
                )
