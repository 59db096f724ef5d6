"""The rules of DOMAIN.md sections 2 to 7, as Polars expressions over the canonical register.

:func:`evaluate` returns an :class:`Evaluation`: one row per pupil with every
measure and flag, and the evidence behind each flag (which sessions, which
window, which run).  Thresholds are compared on exact integers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from attcli.calendar import (
    Calendar,
    academic_year_start,
    compulsory_school_age_window,
    possible_expr,
)
from attcli.codes import Category
from attcli.config import Band, Config, HalfTerm
from attcli.errors import AttcliError
from attcli.register import year_order

ATTENDED = (Category.PRESENT.value, Category.APPROVED.value)
PUPIL_KEY = ["school", "upn"]
PUPIL_ATTRS = ["surname", "forename", "dob", "year_group", "reg_group"]


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
    "on_roll",
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
    register: pl.DataFrame,
    config: Config,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
) -> Evaluation:
    """Apply every rule to ``register`` as of ``as_of`` (default: the last date in the data)."""
    if register.height == 0:
        raise AttcliError("the register is empty: no sessions to check")
    reg = register.with_columns(pl.col("school").fill_null(""))
    last = reg.get_column("date").max()
    assert isinstance(last, dt.date)
    as_of = as_of or last
    start = period_start or academic_year_start(as_of)
    first = reg.get_column("date").min()
    assert isinstance(first, dt.date)
    if as_of < first:
        raise AttcliError(
            f"--as-of {as_of.isoformat()} is before the first date in the data "
            f"({first.isoformat()})"
        )
    schools = reg.get_column("school").unique().sort().to_list()
    parts = [
        _evaluate_school(reg.filter(pl.col("school") == s), config, as_of, start) for s in schools
    ]
    ev = parts[0]
    if len(parts) > 1:
        ev.pupils = pl.concat([p.pupils for p in parts], how="vertical_relaxed")
        ev.runs = pl.concat([p.runs for p in parts], how="vertical_relaxed")
        ev.pn_sessions = pl.concat([p.pn_sessions for p in parts], how="vertical_relaxed")
        ev.late_sessions = pl.concat([p.late_sessions for p in parts], how="vertical_relaxed")
    return ev


def _evaluate_school(
    reg: pl.DataFrame, config: Config, as_of: dt.date, start: dt.date
) -> Evaluation:
    cal = Calendar.from_register(reg, config)
    upto = reg.filter(pl.col("date") <= as_of)
    period = upto.filter(pl.col("date") >= start)
    lazy = period.lazy()
    # "on roll" is judged on the last school day up to the as-of date: a later date with
    # no possible session for anyone (only D, Z, # ... rows) is not a school day, and a
    # pupil without a row on it has not left (decisions: Calendar).  With no school day
    # in the period yet, every listed pupil's last row is after it: only the mark decides.
    roll_day = max((d for d in cal.school_days if d <= as_of), default=start)

    # ---- who: pupils with any session on roll in the period; attributes from their last row
    pupils = (
        lazy.sort("date", "session")
        .group_by(PUPIL_KEY, maintain_order=True)
        .agg(
            *[pl.col(c).drop_nulls().last().alias(c) for c in PUPIL_ATTRS],
            *_counts(),
            (pl.col("mark") != "-").any().alias("_any_on_roll"),
            pl.col("mark").last().alias("_last_mark"),
            pl.col("date").last().alias("_last_date"),
        )
        .filter(pl.col("_any_on_roll"))
        .with_columns(
            (
                ~pl.col("_last_mark").is_in(["-", "Z"])
                & (pl.col("_last_date") >= pl.lit(roll_day, pl.Date))
            ).alias("on_roll")
        )
        .drop("_any_on_roll", "_last_mark", "_last_date")
        .collect()
    )

    # ---- year to date and half term
    pupils = pupils.with_columns(
        pct_expr(pl.col("attended"), pl.col("possible")).alias("attendance_pct"),
        band_expr(
            pl.col("attended"), pl.col("possible"), config.bands, config.min_possible_sessions
        ).alias("band"),
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

    # ---- sessions the pupil can still miss this year and stay in band
    remaining = cal.remaining_sessions(as_of, config)
    by_name = {b.name: i for i, b in enumerate(config.bands)}
    miss, nxt = [], []
    for a, p, b in pupils.select("attended", "possible", "band").iter_rows():
        if b is None:
            miss.append(None)
            nxt.append(None)
            continue
        i = by_name[b]
        band = config.bands[i]
        miss.append(can_miss(a, p, remaining, band))
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
    pupils, pn_sessions = _penalty_notice(upto, pupils, cal, config, as_of, start)

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
    cur = runs.filter(pl.col("current") & (pl.col("kind") == "unexplained")).select(
        *PUPIL_KEY,
        pl.col("days").alias("continuous_absence_days"),
        pl.col("start").alias("continuous_absence_start"),
    )
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
        .join(longest, on=PUPIL_KEY, how="left")
        .join(last_att, on=PUPIL_KEY, how="left")
        .join(sick, on=PUPIL_KEY, how="left")
        .with_columns(
            pl.col(
                "continuous_absence_days",
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
    for c in (
        "possible",
        "attended",
        "authorised",
        "unauthorised",
        "ht_possible",
        "ht_attended",
        "ht_authorised",
        "ht_unauthorised",
    ):
        pupils = pupils.with_columns(pl.col(c).cast(pl.Int64))
    pupils = pupils.sort(year_order(), "reg_group", "surname", "forename", "upn", nulls_last=True)
    pupils = pupils.select("school", *PUPIL_FIELDS)
    return Evaluation(
        as_of=as_of,
        period_start=start,
        period_end=as_of,
        half_term=ht,
        calendar=cal,
        config=config,
        pupils=pupils,
        runs=runs,
        pn_sessions=pn_sessions,
        late_sessions=late_sessions,
    )


def _penalty_notice(
    upto: pl.DataFrame,
    pupils: pl.DataFrame,
    cal: Calendar,
    config: Config,
    as_of: dt.date,
    start: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Unauthorised sessions in a rolling window of ``pn_weeks`` school weeks (DOMAIN.md 5).

    The window ending at date d holds the school week of d and the ``pn_weeks - 1``
    school weeks before it (holiday weeks are not school weeks), up to d itself.
    """
    weeks = pl.DataFrame(
        {"_week": list(cal.school_weeks)}, schema={"_week": pl.Date}
    ).with_row_index("_w")
    events = (
        upto.filter(pl.col("mark").is_in(config.pn_codes))
        .select(*PUPIL_KEY, "date", "session", "mark")
        .with_columns(pl.col("date").dt.truncate("1w").alias("_week"))
        .join(weeks, on="_week", how="left")
        .sort(*PUPIL_KEY, "date", "session")
    )
    if events.get_column("_w").null_count():
        raise AssertionError("an unauthorised session outside every school week")  # cannot happen
    span = config.pn_weeks
    # count in the window ending at each event = events in weeks [w - span + 1, w] up to the event
    events = events.with_columns(pl.col("_w").cast(pl.Int64))
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
    # A window already met when the period opens (sessions carried over from the last
    # school year) is met on the period's first school day.
    first_day = next((d for d in cal.school_days if d >= start), None)
    if first_day is not None:
        w0 = cal.week_index(first_day)
        carried = (
            events.filter((pl.col("_w") >= w0 - span + 1) & (pl.col("date") < first_day))
            .group_by(PUPIL_KEY)
            .agg(pl.len().alias("_n"))
            .filter(pl.col("_n") >= config.pn_sessions)
            .select(*PUPIL_KEY, pl.lit(first_day).alias("_carried"))
        )
        first_met = first_met.join(carried, on=PUPIL_KEY, how="full", coalesce=True).select(
            *PUPIL_KEY, pl.coalesce("_carried", "pn_first_met").alias("pn_first_met")
        )
    w_asof = cal.week_index(as_of)
    w_from = max(0, w_asof - span + 1)
    # no school week up to the as-of date (e.g. as of an INSET day before term): empty window
    window_start = cal.school_weeks[w_from] if w_asof >= 0 else as_of
    window = events.filter((pl.col("_w") >= w_from) & (pl.col("date") <= as_of))
    counts = window.group_by(PUPIL_KEY).agg(pl.len().cast(pl.Int64).alias("pn_window_sessions"))
    out = (
        pupils.join(first_met, on=PUPIL_KEY, how="left")
        .join(counts, on=PUPIL_KEY, how="left")
        .with_columns(
            pl.col("pn_window_sessions").fill_null(0),
            pl.lit(window_start).alias("pn_window_start"),
            pl.lit(as_of).alias("pn_window_end"),
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
