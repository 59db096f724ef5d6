"""A pupil id typed on the command line, matched to the ids attcli has read.

An MIS id (admission number) of digits only may be typed as a spreadsheet shows it:
Excel saves ``001003`` as the number 1003.  The loader reads ids that differ only by
leading zeros as one pupil (:func:`attcli.loaders._padded_ids`); a typed id follows the
same rule (docs/decisions.md, "A pupil id typed without its leading zeros").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from attcli.errors import AttcliError, shown

if TYPE_CHECKING:
    import polars as pl

#: An MIS id a spreadsheet may have saved as a number: digits only.
DIGITS = r"^[0-9]+$"
_DIGITS = re.compile(DIGITS)


def bare(mis_id: str) -> str:
    """The id without its leading zeros (``"0"`` for zeros only)."""
    return mis_id.lstrip("0") or "0"


#: A UPN (the DfE's unique pupil number): a check letter, 11 digits and a digit or, for a
#: temporary UPN, a letter.
UPN_RE = r"^[A-Z][0-9]{11}[0-9A-Z]$"
_UPN = re.compile(UPN_RE)
_SPACE = re.compile(r"\s")


def is_upn(value: str) -> bool:
    """Whether an id is a UPN (:data:`UPN_RE`): one child's in every school, where an MIS
    id is one school's numbering."""
    return bool(_UPN.match(value))


def upn_text(value: str | None) -> str:
    """:func:`attcli.loaders.upn_expr` of one value (``""`` for none): trimmed, and a value
    that is a UPN once written in capitals without spaces written so."""
    s = (value or "").strip()
    tight = _SPACE.sub("", s).upper()
    return tight if _UPN.match(tight) else s


def typed_id(typed: str) -> str:
    """A pupil id as typed, read as the exports' are (:func:`upn_text`): a UPN typed in
    small letters or with spaces (``e999200101003``, ``E999 200101003``) is the UPN the
    exports, pupil lists and contacts know; any other id (an MIS's) as typed, trimmed."""
    return upn_text(typed)


def match_typed_id(typed: str, known: Iterable[str | None], *, where: str = "the exports") -> str:
    """The id of ``known`` that ``typed`` names: ``typed`` (:func:`typed_id`) itself when
    it is known or is not digits only; else the one known id of digits only that equals it
    but for leading zeros (``1003`` -> ``001003``); two such ids are an
    :class:`AttcliError` naming both (``where`` says where they are); none: ``typed``
    (:func:`typed_id`), for the caller's own "not found"."""
    wanted = typed_id(typed)
    if not _DIGITS.match(wanted):
        return wanted
    ids = {k for k in known if k}
    if wanted in ids:
        return wanted
    hits = sorted(k for k in ids if _DIGITS.match(k) and bare(k) == bare(wanted))
    if len(hits) > 1:
        both = ", ".join(hits[:-1]) + " or " + hits[-1]
        raise AttcliError(
            f"pupil id {wanted} could be {both} in {shown(where)} (ids that differ only by leading "
            "zeros): give the id in full, as the MIS has it"
        )
    return hits[0] if hits else wanted


def register_id(register: pl.DataFrame, typed: str) -> str:
    """The register's id for the pupil id ``typed``: :func:`match_typed_id` among the
    register's pupils (its ``upn`` column: the MIS id of a register keyed by one)."""
    import polars as pl

    typed = typed_id(typed)
    if not _DIGITS.match(typed):
        return typed
    ids = register.lazy().select(pl.col("upn").cast(pl.Utf8).unique())
    ids = ids.filter(pl.col("upn").str.contains(DIGITS)).collect().get_column("upn")
    return match_typed_id(typed, ids)
