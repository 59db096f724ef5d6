"""The DfE's published absence figures the report compares a school with (issue 18).

Three layers; the first of these that exists is used, whole (never mixed figure by figure):

1. ``[report.national]`` in attcli.toml (:mod:`attcli.report_settings`), as before;
2. the workspace's ``attcli-national.csv``, written by ``attcli national update FILE.csv``
   from a CSV downloaded from explore-education-statistics (national and local authority
   rows, by phase);
3. the table shipped with attcli (``attcli/data/national.csv``): the latest full-year and
   in-year figures read from the DfE's pages, each row naming the page it was read from.

Both tables have one layout (:data:`COLUMNS`): a figure a line, with its release, period,
publication date and source.  Figures are kept exactly as published; the report shows
attendance as 100 - the overall absence rate, to at most two decimal places.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from attcli.errors import AttcliError, InputError, missing_file_hint, refuse_device
from attcli.errors import shown as shown_path  # (``shown``: the periods said, below)
from attcli.percent import threshold_text

if TYPE_CHECKING:
    from attcli.config import Config
    from attcli.report_settings import National

#: The workspace's table, beside attcli.toml.
WORKSPACE_NAME = "attcli-national.csv"
#: The table's columns, shipped and workspace alike.
COLUMNS = (
    "release",
    "period",
    "kind",
    "published",
    "url",
    "area",
    "area_name",
    "phase",
    "measure",
    "value",
    "page",
)
PHASES = ("primary", "secondary", "special", "all")
#: absence = overall absence rate; pa = persistent absence (10 % or more of sessions missed),
#: sa = severe absence (50 % or more), unauthorised = unauthorised absence rate.
MEASURES = ("absence", "pa", "sa", "unauthorised")
KINDS = ("full-year", "in-year")
NATIONAL = "national"

PHASE_LABELS = {
    "primary": "state-funded primary schools",
    "secondary": "state-funded secondary schools",
    "special": "special schools",
    "all": "all state-funded primary, secondary and special schools",
}
MEASURE_LABELS = {
    "absence": "overall absence",
    "pa": "persistent absence",
    "sa": "severe absence",
    "unauthorised": "unauthorised absence",
}
_EES = "https://explore-education-statistics.service.gov.uk/find-statistics/"
#: The two publications ``attcli national update`` reads, by the columns their files have.
PUBLICATIONS = {
    "absence": (
        "Pupil absence in schools in England",
        _EES + "pupil-absence-in-schools-in-england",
    ),
    "attendance": ("Pupil attendance in schools", _EES + "pupil-attendance-in-schools"),
}

# ----------------------------------------------------------------- the EES files' layout
#
# "Pupil absence in schools in England" (school census), e.g. "Absence rates by geographic
# level": time_period (202324), time_identifier (Academic year, Autumn term, ...),
# geographic_level (National, Regional, Local authority), country_code, country_name,
# region_code, region_name, old_la_code (999), new_la_code, la_name, education_phase (older
# files: school_type) = Total | State-funded primary | State-funded secondary | Special,
# then sess_overall_percent, sess_authorised_percent, sess_unauthorised_percent,
# enrolments_pa_10_exact_percent, enrolments_pa_50_exact_percent, ...
# "Pupil attendance in schools" (daily data): the same geography columns, education_phase
# or school_type = All schools | Total | Primary | Secondary | Special, then attendance_perc,
# overall_absence_perc, unauthorised_absence_perc, pa_perc (or persistent_absence_percent,
# with time_frame = Year to date).

_PHASE_NAMES = {
    "total": "all",
    "all schools": "all",
    "state-funded primary": "primary",
    "primary": "primary",
    "state-funded secondary": "secondary",
    "secondary": "secondary",
    "special": "special",
    "state-funded special": "special",
}
#: Each measure's column, in order of preference.
_MEASURE_COLUMNS = {
    "absence": ("sess_overall_percent", "overall_absence_perc"),
    "pa": ("enrolments_pa_10_exact_percent", "pa_perc", "persistent_absence_percent"),
    "sa": ("enrolments_pa_50_exact_percent",),
    "unauthorised": ("sess_unauthorised_percent", "unauthorised_absence_perc"),
}
_CENSUS_COLUMNS = ("sess_overall_percent", "enrolments_pa_10_exact_percent")
_ATTENDANCE = "attendance_perc"  # absence = 100 - this, when the file has no absence column
#: The daily data set's column ("Pupil attendance in schools", ees_daily_data.csv).
_DAILY = "attendance_date"
#: A week's time_identifier ("Week 2"): the weekly data set's, unless time_frame says
#: "Year to date".
_WEEK = re.compile(r"\s*week\s+\d{1,2}\s*", re.IGNORECASE)
#: EES's symbols for a figure not shown (suppressed, not applicable, not available, ...).
_NOT_SHOWN = {"", "x", "c", "z", "u", "low", ":"}
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Release:
    """One DfE release: what it is, the period it covers, when it was published, where."""

    name: str
    period: str
    kind: str  # "full-year" | "in-year"
    published: dt.date | None
    url: str

    @property
    def date_text(self) -> str:
        if self.published is None:
            return "publication date not recorded"
        return f"published {self.published.day} {self.published:%B %Y}"

    def cite(self) -> str:
        """``DfE, NAME, PERIOD, published D MONTH YYYY``."""
        return f"DfE, {self.name}, {self.period}, {self.date_text}"


@dataclass(frozen=True)
class Figure:
    """One published percentage."""

    release: Release
    area: str  # "national" or a three-digit local authority code
    area_name: str
    phase: str
    measure: str
    value: Decimal
    page: str  # where it was read: a web page, or "FILE, line N"


@dataclass(frozen=True)
class Table:
    """The figures attcli has: shipped, or the workspace's (``path``)."""

    figures: tuple[Figure, ...]
    path: Path | None = None  # None: the table shipped with attcli

    @property
    def origin(self) -> str:
        if self.path is None:
            return "shipped with attcli"
        return f"{self.path} (loaded by `attcli national update`)"

    @property
    def label(self) -> str:
        """:attr:`origin` without a folder (the report's governors' version names none)."""
        if self.path is None:
            return "shipped with attcli"
        return f"{self.path.name} in the school's workspace (`attcli national update`)"

    def releases(self) -> list[Release]:
        return list(dict.fromkeys(f.release for f in self.figures))

    def preferred(self) -> Release | None:
        """The release the report uses: the first full-year release, else the first."""
        rels = self.releases()
        return next((r for r in rels if r.kind == "full-year"), rels[0] if rels else None)

    def get(self, release: Release, area: str, phase: str, measure: str) -> Figure | None:
        for f in self.figures:
            if (f.release, f.area, f.phase, f.measure) == (release, area, phase, measure):
                return f
        return None

    def areas(self, release: Release) -> dict[str, str]:
        """Local authority code -> name, for the release."""
        return {
            f.area: f.area_name for f in self.figures if f.release == release and f.area != NATIONAL
        }


# --------------------------------------------------------------------------- the tables


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    return dt.date.fromisoformat(text)


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value <= _HUNDRED else None


def parse_table(text: str, name: str | Path) -> tuple[Figure, ...]:
    """The figures of a table in attcli's layout (:data:`COLUMNS`, after any ``#`` comment
    lines); anything wrong is an :class:`InputError` naming the file, line and column."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    reader = csv.reader(lines[start:])
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != list(COLUMNS):
        raise InputError(
            f"not an attcli table of national figures: expected the columns {', '.join(COLUMNS)}",
            file=name,
            line=start + 1,
        )
    releases: dict[str, tuple[Release, int]] = {}
    seen: dict[tuple[str, str, str, str], int] = {}
    figures: list[Figure] = []
    for n, row in enumerate(reader, start + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise InputError(f"expected {len(COLUMNS)} values, found {len(row)}", file=name, line=n)
        rec = dict(zip(COLUMNS, (cell.strip() for cell in row), strict=True))

        def bad(column: str, message: str, rec: dict[str, str] = rec, n: int = n) -> InputError:
            return InputError(message, file=name, line=n, column=column, value=rec[column])

        for column in ("release", "period", "area_name", "page"):
            if not rec[column]:
                raise bad(column, "missing")
        if rec["kind"] not in KINDS:
            raise bad("kind", f"expected {' or '.join(KINDS)}")
        try:
            published = _date(rec["published"])
        except ValueError:
            raise bad("published", "expected a date written YYYY-MM-DD (or nothing)") from None
        if not rec["url"].startswith("https://"):
            raise bad("url", "expected the release's address, https://...")
        if rec["area"] != NATIONAL and not re.fullmatch(r"\d{3}", rec["area"]):
            raise bad("area", "expected 'national' or a three-digit local authority code")
        if rec["phase"] not in PHASES:
            raise bad("phase", f"expected one of {', '.join(PHASES)}")
        if rec["measure"] not in MEASURES:
            raise bad("measure", f"expected one of {', '.join(MEASURES)}")
        value = _decimal(rec["value"])
        if value is None:
            raise bad("value", "expected a percentage between 0 and 100")
        release = Release(rec["release"], rec["period"], rec["kind"], published, rec["url"])
        first = releases.setdefault(release.name, (release, n))
        if first[0] != release:
            raise InputError(
                f"the release {release.name!r} is described differently from line {first[1]} "
                "(period, kind, published or url)",
                file=name,
                line=n,
            )
        key = (release.name, rec["area"], rec["phase"], rec["measure"])
        if key in seen:
            raise InputError(
                f"a second {rec['measure']} figure for {rec['area_name']}, {rec['phase']} "
                f"(the first is line {seen[key]})",
                file=name,
                line=n,
            )
        seen[key] = n
        figures.append(
            Figure(
                release,
                rec["area"],
                rec["area_name"],
                rec["phase"],
                rec["measure"],
                value,
                rec["page"],
            )
        )
    if not figures:
        raise InputError("no figures", file=name)
    return tuple(figures)


def table_text(figures: Sequence[Figure], comments: Sequence[str] = ()) -> str:
    """The table in attcli's layout (text a spreadsheet could run is neutralised)."""
    from attcli.output import safe_cell

    buf = io.StringIO()
    for c in comments:
        buf.write(f"# {c}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for f in figures:
        r = f.release
        w.writerow(
            [safe_cell(x) for x in (r.name, r.period, r.kind)]
            + [r.published.isoformat() if r.published else "", r.url, f.area]
            + [safe_cell(f.area_name), f.phase, f.measure, str(f.value), safe_cell(f.page)]
        )
    return buf.getvalue()


def shipped() -> Table:
    """The table shipped with attcli."""
    from importlib.resources import files

    res = files("attcli") / "data" / "national.csv"
    return Table(parse_table(res.read_text(encoding="utf-8"), "attcli/data/national.csv"))


def workspace_path(config: Config) -> Path | None:
    """``attcli-national.csv`` beside the workspace's attcli.toml (None: no workspace)."""
    return config.path.parent / WORKSPACE_NAME if config.path is not None else None


def in_use(config: Config) -> Table:
    """The workspace's table when ``attcli national update`` has made one, else the shipped."""
    p = workspace_path(config)
    if p is None or not p.is_file():
        return shipped()
    try:
        text = p.read_text(encoding="utf-8-sig")  # (saved again by Excel or Notepad)
    except (OSError, UnicodeDecodeError) as exc:
        raise AttcliError(
            f"{p}: cannot be read ({exc}); run `attcli national update FILE.csv` again, or "
            "delete it to use the figures shipped with attcli"
        ) from None
    return Table(parse_table(text, p), p)


# --------------------------------------------------------------- reading an EES download


@dataclass(frozen=True)
class Loaded:
    """The figures read from one EES file, and what was left out."""

    release: Release
    figures: tuple[Figure, ...]
    notes: tuple[str, ...]


def _period_label(time_period: str, time_identifier: str) -> str:
    year = (
        f"{time_period[:4]}/{time_period[4:]}"
        if re.fullmatch(r"\d{6}", time_period)
        else time_period
    )
    return f"{year} {time_identifier.lower()}".strip()


def _year_key(time_period: str) -> tuple[int, str]:
    return (int(time_period[:4]), time_period) if time_period[:4].isdigit() else (0, time_period)


def _choose_period(
    periods: list[tuple[str, str]], wanted: str | None, path: Path
) -> tuple[str, str]:
    shown = ", ".join(f"{tp} {ti}" for tp, ti in periods)
    if wanted is not None:
        w = " ".join(wanted.split()).lower()
        found = [
            p
            for p in periods
            if w in (p[0].lower(), f"{p[0]} {p[1]}".lower(), _period_label(*p).lower())
        ]
        if not found:
            raise AttcliError(f"--period {wanted!r}: {shown_path(str(path))} holds {shown}")
        if len(found) > 1:
            raise AttcliError(
                f"--period {wanted!r} is {len(found)} periods in {shown_path(str(path))}: give the term too, "
                f"e.g. --period '{found[0][0]} {found[0][1]}'"
            )
        return found[0]
    latest = max(_year_key(tp) for tp, _ in periods)
    newest = [p for p in periods if _year_key(p[0]) == latest]
    if len(newest) > 1:
        raise AttcliError(
            f"{shown_path(str(path))} holds {len(newest)} periods for {newest[0][0]} "
            f"({', '.join(ti for _, ti in newest)}): choose one with "
            f"--period '{newest[0][0]} {newest[0][1]}'"
        )
    return newest[0]


def _percent(text: str, path: Path, line: int, column: str) -> Decimal | None:
    if text.strip().lower() in _NOT_SHOWN:
        return None
    value = _decimal(text)
    if value is None:
        raise InputError(
            "expected a percentage between 0 and 100 (or an EES symbol such as x or c)",
            file=path,
            line=line,
            column=column,
            value=text,
        )
    return value


def read_ees(
    path: Path,
    *,
    period: str | None = None,
    release: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Loaded:
    """The national and local authority figures, by phase, of one period of a CSV downloaded
    from explore-education-statistics ("Pupil absence in schools in England" or "Pupil
    attendance in schools"): the latest period in the file unless ``period`` is given.

    Anything wrong is one :class:`InputError` naming the file, line and column.
    """
    refuse_device(path, "save the CSV downloaded from explore-education-statistics and give that")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=path, hint=missing_file_hint(path)) from None
    except IsADirectoryError:
        raise AttcliError(f"{shown_path(str(path))} is a folder; give the CSV file downloaded from EES") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            "not UTF-8 text: give the CSV as downloaded from explore-education-statistics",
            file=path,
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        index.setdefault(h, i)
    phase_col = next((c for c in ("education_phase", "school_type") if c in index), None)
    needed = [c for c in ("time_period", "time_identifier", "geographic_level") if c not in index]
    if phase_col is None:
        needed.append("education_phase (or school_type)")
    if needed:
        raise InputError(
            f"not an explore-education-statistics absence or attendance file: no column "
            f"{needed[0]}",
            file=path,
            line=1,
            hint="download the data set of absence by geographic level (its columns begin "
            "time_period, time_identifier, geographic_level)",
        )
    if _DAILY in index:  # (a day's figure is no week's, term's or year's, even alone)
        raise InputError(
            f"daily figures (a row per day, column {_DAILY}): one day's attendance is not "
            "the school's period",
            file=path,
            line=1,
            hint="download the year to date (or a term's) data set of 'Pupil attendance in "
            "schools', or 'Absence rates by geographic level'",
        )
    columns = {m: next((c for c in cs if c in index), None) for m, cs in _MEASURE_COLUMNS.items()}
    attendance_col = _ATTENDANCE if columns["absence"] is None and _ATTENDANCE in index else None
    if not any(columns.values()) and attendance_col is None:
        raise InputError(
            "no absence figures in the file: expected a column such as sess_overall_percent, "
            "overall_absence_perc, attendance_perc, enrolments_pa_10_exact_percent or pa_perc",
            file=path,
            line=1,
        )
    if "sess_overall_percent" in index and "enrolments_pa_10_exact_percent" not in index:
        # (the census's data sets by geographic level all have it; the four-year-olds' has
        # the overall rate alone, of pupils not of compulsory school age)
        raise InputError(
            "no column enrolments_pa_10_exact_percent (persistent absence): not the census's "
            "absence rates by geographic level (the four-year-olds' data set has the overall "
            "absence rate alone)",
            file=path,
            line=1,
            hint="download the data set 'Absence rates by geographic level'",
        )
    frame_col = "time_frame" if "time_frame" in index else None
    left_out: Counter[str] = Counter()
    rows: list[tuple[int, tuple[str, str], str, str, str, list[str]]] = []
    for n, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(
                f"expected {len(header)} values as in the header, found {len(row)}",
                file=path,
                line=n,
            )

        def get(column: str, row: list[str] = row) -> str:
            return row[index[column]].strip() if column in index else ""

        level = get("geographic_level").lower()
        if level not in ("national", "local authority"):
            left_out[f"{get('geographic_level') or 'no'} geographic level"] += 1
            continue
        if level == "local authority" and "old_la_code" not in index:
            # (new_la_code alone, E06000001: not the code the school's la_code is)
            left_out[
                f"{get('geographic_level')} geographic level: the file has no old_la_code "
                "column (the three-digit code attcli knows a local authority by)"
            ] += 1
            continue
        if frame_col is not None and get(frame_col).lower() != "year to date":
            left_out[f"time frame {get(frame_col)!r}"] += 1
            continue
        phase = _PHASE_NAMES.get(get(phase_col).lower())
        if phase is None:
            left_out[f"{phase_col} {get(phase_col)!r}"] += 1
            continue
        tp, ti = get("time_period"), get("time_identifier")
        if not tp:
            raise InputError("missing", file=path, line=n, column="time_period")
        if frame_col is None and _WEEK.fullmatch(ti):  # (a week's figure, not the year's)
            raise InputError(
                "a week's figures, with no time_frame column saying they are the year to "
                "date: a week's attendance is not the school's period",
                file=path,
                line=n,
                column="time_identifier",
                value=ti,
                hint="download the year to date data set of 'Pupil attendance in schools' "
                "(its time_frame column says 'Year to date')",
            )
        if level == "national":
            area, area_name = NATIONAL, get("country_name") or "England"
        else:
            area = get("old_la_code")
            if not re.fullmatch(r"\d{3}", area):
                raise InputError(
                    "a local authority row needs its three-digit code",
                    file=path,
                    line=n,
                    column="old_la_code",
                    value=area,
                )
            area_name = get("la_name") or f"LA {area}"
        rows.append((n, (tp, ti), area, area_name, phase, row))
    if not rows:
        raise InputError(
            "no national or local authority rows for primary, secondary, special or all schools",
            file=path,
        )
    chosen = _choose_period(list(dict.fromkeys(r[1] for r in rows)), period, path)
    label = _period_label(*chosen)
    if frame_col is not None:  # (the rows kept are the year to date's)
        label = f"year to date to {label}" if _WEEK.fullmatch(chosen[1]) else f"{label}, year to date"
    census = any(c in index for c in _CENSUS_COLUMNS)
    publication, home = PUBLICATIONS["absence" if census else "attendance"]
    rel = Release(
        name=(release or publication).strip(),
        period=label,
        # only the census's academic year is a full year's figure: the attendance data's
        # "Academic year" is the year to date when it was downloaded
        kind="full-year" if census and chosen[1].lower() == "academic year" else "in-year",
        published=published,
        url=(url or home).strip(),
    )
    if not rel.url.startswith("https://"):
        raise AttcliError(f"--url {rel.url!r}: give the release's address, https://...")
    figures: list[Figure] = []
    first: dict[tuple[str, str], int] = {}
    for n, key, area, area_name, phase, row in rows:
        if key != chosen:
            continue
        if (area, phase) in first:
            raise InputError(
                f"a second row for {area_name}, {PHASE_LABELS[phase]}, {label} (the first is "
                f"line {first[(area, phase)]}): this file breaks the figures down further (by "
                "sex, year group or another pupil characteristic); download the data set of "
                "absence by geographic level",
                file=path,
                line=n,
            )
        first[(area, phase)] = n
        where = f"{shown_path(path.name)}, line {n}"
        for measure, column in columns.items():
            value = _percent(row[index[column]], path, n, column) if column else None
            page = where
            if value is None and measure == "absence" and attendance_col is not None:
                attended = _percent(row[index[attendance_col]], path, n, attendance_col)
                value = None if attended is None else _HUNDRED - attended
                page = f"{where} (100 - {attendance_col})"
            if value is not None:
                figures.append(Figure(rel, area, area_name, phase, measure, value, page))
    if not figures:
        raise InputError(f"no figures for {label}: every value is a symbol (x, c, z...)", file=path)
    notes = [
        f"left out {k} row{'s' if k != 1 else ''} of {what}" for what, k in sorted(left_out.items())
    ]
    return Loaded(rel, tuple(figures), tuple(notes))


def update(
    config: Config,
    path: Path,
    *,
    period: str | None = None,
    release: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> list[str]:
    """Read an EES CSV (:func:`read_ees`) and keep its figures in the workspace's
    ``attcli-national.csv`` (owner-only, written whole or not at all); the lines to print."""
    from attcli.output import write_private

    target = workspace_path(config)
    if target is None:
        raise AttcliError(
            "national update: no school workspace to keep the figures in; make one with "
            "`attcli init` (or give --workspace DIR)"
        )
    from attcli.report_settings import settings_from

    config_wins = settings_from(config).national is not None  # a bad [report] stops us here
    loaded = read_ees(path, period=period, release=release, published=published, url=url)
    before: Table | None = None
    unreadable = False
    if target.is_file():
        try:
            before = in_use(config)
        except AttcliError:
            unreadable = True  # replaced, and said so below
    text = table_text(
        loaded.figures,
        [f"Written by attcli national update from {path.name} on {dt.date.today().isoformat()}."],
    )
    parse_table(text, target)  # what is written reads back, or nothing is written
    write_private(target, text.encode("utf-8"), force=True, own=True)  # (kept from -o)
    rel = loaded.release
    national = sorted({f.phase for f in loaded.figures if f.area == NATIONAL}, key=PHASES.index)
    las = {f.area for f in loaded.figures if f.area != NATIONAL}
    kept = f"kept in {target}"
    if before is not None:
        kept += f", replacing {', '.join(r.name for r in before.releases())}"
    elif unreadable:
        kept += ", replacing a file attcli could not read"
    lines = [
        f"loaded {rel.name} ({rel.period}, {rel.kind.replace('-', ' ')}), {rel.date_text}: "
        f"national figures for {', '.join(national) or 'no phase'}; "
        f"{len(las)} local authorit{'y' if len(las) == 1 else 'ies'}",
        kept,
    ]
    if config_wins:
        lines.append(
            "note: [report.national] in attcli.toml still wins: the report shows its figures "
            "until you remove it"
        )
    return lines + [f"note: {n}" for n in loaded.notes]


# --------------------------------------------------------------- the school and its report


_YEAR = re.compile(r"(?:year|yr|y)?\s*(\d{1,2})", re.IGNORECASE)


def phase_key(config: Config) -> str:
    """Where the school's phase is set, as the lines that say it name it: ``[school] phase``,
    or a trust's school's own ``[schools.KEY] phase`` (sweep rough8)."""
    return f"[schools.{config.school_key}] phase" if config.school_key else "[school] phase"


def school_phase(config: Config, year_groups: Iterable[str | None] = ()) -> tuple[str, str]:
    """The school's phase and how it is known: ``[school] phase``, else the register's year
    groups, one a pupil: primary when at least 95 % of the pupils with a year group are in
    Reception to Year 6 (nursery too), secondary when at least 95 % are in Year 7 and up,
    otherwise all (an all-through school)."""
    if config.school.phase:
        return config.school.phase, f"{phase_key(config)} in attcli.toml"
    primary = secondary = 0
    for y in year_groups:
        v = str(y or "").strip().upper()
        m = _YEAR.fullmatch(v)
        if v in ("R", "N1", "N2", "RECEPTION") or (m and 0 <= int(m.group(1)) <= 6):
            primary += 1
        elif m and 7 <= int(m.group(1)) <= 14:
            secondary += 1
    total = primary + secondary
    if not total:
        return "all", "the register, which has no year groups"
    if primary >= Fraction(95, 100) * total:
        return (
            "primary",
            f"the register's year groups ({primary} of {total} pupils in Reception to Year 6)",
        )
    if secondary >= Fraction(95, 100) * total:
        return (
            "secondary",
            f"the register's year groups ({secondary} of {total} pupils in Year 7 and up)",
        )
    return "all", (
        f"the register's year groups ({primary} pupils in Reception to Year 6, {secondary} in "
        "Year 7 and up)"
    )


def ages(release: Release) -> str:
    """The ages of the pupils a release's figures count: "5 to 15" for the school census's
    "Pupil absence in schools in England" (pupils aged 5 to 15 on 31 August before the
    school year: its data sets say "for pupils aged 5-15"), "" when attcli does not know
    (the daily attendance data, another release named by ``--release`` and ``--url``)."""
    name, home = PUBLICATIONS["absence"]
    census = release.name.startswith(name) or release.url.startswith(home)
    return "5 to 15" if census else ""


def academic_year(period: str) -> int | None:
    """The first calendar year of the school year a release's period names ("2023/24
    academic year" -> 2023), None when it names none as such ("2026 week 2")."""
    m = re.match(r"\s*(\d{4})/(\d{2})\b", period)
    if m is None or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        return None
    return int(m.group(1))


def la_code(config: Config) -> tuple[str, str] | None:
    """The school's three-digit local authority code and how it is known: ``[school]
    la_code``, else the first three digits of ``dfe_number`` (LA/establishment, 999/4001)."""
    if config.school.la_code:
        return config.school.la_code, "[school] la_code"
    from attcli.config import DFE_NUMBER  # (the rule the config checks it by)

    m = DFE_NUMBER.fullmatch(config.school.dfe_number.strip())
    return (m.group(1), "[school] dfe_number") if m else None


def shown(value: Decimal) -> Fraction:
    """A published figure as the report shows it: as published to two decimal places, or
    rounded half up to two (14.55841 -> 14.56)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return Fraction(value)
    return Fraction(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _figures(table: Table, release: Release, area: str, phase: str) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    absence = table.get(release, area, phase, "absence")
    if absence is not None:
        out["attendance_pct"] = shown(_HUNDRED - absence.value)
    for measure, key in (("pa", "pa_rate"), ("sa", "sa_rate")):
        f = table.get(release, area, phase, measure)
        if f is not None:
            out[key] = shown(f.value)
    return out


def report_national(
    config: Config,
    year_groups: Iterable[str | None] = (),
    *,
    phase: tuple[str, str] | None = None,
) -> tuple[National | None, list[str]]:
    """The DfE figures for the school's report when the config has no ``[report.national]``:
    the workspace's table, else the shipped one; its full-year release; the school's phase;
    and its local authority's where the table has them.  Also the notes to print with the
    report: a measure without a figure, a local authority without figures."""
    from attcli.report_settings import National

    if phase is None and config.school.phase == "none":
        # (a pupil referral unit: the DfE's release has no alternative-provision figure,
        # and a secondary school's is no yardstick for it; sweep rough7)
        return None, [
            f'national figures: none shown ({phase_key(config)} = "none" in attcli.toml): the '
            "school is compared with no phase's published figures"
        ]
    table = in_use(config)
    release = table.preferred()
    if release is None:  # pragma: no cover - parse_table refuses an empty table
        return None, []
    phase, how = phase if phase is not None else school_phase(config, year_groups)
    notes: list[str] = []
    values = _figures(table, release, NATIONAL, phase)
    missing = [
        MEASURE_LABELS[m]
        for m, k in (("absence", "attendance_pct"), ("pa", "pa_rate"), ("sa", "sa_rate"))
        if k not in values
    ]
    if missing:
        notes.append(
            f"national figures: {release.cite()} has no {' or '.join(missing)} figure for "
            f"{PHASE_LABELS[phase]} in attcli's table ({table.label}), so the report shows "
            "none; `attcli national update FILE.csv` loads a release with every figure"
        )
    local = None
    la = la_code(config)
    area = ""
    if la is not None:
        code, la_how = la
        lv = _figures(table, release, code, phase)
        if lv:
            area = f"{table.areas(release).get(code, 'LA ' + code)} (LA {code})"
            local = National(
                **lv,
                source=release.cite(),
                cite=release.cite(),
                area=area,
                period=release.period,
                full_year=release.kind == "full-year",
                ages=ages(release),
            )
        else:
            notes.append(
                f"local authority figures: none for LA {code} (from {la_how}) in "
                f"{release.cite()} ({table.label}); `attcli national update FILE.csv` loads "
                "them from a file with local authority rows"
            )
    if not values and local is None:
        return None, notes
    # (a file of the school's LA alone: its figures are shown, said to be the LA's only)
    of = (
        f"{PHASE_LABELS[phase]} in England" + (f" and in {area}" if area else "")
        if values
        else f"{PHASE_LABELS[phase]}: figures of {area} only, none for England"
    )
    source = f"{release.cite()}: {of}; the phase from {how}; {release.url}; {table.label}"
    return (
        National(
            **values,
            source=source,
            cite=f"{release.cite()}, {PHASE_LABELS[phase]}",
            area="England",
            local=local,
            period=release.period,
            full_year=release.kind == "full-year",
            ages=ages(release),
        ),
        notes,
    )


# --------------------------------------------------------------------------- attcli national show


def _num(value: Decimal | None) -> str:
    return "–" if value is None else f"{value}"


#: What the figures of `attcli national show`'s tables are in (their headings are words)
UNITS_SAID = (
    "each figure a percentage: attendance, absence and unauthorised absence of possible "
    "sessions; PA (persistent absence) and SA (severe absence) of pupils"
)


def describe(config: Config, width: int | None = None) -> list[str]:
    """What ``attcli national show`` prints: the figures in use, where they came from, and
    which of them the report compares the school with.  ``width``: the terminal's; a
    table wider than it gives each row as a line of its own, each figure after its heading
    (wrapped, a row's last column went under its first: "1.6" under "England")."""
    from attcli.report_settings import settings_from

    table = in_use(config)
    lines: list[str] = []
    configured = settings_from(config).national
    if configured is not None:
        given = ", ".join(
            f"{label} {threshold_text(v)} %"
            for label, v in (
                ("attendance", configured.attendance_pct),
                ("PA", configured.pa_rate),
                ("SA", configured.sa_rate),
            )
            if v is not None
        )
        lines.append(
            f"The report uses [report.national] in {config.path}: {given}; source: "
            f"{configured.source or '(none given)'}. It wins over the figures below; remove it "
            "to use them."
        )
    lines.append(f"National figures: {table.origin}.")
    preferred = table.preferred()
    la = la_code(config)
    for rel in table.releases():
        used = " (the report uses this release)" if rel == preferred and configured is None else ""
        lines += [
            "",
            f"{rel.name}: {rel.period}, {rel.kind.replace('-', ' ')}, {rel.date_text}{used}",
            f"  {rel.url}",
        ]
        head = ("area", "phase", "attendance", "absence", "PA", "SA", "unauthorised")
        rows: list[tuple[str, ...]] = []
        areas = [(NATIONAL, "England")]
        names = table.areas(rel)
        if la is not None and la[0] in names:
            areas.append((la[0], f"{names[la[0]]} (LA {la[0]})"))
        for area, name in areas:
            for phase in PHASES:
                got = {m: table.get(rel, area, phase, m) for m in MEASURES}
                if not any(got.values()):
                    continue
                absence = got["absence"]
                rows.append(
                    (name, phase, _num(_HUNDRED - absence.value if absence else None))
                    + tuple(_num(got[m].value if got[m] else None) for m in MEASURES)
                )
        widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
        if width is not None and 2 + sum(widths) + 2 * (len(widths) - 1) > width:
            lines += [
                f"  {r[0]}, {r[1]}: "
                # (a heading and its figure never on two lines: a no-break space)
                + "; ".join(f"{h}\u00a0{v}" for h, v in zip(head[2:], r[2:], strict=True))
                for r in rows
            ]
        else:
            for r in (head, *rows):
                lines.append(
                    "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                )
        others = len(names) - (1 if la is not None and la[0] in names else 0)
        if others:
            lines.append(f"  and {others} other local authorit{'y' if others == 1 else 'ies'}")
        # (the headings carry no unit: "PA 14.55841" said a figure of nothing; sweep looks5)
        lines.append(f"  {UNITS_SAID}")
        pages = list(
            dict.fromkeys(f.page.split(", line ")[0] for f in table.figures if f.release == rel)
        )
        lines.append("  read from: " + "; ".join(pages))
    if config.school.phase == "none":
        lines += [
            "",
            f'The school: {phase_key(config)} = "none": the report shows no national or '
            "local authority figure.",
        ]
        return lines
    phase = (
        f"phase {config.school.phase} ({phase_key(config)})"
        if config.school.phase
        else "phase from the register's year groups when the report runs "
        f"({phase_key(config)} not set)"
    )
    if la is None:
        where = "no local authority code ([school] la_code, or dfe_number such as 999/4001)"
    else:
        listed = preferred is not None and la[0] in table.areas(preferred)
        known = config.school.phase  # (else the register's year groups decide, later)
        has = listed and not (
            known
            and preferred is not None
            and not any(table.get(preferred, la[0], known, m) for m in MEASURES)
        )
        where = f"local authority {la[0]} (from {la[1]}): " + (
            "its figures are shown too"
            if has
            else f"no {known + ' ' if listed else ''}figures for it in this table"
        )
    lines += ["", f"The school: {phase}; {where}."]
    return lines
