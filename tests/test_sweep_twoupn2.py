"""One child under two UPNs: the leftovers (sweep twoupn2).  The LA's CSVs say which rows
are one child's; the letters' hold says the same letter already went to the other UPN;
the trust report's movers note says dual registration in its own words; a trust list with
one UPN of two children.

The register of tests/test_sweep_twoupn.py: school days from Mon 7 Sep 2026; Kit Child
(born 01/05/2015) OLD (a temporary UPN) from 7 Sep to Fri 2 Oct, NEW from Mon 5 Oct (the
same surname, forename and date of birth); Sam Same TWIN1 and TWIN2, two children on roll
together, seen apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from clirun import run_cli
from test_sweep_twoupn import NEW, OLD, TEN_TEN, TWIN1, TWIN2, _export, build

D = dt.date


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# -- 1. the LA's CSVs: which rows are one child's ----------------------------------------

# register-check, as of Mon 12 Oct: Kit present 7-24 Sep under OLD, N from Fri 25 Sep (OLD
# 28 of 40, 70.00 %, red, left the roll 02/10/2026), NEW N 5-12 Oct (0 of 12, severe): both
# rows in the file; the twins' two rows (76.92 %, red) are two children's.  The file's
# columns are the LA's, in their order; a last column, Note, says which rows are one
# child's, blank for the others.
RC_COLUMNS = [
    "UPN", "Surname", "Forename", "Date of birth", "Year group", "Address",
    "Attendance % (term)", "Attendance % (year to date)", "Possible sessions (term)",
    "Authorised absence sessions (term)", "Unauthorised absence sessions (term)", "Reasons",
    "Band", "Left the roll on",
]  # fmt: skip
SAME = "with the same surname, forename and date of birth"


def _rc_note(other: str, span: str, row: str, upn: str, left: str = "") -> str:
    gone = f", and its leaving the roll on {left} may be the change of UPN" if left else ""
    return (
        f"one child under two UPNs? also {other}, on roll {span} ({row}), {SAME}: this "
        f"row's figures are {upn}'s alone{gone}"
    )


def test_register_check_csv_says_which_rows_are_one_child_in_a_last_column(tmp_path):
    cfg, export = _export(tmp_path, build(D(2026, 10, 12), "/ " * 14 + "N " * 6, "N " * 6))
    target = tmp_path / "rc.csv"
    code, out, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-12", "-c", cfg,
        "-o", target, width=80,
    )  # fmt: skip
    assert code == 0, err
    rows = _csv(target)
    assert list(rows[0]) == [*RC_COLUMNS, "Note"]
    note = {r["UPN"]: r["Note"] for r in rows}
    assert note == {
        OLD: _rc_note(NEW, "05/10/2026 to 12/10/2026", "a row of this file", OLD, "02/10/2026"),
        NEW: _rc_note(OLD, "07/09/2026 to 02/10/2026", "a row of this file", NEW),
        TWIN1: "", TWIN2: "",
    }  # fmt: skip
    # the rows' own figures unchanged
    assert [(r["UPN"], r["Attendance % (term)"], r["Band"], r["Left the roll on"]) for r in rows][:2] == [
        (NEW, "0.00", "severe", ""), (OLD, "70.00", "red", "02/10/2026"),
    ]  # fmt: skip


def test_register_check_csv_of_the_old_upns_row_alone_names_the_new_one_in_no_row(tmp_path):
    # Kit O on 6 days under OLD (28 of 40, red, left 02/10/2026), present every day under NEW
    # (10 of 10, not listed), as of Fri 16 Oct: one row, the new UPN in none
    cfg, export = _export(tmp_path, build(D(2026, 10, 16), "/ " * 14 + "O " * 6, "/ " * 10))
    target = tmp_path / "rc.csv"
    code, out, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-16", "-c", cfg,
        "-o", target,
    )  # fmt: skip
    assert code == 0, err
    note = {r["UPN"]: r["Note"] for r in _csv(target)}
    assert note[OLD] == _rc_note(
        NEW, "05/10/2026 to 16/10/2026", "in no row of this file", OLD, "02/10/2026"
    )
    assert NEW not in note


def test_register_check_csv_with_no_child_under_two_upns_keeps_the_las_columns(tmp_path):
    # the twins alone (two children, seen apart): no Note column
    cfg, export = _export(tmp_path, build(D(2026, 10, 9), "/ " * 20, "/ " * 5))
    target = tmp_path / "rc.csv"
    code, out, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-09", "-c", cfg,
        "-o", target,
    )  # fmt: skip
    assert code == 0, err
    rows = _csv(target)
    assert list(rows[0]) == RC_COLUMNS and {r["UPN"] for r in rows} == {TWIN1, TWIN2}


def test_la_return_csv_notes_say_which_rows_are_one_child(tmp_path):
    # OLD N Mon 21 Sep - Fri 2 Oct (10 school days, then left the roll); NEW N Mon 5 - Fri
    # 16 Oct (10, still absent): two rows of the unauthorised list; the Note (the return's
    # own column) of each says the other, after what it said before
    cfg, export = _export(tmp_path, build(*TEN_TEN))
    target = tmp_path / "la.csv"
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-10", "--as-of", "2026-10-16", "-c", cfg,
        "-o", target, width=80,
    )  # fmt: skip
    assert code == 0, err
    rows = _csv(target)
    assert list(rows[0])[-1] == "Note" and len(rows[0]) == 23
    note = {r["UPN"]: r["Note"] for r in rows}
    row = "a row of this return"
    assert note == {
        OLD: "left the roll 02/10/2026 after the run: check the deletion was lawful and the "
        "LA was told; "
        + _rc_note(NEW, "05/10/2026 to 16/10/2026", row, OLD, "02/10/2026"),
        NEW: _rc_note(OLD, "07/09/2026 to 02/10/2026", row, NEW),
    }
    # the terminal's table keeps its notes (the line after the lists says it)
    assert "may be the change of UPN" not in out + err
