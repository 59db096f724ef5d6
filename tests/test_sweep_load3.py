"""Sweep load3 (issue 15): the loader's duplicate-session ticks made a slice of rows at a
time (docs/decisions.md, sweep of 7 December (sixth), load3)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from attcli import loaders
from attcli.loaders import _sessions_once, load_registers

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "exports" / "arbor_autumn_2026.csv"


def test_sessions_ticked_a_slice_at_a_time_find_a_session_twice_across_slices(monkeypatch):
    """The ticks are written 5,000 rows at a time here (a million in a load): the example
    school's 29,572 rows have each session once; a row repeated at the end (its twin four
    slices earlier), a row repeated beside its twin in the last, part-filled slice, and
    two rows of one pupil's session either side of a slice's edge are each found, as the
    distinct keys count them."""
    monkeypatch.setattr(loaders, "_TICK_MIN_ROWS", 0)
    monkeypatch.setattr(loaders, "_SLOTS_PER_ROW", 10**6)  # (whatever the codes)
    monkeypatch.setattr(loaders, "_TICK_SLICE", 5_000)
    clean = load_registers([EXAMPLE]).register
    assert clean.height == 29_572 and clean.height % 5_000
    far = pl.concat([clean, clean.slice(7_000, 1)])
    last = pl.concat([clean, clean.slice(clean.height - 1, 1)])
    # row 5,000 (the second slice's first) made a copy of row 4,999 (the first's last)
    edge = pl.concat([clean.slice(0, 5_000), clean.slice(4_999, 1), clean.slice(5_001)])
    assert edge.height == clean.height
    for frame, once in [(clean, True), (far, False), (last, False), (edge, False)]:
        keys = frame.select(loaders._session_key()).to_series()
        assert (keys.n_unique() == keys.len()) == once
        assert _sessions_once(frame) == once


def test_compact_marks_say_written_and_explicit_from_one_test_of_the_cell(tmp_path):
    """``compact``'s ``explicit`` is now read from ``marked`` (the written test made once):
    a mark is both, a ``-`` both (the register opened, not completed), a ``Z`` written but
    not explicit (prospective), a blank cell neither; the columns in the order they were,
    whether the register is given away (``consume``) or kept."""
    from attcli.roll import compact

    rows = "".join(
        f"{upn},S,F,{day}/09/2026,{session},{mark}\n"
        for upn, marks in [("A1", ["/", "Z", "-", " ", "N", "\\"]), ("B1", ["/"] * 6)]
        for (day, session), mark in zip(
            [(d, s) for d in ("07", "08", "09") for s in ("AM", "PM")], marks, strict=True
        )
    )
    path = tmp_path / "reg.csv"
    path.write_text("UPN,Surname,Forename,Date,Session,Mark\n" + rows)
    expected = [  # A1's sessions in order: (raw mark, marked, explicit)
        ("/", True, True), ("Z", True, False), ("-", True, True),
        (" ", False, False), ("N", True, True), ("\\", True, True),
    ]  # fmt: skip
    for consume in (False, True):
        marks = compact(load_registers([path]).register, consume=consume).marks
        assert marks.columns == [
            "pid", "date", "session", "ord", "mark", "raw_mark", "category", "source", "line",
            "explicit", "marked",
        ]  # fmt: skip
        a1 = marks.filter(pl.col("line") <= 7).sort("ord")
        raw = a1["raw_mark"].cast(pl.String).fill_null(" ")
        got = list(zip(raw, a1["marked"], a1["explicit"], strict=True))
        assert got == expected
