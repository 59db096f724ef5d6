"""Looked-after children (CLA) on real registers: a local authority listed as a contact
with parental responsibility (the child is in its care under a care order), the foster
carer the child lives with, and the social worker.  A local authority is a parent in law
(s.576 of the Education Act 1996: it holds parental responsibility) but it is no person:
no letter warning of meetings, fines or prosecution is addressed to a council, and no
penalty notice can be issued to it (it cannot fine itself).  Policy 002: the school tells
the pupil's social worker of any unexplained absence and works with the Virtual School
Head on the Personal Education Plan.  Hand-made files in the layout attcli reads; the
right answers worked by hand: pupils N every session of 20 school days from Mon 7 Sep
2026 (0 %, the severe letter)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from attcli.contacts import Contact, load_contacts
from builders import register, write_long_csv

D = dt.date

HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Lives With Pupil,Court Order,Address Line 1,Town,Postcode\n"
)
ROWS = (
    # LAC1: the council holds PR (priority 1), the foster carer (2) has care, a social worker
    "LAC1,L1,,,Anyshire County Council,Local Authority,1,Y,N,,County Hall,Anytown,AN1 0AA\n"
    "LAC1,L2,Ms,Fay,Foster,Foster Carer,2,N,Y,,5 Elm Road,Anytown,AN1 5AB\n"
    "LAC1,L3,Ms,Sue,Social,Social Worker,3,N,N,,County Hall,Anytown,AN1 0AA\n"
    # LAC2: the council is the only contact
    "LAC2,K1,,,Anyshire County Council,Local Authority,1,Y,N,,County Hall,Anytown,AN1 0AA\n"
    # BIO: a mother with PR, as ever
    "BIO,B1,Mrs,Bea,Io,Mother,1,Y,Y,,1 Oak Road,Anytown,AN1 1AB\n"
)
UPNS = ("LAC1", "LAC2", "BIO")


def _write(tmp: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def _absent(tmp: Path, upns: tuple[str, ...] = UPNS) -> Path:
    reg = register({u: " ".join(["N"] * 20) for u in upns}, start=D(2026, 9, 7))
    path = write_long_csv(reg, tmp / "export.csv", dob=True)  # (of compulsory school age)
    # the register's own looked-after column, as SIMS and Arbor export it
    lines = path.read_text("utf-8").splitlines()
    out = [lines[0] + ",Looked After"] + [
        x + (",N" if x.startswith("BIO") else ",Y") for x in lines[1:]
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _names(book, upn: str, *, every: bool = False) -> list[str]:
    return [c.name for c in book.recipients(upn, all_with_pr=every)]


def test_a_local_authority_is_told_from_a_person() -> None:
    """By its name or its relationship as written; a person whose name holds such a word
    in another sense is not one."""

    def la(surname: str, relationship: str = "", forename: str = "") -> bool:
        from attcli.contacts import is_local_authority

        return is_local_authority(
            Contact(upn="P", forename=forename, surname=surname, relationship=relationship)
        )

    for surname, rel in (
        ("Anyshire County Council", ""), ("Otherton Borough Council", "Other"),
        ("London Borough of Hackney", ""), ("Royal Borough of Kingston", ""),
        ("Anyshire Children's Services", ""), ("Anyshire Childrens Services", ""),
        ("CITY COUNCIL", ""), ("Anyshire", "Local Authority"), ("Anyshire", "LA"),
        ("Anyshire", "Corporate Parent"), ("Social Services", ""),
        ("Anyshire", "Local Authority (Care Order)"),
    ):  # fmt: skip
        assert la(surname, rel), (surname, rel)
    for surname, rel in (
        ("Foster", "Foster Carer"), ("Social", "Social Worker"), ("Io", "Mother"),
        ("Councell", "Father"), ("Borough", "Uncle"), ("La", "Mother"), ("Laing", ""),
        # a person the council placed or employs is a person: a foster carer is written to
        ("Foster", "LA Foster Carer"), ("Foster", "Local Authority Foster Carer"),
        ("Social (Anyshire County Council)", "Social Worker"),
        ("Foster", "Foster Parent (Local Authority)"), ("Kin", "Carer (LA)"),
    ):  # fmt: skip
        assert not la(surname, rel), (surname, rel)


def test_a_local_authority_with_parental_responsibility_is_never_written_to(
    tmp_path: Path,
) -> None:
    """By hand, `recipients = "priority"` and `"all"`: LAC1's letter goes to the foster
    carer (the council, priority 1, is no person to write to); LAC2's to nobody (the run
    names the pupil, below); BIO's to the mother.  So without a "Lives With Pupil" column
    (the carer is then no parent: nobody for LAC1), and without a parental-responsibility
    column (every contact then counts as having it: the carer and social worker, never
    the council)."""
    book = load_contacts(_write(tmp_path, HEAD + ROWS))
    assert {u: (_names(book, u), _names(book, u, every=True)) for u in UPNS} == {
        "LAC1": (["Ms Fay Foster"], ["Ms Fay Foster"]),
        "LAC2": ([], []),
        "BIO": (["Mrs Bea Io"], ["Mrs Bea Io"]),
    }
    bare = "".join(
        ",".join(c for i, c in enumerate(x.split(",")) if i != 8) + "\n"
        for x in (HEAD + ROWS).splitlines()
    )
    book = load_contacts(_write(tmp_path, bare, "bare.csv"))
    assert {u: _names(book, u, every=True) for u in UPNS} == {
        "LAC1": [], "LAC2": [], "BIO": ["Mrs Bea Io"],
    }  # fmt: skip
    no_pr = "".join(
        ",".join(c for i, c in enumerate(x.split(",")) if i not in (7, 8)) + "\n"
        for x in (HEAD + ROWS).splitlines()
    )
    book = load_contacts(_write(tmp_path, no_pr, "nopr.csv"))
    assert {u: _names(book, u, every=True) for u in UPNS} == {
        "LAC1": ["Ms Fay Foster", "Ms Sue Social"], "LAC2": [], "BIO": ["Mrs Bea Io"],
    }  # fmt: skip


def test_letters_go_to_the_foster_carer_and_the_looked_after_pupils_are_said(
    tmp_path: Path,
) -> None:
    """`letters --dry-run`: LAC1's severe letter (which warns of prosecution) went to
    "Anyshire County Council".  A letter warning of meetings, fines or prosecution
    (`hold_templates`) about a looked-after pupil is held for a person to review, as
    DOMAIN.md 9 holds one the family cannot be blamed for: policy 002 has the designated
    teacher work with the social worker and the Virtual School Head.  Released, it goes to
    the foster carer; LAC2 is named under "No usable contact" with why, never dropped.  One
    line names the looked-after pupils and what policy 002 asks."""
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    contacts = _write(tmp_path, HEAD + ROWS)
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)

    def run(*extra: str) -> str:
        code, out, err = run_cli(
            "letters", _absent(tmp_path), "--contacts", contacts, "--dry-run", "--workspace",
            ws, "--as-of", "2026-10-02", "--only", "severe", *extra, width=1000,
        )  # fmt: skip
        assert code == 0, err
        return " ".join((out + err).replace("│", " ").split())

    text = run()
    assert "severe Anyshire County Council would write" not in text, text
    assert "BIO ForenameBIO SurnameBIO severe Mrs Bea Io would write" in text, text
    held = text.split("Held for review")[1]
    for upn in ("LAC1", "LAC2"):
        assert (
            f"{upn} Forename{upn} Surname{upn} severe looked after (Anyshire County Council "
            "holds parental responsibility in the contacts export): agree a letter warning of "
            "meetings, fines or prosecution with the social worker and the Virtual School "
            "Head (the Personal Education Plan) first"
        ) in held, held
    text = run("--release", "LAC1,LAC2")
    assert "severe Anyshire County Council would write" not in text, text
    assert "LAC1 ForenameLAC1 SurnameLAC1 severe Ms Fay Foster would write" in text, text
    no_contact = text.split("No usable contact")[1]
    assert "ForenameLAC2" in no_contact, text
    assert (
        "Anyshire County Council (Local Authority) is a local authority (the pupil is looked "
        "after): not written to as a parent"
    ) in no_contact, no_contact
    assert (
        "2 pupils have a local authority with parental responsibility among their contacts "
        "(looked after): no letter is addressed to it; tell the pupil's social worker of "
        "unexplained absence and agree next steps with the Virtual School Head: "
        "ForenameLAC1 SurnameLAC1 (LAC1), ForenameLAC2 SurnameLAC2 (LAC2)"
    ) in text, text


def test_an_amber_letter_about_a_looked_after_pupil_is_held_and_released_to_the_carer(
    tmp_path: Path,
) -> None:
    """At 91.7 % by hand (55 of 60 sessions in 30 school days, 5 O: over 90, under 92)
    LAC1's amber letter, which warns of nothing, waits for a person too (sweep rough6: who
    is written to about a child in care is the social worker's and the Virtual School
    Head's to agree; it was sent); released, it goes to the foster carer."""
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    contacts = _write(tmp_path, HEAD + ROWS)
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    reg = register({"LAC1": " ".join(["O/"] * 5 + ["/"] * 25)}, start=D(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "amber.csv", dob=True)
    for release in ((), ("--release", "LAC1")):
        code, out, err = run_cli(
            "letters", export, "--contacts", contacts, "--dry-run", "--workspace", ws,
            "--as-of", "2026-10-16", *release, width=1000,
        )  # fmt: skip
        assert code == 0, err
        text = " ".join((out + err).replace("│", " ").split())
        assert ("Held for review" in text) is not bool(release), text
        assert ("LAC1 ForenameLAC1 SurnameLAC1 amber Ms Fay Foster would write" in text) is bool(
            release
        ), text


def _pack(tmp: Path, upn: str, contacts: Path, *extra: str) -> tuple[int, dict | None, str]:
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp / "ws-pack")
    out = tmp / f"{upn}.json"
    out.unlink(missing_ok=True)
    code, stdout, err = run_cli(
        "evidence", upn, _absent(tmp, (upn,)), "--for", "penalty-notice", "--contacts",
        contacts, "--as-of", "2026-10-02", "--draft", "-f", "json", "-o", out, "--force",
        "-c", config, *extra,
    )  # fmt: skip
    return code, (json.loads(out.read_text("utf-8")) if code == 0 else None), stdout + err


def test_a_penalty_notice_pack_never_names_a_local_authority_as_the_parent(
    tmp_path: Path,
) -> None:
    """LAC1's pack named "Anyshire County Council" the parent (priority 1, PR): it names the
    foster carer, and says the pupil is looked after and that a notice to a foster carer
    is for the local authority to decide.  LAC2's (the council alone) and `--parent L1`
    are refused in one line saying why: a local authority cannot be fined."""
    contacts = _write(tmp_path, HEAD + ROWS)
    code, pack, out = _pack(tmp_path, "LAC1", contacts)
    assert code == 0, out
    assert pack["parent"]["name"] == "Ms Fay Foster"
    said = " ".join(out.split())
    assert (
        "Anyshire County Council is a local authority with parental responsibility (the "
        "pupil is looked after): the pack's parent is Ms Fay Foster, the carer the pupil "
        "lives with; a penalty notice cannot be issued to a local authority, and whether "
        "one goes to a foster carer is for the local authority (the Virtual School Head and "
        "the social worker) to decide"
    ) in said, said
    code, _, out = _pack(tmp_path, "LAC2", contacts)
    assert code == 1
    assert len(out.strip().splitlines()) == 1 and "Traceback" not in out, out
    assert ("pupil LAC2's only contact with parental responsibility in ") in out and (
        "(Anyshire County Council) is a local authority (the pupil is looked after): a "
        "penalty notice cannot be issued to a local authority; agree the next step with the "
        "Virtual School Head and the social worker, or give the carer with --parent NAME or ID"
    ) in " ".join(out.split()), out
    for who in ("L1", "Anyshire County Council"):
        code, _, out = _pack(tmp_path, "LAC1", contacts, "--parent", who)
        assert code == 1, out
        assert (
            "Anyshire County Council (--parent) is a local authority (the pupil is looked "
            "after): a penalty notice, a notice to improve or a prosecution is for a parent "
            "who is a person, and a local authority cannot be fined; give the carer with "
            "--parent NAME or ID"
        ) in " ".join(out.split()), out


def test_pn_record_refuses_a_notice_to_a_local_authority(tmp_path: Path) -> None:
    from clirun import run_cli
    from school import make_workspace

    contacts = _write(tmp_path, HEAD + ROWS)
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli(
        "pn", "record", "LAC1", _absent(tmp_path), "--parent", "L1", "--contacts", contacts,
        "--date", "2026-10-02", "-c", config,
    )  # fmt: skip
    assert code == 1, out + err
    assert "is a local authority (the pupil is looked after)" in " ".join(err.split()), err
    assert "Traceback" not in err
    assert not (tmp_path / "ws" / "attcli-history.sqlite3").exists()
    # the foster carer's is recorded as before
    code, out, err = run_cli(
        "pn", "record", "LAC1", _absent(tmp_path), "--parent", "L2", "--contacts", contacts,
        "--date", "2026-10-02", "--as-of", "2026-10-02", "-c", config,
    )  # fmt: skip
    assert code == 0, out + err


def test_cme_names_the_carer_to_telephone_and_says_to_tell_the_social_worker(
    tmp_path: Path,
) -> None:
    """cme's Priority contact for LAC1 (missing 20 school days) was "Anyshire County Council"
    and its switchboard: the carer the child lives with is the one to telephone (the council
    is passed over, as a contact under a court order is); LAC2's only contact, the council,
    is named with "(local authority)" beside it, never dropped.  One line names the
    looked-after pupils listed and what policy 002 asks: their social worker told of the
    unexplained absence."""
    import csv
    import io

    from clirun import run_cli

    contacts = _write(tmp_path, HEAD + ROWS)
    out = tmp_path / "cme.csv"
    code, stdout, err = run_cli(
        "cme", _absent(tmp_path), "--contacts", contacts, "--as-of", "2026-10-02", "-o", out,
        "--format", "csv",
    )  # fmt: skip
    assert code == 0, err
    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    assert {r["UPN"]: r["Priority contact"] for r in rows} == {
        "BIO": "Mrs Bea Io",
        "LAC1": "Ms Fay Foster",
        "LAC2": "Anyshire County Council (local authority)",
    }
    said = " ".join((stdout + err).split())
    assert (
        "2 pupils listed are looked after (a local authority holds parental responsibility "
        "in the contacts export): tell each one's social worker of the unexplained absence, "
        "and of any deletion from the register, and the Virtual School Head: LAC1 (Anyshire "
        "County Council), LAC2 (Anyshire County Council)"
    ) in said, said


def test_the_looked_after_pupil_s_address_is_the_carer_s_never_the_council_s(
    tmp_path: Path,
) -> None:
    """The register check's Address (given to the LA as the child's home): LAC1's is the
    foster carer's, 5 Elm Road, with or without a "Lives With Pupil" column (without it the
    council, priority 1 with PR, gave County Hall); LAC2's is blank, and said why: only the
    local authority has an address."""
    import csv
    import io

    from clirun import run_cli

    bare = "".join(
        ",".join(c for i, c in enumerate(x.split(",")) if i != 8) + "\n"
        for x in (HEAD + ROWS).splitlines()
    )
    for text, name in ((HEAD + ROWS, "c.csv"), (bare, "bare.csv")):
        contacts = _write(tmp_path, text, name)
        out = tmp_path / "rc.csv"
        code, stdout, err = run_cli(
            "register-check", _absent(tmp_path), "--term", "autumn", "--as-of", "2026-10-02",
            "--contacts", contacts, "-o", out, "--force",
        )  # fmt: skip
        assert code == 0, err
        rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
        assert {r["UPN"]: r["Address"] for r in rows} == {
            "BIO": "1 Oak Road, Anytown, AN1 1AB",
            "LAC1": "5 Elm Road, Anytown, AN1 5AB",
            "LAC2": "",
        }, name
        said = " ".join((stdout + err).split())
        assert (
            "LAC2 (only a local authority has one: the pupil is looked after; give the "
            "carer's address in the MIS)"
        ) in said, said


def test_the_register_s_in_care_column_is_the_looked_after_cohort(tmp_path: Path) -> None:
    """SIMS and the school census call the looked-after flag "In Care" (also "In LA Care");
    a register with it was read as having no looked-after column (the report's cohorts said
    "Not in the data: ... Looked-after children").  Read as CLA, as "Looked After" is."""
    from attcli.loaders import load_registers

    for header in ("In Care", "In LA Care", "Looked After Child"):
        path = tmp_path / "r.csv"
        path.write_text(
            f"UPN,Surname,Forename,Date,Session,Mark,{header}\n"
            "A1,S,F,09/09/2026,AM,/,Yes\nA2,S,G,09/09/2026,AM,/,No\n",
            encoding="utf-8",
        )
        reg = load_registers([path]).register
        assert "cla" in reg.columns, header
        assert sorted(reg.select("upn", "cla").rows()) == [("A1", True), ("A2", False)], header


def test_the_pupil_record_says_the_council_is_a_local_authority(tmp_path: Path) -> None:
    """`pupil --contacts`: whoever takes the call sees why the council, first in the list
    with parental responsibility, gets no letter and is named in no notice."""
    from clirun import run_cli
    from school import make_workspace

    contacts = _write(tmp_path, HEAD + ROWS)
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli(
        "pupil", "LAC1", _absent(tmp_path, ("LAC1",)), "--contacts", contacts, "-c", config,
        width=1000,
    )  # fmt: skip
    assert code == 0, err
    # (the contacts' line: the check's reason names the council too, since sweep lacla)
    line = next(x for x in out.splitlines() if "Anyshire County Council (Local" in x)
    assert line.endswith(
        "(Local Authority), parental responsibility, does not live with the pupil, a local "
        "authority (the pupil is looked after): not written to as a parent, nor named in a "
        "penalty notice"
    ), line
    line = next(x for x in out.splitlines() if "Ms Fay Foster" in x)
    assert line.endswith("lives with the pupil (a carer: written to as a parent)"), line


def test_pn_next_quotes_no_fine_to_a_local_authority(tmp_path: Path) -> None:
    """`pn next LAC1 --parent L1 --contacts`: "first (GBP 80 ...)" was quoted for the
    council; refused in one line saying why, as `pn record` is.  The carer's is answered:
    since sweep lacla as check, the record and the pack quote it for a looked-after pupil
    with no notice on record (none, the local authority's to decide), not a fine."""
    from clirun import run_cli
    from school import make_workspace

    contacts = _write(tmp_path, HEAD + ROWS)
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli(
        "pn", "next", "LAC1", "--parent", "L1", "--contacts", contacts, "-c", config
    )
    assert code == 1, out + err
    assert "GBP" not in out + err and "Traceback" not in err
    assert "is a local authority (the pupil is looked after)" in " ".join(err.split()), err
    code, out, err = run_cli(
        "pn", "next", "LAC1", "--parent", "L2", "--contacts", contacts, "-c", config
    )
    assert code == 0, err
    assert "none quoted: looked after (Anyshire County Council holds" in out, out
    assert "GBP" not in out


def test_a_warning_letter_about_a_pupil_the_register_marks_looked_after_is_held(
    tmp_path: Path,
) -> None:
    """Left by the lac sweep: letters did not read the register's looked-after column, so a
    looked-after pupil whose contacts export lists only the foster carer (no council, as
    many MIS exports give it) got the severe letter, which warns of prosecution, with
    nothing held.  Letters now read that one attribute column: FOSTERED (Looked After Y,
    only a foster carer) has the letter held with why; BIO (N) is written to as ever; with
    the column absent nothing is held (as before)."""
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    contacts = _write(
        tmp_path,
        HEAD
        + "FOSTERED,F1,Ms,Fay,Foster,Foster Carer,1,N,Y,,5 Elm Road,Anytown,AN1 5AB\n"
        + "BIO,B1,Mrs,Bea,Io,Mother,1,Y,Y,,1 Oak Road,Anytown,AN1 1AB\n",
    )
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)

    def run(export: Path) -> str:
        code, out, err = run_cli(
            "letters", export, "--contacts", contacts, "--dry-run", "--workspace", ws,
            "--as-of", "2026-10-02", "--only", "severe", width=1000,
        )  # fmt: skip
        assert code == 0, err
        return " ".join((out + err).replace("│", " ").split())

    text = run(_absent(tmp_path, ("FOSTERED", "BIO")))
    assert "BIO ForenameBIO SurnameBIO severe Mrs Bea Io would write" in text, text
    held = text.split("Held for review")[1]
    assert (
        "FOSTERED ForenameFOSTERED SurnameFOSTERED severe looked after (the register's "
        "Looked After column): agree a letter warning of meetings, fines or prosecution with "
        "the social worker and the Virtual School Head (the Personal Education Plan) first"
    ) in held, held
    reg = register({u: " ".join(["N"] * 20) for u in ("FOSTERED", "BIO")}, start=D(2026, 9, 7))
    plain = write_long_csv(reg, tmp_path / "plain.csv", dob=True)  # (no such column)
    text = run(plain)
    assert "Held for review" not in text, text
    assert "FOSTERED ForenameFOSTERED SurnameFOSTERED severe Ms Fay Foster would write" in text
