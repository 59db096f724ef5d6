"""One child under two UPNs beyond `check` and `pupil` (sweep twoupn): the LA's files,
the casebook and the letters say it; two children of one name and birthday on roll
together are not said to be one.

School days from Mon 7 Sep 2026 (no holiday before Fri 16 Oct).  FILL is present every
day.  Kit Child (born 01/05/2015) is OLD (a temporary UPN) from Mon 7 Sep to Fri 2 Oct (20
school days), NEW (the permanent one) from Mon 5 Oct: the same surname, forename and date
of birth.  Sam Same (born 01/06/2015) is two children, TWIN1 and TWIN2, both on roll every
day from 7 Sep: TWIN1 N on the last 6 school days, TWIN2 N on 17-24 Sep (6 days), each
present while the other is absent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import register_rows, school_days, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
OLD, NEW = "A99920101001A", "A999201010017"
TWIN1, TWIN2 = "B999201010018", "C999201010019"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}
SAM = {"surname": "Same", "forename": "Sam", "dob": D(2015, 6, 1)}
ADVICE = (
    "if one child, give the exports one UPN (the permanent one); `attcli pupil merge "
    f"{OLD} {NEW}` moves letters and notices on record"
)


def build(as_of: dt.date, old: str, new: str, twins: bool = True):
    """OLD's marks (a token a school day, one mark for both sessions) from 7 Sep to 2 Oct,
    NEW's from 5 Oct to ``as_of``; with ``twins``, TWIN1 and TWIN2 as above."""
    days = [d for d in school_days(D(2026, 9, 7), 30) if d <= as_of]
    n = len(days)
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    parts = [(OLD, days[:20], old, KIT), (NEW, days[20:], new, KIT)]
    if twins:
        parts += [
            (TWIN1, days, "/ " * (n - 6) + "N " * 6, SAM),
            (TWIN2, days, "/ " * 8 + "N " * 6 + "/ " * (n - 14), SAM),
        ]
    for upn, ds, marks, who in parts:
        rows += [
            {"upn": upn, "date": d, "session": s, "mark": m, **who}
            for d, m in zip(ds, marks.split(), strict=True)
            for s in ("AM", "PM")
        ]
    return register_rows(rows)


def _export(tmp_path: Path, reg) -> tuple[Path, Path]:  # noqa: ANN001
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    return cfg, write_long_csv(reg, tmp_path / "register.csv", dob=True, groups=True)


def _cells(path: Path) -> list[str]:
    from openpyxl import load_workbook

    return [
        c for row in load_workbook(path).active.iter_rows(values_only=True) for c in row
        if isinstance(c, str)
    ]  # fmt: skip


def flat(text: str) -> str:
    return " ".join(text.split())


# -- register-check: two rows of the LA's file for one child ------------------------------

# Kit present 7-24 Sep under OLD, N from Fri 25 Sep: OLD 28 of 40 sessions (70 %, red, left
# 02/10/2026), NEW 0 of 12 (severe): both rows in the file.  The twins: 40 of 52 each
# (76.92 %, red), both rows too, two children.
KIT_ROWS = (
    f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) is two rows of this file, each "
    f"with its own UPN's figures alone ({OLD} on roll 07/09/2026 to 02/10/2026, the date its "
    f"row gives as leaving the roll; {NEW} 05/10/2026 to 12/10/2026): {ADVICE}"
)


def test_register_check_says_two_rows_of_one_child_and_not_of_two_children(tmp_path):
    cfg, export = _export(tmp_path, build(D(2026, 10, 12), "/ " * 14 + "N " * 6, "N " * 6))
    target = tmp_path / "rc.xlsx"
    code, out, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-12", "-c", cfg,
        "-o", target, width=400,
    )  # fmt: skip
    assert code == 0, err
    said = flat(out + err)
    assert said.count(KIT_ROWS) == 1, said
    assert "Same, Sam" not in said.replace("e.g. 'Same, Sam'", "")
    (data,) = [c for c in _cells(target) if "two rows of this file" in c]
    assert KIT_ROWS in data and "Same, Sam" not in data
    # the rows themselves are each UPN's own, unchanged
    assert sum(c in (OLD, NEW, TWIN1, TWIN2) for c in _cells(target)) == 4
    # and each of Kit's rows says the other in a last column, Note (sweep twoupn2), as the
    # CSV does (tests/test_sweep_twoupn2.py)
    cells = _cells(target)
    assert cells[cells.index("Days off the roll inside the run") + 1] == "Note"  # (rules3)
    assert sum(c.startswith("one child under two UPNs? also ") for c in cells) == 2


def test_register_check_says_nothing_of_the_new_upns_row_alone(tmp_path):
    # Kit present throughout under OLD, N 5 days under NEW (0 of 10, severe): OLD 40 of 40
    # is not listed, so the file has one row of Kit, on roll: nothing said of rows
    cfg, export = _export(tmp_path, build(D(2026, 10, 9), "/ " * 20, "N " * 5))
    code, out, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-09", "-c", cfg,
        "-o", tmp_path / "rc.xlsx", width=400,
    )  # fmt: skip
    assert code == 0, err
    assert "of this file" not in flat(out + err)


def test_register_check_says_the_old_upns_row_left_the_roll_as_the_new_one_came(tmp_path):
    # Kit O on 6 days under OLD (28 of 40, 70.0 %, red, "left the roll" 02/10/2026), present
    # every day under NEW (10 of 10, not listed): the LA reads a child deleted from the roll
    cfg, export = _export(tmp_path, build(D(2026, 10, 16), "/ " * 14 + "O " * 6, "/ " * 10))
    target = tmp_path / "rc.xlsx"
    code, out, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-16", "-c", cfg,
        "-o", target, width=400,
    )  # fmt: skip
    assert code == 0, err
    line = (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) is one row of this file, "
        f"{OLD} (on roll 07/09/2026 to 02/10/2026, the date its row gives as leaving the "
        f"roll), and on roll as {NEW} from 05/10/2026, in no row: {ADVICE}"
    )
    assert flat(out + err).count(line) == 1, flat(out + err)
    assert any(line in c for c in _cells(target))
    assert "Same, Sam" not in flat(out + err).replace("e.g. 'Same, Sam'", "")


def test_one_child_in_overlapping_exports_that_disagree_in_a_session_is_still_one(tmp_path):
    # last week's export holds Kit under OLD to Fri 9 Oct, this week's under NEW from Mon 5
    # Oct (a week's overlap): OLD O on 6 days from 21 Sep (38 of 50 sessions, 76.0 %, red,
    # "left" 09/10), present 5-9 Oct; NEW C on Mon 5 Oct (a correction made between the
    # exports), present after (18 of 20, 90.0 %).  Seen apart on 5 Oct, but the UPNs follow
    # one another: one child whose exports disagree on a day, not two children on roll
    # together; the old UPN's row is said
    days = school_days(D(2026, 9, 7), 30)
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    away = school_days(D(2026, 9, 21), 6)
    rows += [
        {"upn": OLD, "date": d, "session": s, "mark": "O" if d in away else "/", **KIT}
        for d in days if d <= D(2026, 10, 9) for s in ("AM", "PM")
    ]  # fmt: skip
    rows += [
        {"upn": NEW, "date": d, "session": s, "mark": "C" if d == D(2026, 10, 5) else "/", **KIT}
        for d in days if d >= D(2026, 10, 5) for s in ("AM", "PM")
    ]  # fmt: skip
    cfg, export = _export(tmp_path, register_rows(rows))
    code, out, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-16", "-c", cfg,
        "-o", tmp_path / "rc.xlsx", width=400,
    )  # fmt: skip
    assert code == 0, err
    said = flat(out + err)
    assert f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) is" in said, said


# -- la-return: two rows of the return for one child ---------------------------------------

# OLD N Mon 21 Sep - Fri 2 Oct (10 school days, then left the roll); NEW N Mon 5 - Fri 16
# Oct (10, still absent): each UPN on the unauthorised list, and the run joined is 20 days.
TEN_TEN = (D(2026, 10, 16), "/ " * 10 + "N " * 10, "N " * 10)


def test_la_return_says_two_rows_of_one_child_and_the_joined_run_is_not_missing(tmp_path):
    cfg, export = _export(tmp_path, build(*TEN_TEN))
    target = tmp_path / "la.xlsx"
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-10", "--as-of", "2026-10-16", "-c", cfg,
        "-o", target, width=400,
    )  # fmt: skip
    assert code == 0, err
    said = flat(out + err)
    rows = (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) is two rows of this return, "
        f"each with its own UPN's figures alone ({OLD} on roll 07/09/2026 to 02/10/2026, the "
        f"date its row gives as leaving the roll; {NEW} 05/10/2026 to 16/10/2026): {ADVICE}"
    )
    assert said.count(rows) == 1, said
    joined = (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 20 school days of "
        "unexplained absence from 21/09/2026 to 16/10/2026 across the two UPNs"
    )
    # the child is in the return (twice): the joined run is not "NOT IN THIS RETURN"
    assert joined in said and "NOT IN THIS RETURN" not in said
    cells = _cells(target)
    assert any(rows in c for c in cells) and any(joined in c for c in cells)
    assert not any("NOT IN THIS RETURN" in c for c in cells)


def test_la_return_still_says_a_joined_run_neither_row_holds_is_not_in_it(tmp_path):
    # 6 + 6 (OLD N from Fri 25 Sep, NEW N 5-12 Oct): neither UPN listed, the line as before
    cfg, export = _export(tmp_path, build(D(2026, 10, 12), "/ " * 14 + "N " * 6, "N " * 6))
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-10", "--as-of", "2026-10-12", "-c", cfg,
        "-o", tmp_path / "la.xlsx", width=400,
    )  # fmt: skip
    assert code == 0, err
    said = flat(out + err)
    assert "NOT IN THIS RETURN, 10+ school days across two UPNs: Child, Kit" in said
    assert "rows of this return" not in said


def test_la_return_says_the_old_upns_row_alone_left_as_the_new_one_came(tmp_path):
    # OLD N Mon 21 Sep - Fri 2 Oct (10 school days), "left the roll after the run"; NEW
    # present from Mon 5 Oct, in no row of the return
    cfg, export = _export(tmp_path, build(D(2026, 10, 16), "/ " * 10 + "N " * 10, "/ " * 10))
    target = tmp_path / "la.xlsx"
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-10", "--as-of", "2026-10-16", "-c", cfg,
        "-o", target, width=400,
    )  # fmt: skip
    assert code == 0, err
    line = (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) is one row of this return, "
        f"{OLD} (on roll 07/09/2026 to 02/10/2026, the date its row gives as leaving the "
        f"roll), and on roll as {NEW} from 05/10/2026, in no row: {ADVICE}"
    )
    assert flat(out + err).count(line) == 1, flat(out + err)
    assert any(line in c for c in _cells(target))


# -- cases: the ladder's stage under the old UPN, a fresh start under the new one ----------

# Kit: OLD from 7 Sep to Fri 2 Oct, NEW from Mon 5 Oct, present but O on Mon 14 and Tue 15
# Sep (OLD) and Mon 5 Oct (NEW).  As of Fri 25 Sep OLD is 26 of 30 (86.67 %, red): the red
# letter goes to OLD.  As of Fri 9 Oct NEW alone is 8 of 10 (80.0 %, red): the ladder starts
# again under NEW, its red letter held (one child under two UPNs?), and nothing said that
# the child was at red under OLD.  The twins, both on roll all year: TWIN1 O on 14 and 15
# Sep too (its red letter held, one child under two UPNs?, and released: they are two),
# TWIN2 present throughout: two children, nothing said.


def _ladder_register(as_of: dt.date):
    days = [d for d in school_days(D(2026, 9, 7), 30) if d <= as_of]
    away = (D(2026, 9, 14), D(2026, 9, 15), D(2026, 10, 5))
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    for d in days:
        m = "O" if d in away else "/"
        rows += [
            {"upn": OLD if d <= D(2026, 10, 2) else NEW, "date": d, "session": s, "mark": m, **KIT}
            for s in ("AM", "PM")
        ]
        rows += [
            {"upn": u, "date": d, "session": s, "mark": m if u == TWIN1 and d < D(2026, 10, 1)
             else "/", **SAM}
            for u in (TWIN1, TWIN2) for s in ("AM", "PM")
        ]  # fmt: skip
    return register_rows(rows)


def _ladder_files(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """The letters tests' files of :func:`_ladder_register`: a workspace with Autumn's half
    terms, the exports as of Fri 25 Sep and Fri 9 Oct, and a contact for every pupil."""
    from school import contacts_file

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    sep = write_long_csv(_ladder_register(D(2026, 9, 25)), tmp_path / "sep.csv", dob=True)
    octo = write_long_csv(_ladder_register(D(2026, 10, 9)), tmp_path / "oct.csv", dob=True)
    contacts = contacts_file(tmp_path / "contacts.csv", [
        (u, f"C{i}", "Ms", "Pat", "Parent") for i, u in enumerate((OLD, NEW, TWIN1, TWIN2, "FILL"))
    ])  # fmt: skip
    return cfg, sep, octo, contacts


def test_cases_says_the_stage_under_the_old_upn_and_the_fresh_start_under_the_new(
    tmp_path, monkeypatch
):
    import json

    from attcli import clock

    cfg, sep, octo, contacts = _ladder_files(tmp_path)
    monkeypatch.setenv(clock.ENV_VAR, "2026-09-25")
    code, out, err = run_cli(
        "letters", sep, "-c", cfg, "--contacts", contacts, "--as-of", "2026-09-25",
        "--out", tmp_path / "out", "--release", TWIN1,  # (two children: a person says so)
    )  # fmt: skip
    assert code == 0, err
    assert f"{OLD}_Child_Kit_red.pdf" in out and f"{TWIN1}_Same_Sam_red.pdf" in out
    monkeypatch.setenv(clock.ENV_VAR, "2026-10-09")
    line = (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) reached Red letter on the "
        f"ladder under {OLD} (recorded 25/09/2026), and the ladder starts again under {NEW} (Red "
        f"letter due, held for review): {ADVICE}"
    )
    code, out, err = run_cli("cases", octo, "-c", cfg, "--as-of", "2026-10-09", width=400)
    assert code == 0, err
    said = flat(out + err)
    assert said.count(line) == 1, said
    assert "reached" not in said.replace(line, "")  # (nothing of the twins)
    code, out, err = run_cli("cases", octo, "-c", cfg, "--as-of", "2026-10-09", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["two_upns"] == [line]


def test_cases_says_nothing_across_upns_with_no_stage_under_the_old_one(tmp_path):
    import json

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    octo = write_long_csv(_ladder_register(D(2026, 10, 9)), tmp_path / "oct.csv", dob=True)
    code, out, err = run_cli("cases", octo, "-c", cfg, "--as-of", "2026-10-09", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["two_upns"] == []


# -- cme: two children of one name and birthday absent over the same days ---------------

def test_two_children_seen_apart_absent_the_same_ten_days_are_not_joined(tmp_path):
    # Sam and Sam, both on roll every school day 7 Sep - 16 Oct: TWIN1 N on Tue 8 Sep while
    # TWIN2 was present (two children, then), and both N Mon 21 Sep - Fri 2 Oct (10 school
    # days each): two runs of 10, each listed; no run "across two UPNs" of one child
    days = school_days(D(2026, 9, 7), 30)
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    for upn in (TWIN1, TWIN2):
        rows += [
            {"upn": upn, "date": d, "session": s, **SAM,
             "mark": "N" if D(2026, 9, 21) <= d <= D(2026, 10, 2)
             or (upn == TWIN1 and d == D(2026, 9, 8)) else "/"}
            for d in days for s in ("AM", "PM")
        ]  # fmt: skip
    cfg, export = _export(tmp_path, register_rows(rows))
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-16", width=300)
    assert code == 0, err
    said = flat(out + err)
    assert "as of 16/10/2026: 2 runs" in said, said
    assert "across two UPNs" not in said and "ACROSS UPNS" not in said
    for upn in (TWIN1, TWIN2):
        assert upn in said


def test_cme_says_the_old_upn_that_left_after_its_run_may_be_the_new_one_on_roll(tmp_path):
    # OLD N Mon 21 Sep - Fri 2 Oct (10 school days), then "left"; NEW present from Mon 5
    # Oct: no run across the UPNs, and the leaver line asked for a lawful deletion of a
    # child who may be in school under the new UPN
    cfg, export = _export(tmp_path, build(D(2026, 10, 16), "/ " * 10 + "N " * 10, "/ " * 10))
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-16", width=400)
    assert code == 0, err
    said = flat(out + err)
    assert (
        "Child, Kit left 02/10/2026 after 10 school days of unexplained absence: check the deletion "
        f"was lawful and the LA was told, unless one child with {NEW}, on roll from "
        "05/10/2026 (one child under two UPNs?)"
    ) in said, said
    assert "across two UPNs" not in said


def test_check_says_the_old_upn_that_left_after_its_run_may_be_the_new_one_on_roll(tmp_path):
    # as above: the check's reason of OLD's run said the same, and now the same addition
    import csv
    import io

    cfg, export = _export(tmp_path, build(D(2026, 10, 16), "/ " * 10 + "N " * 10, "/ " * 10))
    code, out, err = run_cli(
        "check", export, "-c", cfg, "--as-of", "2026-10-16", "--format", "csv", width=400
    )
    assert code == 0, err
    rows = {r["upn"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    (reason,) = [r for r in rows[OLD]["reasons"].split(" | ") if "unexplained" in r]
    assert reason == (
        "left 02/10/2026 after 10 school days of unexplained absence (N); last attended "
        "18/09/2026: check the deletion was lawful and the LA was told, unless one child "
        f"with {NEW}, on roll from 05/10/2026 (one child under two UPNs?)"
    )
    # the twins (each N 6 days, both on roll) are not leavers: nothing of the kind
    assert "unless one child" not in rows[TWIN1]["reasons"] + rows[TWIN2]["reasons"]


def test_a_child_who_left_is_not_said_to_go_on_as_another_seen_apart_from_her(tmp_path):
    # Sam and Sam both on roll from 7 Sep; TWIN1 N Mon 21 Sep - Fri 2 Oct (10 school days),
    # then no row (left), while TWIN2 was present every day: two children, the leaver line
    # as ever, in cme and in the check
    days = school_days(D(2026, 9, 7), 30)
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    rows += [
        {"upn": TWIN1, "date": d, "session": s, "mark": "N" if d >= D(2026, 9, 21) else "/", **SAM}
        for d in days if d <= D(2026, 10, 2) for s in ("AM", "PM")
    ]  # fmt: skip
    rows += [
        {"upn": TWIN2, "date": d, "session": s, "mark": "/", **SAM}
        for d in days for s in ("AM", "PM")
    ]  # fmt: skip
    cfg, export = _export(tmp_path, register_rows(rows))
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-16", width=300)
    assert code == 0, err
    said = flat(out + err)
    assert (
        "Same, Sam left 02/10/2026 after 10 school days of unexplained absence: check the deletion "
        "was lawful and the LA was told"
    ) in said, said
    assert "unless one child" not in said
    code, out, err = run_cli("check", export, "-c", cfg, "--as-of", "2026-10-16", width=300)
    assert code == 0, err
    assert "unless one child" not in out + err


# -- letters: held already; it says why ---------------------------------------------------

def test_letters_hold_the_new_upns_letter_and_say_why(tmp_path, monkeypatch):
    # the register of the ladder above as of Fri 9 Oct: NEW alone 8 of 10 (80.0 %, red),
    # its letter held, with why; the twins (TWIN1 46 of 50, 92.0 %; TWIN2 100 %) no letter
    from attcli import clock
    from school import contacts_file

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    octo = write_long_csv(_ladder_register(D(2026, 10, 9)), tmp_path / "oct.csv", dob=True)
    contacts = contacts_file(tmp_path / "contacts.csv", [
        (u, f"C{i}", "Ms", "Pat", "Parent") for i, u in enumerate((OLD, NEW, TWIN1, TWIN2, "FILL"))
    ])  # fmt: skip
    monkeypatch.setenv(clock.ENV_VAR, "2026-10-09")
    code, out, err = run_cli(
        "letters", octo, "-c", cfg, "--contacts", contacts, "--as-of", "2026-10-09",
        "--dry-run", width=400,
    )  # fmt: skip
    assert code == 0, err
    said = flat(out + err)
    assert (
        f"one child under two UPNs? Child, Kit (born 01/05/2015) is also {OLD} (a temporary "
        f"UPN), 07/09/2026 to 02/10/2026: this letter's figures are {NEW}'s alone; give the "
        "exports one UPN (the permanent one), or release it if they are two children"
    ) in said
    assert "0 letters would be written" in said and "1 held for review" in said


def test_a_letter_merged_to_the_new_upn_finds_its_marks_under_the_old_one(tmp_path, monkeypatch):
    # the red letter of 25/09/2026 went to OLD; `attcli pupil merge OLD NEW` moves it to NEW;
    # the exports still hold Kit's September under OLD.  The letter's 30 sessions are there,
    # unchanged: nothing to apologise for ("rests on marks changed since ... 07/09 AM / -> no
    # row ... tell the family"), and it shows as already sent this half term
    from attcli import clock

    cfg, sep, octo, contacts = _ladder_files(tmp_path)
    monkeypatch.setenv(clock.ENV_VAR, "2026-09-25")
    code, out, err = run_cli(
        "letters", sep, "-c", cfg, "--contacts", contacts, "--as-of", "2026-09-25",
        "--out", tmp_path / "out", "--release", TWIN1,
    )  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv(clock.ENV_VAR, "2026-10-09")
    code, out, err = run_cli("pupil", "merge", OLD, NEW, "-c", cfg)
    assert code == 0, err
    code, out, err = run_cli(
        "letters", octo, "-c", cfg, "--contacts", contacts, "--as-of", "2026-10-09",
        "--dry-run", width=400,
    )  # fmt: skip
    assert code == 0, err
    said = flat(out + err)
    assert "1 already sent this half term" in said, said
    assert "changed since" not in said and "apology" not in said, said
    # TWIN1's letter, its own marks: nothing changed either
    code, out, err = run_cli("check", octo, "-c", cfg, "--as-of", "2026-10-09", width=400)
    assert code == 0, err
    assert "changed since" not in flat(out + err)
