"""Placing pupils on the school's escalation ladder as of a date (docs/cases.md steps 1-7),
shared by ``cases`` (every pupil), ``letters`` (a ladder letter's stage, a pupil who left
the ladder improved) and ``evidence`` (the pack's case history): each places a pupil as
the others do, from the same records, sessions and last run on record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from attcli.casebook import (
    joined_on,
    marks_by_day,
    pid_by_upn,
    read_records,
    since_joining,
    unheld_days,
    window_of,
)
from attcli.config import NOTICE_TO_IMPROVE_ACTION, Config, Ladder, letter_name
from attcli.engine import Evaluation, Prepared
from attcli.ladder import (
    Case,
    OnRecord,
    ReviewWindow,
    Standing,
    Unheld,
    Window,
    judged_on_record,
    place,
    review_window,
    since_left_from,
)
from attcli.snapshots import latest_before

if TYPE_CHECKING:
    from attcli.snapshots import Snapshot


def standings(ev: Evaluation) -> dict[str, tuple[Standing, dict]]:
    """Each pupil's standing and evaluation row (every column: each row is read on)."""
    standing = standing_only(ev)
    return {row["upn"]: (standing[row["upn"]], row) for row in ev.pupils.iter_rows(named=True)}


def standing_only(ev: Evaluation) -> dict[str, Standing]:
    """Each pupil's standing alone, where no more is read (a row of every column a pupil:
    0.4 s at 20,000 pupils)."""
    from attcli.check import membership

    groups = dict(membership(ev).select("upn", "groups").iter_rows())
    left = "left_on" if "left_on" in ev.pupils.columns else pl.lit(None).alias("left_on")
    cols = ev.pupils.select("upn", "attended", "possible", "band", "on_roll", left)
    # the days of the window's counted sessions of each pupil the pn group holds (what
    # the flag rests on, read again after leaving the ladder: ladder.condition_standing)
    flagged = {u for u, g in groups.items() if g and "pn" in g}
    pn_days: dict[str, list[dt.date]] = {}
    if flagged:
        for upn, day in (
            ev.pn_sessions.filter(pl.col("upn").is_in(sorted(flagged)))
            .select("upn", "date").iter_rows()
        ):  # fmt: skip
            pn_days.setdefault(upn, []).append(day)
    return {
        upn: Standing(
            a, p, b, frozenset(groups.get(upn) or ()), bool(on), left,
            tuple(pn_days.get(upn, ())), ev.config.pn_sessions,
        )  # fmt: skip
        for upn, a, p, b, on, left in cols.iter_rows()
    }


@dataclass
class Placer:
    """What placing a pupil on the ladder as of ``day`` reads (docs/cases.md steps 1-7):
    the casebook's records, each pupil's sessions by day, the days the exports given do
    not hold, and the judgements of the last run on record."""

    ladder: Ladder
    day: dt.date
    records: dict[str, list[tuple[str, dt.date]]]
    warnings: list[str]
    path: Path | None
    pid_of: dict[str, int]
    series: dict
    unheld_for: Callable[[str], Unheld]
    verdicts: dict[tuple[str, str], OnRecord]
    kw: dict
    #: each school's ("" for none) periods listed as ended now (step 4: since the last
    #: school week's run, :func:`attcli.ladder.review_window`)
    windows: dict[str, ReviewWindow]
    #: what stands behind a record that is no casebook record, (upn, stage, date) -> words
    #: (a penalty notice on record as the step after a notice to improve:
    #: :func:`attcli.casebook.read_records`)
    notes: dict[tuple[str, str, dt.date], str] = field(default_factory=dict)

    def window(self, upn: str) -> Window:
        return window_of(self.series.get(self.pid_of.get(upn, -1)))

    def record_note(self, upn: str, case: Case) -> str:
        """What stands behind the record the pupil's stage rests on, where it is no casebook
        record (the penalty notice on record), else ""."""
        if case.stage is None or case.since is None:
            return ""
        return self.notes.get((upn, case.stage.name, case.since), "")

    def place(self, upn: str, school: str, standing: Standing) -> Case:
        return place(
            self.ladder, self.records.get(upn, []), self.day, standing, self.window(upn),
            unheld=self.unheld_for(upn), on_record=self.verdicts.get((school, upn)),
            listed_after=self.windows[school].after if school in self.windows else None,
            **self.kw,
        )  # fmt: skip


def placer_of(
    prepared: Prepared,
    ev: Evaluation,
    config: Config,
    snap: Snapshot | None,
    only: set[str] | None = None,
) -> Placer:
    """The :class:`Placer` of ``ev``'s date (``only``: the UPNs whose sessions are read;
    None: every pupil with a record).  Made once an evaluation, for one run on record
    (``snap``): `cases` and `pupil` ask twice (their own ladder, then the check's held
    letters, :func:`placed`), each reading the casebook and the recorded pupils' marks by
    day (sweep migrate); one made for every pupil, or for more, serves any ``only``, and
    the casebook's records are read once an evaluation whatever the pupils."""
    made = (id(prepared), id(config), None if snap is None else snap.id)
    for (*key, had), found in ev.placers.items():
        if tuple(key) == made and (had is None or (only is not None and only <= had)):
            assert isinstance(found, Placer)
            return found
    placer = _placer_of(prepared, ev, config, snap, only)
    ev.placers[(*made, None if only is None else frozenset(only))] = placer
    return placer


def _placer_of(
    prepared: Prepared,
    ev: Evaluation,
    config: Config,
    snap: Snapshot | None,
    only: set[str] | None,
) -> Placer:
    ladder = config.escalation
    assert ev.coverage is not None
    if id(config) not in ev.casebook_records:  # (the casebook, read once an evaluation)
        read: dict[tuple[str, str, dt.date], str] = {}
        ev.casebook_records[id(config)] = (*read_records(config, ladder, read), read)
    records, warnings, path, notes = ev.casebook_records[id(config)]  # type: ignore[misc]
    warnings, notes = list(warnings), dict(notes)  # (the placer's own: cases adds to them)
    pid_of = pid_by_upn(prepared)
    missing = sorted(u for u in records if u not in pid_of)
    if missing:
        from attcli.percent import counted

        warnings.append(
            f"{counted(len(missing), 'pupil')} with casebook records "
            f"{'is' if len(missing) == 1 else 'are'} not in these exports (first: "
            f"{missing[0]}): left out"
        )
    # every pupil with a record needs windows (periods, since leaving); no one else does
    wanted = {u for u in records if u in pid_of and (only is None or u in only)}
    series = marks_by_day(prepared, {pid_of[u] for u in wanted})
    # a period whose judgement needs days no export given holds cannot be judged (step 3),
    # but for the days before a pupil joined (none of theirs), and a judgement the last
    # run on record made stands
    unheld = unheld_days(config, ev.coverage.period_start, ev.coverage.data_start)
    first_record = {pid_of[u]: min(d for _, d in records[u]) for u in wanted if records[u]}
    joined = joined_on(prepared, first_record, ev.coverage.data_start)

    def unheld_for(upn: str) -> Unheld:
        return since_joining(unheld, joined.get(pid_of.get(upn, -1)))

    kw = {
        "half_terms": config.half_terms, "bands": config.bands,
        "minimum": config.min_possible_sessions, "inset": config.inset_days,
        "half_terms_key": config.half_terms_key,
    }  # fmt: skip
    verdicts = on_record(snap, ladder) if snap is not None else {}
    # the periods listed as ended now: since the last school week's run (step 4)
    windows = {
        school or "": review_window(
            ev.as_of, cal.school_days, cal.school_weeks, snap.as_of if snap is not None else None
        )
        for school, cal in prepared.calendars.items()
    }
    return Placer(
        ladder, ev.as_of, records, warnings, path, pid_of, series, unheld_for, verdicts, kw,
        windows, notes,
    )


def placed(
    ev: Evaluation, keys: set[tuple[str, str]], *, unrecorded: bool = False
) -> tuple[Placer | None, dict[tuple[str, str], Case]]:
    """(school, upn) -> the pupil's :class:`attcli.ladder.Case` as of ``ev``'s date, for each
    pupil of ``keys`` with a record on the ladder, placed as `attcli cases` places them (the
    same records, sessions and last run on record; docs/cases.md), with the placer (for
    their windows).  ``unrecorded``: each pupil of ``keys`` with no record too, as `cases`
    places every pupil (a step due by its condition alone: seed 004's review meeting below
    90 %, ``when_below``, with nothing recorded before it).  Nothing when the ladder cannot
    be read: no stages, no workspace, exports that do not cover the school year."""
    config = ev.config
    prepared = ev.prepared
    cov = ev.coverage
    if not keys or prepared is None or cov is None or not cov.covers_period:
        return None, {}
    if not config.escalation.stages:
        return None, {}
    upns = {u for _, u in keys}
    placer = placer_of(prepared, ev, config, latest_before(config, ev.as_of), only=upns)
    if not unrecorded and not any(placer.records.get(u) for u in upns):
        return placer, {}
    out = {}
    for upn, (standing, row) in standings(ev).items():
        key = (row["school"] or "", upn)
        if key in keys and (unrecorded or placer.records.get(upn)):
            out[key] = placer.place(upn, key[0], standing)
    return placer, out


def left_improved(
    ev: Evaluation, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[dt.date, int, int]]:
    """(school, upn) -> (the day they left the ladder, attended and possible sessions since)
    for each pupil of ``keys`` whose last period on the ladder ended improved and who has
    nothing due on it as of ``ev``'s date, placed as `attcli cases` places them
    (:func:`placed`).  `attcli letters` holds such a pupil's ladder letter for review
    (docs/letters.md)."""
    placer, cases = placed(ev, keys)
    out = {}
    for key, case in cases.items():
        if case.left_on is None or case.status not in (None, "left") or case.due_stage:
            continue
        assert placer is not None
        a, p = placer.window(key[1])(since_left_from(case.left_on, ev.as_of), ev.as_of)
        out[key] = (case.left_on, a, p)
    return out


def left_improved_whys(
    ev: Evaluation, letters: Collection[tuple[tuple[str, str], str]]
) -> dict[tuple[str, str, str], str]:
    """(school, upn, template) -> why `attcli letters` holds the letter of each ``letters``
    ((school, upn), template) that is a letter stage of the escalation ladder, when the pupil's
    last period on the ladder ended improved, they left it, and nothing is due on it now
    (:func:`left_improved`): sent, it would be recorded as that stage and put them on the
    ladder again.  One wording for `attcli letters`, `cases` and the weekly check.  Under
    ``[thresholds] min_possible_sessions`` possible sessions since leaving the figure since
    is too few to judge a band (DOMAIN.md 3) and the reason says so: that is why nothing is
    due, not a good figure since (sweep wording)."""
    from attcli import percent

    config = ev.config
    band_letters = config.band_letters
    stage_letters = {
        s.template
        for s in config.escalation.stages
        if s.action == "letter" and s.template in band_letters
    }
    keys: dict[tuple[str, str], list[str]] = {}
    for key, template in letters:
        if template in stage_letters:
            keys.setdefault(key, []).append(template)
    if not keys:
        return {}
    lines = percent.attendance_lines([b.threshold for b in config.bands if b.threshold is not None])
    minimum = config.min_possible_sessions
    out = {}
    for key, (left_on, a, p) in left_improved(ev, set(keys)).items():
        since = percent.with_sessions(a, p, lines) if p else "no sessions"
        if p < max(minimum, 1):
            since = (
                f"since then {since}, too few sessions to judge a band (fewer than {minimum}), "
                "so nothing is due on the ladder"
            )
        else:
            since = f"since then {since} and nothing due on the ladder"
        for template in keys[key]:
            out[(*key, template)] = (
                f"left the ladder improved on {left_on:%d/%m/%Y}; {since}: the {letter_name(template)} "
                "letter would put the pupil on it again"
            )
    return out


def on_record(snap: Snapshot, ladder: Ladder) -> dict[tuple[str, str], OnRecord]:
    """(school, upn) -> what the run ``snap`` says of a period ended by its date that the
    exports given do not hold (:func:`attcli.ladder.judged_on_record`): each pupil's stage,
    status and stage due in that run."""
    due = snap.due or {}
    out = {}
    for r in snap.pupils.select("school", "upn", "stage", "status").iter_rows(named=True):
        key = (r["school"] or "", r["upn"])
        d = due.get(key)
        out[key] = judged_on_record(
            ladder, snap.as_of, r["stage"], r["status"], (d[0], d[1]) if d else None,
            kept_due=snap.due is not None,
        )  # fmt: skip
    return out


#: the ladder's steps held for review as letters that warn are (DOMAIN.md 9): an
#: invitation to a meeting, a referral (docs/cases.md, "Held for review")
#: and a notice to improve, which warns of a penalty notice
WARNING_ACTIONS = frozenset({"meeting", "referral", NOTICE_TO_IMPROVE_ACTION})


def hold_steps(
    ev: Evaluation,
    config: Config,
    due: list[tuple[tuple[str, str], Case, str | None]],
    councils: Callable[[str], Sequence[str]] | None = None,
) -> None:
    """Hold for a person to review each step due of ``due`` ((school, upn), the pupil's
    case with a letter step or a step that warns due, their band) that `attcli letters`
    would hold, by the letters' own rule (:class:`attcli.absence.HoldRule`, DOMAIN.md 9
    and 12): a letter step as letters holds the letter of its template (most absence
    agreed or illness, for the letters that warn, [letters] hold_templates; a band resting
    on N marks not yet resolved, for a band's letter), a meeting or a referral as a letter
    that warns and a band letter both, and the step after a letter the register, corrected
    since, no longer supports, and a letter that warns (or a step that warns) about a
    looked-after pupil (:meth:`HoldRule.looked_after_reason`: the register's column, or a
    council among the contacts, ``councils``, when a contacts export was given).
    ``Case.held`` says why, in the letters' words.  One rule for `attcli cases` (its "Held
    for review") and the pupil's record."""
    from attcli.absence import HoldRule, absence_by_code
    from attcli.letter_settings import LetterSettings
    from attcli.sent_letters import said_of_other_upns

    if not due:
        return
    settings = LetterSettings.from_config(config)
    # (the absence by code of the pupils with a step due alone: the rule is asked of no other)
    by_code = absence_by_code(ev, ev.period_start, ev.as_of, [key for key, _, _ in due])
    rule = HoldRule.of(
        ev, settings.hold_codes, settings.hold_share, settings.hold_templates, by_code,
        councils=councils,
    )
    # a letter step of one child under two UPNs whose letter went this half term under the
    # other: said as the letters run and the pupil record say it (sweep leftovers9)
    twice = said_of_other_upns(
        ev,
        [({"school": key[0], "upn": key[1]}, case.due_stage.template, band, "")
         for key, case, band in due
         if case.due_stage is not None and case.due_stage.action == "letter"
         and case.due_stage.template],
        rule.two_upns,
    )  # fmt: skip
    for key, why in upns_corrected(ev, config).items():  # (a UPN corrected after letters)
        rule.two_upns[key] = f"{rule.two_upns[key]}; {why}" if key in rule.two_upns else why
    undone = letters_undone(ev, config, [key for key, _, _ in due])
    for key, case, band in due:
        stage = case.due_stage
        assert stage is not None
        if stage.action == "letter":
            why = rule.reasons(key, band, stage.template)
            if went := twice.get((*key, stage.template or "")):
                why = [*why, went]
            lac = rule.looked_after_reason(key, stage.template)
        else:
            why = rule.reasons(
                key, band, warns=True, notice=stage.action == NOTICE_TO_IMPROVE_ACTION
            )
            lac = rule.looked_after_reason(key, warns=True)
        if lac:
            why = [*why, lac]
        # the step after a letter the register, corrected since, no longer supports
        # (letter_marks; sweep corrections3): a person decides
        was = case.stage
        if was is not None and was.action == "letter" and was.template:
            if undid := undone.get((*key, was.template)):
                why = [*why, f"{undid}; a person decides whether the step after it is due"]
        case.held = "; ".join(why) or None


def letters_undone(
    ev: Evaluation, config: Config, keys: list[tuple[str, str]]
) -> dict[tuple[str, str, str], str]:
    """The band letters of this school year of the pupils ``keys`` ((school, upn)) whose
    band the register, corrected since, no longer gives as of their figures' date
    (:func:`attcli.letter_marks.unsupported_band_letters`): none with no history."""
    from attcli.calendar import academic_year_start
    from attcli.letter_marks import unsupported_band_letters
    from attcli.store import existing_history, reader

    path = existing_history(config)
    if path is None:
        return {}
    year = academic_year_start(ev.as_of)
    with reader(path) as store:
        letters = [
            x
            for school, upn in keys
            for x in store.letters_for(upn)
            if (x.school or "") == school and academic_year_start(x.letter_date) == year
            and (x.as_of is None or x.as_of <= ev.as_of)
        ]
    return unsupported_band_letters(ev, letters)


def upns_corrected(ev: Evaluation, config: Config) -> dict[tuple[str, str], str]:
    """The letters' reasons to hold a UPN's steps whose child the history may know under
    another UPN (:func:`attcli.absence.upn_corrected_reasons`): none with no history."""
    from attcli.absence import upn_corrected_reasons
    from attcli.calendar import academic_year_start
    from attcli.store import existing_history, reader

    path = existing_history(config)
    if path is None:
        return {}
    with reader(path) as store:
        return upn_corrected_reasons(store, ev, academic_year_start(ev.as_of).year)
