"""Sweep of the data-quality list (DOMAIN.md 12) as each output of `check` gives it.

Registers made by hand; the expected items counted by hand in each test."""

from __future__ import annotations

import datetime as dt
import re

from builders import register_rows, school_days
from clirun import run_cli
from test_real_registers import workspace_with_terms, write_long

D = dt.date


def _problem_register() -> list[dict]:
    """12 pupils present Thu 3 Sep - Fri 2 Oct 2026 (22 school days by the term dates), and:
    P00 N all Mon 14 Sep (14 school days old on Fri 2 Oct: 2 stale N); P01 '-' on Tue 15
    Sep AM (1 missing mark); P03 no row on Thu 17 Sep (2 missing rows); nobody a row for
    Fri 25 Sep PM (1 session with no register); F a row of blank cells every session (1
    pupil with no mark at all): 6 problems."""
    rows = []
    for i in range(12):
        u = f"P{i:02d}"
        for d in school_days(D(2026, 9, 3), 22):
            for s in ("AM", "PM"):
                if (d == D(2026, 9, 25) and s == "PM") or (u == "P03" and d == D(2026, 9, 17)):
                    continue
                m = "/"
                if u == "P00" and d == D(2026, 9, 14):
                    m = "N"
                if u == "P01" and d == D(2026, 9, 15) and s == "AM":
                    m = "-"
                rows.append({"upn": u, "date": d, "session": s, "mark": m})
    for d in school_days(D(2026, 9, 3), 22):
        for s in ("AM", "PM"):
            rows.append({"upn": "F", "date": d, "session": s, "mark": ""})
    return rows


def test_a_csv_check_says_the_register_s_problems_it_has_no_place_for(tmp_path):
    # The CSV holds a row per pupil: F (no mark at all) is in none, nor are the stale N,
    # the session with no register (every pupil one possible session short: 43 of 44) or
    # any item's date.  The table said "Data quality: 6 problems ..."; the CSV said nothing
    # of them (DOMAIN.md 12: never silently absorbed).  Now one note counts them, as the
    # table does: 2 + 1 + 2 + 1 + 1 = 7 items, 7 problems.
    workspace_with_terms(tmp_path)
    export = write_long(tmp_path / "reg.csv", register_rows(_problem_register()))
    code, out, err = run_cli("check", export, "--workspace", tmp_path, "-f", "csv")
    assert code == 0
    assert "\nF," not in out  # (no row for F: the note is the only word of them)
    said = " ".join(err.split())
    assert (
        "note: data quality: 7 problems in the register to fix in the MIS (2 N codes older "
        "than 5 school days, 1 missing mark, 2 missing rows, 1 session with no register, 1 "
        "pupil with no mark at all); the figures leave out sessions with no mark and count "
        "each N as unauthorised: this CSV lists pupils only; the check's table, JSON or "
        "workbook lists each item"
    ) in said
    # the table's count is the same
    code, table, _ = run_cli("check", export, "--workspace", tmp_path)
    assert re.search(r"Data quality: 7 problems in the register", table)
    # a JSON or a workbook lists them: no such note
    for fmt in ("json", "xlsx"):
        code, _, err = run_cli(
            "check", export, "--workspace", tmp_path, "-f", fmt, "-o", tmp_path / f"c.{fmt}"
        )
        assert code == 0 and "data quality:" not in err


def test_a_clean_register_s_csv_check_says_nothing_of_data_quality(tmp_path):
    workspace_with_terms(tmp_path)
    rows = [
        {"upn": f"P{i:02d}", "date": d, "session": s, "mark": "/"}
        for i in range(3)
        for d in school_days(D(2026, 9, 3), 10)
        for s in ("AM", "PM")
    ]
    export = write_long(tmp_path / "reg.csv", register_rows(rows))
    code, _, err = run_cli("check", export, "--workspace", tmp_path, "-f", "csv")
    assert code == 0 and "data quality" not in err


def test_a_pupil_s_record_names_the_sessions_with_no_mark(tmp_path):
    # P03 has no row on Thu 17 Sep (2 missing rows), P01 a '-' on Tue 15 Sep AM.  The
    # record counted them ("No mark recorded: 2 sessions (2 missing rows), not counted:
    # complete the register") and named no session to complete, where its stale N and its
    # session with no register are named by date: the office could not find them.
    workspace_with_terms(tmp_path)
    export = write_long(tmp_path / "reg.csv", register_rows(_problem_register()))
    code, out, err = run_cli("pupil", "P03", export, "--workspace", tmp_path)
    assert code == 0, err
    assert (
        "No mark recorded: 2 sessions (2 missing rows), not counted: complete the register "
        "(17/09/2026 AM and PM)"
    ) in " ".join(out.split())
    code, out, err = run_cli("pupil", "P01", export, "--workspace", tmp_path)
    assert (
        "No mark recorded (-): 1 session, not counted: complete the register (15/09/2026 AM)"
    ) in " ".join(out.split())


def test_a_stray_day_names_the_pupils_whose_marks_are_on_it_and_what_to_check():
    # 21 pupils present Thu 3 - Wed 23 Sep 2026 (no term dates) but Fri 18 Sep, when only
    # P01 and P00 have marks: 2 of the 21 on roll, 2 * 10 < 21, a stray day.  The item
    # named the day and the count, not whose marks they are nor what to check: the office
    # had to search the register for them.
    from attcli.config import parse_config
    from attcli.engine import evaluate

    fri = D(2026, 9, 18)
    rows = [
        {"upn": f"P{i:02d}", "date": d, "session": s, "mark": "/"}
        for i in (1, 0, *range(2, 21))
        for d in school_days(D(2026, 9, 3), 15)
        for s in ("AM", "PM")
        if d != fri or i < 2
    ]
    ev = evaluate(register_rows(rows), parse_config(""), as_of=D(2026, 9, 23))
    assert ev.data_quality.filter(ev.data_quality["kind"] == "stray_day").select(
        "date", "detail"
    ).rows() == [
        (
            fri,
            "only 2 of the 21 pupils on roll have marks: not taken as a school day (the "
            "marks of P00, P01: check their date in the MIS, a mistyped date or a register "
            "opened on a holiday)",
        )
    ]
