"""A contact the MIS marks "Do Not Contact" is not the one cme and the LA return name to
telephone: that mark is about any contact, not only post ("No Correspondence" and a
"Correspondence" N are about letters, and stay the letters' alone: docs/decisions.md)."""

from __future__ import annotations

from pathlib import Path

from attcli.contacts import load_contacts

HEAD = (
    "UPN,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Address Line 1,Town,Postcode,Telephone,{}\n"
)


def _frame(tmp: Path, column: str, rows: str) -> dict[str, tuple[str, str]]:
    path = tmp / "contacts.csv"
    path.write_text(HEAD.format(column) + rows, encoding="utf-8")
    frame = load_contacts(path).priority_frame()
    return {r["upn"]: (r["contact_name"], r["contact_phone"]) for r in frame.iter_rows(named=True)}


ROWS = (
    # A1: the mother (priority 1) is marked; the father is not: he is the one to call
    "A1,Mrs,Ann,One,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,01632 960001,Y\n"
    "A1,Mr,Bob,One,Father,2,Y,1 Elm Road,Anytown,AN1 1AB,01632 960002,\n"
    # A2: the only contact is marked: named, with the mark beside the name
    "A2,Mr,Carl,Two,Father,1,Y,2 Elm Road,Anytown,AN1 2AB,01632 960003,Yes\n"
    # A3: unmarked (N, and blank): the priority contact as before
    "A3,Ms,Dee,Three,Mother,1,Y,3 Elm Road,Anytown,AN1 3AB,01632 960004,N\n"
    "A3,Mr,Ed,Three,Father,2,Y,3 Elm Road,Anytown,AN1 3AB,01632 960005,\n"
)


def test_a_contact_marked_do_not_contact_is_not_the_one_to_telephone(tmp_path):
    assert _frame(tmp_path, "Do Not Contact", ROWS) == {
        "A1": ("Mr Bob One", "01632 960002"),
        "A2": ("Mr Carl Two (marked Do Not Contact)", "01632 960003"),
        "A3": ("Ms Dee Three", "01632 960004"),
    }


def test_no_correspondence_is_about_letters_and_leaves_the_contact_to_telephone(tmp_path):
    assert _frame(tmp_path, "No Correspondence", ROWS) == {
        "A1": ("Mrs Ann One", "01632 960001"),
        "A2": ("Mr Carl Two", "01632 960003"),
        "A3": ("Ms Dee Three", "01632 960004"),
    }
