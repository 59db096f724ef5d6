"""A letter to one UPN of a child the exports hold under two (a temporary UPN replaced by
the permanent one): its figures are that UPN's alone, so it is held for review, not
printed.

School days from Mon 7 Sep 2026 to Fri 2 Oct (20, no holiday).  FILL is present every
day.  Kit Child (born 01/05/2015) is OLD (a temporary UPN) from 7 to 18 Sep, present every
day, and NEW (the permanent one) from 21 Sep, absent (O) on Mon 28 Sep: NEW alone is 18 of
20 sessions, exactly 90.0 %, red; the child as one is 38 of 40, 95.0 %, green.  TWIN is
another Kit Child (born 02/05/2015: another date of birth, another child) with NEW's marks:
red, and its letter is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attcli.letters import run_letters
from builders import register_rows, school_days
from test_letters import contacts_for, make_config

pytest.importorskip("pypdf")

D = dt.date
OLD, NEW, TWIN = "A99920101001A", "A999201010017", "B999201010018"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}
DAYS = school_days(D(2026, 9, 7), 20)


def build():
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in DAYS for s in ("AM", "PM")]
    for upn, who in ((OLD, KIT), (NEW, KIT), (TWIN, {**KIT, "dob": D(2015, 5, 2)})):
        days = DAYS[:10] if upn == OLD else DAYS[10:]
        rows += [
            {"upn": upn, "date": d, "session": s, "mark": "O" if d == D(2026, 9, 28) else "/", **who}
            for d in days
            for s in ("AM", "PM")
        ]
    return register_rows(rows)


def run(tmp: Path, **kw):
    reg = build()
    return run_letters(
        [],
        make_config(tmp),
        register=reg,
        out_dir=tmp / "out",
        contacts=contacts_for([OLD, NEW, TWIN, "FILL"], tmp),
        as_of=D(2026, 10, 2),
        letter_date=D(2026, 10, 5),
        **kw,
    )


def test_a_letter_to_one_upn_of_a_child_under_two_is_held_for_review(tmp_path):
    r = run(tmp_path, dry_run=True)
    # TWIN (another date of birth) is another child: 18 of 20, red, written
    assert [(x.upn, x.template) for x in r.letters] == [(TWIN, "red")]
    assert [(u.upn, u.template, u.reason) for u in r.held] == [
        (NEW, "red",
         f"one child under two UPNs? Child, Kit (born 01/05/2015) is also {OLD} (a "
         f"temporary UPN), 07/09/2026 to 18/09/2026: this letter's figures are {NEW}'s "
         "alone; give the exports one UPN (the permanent one), or release it if they are "
         "two children"),
    ]  # fmt: skip
    # a person who knows they are two children releases it
    released = run(tmp_path, release=[NEW])
    assert sorted((x.upn, x.template, x.status) for x in released.new) == [
        (NEW, "red", "written"), (TWIN, "red", "written"),
    ]  # fmt: skip


def test_cases_holds_the_step_as_letters_holds_the_letter(tmp_path):
    from builders import write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS).parent
    export = write_long_csv(build(), tmp_path / "export.csv", dob=True)
    code, out, err = run_cli("cases", export, "--workspace", ws, "--format", "json")
    assert code == 0, err
    import json

    held = {r["upn"]: r["held"] for r in json.loads(out)["cases"] if r.get("held")}
    assert held == {NEW: (
        f"one child under two UPNs? Child, Kit (born 01/05/2015) is also {OLD} (a "
        f"temporary UPN), 07/09/2026 to 18/09/2026: this letter's figures are {NEW}'s "
        "alone; give the exports one UPN (the permanent one), or release it if they are "
        "two children"
    )}  # fmt: skip
