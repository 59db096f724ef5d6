"""An id two of a trust's schools give: one MIS id, two children (sweep trustids).

A UPN is one child's nationally.  An MIS id (an admission number) is one school's
numbering: each school's MIS numbers its pupils from 1, so Ash's 1001 and Birch's 1001
are two children.  A file given to every school of a ``--per-school`` run (one contacts
export) that keys its rows by such an id and has no School column cannot say whose a
row is, nor can an id typed on the command line (``--release 1001``): attcli refuses
them, naming the id and the schools, never giving Birch's child Ash's family.
:func:`refuse_shared_ids` is called by :func:`attcli.cliutil.per_school` before any
school's run, with each school's roll (:func:`shared_ids`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from attcli.errors import AttcliError, InputError, shown
from attcli.percent import listed
from attcli.pupil_ids import DIGITS, bare, is_upn, typed_id

if TYPE_CHECKING:

    from attcli.config import Config
    from attcli.contacts import Contacts

_DIGITS = re.compile(DIGITS)


def _same(pupil_id: str) -> str:
    """An id as two schools' ids are compared: digits without their leading zeros (a
    spreadsheet drops them, :mod:`attcli.pupil_ids`), any other as it is."""
    return bare(pupil_id) if _DIGITS.match(pupil_id) else pupil_id


def shared_ids(rolls: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Each id that is no UPN (:func:`attcli.pupil_ids.is_upn`) on the rolls of two schools
    or more (``rolls``: school key -> its pupils' ids, in the config's order), compared as
    :func:`_same` writes it -> those schools' keys."""
    where: dict[str, list[str]] = {}
    for key, ids in rolls.items():
        for pupil_id in {_same(i) for i in ids if i and not is_upn(i)}:
            where.setdefault(pupil_id, []).append(key)
    return {i: keys for i, keys in where.items() if len(keys) > 1}


def _schools(config: Config, keys: Sequence[str]) -> str:
    """The schools ``keys``, "a (Ash Primary School) and of b (Birch Academy)"."""
    named = [f"{k} ({config.section(k).school.name})" for k in keys]
    return f"{named[0]} and of {named[1]}" if len(named) == 2 else listed(named)


def needs_rolls(contacts: Contacts | None, typed: Sequence[tuple[str, str]]) -> bool:
    """Whether :func:`refuse_shared_ids` needs the schools' rolls: a contacts export with
    no School column keyed by an id that is no UPN, or a typed id that is none."""
    if contacts is not None and not contacts.school_header:
        if any(not is_upn(u) for u in contacts.by_upn if u):
            return True
    return any(not is_upn(typed_id(i)) for _, i in typed)


def refuse_school_column(
    config: Config, contacts: Contacts, running: Sequence[str] = ()
) -> None:
    """Refuse a trust's contacts export whose School column leaves a row no school of
    ``[schools]``, or names two: whose pupil it is about would be guessed; or names none
    of the school ``running`` (a school of this run): none of its pupils has a contact
    there, as a contacts export none of whose pupils is in the register is refused
    (:meth:`attcli.contacts.Contacts.refuse_pupil_list`)."""
    if not contacts.school_header:
        return
    from attcli.loaders._errors import unit

    seen: dict[str, int] = {}
    for c in sorted((c for cs in contacts.by_upn.values() for c in cs), key=lambda c: c.line):
        seen.setdefault(c.school, c.line)
    for value, line in seen.items():
        owners = [x.key for x in config.schools if x.known_as(value)]
        if len(owners) == 1:
            continue
        why = (
            "is blank, so whose pupil the row is about is not known" if not value.strip()
            else f"{value!r} names no school of [schools] (by key, name, URN or DfE number)"
            if not owners else f"{value!r} names more than one of [schools] ({', '.join(owners)})"
        )  # fmt: skip
        raise InputError(
            f"the School ({contacts.school_header!r}) on {unit(contacts.source)} {line} {why}: "
            "each row's School must name the one school whose pupil it is about",
            file=contacts.source,
            hint="the schools: " + ", ".join(
                f"{x.key} ({x.school.name})" for x in config.schools
            ),
        )
    for key in running:
        section = config.section(key)
        if not any(section.known_as(value) for value in seen):
            raise InputError(
                f"no row's School (column {contacts.school_header!r}) names {key} "
                f"({section.school.name}), so none of its pupils has a contact here: give the "
                "contacts of every school of the run, each row's School its pupil's school",
                file=contacts.source,
            )


def refuse_shared_ids(
    config: Config,
    rolls: Callable[[], Mapping[str, Iterable[str]]],
    *,
    contacts: Contacts | None = None,
    typed: Sequence[tuple[str, str]] = (),
    running: Sequence[str] = (),
) -> None:
    """Before a trust's ``--per-school`` run: refuse ``contacts`` (read once for every
    school) with no School column whose rows are keyed by an id on two schools' rolls,
    and an id of ``typed`` (option, id as typed: ``("--release", "1001")``) on two
    schools' rolls.  ``rolls()`` gives each school's pupils' ids; it is asked only when
    something may be refused (:func:`needs_rolls`: loading every school twice is not paid
    by a trust of UPNs).  A contacts export with a School column is checked by
    :func:`refuse_school_column` and matched on the school and the id
    (:meth:`attcli.contacts.Contacts.of_school`)."""
    if contacts is not None:
        refuse_school_column(config, contacts, running)
    if len(running) == 1 or not needs_rolls(contacts, typed):  # (one school: no two rolls)
        return
    shared = shared_ids(rolls())
    if not shared:
        return
    for option, given in typed:
        pupil_id = typed_id(given)
        keys = shared.get(_same(pupil_id))
        if keys is not None and not is_upn(pupil_id):
            raise AttcliError(
                f"{option} {pupil_id}: pupil id {pupil_id} is on the roll of "
                f"{_schools(config, keys)}: each school's MIS numbers its own pupils, so it "
                "names two children; run the school whose pupil it is on its own exports "
                f"(give only its files, with this config) with {option} {pupil_id}, or "
                "export the registers with UPNs"
            )
    if contacts is None or contacts.school_header:
        return
    clash = sorted(
        (c.line, c.upn, shared[_same(c.upn)])
        for cs in contacts.by_upn.values() for c in cs if _same(c.upn) in shared
    )  # fmt: skip
    if not clash:
        return
    _, pupil_id, keys = clash[0]
    more = len({u for _, u, _ in clash}) - 1
    others = f" (and {more} more such id{'s' if more != 1 else ''})" if more else ""
    raise AttcliError(
        f"pupil id {pupil_id}{others} is on the roll of {_schools(config, keys)}: each "
        "school's MIS numbers its own pupils, so it is two children, and "
        f"{shown(contacts.source)} has no School column to say which school's pupil its rows "
        "are about: add a School column (each row's school: its key, name or URN in "
        "[schools]), or run each school on its own files with its own contacts export, or "
        "export the registers and contacts with UPNs"
    )
