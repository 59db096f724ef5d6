"""The letters a pupil's contacts were sent this half term, read once for every pupil, and
what a letter due to one UPN of a child under two must say of the same letter sent under
the other (DOMAIN.md 9: never the same letter twice in a half term).  One rule for `attcli
letters`, which holds such a letter, and the pupil record, whose "Held for review" line
says how to release it (sweep looks7: the record invited the release without saying the
letter had gone under the other UPN)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attcli.config import Config, HalfTerm
from attcli.output import command_word
from attcli.store import History, LetterRecord

if TYPE_CHECKING:
    from attcli.engine import Evaluation

#: The letters of a template sent to a pupil's contacts this half term, by (school, upn,
#: template): :meth:`attcli.store.History.sent`, for every pupil at once; given a band too
#: (a band's letter), the band's letter on record under another template's name when none
#: is under this one (the config's `letter` renamed since: :func:`sent_lookup`).
SentLookup = Callable[..., list[LetterRecord]]


def sent_lookup(
    store: History | None, ht: HalfTerm, config: Config, half_terms: Sequence[HalfTerm]
) -> SentLookup | None:
    """:meth:`History.sent` of the half term for every pupil, read in one query (issue 15:
    a query a pupil and letter, tens of thousands in a large school's run); None without
    a history.  Made where the run's plan is made, before it records anything.

    A letter stage of the ladder recorded by hand in the half term (``attcli case record
    R --action red``, the stage whose action is the red letter) is that letter sent: the
    office says it sent it, and the same letter twice in a half term is never sent
    (DOMAIN.md 9).  It is given as a record of no file, after the letters attcli wrote
    (:func:`attcli.termly.letters_of_half_term`), so it shows as already sent and no milder
    letter is sent after it; ``--resend`` sends it again, as any letter already sent.
    ``half_terms``: the calendar's, which place a record made in a holiday
    (:func:`attcli.termly.recorded_by_hand`)."""
    if store is None:
        return None
    from attcli.letter_settings import LATENESS, PN_WARNING, PRAISE
    from attcli.termly import letters_of_half_term

    found: dict[tuple[str, str, str], list[LetterRecord]] = {}
    # a band's letters by the band they were sent for: every letter of the half term that
    # is no lateness, praise or penalty-notice letter is the letter of the band it records
    by_band: dict[tuple[str, str, str], list[LetterRecord]] = {}
    # (oldest first, as sent() gives them)
    for r in letters_of_half_term(store, config, ht, half_terms):
        found.setdefault((r.school, r.upn, r.template), []).append(r)
        if r.band and r.template not in (LATENESS, PRAISE, PN_WARNING):
            by_band.setdefault((r.school, r.upn, r.band), []).append(r)

    def sent(school: str, upn: str, template: str, band: str | None = None) -> list[LetterRecord]:
        # (the band's letter renamed in the config since it was sent this half term, "amber"
        # now "upper_amber": the same band's letter, not a second one, DOMAIN.md 9)
        got = found.get((school, upn, template), ())
        if not got and band is not None:
            got = by_band.get((school, upn, band), ())
        return list(got)

    return sent


def said_of_other_upns(
    ev: Evaluation,
    due: list[tuple[dict[str, Any], str, str | None, str]],
    two_upns: Mapping[tuple[str, str], str],
) -> dict[tuple[str, str, str], str]:
    """:func:`sent_to_other_upn` of the letters ``due``, the history read here (none
    without one, or outside a half term): for a command that has no lookup of its own
    open, the pupil record's "Held for review" line and `attcli cases`' held steps, which
    said the letter held without the one already sent under the other UPN (sweeps looks7
    and leftovers9).  With a termly band, the term's earlier band letters too
    (:func:`attcli.termly.termly_earlier`), as the letters run reads them, for a letter
    due with the reason "band NAME": "OLD's red letter went on 25/09/2026 (Autumn 1), this
    term: ..." (sweep leftovers10)."""
    if not two_upns or ev.half_term is None:
        return {}
    if not {(r["school"] or "", r["upn"]) for r, *_ in due} & set(two_upns):
        return {}
    from attcli.store import existing_history, reader

    path = existing_history(ev.config)
    if path is None:
        return {}
    with reader(path) as h, h.reading() as store:
        from attcli.termly import termly_earlier

        sent = sent_lookup(store, ev.half_term, ev.config, ev.calendar.half_terms)
        # (the term's letters are read only for a letter due for its band: `cases`' steps
        # are due for none, and sent_to_other_upn reads them for no other)
        earlier = (
            termly_earlier(store, ev.config, ev.calendar.half_terms, ev.half_term)
            if any(reason == f"band {band}" for _, _, band, reason in due)
            else None
        )
        return sent_to_other_upn(due, ev, sent, two_upns, earlier)


def sent_to_other_upn(
    due: list[tuple[dict[str, Any], str, str | None, str]],
    ev: Evaluation,
    sent: SentLookup | None,
    two_upns: Mapping[tuple[str, str], str],
    earlier: Mapping[tuple[str, str], Sequence[LetterRecord]] | None = None,
) -> dict[tuple[str, str, str], str]:
    """(school, upn, template) -> what to add to the hold of a letter due to a UPN of one
    child under two UPNs (``two_upns``: :attr:`attcli.absence.HoldRule.two_upns`) when the
    same letter (its template, or its band's letter renamed: ``sent``) went this half term
    to another UPN of the child (:func:`attcli.joined.other_upns`: not two children seen
    apart): "OLD's red letter went on 25/09/2026, this half term: if one child, this is
    the same letter twice; `attcli pupil merge OLD NEW` moves it, and this one then shows
    as already sent".  The hold said only "release it if they are two children", and a
    release sent the parent the same letter again, the first unsaid (DOMAIN.md 9: never
    twice in a half term; sweep twoupn2).  Whatever the other UPN's history would stop
    for that UPN stops it too (:func:`stopped_by`, the lead's decision, sweep decide9):
    a milder band letter after its more serious one, "OLD's red letter went on
    25/09/2026, this half term: if one child, improved since the red letter of
    25/09/2026: no amber letter this half term; ... and this one then is not sent"."""
    from attcli.config import letter_name  # (a line of its own: sweep leftovers14)
    if sent is None or not two_upns:
        return {}
    keys = {(r["school"] or "", r["upn"]) for r, *_ in due} & set(two_upns)
    if not keys:
        return {}
    from attcli.joined import other_upns

    others = other_upns(ev, keys)
    out: dict[tuple[str, str, str], str] = {}
    for row, template, band, reason in due:
        school, upn = key = (row["school"] or "", row["upn"])
        # what each other UPN's history stops of this letter, as it would for that UPN (a
        # termly band's letter this term: of a band letter, as for the UPN itself)
        term = earlier if reason == f"band {band}" else None
        stops = [
            (o, stop)
            for sc, o in others.get(key, ())
            if (stop := stopped_by(ev.config, sent, sc, o, template, band, term)) is not None
        ]
        # (the same letter this half term first: it says most)
        stops.sort(key=lambda x: x[1][0] != "sent")
        if not stops:
            continue
        kind = stops[0][1][0]
        stops = [(o, stop) for o, stop in stops if stop[0] == kind]
        # (the first of the same letter, as "already sent" names it; the last more serious)
        pick = min if kind in ("sent", "went") else max
        went = [(o, pick(ls, key=lambda r: (r.letter_date, r.id))) for o, (_, ls, _) in stops]
        said = "; ".join(
            f"{o}'s {letter_name(r.template)} letter went on {r.letter_date:%d/%m/%Y}"
            + (f" ({r.half_term})" if kind in ("went", "improved_term") else "")
            for o, r in went
        )
        when = "this term" if kind in ("went", "improved_term") else "this half term"
        what = "this is the same letter twice" if kind == "sent" else stops[0][1][2]
        then = "shows as already sent" if kind == "sent" else "is not sent"
        merges = ", ".join(
            f"`attcli pupil merge {command_word(o)} {command_word(upn)}`" for o, _ in went
        )
        out[(school, upn, template)] = (
            f"{said}, {when}: if one child, {what}; {merges} "
            f"{'moves it' if len(went) == 1 else 'move them'}, and this one then {then}"
        )
    return out


def stopped_by(
    config: Config,
    sent: SentLookup,
    school: str,
    upn: str,
    template: str,
    band: str | None,
    earlier: Mapping[tuple[str, str], Sequence[LetterRecord]] | None = None,
) -> tuple[str, tuple[LetterRecord, ...], str] | None:
    """What the letters sent to ``upn`` stop of the letter ``template`` due now for
    ``band``, as (kind, the letters that stop it, why in the letters' words), or None:
    ``"sent"``, the same letter this half term (its template, or its band's letter renamed:
    it shows as already sent, never twice in a half term, DOMAIN.md 9); ``"improved"``, a
    more serious band's letter this half term (a milder one would contradict it:
    :func:`attcli.termly.more_serious`); and with ``earlier`` (the band letters of the
    term's earlier half terms, :func:`attcli.termly.earlier_in_term`), ``"went"`` or
    ``"improved_term"``, a termly band's letter that went this term, or a more serious one
    (:func:`attcli.termly.this_term`).  The one rule of a UPN's history, read for the UPN
    itself (:func:`attcli.letters.run._improved`, :func:`attcli.letters.run._once_a_term`; the same letter :func:`attcli.letters.run._plan` shows
    as already sent) and for another UPN of one child (:func:`sent_to_other_upn`, the
    lead's decision, sweep decide9)."""
    from attcli.termly import improved_text, more_serious, this_term

    same = sent(school, upn, template, band)
    if same:
        return "sent", tuple(same), "the same letter"
    if template in config.band_letters:
        worse = more_serious(
            config, band, [r for name in config.band_letters for r in sent(school, upn, name)]
        )
        if worse:
            return "improved", worse, improved_text(band, worse)
    if earlier is not None:
        verdict = this_term(config, band, template, earlier.get((school, upn), []))
        if verdict is not None:
            kind = "went" if verdict.kind == "went" else "improved_term"
            return kind, verdict.letters, verdict.text
    return None
