"""Penalty notices on record (``attcli pn``): who a notice went to, and what it covers.

DOMAIN.md 5: a parent is one person, identified the same way in every record (the
contact's id from the MIS contacts export, not a typed name); no more than two notices
to the same parent about the same pupil within three years of the first; a session
that has supported one notice must not support another.

:func:`record_notice` is what ``attcli pn record`` does: resolve the pupil and the
parent in the contacts export, refuse a date in the future and a third notice, work out
the sessions the notice covers (the unauthorised sessions of the penalty-notice window
ending on the request's as-of date, else the notice's date, less those an earlier notice
to the same parent covered) and record it all in one transaction of the history store.
A pupil not of compulsory school age on the notice's date is refused; a window up to the
notice's date holding a second offence after the first is refused without the request's
date (it would use up the second).  docs/decisions.md, "Penalty notices on record".
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from attcli import clock as _clock
from attcli.codes import PN_FRAMEWORK_START
from attcli.config import Config, require_school
from attcli.contacts import Contact, Contacts, is_local_authority, read_contacts
from attcli.errors import AttcliError, shown
from attcli.output import command_word
from attcli.percent import counted
from attcli.pupil_ids import match_typed_id, register_id
from attcli.store import (
    History,
    Notice,
    Parent,
    add_years,
    history_path,
    name_key,
    next_kind,
    next_notice_text,
    no_second_history,
    recent_notices,
    separate_from_trust,
    typed_key,
)

if TYPE_CHECKING:
    from attcli.loaders import PupilList

WHAT = "recording penalty notices"


@dataclass
class Recorded:
    """A notice just recorded, with what the command tells the user."""

    notice: Notice
    #: "first" or "second": what this notice was within three years
    kind: str
    parent_id: str
    #: the penalty-notice window ending on the request's as-of date or the notice's date
    #: (None: no exports covered it)
    window: tuple[dt.date, dt.date] | None
    #: the sessions the notice covers: (date, "AM"|"PM", mark)
    sessions: list[tuple[dt.date, str, str]]
    #: notices recorded by typed name before contact ids, now linked to this parent
    relinked: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    history: Path | None = None
    #: the request's as-of date the window ends on (None: the notice's date)
    request_as_of: dt.date | None = None
    #: notices to other parents of the pupil that some of the same sessions supported, and
    #: how many (DOMAIN.md 5 per parent: each liable parent may be issued a notice)
    shared: list[tuple[Notice, int]] = field(default_factory=list)
    #: this parent's earlier notices about the pupil within 3 years before this one that
    #: count toward no limit (issued before the national framework): said beside ``kind``,
    #: which leaves them out
    uncounted: list[Notice] = field(default_factory=list)

    def shared_lines(self) -> list[str]:
        """One line per notice to another parent resting on some of the same sessions."""
        out = []
        for n, k in self.shared:
            who = n.parent + (
                f" (contact {n.parent_key.removeprefix('id:')})" if n.parent_key.startswith("id:") else ""
            )
            out.append(
                f"{k} of them also supported notice {n.id} to {who} on {n.issued_on:%d/%m/%Y} "
                "(a notice to each liable parent for the same absence)"
            )
        return out


def _names(c: Contact) -> set[str]:
    """The ways a person might type the contact's name."""
    return {
        typed_key(x)
        for x in (c.name, f"{c.forename} {c.surname}", c.salutation, f"{c.title} {c.surname}")
        if x.strip()
    }


def _listed(found: list[Contact]) -> str:
    return ", ".join(
        f"{c.name or c.salutation}" + (f" (id {c.contact_id})" if c.contact_id else "")
        for c in found
    )


def refuse_council(contact: Contact | None, asked: str) -> None:
    """Refuse ``contact`` (the parent ``--parent`` named) when it is a local authority (a
    looked-after pupil's): no penalty notice can be issued to one (lac sweep).  ``asked``:
    what the person is to give instead ("the notice was issued to")."""
    if contact is not None and is_local_authority(contact):
        raise AttcliError(
            f"{contact.name or contact.salutation} (--parent) is a local authority (the pupil "
            "is looked after): no penalty notice can be issued to a local authority, which "
            f"cannot be fined; give the parent (a person) {asked}"
        )


def resolve_parent(
    book: Contacts,
    upn: str,
    parent: str,
    *,
    source: str = "the contacts export",
    force: bool,
    otherwise: str | None = None,
) -> tuple[Parent, Contact | None]:
    """The contact of ``upn`` that ``parent`` (a contact id, or a name as the export types
    it) names, as a :class:`Parent`.  Unknown: an error, or with ``force`` the typed name.
    ``otherwise``: what the error offers instead of --force (a command that records
    nothing has none)."""
    typed = " ".join(parent.split())
    if not typed:
        raise AttcliError("give the parent the notice was issued to (--parent NAME or ID)")
    found = book.for_upn(upn)
    pupil = shown(upn)  # (as typed: a line break or an ESC shown, the error one line)
    if not found:
        if not force:
            raise AttcliError(
                f"pupil {pupil} has no contacts in {shown(source)}: check the UPN, or "
                + (otherwise or "use --force to record the notice by the name typed")
            )
        return _forced(book, upn, typed)
    by_id = [c for c in found if c.contact_id and c.contact_id == typed]
    by_name = [c for c in found if typed_key(typed) in _names(c)]
    matches = by_id or by_name
    distinct = {c.parent.key: c for c in matches}
    if len(distinct) > 1:
        raise AttcliError(
            f"{typed!r} could be more than one contact of {pupil} "
            f"({_listed(list(distinct.values()))}); give the contact id"
        )
    if not distinct:
        if not force:
            also = ""
            if (elsewhere := _listed_elsewhere(book, upn, typed)) is not None:
                also = (
                    f"; contact {typed} ({elsewhere.name or elsewhere.salutation}) is listed "
                    f"for pupil {elsewhere.upn}, not for {pupil}"
                    + (
                        ""
                        if otherwise  # (a command that records nothing has no --force)
                        else ": if they are this pupil's parent too, --force records the "
                        "notice to them"
                    )
                )
            raise AttcliError(
                f"no contact of {pupil} in {shown(source)} is {typed!r}{also}; the pupil's contacts: "
                f"{_listed(found)}; give one's name or id, or "
                + (otherwise or "--force to record the name typed")
            )
        return _forced(book, upn, typed)
    contact = next(iter(distinct.values()))
    return contact.parent, contact


def _forced(book: Contacts, upn: str, typed: str) -> tuple[Parent, Contact | None]:
    """The parent ``--force`` records for ``typed``, which no contact of ``upn`` is: a
    contact id the export lists for another pupil only (a sibling's stepparent) is that
    same person, by the id (DOMAIN.md 5), never a parent named "503"; anything else is
    the name as typed."""
    elsewhere = _listed_elsewhere(book, upn, typed)
    if elsewhere is not None:
        return elsewhere.parent, elsewhere
    return Parent(f"name:{name_key(typed)}", typed), None


def _listed_elsewhere(book: Contacts, upn: str, typed: str) -> Contact | None:
    """The contact whose id is ``typed``, listed for a pupil other than ``upn`` (the
    first such row), or None."""
    for other, contacts in book.by_upn.items():
        if other != upn:
            for c in contacts:
                if c.contact_id and c.contact_id == typed:
                    return c
    return None


@dataclass(frozen=True)
class RecordedParent:
    """The parent ``pn next`` without contacts takes from the notices on record about a
    pupil (:func:`recorded_parent`): ``key`` (None: no notice to them), and what to say."""

    key: str | None
    note: str | None = None
    warning: str | None = None
    #: the trust's schools the notices to them are of ('' left out): one, that school's
    #: notices alone are theirs; two, two children and two parents under the same ids
    schools: frozenset[str] = frozenset()


def _with_id(n: Notice) -> str:
    return f"{n.parent} (contact {n.parent_key[3:]})" if n.parent_key.startswith("id:") else n.parent


def recorded_parent(notices: Sequence[Notice], upn: str, typed: str) -> RecordedParent:
    """The parent of the notices about ``upn`` that ``typed`` (a contact id, or a name as
    recorded) names, without a contacts export (``pn next``).  A parent is the contact's id
    (DOMAIN.md 5): a name matched to notices recorded by id is said, naming the contact,
    since another contact of the pupil may share it; a name matching none while there are
    notices to others is warned of, giving their ids (never "give the name": a typed id
    of another contact would then take the wrong parent's count)."""
    by_id = [n for n in notices if n.parent_key == f"id:{typed.strip()}"]
    by_name = [n for n in notices if typed_key(n.parent) == typed_key(typed)]
    keys = {n.parent_key for n in by_id or by_name}
    if len(keys) > 1:
        raise AttcliError(
            f"{typed!r} names more than one parent on record for {upn}: give "
            "--contacts FILE, or the contact id"
        )
    if keys:
        key = keys.pop()
        note = None
        if not by_id and key.startswith("id:"):
            note = (
                f"by name: the notices on record to {typed!r} about {upn} are to "
                f"{_with_id(by_name[0])}; for another contact of that name give their "
                "contact id, or --contacts FILE"
            )
        schools = frozenset(n.school for n in by_id or by_name if n.school)
        return RecordedParent(key, note, schools=schools)
    others = sorted({_with_id(n) for n in notices})
    if not others:
        return RecordedParent(None)
    ids = any(n.parent_key.startswith("id:") for n in notices)
    return RecordedParent(
        None,
        warning=(
            f"no notice on record to {typed!r} about {upn}, but there are to "
            f"{', '.join(others)}: if that is the same parent, give "
            f"{'their contact id' if ids else 'the name as recorded'}, or --contacts FILE "
            "to match by contact id"
        ),
    )


def third_within_three_years(dates: Sequence[dt.date]) -> dt.date | None:
    """The first notice of three within three years among ``dates``, or None.  A notice
    issued before the national framework began is none of the three (DOMAIN.md 5:
    :attr:`attcli.store.Notice.before_framework`)."""
    ordered = sorted(d for d in dates if d >= PN_FRAMEWORK_START)
    for i, first in enumerate(ordered):
        if sum(1 for d in ordered[i:] if d < add_years(first, 3)) >= 3:
            return first
    return None


def merge_clashes(store: History, upn: str, moved: set[int]) -> list[str]:
    """What a ``pupil merge`` into ``upn`` left that ``pn record`` would have refused (a
    line each): three notices to one parent within 3 years, and sessions supporting two
    notices to one parent (DOMAIN.md 5), where a notice moved (``moved``: their ids) is one
    of them.  The records stay (they are the pupil's); the office voids the one in error."""
    said: list[str] = []
    by_parent: dict[str, list[Notice]] = {}
    for n in store.notices(upn):
        by_parent.setdefault(n.parent_key, []).append(n)
    void = "(attcli pn void ID --reason TEXT)"
    for notices in by_parent.values():
        who = _with_id(notices[0])
        first = third_within_three_years([n.issued_on for n in notices])
        if first is not None:
            within = [n for n in notices if first <= n.issued_on < add_years(first, 3)]
            if moved & {n.id for n in within}:
                ids = [str(n.id) for n in sorted(within, key=lambda n: n.id)]
                said.append(
                    f"{upn} now has {len(within)} penalty notices to {who} within 3 years of "
                    f"{first:%d/%m/%Y} (notices {', '.join(ids[:-1])} and {ids[-1]}): the "
                    "framework allows two; if one is a notice recorded under both UPNs, void "
                    f"it {void}"
                )
        sessions = {n.id: {(d, s) for d, s, _ in store.notice_sessions(n.id)} for n in notices}
        for i, a in enumerate(notices):
            for b in notices[i + 1 :]:
                both = sorted(sessions[a.id] & sessions[b.id])
                if both and moved & {a.id, b.id}:
                    lo, hi = sorted((a.id, b.id))
                    n = len(both)
                    when = (
                        f"{both[0][0]:%d/%m/%Y} {both[0][1]}" if n == 1
                        else f"{both[0][0]:%d/%m/%Y} to {both[-1][0]:%d/%m/%Y}"
                    )  # fmt: skip
                    said.append(
                        f"{counted(n, 'session')} ({when}) {'supports' if n == 1 else 'support'} "
                        f"both notice {lo} and notice {hi} to {who} about {upn}: a "
                        f"session supports one notice; if they are one notice, void one {void}"
                    )
    return said


def _legacy(store: History, upn: str, contact: Contact | None) -> tuple[list[int], list[Notice]]:
    """Notices about ``upn`` recorded by typed name (before contact ids): the ids of those
    whose name is the contact's, and those matching no one."""
    mine, unknown = [], []
    names = _names(contact) if contact is not None else set()
    # a notice recorded from a contacts export without ids is kept by the contact's name
    # and address (Contact.parent): this contact's, read from one with ids, when theirs are
    # the same
    by_address = (
        replace(contact, contact_id="").parent.key
        if contact is not None and contact.contact_id
        else None
    )
    for n in store.notices(upn):
        if n.parent_key.startswith("addr:"):
            if by_address is not None and n.parent_key == by_address:
                mine.append(n.id)
            continue
        if not n.parent_key.startswith("name:"):
            continue
        if typed_key(n.parent) in names:
            mine.append(n.id)
        else:
            unknown.append(n)
    return mine, unknown


def under_another_id(
    store: History, upn: str, contact: Contact, book: Contacts, on_date: dt.date | None = None
) -> list[Notice]:
    """Notices about ``upn`` to a contact id none of the pupil's contacts in ``book`` has,
    recorded under a name of ``contact``'s (:func:`_names`): perhaps ``contact`` under the
    id another MIS gave them (a school that changes MIS gets a new contacts export, its ids
    new), perhaps another person of that name no longer a contact.  And notices to another
    of the pupil's contacts in ``book`` with ``contact``'s name and address
    (:attr:`Contact.envelope`: one person whose record the MIS holds twice, perhaps).  A
    parent is the contact's id (DOMAIN.md 5), so attcli cannot tell: said, never counted
    unasked.  ``on_date``: only those counting then (issued on or before it, less than 3
    years before).  A contact of an export without ids (told apart by name and address)
    is not known to be any contact id: notices to an id under their name are found too."""
    known = {c.contact_id: c for c in book.for_upn(upn) if c.contact_id}
    alias = {
        cid for cid, c in known.items()
        if contact.contact_id
        and cid != contact.contact_id and c.envelope is not None and c.envelope == contact.envelope
    }  # fmt: skip
    names = _names(contact)
    # kept by name and address (recorded from contacts without ids): their name at another
    # address (moved house) is perhaps them
    at = replace(contact, contact_id="").parent.key
    return [
        n
        for n in store.notices(upn)
        if (
            (
                n.parent_key.startswith("id:")
                and (
                    (n.parent_key[3:] not in known and typed_key(n.parent) in names)
                    or n.parent_key[3:] in alias
                )
            )
            or (
                n.parent_key.startswith("addr:")
                and composed(n.parent_key) != at
                and typed_key(n.parent) in names
            )
        )
        and (on_date is None or n.issued_on <= on_date < n.counts_until)
    ]


def under_another_upn(
    store: History,
    upn: str,
    keys: set[str] | frozenset[str],
    on_date: dt.date,
    *,
    name: str | None = None,
    dob: dt.date | None = None,
) -> list[Notice]:
    """Notices to the parent (``keys``: :func:`parent_keys`) about another UPN whose pupil
    has the name and date of birth the history gives ``upn``'s (a notice's, a letter's or
    a run's): perhaps the same child under a temporary UPN since replaced, perhaps a twin
    of the same name.  A notice is about a pupil (DOMAIN.md 5, per parent and pupil), so
    attcli cannot tell: said, never counted unasked.  Only those counting on
    ``on_date``; none when the history does not know ``upn``'s name and date of birth.
    ``name`` ("Forename Surname", as a notice keeps it) and ``dob``: the pupil's from the
    exports, when read (else the history's)."""
    name = name_key(name or store.pupil_name(upn))
    dob = dob or store.pupil_dob(upn)
    if not name or dob is None:
        return []
    mine = upn.upper()
    # the parent's notices alone, each key's by its own query (a letters run asks this of
    # every letter: every notice on record read for each made a third year's run read them
    # all hundreds of times, sweep histscale); in the order of :meth:`History.notices`
    theirs = sorted(
        {n.id: n for key in keys if key for n in store.notices(parent_key=key)}.values(),
        key=lambda n: (n.issued_on, n.id),
    )
    return [
        n
        for n in theirs
        if n.upn.upper() != mine
        and n.parent_key in keys
        and n.issued_on <= on_date < n.counts_until
        and (n.pupil_dob or store.pupil_dob(n.upn)) == dob
        and name_key(n.pupil_name or store.pupil_name(n.upn)) == name
    ]


def under_another_upn_text(
    notices: Sequence[Notice],
    upn: str,
    store: History,
    *,
    name: str | None = None,
    dob: dt.date | None = None,
) -> str:
    """What :func:`under_another_upn` found, in one sentence (without what follows)."""
    n = notices[0]
    more = f" (and {len(notices) - 1} more)" if len(notices) > 1 else ""
    dob = dob or store.pupil_dob(upn)
    born = f", born {dob:%d/%m/%Y}" if dob is not None else ""
    return (
        f"notice {n.id} about {n.upn} ({n.issued_on:%d/%m/%Y}) is to this parent{more}, about a "
        f"pupil of the same name and date of birth as {upn} "
        f"({name or store.pupil_name(upn)}{born}): "
        f"if they are one child (a temporary UPN replaced), attcli cannot tell from the UPNs; "
        f"attcli pupil merge {command_word(n.upn)} {command_word(upn)} moves the notice"
    )


def under_another_id_text(
    notices: Sequence[Notice], upn: str, contact: Contact, source: str,
    book: Contacts | None = None,
) -> str:  # fmt: skip
    """What :func:`under_another_id` found, in one sentence (without what follows);
    ``book``, the contacts read, tells a notice to another id of theirs with the same name
    and address from one to an id no longer in ``source``."""
    n = notices[0]
    more = f" (and {len(notices) - 1} more)" if len(notices) > 1 else ""
    if n.parent_key.startswith("addr:"):
        return (
            f"notice {n.id} about {upn} ({n.issued_on:%d/%m/%Y}) is to {n.parent}{more}, "
            "recorded from contacts without ids at another address than "
            f"{contact.name or contact.salutation}'s in {shown(source)}: if they are one person "
            "(moved house), attcli cannot tell from the name"
        )
    if not contact.contact_id:
        return (
            f"notice {n.id} about {upn} ({n.issued_on:%d/%m/%Y}) is to {_with_id(n)}{more}, "
            f"recorded by contact id, and {shown(source)} has no contact id column: if "
            f"{contact.name or contact.salutation} in it is that contact, attcli cannot tell "
            "from the name"
        )
    listed = book is not None and any(
        c.contact_id == n.parent_key[3:] for c in book.for_upn(upn)
    )
    if listed:
        return (
            f"notice {n.id} about {upn} ({n.issued_on:%d/%m/%Y}) is to {_with_id(n)}{more}, "
            f"the same name and address as {contact.name or contact.salutation} (contact "
            f"{contact.contact_id}) in {shown(source)}: if they are one person (a contact record "
            "made twice in the MIS: keep one), attcli cannot tell from the ids"
        )
    return (
        f"notice {n.id} about {upn} ({n.issued_on:%d/%m/%Y}) is to {_with_id(n)}{more}, a "
        f"contact id not in {shown(source)}, under the name of {contact.name or contact.salutation} "
        f"(contact {contact.contact_id}): if they are one person (contact ids change when a "
        "school changes MIS), attcli cannot tell from the ids"
    )


def composed(text: str) -> str:
    """``text`` composed (Unicode NFC)."""
    return unicodedata.normalize("NFC", text)


def parent_keys(store: History, upn: str, contact: Contact) -> frozenset[str]:
    """The keys the notices to ``contact`` about ``upn`` are on record under: their own
    (contact id; DOMAIN.md 5) and those of notices recorded by a typed name that is theirs
    (before contact ids, or with ``--force`` while the contacts did not list them), as
    :func:`record_notice` links them.  One person: their notices count toward the next,
    and the sessions those supported support no other notice to them, in every command
    (`pn next`, the evidence pack, the letters)."""
    mine, _ = _legacy(store, upn, contact)
    key = contact.parent.key
    # a key recorded from a contacts file saved decomposed (NFD, on a Mac), before the
    # contacts were read composed: the same name and address, so the same parent
    return frozenset(
        {key}
        | {
            n.parent_key
            for n in store.notices(upn)
            if n.id in mine or (not n.parent_key.isascii() and composed(n.parent_key) == key)
        }
    )


def next_notice_to(
    store: History, upn: str, contact: Contact, on_date: dt.date, school: str = ""
) -> str:
    """What the next penalty notice to ``contact`` about ``upn`` on ``on_date`` would be
    (:func:`attcli.store.next_notice`: ``"first"``, ``"second"`` or ``"none: alternative
    action"``), the contact being the parent of their key (contact id; DOMAIN.md 5), with
    the notices recorded by typed name before contact ids whose name is theirs, as
    :func:`record_notice` links them (:func:`parent_keys`): what a letter to that parent
    quotes.  ``school``: a trust's school's key, whose child and parent alone are counted
    (:func:`attcli.store.recent_notices`)."""
    keys = parent_keys(store, upn, contact)
    return next_kind(
        sum(len(recent_notices(store, upn, k, on_date, school=school)) for k in keys)
    )


def record_notice(
    exports: Sequence[Path],
    config: Config,
    *,
    upn: str,
    parent: str,
    issued_on: dt.date,
    contacts: Path | Contacts,
    request_as_of: dt.date | None = None,
    note: str = "",
    by: str = "",
    force: bool = False,
    preset: str | None = None,
    register: pl.DataFrame | None = None,
    today: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
) -> Recorded:
    """Record a penalty notice issued to ``parent`` about ``upn`` on ``issued_on``.

    ``exports`` (or ``register``, already loaded) give the sessions the notice covers;
    ``pupils``, a pupil list whose joining and leaving dates decide the time on roll (as in
    check: a session outside it is no session, and supports no notice).
    ``request_as_of``: the as-of date of the request's evidence (``evidence --as-of``): the
    notice covers the window up to it (default: up to ``issued_on``).
    ``force`` records a pupil or parent that the exports or contacts do not know (by the
    name typed); it never allows a date in the future, a third notice or a pupil not of
    compulsory school age.
    """
    from attcli.engine import evaluate

    require_school(config, WHAT)
    # a school's own workspace below its trust's, with another history: a second notice
    # counted as a first
    separate_from_trust(config, "pn record")
    no_second_history(config, "pn record")
    upn = upn.strip()
    if not upn:
        raise AttcliError("give the pupil's UPN")
    today = today or _clock.today()
    if issued_on > today:
        raise AttcliError(
            f"--date {issued_on:%d/%m/%Y} is in the future: record a notice once it has "
            "been issued"
        )
    if request_as_of is not None and request_as_of > issued_on:
        raise AttcliError(
            f"--as-of {request_as_of:%d/%m/%Y} is after the notice's date {issued_on:%d/%m/%Y}: "
            "the request went to the local authority before the notice was issued"
        )
    upto = request_as_of or issued_on  # the window's last day
    warnings: list[str] = []
    if isinstance(contacts, Contacts):
        book, source = contacts, "the contacts export"
    else:
        book = read_contacts(contacts, config)
        source = str(contacts)
    # an MIS id typed without its leading zeros (1003) is the contacts' and the register's
    # id with them (001003), and the notice is kept under the register's
    typed, upn = upn, match_typed_id(upn, book.by_upn, where=source)
    who, contact = resolve_parent(book, upn, parent, source=source, force=force)
    refuse_council(contact, "the notice was issued to")
    if contact is not None and not contact.contact_id:
        warnings.append(
            f"{shown(source)} has no contact id column (e.g. 'Contact ID'): {who.name} is told apart "
            "by name and address, so if the name or address is typed differently next time "
            "they will count as another parent"
        )
    roll_dates = None
    if register is None:
        from attcli.loaders import load_exports

        loaded = load_exports(exports, config, preset=preset, progress=progress, pupils=pupils)
        register, roll_dates = loaded.register, loaded.roll_dates
    from attcli.snapshots import refuse_strangers_of

    # (another school's exports, or the user folder school's in another school's fresh
    # workspace: a notice recorded where that school's never sees it, so its next counts
    # as a first; sweeps slips8 and blind3)
    refuse_strangers_of(
        config, register.get_column("upn").unique().to_list(), upto, what="penalty notice",
        would="would be recorded as {}'s", contacts=set(book.by_upn),
    )  # fmt: skip
    # before anything is recorded (the pupil unknown to the contacts: resolve_parent's)
    warnings.extend(book.refuse_pupil_list(register, every_pupil=False))
    window: tuple[dt.date, dt.date] | None = None
    window_sessions: list[tuple[dt.date, str, str]] = []
    in_register = register_id(register, typed)
    pupil = register.filter(pl.col("upn") == in_register)
    if pupil.height:
        upn = in_register
    else:
        pupil = register.filter(pl.col("upn") == upn)
    first, last = register.get_column("date").min(), register.get_column("date").max()
    assert isinstance(first, dt.date) and isinstance(last, dt.date)
    csa_from = _compulsory_school_age(pupil, upn, issued_on, warnings)
    pupil_name, pupil_dob = _pupil_name(pupil), _pupil_dob(pupil)
    if pupil.height == 0:
        if not force:
            raise AttcliError(
                f"pupil {upn} is in none of the exports given: check the UPN, or use --force "
                "to record the notice without the sessions it covers"
            )
        warnings.append(f"{upn} is in none of the exports: the notice covers no sessions")
    elif upto < first:
        what = "the request's date" if request_as_of is not None else "the notice's date"
        if not force:
            raise AttcliError(
                f"the exports start {first:%d/%m/%Y}, after {what}: give exports that hold "
                f"the {counted(config.pn_weeks, 'school week')} up to it, or --force to "
                "record it without them"
            )
        warnings.append(f"the exports start after {what}: it covers no sessions")
    else:
        ev = evaluate(register, config, as_of=upto, roll_dates=roll_dates)
        row = ev.pupils.filter(pl.col("upn") == upn).row(0, named=True)
        window = (row["pn_window_start"], row["pn_window_end"])
        window_sessions = [
            (d, s, m)
            for d, s, m in ev.pn_sessions.filter(pl.col("upn") == upn)
            .select("date", "session", "mark")
            .sort("date", "session")
            .iter_rows()
        ]
        if upto > last:
            warnings.append(
                f"the exports end {last:%d/%m/%Y}, before the "
                + ("request's" if request_as_of is not None else "notice's")
                + " date: sessions after it are not among those the notice covers"
            )
        # the window reaching back before the exports (the summer term, across the
        # holiday): the evaluation's note says how many of its school weeks they hold (it
        # said the exports start "after the window starts" of a Monday before term began)
        warnings.extend(w for w in ev.warnings if w.startswith("penalty-notice window:"))

    with History(history_path(config), write=True) as store:
        relink, unknown = _legacy(store, upn, contact)
        moved = under_another_id(store, upn, contact, book) if contact is not None else []
        if moved and not force:
            assert contact is not None
            raise AttcliError(
                under_another_id_text(moved, upn, contact, source, book)
                + (
                    f": if it was this parent's, void it (attcli pn void {moved[0].id}) and "
                    f"record it again with --contacts {shown(str(source))}"
                    if contact.contact_id or moved[0].parent_key.startswith("addr:")
                    else ": give --contacts an export with the contact id column"
                )
                + "; --force to go on counting it as another parent's"
            )
        if unknown and not force:
            n = unknown[0]
            raise AttcliError(
                f"notice {n.id} about {upn} ({n.issued_on:%d/%m/%Y}, to {n.parent!r}) was "
                "recorded by name before contact ids and matches no contact in "
                f"{shown(str(source))}: if it was this parent's, void it and record it again with "
                "--contacts; --force to go on counting it as another parent's"
            )
        # (this school's child and parent: a trust's other school's pupil and contact under
        # the same ids are two other people, version 20; sweep leftovers17)
        earlier = store.notices(upn, who.key, school=config.school_key or "") + [
            n for n in store.notices(upn, school=config.school_key or "") if n.id in relink
        ]
        first_of_three = third_within_three_years([n.issued_on for n in earlier] + [issued_on])
        if first_of_three is not None:
            raise AttcliError(
                f"this would be a third penalty notice to {who.name} about {upn} within 3 "
                f"years of the first ({first_of_three:%d/%m/%Y}): the national framework "
                "allows two; take alternative action instead"
            )
        counting = [n for n in earlier if n.issued_on <= issued_on < n.counts_until]
        kind = "second" if counting else "first"
        uncounted = [
            n
            for n in earlier
            if n.before_framework and n.issued_on <= issued_on < add_years(n.issued_on, 3)
        ]
        # (deleted with pupil forget --force; the notice is this school's: config.school_key)
        gone = store.notice_forgotten(upn, issued_on, config.school_key or "")
        if gone:
            warnings.append(gone)
        # a notice is per parent and pupil: one to this parent about a pupil of this one's
        # name and date of birth under another UPN (a temporary UPN replaced) is said
        twin = under_another_upn(
            store, upn, {who.key} | {n.parent_key for n in earlier}, issued_on,
            name=pupil_name, dob=pupil_dob,
        )  # fmt: skip
        if twin:
            warnings.append(
                under_another_upn_text(twin, upn, store, name=pupil_name, dob=pupil_dob)
                + "; if one child, this notice is their "
                + (
                    next_notice_text("second")
                    if len(counting) + len(twin) == 1
                    else "third within 3 years, which the national framework does not allow"
                )
            )
        # (a notice's sessions are its school's register's: a trust's other school's notice
        # covers none of this one's, version 20; one with no school is every school's)
        def ours(n: Notice) -> bool:
            return not config.school_key or n.school in ("", config.school_key)

        covered = {
            (d, s) for n in earlier if ours(n) for d, s, _ in store.notice_sessions(n.id)
        }
        sessions = [x for x in window_sessions if (x[0], x[1]) not in covered]
        if request_as_of is None and window is not None:
            _refuse_a_second_offence(sessions, window, issued_on, config.pn_sessions)
        if len(sessions) < len(window_sessions):
            warnings.append(
                f"{len(window_sessions) - len(sessions)} of the window's unauthorised sessions "
                "supported an earlier notice to this parent and are left out"
            )
        # DOMAIN.md 5, per parent: the same absence may support a notice to each liable
        # parent; said, naming the other parent's notice
        mine = {(d, s) for d, s, _ in sessions}
        mine_ids = {n.id for n in earlier}
        shared = [
            (n, k)
            for n in store.notices(upn)
            if n.id not in mine_ids and ours(n)
            and (k := sum(1 for d, s, _ in store.notice_sessions(n.id) if (d, s) in mine))
        ]
        provisional = [x for x in sessions if x[2] == "N"]
        if provisional:
            warnings.append(
                f"{len(provisional)} of the sessions the notice covers are N (reason not yet "
                "established): the local authority returns a request whose window holds N "
                "codes, and an N given a reason later may leave the notice on fewer sessions "
                "(the weekly check will say so)"
            )
        if window is not None and len(sessions) < config.pn_sessions:
            young = _before_age(pupil, config, window, csa_from)
            warnings.append(
                f"the notice covers {len(sessions)} unauthorised sessions, fewer than the "
                f"threshold of {config.pn_sessions} in {counted(config.pn_weeks, 'school week')}"
                + (
                    f"; {young} more of the window are before {csa_from:%d/%m/%Y}, when the "
                    "pupil became of compulsory school age, and do not count"
                    if young and csa_from is not None
                    else ""
                )
            )
        notice = store.record_notice(
            upn, who, issued_on, note, sessions=sessions, by=by, relink=relink,
            pupil_name=pupil_name, pupil_dob=pupil_dob, school=config.school_key,
        )  # fmt: skip
        said = _not_the_pack_s(store, upn, who, issued_on, upto, sessions, notice.id)
        if said:
            warnings.append(said)
        path = store.path
    return Recorded(
        notice,
        kind,
        who.key.removeprefix("id:") if who.by_id else "",
        window,
        sessions,
        relink,
        warnings,
        path,
        request_as_of,
        shared,
        uncounted,
    )


def _not_the_pack_s(
    store: History,
    upn: str,
    who: Parent,
    issued_on: dt.date,
    upto: dt.date,
    sessions: Sequence[tuple[dt.date, str, str]],
    notice_id: int,
) -> str | None:
    """The penalty-notice pack on record to this parent about the pupil (the newest made
    on or before the notice's date, history version 18), when the notice covers another
    window than the pack's and so other sessions: the notice rests on the request's (a
    session after it, recorded, could never support another notice).  A pack made is not
    proof of the request sent, so it is said, not taken as ``--as-of`` (sweep packs)."""
    packs = [
        p for p in store.evidence_packs(upn) if p.parent_key == who.key and p.made_on <= issued_on
    ]
    if not packs:
        return None
    pack = max(packs, key=lambda p: (p.made_on, p.id))
    mine = {(d, s) for d, s, _ in sessions}
    theirs = {(d, s) for d, s, _ in pack.sessions}
    if pack.as_of == upto or mine == theirs:
        return None
    extra, left = len(mine - theirs), len(theirs - mine)
    differ = ", ".join(
        x
        for x in (
            f"{extra} not the pack's" if extra else "",
            f"{left} of the pack's not among them" if left else "",
        )
        if x
    )
    return (
        f"the penalty-notice pack on record to {who.name} about {upn} was made "
        f"{pack.made_on:%d/%m/%Y} as of {pack.as_of:%d/%m/%Y} ({len(theirs)} sessions), and "
        f"this notice covers the window to {upto:%d/%m/%Y} ({len(mine)} sessions, {differ}): "
        "if the notice was issued on that request, void this one (attcli pn "
        f"void {notice_id}) and record it again with --as-of {pack.as_of.isoformat()}"
    )


def _compulsory_school_age(
    pupil: pl.DataFrame, upn: str, on: dt.date, warnings: list[str]
) -> dt.date | None:
    """DOMAIN.md 5: only a pupil of compulsory school age on the notice's date can be its
    subject.  Refused (even with --force: the law, not attcli's knowledge) when the
    exports' date of birth puts ``on`` outside it; with no date of birth, said in one line
    and recorded (the LA issued it: left off the record, the next would pass for a first).
    Returns the first day of compulsory school age (None: no date of birth)."""
    from attcli.calendar import compulsory_school_age_window

    if pupil.height == 0:
        return None  # in no export: said by the caller
    dob = _pupil_dob(pupil)
    from attcli.calendar import differing_births_text

    births = differing_births_text(upn, pupil.sort("date").get_column("dob").to_list())
    if births is not None:  # (the latest kept with the notice: `pn next` reads no register)
        warnings.append(births)
    if dob is None:
        warnings.append(
            f"no date of birth for {upn} in the exports: attcli cannot tell whether the pupil "
            f"was of compulsory school age on {on:%d/%m/%Y} (only such a pupil can be the "
            "subject of a notice); check it in the MIS"
        )
        return None
    start, end = compulsory_school_age_window(dob)
    if not start <= on <= end:
        raise AttcliError(
            f"{upn} was not of compulsory school age on {on:%d/%m/%Y} (born {dob:%d/%m/%Y}: "
            f"of compulsory school age from {start:%d/%m/%Y} to {end:%d/%m/%Y}): no penalty "
            "notice can be issued; if the date of birth is wrong, correct it in the MIS and "
            "export again"
        )
    return start


def _before_age(
    pupil: pl.DataFrame, config: Config, window: tuple[dt.date, dt.date], csa_from: dt.date | None
) -> int:
    """The window's unauthorised sessions before compulsory school age began (they support
    no notice): why a notice covers fewer than the threshold."""
    if csa_from is None or csa_from <= window[0]:
        return 0
    return pupil.filter(
        pl.col("date").is_between(window[0], csa_from, closed="left")
        & pl.col("mark").is_in(config.pn_codes)
    ).height


def _pupil_dob(pupil: pl.DataFrame) -> dt.date | None:
    """The pupil's date of birth as the exports give it last (None: none gives it), kept
    with the notice: `pn next` and `pn list` read no register."""
    if pupil.height == 0:
        return None
    born = pupil.sort("date").get_column("dob").drop_nulls()
    return born[-1] if born.len() else None


def _pupil_name(pupil: pl.DataFrame) -> str:
    """The pupil's name as the exports give it last ("Forename Surname"), for `pn list`."""
    if pupil.height == 0:
        return ""
    last = pupil.sort("date").row(-1, named=True)
    return " ".join(x for x in (last.get("forename"), last.get("surname")) if x)


def _refuse_a_second_offence(
    sessions: list[tuple[dt.date, str, str]],
    window: tuple[dt.date, dt.date],
    issued_on: dt.date,
    threshold: int,
) -> None:
    """A notice recorded on its issue date covers the window up to it; when the threshold
    was met and the window holds another threshold's worth of sessions after, those are a
    second offence the notice would use up for good (the request was made earlier, on the
    first).  Refused without the request's date (--as-of): attcli does not guess it."""
    if len(sessions) < 2 * threshold:
        return
    met, after = sessions[threshold - 1][0], sessions[threshold:]
    raise AttcliError(
        f"the window {window[0]:%d/%m/%Y} to {window[1]:%d/%m/%Y} holds {len(sessions)} "
        f"unauthorised sessions: the threshold of {threshold} was met on {met:%d/%m/%Y}, and "
        f"the {len(after)} after it ({after[0][0]:%d/%m/%Y} to {after[-1][0]:%d/%m/%Y}) are "
        "enough for another notice; give the date the request's evidence was as of with "
        "--as-of DATE (the notice then covers the window up to it), or --as-of "
        f"{issued_on:%Y-%m-%d} if the notice rests on them all"
    )
