"""A pupil referral unit's register worked by hand from DOMAIN.md (sweep of 7 December
(ninth), blind6): dual registration (`D`), part-time timetables (`C2`), off-site education
(`B`), medical absence, joiners on referral and a pupil going back to their main school.

Autumn 2026 from Thu 3 Sep (term dates in the workspace), half term 26-30 Oct; every
pupil present (``/``) on every school day but the marks listed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register_rows, write_long_csv
from clirun import run_cli
from school import make_workspace

# (the autumn from Thursday 3 September, and its school days: edges' own)
from test_sweep_edges import TERMS, weekdays

D = dt.date


# ------------------------------------------- a dual-registered pupil absent on every day here
# DB: at the main school (`D`) every Tuesday and Thursday all term; `O` all day on every
# Monday, Wednesday and Friday from Fri 6 Nov to Fri 27 Nov.  DOMAIN.md 6: a `D` day neither
# counts nor breaks a run, so the run is 10 school days (6, 9, 11, 13, 16, 18, 20, 23, 25,
# 27 Nov), current, last attended Wed 4 Nov: listed, as before.  But the 6 `D` days inside it
# (10, 12, 17, 19, 24, 26 Nov) are the days the register says the child was at the other
# school: were they, the child has been seen there; were they not, the child has missed 16
# school days in a row, and nothing said so ("10 school days since 06/11/2026" over three
# weeks).  MO: `D` every afternoon, `O` every morning from 16 Nov: each day counts (its one
# possible session is `O`), no `D` day inside the run: nothing more said.


def dual_school(tmp_path: Path) -> tuple[Path, Path]:
    make_workspace(tmp_path / "ws", TERMS)
    school = weekdays(D(2026, 9, 3), D(2026, 11, 27))

    def db(d: dt.date, s: str) -> str:
        if d.weekday() in (1, 3):
            return "D"
        return "O" if d >= D(2026, 11, 6) else "/"

    def mo(d: dt.date, s: str) -> str:
        if s == "PM":
            return "D"
        return "O" if d >= D(2026, 11, 16) else "/"

    marks = {"DB": db, "MO": mo, "F1": lambda d, s: "/", "F2": lambda d, s: "/"}
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": mark(d, s)}
        for upn, mark in marks.items()
        for d in school
        for s in ("AM", "PM")
    ]
    return tmp_path / "ws", write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)


def test_a_run_of_a_dual_registered_pupil_says_the_d_days_inside_it(tmp_path):
    ws, exp = dual_school(tmp_path)
    said = (
        "marked D (dual registered: at another school) on the 6 school days inside this run "
        "(between 10/11/2026 and 26/11/2026): they neither count toward the run nor break "
        "it, so check with the other school that the child was there"
    )
    code, out, err = run_cli("--workspace", ws, "check", exp, "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert (pupils["DB"]["continuous_absence_days"], pupils["DB"]["continuous_absence_start"]) == (
        10, "2026-11-06",
    )  # fmt: skip
    assert pupils["DB"]["reasons"]["absence"].endswith("; last attended 04/11/2026; " + said)
    assert pupils["MO"]["continuous_absence_days"] == 10
    assert "marked D" not in pupils["MO"]["reasons"]["absence"]
    code, out, err = run_cli("--workspace", ws, "cme", exp, "--days", "10")
    assert code == 0, err
    text = " ".join((out + err).split())
    assert f"SurnameDB, ForenameDB (DB): {said}" in text
    assert "(MO): marked D" not in text


def test_the_la_return_notes_the_d_days_inside_a_dual_registered_pupil_s_run(tmp_path):
    # the same register: November's return as of Fri 27 Nov lists DB's run of 10 school days
    # (06/11 to 27/11) new, and its note says the 6 days at the other school inside it, as the
    # note says days off the roll inside a run; MO's run (16/11 to 27/11, 10 days) none
    import csv

    ws, exp = dual_school(tmp_path)
    out_file = tmp_path / "la.csv"
    code, out, err = run_cli("--workspace", ws, "la-return", exp, "--month", "2026-11",
                             "--as-of", "2026-11-27", "-o", out_file)  # fmt: skip
    assert code == 0, err
    with out_file.open(encoding="utf-8-sig", newline="") as f:
        rows = {r["UPN"]: r for r in csv.DictReader(f)}
    assert (rows["DB"]["Absence began"], rows["DB"]["School days"]) == ("06/11/2026", "10")
    assert rows["DB"]["Note"] == (
        "marked D (at another school) on 6 school days inside the run (between 10/11/2026 and "
        "26/11/2026): neither counted nor a break"
    )
    assert rows["MO"]["Note"] == ""
