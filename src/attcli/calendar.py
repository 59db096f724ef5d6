"""School days, school weeks and half terms (DOMAIN.md 5, 6 and 10).

School days and weeks are school-wide: a weekday is a school day when any
pupil has a possible session that day (a stray day, on which only a handful of
the pupils on roll have marks, is not); a Monday-Sunday week is a school week
when it holds a school day.  Half terms come from the config, or are inferred
from the data: a week with no sessions at all is a holiday, and a half term
is a run of school weeks between holidays.  A week closed unexpectedly (marks,
but no possible session, and some ``Y1``..``Y7``) is not a school week but does
not end a half term either.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import polars as pl

from attcli.bankholidays import is_bank_holiday
from attcli.codes import CLOSED_MARK, POSSIBLE_CATEGORIES
from attcli.config import Config, HalfTerm
from attcli.coverage import (
    LATEST_TERM_START,
    configured_school_days,
    terms_give_the_year_from_september,
)
from attcli.errors import AttcliError

#: Unexpected closure (DOMAIN.md 10): a week with these and no possible session is closed,
#: not a holiday.  Legacy ``Y`` (enforced closure) too.
CLOSURE_CODES = tuple(f"Y{i}" for i in range(1, 8)) + ("Y",)
#: A week is closed (not a holiday) when at least this many of its days are closure days.
CLOSURE_MIN_DAYS = 3

#: The day of each term from which a half term inferred from the register is its second,
#: when the exports hold none before it in that term (they begin after the term's first):
#: the half-term holidays of English schools fall in the last week or so of October, in
#: mid February and in the week of the late May bank holiday, so a first half term's last
#: week begins by about 21 October, 11 February and 22 May, and a second half term on or
#: after about 28 October, 19 February and 1 June (docs/decisions.md)
SECOND_HALF_FROM = {
    "Autumn": {"month": 10, "day": 25},
    "Spring": {"month": 2, "day": 18},
    "Summer": {"month": 5, "day": 28},
}

#: The school year in England is 190 days (380 sessions); used to estimate the
#: sessions left in the year when the config does not give the rest of the year.
STATUTORY_SESSIONS = 380


def parse_date(name: str, value: str) -> dt.date:
    """A date typed by a person (an option, a cell of a file they wrote): YYYY-MM-DD or
    DD/MM/YYYY; anything else is one line naming ``name`` and the value."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        # (a year no register has, 0001 or 9999, is a slip, and its school year or the
        # weeks around it are beyond any date: the years a spreadsheet's day number is
        # read in, docs/decisions.md)
        if not 2000 <= day.year <= 2099:
            raise AttcliError(
                f"{name} {value!r}: the year {day.year} is no school year attcli reads; give "
                "a date from 2000 to 2099, YYYY-MM-DD or DD/MM/YYYY"
            )
        return day
    raise AttcliError(f"{name} {value!r} {_date_slip(value)}")


_MONTHS = {m.lower(): i for i in range(1, 13) for m in (cal.month_name[i], cal.month_abbr[i])}
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower() for i in range(7) for d in (cal.day_name[i], cal.day_abbr[i])}


def _date_slip(value: str) -> str:
    """What is wrong with ``value``, a date :func:`parse_date` does not read (the words
    after the option's name and value): a day its month has not ("February 2027 has 28
    days"), a month read day first that is none (US order: the day it would be, to write
    day first), or another way of writing a certain date (a two-digit year, other
    separators, a month's name, a comma left on): that date, as attcli reads it.  The
    date is said, never taken: what was typed is refused (sweep "slips")."""
    import re

    text = value.strip().rstrip(",;.").strip()
    # (a cell copied from a spreadsheet with its time: "04/12/2026 00:00:00")
    text = re.sub(r"(?<=\d)[ T]\d{1,2}:\d{2}(:\d{2})?$", "", text)
    # (a weekday before the date, as a wide export's header writes it: "Fri 04/12/2026")
    spoken = _spoken_date(text)
    if spoken is not None:
        return spoken
    weekday = re.match(r"([A-Za-z]+)\.?,?\s+(?=\d)", text)
    if (
        weekday
        and weekday.group(1).lower() in _WEEKDAYS
        and re.fullmatch(r"[\d/.-]+", text[weekday.end():])
    ):
        return _weekday_slip(weekday.group(1).lower()[:3], text[weekday.end():])
    day_first = re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})", text)
    year_first = re.fullmatch(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})", text)
    if day_first:
        d, mo, y = int(day_first.group(1)), int(day_first.group(3)), day_first.group(4)
        iso_first = False
    elif year_first:
        y, mo, d = year_first.group(1), int(year_first.group(3)), int(year_first.group(4))
        iso_first = True
    else:
        return _named_month_slip(text)
    year = int(y) + (2000 if len(y) == 2 else 0)
    try:
        meant = dt.date(year, mo, d)
    except ValueError:
        if not 1 <= mo <= 12:
            why = f"there is no month {mo}"
            if 1 <= d <= 12:  # (the other way round it is a date: US order, or swapped)
                try:
                    other = dt.date(year, d, mo)
                except ValueError:
                    other = None
                if other is not None:
                    how = "YYYY-MM-DD is year, month, day" if iso_first else (
                        "dates are read day first, DD/MM/YYYY"
                    )
                    return f"is not a date: {why} ({how}); for {_ways(other, iso_first)}"
            return f"is not a date: {why}"
        if d < 1:
            return f"is not a date: there is no day {d}"
        return (
            f"is not a date: {cal.month_name[mo]} {year} has {cal.monthrange(year, mo)[1]} days"
        )
    if not 2000 <= year <= 2099:
        return "is not a date: write it YYYY-MM-DD or DD/MM/YYYY"
    full = " (the year in full)" if len(y) == 2 else ""
    return f"is not a date attcli reads{full}: for {_ways(meant, iso_first)}"


def _spoken_date(text: str) -> str | None:
    """:func:`_date_slip` of a date said in words: "today", "yesterday", "tomorrow" are
    certain, so the date is said (never taken); a day's name ("last friday", "Fri") is not
    (on a Friday, today or a week ago), so the last such day before today is said as a
    fact.  None for anything else (sweep of 6 December, slips2)."""
    from attcli.clock import today

    words = text.casefold().split()
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if len(words) == 1 and words[0] in shift:
        day = today() + dt.timedelta(days=shift[words[0]])
        return f"is not a date attcli reads: for {words[0]}, {_ways(day, False)}"
    if words and words[0] in ("last", "this", "next"):
        words = words[1:]
    if len(words) != 1 or words[0].rstrip(".") not in _WEEKDAYS:
        return None
    name = words[0].rstrip(".")[:3]
    now = today()
    back = (now.weekday() - list(cal.day_abbr).index(name.title())) % 7 or 7
    day = now - dt.timedelta(days=back)
    return (
        "is not a date attcli reads: write the date, DD/MM/YYYY or YYYY-MM-DD (the last "
        f"{day:%A} before today, {now:%d/%m/%Y}, is {day:%d/%m/%Y})"
    )


def _weekday_slip(weekday: str, text: str) -> str:
    """:func:`_date_slip` of a date in figures after a weekday (``Fri 04/12/2026``): the
    date read day first when it falls on that weekday; when only the month-first reading
    does (US order), both are said and neither taken; else the weekday it falls on."""
    from attcli.datetext import long_date

    try:
        day = parse_date("", text)
    except AttcliError:
        return f"is not a date: {_date_slip(text).split(': ', 1)[-1]}"
    if f"{day:%a}".lower() == weekday:
        return f"is not a date attcli reads: for {_ways(day, text[:4].isdigit())}"
    try:
        swapped = dt.date(day.year, day.day, day.month)
    except ValueError:
        swapped = None
    if swapped is not None and f"{swapped:%a}".lower() == weekday and not text[:4].isdigit():
        return (
            f"is not a date: read day first, {text} is {day:%A} {long_date(day)}; the "
            f"{swapped:%A} is {long_date(swapped)} (month first, US order): write the date "
            "meant DD/MM/YYYY or YYYY-MM-DD"
        )
    return (
        f"is not a date: {long_date(day)} is a {day:%A}; write the date meant YYYY-MM-DD or "
        "DD/MM/YYYY"
    )


def _named_month_slip(text: str) -> str:
    """:func:`_date_slip` of a date with its month's name: "11 Sep 2026", "Fri 11th
    September 2026", "September 11, 2026" (one reading: the name says which is the
    month); anything else, how to write a date."""
    import re

    from attcli.datetext import long_date

    words = [w for w in re.split(r"[\s,]+", text.lower()) if w]
    weekday = None
    if words and words[0].rstrip(".") in _WEEKDAYS:
        weekday, words = words[0].rstrip(".")[:3], words[1:]
    words = [re.sub(r"^(\d{1,2})(st|nd|rd|th)$", r"\1", w).rstrip(".") for w in words]
    found = None
    if len(words) == 3 and re.fullmatch(r"\d{4}", words[2]):
        if words[0].isdigit() and words[1] in _MONTHS:
            found = (int(words[2]), _MONTHS[words[1]], int(words[0]))
        elif words[1].isdigit() and words[0] in _MONTHS:
            found = (int(words[2]), _MONTHS[words[0]], int(words[1]))
    if found is not None and 2000 <= found[0] <= 2099:
        try:
            meant = dt.date(*found)
        except ValueError:
            y, mo, _ = found
            return f"is not a date: {cal.month_name[mo]} {y} has {cal.monthrange(y, mo)[1]} days"
        if weekday is not None and weekday != f"{meant:%a}".lower():
            # (which of the two was meant is not certain: neither is offered)
            return (
                f"is not a date: {long_date(meant)} is a {meant:%A}; write the date meant "
                "YYYY-MM-DD or DD/MM/YYYY"
            )
        return f"is not a date attcli reads: for {_ways(meant, False)}"
    return "is not a date: write it YYYY-MM-DD or DD/MM/YYYY"


def _ways(day: dt.date, iso_first: bool) -> str:
    """"14 September 2026 write 14/09/2026 or 2026-09-14" (ISO first if ``iso_first``)."""
    from attcli.datetext import long_date

    ways = [f"{day:%d/%m/%Y}", day.isoformat()]
    if iso_first:
        ways.reverse()
    return f"{long_date(day)} write {ways[0]} or {ways[1]}"


def academic_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def possible_expr() -> pl.Expr:
    """Sessions that count in possible sessions: not a not-possible code, not a missing mark."""
    return pl.col("category").is_in(POSSIBLE_CATEGORIES)


def taken_expr() -> pl.Expr:
    """Rows that show a register taken: a mark written, other than ``Z`` (not on roll) and
    ``#`` (school closed: what an MIS writes for everyone on an INSET day)."""
    return pl.col("explicit") & (pl.col("mark") != CLOSED_MARK)


def session_summary(marks: pl.LazyFrame, *keys: str) -> pl.LazyFrame:
    """Each session of the register (``keys``, date, session) in one row: ``_possible``
    (some pupil has a possible mark), ``_dash`` (rows with an explicit missing mark ``-``),
    ``_marked`` (rows with a mark written), ``_taken`` (those with a mark other than
    ``Z`` and ``#``: ``#``, school closed, is what an MIS writes for everyone on an INSET
    day, no sign of a register taken), ``_kept`` (rows that are not missing marks) and
    ``_closure`` (those with a closure code ``Y``).  :func:`attcli.roll.resolve` adds
    ``_held``: the sessions the school had (:data:`attcli.roll.DASH_DAY_SHARE`).

    What a calendar is made from (:meth:`Calendar.from_sessions`) and what
    :func:`attcli.roll.resolve` judges stray days and missing rows by: one grouping of the
    marks for both (issue 15; three passes over the marks before, and two more for the
    calendar).  ``marks`` is a compact register's (with ``marked``)."""
    kept = pl.col("category") != "missing"
    return marks.group_by(*keys, "date", "session").agg(
        possible_expr().any().alias("_possible"),
        (~kept & pl.col("marked")).sum().cast(pl.Int64).alias("_dash"),
        pl.col("marked").sum().cast(pl.Int64).alias("_marked"),
        taken_expr().sum().cast(pl.Int64).alias("_taken"),
        kept.sum().cast(pl.Int64).alias("_kept"),
        (kept & pl.col("mark").is_in(CLOSURE_CODES)).sum().cast(pl.Int64).alias("_closure"),
    )


def _missing_weeks(
    summary: pl.DataFrame,
    days: tuple[dt.date, ...],
    config: Config,
    stray: Iterable[dt.date] = (),
) -> set[dt.date]:
    """Mondays of the weeks inside the data that the config's term dates make school weeks
    (a weekday of a half term that is no INSET day) and the register has no row in at all:
    a week's export left out.  They are school weeks (DOMAIN.md 5: the school had its
    sessions): a penalty-notice window across one is 10 real school weeks, its sessions
    in that week unknown, not 11 weeks that hold 10 (coverage says the week is missing).
    None without term dates (a week with no rows is then a holiday).  A week whose only
    rows are on ``stray`` days (a handful's marks: the week's file left the rest out) is
    one too: the term dates say the school had its sessions (it was no school week, and
    the window ran over 11 real weeks); a week of ``#`` or ``Y1`` for everyone is not."""
    if not config.half_terms or not days:
        return set()
    aside = set(stray)
    have = {monday(d) for d in summary.get_column("date").unique().to_list() if d not in aside}
    return {monday(d) for d in configured_school_days(config, days[0], days[-1])} - have


def week_before(day: dt.date, school_weeks: Iterable[dt.date]) -> dt.date:
    """The date "last week" is for a weekly run as of ``day``: ``day``'s weekday in the last
    school week before ``day``'s own week (``school_weeks``: Mondays).  That is the 7 days
    before when the week before was a school week (or none is before it); across a holiday,
    the same weekday of the last school week, so a school running on Mondays compares Mon
    22 Feb, after the half term, with Mon 8 Feb, not with a day of the holiday whose
    figures are Fri 12 Feb's (what changed on 9-12 Feb was then never new).  The same rule
    as the casebook's reviews (:func:`attcli.ladder.review_window`)."""
    this = monday(day)
    before = [w for w in school_weeks if w < this]
    if not before or before[-1] == this - dt.timedelta(days=7):
        return day - dt.timedelta(days=7)
    return day - (this - before[-1])


def last_week(calendars: Iterable[Calendar], day: dt.date) -> dt.date:
    """The date a weekly run's NEW compares with when no run is on record (the check's and
    the casebook's): :func:`week_before` ``day`` by each school's calendar, the earliest
    (a trust's schools' holidays can differ); 7 days before with no calendar."""
    dates = [week_before(day, cal.school_weeks) for cal in calendars]
    return min(dates, default=day - dt.timedelta(days=7))


@dataclass(frozen=True)
class Calendar:
    school_days: tuple[dt.date, ...]  # sorted, every school day in the data
    school_weeks: tuple[dt.date, ...]  # Mondays of school weeks, sorted
    half_terms: tuple[HalfTerm, ...]
    inferred: bool  # half terms inferred from the data, not given in the config
    school_sessions: int  # (day, session) pairs the school had (`_held`), whole data
    closure_weeks: tuple[dt.date, ...] = ()  # Mondays of weeks closed unexpectedly (Y1-Y7)
    #: Mondays of the school weeks the term dates give and no export holds a row of
    #: (:func:`_missing_weeks`): in ``school_weeks``, their sessions unknown
    missing_weeks: tuple[dt.date, ...] = ()
    #: the term dates' school days of those weeks, sorted (:meth:`week_upto`)
    missing_days: tuple[dt.date, ...] = ()
    #: the first day the register holds a mark written on (not a stray day's): a day
    #: before its first school day that it closed for everyone (``Y1`` for every pupil on
    #: the term's first day) is its to decide, no day the term dates add (sweep oracle9)
    first_marked: dt.date | None = None

    # ---- construction
    @classmethod
    def from_sessions(
        cls,
        summary: pl.DataFrame,
        config: Config,
        stray_days: Iterable[dt.date] = (),
    ) -> Calendar:
        """The calendar of one school's register, from its sessions (``summary``: its
        :func:`session_summary`, which :func:`attcli.roll.resolve` makes)."""
        stray = list(stray_days)
        sessions = summary.filter(pl.col("_held") & ~pl.col("date").is_in(stray))
        days = tuple(sorted(set(sessions.get_column("date").to_list())))
        missing = _missing_weeks(summary, days, config, stray)
        weeks = tuple(sorted({monday(d) for d in days} | missing))
        # closed, not a holiday: a week with no possible session in which at least 3 days
        # have marks, at least half of each day's marks Y1-Y7 (one pupil's Y1 in a holiday
        # is not a closure)
        closed = (
            summary.lazy()
            .group_by("date")
            .agg(
                (pl.col("_closure").sum() * 2 >= pl.col("_kept").sum()).alias("y"),
                pl.col("_held").any().alias("p"),
                pl.col("_kept").sum().alias("_kept"),
            )
            .filter(pl.col("_kept") > 0)  # a day of missing marks only has no marks
            .group_by(pl.col("date").dt.truncate("1w").alias("w"))
            .agg(pl.col("y").sum().alias("y"), pl.col("p").any().alias("p"))
            .filter((pl.col("y") >= CLOSURE_MIN_DAYS) & ~pl.col("p"))
            .collect()
            .get_column("w")
            .to_list()
        )
        closure = tuple(sorted(set(closed) - set(weeks)))
        if config.half_terms:
            half_terms, inferred = config.half_terms, False
        else:
            half_terms, inferred = infer_half_terms(weeks, days, closure), True
        missing_days = (
            tuple(
                d for d in configured_school_days(config, days[0], days[-1]) if monday(d) in missing
            )
            if missing
            else ()
        )
        marked = summary.filter((pl.col("_kept") > 0) & ~pl.col("date").is_in(stray))
        return cls(
            days,
            weeks,
            half_terms,
            inferred,
            sessions.height,
            closure,
            tuple(sorted(missing)),
            missing_days,
            marked.get_column("date").min() if marked.height else None,  # type: ignore[arg-type]
        )

    # ---- queries
    def week_index(self, day: dt.date) -> int:
        """Index of the school week holding ``day``; in a holiday, the last school week before it.

        -1 when ``day`` is before the first school week.
        """
        return bisect_right(self.school_weeks, monday(day)) - 1

    def week_upto(self, day: dt.date) -> int:
        """Index of the school week a window ending on ``day`` ends with: the last school
        week with a school day on or before ``day`` (DOMAIN.md 5: on a holiday, or before
        a week's first school day, the week before).  A week no export holds
        (:attr:`missing_weeks`) has the term dates' days: as of a day in it, it is the
        window's last week (its sessions unknown), not skipped for the week before, which
        made a window of 10 school weeks span 11.  -1 when no school week has begun.
        """
        i, j = bisect_right(self.school_days, day), bisect_right(self.missing_days, day)
        ends = ([self.school_days[i - 1]] if i else []) + ([self.missing_days[j - 1]] if j else [])
        last = max(ends, default=None)
        return -1 if last is None else self.week_index(last)

    def first_day_of_week(self, i: int, config: Config | None = None) -> dt.date:
        """The first school day of school week ``i`` (its Monday when that is one): where
        a penalty-notice window starting with that week starts (DOMAIN.md 5 and 6: a
        school week counts whole, but a day the school had no session, the summer
        holiday's last Monday before a year opening on a Thursday, a bank holiday, an
        INSET day, is no school day of it, so no window's first day).  The register's
        days, a week no export holds by the term dates' (:attr:`missing_days`), and with
        ``config``'s term dates their days of the week before the register's first (an
        export that starts on a Wednesday of a week the term began on Monday: the window
        holds Monday, its marks unknown).  The Monday when the week has none of them (not met: a school week has
        a school day)."""
        week = self.school_weeks[i]
        end = week + dt.timedelta(days=6)
        days = [d for d in (*self.school_days, *self.missing_days) if week <= d <= end]
        if config is not None and config.half_terms and self.school_days:
            # (before the register's first school day: a day it holds is its to decide, one
            # it closed for everyone too)
            first = min(self.school_days[0], self.first_marked or self.school_days[0])
            days += [d for d in configured_school_days(config, week, end) if d < first]
        return min(days, default=week)

    def half_term_of(self, day: dt.date) -> HalfTerm | None:
        """The half term holding ``day``; in a holiday, the last one that ended before it."""
        return half_term_of(self.half_terms, day)

    def begun(self, ht: HalfTerm, as_of: dt.date) -> bool:
        """Whether the register holds a school day of ``ht`` up to ``as_of``.  A half term
        that has had none (an INSET day opening it, a register ending before it) has no
        letters yet: they would be its letter 2 on the figures of the last one's letter 1
        (`attcli letters` refuses; the check and the casebook ask for none)."""
        return any(ht.start <= d <= as_of for d in self.school_days)

    def previous_half_term(self, ht: HalfTerm) -> HalfTerm | None:
        before = [h for h in self.half_terms if h.end < ht.start]
        return before[-1] if before else None

    def school_sessions_between(self, start: dt.date, end: dt.date) -> int:
        return sum(1 for d in self.school_days if start <= d <= end)

    def is_the_year(self, start: dt.date, as_of: dt.date, config: Config | None = None) -> bool:
        """Whether a period from ``start`` to ``as_of`` is ``as_of``'s school year to date:
        it starts in that year, on or before its first school day.  A period that is not
        (``--from`` a later day, or an earlier year) has figures that are not the year's:
        the sessions left this year added to them say nothing true of the year's end.

        The register's own days say where it holds one before ``start``; with ``config``,
        a register beginning later (exports from after Easter, ``--from`` their first day)
        is judged by the year's first school day too: the term dates' (when they give the
        year from September), else the first one of September by the 8th (the coverage's
        :data:`attcli.coverage.LATEST_TERM_START`)."""
        year_start = academic_year_start(as_of)
        if start < year_start or any(year_start <= d < start for d in self.school_days):
            return False
        if config is None or start == year_start:
            return True
        terms = [h for h in config.half_terms if h.end >= year_start and h.start <= as_of]
        if terms and terms_give_the_year_from_september(min(h.start for h in terms), year_start):
            return not configured_school_days(config, year_start, start - dt.timedelta(days=1))
        return start <= dt.date(year_start.year, 9, LATEST_TERM_START)

    def remaining_is_estimate(self, as_of: dt.date) -> bool:
        """Whether :meth:`remaining_sessions` estimates (the configured half terms do not
        reach July of ``as_of``'s school year) rather than counts."""
        year_start = academic_year_start(as_of)
        year_end = dt.date(year_start.year + 1, 8, 31)
        in_year = [h for h in self.half_terms if year_start <= h.start <= year_end]
        return self.inferred or not in_year or in_year[-1].end.month != 7

    def remaining_estimate(self, as_of: dt.date) -> str | None:
        """What an estimate of the sessions left (:meth:`remaining_is_estimate`) rests on,
        in the words every command says it in (the check's band reason, the pupil record,
        the report's target): "estimated: term dates given only to 18/12/2026, the year
        taken as the statutory 380 sessions" where some of the year's half terms are
        given, "estimated: no term dates given for 2026/27, ..." where none are (half
        terms inferred from the register).  None where the sessions left are counted.
        ("no term dates to July" read as if none were given where Autumn's are, sweep
        leftovers12.)"""
        if not self.remaining_is_estimate(as_of):
            return None
        year_start = academic_year_start(as_of)
        year_end = dt.date(year_start.year + 1, 8, 31)
        in_year = [h for h in self.half_terms if year_start <= h.start <= year_end]
        given = (
            f"term dates given only to {in_year[-1].end:%d/%m/%Y}"
            if in_year and not self.inferred
            else f"no term dates given for {year_start.year}/{(year_start.year + 1) % 100:02d}"
        )
        return f"estimated: {given}, the year taken as the statutory {STATUTORY_SESSIONS} sessions"

    def remaining_sessions(self, as_of: dt.date, config: Config) -> int | None:
        """School sessions left in the academic year after ``as_of``.

        From the configured half terms when they reach into July of that year
        (weekdays in them after ``as_of``, less INSET days listed in the config and bank
        holidays: :func:`attcli.coverage.configured_school_days`); otherwise estimated
        as the statutory 380 less the school sessions so far, which only a register from
        the year's first school day can count: None (not known) when the register's
        first school day of the year is after ``LATEST_TERM_START`` September.
        """
        year_start = academic_year_start(as_of)
        year_end = dt.date(year_start.year + 1, 8, 31)
        in_year = [h for h in self.half_terms if year_start <= h.start <= year_end]
        if not self.remaining_is_estimate(as_of):
            after = as_of + dt.timedelta(days=1)
            return 2 * sum(
                len(configured_school_days(config, max(ht.start, after), ht.end)) for ht in in_year
            )
        this_year = [d for d in self.school_days if year_start <= d <= as_of]
        if this_year and this_year[0] > dt.date(year_start.year, 9, LATEST_TERM_START):
            return None  # the year's sessions before the register are not known
        so_far = len(this_year)
        # school_days counts days; sessions so far is at most twice that
        return max(0, STATUTORY_SESSIONS - 2 * so_far)


def half_term_of(half_terms: Iterable[HalfTerm], day: dt.date) -> HalfTerm | None:
    """Of ``half_terms`` (in order), the one holding ``day``; in a holiday, the last one
    that ended before it (whose letters a run as of the holiday writes); after the last,
    the last.  None before the first."""
    current = None
    for ht in half_terms:
        if ht.start <= day:
            current = ht
    return current


def infer_half_terms(
    weeks: tuple[dt.date, ...],
    days: tuple[dt.date, ...],
    closure_weeks: Iterable[dt.date] = (),
) -> tuple[HalfTerm, ...]:
    """Runs of consecutive school weeks, named by term and order within the term.

    A closure week (``closure_weeks``) joins the school weeks either side of it into
    one run: an unexpected closure is not a holiday (DOMAIN.md 10).
    """
    if not weeks:
        return ()
    school = set(weeks)
    every = sorted(school | set(closure_weeks))
    runs: list[list[dt.date]] = [[every[0]]]
    for w in every[1:]:
        if (w - runs[-1][-1]).days == 7:
            runs[-1].append(w)
        else:
            runs.append([w])
    out: list[HalfTerm] = []
    counters: dict[tuple[int, str], int] = {}
    for whole in runs:
        run = [w for w in whole if w in school]
        if not run:
            continue
        # a closure week at the start or the end of a run is the half term's too: a
        # closed first week after Christmas is Spring 1's, not still Autumn 2 (whose
        # lateness was counted on into it)
        # and after a holiday, the weekdays of the first school week before its first
        # school day (an INSET Monday, `#` for everyone) are the half term they open, as
        # term dates give them: as of that Monday the half term before has ended and its
        # lates are no longer this half term's (docs/decisions.md, sweep spells).  Not the
        # data's first run (the days before the exports' first are not known to be INSET
        # days), nor a bank holiday Monday (a holiday, as term dates leave it out)
        first = (
            min(d for d in days if monday(d) == run[0]) if whole[0] in school else whole[0]
        )
        if whole[0] in school and whole is not runs[0]:
            while first > run[0] and not is_bank_holiday(first - dt.timedelta(days=1)):
                first -= dt.timedelta(days=1)
        last = (
            max(d for d in days if monday(d) == run[-1])
            if whole[-1] in school
            else whole[-1] + dt.timedelta(days=4)
        )
        for start, end in _within_school_years(first, last, days):
            # (named by its first school day: an INSET Monday of 31 December opens Spring)
            named = min((d for d in days if start <= d <= end), default=start)
            term = "Autumn" if named.month >= 9 else "Spring" if named.month <= 3 else "Summer"
            key = (academic_year_start(start).year, term)
            if key not in counters and named >= named.replace(**SECOND_HALF_FROM[term]):
                # the exports begin after the term's half-term holiday: its first half
                # term is not in them (an export from Autumn 2 is not "Autumn 1")
                counters[key] = 1
            counters[key] = counters.get(key, 0) + 1
            out.append(HalfTerm(f"{term} {counters[key]}", start, end))
    return tuple(out)


def _within_school_years(
    first: dt.date, last: dt.date, days: tuple[dt.date, ...]
) -> list[tuple[dt.date, dt.date]]:
    """``first`` to ``last`` cut at each 1 September in it: a half term lies in one school
    year (DOMAIN.md 10; the config refuses one across 1 September), so a school that opens
    on 31 August with no holiday before 1 September ends 2026/27's last half term on 31
    August and starts Autumn 1 on 1 September.  Each part runs from its first school day
    to its last (a part after 1 September with none keeps the year's own edge).  A part
    before 1 September with no school day (a week closed from Tue 1 September, whose
    Monday began the run) is no half term: the closed days are the next one's, from
    1 September (it was a half term of 31 August, of the year before, holding no day)."""
    parts, start = [], first
    while academic_year_start(last) > academic_year_start(start):
        boundary = academic_year_start(start).replace(year=academic_year_start(start).year + 1)
        before = [d for d in days if start <= d < boundary]
        if not before:
            start = boundary
            continue
        parts.append((start, max(before)))
        after = [d for d in days if boundary <= d <= last]
        start = min(after) if after else boundary
    parts.append((start, last))
    return parts


@cache  # a pure function of the date: worked out once per date of birth in a run
def compulsory_school_age_window(dob: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of compulsory school age (DOMAIN.md 5).

    From the prescribed day (31 December, 31 March or 31 August) on or after
    the 5th birthday, to the last Friday in June of the school year in which
    the child turns 16.
    """
    fifth = _add_years(dob, 5)
    candidates = [
        dt.date(fifth.year, 3, 31),
        dt.date(fifth.year, 8, 31),
        dt.date(fifth.year, 12, 31),
    ]
    start = min(c for c in candidates if c >= fifth)
    sixteenth = _add_years(dob, 16)
    june_year = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    last = dt.date(june_year, 6, 30)
    while last.weekday() != 4:
        last -= dt.timedelta(days=1)
    return start, last


def not_of_compulsory_school_age_text(dob: dt.date, on: dt.date) -> str:
    """Why a pupil born ``dob`` is not of compulsory school age on ``on``, with the dates:
    "not of compulsory school age on 28/06/2027 (born 01/09/2010: compulsory school age
    ended on 25/06/2027)"."""
    first, last = compulsory_school_age_window(dob)
    when = (
        f"of compulsory school age from {first:%d/%m/%Y}"
        if on < first
        else f"compulsory school age ended on {last:%d/%m/%Y}"
    )
    return f"not of compulsory school age on {on:%d/%m/%Y} (born {dob:%d/%m/%Y}: {when})"


def births_in_order(dobs: Sequence[dt.date | None]) -> list[dt.date]:
    """A pupil's dates of birth (``dobs``: each row's, in date order, blanks as None) each
    once, the one used (the last row's) last: A, B, A is B then A."""
    given = [d for d in dobs if d is not None]
    return [d for d in dict.fromkeys(given) if d != given[-1]] + given[-1:]


#: what follows the date of birth used, in :func:`differing_births_text`: a notice's (the
#: penalty-notice and notice-to-improve packs, `pn record`)
FOLLOWS_NOTICE = "which sessions count and whether a notice can be issued follow it"
#: a referral pack's: it gives the local authority the child's date of birth, and what the
#: local authority can do (a notice, a prosecution) needs compulsory school age
FOLLOWS_REFERRAL = (
    "the pack gives it to the local authority, whose next steps (a notice, a prosecution) "
    "are open only for a pupil of compulsory school age"
)


def births_listed(dobs: Iterable[dt.date]) -> str:
    """"01/09/2021, then 31/08/2021": dates of birth in the order :func:`births_in_order`
    gives them, as every line about a pupil's two dates of birth says them."""
    return ", then ".join(f"{d:%d/%m/%Y}" for d in dobs)


def differing_births_text(
    upn: str, dobs: Sequence[dt.date | None], follows: str = FOLLOWS_NOTICE
) -> str | None:
    """A sentence when a pupil's rows give more than one date of birth (``dobs``: each
    row's, in date order, blanks as None; the last row's is the one used), saying what each
    makes of compulsory school age (DOMAIN.md 5: who may be fined follows it) and what
    ``follows`` the one used; None for one or none."""
    dobs = births_in_order(dobs)
    if len(dobs) < 2:
        return None

    def age(dob: dt.date) -> str:
        first, last = compulsory_school_age_window(dob)
        return f"from {first:%d/%m/%Y} to {last:%d/%m/%Y}"

    used = dobs[-1]
    others = "; ".join(f"born {d:%d/%m/%Y}, {age(d)}" for d in dobs[:-1])
    return (
        f"the exports give {upn} {len(dobs)} dates of birth "
        f"({births_listed(dobs)}): the latest is used (born "
        f"{used:%d/%m/%Y}, of compulsory school age {age(used)}; {others}), and {follows}: "
        "put the right one in the MIS and export the register again, every week of it"
    )


def of_compulsory_school_age(dob: dt.date | None, *on: dt.date) -> bool | None:
    """Whether a pupil born ``dob`` is of compulsory school age on every date in ``on``
    (DOMAIN.md 5: :func:`compulsory_school_age_window`); None when ``dob`` is unknown.
    A letter asks it of its figures' date and its own date (docs/decisions.md)."""
    if dob is None:
        return None
    first, last = compulsory_school_age_window(dob)
    return all(first <= day <= last for day in on)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February -> the birthday is taken as 1 March in a common year
        return dt.date(day.year + years, 3, 1)
