"""Snapshots of a run, kept in the workspace's history store (issue 16, docs/cases.md).

``attcli cases`` and ``attcli check --record`` store every pupil's figures, band, the
weekly check's groups and their stage on the ladder, only from a run over the whole
school whose exports cover the period completely; a plain ``check`` writes nothing.
When a snapshot from before the as-of date exists, ``check``'s NEW and its "changed
since the last run" view compare with it, and say which run that was.  A snapshot also
keeps every session that was N (reason not yet established) as of its date: one given
another code since is a register correction ``check`` lists (:func:`n_since`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from attcli.codes import MISSING_MARK, Category, category_map
from attcli.config import Config, HalfTerm
from attcli.datetext import recorded_time
from attcli.errors import shown
from attcli.loaders import CORRECTION_SCHEMA, _whole_groups
from attcli.loaders._errors import position_expr
from attcli.percent import (
    attendance_lines,
    counted,
    illness_days_missed,
    illness_run,
    listed,
    pct_text,
)
from attcli.store import History, existing_history, reader

if TYPE_CHECKING:
    from attcli.roll import Compact

SNAPSHOT_SCHEMA = {
    "school": pl.Utf8,
    "upn": pl.Utf8,
    "attended": pl.Int64,
    "possible": pl.Int64,
    "band": pl.Utf8,
    "groups": pl.List(pl.Utf8),
    "stage": pl.Utf8,
    "status": pl.Utf8,
    "unauthorised": pl.Int64,  # (null in a snapshot from before it was kept)
}
#: The sessions that were N as of a snapshot's date, one row each.
N_SESSIONS_SCHEMA = {"school": pl.Utf8, "upn": pl.Utf8, "date": pl.Date, "session": pl.Utf8}
#: Register corrections since the last run (:func:`n_since`): an N on record in the run,
#: another code in this run's register (``file``: the export that gives it); the
#: corrections across exports' columns but the earlier export's file (there is none)
RUN_CORRECTION_SCHEMA = {k: v for k, v in CORRECTION_SCHEMA.items() if k != "was_file"}


@dataclass(frozen=True)
class Snapshot:
    id: int
    as_of: dt.date
    taken_at: str
    taken_by: str
    #: one row per pupil: :data:`SNAPSHOT_SCHEMA`
    pupils: pl.DataFrame
    #: every session that was N as of ``as_of`` (:data:`N_SESSIONS_SCHEMA`); None in a
    #: snapshot from before they were kept (history version 9): nothing to compare
    n_sessions: pl.DataFrame | None = None
    #: (school, upn) -> (the stage due, due from (None: by its condition), the run it was
    #: carried over from) of every pupil due a stage; None in a snapshot from before they
    #: were kept (history version 10: ``pupils``' stage is the current stage, else the due)
    due: dict[tuple[str, str], tuple[str, dt.date | None, dt.date | None]] | None = None
    #: (school, upn) -> (surname, forename, date of birth) of the run's pupils (empty in a
    #: snapshot from before they were kept, history version 11): who a pupil gone from the
    #: exports since was
    names: dict[tuple[str, str], tuple[str | None, str | None, dt.date | None]] = field(
        default_factory=dict
    )
    #: (school, upn) -> (year group, registration group) of the run's pupils (empty in a
    #: snapshot from before they were kept, history version 13): the whole groups a
    #: filtered export leaves out (:func:`gone_summary`)
    places: dict[tuple[str, str], tuple[str | None, str | None]] = field(default_factory=dict)
    #: (school, upn) -> (lates in the half term of ``as_of``, the codes the run counted
    #: late, "L,U") of the run's pupils (empty in a snapshot from before they were kept,
    #: history version 19): whether a lateness group left or joined since is the register's
    #: doing or the threshold's (:func:`changes`)
    lates: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    #: False: a run from before the lates were kept (history version 19), whose threshold
    #: was not kept either: a lateness group left or joined since cannot be put down to the
    #: threshold or to a late mark changed (``lates_unkept_*`` rows of :func:`changes`)
    lates_kept: bool = True
    #: (school, upn) -> unauthorised sessions in the penalty-notice window as of ``as_of``
    #: (empty in a snapshot from before they were kept, history version 22): the run's own
    #: count, said beside a correction's figures (:func:`attcli.check.moved_by_corrections`)
    pn_windows: dict[tuple[str, str], int] = field(default_factory=dict)

    def describe(self) -> str:
        return (
            f"the check as of {self.as_of:%d/%m/%Y} recorded {recorded_time(self.taken_at)} "
            f"by {self.taken_by}"
        )


def latest_before(
    config: Config, as_of: dt.date, *, only_on: dt.date | None = None
) -> Snapshot | None:
    """The newest snapshot of a run as of a date before ``as_of`` (None without a
    workspace, a history or such a run; ``only_on``: None too when that run is not as of
    this date, found before its rows are read).  Never makes the history file."""
    path = existing_history(config)
    if path is None:
        return None
    with reader(path) as h, h.reading() as store:  # (as of one moment: a merge moves rows)
        found = store.snapshot_before(as_of, config.school_key)
        if found is None:
            return None
        sid, day, taken_at, taken_by = found
        if only_on is not None and day != only_on:
            return None
        rows = store.snapshot_rows(sid)
        n_rows = store.snapshot_n_sessions(sid)
        due = store.snapshot_due(sid)
        names = store.snapshot_names(sid)
        places = store.snapshot_places(sid)
        lates = store.snapshot_lates(sid)
        pn_windows = store.snapshot_pn_windows(sid)
    frame = pl.DataFrame(
        [
            (school, upn, att, pos, band, [g for g in flags.split(",") if g], stage, status, un)
            for school, upn, att, pos, band, flags, stage, status, un in rows
        ],
        schema=SNAPSHOT_SCHEMA,
        orient="row",
    )
    n_sessions = (
        None
        if n_rows is None
        else pl.DataFrame(n_rows, schema=N_SESSIONS_SCHEMA, orient="row")
    )
    return Snapshot(
        sid, day, taken_at, taken_by, frame, n_sessions, due, names, places, lates,
        lates_kept=bool(lates) or not frame.height, pn_windows=pn_windows,
    )  # fmt: skip


def foreign_run(snapshot: Snapshot, upns: pl.Series, config: Config) -> str | None:
    """The line for a run on record that shares no pupil with these exports (``upns``,
    every pupil of them), each side of :data:`MANY_GONE` pupils or more: another school's
    exports, or another school's workspace (its folder, a config of the trust's shared
    PC), not a week of this school's since; None when any pupil is in both.  Compared
    with, every pupil of the exports would be NEW and every pupil of the run gone from the
    roll; recorded, the next real week would compare with another school's run.  Said in
    :func:`strangers_line`'s words (the school the workspace is for, the options)."""
    n, m = snapshot.pupils.height, upns.n_unique()
    if n < MANY_GONE or m < MANY_GONE:
        return None
    if snapshot.pupils.filter(pl.col("upn").is_in(upns.implode())).height:
        return None
    return f"{strangers_line(config, n, f'its check recorded as of {snapshot.as_of:%d/%m/%Y}', m)}: {SAID_OF_STRANGERS}"


#: What to do when the workspace is not the exports' school's (:func:`strangers_line`).
GIVE_THE_SCHOOLS = "give that school's workspace (--workspace DIR, or --config FILE)"
#: What a note says of exports none of whose pupils the history knows (a warning: a year
#: group's export of pupils new since, a new Year 7 alone in September, is one too).
SAID_OF_STRANGERS = (
    "these are another school's exports (or one year group's, all pupils new since); if so, "
    f"{GIVE_THE_SCHOOLS}"
)


def workspace_school(config: Config) -> str:
    """The school the workspace is for, as a line names it: its name (the section's, for
    a trust's school), else "this school"."""
    from attcli.config import name_given

    # (a trust's school: config.for_school's details)
    return name_given(config.school) or "this school"


def strangers_line(config: Config, known: int, whence: str, m: int) -> str:
    """"this workspace (F) is Riverside Primary School's (URN 100001), and none of the 12
    pupils its history knows (``whence``: its run as of 25/09/2026) is in these exports
    (``m`` pupils)": the one way a run says its history knows none of the exports' pupils
    (:func:`foreign_run`, :func:`unknown_to_history`), naming what the office can check
    (the school the config is for, how many pupils its history holds) where an export
    that names no school gives nothing else to compare (sweep slips8)."""
    from attcli.config import filled

    name = workspace_school(config)
    urn = filled(config.school.urn)
    whose = "" if name == "this school" else f" is {name}'s" + (f" (URN {urn})" if urn else "")
    # (the folder, never "." of `-c attcli.toml` run from it: sweep slips9)
    where = f" ({shown(config.path.absolute().parent)})" if config.path is not None else ""
    if not whose:  # (a config naming no school: no clause to join, said in one sentence)
        return (
            f"none of the {known} pupils the history of this workspace{where} knows "
            f"({whence}) is in these exports ({m} pupils)"
        )
    return (
        f"this workspace{where}{whose}, and none of the {known} pupils its history knows "
        f"({whence}) is in these exports ({m} pupils)"
    )


def unknown_to_history(
    store: History, config: Config, upns: Collection[str], as_of: dt.date, year: int
) -> tuple[str, set[str]] | None:
    """:func:`strangers_line` when the pupils the school's history knows (those of its
    newest run on record as of ``as_of`` or before, and those it sent letters to in the
    school year ``year``), :data:`MANY_GONE` or more, hold none of ``upns`` (as many or
    more), with the pupils it knows (for a caller with more to look in: the contacts);
    None when any is in both, or either is fewer.  A school's own exports share most of
    their pupils with its last run, even across the summer (a new Reception or Year 7, the
    leavers gone); another school's share none."""
    upns = set(upns)
    if len(upns) < MANY_GONE:
        return None
    known, whence = known_pupils(store, config.school_key, as_of, year)
    if len(known) < MANY_GONE or known & upns:
        return None
    return strangers_line(config, len(known), whence, len(upns)), known


def known_pupils(
    store: History, school: str, as_of: dt.date, year: int
) -> tuple[set[str], str]:
    """The pupils a school's history knows (those of its newest run on record as of
    ``as_of`` or before, and those it sent letters to in the school year ``year``), and
    where from ("its check recorded as of 18/09/2026; its letters this school year")."""
    known: set[str] = set()
    whence: list[str] = []
    found = store.snapshot_before(as_of + dt.timedelta(days=1), school)
    if found is not None:
        known = {row[1] for row in store.snapshot_rows(found[0])}
        whence.append(f"its check recorded as of {found[1]:%d/%m/%Y}")
    sent = store.sent_pupils(school, year)
    if sent:
        known |= sent
        whence.append("its letters this school year")
    return known, "; ".join(whence)


def knows_nobody(store: History, school: str, as_of: dt.date, year: int) -> bool:
    """Whether a school's history knows no pupil yet (:func:`known_pupils`, asked without
    reading a run's pupils): no run on record as of ``as_of`` or before, no letter this
    school year ``year``."""
    return (
        store.snapshot_before(as_of + dt.timedelta(days=1), school) is None
        and not store.sent_pupils(school, year)
    )


def users_school_line(
    config: Config, upns: Collection[str], as_of: dt.date, year: int, *, own: int = 0,
    other: tuple[str, Path, Path] | None = None,
) -> tuple[str, Path] | None:
    """Where the workspace has no history yet to compare the exports' pupils with, and
    the workspace in the user's folder is another school's with one
    (:func:`attcli.store.user_folder_other_school`; ``other``, its answer where the caller
    has asked already): the line saying 3 or more of the exports'
    pupils are known to that school's history, most of those it knows (its check on record,
    its letters this year) or :data:`MANY_GONE` or more, most of the exports', and its
    folder; else None.  A colleague's or the example school's attcli.toml in the
    folder attcli runs from made that folder the workspace, and the office's own exports'
    letters went out on the other school's letterhead, its LA files as the other school's
    (sweep blind3).  ``own``: the pupils the workspace's history knows, none of these (said
    so rather than "no history yet"; sweep mutnew17)."""
    from attcli.store import user_folder_other_school

    other = user_folder_other_school(config) if other is None else other
    upns = set(upns)
    if other is None or len(upns) < MANY_GONE:
        return None
    who, folder, path = other
    with reader(path) as store:
        known, whence = known_pupils(store, "", as_of, year)
    shared = len(known & upns)
    # (UPNs are the country's: most of the pupils that school's history knows, or most of
    # these exports' pupils, are not a few children who moved between the two schools)
    if shared < 3 or (2 * shared <= len(known) and (shared < MANY_GONE or 2 * shared <= len(upns))):
        return None
    name = workspace_school(config)
    from attcli.config import filled

    urn = filled(config.school.urn)
    whose = ""
    if name != "this school":
        whose = f" is {name}'s" + (f" (URN {urn})" if urn else "") + " and"
    where = shown(config.path.absolute().parent) if config.path is not None else ""
    history = "has no history yet"
    if own:
        history = f"{'its' if whose else 'whose'} history knows none of these exports' pupils (it knows {own})"
    return (
        f"this workspace ({where}){whose} {history}, but the history of {who}, the "
        f"workspace in your user folder ({shown(str(folder))}), knows {shared} of these "
        f"exports' {len(upns)} pupils (of the {len(known)} it knows: {whence})"
    ), folder


def refuse_strangers(
    store: History | None,
    config: Config,
    upns: Collection[str],
    as_of: dt.date,
    *,
    what: str,
    would: str,
    contacts: Collection[str] | None = None,
    year: int | None = None,
    by_year_group: bool = False,
) -> None:
    """Refuse (one line: "no ``what``: ...") a file made in the school's name from exports
    none of whose pupils the workspace's history knows (:func:`unknown_to_history`; the
    school year ``year``, by default ``as_of``'s), nor ``contacts`` (the contacts' UPNs,
    when given: a year group's export with the school's contacts is the school's): another
    school's exports, whose ``what`` ``would`` (its ``{}`` the school the workspace is for:
    "would carry {}'s letterhead") ... (letters, the LA's return and register
    check: an Arbor export names no school, and run from another school's folder they went
    out under its name, sweeps store and slips8).  ``store`` None (no history yet, a first
    run), or one that knows no pupil yet: nothing of its own to compare with, so the user
    folder's workspace, another school's, is asked (:func:`refuse_users_school`, sweep
    blind3).  ``by_year_group``: the file may be one year
    group's (the letters), and with the contacts given, the line says the other way on
    for pupils all new since (a new Year 7 with its year's contacts alone): the school's
    whole contacts export, which holds pupils the history knows (sweep slips9)."""
    from attcli.calendar import academic_year_start
    from attcli.errors import AttcliError

    year = academic_year_start(as_of).year if year is None else year
    found = None if store is None else unknown_to_history(store, config, upns, as_of, year)
    if found is None:
        # (nothing of its own to compare with, or too little: a history that knows a few
        # pupils, none of these, is asked nothing by unknown_to_history; the user folder's
        # school's, if another's, sweep mutnew17)
        from attcli.store import user_folder_other_school

        other = user_folder_other_school(config)
        if other is not None:  # (else nothing to compare with: the history not read)
            known = set() if store is None else known_pupils(store, config.school_key, as_of, year)[0]
            if not known & set(upns):
                refuse_users_school(
                    config, other, upns, as_of, what=what, would=would, year=year, own=len(known)
                )
    if found is None or (contacts is not None and found[1] & set(contacts)):
        return
    head = f"no {what}: {found[0]}{' or the contacts' if contacts is not None else ''}"
    whose = f"{what} {would.format(workspace_school(config))}"
    if by_year_group and contacts is not None:
        # two ways on, each with its "if": never "these are another school's" and then
        # "or, if these are one year group's" (sweep looks16)
        raise AttcliError(
            f"{head}: if these are another school's exports, whose {whose}, "
            f"{GIVE_THE_SCHOOLS}; if they are one year group's, of pupils all new since "
            "then (a new Year 7 or Reception), give the school's whole contacts export as "
            "--contacts (it holds pupils this workspace knows)"
        )
    raise AttcliError(f"{head}: these are another school's exports, whose {whose}; {GIVE_THE_SCHOOLS}")


def refuse_users_school(
    config: Config, other: tuple[str, Path, Path], upns: Collection[str], as_of: dt.date, *,
    what: str, would: str, year: int | None = None, own: int = 0,
) -> None:
    """Refuse (one line: "no ``what``: ...") a file in the name of a workspace with no
    history yet (or whose history knows ``own`` pupils, none of the exports') made from
    exports most of whose pupils the user folder's workspace, another school's, knows
    (:func:`users_school_line`): that school's exports (sweeps blind3, mutnew17)."""
    from attcli.calendar import academic_year_start
    from attcli.errors import AttcliError
    from attcli.output import command_arg

    year = academic_year_start(as_of).year if year is None else year
    found = users_school_line(config, upns, as_of, year, own=own, other=other)
    if found is None:
        return
    line, folder = found
    raise AttcliError(
        f"no {what}: {line}; these are that school's exports, whose {what} "
        f"{would.format(workspace_school(config))}; give that school's workspace "
        f"(--workspace {command_arg(str(folder))})"
    )


def refuse_strangers_of(
    config: Config, upns: Collection[str], as_of: dt.date, **said: Any
) -> None:
    """:func:`refuse_strangers` for a command that holds no open history (the register
    check, the evidence pack): the workspace's history read when there is one (``said``:
    ``what``, ``would``, ``contacts``)."""
    path = existing_history(config)
    if path is not None:
        with reader(path) as store:
            refuse_strangers(store, config, upns, as_of, **said)
    else:
        refuse_strangers(None, config, upns, as_of, **said)


def refuse_strangers_early(
    config: Config, register: pl.DataFrame, as_of: dt.date | None, **said: Any
) -> dt.date:
    """:func:`refuse_strangers_of` before a command's work (report, summary: sweep
    leftovers20), on the loaded register's pupils, as of the date the work will be:
    ``as_of`` given, else the data's last day.  That date is returned: where the built
    document's date differs (marks on a holiday after the term set aside), the command
    asks again as of the document's."""
    early = as_of or register.get_column("date").max()
    refuse_strangers_of(config, register.get_column("upn").unique().to_list(), early, **said)
    return early


def filtered_of_year(
    config: Config, in_exports: Iterable[tuple[str | None, str]], as_of: dt.date
) -> str | None:
    """:func:`filtered_run`'s line against the newest run on record of ``as_of``'s school
    year (after it too: :func:`refuse_filtered`), or None (no such run, no whole group
    left out)."""
    from attcli.calendar import academic_year_start

    start = academic_year_start(as_of)
    snap = latest_before(config, start.replace(year=start.year + 1))
    return filtered_run(snap, in_exports, as_of) if snap is not None else None


def refuse_filtered(
    config: Config,
    in_exports: Iterable[tuple[str | None, str]],
    as_of: dt.date,
    *,
    what: str,
    for_whom: str = "for the local authority",
) -> None:
    """Refuse (one line: "no ``what``: ...") a file for the local authority made from
    exports that leave out whole year or registration groups of the newest check on record
    of ``as_of``'s school year (:func:`filtered_run`: a year group's export, the MIS's filter left
    on from the letters): the LA's return and register check (and the trust's summary,
    ``for_whom``) are of the whole school, and were written (and recorded) without the
    pupils left out, unsaid (sweep slips9).  The run
    is the newest of ``as_of``'s school year, after it too (September's return is made
    after the weekly check of 2 October: a cumulative export of the whole school holds
    every pupil of it but those who joined since, never whole groups).  Nothing without a
    run on record of this school year."""
    from attcli.errors import AttcliError

    said = filtered_of_year(config, in_exports, as_of)
    if said:
        raise AttcliError(
            f"no {what}: {said}; the {what} {for_whom} covers the whole school: give the "
            "whole school's register export (every year group)"
        )


def strangers_note(config: Config, upns: Collection[str], as_of: dt.date) -> str | None:
    """The note for a command that only reads (``cme``) when the workspace's history knows
    none of the exports' pupils (:func:`unknown_to_history`); with a history that knows no
    pupil yet, or none, :func:`users_school_note`."""
    from attcli.calendar import academic_year_start

    path = existing_history(config)
    year = academic_year_start(as_of).year
    if path is not None:
        with reader(path) as store:
            if not knows_nobody(store, config.school_key, as_of, year):
                found = unknown_to_history(store, config, upns, as_of, year)
                return None if found is None else f"{found[0]}: {SAID_OF_STRANGERS}"
    return _users_school_said(config, upns, as_of, year)


def users_school_note(config: Config, upns: Collection[str], as_of: dt.date) -> str | None:
    """The note for a command that only reads (``check``, ``cme``) in a workspace whose
    history knows no pupil yet, when the user folder's workspace, another school's, knows
    these exports' pupils (:func:`users_school_line`): its name heads the output, another
    school's pupils under it (sweep blind3).  None otherwise."""
    from attcli.calendar import academic_year_start
    from attcli.store import user_folder_other_school

    other = user_folder_other_school(config)
    if other is None:
        # (nothing to compare with: the history is not opened again for nothing; `cases`
        # reads it through one open, tests/test_sweep_leftovers3.py)
        return None
    path = existing_history(config)
    year = academic_year_start(as_of).year
    if path is not None:
        with reader(path) as store:
            if not knows_nobody(store, config.school_key, as_of, year):
                return None
    return _users_school_said(config, upns, as_of, year, other)


def _users_school_said(
    config: Config, upns: Collection[str], as_of: dt.date, year: int,
    other: tuple[str, Path, Path] | None = None,
) -> str | None:
    """:func:`users_school_note`'s line, the workspace's history known to know no pupil
    (``other``: the user folder's workspace, where the caller has asked already)."""
    from attcli.output import command_arg

    found = users_school_line(config, upns, as_of, year, other=other)
    if found is None:
        return None
    line, folder = found
    return (
        f"{line}: these are that school's exports, not {workspace_school(config)}'s? if so, "
        f"give that school's workspace (--workspace {command_arg(str(folder))})"
    )


def later_run_date(config: Config, as_of: dt.date) -> dt.date | None:
    """The date of the newest run on record as of a date after ``as_of`` (None without a
    workspace, a history or such a run).  Never makes the history file."""
    path = existing_history(config)
    if path is None:
        return None
    return run_after(path, as_of, config.school_key)


def run_after(path: Path, as_of: dt.date, school: str = "") -> dt.date | None:
    """The date of the newest run on record (of ``school``) after ``as_of``, or None."""
    with reader(path) as store:
        return store.last_snapshot_date_after(as_of, school)


def runs_beside(
    path: Path, as_of: dt.date, school: str, snapshot_id: int
) -> tuple[dt.date | None, str | None]:
    """What a run just recorded as snapshot ``snapshot_id`` (as of ``as_of``) stands beside,
    read through one open of the history: the date of a run on record after it
    (:func:`run_after`: next week's NEW compares with that one), and, when there is none,
    the words for the run of the same date it replaces (a week recorded again after a
    correction: the run the office read before is no longer the one next week's NEW
    compares with, sweep slips5): ", not with the check of the same date recorded 21/09/2026
    09:02 by NAME (snapshot 1), which it replaces: 1 pupil's figures differ from it"; None
    when it is the date's first, or its figures are that run's (`cases` after `check
    --record`)."""
    with reader(path) as store:
        later = store.last_snapshot_date_after(as_of, school)
        found = None if later is not None else store.snapshot_replaced(as_of, school, snapshot_id)
    if found is None or not found[3]:
        return later, None
    sid, taken_at, by, differ = found
    head = (
        f", not with the check of the same date recorded {recorded_time(taken_at)} by {by} "
        f"(no. {sid} in the history), which it replaces: "
    )
    # the same figures, band and groups: only the ladder moved (the letters went between
    # `check --record` and `cases` of the same export; sweep blind5)
    ladder = [d for d in differ if d[4] and d[5] and d[4][:5] == d[5][:5]]
    moved = [d for d in differ if not (d[4] and d[5] and d[4][:5] == d[5][:5])]
    if not moved:
        n = len(ladder)
        what = "pupil's place on the ladder differs" if n == 1 else "pupils' places on the ladder differ"
        return later, head + f"{n} {what} from it: " + _some(_replaced_pupil, ladder, REPLACED_LISTED)
    # a week recorded again after a re-export, its letters sent since the run it replaces:
    # the pupils a correction moved first, then apart those whose letters alone moved them
    # on the ladder (sweep blind9: "41 pupils' figures differ", by UPN, the 5 a correction
    # moved lost in "and 29 more" behind 36 whose figures were the same)
    n, m = len(moved), len(ladder)
    whose = "pupil's" if n == 1 else "pupils'"
    said = head + f"{n} {whose} figures differ from it: " + _some(_replaced_pupil, moved, REPLACED_LISTED)
    if ladder:
        what = "pupil's place on the ladder differs" if m == 1 else "pupils' places on the ladder differ"
        said += (
            f"; and {m} more {what} from it (the same figures: a letter sent or an action "
            "recorded since)"
        )
        if (room := REPLACED_LISTED - min(n, REPLACED_LISTED)) > 0:
            said += ": " + _some(_ladder_only, ladder, room)
    return later, said


def _some(words: Callable[..., str], pupils: Sequence[tuple[Any, ...]], most: int) -> str:
    """The first ``most`` of ``pupils`` in ``words``, "; and N more" after."""
    out = "; ".join(words(*d) for d in pupils[:most])
    return out + (f"; and {len(pupils) - most} more" if len(pupils) > most else "")


def _ladder_only(
    school: str, upn: str, surname: str | None, forename: str | None,
    then: tuple[Any, ...], now: tuple[Any, ...],
) -> str:  # fmt: skip
    """A pupil of a week recorded again whose figures are the same, only their place on
    the ladder moved: "SurnameA, ForenameA (A): step red due, now monitoring"."""
    return (
        f"{_who(school, upn, surname, forename)}: {_ladder_words(*then[5:])}, "
        f"now {_ladder_words(*now[5:], step=then[5] != now[5])}"
    )


def _who(school: str, upn: str, surname: str | None, forename: str | None) -> str:
    name = ", ".join(x for x in (surname, forename) if x)
    who = f"{name} ({upn})" if name else upn
    return who + (f" of {school}" if school else "")


#: The most pupils the line of a week recorded again lists by name (:func:`runs_beside`):
#: a correction touches a few; a whole register's differing says another export was given
REPLACED_LISTED = 12


def _ladder_words(stage: str | None, status: str | None, step: bool = True) -> str:
    """A pupil's place on the ladder in a run: "step red due" (``step`` False: the status
    alone, the step being the one just named); "off the ladder" with no stage."""
    if stage is None:
        return "off the ladder"
    return (f"step {stage} " if step else "") + (status or "")


def _replaced_pupil(
    school: str, upn: str, surname: str | None, forename: str | None,
    then: tuple[Any, ...] | None, now: tuple[Any, ...] | None,
) -> str:  # fmt: skip
    """One pupil of a week recorded again whose figures differ from the run it replaces:
    "SurnameA, ForenameA (A) was green (20/20), is red (16/20, 4 unauthorised): now in
    band red" (the groups they came off, "no longer in ...", and went on); a pupil in one
    run only "was not in the check replaced" or "is not in this check"."""

    def state(figures: tuple[Any, ...] | None) -> str:
        if figures is None:
            return ""
        attended, possible, band, _, unauthorised = figures[:5]
        said = f"{attended}/{possible}" + (f", {unauthorised} unauthorised" if unauthorised else "")
        return f"{band or 'no band'} ({said})"

    def groups(figures: tuple[Any, ...] | None) -> set[str]:
        return {g for g in (figures[3] or "").split(",") if g} if figures else set()

    who = _who(school, upn, surname, forename)
    was = f"was {state(then)}" if then else "was not in the check replaced"
    is_ = f"is {state(now)}" if now else "is not in this check"
    moved = []
    on, off = groups(now) - groups(then), groups(then) - groups(now)
    if then and now and on:
        moved.append("now in " + " and ".join(_group_words(on)))
    if then and now and off:
        moved.append("no longer in " + " and ".join(_group_words(off)))
    if then and now and then[:5] == now[:5] and then[5:] != now[5:]:
        # only the ladder moved (a letter sent between two runs of one export): say how;
        # a pupil whose figures moved has the ladder follow them, unsaid
        moved.append(f"{_ladder_words(*then[5:])}, now {_ladder_words(*now[5:], step=then[5] != now[5])}")
    return f"{who} {was}, {is_}" + (": " + ", ".join(moved) if moved else "")


def store_snapshot(
    path: Path,
    as_of: dt.date,
    exports: Sequence[Path | str],
    pupils: Iterable[
        tuple[str, str, int, int, str | None, Iterable[str], str | None, str | None, int]
    ],
    school: str = "",
    n_sessions: pl.DataFrame | None = None,
    due: Iterable[tuple[str, str, str, dt.date | None, dt.date | None]] | None = None,
    names: Mapping[tuple[str, str], tuple[str | None, str | None, dt.date | None]]
    | None = None,
    places: Mapping[tuple[str, str], tuple[str | None, str | None]] | None = None,
    lates: Mapping[tuple[str, str], tuple[int, str]] | None = None,
    pn_windows: Mapping[tuple[str, str], int] | None = None,
) -> int:
    """Store a run: ``(school, upn, attended, possible, band, groups, stage, status,
    unauthorised)`` for every pupil, the sessions that were N as of ``as_of``
    (:func:`n_sessions_of`), the stages due, ``(school, upn, stage, due from (None: by
    its condition), carried over from)`` (None: not kept), and the pupils' ``(surname,
    forename, date of birth)``, ``(year group, registration group)`` and ``(lates in the
    half term, the codes counted late)`` and unauthorised sessions in the penalty-notice
    window (``pn_windows``) by (school, upn); returns the snapshot's id.
    ``school``: the trust's school key of the run ('' for the workspace's one school)."""
    with History(path, write=True) as store:
        return store.add_snapshot(
            as_of,
            "; ".join(str(p) for p in exports),
            [
                (s, u, a, p, b, ",".join(sorted(g)), st, ss, un)
                for s, u, a, p, b, g, st, ss, un in pupils
            ],
            school=school,
            n_sessions=[] if n_sessions is None else n_sessions.iter_rows(),
            due=due,
            names=names,
            places=places,
            lates=lates,
            pn_windows=pn_windows,
        )


def n_sessions_of(roll: Compact, as_of: dt.date) -> pl.DataFrame:
    """The sessions of ``roll`` that are N (the provisional code the loaders and the
    stale-N check go by, after the config's sub-codes) up to ``as_of``: what a snapshot
    keeps (:data:`N_SESSIONS_SCHEMA`)."""
    from attcli.loaders import PROVISIONAL

    n = (  # (lazy: see attcli.engine.Prepared._quality)
        roll.marks.lazy()
        .filter((pl.col("mark") == PROVISIONAL) & (pl.col("date") <= as_of))
        .collect()
    )
    return (
        roll.with_keys(n.select("pid", "date", pl.col("session").cast(pl.Utf8)))
        .select(N_SESSIONS_SCHEMA.keys())
        .cast(N_SESSIONS_SCHEMA)  # type: ignore[arg-type]
        .sort("school", "upn", "date", "session")
    )


@dataclass(frozen=True)
class NSince:
    """What became of the N sessions on record in a run (:func:`n_since`)."""

    #: given another code since: register corrections (:data:`RUN_CORRECTION_SCHEMA`)
    corrections: pl.DataFrame
    #: with no mark now (no row, a blank cell, ``-``) inside the pupil's time on roll:
    #: data-quality items, kind ``n_unmarked`` (:data:`attcli.quality.QUALITY_SCHEMA`)
    unmarked: pl.DataFrame
    #: N sessions on record outside the dates of this run's register: not compared
    outside: int
    first: dt.date | None = None
    last: dt.date | None = None
    #: with no row now outside the pupil's time on roll (given a leaving date since, before
    #: them, DOMAIN.md 1: not possible, no mark to fix): school, upn, date, session.  No
    #: data-quality item: the changes say it once, as "left the roll" and the figure of
    #: then with fewer possible sessions (sweep blind9: a leaver's N of the Friday before
    #: were four "N now with no mark ... find the reason" in the MIS, which held none)
    off_roll: pl.DataFrame | None = None

    def changed(
        self,
        snapshot: Snapshot,
        lowering: bool = False,
        late: Collection[str] = (),
        start: dt.date | None = None,
    ) -> dict[tuple[str, str], int]:
        """(school, upn) -> how many of the pupil's N sessions of the run are not N now:
        given a code since, with no mark now, or outside this register's dates (not
        compared: they may be either).  Only these can explain a figure of then that moved
        since; an N of the run still N now explains nothing (DOMAIN.md 12).  ``lowering``:
        only those that can lower the unauthorised sessions of then, not an N given an
        unauthorised code (``O``, ``G``, ``U``), which leaves them as they were.  ``late``
        (the late codes): only those given a late code since, the most an N given its
        reason can add to the lates of then (one given `/` or `O` adds none; one with no
        mark now or outside this register's dates is no late in it).  ``start``: the first
        day of the figures of then (their school year, or ``--from``): an N before it is in
        none of them, so explains no figure that moved (sweep looks14: a reception pupil's
        N of last summer given its reason hid a final code of then changed since)."""
        out: dict[tuple[str, str], int] = {}
        corrections, unmarked, was = self.corrections, self.unmarked, snapshot.n_sessions
        if self.off_roll is not None and self.off_roll.height:  # explain as a mark gone does
            unmarked = pl.concat(
                [unmarked.select("school", "upn", "date", "session"), self.off_roll],
                how="vertical_relaxed",
            )
        if start is not None:
            corrections, unmarked = (
                f.filter(pl.col("date") >= start) for f in (corrections, unmarked)
            )
            was = None if was is None else was.filter(pl.col("date") >= start)
        if late:
            for s, u in corrections.filter(pl.col("now").is_in(list(late))).select(
                "school", "upn"
            ).iter_rows():
                out[(s or "", u)] = out.get((s or "", u), 0) + 1
            return out
        if lowering:
            cat = pl.col("now").replace_strict(category_map(), default=None, return_dtype=pl.Utf8)
            corrections = corrections.filter(
                cat.is_null() | (cat != Category.UNAUTHORISED.value)
            )
        keys = [
            (s or "", u)
            for frame in (corrections, unmarked)
            for s, u in frame.select("school", "upn").iter_rows()
        ]
        if was is not None and self.outside:
            inside = pl.col("date").is_between(self.first, self.last)  # type: ignore[arg-type]
            keys += [(s or "", u) for s, u in was.filter(~inside).select("school", "upn").iter_rows()]
        for key in keys:
            out[key] = out.get(key, 0) + 1
        return out

    def moves(self) -> dict[tuple[str, str], tuple[int, int, int]]:
        """(school, upn) -> how the corrections since the run move the pupil's figures as
        of its date: (attended, possible, unauthorised) sessions, each N (possible,
        unauthorised) now its code's category (an ``L`` +1 attended and -1 unauthorised, an
        ``I`` -1 unauthorised, a ``D`` -1 possible and -1 unauthorised, an ``O`` none)."""
        table = category_map()
        cat = pl.col("now").replace_strict(table, default=None, return_dtype=pl.Utf8)
        attended = (Category.PRESENT.value, Category.APPROVED.value)
        possible = tuple(c.value for c in Category if c.counts_as_possible)
        return {
            (s or "", u): (a, p, n)
            for s, u, a, p, n in self.corrections.group_by("school", "upn")
            .agg(
                cat.is_in(attended).sum().cast(pl.Int64).alias("a"),
                -(~cat.is_in(possible)).sum().cast(pl.Int64).alias("p"),
                -(cat != Category.UNAUTHORISED.value).sum().cast(pl.Int64).alias("n"),
            )
            .iter_rows()
        }


def n_since(snapshot: Snapshot, roll: Compact) -> NSince | None:
    """Each session that was N in ``snapshot`` as this run's register (``roll``) marks it
    now (DOMAIN.md 12): another code is a correction since the run (the later one
    counts); no mark at all (no row, a blank cell, ``-``) is a problem, never a
    correction; still N, nothing.  Sessions outside the register's dates are not compared
    (its exports do not reach them), nor those of a pupil in none of its exports (a change
    of its own: :func:`changes`, ``not_in_exports``).  One join of the whole register, never a filter per
    pupil.  None for a snapshot from before N sessions were kept."""
    from attcli.loaders import PROVISIONAL
    from attcli.quality import QUALITY_SCHEMA
    from attcli.roll import ord_expr

    if snapshot.n_sessions is None or not roll.marks.height:
        return None
    dates = roll.marks.get_column("date")
    first, last = dates.min(), dates.max()
    was = snapshot.n_sessions
    inside = pl.col("date").is_between(first, last)  # type: ignore[arg-type]
    outside = was.filter(~inside).height
    # to the register's integer keys (pupil, session), then its marks in one join
    marks = roll.marks.select("pid", "ord", "mark", "raw_mark", "source", "line")
    now = (
        was.filter(inside)
        .join(roll.pupils.select("pid", "school", "upn"), on=["school", "upn"], how="left")
        .with_columns(ord_expr().cast(marks.schema["ord"]).alias("ord"))
        .join(marks, on=["pid", "ord"], how="left")
        .with_columns(pl.col(c).cast(pl.Utf8) for c in ("mark", "raw_mark", "source"))
    )
    corrections = now.filter(
        pl.col("mark").is_not_null()
        & (pl.col("mark") != PROVISIONAL)
        & (pl.col("mark") != MISSING_MARK)
    ).select(
        "school", "upn", "date", "session",
        pl.lit(PROVISIONAL).alias("was"), pl.col("mark").alias("now"), pl.col("source").alias("file"),
    )  # fmt: skip
    raw = pl.col("raw_mark").str.strip_chars()
    how = (
        pl.when(pl.col("mark").is_null() | pl.col("source").is_null())
        .then(pl.lit("no row in the exports"))
        .when(raw == MISSING_MARK)
        .then(pl.format("'-' (no mark recorded) in {}", position_expr()))
        .otherwise(pl.format("blank cell in {}", position_expr()))
    )
    # (a pupil in none of these exports has no pid: the check's changes say they are gone,
    # once, not each N of theirs again as a session to mark in the MIS; nor is a session
    # with no row outside the pupil's time on roll now, DOMAIN.md 1: a leaving date set
    # since before it, said once by the changes as well)
    gone = now.filter(
        pl.col("pid").is_not_null() & (pl.col("mark").is_null() | (pl.col("mark") == MISSING_MARK))
    )
    off = gone.clear()
    if roll.spans is not None:
        dated = gone.join(roll.spans.select("pid", "_from", "_to"), on="pid", how="left")
        outside_roll = (
            pl.col("_from").is_null()
            | (pl.col("ord") < pl.col("_from"))
            | (pl.col("ord") > pl.col("_to"))
        )
        off = dated.filter(pl.col("mark").is_null() & outside_roll).drop("_from", "_to")
        if roll.gaps is not None and roll.gaps.height:  # between two spells of a pupil list
            inside = dated.filter(pl.col("mark").is_null() & ~outside_roll).drop("_from", "_to")
            kept = roll.without_gaps(inside).select("pid", "ord")
            off = pl.concat([off, inside.join(kept, on=["pid", "ord"], how="anti")])
        gone = gone.join(off.select("pid", "ord"), on=["pid", "ord"], how="anti")
    unmarked = gone.select(
        pl.lit("n_unmarked").alias("kind"),
        "school",
        "upn",
        "date",
        "session",
        pl.format(
            "N in the check recorded as of {}, now no mark: {}", pl.lit(f"{snapshot.as_of:%d/%m/%Y}"), how
        ).alias("detail"),
    )
    return NSince(
        corrections.cast(RUN_CORRECTION_SCHEMA).sort("school", "upn", "date", "session"),  # type: ignore[arg-type]
        unmarked.cast(QUALITY_SCHEMA).sort("school", "upn", "date", "session"),  # type: ignore[arg-type]
        outside,
        first,
        last,
        off.select(pl.col("school").cast(pl.Utf8), pl.col("upn").cast(pl.Utf8), "date",
                   pl.col("session").cast(pl.Utf8)),  # fmt: skip
    )


#: How the check's groups other than the bands read in a pupil's line of the last run, in
#: the check's order (:func:`attcli.check.groups_for`)
GROUP_WORDS = {
    "pn": "penalty-notice threshold",
    "lates": "lateness",
    "absence": "continuous unexplained absence",
    "sickness": "sickness",
}


def detail_said(detail: str | None) -> str | None:
    """A change's detail as the check's "Changed since" table shows it: a group's key (a
    bare "pn", or "absence: ..." before what moved it) in its words ("penalty-notice
    threshold", "continuous unexplained absence: ..."); the JSON keeps the key (sweep
    looks5: "now in" beside "pn" named a group by a word the office never sees)."""
    if detail is None:
        return None
    key, sep, rest = detail.partition(": ")
    if key in GROUP_WORDS and (sep or not rest):
        return GROUP_WORDS[key] + sep + rest
    return detail


def _group_words(groups: Collection[str]) -> list[str]:
    """The check's group keys in words, in the check's order: bands first ("band red"),
    then :data:`GROUP_WORDS`, then any other key as it is."""
    words = [f"band {g[5:]}" for g in sorted(groups) if g.startswith("band:")]
    words += [GROUP_WORDS[g] for g in GROUP_WORDS if g in groups]
    return words + sorted(g for g in groups if not g.startswith("band:") and g not in GROUP_WORDS)


def gone_detail(snapshot: Snapshot, before: Mapping[str, Any]) -> str:
    """What a pupil of ``snapshot`` no longer in the exports was in then: their band and
    figures, and each group (or "in no group")."""
    figures = f"{before['attended']}/{before['possible']}"
    if before["unauthorised"]:
        figures += f", {before['unauthorised']} unauthorised"
    groups = [g for g in before["groups"] or () if not g.startswith("band:")]
    known = [GROUP_WORDS[g] for g in GROUP_WORDS if g in groups]
    known += sorted(g for g in groups if g not in GROUP_WORDS)
    return (
        "not in these exports (taken off roll, or a filtered export?); in the check recorded as of "
        f"{snapshot.as_of:%d/%m/%Y}: {before['band'] or 'no band'} ({figures}), "
        + (", ".join(known) or "in no group")
    )


#: Pupils of the run in none of the exports, this many or more, are one line naming the
#: whole year and registration groups they make (a filtered export: a Year 8-only export
#: after a whole-school run) rather than a row each; of them, those in a group then are
#: still listed, this many at most (docs/decisions.md, "A pupil gone from the exports")
MANY_GONE = 10
GONE_LISTED = 10


@dataclass(frozen=True)
class GoneSummary:
    """Many pupils of the run in none of the exports, said in one line."""

    #: how many, and the whole groups they make: "18 pupils of the run as of 18/09/2026
    #: are in none of these exports: all of Years 7 and 9 and 1 other pupil (a filtered export?)"
    head: str
    #: the head and what of them is listed
    line: str
    #: (school, upn) of those still listed: in a group then (the first :data:`GONE_LISTED`)
    listed: list[tuple[str, str]]
    #: the whole year and registration groups of the run they make ("Year 8")
    groups: tuple[str, ...] = ()


def _groups_text(labels: Sequence[str]) -> str:
    """The loaders' group labels in one phrase: "Years 7, 9 and 10 and registration group
    8B"."""
    years = [x[5:] for x in labels if x.startswith("Year ")]
    regs = [x[19:] for x in labels if x.startswith("registration group ")]
    parts = [x for x in labels if not x.startswith(("Year ", "registration group "))]
    if years:
        parts.insert(0, f"Year{'s' if len(years) > 1 else ''} {listed(years)}")
    if regs:
        parts.append(f"registration group{'s' if len(regs) > 1 else ''} {listed(regs)}")
    return " and ".join(parts)


def gone_summary(snapshot: Snapshot, found: pl.DataFrame) -> GoneSummary | None:
    """The one line for :data:`MANY_GONE` or more pupils of ``snapshot`` in none of the
    exports (``found``: the changes, :func:`changes`), naming the whole year and
    registration groups of the run they make (:func:`attcli.loaders._whole_groups`, by
    the groups the run stored: none named from a run from before they were kept), and
    those of them still listed: the ones in a group then (a band group, the
    penalty-notice, absence, lateness or sickness group), the safeguarding concern.
    None: fewer, each listed as a row."""
    gone = found.filter(pl.col("kind") == "not_in_exports").select(
        pl.col("school").fill_null(""), "upn"
    )
    n = gone.height
    if n < MANY_GONE:
        return None
    text = pl.Utf8
    places = pl.DataFrame(
        [(s or "", u, y, r) for (s, u), (y, r) in snapshot.places.items()],
        schema={"school": text, "upn": text, "year_group": text, "reg_group": text},
        orient="row",
    )
    run = snapshot.pupils.select(pl.col("school").fill_null(""), "upn", "groups")
    gone = gone.join(run, on=["school", "upn"], how="left").join(
        places, on=["school", "upn"], how="left"
    )
    labels, covered = _whole_groups(gone, places)
    others = n - covered.height
    if labels:
        where = f": all of {_groups_text(labels)}" + (
            f" and {others} other pupil{'s' if others != 1 else ''}" if others else ""
        )
        why = "(a filtered export?)"
    else:
        where, why = "", "(taken off roll, or a filtered export?)"
    concern = gone.filter(pl.col("groups").list.len().fill_null(0) > 0)
    k = concern.height
    if not k:
        listed = "none of them was in a group then: --format json lists them"
    elif k <= GONE_LISTED:
        listed = f"those of them in a group then ({k}) are listed above: --format json lists them all"
    else:
        listed = (
            f"those of them in a group then ({k}) are listed above, the first {GONE_LISTED}, "
            f"and {k - GONE_LISTED} more: --format json lists them"
        )
    head = (
        f"{n} pupils of the check recorded as of {snapshot.as_of:%d/%m/%Y} are in none of these exports"
        f"{where} {why}"
    )
    return GoneSummary(
        head,
        f"{head}; {listed}",
        [(s, u) for s, u in concern.head(GONE_LISTED).select("school", "upn").iter_rows()],
        tuple(labels),
    )


def filtered_run(
    snapshot: Snapshot, in_exports: Iterable[tuple[str | None, str]], day: dt.date
) -> str | None:
    """The line for exports that leave out whole year or registration groups of the run
    on record (``snapshot``, of this school year: a run of last year's is followed by
    leavers gone, not a filter) of :data:`MANY_GONE` pupils or more (:func:`gone_summary`):
    a year group's export (a filtered export) recorded as the school's run made every pupil
    of the groups left out "joined" in the next week's check, and hid what changed for them
    since the run before (sweep "history"); None when it leaves out no whole group."""
    from attcli.calendar import academic_year_start

    if academic_year_start(snapshot.as_of) != academic_year_start(day):
        return None
    here = {(s or "", u) for s, u in in_exports}
    gone = [
        (s or "", u)
        for s, u in snapshot.pupils.select("school", "upn").iter_rows()
        if (s or "", u) not in here
    ]
    if len(gone) < MANY_GONE:
        return None
    found = pl.DataFrame(
        [(s, u, "not_in_exports", "") for s, u in gone],
        schema={"school": pl.Utf8, "upn": pl.Utf8, "kind": pl.Utf8, "detail": pl.Utf8},
        orient="row",
    )
    summary = gone_summary(snapshot, found)
    return summary.head if summary is not None and summary.groups else None


def _band_kind(b0: str | None, b1: str | None, rank: Mapping[str, int]) -> str:
    """The kind of a band change ``b0`` -> ``b1`` (two different bands, or none)."""
    if b0 is None:
        return "band_new"  # a first band (too few sessions then)
    if b1 is None:
        return "band_lost"
    return "band_down" if rank[b1] > rank[b0] else "band_up"


def band_rule_of(snapshot: Snapshot, rules: Config) -> dict[tuple[str, str], str | None]:
    """(school, upn) -> the band of each pupil of ``snapshot`` by ``rules``' bands and
    minimum sessions (today's), from the attended and possible sessions the run stored:
    where it differs from the band the run stored, the thresholds changed since."""
    from attcli.engine import band_expr

    p = snapshot.pupils
    bands = p.select(
        pl.col("school").fill_null(""),
        "upn",
        band_expr(
            pl.col("attended"), pl.col("possible"), rules.bands, rules.min_possible_sessions
        ).alias("band"),
    )
    # (a pupil without figures on record: nothing to work out again, not compared)
    known = p.select(pl.col("attended").is_not_null() & pl.col("possible").is_not_null())
    return {
        (s, u): b for (s, u, b), k in zip(bands.iter_rows(), known.to_series(), strict=True) if k
    }


def _pn_left(r: Mapping[str, Any], rules: Config | None, noticed: bool) -> str | None:
    """The penalty-notice group left, in figures: the window now and its count, under the
    threshold, and the first date it was met (DOMAIN.md 5: a request can rest on the window
    as of that day), not a bare "pn" read as the pupil's doing; or the count still at the
    threshold and the age that ended the group (``pn_age``: not of compulsory school age,
    :func:`attcli.check.pn_aged_out`).  None without the figures (or a count still at the
    threshold and no age said: the group was left another way)."""
    n, start, end = (r.get(c) for c in ("pn_window_sessions", "pn_window_start", "pn_window_end"))
    if rules is None or n is None or start is None or end is None:
        return None
    if n >= rules.pn_sessions:
        age = r.get("pn_age")
        return None if age is None else (
            f"pn: {n} unauthorised session{'s' if n != 1 else ''} in the penalty-notice window "
            f"{start:%d/%m/%Y} to {end:%d/%m/%Y} now, still {rules.pn_sessions} or more, but "
            f"{age}: a penalty notice is for a pupil of compulsory school age only"
        )
    first = r.get("pn_first_met")
    return (
        f"pn: {n} unauthorised session{'s' if n != 1 else ''} in the penalty-notice window "
        f"{start:%d/%m/%Y} to {end:%d/%m/%Y} now, fewer than {rules.pn_sessions}"
        + ("; those a penalty notice on record covers are not counted" if noticed else "")
        + (
            f" (the threshold was first met on {first:%d/%m/%Y}: a request can rest on the "
            "window as of that day)"
            if first is not None
            else ""
        )
    )


def changes(
    snapshot: Snapshot,
    now: pl.DataFrame,
    then_recomputed: pl.DataFrame | None,
    band_order: Sequence[str],
    explained: Mapping[tuple[str, str], tuple[int, int, int]] | None = None,
    in_exports: Collection[tuple[str, str]] | None = None,
    gone_notes: Mapping[tuple[str, str], str] | None = None,
    rules: Config | None = None,
    corrected: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
    groups_then: Mapping[tuple[str, str], tuple[Collection[str], Collection[str]]] | None = None,
    noticed: Collection[str] = (),
    starts_late: bool = False,
    left_before: Mapping[tuple[str, str], dt.date] | None = None,
    half_terms: Mapping[str, tuple[HalfTerm | None, HalfTerm | None]] | None = None,
    back_on_roll: Collection[tuple[str, str]] = (),
    n_changed: Mapping[tuple[str, str], int] | None = None,
    n_lowering: Mapping[tuple[str, str], int] | None = None,
) -> pl.DataFrame:
    """What changed since ``snapshot``, one row per change: school, upn, kind
    (``band_down``, ``band_up``, ``band_new`` (no band then), ``band_lost`` (no band now),
    ``band_rule`` (a band the school's thresholds moved since, not the pupil's figures),
    ``left_roll`` (in a group then or now, off the roll now: ``now``'s ``on_roll`` and
    ``left_on``; the groups of then no longer, still and now theirs; a leaver in no group
    then or now is no change, whatever their figures' band; not of a pupil already off the roll
    as of the run's date by ``then_recomputed``'s ``on_roll`` and in no group then but
    absence: compared as any pupil, the leaving was that run's),
    ``flag_raised``, ``flag_cleared``, ``flag_corrected`` (a group left whose figures of then
    a register correction moved: ``corrected``; the penalty-notice group left by a date of
    birth changed since the run, which the run kept), ``flag_corrected_in`` (a group joined
    likewise), ``flag_rule`` (the lateness group by today's threshold with the lates of
    then, not by a correction), ``half_term_new`` (the lateness group left because a new
    half term began since that run: its lates count afresh, DOMAIN.md 4; not an
    improvement), ``half_term_new_in`` (in the lateness group then and now, of two half
    terms: the new one's lates reached the threshold afresh), ``back_on_roll`` (``back_on_roll``: a pupil on roll now whom this
    register gives no row on the run's date, so off the roll in that run's export, with
    marks again since: one row with the groups now, not "now in" each by the thresholds;
    none when in no group now; without a pupil list the days between are missing rows),
    ``not_in_run`` (a pupil in a
    group now who was not
    in that run), ``not_in_exports`` (a pupil of that run in none of this run's exports,
    whatever they were in then: :func:`gone_detail`), ``corrected``), detail.

    ``rules``: today's config.  Each pupil's band then is worked out again from the
    figures the run stored, by today's bands and minimum (:func:`band_rule_of`); where it
    differs from the band the run stored, the thresholds moved it (docs/decisions.md,
    "Thresholds changed since the run"): a band change wholly theirs is ``band_rule``; one
    the pupil's attendance moved further is two rows, ``band_rule`` (the band then ->
    today's band of the figures then) and the band change of the figures (that band ->
    the band now).  ``now`` may carry attended and possible (the figures now, said in the
    detail); ``then_recomputed`` may carry ``lates_half_term``, ``lates_flag`` and
    ``on_roll`` as of the run's date by today's threshold (``flag_rule``).  Without
    ``rules`` nothing is compared with today's thresholds.

    ``now``: school, upn, band, groups (this run).  ``then_recomputed``: school, upn,
    attended, possible and unauthorised as of the snapshot's date from this run's register:
    where they differ from what the snapshot stored, a register correction moved a past
    figure (an N given an authorised reason moves only the unauthorised sessions).
    ``explained``: (school, upn) -> (attended, possible, unauthorised) the pupil's N
    sessions of the run listed as corrected since it move their figures of then by
    (:func:`n_since`, :meth:`NSince.moves`): a figure that moved by exactly that (an N
    made I, L or D) is said there, session by session, not here again.  ``in_exports``:
    (school, upn) of every pupil of this run's exports (default: those of ``now``);
    ``gone_notes``: more to say of a pupil gone from them (a new UPN perhaps theirs).
    ``corrected``: (school, upn) -> {group: what to say} of the groups left or joined whose
    figures as of the run's date a register correction since moved, and {"band": ...} of
    a band it moved (:func:`attcli.check.moved_by_corrections`): ``flag_corrected`` rows
    ("absence: register corrected since that check (...): ..."), not a bare
    ``flag_cleared``; ``flag_corrected_in`` rows, not a bare ``flag_raised`` nor a
    ``flag_rule`` (a pupil a correction put in the lateness group is not put down to the
    threshold); the band change's row says the correction after its bands.

    ``groups_then``: (school, upn) -> the groups (not the bands) of each pupil as of the
    run's date by ``rules`` (today's config) and this run's register (as the check then
    would list them; and with every run that reached the CME threshold and ended in the
    period besides: :func:`attcli.check.groups_then`).  A group left that by them the
    pupil was not in then either, or a penalty-notice or absence group joined that they
    were in then already, is the thresholds' doing (the run keeps none) or the register
    of then changed, not the pupil's: ``group_rule_out`` / ``group_rule_in`` rows, with
    the figure of then and today's threshold, not a bare ``flag_cleared`` / ``flag_raised``
    (sweep "weekly": a child on her 4th day of absence read as back after
    `safe_and_well_days` 3 -> 5).  ``noticed``: UPNs with sessions a penalty notice on
    record covers (left out of the window now and as of then): their penalty-notice group
    is never put down to the thresholds.  Needs ``rules``.

    ``starts_late``: this run's exports start after the period's first school day, so a
    pupil's figures as of the run's date over fewer possible sessions than the run stored
    are no change of the register (that run's exports may have gone back further): no
    ``corrected`` row (:func:`not_compared` counts them, for the one line said instead).

    ``half_terms``: school ("" for none) -> (the half term of the run's date, the half term
    of this run's): when they differ, the lateness group left is ``half_term_new``, with
    the lates then and now (``then_recomputed``'s and ``now``'s ``lates_half_term``)."""
    rank = {b: i for i, b in enumerate(band_order)}
    old = {(r["school"], r["upn"]): r for r in snapshot.pupils.iter_rows(named=True)}
    out: list[tuple[str, str, str, str]] = []
    here = (
        {(s or "", u) for s, u in now.select("school", "upn").iter_rows()}
        if in_exports is None
        else {(s or "", u) for s, u in in_exports}
    )
    # a pupil of that run in none of these exports (taken off roll, a filtered export): a
    # change whatever they were in, never absorbed (DOMAIN.md 6 and 12)
    for key, before in old.items():
        if (key[0] or "", key[1]) not in here:
            note = (gone_notes or {}).get(key)
            detail = gone_detail(snapshot, before)
            out.append((*key, "not_in_exports", f"{detail}; {note}" if note else detail))
    # a pupil of that run in these exports, who left the roll (``left_before``: their last
    # day) before this run's period (July's export given with September's, that run as of
    # a day of the summer holiday): in none of its figures, so in no row of ``now``; a
    # change when in a group then, as any leaver in a group is
    for key, day in (left_before or {}).items():
        before = old.get(key)
        if before is None or not before["groups"]:
            continue
        groups = ", ".join(_group_words(before["groups"]))
        out.append((*key, "left_roll", f"on {day:%d/%m/%Y}: no longer in {groups}"))
    # each pupil's band then by today's thresholds, from the figures the run stored
    by_rule = band_rule_of(snapshot, rules) if rules is not None else {}
    lines = (
        attendance_lines(b.threshold for b in rules.bands) if rules is not None else ()
    )
    # the lateness group as of the run's date by today's threshold (this run's register)
    lates_then: dict[tuple[str, str], int] = {}
    if (
        rules is not None
        and then_recomputed is not None
        and {"lates_flag", "lates_half_term", "on_roll"} <= set(then_recomputed.columns)
    ):
        lates_then = {
            (s or "", u): n
            for s, u, n, flag, here in then_recomputed.select(
                "school", "upn", "lates_half_term", "lates_flag", "on_roll"
            ).iter_rows()
            if flag and here
        }
    # the sickness group as of the run's date by this run's register: a pupil in it then
    # whom that run did not list had marks of those dates changed since (M -> I moves no
    # other figure) or another threshold (DOMAIN.md 12: said, never absorbed)
    sick_then: dict[tuple[str, str], tuple[int, int | None, int | None]] = {}
    if then_recomputed is not None and {
        "sickness_flag", "sickness_sessions", "sickness_longest_days", "on_roll"
    } <= set(then_recomputed.columns):
        # (with the days whose only session due was illness, when given: a part-time
        # pupil's days missed, as the check's reason says them)
        whole = (
            pl.col("sickness_whole_days") if "sickness_whole_days" in then_recomputed.columns
            else pl.lit(None, dtype=pl.Int64)
        )
        sick_then = {
            (s or "", u): (n, days, w)
            for s, u, n, days, w, flag, here in then_recomputed.select(
                "school", "upn", "sickness_sessions", "sickness_longest_days", whole.alias("_w"),
                "sickness_flag", "on_roll",
            ).iter_rows()
            if flag and here
        }  # fmt: skip
    # each pupil's figures as of the run's date by this run's register, that a group
    # moved by the thresholds is said with (:func:`_rule_words`): made on the first such
    # row only (none in an ordinary week)
    figures: list[dict[tuple[str, str], dict[str, Any]]] = []

    def then_of(key: tuple[str, str]) -> dict[str, Any] | None:
        if then_recomputed is None:
            return None
        if not figures:
            figures.append(
                {(r["school"] or "", r["upn"]): r for r in then_recomputed.iter_rows(named=True)}
            )
        return figures[0].get(key)

    # off the roll as of the run's date by this run's register: left before that run
    # (its "left the roll" was said then, once: docs/cases.md)
    left_then: set[tuple[str, str]] = set()
    if then_recomputed is not None and "on_roll" in then_recomputed.columns:
        left_then = {
            (s or "", u)
            for s, u, here in then_recomputed.select("school", "upn", "on_roll").iter_rows()
            if here is False
        }
    figures_now = {"attended", "possible"} <= set(now.columns)
    back = {(s or "", u) for s, u in back_on_roll}

    # each pupil's N sessions in the run now given a late code (``n_changed``,
    # :meth:`NSince.changed`'s ``late``): only they can add a late of then; each pupil's N
    # sessions in the run that are not N now: only they can be an N given its reason
    # since, and of them
    # only those not now unauthorised can lower the unauthorised sessions (``lowering``:
    # ``n_lowering``); without them, every N of the run (a snapshot from before they were
    # kept: as many as any fall)
    n_counts: dict[tuple[str, str], int] | None = None

    def n_of_run(key: tuple[str, str], lowering: bool = False) -> int:
        nonlocal n_counts
        counts = n_lowering if lowering else n_changed
        if counts is not None:
            return counts.get(key, 0)
        if snapshot.n_sessions is None:
            return 1 << 30
        if n_counts is None:
            n_counts = {
                (s or "", u): n
                for s, u, n in snapshot.n_sessions.group_by("school", "upn")
                .len()
                .iter_rows()
            }
        return n_counts.get(key, 0)

    def register_moved(key: tuple[str, str], before: Mapping[str, Any]) -> str | None:
        """What a change of the register of then says of a pn or absence group left or
        joined (None: the unauthorised sessions as of the run's date are what the run
        stored, so the thresholds moved it): those of an N of the run given its reason are
        said by ``corrected``; these are final codes changed since (DOMAIN.md 12)."""
        then = then_of(key) or {}
        was, now_then = before["unauthorised"], then.get("unauthorised")
        if was is None or now_then is None or was == now_then:
            return None
        if now_then < was and was - now_then <= n_of_run(key, lowering=True):
            return None  # (as many as the run's N of theirs: an N given its reason, maybe)
        return (
            f"the register of then was changed since that check: as of "
            f"{snapshot.as_of:%d/%m/%Y} unauthorised {was} -> {now_then}"
        )

    def lates_moved(key: tuple[str, str]) -> str | None:
        """What a change of the register of then says of a lateness group left or joined
        (None: the run kept no lates, counted other codes late than today's config, or
        counted what this register counts as of its date: the threshold moved it; or more
        lates now, no more than the run's N sessions of the pupil given a late code since:
        an N given L or U is a correction, said by ``corrected``): a late mark of then changed since (an L made /,
        a / made L)."""
        kept = snapshot.lates.get(key)
        if kept is None or rules is None:
            return None
        was, codes = kept
        now_then = (then_of(key) or {}).get("lates_half_term")
        if now_then is None or now_then == was or codes != ",".join(sorted(set(rules.late_codes))):
            return None
        if was < now_then <= was + n_of_run(key):
            return None  # (as many as the run's N of theirs given L or U since)
        return (
            f"the register of then was changed since that check: as of "
            f"{snapshot.as_of:%d/%m/%Y} lates this half term {was} -> {now_then}"
        )

    def dob_moved(key: tuple[str, str], r: Mapping[str, Any]) -> str | None:
        """What a penalty-notice group left or joined says when the pupil's date of birth,
        which decides compulsory school age (DOMAIN.md 5), is not the one the run kept
        (history version 11): the MIS corrected it since, not the thresholds (sweep
        "history"); None when the run kept none, the exports give none, or it is the same."""
        kept = snapshot.names.get(key) or snapshot.names.get((None, key[1]))  # type: ignore[arg-type]
        was, now_dob = (kept[2] if kept else None), r.get("dob")
        if was is None or now_dob is None or was == now_dob:
            return None
        return (
            f"pn: the date of birth was changed since that check ({was:%d/%m/%Y} -> "
            f"{now_dob:%d/%m/%Y}), and compulsory school age with it: check it "
            "in the MIS"
        )

    for r in now.iter_rows(named=True):
        key = (r["school"] or "", r["upn"])
        before = old.get(key)
        if before is None:
            # not in that run (joined since): a change when there is something to act on,
            # as it is NEW in every group it is in
            if r["groups"]:
                shown = [f"band {g[5:]}" if g.startswith("band:") else g for g in r["groups"]]
                out.append((*key, "not_in_run", f"not in that check; now: {', '.join(shown)}"))
            continue
        if key in back and r.get("on_roll") is not False:
            # off the roll in that run (no row on its date), back since (sweep of 4
            # December, weekly: "now in, by the thresholds" of an untouched config)
            # (in no group now: no change, as an ordinary leaver or joiner is none; the
            # days with no row are in the data-quality list)
            groups = _group_words(r["groups"] or ())
            if groups:
                out.append(
                    (*key, "back_on_roll", f"off the roll in that check (no row for them on "
                     f"{snapshot.as_of:%d/%m/%Y}), marks again since: now in "
                     f"{', '.join(groups)}; the school days with no row are missing rows "
                     "unless they left and came back: then give a pupil list with a row for "
                     "each spell, --pupils FILE")
                )  # fmt: skip
            continue
        # (off roll then by this register, but in a group of pupils on roll in that run:
        # it had them on roll, their leaving date moved back since; the leaving is a change)
        gone_then = key in left_then and not set(before["groups"] or ()) - {"absence"}
        if r.get("on_roll") is False and not gone_then and not before["groups"] and not r["groups"]:
            # (on roll in that run, in no group then or now: an ordinary leaver is no
            # change, as a joiner in no group is none; not a band "down" or "up" of a
            # pupil no band group holds any more)
            continue
        if r.get("on_roll") is False and not gone_then:
            # in a group then or now, off the roll now (a leaver is in no group but the
            # absence group after a run of N, DOMAIN.md 6, and keeps the band of their
            # figures): one row saying so, not "no longer in" each group as if the absence
            # had fallen (sweep9), nor of a group the same output lists them in (sweepC),
            # nor a band change and a bare "now in absence" of one in no group then
            # (sweep weekly: the leaving unsaid); one who had
            # left before that run is compared as any pupil (the leaving was that run's)
            left = r.get("left_on")
            g0, g1 = set(before["groups"] or ()), set(r["groups"] or ())
            parts = [
                f"{how} {', '.join(_group_words(gs))}"
                for how, gs in (("no longer in", g0 - g1), ("still in", g0 & g1),
                                ("now in", g1 - g0))
                if gs
            ]  # fmt: skip
            out.append(
                (*key, "left_roll", (f"on {left:%d/%m/%Y}: " if left is not None else "")
                 + "; ".join(parts))
            )  # fmt: skip
            continue
        b0, b1 = before["band"], r["band"]
        mine = (corrected or {}).get(key, {})  # (what a correction since moved)
        # (the band then by today's thresholds: the band then where they did not move it)
        mid = by_rule.get(key, b0)
        if b0 != b1 and mid != b0:
            was = pct_text(before["attended"], before["possible"], lines, unit=" %")
            now_pct = (
                pct_text(r["attended"], r["possible"], lines, unit=" %")
                if figures_now and r["attended"] is not None and r["possible"] is not None
                else None
            )
            moved = f"{b0 or 'no band'} -> {mid or 'no band'}"
            if mid == b1:  # the thresholds moved the band, the figures did not
                lower = now_pct is not None and (
                    r["attended"] * before["possible"] < before["attended"] * r["possible"]
                )
                out.append(
                    (*key, "band_rule", f"{moved}: the thresholds changed ({was} then"
                     + (f", {now_pct} now" if now_pct else "")
                     + (f": lower, but {mid or 'no band'} by today's thresholds then too)"
                        if lower else ")"))
                )  # fmt: skip
            else:  # both: a row for each cause
                kind = _band_kind(mid, b1, rank)
                fig = f"{mid or 'no band'} -> {b1 or 'no band'}"
                out.append(
                    (*key, "band_rule", f"{moved}: the thresholds changed ({was} then is "
                     f"{mid or 'no band'} by today's); then their attendance: {fig}")
                )  # fmt: skip
                how = {"band_down": "attendance fell", "band_up": "attendance rose"}.get(kind)
                out.append(
                    (*key, kind, f"{fig}: "
                     + (f"{how} ({was} then, {now_pct} now), " if how and now_pct else "")
                     + f"after the thresholds moved {moved}")
                )  # fmt: skip
        elif b0 != b1:
            kind = _band_kind(b0, b1, rank)
            said = mine.get("band")
            out.append(
                (*key, kind, f"{b0 or 'no band'} -> {b1 or 'no band'}" + (f": {said}" if said else ""))
            )
        g0, g1 = set(before["groups"] or ()), set(r["groups"] or ())
        by_rules = None if groups_then is None or rules is None else groups_then.get(key)
        if by_rules is not None and key[1] in noticed:
            by_rules = (set(by_rules[0]) - {"pn"}, set(by_rules[1]) | {"pn"})
        def moved_text(g: str, moved_by: str, key: tuple = key) -> str:
            # a group joined or left because the register of then changed, not the rules
            assert rules is not None
            return (
                f"{g}: {moved_by}, "
                f"{_rule_words(g, rules, then_of(key)).replace('; ', ' (', 1)}); not an "
                "N given its reason: check the marks in the MIS"
            )

        def half_term_lates(
            new: tuple[HalfTerm | None, HalfTerm], key: tuple = key, r: Mapping = r
        ) -> str:
            was, this = new
            counts = [
                f"{n} in {name}{when}"
                for n, name, when in (
                    ((then_of(key) or {}).get("lates_half_term"),
                     was.name if was else None, f" as of {snapshot.as_of:%d/%m/%Y}"),
                    (r.get("lates_half_term"), this.name, " so far"),
                )
                if n is not None and name
            ]  # fmt: skip
            return (
                f"lates: {this.name} began on {this.start:%d/%m/%Y}, and lates count per "
                "half term" + (f" ({'; '.join(counts)})" if counts else "")
            )

        if "lates" in g0 & g1 and (new := _new_half_term(half_terms, key[0])) is not None:
            # in the lateness group of the run's half term and of this one's: the new half
            # term's lates, counted afresh (DOMAIN.md 4), call for its own letter: a change,
            # as it is when a run in between saw the group left (sweep "weekly2")
            out.append((*key, "half_term_new_in", half_term_lates(new)))
        for g in sorted(g1 - g0):
            said = mine.get(g)
            if said:
                out.append((*key, "flag_corrected_in", f"{g}: {said}"))
            elif (
                g == "pn" and by_rules is not None and g in by_rules[0]
                and (moved_dob := dob_moved(key, r)) is not None
            ):
                out.append((*key, "flag_corrected_in", moved_dob))
            elif (
                g in ("pn", "absence") and by_rules is not None and g in by_rules[0]
                and (moved_by := register_moved(key, before)) is not None
            ):
                # (in it then by this register, not by the run's: the thresholds are
                # not to blame when the register of then is not the run's)
                assert rules is not None
                out.append((*key, "flag_corrected_in", moved_text(g, moved_by, key)))
            elif g in ("pn", "absence") and by_rules is not None and g in by_rules[0]:
                assert rules is not None
                out.append(
                    (*key, "group_rule_in", f"{g}: in it as of {snapshot.as_of:%d/%m/%Y} by "
                     f"today's thresholds too ({_rule_words(g, rules, then_of(key))}), "
                     "and that check did not list them: the thresholds changed since (or the "
                     "register of then was changed)")
                )  # fmt: skip
            elif (
                g == "lates" and key in lates_then and _new_half_term(half_terms, key[0]) is None
                and (moved_by := lates_moved(key)) is not None
            ):
                out.append((*key, "flag_corrected_in", moved_text(g, moved_by, key)))
            elif (
                g == "lates" and key in lates_then and _new_half_term(half_terms, key[0]) is None
                and not snapshot.lates_kept
            ):
                # (a run that kept no lates, before history version 19: a late mark entered
                # since cannot be told from the threshold; sweep leftovers)
                assert rules is not None
                out.append(
                    (*key, "lates_unkept_in", f"lates: {lates_then[key]} lates in the half "
                     f"term as of {snapshot.as_of:%d/%m/%Y} reach today's threshold "
                     f"({rules.lates_threshold}+), and that check did not flag them: {LATES_UNKEPT} "
                     "entered since: check the marks in the MIS")
                )  # fmt: skip
            elif g == "lates" and key in lates_then and _new_half_term(half_terms, key[0]) is None:
                # (across a new half term the group is its lates, counted afresh: the
                # pupil's, not the threshold's; sweep "weekly2")
                assert rules is not None
                out.append(
                    (*key, "flag_rule", f"lates: {lates_then[key]} lates in the half term as "
                     f"of {snapshot.as_of:%d/%m/%Y} reach today's threshold "
                     f"({rules.lates_threshold}+), and that check did not flag them: the "
                     "threshold changed (or a late mark was entered since)")
                )  # fmt: skip
            elif g == "sickness" and key in sick_then:
                n, days, whole = sick_then[key]
                out.append(
                    (*key, "flag_raised", f"sickness: by today's register {counted(n, 'illness session')}"
                     f" as of {snapshot.as_of:%d/%m/%Y}{illness_days_missed(n, whole)}, "
                     f"{illness_run(days)}, "
                     "and that check did not list them: marks of those dates were changed "
                     "since (or the threshold changed): check them in the MIS")
                )  # fmt: skip
            elif not g.startswith("band:"):
                out.append((*key, "flag_raised", g))
        for g in sorted(g0 - g1):
            said = mine.get(g)
            if said:
                out.append((*key, "flag_corrected", f"{g}: {said}"))
            elif (
                g == "pn" and by_rules is not None and g not in by_rules[1]
                and (moved_dob := dob_moved(key, r)) is not None
            ):
                out.append((*key, "flag_corrected", moved_dob))
            elif (
                g in ("pn", "absence") and by_rules is not None and g not in by_rules[1]
                and (moved_by := register_moved(key, before)) is not None
            ):
                assert rules is not None
                out.append((*key, "flag_corrected", moved_text(g, moved_by, key)))
            elif (
                g == "lates" and by_rules is not None and g not in by_rules[1]
                and _new_half_term(half_terms, key[0]) is None
                and (moved_by := lates_moved(key)) is not None
            ):
                out.append((*key, "flag_corrected", moved_text(g, moved_by, key)))
            elif (
                g == "lates" and by_rules is not None and g not in by_rules[1]
                and _new_half_term(half_terms, key[0]) is None and not snapshot.lates_kept
            ):
                assert rules is not None
                out.append(
                    (*key, "lates_unkept_out", f"lates: not in it as of "
                     f"{snapshot.as_of:%d/%m/%Y} by today's threshold either "
                     f"({_rule_words(g, rules, then_of(key))}), though that check listed them: "
                     f"{LATES_UNKEPT} changed since (an L made /): check the marks in the MIS")
                )  # fmt: skip
            elif (
                not g.startswith("band:") and by_rules is not None and g not in by_rules[1]
                and not (g == "lates" and _new_half_term(half_terms, key[0]) is not None)
            ):
                assert rules is not None
                out.append(
                    (*key, "group_rule_out", f"{g}: not in it as of {snapshot.as_of:%d/%m/%Y} "
                     f"by today's thresholds either ({_rule_words(g, rules, then_of(key))}), "
                     "though that check listed them: the thresholds changed since (or the "
                     "register of then was changed)")
                )  # fmt: skip
            elif g == "lates" and (new := _new_half_term(half_terms, key[0])) is not None:
                out.append((*key, "half_term_new", half_term_lates(new, key, r)))
            elif g == "pn" and (said := _pn_left(r, rules, key[1] in noticed)) is not None:
                out.append((*key, "flag_cleared", said))
            elif not g.startswith("band:"):
                out.append((*key, "flag_cleared", g))
        # in the absence group then and now, a run that reached the CME threshold since:
        # the week the LA is to be told (DOMAIN.md 6), not "no change"
        days_now = r.get("continuous_absence_days")
        if "absence" in g0 & g1 and rules is not None and days_now is not None:
            then = then_of(key) or {}
            days_then = then.get("continuous_absence_days")
            if days_then is not None and days_then < rules.cme_days <= days_now:
                out.append(
                    (*key, "cme_reached", f"absence: reached {rules.cme_days} school "
                     f"day{'s' if rules.cme_days != 1 else ''} since that check (a run of "
                     f"{days_then} school day{'s' if days_then != 1 else ''} then, "
                     f"{days_now} now): tell the local authority (children missing "
                     "education)")
                )  # fmt: skip
    if then_recomputed is not None:
        for r in then_recomputed.select(
            "school", "upn", "attended", "possible", "unauthorised"
        ).iter_rows(named=True):
            key = (r["school"] or "", r["upn"])
            before = old.get(key)
            if before is None:
                continue
            figures = (before["attended"], before["possible"]) != (r["attended"], r["possible"])
            # (a snapshot from before the unauthorised sessions were kept: not compared)
            unauthorised = before["unauthorised"] is not None and (
                before["unauthorised"] != r["unauthorised"]
            )
            moved = (explained or {}).get(key)
            if moved is not None and (
                before["unauthorised"] is not None
                and (before["attended"] + moved[0], before["possible"] + moved[1],
                     before["unauthorised"] + moved[2])
                == (r["attended"], r["possible"], r["unauthorised"])
            ):  # fmt: skip
                continue  # (said by the corrections since the run)
            if starts_late and r["possible"] < before["possible"]:
                continue  # (the exports start late: not compared, said in one line)
            if figures or unauthorised:
                was, now = f"{before['attended']}/{before['possible']}", f"{r['attended']}/{r['possible']}"
                if unauthorised:
                    was += f", {before['unauthorised']} unauthorised"
                    now += f", {r['unauthorised']} unauthorised"
                # fewer possible sessions than the run had: a code that is not possible (a
                # correction: N -> D; a leaving date moved back; / -> Z) or a mark removed
                # (a problem): the figures cannot tell which, nor always a list (DOMAIN.md 12)
                # (an N given its reason never lowers attended nor, with possible sessions
                # the same, raises unauthorised: marks final in that run changed since, a
                # disagreement to resolve, not a correction, DOMAIN.md 12)
                fell = r["attended"] < before["attended"]
                rose = unauthorised and r["possible"] == before["possible"] and (
                    r["unauthorised"] > before["unauthorised"]
                )
                if r["possible"] < before["possible"]:
                    why = (
                        "fewer possible sessions: marks changed since to codes that are not "
                        "possible (D, X, Z...) or removed, or the time on roll shortened: "
                        "check them in the MIS"
                    )
                elif fell or rose:
                    what = "attended" if fell else "attended or authorised absence"
                    why = (
                        f"marks that check counted as {what} were changed since: not an N "
                        "given its reason but a disagreement with that check: "
                        "check them in the MIS"
                    )
                elif unauthorised and (
                    r["unauthorised"] < before["unauthorised"] - n_of_run(key, lowering=True)
                ):
                    # (fewer unauthorised than the run's N sessions of the pupil can
                    # explain: final codes of then changed, DOMAIN.md 12)
                    why = (
                        "marks that check counted as unauthorised absence, not N, were changed "
                        "since: not an N given its reason but a disagreement with that check: "
                        "check them in the MIS"
                    )
                else:
                    why = "a register correction"
                out.append(
                    (*key, "corrected", f"as of {snapshot.as_of:%d/%m/%Y}: was {was}, now {now} ({why})")
                )
    return pl.DataFrame(
        out,
        schema={"school": pl.Utf8, "upn": pl.Utf8, "kind": pl.Utf8, "detail": pl.Utf8},
        orient="row",
    ).sort("kind", "school", "upn", "detail")


def _new_half_term(
    half_terms: Mapping[str, tuple[HalfTerm | None, HalfTerm | None]] | None, school: str
) -> tuple[HalfTerm | None, HalfTerm] | None:
    """(the run's half term, this run's) of ``school`` when a new half term began since the
    run, else None."""
    then, now = (half_terms or {}).get(school, (None, None))
    return (then, now) if now is not None and now != then else None


def _rule_words(group: str, rules: Config, then: Mapping[str, Any] | None) -> str:
    """A group's figure as of the run's date (``then``: the pupil's row then, None: not
    known) and today's threshold of it, as a ``group_rule_*`` row of :func:`changes` says
    them: "10 sessions in the window then; 12+ unauthorised sessions in 10 school weeks"."""
    then = then or {}

    def of(col: str) -> Any:
        v = then.get(col)
        return "?" if v is None else v

    if group == "pn":
        fig = f"{of('pn_window_sessions')} sessions in the window then"
        rule = (
            f"{rules.pn_sessions}+ unauthorised sessions in "
            f"{counted(rules.pn_weeks, 'school week')}"
        )
    elif group == "absence":
        fig = f"a run of {of('continuous_absence_days')} school days then"
        rule = f"listed from {min(rules.safe_and_well_days, rules.cme_days)} school days"
    elif group == "lates":
        fig = f"{of('lates_half_term')} lates in the half term then"
        rule = f"{rules.lates_threshold}+ lates"
    elif group == "sickness":
        longest = then.get("sickness_longest_days")
        run = "longest run of illness ?" if longest is None else illness_run(longest)
        fig = f"{of('sickness_sessions')} illness sessions, {run} then"
        rule = (
            f"{rules.sickness_sessions}+ sessions or {rules.sickness_sessions / 2:g}+ school "
            f"days missed, or a run of {rules.sickness_days}+ days"
        )
    else:
        return "today's config"
    return f"{fig}; {rule}"


def not_compared(
    snapshot: Snapshot, then_recomputed: pl.DataFrame, starts: dt.date, first_day: dt.date
) -> str | None:
    """The line said when this run's exports start late (``starts``, after the period's
    first school day ``first_day``) and pupils' figures as of ``snapshot``'s date are over
    fewer possible sessions than the run stored: not compared (:func:`changes`'
    ``starts_late``), since that run's exports may have held the weeks before; None when
    there are none."""
    stored = snapshot.pupils.select(
        pl.col("school").fill_null(""), "upn", pl.col("possible").alias("_was")
    )
    n = (
        then_recomputed.select(pl.col("school").fill_null(""), "upn", "possible")
        .join(stored, on=["school", "upn"])
        .filter(pl.col("_was").is_not_null() & (pl.col("possible") < pl.col("_was")))
        .height
    )
    if not n:
        return None
    return (
        f"{n} pupil{'s' if n != 1 else ''}'{'' if n != 1 else 's'} figures in the check recorded as of "
        f"{snapshot.as_of:%d/%m/%Y} are not compared (past figure changed): these exports start {starts:%d/%m/%Y}, after the period's first school "
        f"day ({first_day:%d/%m/%Y}), and that check's figures, over more sessions, may go "
        f"back further; give the exports from {first_day:%d/%m/%Y} to compare them"
    )


#: What a lateness group left or joined says of a run that kept no pupil's lates (recorded
#: before history version 19): the threshold of then is not kept either, so neither cause
#: is blamed (sweep leftovers); the row ends "... entered since" or "... changed since".
LATES_UNKEPT = "that check kept no lates, so a changed threshold cannot be told from a late mark"


def thresholds_note(snapshot: Snapshot, found: pl.DataFrame, config_name: str) -> str | None:
    """The line said at the head of the changes when today's thresholds moved a band or
    a group since ``snapshot`` (``band_rule``, ``flag_rule`` and ``group_rule_*`` rows of
    :func:`changes`; ``config_name``: the config file); None when they moved none."""
    rule = found.filter(pl.col("kind") == "band_rule")
    lates = found.filter(pl.col("kind") == "flag_rule").height
    grouped = (
        found.filter(pl.col("kind").is_in(["group_rule_in", "group_rule_out"]))
        .select("school", "upn")
        .unique()
        .height
    )
    unkept = found.filter(pl.col("kind").is_in(["lates_unkept_in", "lates_unkept_out"])).height
    if not rule.height and not lates and not grouped and not unkept:
        return None
    moved = set(rule.select("school", "upn").iter_rows())
    # moved by their attendance too: a band row of another kind besides
    fell = found.filter(pl.col("kind").str.starts_with("band_") & (pl.col("kind") != "band_rule"))
    both = len(moved & set(fell.select("school", "upn").iter_rows()))
    only = len(moved) - both

    def pupils(n: int, whose: bool = False) -> str:
        return f"{n} pupil{'s' if n != 1 else ''}" + (("'" if n != 1 else "'s") if whose else "")

    parts = []
    if moved:
        if only:
            line = (
                f"{pupils(only, True)} band{'s' if only != 1 else ''} moved with them: "
                "by today's thresholds they were in that band then too (each line gives both "
                "figures)"
            )
            if both:
                line += f", and {pupils(both, True)} with both (a row for each cause)"
        else:
            line = (
                f"{pupils(both, True)} band{'s' if both != 1 else ''} moved with them and "
                "with their attendance (a row for each cause)"
            )
        parts.append(line)
    if lates:
        parts.append(
            f"{pupils(lates)} {'are' if lates != 1 else 'is'} in the lateness group by today's "
            "threshold with the lates of then (the threshold changed, or a late mark was "
            "entered since)"
        )
    if grouped:
        parts.append(
            f"{pupils(grouped)} left or joined a group by today's thresholds with the "
            "figures of then (each line says which)"
        )
    if unkept:
        parts.append(
            f"{pupils(unkept)} left or joined the lateness group by the lates of then, which "
            "that check cannot put down to the threshold or to a late mark changed since: it "
            "was recorded before attcli kept each pupil's lates (each line says)"
        )
    head = (
        "the band thresholds changed since " if moved else "since "
    ) + f"the check recorded as of {snapshot.as_of:%d/%m/%Y} ({config_name}): "
    return head + "; ".join(parts)
