"""``attcli cases``: every pupil on the escalation ladder, and what is due this week.

Loads the exports, evaluates them as ``check`` does (as of the date and 7 days before),
reads the workspace's casebook (records, and letters sent with a stage's template),
places each pupil with :func:`attcli.ladder.place`, and stores a snapshot of the
run in the workspace (docs/cases.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from attcli.calendar import Calendar
from attcli.casebook import (
    ImpactRow,
    impact,
    window_of,
)
from attcli.config import Config, Ladder, letter_name
from attcli.engine import (
    Ask,
    Evaluation,
    Prepared,
    afternoon_part_taken,
    afternoon_present,
    prepare,
)
from attcli.errors import AttcliError
from attcli.ladder import (
    DAY,
    ON_LADDER,
    Case,
    ReviewWindow,
    Standing,
    Unheld,
    overdue,
    place,
    review_why,
    unlisted_half_terms,
    unsent_letter_steps,
    workspace_ladder_line,
)
from attcli.names import pupil_name, sort_key
from attcli.placing import (
    WARNING_ACTIONS,
    hold_steps,
    letters_undone,
    placer_of,
    standing_only,
    standings,
)
from attcli.quality import COUNTED, between, problems_line
from attcli.snapshots import foreign_run, latest_before
from attcli.store import history_path

if TYPE_CHECKING:
    from attcli.cases.lapsed import Lapsed
    from attcli.check import CheckResult
    from attcli.contacts import Contacts
    from attcli.coverage import Coverage
    from attcli.loaders import PupilList
    from attcli.snapshots import Snapshot

#: the due list's groups, in the order they are shown
DUE_GROUPS: tuple[tuple[str, str], ...] = (
    ("letter", "Letters to send"),
    ("meeting", "Meetings to book"),
    ("plan", "Plans to agree"),
    ("referral", "Referrals to make"),
    ("notice_to_improve", "Notices to improve to give"),
    ("other", "Other actions"),
    ("review", "Reviews to make by hand"),
    ("held", "Held for review"),
)


@dataclass
class CaseRow:
    school: str
    upn: str
    name: str
    year_group: str | None
    reg_group: str | None
    attended: int
    possible: int
    attendance_pct: float | None
    case: Case
    new: bool
    #: the parts of :attr:`name` as the register gives them (the JSON's, as the check's)
    surname: str | None = None
    forename: str | None = None
    #: why the row is as it is when the list alone would not say (a stage carried over)
    note: str = ""
    #: on the ladder with nothing due: what `attcli letters` does this half term with the
    #: band's own letter (:func:`attcli.check.band_letter_lines`), "" for nothing
    band_letter: str = ""


@dataclass
class CasesResult:
    as_of: dt.date
    ladder: Ladder
    rows: list[CaseRow]
    warnings: list[str] = field(default_factory=list)
    #: the snapshot stored by this run (None: none, and why in ``snapshot_note``)
    snapshot_id: int | None = None
    snapshot_note: str | None = None
    impact: list[ImpactRow] | None = None
    impact_weeks: int = 4
    band_lines: tuple[Fraction, ...] = ()
    #: the last run on record NEW compares with (None: the ladder 7 days earlier)
    compared_with: Snapshot | None = None
    #: the workspace's history file (None: no workspace)
    history: Path | None = None
    #: the last run on record shares no pupil with these exports (another school's
    #: exports or workspace: :func:`attcli.snapshots.foreign_run`): said, not compared
    #: with, and this run not stored
    foreign: str | None = None
    #: each pupil's standing and evaluation row (for the snapshot)
    standings: dict[str, tuple[Standing, dict]] = field(default_factory=dict)
    #: the register's problems in the school year, in one line (None: none)
    problems: str | None = None
    #: the exports' last day (None: not known): a register weeks old is said
    data_end: dt.date | None = None
    #: due a stage in ``compared_with``, due nothing now, nothing recorded since
    no_longer_due: list[Lapsed] = field(default_factory=list)
    #: school -> the periods this run lists as ended now (docs/cases.md step 4): the 7
    #: days up to the as-of date, or back to the last school week across a holiday
    review_windows: dict[str, ReviewWindow] = field(default_factory=dict)
    #: pupils off the ladder (one who left it improved in an earlier run) whose band's
    #: letter `attcli letters` holds for review: (the row, its case none, the letter);
    #: the row's ``band_letter`` says why (:func:`_held_off_ladder`)
    held_off_ladder: list[tuple[CaseRow, str]] = field(default_factory=list)
    #: a line for each child under two UPNs at a stage on record under a UPN that left
    #: whose ladder starts again under the UPN on roll (:func:`_across_upns`)
    two_upns: list[str] = field(default_factory=list)

    @property
    def lines(self) -> tuple[Fraction, ...]:
        """The thresholds a figure shown must stay on the right side of (the ladder's and
        the bands': attcli.percent)."""
        return tuple(
            v
            for s in self.ladder.stages
            for v in (s.when_at_most, s.when_below, s.improve_to, s.while_below)
            if v is not None
        ) + self.band_lines

    def review_window(self, school: str) -> ReviewWindow:
        return self.review_windows.get(school) or ReviewWindow(self.as_of, self.as_of - 7 * DAY)

    def overdue(self, r: CaseRow) -> bool:
        """Whether ``r``'s step due fell due by the last school week's run (its day not in
        this run's review window, step 4) and is still not recorded: overdue, as the
        table says beside its date (a step due from a day of this week is due now)."""
        return overdue(r.case, self.review_window(r.school))

    def due(self, group: str) -> list[CaseRow]:
        return [r for r in self.rows if r.case.due == group]

    def reviews_this_week(self) -> list[CaseRow]:
        """The rows whose period ended since the last school week's run (step 4)."""
        return [r for r in self.rows if self.review_window(r.school).lists(r.case.reviewed_on)]


def run_cases(
    exports: Sequence[Path],
    config: Config,
    *,
    as_of: dt.date | None = None,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
    impact_weeks: int | None = None,
    store_snapshot: bool = True,
    contacts: Contacts | None = None,
) -> CasesResult:
    """Load the exports and place every pupil on the ladder: what ``attcli cases`` does.
    Stores a snapshot of the run (unless ``store_snapshot`` is False).  ``contacts``: the
    contacts export read, when given: a council with parental responsibility among a
    pupil's contacts holds a warning step for review, as `attcli letters` holds the letter
    (the register's Looked After column does without it)."""
    from attcli.loaders import obtain_looked_after
    from attcli.looked_after import without_column
    from attcli.store import covered_sessions, one_reader

    # (the ladder has no pupil attribute, gender, SEN, ...: they are not read, but for the
    # register's Looked After column, which holds a warning step as letters holds its letter)
    loaded = obtain_looked_after(
        exports, config, preset=preset, progress=progress, pupils=pupils,
        without=without_column("The casebook was read"),
    )  # fmt: skip
    # every read of the history through one open (store.one_reader; the snapshot is
    # written after, under the run lock, by a writer's own)
    with one_reader(config):
        prepared = prepare(
            loaded.take_compact(),
            config,
            roll_dates=loaded.roll_dates,
            pn_covered=covered_sessions(config, issued_by=as_of),
        )
        now = Ask(as_of)
        day, _ = prepared.dates_of(now)
        # (last week: the same weekday of the last school week before the figures' date,
        # back across a holiday, as the check's NEW: attcli.check.week_before)
        from attcli.check import later_run_note, week_before

        prev_day = week_before(config, prepared, day)
        # NEW: against the last run on record when there is one (no second evaluation), else
        # against the same register 7 days earlier (docs/cases.md step 6), evaluated with
        # this week's in one pass over the marks (issue 15; its figures and flags, what a
        # pupil's standing reads, as the check's run 7 days earlier).  The run on record is
        # the last before the figures' date (the data's last day when the as-of date is
        # after it), as the check's is: one recorded since, of the same figures, would
        # make nothing NEW here and the check's NEW against the week before (sweep
        # leftovers20); one not compared with is said, in the check's words
        seen = min(day, prepared.last)
        snap = latest_before(config, seen) if seen >= prepared.first else None
        unseen = later_run_note(config, seen, day, snap)
        foreign = None
        if snap is not None and (foreign := foreign_run(snap, prepared.roll.pupils["upn"], config)):
            snap = None  # (another school's run: every pupil new to the ladder, said as such)
            unseen = None
        prev = None
        if snap is None and prev_day >= prepared.first:
            ev, prev = prepared.evaluate_many(now, Ask(prev_day, flags_only=True))
        else:
            ev = prepared.evaluate_many(now)[0]
        result = casebook(
            prepared, ev, config, prev=prev, compared_with=snap, impact_weeks=impact_weeks,
            councils=contacts.councils if contacts is not None else None,
        )
        result.warnings[:0] = list(loaded.warnings)
        if unseen is not None and (snap is not None or prev is not None):
            result.warnings.append(unseen)
        if foreign:
            result.foreign = foreign
            result.warnings.append(f"{foreign}; NEW compares with the ladder 7 days earlier")
        result.data_end = ev.coverage.data_end if ev.coverage is not None else None
        year_filtered = _year_filtered(config, ev) if store_snapshot else None
    if store_snapshot:
        snapshot(result, ev, exports, year_filtered=year_filtered)
    return result


def year_not_judged(c: Coverage) -> tuple[str, str] | None:
    """Why the ladder cannot be judged on exports that miss part of the school year (None:
    they cover it) and what to give instead: (why, what to give).  The casebook's refusal
    and ``check --record``'s "nothing recorded" say it alike."""
    if c.covers_period:
        return None
    from attcli.coverage import INSIDE

    inside = [g for g in c.gaps if g.kind in INSIDE]
    if inside:  # (exports from the year's start that miss a week: name it, not the start)
        return (
            f"the exports cover {c.data_start:%d/%m/%Y} to {c.data_end:%d/%m/%Y}, but "
            f"{'; '.join(g.describe() for g in inside[:3])}"
            f"{f' and {len(inside) - 3} more gaps' if len(inside) > 3 else ''}: attendance "
            "for the year cannot be judged, so neither can the ladder",
            f"{c.to_give()}",
        )
    return (
        f"the exports cover {c.data_start:%d/%m/%Y} to {c.data_end:%d/%m/%Y}, not the school "
        f"year from {c.period_start:%d/%m/%Y}: attendance for the year cannot be judged, so "
        "neither can the ladder",
        "exports from the start of the school year",
    )


def casebook(
    prepared: Prepared,
    ev: Evaluation,
    config: Config,
    *,
    prev: Evaluation | None = None,
    compared_with: Snapshot | None = None,
    impact_weeks: int | None = None,
    councils: Callable[[str], Sequence[str]] | None = None,
) -> CasesResult:
    """Every pupil's place on the ladder as of ``ev``'s date.  Who is new to the ladder:
    not on it in ``compared_with`` (the last run on record), else not on it in ``prev``
    (the same register 7 days earlier); with neither, no one is marked new.
    ``councils``: the contacts' councils with parental responsibility (a contacts export
    given), for the steps held as the pupil is looked after (:func:`_hold_for_review`)."""
    ladder = config.escalation
    if not ladder.stages:
        raise AttcliError(
            "no escalation ladder: add [escalation] stages to attcli.toml (docs/cases.md), "
            "or give a band a letter"
        )
    assert ev.coverage is not None
    unjudged = year_not_judged(ev.coverage)
    if unjudged is not None:
        why, give = unjudged
        raise AttcliError(f"cases: {why}; give {give}")
    day = ev.as_of
    placer = placer_of(prepared, ev, config, compared_with)
    records, warnings, path = placer.records, list(placer.warnings), placer.path
    series, pid_of, unheld_for = placer.series, placer.pid_of, placer.unheld_for
    from attcli.letter_settings import NOT_BAND_LETTERS

    # a letter step attcli letters never satisfies stays due for ever: said (docs/cases.md)
    unsent = unsent_letter_steps(ladder, config.bands, NOT_BAND_LETTERS)
    warnings[:0] = unsent + workspace_ladder_line(config, unsent)
    warnings[:0] = unlisted_half_terms(ladder, config.half_terms, config.half_terms_key)
    now = standings(ev)
    snap = compared_with
    was_on = (
        {
            (r["school"], r["upn"])
            for r in snap.pupils.filter(pl.col("status").is_in(list(ON_LADDER))).iter_rows(named=True)
        }
        if snap is not None
        else None
    )
    before = standing_only(prev) if prev is not None and snap is None else {}
    kw = placer.kw
    calendars = {sc or "": c for sc, c in prepared.calendars.items()}
    rows: list[CaseRow] = []
    placed: dict[str, Case] = {}
    for upn, (standing, row) in now.items():
        recs = records.get(upn, [])
        window = placer.window(upn)
        case = placer.place(upn, row["school"] or "", standing)
        placed[upn] = case
        if case.status is None:
            continue
        new = False
        if case.on_ladder and was_on is not None:  # the last run on record says
            new = (row["school"] or "", upn) not in was_on or _lates_afresh(
                case, calendars.get(row["school"] or ""), snap.as_of, day
            )
        elif case.on_ladder and prev is not None:
            then = before.get(upn)
            new = then is None or not place(
                ladder, recs, prev.as_of, then, window, unheld=unheld_for(upn), **kw
            ).on_ladder or _lates_afresh(case, calendars.get(row["school"] or ""), prev.as_of, day)
        # (and the penalty notice on record the stage rests on, where it does: no casebook
        # record names it, sweep leftovers4)
        note = "; ".join(x for x in (review_why(case), placer.record_note(upn, case)) if x)
        rows.append(_case_row(upn, row, case, new, note))
    result = CasesResult(day, ladder, rows, ev.warnings + warnings, review_windows=placer.windows)
    result.band_lines = tuple(b.threshold for b in config.bands if b.threshold is not None)
    if snap is not None:
        _since_the_run(
            result, snap, records, placed, now, series, pid_of, config, prepared, unheld_for
        )
        _forgotten_since_the_run(result.rows, snap, config)
    _not_begun(result.rows, ev)
    _no_band_yet(result.rows, config, now)
    _milder_band(result.rows, config, now)
    _next_term(result.rows, ev, config, now)
    _improved_this_half_term(result.rows, ev, config, now)
    _hold_for_review(result.rows, ev, config, now, councils)
    _band_letter_now(result.rows, ev)
    # (as of the data's end: a record after it was made after the export; a past date
    # asked for leaves out what came after it knowingly)
    later = _recorded_after(result.rows, records, day) if day >= prepared.last else None
    if later is not None:
        result.warnings.append(later)
    result.held_off_ladder = _held_off_ladder(now, placed, ev)
    result.two_upns = _across_upns(ladder, records, placed, ev, day)
    order = {s.name: i for i, s in enumerate(ladder.stages)}
    rows.sort(
        key=lambda r: (
            -max(order[s.name] for s in (r.case.stage, r.case.due_stage) if s is not None)
            if (r.case.stage or r.case.due_stage)
            else 0,
            sort_key(r.name),
            r.name,
            r.upn,
        )
    )
    result.compared_with = snap
    result.history = path
    result.standings = now
    # what the figures the ladder reads cannot settle, never absorbed unsaid (DOMAIN.md 12)
    result.problems = problems_line(
        ev.data_quality, between(ev.period_start, ev.period_end), COUNTED, "",
        n_days=config.n_within_days,
    )
    if impact_weeks is not None:
        result.impact = impact(ladder, records, series, pid_of, day, impact_weeks, _min_cohort(config))
        result.impact_weeks = impact_weeks
    return result


#: the statuses of a pupil on the ladder with nothing due (the list's "nothing due this week")
NOTHING_DUE = ("monitoring", "last", "not_improved")


def _band_letter_now(rows: list[CaseRow], ev: Evaluation) -> None:
    """Say of each pupil on the ladder with nothing due whose band's own letter `attcli
    letters` sends this half term (or holds for review) that it does: the band's letter
    goes each half term and moves nothing on the ladder (docs/cases.md, step 7), and the
    list said nothing to send while letters sent it (sweep of 5 December, agree: left;
    sweep leftovers).  The letters' own rules: :func:`attcli.check.band_letter_lines`."""
    from attcli.check import band_letter_lines

    # and of a pupil who leaves the ladder improved this run: a band's letter that is a
    # ladder letter's is held for review, and why (sweep wording)
    quiet = [
        r for r in rows if r.case.status in (*NOTHING_DUE, "left") and not r.case.not_now
    ]
    said = band_letter_lines(ev, {(r.school or "", r.upn) for r in quiet})
    for r in quiet:
        r.band_letter = said.get((r.school or "", r.upn), "")


def _recorded_after(
    rows: list[CaseRow], records: dict[str, list[tuple[str, dt.date]]], day: dt.date
) -> str | None:
    """The line for the steps listed as due whose record (the letter sent, the meeting
    held) is dated after the casebook's date ``day``: the casebook places no record after
    it (docs/cases.md), so the letters the office sent on Monday from Friday's export were
    listed again, "Letters to send ... now", by `cases` run again on that export, unsaid
    (sweep blind3).  None when there is none."""
    hits: list[tuple[CaseRow, str, dt.date]] = []
    for r in rows:
        due = r.case.due_stage
        if due is None:
            continue
        after = [d for s, d in records.get(r.upn, []) if s == due.name and d > day]
        if after:
            hits.append((r, due.title, min(after)))
    if not hits:
        return None
    n = len(hits)
    listed = "; ".join(f"{r.name} ({r.upn}): {title}, {on:%d/%m/%Y}" for r, title, on in hits)
    latest = max(on for _, _, on in hits)
    return (
        f"{n} step{'s' if n != 1 else ''} listed as due {'were' if n != 1 else 'was'} recorded "
        f"after {day:%d/%m/%Y}, the day this casebook is as of, and {'are' if n != 1 else 'is'} "
        f"not counted in it: {listed}; run cases on the newest export, or on this one with "
        f"--as-of {latest.isoformat()}"
    )


def _across_upns(
    ladder: Ladder,
    records: dict[str, list[tuple[str, dt.date]]],
    placed: dict[str, Case],
    ev: Evaluation,
    day: dt.date,
) -> list[str]:
    """The lines of :func:`attcli.joined.ladder_across_upns`: each UPN's latest stage on
    record (to ``day``), and what the ladder says now of each UPN placed (sweep twoupn)."""
    from attcli.joined import ladder_across_upns

    titles = {s.name: s.title for s in ladder.stages}
    reached = {}
    for upn, recs in records.items():
        done = [(d, name) for name, d in recs if d <= day and name in titles]
        if done:
            d, name = max(done)
            reached[upn] = (titles[name], d)

    def said(c: Case) -> str:
        if c.status is None:
            return "not on it"
        if c.status == "due" and c.due_stage is not None:
            return f"{c.due_stage.title} due" + (", held for review" if c.held else "")
        return f"{c.stage.title}, {c.status}" if c.stage is not None else c.status

    return ladder_across_upns(ev, reached, {u: said(c) for u, c in placed.items()})


def _held_off_ladder(
    now: dict[str, tuple[Standing, dict]], placed: dict[str, Case], ev: Evaluation
) -> list[tuple[CaseRow, str]]:
    """The pupils who left the ladder improved in an earlier run (no case: listed nowhere
    else) whose band's letter `attcli letters` holds for review, each as a
    row with why: a person decides whether it goes, and sent it puts the pupil on the
    ladder again, so the weekly list says it as letters and check do (sweep leftovers)."""
    from attcli.check import band_letters_held, held_band_letter_text

    # (a pupil never on the ladder whose band letter letters holds, for illness say, is the
    # check's to say: the list is the ladder's)
    off = {
        (row["school"] or "", upn)
        for upn, (_, row) in now.items()
        if placed[upn].status is None and placed[upn].left_on is not None
    }
    held = band_letters_held(ev, off)
    out = []
    for (_, upn), (letter, why) in sorted(held.items()):
        r = _case_row(upn, now[upn][1], placed[upn], False)
        r.band_letter = held_band_letter_text(upn, letter, why)
        out.append((r, letter))
    out.sort(key=lambda x: (sort_key(x[0].name), x[0].name, x[0].upn))
    return out


def _hold_for_review(
    rows: list[CaseRow],
    ev: Evaluation,
    config: Config,
    now: dict[str, tuple[Standing, dict]],
    councils: Callable[[str], Sequence[str]] | None = None,
) -> None:
    """Hold for a person to review each due step `attcli letters` would hold, by the
    letters' own rule (:func:`attcli.placing.hold_steps`): the row is listed under "Held
    for review"."""

    def steps(c: Case) -> bool:
        s = c.due_stage
        return c.status == "due" and not c.not_now and s is not None and (
            s.action == "letter" or s.action in WARNING_ACTIONS
        )

    hold_steps(
        ev, config,
        [((r.school, r.upn), r.case, now[r.upn][0].band if r.upn in now else None)
         for r in rows if steps(r.case)],
        councils,
    )  # fmt: skip


def _not_begun(rows: list[CaseRow], ev: Evaluation) -> None:
    """A letter step due in a half term the register holds no school day of yet (an INSET
    day opening it) is no letter to send: `attcli letters` writes none until it does
    (:func:`attcli.letters.run.refuse_unbegun`, the check likewise).  It stays due;
    ``Case.not_now`` says why, in the letters' words."""
    from attcli.termly import unbegun_text

    ht = ev.half_term
    if ht is None or ev.calendar.begun(ht, ev.as_of):
        return
    for r in rows:
        c, s = r.case, r.case.due_stage
        if c.status == "due" and s is not None and s.action == "letter" and not c.not_now:
            c.not_now = unbegun_text(ht, ev.as_of)


def _no_band_yet(
    rows: list[CaseRow], config: Config, now: dict[str, tuple[Standing, dict]]
) -> None:
    """A band's letter step due for a pupil with no band this school year (fewer possible
    sessions than ``[thresholds] min_possible_sessions``: a step carried over from last
    year's last run into September's first days, docs/cases.md "No longer due") is no
    letter to send: `attcli letters` sends a band's letter only on a band.  It stays due
    (no figure is no sign of improvement); ``Case.not_now`` says why."""
    minimum = config.min_possible_sessions
    for r in rows:
        c, found = r.case, now.get(r.upn)
        s = c.due_stage
        if (
            c.status == "due"
            and s is not None
            and s.action == "letter"
            and s.template in config.band_letters
            and found is not None
            and found[0].band is None
        ):
            n = found[0].possible
            c.not_now = (
                f"no band this school year yet ({n} possible session{'s' if n != 1 else ''}, "
                f"fewer than {minimum}): attcli letters sends the {letter_name(s.template or '')} letter, a "
                "band's, once the pupil has one"
            )


def _milder_band(
    rows: list[CaseRow], config: Config, now: dict[str, tuple[Standing, dict]]
) -> None:
    """A band's letter step due by the attendance since leaving the ladder (docs/cases.md)
    for a pupil whose band this school year is a milder one (seed 003's upper_amber step
    due at 94.7 % since leaving, the year to date 96.2 %, green) is no letter to send:
    `attcli letters` sends a pupil their band's letter only, so it sends none (sweep of 5
    December, agree).  It stays due (no improvement since leaving); ``Case.not_now`` says
    why, as :func:`_no_band_yet` does.  A step due by the year to date whose line the bands
    draw elsewhere (a letter at or below 93 % with green from 92 %) stays a letter to send
    by hand, as `attcli letters`' note on such a ladder says."""
    from attcli.percent import pct_text

    rank = config.band_rank
    band_of = {b.letter: b.name for b in config.bands if b.letter}
    letter_of = {b.name: b.letter for b in config.bands}
    lines = tuple(b.threshold for b in config.bands if b.threshold is not None)
    for r in rows:
        c, found = r.case, now.get(r.upn)
        s = c.due_stage
        if (
            c.status != "due"
            or c.not_now
            or c.since_left is None
            or s is None
            or s.action != "letter"
            or s.template not in band_of
            or found is None
            or found[0].band is None
            or found[0].band not in rank
            or rank[found[0].band] >= rank[band_of[s.template]]
        ):
            continue
        st = found[0]
        mine = letter_of.get(st.band)
        sends = f"whose letter is {mine}" if mine else "which sends no letter"
        c.not_now = (
            f"the year to date {st.attended}/{st.possible} = "
            f"{pct_text(st.attended, st.possible, lines)} is band {st.band}, {sends}: attcli "
            f"letters sends the {letter_name(s.template or '')} letter to a pupil in band {band_of[s.template]} "
            "only; send it by hand and record it with attcli case record if a person decides "
            "the attendance since leaving the ladder calls for it"
        )


def _band_letters_due(
    rows: list[CaseRow], config: Config, now: dict[str, tuple[Standing, dict]]
) -> list[CaseRow]:
    """The rows whose step due (and not already said to be no letter now) is the letter of
    the pupil's band as it stands: the letters `attcli letters` would write this week."""
    letter_of = {b.name: b.letter for b in config.bands if b.letter}
    return [
        r
        for r in rows
        if r.case.status == "due"
        and not r.case.not_now
        and (s := r.case.due_stage) is not None
        and s.action == "letter"
        and r.upn in now
        and (band := now[r.upn][0].band) is not None
        and s.template == letter_of.get(band)
    ]


def _next_term(
    rows: list[CaseRow], ev: Evaluation, config: Config, now: dict[str, tuple[Standing, dict]]
) -> None:
    """A letter step due that is the letter of the pupil's band, a band whose letter goes
    once a term (``letter_every = "term"``), when this term's letter went in an earlier
    half term (or a more serious band's: improved since) is next term's: `attcli letters`
    sends none this half term (:func:`attcli.termly.this_term`, the letters' own rule and
    words), so it is no letter to send.  ``Case.not_now`` says why; nothing is held."""
    from attcli.store import existing_history, reader
    from attcli.termly import earlier_in_term, next_term, termly_bands, this_term

    ht = ev.half_term
    due = _band_letters_due(rows, config, now)
    path = existing_history(config)
    if not due or ht is None or path is None or not termly_bands(config):
        return
    with reader(path) as store:
        earlier = earlier_in_term(store, config, ev.calendar.half_terms, ht)
    if not earlier:
        return
    following = next_term(ev.calendar.half_terms, ht)
    when = (
        f"from {following.start:%d/%m/%Y} ({following.name})" if following is not None else ""
    )
    for r in due:
        band, stage = now[r.upn][0].band, r.case.due_stage
        assert stage is not None and stage.template is not None
        verdict = this_term(config, band, stage.template, earlier.get((r.school, r.upn), []))
        if verdict is None:
            continue
        if verdict.kind == "improved":
            # after only more serious letters a correction undid, no improvement: letters
            # holds the milder letter for a person (letter_marks), not next term's
            undone = letters_undone(ev, config, [(r.school, r.upn)])
            if all((r.school, r.upn, x.template) in undone for x in verdict.letters):
                continue
        r.case.not_now = f"{verdict.text}; the {letter_name(stage.template or stage.name)} letter is next term's {when}".rstrip()


def _improved_this_half_term(
    rows: list[CaseRow], ev: Evaluation, config: Config, now: dict[str, tuple[Standing, dict]]
) -> None:
    """A letter step due that is the letter of the pupil's band, when a more serious band's
    letter went this half term and not the band's own: the pupil has improved since, and
    `attcli letters` sends no milder letter this half term
    (:func:`attcli.termly.more_serious`, the letters' own rule and words), so it is no
    letter to send (sweep of 5 December, agree).  ``Case.not_now`` says why; after only
    more serious letters a correction undid, letters holds it for a person: left as due."""
    from attcli.store import existing_history, reader
    from attcli.termly import improved_text, letters_of_half_term, more_serious

    ht = ev.half_term
    due = _band_letters_due(rows, config, now)
    path = existing_history(config)
    if not due or ht is None or path is None:
        return
    with reader(path) as store:
        this: dict[tuple[str, str], list] = {}
        # (as letters reads them: every one sent, and the letter stages recorded by hand)
        for x in letters_of_half_term(store, config, ht, ev.calendar.half_terms):
            this.setdefault((x.school or "", x.upn), []).append(x)
    for r in due:
        band, stage = now[r.upn][0].band, r.case.due_stage
        assert stage is not None
        mine = this.get((r.school, r.upn), [])
        if any(x.template == stage.template or x.band == band for x in mine):
            continue  # (its own letter went: letters shows it as already sent)
        worse = more_serious(config, band, mine)
        if not worse:
            continue
        undone = letters_undone(ev, config, [(r.school, r.upn)])
        if all((r.school, r.upn, x.template) in undone for x in worse):
            continue
        r.case.not_now = f"{improved_text(band, worse)} (attcli letters sends none)"


def _forgotten_since_the_run(rows: list[CaseRow], snap: Snapshot, config: Config) -> None:
    """NEW to the ladder because `attcli pupil forget` deleted the pupil's records since
    the run compared with was recorded (with --force: still on roll), that run's row and
    the casebook's steps among them: the row says so, with when and by whom (the audit
    row's words), so the officer does not read the pupil as new to the ladder
    (docs/cases.md)."""
    from attcli.store import existing_history, reader

    new = [r for r in rows if r.new]
    path = existing_history(config)
    if not new or path is None:
        return
    try:
        since = dt.datetime.fromisoformat(snap.taken_at)
    except ValueError:
        return
    with reader(path) as store:
        gone = store.forgettings_since([(r.school, r.upn) for r in new], since)
    for r in new:
        if (w := gone.get((r.school, r.upn))) is not None:
            at, by = w
            r.note = "; ".join(x for x in (
                f"on the ladder afresh: the pupil's records were deleted on {at:%d/%m/%Y} by "
                f"{by} (attcli pupil forget), the check recorded as of {snap.as_of:%d/%m/%Y} and the steps "
                "recorded before among them",
                r.note,
            ) if x)  # fmt: skip


def _lates_afresh(case: Case, cal: Calendar | None, then: dt.date, now: dt.date) -> bool:
    """Whether ``case`` is due a stage the lateness group starts (``when_flag = "lates"``)
    in another half term than ``then``'s: its lates count afresh (DOMAIN.md 4), so the
    stage due now rests on this half term's, not on those of the run compared with: NEW, as
    the check's lateness group is (sweep "weekly2")."""
    stage = case.due_stage if case.status == "due" else None
    if stage is None or stage.when_flag != "lates" or cal is None:
        return False
    this = cal.half_term_of(now)
    return this is not None and this != cal.half_term_of(then)


def _case_row(upn: str, row: dict, case: Case, new: bool, note: str = "") -> CaseRow:
    return CaseRow(
        school=row["school"] or "",
        upn=upn,
        name=pupil_name(row["surname"], row["forename"]),
        year_group=row["year_group"],
        reg_group=row["reg_group"],
        attended=row["attended"],
        possible=row["possible"],
        attendance_pct=row["attendance_pct"],
        case=case,
        new=new,
        note=note,
        surname=row["surname"],
        forename=row["forename"],
    )


def _since_the_run(
    result: CasesResult,
    snap: Snapshot,
    records: dict[str, list[tuple[str, dt.date]]],
    placed: dict[str, Case],
    now: dict[str, tuple[Standing, dict]],
    series: dict,
    pid_of: dict[str, int],
    config: Config,
    prepared: Prepared,
    unheld_for: Callable[[str], Unheld],
) -> None:
    """The stages due in the last run on record and due no longer (docs/cases.md, "No
    longer due"): listed in ``result.no_longer_due``; one due by its condition that cannot
    be judged now for want of a figure, or after a period that run judged and the exports
    given no longer hold, stays due, its row saying so."""
    from attcli.cases.lapsed import no_longer_due

    calendars = {s or "": c for s, c in prepared.calendars.items()}
    lapsed, carried = no_longer_due(
        snap, result.ladder, records, placed, now,
        lambda upn: window_of(series.get(pid_of.get(upn, -1))), result.as_of,
        half_terms=config.half_terms, bands=config.bands, inset=config.inset_days,
        minimum=config.min_possible_sessions, lines=result.lines, unheld_for=unheld_for,
        register=lambda keys: register_pupils(prepared, keys),
        half_term_of=lambda school, day: (
            cal.half_term_of(day) if (cal := calendars.get(school)) is not None else None
        ),
    )  # fmt: skip
    gone = [x for x in lapsed if x.reason == "not_in_exports"]
    if gone:
        # who they were, by the run's record, and a UPN new in these exports with their
        # name and date of birth (a UPN corrected in the MIS): the check's line, not "left
        # the school" alone (sweep "weekly2")
        from attcli.check import _new_upns

        in_exports = set(
            prepared.roll.pupils.select(pl.col("school").fill_null(""), "upn").iter_rows()
        )
        alike = _new_upns(snap, prepared, result.as_of, in_exports)
        for x in gone:
            surname, forename, _ = snap.names.get((x.school, x.upn), (None, None, None))
            if x.name is None and (surname or forename):
                x.name = pupil_name(surname, forename)
                x.surname, x.forename = surname, forename
            if (line := alike.get((x.school, x.upn))) is not None:
                x.detail = f"{x.detail}; {line}"
    result.no_longer_due = lapsed
    by_upn = {r.upn: r for r in result.rows}
    for upn, (stage, origin, due_from, note) in carried.items():
        row = now[upn][1]
        case = placed[upn]
        case.status, case.due_stage, case.due_from = "due", stage, due_from
        case.carried_from = origin
        if upn in by_upn:
            by_upn[upn].note = note
            continue
        result.rows.append(_case_row(upn, row, case, False, note))


def register_pupils(prepared: Prepared, keys: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """(school, upn) -> the pupil's names, year and registration groups and last day on roll
    (``left_on``; None: no end) from the whole register given, any export: a pupil who
    left before this school year is in none of its figures (docs/cases.md, "No longer due")."""
    if not keys:
        return {}
    roll = prepared.roll
    upns = pl.Series("upn", sorted({u for _, u in keys}), dtype=pl.Utf8).implode()
    last = {
        (r["school"] or "", r["upn"]): r["last"]
        for r in roll.spans_by_date().filter(pl.col("upn").is_in(upns)).iter_rows(named=True)
    }
    found = roll.pupils.filter(pl.col("upn").is_in(upns)).join(
        roll.attributes_as_of(None, ("surname", "forename", "year_group", "reg_group")),
        on="pid",
        how="left",
    )
    out = {}
    for r in found.iter_rows(named=True):
        key = (r["school"] or "", r["upn"])
        if key in keys:
            out[key] = {**r, "left_on": last.get(key)}
    return out


def _min_cohort(config: Config) -> int:
    from attcli.report_settings import settings_from

    return settings_from(config).min_cohort


def _year_filtered(config: Config, ev: Evaluation) -> str | None:
    """:func:`attcli.snapshots.filtered_of_year` of ``ev``'s pupils: the line when the
    exports leave out whole year or registration groups of the newest check on record this
    school year (of the same date or after it too), read with the rest of the history."""
    from attcli.snapshots import filtered_of_year

    assert ev.prepared is not None
    return filtered_of_year(
        config, ev.prepared.roll.pupils.select("school", "upn").iter_rows(), ev.as_of
    )


def snapshot(
    result: CasesResult,
    ev: Evaluation,
    exports: Sequence[Path],
    command: str = "attcli cases",
    *,
    year_filtered: str | None,
) -> None:
    """Store the run's figures, groups and stage for every pupil in the workspace, only
    from a register that covers the period completely (docs/cases.md); otherwise say why
    not in ``result.snapshot_note`` (``command``: the one to run again; ``year_filtered``:
    :func:`_year_filtered`, asked where the history was read)."""
    from attcli.snapshots import n_sessions_of, runs_beside, store_snapshot

    assert ev.coverage is not None and ev.prepared is not None
    if result.history is None:
        return
    if not ev.coverage.complete:
        result.snapshot_note = f"not recorded: {ev.coverage.line()}"
        return
    if result.foreign:
        # (the line naming the workspace's school is said in the note on NEW: said once,
        # sweep looks15)
        result.snapshot_note = (
            "not recorded: no pupil of the check on record is in these exports; record a "
            "check only of the whole school's exports, in its own workspace"
        )
        return
    for school, frame in ev.prepared.missing_sessions.items():
        # an export made at lunchtime: its figures run to the morning of the run's day, and
        # next week's register (with the afternoon) would read every pupil's figure of that
        # day as corrected since (sweep "history")
        last = frame.filter(pl.col("last") & (pl.col("date") == ev.as_of))
        if last.height:
            before = ev.prepared.roll.marks.filter(pl.col("date") < ev.as_of).get_column("date")
            day = before.max() if before.len() else None
            # (some forms' afternoon registers taken: an export made during the afternoon,
            # not at lunchtime, sweep layouts5)
            ended = (
                afternoon_part_taken(last)
                if afternoon_present(last, ev.prepared.school_marks(school))
                else f"the exports end with the AM session of {ev.as_of:%d/%m/%Y} (an export "
                "made at lunchtime)"
            )
            result.snapshot_note = (
                f"not recorded: {ended}: record a check of a whole day's register: export "
                "after the afternoon's"
                + (f", or give --as-of {day:%Y-%m-%d}" if isinstance(day, dt.date) else "")
            )
            return
    snap = result.compared_with
    # (a year group's export: not the school's check, sweep "history"; asked of the check
    # compared with and of the newest on record this school year, of the same date or
    # after it too: a year group's check of a date with the whole school's already on
    # record replaced it, and the next week's check compared with one year group's)
    from attcli.snapshots import filtered_run

    pupils = ev.prepared.roll.pupils.select("school", "upn")
    filtered = (
        filtered_run(snap, pupils.iter_rows(), ev.as_of) if snap is not None else None
    ) or year_filtered
    if filtered:
        result.snapshot_note = (
            f"not recorded: {filtered}; record a check only of the whole school's exports"
        )
        return
    from attcli.store import no_second_history

    try:  # (a copy of the school's attcli.toml in another folder: sweep "history")
        no_second_history(ev.config, "cases and check --record")
    except AttcliError as exc:
        result.snapshot_note = f"not recorded: {exc}"
        return
    from attcli.snapshots import users_school_note

    # (another school's workspace with no history yet, the user folder school's exports:
    # recorded, its history would know them, and its letters go on its letterhead; sweep
    # blind3)
    foreign = users_school_note(ev.config, pupils.get_column("upn").unique().to_list(), ev.as_of)
    if foreign is not None:
        result.snapshot_note = f"not recorded: {foreign}"
        return
    placed = {r.upn: r.case for r in result.rows}
    due = [
        (r.school, r.upn, r.case.due_stage.name, r.case.due_from, r.case.carried_from)
        for r in result.rows
        if r.case.status == "due" and r.case.due_stage is not None
    ]
    pupils = []
    for upn, (s, row) in result.standings.items():
        c = placed.get(upn)
        at = (c.stage or c.due_stage) if c is not None else None
        pupils.append(
            (
                row["school"] or "",
                upn,
                s.attended,
                s.possible,
                s.band,
                s.flags,
                at.name if at is not None else None,
                c.status if c is not None else None,
                row["unauthorised"],
            )
        )
    # who each pupil is, for a run that no longer finds them in its exports
    names = {
        (school or "", upn): (surname, forename, dob)
        for school, upn, surname, forename, dob in ev.pupils.select(
            "school", "upn", "surname", "forename", "dob"
        ).iter_rows()
    }
    # and their year and registration groups, for a run whose exports leave out whole ones
    places = {
        (school or "", upn): (year, reg)
        for school, upn, year, reg in ev.pupils.select(
            "school", "upn", "year_group", "reg_group"
        ).iter_rows()
    }
    # and their lates in the half term, with the codes counted late: a lateness group left
    # or joined by the next run is then told apart as a late mark changed (an L made /)
    # or the threshold moved (sweep lates2)
    codes = ",".join(sorted(set(ev.config.late_codes)))
    lates = {
        (school or "", upn): (n, codes)
        for school, upn, n in ev.pupils.select("school", "upn", "lates_half_term").iter_rows()
        if n is not None
    }
    # and their unauthorised sessions in the penalty-notice window: a pn row of the next
    # run says the run's own count beside a correction's figures (sweep leftovers12)
    pn_windows = {
        (school or "", upn): n
        for school, upn, n in ev.pupils.select("school", "upn", "pn_window_sessions").iter_rows()
        if n is not None
    }
    from attcli.store import HistoryBusy

    try:
        result.snapshot_id = store_snapshot(
            result.history, result.as_of, exports, pupils, school=ev.config.school_key,
            n_sessions=n_sessions_of(ev.prepared.roll, result.as_of), due=due, names=names,
            places=places, lates=lates, pn_windows=pn_windows,
        )  # fmt: skip
    except HistoryBusy as busy:
        # (another office PC's letters run: the ladder worked out is shown, not lost to a
        # refusal at its very end; the run is recorded by running it again)
        result.snapshot_note = (
            f"not recorded: {busy.held}: run `{command}` again once it has finished, "
            "to record this check (next week's NEW compares with the last check recorded)"
        )
        return
    # a run on record as of a later date (an older export given by mistake, or a re-run
    # of a past week): this run is stored, but the next week's compares with that one
    later, replaced = runs_beside(
        result.history, result.as_of, ev.config.school_key, result.snapshot_id
    )
    if later is not None:
        day = f"{result.as_of:%d/%m/%Y}"
        result.snapshot_note = (
            f"recorded this check as of {day} (no. {result.snapshot_id} in the history); a check as of "
            f"{later:%d/%m/%Y} is on record, after this one (as of {day}): next week's NEW "
            f"compares with the check recorded as of {later:%d/%m/%Y}, not this one; if these are not "
            "the newest exports, run again with them"
        )
        return
    if replaced is not None:
        result.snapshot_note = (
            f"recorded this check as of {result.as_of:%d/%m/%Y} (no. {result.snapshot_id} in the history): "
            f"next week's NEW compares with it{replaced}"
        )


def record_check(check: CheckResult, config: Config, exports: Sequence[Path]) -> str:
    """``attcli check --record``: store the check's run as a snapshot (with each pupil's
    stage on the ladder); one line saying what was stored, or why nothing was."""

    ev = check.evaluation
    assert ev.prepared is not None
    history_path(config)  # no workspace: the error saying how to make one
    # against the last run on record, as `cases` does: a stage carried over stays on record
    assert ev.coverage is not None
    unjudged = year_not_judged(ev.coverage)
    if unjudged is not None:  # (a run records each pupil's stage: none can be judged)
        why, give = unjudged
        raise AttcliError(
            f"check --record: nothing recorded: {why} each recorded check keeps (the check above "
            f"stands, not recorded); give {give} and run `attcli check --record` again"
        )
    last = latest_before(config, ev.as_of)
    foreign = last and foreign_run(last, ev.prepared.roll.pupils["upn"], config)
    book = casebook(ev.prepared, ev, config, compared_with=None if foreign else last)
    book.foreign = foreign or None
    snapshot(book, ev, exports, "attcli check --record", year_filtered=_year_filtered(config, ev))
    if book.snapshot_id is None:
        return book.snapshot_note or "not recorded"
    if book.snapshot_note:  # (a run on record after this one: said)
        return book.snapshot_note
    return (
        f"recorded this check as of {ev.as_of:%d/%m/%Y} (no. {book.snapshot_id} in the history): next "
        "week's NEW compares with it"
    )
