"""Sweep identity: which child is which, in real exports and contacts (DOMAIN.md 5, 9; a
mark, flag, letter or pack attributed to the right child and sent to the right, allowed
parent).

Registers are hand made (tests/builders.py) from Monday 7 September 2026, the half-term
holiday 26-30 October; the figures of each test are worked by hand in its docstring.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

P = "/\\"
HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
#: school days 7 September to Friday 27 November 2026: 20 to Fri 2 Oct, then 35
DAYS = 55


def _named(reg: pl.DataFrame, names: dict[str, tuple[str, str, dt.date]]) -> pl.DataFrame:
    """``reg`` with each UPN of ``names`` given (surname, forename, date of birth)."""
    for upn, (sur, fore, dob) in names.items():
        mine = pl.col("upn") == upn
        reg = reg.with_columns(
            pl.when(mine).then(pl.lit(sur)).otherwise(pl.col("surname")).alias("surname"),
            pl.when(mine).then(pl.lit(fore)).otherwise(pl.col("forename")).alias("forename"),
            pl.when(mine).then(pl.lit(dob)).otherwise(pl.col("dob")).alias("dob"),
        )
    return reg


def _two_upn_school(tmp_path: Path, forename_of_old: str) -> tuple[Path, Path, Path]:
    """OLD present 7 Sep - 2 Oct (20 days, then no row); NEW from Mon 5 Oct: O on its
    first 10 school days (20 sessions), present after, to Fri 27 Nov.  Both Tempest, born
    01/05/2018; OLD's forename ``forename_of_old``, NEW's Tia.  NEW alone: 50 of 70
    sessions (71.4 %); the one child under both UPNs: 90 of 110 (81.8 %)."""
    born = dt.date(2018, 5, 1)
    reg = register(
        {
            "OLD": " ".join([P] * 20 + ["!"] * 35),
            "NEW": " ".join(["!"] * 20 + ["O"] * 10 + [P] * 25),
            "A0": " ".join([P] * DAYS),
        },
        holidays=HOLIDAY,
    )
    reg = _named(reg, {"OLD": ("Tempest", forename_of_old, born), "NEW": ("Tempest", "Tia", born)})
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    contacts = contacts_file(tmp_path / "contacts.csv", [("NEW", "CP", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def _pack(export: Path, config: Path, contacts: Path, upn: str, *more: str | Path):
    return run_cli(
        "evidence", upn, export, "-c", config, "--contacts", contacts,
        "--for", "penalty-notice", "--as-of", "2026-11-27", *more,
    )  # fmt: skip


def test_a_pack_of_one_upn_of_a_child_under_two_says_so_and_is_not_complete(tmp_path):
    """A temporary UPN replaced by the permanent one mid-term: the pack of NEW gave
    NEW's 50 of 70 (71.4 %) as the child's school year, complete, nothing said (the
    letters hold such a letter; the pack for the local authority did not).  Its figures
    are NEW's alone, so it is not complete: the problem names the other UPN and its
    dates.  Twins (another forename) are two children: nothing said, the pack complete."""
    export, config, contacts = _two_upn_school(tmp_path, "Tia")
    code, out, err = _pack(export, config, contacts, "NEW", "--draft", "-f", "json")
    assert code == 0, err
    pack = json.loads(out)
    assert pack["figures"]["possible"] == 70 and pack["figures"]["attended"] == 50
    assert not pack["complete"]
    said = [p for p in pack["problems"] if "two UPNs" in p]
    assert len(said) == 1, pack["problems"]
    assert "OLD" in said[0] and "07/09/2026 to 02/10/2026" in said[0]
    assert "NEW's alone" in said[0]
    code, out, err = _pack(export, config, contacts, "NEW", "-o", tmp_path / "p.pdf")
    assert code == 1 and "two UPNs" in err

    twins = tmp_path / "twins"
    twins.mkdir()
    export, config, contacts = _two_upn_school(twins, "Tom")
    code, out, err = _pack(export, config, contacts, "NEW", "--draft", "-f", "json")
    assert code == 0, err
    pack = json.loads(out)
    assert pack["complete"], pack["problems"]


CONTACTS_HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Correspondence,Address Line 1,Town,Postcode\n"
)


def _red_school(tmp_path: Path, contacts: str) -> tuple[Path, Path, Path]:
    """P: O on Mon 16 - Thu 19 Nov and Mon 23 - Tue 24 Nov (12 sessions, 10+ in the
    window of 14 Sep - 27 Nov), present otherwise; A0 present throughout."""
    days = [d for d in (dt.date(2026, 9, 7) + dt.timedelta(i) for i in range(82))
            if d.weekday() < 5 and d not in HOLIDAY]  # fmt: skip
    absent = {dt.date(2026, 11, d) for d in (16, 17, 18, 19, 23, 24)}
    reg = register(
        {"P": " ".join("O" if d in absent else P for d in days), "A0": " ".join([P] * DAYS)},
        holidays=HOLIDAY,
    )
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS_HEAD + contacts, encoding="utf-8")
    return export, config, path


def test_a_pack_s_parent_is_one_with_parental_responsibility_who_may_be_written_to(tmp_path):
    """The pack's parent by default (no --parent) was the first contact whose parental
    responsibility was not 'No': a grandmother with it blank (priority 1) was named as
    the parent the notice is for, though the export has the column and the letters, which
    read a blank as no, went to the mother (priority 2).  And a father the school marks
    not to be sent letters (Correspondence N: a court order, a parent who must not get the
    child's post) was named before the mother the letters go to.  The default is now the
    first contact the letters would go to (parental responsibility, not marked), the one
    skipped said; --parent still names anyone."""
    export, config, contacts = _red_school(
        tmp_path,
        "P,G1,Mrs,Gran,Nana,Grandmother,1,,Y,1 Elm Road,Anytown,AN1 1AB\n"
        "P,F1,Mr,Stan,Shaw,Father,1,Yes,N,2 Elm Road,Anytown,AN1 2AB\n"
        "P,M1,Mrs,Sal,Shaw,Mother,2,Yes,Y,3 Elm Road,Anytown,AN1 3AB\n",
    )
    code, out, err = _pack(export, config, contacts, "P", "--draft", "-f", "json")
    assert code == 0, err
    pack = json.loads(out)
    assert pack["parent"]["name"] == "Mrs Sal Shaw"
    assert "Mr Stan Shaw" in err and "not to be sent letters" in err
    # the JSON tells the contacts apart as the PDF does
    assert [(c["contact_id"], c["parental_responsibility"], c["not_to_be_sent_letters"])
            for c in pack["contacts"]] == [("G1", None, False), ("F1", True, True),
                                            ("M1", True, False)]  # fmt: skip
    code, out, err = _pack(export, config, contacts, "P", "--draft", "-f", "json",
                           "--parent", "F1")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["parent"]["name"] == "Mr Stan Shaw"
    assert "Mr Stan Shaw (--parent) is marked" in err
    pdf = tmp_path / "pack.pdf"
    code, out, err = _pack(export, config, contacts, "P", "--draft", "-o", pdf, "--parent", "F1")
    assert code == 0, err
    from pypdf import PdfReader

    text = " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    assert "not to be sent letters" in " ".join(text.split())

    # no one the letters may go to: refused, naming why, until --parent says who
    export, config, contacts = _red_school(
        tmp_path,
        "P,G1,Mrs,Gran,Nana,Grandmother,1,,Y,1 Elm Road,Anytown,AN1 1AB\n"
        "P,F1,Mr,Stan,Shaw,Father,2,Yes,N,2 Elm Road,Anytown,AN1 2AB\n",
    )
    code, out, err = _pack(export, config, contacts, "P", "--draft", "-f", "json")
    assert code == 1 and "--parent" in err and "Mr Stan Shaw" in err, err


def _letters(tmp: Path, contacts: str, upns: tuple[str, ...] = ("A1", "A2")):
    """The dry run's letters of red pupils ``upns`` (O on the first 4 of 35 school days of
    Autumn 1: 62/70 = 88.6 %, red) as of Fri 23/10/2026, with contacts ``contacts``."""
    from attcli.config import load_config
    from attcli.letters import run_letters
    from school import AUTUMN_HALF_TERMS

    path = tmp / "contacts.csv"
    path.write_text(contacts, encoding="utf-8")
    red = " ".join(["O"] * 4 + [P] * 31)
    reg = register({u: red for u in upns}, start=dt.date(2026, 9, 7))
    config = load_config(make_workspace(tmp / "ws", AUTUMN_HALF_TERMS))
    return run_letters(
        [], config, register=reg, contacts=path, out_dir=None, dry_run=True,
        as_of=dt.date(2026, 10, 23), letter_date=dt.date(2026, 10, 23),
    )  # fmt: skip


def test_one_parent_under_two_contact_ids_gets_one_letter_and_it_is_said(tmp_path):
    """Mrs Dee Dunn is on lines 2 and 3 for A1 under contact ids 115 and 116 (a contact
    record made twice in the MIS), the same name and address, both priority 1 with
    parental responsibility: she got two identical letters, under a note telling the
    office to set the priorities ("contacts share the first priority").  One envelope is
    one person: one letter, and one note names the two ids (a penalty notice counts a
    parent by id, so the MIS should hold one).  A2's two contacts, the same name at two
    addresses (a father and a son?), are two people: a letter each, as before.  And where
    one of A1's two records is marked not to be sent letters, she gets none."""
    head = CONTACTS_HEAD
    rows = (
        "A1,115,Mrs,Dee,Dunn,Mother,1,Yes,Y,15 Elm Road,Anytown,AN1 1AB\n"
        "A1,116,Mrs,Dee,Dunn,Mother,1,Yes,Y,15 Elm Road,Anytown,AN1 1AB\n"
        "A2,210,Mr,Jon,Ray,Father,1,Yes,Y,2 Elm Road,Anytown,AN1 2AB\n"
        "A2,211,Mr,Jon,Ray,Father,1,Yes,Y,9 Oak Road,Anytown,AN1 9AB\n"
    )
    run = _letters(tmp_path, head + rows)
    assert sorted((x.upn, x.contact.contact_id) for x in run.letters) == [
        ("A1", "115"), ("A2", "210"), ("A2", "211")
    ]
    said = [n for n in run.notes if "115" in n and "116" in n]
    assert len(said) == 1 and "Mrs Dee Dunn" in said[0] and "A1" in said[0], run.notes
    assert not any("210" in n and "211" in n for n in run.notes)

    marked = rows.replace("A1,116,Mrs,Dee,Dunn,Mother,1,Yes,Y", "A1,116,Mrs,Dee,Dunn,Mother,1,Yes,N")
    run = _letters(tmp_path, head + marked)
    assert [x.upn for x in run.letters if x.upn == "A1"] == []
    assert "A1" in str(run.no_contact)


def test_twins_whose_forenames_read_as_one_spelling_keep_a_complete_pack(tmp_path):
    """Twins Louis and Louisa Tempest, born the same day, both on roll 7 Sep - 27 Nov:
    the loader asks whether they are one child under two UPNs (a name of five letters one
    letter from another reads as one spelt two ways).  Louis's pack's figures miss no day
    of the other UPN's (both are on roll over the same days), so his pack is complete; a
    UPN whose pack does miss the other's days (OLD, 7 Sep - 2 Oct, then NEW) is not."""
    born = dt.date(2018, 5, 1)
    days = " ".join([P] * 50 + ["O"] * 5)  # 10 O in the window: the threshold
    reg = register({"LOUIS": days, "LOUISA": days, "A0": " ".join([P] * DAYS)},
                   holidays=HOLIDAY)  # fmt: skip
    reg = _named(reg, {"LOUIS": ("Tempest", "Louis", born),
                       "LOUISA": ("Tempest", "Louisa", born)})  # fmt: skip
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    contacts = contacts_file(tmp_path / "contacts.csv", [("LOUIS", "CP", "Mrs", "Ann", "Parent")])
    code, out, err = _pack(export, config, contacts, "LOUIS", "--draft", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["complete"], json.loads(out)["problems"]

    other = tmp_path / "old"
    other.mkdir()
    export, config, contacts = _two_upn_school(other, "Tia")
    contacts = contacts_file(other / "contacts.csv", [("OLD", "CP", "Mrs", "Ann", "Parent")])
    code, out, err = _pack(export, config, contacts, "OLD", "--draft", "-f", "json")
    assert code == 0, err
    assert any("two UPNs" in p and "OLD's alone" in p for p in json.loads(out)["problems"])


def test_the_pupil_record_says_which_contact_is_not_to_be_sent_letters(tmp_path):
    """`attcli pupil` listed Mr Stan Shaw (priority 1, parental responsibility,
    Correspondence N) as any other contact: the office, reading the record to write or
    ring home, was not told the school marked him not to be sent letters (the letters go
    to Mrs Sal Shaw).  His line now says so; hers does not."""
    export, config, contacts = _red_school(
        tmp_path,
        "P,F1,Mr,Stan,Shaw,Father,1,Yes,N,2 Elm Road,Anytown,AN1 2AB\n"
        "P,M1,Mrs,Sal,Shaw,Mother,2,Yes,Y,3 Elm Road,Anytown,AN1 3AB\n",
    )
    code, out, err = run_cli("pupil", "P", export, "-c", config, "--contacts", contacts,
                             "--as-of", "2026-11-27")  # fmt: skip
    assert code == 0, err
    stan = next(line for line in out.splitlines() if "Mr Stan Shaw" in line)
    sal = next(line for line in out.splitlines() if "Mrs Sal Shaw" in line)
    assert "not to be sent letters" in stan and "not to be sent letters" not in sal


def test_a_notice_to_one_parent_under_another_of_their_contact_ids_is_said(tmp_path):
    """Mrs Dee Dunn is P's contact under ids 115 and 116 (one name and address: a contact
    record made twice in the MIS).  A notice recorded to 115; `pn next --parent 116`
    answered "first (GBP 80 ...)", nothing said, and `pn record --parent 116` recorded a
    second notice as another parent's first.  A parent is the contact id (DOMAIN.md 5), so
    attcli cannot tell: the answer stands, and one line says the notice to 115 and what
    the next would be if one person; `pn record` stops until --force, as for a notice
    under an id the export no longer has.  A namesake at another address is no one's
    alias: nothing said."""
    export, config, contacts = _red_school(
        tmp_path,
        "P,115,Mrs,Dee,Dunn,Mother,1,Yes,Y,15 Elm Road,Anytown,AN1 1AB\n"
        "P,116,Mrs,Dee,Dunn,Mother,1,Yes,Y,15 Elm Road,Anytown,AN1 1AB\n"
        "P,117,Mrs,Dee,Dunn,Aunt,2,Yes,Y,9 Oak Road,Anytown,AN1 9AB\n",
    )
    code, out, err = run_cli("pn", "record", "P", export, "-c", config, "--contacts", contacts,
                             "--parent", "115", "--date", "2026-11-27")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("pn", "next", "P", "-c", config, "--contacts", contacts,
                             "--parent", "116", "--date", "2026-11-30")  # fmt: skip
    assert code == 0, err
    assert out.startswith("first")
    said = " ".join(err.split())
    assert "115" in said and "same name and address" in said and "second" in said, err
    code, out, err = run_cli("pn", "next", "P", "-c", config, "--contacts", contacts,
                             "--parent", "117", "--date", "2026-11-30")  # fmt: skip
    assert code == 0 and out.startswith("first") and "115" not in err, err
    code, out, err = run_cli("pn", "record", "P", export, "-c", config, "--contacts", contacts,
                             "--parent", "116", "--date", "2026-11-30")  # fmt: skip
    assert code == 1 and "same name and address" in " ".join(err.split()), err


def test_a_merge_of_two_children_s_upns_is_refused_naming_both(tmp_path):
    """Twins Amy and Ben Smith (born the same day) and their run on record: `pupil merge
    AMY BEN` (a UPN typed for the temporary one, the twin's given) moved Amy's letters
    and notices onto Ben's record, nothing said.  The record holds each UPN's forename
    and date of birth: two children's (another forename, or another date of birth) are
    refused, both named, until --force; one child's (the same forename, the surname
    changed by an adoption) merge as before."""
    born = dt.date(2018, 3, 3)
    red = " ".join(["O"] * 10 + [P] * 45)
    reg = register({"AMY": red, "BEN": red, "LILY": red, "LILY2": " ".join([P] * DAYS)},
                   holidays=HOLIDAY)  # fmt: skip
    reg = _named(reg, {"AMY": ("Smith", "Amy", born), "BEN": ("Smith", "Ben", born),
                       "LILY": ("Brown", "Lily", born), "LILY2": ("Green", "Lily", born)})  # fmt: skip
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("AMY", "C1", "Mrs", "Sue", "Smith"), ("BEN", "C1", "Mrs", "Sue", "Smith"),
        ("LILY", "C2", "Mrs", "Lucy", "Green"), ("LILY2", "C2", "Mrs", "Lucy", "Green"),
    ])  # fmt: skip
    code, out, err = run_cli("letters", export, "-c", config, "--contacts", contacts,
                             "--as-of", "2026-11-27", "--out", tmp_path / "out")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("pupil", "merge", "AMY", "BEN", "-c", config)
    assert code == 1, out
    said = " ".join(err.split())
    assert "Amy" in said and "Ben" in said and "--force" in said, err
    code, out, err = run_cli("pupil", "merge", "AMY", "BEN", "-c", config, "--force")
    assert code == 0 and "moved from AMY to BEN" in out, err
    code, out, err = run_cli("pupil", "merge", "LILY", "LILY2", "-c", config)
    assert code == 0 and "moved from LILY to LILY2" in out, err
