"""``attcli check``: who needs action this week, why, and what is new since last week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import polars as pl

from attcli import percent
from attcli.calendar import births_in_order, births_listed, last_week
from attcli.config import Config, band_heading, band_range, letter_name
from attcli.coverage import Coverage, no_school_day_after
from attcli.engine import PUPIL_FIELDS, Ask, Evaluation, Prepared, can_miss_words, prepare
from attcli.errors import AttcliError
from attcli.letter_settings import reading_lines
from attcli.looked_after import LookedAfter, by_upn
from attcli.looked_after import looked_after as looked_after_rule
from attcli.output import command_word
from attcli.quality import (
    dual_within_expr,
    no_mark_since_expr,
    not_possible_since_expr,
    off_roll_within_expr,
    unmarked_within_dates_expr,
    unmarked_within_expr,
)

if TYPE_CHECKING:
    from attcli.loaders import LoadResult, PupilList
    from attcli.roll import Compact
    from attcli.snapshots import Snapshot
    from attcli.store import History

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _once_an_evaluation(
    fn: Callable[[Evaluation], pl.DataFrame],
) -> Callable[[Evaluation], pl.DataFrame]:
    """``fn(ev)`` made once for an evaluation and kept with it (in its ``__dict__``, not a
    field: ``dataclasses.replace`` makes an evaluation without it): the groups, the
    reasons and the runs that reached the threshold each asked for the same frames of the
    same evaluation, three times a check (issue 15).  The evaluation is whole by then
    (attcli.engine fills it before returning it) and a frame is never changed in place."""
    import functools

    @functools.wraps(fn)
    def once(ev: Evaluation) -> pl.DataFrame:
        made = ev.__dict__.setdefault("_check_once", {})
        if fn.__name__ not in made:
            made[fn.__name__] = fn(ev)
        return made[fn.__name__]

    return once


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    action: str


#: A band group's action when the band has no ``letter`` in the config
BAND_NO_LETTER_ACTION = (
    "meeting as your policy sets for this band; no letter: the band has none in the config"
)


def groups_for(config: Config) -> tuple[Group, ...]:
    """The groups of the weekly check, most urgent first (band groups from the config)."""
    band_groups = [
        Group(
            f"band:{b.name}",
            f"{band_heading(b.name)} ({band_range(config.bands, i)})",
            # a band drawn with no letter calls for none (DOMAIN.md 3 and 9; attcli letters
            # sends none): not asked for, in the words of a band whose letter went
            "letter and meeting as your policy sets for this band"
            if b.letter
            else BAND_NO_LETTER_ACTION,
        )
        for i, b in reversed(list(enumerate(config.bands)))
        if i > 0
    ]
    return (
        *band_groups,
        Group(
            "pn",
            f"Penalty-notice threshold ({config.pn_sessions}+ unauthorised sessions"
            f"{config.pn_marked} in {percent.counted(config.pn_weeks, 'school week')})",
            PN_ACTION,
        ),
        Group(
            "lates", f"Lateness ({config.lates_threshold}+ lates this half term)", "lateness letter"
        ),
        Group(
            "absence",
            f"Continuous unexplained absence ({absence_from(config)}+ school days)",
            f"safe and well check; CME referral at {percent.counted(config.cme_days, 'school day')}",
        ),
        Group(
            "sickness",
            # (the school days missed, each illness session half of one and a day whose
            # only session due was illness a whole one: a part-time pupil's, sweep rough8)
            f"Sickness ({config.sickness_sessions}+ illness sessions or "
            f"{config.sickness_sessions / 2:g}+ school days missed, or a run of "
            f"{config.sickness_days}+ school days)",
            "tell the local authority; medical evidence",
        ),
    )


def membership(ev: Evaluation, reached: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per pupil with ``groups``: the keys of every group the pupil is in.

    A pupil who has left the roll is in no band, penalty-notice, lateness or sickness
    group (nothing is to be sent or issued to them), but one who left straight after a
    run of unexplained absence stays in the absence group: the clearest
    children-missing-education case (DOMAIN.md 6).  The penalty-notice group holds only
    pupils who may be the subject of a notice: not those known to be outside compulsory
    school age.  ``reached`` (:func:`reached_since`): the pupils whose run of unexplained
    absence reached the CME threshold and ended since the run the check compares with are
    in the absence group too (DOMAIN.md 6; none without it).
    """
    c = ev.config
    # (the joins and the groups' bits below one query: issue 15)
    p = (
        ev.pupils.lazy()
        .join(_runs_to_data_end(ev).lazy(), on=["school", "upn"], how="left")
        .join(_sickness_within(ev).lazy(), on=["school", "upn"], how="left")
        .join(_runs_may_reach(ev).lazy(), on=["school", "upn"], how="left")
    )
    if reached is not None:
        p = p.join(
            reached.lazy().select("school", "upn", "_reached"), on=["school", "upn"], how="left"
        )
    else:
        p = p.with_columns(pl.lit(None, pl.Utf8).alias("_reached"))
    worst_first = list(reversed(c.bands))
    alert_bands = [b.name for b in worst_first if b is not c.bands[0]]
    here = pl.col("on_roll")
    conds = [
        *[(f"band:{name}", here & (pl.col("band") == name)) for name in alert_bands],
        (
            "pn",
            here
            & pl.col("pn_threshold_met")
            & pl.col("compulsory_school_age").fill_null(True),
        ),
        ("lates", here & pl.col("lates_flag")),
        ("absence", _absent_now(c) | pl.col("_reached").is_not_null()),
        # (or a run of illness that a day with no mark for the pupil may take to it)
        ("sickness", here & (pl.col("sickness_flag") | pl.col("_sick_within").is_not_null())),
    ]
    # each pupil's groups as the bits of one integer, and a list made once per distinct
    # set of groups (a dozen or so), not once per pupil: a tenth of the time (issue 15)
    p = p.with_columns(
        pl.sum_horizontal(
            [
                pl.when(cond.fill_null(False)).then(1 << i).otherwise(0)
                for i, (_, cond) in enumerate(conds)
            ]
        ).alias("_bits")
    ).collect(engine="in-memory")
    bits = p.get_column("_bits")
    # each pupil's list taken by the place of their set among the sets, sorted: one step,
    # not a frame of the sets joined on and dropped (three)
    sets = bits.unique().sort()
    lists = pl.Series(
        [[key for i, (key, _) in enumerate(conds) if v >> i & 1] for v in sets],
        dtype=pl.List(pl.Utf8),
    )
    return p.select(
        "school", "upn", pl.lit(lists).gather(pl.lit(sets).search_sorted(bits)).alias("groups")
    )


#: Notices listed by :func:`notice_corrections`, at most (then "and N more").
MAX_NOTICES_LISTED = 10


def history_lines(ev: Evaluation, out_of_view: Collection[str] = ()) -> list[str]:
    """What the check says of the records in the workspace's history that rest on marks
    corrected since: penalty notices (:func:`notice_corrections`), letters
    (:func:`attcli.letter_marks.correction_lines`) and penalty-notice packs
    (:func:`attcli.pack_marks.correction_lines`), the history opened once for the three.
    None without a history."""
    from attcli.letter_marks import correction_lines as letter_lines
    from attcli.pack_marks import correction_lines as pack_lines
    from attcli.store import existing_history, reader

    path = existing_history(ev.config)
    if path is None:
        return []
    with reader(path) as store:
        return (
            notice_corrections(ev, store, out_of_view)
            + letter_lines(ev, store, out_of_view)
            + pack_lines(ev, store, out_of_view)
        )


def notice_corrections(
    ev: Evaluation, store: History, out_of_view: Collection[str] = ()
) -> list[str]:
    """A line for each penalty notice on record whose sessions the exports now mark
    differently, no longer as unauthorised absence (an N given a reason since, a
    correction): the notice rests on fewer sessions than it was issued on, and nothing
    else would say so (DOMAIN.md 5, 12).  None without notices."""
    if ev.prepared is None:
        return []
    rows = store.all_notice_sessions(ev.config.school_key)
    if not rows:
        return []
    notices = pl.DataFrame(
        rows,
        schema={"_id": pl.Int64, "upn": pl.Utf8, "_issued": pl.Date, "date": pl.Date,
                "session": pl.Utf8, "_was": pl.Utf8},
        orient="row",
    )  # fmt: skip
    roll = ev.prepared.roll
    upns = roll.pupils.join(notices.select("upn").unique(), on="upn", how="semi")
    # (the session and mark made text after the join, for the notices' pupils' marks: cast
    # before it, every mark of the register was made two strings, issue 15)
    now = upns.join(roll.marks.select("pid", "date", "session", "mark"), on="pid").select(
        "upn", "date", pl.col("session").cast(pl.Utf8), pl.col("mark").cast(pl.Utf8)
    )
    found = notices.join(now, on=["upn", "date", "session"], how="inner").filter(
        pl.col("mark") != pl.col("_was")
    )
    changed = found.filter(~pl.col("mark").is_in(list(ev.config.pn_codes)))
    if out_of_view:  # (the notices of pupils a --year-group or --reg-group check leaves out)
        changed = changed.filter(~pl.col("upn").is_in(list(out_of_view)))
    if not changed.height:
        return []
    sizes = dict(notices.group_by("_id").len().iter_rows())
    out = []
    for (nid, upn, issued), part in changed.group_by(["_id", "upn", "_issued"], maintain_order=True):
        n, k = sizes[nid], part.height
        shown = ", ".join(
            f"{d:%d/%m} {s} {w} -> {m}" for d, s, w, m in
            part.select("date", "session", "_was", "mark").head(4).iter_rows()
        ) + (", ..." if k > 4 else "")  # fmt: skip
        out.append(
            f"penalty notice {nid} about {upn} ({issued:%d/%m/%Y}): {k} of the {n} sessions it "
            f"covers {'is' if k == 1 else 'are'} no longer unauthorised absence in the exports "
            f"({shown}): it rests "
            f"on {n - k}; check it with the local authority"
        )
    if len(out) > MAX_NOTICES_LISTED:
        more = percent.counted(len(out) - MAX_NOTICES_LISTED, "more notice")
        out = out[:MAX_NOTICES_LISTED] + [f"and {more}"]
    return out


def absence_from(c: Config) -> int:
    """The days of a run the absence group lists from: the safe-and-well visit's day
    (``[cme] safe_and_well_days``), or the CME threshold (``[cme] days``) when that is
    lower: a school that sets the visit's day above it (no day-3 visit) must still see
    a child at the threshold the local authority is told of (DOMAIN.md 6)."""
    return min(c.safe_and_well_days, c.cme_days)


def _absent_now(c: Config) -> pl.Expr:
    """In the absence group by a run the pupil has not come back from: current, the one
    they left the roll after, or one reaching the end of the data (``_end_days``); or
    such a run that the school days with no mark for the pupil after it or in or next to
    it may take to the group's days (``_may_days``: :func:`_runs_may_reach`), as ``cme
    --days`` lists it."""
    days = absence_from(c)
    return (
        (pl.col("continuous_absence_days") >= days)
        | (pl.col("left_after_absence_days") >= days)
        | (pl.col("_end_days") >= days)
        | (pl.col("_may_days") >= days)
    )


@_once_an_evaluation
def _runs_may_reach(ev: Evaluation) -> pl.DataFrame:
    """school, upn, ``_may_days``: for a pupil's run of unexplained absence they have not
    come back from (current, left after, or at their last possible day), its days seen and
    the school days with no mark for the pupil after it (``unmarked_days``) or in or next
    to it (``unmarked_within_days``), where there are such days.  A missing mark neither
    counts toward nor breaks a run (DOMAIN.md 1), so the run stays the days seen, but the
    child absent two days with no mark on the third is on ``cme --days 3``'s list, and the
    check's absence group (the same day) lists them too (docs/decisions.md)."""
    unmarked = pl.col("unmarked_days") + pl.col("unmarked_within_days")
    return (
        ev.runs.lazy()  # (one query, not one a step: issue 15)
        .filter(
            (pl.col("kind") == "unexplained")
            & (
                pl.col("current")
                | pl.col("left_on").is_not_null()
                | (pl.col("end") == pl.col("last_possible"))
            )
            & (unmarked > 0)
        )
        .group_by("school", "upn")
        .agg((pl.col("days") + unmarked).max().alias("_may_days"))
        .collect(engine="in-memory")
    )


def absent_now(ev: Evaluation) -> dict[tuple[str, str], int]:
    """(school, upn) -> the school days with no mark for the pupil that take their run of
    unexplained absence to the absence group's day (0: the days seen reach it), for each
    pupil on roll the check's absence group lists by a run they have not come back from
    (:func:`_absent_now`: current, reaching the end of the data, or taken there by days
    with no mark for the pupil, as ``cme --days`` lists it).  What letters withhold a
    praise letter by: never "thank you" to the family of a child the check asks a safe and
    well check for (sweep leftovers)."""
    seen = pl.col("continuous_absence_days").fill_null(0)
    found = (
        ev.pupils.filter(pl.col("on_roll"))
        .select("school", "upn", "continuous_absence_days", "left_after_absence_days")
        .join(_runs_to_data_end(ev).select("school", "upn", "_end_days"),
              on=["school", "upn"], how="left", nulls_equal=True)
        .join(_runs_may_reach(ev), on=["school", "upn"], how="left", nulls_equal=True)
        .filter(_absent_now(ev.config).fill_null(False))
        .select(
            pl.col("school").fill_null(""),
            "upn",
            pl.when(seen >= absence_from(ev.config)).then(0)
            .otherwise(pl.col("_may_days").fill_null(0) - seen).clip(0)
            .alias("_unmarked"),
        )
    )  # fmt: skip
    return {(s, u): int(n) for s, u, n in found.iter_rows()}


#: what a run of unexplained absence at the CME threshold calls for, said of a run that
#: reached it and ended (:func:`reached_since`) and of a current one (:func:`_reasons`)
TELL_LA = "tell the local authority (children missing education)"


def week_before(config: Config, prepared: Prepared, day: dt.date) -> dt.date:
    """The date NEW compares with, with no run on record (the check and the casebook
    alike): the same weekday of the last school week before the figures' date, which is
    the as-of date ``day`` itself when no school day lies between the data's end and it (a
    weekend, a holiday, an INSET Monday after it: sweep oracle10), else the data's last
    day, as the figures are (the casebook compared with the week before the as-of date
    even with school days missing after the data: sweep leftovers19).  ``config`` is the
    school's (a trust's school runs on :meth:`attcli.config.Config.for_school`, its own
    term dates; schools with settings of their own are never run as one).  The data's end
    is the figures' (the last day the exports hold a register on, the coverage's), not the
    last row's: a minority's `-` on days no register was taken is no day of the data
    (sweep oracle13)."""
    end = max((max(held) for held in prepared.dates.values() if held), default=prepared.last)
    whole = no_school_day_after(config, end, day)
    return last_week(prepared.calendars.values(), day if whole else min(day, end))


def pn_aged_out(ev: Evaluation) -> pl.DataFrame:
    """(school, upn, pn_age) of each pupil whose penalty-notice window holds the threshold
    as of ``ev``'s date but who is not in the group because not of compulsory school age
    then (DOMAIN.md 5: a Year 11 after the last Friday in June), the age said with its
    dates (:func:`attcli.calendar.not_of_compulsory_school_age_text`): what the change
    "no longer in the penalty-notice group" says, not a bare "pn".  Made in Python for
    those few pupils alone."""
    from attcli.calendar import not_of_compulsory_school_age_text

    aged_out = ev.pupils.filter(
        (pl.col("compulsory_school_age") == False)  # noqa: E712
        & pl.col("dob").is_not_null()
        & (pl.col("pn_window_sessions") >= ev.config.pn_sessions)
    ).select("school", "upn", "dob")
    return pl.DataFrame(
        [(school, upn, not_of_compulsory_school_age_text(dob, ev.as_of))
         for school, upn, dob in aged_out.iter_rows()],
        schema={"school": ev.pupils.schema["school"], "upn": pl.Utf8, "pn_age": pl.Utf8},
        orient="row",
    )  # fmt: skip


@_once_an_evaluation
def _outside_age_with_runs(ev: Evaluation) -> pl.DataFrame:
    """school, upn, dob of each pupil known not to be of compulsory school age on the
    as-of date who has a run of unexplained absence (:func:`tell_la`)."""
    # the words are read only after a run of unexplained absence (one at the threshold, or
    # the one a leaver left after): made in Python for those pupils alone, not for every
    # pupil of a sixth form or a Reception class (issue 15)
    # (one query: issue 15)
    with_runs = ev.runs.lazy().filter(pl.col("kind") == "unexplained").select("school", "upn")
    return (
        ev.pupils.lazy()
        .filter(
            (pl.col("compulsory_school_age") == False) & pl.col("dob").is_not_null()  # noqa: E712
        )
        .select("school", "upn", "dob")
        .join(with_runs.unique(), on=["school", "upn"], how="semi", nulls_equal=True)
        .collect(engine="in-memory")
    )


def tell_la(ev: Evaluation, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (school, upn, ...) with ``_tell_la``: what a run at the CME threshold
    calls for, :data:`TELL_LA`, but for a pupil known by the date of birth not to be of
    compulsory school age on the as-of date (a sixth-former, a Year 11 past the last
    Friday in June, a Reception child not yet of it): a child missing education is a
    child of compulsory school age, so the school tells the local authority (DOMAIN.md 6:
    any pupil) without calling them one, and says why (docs/decisions.md, sweep post16).
    An unknown age keeps :data:`TELL_LA` (nothing is assumed).  ``_age_note`` says the
    same after the line of a pupil who left the roll after a run ("" for the rest)."""
    from attcli.calendar import not_of_compulsory_school_age_text

    young_or_old = _outside_age_with_runs(ev)
    if young_or_old.is_empty():  # the usual case: every pupil is told of as TELL_LA (one step)
        return frame.with_columns(
            pl.lit(TELL_LA).alias("_tell_la"), pl.lit("").alias("_age_note")
        )
    said = pl.DataFrame(
        [
            (school, upn, not_of_compulsory_school_age_text(dob, ev.as_of)
             + ", so not a child missing education")
            for school, upn, dob in young_or_old.iter_rows()
        ],
        schema={"school": frame.schema["school"], "upn": pl.Utf8, "_age": pl.Utf8},
        orient="row",
    )  # fmt: skip
    age = pl.col("_age")
    return (
        frame.join(said, on=["school", "upn"], how="left", nulls_equal=True)
        .with_columns(
            pl.concat_str([pl.lit("tell the local authority; "), age])
            .fill_null(pl.lit(TELL_LA))
            .alias("_tell_la"),
            pl.concat_str([pl.lit("; "), age]).fill_null(pl.lit("")).alias("_age_note"),
        )
        .drop("_age")
    )


def reached_since(
    ev: Evaluation,
    since: dt.date | None,
    compared: str = "check",
    *,
    until: dt.date | None = None,
    when: str | None = None,
    grown: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Each pupil's runs of unexplained absence that reached the CME threshold
    (``[cme] days``) and ended after ``since``, the date of the run the check compares
    with (None: nothing to compare with, every such run of the period): school, upn and
    ``_reached``, a sentence per run with its evidence (DOMAIN.md 6: the LA is told of ANY
    pupil absent without reason for 10 school days or more).

    A run that ended is one with a possible day after it (the pupil came back, or was
    marked otherwise): current runs, a leaver's last run and one reaching the end of the
    data are the absence group's already.  One that ended on or before ``since`` was the
    compared run's to list (current then, at its full length), not this one's.  As ``cme``
    does, the school days no export holds beside a run count toward the threshold and are
    said.  ``compared`` names what ``since`` is ("check": the check 7 days earlier;
    "check recorded": the last check on record).  ``until``: only the runs that ended on or before it,
    those the check compared with had listed, and the pupil record names (``when`` says of
    them what "ended since ..." says of the others).  ``grown``: school, upn and start
    of runs current as of ``since`` that the register changed since the run compared
    with (:func:`_runs_grown_since`): that run saw them shorter, so one that ended on or
    before ``since`` is this one's to list all the same."""
    c = ev.config
    d = "%d/%m/%Y"
    runs = ev.runs.filter(
        (pl.col("kind") == "unexplained")
        & ~pl.col("current")
        & pl.col("left_on").is_null()
        & (pl.col("end") < pl.col("last_possible"))
        & (
            pl.col("days") + pl.col("unregistered_days") + pl.col("unmarked_within_days")
            >= c.cme_days
        )
    )
    if since is not None and grown is not None and grown.height:
        runs = (
            runs.join(
                grown.select("school", "upn", "start").with_columns(pl.lit(True).alias("_grown")),
                on=["school", "upn", "start"], how="left", nulls_equal=True,
            )
            .filter((pl.col("end") > since) | pl.col("_grown").fill_null(False))
            .drop("_grown")
        )  # fmt: skip
    elif since is not None:
        runs = runs.filter(pl.col("end") > since)
    if until is not None:
        runs = runs.filter(pl.col("end") <= until)
    if not runs.height:  # (none, nearly every check: no query on no row, issue 15)
        return pl.DataFrame(
            schema={"school": runs.schema["school"], "upn": runs.schema["upn"], "_reached": pl.String}
        )
    runs = tell_la(ev, _with_never(runs, ev))
    if when is None:
        when = (
            f"ended since the {compared} as of {since:{d}}" if since is not None
            else "ended in the period (no earlier check to compare with)"
        )
    unseen = (pl.col("unregistered_days") > 0) | (pl.col("unmarked_within_days") > 0)
    text = pl.format(
        "{} of unexplained absence {} to {} ({}){}{}, {}: {}reached {}, {}; last attended {}",
        school_days(pl.col("days")),
        pl.col("start").dt.strftime(d),
        pl.col("end").dt.strftime(d),
        pl.col("codes").list.join(", "),
        pl.when(pl.col("unregistered_days") > 0)
        .then(pl.format(", +{} with no register", pl.col("unregistered_days")))
        .otherwise(pl.lit("")),
        # the pupil's own days with no mark in or next to it (DOMAIN.md 1: neither counted
        # nor a break)
        pl.when(pl.col("unmarked_within_days") > 0)
        .then(
            pl.format(
                ", +{} with no mark for the pupil ({})",
                pl.col("unmarked_within_days"),
                unmarked_within_dates_expr(pl.col("unmarked_within")),
            )
        )
        .otherwise(pl.lit("")),
        pl.lit(when),
        # ("may have" only of a run short of it seen: one of 10 days seen reached it)
        pl.when(unseen & (pl.col("days") < c.cme_days))
        .then(pl.lit("may have "))
        .otherwise(pl.lit("")),
        school_days(pl.lit(c.cme_days)),
        pl.col("_tell_la"),
        pl.col("last_attended").dt.strftime(d).fill_null(pl.col("_never")),
    )
    # the school days inside it off the roll (DOMAIN.md 6: neither counted nor a break)
    text = pl.concat_str([
        text,
        off_roll_within_expr(pl.col("off_roll_days"), pl.col("off_roll_within")),
        # and those marked D, at another school (sweep blind6)
        dual_within_expr(pl.col("dual_within_days"), pl.col("dual_within")),
    ])
    return (
        runs.sort("start")
        .group_by("school", "upn", maintain_order=True)
        .agg(text.str.join("; ").alias("_reached"))
    )


def _runs_grown_since(
    snap: Snapshot | None, then: Evaluation | None, config: Config
) -> pl.DataFrame | None:
    """School, upn and start of each run of unexplained absence current as of the run on
    record's date (``then``: this register evaluated as of it) that reaches the CME
    threshold (``[cme] days``) by this register, of a pupil whose figures as of that date
    the register changed since the run (attended, possible or unauthorised sessions other
    than the run stored: a missing mark entered, a mark corrected).  That run saw the run
    shorter, maybe short of the threshold ("may be 10: complete the register"); ended
    since, :func:`reached_since` lists it, as it lists one ended after the run's date:
    the LA is to be told (DOMAIN.md 6).  The check said "no longer in: absence" of a child
    10 school days missing once the register was completed (sweep interactions).  None
    without a check on record."""
    if snap is None or then is None:
        return None
    stored = snap.pupils.select(
        pl.col("school").fill_null(""), "upn",
        pl.col("attended").alias("_a"), pl.col("possible").alias("_p"),
        pl.col("unauthorised").alias("_u"),
    )  # fmt: skip
    now_then = then.pupils.filter(
        pl.col("continuous_absence_days").fill_null(0) >= config.cme_days
    ).select(
        "school", pl.col("school").cast(pl.Utf8).fill_null("").alias("_sk"),
        pl.col("upn").cast(pl.Utf8), pl.col("continuous_absence_start").alias("start"),
        "attended", "possible", "unauthorised",
    )  # fmt: skip
    if not now_then.height:
        return None
    joined = now_then.join(stored, left_on=["_sk", "upn"], right_on=["school", "upn"])
    changed = joined.filter(
        (pl.col("attended") != pl.col("_a"))
        | (pl.col("possible") != pl.col("_p"))
        | (pl.col("_u").is_not_null() & (pl.col("unauthorised") != pl.col("_u")))
    )
    return changed.select("school", "upn", "start")


def groups_then(
    then: Evaluation,
) -> dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]]:
    """(school, upn) -> the groups (not the bands) each pupil is in as of ``then``'s date
    by its config (today's) and register: as the check would list them then, and with
    every run of unexplained absence that reached the CME threshold and ended in the
    period up to then besides (a run's listing depends on the run compared with, which
    the record does not keep: the wider set, so that a group left is never put down to
    the thresholds for want of it).  What :func:`attcli.snapshots.changes` compares the
    groups of the check on record with (``groups_then``)."""

    def sets(frame: pl.DataFrame) -> dict[tuple[str, str], frozenset[str]]:
        return {
            (s or "", u): frozenset(g for g in gs or () if not g.startswith("band:"))
            for s, u, gs in frame.select("school", "upn", "groups").iter_rows()
        }

    plain = sets(membership(then))
    wide = sets(membership(then, reached_since(then, None)))
    return {k: (v, wide.get(k, v)) for k, v in plain.items()}


@_once_an_evaluation
def _runs_to_data_end(ev: Evaluation) -> pl.DataFrame:
    """Each pupil's run of unexplained absence that reaches the end of a register ending
    before the as-of date (``cme``'s "data ends"): not current (nobody can say the pupil
    is still absent), but nobody can say they came back either, so the absence group
    keeps them (school, upn, ``_end_days``, ``_end_start``, ``_end_end``)."""
    cov = ev.coverage
    runs = ev.runs
    if cov is None or cov.days_after_data == 0:
        runs = runs.clear()
    return (
        runs.lazy()  # (one query, not one a step: issue 15)
        .filter(
            (pl.col("kind") == "unexplained")
            & ~pl.col("current")
            & pl.col("left_on").is_null()
            & (pl.col("end") == pl.col("last_possible"))
        )
        .group_by("school", "upn")
        .agg(
            pl.col("days").max().alias("_end_days"),
            pl.col("start").sort_by("days").last().alias("_end_start"),
            pl.col("end").max().alias("_end_end"),
        )
        .with_columns(_data_end(ev).alias("_data_end"))
        .collect(engine="in-memory")
    )


@_once_an_evaluation
def _sickness_within(ev: Evaluation) -> pl.DataFrame:
    """school, upn, ``_sick_within``, ``_sick_within_dates``, ``_sick_run_days``: a run of
    illness of the school year whose days seen and the school days in or next to it with
    no mark for the pupil (``unmarked_within_days``) reach ``[sickness] days`` (the longest
    so); none for the rest.  The missing mark neither counts toward nor breaks the run
    (DOMAIN.md 1), so ``sickness_longest_days`` stays the days seen, but a pupil ill 14
    days round a day with no mark may have been ill 15 (DOMAIN.md 7): the check lists
    them and says the day, as cme does a run of unexplained absence (docs/decisions.md)."""
    c = ev.config
    from attcli.calendar import academic_year_start

    year = academic_year_start(ev.as_of)
    return (
        ev.runs.lazy()  # (one query, not one a step: issue 15)
        .filter(
            (pl.col("kind") == "sickness")
            & (pl.col("unmarked_within_days") > 0)
            & (pl.col("start") >= year)
            & (pl.col("days") + pl.col("unmarked_within_days") >= c.sickness_days)
        )
        .sort(pl.col("days") + pl.col("unmarked_within_days"), descending=True)
        .unique(["school", "upn"], keep="first", maintain_order=True)
        .select(
            "school",
            "upn",
            pl.col("unmarked_within_days").alias("_sick_within"),
            pl.col("unmarked_within").alias("_sick_within_dates"),
            pl.col("days").alias("_sick_run_days"),
        )
        .collect(engine="in-memory")
    )


def school_days(n: pl.Expr) -> pl.Expr:
    """ "N school days", "1 school day": a run's length as a reason reads it."""
    return pl.format(
        "{} school day{}", n, pl.when(n == 1).then(pl.lit("")).otherwise(pl.lit("s"))
    )


@_once_an_evaluation
def joiners_never(ev: Evaluation) -> pl.DataFrame:
    """school, upn, ``_never``: what "last attended" says of a pupil who joined during the
    exports (their time on roll begins after their school's first school day in them, so
    the exports hold all of it) and has no attended day there: "never, on roll from
    12/10/2026".  Nothing is unknown of such a pupil, and nobody has seen them in school
    since joining: the line a designated safeguarding lead must not misread.  Other
    pupils with no attended day: :func:`_never_attended`."""
    roll = ev.prepared.roll if ev.prepared is not None else None
    if roll is None or roll.spans is None:
        return pl.DataFrame(schema={"school": pl.Utf8, "upn": pl.Utf8, "_never": pl.Utf8})
    return (
        roll.spans_by_date()
        .lazy()  # (one query, not one a step: issue 15)
        .group_by("school", "upn")
        .agg(pl.col("first").min())
        .with_columns(pl.col("school").fill_null("").alias("_sc"))
        .join(ev.first_school_days().lazy(), on="_sc", how="inner")
        .filter(pl.col("first") > pl.col("_first"))
        .select(
            "school",
            "upn",
            pl.format("never, on roll from {}", pl.col("first").dt.strftime("%d/%m/%Y")).alias(
                "_never"
            ),
        )
        .collect(engine="in-memory")
    )


def _with_never(frame: pl.DataFrame, ev: Evaluation) -> pl.DataFrame:
    """``frame`` (school, upn, ...) with ``_never``: what "last attended" says of each of
    its pupils with no attended day (:func:`joiners_never`, else :func:`_never_attended`)."""
    joiners = joiners_never(ev)
    if not joiners.height:
        return frame.with_columns(pl.lit(_never_attended(ev)).alias("_never"))
    return frame.join(joiners, on=["school", "upn"], how="left", nulls_equal=True).with_columns(
        pl.col("_never").fill_null(pl.lit(_never_attended(ev)))
    )


def _never_attended(ev: Evaluation) -> str:
    """What "last attended" says of a pupil with no attended day in the exports: "never
    this year" only when the exports hold the school year from its first school day.  An
    export starting later (a half-term export) cannot say the pupil never attended this
    year: "none in the exports, which start 05/10/2026" (cme's table: "not in data")."""
    from attcli.calendar import academic_year_start
    from attcli.coverage import no_school_day_between

    c = ev.coverage
    if c is None or no_school_day_between(ev.config, academic_year_start(ev.as_of), c.data_start):
        return "never this year"
    return f"none in the exports, which start {c.data_start:%d/%m/%Y}"


def _data_end(ev: Evaluation) -> pl.Expr:
    """Each pupil's school's register's last day up to the as-of date (the end of the data,
    whatever the pupil's own last mark: a run may end on a day before it, the pupil with
    no possible mark after)."""
    prepared = ev.prepared
    if prepared is None:  # (an evaluation always has it; one school's end otherwise)
        assert ev.coverage is not None
        return pl.lit(ev.coverage.data_end, pl.Date)
    ends = {
        s: max((d for d in dates if d <= ev.as_of), default=None)
        for s, dates in prepared.dates.items()
    }
    return pl.col("school").replace_strict(ends, return_dtype=pl.Date, default=None)


def _of_school(values: Mapping[str, int | None], default: int | None) -> pl.Expr:
    """Each pupil's school's value of ``values`` (an evaluation's per-school figures:
    :attr:`Evaluation.pn_window_weeks`, :attr:`Evaluation.sessions_left`), ``default`` for
    a school it lacks."""
    if not values:
        return pl.lit(default, pl.Int64)
    return (
        pl.col("school")
        .fill_null("")
        .replace_strict(values, default=default, return_dtype=pl.Int64)
    )


def _said_of(p: pl.DataFrame, said: list[tuple[str, str, str]], name: str) -> pl.DataFrame:
    """``p`` (pupils) with a text column ``name``: each (school as text, UPN, text) of
    ``said`` on its pupil's row, null on the others (:func:`_reasons`' lines of one child
    under two UPNs)."""
    if not said:
        return p.with_columns(pl.lit(None, pl.Utf8).alias(name))
    return p.join(
        pl.DataFrame(said, schema=["_sck", "upn", name], orient="row"),
        left_on=[pl.col("school").cast(pl.Utf8).fill_null(""), "upn"],
        right_on=["_sck", "upn"],
        how="left",
    )


@_once_an_evaluation
def _births_of_pupils(ev: Evaluation) -> pl.DataFrame:
    """``pid`` and ``dob`` (a list: each version's date of birth, oldest first) of the
    pupils whose versions give more than one (the compact register's ``versions``, about
    one row a pupil); made once an evaluation (the reasons and the penalty-notice group
    each asked it of the same register, issue 15)."""
    assert ev.prepared is not None
    return (
        ev.prepared.roll.versions.lazy()  # (one query, not one a step: issue 15)
        .filter(pl.col("dob").is_not_null())
        .sort("_first")
        .group_by("pid", maintain_order=True)
        .agg(pl.col("dob"))
        .filter(pl.col("dob").list.n_unique() > 1)
        .collect(engine="in-memory")
    )


def _differing_births(ev: Evaluation) -> list[tuple[str, str, str]]:
    """(school as text, UPN, " (the exports give 2 dates of birth: A, then B; the latest
    is used: check the MIS)") for each pupil whose rows give more than one date of birth,
    the one used (the latest) last; read off the pupils' versions (about one row a
    pupil)."""
    if ev.prepared is None or "dob" not in ev.prepared.roll.versions.columns:
        return []
    roll = ev.prepared.roll
    changed = _births_of_pupils(ev)
    if not changed.height:  # (nearly every register)
        return []
    out = []
    for school, upn, dobs in roll.with_keys(changed).select("school", "upn", "dob").iter_rows():
        shown = births_in_order(dobs)
        dates = births_listed(shown)
        out.append((school or "", upn, f" (the exports give {len(shown)} dates of birth: "
                    f"{dates}; the latest is used: check the MIS)"))  # fmt: skip
    return out


@dataclass(frozen=True)
class BirthCount:
    """What one of the dates of birth the exports give a pupil makes of the
    penalty-notice window as of an evaluation's date (:func:`pn_by_each_birth`)."""

    dob: dt.date
    #: of compulsory school age on the as-of date by it
    of_age: bool
    #: the window's sessions that count toward a notice by it (while of the age)
    counted: int


def pn_by_each_birth(ev: Evaluation) -> dict[tuple[str, str], list[BirthCount]]:
    """(school as text, UPN) -> each date of birth the exports give the pupil, the one used
    (the latest) last (:func:`attcli.calendar.births_in_order`), with whether it makes them
    of compulsory school age on the as-of date and how many of the window's sessions it
    makes count: for the pupils on roll whose rows give more than one, whose place in the
    penalty-notice group (and a letter's warning) hangs on which is right (DOMAIN.md 12:
    resolved, not guessed; sweep leftovers19).  Read off the pupils' versions; the counts
    made for those few pupils alone (:meth:`attcli.engine.Prepared.pn_counted`)."""
    from attcli.calendar import of_compulsory_school_age

    if ev.prepared is None or "dob" not in ev.prepared.roll.versions.columns:
        return {}
    roll = ev.prepared.roll
    changed = _births_of_pupils(ev)
    if not changed.height:
        return {}
    rows = {
        (school or "", upn): (on_roll, start, end)
        for school, upn, on_roll, start, end in ev.pupils.select(
            pl.col("school").cast(pl.Utf8), "upn", "on_roll", "pn_window_start",
            "pn_window_end",
        ).iter_rows()
    }  # fmt: skip
    out: dict[tuple[str, str], list[BirthCount]] = {}
    for pid, school, upn, dobs in (
        roll.with_keys(changed).select("pid", "school", "upn", "dob").iter_rows()
    ):
        key = (str(school) if school is not None else "", upn)
        on_roll, start, end = rows.get(key, (False, None, None))
        if not on_roll or start is None:
            continue
        each = []
        for dob in births_in_order(dobs):
            of_age = bool(of_compulsory_school_age(dob, ev.as_of))
            n = ev.prepared.pn_counted(
                school, pl.DataFrame({"pid": [pid], "dob": [dob]},
                                     schema={"pid": roll.pupils.schema["pid"], "dob": pl.Date}),
                start, end,
            ).height if of_age else 0  # fmt: skip
            each.append(BirthCount(dob, of_age, n))
        out[key] = each
    return out


#: how :func:`pn_by_another_birth`'s line begins after the UPN (the pupil record finds its
#: pupil's line by it, and says it under the flags: sweep leftovers20)
PN_BY_LATEST_BIRTH = "not in the penalty-notice group by the latest"


def pn_by_another_birth(ev: Evaluation, unseen: set[tuple[str, str]] | None = None) -> list[str]:
    """A line for each pupil on roll out of the penalty-notice group by the latest of the
    dates of birth the exports give who would be in it by another they give (of compulsory
    school age on the as-of date and the window's sessions counted while of it at the
    threshold): the group's reason says the dates only of a pupil in it (:func:`_reasons`),
    and the loader's note names one pupil of several.  DOMAIN.md 12: a disagreement is
    resolved, not guessed; a notice hangs on it (sweep leftovers19).  ``unseen``: (school,
    UPN) of the pupils a filter leaves out."""
    from attcli.calendar import compulsory_school_age_window, not_of_compulsory_school_age_text
    from attcli.percent import counted

    threshold = ev.config.pn_sessions
    each_birth = pn_by_each_birth(ev)
    if not each_birth:  # (the usual case: no pupil's rows disagree, nothing more made)
        return []
    windows = {
        (school or "", upn): (start, end)
        for school, upn, start, end in ev.pupils.select(
            pl.col("school").cast(pl.Utf8), "upn", "pn_window_start", "pn_window_end"
        ).iter_rows()
    }
    out = []
    for key, each in each_birth.items():
        used = each[-1]
        if key in (unseen or ()) or (used.of_age and used.counted >= threshold):
            continue  # (in the group: its reason says the dates)
        other = next((b for b in each[:-1] if b.of_age and b.counted >= threshold), None)
        if other is None:
            continue
        start, end = windows[key]
        if not used.of_age:
            by_used = not_of_compulsory_school_age_text(used.dob, ev.as_of)
        else:
            by_used = (
                f"{counted(used.counted, 'unauthorised session')} of the window count (born "
                f"{used.dob:%d/%m/%Y}: of compulsory school age from "
                f"{compulsory_school_age_window(used.dob)[0]:%d/%m/%Y})"
            )
        out.append(
            f"{key[1]}: {PN_BY_LATEST_BIRTH} of the {len(each)} dates "
            f"of birth the exports give ({births_listed(b.dob for b in each)}): "
            f"{by_used}; born {other.dob:%d/%m/%Y}, of compulsory school age from "
            f"{compulsory_school_age_window(other.dob)[0]:%d/%m/%Y}, "
            f"{counted(other.counted, 'unauthorised session')} of the window ({start:%d/%m/%Y} "
            f"to {end:%d/%m/%Y}) would count, at the threshold of {threshold}: whether a "
            "notice can follow hangs on which is right; put it in the MIS and export the "
            "register again"
        )
    return out


def _reasons(ev: Evaluation, reached: pl.DataFrame | None = None) -> pl.DataFrame:
    """A sentence per group for each pupil, with the evidence the officer needs
    (``reached``: :func:`reached_since`, said in the absence reason)."""
    c = ev.config
    p = ev.pupils
    ht_name = ev.half_term.name if ev.half_term else "this half term"
    to_end = _runs_to_data_end(ev)
    # the codes of the run the absence reason is about: the current one, the one the pupil
    # left after, or the one that reaches the end of the data
    # (the runs, the lates and the joins below one lazy query: issue 15)
    ends = to_end.lazy().select(
        "school", "upn", pl.col("_end_end").alias("end"), pl.lit(True).alias("_e")
    )
    runs = (
        ev.runs.lazy()
        .join(ends, on=["school", "upn", "end"], how="left")
        .filter(
            (pl.col("current") | pl.col("left_on").is_not_null() | pl.col("_e").fill_null(False))
            & (pl.col("kind") == "unexplained")
        )
        .unique(["school", "upn"], keep="first", maintain_order=True)
        .select(
            "school",
            "upn",
            pl.col("codes").list.join(", ").alias("_run_codes"),
            # a leaver whose last mark is followed by days no export holds: the leaving date
            # is not known (cme says the same)
            pl.col("left_by").alias("_left_by"),
            pl.col("unregistered_days").alias("_unregistered"),
            # school days after it with no mark for the pupil (said, not counted)
            pl.col("unmarked_days").alias("_unmarked"),
            pl.col("last_marked").alias("_last_marked"),
            # school days after it on which the pupil's marks are not possible (said)
            pl.col("not_possible_days").alias("_np_days"),
            pl.col("not_possible_codes").list.join(", ").alias("_np_codes"),
            pl.col("end").alias("_np_end"),
            # school days in or next to it with no mark for the pupil (said, not counted)
            pl.col("unmarked_within_days").alias("_within"),
            pl.col("unmarked_within").alias("_within_dates"),
            pl.col("days").alias("_run_days"),
            # school days inside it off the roll (two spells, or Z): said, not counted
            pl.col("off_roll_days").alias("_off"),
            pl.col("off_roll_within").alias("_off_dates"),
            # school days inside it marked D, at another school: said, not counted
            pl.col("dual_within_days").alias("_dual"),
            pl.col("dual_within").alias("_dual_dates"),
        )
    )
    lates = ev.late_sessions.lazy().group_by("school", "upn").agg(
        pl.format("{} {}", pl.col("date").dt.strftime("%d/%m"), pl.col("session"))
        .str.join(", ")
        .alias("_late_list")
    )
    p = (
        p.lazy()
        .join(runs, on=["school", "upn"], how="left")
        .join(lates, on=["school", "upn"], how="left")
        .join(to_end.lazy(), on=["school", "upn"], how="left")
        .join(_sickness_within(ev).lazy(), on=["school", "upn"], how="left")
        .join(_runs_may_reach(ev).lazy(), on=["school", "upn"], how="left")
        .join(
            ev.sickness_whole_days.lazy().rename({"days": "_ill_whole"}),
            on=["school", "upn"],
            how="left",
        )
        .collect(engine="in-memory")
    )
    p = tell_la(ev, _with_never(p, ev))
    if reached is not None:
        p = p.join(reached.select("school", "upn", "_reached"), on=["school", "upn"], how="left")
    else:
        p = p.with_columns(pl.lit(None, pl.Utf8).alias("_reached"))
    # the percentage as people read it everywhere (attcli.percent): never on the wrong
    # side of a band's line
    lines = reading_lines(c)  # (and the praise line, as the letters keep it)
    shown = percent.pct_texts(p.get_column("attended"), p.get_column("possible"), lines, unit="")
    p = p.with_columns(shown.alias("_pct_shown"))
    d = "%d/%m/%Y"
    band_reason = pl.format(
        "{}; {} authorised, {}",
        percent.with_sessions_expr(
            pl.col("_pct_shown") + "%", pl.col("attended"), pl.col("possible")
        ),
        pl.col("authorised"),
        # the word follows the last number: "3 authorised, 1 unauthorised absence"
        percent.counted_expr(pl.col("unauthorised"), "unauthorised absence"),
    )
    left = _of_school(ev.sessions_left, None)
    estimate = (
        pl.col("school").fill_null("").replace_strict(
            ev.sessions_left_estimate, default=None, return_dtype=pl.Utf8
        )
        if ev.sessions_left_estimate
        else pl.lit(None, pl.Utf8)
    )
    words = can_miss_words(
        pl.col("can_miss_sessions"), left, pl.col("band"), pl.col("next_band"),
        pl.when(pl.col("can_miss_estimated").fill_null(False)).then(estimate),
    )
    miss = pl.concat_str([pl.lit("; "), words]).fill_null("")
    # two dates of birth in the exports: the age follows the latest, said beside it (the
    # loader's note names one pupil of several; the evidence pack stops on it: sweep pn3)
    p = _said_of(p, _differing_births(ev), "_births")
    csa = (
        pl.when(pl.col("compulsory_school_age").is_null())
        .then(pl.lit("no date of birth: check compulsory school age"))
        .when(pl.col("compulsory_school_age"))
        .then(pl.lit("of compulsory school age"))
        .otherwise(pl.lit("NOT of compulsory school age: no penalty notice"))
    ) + pl.col("_births").fill_null("")

    def reached_words(days: pl.Expr, before: str, after: str = "") -> pl.Expr:
        """"reached 10 school days, tell the local authority (...)" (``before`` and
        ``after`` round it) for a run of ``days`` at the CME threshold, else ""."""
        n = c.cme_days
        return (
            pl.when(days >= n)
            .then(
                pl.lit(f"{before}reached {n} school day{'s' if n != 1 else ''}, ")
                + pl.col("_tell_la")
                + pl.lit(after)
            )
            .otherwise(pl.lit(""))
        )

    # a child under two UPNs: the runs joined across them (said after each UPN's own), and
    # of an old UPN that left while a later one is on roll, with no run joined, that it may
    # be no deletion (attcli.joined.continued_as; sweep twoupn)
    from attcli.joined import continued_as, joined_runs, unless_one_child

    joined = joined_runs(ev)
    in_joined = {(j.school or "", u) for j in joined for u in j.upns}
    went = [
        (sc, u, unless_one_child(new, came))
        for (sc, u), (new, came) in continued_as(ev).items()
        if (sc, u) not in in_joined
    ]
    p = _said_of(p, went, "_went_on")
    # the reason of a run the pupil has not come back from (current, left after, to the
    # end of the data); a run that reached the CME threshold and ended since the compared
    # run said after it ("before: ..."), or alone
    now = (
        pl.when((pl.col("left_after_absence_days") > 0) & pl.col("_left_by").is_not_null())
        .then(
            pl.format(
                "left between {} and {} (last marked {}, then no register to {}) after {} "
                "of unexplained absence ({}), +{} with no register; last attended "
                "{}: find the leaving date in the MIS, check the deletion was lawful and the "
                "LA was told{}{}",
                pl.col("left_on").dt.strftime(d),
                pl.col("_left_by").dt.strftime(d),
                pl.col("left_on").dt.strftime(d),
                pl.col("_left_by").dt.strftime(d),
                school_days(pl.col("left_after_absence_days")),
                pl.col("_run_codes").fill_null(""),
                pl.col("_unregistered"),
                pl.col("last_attended").dt.strftime(d).fill_null(pl.col("_never")),
                pl.col("_went_on").fill_null(""),
                pl.col("_age_note"),
            )
        )
        .when(pl.col("left_after_absence_days") > 0)
        .then(
            pl.format(
                "left {} after {} of unexplained absence ({}); last attended {}: "
                "check the deletion was lawful and the LA was told{}{}",
                pl.col("left_on").dt.strftime(d),
                school_days(pl.col("left_after_absence_days")),
                pl.col("_run_codes").fill_null(""),
                pl.col("last_attended").dt.strftime(d).fill_null(pl.col("_never")),
                pl.col("_went_on").fill_null(""),
                pl.col("_age_note"),
            )
        )
        .when((pl.col("continuous_absence_days") == 0) & pl.col("_end_days").is_not_null())
        .then(
            pl.format(
                "{} of unexplained absence since {} ({}) to {}{}: {}not known "
                "since; last attended {}",
                school_days(pl.col("_end_days")),
                pl.col("_end_start").dt.strftime(d),
                pl.col("_run_codes").fill_null(""),
                pl.col("_end_end").dt.strftime(d),
                # the pupil's last possible day may come before the register's last day (no
                # mark, or not possible, after it): the end of the data is the register's
                pl.when(pl.col("_end_end") >= pl.col("_data_end").fill_null(pl.col("_end_end")))
                .then(pl.lit(", the end of the data"))
                .otherwise(pl.format("; the data ends {}", pl.col("_data_end").dt.strftime(d))),
                # the days seen to the end of the data reached the CME threshold: the LA is
                # told whether or not the pupil came back since (DOMAIN.md 6), as of a
                # current run (sweep domainc)
                reached_words(pl.col("_end_days"), "", "; "),
                pl.col("last_attended").dt.strftime(d).fill_null(pl.col("_never")),
            )
        )
        .otherwise(
            pl.format(
                "{} of unexplained absence since {} ({}){}; last attended {}",
                school_days(pl.col("continuous_absence_days")),
                pl.col("continuous_absence_start").dt.strftime(d),
                pl.col("_run_codes").fill_null(""),
                # at the CME threshold the action is the LA's, said as the reason of a run
                # that reached it and ended says it (DOMAIN.md 6; docs/decisions.md)
                reached_words(pl.col("continuous_absence_days"), ": "),
                pl.col("last_attended").dt.strftime(d).fill_null(pl.col("_never")),
            )
        )
    )
    # the school days after the run with no mark at all for the pupil, up to the as-of
    # date: the run's days stay the days seen (DOMAIN.md 1), but a child with no register
    # for weeks after unexplained absence is what the DSL needs to read (docs/decisions.md)
    now = pl.concat_str([
        now,
        no_mark_since_expr(pl.col("_unmarked"), pl.col("_last_marked")),
        # the school days since on which the register says not possible (D, X, Q, Y): the
        # run is current by the rule (DOMAIN.md 6), the marks say where the child may be
        not_possible_since_expr(pl.col("_np_days"), pl.col("_np_codes"), pl.col("_np_end")),
        # the school days in or next to it with no mark at all for the pupil: neither
        # counted nor a break (DOMAIN.md 1), the run may be that much longer
        unmarked_within_expr(pl.col("_within"), pl.col("_within_dates"), pl.col("_run_days")),
        # the school days inside it off the roll: neither counted nor a break (DOMAIN.md
        # 6), but the child left the roll and came back unseen (docs/decisions.md)
        off_roll_within_expr(pl.col("_off"), pl.col("_off_dates")),
        # the school days inside it marked D: the other school's to say whether the child
        # was there (DOMAIN.md 6: neither counted nor a break; sweep blind6)
        dual_within_expr(pl.col("_dual"), pl.col("_dual_dates")),
    ])
    absence = (
        pl.when(pl.col("_reached").is_null())
        .then(now)
        .when(_absent_now(c).fill_null(False))
        .then(pl.concat_str([now, pl.lit("; before: "), pl.col("_reached")]))
        .otherwise(pl.col("_reached"))
    )
    # a run of a child under two UPNs joined across them (attcli.joined.joined_runs): said
    # after each UPN's own, which is unchanged (docs/decisions.md)
    said = [(j.school or "", u, "; " + j.line()) for j in joined for u in j.upns]
    if said:
        p = _said_of(p, said, "_joined")
        absence = pl.concat_str([absence, pl.col("_joined").fill_null("")])
    return p.select(
        "school",
        "upn",
        pl.concat_str([band_reason, miss]).alias("reason_band"),
        pl.format(
            "{}{} in the {} {} to {} (first met {}); {}",
            percent.counted_expr(pl.col("pn_window_sessions"), "unauthorised session"),
            pl.lit(c.pn_marked),  # the school's own codes, where not all unauthorised
            # the window's school weeks: fewer than pn_weeks where it reaches back before the
            # exports (the evaluation's warnings say so); "the 1 school week"
            percent.counted_expr(_of_school(ev.pn_window_weeks, c.pn_weeks), "school week"),
            pl.col("pn_window_start").dt.strftime(d),
            pl.col("pn_window_end").dt.strftime(d),
            pl.col("pn_first_met").dt.strftime(d).fill_null("-"),
            csa,
        ).alias("reason_pn"),
        pl.format(
            "{} in {}: {}",
            percent.counted_expr(pl.col("lates_half_term"), "late"),
            pl.lit(ht_name),
            pl.col("_late_list").fill_null(""),
        ).alias("reason_lates"),
        absence.alias("reason_absence"),
        pl.concat_str([
            pl.format(
                "{} this year{}; {}",
                # (a school's own smaller trigger lists 1 session: sweep mutnew22)
                percent.counted_expr(pl.col("sickness_sessions"), "illness session"),
                percent.illness_days_missed_expr(pl.col("sickness_sessions"), pl.col("_ill_whole")),
                percent.illness_run_expr(pl.col("sickness_longest_days")),
            ),
            unmarked_within_expr(
                pl.col("_sick_within"), pl.col("_sick_within_dates"), pl.col("_sick_run_days")
            ),
        ]).alias("reason_sickness"),
    )


def notice_fee_text(kind: str) -> str:
    """The next notice as the check's penalty-notice reason quotes it: "next notice: first
    (GBP 80 if paid within 21 days, 160 within 28)", "next notice: second (GBP 160)" in
    :func:`attcli.store.next_notice_text`'s words (``pn list``, ``pn next``, the pupil
    record's notices), which the check said as "GBP 80 within 21 days, ..." (sweep
    leftovers12); with none allowed, "no further notice within 3 years: alternative
    action", which says why."""
    from attcli.store import NEXT_NONE, next_notice_text

    if kind == NEXT_NONE:
        return "no further notice within 3 years: alternative action"
    return f"next notice: {next_notice_text(kind)}"


def looked_after_notice(whose: str) -> str:
    """What a penalty notice's quote says of a looked-after pupil (``whose``: what says the
    pupil is looked after): a local authority holding parental responsibility cannot be
    fined, and a notice to a carer is the local authority's to decide (the lac sweep's
    pack and ``pn`` refusal; DOMAIN.md 5)."""
    return (
        f"looked after ({whose}): no penalty notice to a local authority, which cannot be "
        "fined; a notice to a carer is the local authority's to decide: agree any step with "
        "the social worker and the Virtual School Head first"
    )


def _with_next_notice(
    pupils: pl.DataFrame,
    config: Config,
    as_of: dt.date,
    *,
    every: bool = False,
    looked_after: Mapping[str, LookedAfter] | None = None,
) -> pl.DataFrame:
    """Add ``pn_next_notice`` for pupils at the penalty-notice threshold (DOMAIN.md 5).

    Reads the notices recorded with ``attcli pn record`` in the workspace's history when
    it exists (it is never created by a check).  Per parent on record, counted by the
    parent's key (the MIS contact id, however the name was typed): first, second, or
    none within 3 years; voided notices do not count.  With no notice on record the next
    would be a first; with no workspace there is no record to go by, and it says so.
    ``every``: notices issued after ``as_of`` count too (a run as of the register's last
    day, no --as-of: as their sessions are covered, :func:`attcli.store.recent_notices`).
    Adds ``pn_no_further`` too: every parent on record has had two notices within 3 years,
    so no third (DOMAIN.md 5: alternative action instead), for the group's action
    (:func:`pn_barred_action`).

    ``looked_after``: UPN -> what says the pupil is looked after (the register's column:
    :func:`attcli.looked_after.looked_after`), of those it says so of: no fine is
    quoted for them with none on record (a council cannot be fined; a notice to a carer is
    the LA's to decide), and a notice on record to a local authority (recorded before
    ``pn record`` refused one) is quoted no next notice.
    """
    from attcli.ladder import notice_to_improve_on_record, notice_to_improve_text
    from attcli.store import (
        NEXT_FIRST,
        NEXT_LOOKED_AFTER,
        NEXT_NONE,
        NoWorkspaceError,
        deleted_notice_text,
        history_path,
        looked_after_quote,
        next_notice,
        notice_quoted_for,
        reader,
        with_age_said,
    )

    # a notice is only for a pupil on roll who may be of compulsory school age (DOMAIN.md
    # 5; the rule the pupil record and the evidence pack follow): for one who is not, the
    # reason already says "NOT of compulsory school age: no penalty notice"
    ages = {
        upn: age
        for upn, age in pupils.lazy()
        .filter(pl.col("pn_threshold_met") & pl.col("on_roll"))
        .select("upn", "compulsory_school_age")
        .collect(engine="in-memory")  # (one query, not two: issue 15)
        .iter_rows()
        if notice_quoted_for(age)
    }
    at_threshold = list(ages)
    # (of the pupils at the threshold alone: every pupil's read was 0.04 s at 20,000
    # pupils; their school and window's start in one query, issue 15)
    has_school = "school" in pupils.columns
    asked = (
        pupils.lazy()
        .filter(pl.col("upn").is_in(at_threshold))
        .select(
            "upn",
            pl.col("school").fill_null("") if has_school else pl.lit(None).alias("school"),
            "pn_window_start",
        )
        .collect(engine="in-memory")
        .rows()
    )
    school_of = {upn: sk for upn, sk, _ in asked} if has_school else {}
    window_start = {upn: start for upn, _, start in asked}
    # a notice to improve on record whose period runs, or ended, in the window: said after
    # the next notice (sweep nti: an officer reading "consider a notice to improve or a
    # penalty notice" mid-period would give either before the parent's period was out)
    nti: dict[str, str] = {}
    running: set[str] = set()  # (its period runs: the group's action waits, action_for)
    texts: dict[str, str] = {}
    barred: set[str] = set()  # every parent on record has had two notices in 3 years
    try:  # (no workspace: not known; a workspace with no history yet: none on record)
        path: Path | None = history_path(config)
    except NoWorkspaceError:
        path = None
    from contextlib import ExitStack

    with ExitStack() as stack:
        store = (
            stack.enter_context(reader(path))
            if at_threshold and path is not None and path.exists()
            else None
        )
        for upn in at_threshold:
            if path is None:
                texts[upn] = "next notice: not known (no workspace, so no record of notices)"
                continue
            if store is not None and config.escalation.configured:
                school = school_of.get(upn, "")
                given = notice_to_improve_on_record(
                    config.escalation,
                    [(a.action, a.done_on) for a in store.actions(upn) if a.school == school],
                    as_of, config.half_terms, config.inset_days,
                )  # fmt: skip
                start = window_start.get(upn)
                if given is not None and (as_of <= given[2] or start is None or given[1] >= start):
                    nti[upn] = notice_to_improve_text(given[1], given[2], as_of)
                    if as_of <= given[2]:
                        running.add(upn)
            parents: dict[str, str] = {}  # key -> the name on the latest notice
            # (the pupil's school's: a trust's other school's child and parent under the
            # same ids are others; sweep leftovers17)
            for n in store.notices(upn, school=school_of.get(upn, "")) if store else []:
                parents[n.parent_key] = n.parent
            said = (looked_after or {}).get(upn)
            marked = said.whose if said is not None else None
            if not parents:
                kind = looked_after_quote(NEXT_FIRST, marked is not None, on_record=False)
                texts[upn] = (
                    f"next notice: none quoted: {looked_after_notice(marked)}"
                    if kind == NEXT_LOOKED_AFTER
                    else notice_fee_text(kind) + ", none on record"
                )
                continue
            from attcli.contacts import Contact, is_local_authority  # (a notice on record)

            parts = []
            kinds = set()
            for key, name in sorted(parents.items(), key=lambda kv: (kv[1], kv[0])):
                if is_local_authority(Contact(upn=upn, surname=name)):
                    parts.append(f"{name}: a local authority: no penalty notice to it")
                    marked = marked or f"{name} is on record as a notice's parent"
                    continue
                nxt = next_notice(  # type: ignore[arg-type]
                    store, upn, key, as_of, every=every, school=school_of.get(upn, "")
                )
                kinds.add(nxt)
                parts.append(
                    f"{name}: "
                    + notice_fee_text(nxt)
                )
            if marked:
                parts.append(looked_after_notice(marked))
            texts[upn] = "; ".join(parts)
            if kinds == {NEXT_NONE}:
                barred.add(upn)
        if store is not None:  # a counting notice deleted with `pupil forget --force`
            for upn in texts:
                if (gone := store.deleted_notice(upn, as_of, school_of.get(upn))) is not None:
                    texts[upn] += "; the pupil's records were deleted on " + deleted_notice_text(
                        gone
                    )
    # the field stands alone (JSON, CSV): with no date of birth the age unknown is said in
    # it (with_age_said); the reason says it already ("no date of birth: check ..."), once
    said = {upn: with_age_said(text, ages[upn]) for upn, text in texts.items()}
    col = pl.col("upn").replace_strict(said, default=None, return_dtype=pl.Utf8)
    reason = pl.col("upn").replace_strict(texts, default=None, return_dtype=pl.Utf8)
    out = pupils.with_columns(
        col.alias("pn_next_notice"),
        pl.col("upn").is_in(list(barred)).alias("pn_no_further"),
        pl.col("upn").is_in(sorted(running)).alias("pn_nti_running"),
    )
    out = out.with_columns(
        pl.when(reason.is_not_null())
        .then(pl.concat_str([pl.col("reason_pn"), pl.lit("; "), reason]))
        .otherwise(pl.col("reason_pn"))
        .alias("reason_pn")
    )
    if not nti:
        return out
    period = pl.col("upn").replace_strict(nti, default=None, return_dtype=pl.Utf8)
    return out.with_columns(
        pl.when(period.is_not_null())
        .then(pl.concat_str([pl.col("reason_pn"), pl.lit("; "), period]))
        .otherwise(pl.col("reason_pn"))
        .alias("reason_pn")
    )


#: The penalty-notice group's action (:func:`groups_for`), said as it is when no window of
#: the group holds an N (:meth:`CheckResult.action_for`).
PN_ACTION = "consider a notice to improve or a penalty notice"
#: ... when every pupil of the group has a notice to improve whose period runs
PN_NTI_RUNNING_ACTION = (
    "none until the notice to improve's improvement period ends (the reason says when); a "
    "penalty notice before then only on the grounds the notice gave"
)


def pn_barred_action(each: bool = False) -> str:
    """The action for a pupil at the penalty-notice threshold whose every parent on record
    has had two notices within 3 years (``pn_no_further``; ``each``: a group of them, each
    with a reason): no third (DOMAIN.md 5), so not the group's "consider ... a penalty
    notice" under a reason saying "no further notice".  A parent with no notice on record
    is counted on their own (a notice per parent liable).  The check's group
    (:meth:`CheckResult.action_for`) and the pupil record say it alike."""
    whose = "each pupil's reason names the parent" if each else "the reason names the parent"
    return (
        f"alternative action: no third penalty notice within 3 years to a parent who has had "
        f"two ({whose}); another parent liable is counted on their own"
    )


def pn_age_unknown_action(k: int | None = None) -> str:
    """The action for pupils at the penalty-notice threshold with no date of birth (their
    reason says "no date of birth: check compulsory school age"): only a pupil of
    compulsory school age can be the subject of a notice (DOMAIN.md 5), so the date of
    birth first.  ``k`` None: the pupil record's, or a group all of them; else the clause
    a group's action adds for its ``k`` such pupils.  The check's group
    (:meth:`CheckResult.action_for`) and the pupil record say it alike (sweep nodob)."""
    if k is None:
        return (
            "find the date of birth first (the reason says so): a notice only for a pupil of "
            "compulsory school age"
        )
    return (
        f"for {percent.the_counted(k, 'pupil')} with no date of birth, find it first "
        f"({'their reasons say' if k != 1 else 'the reason says'} so): a notice only for a "
        "pupil of compulsory school age"
    )


def pn_window_n_action(each: bool = False, n_only: bool = True) -> str:
    """The action for pupils at the penalty-notice threshold whose window is not complete
    (``pn_window_held``: :func:`_with_window_missing`; ``each``: a group of them, each with
    a reason): no notice yet, since a local authority returns a request whose window holds
    N or missing marks (DOMAIN.md 5).  ``n_only``: the windows hold N and nothing else
    (``pn_window_gaps`` 0): the reasons for them first; else the window is to be completed
    (missing marks, a session with no register, days no export covers).  The check's group
    (:meth:`CheckResult.action_for`) and the pupil record say it alike."""
    whose = "each pupil's reason says" if each else "the reason says"
    if n_only:
        return (
            f"find the reasons for the N marks in the window first ({whose} how many): no "
            "notice while the window holds N"
        )
    return (
        f"complete the window first ({whose} what it holds): no notice while the window "
        "holds N, missing marks, a session with no register, days no export covers or a "
        "mark on a stray day"
    )


def _with_window_n(pupils: pl.DataFrame, ev: Evaluation) -> pl.DataFrame:
    """Add ``pn_window_n`` and ``pn_window_n_fresh`` (:func:`attcli.quality.window_n`: the N
    marks the penalty-notice window counts, and those still within the days allowed to
    resolve them; 0 for none) and, for a pupil at the threshold whose window holds N, say
    so at the end of the penalty-notice reason: a local authority returns a request whose
    window holds N (DOMAIN.md 5), so the reasons are to be found before a notice; and when
    the threshold is not met without the N not yet due to be resolved (the letters' rule
    for holding the warning), that it rests on them.  The flag stays: N is unauthorised
    (DOMAIN.md 1)."""
    from attcli.absence import allowed_words
    from attcli.quality import window_n

    found = window_n(ev).select(
        "school", "upn", pl.col("n").alias("pn_window_n"), pl.col("fresh").alias("pn_window_n_fresh")
    )
    out = (
        pupils.with_columns(pl.col("school").fill_null("").alias("_sk"))
        .join(found, left_on=["_sk", "upn"], right_on=["school", "upn"], how="left")
        .drop("_sk")
        .with_columns(pl.col("pn_window_n", "pn_window_n_fresh").fill_null(0))
    )
    n, fresh = pl.col("pn_window_n"), pl.col("pn_window_n_fresh")
    rests = pl.col("pn_window_sessions") - fresh < ev.config.pn_sessions
    days = ev.config.n_within_days
    note = pl.format(
        "; {} of the {} {} N (reason not yet established): find the {} before a notice{}",
        n,
        pl.col("pn_window_sessions"),
        pl.when(n == 1).then(pl.lit("is")).otherwise(pl.lit("are")),
        pl.when(n == 1).then(pl.lit("reason")).otherwise(pl.lit("reasons")),
        pl.when(rests)
        .then(
            pl.format(
                "; the threshold rests on the {} still within {}",
                fresh,
                pl.when(fresh == 1)
                .then(pl.lit(allowed_words(days, 1)))
                .otherwise(pl.lit(allowed_words(days, 2))),
            )
        )
        .otherwise(pl.lit(" (a local authority returns a request whose window holds N)")),
    )
    out = out.with_columns(
        pl.when(pl.col("pn_threshold_met").fill_null(False) & (n > 0))
        .then(pl.concat_str([pl.col("reason_pn"), note]))
        .otherwise(pl.col("reason_pn"))
        .alias("reason_pn")
    )
    return _with_window_before_age(_with_window_uncounted_n(out, ev), ev)


def _with_window_before_age(pupils: pl.DataFrame, ev: Evaluation) -> pl.DataFrame:
    """For a pupil at the threshold whose window holds unauthorised sessions from before
    their compulsory school age began (:func:`attcli.quality.window_before_age`), say how
    many at the end of the reason, in the evidence pack's words: the count before it is
    of the sessions that count, not of all the window holds (DOMAIN.md 5).  An ``N``
    among them is said by :func:`_with_window_uncounted_n` already, so not again."""
    from attcli.quality import window_before_age

    at = _at_threshold(pupils)
    found = window_before_age(ev, at, [c for c in ev.config.pn_codes if c != "N"])
    if not found.height:
        return pupils
    k, d = pl.col("_n"), "%d/%m/%Y"
    first, last = pl.col("_first").dt.strftime(d), pl.col("_last").dt.strftime(d)
    span = pl.when(first == last).then(first).otherwise(pl.format("{} to {}", first, last))
    note = pl.format(
        "; {} more of the window's unauthorised session{} ({}) {} before compulsory school "
        "age (from {}) and never count{}",
        k,
        pl.when(k == 1).then(pl.lit("")).otherwise(pl.lit("s")),
        span,
        pl.when(k == 1).then(pl.lit("was")).otherwise(pl.lit("were")),
        pl.col("_age").dt.strftime(d),
        pl.when(k == 1).then(pl.lit("s")).otherwise(pl.lit("")),
    )
    found = found.select(
        pl.col("school").alias("_sk"), "upn", pl.col("n").alias("_n"),
        pl.col("first").alias("_first"), pl.col("last").alias("_last"),
        pl.col("age_from").alias("_age"),
    )  # fmt: skip
    return (
        pupils.with_columns(pl.col("school").fill_null("").alias("_sk"))
        .join(found, on=["_sk", "upn"], how="left")
        .with_columns(
            pl.when(k.is_not_null())
            .then(pl.concat_str([pl.col("reason_pn"), note]))
            .otherwise(pl.col("reason_pn"))
            .alias("reason_pn")
        )
        .drop("_sk", "_n", "_first", "_last", "_age")
    )


def _at_threshold(pupils: pl.DataFrame) -> pl.DataFrame:
    """school, upn of ``pupils`` at the penalty-notice threshold (one query: issue 15)."""
    return (
        pupils.lazy()
        .filter(pl.col("pn_threshold_met").fill_null(False))
        .select("school", "upn")
        .collect(engine="in-memory")
    )


def _with_window_uncounted_n(pupils: pl.DataFrame, ev: Evaluation) -> pl.DataFrame:
    """Add ``pn_window_n_other`` (the N marks in the penalty-notice window that it does not
    count, :func:`attcli.quality.window_uncounted_n`; 0 for none) and, for a pupil at the
    threshold with any, say so at the end of the reason: an N before compulsory school
    age, or on a session a notice on record used, counts toward nothing, but a local
    authority returns a request whose window holds N (DOMAIN.md 5) and the evidence pack
    refuses it, so the window is not complete (``pn_window_held``)."""
    from attcli.quality import window_uncounted_n

    at = _at_threshold(pupils)
    found = window_uncounted_n(ev, at).select(
        pl.col("school").alias("_sk"), "upn", pl.col("n").alias("pn_window_n_other"),
        pl.col("sessions").alias("_other"),
    )  # fmt: skip
    k = pl.col("pn_window_n_other")
    note = pl.format(
        "; the window also holds {} N that {} not count toward the threshold ({}): find {} "
        "before a notice (a local authority returns a request whose window holds N)",
        k,
        pl.when(k == 1).then(pl.lit("does")).otherwise(pl.lit("do")),
        pl.col("_other"),
        pl.when(k == 1).then(pl.lit("its reason")).otherwise(pl.lit("their reasons")),
    )
    return (
        pupils.with_columns(pl.col("school").fill_null("").alias("_sk"))
        .join(found, on=["_sk", "upn"], how="left")
        .with_columns(
            pl.when(k.is_not_null())
            .then(pl.concat_str([pl.col("reason_pn"), note]))
            .otherwise(pl.col("reason_pn"))
            .alias("reason_pn"),
            k.fill_null(0),
        )
        .drop("_sk", "_other")
    )


def _with_window_missing(pupils: pl.DataFrame, ev: Evaluation) -> pl.DataFrame:
    """For a pupil at the penalty-notice threshold whose window holds missing marks (``-``,
    a missing row), sessions with no register in the exports or school days no export
    covers (a missing week or days; the rule the evidence pack refuses by,
    :func:`attcli.quality.window_missing`), say so at the end of the penalty-notice
    reason, and what fixes them: a local authority returns a request whose window holds
    missing marks (DOMAIN.md 5).  ``"; the window holds 1 missing mark and 1 session with
    no register in the exports: complete the register and export its register (or record
    # in the MIS if the school was closed) before a notice (...)"``.

    Adds ``pn_window_gaps`` (those marks, sessions and days; 0 for none) and
    ``pn_window_held`` (the window holds N or any of them): the one column the group's
    action and the pupil record's read (:func:`pn_window_n_action`)."""
    from attcli.quality import window_missing, window_stray

    at = _at_threshold(pupils)
    found = window_missing(ev, at)
    notes = {}
    for school, upn, missing, no_register, uncovered, spans in found.iter_rows():
        what, fix = [], []
        if missing:
            what.append(f"{missing} missing mark{'s' if missing != 1 else ''}")
            fix.append("complete the register")
        if no_register:
            what.append(
                f"{no_register} session{'s' if no_register != 1 else ''} with no register in "
                "the exports"
            )
            fix.append(
                f"export {'its register' if no_register == 1 else 'their registers'} (or "
                "record # in the MIS if the school was closed)"
            )
        if uncovered:
            what.append(
                f"{uncovered} school day{'s' if uncovered != 1 else ''} no export covers "
                f"({spans})"
            )
            fix.append(f"export {'its' if uncovered == 1 else 'their'} register")
        notes[(school, upn)] = (
            f"; the window holds {' and '.join(what)}: {' and '.join(fix)} before a notice (a "
            "local authority returns a request whose window holds missing marks)",
            missing + no_register + uncovered,
        )
    # the window's unauthorised marks on a stray day (no school day: a mistyped date, or a
    # register opened on a holiday): they count, but the evidence pack refuses a window
    # resting on them, so the check advises no notice either (docs/decisions.md)
    stray = window_stray(ev, at)
    counted = {
        (sc or "", u): n
        for sc, u, n in (
            pupils.lazy()  # (one query: issue 15)
            .join(stray.lazy().select("upn"), on="upn", how="semi")
            .select("school", "upn", "pn_window_sessions")
            .collect(engine="in-memory")
            .iter_rows()
        )
    }
    for school, upn, k, days in stray.iter_rows():
        one = k == 1
        said, gaps = notes.get((school, upn), ("", 0))
        of = counted.get((school, upn))
        notes[(school, upn)] = (
            said
            + f"; {k} of the {of} {'is' if one else 'are'} on {days}, "
            + (
                "a stray day (only a handful of the pupils on roll have marks on it: not "
                "taken as a school day)"
                if "; " not in days
                else "stray days (only a handful of the pupils on roll have marks on them: "
                "not taken as school days)"
            )
            + f": check the date{'' if one else 's'} of "
            f"{'this mark' if one else 'these marks'} in the MIS before a notice (a local "
            "authority returns a request resting on a mark recorded while the school was "
            "shut)",
            gaps + k,
        )
    note = pl.DataFrame(
        [(sc, u, n, k) for (sc, u), (n, k) in notes.items()],
        schema={"_sk": pl.Utf8, "upn": pl.Utf8, "_note": pl.Utf8, "pn_window_gaps": pl.Int64},
        orient="row",
    )
    return (
        pupils.with_columns(pl.col("school").fill_null("").alias("_sk"))
        .join(note, on=["_sk", "upn"], how="left")
        .with_columns(
            pl.when(pl.col("_note").is_not_null())
            .then(pl.concat_str([pl.col("reason_pn"), pl.col("_note")]))
            .otherwise(pl.col("reason_pn"))
            .alias("reason_pn"),
            pl.col("pn_window_gaps").fill_null(0),
        )
        .with_columns(
            (
                (pl.col("pn_window_n") > 0)
                | (pl.col("pn_window_n_other") > 0)
                | (pl.col("pn_window_gaps") > 0)
            ).alias("pn_window_held")
        )
        .drop("_sk", "_note")
    )


def letters_sent_now(
    ev: Evaluation, pupils: pl.DataFrame
) -> tuple[dict[tuple[str, str], dt.date], dict[tuple[str, str], str]]:
    """(school, upn) -> the day this half term's lateness letter went, and (school, upn) ->
    why `attcli letters` sends no letter of the pupil's band now (this half term's went, a
    more serious band's went this half term, or a once-a-term band's went this term: the
    letters' own rules, :mod:`attcli.termly`), of ``pupils`` (school, upn, band, on_roll)
    on roll in a band with a letter; both empty without a history.  The history's letters
    on figures no later than the check's.  What the check's groups say
    (:func:`_with_letters_sent`) and `attcli cases` of a pupil on the ladder
    (:func:`band_letter_lines`)."""
    from attcli.letter_settings import LATENESS
    from attcli.store import existing_history, reader
    from attcli.termly import (
        earlier_in_term,
        improved_text,
        letters_of_half_term,
        more_serious,
        this_term,
        unbegun_text,
    )

    ht = ev.half_term
    config = ev.config
    path = existing_history(config) if ht is not None else None
    lates: dict[tuple[str, str], dt.date] = {}
    band_why: dict[tuple[str, str], str] = {}
    if ht is not None and not ev.calendar.begun(ht, ev.as_of):
        # a half term with no school day yet (an INSET day opening it): `attcli letters`
        # writes none of it (letters.run.refuse_unbegun), history or not
        letter_of = _band_letters_of(config, pupils)
        for sk, upn, band, here in pupils.select("school", "upn", "band", "on_roll").iter_rows():
            if here and band in letter_of[sk or ""]:
                band_why[(sk or "", upn)] = unbegun_text(ht, ev.as_of, letter_of[sk or ""][band])
        return lates, band_why
    if ht is not None and path is not None:
        # (a trust's school with bands of its own: its bands, its letters)
        keys = {sec.key for sec in config.schools}
        configs = {
            sk: config.for_school(sk) if sk in keys else config
            for sk in {sk or "" for sk in pupils.get_column("school").to_list()}
        }
        letter_of = _band_letters_of(config, pupils)
        bands = {
            (sk or "", upn): band
            for sk, upn, band, here in pupils.select("school", "upn", "band", "on_roll").iter_rows()
            if here and band in letter_of[sk or ""]
        }
        with reader(path) as store:
            mine: dict[tuple[str, str], list] = {}
            # (a letter stage recorded by hand is that letter sent: letters' own rule)
            for r in letters_of_half_term(store, config, ht, ev.calendar.half_terms):
                if (r.as_of or r.letter_date) > ev.as_of:
                    continue
                key = (r.school or "", r.upn)
                if r.template == LATENESS:
                    lates[key] = min(lates.get(key, r.letter_date), r.letter_date)
                else:
                    mine.setdefault(key, []).append(r)
            earlier = earlier_in_term(store, config, ev.calendar.half_terms, ht) if bands else {}
        for key, band in bands.items():
            letter, cfg = letter_of[key[0]][band], configs[key[0]]
            got = mine.get(key, [])
            own = [r for r in got if r.template == letter or r.band == band]
            if own:
                first = min(own, key=lambda r: (r.letter_date, r.id))
                band_why[key] = (
                    f"{letter_name(first.template)} letter for {ht.name} sent {first.letter_date:%d/%m/%Y}: "
                    "no second this half term"
                )
            elif worse := more_serious(cfg, band, got):
                band_why[key] = improved_text(band, worse)
            elif verdict := this_term(cfg, band, letter, earlier.get(key, [])):
                band_why[key] = verdict.text
    return lates, band_why


def _with_letters_sent(pupils: pl.DataFrame, ev: Evaluation) -> pl.DataFrame:
    """The pupils with ``lates_letter_sent``: the day this half term's lateness letter went
    (null: none, or no history), and ``band_letter_not_now``: why `attcli letters` sends
    no letter of the pupil's band now (this half term's went, a more serious band's went
    this half term, or a once-a-term band's went this term: the letters' own rules,
    :mod:`attcli.termly`; null: it goes).  Each group's reason says it ("; lateness letter
    for Autumn 1 sent 08/10/2026: no second this half term").  The groups are every pupil
    with the lates or the band, so one already sent the letter stays in them, but
    `attcli letters` sends no second (DOMAIN.md 9): the check said "Action: lateness
    letter" for them alike (sweep of 5 December, agree; :meth:`CheckResult.action_for`).
    The history's letters on figures no later than the check's."""
    lates, band_why = letters_sent_now(ev, pupils)
    ht = ev.half_term
    keyed = pl.DataFrame(
        [(sk, upn, lates.get((sk, upn)), band_why.get((sk, upn))) for sk, upn in {*lates, *band_why}],
        schema={
            "_sk": pl.Utf8,
            "upn": pl.Utf8,
            "lates_letter_sent": pl.Date,
            "band_letter_not_now": pl.Utf8,
        },
        orient="row",
    )
    name = ht.name if ht is not None else ""
    out = _beside_pupils(pupils, keyed)
    groups = pl.col("groups").fill_null(pl.lit([], pl.List(pl.Utf8)))
    in_band = groups.list.eval(pl.element().str.starts_with("band:")).list.any()
    return out.with_columns(
        pl.when(groups.list.contains("lates") & pl.col("lates_letter_sent").is_not_null())
        .then(
            pl.concat_str(
                [
                    pl.col("reason_lates"),
                    pl.lit(f"; lateness letter for {name} sent "),
                    pl.col("lates_letter_sent").dt.strftime("%d/%m/%Y"),
                    pl.lit(": no second this half term"),
                ]
            )
        )
        .otherwise(pl.col("reason_lates"))
        .alias("reason_lates"),
        pl.when(in_band & pl.col("band_letter_not_now").is_not_null())
        .then(pl.concat_str([pl.col("reason_band"), pl.lit("; "), pl.col("band_letter_not_now")]))
        .otherwise(pl.col("reason_band"))
        .alias("reason_band"),
    )


def _band_letters_of(config: Config, pupils: pl.DataFrame) -> dict[str, dict[str, str]]:
    """School key ("" for none) -> {band: its letter} of each school of ``pupils`` (a
    trust's school with bands of its own: its bands, its letters)."""
    keys = {sec.key for sec in config.schools}
    out: dict[str, dict[str, str]] = {}
    for sk in {sk or "" for sk in pupils.get_column("school").unique().to_list()}:
        c = config.for_school(sk) if sk in keys else config
        out[sk] = {b.name: b.letter for b in c.bands if b.letter}
    return out


def _beside_pupils(pupils: pl.DataFrame, keyed: pl.DataFrame) -> pl.DataFrame:
    """``pupils`` with the columns of ``keyed`` (keyed by ``_sk``, the pupil's school or "",
    and ``upn``) beside each pupil's row: null for a pupil it does not hold."""
    return (
        pupils.lazy()  # (one query, not three: issue 15)
        .with_columns(pl.col("school").cast(pl.Utf8).fill_null("").alias("_sk"))
        .join(keyed.lazy(), on=["_sk", "upn"], how="left")
        .drop("_sk")
        .collect(engine="in-memory")
    )


def letters_held(
    ev: Evaluation, due: Sequence[tuple[tuple[str, str], str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """(school, upn) -> (the letter, why) of the band letters ``due`` ((school, upn), band,
    letter) that `attcli letters` would hold for a person to review, by its own rules
    (:class:`attcli.absence.HoldRule`; a ladder letter to a pupil who left the ladder
    improved, :func:`attcli.placing.left_improved_whys`)."""
    from attcli.absence import HoldRule, absence_by_code
    from attcli.letter_settings import LetterSettings
    from attcli.placing import left_improved_whys

    if not due:
        return {}
    settings = LetterSettings.from_config(ev.config)
    by_code = absence_by_code(ev, ev.period_start, ev.as_of, [k for k, _, _ in due])
    rule = HoldRule.of(
        ev, settings.hold_codes, settings.hold_share, settings.hold_templates, by_code
    )
    # a ladder letter to a pupil who left the ladder improved, as letters holds it
    left = left_improved_whys(ev, [(key, letter) for key, _, letter in due])
    # (and any letter about a pupil the register's column marks looked after, as letters
    # holds it: the check reads no contacts; sweep rough6)
    return {
        key: (letter, "; ".join(why))
        for key, band, letter in due
        if (why := [*rule.reasons(key, band, letter), *filter(None, [
            left.get((*key, letter)), rule.looked_after_reason(key, letter)
        ])])
    }  # fmt: skip


def _band_letters_due(
    config: Config, pupils: pl.DataFrame, not_now: Collection[tuple[str, str]]
) -> list[tuple[tuple[str, str], str, str]]:
    """((school, upn), band, letter) of each pupil of ``pupils`` (school, upn, band,
    on_roll) on roll in a band with a letter, but those ``not_now`` (whose letter
    `attcli letters` sends no letter now: :func:`letters_sent_now`): the band letters that
    go this half term, for :func:`letters_held` to judge."""
    letter_of = _band_letters_of(config, pupils)
    # (the pupils on roll in a band some school's letter is for, found in Polars: of a
    # 20,000-pupil check's, 7,184 are read into Python, not all; issue 15)
    lettered = sorted({band for letters in letter_of.values() for band in letters})
    rows = pupils.lazy().filter(pl.col("on_roll") & pl.col("band").is_in(lettered))
    return [
        ((sk or "", upn), band, letter_of[sk or ""][band])
        for sk, upn, band in rows.select("school", "upn", "band").collect(engine="in-memory").iter_rows()
        if band in letter_of[sk or ""] and (sk or "", upn) not in not_now
    ]


def band_letter_lines(
    ev: Evaluation, keys: Collection[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """(school, upn) -> what `attcli letters` does this half term with the letter of the
    band of each pupil of ``keys`` on roll in a band with a letter: sends it ("attcli
    letters sends the red letter this half term"), or holds it for review (why); none for a
    pupil it sends none now (:func:`letters_sent_now`).  `attcli cases` says it of a pupil
    on the ladder with nothing due: the band's own letter goes each half term and moves
    nothing there (docs/cases.md; sweep leftovers)."""
    due, held = _band_letters_now(ev, keys)
    out = {}
    for key, _, letter in due:
        words = letter_name(letter)
        out[key] = (
            held_band_letter_text(key[1], letter, held[key][1])
            if key in held
            else f"attcli letters sends the {words} letter this half term"
        )
    return out


def release_command(upn: str = "UPN") -> str:
    """The command that makes ``upn``'s letters held for review, for a person to copy:
    `attcli letters` needs the export and ``--contacts`` too (the shorthand "attcli letters
    --release UPN" refused as written, sweep notes2), so they are given as placeholders,
    EXPORT and FILE, in every line that suggests it (the check's, the pupil record's,
    `attcli cases`')."""
    return f"attcli letters EXPORT --contacts FILE --release {command_word(upn)}"


def held_band_letter_text(upn: str, letter: str, why: str) -> str:
    """A band letter `attcli letters` holds for review, said as `attcli cases` says it."""
    return (
        f"the {letter_name(letter)} letter attcli letters would send this half term is "
        f"held for review: {why}; if a person decides it should go, {release_command(upn)} "
        "makes it"
    )


def band_letters_held(
    ev: Evaluation, keys: Collection[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """(school, upn) -> (the letter, why) of each pupil of ``keys`` whose band's letter
    `attcli letters` would send this half term but holds for review (:func:`letters_held`):
    `attcli cases` lists those of pupils off the ladder (one who left it improved: the
    letter would put them on it again)."""
    return _band_letters_now(ev, keys)[1]


def _band_letters_now(
    ev: Evaluation, keys: Collection[tuple[str, str]]
) -> tuple[list[tuple[tuple[str, str], str, str]], dict[tuple[str, str], tuple[str, str]]]:
    """The band letters of ``keys`` that go this half term (:func:`_band_letters_due`) and
    those of them held for review (:func:`letters_held`)."""
    if not keys:
        return [], {}
    wanted = pl.DataFrame(list(keys), schema={"school": pl.Utf8, "upn": pl.Utf8}, orient="row")
    pupils = (
        ev.pupils.with_columns(pl.col("school").cast(pl.Utf8).fill_null(""))
        .join(wanted, on=["school", "upn"], how="semi")
        .select("school", "upn", "band", "on_roll")
    )
    _, not_now = letters_sent_now(ev, pupils)
    due = _band_letters_due(ev.config, pupils, not_now)
    return due, letters_held(ev, due)


def _with_letter_held(pupils: pl.DataFrame, ev: Evaluation) -> pl.DataFrame:
    """The pupils with ``band_letter_held``: why `attcli letters` would hold the letter of
    the pupil's band for a person to review (null: it would not, or sends none now,
    ``band_letter_not_now``), by the letters' own rule (:class:`attcli.absence.HoldRule`:
    absence mostly agreed or illness, DOMAIN.md 9; a band resting on N marks not yet due
    or on missing marks; one child under two UPNs?), added to the band group's reason.  The
    check said "letter and meeting" for a child whose absence is mostly illness, and the
    officer saw the band but not that the letter is held (sweep leftovers)."""
    not_now = {
        (sk or "", upn)
        for sk, upn in pupils.filter(pl.col("band_letter_not_now").is_not_null())
        .select("school", "upn")
        .iter_rows()
    }
    due = _band_letters_due(ev.config, pupils, not_now)
    held = {
        key: f"the {letter_name(letter)} letter is held for review by attcli letters: {why}"
        for key, (letter, why) in letters_held(ev, due).items()
    }
    keyed = pl.DataFrame(  # (a column at a time, not a row: issue 15)
        {"_sk": [sk for sk, _ in held], "upn": [upn for _, upn in held],
         "band_letter_held": list(held.values())},
        schema={"_sk": pl.Utf8, "upn": pl.Utf8, "band_letter_held": pl.Utf8},
    )  # fmt: skip
    out = _beside_pupils(pupils, keyed)
    groups = pl.col("groups").fill_null(pl.lit([], pl.List(pl.Utf8)))
    in_band = groups.list.eval(pl.element().str.starts_with("band:")).list.any()
    return out.with_columns(
        pl.when(in_band & pl.col("band_letter_held").is_not_null())
        .then(pl.concat_str([pl.col("reason_band"), pl.lit("; "), pl.col("band_letter_held")]))
        .otherwise(pl.col("reason_band"))
        .alias("reason_band")
    )


def _with_typed_apart(pupils: pl.DataFrame, typed_apart: pl.DataFrame | None) -> pl.DataFrame:
    """The pupils with the columns of :data:`attcli.loaders.TYPED_APART_SCHEMA` (null for
    a pupil under a UPN the loader did not question): a "leaver" who is one row of another
    pupil's under a UPN typed differently is said to be so (docs/decisions.md)."""
    from attcli.loaders import TYPED_APART_SCHEMA

    if typed_apart is None:
        typed_apart = pl.DataFrame(schema=TYPED_APART_SCHEMA)
    return (
        pupils.lazy()  # (one query, not four: issue 15)
        .with_columns(pl.col("school").fill_null("").alias("_sk"))
        .join(typed_apart.lazy().rename({"school": "_sk"}), on=["_sk", "upn"], how="left")
        .drop("_sk")
        .collect(engine="in-memory")
    )


def reason_for(group: str) -> str:
    return "reason_band" if group.startswith("band:") else f"reason_{group}"


@dataclass
class CheckResult:
    evaluation: Evaluation
    previous_as_of: dt.date | None
    groups: tuple[Group, ...]
    #: pupils after filters, with ``groups``, ``new_groups`` (lists) and ``reason_*`` columns
    pupils: pl.DataFrame
    warnings: list[str] = field(default_factory=list)
    #: register corrections across exports (:data:`attcli.loaders.CORRECTION_SCHEMA`)
    corrections: pl.DataFrame | None = None
    #: the last run on record that NEW compares with (None: the check 7 days earlier)
    compared_with: Snapshot | None = None
    #: what changed since that run (:func:`attcli.snapshots.changes`)
    changes: pl.DataFrame | None = None
    #: the register's pupils (school, upn) that --year-group or --reg-group leave out of
    #: view, listed in the check or not (None: no such filter)
    out_of_view: pl.DataFrame | None = None
    #: register corrections since the last run on record: an N kept in its snapshot, another
    #: code now (:data:`attcli.snapshots.RUN_CORRECTION_SCHEMA`; None: no such run, or one
    #: from before N sessions were kept), those between two exports left to ``corrections``
    run_corrections: pl.DataFrame | None = None
    #: the N sessions of that run with no mark now: data-quality items (``n_unmarked``)
    n_unmarked: pl.DataFrame | None = None
    #: the line counting ``run_corrections``, for an output that does not list them (the
    #: CSV holds pupils only): the table lists them in its data-quality section, the JSON
    #: in ``corrections`` (said once, not again in a note: an ordinary week's N resolved
    #: on time was said three times)
    run_corrections_note: str | None = None
    #: the line among ``warnings`` saying what NEW and the changes compare with, where it is
    #: not the last run on record (a later run, a shorter period, another school's run): for
    #: an output that marks nothing NEW to leave out (the evidence pack)
    compare_note: str | None = None
    #: the line at the head of the changes when today's thresholds moved a band or the
    #: lateness group since that run (:func:`attcli.snapshots.thresholds_note`; None: none)
    thresholds_note: str | None = None
    #: the --year-group (as the Year column reads it, "7", "R") and --reg-group the check
    #: is of (None: the whole school): said in every output's heading
    view: tuple[str | None, str | None] | None = None

    @property
    def scope(self) -> str | None:
        """Whose check this is, for people ("Year 7", "registration group 7A", "Year 9 in
        registration group V1"); None: the whole school's."""
        from attcli.register import year_group_label

        if self.view is None:
            return None
        year, form = self.view
        words = [year_group_label(year)] if year is not None else []
        if form is not None:
            words.append(f"registration group {form}")
        return " in ".join(words)

    @property
    def coverage(self) -> Coverage:
        assert self.evaluation.coverage is not None
        return self.evaluation.coverage

    @property
    def data_quality(self) -> pl.DataFrame:
        """The data-quality list: every item but those of the pupils a --year-group or
        --reg-group filter leaves out of view (school-wide items always).  A pupil the
        check does not list (no mark at all, or none in their time on roll) keeps theirs:
        the items are what says so.  Beside the period's items, the stale N marks the
        penalty-notice window counts before it (last school year's, across the summer)."""
        dq = self.evaluation.data_quality
        if self.evaluation.pn_stale_n.height:  # the window's, before the period
            dq = pl.concat([dq, self.evaluation.pn_stale_n], how="vertical_relaxed")
        if self.n_unmarked is not None and self.n_unmarked.height:
            # one problem a session: an N of the last run now with no mark, not a missing
            # mark or row besides
            keys = ["school", "upn", "date", "session"]
            missing = dq.filter(pl.col("kind").is_in(["missing_mark", "missing_row"]))
            dq = pl.concat(
                [
                    dq.filter(~pl.col("kind").is_in(["missing_mark", "missing_row"])),
                    missing.join(self.n_unmarked, on=keys, how="anti"),
                    self.n_unmarked,
                ],
                how="vertical_relaxed",
            )
        if self.out_of_view is not None:  # (a school-wide item, upn null, matches none)
            dq = dq.join(self.out_of_view, on=["school", "upn"], how="anti")
        return dq.sort("kind", "school", "upn", "date", "session", nulls_last=True)

    def names(self) -> pl.DataFrame:
        """school, upn, surname, forename and year_group of every pupil of the register
        as of the check's date, listed or not (what the data-quality list names them by)."""
        ev = self.evaluation
        if ev.prepared is None:
            return self.pupils.select("school", "upn", "surname", "forename", "year_group")
        return ev.prepared.attributes(ev.as_of, ("surname", "forename", "year_group"))

    def dated(self) -> set[tuple[str | None, str]]:
        """The pupils (school, upn) whose time on roll a pupil list gives (DOMAIN.md 1: its
        dates decide it): what the data-quality list says of their missing rows."""
        roll = self.evaluation.prepared.roll if self.evaluation.prepared is not None else None
        if roll is None or roll.dated is None or not roll.dated.height:
            return set()
        return set(roll.with_keys(roll.dated).select("school", "upn").iter_rows())

    @property
    def leavers(self) -> pl.DataFrame:
        return self.pupils.filter(~pl.col("on_roll"))

    def members(self, group: str) -> pl.DataFrame:
        return self.pupils.filter(pl.col("groups").list.contains(group))

    def action_for(self, group: str) -> str:
        """What to do about the pupils of ``group``: its action (:func:`groups_for`), but no
        notice advised for a pupil whose penalty-notice window holds an N, missing marks, a
        session with no register or days no export covers (``pn_window_held``; their
        reason says how many, :func:`_with_window_n`, :func:`_with_window_missing`): a
        local authority returns such a request (DOMAIN.md 5), and the threshold may rest
        on marks not yet due to be resolved."""
        action = self._letter_action(group, self.members(group))
        if group != "pn":
            return action
        return self._pn_action(action, self.members(group))

    def pupil_action(self, group: str, school: str, upn: str) -> str:
        """What to do about one pupil of ``group`` (a band's or the lateness group): the
        group's action as :meth:`action_for` says it of a group of that pupil alone (their
        band's or lateness letter gone this half term: none asked for).  The pupil record's
        flag, "as the weekly check shows them" (sweep domaind)."""
        one = self.members(group).filter(
            (pl.col("school").fill_null("") == school) & (pl.col("upn") == upn)
        )
        return self._letter_action(group, one, upn=upn)

    def _letter_action(self, group: str, members: pl.DataFrame, upn: str | None = None) -> str:
        """``group``'s action for ``members`` (the group, or ``upn``, one pupil of it), less
        the letters that went this half term or are held for review."""
        action = next(g.action for g in self.groups if g.key == group)
        if group == "lates" and "lates_letter_sent" in self.pupils.columns:
            # this half term's lateness letter went: no second (_with_letters_sent)
            k = members.filter(pl.col("lates_letter_sent").is_not_null()).height
            if k and k == members.height:
                whose = "each pupil's reason says" if k != 1 else "the reason says"
                return f"none: this half term's lateness letter went ({whose} when)"
            if k:
                return (
                    f"{action}, but none for {percent.the_counted(k, 'pupil')} sent this "
                    f"half term's already ({'their reasons say' if k != 1 else 'the reason says'} when)"
                )
        if group.startswith("band:") and "band_letter_not_now" in self.pupils.columns:
            # no letter of the band now: this half term's (or term's) went (_with_letters_sent)
            k = members.filter(pl.col("band_letter_not_now").is_not_null()).height
            whose = "each pupil's reason says" if k != 1 else "the reason says"
            if k and k == members.height:
                return f"meeting as your policy sets for this band; no letter: {whose} why"
            if k:
                action = (
                    f"{action}; no letter for {percent.the_counted(k, 'pupil')} whose "
                    f"reason{'s say' if k != 1 else ' says'} one went this half term (or term)"
                )
        if group.startswith("band:") and "band_letter_held" in self.pupils.columns:
            # the letter attcli letters holds for a person (_with_letter_held)
            k = members.filter(pl.col("band_letter_held").is_not_null()).height
            if k and upn is not None:  # one pupil's record: their letter, their UPN
                action = (
                    f"{action}; the letter is held for review (the reason says why): a person "
                    f"decides whether it goes (if it should, {release_command(upn)} makes it)"
                )
            elif k == 1:
                action = (
                    f"{action}; the letter of the pupil whose reason says so is held for "
                    f"review: a person decides whether it goes (if it should, "
                    f"{release_command()} makes it)"
                )
            elif k:
                action = (
                    f"{action}; the letters of the {k} pupils whose reasons say so are held "
                    "for review: a person decides whether each goes (if one should, "
                    f"{release_command()} makes it)"
                )
        return action

    def _pn_action(self, action: str, members: pl.DataFrame) -> str:
        """The penalty-notice group's action for ``members`` (see :meth:`action_for`)."""
        # pupils whose every parent on record has had two notices in 3 years: no third
        barred = members.filter(pl.col("pn_no_further")).height
        if barred and barred == members.height:
            return pn_barred_action(each=True)
        members = members.filter(~pl.col("pn_no_further"))
        also = (
            f"; for {percent.the_counted(barred, 'pupil')} whose parent on record has "
            "had two notices within 3 years, alternative action instead "
            f"({'their reasons say' if barred != 1 else 'the reason says'} whom)"
            if barred
            else ""
        )
        if "pn_nti_running" in members.columns:
            # a notice to improve whose improvement period runs: its end is awaited, a
            # penalty notice before then only on the notice's own grounds (sweep nti)
            waits = members.filter(pl.col("pn_nti_running")).height
            if waits and waits == members.height and not barred:
                return PN_NTI_RUNNING_ACTION
            if waits:
                members = members.filter(~pl.col("pn_nti_running"))
                also += (
                    f"; for {percent.the_counted(waits, 'pupil')} whose notice to "
                    f"improve is running, wait for its end "
                    f"({'their reasons say' if waits != 1 else 'the reason says'} when)"
                )
                if not members.height:
                    return also.removeprefix("; ")
        held = members.filter(pl.col("pn_window_held"))
        k = held.height
        # no date of birth (a window not held): the date of birth before any notice
        unknown = members.filter(
            ~pl.col("pn_window_held") & pl.col("compulsory_school_age").is_null()
        ).height
        if unknown:
            if unknown == members.height:
                return pn_age_unknown_action() + also
            also = f"; {pn_age_unknown_action(unknown)}{also}"
        if not k:
            return action + also
        n_only = held.filter(pl.col("pn_window_gaps") > 0).height == 0
        if k == members.height:
            return pn_window_n_action(each=True, n_only=n_only) + also
        if n_only:
            return (
                f"{action}; for {percent.the_counted(k, 'pupil')} whose window holds N "
                f"marks, find the reasons first ({'their reasons say' if k != 1 else 'the reason says'} "
                f"how many){also}"
            )
        return (
            f"{action}; for {percent.the_counted(k, 'pupil')} whose window is not complete "
            "(N, missing marks, a session with no register or days no export covers), complete "
            f"it first ({'their reasons say' if k != 1 else 'the reason says'} what it holds){also}"
        )

    @property
    def needing_nothing(self) -> int:
        """The pupils in no group, but those :attr:`unjudged` (no band for want of marks)."""
        return self.pupils.filter(pl.col("groups").list.len() == 0).height - self.unjudged

    @property
    def unjudged(self) -> int:
        """The pupils in no group with no band only for their missing marks: fewer possible
        sessions than the config's minimum, which the missing marks would reach (DOMAIN.md
        1: a missing mark is left out of possible).  Not known to need nothing: a child with
        no mark for weeks is a register to complete, not a pupil with too little data."""
        ev = self.evaluation
        if ev.coverage is not None and not ev.coverage.covers_period:
            return 0  # (no pupil has a band: said of them all)
        minimum = ev.config.min_possible_sessions
        return self.pupils.filter(
            (pl.col("groups").list.len() == 0)
            & pl.col("band").is_null()
            & (pl.col("missing_marks") > 0)
            & (pl.col("possible") < minimum)
            & (pl.col("possible") + pl.col("missing_marks") >= minimum)
        ).height

    @property
    def no_band(self) -> str:
        """What "no band" stands for in this check, for people: a register that does not
        cover the period gives no pupil a band; otherwise a pupil has none with fewer
        possible sessions than the config's minimum."""
        ev = self.evaluation
        if ev.coverage is not None and not ev.coverage.covers_period:
            return "no band (incomplete data)"
        # in words, as the bands' rules and the pupil record say it (sweep looks11)
        return f"no band (fewer than {ev.config.min_possible_sessions} possible sessions)"

    def band_counts(self) -> dict[str | None, int]:
        counts = self.pupils.group_by("band").len()
        out: dict[str | None, int] = {b.name: 0 for b in self.evaluation.config.bands}
        out[None] = 0
        for band, n in counts.iter_rows():
            out[band] = n
        return out


def later_run_note(
    config: Config, seen: dt.date, day: dt.date, snap: Snapshot | None
) -> str | None:
    """The line saying a run on record is not compared with: the as-of date ``day`` is after
    the data (its last day ``seen``), and a run dated on or after ``seen`` but before
    ``day`` is on record (the last run before the as-of date); ``snap``: the run compared
    with, the last before ``seen`` (None: none).  None when there is no such run.

    With the as-of date on or before the data's last day (the default: an older export
    than the runs on record, or a past week asked for), a check on record after it: "a run
    as of 09/10/2026 is on record, after these exports' figures (as of 02/10/2026): ..."
    (sweep of 4 December, weekly: nothing said of it)."""
    from attcli.snapshots import later_run_date, latest_before

    if seen >= day:
        after = later_run_date(config, day)
        if after is None:
            return None
        with_run = (
            f"with the check recorded as of {snap.as_of:%d/%m/%Y}, the last before them"
            if snap is not None
            else "with the check 7 days before them (no check on record before them)"
        )
        return (
            f"a check as of {after:%d/%m/%Y} is on record, after these exports' figures (as of "
            f"{day:%d/%m/%Y}): NEW and the changes compare {with_run}; check the newest "
            f"export, to its last day, to see what changed since the check recorded as of "
            f"{after:%d/%m/%Y}"
        )

    later = latest_before(config, day)
    if later is None or (snap is not None and later.id == snap.id) or later.as_of < seen:
        return None
    with_run = (
        f"with the check recorded as of {snap.as_of:%d/%m/%Y}, the last before them"
        if snap is not None
        else "with the check 7 days before them (no check on record before them)"
    )
    when = "before it" if seen < later.as_of else "on its date"
    return (
        f"the check as of {later.as_of:%d/%m/%Y} on record is not compared with: these exports "
        f"end {seen:%d/%m/%Y}, {when}; NEW and the changes compare their figures (as of "
        f"{seen:%d/%m/%Y}) {with_run}; give an export to {day:%d/%m/%Y} to see what changed "
        f"since the check recorded as of {later.as_of:%d/%m/%Y}"
    )


def _year_run_note(snap: Snapshot, start: dt.date) -> str:
    """The line saying the run on record, ``snap``, of the school year to date, is not
    compared with a check of the shorter period from ``start`` (sweep "weekly")."""
    return (
        f"the check as of {snap.as_of:%d/%m/%Y} on record is of the school year to date, "
        f"not the period from {start:%d/%m/%Y}: NEW compares with the check 7 days "
        "earlier, of the same period"
    )


def _run_before_note(
    snap: Snapshot, first: dt.date, start: dt.date, new_of: dt.date | None = None
) -> str:
    """The line saying the last run on record, ``snap``, is not compared with: it is before
    these exports' first day ``first`` ("this week" exported alone after a check of the
    term), so nothing is NEW against it and no change since it is listed; ``start``: the
    period's first day, the school year's (sweep of 6 December, slips2).  ``new_of``: the
    date NEW compares with instead (the check 7 days earlier, in the data), or None.

    A run of an earlier school year (July's, in September's first weeks) is said to be
    that: the new year's figures start afresh, and no export makes it comparable (sweep
    slips5: "give the exports from 01/09" was said of exports that begin on the year's
    first school day, and "nothing is marked NEW" beside a pupil marked NEW)."""
    new = (
        f"NEW compares with the check 7 days earlier ({new_of:%d/%m/%Y})"
        if new_of is not None
        else "nothing is marked NEW"
    )
    if snap.as_of < start:
        from attcli.coverage import academic_year_label

        return (
            f"the check as of {snap.as_of:%d/%m/%Y} on record is of the school year "
            f"{academic_year_label(snap.as_of)}, and these figures of "
            f"{academic_year_label(start)} (from {start:%d/%m/%Y}), which start afresh: no "
            f"change since that check is listed, and {new}"
        )
    listed = (
        "so nothing is marked NEW and no change since it is listed"
        if new_of is None
        else f"so no change since it is listed, and {new}"
    )
    return (
        f"the check as of {snap.as_of:%d/%m/%Y} on record is not compared with: these exports "
        f"begin {first:%d/%m/%Y}, after it, {listed}: give the exports from {start:%d/%m/%Y} "
        "(the start of the school year) to see what changed since that check"
    )


def _back_on_roll(snap: Snapshot, ev: Evaluation) -> set[tuple[str, str]]:
    """The pupils of the run ``snap`` this register gives no row on the run's date (a
    missing row: on roll by this register, marks before and after it) though it was one
    the school took registers on: that run's export, ending then, had them off the roll
    (their last mark before it), and they have marks again since (DOMAIN.md 1)."""
    dq = ev.data_quality
    if not dq.height:
        return set()
    rows = dq.filter((pl.col("kind") == "missing_row") & (pl.col("date") == snap.as_of))
    if not rows.height:
        return set()
    # (no row at all that day: a pupil with the morning's mark and no afternoon row was on
    # roll in that run, to its last day)
    whole = (
        rows.group_by("school", "upn")
        .agg(pl.col("session").n_unique().alias("_n"))
        .filter(pl.col("_n") >= 2)
    )
    then = {(s or "", u) for s, u in snap.pupils.select("school", "upn").iter_rows()}
    return {(s or "", u) for s, u in whole.select("school", "upn").iter_rows()} & then


def _left_before(
    snap: Snapshot, ev: Evaluation, prepared: Prepared, in_exports: set[tuple[str, str]]
) -> dict[tuple[str, str], dt.date]:
    """The pupils of the run ``snap`` in these exports but in none of this check's figures,
    with their last day on roll, which is before the period (one who left in July, that run
    as of a day of the summer holiday; July's export given with September's)."""
    listed = set(ev.pupils.select(pl.col("school").fill_null(""), "upn").iter_rows())
    gone = {
        (s or "", u) for s, u in snap.pupils.select("school", "upn").iter_rows()
    } & in_exports - listed
    if not gone:
        return {}
    out: dict[tuple[str, str], dt.date] = {}
    for r in prepared.roll.spans_by_date().iter_rows(named=True):
        key = (r["school"] or "", r["upn"])
        last = r["last"]
        if key in gone and last is not None and last < ev.period_start:
            out[key] = max(out.get(key, last), last)
    return out


#: Pupils a registration group written otherwise is said with, then "and N more".
ALIKE_NAMED = 5


def _some_named(upns: Sequence[str]) -> str:
    """The first :data:`ALIKE_NAMED` of ``upns``, then "and N more"."""
    more = len(upns) - ALIKE_NAMED
    return ", ".join(upns[:ALIKE_NAMED]) + (f" and {more} more" if more > 0 else "")


def _alike_groups_note(
    pupils: pl.DataFrame, reg_group: str, known: Sequence[str], as_of: dt.date
) -> str | None:
    """One line for the registration groups of ``pupils`` (``known``) named as ``reg_group``
    is but for spaces and capitals ("10 A", "10a" beside "10A": an export that writes the
    form otherwise), whose pupils a --reg-group matched as typed leaves out (sweep
    "groups"); None: none."""
    def squash(name: str) -> str:
        return "".join(name.split()).casefold()

    alike = [g for g in known if g != reg_group and squash(g) == squash(reg_group)]
    if not alike:
        return None
    parts = []
    for g in alike:
        upns = sorted(pupils.filter(pl.col("reg_group") == g).get_column("upn").to_list())
        named = _some_named(upns)
        parts.append(
            f"{g!r} ({len(upns)} pupil{'s' if len(upns) != 1 else ''} as of "
            f"{as_of:%d/%m/%Y}: {named})"
        )
    groups = "registration group" + ("s " if len(alike) != 1 else " ") + " and ".join(parts)
    them = " or ".join(f"--reg-group {g!r}" for g in alike)
    return (
        f"--reg-group {reg_group!r}: the data also has {groups}, the same name but for "
        f"spaces or capitals: its pupils are not in this check; check them with {them}, "
        "or correct the name in the MIS"
    )


class NoSuchGroup(AttcliError):
    """A --year-group or --reg-group (``options``, as typed) that holds no pupil of the
    exports, and why (``reason``): one school of a trust's ``--per-school`` run is said
    and skipped, not the end of the run."""

    def __init__(self, options: str, reason: str) -> None:
        super().__init__(f"{options}: {reason}")
        self.options, self.reason = options, reason


def _no_such_column(option: str, typed: str, what: str) -> NoSuchGroup:
    """The error of a group filter on exports that give no pupil such a group."""
    return NoSuchGroup(
        f"{option} {typed!r}",
        f"the exports give no pupil a {what} (no such column, or every cell of it blank): "
        f"export the register with the {what}, or give a pupil list that has it "
        "(--pupils FILE)",
    )


def _no_group_note(pupils: pl.DataFrame, column: str, what: str) -> str | None:
    """One line for the pupils of ``pupils`` with no ``column`` (``what``, for people),
    whom a filter on it leaves out of every group's check; None: none."""
    upns = sorted(pupils.filter(pl.col(column).is_null()).get_column("upn").to_list())
    if not upns:
        return None
    n = len(upns)
    named = _some_named(upns)
    return (
        f"{n} pupil{'s' if n != 1 else ''} of the exports {'have' if n != 1 else 'has'} no "
        f"{what} ({named}): in no {what}'s check; see them in the whole school's check, and "
        "give their group in the MIS"
    )


def _no_pupil_in_both(
    pupils: pl.DataFrame, year_group: str, yg: str, reg_group: str, as_of: dt.date
) -> NoSuchGroup:
    """The error of a --year-group and a --reg-group that each hold pupils of ``pupils``
    (as of ``as_of``) but no pupil together: what each holds."""
    from attcli.register import year_group_label, year_order

    forms = sorted(
        set(pupils.filter(pl.col("year_group") == yg).get_column("reg_group").drop_nulls())
    )
    years = (
        pupils.filter(pl.col("reg_group") == reg_group)
        .select("year_group")
        .drop_nulls()
        .unique()
        .sort(year_order())
        .get_column("year_group")
        .to_list()
    )
    label = year_group_label(yg)
    in_forms = (
        f"{label} is in registration group{'s' if len(forms) != 1 else ''} {', '.join(forms)}"
        if forms
        else f"{label} has no registration group"
    )
    holds = ", ".join(year_group_label(y) for y in years) or "no year group"
    return NoSuchGroup(
        f"--year-group {year_group!r} --reg-group {reg_group!r}",
        f"no pupil is in both as of {as_of:%d/%m/%Y} ({in_forms}; registration group "
        f"{reg_group} holds {holds})",
    )


def _history_read_once(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """``fn`` (whose arguments hold ``config``) with every read of that workspace's history
    inside it through one open (:func:`attcli.store.one_reader`: the weekly check opened it
    six times a run); its signature and words are ``fn``'s."""
    import functools
    import inspect

    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        from attcli.store import one_reader

        with one_reader(signature.bind(*args, **kwargs).arguments["config"]):
            return fn(*args, **kwargs)

    return run


def _looked_after(
    prepared: Prepared, ev: Evaluation, councils: Callable[[str], Sequence[str]] | None
) -> dict[str, LookedAfter]:
    """UPN -> what says each pupil is looked after, of those the one rule
    (:func:`attcli.looked_after.looked_after`) says so of: the register's column as of the
    check's date, and ``councils`` (contacts) where given; ``attcli check`` reads no
    contacts, so the column alone (sweeps lacfollow, lacla)."""
    marks = by_upn(prepared.looked_after_marks(ev.as_of))
    if councils is None:  # the column alone: the rule asked once a value (Y, N), not a pupil
        # (a LookedAfter is frozen: one shared by the pupils of a value; issue 15)
        said = {m: r for m in set(marks.values()) if (r := looked_after_rule((), m)).said}
        return {upn: said[marks[upn]] for upn in sorted(u for u, m in marks.items() if m in said)}
    upns = set(marks) | set(ev.pupils.get_column("upn").to_list())
    return {
        upn: said
        for upn in sorted(upns)
        if (said := looked_after_rule(councils(upn) if councils else (), marks.get(upn))).said
    }


@_history_read_once
def check_register(
    register: pl.DataFrame | Compact,
    config: Config,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    year_group: str | None = None,
    reg_group: str | None = None,
    warnings: Sequence[str] = (),
    corrections: pl.DataFrame | None = None,
    roll_dates: pl.DataFrame | None = None,
    pn_covered: Sequence[tuple[str, dt.date, str]] | None = None,
    typed_apart: pl.DataFrame | None = None,
    councils: Callable[[str], Sequence[str]] | None = None,
) -> CheckResult:
    """Evaluate ``register`` as of ``as_of`` and 7 days before, and group pupils by action.

    ``period_start`` is a shorter period the user stated (``--from``).  NEW compares with
    the same check 7 days earlier, when that date is in the same period.
    ``pn_covered``: the sessions that supported a notice on record, left out of the
    penalty-notice window (default: every notice's, :func:`attcli.store.covered_sessions`).
    ``typed_apart``: the UPN values the loader's note calls typed like another pupil's
    (:meth:`attcli.loaders.LoadResult.typed_apart_frame`), said beside such a pupil.
    ``councils``: UPN -> the councils holding parental responsibility among contacts read
    (:meth:`attcli.contacts.Contacts.councils`; the pupil record's): with the register's
    Looked After column, the one rule's sources for "is this pupil looked after" (None: the
    column alone, as ``attcli check``, which reads no contacts; sweep lacla).
    """
    from attcli.calendar import academic_year_start
    from attcli.coverage import BEFORE_DATA
    from attcli.snapshots import changes as snapshot_changes
    from attcli.snapshots import (
        foreign_run,
        latest_before,
        n_since,
        not_compared,
        thresholds_note,
    )
    from attcli.store import covered_sessions

    # sessions that already supported a notice on record never count again (DOMAIN.md 5)
    if pn_covered is None:
        pn_covered = covered_sessions(config, issued_by=as_of)
    prepared = prepare(register, config, roll_dates=roll_dates, pn_covered=pn_covered)
    now = Ask(as_of, period_start)
    day, start = prepared.dates_of(now)
    # NEW compares with the last run on record (a snapshot: docs/cases.md), else with the
    # same check 7 days earlier, when that date is in the same period: evaluated with this
    # week's, in one evaluation (issue 15)
    def comparable(date: dt.date) -> bool:  # in the data and in the same period
        return date >= prepared.first and date >= start

    # (of the figures' date: the data's last day when the as-of date is after it, as the
    # figures are; a run on record on or after it would read the older export's figures
    # as marks changed since, and the check 7 days before the as-of date, after the
    # data, as nothing new)
    seen = min(day, prepared.last)
    snap = latest_before(config, seen) if seen >= prepared.first else None
    before_note = None
    if snap is not None and not comparable(snap.as_of):
        # (the run on record is before these exports begin, or before the period: "this
        # week" exported alone after a check of the term; nothing compared with it, said
        # so, where the check promises what is new since last week)
        shorter = period_start is not None and start != academic_year_start(seen)
        before_note = _year_run_note(snap, start) if shorter else _run_before_note(snap, prepared.first, start)
        before_run = None if shorter else snap
        snap = None
    else:
        before_run = None
    unseen_note = later_run_note(config, seen, day, snap) or before_note
    if snap is not None and period_start is not None and start != academic_year_start(seen):
        # a run on record holds the school year's figures (check --record refuses --from):
        # a shorter period's are not compared with them, which would read every pupil's
        # as marks changed since (sweep "weekly")
        unseen_note = _year_run_note(snap, start)
        snap = None
    foreign = None
    if snap is not None and (foreign := foreign_run(snap, prepared.roll.pupils["upn"], config)):
        # (another school's run: every pupil NEW, every pupil of the run gone, said as such)
        unseen_note = f"{foreign}; NEW compares with the check 7 days earlier, not with that check"
        snap = None
    users_note = None
    if snap is None and foreign is None:
        from attcli.snapshots import strangers_note

        # (no run of its own before this one: another school's workspace, its name heading
        # the user folder's school's pupils? sweep blind3. Or a run of this very day, not
        # compared with, whose pupils none of these exports' are: another school's export,
        # said as `cme` says it; sweep blind4)
        users_note = strangers_note(config, prepared.roll.pupils["upn"].unique().to_list(), seen)
    # (with no run on record, the check a week before: before the figures' date, which is
    # the as-of date itself when no school day lies between the data's end and it, an
    # INSET Monday after a holiday with the register to the Friday before: Mon 2 Nov is
    # compared with Mon 19 Oct, as `cases` does, not with Fri 16 Oct; sweep oracle10)
    prev_as_of: dt.date | None = snap.as_of if snap is not None else week_before(config, prepared, day)
    if not comparable(prev_as_of):
        prev_as_of = None
    if before_run is not None and unseen_note == before_note:
        # (said once NEW's date is known: the check 7 days earlier may be in the data)
        unseen_note = _run_before_note(before_run, prepared.first, start, prev_as_of)
    if prev_as_of is None:
        ev, then = prepared.evaluate(as_of=as_of, period_start=period_start), None
    else:
        ev, then = prepared.evaluate_many(
            now, Ask(prev_as_of, period_start, flags_only=True)
        )
    # a run of unexplained absence that reached the CME threshold and ended since the run
    # compared with: the LA is to be told (DOMAIN.md 6), and no current run says so
    # (docs/decisions.md)
    reached = reached_since(
        ev, prev_as_of, "check recorded" if snap is not None else "check",
        grown=_runs_grown_since(snap, then, config),
    )  # fmt: skip
    members = membership(ev, reached)
    assert ev.coverage is not None and ev.coverage.period_start == start
    changes = None
    rules_note = None
    since = None
    late_notes: list[str] = []
    if snap is not None:
        assert then is not None
        then_start = then.coverage.period_start if then.coverage is not None else None
        since = n_since(snap, prepared.roll)
        prev = snap.pupils.select("school", "upn", pl.col("groups").alias("_prev"))
        # every pupil of these exports (one the check does not list is still in them)
        in_exports = set(
            prepared.roll.pupils.select(pl.col("school").fill_null(""), "upn").iter_rows()
        )
        # the exports start after the period's first school day (the new MIS's alone,
        # from the switch): past figures over fewer sessions than the run's are not
        # compared, said in one line (DOMAIN.md 2: what the exports cannot give)
        late = next((g for g in ev.coverage.gaps if g.kind == BEFORE_DATA), None)
        if late is not None:
            skipped = not_compared(snap, then.pupils, ev.coverage.data_start, late.start)
            if skipped:
                late_notes.append(skipped)
        changes = snapshot_changes(
            snap,
            ev.pupils.select(
                "school", "upn", "band", "attended", "possible", "on_roll", "left_on",
                "continuous_absence_days", "lates_half_term", "dob",
                # (the penalty-notice group left: said in figures, or by the age)
                "pn_window_sessions", "pn_window_start", "pn_window_end", "pn_first_met",
            ).join(members, on=["school", "upn"]).join(
                pn_aged_out(ev), on=["school", "upn"], how="left", nulls_equal=True
            ),
            then.pupils.select(
                "school", "upn", "attended", "possible", "unauthorised",
                "lates_half_term", "lates_flag", "on_roll",
                "sickness_sessions", "sickness_longest_days", "sickness_flag",
                "pn_window_sessions", "continuous_absence_days",
            ).join(  # (a part-time pupil's days missed, said by the sickness line)
                then.sickness_whole_days.rename({"days": "sickness_whole_days"}),
                on=["school", "upn"], how="left", nulls_equal=True,
            ),  # fmt: skip
            [b.name for b in config.bands],
            # (pupils whose N was corrected since, and how that moved their figures of
            # then: the corrections list says it, session by session, not a changed
            # figure again)
            explained=None if since is None else since.moves(),
            # (the run's N of each pupil given a late code now, and those not unauthorised
            # now: the most an N given its reason can move their figures of then; a figure that
            # moved further is a final code of then changed since, a disagreement,
            # DOMAIN.md 12)
            # (of the figures' own period: an N before it moves none of them)
            n_changed=None if since is None else since.changed(
                snap, late=config.late_codes, start=then_start
            ),
            n_lowering=None if since is None else since.changed(
                snap, lowering=True, start=then_start
            ),
            in_exports=in_exports,
            gone_notes=_new_upns(snap, prepared, day, in_exports),
            # (a band or the lateness group today's thresholds moved since: said so)
            rules=config,
            # (a group left or joined, a band moved, by a correction of the figures of
            # then since: said so)
            corrected=None if since is None else moved_by_corrections(
                snap, since.corrections,
                members.join(ev.pupils.select("school", "upn", "band"), on=["school", "upn"]),
                prepared, then, period_start
            ),
            # (a group left or joined by today's thresholds with the figures of then: said
            # so, not as the pupil's figures moving)
            groups_then=groups_then(then),
            noticed={upn for upn, _, _ in pn_covered},
            starts_late=late is not None,
            left_before=_left_before(snap, ev, prepared, in_exports),
            # (off the roll in that run, back since: said so, DOMAIN.md 1)
            back_on_roll=_back_on_roll(snap, ev),
            # (the lateness group left as a new half term began: said so, DOMAIN.md 4)
            half_terms={
                s or "": (cal.half_term_of(snap.as_of), cal.half_term_of(day))
                for s, cal in prepared.calendars.items()
            },
        )
        rules_note = thresholds_note(
            snap, changes, config.path.name if config.path is not None else "the config"
        )
    elif then is not None:
        # (the check 7 days earlier compared, as this one, with 7 days before it)
        then_since: dt.date | None = last_week(prepared.calendars.values(), then.as_of)
        if not comparable(then_since):
            then_since = None
        prev = membership(then, reached_since(then, then_since)).rename({"groups": "_prev"})
    else:
        prev = None
    if prev is not None and prev_as_of is not None:
        # the lateness group of another half term than this one's is not this one's: its
        # lates count afresh (DOMAIN.md 4), so a pupil in it then and now is NEW in it
        # (sweep "weekly2": a week skipped across a half term's turn hid it)
        other_half = [
            s or "" for s, cal in prepared.calendars.items()
            if cal.half_term_of(day) is not None
            and cal.half_term_of(day) != cal.half_term_of(prev_as_of)
        ]  # fmt: skip
        if other_half:
            prev = prev.with_columns(
                pl.when(pl.col("school").fill_null("").is_in(other_half))
                .then(pl.col("_prev").list.set_difference(pl.lit(["lates"], pl.List(pl.Utf8))))
                .otherwise(pl.col("_prev"))
                .alias("_prev")
            )
    if prev is not None:
        members = (
            members.join(prev, on=["school", "upn"], how="left")
            .with_columns(
                pl.col("groups")
                .list.set_difference(pl.col("_prev").fill_null(pl.lit([], pl.List(pl.Utf8))))
                .alias("new_groups")
            )
            .drop("_prev")
        )
    else:
        members = members.with_columns(pl.lit([], pl.List(pl.Utf8)).alias("new_groups"))
    pupils = ev.pupils.join(members, on=["school", "upn"], how="left").join(
        _reasons(ev, reached), on=["school", "upn"], how="left"
    )
    pupils = _with_next_notice(
        pupils,
        config,
        ev.as_of,
        every=as_of is None,
        # (the one rule, attcli.looked_after: the column, and the contacts where read)
        looked_after=_looked_after(prepared, ev, councils),
    )
    pupils = _with_window_n(pupils, ev)
    pupils = _with_window_missing(pupils, ev)
    pupils = _with_typed_apart(pupils, typed_apart)
    pupils = _with_letters_sent(pupils, ev)
    pupils = _with_letter_held(pupils, ev)
    if year_group is not None:
        from attcli.loaders import year_group_of

        yg = year_group_of(year_group)  # as the export's Year column is read
        known = sorted(set(ev.pupils.get_column("year_group").drop_nulls().to_list()))
        if not known:
            raise _no_such_column("--year-group", year_group, "year group")
        if yg not in known:
            raise NoSuchGroup(
                f"--year-group {year_group!r}",
                f"no such year group in the data (found: {', '.join(known)})",
            )
        pupils = pupils.filter(pl.col("year_group") == yg)
    if reg_group is not None:
        known = sorted(set(ev.pupils.get_column("reg_group").drop_nulls().to_list()))
        if not known:
            raise _no_such_column("--reg-group", reg_group, "registration group")
        if reg_group not in known and reg_group.strip() in known:
            reg_group = reg_group.strip()  # (a space copied with it; the name is as typed)
        if reg_group not in known:
            raise NoSuchGroup(
                f"--reg-group {reg_group!r}",
                f"no such registration group in the data (found: {', '.join(known)})",
            )
        pupils = pupils.filter(pl.col("reg_group") == reg_group)
        alike_note = _alike_groups_note(ev.pupils, reg_group, known, ev.as_of)
        if alike_note:
            warnings = [*warnings, alike_note]
    for option, column, what in (
        (year_group, "year_group", "year group"),
        (reg_group, "reg_group", "registration group"),
    ):
        # (a pupil of no group is in no group's check: said, or every head of year misses
        # them; sweep "groups")
        if option is not None and (note := _no_group_note(ev.pupils, column, what)):
            warnings = [*warnings, note]
    if year_group is not None and reg_group is not None and pupils.height == 0:
        # each filter holds pupils, the two together none: an empty check would read as
        # "nobody to act on" (sweep "groups")
        assert yg is not None  # (a year group in the data)
        raise _no_pupil_in_both(ev.pupils, year_group, yg, reg_group, ev.as_of)
    out_of_view = None
    if year_group is not None or reg_group is not None:
        # every pupil of the register, listed or not, by their groups as of the date
        view = pl.lit(True)
        if year_group is not None:
            view = view & (pl.col("year_group") == yg)
        if reg_group is not None:
            view = view & (pl.col("reg_group") == reg_group)
        out_of_view = (
            prepared.attributes(ev.as_of, ("year_group", "reg_group"))
            .filter(~view.fill_null(False))
            .select("school", "upn")
        )
    # the pupils a filter leaves out, keyed by school ("" for none) and UPN
    out_keys = (
        None if out_of_view is None
        else out_of_view.select(pl.col("school").cast(pl.Utf8).fill_null(""), "upn")
    )  # fmt: skip
    run_corrections = n_unmarked = off_roll = None
    notes: list[str] = []
    corrections_note = None
    if since is not None:
        assert snap is not None
        run_corrections, n_unmarked, off_roll = since.corrections, since.unmarked, since.off_roll
    if out_of_view is not None:
        # what changed since the run, and the corrections, of the pupils in view only, as
        # the data-quality list (a head of year 8's check listed year 7's changes: sweep
        # "history"); a pupil of the run gone from the exports, by their groups in it
        assert out_keys is not None
        hidden = out_keys
        if snap is not None and snap.places:
            gone = [
                k for k, (y, r) in snap.places.items()
                if (k[0] or "", k[1]) not in in_exports
                and ((year_group is not None and y != yg)
                     or (reg_group is not None and r != reg_group))
            ]  # fmt: skip
            hidden = pl.concat(
                [hidden, pl.DataFrame([(s or "", u) for s, u in gone],
                                      schema={"school": pl.Utf8, "upn": pl.Utf8}, orient="row")]
            )  # fmt: skip
        hidden = hidden.rename({"school": "_sk"})

        def in_view(frame: pl.DataFrame | None) -> pl.DataFrame | None:
            if frame is None or not frame.height:
                return frame
            return (
                frame.with_columns(pl.col("school").cast(pl.Utf8).fill_null("").alias("_sk"))
                .join(hidden, on=["_sk", "upn"], how="anti")
                .drop("_sk")
            )

        changes, corrections = in_view(changes), in_view(corrections)
        run_corrections, n_unmarked = in_view(run_corrections), in_view(n_unmarked)
        off_roll = in_view(off_roll)
        if snap is not None and changes is not None:
            rules_note = thresholds_note(
                snap, changes, config.path.name if config.path is not None else "the config"
            )
    if since is not None:
        assert snap is not None
        if corrections is not None and corrections.height:  # said once: between the exports
            run_corrections = run_corrections.join(
                corrections.select(
                    pl.col("school").cast(pl.Utf8).fill_null(""), "upn", "date",
                    pl.col("session").cast(pl.Utf8),
                ),
                on=["school", "upn", "date", "session"], how="anti",
            )  # fmt: skip
        corrections_note, notes = since_run_notes(
            snap, run_corrections, n_unmarked, since.outside, (since.first, since.last), off_roll
        )
    from attcli.joined import (
        band_across_upns,
        lates_across_upns,
        pn_across_upns,
        sickness_across_upns,
    )

    unseen: set[tuple[str, str]] = set() if out_keys is None else set(out_keys.iter_rows())
    # the part-time pupils absent at every other session `cme` lists apart from its runs
    # (the lead's decision on DOMAIN.md 6, sweep cmept): the absence group has them not, a
    # C2 session breaking a run (attcli.runs, cme's, loaded only when there is such a run)
    part_time: list[str] = []
    # (an evaluation of runs, none part-time maybe: a day of C2 alone between a child's
    # runs of N under two UPNs makes one across them, sweep leftovers11)
    if ev.part_time_runs.width:
        from attcli.joined import joined_runs

        pt_joined = joined_runs(ev, part_time=True)
        if ev.part_time_runs.height or pt_joined:  # (attcli.runs loaded only then: the
            # start-up test holds the check to what it uses)
            from attcli.runs import part_time_line

            part_time = [
                x for x in (part_time_line(ev, config.cme_days, unseen, pt_joined),) if x
            ]
        # a child's run across two UPNs among them: said, as the absence group's reasons
        # say a run of unexplained absence across them (sweep parttime2)
        part_time += [
            j.line() for j in pt_joined
            if j.reaches(config.cme_days)
            and not all((j.school or "", u) in unseen for u in j.upns)
        ]  # fmt: skip
    # (a notice is kept by UPN: one in view in any school is shown)
    hidden_upns = {u for _, u in unseen} - set(pupils.get_column("upn").to_list())
    if (
        out_of_view is None
        and foreign is None
        and (period_start is None or start == academic_year_start(seen))
        and (same_day := same_day_run_note(config, prepared.roll, seen)) is not None
    ):
        notes = [*notes, same_day]  # (the same week re-exported: its N given reasons since)
    result = CheckResult(
        ev,
        prev_as_of,
        groups_for(config),
        pupils,
        ([users_note] if users_note else [])
        + list(warnings) + ev.warnings + history_lines(ev, hidden_upns)
        + pn_across_upns(ev, unseen) + pn_by_another_birth(ev, unseen)
        + sickness_across_upns(ev, unseen)
        + lates_across_upns(ev, unseen) + band_across_upns(ev, unseen) + notes
        + late_notes
        + part_time
        + ([unseen_note] if unseen_note else []),
        corrections,
        snap,
        changes,
        out_of_view,
        run_corrections,
        n_unmarked,
    )
    result.run_corrections_note = corrections_note
    result.compare_note = unseen_note
    result.thresholds_note = rules_note
    if year_group is not None or reg_group is not None:
        result.view = (yg if year_group is not None else None, reg_group)
    return result


#: The pupils' figures of a group said when a correction moved them
#: (:func:`moved_by_corrections`): (column, words, how a value reads).
_GROUP_FIGURES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "absence": (("continuous_absence_days", "run", "days"),
                ("longest_absence_days", "longest run", "days")),
    "pn": (("pn_window_sessions", "penalty-notice window", "sessions"),),
    "sickness": (("sickness_sessions", "illness sessions", ""),
                 ("sickness_longest_days", "longest run of illness", "days")),
    "lates": (("lates_half_term", "lates this half term", ""),),
}  # fmt: skip


def _corrected_sessions(part: pl.DataFrame) -> str:
    """One pupil's corrections since the run (:func:`attcli.snapshots.n_since`) in a few
    words, a code at a time: "6 sessions 29/09-01/10 N -> I"."""
    out = []
    for (code,), rows in part.sort("date", "session").group_by("now", maintain_order=True):
        n, first, last = rows.height, rows.get_column("date").min(), rows.get_column("date").max()
        if n == 1:
            when = f"{first:%d/%m} {rows.get_column('session')[0]}"
        else:
            when = f"{n} sessions {first:%d/%m}" + (f"-{last:%d/%m}" if last != first else "")
        out.append(f"{when} {rows.get_column('was')[0]} -> {code}")
    return ", ".join(out)


def moved_by_corrections(
    snap: Snapshot,
    corrections: pl.DataFrame,
    members: pl.DataFrame,
    prepared: Prepared,
    then: Evaluation | None,
    period_start: dt.date | None,
) -> dict[tuple[str, str], dict[str, str]]:
    """(school, upn) -> {group: what to say} for each group (not a band) a pupil left or
    joined since ``snap`` (in it then and not now, ``members``, or the other way round)
    because a register correction since moved its figures as of the run's date, and
    {"band": ...} when the correction moved the pupil's band as of that date:
    ``corrections``, the N of the run given another code since
    (:func:`attcli.snapshots.n_since`: sessions the run already covered).  The figures
    before are the register with those sessions N again (:meth:`Prepared.reverted`, the
    pupils concerned alone), after, ``then`` (this register as of the run's date), both by
    today's config: "register corrected since that check (6 sessions 29/09-01/10 N -> I): as
    of 10/10/2025 unauthorised 20 -> 14, run 10 -> 7 days".  ``members``: school, upn,
    groups (this run), and band (this run's, said when the correction's band of then is not it).

    A group left: when by the corrected register the pupil was still in it on that date,
    that they have left it since as well (time passed too).  A group joined: only when
    the register before the correction did not put them in it (by today's thresholds: the
    run keeps none, so a pupil it would have put there was moved by a threshold, not by
    the correction: :func:`attcli.snapshots.changes`' ``flag_rule``); when by the
    corrected register they were not in it on that date either, that they joined it since
    as well.  A band: "as of 10/10/2025 attendance 71.4 % -> 100.0 %" (with the bands of
    then and "amber since" when the corrected register's band of then is not today's).  A
    move no correction's figures made is not here: time alone (the pupil came back, the
    window moved on) is an ordinary change."""
    if then is None or not corrections.height:
        return {}
    old = {
        (s or "", u): {g for g in gs or () if not g.startswith("band:")}
        for s, u, gs in snap.pupils.select("school", "upn", "groups").iter_rows()
    }
    now = {
        (s or "", u): {g for g in gs or () if not g.startswith("band:")}
        for s, u, gs in members.select("school", "upn", "groups").iter_rows()
    }
    corrections = corrections.with_columns(pl.col("school").fill_null(""))
    band_now = (
        {(s or "", u): b for s, u, b in members.select("school", "upn", "band").iter_rows()}
        if "band" in members.columns
        else {}
    )
    band_then = {
        (s or "", u): b for s, u, b in snap.pupils.select("school", "upn", "band").iter_rows()
    }
    unauth_then = (
        {
            (s or "", u): n
            for s, u, n in snap.pupils.select("school", "upn", "unauthorised").iter_rows()
        }
        if "unauthorised" in snap.pupils.columns
        else {}
    )
    # (the pupils of the run with a correction whose groups or band changed since: only
    # they are evaluated again)
    moved_keys = [
        k
        for k in set(corrections.select("school", "upn").iter_rows())
        if k in old
        and k in now
        and (old[k] != now[k] or band_then.get(k) != band_now.get(k, band_then.get(k)))
    ]
    if not moved_keys:
        return {}
    keys = pl.DataFrame(moved_keys, schema={"school": pl.Utf8, "upn": pl.Utf8}, orient="row")
    mine = corrections.join(keys, on=["school", "upn"], how="semi")
    reverted = prepared.reverted(mine).evaluate_many(
        Ask(then.as_of, period_start, flags_only=True)
    )[0]
    before = reverted.pupils.with_columns(pl.col("school").fill_null(""))

    def groups_of(ev: Evaluation) -> dict[tuple[str, str], set[str]]:
        return {
            (s or "", u): set(gs)
            for s, u, gs in membership(ev)
            .join(keys, left_on=[pl.col("school").fill_null(""), "upn"],
                  right_on=["school", "upn"], how="semi")
            .select("school", "upn", "groups")
            .iter_rows()
        }  # fmt: skip

    after = then.pupils.with_columns(pl.col("school").fill_null("")).join(
        keys, on=["school", "upn"], how="semi"
    )
    by = {(r["school"], r["upn"]): r for r in after.iter_rows(named=True)}
    was_in, still = groups_of(reverted), groups_of(then)
    day = f"{then.as_of:%d/%m/%Y}"
    lines = reading_lines(then.config)

    def shown(v: object) -> str:
        if v is None:
            return "not met"
        return f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else str(v)

    # each pupil's corrections, split once (a filter of them all a pupil grew with the
    # pupils times the corrections)
    mine_of = mine.partition_by("school", "upn", as_dict=True)
    out: dict[tuple[str, str], dict[str, str]] = {}
    for b in before.iter_rows(named=True):
        key = (b["school"], b["upn"])
        a = by.get(key)
        if a is None:
            continue
        which = mine_of.get(key, mine.clear())
        head = f"register corrected since that check ({_corrected_sessions(which)}): as of {day} "
        left, joined = old[key] - now[key], now[key] - old[key]
        for g in sorted(left | joined):
            if g in joined and g in was_in.get(key, set()):
                continue  # (today's thresholds put them in it without the correction)
            moved = []
            for col, words, unit in _GROUP_FIGURES.get(g, ()):
                if b[col] != a[col]:
                    moved.append(f"{words} {b[col]} -> {a[col]}" + (f" {unit}" if unit else ""))
                    if col == "continuous_absence_days":
                        break  # (the run the group is about: not the longest besides)
            if g == "pn" and b["pn_first_met"] != a["pn_first_met"]:
                first = f"first met {shown(b['pn_first_met'])} -> {shown(a['pn_first_met'])}"
                moved = [f"{moved[0]} ({first})"] if moved else [first]
            if not moved:
                continue  # (the correction moved none of the group's figures: time did)
            if g in ("absence", "pn") and b["unauthorised"] != a["unauthorised"]:
                moved.insert(0, f"unauthorised {b['unauthorised']} -> {a['unauthorised']}")
            text = head + ", ".join(moved)
            kept = snap.lates.get(key) if g == "lates" else None
            if (
                kept is not None
                and kept[1] == ",".join(sorted(set(then.config.late_codes)))
                and kept[0] != b["lates_half_term"]
            ):
                # (the run counted other lates than the corrections undone give: a late mark
                # of then changed since besides, a disagreement, never put down to them;
                # DOMAIN.md 12)
                text = (
                    f"register corrected since that check ({_corrected_sessions(which)}), and a "
                    "late mark of then changed since besides (not an N given its reason: "
                    f"check the marks in the MIS): as of {day} lates this half term "
                    f"{kept[0]} -> {a['lates_half_term']} ({b['lates_half_term']} -> "
                    f"{a['lates_half_term']} by the corrections)"
                )
            if g in ("absence", "pn") and unauth_then.get(key) not in (None, b["unauthorised"]):
                # (likewise the unauthorised sessions the run counted: a final code of then
                # changed besides, never put down to the corrections; DOMAIN.md 12)
                text += (
                    f"; and a mark of then changed since besides (not an N given its reason: "
                    f"check the marks in the MIS): that check counted {unauth_then[key]} "
                    f"unauthorised as of {day}"
                )
                if g == "pn":
                    # (and its window, the run's own count, kept since history version 22;
                    # the figures above are the corrections', sweep leftovers12)
                    window = snap.pn_windows.get(key)
                    text += (
                        f", {percent.counted(window, 'session')} in its penalty-notice window"
                        if window is not None
                        else " (its penalty-notice window count was not kept: a check recorded "
                        "before attcli kept it)"
                    )
            if g in left and g in still.get(key, set()):
                text += f"; still in it as of {day} by the corrected register: left it since as well"
            if g in joined and g not in still.get(key, set()):
                text += f"; not in it as of {day} by the corrected register: joined it since as well"
            out.setdefault(key, {})[g] = text
        if b["band"] != a["band"]:
            text = head + (
                f"attendance {percent.pct_text(b['attended'], b['possible'], lines, unit=' %')} -> "
                f"{percent.pct_text(a['attended'], a['possible'], lines, unit=' %')}"
            )
            if a["band"] != band_now.get(key, a["band"]):
                text += (
                    f", {b['band'] or 'no band'} -> {a['band'] or 'no band'}; "
                    f"{band_now[key] or 'no band'} since"
                )
            out.setdefault(key, {})["band"] = text
    return out


def _new_upns(
    snap: Snapshot, prepared: Prepared, day: dt.date, in_exports: set[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """(school, UPN) of a pupil of the run in none of these exports -> the line saying a
    UPN new to the record in them has their surname, forename and date of birth
    (:func:`attcli.loaders.upn_replaced`), said beside their change."""
    from attcli.loaders import upn_replaced

    gone = [(*k, *v) for k, v in snap.names.items() if k not in in_exports]
    if not gone:
        return {}
    schema = {"school": pl.Utf8, "upn": pl.Utf8, "surname": pl.Utf8, "forename": pl.Utf8,
              "dob": pl.Date}  # fmt: skip
    on_record = snap.pupils.select(pl.col("school").fill_null(""), "upn")
    arrived = prepared.attributes(day, ("surname", "forename", "dob")).with_columns(
        pl.col("school").fill_null("")
    )
    if not {"surname", "forename", "dob"} <= set(arrived.columns):
        return {}
    arrived = arrived.join(on_record, on=["school", "upn"], how="anti")
    out: dict[tuple[str, str], str] = {}
    for key, line in upn_replaced(
        pl.DataFrame(gone, schema=schema, orient="row"), arrived,
        f"the check recorded as of {snap.as_of:%d/%m/%Y}", short=True,
    ):  # fmt: skip
        out[key] = f"{out[key]}; {line}" if key in out else line
    return out


def same_day_run_note(config: Config, roll: Compact, seen: dt.date) -> str | None:
    """The line on the `N` of a run on record as of the check's own date (``seen``) that
    these exports now give their reasons: the same week re-exported after the MIS's
    corrections and checked again.  NEW compares with the run before it (a run does not
    compare with itself, sweep blind5), so these corrections were listed only by the next
    week's check (DOMAIN.md 12: "the correction is listed"; sweep blind9).  None with no
    such run, or none corrected since it."""
    from attcli.datetext import recorded_time
    from attcli.snapshots import latest_before, n_since

    # (the newest run on record up to the check's date, read whole only when of that date:
    # most weeks it is last week's)
    same = latest_before(config, seen + dt.timedelta(days=1), only_on=seen)
    if same is None:
        return None
    since = n_since(same, roll)
    if since is None or not since.corrections.height:
        return None
    n, c = since.corrections.height, since.corrections.row(0, named=True)
    return (
        f"{n} N session{'s' if n != 1 else ''} on record in the check recorded "
        f"{recorded_time(same.taken_at)} as of this same date ({seen:%d/%m/%Y}) now "
        f"{'have their reasons' if n != 1 else 'has its reason'} in the exports, e.g. "
        f"{_corrected(c)}: register correction{'s' if n != 1 else ''} since that check (NEW compares with the "
        "week before it)"
    )


def _corrected(c: Mapping[str, Any]) -> str:
    """A register correction of an N on record as the check's notes give one for example
    (a row of :data:`attcli.snapshots.RUN_CORRECTION_SCHEMA`): "P 05/10/2026 AM N -> I
    (export.csv)"."""
    return f"{c['upn']} {c['date']:%d/%m/%Y} {c['session']} N -> {c['now']} ({c['file']})"


def since_run_notes(
    snap: Snapshot,
    corrections: pl.DataFrame,
    unmarked: pl.DataFrame,
    outside: int,
    dates: tuple[dt.date | None, dt.date | None],
    off_roll: pl.DataFrame | None = None,
) -> tuple[str | None, list[str]]:
    """What became of the N sessions on record in the last run
    (:func:`attcli.snapshots.n_since`): the line counting the corrections (None: none;
    for an output that does not list them), and the notes on the N now with no mark, those
    now outside the pupil's time on roll (``off_roll``: no mark to fix, but a leaving date
    set before days of unexplained absence, DOMAIN.md 6, is never unsaid; sweep blind9)
    and those outside the exports' dates, which are not compared."""
    run = f"the check recorded as of {snap.as_of:%d/%m/%Y}"
    corrected = None
    if corrections.height:
        n, c = corrections.height, corrections.row(0, named=True)
        corrected = (
            f"{n} register correction{'s' if n != 1 else ''} since {run}: an N on record in "
            f"that check replaced by the code the exports now give, e.g. {_corrected(c)}"
        )
    out = []
    if unmarked.height:
        n, u = unmarked.height, unmarked.row(0, named=True)
        out.append(
            f"{n} N session{'s' if n != 1 else ''} on record in {run} now with no mark in the "
            f"exports, e.g. {u['upn']} {u['date']:%d/%m/%Y} {u['session']}: a problem to fix "
            "in the MIS, not a correction (a penalty notice may rest on it)"
        )
    if off_roll is not None and off_roll.height:
        n, first = off_roll.height, off_roll.row(0, named=True)
        theirs = off_roll.filter(
            pl.col("school").eq_missing(first["school"]) & (pl.col("upn") == first["upn"])
        ).get_column("date")
        k, lo, hi = theirs.len(), theirs.min(), theirs.max()
        span = f"{lo:%d/%m/%Y}" if lo == hi else f"{lo:%d/%m/%Y} to {hi:%d/%m/%Y}"
        out.append(
            f"{n} N session{'s' if n != 1 else ''} on record in {run} "
            f"{'is' if n == 1 else 'are'} now outside the pupil's time on roll (the pupil has "
            f"since been given a leaving date before {'it' if n == 1 else 'them'}), e.g. {first['upn']} {span} ({k} "
            f"session{'s' if k != 1 else ''}): no mark to fix, but check the leaving date is "
            "right, and that a child absent without reason, then taken off roll, was deleted "
            "lawfully and the local authority told"
        )
    if outside:
        first, last = dates
        out.append(
            f"{outside} N session{'s' if outside != 1 else ''} on record in {run} "
            f"{'is' if outside == 1 else 'are'} outside the exports' dates ({first:%d/%m/%Y} "
            f"to {last:%d/%m/%Y}): not compared; give the exports that hold them to see "
            "whether they were corrected"
        )
    return corrected, out


#: what the check does where a cell of the register's looked-after column is no yes/no
#: value: said after the error (:func:`attcli.loaders.obtain_looked_after`)
WITHOUT_LOOKED_AFTER = (
    "The check read the register without its looked-after column: no pupil is known to be "
    "looked after, and a penalty-notice fine is quoted as for any pupil (check a "
    "looked-after pupil's with the Virtual School Head)"
)


def run_check(
    exports: Sequence[Path] | LoadResult,
    config: Config,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    year_group: str | None = None,
    reg_group: str | None = None,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
) -> CheckResult:
    """Load the exports and run the weekly check: what ``attcli check`` does.

    ``pupils``: a pupil list (``--pupils``) for a register keyed by an MIS id, whose
    joining and leaving dates decide each pupil's time on roll (DOMAIN.md 1).  ``exports``
    may be a load already made (a school's part of a trust's shared export)."""
    from attcli.loaders import obtain_looked_after

    # the check's output has no pupil attribute (gender, SEN, ...): they are not read; but
    # the looked-after column stops a fine being quoted (_with_next_notice).  A cell of it
    # that is no yes/no value ('PLAC') would stop the whole weekly check, which reads the
    # column for the fine alone: read without it, and said (letters, which hold a warning
    # letter by it, still refuse the file)
    loaded = obtain_looked_after(
        exports, config, preset=preset, progress=progress, pupils=pupils,
        without=WITHOUT_LOOKED_AFTER,
    )  # fmt: skip
    return check_register(
        loaded.take_compact(),
        config,
        as_of=as_of,
        period_start=period_start,
        year_group=year_group,
        reg_group=reg_group,
        warnings=loaded.warnings,
        corrections=loaded.corrections,
        roll_dates=loaded.roll_dates,
        typed_apart=loaded.typed_apart_frame(),
    )


__all__ = ["PUPIL_FIELDS", "CheckResult", "Group", "check_register", "run_check"]
