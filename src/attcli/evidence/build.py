"""``attcli evidence``: the pack a local authority accepts first time (issue 17).

A penalty-notice request, a notice to improve or a referral needs the same pieces
(DOMAIN.md 5, 9, 12; seeds 000, 001 and 003): the pupil and the parent, compulsory
school age, the unauthorised sessions of the 10-school-week window and the register of
that window as a calendar, the period's figures, the support given (letters sent and
actions recorded, with dates), the notices on record for this parent and pupil in the
last three years and what this one would be, for a notice to improve the improvement
period and what counts as improvement, and for a referral the improvement periods given
(the escalation ladder's monitoring periods the pupil's records began), what counted as
improvement and whether attendance improved over each.

:func:`build_pack` gathers them from the pupil's record (:mod:`attcli.pupil_record`)
and lists every reason the pack is not complete (:attr:`Pack.problems`): an ``N`` code
or a missing mark in the period it shows (local authorities return those), and for a
penalty notice (a notice to improve: the first two) a pupil not of compulsory school age, a threshold not met (sessions that
supported a notice on record never count again), or a third notice within three years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from attcli import clock as _clock
from attcli import percent
from attcli.absence import two_upn_reasons
from attcli.calendar import (
    FOLLOWS_NOTICE,
    FOLLOWS_REFERRAL,
    births_in_order,
    compulsory_school_age_window,
    differing_births_text,
    not_of_compulsory_school_age_text,
    of_compulsory_school_age,
)
from attcli.codes import CODE_BY_NAME, MISSING_MARK
from attcli.config import IMPROVEMENT_WEEKS, NOTICE_TO_IMPROVE_ACTION, Config, Stage, letter_name
from attcli.contacts import Contact
from attcli.coverage import BEFORE_DATA, no_school_day_between
from attcli.engine import PN_FRAMEWORK_START
from attcli.errors import AttcliError, shown
from attcli.ladder import (
    END_UNKNOWN_TEXT,
    Period,
    improvement_text,
    judge_period,
    term_review,
)
from attcli.output import command_word, shows_nothing
from attcli.pupil_record import PupilRecord
from attcli.quality import NO_REGISTER_ADVICE, no_register_sessions
from attcli.roll import date_of
from attcli.store import (
    NEXT_FIRST,
    NEXT_NONE,
    CaseAction,
    History,
    Notice,
    add_years,
    before_framework_text,
    history_path,
    looked_after_quote,
    next_kind,
    notice_fields,
    one_reader,
    quoted_notice,
    reader,
    recent_notices,
)

if TYPE_CHECKING:
    from attcli.loaders import PupilList
    from attcli.looked_after import LookedAfter

#: the kinds of pack (``--for``)
PENALTY_NOTICE = "penalty-notice"
NOTICE_TO_IMPROVE = "notice-to-improve"
REFERRAL = "referral"
KINDS = (PENALTY_NOTICE, NOTICE_TO_IMPROVE, REFERRAL)
#: ``--for`` as the office shortens it (a penalty notice is a "PN" on every form)
_KIND_SHORT = {"pn": PENALTY_NOTICE, "nti": NOTICE_TO_IMPROVE}


def typed_kind(text: str) -> str:
    """``--for`` as typed: a kind in any capitals, with spaces or underscores for its
    hyphens ("Penalty Notice", "notice_to_improve") or shortened PN or NTI, is that kind
    (each certain); anything else one line naming the choices (sweep "slips")."""
    import re

    key = re.sub(r"[\s_-]+", "-", text.strip().lower())
    key = _KIND_SHORT.get(key, key)
    if key not in KINDS:
        raise AttcliError(f"--for {text!r}: choose {', '.join(KINDS)}")
    return key
TITLES = {
    PENALTY_NOTICE: "Penalty notice request",
    NOTICE_TO_IMPROVE: "Notice to improve",
    REFERRAL: "Referral to the local authority",
}
DEFAULT_IMPROVEMENT = (
    "no unauthorised absence during the improvement period, and every absence explained "
    "to the school on its first day"
)


def nti_stage(config: Config) -> Stage | None:
    """The ladder's notice-to-improve stage (``action = "notice_to_improve"``), the first
    if several: the stage `attcli cases` judges a notice to improve by."""
    return next(
        (s for s in config.escalation.stages if s.action == NOTICE_TO_IMPROVE_ACTION), None
    )


def notice_terms(
    config: Config, weeks: int | None, improvement: str | None
) -> tuple[int, str]:
    """A notice to improve's improvement period in weeks and what counts as improvement,
    as the pack proposes them.  With a notice-to-improve stage in the ladder, its
    ``weeks`` and rule, which `attcli cases` judges the notice by once it is recorded: a
    different ``--weeks`` would give the parent dates the casebook does not judge, so it
    is refused (sweep nti); ``--improvement`` words the notice (seeds: "decided on a
    case-by-case basis"), the casebook still judging its rule.  Without one, 3 weeks
    unless told, 3 to 6 (DOMAIN.md 5)."""
    lo, hi = IMPROVEMENT_WEEKS
    stage = nti_stage(config)
    if stage is not None and stage.weeks is not None:
        if weeks is not None and weeks != stage.weeks:
            raise AttcliError(
                f"--weeks {weeks}: the ladder's notice to improve ({stage.name!r} in "
                f"attcli.toml) gives {stage.weeks} weeks, and attcli cases judges the notice "
                f"over those: leave --weeks out, or set the stage's weeks = {weeks}"
            )
        asked = improvement or f"attendance over the period {improvement_text(stage)}"
        return stage.weeks, asked
    weeks = weeks if weeks is not None else lo
    if not lo <= weeks <= hi:
        raise AttcliError(
            f"--weeks {weeks}: a notice to improve gives {lo} to {hi} weeks (the national "
            "framework)"
        )
    return weeks, improvement or DEFAULT_IMPROVEMENT


@dataclass(frozen=True)
class Problem:
    """One reason the pack is not complete: a session (date, AM/PM, code) or a rule."""

    what: str
    date: dt.date | None = None
    session: str | None = None
    code: str | None = None

    @property
    def in_register(self) -> bool:
        """A session's mark (an N, a missing mark): fixed in the MIS.  Every other problem
        says what to do itself (export more dates, take alternative action, or nothing
        makes a notice possible), as a session with no register does (no mark of the
        pupil's: its register may be in the MIS and not in the export)."""
        return self.date is not None and self.code is not None

    def text(self) -> str:
        if self.date is None:
            return self.what
        code = f" {self.code}" if self.code is not None else ""
        return f"{self.date:%a %d/%m/%Y} {self.session}{code}: {self.what}"


@dataclass(frozen=True)
class MonitoringPeriod:
    """An improvement period the pupil was given (DOMAIN.md 9, 11): a monitoring period of
    the school's escalation ladder that a record of its stage began (a casebook record, or
    a ladder letter sent), judged as `attcli cases` judges it (docs/cases.md step 3)."""

    name: str
    title: str
    since: dt.date
    period: Period
    #: what counts as improvement (:func:`attcli.ladder.improvement_text`)
    improved_when: str
    #: the pupil's last day on roll, when they left before the period's end: the period
    #: was cut short and is not judged, as `attcli cases` does not judge it
    left_on: dt.date | None = None

    @property
    def outcome(self) -> str:
        p = self.period
        if self.left_on is not None:
            return f"not judged: cut short by leaving the roll on {self.left_on:%d/%m/%Y}"
        if p.end_unknown:
            return f"running: ends {END_UNKNOWN_TEXT}"
        if p.end is not None and not p.ended:
            return f"running: ends {p.end:%d/%m/%Y}"
        if p.improved is not None:
            return "improved" if p.improved else "not improved"
        if p.not_held is not None:
            a, b = p.not_held
            return f"cannot be judged: the exports do not hold {a:%d/%m/%Y} to {b:%d/%m/%Y}"
        if p.after is None or p.after[1] == 0:
            return "cannot be judged: no possible session over it"
        return "cannot be judged: no possible session before it"


@dataclass
class Pack:
    kind: str
    rec: PupilRecord
    made_on: dt.date
    #: the parent the pack is about (the notice's recipient), and every contact
    parent: Contact
    contacts: list[Contact]
    #: the 10 school weeks ending at the as-of date (DOMAIN.md 5)
    window: tuple[dt.date, dt.date]
    #: the period the pack's register shows: the window, or the school year (a referral)
    shown: tuple[dt.date, dt.date]
    #: the unauthorised sessions of the window that count: date, session, code
    sessions: list[tuple[dt.date, str, str]]
    #: sessions of the window that supported a notice on record to this parent (they never
    #: count again for them; a notice to another parent leaves them counting: DOMAIN.md 5)
    covered: list[tuple[dt.date, str]]
    actions: list[CaseAction]
    notices: list[Notice]
    #: what a notice to this parent about this pupil would be on the as-of date, by the
    #: notices on record (:func:`attcli.store.next_notice`); :attr:`this_notice` is what
    #: the pack says of it
    next_notice: str | None
    improvement_weeks: int | None = None
    improvement: str | None = None
    problems: list[Problem] = field(default_factory=list)
    #: a referral or a penalty notice: the improvement periods given, oldest first (None:
    #: a notice to improve)
    periods: list[MonitoringPeriod] | None = None
    #: a penalty notice: a line per notice to another parent of the pupil that some of the
    #: window's counted sessions also supported (they count for this parent too, DOMAIN.md
    #: 5), for the local authority to read with the request, not only on stderr
    other_parents: list[str] = field(default_factory=list)
    #: the parent's notices about the pupil issued before the national framework began,
    #: a line each saying why they do not count (:func:`attcli.store.before_framework_text`)
    not_counted: list[str] = field(default_factory=list)
    #: the sentence a looked-after pupil's pack prints (:func:`looked_after_said`; None:
    #: not looked after by what the register and the contacts say)
    looked_after: str | None = None
    #: why the parent is not known (the contacts do not give one, or --parent names none):
    #: the first of :attr:`problems`, and :attr:`parent` a stand-in; no pack is written,
    #: a draft neither (sweep rough6: said with the other problems, in one run)
    no_parent: str | None = None

    @property
    def as_of(self) -> dt.date:
        return self.rec.evaluation.as_of

    @property
    def figures_end(self) -> dt.date:
        """The last day the pack's figures count: the check's period end (the as-of date,
        or the exports' last day where they end before it: a draft's problem says so), or
        the pupil's last day on roll before it.  The JSON and the PDF say this date."""
        end = self.rec.evaluation.period_end
        left = self.rec.row.get("left_on")
        return min(end, left) if left is not None else end

    @property
    def this_notice(self) -> str | None:
        """The next notice as the pack quotes it: none, and no fine, for a pupil not of
        compulsory school age on the as-of date (:func:`attcli.store.quoted_notice`)."""
        if self.next_notice is None:
            return None
        return quoted_notice(self.next_notice, self.rec.row["compulsory_school_age"])

    @property
    def improvement_period(self) -> tuple[dt.date, dt.date] | None:
        """What the pack proposes (the notice sets the dates): the weeks given as school
        weeks, five school days a week by the term dates, from the first school day after
        the pack is made (local authorities' codes give the period so: "6 school weeks (a
        maximum of 30 school days)"; a pack made on the last day of term proposed three
        calendar weeks of Christmas holiday, sweep7).  Without term dates that reach so
        far, calendar weeks from the day after it is made."""
        found = self._improvement()
        return None if found is None else found[:2]

    def _improvement(self) -> tuple[dt.date, dt.date, bool] | None:
        """:attr:`improvement_period`, and whether it is counted in school days (False:
        calendar weeks, the term dates not reaching so far)."""
        from attcli.coverage import improvement_period

        if self.improvement_weeks is None:
            return None
        config = self.rec.config
        return improvement_period(
            self.made_on + dt.timedelta(days=1), self.improvement_weeks, config.half_terms,
            config.inset_days,
        )  # fmt: skip

    def improvement_length(self) -> str:
        """The period's length as the page says it: "4 school weeks (20 school days)", or
        calendar weeks where the term dates do not reach (sweep nti: "4 weeks" beside
        dates five calendar weeks apart, a holiday among them, said neither)."""
        found = self._improvement()
        n = self.improvement_weeks
        if found is not None and found[2]:
            return f"{n} school weeks ({5 * n} school days)" if n is not None else ""
        return f"{n} weeks (calendar weeks: the term dates do not reach so far)"

    def record_note(self) -> str | None:
        """How to record the notice once given, for the ladder's notice-to-improve stage
        (:func:`nti_stage`) to judge the dates the notice gives: as given on the period's
        first day.  The casebook counts the period from the record's date, and a notice
        recorded on the day the pack was made (and given) was judged a school day before
        the end the parent was told (sweep leftovers3).  None: no such stage, or not a
        notice to improve."""
        stage = nti_stage(self.rec.config)
        found = self.improvement_period
        if stage is None or found is None:
            return None
        first, last = found
        return (
            "once the notice is given, record it as given on the first day of its "
            f"improvement period, {first:%d/%m/%Y}: attcli case record {command_word(self.rec.upn)} "
            f"--action {stage.name} --date {first:%Y-%m-%d} (attcli cases then judges the "
            f"period the notice gives, {first:%d/%m/%Y} to {last:%d/%m/%Y})"
        )

    def improvement_note(self) -> str | None:
        """One line when the proposed period is in calendar weeks: the term dates end
        before it (or there are none), so it may fall in a holiday (sweep F: a pack made on
        the last day of the autumn term proposed 21/12 to 10/01, unsaid)."""
        found = self._improvement()
        if found is None or found[2]:
            return None
        config = self.rec.config
        ends = (
            f"the term dates in the config end {max(h.end for h in config.half_terms):%d/%m/%Y}"
            if config.half_terms
            else "the config has no term dates"
        )
        return (
            f"the improvement period ({self.improvement_weeks} weeks, {found[0]:%d/%m/%Y} to "
            f"{found[1]:%d/%m/%Y}) is counted in calendar weeks, not school weeks: {ends}, so "
            "it may fall in a holiday; add the next half terms' dates to the config "
            f"([[{config.half_terms_key}]]) before the notice is issued"
        )


def _marks(rec: PupilRecord, start: dt.date, end: dt.date) -> pl.DataFrame:
    """The pupil's sessions from ``start`` to ``end``: date, session, mark, category (the
    evaluation's resolved register, missing rows as ``-``)."""
    return (
        rec.marks(start, end)
        .select("date", "session", pl.col("mark").cast(pl.Utf8), pl.col("category").cast(pl.Utf8))
        .sort("date", "session")
    )


def incomplete_sessions(
    marks: pl.DataFrame, no_register: pl.DataFrame | None = None
) -> list[Problem]:
    """``N`` codes and missing marks: a local authority returns a pack that shows any.
    ``no_register``: the pupil's sessions with no register in the exports
    (:func:`attcli.quality.no_register_sessions`), missing marks too: listed among them
    in date order, each saying what fixes it."""
    out = []
    for d, s, m, c in marks.iter_rows():
        if m == "N":
            # (its code is said before it: "PM N: reason ...", never "PM N: N (reason ...)")
            out.append(Problem("reason not yet established: replace it with the reason", d, s, m))
        elif m == MISSING_MARK or c == "missing":
            out.append(Problem("no mark recorded: complete the register", d, s, m or "-"))
    if no_register is not None and no_register.height:
        for d, s, marked, on_roll in no_register.select(
            "date", "session", "marked", "on_roll"
        ).iter_rows():
            who = (
                f"no mark for any of the {on_roll} pupils on roll"
                if not marked
                else f"only {marked} of the {on_roll} pupils on roll "
                f"{'has' if marked == 1 else 'have'} a mark"
            )
            out.append(
                Problem(
                    f"no register in the exports ({who}), so not in the pupil's possible "
                    f"sessions: {NO_REGISTER_ADVICE}",
                    d,
                    s,
                )
            )
        out.sort(key=lambda p: (p.date, p.session))
    return out


def build_pack(
    rec: PupilRecord,
    config: Config,
    kind: str,
    *,
    parent: Contact,
    made_on: dt.date,
    improvement_weeks: int | None = None,
    improvement: str | None = None,
) -> Pack:
    """The pack of ``kind`` for the pupil of ``rec`` and ``parent``, with every problem."""
    if kind not in KINDS:
        raise AttcliError(f"--for {kind!r}: choose {', '.join(KINDS)}")
    ev, row = rec.evaluation, rec.row
    if kind == NOTICE_TO_IMPROVE:
        improvement_weeks, improvement = notice_terms(config, improvement_weeks, improvement)
    elif improvement_weeks is not None or improvement is not None:
        raise AttcliError("--weeks and --improvement are for --for notice-to-improve only")
    window = (row["pn_window_start"], row["pn_window_end"])
    shown = (ev.period_start, ev.as_of) if kind == REFERRAL else window
    counted = ev.pn_sessions.filter(
        (pl.col("school").fill_null("") == rec.school) & (pl.col("upn") == rec.upn)
    ).sort("date", "session")
    sessions = [(d, s, m) for d, s, m in counted.select("date", "session", "mark").iter_rows()]
    actions: list[CaseAction] = []
    notices: list[Notice] = []
    nxt: str | None = None
    covered: list[tuple[dt.date, str]] = []
    other_parents: list[str] = []
    on_record = False  # (some notice about the pupil, to any parent, not voided)
    not_counted: list[str] = []  # (notices before the framework: said, not counted)
    path = history_path(config)
    if path.exists():
        with reader(path) as h, h.reading() as store:  # (as of one moment)
            # its school's records (a trust's history holds every school's: Ash's meeting
            # about a pupil who moved on is no support Birch gave)
            actions = [a for a in store.actions(rec.upn) if a.school == rec.school]
            # the notices on record as of the date (with no --as-of, every one: the
            # record's window leaves out every notice's sessions, :attr:`records_by`)
            every = rec.records_by is None
            # the parent's contact id, and a name their notices were recorded by (before
            # contact ids, or forced): one person, as `pn record` and the letters count them
            from attcli.notices import parent_keys

            keys = parent_keys(store, rec.upn, parent)
            notices = sorted(
                # (its school's child and parent alone: a trust's other school's pupil and
                # contact under the same ids are others; sweep leftovers17)
                (
                    n
                    for k in keys
                    for n in recent_notices(
                        store, rec.upn, k, ev.as_of, every=every, school=rec.school
                    )
                ),
                key=lambda n: (n.issued_on, n.id),
            )
            nxt = next_kind(len(notices))
            # the parent's notices from before the national framework: on record, but none
            # of the two in 3 years (DOMAIN.md 5: Notice.before_framework), said so the
            # LA reads why this is a first notice
            not_counted = [
                before_framework_text(n)
                for n in sorted(
                    {
                        n.id: n for k in keys for n in store.notices(rec.upn, k, school=rec.school)
                    }.values(),
                    key=lambda n: (n.issued_on, n.id),
                )
                if n.before_framework and (every or n.issued_on <= ev.as_of)
            ]
            on_record = bool(store.notices(rec.upn, school=rec.school))
            covered = sorted(
                {
                    (d, s)
                    for k in keys
                    for d, s in store.covered_sessions(rec.upn, k, rec.records_by, rec.school)
                    if window[0] <= d <= window[1]
                }
            )
            if kind == PENALTY_NOTICE:
                other_parents = _others(store, rec.upn, parent, sessions, rec.contacts or [], keys)
                rec.warnings.extend(other_parents)
                if gone := store.notice_forgotten(rec.upn, ev.as_of, rec.school):  # (--force)
                    rec.warnings.append(gone)
    else:
        nxt = NEXT_FIRST  # no history: no notice on record
    looked_after = looked_after_said(rec, parent)
    # a looked-after pupil with no notice on record: none quoted, as the check quotes none
    nxt = looked_after_quote(nxt, looked_after is not None, on_record)
    pack = Pack(
        kind=kind,
        rec=rec,
        made_on=made_on,
        parent=parent,
        contacts=list(rec.contacts or []),
        window=window,
        shown=shown,
        sessions=sessions,
        covered=covered,
        actions=[a for a in actions if rec.on_record(a.done_on)],
        notices=notices,
        next_notice=nxt if kind == PENALTY_NOTICE else None,
        improvement_weeks=improvement_weeks,
        improvement=improvement,
        other_parents=other_parents,
        looked_after=looked_after,
        not_counted=not_counted,
    )
    pack.problems = problems(pack, config)
    if kind == PENALTY_NOTICE:
        # the improvement periods given (a notice to improve's, a stage's) and whether
        # attendance improved over each: the grounds the LA reads a request on after a
        # notice to improve (seeds 000 4.3, 001 21.3); none is no problem (a request for
        # a holiday taken in term time follows no stage)
        pack.periods = monitoring_periods(rec)
        running = _notice_running(pack, config)
        if running:  # allowed on the notice's own grounds, which attcli cannot know: said
            rec.warnings.append(running[0].what)
        pack.problems += _notice_answered(pack, config)
    if kind == REFERRAL:
        pack.periods = monitoring_periods(rec)
        if not pack.periods:
            rec.warnings.append(
                f"no monitoring period on record for {rec.upn}: the referral shows no "
                "improvement period; a stage of the ladder is recorded with "
                "`attcli case record` or by sending its letter with `attcli letters`"
            )
    said = pack.improvement_note()
    if said is not None:
        rec.warnings.append(said)
    if (said := pack.record_note()) is not None:
        rec.warnings.append(said)
    if row.get("left_on") is not None:  # (said in the pack too: "On roll")
        rec.warnings.append(
            f"{rec.upn} left the roll on {row['left_on']:%d/%m/%Y}: the pack's figures end "
            "there, and it says so"
        )
    return pack


def monitoring_periods(rec: PupilRecord) -> list[MonitoringPeriod]:
    """The improvement periods the pupil's records began up to the as-of date, oldest
    first: the records `attcli cases` reads as beginning a stage with a monitoring period
    (:attr:`attcli.ladder.Case.begun`), each period judged as `cases` judges it (the same
    windows, the days the exports do not hold, the last run on record's judgements), one
    cut short by leaving the roll not judged.  None can be read without a ladder, a
    workspace or exports that cover the school year: then none."""
    from attcli.placing import placed

    ev = rec.evaluation
    key = (rec.school, rec.upn)
    placer, cases = placed(ev, {key})
    if placer is None:
        return []
    case = cases.get(key)
    if case is None:  # no record of a stage: no period was given
        return []
    # the records `cases` read as beginning a stage (step 7: a repeat letter after a later
    # stage was recorded, or one made while a later stage was due, begins none)
    begun = [(s, d) for s, d in case.begun if not s.last_step]
    window, unheld = placer.window(rec.upn), placer.unheld_for(rec.upn)
    left_on = rec.row.get("left_on")
    out = []
    for stage, since in begun:
        period = judge_period(
            stage, since, ev.as_of, window, half_terms=ev.config.half_terms,
            unheld=unheld, on_record=placer.verdicts.get(key),
            minimum=ev.config.min_possible_sessions, inset=ev.config.inset_days,
        )  # fmt: skip
        # a period running past the pupil's last day on roll is cut short by leaving and
        # not judged (docs/cases.md), its end unknown or not
        cut = None
        if left_on is not None and (period.end_unknown or (period.end or left_on) > left_on):
            cut = left_on
        out.append(
            MonitoringPeriod(
                stage.name, stage.title, since, period, improvement_text(stage), cut
            )
        )
    # a term on the ladder since the first step, once ended, where the ladder refers after
    # one not improved (a stage's when_not_improved_over, docs/cases.md step 4): judged as
    # `cases` judges it, the grounds of a referral it made due
    if case.first is not None:
        term = term_review(
            placer.ladder, case.first, ev.as_of, window, half_terms=ev.config.half_terms,
            minimum=ev.config.min_possible_sessions, inset=ev.config.inset_days,
            unheld=unheld,
        )  # fmt: skip
        if term is not None:
            period = Period(term.end, term.before, term.after, True, term.improved)
            out.append(
                MonitoringPeriod(
                    term.stage.name,
                    f"A term on the ladder since the first step ({term.stage.title} if not "
                    "improved)",
                    term.since, period, improvement_text(term.stage),
                )  # fmt: skip
            )
    out.sort(key=lambda m: m.since)
    return out


def _notice_running(pack: Pack, config: Config) -> list[Problem]:
    """A notice to improve on record (a casebook record of the ladder's notice-to-improve
    stage, by the as-of date) whose improvement period runs on the as-of date: another
    now would be a second notice for the offences the parent is still answering (sweep
    nti); its end is `attcli cases`'s to judge, and a penalty notice follows it.  For a
    penalty-notice pack, the check's line (:func:`attcli.ladder.notice_to_improve_text`):
    a penalty notice before the period's end stands on the notice's own grounds."""
    from attcli.ladder import notice_to_improve_on_record, notice_to_improve_text

    given = notice_to_improve_on_record(
        config.escalation, [(a.action, a.done_on) for a in pack.actions], pack.as_of,
        config.half_terms, config.inset_days,
    )  # fmt: skip
    if given is None or pack.as_of > given[2]:
        return []
    if pack.kind == PENALTY_NOTICE:
        return [Problem(notice_to_improve_text(given[1], given[2], pack.as_of))]
    return [
        Problem(
            f"a notice to improve given {given[1]:%d/%m/%Y} is running: its improvement "
            f"period ends {given[2]:%d/%m/%Y}; attcli cases judges it then, and a penalty "
            "notice, not another notice to improve, follows if attendance has not improved"
        )
    ]


def _notice_answered(pack: Pack, config: Config) -> list[Problem]:
    """A penalty-notice request after a notice to improve the parent answered: its period
    over and judged improved (:attr:`Pack.periods`, as `attcli cases` judges it), and too
    few of the window's counted sessions after it to meet the threshold again.  The
    notice to improve is the parent's "final chance" (seeds 000 4.3, 001 21.3, 003): a
    penalty notice for the offences it answered would fine a parent who took it (sweep
    nti), as `cases` no longer makes the notice due again for them
    (:func:`attcli.ladder.condition_standing`)."""
    from attcli.ladder import notice_to_improve_on_record

    given = notice_to_improve_on_record(
        config.escalation, [(a.action, a.done_on) for a in pack.actions], pack.as_of,
        config.half_terms, config.inset_days,
    )  # fmt: skip
    if given is None or pack.as_of <= given[2]:
        return []
    stage, day, end = given
    judged = [m for m in pack.periods or [] if m.name == stage.name and m.since == day]
    if not judged or judged[0].outcome != "improved":
        return []
    after = sum(1 for d, _, _ in pack.sessions if d > end)
    if after >= config.pn_sessions:
        return []
    return [
        Problem(
            f"the notice to improve given {day:%d/%m/%Y} was answered: attendance improved "
            f"over its period ({day:%d/%m/%Y} to {end:%d/%m/%Y}), and {after} of the window's "
            f"unauthorised sessions {'is' if after == 1 else 'are'} after it, fewer than "
            f"{config.pn_sessions}: no penalty notice for the offences it answered"
        )
    ]


def problems(pack: Pack, config: Config) -> list[Problem]:
    """Every reason the pack is not complete, sessions first (in date order), then the
    dates the exports do not cover."""
    rec = pack.rec
    no_register = no_register_sessions(
        rec.evaluation, *pack.shown, pl.DataFrame({"school": [rec.school], "upn": [rec.upn]})
    )
    marks = _marks(rec, *pack.shown)
    out = incomplete_sessions(marks, no_register)
    stray = _on_stray_days(rec, marks, config.pn_codes) + _on_closed_days(rec, marks, config)
    if stray:
        out = sorted(out + stray, key=lambda p: (p.date, p.session))
    out += _not_covered(pack, config)
    # one child under two UPNs (a temporary UPN replaced by the permanent one): the pack's
    # figures and window are this UPN's alone, as a letter's would be (held there), and
    # miss the days the other UPN was on roll (twins on roll together miss none)
    two = two_upn_reasons(
        rec.evaluation, whose="this pack's",
        two_children="--draft writes it if they are two children", missing_days_only=True,
    ).get((rec.school or "", rec.upn))  # fmt: skip
    if two is not None:
        out.append(Problem(two))
    row = pack.rec.row
    if all(shows_nothing(row.get(k) or "") for k in ("forename", "surname")):
        # (a register keyed by MIS id whose pupil list leaves the names blank)
        out.append(
            Problem(
                "the pupil has no name in the exports or the pupil list: a pack names the "
                "child; give the name in the MIS"
            )
        )
    out += _school_not_filled_in(config)
    out += _after_made(pack)
    out += _older_than_on_record(pack, config)
    if pack.kind not in (PENALTY_NOTICE, NOTICE_TO_IMPROVE):
        # a referral gives the local authority the date of birth too, and what it can do
        # next needs compulsory school age: one the exports disagree on is resolved first,
        # as for a notice (DOMAIN.md 12; sweep leftovers19)
        births = _differing_births(pack.rec, FOLLOWS_REFERRAL)
        return out + ([Problem(births)] if births is not None else [])
    if pack.kind == NOTICE_TO_IMPROVE and row.get("left_on") is not None:
        # (its improvement period is weeks to come at this school: a penalty notice, for
        # offences committed while on roll, is still one)
        out.append(
            Problem(
                f"the pupil left the roll on {row['left_on']:%d/%m/%Y}: a notice to improve "
                "asks for better attendance at this school over the weeks to come, which a "
                "pupil no longer on roll cannot give; the school the pupil attends now, or "
                "the local authority, acts"
            )
        )
    if pack.kind == NOTICE_TO_IMPROVE:
        out += _notice_running(pack, config)
    csa = row["compulsory_school_age"]
    # a notice to improve is the step before a penalty notice, for the same offence: only
    # for a pupil of compulsory school age too (DOMAIN.md 5; docs/evidence.md)
    notice = "penalty notice" if pack.kind == PENALTY_NOTICE else "notice to improve"
    if csa is None:
        out.append(
            Problem(
                "no date of birth in the exports: compulsory school age cannot be shown, and "
                "only a pupil of compulsory school age can be the subject of a notice: "
                "record it in the MIS and export it with the register"
            )
        )
    elif not csa:
        out.append(
            Problem(
                f"{not_of_compulsory_school_age_text(row['dob'], pack.as_of)}: no {notice} "
                "can be issued, whatever the register holds (only a wrong date of birth, "
                "corrected in the MIS, would change this)"
            )
        )
    elif pack.made_on > (ended := compulsory_school_age_window(row["dob"])[1]):
        # of the age on the as-of date, no longer today: a notice is issued after the
        # request, so none can follow it (DOMAIN.md 5; `pn record` refuses one dated
        # outside compulsory school age)
        out.append(
            Problem(
                f"compulsory school age ended on {ended:%d/%m/%Y} (born {row['dob']:%d/%m/%Y}), "
                f"before this pack was made ({pack.made_on:%d/%m/%Y}): a {notice} issued now "
                "would be about a pupil no longer of compulsory school age, and only such a "
                "pupil can be its subject"
            )
        )
    births = _differing_births(pack.rec)
    if births is not None:
        # (the latest is the one used, as the loader's note says; but the pack shows the
        # date of birth to the local authority, and compulsory school age decides which
        # sessions count and whether a notice can be issued: DOMAIN.md 5, 12)
        out.append(Problem(births))
    n = len(pack.sessions)
    # a notice to improve too: seeds 000 (4.3) and 001 (21.3 a) offer one only "if the
    # national threshold has been met" (DOMAIN.md 9: "the attendance record and the
    # offences"), said for a pupil of the age (the age problem, above, is the reason
    # otherwise); the third-notice rule stays the penalty notice's
    if n < config.pn_sessions and (pack.kind == PENALTY_NOTICE or csa):
        used = (
            f"; {len(pack.covered)} more of the window's sessions supported a notice to this "
            "parent on record and never count again"
            if pack.covered
            else ""
        )
        out.append(
            Problem(
                f"the threshold is not met: {n} unauthorised session{'s' if n != 1 else ''} in "
                "the "
                + percent.counted(pack.rec.evaluation.window_weeks(pack.rec.school), "school week")
                + f" {pack.window[0]:%d/%m/%Y} to "
                f"{pack.window[1]:%d/%m/%Y}, fewer than {config.pn_sessions}{used}"
                + "".join(f"; {x}" for x in _not_counted(pack, config))
                + _met_before(pack, config)
                + (
                    ": a notice to improve is offered only where the threshold is met"
                    if pack.kind == NOTICE_TO_IMPROVE
                    else ""
                )
            )
        )
    if pack.kind != PENALTY_NOTICE:
        return out
    if pack.next_notice == NEXT_NONE:
        first = pack.notices[0].issued_on if pack.notices else None
        out.append(
            Problem(
                f"this would be a third notice to {pack.parent.name} about this pupil within 3 "
                f"years (notices on record: {', '.join(f'{x.issued_on:%d/%m/%Y}' for x in pack.notices)}"
                # (the day the rule stops counting it: 3 years on, 1 March for a
                # notice of 29 February, store.add_years, as recent_notices counts)
                + (f"; the first no longer counts from {add_years(first, 3):%d/%m/%Y}" if first else "")
                + "): the law allows no third notice; take alternative action"
            )
        )
    return out


def age_disputed(pack: Pack) -> str | None:
    """Why the pack quotes no notice where the dates of birth the exports give disagree on
    whether the pupil is of compulsory school age on the as-of date (pn3's problem says
    both dates; a notice is quoted only to a pupil of the age, DOMAIN.md 5, and an age the
    exports disagree on is not known, as with no date of birth: sweep leftovers19); None
    where they agree, or give one date."""
    births = _births_of(pack.rec)
    of_age = {d: of_compulsory_school_age(d, pack.as_of) for d in births}
    if len(set(of_age.values())) < 2:
        return None

    def born(yes: bool) -> str:
        return " or ".join(f"{d:%d/%m/%Y}" for d in births if of_age[d] is yes)

    return (
        f"compulsory school age on {pack.as_of:%d/%m/%Y} not known: of it if born "
        f"{born(True)}, not if born {born(False)}, and the exports give both"
    )


def _births_of(rec: PupilRecord) -> list[dt.date]:
    """The dates of birth the rows the pack reads give the pupil, each once, the one used
    last (:func:`attcli.calendar.births_in_order`); none without the column."""
    reg = rec.register
    if "dob" not in reg.columns:
        return []
    return births_in_order(reg.sort("date").get_column("dob").to_list())


def _differing_births(rec: PupilRecord, follows: str = FOLLOWS_NOTICE) -> str | None:
    """The pupil's dates of birth where the rows the pack reads give more than one (two
    exports, or a date corrected in the MIS between them), oldest row's first: said, as
    a disagreement between exports is a conflict to resolve, never guessed (DOMAIN.md
    12)."""
    return differing_births_text(rec.upn, _births_of(rec), follows)


def _older_than_on_record(pack: Pack, config: Config) -> list[Problem]:
    """The history holds a register newer than these exports (a letter's marks, or a run's
    figures, as of a date after the exports end) that marks the pack's sessions otherwise:
    a correction made after these exports (an `O` found to be illness), so the pack, made
    from them, would go out on figures the register no longer gives (sweep corrections3).
    A letter's kept marks name the sessions (:mod:`attcli.letter_marks`); a run on record
    (``check --record``, ``cases``) of this school year gives the pupil's unauthorised
    sessions for the year, which a register uncorrected never lowers as the year goes on."""
    from attcli.calendar import academic_year_start
    from attcli.letter_marks import read

    rec = pack.rec
    ev = rec.evaluation
    if ev.coverage is None:
        return []
    end = ev.coverage.data_end
    out: list[Problem] = []
    marks = {
        (d, s): (m, c) for d, s, m, c in _marks(rec, *pack.shown).iter_rows()
    }
    seen: set[tuple[dt.date, str]] = set()
    # (and the penalty-notice packs on record, history version 18: the window's marks)
    newer = [
        (f"the {letter_name(x.template)} letter", x.letter_date, x.as_of, read(x.marks, x.id))
        for x in rec.letters
        if x.marks is not None and x.as_of is not None and x.as_of > end
    ] + [
        ("the penalty-notice pack", p.made_on, p.as_of, read(p.marks, what=f"evidence pack {p.id}"))
        for p in rec.packs
        if p.as_of > end
    ]
    for what, made, as_of, kept in newer:
        differ = sorted(
            (d, s, marks[(d, s)][0], m)
            for (d, s), (m, c) in kept.marks.items()
            if (d, s) in marks and (d, s) not in seen and marks[(d, s)][1] != c
            # (a missing mark on either side: the register completed, or its own problem)
            and "missing" not in (c, marks[(d, s)][1])
        )
        if differ:
            seen.update((d, s) for d, s, *_ in differ)
            k = len(differ)
            out.append(
                Problem(
                    f"these exports end {end:%d/%m/%Y}, and the register {what} "
                    f"of {made:%d/%m/%Y} was made from (to {as_of:%d/%m/%Y}) marks "
                    f"{k} of the pack's sessions otherwise ("
                    + ", ".join(f"{d:%d/%m} {s} {was} -> {now}" for d, s, was, now in differ[:6])
                    + (", ..." if k > 6 else "")
                    + "): corrected since these exports; make the pack from the newest export"
                )
            )
    if ev.coverage.explicit or out:
        return out
    from attcli.snapshots import later_run_date, latest_before

    later = later_run_date(config, end)
    if later is None or academic_year_start(later) != academic_year_start(pack.as_of):
        return out
    snap = latest_before(config, later + dt.timedelta(days=1))
    if snap is None:
        return out
    then = snap.pupils.filter(
        (pl.col("school").fill_null("") == (rec.school or "")) & (pl.col("upn") == rec.upn)
    )
    had = then.get_column("unauthorised").to_list() if then.height else []
    now = rec.row.get("unauthorised")
    if had and had[0] is not None and now is not None and had[0] < now:
        out.append(
            Problem(
                f"these exports end {end:%d/%m/%Y}, and the check on record as of "
                f"{snap.as_of:%d/%m/%Y} counted {had[0]} unauthorised sessions for the school "
                f"year, fewer than these exports' {now} as of {pack.as_of:%d/%m/%Y}: the "
                "register was corrected after these exports; make the pack from the newest "
                "export"
            )
        )
    return out


def _after_made(pack: Pack) -> list[Problem]:
    """The register the pack counts runs past the day it is made (an export holding leave
    entered ahead: an unauthorised holiday entered as G): a request resting on absence not
    yet happened, as letters refuse ("No letters dated before the marks they count")."""
    ev = pack.rec.evaluation
    end = ev.as_of
    if ev.coverage is not None and ev.coverage.data_end < end:
        end = ev.coverage.data_end
    if end <= pack.made_on:
        return []
    return [
        Problem(
            f"the pack's register runs to {end:%d/%m/%Y}, after the day it is made "
            f"({pack.made_on:%d/%m/%Y}): the marks of days still to come (leave entered "
            "ahead) would count as absence that happened; give --as-of "
            f"{pack.made_on:%Y-%m-%d} or earlier"
        )
    ]


def _school_not_filled_in(config: Config) -> list[Problem]:
    """The school's details still ``attcli init``'s placeholders ("FILL IN: school name"):
    the pack prints them in its header, its footer and who prepared it, for the local
    authority, where letters refuse them (:func:`attcli.config.require_school`).  (A
    config with no name at all, hand-written, is not refused here.)"""
    from attcli.config import PLACEHOLDER

    if config.unfilled:
        more = len(config.unfilled) - 1
        return [
            Problem(
                f"the config's school details are not filled in: {config.unfilled[0]} still "
                f"says {PLACEHOLDER!r}" + (f" (and {more} more)" if more else "")
                + ": the pack would print them as they are; put in your school's details"
            )
        ]
    return []


def _on_stray_days(
    rec: PupilRecord, marks: pl.DataFrame, codes: Sequence[str]
) -> list[Problem]:
    """The pupil's unauthorised marks (``codes``: the offences) in the record shown on a
    stray day (docs/decisions.md, "Stray days": only a handful of the pupils on roll have
    marks, so it is not taken as a school day: a mistyped date, or a register opened on a
    holiday).  They count for the pupil, as the MIS counts them, but a request resting on
    an offence recorded while the school was shut is one the local authority returns: each
    is a problem, said as the check's data-quality list says the day."""
    roll = rec.evaluation.prepared.roll if rec.evaluation.prepared is not None else None
    if roll is None or roll.stray_days is None or not roll.stray_days.height:
        return []
    days = {
        d: (marked, on_roll)
        for d, marked, on_roll in roll.stray_days.filter(
            pl.col("school").fill_null("") == (rec.school or "")
        )
        .select("date", "marked", "on_roll")
        .iter_rows()
    }
    return [
        Problem(
            f"only {days[d][0]} of the {days[d][1]} pupils on roll "
            f"{'has' if days[d][0] == 1 else 'have'} marks on this day, so "
            "it is not taken as a school day (a mistyped date, or a register opened on a "
            "holiday?): check the date of this mark in the MIS",
            d,
            s,
            m,
        )
        for d, s, m, c in marks.iter_rows()
        # (an N is listed as one already)
        if d in days and m in codes and m != "N"
    ]


def _on_closed_days(rec: PupilRecord, marks: pl.DataFrame, config: Config) -> list[Problem]:
    """The pupil's unauthorised marks (the offences) in the record shown on a day the
    config's term dates make no school day (an INSET day, or a holiday between two half
    terms given) though most pupils have marks, so it counts as a school day (the check's
    "school days in a holiday of the configured term dates"): the calendar changed after
    the register was taken, or the register was opened on the wrong day.  A request
    resting on an offence on a day the school says it was shut is one the local authority
    returns, as one on a stray day is (:func:`_on_stray_days`).  A bank holiday the
    school opened on is the data's to decide (docs/decisions.md), and is no problem."""
    terms = config.half_terms
    if not terms:
        return []
    inset = set(config.inset_days)
    first, last = min(h.start for h in terms), max(h.end for h in terms)
    school_days = set(rec.evaluation.calendar.school_days)

    def closed(d: dt.date) -> str | None:
        if d in inset:
            return "an INSET day"
        if first <= d <= last and not any(h.contains(d) for h in terms):
            return "a holiday"
        return None

    out = []
    for d, s, m, _ in marks.iter_rows():
        # (an N is listed as one already)
        if d not in school_days or m not in config.pn_codes or m == "N":
            continue
        why = closed(d)
        if why is not None:
            out.append(
                Problem(
                    f"the config's term dates make this day no school day ({why}), but most "
                    "pupils have marks, so it counts: an offence on a day the school says it "
                    "was shut is one the local authority returns; correct the day's register "
                    "in the MIS (# if the school was closed), or the config's term dates",
                    d,
                    s,
                    m,
                )
            )
    return out


def _met_before(pack: Pack, config: Config) -> str:
    """For a penalty-notice pack whose window, moved on to the as-of date, holds too few
    sessions: when the threshold was first met this school year (DOMAIN.md 5 reports that
    date with the window), and the ``--as-of`` that makes the pack of the window to that
    day: "; it was met on 16/11/2026, in the 10 school weeks to that day: give --as-of
    2026-11-16 to make the request of that window".  The bare "not met" read as no
    offence, a week after one (sweep blind2).  Not said with a notice to this parent on
    record: its sessions may be the ones that met it, and a pack as of an earlier day
    would not leave them out."""
    first = pack.rec.row.get("pn_first_met")
    if pack.kind != PENALTY_NOTICE or first is None or pack.notices or pack.covered:
        return ""
    weeks = percent.counted(config.pn_weeks, "school week")
    return (
        # ("the request resting on that window is made with --as-of ...": what to type,
        # said plainly, sweep looks12)
        f"; it was met on {first:%d/%m/%Y}, in the {weeks} to that day: give --as-of "
        f"{first:%Y-%m-%d} to make the request of that window"
    )


def _not_counted(pack: Pack, config: Config) -> list[str]:
    """The window's unauthorised sessions that never count toward a notice because of when
    they were (DOMAIN.md 5), said by why: before 19 August 2024, when the national
    framework began, before compulsory school age, or after it ended (sessions a notice
    on record used are said apart).  ``"10 more of the window's unauthorised sessions
    (13/01/2025 to 17/01/2025) were before compulsory school age (from 31/03/2025) and
    never count"``."""
    counted = {(d, s) for d, s, _ in pack.sessions} | set(pack.covered)
    dob = pack.rec.row["dob"]
    first, last = compulsory_school_age_window(dob) if dob is not None else (None, None)
    why: dict[str, list[dt.date]] = {}
    for d, s, m, _ in _marks(pack.rec, *pack.window).iter_rows():
        if m not in config.pn_codes or (d, s) in counted:
            continue
        if d < PN_FRAMEWORK_START:
            reason = f"before the national framework began ({PN_FRAMEWORK_START:%d/%m/%Y})"
        elif first is not None and d < first:
            reason = f"before compulsory school age (from {first:%d/%m/%Y})"
        elif last is not None and d > last:
            reason = f"after compulsory school age ended ({last:%d/%m/%Y})"
        else:
            continue
        why.setdefault(reason, []).append(d)
    out = []
    for reason, days in why.items():
        span = f"{days[0]:%d/%m/%Y}" + (f" to {days[-1]:%d/%m/%Y}" if days[-1] != days[0] else "")
        n = len(days)
        out.append(
            f"{n} more of the window's unauthorised session{'s' if n != 1 else ''} ({span}) "
            f"{'were' if n != 1 else 'was'} {reason} and never count{'s' if n == 1 else ''}"
        )
    return out


def _others(
    store: History,
    upn: str,
    parent: Contact,
    sessions: list[tuple[dt.date, str, str]],
    contacts: Sequence[Contact] = (),
    keys: Collection[str] = (),
) -> list[str]:
    """A line per notice to another parent of the pupil that some of the window's counted
    sessions also supported: they count for this parent too (DOMAIN.md 5, per parent).
    One to a contact id none of the pupil's ``contacts`` has, under this parent's name
    (:func:`attcli.notices.under_another_id`: a new MIS's ids), may be this parent's: said."""
    from attcli.contacts import Contacts
    from attcli.notices import under_another_id

    maybe = {
        n.id for n in under_another_id(store, upn, parent, Contacts(by_upn={upn: list(contacts)}))
    }
    counted = {(d, s) for d, s, _ in sessions}
    out = []
    for n in store.notices(upn):
        if n.parent_key == parent.parent.key or n.parent_key in keys:
            continue
        k = sum(1 for d, s, _ in store.notice_sessions(n.id) if (d, s) in counted)
        if k:
            who = n.parent + (
                f" (contact {n.parent_key.removeprefix('id:')})" if n.parent_key.startswith("id:") else ""
            )
            out.append(
                f"{k} of the window's unauthorised sessions also supported notice {n.id} to "
                f"{who} on {n.issued_on:%d/%m/%Y}: they count for this parent too (a notice "
                "to each liable parent)"
                + (
                    f"; but that is the name of {parent.name or parent.salutation} at another "
                    "address (recorded from contacts without ids): if they are one person "
                    "(moved house), attcli cannot tell from the name, and those sessions "
                    "already supported a notice to them"
                    if n.id in maybe and n.parent_key.startswith("addr:")
                    else f"; but that is a contact id not among the pupil's contacts now, under "
                    f"the name of {parent.name or parent.salutation} (contact "
                    f"{parent.contact_id}): if they are one person (contact ids change when a "
                    "school changes MIS), attcli cannot tell from the ids, and those sessions "
                    "already supported a notice to them"
                    if n.id in maybe and parent.contact_id
                    else f"; but the contacts have no contact id column, and that is the name "
                    f"of {parent.name or parent.salutation}: if they are one person, attcli "
                    "cannot tell from the name, and those sessions already supported a notice "
                    "to them"
                    if n.id in maybe
                    else ""
                )
            )
    return out


def _listed_joining(rec: PupilRecord) -> dt.date | None:
    """The day the pupil's time on roll begins by a pupil list (``--pupils``), else None:
    a first mark in the exports says nothing of the days before them."""
    prepared = rec.evaluation.prepared
    roll = prepared.roll if prepared is not None else None
    if roll is None or roll.dated is None or roll.spans is None:
        return None
    pid = prepared.pids_of([(rec.school, rec.upn)])
    found = roll.spans.join(roll.dated, on="pid", how="semi").join(pid, on="pid", how="semi")
    if not found.height:
        return None
    return date_of(int(found.get_column("_from").min()))


def _not_covered(pack: Pack, config: Config) -> list[Problem]:
    """What the record shown lacks because the exports do not hold it: a gap of the
    coverage (no register before the data, a week missing inside it, school days after it
    up to the as-of date) that meets the dates shown, and, for a notice, a window of fewer
    school weeks than the rule's because the exports start inside it.  A pack as of a date
    after the export ended was complete, its window the last weeks of the data."""
    lo, hi = pack.shown
    ev = pack.rec.evaluation
    # every pack states the school year's figures to the as-of date: from its first day,
    # not from where exports that start late begin (ev.period_start is then theirs)
    year = ev.coverage.period_start if ev.coverage is not None else lo
    # a pupil list's joining date decides the time on roll (DOMAIN.md 1): the days before
    # it, with no school day between, are none of the pupil's, and need no export
    joined = _listed_joining(pack.rec)

    def not_theirs(end: dt.date) -> bool:
        return joined is not None and no_school_day_between(
            config, joined, end + dt.timedelta(days=1)
        )

    out = []
    for g in ev.coverage.gaps if ev.coverage is not None else ():
        if g.kind == BEFORE_DATA and not_theirs(g.end):
            continue
        if g.start <= max(hi, pack.as_of) and g.end >= lo:  # up to the as-of date
            out.append(
                Problem(f"{g.describe()}: the record shown is not complete; export those dates")
            )
        elif g.start <= pack.as_of and g.end >= year:
            out.append(
                Problem(
                    f"{g.describe()}: the pack's figures for the school year are not "
                    "complete; export those dates"
                )
            )
    if pack.kind != REFERRAL:
        # a school week of the window has a school day on or before its end (before the
        # year's first school day, or in a holiday, the week holding it is none of them:
        # DOMAIN.md 5, as the engine counts them)
        monday = lo - dt.timedelta(days=lo.weekday())
        weeks = {
            d - dt.timedelta(days=d.weekday())
            for d in ev.calendar.school_days
            if monday <= d <= hi
        } & set(ev.calendar.school_weeks)
        if len(weeks) < config.pn_weeks and not (
            ev.coverage is not None and not_theirs(ev.coverage.data_start - dt.timedelta(days=1))
        ):
            out.append(
                Problem(
                    f"the exports hold {len(weeks)} of the "
                    f"{percent.counted(config.pn_weeks, 'school week')} up to {hi:%d/%m/%Y}: "
                    f"export the register from before {lo:%d/%m/%Y}"
                )
            )
    return out


def meaning(code: str) -> str:
    """The code's meaning beside a session: "Present" for ``/`` and ``\\`` alike (the
    regulations' "(AM)" and "(PM)" contradicted the session column where an MIS writes
    ``/`` for both sessions)."""
    if code in ("/", "\\"):
        return "Present"
    c = CODE_BY_NAME.get(code)
    return c.meaning if c is not None else code


def load_pack(
    exports: Sequence[Path],
    config: Config,
    upn: str,
    kind: str,
    *,
    contacts: Path,
    parent: str | None = None,
    as_of: dt.date | None = None,
    improvement_weeks: int | None = None,
    improvement: str | None = None,
    made_on: dt.date | None = None,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
) -> Pack:
    """Load the exports and contacts and build the pack: what ``attcli evidence`` does.
    ``pupils``: a pupil list, whose joining and leaving dates decide the time on roll."""
    from attcli.contacts import read_contacts
    from attcli.pupil_ids import match_typed_id
    from attcli.pupil_record import load_pupil_record

    if kind not in KINDS:
        raise AttcliError(f"--for {kind!r}: choose {', '.join(KINDS)}")
    book = read_contacts(contacts, config)
    # the parent first, when the contacts know the pupil: a request is about one parent,
    # and the window leaves out only the sessions of notices to them (DOMAIN.md 5, per
    # parent); else the record's errors come first, as they did
    # (an MIS id typed without its leading zeros is the contacts' id with them)
    wanted = match_typed_id(upn, book.by_upn, where=str(contacts)).upper()
    ids = [k for k in book.by_upn if k.upper() == wanted]
    known = book.by_upn[ids[0]] if ids else []
    pr = book.has_pr_column
    # a parent not known is one reason among the pack's others, said with them in one run
    # (refused for the contact, then given it, refused for the age: sweep rough6)
    try:
        who = _choose(known, wanted, parent, contacts, has_pr_column=pr)[0] if known else None
    except AttcliError:
        who = None
    key: str | frozenset[str] | None = None if who is None else who.parent.key
    path = history_path(config)
    if who is not None and path.exists():
        from attcli.notices import parent_keys

        with History(path) as store:  # (their notices recorded by name too: one person)
            key = parent_keys(store, ids[0], who)
    with one_reader(config):  # (every read of the history through one open)
        rec = load_pupil_record(
            exports, config, upn, as_of=as_of, contacts=book, preset=preset, progress=progress,
            pupils=pupils, pn_parent=key, ladder=False,
        )  # fmt: skip
        from attcli.snapshots import refuse_strangers_of

        # (another school's exports, for this school's LA: sweep slips8)
        refuse_strangers_of(
            config, rec.evaluation.pupils.get_column("upn").to_list(), rec.evaluation.as_of,
            what="evidence pack", would="would go to the local authority as {}'s",
            contacts=set(book.by_upn),
        )  # fmt: skip
        refused: AttcliError | None = None
        try:
            chosen, passed_over = _choose(
                rec.contacts or [], rec.upn, parent, contacts, has_pr_column=pr
            )
        except AttcliError as exc:  # (a stand-in, for the problems no parent decides)
            refused, chosen, passed_over = exc, Contact(upn=rec.upn), None
        if passed_over is not None:
            rec.warnings.append(passed_over)
        if said := _looked_after_by_register(rec):
            rec.warnings.append(said)
        pack = build_pack(
            rec,
            config,
            kind,
            parent=chosen,
            made_on=made_on or _clock.today(),
            improvement_weeks=improvement_weeks,
            improvement=improvement,
        )
        if refused is None:
            return pack
        if not pack.problems:  # (the one reason: its one line, as ever)
            raise refused
        pack.no_parent = str(refused)
        pack.problems.insert(0, Problem(pack.no_parent))
        return pack


def _looked_after_of(rec: PupilRecord) -> LookedAfter:
    """What the two sources say of the record's pupil, by the one rule
    (:func:`attcli.looked_after.looked_after`): the councils with parental responsibility
    among its contacts, and the register's Looked After column as of the record's date."""
    from attcli.contacts import council_name, holds_pr_as_council
    from attcli.looked_after import looked_after

    prepared = rec.evaluation.prepared
    marks = {} if prepared is None else prepared.looked_after_marks(rec.evaluation.as_of)
    councils = [council_name(c) for c in rec.contacts or [] if holds_pr_as_council(c)]
    return looked_after(councils, marks.get((rec.school or "", rec.upn)))


def _looked_after_by_register(rec: PupilRecord) -> str | None:
    """What the pack says of a pupil the register's own Looked After column marks so as of
    the record's date (:meth:`Prepared.looked_after_marks`), in the check's words
    (:func:`attcli.check.looked_after_notice`), when no council among the contacts says it
    already (:func:`_choose`): a contacts export often lists the foster carer alone, and
    the pack was silent that a notice to a carer is the local authority's to decide.  Of a
    council among the contacts that the column contradicts (N), that contradiction."""
    from attcli.check import looked_after_notice

    said = _looked_after_of(rec)
    if said.councils:
        return said.disagreement  # (the council itself is said by _council_says)
    return looked_after_notice(said.whose) if said.said and said.whose else None


def _council_says(found: Sequence[Contact], chosen: Contact) -> str | None:
    """What the pack says of a council among the pupil's contacts ``found`` holding
    parental responsibility (a looked-after pupil, sweep of 5 December, lac), the pack's
    parent being ``chosen``: no notice to a council, and one to a carer is the local
    authority's to decide.  None without one."""
    from attcli.contacts import council_name, holds_pr_as_council, is_carer

    councils = [c for c in found if holds_pr_as_council(c)]
    if not councils or chosen in councils:
        return None
    carer = is_carer(chosen) and chosen.parental_responsibility is not True
    return (
        f"{' and '.join(council_name(c) for c in councils)} "
        f"{'are local authorities' if len(councils) > 1 else 'is a local authority'} "
        "with parental responsibility (the pupil is looked after): the pack's parent is "
        f"{chosen.name or chosen.salutation}"
        + (", the carer the pupil lives with" if carer else "")
        + "; a penalty notice cannot be issued to a local authority, and whether one "
        "goes to a foster carer is for the local authority (the Virtual School Head and "
        "the social worker) to decide"
    )


def looked_after_said(rec: PupilRecord, parent: Contact) -> str | None:
    """The one sentence the pack prints of a looked-after pupil (under the pupil, and JSON
    ``pupil.looked_after``), as the run says it: a council among the contacts holding
    parental responsibility (:func:`_council_says`), else the register's own Looked After
    column (:func:`_looked_after_by_register`).  None: neither says the pupil is looked
    after.  A pack printed and sent kept none of it (sweep leftovers3)."""
    council = _council_says(rec.contacts or [], parent)
    said = _looked_after_by_register(rec)
    return f"{council}; {said}" if council and said else council or said


def _choose(
    found: list[Contact], upn: str, parent: str | None, contacts: Path, *,
    has_pr_column: bool = True,
) -> tuple[Contact, str | None]:  # fmt: skip
    """The parent of the pack among the pupil's contacts ``found``, and a note naming who
    was passed over: ``parent`` (a name or contact id), else the first contact a letter
    would go to (:meth:`attcli.contacts.Contacts.recipients`' rule): parental
    responsibility (a blank is not known and no, unless the export has no such column:
    ``has_pr_column``) or a carer the pupil lives with (:func:`attcli.contacts.is_parent`),
    and not marked in the export not to be sent letters.  A contact
    with parental responsibility so marked before them is named in the note; with no
    other, the pack is refused until ``--parent`` names the parent."""
    from attcli.contacts import (
        Contacts,
        council_name,
        holds_pr_as_council,
        is_local_authority,
        is_parent,
    )
    from attcli.notices import resolve_parent

    # a council holding parental responsibility (a looked-after pupil) is no person a
    # notice can name, nor be fined (sweep of 5 December, lac)
    councils = [c for c in found if holds_pr_as_council(c)]

    def looked_after(chosen: Contact, note: str | None) -> str | None:
        said = _council_says(found, chosen)
        return f"{note}; {said}" if note and said else note or said

    if not found:  # (not "no contact with parental responsibility", nor pn's --force)
        raise AttcliError(
            f"pupil {upn} is not in the contacts export {shown(contacts)}, so the parent the pack "
            "is for is not known: check the UPN, or add the pupil's contacts in the MIS and "
            "export them again"
        )
    if parent is not None:
        _, contact = resolve_parent(Contacts(by_upn={upn: found}), upn, parent, force=False)
        assert contact is not None
        if is_local_authority(contact):
            raise AttcliError(
                f"{contact.name or contact.salutation} (--parent) is a local authority (the "
                "pupil is looked after): a penalty notice, a notice to improve or a "
                "prosecution is for a parent who is a person, and a local authority cannot "
                "be fined; give the carer with --parent NAME or ID"
            )
        if contact.no_letters:  # as asked, but said: the pack says it to the LA too
            return contact, looked_after(contact, (
                f"{contact.name or contact.salutation} (--parent) is marked in {shown(contacts)} not "
                "to be sent letters: the pack names them as asked, and says so"
            ))  # fmt: skip
        return contact, looked_after(contact, None)
    # (a carer the pupil lives with is a parent, as for the letters: carers sweep)
    with_pr = [c for c in found if is_parent(c, has_pr_column)]
    if not with_pr and councils:
        names = " and ".join(council_name(c) for c in councils)
        raise AttcliError(
            f"pupil {upn}'s only contact with parental responsibility in {shown(contacts)} ({names}) "
            "is a local authority (the pupil is looked after): a penalty notice cannot be "
            "issued to a local authority; agree the next step with the Virtual School Head "
            "and the social worker, or give the carer with --parent NAME or ID"
        )
    if not with_pr:
        lives = any(c.lives_with is not None for c in found)
        raise AttcliError(
            f"pupil {upn} has no parent in {shown(contacts)} (a contact with parental "
            "responsibility, or one the pupil lives with): give the parent with --parent "
            "NAME or ID"
            if lives
            else f"pupil {upn} has no contact with parental responsibility in {shown(contacts)}: "
            "give the parent with --parent NAME or ID"
        )
    allowed = [c for c in with_pr if not c.no_letters]
    marked = [c for c in with_pr if c.no_letters]
    names = " and ".join(c.name or c.salutation for c in marked[:2]) + (
        " and others" if len(marked) > 2 else ""
    )
    if not allowed:
        raise AttcliError(
            f"pupil {upn}'s only "
            + (
                f"contact{'s' if len(marked) > 1 else ''} with parental responsibility"
                if all(c.parental_responsibility is True or not has_pr_column for c in marked)
                else f"parent{'s' if len(marked) > 1 else ''} (parental responsibility, or "
                "living with the pupil)"
            )
            + f" in {shown(contacts)} ({names}) "
            f"{'are' if len(marked) > 1 else 'is'} marked not to be sent letters: give the "
            "parent the notice is for with --parent NAME or ID"
        )
    first = allowed[0]
    chosen = first.name or first.salutation
    # another parent as much the first (two households of one priority, each sent the
    # letters): a notice is per parent, and the file's order is no choice (contacts sweep 3)
    tied = [
        c for c in allowed[1:]
        if c.rank == first.rank and c.parent.key != first.parent.key
        and (c.envelope is None or c.envelope != first.envelope)
    ]  # fmt: skip
    shared = None
    if tied:
        others = " and ".join(c.name or c.salutation for c in tied)
        shared = (
            f"{others} {'share' if len(tied) > 1 else 'shares'} the first priority with "
            f"{chosen} in {shown(contacts)}: the pack's parent is {chosen}, the first in the file; "
            f"give --parent NAME or ID for {others}'s pack"
        )
    before = [c for c in marked if found.index(c) < found.index(first)]
    if not before:
        return first, looked_after(first, shared)
    who = " and ".join(c.name or c.salutation for c in before)
    return first, looked_after(first, (
        f"{who} {'are' if len(before) > 1 else 'is'} marked in {shown(contacts)} not to be sent "
        f"letters: the pack's parent is {chosen}, to whom the letters "
        "go; give --parent NAME or ID for another"
    ) + (f"; {shared}" if shared else ""))  # fmt: skip


def _contact_json(c: Contact) -> dict[str, Any]:
    """A contact as the pack's JSON gives them: what a letter shows, and who they are to
    the pupil as the PDF says it (the MIS contact id, parental responsibility: true, false
    or null where the export does not say, whether the pupil lives with them, the same,
    and whether the school marks them not to be sent letters), so a portal can tell the mother from a grandmother without it."""
    return {
        **c.as_dict(),
        # a detail the export does not give is null, as the contact id here and cme's
        # contact_phone give it ("" went on to a portal as a phone number)
        "postcode": c.postcode or None,
        "email": c.email or None,
        "phone": c.phone or None,
        "contact_id": c.contact_id or None,
        "parental_responsibility": c.parental_responsibility,
        "lives_with_pupil": c.lives_with,
        "not_to_be_sent_letters": c.no_letters,
        # which mark: a court order (which may forbid contact) or "Do Not Contact", as the
        # PDF names them beside the contact (sweep packs2)
        "court_order": c.court_order,
        "do_not_contact": c.no_contact,
    }


def _this_notice_fields(pack: Pack) -> dict[str, str | None]:
    """The pack's ``this_notice`` as :func:`attcli.store.notice_fields` gives it, and null,
    with the notice if of age and the reason beside it, where the exports' dates of birth
    disagree on the age (:func:`age_disputed`) as where there is none."""
    fields = notice_fields(
        pack.next_notice, pack.rec.row["compulsory_school_age"], "this_notice", "this_notice"
    )
    why = age_disputed(pack) if fields["this_notice"] is not None else None
    if why is None:
        return fields
    return {"this_notice": None, "this_notice_if_of_age": pack.next_notice,
            "this_notice_reason": why}  # fmt: skip


def pack_json(pack: Pack) -> dict[str, Any]:
    """The pack as data (``--format json``, for an LA portal)."""
    row = pack.rec.row
    s = pack.rec.config.school
    period = pack.improvement_period
    first_met = row.get("pn_first_met")
    stages = {st.name: st for st in pack.rec.config.escalation.stages}
    return {
        "kind": pack.kind,
        "title": TITLES[pack.kind],
        "made_on": pack.made_on.isoformat(),
        "as_of": pack.as_of.isoformat(),
        "complete": not pack.problems,
        "problems": [p.text() for p in pack.problems],
        "school": {"name": s.name, "urn": s.urn, "dfe_number": s.dfe_number,
                   "local_authority": s.local_authority},
        "pupil": {
            "upn": pack.rec.upn,
            "surname": row["surname"],
            "forename": row["forename"],
            "dob": row["dob"].isoformat() if row["dob"] else None,
            "year_group": row["year_group"],
            "reg_group": row["reg_group"],
            "compulsory_school_age": row["compulsory_school_age"],
            "left_on": row["left_on"].isoformat() if row.get("left_on") else None,
            "joined_on": joined.isoformat() if (joined := pack.rec.joined_on) else None,
            # (a pupil list's two spells: each time off roll between them, as the PDF says)
            "off_roll": [
                {"left_on": a.isoformat(), "back_on": b.isoformat()} for a, b in pack.rec.off_roll
            ],
            "looked_after": pack.looked_after,
        },
        "parent": _contact_json(pack.parent),
        "contacts": [_contact_json(c) for c in pack.contacts],
        "figures": {
            "period_start": pack.rec.evaluation.period_start.isoformat(),
            # (a pupil who left, their last day on roll, as the PDF says)
            "period_end": pack.figures_end.isoformat(),
            "possible": row["possible"],
            "attended": row["attended"],
            "authorised": row["authorised"],
            "unauthorised": row["unauthorised"],
            "attendance_pct": row["attendance_pct"],
        },
        "window": {
            "start": pack.window[0].isoformat(),
            "end": pack.window[1].isoformat(),
            # the rule the window's sessions were counted against: the school's own
            # (a threshold other than 10 in 10 is no national one: read with the pack)
            "threshold": {
                "sessions": pack.rec.config.pn_sessions,
                "school_weeks": pack.rec.config.pn_weeks,
                "codes": list(pack.rec.config.pn_codes),
            },
            # the first date in the school year the threshold was met (DOMAIN.md 5)
            "first_met": first_met.isoformat() if first_met is not None else None,
            "unauthorised_sessions": [
                {"date": d.isoformat(), "session": se, "code": m, "meaning": meaning(m)}
                for d, se, m in pack.sessions
            ],
            "sessions_used_by_earlier_notices": [
                {"date": d.isoformat(), "session": se} for d, se in pack.covered
            ],
        },
        # the attendance record the pack shows (the window; a referral's year), every
        # session as the PDF's register has it: the request goes with it (DOMAIN.md 5, 9)
        "register": {
            "from": pack.shown[0].isoformat(),
            "to": pack.shown[1].isoformat(),
            "marks": [
                {"date": d.isoformat(), "session": se, "code": m, "meaning": meaning(m)}
                for d, se, m, _ in _marks(pack.rec, *pack.shown).iter_rows()
            ],
        },
        "letters": [
            {"date": x.letter_date.isoformat(), "template": x.template, "to": x.contact_name,
             # held for review and released by a person (None: not held, or recorded
             # before the history kept it, version 17)
             "released_by": x.released_by, "held_for": x.held_for}
            for x in pack.rec.letters
            if pack.rec.on_record(x.letter_date)
        ],
        # (each record's stage by its title, as the PDF prints it, and what it is: a
        # portal tells a referral or a notice to improve from a meeting; a stage no longer
        # in the ladder keeps its name, and no kind)
        "actions": [
            {"date": a.done_on.isoformat(), "action": a.action,
             "title": st.title if (st := stages.get(a.action)) else a.action,
             "stage_action": st.action if st else None, "note": a.note,
             "outcome": a.outcome, "recorded_by": a.recorded_by}
            for a in pack.actions
        ],
        "notices_last_3_years": [
            {"issued_on": n.issued_on.isoformat(), "parent": n.parent, "note": n.note}
            for n in pack.notices
        ],
        # (null for a pupil of unknown age, the reason and the notice if of age beside it)
        **_this_notice_fields(pack),
        "notices_to_other_parents": pack.other_parents,
        "notices_not_counted": pack.not_counted,
        "improvement": (
            {"weeks": pack.improvement_weeks, "from": period[0].isoformat(),
             "to": period[1].isoformat(), "asked": pack.improvement}
            if period is not None
            else None
        ),
        "monitoring_periods": (
            [_period_json(m) for m in pack.periods] if pack.periods is not None else None
        ),
    }  # fmt: skip


def _period_json(m: MonitoringPeriod) -> dict[str, Any]:
    p = m.period

    def figure(att: tuple[int, int] | None) -> dict[str, int] | None:
        return None if att is None else {"attended": att[0], "possible": att[1]}

    return {
        "stage": m.name,
        "title": m.title,
        "from": m.since.isoformat(),
        "to": p.end.isoformat() if p.end is not None else None,
        "before": figure(p.before),
        "over": figure(p.after),
        "improved_when": m.improved_when,
        "outcome": m.outcome,
    }
