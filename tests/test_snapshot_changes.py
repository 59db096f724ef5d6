"""What changed since the last recorded run (attcli.snapshots.changes): worked by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.snapshots import SNAPSHOT_SCHEMA, Snapshot, changes

ORDER = ["green", "amber", "red", "severe"]


def snapshot(rows: list[dict]) -> Snapshot:
    full = [
        {"school": "", "attended": 8, "possible": 8, "stage": None, "status": None,
         "unauthorised": 0, **r}
        for r in rows
    ]  # fmt: skip
    return Snapshot(1, dt.date(2026, 9, 4), "2026-09-07 09:00", "office",
                    pl.DataFrame(full, schema=SNAPSHOT_SCHEMA))  # fmt: skip


def now(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"school": None, **r} for r in rows],
        schema={"school": pl.Utf8, "upn": pl.Utf8, "band": pl.Utf8, "groups": pl.List(pl.Utf8)},
    )


def test_a_first_band_a_lost_band_and_a_pupil_new_to_the_run_are_changes() -> None:
    """A tester's week-2 check listed five NEW pupils in the severe and red groups and
    then said "No change since the run as of 04/09/2026": after four days nobody had a
    band (fewer than 10 possible sessions), and a change was only ever from one band to
    another.  A joiner (not in the recorded run at all) flagged NEW was no change
    either."""
    snap = snapshot(
        [
            {"upn": "A", "band": None, "groups": []},  # no band then (too few sessions)
            {"upn": "B", "band": "red", "groups": ["band:red"]},  # a band then, none now
            {"upn": "C", "band": "green", "groups": []},  # green both times: no change
        ]
    )
    got = changes(
        snap,
        now(
            [
                {"upn": "A", "band": "severe", "groups": ["band:severe"]},
                {"upn": "B", "band": None, "groups": []},
                {"upn": "C", "band": "green", "groups": []},
                {"upn": "J", "band": "red", "groups": ["band:red", "lates"]},  # joined
                {"upn": "K", "band": None, "groups": []},  # joined, nothing to act on
            ]
        ),
        None,
        ORDER,
    )
    assert got.select("upn", "kind", "detail").rows() == [
        ("B", "band_lost", "red -> no band"),
        ("A", "band_new", "no band -> severe"),
        ("J", "not_in_run", "not in that run; now: band red, lates"),
    ]
