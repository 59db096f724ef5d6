"""Who is a parent for attcli's letters and penalty-notice packs: one with parental
responsibility, or one who has care of the child (lives with and looks after them).  The
school policies (000 7.5, 001 5.8, 002 quoting s.576 of the Education Act 1996) count both;
a kinship carer (a grandmother the child lives with, "Lives With Pupil" Y, parental
responsibility N) got no letter and the pupil was named under "No usable contact", the
person the school deals with every day at that address.  Hand-made contacts files in the
layout attcli reads (docs/letters.md's table); the right answers worked by hand: pupils N
every session of 20 school days from Mon 7 Sep 2026 (0 %, the severe letter)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from attcli.contacts import load_contacts
from builders import register, write_long_csv

D = dt.date

HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Lives With Pupil,Court Order,Address Line 1,Town,Postcode\n"
)
ROWS = (
    # MG: the mother (PR, priority 1) lives elsewhere; the grandmother (2) cares for the child
    "MG,M1,Ms,Mia,Gee,Mother,1,Y,N,,9 Far Road,Otherton,OT1 9AB\n"
    "MG,M2,Mrs,Gwen,Gee,Grandmother,2,N,Y,,1 Elm Road,Anytown,AN1 1AB\n"
    # GM: the same, the grandmother priority 1 (the one the school deals with)
    "GM,G1,Mrs,Gail,Em,Grandmother,1,N,Y,,2 Elm Road,Anytown,AN1 2AB\n"
    "GM,G2,Ms,Meg,Em,Mother,2,Y,N,,8 Far Road,Otherton,OT1 8AB\n"
    # ONLY: the carer is the only contact
    "ONLY,O1,Mrs,Olive,Only,Grandmother,1,N,Y,,3 Elm Road,Anytown,AN1 3AB\n"
    # CF: the carer (an uncle) priority 1, the father with PR priority 2, elsewhere
    "CF,C1,Mr,Carl,Eff,Uncle,1,N,Y,,4 Elm Road,Anytown,AN1 4AB\n"
    "CF,C2,Mr,Fred,Eff,Father,2,Y,N,,4 Far Road,Otherton,OT1 4AB\n"
    # FOST: a foster carer (the LA holds PR) and the social worker
    "FOST,F1,Ms,Fay,Foster,Foster Carer,1,N,Y,,5 Elm Road,Anytown,AN1 5AB\n"
    "FOST,F2,Ms,Sue,Social,Social Worker,2,N,N,,County Hall,Anytown,AN1 0AA\n"
    # SIB: only a sister living with the pupil (a child: no parent)
    "SIB,S1,Miss,Sam,Sib,Sister,1,N,Y,,6 Elm Road,Anytown,AN1 6AB\n"
    # AWAY: an aunt with neither PR nor the child at her address
    "AWAY,A1,Mrs,Ada,Way,Aunt,1,N,N,,7 Far Road,Otherton,OT1 7AB\n"
    # CO: a grandmother the child lives with, under a court order
    "CO,K1,Mrs,Cora,Oh,Grandmother,1,N,Y,Y,8 Elm Road,Anytown,AN1 8AB\n"
    # UNK: a grandmother whose living with the pupil is not known (blank)
    "UNK,U1,Mrs,Una,Kay,Grandmother,1,N,,,9 Elm Road,Anytown,AN1 9AB\n"
)
UPNS = ("MG", "GM", "ONLY", "CF", "FOST", "SIB", "AWAY", "CO", "UNK")


def _write(tmp: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def _without_lives_with(text: str) -> str:
    """The same file with no "Lives With Pupil" column (the 9th)."""
    out = []
    for line in text.splitlines(keepends=True):
        cells = line.rstrip("\n").split(",")
        out.append(",".join(cells[:8] + cells[9:]) + "\n")
    return "".join(out)


def _absent(tmp: Path, upns: tuple[str, ...] = UPNS) -> Path:
    reg = register({u: " ".join(["N"] * 20) for u in upns}, start=D(2026, 9, 7))
    return write_long_csv(reg, tmp / "export.csv")


def _names(book, upn: str, *, every: bool = False) -> list[str]:
    return [c.name for c in book.recipients(upn, all_with_pr=every)]


def test_a_carer_the_pupil_lives_with_is_written_to_as_a_parent(tmp_path: Path) -> None:
    """By hand, `recipients = "priority"` (the highest-priority parent) and `"all"` (every
    parent): a parent is a contact with parental responsibility, or one the pupil lives
    with who is no child of the household (a sibling), not marked not to be sent letters
    or under a court order."""
    book = load_contacts(_write(tmp_path, HEAD + ROWS))
    expected = {
        #        priority                      all
        "MG": (["Ms Mia Gee"], ["Ms Mia Gee", "Mrs Gwen Gee"]),
        "GM": (["Mrs Gail Em"], ["Mrs Gail Em", "Ms Meg Em"]),
        "ONLY": (["Mrs Olive Only"], ["Mrs Olive Only"]),
        "CF": (["Mr Carl Eff"], ["Mr Carl Eff", "Mr Fred Eff"]),
        "FOST": (["Ms Fay Foster"], ["Ms Fay Foster"]),
        "SIB": ([], []),
        "AWAY": ([], []),
        "CO": ([], []),
        "UNK": ([], []),
    }
    assert {u: (_names(book, u), _names(book, u, every=True)) for u in UPNS} == expected
    # without the column nothing changes: parental responsibility alone
    book = load_contacts(_write(tmp_path, _without_lives_with(HEAD + ROWS), "bare.csv"))
    assert {u: (_names(book, u), _names(book, u, every=True)) for u in UPNS} == {
        "MG": (["Ms Mia Gee"], ["Ms Mia Gee"]),
        "GM": (["Ms Meg Em"], ["Ms Meg Em"]),
        "ONLY": ([], []),
        "CF": (["Mr Fred Eff"], ["Mr Fred Eff"]),
        "FOST": ([], []),
        "SIB": ([], []),
        "AWAY": ([], []),
        "CO": ([], []),
        "UNK": ([], []),
    }


def test_a_sibling_living_with_the_pupil_is_no_parent_whatever_the_word(tmp_path: Path) -> None:
    """A sibling (or other child of the household) marked as living with the pupil is not
    written to: brother, sister, half-sister, step brother, stepsister, sibling, son,
    daughter, cousin, niece, nephew, in any case.  A stepmother, a grandparent, a family
    friend or a contact with no relationship given who lives with the pupil is."""
    rows = "".join(
        f"P{i},X{i},,Al,Pee{i},{rel},1,N,Y,,{i} Elm Road,Anytown,AN1 1AB\n"
        for i, rel in enumerate((
            "Brother", "SISTER", "Half-Sister", "Step Brother", "Stepsister", "Sibling",
            "Son", "Daughter", "Cousin", "Niece", "Nephew",
            "Stepmother", "Grandparent", "Family Friend", "", "Step-parent",
        ))
    )  # fmt: skip
    book = load_contacts(_write(tmp_path, HEAD + rows))
    got = [bool(book.recipients(f"P{i}")) for i in range(16)]
    assert got == [False] * 11 + [True] * 5


def _recipients(config: Path, value: str) -> None:
    text = config.read_text(encoding="utf-8")
    assert 'recipients = "priority"' in text
    config.write_text(text.replace('recipients = "priority"', f'recipients = "{value}"'), "utf-8")


def _dry_run(
    tmp: Path, contacts: Path, recipients: str, width: int = 80
) -> tuple[dict[str, list[str]], str]:
    """Who each pupil's letter would go to (the run's stacked list, 80 columns), and the
    run's output as one line."""
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = tmp / f"ws-{recipients}"
    _recipients(make_workspace(ws, AUTUMN_HALF_TERMS), recipients)
    code, out, err = run_cli(
        "letters", _absent(tmp), "--contacts", contacts, "--dry-run", "--workspace", ws,
        "--as-of", "2026-10-02", "--only", "severe", width=width,
    )  # fmt: skip
    assert code == 0, err
    text = " ".join((out + err).split())
    to: dict[str, list[str]] = {}
    for upn in UPNS:
        # "UPN ForenameUPN SurnameUPN letter: severe; to: NAME; status: ..."
        parts = text.split(f" {upn} Forename{upn} Surname{upn} letter: severe; to: ")[1:]
        to[upn] = [p.split(";")[0] for p in parts]
    return to, text


def test_letters_dry_run_writes_to_the_carer_and_names_a_sibling_as_no_parent(
    tmp_path: Path,
) -> None:
    contacts = _write(tmp_path, HEAD + ROWS)
    to, text = _dry_run(tmp_path, contacts, "priority")
    assert to == {
        "MG": ["Ms Mia Gee"], "GM": ["Mrs Gail Em"], "ONLY": ["Mrs Olive Only"],
        "CF": ["Mr Carl Eff"], "FOST": ["Ms Fay Foster"],
        "SIB": [], "AWAY": [], "CO": [], "UNK": [],
    }  # fmt: skip
    # the office is told who is written to without parental responsibility, and why
    assert (
        "4 letters go to a carer the pupil lives with, without parental responsibility in "
        "the contacts export (a parent: Education Act 1996 s.576): Mr Carl Eff (CF), Ms Fay "
        "Foster (FOST), Mrs Gail Em (GM), Mrs Olive Only (ONLY)"
    ) in text, text
    # each pupil left without a letter is named, with why (a table wide enough for one line)
    _, text = _dry_run(tmp_path, contacts, "priority", width=1000)
    no_contact = text.split("No usable contact")[1].split("└")[0]
    for upn in ("SIB", "AWAY", "CO", "UNK"):
        assert f"Forename{upn}" in no_contact, upn
    for upn in ("MG", "GM", "ONLY", "CF", "FOST"):
        assert f"Forename{upn}" not in no_contact, upn
    assert "Miss Sam Sib (Sister) lives with the pupil but is not written to as a parent" in (
        " ".join(no_contact.replace("│", " ").split())
    ), no_contact
    assert (
        "Mrs Una Kay (Grandmother): the contacts export does not say if the pupil lives with them"
    ) in " ".join(no_contact.replace("│", " ").split()), no_contact
    to, _ = _dry_run(tmp_path, contacts, "all")
    assert to == {
        "MG": ["Ms Mia Gee", "Mrs Gwen Gee"], "GM": ["Mrs Gail Em", "Ms Meg Em"],
        "ONLY": ["Mrs Olive Only"], "CF": ["Mr Carl Eff", "Mr Fred Eff"],
        "FOST": ["Ms Fay Foster"], "SIB": [], "AWAY": [], "CO": [], "UNK": [],
    }  # fmt: skip
    # no "Lives With" column: the letters of before
    to, _ = _dry_run(tmp_path, _write(tmp_path, _without_lives_with(HEAD + ROWS), "b.csv"), "all")
    assert to == {
        "MG": ["Ms Mia Gee"], "GM": ["Ms Meg Em"], "ONLY": [], "CF": ["Mr Fred Eff"],
        "FOST": [], "SIB": [], "AWAY": [], "CO": [], "UNK": [],
    }  # fmt: skip


def test_a_carer_without_an_address_is_named_as_a_parent_the_letter_cannot_reach(
    tmp_path: Path,
) -> None:
    """CF's carer (priority 1) has no address: with `recipients = "priority"` the letter goes
    to the father (priority 2), and the run says the carer gets none, as for a parent
    with parental responsibility (decisions: "A priority contact passed over for want of
    an address is said")."""
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    rows = (
        "CF,C1,Mr,Carl,Eff,Uncle,1,N,Y,,,,\n"
        "CF,C2,Mr,Fred,Eff,Father,2,Y,N,,4 Far Road,Otherton,OT1 4AB\n"
    )
    contacts = _write(tmp_path, HEAD + rows)
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    code, out, err = run_cli(
        "letters", _absent(tmp_path, ("CF",)), "--contacts", contacts, "--dry-run",
        "--workspace", ws, "--as-of", "2026-10-02", "--only", "severe", width=80,
    )  # fmt: skip
    assert code == 0, err
    text = " ".join((out + err).split())
    assert "to: Mr Fred Eff" in text
    assert (
        "1 contact with parental responsibility, or living with the pupil, gets no letter, "
        "having no postal address or email in the contacts export (add it in the MIS): "
        "Mr Carl Eff (CF, priority 1; the letter went to Mr Fred Eff)"
    ) in text, text


def test_the_print_run_is_addressed_to_the_carer_at_the_child_s_home(tmp_path: Path) -> None:
    """A real run: the letter for ONLY is addressed (manifest's contact and address) to the
    grandmother at 3 Elm Road; CF's (`recipients = "all"`) to the uncle at the child's home
    and the father at his."""
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    contacts = _write(tmp_path, HEAD + ROWS)
    ws = tmp_path / "ws"
    _recipients(make_workspace(ws, AUTUMN_HALF_TERMS), "all")
    out_dir = tmp_path / "out"
    code, _, err = run_cli(
        "letters", _absent(tmp_path, ("ONLY", "CF")), "--contacts", contacts,
        "--workspace", ws, "--as-of", "2026-10-02", "--only", "severe", "--out", out_dir,
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO((out_dir / "manifest.csv").read_text("utf-8-sig"))))
    assert sorted((r["upn"], r["contact"], r["address"]) for r in rows) == [
        ("CF", "Mr Carl Eff", "4 Elm Road, Anytown, AN1 4AB"),
        ("CF", "Mr Fred Eff", "4 Far Road, Otherton, OT1 4AB"),
        ("ONLY", "Mrs Olive Only", "3 Elm Road, Anytown, AN1 3AB"),
    ]


def _pack(tmp: Path, upn: str, contacts: Path) -> tuple[int, dict | None, str]:
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp / "ws-pack")
    out = tmp / f"{upn}.json"
    code, _, err = run_cli(
        "evidence", upn, _absent(tmp, (upn,)), "--for", "penalty-notice", "--contacts",
        contacts, "--as-of", "2026-10-02", "--draft", "-f", "json", "-o", out, "--force",
        "-c", config,
    )  # fmt: skip
    return code, (json.loads(out.read_text("utf-8")) if code == 0 else None), err


def test_a_pack_s_parent_is_the_one_the_letters_go_to_a_carer_included(tmp_path: Path) -> None:
    """The penalty-notice pack's parent, without --parent, is the first parent the letters
    would go to: ONLY's grandmother, FOST's foster carer, CF's uncle (priority 1), MG's
    mother (priority 1).  The JSON says whether the parent lives with the pupil, so the LA
    can tell a carer from one with parental responsibility; SIB's sister is refused (no
    parent), as before."""
    contacts = _write(tmp_path, HEAD + ROWS)
    for upn, name, lives in (
        ("ONLY", "Mrs Olive Only", True), ("FOST", "Ms Fay Foster", True),
        ("CF", "Mr Carl Eff", True), ("MG", "Ms Mia Gee", False),
    ):  # fmt: skip
        code, pack, err = _pack(tmp_path, upn, contacts)
        assert code == 0, err
        assert pack["parent"]["name"] == name
        assert pack["parent"]["lives_with_pupil"] is lives
    # the PDF says why she is the parent, though without parental responsibility
    import pypdf

    from clirun import run_cli

    pdf = tmp_path / "only.pdf"
    code, _, err = run_cli(
        "evidence", "ONLY", _absent(tmp_path, ("ONLY",)), "--for", "penalty-notice",
        "--contacts", contacts, "--as-of", "2026-10-02", "--draft", "-o", pdf, "--force",
        "-c", tmp_path / "ws-pack" / "attcli.toml",
    )  # fmt: skip
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages).split())
    assert "Parental responsibility no" in text
    assert (
        "Lives with the pupil yes: has care of the pupil (a parent under s.576 of the "
        "Education Act 1996)"
    ) in text, text
    # CO's grandmother, the only parent, is under a court order: refused, said as she is
    code, _, err = _pack(tmp_path, "CO", contacts)
    assert code == 1
    assert (
        "pupil CO's only parent (parental responsibility, or living with the pupil) in "
    ) in " ".join(err.split()) and "(Mrs Cora Oh) is marked not to be sent letters" in err, err
    code, _, err = _pack(tmp_path, "SIB", contacts)
    assert code == 1
    assert "pupil SIB has no parent in" in err and "--parent" in err, err
    # no "Lives With" column: as before
    bare = _write(tmp_path, _without_lives_with(HEAD + ROWS), "bare.csv")
    code, _, err = _pack(tmp_path, "ONLY", bare)
    assert code == 1 and "has no contact with parental responsibility" in err, err
    code, pack, err = _pack(tmp_path, "CF", bare)
    assert code == 0 and pack["parent"]["name"] == "Mr Fred Eff", err
    assert pack["parent"]["lives_with_pupil"] is None


def test_the_pupil_record_says_who_lives_with_the_pupil(tmp_path: Path) -> None:
    from clirun import run_cli
    from school import make_workspace

    contacts = _write(tmp_path, HEAD + ROWS)
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli(
        "pupil", "MG", _absent(tmp_path, ("MG",)), "--contacts", contacts, "-c", config
    )
    assert code == 0, err
    lines = out.splitlines()
    assert next(x for x in lines if "Ms Mia Gee" in x).endswith(
        "(Mother), parental responsibility, does not live with the pupil"
    )
    assert next(x for x in lines if "Mrs Gwen Gee" in x).endswith(
        "(Grandmother), no parental responsibility, lives with the pupil (a carer: written "
        "to as a parent)"
    )
