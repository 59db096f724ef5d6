"""A band's letter once a term (``[[bands]] letter_every = "term"``: seed 003's "RAG
Attendance Letters to be sent home termly", DOMAIN.md 11): whether this term's letter went
in an earlier half term.  One rule for `attcli letters`, which sends no second letter that
term, and `attcli cases`, which must not list one to send (sweep of 5 December, cadence)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from attcli.calendar import academic_year_start, half_term_of
from attcli.config import Config, HalfTerm, letter_name
from attcli.letter_settings import NOT_BAND_LETTERS
from attcli.store import History, LetterRecord

#: (school, upn) -> the band letters of the earlier half terms of the term
Earlier = dict[tuple[str, str], list[LetterRecord]]


def unbegun_text(ht: HalfTerm, as_of: dt.date, letter: str | None = None) -> str:
    """Why no letter (``letter``'s, or any) of half term ``ht`` goes as of ``as_of``: the
    register holds no school day of it yet (:meth:`attcli.calendar.Calendar.begun`; an
    INSET day opening it), and `attcli letters` refuses to write them.  The check's reason
    and the casebook's "due, no letter now" (sweep domaind)."""
    what = f"no {letter_name(letter)} letter" if letter else "no letters"
    return (
        f"{what} for {ht.name} yet: the register holds no school day of it up to "
        f"{as_of:%d/%m/%Y} (attcli letters writes them once it does)"
    )


def termly_bands(config: Config) -> set[str]:
    """The bands whose letter goes once a term."""
    return {b.name for b in config.bands if b.letter and b.letter_every == "term"}


def recorded_by_hand(
    store: History, config: Config, ht: HalfTerm, half_terms: Sequence[HalfTerm]
) -> list[LetterRecord]:
    """The casebook records (not voided) of the half term ``ht`` of a stage of the ladder
    whose action is a letter (its ``template``; ``attcli case record R --action red``), as
    letters sent (``by_hand``: the record), a band's letter for its band.  The office says
    it sent that letter by hand: it is sent, and the same letter twice in a half term is
    never sent (DOMAIN.md 9).  No file, figures or recipient on record.

    A record's half term is its date's as a run as of that date reads it
    (:func:`attcli.calendar.half_term_of` of ``half_terms``, the calendar's): in a holiday,
    the half term that ended before it, whose letters a run in the holiday writes and
    records; after the last half term the register shows (inferred half terms end on the
    exports' last day), that one.  A letter sent by hand in the October holiday was Autumn
    1's and written again by `attcli letters` as of the holiday (sweep domainf).  Its
    figures date (``as_of``, which the check reads letters up to) is its date, or its half
    term's last day when later: the export of Fri 23 Oct checked in the holiday after the
    letter went by hand asked for it again."""
    return _by_hand(store, config, half_terms, lambda h: h == ht)


def _by_hand(
    store: History,
    config: Config,
    half_terms: Sequence[HalfTerm],
    keep: Callable[[HalfTerm], bool],
    upn: str | None = None,
) -> list[LetterRecord]:
    """:func:`recorded_by_hand` of the half terms ``keep`` keeps, the records read once
    (one pupil's with ``upn``)."""
    templates = {
        s.name: s.template for s in config.escalation.stages if s.action == "letter" and s.template
    }
    band_of = {b.letter: b.name for b in config.bands if b.letter}
    out = []
    for a in store.actions(upn):
        if a.action not in templates:
            continue
        ht = half_term_of(half_terms, a.done_on)
        if ht is None or not keep(ht):
            continue
        out.append(LetterRecord(
            id=0, school=a.school or "", upn=a.upn, template=templates[a.action],
            band=band_of.get(templates[a.action]), half_term=ht.name,
            half_term_start=ht.start, recipient="", stage=1, status="sent",
            letter_date=a.done_on, out_dir="", file="", sha256=None, pupil_name="",
            contact_name=f"recorded by hand {a.done_on:%d/%m/%Y}", address="", email="",
            as_of=min(a.done_on, ht.end), by_hand=a,
        ))  # fmt: skip
    return out


def pupil_by_hand(
    store: History, config: Config, half_terms: Sequence[HalfTerm], school: str, upn: str
) -> list[LetterRecord]:
    """Every letter stage recorded by hand for one pupil of one school, in any half term
    (:func:`recorded_by_hand`'s records, by date): the pupil record lists them among the
    letters sent, as the ladder's stage and the letters count them (sweep leftovers9: the
    record said "Letters sent: 0" beside a red stage the office recorded)."""
    return [
        r for r in _by_hand(store, config, half_terms, lambda _: True, upn) if r.school == school
    ]


def letters_of_half_term(
    store: History, config: Config, ht: HalfTerm, half_terms: Sequence[HalfTerm]
) -> list[LetterRecord]:
    """The letters sent for the half term ``ht`` (:meth:`History.sent_for`), then the
    letter stages recorded by hand in it (:func:`recorded_by_hand`; ``half_terms``: the
    calendar's, ``ht`` among them): what `attcli letters` counts as sent, and `attcli
    check` and `attcli cases` say it does."""
    return [*store.sent_for(ht.start), *recorded_by_hand(store, config, ht, half_terms)]


def by_hand_in_year(
    store: History, config: Config, half_terms: Sequence[HalfTerm], ht: HalfTerm
) -> Earlier:
    """The letter stages recorded by hand (:func:`recorded_by_hand`) in ``ht`` and in the
    half terms of its school year before it, by (school, upn): letters sent, which a later
    letter counts and names as a letter of attcli's on record is ("a second letter", "I
    wrote to you on ...", DOMAIN.md 9)."""
    year = academic_year_start(ht.start)
    out: Earlier = {}
    this_year = [
        h for h in half_terms if h.start <= ht.start and academic_year_start(h.start) == year
    ]
    for r in _by_hand(store, config, half_terms, lambda h: h in this_year):
        out.setdefault((r.school or "", r.upn), []).append(r)
    return out


def with_by_hand(
    found: Sequence[LetterRecord], by_hand: Sequence[LetterRecord]
) -> list[LetterRecord]:
    """``found`` (:meth:`History.earlier_letters`: the first letter of each template in each
    half term, oldest first) with the letters ``by_hand`` of a half term and template none
    of them is, in the same order."""
    first: dict[tuple[dt.date, str], LetterRecord] = {}
    for r in [*found, *by_hand]:
        first.setdefault((r.half_term_start, r.template), r)
    return sorted(first.values(), key=lambda r: (r.half_term_start, r.letter_date, r.id))


def earlier_in_term(
    store: History, config: Config, half_terms: Sequence[HalfTerm], ht: HalfTerm
) -> Earlier:
    """The band letters sent in the half terms of ``ht``'s term (this school year's) before
    ``ht``, by (school, upn), those recorded by hand too (:func:`letters_of_half_term`): a
    band's letter by the band it was sent for (the config's letter renamed since, "amber"
    now "upper_amber", is still that band's)."""
    year = academic_year_start(ht.start)
    out: Earlier = {}
    for h in half_terms:
        if h.start < ht.start and h.term == ht.term and academic_year_start(h.start) == year:
            for r in letters_of_half_term(store, config, h, half_terms):
                if r.band and r.template not in NOT_BAND_LETTERS:
                    out.setdefault((r.school or "", r.upn), []).append(r)
    return out


def termly_earlier(
    store: History | None, config: Config, half_terms: Sequence[HalfTerm], ht: HalfTerm | None
) -> Earlier:
    """:func:`earlier_in_term` when a band's letter goes once a term (:func:`termly_bands`);
    empty otherwise (no termly band, no history or no half term).  The letters run and the
    pupil record read a UPN's, or another UPN's of the child, termly letters alike
    (:func:`attcli.sent_letters.sent_to_other_upn`)."""
    if not termly_bands(config) or store is None or ht is None:
        return {}
    return earlier_in_term(store, config, half_terms, ht)


@dataclass(frozen=True)
class ThisTerm:
    """Why a termly band's letter does not go this half term: ``went`` (this term's letter
    of the band went, ``letters`` its first) or ``improved`` (a more serious band's letter
    went this term, ``letters`` those)."""

    kind: str
    letters: tuple[LetterRecord, ...]
    text: str

    @property
    def last(self) -> LetterRecord:
        return max(self.letters, key=lambda r: (r.letter_date, r.id))


def this_term(
    config: Config, band: str | None, template: str, mine: Sequence[LetterRecord]
) -> ThisTerm | None:
    """Whether the letter ``template`` of ``band`` (a pupil's band now) goes this half term
    given ``mine``, the pupil's band letters of the term's earlier half terms
    (:func:`earlier_in_term`): None when it does (no termly band, nothing earlier, or only
    milder letters: a worse band's letter is another letter and goes)."""
    if band not in termly_bands(config) or not mine:
        return None
    every = f'band {band}\'s letter goes once a term (letter_every = "term")'
    same = [r for r in mine if r.template == template or r.band == band]
    if same:
        first = min(same, key=lambda r: (r.letter_date, r.id))
        return ThisTerm(
            "went",
            (first,),
            f"the {letter_name(first.template)} letter of {first.letter_date:%d/%m/%Y} "
            f"({first.half_term}) is this term's: {every}",
        )
    worse = more_serious(config, band, mine)
    if not worse:
        return None
    last = max(worse, key=lambda r: (r.letter_date, r.id))
    return ThisTerm(
        "improved",
        worse,
        f"improved since the {letter_name(last.band or '')} letter of {last.letter_date:%d/%m/%Y} "
        f"({last.half_term}): no {letter_name(band or '')} letter this term ({every})",
    )


def more_serious(
    config: Config, band: str | None, letters: Sequence[LetterRecord]
) -> tuple[LetterRecord, ...]:
    """The band letters of ``letters`` (a pupil's, this half term's) sent for a more serious
    band than ``band``, the pupil's now (the bands are best first): after one, the pupil
    has improved, and a milder letter in the same half term would contradict it (DOMAIN.md
    9; `attcli letters` sends none, and `attcli cases` lists none to send)."""
    rank = config.band_rank
    now = rank.get(band or "")
    if now is None:
        return ()
    return tuple(
        r
        for r in letters
        if r.template not in NOT_BAND_LETTERS and rank.get(r.band or "", -1) > now
    )


def improved_text(band: str | None, worse: Sequence[LetterRecord]) -> str:
    """Why no ``band`` letter goes this half term after the letters ``worse``
    (:func:`more_serious`), in the letters' words."""
    last = max(worse, key=lambda r: (r.letter_date, r.id))
    return (
        f"improved since the {letter_name(last.band or '')} letter of {last.letter_date:%d/%m/%Y}: "
        f"no {letter_name(band or '')} letter this half term"
    )


def next_term(half_terms: Sequence[HalfTerm], ht: HalfTerm) -> HalfTerm | None:
    """The first half term of the term after ``ht``'s (None: not listed)."""
    later = sorted((h for h in half_terms if h.start > ht.start), key=lambda h: h.start)
    return next(
        (
            h
            for h in later
            if h.term != ht.term or academic_year_start(h.start) != academic_year_start(ht.start)
        ),
        None,
    )
