"""``build_report``: every table of the attendance report, as Polars frames.

All percentages follow the one display rule of :mod:`attcli.percent` (one decimal, half up,
half away from zero for a negative gap; more decimals where one would land on or cross a
band line, 0 or 100), from exact integer counts; persistent and severe absence are decided
on exact integers with :func:`attcli.engine.band_expr`.  Nothing is computed from a
rounded figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import polars as pl

from attcli import coverage as cov
from attcli import percent
from attcli.calendar import academic_year_start, possible_expr
from attcli.casebook import ImpactRow, impact_of
from attcli.config import Band, Config, HalfTerm, band_range
from attcli.engine import ATTENDED, PUPIL_KEY, Ask, Evaluation, Prepared, band_expr, prepare
from attcli.errors import AttcliError
from attcli.names import name_order
from attcli.pupil_list import (
    ATTRIBUTES,
    SEN_EHCP,
    SEN_NONE,
    SEN_SUPPORT,
    PupilList,
    normalise_attributes,
)
from attcli.quality import COUNTED, between, problems_line
from attcli.report_settings import National, ReportSettings, settings_from
from attcli.roll import Compact, compact

#: Who the report is for.  The staff version names pupils (the worsening list, data notes
#: listing pupils) and shows the files it was made from; the governors' version names no
#: pupil and no file path.
STAFF = "staff"
GOVERNORS = "governors"
AUDIENCES = (STAFF, GOVERNORS)

#: Persistent absence: attendance at or below 90 % (absence of 10 % or more); severe: at or
#: below 50 %.
#: National definitions, independent of the school's own bands.
PA_BANDS = (Band("no", Fraction(90), inclusive=False), Band("yes", None))
SA_BANDS = (Band("no", Fraction(50), inclusive=False), Band("yes", None))

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_LISTED = 20

ATTRIBUTE_LABELS = {
    "gender": "Gender",
    "sen": "SEN",
    "fsm": "Free school meals",
    "pupil_premium": "Pupil premium",
    "eal": "EAL",
    "cla": "Looked-after children",
}

#: (attribute, cohort label, membership) for the fixed cohorts; gender adds one per value.
FIXED_COHORTS: tuple[tuple[str, str, pl.Expr], ...] = (
    ("sen", "SEN support", pl.col("sen") == SEN_SUPPORT),
    ("sen", "EHC plan", pl.col("sen") == SEN_EHCP),
    ("sen", "Any SEN", pl.col("sen") != SEN_NONE),
    ("fsm", "Free school meals (FSM)", pl.col("fsm")),
    ("pupil_premium", "Pupil premium", pl.col("pupil_premium")),
    ("eal", "English as an additional language (EAL)", pl.col("eal")),
    ("cla", "Looked-after children (CLA)", pl.col("cla")),
)


@dataclass
class TargetProgress:
    """Where the school stands against its attendance target for the year (``[report]
    target``), and the attendance the rest of the year needs to end on it.

    The rest of the year is every pupil on roll now, at every school session left (from
    the term dates; estimated at 380 sessions a year when they do not reach July)."""

    target: Fraction
    attended: int
    possible: int
    #: school sessions left in the year after the as-of date (None: not known, a register
    #: from after September without term dates reaching July), and pupils on roll now
    sessions_left: int | None
    pupils_on_roll: int
    #: what the sessions left rest on where they are estimated (None: counted from the
    #: term dates): :meth:`attcli.calendar.Calendar.remaining_estimate`
    estimated: str | None
    #: the first day of a period that is not the school year (``--from`` a later day):
    #: its figures are not the year's, so nothing is worked against the year's target
    period_from: dt.date | None = None

    @property
    def remaining(self) -> int | None:
        if self.sessions_left is None:
            return None
        return self.sessions_left * self.pupils_on_roll

    @property
    def met_now(self) -> bool:
        return self.possible > 0 and Fraction(100 * self.attended, self.possible) >= self.target

    @property
    def needed(self) -> Fraction | None:
        """The share of the remaining sessions that must be attended (0..1), exactly; None
        when nothing remains or what remains is not known.  Above 1: the target cannot be
        reached this year."""
        if not self.remaining:
            return None
        need = self.target / 100 * (self.possible + self.remaining) - self.attended
        return max(Fraction(0), need / self.remaining)

    @property
    def best_possible(self) -> Fraction:
        """The year's attendance if every remaining session were attended (a percentage)."""
        left = self.remaining or 0  # (asked only when the sessions left are known)
        total = self.possible + left
        return Fraction(100 * (self.attended + left), total) if total else Fraction(0)


@dataclass
class Report:
    """The report's figures.  Every table is a Polars frame; suppressed figures are null."""

    school: str
    title: str
    as_of: dt.date
    period_start: dt.date
    half_term: HalfTerm | None
    previous_half_term: HalfTerm | None
    #: the date the "previous" figures are as of (end of the previous half term), if any
    previous_as_of: dt.date | None
    min_cohort: int
    min_possible_sessions: int
    national: National | None
    bands: tuple[Band, ...]
    pupils: int
    #: measure ("attendance" | "pa" | "sa"), label, value, numerator, denominator,
    #: previous, change_pp, compared (the figure of the pupils the national figures count,
    #: when not the whole school: :func:`_dfe_cohort`), national, vs_national_pp (of
    #: compared, else value), local, vs_local_pp (the school's LA),
    #: note (why a figure is withheld: PA and SA from exports that miss part of the period)
    headline: pl.DataFrame
    #: week_start, week_end, school_days, possible, attended, attendance_pct, note (a week
    #: of the term the exports miss is a row with no figures and a note saying so)
    weekly: pl.DataFrame
    #: year_group, pupils, possible, attended, attendance_pct, pa_rate, sa_rate, note
    year_groups: pl.DataFrame
    #: year_group, reg_group, then as year_groups
    reg_groups: pl.DataFrame
    #: attribute, cohort, pupils, attendance_pct, pa_rate, rest_pupils, rest_attendance_pct,
    #: rest_pa_rate, gap_pp, pa_gap_pp, unknown, note, unknown_note (why the count of
    #: pupils with no value is hidden, which ``unknown`` then is)
    cohorts: pl.DataFrame
    #: weekday, am_pct, pm_pct, attendance_pct, possible, attended
    weekdays: pl.DataFrame
    #: session, possible, attended, attendance_pct
    sessions: pl.DataFrame
    #: band, rule, pupils, share_pct (of pupils with a band)
    band_distribution: pl.DataFrame
    #: upn, surname, forename, year_group, reg_group, previous_band, previous_pct, band,
    #: attendance_pct, ht_attendance_pct
    worsening: pl.DataFrame
    #: attribute -> where it came from ("register export", "pupil list FILE", ...)
    attribute_sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: STAFF or GOVERNORS (see :data:`AUDIENCES`)
    audience: str = STAFF
    #: notes left out of the governors' version (they may name a pupil or a file's path)
    withheld_notes: int = 0
    #: one line when the exports do not cover the period (DOMAIN.md 2), else None
    coverage_line: str | None = None
    #: the period's start was given (--from), not where the exports start
    period_asked: bool = True
    #: the last day the figures hold: the as-of date, or the end of the data when it ends
    #: before (None: the as-of date)
    figures_end: dt.date | None = None
    #: why no pupil has a band, when the exports miss part of the period ("the exports
    #: miss the week of ..."): PA and SA are then withheld (:func:`incomplete_reason`)
    incomplete: str | None = None
    #: the casebook's "did it work?" per stage (attcli.casebook.impact); None without records
    impact: list[ImpactRow] | None = None
    impact_weeks: int = 4
    #: progress toward ``[report] target`` (None: no target set)
    target: TargetProgress | None = None
    #: which of the school's pupils the gaps to the national figures are of, when not all
    #: of them: the DfE counts pupils aged 5 to 15 (:func:`dfe_counted`); else None
    national_cohort: str | None = None

    @property
    def for_governors(self) -> bool:
        return self.audience == GOVERNORS

    @property
    def year_to_date(self) -> bool:
        """The period is the academic year to the as-of date (not ``--from`` a later day)."""
        return self.period_start == academic_year_start(self.as_of)

    def period_label(self, date: Callable[[dt.date], str]) -> str:
        """The period as the report's header says it, dates written by ``date``: "Academic
        year to date: 1 September 2026 to 18 December 2026", or "2 November 2026 to 18
        December 2026 (from --from)" for a later start."""
        span = f"{date(self.period_start)} to {date(self.as_of)}"
        if self.year_to_date:
            return f"Academic year to date: {span}"
        # (an export that starts late is not a period the user asked for)
        whence = "from --from" if self.period_asked else "from the exports' first day"
        return f"{span} ({whence})"

    def add_notes(self, notes: list[str]) -> None:
        """Notes from outside the report (the loaders' warnings) go before its own; the
        governors' version only counts them: they name files, and may name a pupil."""
        if self.for_governors:
            self.withheld_notes += len(notes)
        else:
            self.notes[:0] = notes


# --------------------------------------------------------------------------- arithmetic


def pct1(num: pl.Expr, den: pl.Expr, lines: Sequence[Fraction] = ()) -> pl.Expr:
    """num / den as a percentage by the display rule (:mod:`attcli.percent`: one decimal,
    half up, more where one decimal would land on or cross one of ``lines``, 0 or 100);
    null when den is 0.  Worked out exactly, in Python: the report's tables are small."""

    def shown(batch: pl.Series) -> pl.Series:
        return pl.Series(
            [
                None if n is None or not d else percent.pct_float(int(n), int(d), lines)
                for n, d in zip(
                    batch.struct.field("n").to_list(),
                    batch.struct.field("d").to_list(),
                    strict=True,
                )
            ],
            dtype=pl.Float64,
        )

    return pl.struct(num.cast(pl.Int64).alias("n"), den.cast(pl.Int64).alias("d")).map_batches(
        shown, return_dtype=pl.Float64
    )


def gap1(a1: pl.Expr, p1: pl.Expr, a2: pl.Expr, p2: pl.Expr) -> pl.Expr:
    """(a1/p1 - a2/p2) in percentage points, from exact integers, rounded half away from zero
    (never to 0.0 unless it is 0: a gap of 0.04 pp reads 0.04)."""
    num = a1.cast(pl.Int64) * p2.cast(pl.Int64) - a2.cast(pl.Int64) * p1.cast(pl.Int64)
    den = p1.cast(pl.Int64) * p2.cast(pl.Int64)
    return pl.when(num < 0).then(-pct1(-num, den)).otherwise(pct1(num, den))


def round1(value: Fraction, lines: Sequence[Fraction] = ()) -> float:
    """A percentage (or a difference in pp) by the display rule, as :func:`pct1`/:func:`gap1`."""
    return float(percent.shown(value, lines))


def _fpct(num: int, den: int) -> Fraction | None:
    return Fraction(100 * num, den) if den else None


# --------------------------------------------------------------------------- building


def build_report(
    register: pl.DataFrame | Compact,
    config: Config,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    pupils: PupilList | None = None,
    roll_dates: pl.DataFrame | None = None,
    settings: ReportSettings | None = None,
    audience: str = STAFF,
) -> Report:
    """The attendance report for one school's register, for the academic year to ``as_of``.

    ``roll_dates`` (:attr:`attcli.loaders.LoadResult.roll_dates`): a pupil list's joining
    and leaving dates, which decide the time on roll (DOMAIN.md 1).

    ``audience=GOVERNORS`` leaves out every table and note that names a pupil, and files'
    paths (:data:`AUDIENCES`).
    """
    if audience not in AUDIENCES:
        raise AttcliError(f"--audience {audience!r}: choose {' or '.join(AUDIENCES)}")
    settings = settings or settings_from(config)
    roll = register if isinstance(register, Compact) else compact(register)
    # (a compact register's pupils have the school "" for none)
    schools = sorted(set(roll.pupils.get_column("school").to_list()) - {""})
    if len(schools) > 1:
        from attcli.school_name import several_schools

        raise several_schools(schools)
    prepared = prepare(roll, config, roll_dates=roll_dates)
    # the half term before the as-of date's is compared with (the headline's change and the
    # worsening list)
    ev, prev_ev, prev_ht, why_not = figures_and_half_term_before(prepared, as_of, period_start)

    minimum = config.min_possible_sessions
    governors = audience == GOVERNORS
    # the evaluation's notes (the calendar's, an export made at lunchtime, a period with no
    # school day yet) name no file and no pupil: both versions say them, as they explain the
    # figures both show (the governors' withheld them as "about the export files")
    notes: list[str] = list(ev.warnings)
    withheld = 0
    # what the figures cannot settle, counted (it names no pupil and no file: both
    # versions), never absorbed unsaid (DOMAIN.md 12); the evaluations, of figures only,
    # list none, so the list is made alone
    quality = prepared.data_quality(Ask(as_of, period_start))
    problems = problems_line(
        quality,
        between(ev.period_start, ev.period_end),  # (the figures' last day, DOMAIN.md 2)
        COUNTED,
        "",
        n_days=ev.config.n_within_days,
    )
    if problems:
        notes.append(problems)
    if governors:  # the loaders' notes say it per file, which the governors' version leaves
        # out; DOMAIN.md 1: a legacy code counted as when recorded is said (no file named)
        # (the marks of the figures: the period's, and the half term's before it compared)
        since = min(ev.period_start, prev_ev.period_start) if prev_ev else ev.period_start
        legacy = prepared.legacy_line(ev.as_of, since)
        if legacy:
            notes.append(legacy)
    incomplete = incomplete_reason(ev.coverage)
    people = pupil_flags(ev.pupils, minimum, covered=incomplete is None)
    attrs, sources, held_back = pupil_attributes(
        prepared.attributes(ev.as_of, ATTRIBUTES), ev, pupils, notes, governors
    )
    withheld += held_back
    people = people.join(attrs, on="upn", how="left")

    # the period's possible and attended sessions per school session (the compact
    # register: date, session and category are all the charts read; no row carries a
    # name): one grouping of the marks, which the weekly, weekday and session tables sum
    rows = _per_session(prepared.roll.marks, ev.period_start, ev.as_of)
    mc = settings.min_cohort
    # the lines an attendance figure is never shown on or across (attcli.percent)
    lines = percent.attendance_lines(b.threshold for b in config.bands)
    # the gaps to the DfE's figures are of the pupils they count (aged 5 to 15)
    groups = _year_and_reg_groups(people, mc, lines)
    hidden_years = set(
        groups["year_groups"].filter(pl.col("note").is_not_null()).get_column("year_group")
    )
    compared, cohort_line = _dfe_cohort(
        people, settings.national, ev.as_of, lines, settings.min_cohort, hidden_years
    )
    report = Report(
        # (a trust's school's register holds its [schools.KEY] key, for the history: the
        # school's name is its config's)
        school=config.school.name
        if not schools or schools[0] == config.school_key
        else (schools[0] or config.school.name),
        title=settings.title,
        as_of=ev.as_of,
        period_start=ev.period_start,
        half_term=ev.half_term,
        previous_half_term=prev_ht if prev_ev is not None else None,
        previous_as_of=prev_ev.as_of if prev_ev is not None else None,
        min_cohort=mc,
        min_possible_sessions=minimum,
        national=settings.national,
        bands=config.bands,
        pupils=people.height,
        headline=_headline(
            people,
            pupil_flags(prev_ev.pupils, minimum, covered=incomplete_reason(prev_ev.coverage) is None)
            if prev_ev
            else None,
            settings,
            lines,
            incomplete,
            compared,
        ),
        weekly=_first_week_cut(
            _weekly(
                rows,
                lines,
                ev.coverage,
                _stray_dates(prepared),
                _unmarked(quality, rows),
                _no_register(quality),
            ),
            prepared.roll.marks,
            ev.period_start,
            ev.coverage,
            _stray_dates(prepared),
        ),
        **groups,
        cohorts=_cohorts(people, [a for a in ATTRIBUTES if a in attrs.columns], mc, lines),
        weekdays=_weekdays(rows, lines),
        sessions=_sessions(rows, lines),
        band_distribution=_band_distribution(people, config.bands, minimum, incomplete),
        worsening=_worsening(
            ev.pupils, prev_ev.pupils if prev_ev and not governors else None, config.bands
        ),
        attribute_sources=sources,
        notes=notes,
        audience=audience,
        withheld_notes=withheld,
        coverage_line=ev.coverage.line() if ev.coverage is not None else None,
        period_asked=ev.coverage is None or ev.coverage.explicit,
        figures_end=ev.coverage.figures_end if ev.coverage is not None else None,
        incomplete=incomplete,
        impact=impact_of(prepared, config, ev.as_of, 4, mc),
        target=_target(people, ev, config, settings.target),
        national_cohort=cohort_line,
    )
    if why_not is not None:
        notes.append(why_not)
    elif prev_ht is not None and prev_ev is None:
        # (the half term before ended before the period (--from after it) or before the
        # exports' first day: the figures then would be of no day the report counts)
        first = prepared.first
        why = (
            f"it ended before the period's start ({ev.period_start:%d/%m/%Y})"
            if prev_ht.end < ev.period_start or not isinstance(first, dt.date)
            else f"it ended before the exports' first day ({first:%d/%m/%Y})"
        )
        notes.append(
            f"changes since the end of {prev_ht.name} ({prev_ht.end:%d/%m/%Y}) and worsening "
            f"bands are not shown: {why}"
        )
    elif prev_ht is None:
        notes.append(
            "no previous half term in the data: changes since last half term and worsening "
            "bands are not shown"
        )
    else:
        # PA and SA then are of the pupils with a band then: with the period holding a few
        # days of the half term before (--from inside it, or exports starting late), there
        # may be none, and the change is not shown: said, never left blank unsaid
        pa = report.headline.filter(pl.col("measure") == "pa").row(0, named=True)
        if (
            pa["value"] is not None
            and pa["previous"] is None
            and prev_ev is not None
            and incomplete_reason(prev_ev.coverage) is None
        ):
            notes.append(
                f"persistent and severe absence at the end of {prev_ht.name} "
                f"({prev_ev.as_of:%d/%m/%Y}) and their change are not shown: no pupil had "
                f"{minimum} possible sessions in the period by then "
                f"({prev_ev.period_start:%d/%m/%Y} to {prev_ev.as_of:%d/%m/%Y})"
            )
    return report


def figures_and_half_term_before(
    prepared: Prepared, as_of: dt.date | None, period_start: dt.date | None
) -> tuple[Evaluation, Evaluation | None, HalfTerm | None, str | None]:
    """What the report and the summary compare: the pupils' figures and bands as of
    ``as_of``, and as of the end of the half term before its, when that is in the data and
    in the period, from one evaluation of figures only (issue 15: no flag, no session
    behind one, no data-quality item).  (now, then or None, the half term before, whether
    it was evaluated or not, and why there are no figures then, when there would be.)

    The figures then are the year to date then: the half term before Autumn 1 is Summer 2,
    whose year to date is the school year before.  When the exports do not cover that year
    (an export from July), there are no figures then (DOMAIN.md 2): a change since them,
    or a band then, would be worked out from a few weeks of the year before, and nothing
    else would say so (the coverage line is the current period's)."""
    now = Ask(as_of, period_start, figures_only=True)
    day, _ = prepared.dates_of(now)
    calendar = prepared.calendars[prepared.schools[0]]  # the evaluation's (its first school's)
    half_term = calendar.half_term_of(day)
    prev_ht = calendar.previous_half_term(half_term) if half_term else None
    first = prepared.first
    prev_ev: Evaluation | None = None
    if (
        prev_ht is not None
        and isinstance(first, dt.date)
        and day >= first
        and prev_ht.end >= first
        and prev_ht.end >= (period_start or dt.date.min)
    ):
        ev, prev_ev = prepared.evaluate_many(now, Ask(prev_ht.end, period_start, figures_only=True))
    else:
        ev = prepared.evaluate(as_of=as_of, period_start=period_start, figures_only=True)
    assert ev.half_term == half_term
    why_not = None
    if prev_ev is not None and prev_ht is not None and ev.period_end <= prev_ht.end:
        # the exports end before the half term before did (an as-of date after the data):
        # the figures then are the figures now, and a change of 0 would be a guess
        why_not = (
            f"changes since the end of {prev_ht.name} ({prev_ht.end:%d/%m/%Y}) and worsening "
            f"bands are not shown: the exports end {ev.period_end:%d/%m/%Y}, so they hold "
            "nothing since to compare"
        )
        return ev, None, prev_ht, why_not
    missing = incomplete_reason(prev_ev.coverage) if prev_ev is not None else None
    if prev_ev is not None and prev_ht is not None and missing is not None:
        # (a gap of the same period is the current period's too, said by its coverage line)
        if prev_ev.period_start != ev.period_start:
            why_not = (
                f"changes since the end of {prev_ht.name} ({prev_ev.as_of:%d/%m/%Y}) and "
                "worsening bands are not shown: its year to date is the "
                f"{cov.academic_year_label(prev_ev.as_of)} school year's, and {missing}"
            )
            prev_ev = None
    return ev, prev_ev, prev_ht, why_not


def pupil_flags(pupils: pl.DataFrame, minimum: int, *, covered: bool = True) -> pl.DataFrame:
    """Each pupil's report flags: banded (enough possible sessions), PA and SA (the report
    and ``attcli summary`` count the same way).  ``covered=False`` (the exports miss part
    of the period, :func:`incomplete_reason`): no pupil has a band (the engine gives none,
    DOMAIN.md 2), so none is banded, persistently or severely absent: a year's PA is not
    worked out from part of its register."""
    att, poss = pl.col("attended"), pl.col("possible")
    if not covered:
        no = pl.lit(False)
        return pupils.with_columns(no.alias("_banded"), no.alias("_pa"), no.alias("_sa"))
    return pupils.with_columns(
        (poss >= max(minimum, 1)).alias("_banded"),
        (band_expr(att, poss, PA_BANDS, max(minimum, 1)) == "yes").fill_null(False).alias("_pa"),
        (band_expr(att, poss, SA_BANDS, max(minimum, 1)) == "yes").fill_null(False).alias("_sa"),
    )


def incomplete_reason(coverage: cov.Coverage | None) -> str | None:
    """Why no pupil has a band, for people, when the exports do not cover the period up to
    their end (a week of the term missing, or the register starting late), else None: "the
    exports miss the week of 16/11/2026 to 20/11/2026"."""
    if coverage is None or coverage.covers_period:
        return None
    d = "%d/%m/%Y"
    weeks = [g for g in coverage.gaps if g.kind == cov.MISSING_WEEK]
    days = [g for g in coverage.gaps if g.kind == cov.MISSING_DAYS]
    before = [g for g in coverage.gaps if g.kind == cov.BEFORE_DATA]
    parts = []
    if weeks:
        spans = " and ".join(f"{g.start:{d}} to {g.end:{d}}" for g in weeks)
        parts.append(f"the week{'s' if len(weeks) > 1 else ''} of {spans}")
    for g in days:
        parts.append(f"{g.start:{d}}" + (f" to {g.end:{d}}" if g.end != g.start else ""))
    for g in before:
        parts.append(f"{g.start:{d}} to {g.end:{d}}, before they start")
    return "the exports miss " + "; ".join(parts)


def _sums(by: list[str] | None = None) -> list[pl.Expr]:
    return [
        pl.len().cast(pl.Int64).alias("pupils"),
        # the pupils the figures are made of (a possible session in the period): what small
        # groups are judged by (a pupil marked D throughout adds nothing to a group's figures)
        (pl.col("possible") > 0).sum().cast(pl.Int64).alias("counted"),
        pl.col("possible").sum().cast(pl.Int64),
        pl.col("attended").sum().cast(pl.Int64),
        pl.col("_banded").sum().cast(pl.Int64).alias("banded"),
        pl.col("_pa").sum().cast(pl.Int64).alias("pa"),
        pl.col("_sa").sum().cast(pl.Int64).alias("sa"),
    ]


def _rates(prefix: str = "", lines: Sequence[Fraction] = ()) -> list[pl.Expr]:
    c = lambda name: pl.col(f"{prefix}{name}")  # noqa: E731
    return [
        pct1(c("attended"), c("possible"), lines).alias(f"{prefix}attendance_pct"),
        pct1(c("pa"), c("banded")).alias(f"{prefix}pa_rate"),
        pct1(c("sa"), c("banded")).alias(f"{prefix}sa_rate"),
    ]


def _totals(people: pl.DataFrame) -> dict[str, int]:
    t = people.select(_sums()).row(0, named=True)
    return {k: int(v or 0) for k, v in t.items()}


def _headline(
    people: pl.DataFrame,
    previous: pl.DataFrame | None,
    settings: ReportSettings,
    lines: Sequence[Fraction],
    incomplete: str | None = None,
    compared: pl.DataFrame | None = None,
) -> pl.DataFrame:
    now = _totals(people)
    # the pupils the national figures count, where not the whole school (_dfe_cohort)
    like = _totals(compared) if compared is not None else now
    before = _totals(previous) if previous is not None else None
    measures = [
        ("attendance", "Attendance", "attended", "possible"),
        ("pa", "Persistent absence", "pa", "banded"),
        ("sa", "Severe absence", "sa", "banded"),
    ]
    out = []
    for key, label, num, den in measures:
        on = lines if key == "attendance" else ()
        # PA and SA of exports that miss part of the period are not the year's: withheld
        withheld = incomplete is not None and key != "attendance"
        value = None if withheld else _fpct(now[num], now[den])
        # (the gaps to national and the LA: of the pupils those figures count)
        ours = None if withheld else _fpct(like[num], like[den])
        prev = _fpct(before[num], before[den]) if before else None
        nat = settings.national.get(key) if settings.national else None
        local = settings.national.local if settings.national else None
        loc = local.get(key) if local else None  # the school's LA (attcli.national)
        out.append(
            {
                "measure": key,
                "label": label,
                "value": round1(value, on) if value is not None else None,
                "numerator": None if withheld else now[num],
                "denominator": None if withheld else now[den],
                "previous": round1(prev, on) if prev is not None else None,
                "change_pp": round1(value - prev)
                if value is not None and prev is not None
                else None,
                # the school's figure the gaps are of, when not the whole school's
                "compared": round1(ours, on) if compared is not None and ours is not None else None,
                "national": float(nat) if nat is not None else None,
                "vs_national_pp": round1(ours - nat) if ours is not None and nat is not None else None,
                "local": float(loc) if loc is not None else None,
                "vs_local_pp": round1(ours - loc) if ours is not None and loc is not None else None,
                "note": f"not worked out: {incomplete}" if withheld else None,
            }
        )
    return pl.DataFrame(
        out,
        schema={
            "measure": pl.String,
            "label": pl.String,
            "value": pl.Float64,
            "numerator": pl.Int64,
            "denominator": pl.Int64,
            "previous": pl.Float64,
            "change_pp": pl.Float64,
            "compared": pl.Float64,
            "national": pl.Float64,
            "vs_national_pp": pl.Float64,
            "local": pl.Float64,
            "vs_local_pp": pl.Float64,
            "note": pl.String,
        },
    )


def _age(year: int) -> pl.Expr:
    """A pupil's age on 31 August ``year``, from the date of birth (null without one)."""
    dob = pl.col("dob")
    return pl.lit(year) - dob.dt.year().cast(pl.Int32) - (dob.dt.month() >= 9).cast(pl.Int32)


def dfe_counted(as_of: dt.date) -> pl.Expr:
    """Whether the DfE's absence statistics count a pupil: aged 5 to 15 on 31 August before
    the school year of ``as_of`` ("Pupil absence in schools in England": pupils of
    compulsory school age), by the date of birth, else by the year group (Years 1 to 11;
    not nursery, Reception or Year 12 and up); null when neither tells (NC year X or no
    year group, and no date of birth)."""
    age = _age(academic_year_start(as_of).year)
    yg = pl.col("year_group")
    number = yg.cast(pl.Int32, strict=False)
    return (
        pl.when(pl.col("dob").is_not_null())
        .then(age.is_between(5, 15))
        .when(number.is_not_null())
        .then(number.is_between(1, 11))
        .when((yg == "R") | yg.str.contains(r"^[NE]\d+$"))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
        .alias("_dfe")
    )


def _dfe_cohort(
    people: pl.DataFrame,
    national: National | None,
    as_of: dt.date,
    lines: Sequence[Fraction],
    min_cohort: int,
    hidden_years: Collection[str | None] = (),
) -> tuple[pl.DataFrame | None, str | None]:
    """The school's pupils the national figures count, when they are not all of them, and
    the line saying so: the DfE's figures (``National.ages``) are of pupils aged 5 to 15
    (:func:`dfe_counted`), so a school's Reception class or sixth form is left out of the
    gaps to them (the school's own figures stay the whole school's).  (None, None) when
    the figures say nothing of the ages they count (``[report.national]``) or every pupil
    is counted; (None, the line) when no pupil's age can be told, or the pupils left out
    are fewer than ``min_cohort`` (the gaps stay the whole school's, said so: the school
    less the gaps' pupils would be a group the report hides), or the gaps' pupils are not
    whole year groups (a pupil outside their year group by date of birth) or part of the
    year groups the report hides (``hidden_years``) is on each side: either would let a
    pupil's or a hidden group's figures be worked out; (empty, the line) when the pupils
    counted are fewer than that (no gap: it would show their figures)."""
    if national is None or not national.ages or people.is_empty():
        return None, None
    year = academic_year_start(as_of).year
    dfe = people.with_columns(dfe_counted(as_of))
    flags = dfe.get_column("_dfe")
    if flags.null_count() == 0 and flags.all():
        return None, None
    head = f"The DfE's figures count pupils aged 5 to 15 on 31 August {year} (Years 1 to 11)"
    if flags.null_count() == flags.len():  # no age to tell by: every pupil, said so
        return None, (
            f"{head}: the exports give no year group or date of birth to tell which pupils "
            "those are, so each gap is of every pupil"
        )
    counted = dfe.filter(pl.col("_dfe").fill_null(False)).drop("_dfe")
    # a pupil left out is under 5 or 16 and over: by the date of birth, else the year group
    left = dfe.filter(~pl.col("_dfe").fill_null(True))
    under = left.filter(
        pl.when(pl.col("dob").is_not_null())
        .then(_age(year) < 5)
        .otherwise(pl.col("year_group").cast(pl.Int32, strict=False).is_null())
    ).height
    over, unknown = left.height - under, flags.null_count()
    out = [f"{under} under 5 (nursery or Reception)"] if under else []
    out += [f"{over} aged 16 or over (Year 12 and up)"] if over else []
    out += [f"{unknown} of an age attcli cannot tell (no date of birth; NC year X or no "
            "year group)"] if unknown else []  # fmt: skip
    if counted.is_empty():
        n = people.height
        return counted, (
            f"{head}: none of the school's {n} pupil{'s' if n != 1 else ''} is "
            f"({', '.join(out)}), so no gap to them is shown"
        )
    # small groups (attcli.suppress: judged by the pupils with a possible session): neither
    # the gaps' pupils nor the rest may be fewer than min_cohort, or one is given away
    mine = int((counted.get_column("possible") > 0).sum())
    rest = int((people.get_column("possible") > 0).sum()) - mine
    if 0 < mine < min_cohort:
        return counted.clear(), (
            f"{head}: the school's pupils of those ages are fewer than {min_cohort}, so no gap "
            "to them is shown"
        )
    if mine and 0 < rest < min_cohort:
        return None, (
            f"{head}: the school's other pupils are fewer than {min_cohort}, so each gap is "
            "of every pupil (their figures could be worked out from one of the rest)"
        )
    # the gaps' pupils are whole year groups, and the year groups the report hides are all
    # on one side: else the gap less the year groups shown is a pupil's or a hidden group's
    sides = dfe.group_by("year_group").agg(pl.col("_dfe").n_unique().alias("n"), pl.first("_dfe"))
    split = sides.filter(pl.col("n") > 1).height > 0
    hidden = sides.filter(
        pl.col("year_group").is_in([y for y in hidden_years if y is not None])
        | (pl.col("year_group").is_null() & pl.lit(None in hidden_years))
    )
    hidden_sides = set(hidden.get_column("_dfe").to_list())
    if split or len(hidden_sides) > 1:
        return None, (
            f"{head}: a gap of those pupils alone would give away the figures of a pupil or a "
            "group the report does not show, so each gap is of every pupil"
        )
    t = _totals(counted)
    figures = (
        f"{percent.pct_text(t['attended'], t['possible'], lines, ' %')} attendance, "
        f"PA {percent.pct_text(t['pa'], t['banded'], (), ' %')}, "
        f"SA {percent.pct_text(t['sa'], t['banded'], (), ' %')}"
    )
    n = counted.height
    return counted, (
        f"{head}: each gap to them is of the school's {n} such pupil{'s' if n != 1 else ''} "
        f"({figures}), leaving out " + ", ".join(out)
    )


def national_label(report: Report) -> str:
    """What the cards call the national figure: with the DfE release's period when attcli
    knows it ("National (2023/24 academic year)"), else "National" (``[report.national]``,
    whose period only its source names)."""
    return national_name(report.national)


def national_name(nat: National | None) -> str:
    """:func:`national_label` of the figures ``nat``."""
    if nat is None or not nat.period:
        return "National"
    # (the shipped in-year period's dates stay in the line under the cards)
    return f"National ({nat.period.split(' (')[0]})"


def national_note(report: Report, date: Callable[[dt.date], str]) -> str | None:
    """What the line under the cards adds to the national figures' source: which period
    they and the school's are of, and how they differ (another school year; a full year
    beside part of one; a few weeks' persistent absence), and which pupils the gaps are of
    (:func:`_dfe_cohort`), so no gap is read as like for like.  None when there is nothing
    to say."""
    nat = report.national
    if nat is None:
        return None
    text = period_note(nat, report.period_start, report.as_of, date)
    if report.national_cohort:  # (which pupils the gaps are of: _dfe_cohort)
        text = f"{text}. {report.national_cohort}" if text else report.national_cohort
    return text


def period_note(
    nat: National,
    start: dt.date,
    as_of: dt.date,
    date: Callable[[dt.date], str],
    whose: str = "the school's",
) -> str | None:
    """The national figures' period beside the school's (``whose``) from ``start`` to
    ``as_of``, and how they differ (:func:`national_note`); None for ``[report.national]``
    beside the year to date (its period is its source's, which the line names)."""
    from attcli.national import academic_year

    year_to_date = start == academic_year_start(as_of)
    span = f"{date(start)} to {date(as_of)}"
    weeks = "persistent absence over a few weeks is not persistent absence over a year"
    if not nat.period:  # [report.national]: the school's own figures, of a period unsaid
        if year_to_date:
            return None
        source = f" ({nat.source})" if nat.source else ""
        return (
            f"The national figures are those of [report.national] in the config{source}, "
            f"not worked out for this period: these are for {span} only: {weeks}"
        )
    year = academic_year(nat.period)
    the = "the " if year is not None else ""
    differs = []
    if year is not None and year != academic_year_start(as_of).year:
        differs.append("another school year")
    # the school's figures are a whole year's only from July, and then only year to date
    whole = year_to_date and as_of.month in (7, 8)
    if nat.full_year and not whole:
        differs.append("a full year beside part of one")
    text = f"The national figures are for {the}{nat.period}, {whose} for {span}"
    if differs:
        text += ": " + ", and ".join(differs) + ", so a gap between them is a guide, not like for like"
    if not year_to_date:
        text += f"; {weeks}"
    return text


def target_text(report: Report) -> str | None:
    """One sentence: the year's target, where the school stands, and what the rest of the
    year needs (exact figures, shown by the percentage rule with the target as a line)."""
    t = report.target
    if t is None:
        return None
    line = (t.target,)
    now = percent.pct_text(t.attended, t.possible, line, unit=" %")
    goal = percent.value_text(t.target, unit=" %")
    if t.period_from is not None:
        return (
            f"Target for the year: {goal}. This report is for the period from "
            f"{t.period_from:%d/%m/%Y}, not the school year: run it without --from to see "
            "the year against the target."
        )
    head = f"Target for the year: {goal}. Now {now} ({_n(t.attended)} of {_n(t.possible)})."
    if t.sessions_left is None:
        return (
            f"{head} What the rest of the year needs is not known: the register starts after "
            "September and the term dates in attcli.toml do not reach July, so the sessions "
            "left this year cannot be counted."
        )
    need = t.needed
    left = (
        f"{_n(t.remaining)} sessions left ({_n(t.sessions_left)} school sessions for each "
        f"of {_n(t.pupils_on_roll)} pupil{'' if t.pupils_on_roll == 1 else 's'} on roll"
        + (f"; {t.estimated}" if t.estimated else "")
        + ")"
    )
    if need is None:
        return head + (" The target is met." if t.met_now else " The target was not met.")
    if need > 1:
        best = percent.value_text(t.best_possible, line, unit=" %")
        return (
            f"{head} It cannot be reached this year: with every one of the {left} attended, "
            f"the year would end at {best}."
        )
    # rounded up, never down: "at least 95.1 %" must be enough
    tenths = -((-need * 1000).__floor__())
    needed = f"{tenths // 10}.{tenths % 10} %"
    return (
        f"{head} To end the year at {goal}, attendance over the {left} needs to be at least "
        f"{needed}."
    )


def _n(value: int) -> str:
    return f"{value:,}"


def _target(
    people: pl.DataFrame, ev: Evaluation, config: Config, target: Fraction | None
) -> TargetProgress | None:
    if target is None:
        return None
    totals = _totals(people)
    return TargetProgress(
        target=target,
        attended=totals["attended"],
        possible=totals["possible"],
        sessions_left=ev.calendar.remaining_sessions(ev.as_of, config),
        pupils_on_roll=people.filter(pl.col("on_roll")).height,
        estimated=ev.calendar.remaining_estimate(ev.as_of),
        period_from=(
            None if ev.calendar.is_the_year(ev.period_start, ev.as_of, config) else ev.period_start
        ),
    )


def _per_session(marks: pl.DataFrame, start: dt.date, end: dt.date) -> pl.DataFrame:
    """date, session, possible and attended: the possible sessions of each school session
    from ``start`` to ``end`` (a session with none has no row)."""
    return (
        marks.lazy()
        .filter(pl.col("date").is_between(start, end) & possible_expr())
        .group_by("date", "session")
        .agg(
            pl.len().cast(pl.Int64).alias("possible"),
            pl.col("category").is_in(ATTENDED).sum().cast(pl.Int64).alias("attended"),
        )
        # each batch of marks summed into the sessions as it goes (a few hundred groups)
        .collect(engine="streaming")
    )


def _session_counts() -> list[pl.Expr]:
    """The sums of :func:`_per_session`'s counts over a group of sessions."""
    return [pl.col("possible").sum().alias("possible"), pl.col("attended").sum().alias("attended")]


MISSING_WEEK_NOTE = "not in the exports: no register for this week, so not in the figures"


def _stray_dates(prepared: Prepared) -> list[dt.date]:
    """The stray days of the report's school (:mod:`attcli.roll`): days only a handful of
    the pupils on roll have marks on, no school day of the school."""
    return sorted({d for s in prepared.stray.values() for d in s.get_column("date").to_list()})


def _stray_note(days: list[dt.date], school_days: int) -> str | None:
    """The stray days of a week, in its row of the weekly table: a week of them only is
    no school week."""
    if not days:
        return None
    dates = ", ".join(f"{d:%d/%m/%Y}" for d in days)
    if not school_days:
        return (
            "no school day: only a few pupils' marks (a stray day: attcli check lists it), "
            "counted in their own figures, not a school week"
        )
    return (
        f"{dates}: only a few pupils' marks (a stray day), counted in their own figures, "
        "not a school day"
    )


def _unmarked(quality: pl.DataFrame, rows: pl.DataFrame) -> dict[tuple[dt.date, str], int]:
    """The school sessions of the period whose register holds missing marks only (``-`` or
    blank cells, a pupil's missing row: :mod:`attcli.quality`), none that counts, each
    with how many: sessions with no row in :func:`_per_session`'s ``rows``, which the
    weekly table would leave out unsaid."""
    if not quality.height:
        return {}
    marked = set(rows.select("date", pl.col("session").cast(pl.String)).iter_rows())
    counts = (
        quality.filter(
            pl.col("kind").is_in(["missing_mark", "missing_row"])
            & pl.col("date").is_not_null()
            & pl.col("session").is_not_null()
        )
        .group_by("date", pl.col("session").cast(pl.String))
        .len()
        .iter_rows()
    )
    return {(d, s): n for d, s, n in counts if (d, s) not in marked}


def _no_register(quality: pl.DataFrame) -> list[tuple[dt.date, str]]:
    """The school sessions of the period with no register in the exports (``missing_session``:
    no pupil's row, the day's other session registered), left out of every pupil's possible
    sessions."""
    if not quality.height:
        return []
    return sorted(
        quality.filter(pl.col("kind") == "missing_session")
        .select("date", pl.col("session").cast(pl.String))
        .iter_rows()
    )


def _marks_text(n: int) -> str:
    return f"{n:,} missing mark{'s' if n != 1 else ''}"


def _weekly(
    rows: pl.DataFrame,
    lines: Sequence[Fraction],
    coverage: cov.Coverage | None = None,
    stray: Sequence[dt.date] = (),
    unmarked: dict[tuple[dt.date, str], int] | None = None,
    no_register: Sequence[tuple[dt.date, str]] = (),
) -> pl.DataFrame:
    """Each school week's figures; a week of the term the exports miss (coverage) is a row
    of its own with no figures and a note, and a week missing some of its days says so.
    A stray day (``stray``) is no school day: not among a week's school days, and a week
    of stray days only is no school week (its marks counted, no attendance of its own).
    A school session whose register holds missing marks only (``unmarked``:
    :func:`_unmarked`) is said in its week's note, its day among the week's school days;
    a week of such sessions only is a row of its own with no figures, as a week the
    exports miss.  A session with no register (``no_register``) is said in its week's note."""
    weeks = _weekly_marked(rows, lines, coverage, stray)
    unmarked = unmarked or {}
    if not unmarked and not no_register:
        return weeks
    marked_days = set(rows.get_column("date").to_list())
    by_week: dict[dt.date, dict[dt.date, list[str]]] = {}
    for d, session in sorted(unmarked):
        monday = d - dt.timedelta(days=d.weekday())
        by_week.setdefault(monday, {}).setdefault(d, []).append(session)
    shown = set(weeks.get_column("week_start").to_list())
    extra, notes, more = [], {}, {}
    for d, session in no_register:
        notes.setdefault(d - dt.timedelta(days=d.weekday()), []).append(
            f"{d:%d/%m/%Y} {session}: no register in the exports, so not in the figures"
        )
    for monday, days in by_week.items():
        n = sum(unmarked[(d, s)] for d, sessions in days.items() for s in sessions)
        if monday not in shown:
            extra.append((monday, max(days), len(days), None, None, None,
                          f"no mark recorded for this week ({_marks_text(n)}), so not in the "
                          "figures: complete the register in the MIS"))  # fmt: skip
            continue
        more[monday] = sum(d not in marked_days for d in days)
        span = "; ".join(
            f"{d:%d/%m/%Y}" + ("" if d not in marked_days else " " + " and ".join(sessions))
            for d, sessions in days.items()
        )
        notes.setdefault(monday, []).append(
            f"{span}: no mark recorded ({_marks_text(n)}), so not in the figures"
        )
    weeks = weeks.with_columns(
        (
            pl.col("school_days")
            + pl.col("week_start").replace_strict(more, default=0, return_dtype=pl.Int64)
        ).alias("school_days"),
        pl.concat_str(
            [
                pl.col("note"),
                pl.col("week_start").replace_strict(
                    {w: "; ".join(n) for w, n in notes.items()},
                    default=None,
                    return_dtype=pl.String,
                ),
            ],
            separator="; ",
            ignore_nulls=True,
        ).alias("note"),
    ).with_columns(pl.when(pl.col("note") != "").then(pl.col("note")).alias("note"))
    if extra:
        weeks = pl.concat([weeks, pl.DataFrame(extra, schema=weeks.schema, orient="row")])
    return weeks.sort("week_start")


def _first_week_cut(
    weeks: pl.DataFrame,
    marks: pl.DataFrame,
    start: dt.date,
    coverage: cov.Coverage | None,
    stray: Sequence[dt.date] = (),
) -> pl.DataFrame:
    """The weekly table with its first week's note saying the school days of that week
    before the period's first day ``start`` (``--from`` a Wednesday, or exports that start
    on one): held in the exports but before the period, or not in the exports at all.  The
    week's row counts only its days from ``start``, which read as a short week of term
    unsaid."""
    if weeks.is_empty():
        return weeks
    monday = weeks.get_column("week_start")[0]
    if monday >= start:
        return weeks
    span = (monday, start - dt.timedelta(days=1))
    held = sorted(
        set(
            marks.lazy()
            .filter(pl.col("date").is_between(*span) & possible_expr())
            .select("date")
            .unique()
            .collect()
            .get_column("date")
            .to_list()
        )
        - set(stray)
    )
    notes = []
    if held:
        notes.append(
            f"{_days_span(held[0], held[-1])}: before the period's start ({start:%d/%m/%Y}), "
            "so not in the figures"
        )
    for g in coverage.gaps if coverage else ():
        if g.kind == cov.BEFORE_DATA and g.end >= monday:
            notes.append(
                f"{_days_span(max(g.start, monday), g.end)}: not in the exports (they start "
                f"{start:%d/%m/%Y}), so not in the figures"
            )
    if not notes:
        return weeks
    note = "; ".join(notes)
    return weeks.with_columns(
        pl.when(pl.col("week_start") == monday)
        .then(pl.concat_str([pl.lit(note), pl.col("note")], separator="; ", ignore_nulls=True))
        .otherwise(pl.col("note"))
        .alias("note")
    )


def _days_span(first: dt.date, last: dt.date) -> str:
    return f"{first:%d/%m/%Y}" + (f" to {last:%d/%m/%Y}" if last != first else "")


def _weekly_marked(
    rows: pl.DataFrame,
    lines: Sequence[Fraction],
    coverage: cov.Coverage | None = None,
    stray: Sequence[dt.date] = (),
) -> pl.DataFrame:
    """:func:`_weekly` of the weeks with a possible session and the coverage's gaps."""
    is_stray = pl.col("date").is_in(pl.Series(list(stray), dtype=pl.Date).implode())
    weeks = (
        rows.group_by(pl.col("date").dt.truncate("1w").alias("week_start"))
        .agg(
            pl.col("date").max().alias("week_end"),
            pl.col("date").filter(~is_stray).n_unique().cast(pl.Int64).alias("school_days"),
            pl.col("date").filter(is_stray).unique().sort().alias("_stray"),
            *_session_counts(),
        )
        .with_columns(
            pl.when(pl.col("school_days") > 0)
            .then(pct1(pl.col("attended"), pl.col("possible"), lines))
            .alias("attendance_pct"),
            pl.when(pl.col("_stray").list.len() > 0)
            .then(
                pl.struct("_stray", "school_days").map_elements(
                    lambda r: _stray_note(list(r["_stray"] or ()), r["school_days"]),
                    return_dtype=pl.String,
                )
            )
            .alias("note"),
        )
        .drop("_stray")
        # a week of stray days only: a handful of pupils' sessions, a group too small to show
        # (their figures count in the headline's); nor the day, a date of those pupils'
        .with_columns(
            pl.when(pl.col("school_days") > 0).then(pl.col(c)).alias(c)
            for c in ("week_end", "possible", "attended")
        )
    )
    gaps = [g for g in (coverage.gaps if coverage else ()) if g.kind in cov.INSIDE]
    if not gaps:
        return weeks.sort("week_start")
    missing = []
    notes: dict[dt.date, list[str]] = {}
    for g in gaps:
        monday = g.start - dt.timedelta(days=g.start.weekday())
        if g.kind == cov.MISSING_WEEK:
            missing.append((monday, g.end, g.school_days, None, None, None, MISSING_WEEK_NOTE))
        else:
            span = f"{g.start:%d/%m/%Y}" + (f" to {g.end:%d/%m/%Y}" if g.end != g.start else "")
            notes.setdefault(monday, []).append(
                f"{span} not in the exports ({g.school_days} school "
                f"day{'s' if g.school_days != 1 else ''}), so not in the figures"
            )
    if notes:
        weeks = weeks.with_columns(
            pl.concat_str(
                [
                    pl.col("week_start").map_elements(
                        lambda w: "; ".join(notes.get(w, [])) or None, return_dtype=pl.String
                    ),
                    pl.col("note"),
                ],
                separator="; ",
                ignore_nulls=True,
            ).alias("note")
        ).with_columns(pl.when(pl.col("note") != "").then(pl.col("note")).alias("note"))
    extra = pl.DataFrame(missing, schema=weeks.schema, orient="row")
    return pl.concat([weeks, extra]).sort("week_start")


def _weekdays(rows: pl.DataFrame, lines: Sequence[Fraction]) -> pl.DataFrame:
    base = rows.with_columns(pl.col("date").dt.weekday().alias("_wd"))
    by_session = (
        base.group_by("_wd", "session")
        .agg(*_session_counts())
        .with_columns(pct1(pl.col("attended"), pl.col("possible"), lines).alias("pct"))
    )
    am = by_session.filter(pl.col("session") == "AM").select("_wd", pl.col("pct").alias("am_pct"))
    pm = by_session.filter(pl.col("session") == "PM").select("_wd", pl.col("pct").alias("pm_pct"))
    return (
        base.group_by("_wd")
        .agg(*_session_counts())
        .join(am, on="_wd", how="left")
        .join(pm, on="_wd", how="left")
        .sort("_wd")
        .with_columns(
            pl.col("_wd")
            .replace_strict({i + 1: d for i, d in enumerate(WEEKDAYS)}, return_dtype=pl.String)
            .alias("weekday"),
            pct1(pl.col("attended"), pl.col("possible"), lines).alias("attendance_pct"),
        )
        .select("weekday", "am_pct", "pm_pct", "attendance_pct", "possible", "attended")
    )


def _sessions(rows: pl.DataFrame, lines: Sequence[Fraction]) -> pl.DataFrame:
    return (
        rows.group_by(pl.col("session").cast(pl.String))
        .agg(*_session_counts())
        .sort("session")
        .with_columns(pct1(pl.col("attended"), pl.col("possible"), lines).alias("attendance_pct"))
    )


def year_group_key(value: str | None) -> tuple[int, int, str]:
    """Early years, nursery, reception, years 1-14, then anything else (X), then unknown."""
    if value is None:
        return (4, 0, "")
    if value.startswith("E") and value[1:].isdigit():
        return (0, int(value[1:]) - 10, value)
    if value.startswith("N") and value[1:].isdigit():
        return (0, int(value[1:]), value)
    if value == "R":
        return (1, 0, value)
    if value.isdigit():
        return (2, int(value), value)
    return (3, 0, value)


_GROUP_FIGURES = ["pupils", "possible", "attended", "banded", "pa", "sa",
                  "attendance_pct", "pa_rate", "sa_rate"]  # fmt: skip


def _group_figures(people: pl.DataFrame, by: list[str], lines: Sequence[Fraction]) -> pl.DataFrame:
    out = people.group_by(by).agg(_sums()).with_columns(_rates("", lines))
    keys = sorted(
        out.select(by).iter_rows(),
        key=lambda r: (year_group_key(r[0]), *[(v is None, v or "") for v in r[1:]]),
    )
    order = pl.DataFrame(keys, schema=out.select(by).schema, orient="row").with_row_index("_o")
    return out.join(order, on=by, how="left", nulls_equal=True).sort("_o").drop("_o")


def _year_and_reg_groups(
    people: pl.DataFrame, minimum: int, lines: Sequence[Fraction]
) -> dict[str, pl.DataFrame]:
    """The year-group and registration-group tables, hidden together by the rule the
    trust report follows (:func:`attcli.suppress.suppress`): the year groups add up to the
    school, whose figures the report shows, and each year's forms to the year.  Hiding a
    group under ``minimum`` alone let its figures be worked out: the school less the year
    groups shown gave the one Reception child's (and that they were not persistently
    absent)."""
    from attcli import suppress as sup

    year = _group_figures(people, ["year_group"], lines)
    reg = _group_figures(people, ["year_group", "reg_group"], lines)
    school = ("school",)
    ys = [("year", y) for y in year.get_column("year_group").to_list()]
    rs = [("reg", y, r) for y, r in reg.select("year_group", "reg_group").iter_rows()]
    # judged by the pupils each group's figures are made of (:func:`_sums`)
    pupils = {
        school: _totals(people)["counted"],
        **dict(zip(ys, year.get_column("counted").to_list(), strict=True)),
        **dict(zip(rs, reg.get_column("counted").to_list(), strict=True)),
    }
    groups = [sup.partition(school, ys), sup.partition(school, rs)]
    groups += [sup.partition(y, [r for r in rs if r[1] == y[1]]) for y in ys]
    hidden = sup.suppress(pupils, groups, minimum)

    def masked(frame: pl.DataFrame, keys: list, by: list[str]) -> pl.DataFrame:
        hide = pl.Series("_hide", [k in hidden for k in keys], pl.Boolean)
        notes = pl.Series("note", [sup.note(hidden.get(k), minimum) for k in keys], pl.String)
        frame = frame.with_columns(hide, notes).with_columns(
            [pl.when(pl.col("_hide")).then(None).otherwise(pl.col(c)).alias(c)
             for c in _GROUP_FIGURES]  # fmt: skip
        )
        return frame.select(
            *by, "pupils", "possible", "attended", "attendance_pct", "pa_rate", "sa_rate", "note"
        )

    return {
        "year_groups": masked(year, ys, ["year_group"]),
        "reg_groups": masked(reg, rs, ["year_group", "reg_group"]),
    }


def _cohorts(
    people: pl.DataFrame, attrs: list[str], minimum: int, lines: Sequence[Fraction]
) -> pl.DataFrame:
    defs = [d for d in FIXED_COHORTS if d[0] in attrs]
    if "gender" in attrs:
        values = people.get_column("gender").drop_nulls().unique().to_list()
        order = {"Female": 0, "Male": 1}
        genders = sorted(values, key=lambda v: (order.get(v, 2), v))
        # gender first, as in published tables
        defs = [("gender", v, pl.col("gender") == v) for v in genders] + defs
    rows = []
    counted = _totals(people)["counted"]  # (the school's: what small groups are judged by)
    for attr, label, member in defs:
        known = people.filter(pl.col(attr).is_not_null())
        cohort = _totals(known.filter(member))
        rest = _totals(known.filter(~member))
        rows.append(
            {
                "attribute": attr,
                "cohort": label,
                "unknown": people.height - known.height,
                "unknown_counted": counted - cohort["counted"] - rest["counted"],
                **cohort,
                **{f"rest_{k}": v for k, v in rest.items()},
            }
        )
    schema = {
        "attribute": pl.String, "cohort": pl.String, "unknown": pl.Int64,
        "unknown_counted": pl.Int64,
    } | {
        f"{p}{k}": pl.Int64
        for p in ("", "rest_")
        for k in ("pupils", "counted", "possible", "attended", "banded", "pa", "sa")
    }  # fmt: skip
    frame = pl.DataFrame(rows, schema=schema).with_columns(*_rates("", lines), *_rates("rest_", lines))
    frame = frame.with_columns(
        gap1(
            pl.col("attended"), pl.col("possible"), pl.col("rest_attended"), pl.col("rest_possible")
        ).alias("gap_pp"),
        gap1(pl.col("pa"), pl.col("banded"), pl.col("rest_pa"), pl.col("rest_banded")).alias(
            "pa_gap_pp"
        ),
    )
    figures = [c for c in frame.columns if c not in ("attribute", "cohort", "unknown")]
    notes, unknown_notes = _cohort_notes(frame, counted, minimum)
    frame = frame.with_columns(notes, unknown_notes).with_columns(
        [pl.when(pl.col("note").is_not_null()).then(None).otherwise(pl.col(c)).alias(c)
         for c in figures]  # fmt: skip
    ).with_columns(
        pl.when(pl.col("unknown_note").is_not_null()).then(None).otherwise(pl.col("unknown"))
        .alias("unknown")
    )
    return frame.select(
        "attribute", "cohort", "pupils", "attendance_pct", "pa_rate",
        "rest_pupils", "rest_attendance_pct", "rest_pa_rate", "gap_pp", "pa_gap_pp",
        "unknown", "note", "unknown_note",
    )  # fmt: skip


def _cohort_notes(
    frame: pl.DataFrame, school: int, minimum: int
) -> tuple[pl.Series, pl.Series]:
    """Why each cohort's row is hidden (None: shown), and why its count of pupils with no
    value is, by the rule the trust report follows (:func:`attcli.suppress.suppress`).

    Each row's cohort, the rest of the pupils whose value is known, and the pupils with no
    value add up to the school, whose figures the report shows: the no-value pupils are a
    group like the others (one pupil with no gender beside Female and Male was the school
    less both, persistently absent or not).  A row shows its cohort and its rest or
    neither, so hiding one hides the other, and the rule goes on from there until nothing
    changes.  SEN support, an EHC plan and any other SEN status add up to any SEN, so a
    hidden EHC plan was any SEN less SEN support (3 pupils, none persistently absent, in the
    example's governors' report); the gender cohorts and the no-gender pupils add up to the school.  The cells
    and groups are :func:`attcli.suppress.cohort_cells`, which the trust report uses too."""
    from attcli import suppress as sup

    # judged by the pupils the figures are made of (:func:`_sums`), the school's too
    rows = [sup.CohortRow(*r) for r in frame.select(
            "attribute", "cohort", "counted", "rest_counted", "unknown_counted").rows()]  # fmt: skip
    pupils, groups, pairs = sup.cohort_cells("school", ("school",), rows)
    hidden = sup.suppress({("school",): school, **pupils}, groups, minimum, pairs=pairs)
    notes = [sup.pair_note(hidden.get(m), hidden.get(r), minimum) for m, r in pairs]
    unknown = [sup.note(hidden.get(("school", "unknown", r.attribute)), minimum) for r in rows]
    return pl.Series("note", notes, pl.String), pl.Series("unknown_note", unknown, pl.String)


def _band_distribution(
    people: pl.DataFrame, bands: tuple[Band, ...], minimum: int, incomplete: str | None = None
) -> pl.DataFrame:
    """Pupils in each band; those with none in a row of their own, with why: too few
    sessions, or (``incomplete``) the exports miss part of the period, which gives no pupil
    a band however many sessions they have."""
    counts = dict(people.group_by("band").len().iter_rows())
    banded = sum(v for k, v in counts.items() if k is not None)
    # each band's whole range, as the summary and the check say it (one place)
    rows = [(b.name, band_range(bands, i), int(counts.get(b.name, 0))) for i, b in enumerate(bands)]
    frame = pl.DataFrame(
        rows, schema={"band": pl.String, "rule": pl.String, "pupils": pl.Int64}, orient="row"
    ).with_columns(pct1(pl.col("pupils"), pl.lit(banded, pl.Int64)).alias("share_pct"))
    unbanded = int(counts.get(None, 0))
    if unbanded:
        extra = pl.DataFrame(
            [
                ("no band", incomplete, unbanded, None)
                if incomplete
                else ("no band yet", f"fewer than {minimum} possible sessions", unbanded, None)
            ],
            schema=frame.schema,
            orient="row",
        )
        frame = pl.concat([frame, extra])
    return frame


def _worsening(
    now: pl.DataFrame, before: pl.DataFrame | None, bands: tuple[Band, ...]
) -> pl.DataFrame:
    cols = {
        "upn": pl.String, "surname": pl.String, "forename": pl.String, "year_group": pl.String,
        "reg_group": pl.String, "previous_band": pl.String, "previous_pct": pl.Float64,
        "band": pl.String, "attendance_pct": pl.Float64, "ht_attendance_pct": pl.Float64,
    }  # fmt: skip
    if before is None:
        return pl.DataFrame(schema=cols)
    rank = {b.name: i for i, b in enumerate(bands)}
    lines = percent.attendance_lines(b.threshold for b in bands)
    prev = before.select(
        *PUPIL_KEY,
        pl.col("band").alias("previous_band"),
        pl.col("attended").alias("_pa"),
        pl.col("possible").alias("_pp"),
    )
    # the figures are worked out for the pupils whose band got worse only (each is a
    # Python call: issue 15)
    joined = (
        now.join(prev, on=PUPIL_KEY, how="inner")
        .filter(pl.col("band").is_not_null() & pl.col("previous_band").is_not_null())
        .with_columns(
            pl.col("band").replace_strict(rank, return_dtype=pl.Int64).alias("_now"),
            pl.col("previous_band").replace_strict(rank, return_dtype=pl.Int64).alias("_before"),
        )
        .filter(pl.col("_now") > pl.col("_before"))
        .with_columns(
            pct1(pl.col("_pa"), pl.col("_pp"), lines).alias("previous_pct"),
            pct1(pl.col("attended"), pl.col("possible"), lines).alias("attendance_pct"),
            pct1(pl.col("ht_attended"), pl.col("ht_possible"), lines).alias("ht_attendance_pct"),
        )
    )
    # worst band first; within a band, lowest attendance (exact: attended / possible) first
    joined = joined.with_columns(
        (pl.col("attended").cast(pl.Float64) / pl.col("possible")).alias("_f")
    ).sort(
        ["_now", "_f", name_order("surname"), name_order("forename"), "surname", "forename", "upn"],
        descending=[True, False, False, False, False, False, False],
    )
    return joined.select(list(cols))


def pupil_attributes(
    reg_attrs: pl.DataFrame,
    ev: Evaluation,
    pupils: PupilList | None,
    notes: list[str],
    governors: bool = False,
) -> tuple[pl.DataFrame, dict[str, str], int]:
    """One row per report pupil: upn and each cohort attribute known from any source; and
    the number of notes withheld from the governors' version.  Their version says how many
    pupils the pupil list and the register disagree on, without naming them or the file's
    folder."""
    withheld = 0
    base = ev.pupils.select("upn", "surname", "forename").with_columns(
        pl.col("upn").str.to_uppercase().alias("_key")
    )
    in_register = [a for a in ATTRIBUTES if a in reg_attrs.columns]
    sources: dict[str, str] = {a: "register export" for a in in_register}
    if in_register:
        base = base.join(
            normalise_attributes(reg_attrs.select("upn", *in_register)), on="upn", how="left"
        )
    if pupils is not None:
        # (a guest is on another school's roll: the load said so and left them out)
        listed = pupils.without_guests().pupils.rename({"upn": "_key"})
        missing = base.join(listed.select("_key"), on="_key", how="anti")
        extra = listed.join(base.select("_key"), on="_key", how="anti")
        name = Path(pupils.path).name
        shown = name if governors else pupils.path
        if missing.height:
            # the register fills in what the list lacks (docs/report.md): only the values
            # it does not give are unknown; a list of dates alone gives no value to lack
            unknown = [a for a in pupils.attributes if a not in in_register]
            filled = [a for a in pupils.attributes if a in in_register]
            head = (
                f"{percent.counted(missing.height, 'pupil')} in the register "
                f"{'is' if missing.height == 1 else 'are'} not in the pupil list {shown}"
                + (f"; their {', '.join(unknown)} count as unknown" if unknown else "")
                + (
                    f"; their {', '.join(filled)} {'is' if len(filled) == 1 else 'are'} "
                    "taken from the register export"
                    if filled
                    else ""
                )
            )
            notes.append(
                head
                if governors
                else _listing(
                    head, [f"{r[0]} {r[1] or ''}, {r[2] or ''}" for r in missing.iter_rows()]
                )
            )
        if extra.height:
            head = (
                f"{percent.counted(extra.height, 'UPN')} in the pupil list {shown} "
                f"{'is' if extra.height == 1 else 'are'} not in the register for this period "
                "and left out"
            )
            notes.append(
                head
                if governors
                else _listing(
                    head,
                    [f"{r['_key']} {r['name'] or ''}".strip() for r in extra.iter_rows(named=True)],
                )
            )
        renamed = listed.select("_key", *[pl.col(a).alias(f"_list_{a}") for a in pupils.attributes])
        base = base.join(renamed, on="_key", how="left")
        for a in pupils.attributes:
            if a in base.columns:
                base = base.with_columns(pl.coalesce(f"_list_{a}", a).alias(a))
                sources[a] = f"pupil list {name}, else register export"
            else:
                base = base.rename({f"_list_{a}": a})
                sources[a] = f"pupil list {name}"
        # (the list's own notes, title rows skipped, R's NA as no form, are the load's
        # warnings, said by every command that takes the list: loaders.load_registers)
    present = [a for a in ATTRIBUTES if a in base.columns]
    if "sen" in present:
        notes.extend(_odd_sen_note(base))
    return base.select("upn", *present), sources, withheld


def _odd_sen_note(base: pl.DataFrame) -> list[str]:
    """A line for the SEN statuses that are no census SEN provision code (``A`` and ``P``,
    School Action and School Action Plus before 2014, or a slip), each with how many pupils
    hold it: they count in Any SEN (docs/report.md), which is said, never silently (no
    pupil named: the governors' version gives it too)."""
    from attcli.pupil_list import SEN_EHCP, SEN_NONE, SEN_SUPPORT, SEN_UNTYPED

    known = [SEN_NONE, SEN_SUPPORT, SEN_EHCP, SEN_UNTYPED]
    odd = (
        base.filter(pl.col("sen").is_not_null() & ~pl.col("sen").is_in(known))
        .group_by("sen")
        .len()
        .sort("sen")
    )
    if not odd.height:
        return []
    said = " and ".join(
        f"{v!r} ({n} pupil{'s' if n != 1 else ''})" for v, n in odd.iter_rows()
    )
    many = odd.height > 1
    return [
        f"SEN status{'es' if many else ''} {said} {'are' if many else 'is'} no census SEN "
        f"code{'s' if many else ''} (N, K or E): counted in Any SEN"
    ]


def _listing(head: str, items: list[str]) -> str:
    return f"{head}: {percent.first_of(items, MAX_LISTED)}"
