"""What period the register covers, and what it does not (DOMAIN.md 2 and 10).

Year-to-date figures need the register from the period's first school day to the
as-of date.  :func:`coverage` compares what the data holds with what the period
needs and lists every gap: the register starting late, a school week inside a
configured term with no data at all (a weekly file left out), and school days
between the end of the data and the as-of date.  :func:`check_term_dates` refuses
config term dates that do not cover the data's school year.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from attcli.bankholidays import is_bank_holiday
from attcli.config import LONGEST_HOLIDAY, Config, HalfTerm, name_given
from attcli.errors import AttcliError, ConfigError, shown

#: Without term dates in the config, a register that starts on or before this day of
#: September is taken to start on the year's first school day (English schools go back
#: between 1 and 8 September); one that starts later does not cover the year
#: (docs/decisions.md, "Coverage").
LATEST_TERM_START = 8
#: Likewise the spring term: English schools go back after Christmas by 8 January (the
#: register check, without term dates, refuses a spring export that starts later).
LATEST_SPRING_START = 8


def terms_give_the_year_from_september(first: dt.date, year_start: dt.date) -> bool:
    """Whether the configured half terms of the school year from ``year_start`` (1
    September), the first of them beginning on ``first``, give the year from September:
    that half term begins by 30 September (30 September is September).  If not, they are
    a later part's only (the summer's): the weekdays before them are not known to be
    holidays, and a register beginning after :data:`LATEST_TERM_START` September does not
    cover the year.  Read alike by the coverage and
    :meth:`attcli.calendar.Calendar.is_the_year`: a period the one calls the school year's,
    the other must too."""
    return first <= dt.date(year_start.year, 9, 30)


#: Letters are refused when the as-of date is more than this many school days after
#: the last date in the data (two school weeks; holidays in the config do not count).
MAX_DAYS_AFTER_DATA = 10

#: The longest holiday inside a school year (Christmas, Easter): an as-of date further
#: than this past the last configured half term (not the summer one) is beyond the config.
MAX_HOLIDAY_DAYS = 17

BEFORE_DATA = "before_data"
MISSING_WEEK = "missing_week"
#: school days of the term with no register, in a week that has some (two days between
#: one export's end and the next one's start)
MISSING_DAYS = "missing_days"
#: the gaps inside the data: days of the term no export holds
INSIDE = (MISSING_WEEK, MISSING_DAYS)
AFTER_DATA = "after_data"


@dataclass(frozen=True)
class Gap:
    kind: str  # before_data | missing_week | after_data
    start: dt.date
    end: dt.date
    school_days: int  # school days (weekdays, without term dates) the gap holds
    school: str = ""
    #: counted as weekdays: no term dates in the config say which are school days
    weekdays: bool = False
    #: the term of the configured half term a gap inside the data is in ("autumn"): where
    #: it is, said as such (a spring register check's gap in the autumn is not "inside
    #: the term")
    term: str = ""
    #: a missing week that is the first or last of its configured half term: the half
    #: term (its dates may be a week out: a holiday typed into it)
    edge_of: HalfTerm | None = field(default=None, compare=False)

    def describe(self) -> str:
        n = self.school_days
        days = f"{n} {'weekday' if self.weekdays else 'school day'}{'s' if n != 1 else ''}"
        # one day is "on" it, not "from 16/11/2026 to 16/11/2026"
        span = (
            f"on {self.start:%d/%m/%Y}"
            if self.start == self.end
            else f"from {self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"
        )
        where = f"{self.school}: " if self.school else ""
        if self.kind == BEFORE_DATA:
            return f"{where}no register {span} ({days}) before the data starts"
        inside = f"in the {self.term} term" if self.term else "inside the term dates"
        if self.kind == MISSING_WEEK:
            week = f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"
            return f"{where}no register for the week {week} ({days}), {inside}"
        if self.kind == MISSING_DAYS:
            return f"{where}no register {span} ({days}), {inside}"
        return f"{where}no register {span} ({days}) after the data ends"

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "school_days": self.school_days,
        }
        if self.school:
            out["school"] = self.school
        return out


@dataclass(frozen=True)
class Coverage:
    """What the register covers of the period the figures are for."""

    #: the period asked for: 1 September of the as-of date's school year, or --from
    period_start: dt.date
    as_of: dt.date
    data_start: dt.date
    data_end: dt.date
    #: the period was stated by the user (--from), not the default school year
    explicit: bool = False
    #: the period's first school day, where the config's term dates say it
    first_school_day: dt.date | None = None
    gaps: tuple[Gap, ...] = field(default_factory=tuple)
    #: the config gives term dates (a gap of weekdays is then of days they do not give)
    term_dates: bool = False
    #: where the config sets the term dates and INSET days (a trust's school: its own
    #: section's, :attr:`Config.half_terms_key`), as the advice names them
    half_terms_key: str = "[[calendar.half_terms]]"
    inset_days_key: str = "[calendar] inset_days"

    @property
    def complete(self) -> bool:
        return not self.gaps

    @property
    def covers_period(self) -> bool:
        """The figures hold every school day of the period up to the data's end: no gap
        before the data or inside it (a band can be given)."""
        return not any(g.kind in (BEFORE_DATA, *INSIDE) for g in self.gaps)

    @property
    def days_after_data(self) -> int:
        return sum(g.school_days for g in self.gaps if g.kind == AFTER_DATA)

    @property
    def figures_start(self) -> dt.date:
        """The first date the figures cover: the period's start, or the data's when later."""
        late = [g for g in self.gaps if g.kind == BEFORE_DATA]
        return max(self.period_start, self.data_start) if late else self.period_start

    @property
    def figures_end(self) -> dt.date:
        """The last date the figures cover: the as-of date, or the data's end when earlier;
        the as-of date when the data ends before the period begins (an as-of date between
        the summer term's last day and the new school year's first: its figures hold no
        session, never a period that ends before it starts)."""
        if self.data_end < self.period_start:
            return self.as_of
        return min(self.as_of, self.data_end)

    def inside_named(self) -> str | None:
        """The gaps inside the data as advice names what to export: one gap by its dates
        ("the week 12/10/2026 to 16/10/2026", or "12/10/2026 to 14/10/2026"), several as
        "the missing weeks" (or days: :meth:`line` lists them); None when there are none."""
        missing = [g for g in self.gaps if g.kind in INSIDE]
        if len(missing) == 1:
            g = missing[0]
            span = f"{g.start:%d/%m/%Y} to {g.end:%d/%m/%Y}"
            return f"the week {span}" if g.kind == MISSING_WEEK else span
        if not missing:
            return None
        weeks = all(g.kind == MISSING_WEEK for g in missing)
        return "the missing weeks" if weeks else "the missing days"

    def to_give(self) -> str | None:
        """What to export to fill the gaps, as advice to a command without ``--from`` says
        it ("give ..."): the exports from the period's start when they start late, the
        register of a gap inside them (:meth:`inside_named`), the register up to the as-of
        date when they end before it; None when there is no gap."""
        what = "the period" if self.explicit else "the school year"
        parts = []
        if any(g.kind == BEFORE_DATA for g in self.gaps):
            parts.append(f"the exports from {self.period_start:%d/%m/%Y} (the start of {what})")
        inside = self.inside_named()
        if inside is not None:
            parts.append(f"the register for {inside}" + ("" if parts else " too, with the others"))
        if any(g.kind == AFTER_DATA for g in self.gaps):
            parts.append(f"the register up to {self.as_of:%d/%m/%Y}")
        return ", and ".join(parts) if parts else None

    def line(self, remedy: str | None = None) -> str | None:
        """One line for people, or None when the data covers the period.

        ``remedy``: what the command does with the gaps and what would mend them, in place
        of the usual sentence, which offers ``--from`` for a register that starts late (a
        command without that option, register-check or la-return, must not advise it)."""
        if self.complete:
            return None
        what = "the period" if self.explicit else "the school year"
        parts = [g.describe() for g in self.gaps[:3]]
        more = len(self.gaps) - 3
        if more > 0:
            parts.append(f"and {more} more gap{'s' if more != 1 else ''}")
        text = (
            f"INCOMPLETE DATA: the exports cover {self.data_start:%d/%m/%Y} to "
            f"{self.data_end:%d/%m/%Y}; " + "; ".join(parts)
        )
        missing = [g for g in self.gaps if g.kind in INSIDE]
        if remedy is not None:
            text += f". {remedy}"
        elif missing:
            # a week missing inside the data: no shorter period helps, only the week's
            # register (--from the data's start was offered, and said the same again)
            if all(g.kind == MISSING_WEEK for g in missing):
                weeks = "the missing weeks" if len(missing) > 1 else "the missing week"
            else:
                weeks = "the missing days"
            text += (
                f". Figures are for {self.figures_start:%d/%m/%Y} to "
                f"{self.figures_end:%d/%m/%Y} without {weeks}, with no band: export the "
                f"register for {weeks} too and give it with the others"
            )
        elif not self.covers_period:
            text += (
                f". Figures are for {self.figures_start:%d/%m/%Y} to "
                f"{self.figures_end:%d/%m/%Y} only, with no band: export the register from "
                f"{self.period_start:%d/%m/%Y} (the start of {what}), or pass --from "
                f"{self.data_start:%d/%m/%Y} for figures and bands over the shorter period"
            )
        elif self.data_end < self.period_start:
            # last year's export alone, as of a day of this year: no figure is of the period
            text += (
                f". The exports end before {what} starts: no year-to-date figures or bands; "
                "penalty-notice windows and runs of absence are as of "
                f"{self.data_end:%d/%m/%Y}, the end of the data"
            )
        else:
            text += f". Figures are as of {self.figures_end:%d/%m/%Y}, the end of the data"
        edge = next((g.edge_of for g in self.gaps if g.edge_of is not None), None)
        if edge is not None:
            # a whole week without a register at a half term's start or end: more likely
            # a holiday week typed into the half term than a week of INSET days
            text += (
                " (if the school had no sessions that week: a holiday, correct the dates of "
                f"{edge.name!r} ({edge.start:%d/%m/%Y} to {edge.end:%d/%m/%Y}) in "
                f"{self.half_terms_key}; INSET days or a closure, list them in "
                f"{self.inset_days_key})"
            )
        elif any(
            g.kind in (BEFORE_DATA, *INSIDE) and not g.weekdays and g.school_days <= 5
            for g in self.gaps
        ):
            # no export can be made of INSET days the config does not list: say the other fix
            text += (
                " (if the school had no sessions on those days, INSET days or a closure, "
                f"list them in {self.inset_days_key})"
            )
        elif any(g.weekdays for g in self.gaps) and self.half_terms_key not in text:
            # without term dates a gap is weekdays, which may have been a holiday: the
            # other fix, named (a register "up to 31/10" of a half-term week cannot be had)
            text += (
                # (term dates given, but not for those days: a school year's summer only)
                " (attcli.toml gives no term dates for those days, so they are weekdays: if "
                "some were a holiday, add the school year's other half terms to "
                f"{self.half_terms_key})"
                if self.term_dates
                else " (attcli.toml has no term dates, so those are weekdays: if they were a "
                f"holiday, give the school's term dates in {self.half_terms_key})"
            )
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "period_start": self.period_start.isoformat(),
            "data_start": self.data_start.isoformat(),
            "data_end": self.data_end.isoformat(),
            "gaps": [g.to_json() for g in self.gaps],
            "complete": self.complete,
        }


def merge(parts: list[Coverage], schools: list[str]) -> Coverage:
    """One coverage for several schools loaded together: every school's gaps, named."""
    if len(parts) == 1:
        return parts[0]
    gaps = tuple(
        Gap(g.kind, g.start, g.end, g.school_days, school or "(no school)", g.weekdays, g.term)
        for c, school in zip(parts, schools, strict=True)
        for g in c.gaps
    )
    first = parts[0]
    return Coverage(
        period_start=first.period_start,
        as_of=first.as_of,
        data_start=min(c.data_start for c in parts),
        data_end=max(c.data_end for c in parts),
        explicit=first.explicit,
        first_school_day=min(
            (c.first_school_day for c in parts if c.first_school_day), default=None
        ),
        gaps=gaps,
        term_dates=all(c.term_dates for c in parts),
        # (the parts are one evaluation's schools, of one config: its keys are every
        # part's; a trust's schools with their own sections are run one by one,
        # --per-school, never merged: sweep mutnew18)
        half_terms_key=first.half_terms_key,
        inset_days_key=first.inset_days_key,
    )


# --------------------------------------------------------------------------- computing


def days_since_data(config: Config, data_end: dt.date, day: dt.date) -> tuple[int, str]:
    """The school days after ``data_end`` and before ``day`` (today: its register may not
    be taken yet), and their unit: how out of date a register is on ``day``.  The
    configured school days, and every weekday after the last half term the config gives
    (last year's config, or one that stops at Christmas, holds no holiday after it: it
    says nothing of those days); weekdays without term dates."""
    end = day - dt.timedelta(days=1)
    if end <= data_end:
        return 0, "school days"
    start = data_end + dt.timedelta(days=1)
    if not config.half_terms:
        return len(weekdays(start, end)), "weekdays"
    last = max(h.end for h in config.half_terms)
    n = len(configured_school_days(config, start, min(end, last)))
    beyond = len(weekdays(max(start, last + dt.timedelta(days=1)), end))
    # (and the weekdays of a half term the config leaves out: days_not_given)
    beyond += len(days_not_given(config, start, min(end, last)))
    if not beyond:
        return n, "school days"
    why = "after the last term dates given" if end > last else "that the term dates do not give"
    if not n:
        return beyond, f"weekdays ({why})"
    return n + beyond, f"school days and weekdays ({why})"


def out_of_date_note(config: Config, data_end: dt.date) -> list[str]:
    """A note when the register ended more than two school weeks before today and the
    figures are as of its last day (no --as-of given): a forgotten weekly export, or last
    year's, is read as of then, and a child missing since is not in it (DOMAIN.md 2)."""
    from attcli.clock import today

    now = today()
    n, unit = days_since_data(config, data_end, now)
    if n <= MAX_DAYS_AFTER_DATA:
        return []
    return [
        f"the exports end {data_end:%d/%m/%Y}, {n} {unit} before today ({now:%d/%m/%Y}): "
        "these figures are as of then, and what happened since is not in them; export the "
        "register up to date"
    ]


def after_data_in_period(
    config: Config,
    data_end: dt.date,
    period_end: dt.date,
    *,
    today: dt.date | None = None,
    as_of: dt.date | None = None,
) -> Gap | None:
    """The school days of a period ending ``period_end`` (a term, a month) that come after
    the data's last day ``data_end``, as an :data:`AFTER_DATA` gap; None when there are none.

    Up to the period's end, or the as-of date the user gave when earlier, or, for a file
    made ``today`` with no as-of date, the day before today (today's register may not be
    taken yet: a period not over, with the register to yesterday, lacks nothing).  School
    days by the config's term dates (INSET days and bank holidays are not:
    :func:`configured_school_days`, as :func:`coverage` counts them); without term dates the
    data's calendar is the only one, and it holds no school day after the data: None."""
    if not config.half_terms:
        return None
    end = period_end
    if as_of is not None:
        end = min(end, as_of)
    if today is not None:
        end = min(end, today - dt.timedelta(days=1))
    days = configured_school_days(config, data_end + dt.timedelta(days=1), end)
    if not days:
        return None
    return Gap(AFTER_DATA, days[0], days[-1], len(days))


def no_school_day_after(config: Config, data_end: dt.date, as_of: dt.date) -> bool:
    """Whether no school day lies after the data's last day ``data_end`` up to ``as_of``:
    the figures as of ``as_of`` are then whole (an as-of date on a weekend, in a holiday,
    or on an INSET Monday after it, with the register to the Friday before), as
    :func:`coverage` counts the days after the data (term dates' school days, and
    weekdays they do not give; without term dates, every weekday)."""
    start = data_end + dt.timedelta(days=1)
    if as_of < start:
        return True
    if not config.half_terms:
        return not open_weekdays(start, as_of)
    return not configured_school_days(config, start, as_of) and not days_not_given(
        config, start, as_of
    )


def refuse_after_data(
    config: Config,
    data_end: dt.date,
    period_end: dt.date,
    period: str,
    *,
    today: dt.date | None = None,
    as_of: dt.date | None = None,
) -> None:
    """Refuse a file for the local authority (``register-check``, ``la-return``) of
    ``period`` ("October 2026") made from an export that stops before the period's school
    days do (:func:`after_data_in_period`): it would be as of the export's last day and say
    nothing of the days after (DOMAIN.md 2).  One line: the data's last day, the period's
    last school day (before today, or to the as-of date), the days missing, and the two
    ways on: the register to that day, or ``--as-of`` the data's last day for the period so
    far (the file then says "figures as of" it)."""
    gap = after_data_in_period(config, data_end, period_end, today=today, as_of=as_of)
    if gap is None:
        return
    until = ""
    if as_of is not None and as_of < period_end:
        until = f" to the as-of date ({as_of:%d/%m/%Y})"
    elif today is not None and today <= period_end:
        until = f" before today ({today:%d/%m/%Y})"
    raise AttcliError(
        f"the exports end {data_end:%d/%m/%Y}, and {period}'s last school day{until} is "
        f"{gap.end:%d/%m/%Y}: {gap.describe()}; export the register up to "
        f"{gap.end:%d/%m/%Y}, or pass --as-of {data_end:%Y-%m-%d} to make the file of "
        f"{period} so far (it then says figures as of {data_end:%d/%m/%Y})"
    )


def unknown_after_data_note(
    config: Config, data_end: dt.date, period_end: dt.date, period: str, *, today: dt.date
) -> list[str]:
    """Without term dates, :func:`refuse_after_data` cannot count a period's school days
    after the data (the data's calendar knows none): a line naming the period's weekdays
    after the data's last day (to its end, or the day before ``today``), which may have
    been school days, so that a file of the period so far is never read as the whole
    period (DOMAIN.md 2).  Nothing with term dates (refused there instead)."""
    if config.half_terms:
        return []
    end = min(period_end, today - dt.timedelta(days=1))
    days = open_weekdays(data_end + dt.timedelta(days=1), end)
    if not days:
        return []
    n = len(days)
    before = " before today" if end < period_end else ""
    return [
        f"the exports end {data_end:%d/%m/%Y}, and {period} has {n} weekday"
        f"{'s' if n != 1 else ''} after it{before} ({days[0]:%d/%m/%Y} to "
        f"{days[-1]:%d/%m/%Y}): with {config.no_term_dates} attcli cannot tell which "
        f"were school days, so this return is of {period} to {data_end:%d/%m/%Y} only, not "
        f"the whole month; export the register up to {days[-1]:%d/%m/%Y}, or give the "
        f"school's term dates ([[{config.half_terms_key}]])"
    ]


def open_weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    """The weekdays from ``start`` to ``end`` but bank holidays: the days after the data
    that may have been school days when no term dates say (bank holidays are never school
    days, as cme's runs already read them; an as-of date of the Spring bank holiday after
    a register to the Friday was "no register on 31/05/2027 (1 weekday)", NEW against the
    Friday before: sweep oracle15)."""
    return [d for d in weekdays(start, end) if not is_bank_holiday(d)]


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    """The weekdays from ``start`` to ``end``, both included."""
    out, d = [], start
    while d <= end:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def academic_year_label(day: dt.date) -> str:
    y = day.year if day.month >= 9 else day.year - 1
    return f"{y}/{(y + 1) % 100:02d}"


def _year_half_terms(config: Config, as_of: dt.date) -> list[HalfTerm]:
    y0 = dt.date(as_of.year if as_of.month >= 9 else as_of.year - 1, 9, 1)
    y1 = dt.date(y0.year + 1, 8, 31)
    return [h for h in config.half_terms if h.end >= y0 and h.start <= y1]


def year_half_terms(config: Config, day: dt.date, which: str) -> list[HalfTerm]:
    """The configured half terms of ``day``'s school year; none (last year's config) is a
    :class:`ConfigError` naming ``calendar.half_terms``, the years given and ``which``
    (what made that year the one: "the school year of the as-of date ...")."""
    in_year = _year_half_terms(config, day)
    if not in_year:
        year = academic_year_label(day)
        given = sorted({academic_year_label(h.start) for h in config.half_terms})
        # term dates only for later years: more likely last year's export than a config
        # missing a year
        old_export = all(g > year for g in given)
        raise ConfigError(
            config.half_terms_key,
            f"no half term in {year}, {which}; the term dates given are for "
            f"{', '.join(given)}: "
            + (
                f"if the exports are last year's by mistake, export {given[0]}'s register; "
                "otherwise "
                if old_export
                else ""
            )
            + f"add {year}'s half terms (or remove them all to have attcli infer them from "
            "the register)",
            file=config.path,
        )
    return in_year


def _term_of(config: Config, day: dt.date) -> str:
    """The term (:attr:`HalfTerm.term`) of the configured half term holding ``day``."""
    return next((h.term for h in config.half_terms if h.contains(day)), "")


def _edge_of(config: Config, days: list[dt.date]) -> HalfTerm | None:
    """The configured half term whose first or last school week ``days`` (a week's school
    days) are, or None."""
    one = dt.timedelta(days=1)
    h = next((h for h in config.half_terms if h.contains(days[0])), None)
    if h is None:
        return None
    first = not configured_school_days(config, h.start, days[0] - one)
    last = not configured_school_days(config, days[-1] + one, h.end)
    return h if first or last else None


def configured_school_days(config: Config, start: dt.date, end: dt.date) -> list[dt.date]:
    """Weekdays from ``start`` to ``end`` inside a configured half term, less INSET days
    and bank holidays (England and Wales: :mod:`attcli.bankholidays`; term dates run
    across them, and schools seldom list them as INSET days).  What the school would have
    had, for days with no register: a day with marks is the data's to decide
    (:class:`attcli.calendar.Calendar`)."""
    return term_school_days(config.half_terms, config.inset_days, start, end)


def term_school_days(
    half_terms: Sequence[HalfTerm], inset_days: Collection[dt.date], start: dt.date, end: dt.date
) -> list[dt.date]:
    """:func:`configured_school_days` from the term dates and INSET days themselves (what
    the escalation ladder holds, :func:`attcli.ladder.period_end`)."""
    # (asked 171 times a check of the example school, of 48 ranges: each range worked out
    # once a process for the same term dates, and a list of its own given to each caller;
    # issue 15)
    return list(_term_school_days(tuple(half_terms), frozenset(inset_days), start, end))


@functools.lru_cache(maxsize=1024)
def _term_school_days(
    half_terms: tuple[HalfTerm, ...], inset: frozenset[dt.date], start: dt.date, end: dt.date
) -> tuple[dt.date, ...]:
    return tuple(
        d
        for d in weekdays(start, end)
        if d not in inset and not is_bank_holiday(d) and any(h.contains(d) for h in half_terms)
    )


def improvement_period(
    first: dt.date,
    weeks: int,
    half_terms: Sequence[HalfTerm],
    inset_days: Collection[dt.date],
) -> tuple[dt.date, dt.date, bool]:
    """A notice to improve's improvement period of ``weeks`` weeks from ``first`` (DOMAIN.md
    5: 3 to 6 weeks): (first day, last day, counted in school days).  The weeks are school
    weeks, five school days each by the term dates, from the first school day on or after
    ``first`` (local authorities' codes give the period so: "6 school weeks (a maximum of
    30 school days)"; three calendar weeks from the last day of term are the Christmas
    holiday, sweep7).  Without term dates that reach so far, calendar weeks from
    ``first`` (False), which the evidence pack says.  One reckoning for the notice the
    pack proposes and the period `attcli cases` judges (sweep nti)."""
    if half_terms:
        days = term_school_days(half_terms, inset_days, first, max(h.end for h in half_terms))
        n = 5 * weeks
        if len(days) >= n:
            return days[0], days[n - 1], True
    return first, first + dt.timedelta(days=7 * weeks - 1), False


def days_not_given(config: Config, start: dt.date, end: dt.date) -> list[dt.date]:
    """The weekdays (not bank holidays) from ``start`` to ``end``, of a school year the
    config gives half terms for, that its term dates make neither school days nor a
    holiday: in no half term, and not between two half terms at most 8 weeks apart (a
    longer gap is a half term left out: Autumn 2 missing between Autumn 1 and Spring 1),
    after the summer half term (ending in July or August) or before a first half term
    in September (the summer holiday).  After the last half term given, when that is not
    the summer's (a config that stops at Autumn 1 or at Christmas), they are unknown too
    (DOMAIN.md 10: term dates that do not cover the school year are never silently
    used; :func:`check_term_dates` refuses an as-of date more than
    :data:`MAX_HOLIDAY_DAYS` after it).  What :func:`coverage` counts as weekdays after
    the data, as it counts them without term dates."""
    terms = config.half_terms
    years = {academic_year_label(h.start) for h in terms}
    out = []
    for d in weekdays(start, end):
        if is_bank_holiday(d) or academic_year_label(d) not in years:
            continue
        if any(h.contains(d) for h in terms):
            continue
        before = [h for h in terms if h.end < d]
        after = [h for h in terms if h.start > d]
        prev, nxt = (before[-1] if before else None), (after[0] if after else None)
        if prev is not None and nxt is not None and nxt.start - prev.end <= LONGEST_HOLIDAY:
            continue  # a holiday between two half terms
        year = academic_year_label(d)
        if prev is not None and prev.end.month in (7, 8) and academic_year_label(prev.end) == year:
            continue  # the summer holiday, after the summer half term
        if nxt is not None and nxt.start.month == 9 and academic_year_label(nxt.start) == year:
            continue  # the days of September before the first half term
        out.append(d)
    return out


def gap_days(config: Config, gap: Gap) -> list[dt.date]:
    """The days ``gap`` holds, as :func:`coverage` counted them: its school days by the
    term dates, or its weekdays (not bank holidays) where no term dates say which are
    school days."""
    if gap.weekdays:
        return open_weekdays(gap.start, gap.end)
    return configured_school_days(config, gap.start, gap.end)


#: School days of one week in a configured holiday that make the term dates wrong, not
#: the register (a register opened on a holiday is a day or two: a data-quality item).
HOLIDAY_WEEK_DAYS = 3


def as_of_slip(config: Config, as_of: dt.date, data_end: dt.date | None) -> str | None:
    """The line saying an as-of date after the exports' last day, ``data_end``, looks
    mistyped (a year typed one too many), where the term dates would otherwise be blamed:
    it is more than a school year after that day, or the term dates have a half term in
    that day's school year and none in the as-of date's.  None when the term dates would
    not be blamed (they cover the as-of date) or the date is no slip by those tests: an
    office told to add next year's half terms may do so, leaving the typo in place."""
    if data_end is None or as_of <= data_end or not config.half_terms:
        return None
    in_year = _year_half_terms(config, as_of)
    last = in_year[-1].end if in_year else None
    if last is not None and not (
        as_of > last + dt.timedelta(days=MAX_HOLIDAY_DAYS) and last.month not in (7, 8)
    ):
        return None  # (the term dates cover it: check_term_dates says nothing of it)
    far = (as_of - data_end).days > 365
    if not far and (in_year or not _year_half_terms(config, data_end)):
        return None
    year = academic_year_label(as_of)
    if in_year:
        terms = f"the term dates given for {year} end {last:%d/%m/%Y} ({in_year[-1].name})"
        add = "the half terms up to it"
    else:
        given = sorted({academic_year_label(h.start) for h in config.half_terms})
        terms = (
            f"the term dates given have no half term in {year} (they are for "
            f"{', '.join(given)})"
        )
        add = f"{year}'s half terms"
    when = (
        "more than a school year before it" if far else f"in {academic_year_label(data_end)}"
    )
    return (
        f"the as-of date {as_of:%d/%m/%Y} looks mistyped: these exports end "
        f"{data_end:%d/%m/%Y}, {when}, and {terms}: check the year (for the figures as of "
        f"the exports' last day, --as-of {data_end:%d/%m/%Y}); only if {as_of:%d/%m/%Y} is "
        f"meant, export the register up to it and add {add} to {shown(str(config.path))}"
    )


def check_term_dates(
    config: Config,
    as_of: dt.date,
    school_days: list[dt.date],
    start: dt.date,
    data_end: dt.date | None = None,
) -> list[dt.date]:
    """Refuse term dates that do not cover the data's school year (DOMAIN.md 10).

    Raises :class:`ConfigError` naming ``calendar.half_terms`` when no configured half
    term lies in the as-of date's school year, or when the register has school days in
    the period before the first or after the last of that year's half terms, or
    :data:`HOLIDAY_WEEK_DAYS` or more in one week of a holiday between them (a half term
    left out).  Returns the period's school days that fall in a configured holiday (a
    data-quality problem, not an error: a register opened on a holiday).  Before any of
    that, an as-of date that looks mistyped against the exports' last day ``data_end``
    (:func:`as_of_slip`) is said as such, not blamed on the term dates.
    """
    if not config.half_terms:
        return []
    year = academic_year_label(as_of)
    slip = as_of_slip(config, as_of, data_end)
    if slip:
        raise AttcliError(slip)
    in_year = year_half_terms(config, as_of, f"the school year of the as-of date {as_of:%d/%m/%Y}")
    first, last = in_year[0].start, in_year[-1].end
    if as_of > last + dt.timedelta(days=MAX_HOLIDAY_DAYS) and last.month not in (7, 8):
        raise ConfigError(
            config.half_terms_key,
            f"the as-of date {as_of:%d/%m/%Y} is after the last half term given for {year} "
            f"({in_year[-1].name}, to {last:%d/%m/%Y}), so attcli cannot tell which days "
            "since are school days: add the half terms up to the as-of date",
            file=config.path,
        )
    days = [d for d in school_days if start <= d <= as_of]
    year_start = dt.date(as_of.year if as_of.month >= 9 else as_of.year - 1, 9, 1)
    before = [d for d in days if d < year_start]
    if start < year_start:
        # --from in an earlier school year: the term dates are checked against the as-of
        # date's school year only, so a period lies within it (adding that year's half
        # terms would change nothing).  Refused whether or not the register holds that
        # year's days: one that does not was run, telling the office to export from
        # --from, and that export was then refused (sweep rcdob)
        earlier = academic_year_label(start)
        held = ""
        if before:
            span = f"{before[0]:%d/%m/%Y}" + (
                f" to {before[-1]:%d/%m/%Y}" if len(before) > 1 else ""
            )
            held = f", and the register has school days in it ({span})"
        raise AttcliError(
            f"--from {start.isoformat()} is in the school year {earlier}{held}: with term "
            "dates in the config, a period lies "
            f"within the school year of its as-of date ({as_of:%d/%m/%Y}: {year}, from "
            f"{year_start:%d/%m/%Y}), checked against that year's half terms; give --from "
            f"{year_start.isoformat()} or later (the earliest for this as-of date), or an "
            f"--as-of date in {earlier}"
        )
    outside = [d for d in days if d < first or d > last]
    if outside:
        raise ConfigError(
            config.half_terms_key,
            f"the register has school days on {outside[0]:%d/%m/%Y}"
            + (f" to {outside[-1]:%d/%m/%Y}" if len(outside) > 1 else "")
            + f", outside the half terms given for {year} ({first:%d/%m/%Y} to "
            f"{last:%d/%m/%Y}): add the missing half terms",
            file=config.path,
        )
    holiday = [d for d in days if not any(h.contains(d) for h in in_year)]
    weeks: dict[dt.date, list[dt.date]] = {}
    # the school open on a configured INSET day (most pupils marked): said too, as a day of
    # a holiday is (a few pupils' marks there are set aside: engine._holiday_marks).  A
    # bank holiday the school opened on is the data's to decide (docs/decisions.md)
    inset = set(config.inset_days)
    said = sorted(set(holiday) | {d for d in days if d in inset})
    for d in holiday:
        weeks.setdefault(d - dt.timedelta(days=d.weekday()), []).append(d)
    full = [w for w in weeks.values() if len(w) >= HOLIDAY_WEEK_DAYS]
    if full:
        # a week of registers in a configured holiday is not a register opened on a
        # holiday: the term dates miss a half term (the letters would be filed under the
        # half term before it, and this half term's never sent), or the exports are
        # another school's whose holidays differ (a trust's schools, a week apart: the
        # school's right term dates were all the line named, sweep blind4)
        name = name_given(config.school)
        whose = f" ({name}'s)" if name else ""
        # (a trust's school is given its files by their names: a file of another of its
        # schools is one its [schools.KEY] files pattern matched, not another workspace's)
        fix = (
            f"check the files [schools.{config.school_key}] files matches are this school's"
            if config.school_key
            else "give that school's workspace (--workspace DIR, or --config FILE)"
        )
        raise ConfigError(
            config.half_terms_key,
            f"the register has {len(holiday)} school day{'s' if len(holiday) != 1 else ''} "
            f"in holidays of the half terms given for {year}{whose}, {len(full[0])} of them "
            f"in the week of {full[0][0] - dt.timedelta(days=full[0][0].weekday()):%d/%m/%Y}"
            ": a half term is missing, or its dates are wrong: add it or correct its dates; "
            f"or these exports are another school's, whose holidays differ: {fix}; or, "
            "if the register is packed marks, its strings count school days only, with no "
            "place for the holiday (docs/presets.md): export them with a blank for each "
            "weekday the school was closed",
            file=config.path,
        )
    return said


def coverage(
    config: Config,
    *,
    period_start: dt.date,
    as_of: dt.date,
    data_dates: set[dt.date],
    explicit: bool,
) -> Coverage:
    """Compare the dates the data holds (any row) with what the period needs."""
    data_start, data_end = min(data_dates), max(data_dates)
    gaps: list[Gap] = []
    configured = bool(config.half_terms)
    end = min(as_of, data_end)

    # ---- the period's first school day, and the register starting after it
    first_day: dt.date | None
    def weekdays_before(unknown: list[dt.date]) -> None:
        """The weekdays before the data not known to be holidays, as one gap."""
        if unknown:
            gaps.append(Gap(BEFORE_DATA, unknown[0], unknown[-1], len(unknown), weekdays=True))

    if configured:
        days = configured_school_days(config, period_start, as_of)
        first_day = days[0] if days else None
        # (the period lies in the as-of date's school year, whose half terms are given:
        # check_term_dates refuses a --from before it, sweep rcdob)
        year_terms = _year_half_terms(config, period_start)
        if (
            not explicit
            and dt.date(period_start.year, 9, LATEST_TERM_START) < data_start
            and not terms_give_the_year_from_september(year_terms[0].start, period_start)
        ):
            # the school year's half terms given start after September (the summer's
            # only): its weekdays before them are not known to be holidays, and the
            # register starts after 8 September, as with no term dates
            before = min(data_start - dt.timedelta(days=1), as_of)
            unknown = weekdays(period_start, year_terms[0].start - dt.timedelta(days=1))
            weekdays_before(unknown + [d for d in days if d <= before])
        elif first_day is not None and data_start > first_day:
            before = [d for d in days if d < data_start]
            gaps.append(Gap(BEFORE_DATA, first_day, before[-1], len(before)))
    else:
        first_day = None
        if explicit:
            latest = next(iter(weekdays(period_start, period_start + dt.timedelta(days=6))))
        else:
            latest = dt.date(period_start.year, 9, LATEST_TERM_START)
        if data_start > latest and data_start > period_start and latest <= as_of:
            weekdays_before(weekdays(period_start, min(data_start, as_of + dt.timedelta(days=1))
                                     - dt.timedelta(days=1)))  # fmt: skip

    # ---- a week inside a configured term with no data at all
    if configured:
        weeks: dict[dt.date, list[dt.date]] = {}
        for d in configured_school_days(config, max(period_start, data_start), end):
            weeks.setdefault(d - dt.timedelta(days=d.weekday()), []).append(d)
        have = {d - dt.timedelta(days=d.weekday()) for d in data_dates}
        for monday, days_in in sorted(weeks.items()):
            if monday not in have:
                term = _term_of(config, days_in[0])
                gaps.append(
                    Gap(
                        MISSING_WEEK, days_in[0], days_in[-1], len(days_in), term=term,
                        edge_of=_edge_of(config, days_in),
                    )
                )  # fmt: skip
                continue
            # a week with data, but school days of the term with no row at all (the days
            # between one export's end and the next one's start; an INSET day not listed)
            run: list[dt.date] = []
            for d in [*days_in, None]:
                if d is not None and d not in data_dates:
                    run.append(d)
                    continue
                if run:
                    term = _term_of(config, run[0])
                    gaps.append(Gap(MISSING_DAYS, run[0], run[-1], len(run), term=term))
                    run = []

    # ---- school days after the data ends, up to the as-of date
    if as_of > data_end:
        after_start = data_end + dt.timedelta(days=1)
        if configured:
            after = configured_school_days(config, after_start, as_of)
        else:
            after = open_weekdays(after_start, as_of)
        if after:
            gaps.append(Gap(AFTER_DATA, after[0], after[-1], len(after), weekdays=not configured))
        unknown = days_not_given(config, after_start, as_of) if configured else []
        if unknown:
            gaps.append(Gap(AFTER_DATA, unknown[0], unknown[-1], len(unknown), weekdays=True))

    return Coverage(
        period_start=period_start,
        as_of=as_of,
        data_start=data_start,
        data_end=data_end,
        explicit=explicit,
        first_school_day=first_day,
        gaps=tuple(gaps),
        term_dates=configured,
        half_terms_key=f"[[{config.half_terms_key}]]",
        inset_days_key=config.inset_days_key,
    )


def no_school_day_between(config: Config, joined: dt.date, start: dt.date) -> bool:
    """Whether the pupil, on roll from ``joined``, had no school day before ``start`` (the
    exports' first school day): joined on it or after; or in its school year, with no day
    of the term dates between (with none given: the year's first school day is taken to
    be that first one of September, as the coverage takes it, when it is by the 8th)."""
    from attcli.calendar import academic_year_start

    if joined >= start:
        return True
    if joined < academic_year_start(start):
        return False  # last school year's days: not known here
    if config.half_terms:
        return not configured_school_days(config, joined, start - dt.timedelta(days=1))
    return start <= dt.date(start.year, 9, LATEST_TERM_START)
