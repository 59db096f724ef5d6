"""Sweep of the N code's whole life (DOMAIN.md 1 and 12): an N followed through the
weekly exports and runs (check --record each week).

The registers are hand made (tests/builders.py): two pupils from Monday 7 September 2026.
Week 1 (to Friday 11 September, recorded): A is N on Tue 8 AM, Tue 8 PM and Wed 9 AM,
present otherwise: 7/10, 3 unauthorised.  B is present throughout.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

START = dt.date(2026, 9, 7)
PRESENT = "/\\"
WEEK1 = {"A": f"{PRESENT} NN N/ {PRESENT} {PRESENT}", "B": " ".join([PRESENT] * 5)}
WEEK2_PRESENT = " ".join([PRESENT] * 5)


def export(tmp_path: Path, name: str, pupils: dict[str, str]) -> Path:
    return write_long_csv(register(pupils, start=START), tmp_path / name)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def check(config: Path, exp: Path, as_of: str, *args: str) -> tuple[int, str, str]:
    return run_cli("check", exp, "-c", config, "--as-of", as_of, *args)


def record_week1(config: Path, tmp_path: Path) -> None:
    code, _, err = check(config, export(tmp_path, "week1.csv", WEEK1), "2026-09-11", "--record",
                         "--format", "json")  # fmt: skip
    assert code == 0, err


@pytest.mark.parametrize("now", ["LL", "/\\", "DD"])
def test_an_n_made_present_or_not_possible_since_the_run_is_said_once(ws, tmp_path, now):
    """Tue 8's two N of the run are L (late: the reason found), present, or D (dual
    registered) in week 2's export, Wed 9 AM still N.  As of 11/09 A's figures move from
    7/10, 3 unauthorised, to 9/10, 1 (L, present) or 7/8, 1 (D): exactly what the two
    corrections since the run give (+1 attended, or -1 possible, and -1 unauthorised
    each).  The corrections list says them session by session; a "past figure changed"
    row said them again (an N made I, which moves only the unauthorised sessions, was
    already said once)."""
    record_week1(ws, tmp_path)
    a = f"{PRESENT} {now} N/ {PRESENT} {PRESENT} {WEEK2_PRESENT}"
    exp = export(tmp_path, "week2.csv", {"A": a, "B": f"{WEEK1['B']} {WEEK2_PRESENT}"})
    code, out, err = check(ws, exp, "2026-09-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [(c["session"], c["was"], c["now"]) for c in doc["corrections"]] == [
        ("AM", "N", now[0]), ("PM", "N", now[1])
    ]
    assert [c for c in doc["changes"] if c["kind"] == "corrected"] == [], doc["changes"]


def test_a_figure_the_n_corrections_do_not_wholly_explain_is_still_said(ws, tmp_path):
    """Tue 8's N made L, and Mon 7 AM, present in the run, now O: as of 11/09 A is 8/10, 2
    unauthorised (was 7/10, 3); the corrections give 9/10, 1: a mark final in the run was
    changed besides, which the row says."""
    record_week1(ws, tmp_path)
    a = f"O\\ LL N/ {PRESENT} {PRESENT} {WEEK2_PRESENT}"
    exp = export(tmp_path, "week2.csv", {"A": a, "B": f"{WEEK1['B']} {WEEK2_PRESENT}"})
    code, out, err = check(ws, exp, "2026-09-18", "--format", "json")
    assert code == 0, err
    rows = [c["detail"] for c in json.loads(out)["changes"] if c["kind"] == "corrected"]
    assert rows == ["as of 11/09/2026: was 7/10, 3 unauthorised, now 8/10, 2 unauthorised "
                    "(a register correction)"], rows
