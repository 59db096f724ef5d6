"""The rules of DOMAIN.md sections 2 to 7, as Polars expressions over the canonical register.

:func:`evaluate` returns an :class:`Evaluation`: one row per pupil with every
measure and flag, and the evidence behind each flag (which sessions, which
window, which run).  Thresholds are compared on exact integers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from attcli import coverage as cov
from attcli import quality
from attcli.calendar import (
    Calendar,
    academic_year_start,
    compulsory_school_age_window,
    possible_expr,
)
from attcli.codes import Category
from attcli.config import Band, Config, HalfTerm
from attcli.errors import AttcliError
from attcli.register import SESSION_DTYPE, Roll, resolve_roll, year_order

ATTENDED = (Category.PRESENT.value, Category.APPROVED.value)
PUPIL_KEY = ["school", "upn"]
PUPIL_ATTRS = ["surname", "forename", "dob", "year_group", "reg_group"]
#: The national penalty-notice framework began on 19 August 2024 (DOMAIN.md 5): no
#: session before it counts toward the threshold.
PN_FRAMEWORK_START = dt.date(2024, 8, 19)


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
    #: the register the rules read (:func:`attcli.register.resolve_roll`): missing rows
    #: filled in as missing marks, blank cells outside the time on roll dropped
    register: pl.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)


#: The JSON/CSV contract, in order.
PUPIL_FIELDS = [
    "upn", "surname", "forename", "year_group", "reg_group", "dob",
    "possible", "attended", "authorised", "unauthorised", "attendance_pct", "band",
    "ht_possible", "ht_attended", "ht_authorised", "ht_unauthorised", "ht_attendance_pct",
    "can_miss_sessions", "next_band",
    "lates_half_term", "lates_flag",
    "pn_threshold_met", "pn_first_met", "pn_window_start", "pn_window_end",
    "pn_window_sessions", "compulsory_school_age",
    "continuous_absence_days", "continuous_absence_start", "longest_absence_days",
    "last_attended",
    "sickness_sessions", "sickness_longest_days", "sickness_flag",
    "on_roll", "left_on", "left_after_absence_days", "missing_marks",
]  # fmt: skip


def band_expr(
    attended: pl.Expr, possible: pl.Expr, bands: tuple[Band, ...], minimum: int
) -> pl.Expr:
    """The band name, comparing attended/possible with each threshold on exact integers."""
    expr = pl.when(possible < minimum).then(pl.lit(None, pl.Utf8))
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


def can_miss(attended: int, possible: int, remaining: int, band: Band) -> int | None:
    """Most sessions of the ``remaining`` ones the pupil can miss and still end the year in ``band``."""
    if band.threshold is None:
        return None
    a, p = attended + remaining, possible + remaining
    n, d = band.threshold.numerator, band.threshold.denominator
    # need (a - k) * 100 d  >= n p   (inclusive)   or  > n p  (exclusive)
    bound = n * p
    scale = 100 * d
    if band.inclusive:
        k = a - -(-bound // scale)  # a - ceil(bound/scale)
    else:
        k = a - (bound // scale + 1)
    return max(0, min(remaining, k))


def _counts(prefix: str = "") -> list[pl.Expr]:
    cat = pl.col("category")
    return [
        possible_expr().sum().alias(f"{prefix}possible"),
        cat.is_in(ATTENDED).sum().alias(f"{prefix}attended"),
        (cat == Category.AUTHORISED.value).sum().alias(f"{prefix}authorised"),
        (cat == Category.UNAUTHORISED.value).sum().alias(f"{prefix}unauthorised"),
    ]


def evaluate(
    register: pl.DataFrame | Roll,
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
    pupil's time on roll first (:func:`attcli.register.resolve_roll`, with the joining
    and leaving dates of ``roll_dates`` where a pupil list gives them); a :class:`Roll`
    already resolved is used as it is.
    """
    roll = register if isinstance(register, Roll) else resolve_roll(register, roll_dates)
    reg = roll.register
    if reg.height == 0:
        raise AttcliError("the register is empty: no sessions to check")
    reg = reg.with_columns(pl.col("school").fill_null(""))
    last = reg.get_column("date").max()
    assert isinstance(last, dt.date)
    as_of = as_of or last
    explicit = period_start is not None
    start = period_start or academic_year_start(as_of)
    first = reg.get_column("date").min()
    assert isinstance(first, dt.date)
    if as_of < first:
        raise AttcliError(
            f"--as-of {as_of.isoformat()} is before the first date in the data "
            f"({first.isoformat()})"
        )
    if explicit and start > as_of:
        raise AttcliError(
            f"--from {start.isoformat()} is after the as-of date {as_of.isoformat()}"
        )
    covered = pl.DataFrame(
        list(pn_covered),
        schema={"upn": pl.Utf8, "date": pl.Date, "session": pl.Utf8},
        orient="row",
    ).with_columns(pl.col("session").cast(SESSION_DTYPE))
    schools = reg.get_column("school").unique().sort().to_list()
    parts = [
        _evaluate_school(
            reg.filter(pl.col("school") == s), roll, s, config, as_of, start, explicit, covered
        )
        for s in schools
    ]
    ev = parts[0]
    if len(parts) > 1:
        ev.pupils = pl.concat([p.pupils for p in parts], how="vertical_relaxed")
        ev.runs = pl.concat([p.runs for p in parts], how="vertical_relaxed")
        ev.pn_sessions = pl.concat([p.pn_sessions for p in parts], how="vertical_relaxed")
        ev.late_sessions = pl.concat([p.late_sessions for p in parts], how="vertical_relaxed")
        ev.data_quality = pl.concat([p.data_quality for p in parts], how="vertical_relaxed")
        ev.coverage = cov.merge([p.coverage for p in parts if p.coverage], schools)
        ev.period_start = min(p.period_start for p in parts)
        ev.period_end = max(p.period_end for p in parts)
    ev.register = reg
    return ev


def _by_school(frame: pl.DataFrame, school: str) -> pl.DataFrame:
    return frame.filter(pl.col("school").fill_null("") == school)


def _evaluate_school(
    reg: pl.DataFrame,
    roll: Roll,
    school: str,
    config: Config,
    as_of: dt.date,
    start: dt.date,
    explicit: bool,
    covered: pl.DataFrame,
) -> Evaluation:
    stray = _by_school(roll.stray_days, school)
    stray_days = stray.get_column("date").to_list()
    cal = Calendar.from_register(reg, config, stray_days)
    holiday_days = cov.check_term_dates(config, as_of, list(cal.school_days), start)
    coverage = cov.coverage(
        config,
        period_start=start,
        as_of=as_of,
        data_dates=set(reg.get_column("date").unique().to_list()),
        explicit=explicit,
    )
    upto = reg.filter(pl.col("date") <= as_of)
    period = upto.filter(pl.col("date") >= start)
    # "on roll" is judged on the last school day up to the as-of date: a later date with
    # no possible session for anyone (only D, Z, # ... rows) is not a school day, and a
    # pupil without a row on it has not left (decisions: Calendar).
    school_days_upto = [d for d in cal.school_days if d <= as_of]
    roll_day = school_days_upto[-1] if school_days_upto else start
    # the data holds no school day between its end and the as-of date that it should:
    # only then can a run still be "current" on the as-of date
    data_reaches = coverage.days_after_data == 0

    # ---- who: pupils whose time on roll meets the period; attributes from their last row
    spans = _by_school(roll.spans, school).with_columns(pl.col("school").fill_null(""))
    listed = spans.filter(
        (pl.col("first") <= as_of) & (pl.col("last").is_null() | (pl.col("last") >= start))
    ).with_columns(
        (pl.col("last").is_null() | (pl.col("last") >= roll_day)).alias("on_roll"),
    ).with_columns(
        pl.when(pl.col("on_roll")).then(None).otherwise(pl.col("last")).alias("left_on")
    )
    attrs = (
        reg.lazy()
        .join(listed.lazy().select(PUPIL_KEY), on=PUPIL_KEY, how="semi")
        .with_columns((pl.col("date") <= as_of).alias("_upto"))
        .sort("_upto", "date", "session")
        .group_by(PUPIL_KEY)
        .agg(*[pl.col(c).drop_nulls().last().alias(c) for c in PUPIL_ATTRS])
    )
    counts = (
        period.lazy()
        .group_by(PUPIL_KEY)
        .agg(
            *_counts(),
            (pl.col("category") == Category.MISSING.value).sum().alias("missing_marks"),
        )
    )
    pupils = (
        listed.lazy()
        .select(*PUPIL_KEY, "on_roll", "left_on")
        .join(attrs, on=PUPIL_KEY, how="left")
        .join(counts, on=PUPIL_KEY, how="left")
        .with_columns(
            pl.col("possible", "attended", "authorised", "unauthorised", "missing_marks")
            .fill_null(0)
            .cast(pl.Int64)
        )
        .collect()
    )

    # ---- year to date and half term
    band = band_expr(
        pl.col("attended"), pl.col("possible"), config.bands, config.min_possible_sessions
    )
    pupils = pupils.with_columns(
        pct_expr(pl.col("attended"), pl.col("possible")).alias("attendance_pct"),
        # no band from a register that does not cover the period (DOMAIN.md 2)
        (band if coverage.covers_period else pl.lit(None, pl.Utf8)).alias("band"),
    )
    ht = cal.half_term_of(as_of)
    if ht is not None:
        ht_frame = (
            period.lazy()
            .filter(pl.col("date").is_between(ht.start, min(ht.end, as_of)))
            .group_by(PUPIL_KEY)
            .agg(*_counts("ht_"))
            .collect()
        )
    else:
        ht_frame = pl.DataFrame(
            schema={
                "school": pl.Utf8,
                "upn": pl.Utf8,
                "ht_possible": pl.UInt32,
                "ht_attended": pl.UInt32,
                "ht_authorised": pl.UInt32,
                "ht_unauthorised": pl.UInt32,
            }
        )
    pupils = (
        pupils.join(ht_frame, on=PUPIL_KEY, how="left")
        .with_columns(pl.col("^ht_.*$").fill_null(0))
        .with_columns(
            pct_expr(pl.col("ht_attended"), pl.col("ht_possible")).alias("ht_attendance_pct")
        )
    )

    # ---- sessions the pupil can still miss this year and stay in band (pupils on roll)
    remaining = cal.remaining_sessions(as_of, config)
    by_name = {b.name: i for i, b in enumerate(config.bands)}
    miss, nxt = [], []
    for a, p, b, here in pupils.select("attended", "possible", "band", "on_roll").iter_rows():
        if b is None or not here:
            miss.append(None)
            nxt.append(None)
            continue
        i = by_name[b]
        band_ = config.bands[i]
        miss.append(can_miss(a, p, remaining, band_))
        nxt.append(config.bands[i + 1].name if i + 1 < len(config.bands) else None)
    pupils = pupils.with_columns(
        pl.Series("can_miss_sessions", miss, dtype=pl.Int64),
        pl.Series("next_band", nxt, dtype=pl.Utf8),
    )

    # ---- lateness in the current half term
    late_sessions = (
        period.filter(
            pl.col("mark").is_in(config.late_codes)
            & (pl.col("date").is_between(ht.start, ht.end) if ht else pl.lit(False))
        )
        .select(*PUPIL_KEY, "date", "session", "mark")
        .sort(*PUPIL_KEY, "date", "session")
    )
    lates = late_sessions.group_by(PUPIL_KEY).agg(pl.len().alias("lates_half_term"))
    pupils = (
        pupils.join(lates, on=PUPIL_KEY, how="left")
        .with_columns(pl.col("lates_half_term").fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("lates_half_term") >= config.lates_threshold).alias("lates_flag"))
    )

    # ---- penalty-notice threshold
    pupils, pn_sessions = _penalty_notice(
        upto, pupils, cal, config, as_of, start, coverage, covered
    )

    # ---- compulsory school age at the as-of date
    csa = []
    for dob in pupils.get_column("dob").to_list():
        if dob is None:
            csa.append(None)
        else:
            s, e = compulsory_school_age_window(dob)
            csa.append(s <= as_of <= e)
    pupils = pupils.with_columns(pl.Series("compulsory_school_age", csa, dtype=pl.Boolean))

    # ---- continuous runs (unexplained absence; sickness) over all data up to as_of
    runs = _runs(upto, {"unexplained": config.cme_codes, "sickness": config.sickness_codes})
    runs = runs.filter(pl.col("end") >= start)
    # a run is current while the pupil is on roll and the data reaches the as-of date; one
    # that reached a leaver's last day on roll ends there: they left after it (DOMAIN.md 6)
    runs = (
        runs.join(pupils.select(*PUPIL_KEY, "on_roll", "left_on"), on=PUPIL_KEY, how="left")
        .with_columns(
            pl.when(pl.col("current") & pl.col("on_roll").fill_null(False).not_())
            .then(pl.col("left_on"))
            .otherwise(None)
            .alias("left_on"),
            (pl.col("current") & pl.col("on_roll").fill_null(False) & pl.lit(data_reaches))
            .alias("current"),
        )
        .drop("on_roll")
    )
    cur = runs.filter(pl.col("current") & (pl.col("kind") == "unexplained")).select(
        *PUPIL_KEY,
        pl.col("days").alias("continuous_absence_days"),
        pl.col("start").alias("continuous_absence_start"),
    )
    left_after = runs.filter(
        pl.col("left_on").is_not_null() & (pl.col("kind") == "unexplained")
    ).select(*PUPIL_KEY, pl.col("days").alias("left_after_absence_days"))
    longest = runs.group_by(PUPIL_KEY).agg(
        pl.col("days").filter(pl.col("kind") == "unexplained").max().alias("longest_absence_days"),
        pl.col("days").filter(pl.col("kind") == "sickness").max().alias("sickness_longest_days"),
    )
    last_att = (
        upto.filter(pl.col("category").is_in(ATTENDED))
        .group_by(PUPIL_KEY)
        .agg(pl.col("date").max().alias("last_attended"))
    )
    sick = (
        period.filter(pl.col("mark").is_in(config.sickness_codes))
        .group_by(PUPIL_KEY)
        .agg(pl.len().alias("sickness_sessions"))
    )
    pupils = (
        pupils.join(cur, on=PUPIL_KEY, how="left")
        .join(left_after, on=PUPIL_KEY, how="left")
        .join(longest, on=PUPIL_KEY, how="left")
        .join(last_att, on=PUPIL_KEY, how="left")
        .join(sick, on=PUPIL_KEY, how="left")
        .with_columns(
            pl.col(
                "continuous_absence_days",
                "left_after_absence_days",
                "longest_absence_days",
                "sickness_sessions",
                "sickness_longest_days",
            )
            .fill_null(0)
            .cast(pl.Int64),
        )
        .with_columns(
            (
                (pl.col("sickness_sessions") >= config.sickness_sessions)
                | (pl.col("sickness_longest_days") >= config.sickness_days)
            ).alias("sickness_flag")
        )
    )
    for c in ("ht_possible", "ht_attended", "ht_authorised", "ht_unauthorised"):
        pupils = pupils.with_columns(pl.col(c).cast(pl.Int64))
    pupils = pupils.sort(year_order(), "reg_group", "surname", "forename", "upn", nulls_last=True)
    pupils = pupils.select("school", *PUPIL_FIELDS)

    dq = quality.data_quality(
        period,
        school_days=cal.school_days,
        as_of=as_of,
        stray_days=stray.filter(pl.col("date").is_between(start, as_of)),
        outside_term=holiday_days,
        unmarked=_by_school(roll.unmarked, school),
        school=school,
    )
    return Evaluation(
        as_of=as_of,
        period_start=coverage.figures_start,
        period_end=coverage.figures_end,
        half_term=ht,
        calendar=cal,
        config=config,
        pupils=pupils,
        runs=runs,
        pn_sessions=pn_sessions,
        late_sessions=late_sessions,
        coverage=coverage,
        data_quality=dq,
    )


def _pn_events(
    upto: pl.DataFrame, pupils: pl.DataFrame, config: Config, covered: pl.DataFrame
) -> pl.DataFrame:
    """The sessions that count toward the penalty-notice threshold (DOMAIN.md 5).

    Unauthorised sessions (``pn_codes``) on or after 19 August 2024, while the pupil was
    of compulsory school age (every one, where no date of birth is known: the check
    says so), that have not already supported a notice on record (``covered``).
    """
    windows = []
    for school, upn, dob in pupils.select(*PUPIL_KEY, "dob").iter_rows():
        if dob is not None:
            first, last = compulsory_school_age_window(dob)
            windows.append((school, upn, first, last))
    csa = pl.DataFrame(
        windows,
        schema={"school": pl.Utf8, "upn": pl.Utf8, "_csa_from": pl.Date, "_csa_to": pl.Date},
        orient="row",
    )
    return (
        upto.filter(
            pl.col("mark").is_in(config.pn_codes) & (pl.col("date") >= PN_FRAMEWORK_START)
        )
        .select(*PUPIL_KEY, "date", "session", "mark")
        .join(csa, on=PUPIL_KEY, how="left")
        .filter(
            pl.col("_csa_from").is_null()
            | pl.col("date").is_between(pl.col("_csa_from"), pl.col("_csa_to"))
        )
        .drop("_csa_from", "_csa_to")
        .join(covered, on=["upn", "date", "session"], how="anti")
    )


def _penalty_notice(
    upto: pl.DataFrame,
    pupils: pl.DataFrame,
    cal: Calendar,
    config: Config,
    as_of: dt.date,
    start: dt.date,
    coverage: cov.Coverage,
    covered: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Unauthorised sessions in a rolling window of ``pn_weeks`` school weeks (DOMAIN.md 5).

    The window ending at date d holds the school week of d and the ``pn_weeks - 1``
    school weeks before it (holiday weeks are not school weeks), up to d itself.  On a
    holiday, or before the first school day of a week, the window is the ``pn_weeks``
    school weeks that ended before d: a week is a school week at d when it has a school
    day on or before d.
    """
    weeks = pl.Series("_week", list(cal.school_weeks), dtype=pl.Date)
    events = _pn_events(upto, pupils, config, covered)
    # the school week holding each session; a session on a stray day in a week that is
    # not a school week belongs to the school week before it (-1: before the first)
    events = (
        events.with_columns(
            (
                weeks.search_sorted(events.get_column("date").dt.truncate("1w"), side="right")
                .cast(pl.Int64)
                - 1
            ).alias("_w")
        )
        .sort(*PUPIL_KEY, "date", "session")
    )
    span = config.pn_weeks
    # count in the window ending at each event = events in weeks [w - span + 1, w] up to the event
    events = events.with_columns(
        pl.int_range(pl.len()).over(PUPIL_KEY).alias("_i"),  # 0-based order within the pupil
    )
    before = events.select(*PUPIL_KEY, pl.col("_w").alias("_wb"), pl.col("_i").alias("_ib"))
    # index of the first event in the window: first event with week >= w - span + 1
    firsts = before.group_by(*PUPIL_KEY, "_wb").agg(pl.col("_ib").min()).sort(*PUPIL_KEY, "_wb")
    events = events.with_columns((pl.col("_w") - span + 1).alias("_from")).sort("_from")
    events = (
        events.join_asof(
            firsts.sort("_wb"),
            left_on="_from",
            right_on="_wb",
            by=PUPIL_KEY,
            strategy="forward",
            check_sortedness=False,  # sorted globally on the key just above
        )
        .with_columns((pl.col("_i") - pl.col("_ib") + 1).alias("_count"))
        .sort(*PUPIL_KEY, "date", "session")
    )

    first_met = (
        events.filter((pl.col("_count") >= config.pn_sessions) & (pl.col("date") >= start))
        .group_by(PUPIL_KEY)
        .agg(pl.col("date").min().alias("pn_first_met"))
    )
    # the school week of the as-of date: the last week with a school day on or before it
    upto_days = [d for d in cal.school_days if d <= as_of]
    w_asof = cal.week_index(upto_days[-1]) if upto_days else -1
    # A window already met when the period opens (sessions carried over from the last
    # school year) is met on the period's first school day, or on the period's first
    # day when no school day of it has come by the as-of date.
    first_day = next((d for d in cal.school_days if start <= d <= as_of), None)
    w0 = cal.week_index(first_day) if first_day is not None else w_asof
    carried_on = first_day if first_day is not None else start
    if w0 >= 0:
        carried = (
            events.filter((pl.col("_w") >= w0 - span + 1) & (pl.col("date") < carried_on))
            .group_by(PUPIL_KEY)
            .agg(pl.len().alias("_n"))
            .filter(pl.col("_n") >= config.pn_sessions)
            .select(*PUPIL_KEY, pl.lit(carried_on).alias("_carried"))
        )
        first_met = first_met.join(carried, on=PUPIL_KEY, how="full", coalesce=True).select(
            *PUPIL_KEY, pl.coalesce("_carried", "pn_first_met").alias("pn_first_met")
        )
    w_from = max(0, w_asof - span + 1)
    # no school week up to the as-of date (e.g. as of an INSET day before term): empty window
    window_start = cal.school_weeks[w_from] if w_asof >= 0 else as_of
    window_end = min(as_of, coverage.data_end)
    if w_asof < 0:
        window_start = window_end
    window = events.filter(
        (pl.col("_w") >= w_from) & (pl.col("_w") <= w_asof) & (pl.col("date") <= as_of)
    )
    counts = window.group_by(PUPIL_KEY).agg(pl.len().cast(pl.Int64).alias("pn_window_sessions"))
    out = (
        pupils.join(first_met, on=PUPIL_KEY, how="left")
        .join(counts, on=PUPIL_KEY, how="left")
        .with_columns(
            pl.col("pn_window_sessions").fill_null(0),
            pl.lit(window_start).alias("pn_window_start"),
            pl.lit(window_end).alias("pn_window_end"),
        )
        .with_columns(
            (pl.col("pn_window_sessions") >= config.pn_sessions).alias("pn_threshold_met")
        )
    )
    evidence = window.select(*PUPIL_KEY, "date", "session", "mark")
    return out, evidence


def _runs(upto: pl.DataFrame, kinds: dict[str, tuple[str, ...]]) -> pl.DataFrame:
    """Runs of school days on which every possible session has one of a kind's codes.

    DOMAIN.md 6: a day with no possible session for the pupil neither counts nor
    breaks a run. ``kinds`` maps a run kind ("unexplained", "sickness") to its
    codes; the pupil-days are grouped once for all kinds.
    """
    possible = upto.lazy().filter(possible_expr())
    days = (
        possible.group_by(*PUPIL_KEY, "date")
        .agg(*[pl.col("mark").is_in(c).all().alias(f"_c_{k}") for k, c in kinds.items()])
        .sort(*PUPIL_KEY, "date")
        .collect()
        .lazy()
    )
    last_day = days.group_by(PUPIL_KEY).agg(pl.col("date").max().alias("_last"))
    parts = []
    for kind, codes in kinds.items():
        flag = pl.col(f"_c_{kind}")
        counting = days.with_columns((~flag).cum_sum().over(PUPIL_KEY).alias("_run")).filter(flag)
        # the codes of each run, from the (few) sessions with those codes
        run_codes = (
            possible.filter(pl.col("mark").is_in(codes))
            .select(*PUPIL_KEY, "date", "mark")
            .join(counting.select(*PUPIL_KEY, "date", "_run"), on=[*PUPIL_KEY, "date"])
            .group_by(*PUPIL_KEY, "_run")
            .agg(pl.col("mark").unique().sort().alias("codes"))
        )
        parts.append(
            counting.group_by(*PUPIL_KEY, "_run")
            .agg(
                pl.col("date").min().alias("start"),
                pl.col("date").max().alias("end"),
                pl.len().cast(pl.Int64).alias("days"),
            )
            .join(run_codes, on=[*PUPIL_KEY, "_run"], how="left")
            .join(last_day, on=PUPIL_KEY)
            .with_columns(
                pl.lit(kind).alias("kind"),
                (pl.col("end") == pl.col("_last")).alias("current"),
            )
            .select(*PUPIL_KEY, "kind", "start", "end", "days", "codes", "current")
        )
    return pl.concat(pl.collect_all(parts)).sort(*PUPIL_KEY, "kind", "start")
