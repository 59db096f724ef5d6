"""Sweep of 7 December (tenth), engine9: issue 15's letters dry run at 20,000 pupils.

What a letters run read of every pupil, though it drafts a few thousand letters, is read of
the letters' pupils alone; what it worked out again and again for the same name is worked
out once a name.  Each test holds the answer by hand (DOMAIN.md 2, lessons missed) or
against the plain definition it replaced."""

from __future__ import annotations

import datetime as dt

import polars as pl
from markupsafe import Markup

from attcli.config import parse_config
from attcli.engine import evaluate
from attcli.letters.run import _absence_by_session
from attcli.names import WORD_LIMIT, legal_name
from builders import register
from test_pupil_lessons import AUTUMN_HALF_TERMS, LESSONS, SCHOOL, les_register

D = dt.date


def test_the_sessions_missed_are_read_of_the_letters_pupils_alone(monkeypatch) -> None:
    """LES (tests/test_pupil_lessons.py), as of Fri 06/11/2026: absent 6 mornings (N, I, U,
    C2 in Autumn 1; I, N in Autumn 2) and 4 afternoons (I, O, C2; I), one of them the U
    morning of Tue 15/09; Autumn 2 so far (02/11 to 06/11) 2 mornings, 1 afternoon, no U.
    OTH is present throughout.  Asked for LES alone, OTH is not read (it was: every
    pupil's counts were kept for a few letters); asked for no pupil, no query is made."""
    cfg = parse_config(SCHOOL + AUTUMN_HALF_TERMS + LESSONS)
    ev = evaluate(les_register(), cfg)
    assert ev.as_of == D(2026, 11, 6)
    les = ("", "LES")
    assert _absence_by_session(ev, D(2026, 9, 7), D(2026, 11, 6), {les}) == {les: (6, 4, 1)}
    assert _absence_by_session(ev, D(2026, 11, 2), D(2026, 11, 6), {les}) == {les: (2, 1, 0)}
    # one day either side of the half term's first day: Mon 02/11 (I, I) in or out
    assert _absence_by_session(ev, D(2026, 11, 3), D(2026, 11, 6), {les}) == {les: (1, 0, 0)}
    assert _absence_by_session(ev, D(2026, 11, 1), D(2026, 11, 6), {les}) == {les: (2, 1, 0)}
    # a pupil with no absence has no row (read as (0, 0, 0) by the letter), and another
    # pupil's counts are not among the answer
    assert _absence_by_session(ev, D(2026, 9, 7), D(2026, 11, 6), {("", "OTH")}) == {}
    collected: list[int] = []
    real = pl.LazyFrame.collect

    def counted(self, *a, **k):  # type: ignore[no-untyped-def]
        collected.append(1)
        return real(self, *a, **k)

    monkeypatch.setattr(pl.LazyFrame, "collect", counted)
    assert _absence_by_session(ev, D(2026, 9, 7), D(2026, 11, 6), set()) == {}
    assert collected == []


def test_a_name_is_fitted_the_same_asked_again_or_as_another_type() -> None:
    """legal_name keeps each text's answer (asked of the same names again and again by a
    letters run): the same answer asked twice, for None, a number, a str subclass, and at
    the longest run kept whole and one longer."""
    long_run = "A" * (WORD_LIMIT + 1)
    for _ in range(2):
        assert legal_name(None) == ""
        assert legal_name(" Anna  ") == "Anna"
        assert legal_name(12) == "12"
        assert legal_name(Markup("Siân <b>")) == "Siân <b>"
        assert legal_name("A" * WORD_LIMIT) == "A" * WORD_LIMIT
        assert legal_name(long_run) == "A" * (WORD_LIMIT - 1) + "\u2026"
        assert legal_name("Line\u202eone\tx") == "Lineone x"


def test_the_lists_of_pupils_with_no_mark_are_the_same_made_from_no_mark(monkeypatch) -> None:
    """resolve's lists of pupils with no explicit mark (unmarked, prospective) when there is
    none are made from the marks' columns with no row, not a join of every mark with no
    pupil: the same frames, columns and types (kept once a process and given to every
    later register of those columns).  With a pupil of Z alone (prospective), the marks
    are read as before: that pupil listed."""
    import attcli.roll as roll

    c = roll.compact(les_register())
    monkeypatch.setattr(roll, "_NO_UNMARKED", {})
    made: list[int] = []
    real = roll._unmarked_lists

    def lists(c, marks, pids, names):  # type: ignore[no-untyped-def]
        made.append(marks.height)
        return real(c, marks, pids, names)

    monkeypatch.setattr(roll, "_unmarked_lists", lists)
    r = roll.resolve(c)
    assert made == [0]  # (no pupil to look for: no mark read)
    pids = c.pupils.select("pid").clear()
    names = c.versions.select("pid", "surname", "forename").clear()
    whole = real(c, c.marks, pids, names)
    for got, want in zip((r.unmarked, r.prospective), whole, strict=True):
        assert got.height == 0 and got.schema == want.schema
    # a pupil whose every mark is Z: a prospective pupil, found among the marks
    weeks = "/\\ " * 5
    z = roll.compact(register({"NEW": "Z " * 5, "OTH": weeks}, start=D(2026, 9, 7)))
    made.clear()
    r = roll.resolve(z)
    assert made and made[0] > 0
    assert r.prospective["upn"].to_list() == ["NEW"] and r.unmarked.height == 0
