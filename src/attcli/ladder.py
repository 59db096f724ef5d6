"""Where a pupil stands on the school's escalation ladder: the rules of docs/cases.md,
in plain Python, one pupil at a time.

Everything here is a pure function of the ladder, the pupil's records (what staff did,
and when), their attendance over any window of dates and the as-of date, so the same
pupil is placed the same way on any machine and in any week, and a test can work each
step out by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from attcli.config import (
    LONGEST_HOLIDAY,
    NOTICE_TO_IMPROVE_ACTION,
    Band,
    Config,
    HalfTerm,
    Ladder,
    Stage,
    band_range,
    letter_name,
)
from attcli.coverage import improvement_period, term_school_days
from attcli.percent import PA_AT_MOST, counted, pct_text, threshold_text

#: attended, possible over a window of dates (both ends included)
Window = Callable[[dt.date, dt.date], tuple[int, int]]
#: the first and last day from ``a`` to ``b`` that may hold sessions the exports given do
#: not hold (None: none)
Unheld = Callable[[dt.date, dt.date], "tuple[dt.date, dt.date] | None"]
#: the judgement the last run on record made of a period (stage, first and last day) the
#: exports given do not hold: True when it was judged improved, None when it does not say
OnRecord = Callable[[Stage, dt.date, dt.date], "bool | None"]
DAY = dt.timedelta(days=1)
#: statuses a pupil has while on the ladder (``left``: listed the week they leave only;
#: ``not_improved``: the period was not improved and the stage after it is a band's the
#: pupil's band does not call for, with a band's stage or none after it, or the pupil over
#: 90 %: they stay at the stage, nothing due)
ON_LADDER = frozenset({"monitoring", "due", "review", "last", "not_improved"})


@dataclass(frozen=True)
class Standing:
    """What triggers a stage's condition: attendance (exact), band and the check's groups."""

    attended: int
    possible: int
    band: str | None
    flags: frozenset[str]
    on_roll: bool = True
    #: off roll: the last day on roll (None: on roll, or not known)
    left_on: dt.date | None = None
    #: the days of the penalty-notice window's counted unauthorised sessions, one per
    #: session, and the threshold (``[penalty_notice] sessions``): what the ``pn`` flag
    #: rests on, for a pupil who has left the ladder (:func:`condition_standing`).  None:
    #: not known (a run on record's figures), the flag read as it stands
    pn_days: tuple[dt.date, ...] | None = None
    pn_needed: int = 0


@dataclass(frozen=True)
class Review:
    """A monitoring period judged (docs/cases.md step 3): its stage (a passed-over one's
    own), first and last day, attendance before it and over it, and the verdict (None:
    cannot be judged)."""

    stage: Stage
    since: dt.date
    end: dt.date
    before: tuple[int, int]
    after: tuple[int, int]
    improved: bool | None
    #: why it cannot be judged on its figures (:func:`too_few_text`), else ""
    why: str = ""


@dataclass
class Case:
    """A pupil's place on the ladder as of a date (docs/cases.md, "What attcli cases shows")."""

    status: str | None = None  # None: not on the ladder (and not listed)
    stage: Stage | None = None  # the current stage (its action recorded)
    since: dt.date | None = None
    period_end: dt.date | None = None
    #: a period of weeks begun in a holiday: the first school day after, its weeks counted
    #: from (:func:`weeks_from`); None: from ``since`` (sweep leftovers17)
    weeks_from: dt.date | None = None
    before: tuple[int, int] | None = None
    since_att: tuple[int, int] | None = None
    improved: bool | None = None
    due_stage: Stage | None = None
    due_from: dt.date | None = None
    reviewed_on: dt.date | None = None
    #: the last period judged (its last day ``reviewed_on``): a period that starts after
    #: it (``stay``, a step-down, a stage passed over) puts its own in ``since`` to
    #: ``since_att``, so a review is shown from this one
    review: Review | None = None
    left_on: dt.date | None = None
    #: records made while a later stage was due (stage, date): they moved nothing
    repeats: tuple[tuple[Stage, dt.date], ...] = ()
    #: a stage due by its condition in the last run on record that cannot be judged now
    #: (no figure yet): the as-of date of the run it was first due in (docs/cases.md,
    #: "No longer due")
    carried_from: dt.date | None = None
    #: the period's judgement needs sessions of these days (first, last), which the exports
    #: given do not hold: it cannot be judged from them (docs/cases.md step 3)
    not_held: tuple[dt.date, dt.date] | None = None
    #: status ``not_improved``: the stage after the period, a band's, not due while the
    #: pupil's band is better than its (docs/cases.md step 4)
    waiting: Stage | None = None
    #: a band's stage the pupil's band does not call for, passed over after a period not
    #: improved because the stage after it is no band's and the pupil is persistently
    #: absent (at or below 90 %): its period runs without its action (``since`` to
    #: ``period_end`` are then its), and the stage after it falls due
    #: when that period is not improved either (docs/cases.md step 4); ``stage`` stays the
    #: one acted on.  ``passed_band``: the pupil's band it was passed over at
    passed: Stage | None = None
    passed_band: str | None = None
    #: why the letter due is held for a person to review (the letters' hold rule,
    #: DOMAIN.md 9; set by attcli.cases.run): listed apart, not as a letter to send
    held: str | None = None
    #: status ``monitoring`` in a period of ``half_terms`` that runs past the last half term
    #: listed: its end (``period_end``) is not known until the next ones are added
    #: (docs/cases.md step 2)
    end_unknown: bool = False
    #: the period reviewed was improved by the school's rule, but its own figure still
    #: meets the condition of the stage acted on (``band red``): the pupil stays at it,
    #: another period running (docs/cases.md step 4)
    kept_in: str | None = None
    #: the records that began a stage (stage, date), oldest first: those step 7 does not
    #: pass over; each began a monitoring period (a referral pack lists them)
    begun: tuple[tuple[Stage, dt.date], ...] = ()
    #: a stage due by its condition for a pupil who had left the ladder: the figure the
    #: condition was judged on, their attendance since leaving (``left_on``), not the year
    #: to date the row shows (docs/cases.md): the evidence the row gives for the step
    since_left: tuple[int, int] | None = None
    #: a letter step due that `attcli letters` sends no letter for now, and why (set by
    #: attcli.cases.run): a band's letter that goes once a term whose term's letter went in
    #: an earlier half term (the letters' words), or a band's letter for a pupil with no
    #: band this school year yet (too few sessions): not a letter to send this week
    not_now: str | None = None
    #: the stage due is the ladder's ``when_not_improved_over = "term"`` stage, due because
    #: the term since the first step of this time on the ladder (``Review.since`` to
    #: ``Review.end``) was not improved (:func:`term_review`; docs/cases.md step 4, "A term
    #: without improvement"): the figures it was judged on
    term: Review | None = None
    #: on the ladder: the day of the first step of this time on it (the first record made
    #: while the pupil was off it), from which a term is judged (:func:`term_review`)
    first: dt.date | None = None
    #: why the term since ``first`` cannot be judged, in a sentence: the term dates do not
    #: hold the term ``first`` is in (:func:`term_unlisted`); None: nothing to say
    term_unknown: str | None = None

    @property
    def on_ladder(self) -> bool:
        return self.status in ON_LADDER

    @property
    def due(self) -> str | None:
        if self.status == "due" and self.not_now:
            return None
        if self.status == "due" and self.due_stage is not None:
            return "held" if self.held else self.due_stage.action
        if self.status == "review":
            return "review"
        return None


@dataclass(frozen=True)
class ReviewWindow:
    """The periods a run lists as ended now (docs/cases.md step 4, "Reviews ending this
    week"): those whose last day is after ``after`` and on or before the as-of date.
    ``holiday``: the days off school (first, last) between the last school week and the
    as-of date's week, when the window reaches back over them (None: the week before is a
    school week, the window is the 7 days up to the as-of date)."""

    as_of: dt.date
    after: dt.date
    holiday: tuple[dt.date, dt.date] | None = None
    #: the window reaches back past the last school week to the last run on record (no
    #: run on record since it: weeks without a run)
    since_run: bool = False

    def lists(self, day: dt.date | None) -> bool:
        return day is not None and self.after < day <= self.as_of

    def in_holiday(self, day: dt.date) -> bool:
        return self.holiday is not None and self.holiday[0] <= day <= self.holiday[1]

    @property
    def over_a_holiday(self) -> bool:
        return self.holiday is not None


def review_window(
    as_of: dt.date,
    school_days: Sequence[dt.date],
    school_weeks: Sequence[dt.date],
    last_run: dt.date | None = None,
) -> ReviewWindow:
    """Which periods' ends a run as of ``as_of`` lists as ended now (docs/cases.md step 4):
    those after the as-of date's weekday in the last school week before its own week (the
    day the weekly run stood then) and on or before ``as_of``.  With a school week before
    it, that is the 7 days up to ``as_of``, as it always was; across a holiday it reaches
    back to the last school week, so a period ending in the holiday (no run's as-of date
    falls there) is listed in the first run after it, once; but never back before a run on
    record (``last_run``) since, which listed it already (in term time too: a week's run
    made a day early because its day is an INSET day, sweep of 5 December, cadence).  ``school_weeks``: the Mondays
    of the school's school weeks (:class:`attcli.calendar.Calendar`); no school week before
    the as-of date's: the 7 days.  A run on record older than that (school weeks without a
    run) listed nothing since its date: the window reaches back to it, so what ended and
    who left in those weeks is listed, once."""
    this = as_of - dt.timedelta(days=as_of.weekday())
    weeks = [w for w in school_weeks if w < this]
    if not weeks or weeks[-1] == this - 7 * DAY:
        after = as_of - 7 * DAY
        if last_run is not None and last_run < after:
            return ReviewWindow(as_of, last_run, since_run=True)
        if last_run is not None and after < last_run < as_of:
            # a run on record since (a week's run a day early for an INSET day, or a
            # second run in the week) listed what had ended by its date: not again
            after = last_run
        return ReviewWindow(as_of, after)
    after = as_of - (this - weeks[-1])
    if last_run is not None and last_run < after:
        last_day = max((d for d in school_days if d < this), default=weeks[-1] + 4 * DAY)
        back = min((d for d in school_days if d > last_day), default=this)
        return ReviewWindow(as_of, last_run, (last_day + DAY, back - DAY), since_run=True)
    if last_run is not None and after < last_run < as_of:
        after = last_run  # a run in the holiday listed what ended by its date
    last_day = max((d for d in school_days if d < this), default=weeks[-1] + 4 * DAY)
    back = min((d for d in school_days if d > last_day), default=this)
    return ReviewWindow(as_of, after, (last_day + DAY, back - DAY))


def waits_text(c: Case) -> str:
    """"Red letter waits for band red or a worse one" (status ``not_improved``), else "": the
    casebook's and the pupil record's words."""
    w = c.waiting
    if c.status != "not_improved" or w is None:
        return ""
    if w.when_band is None and w.while_below is not None:
        return f"{w.title} waits for attendance below {threshold_text(w.while_below)} %"
    return f"{w.title} waits for band {w.when_band} or a worse one"


def overdue(case: Case, window: ReviewWindow | None) -> bool:
    """Whether ``case``'s step due fell due by the last school week's run (its day before
    ``window``, the run's review window, step 4) and is still not recorded: overdue (one
    due from a day of this week is due now)."""
    day = case.due_from
    return window is not None and day is not None and day <= window.after


def moved_weeks_text(case: Case) -> str:
    """Where a monitoring period of weeks begun in a holiday runs from: "4 weeks from
    02/11/2026, the first school day after the holiday" (:func:`weeks_from`; sweep
    leftovers17), or "": its end is not its start plus the weeks, and a row showing the
    letter's date and the end alone reads as a period too long (sweep leftovers18)."""
    if case.status != "monitoring" or case.weeks_from is None or case.stage is None:
        return ""
    return (
        f"{counted(case.stage.weeks or 0, 'week')} from {case.weeks_from:%d/%m/%Y}, the first "
        "school day after the holiday"
    )


def standing_text(case: Case, window: ReviewWindow | None = None, how: str = "") -> str | None:
    """Where ``case`` stands on the ladder, in a line for the pupil's record (docs/cases.md:
    the stage acted on and its period, and the step due by the ladder), or None off it.
    A letter step due is named, and left to `attcli letters`, which sends it or says why
    not (the casebook's lists say a band's letter that goes next term); any step is due from
    its date until its action is recorded, and ``Case.held`` (set by
    :func:`attcli.placing.hold_steps`) says why a person reviews it first.  ``window``: the
    run's review window, by which a step due is called overdue as `cases` calls it;
    ``how``: :func:`review_how`'s words, said after the review's why."""
    late = ", overdue" if overdue(case, window) else ""
    if not case.on_ladder:
        return None
    parts = []
    if case.stage is not None and case.since is not None:
        stage = f"{case.stage.title} since {case.since:%d/%m/%Y}"
        if case.status == "monitoring" and case.end_unknown:
            stage += f", its period ends {END_UNKNOWN_TEXT}"
        elif case.status == "monitoring" and case.period_end is not None:
            stage += f", its period to {case.period_end:%d/%m/%Y}"
            if moved := moved_weeks_text(case):  # (begun in a holiday: sweep leftovers17)
                stage += f" ({moved})"
        parts.append(stage)
    if passed := passed_text(case):
        parts.append(passed)
    due = case.due_stage
    if case.status == "due" and due is not None and due.action != "letter":
        parts.append(
            f"{due.title} due"
            + (f" from {case.due_from:%d/%m/%Y}{late}" if case.due_from is not None else "")
            + (f" ({term})" if (term := term_text(case)) else "")
            + (f", held for review: {case.held}" if case.held else "")
        )
    elif case.status == "due" and due is not None:  # a letter step (sweep wording)
        what = f"the {letter_name(due.template)} letter" if due.template else "a letter"
        # (not where the stage's title names it: "Severe letter (the severe letter) due"
        # said it twice; sweep leftovers20)
        named = what.removeprefix("the ").casefold() in due.title.casefold()
        parts.append(
            f"{due.title}{'' if named else f' ({what})'} due"
            + (f" from {case.due_from:%d/%m/%Y}{late}" if case.due_from is not None else "")
            + (
                f", held for review: {case.held}"
                if case.held
                else ": attcli letters --dry-run shows whether it goes this week, or why not"
            )
        )
    elif case.status == "review":
        parts.append(
            "a review by hand due"
            + (f" from {case.due_from:%d/%m/%Y}{late}" if case.due_from is not None else "")
            + (f" ({why})" if (why := "; ".join(x for x in (review_why(case), how) if x)) else "")
        )
    elif case.status == "last":
        parts.append("the ladder's last step")
    elif waits := waits_text(case):
        parts.append(f"not improved; {waits}")
    if case.term_unknown:  # (a term it cannot judge, said as the casebook's note says it)
        parts.append(case.term_unknown)
    return "; ".join(parts) or None


def review_why(case: Case) -> str:
    """Why a review by hand is due when the exports given do not hold the days the period's
    judgement needs (docs/cases.md step 3), naming them; or, its days held, why its figures
    cannot judge it (:attr:`attcli.ladder.Review.why`: a period all in a holiday, the
    Summer 2 letter sent after the last school day, has no session: it said nothing, sweep
    slips7); "" otherwise.  The casebook's row and the pupil record's ladder line say it
    (moved here from cases.run, which alone said it)."""
    if case.status != "review" or case.stage is None:
        return ""
    if case.not_held is None:
        why = case.review.why if case.review is not None else ""
        if not why or case.period_end is None:
            return ""
        return (
            f"the {case.stage.name} period {span_text(case.since, case.period_end)} cannot be "
            f"judged: {why}"
        )
    return (
        f"the {case.stage.name} period {span_text(case.since, case.period_end)} cannot be "
        f"judged from the exports given: they do not hold {span_text(*case.not_held)}; give "
        "the exports holding those dates too"
    )


def review_how(case: Case, upn: str, ladder: Ladder, school: str = "") -> str:
    """How the decision of a review by hand is recorded, in docs/cases.md's words (the
    weekly routine: record it "on the day it happened", ``--outcome`` what came of it;
    step 7: a record made while a review by hand is due starts that stage): the stage again
    starts another period of it, the stage after it (once done) moves the pupil on; "" for
    a case with no review due.  The casebook's "Reviews to make by hand" and the pupil
    record's ladder line say it after :func:`review_why` (the why alone left the officer
    to find the command: sweep slips8)."""
    if case.status != "review" or case.stage is None:
        return ""
    from attcli.output import command_word

    stage = case.stage
    whose = f" --school {command_word(school, 'KEY')}" if school else ""
    how = (
        f"record the decision on the day it is made: `attcli case record "
        f"{command_word(upn)} --action {stage.name} --date DATE --outcome TEXT{whose}` starts "
        f"another {stage.name} period"
    )
    nxt = ladder.following(stage.name)
    return how + (f"; `--action {nxt.name}`, once done, moves the pupil on to it" if nxt else "")


def passed_text(case: Case) -> str:
    """"Severe letter passed over, band red" for a case with a stage passed over (step 4),
    else ""."""
    p = case.passed
    if p is None:
        return ""
    what = p.title
    return f"{what} passed over, band {case.passed_band}" if case.passed_band else f"{what} passed over"


#: how lists say the end of a period past the last half term listed (docs/cases.md step 2)
END_UNKNOWN_TEXT = "after the term dates listed (add next year's half terms)"


class EndUnknown(Exception):
    """A period of ``half_terms`` runs past the last half term listed: its last day is not
    known (not an error: a stage recorded in Summer 2 before next year's term dates are
    in the config; :func:`judge_period` says so)."""


def period_end(
    stage: Stage, since: dt.date, half_terms: Sequence[HalfTerm], inset: Collection[dt.date] = ()
) -> dt.date | None:
    """The last day of a monitoring period started on ``since`` (None: a last step).
    Raises :class:`EndUnknown` when the half terms listed do not reach that far.  A
    notice to improve's weeks are school weeks by the term dates and ``inset`` days, the
    improvement period its evidence pack proposed (:func:`attcli.coverage.improvement_period`):
    the notice is judged over the weeks the parent was given, not over a holiday."""
    if stage.action == NOTICE_TO_IMPROVE_ACTION and stage.weeks is not None:
        return improvement_period(since, stage.weeks, half_terms, inset)[1]
    if stage.weeks is not None:
        first = weeks_from(since, half_terms, inset)
        if first is None:
            raise EndUnknown(stage.name, since)
        return first + dt.timedelta(days=7 * stage.weeks - 1)
    if stage.half_terms is not None:
        # the half terms listed from ``since`` on, up to a gap longer than any holiday: past
        # a half term left out of the term dates the N-th listed is not the N-th (a period
        # of one half term from an Autumn 1 letter ran to the end of Spring 1).  A half
        # term starting on ``since`` itself is wholly ahead of it: the first one counted
        # (a meeting on the first day of Autumn 2 ran to the end of Spring 1)
        ordered = sorted(half_terms, key=lambda h: h.start)
        reach = max([since, *(h.end for h in ordered if h.start < since)])
        later = []
        for h in (h for h in ordered if h.start >= since):
            if h.start - reach > LONGEST_HOLIDAY:
                break
            later.append(h)
            reach = h.end
        if len(later) < stage.half_terms:
            raise EndUnknown(stage.name, since)
        return later[stage.half_terms - 1].end
    return None


def weeks_from(
    since: dt.date, half_terms: Sequence[HalfTerm], inset: Collection[dt.date] = ()
) -> dt.date | None:
    """The day a monitoring period of weeks begun on ``since`` counts its weeks from:
    ``since`` itself in a half term listed (a weekend inside one too), or with no term
    dates; begun in a holiday between half terms (a letter in the half-term week, or sent
    after the last school day of July), the first school day after it, as a notice to
    improve's weeks count from the first school day (:func:`attcli.coverage.improvement_period`)
    and a period in half terms from the half term after: "a monitoring period of 4 weeks
    is allowed for the pupil to make progress" (seed 004), and a holiday's weeks allow
    none (sweep leftovers17).  None: begun after the last half term listed, its weeks'
    first day not known yet (:class:`EndUnknown`).  A gap longer than any holiday between
    the half terms listed either side of ``since`` is a half term left out: ``since``
    itself, as before."""
    if not half_terms or any(h.contains(since) for h in half_terms):
        return since
    later = sorted((h for h in half_terms if h.start > since), key=lambda h: h.start)
    if not later:
        return None
    # (the gap between the half terms listed either side of ``since``, not from ``since``:
    # a day in a half term left out is often nearer the next than a holiday is long, and
    # its weeks were counted from the next half term; sweep mutnew14)
    before = max((h.end for h in half_terms if h.end < since), default=since)
    if later[0].start - before > LONGEST_HOLIDAY:
        return since
    days = term_school_days(half_terms, inset, since, max(h.end for h in later))
    return days[0] if days else later[0].start


def notice_to_improve_on_record(
    ladder: Ladder,
    records: Iterable[tuple[str, dt.date]],
    as_of: dt.date,
    half_terms: Sequence[HalfTerm],
    inset: Collection[dt.date] = (),
) -> tuple[Stage, dt.date, dt.date] | None:
    """The latest notice to improve on record on or before ``as_of`` (a record of a stage
    with ``action = "notice_to_improve"``; ``records``: (stage name, date done), not
    voided): its stage, the day it was given and its improvement period's last day
    (:func:`period_end`).  None: none on record."""
    stages = {s.name: s for s in ladder.stages if s.action == NOTICE_TO_IMPROVE_ACTION}
    given = [(d, stages[n]) for n, d in records if n in stages and d <= as_of]
    if not given:
        return None
    day, stage = max(given, key=lambda g: g[0])
    end = period_end(stage, day, half_terms, inset)
    assert end is not None  # (a notice to improve always has its weeks: config)
    return stage, day, end


def notice_to_improve_text(given: dt.date, end: dt.date, as_of: dt.date) -> str:
    """What the weekly check and `attcli pn next` say of a notice to improve on record
    (:func:`notice_to_improve_on_record`): its period running, with what the notice
    allows before its end (seeds 000 4.3, 001 21.3, 003), or ended, for `attcli cases`
    to judge."""
    if as_of <= end:
        return (
            f"notice to improve given {given:%d/%m/%Y}: its improvement period runs to "
            f"{end:%d/%m/%Y}; a penalty notice before then only on the grounds the notice gave"
        )
    return (
        f"notice to improve given {given:%d/%m/%Y}: its improvement period ended "
        f"{end:%d/%m/%Y}: attcli cases judges whether attendance improved"
    )


def improved(
    stage: Stage, before: tuple[int, int], after: tuple[int, int], minimum: int = 1
) -> bool | None:
    """Whether attendance over the period (``after``) counts as improved on ``before``, on
    exact fractions (docs/cases.md step 3): at least ``improve_to`` % over the period, or
    at least ``improve_points`` above the figure before (either, when both are set).
    None when it cannot be judged: fewer than ``minimum`` possible sessions over the
    period (the school's `min_possible_sessions`: too little data to judge, DOMAIN.md 3;
    default 1, none), or none before it when only the points rule could say."""
    (a0, p0), (a1, p1) = before, after
    if p1 < max(minimum, 1):
        return None
    figure = Fraction(a1 * 100, p1)
    if stage.improve_to is not None and figure >= stage.improve_to:
        return True
    points = stage.improve_points
    if points is None:
        return False if stage.improve_to is not None else None
    if p0 == 0:
        return None
    return figure >= Fraction(a0 * 100, p0) + points


def too_few_text(before: tuple[int, int] | None, after: tuple[int, int] | None, minimum: int) -> str:
    """Why a period cannot be judged on its figures (:func:`improved` None): "no sessions
    to compare", or "too few sessions: 2 over the period, fewer than 10"."""
    if after is None or after[1] == 0 or after[1] >= minimum:
        return "no sessions to compare"
    return f"too few sessions: {after[1]} over the period, fewer than {minimum}"


@dataclass(frozen=True)
class Period:
    """A stage's monitoring period from ``since``, as the ladder judges it (docs/cases.md
    step 3): its last day (None: a last step, no period), the pupil's attendance over the
    same length of time before it and over it (to ``as_of`` while it runs), and the
    judgement once it has ended: True improved, False not, None not to be judged (no
    session over it, none before for a points rule alone, or days the exports given do
    not hold: ``not_held``).  ``end_unknown``: a period of half terms past the last one
    listed (step 2): no end, no figure before it (its length is unknown), the figure
    over it so far, not ended."""

    end: dt.date | None
    before: tuple[int, int] | None = None
    after: tuple[int, int] | None = None
    ended: bool = False
    improved: bool | None = None
    not_held: tuple[dt.date, dt.date] | None = None
    end_unknown: bool = False


def period_start(
    records: Sequence[dt.date],
    stage: Stage,
    half_terms: Sequence[HalfTerm],
    inset: Collection[dt.date] = (),
) -> dt.date | None:
    """The day the period now running of ``stage`` began, from the days it was recorded
    (oldest first): a record made while its period runs moves nothing (step 7: the band's
    letter again each half term on a ladder that monitors by half terms), one made after
    the period ended begins a new one.  None: no record.  (The rule ``place`` applies, for
    the stage's own records alone: what ``attcli letters`` judges from.)"""
    start: dt.date | None = None
    end: dt.date | None = None
    for day in sorted(records):
        if start is not None and (end is None or day <= end):
            continue  # during the period (or one with no end, a last step): moves nothing
        start = day
        try:
            end = period_end(stage, start, half_terms, inset)
        except EndUnknown:
            end = dt.date.max  # runs past the term dates listed: not ended
    return start


def improvement_text(stage: Stage) -> str:
    """What counts as improvement over a period of ``stage`` (:func:`improved`), as a pack
    or a list says it: "at least 1 point above the attendance before it, or at least 92%
    over the period"; "" when the stage sets neither."""
    parts = []
    if stage.improve_points is not None:
        points = stage.improve_points
        unit = "point" if points == 1 else "points"
        parts.append(f"at least {threshold_text(points)} {unit} above the attendance before it")
    if stage.improve_to is not None:
        parts.append(f"at least {threshold_text(stage.improve_to)}% over the period")
    return ", or ".join(parts)


def term_end(
    first: dt.date, half_terms: Sequence[HalfTerm], inset: Collection[dt.date] = ()
) -> dt.date | None:
    """The last day of a term of school from ``first`` (a stage's ``when_not_improved_over
    = "term"``, docs/cases.md step 4): as many school days as the school's term ``first``
    falls in holds (the half terms of that term and school year, by the term dates, less
    INSET days and bank holidays; a day in a holiday: the term after it), counted from
    ``first``, the period ending on the last of them.  None: no term dates, the half
    terms listed do not reach so far, the term is the last one listed and only one of
    its half terms is (Spring 1 without Spring 2: its length is not known), or the term
    ``first`` is in is not listed (:func:`term_unlisted`); nothing is judged then."""
    # (the same few first steps for every pupil, the letters' days: 4 ms a reckoning)
    return _term_end(first, tuple(half_terms), tuple(sorted(set(inset))))


def term_unlisted(first: dt.date, half_terms: Sequence[HalfTerm]) -> str | None:
    """The school year whose term dates a term from ``first`` needs and the half terms
    listed do not hold ("2026/27"), or None: ``first`` is in a half term listed, in a
    holiday between two (no longer than any holiday), or before the first listed in its own
    school year (its first half term's days to come).  Otherwise the term ``first`` falls
    in is not known: last year's dates replaced by this year's, as schools do each
    September, read a first step of May as in a holiday before the autumn term, and the
    term from it as the autumn's (a term and a half: sweep leftovers13).  None too with no
    half terms at all (:func:`unlisted_half_terms` says that)."""
    from attcli.calendar import academic_year_start
    from attcli.coverage import academic_year_label

    ordered = sorted(half_terms, key=lambda h: h.start)
    if not ordered:
        return None
    if any(h.start <= first <= h.end for h in ordered):
        return None
    after = next((h for h in ordered if h.start > first), None)
    before = next((h for h in reversed(ordered) if h.end < first), None)
    if after is None:
        return None  # after the last listed: the term's end is not known yet, dates to come
    if before is None:
        if academic_year_start(first) == academic_year_start(after.start):
            return None  # (the days of its own year before its first half term)
        return academic_year_label(first)
    if after.start - before.end <= LONGEST_HOLIDAY:
        return None  # a holiday: the term after it
    return academic_year_label(first)


@functools.lru_cache(maxsize=4096)
def _term_end(
    first: dt.date, half_terms: tuple[HalfTerm, ...], inset: tuple[dt.date, ...]
) -> dt.date | None:
    from attcli.calendar import academic_year_start
    from attcli.coverage import term_school_days

    ordered = sorted(half_terms, key=lambda h: h.start)
    at = next((h for h in ordered if h.end >= first), None)
    if at is None or term_unlisted(first, ordered) is not None:
        return None  # (the term ``first`` is in is not listed: not known)
    year = academic_year_start(at.start)
    term = [h for h in ordered if h.term == at.term and academic_year_start(h.start) == year]
    if len(term) < 2 and ordered[-1] in term and not _terms_whole(ordered):
        return None  # the last term listed, one half term of it: its length is not known
    n = len(term_school_days(term, inset, term[0].start, term[-1].end))
    days = term_school_days(ordered, inset, first, ordered[-1].end)
    return days[n - 1] if n and len(days) >= n else None


#: Longer than any half term (an autumn's first, 1 September to late October, is 8 weeks);
#: shorter than any whole term (a spring before an early Easter is 11 weeks)
LONGEST_HALF_TERM = dt.timedelta(weeks=9)


def _terms_whole(ordered: Sequence[HalfTerm]) -> bool:
    """The school lists its terms whole, one block a term ("Autumn", "Summer"): no block
    named as a half ("Summer 1") or as short as one (:data:`LONGEST_HALF_TERM`: a school's
    own names, its first half term alone listed so far), and no term of a school year in
    two blocks.  Its last term listed is then whole, its length known (docs/decisions.md,
    sweep decide11)."""
    from attcli.calendar import academic_year_start
    from attcli.config import named_term

    if any(named_term(h.name) is not None or h.end - h.start <= LONGEST_HALF_TERM for h in ordered):
        return False
    keys = [(h.term, academic_year_start(h.start)) for h in ordered]
    return len(keys) == len(set(keys))


def term_span(
    first: dt.date, as_of: dt.date, half_terms: Sequence[HalfTerm], inset: Collection[dt.date] = ()
) -> tuple[dt.date, dt.date] | None:
    """The days a term since ``first`` is judged on (:func:`term_review`): from the start
    of the same length of time before ``first`` (within its school year) to the term's
    last day, once it has ended on or before ``as_of``; None before then, or when its end
    is not known (:func:`term_end`)."""
    from attcli.calendar import academic_year_start

    end = term_end(first, half_terms, inset)
    if end is None or end > as_of:
        return None
    return max(first - (end - first) - DAY, academic_year_start(first)), end


def term_review(
    ladder: Ladder,
    first: dt.date,
    as_of: dt.date,
    window: Window,
    *,
    half_terms: Sequence[HalfTerm],
    minimum: int = 1,
    inset: Collection[dt.date] = (),
    unheld: Unheld | None = None,
) -> Review | None:
    """The term since ``first`` (the first step of the pupil's time on the ladder) judged
    by the ladder's own rule (:func:`improved`, the rules of the stage with
    ``when_not_improved_over = "term"``), once it has ended on or before ``as_of``: its
    attendance against the same length of time before it, within the school year (a term
    from October reaches back past September: the year to date at the first step), as the
    figures are the school year's (DOMAIN.md 2).  None: no such stage, the term not ended
    or its end unknown, or not to be judged (too few sessions; days the exports given do
    not hold)."""
    stage = next((s for s in ladder.stages if s.when_not_improved_over == "term"), None)
    if stage is None:
        return None
    span = term_span(first, as_of, half_terms, inset)
    if span is None:
        return None
    start, end = span
    before = window(start, first - DAY) if start < first else (0, 0)
    after = window(first, end)
    verdict = improved(stage, before, after, minimum)
    if verdict is None or (unheld is not None and unheld(start, end) is not None):
        return None
    return Review(stage, first, end, before, after, verdict)


def term_text(case: Case, lines: tuple = ()) -> str:
    """Why the stage due is due, when a term on the ladder without improvement made it so
    (``Case.term``): "not improved over a term on the ladder: 90.0% from 23/10/2026 to
    25/02/2027 against 92.6% before it"; else ""."""
    t = case.term
    if t is None or case.status != "due" or case.due_stage != t.stage:
        return ""
    lines = judged_lines(t.stage, t.before, lines)
    return (
        f"not improved over a term on the ladder: {pct_text(*t.after, lines)} from "
        f"{t.since:%d/%m/%Y} to {t.end:%d/%m/%Y} against {pct_text(*t.before, lines)} before it"
    )


def judge_period(
    stage: Stage,
    since: dt.date,
    as_of: dt.date,
    window: Window,
    *,
    half_terms: Sequence[HalfTerm],
    unheld: Unheld | None = None,
    on_record: OnRecord | None = None,
    minimum: int = 1,
    inset: Collection[dt.date] = (),
) -> Period:
    """The period of ``stage`` begun on ``since`` (its record's date), as of ``as_of``: what
    `attcli cases` reads and judges (step 3), and `attcli letters` says (docs/letters.md).
    A judgement the exports given cannot make stands if the last run on record made it
    (``on_record``).  ``minimum``: the fewest possible sessions a figure is judged on."""
    try:
        end = period_end(stage, since, half_terms, inset)
    except EndUnknown:  # runs past the half terms listed: running, its end unknown
        return Period(None, None, window(since, as_of), end_unknown=True)
    if end is None:
        return Period(None)
    length = (end - since).days + 1
    before = window(since - dt.timedelta(days=length), since - DAY)
    if end > as_of:
        return Period(end, before, window(since, as_of))
    after = window(since, end)
    verdict = improved(stage, before, after, minimum)
    gap = _not_held(stage, since, end, after, unheld)
    if gap is not None:  # sessions the exports given do not hold: not to be guessed,
        # but a judgement the last run on record made stands (docs/cases.md step 3)
        verdict = on_record(stage, since, end) if on_record is not None else None
        if verdict is not None:
            gap = None
    return Period(end, before, after, True, verdict, gap)


def _bands_said(bands: Sequence[Band]) -> str:
    """Every band with its range and letter, for a message: ``green 92 % <= attendance,
    no letter; amber 90 % < attendance < 92 %, letter amber; ...``."""
    return "; ".join(
        f"{b.name} {band_range(tuple(bands), i)}, " + (f"letter {b.letter}" if b.letter else "no letter")
        for i, b in enumerate(bands)
    )


def _top(stage: Stage, bands: Sequence[Band]) -> tuple[Fraction, bool] | None:
    """The highest attendance at which ``stage`` is due, as (value, reached): at most T
    (T, True), below T (T, False), band W or worse (W's upper line); ``when_band``
    restricts the others.  None: started by a flag or after a stage only."""
    tops: list[tuple[Fraction, bool]] = []
    if stage.when_at_most is not None:
        tops.append((stage.when_at_most, True))
    if stage.when_below is not None:
        tops.append((stage.when_below, False))
    top = max(tops) if tops else None
    line = _band_line(stage, bands)
    if line is not None:
        top = line if top is None else min(top, line)
    return top


def _band_line(stage: Stage, bands: Sequence[Band]) -> tuple[Fraction, bool] | None:
    """The highest attendance ``stage``'s ``when_band`` lets it be due at, as (value,
    reached): the upper line of that band (100 % for the best); None without one."""
    if stage.when_band is None:
        return None
    w = next(i for i, b in enumerate(bands) if b.name == stage.when_band)
    above = bands[w - 1] if w > 0 else None
    if above is None or above.threshold is None:
        return (Fraction(100), True)
    return (above.threshold, not above.inclusive)


def _below_its_bands(
    stage: Stage,
    ladder: Ladder,
    bands: Sequence[Band],
    sending: Sequence[int],
    top: tuple[Fraction, bool],
) -> str | None:
    """The line for a letter step due below the worst band that sends its letter, where no
    later stage started by attendance is due (a pupil there is sent a worse band's letter,
    and the step stays due: seed 002's amber step below 92 % and PA plan below 90 %, with
    red at 90.0 %), or None."""
    worst = bands[sending[-1]]
    if worst.threshold is None:
        return None  # the worst band sends it: nobody is below it
    # below the band: under its line, and at the line itself when the band is "above"
    line, at_line = worst.threshold, not worst.inclusive
    later = ladder.stages[ladder.stages.index(stage) + 1 :]
    caught = [t for s in later if (t := _top(s, bands)) is not None]
    reach = max(caught) if caught else None  # (value, reached) the later stages reach
    if reach is not None and (
        reach[0] > line or (reach[0] == line and (reach[1] or not at_line))
    ):
        return None  # every pupil under the band is due a later stage
    low = reach[0] if reach is not None else Fraction(0)
    start = f"at {threshold_text(line)} %" if reach is not None and low == line else (
        f"from {threshold_text(low)} % to {threshold_text(line)} %"
    )
    worse = bands[sending[-1] + 1].name
    key = "when_at_most" if at_line else "when_below"
    return (
        f'the ladder\'s letter step "{stage.name}" ({_trigger(stage)}) asks for the letter '
        f'"{stage.template}", which attcli letters sends only to band '
        + " and ".join(f"{bands[i].name} ({band_range(bands, i)})" for i in sending)
        + f": a pupil {start} is due the step, is sent band {worse}'s letter instead and is "
        f"due no later stage, so the step stays due (bands: {_bands_said(bands)}); in "
        f"attcli.toml start a later stage at {key} = {threshold_text(line)}, or send the "
        "letter by hand and record it with attcli case record"
    )


def _trigger(stage: Stage) -> str:
    """What starts ``stage``, in words."""
    return " or ".join(
        x
        for x in (
            f"attendance at or below {threshold_text(stage.when_at_most)} %"
            if stage.when_at_most is not None
            else "",
            f"attendance below {threshold_text(stage.when_below)} %"
            if stage.when_below is not None
            else "",
            f"band {stage.when_band} or worse" if stage.when_band is not None else "",
        )
        if x
    )


def unlisted_half_terms(
    ladder: Ladder, half_terms: Sequence[HalfTerm], key: str = "calendar.half_terms"
) -> list[str]:
    """One line when steps of the ladder monitor in half terms (``half_terms = N``) and no
    ``[[calendar.half_terms]]`` is listed (``key``: where they are listed, as the lines
    name it: a trust school's own ``schools.KEY.half_terms``, :attr:`Config.half_terms_key`): such a period ends on the last day of a half
    term listed (docs/cases.md step 2), so with none it never ends and is never judged,
    the pupil monitoring for ever (`attcli init --ladder seed003` writes no term dates).
    And one when a notice to improve's school weeks have no term dates to count by: its
    periods are calendar weeks (:func:`attcli.coverage.improvement_period`); and one when a
    stage is due after a term without improvement (``when_not_improved_over``): with no
    term dates no term is judged (:func:`term_end`)."""
    notices = [s.name for s in ladder.stages if s.action == NOTICE_TO_IMPROVE_ACTION]
    said = (
        [
            f"the ladder's notice to improve {', '.join(notices)} counts its weeks as school "
            f"weeks by the term dates, but attcli.toml lists no [[{key}]]: its "
            "improvement periods are calendar weeks, holidays among them; add this school "
            "year's half terms"
        ]
        if notices and not half_terms
        else []
    )
    said += [
        f"the ladder's step {s.name} is due after a term on the ladder without improvement "
        f'(when_not_improved_over = "term"), but attcli.toml lists no '
        f"[[{key}]]: no term is ever judged, and nobody is referred for one; "
        "add this school year's half terms (docs/cases.md step 4)"
        for s in ladder.stages
        if s.when_not_improved_over and not half_terms
    ]
    steps = [s.name for s in ladder.stages if s.half_terms is not None]
    if not steps:
        return said
    many = len(steps) != 1
    if half_terms:
        # a half term left out between two listed (a gap longer than any holiday): a period
        # across it has no known end (period_end), said once, naming the gap
        ordered = sorted(half_terms, key=lambda h: h.start)
        gaps = [(a, b) for a, b in itertools.pairwise(ordered) if b.start - a.end > LONGEST_HOLIDAY]
        if not gaps:
            return []
        a, b = gaps[0]
        return [
            f"the ladder's step{'s' if many else ''} {', '.join(steps)} monitor"
            f"{'' if many else 's'} in half terms (half_terms = N), but [[{key}]] "
            f"leaves a half term out between {a.name} (to {a.end:%d/%m/%Y}) and {b.name} "
            f"(from {b.start:%d/%m/%Y}): a period across it has no known end until it is "
            "added"
        ]
    return said + [
        f"the ladder's step{'s' if many else ''} {', '.join(steps)} monitor{'' if many else 's'} "
        f"in half terms (half_terms = N), but attcli.toml lists no [[{key}]]: "
        f"{'their periods' if many else 'its period'} never end{'' if many else 's'} and "
        f"{'are' if many else 'is'} never judged; add this school year's half terms "
        "(docs/cases.md step 2)"
    ]


def workspace_ladder_line(config: Config, unsent: Sequence[str]) -> list[str]:
    """Beside :func:`unsent_letter_steps`' lines (``unsent``) of a trust's school that runs
    on the workspace's ``[escalation]``: one line saying whose ladder it is and that the
    school may give its own (docs/trust.md), since the remedy for a school's steps is not
    in the workspace's ladder, which is every other school's too."""
    if not unsent or not config.school_key or config.ladder_key != "escalation":
        return []
    key = config.school_key
    return [
        f"{key} ({config.school.name}): its ladder is the workspace's [escalation]: give the "
        f"school its own as [schools.{key}.escalation] where its policy's steps differ "
        "(docs/trust.md)"
    ]


def unsent_letter_steps(
    ladder: Ladder, bands: Sequence[Band], others: Iterable[str] = ()
) -> list[str]:
    """One line for each letter step of a configured ladder (``[escalation]``) that
    ``attcli letters`` cannot send: ``attcli letters`` sends each pupil their band's letter
    (and ``others``: the letters that are no band's, lateness, the penalty-notice
    warning, praise), and a letter sent records the step whose template it is
    (docs/cases.md).  A step whose template no band sends, or whose ``when_at_most``,
    ``when_below`` or ``when_band`` reaches above every band that sends it (the seed 004
    letter at 93 % with green from 92 %), is due for pupils no letter is ever written to,
    and stays due.  Not an error: the school may send it by hand and record it.  The
    default ladder is made from the bands and says nothing; a step without a template is
    recorded by hand (``attcli case record``) by design."""
    if not ladder.configured:
        return []
    bands = tuple(bands)
    skip = set(others)
    by_hand = "or send the letter by hand and record it with attcli case record"
    out: list[str] = []
    for stage in ladder.stages:
        if stage.action != "letter" or stage.template is None or stage.template in skip:
            continue
        head = f'the ladder\'s letter step "{stage.name}"'
        letter = f'"{stage.template}"'
        sending = [i for i, b in enumerate(bands) if b.letter == stage.template]
        if not sending:
            out.append(
                f"{head} asks for the letter {letter}, which no band sends (bands: "
                f"{_bands_said(bands)}): attcli letters never writes it; in attcli.toml "
                f"give the band it is for letter = {letter}, or set the step's template to "
                f"a band's letter, {by_hand}"
            )
            continue
        top = _top(stage, bands)
        if top is None:
            continue  # started by a flag or after a step only: no attendance to compare
        below = _below_its_bands(stage, ladder, bands, sending, top)
        if below is not None:
            out.append(below)
        best = sending[0]
        if best == 0:
            continue  # the best band sends it: every pupil due it is sent it
        up = bands[best - 1]
        assert up.threshold is not None  # not the last band
        value, reached = top
        if value < up.threshold or (value == up.threshold and not (reached and up.inclusive)):
            continue
        trigger = _trigger(stage)
        names = " and ".join(f"{bands[i].name} ({band_range(bands, i)})" for i in sending)
        # the step's own line when its band restricts it (its other conditions reach
        # no higher): the fix is its when_band
        if stage.when_band is not None and top == _band_line(stage, bands):
            fix = f'set the step\'s when_band = "{bands[best].name}"'
        else:
            key = "when_below" if up.inclusive else "when_at_most"
            fix = f"set the step's {key} = {threshold_text(up.threshold)}"
            if up.letter is None:
                fix = (
                    f"draw band {up.name} at {'above' if reached else 'at_least'} = "
                    f"{threshold_text(value)}, or {fix}"
                )
        out.append(
            f"{head} ({trigger}) asks for the letter {letter}, which attcli letters sends "
            f"only to band {names}: a pupil from {threshold_text(up.threshold)} % to {threshold_text(value)} % "
            f"is due the step and never sent its letter (bands: {_bands_said(bands)}); in "
            f"attcli.toml {fix}, {by_hand}"
        )
    return out


def band_of(attended: int, possible: int, bands: Sequence[Band], minimum: int) -> str | None:
    """The band of attended/possible, exactly as the engine's ``band_expr``."""
    if possible < minimum:
        return None
    for b in bands:
        if b.threshold is None:
            return b.name
        lhs, rhs = attended * 100 * b.threshold.denominator, possible * b.threshold.numerator
        if (lhs >= rhs) if b.inclusive else (lhs > rhs):
            return b.name
    return None


def condition_holds(
    stage: Stage, standing: Standing, bands: Sequence[Band], minimum: int
) -> bool:
    """Any of the stage's ``when_*`` conditions holds (none under ``minimum`` possible
    sessions, as no band is given there)."""
    a, p = standing.attended, standing.possible
    if stage.when_flag is not None and stage.when_flag in standing.flags:
        return True
    if p < minimum:
        return False
    if stage.when_at_most is not None and Fraction(a * 100, p) <= stage.when_at_most:
        return True
    if stage.when_below is not None and Fraction(a * 100, p) < stage.when_below:
        return True
    if stage.when_band is not None and standing.band is not None:
        names = [b.name for b in bands]
        if names.index(standing.band) >= names.index(stage.when_band):
            return True
    return False


def still_in(
    stage: Stage, over: tuple[int, int], bands: Sequence[Band], minimum: int
) -> str | None:
    """The band of the figure ``over`` a period (attended, possible), ``band red``, when it
    is ``stage``'s own band (``when_band``) or a worse one, else None: a pupil improved by
    the school's rule whose figure over the period is still in the band of the stage acted
    on is not taken off the ladder: the band's letter is still called for (docs/cases.md
    step 4, "Improved, but still in the band").  A stage of ``when_at_most`` or
    ``when_below`` keeps the school's rule as written; under ``minimum`` possible sessions
    no band holds."""
    a, p = over
    band = band_of(a, p, bands, minimum)
    if stage.when_band is not None and band is not None:
        names = [b.name for b in bands]
        if stage.when_band in names and names.index(band) >= names.index(stage.when_band):
            return f"band {band}"
    return None


def persistently_absent(attended: int, possible: int) -> bool:
    """Attendance at or below the national persistent absence line (DOMAIN.md 3: 10 % or
    more of possible sessions missed), on exact integers: ``attended * 100 <= possible *
    PA_AT_MOST``.  Only such a pupil has a band's stage passed over (docs/cases.md step 4)."""
    return possible > 0 and attended * 100 <= possible * PA_AT_MOST


def below_excludes(stage: Stage, standing: Standing) -> bool:
    """``stage`` is due only while attendance is below its ``while_below`` and the pupil's
    year to date is not (seed 004, step 9: "If the pupil's attendance is below 90% and
    attendance does not improve after the attendance review meeting"): not due, the pupil
    waiting at the stage before, as for a band's stage (:func:`band_excludes`).  No figure
    (no possible session) excludes nothing."""
    if stage.while_below is None or not standing.possible:
        return False
    return Fraction(standing.attended * 100, standing.possible) >= stage.while_below


def excludes(stage: Stage, standing: Standing, bands: Sequence[Band]) -> bool:
    """The pupil's figure rules ``stage`` out now, whatever else would make it due: a
    band's stage with a better band (:func:`band_excludes`), or a stage due only below a
    line the pupil is not below (:func:`below_excludes`)."""
    return band_excludes(stage, standing, bands) or below_excludes(stage, standing)


def band_excludes(stage: Stage, standing: Standing, bands: Sequence[Band]) -> bool:
    """``stage`` is a band's (``when_band``) and the pupil has a band better than it: the
    stage is not due, whatever else would make it due (``after`` a period not improved,
    a record of an earlier stage made while it was due): the letter goes with the band
    (DOMAIN.md 3 and 9; docs/cases.md step 4).  No band (too few sessions for one) excludes
    nothing: no figure is no improvement."""
    if stage.when_band is None or standing.band is None:
        return False
    names = [b.name for b in bands]
    return names.index(standing.band) < names.index(stage.when_band)


def place(
    ladder: Ladder,
    records: Iterable[tuple[str, dt.date]],
    as_of: dt.date,
    standing: Standing,
    window: Window,
    *,
    half_terms: Sequence[HalfTerm],
    bands: Sequence[Band],
    minimum: int,
    unheld: Unheld | None = None,
    on_record: OnRecord | None = None,
    listed_after: dt.date | None = None,
    inset: Collection[dt.date] = (),
    half_terms_key: str = "calendar.half_terms",
) -> Case:
    """The pupil's place on the ladder as of ``as_of`` (docs/cases.md, steps 1-7).

    ``records``: (stage name, date done) of the pupil's records, not voided; those after
    ``as_of`` are ignored.  ``standing``: year-to-date attendance, band and the weekly
    check's groups as of ``as_of``.  ``window(a, b)``: the pupil's attended and possible
    sessions from ``a`` to ``b``.  ``unheld(a, b)``: the days from ``a`` to ``b`` that may
    hold sessions the exports given do not hold (None: they hold every day): a period
    whose judgement needs them cannot be judged (``Case.not_held``), unless
    ``on_record(stage, since, end)`` says the last run on record judged it improved
    (:func:`judged_on_record`).  A pupil who left the ladder on or before
    ``listed_after`` (default: 7 days before ``as_of``; :func:`review_window`) is off it,
    unlisted; one who left since is listed as ``left``, once.

    The records are read in date order (step 7): one made while a stage later in the
    ladder was due (the pupil placed as of that day from the records before it), of a
    stage earlier than the one the pupil was at, or of the stage the pupil was monitoring
    at before its period ended, moves nothing; a due stage stays due
    until a record of it or a later stage, and the record is kept in ``Case.repeats`` to
    be shown.
    """
    kw = {"half_terms": half_terms, "bands": bands, "minimum": minimum, "inset": inset}
    done = sorted(
        ((d, ladder.index(name)) for name, d in records if d <= as_of and _known(ladder, name))
    )
    start: tuple[Stage, dt.date] | None = None
    held: tuple[Stage, dt.date] | None = None  # a due stage a repeat record was made under
    repeats: list[tuple[Stage, dt.date]] = []
    begun: list[tuple[Stage, dt.date]] = []
    first: dt.date | None = None  # the first step of this time on the ladder
    for day, group in itertools.groupby(done, key=lambda r: r[0]):
        stages = [ladder.stages[i] for _, i in group]
        then = standing if day == as_of else _standing_on(day, as_of, standing, window, **kw)
        before = _from(
            ladder, start, held, day, then, window, unheld, on_record, first=first,
            half_terms_key=half_terms_key, **kw,
        )  # fmt: skip
        due = before.due_stage if before.status == "due" else None
        # on a tie of dates, the stage later in the ladder (step 1)
        top = max(stages, key=lambda s: ladder.index(s.name))
        # a band's stage whose band no longer holds was never the one to act on: the
        # record made under it (the letter the band called for that day) counts (step 7)
        if (
            due is not None
            and ladder.index(top.name) < ladder.index(due.name)
            and not excludes(due, standing, bands)
        ):
            held = (due, before.due_from or day)
            repeats += [(s, day) for s in stages]
            continue
        # a record of a stage earlier than the one the pupil is at (a repeat letter after
        # the referral was made): attcli moves nobody down but by if_improved (step 5)
        # (a stage passed over counts as the one the pupil is at: the band's letter again,
        # sent by `attcli letters` each half term, does not put the referral back)
        # (one who left the ladder improved is at no stage: the stage left from, which a
        # row still names, moves nothing down; a letter due since is theirs to start)
        at = before.stage if before.status not in (None, "left") else None
        if before.left_on is not None:
            at = None
        if at is not None and before.passed is not None:
            at = before.passed
        if at is not None and ladder.index(top.name) < ladder.index(at.name):
            repeats += [(s, day) for s in stages]
            continue
        # a record of the stage the pupil is monitoring at, before its period ends (the
        # band's letter `attcli letters` sends each half term, a half-term period still
        # running): the period runs to its end and is judged (step 7); otherwise a letter
        # each half term restarted a period of one half term before it ever ended
        if before.status == "monitoring" and before.passed is None and top == before.stage:
            repeats += [(s, day) for s in stages]
            continue
        if before.stage is None or not before.on_ladder or before.left_on is not None:
            first = day  # off the ladder before it (or never on it): a new time on it
        start, held, repeats = (top, day), None, []
        begun.append(start)
    case = _from(
        ladder, start, held, as_of, standing, window, unheld, on_record, listed_after, first,
        half_terms_key=half_terms_key, **kw,
    )  # fmt: skip
    case.begun = tuple(begun)
    if case.on_ladder:
        case.first = first
    if case.status == "due" or (case.stage is not None and case.status != "left"):
        case.repeats = tuple(repeats)
    return case


def _standing_on(
    day: dt.date,
    as_of: dt.date,
    standing: Standing,
    window: Window,
    *,
    half_terms: Sequence[HalfTerm],
    bands: Sequence[Band],
    minimum: int,
    inset: Collection[dt.date] = (),
) -> Standing:
    """The pupil's year-to-date attendance and band on an earlier ``day``: the figures as of
    ``as_of`` less the sessions after ``day``.  The weekly check's groups are worked out for
    the as-of date only: none on an earlier day (a stage due by ``when_flag`` alone is not
    known then; docs/cases.md step 7)."""
    a, p = window(day + DAY, as_of)
    a, p = max(standing.attended - a, 0), max(standing.possible - p, 0)
    return Standing(a, p, band_of(a, p, bands, minimum), frozenset())


def _year_to(
    day: dt.date, as_of: dt.date, standing: Standing, window: Window, **kw: Any
) -> tuple[int, int]:
    """The pupil's year-to-date attended and possible sessions to ``day`` (on or before
    ``as_of``, whose figures ``standing`` holds)."""
    if day >= as_of:
        return standing.attended, standing.possible
    then = _standing_on(day, as_of, standing, window, **kw)
    return then.attended, then.possible


def _from(
    ladder: Ladder,
    start: tuple[Stage, dt.date] | None,
    held: tuple[Stage, dt.date] | None,
    as_of: dt.date,
    standing: Standing,
    window: Window,
    unheld: Unheld | None,
    on_record: OnRecord | None,
    listed_after: dt.date | None = None,
    first: dt.date | None = None,
    *,
    half_terms: Sequence[HalfTerm],
    bands: Sequence[Band],
    minimum: int,
    inset: Collection[dt.date] = (),
    half_terms_key: str = "calendar.half_terms",
) -> Case:
    """Steps 2-5 and 7 from the stage current since ``start`` (None: no record): its
    periods judged up to ``as_of``, ``held`` (a stage a repeat record left due, and since
    when) due unless a later one is, then the conditions of later stages.  Left the ladder
    on or before ``listed_after`` (default: 7 days before ``as_of``): off it, unlisted.
    ``half_terms_key``: where the term dates are listed, as a note names them
    (:attr:`Config.half_terms_key`: a trust school's own list, or the workspace's)."""
    kw = {"half_terms": half_terms, "bands": bands, "minimum": minimum, "inset": inset}
    case = Case()
    stage: Stage | None = None  # the stage whose period runs (a passed-over one: step 4)
    passed: Stage | None = None
    if start is not None:
        stage, since = start
    while stage is not None:
        if passed is None:
            case.stage = stage
        case.since, case.passed = since, passed
        case.passed_band = standing.band if passed is not None else None
        case.improved = None
        period = judge_period(
            stage, since, as_of, window, half_terms=half_terms, unheld=unheld,
            on_record=on_record, minimum=minimum, inset=inset,
        )  # fmt: skip
        end = case.period_end = period.end
        case.weeks_from = None
        if stage.weeks is not None and stage.action != NOTICE_TO_IMPROVE_ACTION:
            begins = weeks_from(since, half_terms, inset)
            case.weeks_from = begins if begins not in (None, since) else None
        case.before, case.since_att = period.before, period.after
        case.end_unknown = period.end_unknown
        if period.end_unknown:  # past the half terms listed: running, its end unknown
            case.status = "monitoring"
            break
        if end is None:  # a last step: stays until a later record
            case.status = "last"
            break
        if not period.ended:
            case.status = "monitoring"
            break
        if not standing.on_roll and standing.left_on is not None and end > standing.left_on:
            # cut short by leaving the school: not judged (docs/cases.md), off roll below
            case.status = "monitoring"
            break
        case.reviewed_on = end
        case.not_held = period.not_held
        verdict = case.improved = period.improved
        why = too_few_text(case.before, case.since_att, minimum) if verdict is None else ""
        case.review = Review(stage, since, end, case.before, case.since_att, verdict, why)
        case.kept_in = None  # (said of the period reviewed last)
        if verdict is None:
            case.status, case.due_from = "review", end + DAY  # too few sessions to compare
            break
        if verdict:
            acted = case.stage if case.stage is not None else stage
            kept = still_in(acted, period.after, bands, minimum) if period.after else None
            if stage.if_improved == "leave" and kept is None:
                case.status, case.left_on = "left", end
                break
            if stage.if_improved == "leave":
                # improved by the school's rule, yet the period's own figure still calls for
                # the stage acted on (band red over it): not off the ladder, another period
                # of the same stage (docs/cases.md step 4, "Improved, but still in the band")
                case.kept_in = kept
                since = end + DAY
                continue
            if stage.if_improved != "stay":  # a step-down: that stage, no longer passed over
                stage, passed = ladder.stage(stage.if_improved), None
            since = end + DAY
            continue
        nxt = ladder.following(stage.name)
        beyond = ladder.following(nxt.name) if nxt is not None else None
        if nxt is None:
            case.status, case.due_from = "review", end + DAY  # the ladder ends: decide
        elif (
            band_excludes(nxt, standing, bands)
            and not nxt.last_step
            and beyond is not None
            and beyond.when_band is None
            and (
                persistently_absent(standing.attended, standing.possible)
                or persistently_absent(*_year_to(end, as_of, standing, window, **kw))
            )
        ):
            # the next stage is a band's the band does not call for, the one after it is
            # no band's (a meeting, a referral), and the pupil is persistently absent, or
            # was when the period ended: the next stage is passed over, its period run
            # without its action, as a step-down's is (step 4).  A pass-over begun on the
            # day after the period stands when the year rises above 90 % since: the pupil
            # is not put back to "not improved" at a period months old, the records made
            # while it ran read again as if it never had (seed 1 of the oracleletters sweep)
            stage, passed, since = nxt, nxt, end + DAY
            continue
        elif excludes(nxt, standing, bands):
            # the next stage is a band's and the band is better, and the one after it is a
            # band's too (or none), or the pupil is over 90 %: it waits for the band, the
            # pupil stays here (the band's own letter again restarts the period; step 4);
            # or it is due only below a line the pupil is not below (while_below)
            case.status, case.waiting = "not_improved", nxt
        else:
            case.status, case.due_stage, case.due_from = "due", nxt, end + DAY
        break

    # a term on the ladder without improvement (a stage's when_not_improved_over = "term",
    # seed 004's step 10): that stage is due whatever stage the pupil is at, below it
    term = next((s for s in ladder.stages if s.when_not_improved_over), None)
    if (
        term is not None
        and first is not None
        and case.stage is not None
        and case.status in ON_LADDER
        and max(ladder.index(s.name) for s in (case.stage, case.due_stage) if s is not None)
        < ladder.index(term.name)
        and not excludes(term, standing, bands)
    ):
        review = term_review(
            ladder, first, as_of, window, half_terms=half_terms, minimum=minimum,
            inset=inset, unheld=unheld,
        )  # fmt: skip
        if review is not None and not review.improved:
            case.status, case.due_stage, case.due_from = "due", term, review.end + DAY
            case.waiting = case.passed = case.passed_band = None
            case.term = review
        elif review is None and (year := term_unlisted(first, half_terms)) is not None:
            # never judged until that year's dates are listed: said, not silent
            case.term_unknown = (
                f"a term on the ladder from the first step on {first:%d/%m/%Y} cannot be "
                f"judged: attcli.toml's [[{half_terms_key}]] do not hold the term that day "
                f"is in (the {year} school year's): list them too, or {term.title}, due after "
                "a term without improvement, never falls due by it (docs/cases.md step 4)"
            )
        elif (
            review is None
            and unheld is not None
            and (span := term_span(first, as_of, half_terms, inset)) is not None
            and (gap := unheld(*span)) is not None
        ):
            # ended, but its days are not all in the exports given (a term from the summer
            # read from the new school year's exports alone): said, as a period's is
            case.term_unknown = (
                f"the term on the ladder from {first:%d/%m/%Y} to {span[1]:%d/%m/%Y} cannot "
                f"be judged from the exports given: they do not hold {span_text(*gap)}; give "
                f"the exports holding those dates too, or {term.title}, due after a term "
                "without improvement, does not fall due by it (docs/cases.md step 4)"
            )
    listed_from = as_of - 7 * DAY if listed_after is None else listed_after
    if case.status == "left" and case.left_on is not None and case.left_on <= listed_from:
        case = Case(left_on=case.left_on)  # left before this run's reviews: off, unlisted
    # what later stages' conditions read (step 5), taken before a held stage makes the
    # pupil due: the record that left it due moved nothing, so one who left the ladder is
    # still judged on the figure since leaving, not the year to date (sweep oracle18)
    now = condition_standing(case, standing, window, as_of, bands, minimum)
    # step 7: a stage due when a record of an earlier one was made stays due until done
    if held is not None and not excludes(held[0], standing, bands):
        h, h_from = held
        if case.due_stage is None or ladder.index(case.due_stage.name) < ladder.index(h.name):
            case.status, case.due_stage, case.due_from = "due", h, h_from
            case.passed = case.passed_band = None
    # step 5: a condition of a later stage (any stage, off the ladder) holds now
    if not standing.on_roll:
        if case.status in ("due", "review", "monitoring", "last", "not_improved"):
            if standing.left_on is not None and standing.left_on < listed_from:
                # on roll on its last day, the last run's, or before: listed then, once
                return Case()
            case.status, case.due_stage, case.due_from = "off_roll", None, None
            case.passed = case.passed_band = None
            case.left_on = standing.left_on
        return case
    idx = -1
    if case.on_ladder:
        idx = max(ladder.index(s.name) for s in (case.stage, case.due_stage) if s is not None)
    hits = [
        s
        for s in ladder.stages[idx + 1 :]
        if s.has_condition and condition_holds(s, now, bands, minimum)
    ]
    if hits:
        jump = hits[-1]
        case.status, case.due_stage, case.due_from = "due", jump, None
        case.waiting = case.passed = case.passed_band = None
        if now is not standing and (now.attended, now.possible) != (
            standing.attended, standing.possible
        ) and condition_holds(
            dataclasses.replace(jump, when_flag=None), now, bands, minimum
        ):  # judged on the figure since leaving the ladder (not a flag raised again)
            case.since_left = (now.attended, now.possible)
    return case


def _not_held(
    stage: Stage,
    since: dt.date,
    end: dt.date,
    after: tuple[int, int],
    unheld: Unheld | None,
) -> tuple[dt.date, dt.date] | None:
    """The days the judgement of the period ``since``-``end`` needs that the exports given
    do not hold (None: none): the period's own, or, when the target over the period does
    not settle it, those of the same length of time before it (step 3)."""
    if unheld is None:
        return None
    first = since - (end - since) - DAY
    if unheld(since, end) is not None:
        return unheld(first, end)
    if after[1] == 0 or improved(stage, (0, 0), after) is not None:
        return None  # no session over the period, or the target alone says: none needed
    return unheld(first, since - DAY)


def judged_on_record(
    ladder: Ladder,
    run_as_of: dt.date,
    stage_then: str | None,
    status_then: str | None,
    due_then: tuple[str, dt.date | None] | None,
    *,
    kept_due: bool = True,
) -> OnRecord:
    """What the last run on record (as of ``run_as_of``) says of a period ended by then:
    the pupil's stage (current, else due), status and stage due (with its due-from date)
    in that run.  Improved (True) when the pupil was off the ladder in that run, or
    leaving it (only an improvement takes a pupil off), or at a stage an improvement
    leads to from the period's (``stay``: the same; a step-down: that one), unless that
    run had the stage after it due from the day after the period (not improved: that
    judgement is carried as the stage due, docs/cases.md "No longer due").  None
    otherwise (a review by hand then, off roll, a run from before the stage due was kept
    with that pupil due): the review by hand names the days."""

    def verdict(stage: Stage, since: dt.date, end: dt.date) -> bool | None:
        if end > run_as_of or status_then in ("review", "off_roll"):
            return None
        if status_then not in ON_LADDER:
            return True
        if status_then == "not_improved" and stage_then == stage.name:
            return False  # judged not improved, the next stage waiting for its band
        nxt = ladder.following(stage.name)
        if nxt is not None and due_then is not None and due_then == (nxt.name, end + DAY):
            return None
        if status_then == "due" and not kept_due:
            return None
        reach: set[str] = set()  # the stages improvements lead to from the period's
        at = stage
        while at.if_improved != "leave":
            at = at if at.if_improved == "stay" else ladder.stage(at.if_improved)
            if at.name in reach:
                break
            reach.add(at.name)
        return True if stage_then in reach else None

    return verdict


def condition_standing(
    case: Case,
    standing: Standing,
    window: Window,
    as_of: dt.date,
    bands: Sequence[Band],
    minimum: int,
) -> Standing:
    """What a stage's ``when_*`` condition reads for a pupil placed as ``case`` (step 5):
    the year-to-date ``standing``, or, for a pupil who has left the ladder, their
    attendance since the day after they left (docs/cases.md), and the ``pn`` flag only
    when the threshold is met by the window's sessions after that day: the offences a
    stage left on improvement answered (a notice to improve that worked) do not make it
    due again while they stay in the rolling window (sweep nti)."""
    if case.on_ladder or case.left_on is None:
        return standing
    flags = standing.flags
    if "pn" in flags and standing.pn_days is not None:
        if sum(d > case.left_on for d in standing.pn_days) < standing.pn_needed:
            flags = flags - {"pn"}
    start = since_left_from(case.left_on, as_of)
    if start > case.left_on + DAY:  # left in an earlier school year: all of this one is since
        return standing if flags == standing.flags else dataclasses.replace(standing, flags=flags)
    a, p = window(start, as_of)
    return Standing(a, p, better_band(band_of(a, p, bands, minimum), standing.band, bands), flags)


def since_left_from(left_on: dt.date, as_of: dt.date) -> dt.date:
    """The first day of the figure "since leaving the ladder" on ``left_on``, as of
    ``as_of``: the day after, or the school year's first day when the pupil left in an
    earlier school year.  The figures are the school year's (DOMAIN.md 2): a pupil who left
    the ladder improved last December and is red this September is judged on this year,
    not on a figure since December that is mostly last year's (sweep yearcycle2)."""
    from attcli.calendar import academic_year_start

    return max(left_on + DAY, academic_year_start(as_of))


def better_band(since: str | None, year: str | None, bands: Sequence[Band]) -> str | None:
    """The band a band stage reads for a pupil who has left the ladder: the better of the
    band of their figure since leaving (none: too few sessions since) and their year's band.
    The band is the year's (DOMAIN.md 3): a figure since leaving in a worse band does not
    call for a worse band's letter; and a figure since leaving in a better one keeps the
    pupil off the ladder after a good period (docs/cases.md)."""
    if since is None or year is None:
        return since
    names = [b.name for b in bands]
    return min(since, year, key=names.index)


def figure_conditions(stage: Stage) -> bool:
    """The stage has a condition on the attendance figure or the band (``when_at_most``,
    ``when_below``, ``when_band``): none can hold under the minimum possible sessions."""
    return any(v is not None for v in (stage.when_at_most, stage.when_below, stage.when_band))


def condition_text(stage: Stage) -> str:
    """The stage's ``when_*`` conditions as a school would say them: "attendance below
    90%", joined by "or"."""
    parts = []
    if stage.when_at_most is not None:
        parts.append(f"attendance at or below {_number(stage.when_at_most)}%")
    if stage.when_below is not None:
        parts.append(f"attendance below {_number(stage.when_below)}%")
    if stage.when_band is not None:
        parts.append(f"band {stage.when_band} or a worse one")
    if stage.when_flag is not None:
        parts.append(f"in the weekly check's {stage.when_flag} group")
    return " or ".join(parts)


def span_text(a: dt.date | None, b: dt.date | None) -> str:
    """Two days as lists name them: "02/03 to 29/03/2026" (the year once when both are in
    it; words a narrow table can wrap between, never fold)."""
    if a is None or b is None:
        return ""
    return f"{a:%d/%m} to {b:%d/%m/%Y}" if a.year == b.year else f"{a:%d/%m/%Y} to {b:%d/%m/%Y}"


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def _known(ladder: Ladder, name: str) -> bool:
    return any(s.name == name for s in ladder.stages)


def since_lines(c: Any, lines: tuple = ()) -> tuple:
    """``lines`` and the figures the period's attendance is judged against (the stage's
    ``improve_to``, and before + ``improve_points``): a figure shown never looks improved
    when it is not."""
    return judged_lines(c.passed or c.stage, c.before, lines)  # the period's stage (step 4)


def judged_lines(stage: Any, before: tuple[int, int] | None, lines: tuple = ()) -> tuple:
    """:func:`since_lines` of a period of ``stage`` with ``before`` the figure before it."""
    if stage is None:
        return lines
    extra = [stage.improve_to] if stage.improve_to is not None else []
    if stage.improve_points is not None and before is not None and before[1]:
        extra.append(Fraction(before[0] * 100, before[1]) + stage.improve_points)
    return (*lines, *extra)
