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

import pytest

from clirun import run_cli
from test_sweep_twoupn import NEW, OLD, TEN_TEN, TWIN1, TWIN2, _export, _ladder_files, build, flat

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
    "Band", "Left the roll on", "Days off the roll inside the run",
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


# -- 2. letters: the same letter already went to the child's other UPN -------------------

# The ladder register of tests/test_sweep_twoupn.py: Kit O on Mon 14 and Tue 15 Sep (OLD)
# and Mon 5 Oct (NEW).  As of Fri 25 Sep OLD is 26 of 30 (86.67 %, red): the red letter
# goes to OLD.  As of Fri 9 Oct NEW alone is 8 of 10 (80.0 %, red), Autumn 1 still: its
# red letter is held (one child under two UPNs?), and the hold says OLD's red letter of
# 25/09 went this half term: released as if two children, it would be the same letter
# twice to the same parent.  TWIN1 (red on 25/09, released: two children) and TWIN2 (100 %)
# are two children seen apart: nothing said of them.


def test_letters_hold_says_the_same_letter_went_to_the_other_upn_this_half_term(
    tmp_path, monkeypatch
):
    from attcli import clock

    cfg, sep, octo, contacts = _ladder_files(tmp_path)
    monkeypatch.setenv(clock.ENV_VAR, "2026-09-25")
    code, out, err = run_cli(
        "letters", sep, "-c", cfg, "--contacts", contacts, "--as-of", "2026-09-25",
        "--out", tmp_path / "out", "--release", TWIN1,
    )  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv(clock.ENV_VAR, "2026-10-09")
    code, out, err = run_cli(
        "letters", octo, "-c", cfg, "--contacts", contacts, "--as-of", "2026-10-09",
        "--dry-run", width=1000,
    )  # fmt: skip
    assert code == 0, err
    said = flat(out + err)
    assert (
        f"this letter's figures are {NEW}'s alone; give the exports one UPN (the permanent "
        f"one), or release it if they are two children; {OLD}'s red letter went on "
        f"25/09/2026, this half term: if one child, this is the same letter twice; `attcli "
        f"pupil merge {OLD} {NEW}` moves it, and this one then shows as already sent"
    ) in said, said
    assert "0 letters would be written" in said and "1 held for review" in said
    assert said.count("the same letter twice") == 1


# -- 3. trust: a dual-registered pupil is no pupil who "moved" ----------------------------

# Sweep movers' trust (tests/test_sweep_movers.py): 20 school days from Mon 7 Sep 2026; M
# on Ash's roll 7-18 Sep and Birch's from 21 Sep (moved).  K now dual registered: on both
# rolls all 20 days, at Ash on the first 10 (absent 7-9 Sep) and D there on the last 10, D
# at Birch on the first 10 and present there on the last 10: Ash 14 of 20 (70.0 %, PA),
# Birch 20 of 20, as before.  Ash 6 pupils, Birch 5: the trust's 11 pupils are 9 children,
# one who moved and one dual registered, on roll at both at once, 2 under the default
# min_cohort of 5: whether one is PA at two schools is not said.


@pytest.mark.parametrize("at_ash", ["D", "O"])
def test_the_trust_report_says_dual_registration_not_moved_of_a_pupil_on_two_rolls_at_once(
    tmp_path, at_ash
):
    # at_ash "O": K absent at Ash on Birch's days, no D at either: on two rolls at once, but
    # no dual registration the registers say (a leaving date Ash has not entered): one who
    # moved, as before (Ash K 14 of 40 then, 35.0 %: the note says no PA or SA count here)
    from test_sweep_movers import ASH, BIRCH, K, _page, trust

    t = trust(
        tmp_path,
        ash={**ASH, K: " ".join(["O"] * 3 + ["/\\"] * 7 + [at_ash] * 10)},
        birch={**BIRCH, K: " ".join(["D" if at_ash == "D" else "!"] * 10 + ["/\\"] * 10)},
    )
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out)
    assert code == 0, err
    text = _page(out)
    lead = (
        "1 pupil moved between the trust's schools in the period and 1 was dual registered "
        "at two of them, on roll at both at once" if at_ash == "D"
        else "2 pupils moved between the trust's schools in the period"
    )  # fmt: skip
    assert (
        f"{lead} (the same UPN, name and date of birth in two schools' exports): each is "
        "counted at each school it was on roll at, as the DfE counts enrolments, so the "
        "trust's 11 pupils are 9 children; as they are fewer than 5"
    ) in text, text
    assert "Pupils are counted per school: a pupil on roll at two of the schools in the " \
        "period (one who moved, or one dual registered) is counted in each." in text  # fmt: skip


# -- 4. trust: a pupil list giving one UPN to two children --------------------------------

# Sweep movers' trust and its pupil list of enrolments (a School column): M at Ash
# 01/09-18/09/2026 and at Birch from 21/09, Birch's row now another forename and date of
# birth (Zebedee, 01/01/2016).  Decided: still refused (the list decides every pupil's time
# on roll, and which school's row of M is wrong cannot be read from it), and the one line
# says how to go on now: the exports read without the list.


def test_a_trust_list_with_one_upn_of_two_children_is_refused_with_how_to_go_on(tmp_path):
    from clirun import one_line
    from test_sweep_movers import M, _pupil_list, trust

    t = trust(tmp_path)
    listed = _pupil_list(tmp_path / "pupils.csv", school=True)
    text = listed.read_text(encoding="utf-8").replace(
        f"Birch Academy,{M},Surname{M},Forename{M},05/05/2015",
        f"Birch Academy,{M},Surname{M},Zebedee,01/01/2016",
    )
    listed.write_text(text, encoding="utf-8")
    code, _, err = run_cli(
        "check", t["shared"], "-c", t["config"], "--per-school", tmp_path / "C",
        "--pupils", listed, width=400,
    )  # fmt: skip
    assert code == 1
    line = one_line(err)
    assert line.endswith(
        "Correct the UPN in the MIS of the school where it is wrong, and export the list "
        "again; until then, leave --pupils out: the exports are read alone, each pupil on "
        "roll from its first mark to its last"
    ), line
    # (the way on: the shared export without the list, tests/test_sweep_movers.py)
