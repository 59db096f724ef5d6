"""Sweep "packs2" (5 December): the penalty-notice evidence packs, a second pass.

P's register runs from Monday 7 September 2026 (the holiday 26-30 October); the pack is
made as of Friday 27 November, whose 10 school weeks run from Monday 14 September
(tests/test_sweep_packs.py's school).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from clirun import run_cli
from test_sweep_packs import TEN, _export, _pack, _packs, _school


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-30")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_pack_made_again_for_the_same_window_is_no_second_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officer made P's pack (PDF) on Mon 30/11, then its JSON for the LA's portal,
    then reprinted the PDF on Tue 01/12: three rows on record, `pupil` saying
    "Penalty-notice packs made: 3", as if three requests went. The same pupil, parent,
    window and marks is one request: recorded once, each reprint saying so. Boundaries: a
    pack for the next window (as of 04/12) is a new request, a second row; so is one for
    the same window whose marks were corrected since (an `/` made `I`: the corrected
    request the LA must have)."""
    config, contacts = _school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "pack.pdf")
    assert code == 0, err
    assert "recorded: penalty-notice pack 1" in _flat(err), err
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "pack.json")
    assert code == 0, err
    assert len(_packs(config)) == 1, _packs(config)
    said = _flat(err)
    assert (
        "not recorded again: penalty-notice pack 1 about P, made 30/11/2026 (to Mrs Ann "
        "Parent, window 14/09/2026 to 27/11/2026, the same marks), is this request; a copy "
        "is not a second one"
    ) in said, said
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-01")
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "again.pdf")
    assert code == 0, err
    assert "not recorded again: penalty-notice pack 1" in _flat(err), err
    assert len(_packs(config)) == 1
    code, out, err = run_cli("pupil", "P", old, "-c", config)
    assert code == 0, err
    assert "Penalty-notice packs made: 1" in out, out
    # (a new window: a new request)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-07")
    new = _export(tmp_path, "new.csv", dt.date(2026, 12, 4), TEN)
    code, _, err = _pack(new, config, contacts, "-o", tmp_path / "n.pdf", as_of="2026-12-04")
    assert code == 0, err
    assert "recorded: penalty-notice pack 2" in _flat(err), err
    # (the same window, a mark corrected since: the corrected request, recorded)
    fixed = _export(
        tmp_path, "fixed.csv", dt.date(2026, 12, 4), TEN | {dt.date(2026, 11, 25): "I\\"}
    )
    code, _, err = _pack(fixed, config, contacts, "-o", tmp_path / "f.pdf", as_of="2026-12-04")
    assert code == 0, err
    assert "recorded: penalty-notice pack 3" in _flat(err), err
    assert [p[3] for p in _packs(config)] == [
        dt.date(2026, 11, 27), dt.date(2026, 12, 4), dt.date(2026, 12, 4)
    ]
