"""Sweep engine4 (issue 15, 7 December): work the check did twice, done once, the same
answers.  Each register here is small and worked out by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import polars as pl

from attcli.loaders import load_registers
from attcli.roll import compact, ord_of, resolve

_SESSIONS = [(d, s) for d in ("07", "08", "09") for s in ("AM", "PM")]


def _register(tmp_path: Path, pupils: list[tuple[str, list[str], list[str]]]) -> Path:
    """A long CSV of Mon 7 to Wed 9 September 2026: each pupil's UPN, surname a session
    and mark a session (a blank cell written ' ')."""
    rows = "".join(
        f"{upn},{surname},F,{day}/09/2026,{session},{mark}\n"
        for upn, surnames, marks in pupils
        for (day, session), surname, mark in zip(_SESSIONS, surnames, marks, strict=True)
    )
    path = tmp_path / "reg.csv"
    path.write_text("UPN,Surname,Forename,Date,Session,Mark\n" + rows)
    return path


def _o(day: int, pm: bool = False) -> int:
    return ord_of(dt.date(2026, 9, day), pm=pm)


def _spans(frame: pl.DataFrame, pupils: pl.DataFrame) -> dict[str, tuple[int, int]]:
    named = frame.join(pupils.select("pid", "upn"), on="pid")
    return {u: (int(f), int(t)) for u, f, t in named.select("upn", "_from", "_to").iter_rows()}


def test_compact_finds_each_time_on_roll_that_resolve_starts_from_in_its_own_pass(tmp_path):
    """The time on roll runs from a pupil's first explicit mark to their last (a mark
    written, ``-`` included, not ``Z``): ``compact`` finds them in its grouping of the rows
    (by pupil, names and groups), so ``resolve`` groups the marks for them no more.

    A1: Z, Z, /, N, blank, Z: from Tue 8 AM to Tue 8 PM.  B1: -, /, / as Surname S, then
    /, /, blank as T (two versions): from Mon 7 AM (the ``-``) to Wed 9 AM, across both.
    C1: Z every session (prospective): no time on roll.  The school's last session with a
    possible mark is Wed 9 AM, so no afternoon is added to anyone's."""
    path = _register(tmp_path, [
        ("A1", ["S"] * 6, ["Z", "Z", "/", "N", " ", "Z"]),
        ("B1", ["S"] * 3 + ["T"] * 3, ["-", "/", "/", "/", "/", " "]),
        ("C1", ["S"] * 6, ["Z"] * 6),
    ])  # fmt: skip
    expected = {"A1": (_o(8), _o(8, True)), "B1": (_o(7), _o(9))}
    for consume in (False, True):
        c = compact(load_registers([path]).register, consume=consume)
        assert c._explicit_spans is not None and c._explicit_spans[0] is c.marks
        assert _spans(c._explicit_spans[1], c.pupils) == expected
        # the same as grouping the marks' explicit rows, as resolve did
        grouped = (
            c.marks.filter(pl.col("explicit"))
            .group_by("pid")
            .agg(pl.col("ord").min().alias("_from"), pl.col("ord").max().alias("_to"))
        )
        assert _spans(grouped, c.pupils) == expected
        assert _spans(resolve(c).spans, c.pupils) == expected
        assert c.versions.height == 4  # (B1's two versions; C1's one)


def test_resolve_works_the_time_on_roll_out_again_from_marks_that_are_not_compact_s(tmp_path):
    """The spans compact found hold for its own marks frame only: a Compact with other
    marks (a copy with A1's Tuesday morning taken out) is resolved from those marks, A1
    on roll from Tue 8 PM, not from the morning no longer in them."""
    path = _register(tmp_path, [
        ("A1", ["S"] * 6, ["Z", "Z", "/", "N", "/", "/"]),
        ("B1", ["S"] * 6, ["/"] * 6),
    ])  # fmt: skip
    c = compact(load_registers([path]).register, consume=True)
    a1 = c.pupils.filter(pl.col("upn") == "A1").item(0, "pid")
    fewer = c.marks.filter(~((pl.col("pid") == a1) & (pl.col("ord") == _o(8))))
    other = dataclasses.replace(c, marks=fewer)  # (the field copied: its frame is not these)
    assert _spans(resolve(other).spans, c.pupils) == {
        "A1": (_o(8, True), _o(9, True)), "B1": (_o(7), _o(9, True))
    }  # fmt: skip
    assert _spans(resolve(c).spans, c.pupils)["A1"] == (_o(8), _o(9, True))


def test_missing_rows_found_from_compact_s_counts_with_blank_cells_dropped_and_kept(tmp_path):
    """The missing rows (a session the school had inside a pupil's time on roll with no
    row for them) are found from each pupil's rows on the school's sessions, now counted
    from compact's count of their rows: less their rows on no session, less the blank
    cells outside their time on roll, with the last afternoon's blank cell kept after all.

    Mon 7 to Thu 10 September; Tuesday '#' for everyone (no session of the school's).
    A1: / / # # / (no row) / /: Wednesday afternoon is a missing row.  B1: blank / # # /
    (no row) / blank: on roll from Monday afternoon (the morning's blank cell outside it,
    dropped: it must not stand for the missing Wednesday afternoon, a missing row); the
    school's last session is Thursday afternoon and B1 was marked that morning, so their
    blank cell then is kept, a missing mark of its own, not a missing row.  C1: Z Z # # / / (no row) /: on roll from Tuesday's # (explicit), the
    Monday Z outside it and on sessions; Thursday morning is a missing row.  D1: Z every
    session (prospective): nothing missing."""
    sessions = [(d, s) for d in ("07", "08", "09", "10") for s in ("AM", "PM")]
    marks = {
        "A1": ["/", "/", "#", "#", "/", None, "/", "/"],
        "B1": [" ", "/", "#", "#", "/", None, "/", " "],
        "C1": ["Z", "Z", "#", "#", "/", "/", None, "/"],
        "D1": ["Z"] * 8,
    }
    rows = "".join(
        f"{upn},S,F,{day}/09/2026,{session},{mark}\n"
        for upn, these in marks.items()
        for (day, session), mark in zip(sessions, these, strict=True)
        if mark is not None
    )
    path = tmp_path / "reg.csv"
    path.write_text("UPN,Surname,Forename,Date,Session,Mark\n" + rows)
    c = compact(load_registers([path]).register, consume=True)
    r = resolve(c)
    upn = dict(c.pupils.select("pid", "upn").iter_rows())
    added = {
        (upn[p], o) for p, o in r.marks.filter(pl.col("source").is_null()).select("pid", "ord").iter_rows()
    }
    assert added == {("A1", _o(9, True)), ("B1", _o(9, True)), ("C1", _o(10))}
    blanks = r.marks.filter(pl.col("source").is_not_null() & ~pl.col("marked"))
    assert [(upn[p], o) for p, o in blanks.select("pid", "ord").iter_rows()] == [("B1", _o(10, True))]
    assert _spans(r.spans, c.pupils) == {
        "A1": (_o(7), _o(10, True)), "B1": (_o(7, True), _o(10, True)), "C1": (_o(8), _o(10, True))
    }  # fmt: skip
