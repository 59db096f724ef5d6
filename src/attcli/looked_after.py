"""Is this pupil looked after: the one rule check, the letters and the evidence pack ask.

Two sources can say so: the register's own Looked After column (SIMS's and Arbor's
Looked After, In Care: ``cla``), and a local authority holding parental responsibility
among the pupil's contacts (:func:`attcli.contacts.holds_pr_as_council`).  Either is
enough: a contacts export often lists the foster carer alone, and a register may carry no
such column.  Where they contradict each other (the column says No, the contacts list a
council with parental responsibility) the pupil is taken as looked after, the careful
reading (a letter warning of fines is held for a person, no notice is quoted), and every
place that says so says the contradiction too, never silently picking one (sweep
lacfollow).  ``check`` reads no contacts: the column is its one source.

Nothing here imports a command; the commands import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

#: the register's looked-after column, as every output names it
REGISTER_COLUMN = "the register's Looked After column"
#: a council among the contacts whose name cells show nothing (blank, or a zero-width
#: space), the relationship alone saying what it is: as every output names it, never by
#: the salutation's fallback for a person with no name, "Parent/Carer" (sweep hostile6)
UNNAMED_COUNCIL = "an unnamed local authority"


@dataclass(frozen=True)
class LookedAfter:
    """What the two sources say of one pupil: ``councils``, the local authorities holding
    parental responsibility among the contacts (none read: ``()``); ``register``, the
    register's Looked After column (True Y, False N or blank, None: no such column)."""

    councils: tuple[str, ...] = ()
    register: bool | None = None

    @property
    def said(self) -> bool:
        """Whether the pupil is taken as looked after: either source says so."""
        return bool(self.councils) or self.register is True

    @property
    def disagreement(self) -> str | None:
        """The two sources contradicting each other, in words; None when they do not."""
        if not self.councils or self.register is not False:
            return None
        return (
            f"{REGISTER_COLUMN} says No: taken as looked after; correct whichever is wrong "
            "in the MIS"
        )

    @property
    def virtual_school_head(self) -> str:
        """The Virtual School Head as a letter names them: of the council that looks after
        the pupil where the contacts name it, else unnamed (the school's own council may not
        be it, nor is one the contacts leave unnamed: :data:`UNNAMED_COUNCIL`)."""
        named = [c for c in self.councils if c != UNNAMED_COUNCIL]
        of = f" of {' and '.join(named)}" if named else ""
        return f"the Virtual School Head{of}"

    @property
    def whose(self) -> str | None:
        """What says the pupil is looked after, with a contradiction said beside it; None
        when nothing does."""
        if self.councils:
            names = " and ".join(self.councils)
            held = "hold" if len(self.councils) > 1 else "holds"
            said = f"{names} {held} parental responsibility in the contacts export"
            return f"{said}, though {self.disagreement}" if self.disagreement else said
        return REGISTER_COLUMN if self.register is True else None


def looked_after(councils: Sequence[str], register: bool | None) -> LookedAfter:
    """The pupil's :class:`LookedAfter` from the contacts' ``councils`` (their names, each
    once) and the register's column ``register`` (None: not known)."""
    return LookedAfter(tuple(dict.fromkeys(councils)), register)


def held_why(whose: str, *, warns: bool = True) -> str:
    """Why a letter about a looked-after pupil, or a ladder step that warns, is held for a
    person (``whose``: :attr:`LookedAfter.whose`): the council cannot fine itself, and
    policy 002 has the designated teacher work with the social worker and the Virtual
    School Head (the Personal Education Plan), as DOMAIN.md 9 holds a warning the family
    cannot be blamed for (lac sweep).  ``warns``: a letter that warns of meetings, fines or
    prosecution (``[letters] hold_templates``) or such a step; any other letter (an amber,
    a lateness or a praise letter) is held too, since who is written to about a child in
    care (a birth parent sharing parental responsibility, the carer) is theirs to agree
    (sweep rough6).  The one wording of `attcli letters`' hold and `attcli cases`'
    (:meth:`attcli.absence.HoldRule.looked_after_reason`)."""
    if not warns:
        return (
            f"looked after ({whose}): agree any letter about a looked-after pupil, and who it "
            "goes to, with the social worker and the Virtual School Head (the Personal "
            "Education Plan) first"
        )
    return (
        f"looked after ({whose}): agree a letter warning of meetings, fines or prosecution "
        "with the social worker and the Virtual School Head (the Personal Education Plan) "
        "first"
    )


def without_column(done: str) -> str:
    """What a command whose list names looked-after pupils says when a cell of the
    register's Looked After column is no yes/no value and it read the exports without the
    column (:func:`attcli.loaders.obtain_looked_after`): ``done``, "The list was read"."""
    return (
        f"{done} without the register's looked-after column: only a council among the "
        "contacts says a pupil is looked after"
    )


def by_upn(marks: Mapping[tuple[str, str], bool]) -> dict[str, bool]:
    """The register's Looked After column as :meth:`attcli.engine.Prepared.looked_after_marks`
    gives it, (school, UPN) -> Y True, N False, keyed by the UPN alone: what a command run
    a school at a time (check, cme, the LA's files) asks of its pupils."""
    return {upn: mark for (_, upn), mark in marks.items()}


def listed_line(
    upns: Iterable[str],
    marked: Mapping[str, bool],
    councils: Callable[[str], Sequence[str]] | None,
    told: str = "of the unexplained absence",
) -> str | None:
    """One line naming the pupils of ``upns`` (those a command lists for unexplained
    absence or a deletion: cme, the LA's monthly return and termly register check) who are
    looked after by the one rule (:func:`looked_after`), each with what says so and a
    contradiction said: policy 002 asks that the pupil's social worker be told of any
    unexplained absence and of a deletion from the register, and the Virtual School Head
    works with the school.  ``marked``: UPN -> the register's Looked After column (Y True, N
    False; empty where the command could not read it); ``councils``: UPN -> the councils
    holding parental responsibility among the contacts (:meth:`Contacts.councils`), None
    where no contacts export was given (the column alone then says it, and the line says
    that a council's is not known).  ``told``: what the social worker is told of, as the
    command lists the pupils (cme: their unexplained absence; the LA's termly file lists
    low attendance, the monthly return illness too).  None when no pupil listed is looked
    after (lac sweep; one line for every command since sweep lacla)."""
    said, by_column = [], False
    for u in sorted(set(upns)):
        lac = looked_after(councils(u) if councils is not None else (), marked.get(u))
        if not lac.said:
            continue
        by_column = by_column or not lac.councils
        if councils is None:  # (the column is the one source: said once, in the source)
            said.append(u)
            continue
        what = ", ".join(lac.councils) or REGISTER_COLUMN
        said.append(f"{u} ({what}{'; ' + lac.disagreement if lac.disagreement else ''})")
    if not said:
        return None
    n = len(said)
    source = (
        f"{REGISTER_COLUMN} says so; no contacts export given, so a council holding parental "
        "responsibility is not known"
        if councils is None
        else "a local authority holds parental responsibility in the contacts export"
        + (f", or {REGISTER_COLUMN} says so" if by_column else "")
    )
    whose = "each one's" if n != 1 else "their"  # (one pupil's: not "each one's")
    return (
        f"{n} pupil{'s' if n != 1 else ''} listed {'are' if n != 1 else 'is'} looked after "
        f"({source}): tell {whose} social worker {told}, and of any deletion from the "
        f"register, and the Virtual School Head: {', '.join(said[:10])}"
        + (", ..." if n > 10 else "")
    )
