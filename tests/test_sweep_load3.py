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
