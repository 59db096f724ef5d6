"""Third sweep of the contacts export: who attcli tells staff or the LA to contact, and
whose address it gives, outside the letters (cme, the LA return, the register check, the
pupil record).  Hand-made contacts files; the right answers worked by hand from DOMAIN.md
(6: the pupil's contact for a CME run; 8: the pupil's address, when known; 9: letters go to
the priority contacts)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from attcli.contacts import load_contacts
from attcli.errors import InputError
from builders import register, write_long_csv

D = dt.date

HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "{},Address Line 1,Town,Postcode,Telephone\n"
)


def _write(tmp: Path, text: str) -> Path:
    path = tmp / "contacts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _frame(path: Path) -> dict[str, tuple[str, str]]:
    frame = load_contacts(path).priority_frame()
    return {r["upn"]: (r["contact_name"], r["contact_phone"]) for r in frame.iter_rows(named=True)}


def _absent(tmp: Path, upns: tuple[str, ...]) -> Path:
    """A long export of ``upns``, N every session of 20 school days from Mon 7 Sep 2026
    (0 %: each a run of 20 days of unexplained absence, each listed by the register
    check)."""
    reg = register({u: " ".join(["N"] * 20) for u in upns}, start=D(2026, 9, 7))
    return write_long_csv(reg, tmp / "export.csv")


COURT_ROWS = (
    # CO: the mother (priority 1) is marked with a court order; the father (2) is not
    "CO,C1,Mrs,Ann,Co,Mother,1,Y,Y,9 Far Road,Otherton,OT1 9AB,01632 960001\n"
    "CO,C2,Mr,Bob,Co,Father,2,Y,N,10 Elm Road,Anytown,AN1 1AB,01632 960002\n"
    # ALL: the only contact is marked: named, with the mark beside the name
    "ALL,C3,Mr,Carl,All,Father,1,Y,Yes,11 Far Road,Otherton,OT1 1BB,01632 960003\n"
    # ZERO: blank is no such mark
    "ZERO,C4,Ms,Dee,None,Mother,1,Y,,4 Elm Road,Anytown,AN1 4AB,01632 960004\n"
    "ZERO,C5,Mr,Ed,None,Father,2,Y,N,4 Elm Road,Anytown,AN1 4AB,01632 960005\n"
)


def test_a_contact_under_a_court_order_is_not_the_one_to_telephone(tmp_path: Path) -> None:
    """SIMS' "Court Order" tick (contacts sweep 2: no letter goes to such a contact) was not
    read by cme and the LA return: CO's mother, priority 1 and marked, was the "Priority
    contact" the DSL was given to telephone about a child missing education, and the LA
    told to.  The order may forbid contact, or concern where the child is: she is passed
    over for the next contact, the father (priority 2), as one marked "Do Not Contact" is.
    ALL's only contact is so marked: named, never dropped, with "(court order)" beside the
    name.  ZERO (blank, N): the priority contact as before."""
    path = _write(tmp_path, HEAD.format("Court Order") + COURT_ROWS)
    assert [n for n in load_contacts(path).notes if "court order" in n] == [
        f"{path}: 2 contacts are marked in column 'Court Order' as subject to a court order, "
        "so attcli sends them no letter, nor names them to telephone while another contact "
        "is known: Mrs Ann Co of pupil CO (line 2), Mr Carl All of pupil ALL (line 4); check "
        "the order, and write to them by hand if it allows"
    ]
    assert _frame(path) == {
        "CO": ("Mr Bob Co", "01632 960002"),
        "ALL": ("Mr Carl All (court order)", "01632 960003"),
        "ZERO": ("Ms Dee None", "01632 960004"),
    }
    # the same through cme's file
    from clirun import run_cli

    export = _absent(tmp_path, ("CO", "ALL", "ZERO"))
    out = tmp_path / "cme.csv"
    code, _, err = run_cli(
        "cme", export, "--contacts", path, "--as-of", "2026-10-02", "-o", out, "--format", "csv"
    )
    assert code == 0, err
    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    assert {r["UPN"]: r["Priority contact"] for r in rows} == {
        "ALL": "Mr Carl All (court order)",
        "CO": "Mr Bob Co",
        "ZERO": "Ms Dee None",
    }


WORD_HEAD = "UPN,Title,Forename,Surname,{},Parental Responsibility,Address Line 1,Postcode\n"


def test_a_priority_written_primary_or_secondary_is_read(tmp_path: Path) -> None:
    """A priority column of 'Primary' and 'Secondary' (the words of a main and a second
    contact) was refused ("priority must be a number"), so no letter, no cme contact, no
    LA return.  They are unambiguous: Primary is 1, Secondary 2, in any case and spacing,
    and a number beside them is read as before.  A1's father (Primary, line 3) is written to
    and the one to telephone, before the mother (Secondary, line 2).  Anything else
    ('Tertiary', 'first') is still refused in one line naming the value, its header and
    what is valid."""
    rows = (
        "A1,Mrs,Ann,One,Secondary,Y,1 Elm Road,AN1 9AB\n"
        "A1,Mr,Bob,One, primary ,Y,2 Oak Road,AN1 9AC\n"
        "A1,Mrs,Cat,One,3,N,3 Oak Road,AN1 9AD\n"
    )
    for header in ("Priority", "Contact Priority"):
        book = load_contacts(_write(tmp_path, WORD_HEAD.format(header) + rows))
        assert [(c.name, c.priority) for c in book.for_upn("A1")] == [
            ("Mr Bob One", 1), ("Mrs Ann One", 2), ("Mrs Cat One", 3)
        ], header  # fmt: skip
        assert [c.name for c in book.recipients("A1")] == ["Mr Bob One"]
        assert book.priority_contact("A1").name == "Mr Bob One"
    for bad in ("Tertiary", "first"):
        path = _write(tmp_path, WORD_HEAD.format("Priority") + rows.replace("Secondary", bad))
        with pytest.raises(InputError) as exc:
            load_contacts(path)
        assert str(exc.value) == (
            f"{path}, line 2: priority must be a number (1 = first contact), or Primary or "
            f"Secondary (column 'Priority'): {bad!r}"
        )


TWO_HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Address Line 1,Town,Postcode,Telephone\n"
)
TWO_ROWS = [
    # TWO: two households, both parents priority 1 (each sent the letter)
    "TWO,C7,Mr,Dan,Two,Father,1,Y,7 Far Road,Otherton,OT1 7AB,01632 960007\n",
    "TWO,C8,Ms,Meg,Two,Mother,1,Y,8 Elm Road,Anytown,AN1 8AB,01632 960008\n",
    # ONE: the mother first, the father second: the mother alone, as before
    "ONE,C9,Ms,Ivy,One,Mother,1,Y,9 Elm Road,Anytown,AN1 9AB,01632 960009\n",
    "ONE,C10,Mr,Jim,One,Father,2,Y,9 Elm Road,Anytown,AN1 9AB,01632 960010\n",
    # NOPHONE: two of priority 1, one without a telephone number
    "NOPHONE,C11,Ms,Kay,Nophone,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,\n",
    "NOPHONE,C12,Mr,Lee,Nophone,Father,1,Y,2 Far Road,Otherton,OT1 2AB,01632 960012\n",
]


def test_two_contacts_sharing_the_first_priority_are_both_the_ones_to_telephone(
    tmp_path: Path,
) -> None:
    """TWO's parents live apart and share priority 1: each gets the letter, and the LA
    return's Address gives both homes ("7 Far Road ... / 8 Elm Road ...").  But cme's and
    the LA return's Priority contact and Contact phone named the father alone, the one
    first in the file (attcli does not choose by the order of the file's rows): the
    mother, as much the priority contact, was left out unsaid, and reordering the export
    named her instead.  Both are named, in the file's order, ` / ` between, each phone
    under its name's place ("none" where a contact of them has no number).  ONE (mother 1,
    father 2): the mother alone, as before."""
    from clirun import run_cli

    for rows in (TWO_ROWS, [TWO_ROWS[1], TWO_ROWS[0], *TWO_ROWS[2:]]):
        path = _write(tmp_path, TWO_HEAD + "".join(rows))
        names = _frame(path)
        first, second = ("Dan", "Meg") if rows is TWO_ROWS else ("Meg", "Dan")
        num = {"Dan": "01632 960007", "Meg": "01632 960008"}
        full = {"Dan": "Mr Dan Two", "Meg": "Ms Meg Two"}
        assert names == {
            "TWO": (f"{full[first]} / {full[second]}", f"{num[first]} / {num[second]}"),
            "ONE": ("Ms Ivy One", "01632 960009"),
            "NOPHONE": ("Ms Kay Nophone / Mr Lee Nophone", "none / 01632 960012"),
        }
    from school import make_workspace

    make_workspace(tmp_path / "ws")
    export = _absent(tmp_path, ("TWO", "ONE", "NOPHONE"))
    path = _write(tmp_path, TWO_HEAD + "".join(TWO_ROWS))
    # cme's table (80 columns): each name over its own number, neither cut off
    code, out_text, err = run_cli(
        "cme", export, "--contacts", path, "--as-of", "2026-10-02", width=80
    )
    assert code == 0, err
    cells = [line.split("│")[-2].strip() for line in out_text.splitlines() if line.count("│") > 2]
    two = cells[cells.index("Mr Dan Two"):][:4]
    assert two == ["Mr Dan Two", "01632 960007", "Ms Meg Two", "01632 960008"]
    three = cells[cells.index("Ms Kay"):][:6]  # (the names wrap in the column)
    assert three == ["Ms Kay", "Nophone", "no phone", "Mr Lee", "Nophone", "01632 960012"]
    out = tmp_path / "la.csv"
    code, _, err = run_cli(
        "la-return", export, "--month", "2026-09", "--contacts", path, "-o", out,
        "--workspace", tmp_path / "ws",
    )  # fmt: skip
    assert code == 0, err
    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    assert {r["UPN"]: (r["Priority contact"], r["Contact phone"], r["Address"]) for r in rows} == {
        "ONE": ("Ms Ivy One", "01632 960009", "9 Elm Road, Anytown, AN1 9AB"),
        "NOPHONE": (
            "Ms Kay Nophone / Mr Lee Nophone",
            "none / 01632 960012",
            "1 Elm Road, Anytown, AN1 1AB / 2 Far Road, Otherton, OT1 2AB",
        ),
        "TWO": (
            "Mr Dan Two / Ms Meg Two",
            "01632 960007 / 01632 960008",
            "7 Far Road, Otherton, OT1 7AB / 8 Elm Road, Anytown, AN1 8AB",
        ),
    }


def _rc_addresses(tmp: Path, contacts: Path, upns: tuple[str, ...]) -> tuple[dict[str, str], str]:
    """register-check's Address column of ``upns`` (each N every session: listed), and
    what the command said on stderr."""
    from clirun import run_cli

    export = _absent(tmp, upns)
    out = tmp / "rc.csv"
    code, _, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-02",
        "--contacts", contacts, "-o", out, "--force",
    )  # fmt: skip
    assert code == 0, err
    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    return {r["UPN"]: r["Address"] for r in rows}, err


def test_a_contact_under_a_court_order_is_not_the_pupil_s_address(tmp_path: Path) -> None:
    """The register check's (and the LA return's) Address is the pupil's home, "where
    letters go": the highest-priority contact with parental responsibility's.  CO's
    mother (priority 1, parental responsibility) is marked with a court order; no letter
    goes to her, yet her 9 Far Road was given to the LA as the child's address.  It is the
    father's, 10 Elm Road (priority 2), where the letters go.  ALL's only contact is so
    marked: his address is not given as the child's unless the export says the child
    lives with him (blank, and said: see the next test); with "Lives With Pupil" Y it is."""
    path = _write(tmp_path, HEAD.format("Court Order") + COURT_ROWS)
    found, _ = _rc_addresses(tmp_path, path, ("CO", "ALL", "ZERO"))
    assert found == {
        "ALL": "",
        "CO": "10 Elm Road, Anytown, AN1 1AB",
        "ZERO": "4 Elm Road, Anytown, AN1 4AB",
    }
    lives = HEAD.format("Court Order,Lives With Pupil")
    rows = (
        "CO,C1,Mrs,Ann,Co,Mother,1,Y,Y,N,9 Far Road,Otherton,OT1 9AB,01632 960001\n"
        "CO,C2,Mr,Bob,Co,Father,2,Y,N,Y,10 Elm Road,Anytown,AN1 1AB,01632 960002\n"
        "ALL,C3,Mr,Carl,All,Father,1,Y,Yes,Y,11 Far Road,Otherton,OT1 1BB,01632 960003\n"
        "ZERO,C4,Ms,Dee,None,Mother,1,Y,,,4 Elm Road,Anytown,AN1 4AB,01632 960004\n"
    )
    path = _write(tmp_path, lives + rows)
    found, _ = _rc_addresses(tmp_path, path, ("CO", "ALL", "ZERO"))
    assert found == {
        "ALL": "11 Far Road, Otherton, OT1 1BB",
        "CO": "10 Elm Road, Anytown, AN1 1AB",
        "ZERO": "4 Elm Road, Anytown, AN1 4AB",
    }


GAP_ROWS = (
    HEAD.format("Court Order,Lives With Pupil")
    # OK: the mother's address, the child's
    + "OK,C1,Mrs,Ann,Ok,Mother,1,Y,N,Y,1 Elm Road,Anytown,AN1 1AB,01632 960001\n"
    # ALL: the only contact is under a court order, the export silent on where the child lives
    + "ALL,C3,Mr,Carl,All,Father,1,Y,Y,,11 Far Road,Otherton,OT1 1BB,01632 960003\n"
    # AWAY: the only contact lives elsewhere
    + "AWAY,C5,Mr,Dan,Away,Father,1,Y,N,N,5 Far Road,Otherton,OT1 5AB,01632 960005\n"
    # NOADDR: a contact with a telephone number and no address
    + "NOADDR,C6,Ms,Eve,Noaddr,Mother,1,Y,N,Y,,,,01632 960006\n"
    # GHOST: a contact of a pupil not in the register (left alone: as before)
    + "GHOST,C7,Mrs,Fay,Ghost,Mother,1,Y,N,Y,7 Elm Road,Anytown,AN1 7AB,01632 960007\n"
    # NOROW, in the register, has no row in the contacts export
)


def test_a_listed_pupil_left_without_an_address_or_contact_is_said(tmp_path: Path) -> None:
    """DOMAIN.md 8: the register check gives the pupil's address "when known"; the LA return
    gives it and the priority contact.  Six pupils N every day (listed).  NOROW has no row
    in the contacts export (a new pupil, or an export of last term): the Address (and the
    LA return's Priority contact and Contact phone) were blank with nothing said, as if the
    export had been read for them.  ALL's, AWAY's and NOADDR's addresses are blank too,
    each for a reason the office can put right (a court order and no "lives with", the only
    contact living elsewhere, no address at all).  Each blank is now named, with why, in
    one line; OK's address is given and not named.  GHOST (contacts only) is not named."""
    from clirun import run_cli

    path = _write(tmp_path, GAP_ROWS)
    upns = ("OK", "ALL", "AWAY", "NOADDR", "NOROW")
    found, err = _rc_addresses(tmp_path, path, upns)
    assert found == {"OK": "1 Elm Road, Anytown, AN1 1AB", "ALL": "", "AWAY": "", "NOADDR": "",
                     "NOROW": ""}  # fmt: skip
    line = (
        "4 pupils listed have no address: ALL (only a contact under a court "
        "order has one, and the contacts export does not say the pupil lives with them), "
        "AWAY (no contact with an address lives with the pupil), NOADDR (no contact has an "
        "address), NOROW (not in the contacts export); put it right in the MIS and export the "
        "contacts again"
    )
    assert line in " ".join(err.split()), err
    from school import make_workspace

    make_workspace(tmp_path / "ws")
    code, _, err = run_cli(
        "la-return", _absent(tmp_path, upns), "--month", "2026-09", "--contacts", path,
        "--workspace", tmp_path / "ws", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert line in " ".join(err.split()), err
    assert (
        "1 pupil listed has no priority contact: NOROW (not in the contacts export)"
    ) in " ".join(err.split()), err
    code, _, err = run_cli(
        "cme", _absent(tmp_path, upns), "--contacts", path, "--as-of", "2026-10-02",
        "-o", tmp_path / "cme.csv", "--format", "csv",
    )  # fmt: skip
    assert code == 0, err
    assert (
        "1 pupil listed has no priority contact: NOROW (not in the contacts export)"
    ) in " ".join(err.split()), err


def test_the_pupil_record_says_which_contact_is_under_a_court_order_or_not_to_contact(
    tmp_path: Path,
) -> None:
    """`attcli pupil --contacts` "shows who to phone".  CO's mother (priority 1) is marked
    with a court order; her line said only "not to be sent letters", as a parent who only
    asked for no post would be, so the office rang the first contact listed.  Her line now
    says "court order"; a contact marked "Do Not Contact" says so; the father's says
    neither."""
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp_path / "ws")
    export = _absent(tmp_path, ("CO",))
    path = _write(tmp_path, HEAD.format("Court Order") + COURT_ROWS)
    args = ("-c", config, "--as-of", "2026-10-02")
    code, out, err = run_cli("pupil", "CO", export, "--contacts", path, *args)
    assert code == 0, err
    lines = {n: next(x for x in out.splitlines() if n in x) for n in ("Mrs Ann Co", "Mr Bob Co")}
    assert lines["Mrs Ann Co"].endswith(
        "(Mother), parental responsibility, court order, not to be sent letters"
    )
    assert lines["Mr Bob Co"].endswith("(Father), parental responsibility")
    path = _write(tmp_path, HEAD.format("Do Not Contact") + COURT_ROWS)
    code, out, err = run_cli("pupil", "CO", export, "--contacts", path, *args)
    assert code == 0, err
    assert next(x for x in out.splitlines() if "Mrs Ann Co" in x).endswith(
        "(Mother), parental responsibility, marked Do Not Contact, not to be sent letters"
    )


def test_a_pack_s_parent_chosen_from_two_sharing_the_first_priority_is_said(
    tmp_path: Path,
) -> None:
    """TWO's parents live apart and share priority 1, both with parental responsibility:
    each gets the letters.  `evidence` without --parent named the father, first in the
    file, as the parent the penalty notice is for, nothing said: reordering the export
    made it the mother's pack.  A notice is per parent, and attcli cannot tell which
    parent it is for: the pack still names the first (as before), and one line says the
    other shares the first priority and how to make theirs (--parent)."""
    import json

    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp_path / "ws")
    export = _absent(tmp_path, ("TWO",))
    for rows, first, other in (
        (TWO_ROWS[:2], "Mr Dan Two", "Ms Meg Two"),
        (TWO_ROWS[1::-1], "Ms Meg Two", "Mr Dan Two"),
    ):
        path = _write(tmp_path, TWO_HEAD + "".join(rows))
        out = tmp_path / "pack.json"
        code, _, err = run_cli(
            "evidence", "TWO", export, "--for", "penalty-notice", "--contacts", path,
            "--as-of", "2026-10-02", "--draft", "-f", "json", "-o", out, "--force", "-c", config,
        )  # fmt: skip
        assert code == 0, err
        assert json.loads(out.read_text(encoding="utf-8"))["parent"]["name"] == first
        assert (
            f"{other} shares the first priority with {first} in {path}: the pack's parent is "
            f"{first}, the first in the file; give --parent NAME or ID for {other}'s pack"
        ) in " ".join(err.split()), err
    # one parent first: nothing said
    path = _write(tmp_path, TWO_HEAD + TWO_ROWS[2] + TWO_ROWS[3])
    code, _, err = run_cli(
        "evidence", "ONE", _absent(tmp_path, ("ONE",)), "--for", "penalty-notice",
        "--contacts", path, "--as-of", "2026-10-02", "--draft", "-f", "json", "-o", out,
        "--force", "-c", config,
    )  # fmt: skip
    assert code == 0, err
    assert "shares the first priority" not in err


def test_what_the_contacts_export_says_of_itself_is_said_by_cme_register_check_and_la_return(
    tmp_path: Path,
) -> None:
    """`letters` and `pupil` say what the contacts export's reading found (a contact with
    the pupil's own name and nothing to show a parent, no parental-responsibility column,
    ...); cme, the register check and the LA return, which name a contact to telephone and
    give the LA an address from the same file, said only its shortened telephone numbers.
    Three pupils N every day; B's only contact is named as B (ForenameB SurnameB, no title
    or relationship: the pupil's own row?), and named to telephone and as the address with
    nothing said; the file has no parental-responsibility column, so every contact counts
    as having it when the address is chosen.  Each command now says both lines."""
    from clirun import run_cli
    from school import make_workspace

    path = _write(
        tmp_path,
        "UPN,Title,Forename,Surname,Relationship,Priority,Address Line 1,Town,Postcode\n"
        "A,Mrs,Amy,Ay,Mother,1,1 Elm Road,Anytown,AN1 1AB\n"
        "B,,ForenameB,SurnameB,,1,2 Elm Road,Anytown,AN1 2AB\n"
        "C,Mr,Cy,Ce,Father,1,3 Elm Road,Anytown,AN1 3AB\n",
    )
    export = _absent(tmp_path, ("A", "B", "C"))
    own = (
        f"{path}: 1 pupil's contact has the pupil's own name and no title or relationship "
        "(B on line 3): if that row is the pupil, not a parent, correct it in the MIS"
    )
    no_pr = f"{path}: no parental-responsibility column; every contact is treated as having it"
    make_workspace(tmp_path / "ws")
    runs = {
        "cme": ("cme", export, "--contacts", path, "--as-of", "2026-10-02"),
        "register-check": (
            "register-check", export, "--term", "autumn", "--as-of", "2026-10-02",
            "--contacts", path, "-o", tmp_path / "rc.csv",
        ),
        "la-return": (
            "la-return", export, "--month", "2026-09", "--contacts", path,
            "--workspace", tmp_path / "ws", "--dry-run",
        ),
    }  # fmt: skip
    for name, args in runs.items():
        code, _, err = run_cli(*args)
        assert code == 0, err
        said = " ".join(err.split())
        assert own in said, name
        assert no_pr in said, name


def test_a_priority_that_is_no_whole_number_is_refused_not_cut_down(tmp_path: Path) -> None:
    """A priority of 1.5 (a typing slip, or a sort key) was read as 1, cut down: that
    contact shared the first place with the priority-1 mother and got the letter and the
    telephone column beside her.  A priority is a whole number: '2.0' (a spreadsheet's
    way of writing 2) reads 2; '1.5' is refused in one line naming it."""
    rows = "A1,Mrs,Ann,One,1,Y,1 Elm Road,AN1 9AB\nA1,Mr,Bob,One,{},Y,2 Oak Road,AN1 9AC\n"
    book = load_contacts(_write(tmp_path, WORD_HEAD.format("Priority") + rows.format("2.0")))
    assert [(c.name, c.priority) for c in book.for_upn("A1")] == [
        ("Mrs Ann One", 1), ("Mr Bob One", 2)
    ]  # fmt: skip
    path = _write(tmp_path, WORD_HEAD.format("Priority") + rows.format("1.5"))
    with pytest.raises(InputError) as exc:
        load_contacts(path)
    assert str(exc.value) == (
        f"{path}, line 3: priority must be a number (1 = first contact), or Primary or "
        "Secondary (column 'Priority'): '1.5'"
    )


def test_a_pack_for_a_pupil_not_in_the_contacts_export_says_so(tmp_path: Path) -> None:
    """NOROW is in the register and not in the contacts export.  `evidence` said "pupil
    NOROW has no contact with parental responsibility ...: give the parent with --parent",
    as if the contacts had been read for them; with --parent it said "use --force to record
    the notice by the name typed", and evidence's --force replaces an output file: neither
    leads anywhere.  Both now say the pupil is not in the contacts export, and what to do."""
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp_path / "ws")
    export = _absent(tmp_path, ("NOROW", "A"))
    path = _write(tmp_path, TWO_HEAD + "A,C1,Mrs,Amy,Ay,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,\n")
    want = (
        f"pupil NOROW is not in the contacts export {path}, so the parent the pack is for "
        "is not known: check the UPN, or add the pupil's contacts in the MIS and export "
        "them again"
    )
    for parent in ((), ("--parent", "Mrs X")):
        code, _, err = run_cli(
            "evidence", "NOROW", export, "--for", "penalty-notice", "--contacts", path,
            "--as-of", "2026-10-02", "--draft", "-f", "json", "-o", tmp_path / "p.json",
            "-c", config, *parent,
        )  # fmt: skip
        assert code == 1
        assert " ".join(err.split()) == f"error: {want}", parent


def test_cme_does_not_say_none_on_file_over_a_contact_s_number(tmp_path: Path) -> None:
    """cme's Contact cell said "none on file" over a telephone number when the priority
    contact had no name in the export (a number alone): there is a contact on file, to
    ring.  It says "(no name)" over the number; a pupil with no contact says "none on
    file", as before."""
    from clirun import run_cli

    path = _write(tmp_path, TWO_HEAD + "A,C1,,,,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,01632 960001\n")
    code, out, err = run_cli(
        "cme", _absent(tmp_path, ("A", "B")), "--contacts", path, "--as-of", "2026-10-02"
    )
    assert code == 0, err
    cells = [line.split("│")[-2].strip() for line in out.splitlines() if line.count("│") > 2]
    assert cells[cells.index("(no name)") + 1] == "01632 960001"
    assert "none on file" in cells
