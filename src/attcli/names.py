"""A pupil's name as attcli shows and sorts it, the one place for both.

A name is ``Surname, Forename`` wherever pupils are listed (the check, cme, the register
check, the notes on the data), and the parts a pupil has not are left out: a child known
by one name (a surname and no forename, or a forename alone) is "Madonna", never
"Madonna, None" or ", Cher".

Pupils are sorted by surname as a person looks one up in a list (:func:`sort_key`):
case aside ("van der Berg" among the Vs, not after "Zebedee"), accents aside ("Çelik"
among the Cs, "Łukasiewicz" among the Ls: code-point order put both after Z), and
apostrophes aside (``O'Brien`` and ``O’Brien``, the typewriter's and the typographic
apostrophe, are one surname and sort as "OBrien"). Names in other scripts follow the
Latin ones, each script together. The order is stable: equal keys keep the order of
the name as written, then of the UPN (the callers sort by it last).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import polars as pl

#: Latin letters that are not a base letter with an accent, so NFKD leaves them whole and
#: a file name lost them (Łucja -> ucja) and a sort put them after Z: their usual ASCII
#: spelling.
_SPELT = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
        "Ɖ": "D", "ɖ": "d", "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Œ": "OE",
        "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i", "Ɨ": "I", "ɨ": "i", "Ħ": "H", "ħ": "h",
        "Ŧ": "T", "ŧ": "t", "Ŀ": "L", "ŀ": "l", "Ŋ": "N", "ŋ": "n", "ĸ": "k", "Ə": "E",
        "ə": "e", "Ɛ": "E", "ɛ": "e", "Ɔ": "O", "ɔ": "o",
    }
)  # fmt: skip


def in_latin(text: str) -> str:
    """Accents dropped (Wójcik -> Wojcik), and the letters with no accent to drop spelt in
    ASCII (Łucja -> Lucja, Straße -> Strasse): for letters' file names (``safe_filename``
    does the rest: anything else not ASCII, and every separator, becomes ``_``) and the
    order of names (:func:`sort_key`)."""
    text = unicodedata.normalize("NFKD", text.translate(_SPELT))
    return "".join(c for c in text if not unicodedata.combining(c))


#: Apostrophes (typewriter, typographic, modifier letter, backtick, prime) and full stops
#: ("St. John"): no letter of the name.
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc\u02bb`\u00b4\u2032.]")
#: Hyphens and dashes between the parts of a double-barrelled name: a space.
_HYPHENS = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2212]")


def pupil_name(surname: object, forename: object) -> str:
    """``Surname, Forename``, each part only when the pupil has it (a blank or missing part
    is left out): a child known by one name is that name."""
    return ", ".join(str(p).strip() for p in (surname, forename) if p is not None and str(p).strip())


#: The most characters of a name part (a surname, the forenames) a letter, a certificate
#: or an evidence pack prints: beyond any real name's (a triple-barrelled surname runs to
#: 65), so only a corrupt export's value is cut.
LEGAL_LIMIT = 100
#: The longest run of letters with no space or hyphen a page prints whole: a column of the
#: certificate at the layout's smallest size holds 40; no real name has a longer one.
WORD_LIMIT = 40
_LONG_RUN = re.compile(r"[^\s\-\u2010\u2011]{" + str(WORD_LIMIT + 1) + ",}")


def legal_name(value: object) -> str:
    """A pupil's surname or forenames as a page to a family or the local authority prints
    them: whole, as the MIS gives them (a line breaks at a space or a hyphen), to
    :data:`LEGAL_LIMIT` characters, a run of more than :data:`WORD_LIMIT` characters with no
    space or hyphen (no name's) cut to fit, ending in an ellipsis."""
    return _legal_text("" if value is None else str(value))


@lru_cache(maxsize=65536)
def _legal_text(value: str) -> str:
    """:func:`legal_name` of a text, worked out once a distinct text (issue 15: a letters
    run asks it of the same names again and again, 125,000 times at 20,000 pupils)."""
    from attcli.output import display_text

    text = display_text(value, LEGAL_LIMIT).strip()
    if len(text) <= WORD_LIMIT:  # (no run too long: nearly every name, no pattern searched)
        return text
    return _LONG_RUN.sub(lambda m: m.group(0)[: WORD_LIMIT - 1] + "\u2026", text)


@lru_cache(maxsize=65536)
def sort_key(name: str | None) -> str:
    """``name`` as pupils are sorted by it: casefolded, accents and apostrophes aside,
    hyphens and runs of spaces one space (see the module's notes)."""
    if not name:
        return ""
    text = in_latin(name).casefold()
    text = _HYPHENS.sub(" ", _APOSTROPHES.sub("", text))
    # "Surname, Forename" as one text: the comma first, so "Smith, Anna" comes before
    # "Smith-Jones, Amelia" as the surnames alone do
    return " ".join(text.split()).replace(",", "\x01")


def name_order(column: str) -> pl.Expr:
    """:func:`sort_key` of a frame's name column, to sort by (``column`` as written next,
    for a stable order between names alike but for case or accents)."""
    return (
        pl.col(column)
        .cast(pl.String)
        .map_batches(_sort_keys, return_dtype=pl.String)
        .alias(f"_{column}_key")
    )


def _sort_keys(names: pl.Series) -> pl.Series:
    """:func:`sort_key` of each name, worked out once per distinct name (a school's
    surnames repeat: a call per row cost 0.1-0.2 s more at 100,000 pupils)."""
    distinct = names.drop_nulls().unique()
    keys = pl.Series([sort_key(v) for v in distinct.to_list()], dtype=pl.String)
    return names.replace_strict(distinct, keys, default=None, return_dtype=pl.String)


#: A UPN's shape (a letter, 11 digits, a digit or letter), a word of a note
_UPN_WORD = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]", re.IGNORECASE)
#: A note's words, as :func:`names_another` reads them for an id
_NOTE_WORD = re.compile(r"\w+")


def names_another(
    note: str,
    own: tuple[str, object, object],
    roll: Iterable[tuple[str, object, object]],
) -> bool:
    """Whether ``note`` (a line of the register's notes) names a pupil other than ``own``
    (upn, surname, forename): another pupil of ``roll`` (the same triples, every name a
    pupil's rows carried) by their UPN or id as a whole word, by "Surname, Forename" or
    "Forename Surname", or any UPN-shaped word (a pupil of a contacts export or of the
    history, in none of the exports).  A second UPN under this pupil's own name (one child
    under two UPNs) names no other child.  Case aside; an id of digits alone is matched
    from four digits and not beside "/" or ":" (a count, a date, a time: such a note
    names the pupil by name too).  What a pupil's record (which may
    be printed for their parent) leaves out (sweep leftovers8)."""
    ours, ids, names = _others(own, tuple(roll))
    low = note.casefold()
    for m in _NOTE_WORD.finditer(low):
        word, end = m.group(0), m.end()
        if low[end : end + 1] in (".", ",") and low[end + 1 : end + 2].isdigit():
            continue  # (a number with a point: "4711.5" names no pupil 4711)
        if m.start() >= 2 and low[m.start() - 1] in ".," and low[m.start() - 2].isdigit():
            continue
        if word.isdigit() and (
            len(word) < 4 or low[m.start() - 1 : m.start()] in ("/", ":")
            or low[end : end + 1] in ("/", ":")
        ):  # fmt: skip
            continue  # (a count, a date's or a time's digits: no MIS id of a pupil)
        if word in ids or (_UPN_WORD.fullmatch(word) and word not in ours):
            return True
    for name in names:
        at = low.find(name)
        while at >= 0:
            end = at + len(name)
            if not (at and _word_char(low[at - 1])) and not (
                end < len(low) and _word_char(low[end])
            ):
                return True
            at = low.find(name, at + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@lru_cache(maxsize=8)
def _others(
    own: tuple[str, object, object], roll: tuple[tuple[str, object, object], ...]
) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """:func:`names_another`'s words: this child's UPNs, the other pupils' UPNs or ids and
    their names in both orders, each case-folded."""

    def key(surname: object, forename: object) -> str:
        return pupil_name(surname, forename).casefold()

    mine = key(own[1], own[2])
    ours = {own[0].casefold()} | {u.casefold() for u, s, f in roll if key(s, f) == mine}
    ids: set[str] = set()
    names: set[str] = set()
    for upn, surname, forename in roll:
        if upn.casefold() in ours:
            continue
        ids.add(upn.casefold())
        if key(surname, forename) not in ("", mine):
            parts = [str(p).strip() for p in (forename, surname) if p is not None]
            names.add(key(surname, forename))
            names.add(" ".join(p for p in parts if p).casefold())
    return frozenset(ours), frozenset(ids), tuple(sorted(names))
