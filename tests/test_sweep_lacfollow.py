"""Sweep lacfollow: what a released letter says of agreed absence (R, T) and to a
looked-after pupil's carer, and "is this pupil looked after" decided by one rule for
check, letters and the evidence pack.  Small registers by hand; the answers worked from
DOMAIN.md 5 and 9 and policy 002 (the Virtual School Head of the council that looks
after the child; the designated teacher; the Personal Education Plan)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]

HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Lives With Pupil,Address Line 1,Town,Postcode\n"
)
#: REGY: the register's Looked After Y, the foster carer alone in the contacts (no council).
#: CONN: the register's Looked After N, Westshire County Council with parental
#: responsibility in the contacts.  BIO: N, a mother.
CONTACTS = HEAD + (
    "REGY,F1,Ms,Fay,Foster,Foster Carer,1,N,Y,5 Elm Road,Anytown,AN1 5AB\n"
    "CONN,L1,,,Westshire County Council,Local Authority,1,Y,N,County Hall,Anytown,AN1 0AA\n"
    "CONN,F2,Mr,Finn,Foster,Foster Carer,2,N,Y,7 Elm Road,Anytown,AN1 5AB\n"
    "BIO,B1,Mrs,Bea,Io,Mother,1,Y,Y,1 Oak Road,Anytown,AN1 1AB\n"
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _school(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Each pupil: 10 school weeks from Mon 7 Sep 2026 (the half term 26-30 Oct no school
    week), `O` every Friday of the first 4 (8 sessions) and all Mon 16 Nov (2): 10
    unauthorised sessions in the window, the threshold (DOMAIN.md 5) met on 16 Nov."""
    marks = " ".join(["/ / / / O"] * 4 + ["/ / / / /"] * 5 + ["O / / / /", "/ / / / /"])
    reg = register({u: marks for u in ("REGY", "CONN", "BIO")}, start=D(2026, 9, 7),
                   holidays=HOLIDAY)  # fmt: skip
    # (born 1 Oct 2014: of age)
    path = with_looked_after(write_long_csv(reg, tmp_path / "export.csv", dob=True))
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    return path, contacts, make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_check_letters_and_the_pack_decide_looked_after_alike_and_say_a_disagreement(
    tmp_path: Path,
) -> None:
    """REGY (the register's column Y, no council among the contacts): looked after for all
    three, by the column.  CONN (the column N, Westshire County Council with parental
    responsibility among the contacts): the letters held and the pack quoted no notice by
    the contacts, and nothing said the register's column says No, one source silently
    picked over the other.  Now the one rule (attcli.looked_after) takes CONN as looked
    after and the hold and the pack say the column contradicts it.  check reads no
    contacts: the column is its one source (CONN quoted as BIO, a mother)."""
    export, contacts, config = _school(tmp_path)
    code, out, err = run_cli("check", export, "--as-of", "2026-11-20", "-c", config, width=400)
    assert code == 0, err
    rows = {line.split("│")[3].strip(): line for line in out.splitlines() if line.count("│") > 6}
    assert "next notice: none quoted: looked after (the register's Looked After column)" in rows["REGY"]
    assert "next notice: first (GBP 80" in rows["CONN"] and "next notice: first" in rows["BIO"]
    said = "the register's Looked After column says No: taken as looked after; correct whichever"
    for upn in ("REGY", "CONN"):  # (BIO's pack, a mother's, is blind2's test)
        o = tmp_path / f"{upn}.json"
        code, _, err = run_cli("evidence", upn, export, "--for", "penalty-notice", "--contacts",
                               contacts, "--as-of", "2026-11-20", "-c", config, "-f", "json",
                               "-o", o)  # fmt: skip
        assert code == 0, err
        pack = json.loads(o.read_text("utf-8"))
        assert pack["this_notice"] == "none quoted: looked after"
        assert (said in (pack["pupil"]["looked_after"] or "")) is (upn == "CONN"), pack["pupil"]
        assert (said in _flat(err)) is (upn == "CONN"), err
    code, out, err = run_cli("letters", export, "--contacts", contacts, "--as-of", "2026-11-20",
                             "-c", config, "--out", tmp_path / "out", "--dry-run", width=600)  # fmt: skip
    assert code == 0, err
    held = _flat(out).split("Held for review")[1]
    assert held.count("ForenameREGY") == 2 and held.count("ForenameCONN") == 2
    assert "BIO" not in held
    assert "looked after (Westshire County Council holds parental responsibility in the" in held
    assert held.count(said) == 2 and held.count("REGY │ red │ looked after (the register's") == 1


def test_a_released_red_letter_for_religious_observance_or_travel_asks_no_medical_evidence(
    tmp_path: Path,
) -> None:
    """lacletter's leftover: REL away 6 days of festivals (12 R sessions of 80: 68/80 =
    85.0 %, red, held), released: its next steps still said "We may ask for medical
    evidence for further absences due to illness", as if the absence were illness.  Now
    it asks to be told of such days ahead (R is a day the parent's religious body sets
    apart, known beforehand; T the same for a parent's work travel).  ILL (12 I) is still
    asked for medical evidence; MIX (6 R, 6 O: half, not held) not, no absence of it being
    illness (sweep rough8)."""
    from test_letters import html_text, run

    reg = register({
        "REL": "/ " * 34 + "R " * 6,
        "TRV": "/ " * 34 + "T " * 6,
        "ILL": "/ " * 34 + "I " * 6,
        "MIX": "/ " * 34 + "R " * 3 + "O " * 3,
    })  # fmt: skip
    made = run(tmp_path, reg, include_held=True, only=["red"])
    texts = {x.upn: html_text(tmp_path / "out" / x.html_file) for x in made.letters}
    assert sorted(texts) == ["ILL", "MIX", "REL", "TRV"]
    medical = "We may ask for medical evidence for further absences due to illness."
    ahead = (
        "Please tell us in advance of any further absence for {what}, so that we can record "
        "it correctly and plan Forename{u}'s learning around it."
    )
    assert medical not in texts["REL"] and medical not in texts["TRV"], texts["REL"]
    assert ahead.format(what="religious observance", u="REL") in texts["REL"], texts["REL"]
    what = "travelling with a parent for their work"
    assert ahead.format(what=what, u="TRV") in texts["TRV"], texts["TRV"]
    # (MIX's absence has no illness in it: no medical evidence asked since sweep rough8)
    assert medical in texts["ILL"] and medical not in texts["MIX"]
    assert "in advance" not in texts["ILL"] + texts["MIX"]


def test_a_looked_after_pupils_letters_ask_the_carer_to_the_plans_meeting_and_name_its_council(
    tmp_path: Path,
) -> None:
    """lacletter's leftover: a looked-after pupil's red letter, released to the foster
    carer, invited them to the meeting "with the Headteacher" as any parent (a formal
    attendance meeting, the first step to the LA's action), and said "the school may
    involve" the school's own council, where the Virtual School Head of the council that
    looks after the child already is.  Now the meeting is the Personal Education Plan's
    (policy 002: the designated teacher with the Virtual School Head and the social
    worker), the Virtual School Head is named of the council where the contacts name it
    (CONN: Westshire County Council; the school's is Anyshire), and unnamed where they do
    not (REGY: the register's column alone): nothing said that cannot be known.  BIO's letter, to a mother, as ever."""
    from test_letters import html_text

    export, contacts, config = _school(tmp_path)
    code, _, err = run_cli("letters", export, "--contacts", contacts, "--as-of", "2026-11-20",
                           "-c", config, "--out", tmp_path / "out", "--release", "REGY",
                           "--release", "CONN")  # fmt: skip
    assert code == 0, err
    texts = {
        (p.name.split("_")[0], "warning" if "warning" in p.name else "red"): html_text(p)
        for p in (tmp_path / "out").rglob("*.html")
    }
    assert sorted(texts) == [(u, k) for u in ("BIO", "CONN", "REGY") for k in ("red", "warning")]
    meeting = (
        "we will invite you to a meeting with the school's designated teacher for looked-after "
        "children, Forename{u}'s social worker and {vsh} to agree a plan to improve Forename{u}'s "
        "attendance through Forename{u}'s Personal Education Plan, and we will monitor it every "
        "week."
    )
    vsh = {
        "REGY": "the Virtual School Head",
        "CONN": "the Virtual School Head of Westshire County Council",
    }
    for upn in ("REGY", "CONN"):
        red = texts[(upn, "red")]
        assert meeting.format(u=upn, vsh=vsh[upn]) in red, red
        assert "school may involve" not in red and "Headteacher" not in red
        warning = texts[(upn, "warning")]
        assert f"Forename{upn}'s social worker and {vsh[upn]}." in warning, warning
    assert "Virtual School Head of" not in texts[("REGY", "red")] + texts[("REGY", "warning")]
    bio = texts[("BIO", "red")]
    assert "we will invite you to an attendance meeting" in bio and "school may involve" in bio
    assert "Virtual School Head" not in bio + texts[("BIO", "warning")]


def test_the_cme_list_names_a_pupil_the_register_alone_marks_looked_after(tmp_path: Path) -> None:
    """The same rule for `cme`'s line that has each looked-after pupil's social worker told
    of the unexplained absence (policy 002): it read the contacts alone, so REGY (the
    register's column Y, the foster carer the only contact) went unnamed.  All three `N`
    for the 20 school days from 07/09/2026: each listed; REGY named by the column, CONN by
    its council with the column's No said, BIO (a mother, N) not."""
    reg = register({u: " ".join(["N"] * 20) for u in ("REGY", "CONN", "BIO")},
                   start=D(2026, 9, 7))  # fmt: skip
    export = with_looked_after(write_long_csv(reg, tmp_path / "export.csv", dob=True))
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    code, out, err = run_cli("cme", export, "--contacts", contacts, "--as-of", "2026-10-02",
                             "-c", make_workspace(tmp_path / "ws"))  # fmt: skip
    assert code == 0, err
    said = _flat(out + err)
    assert (
        "2 pupils listed are looked after (a local authority holds parental responsibility in "
        "the contacts export, or the register's Looked After column says so): tell each one's "
        "social worker of the unexplained absence, and of any deletion from the register, and "
        "the Virtual School Head: CONN (Westshire County Council; the register's Looked After "
        "column says No: taken as looked after; correct whichever is wrong in the MIS), REGY "
        "(the register's Looked After column)"
    ) in said, said
    # a cell of the column that is no yes/no value ('PLAC') must not stop the CME list: read
    # without the column, said, and CONN still named by its council
    export.write_text(export.read_text("utf-8").replace(",Y\n", ",PLAC\n"), encoding="utf-8")
    code, out, err = run_cli("cme", export, "--contacts", contacts, "--as-of", "2026-10-02",
                             "-c", tmp_path / "ws" / "attcli.toml")  # fmt: skip
    assert code == 0, err
    said = _flat(out + err)
    assert "The list was read without the register's looked-after column" in said, said
    assert "1 pupil listed is looked after (a local authority holds parental" in said, said
    assert "CONN (Westshire County Council)" in said


def with_looked_after(path: Path, regy: str = "Y") -> Path:
    """The register at ``path`` given a Looked After column: ``regy`` for REGY, N for the
    others."""
    lines = path.read_text("utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0] + ",Looked After"]
                  + [x + (f",{regy}" if x.startswith("REGY") else ",N") for x in lines[1:]])
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return path
