"""`pn next` without `--contacts` matches the parent by the name typed against the names on
record (docs/decisions.md). DOMAIN.md 5: a parent is the contact's id, not a typed name, and
two contacts of one pupil can share a name (a father and a grandfather, Mr John Family,
8001 and 8003). A review's known fault: the name of the one with a notice gave "second
(GBP 160)" for either, unsaid, and a typed id of the other was told to give the name (the
wrong parent's answer). Pupils are never confused: the UPN picks the pupil."""

from __future__ import annotations

from pathlib import Path

from builders import across, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace
from test_pn_record import RAE, SUMMER, D, G, P, record, week

FIRST = "first (GBP 80 if paid within 21 days, 160 within 28)\n"


def _school(tmp_path: Path) -> tuple[Path, Path, Path]:
    ws = make_workspace(tmp_path / "school")
    # Summer 2 2024 present, then 02/09 to 18/10/2024: G all week 30/09-04/10 (10 sessions)
    reg = across(
        (SUMMER[0], {RAE: SUMMER[1]}),
        (D(2024, 9, 2), {RAE: " ".join(week(P) * 4 + week(G) + week(P) * 2)}),
        dob={RAE: D(2013, 10, 10)},
    )
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)
    book = contacts_file(
        tmp_path / "contacts.csv",
        [(RAE, "8001", "Mr", "John", "Family"), (RAE, "8003", "Mr", "John", "Family")],
    )
    code, _, err = record(ws, RAE, export, book, "8001", "2024-10-18")
    assert code == 0, err
    return ws, export, book


def test_pn_next_by_name_says_which_contact_on_record_it_took(tmp_path):
    ws, _, book = _school(tmp_path)
    nxt = ("pn", "next", RAE, "--date", "2024-10-21", "-c", ws)
    code, out, err = run_cli(*nxt, "--parent", "mr  john family")
    assert (code, out) == (0, "second (GBP 160)\n"), err
    assert err == (
        "note: by name: the notices on record to 'mr  john family' about D100000000001 are "
        "to Mr John Family (contact 8001); for another contact of that name give their "
        "contact id, or --contacts FILE\n"
    )
    # the other John Family, by his id: a first, and not told to give the name
    code, out, err = run_cli(*nxt, "--parent", "8003")
    assert (code, out) == (0, FIRST), err
    assert err == (
        "warning: no notice on record to '8003' about D100000000001, but there are to Mr "
        "John Family (contact 8001): if that is the same parent, give their contact id, or "
        "--contacts FILE to match by contact id\n"
    )
    # by the recorded id, nothing to say; with the contacts, the name is refused as two
    assert run_cli(*nxt, "--parent", "8001") == (0, "second (GBP 160)\n", "")
    code, out, err = run_cli(*nxt, "--parent", "Mr John Family", "--contacts", book)
    assert code == 1 and "could be more than one contact of D100000000001" in err


def test_a_notice_recorded_by_name_alone_needs_no_note(tmp_path):
    ws, export, _ = _school(tmp_path)
    bare = contacts_file(tmp_path / "none.csv", [("D999999999999", "1", "Ms", "Other", "One")])
    code, _, err = record(ws, RAE, export, bare, "Ms Ann Family", "2024-10-21", "--force")
    assert code == 0, err
    code, out, err = run_cli(
        "pn", "next", RAE, "--parent", "Ms Ann Family", "--date", "2024-10-22", "-c", ws
    )
    assert (code, out, err) == (0, "second (GBP 160)\n", "")
