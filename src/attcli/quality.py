"""What in the register needs fixing (DOMAIN.md 12): the data-quality list.

Every problem is a row of :data:`QUALITY_SCHEMA`: ``kind``, ``school``, ``upn``,
``date``, ``session`` and ``detail``.  Kinds:

- ``stale_n``: an ``N`` (reason not yet established) older than 5 school days at
  the as-of date; seed 000: a code must be entered within 5 working days.
- ``n_unmarked``: an ``N`` on record in the last run (its snapshot, docs/cases.md) with
  no mark in this run's register (no row, a blank cell, ``-``): only ``check`` lists it,
  in place of the session's ``missing_mark`` or ``missing_row``.
- ``missing_mark``: SIMS's ``-`` (no mark recorded), or a blank cell inside the
  pupil's time on roll.
- ``missing_row``: no row at all for a session the school took registers on,
  inside the pupil's time on roll.
- ``stray_day``: a day only a handful of the pupils on roll have marks on; it is
  not taken as a school day (no missing rows for everyone else), the marks on it
  still count for their pupils.
- ``missing_session``: a session (AM or PM) of a school day with no register: the
  school had the day's other session, and no pupil (or only a handful, the stray-day
  measure) has a mark for this one.  Every pupil on roll lost a possible session; one
  item for the session, not a missing row per pupil (the session is the problem).
- ``outside_term``: a school day in the register that the config's term dates
  put in a holiday.
- ``holiday_marks``: a day the config's term dates put in a holiday on which half of
  the pupils on roll or fewer have marks (a holiday club, a trip): not a school day,
  and its marks are not counted.
- ``no_marks``: a pupil in an export with no mark at all (only blank cells).
- ``outside_roll``: a mark written before the joining date or after the leaving date
  a pupil list gives: outside the time on roll, so not counted (DOMAIN.md 1).

:func:`summary_lines` groups what repeats (the same sessions missing for many
pupils, a part-time timetable) so it reads as one line each.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import polars as pl

from attcli.codes import MISSING_MARK
from attcli.config import STALE_N_DAYS  # the default of [thresholds] n_within_days
from attcli.names import pupil_name
from attcli.percent import first_of

if TYPE_CHECKING:
    from attcli.engine import Evaluation

#: A stray day's item names this many of the pupils whose marks are on it, then how many
#: more (a handful, by the stray-day share: the office checks the date of their marks).
STRAY_NAMED = 5
#: What a stray day's item says to check, after the pupils it names.
STRAY_ADVICE = "check their date in the MIS, a mistyped date or a register opened on a holiday"

#: What fixes a session with no register (``missing_session``), said with each: the
#: register may be in the MIS and not in the export, or the school was closed.
NO_REGISTER_ADVICE = "export its register, or record # in the MIS if the school was closed"
#: The same for several sessions (the data-quality table's one line for many).
NO_REGISTER_ADVICE_MANY = (
    "export their registers, or record # in the MIS if the school was closed"
)

#: What a run followed by school days with no mark for the pupil up to the as-of date says
#: (the run's ``unmarked_days`` and ``last_marked``, :func:`attcli.engine._unmarked_after`):
#: the check's absence reason (and so the pupil record) and ``cme``'s line under its
#: table (docs/decisions.md, "A run followed by days with no mark").
NO_MARK_SINCE = (
    "no mark since {} ({} school {} with no register for this pupil: find out where the "
    "child is)"
)


def no_mark_since(last_marked: dt.date, days: int) -> str:
    """:data:`NO_MARK_SINCE` of a run: "no mark since 13/10/2026 (12 school days ...)"."""
    return NO_MARK_SINCE.format(
        f"{last_marked:%d/%m/%Y}", days, "day" if days == 1 else "days"
    )


#: A run of unexplained absence followed by school days on which the pupil's marks are all
#: not possible (the run's ``not_possible_days`` and ``not_possible_codes``,
#: :func:`attcli.engine._not_possible_after`): the codes, the days, the run's last day.
NOT_POSSIBLE_SINCE = (
    "marked {} (not possible for the pupil) on the {} school {} since {}: they neither count "
    "toward the run nor break it, so check the child is where those marks say"
)


#: :data:`NOT_POSSIBLE_SINCE` where every such mark is ``Z`` (not on roll) after a run
#: still current: the dates given (a pupil list) keep the pupil on roll, the register
#: says they left it (docs/decisions.md, sweep spells): the days, the run's last day
NOT_ON_ROLL_SINCE = (
    "marked Z (not on roll) on the {} school {} since {}, though still on roll by the dates "
    "given: they neither count toward the run nor break it, so find out whether the child "
    "left the roll (then check the deletion was lawful and the LA was told) or the marks "
    "are wrong"
)


def not_possible_since(codes: list[str], days: int, end: dt.date) -> str:
    """:data:`NOT_POSSIBLE_SINCE` of a run: "marked D (not possible ...) on the 10 school
    days since 13/11/2026: ..." (:data:`NOT_ON_ROLL_SINCE` of ``Z`` alone)."""
    word = "day" if days == 1 else "days"
    if list(codes) == ["Z"]:
        return NOT_ON_ROLL_SINCE.format(days, word, f"{end:%d/%m/%Y}")
    return NOT_POSSIBLE_SINCE.format(", ".join(codes), days, word, f"{end:%d/%m/%Y}")


def _days_clause_expr(days: pl.Expr, template: str, *values: pl.Expr | None) -> pl.Expr:
    """``template`` formatted with ``values`` on each row, "; " before it; "" where ``days``
    is 0 or null.  A value ``None`` in ``values`` is "day" or "days" by ``days``."""
    word = pl.when(days == 1).then(pl.lit("day")).otherwise(pl.lit("days"))
    text = pl.format(template, *(word if v is None else v for v in values))
    return (
        pl.when(days.fill_null(0) > 0)
        .then(pl.concat_str([pl.lit("; "), text]))
        .otherwise(pl.lit(""))
    )


def not_possible_since_expr(days: pl.Expr, codes: pl.Expr, end: pl.Expr) -> pl.Expr:
    """:func:`not_possible_since` of each row, "; " before it; "" where ``days`` is 0 or
    null (``codes``: the codes joined by ", ")."""
    return (
        pl.when(codes == "Z")
        .then(
            _days_clause_expr(days, NOT_ON_ROLL_SINCE, days, None, end.dt.strftime("%d/%m/%Y"))
        )
        .otherwise(
            _days_clause_expr(
                days, NOT_POSSIBLE_SINCE, codes, days, None, end.dt.strftime("%d/%m/%Y")
            )
        )
    )


def no_mark_since_expr(days: pl.Expr, last_marked: pl.Expr) -> pl.Expr:
    """:func:`no_mark_since` of each row, "; " before it; "" where ``days`` is 0 or null."""
    return _days_clause_expr(
        days, NO_MARK_SINCE, last_marked.dt.strftime("%d/%m/%Y"), days, None
    )


#: the dates of a run's days with no mark for the pupil a line names (the rest counted)
WITHIN_DATES = 5


def unmarked_within_dates_expr(dates: pl.Expr) -> pl.Expr:
    """A run's dates with no mark for the pupil (a list of dates) as a line says them, the
    first :data:`WITHIN_DATES`: "15/09/2026, 17/09/2026, ... and 3 more"."""
    more = dates.list.len().cast(pl.Int64) - WITHIN_DATES
    return pl.concat_str([
        dates.list.head(WITHIN_DATES)
        .list.eval(pl.element().dt.strftime("%d/%m/%Y"))
        .list.join(", "),
        pl.when(more > 0).then(pl.format(" and {} more", more)).otherwise(pl.lit("")),
    ])


def unmarked_within_text(dates: list) -> str:
    """:func:`unmarked_within_dates_expr` of one run's dates."""
    shown = ", ".join(f"{d:%d/%m/%Y}" for d in dates[:WITHIN_DATES])
    more = len(dates) - WITHIN_DATES
    return shown + (f" and {more} more" if more > 0 else "")


#: A run's school days in or next to it with no mark for the pupil: how many, "day" or
#: "days", the dates (:func:`unmarked_within_text`), the days seen and those together
UNMARKED_WITHIN = (
    "{} school {} with no mark for the pupil in or next to this run ({}): neither "
    "counted nor a break, so the run may be {} school days: complete the register in the MIS"
)


def unmarked_within_said(days: int, dates: list, run_days: int) -> str:
    """:data:`UNMARKED_WITHIN` of one run (``cme``'s line by it; the check's reason says it
    so, :func:`unmarked_within_expr`)."""
    return UNMARKED_WITHIN.format(
        days, "day" if days == 1 else "days", unmarked_within_text(dates), run_days + days
    )


def unmarked_within_expr(days: pl.Expr, dates: pl.Expr, run_days: pl.Expr) -> pl.Expr:
    """A run's school days in or next to it with no mark for the pupil (the run's
    ``unmarked_within_days``, ``unmarked_within``: :func:`attcli.engine._unmarked_within`),
    "; " before: "; 1 school day with no mark for the pupil in or next to this run
    (18/09/2026): neither counted nor a break, so the run may be 10 school days: complete
    the register in the MIS"; "" where ``days`` is 0 or null."""
    return _days_clause_expr(
        days, UNMARKED_WITHIN, days, None, unmarked_within_dates_expr(dates), run_days + days
    )


#: A run's school days inside it on which the pupil was off the roll (two spells of a
#: pupil list, or ``Z``): how many, "day" or "days", their dates (:func:`off_roll_dates`).
#: DOMAIN.md 6: they neither count nor break the run; a child taken off the roll and put
#: back during unexplained absence is what the DSL must see (docs/decisions.md, sweep
#: spells)
OFF_ROLL_WITHIN = (
    "off the roll on {} school {} inside this run ({}), neither counted nor a break: "
    "the child left the roll and came back unseen; check the deletion and the readmission "
    "were lawful and the LA was told of both"
)


def off_roll_dates(dates: list) -> str:
    """A run's days off the roll as :data:`OFF_ROLL_WITHIN` says them: "21/09/2026", or
    "between 21/09/2026 and 25/09/2026"."""
    if len(dates) == 1:
        return f"{dates[0]:%d/%m/%Y}"
    return f"between {dates[0]:%d/%m/%Y} and {dates[-1]:%d/%m/%Y}"


def off_roll_spans(dates: Iterable[dt.date], school_days: Sequence[dt.date]) -> str | None:
    """The days off the roll inside a run as the LA's termly register check gives them, to
    match with the deletions and readmissions it was told of, each dated: consecutive
    school days (``school_days``, sorted) one span, "21/09/2026-22/09/2026; 24/09/2026";
    None for none (sweep leftovers16: the file gave a count, which matches nothing)."""
    days = sorted(set(dates))
    if not days:
        return None
    index = {d: i for i, d in enumerate(school_days)}
    spans: list[list[dt.date]] = []
    for d in days:
        last = spans[-1][-1] if spans else None
        if last is not None and d in index and last in index and index[d] == index[last] + 1:
            spans[-1].append(d)
        else:
            spans.append([d])
    return "; ".join(
        f"{s[0]:%d/%m/%Y}" + (f"-{s[-1]:%d/%m/%Y}" if len(s) > 1 else "") for s in spans
    )


def off_roll_within_said(days: int, dates: list) -> str:
    """:data:`OFF_ROLL_WITHIN` of one run (``cme``'s line by it; the check's reason says it
    so, :func:`off_roll_within_expr`)."""
    return OFF_ROLL_WITHIN.format(days, "day" if days == 1 else "days", off_roll_dates(dates))


def off_roll_within_expr(days: pl.Expr, dates: pl.Expr) -> pl.Expr:
    """:func:`off_roll_within_said` of each run (``off_roll_days``, ``off_roll_within``:
    :func:`attcli.engine._off_roll_within`), "; " before it; "" where ``days`` is 0 or
    null."""
    return _days_within_expr(OFF_ROLL_WITHIN, days, dates)


def _days_within_expr(template: str, days: pl.Expr, dates: pl.Expr) -> pl.Expr:
    """``template`` (:data:`OFF_ROLL_WITHIN`, :data:`DUAL_WITHIN`) of each run's days inside
    it: the one date, or "between" the first and the last; "; " before it; "" where
    ``days`` is 0 or null."""
    fmt = "%d/%m/%Y"
    said = (
        pl.when(days == 1)
        .then(dates.list.first().dt.strftime(fmt))
        .otherwise(
            pl.format(
                "between {} and {}",
                dates.list.first().dt.strftime(fmt),
                dates.list.last().dt.strftime(fmt),
            )
        )
    )
    return _days_clause_expr(days, template, days, None, said)


#: The school days strictly inside a run of unexplained absence on which the pupil is
#: marked ``D`` (dual registered: at another school) and has no possible session (the
#: run's ``dual_within_days`` and ``dual_within``, :func:`attcli.engine._dual_within`):
#: DOMAIN.md 6 counts them neither toward the run nor as a break, so a pupil referral unit's
#: pupil absent on every day here is "10 school days since 06/11/2026" over three weeks,
#: and whether the child was at the other school on the rest the register cannot say
#: (sweep blind6).  The check's reason and ``cme``'s line under its table say it.
DUAL_WITHIN = (
    "marked D (dual registered: at another school) on the {} school {} inside this run ({}): "
    "they neither count toward the run nor break it, so check with the other school that "
    "the child was there"
)


def dual_within_said(days: int, dates: list) -> str:
    """:data:`DUAL_WITHIN` of one run (``cme``'s line by it)."""
    return DUAL_WITHIN.format(days, "day" if days == 1 else "days", off_roll_dates(dates))


def dual_within_expr(days: pl.Expr, dates: pl.Expr) -> pl.Expr:
    """:func:`dual_within_said` of each run, "; " before it; "" where ``days`` is 0 or null
    (the check's reason)."""
    return _days_within_expr(DUAL_WITHIN, days, dates)


QUALITY_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "kind": pl.Utf8,
    "school": pl.Utf8,
    "upn": pl.Utf8,
    "date": pl.Date,
    "session": pl.Utf8,
    "detail": pl.Utf8,
}
KINDS = (
    "stale_n", "n_unmarked", "missing_mark", "missing_row", "missing_session", "outside_roll",
    "x_of_age", "stray_day", "outside_term",
    "holiday_marks", "no_marks",
)  # fmt: skip
def stale_words(days: int) -> str:
    """What makes an N stale, in a school allowing ``days`` school days to replace one
    with its reason (``[thresholds] n_within_days``): "older than 5 school days", "older
    than 1 school day", or for 0 (seed 004: the same working day) "not replaced the same
    day"; every text of stale N says it so (the check, letters, the pupil record, the
    trust report)."""
    if days == 0:
        return "not replaced the same day"
    return f"older than {days} school day{'s' if days != 1 else ''}"


TITLES = {
    "stale_n": "N codes {stale} (replace with the reason)",
    "n_unmarked": "N codes of the last recorded check now with no mark (not a correction: find the "
    "reason; a penalty notice may rest on them)",
    "missing_mark": "missing marks (no mark recorded while on roll)",
    "missing_row": "missing rows (no row for a session while on roll)",
    "missing_session": "sessions with no register (nobody, or only a handful, marked)",
    "outside_roll": "marks outside the time on roll the pupil list gives (not counted)",
    "x_of_age": "X (not required to be in school: for a pupil not of compulsory school age) "
    "while the pupil was of compulsory school age (not counted as possible: record where "
    "the child was)",
    "stray_day": "stray days (only a handful of pupils have marks)",
    "outside_term": "school days in a holiday of the configured term dates",
    "holiday_marks": "marks of a few pupils on days the term dates make no school day "
    "(not counted: nothing to fix)",
    "no_marks": "pupils with no mark at all",
}


#: Each kind in a few words, one and many, for a line that counts them (:func:`counts_text`).
SHORT = {
    "stale_n": ("N code {stale}", "N codes {stale}"),
    "n_unmarked": (
        "N of the last recorded check now with no mark",
        "N of the last recorded check now with no mark",
    ),
    "missing_mark": ("missing mark", "missing marks"),
    "missing_row": ("missing row", "missing rows"),
    "missing_session": ("session with no register", "sessions with no register"),
    "outside_roll": ("mark outside the pupil list's time on roll",
                     "marks outside the pupil list's time on roll"),
    "x_of_age": ("X while of compulsory school age", "X while of compulsory school age"),
    "stray_day": ("stray day", "stray days"),
    "outside_term": ("school day in a holiday of the term dates",
                     "school days in a holiday of the term dates"),
    "holiday_marks": ("holiday of the term dates with marks (not counted)",
                      "holidays of the term dates with marks (not counted)"),
    "no_marks": ("pupil with no mark at all", "pupils with no mark at all"),
}  # fmt: skip


def kind_text(kind: str, n_days: int = STALE_N_DAYS) -> str:
    """One problem of ``kind`` in words, as :func:`counts_text` counts it: "N code older
    than 5 school days", "missing mark" (the check's workbook names each row's so)."""
    return SHORT[kind][0].format(stale=stale_words(n_days))


def counts_text(dq: pl.DataFrame, *, n_days: int = STALE_N_DAYS) -> str:
    """How many of each kind ``dq`` holds, in a few words: "337 N codes older than 5
    school days, 1 missing mark" ("" for none).  ``n_days``: the school's
    ``[thresholds] n_within_days``, which the stale N were found by."""
    counts = dict(dq.group_by("kind").len().iter_rows())
    return ", ".join(
        f"{counts[k]:,} {SHORT[k][counts[k] != 1].format(stale=stale_words(n_days))}"
        for k in KINDS
        if k in counts
    )


#: What figures counted from the marks do with the problems (:func:`problems_line`'s
#: ``effect``) ...
COUNTED = "the figures leave out sessions with no mark and count each N as unauthorised"
#: ... and what runs of absence do with them.
IN_RUNS = (
    "a session with no mark neither counts toward nor breaks a run, and each N counts as "
    "unexplained absence"
)


def in_runs(dq: pl.DataFrame) -> str:
    """:data:`IN_RUNS`, and when ``dq`` holds a stray day, what runs do with it: it is no
    school day, so its marks neither count toward nor break a run (DOMAIN.md 6, 12)."""
    if dq.height and dq.filter(pl.col("kind") == "stray_day").height:
        return IN_RUNS + "; a stray day is no school day, so it neither counts toward nor breaks a run"
    return IN_RUNS


def between(start: dt.date, end: dt.date) -> str:
    """A period, for :func:`problems_line`'s ``where``: "from 01/09/2026 to 18/12/2026"."""
    return f"from {start:%d/%m/%Y} to {end:%d/%m/%Y}"


def problems_line(
    dq: pl.DataFrame,
    where: str,
    effect: str,
    when: str = " before sending",
    *,
    n_days: int = STALE_N_DAYS,
    advice: bool = True,
) -> str | None:
    """The problems a command's figures cannot settle, in one line (None: none): ``where``
    ("in the term"), ``effect`` (what the figures do with them), ``when`` to fix them;
    ``n_days`` as :func:`counts_text`'s.  ``advice=False``: the facts alone, for a file
    the local authority reads (the register check's and the LA return's Data row): what
    the school should do before sending is said to the office on the terminal, not to
    the LA in its file (docs/decisions.md, sweep decide11)."""
    dq = problems(dq)
    if not dq.height:
        return None
    facts = f"register problems {where}: {counts_text(dq, n_days=n_days)}; {effect}"
    if not advice:
        return facts
    return f"{facts}: fix them in the MIS (attcli check lists them){when}"


#: Kinds of the list that are said, not problems to fix in the MIS: a holiday club's marks
#: are lawful, and the figures already leave them out.
NOT_PROBLEMS = ("holiday_marks",)


def problems(dq: pl.DataFrame) -> pl.DataFrame:
    """The items of the data-quality list that are problems to fix in the MIS."""
    return dq.filter(~pl.col("kind").is_in(NOT_PROBLEMS)) if dq.height else dq


def n_age(dates: pl.Series, school_days: Iterable[dt.date], as_of: dt.date) -> pl.Series:
    """How old an N of each of ``dates`` is at ``as_of``: the school days after it up to
    ``as_of`` (0 on the day itself), stale above ``[thresholds] n_within_days``.  ``school_days``
    are the register's, whatever school year they fall in: an N of the last days of the
    summer term is 2 school days old on the second day of the autumn term (the summer
    holiday has none), as the penalty-notice window reaches back across it (DOMAIN.md 5).
    """
    days = pl.Series(sorted(school_days), dtype=pl.Date)
    upto = days.search_sorted(as_of, side="right")
    return (upto - days.search_sorted(dates.cast(pl.Date), side="right")).cast(pl.Int64).alias(
        "_age"
    )


#: The detail of a stale N before the period that the penalty-notice window counts
#: (:func:`window_stale_n`), after "N, 6 school days old: "
IN_WINDOW = "counted in the penalty-notice window"


def window_stale_n(
    window: pl.DataFrame,
    *,
    school_days: Iterable[dt.date],
    as_of: dt.date,
    start: dt.date,
    school: str,
    n_days: int = STALE_N_DAYS,
) -> pl.DataFrame:
    """The stale N marks (``stale_n`` items) the penalty-notice window up to ``as_of``
    counts before the period (``start``): the window reaches back across the summer into
    last school year (DOMAIN.md 5), and an N there older than 5 school days is a problem
    to fix before a notice rests on it, as one of the period is (DOMAIN.md 12).  ``window``:
    the window's sessions (school, upn, date, session, mark: the evaluation's
    ``pn_sessions``).  The detail says where they fall: "N, 6 school days old: last school
    year, counted in the penalty-notice window" (or "before the period from dd/mm/yyyy")."""
    if not window.height:  # (no session in any window: no query, issue 15)
        return empty()
    n = window.filter((pl.col("mark") == "N") & (pl.col("date") < start))
    if not n.height:
        return empty()
    from attcli.calendar import academic_year_start

    year_start = academic_year_start(as_of)
    stale = n.with_columns(n_age(n.get_column("date"), school_days, as_of)).filter(
        pl.col("_age") > n_days
    )
    where = (
        pl.when(pl.col("date") < year_start)
        .then(pl.lit("last school year"))
        .otherwise(pl.lit(f"before the period from {start:%d/%m/%Y}"))
    )
    return _items(
        stale,
        pl.lit("stale_n"),
        school,
        pl.format("N, {} school days old: {}, " + IN_WINDOW, "_age", where),
    ).cast(QUALITY_SCHEMA)


#: The columns of :func:`window_n`.
WINDOW_N_SCHEMA = {"school": pl.Utf8, "upn": pl.Utf8, "n": pl.Int64, "fresh": pl.Int64,
                   "earlier": pl.Int64}  # fmt: skip


def window_n(ev: Evaluation) -> pl.DataFrame:
    """The N marks each pupil's penalty-notice window counts (school ("" for none), upn,
    ``n``), of them those not yet stale at the as-of date (``fresh``: still within the
    ``[thresholds] n_within_days`` school days allowed to resolve them, DOMAIN.md 12), and of those
    how many are last school year's (``earlier``): a pupil with none has no row.  Empty
    when N is not one of ``[penalty_notice] codes``.

    The one rule of which of the window's N are not yet resolved, for the letters' hold
    of a penalty-notice warning and the weekly check's penalty-notice reason (docs/
    decisions.md).  The window reaches back across the summer into last school year
    (DOMAIN.md 5), and so does an N's age, counted in the register's school days (the
    summer holiday has none: an N of the summer term's last Friday is 2 school days old
    on the autumn term's second day)."""
    from attcli.calendar import academic_year_start

    empty_ = pl.DataFrame(schema=WINDOW_N_SCHEMA)
    if "N" not in ev.config.pn_codes or not ev.pn_sessions.height:
        return empty_
    n = (
        ev.pn_sessions.lazy()  # (one query, not two: issue 15)
        .filter(pl.col("mark") == "N")
        .with_columns(pl.col("school").fill_null(""))
        .collect(engine="in-memory")
    )
    if not n.height:
        return empty_
    year_start = academic_year_start(ev.as_of)
    parts = []
    for (school,), part in n.group_by("school"):
        # aged in the days the data-quality list ages them (a week no export holds too)
        school_days = ev.n_age_days.get(school)
        if school_days is None:
            cal = ev.prepared.calendars.get(school) if ev.prepared is not None else None
            school_days = (cal or ev.calendar).school_days
        fresh = n_age(part.get_column("date"), school_days, ev.as_of) <= ev.config.n_within_days
        parts.append(
            part.lazy()  # (one query a school: issue 15)
            .with_columns(fresh.alias("_fresh"))
            .group_by("school", "upn")
            .agg(
                pl.len().cast(pl.Int64).alias("n"),
                pl.col("_fresh").sum().cast(pl.Int64).alias("fresh"),
                (pl.col("_fresh") & (pl.col("date") < year_start))
                .sum()
                .cast(pl.Int64)
                .alias("earlier"),
            )
        )
    return (
        pl.concat(parts)
        .cast(WINDOW_N_SCHEMA)  # type: ignore[arg-type]
        .sort("school", "upn")
        .collect(engine="in-memory")
    )


#: The columns of :func:`window_before_age`.
WINDOW_BEFORE_AGE_SCHEMA = {"school": pl.Utf8, "upn": pl.Utf8, "n": pl.Int64,
                            "first": pl.Date, "last": pl.Date, "age_from": pl.Date}  # fmt: skip


def window_before_age(
    ev: Evaluation, who: pl.DataFrame | None = None, codes: Iterable[str] | None = None
) -> pl.DataFrame:
    """The unauthorised sessions (``[penalty_notice] codes``) in each pupil's
    penalty-notice window from before their compulsory school age began: they never count
    toward the threshold (DOMAIN.md 5), but the window holds them, so what is said of the
    window says how many (the evidence pack, the check, the warning letter).  School (""
    for none), upn, ``n``, the ``first`` and ``last`` day of them and ``age_from`` (the
    day the age began); a pupil with none has no row.  Only the windows that straddle the
    start of the age (a Reception child's first weeks of it) read any marks.  ``who``:
    only these pupils (school, upn); ``codes``: only these of the codes."""
    from attcli.calendar import compulsory_school_age_window

    empty_ = pl.DataFrame(schema=WINDOW_BEFORE_AGE_SCHEMA)
    found_windows = _pn_windows(ev, who)
    if found_windows is None:
        return empty_
    windows = found_windows[0].join(
        ev.pupils.select(pl.col("school").fill_null(""), "upn", "dob"), on=["school", "upn"]
    ).filter(pl.col("dob").is_not_null())
    births = windows.get_column("dob").unique().to_list()  # (one look-up a date of birth)
    starts = pl.DataFrame(
        {"dob": births, "age_from": [compulsory_school_age_window(d)[0] for d in births]},
        schema={"dob": pl.Date, "age_from": pl.Date},
    )
    windows = windows.join(starts, on="dob").filter(
        (pl.col("pn_window_start") < pl.col("age_from"))
        & (pl.col("age_from") <= pl.col("pn_window_end"))
    )
    if not windows.height:
        return empty_
    roll = ev.prepared.roll
    keyed = roll.pupils.with_columns(pl.col("school").fill_null("")).join(
        windows, on=["school", "upn"]
    )
    found = (
        roll.marks.lazy()
        .join(keyed.lazy().select("pid", "school", "upn", "pn_window_start", "age_from"), on="pid")
        .filter(
            pl.col("date").is_between(pl.col("pn_window_start"), pl.col("age_from"), closed="left")
            & pl.col("mark").is_in(list(ev.config.pn_codes if codes is None else codes))
        )
        .group_by("school", "upn")
        .agg(
            pl.len().cast(pl.Int64).alias("n"),
            pl.col("date").min().alias("first"),
            pl.col("date").max().alias("last"),
            pl.col("age_from").first(),
        )
        .collect()
    )
    out = found.select(*WINDOW_BEFORE_AGE_SCHEMA).cast(WINDOW_BEFORE_AGE_SCHEMA)  # type: ignore[arg-type]
    return out.sort("school", "upn")


#: The columns of :func:`window_uncounted_n`.
WINDOW_UNCOUNTED_N_SCHEMA = {"school": pl.Utf8, "upn": pl.Utf8, "n": pl.Int64,
                             "sessions": pl.Utf8}  # fmt: skip
#: :func:`window_uncounted_n` names this many sessions, then says how many more
UNCOUNTED_N_SHOWN = 5


def _pn_windows(
    ev: Evaluation, who: pl.DataFrame | None
) -> tuple[pl.DataFrame, dt.date, dt.date] | None:
    """Each pupil's penalty-notice window (school "" for none, upn, ``pn_window_start``,
    ``pn_window_end``), of ``who`` only when given, and the first and last day of them all;
    None when there is none to look in."""
    if ev.prepared is None or "pn_window_start" not in ev.pupils.columns:
        return None
    if who is not None and not who.height:  # (nobody asked of: no query, issue 15)
        return None
    windows = ev.pupils.lazy().select(
        pl.col("school").fill_null(""), "upn", "pn_window_start", "pn_window_end"
    )
    if who is not None:
        windows = windows.join(
            who.lazy().select(pl.col("school").fill_null(""), "upn"),
            on=["school", "upn"],
            how="semi",
        )
    windows = windows.collect(engine="in-memory")  # (one query: issue 15)
    if not windows.height:
        return None
    lo, hi = windows.get_column("pn_window_start").min(), windows.get_column("pn_window_end").max()
    assert isinstance(lo, dt.date) and isinstance(hi, dt.date)
    return windows, lo, hi


def window_uncounted_n(ev: Evaluation, who: pl.DataFrame | None = None) -> pl.DataFrame:
    """The N marks in each pupil's penalty-notice window (``pn_window_start`` to
    ``pn_window_end``) that the window does not count (:func:`window_n` has those it
    counts): before compulsory school age, before 19 August 2024, or a session a notice on
    record used.  They count toward nothing, but the window still holds them, and a local
    authority returns a request whose window holds N (DOMAIN.md 5): the evidence pack
    refuses them (:func:`attcli.evidence.build.incomplete_sessions`), so the weekly check
    says so too.  School ("" for none), upn, ``n`` and the ``sessions`` ("14/12/2026 AM;
    ..."); a pupil with none has no row.  ``who``: only these pupils (school, upn)."""
    empty_ = pl.DataFrame(schema=WINDOW_UNCOUNTED_N_SCHEMA)
    found_windows = _pn_windows(ev, who)
    if found_windows is None:
        return empty_
    windows, lo, hi = found_windows
    roll = ev.prepared.roll
    counted = ev.pn_sessions.select(
        pl.col("school").fill_null(""), "upn", "date", pl.col("session").cast(pl.Utf8)
    )
    found = (
        roll.with_keys(
            roll.marks.lazy()  # (lazy: see Prepared._quality)
            .filter((pl.col("mark") == "N") & pl.col("date").is_between(lo, hi))
            .select("pid", "date", pl.col("session").cast(pl.Utf8))
            .collect()
        )
        .with_columns(pl.col("school").fill_null(""))
        .join(windows, on=["school", "upn"], how="inner")
        .filter(pl.col("date").is_between(pl.col("pn_window_start"), pl.col("pn_window_end")))
        .join(counted, on=["school", "upn", "date", "session"], how="anti")
        .sort("school", "upn", "date", "session")
    )
    from attcli.engine import PN_FRAMEWORK_START

    # (the rows already read, grouped in Python: no query a pupil, issue 15; a filter of
    # each pupil's rows cost 76 queries and 21 ms at 20,000 pupils)
    rows = []
    for (school, upn), part in itertools.groupby(
        found.select("school", "upn", "date", "session").iter_rows(), key=lambda r: r[:2]
    ):
        dates = [(d, s) for _, _, d, s in part]
        named = [f"{d:%d/%m/%Y} {s}" for d, s in dates]
        text = first_of(named, UNCOUNTED_N_SHOWN)
        # why, where it is the date alone (a window across the summer of 2024): the others
        # (before compulsory school age, a notice's sessions) are said by their own notes
        early = sum(d < PN_FRAMEWORK_START for d, _ in dates)
        if early:
            began = f"before the national framework began ({PN_FRAMEWORK_START:%d/%m/%Y})"
            text = (began if early == len(named) else f"{early} {began}") + ": " + text
        rows.append((school, upn, len(named), text))
    return pl.DataFrame(rows, schema=WINDOW_UNCOUNTED_N_SCHEMA, orient="row")


#: The columns of :func:`no_register_sessions`.
NO_REGISTER_SCHEMA = {"school": pl.Utf8, "upn": pl.Utf8, "date": pl.Date, "session": pl.Utf8,
                      "marked": pl.Int64, "on_roll": pl.Int64}  # fmt: skip


def no_register_sessions(
    ev: Evaluation, start: dt.date, end: dt.date, who: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The sessions with no register (``missing_session``: :func:`attcli.roll.resolve`)
    from ``start`` to ``end`` that each pupil lost: school ("" for none), upn, date,
    session, and the session's ``marked`` and ``on_roll`` (pupils), in order.  A pupil's
    when they were on roll then and have no row of their own (a handful's marks count for
    them; a pupil who joined later never had the session).  ``who``: only these pupils
    (school, upn).  Not the afternoon after a lunchtime export's last morning (a note,
    not a problem).

    Such a session is missing marks for each of those pupils (docs/decisions.md), as a
    ``-`` is: the evidence pack lists it as a problem and the check's penalty-notice
    reason counts it (:func:`window_missing`), one rule, since a local authority returns a
    request whose window holds missing marks (DOMAIN.md 5)."""
    from attcli.roll import ord_expr

    none = pl.DataFrame(schema=NO_REGISTER_SCHEMA)
    roll = ev.prepared.roll if ev.prepared is not None else None
    if roll is None or roll.missing_sessions is None or roll.spans is None:
        return none
    sessions = roll.missing_sessions.filter(
        ~pl.col("last") & pl.col("date").is_between(start, end)
    )
    if not sessions.height:
        return none
    sessions = sessions.select(
        pl.col("school").fill_null(""), "date", "session", "marked", "on_roll",
        ord_expr().alias("ord"),
    )  # fmt: skip
    pupils = roll.pupils.select("pid", pl.col("school").fill_null(""), "upn")
    if who is not None:
        pupils = pupils.join(
            who.select(pl.col("school").fill_null(""), "upn"), on=["school", "upn"], how="semi"
        )
    return (
        roll.without_gaps(  # (not a pupil's time off roll between two spells)
            pupils.join(roll.spans, on="pid", how="inner")
            .join(sessions, on="school", how="inner")
            .filter(pl.col("ord").is_between(pl.col("_from"), pl.col("_to")))
            .join(roll.marks.select("pid", "ord"), on=["pid", "ord"], how="anti")
        )
        .select(*NO_REGISTER_SCHEMA)
        .cast(NO_REGISTER_SCHEMA)  # type: ignore[arg-type]
        .sort("school", "upn", "date", "session")
    )


#: The columns of :func:`window_missing`.
WINDOW_MISSING_SCHEMA = {"school": pl.Utf8, "upn": pl.Utf8, "missing": pl.Int64,
                         "no_register": pl.Int64, "uncovered": pl.Int64,
                         "uncovered_spans": pl.Utf8}  # fmt: skip


def _uncovered(ev: Evaluation, windows: pl.DataFrame) -> pl.DataFrame:
    """The school days of each pupil's window that no export holds: the coverage's gaps
    inside the data (a missing week, missing days: what ``attcli evidence`` refuses as "no
    register for the week ..."), cut to the window; school, upn, ``uncovered`` (school
    days) and ``uncovered_spans`` ("06/10/2025 to 10/10/2025", several joined by ", ").
    The coverage's gaps are the period's; the window is 10 school weeks whatever the period
    (``--from``), so the term dates' school days before the period, from the school's
    first day in the exports, with no row at all are in it too (:func:`_before_period`)."""
    from attcli.coverage import INSIDE, configured_school_days

    schema = {"school": pl.Utf8, "upn": pl.Utf8, "uncovered": pl.Int64, "uncovered_spans": pl.Utf8}
    gaps = [g for g in (ev.coverage.gaps if ev.coverage is not None else ()) if g.kind in INSIDE]
    before = _before_period(ev)
    rows = []
    for school, upn, lo, hi in windows.iter_rows() if gaps or before else ():
        if lo is None or hi is None:
            continue
        days, spans = 0, []
        extra = [d for d in before.get(school, ()) if lo <= d <= hi]
        if extra:  # with term dates only: the days themselves, gaps and all, in spans
            unseen = set(extra)
            for g in gaps:
                if not g.school or (g.school if g.school != "(no school)" else "") == school:
                    unseen.update(configured_school_days(ev.config, max(g.start, lo), min(g.end, hi)))
            order = configured_school_days(ev.config, lo, hi)
            at = {d: i for i, d in enumerate(order)}
            run: list[dt.date] = []
            for d in sorted(unseen):
                if run and at.get(d, -2) != at.get(run[-1], -9) + 1:
                    spans.append(_span(run[0], run[-1]))
                    run = []
                run.append(d)
            spans.append(_span(run[0], run[-1]))
            rows.append((school, upn, len(unseen), ", ".join(spans)))
            continue
        for g in gaps:
            # one school's coverage names no school; several name theirs (merge)
            if g.school and (g.school if g.school != "(no school)" else "") != school:
                continue
            start, end = max(g.start, lo), min(g.end, hi)
            if start > end:
                continue
            whole = (start, end) == (g.start, g.end)
            n = g.school_days if whole else len(configured_school_days(ev.config, start, end))
            if not n:
                continue
            days += n
            spans.append(_span(start, end))
        if days:
            rows.append((school, upn, days, ", ".join(spans)))
    return pl.DataFrame(rows, schema=schema, orient="row")


def _span(start: dt.date, end: dt.date) -> str:
    return f"{start:%d/%m/%Y}" if start == end else f"{start:%d/%m/%Y} to {end:%d/%m/%Y}"


def _before_period(ev: Evaluation) -> dict[str, list[dt.date]]:
    """Each school's ("" for none) term-date school days from its first day in the exports
    to the day before the period (``--from``) with no row at all: a week missing there is
    outside the period's coverage, but not outside a penalty-notice window reaching back
    over it.  Empty without term dates (a week with no rows is then a holiday)."""
    from attcli.coverage import configured_school_days

    c, prep = ev.coverage, ev.prepared
    if c is None or prep is None or not ev.config.half_terms or c.data_start >= c.period_start:
        return {}
    out = {}
    for s in prep.schools:
        held = prep.dates[s]
        if not held or min(held) >= c.period_start:
            continue
        last = c.period_start - dt.timedelta(days=1)
        days = [d for d in configured_school_days(ev.config, min(held), last) if d not in held]
        if days:
            out[s or ""] = days
    return out


#: The columns of :func:`window_stray`.
WINDOW_STRAY_SCHEMA = {"school": pl.Utf8, "upn": pl.Utf8, "n": pl.Int64, "days": pl.Utf8}


def window_stray(ev: Evaluation, who: pl.DataFrame | None = None) -> pl.DataFrame:
    """The unauthorised sessions (``[penalty_notice] codes``) in each pupil's
    penalty-notice window that are on a stray day (only a handful of the pupils on roll have
    marks: not taken as a school day, docs/decisions.md "Stray days").  They count for the
    pupil, as the MIS counts them, but a request resting on an offence recorded while the
    school was shut is one the local authority returns, so the evidence pack refuses them
    (:func:`attcli.evidence.build.incomplete_sessions`) and the weekly check says so.
    School ("" for none), upn, ``n`` and the ``days`` ("28/10/2026; 29/10/2026"); a pupil
    with none has no row.  ``who``: only these pupils (school, upn).  Reads marks only
    when the register has a stray day in the windows."""
    empty_ = pl.DataFrame(schema=WINDOW_STRAY_SCHEMA)
    found_windows = _pn_windows(ev, who)
    roll = ev.prepared.roll if ev.prepared is not None else None
    if found_windows is None or roll is None or roll.stray_days is None:
        return empty_
    windows, lo, hi = found_windows
    days = roll.stray_days.filter(pl.col("date").is_between(lo, hi)).select(
        pl.col("school").fill_null(""), "date"
    )
    if not days.height:
        return empty_
    found = (
        roll.with_keys(
            roll.marks.lazy()
            .filter(
                pl.col("date").is_in(days.get_column("date").unique().implode())
                & pl.col("mark").is_in(list(ev.config.pn_codes))
            )
            .select("pid", "date")
            .collect()
        )
        .with_columns(pl.col("school").fill_null(""))
        .join(days, on=["school", "date"], how="semi")
        .join(windows, on=["school", "upn"], how="inner")
        .filter(pl.col("date").is_between(pl.col("pn_window_start"), pl.col("pn_window_end")))
        .group_by("school", "upn")
        .agg(
            pl.len().cast(pl.Int64).alias("n"),
            pl.col("date").unique().sort().dt.strftime("%d/%m/%Y").str.join("; ").alias("days"),
        )
    )
    return found.select(*WINDOW_STRAY_SCHEMA).cast(WINDOW_STRAY_SCHEMA).sort("school", "upn")  # type: ignore[arg-type]


def window_missing(ev: Evaluation, who: pl.DataFrame | None = None) -> pl.DataFrame:
    """The missing marks of each pupil's penalty-notice window (``pn_window_start`` to
    ``pn_window_end`` of :attr:`Evaluation.pupils`): school ("" for none), upn,
    ``missing`` (no mark recorded, ``-`` or a missing row), ``no_register`` (sessions
    with no register the pupil lost, :func:`no_register_sessions`) and ``uncovered`` (the
    window's school days no export holds, a missing week or days, and their dates in
    ``uncovered_spans``: :func:`_uncovered`); a pupil with none has no row.  ``who``: only these pupils (school, upn).  What the evidence pack refuses
    besides ``N`` (:func:`attcli.evidence.build.incomplete_sessions`): a local authority
    returns a request whose window holds missing marks (DOMAIN.md 5), so the weekly
    check's penalty-notice reason says so (``N``: :func:`window_n`)."""
    from attcli.codes import Category

    empty_ = pl.DataFrame(schema=WINDOW_MISSING_SCHEMA)
    found_windows = _pn_windows(ev, who)
    if found_windows is None:
        return empty_
    windows, lo, hi = found_windows
    roll = ev.prepared.roll
    in_window = pl.col("date").is_between(pl.col("pn_window_start"), pl.col("pn_window_end"))
    # (one lazy query for the three parts: issue 15)
    marks = (
        roll.with_keys(
            roll.marks.lazy()  # (lazy: see Prepared._quality)
            .filter(
                (pl.col("category") == Category.MISSING.value) & pl.col("date").is_between(lo, hi)
            )
            .select("pid", "date")
        )
        .with_columns(pl.col("school").fill_null(""))
        .join(windows.lazy(), on=["school", "upn"], how="inner")
        .filter(in_window)
        .group_by("school", "upn")
        .agg(pl.len().cast(pl.Int64).alias("missing"))
    )
    sessions = (
        no_register_sessions(ev, lo, hi, windows)
        .lazy()
        .join(windows.lazy(), on=["school", "upn"], how="inner")
        .filter(in_window)
        .group_by("school", "upn")
        .agg(pl.len().cast(pl.Int64).alias("no_register"))
    )
    return (
        marks.join(sessions, on=["school", "upn"], how="full", coalesce=True)
        .join(_uncovered(ev, windows).lazy(), on=["school", "upn"], how="full", coalesce=True)
        .with_columns(pl.col("missing", "no_register", "uncovered").fill_null(0))
        .select(*WINDOW_MISSING_SCHEMA)
        .cast(WINDOW_MISSING_SCHEMA)  # type: ignore[arg-type]
        .sort("school", "upn")
        .collect(engine="in-memory")
    )


def _have(marked: pl.Expr) -> pl.Expr:
    """"has" after 1 of the pupils ("only 1 of the 13 pupils on roll has marks"), else
    "have"."""
    return pl.when(marked == 1).then(pl.lit("has")).otherwise(pl.lit("have"))


def _days(days: pl.DataFrame, kind: str, school: str, detail: str) -> pl.DataFrame:
    """A data-quality item per day of ``days`` (date, marked, on_roll): ``detail`` a format
    of the pupils marked, on roll and the verb for them (:func:`_have`)."""
    return days.select(
        pl.lit(kind).alias("kind"),
        pl.lit(school).alias("school"),
        pl.lit(None, pl.Utf8).alias("upn"),
        "date",
        pl.lit(None, pl.Utf8).alias("session"),
        pl.format(detail, "marked", "on_roll", _have(pl.col("marked"))).alias("detail"),
    )


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=QUALITY_SCHEMA)


def data_quality(
    rows: pl.DataFrame,
    *,
    school_days: Iterable[dt.date],
    as_of: dt.date,
    stray_days: pl.DataFrame,
    outside_term: Iterable[dt.date],
    unmarked: pl.DataFrame,
    school: str,
    outside_roll: pl.DataFrame | None = None,
    holiday_marks: pl.DataFrame | None = None,
    missing_sessions: pl.DataFrame | None = None,
    n_days: int = STALE_N_DAYS,
    x_of_age: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The problems in ``rows`` (one school's resolved register, the period up to as-of);
    an N older than ``n_days`` school days is stale (``[thresholds] n_within_days``).
    ``missing_sessions``: the sessions with no register (date, session, marked, on_roll:
    :attr:`attcli.roll.Compact.missing_sessions`).
    ``outside_roll``: the marks a pupil list puts outside the time on roll, taken out of
    the register (:attr:`attcli.roll.Compact.outside_roll`, keyed: upn, date, session,
    raw_mark, source, line, ``_joined`` or ``_left``).
    ``x_of_age``: the X sessions (keyed: upn, date, session, raw_mark, source, line) on
    days the pupil was of compulsory school age (:meth:`attcli.engine.Prepared._x_of_age`)."""
    from attcli.loaders._errors import position_expr

    parts: list[pl.DataFrame] = []
    n = rows.filter(pl.col("mark") == "N")
    if n.height:
        age = n_age(n.get_column("date"), school_days, as_of)
        stale = n.with_columns(age.alias("_age")).filter(pl.col("_age") > n_days)
        parts.append(
            _items(stale, pl.lit("stale_n"), school, pl.format("N, {} school days old", "_age"))
        )
    missing = rows.filter(pl.col("mark") == MISSING_MARK)
    if missing.height:
        raw = pl.col("raw_mark").cast(pl.Utf8).str.strip_chars()
        parts.append(
            _items(
                missing,
                pl.when(pl.col("source").is_null())
                .then(pl.lit("missing_row"))
                .otherwise(pl.lit("missing_mark")),
                school,
                pl.when(pl.col("source").is_null())
                .then(pl.lit("no row in the exports"))
                .when(raw == MISSING_MARK)
                .then(pl.format("'-' (no mark recorded) in {}", position_expr()))
                .otherwise(pl.format("blank cell in {}", position_expr())),
            )
        )
    if outside_roll is not None and outside_roll.height:
        joined = pl.col("_left").is_null()
        parts.append(
            _items(
                outside_roll,
                pl.lit("outside_roll"),
                school,
                pl.format(
                    "'{}' in {}, {} the {} date {} in the pupil list: not counted",
                    pl.col("raw_mark").str.strip_chars(),
                    position_expr(),
                    pl.when(joined).then(pl.lit("before")).otherwise(pl.lit("after")),
                    pl.when(joined).then(pl.lit("joining")).otherwise(pl.lit("leaving")),
                    pl.coalesce("_left", "_joined").dt.strftime("%d/%m/%Y"),
                ),
            )
        )
    if x_of_age is not None and x_of_age.height:
        parts.append(
            _items(
                x_of_age,
                pl.lit("x_of_age"),
                school,
                pl.format(
                    "'{}' in {}: X is for a pupil not of compulsory school age",
                    pl.col("raw_mark").str.strip_chars(),
                    position_expr(),
                ),
            )
        )
    if missing_sessions is not None and missing_sessions.height:
        other = pl.when(pl.col("session") == "AM").then(pl.lit("PM")).otherwise(pl.lit("AM"))
        parts.append(
            missing_sessions.select(
                pl.lit("missing_session").alias("kind"),
                pl.lit(school).alias("school"),
                pl.lit(None, pl.Utf8).alias("upn"),
                "date",
                pl.col("session").cast(pl.Utf8),
                pl.when(pl.col("marked") == 0)
                .then(pl.format("no mark for any of the {} pupils on roll", "on_roll"))
                .when(pl.col("dash") == pl.col("marked"))
                .then(
                    # (a minority's '-', the others nothing: each pupil on roll accounted for)
                    pl.format(
                        "no pupil has a mark: {} of the {} pupils on roll {} '-' (no mark "
                        "recorded), the other {} no mark (no row, or a blank cell)",
                        "marked", "on_roll", _have(pl.col("marked")),
                        pl.col("on_roll") - pl.col("marked"),
                    )
                )
                .otherwise(
                    pl.format(
                        "only {} of the {} pupils on roll {} a mark", "marked", "on_roll",
                        _have(pl.col("marked")),
                    )
                )
                .add(pl.format(", the {} register taken: left out of ", other))
                .add(
                    pl.when((pl.col("marked") == 0) | (pl.col("dash") == pl.col("marked")))
                    .then(pl.lit("every pupil's"))
                    .otherwise(pl.lit("the others'"))
                )
                .add(pl.lit(f" possible sessions ({NO_REGISTER_ADVICE})"))
                .alias("detail"),
            )
        )
    if stray_days.height:
        items = _days(
            stray_days, "stray_day", school,
            "only {} of the {} pupils on roll {} marks: not taken as a school day",
        )  # fmt: skip
        if "who" in stray_days.columns:  # whose marks, and what to check
            items = items.with_columns(
                pl.when(stray_days.get_column("who").is_not_null())
                .then(
                    pl.format(
                        "{} (the marks of {}: " + STRAY_ADVICE + ")",
                        "detail",
                        stray_days.get_column("who"),
                    )
                )
                .otherwise(pl.col("detail"))
                .alias("detail")
            )
        parts.append(items)
    if holiday_marks is not None and holiday_marks.height:
        parts.append(
            _days(
                holiday_marks, "holiday_marks", school,
                "{} of the {} pupils on roll {} marks on a day the term dates make no school "
                "day: not counted",
            )  # fmt: skip
        )
    holiday = sorted(set(outside_term))
    if holiday:
        parts.append(
            pl.DataFrame(
                {
                    "kind": "outside_term",
                    "school": school,
                    "upn": None,
                    "date": holiday,
                    "session": None,
                    "detail": "a school day in the register on a day the term dates make no "
                    "school day (a holiday or an INSET day)",
                },
                schema=QUALITY_SCHEMA,
            )
        )
    if unmarked.height:
        parts.append(
            unmarked.select(
                pl.lit("no_marks").alias("kind"),
                pl.lit(school).alias("school"),
                "upn",
                pl.lit(None, pl.Date).alias("date"),
                pl.lit(None, pl.Utf8).alias("session"),
                pl.format("in {} with no mark at all", position_expr()).alias("detail"),
            )
        )
    if not parts:
        return empty()
    out = pl.concat([p.select(QUALITY_SCHEMA.keys()).cast(QUALITY_SCHEMA) for p in parts])
    order = {k: i for i, k in enumerate(KINDS)}
    return out.sort(
        pl.col("kind").replace_strict(order, return_dtype=pl.Int32),
        "school",
        "upn",
        "date",
        "session",
        nulls_last=True,
    )


def _items(rows: pl.DataFrame, kind: pl.Expr, school: str, detail: pl.Expr) -> pl.DataFrame:
    """A data-quality item for each of ``rows`` (a pupil's session each): its ``kind``,
    the school, the pupil and session, and the ``detail``."""
    return rows.select(
        kind.alias("kind"),
        pl.lit(school).alias("school"),
        "upn",
        "date",
        pl.col("session").cast(pl.Utf8),
        detail.alias("detail"),
    )


#: Said of a stretch of a week or more of missing rows: a pupil off roll then (left and
#: came back) has no row, and only a pupil list says so (DOMAIN.md 1: its dates decide the
#: time on roll; tests/test_spells.py).
LEFT_AND_BACK = (
    "a week or more with no row: if they left and came back, give a pupil list with a row "
    "for each spell, --pupils FILE"
)
#: The same stretch of a pupil whose time on roll a pupil list gives: the list was given,
#: and it is what puts them on roll then, so either the rows or the list's dates are wrong.
LISTED_ON_ROLL = (
    "a week or more with no row while the pupil list has them on roll: export those rows, "
    "or correct the pupil list's dates if they joined later, or left and came back (a row "
    "for each spell)"
)


def _week_or_more(dates: list[dt.date], sessions: list[str | None]) -> bool:
    """Whether ``dates`` (with their ``sessions``) hold a stretch (:func:`_stretches`) of
    five school days or more with no row at all: both sessions of each day.  A pupil with a
    row every morning and none in the afternoons (a part-time timetable the MIS leaves out)
    was never off roll (docs/decisions.md, sweep parttime)."""
    per_day: dict[dt.date, set[str | None]] = {}
    for d, session in zip(dates, sessions, strict=True):
        per_day.setdefault(d, set()).add(session)
    whole = [d for d, seen in per_day.items() if len(seen) >= 2]
    return any(len(set(r)) >= 5 for r in _stretches(whole))


def _stretches(dates: list[dt.date]) -> list[list[dt.date]]:
    """``dates`` in order, cut where two are more than a weekend apart."""
    runs: list[list[dt.date]] = []
    for d in sorted(dates):
        if runs and (d - runs[-1][-1]).days <= 3:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


#: Stretches of a pupil's problem sessions shown one by one (then "...").
STRETCHES_SHOWN = 3
#: (not %A: a locale's names)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def sessions_text(dates: list[dt.date], sessions: list[str | None]) -> str:
    if len(dates) == 1:
        return f"{dates[0]:%d/%m/%Y}" + (f" {sessions[0]}" if sessions[0] else "")
    kinds = {s for s in sessions if s}
    which = f", all {kinds.pop()}" if len(kinds) == 1 else ""
    # dates on one weekday (every Friday afternoon): said, a timetable's pattern
    weekdays = {d.weekday() for d in dates}
    if len(weekdays) == 1 and len(set(dates)) > 1:
        which += f", all {_WEEKDAYS[dates[0].weekday()]}s"
    # separate stretches (more than a weekend apart) each with its dates: one range from
    # the first to the last read as a problem all along ("12 sessions, 20/11 to 06/03")
    runs = _stretches(dates)
    if len(runs) == 1:
        # one day's sessions (its AM and PM) name the day once, not "11/09 to 11/09"
        span = f"{min(dates):%d/%m/%Y}" + (
            f" to {max(dates):%d/%m/%Y}" if max(dates) != min(dates) else ""
        )
        return f"{len(dates)} sessions, {span}{which}"
    # a stretch of one session names it (which of the day's registers to complete), unless
    # every session is said to be the same one ("all PM")
    one = {d: s for d, s in zip(dates, sessions, strict=True)} if len(kinds) > 1 else {}
    parts = [
        f"{r[0]:%d/%m/%Y}"
        + (f" to {r[-1]:%d/%m/%Y}" if r[-1] != r[0] else "")
        + (f" ({len(r)})" if len(r) > 1 else f" {one[r[0]]}" if one.get(r[0]) else "")
        for r in runs[:STRETCHES_SHOWN]
    ]
    more = "; ..." if len(runs) > STRETCHES_SHOWN else ""
    return f"{len(dates)} sessions{which}: " + "; ".join(parts) + more


#: Which of a pupil list's dates an ``outside_roll`` item's detail names ("after the
#: leaving date 09/10/2026"): said on its line, and lines of different dates kept apart.
OUTSIDE_SIDE = r"((?:before the joining|after the leaving) date \d{2}/\d{2}/\d{4})"
#: A pupil's missing marks (or rows) of one session on this many days or more, the other
#: session of those days marked (a part-time timetable's afternoons), are a line of their
#: own, apart from the pupil's other missing sessions (a day with no row at all, a one-off
#: morning): neither is hidden in the other's line, and the timetable reads as one line
#: for every pupil on it.
TIMETABLE_DAYS = 5


def _timetable(part: pl.DataFrame, kind: str) -> pl.DataFrame:
    """``part`` with ``_part``: "AM" or "PM" for the items of a pupil missing that session
    alone (the day's other session marked) on :data:`TIMETABLE_DAYS` days or more, "" for
    the rest (a whole day missing, a one-off; every item of a kind other than missing marks
    and rows)."""
    if kind not in ("missing_mark", "missing_row"):
        return part.with_columns(pl.lit("").alias("_part"))
    pupil_day = ["school", "upn", "date"]
    half = (
        pl.when(pl.len().over(pupil_day) == 1)
        .then(pl.col("session").cast(pl.Utf8))
        .otherwise(pl.lit(""))
    )
    part = part.with_columns(half.fill_null("").alias("_part"))
    many = (pl.col("_part") != "") & (pl.len().over("school", "upn", "_part") >= TIMETABLE_DAYS)
    return part.with_columns(pl.when(many).then(pl.col("_part")).otherwise(pl.lit("")).alias("_part"))


#: The kinds listed a pupil (or a group of pupils alike) a line, their sessions in it.
PER_PUPIL = ("missing_mark", "missing_row", "stale_n", "n_unmarked", "outside_roll", "x_of_age")
#: The kinds listed a day a line.
PER_DAY = ("stray_day", "outside_term", "holiday_marks")


def _more(kind: str, left: list[tuple[list[tuple[str | None, str]], int]]) -> str:
    """What the lines left off a kind hold (``left``: each line's pupils and items), so
    that the lines shown and these add up to the kind's count: "and 3 more pupils (6
    sessions)", "and 2 more days", "and 4 more pupils" (a pupil of two lines left off
    counted once)."""

    def n(k: int, word: str) -> str:
        return f"{k:,} {word}{'s' if k != 1 else ''}"

    pupils = len({key for keys, _ in left for key in keys})
    items = sum(i for _, i in left)
    if kind in PER_PUPIL:
        return f"and {n(pupils, 'more pupil')} ({n(items, 'session')})"
    if kind in PER_DAY:
        return f"and {n(items, 'more day')}"
    if kind == "no_marks":
        return f"and {n(items, 'more pupil')}"
    return f"and {n(items, 'more session')}"


def summary_lines(
    dq: pl.DataFrame,
    pupils: pl.DataFrame | None = None,
    *,
    limit: int = 5,
    n_days: int = STALE_N_DAYS,
    dated: set[tuple[str | None, str]] | None = None,
) -> list[tuple[str, int, list[str]]]:
    """(title, count, up to ``limit`` lines) per kind, what repeats grouped into one line.

    Missing marks and rows are grouped per pupil (how many, first and last date), and
    pupils with exactly the same sessions missing into one line ("26 pupils (year N1)
    ..."), so a part-time timetable or a year group's unmarked register reads as one line.
    ``dated``: the pupils (school, upn) whose time on roll a pupil list gives.
    """
    if pupils is not None:
        names = {
            (r["school"], r["upn"]): r for r in pupils.select(
                "school", "upn", "surname", "forename", "year_group"
            ).iter_rows(named=True)
        }
    else:
        names = {}
    out: list[tuple[str, int, list[str]]] = []
    for kind in KINDS:
        part = dq.filter(pl.col("kind") == kind)
        if not part.height:
            continue
        lines: list[str] = []
        #: each line's pupils (school, upn) and items (sessions, or days), for what the
        #: lines left off hold
        held: list[tuple[list[tuple[str | None, str]], int]] = []
        if kind in PER_PUPIL:
            # (a stale N before the period, in the penalty-notice window: where it falls)
            before = pl.col("detail").str.contains(IN_WINDOW, literal=True).fill_null(False)
            # (a mark outside the list's dates: which date, before joining or after leaving,
            # a problem of its own, never one line with the other)
            side = (
                pl.col("detail").str.extract(OUTSIDE_SIDE, 1).fill_null("")
                if kind == "outside_roll"
                else pl.lit("")
            )
            per = (
                _timetable(part, kind)
                .with_columns(side.alias("_side"))
                .group_by("school", "upn", "_side", "_part", maintain_order=True)
                .agg(
                    pl.col("date"),
                    pl.col("session"),
                    before.sum().alias("_before"),
                    pl.col("detail").filter(before).first().alias("_where"),
                )
                .with_columns(
                    pl.concat_str(
                        [pl.col("date").cast(pl.List(pl.Utf8)).list.join(","),
                         pl.col("session").list.join(","), pl.col("_side"), pl.col("_part")],
                        separator="|",
                    ).alias("_pattern")
                )
            )
            if kind in ("stale_n", "n_unmarked"):  # per pupil: one N a day is no pattern
                per = per.with_columns(pl.concat_str(["school", "upn"]).alias("_pattern"))
            groups = per.group_by("_pattern", maintain_order=True).agg(
                pl.col("school"), pl.col("upn"), pl.col("date").first(), pl.col("session").first(),
                pl.col("_before").first(), pl.col("_where").first(), pl.col("_side").first(),
            )  # fmt: skip
            for g in groups.iter_rows(named=True):
                text = sessions_text(g["date"], g["session"])
                if g["_before"]:
                    where = g["_where"].split(": ", 1)[-1].split(", " + IN_WINDOW)[0]
                    some = f"{g['_before']} of them " if g["_before"] < len(g["date"]) else ""
                    text += f" ({some}{where}: {IN_WINDOW})"
                if g["_side"]:
                    text += f" ({g['_side']} in the pupil list)"
                who = [names.get((s, u)) for s, u in zip(g["school"], g["upn"], strict=True)]
                if kind == "missing_row" and _week_or_more(g["date"], g["session"]):
                    # (a pupil list already decides their time on roll: not "give one")
                    keys = zip(g["school"], g["upn"], strict=True)
                    listed = dated is not None and all(k in dated for k in keys)
                    text += f" ({LISTED_ON_ROLL if listed else LEFT_AND_BACK})"
                if len(g["upn"]) == 1:
                    w = who[0]
                    label = g["upn"][0]
                    if w is not None:
                        label = f"{pupil_name(w['surname'], w['forename'])} ({g['upn'][0]})"
                    lines.append(f"{label}: {text}")
                    held.append(([(g["school"][0], g["upn"][0])], len(g["date"])))
                else:
                    years = sorted({w["year_group"] for w in who if w and w["year_group"]})
                    yg = f" (year {', '.join(years)})" if years and len(years) <= 3 else ""
                    lines.append(f"{len(g['upn'])} pupils{yg}, each: {text}")
                    held.append((list(zip(g["school"], g["upn"], strict=True)),
                                 len(g["upn"]) * len(g["date"])))  # fmt: skip
        elif kind == "missing_session" and part.height > limit:
            # many (every Wednesday afternoon): one line, as a pupil's sessions read
            # (with the items' advice, said once for them all)
            lines.append(
                sessions_text(part.get_column("date").to_list(), part.get_column("session").to_list())
                + f" ({NO_REGISTER_ADVICE_MANY})"
            )
            held.append(([], part.height))
        else:
            for r in part.iter_rows(named=True):
                when = f"{r['date']:%d/%m/%Y}" if r["date"] else ""
                if kind == "missing_session":
                    when += f" {r['session']}"
                who = r["upn"] or ""
                w = names.get((r["school"], r["upn"])) if r["upn"] else None
                if w is not None and (w["surname"] or w["forename"]):
                    who = f"{pupil_name(w['surname'], w['forename'])} ({r['upn']})"
                lines.append(" ".join(x for x in (when, who, r["detail"]) if x))
                held.append(([(r["school"], r["upn"])] if r["upn"] else [], 1))
        shown = lines[:limit]
        if len(lines) > limit:
            shown.append(_more(kind, held[limit:]))
        out.append((TITLES[kind].format(stale=stale_words(n_days)), part.height, shown))
    return out
