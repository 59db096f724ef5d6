"""The casebook's records and figures, shared by ``attcli cases``, ``check --record`` and
the report (issue 16, docs/cases.md): what staff did for each pupil (casebook records,
and letters sent with a stage's template), each pupil's attendance over any window of
dates, and whether actions worked.  The ladder's rules are :mod:`attcli.ladder`."""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import polars as pl

from attcli.calendar import possible_expr
from attcli.config import Config, Ladder
from attcli.engine import ATTENDED, Prepared
from attcli.ladder import DAY, Unheld, Window
from attcli.ladder import improved as judge
from attcli.store import CaseAction, Notice, NoWorkspaceError, history_path, reader

#: a pupil's days with a possible session and running totals of attended and possible
Series = tuple[list[dt.date], list[int], list[int]]


@dataclass
class ImpactRow:
    stage: str
    title: str
    pupils: int | None  # None: fewer than the minimum (not shown)
    improved: int | None
    median_change: float | None
    note: str | None


def pid_by_upn(prepared: Prepared) -> dict[str, int]:
    """Each pupil's integer key (the compact register's ``pid``) by UPN."""
    keys = prepared.roll.pupils.select("pid", "upn")
    return dict(zip(keys.get_column("upn").to_list(), keys.get_column("pid").to_list(), strict=True))


def marks_by_day(prepared: Prepared, pids: set[int]) -> dict[int, Series]:
    """Per pupil: their days with a possible session, and running totals of attended and
    possible sessions (so any window is two lookups)."""
    out: dict[int, Series] = {}
    if not pids:
        return out
    wanted = pl.Series("pid", sorted(pids), dtype=pl.UInt64)
    frames = [
        m.filter(pl.col("pid").is_in(wanted.implode()) & possible_expr())
        .group_by("pid", "date")
        .agg(
            pl.col("category").is_in(ATTENDED).sum().alias("att"),
            pl.len().alias("pos"),
        )
        for m in prepared._marks.values()
    ]
    days = pl.concat(frames).sort("pid", "date")
    for (pid,), part in days.group_by("pid", maintain_order=True):
        dates = part.get_column("date").to_list()
        att = part.get_column("att").cum_sum().to_list()
        pos = part.get_column("pos").cum_sum().to_list()
        out[int(pid)] = (dates, att, pos)
    return out


def window_of(series: Series | None) -> Window:
    def window(a: dt.date, b: dt.date) -> tuple[int, int]:
        if series is None or b < a:
            return (0, 0)
        dates, att, pos = series
        lo = bisect.bisect_left(dates, a)
        hi = bisect.bisect_right(dates, b)
        if hi <= lo:
            return (0, 0)
        before_a = (att[lo - 1], pos[lo - 1]) if lo > 0 else (0, 0)
        return (att[hi - 1] - before_a[0], pos[hi - 1] - before_a[1])

    return window


def unheld_days(config: Config, period_start: dt.date, data_start: dt.date) -> Unheld:
    """The days from ``a`` to ``b`` that may hold sessions the exports given do not hold
    (docs/cases.md step 3): the first and last such day, or None.  The exports hold every
    day from the school year's start (``period_start``: `cases` refuses exports that do
    not cover the year), or from an earlier export's first day (``data_start``; one that
    starts by 8 September holds its school year from 1 September, as coverage takes it).
    Before that, a weekday may hold sessions unless it is in August (the summer holiday),
    a bank holiday, an INSET day or between two half terms of the term dates."""
    from attcli.bankholidays import is_bank_holiday
    from attcli.coverage import LATEST_TERM_START

    first = data_start
    if first.month == 9 and first.day <= LATEST_TERM_START:
        first = first.replace(day=1)
    held_from = min(period_start, first)
    inset = set(config.inset_days)
    terms = sorted(config.half_terms, key=lambda h: h.start)
    breaks = [(a.end, b.start) for a, b in zip(terms, terms[1:], strict=False)]

    known: dict[dt.date, bool] = {}

    def may_hold(d: dt.date) -> bool:
        found = known.get(d)
        if found is None:
            found = known[d] = not (
                d.weekday() >= 5
                or d.month == 8
                or d in inset
                or is_bank_holiday(d)
                or (
                    not any(h.start <= d <= h.end for h in terms)
                    and any(end < d < start for end, start in breaks)
                )
            )
        return found

    def unheld(a: dt.date, b: dt.date) -> tuple[dt.date, dt.date] | None:
        # the first such day from ``a`` and the last back from ``b``, each day judged once
        # a run: the ladder asks this of every record's period since the first record, in
        # every school year on record (each day from ``a`` to ``b`` judged, every call, made
        # a third year's `cases` and `check` spend seconds here, sweep histscale)
        b = min(b, held_from - DAY)
        first = next(
            (d for i in range((b - a).days + 1) if may_hold(d := a + dt.timedelta(days=i))),
            None,
        )
        if first is None:
            return None
        last = next(
            d for i in range((b - first).days + 1) if may_hold(d := b - dt.timedelta(days=i))
        )
        return first, last

    return unheld


def joined_on(
    prepared: Prepared, first_record: dict[int, dt.date], data_start: dt.date
) -> dict[int, dt.date]:
    """pid (of ``first_record``: pid -> the pupil's earliest casebook record) -> the first
    day of the pupil's time on roll, where it is known to begin there (docs/cases.md step
    3): a pupil list's joining date, or, without one, a first mark after the first day of
    the exports given and not after a record of theirs (a first mark on that day says
    nothing of the days before it; a record before it, that they were on roll then)."""
    roll = prepared.roll
    if not first_record:
        return {}
    listed = set(roll.dated.get_column("pid").to_list()) if roll.dated is not None else set()
    return {
        pid: day
        for pid, day in roll.joined_days(data_start).items()
        if pid in first_record and (pid in listed or day <= first_record[pid])
    }


def since_joining(unheld: Unheld, joined: dt.date | None) -> Unheld:
    """``unheld`` for a pupil whose time on roll began on ``joined`` (None: not known):
    the days before it hold no sessions of theirs, so no export is needed for them."""
    if joined is None:
        return unheld

    def own(a: dt.date, b: dt.date) -> tuple[dt.date, dt.date] | None:
        return unheld(max(a, joined), b) if max(a, joined) <= b else None

    return own


def read_records(
    config: Config,
    ladder: Ladder,
    notes: dict[tuple[str, str, dt.date], str] | None = None,
) -> tuple[dict[str, list[tuple[str, dt.date]]], list[str], Path | None]:
    """Each pupil's records (stage, date): casebook records not voided, and letters sent
    with a stage's template, of this school (``config.school_key``: a trust's history holds
    every school's, and a letter Ash sent a pupil who moved on to Birch is no step of
    Birch's ladder).  Warnings for records naming no stage of the ladder.  ``notes``, when
    given, is filled with what stands behind a record that is no casebook record: (upn,
    stage, date) -> "the penalty notice issued dd/mm/yyyy to PARENT (on record: attcli pn
    list)" (:func:`notice_steps`), for `cases` to name it."""
    try:
        path = history_path(config)
    except NoWorkspaceError:
        return {}, ["no school workspace: no casebook records read, nothing recorded"], None
    if not path.exists():
        return {}, [], path
    out: dict[str, list[tuple[str, dt.date]]] = {}
    unknown: dict[str, int] = {}
    with reader(path) as h, h.reading() as store:  # (as of one moment: a merge moves both)
        school = config.school_key
        actions: list[CaseAction] = [a for a in store.actions() if a.school == school]
        # sent letters only: one a stopped run began and never put in a print file is
        # offered again by the next letters run, and is no stage done
        letters = store.sent_steps(school)
        notices = [n for n in store.notices() if n.school in ("", school)]
        # (the first session each rests on: whether it answers a notice to improve)
        rests = {n.id: sessions[0][0] for n in notices if (sessions := store.notice_sessions(n.id))}
    from attcli.letter_settings import LATENESS, PN_WARNING, PRAISE

    names = {s.name for s in ladder.stages}
    for a in actions:
        if a.action not in names:
            unknown[a.action] = unknown.get(a.action, 0) + 1
            continue
        out.setdefault(a.upn, []).append((a.action, a.done_on))
    # a band's letter sent under the name the band's letter had then ("amber", since
    # renamed "upper_amber"): its band's step, not no stage at all (every pupil the band's
    # letter had put in monitoring was due that letter again)
    band_letter = {b.name: b.letter for b in config.bands if b.letter}
    for upn, template, band, sent_on in letters:
        stage = ladder.for_template(template)
        if stage is None and band and template not in (LATENESS, PRAISE, PN_WARNING):
            now = band_letter.get(band)
            stage = ladder.for_template(now) if now else None
        if stage is not None:
            out.setdefault(upn, []).append((stage.name, sent_on))
    by_id = {n.id: n for n in notices}
    for upn, day, stage_name, nid in notice_steps(ladder, out, notices, rests, config):
        out[upn].append((stage_name, day))
        if notes is not None:
            n = by_id[nid]
            notes[(upn, stage_name, day)] = (
                f"the penalty notice issued {day:%d/%m/%Y}"
                + (f" to {n.parent}" if n.parent else "")
                + " (on record: attcli pn list)"
            )
    from attcli.percent import counted

    warnings = [
        f"{counted(n, 'casebook record')} of {name!r}, which is not a stage of the ladder in "
        f"attcli.toml: left out (rename the stage back, or void the records)"
        for name, n in sorted(unknown.items())
    ]
    return out, warnings, path


def notice_steps(
    ladder: Ladder,
    records: Mapping[str, Sequence[tuple[str, dt.date]]],
    notices: Iterable[Notice],
    rests: Mapping[int, dt.date],
    config: Config,
) -> list[tuple[str, dt.date, str, int]]:
    """The penalty notices on record (not voided) that are a step of the ladder: (upn, day
    issued, stage, the notice's id).  A penalty notice issued after a notice to improve on record (the
    latest record of a stage with ``action = "notice_to_improve"``, in ``records``, dated
    before it) and resting on a session (``rests``: each notice's first session) on or
    before the last day of that notice's improvement period (the offences it answered, or
    absence during it) is the step the ladder takes after that notice: its first stage
    ``after`` it (seeds 000 4.3, 001 21.3: a penalty notice if attendance has not
    improved).  `cases` listed "Referrals to make: nti -> pn_request" after `pn record`, a
    second request for a notice issued (sweep leftovers3).  A notice with no notice to
    improve before it (a term-time holiday's), one resting only on absence after the
    period ended (a notice that worked, new offences since), or one resting on no session
    on record is no stage; nor where the ladder has no stage after the notice to improve."""
    from attcli.config import NOTICE_TO_IMPROVE_ACTION
    from attcli.ladder import EndUnknown, period_end

    after: dict[str, str] = {}
    for s in ladder.stages:  # (the first stage after each notice-to-improve stage)
        if s.after is not None and s.after not in after:
            after[s.after] = s.name
    ntis = {s.name: s for s in ladder.stages if s.action == NOTICE_TO_IMPROVE_ACTION}
    out = []
    for n in notices:
        given = [(d, name) for name, d in records.get(n.upn, []) if name in ntis and d < n.issued_on]
        if not given or n.id not in rests or (name := max(given)[1]) not in after:
            continue
        try:
            end = period_end(ntis[name], max(given)[0], config.half_terms, config.inset_days)
        except EndUnknown:  # (not reached: a notice to improve's weeks are school weeks)
            end = None
        if end is None or rests[n.id] <= end:
            out.append((n.upn, n.issued_on, after[name], n.id))
    return out


def impact(
    ladder: Ladder,
    records: dict[str, list[tuple[str, dt.date]]],
    series: dict[int, Series],
    pid_of: dict[str, int],
    as_of: dt.date,
    weeks: int,
    minimum: int,
) -> list[ImpactRow]:
    """For each stage: the pupils whose action was done at least ``weeks`` weeks before
    ``as_of``, their attendance over the ``weeks`` weeks before it against the ``weeks``
    weeks from it (the first record of the stage per pupil), how many improved (by the
    stage's rule) and the median change in points.  A stage with fewer than ``minimum``
    pupils is shown without figures."""
    span = dt.timedelta(days=7 * weeks)
    out: list[ImpactRow] = []
    for stage in ladder.stages:
        changes: list[Fraction] = []
        better = old = 0
        for upn, recs in records.items():
            dates = sorted(d for name, d in recs if name == stage.name)
            if not dates or upn not in pid_of or dates[0] + span - DAY > as_of:
                continue
            old += 1
            d = dates[0]
            w = window_of(series.get(pid_of[upn]))
            b, a = w(d - span, d - DAY), w(d, d + span - DAY)
            if b[1] == 0 or a[1] == 0:
                continue
            changes.append(Fraction(a[0] * 100, a[1]) - Fraction(b[0] * 100, b[1]))
            better += bool(judge(stage, b, a))
        n = len(changes)
        if n and n < minimum:
            out.append(ImpactRow(stage.name, stage.title, None, None, None, f"fewer than {minimum} pupils"))
        else:
            med = float(round(statistics.median(changes), 2)) if changes else None
            # a 0 and empty cells say nothing: why there is no figure (sweep looks11)
            none = None if n else (
                f"none done {weeks}+ weeks ago" if not old
                else f"no possible sessions {weeks} weeks either side"
            )  # fmt: skip
            out.append(ImpactRow(stage.name, stage.title, n, better if n else None, med, none))
    return out


def impact_of(
    prepared: Prepared, config: Config, as_of: dt.date, weeks: int, minimum: int
) -> list[ImpactRow] | None:
    """:func:`impact` from the workspace's records for ``prepared``'s pupils (the report's
    "Did it work?"); None when there is no record at all."""
    ladder = config.escalation
    records, _, _ = read_records(config, ladder)
    pid_of = pid_by_upn(prepared)
    records = {u: r for u, r in records.items() if u in pid_of}
    if not records:
        return None
    series = marks_by_day(prepared, {pid_of[u] for u in records})
    return impact(ladder, records, series, pid_of, as_of, weeks, minimum)
