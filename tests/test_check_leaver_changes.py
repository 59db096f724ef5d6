"""A leaver in the check's "Changed since" list over weekly recorded runs (DOMAIN.md 6;
docs/cases.md, "Snapshots"): "left the roll" is said once, in the first run after the
leaving day, and never claims the pupil is no longer in a group the same output lists
them in.

The register is hand made (tests/builders.py), from Monday 7 September 2026 (d1; d15 =
Fri 25 Sep, d16 = Mon 28 Sep, d25 = Fri 9 Oct, d30 = Fri 16 Oct, d35 = Fri 23 Oct, the
half-term holiday 26-30 Oct, d36 = Mon 2 Nov, d40 = Fri 6 Nov).  The config's defaults:
bands green 92+, amber above 90, red above 50, severe below; a penalty notice at 10
unauthorised sessions in 10 school weeks; the absence group from 3 school days of
unexplained absence.

Worked by hand:

- ANNA: present every day: green, in no group, every run.
- EVE: present d1-d15 (30 sessions), N d16-d25 (28 Sep-9 Oct: 10 school days, 20
  sessions), then no row at all: taken off roll, her last day Fri 9 Oct.
  As of 09/10 (her last day, on roll): 30/50 = 60 %, above 50: red; 20 unauthorised
  sessions in the window: the penalty-notice group; a current run of 10 days: the
  absence group.  Groups: band red, penalty-notice threshold, absence.
  As of 16/10, 23/10, 06/11 (off roll): a leaver is in no band or notice group; her
  figures stop at 9 Oct (30/50, red); she left straight after 10 days of N, so she
  stays in the absence group, "left 09/10/2026 after 10 school days".
"""

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
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
REG = register(
    {"ANNA": " ".join([P] * 40), "EVE": " ".join([P] * 15 + ["N"] * 10)}, holidays=HOLIDAY
)
LEFT_AFTER_N = "left 09/10/2026 after 10 school days of unexplained absence (N)"


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def week(ws: Path, tmp_path: Path, as_of: dt.date) -> tuple[dict, str]:
    """``check --record`` on the cumulative export to ``as_of``: the JSON, and the text
    of the same check (run after it, recording nothing more: the same run as of the date
    replaces itself)."""
    exp = write_long_csv(
        REG.filter(REG["date"] <= as_of), tmp_path / f"export_{as_of:%m%d}.csv", dob=True
    )
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", f"{as_of}", "--format",
                             "json", "--record")  # fmt: skip
    assert code == 0, err
    code, text, err = run_cli("check", exp, "-c", ws, "--as-of", f"{as_of}", width=200)
    assert code == 0, err
    return json.loads(out), " ".join(text.split())


def eve(doc: dict) -> tuple:
    (p,) = [p for p in doc["pupils"] if p["upn"] == "EVE"]
    return p["attended"], p["possible"], p["band"], sorted(p["groups"])


def test_a_pupil_who_left_between_runs_is_a_change_once_and_still_in_the_absence_group(
    ws: Path, tmp_path: Path
) -> None:
    """Runs as of 09/10 (EVE on roll, her last day), 16/10 and 23/10, each recorded.
    16/10 is the first run after she left: one row, "left the roll on 09/10/2026", no
    longer in band red and the penalty-notice group, but still in the absence group the
    same output lists her in (it said "no longer in ... continuous unexplained absence").
    23/10: she had left before the 16/10 run, nothing of hers changed: no change."""
    doc, _ = week(ws, tmp_path, D(2026, 10, 9))
    assert doc["changes"] is None  # (no earlier run to compare with; the key was absent)
    assert eve(doc) == (30, 50, "red", ["absence", "band:red", "pn"])

    doc, text = week(ws, tmp_path, D(2026, 10, 16))
    assert doc["compared_with_run"]["as_of"] == "2026-10-09"
    assert eve(doc) == (30, 50, "red", ["absence"])
    assert doc["changes"] == [
        {"school": None, "upn": "EVE", "kind": "left_roll",
         "detail": "on 09/10/2026: no longer in band red, penalty-notice threshold; still "
         "in continuous unexplained absence"},
    ]  # fmt: skip
    assert LEFT_AFTER_N in text
    assert "Changed since the check as of 09/10/2026" in text
    assert "no longer in continuous unexplained absence" not in text

    doc, text = week(ws, tmp_path, D(2026, 10, 23))
    assert doc["compared_with_run"]["as_of"] == "2026-10-16"
    assert eve(doc) == (30, 50, "red", ["absence"])
    assert doc["changes"] == []
    assert LEFT_AFTER_N in text
    assert "No change since the check as of 16/10/2026" in text
    assert "left the roll │" not in text


def test_a_pupil_who_left_before_the_first_run_is_never_a_change(
    ws: Path, tmp_path: Path
) -> None:
    """The finding (sweepC repro2): EVE left on 09/10, before the first recorded run
    (16/10), then 23/10 and 06/11 (after the half term).  She is listed in the absence
    group each week, and each week's changes repeated "left the roll | on 09/10/2026: no
    longer in continuous unexplained absence": she had left before the run compared with,
    and was in the absence group then and now.  No change, any week."""
    doc, text = week(ws, tmp_path, D(2026, 10, 16))
    assert doc["changes"] is None  # (no earlier run to compare with; the key was absent)
    assert eve(doc) == (30, 50, "red", ["absence"])
    assert LEFT_AFTER_N in text
    for as_of, then in ((D(2026, 10, 23), "16/10/2026"), (D(2026, 11, 6), "23/10/2026")):
        doc, text = week(ws, tmp_path, as_of)
        assert eve(doc) == (30, 50, "red", ["absence"])
        assert doc["changes"] == [], as_of
        assert LEFT_AFTER_N in text
        assert f"No change since the check as of {then}" in text
        assert "left the roll │" not in text
