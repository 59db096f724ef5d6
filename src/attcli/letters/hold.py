"""Letters held for a person to review (DOMAIN.md 9).

A letter that warns of meetings, fines or prosecution is wrong for a pupil whose absence
the school itself agreed (a part-time timetable, leave of absence) or cannot blame on the
family (illness).  When more than ``[letters] hold_share`` % (default 50) of a pupil's
absence sessions this school year are of ``[letters] hold_codes``, the pupil's absence
letters (band letters and the penalty-notice warning) go to a "held for review" list with
the reason, not to the print pile.  Praise and lateness letters are not about absence and
are never held.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING

import polars as pl

from attcli.codes import CODE_BY_NAME, Category

if TYPE_CHECKING:
    from attcli.engine import Evaluation

#: How a reason names the default codes (shorter than the regulations' wording).
SHORT_MEANING = {
    "C2": "part-time timetable",
    "I": "illness",
    "M": "medical or dental appointment",
    "C1": "performance or employment abroad",
    "J1": "interview",
    "S": "study leave",
    "C": "leave for exceptional circumstances",
    "T": "parent travelling for work",
    "R": "religious observance",
    "E": "suspended or excluded",
    "H": "authorised holiday",
    "F": "agreed extended holiday",
}


def meaning(code: str) -> str:
    """A code's meaning in a few words, for a reason or a key."""
    if code in SHORT_MEANING:
        return SHORT_MEANING[code]
    known = CODE_BY_NAME.get(code)
    return known.meaning[:1].lower() + known.meaning[1:] if known else code


def absences(ev: Evaluation, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Each pupil's absence sessions (authorised and unauthorised) between the dates, by
    the code each counts as and by session: ``school`` ("" for none), ``upn``, ``mark``,
    ``session``, ``n``.  From the register the rules read (``ev``'s compact register,
    keyed by integers: grouped on the pupil's key, named after), so a command needs no
    wide register for it (issue 15)."""
    assert ev.prepared is not None
    roll = ev.prepared.roll
    absent = (Category.AUTHORISED.value, Category.UNAUTHORISED.value)
    counts = (
        roll.marks.lazy()
        .filter(pl.col("date").is_between(start, end) & pl.col("category").is_in(absent))
        .group_by("pid", "mark", "session")
        .agg(pl.len().alias("n"))
        .collect()
    )
    return roll.with_keys(counts).select(
        "school",
        "upn",
        pl.col("mark").cast(pl.Utf8),
        pl.col("session").cast(pl.Utf8),
        "n",
    )


def absence_by_code(
    ev: Evaluation, start: dt.date, end: dt.date
) -> dict[tuple[str, str], dict[str, int]]:
    """(school, upn) -> {code: absence sessions} between the dates (authorised and
    unauthorised absence, by the code each counts as)."""
    frame = absences(ev, start, end).group_by("school", "upn", "mark").agg(pl.col("n").sum())
    out: dict[tuple[str, str], dict[str, int]] = {}
    for school, upn, mark, n in frame.iter_rows():
        out.setdefault((school, upn), {})[mark] = int(n)
    return out


def _held(
    by_code: dict[str, int], codes: tuple[str, ...], share: Fraction
) -> tuple[int, int, list[tuple[int, str]]] | None:
    """(sessions of ``codes``, all absence sessions, (n, code) most first) when the
    sessions of ``codes`` are more than ``share`` % of all absence sessions, compared on
    exact integers (``held * 100 > share * absent``); else ``None``.  The one hold test of
    letters and the ladder (attcli.cases.run)."""
    absent = sum(by_code.values())
    counts = sorted(
        ((n, c) for c, n in by_code.items() if c in codes and n), key=lambda x: (-x[0], x[1])
    )
    held = sum(n for n, _ in counts)
    if not absent or not held or not held * 100 > share * absent:
        return None
    return held, absent, counts


def hold_reason(by_code: dict[str, int], codes: tuple[str, ...], share: Fraction) -> str | None:
    """Why a pupil's absence letters are held, or ``None`` when they are not.

    Held when the sessions of ``codes`` are more than ``share`` % of all absence sessions,
    compared on exact integers: ``held * 100 > share * absent``.
    """
    found = _held(by_code, codes, share)
    if found is None:
        return None
    held, absent, counts = found
    head = f"{held} of {absent} absence sessions this school year are"
    if len(counts) == 1:
        n, c = counts[0]
        return f"{head} {c} ({meaning(c)})"
    names = ", ".join(c for _, c in counts[:-1]) + f" or {counts[-1][1]}"
    return f"{head} {names}: " + ", ".join(f"{n} {c} ({meaning(c)})" for n, c in counts)


def agreed_absence(by_code: dict[str, int], codes: tuple[str, ...], share: Fraction) -> str | None:
    """What most of a pupil's absence is, in words (``"illness"``, ``"illness and medical
    or dental appointment"``), when it is mostly of ``codes`` by the same test as
    :func:`hold_reason`; else ``None``.  A letter template reads it (``agreed_absence``) so
    that a letter sent to such a pupil, the amber one, warns of no meeting (DOMAIN.md 9)."""
    found = _held(by_code, codes, share)
    if found is None:
        return None
    words = list(dict.fromkeys(meaning(c) for _, c in found[2]))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"


def held_summary(by_code: dict[str, int], codes: tuple[str, ...], share: Fraction) -> str | None:
    """"most absence is illness (12 of 14 sessions)" when a pupil's warning letters are
    held by :func:`hold_reason`'s test; else ``None`` (the ladder's words, docs/cases.md)."""
    found = _held(by_code, codes, share)
    if found is None:
        return None
    held, absent, _ = found
    return f"most absence is {agreed_absence(by_code, codes, share)} ({held} of {absent} sessions)"
