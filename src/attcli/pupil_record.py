"""One pupil's record (``attcli pupil UPN EXPORT...``): figures, band, flags with their
evidence, why their letters would be held, the letters sent and the penalty notices on
record, and (with a contacts export) who to phone.

:func:`pupil_record` gathers it (library, no terminal); :func:`render_record` draws it for
an 80-column terminal.  The flags and their reasons are the weekly check's own
(:func:`attcli.check.check_register`), so the record never tells a different story.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

from attcli import percent
from attcli.absence import HoldRule, absence_by_code, lessons_missed, meaning, two_upn_reasons
from attcli.check import (
    PN_NTI_RUNNING_ACTION,
    Group,
    check_register,
    pn_age_unknown_action,
    pn_barred_action,
    pn_window_n_action,
    reached_since,
    reason_for,
    release_command,
)
from attcli.config import Config, HalfTerm, band_range, letter_name
from attcli.contacts import Contact, Contacts, is_carer, is_local_authority
from attcli.coverage import BEFORE_DATA
from attcli.engine import Evaluation, can_miss_words
from attcli.errors import AttcliError, shown
from attcli.letter_settings import LetterSettings, reading_lines
from attcli.quality import (
    NO_REGISTER_ADVICE,
    NO_REGISTER_ADVICE_MANY,
    no_register_sessions,
    sessions_text,
    stale_words,
)
from attcli.store import (
    EvidencePack,
    LetterRecord,
    Notice,
    before_framework_note,
    history_path,
    next_notice,
    next_notice_text,
    quoted_notice,
    reader,
)
from attcli.termly import pupil_by_hand

if TYPE_CHECKING:
    from attcli.loaders import PupilList
    from attcli.roll import Compact

MISSING = "-"


@dataclass
class Flag:
    """A group of the weekly check the pupil is in, with the check's reason."""

    title: str
    action: str
    reason: str
    new: bool
    #: the sessions behind the flag, when the reason does not list them (penalty notice)
    evidence: str = ""


@dataclass
class PupilRecord:
    upn: str
    school: str
    #: the pupil's row of the evaluation (engine.PUPIL_FIELDS and ``school``)
    row: dict[str, Any]
    evaluation: Evaluation
    #: the pupil's rows of the register the evaluation read (resolved: missing rows as
    #: ``-``), which the certificate reads
    register: pl.DataFrame
    flags: list[Flag]
    #: absence sessions this school year by the code each counts as, most first
    absence: list[tuple[str, int]]
    #: sessions this school year with no mark recorded (``-``, a blank cell or no row)
    missing_marks: int
    #: why the pupil's absence letters would be held for review, or None
    held: str | None
    #: how many letters :attr:`held` is about (one, or the band letter and the warning)
    held_letters: int
    #: the history file, or None when there is none yet (nothing on record)
    history: Path | None
    letters: list[LetterRecord] = field(default_factory=list)
    #: the letter stages of the ladder recorded by hand (:func:`attcli.termly.pupil_by_hand`)
    letters_by_hand: list[LetterRecord] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    #: a line per letter on record that rests on marks a correction changed since
    #: (:mod:`attcli.letter_marks`)
    letters_changed: list[str] = field(default_factory=list)
    #: a line per penalty-notice pack on record that rests on marks a correction changed
    #: since (:mod:`attcli.pack_marks`)
    packs_changed: list[str] = field(default_factory=list)
    #: the pupil's penalty-notice packs on record (history version 18), oldest first: every
    #: one, as :attr:`letters` (those made after an --as-of date: :meth:`on_record`)
    packs: list[EvidencePack] = field(default_factory=list)
    #: parent -> what the next notice to them about this pupil would be on the as-of date
    #: (:func:`attcli.store.quoted_notice`: none for a pupil not of compulsory school age)
    next_notice: dict[str, str] = field(default_factory=dict)
    #: a counting notice about the pupil deleted with `pupil forget --force`, said
    #: (:meth:`attcli.store.History.notice_forgotten`): the next notice may be one later
    deleted_notice: str | None = None
    #: the --as-of date given, up to which the history's records count (notices, letters,
    #: casebook actions); None (no --as-of: as of the register's last day, made after it):
    #: every record on record, as every notice's sessions are covered (docs/decisions.md,
    #: "A notice issued after the as-of date did not exist then")
    records_by: dt.date | None = None
    #: the pupil's contacts, priority order (None: no contacts export given)
    contacts: list[Contact] | None = None
    warnings: list[str] = field(default_factory=list)
    #: the check's line among ``warnings`` on what NEW compares with (``CheckResult``'s)
    compare_note: str | None = None
    #: how many of the register's notes named another pupil and are not in ``warnings``
    #: (the record may be printed for the pupil's parent: :func:`_own_notes`)
    notes_left_out: int = 0
    #: the check's line of a pupil out of the penalty-notice group by the latest of two
    #: dates of birth the exports give, in it by another (:func:`attcli.check.pn_by_another_birth`,
    #: less the UPN), said under the flags, not among the notes (sweep leftovers20)
    pn_birth: str | None = None

    def left_out_said(self) -> list[str]:
        """The line that says how many of the register's notes named another pupil and are
        left out (naming none): nothing hidden silently; none when none was."""
        n = self.notes_left_out
        if not n:
            return []
        return [f"{n} note{'s' if n != 1 else ''} naming another pupil left out: attcli "
                f"check shows {'them' if n != 1 else 'it'}"]  # fmt: skip
    #: the pupil's marks outside the time on roll a pupil list gives (not counted): how
    #: many, the first and last date (none: 0, None, None)
    outside_roll: tuple[int, dt.date | None, dt.date | None] = (0, None, None)
    #: the school's sessions this school year with no register in the exports that the
    #: pupil lost (on roll, no mark of their own: :func:`attcli.quality.no_register_sessions`):
    #: date, session, marked, on_roll; missing marks too, not in ``missing_marks``
    no_register: list[tuple[dt.date, str, int, int]] = field(default_factory=list)
    #: the id as typed, when the register's is that id with leading zeros (``1003`` for
    #: ``001003``: :func:`attcli.pupil_ids.match_typed_id`), else None
    typed: str | None = None
    #: :attr:`missing_marks` as the exports held them: marked ``-``, a blank cell, no row
    missing_kinds: tuple[int, int, int] = (0, 0, 0)
    #: the pupil's own not-possible sessions this school year by code (``D``, ``X``, ``Q``,
    #: ``Y1``..., ``Z``: not ``#``, the school's closure), most first: left out of the
    #: possible sessions the figures count, said beside them (sweep rough7)
    not_possible: list[tuple[str, int]] = field(default_factory=list)
    #: those sessions (date, session), in order: what to complete in the MIS
    missing_sessions: list[tuple[dt.date, str]] = field(default_factory=list)
    #: lessons missed this school year and this half term so far (None without a half
    #: term), as the letters count them (DOMAIN.md 2); None without ``[lessons]``
    lessons_missed: tuple[int, int | None] | None = None
    #: the pupil's N codes older than 5 school days (the check's ``stale_n`` items):
    #: (date, session), in order
    stale_n: list[tuple[dt.date, str]] = field(default_factory=list)
    #: the pupil's X sessions while of compulsory school age (the check's ``x_of_age``
    #: items): (date, session), in order
    x_of_age: list[tuple[dt.date, str]] = field(default_factory=list)
    #: the pupil's marks that count on a stray day of the period (only a handful of pupils
    #: have marks: no school day, the check's ``stray_day`` items): (date, session, mark),
    #: in order
    stray: list[tuple[dt.date, str, str]] = field(default_factory=list)
    #: one child under two UPNs? (:func:`attcli.absence.two_upn_reasons`: the same
    #: surname, forename and date of birth under another UPN on days this one misses): what
    #: the record says of it, or None
    two_upns: str | None = None
    #: the pupil's register corrections across exports in the period (DOMAIN.md 12: a
    #: later export's code where an earlier one had N, or no mark): (date, session, was,
    #: now, the later export's file), in date order
    corrections: list[tuple[dt.date, str, str, str, str]] = field(default_factory=list)
    #: the pupil's runs of unexplained absence in the period that reached the CME
    #: threshold and ended on or before the date the check compares with: the check
    #: listed them then and no more, ``cme`` still does (DOMAIN.md 6: the LA is told of
    #: any), a sentence each with its evidence (:func:`attcli.check.reached_since`), or None
    earlier_runs: str | None = None
    #: the pupil's part-time runs (C2, absent at every other session) that ``cme`` lists
    #: apart from its runs, none of the flags showing them (a C2 session breaks a run of
    #: unexplained absence), in a sentence (:func:`attcli.runs.part_time_of`), or None
    part_time: str | None = None

    @cached_property
    def ladder(self) -> tuple[str | None, bool]:
        """(where the pupil stands on the escalation ladder, placed as `attcli cases` places
        them, :func:`attcli.ladder.standing_text`; whether a step other than a letter is
        due): (None, False) off it.  Worked out when the record is shown (an evidence pack
        places the pupil itself)."""
        from attcli.contacts import councils_of

        # (a council among the contacts holds a warning step, as `cases --contacts` does)
        councils = councils_of(self.contacts) if self.contacts is not None else None
        return _on_the_ladder(self.evaluation, self.school, self.upn, councils)

    @property
    def config(self) -> Config:
        return self.evaluation.config

    @property
    def half_term(self) -> HalfTerm | None:
        return _half_term_of_period(self.evaluation)

    @property
    def joined_on(self) -> dt.date | None:
        """The day the pupil joined the roll, where the exports show it (as a leaving date
        is shown): a pupil list's joining date, or, without one, a first mark after the
        first day of the exports given (:meth:`attcli.roll.Compact.joined_days`).  None:
        not known."""
        prepared, cov = self.evaluation.prepared, self.evaluation.coverage
        if prepared is None or cov is None:
            return None
        pid = prepared.pids_of([(self.school, self.upn)]).get_column("pid").to_list()
        return prepared.roll.joined_days(cov.data_start).get(pid[0]) if pid else None

    @property
    def off_roll(self) -> list[tuple[dt.date, dt.date]]:
        """The times the pupil was off roll between two spells, up to the as-of date: (left,
        came back) each, in date order: a pupil list's spells
        (:meth:`attcli.roll.Compact.spell_gaps`) and the register's own `Z` (not on roll,
        DOMAIN.md 1) between marks, the last day marked before and the first after (sweep
        leftovers19: the record said nothing of them, though no session of them counts).
        `Z` before the first mark (not yet joined) or after the last (left) is no gap."""
        prepared = self.evaluation.prepared
        if prepared is None:
            return []
        pid = prepared.pids_of([(self.school, self.upn)]).get_column("pid").to_list()
        gaps = prepared.roll.spell_gaps(pid[0], self.evaluation.as_of) if pid else []
        return sorted({*gaps, *self._z_gaps()})

    def _z_gaps(self) -> list[tuple[dt.date, dt.date]]:
        """(the last day marked before, the first day marked after) of each run of `Z`
        between two of the pupil's other marks up to the as-of date."""
        reg = self.register
        if not reg.height or "Z" not in reg.get_column("mark").to_list():
            return []
        rows = (
            reg.filter(pl.col("mark").is_not_null() & (pl.col("date") <= self.evaluation.as_of))
            .sort("date", "session")
            .select("date", "mark")
            .iter_rows()
        )
        out: list[tuple[dt.date, dt.date]] = []
        last: dt.date | None = None
        away = False
        for day, mark in rows:
            if mark == "Z":
                away = last is not None
            else:
                if away and last is not None:
                    out.append((last, day))
                away, last = False, day
        return out

    def on_record(self, day: dt.date) -> bool:
        """Whether a history record dated ``day`` (a letter sent, an action recorded) was
        on record as of the run: every one with no --as-of (the run is made after the
        register's last day), else those dated on or before it (:attr:`records_by`)."""
        return self.records_by is None or day <= self.records_by

    def marks(self, start: dt.date, end: dt.date) -> pl.DataFrame:
        """The pupil's rows of the register from ``start`` to ``end``."""
        return _between(self.register, start, end)


def _not_possible(mine: pl.DataFrame) -> list[tuple[str, int]]:
    """The pupil's not-possible sessions in ``mine`` (their rows of the period) by code,
    most first: not ``#`` (the school closed: every pupil's, no one's own)."""
    from attcli.codes import CLOSED_MARK, Category

    found = (
        mine.filter(
            (pl.col("category") == Category.NOT_POSSIBLE.value) & (pl.col("mark") != CLOSED_MARK)
        )
        .group_by(pl.col("mark").cast(pl.Utf8))
        .len()
        .rows()
    )
    return sorted(found, key=lambda kv: (-kv[1], kv[0]))


def _missing_kinds(mine: pl.DataFrame) -> tuple[int, int, int]:
    """The pupil's sessions with no mark (``mine``: their rows of the period) marked ``-``,
    left blank, and with no row at all (a row the register resolved added: no source)."""
    missing = mine.filter(pl.col("mark") == MISSING)
    row = missing.get_column("source").is_null()
    dash = missing.get_column("raw_mark").cast(pl.Utf8).str.strip_chars() == MISSING
    rows, dashes = int(row.sum()), int((dash.fill_null(False) & ~row).sum())
    return dashes, missing.height - rows - dashes, rows


def _held(
    row: dict[str, Any], ev: Evaluation, settings: LetterSettings, by_code: dict[str, int],
    councils: Callable[[str], Sequence[str]] | None = None,
) -> tuple[str | None, int]:
    """Which of the pupil's letters due now the letters run would hold for review, and
    why (``"the red letter: 12 of 14 absence sessions ... are I (illness)"``), or None: a
    pupil with no such letter due has none held, whatever their absence (it said "letters
    held" of a pupil whose amber letter would go, or who had none due); and how many
    letters that is.  The reasons are the letters run's own (:class:`HoldRule`: absence
    mostly agreed or illness, counted over the period the letter names; a band resting on
    N marks not yet resolved or on missing marks; one child under two UPNs), so the record
    never says a letter will go that the run holds (``by_code``: the pupil's absence by
    code over the period)."""
    from attcli.letter_settings import PN_WARNING
    from attcli.sent_letters import said_of_other_upns

    config = ev.config
    due = []
    band = next((b for b in config.bands if b.name == row["band"]), None)
    if band is not None and band.letter and row["on_roll"]:
        due.append(band.letter)
    if settings.penalty_notice and row["pn_threshold_met"] and row["compulsory_school_age"] is True:
        due.append(PN_WARNING)
    if not due:
        return None, 0
    key = (row["school"] or "", row["upn"])
    rule = HoldRule.of(
        ev, settings.hold_codes, settings.hold_share, settings.hold_templates, {key: by_code},
        councils=councils,
    )
    # the same letter sent this half term under the child's other UPN: said, as the letters
    # run says it (a release sent the parent the same letter twice; sweep looks7)
    # (with a termly band, the term's earlier band letters too: a band's letter is due for
    # its band, as the run's reason "band NAME" has it; sweep leftovers10)
    twice = said_of_other_upns(
        ev,
        [(row, t, row["band"], "" if t == PN_WARNING else f"band {row['band']}") for t in due],
        rule.two_upns,
    )
    whys: dict[str, list[str]] = {}  # why -> the letters held for it, in order
    for t in due:
        # (as the letters run's hold joins them: letters.run._hold)
        # (and a looked-after pupil's, any letter: as the run holds it, sweep rough6)
        why = "; ".join(p for p in (
            *rule.reasons(key, row["band"], t), twice.get((*key, t)),
            rule.looked_after_reason(key, t),
        ) if p)  # fmt: skip
        if why:
            whys.setdefault(why, []).append(t)
    if not whys:
        return None, 0
    parts = []
    for why, held in whys.items():
        names = " and ".join(letter_name(t) for t in held)
        parts.append(f"the {names} letter{'s' if len(held) > 1 else ''}: {why}")
    return "; ".join(parts), sum(len(h) for h in whys.values())


def _find(
    pupils: pl.DataFrame,
    upn: str,
    as_of: dt.date,
    quality: pl.DataFrame | None = None,
    prospective: pl.DataFrame | None = None,
    spans: Callable[[], pl.DataFrame] | None = None,
    period: tuple[dt.date, bool, dt.date] | None = None,
    on_record: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """The pupil's row.  ``spans``: school, upn, first and last day on roll in the whole
    register given (:meth:`attcli.roll.Roll.spans_by_date`), asked only for a UPN not
    found, to say when a pupil the exports hold left before ``period`` (its start,
    whether the user stated it, and the figures' start: the exports' first day when they
    start later).  ``on_record``: what the history holds of a UPN in none
    of the exports, said after the line that says so (:func:`_on_record`)."""
    wanted = upn.strip()
    found = pupils.filter(pl.col("upn") == wanted)
    if found.height == 0:
        found = pupils.filter(pl.col("upn").str.to_uppercase() == wanted.upper())
    if found.height == 0:
        # in the exports, with no session on roll: the data-quality list says why
        why = ""
        if quality is not None:
            mine = quality.filter(pl.col("upn").str.to_uppercase() == wanted.upper())
            outside = mine.filter(pl.col("kind") == "outside_roll").height
            if outside:
                why = (
                    f": {outside} mark{'s' if outside != 1 else ''} in the exports, all outside "
                    "the time on roll the pupil list gives (not counted)"
                )
            elif mine.filter(pl.col("kind") == "no_marks").height:
                why = ": in the exports with no mark at all (only blank cells)"
        if not why and prospective is not None:
            z = prospective.filter(pl.col("upn").str.to_uppercase() == wanted.upper())
            if z.height:
                first = z.row(0, named=True)
                why = (
                    ": every mark of theirs in the exports is Z (a prospective pupil, not yet "
                    f"on the admission register), from {shown(str(first['source']))} line "
                    f"{first['line']}"
                )
        if spans is not None and period is not None:
            start, explicit, figures_from = period
            if figures_from > start:
                # exports that start late: a pupil list's leaver before their first day was
                # on roll this school year, on days the exports do not hold (sweep
                # leftovers13), whatever marks of theirs stand after it
                mine = spans().filter(pl.col("upn").str.to_uppercase() == wanted.upper())
                lasts = mine.filter(pl.col("last").is_not_null()).get_column("last")
                if lasts.len() and lasts.max() < figures_from:  # type: ignore[operator]
                    raise AttcliError(
                        f"pupil {wanted!r} left the roll on {lasts.max():%d/%m/%Y}, before "
                        f"the exports start ({figures_from:%d/%m/%Y}), so these exports hold "
                        "no day of theirs on roll: give the register from "
                        f"{start:%d/%m/%Y} (the start of "
                        f"{'the period' if explicit else 'the school year'}) for their record"
                    )
        if why:
            raise AttcliError(
                f"pupil {wanted!r} has no session on roll this school year up to "
                f"{as_of:%d/%m/%Y}{why}"
            )
        if spans is not None and period is not None:
            mine = spans().filter(pl.col("upn").str.to_uppercase() == wanted.upper())
            firsts = mine.get_column("first").drop_nulls()
            if firsts.len() and firsts.min() > as_of:  # type: ignore[operator]
                # in an export given, first on roll after the as-of date (a joiner asked
                # of a day before they came): when, not "no pupil" (a wrong UPN, it reads)
                first: dt.date = firsts.min()  # type: ignore[assignment]
                raise AttcliError(
                    f"pupil {mine.get_column('upn')[0]!r} is first on roll on "
                    f"{first:%d/%m/%Y}, after the as-of date {as_of:%d/%m/%Y}, so has no "
                    f"record up to it: give --as-of "
                    f"{first:%Y-%m-%d} or later for their record"
                )
            # in an export given, and left before the period (July's export given with
            # September's): when, and how to see the record
            lasts = mine.filter(pl.col("last").is_not_null()).get_column("last")
            start, explicit, _ = period
            if lasts.len() and lasts.max() < start:  # type: ignore[operator]
                last: dt.date = lasts.max()  # type: ignore[assignment]
                which = (
                    f"the period (from {start:%d/%m/%Y})"
                    if explicit
                    else f"this school year (from {start:%d/%m/%Y})"
                )
                raise AttcliError(
                    f"pupil {wanted!r} left the roll on {last:%d/%m/%Y}, before {which}, so "
                    f"has no record in it up to {as_of:%d/%m/%Y}: give --as-of "
                    f"{last:%Y-%m-%d} for their record of the school year they left in"
                )
        raise AttcliError(
            f"no pupil with UPN {wanted!r} in the exports this school year up to "
            f"{as_of:%d/%m/%Y} (a pupil is listed from their first session on roll)"
            + _whose(pupils, wanted)
            + (on_record(wanted) if on_record is not None else "")
        )
    if found.height > 1:
        schools = ", ".join(s or "(no school)" for s in found.get_column("school").to_list())
        raise AttcliError(
            f"UPN {wanted!r} is in the exports of {found.height} schools ({schools}): "
            "give one school's exports"
        )
    return found.row(0, named=True)


def one_slip_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one slip of typing: a character wrong, left out
    or typed twice (one more), or two side by side swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _whose(pupils: pl.DataFrame, typed: str) -> str:
    """After "no pupil with UPN ...": the pupils of the exports ``typed`` (of a UPN's
    length) is one slip of typing from (a digit wrong, the check letter, two digits swapped, one left out or
    typed twice: "; did you mean A123... (Jo Lamb)?"), or, a name typed where the UPN
    goes, the pupils of that name with their UPNs; "" when none or more than three.
    Said, never read in place of what was typed: another UPN is another child (sweep
    "slips")."""
    from attcli.errors import shown

    if pupils.height == 0 or "upn" not in pupils.columns:
        return ""
    parts = {
        str(r["upn"]): (str(r.get("forename") or "").strip(), str(r.get("surname") or "").strip())
        for r in pupils.select([c for c in ("upn", "forename", "surname") if c in pupils.columns])
        .unique("upn", keep="first")
        .iter_rows(named=True)
        if r["upn"] is not None
    }
    names = {u: " ".join(x for x in p if x) for u, p in parts.items()}

    def who(upn: str) -> str:
        return f"{upn} ({shown(names[upn])})" if names[upn] else upn

    listed = [part for part in typed.split(",") if part.strip()]
    if len(listed) > 1 and any(c.isdigit() for c in typed):  # (UPNs in a list: one pupil's)
        return "; one pupil at a time: give one UPN"
    key = "".join(typed.split()).upper()
    # (a UPN's length: among short MIS ids, 1003 is a slip from a dozen others)
    near = sorted(u for u in names if len(key) >= 10 and one_slip_apart(key, u.upper()))
    if near and len(near) <= 3:
        return "; did you mean " + " or ".join(who(u) for u in near) + "?"
    words = sorted(w for w in typed.lower().replace(",", " ").split())
    if not words or any(ch.isdigit() for ch in typed):
        return ""
    same = sorted(
        u for u, (forename, surname) in parts.items()
        if surname and words in (sorted(surname.lower().split()),
                                 sorted(f"{forename} {surname}".lower().split()))
    )  # fmt: skip
    if same and len(same) <= 3:
        return "; give the UPN: " + ", ".join(f"{u} is {shown(names[u])}" for u in same)
    return ""


def _on_record(config: Config, upn: str) -> str:
    """What the history holds about ``upn``, a UPN in none of the exports (a pupil the MIS
    took off the register, or an export of other pupils): the letters sent, the penalty
    notices and the casebook records, said after the line that the exports hold no such
    pupil, so that an officer on the phone to the family is not told attcli knows nothing
    of them (sweep "history"), or the UPN it was merged into; "" when it holds nothing, or
    there is no history."""
    from attcli.store import existing_history, reader

    path = existing_history(config)
    if path is None:
        return ""
    with reader(path) as h, h.reading() as store:  # (as of one moment: a merge moves them)
        # this school's letters and records (a trust's history holds every school's: Ash's
        # letter is not told as Birch's); penalty notices are the child's and parent's
        school = config.school_key
        letters = [r for r in store.letters_for(upn.strip()) if r.school == school]
        notices = store.notices(upn.strip())
        actions = [a for a in store.actions(upn.strip()) if a.school == school]
        merged = [
            a.detail.split(" -> ", 1)[1].split(":", 1)[0]
            for a in store.audit()
            if a.action == "merge" and a.detail.startswith(f"{upn.strip()} -> ")
        ]
    if merged and not (letters or notices or actions):  # (its records moved: where to)
        return (
            f"; {upn.strip()} was merged into {merged[-1]} (attcli pupil merge): its records "
            f"are {merged[-1]}'s"
        )
    parts = []
    if letters:
        sent = {(r.letter_date, r.template) for r in letters}  # (one a contact: one letter)
        last = max(d for d, _ in sent)
        names = ", ".join(dict.fromkeys(r.template for r in letters if r.letter_date == last))
        parts.append(
            f"{len(sent)} letter{'s' if len(sent) != 1 else ''} about {upn.strip()} (the "
            f"last: {names} of {last:%d/%m/%Y})"
        )
    if notices:
        n = len(notices)
        parts.append(
            f"{n} penalty notice{'s' if n != 1 else ''} (the last issued "
            f"{notices[-1].issued_on:%d/%m/%Y})"
        )
    if actions:
        n = len(actions)
        parts.append(
            f"{n} casebook record{'s' if n != 1 else ''} (the last: {actions[-1].action} of "
            f"{actions[-1].done_on:%d/%m/%Y})"
        )
    if not parts:
        return ""
    return (
        f"; the history holds {' and '.join(parts)}: taken off roll, or an export of other "
        "pupils? give exports that hold them"
    )


def _own_notes(
    notes: Sequence[str], ev: Any, school: str, upn: str, row: Mapping[str, Any]
) -> tuple[list[str], int]:
    """``notes`` less those that name a pupil other than ``upn`` of ``school``
    (:func:`attcli.names.names_another`, against every name and UPN of the roll), and how
    many were left out.  A pupil's record may be printed and given to their parent: it
    names no other child.  Those notes are the check's (the register's load, shared)."""
    from attcli.names import names_another

    if not notes:
        return [], 0
    roll = ev.prepared.roll if ev.prepared is not None else None
    people: list[tuple[str, object, object]] = []
    if roll is not None:
        named = {"surname", "forename"} <= set(roll.versions.columns)
        frame = roll.with_keys(
            roll.versions.select("pid", "surname", "forename")
            if named
            else roll.versions.select("pid").with_columns(
                pl.lit(None, pl.Utf8).alias("surname"), pl.lit(None, pl.Utf8).alias("forename")
            )
        )
        people = list(frame.select("upn", "surname", "forename").unique().iter_rows())
    own = (upn, row.get("surname"), row.get("forename"))
    kept = [n for n in notes if not names_another(n, own, people)]
    return kept, len(notes) - len(kept)


def pupil_record(
    register: pl.DataFrame | Compact,
    config: Config,
    upn: str,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    contacts: Contacts | None = None,
    warnings: Sequence[str] = (),
    roll_dates: pl.DataFrame | None = None,
    pn_parent: str | Collection[str] | None = None,
    corrections: pl.DataFrame | None = None,
) -> PupilRecord:
    """Everything attcli knows about one pupil, as of ``as_of`` (default: the last date),
    over the school year or the shorter period from ``period_start`` (``--from``).
    ``roll_dates``: a pupil list's joining and leaving dates, which decide the time on roll
    (DOMAIN.md 1), as in check.  ``pn_parent``: a parent's key (:class:`attcli.store.Parent`),
    or their keys (:func:`attcli.notices.parent_keys`):
    the penalty-notice window leaves out only the sessions that supported a notice to them
    (DOMAIN.md 5 per parent: a request about that parent, ``attcli evidence``).
    ``register``: wide, or compact (:meth:`attcli.loaders.LoadResult.take_compact`, as the
    check reads it: the wide register is not kept beside it).  ``corrections``: the
    loader's register corrections across exports (:data:`attcli.loaders.CORRECTION_SCHEMA`),
    which the check lists: the pupil's are listed on the record."""
    from attcli.pupil_ids import register_id, typed_id
    from attcli.roll import Compact
    from attcli.store import covered_sessions

    typed = typed_id(upn)
    upn = register_id(register.pupils if isinstance(register, Compact) else register, typed)
    covered = (
        covered_sessions(config, upn=upn, parent_key=pn_parent, issued_by=as_of)
        if pn_parent is not None
        else None
    )
    result = check_register(
        register, config, as_of=as_of, period_start=period_start, warnings=warnings,
        roll_dates=roll_dates, pn_covered=covered,
        # (the contacts read: a council among them says the pupil is looked after, as the
        # evidence pack and the letters ask it; sweep lacla)
        councils=contacts.councils if contacts is not None else None,
    )  # fmt: skip
    ev = result.evaluation
    prospective = ev.prepared.roll.prospective if ev.prepared is not None else None
    row = _find(
        result.pupils, upn, ev.as_of, ev.data_quality, prospective,
        spans=ev.prepared.roll.spans_by_date if ev.prepared is not None else None,
        period=(ev.coverage.period_start, ev.coverage.explicit, ev.coverage.figures_start)
        if ev.coverage is not None
        else None,
        on_record=lambda wanted: _on_record(config, wanted),
    )  # fmt: skip
    school, upn = row["school"] or "", row["upn"]
    titles = {g.key: g for g in result.groups}
    flags = [
        _flag(
            titles[g],
            row[reason_for(g)],
            g in row["new_groups"],
            held=g == "pn" and bool(row.get("pn_window_held")),
            n_only=not row.get("pn_window_gaps"),
            barred=g == "pn" and bool(row.get("pn_no_further")),
            waits=g == "pn" and bool(row.get("pn_nti_running")),
            age_unknown=g == "pn" and row.get("compulsory_school_age") is None,
            action=None if g == "pn" else result.pupil_action(g, school, upn),
        )
        for g in row["groups"]
    ]
    for f, g in zip(flags, row["groups"], strict=True):
        if g == "pn":
            f.evidence = _sessions_text(
                ev.pn_sessions.filter((pl.col("school") == school) & (pl.col("upn") == upn))
            )
    mine_only = [(school, upn)]  # (every pupil's counted, one kept: 0.5 s at 20,000 pupils)
    by_code = absence_by_code(ev, ev.period_start, ev.as_of, mine_only).get((school, upn), {})
    settings = LetterSettings.from_config(config)
    assert ev.prepared is not None
    own = ev.prepared.register_of(mine_only)  # the pupil's rows, made wide alone
    mine = _between(own, ev.period_start, ev.as_of)
    held, held_letters = _held(
        row, ev, settings, by_code, contacts.councils if contacts is not None else None
    )
    rec = PupilRecord(
        upn=upn,
        school=school,
        row=row,
        evaluation=ev,
        register=own,
        flags=flags,
        absence=sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0])),
        missing_marks=mine.filter(pl.col("mark") == MISSING).height,
        missing_kinds=_missing_kinds(mine),
        not_possible=_not_possible(mine),
        missing_sessions=[
            (d, str(x))
            for d, x in mine.filter(pl.col("mark") == MISSING)
            .select("date", pl.col("session").cast(pl.Utf8))
            .sort("date", "session")
            .iter_rows()
        ],
        held=held,
        held_letters=held_letters,
        history=None,
        contacts=contacts.for_upn(upn) if contacts is not None else None,
        warnings=list(result.warnings),
        compare_note=result.compare_note,
        # (said only of an id found with its leading zeros: a case typed otherwise is none)
        typed=typed if typed.casefold() != upn.casefold() else None,
    )
    # the register's notes that name another pupil left out, counted (sweep leftovers8)
    rec.warnings, rec.notes_left_out = _own_notes(rec.warnings, ev, school, upn, row)
    from attcli.check import PN_BY_LATEST_BIRTH

    births = [w for w in rec.warnings if w.startswith(f"{upn}: {PN_BY_LATEST_BIRTH}")]
    if births:  # (the record's flags said "none: nothing needs doing"; sweep leftovers20)
        rec.pn_birth = births[0].removeprefix(f"{upn}: ")
        rec.warnings = [w for w in rec.warnings if w not in births]
    outside = ev.data_quality.filter(
        (pl.col("kind") == "outside_roll") & (pl.col("school") == school) & (pl.col("upn") == upn)
    ).get_column("date")
    if outside.len():
        rec.outside_roll = (outside.len(), outside.min(), outside.max())  # type: ignore[assignment]
    rec.no_register = list(
        no_register_sessions(
            ev, ev.period_start, ev.as_of, pl.DataFrame({"school": [school], "upn": [upn]})
        )
        .select("date", "session", "marked", "on_roll")
        .iter_rows()
    )
    rec.lessons_missed = _lessons(ev, school, upn)
    rec.stale_n = _quality_sessions(ev, "stale_n", school, upn)
    if corrections is not None and corrections.height:
        rec.corrections = [
            (d, str(x), str(was), str(now), str(f))
            for d, x, was, now, f in corrections.filter(
                (pl.col("school").fill_null("") == school) & (pl.col("upn") == upn)
                & pl.col("date").is_between(ev.period_start, ev.as_of)
            )
            .sort("date", "session")
            .select("date", "session", "was", "now", "file")
            .iter_rows()
        ]  # fmt: skip
    rec.x_of_age = _quality_sessions(ev, "x_of_age", school, upn)
    if (until := result.previous_as_of) is not None:
        rec.earlier_runs = next(
            (
                str(t)
                for s, u, t in reached_since(
                    ev, None, until=until,
                    when=f"ended on or before {until:%d/%m/%Y}, the date the check compares with",
                ).iter_rows()
                if (s or "") == school and u == upn
            ),
            None,
        )  # fmt: skip
    # (an evaluation of runs: a part-time run across two UPNs may have none under either,
    # a day of C2 alone between their runs of N, sweep leftovers11)
    if ev.part_time_runs.width:
        from attcli.joined import joined_runs

        pt_joined = [
            j for j in joined_runs(ev, part_time=True)
            if (j.school or "") == school and upn in j.upns
        ]  # fmt: skip
        own = ev.part_time_runs.filter(
            (pl.col("school").cast(pl.Utf8).fill_null("") == school) & (pl.col("upn") == upn)
        ).height
        # (attcli.runs loaded only for a part-time run of the pupil's to say, as the check
        # loads it: the start-up test holds the record to what it uses, sweep leftovers13)
        if own or pt_joined:
            from attcli.runs import part_time_of

            rec.part_time = part_time_of(ev, config.cme_days, school, upn, pt_joined)
        if rec.part_time:
            # the check's note of the part-time pupils, when this pupil is its one: the
            # record's own line says it (it was said twice, the note under the record)
            from attcli.runs import part_time_line

            said = part_time_line(ev, config.cme_days, one_only=True)
            rec.warnings = [w for w in rec.warnings if w != said]
    rec.stray = _stray_marks(ev, school, mine)
    # (the loader's note names one such child, "e.g."; this record's is said of it)
    rec.two_upns = two_upn_reasons(
        ev, whose="this record's", two_children="if they are two children, nothing needs doing",
        missing_days_only=True,
    ).get((school, upn))  # fmt: skip
    rec.records_by = as_of
    _read_history(rec, config, ev.as_of)
    return rec


def _quality_sessions(ev: Evaluation, kind: str, school: str, upn: str) -> list[tuple[dt.date, str]]:
    """The pupil's sessions the data-quality list holds as ``kind`` (``stale_n``,
    ``x_of_age``), by date and session."""
    return [
        (d, str(s))
        for d, s in ev.data_quality.filter(
            (pl.col("kind") == kind) & (pl.col("school").fill_null("") == school)
            & (pl.col("upn") == upn)
        )
        .sort("date", "session")
        .select("date", "session")
        .iter_rows()
    ]  # fmt: skip


def _stray_marks(
    ev: Evaluation, school: str, mine: pl.DataFrame
) -> list[tuple[dt.date, str, str]]:
    """The pupil's marks that count (``mine``: their rows of the period) on the school's stray days
    (:attr:`attcli.roll.Compact.stray_days`: only a handful of pupils marked, no school
    day): they count for the pupil, and the check lists the day as a data problem naming
    them (a mistyped date, a register opened on a holiday)."""
    days = ev.prepared.roll.stray_days if ev.prepared is not None else None
    if days is None or not days.height:
        return []
    dates = days.filter(pl.col("school").cast(pl.Utf8).fill_null("") == school).get_column("date")
    counted = (pl.col("mark") != MISSING) & (pl.col("category").cast(pl.Utf8) != "not_possible")
    found = mine.filter(pl.col("date").is_in(dates.implode()) & counted)
    return [
        (d, str(x), str(m))
        for d, x, m in found.select(
            "date", pl.col("session").cast(pl.Utf8), pl.col("mark").cast(pl.Utf8)
        )
        .sort("date", "session")
        .iter_rows()
    ]


def _half_term_of_period(ev: Evaluation) -> HalfTerm | None:
    """The half term of the as-of date (the one that ended last, on a holiday date), or
    None when it ended before the period began: as of a day before the school year's first
    school day it is last school year's (Summer 2), with no day in the period, and its
    figures there ("Summer 2 from 01/09", 0 of 0) would name it as if it began on
    1 September."""
    ht = ev.half_term
    return ht if ht is not None and ht.end >= ev.period_start else None


def _lessons(ev: Evaluation, school: str, upn: str) -> tuple[int, int | None] | None:
    """The pupil's lessons missed in the school year and in the half term so far (its
    figures' dates, as the letters take them), or None without ``[lessons]``."""
    who = [(school, upn)]
    year = lessons_missed(ev, ev.period_start, ev.as_of, who)
    if year is None:
        return None
    ht = _half_term_of_period(ev)
    half = None
    if ht is not None:
        within = lessons_missed(ev, max(ht.start, ev.period_start), min(ht.end, ev.as_of), who)
        half = (within or {}).get((school, upn), 0)
    return year.get((school, upn), 0), half


def _between(rows: pl.DataFrame, start: dt.date, end: dt.date) -> pl.DataFrame:
    """``rows`` (a pupil's rows of the register) from ``start`` to ``end``."""
    return rows.filter(pl.col("date").is_between(start, end))


def _flag(
    group: Group,
    reason: str,
    new: bool,
    *,
    held: bool = False,
    n_only: bool = True,
    barred: bool = False,
    waits: bool = False,
    age_unknown: bool = False,
    action: str | None = None,
) -> Flag:
    """The flag as the weekly check shows it; a penalty-notice window that holds N, missing
    marks, a session with no register, days no export covers or a mark on a stray day
    (``held``: the check's ``pn_window_held``; ``n_only``: N alone) gets the check's action
    for it (:func:`attcli.check.pn_window_n_action`), not a notice; so does a pupil whose
    every parent on record has had two notices within 3 years (``barred``: the check's
    ``pn_no_further``; :func:`attcli.check.pn_barred_action`); one whose notice to
    improve's improvement period runs (``waits``: the check's ``pn_nti_running``); and one
    with no date of birth (``age_unknown``): the date of birth first
    (:func:`attcli.check.pn_age_unknown_action`), in the order the check's group action
    takes them (:meth:`attcli.check.CheckResult.action_for`).  ``action``: another group's
    action for this pupil (:meth:`attcli.check.CheckResult.pupil_action`: none of the letter
    that went this half term)."""
    if action is not None:
        return Flag(group.title, action, reason, new)
    if barred:
        action = pn_barred_action()
    elif waits:
        action = PN_NTI_RUNNING_ACTION
    elif held:
        action = pn_window_n_action(n_only=n_only)
    else:
        action = pn_age_unknown_action() if age_unknown else group.action
    return Flag(group.title, action, reason, new)


def _on_the_ladder(
    ev: Evaluation, school: str, upn: str, councils: list[str] | None = None
) -> tuple[str | None, bool]:
    """(where the pupil stands on the escalation ladder, whether a step other than a letter
    is due), placed as `attcli cases` places them (:func:`attcli.placing.placed`: the same
    records, sessions and last run on record); (None, False) off it.  A meeting due by
    the ladder is something to do whatever the check's flags (DOMAIN.md 11)."""
    from attcli.ladder import review_how, standing_text
    from attcli.placing import WARNING_ACTIONS, hold_steps, placed

    if not ev.calendar.is_the_year(ev.period_start, ev.as_of, ev.config):
        return None, False  # (--from a later day: `cases` places pupils on the year's figures)
    key = (school, upn)
    # (a pupil with no record too: a step due by its condition alone, as `cases` lists it)
    placer, cases = placed(ev, {key}, unrecorded=True)
    case = cases.get(key)
    if case is None or case.status is None or placer is None:
        return None, False
    if case.status == "due" and case.due_stage is not None:
        # (held as `attcli cases` holds it: a letter step too, named on the line)
        if case.due_stage.action in WARNING_ACTIONS or case.due_stage.action == "letter":
            band = ev.pupils.filter(
                (pl.col("school").cast(pl.Utf8).fill_null("") == school) & (pl.col("upn") == upn)
            ).get_column("band")
            hold_steps(
                ev, ev.config, [(key, case, band[0] if band.len() else None)],
                (lambda _: councils) if councils is not None else None,
            )
    due = case.status == "review" or (
        case.status == "due" and case.due_stage is not None and case.due_stage.action != "letter"
    )
    how = review_how(case, upn, placer.ladder, school)  # (a review by hand: how it is recorded)
    text = standing_text(case, placer.windows.get(school), how)
    if text is not None and (behind := placer.record_note(upn, case)):
        text += f" ({behind})"  # (the penalty notice on record the stage rests on)
    step = case.due_stage if case.status == "due" else None
    ended = ev.prepared is not None and ev.as_of >= ev.prepared.last
    if text is not None and step is not None and ended:
        # (its record dated after the data's end: the letter sent on Monday from Friday's
        # export, listed above as sent; as `attcli cases` says it, sweep blind3)
        later = [d for s, d in placer.records.get(upn, []) if s == step.name and d > ev.as_of]
        if later:
            text += (
                f" ({step.title} recorded on {min(later):%d/%m/%Y}, after "
                f"{ev.as_of:%d/%m/%Y}, the day this record is as of: not counted in it; "
                f"--as-of {max(later).isoformat()} places it)"
            )
    return text, due


def _left_band(row: dict[str, Any], *, alerting: bool) -> str:
    """What follows a band of a pupil not on roll on the last school day, as the weekly
    check counts them: in its bands to the day they left ("red 1 (1 left)"), in no band
    group, so no band letter (``alerting``: a band with a group; the first has none)."""
    end = row["left_on"]
    upto = (
        f" to {end:%d/%m/%Y}, the last day on roll" if end is not None
        else ", not on roll on the last school day"
    )  # fmt: skip
    return upto + (
        ": the check counts the pupil in its bands to that day, in no band group (no band "
        "letter goes)"
        if alerting
        else ""
    )


def _no_band(ev: Evaluation, min_sessions: int, on_roll: bool = True) -> str:
    """Why the pupil has no band, as the check's "no band" says it (:attr:`attcli.check.
    CheckResult.no_band`): exports that do not cover the period give nobody a band (the
    gap named, as the coverage names it); else too few possible sessions ("none yet" for
    a pupil on roll, whose sessions are still to come; "none" for one who is not)."""
    cov = ev.coverage
    if cov is not None and not cov.covers_period:
        named = cov.inside_named()
        what = f"miss {named}" if named else "start after the period's first school day"
        return f"none (the exports {what}: no band on incomplete data)"
    return f"none{' yet' if on_roll else ''} (fewer than {min_sessions} possible sessions)"


def _by_day(sessions: list[tuple[dt.date, str]], shown: int = 10) -> str:
    """``3 sessions: 08/09/2026 AM and PM; 17/09/2026 AM``: sessions by day, in order,
    the first ``shown`` days."""
    return f"{percent.counted(len(sessions), 'session')}: " + _days_text(sessions, shown)


def _days_text(sessions: list[tuple[dt.date, str]], shown: int = 10) -> str:
    """``08/09/2026 AM and PM; 17/09/2026 AM``: :func:`_by_day` without the count."""
    days: dict[dt.date, list[str]] = {}
    for d, s in sessions:
        days.setdefault(d, []).append(s)
    parts = [f"{d:%d/%m/%Y} {' and '.join(v)}" for d, v in list(days.items())[:shown]]
    more = f"; and {percent.counted(len(days) - shown, 'more day')}" if len(days) > shown else ""
    return "; ".join(parts) + more


def _corrections_text(rows: list[tuple[dt.date, str, str, str, str]], shown: int = 10) -> str:
    """``6 sessions: 09/09/2026 AM and PM N -> B; ... (b.csv)``: the corrections by day and
    change, the first ``shown``, and the later exports' file names."""
    from pathlib import PurePath

    from attcli.codes import MISSING_MARK

    groups: dict[tuple[dt.date, str, str], list[str]] = {}
    for d, x, was, now, _ in rows:
        groups.setdefault((d, "no mark" if was == MISSING_MARK else was, now), []).append(x)
    parts = [f"{d:%d/%m/%Y} {' and '.join(v)} {was} -> {now}" for (d, was, now), v in groups.items()]
    more = f"; and {len(parts) - shown} more" if len(parts) > shown else ""
    files = ", ".join(dict.fromkeys(_t(PurePath(f).name, 60) for *_, f in rows))
    return (
        f"{percent.counted(len(rows), 'session')}: " + "; ".join(parts[:shown]) + more
        + f" ({files})"
    )


def _sessions_text(sessions: pl.DataFrame) -> str:
    """``05/10 AM N, PM N; 12/10 PM O``: sessions by day, in date order."""
    days: dict[dt.date, list[str]] = {}
    for d, s, m in sessions.sort("date", "session").select("date", "session", "mark").iter_rows():
        days.setdefault(d, []).append(f"{s} {m}")
    return "; ".join(f"{d:%d/%m} {', '.join(v)}" for d, v in days.items())


def _read_history(rec: PupilRecord, config: Config, on: dt.date) -> None:
    """Letters and notices on record for the pupil; a missing history file is not made."""
    path = history_path(config)
    if not path.exists():
        return
    rec.history = path
    with reader(path) as h, h.reading() as store:  # (as of one moment)
        # sent letters only (the pupil record, the evidence pack's support given): one a
        # stopped run began and never put in a print file did not go
        # (the pupil's own, by the index on UPN: not every letter of every year read for
        # one pupil's, sweep histscale)
        rec.letters = [r for r in store.letters_for(rec.upn) if r.school == rec.school]
        # the letter stages the office recorded by hand (``attcli case record``): letters
        # sent, as the ladder and the letters run count them; listed, never checked as
        # letters attcli wrote (no figures or marks on record)
        rec.letters_by_hand = pupil_by_hand(
            store, config, rec.evaluation.calendar.half_terms, rec.school or "", rec.upn
        )
        # (its school's child and parent: a trust's other school's under the same ids are
        # others; sweep leftovers17)
        rec.notices = store.notices(rec.upn, school=rec.school or "")
        # parents are who they are (the contact's id), shown by name; none quoted for a
        # pupil not of compulsory school age on the date (DOMAIN.md 5)
        age = rec.row["compulsory_school_age"]
        for key, name in dict.fromkeys((n.parent_key, n.parent) for n in rec.notices if not n.void):
            nxt = next_notice(
                store, rec.upn, key, on, every=rec.records_by is None, school=rec.school or ""
            )
            rec.next_notice[name] = quoted_notice(nxt, age)
        rec.deleted_notice = store.notice_forgotten(rec.upn, on, rec.school or "")
    from attcli.letter_marks import changed_letters, lines_of

    # the letters on record whose marks a correction changed since (sweep corrections3)
    changed, _ = changed_letters(
        rec.evaluation, [x for x in rec.letters if rec.on_record(x.letter_date)]
    )
    rec.letters_changed = lines_of(changed, _lines(rec))
    # (the check's line of each, among the record's warnings: said once, in the record)
    rec.warnings = [w for w in rec.warnings if w not in rec.letters_changed]
    from attcli.pack_marks import correction_lines

    # the penalty-notice packs made whose marks a correction changed since (sweep packs)
    with reader(path) as store:
        rec.packs = [p for p in store.evidence_packs(rec.upn) if p.school == rec.school]
        rec.packs_changed = correction_lines(
            rec.evaluation, store, packs=[p for p in rec.packs if rec.on_record(p.made_on)]
        )
        # (the check's lines of them, among the record's warnings: said once, in the record,
        # and not of a pack made after the --as-of date)
        checked = set(correction_lines(rec.evaluation, store, packs=rec.packs))
        rec.warnings = [w for w in rec.warnings if w not in checked]


def load_pupil_record(
    exports: Sequence[Path],
    config: Config,
    upn: str,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    contacts: Path | Contacts | None = None,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
    pn_parent: str | Collection[str] | None = None,
    ladder: bool = True,
) -> PupilRecord:
    """Load the exports (and contacts: a file, or one already read) and make the pupil's
    record: what the command does.  ``pupils``: a pupil list
    (:func:`attcli.loaders.read_pupil_list`), as check takes it; ``pn_parent``: as
    :func:`pupil_record` takes it; ``ladder``: the pupil placed on the escalation ladder
    (:attr:`PupilRecord.ladder`) here, its reads of the history through the record's one
    open (an evidence pack, which places the pupil itself, asks for none)."""
    from attcli.contacts import read_contacts
    from attcli.loaders import load_exports

    # the record and the evidence pack show no pupil attribute (gender, SEN, FSM, ...): not
    # read, as the check does not read them (docs/presets.md); but the looked-after column,
    # which stops the check's reason quoting a fine (check._with_next_notice), is
    loaded = load_exports(
        exports, config, preset=preset, progress=progress, pupils=pupils, attributes=("cla",)
    )
    book, notes = None, []
    if contacts is not None:
        book = contacts if isinstance(contacts, Contacts) else read_contacts(contacts, config)
        notes = [*book.notes, *book.refuse_pupil_list(loaded.register)]
    from attcli.store import one_reader

    with one_reader(config):  # (every read of the history through one open)
        rec = pupil_record(
            loaded.take_compact(),  # as the check reads it: the wide register freed (issue 15)
            config,
            upn,
            as_of=as_of,
            period_start=period_start,
            contacts=book,
            warnings=[*loaded.warnings, *notes],
            roll_dates=loaded.roll_dates,  # a pupil list's dates decide the time on roll
            pn_parent=pn_parent,
            corrections=loaded.corrections,
        )
        if ladder:
            rec.ladder  # noqa: B018 (placed now, through the one open: cached for the render)
        return rec


# --------------------------------------------------------------------------- terminal


def _t(value: object, limit: int = 60) -> str:
    from attcli.terminal import terminal_text

    return terminal_text(value, limit)


def _lines(rec: PupilRecord) -> tuple[Fraction, ...]:
    return reading_lines(rec.config)  # (the praise line too, where praise letters are on)


def render_record(rec: PupilRecord, console: Console) -> None:
    """The record for a terminal (80 columns and wider): values from exports as plain text."""
    r, ev, cfg = rec.row, rec.evaluation, rec.config
    lines = _lines(rec)
    name = " ".join(x for x in (_t(r["forename"], 40), _t(r["surname"], 40)) if x)
    head = Text()
    head.append(name or "(no name)", style="bold")
    head.append(f"  UPN {_t(rec.upn, 20)}")
    if rec.typed is not None:
        head.append(f" (typed {_t(rec.typed, 20)}: the same id without its leading zeros)")
    # ("Year 7 7A"; a form with no year alone, as check's lines give it: a form named by
    # its sheet, "Oak", read "Year Oak", a year that is none: sweep layouts9)
    year, form = _t(r["year_group"], 6), _t(r["reg_group"], 12)
    group = " ".join([*([f"Year {year}"] if year else []), *([form] if form else [])])
    if group:
        head.append(f"  {group}")
    if r["dob"]:
        head.append(f"  born {r['dob']:%d/%m/%Y}")
    # (a shorter period, asked for with --from or all an export that starts late holds,
    # is not called the school year; the figures run to the data's end, as check's do)
    cov = ev.coverage
    late = cov is not None and any(g.kind == BEFORE_DATA for g in cov.gaps)
    span = "period" if cov is not None and (cov.explicit or late) else "school year"
    head.append(
        # (the school's own name, from its config: whole, as the check's heading shows it)
        f"\n{_t(cfg.school.name, 200)}{f' ({_t(rec.school)})' if rec.school else ''}: {span} "
        f"{ev.period_start:%d/%m/%Y} to {ev.period_end:%d/%m/%Y}, as of {ev.as_of:%a %d %b %Y}"
    )
    line = cov.line() if cov is not None else None
    if line:  # (what the exports miss, in the check's one line: DOMAIN.md 2)
        head.append("\n" + line, style="bold red")
    joined = ev.joined_in_period(rec.joined_on)
    if joined is not None:
        # (the figures are of the days since: a leaver's "on roll to" below, a joiner's here)
        head.append(f"\nJoined the roll on {joined:%d/%m/%Y}: the figures are from then")
    for left, back in rec.off_roll:  # (two spells of a pupil list: the days between)
        head.append(
            f"\nOff the roll between spells: left {left:%d/%m/%Y}, joined again "
            f"{back:%d/%m/%Y} (the days between not counted)",
            style="yellow",
        )
    if not r["on_roll"]:
        upto = f": on roll to {r['left_on']:%d/%m/%Y}" if r["left_on"] is not None else ""
        head.append(
            f"\nNot on roll on the last school day{upto} (left, or not yet back)",
            style="yellow",
        )
    console.print(head)

    ht = rec.half_term
    fig = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    fig.add_column("")
    fig.add_column(span[0].upper() + span[1:], justify="right")
    if ht is not None:
        # the half term's figures count from the period's start (--from, or exports that
        # start late) when it is later: said, as the letters say it, never "so far"
        since = "so far" if ev.period_start <= ht.start else f"from {ev.period_start:%d/%m}"
        fig.add_column(f"{_t(ht.name, 20)} {since}", justify="right")

    def both(year: str, half: str) -> list[str]:
        return [year, half] if ht is not None else [year]

    fig.add_row(
        "Attendance",
        *both(
            percent.pct_text(r["attended"], r["possible"], lines),
            percent.pct_text(r["ht_attended"], r["ht_possible"], lines),
        ),
    )
    fig.add_row(
        "Sessions attended",
        *both(f"{r['attended']} of {r['possible']}", f"{r['ht_attended']} of {r['ht_possible']}"),
    )
    fig.add_row("Authorised absence", *both(str(r["authorised"]), str(r["ht_authorised"])))
    fig.add_row("Unauthorised absence", *both(str(r["unauthorised"]), str(r["ht_unauthorised"])))
    if rec.lessons_missed is not None:
        year, half = rec.lessons_missed
        fig.add_row(
            f"Lessons missed ({cfg.lessons_am} a morning, {cfg.lessons_pm} an afternoon)",
            *both(str(year), str(half)),
        )
    console.print(fig)

    band = Text("Band: ")
    if r["band"] is None:
        band.append(
            _no_band(rec.evaluation, cfg.min_possible_sessions, bool(r["on_roll"])), style="dim"
        )
    else:
        from attcli.terminal import BAND_STYLE

        index = next(i for i, b in enumerate(cfg.bands) if b.name == r["band"])
        band.append(r["band"], style=BAND_STYLE.get(r["band"], "bold"))
        band.append(f" ({band_range(cfg.bands, index)})")
    if r["band"] is not None and not r["on_roll"]:  # (as the check counts a leaver, with
        band.append(_left_band(r, alerting=index > 0))  # no "can miss": sweep rough6)
    elif r["band"] is not None:
        left = rec.evaluation.sessions_left.get(r["school"] or "")
        words = pl.select(
            can_miss_words(
                pl.lit(r["can_miss_sessions"], pl.Int64),
                pl.lit(left, pl.Int64),
                pl.lit(r["band"], pl.Utf8),
                pl.lit(r["next_band"], pl.Utf8),
                pl.lit(
                    rec.evaluation.sessions_left_estimate.get(r["school"] or "")
                    if r["can_miss_estimated"]
                    else None,
                    pl.Utf8,
                ),
            )
        ).item()
        if words is not None:
            band.append(f"; {words}")
    console.print(band)
    if rec.absence:
        from attcli.terminal import print_line

        parts = [f"{code} {n} ({meaning(code)})" for code, n in rec.absence]
        # (a code and its count on one line: "O" over "1 (absent ...)" read as a count of
        # nothing, sweep looks5)
        print_line(
            console,
            "Absence by code: " + ", ".join(parts),
            together=[f"{code} {n}" for code, n in rec.absence],
        )
    if rec.not_possible:
        from attcli.terminal import print_line

        # ("50 of 74" over a term of 124 sessions: the 50 at the other school, said)
        print_line(
            console,
            "Left out of possible sessions (not possible): "
            + ", ".join(f"{code} {n} ({meaning(code)})" for code, n in rec.not_possible),
            together=[f"{code} {n}" for code, n in rec.not_possible],
        )
    if rec.missing_marks:
        # each as the exports held it (a blank cell or a day with no row is no '-')
        dashes, blanks, rows = rec.missing_kinds
        if dashes == rec.missing_marks:
            head = f"No mark recorded (-): {percent.counted(rec.missing_marks, 'session')}"
        else:
            kinds = [
                f"{dashes} marked '-'" if dashes else "",
                percent.counted(blanks, "blank cell") if blanks else "",
                percent.counted(rows, "missing row") if rows else "",
            ]
            head = (
                f"No mark recorded: {percent.counted(rec.missing_marks, 'session')} "
                f"({', '.join(k for k in kinds if k)})"
            )
        # (which sessions: the office completes them in the MIS, DOMAIN.md 12)
        where = f" ({_days_text(rec.missing_sessions)})" if rec.missing_sessions else ""
        console.print(
            Text(f"{head}, not counted: complete the register{where}", style="yellow")
        )
    if rec.stale_n:
        console.print(
            Text(
                f"N codes {stale_words(cfg.n_within_days)} (replace with the reason in "
                f"the MIS): {_by_day(rec.stale_n)}",
                style="yellow",
            )
        )
    if rec.corrections:
        console.print(
            Text(
                "Register corrections (a later export's code replaces an earlier N, or marks "
                "a session it left unmarked), counted as the later export gives them: "
                + _corrections_text(rec.corrections)
            )
        )
    if rec.x_of_age and rec.row.get("dob") is not None:
        from attcli.calendar import compulsory_school_age_window

        born = rec.row["dob"]
        first, last = compulsory_school_age_window(born)
        console.print(
            Text(
                f"X while of compulsory school age (born {born:%d/%m/%Y}: of it from "
                f"{first:%d/%m/%Y} to {last:%d/%m/%Y}), not "
                "counted: X is for a pupil not of compulsory school age; record where the "
                f"child was in the MIS: {_by_day(rec.x_of_age)}",
                style="yellow",
            )
        )
    if rec.no_register:
        k = len(rec.no_register)
        when = sessions_text([d for d, *_ in rec.no_register], [x for _, x, *_ in rec.no_register])
        console.print(
            Text(
                "No register in the exports for the school's "
                + (f"session {when}" if k == 1 else f"sessions ({when})")
                + ", not counted: "
                + (NO_REGISTER_ADVICE if k == 1 else NO_REGISTER_ADVICE_MANY),
                style="yellow",
            )
        )
    if rec.two_upns:
        console.print(Text(_t(rec.two_upns[0].upper() + rec.two_upns[1:], 2000), style="yellow"))
    if rec.stray:
        from attcli.quality import STRAY_ADVICE

        days: dict[dt.date, list[str]] = {}
        for d, x, m in rec.stray:
            days.setdefault(d, []).append(f"{x} {_t(m, 6)}")
        console.print(
            Text(
                "Marks on a stray day (only a handful of pupils have marks: no school day), "
                "counted: "
                + "; ".join(f"{d:%d/%m/%Y} {', '.join(v)}" for d, v in list(days.items())[:10])
                + (f"; and {percent.counted(len(days) - 10, 'more day')}" if len(days) > 10 else "")
                + f": {STRAY_ADVICE}",
                style="yellow",
            )
        )
    n, first, last = rec.outside_roll
    if n and first is not None and last is not None:
        when = f"{first:%d/%m/%Y}" + (f" to {last:%d/%m/%Y}" if last != first else "")
        console.print(
            Text(
                f"Outside the time on roll the pupil list gives: {n} mark{'s' if n != 1 else ''}"
                f", {when}, not counted",
                style="yellow",
            )
        )

    if rec.earlier_runs:
        console.print(
            Text(
                "Continuous unexplained absence earlier in the period (attcli cme lists it; "
                "the weekly check no longer does): " + _t(rec.earlier_runs, 2000)
            )
        )

    if rec.part_time:
        from attcli.runs import C2_SAID

        days = rec.evaluation.config.cme_days
        console.print(
            Text(
                f"Part-time (C2), absent at every other session for {days}+ school days in "
                f"a row: {_t(rec.part_time, 2000)}. {C2_SAID} breaks a run of unexplained "
                "absence, so no flag below shows the run: attcli cme lists it apart from "
                "its runs",
                style="bold red",
            )
        )

    console.print(Text("\nFlags (as the weekly check shows them)", style="bold"))
    flags = Table.grid(padding=(0, 1))
    flags.add_column(no_wrap=True)
    flags.add_column()
    ladder, ladder_due = rec.ladder
    if not rec.flags and not ladder_due and rec.pn_birth:
        flags.add_row("", Text("none of the check's groups by the date of birth used, but:"))
    elif not rec.flags and not ladder_due:
        flags.add_row("", Text("none: nothing needs doing for this pupil"))
    elif not rec.flags:
        flags.add_row("", Text("none of the check's; the ladder's step below is due"))
    for f in rec.flags:
        line = Text()
        if f.new:
            line.append("NEW ", style="bold magenta")
        line.append(f"{f.title}: ", style="bold")
        line.append(_t(f.reason, 2000))
        if f.evidence:
            line.append(f"\nsessions: {f.evidence}")
        line.append(f"\naction: {f.action}", style="dim")
        flags.add_row("-", line)
    if rec.pn_birth:  # (a date of birth to resolve: what needs doing, said as a flag)
        said = _t(rec.pn_birth, 2000)
        flags.add_row("-", Text(said[:1].upper() + said[1:], style="yellow"))
    if rec.held:
        them = "them" if rec.held_letters > 1 else "it"
        flags.add_row(
            "-",
            Text(
                f"Held for review: {rec.held}. {release_command(_t(rec.upn, 20))} sends "
                f"{them}.",
                style="yellow",
            ),
        )
    console.print(flags)
    if ladder:
        console.print(
            Text("Escalation ladder (as attcli cases places the pupil): ", style="bold")
            + Text(_t(ladder, 2000))
        )

    _render_history(rec, console)
    if rec.contacts is not None:
        _render_contacts(rec.contacts, console)


def _item(line: str) -> Any:
    """An indented line of the record, wrapped under itself: a notice's note or a released
    letter's reason wrapped back to the left edge, reading as a line of its own."""
    from rich.padding import Padding

    indent = len(line) - len(line.lstrip(" "))
    return Padding(Text(line[indent:]), (0, 0, 0, indent), expand=False)


def _render_history(rec: PupilRecord, console: Console) -> None:
    if rec.history is None:
        console.print(
            Text(
                "\nLetters and penalty notices: no history file yet (none recorded)",
                style="bold",
            )
        )
        return
    sent = sorted(
        [*(x for x in rec.letters if x.status == "sent"), *rec.letters_by_hand],
        key=lambda x: (x.letter_date, x.by_hand is not None),
    )
    # (--as-of a date before some: listed, as on record, but not as sent by then, as the
    # evidence pack as of that date leaves them out)
    later = sum(not rec.on_record(x.letter_date) for x in sent)
    after = ""
    if later:
        if len(sent) == 1:
            which = ""
        elif later == len(sent):
            which = "both " if later == 2 else "all "
        else:
            which = f"{later} "
        after = f" ({which}after the as-of date, {rec.records_by:%d/%m/%Y}: not sent as of then)"
    console.print(Text(f"\nLetters sent: {len(sent)}{after}", style="bold"))
    if sent:
        t = Table(box=None, pad_edge=False, header_style="bold")
        for h in ("date", "letter", "band", "half term", "to"):
            t.add_column(h)
        for x in sent:
            letter = letter_name(x.template) + (f" ({x.stage})" if x.stage > 1 else "")
            t.add_row(
                f"{x.letter_date:%d/%m/%Y}" + ("" if rec.on_record(x.letter_date) else " (after)"),
                _t(letter, 30),
                _t(x.band or "", 10),
                _t(x.half_term, 14),
                _t(x.contact_name, 30),
            )
        console.print(t)
        # a letter held for review that a person released (history version 17 on)
        released = {
            (x.letter_date, x.template): x for x in sent if x.released_by is not None
        }
        for (day, template), x in released.items():
            console.print(
                _item(
                    f"  the {_t(letter_name(template), 30)} letter of {day:%d/%m/%Y} was "
                    f"held for review ({_t(x.held_for or '', 200)}) and released by "
                    f"{_t(x.released_by or '', 40)} (letters --release or --include-held)"
                )
            )
    for line in rec.letters_changed:  # (a correction since: the family may need telling)
        console.print(_item(f"  {line}"))
    console.print(Text(f"Penalty notices on record: {len(rec.notices)}", style="bold"))
    for n in rec.notices:
        note = f" ({_t(n.note, 40)})" if n.note else ""
        if not_counted := before_framework_note(n):  # (on record, counting toward no limit)
            note += f", {not_counted}"
        if not rec.on_record(n.issued_on):  # (--as-of a date before it: it did not exist)
            note += f" (issued after the as-of date, {rec.records_by:%d/%m/%Y}: not counted as of then)"
        console.print(_item(f"  {n.issued_on:%d/%m/%Y} to {_t(n.parent, 40)}{note}"))
    for parent, kind in rec.next_notice.items():
        # no date of birth: the notice on record makes the next a second only if the
        # pupil is of compulsory school age, which is not known (DOMAIN.md 5): said beside
        # (with its amount, as `pn list` words it)
        kind = next_notice_text(kind, rec.row["compulsory_school_age"])
        console.print(_item(f"  next notice to {_t(parent, 40)}: {kind}"))
    if rec.deleted_notice:  # (the notices on record are not all there were)
        console.print(_item(f"  warning: {rec.deleted_notice}"))
    # the penalty-notice request packs made (history version 18; none: nothing said)
    packs = [p for p in rec.packs if rec.on_record(p.made_on)]
    if packs:
        console.print(Text(f"Penalty-notice packs made: {len(packs)}", style="bold"))
    for p in packs:
        console.print(
            _item(
                f"  {p.made_on:%d/%m/%Y} to {_t(p.parent, 40)}: window {p.window[0]:%d/%m/%Y} "
                f"to {p.window[1]:%d/%m/%Y}, {len(p.sessions)} unauthorised sessions"
            )
        )
    for line in rec.packs_changed:  # (a request to the LA on marks corrected since)
        console.print(_item(f"  {line}"))
    console.print(Text(f"(history: {shown(str(rec.history))})", style="dim"))


def _render_contacts(contacts: list[Contact], console: Console) -> None:
    from attcli.terminal import wrapped

    console.print(Text(f"\nContacts: {len(contacts)}", style="bold"))
    if not contacts:
        console.print(Text("  none in the contacts export", style="yellow"))
    for i, c in enumerate(contacts, 1):
        rel = f" ({_t(c.relationship, 20)})" if c.relationship else ""
        pr = {True: "parental responsibility", False: "no parental responsibility"}.get(
            c.parental_responsibility, "parental responsibility not known"
        )
        # (limited as a letter prints them: 40 characters a part of the name, 50 an address
        # line; the address was cut at 70 as a whole, losing a six-line address's postcode)
        # (a contact the school marked not to be sent letters: a court order, a parent who
        # must not get the child's post; the letters pass them over)
        # (and which mark: a court order, or "Do Not Contact", is about ringing too, and
        # the first contact listed is the one the office rings: contacts sweep 3)
        barred = "".join(
            text for on, text in (
                (c.no_contact, ", marked Do Not Contact"),
                (c.court_order, ", court order"),
                (c.no_letters, ", not to be sent letters"),
            ) if on
        )  # fmt: skip
        # (where the export says: a carer the pupil lives with is written to as a parent,
        # though without parental responsibility: carers sweep)
        lives = (
            "" if c.lives_with is None
            else ", does not live with the pupil" if not c.lives_with
            else ", lives with the pupil (a carer: written to as a parent)"
            if is_carer(c) and c.parental_responsibility is not True and not c.no_letters
            else ", lives with the pupil"
        )  # fmt: skip
        # (a council holding parental responsibility: no person to write to or fine; lac)
        council = (
            ", a local authority (the pupil is looked after): not written to as a parent, "
            "nor named in a penalty notice"
            if is_local_authority(c)
            else ""
        )
        # (wrapped under the name, as the address below it: a council's long line wrapped
        # to the left edge read as lines of their own; sweep looks14)
        head = f"  {i}. {_t(c.name, 3 * 40 + 2) or '(no name)'}{rel}, {pr}{lives}{barred}{council}"
        line = Text("\n".join(wrapped(head, max(console.width, 40), hang=3)))
        for value in (_t(c.phone, 70), _t(c.email, 70), ", ".join(_t(x, 50) for x in c.postal_lines)):
            if value:
                line.append(f"\n     {value}")
        console.print(line)
