"""Sweep of the contacts export as schools really have it (DOMAIN.md 9: a letter goes to
the pupil's priority contacts, never to the wrong person or twice, never silently to
nobody), on hand-made registers and contacts files worked by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attcli.config import load_config
from attcli.contacts import load_contacts
from attcli.errors import InputError
from attcli.letters import run_letters
from builders import register
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
#: 35 school days of Autumn 1 (Mon 7 Sep - Fri 23 Oct 2026): 4 days O then 31 present,
#: 62/70 = 88.6 % attendance: red (<= 90 %), a red letter each
RED = " ".join(["O"] * 4 + ["/\\"] * 31)
HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Address Line 1,Town,Postcode,Email\n"
)


def _letters(tmp: Path, contacts: str, upns: tuple[str, ...] = ("A1", "A2")):
    """The dry run's letters of red pupils ``upns`` as of Fri 23/10/2026, with the
    contacts file ``contacts`` (CSV text)."""
    path = tmp / "contacts.csv"
    path.write_text(contacts, encoding="utf-8")
    reg = register({u: RED for u in upns}, start=D(2026, 9, 7))
    config = load_config(make_workspace(tmp / "ws", AUTUMN_HALF_TERMS))
    return run_letters(
        [], config, register=reg, contacts=path, out_dir=None, dry_run=True,
        as_of=D(2026, 10, 23), letter_date=D(2026, 10, 23),
    )  # fmt: skip


def test_a_priority_too_big_for_a_number_is_named_not_a_crash(tmp_path: Path) -> None:
    """A priority cell reading 'inf' (or '1e400', which a spreadsheet writes for a long
    number) stopped every command with "attcli failed unexpectedly (OverflowError)";
    like 'first' it is a priority that is not a number: the file, line, column and value
    are named, with what is valid."""
    for bad in ("inf", "1e400"):
        path = tmp_path / "contacts.csv"
        path.write_text(
            HEAD + f"A1,1,Mrs,Ann,One,Mother,{bad},Y,1 Elm Road,Anytown,AN1 1AB,\n",
            encoding="utf-8",
        )
        with pytest.raises(InputError) as exc:
            load_contacts(path)
        text = str(exc.value)
        assert "line 2" in text and "Priority" in text and repr(bad) in text
        assert "priority must be a number (1 = first contact)" in text


NOID_HEAD = HEAD.replace("Contact ID,", "")


def test_a_contact_listed_twice_gets_one_letter(tmp_path: Path) -> None:
    """A1's mother Mrs Ann One is on lines 2 and 3 (the export repeats a row, as a report
    joined to the contacts' telephone numbers does: one row a number); A2's father is
    once.  A1 and A2 are red (62/70 = 88.6 %): one letter each, A1's to Mrs Ann One once.
    Without a contact id column she got two letters ("contacts share the first
    priority"); with one, the whole run was refused as "is that column the pupil's id?".
    The run says which line repeats which."""
    rows = (
        "A1,11,Mrs,Ann,One,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,{}\n"
        "A1,11,Mrs,Ann,One,Parent,1,Y,1 Elm Road,Anytown,AN1 1AB,{}\n"
        "A2,12,Mr,Bob,Two,Father,1,Y,2 Elm Road,Anytown,AN1 2AB,{}\n"
    ).format("", "", "")
    noid = "".join(line.split(",", 2)[0] + "," + line.split(",", 2)[2] + "\n"
                   for line in rows.splitlines())  # fmt: skip
    for text in (HEAD + rows, NOID_HEAD + noid):
        run = _letters(tmp_path, text)
        assert sorted((x.upn, x.contact.name) for x in run.letters) == [
            ("A1", "Mrs Ann One"), ("A2", "Mr Bob Two")
        ]
        assert not run.no_contact
        assert not any("share the first priority" in n for n in run.notes)
        said = [n for n in run.notes if "repeat" in n]
        assert said == [
            f"{tmp_path / 'contacts.csv'}: 1 row repeats a contact of the same pupil "
            "(line 3 repeats line 2): read once"
        ]


def test_one_person_on_two_rows_that_differ_gets_one_letter(tmp_path: Path) -> None:
    """No contact id: Mrs Ann One (1 Elm Road, AN1 1AB), priority 1 with parental
    responsibility, is on line 2 with no email and on line 3 with one: the same person by
    name and address (as penalty notices know a parent without ids), so one letter, to
    the first row; with `recipients = "all"` too."""
    text = NOID_HEAD + (
        "A1,Mrs,Ann,One,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,\n"
        "A1,Mrs,Ann,One,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,ann@example.org\n"
    )
    run = _letters(tmp_path, text, ("A1",))
    assert [(x.contact.name, x.contact.line) for x in run.letters] == [("Mrs Ann One", 2)]
    book = load_contacts(tmp_path / "contacts.csv")
    assert [c.line for c in book.recipients("A1", all_with_pr=True)] == [2]


def test_a_contacts_file_keyed_by_another_id_is_named_not_every_pupil_without_contacts(
    tmp_path: Path,
) -> None:
    """The contacts export is keyed by the admission number (1001, 1002), mapped as the
    upn in [letters.contact_columns] (as the "no UPN header" error suggests), and the
    register by UPN (A1, A2): no contact is any register pupil's.  Each of the two red
    pupils was listed "no contacts in the contacts export", and nothing said that the
    file's ids are not the register's.  Now it is refused, naming the file, the column,
    its first value and line, and a register UPN, as a pupil list given as the contacts
    is."""
    path = tmp_path / "contacts.csv"
    path.write_text(
        HEAD.replace("UPN,", "Admission Number,")
        + "1001,11,Mrs,Ann,One,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,\n"
        + "1002,12,Mr,Bob,Two,Father,1,Y,2 Elm Road,Anytown,AN1 2AB,\n",
        encoding="utf-8",
    )
    extra = AUTUMN_HALF_TERMS + '\n[letters.contact_columns]\nupn = "Admission Number"\n'
    config = load_config(make_workspace(tmp_path / "ws", extra))
    reg = register({"A1": RED, "A2": RED}, start=D(2026, 9, 7))
    with pytest.raises(InputError) as exc:
        run_letters(
            [], config, register=reg, contacts=path, out_dir=None, dry_run=True,
            as_of=D(2026, 10, 23), letter_date=D(2026, 10, 23),
        )  # fmt: skip
    assert str(exc.value) == (
        f"{path}: none of the 2 pupils in the contacts export is in the register (column "
        "'Admission Number', e.g. '1001' on line 2; the register's pupils are e.g. A1): "
        "that column must hold each pupil's UPN as the register gives it; give the contacts "
        "export with the UPN, or map its UPN column in [letters.contact_columns] upn"
    )
    with pytest.raises(InputError, match=r"contacts.csv, line 1: no data rows below the header"):
        _letters(tmp_path, HEAD)  # (an export with no contact at all: refused as it is read)


CORR_HEAD = NOID_HEAD.replace(",Email\n", ",Email,{}\n")


def test_a_contact_marked_not_to_be_sent_letters_is_not_sent_one(tmp_path: Path) -> None:
    """SIMS' contacts carry a "Correspondence" tick (Y: send them letters); other exports
    a "Do Not Contact" mark.  The column was not read: a parent marked N got the red
    letter.  A1 (red, 62/70 = 88.6 %): mother, priority 1, parental responsibility,
    Correspondence N; father, priority 2, Y: the letter goes to the father.  A2: the only
    contact is marked N: no letter, and the pupil is named with why.  A3: blank, which
    is not known and taken as no (as for parental responsibility): named too.  The same
    with "Do Not Contact" Y for A1's mother.  A value neither yes nor no is refused,
    naming the file, line, column and value."""
    rows = (
        "A1,Mrs,Ann,One,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,,N\n"
        "A1,Mr,Bob,One,Father,2,Y,1 Elm Road,Anytown,AN1 1AB,,Y\n"
        "A2,Mr,Carl,Two,Father,1,Y,2 Elm Road,Anytown,AN1 2AB,,No\n"
        "A3,Ms,Dee,Three,Mother,1,Y,3 Elm Road,Anytown,AN1 3AB,,\n"
    )
    run = _letters(tmp_path, CORR_HEAD.format("Correspondence") + rows, ("A1", "A2", "A3"))
    assert [(x.upn, x.contact.name) for x in run.letters] == [("A1", "Mr Bob One")]
    assert [(x.upn, x.reason) for x in run.no_contact] == [
        ("A2", "no contact with parental responsibility and a postal address or email: "
               "Mr Carl Two is marked in the contacts export not to be sent letters"),
        ("A3", "no contact with parental responsibility and a postal address or email: "
               "Ms Dee Three is marked in the contacts export not to be sent letters"),
    ]  # fmt: skip
    dnc = (
        "A1,Mrs,Ann,One,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,,Y\n"
        "A1,Mr,Bob,One,Father,2,Y,1 Elm Road,Anytown,AN1 1AB,,\n"
    )
    run = _letters(tmp_path, CORR_HEAD.format("Do Not Contact") + dnc, ("A1",))
    assert [(x.upn, x.contact.name) for x in run.letters] == [("A1", "Mr Bob One")]
    path = tmp_path / "contacts.csv"
    path.write_text(CORR_HEAD.format("Correspondence") + rows.replace(",,Y\n", ",,maybe\n"))
    with pytest.raises(InputError) as exc:
        load_contacts(path)
    assert str(exc.value) == (
        f"{path}, line 3: correspondence must be yes or no (column 'Correspondence'): 'maybe'"
    )
