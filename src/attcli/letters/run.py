"""``attcli letters``: who gets which letter this half term, and writing them.

:func:`run_letters` does the whole job (the CLI only parses and prints):

1. evaluate the registers as of the date; the half term is the as-of date's;
2. choose the letters: each pupil's band letter (``Band.letter``), praise when
   ``[letters] praise = true``, lateness when ``lates_flag``, a penalty-notice
   warning when the threshold is met and the pupil is of compulsory school age;
3. address each to the pupil's contacts (no usable contact: listed, not skipped);
4. leave out letters already sent this half term (the history), unless ``resend``;
5. render every letter's wording first (a template error stops the run before
   any file is written), then for each letter: record the intent, write the PDF
   and HTML (each atomically), record it sent;
6. write ``manifest.csv`` and ``letters-to-print.pdf`` for every letter sent into
   the folder this half term (so a run completed after an interruption still
   gives one complete batch).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from attcli import clock as _clock
from attcli import percent
from attcli.absence import (
    AGE_UNKNOWN,
    HoldRule,
    absence_by_code,
    absences,
    agreed_absence,
    evidence_asked,
    figures_period,
    n_marks_text,
)
from attcli.calendar import births_listed, compulsory_school_age_window, of_compulsory_school_age
from attcli.check import BirthCount, absence_from, absent_now, pn_by_each_birth
from attcli.config import (
    Band,
    Config,
    HalfTerm,
    Stage,
    band_range,
    letter_name,
    require_school,
)
from attcli.contacts import (
    Contact,
    Contacts,
    holds_pr_as_council,
    is_carer,
    is_parent,
    read_contacts,
)
from attcli.contacts import recipient_key as contacts_recipient_key
from attcli.coverage import MAX_DAYS_AFTER_DATA
from attcli.datetext import long_date
from attcli.engine import LATES_UNSEEN, Evaluation, evaluate
from attcli.errors import AttcliError, ConfigError, OutputError, shown
from attcli.ladder import (
    DAY,
    Case,
    Period,
    Unheld,
    Window,
    band_of,
    judge_period,
    persistently_absent,
    unlisted_half_terms,
    unsent_letter_steps,
    workspace_ladder_line,
)
from attcli.ladder import improved as ladder_improved
from attcli.ladder import period_start as stage_period_start
from attcli.letter_settings import (
    LATENESS,
    NOT_BAND_LETTERS,
    PN_WARNING,
    PRAISE,
    LetterSettings,
)
from attcli.letters.templates import Block, Templates
from attcli.looked_after import LookedAfter
from attcli.looked_after import looked_after as looked_after_rule
from attcli.names import in_latin, legal_name
from attcli.output import (
    PART_NAME,
    display_text,
    held_open,
    make_folder,
    read_or_kept,
    safe_cell,
    safe_filename,
    shows_nothing,
    windows_path_fault,
    write_private,
)
from attcli.pupil_ids import typed_id
from attcli.quality import between, problems_line, stale_words
from attcli.roll import date_of
from attcli.sent_letters import SentLookup, sent_lookup, sent_to_other_upn, stopped_by
from attcli.store import (
    NEXT_FIRST,
    NEXT_LOOKED_AFTER,
    NEXT_NONE,
    NEXT_SECOND,
    CaseAction,
    History,
    LetterRecord,
    current_user,
    history_path,
    looked_after_quote,
    name_key,
    no_second_history,
    quoted_notice,
    separate_from_trust,
)

if TYPE_CHECKING:
    from attcli.loaders import LoadResult, PupilList
    from attcli.roll import Compact

MANIFEST = "manifest.csv"
#: Each run that writes letters writes its own print file, holding only its new letters:
#: ``letters-to-print-2026-12-18-1.pdf`` (the letter date, then 1, 2... for that date).
PRINT_FILE = "letters-to-print-{date:%Y-%m-%d}-{n}.pdf"
#: A print file being written: recorded against its letters before the file is written,
#: and replaced by the bare name once it is on disk (so a killed run loses none).
_WRITING = "writing:"
_ALIASES = {"pn": PN_WARNING, "penalty_notice": PN_WARNING, "lates": LATENESS, "late": LATENESS}

MANIFEST_HEADERS = [
    "upn",
    "pupil",
    "contact",
    "address",
    "email",
    "template",
    "band",
    "stage",
    "half_term",
    "letter_date",
    "file",
    "html_file",
    "sha256",
    "print_file",
    #: how the letter goes: "post" (it is in a print file) or "email" (to ``email``)
    "send_by",
]

#: The most characters of one value a letter prints (a longer one ends in an ellipsis).
#: Real names and address lines are far shorter; these keep a corrupt export value to
#: the letter's layout: the address inside the envelope window, one page.
NAME_LIMIT = 40  # a relationship, a UPN (a pupil's and a parent's names: names.legal_name)
GROUP_LIMIT = 20  # year group, registration group
LINE_LIMIT = 50  # an address line
EMAIL_LIMIT = 60
PHONE_LIMIT = 30


#: Why a letter about a pupil with no name is held (the exports and any pupil list give none)
NO_NAME = (
    "the pupil has no name in the exports or the pupil list: the letter would name no child "
    "(\"I am writing because 's attendance\"); give the name in the MIS"
)


def _pupil_name(row: dict[str, Any]) -> str:
    """The pupil's name as letters print it: "Forename Surname", each part whole
    (:func:`attcli.names.legal_name`: the child is named as the MIS names them)."""
    return " ".join(x for x in (legal_name(row["forename"]), legal_name(row["surname"])) if x)


def _contact_shown(contact: Contact) -> dict[str, Any]:
    """``contact.as_dict()`` with every value fitted for the letter.  The parent's name and
    salutation are names, printed as the child's are (:func:`attcli.names.legal_name`:
    whole to 100 characters a part, a line breaking at a space or hyphen, the address
    window set smaller until it fits): a parent often shares the child's long surname, and
    the letter printed it whole beside the child's name and cut in the address and "Dear"
    (sweep looks7)."""
    d = contact.as_dict()
    name_parts = [legal_name(x) for x in (contact.title, contact.forename, contact.surname)]
    address = [display_text(x, LINE_LIMIT) for x in contact.address]
    postcode = display_text(contact.postcode, GROUP_LIMIT)
    return {
        **d,
        "title": name_parts[0],
        "forename": name_parts[1],
        "surname": name_parts[2],
        # a title alone is no name: the letter went to "Mrs" (and "The Parent/Carer of
        # <pupil>" is what a contact with no name is written to)
        "name": " ".join(x for x in name_parts if x) if any(name_parts[1:]) else "",
        "salutation": legal_name(contact.salutation),
        "relationship": display_text(contact.relationship, NAME_LIMIT),
        "address": address,
        "postcode": postcode,
        "address_lines": address
        + ([postcode] if postcode else [])
        + ([display_text(contact.country, LINE_LIMIT)] if contact.country else []),
        "email": display_text(contact.email, EMAIL_LIMIT),
        "phone": display_text(contact.phone, PHONE_LIMIT),
    }


def _shortened(row: dict[str, Any], contact: Contact) -> bool:
    """Whether the letter had to shorten a value (it says so in the run's notes)."""
    names = (row["forename"], row["surname"], contact.title, contact.forename, contact.surname,
             contact.salutation)  # fmt: skip
    if any(legal_name(x) != display_text(x).strip() for x in names):
        return True
    values = [
        (row["year_group"], GROUP_LIMIT),
        (row["reg_group"], GROUP_LIMIT),
        (contact.email, EMAIL_LIMIT),
        *((x, LINE_LIMIT) for x in contact.address),
    ]
    return any(len(display_text(v)) > n for v, n in values)


@dataclass
class Letter:
    """One letter to one contact about one pupil."""

    school: str
    upn: str
    pupil_name: str
    template: str
    band: str | None
    reason: str
    contact: Contact
    stage: int = 1
    #: "new", "already sent", or after a run "written"
    status: str = "new"
    file: str = ""
    #: the attendance figure (year to date) the letter gives, kept with it in the history
    attended: int | None = None
    possible: int | None = None
    doc: dict[str, Any] = field(default_factory=dict, repr=False)
    #: the attendance certificate added after the letter (``[letters] certificate``)
    certificate: dict[str, Any] | None = field(default=None, repr=False)
    #: an already sent letter: the name of the person it was sent to, from the history
    #: (the contacts export may name someone else first now)
    sent_to: str = ""
    #: the marks its figures rest on, kept with it in the history (:mod:`attcli.letter_marks`)
    marks: str | None = field(default=None, repr=False)
    #: why it was held for review, when a person released it (``--release``,
    #: ``--include-held``): kept with it in the history, with who released it
    held_for: str | None = None
    #: an already sent letter the office recorded by hand (``attcli case record``, a
    #: letter stage of the ladder): that record (:func:`attcli.termly.recorded_by_hand`)
    by_hand: CaseAction | None = field(default=None, repr=False)

    @property
    def recipient_name(self) -> str:
        """Who the letter is (or was) to: the history's name for one already sent."""
        return self.sent_to or self.contact.name

    @property
    def html_file(self) -> str:
        return self.file[: -len(".pdf")] + ".html"


@dataclass
class Unaddressed:
    upn: str
    pupil_name: str
    template: str
    reason: str
    #: (school, upn) of a letter held as one child's under two UPNs or more (the loader's
    #: :func:`attcli.loaders.children_under_two_upns`): its line names the child, and the
    #: load's note then names it by reference (:meth:`LoadResult.warnings_besides`)
    two_upns: tuple[str, str] | None = None


@dataclass
class LettersRun:
    as_of: dt.date
    half_term: HalfTerm
    letter_date: dt.date
    letters: list[Letter]
    #: pupils due a letter with no usable contact (no parental responsibility, no address)
    no_contact: list[Unaddressed]
    #: penalty-notice threshold met, compulsory school age unknown: a person decides
    to_decide: list[Unaddressed]
    notes: list[str]
    out_dir: Path | None
    history: Path
    dry_run: bool
    manifest: Path | None = None
    #: this run's print file (its new letters only), or None: nothing new to print
    combined: Path | None = None
    #: letters in :attr:`combined` that an earlier run wrote and was stopped before it put
    #: them in a print file (Ctrl-C, a kill): the office must know they are in this pile
    combined_earlier: int = 0
    seconds: float = 0.0
    #: of ``seconds``, the drafting of the new letters' wording (their figures, template
    #: and body), which a dry run does too: a template that fails for a pupil fails there
    drafted_seconds: float = 0.0
    #: letters held for a person to review (most of the pupil's absence agreed or illness,
    #: or the letter rests on N marks, stale or not)
    held: list[Unaddressed] = field(default_factory=list)
    #: the last day the letters' figures hold: the as-of date, or the register's last day
    #: when it ends before (:attr:`attcli.coverage.Coverage.figures_end`); None: ``as_of``
    figures_end: dt.date | None = None
    #: the register's problems in the period, in one line (None: none)
    problems: str | None = None
    #: band letters not made: the pupil had a more serious band's letter this half term
    #: (this term, for a band whose letter goes once a term)
    improved: list[Unaddressed] = field(default_factory=list)
    #: band letters not made: the band's letter goes once a term (``letter_every =
    #: "term"``) and went in an earlier half term of this term
    this_term: list[Unaddressed] = field(default_factory=list)
    #: this run's new letters to contacts with an email and no postal address: not in the
    #: print file, to send by email
    by_email: list[Letter] = field(default_factory=list)
    #: penalty-notice warnings not made: the pupil was warned in an earlier half term and
    #: the window holds no unauthorised session after that warning's figures
    warned: list[Unaddressed] = field(default_factory=list)
    #: letters sent this half term that the register no longer calls for, even as of
    #: their own figures' date (a correction since): one per pupil, its templates joined
    #: by ", " (:func:`_no_longer_called_for`)
    no_longer: list[Unaddressed] = field(default_factory=list)
    #: the register's pupils (:func:`attcli.loaders.pupil_identities`), asked for by a
    #: trust's run of its schools (``letters --per-school``): a child under a UPN at each
    #: of two schools, and the letters each school made them (sweep leftovers13)
    identities: pl.DataFrame | None = field(default=None, repr=False)
    #: the ``--release`` UPNs this run took as its own pupils' (every one given, but in a
    #: trust's run of its schools those on roll at this school alone: ``release_elsewhere``)
    released_here: set[str] = field(default_factory=set)

    @property
    def new(self) -> list[Letter]:
        return [x for x in self.letters if x.status in ("new", "written")]

    @property
    def already_sent(self) -> list[Letter]:
        return [x for x in self.letters if x.status == "already sent"]


# --------------------------------------------------------------------------- figures


def pct_text(
    attended: int, possible: int, thresholds: Iterable[Fraction | None] = ()
) -> str:
    """Attendance % for a letter, by the one rule for percentages people read
    (:mod:`attcli.percent`): one decimal, rounded half up, unless that would put it on or
    across a threshold (``thresholds``, the national 90 % and 50 %, 0 and 100): then more
    decimals (91.96 % reads "91.96%", never "92.0%")."""
    return percent.pct_text(attended, possible, percent.attendance_lines(thresholds))


def _days(sessions: int) -> str:
    """``sessions`` as days: "½", "1", "1½"."""
    whole, half = divmod(sessions, 2)
    return ((str(whole) if whole else "") + "½") if half else str(whole)


def _days_text(sessions: int) -> str:
    """``sessions`` as days with the word: "½ day", "1 day", "1½ days"."""
    return f"{_days(sessions)} {'day' if 0 < sessions <= 2 else 'days'}"


def _measures(
    attended: int,
    possible: int,
    authorised: int,
    unauthorised: int,
    am_absent: int,
    pm_absent: int,
    config: Config,
    thresholds: Sequence[Fraction],
    on_site: int = 0,
) -> dict[str, Any]:
    absent = authorised + unauthorised
    lessons = None
    if config.lessons_am is not None and config.lessons_pm is not None:
        lessons = am_absent * config.lessons_am + pm_absent * config.lessons_pm
    return {
        "possible": possible,
        "attended": attended,
        "absent": absent,
        "authorised": authorised,
        "unauthorised": unauthorised,
        "attendance_pct": pct_text(attended, possible, thresholds),
        "attendance": float(Fraction(attended * 100, possible)) if possible else None,
        "days_missed": _days(absent),
        "days_missed_text": _days_text(absent),  # with its word: "1 day", "2½ days"
        "lessons_missed": lessons,
        # sessions marked U (arrived after the register closed: absent, though on site,
        # DOMAIN.md 1), which lessons missed counts in full
        "on_site_absent": on_site,
    }


def _absence_by_session(
    ev: Evaluation, start: dt.date, end: dt.date, pupils: Collection[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(school, upn) -> (AM sessions missed, PM sessions missed, of them the sessions
    marked U: on site, after the register closed) between the dates, of ``pupils``
    ((school, upn): those with a letter to draft) alone: every pupil's was counted and
    kept for the few thousand a run drafts: the two periods 0.16 -> 0.07 s at 20,000
    pupils (issue 15)."""
    if not pupils:
        return {}
    frame = (
        absences(ev, start, end, pupils)
        .group_by("school", "upn")
        .agg(
            pl.col("n").filter(pl.col("session") == "AM").sum().alias("am"),
            pl.col("n").filter(pl.col("session") == "PM").sum().alias("pm"),
            pl.col("n").filter(pl.col("mark") == "U").sum().alias("u"),
        )
    )
    return {(s, u): (int(a), int(p), int(n)) for s, u, a, p, n in frame.iter_rows()}


# --------------------------------------------------------------------------- selection


def _wanted(only: Sequence[str] | None, known: set[str]) -> set[str] | None:
    if only is None:
        return None
    out = set()
    for raw in only:
        # (commas, or spaces: "amber red" is the two letters, as "amber,red"; sweep "slips")
        for part in raw.replace(",", " ").split():
            name = part.strip().lower()
            if not name:
                continue
            name = _ALIASES.get(name, name)
            if name not in known:
                raise AttcliError(
                    f"--only {part.strip()!r} is not a letter; choose from: "
                    f"{', '.join(sorted(known))}"
                )
            out.add(name)
    if not out:  # (`--only ""`, a script's empty variable: all letters, or none, unsaid)
        raise AttcliError(
            f"--only {', '.join(only)!r} names no letter; give the letters to make, e.g. "
            f"amber,red (choose from: {', '.join(sorted(known))}), or leave out --only"
        )
    return out


def left_roll(ev: Evaluation, letter_date: dt.date) -> dict[tuple[str, str], dt.date]:
    """(school, upn) -> the last day on roll of each pupil who is not on roll for a letter
    dated ``letter_date``, whatever the as-of date: their time on roll ended before the
    last school day of the data (their school's), or a pupil list gives a leaving date
    before ``letter_date``.  A letter is dated today: figures as of an earlier date do not
    make a pupil who has left since one to write to (docs/letters.md)."""
    prepared = ev.prepared
    if prepared is None:
        return {}
    roll = prepared.roll
    last_day = {}
    for school, cal in prepared.calendars.items():
        days = [d for d in cal.school_days if d <= prepared.last]
        last_day[school or ""] = days[-1] if days else prepared.last
    dated: set[tuple[str, str]] = set()
    if roll.dated is not None and roll.dated.height:
        keyed = roll.with_keys(roll.dated).select("school", "upn")
        dated = {(s or "", u) for s, u in keyed.iter_rows()}
    out = {}
    for school, upn, _, last in roll.spans_by_date().iter_rows():
        key = (school or "", upn)
        if last is None:  # a pupil list gives no leaving date: on roll
            continue
        if last < last_day.get(key[0], prepared.last) or (key in dated and last < letter_date):
            out[key] = last
    # off roll on the letter's date between two spells (left and came back)
    away = roll.with_keys(roll.away_on(letter_date))
    for school, upn, left in away.select("school", "upn", "_gfrom").iter_rows():
        out[(school or "", upn)] = date_of(left)
    return out


def _births_doubt(
    each: Sequence[BirthCount] | None, threshold: int, letter_date: dt.date | None
) -> str | None:
    """Why a penalty-notice warning to a pupil in the group by the latest date of birth the
    exports give (``each``: :func:`attcli.check.pn_by_each_birth`'s, the one used last)
    waits for a person: by another they give the pupil is not of compulsory school age on
    the as-of date or the letters' date, or fewer of the window's sessions count than the
    threshold (the warning quotes a fine: DOMAIN.md 5, 12); None where every date agrees on
    it, or there is one."""
    if not each or len(each) < 2:
        return None
    for other in each[:-1]:
        if not other.of_age:
            what = "the pupil is not of compulsory school age on the figures' date"
        elif letter_date is not None and not of_compulsory_school_age(other.dob, letter_date):
            what = (
                "the pupil is not of compulsory school age on the letters' date "
                f"({letter_date:%d/%m/%Y})"
            )
        elif other.counted < threshold:
            what = (
                f"only {other.counted} of the window's unauthorised sessions count (fewer than "
                f"{threshold})"
            )
        else:
            continue
        return (
            f"the exports give {len(each)} dates of birth "
            f"({births_listed(b.dob for b in each)}; the latest is used) and "
            f"born {other.dob:%d/%m/%Y} {what}: put the right one in the MIS and export the "
            "register again"
        )
    return None


def _choose(
    ev: Evaluation,
    settings: LetterSettings,
    wanted: set[str] | None,
    gone: dict[tuple[str, str], dt.date] | None = None,
    letter_date: dt.date | None = None,
    typed_apart: Mapping[tuple[str, str], str] | None = None,
) -> tuple[list[tuple[dict[str, Any], str, str | None, str]], list[Unaddressed], list[str]]:
    """(pupil row, template, band, reason) for every letter due; pupils for a person to decide.
    ``gone``: the pupils who have left by the letters' date (:func:`left_roll`): no letter,
    named in a note with the day they left.  ``typed_apart``: (school, upn) -> what a pupil
    under a UPN the loader's note calls typed like another pupil's is
    (:meth:`attcli.loaders.LoadResult.typed_apart_said`), said beside them there.

    A row's ``compulsory_school_age`` is made the pupil's on the as-of date *and* on
    ``letter_date`` (:func:`attcli.calendar.of_compulsory_school_age`): a letter dated
    after it ended (or before it began) states no legal duty, quotes no notice
    (:func:`attcli.store.quoted_notice`), and no penalty-notice warning is made, said in a
    note naming the pupils of it on the as-of date only (docs/decisions.md)."""
    config = ev.config
    by_band = {b.name: b for b in config.bands}
    due: list[tuple[dict[str, Any], str, str | None, str]] = []
    decide: list[Unaddressed] = []
    notes: list[str] = []
    left: list[tuple[str, str, dt.date | None, str | None]] = []
    aged_out: list[tuple[str, str, dt.date]] = []
    unpraised: list[tuple[str, str, int]] = []
    # in the lateness group, with lateness letters off ([letters] lateness = false)
    unlate: list[tuple[str, str, int]] = []
    # praise-worthy, but meeting the penalty-notice threshold (DOMAIN.md 5)
    fined: list[tuple[str, str, int, str | None]] = []
    # praise-worthy, but absent without explanation now: the check lists them for continuous
    # unexplained absence (DOMAIN.md 6), and no "thanks for helping her to be here" is sent
    missing: list[tuple[str, str, int, dt.date | None, int]] = []
    missing_from = absence_from(config)
    # (those the check lists, days with no mark for the pupil taking a run there too)
    away = absent_now(ev) if settings.praise else {}
    too_new: list[tuple[str, str, int, int, str]] = []
    # in a band with no letter below (more serious than) one with a letter: said (letters3)
    unlettered: dict[str, list[tuple[str, str, int, int]]] = {}
    lettered_above = {
        b.name: next((a.name for a in reversed(config.bands[:i]) if a.letter), None)
        for i, b in enumerate(config.bands)
        if not b.letter
    }
    gone = gone or {}
    typed_apart = typed_apart or {}
    # (pupils whose rows give two dates of birth: a warning whose threshold or age hangs
    # on which is right waits for a person, sweep leftovers19)
    births = pn_by_each_birth(ev) if settings.penalty_notice else {}
    for row in ev.pupils.iter_rows(named=True):
        key = (row["school"] or "", row["upn"])
        if not row["on_roll"] or key in gone:
            day = gone.get(key) or row["left_on"]
            left.append((_pupil_name(row), row["upn"], day, typed_apart.get(key)))
            continue
        name = _pupil_name(row)
        if row["compulsory_school_age"] and letter_date is not None:
            if not of_compulsory_school_age(row["dob"], letter_date):
                row["compulsory_school_age"] = False  # the letter's own date: DOMAIN.md 5
                if settings.penalty_notice and row["pn_threshold_met"]:
                    first, last = compulsory_school_age_window(row["dob"])
                    aged_out.append((name, row["upn"], last if letter_date > last else first))
        picks: list[tuple[str, str | None, str]] = []
        band = by_band.get(row["band"]) if row["band"] else None
        if row["band"] is None and 0 < (row["possible"] or 0) < config.min_possible_sessions:
            would = band_of(row["attended"], row["possible"], config.bands, 1)
            if would and by_band[would].letter:  # too few sessions to judge: said, not silent
                too_new.append((name, row["upn"], row["attended"], row["possible"], would))
        if band is not None and not band.letter and lettered_above.get(band.name):
            unlettered.setdefault(band.name, []).append(
                (name, row["upn"], row["attended"], row["possible"])
            )
        if band is not None and band.letter:
            picks.append((band.letter, band.name, f"band {band.name}"))
        elif (
            band is not None
            and settings.praise
            and row["possible"]
            and Fraction(row["attended"] * 100, row["possible"]) >= settings.praise_at_least
        ):
            if settings.lateness and row["lates_flag"]:
                # never praise ("here, on time") beside a letter about arriving late
                unpraised.append((name, row["upn"], row["lates_half_term"]))
            elif row["pn_threshold_met"]:
                # nor while the unauthorised absence meets the penalty-notice threshold
                # (a term-time holiday at a school praising 95 %): the warning, or the
                # office's notice by hand, says the opposite of "thank you ... keep it up"
                fined.append((name, row["upn"], row["pn_window_sessions"], row["school"]))
            elif (row["continuous_absence_days"] or 0) >= missing_from or key in away:
                missing.append((
                    name, row["upn"], row["continuous_absence_days"] or 0,
                    row["continuous_absence_start"], away.get(key, 0),
                ))  # fmt: skip
            else:
                picks.append((PRAISE, band.name, f"attendance >= {percent.threshold_text(settings.praise_at_least)}%"))
        if settings.lateness and row["lates_flag"]:
            picks.append((LATENESS, row["band"], f"{row['lates_half_term']} lates this half term"))
        elif row["lates_flag"]:  # (lateness letters off: said, as the check lists them)
            unlate.append((name, row["upn"], row["lates_half_term"]))
        if settings.penalty_notice and row["pn_threshold_met"]:
            # the window's school weeks the exports hold (fewer than the config's where it
            # reaches back before them), as the check's reason says them
            weeks = ev.window_weeks(row["school"])
            reason = (
                f"{percent.counted(row['pn_window_sessions'], 'unauthorised session')}"
                f"{config.pn_marked} in {percent.counted(weeks, 'school week')}"
            )
            doubt = _births_doubt(births.get(key), config.pn_sessions, letter_date)
            if row["compulsory_school_age"] is True and doubt is None:
                picks.append((PN_WARNING, row["band"], reason))
            elif row["compulsory_school_age"] is True:
                if wanted is None or PN_WARNING in wanted:
                    decide.append(Unaddressed(row["upn"], name, PN_WARNING, f"{reason}, but {doubt}"))
            elif row["compulsory_school_age"] is None and (wanted is None or PN_WARNING in wanted):
                decide.append(
                    Unaddressed(
                        row["upn"],
                        name,
                        PN_WARNING,
                        f"{reason}, but {AGE_UNKNOWN}",
                    )
                )
        for template, band_name, reason in picks:
            if wanted is None or template in wanted:
                due.append((row, template, band_name, reason))
    if aged_out and letter_date is not None and (wanted is None or PN_WARNING in wanted):
        n = len(aged_out)
        named = percent.first_of([
            f"{name} ({display_text(upn, 20)}), {'to' if day < letter_date else 'from'} "
            f"{day:%d/%m/%Y}"
            for name, upn, day in aged_out
        ])
        notes.append(
            f"{n} pupil{' meets' if n == 1 else 's meet'} the penalty-notice threshold on "
            f"{ev.as_of:%d/%m/%Y} but {'is' if n == 1 else 'are'} not of compulsory school "
            f"age on the letters' date ({letter_date:%d/%m/%Y}): no penalty-notice warning: "
            f"{named}"
        )
    if unlate and wanted is None and ev.half_term is not None:
        # the check lists them with "Action: lateness letter" (the policy's, DOMAIN.md 9):
        # a run making none says why, not "none" alone (sweep lates2)
        n = len(unlate)
        named = percent.first_of([
            f"{name} ({display_text(upn, 20)}), {percent.counted(lates, 'late')}"
            for name, upn, lates in unlate
        ])
        notes.append(
            f"{n} pupil{'s' if n != 1 else ''} with {config.lates_threshold}+ lates in "
            f"{ev.half_term.name} {'get' if n != 1 else 'gets'} no lateness letter, as "
            "[letters] lateness = false (the weekly check lists them for one): "
            f"{named}"
        )
    if unpraised and (wanted is None or PRAISE in wanted):
        n = len(unpraised)
        named = percent.first_of([
            f"{name} ({display_text(upn, 20)}), {percent.counted(lates, 'late')} this half term"
            for name, upn, lates in unpraised
        ])
        notes.append(
            f"{n} pupil{'s' if n != 1 else ''} with praise-worthy attendance "
            f"{'get' if n != 1 else 'gets'} no praise letter, as a lateness letter goes to "
            f"them: {named}"
        )
    if fined and (wanted is None or PRAISE in wanted):
        n = len(fined)
        named = percent.first_of([
            f"{name} ({display_text(upn, 20)}), "
            f"{percent.counted(sessions, 'unauthorised session')}{config.pn_marked} in "
            f"{percent.counted(ev.window_weeks(school), 'school week')}"
            for name, upn, sessions, school in fined
        ])
        notes.append(
            f"{n} pupil{'s' if n != 1 else ''} with praise-worthy attendance "
            f"{'get' if n != 1 else 'gets'} no praise letter, as they meet the "
            f"penalty-notice threshold: {named}"
        )
    if missing and (wanted is None or PRAISE in wanted):
        n = len(missing)
        named = percent.first_of([
            f"{name} ({display_text(upn, 20)}), "
            + (
                f"{percent.counted(days, 'school day')}"
                + (f" since {start:%d/%m/%Y}" if start is not None else "")
                if days
                else "a run of unexplained absence to the end of the exports"
            )
            + (f" and {percent.counted(unmarked, 'school day')} with no mark" if unmarked else "")
            for name, upn, days, start, unmarked in missing
        ])
        notes.append(
            f"{n} pupil{'s' if n != 1 else ''} with praise-worthy attendance "
            f"{'get' if n != 1 else 'gets'} no praise letter, as they are absent without "
            "explanation now (the check lists them for continuous unexplained absence): "
            f"{named}"
        )
    for band_name, pupils in unlettered.items() if (
        wanted is None or wanted & set(config.band_letters)
    ) else ():
        n = len(pupils)
        named = percent.first_of([
            f"{name} ({display_text(upn, 20)}), "
            f"{pct_text(attended, possible, [b.threshold for b in config.bands])}"
            for name, upn, attended, possible in sorted(pupils, key=lambda p: p[1])
        ])
        notes.append(
            f"{n} pupil{' is' if n == 1 else 's are'} in band {band_name}, which has no letter "
            f"in the config though a less serious band ({lettered_above[band_name]}) has one, "
            f"so they get no band letter: {named}: give the band a letter "
            '(letter = "..." in its [[bands]]) if they should get one'
        )
    if too_new and (wanted is None or wanted & set(config.band_letters)):
        n = len(too_new)
        named = percent.first_of([
            f"{name} ({display_text(upn, 20)}), {attended} of {possible} sessions "
            f"({pct_text(attended, possible, [b.threshold for b in config.bands])}, {would})"
            for name, upn, attended, possible, would in too_new
        ])
        notes.append(
            f"{n} pupil{' has' if n == 1 else 's have'} too few sessions for a band (fewer "
            f"than {config.min_possible_sessions} possible), though their attendance so far "
            "is in one with a letter: "
            f"no band letter yet: {named}"
        )
    if left:
        named = percent.first_of([
            f"{name} ({display_text(upn, 20)})" + (f", left {day:%d/%m/%Y}" if day else "")
            + (f" ({display_text(typed, 2000)})" if typed else "")
            for name, upn, day, typed in sorted(
                left, key=lambda x: (x[2] or dt.date.max, x[1])
            )
        ])
        notes.append(
            f"{len(left)} pupil{'s' if len(left) != 1 else ''} no longer on roll: no letters: "
            f"{named}"
        )
    return due, decide, notes


# --------------------------------------------------------------------------- wording


def _school(config: Config) -> dict[str, Any]:
    s = config.school
    return {
        "name": s.name,
        "urn": s.urn,
        "local_authority": s.local_authority,
        "address": list(s.address),
        "phone": s.phone,
        "email": s.email,
        "headteacher": s.headteacher,
        "attendance_lead": s.attendance_lead,
        "attendance_lead_role": s.attendance_lead_role,
    }


#: What attcli's own band letters tell parents of every pupil they go to, and the line of
#: attendance (at most this %) that makes it true (DOMAIN.md 3): the red letter, persistent
#: absence; the severe letter, severe absence.
SHIPPED_LETTER_LINES: dict[str, tuple[Fraction, str]] = {
    "red": (Fraction(percent.PA_AT_MOST), "their child is persistently absent"),
    "severe": (Fraction(percent.SA_AT_MOST), "their child has missed half or more of school"),
}


def refuse_band_letter_above_its_line(
    bands: Sequence[Band], templates: Templates, wanted: set[str] | None
) -> None:
    """Refuse, in one line, a band (the school's, DOMAIN.md 3) that sends attcli's own red
    or severe letter but holds attendance above the line that letter states of the child
    (persistent absence: 90 % or less; severe: 50 % or less): "concern" below 95 % with the
    red letter told a parent at 92.5 % that the DfE defines it as persistent absence.  A
    school's own template of the name is its own wording, not judged."""
    for i, band in enumerate(bands):
        line = SHIPPED_LETTER_LINES.get(band.letter or "")
        if line is None or (wanted is not None and band.letter not in wanted):
            continue
        if templates.source_of(band.letter or "") != "attcli":
            continue
        top = bands[i - 1].threshold if i > 0 else Fraction(100)
        if top is not None and top <= line[0]:
            continue  # the band holds attendance of the line or below only
        at_most = percent.threshold_text(line[0])
        raise AttcliError(
            f"band {band.name!r} ({band_range(tuple(bands), i)}) sends attcli's {band.letter} "
            f"letter, which tells parents {line[1]} (attendance of {at_most} % "
            f"or less), but the band holds attendance up to {percent.threshold_text(top or 0)} "
            f"%: give it another letter (amber), draw the line above it at {at_most} % or "
            f"below, or put your own {band.letter}.html in [letters] templates"
        )


def _short_of_expected(best: Band, attended: int, possible: int | None) -> str:
    """How a letter's figure stands to the best band's line, as the shipped letters say it:
    "below the 92% attendance we expect"; exactly on a line drawn ``above`` (seed 004's
    green, above 93 %: 93.0 % is the letter's band) "not above the 93% attendance we
    expect", on the exact fraction.  Empty with no best threshold."""
    if best.threshold is None:
        return ""
    line = f"the {percent.threshold_text(best.threshold)}% attendance we expect"
    on_it = not best.inclusive and possible and attended * 100 == best.threshold * possible
    return f"not above {line}" if on_it else f"below {line}"


def letter_context(
    row: dict[str, Any],
    *,
    ev: Evaluation,
    contact: Contact,
    template: str,
    stage: int,
    previous: list[dt.date],
    letter_date: dt.date,
    lessons: dict[str, tuple[int, int, int]],
    last: LetterRecord | None = None,
    lines: Sequence[Fraction] = (),
    agreed: str | None = None,
    asked: tuple[bool, str | None] = (True, None),
    looked_after: LookedAfter | None = None,
    earlier: Sequence[dt.date] = (),
    last_warning: dt.date | None = None,
    warning_as_of: dt.date | None = None,
    next_notice: str | None = None,
    period: SinceLetter | None = None,
    before_age: tuple[int, dt.date | None] = (0, None),
    covered: int = 0,
    joined: dt.date | None = None,
) -> dict[str, Any]:
    """Every variable a template can use (documented in docs/letters.md).

    ``last``: the pupil's last band letter in an earlier half term this school year;
    ``period``: the ladder's judgement of the monitoring period that letter began, or of
    the part of it so far (:func:`ladder_periods`), when it was at this band.  The
    second-stage wording (``repeat``) is for a pupil whose last letter was at the same band
    and whose period since it the ladder judged not improved (docs/cases.md step 3: the
    judgement `attcli cases` makes); judged improved is ``improved``; not to be judged
    (under three school weeks so far, no session over it...) is ``unjudged``: the figures
    are given plainly, with the repeat letter's next steps.  A letter that is not a band
    letter keeps ``repeat`` = ``stage > 1``.

    ``lines``: thresholds besides the bands' that a printed percentage must not cross.
    ``agreed``: what most of the pupil's absence is, when it is mostly of the codes whose
    letters are held for review (:func:`attcli.absence.agreed_absence`); ``asked``, what a
    letter asks of further absence by the same test (:func:`attcli.absence.evidence_asked`:
    ``ask_medical_evidence``, ``ask_ahead``); ``looked_after``, what the contacts and the
    register say of the pupil (``pupil.looked_after``, ``pupil.virtual_school_head``).
    ``earlier``: the dates of this letter's earlier letters this school year (one per
    earlier half term).  ``last_warning``: the date of the pupil's last penalty-notice
    warning of an earlier half term, ``warning_as_of`` the date of its figures (None: a
    warning from before attcli kept it); ``next_notice``: what the next penalty notice to the
    contact would be (:func:`attcli.notices.next_notice_to`, through
    :func:`attcli.store.quoted_notice`; a warning quotes its amount, and no letter offers a
    notice to a parent who can have no further one, nor, through
    :func:`attcli.store.looked_after_quote`, about a looked-after pupil with no notice on
    record: ``pn.looked_after``).  ``joined``: the day the pupil
    joined the roll (:meth:`attcli.roll.Compact.joined_days`), None when not known.
    """
    config = ev.config
    ht = ev.half_term
    assert ht is not None
    thresholds = [b.threshold for b in config.bands if b.threshold is not None]
    thresholds += list(lines)  # e.g. the praise letter's threshold
    key = row["school"] or ""
    year_am, year_pm, year_u = lessons.get(f"year|{key}|{row['upn']}", (0, 0, 0))
    ht_am, ht_pm, ht_u = lessons.get(f"ht|{key}|{row['upn']}", (0, 0, 0))
    index = next((i for i, b in enumerate(config.bands) if b.name == row["band"]), None)
    top = config.bands[0].threshold
    figures = {**figures_period(ev), "joined": None}
    if (joined := ev.joined_in_period(joined)) is not None:
        # on roll from a day after the period began (a spring joiner): the figures are of
        # the days since, and the letter names that period (DOMAIN.md 9), not the school
        # year, whose first months the register does not hold for them
        figures["joined"] = joined
        figures["period"] = f"since joining on {long_date(joined)} (up to {long_date(figures['to'])})"
    repeat, improved, unjudged = stage > 1, False, False
    last_letter = None
    judged = None
    if last is not None:
        last_letter = {
            "half_term": last.half_term,
            "letter_date": last.letter_date,
            "band": last.band,
            "attendance_pct": None,
            "now_pct": None,
        }
        if last.attended is not None and last.possible and figures["school_year"]:
            # (a shorter period's figure now is not to be set against the year's then)
            # then and now with the decimals that tell them apart; the same to two
            # decimals is no change (not "improved from 91.1% to 91.1%")
            then, now, _ = percent.compared(
                (last.attended, last.possible),
                (row["attended"], row["possible"]),
                percent.attendance_lines(thresholds),
            )
            last_letter.update(attendance_pct=then, now_pct=now)
        # improved or not is the ladder's judgement of the period the last letter began,
        # its figure against the same length of time before it (docs/cases.md step 3), as
        # `attcli cases` makes it: never the year's figure then and now, which an early
        # bad spell keeps rising long after attendance stopped improving (review7)
        same = last.band == row["band"]
        if same and period is not None:
            judged = period.improved
        repeat, improved = same and judged is False, same and judged is True
        unjudged = same and judged is None
    if (repeat or improved or unjudged) and not earlier and last is not None:
        earlier = [last.letter_date]  # the letter the wording refers back to, by its date
    forename, surname = legal_name(row["forename"]), legal_name(row["surname"])
    lac = looked_after if looked_after is not None and looked_after.said else None
    return {
        "school": _school(config),
        "pupil": {
            "upn": display_text(row["upn"], NAME_LIMIT),
            # what the letter calls the child: a child known by one name (no forename, or
            # no surname) is called by it, never "because has missed"
            "forename": forename or surname,
            "surname": surname,
            "name": _pupil_name(row),
            "year_group": display_text(row["year_group"], GROUP_LIMIT),
            "reg_group": display_text(row["reg_group"], GROUP_LIMIT),
            # true, false or none (no date of birth): a letter states a legal duty or
            # formal action only when true (DOMAIN.md 5)
            "compulsory_school_age": row["compulsory_school_age"],
            # looked after (attcli.looked_after's one rule), and the Virtual School Head
            # as a letter names them (LookedAfter.virtual_school_head)
            "looked_after": lac is not None,
            "virtual_school_head": None if lac is None else lac.virtual_school_head,
            # who a looked-after pupil's meetings are with (the Personal Education Plan's
            # people, policy 002), the words of every shipped letter that names them
            "looked_after_team": (
                None
                if lac is None
                else "the school's designated teacher for looked-after children, "
                f"{forename or surname}'s social worker and {lac.virtual_school_head}"
            ),
        },
        "agreed_absence": agreed,
        "ask_medical_evidence": asked[0],
        "ask_ahead": asked[1],
        "contact": _contact_shown(contact),
        "year": _measures(
            row["attended"],
            row["possible"],
            row["authorised"],
            row["unauthorised"],
            year_am,
            year_pm,
            config,
            thresholds,
            year_u,
        )
        | figures,
        "half_term": {
            "name": ht.name,
            "start": ht.start,
            "end": ht.end,
            # the figures' first day when later than the half term's (--from inside it)
            "from": ev.period_start if ev.period_start > ht.start else None,
            "to": figures["to"],
            # no half term has begun between the figures' date and the letter's
            "this": not any(ev.as_of < h.start <= letter_date for h in ev.calendar.half_terms),
            **_measures(
                row["ht_attended"],
                row["ht_possible"],
                row["ht_authorised"],
                row["ht_unauthorised"],
                ht_am,
                ht_pm,
                config,
                thresholds,
                ht_u,
            ),
        },
        "band": row["band"],
        "band_range": band_range(config.bands, index) if index is not None else "",
        "next_band": row["next_band"],
        "expected_pct": f"{percent.threshold_text(top)}%" if top is not None else "",
        # "below the 93% attendance we expect", but exactly on a best band drawn "above"
        # (seed 004's green: above 93 %) the figure is not below the line: 93.0 % is "not
        # above" it
        "short_of_expected": _short_of_expected(config.bands[0], row["attended"], row["possible"]),
        # persistent absence (DOMAIN.md 2 and 3: absence of 10 % or more, on the exact
        # fraction): a band that reaches down to 90.0 % (seed 004's amber) holds pupils
        # who are persistently absent, not "at risk of becoming" so
        "persistent": persistently_absent(row["attended"], row["possible"] or 0),
        "lates": row["lates_half_term"],
        "lates_threshold": config.lates_threshold,
        "pn": {
            "window_sessions": row["pn_window_sessions"],
            "window_start": row["pn_window_start"],
            "window_end": row["pn_window_end"],
            "first_met": row["pn_first_met"],
            "sessions_threshold": config.pn_sessions,
            "weeks": config.pn_weeks,
            # the national threshold (DOMAIN.md 5: 10 sessions in 10 school weeks), or a
            # local code of conduct's own ([penalty_notice]): not "national" then
            "national": config.pn_national,
            # the school's own codes, said where they are not every unauthorised code
            # (" marked G"): its 8 sessions of G are not all 18 unauthorised
            "marked": config.pn_marked,
            # the threshold's sessions as whole school days (two sessions a day), or None
            # for an odd number (8 sessions are "usually 4 school days", never 5)
            "threshold_days": config.pn_sessions // 2 if config.pn_sessions % 2 == 0 else None,
            # the school weeks from window_start to window_end: fewer than ``weeks`` when
            # the window reaches back before the exports (the run's notes say so)
            "window_weeks": ev.window_weeks(row.get("school")),
            # the warning this one follows (an earlier half term's), or none
            "last_warning": last_warning,
            **_since_warning(row, ev, last_warning, warning_as_of),
            # the window's unauthorised sessions before compulsory school age began, and
            # the day it began (:func:`_before_age`; 0 and None for any other letter)
            "before_age": before_age[0] if template == PN_WARNING else 0,
            "age_from": before_age[1] if template == PN_WARNING else None,
            # the window's unauthorised sessions that supported a notice on record: the
            # window holds them, they never count again (:func:`_covered_in_window`)
            "covered": covered if template == PN_WARNING else 0,
            # "first", "second" or "none" (no further notice: alternative action), the next
            # notice to this contact from the notices on record (DOMAIN.md 5); None for a
            # pupil not of compulsory school age
            "next_notice": _NEXT_WORD.get(next_notice) if next_notice else None,
            # a looked-after pupil with no notice on record: no notice is offered or named
            # (:func:`attcli.store.looked_after_quote`); the next steps are the Personal
            # Education Plan's, with the social worker and the Virtual School Head
            "looked_after": next_notice == NEXT_LOOKED_AFTER,
        },
        "lessons": (
            {"am": config.lessons_am, "pm": config.lessons_pm}
            if config.lessons_am is not None and config.lessons_pm is not None
            else None
        ),
        "letter": template,
        "stage": stage,
        "repeat": repeat,
        "improved": improved,
        "unjudged": unjudged,
        "period": _period_shown(period, judged, thresholds, config, template, row["band"]),
        "last_letter": last_letter,
        "previous_letters": previous,
        "earlier_letters": list(earlier),
        # the letters referred back to went to this contact (False: to another, whom the
        # contacts export no longer names first: "we wrote about", not "to you"; set by
        # run_letters, which knows whom they went to)
        "earlier_to_you": True,
        "letter_date": letter_date,
        "as_of": ev.as_of,
    }


def _period_shown(
    period: SinceLetter | None,
    judged: bool | None,
    thresholds: list[Fraction],
    config: Config,
    template: str,
    band: str | None,
) -> dict[str, Any] | None:
    """The ``period`` a letter quotes: the ladder's monitoring period since the last letter
    at this band (``so_far``: the part of it up to the figures' date, ``end`` then the
    as-of date), judged (improved or not), with its figure and the figure before it (each
    with the decimals that tell them apart, on their side of every line, the stage's
    target too); None when no judgement was made."""
    if period is None or judged is None:
        return None
    target = improve_rule(config, template, band).improve_to
    lines = percent.attendance_lines(thresholds + ([target] if target is not None else []))
    if period.before[1]:
        before, after, _ = percent.compared(period.before, period.after, lines)
    else:  # no session before it (improved by the target alone)
        before, after = None, percent.pct_text(*period.after, lines)
    return {
        "start": period.start,
        "end": period.to,
        "so_far": period.so_far,
        "attendance_pct": after,
        "before_pct": before,
        "improved": judged,
    }


#: the fewest possible sessions (three school weeks) of a monitoring period not yet
#: ended that letters judge as it stands (docs/letters.md, "Escalation"): fewer, and the
#: figures are given without a judgement
SO_FAR_SESSIONS = 30


@dataclass(frozen=True)
class SinceLetter:
    """The ladder's monitoring period begun by the last letter at the pupil's band, as a
    letter says it: from ``start`` (that letter's date) to ``to`` (the period's last day,
    or the figures' date when ``so_far``: the period had not ended then, or its end is not
    known), the pupil's attendance over the same length of time before the letter
    (``before``) and over it (``after``), and the judgement (None: none to be made)."""

    start: dt.date
    to: dt.date
    before: tuple[int, int]
    after: tuple[int, int]
    improved: bool | None
    so_far: bool = False


def ladder_periods(
    ev: Evaluation, since: dict[tuple[str, str], tuple[dt.date, Stage]]
) -> dict[tuple[str, str], SinceLetter]:
    """(school, upn) -> the ladder's monitoring period of ``stage`` begun on the day given
    (the last letter at the pupil's band), as `attcli cases` reads and judges it as of the
    evaluation's date (:func:`attcli.ladder.judge_period`: the same windows, the same days
    the exports given must hold).  A period not ended by then is judged so far
    (:func:`_so_far`)."""
    from attcli.casebook import (
        joined_on,
        marks_by_day,
        pid_by_upn,
        since_joining,
        unheld_days,
        window_of,
    )

    prepared = ev.prepared
    if not since or prepared is None:
        return {}
    pid_of = pid_by_upn(prepared)
    first = {pid_of[u]: day for (_, u), (day, _) in since.items() if u in pid_of}
    series = marks_by_day(prepared, set(first))
    cov = ev.coverage
    unheld = unheld_days(ev.config, cov.period_start, cov.data_start) if cov else None
    joined = joined_on(prepared, first, cov.data_start) if cov else {}
    out = {}
    for key, (day, stage) in since.items():
        pid = pid_of.get(key[1])
        if pid is None:
            continue
        window = window_of(series.get(pid))
        gaps = since_joining(unheld, joined.get(pid)) if unheld is not None else None
        try:
            period = judge_period(
                stage, day, ev.as_of, window, half_terms=ev.config.half_terms, unheld=gaps,
                inset=ev.config.inset_days,
                minimum=ev.config.min_possible_sessions,
            )
        except ConfigError:  # the half terms listed do not reach the period's end: its
            # end is not known, but the weeks so far are (review8: never refuse the run)
            period = None
        if period is not None and period.ended:
            assert period.end is not None and period.before is not None
            assert period.after is not None
            out[key] = SinceLetter(day, period.end, period.before, period.after, period.improved)
            continue
        found = _so_far(stage, day, ev.as_of, window, period, gaps)
        if found is not None:
            out[key] = found
    return _as_the_ladder_has_it(ev, out)


#: where the ladder has a pupil whose period it judged improved (docs/cases.md step 4):
#: left it (``left`` the week they leave, then off it), or monitoring (the period running,
#: or a ``stay`` or step-down period after it); any other place (a stage due again, a
#: review by hand, not improved...) is a verdict other than "improved"
_IMPROVED_PLACES = frozenset({None, "left", "monitoring"})


def _as_the_ladder_has_it(
    ev: Evaluation, periods: dict[tuple[str, str], SinceLetter]
) -> dict[tuple[str, str], SinceLetter]:
    """``periods`` with each "improved" taken back where the ladder, placing the pupil as
    `attcli cases` does on the figures' date (:func:`attcli.placing.placed`), no longer
    has it: a step due (a letter again, after a fall since a period that ended improved;
    a referral still due, a letter having moved nothing), a review by hand, or another
    place than off the ladder or monitoring.  Such a period is history, not the ladder's
    verdict now: the letter gives the figures without one (``unjudged``; letters6 Amelia,
    Bilal: "It has improved ... and we are glad to see it" beside a fresh red letter due).
    A pupil the ladder cannot place (no record on it, or it cannot be read from the exports
    given) keeps the period's verdict."""
    from dataclasses import replace

    from attcli.placing import placed

    keys = {key for key, p in periods.items() if p.improved is not None}
    if not keys:
        return periods
    _, cases = placed(ev, keys)
    out = dict(periods)
    for key in keys:
        case = cases.get(key)
        if case is None:
            continue
        if periods[key].improved:
            later = case.review is not None and case.review.improved is False
            if case.due is not None or case.status not in _IMPROVED_PLACES or later:
                # (``later``: a period after it, the stage kept in its band, not improved)
                out[key] = replace(periods[key], improved=None)
        elif _left_improved_case(case):
            # not improved then, but the ladder's last period ended improved and took the
            # pupil off it: the letter held as "left the ladder improved" never says "not
            # improved enough" (sweepC Ivy: a passed-over period improved after the letter's)
            out[key] = replace(periods[key], improved=None)
    return out


def _left_improved_case(case: Case) -> bool:
    """The ladder has the pupil off it after a period that ended improved, nothing due: the
    place :func:`attcli.placing.left_improved` holds a ladder letter for."""
    return case.left_on is not None and case.status in (None, "left") and not case.due_stage


def _so_far(
    stage: Stage,
    since: dt.date,
    as_of: dt.date,
    window: Window,
    period: Period | None,
    unheld: Unheld | None,
) -> SinceLetter | None:
    """The period of ``stage`` begun on ``since`` judged as it stands on ``as_of``, before
    it ends (or with no end known: the half terms listed do not reach it, or the stage has
    no period, as when no stage is the letter's): its figure from ``since`` to ``as_of``
    against the figure before the letter in ``period`` (judge_period's: over the period's
    length before the letter), or, with no end known (``period`` None or endless), against the same length of time before the letter as the part so far;
    by the stage's rule (:func:`attcli.ladder.improved`).  Not judged (``improved`` None)
    under :data:`SO_FAR_SESSIONS` possible sessions so far, or when the exports given do
    not hold days the judgement needs.  None when the letter is dated after ``as_of``."""
    if as_of < since:
        return None
    after = window(since, as_of)
    if period is not None and period.end is not None and period.before is not None:
        before, first = period.before, since - (period.end - since) - DAY
    else:
        first = since - (as_of - since) - DAY
        before = window(first, since - DAY)
    verdict = ladder_improved(stage, before, after) if after[1] >= SO_FAR_SESSIONS else None
    if verdict is not None and unheld is not None:
        settled = ladder_improved(stage, (0, 0), after) is not None  # the target alone
        if unheld(since, as_of) is not None or (
            not settled and unheld(first, since - DAY) is not None
        ):
            verdict = None  # sessions the exports given do not hold: not to be guessed
    return SinceLetter(since, as_of, before, after, verdict, so_far=True)


def improve_rule(config: Config, template: str, band: str | None) -> Stage:
    """The escalation stage whose rule says whether attendance has improved since a
    letter of ``template``: the ladder's stage of that template (``[escalation]``, or the
    default ladder made from the bands), else its stage of the band, else the rule used
    when none is set anywhere (1 point; docs/cases.md step 3)."""
    ladder = config.escalation
    stage = ladder.for_template(template) or next(
        (s for s in ladder.stages if band is not None and s.when_band == band), None
    )
    if stage is not None and (stage.improve_points is not None or stage.improve_to is not None):
        return stage
    return Stage(name="", title="", action="letter", improve_points=Fraction(1))


def _since_warning(
    row: dict[str, Any], ev: Evaluation, warned: dt.date | None, figures: dt.date | None
) -> dict[str, Any]:
    """What a repeat warning says of the absence since the warning it follows: the date it
    counts from (the earlier warning's figures date, or its letter date for a warning from
    before attcli kept that), the window's unauthorised sessions after it (count and
    dates), and whether the window starts after that date (then every session it holds is
    since, but the sessions before the window are not counted here)."""
    if warned is None:
        return {"last_warning_as_of": None, "since_warning_from": None,
                "since_warning_sessions": 0, "since_warning_dates": [],
                "since_warning_all": False}  # fmt: skip
    since = figures or warned
    dates: list[dt.date] = []
    if ev.pn_sessions.height:
        dates = (
            ev.pn_sessions.filter(
                (pl.col("school").fill_null("") == (row["school"] or ""))
                & (pl.col("upn") == row["upn"])
                & (pl.col("date") > since)
            )
            .get_column("date")
            .to_list()
        )
    start = row["pn_window_start"]
    return {
        "last_warning_as_of": figures,
        "since_warning_from": since,
        "since_warning_sessions": len(dates),
        "since_warning_dates": sorted(set(dates)),
        "since_warning_all": start is not None and start > since,
    }


def _covered_in_window(ev: Evaluation, letters: Sequence[Letter]) -> dict[tuple[str, str], int]:
    """(school, upn) -> the unauthorised sessions (``[penalty_notice] codes``) in the
    penalty-notice window of each pupil of ``letters``' penalty-notice warnings that
    supported a notice on record: the window holds them, but they never count again
    (DOMAIN.md 5), so the warning says how many of the window's sessions count, not the
    counted ones as if they were all the family's absence in those weeks.  Pupils with none
    have no entry."""
    prepared = ev.prepared
    who = {(x.school or "", x.upn) for x in letters if x.template == PN_WARNING}
    if prepared is None or not who or not prepared.covered.height:
        return {}
    wanted = pl.DataFrame(sorted(who), schema={"school": pl.Utf8, "upn": pl.Utf8}, orient="row")
    windows = ev.pupils.select(
        pl.col("school").fill_null(""), "upn", "pn_window_start", "pn_window_end"
    ).join(wanted, on=["school", "upn"], how="semi")
    roll = prepared.roll
    keyed = roll.pupils.with_columns(pl.col("school").fill_null("")).join(
        windows, on=["school", "upn"]
    )
    found = (
        roll.marks.lazy()
        .join(prepared.covered.lazy(), on=["pid", "ord"], how="semi")
        .join(keyed.lazy().select("pid", "school", "upn", "pn_window_start", "pn_window_end"),
              on="pid")  # fmt: skip
        .filter(
            pl.col("date").is_between(pl.col("pn_window_start"), pl.col("pn_window_end"))
            & pl.col("mark").is_in(list(ev.config.pn_codes))
        )
        .group_by("school", "upn")
        .agg(pl.len().alias("n"))
        .collect()
    )
    return {(s, u): int(n) for s, u, n in found.iter_rows()}


def _notice_name(row: dict) -> str:
    """A pupil's name as a notice on record keeps it ("Forename Surname")."""
    return " ".join(x for x in (row.get("forename"), row.get("surname")) if x)


def _before_age(
    ev: Evaluation, letters: Sequence[Letter]
) -> dict[tuple[str, str], tuple[int, dt.date | None]]:
    """(school, upn) -> the window's unauthorised sessions before the pupil's compulsory
    school age began (they never count, DOMAIN.md 5) and the day it began, for the pupils
    of ``letters``' penalty-notice warnings that have any: the warning gives the window's
    unauthorised absence and how much of it counts, not the counted sessions as if they
    were all (:func:`attcli.quality.window_before_age`, the check's rule).  Found once for
    the run, not once a letter (a look-up over every pupil each)."""
    from attcli.quality import window_before_age

    who = pl.DataFrame(
        [(x.school or "", x.upn) for x in letters if x.template == PN_WARNING],
        schema={"school": pl.Utf8, "upn": pl.Utf8},
        orient="row",
    )
    if not who.height:
        return {}
    found = window_before_age(ev, who)
    return {
        (s, u): (n, a)
        for s, u, n, a in found.select("school", "upn", "n", "age_from").iter_rows()
    }


#: :func:`attcli.store.next_notice`'s answers as a template compares them
_NEXT_WORD = {NEXT_FIRST: "first", NEXT_SECOND: "second", NEXT_NONE: "none"}


#: A date ("4 December 2026") or a half term's name ("Autumn 2") in a column's heading
_WHOLE_RE = re.compile(r"\b\d{1,2} [^\W\d_]+ \d{4}\b|\b[A-Z][a-z]+ \d{1,2}\b")


def _kept_whole(heading: str) -> str:
    """A figures column's heading whose dates and half term's name never break across
    lines (non-breaking spaces): the 47 mm column, in the PDF and on a phone, headed
    "This half term (Autumn" over "2)" and "School year (up to 4" over "December 2026)"
    (sweep looks8)."""
    return _WHOLE_RE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), heading)


def _figures(ctx: dict[str, Any], template: str) -> dict[str, Any]:
    y, h = ctx["year"], ctx["half_term"]
    rows = [
        ["Attendance", h["attendance_pct"], y["attendance_pct"]],
        [
            "Sessions attended",
            f"{h['attended']} of {h['possible']}",
            f"{y['attended']} of {y['possible']}",
        ],
        ["Sessions missed", str(h["absent"]), str(y["absent"])],
    ]
    if y["lessons_missed"] is not None:
        rows.append(["Lessons missed", str(h["lessons_missed"]), str(y["lessons_missed"])])
    rows += [
        ["Authorised absence (sessions)", str(h["authorised"]), str(y["authorised"])],
        ["Unauthorised absence (sessions)", str(h["unauthorised"]), str(y["unauthorised"])],
    ]
    if template == LATENESS:
        rows.append(["Late arrivals", str(ctx["lates"]), "–"])
    note = "A session is a morning or an afternoon: two sessions make one school day."
    if ctx["lessons"]:
        note += (
            f" Lessons missed counts {ctx['lessons']['am']} lesson"
            f"{'s' if ctx['lessons']['am'] != 1 else ''} in a morning and "
            f"{ctx['lessons']['pm']} in an afternoon"
        )
        if late := y["on_site_absent"]:
            # a U session is absence, though the pupil came in (DOMAIN.md 1): its lessons
            # are counted in full, and the family knows the child was there for some
            when = (
                "since joining"
                if y["joined"]
                else "this school year" if y["school_year"] else "in this period"
            )
            which = "the session" if late == 1 else f"each of the {late} sessions"
            note += (
                f", and counts {which} marked U {when} "
                "(arrived after the register closed) in full, though "
                f"{ctx['pupil']['forename']} was in school for part of it"
            )
        note += "."
    if template == PN_WARNING:
        pn = ctx["pn"]
        # (counted from the day compulsory school age began, when the window starts before)
        since = pn["age_from"] or pn["window_start"]
        rows.append(
            [
                f"Unauthorised absence, {long_date(since)} to {long_date(pn['window_end'])}",
                "",
                # the window's sessions as the register shows them: those a notice on
                # record rests on too (the letter says how many count)
                str(pn["window_sessions"] + pn["covered"]),
            ]
        )
    period = (
        f"Since joining on {long_date(y['joined'])} (up to {long_date(y['to'])})"
        if y["joined"]
        else f"School year (up to {long_date(y['to'])})"
        if y["school_year"]
        else f"{long_date(y['start'])} to {long_date(y['to'])}"
    )
    return {
        "columns": [
            "",
            _kept_whole(
                f"{'This half term' if h['this'] else 'Half term'} ({h['name']})"
                + (f" from {long_date(h['from'])}" if h.get("from") else "")
            ),
            _kept_whole(period),
        ],
        "rows": rows,
        "note": note,
    }


def letter_document(
    ctx: dict[str, Any], blocks: list[Block], settings: LetterSettings, contact: Contact
) -> dict[str, Any]:
    """The letter as data: what the Typst layout and the HTML page both draw."""
    school = ctx["school"]
    name = settings.signatory or school["attendance_lead"] or school["headteacher"]
    own = settings.band_signatories.get(ctx["letter"])
    if own is not None:  # the band's own (seed 003: the FLO's amber letters)
        name, role = own
    elif settings.signatory:
        role = settings.signatory_role
    elif school["attendance_lead"]:
        role = settings.signatory_role or school["attendance_lead_role"]
    else:
        role = settings.signatory_role or ("Headteacher" if school["headteacher"] else "")
    shown = ctx["contact"]  # the contact's values as printed (see _contact_shown)
    recipient = [shown["name"] or "The Parent/Carer of " + ctx["pupil"]["name"]]
    recipient += shown["address_lines"] if contact.has_postal_address else [shown["email"]]
    pupil = ctx["pupil"]
    # "Year 7 (7A)", as the certificate and the evidence pack give year and form ("7 (7A)";
    # "Year 7 7A" read as two figures side by side: sweep looks8); a form alone, "7A"
    year, form = pupil["year_group"], pupil["reg_group"]
    ref = f"Year {year}" + (f" ({form})" if form else "") if year else form or ""
    footer = school["name"] + (f" · URN {school['urn']}" if school["urn"] else "")
    return {
        "title": f"{pupil['name']}: {letter_name(ctx['letter'])} letter",
        "school": {k: school[k] for k in ("name", "address", "phone", "email")},
        "recipient": recipient,
        "date": long_date(ctx["letter_date"]),
        "reference": f"Pupil: {pupil['name']}" + (f", {ref}" if ref else ""),
        "salutation": f"Dear {shown['salutation']},",
        "blocks": blocks,
        "figures": _figures(ctx, ctx["letter"]),
        "closing": settings.closing,
        "signatory": {"name": name, "role": role, "school": school["name"]},
        "footer": footer + " · This letter contains personal information: please keep it safe.",
    }


# --------------------------------------------------------------------------- files


def _file_stem(upn: str, surname: str, forename: str, template: str, n: int) -> str:
    surname, forename = in_latin(surname), in_latin(forename)
    parts = [
        safe_filename(upn, max_len=20),
        safe_filename(surname, max_len=30),
        safe_filename(forename, max_len=30),
        template,
    ]
    if n:
        parts.append(f"contact{n + 1}")
    return "_".join(parts)


def _letters_file(name: str, letters: set[str]) -> bool:
    """Whether ``name`` is one a letters run writes in its folder: the manifest, a print
    file, or a letter (or its HTML) of ``letters``, the folder's file names case-folded."""
    key = name.casefold()
    if key == MANIFEST or re.fullmatch(r"letters-to-print-\d{4}-\d{2}-\d{2}-\d+\.pdf", key):
        return True
    if key.endswith(".html"):
        key = key[: -len(".html")] + ".pdf"
    return key in letters


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step (owner-only): a crash leaves the old file or the new one."""
    write_private(path, data, force=True)  # temp file, fsync, rename


def _manifest(
    records: list[LetterRecord],
    html_exists: Callable[[str], bool],
    forgotten: Sequence[Mapping[str, str]] = (),
) -> bytes:
    """The folder's manifest: ``forgotten``, the rows of letters sent that the history
    forgot, still in the folder (:func:`_forgotten_rows`), as they were written, then a row
    a letter of ``records``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(MANIFEST_HEADERS)
    for row in forgotten:  # (read back from a file the office may have edited: made safe)
        w.writerow(safe_cell(row.get(h) or "") for h in MANIFEST_HEADERS)
    for r in records:
        html = r.file[: -len(".pdf")] + ".html"
        w.writerow(
            safe_cell(v)
            for v in (
                r.upn,
                r.pupil_name,
                r.contact_name,
                r.address,
                r.email,
                r.template,
                r.band or "",
                r.stage,
                r.half_term,
                r.letter_date.isoformat(),
                r.file,
                html if html_exists(html) else "",
                r.sha256 or "",
                (r.print_file or "").removeprefix(_WRITING),
                "email" if by_email(r) else "post",
            )
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8 names right


# --------------------------------------------------------------------------- the run


def refuse_out_of_date(ev: Evaluation, config: Config, letter_date: dt.date) -> None:
    """No letters dated ``letter_date`` (today) from a register that ended more than two
    school weeks before it when no --as-of was given: the letters would give a family
    figures weeks (or, with last year's export, a year) old as this year's (DOMAIN.md 2:
    an out-of-date register is never silently used).  ``--as-of`` the register's last day
    writes them as of it."""
    from attcli.coverage import MAX_DAYS_AFTER_DATA, days_since_data

    c = ev.coverage
    assert c is not None
    n, unit = days_since_data(config, c.data_end, letter_date)
    if n > MAX_DAYS_AFTER_DATA:
        raise AttcliError(
            f"no letters: the register ends {c.data_end:%d/%m/%Y}, {n} {unit} before the "
            f"letters' date ({letter_date:%d/%m/%Y}): letters dated then would give figures that old; export the "
            f"register up to date, or give --as-of {c.data_end:%Y-%m-%d} to write them as of "
            "its last day"
        )


def refuse_other_year(ev: Evaluation, letter_date: dt.date) -> None:
    """No letters dated in a later school year than their figures, --as-of or not: a letter
    says "this school year", and July's figures dated in September are last year's
    (DOMAIN.md 2).  The summer holiday is no school days, so the two-school-weeks rule
    (:func:`refuse_out_of_date`) let July's export through in the first week of term."""
    from attcli.calendar import academic_year_start

    year, then = academic_year_start(letter_date), academic_year_start(ev.as_of)
    if year > then:
        raise AttcliError(
            f"no letters: they would be dated {letter_date:%d/%m/%Y}, in the "
            f"{year.year}/{str(year.year + 1)[2:]} school year, and the register's figures are "
            f"of {then.year}/{str(then.year + 1)[2:]} (to {ev.as_of:%d/%m/%Y}): a letter would "
            "give that year's attendance as this year's; export this year's register"
        )


def refuse_incomplete(ev: Evaluation) -> None:
    """No letter from a register that does not cover its period, or is out of date.

    A band letter from a one-week export would tell a family their child's attendance
    "this year" from five days (DOMAIN.md 2): refused, saying what the export covers and
    what to export instead; ``--from`` states the shorter period and lifts it.  An as-of
    date more than two school weeks after the register ends (holidays in the config do
    not count) is refused too: the figures would be weeks old.
    """
    c = ev.coverage
    assert c is not None
    if not c.covers_period:
        from attcli.coverage import INSIDE

        inside = [g for g in c.gaps if g.kind in INSIDE]
        if inside and not [g for g in c.gaps if g.kind not in (*INSIDE, "after_data")]:
            # a gap inside the data: no shorter period mends it, only its register (sweep4)
            raise AttcliError(
                f"no letters: the exports cover {c.data_start:%d/%m/%Y} to "
                f"{c.data_end:%d/%m/%Y}, but {'; '.join(g.describe() for g in inside[:3])}; "
                f"export the register for {c.inside_named()} too and give it with the others"
            )
        gap = next(g for g in c.gaps if g.kind != "after_data")
        raise AttcliError(
            f"no letters: the exports cover {c.data_start:%d/%m/%Y} to {c.data_end:%d/%m/%Y}, "
            f"not the period from {c.period_start:%d/%m/%Y} ({gap.describe()}); export the "
            f"register from {c.period_start:%d/%m/%Y} to date, or add --from "
            f"{c.data_start:%d/%m/%Y} to write letters about that shorter period only"
        )
    if c.days_after_data > MAX_DAYS_AFTER_DATA:
        unit = "weekdays" if any(g.weekdays for g in c.gaps) else "school days"
        raise AttcliError(
            f"no letters: the register ends {c.data_end:%d/%m/%Y}, {c.days_after_data} {unit} "
            f"before the as-of date {c.as_of:%d/%m/%Y}; export the register up to date, or "
            f"give --as-of {c.data_end:%d/%m/%Y}"
        )


def refuse_unbegun(ev: Evaluation, ht: HalfTerm) -> None:
    """No letters for a half term the register holds no school day of up to the as-of date
    (sweep4): an export made on the INSET day that opens it made its letters the new half
    term's, on the last one's figures (a second, escalated letter on figures unchanged);
    a register ending before it, with a later --as-of, the same, silently."""
    if ev.calendar.begun(ht, ev.as_of):
        return
    days = ev.calendar.school_days
    earlier = [d for d in days if d < ht.start]
    data_end = ev.coverage.data_end if ev.coverage is not None else ev.as_of
    if data_end < ht.start:
        why = f"it ends {data_end:%d/%m/%Y}); export the register up to date"
    else:
        why = "its days there are closures or INSET days); write them once it holds one"
    last = ""
    if earlier:
        before = ev.calendar.half_term_of(earlier[-1])
        last = f", or give --as-of {earlier[-1]:%Y-%m-%d}" + (
            f" for {before.name}'s" if before is not None else ""
        )
    raise AttcliError(
        f"no letters for {ht.name} yet: the register holds no school day of it up to "
        f"{ev.as_of:%d/%m/%Y} ({why}{last}"
    )


def refuse_before_the_year(ev: Evaluation, ht: HalfTerm) -> None:
    """No letters as of a day of a school year the register holds no school day of yet (1-2
    September, the new year's first school day after; sweep of 5 December, cadence): the
    run was last year's last half term's (``ht``, the one that ended last) on the new
    year's figures, none: a penalty-notice warning dated 1 September read "This half term
    (Summer 2) from 1 September 2026" over a table of "0 of 0" sessions.  Last year's
    letters cannot go now either (dated in this school year: :func:`refuse_other_year`)."""
    from attcli.calendar import academic_year_start
    from attcli.coverage import configured_school_days

    year = academic_year_start(ev.as_of)
    days = ev.calendar.school_days
    if not any(d < year for d in days) or any(year <= d <= ev.as_of for d in days):
        return
    name = f"{year.year}/{str(year.year + 1)[2:]}"
    first = configured_school_days(ev.config, year, dt.date(year.year + 1, 8, 31))
    if first and first[0] <= ev.as_of:  # (its school days are after the data)
        raise AttcliError(
            f"no letters as of {ev.as_of:%d/%m/%Y}: the register holds no school day of the "
            f"school year {name} up to it (its first was {first[0]:%d/%m/%Y}): export the "
            "register up to date"
        )
    begins = f" (its first is {first[0]:%d/%m/%Y})" if first else ""
    raise AttcliError(
        f"no letters as of {ev.as_of:%d/%m/%Y}: no school day of the school year {name} "
        f"yet{begins}, so a letter's figures for the year would be empty and its half term "
        f"last year's {ht.name}; write this year's once the register holds a school day of it"
    )


def letterhead_note(config: Config) -> str:
    """A trust's school whose ``[schools.KEY]`` gives no address, phone, email or signatory:
    its letters go out without them (a parent with no way to reply but the school office),
    where a school's own workspace cannot make letters until ``attcli init``'s details are
    filled in; the trust's ``[school]`` ones are not the school's."""
    from attcli.letter_settings import workspace_signatory

    key, missing = config.school_key, list(config.unstated_details)
    words = ", ".join(missing[:-1]) + " or " + missing[-1] if len(missing) > 1 else missing[0]
    trusts = workspace_signatory(config)
    signs = (
        f" and the workspace's [letters] signatory ({trusts}) signs them"
        if trusts
        else " and no one signs them"
    )
    return (
        f"{key} ({config.school.name}): [schools.{key}] gives no {words}, so its letters' "
        "letterhead has none"
        + (signs if "attendance_lead" in missing else "")
        + f": add them to [schools.{key}], or write \"\" for a detail the school does not have"
    )


def run_letters(
    exports: Sequence[Path] | LoadResult,
    config: Config,
    *,
    contacts: Path | Contacts,
    out_dir: Path | None,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    dry_run: bool = False,
    resend: bool = False,
    only: Sequence[str] | None = None,
    force: bool = False,
    preset: str | None = None,
    include_held: bool = False,
    release: Sequence[str] = (),
    register: pl.DataFrame | None = None,
    pupils: PupilList | None = None,
    letter_date: dt.date | None = None,
    load_progress: Callable[[str, int, int], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    identities: bool = False,
    release_elsewhere: bool = False,
) -> LettersRun:
    """Choose, write and record this half term's letters (see the module docstring).

    ``exports`` may be a load already made (a school's part of a trust's shared export);
    ``register`` (already loaded) replaces ``exports``.  ``progress(done, total)`` is
    called as letters are written.  With ``dry_run`` nothing is written or recorded.
    Letters held for review (:mod:`attcli.absence`) are made only with
    ``include_held``, or for the UPNs in ``release``.  ``identities``: keep the
    register's pupils in :attr:`LettersRun.identities` (a trust's run of its schools).
    ``release_elsewhere`` (a trust's run of its schools, ``--per-school``): a ``release``
    UPN not on roll in these exports is another school's pupil, not refused here; those
    this run took as its own are :attr:`LettersRun.released_here` (the command refuses a
    UPN no school took).
    """
    started = time.perf_counter()
    if not dry_run:  # letters carry the school's name and are recorded: its own workspace
        require_school(config)
    # a school's own workspace below its trust's, with another history: a letter twice
    separate_from_trust(config, "letters")
    # a copy of the school's attcli.toml in another folder: no second history (sweep history)
    no_second_history(config, "letters")
    settings = LetterSettings.from_config(config)
    templates = Templates(settings.templates)
    if not dry_run and out_dir is None:
        raise AttcliError("give --out FOLDER for the letters (or --dry-run)")
    if register is None:
        from attcli.loaders import obtain, require_upns

        # (a letter has no pupil attribute, gender, SEN, ...: they are not read; but the
        # looked-after column holds a warning letter for a person, HoldRule.looked_after_reason)
        loaded = obtain(
            exports,
            config,
            preset=preset,
            progress=load_progress,
            pupils=pupils,
            attributes=("cla",),
        )
        require_upns(loaded, "letters")
        # the rules' compact register: the wide one (every name on every mark) is freed,
        # and nothing below reads it (issue 15)
        source: pl.DataFrame | Compact = loaded.take_compact()
        roll_dates = loaded.roll_dates
        notes = list(loaded.warnings)
        load_result = loaded
        typed_apart = loaded.typed_apart_said()
    else:
        source = register
        roll_dates = None
        notes = []
        load_result = None
        typed_apart = {}
    if config.school_key and config.unstated_details:
        notes.append(letterhead_note(config))
    from attcli.letter_settings import school_signs, workspace_signatory

    if school_signs(config) and (trusts := workspace_signatory(config)):
        notes.append(
            f"{config.school_key} ({config.school.name}): its letters are signed by its own "
            f"attendance_lead ({config.school.attendance_lead.strip()}), not [letters] "
            f"signatory ({trusts}), which is the workspace's: a school's own details are its "
            "own; leave out its attendance_lead for the workspace's signatory to sign them"
        )
    from attcli.store import covered_sessions

    # (read before the run lock is taken, below: checked again under it)
    pn_covered = covered_sessions(config, issued_by=as_of)
    ev = evaluate(
        source,
        config,
        as_of=as_of,
        period_start=period_start,
        roll_dates=roll_dates,
        pn_covered=pn_covered,
    )
    refuse_incomplete(ev)
    letter_date = letter_date or _clock.today()
    if ev.as_of > letter_date:
        # marks of days to come (leave entered ahead) would count in a letter dated before
        # them: a penalty-notice warning for absence not yet happened (sweep G)
        raise AttcliError(
            f"no letters: their figures would be as of {ev.as_of:%d/%m/%Y}, after the "
            f"letters' date {letter_date:%d/%m/%Y}, and the register's marks for days still "
            "to come (leave entered ahead) would count as absence already happened; give "
            f"--as-of {letter_date:%Y-%m-%d} or earlier"
        )
    refuse_other_year(ev, letter_date)
    if as_of is None:  # as of the register's last day: is that day long past?
        refuse_out_of_date(ev, config, letter_date)
    elif ev.coverage is not None and ev.as_of < ev.coverage.data_end:
        notes.append(  # the letters say their date; the office should see it too (letters6)
            f"the letters give figures up to {ev.as_of:%d/%m/%Y} (--as-of), and the register "
            f"runs to {ev.coverage.data_end:%d/%m/%Y}: what happened since is not in them"
        )
    c = ev.coverage
    if c is not None and c.days_after_data:  # (more than MAX_DAYS_AFTER_DATA: refused above)
        unit = "weekdays" if any(g.weekdays for g in c.gaps) else "school days"
        if c.days_after_data == 1:
            unit = unit[:-1]
        notes.append(  # said, as check says it (DOMAIN.md 2: never silently used; sweep4)
            f"the register ends {c.data_end:%d/%m/%Y}, {c.days_after_data} {unit} before the "
            f"as-of date {c.as_of:%d/%m/%Y}: the letters' figures are as of "
            f"{c.figures_end:%d/%m/%Y}, and what happened since is not in them"
        )
    if settings.penalty_notice:  # (the short penalty-notice window: its warnings decide)
        notes.extend(ev.warnings)
    elif settings.lateness:  # (lates of a half term the exports do not wholly hold)
        notes.extend(w for w in ev.warnings if w.startswith(LATES_UNSEEN))
    ht = ev.half_term
    if ht is None:  # (before the first half term: the register's INSET days before it)
        first = min((h.start for h in config.half_terms if h.start > ev.as_of), default=None)
        raise AttcliError(
            f"{ev.as_of:%d/%m/%Y} is before the first half term in the term dates "
            f"([[{config.half_terms_key}]], from {first:%d/%m/%Y}): no half term's letters "
            "are due as of it; give --as-of a school day of a half term"
            if first is not None
            else f"{ev.as_of:%d/%m/%Y} is not in a half term: give --as-of a school day, or "
            f"the term dates in the config ([[{config.half_terms_key}]])"
        )
    refuse_unbegun(ev, ht)
    refuse_before_the_year(ev, ht)
    book = contacts if isinstance(contacts, Contacts) else read_contacts(contacts, config)
    notes.extend(book.notes)
    notes.extend(book.refuse_pupil_list(ev.pupils))  # before anything is written or recorded

    # which letters exist: band letters, praise, lateness, penalty-notice warning
    known = {*config.band_letters, LATENESS, PN_WARNING}
    if settings.praise:
        known.add(PRAISE)
    wanted = _wanted(only, known | {PRAISE})
    # `--only praise` with praise off made nothing, unsaid (sweep letters3)
    for name, key, on in (
        (PRAISE, "praise", settings.praise),
        (LATENESS, "lateness", settings.lateness),
        (PN_WARNING, "penalty_notice", settings.penalty_notice),
    ):
        if wanted and name in wanted and not on:
            raise AttcliError(
                f"--only {name}: the config switches these letters off ([letters] {key} "
                f"= false), so none would be made; set {key} = true in {shown(str(config.path or 'the config'))} "
                "to send them"
            )
    for name in sorted(known if wanted is None else wanted):
        if not templates.exists(name):
            raise AttcliError(
                f"no letter template {name + '.html'!r} (in "
                f"{shown(str(settings.templates)) + ' or ' if settings.templates else ''}attcli's own: "
                f"{', '.join(templates.names())})"
            )
    refuse_band_letter_above_its_line(config.bands, templates, wanted)
    # a ladder's letter step these letters never satisfy: due for ever, said (docs/cases.md)
    unsent = unsent_letter_steps(config.escalation, config.bands, NOT_BAND_LETTERS)
    notes.extend(unsent + workspace_ladder_line(config, unsent))
    notes.extend(unlisted_half_terms(config.escalation, config.half_terms, config.half_terms_key))
    gone = left_roll(ev, letter_date)
    due, to_decide, choose_notes = _choose(ev, settings, wanted, gone, letter_date, typed_apart)
    notes.extend(choose_notes)

    hist_file = history_path(config)
    # A real run holds the store's run lock from planning to the last file, so a second
    # run at the same time is refused rather than planning the same letters.
    # A dry run plans on a copy of the store in memory, doing what the real run would
    # (a moved half term's letters, a stopped run's recorded), and writes nothing.
    store = (
        History(hist_file, write=not dry_run, detached=dry_run)
        if (hist_file.exists() or not dry_run)
        else None
    )
    if store is not None and store.created:
        notes.append(f"no history yet: started one at {hist_file}")
    elif store is not None and store.migrated_from is not None:
        notes.append(
            f"the history {hist_file} is of an older attcli (version {store.migrated_from}): "
            "a real run brings it up to date"
            if dry_run  # (read in memory, brought up to date there: the file is as it was)
            else f"the history {hist_file} was brought up to date (from version "
            f"{store.migrated_from})"
        )
    out_key = str(out_dir.resolve()) if out_dir is not None else ""
    try:
        if store is not None and not dry_run and covered_sessions(config, issued_by=as_of) != pn_covered:
            # a `pn record` (or void) on another PC while this run loaded the exports, the
            # lock not yet taken: planned from the notices read before it, a warning would
            # go about absence a notice was just issued for
            raise AttcliError(
                f"a penalty notice was recorded or voided while this run read the exports "
                f"(the history {shown(str(hist_file))}, on this PC or another): no letter was written; "
                "run it again, to plan the letters from the notices on record now"
            )
        if store is not None:
            store.reanchor_half_terms(config.school_key, ev.calendar.half_terms)
        if store is not None and dry_run:
            from attcli.store import run_under_way

            if run_under_way(store.path):  # (a dry run takes no lock: it reads beside one)
                notes.append(
                    f"another run is writing to the history {hist_file} now (a letters run "
                    "or pn record, on this PC or another): this dry run shows the history "
                    "as it was a moment ago; run it again once that run has finished"
                )
        if store is not None:
            notes.extend(_record_stopped_print_files(store, dry_run))
        later = store.later_half_term(config.school_key, ht.end) if store else None
        if later is not None:
            name, on, n = later
            raise AttcliError(
                f"no letters for {ht.name}: {name}'s letters went on {on:%d/%m/%Y} ({n} on "
                f"record), and letters now on {ht.name}'s figures would reach families after "
                f"them, worded as if {name}'s had not; send any still due for {ht.name} by "
                "hand, or run this half term's letters"
            )
        from attcli.calendar import academic_year_start
        from attcli.snapshots import refuse_strangers

        # exports sharing no pupil with those the history knows (its last run, this year's
        # letters), nor the contacts: another school's, whose letterhead the letters would
        # carry and whose history would record them as first letters (sweeps store, slips8;
        # a year group's export shares none with letters to other years, but the school's
        # contacts do)
        refuse_strangers(
            store, config, ev.pupils["upn"].to_list(), ev.as_of, what="letters",
            would="would carry {}'s letterhead", contacts=set(book.by_upn),
            year=academic_year_start(ht.start).year, by_year_group=True,
        )  # fmt: skip
        if out_dir is not None and not force:
            _refuse_unknown_folder(out_dir, store, hist_file, ht)
        newer = _newer_figures_sent(store, config.school_key, ht, ev.as_of)
        if newer is not None:
            day, n = newer
            raise AttcliError(
                f"no letters on figures as of {ev.as_of:%d/%m/%Y}: {ht.name}'s letters on "
                f"record ({n}) give figures as of {day:%d/%m/%Y}, and letters now on older "
                "figures would reach families after them and contradict them; give the "
                f"newest export (to {day:%d/%m/%Y} or later), or send any still due by hand"
            )
        notes.extend(_skipped_half_term(store, config.school_key, ht, ev))
        # (school, upn, template) -> why a letter due waits for a person: it follows a
        # letter a correction since undid (a further letter, a milder one)
        corrected: dict[tuple[str, str, str], str] = {}
        no_longer = _no_longer_called_for(
            due, to_decide, ev, settings, store, wanted, period_start, corrected
        )
        if store is not None:  # letters sent on marks a correction changed since (letter_marks)
            from attcli.letter_marks import correction_lines

            notes.extend(correction_lines(ev, store, templates=wanted))
        # the letters sent this half term, read once for every pupil's plan (none is
        # recorded until the plan is made)
        sent = sent_lookup(store, ht, config, ev.calendar.half_terms)
        undone = {(u.upn, t) for u in no_longer for t in u.template.split(", ")}
        due, improved = _improved(due, ev, sent, undone, corrected)
        from attcli.termly import termly_earlier

        # (a termly band's letters this term)
        earlier = termly_earlier(store, ev.config, ev.calendar.half_terms, ht)
        due, this_term, since_term = _once_a_term(
            due, ev, store, sent, undone, corrected, earlier
        )
        improved += since_term
        due, warned = _not_repeated(due, ev, store)
        # the absence by code of the pupils with a letter due alone (the hold rule and the
        # letters read no other's): every pupil's was counted, 0.4 s at 20,000 pupils
        by_code = absence_by_code(
            ev, ev.period_start, ev.as_of, [(r["school"] or "", r["upn"]) for r, *_ in due]
        )
        from attcli.absence import upn_corrected_reasons
        from attcli.calendar import academic_year_start

        if store is not None:  # a band letter after one a correction since undid (letter_marks)
            _after_unsupported(due, ev, store, ht, corrected)
        released_for: dict[tuple[str, str, str], str] = {}
        due, held, on_stale, unmatched = _hold(
            due, ev, settings, sent, include_held, release, by_code,
            upn_corrected_reasons(store, ev, academic_year_start(ht.start).year),
            corrected, released_for, book.councils, earlier,
        )
        released_here = {typed_id(u) for u in release if u.strip()}
        if release_elsewhere:  # (another school's pupil: its own run releases it; sweep slips6)
            left = {u for _, u in gone}
            released_here &= {u for u in ev.pupils["upn"].to_list() if u not in left}
            unmatched &= released_here
        if on_stale:  # sent (a stale N is unauthorised): said by name (letters6)
            notes.append(
                f"{len(on_stale)} band letter{'s rest' if len(on_stale) != 1 else ' rests'} on "
                f"N marks {stale_words(config.n_within_days)} (counted as "
                "unauthorised; find their reasons "
                "and correct them in the MIS, and tell the family if a reason is found): "
                + ", ".join(on_stale[:10])
                + (", ..." if len(on_stale) > 10 else "")
            )
        owners = store.file_owners(out_key) if store is not None and out_key else {}
        if store is not None and out_dir is not None:  # (a letter sent, then forgotten)
            for name, owner in _forgotten_files(out_dir, store).items():
                owners.setdefault(name, set()).add(owner)
        letters, no_contact = _plan(due, ev, book, settings, sent, resend, owners)
        for x in letters:  # (a letter a person released: who and why, kept with it)
            if x.status == "new":
                x.held_for = released_for.get((x.school, x.upn, x.template))
        if store is not None and (again := _after_forgetting(letters, store, ht)):
            notes.append(again)
        if unreached := _unreached(letters, book, settings.all_recipients):
            notes.append(unreached)
        if by_hand := _by_hand_said(letters):
            notes.append(by_hand)
        if carers := _to_carers(letters, book):
            notes.append(carers)
        if looked_after := _looked_after(letters, no_contact, book):
            notes.append(looked_after)
        if not settings.all_recipients:
            tied = sorted({x.upn for x in letters if len(book.recipients(x.upn)) > 1})
            if tied:
                whose = "pupils'" if len(tied) != 1 else "pupil's"
                notes.append(
                    f"{len(tied)} {whose} contacts share the "
                    "first priority (or give none), so each of them gets the letter, e.g. "
                    f"{tied[0]}: set the priorities in the MIS to write to one"
                )
        rows = {(r["school"] or "", r["upn"]): r for r, *_ in due}
        unknown_age = sorted(
            {
                x.upn
                for x in letters
                if x.status == "new"
                and x.template in settings.hold_templates
                and x.template != PN_WARNING
                and rows[(x.school, x.upn)]["compulsory_school_age"] is None
            }
        )
        if unknown_age:
            n = len(unknown_age)
            notes.append(
                f"{n} letter{'s say' if n != 1 else ' says'} nothing of a legal duty or formal "
                f"action because the pupil has no date of birth (compulsory school age "
                f"unknown): {', '.join(unknown_age[:10])}{', ...' if n > 10 else ''}"
            )
        lessons: dict[str, tuple[int, int, int]] = {}
        drafted = {(x.school or "", x.upn) for x in letters if x.status == "new"}
        for prefix, start, end in (
            ("year", ev.period_start, ev.as_of),
            # (the half term's figures count from the period's start when it is later:
            # the engine's, under --from; its lessons likewise)
            ("ht", max(ht.start, ev.period_start), min(ht.end, ev.as_of)),
        ):
            for (s, u), v in _absence_by_session(ev, start, end, drafted).items():
                lessons[f"{prefix}|{s}|{u}"] = v
        # all wording first: a template error stops the run before any file is written
        shortened: set[str] = set()
        band_letters = config.band_letters
        certificates: dict[tuple[str, str], dict[str, Any]] = {}
        marks_of = None
        if settings.certificate:  # every certificate's marks read at once (issue 15)
            from attcli.certificate import register_marks

            marks_of = register_marks(
                ev.register, ev, [(x.school, x.upn) for x in letters if x.status == "new"]
            )
        drafting = 0.0
        # each band letter's last band letter, and the ladder's judgement of the period
        # that letter began when it was at the pupil's band now (docs/letters.md)
        lasts: dict[tuple[str, str], LetterRecord | None] = {}
        since: dict[tuple[str, str], tuple[dt.date, Stage]] = {}
        # the history by the half term's school year (as it records letters: run_year),
        # never the period's first day, which --from may put in January (letters6)
        from attcli.calendar import academic_year_start

        school_year = academic_year_start(ht.start).year
        whole = figures_period(ev)["school_year"]
        for letter in letters:
            key = (letter.school, letter.upn)
            if letter.status != "new" or letter.template not in band_letters or not store:
                continue
            if key not in lasts:
                lasts[key] = last = store.last_letter(
                    letter.school, letter.upn, band_letters, school_year, ht.start
                )
                band = rows[key]["band"]
                if last is not None and last.band == band:
                    # the period running began at the letter after the last period ended:
                    # a letter inside a period moved nothing (docs/cases.md step 7), so on
                    # a ladder that monitors by half terms it is the earlier letter's
                    stage = improve_rule(config, letter.template, band)
                    dates = [
                        r.letter_date
                        for r in store.earlier_letters(
                            letter.school, letter.upn, letter.template,
                            school_year, ht.start,
                        )
                    ]  # fmt: skip
                    began = stage_period_start(
                        [*dates, last.letter_date], stage, config.half_terms, config.inset_days
                    )
                    since[key] = (began or last.letter_date, stage)
        periods = ladder_periods(ev, since)
        elsewhere: list[Letter] = []  # letters referring back to a letter to someone else
        # the letter stages recorded by hand this school year: letters sent, each a letter
        # a later one counts and names (a second letter at the band, DOMAIN.md 9)
        from attcli.termly import by_hand_in_year, with_by_hand

        by_hand = by_hand_in_year(store, config, ev.calendar.half_terms, ht) if store else {}
        # letters quoting the next notice beside a notice to the contact's name under an id
        # the contacts export no longer has: (letter, those notices, quoted, else)
        renamed: list[tuple[Letter, list, str, str]] = []
        twins: list[tuple[Letter, str, str, str]] = []  # (the same, of another UPN)
        # ... after a counting notice was deleted with `pupil forget --force`: (letter, the
        # forgetting said, quoted)
        deleted: list[tuple[Letter, str, str]] = []
        before_age = _before_age(ev, [x for x in letters if x.status == "new"])
        covered = _covered_in_window(ev, [x for x in letters if x.status == "new"])
        joined = ev.joined_days()
        marked_cla = _marked_looked_after(ev)
        for letter in letters:
            if letter.status != "new":
                continue
            began = time.perf_counter()
            row = rows[(letter.school, letter.upn)]
            # the school year's figure is kept with the letter, for a later letter to
            # compare; a shorter period's (--from) is not the year's: none kept
            letter.attended = row["attended"] if whole else None
            letter.possible = row["possible"] if whole else None
            last = (
                lasts.get((letter.school, letter.upn))
                if letter.template in band_letters
                else None
            )
            hand = by_hand.get((letter.school or "", letter.upn), [])
            earlier = (
                with_by_hand(
                    store.earlier_letters(
                        letter.school, letter.upn, letter.template, school_year, ht.start
                    ),
                    [
                        r for r in hand
                        if r.template == letter.template and r.half_term_start < ht.start
                    ],
                )
                if store
                else []
            )
            previous = [r.half_term_start for r in earlier]
            letter.stage = len(previous) + 1
            # the letters a band letter names ("we wrote to you on ..."): every band letter
            # sent earlier this school year, not only this band's: an amber letter after an
            # amber and a red one was headed "a second letter" and named only the amber one
            # (and another band's earlier this half term: a red letter after an amber one)
            named = (
                with_by_hand(
                    store.earlier_letters(
                        letter.school, letter.upn, band_letters, school_year, ht.start,
                        but=letter.template,
                    ),
                    [
                        r for r in hand if r.template in band_letters
                        and (r.half_term_start < ht.start or r.template != letter.template)
                    ],
                )  # fmt: skip
                if store and letter.template in band_letters
                else earlier
            )
            # "when I last wrote" is the last letter on record with its figures; one sent
            # by hand since has none: no figure is given as the last letter's
            if last is not None and any(
                r.by_hand is not None and r.letter_date > last.letter_date for r in named
            ):
                last = None
            warning = (
                store.latest_before(letter.school, letter.upn, PN_WARNING, ht.start)
                if store and letter.template == PN_WARNING
                else None
            )
            from attcli.notices import next_notice_to

            # the notice this parent would be issued next: the warning quotes its amount,
            # and no letter offers a notice to a parent who can have no further one; none
            # for a pupil not of compulsory school age (quoted_notice, DOMAIN.md 5)
            # and none for a looked-after pupil with no notice on record (the local
            # authority's to decide with the social worker and the Virtual School Head:
            # store.looked_after_quote, as the check and the evidence pack quote it)
            lac = _looked_after_of(book, marked_cla, letter.school, letter.upn)
            nxt = quoted_notice(
                looked_after_quote(
                    # (the letter's school's child and parent: a trust's other school's
                    # pupil and contact under the same ids are others; sweep leftovers17)
                    next_notice_to(store, letter.upn, letter.contact, letter_date, letter.school)
                    if store
                    else NEXT_FIRST,  # no history: no notice on record
                    lac.said,
                    bool(store.notices(letter.upn, school=letter.school)) if store else False,
                ),
                rows[(letter.school, letter.upn)]["compulsory_school_age"],
            )
            if store and nxt in (NEXT_FIRST, NEXT_SECOND) and (
                letter.template == PN_WARNING or nxt == NEXT_SECOND
            ):  # (a second quoted may be none: a letter offering a notice would be wrong)
                gone = store.notice_forgotten(letter.upn, letter_date, letter.school or "")
                if gone:
                    deleted.append((letter, gone, nxt))
            if store and nxt in (NEXT_FIRST, NEXT_SECOND):
                # a notice on record to the contact's name under an id the contacts export
                # no longer has (a new MIS's ids): the quote may be wrong, said (DOMAIN.md 5)
                from attcli.notices import under_another_id

                moved = under_another_id(store, letter.upn, letter.contact, book, letter_date)
                other = NEXT_SECOND if nxt == NEXT_FIRST and len(moved) == 1 else NEXT_NONE
                # (the warning quotes the notice; the others word only "none" otherwise)
                if moved and (letter.template == PN_WARNING or other == NEXT_NONE):
                    renamed.append((letter, moved, nxt, other))
                # a notice to this parent about a pupil of this one's name and date of
                # birth under another UPN (a temporary UPN replaced): said likewise
                from attcli.notices import parent_keys, under_another_upn

                twin = [] if moved else under_another_upn(
                    store, letter.upn, parent_keys(store, letter.upn, letter.contact),
                    letter_date, name=_notice_name(row), dob=row.get("dob"),
                )  # fmt: skip
                if_one = NEXT_SECOND if nxt == NEXT_FIRST and len(twin) == 1 else NEXT_NONE
                if twin and (letter.template == PN_WARNING or if_one == NEXT_NONE):
                    from attcli.notices import under_another_upn_text

                    said = under_another_upn_text(
                        twin, letter.upn, store, name=_notice_name(row), dob=row.get("dob")
                    )
                    twins.append((letter, said, nxt, if_one))
            ctx = letter_context(
                rows[(letter.school, letter.upn)],
                ev=ev,
                contact=letter.contact,
                template=letter.template,
                stage=letter.stage,
                previous=previous,
                letter_date=letter_date,
                lessons=lessons,
                last=last,
                lines=[settings.praise_at_least] if settings.praise else [],
                agreed=agreed_absence(
                    by_code.get((letter.school, letter.upn), {}),
                    settings.hold_codes,
                    settings.hold_share,
                ),
                looked_after=lac,
                asked=evidence_asked(
                    by_code.get((letter.school, letter.upn), {}),
                    settings.hold_codes,
                    settings.hold_share,
                ),
                earlier=[r.letter_date for r in named],
                last_warning=warning.letter_date if warning is not None else None,
                warning_as_of=warning.as_of if warning is not None else None,
                next_notice=nxt,
                period=periods.get((letter.school, letter.upn)),
                before_age=before_age.get((letter.school or "", letter.upn), (0, None)),
                covered=covered.get((letter.school or "", letter.upn), 0),
                joined=joined.get((letter.school or "", letter.upn)),
            )
            if ctx["earlier_letters"]:
                # the letters it refers back to ("we wrote to you on ..."): each to this
                # contact?  A second letter to a parent the first never went to said so
                # (sweep "lettertext"): "we wrote about", and the run names it
                # (the same person by the name or the name and postcode: a parent who
                # moved house is still the one written to)
                referred = list(named) or ([last] if last is not None else [])
                mine, name = recipient_key(letter.contact), name_key(letter.contact.name)
                # each letter referred to, as any of its copies (recipients = "all": the
                # father's copy is his, though the first one recorded was the mother's)
                got = {
                    (r.half_term_start, r.template)
                    for r in (store.sent_letters(letter.school, letter.upn, school_year)
                              if store else referred)
                    if r.recipient == mine or name_key(r.contact_name) == name
                }  # fmt: skip
                # (a letter recorded by hand went to the family as the office sends them:
                # no recipient on record to say otherwise)
                ctx["earlier_to_you"] = all(
                    r.by_hand is not None or (r.half_term_start, r.template) in got
                    for r in referred
                )
                if not ctx["earlier_to_you"]:
                    elsewhere.append(letter)
            blocks = templates.render(letter.template, ctx)
            letter.doc = letter_document(ctx, blocks, settings, letter.contact)
            if settings.certificate:
                from attcli.certificate import certificate_data

                key = (letter.school, letter.upn)
                if key not in certificates:
                    certificates[key] = certificate_data(
                        ev.register, ev, rows[key], made_on=letter_date, marks_of=marks_of
                    )
                letter.certificate = certificates[key]
            if _shortened(rows[(letter.school, letter.upn)], letter.contact):
                shortened.add(letter.upn)
            drafting += time.perf_counter() - began
        if (not include_held or unmatched) and any(x.status == "new" for x in letters):
            from attcli.pdf import PdfRenderer, no_font_text

            # a letter to print whose names would print as empty boxes is no letter to send:
            # held, with what to do (the HTML shows them), unless released
            released = {typed_id(u) for u in release if u.strip()}
            renderer = PdfRenderer([settings.fonts] if settings.fonts else None)
            for x in [x for x in letters if x.status == "new"]:
                lacking = renderer.missing(x.doc, x.certificate)
                # a pupil with no name (a register keyed by MIS id whose pupil list leaves
                # it blank) is no letter to send either: "because 's attendance"
                why = [NO_NAME] if shows_nothing(x.pupil_name) else []
                why += [no_font_text(lacking)] if lacking else []
                if why and (x.upn in released or include_held):
                    if x.upn in released:
                        unmatched.discard(x.upn)  # (made, as released)
                    x.held_for = "; ".join([*([x.held_for] if x.held_for else []), *why])
                elif why and not include_held:
                    letters.remove(x)
                    held.append(
                        Unaddressed(
                            x.upn,
                            x.pupil_name,
                            x.template,
                            f"{'; '.join(why)}; --include-held makes it",
                        )
                    )
        _refuse_release(unmatched, held, wanted, waiting=to_decide, gone=gone)
        named = [x for x in elsewhere if x in letters]  # (not held for lack of a font)
        if named:
            n = len(named)
            said_first = percent.first_of([
                f"{x.pupil_name} ({display_text(x.upn, 20)}), {letter_name(x.template)} to {x.contact.name}"
                for x in named
            ])
            notes.append(
                f"{n} letter{'s' if n != 1 else ''} {'refer' if n != 1 else 'refers'} to an "
                "earlier letter about the pupil that went to another contact (the contacts "
                "export names someone else first now): "
                f"{'they say' if n != 1 else 'it says'} \"we wrote about\", not \"to you\"; "
                f"check {'them' if n != 1 else 'it'} before {'they go' if n != 1 else 'it goes'}: "
                f"{said_first}"
            )
        for x, moved, quoted, other in (r for r in renamed if r[0] in letters):
            from attcli.notices import under_another_id_text

            notes.append(
                under_another_id_text(moved, x.upn, x.contact, book.source, book)
                + f"; the letter quotes a {quoted} notice, and it would be {other}: check the "
                f"{letter_name(x.template)} letter to {x.contact.name} before it goes"
            )  # fmt: skip
        for x, said, quoted in (r for r in deleted if r[0] in letters):
            notes.append(
                f"{said}; the letter quotes a {quoted} notice: check the {letter_name(x.template)} letter "
                f"to {x.contact.name} before it goes"
            )
        for x, said, quoted, other in (r for r in twins if r[0] in letters):
            notes.append(
                f"{said}; the letter quotes a {quoted} notice, and it would be {other} if one "
                f"child: check the {letter_name(x.template)} letter to {x.contact.name} before it goes"
            )
        if shortened:
            notes.append(
                f"a name, group or address of {len(shortened)} pupil"
                f"{'s' if len(shortened) != 1 else ''} ({', '.join(display_text(u, 20) for u in sorted(shortened)[:5])}"
                f"{', ...' if len(shortened) > 5 else ''}) is too long for a letter and is "
                "printed shortened, ending '\u2026': check it in the MIS"
            )
        if not dry_run:  # the marks each new letter's figures rest on, kept with it
            from attcli.letter_marks import keep

            kept = keep(ev, [(x.school, x.upn) for x in letters if x.status == "new"])
            for x in letters:
                if x.status == "new":
                    x.marks = kept.get((x.school, x.upn))
        if load_result is not None and (said := {u.two_upns for u in held if u.two_upns}):
            # (a child under two UPNs whose letter the held list names, saying why: not
            # again in the load's note, which names it by reference)
            notes = load_result.warnings_besides(said, notes)
        result = LettersRun(
            as_of=ev.as_of,
            figures_end=ev.coverage.figures_end if ev.coverage is not None else None,
            half_term=ht,
            letter_date=letter_date,
            letters=letters,
            no_contact=no_contact,
            to_decide=to_decide,
            notes=notes,
            out_dir=out_dir,
            history=hist_file,
            dry_run=dry_run,
            held=held,
            improved=improved,
            this_term=this_term,
            warned=warned,
            no_longer=no_longer,
            drafted_seconds=drafting,
            # what the letters' figures cannot settle, never absorbed unsaid (DOMAIN.md 12)
            problems=problems_line(
                ev.data_quality,
                between(ev.period_start, ev.period_end),  # (the figures' last day)
                "the letters leave out sessions with no mark and count each N as unauthorised",
                " before the letters go",
                n_days=ev.config.n_within_days,
            ),
        )
        result.released_here = released_here
        if identities and ev.prepared is not None:
            from attcli.loaders import pupil_identities

            result.identities = pupil_identities(ev.prepared.roll)
        if dry_run:
            if store is not None:  # what the real run removes (_remove_left_unfinished)
                result.notes.extend(_left_unfinished_said(store, letters, ht))
            if out_dir is not None and (why := _out_refused(out_dir, result.letters)):
                # (said "N letters would be written" of a folder the real run refuses)
                result.notes.append(f"the real run would stop, writing nothing: {why}")
            result.seconds = time.perf_counter() - started
            return result
        assert out_dir is not None and store is not None
        _write_all(result, store, settings, out_key, force, resend, progress)
        result.seconds = time.perf_counter() - started
        return result
    except BaseException as exc:
        # a refused run starts no history (the empty store it made goes); one that began
        # letters keeps it: its rows say the files left are its own
        if store is not None and store.created and not _began_letters(store):
            store.discard_if_new(type(exc))
        raise
    finally:
        if store is not None:
            store.close()


def _began_letters(store: History) -> bool:
    """Whether the store holds any letter, begun or sent (a store that cannot be read:
    kept, as if it did)."""
    import sqlite3

    try:
        return store.db.execute("SELECT 1 FROM letters LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return True




def _skipped_half_term(
    store: History | None, school: str, ht: HalfTerm, ev: Evaluation
) -> list[str]:
    """Notes when the half term before ``ht`` (this school year's) has no letter on record:
    when an earlier one of the school year has, its letters were forgotten, or sent outside
    attcli, which attcli cannot tell apart, and this run's letters count only the letters
    on record (a second letter at a band may be the third); and when ``ht`` has begun only
    within a school week of the as-of date (an export "to date" made on the first days
    back after a holiday), these letters are the new half term's, on a day or so of it,
    where the office may have meant the last one's: its --as-of is given."""
    before = [h for h in ev.calendar.half_terms if h.end < ht.start]
    if not before:
        return []
    last = max(before, key=lambda h: h.start)
    from attcli.calendar import academic_year_start

    year_start = academic_year_start(ht.start)
    if last.start < year_start:
        return []
    sent = store.sent_half_terms(school, year_start, ht.start) if store is not None else {}
    if any(last.start <= start <= last.end for start in sent):
        return []
    if store is not None:
        from attcli.termly import recorded_by_hand

        # a letter stage recorded by hand is a letter of the half term on record
        hand = recorded_by_hand(store, ev.config, last, ev.calendar.half_terms)
        if any((r.school or "") == (school or "") for r in hand):
            return []
    out = []
    if sent:
        earlier = sent[max(sent)]
        out.append(
            f"no letters on record for {last.name} ({last.start:%d/%m/%Y} to "
            f"{last.end:%d/%m/%Y}), though {earlier}'s went: if its letters were never run, "
            "what its figures called for was never sent, and this run's letters count only "
            "the letters on record"
        )
    days = [d for d in ev.calendar.school_days if ht.start <= d <= ev.as_of]
    last_days = [d for d in ev.calendar.school_days if last.start <= d <= last.end]
    if days and last_days and len(days) <= 5:
        span = f"{days[0]:%d/%m/%Y}" + (f" to {days[-1]:%d/%m/%Y}" if len(days) > 1 else "")
        out.append(
            f"these letters are {ht.name}'s, on {percent.counted(len(days), 'school day')} "
            f"of it ({span}): {last.name} has no letters on record; for its letters give "
            f"--as-of {last_days[-1]:%Y-%m-%d}"
        )
    return out


def _by_hand_said(letters: Sequence[Letter]) -> str | None:
    """One line naming the letters this run does not write because the office recorded
    them by hand this half term (:func:`attcli.termly.recorded_by_hand`), with the
    record; None when none."""
    said: dict[tuple[str, str, str], str] = {}
    for x in letters:
        if x.status == "already sent" and x.by_hand is not None:
            a = x.by_hand
            said[(x.school, x.upn, x.template)] = (
                f"{display_text(x.upn, LINE_LIMIT)}'s {letter_name(x.template)} letter was recorded by "
                f"hand on {a.done_on:%d/%m/%Y} (attcli case record, record {a.id})"
            )
    if not said:
        return None
    one = len(said) == 1
    return (
        f"{'; '.join(said.values())}: sent this half term, so "
        f"{'it is' if one else 'they are'} not written again (never the same letter "
        f"twice in a half term); if {'it was' if one else 'one was'} not sent, void "
        f"{'the' if one else 'its'} record (attcli case void ID) and run letters again"
    )


def _improved(
    due: list[tuple[dict[str, Any], str, str | None, str]],
    ev: Evaluation,
    sent: SentLookup | None,
    undone: Collection[tuple[str, str]] = (),
    corrected: dict[tuple[str, str, str], str] | None = None,
) -> tuple[list[tuple[dict[str, Any], str, str | None, str]], list[Unaddressed]]:
    """Take out of ``due`` the band letters of pupils sent a more serious band's letter
    this half term (the bands are best first: a later one is more serious).  Their
    attendance has improved since: a second, milder letter in the same half term would
    contradict the first.  A pupil who got worse still gets the more serious letter; the
    next half term starts afresh.

    ``undone``: (upn, template) of the letters the register, corrected since, no longer
    calls for (:func:`_no_longer_called_for`).  A milder letter after only such letters is
    no improvement (the more serious letter was wrong): it stays in ``due``, and why it
    waits for a person goes in ``corrected`` ((school, upn, template) -> why), which
    :func:`_hold` holds it by (sweep "history")."""
    from attcli.termly import improved_text

    if sent is None:
        return due, []
    kept: list[tuple[dict[str, Any], str, str | None, str]] = []
    improved: list[Unaddressed] = []
    for item in due:
        row, template, band, _ = item
        school = row["school"] or ""
        # (the milder letter itself already sent this half term shows as already sent)
        stop = stopped_by(ev.config, sent, school, row["upn"], template, band)
        if stop is not None and stop[0] == "improved":
            worse = stop[1]
            if corrected is not None and all(
                (row["upn"], r.template) in undone for r in worse
            ):
                last = max(worse, key=lambda r: (r.letter_date, r.id))
                corrected[(school, row["upn"], template)] = (
                    f"not an improvement: the {letter_name(last.band)} letter of "
                    f"{last.letter_date:%d/%m/%Y} rested on marks changed since (see No "
                    f"longer called for), and the register now calls for this {letter_name(band)} letter: "
                    "a person decides whether it goes"
                )
            else:
                improved.append(
                    Unaddressed(row["upn"], _pupil_name(row), template, improved_text(band, worse))
                )
                continue
        kept.append(item)
    return kept, improved


def _once_a_term(
    due: list[tuple[dict[str, Any], str, str | None, str]],
    ev: Evaluation,
    store: History | None,
    sent: SentLookup | None,
    undone: Collection[tuple[str, str]] = (),
    corrected: dict[tuple[str, str, str], str] | None = None,
    earlier: Mapping[tuple[str, str], Sequence[LetterRecord]] | None = None,
) -> tuple[
    list[tuple[dict[str, Any], str, str | None, str]], list[Unaddressed], list[Unaddressed]
]:
    """Take out of ``due`` the letters of bands whose letter goes once a term (``[[bands]]
    letter_every = "term"``: seed 003's "RAG Attendance Letters to be sent home termly",
    DOMAIN.md 11) when an earlier half term of this term (this school year's) had the
    band's letter (the term's letter went: second value), or a more serious band's letter
    (improved since: third value, as :func:`_improved` has it within a half term).  A
    letter sent this half term is left to show as already sent; a worse band's letter is
    another letter and goes.  After only more serious letters the register, corrected
    since, no longer calls for (``undone``), the milder letter is no improvement: it stays,
    held by ``corrected`` as :func:`_improved` holds it."""
    if earlier is None:
        from attcli.termly import termly_earlier

        earlier = termly_earlier(store, ev.config, ev.calendar.half_terms, ev.half_term)
    if not earlier:
        return due, [], []
    config = ev.config
    kept: list[tuple[dict[str, Any], str, str | None, str]] = []
    went: list[Unaddressed] = []
    improved: list[Unaddressed] = []
    for item in due:
        row, template, band, reason = item
        school, upn = row["school"] or "", row["upn"]
        # (a letter sent this half term is left to show as already sent: no sent(), the
        # half term's own part of the rule, as before)
        stop = (
            stopped_by(config, sent or (lambda *_: []), school, upn, template, band, earlier)
            if reason == f"band {band}"
            else None
        )
        if stop is None or stop[0] not in ("went", "improved_term"):
            kept.append(item)
            continue
        kind, letters, text = stop
        if kind == "went":
            went.append(Unaddressed(upn, _pupil_name(row), template, text))
            continue
        last = max(letters, key=lambda r: (r.letter_date, r.id))
        if corrected is not None and all((upn, r.template) in undone for r in letters):
            corrected[(school, upn, template)] = (
                f"not an improvement: the {letter_name(last.band)} letter of {last.letter_date:%d/%m/%Y} "
                f"({last.half_term}) rested on marks changed since (see No longer called "
                f"for), and the register now calls for this {letter_name(band)} letter: a person decides "
                "whether it goes"
            )
            kept.append(item)
            continue
        improved.append(Unaddressed(upn, _pupil_name(row), template, text))
    return kept, went, improved


def _newer_figures_sent(
    store: History | None, school: str, ht: HalfTerm, as_of: dt.date
) -> tuple[dt.date, int] | None:
    """(the newest figures date, how many letters) of the letters sent this half term
    (the school's) on figures newer than ``as_of``: an older export, or a past week's
    ``--as-of``, after them (sweep of 4 December, weekly); None when there are none.  A
    letter from before attcli kept its figures date is not judged."""
    if store is None:
        return None
    sent = [
        r for r in store.sent_for(ht.start)
        if (r.school or "") == (school or "") and r.as_of is not None
    ]  # fmt: skip
    newest = max((r.as_of for r in sent if r.as_of is not None), default=None)
    if newest is None or newest <= as_of:
        return None
    return newest, len(sent)


def _no_longer_called_for(
    due: list[tuple[dict[str, Any], str, str | None, str]],
    decide: list[Unaddressed],
    ev: Evaluation,
    settings: LetterSettings,
    store: History | None,
    wanted: set[str] | None,
    period_start: dt.date | None,
    further: dict[tuple[str, str, str], str] | None = None,
) -> list[Unaddressed]:
    """The band letters, penalty-notice warnings and lateness letters sent this half term,
    or last half term (this school year's) of a template not sent since, (the history) that the register no
    longer calls for, one entry per pupil: neither today's figures (``due``,
    before any letter is held or left out; ``decide``) call for the letter, nor a band
    letter at least as serious, nor do the register's figures now as of the letter's own
    figures date (its ``as_of``).  The second test keeps out a pupil who improved, or whose
    window rolled past the sessions warned about: the letter was right when sent.  What is
    left rested on marks corrected since (DOMAIN.md 12: corrections are listed, never
    absorbed): "sent 21/12/2026: no longer called for: the register now gives 4
    unauthorised sessions in the penalty-notice window to 18/12/2026 (the threshold is 10);
    consider telling the family" (docs/letters.md).  Pupils not on roll (their own note),
    letters ``--only`` leaves out and letters from before attcli kept their figures date
    are not judged."""
    ht = ev.half_term
    assert ht is not None
    if store is None:
        return []
    config = ev.config
    rank, band_letters = config.band_rank, config.band_letters
    judged = band_letters | ({PN_WARNING} if settings.penalty_notice else set())
    if settings.lateness:  # ("arrived late 4 times", one late since made /: history sweep)
        judged |= {LATENESS}
    if settings.praise:  # ("not a single session missed", two days since made O: letters2)
        judged |= {PRAISE}
    if wanted is not None:
        judged &= wanted
    on_roll = {
        (s or "", u) for s, u, r in ev.pupils.select("school", "upn", "on_roll").iter_rows() if r
    }
    sent: dict[tuple[str, str, str], list[LetterRecord]] = {}
    # (a letter from before attcli kept its figures date, history 12, is not judged: as
    # of today's date a pupil who came to school since was said "corrected since"; the
    # note on letters before their marks were kept says a correction cannot be told)
    for r in store.sent_for(ht.start):
        if r.template in judged and (r.school, r.upn) in on_roll and r.as_of is not None:
            sent.setdefault((r.school, r.upn, r.template), []).append(r)
    # and last half term's (this school year's), of a template not sent since: a
    # correction that lands after the half term turned was said nowhere (sweep of 4
    # December, weekly: a penalty-notice warning on O marks made I in November)
    from attcli.calendar import academic_year_start

    year = academic_year_start(ht.start)
    last = max(
        (h for h in ev.calendar.half_terms if year <= h.start and h.end < ht.start),
        key=lambda h: h.start,
        default=None,
    )
    of_last: dict[tuple[str, str, str], str] = {}
    if last is not None:
        for r in store.sent_for(last.start):
            key = (r.school, r.upn, r.template)
            if r.template in judged and (r.school, r.upn) in on_roll and r.as_of is not None and (
                key not in sent or key in of_last
            ):
                sent.setdefault(key, []).append(r)
                of_last[key] = last.name
    if not sent:
        return []

    bands_sent: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for (s, u, template), records in sent.items():
        if template in band_letters and records[-1].band in rank:
            bands_sent.setdefault((s, u), []).append((template, rank[records[-1].band or ""]))

    def called_for(
        chosen: list[tuple[dict[str, Any], str, str | None, str]],
        asked: list[Unaddressed],
    ) -> set[tuple[str, str, str]]:
        out = {(row["school"] or "", row["upn"], t) for row, t, *_ in chosen}
        asked_upns = {(u.upn, u.template) for u in asked}  # (for a person to decide)
        out |= {k for k in sent if (k[1], k[2]) in asked_upns}
        for row, t, band, _ in chosen:  # a band letter at least as serious calls for it
            if t in band_letters and band in rank:
                key = (row["school"] or "", row["upn"])
                out |= {(*key, x) for x, was in bands_sent.get(key, []) if rank[band] >= was}
        return out

    now = called_for(due, decide)
    gone_now = [k for k in sorted(sent) if k not in now]
    # a warning of this half term that the window calls for again now: sent on marks
    # changed since, the absence it is called for now is absence the family was never
    # warned of, and the letter shows as "already sent" (DOMAIN.md 9: never twice), said
    # (sweep "history")
    window_now = {
        (row["school"] or "", row["upn"]): row["pn_window_sessions"]
        for row, t, *_ in due
        if t == PN_WARNING
    }
    again = [
        k for k in sorted(sent) if k in now and k[2] == PN_WARNING and k not in of_last
        and k[:2] in window_now
    ]  # fmt: skip
    # a letter of last half term whose template is due again now: the new one is a further
    # letter ("letter 2") after it; after one the register no longer supports it waits for
    # a person (``further``, held by :func:`_hold`; sweep "history")
    if further is not None:
        due_now = {(row["school"] or "", row["upn"], t) for row, t, *_ in due}
        # (not praise: a praise letter is never "a further letter"; listed only)
        again += [
            k for k in sorted(sent) if k in of_last and k in due_now and k[2] != PRAISE
        ]
    if not gone_now and not again:
        return []
    # the register's figures now as of each letter's own figures date: one evaluation a
    # date (today's when it is the as-of date, or the letter kept none).  A warning is
    # judged with the notices on record before the day it was sent: one issued since
    # (the notice it warned of) takes the window's sessions it was borne out by, and is
    # no correction of the register (sweep yearcycle)
    from attcli.letter_marks import warned_unseen

    on_day: dict[tuple[dt.date, dt.date | None], list[tuple[str, str, str]]] = {}
    for key in gone_now + again:
        warned = sent[key][-1].letter_date if key[2] == PN_WARNING else None
        on_day.setdefault((sent[key][-1].as_of or ev.as_of, warned), []).append(key)
    checked: dict[tuple[str, str, str], tuple[Evaluation, dict[str, Any]]] = {}
    # the days judged on the register as it is (no notice set aside): one evaluation for
    # them all (issue 15), each as it would be alone; a day the data no longer reach makes
    # each day be evaluated on its own, below
    plain = sorted({day for day, warned in on_day if warned is None and day != ev.as_of})
    evaluated: dict[dt.date, Evaluation] = {}
    if len(plain) > 1 and ev.prepared is not None:
        from attcli.engine import Ask

        try:
            asks = [Ask(day, period_start, flags_only=True) for day in plain]
            evaluated = dict(zip(plain, ev.prepared.evaluate_many(*asks), strict=True))
        except AttcliError:
            evaluated = {}
    for (day, warned), keys in on_day.items():
        then = ev
        prepared = ev.prepared
        if warned is not None and prepared is not None:
            prepared = prepared.with_covered(
                store.all_covered_sessions(warned - dt.timedelta(days=1), config.school_key)
            )
        if warned is None and day in evaluated:
            then = evaluated[day]
        elif (day != ev.as_of or prepared is not ev.prepared) and prepared is not None:
            try:
                then = prepared.evaluate(day, period_start, flags_only=True)
            except AttcliError:  # (a day the data no longer reach: today's figures)
                then = ev
        pupils = {k[:2] for k in keys}
        who = then.pupils.join(
            pl.DataFrame(
                sorted(pupils), schema={"_sk": pl.Utf8, "upn": pl.Utf8}, orient="row"
            ),
            left_on=[pl.col("school").fill_null(""), "upn"],
            right_on=["_sk", "upn"],
            how="semi",
        )
        rows = {(r["school"] or "", r["upn"]): r for r in who.iter_rows(named=True)}
        letter_day = max(sent[k][-1].letter_date for k in keys)
        picked, asked, _ = _choose(replace(then, pupils=who), settings, None, None, letter_day)
        still = called_for(picked, asked)
        for key in keys:  # called for when sent, by the register now: improved since
            # (a warning that counted sessions the exports given no longer hold, July's
            # of a window across the summer with September's export alone, is not judged:
            # nothing was corrected; the run's note says the window is short: yearcycle2)
            if key not in still and key[:2] in rows and not warned_unseen(sent[key], ev):
                checked[key] = (then, rows[key[:2]])
    by_pupil: dict[tuple[str, str], list[tuple[str, str]]] = {}
    dates: dict[tuple[str, str], set[tuple[dt.date, str]]] = {}
    names: dict[tuple[str, str], str] = {}
    thresholds = [b.threshold for b in config.bands if b.threshold is not None]
    def figures_of(template: str, then: Evaluation, row: dict[str, Any]) -> str:
        if template == PN_WARNING:
            return (
                f"{row['pn_window_sessions'] or 0} unauthorised sessions in the penalty-notice "
                f"window to {then.as_of:%d/%m/%Y} (the threshold is {config.pn_sessions})"
            )
        if template == LATENESS:
            ht_then = then.half_term
            return (
                f"{row['lates_half_term'] or 0} lates in "
                f"{ht_then.name if ht_then is not None else 'the half term'} to "
                f"{then.as_of:%d/%m/%Y} (the threshold is {config.lates_threshold})"
            )
        if template == PRAISE:
            lines = [*thresholds, settings.praise_at_least]
            pct = pct_text(row["attended"], row["possible"], lines) if row["possible"] else "no session"
            since = ""  # praise-worthy by the figure, but not sent beside these (_choose)
            if row["possible"] and row["attended"] * 100 >= settings.praise_at_least * row["possible"]:
                since = (
                    f", but {row['lates_half_term']} lates this half term"
                    if settings.lateness and row["lates_flag"]
                    else ", but the penalty-notice threshold is met"
                    if row["pn_threshold_met"]
                    else ", but absent without explanation now"
                )
            return (
                f"{pct} to {then.as_of:%d/%m/%Y} (praise is from "
                f"{percent.threshold_text(settings.praise_at_least)}%{since})"
            )
        pct = pct_text(row["attended"], row["possible"], thresholds) if row["possible"] else "no session"
        return f"{pct} to {then.as_of:%d/%m/%Y} ({row['band'] or 'no band'})"

    out = []
    for key in again:  # (listed apart: called for now, not by the sessions it warned of)
        if key not in checked:
            continue
        then, row = checked.pop(key)
        if key in of_last:
            assert further is not None
            last_sent = sent[key][-1]
            further[key] = (
                f"a further letter after the {letter_name(key[2])} letter of "
                f"{last_sent.letter_date:%d/%m/%Y} ({of_last[key]}), which the register, "
                f"corrected since, no longer supports ({figures_of(key[2], then, row)}): a "
                "person decides whether it goes"
            )
            continue
        out.append(
            Unaddressed(
                key[1],
                sent[key][-1].pupil_name or _pupil_name(row),
                key[2],
                f"sent {sent[key][-1].letter_date:%d/%m/%Y}: the register now gives "
                f"{row['pn_window_sessions'] or 0} unauthorised sessions in the "
                f"penalty-notice window to {then.as_of:%d/%m/%Y} (the threshold is "
                f"{config.pn_sessions}): the marks it warned of were changed since; the "
                f"window to {ev.as_of:%d/%m/%Y} holds {window_now[key[:2]]}, of which the "
                "family has not been warned: a further warning is a person's call",
            )
        )
    for (school, upn, template), (then, row) in sorted(
        checked.items(), key=lambda x: (x[0][:2], x[0][2] == PN_WARNING, x[0][2])
    ):
        names[(school, upn)] = sent[(school, upn, template)][-1].pupil_name or _pupil_name(row)
        dates.setdefault((school, upn), set()).update(
            (r.letter_date, of_last.get((school, upn, template), ""))
            for r in sent[(school, upn, template)]
        )
        by_pupil.setdefault((school, upn), []).append((template, figures_of(template, then, row)))
    for key, items in by_pupil.items():
        sent_on = " and ".join(
            f"{d:%d/%m/%Y}" + (f" ({name})" if name else "") for d, name in sorted(dates[key])
        )
        gives = " and ".join(dict.fromkeys(f for _, f in items))
        out.append(
            Unaddressed(
                key[1],
                names[key],
                ", ".join(t for t, _ in items),
                f"sent {sent_on}: no longer called for: the register now gives {gives}; "
                "consider telling the family",
            )
        )
    return sorted(out, key=lambda u: u.upn)


def _after_unsupported(
    due: list[tuple[dict[str, Any], str, str | None, str]],
    ev: Evaluation,
    store: History,
    ht: HalfTerm,
    corrected: dict[tuple[str, str, str], str],
) -> None:
    """Put in ``corrected`` (held for a person by :func:`_hold`) each band letter due
    after a band letter of the pupil's this school year whose band the register, corrected
    since, no longer gives as of that letter's own figures date: the new one would be "a
    further letter", compare attendance with the figure the earlier one gave ("It was
    82.9% when I last wrote") and escalate (a meeting) on a letter the register no longer
    supports (:func:`attcli.letter_marks.unsupported_band_letters`; sweep corrections3).
    Likewise a penalty-notice warning due after a warning whose window the register now
    holds below the threshold ("a further warning", "This letter follows our warning of
    ...": :func:`attcli.letter_marks.unsupported_warnings`).  A letter already held so
    (``corrected``, last half term's) keeps its reason."""
    from attcli.calendar import academic_year_start
    from attcli.letter_marks import unsupported_band_letters, unsupported_warnings

    band_letters = ev.config.band_letters
    judged = band_letters | {PN_WARNING}
    keys = {(row["school"] or "", row["upn"]) for row, t, *_ in due if t in judged}
    if not keys:
        return
    year = academic_year_start(ht.start).year
    earlier = [
        r for r in store.letters_of_year(year, ht.start, judged)
        if (r.school or "", r.upn) in keys and (r.as_of is None or r.as_of <= ev.as_of)
    ]  # fmt: skip
    undone = {
        **unsupported_band_letters(ev, [r for r in earlier if r.template in band_letters]),
        **unsupported_warnings(ev, [r for r in earlier if r.template == PN_WARNING]),
    }
    if not undone:
        return
    by_pupil: dict[tuple[str, str, bool], list[str]] = {}
    for (school, upn, template), why in undone.items():
        by_pupil.setdefault((school, upn, template == PN_WARNING), []).append(why)
    for row, template, *_ in due:
        key = (row["school"] or "", row["upn"], template == PN_WARNING)
        if template in judged and key in by_pupil:
            what = "warning" if template == PN_WARNING else f"{letter_name(template)} letter"
            corrected.setdefault(
                (*key[:2], template),
                "; ".join(by_pupil[key])
                + f": a person decides whether this {what}, which follows it, goes",
            )


def _not_repeated(
    due: list[tuple[dict[str, Any], str, str | None, str]],
    ev: Evaluation,
    store: History | None,
) -> tuple[list[tuple[dict[str, Any], str, str | None, str]], list[Unaddressed]]:
    """Take out of ``due`` the penalty-notice warnings of pupils warned in an earlier half
    term whose window holds no unauthorised session dated after that warning's figures
    (its as-of date; a warning from before attcli kept it: its letter date).  The rolling
    10-school-week window holds the sessions already warned about for weeks after: a
    second warning about the same absence, with full attendance since, tells the family
    nothing new (docs/letters.md)."""
    ht = ev.half_term
    assert ht is not None
    if store is None or not any(t == PN_WARNING for _, t, *_ in due):
        return due, []
    latest: dict[tuple[str, str], dt.date] = {}
    if ev.pn_sessions.height:
        frame = ev.pn_sessions.group_by(pl.col("school").fill_null(""), "upn").agg(
            pl.col("date").max()
        )
        latest = {(str(s), str(u)): d for s, u, d in frame.iter_rows()}
    kept: list[tuple[dict[str, Any], str, str | None, str]] = []
    warned: list[Unaddressed] = []
    for item in due:
        row, template, *_ = item
        if template == PN_WARNING:
            key = (row["school"] or "", row["upn"])
            last = store.latest_before(*key, PN_WARNING, ht.start)
            if last is not None:
                since = last.as_of or last.letter_date
                newest = latest.get(key)
                if newest is None or newest <= since:
                    warned.append(
                        Unaddressed(
                            row["upn"],
                            _pupil_name(row),
                            template,
                            f"already warned on {last.letter_date:%d/%m/%Y}; no unauthorised "
                            "absence since",
                        )
                    )
                    continue
        kept.append(item)
    return kept, warned


def _hold(
    due: list[tuple[dict[str, Any], str, str | None, str]],
    ev: Evaluation,
    settings: LetterSettings,
    sent: SentLookup | None,
    include_held: bool,
    release: Sequence[str],
    by_code: dict[tuple[str, str], dict[str, int]],
    corrected_upns: Mapping[tuple[str, str], str] | None = None,
    after_undone: Mapping[tuple[str, str, str], str] | None = None,
    released_for: dict[tuple[str, str, str], str] | None = None,
    councils: Callable[[str], Sequence[str]] | None = None,
    earlier: Mapping[tuple[str, str], Sequence[LetterRecord]] | None = None,
) -> tuple[
    list[tuple[dict[str, Any], str, str | None, str]], list[Unaddressed], list[str], set[str]
]:
    """Take out of ``due`` the letters held for review, unless released: the absence
    letters of pupils whose absence is mostly agreed or illness (DOMAIN.md 9), the band
    letters that rest on N marks not yet due to be resolved (DOMAIN.md 12), both by
    :class:`attcli.absence.HoldRule` (the rule `attcli cases` holds the ladder's steps
    by), the penalty-notice warning whose threshold rests on N marks, stale or not
    (:func:`_provisional`), a ladder letter to a pupil who left the ladder improved and
    has nothing due on it (:func:`_left_improved`), a pupil's UPN new to the history whose
    child the history may know under another (``corrected_upns``), and a milder letter
    after a letter a correction undid (``after_undone``, :func:`_improved`), and a warning
    letter about a looked-after pupil (:meth:`HoldRule.looked_after_reason`: the register's
    column, or a council among the contacts, ``councils``).  A letter already sent this half term
    stays (it shows as already sent).  The fourth value is the ``release`` UPNs with no such
    letter due: an error (:func:`_refuse_release`) unless their letter is held for a
    character no font has (known once it is drafted).  The third value names the band letters kept that rest on stale N marks
    ("Nash, Noah (red: 10 N)": :meth:`HoldRule.rests_on_stale`), for the run to say."""
    rule = HoldRule.of(
        ev, settings.hold_codes, settings.hold_share, settings.hold_templates, by_code,
        praise_at_least=settings.praise_at_least if settings.praise else None,
        councils=councils,
    )
    one_child = set(rule.two_upns)  # (the loader's children under two UPNs)
    for key, why in (corrected_upns or {}).items():  # (a UPN corrected after letters went)
        rule.two_upns[key] = f"{rule.two_upns[key]}; {why}" if key in rule.two_upns else why
    provisional = _provisional(due, ev)
    left = _left_improved(due, ev)
    twice = sent_to_other_upn(due, ev, sent, rule.two_upns, earlier)
    whys: dict[tuple[str, str, str], str] = {}
    for row, template, band, _ in due:
        key = (row["school"] or "", row["upn"])
        parts = [
            *rule.reasons(key, band, template),
            twice.get((*key, template)),
            provisional.get((*key, template)),
            left.get((*key, template)),
            (after_undone or {}).get((*key, template)),
            rule.looked_after_reason(key, template),
        ]
        if any(parts):
            whys[(*key, template)] = "; ".join(p for p in parts if p)
    candidates = {upn for (_, upn, _) in whys}
    released = {typed_id(u) for u in release if u.strip()}  # (e999... is E999...)
    kept: list[tuple[dict[str, Any], str, str | None, str]] = []
    held: list[Unaddressed] = []
    for item in due:
        row, template, *_ = item
        school, upn = row["school"] or "", row["upn"]
        why = whys.get((school, upn, template))
        if why and not include_held and upn not in released:
            if not (sent and sent(school, upn, template)):
                key = (school, upn)
                held.append(Unaddressed(
                    upn, _pupil_name(row), template, why, key if key in one_child else None
                ))  # fmt: skip
                continue
        elif why and released_for is not None:  # (released by a person: kept with it)
            released_for[(school, upn, template)] = why
        kept.append(item)
    on_stale = []
    for row, template, band, _ in kept:
        school, upn = row["school"] or "", row["upn"]
        if template in rule.band_letters and not (
            sent and sent(school, upn, template)
        ):
            n = rule.rests_on_stale((school, upn), band)
            if n:
                on_stale.append(f"{_pupil_name(row)} ({letter_name(template)}: {n} N)")
    return kept, held, on_stale, released - candidates


def _refuse_release(
    unmatched: set[str],
    held: list[Unaddressed],
    wanted: set[str] | None = None,
    *,
    waiting: Sequence[Unaddressed] = (),
    gone: Mapping[tuple[str, str], dt.date] | None = None,
) -> None:
    """A ``--release`` UPN with no letter held (by :func:`_hold`, or for a character no
    font has) is an error, naming those that are.  Under ``--only`` (``wanted``) only its
    letters are held or not: the refusal says so, as a letter it leaves out may be held
    (sweep letters3).  A UPN whose letter is ``waiting`` for a person to decide (a
    penalty-notice warning with no date of birth: :func:`_choose`) is told what it waits
    for: a release does not make it, the date of birth does (sweep nodob).  A UPN no longer
    on roll (``gone``: :func:`left_roll`) is told so: the pupil record and the check say its
    letter is held as of their date, and the letters make none for a pupil who has left,
    whatever ``--as-of`` (sweep looks6: "held: none" left the officer guessing)."""
    for upn in sorted(unmatched):
        typed = shown(upn)  # (as typed: a line break or an ESC shown, the error one line)
        left = sorted(d for (_, u), d in (gone or {}).items() if u == upn)
        if left:
            raise AttcliError(
                f"--release {typed}: the pupil is no longer on roll (left {left[-1]:%d/%m/%Y}): "
                "no letter goes to a pupil who has left, whatever --as-of; if the pupil is "
                "on roll under another UPN, release that one"
            )
        mine = [u for u in waiting if u.upn == upn]
        if mine:
            raise AttcliError(
                f"--release {typed}: its {', '.join(sorted({letter_name(u.template) for u in mine}))} waits "
                f"for a person, not a release: {'; '.join(u.reason for u in mine)}"
                + (
                    "; record the date of birth in the MIS and export it with the register"
                    if any(AGE_UNKNOWN in u.reason for u in mine)
                    else ""
                )
            )
        waiting = sorted({u.upn for u in held})
        held_list = ", ".join(waiting[:10]) + (", ..." if len(waiting) > 10 else "")
        if wanted:
            raise AttcliError(
                f"--release {typed}: no letter for this pupil is held for review in this run "
                f"among the letters --only asks for ({', '.join(sorted(wanted))}); held: "
                f"{held_list or 'none'}"
            )
        raise AttcliError(
            f"--release {typed}: no letter for this pupil is held for review in this run "
            f"(held: {held_list or 'none'})"
        )


def _provisional(
    due: list[tuple[dict[str, Any], str, str | None, str]], ev: Evaluation
) -> dict[tuple[str, str, str], str]:
    """(school, upn, template) -> why the penalty-notice warning of ``due`` rests on N
    marks: without the N marks of its window, stale or not, the threshold is not met (a
    band letter's N marks: :class:`attcli.absence.HoldRule`).

    An N is "reason not yet established" (DOMAIN.md 12), whatever its age: within
    ``[thresholds] n_within_days`` school days the school may still give the reason;
    older (stale: the data-quality list's ``stale_n``) it is overdue, and a local authority
    returns a request whose window holds N (DOMAIN.md 5).  The reason says how many, how
    many of them are stale, and, when some are, that their reasons are to be found first
    (docs/decisions.md).  The window reaches back across the summer into last school year
    (DOMAIN.md 5), and so does an N's age: counted in the register's school days, an N of
    the summer term's last Friday is 2 school days old on the autumn term's second day."""
    config = ev.config
    window = _window_n(due, ev)
    out: dict[tuple[str, str, str], str] = {}
    for row, template, *_ in due:
        key = (row["school"] or "", row["upn"])
        if template == PN_WARNING and key in window:
            n, fresh, earlier = window[key]
            if (row["pn_window_sessions"] or 0) - n < config.pn_sessions:
                out[(*key, template)] = n_marks_text(
                    n,
                    n - fresh,
                    f"the penalty-notice threshold ({config.pn_sessions} unauthorised "
                    f"sessions{config.pn_marked} in "
                    f"{percent.counted(config.pn_weeks, 'school week')})",
                    earlier,
                    n_days=config.n_within_days,
                )
    return out


def _left_improved(
    due: list[tuple[dict[str, Any], str, str | None, str]], ev: Evaluation
) -> dict[tuple[str, str, str], str]:
    """(school, upn, template) -> why a band letter of ``due`` that is a letter stage of the
    escalation ladder (its ``template``) is held: the pupil's last period on the ladder
    ended improved, they left it, and the ladder has nothing due for them now (their
    attendance since leaving calls for no stage: docs/cases.md).  Sent, the letter would be
    recorded as that stage and put them on the ladder again, the year-to-date figure
    still low after a good period; a person decides (docs/letters.md)."""
    from attcli.placing import left_improved_whys

    return left_improved_whys(
        ev, [((row["school"] or "", row["upn"]), template) for row, template, *_ in due]
    )


def _window_n(
    due: list[tuple[dict[str, Any], str, str | None, str]], ev: Evaluation
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(school, upn) -> the N marks the penalty-notice window counts for a pupil with a
    warning in ``due``, of them those not yet stale at the as-of date, and of those how
    many are of last school year (:func:`attcli.quality.window_n`, the rule the weekly
    check's penalty-notice reason uses too)."""
    from attcli.quality import window_n

    warned = {(r["school"] or "", r["upn"]) for r, template, *_ in due if template == PN_WARNING}
    if not warned:
        return {}
    return {
        (school, upn): (n, fresh, earlier)
        for school, upn, n, fresh, earlier in window_n(ev).iter_rows()
        if n and (school, upn) in warned
    }


def _after_forgetting(letters: Sequence[Letter], store: History, ht: HalfTerm) -> str | None:
    """The note on new letters to pupils whose records `attcli pupil forget` deleted this
    school year (with --force: still on roll): their letters before it are not known, so
    a letter may repeat one they had (docs/letters.md, "What the history holds")."""
    from attcli.calendar import academic_year_start

    new = {(x.school, x.upn): x.pupil_name for x in letters if x.status == "new"}
    since = academic_year_start(ht.start)
    # (each school's pupils: a forgetting at another of a trust's schools is not theirs)
    gone = store.forgotten_since(new, since)
    if not gone:
        return None
    return (
        f"{percent.counted(len(gone), 'pupil')} with a letter now had their records deleted "
        "this school year (attcli pupil forget): the letters sent before are no longer "
        "known, so this one may repeat one; check before it goes: "
        + "; ".join(f"{new[k]} ({k[1]}), deleted {w}" for k, w in sorted(gone.items()))
    )


def _plan(
    due: list[tuple[dict[str, Any], str, str | None, str]],
    ev: Evaluation,
    book: Contacts,
    settings: LetterSettings,
    sent_of: SentLookup | None,
    resend: bool,
    owners: dict[str, set[tuple[str, str, str, str, str]]],
) -> tuple[list[Letter], list[Unaddressed]]:
    ht = ev.half_term
    assert ht is not None
    letters: list[Letter] = []
    missing: list[Unaddressed] = []
    for row, template, band, reason in due:
        name = _pupil_name(row)
        school = row["school"] or ""
        recipients = book.recipients(row["upn"], all_with_pr=settings.all_recipients)
        if not recipients:
            found = book.for_upn(row["upn"])
            # (a carer the pupil lives with is a parent too: said where the export says
            # who the pupil lives with, carers sweep)
            lives = book.has_lives_with_column
            why = (
                "no contacts in the contacts export"
                if not found
                else "no contact with parental responsibility"
                + (", or living with the pupil," if lives else "")
                + " and a postal address or email"
                + _incomplete(found, book.has_pr_column, lives)
            )
            missing.append(Unaddressed(row["upn"], name, template, why))
            continue
        # (a band's letter: found under the name the band's letter had when it was sent)
        of_band = band if band is not None and reason == f"band {band}" else None
        sent = sent_of(school, row["upn"], template, of_band) if sent_of else []
        keys = {recipient_key(c) for c in recipients}
        for n, contact in enumerate(recipients):
            key = recipient_key(contact)
            # (a letter recorded by hand went to whom it went: every recipient's)
            already = [
                r for r in sent
                if not settings.all_recipients or r.recipient == key or r.by_hand
            ]  # fmt: skip
            if settings.all_recipients and not already:
                # the history knows a recipient by name and postcode: a parent who moved
                # house since is a new key, and was sent the letter again (letters2); one
                # sent to this contact's name, no other recipient's now, was theirs
                already = [
                    r for r in sent
                    if r.recipient not in keys and _who(r.recipient) == _who(key)
                ]  # fmt: skip
            # the record of the letter to this contact: contacts sharing the first priority
            # each had their own; else one sent to a contact not among them now (the
            # priority contact changed in the MIS), else the last
            already = [
                r for r in already if r.recipient == key
            ] or [r for r in already if r.recipient not in keys] or already
            stem = _file_stem(row["upn"], row["surname"] or "", row["forename"] or "", template, n)
            letters.append(
                Letter(
                    school=school,
                    upn=row["upn"],
                    pupil_name=name,
                    template=template,
                    band=band,
                    reason=reason,
                    contact=contact,
                    status="already sent" if already and not resend else "new",
                    file=already[-1].file if already and not resend else f"{stem}.pdf",
                    stage=already[-1].stage if already and not resend else 1,
                    sent_to=already[-1].contact_name if already and not resend else "",
                    by_hand=already[-1].by_hand if already and not resend else None,
                )
            )
    _distinct_files(letters, owners, ht)
    return letters, missing


def _unreached(letters: Sequence[Letter], book: Contacts, all_recipients: bool) -> str | None:
    """One line naming the contacts this run's new letters would go to but for having no
    postal address or email (:meth:`Contacts.unreached`), and who each pupil's letter went
    to instead; None when there are none.  A priority contact passed over for the next
    one was silent: the mother the school writes to first never heard of the letter."""
    went: dict[str, list[str]] = {}
    for x in letters:
        if x.status == "new":
            names = went.setdefault(x.upn, [])
            name = display_text(x.contact.name, LINE_LIMIT)
            if name not in names:
                names.append(name)
    said = []
    carers = False
    for upn, names in went.items():
        for c in book.unreached(upn, all_with_pr=all_recipients):
            # (one without parental responsibility is a carer the pupil lives with)
            carers = carers or (c.parental_responsibility is not True and book.has_pr_column)
            who = display_text(c.name, LINE_LIMIT) or f"the contact on line {c.line}"
            rank = f", priority {c.priority}" if c.priority is not None else ""
            said.append(
                f"{who} ({display_text(upn, LINE_LIMIT)}{rank}; the letter went to "
                f"{' and '.join(names)})"
            )
    if not said:
        return None
    n = len(said)
    return (
        f"{n} contact{'s' if n != 1 else ''} with parental responsibility"
        f"{', or living with the pupil,' if carers else ''} "
        f"get{'s' if n == 1 else ''} no letter, having no postal address or email in the "
        f"contacts export (add it in the MIS): {', '.join(said[:10])}"
        + (", ..." if n > 10 else "")
    )


def _to_carers(letters: Sequence[Letter], book: Contacts) -> str | None:
    """One line naming the new letters addressed to a carer the pupil lives with who has no
    parental responsibility in the export (a parent: Education Act 1996 s.576; carers
    sweep), so the office sees why someone without it is written to; None when none is."""
    said = list(dict.fromkeys(
        f"{display_text(x.contact.name, LINE_LIMIT) or 'the contact on line ' + str(x.contact.line)}"
        f" ({display_text(x.upn, LINE_LIMIT)})"
        for x in letters
        if x.status == "new" and book.has_pr_column
        and x.contact.parental_responsibility is not True and is_carer(x.contact)
    ))  # fmt: skip
    if not said:
        return None
    n = len(said)
    return (
        f"{n} letter{'s go' if n != 1 else ' goes'} to a carer the pupil lives with, without "
        "parental responsibility in the contacts export (a parent: Education Act 1996 "
        f"s.576): {', '.join(said[:10])}{', ...' if n > 10 else ''}"
    )


def _marked_looked_after(ev: Evaluation | None) -> dict[tuple[str, str], bool]:
    """(school, upn) -> the register's own looked-after column (Y True, N False), as of
    ``ev``'s date (empty without the column: :meth:`Prepared.looked_after_marks`)."""
    if ev is None or ev.prepared is None:
        return {}
    return ev.prepared.looked_after_marks(ev.as_of)


def _looked_after_of(
    book: Contacts, marked: Mapping[tuple[str, str], bool], school: str | None, upn: str
) -> LookedAfter:
    """What the contacts and the register's column say of the pupil
    (:func:`attcli.looked_after.looked_after`), for the letter's ``pupil.looked_after``,
    ``pupil.virtual_school_head`` and the next notice quoted (the hold asks the same rule:
    :meth:`attcli.absence.HoldRule.looked_after_reason`)."""
    return looked_after_rule(book.councils(upn), marked.get((school or "", upn)))


def _looked_after(
    letters: Sequence[Letter], no_contact: Sequence[Unaddressed], book: Contacts
) -> str | None:
    """One line naming the pupils of this run's new letters (and those due one without a
    contact) who have a local authority with parental responsibility among their contacts
    (looked after): no letter is addressed to it, and policy 002 asks that the pupil's
    social worker be told of unexplained absence and the Virtual School Head worked with
    (sweep of 5 December, lac); None when there is none."""
    said = list(dict.fromkeys(
        f"{display_text(x.pupil_name, LINE_LIMIT)} ({display_text(x.upn, LINE_LIMIT)})"
        for x in sorted(
            [*(x for x in letters if x.status == "new"), *no_contact], key=lambda x: x.upn
        )
        if book.councils(x.upn)
    ))  # fmt: skip
    if not said:
        return None
    n = len(said)
    return (
        f"{n} pupil{'s have' if n != 1 else ' has'} a local authority with parental "
        "responsibility among their contacts (looked after): no letter is addressed to it; "
        "tell the pupil's social worker of unexplained absence and agree next steps with "
        f"the Virtual School Head: {', '.join(said[:10])}{', ...' if n > 10 else ''}"
    )


def _incomplete(found: list[Contact], has_pr_column: bool, lives_column: bool = False) -> str:
    """What the half-given postal addresses of a pupil's parents (parental responsibility,
    or a carer the pupil lives with: :func:`~attcli.contacts.is_parent`) lack (": Mrs Jo
    Quinn's address has no postcode"), which of them are marked not to be sent letters,
    who lives with the pupil but is no parent (a sibling), and (``lives_column``: the export
    says who the pupil lives with) whose living with the pupil is left blank, or ""."""
    said = []
    for c in found:
        if not is_parent(c, has_pr_column):
            who = display_text(c.name, LINE_LIMIT) or f"the contact on line {c.line}"
            rel = f" ({display_text(c.relationship, LINE_LIMIT)})" if c.relationship else ""
            if holds_pr_as_council(c):  # (a council: no person to write to; lac sweep)
                said.append(
                    f"{who}{rel} is a local authority (the pupil is looked after): not "
                    "written to as a parent"
                )
            elif c.lives_with is True and not c.no_letters:  # (a sibling: carers sweep)
                said.append(f"{who}{rel} lives with the pupil but is not written to as a parent")
            elif c.lives_with is None and lives_column and c.usable and not c.no_letters:
                # (blank: not known, so not written to; said, the MIS can say it)
                said.append(f"{who}{rel}: the contacts export does not say if the pupil lives with them")
            continue
        who = display_text(c.name, LINE_LIMIT) or f"the contact on line {c.line}"
        if c.no_letters and c.usable:
            said.append(f"{who} is marked in the contacts export not to be sent letters")
        elif c.address and not c.postcode:
            said.append(f"{who}'s address has no postcode")
        elif c.postcode and not c.address:
            said.append(f"{who}'s address is only a postcode")
        if c.not_email and not c.usable:
            said.append(f"{who}'s email {c.not_email!r} is not an email address")
    return ": " + "; ".join(said) if said else ""


def _distinct_files(
    letters: list[Letter],
    owners: dict[str, set[tuple[str, str, str, str, str]]],
    half_term: HalfTerm,
) -> None:
    """Give each new letter a file name no other letter has, in this run or in the
    folder's history (``owners``: :meth:`History.file_owners`).

    Names are made from the UPN and names with everything but ``A-Z a-z 0-9 . _ -``
    replaced, so two pupils can meet on one name (UPNs ``X1/1`` and ``X1?1``; the same
    UPN in two schools' exports); and Windows and macOS do not tell ``a.pdf`` from
    ``A.pdf``.  The second gets ``_2`` (then ``_3``...), in the pupils' order, so the same
    run gives the same names.  A name the history gives to another letter is never
    reused, so ``--resend`` (which may replace the letter's own earlier file) cannot
    replace another pupil's.  The same letter to the same parent in an earlier half term
    (its file in the folder, sent) is another letter: the new one ends with the half
    term's name (``..._amber_Spring-1.pdf``), so a folder used every half term keeps
    every letter sent (it was refused as a file attcli had not written, and --force
    replaced the letter sent).
    """
    taken = {x.file.casefold() for x in letters if x.status != "new"}
    start = half_term.start.isoformat()
    for x in letters:
        if x.status != "new":
            continue
        key = (x.school, x.upn, x.template, recipient_key(x.contact), start)
        base, name, k = x.file[: -len(".pdf")], x.file, 2
        others = owners.get(name.casefold(), set()) - {key}
        if others and all(_same_letter(o, key) for o in others):
            base = f"{base}_{safe_filename(half_term.name.replace(' ', '-'), max_len=30)}"
            name = f"{base}.pdf"
        while name.casefold() in taken or owners.get(name.casefold(), {key}) - {key}:
            name, k = f"{base}_{k}.pdf", k + 1
        x.file = name
        taken.add(name.casefold())


def _same_letter(owner: tuple[Any, ...], key: tuple[Any, ...]) -> bool:
    """Whether a file's earlier letter (``owner``: :meth:`History.file_owners`' key) is the
    same letter to the same parent as the new one's ``key`` (in another half term); None
    in a part is not known (a letter the history forgot, known from the folder's manifest
    alone: :func:`_forgotten_files`), taken as the same."""
    return all(o is None or o == k for o, k in zip(owner[:4], key[:4], strict=True))


def _forgotten_files(out_dir: Path, store: History) -> dict[str, tuple[Any, ...]]:
    """The letters the folder's manifest lists that the history forgot (`attcli pupil
    forget`: a pupil's, or last year's by the school's retention), as owners of their
    file names (case-folded) as :meth:`History.file_owners` gives them, the school,
    recipient and half term not known (None): a letter sent, still in the folder, which a
    new letter must not replace (sweep slips6: September's red letter was refused as
    "already exists and attcli has no record of writing it", July's of the same name)."""
    return {
        r["file"].casefold(): (None, (r.get("upn") or "").strip(), (r.get("template") or "").strip(), None, None)
        for r in _forgotten_rows(out_dir, store)
    }


def _forgotten_rows(out_dir: Path, store: History) -> list[dict[str, str]]:
    """The folder's manifest's rows of letters the history forgot (:func:`_forgotten_files`)
    whose file is still in the folder, as the manifest has them: the rewritten manifest
    keeps them, so a later run still knows the file as a letter sent (sweep looks13: the
    run after a forgetting listed only the letters on record, and the next half term's
    letter to the pupil was refused as a file "attcli has no record of writing")."""
    manifest = out_dir / MANIFEST
    if store.created or not manifest.is_file() or not _our_manifest(manifest):
        return []
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r.get("file")]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    known = store.known_files({r["file"] for r in rows})
    unknown = [r for r in rows if r["file"] not in known]
    left = {id(r) for r in _not_forgotten(unknown, store)}
    return [r for r in unknown if id(r) not in left and (out_dir / r["file"]).is_file()]


def _who(key: str) -> str:
    """The name part of a recipient key (:func:`attcli.contacts.recipient_key`)."""
    return key.rpartition("|")[0] if "|" in key else key


def recipient_key(contact: Contact) -> str:
    """How the history knows who a letter went to (:func:`attcli.contacts.recipient_key`)."""
    return contacts_recipient_key(contact.name, contact.postcode or contact.email)


def _write_all(
    run: LettersRun,
    store: History,
    settings: LetterSettings,
    out_key: str,
    force: bool,
    resend: bool,
    progress: Callable[[int, int], None] | None,
) -> None:
    from attcli.letters.render import letter_html
    from attcli.pdf import FONT_ADVICE, PdfRenderer, missing_text

    out_dir = run.out_dir
    assert out_dir is not None
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {shown(str(out_dir))} is a file; give a folder")
    make_folder(out_dir)
    if not os.access(out_dir, os.W_OK | os.X_OK):  # (before any letter is begun)
        raise OutputError(
            f"cannot write in the folder {shown(str(out_dir))}: it is read-only to you; give --out a "
            "folder you can write to (no letter was written or recorded)"
        )
    # half-written by a killed run (write_private): only of the files a letters run writes
    # here, never another command's file being written into this folder now (a colleague's
    # certificate: its rename then failed)
    ours_named = {n.casefold() for n in store.file_owners(out_key)}
    ours_named |= {n.casefold() for x in run.letters for n in (x.file, x.html_file)}
    for part in out_dir.glob(".*.part"):
        if PART_NAME.fullmatch(part.name) and _letters_file(part.name[1:-14], ours_named):
            part.unlink(missing_ok=True)
    todo = [x for x in run.letters if x.status == "new"]
    if why := _out_refused(out_dir, todo):
        # (the register or contacts saved in --out as manifest.csv, with --force: every
        # letter was written and left begun, then the manifest refused as a file read)
        raise OutputError(f"{why} (no letter was written or recorded)")
    # Files already there may be replaced only when they are this folder's own: left by an
    # interrupted run, or the letter being sent again.  Anything else needs --force.
    ours = store.unfinished(out_key)
    if resend:
        ours |= {r.file for r in store.sent_in(out_key, run.half_term.start)}
    clash = [
        name
        for x in todo
        for name in (x.file, x.html_file)
        if (out_dir / name).exists() and x.file not in ours
    ]
    if clash and not force:
        raise OutputError(
            f"{shown(out_dir / clash[0])} already exists and attcli has no record of writing it"
            f"{f' (and {len(clash) - 1} more)' if len(clash) > 1 else ''}; "
            "use --force to replace, or another --out folder"
        )
    manifest = out_dir / MANIFEST
    if todo and not force and manifest.exists() and not _our_manifest(manifest):
        raise OutputError(
            f"{shown(str(manifest))} already exists and is not a manifest attcli wrote (its first line is "
            "not attcli's header); use --force to replace, or another --out folder"
        )
    # (Windows: last week's manifest open in Excel, a letter sent again open in a PDF
    # viewer; found at the manifest, every letter was already written and in a print file)
    replaced = [out_dir / n for x in todo for n in (x.file, x.html_file)]
    for path in [*replaced, manifest] if todo else []:
        if path.is_file() and held_open(path):
            raise OutputError(
                f"cannot write {shown(str(path))}: it is open in another program (Excel, a PDF viewer?) "
                "or read-only; close it and run again (no letter was written or recorded)"
            )
    # (Windows with long paths off: said of the longest before the first letter, not at it)
    printed = out_dir / PRINT_FILE.format(date=run.letter_date, n=1)
    longest = max([*replaced, manifest, printed], key=lambda q: len(q.name))
    if todo and (too_long := windows_path_fault(longest)):
        raise OutputError(too_long.replace("nothing was written", "no letter was written"))
    renderer = PdfRenderer([settings.fonts] if settings.fonts else None)
    lacking = {x.file: renderer.missing(x.doc, x.certificate) for x in todo}
    boxed = [x for x in todo if lacking[x.file]]
    from attcli.pdf import no_font_text

    for x in todo:  # held for these but made (--include-held skips the check): kept with it
        why = [NO_NAME] if shows_nothing(x.pupil_name) else []
        why += [no_font_text(lacking[x.file])] if lacking[x.file] else []
        why = [w for w in why if w not in (x.held_for or "")]
        if why:
            x.held_for = "; ".join([*([x.held_for] if x.held_for else []), *why])
    if boxed:  # made all the same (--include-held): said
        n = len(boxed)
        run.notes.append(
            f"{n} letter{'s have' if n != 1 else ' has'} characters no font here has "
            f"({missing_text(''.join(sorted(set(''.join(lacking.values())))))}): "
            f"{'their PDFs print' if n != 1 else 'its PDF prints'} them as empty boxes "
            f"(the HTML shows them); {FONT_ADVICE}"
        )
    ht = run.half_term
    total = len(todo)
    written_now: list[int] = []  # this run's letters (a print file may hold others)
    emailed: list[int] = []
    files: dict[int, str] = {}
    # what this run begins and makes new, undone if it stops on an error before its print
    # file is on disk (a full disk, a file open in another program): _undo_stopped_run
    begun: list[int] = []
    there = {e.name.casefold() for e in os.scandir(out_dir)}
    made: list[Path] = []

    def begin(**fields: Any) -> int:
        begun.append(store.begin_letter(**fields))
        return begun[-1]

    def put(path: Path, data: bytes) -> None:
        _write_atomic(path, data)
        if path.name.casefold() not in there:
            made.append(path)

    try:
        for i, letter in enumerate(todo):
            if progress is not None:
                progress(i, total)
            c = letter.contact
            letter_id = begin(
                school=letter.school,
                upn=letter.upn,
                template=letter.template,
                band=letter.band,
                half_term=ht.name,
                half_term_start=ht.start,
                academic_year=run_year(run),
                recipient=recipient_key(c),
                stage=letter.stage,
                letter_date=run.letter_date,
                out_dir=out_key,
                file=letter.file,
                pupil_name=letter.pupil_name,
                contact_name=c.name,
                # a letter sent by email went to no postal address (see by_email)
                address=", ".join(c.postal_lines) if c.has_postal_address else "",
                email=c.email,
                attended=letter.attended,
                possible=letter.possible,
                as_of=run.as_of,
                marks=letter.marks,
                released_by=current_user() if letter.held_for else None,
                held_for=letter.held_for,
            )
            pdf = renderer.letter(letter.doc, run.letter_date, certificate=letter.certificate)
            put(out_dir / letter.html_file, letter_html(letter.doc).encode("utf-8"))
            put(out_dir / letter.file, pdf)
            # written, not sent: sent once its print file is on disk (send_letters, below)
            store.letter_written(letter_id, hashlib.sha256(pdf).hexdigest())
            (written_now if c.has_postal_address else emailed).append(letter_id)
            files[letter_id] = letter.file
        if progress is not None:
            progress(total, total)
        batch = [r for r in store.sent_in(out_key, ht.start) if (out_dir / r.file).exists()]
        # letters an older attcli recorded as sent before their print file was made
        earlier = [r.id for r in _not_printed(batch, out_dir, store) if not by_email(r)]
        files.update((r.id, r.file) for r in batch)
        pending = earlier + written_now
        sends: dict[int, str | None] = dict.fromkeys(emailed)
        if pending:
            name = _print_name(out_dir, run.letter_date, store.print_files(out_key))
            # (a run stopped once the file is on disk: the next run finds its letters sent in it)
            store.set_print_file(pending, _WRITING + name)
            put(
                out_dir / name,
                renderer.combine(
                    out_dir, [files[i] for i in pending], run.letter_date, duplex=settings.duplex
                ),
            )
            if not settings.duplex:  # back to back: on both sides, one family's on another's
                run.notes.append(
                    f"the letters in {name} are back to back: print it single-sided, or set "
                    "[letters] duplex = true (a blank page after each letter of an odd number of "
                    "pages) to print on both sides"
                )
            sends.update(dict.fromkeys(pending, name))
            run.combined = out_dir / name
            run.combined_earlier = len(earlier)
    except (AttcliError, OSError) as exc:  # (said to the office; a kill, a bug: left as
        # a stopped run's, for the next run to finish, _remove_left_unfinished)
        if not _undo_stopped_run(store, begun, made) or not isinstance(exc, AttcliError):
            raise
        said = re.sub(r" \(nothing was (?:half )?written\)$", "", str(exc))
        raise OutputError(f"{said} (no letter was written or recorded)") from None
    # the folder's letters as they are once this run's are sent: the manifest lists them
    # before they are recorded, so a full disk there leaves them unsent (a print file on
    # disk: the next run records them in it and names it), never sent in a file unsaid
    now = {
        r.id: replace(r, status="sent", print_file=sends[r.id])
        for r in store.letters_by_id(sends)
    }
    batch = [
        now.get(r.id, r)
        for r in sorted(
            {r.id: r for r in (*store.sent_in(out_key, ht.start), *now.values())}.values(),
            key=lambda r: r.id,
        )
        if (out_dir / r.file).exists()
    ]
    manifest = out_dir / MANIFEST
    if batch:
        mine = {r.file.casefold() for r in batch}
        kept = [r for r in _forgotten_rows(out_dir, store) if r["file"].casefold() not in mine]
        data = _manifest(batch, lambda f: (out_dir / f).exists(), kept)
        # rewritten whenever it differs (a run stopped after recording its letters and
        # before rewriting it left it a run behind), never over a file of the office's own
        if not manifest.exists() or (
            (pending or todo or _our_manifest(manifest)) and manifest.read_bytes() != data
        ):
            _write_atomic(manifest, data)
        run.manifest = manifest
    # the letters are sent (on record) only now, with their print file, all at once
    run.notes.extend(_remove_superseded(store.send_letters(sends)))
    run.notes.extend(_remove_left_unfinished(store))
    for letter in todo:
        letter.status = "written"
        if not letter.contact.has_postal_address:
            run.by_email.append(letter)


def _undo_stopped_run(store: History, begun: list[int], made: list[Path]) -> bool:
    """Undo a letters run stopped by an error before its print file was on disk (a full
    disk, a read-only folder, a file open in another program): the files it made where
    none was removed, the letters it began forgotten, so the folder and the history are as
    before it, and a PDF left in the folder, in no print file, cannot be posted by hand and
    then written and sent again by the next run.  (Stopped at the manifest, its print file
    whole on disk, the next run records its letters as sent in it and names it.)  Whether it was undone: a file that cannot be
    removed (open in a viewer) keeps every begun letter, whose rows say the files left are
    attcli's, for the next run to tidy as a stopped run's (:func:`_remove_left_unfinished`);
    a history that cannot be written (full) keeps them too, their files gone."""
    import sqlite3

    for path in made:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            return False
    try:
        store.drop_unfinished(begun)
    except (AttcliError, sqlite3.Error, OSError):
        return False
    return True


def _our_manifest(path: Path) -> bool:
    """Whether ``path`` is a manifest attcli wrote: its first line begins as the header
    attcli writes (:data:`MANIFEST_HEADERS`; an older attcli's had fewer columns after the
    first).  A file of the office's own there (notes kept beside the letters) is not
    replaced without --force."""
    try:
        with path.open("rb") as fh:
            first = fh.readline(4096)
    except OSError:
        return False
    text = first.decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r\n")
    return text.startswith(",".join(MANIFEST_HEADERS[:4]))


def by_email(record: LetterRecord) -> bool:
    """Whether a letter goes by email: its contact had an email and no postal address (the
    history records no address for it).  It is never put in a print file: the email would
    be printed where the envelope's address goes."""
    return not record.address and bool(record.email)


def _not_printed(batch: list[LetterRecord], out_dir: Path, store: History) -> list[LetterRecord]:
    """The letters of ``batch`` in no print file: never put in one, or in one a killed run
    did not finish writing.  One it finished but did not record is recorded now."""
    pending = []
    done: dict[str, list[int]] = {}
    for r in batch:
        if r.print_file is None:
            pending.append(r)
        elif r.print_file.startswith(_WRITING):
            name = r.print_file[len(_WRITING) :]
            if (out_dir / name).exists():  # written whole (write_private renames into place)
                done.setdefault(name, []).append(r.id)
            else:
                pending.append(r)
    for name, ids in done.items():
        store.set_print_file(ids, name)
    return pending


def _out_refused(out_dir: Path, letters: Sequence[Letter]) -> str | None:
    """Why a letters run would stop at ``out_dir`` before its first letter, as
    :func:`_write_all` finds it: a folder the office may not write in, or a file there of
    the run's names that the run reads (its manifest the register); else None.  For a dry
    run to say so."""
    if not out_dir.exists():
        return None
    if not out_dir.is_dir():
        return f"--out {shown(out_dir)} is a file; give a folder"
    if not os.access(out_dir, os.W_OK | os.X_OK):
        return f"the folder {shown(out_dir)} is read-only to you; give --out a folder you can write to"
    todo = [x for x in letters if x.status == "new"]
    names = [MANIFEST, *(n for x in todo for n in (x.file, x.html_file))] if todo else []
    for path in (out_dir / n for n in names):
        if path.exists() and (why := read_or_kept(path)):
            return (
                f"{why}, and the letters' run writes its {path.name} there; give --out another "
                "folder, or move the file"
            )
    return None


def _record_stopped_print_files(store: History, dry_run: bool = False) -> list[str]:
    """Letters of a run stopped after their print file reached the disk and before they
    were recorded as sent: recorded now, in that file (it was renamed into place whole),
    and said, with the file, which the stopped run never named.  A print file not on disk
    sent nothing: its letters stay unsent, offered again.  A ``dry_run`` does the same
    on its store's copy in memory (``History(detached=True)``), so it plans what the
    real run will, and says the real run records them."""
    notes = []
    for (folder, name), ids in store.stopped_print_files().items():
        path = Path(folder) / name
        if not path.is_file():  # never reached the disk: its name is free again
            store.set_print_file(ids, None)
            continue
        gone = store.send_letters(dict.fromkeys(ids, name))
        if not dry_run:
            notes.extend(_remove_superseded(gone, str(path)))
        n = len(ids)
        notes.append(
            f"an earlier letters run was stopped after writing the print file {path} and "
            f"before recording its {n} letter{'s' if n != 1 else ''}: "
            + (
                f"a real run records {'them' if n != 1 else 'it'} as sent, in that file "
                "(this dry run records nothing)"
                if dry_run
                else f"{'they are' if n != 1 else 'it is'} recorded as sent now, in that file"
            )
            + "; print it if it has not been printed"
        )
    return notes


#: why a stopped run's letter is not among the letters a run makes
NOT_MADE = (
    "that this run does not make (no longer called for, held for review, left, not asked "
    "for, or to a contact no longer the recipient)"
)


def _remove_left_unfinished(store: History) -> list[str]:
    """The letters a stopped run wrote (their PDFs and HTML copies on disk) and put in no
    print file, that this run, which has sent its own, did not make: the register
    corrected since (a letter now wrong), the letter held, the pupil gone, another
    ``--only``.  Left, a wrong letter sat in the letters folder beside the print file, in
    no print file and on no manifest, with the history saying it was never sent (sweep
    "letters2").  Each is removed where it is still the file attcli wrote, and forgotten:
    a later run writes any letter still due.  One whose file cannot be told to be
    attcli's (the run stopped before its hash was recorded) is named, to delete."""
    left = store.left_unfinished()
    # (a file a sent letter is in is that letter's, never removed: as send_letters keeps it)
    free = [r for r in left if not store.sent_file(r.out_dir, r.file)]
    gone = [(r.out_dir, r.file, r.sha256) for r in free if r.sha256]
    unknown = [
        r for r in free
        if not r.sha256 and any(
            (Path(r.out_dir) / n).exists() for n in (r.file, str(Path(r.file).with_suffix(".html")))
        )
    ]  # fmt: skip
    notes = _remove_superseded(gone, None)
    store.drop_unfinished(r.id for r in left if r not in unknown)
    if unknown:
        n = len(unknown)
        named = ", ".join(str(Path(r.out_dir) / r.file) for r in unknown[:3])
        notes.append(
            f"a stopped letters run left {n} unsent letter{'s' if n != 1 else ''} {NOT_MADE}, "
            f"stopped while writing {'them' if n != 1 else 'it'}: {named}"
            f"{', ...' if n > 3 else ''}: delete {'them' if n != 1 else 'it'} (and the HTML "
            f"cop{'ies' if n != 1 else 'y'}), do not print {'them' if n != 1 else 'it'}"
        )
    return notes


def _left_unfinished_said(store: History, letters: Sequence[Letter], ht: HalfTerm) -> list[str]:
    """A dry run's line for the letters a stopped run wrote that the real run will not make
    and so removes (:func:`_remove_left_unfinished`): the files are there meanwhile."""
    from attcli.store import run_under_way

    if run_under_way(store.path):  # (another PC's run writing them now: not stopped)
        return []
    making = {
        (x.school, x.upn, x.template, recipient_key(x.contact))
        for x in letters
        if x.status == "new"
    }
    left = [
        r
        for r in store.left_unfinished()
        if r.half_term_start != ht.start or (r.school, r.upn, r.template, r.recipient) not in making
    ]
    if not left:
        return []
    n = len(left)
    named = ", ".join(str(Path(r.out_dir) / r.file) for r in left[:3])
    return [
        f"a stopped letters run left {n} unsent letter{'s' if n != 1 else ''} {NOT_MADE}: "
        f"{named}{', ...' if n > 3 else ''}: a real run removes "
        f"{'them' if n != 1 else 'it'}; do not print {'them' if n != 1 else 'it'}"
    ]


def _remove_superseded(
    gone: list[tuple[str, str, str]], now_in: str | None = "this run's print file"
) -> list[str]:
    """The PDFs (and HTML copies) a stopped run wrote for letters now sent in a print file
    of another run: in no print file and on no manifest, they could be printed as well,
    one by one.  Each is removed where it is still the file attcli wrote (its hash is the
    one recorded); one changed since is the office's, kept.  Said by folder.  (A file a
    sent letter is in, as a letter written again under its name in its folder, is never
    among them: :meth:`History.send_letters`.)"""
    by_folder: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for folder, name, sha in gone:
        pdf = Path(folder) / name
        try:
            data = pdf.read_bytes()
        except OSError:
            continue  # gone already
        removed, kept, held = by_folder.setdefault(folder, ([], [], []))
        if hashlib.sha256(data).hexdigest() != sha:
            kept.append(name)
            continue
        for copy in (pdf, pdf.with_suffix(".html")):
            try:
                copy.unlink(missing_ok=True)
            except OSError:  # (Windows: open in a PDF viewer; the letters are on record)
                held.append(copy.name)
        if pdf.name not in held:
            removed.append(name)
    notes = []
    for folder, (removed, kept, held) in by_folder.items():
        parts = []
        if removed:
            n = len(removed)
            parts.append(
                f"removed {n} letter{'s' if n != 1 else ''} ({', '.join(removed[:3])}"
                f"{', ...' if n > 3 else ''}) so none is printed" + (" twice" if now_in else "")
            )
        if kept:
            n = len(kept)
            parts.append(
                f"kept {n} changed since ({', '.join(kept[:3])}{', ...' if n > 3 else ''}): "
                "do not print " + ("them" if n != 1 else "it")
            )
        if held:
            n = len(held)
            parts.append(
                f"could not remove {n} ({', '.join(held[:3])}{', ...' if n > 3 else ''}: open "
                "in another program?): delete " + ("them" if n != 1 else "it")
                + ", do not print " + ("them" if n != 1 else "it")
            )
        total = len(removed) + len(kept) + sum(h.endswith(".pdf") for h in held)
        notes.append(
            f"a stopped letters run left {total} unsent letter{'s' if total != 1 else ''} in "
            + (f"{folder}, now in {now_in}: " if now_in else f"{folder} {NOT_MADE}: ")
            + "; ".join(parts)
        )
    return notes


def _print_name(out_dir: Path, day: dt.date, used: set[str]) -> str:
    """The next free print file name for ``day``: ``letters-to-print-2026-12-18-1.pdf``."""
    taken = {u.removeprefix(_WRITING) for u in used}
    taken |= {p.name.casefold() for p in out_dir.iterdir()}
    n = 1
    while PRINT_FILE.format(date=day, n=n).casefold() in taken:
        n += 1
    return PRINT_FILE.format(date=day, n=n)


def _refuse_unknown_folder(
    out_dir: Path, store: History | None, hist_file: Path, ht: HalfTerm
) -> None:
    """Refuse letters into a folder whose manifest (attcli's own) lists letters of which
    the history has no record: the workspace copied without its history, the history lost
    or [history] path changed.  The letters on record decide what is sent; without them
    every letter the folder holds would go again (sweep of 4 December, store)."""
    manifest = out_dir / MANIFEST
    if not manifest.is_file() or not _our_manifest(manifest):
        return
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r.get("file")]
    except (OSError, UnicodeDecodeError, csv.Error):
        return  # (unreadable: the run says so where it writes the manifest)
    listed = {r["file"] for r in rows}
    known = store.known_files(listed) if store is not None and not store.created else set()
    if known:
        _refuse_older_history(manifest, rows, known, store, ht, hist_file)
    if not listed or known:
        return
    if store is not None and not store.created:
        # (a history that forgot them as asked: last year's letters the retention
        # deleted, a pupil's erased, are no sign of another history)
        listed = {r["file"] for r in _not_forgotten(rows, store)}
        if not listed:
            return
    n = len(listed)
    none = " (there is none yet)" if store is None or store.created else ""
    raise AttcliError(
        f"no letters: {shown(str(manifest))} lists {n} letter{'s' if n != 1 else ''} attcli wrote in this folder, "
        f"and the history {shown(hist_file)} has no record of any of them{none}: the school's "
        "history is elsewhere or was lost; restore it from its backup, or set [history] "
        "path to it, so the letters sent are not sent again (--force: write them all the "
        "same)"
    )


def _refuse_older_history(
    manifest: Path,
    rows: Sequence[Mapping[str, str]],
    known: Collection[str],
    store: History,
    ht: HalfTerm,
    hist_file: Path,
) -> None:
    """Refuse letters into a folder whose manifest lists letters of ``ht``'s school year
    the history has no record of, beside others it has (``known``): a history restored
    from an older backup, or another PC's older copy, which lacks the letters sent since
    its copy was made; they would all go again (DOMAIN.md 9; sweep slips5).  A pupil's
    letters forgotten (`attcli pupil forget`) are no sign of it; nor are a past school
    year's (the history's retention may have removed them)."""
    from attcli.calendar import academic_year_start

    year = academic_year_start(ht.start)
    missing: list[Mapping[str, str]] = []
    for r in rows:
        try:
            day = dt.date.fromisoformat((r.get("letter_date") or "").strip())
        except ValueError:
            continue
        if r["file"] not in known and academic_year_start(day) == year:
            missing.append(r)
    missing = _not_forgotten(missing, store)
    if not missing:
        return
    n = len(missing)
    first = missing[0]
    day = dt.date.fromisoformat(first["letter_date"].strip())
    what = f"{shown(first.get('upn') or '')}'s {shown(first.get('template') or '')} letter of {day:%d/%m/%Y}"
    more = f", and {n - 1} more" if n > 1 else ""
    others = len({r["file"] for r in rows} & set(known))
    raise AttcliError(
        f"no letters: {shown(str(manifest))} lists {n} letter{'s' if n != 1 else ''} attcli "
        f"wrote in this folder this school year that the history {shown(hist_file)} has no "
        f"record of ({what}{more}), though it has the folder's other {others}: the history "
        "is an older copy (a backup restored, another PC's copy) without the letters sent "
        "since; use the history that recorded them, or the letters sent are sent again "
        "(--force: write them all the same)"
    )


def _not_forgotten(
    rows: Sequence[Mapping[str, str]], store: History
) -> list[Mapping[str, str]]:
    """Those of a manifest's letters the history has no record of (``rows``) that no
    forgetting explains: a pupil's letters forgotten by UPN (`attcli pupil forget UPN`), and
    letters dated before an old year's forgetting (`--before DATE`, the school's retention)
    are gone as the office asked, no sign of another history or an older copy (sweep
    slips6: the retention at the start of September refused that month's letters into the
    folder of July's)."""
    if not rows:
        return []
    forgotten = store.forgettings_since(
        {(None, (r.get("upn") or "").strip()) for r in rows}, dt.date.min
    )
    before = store.forgotten_before()
    out = []
    for r in rows:
        if (None, (r.get("upn") or "").strip()) in forgotten:
            continue
        try:
            day = dt.date.fromisoformat((r.get("letter_date") or "").strip())
        except ValueError:
            day = None
        if before is not None and day is not None and day < before:
            continue
        out.append(r)
    return out


def run_year(run: LettersRun) -> int:
    """The academic year by its first calendar year (autumn 2026 -> 2026)."""
    d = run.half_term.start
    return d.year if d.month >= 9 else d.year - 1
