"""The rules of DOMAIN.md sections 2 to 7, as Polars expressions over the canonical register.

:func:`evaluate` returns an :class:`Evaluation`: one row per pupil with every
measure and flag, and the evidence behind each flag (which sessions, which
window, which run).  Thresholds are compared on exact integers.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from attcli import coverage as cov
from attcli import quality
from attcli.ahead import Ahead as _Ahead
from attcli.calendar import (
    Calendar,
    academic_year_start,
    compulsory_school_age_window,
    possible_expr,
)
from attcli.codes import (
    CATEGORY_DTYPE,
    CLOSED_MARK,
    NOT_FULL_CODES,
    PN_FRAMEWORK_START,
    POSSIBLE_CATEGORIES,
    Category,
    legacy_counts,
    legacy_text,
)
from attcli.config import Band, Config, HalfTerm
from attcli.errors import AttcliError
from attcli.names import name_order
from attcli.percent import counted, counted_expr
from attcli.register import year_order
from attcli.roll import (
    DASH_DAY_SHARE,
    SCHOOL_BITS,
    STRAY_DAY_SHARE,
    Compact,
    compact,
    on_roll_counter,
    ord_expr,
    ord_of,
    pupil_keys,
    resolve,
)

ATTENDED = (Category.PRESENT.value, Category.APPROVED.value)
PUPIL_KEY = ["school", "upn"]
PUPIL_ATTRS = ["surname", "forename", "dob", "year_group", "reg_group"]
#: (:data:`attcli.codes.PN_FRAMEWORK_START`, 19 August 2024, imported above and from here
#: by the quality list and the pack: no session before it counts toward the threshold)

#: The run kind of a part-time pupil (``C2``) absent with a CME code at every other
#: possible session (:attr:`Evaluation.part_time_runs`)
PART_TIME = "part_time"
#: the run kinds whose run at the pupil's last possible day is followed by the days after
#: it (:func:`_unmarked_after`, :func:`_not_possible_after`)
_AT_END_KINDS = ("unexplained", PART_TIME)
#: (days' columns, run kinds) -> the part-time runs of a school with no C2 (no row: its
#: columns), made once a process (:meth:`Prepared._part_time_runs`)
_NO_PART_TIME_RUNS: dict[tuple[object, ...], pl.DataFrame] = {}
#: (marks' columns, school code, run kinds) -> the part-time days of a school with no C2 (no
#: row: its columns), made once a process (:meth:`Prepared.part_time_days`)
_NO_PART_TIME_DAYS: dict[tuple[object, ...], pl.DataFrame] = {}
#: the code a day of illness may have beside its ``I`` and still count toward a run of
#: illness: a part-time pupil's (``C2``) day whose only timetabled session(s) are ``I`` is a
#: school day missed through illness (DOMAIN.md 7: the LA's duty to a child who misses 15
#: days through illness), as a day whose other session is ``D`` (not possible) is; a day of
#: ``C2`` alone (nothing timetabled) neither counts nor breaks (:func:`beside_only`; sweep
#: rough7, docs/decisions.md)
SICKNESS_BESIDE = "C2"


@dataclass
class Evaluation:
    as_of: dt.date
    period_start: dt.date
    period_end: dt.date
    half_term: HalfTerm | None
    calendar: Calendar
    config: Config
    #: one row per pupil (see :data:`PUPIL_FIELDS` for the stable columns)
    pupils: pl.DataFrame
    #: every run of continuous absence: school, upn, kind ("unexplained"|"sickness"),
    #: start, end, days, codes (list), current (bool)
    runs: pl.DataFrame
    #: penalty-notice evidence: the unauthorised sessions in the window ending at as_of
    pn_sessions: pl.DataFrame
    #: lateness evidence: the late sessions in the current half term
    late_sessions: pl.DataFrame
    #: what the register covers of the period (DOMAIN.md 2, 10)
    coverage: cov.Coverage | None = None
    #: what in the register needs fixing (DOMAIN.md 12): :data:`attcli.quality.QUALITY_SCHEMA`
    data_quality: pl.DataFrame = field(default_factory=quality.empty)
    warnings: list[str] = field(default_factory=list)
    #: of :attr:`warnings`, those on what the register holds at its end, which every
    #: command says (cme, the LA's files too): an export made at lunchtime
    #: (:func:`_lunchtime_note`), most pupils' marks ending a day before a few pupils'
    #: (:func:`marks_end_note`: the leavers rest on it)
    data_notes: list[str] = field(default_factory=list)
    #: the stale N marks the penalty-notice window counts before the period (it reaches
    #: back across the summer into last school year): data-quality items (``stale_n``)
    #: that ``check`` lists beside :attr:`data_quality`, which is the period's alone
    #: (:func:`attcli.quality.window_stale_n`)
    pn_stale_n: pl.DataFrame = field(default_factory=quality.empty)
    #: the school weeks the penalty-notice window holds, per school: fewer than
    #: ``pn_weeks`` when the window reaches back before the exports' first school week
    pn_window_weeks: dict[str, int] = field(default_factory=dict)
    #: the sessions left in the school year after the as-of date, per school: what
    #: ``can_miss_sessions`` counts within (:func:`can_miss_words`)
    sessions_left: dict[str, int | None] = field(default_factory=dict)
    #: per school, what those sessions left rest on where they are an estimate (None where
    #: counted): :meth:`attcli.calendar.Calendar.remaining_estimate`'s words
    sessions_left_estimate: dict[str, str | None] = field(default_factory=dict)
    #: the school days an N's age is counted in, per school (:meth:`Prepared._n_age_days`:
    #: the register's and those of a week no export holds): the data-quality list's stale
    #: N and the penalty-notice window's fresh ones (:func:`attcli.quality.window_n`) are
    #: aged alike (DOMAIN.md 12)
    n_age_days: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    #: what the evaluation was made from (:func:`prepare`): evaluate it at another date
    prepared: Prepared | None = None
    #: illness evidence: the illness sessions of the school year to the as-of date (school,
    #: upn, date, session, mark) of each pupil the sickness rule flags (DOMAIN.md 7): the
    #: sessions ``sickness_sessions`` counts (none in an evaluation of figures only)
    sickness_sessions: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"school": pl.String, "upn": pl.String, "date": pl.Date,
                "session": pl.String, "mark": pl.String}
    ))  # fmt: skip
    #: the school days of illness with one illness session that the run of illness counts
    #: whole (school, upn, ``days``; only pupils with one or more): the other session
    #: ``C2``, not possible or with no mark, so the only one due (DOMAIN.md 7; sweep rough8).
    #: The school days missed through illness are (``sickness_sessions`` + ``days``) / 2
    #: (:func:`illness_half_days`); none in an evaluation of figures only
    sickness_whole_days: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"school": pl.String, "upn": pl.String, "days": pl.UInt32}
    ))  # fmt: skip
    #: the ladder's placers made of this evaluation, by what each was made of, and the
    #: casebook's records they read (:func:`attcli.placing.placer_of`): `cases` and
    #: `pupil` place pupils twice a run (their own ladder, the check's held letters)
    placers: dict[tuple[object, ...], object] = field(
        default_factory=dict, repr=False, compare=False
    )
    casebook_records: dict[int, object] = field(default_factory=dict, repr=False, compare=False)
    #: each pupil's marks in the register now, by (school, upn): (first day, last day,
    #: the marks of those days), made once an evaluation for the pupils and days asked of
    #: (:func:`attcli.letter_marks.marks_now`): a letters run compares kept marks with them
    #: three times, `check` twice (its letters, its penalty-notice packs)
    marks_by_pupil: dict[tuple[str, str], tuple[dt.date, dt.date, dict]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: the runs of a part-time pupil (``C2``) absent with a CME code at every other
    #: possible session of each school day (:func:`_part_time_runs`), the columns of
    #: :attr:`runs`, kind :data:`PART_TIME`: kept apart from them, which a ``C2`` session
    #: breaks (DOMAIN.md 6; the lead's decision, docs/decisions.md, sweep cmept).  Empty
    #: for an evaluation of figures only
    part_time_runs: pl.DataFrame = field(default_factory=pl.DataFrame)

    def joined_in_period(self, joined: dt.date | None) -> dt.date | None:
        """``joined`` (the day a pupil joined the roll) when the period's figures are of
        part of it only: the school had a school day in the period before it, and it is
        not after the period's end; else None (a Year 7 admitted on the year's first
        school day is on roll for the whole of it).  A letter and the pupil record then
        say the figures are since joining."""
        if joined is None or not self.period_start < joined <= self.period_end:
            return None
        before = self.calendar.school_sessions_between(
            self.period_start, joined - dt.timedelta(days=1)
        )
        return joined if before else None

    def joined_days(self) -> dict[tuple[str, str], dt.date]:
        """(school or "", upn) -> the day each pupil who joined the roll during the period
        joined it (:meth:`attcli.roll.Compact.joined_days`, kept by
        :meth:`joined_in_period`): whose figures are since then."""
        prepared, cov = self.prepared, self.coverage
        if prepared is None or cov is None:
            return {}
        days = prepared.roll.joined_days(cov.data_start)
        if not days:
            return {}
        # (kept or not by the day alone: asked once a day, not once a joiner, issue 15)
        kept = {day: self.joined_in_period(day) for day in set(days.values())}
        out = {}
        for pid, school, upn in (
            prepared.roll.pupils.filter(pl.col("pid").is_in(list(days)))
            .select("pid", "school", "upn")
            .iter_rows()
        ):
            if (day := kept[days[pid]]) is not None:
                out[(school or "", upn)] = day
        return out

    def window_weeks(self, school: str | None) -> int:
        """The school weeks ``school``'s penalty-notice window holds (:attr:`pn_window_weeks`;
        ``[penalty_notice] weeks`` when it holds them all), as the check, the letters and
        the evidence pack say them."""
        return self.pn_window_weeks.get(school or "", self.config.pn_weeks)

    @property
    def register(self) -> pl.DataFrame:
        """The register the rules read (:mod:`attcli.roll`), wide: missing rows filled in as
        missing marks, blank cells outside the time on roll dropped."""
        assert self.prepared is not None
        return self.prepared.register

    def first_school_days(self) -> pl.DataFrame:
        """``_sc`` (the school, "" for none), ``_first``: each school's first school day in
        the exports (none for a school with no school day)."""
        calendars = self.prepared.calendars if self.prepared is not None else {}
        firsts = {
            school or "": cal.school_days[0]
            for school, cal in (calendars or {None: self.calendar}).items()
            if cal.school_days
        }
        return pl.DataFrame(
            {"_sc": list(firsts), "_first": list(firsts.values())},
            schema={"_sc": pl.Utf8, "_first": pl.Date},
        )


@dataclass(frozen=True)
class Ask:
    """One evaluation asked of :meth:`Prepared.evaluate_many` (the arguments of
    :meth:`Prepared.evaluate`)."""

    as_of: dt.date | None = None
    period_start: dt.date | None = None
    flags_only: bool = False
    #: the pupils' figures and bands only (and so no evidence): no runs, no lateness and
    #: no penalty-notice threshold, whose columns ``pupils`` then leaves out (a reader of
    #: one fails, never reads a blank), for the commands that count sessions and nothing
    #: else (the report, the summary; issue 15)
    figures_only: bool = False


@dataclass(frozen=True)
class _Asked:
    as_of: dt.date
    start: dt.date
    explicit: bool  # the period was stated (--from)
    flags_only: bool
    figures_only: bool = False


@dataclass(frozen=True)
class _Events:
    """Penalty-notice sessions made once for several asks (:meth:`Prepared._pn_events`),
    and the pupils' compulsory school age they were made with."""

    events: pl.DataFrame
    csa: pl.DataFrame


#: The JSON/CSV contract, in order.
PUPIL_FIELDS = [
    "upn", "surname", "forename", "year_group", "reg_group", "dob",
    "possible", "attended", "authorised", "unauthorised", "attendance_pct", "band",
    "ht_possible", "ht_attended", "ht_authorised", "ht_unauthorised", "ht_attendance_pct",
    "can_miss_sessions", "can_miss_estimated", "next_band",
    "lates_half_term", "lates_flag",
    "pn_threshold_met", "pn_first_met", "pn_window_start", "pn_window_end",
    "pn_window_sessions", "compulsory_school_age",
    "continuous_absence_days", "continuous_absence_start", "longest_absence_days",
    "last_attended",
    "sickness_sessions", "sickness_longest_days", "sickness_flag",
    "on_roll", "left_on", "left_after_absence_days", "missing_marks",
    "unmarked_after_absence_days", "last_marked",
]  # fmt: skip
#: The pupils' fields an evaluation of figures only (:attr:`Ask.figures_only`) leaves out:
#: the penalty-notice threshold and the runs of absence, which it does not work out.
FLAG_FIELDS = frozenset({
    "pn_threshold_met", "pn_first_met", "pn_window_start", "pn_window_end",
    "pn_window_sessions",
    "continuous_absence_days", "continuous_absence_start", "longest_absence_days",
    "last_attended", "sickness_longest_days", "sickness_flag", "left_after_absence_days",
    "unmarked_after_absence_days", "last_marked",
})  # fmt: skip


def band_expr(
    attended: pl.Expr, possible: pl.Expr, bands: tuple[Band, ...], minimum: int
) -> pl.Expr:
    """The band name, comparing attended/possible with each threshold on exact integers;
    none below ``minimum`` possible sessions, and never for none (0 of 0 is no attendance:
    the config asks for a minimum of 1 or more, a library caller may not)."""
    expr = pl.when(possible < max(minimum, 1)).then(pl.lit(None, pl.Utf8))
    for band in bands:
        if band.threshold is None:
            return expr.otherwise(pl.lit(band.name))
        lhs, rhs = _scaled(attended, possible, band.threshold)
        expr = expr.when(lhs >= rhs if band.inclusive else lhs > rhs).then(pl.lit(band.name))
    return expr.otherwise(pl.lit(None, pl.Utf8))


def _scaled(attended: pl.Expr, possible: pl.Expr, threshold: Fraction) -> tuple[pl.Expr, pl.Expr]:
    # attended / possible >= n / (100 d)  <=>  attended * 100 * d >= n * possible
    n, d = threshold.numerator, threshold.denominator
    return attended.cast(pl.Int64) * (100 * d), possible.cast(pl.Int64) * n


def pct_expr(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Percentage rounded half up to 2 decimals, for display only (bands never use it)."""
    scaled = (num.cast(pl.Int64) * 1_000_000) // den.cast(pl.Int64)  # 4 extra digits, floored
    hundredths = (scaled + 50) // 100  # half up
    # divide then round: 8521 / 100 is 85.21000000000001 in binary floating point
    return pl.when(den > 0).then((hundredths.cast(pl.Float64) / 100).round(2)).otherwise(None)


def as_of_before_data(as_of: dt.date, first: dt.date) -> str:
    """The one line refusing an as-of date before the exports' first date, for every
    command: the value as the option takes it, and what would do."""
    return (
        f"--as-of {as_of.isoformat()} is before the first date in the data "
        f"({first:%d/%m/%Y}): give --as-of {first.isoformat()} or later"
    )


def can_miss_exprs(
    attended: pl.Expr,
    possible: pl.Expr,
    remaining: int | None,
    band: pl.Expr,
    here: pl.Expr,
    bands: tuple[Band, ...],
) -> tuple[pl.Expr, pl.Expr]:
    """Most sessions of the ``remaining`` ones each pupil can miss and still end the year in
    their band, and the next band down, for every pupil at once (a pupil in a band and on
    roll; null otherwise).  With ``remaining`` added to both counts, the pupil stays in a
    band of threshold n/d % while (a - k) * 100 d >= n p (inclusive) or > n p: k is
    a - ceil(n p / 100 d), or a - (floor(n p / 100 d) + 1), kept within 0 and
    ``remaining``; on exact integers, as Polars expressions, not a Python call a pupil
    (issue 15; tests/test_engine.py checks them against the rule written in Python).
    ``remaining`` None (the sessions left are not known): no number, for any pupil."""
    a = attended.cast(pl.Int64) + (remaining or 0)
    p = possible.cast(pl.Int64) + (remaining or 0)
    miss: pl.Expr = pl.lit(None, pl.Int64)
    nxt: pl.Expr = pl.lit(None, pl.Utf8)
    for i, b in enumerate(bands):
        when = (band == b.name) & here
        if b.threshold is not None and remaining is not None:
            n, d = b.threshold.numerator, b.threshold.denominator
            bound, scale = p * n, 100 * d  # both >= 0: (x + y - 1) // y is the ceiling
            k = a - (bound + (scale - 1)) // scale if b.inclusive else a - (bound // scale + 1)
            miss = pl.when(when).then(k.clip(0, remaining)).otherwise(miss)
        following = bands[i + 1].name if i + 1 < len(bands) else None
        nxt = pl.when(when).then(pl.lit(following, pl.Utf8)).otherwise(nxt)
    return miss, nxt


def can_miss_words(
    k: pl.Expr, left: pl.Expr, band: pl.Expr, following: pl.Expr, estimate: pl.Expr
) -> pl.Expr:
    """What ``can_miss_sessions`` (``k``) means, in the words of a band's reason: "can miss
    3 more sessions this year before red"; "1 more session"; "no more sessions"; and, when
    ``k`` is every one of the ``left`` sessions of the year (the pupil cannot reach the next
    band this year, however many they miss), "can miss all 4 sessions left this year and
    stay red" (not "4 more ... before severe", which reads as if a fifth would do it).  Null
    (nothing to say) with no next band or no session left.  Where the sessions left are an
    estimate (``estimate``: the words of :meth:`attcli.calendar.Calendar.remaining_estimate`,
    null where the sessions left are counted), the words say so in brackets, as the report
    does (sweep notes2; its words, sweep leftovers12)."""
    more = pl.when(k == 0).then(pl.lit("no more sessions")).otherwise(counted_expr(k, "more session"))
    return (
        pl.when(following.is_null() | k.is_null() | (left <= 0))
        .then(pl.lit(None, pl.Utf8))
        .when(k >= left)
        .then(
            pl.when(left == 1)
            .then(pl.format("can miss the 1 session left this year and stay {}", band))
            .otherwise(pl.format("can miss all {} sessions left this year and stay {}", left, band))
        )
        .otherwise(pl.format("can miss {} this year before {}", more, following))
    ) + pl.when(estimate.is_not_null()).then(
        pl.format(" ({})", estimate)
    ).otherwise(pl.lit(""))


def _counts(prefix: str = "") -> list[pl.Expr]:
    cat = pl.col("category")
    return [
        possible_expr().sum().alias(f"{prefix}possible"),
        cat.is_in(ATTENDED).sum().alias(f"{prefix}attended"),
        (cat == Category.AUTHORISED.value).sum().alias(f"{prefix}authorised"),
        (cat == Category.UNAUTHORISED.value).sum().alias(f"{prefix}unauthorised"),
    ]


def evaluate(
    register: pl.DataFrame | Compact | Prepared,
    config: Config,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    roll_dates: pl.DataFrame | None = None,
    pn_covered: Iterable[tuple[str, dt.date, str]] = (),
) -> Evaluation:
    """Apply every rule to ``register`` as of ``as_of`` (default: the last date in the data).

    ``pn_covered``: ``(upn, date, session)`` of the sessions that already supported a
    penalty notice on record; they never count toward the threshold again (DOMAIN.md 5).

    The period is the school year of the as-of date, or from ``period_start`` when the
    user states a shorter one (``--from``).  ``register`` is resolved against each
    pupil's time on roll first (:func:`attcli.roll.resolve`, with the joining and leaving
    dates of ``roll_dates`` where a pupil list gives them).  To evaluate one register at
    several dates, :func:`prepare` it once and call :meth:`Prepared.evaluate`.
    """
    prepared = (
        register
        if isinstance(register, Prepared)
        else prepare(register, config, roll_dates=roll_dates, pn_covered=pn_covered)
    )
    return prepared.evaluate(as_of=as_of, period_start=period_start)


def prepare(
    register: pl.DataFrame | Compact,
    config: Config,
    *,
    roll_dates: pl.DataFrame | None = None,
    pn_covered: Iterable[tuple[str, dt.date, str]] = (),
) -> Prepared:
    """What every evaluation of ``register`` shares, done once: the compact register
    resolved against each pupil's time on roll, each school's calendar, and each pupil's
    school days (for runs of absence)."""
    c = register if isinstance(register, Compact) else compact(register)
    if c.marks.height == 0:
        raise AttcliError("the register is empty: no sessions to check")
    codes = c.pupils.select((pl.col("pid") // SCHOOL_BITS).alias("_sc"), "school")

    def holidays(sessions: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
        # marks on days the term dates make holidays, of half the pupils on roll or fewer (a
        # holiday club, a trip): not the school's sessions, so not counted (DOMAIN.md 5,
        # 10), nor a part of anyone's time on roll (DOMAIN.md 1)
        found = _holiday_marks(sessions, spans, config, codes)
        if found.height and not sessions.select("_sc", "date").join(
            found, on=["_sc", "date"], how="anti"
        ).height:
            raise AttcliError(
                "the register has marks only on days the term dates make holidays: "
                f"check [[{config.half_terms_key}]] and {config.inset_days_key}"
            )
        return found

    return Prepared(
        resolve(c, roll_dates, set_aside=holidays, no_school_day=no_school_day(config)),
        config,
        list(pn_covered),
    )




class Prepared:
    """A register ready to be evaluated at any date (see :func:`prepare`)."""

    def __init__(
        self, roll: Compact, config: Config, pn_covered: list[tuple[str, dt.date, str]]
    ) -> None:
        self.roll = roll
        self.config = config
        codes = roll.pupils.lazy().select((pl.col("pid") // SCHOOL_BITS).alias("_sc"), "school")
        # the holiday marks (see prepare): out of the marks and the time on roll already
        self.holiday_marks = (
            roll.set_aside if roll.set_aside is not None else pl.DataFrame(schema=_HOLIDAY_SCHEMA)
        )
        # the register's first and last day: dates, never None (a register left with no
        # mark is refused before this: the loader's "no marks at all", a pupil list with
        # nobody on roll, prepare's "marks only on days the term dates make holidays")
        # (each one query: issue 15)
        ends = roll.marks.select(pl.col("date").min().alias("a"), pl.col("date").max().alias("b"))
        self.first: dt.date = ends.item(0, "a")
        self.last: dt.date = ends.item(0, "b")
        self.school_code = dict(
            codes.unique("_sc").select("school", "_sc").collect(engine="in-memory").iter_rows()
        )
        self.schools = sorted(self.school_code)
        # one school (nearly every register): its marks are the register's, not a copy
        self._marks = {
            s: (
                # (lazy: see _quality)
                roll.marks.lazy().filter(pl.col("pid") // SCHOOL_BITS == code).collect()
                if len(self.schools) > 1
                else roll.marks
            )
            for s, code in self.school_code.items()
        }
        self.calendars: dict[str, Calendar] = {}
        self.stray: dict[str, pl.DataFrame] = {}
        #: each school's sessions with no register (:attr:`attcli.roll.Compact.missing_sessions`)
        self.missing_sessions: dict[str, pl.DataFrame] = {}
        # made on first use (an evaluation of figures only needs none of them)
        self._days: dict[str, pl.DataFrame] = {}
        #: days being made on a thread of their own while the counts are made (:meth:`days`)
        self._days_ahead: dict[str, _Ahead] = {}
        self._candidates: dict[str, tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]] = {}
        self._order: pl.DataFrame | None = None  # (:meth:`_pupil_order`)
        #: what other modules' steps read off this register and several ask for, made
        #: once a run under a name of the module's (issue 15: e.g. the marks of the
        #: children under two UPNs, :func:`attcli.joined._marks_of`)
        self.memo: dict[str, object] = {}
        #: the run kinds: a sickness day's codes with the C2 it may have beside them
        #: (:data:`SICKNESS_BESIDE`, :func:`beside_only`)
        self.kinds = {
            "unexplained": config.cme_codes,
            "sickness": tuple(dict.fromkeys((*config.sickness_codes, SICKNESS_BESIDE))),
        }
        #: the run kind of a part-time pupil's days (:func:`_part_time_runs`): the CME codes
        #: and C2
        self.part_time_kinds = {PART_TIME: tuple(dict.fromkeys((*config.cme_codes, "C2")))}
        self._part_time_days: dict[str, pl.DataFrame] = {}
        self._missing_pids: dict[str, pl.Series] = {}
        self.dates: dict[str, set[dt.date]] = {}
        assert roll.stray_days is not None and roll.sessions is not None
        assert roll.missing_sessions is not None
        closed_ahead: set[dt.date] = set()  # (:func:`_closures_ahead`, every school's)
        for s in self.schools:
            stray = roll.stray_days.filter(pl.col("school") == s)
            self.stray[s] = stray
            self.missing_sessions[s] = roll.missing_sessions.filter(pl.col("school") == s)
            # (the school's sessions, summed by resolve: no pass over its marks here)
            summary = (
                roll.sessions.lazy().filter(pl.col("_sc") == self.school_code[s]).drop("_sc")
            ).collect(engine="in-memory")
            aside = self.holiday_marks.filter(pl.col("_sc") == self.school_code[s])
            # a day whose only rows are a minority's not-possible marks entered ahead holds
            # no register: neither a day of the data nor a week the term dates' school
            # week is held by (a week of them is a missing week, as one of strays is)
            minority = _minority_unregistered(
                summary,
                roll.spans.filter((pl.col("pid") // SCHOOL_BITS) == self.school_code[s])
                if roll.spans is not None
                else None,
            )
            self.calendars[s] = Calendar.from_sessions(
                summary,
                config,
                stray.get_column("date").to_list()
                + aside.get_column("date").to_list()
                + sorted(minority),
            )
            # the days in the data (a day of holiday marks among them, as it was)
            self.dates[s] = (set(summary.get_column("date").to_list()) - minority) | set(
                aside.get_column("date").to_list()
            )
            ahead = _closures_ahead(config, summary, self.dates[s])
            self.dates[s] -= ahead
            closed_ahead |= ahead
            if config.half_terms and stray.height:
                # a stray day inside the data whose rows are a handful's (not one of
                # everyone's '#', the school shut, with a mark typed on it) is no day the
                # exports hold the school's register of: on a school day of the term dates
                # it is a day no export covers, as one with no row at all is
                # (docs/decisions.md, sweep quality2)
                num, den = STRAY_DAY_SHARE
                rows = summary.group_by("date").agg(pl.col("_marked").max().alias("_rows"))
                strays = set(
                    stray.join(rows, on="date", how="left")
                    .filter(pl.col("_rows").fill_null(0) * den < num * pl.col("on_roll"))
                    .get_column("date")
                    .to_list()
                )
                held = self.dates[s] - strays
                if held:
                    lo, hi = min(held), max(held)
                    self.dates[s] -= {d for d in strays if lo < d < hi}
        if closed_ahead and self.last in closed_ahead:
            # the data's last day is its last register's, not a closure entered ahead's: the
            # as-of date by default (a pass over the days only in this rare case)
            days = roll.marks.get_column("date").unique()
            self.last = days.filter(~days.is_in(sorted(closed_ahead))).max()  # type: ignore[assignment]
        covered = pl.DataFrame(
            pn_covered,
            schema={"upn": pl.Utf8, "date": pl.Date, "session": pl.Utf8},
            orient="row",
        )
        self.covered = (
            roll.pupils.lazy()
            .join(covered.lazy(), on="upn", how="inner")
            .select(
                "pid",
                ord_expr().alias("ord"),
            )
            .unique()
            .collect(engine="in-memory")
        )
        self._wide: pl.DataFrame | None = None

    def with_covered(self, pn_covered: Iterable[tuple[str, dt.date, str]]) -> Prepared:
        """This register with ``pn_covered`` (as :func:`evaluate` takes it) as the sessions
        that supported a notice, in place of its own: the notices on record by another
        day."""
        import copy

        out = copy.copy(self)
        covered = pl.DataFrame(
            list(pn_covered),
            schema={"upn": pl.Utf8, "date": pl.Date, "session": pl.Utf8},
            orient="row",
        )
        out.covered = (
            self.roll.pupils.join(covered, on="upn", how="inner")
            .select("pid", ord_expr().alias("ord"))
            .unique()
        )
        return out

    def reverted(self, sessions: pl.DataFrame, mark: str = "N") -> Prepared:
        """The register of the pupils of ``sessions`` (school, upn, date, session) alone,
        those sessions marked ``mark`` again (an N of the last run corrected since): what
        the rules said of them before the correction, evaluated as this register is.  The
        school's calendar is the same (it is made from every pupil's sessions, kept whole
        in :attr:`Compact.sessions`), and so are the sessions that supported a notice."""
        from dataclasses import replace

        from attcli.codes import category_map

        roll = self.roll
        key = [pl.col("school").cast(pl.Utf8).fill_null(""), pl.col("upn")]
        keys = sessions.select(*key, "date", pl.col("session").cast(pl.Utf8))
        pupils = roll.pupils.with_columns(key[0].alias("_sk")).join(
            keys.select(pl.col("school").alias("_sk"), "upn").unique(), on=["_sk", "upn"],
            how="semi",
        ).drop("_sk")  # fmt: skip
        pids = pupils.select("pid")
        marks = roll.marks.lazy().join(pids.lazy(), on="pid", how="semi").collect()
        hit = (
            keys.join(
                pupils.select("pid", key[0].alias("school"), "upn"), on=["school", "upn"]
            )
            .select("pid", ord_expr().cast(marks.schema["ord"]).alias("ord"))
            .with_columns(pl.lit(True).alias("_hit"))
        )
        hit_ = pl.col("_hit").fill_null(False)
        marks = (
            marks.join(hit, on=["pid", "ord"], how="left")
            .with_columns(
                *[
                    pl.when(hit_)
                    .then(pl.lit(mark))
                    .otherwise(pl.col(c).cast(pl.Utf8))
                    .cast(marks.schema[c])
                    .alias(c)
                    for c in ("mark", "raw_mark")
                ],
                pl.when(hit_)
                .then(pl.lit(category_map()[mark]))
                .otherwise(pl.col("category").cast(pl.Utf8))
                .cast(CATEGORY_DTYPE)
                .alias("category"),
            )
            .drop("_hit")
        )
        assert roll.spans is not None
        sub = replace(
            roll,
            marks=marks,
            pupils=pupils,
            versions=roll.versions.join(pids, on="pid", how="semi"),
            spans=roll.spans.join(pids, on="pid", how="semi"),
            _wide=None,
        )
        out = Prepared(sub, self.config, [])
        out.covered = self.covered.join(pids, on="pid", how="semi")
        return out

    def school_marks(self, school: str) -> pl.DataFrame:
        """The marks of ``school``'s pupils (the register's own frame when it is the one
        school: no copy)."""
        return self._marks[school]

    def days(self, school: str, *, none: bool = False) -> pl.DataFrame:
        """Each pupil's school days with a possible session, in order (:func:`_days`): what
        runs of absence are read from; made on first use (or begun early:
        :meth:`_days_early`).  ``none``: the frame with no day in it (its columns only), at
        no cost."""
        if none:
            return self._make_days(school, none=True)
        if school in self._days_ahead:
            self._days[school] = self._days_ahead.pop(school).result()
        if school not in self._days:
            self._days[school] = self._make_days(school)
        return self._days[school]

    def _make_days(self, school: str, *, none: bool = False) -> pl.DataFrame:
        # each session's codes of a run kind as bits (see _bits): at most two sessions a
        # day, so the OR of a day's bits is the OR of their max and min
        bit = {
            k: pl.col("mark").replace_strict(
                list(b), list(b.values()), default=0, return_dtype=pl.UInt32
            )
            for k, b in ((k, _bits(codes)) for k, codes in self.kinds.items())
        }
        marks = self._marks[school]
        return _days(marks.clear() if none else marks, self.school_code[school], self.kinds, bit)

    def part_time_days(self, school: str) -> pl.DataFrame:
        """The days (:func:`_days`) of ``school``'s pupils with a ``C2`` mark, of the run
        kind :data:`PART_TIME` (the CME codes and ``C2``), with ``_only_c2``: every
        possible session of the day is ``C2`` (no timetabled session).  Made on first use,
        from those pupils' marks alone (most schools have few or none)."""
        if school not in self._part_time_days:
            marks = self._marks[school]
            pids = (
                marks.lazy().filter(pl.col("mark") == "C2").select(pl.col("pid").unique())
                .collect().get_column("pid")
            )  # fmt: skip
            if pids.len():
                self._part_time_days[school] = self.part_time_days_of(school, pids)
            else:  # (none: most schools; no day, its columns made once a process)
                key = (
                    tuple(marks.schema.items()),
                    self.school_code[school],
                    tuple((k, tuple(v)) for k, v in self.part_time_kinds.items()),
                )
                if (none := _NO_PART_TIME_DAYS.get(key)) is None:
                    none = _NO_PART_TIME_DAYS[key] = self.part_time_days_of(school, pids)
                self._part_time_days[school] = none
        return self._part_time_days[school]

    def part_time_days_of(self, school: str, pids: pl.Series) -> pl.DataFrame:
        """:meth:`part_time_days` of the pupils ``pids`` of ``school``, whether or not they
        have a ``C2`` mark (a child under two UPNs, part-time under one: the days a run
        across them is read from, :func:`attcli.joined.joined_runs`); not kept."""
        kinds = self.part_time_kinds
        bits = _bits(kinds[PART_TIME])
        bit = {
            PART_TIME: pl.col("mark").replace_strict(
                list(bits), list(bits.values()), default=0, return_dtype=pl.UInt32
            )
        }
        marks = self._marks[school]
        # (no C2 at all, most schools: no day, at no more cost)
        mine = (
            marks.lazy().filter(pl.col("pid").is_in(pids.implode())).collect()
            if pids.len() else marks.clear()
        )  # fmt: skip
        days = _days(mine, self.school_code[school], kinds, bit, grid=False)
        return days.with_columns(
            (pl.col(f"_c_{PART_TIME}") & (pl.col(f"_codes_{PART_TIME}") == bits["C2"])).alias(
                "_only_c2"
            )
        )

    def missing_pids(self, school: str) -> pl.Series:
        """The pupils of ``school`` with a missing mark (``-``, a blank cell or a missing row
        inside their time on roll) on any day of the register: whose marks
        :func:`_unmarked_within` reads.  Made on first use, once."""
        if school not in self._missing_pids:
            self._missing_pids[school] = (
                self._marks[school].lazy()
                .filter(pl.col("category") == Category.MISSING.value)
                .select(pl.col("pid").unique())
                .collect()
                .get_column("pid")
            )  # fmt: skip
        return self._missing_pids[school]

    def _part_time_runs(self, school: str, as_of: dt.date) -> pl.DataFrame:
        """The runs (:func:`_runs`' columns, kind :data:`PART_TIME`) of a part-time pupil
        absent at every other possible session: school days up to ``as_of`` on which every
        possible session is ``C2`` or of the CME codes (a day wholly of the CME codes too),
        with a ``C2`` session anywhere inside the run's span, from its first day to its
        last: among its days, or a day of ``C2`` alone skipped inside it (its codes then
        say ``C2``; the lead's decision, sweep decide9: N x5, a C2 day, N x5 is a run of
        10).  A day of ``C2`` alone (no timetabled session), a stray day (as
        :func:`_without_stray_days`) and a day not possible for the pupil neither count
        nor break; a day attended, or with another authorised or a ``U`` session, breaks
        (the lead's decision on DOMAIN.md 6, docs/decisions.md, sweep cmept).  A run with
        no ``C2`` in its span is a run of unexplained absence, listed as such."""
        kinds = self.part_time_kinds
        all_days = self.part_time_days(school)
        if not all_days.height:
            # no pupil with a C2 (most schools): no run, the columns worked out once a
            # process (a dozen queries a check on no row: issue 15, a small register's
            # check is mostly such fixed costs)
            key = (tuple(all_days.schema.items()), tuple((k, tuple(v)) for k, v in kinds.items()))
            if (none := _NO_PART_TIME_RUNS.get(key)) is None:
                none = _NO_PART_TIME_RUNS[key] = self._part_time_runs_of(all_days, school, as_of)
            return none
        return self._part_time_runs_of(all_days, school, as_of)

    def _part_time_runs_of(
        self, all_days: pl.DataFrame, school: str, as_of: dt.date
    ) -> pl.DataFrame:
        kinds = self.part_time_kinds
        days = all_days.lazy().filter(pl.col("date") <= as_of)
        stray = self.stray[school].get_column("date")
        if stray.len():
            days = days.filter(pl.col("date").is_in(stray.implode()).not_())
        # (in order of pupil then day still: the run numbers again, without those days)
        runs = _runs(
            days.filter(pl.col("_only_c2").not_()).with_columns(_run_numbers(kinds)), kinds
        )
        # the runs with a day of C2 alone strictly inside their span (one at either end is
        # outside it: the span is the counted days')
        inside = (
            runs.lazy().select("pid", "start", "end")
            .join(days.filter(pl.col("_only_c2")).select("pid", "date"), on="pid")
            .filter((pl.col("date") > pl.col("start")) & (pl.col("date") < pl.col("end")))
            .select("pid", "start", pl.lit(True).alias("_c2_inside"))
            .unique()
            .collect()
        )  # fmt: skip
        codes = pl.col("codes")
        return (
            runs.join(inside, on=["pid", "start"], how="left", maintain_order="left")
            .filter(codes.list.contains("C2") | pl.col("_c2_inside").fill_null(False))
            .with_columns(
                pl.when(codes.list.contains("C2")).then(codes)
                .otherwise(codes.list.concat(pl.lit(["C2"])).list.sort())
                .alias("codes")
            )
            .drop("_c2_inside")
        )  # fmt: skip

    def _days_early(self, school: str) -> None:
        """Start making ``school``'s days (:meth:`days`) on a thread of its own, for a
        register large enough to lay out on a grid, while the counts and the penalty-notice
        sessions are made (issue 15: the grid is written on one core, its days read off
        by one Polars query).  :meth:`days` waits for it; an error in it is raised
        there, as if made there."""
        if school in self._days or school in self._days_ahead:
            return
        if self._marks[school].height < GRID_MIN_ROWS:  # (a few milliseconds: not worth it)
            return
        self._days_ahead[school] = _Ahead(lambda: self._make_days(school))

    def candidates(self, school: str) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """The sessions of ``school`` that may count toward a penalty notice, the late
        ones and the ill ones (pid, date, session, ord, mark): three passes over the marks,
        side by side, made on first use."""
        if school not in self._candidates:
            m, config = self._marks[school].lazy(), self.config
            session = ("pid", "date", "session", "ord", pl.col("mark").cast(pl.Utf8))
            pn, late, ill = pl.collect_all(
                [
                    m.filter(
                        pl.col("mark").is_in(config.pn_codes)
                        & (pl.col("date") >= PN_FRAMEWORK_START)
                    ).select(session),
                    m.filter(pl.col("mark").is_in(config.late_codes)).select(session),
                    m.filter(pl.col("mark").is_in(config.sickness_codes)).select(session),
                ]
            )
            self._candidates[school] = (pn, late, ill)
        return self._candidates[school]

    def pn_counted(
        self, school: str, pupils: pl.DataFrame, first: dt.date, last: dt.date
    ) -> pl.DataFrame:
        """The sessions (pid, date, session, ord, mark) of ``pupils`` (``pid``, ``dob``) at
        ``school`` from ``first`` to ``last`` that count toward a notice (DOMAIN.md 5: the
        school's codes, on or after the framework's start, while of compulsory school age,
        none a notice's already), whatever the school's own window: what a trust adds of a
        mover's sessions at another school in the window of the school the pupil is on roll
        at (:func:`attcli.joined.pn_across_schools`), which can reach back before the other
        school's own window (its school weeks are not the other's)."""
        cut = ord_of(last, pm=True)
        dobs = pupils.select("pid", pl.col("dob").cast(pl.Date))
        csa = dobs.join(_csa_windows(dobs.get_column("dob")), on="dob", how="left").select(
            "pid", "_csa_from", "_csa_to"
        )
        return (
            self._pn_events(school, self.calendars[school], csa, cut)
            .filter(pl.col("date") >= first)
            .select("pid", "date", "session", "ord", "mark")
        )

    def attributes(self, as_of: dt.date, columns: Iterable[str]) -> pl.DataFrame:
        """Each pupil's ``columns`` (those the exports carried) as of ``as_of``: school,
        upn and the columns, as text."""
        present = tuple(c for c in columns if c in self.roll.versions.columns)
        found = self.roll.attributes_as_of(ord_of(as_of, pm=True), present)
        return self._keyed(found)

    def looked_after_marks(self, as_of: dt.date) -> dict[tuple[str, str], bool]:
        """(school, upn) -> the register's own looked-after column (``cla``: SIMS's and
        Arbor's Looked After, In Care) as of ``as_of``, Y True and N False (a blank cell is
        N, as every yes/no column's is: an MIS writes a flag as Y or blank,
        :func:`attcli.loaders._values.yes_no_exprs`); empty without the column (a load that did not read it:
        ``obtain(..., attributes=("cla",))``).  Read through the one rule,
        :func:`attcli.looked_after.looked_after`, which says where an N contradicts the
        contacts (sweep lacfollow).  Made once a date a run (:attr:`memo`): the check asks
        it for its pupils and again for its held letters (:class:`attcli.absence.HoldRule`);
        each caller gets its own copy."""
        key = f"engine.looked_after_marks {as_of.isoformat()}"
        found = self.memo.get(key)
        if not isinstance(found, dict):
            cla = self.attributes(as_of, ["cla"])
            found = (
                {
                    (school or "", upn): bool(mark)
                    for school, upn, mark in cla.filter(pl.col("cla").is_not_null())
                    .select("school", "upn", "cla")
                    .iter_rows()
                }
                if "cla" in cla.columns
                else {}
            )
            self.memo[key] = found
        return dict(found)

    @property
    def register(self) -> pl.DataFrame:
        """The resolved register, wide (every mark with its pupil's names): for consumers."""
        if self._wide is None:
            self._wide = self.roll.wide().with_columns(pl.col("school").fill_null(""))
        return self._wide

    def register_of(self, pupils: Iterable[tuple[str, str]]) -> pl.DataFrame:
        """The rows of :attr:`register` of ``pupils`` ((school, upn) pairs), made from
        their marks alone: what a pupil's record and a run of certificates read (making
        every pupil's rows and keeping a few was most of ``attcli pupil``, issue 15)."""
        if self._wide is not None:  # made already: read from it
            return self._wide.join(pupil_keys(pupils), on=["school", "upn"], how="semi")
        pids = self.pids_of(pupils)
        return self.roll.wide(pids).with_columns(pl.col("school").fill_null(""))

    def pids_of(self, pupils: Iterable[tuple[str, str]]) -> pl.DataFrame:
        """The integer keys (``pid``) of ``pupils`` ((school, upn) pairs) in the marks."""
        wanted = pupil_keys(pupils)
        return (
            self.roll.pupils.lazy()
            .join(wanted.lazy(), on=["school", "upn"], how="semi")
            .select("pid")
            .collect(engine="in-memory")  # (one query: issue 15)
        )

    def opened(self, start: dt.date, end: dt.date) -> dict[str, set[tuple[dt.date, str]]]:
        """school -> the sessions from ``start`` to ``end`` that some pupil's row of
        :attr:`register` is in (a mark, or a missing mark added), read from the marks'
        keys without making the register wide."""
        out: dict[str, set[tuple[dt.date, str]]] = {}
        for school, marks in self._marks.items():
            sessions = (
                marks.lazy()  # (lazy: see _quality)
                .filter(pl.col("date").is_between(start, end))
                .select("date", pl.col("session").cast(pl.Utf8))
                .unique()
                .collect()
            )
            if sessions.height:
                out[school] = set(sessions.iter_rows())
        return out

    def evaluate(
        self,
        as_of: dt.date | None = None,
        period_start: dt.date | None = None,
        *,
        flags_only: bool = False,
        figures_only: bool = False,
    ) -> Evaluation:
        """Every rule as of ``as_of`` (default: the last date in the data).

        ``flags_only``: the pupils' figures and flags only (in the same order), for
        comparing with an earlier date (NEW) and for the commands that list no evidence
        (the register check): no lateness or penalty-notice sessions, no runs' last
        attendance, no data-quality list (issue 15).  ``figures_only``: the figures and
        bands alone (:attr:`Ask.figures_only`)."""
        return self.evaluate_many(Ask(as_of, period_start, flags_only, figures_only))[0]

    def dates_of(self, ask: Ask) -> tuple[dt.date, dt.date]:
        """The as-of date and the period's first day an :class:`Ask` comes to: the last
        date in the data by default, and the school year of the as-of date unless
        ``period_start`` says otherwise."""
        as_of = ask.as_of or self.last
        return as_of, ask.period_start or academic_year_start(as_of)

    def evaluate_many(self, *asks: Ask) -> list[Evaluation]:
        """:meth:`evaluate` for each of ``asks``, in one evaluation (issue 15): the counts of
        every pupil's sessions for all of them come from one pass over the register, and
        the penalty-notice windows from one set of each pupil's unauthorised sessions.
        Each :class:`Evaluation` is the one :meth:`evaluate` gives for its ask alone."""
        resolved = []
        for ask in asks:
            as_of, start = self.dates_of(ask)
            if as_of < self.first:
                raise AttcliError(as_of_before_data(as_of, self.first))
            if ask.period_start is not None and start > as_of:
                raise AttcliError(
                    f"--from {start.isoformat()} is after the as-of date ({as_of:%d/%m/%Y}): "
                    f"give --from {as_of.isoformat()} or earlier"
                )
            resolved.append(
                _Asked(
                    as_of,
                    start,
                    ask.period_start is not None,
                    ask.flags_only or ask.figures_only,
                    ask.figures_only,
                )
            )
        by_school = [self._evaluate_school(s, resolved) for s in self.schools]
        out = []
        for i in range(len(resolved)):
            parts = [evs[i] for evs in by_school]
            ev = parts[0]
            if len(parts) > 1:
                ev.pupils = pl.concat([p.pupils for p in parts], how="vertical_relaxed")
                ev.runs = pl.concat([p.runs for p in parts], how="vertical_relaxed")
                ev.part_time_runs = pl.concat(
                    [p.part_time_runs for p in parts], how="vertical_relaxed"
                )
                ev.pn_sessions = pl.concat(
                    [p.pn_sessions for p in parts], how="vertical_relaxed"
                )
                ev.late_sessions = pl.concat(
                    [p.late_sessions for p in parts], how="vertical_relaxed"
                )
                ev.sickness_sessions = pl.concat(
                    [p.sickness_sessions for p in parts], how="vertical_relaxed"
                )
                ev.sickness_whole_days = pl.concat(
                    [p.sickness_whole_days for p in parts], how="vertical_relaxed"
                )
                ev.data_quality = pl.concat(
                    [p.data_quality for p in parts], how="vertical_relaxed"
                )
                ev.pn_stale_n = pl.concat([p.pn_stale_n for p in parts], how="vertical_relaxed")
                ev.coverage = cov.merge([p.coverage for p in parts if p.coverage], self.schools)
                ev.warnings = [w for p in parts for w in p.warnings]
                ev.data_notes = [w for p in parts for w in p.data_notes]
                ev.pn_window_weeks = {k: v for p in parts for k, v in p.pn_window_weeks.items()}
                ev.sessions_left = {k: v for p in parts for k, v in p.sessions_left.items()}
                ev.sessions_left_estimate = {
                    k: v for p in parts for k, v in p.sessions_left_estimate.items()
                }
                ev.n_age_days = {k: v for p in parts for k, v in p.n_age_days.items()}
                ev.period_start = min(p.period_start for p in parts)
                ev.period_end = max(p.period_end for p in parts)
            ev.prepared = self
            out.append(ev)
        return out

    # ------------------------------------------------------------------ one school

    def _keyed(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with ``school`` and ``upn`` for its ``pid``, in front, ``pid`` dropped."""
        return self.roll.with_keys(frame.lazy()).drop("pid").collect(engine="in-memory")  # (one query)

    def _keyed_sessions(self, frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
        """:meth:`_keyed` of ``frame`` (pid, date, session and more: a pupil's sessions
        given as evidence) in the order of school, upn, date and session, sorted on
        integers: each pupil's place in the order of school and UPN
        (:meth:`_pupil_order`), then the date and session.  The same rows in the same
        order as a sort on the texts, which was a fifth of the time of a full evaluation's
        evidence at 20,000 pupils (issue 15: 120,000 illness sessions, 0.08 s).  The
        pupil's place and the session (:func:`ord_expr`) are packed in one integer to
        sort on: a sort on several columns encodes each row first (0.026 -> 0.016 s of CPU
        for those 120,000)."""
        session = ord_expr().cast(pl.Int64) + 2**32  # (a date's ord: within +-2**32)
        return (
            self._pupil_order()
            .lazy()
            .join(frame.lazy(), on="pid", how="inner")
            .sort(pl.col("_k").cast(pl.UInt64) * 2**33 + session.cast(pl.UInt64))
            .drop("pid", "_k")
            .collect(engine="in-memory")  # (one query, not three: issue 15)
        )

    def _pupil_order(self) -> pl.DataFrame:
        """pid, school, upn and ``_k``: the pupil's place in the order of school and UPN
        (one pupil a pid, one pid a school and UPN), made once."""
        if self._order is None:
            self._order = (
                self.roll.pupils.select("pid", "school", "upn")
                .sort("school", "upn")
                .with_row_index("_k")
                .select("pid", "school", "upn", "_k")
            )
        return self._order

    def _x_of_age(self, school: str, first_ord: int, cut: int) -> pl.DataFrame:
        """``school``'s X sessions (a sub-code as X) from ``first_ord`` to ``cut`` on a day
        the pupil was of compulsory school age by their date of birth (keyed: upn, date,
        session, raw_mark, source, line).  X is "not required to be in school" for a pupil
        of non-compulsory school age (the 2024 regulations, from 19 August 2024: before,
        it also recorded COVID isolation), so for a pupil of it the register hides where
        the child was: a problem to fix, never a change to the figures (X stays not
        possible, as the MIS counts it).  No date of birth: nothing assumed."""
        x = (
            self._marks[school]
            .lazy()
            .filter(pl.col("ord").is_between(first_ord, cut) & (pl.col("mark") == "X"))
            .select(
                "pid", "date", "session", pl.col("raw_mark").cast(pl.Utf8),
                pl.col("source").cast(pl.Utf8), "line",
            )  # fmt: skip
            .collect()
        )
        if not x.height:
            return self._keyed(x)
        dobs = self.roll.attributes_as_of(cut, ("dob",)).filter(pl.col("dob").is_not_null())
        csa = dobs.join(_csa_windows(dobs.get_column("dob")), on="dob", how="left")
        return self._keyed(
            x.join(csa.select("pid", "_csa_from", "_csa_to"), on="pid", how="inner")
            .filter(pl.col("date").is_between(pl.col("_csa_from"), pl.col("_csa_to")))
            .drop("_csa_from", "_csa_to")
        )

    def _stray_marked(self, school: str, start: dt.date, as_of: dt.date) -> pl.DataFrame:
        """``school``'s stray days from ``start`` to ``as_of`` with ``who``: the UPNs of
        the handful whose marks are on each (the first :data:`quality.STRAY_NAMED` by UPN,
        then how many more), for the office to check their date.  Reads marks only when
        there is a stray day (rare), and only that day's."""
        from attcli.calendar import taken_expr

        stray = self.stray[school].filter(pl.col("date").is_between(start, as_of))
        if not stray.height:
            return stray
        marked = self._keyed(
            self._marks[school]
            .lazy()
            .filter(pl.col("date").is_in(stray.get_column("date").implode()) & taken_expr())
            .select("pid", "date")
            .unique()
            .collect()
        )
        shown = quality.STRAY_NAMED
        who = (
            marked.sort("upn")
            .group_by("date")
            .agg(
                pl.col("upn").head(shown).str.join(", ").alias("who"),
                pl.len().alias("_n"),
            )
            .select(
                "date",
                pl.concat_str(
                    [
                        "who",
                        pl.when(pl.col("_n") > shown)
                        .then(pl.format(" and {} more", pl.col("_n") - shown))
                        .otherwise(pl.lit("")),
                    ]
                ).alias("who"),
            )
        )
        return stray.join(who, on="date", how="left")

    def _outside_roll(self, school: str, first: int, last: int) -> pl.DataFrame | None:
        """The marks outside the pupil list's time on roll (:attr:`Compact.outside_roll`)
        of ``school``'s pupils, sessions ``first`` to ``last``: upn and the rest."""
        out = self.roll.outside_roll
        if out is None or not out.height:
            return None
        code = self.school_code[school]
        return self._keyed(
            out.filter(
                (pl.col("pid") // SCHOOL_BITS == code) & pl.col("ord").is_between(first, last)
            ).drop("ord")
        )

    def _evaluate_school(self, school: str, asks: list[_Asked]) -> list[Evaluation]:
        """Each of ``asks`` for ``school``'s pupils: the counts of their sessions for all of
        them in one pass over its register, then each evaluated in turn."""
        if any(not a.figures_only for a in asks):
            self._days_early(school)
        counts = self._counts(school, asks)
        # each pupil's sessions toward a notice: made once, up to the latest ask's date, for
        # every pupil of the school at their age then (an ask whose pupils' ages differ,
        # a date of birth corrected in between, has its own made)
        events: _Events | None = None
        flagged = [a for a in asks if not a.figures_only] or asks
        latest = max(ord_of(a.as_of, pm=True) for a in flagged)
        if len(flagged) > 1:
            dobs = self.roll.attributes_as_of(latest, ("dob",)).join(
                self.roll.pupils.filter(pl.col("school") == school).select("pid"), on="pid"
            )
            csa = dobs.join(_csa_windows(dobs.get_column("dob")), on="dob", how="left").select(
                "pid", "_csa_from", "_csa_to"
            )
            events = _Events(self._pn_events(school, self.calendars[school], csa, latest), csa)
        out = []
        for ask, found in zip(asks, counts, strict=True):
            ev, events = self._evaluate_one(school, ask, found, events, latest)
            out.append(ev)
        return out

    def _counts(self, school: str, asks: list[_Asked]) -> list[pl.DataFrame]:
        """Each pupil's sessions in each ask's period and half term, counted: one pass over
        the marks for every ask (issue 15), a frame per ask (pid and the counts).

        Every count is the sessions of one kind (possible, attended, late, ...) in one
        stretch of sessions (the period, the half term in it, the school year to the as-of
        date, ...).  The stretches' ends cut the sessions into a few segments, each inside
        or outside every stretch: the pass counts each pupil's sessions of the eight kinds
        a segment (a row per pupil and segment, keyed by one integer), and each count is
        then the sum of its stretch's segments (issue 15: 26 sums with their stretches'
        tests a session were 0.54-0.65 s of CPU at 20,000 pupils, this 0.39-0.49).  A
        register below :data:`GRID_MIN_ROWS` sessions sums each count's test and stretch in
        one query, as before: the same counts, one query's fixed cost, not two."""
        config = self.config
        cal = self.calendars[school]
        cat = pl.col("category")
        kinds = {
            "possible": possible_expr(),
            "attended": cat.is_in(ATTENDED),
            "authorised": cat == Category.AUTHORISED.value,
            "unauthorised": cat == Category.UNAUTHORISED.value,
            "missing": cat == Category.MISSING.value,
            "late": pl.col("mark").is_in(config.late_codes),
            "sick": pl.col("mark").is_in(config.sickness_codes),
            # sessions at another school (D), not required (X) or off a part-time
            # timetable (C2): a timetable here that is not full (can_miss_exprs'
            # sessions left are not all ones the pupil is due at)
            "not_full": pl.col("mark").is_in(NOT_FULL_CODES),
        }
        none = (1, 0)  # (an empty stretch: no session)

        def both(x: tuple[int, int], y: tuple[int, int]) -> tuple[int, int]:
            return max(x[0], y[0]), min(x[1], y[1])

        wanted: list[dict[str, tuple[str, tuple[int, int]]]] = []
        for ask in asks:
            to_as_of = ord_of(ask.as_of, pm=True)
            period = (ord_of(ask.start), to_as_of)
            ht = cal.half_term_of(ask.as_of)
            # (the half term of the as-of date, up to it: _in_half_term)
            in_ht = (ord_of(ht.start), ord_of(min(ht.end, ask.as_of), pm=True)) if ht else none
            # the sickness rule counts illness in the school year of the as-of date, up to
            # it (DOMAIN.md 7), as its run does, whatever the period: a period from before
            # 1 September (--from) keeps July in its own figures, not in the illness
            # sessions; one from after it leaves September's illness in them
            # (docs/decisions.md, "The sickness rule counts the school year whatever --from")
            year = (ord_of(academic_year_start(ask.as_of)), to_as_of)
            wanted.append(
                {
                    "possible": ("possible", period),
                    "attended": ("attended", period),
                    "authorised": ("authorised", period),
                    "unauthorised": ("unauthorised", period),
                    "missing_marks": ("missing", period),
                    "ht_possible": ("possible", both(in_ht, period)),
                    "ht_attended": ("attended", both(in_ht, period)),
                    "ht_authorised": ("authorised", both(in_ht, period)),
                    "ht_unauthorised": ("unauthorised", both(in_ht, period)),
                    # lateness is judged over the half term (DOMAIN.md 4) in the school
                    # year, up to the as-of date, whatever the period: a --from inside the
                    # half term would hide its first lates (an inferred half term may run
                    # back across 1 September); and illness over the school year (above)
                    "lates_half_term": ("late", both(in_ht, year)),
                    "sickness_sessions": ("sick", year),
                    "_not_full": ("not_full", period),
                }
            )
        starts = [a.start for a in asks] + [academic_year_start(a.as_of) for a in asks] + [
            max(ht.start, academic_year_start(a.as_of))
            for a in asks
            if (ht := cal.half_term_of(a.as_of)) is not None
        ]
        first = min(ord_of(d) for d in starts)
        last = max(ord_of(a.as_of, pm=True) for a in asks)
        total = pl.UInt32  # (the type of a sum of tests: as the counts were)

        def each_count(summed: Callable[[str, int, int], pl.Expr]) -> list[pl.Expr]:
            """Every ask's counts, ``summed(kind, lo, hi)`` each (an empty stretch: 0)."""
            return [
                (summed(kind, lo, hi) if lo <= hi else pl.lit(0)).cast(total).alias(f"{name}#{i}")
                for i, these in enumerate(wanted)
                for name, (kind, (lo, hi)) in these.items()
            ]

        marks = self._marks[school].lazy().filter(pl.col("ord").is_between(first, last))
        if self._marks[school].height < GRID_MIN_ROWS:
            # a small register: each count's test and stretch summed in one query (two
            # queries' fixed cost is more than the segments save)
            counts = (
                marks.group_by("pid")
                .agg(*each_count(lambda k, lo, hi: (kinds[k] & pl.col("ord").is_between(lo, hi)).sum()))
                .collect(engine="streaming")
            )
        else:
            # the segments: from each edge (a stretch's first session, or the one after its
            # last) to the next, between first and last
            edges = sorted(
                {first, last + 1}
                | {
                    e
                    for counts in wanted
                    for _, (lo, hi) in counts.values()
                    if lo <= hi
                    for e in (lo, hi + 1)
                    if first < e <= last
                }
            )
            segment = pl.sum_horizontal(
                [(pl.col("ord") >= e).cast(pl.UInt64) for e in edges[1:-1]]
            ) if len(edges) > 2 else pl.lit(0, pl.UInt64)
            bits = max(1, (len(edges) - 2).bit_length())
            # a pupil's key in the school is its UPN code (the low half of ``pid``): the key
            # and the segment in one integer, grouped on once
            high = self.school_code[school] * SCHOOL_BITS
            by_segment = (
                marks.group_by(((pl.col("pid") % SCHOOL_BITS) * (1 << bits) + segment).alias("_key"))
                .agg(*[e.sum().alias(k) for k, e in kinds.items()])
                # streaming sums each batch of rows into the groups: five times faster here
                # than grouping the whole frame first (issue 15)
                .collect(engine="streaming")
            )

            def in_segments(kind: str, lo: int, hi: int) -> pl.Expr:
                """The kind's sessions of the segments inside ``lo``..``hi``, summed."""
                inside = [j for j in range(len(edges) - 1) if lo <= edges[j] and edges[j + 1] - 1 <= hi]
                return pl.col(kind).filter((pl.col("_key") % (1 << bits)).is_in(inside)).sum()

            counts = (
                by_segment.lazy()
                .group_by((pl.col("_key") // (1 << bits) + pl.lit(high, pl.UInt64)).alias("pid"))
                .agg(*each_count(in_segments))
                .collect(engine="in-memory")
            )
        # (a pupil with no session in an ask's period counts 0 of each, as one in no row)
        return [
            counts.select("pid", *[pl.col(f"{n}#{i}").alias(n) for n in these])
            for i, these in enumerate(wanted)
        ]

    def _evaluate_one(
        self,
        school: str,
        ask: _Asked,
        counts: pl.DataFrame,
        events: _Events | None,
        latest: int,
    ) -> tuple[Evaluation, _Events | None]:
        as_of, start, explicit, flags_only = ask.as_of, ask.start, ask.explicit, ask.flags_only
        figures = ask.figures_only  # (and flags_only)
        config = self.config
        marks = self._marks[school]
        cal = self.calendars[school]
        holiday_days = cov.check_term_dates(
            config, as_of, list(cal.school_days), start, max(self.dates[school], default=None)
        )
        coverage = cov.coverage(
            config,
            period_start=start,
            as_of=as_of,
            data_dates=self.dates[school],
            explicit=explicit,
        )
        cut = ord_of(as_of, pm=True)
        first_ord = ord_of(start)
        # "on roll" is judged on the last school day up to the as-of date: a later date with
        # no possible session for anyone is not a school day (decisions: Calendar)
        school_days_upto = [d for d in cal.school_days if d <= as_of]
        roll_day = school_days_upto[-1] if school_days_upto else start
        # the data holds no school day between its end and the as-of date that it should:
        # only then can a run still be "current" on the as-of date
        data_reaches = coverage.days_after_data == 0

        # ---- who: pupils whose time on roll meets the period
        assert self.roll.spans is not None
        spans = (
            self.roll.spans.lazy()
            .join(
                self.roll.pupils.lazy().filter(pl.col("school") == school).select("pid"),
                on="pid",
            )
            .collect(engine="in-memory")
        )
        # (and those on roll on that day when it is before the period: an as-of date in the
        # summer holiday of a new school year, before its first school day, whose pupils'
        # year to date holds no session yet; their penalty-notice window and runs of
        # absence reach back across the holiday, DOMAIN.md 5, 6)
        on_roll_day = pl.col("_to") >= ord_of(roll_day)
        last_day = pl.col("_to")
        away = self.roll.away_on(roll_day, back_by=as_of)
        # marked Z that day (off roll, as between two spells), or after their last session
        # up to the as-of date (left): two sets of pupils that never meet
        z_away = pl.concat(
            [_z_away_on(marks, roll_day, back_by=as_of), _z_after_roll(marks, spans, roll_day, cut)]
        )
        if z_away.height and self.roll.dated is not None:  # a pupil list's dates decide
            z_away = z_away.join(self.roll.dated.select("pid"), on="pid", how="anti")
        if z_away.height:
            away = pl.concat([away, z_away.join(away, on="pid", how="anti")])
        if away.height:
            # off roll that day between two spells (left and came back, a pupil list):
            # they left on the first spell's last day
            spans = spans.join(away, on="pid", how="left")
            on_roll_day = on_roll_day & pl.col("_gfrom").is_null()
            last_day = pl.coalesce("_gfrom", "_to")
        # (exports that start after the period's first school day give figures from their
        # first day: a pupil whose time on roll, from a pupil list, ended before it was not
        # on roll on any day the figures are for, as with --from that day; the check, the
        # summary and the report said "left 10/09" of a period from 14/09, oracle6's seed
        # 70124, docs/decisions.md, sweep leftovers13)
        figures_from = coverage.figures_start
        period_first = ord_of(figures_from) if figures_from <= as_of else first_ord
        listed = spans.lazy().filter(
            (pl.col("_from") <= cut) & ((pl.col("_to") >= period_first) | on_roll_day)
        ).select(
            "pid",
            "_from",  # (the first session on roll: can_miss_sessions, below)
            on_roll_day.alias("on_roll"),
            pl.when(on_roll_day)
            .then(None)
            .otherwise((last_day // 2).cast(pl.Int32).cast(pl.Date))
            .alias("left_on"),
        ).collect(engine="in-memory")
        pids = listed.lazy().select("pid")  # (lazy: parts of the queries below, issue 15)
        attrs = (
            self.roll.attributes_as_of(cut, tuple(PUPIL_ATTRS))
            .lazy()
            .join(pids, on="pid", how="semi")
        )

        # ---- year to date and half term (counted for every ask at once: _counts)
        ht = cal.half_term_of(as_of)
        in_ht = _in_half_term(cal, as_of)
        count_cols = [c for c in counts.columns if c != "pid"]
        # (the pupils' columns made in one query, collected below: issue 15)
        pupils = (
            listed.lazy()
            .join(counts.lazy(), on="pid", how="left")
            .with_columns(pl.col(count_cols).fill_null(0).cast(pl.Int64))
            .join(attrs.lazy(), on="pid", how="left")
        )
        band = band_expr(
            pl.col("attended"), pl.col("possible"), config.bands, config.min_possible_sessions
        )
        pupils = pupils.with_columns(
            pct_expr(pl.col("attended"), pl.col("possible")).alias("attendance_pct"),
            # no band from a register that does not cover the period (DOMAIN.md 2)
            (band if coverage.covers_period else pl.lit(None, pl.Utf8)).alias("band"),
            pct_expr(pl.col("ht_attended"), pl.col("ht_possible")).alias("ht_attendance_pct"),
            (pl.col("lates_half_term") >= config.lates_threshold).alias("lates_flag"),
        )

        # ---- sessions the pupil can still miss this year and stay in band (pupils on roll);
        # not for a period that is not the year (one from after its first school day, or
        # from an earlier year: --from): the band is the period's, and the year's sessions
        # left added to its counts are neither the year's figure nor the period's
        the_year = cal.is_the_year(start, as_of, config)
        remaining = cal.remaining_sessions(as_of, config)
        # ... but a pupil who joined after the period began, in this school year, has no
        # day of the year before it: their year to date is the period's (docs/decisions.md,
        # sweep domaina).  So has one who joined on its first day, when the register holds
        # the year's school days before it (sweep oracle4); an export that begins on the
        # --from day cannot say whether its pupils were on roll before
        year_ord = ord_of(academic_year_start(as_of))
        seen_before = any(academic_year_start(as_of) <= d < start for d in cal.school_days)
        # (the first session on roll in this school year: a pupil off roll between two
        # spells as the year began, back on a later day, has no day of it before then;
        # their first spell was last school year's, sweep oracle9)
        if self.roll.gaps is not None:
            back = self.roll.gaps.lazy().filter(
                (pl.col("_gfrom") < year_ord) & (pl.col("_gto") >= year_ord)
            ).select("pid", pl.col("_gto").cast(pl.Int32).alias("_back"))
            pupils = pupils.join(back, on="pid", how="left").with_columns(
                pl.coalesce("_back", "_from").alias("_from")
            ).drop("_back")
        the_pupils_year = pl.lit(the_year) | (
            (pl.col("_from") >= ord_of(start) + (0 if seen_before else 1))
            & (pl.col("_from") >= year_ord)
        )
        # nor for a pupil whose timetable here is not full (dual registered, D; not
        # required to attend, X; part-time, C2): the year's sessions left are not all ones
        # they are due at, and how many are the register cannot say (docs/decisions.md,
        # sweep parttime)
        miss, nxt = can_miss_exprs(
            pl.col("attended"),
            pl.col("possible"),
            remaining,
            pl.col("band"),
            pl.col("on_roll"),
            config.bands,
        )
        pupils = pupils.with_columns(
            pl.when((pl.col("_not_full") == 0) & the_pupils_year)
            .then(miss)
            .alias("can_miss_sessions"),
            nxt.alias("next_band"),
        ).drop("_not_full", "_from")
        # whether that figure rests on the statutory 380's estimate of the sessions left
        # (the term dates given do not reach July) rather than on counted ones: beside it in
        # the JSON and CSV, null where there is no figure (sweep leftovers7)
        pupils = pupils.with_columns(
            pl.when(pl.col("can_miss_sessions").is_not_null())
            .then(pl.lit(cal.remaining_is_estimate(as_of)))
            .otherwise(pl.lit(None, pl.Boolean))
            .alias("can_miss_estimated")
        ).collect(engine="in-memory")

        # ---- lateness evidence: the late sessions in the current half term
        # (none made for figures only: the marks' columns, no row)
        no_session = (  # (lazy: a part of the query it is read by, issue 15)
            marks.lazy().clear().select("pid", "date", "session", "ord", pl.col("mark").cast(pl.Utf8))
        )
        found = None if figures else self.candidates(school)  # (late, ill: made once)
        late_sessions = self._keyed_sessions(
            (no_session if found is None else found[1])
            .lazy()  # (one query with the keys and the order: issue 15)
            # (the half term's in the school year up to the as-of date, whatever the
            # period: _counts)
            .filter(
                in_ht
                & (pl.col("date") >= academic_year_start(as_of))
                & pl.lit(not flags_only)
            )
            .join(pids.lazy(), on="pid", how="semi")
            .select("pid", "date", "session", "mark")
        )

        # ---- compulsory school age at the as-of date, and its window per pupil
        windows = _csa_windows(pupils.get_column("dob"))
        pupils = pupils.lazy().join(windows.lazy(), on="dob", how="left").with_columns(
            pl.when(pl.col("dob").is_null())
            .then(None)
            .otherwise(pl.lit(as_of).is_between(pl.col("_csa_from"), pl.col("_csa_to")))
            .alias("compulsory_school_age")
        ).collect(engine="in-memory")

        # ---- penalty-notice threshold
        warnings: list[str] = []
        pn_weeks_in: dict[str, int] = {}
        if figures:  # not asked: no column of it
            pn_sessions = self._keyed(no_session.select("pid", "date", "session", "mark"))
        else:
            pupils, pn_sessions, events, weeks_in = self._penalty_notice(
                school, pupils, cal, as_of, start, coverage, cut, flags_only, events, latest
            )
            pn_weeks_in[school] = weeks_in
            short = _short_window_note(config, cal, pn_window_end(as_of, coverage), weeks_in)
            if short:
                warnings.append(short)
            warnings += _window_weeks_unheld_note(config, cal, as_of, start)
        lunchtime = _lunchtime_note(self.missing_sessions[school], start, as_of, marks)
        warnings += lunchtime
        if not figures:
            warnings += _unsplit_holiday_note(cal, as_of, config)
            warnings += _third_half_term_note(cal, as_of, config) or _short_half_term_note(
                cal, as_of, coverage, config
            )
            warnings += _lates_unseen_note(config, cal, as_of, self.dates[school], coverage)
        if roll_day < start and school_days_upto:
            warnings.append(_before_first_day_note(config, coverage, explicit, roll_day, ht))

        # ---- continuous runs (unexplained absence; sickness) over all data up to as_of
        # (lazy: each use below reads only what it needs of the pupils' days)
        # (figures only: no day, so no run; the pupils' columns of runs are left out below)
        # A run of unexplained absence crosses the summer (DOMAIN.md 6); a run of illness
        # counts the school year of the as-of date only (DOMAIN.md 7: 15 days "in the
        # school year"; docs/decisions.md, "Sickness runs start afresh on 1 September")
        days = self.days(school, none=figures).lazy().filter(pl.col("date") <= as_of)
        runs = _runs(
            _without_stray_days(days, self.stray[school], self.kinds),
            self.kinds,
            since={"sickness": academic_year_start(as_of)},
        )
        # a part-time pupil's runs, made and described as the others are, kept apart at the
        # end (:attr:`Evaluation.part_time_runs`)
        if not figures:
            runs = pl.concat([runs, self._part_time_runs(school, as_of)])
        # the longest run of illness in the school year to the as-of date, whatever the
        # period (DOMAIN.md 7; the runs listed below are the period's)
        sick_longest = (
            runs.lazy()
            .filter(pl.col("kind") == "sickness")
            .group_by("pid")
            .agg(pl.col("days").max().alias("sickness_longest_days"))
        )
        # a school day of illness with one illness session that its run counts whole (the
        # other C2 or not possible: the only session due) is a whole day missed, toward the
        # cumulative 15 days as to the run (DOMAIN.md 7; sweep rough8)
        whole = _whole_day_single_sessions(
            None if found is None else found[2], runs, self.stray[school]
        )
        # a run is current while the pupil is on roll and the data reaches the as-of date; one
        # that reached a leaver's last day on roll ends there: they left after it (DOMAIN.md 6)
        runs = (
            runs.lazy()
            .join(pupils.lazy().select("pid", "on_roll", "left_on"), on="pid", how="left")
            .with_columns(
                pl.when(pl.col("current") & pl.col("on_roll").fill_null(False).not_())
                .then(pl.col("left_on"))
                .otherwise(None)
                .alias("left_on"),
                (pl.col("current") & pl.col("on_roll").fill_null(False))
                .alias("_reaches"),
            )
            .with_columns((pl.col("_reaches") & pl.lit(data_reaches)).alias("current"))
            .drop("on_roll")
            # the runs in the period, and one still going at the pupil's last day that ended
            # before it: current (the as-of date in the summer holiday before the new school
            # year's first school day), or reaching the data's end with school days after it
            # no export holds (last year's export alone, as of a day of this year): it may
            # have gone on through them (DOMAIN.md 6); and one that reached a leaver's last
            # day on roll in the period: the run ends there, so it is the period's (taken off
            # roll in September straight after a run in July: "left after N days", for the
            # DSL; sweep oracle21, seed 210259)
            .filter(
                (pl.col("end") >= start)
                | pl.col("_reaches")
                | (pl.col("left_on") >= start).fill_null(False)
            )
            .drop("_reaches")
            .collect(engine="in-memory")
        )
        # the school days after the pupil's last mark with no mark for them, after the run
        # at their last possible day (said, never counted to the run: DOMAIN.md 1, 12)
        with_missing = pupils.filter(pl.col("missing_marks") > 0).get_column("pid")
        runs = _unmarked_after(runs, marks, as_of, cal.school_days, with_missing)
        # the school days after it on which the pupil's marks are all not possible (D, X,
        # Q, Y): they neither count nor break it (DOMAIN.md 6), said, never counted
        runs = _not_possible_after(runs, marks, as_of, cal.school_days)
        unexplained = pl.col("kind") == "unexplained"
        silent = unexplained & (pl.col("unmarked_days") > 0)
        per_pupil = runs.lazy().group_by("pid").agg(
            pl.col("unmarked_days").filter(silent).first().alias("unmarked_after_absence_days"),
            pl.col("last_marked").filter(silent).first().alias("last_marked"),
            pl.col("days").filter(pl.col("current") & unexplained).first().alias(
                "continuous_absence_days"
            ),
            pl.col("start").filter(pl.col("current") & unexplained).first().alias(
                "continuous_absence_start"
            ),
            pl.col("days").filter(pl.col("left_on").is_not_null() & unexplained).first().alias(
                "left_after_absence_days"
            ),
            pl.col("days").filter(unexplained).max().alias("longest_absence_days"),
        )
        last_att = (
            days.filter(pl.col("_attended"))
            .group_by("pid")
            .agg(pl.col("date").max().alias("last_attended"))
            .collect(engine="streaming")  # folded a batch of days at a time
        )
        pupils = (
            pupils.lazy()
            .join(per_pupil, on="pid", how="left")
            .join(sick_longest, on="pid", how="left")
            .join(whole.lazy(), on="pid", how="left")
            .join(last_att.lazy(), on="pid", how="left")
            .with_columns(
                pl.col(
                    "continuous_absence_days",
                    "left_after_absence_days",
                    "longest_absence_days",
                    "sickness_longest_days",
                    "unmarked_after_absence_days",
                )
                .fill_null(0)
                .cast(pl.Int64),
            )
            .with_columns(
                (
                    (pl.col("sickness_sessions") >= config.sickness_sessions)
                    | (
                        pl.col("sickness_sessions") + pl.col("_whole").fill_null(0)
                        >= config.sickness_sessions
                    )
                    | (pl.col("sickness_longest_days") >= config.sickness_days)
                ).alias("sickness_flag")
            )
            .collect(engine="in-memory")
        )
        sickness_whole_days = self._keyed(
            pupils.filter(pl.col("_whole") > 0).select("pid", pl.col("_whole").alias("days"))
        )
        # ---- illness evidence: each flagged pupil's illness sessions of the school year to
        # the as-of date, what ``sickness_sessions`` counts (_counts; DOMAIN.md 7): a pupil
        # flagged by 30 sessions of single days or half days has no run to show for it
        sickness_sessions = self._keyed_sessions(
            (no_session if found is None else found[2])
            .lazy()  # (one query with the keys and the order: issue 15)
            .filter(
                pl.col("ord").is_between(
                    ord_of(academic_year_start(as_of)), ord_of(as_of, pm=True)
                )
                & pl.lit(not flags_only)  # (evidence: none for flags only, as the lates)
            )
            .join(
                pupils.lazy().filter(pl.col("sickness_flag")).select("pid"), on="pid", how="semi"
            )
            .select("pid", "date", "session", "mark")
        )
        pupils = self._keyed(pupils)
        # in the same order either way (a few milliseconds): whatever lists pupils from a
        # figures-only evaluation lists them as the full one would
        pupils = (
            pupils.lazy()
            .sort(
                year_order(), "reg_group", name_order("surname"), name_order("forename"), "surname", "forename", "upn", nulls_last=True
            )
            .select("school", *[f for f in PUPIL_FIELDS if not (figures and f in FLAG_FIELDS)])
            .collect(engine="in-memory")
        )
        # the day the pupil was last seen before each run began, from the days attended of
        # the pupils with a run only (runs are few; days are millions)
        seen = (
            days.filter(
                pl.col("_attended")
                & pl.col("pid").is_in(runs.get_column("pid").unique().implode())
                & pl.lit(not flags_only)  # the runs' last attendance is evidence
            )
            .select(_pupil_day(pl.col("pid"), pl.col("date")).alias("_key"))
            .collect()
        )
        runs = _last_seen_before(runs, seen)
        runs = _unregistered(
            runs, days, self._run_missing_days(school, coverage), spans, as_of,
            cal.school_days, self.roll.dated,
        )
        # the school days in or next to each run on which the pupil has no mark at all (a
        # day of `-`, blank cells or no row): neither counted nor a break (DOMAIN.md 1),
        # said, never silently either
        # (the pupils with a missing mark anywhere, not the period's alone: a day with no
        # mark next to a run that began before --from is the run's, as its days are)
        runs = _unmarked_within(
            runs, days, marks, as_of, cal.school_days, self.missing_pids(school),
            since={"sickness": academic_year_start(as_of)},
        )  # fmt: skip
        # the school days inside each run on which the pupil was off the roll (between two
        # spells, or Z): neither counted nor a break (DOMAIN.md 6), said, never silently
        runs = _off_roll_within(runs, marks, self.roll.gaps, cal.school_days)
        # the school days inside each run marked D (at another school), neither counted nor
        # a break (DOMAIN.md 6): said, for the school to check the child was there
        runs = _dual_within(runs, marks, cal.school_days)
        runs = self._keyed(runs).lazy().select(
            "school", "upn", "kind", "start", "end", "days", "codes", "current", "left_on",
            "last_possible", "last_attended", "unregistered_days", "left_by",
            "unmarked_days", "last_marked", "not_possible_days", "not_possible_codes",
            "unmarked_within_days", "unmarked_within", "off_roll_days", "off_roll_within",
            "dual_within_days", "dual_within",
        ).sort("school", "upn", "kind", "start").collect(engine="in-memory")
        is_part_time = runs.get_column("kind") == PART_TIME
        if is_part_time.any():
            part_time = runs.filter(is_part_time)
            runs = runs.filter(~is_part_time)
        else:  # (no part-time run, nearly every register: no query, issue 15)
            part_time = runs.clear()

        aged_by = self._n_age_days(school, coverage)
        dq = (
            quality.empty()
            if flags_only
            else self._quality(school, as_of, start, holiday_days, aged_by)
        )
        # the window's N marks before the period are as old as the school days since say
        # (across the summer holiday): stale ones are listed too (DOMAIN.md 5, 12)
        pn_stale = quality.window_stale_n(
            pn_sessions, school_days=aged_by, as_of=as_of, start=start, school=school,
            n_days=config.n_within_days,
        )
        # (most pupils' marks ending a day before a few pupils' go on: said, DOMAIN.md 2)
        ended = marks_end_note(
            pupils, as_of, coverage.data_end, cal.school_days, morning_only=bool(lunchtime)
        )
        warnings += ended
        data_notes = lunchtime + ended
        return Evaluation(
            as_of=as_of,
            period_start=coverage.figures_start,
            period_end=coverage.figures_end,
            half_term=ht,
            calendar=cal,
            config=config,
            pupils=pupils,
            runs=runs,
            part_time_runs=part_time,
            pn_sessions=pn_sessions,
            late_sessions=late_sessions,
            coverage=coverage,
            data_quality=dq,
            pn_stale_n=pn_stale,
            warnings=warnings,
            data_notes=data_notes,
            pn_window_weeks=pn_weeks_in,
            sessions_left={school: remaining},
            sessions_left_estimate={school: cal.remaining_estimate(as_of)},
            n_age_days={school: aged_by},
            sickness_sessions=sickness_sessions,
            sickness_whole_days=sickness_whole_days,
        ), events

    def _n_age_days(self, school: str, coverage: cov.Coverage) -> tuple[dt.date, ...]:
        """The school days an N's age is counted in: the register's, and those of a week
        or days the school had that no export holds (``coverage``'s gaps inside the data):
        the N before such a week is that much older (DOMAIN.md 12).  The coverage's gaps are
        the period's; the exports may start before it (last summer term's, for the
        penalty-notice window, whose stale N are listed too): the term dates' school days
        there with no row at all count as well."""
        days = self.calendars[school].school_days
        inside = [g for g in coverage.gaps if g.kind in cov.INSIDE]
        gap_days = {d for g in inside for d in cov.gap_days(self.config, g)}
        if self.config.half_terms and coverage.data_start < coverage.period_start:
            held = self.dates[school]
            before = coverage.period_start - dt.timedelta(days=1)
            gap_days.update(
                d for d in cov.configured_school_days(self.config, coverage.data_start, before)
                if d not in held
            )  # fmt: skip
        if not gap_days:
            return days
        return tuple(sorted({*days, *gap_days}))

    def _run_missing_days(self, school: str, coverage: cov.Coverage) -> list[dt.date]:
        """The school days no export holds that a run may have gone on through
        (:func:`_missing_days`: the period's), and, when the exports start before the
        period (``--from``), the term dates' school days there with no row at all: a run
        in the period counts its days before it (runs are read from all the data), so a
        week missing before the period is as unknown to it as one inside (a run of 6 days
        from the Monday after a missing week was listed "+5 unregistered" without
        ``--from`` and dropped with ``--from`` that Monday)."""
        missing = _missing_days(self.config, coverage)
        if not (self.config.half_terms and coverage.data_start < coverage.period_start):
            return missing
        held = self.dates[school]
        before = coverage.period_start - dt.timedelta(days=1)
        return sorted({
            *missing,
            *(d for d in cov.configured_school_days(self.config, coverage.data_start, before)
              if d not in held),
        })  # fmt: skip

    def legacy_line(self, upto: dt.date, since: dt.date | None = None) -> str | None:
        """Which legacy codes the marks from ``since`` (default: the school year of ``upto``,
        which the LA's files' figures count) up to ``upto`` hold and what each counts as,
        in one line (:func:`attcli.codes.legacy_line`; None: none), for the LA's files.
        (Not every mark up to ``upto``: a file of Autumn 2024 said the H of July 2024,
        which none of its figures count.)"""
        return legacy_text(self.legacy_counts(upto, since))

    def legacy_counts(self, upto: dt.date, since: dt.date | None = None) -> dict[str, tuple[int, int]]:
        """:func:`attcli.codes.legacy_counts` of the marks :meth:`legacy_line` says."""
        start = academic_year_start(upto) if since is None else since
        return legacy_counts(
            m.lazy().filter(pl.col("date").is_between(start, upto)) for m in self._marks.values()
        )

    def data_quality(self, ask: Ask) -> pl.DataFrame:
        """The data-quality list of every school for ``ask``'s period (what a full
        evaluation lists), alone: for the commands that evaluate figures and flags only
        and must still say what in the register their figures cannot settle."""
        as_of, start = self.dates_of(ask)
        parts = [
            self._quality(
                s,
                as_of,
                start,
                cov.check_term_dates(
                    self.config,
                    as_of,
                    list(self.calendars[s].school_days),
                    start,
                    max(self.dates[s], default=None),
                ),
                self._n_age_days(
                    s,
                    cov.coverage(
                        self.config,
                        period_start=start,
                        as_of=as_of,
                        data_dates=self.dates[s],
                        explicit=ask.period_start is not None,
                    ),
                ),
            )
            for s in self.schools
        ]
        return pl.concat(parts, how="vertical_relaxed") if len(parts) > 1 else parts[0]

    def _quality(
        self,
        school: str,
        as_of: dt.date,
        start: dt.date,
        holiday_days: list[dt.date],
        school_days: tuple[dt.date, ...],
    ) -> pl.DataFrame:
        """``school``'s data-quality list for the period ``start`` to ``as_of``; an N's age
        counted in ``school_days``."""
        first_ord, cut = ord_of(start), ord_of(as_of, pm=True)
        return quality.data_quality(
            self._keyed(
                # lazy: a DataFrame's own filter first makes every column of the marks one
                # piece when their pieces differ (as they do from a large register's
                # scan), a copy of the whole register (1.1 GB more at 100,000 pupils,
                # issue 15) kept with the marks; the query filters piece by piece
                self._marks[school]
                .lazy()
                .filter(
                    pl.col("ord").is_between(first_ord, cut)
                    & ((pl.col("mark") == "N") | (pl.col("category") == Category.MISSING.value))
                )
                .select(
                    "pid",
                    "date",
                    "session",
                    pl.col("mark").cast(pl.Utf8),
                    pl.col("raw_mark").cast(pl.Utf8),
                    pl.col("source").cast(pl.Utf8),
                    "line",
                )
                .collect()
            ),
            school_days=school_days,
            as_of=as_of,
            stray_days=self._stray_marked(school, start, as_of),
            # (the afternoon after a lunchtime export's last morning is a note, not a problem)
            missing_sessions=self.missing_sessions[school].filter(
                pl.col("date").is_between(start, as_of) & ~pl.col("last")
            ),
            outside_term=holiday_days,
            n_days=self.config.n_within_days,
            x_of_age=self._x_of_age(school, max(first_ord, ord_of(PN_FRAMEWORK_START)), cut),
            unmarked=self.roll.unmarked.filter(pl.col("school") == school)
            if self.roll.unmarked is not None
            else quality.empty(),
            school=school,
            # (as of the data's last day, those after it too: marks kept after a leaving
            # date beyond everyone else's last register are not the data's, so the
            # default as-of date stops short of them)
            outside_roll=self._outside_roll(
                school, first_ord, cut if as_of < self.last else ord_of(dt.date.max, pm=True)
            ),
            # (as of the data's last day: with those set aside after it, the export's end)
            holiday_marks=self.holiday_marks.filter(
                (pl.col("_sc") == self.school_code[school])
                & pl.col("date").is_between(start, as_of if as_of < self.last else dt.date.max)
            ),
        )

    def _penalty_notice(
        self,
        school: str,
        pupils: pl.DataFrame,
        cal: Calendar,
        as_of: dt.date,
        start: dt.date,
        coverage: cov.Coverage,
        cut: int,
        flags_only: bool,
        made: _Events | None,
        latest: int,
    ) -> tuple[pl.DataFrame, pl.DataFrame, _Events, int]:
        """Unauthorised sessions in a rolling window of ``pn_weeks`` school weeks (DOMAIN.md 5).

        Only sessions on or after 19 August 2024, while the pupil was of compulsory school
        age (every one, where no date of birth is known: the check says so), and not already
        used by a notice on record count.  The window ending at date d holds the school
        week of d and the ``pn_weeks - 1`` school weeks before it (holiday weeks are not
        school weeks), from the first of them's first school day up to d itself.  On a holiday, or before the first school day of a
        week, the window is the ``pn_weeks`` school weeks that ended before it: a week is a
        school week at d when it has a school day on or before d (a week no export holds,
        by the term dates' days: :meth:`Calendar.week_upto`).
        """
        config = self.config
        # each pupil's sessions toward a notice, with the count in the window ending at
        # each, made for ``made``'s pupils up to session ``latest``: the same for any of them
        # and any earlier session (a count reads only sessions before it), so an earlier
        # ask's are a filter of them, when its pupils' ages are those they were made with
        csa = pupils.select("pid", "_csa_from", "_csa_to")
        if made is None or not csa.join(
            made.csa, on=["pid", "_csa_from", "_csa_to"], how="anti", nulls_equal=True
        ).is_empty():
            made = _Events(self._pn_events(school, cal, csa, latest), csa)
        # (the steps below are lazy queries on these events, collected as the pupils'
        # columns and the window's evidence: two queries, not a dozen, issue 15)
        events = (
            made.events.lazy()
            .filter(pl.col("ord") <= cut)
            .join(pupils.lazy().select("pid"), on="pid", how="semi")
            .collect(engine="in-memory")
        )
        span = config.pn_weeks
        first_met = (
            events.lazy()
            .filter((pl.col("_count") >= config.pn_sessions) & (pl.col("date") >= start))
            .group_by("pid")
            .agg(pl.col("date").min().alias("pn_first_met"))
        )
        # the school week of the as-of date: the last week with a school day on or before it
        w_asof = cal.week_upto(as_of)
        # A window already met on the period's first day (sessions carried over from the
        # last school year: on 1 September, the 10 school weeks that ended before it) was
        # met on that day, whatever the as-of date: the first date the threshold was met
        # does not move as the weeks go by (DOMAIN.md 5).
        w0 = cal.week_upto(start)
        if w0 >= 0:
            carried = (
                events.lazy()
                .filter(
                    (pl.col("_w") >= w0 - span + 1)
                    & (pl.col("_w") <= w0)
                    & (pl.col("date") <= start)
                    # (from the window's first day, as every window: sweep rules4)
                    & (pl.col("date") >= cal.first_day_of_week(max(0, w0 - span + 1), config))
                )
                .group_by("pid")
                .agg(pl.len().alias("_n"))
                .filter(pl.col("_n") >= config.pn_sessions)
                .select("pid", pl.lit(start).alias("_carried"))
            )
            first_met = first_met.join(carried, on="pid", how="full", coalesce=True).select(
                "pid", pl.coalesce("_carried", "pn_first_met").alias("pn_first_met")
            )
        w_from = max(0, w_asof - span + 1)
        window_end = pn_window_end(as_of, coverage)
        # no school week up to the as-of date (e.g. before term): an empty window; else
        # its first week's first school day, not a Monday of the summer holiday or an
        # INSET day (:meth:`Calendar.first_day_of_week`): the dates the check, the pack
        # and the letters quote, and the marks before it in that week (a stray day's)
        # are not the window's, so its count is the pack's sessions
        window_start = cal.first_day_of_week(w_from, config) if w_asof >= 0 else window_end
        window = events.lazy().filter(
            (pl.col("_w") >= w_from) & (pl.col("_w") <= w_asof) & (pl.col("date") >= window_start)
        )
        counts = window.group_by("pid").agg(
            pl.len().cast(pl.Int64).alias("pn_window_sessions")
        )
        out = (
            pupils.lazy()
            .join(first_met, on="pid", how="left")
            .join(counts, on="pid", how="left")
            .with_columns(
                pl.col("pn_window_sessions").fill_null(0),
                pl.lit(window_start).alias("pn_window_start"),
                pl.lit(window_end).alias("pn_window_end"),
            )
            .with_columns(
                (pl.col("pn_window_sessions") >= config.pn_sessions).alias("pn_threshold_met")
            )
            .collect(engine="in-memory")
        )
        if flags_only:
            window = window.clear()
        evidence = self._keyed_sessions(window.select("pid", "date", "session", "mark"))
        return out, evidence, made, (w_asof - w_from + 1 if w_asof >= 0 else 0)

    def _pn_events(
        self, school: str, cal: Calendar, csa: pl.DataFrame, cut: int
    ) -> pl.DataFrame:
        """The sessions up to ``cut`` that count toward a notice, of the pupils of ``csa``
        (pid and their compulsory school age), each with its school week (``_w``) and the
        count of the pupil's such sessions in the window ending at it (``_count``)."""
        weeks = pl.Series("_week", list(cal.school_weeks), dtype=pl.Date)
        events = (
            self.candidates(school)[0]
            .lazy()
            .filter(pl.col("ord") <= cut)
            .join(csa.lazy(), on="pid", how="inner")
            .filter(
                pl.col("_csa_from").is_null()
                | pl.col("date").is_between(pl.col("_csa_from"), pl.col("_csa_to"))
            )
            .drop("_csa_from", "_csa_to")
            .join(self.covered.lazy(), on=["pid", "ord"], how="anti")
            # in order of pupil and session: sorted on the two packed in one integer (a
            # sort on two columns encodes each row first), the pupils flagged in order
            .sort(_pupil_key(pl.col("pid"), pl.col("ord")))
            .with_columns(pl.col("pid").set_sorted())
            .collect(engine="in-memory")  # (one query: issue 15)
        )
        # the school week holding each session; a session on a stray day in a week that is
        # not a school week belongs to the school week before it (-1: before the first)
        events = events.with_columns(
            (
                weeks.search_sorted(events.get_column("date").dt.truncate("1w"), side="right")
                .cast(pl.Int64)
                - 1
            ).alias("_w"),
            pl.int_range(pl.len()).over("pid").alias("_i"),  # order within the pupil
        )
        span = self.config.pn_weeks
        # count in the window ending at each event = events in weeks [w - span + 1, w]: the
        # pupil's first event of a week in it (the event's own week is one) is found by one
        # as-of join on the pupil and the week packed in one integer (_pupil_key), the
        # events being in the order of pupil and session already (one join by pupil on the
        # week sorted every event on it: issue 15)
        # A window starts on its first week's first school day (rules3:
        # :meth:`Calendar.first_day_of_week`), so a week's sessions before that day (a stray
        # day's: a handful's marks on a day the school was shut) begin no window: the first
        # of a week is its first on or after that day, and the count at each event is the
        # window's that day holds, as the check and the pack count it (sweep rules4)
        starts = {i: cal.first_day_of_week(i, self.config) for i in range(len(cal.school_weeks))}
        first_day = pl.col("_w").replace_strict(starts, default=None, return_dtype=pl.Date)
        firsts = (  # (a lazy query, joined below: one query for the two)
            events.lazy()
            .filter(first_day.is_null() | (pl.col("date") >= first_day))
            .group_by("pid", "_w")
            .agg(pl.col("_i").min().alias("_ib"))
            .select(_pupil_key(pl.col("pid"), pl.col("_w")).alias("_key"), "_ib")
            .sort("_key")
        )
        return (
            events.lazy()
            .with_columns((pl.col("_w") - span + 1).alias("_from"))
            .with_columns(_pupil_key(pl.col("pid"), pl.col("_from")).alias("_key"))
            .sort("_key")  # (already in this order: the pupil, then the week)
            .join_asof(firsts, on="_key", strategy="forward", check_sortedness=False)
            .with_columns((pl.col("_i") - pl.col("_ib") + 1).alias("_count"))
            .drop("_key", "_ib")
            .collect(engine="in-memory")
        )


#: :func:`_days` lays a school's register out as a grid (see :func:`_days_on_grid`) when the
#: grid has no more cells than this many per session row (or a million): a full year of
#: one school's register fills half of its cells or more.  A trust's school, whose pupils'
#: codes are spread among other schools' (the codes number the whole export's texts), has
#: a row for each of its pupils instead; one whose pupils were on roll a short while each
#: in a long stretch would still make a grid of mostly empty cells, and is sorted instead.
GRID_CELLS_PER_ROW = 4
#: ... or this many cells, whatever the rows (a million cells: a few megabytes)
GRID_MIN_CELLS = 1 << 20
#: ... and for a register of at least this many sessions: a smaller one sorts in a few
#: hundredths of a second.
GRID_MIN_ROWS = 1 << 18
_EPOCH = dt.date(1970, 1, 1)  # day 0 of a Polars Date
#: The sessions written into the grid at a time (:func:`_days_on_grid`).
GRID_SLICE_ROWS = 1 << 22


def _closures_ahead(
    config: Config, summary: pl.DataFrame, dates: set[dt.date]
) -> set[dt.date]:
    """The days after the school's last register that hold no possible mark (``#`` for
    everyone: an INSET day or a closure the MIS holds ahead), when a school day of the
    term dates with no register lies between: no days of the data, which end with the
    last register (docs/decisions.md, "A closure entered ahead after the last register").
    An export made on a Thursday morning before the register, with Friday's INSET day
    entered ahead, made Thursday a day no export covers inside the data: every band held
    ("no register on" Thursday), where the same export without Friday's rows is the check
    as of Wednesday.  With no school day between (the closure the day after the last
    register), or no term dates to say which days are school days, the closure stays a day
    of the data, as it was."""
    if not config.half_terms:
        return set()
    open_days = summary.filter(pl.col("_possible")).get_column("date")
    if open_days.is_empty():
        return set()
    last = open_days.max()
    assert isinstance(last, dt.date)
    ahead = {d for d in dates if d > last}
    if not ahead:
        return set()
    between = cov.configured_school_days(
        config, last + dt.timedelta(days=1), min(ahead) - dt.timedelta(days=1)
    )
    return ahead if any(d not in dates for d in between) else set()


def _days(
    marks: pl.DataFrame,
    school_code: int,
    kinds: dict[str, tuple[str, ...]],
    bit: dict[str, pl.Expr],
    *,
    grid: bool = True,
) -> pl.DataFrame:
    """Each pupil's days with a possible session, in order of pupil then day: per run kind
    whether every possible session is of its codes (``_c_KIND``), the codes that day
    (``_codes_KIND``, bits: :func:`_bits`) and the run number (``_run_KIND``: the count of
    the pupil's days before that did not count, so the same up to any date); and whether
    the pupil attended (``_attended``).

    Read off a grid (:func:`_days_on_grid`) where one fits (and ``grid``: the tests
    compare the two ways), else by sorting (:func:`_days_sorted`): the same frame.

    Its ``pid`` is flagged sorted (:func:`_pid_sorted`): the days' groupings by pupil
    (each run's last day, the last day attended) take Polars' sorted path."""
    if grid and marks.height >= GRID_MIN_ROWS:
        found = _days_on_grid(marks, kinds)
        if found is not None:
            return _pid_sorted(found)
    return _pid_sorted(_days_sorted(marks, school_code, kinds, bit))


def _pid_sorted(days: pl.DataFrame) -> pl.DataFrame:
    """``days`` with its ``pid`` column flagged as sorted, which it is (in order of pupil
    then day; checked: a few ms), so that a grouping by pupil of the days, or of any
    filter of them, runs over neighbours instead of a hash table (issue 15: the last day
    of each pupil's days 0.047 -> 0.005 s, the runs 0.054 -> 0.021 s of CPU at 20,000
    pupils).  Unflagged, as they came, if they were not (never: a frame left as it was
    is still right, only slower)."""
    pid = days.get_column("pid")
    return days.with_columns(pid.set_sorted()) if pid.is_sorted() else days


def _days_on_grid(marks: pl.DataFrame, kinds: dict[str, tuple[str, ...]]) -> pl.DataFrame | None:
    """:func:`_days` without sorting (issue 15: 0.6 s -> 0.35 s at 20,000 pupils, 3.8 s ->
    2.1 s at 100,000).

    Each session's facts are packed into one small integer: bit 0 possible, bit 1
    attended, then the bits of its mark among each run kind's codes (:func:`_bits`; none
    for a session that is not possible).  They are written into a grid with a row per
    UPN code (the low bits of the pupil's key) and two cells a day, morning and
    afternoon: a pupil has one mark a session, so no cell is written twice.  The days
    with a possible session, read along the rows, are each pupil's days in order of
    pupil then day, and a day's facts are its two cells side by side.

    None (sort instead) when the grid would be mostly empty (:data:`GRID_CELLS_PER_ROW`),
    the run kinds have more codes than one integer holds, or a session has two rows
    (which the loader never leaves: each cell also records that it was written, and the
    cells written must number the rows).

    The grid is a Polars Series written by ``scatter``, not numpy's: loading numpy was
    0.08-0.12 s of a check's CPU, and the loader no longer loads it (issue 15)."""
    first = marks.get_column("date").min()
    last = marks.get_column("date").max()
    if first is None:
        return None
    span = (last - first).days + 1  # type: ignore[operator]
    bits = {k: _bits(codes) for k, codes in kinds.items()}
    widths = {k: len(b) for k, b in bits.items()}
    offsets, used = {}, 2
    for k, w in widths.items():
        offsets[k] = used
        used += w
    written = 1 << used  # and one bit more: the cell was written
    if used >= 32:
        return None
    cell_type = pl.UInt8 if used < 8 else pl.UInt16 if used < 16 else pl.UInt32
    # the school's pupils' keys share their high bits (the school's code) and differ in
    # their UPN codes: the grid's rows run from the lowest key to the highest; or, when
    # that would leave most rows empty (a trust's school, whose pupils' codes are spread
    # among the other schools' pupils': the codes number the whole export's UPNs), a row
    # for each of its pupils, in order of key (``dense``: each key's place among them)
    keys = marks.get_column("pid")
    low, high = keys.min(), keys.max()
    limit = max(GRID_CELLS_PER_ROW * marks.height, GRID_MIN_CELLS)
    dense = None
    if (high - low + 1) * span > limit:  # type: ignore[operator]
        dense = keys.unique().sort()
        if dense.len() * span > limit:
            return None
    rows = dense.len() if dense is not None else high - low + 1  # type: ignore[operator]
    cells = rows * span
    if cells >= 1 << 32:  # (sorted instead: a day's place is read off as a u32, below)
        return None
    top_mark = marks.get_column("mark").to_physical().max()
    # a session's facts by its category and its mark's Categorical code (a text has the
    # same code in every Categorical column), in one table: a stretch of it for each
    # category, a cell of the stretch for each code; the cell's bits the mark's among each
    # run kind's codes and the category's (possible, attended), none but written for a
    # session not possible
    texts = sorted({c for b in bits.values() for c in b})
    known = pl.Series(texts, dtype=pl.Utf8).cast(pl.Categorical).to_physical().to_list()
    of_mark: dict[int, int] = {}
    for text, at in zip(texts, known, strict=True):
        for k, b in bits.items():
            of_mark[at] = of_mark.get(at, 0) | b.get(text, 0) << offsets[k]
    n_codes = max([top_mark or 0, *known]) + 1
    by_mark = pl.zeros(n_codes, cell_type, eager=True).scatter(list(of_mark), list(of_mark.values()))
    categories = CATEGORY_DTYPE.categories.to_list()
    facts_of = pl.concat(
        [
            by_mark | (1 | (2 if c in ATTENDED else 0) | written)
            if c in POSSIBLE_CATEGORIES
            else pl.repeat(written, n_codes, dtype=cell_type, eager=True)
            for c in categories
        ]
    ).rechunk()
    row = (
        # each key's place among the school's (a hash lookup: a binary search a session
        # took 45 ms for a school of 2,000 pupils, this 6-15 ms)
        pl.col("pid").replace_strict(
            dense, pl.int_range(dense.len(), dtype=pl.Int64, eager=True), return_dtype=pl.Int64
        )
        if dense is not None
        else (pl.col("pid") - pl.lit(low, pl.UInt64)).cast(pl.Int64)
    )
    cell = (  # (``ord``: the day's ordinal times two, plus one for PM)
        row * (2 * span) + (pl.col("ord") - ord_of(first)).cast(pl.Int64)
    ).alias("cell")
    # (one gather a session, not one from a table of the marks' facts and two from one of
    # the categories', with four operations: 0.07-0.12 -> 0.02-0.04 s of CPU at 20,000
    # pupils, issue 15)
    facts = (
        pl.lit(facts_of)
        .gather(
            pl.col("category").to_physical().cast(pl.UInt32) * n_codes
            + pl.col("mark").to_physical().fill_null(0)
        )
        .alias("facts")
    )
    grid = pl.zeros(2 * cells, cell_type, eager=True)
    # written a slice of the sessions at a time: each of the expressions' steps is a
    # column of 8 bytes a session, and over a whole large register they were the check's
    # peak (1.4 GB more than the register at 100,000 pupils, issue 15)
    for offset in range(0, marks.height, GRID_SLICE_ROWS):
        part = marks.slice(offset, GRID_SLICE_ROWS).select(cell, facts)
        grid.scatter(part.get_column("cell"), part.get_column("facts"))
        del part
    if (grid != 0).sum() != marks.height:  # a session twice: not a grid's to settle
        return None
    # the days with a possible session, in order, and their facts, read off in one Polars
    # query over the grid's days, a day's two cells side by side (an array of a day each
    # in numpy, 14-29 MB at 20,000 pupils, asked Linux for huge pages, each new one a
    # stall of the kernel's: issue 15); the frame is the one _days_sorted makes, column
    # for column
    halves = pl.DataFrame({"_a": grid.gather_every(2), "_p": grid.gather_every(2, 1)})
    del grid
    a = pl.col("_a")  # the morning's cell
    p = pl.col("_p")  # the afternoon's
    either = a | p
    row_of = pl.col("_w") // span  # the day's row: its pupil
    out = {
        "pid": (
            pl.lit(dense).gather(row_of)
            if dense is not None
            else row_of.cast(pl.UInt64) + pl.lit(low, pl.UInt64)
        ),
        "date": ((pl.col("_w") % span).cast(pl.Int32) + (first - _EPOCH).days).cast(pl.Date),  # type: ignore[operator]
    }
    masks = {k: ((1 << w) - 1) << offsets[k] for k, w in widths.items()}
    for k, mask in masks.items():
        # every possible session of the day is of the kind's codes
        out[f"_c_{k}"] = (((a & 1) == 0) | ((a & mask) != 0)) & (((p & 1) == 0) | ((p & mask) != 0))
    for k, mask in masks.items():
        out[f"_codes_{k}"] = ((either & mask) // (1 << offsets[k])).cast(pl.UInt32)
    out["_attended"] = (either & 2) != 0
    return (
        halves.lazy()
        .with_row_index("_w")
        .filter((either & 1) != 0)
        .select(*[e.alias(name) for name, e in out.items()])
        # each kind's run number: the days before that did not count, the pupil's own
        .with_columns(_run_numbers(kinds))
        .collect(engine="in-memory")
    )


def _without_stray_days(
    days: pl.LazyFrame, stray: pl.DataFrame, kinds: dict[str, tuple[str, ...]]
) -> pl.LazyFrame:
    """``days`` (:func:`_days`, in order of pupil then day) without the school's stray
    days (``stray``'s ``date``: only a handful of pupils have marks, so no school day,
    DOMAIN.md 12), for the runs: a run counts school days (DOMAIN.md 6), so a mark on a
    stray day neither counts toward a run nor breaks one, each kind's run number less the
    pupil's stray days up to then that did not count.  The marks still count in the
    figures, and the stray day is in the data-quality list; ``days`` when there is none."""
    dates = stray.get_column("date")
    if not dates.len():
        return days
    on = pl.col("date").is_in(dates.implode())
    return days.with_columns(
        (
            pl.col(f"_run_{k}")
            - (on & pl.col(f"_c_{k}").not_()).cast(pl.UInt32).cum_sum().over("pid")
        ).alias(f"_run_{k}")
        for k in kinds
    ).filter(on.not_())


def _run_numbers(kinds: dict[str, tuple[str, ...]]) -> list[pl.Expr]:
    """Each kind's run number (``_run_KIND``) on days in order of pupil then day: the count
    of the pupil's days before that did not count, a running count over all the days less
    its value before the pupil's first day."""
    new_pupil = pl.col("pid").ne_missing(pl.col("pid").shift(1))
    runs = []
    for k in kinds:
        broken = (~pl.col(f"_c_{k}")).cast(pl.UInt32)  # a day that does not count
        upto = broken.cum_sum()  # such days up to this one, all pupils
        # less those of the pupils before: the count before this pupil's first day
        runs.append(
            (upto - pl.when(new_pupil).then(upto - broken).forward_fill()).alias(f"_run_{k}")
        )
    return runs


def _days_sorted(
    marks: pl.DataFrame,
    school_code: int,
    kinds: dict[str, tuple[str, ...]],
    bit: dict[str, pl.Expr],
) -> pl.DataFrame:
    """:func:`_days` by sorting the sessions.

    The sessions are sorted on one integer, the pupil's UPN code (the low 32 bits of their
    key: unique in a school) and the day, in as few bits as hold them (32 nearly always),
    and a day's sessions (one or two: a pupil has one mark a session) are then neighbours:
    grouped on a sorted key, and each run number a running count started again at each
    pupil, with no hash table (issue 15: 0.81 s -> 0.66 s at 20,000 pupils)."""
    first = marks.get_column("date").min()
    last = marks.get_column("date").max()
    if first is None:
        first = last = dt.date(1970, 1, 1)
    day_bits = max(1, (last - first).days.bit_length())  # type: ignore[operator]
    code = pl.col("pid") % SCHOOL_BITS
    top = int(marks.select(code.max()).item() or 0)
    dtype = pl.UInt32 if top.bit_length() + day_bits <= 32 else pl.UInt64
    key = code.cast(dtype) * (1 << day_bits) + (pl.col("date") - pl.lit(first)).dt.total_days().cast(
        dtype
    )
    sessions = (
        marks.lazy()
        .filter(possible_expr())
        .select(
            key.alias("_key"),
            *[(bit[k] > 0).alias(f"_in_{k}") for k in kinds],
            *[bit[k].alias(f"_bit_{k}") for k in kinds],
            pl.col("category").is_in(ATTENDED).alias("_att"),
        )
        .sort("_key")
        .collect()
        .with_columns(pl.col("_key").set_sorted())
    )
    high = pl.lit(school_code, pl.UInt64) * SCHOOL_BITS
    return (
        sessions.lazy()
        .group_by("_key", maintain_order=True)  # sorted: neighbours, no hashing
        .agg(
            *[pl.col(f"_in_{k}").all().alias(f"_c_{k}") for k in kinds],
            # at most two sessions a day: their codes are the first's and the last's
            *[(pl.col(f"_bit_{k}").first() | pl.col(f"_bit_{k}").last()).alias(f"_codes_{k}")
              for k in kinds],
            pl.col("_att").any().alias("_attended"),
        )
        .select(
            (high + (pl.col("_key") // (1 << day_bits)).cast(pl.UInt64)).alias("pid"),
            ((pl.col("_key") % (1 << day_bits)).cast(pl.Int32) + pl.lit(first).cast(pl.Int32))
            .cast(pl.Date)
            .alias("date"),
            pl.exclude("_key"),
        )
        .with_columns(_run_numbers(kinds))
        .collect()
    )


def _in_half_term(cal: Calendar, as_of: dt.date) -> pl.Expr:
    """Whether a row's date is in the half term of ``as_of``, up to ``as_of``."""
    ht = cal.half_term_of(as_of)
    return pl.col("date").is_between(ht.start, min(ht.end, as_of)) if ht else pl.lit(False)


def _csa_windows(dobs: pl.Series) -> pl.DataFrame:
    """dob -> first and last day of compulsory school age, worked out once per distinct date."""
    rows = [
        (d, *compulsory_school_age_window(d))
        for d in dobs.unique().to_list()  # (the null left out here: one query, not two)
        if d is not None
    ]
    return pl.DataFrame(
        rows,
        schema={"dob": pl.Date, "_csa_from": pl.Date, "_csa_to": pl.Date},
        orient="row",
    )


def beside_only(kind: str, codes: tuple[str, ...]) -> pl.Expr:
    """Whether a day (:func:`_days`, run kind ``kind`` of ``codes``) is one a run of it
    skips, neither counted nor a break: for sickness, a day whose possible sessions are all
    :data:`SICKNESS_BESIDE` (``C2`` alone: no timetabled session, no illness); never for
    another kind.  The one rule every run of illness is read by (:func:`_runs`, and
    :mod:`attcli.joined`'s runs across a child's UPNs)."""
    if kind != "sickness" or SICKNESS_BESIDE not in codes:
        return pl.lit(False)
    return pl.col(f"_c_{kind}") & (pl.col(f"_codes_{kind}") == _bits(codes)[SICKNESS_BESIDE])


def _whole_day_single_sessions(
    ill: pl.DataFrame | None, runs: pl.DataFrame, stray: pl.DataFrame
) -> pl.DataFrame:
    """pid, ``_whole``: each pupil's school days with one illness session (``ill``: the
    pupil's illness sessions, :meth:`Prepared.candidates`) that a run of illness counts
    (inside one of ``runs``' sickness runs, which are the school year's to the as-of date:
    a day with an illness session inside a run is one of its days, any other day of illness
    breaks it; not one of the school's ``stray`` days, which no run counts): the day's other
    session ``C2``, not possible or with no mark, so the illness session was the only one
    due.  Such a day is a whole school day missed through illness, as its run says, not
    half of one (DOMAIN.md 7; sweep rough8).  Read from the illness sessions and the runs:
    no pass over the pupils' days (15 ms of CPU at 20,000 pupils).  None for figures only
    (``ill`` None)."""
    if ill is None:
        return pl.DataFrame(schema={"pid": pl.UInt64, "_whole": pl.UInt32})
    spans = runs.lazy().filter(pl.col("kind") == "sickness").select("pid", "start", "end")
    return (
        ill.lazy()
        .join(spans, on="pid", how="inner")
        .filter(pl.col("date").is_between(pl.col("start"), pl.col("end")))
        .group_by("pid", "date")
        .agg(pl.len().alias("_n"))
        .filter(pl.col("_n") == 1)
        .join(stray.lazy().select("date"), on="date", how="anti")
        .group_by("pid")
        .agg(pl.len().cast(pl.UInt32).alias("_whole"))
        .collect()
    )


def illness_half_days(sessions: int, whole: int) -> int:
    """The school days missed through illness, in half days: each illness session half a
    day, and a day whose only session due was illness (``whole`` such days,
    :attr:`Evaluation.sickness_whole_days`) a whole one (DOMAIN.md 7; sweep rough8)."""
    return sessions + whole


def _bits(codes: tuple[str, ...]) -> dict[str, int]:
    """Each of a run kind's codes as one bit (in the codes' own order)."""
    return {c: 1 << i for i, c in enumerate(dict.fromkeys(codes))}


#: :func:`_holiday_marks`' columns
_HOLIDAY_SCHEMA = {"_sc": pl.UInt64, "school": pl.Utf8, "date": pl.Date, "marked": pl.Int64,
                   "on_roll": pl.Int64}  # fmt: skip


def no_school_day(config: Config) -> Callable[[dt.date], bool]:
    """Whether the config's term dates make a day no school day: a weekday of a school
    year the config gives half terms for, in no half term, an INSET day or a bank holiday
    (:func:`attcli.coverage.configured_school_days`).  Never, without term dates.  Such a
    day's few marks are set aside (:func:`_holiday_marks`), and it has no session with no
    register (:func:`attcli.roll.resolve`): the term dates say the school was shut."""
    years = {cov.academic_year_label(h.start) for h in config.half_terms} | {
        cov.academic_year_label(h.end) for h in config.half_terms
    }

    def off(day: dt.date) -> bool:  # a weekday of a configured year that is no school day
        return (
            day.weekday() < 5
            and cov.academic_year_label(day) in years
            and not cov.configured_school_days(config, day, day)
        )

    return off


def _holiday_marks(
    sessions: pl.DataFrame, spans: pl.DataFrame, config: Config, codes: pl.DataFrame
) -> pl.DataFrame:
    """The days with marks that the config's term dates make no school day (a weekday, of
    a school year the config gives half terms for, in no half term, an INSET day or a bank
    holiday: :func:`attcli.coverage.configured_school_days`) on which some pupils but
    half of the pupils on roll or fewer have marks: ``_sc``, ``school``, ``date``,
    ``marked`` (pupils), ``on_roll``.  A holiday club's or a trip's registers, not the
    school's sessions.  On more, the school was open: the term dates are wrong there, and
    :func:`attcli.coverage.check_term_dates` says so.  A pupil's ``#`` (school closed) is
    no mark here (``_taken`` of :func:`attcli.calendar.session_summary`): it is what an
    INSET day should hold, for everyone (an MIS exports it so), and a day of ``#`` alone
    has nothing to set aside.  ``sessions`` and ``spans`` are
    :func:`attcli.roll.resolve`'s, the time on roll with the day's marks in it."""
    none = pl.DataFrame(schema=_HOLIDAY_SCHEMA)
    if not config.half_terms:
        return none
    off = no_school_day(config)
    per_day = sessions.group_by("_sc", "date").agg(pl.col("_taken").max().alias("marked"))
    found = []
    schools: dict[int, tuple[Callable[[dt.date], int], list[dt.date]]] = {}
    for sc, day, marked in per_day.iter_rows():
        if not off(day):
            continue
        if sc not in schools:
            school_days = sorted(
                d for c, d in per_day.select("_sc", "date").iter_rows() if c == sc and not off(d)
            )
            school_spans = spans.filter(pl.col("pid") // SCHOOL_BITS == sc)
            schools[sc] = (on_roll_counter(school_spans), school_days)
        on_roll_on, school_days = schools[sc]
        # the pupils on roll then: on the day, or on the school days either side of it (a
        # club's marks at the end of an export are the only marks of that day: the rest
        # of the school's time on roll ends before it)
        i = bisect_left(school_days, day)
        near = school_days[max(0, i - 1) : i + 1]
        on_roll = max([on_roll_on(day), *map(on_roll_on, near)])
        if 0 < marked and marked * 2 <= on_roll:
            found.append((sc, day, int(marked), on_roll))
    if not found:
        return none
    names = dict(codes.unique("_sc").iter_rows())
    return pl.DataFrame(
        [(sc, names.get(sc, ""), d, m, n) for sc, d, m, n in found],
        schema=_HOLIDAY_SCHEMA,
        orient="row",
    ).sort("_sc", "date")


def weeks_before_exports(first: dt.date) -> tuple[dt.date, str]:
    """The school weeks before exports whose first school week begins on Monday ``first``:
    the last day they may end on, and what to call them, to ask for their export.
    Exports that start with the school year (their first week within two weeks of 1
    September): the weeks before are last year's, whose summer term ended by 31 July, "the
    end of last school year"; else the week before the first is one of them, "the weeks
    before 12/10/2026"."""
    year_start = academic_year_start(first + dt.timedelta(days=4))  # (the week's Friday)
    if first <= year_start + dt.timedelta(days=14):
        return dt.date(year_start.year, 7, 31), "the end of last school year"
    return first - dt.timedelta(days=7), f"the weeks before {first:%d/%m/%Y}"


def pn_window_end(as_of: dt.date, coverage: cov.Coverage) -> dt.date:
    """The last day of the penalty-notice window as of ``as_of`` (DOMAIN.md 5: it never
    reaches past the as-of date): the as-of date, or the data's last day when earlier (its
    school weeks are those with a school day up to then, as the figures' are).  The one
    date the check's ``pn_window_end`` and the line on a short window give."""
    return min(as_of, coverage.data_end)


def _short_window_note(config: Config, cal: Calendar, as_of: dt.date, weeks_in: int) -> str | None:
    """A line when the penalty-notice window up to ``as_of`` (its last day,
    :func:`pn_window_end`) reaches back before the first school week in the exports
    (DOMAIN.md 5: it spans the summer holiday into last school year): its earlier weeks'
    sessions are not counted, so a pupil under the threshold may be over it.  None when the
    window is whole, or its missing weeks are before the national framework began (nothing
    in them counts)."""
    if weeks_in >= config.pn_weeks or not cal.school_weeks or weeks_in == 0:
        return None
    # (the first school week's Monday finds the weeks before; the line names the window's
    # first day, as the check and the pack do: :meth:`Calendar.first_day_of_week`)
    latest, where = weeks_before_exports(cal.school_weeks[0])
    first = cal.first_day_of_week(0, config)
    if latest < PN_FRAMEWORK_START:  # every missing week is before the framework began
        return None
    missing = config.pn_weeks - weeks_in
    return (
        f"penalty-notice window: the exports hold {weeks_in} of the {config.pn_weeks} school "
        f"weeks up to {as_of:%d/%m/%Y} (from {first:%d/%m/%Y}); unauthorised sessions in the "
        f"{missing} school week{'s' if missing != 1 else ''} before are not counted: give "
        f"the exports of those weeks too ({where}) to count the whole window"
    )


def _window_weeks_unheld_note(
    config: Config, cal: Calendar, as_of: dt.date, start: dt.date
) -> list[str]:
    """A line when the penalty-notice window up to ``as_of`` holds school weeks before the
    period (``start``: last school year's, the window spanning the summer, DOMAIN.md 5)
    that the term dates give and no export holds a row of (:attr:`Calendar.missing_weeks`):
    they are school weeks of the window, their sessions unknown, so a pupil under the
    threshold may be over it; the coverage line looks at the period only, and said
    nothing of them.  A week of last summer's term dates typed a few days long is one."""
    w_asof = cal.week_upto(as_of)
    if not cal.missing_weeks or w_asof < 0:
        return []
    window = cal.school_weeks[max(0, w_asof - config.pn_weeks + 1) : w_asof + 1]
    unheld = [
        days
        for w in window
        if w in cal.missing_weeks
        and (days := cov.configured_school_days(config, w, w + dt.timedelta(days=4)))
        and days[-1] < start
    ]
    if not unheld:
        return []
    spans = " and ".join(f"{d[0]:%d/%m/%Y} to {d[-1]:%d/%m/%Y}" for d in unheld)
    n = len(unheld)
    return [
        f"penalty-notice window: it holds {counted(n, 'school week')} ({spans}) that the "
        f"term dates give and no export holds: unauthorised sessions in {'them' if n != 1 else 'it'} "
        "are not counted, so a pupil under the threshold may be over it; give "
        f"{'their exports' if n != 1 else 'its export'}, or if the school had no sessions "
        f"then, correct [[{config.half_terms_key}]] (or list the days in "
        f"{config.inset_days_key})"
    ]


#: Weekdays in a row without school, inside an inferred half term, that look like a
#: holiday no whole week of which is empty (a week's worth: no run of bank holidays and
#: INSET days is as long)
UNSPLIT_HOLIDAY_DAYS = 5


def _unsplit_holiday_note(cal: Calendar, as_of: dt.date, config: Config) -> list[str]:
    """A line when the half term of ``as_of``, inferred from the register (DOMAIN.md 10: a
    run of school weeks between weeks with no session), holds ``UNSPLIT_HOLIDAY_DAYS`` or
    more weekdays in a row without school up to ``as_of`` (a week closed by snow aside): a
    holiday from a Wednesday to a Tuesday empties no whole week, so the half terms either
    side were taken as one, their lates added together (DOMAIN.md 4).  attcli cannot
    know: said, with the term dates to give."""
    ht = cal.half_term_of(as_of)
    if not cal.inferred or ht is None:
        return []
    days = set(cal.school_days)
    closed = set(cal.closure_weeks)
    gaps: list[tuple[dt.date, dt.date, int]] = []
    run: list[dt.date] = []
    d, end = ht.start, min(ht.end, as_of)
    while d <= end:
        if d.weekday() < 5:
            if d in days or (d - dt.timedelta(days=d.weekday())) in closed:
                if len(run) >= UNSPLIT_HOLIDAY_DAYS:
                    gaps.append((run[0], run[-1], len(run)))
                run = []
            else:
                run.append(d)
        d += dt.timedelta(days=1)
    if not gaps:
        return []
    first, last, n = gaps[-1]
    return [
        f"half terms are inferred from the register ({config.no_term_dates}): "
        f"{ht.name} ({ht.start:%d/%m/%Y} to {ht.end:%d/%m/%Y}) holds {n} weekdays without "
        f"school, {first:%d/%m/%Y} to {last:%d/%m/%Y}, but no whole week without, so they "
        "were not taken as a holiday between two half terms: if they were, this half term's "
        "figures and lates run across it; give the term dates in the config "
        f"([[{config.half_terms_key}]])"
    ]


def _third_half_term_note(cal: Calendar, as_of: dt.date, config: Config) -> list[str]:
    """A line when half terms inferred from the register (DOMAIN.md 10) give a term of the
    as-of date's school year, up to ``as_of``, more than two half terms: a term has two,
    so a week with no session between two of them was taken as a holiday that may be a
    week of term the exports leave out (a week missing is only known from term dates).
    The half terms' figures, lates and letters end and begin at each such week: said,
    naming the weeks and the term dates to give; attcli cannot know which was term."""
    if not cal.inferred:
        return []
    year = academic_year_start(as_of)
    terms: dict[str, list[HalfTerm]] = {}
    for ht in cal.half_terms:
        if academic_year_start(ht.start) == year and ht.start <= as_of:
            terms.setdefault(ht.name.rsplit(" ", 1)[0], []).append(ht)
    for term, hts in terms.items():
        # (numbered by their dates: exports begun in a term's second half term start at 2)
        last = max(int(h.name.rsplit(" ", 1)[1]) for h in hts)
        if last <= 2:
            continue
        gaps = "; ".join(
            f"{_weekday_from(a.end, 1):%d/%m/%Y} to {_weekday_from(b.start, -1):%d/%m/%Y}"
            for a, b in zip(hts, hts[1:], strict=False)
        )
        return [
            f"half terms are inferred from the register ({config.no_term_dates}): it "
            f"gives the {term.lower()} term {last} half terms ({hts[-1].name} from "
            f"{hts[-1].start:%d/%m/%Y}), but a term has two: the weeks with no session "
            f"between them ({gaps}) were each taken as a holiday; one of them may be a week "
            "of term the exports leave out (then give its export), and each half term's "
            "figures, lates and letters end and begin at them; give the term dates in the "
            f"config ([[{config.half_terms_key}]])"
        ]
    return []


#: An inferred half term of fewer school weeks than this, followed by another of its term,
#: is none a school has (the shortest, a spring 2 before an early Easter, is some weeks):
#: the week with no session after it is more likely term the exports leave out.
SHORTEST_HALF_TERM_WEEKS = 3


def _short_half_term_note(
    cal: Calendar, as_of: dt.date, coverage: cov.Coverage, config: Config
) -> list[str]:
    """A line when half terms inferred from the register (DOMAIN.md 10) give a half term of
    fewer than :data:`SHORTEST_HALF_TERM_WEEKS` school weeks that ends at a week with no
    session before another half term of its term: Autumn 1 of one week, Autumn 2 from
    21 September, when the week of 14 September has no row (a closure never entered as
    ``#``, or a week's export left out).  Not the data's first half term when the exports
    start after the year's first school day (the coverage says so: it is short because
    the data begins late).  Said, as :func:`_third_half_term_note` says a third half
    term; attcli cannot know which week was term (sweep layouts4)."""
    if not cal.inferred:
        return []
    year = academic_year_start(as_of)
    hts = [h for h in cal.half_terms if academic_year_start(h.start) == year and h.start <= as_of]
    late = any(g.kind == cov.BEFORE_DATA for g in coverage.gaps)
    for i, (a, b) in enumerate(zip(hts, hts[1:], strict=False)):
        if a.name.rsplit(" ", 1)[0] != b.name.rsplit(" ", 1)[0] or (i == 0 and late):
            continue
        weeks = sum(1 for w in cal.school_weeks if a.start - dt.timedelta(days=6) <= w <= a.end)
        if weeks >= SHORTEST_HALF_TERM_WEEKS:
            continue
        first, last = _weekday_from(a.end, 1), _weekday_from(b.start, -1)
        gap = (last - first).days // 7 + 1
        return [
            f"half terms are inferred from the register ({config.no_term_dates}): "
            f"{a.name} is {counted(weeks, 'school week')} long "
            f"({a.start:%d/%m/%Y} to {a.end:%d/%m/%Y}), and the week{'s' if gap > 1 else ''} "
            f"with no session after it ({first:%d/%m/%Y} to {last:%d/%m/%Y}) "
            f"{'were' if gap > 1 else 'was'} taken as its holiday, {b.name} from "
            f"{b.start:%d/%m/%Y}; no half term is that short: it may be a week of term the "
            "exports leave out (then give its export) or a closure never entered as '#', and "
            "each half term's figures, lates and letters end and begin at it: give the term "
            f"dates in the config ([[{config.half_terms_key}]], a closure in "
            f"{config.inset_days_key})"
        ]
    return []


def _z_after_roll(
    marks: pl.DataFrame, spans: pl.DataFrame, day: dt.date, cut: int
) -> pl.DataFrame:
    """The pupils on roll on ``day`` (their time on roll, ``spans``' ``_to``, reaches it)
    with a ``Z`` after its last session, up to ``cut`` (the as-of date's afternoon):
    ``pid`` and ``_gfrom`` (that last session), as :func:`_z_away_on` gives them.  The
    register says they had left: a pupil marked ``Z`` through a week closed for everyone
    else after ``day``, the last school day (no school day after it, so "on roll on the
    last school day" alone kept them on roll, and a band letter went to a family whose
    child had left), or ``Z`` on that day's afternoon.  A mark after the ``Z`` is after
    ``_to`` no longer: back on roll, as before (docs/decisions.md, "Z after the last
    school day ends the time on roll")."""
    return (
        marks.lazy()
        .filter(pl.col("ord").is_between(ord_of(day), cut))
        .filter(pl.col("mark") == "Z")
        .group_by("pid")
        .agg(pl.col("ord").max().alias("_z"))
        .join(spans.lazy().select("pid", "_to"), on="pid", how="inner")
        .filter((pl.col("_to") >= ord_of(day)) & (pl.col("_z") > pl.col("_to")))
        .select(pl.col("pid").cast(pl.UInt64), pl.col("_to").cast(pl.Int32).alias("_gfrom"))
        .collect()
    )


def _z_away_on(
    marks: pl.DataFrame, day: dt.date, back_by: dt.date | None = None
) -> pl.DataFrame:
    """The pupils whose every mark on ``day`` is ``Z`` (not on roll, DOMAIN.md 1) after an
    explicit mark before it, as :meth:`attcli.roll.Compact.away_on` gives those between
    two spells of a pupil list: ``pid`` and ``_gfrom`` (their last explicit session before
    ``day``).  Their time on roll runs on to marks after ``day`` (they came back), so
    without this they were on roll on a day the register says they were not: "still
    absent" after a run they left the roll after (DOMAIN.md 6).  Z after a pupil's last
    mark needs none of it: their time on roll ends there already.  With ``back_by``, not
    those with an explicit mark after ``day`` up to it: back on roll on a later day no one
    had a session (a week closed for everyone, `#`), as ``away_on``'s ``back_by`` (sweep
    oracle10)."""
    empty = pl.DataFrame(schema={"pid": pl.UInt64, "_gfrom": pl.Int32})
    # (lazy: a DataFrame's own filter and join copy the whole register first when its
    # columns' pieces differ, issue 15; tests/test_marks_lazy.py)
    zed = (
        marks.lazy()
        .filter(pl.col("date") == day)
        .group_by("pid")
        .agg((pl.col("mark").cast(pl.Utf8) == "Z").all().alias("_z"))
        .filter(pl.col("_z"))
        .select("pid")
        .collect()
    )
    if zed.height and back_by is not None and back_by > day:
        back = (
            marks.lazy()
            .join(zed.lazy(), on="pid", how="semi")
            .filter(
                pl.col("explicit")
                & (pl.col("ord") > ord_of(day, pm=True))
                & (pl.col("ord") <= ord_of(back_by, pm=True))
            )
            .select("pid")
            .unique()
            .collect()
        )
        zed = zed.join(back, on="pid", how="anti")
    if not zed.height:
        return empty
    at = ord_of(day)
    return (
        marks.lazy()
        .join(zed.lazy(), on="pid", how="semi")
        .filter(pl.col("explicit") & (pl.col("ord") < at))
        .group_by("pid")
        .agg(pl.col("ord").max().cast(pl.Int32).alias("_gfrom"))
        .select(pl.col("pid").cast(pl.UInt64), "_gfrom")
        .collect()
    )


def _weekday_from(day: dt.date, step: int) -> dt.date:
    """The first weekday after ``day`` (``step`` 1) or before it (-1)."""
    day += dt.timedelta(days=step)
    while day.weekday() >= 5:
        day += dt.timedelta(days=step)
    return day


#: How the line of :func:`_lates_unseen_note` begins (the letters say it with lateness letters)
LATES_UNSEEN = "lateness: "


def _lates_unseen_note(
    config: Config, cal: Calendar, as_of: dt.date, data_days: set[dt.date], coverage: cov.Coverage
) -> list[str]:
    """A line when the half term of ``as_of``, by the config's term dates, has school days up
    to the as-of date (or the data's end) that no export holds: the exports start after the
    half term began, or leave a week of it out, or end before it began.  Lates count over
    the whole half term (DOMAIN.md 4, whatever the period: ``_counts``), so their late
    arrivals are not counted and a pupil under the threshold may be over it (a pupil over
    it is).  None with half terms inferred from the register (they begin where its school
    weeks do)."""
    ht = cal.half_term_of(as_of)
    if cal.inferred or ht is None:
        return []
    start = max(ht.start, academic_year_start(as_of))
    end = min(ht.end, as_of, coverage.data_end)
    if coverage.data_end < ht.start:
        # a half term the data never reaches (an as-of date after it ends): its lates are
        # counted, none seen, though the figures are said to be as of the data's end
        end = min(ht.end, as_of)
    unseen = [d for d in cov.configured_school_days(config, start, end) if d not in data_days]
    if not unseen:
        return []
    n, t = len(unseen), config.lates_threshold
    first, last = unseen[0], unseen[-1]
    whole = n == len(cov.configured_school_days(config, first, last))  # none between in them
    when = (
        f"{first:%d/%m/%Y}" if n == 1
        else f"{first:%d/%m/%Y} to {last:%d/%m/%Y}" if whole
        else f"between {first:%d/%m/%Y} and {last:%d/%m/%Y}"
    )  # fmt: skip
    return [
        f"{LATES_UNSEEN}the exports hold no register for {n} school day{'s' if n != 1 else ''} "
        f"of {ht.name} up to {end:%d/%m/%Y} ({when}): "
        f"late arrivals on them are not counted, so a pupil under {t} lates may have {t} or "
        "more; give the exports of those days to count the whole half term"
    ]


def _before_first_day_note(
    config: Config,
    coverage: cov.Coverage,
    explicit: bool,
    last: dt.date,
    ht: HalfTerm | None = None,
) -> str:
    """The line for an as-of date before the period's first school day (the summer holiday
    before a new school year): its pupils are those on roll on ``last``, the last school
    day before it, with no session in the period yet.  ``ht``: the as-of date's half term
    (in a holiday, the last that ended): one of last school year says its lates are not
    counted (lates count per half term in the school year, DOMAIN.md 4: ``_counts``), though
    the check names it as the half term (sweep lates2)."""
    what = "the period" if explicit else "the school year"
    start = coverage.period_start
    after = cov.configured_school_days(config, start, dt.date(start.year + 1, 8, 31))
    if after and after[0] <= coverage.as_of:
        # its school days are after the data (last year's export alone): not "yet"; the
        # coverage line says so
        return (
            f"no school day of {what} in the exports up to {coverage.as_of:%d/%m/%Y} (its "
            f"first was {after[0]:%d/%m/%Y}): the pupils on roll on {last:%d/%m/%Y} are "
            "checked, their penalty-notice window and runs of absence read from the register "
            "up to that day"
        )
    begins = f" (its first is {after[0]:%d/%m/%Y})" if after else ""
    year = academic_year_start(coverage.as_of)
    no = "figures or bands"
    if ht is not None and ht.start < year:
        no = (
            f"figures, bands or lates ({ht.name} was the {year.year - 1}/{year.year % 100:02d} "
            "school year's, and lates count per half term)"
        )
    return (
        f"no school day of {what} yet up to {coverage.as_of:%d/%m/%Y}{begins}: no year-to-date "
        f"{no}; the pupils on roll on {last:%d/%m/%Y} are checked, their "
        "penalty-notice window and runs of absence read from the register up to that day"
    )


def _minority_unregistered(
    summary: pl.DataFrame, spans: pl.DataFrame | None
) -> set[dt.date]:
    """The days of a school's sessions (``summary``: :func:`attcli.calendar.session_summary`
    of its marks) that hold no register of the school's: no possible mark for anyone, and
    a mark of any kind for fewer than half of the pupils on roll (``spans``) on the last
    day before it that had a possible mark (on the day itself only that minority is on
    roll: the others' time on roll ended with their last mark).  A minority's
    not-possible marks entered ahead (a nursery's afternoon ``X`` filled in by a pattern
    to the year's end, a dual-registered pupil's ``D``, next year's intake's ``Z``) on
    days no register was taken are not the exports reaching those days: the coverage
    says where the register ends (DOMAIN.md 2, 10; sweep layouts4).  A closure (``#`` or
    ``Y1``..``Y7`` for everyone), or a day with any possible mark, is the data's, as
    before."""
    if spans is None or not spans.height or not summary.height:
        return set()
    days = summary.group_by("date").agg(
        pl.col("_possible").any().alias("_p"), pl.col("_marked").max().alias("_m")
    )
    if days.get_column("_p").all():
        return set()
    on_roll = on_roll_counter(spans)
    num, den = DASH_DAY_SHARE
    out: set[dt.date] = set()
    last_held: dt.date | None = None
    for day, possible, marked in days.sort("date").select("date", "_p", "_m").iter_rows():
        if possible:
            last_held = day
        elif last_held is not None and marked * den < num * on_roll(last_held):
            out.add(day)
    return out


def marks_end_note(
    pupils: pl.DataFrame,
    as_of: dt.date,
    data_end: dt.date | None,
    school_days: tuple[dt.date, ...] = (),
    *,
    morning_only: bool = False,
) -> list[str]:
    """A line when most of the pupils' marks end on one day before the as-of date and a
    few pupils' go on after it: taken as leaving the roll that day (a pupil's time on roll
    ends with their last mark), which is what the register shows, but more likely the day
    it was exported, the few holding marks entered ahead (leave).  attcli cannot know:
    said, with the --as-of that gives the figures as they stood on that day.  Every
    command's evaluation says it (cme's "left after N days", the letters not sent, the LA
    return's leavers rest on it as the check's do).

    Likewise when the exports end with a morning (``morning_only``: an export made during
    the day, the lunchtime note) and two or more pupils' marks end on the school day
    before it (of ``school_days``): a form's morning register not yet taken when the
    export was made reads as that form leaving the day before (sweep layouts4); one pupil
    leaving is a leaver, unsaid."""
    left = (  # (one query where nobody left, nearly every register: issue 15)
        pupils.lazy()
        .select("left_on")
        .filter(pl.col("left_on").is_not_null() & (pl.col("left_on") < as_of))
        .collect(engine="in-memory")
    )
    if not left.height:
        return []
    pupils = pupils.select("left_on")
    day, n = left.group_by("left_on").len().sort("len", "left_on", descending=True).row(0)
    total = pupils.height
    after = pupils.filter(pl.col("left_on").is_null() | (pl.col("left_on") > day)).height
    if (n * 2 <= total or not after) and morning_only and data_end is not None:
        before = [d for d in school_days if d < data_end]
        eve = before[-1] if before else None
        k = left.filter(pl.col("left_on") == eve).height if eve is not None else 0
        if k >= 2 and eve is not None:
            others = pupils.filter(
                pl.col("left_on").is_null() | (pl.col("left_on") >= data_end)
            ).height
            # of the pupils on roll that day (the ones ending there and the morning's),
            # not of every pupil in the exports: "4 of the 12 ... the other 5" left the
            # reader to find the 3 who had left weeks before (sweep oracle7)
            return [
                f"{k} of the {k + others} pupils' marks end on {eve:%d/%m/%Y}, the school day "
                f"before the exports' last day ({data_end:%d/%m/%Y}), whose morning register "
                f"holds marks for the other {others}: they are taken as leaving the roll on "
                f"{eve:%d/%m/%Y}; if their register for {data_end:%d/%m/%Y} was not yet taken "
                f"when the export was made, pass --as-of {eve:%Y-%m-%d}"
            ]
    if n * 2 <= total or not after:
        return []
    last = data_end if data_end is not None else as_of
    return [
        f"{n} of the {total} pupils' marks end on {day:%d/%m/%Y}, and only {after} "
        f"pupil{' has' if after == 1 else 's have'} marks after it (to {last:%d/%m/%Y}): "
        f"they are taken as leaving the roll on {day:%d/%m/%Y}; if the register was not yet "
        f"taken for them (marks entered ahead for the others), pass --as-of {day:%Y-%m-%d}"
    ]


def afternoon_present(last: pl.DataFrame, marks: pl.DataFrame) -> int:
    """How many present marks (``/``, ``\\``, ``L``) the school's last afternoon holds
    (``last``: the school's missing sessions, its last afternoon's row ``last``;
    ``marks``: the school's, :meth:`Prepared.school_marks`), 0 when none or no such
    afternoon.  A present mark is never entered ahead: one there means the export was made
    during the afternoon, some forms' registers taken, not at lunchtime (the note, and
    cases' "not recorded" line; sweep layouts5)."""
    rows = last.filter(pl.col("last"))
    if not rows.height or not int(rows.get_column("marked")[0]):
        return 0
    day = rows.get_column("date")[0]
    # (the session and category compared as the Enums they are: cast to text first, every
    # mark of the register was made two strings, 28 ms of CPU at 2,000 pupils and 0.28 s
    # at 20,000, against 0.8 and 4.5 ms, in each check of an export made in the afternoon)
    return marks.filter(
        (pl.col("date") == day)
        & (pl.col("session") == "PM")
        & (pl.col("category") == Category.PRESENT.value)
    ).height


def afternoon_part_taken(last: pl.DataFrame) -> str:
    """What an export made during the afternoon is (:func:`afternoon_present` finds one),
    ``last`` the school's missing sessions with its last afternoon's row ``last``: "the
    exports end during the afternoon of 25/09/2026, its PM registers part taken (6 of the
    20 pupils on roll have a PM mark)": the check's note and `cases`' "not recorded"
    line say it in these words (sweep looks12)."""
    row = last.filter(pl.col("last")).row(0, named=True)
    return (
        f"the exports end during the afternoon of {row['date']:%d/%m/%Y}, its PM registers "
        f"part taken ({row['marked']} of the {row['on_roll']} pupils on roll have a PM mark)"
    )


def _lunchtime_note(
    missing: pl.DataFrame, start: dt.date, as_of: dt.date, marks: pl.DataFrame | None = None
) -> list[str]:
    """The note for an export made at lunchtime: the school's last day in the data has its
    AM register and (nearly) no PM one (``missing``: the school's missing sessions, the
    ``last`` one that afternoon).  Not a register left out: the afternoon comes after the
    data, as the days after an export's end do; its figures run to that morning, and a
    handful's afternoon marks count for them.

    A present mark in that afternoon (``marks``: the school's, of any pupil) is no mark
    entered ahead (a trip's `V`, an appointment's `M` are; a pupil is marked present only
    when a register is taken): the export was made during the afternoon, some forms'
    registers taken, the rest not yet (or left incomplete).  The figures are the same (a
    session with no mark is out of possible either way); the note says so instead of
    "lunchtime" (sweep layouts5)."""
    if not missing.height:  # (nearly every register: no query, issue 15)
        return []
    last = missing.filter(pl.col("last") & pl.col("date").is_between(start, as_of))
    if not last.height:
        return []
    day = last.get_column("date")[0]
    ahead = int(last.get_column("marked")[0])
    present = afternoon_present(last, marks) if marks is not None else 0
    if present:
        rest = max(int(last.get_column("on_roll")[0]) - ahead, 0)
        # (the clause `cases`' "no snapshot stored" line gives too: one form for one fact;
        # it said "its PM register holds marks for 6 of the 20 pupils on roll, 6 of them
        # present (registers taken, not marks entered ahead of them)", six lines at 80
        # columns over the other line's words for it: sweep looks12)
        return [
            f"{afternoon_part_taken(last)}; the other {rest} "
            f"{'has' if rest == 1 else 'have'} none, read as registers not yet taken, so "
            "their figures run to that morning: if those registers were left incomplete, "
            "complete them in the MIS and export again"
        ]
    but = (
        f", but for the {counted(ahead, 'pupil')} whose PM marks were "
        f"entered ahead, which count"
        if ahead
        else ""
    )
    return [
        f"the exports end with the AM session of {day:%d/%m/%Y}: its PM register is not in "
        f"them (an export made at lunchtime), so the figures run to that morning{but}"
    ]


def _missing_days(config: Config, coverage: cov.Coverage) -> list[dt.date]:
    """The school days no export holds up to the as-of date, in order: the weeks and days
    inside the term the exports leave out (coverage's missing weeks and days), and the
    school days the term dates give after the data ends.  A pupil may have been absent on
    any of them."""
    return sorted(
        d
        for g in coverage.gaps
        # after the data, only the days term dates make school days: without them the
        # weekdays to the as-of date may be a holiday (a half-term week would add 5 to
        # every run reaching the data's Friday); the INCOMPLETE line says they are missing
        if g.kind in cov.INSIDE or (g.kind == cov.AFTER_DATA and not g.weekdays)
        for d in cov.gap_days(config, g)
    )


def _unregistered(
    runs: pl.DataFrame,
    days: pl.LazyFrame,
    missing: list[dt.date],
    spans: pl.DataFrame,
    as_of: dt.date,
    registered: tuple[dt.date, ...],
    dated: pl.DataFrame | None,
) -> pl.DataFrame:
    """``runs`` with ``unregistered_days``: the school days no export holds (``missing``:
    weeks and days missing inside the term, the school days after the data ends) inside
    each run or between it and the pupil's possible days next to it, while the pupil may
    have been on roll.  Nobody knows what the pupil's marks were then: a run of 8 days seen
    round a missing week of 5 may be one run of 13 days, or two short ones, a run that
    starts the Monday after it may have started a week before, and a run reaching the end
    of the data may have gone on to the as-of date (DOMAIN.md 6; docs/decisions.md).

    A pupil's time on roll is read from their last mark unless a pupil list (``dated``)
    gives it; a last mark followed by days no export holds (``registered``: the school's
    days in the data) is not a leaving date: they may have been on roll through those days
    too, up to the next day registered.  ``left_by``: for a run the pupil left the roll
    after (``left_on``), the last such day, the latest they may have left (null: the
    leaving date is known).  0 and null for every run when no day is missing."""
    if not missing or not runs.height:
        return runs.with_columns(
            pl.lit(0, pl.Int64).alias("unregistered_days"), pl.lit(None, pl.Date).alias("left_by")
        )
    one = dt.timedelta(days=1)
    seen = (
        days.filter(pl.col("pid").is_in(runs.get_column("pid").unique().implode()))
        .select("pid", pl.col("date").alias("_d"))
        .collect()
        .sort("_d")
    )
    edges = runs.with_row_index("_r").select("_r", "pid", "start", "end")

    cut = ord_of(as_of, pm=True)
    gap = pl.Series(missing, dtype=pl.Date)

    def between(lo: pl.Series, hi: pl.Series) -> pl.Series:
        """How many missing days lie strictly between ``lo`` and ``hi``."""
        n = gap.search_sorted(hi, side="left").cast(pl.Int64) - gap.search_sorted(
            lo, side="right"
        ).cast(pl.Int64)
        return n.clip(lower_bound=0)

    roll = spans.filter(pl.col("pid").is_in(runs.get_column("pid").unique().implode())).select(
        "pid",
        ((pl.col("_from") // 2).cast(pl.Int32).cast(pl.Date) - one).alias("_roll_lo"),
        (pl.col("_to").clip(upper_bound=cut) // 2).cast(pl.Int32).cast(pl.Date).alias("_last"),
        (
            pl.col("pid").is_in(dated.get_column("pid").implode())
            if dated is not None
            else pl.lit(False)
        ).alias("_dated"),
    )
    # the school's next day registered after each pupil's last day on roll (none: the as-of
    # date's next day): a last mark read as the leaving date may be followed by days no
    # export holds, on which the pupil may still have been on roll
    school = pl.Series(registered, dtype=pl.Date)
    at = school.search_sorted(roll.get_column("_last"), side="right")
    nxt = pl.Series(
        [school[i] if i < len(school) else as_of + one for i in at.to_list()], dtype=pl.Date
    )
    roll = roll.with_columns(
        pl.when(pl.col("_dated"))
        .then(pl.col("_last") + one)
        .otherwise(nxt)
        .alias("_roll_hi"),
    )
    after = between(roll.get_column("_last"), roll.get_column("_roll_hi"))
    at_hi = gap.search_sorted(roll.get_column("_roll_hi"), side="left").cast(pl.Int64)
    roll = roll.with_columns(
        # the last day no export holds that the pupil may have been on roll on after their
        # last mark: the latest they may have left
        pl.when(after > 0)
        .then(pl.Series([gap[i - 1] if i > 0 else None for i in at_hi.to_list()], dtype=pl.Date))
        .otherwise(None)
        .alias("_left_by"),
    ).select("pid", "_roll_lo", "_roll_hi", "_left_by")
    bounds = (
        edges.lazy()
        .join(_beside(edges, seen, pl.col("start") - one, "backward", "_prev"), on="_r")
        .join(_beside(edges, seen, pl.col("end") + one, "forward", "_next"), on="_r")
        .join(roll.lazy(), on="pid", how="left")
        .sort("_r")
        .select(
            pl.max_horizontal("_prev", "_roll_lo").alias("_lo"),
            pl.min_horizontal("_next", "_roll_hi").alias("_hi"),
            "_left_by",
        )
        .collect(engine="in-memory")
    )
    return runs.with_columns(
        between(bounds.get_column("_lo"), bounds.get_column("_hi")).alias("unregistered_days"),
        pl.when(pl.col("left_on").is_not_null())
        .then(bounds.get_column("_left_by"))
        .otherwise(None)
        .alias("left_by"),
    )


def _unmarked_after(
    runs: pl.DataFrame,
    marks: pl.DataFrame,
    as_of: dt.date,
    school_days: Iterable[dt.date],
    with_missing: pl.Series,
) -> pl.DataFrame:
    """``runs`` with ``unmarked_days`` and ``last_marked``: for a run of unexplained
    absence at the pupil's last possible day up to ``as_of`` (the current run, the one they
    left the roll after, or one reaching the end of the data), the school days after the
    pupil's last mark (``last_marked``: any mark on a school day but a missing one, ``-``
    or a missing row, and ``#``, the school shut; a pupil's own not-possible mark is a
    mark) up to ``as_of`` on which they have a missing mark only,
    so while on roll (missing rows are made inside the time on roll alone).  0 and null
    for every other run, and when there is no such day.

    A missing mark neither counts toward nor breaks a run (DOMAIN.md 1): the run's days
    stay the days seen.  But a child with no register for weeks after unexplained absence
    is not to be absorbed unsaid (DOMAIN.md 12): the check's reason and ``cme`` say it
    (docs/decisions.md).  Only the marks of the pupils with such a run and a missing mark
    in the period (``with_missing``: the days after the run are in it) are read: most
    often none, and no pass over the marks (issue 15)."""
    at_end = pl.col("kind").is_in(_AT_END_KINDS) & (pl.col("end") == pl.col("last_possible"))
    # (each step below one query, the answer with none made only when it is the answer:
    # issue 15)
    pids = (
        runs.lazy()
        .filter(at_end & pl.col("pid").is_in(with_missing.implode()))
        .select(pl.col("pid").unique())
        .collect(engine="in-memory")
        .to_series()
    )
    none = runs.lazy().with_columns(
        pl.lit(0, pl.Int64).alias("unmarked_days"), pl.lit(None, pl.Date).alias("last_marked")
    )
    if not pids.len():
        return none.collect(engine="in-memory")
    missing = pl.col("category") == Category.MISSING.value
    mine = (
        marks.lazy()
        .filter(pl.col("pid").is_in(pids.implode()) & (pl.col("date") <= as_of))
        .select("pid", "date", missing.alias("_missing"),
                (pl.col("mark") == CLOSED_MARK).alias("_shut"))  # (no text a row: _off_roll_within)
        .collect()
    )
    school = pl.Series([d for d in school_days if d <= as_of], dtype=pl.Date)
    # (a mark on a day that is no school day (everyone's `#` or `Y1` the day the school
    # was shut), or `#` itself (the school closed, a half day too), is no register taken
    # for the pupil: the days with no mark before it still count)
    last = (
        mine.lazy()
        .filter(~pl.col("_missing") & pl.col("date").is_in(school.implode()) & ~pl.col("_shut"))
        .group_by("pid")
        .agg(pl.col("date").max().alias("_last_marked"))
    )
    unmarked = (
        mine.lazy()
        .filter(pl.col("_missing") & pl.col("date").is_in(school.implode()))
        .join(last, on="pid", how="inner")
        .filter(pl.col("date") > pl.col("_last_marked"))
        .group_by("pid")
        .agg(
            pl.col("date").n_unique().cast(pl.Int64).alias("_unmarked"),
            pl.col("_last_marked").first(),
        )
        .collect(engine="in-memory")
    )
    if not unmarked.height:
        return none.collect(engine="in-memory")
    found = runs.lazy().join(unmarked.lazy(), on="pid", how="left")
    hit = at_end & pl.col("_unmarked").is_not_null()
    return found.with_columns(
        pl.when(hit).then(pl.col("_unmarked")).otherwise(0).cast(pl.Int64).alias("unmarked_days"),
        pl.when(hit).then(pl.col("_last_marked")).otherwise(None).alias("last_marked"),
    ).drop("_unmarked", "_last_marked").collect(engine="in-memory")


def _pupil_key(pid: pl.Expr, value: pl.Expr) -> pl.Expr:
    """A pupil of one school and a 32-bit integer (a day, a school week) as one unsigned
    integer, ordered as (pupil, value): the pupil's UPN code (the low bits of ``pid``, one
    school's pupils apart) above the value (moved up by 2**31, never negative).  What an
    as-of join by pupil is made on without sorting its rows on the value alone."""
    return (pid % SCHOOL_BITS) * SCHOOL_BITS + (
        value.cast(pl.Int32).cast(pl.Int64) + 2**31
    ).cast(pl.UInt64)


def _pupil_day(pid: pl.Expr, day: pl.Expr) -> pl.Expr:
    """:func:`_pupil_key` of a pupil and a day (days since 1970)."""
    return _pupil_key(pid, day.cast(pl.Int32))


def _last_seen_before(runs: pl.DataFrame, seen: pl.DataFrame) -> pl.DataFrame:
    """``runs`` (one school's, with ``pid`` and ``start``) with ``last_attended``: the
    pupil's latest day of ``seen`` (``_key``: :func:`_pupil_day` of their days attended)
    before the run's first day; null for none.  One as-of join on the packed key (the
    key found is the pupil's when its pupil bits are the run's), not one by pupil on
    the date, which needed the millions of days attended sorted on the date (issue 15:
    0.07 s of a 20,000-pupil check's evaluation).  The runs come in the order of the day
    before each began, as they did."""
    one = dt.timedelta(days=1)
    key = _pupil_day(pl.col("pid"), pl.col("start") - one)
    found = (  # (one query with the steps below: issue 15)
        runs.lazy()
        .with_columns(key.alias("_key"))
        .sort("_key")
        .join_asof(
            seen.lazy().sort("_key").with_columns(pl.col("_key").alias("_seen")),
            on="_key",
            strategy="backward",
            check_sortedness=False,  # both sorted on the key just above
        )
    )
    pupil = pl.col("_key") // SCHOOL_BITS
    day = (pl.col("_seen") % SCHOOL_BITS).cast(pl.Int64) - 2**31
    return (
        found.with_columns(
            (pl.col("start") - one).alias("_before"),
            pl.when(pl.col("_seen") // SCHOOL_BITS == pupil)
            .then(day.cast(pl.Int32).cast(pl.Date))
            .otherwise(None)
            .alias("last_attended"),
        )
        .drop("_key", "_seen")
        .sort("_before")
        .collect(engine="in-memory")
    )


def _beside(
    edges: pl.DataFrame, seen: pl.DataFrame, key: pl.Expr, strategy: str, name: str
) -> pl.DataFrame:
    """Each run of ``edges`` (``_r``, ``pid``) with ``name``: the pupil's possible day of
    ``seen`` (``pid``, ``_d``, sorted on ``_d``) nearest ``key`` (a date of the run's),
    on or before it (``strategy`` "backward") or on or after it ("forward"); null for none.
    A lazy query, joined into its caller's (one query there, not three a side: issue 15)."""
    return (
        edges.lazy()
        .select("_r", "pid", key.alias("_k"))
        .sort("_k")
        .join_asof(
            seen.lazy(), left_on="_k", right_on="_d", by="pid", strategy=strategy,  # type: ignore[arg-type]
            check_sortedness=False,  # both sorted on the key just above
        )
        .select("_r", pl.col("_d").alias(name))
    )


def _unmarked_within(
    runs: pl.DataFrame,
    days: pl.LazyFrame,
    marks: pl.DataFrame,
    as_of: dt.date,
    school_days: Iterable[dt.date],
    with_missing: pl.Series,
    since: Mapping[str, dt.date] | None = None,
) -> pl.DataFrame:
    """``runs`` with ``unmarked_within_days`` and ``unmarked_within`` (the dates, sorted):
    the school days up to ``as_of`` inside each run, or between it and the pupil's possible
    days either side of it, on which the pupil has a missing mark and no possible session
    (a day of ``-``, blank cells or missing rows).  Not those after a run at the pupil's
    last possible day: :func:`_unmarked_after` reads them.  ``since``: a kind's first day
    counted (sickness: the school year's, as :func:`_runs`), none before it.

    DOMAIN.md 1: a missing mark neither counts toward nor breaks a run, so the run's days
    stay the days seen; but N on 4 days, a day with no mark, N on 5 more is a run of 9 that
    may have been 10, and nothing by the run said the day was missing (docs/decisions.md).
    Only the marks of the pupils with a run and a missing mark are read (most often none)."""
    none = runs.lazy().with_columns(  # (collected where it is the answer)
        pl.lit(0, pl.Int64).alias("unmarked_within_days"),
        pl.lit([], pl.List(pl.Date)).alias("unmarked_within"),
    )
    pids = (
        runs.lazy()
        .filter(pl.col("pid").is_in(with_missing.implode()))
        .select(pl.col("pid").unique())
        .collect(engine="in-memory")
        .to_series()
    )
    if not pids.len():
        return none.collect(engine="in-memory")
    school = pl.Series([d for d in school_days if d <= as_of], dtype=pl.Date)
    mine = pl.col("pid").is_in(pids.implode()) & pl.col("date").is_in(school.implode())
    possible = days.filter(mine).select("pid", pl.col("date").alias("_d")).collect()
    gaps = (
        marks.lazy()
        .filter(mine & (pl.col("category") == Category.MISSING.value))
        .select("pid", pl.col("date").alias("_g"))
        .unique()
        .join(possible.lazy(), left_on=["pid", "_g"], right_on=["pid", "_d"], how="anti")
        .collect()
    )
    if not gaps.height:
        return none.collect(engine="in-memory")
    one = dt.timedelta(days=1)
    seen = possible.lazy().sort("_d")  # (lazy: parts of the query below)
    edges = runs.lazy().with_row_index("_r").filter(pl.col("pid").is_in(pids.implode()))

    first = pl.lit(dt.date.min)
    for kind, day in (since or {}).items():
        first = pl.when(pl.col("kind") == kind).then(pl.lit(day)).otherwise(first)
    found = (
        edges.lazy()
        .select("_r", "pid", "start", "end", first.alias("_first"))
        .join(_beside(edges, seen, pl.col("start") - one, "backward", "_prev"), on="_r")
        .join(_beside(edges, seen, pl.col("end") + one, "forward", "_next"), on="_r")
        .join(gaps.lazy(), on="pid")
        .filter(
            (pl.col("_g") > pl.col("_prev").fill_null(dt.date.min))
            & (pl.col("_g") >= pl.col("_first"))
            # after a run at the pupil's last possible day: _unmarked_after's days
            & (pl.col("_g") < pl.col("_next").fill_null(pl.col("end") + one))
        )
        .group_by("_r")
        .agg(
            pl.len().cast(pl.Int64).alias("_n"),
            pl.col("_g").sort().alias("_dates"),
        )
        .collect(engine="in-memory")
    )
    if not found.height:
        return none.collect(engine="in-memory")
    return _days_by_run(runs, found, "unmarked_within_days", "unmarked_within")


def _off_roll_within(
    runs: pl.DataFrame,
    marks: pl.DataFrame,
    gaps: pl.DataFrame | None,
    school_days: Iterable[dt.date],
) -> pl.DataFrame:
    """``runs`` with ``off_roll_days`` and ``off_roll_within`` (the dates, sorted): the
    school days strictly inside each run on which the pupil was off the roll: between two
    spells of a pupil list (``gaps``, :attr:`attcli.roll.Compact.gaps`), or marked ``Z``
    at every session of the day (not on roll, DOMAIN.md 1).

    DOMAIN.md 6 puts days not possible for the pupil (``Z`` among them) among those that
    "neither count nor break a run", so five days of ``N``, a week off roll and five more
    are one run of 10 school days on roll: nobody saw the child across it.  But a child
    taken off the roll and put back during unexplained absence is a safeguarding fact of
    its own (the school tells the LA of a deletion and of an admission outside the normal
    times, policies 000 and 003), and nothing by the run said so (docs/decisions.md,
    sweep spells): the check's reason and ``cme`` say the days.  Only the marks of the
    pupils with a run over more than one day are read."""
    none = runs.lazy().with_columns(  # (collected where it is the answer)
        pl.lit(0, pl.Int64).alias("off_roll_days"),
        pl.lit([], pl.List(pl.Date)).alias("off_roll_within"),
    )
    edges = runs.lazy().with_row_index("_r").filter(pl.col("end") > pl.col("start")).collect(engine="in-memory")
    if not edges.height:
        return none.collect(engine="in-memory")
    pids = edges.get_column("pid").unique().implode()
    school = pl.DataFrame({"_d": sorted(set(school_days))}, schema={"_d": pl.Date})
    # the days every mark of the pupil's is Z (a blank or `-` beside it is no mark): of the
    # days with a Z (most often none), those with no other mark
    mine = marks.lazy().filter(pl.col("pid").is_in(pids))
    # (the Categorical compared as it is: cast to text, every row of these pupils' marks
    # was made a string first, 2.2 -> 1.4 ms at 2,000 pupils, 20 -> 12 ms at 20,000)
    z = pl.col("mark") == "Z"
    zed = mine.filter(z).select("pid", pl.col("date").alias("_d")).unique().collect()
    if zed.height:
        zed = zed.join(
            mine.filter(~z & (pl.col("category") != Category.MISSING.value))
            .select("pid", pl.col("date").alias("_d"))
            .join(zed.lazy(), on=["pid", "_d"], how="semi")
            .unique()
            .collect(),
            on=["pid", "_d"], how="anti",
        ).join(school, on="_d", how="semi")  # fmt: skip
    off = [zed]
    if not zed.height and (gaps is None or not gaps.height):  # (no day off roll: no query)
        return none.collect(engine="in-memory")
    if gaps is not None and gaps.height:
        away = gaps.filter(pl.col("pid").is_in(pids))
        if away.height:  # a gap lies strictly between two sessions: its whole days
            day = pl.col("_d").cast(pl.Int32) * 2
            off.append(
                away.join(school, how="cross")
                .filter((day > pl.col("_gfrom")) & (day + 1 < pl.col("_gto")))
                .select(pl.col("pid").cast(zed.schema["pid"]), "_d")
            )
    days = pl.concat(off).unique()
    if not days.height:
        return none.collect(engine="in-memory")
    found = _inside_runs(edges, days.lazy())
    if not found.height:
        return none.collect(engine="in-memory")
    return _days_by_run(runs, found, "off_roll_days", "off_roll_within")


def _inside_runs(edges: pl.DataFrame, days: pl.LazyFrame) -> pl.DataFrame:
    """Each run of ``edges`` (``_r``, ``pid``, ``start``, ``end``) with the pupil's ``days``
    (``pid``, ``_d``) strictly inside it: ``_r``, ``_n`` and ``_dates`` (sorted); a run with
    none has no row (:func:`_off_roll_within`, :func:`_dual_within`)."""
    return (
        edges.lazy()
        .select("_r", "pid", "start", "end")
        .join(days, on="pid")
        .filter((pl.col("_d") > pl.col("start")) & (pl.col("_d") < pl.col("end")))
        .group_by("_r")
        .agg(pl.len().cast(pl.Int64).alias("_n"), pl.col("_d").sort().alias("_dates"))
        .collect(engine="in-memory")
    )


def _dual_within(
    runs: pl.DataFrame, marks: pl.DataFrame, school_days: Iterable[dt.date]
) -> pl.DataFrame:
    """``runs`` with ``dual_within_days`` and ``dual_within`` (the dates, sorted): the
    school days strictly inside each run on which the pupil is marked ``D`` (dual
    registered: at another school) and has no possible session.

    DOMAIN.md 6: such a day neither counts toward a run nor breaks it, so a pupil referral
    unit's pupil at the main school every Tuesday and Thursday and absent (`O`) every other
    day for three weeks has a run of 10 school days from the first Friday, listed rightly;
    but the 6 `D` days inside it are days only the other school can say the child was seen
    (docs/decisions.md, sweep blind6).  Only the marks of pupils with a run spanning more
    school days than it counts are read (most often none)."""
    none = runs.lazy().with_columns(  # (collected where it is the answer)
        pl.lit(0, pl.Int64).alias("dual_within_days"),
        pl.lit([], pl.List(pl.Date)).alias("dual_within"),
    )
    school = pl.Series("_d", sorted(set(school_days)), dtype=pl.Date)
    if not runs.height or not len(school):
        return none.collect(engine="in-memory")
    span = school.search_sorted(runs.get_column("end"), side="right") - school.search_sorted(
        runs.get_column("start"), side="left"
    )
    edges = runs.with_row_index("_r").filter(span.cast(pl.Int64) > runs.get_column("days"))
    if not edges.height:
        return none.collect(engine="in-memory")
    mine = marks.lazy().filter(pl.col("pid").is_in(edges.get_column("pid").unique().implode()))
    seen = mine.filter(
        ~pl.col("category").is_in([Category.NOT_POSSIBLE.value, Category.MISSING.value])
    ).select("pid", pl.col("date").alias("_d"))
    found = _inside_runs(
        edges,
        mine.filter(pl.col("mark") == "D")  # (the Categorical as it is: no text a row)
        .select("pid", pl.col("date").alias("_d"))
        .unique()
        .join(seen, on=["pid", "_d"], how="anti")
        .join(school.to_frame().lazy(), on="_d", how="semi"),
    )
    if not found.height:
        return none.collect(engine="in-memory")
    return _days_by_run(runs, found, "dual_within_days", "dual_within")


def _days_by_run(runs: pl.DataFrame, found: pl.DataFrame, days: str, dates: str) -> pl.DataFrame:
    """``runs`` with the columns ``days`` and ``dates`` of ``found`` (by the run's row
    number ``_r``: ``_n`` days, ``_dates`` sorted), 0 and an empty list for a run not in
    it: the days inside each run :func:`_unmarked_within` and :func:`_off_roll_within`
    find."""
    return (
        runs.lazy()
        .with_row_index("_r")
        .join(found.lazy(), on="_r", how="left")
        .with_columns(
            pl.col("_n").fill_null(0).alias(days),
            pl.col("_dates").fill_null(pl.lit([], pl.List(pl.Date))).alias(dates),
        )
        .drop("_r", "_n", "_dates")
        .collect(engine="in-memory")
    )


def _not_possible_after(
    runs: pl.DataFrame,
    marks: pl.DataFrame,
    as_of: dt.date,
    school_days: Iterable[dt.date],
) -> pl.DataFrame:
    """``runs`` with ``not_possible_days`` and ``not_possible_codes``: for a run of
    unexplained absence at the pupil's last possible day up to ``as_of`` (the current run,
    or the one they left the roll after), the school days after it up to ``as_of`` on which
    the pupil has a mark not possible for them (``D``, ``X``, ``Q``, ``Y1``..``Y7``; ``Z``,
    not on roll, only after a run still current: a pupil list's dates keep them on roll)
    and the codes of those marks, sorted; 0 and an empty list for every other run.

    DOMAIN.md 6: such days neither count toward nor break a run, so a child marked ``D``
    (at another school) for two weeks after ten days of ``N`` is still "absent" at ten days;
    the check's reason and ``cme`` say the days (docs/decisions.md, sweep edges).  Only the
    marks of the pupils with such a run ending before the last school day up to ``as_of``
    are read (most often none)."""
    upto = [d for d in school_days if d <= as_of]
    at_end = pl.col("kind").is_in(_AT_END_KINDS) & (pl.col("end") == pl.col("last_possible"))
    none = runs.lazy().with_columns(  # (collected where it is the answer: issue 15)
        pl.lit(0, pl.Int64).alias("not_possible_days"),
        pl.lit([], pl.List(pl.Utf8)).alias("not_possible_codes"),
    )
    # (Z too after a run still current: a pupil list keeps the pupil on roll through days
    # the register marks them not on roll, and nothing said so; after a leaver's run, Z is
    # the leaving itself: docs/decisions.md, sweep spells)
    ends = (
        runs.lazy()
        .filter(at_end & (pl.col("end") < upto[-1]) if upto else pl.lit(False))
        .select("pid", pl.col("end").alias("_end"), pl.col("current").alias("_cur"))
        .collect(engine="in-memory")
    )
    if not ends.height:
        return none.collect(engine="in-memory")
    school = pl.Series([d for d in upto], dtype=pl.Date)
    after = (
        marks.lazy()
        .filter(
            pl.col("pid").is_in(ends.get_column("pid").implode())
            & (pl.col("category") == Category.NOT_POSSIBLE.value)
            & pl.col("date").is_in(school.implode())
        )
        .select("pid", "date", "mark")
        .join(ends.lazy(), on="pid")
        .filter((pl.col("date") > pl.col("_end")) & ((pl.col("mark") != "Z") | pl.col("_cur")))
        .group_by("pid", "_end")
        .agg(
            pl.col("date").n_unique().cast(pl.Int64).alias("_np"),
            pl.col("mark").cast(pl.Utf8).unique().sort().alias("_np_codes"),
        )
        .collect(engine="in-memory")
    )
    if not after.height:
        return none.collect(engine="in-memory")
    found = runs.lazy().join(
        after.lazy().rename({"_end": "end"}), on=["pid", "end"], how="left"
    ).with_columns(hit=at_end & pl.col("_np").is_not_null())
    return found.with_columns(
        pl.when("hit").then(pl.col("_np")).otherwise(0).cast(pl.Int64).alias("not_possible_days"),
        pl.when("hit")
        .then(pl.col("_np_codes"))
        .otherwise(pl.lit([], pl.List(pl.Utf8)))
        .alias("not_possible_codes"),
    ).drop("_np", "_np_codes", "hit").collect(engine="in-memory")


def _runs(
    days: pl.DataFrame | pl.LazyFrame,
    kinds: dict[str, tuple[str, ...]],
    since: Mapping[str, dt.date] | None = None,
) -> pl.DataFrame:
    """Runs of school days on which every possible session has one of a kind's codes.

    ``days``: each pupil's days with a possible session up to the as-of date (see
    :class:`Prepared`), with per kind the flag ``_c_KIND`` (every possible session of the
    day is of its codes), the run number ``_run_KIND`` and the day's codes ``_codes_KIND``
    (their bits, :func:`_bits`).
    DOMAIN.md 6: a day with no possible session for the pupil neither counts nor breaks a
    run.  ``current``: the run reaches the pupil's last such day.  ``since``: a kind's
    first day counted: a run of it going on then is cut there (its days from then on),
    one over before it is none (sickness: the school year's, DOMAIN.md 7).
    """
    since = since or {}
    lazy = days.lazy()
    last_day = lazy.group_by("pid").agg(pl.col("date").max().alias("_last"))
    parts = []
    for kind in kinds:
        # (a sickness day of C2 alone: its run number is its neighbours', skipped here)
        counted = pl.col(f"_c_{kind}") & beside_only(kind, kinds[kind]).not_()
        if kind in since:
            counted = counted & (pl.col("date") >= since[kind])
        parts.append(
            lazy.filter(counted)
            .group_by("pid", pl.col(f"_run_{kind}").alias("_run"))
            .agg(
                pl.col("date").min().alias("start"),
                pl.col("date").max().alias("end"),
                pl.len().cast(pl.Int64).alias("days"),
                pl.col(f"_codes_{kind}").bitwise_or().alias("_mask"),
            )
            .join(last_day, on="pid")
            .with_columns(
                pl.lit(kind).alias("kind"),
                (pl.col("end") == pl.col("_last")).alias("current"),
            )
            .select(
                "pid", "kind", "start", "end", "days", "_mask", "current",
                pl.col("_last").alias("last_possible"),
            )
        )
    out = []
    for codes, part in zip(kinds.values(), pl.collect_all(parts), strict=True):
        # the codes of each run: the bits of its days' codes (see _bits), as a sorted list
        bits = _bits(codes)
        masks = part.get_column("_mask").unique().to_list()
        table = pl.DataFrame(
            {"_mask": masks, "codes": [sorted(c for c, b in bits.items() if m & b) for m in masks]},
            schema={"_mask": pl.UInt32, "codes": pl.List(pl.Utf8)},
        )
        out.append(
            part.lazy().join(table.lazy(), on="_mask", how="left").select(
                "pid", "kind", "start", "end", "days", "codes", "current", "last_possible"
            )
        )
    return pl.concat(out).collect(engine="in-memory")  # (one query for every kind's: issue 15)
