"""Registers at the extremes of what a school exports (sweep of 4 December, extremes),
worked out by hand from DOMAIN.md.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register_rows, weekdays, write_long_csv
from clirun import run_cli
from school import make_workspace

D = dt.date


# ------------------------------------------ a school year that starts on 31 August
# No term dates: half terms are inferred from the register (DOMAIN.md 10).  The school
# had Summer 2 from Mon 7 Jun to Fri 16 Jul 2027, the summer holiday, then opened on
# Tue 31 Aug 2027 (the last day of the school year 2026/27, DOMAIN.md 10) and went on
# from Wed 1 Sep (the first of 2027/28) to Fri 17 Sep.  The week of 30 Aug has no
# holiday in it, but a half term lies in one school year (the config refuses one across
# 1 September): 31 Aug is the last school day of 2026/27's last half term, and the half
# term of September is Autumn 1 from Wed 1 Sep, not "Summer 2 (31/08 to 17/09)".
SPAN_DAYS = weekdays(D(2027, 6, 7), D(2027, 7, 16)) + weekdays(D(2027, 8, 31), D(2027, 9, 17))


def span_register(tmp_path: Path) -> tuple[Path, Path]:
    make_workspace(tmp_path / "ws")
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": "/"}
        for upn in ("A1", "A2")
        for d in SPAN_DAYS
        for s in ("AM", "PM")
    ]
    path = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    return tmp_path / "ws", path


def check_json(ws: Path, path: Path, as_of: str) -> dict:
    code, out, err = run_cli("check", path, "--workspace", ws, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_an_inferred_half_term_does_not_cross_1_september(tmp_path: Path) -> None:
    ws, path = span_register(tmp_path)
    autumn = check_json(ws, path, "2027-09-17")
    assert autumn["half_term"] == {"name": "Autumn 1", "start": "2027-09-01", "end": "2027-09-17"}
    assert autumn["period"] == {"start": "2027-09-01", "end": "2027-09-17"}
    pupil = autumn["pupils"][0]
    assert (pupil["ht_possible"], pupil["possible"]) == (26, 26)  # 13 school days from 1 Sep
    # the day before: 31 Aug is 2026/27's, its half term ends with the school year
    summer = check_json(ws, path, "2027-08-31")
    assert summer["half_term"]["start"] == "2027-08-31"
    assert summer["half_term"]["end"] == "2027-08-31"
    assert summer["half_term"]["name"].startswith("Summer")
    # the pupil record names September's half term as Autumn 1
    code, out, err = run_cli("pupil", "A1", path, "--workspace", ws, "--as-of", "2027-09-17")
    assert code == 0, err
    assert "Autumn 1" in out
    assert "Summer 2" not in out
