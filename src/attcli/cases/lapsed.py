"""Stages due in the last run on record that are due no longer (docs/cases.md, "No
longer due"): a due step is never dropped without a word (docs/decisions.md).

For every pupil due a stage in the snapshot ``attcli cases`` compares with, and with no
stage due now: settled when a record of that stage or a later one was made since (dated
after that run, or on or after the day it fell due), or the pupil is at that stage or a
later one now; else, when the stage was due by its condition and the condition cannot be
judged now for want of a figure (fewer possible sessions than a figure needs: the first
days of a school year), or due after a period that run judged not improved and that the
exports given no longer hold (last school year's export not given), it stays due, carried
over; else it is listed, with why in the pupil's terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from attcli.calendar import not_of_compulsory_school_age_text
from attcli.config import Band, HalfTerm, Ladder, Stage
from attcli.ladder import (
    DAY,
    Case,
    Standing,
    Unheld,
    Window,
    below_excludes,
    condition_holds,
    condition_standing,
    condition_text,
    excludes,
    figure_conditions,
    place,
    span_text,
)
from attcli.names import pupil_name
from attcli.percent import pct_text, threshold_text, with_sessions
from attcli.snapshots import Snapshot

#: the reasons a due stage is due no longer (``reason`` in JSON)
REASONS = ("not_in_exports", "off_roll", "condition", "not_of_age", "new_half_term",
           "judged_improved", "cannot_judge", "other")  # fmt: skip


@dataclass
class Lapsed:
    """A pupil due a stage in the last run on record, due nothing now, nothing recorded."""

    school: str
    upn: str
    #: the stage due in that run (its name: it may have left the ladder's config since)
    due_stage: str
    due_from: dt.date | None
    run_as_of: dt.date
    reason: str
    detail: str
    #: None: not in these exports (nor named in the run's record)
    name: str | None = None
    #: the parts of :attr:`name` (None with it, or where the register has none)
    surname: str | None = None
    forename: str | None = None
    year_group: str | None = None
    reg_group: str | None = None
    attended: int = 0
    possible: int = 0
    #: whether :attr:`attended` and :attr:`possible` are the pupil's counts in these
    #: exports (False: not in their figures, the 0s are no counts: null in the JSON)
    counted: bool = False
    case: Case | None = None
    #: the figure the stage's condition was judged on (attended, possible), where it is
    #: not the year to date: since the pupil left the ladder (docs/cases.md)
    judged: tuple[int, int] | None = None

    @property
    def figure(self) -> tuple[int, int]:
        """(attended, possible) the stage's condition was judged on: :attr:`judged`, else
        the year to date."""
        return self.judged or (self.attended, self.possible)


def due_then(
    snap: Snapshot,
    ladder: Ladder,
    records: dict[str, list[tuple[str, dt.date]]],
    window_for: Callable[[str], Window],
    unheld_for: Callable[[str], Unheld | None] | None = None,
    **kw: object,
) -> dict[tuple[str, str], tuple[str, dt.date | None, dt.date | None]]:
    """(school, upn) -> (stage due, due from, carried over from) in ``snap``.  A snapshot
    from before the due stage was kept (history version 10) stored the current stage, else
    the due one: each pupil due then is placed again as of its date, from its own figures
    and the records dated by then; when that no longer finds a stage due, the stage it
    stored stands (due from its date: not taken for a condition's).  When the exports
    given do not hold the period of the stage it stored (placed again, a review by hand
    for want of them) and no later stage's condition held then, what was due at that stage
    was the one after it, from the day after the period: it was judged not improved."""
    if snap.due is not None:
        return dict(snap.due)
    out = {}
    for r in snap.pupils.filter(snap.pupils["status"] == "due").iter_rows(named=True):
        upn = r["upn"]
        recs = [(n, d) for n, d in records.get(upn, []) if d <= snap.as_of]
        then = Standing(r["attended"], r["possible"], r["band"], frozenset(r["groups"] or ()))
        unheld = unheld_for(upn) if unheld_for is not None else None
        c = place(ladder, recs, snap.as_of, then, window_for(upn), unheld=unheld, **kw)  # type: ignore[arg-type]
        key = (r["school"] or "", upn)
        at = c.passed or c.stage  # the period judged: a passed-over stage's (step 4)
        nxt = ladder.following(at.name) if at is not None else None
        if c.status == "due" and c.due_stage is not None:
            out[key] = (c.due_stage.name, c.due_from, None)
        elif (
            c.status == "review" and c.not_held is not None and nxt is not None
            and c.period_end is not None and c.stage is not None and r["stage"] == c.stage.name
        ):  # fmt: skip
            out[key] = (nxt.name, c.period_end + DAY, None)
        elif r["stage"] is not None:
            out[key] = (r["stage"], snap.as_of, None)
    return out


def settled(
    ladder: Ladder,
    stage: str,
    due_from: dt.date | None,
    records: list[tuple[str, dt.date]],
    run_as_of: dt.date,
    as_of: dt.date,
    case: Case | None,
) -> bool:
    """A record of ``stage`` or a later one made since it was due (dated on or after that
    run's day, or on or after the day it fell due), or the pupil is at it or a later stage
    now.  A record dated the run's own day is the action it asked for (done that day): had
    it been on record when the run was made, the run would have placed the pupil at it
    (step 1), not had it due."""
    known = {s.name for s in ladder.stages}
    if stage not in known:
        return False
    idx = ladder.index(stage)
    for name, day in records:
        if name in known and ladder.index(name) >= idx and day <= as_of and (
            day >= run_as_of or (due_from is not None and day >= due_from)
        ):
            return True
    return case is not None and case.stage is not None and ladder.index(case.stage.name) >= idx


def no_longer_due(
    snap: Snapshot,
    ladder: Ladder,
    records: dict[str, list[tuple[str, dt.date]]],
    cases: dict[str, Case],
    now: dict[str, tuple[Standing, dict]],
    window_for: Callable[[str], Window],
    as_of: dt.date,
    *,
    half_terms: Sequence[HalfTerm],
    bands: Sequence[Band],
    minimum: int,
    lines: tuple = (),
    unheld_for: Callable[[str], Unheld | None] | None = None,
    register: Callable[[set[tuple[str, str]]], dict[tuple[str, str], dict]] | None = None,
    half_term_of: Callable[[str, dt.date], HalfTerm | None] | None = None,
    inset: Collection[dt.date] = (),
) -> tuple[list[Lapsed], dict[str, tuple[Stage, dt.date, dt.date | None, str]]]:
    """The pupils due a stage in ``snap`` and due nothing now (``cases``: each pupil's
    place as of ``as_of``), nothing recorded since: listed, and why; and those whose stage
    stays due, carried over: upn -> (the stage, the run it is carried over from, due from
    (None: by its condition), the row's note).  Carried: a stage due by its condition that
    cannot be judged now for want of a figure, and one due after a period ``snap`` judged
    not improved that the exports given (``unheld_for(upn)``) no longer hold.  ``register``: the
    names and last day on roll of pupils in the exports given but not in this period's
    figures (a pupil who left before this school year).  ``half_term_of(school, day)``:
    the half term of ``day`` by the school's calendar; a ``lates`` stage left because a new
    half term began since ``snap`` is ``new_half_term`` (its lates count afresh, DOMAIN.md
    4: not a figure back over the line)."""
    kw = {"half_terms": half_terms, "bands": bands, "minimum": minimum, "inset": inset}
    lapsed: list[Lapsed] = []
    carried: dict[str, tuple[Stage, dt.date, dt.date | None, str]] = {}
    due = due_then(snap, ladder, records, window_for, unheld_for, **kw)
    gone = {
        key for key in due
        if key[1] not in now or (now[key[1]][1]["school"] or "") != key[0]
    }  # fmt: skip
    earlier = register(gone) if register is not None and gone else {}
    for (school, upn), (name, due_from, carried_from) in sorted(due.items()):
        found = now.get(upn)
        if found is not None and (found[1]["school"] or "") != school:
            found = None
        case = cases.get(upn) if found is not None else None
        # due now the same stage or a later one: nothing lapsed.  An earlier one (a meeting
        # below 90 % due, the figure back at 90.0 %: the letter now) lapsed all the same
        lower = False
        if case is not None and case.status == "due":
            if case.due_stage is None or all(s.name != name for s in ladder.stages) or (
                ladder.index(case.due_stage.name) >= ladder.index(name)
            ):
                continue
            lower = True
        if settled(ladder, name, due_from, records.get(upn, []), snap.as_of, as_of, case):
            continue
        was = f"{name} was due " + (
            f"from {due_from:%d/%m/%Y}" if due_from is not None else "in that check"
        )
        item = Lapsed(school, upn, name, due_from, snap.as_of, "other", "")
        if found is None:
            entry = earlier.get((school, upn))
            if entry is None:
                item.reason, item.detail = "not_in_exports", (
                    f"{was}; not in these exports: left the school, or not in the files given"
                )
            else:  # in an export given, not on roll this school year: the register says
                item.name = pupil_name(entry["surname"], entry["forename"])
                item.surname, item.forename = entry["surname"], entry["forename"]
                item.year_group, item.reg_group = entry["year_group"], entry["reg_group"]
                item.reason, item.detail = "off_roll", f"{was}; {_left(entry['left_on'])}"
            lapsed.append(item)
            continue
        standing, row = found
        item.name = pupil_name(row["surname"], row["forename"])
        item.surname, item.forename = row["surname"], row["forename"]
        item.year_group, item.reg_group = row["year_group"], row["reg_group"]
        item.attended, item.possible, item.case = standing.attended, standing.possible, case
        item.counted = True
        place_now = case or Case()
        stage = next((s for s in ladder.stages if s.name == name), None)
        if not standing.on_roll:
            item.reason = "off_roll"
            why = _left(row.get("left_on"))
        elif stage is None:
            why = f"{name} is no longer a stage of the ladder in attcli.toml"
        elif due_from is None and stage.has_condition:
            fig = condition_standing(place_now, standing, window_for(upn), as_of, bands, minimum)
            if lower and condition_holds(stage, fig, bands, minimum):
                continue  # (held below a record's stage: not lapsed by its condition)
            if figure_conditions(stage) and fig.possible < minimum and not condition_holds(
                stage, fig, bands, minimum
            ):
                if lower:
                    continue  # (no figure: nothing lower is due by a condition either)
                # no figure yet is no sign of improvement: the stage stays due
                origin = carried_from or snap.as_of
                carried[upn] = (
                    stage, origin, None, carried_note(stage, standing, origin, snap, upn, lines)
                )  # fmt: skip
                continue
            if stage.when_flag == "pn" and row.get("compulsory_school_age") is False:
                # out of the pn group by age, not by a figure (DOMAIN.md 5)
                item.reason = "not_of_age"
                why = f"{not_of_compulsory_school_age_text(row['dob'], as_of)}: no penalty notice"
            elif (
                stage.when_flag == "lates"
                and half_term_of is not None
                and (this := half_term_of(school, as_of)) is not None
                and this != half_term_of(school, snap.as_of)
            ):
                # out of the lateness group as a new half term began: its lates count
                # afresh (DOMAIN.md 4), no figure of the pupil's moved
                item.reason = "new_half_term"
                n = row.get("lates_half_term")
                why = (
                    f"lates count per half term, and {this.name} began on "
                    f"{this.start:%d/%m/%Y}"
                    + (f": {n} late{'s' if n != 1 else ''} in it so far" if n is not None else "")
                )
            else:
                item.reason = "condition"
                item.judged = (fig.attended, fig.possible)
                why = f"the condition ({condition_text(stage)}) no longer holds: now " + _figure(
                    stage, fig, place_now, lines, minimum
                )
        elif due_from is not None and excludes(stage, standing, bands):
            # a band's stage, due after a period or held by a record, whose band no longer
            # holds: the letter goes with the band (docs/cases.md step 4); or one due only
            # below a line (while_below) the pupil is no longer below
            item.reason = "condition"
            said = (
                f"attendance below {threshold_text(stage.while_below)}%"
                if below_excludes(stage, standing) and stage.while_below is not None
                else condition_text(stage)
            )
            why = f"the condition ({said}) no longer holds: now " + _figure(
                stage, standing, Case(), lines, minimum
            )
        elif judged_then(place_now, stage, due_from):
            # that run judged the period not improved; the exports given no longer hold it
            # (last school year's not given): that judgement stands, the stage stays due
            origin = carried_from or snap.as_of
            assert place_now.not_held is not None
            carried[upn] = (
                stage, origin, due_from,
                f"judged not improved in the check recorded as of {origin:%d/%m/%Y}; the exports given "
                f"do not hold {span_text(*place_now.not_held)}",
            )  # fmt: skip
            continue
        else:
            item.reason, why = _period(place_now, stage, ladder, lines)
        item.detail = f"{was}; {why}"
        lapsed.append(item)
    return lapsed, carried


def judged_then(case: Case, stage: Stage, due_from: dt.date | None) -> bool:
    """``stage`` was due after the period the pupil is now at a review by hand for, because
    the exports given do not hold the days its judgement needs (``Case.not_held``): due
    from the day after it, the stage after the current one."""
    return (
        case.status == "review"
        and case.not_held is not None
        and case.stage is not None
        and case.period_end is not None
        and stage.after == (case.passed or case.stage).name
        and due_from == case.period_end + DAY
    )


def _left(day: dt.date | None) -> str:
    """Why nothing is due for a pupil no longer on roll: "left the roll on 17/07/2026"."""
    when = f"left the roll on {day:%d/%m/%Y}" if day is not None else "not on roll this school year"
    return f"{when}: nothing is due for a pupil who has left"


def carried_note(
    stage: Stage, standing: Standing, origin: dt.date, snap: Snapshot, upn: str, lines: tuple = ()
) -> str:
    """"still due from the run as of 17/07/2026, not done: 4 sessions this year, no figure
    yet (85.7% (329/384) then)" (the figure then when that check is the one compared with)."""
    note = (
        f"still due from the check recorded as of {origin:%d/%m/%Y}, not done: {_sessions(standing.possible)}"
        " this year, no figure yet"
    )
    if origin == snap.as_of:
        then = snap.pupils.filter(snap.pupils["upn"] == upn)
        if then.height and then["possible"][0]:
            a, p = then["attended"][0], then["possible"][0]
            note += f" ({with_sessions(a, p, lines)} then)"
    return note


def _sessions(n: int) -> str:
    return f"{n} session{'s' if n != 1 else ''}"


def _figure(stage: Stage, fig: Standing, case: Case, lines: tuple, minimum: int) -> str:
    since = (
        f"since leaving the ladder on {case.left_on:%d/%m/%Y}, "
        if not case.on_ladder and case.left_on is not None
        else ""
    )
    if fig.possible < minimum:
        text = f"{_sessions(fig.possible)}{'' if since else ' this year'}, no figure"
    else:
        text = with_sessions(fig.attended, fig.possible, lines)
    if stage.when_band is not None:
        text += f", band {fig.band or 'none'}"
    if stage.when_flag is not None and stage.when_flag not in fig.flags:
        text += f", not in the {stage.when_flag} group"
    return since + text


def _period(case: Case, stage: Stage, ladder: Ladder, lines: tuple) -> tuple[str, str]:
    """Why a stage due after a monitoring period (or held due by step 7) is due no longer."""
    from attcli.cases.render import STATUS_TEXT

    before = case.stage
    if before is not None and case.reviewed_on is not None and stage.after == before.name:
        span = f"{case.since:%d/%m/%Y} to {case.period_end:%d/%m/%Y}" if case.since else ""
        if case.improved:
            figures = ""
            if case.since_att and case.since_att[1] and case.before and case.before[1]:
                figures = (
                    f": {pct_text(*case.since_att, lines)} over it, "
                    f"{pct_text(*case.before, lines)} before"
                )
            return "judged_improved", (
                f"the {before.name} monitoring period ({span}) now counts as improved"
                f"{figures}: the register has changed since that check"
            )
        if case.improved is None:
            why = (
                f"the exports given do not hold {span_text(*case.not_held)}"
                if case.not_held is not None
                else (case.review.why if case.review is not None else "") or "no sessions to compare"
            )
            return "cannot_judge", (
                f"the {before.name} monitoring period ({span}) can no longer be judged ({why}): "
                "a review by hand is due instead"
            )
    if before is None and case.left_on is not None:
        return "judged_improved", (
            f"the {stage.after or 'previous stage'}'s monitoring period now counts as improved "
            f"(left the ladder on {case.left_on:%d/%m/%Y}): the register has changed since "
            "that check"
        )
    now = (
        f"{case.stage.name} ({STATUS_TEXT.get(case.status or '', case.status)})"
        if case.stage is not None
        else "not on the ladder"
    )
    return "other", (
        f"not due from the records and exports given (now: {now}): a record voided, or the "
        "register corrected, since that check"
    )
