"""Second sweep of the contacts export (DOMAIN.md 9: a letter goes to the pupil's priority
contacts, never to the wrong person, twice, or with a part of the address missing; a
problem is named in one line with the file, line, column and value), on hand-made
contacts files and registers worked by hand."""

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


def _write(tmp: Path, text: str) -> Path:
    path = tmp / "contacts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _letters(tmp: Path, contacts: str, upns: tuple[str, ...] = ("A1",), extra: str = ""):
    """The dry run's letters of red pupils ``upns`` as of Fri 23/10/2026, with the
    contacts file ``contacts`` (CSV text)."""
    path = _write(tmp, contacts)
    reg = register({u: RED for u in upns}, start=D(2026, 9, 7))
    config = load_config(make_workspace(tmp / "ws", AUTUMN_HALF_TERMS + extra))
    return run_letters(
        [], config, register=reg, contacts=path, out_dir=None, dry_run=True,
        as_of=D(2026, 10, 23), letter_date=D(2026, 10, 23),
    )  # fmt: skip


def test_an_error_names_the_column_as_the_file_heads_it(tmp_path: Path) -> None:
    """A priority of 'first' under the header 'Contact Order', and a parental
    responsibility of 'maybe' under 'PR', were named as column 'Priority' and
    'Parental Responsibility': headers the file does not have, so the office looks for a
    column that is not there.  The header is named as written."""
    head = "UPN,Title,Forename,Surname,Contact Order,PR,Address Line 1,Postcode\n"
    path = _write(tmp_path, head + "A1,Mrs,Ann,One,first,Y,1 Elm Road,AN1 9AB\n")
    with pytest.raises(InputError) as exc:
        load_contacts(path)
    assert str(exc.value) == (
        f"{path}, line 2: priority must be a number (1 = first contact), or Primary or "
        "Secondary (column 'Contact Order'): 'first'"
    )
    path = _write(tmp_path, head + "A1,Mrs,Ann,One,1,Y,1 Elm Road,AN1 9AB\n"
                  "A1,Mr,Bob,One,2,maybe,1 Elm Road,AN1 9AB\n")  # fmt: skip
    with pytest.raises(InputError) as exc:
        load_contacts(path)
    assert str(exc.value) == (
        f"{path}, line 3: parental responsibility must be yes or no (column 'PR'): 'maybe'"
    )


PRIMARY_HEAD = "UPN,Title,Forename,Surname,{},Parental Responsibility,Address Line 1,Postcode\n"
PRIMARY_ROWS = "A1,Mrs,Ann,One,{},Y,1 Elm Road,AN1 9AB\nA1,Mr,Bob,One,{},Y,2 Oak Road,AN1 9AC\n"


def test_a_main_contact_column_of_yes_and_no_says_who_is_written_to(tmp_path: Path) -> None:
    """A1 (red, 62/70 = 88.6 %) has two contacts with parental responsibility at two
    addresses: Mrs Ann One (line 2) marked N and Mr Bob One (line 3) marked Y as the main
    contact.  Under 'Main Contact' or 'Primary' the column was not read: both got the red
    letter and the run said they "share the first priority (or give none)"; under
    'Priority Contact' the run was refused ("priority must be a number").  Y is first: one
    letter, to Mr Bob One.  With a numeric priority as well (the mother 1, the father 2),
    the contact marked main is still first.  A value neither yes nor no is named with its
    header."""
    for header in ("Main Contact", "Primary", "Priority Contact"):
        text = PRIMARY_HEAD.format(header) + PRIMARY_ROWS.format("N", "Y")
        run = _letters(tmp_path, text)
        assert [x.contact.name for x in run.letters] == ["Mr Bob One"], header
        assert not any("share the first priority" in n for n in run.notes)
        assert [c.name for c in load_contacts(tmp_path / "contacts.csv").for_upn("A1")] == [
            "Mr Bob One", "Mrs Ann One"
        ]  # fmt: skip
    both = PRIMARY_HEAD.format("Priority,Main Contact") + PRIMARY_ROWS.format("1,N", "2,Y")
    assert [x.contact.name for x in _letters(tmp_path, both).letters] == ["Mr Bob One"]
    path = _write(tmp_path, PRIMARY_HEAD.format("Main Contact") + PRIMARY_ROWS.format("N", "?"))
    with pytest.raises(InputError) as exc:
        load_contacts(path)
    assert str(exc.value) == (
        f"{path}, line 3: main contact must be yes or no (column 'Main Contact'): '?'"
    )


PC_HEAD = "UPN,Title,Forename,Surname,Priority,Parental Responsibility,Address Line 1,Town,Postcode\n"


def test_a_postcode_typed_without_its_space_is_printed_with_it_and_is_the_same_parent(
    tmp_path: Path,
) -> None:
    """A1 (red) has one contact, Mrs Ann One, at 1 Elm Road, Anytown.  Her postcode typed
    'an19ab' was printed 'AN19AB': a UK postcode's inward code is its last three
    characters, so it is 'AN1 9AB'.  And with `recipients = "all"` (each parent's copy
    its own, remembered by name and postcode) the letter sent in a run with 'AN1 9AB' was
    sent again when the next export had 'an19ab': one letter, never twice.  A postcode of
    no UK shape ('BFPO 123') is printed as written."""
    from attcli.config import load_config as load
    from attcli.letters import run_letters as run

    book = load_contacts(_write(tmp_path, PC_HEAD + "A1,Mrs,Ann,One,1,Y,1 Elm Road,Anytown,an19ab\n"))
    assert book.for_upn("A1")[0].postal_lines == ("1 Elm Road", "Anytown", "AN1 9AB")
    book = load_contacts(_write(tmp_path, PC_HEAD + "A1,Mrs,Ann,One,1,Y,1 Elm Road,Anytown,bfpo 123\n"))
    assert book.for_upn("A1")[0].postcode == "BFPO 123"
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    config.write_text(
        config.read_text(encoding="utf-8").replace('recipients = "priority"', 'recipients = "all"'),
        encoding="utf-8",
    )
    reg = register({"A1": RED}, start=D(2026, 9, 7))
    day = D(2026, 10, 23)
    kw = dict(register=reg, out_dir=tmp_path / "out", as_of=day, letter_date=day)
    first = run([], load(config), contacts=_write(tmp_path, PC_HEAD + (
        "A1,Mrs,Ann,One,1,Y,1 Elm Road,Anytown,AN1 9AB\n")), **kw)  # fmt: skip
    assert [(x.contact.name, x.status) for x in first.letters] == [("Mrs Ann One", "written")]
    again = run([], load(config), contacts=_write(tmp_path, PC_HEAD + (
        "A1,Mrs,Ann,One,1,Y,1 Elm Road,Anytown,an19ab\n")), **kw)  # fmt: skip
    assert [(x.contact.name, x.status) for x in again.letters] == [("Mrs Ann One", "already sent")]
    # a letter recorded before postcodes were spaced is the same recipient's
    from attcli.contacts import recipient_key, same_recipient

    assert same_recipient("mrs ann one|an19ab") == recipient_key("Mrs Ann One", "AN1 9AB")
    assert same_recipient("mrs ann one|ann@example.org") == "mrs ann one|ann@example.org"


ADDR_HEAD = "UPN,Title,Forename,Surname,Priority,Parental Responsibility,{}\n"


def _lines(tmp: Path, header: str, cells: str) -> tuple[str, ...]:
    book = load_contacts(_write(tmp, ADDR_HEAD.format(header) + f"A1,Mrs,Ann,One,1,Y,{cells}\n"))
    return book.for_upn("A1")[0].postal_lines


def test_every_line_of_the_address_is_read_in_order(tmp_path: Path) -> None:
    """Mrs Ann One lives at Flat 2, Rose House, 12 Elm Road, Lower End, Anytown, Shire,
    AN1 9AB.  Exports head those parts in many ways, and each column attcli did not know
    was dropped without a word: 'Address Line 4' and '5' (the town: her letter said '1
    Flat 2, Rose House, 12 Elm Road, AN1 9AB'), 'Address 4', 'Flat', 'House Name', 'House
    Number' (the letter said 'Elm Road'), 'District', 'City' beside 'Town', 'Post Town'
    beside nothing, 'County/State', and a single 'Address' cell holding the whole block
    (no address at all).  Each is read, in the address's order; a house number goes on
    the street's line; a town and city that say the same are printed once.  The
    penalty-notice key of a contact without an id (name, first address line as read
    before, postcode) is what it was: a notice recorded before is the same parent's."""
    want = ("Flat 2", "Rose House", "12 Elm Road", "Lower End", "Anytown", "Shire", "AN1 9AB")
    assert _lines(
        tmp_path,
        "Address Line 1,Address Line 2,Address Line 3,Address Line 4,Address Line 5,"
        "County,Postcode",
        "Flat 2,Rose House,12 Elm Road,Lower End,Anytown,Shire,AN1 9AB",
    ) == want
    assert _lines(
        tmp_path,
        "Address 1,Address 2,Address 3,Address 4,Address5,County,Postcode",
        "Flat 2,Rose House,12 Elm Road,Lower End,Anytown,Shire,AN1 9AB",
    ) == want
    assert _lines(
        tmp_path,
        "Flat,House Name,House Number,Street,District,Post Town,County/State,Postcode",
        "Flat 2,Rose House,12,Elm Road,Lower End,Anytown,Shire,AN1 9AB",
    ) == want
    assert _lines(
        tmp_path, "Address Line 1,Town,City,Postcode", "12 Elm Road,Lower End,Anytown,AN1 9AB"
    ) == ("12 Elm Road", "Lower End", "Anytown", "AN1 9AB")
    assert _lines(
        tmp_path, "Address Line 1,Town,City,Postcode", "12 Elm Road,Anytown,ANYTOWN,AN1 9AB"
    ) == ("12 Elm Road", "Anytown", "AN1 9AB")
    block = '"Flat 2, Rose House\n12 Elm Road, Lower End\nAnytown, Shire, AN1 9AB"'
    assert _lines(tmp_path, "Address", block) == want
    assert _lines(tmp_path, "Address,Postcode", f"{block},AN1 9AB") == want
    assert _lines(tmp_path, "Address,Postcode", '"12 Elm Road, Anytown",an19ab') == (
        "12 Elm Road", "Anytown", "AN1 9AB"
    )  # fmt: skip
    path = _write(tmp_path, ADDR_HEAD.format("Address,Postcode")
                  + 'A1,Mrs,Ann,One,1,Y,"12 Elm Road, Anytown AN1 9AB",AN2 9AB\n')  # fmt: skip
    with pytest.raises(InputError) as exc:  # two postcodes: which is hers cannot be known
        load_contacts(path)
    assert str(exc.value) == (
        f"{path}, line 2: the address ends with the postcode 'AN1 9AB' but column 'Postcode' "
        "says 'AN2 9AB': which is the contact's cannot be known; correct it in the MIS "
        "(column 'Address'): '12 Elm Road, Anytown AN1 9AB'"
    )
    book = load_contacts(_write(tmp_path, ADDR_HEAD.format(
        "House Number,Street,Town,Postcode") + "A1,Mrs,Ann,One,1,Y,12,Elm Road,Anytown,AN1 9AB\n"
    ))  # fmt: skip
    assert book.for_upn("A1")[0].parent.key == "addr:mrs ann one|elm road|an19ab"
    # and the letter goes with every line
    text = ADDR_HEAD.format(
        "Flat,House Name,House Number,Street,District,Post Town,County/State,Postcode"
    ) + "A1,Mrs,Ann,One,1,Y,Flat 2,Rose House,12,Elm Road,Lower End,Anytown,Shire,an19ab\n"
    (letter,) = _letters(tmp_path, text).letters
    assert letter.contact.postal_lines == want


def test_an_address_column_attcli_does_not_read_is_refused_naming_it(tmp_path: Path) -> None:
    """A column that is plainly part of the address but none attcli reads ('Address Line
    6') would send the letter without that line: the file is refused in one line naming
    the column and what to do."""
    path = _write(tmp_path, ADDR_HEAD.format(
        "Address Line 1,Address Line 6,Postcode") + "A1,Mrs,Ann,One,1,Y,12 Elm Road,Anytown,AN1 9AB\n"
    )  # fmt: skip
    with pytest.raises(InputError) as exc:
        load_contacts(path)
    assert str(exc.value).startswith(
        f"{path}: column 'Address Line 6' looks like a part of the address that attcli does "
        "not read: a letter would go without it;"
    )


def test_a_postcode_written_as_printed_is_returned_as_it_is():
    """`postcode` returns at once a postcode already written as it prints (upper case, one
    space before the last three characters: most of an export's); the same as the whole
    rule gives, for those and for every near miss."""
    import re

    from attcli.contacts import postcode

    def rule(text: str) -> str:
        text = text.upper()
        packed = "".join(text.split())
        if re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}", packed):
            return f"{packed[:-3]} {packed[-3:]}"
        return text

    cases = [
        "OK4 8QJ", "SW1A 1AA", "BFPO 123", "an19ab", "AN1  9AB", "AN1 9AB ", " AN1 9AB",
        "AN1\t9AB", "AB1 2C D", "1234 567", "A 1", "", "ok4 8qj", "OK4 8Qj", "É1 2AB",
    ]  # fmt: skip
    assert [postcode(c) for c in cases] == [rule(c) for c in cases]
    assert postcode("an19ab") == "AN1 9AB" and postcode("BFPO 123") == "BFPO 123"


# 4 December (fifth), contacts2: the export's layouts as the MIS writes them


def test_a_contacts_export_of_one_row_per_pupil_with_contact_groups_is_refused(
    tmp_path: Path,
) -> None:
    """An export with one row per pupil and a column group per contact ('Contact 1
    Forename', 'Contact 2 Surname', ...) was read as one contact per pupil with no name,
    address or responsibility: every pupil "has no usable contact" and the cause (the
    layout) was named nowhere.  It is refused in one line naming a group's column and what
    to give instead; so is 'Parent 2 Address Line 1' and 'Contact1Postcode'."""
    for head in (
        "UPN,Contact 1 Title,Contact 1 Forename,Contact 1 Surname,Contact 1 Postcode,"
        "Contact 2 Forename\nA1,Mrs,Ann,One,AN1 9AB,Bob\n",
        "UPN,Title,Forename,Surname,Priority,Postcode,Parent 2 Address Line 1\n"
        "A1,Mrs,Ann,One,1,AN1 9AB,2 Oak Road\n",
        "UPN,Contact1Forename,Contact1Surname,Contact1Postcode\nA1,Ann,One,AN1 9AB\n",
    ):
        path = _write(tmp_path, head)
        with pytest.raises(InputError) as exc:
            load_contacts(path)
        first = next(h for h in head.split("\n")[0].split(",") if any(d in h for d in "12"))
        assert str(exc.value) == (
            f"{path}: column {first!r} is one of a group of columns per contact (Contact 1, "
            "Contact 2, ...): this export has one row per pupil, which attcli does not "
            "read; export the contacts with one row per contact (UPN, name, relationship, "
            "priority, parental responsibility, address)"
        ), head
    # a plain export with a numbered address line is still read
    ok = _write(tmp_path, "UPN,Title,Forename,Surname,Address Line 1,Address 2,Postcode\n"
                "A1,Mrs,Ann,One,1 Elm Road,Anytown,AN1 9AB\n")  # fmt: skip
    assert load_contacts(ok).for_upn("A1")[0].postal_lines == ("1 Elm Road", "Anytown", "AN1 9AB")


COURT_HEAD = (
    "UPN,Title,Forename,Surname,Priority,Parental Responsibility,Address Line 1,Postcode,{}\n"
)


def test_a_contact_marked_with_a_court_order_is_sent_no_letter(tmp_path: Path) -> None:
    """SIMS marks a pupil's contact 'Court Order' (a court order concerns them).  The
    column was not read: A1's mother, priority 1 and marked Y, got the red letter with
    nothing said.  She is now sent none (as a contact marked not to be sent letters) and
    the run says so naming her; the father (priority 2, N) gets it.  A2's only contact is
    so marked: no letter, the pupil named with why.  Blank is no such mark; a value
    neither yes nor no is refused naming its header."""
    for header in ("Court Order", "Has Court Order"):
        rows = (
            "A1,Mrs,Ann,One,1,Y,1 Elm Road,AN1 9AB,Y\n"
            "A1,Mr,Bob,One,2,Y,2 Oak Road,AN2 9AB,N\n"
            "A2,Mr,Carl,Two,1,Y,3 Elm Road,AN3 9AB,Yes\n"
            "A3,Ms,Dee,Three,1,Y,4 Elm Road,AN4 9AB,\n"
        )
        run = _letters(tmp_path, COURT_HEAD.format(header) + rows, ("A1", "A2", "A3"))
        assert [(x.upn, x.contact.name) for x in run.letters] == [
            ("A1", "Mr Bob One"), ("A3", "Ms Dee Three")
        ], header  # fmt: skip
        assert [(x.upn, x.reason) for x in run.no_contact] == [
            ("A2", "no contact with parental responsibility and a postal address or email: "
                   "Mr Carl Two is marked in the contacts export not to be sent letters"),
        ]  # fmt: skip
        contacts = load_contacts(tmp_path / "contacts.csv")
        assert [n for n in contacts.notes if "court order" in n] == [
            n for n in run.notes if "court order" in n
        ] == [
            f"{tmp_path / 'contacts.csv'}: 2 contacts are marked in column {header!r} as "
            "subject to a court order, so attcli sends them no letter, nor names them to "
            "telephone while another contact is known: Mrs Ann One of pupil "
            "A1 (line 2), Mr Carl Two of pupil A2 (line 4); check the order, and write to "
            "them by hand if it allows"
        ]
    path = _write(tmp_path, COURT_HEAD.format("Court Order") + "A1,Mrs,Ann,One,1,Y,1 Elm Road,AN1 9AB,?\n")
    with pytest.raises(InputError) as exc:
        load_contacts(path)
    assert str(exc.value) == (
        f"{path}, line 2: court order must be yes or no (column 'Court Order'): '?'"
    )


def test_a_flat_given_only_as_its_number_is_printed_as_a_flat(tmp_path: Path) -> None:
    """A 'Flat' column of '3' above house number 12 and 'Elm Road' printed '3' on a line
    of its own over '12 Elm Road': an envelope that reads as house 3.  A flat given by its
    number alone (3, 3A, 12b) is 'Flat 3' (under 'Apartment', 'Apartment 3'); one written
    in full ('Flat 3', 'Basement Flat') is printed as written."""
    head = "UPN,Title,Forename,Surname,{},House Number,Street,Town,Postcode\n"
    for header, cell, line in (
        ("Flat", "3", "Flat 3"), ("Flat Number", "3A", "Flat 3A"), ("Flat No", "12b", "Flat 12b"),
        ("Apartment", "4", "Apartment 4"), ("Flat", "Flat 3", "Flat 3"),
        ("Flat", "Basement Flat", "Basement Flat"),
    ):  # fmt: skip
        path = _write(tmp_path, head.format(header) + f"A1,Mrs,Ann,One,{cell},12,Elm Road,Anytown,AN1 9AB\n")
        assert load_contacts(path).for_upn("A1")[0].postal_lines == (
            line, "12 Elm Road", "Anytown", "AN1 9AB"
        ), (header, cell)  # fmt: skip


def test_a_country_column_is_printed_last_and_the_uk_left_off(tmp_path: Path) -> None:
    """A parent living abroad: 'Country' was not read, so the letter went to '12 Rue de la
    Paix, Paris, 75002' with no country, posted in England.  It is now the last line, in
    capitals as Royal Mail asks; 'United Kingdom', 'UK', 'England' and the like are left
    off (an inland letter needs none).  An address abroad with no postcode (Hong Kong has
    none) is an address to post to; a UK one without is not, as before.  A one-cell
    address ending in the country does not print it twice."""
    head = "UPN,Title,Forename,Surname,Parental Responsibility,Address Line 1,Town,Postcode,Country\n"
    rows = (
        "A1,Mme,Ann,One,Y,12 Rue de la Paix,Paris,75002,France\n"
        "A2,Mrs,Bea,Two,Y,1 Elm Road,Anytown,AN1 9AB,United Kingdom\n"
        "A3,Mr,Cy,Three,Y,2 Elm Road,Anytown,AN1 9AC,england\n"
        "A4,Ms,Di,Four,Y,Flat 5 Tower,Kowloon,,Hong Kong\n"
        "A5,Mr,Ed,Five,Y,3 Elm Road,Anytown,,U.K\n"
    )
    path = _write(tmp_path, head + rows)
    got = {u: cs[0].postal_lines for u, cs in load_contacts(path).by_upn.items()}
    assert got == {
        "A1": ("12 Rue de la Paix", "Paris", "75002", "FRANCE"),
        "A2": ("1 Elm Road", "Anytown", "AN1 9AB"),
        "A3": ("2 Elm Road", "Anytown", "AN1 9AC"),
        "A4": ("Flat 5 Tower", "Kowloon", "HONG KONG"),
        "A5": ("3 Elm Road", "Anytown"),
    }
    run = _letters(tmp_path, head + rows, ("A1", "A2", "A3", "A4", "A5"))
    assert [(x.upn, x.contact.has_postal_address) for x in run.letters] == [
        ("A1", True), ("A2", True), ("A3", True), ("A4", True)
    ]  # fmt: skip
    assert [x.upn for x in run.no_contact] == ["A5"]
    from attcli.letters.run import _contact_shown

    assert _contact_shown(run.letters[0].contact)["address_lines"][-2:] == ["75002", "FRANCE"]
    block = _write(tmp_path, "UPN,Title,Forename,Surname,Address,Postcode,Country\n"
                   'A1,Mme,Ann,One,"12 Rue de la Paix\nParis\nFrance",75002,France\n')  # fmt: skip
    assert load_contacts(block).for_upn("A1")[0].postal_lines == (
        "12 Rue de la Paix", "Paris", "75002", "FRANCE"
    )  # fmt: skip


def test_arbor_s_legal_and_primary_guardian_columns_say_who_may_be_written_to(
    tmp_path: Path,
) -> None:
    """Arbor marks each guardian 'Legal Guardian' (legally responsible: parental
    responsibility) and 'Primary Guardian' (receives the school's communications;
    support.arbor-education.com/hc/en-us/articles/360025098533).  Neither was read: the
    run said "no parental-responsibility column; every contact is treated as having it"
    and the red letter went to A1's grandmother (priority 1, not a legal guardian) and to
    A2's father (priority 1, legal guardian but not a primary guardian: a court order).
    Now 'Legal Guardian' is the parental responsibility and 'Primary Guardian' whether
    they are sent letters: A1's letter goes to the mother, A2's to the mother."""
    head = "UPN,Title,Forename,Surname,Priority,Legal Guardian,Primary Guardian,Address Line 1,Postcode\n"
    rows = (
        "A1,Mrs,Gran,One,1,No,No,1 Elm Road,AN1 9AB\n"
        "A1,Mrs,Ann,One,2,Yes,Yes,2 Elm Road,AN2 9AB\n"
        "A2,Mr,Bob,Two,1,Yes,No,3 Elm Road,AN3 9AB\n"
        "A2,Mrs,Cat,Two,2,Yes,Yes,4 Elm Road,AN4 9AB\n"
    )
    run = _letters(tmp_path, head + rows, ("A1", "A2"))
    assert [(x.upn, x.contact.name) for x in run.letters] == [
        ("A1", "Mrs Ann One"), ("A2", "Mrs Cat Two")
    ]  # fmt: skip
    assert not any("no parental-responsibility column" in n for n in run.notes)


def test_a_postcode_that_is_no_postcode_is_not_printed_as_one(tmp_path: Path) -> None:
    """A postcode column of 'NFA' (no fixed abode), 'N/A', 'TBC' or '-' was printed as
    the envelope's postcode and the letter went into the print pile.  Such a value is no
    postcode: the contact has no postal address, and the pupil is named ("... address has
    no postcode"); the next contact with one gets the letter.  A postcode of no UK shape
    with no country ('AN1 9A', a typo) is still printed, and one line names it to check;
    'BFPO 123' and a code abroad with its country are not named."""
    head = "UPN,Title,Forename,Surname,Priority,Parental Responsibility,Address Line 1,Postcode,Country\n"
    rows = (
        "A1,Mrs,Ann,One,1,Y,1 Elm Road,NFA,\n"
        "A1,Mr,Bob,One,2,Y,2 Elm Road,AN2 9AB,\n"
        "A2,Mrs,Cat,Two,1,Y,3 Elm Road,n/a,\n"
        "A3,Mrs,Dee,Three,1,Y,4 Elm Road,AN1 9A,\n"
        "A4,Mrs,Eve,Four,1,Y,Unit 5,BFPO 123,\n"
        "A5,Mme,Fay,Five,1,Y,6 Rue Neuve,75002,France\n"
        "A6,Mr,Gil,Six,1,Y,7 Elm Road,-,\n"
        "A7,Mr,Hal,Seven,1,Y,8 Elm Road,No Fixed Abode,\n"
    )
    run = _letters(tmp_path, head + rows, ("A1", "A2", "A3", "A4", "A5", "A6", "A7"))
    assert [(x.upn, x.contact.name) for x in run.letters] == [
        ("A1", "Mr Bob One"), ("A3", "Mrs Dee Three"), ("A4", "Mrs Eve Four"),
        ("A5", "Mme Fay Five"),
    ]  # fmt: skip
    assert [(x.upn, x.reason.rpartition(": ")[2]) for x in run.no_contact] == [
        ("A2", "Mrs Cat Two's address has no postcode"),
        ("A6", "Mr Gil Six's address has no postcode"),
        ("A7", "Mr Hal Seven's address has no postcode"),
    ]
    path = tmp_path / "contacts.csv"
    assert [n for n in run.notes if "UK postcode" in n] == [
        f"{path}: 1 contact's postcode is not a UK postcode and no country is given "
        "(Mrs Dee Three of pupil A3, line 5: 'AN1 9A'): printed as written; check it in the MIS"
    ]
