"""Sweep slips2: the office's slips, a second pass (docs/decisions.md, sweep of 6 December,
slips2).  Small registers, one CLI run or two per test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
WEEK = " ".join([P] * 5)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_a_week_only_export_after_a_run_on_record_says_the_run_is_not_compared(
    ws: Path, tmp_path: Path
) -> None:
    """Run recorded as of Fri 18/09 on the school year's export (7 to 18 September).  The
    next Monday the office exports "this week" only (21 to 25 September), saved over last
    week's, and checks it.  The run on record is before the exports begin, so nothing can
    be compared with it: no NEW, no changes.  The check said nothing of the run at all: no
    "Changed since" section, no line, where the weekly check's heading promises "what is
    new since last week".  One line says the run is not compared with, and why."""
    reg = register({"ANNA": " ".join([WEEK] * 3), "TOM": " ".join([WEEK] * 2 + ["N"] * 5)})
    whole = write_long_csv(reg.filter(reg["date"] <= D(2026, 9, 18)), tmp_path / "a.csv", dob=True)
    code, _, err = run_cli("check", whole, "-c", ws, "--as-of", "2026-09-18", "--record")
    assert code == 0, err
    week = write_long_csv(reg.filter(reg["date"] >= D(2026, 9, 21)), tmp_path / "b.csv", dob=True)
    code, out, err = run_cli("check", week, "-c", ws, "--as-of", "2026-09-25", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["changes"] is None and doc["compared_with_run"] is None
    note = [w for w in doc["warnings"] if w.startswith("the run as of")]
    assert note == [
        "the run as of 18/09/2026 on record is not compared with: these exports begin "
        "21/09/2026, after it, so nothing is marked NEW and no change since it is listed: "
        "give the exports from 01/09/2026 (the start of the school year) to see what changed "
        "since that run"
    ]
    code, out, err = run_cli("check", week, "-c", ws, "--as-of", "2026-09-25")
    assert code == 0, err
    assert "the run as of 18/09/2026 on record is not compared with" in " ".join(
        (out + err).split()
    )
