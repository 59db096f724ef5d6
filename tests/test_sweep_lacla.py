"""Sweep lacla: the LA's files (the monthly return, the termly register check) name the
looked-after pupils they list by the one rule (:mod:`attcli.looked_after`), as cme does:
either the register's Looked After column or a council with parental responsibility among
the contacts is enough, and a contradiction is said.  Policy 002: the school tells a
looked-after pupil's social worker of any unexplained absence and of a deletion from the
register.  Small registers by hand (tests/builders.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace
from test_sweep_lacfollow import CONTACTS, with_looked_after

D = dt.date

#: the line when REGY (column Y, the foster carer the only contact) and CONN (column N,
#: Westshire County Council with parental responsibility) are listed; BIO (N, a mother) not:
#: cme's words, what the social worker is told of as each file lists its pupils (``{}``)
BOTH = (
    "2 pupils listed are looked after (a local authority holds parental responsibility in "
    "the contacts export, or the register's Looked After column says so): tell each one's "
    "social worker {}, and of any deletion from the register, and the Virtual School Head: "
    "CONN (Westshire County Council; the register's Looked After column says No: taken as "
    "looked after; correct whichever is wrong in the MIS), REGY (the register's Looked "
    "After column)"
)
#: what the social worker is told of: the return lists illness too, the termly file low
#: attendance, where there may be no unexplained absence (cme's: "of the unexplained absence")
RETURN, TERMLY = "of the absence this return reports", "of the attendance this file reports"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _files(tmp_path: Path, regy: str = "Y") -> tuple[Path, Path, Path]:
    """18 school days of `N` from Mon 7 Sep 2026 for REGY, CONN and BIO: each a run of
    unexplained absence (10+ days, the return) and 0 % in the term (the register check)."""
    reg = register({u: " ".join(["N"] * 18) for u in ("REGY", "CONN", "BIO")},
                   start=D(2026, 9, 7))  # fmt: skip
    export = with_looked_after(
        write_long_csv(reg, tmp_path / "export.csv", dob=True, groups=True), regy
    )
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    return export, contacts, make_workspace(tmp_path / "ws")


def _return(export: Path, config: Path, out: Path, *more: object) -> str:
    code, stdout, err = run_cli(
        "la-return", export, "--month", "2026-09", "-c", config, "-o", out, *more
    )
    assert code == 0, err
    return _flat(stdout + err)


def _check(export: Path, config: Path, out: Path, *more: object) -> str:
    code, stdout, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-09-30", "-c", config,
        "-o", out, *more,
    )  # fmt: skip
    assert code == 0, err
    return _flat(stdout + err)


def test_the_la_files_name_a_pupil_the_register_alone_marks_looked_after(
    tmp_path: Path,
) -> None:
    """la-return and register-check named a looked-after pupil by the contacts alone: REGY
    went unnamed, CONN's column No unsaid.  Now the line cme gives, but for what the social
    worker is told of: the return lists illness too and the termly file low attendance,
    neither always unexplained absence (the line said "of the unexplained absence")."""
    export, contacts, config = _files(tmp_path)
    said = _return(export, config, tmp_path / "ret.xlsx", "--contacts", contacts)
    assert BOTH.format(RETURN) in said, said
    said = _check(export, config, tmp_path / "rc.xlsx", "--contacts", contacts)
    assert BOTH.format(TERMLY) in said, said


def test_without_contacts_the_register_s_column_still_names_them(tmp_path: Path) -> None:
    """No contacts export: nothing was said of a looked-after pupil at all, though the
    register's column says REGY is.  Now REGY is named by the column, the line saying no
    contacts were read (so a council's is not known); CONN (column N) is not named."""
    export, _, config = _files(tmp_path)
    want = (
        "1 pupil listed is looked after (the register's Looked After column says so; no "
        "contacts export given, so a council holding parental responsibility is not known): "
        "tell their social worker {}, and of any deletion from the register, and the "
        "Virtual School Head: REGY"
    )
    for said, told in (
        (_return(export, config, tmp_path / "ret.xlsx"), RETURN),
        (_check(export, config, tmp_path / "rc.xlsx"), TERMLY),
    ):
        assert want.format(told) in said, said
        assert "CONN (" not in said


def test_a_bad_cell_of_the_column_does_not_stop_the_la_files(tmp_path: Path) -> None:
    """A cell of the column that is no yes/no value ('PLAC') must not stop the LA's files
    (cme's rule): read without the column, said, CONN still named by its council."""
    export, contacts, config = _files(tmp_path, regy="PLAC")
    for said in (
        _return(export, config, tmp_path / "ret.xlsx", "--contacts", contacts),
        _check(export, config, tmp_path / "rc.xlsx", "--contacts", contacts),
    ):
        assert "looked-after column: only a council among the contacts says a pupil" in said
        assert "1 pupil listed is looked after (a local authority holds parental" in said
        assert "CONN (Westshire County Council)" in said


def test_a_trust_s_shared_export_keeps_the_column_for_each_school(tmp_path: Path) -> None:
    """--per-school with a shared export (split by its School column) loaded it with no
    attribute column at all, so each school's run lost the Looked After column: cme named
    no one though REGY's column says Y, where the same rows as a school's own file named
    REGY, and the weekly check quoted REGY a penalty notice's fine.  Now the shared load
    reads that one column too; and a bad cell of it does not stop
    the trust's run (said, as for one school)."""
    export, _, config = _files(tmp_path)
    shared = as_trust(export, config)
    code, out, err = run_cli("cme", shared, "-c", config, "--as-of", "2026-10-02",
                             "--per-school", tmp_path / "out")  # fmt: skip
    assert code == 0, err
    said = _flat(out + err)
    assert "1 pupil listed is looked after (the register's Looked After column says so" in said
    assert "Virtual School Head: REGY" in said, said
    # the weekly check of the trust quoted REGY a first notice's fine (GBP 80) as for BIO
    code, _, err = run_cli("check", shared, "-c", config, "--as-of", "2026-10-02",
                           "--per-school", tmp_path / "checks")  # fmt: skip
    assert code == 0, err
    doc = json.loads((tmp_path / "checks" / "oak-check.json").read_text("utf-8"))
    quoted = {p["upn"]: p["pn_next_notice"] for p in doc["pupils"]}
    assert quoted["REGY"].startswith("next notice: none quoted: looked after (the register's")
    assert quoted["BIO"].startswith("next notice: first (GBP 80")
    shared.write_text(shared.read_text("utf-8").replace(",Y\n", ",PLAC\n"), encoding="utf-8")
    code, out, err = run_cli("cme", shared, "-c", config, "--as-of", "2026-10-02",
                             "--per-school", tmp_path / "out2")  # fmt: skip
    assert code == 0, err
    said = _flat(out + err)
    assert "read without the register's looked-after column" in said, said
    assert "listed is looked after" not in said


def test_the_pupil_record_with_contacts_asks_the_one_rule_for_the_notice_quoted(
    tmp_path: Path,
) -> None:
    """`attcli pupil CONN --contacts` (the register's column N, Westshire County Council
    with parental responsibility among the contacts it read) quoted "next notice: first
    (GBP 80 ...)", where the evidence pack of the same pupil and files quotes none (sweep
    lacfollow): the record asked the column alone.  Now the record's check reason asks the
    one rule with the contacts it read, the contradiction said; without --contacts it is
    the column alone, as check's (CONN quoted as any pupil)."""
    from test_sweep_lacfollow import _school

    export, contacts, config = _school(tmp_path)
    code, out, err = run_cli("pupil", "CONN", export, "--contacts", contacts, "--as-of",
                             "2026-11-20", "-c", config, width=400)  # fmt: skip
    assert code == 0, err
    said = _flat(out)
    assert (
        "next notice: none quoted: looked after (Westshire County Council holds parental "
        "responsibility in the contacts export, though the register's Looked After column "
        "says No: taken as looked after; correct whichever is wrong in the MIS)"
    ) in said, said
    code, out, err = run_cli("pupil", "CONN", export, "--as-of", "2026-11-20", "-c", config,
                             width=400)  # fmt: skip
    assert code == 0, err
    assert "next notice: first (GBP 80" in _flat(out)


def test_pn_next_for_a_looked_after_pupil_s_carer_quotes_no_fine(tmp_path: Path) -> None:
    """`pn next CONN --parent "Finn Foster" --contacts` (the foster carer; Westshire County
    Council holds parental responsibility in the contacts read) answered "first (GBP 80
    ...)", where check, the record and the evidence pack quote none for a looked-after pupil
    with no notice on record: a notice to a carer is the local authority's to decide
    (store.looked_after_quote).  Now pn next asks the one rule with the contacts it read
    (it reads no register: the contacts are its one source) and says the same.  BIO's
    mother: still a first notice."""
    config = make_workspace(tmp_path / "ws")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    code, out, err = run_cli("pn", "next", "CONN", "--parent", "Finn Foster", "--contacts",
                             contacts, "--date", "2026-11-20", "-c", config, width=400)  # fmt: skip
    assert code == 0, err
    assert _flat(out) == (
        "none quoted: looked after (Westshire County Council holds parental responsibility "
        "in the contacts export): no penalty notice to a local authority, which cannot be "
        "fined; a notice to a carer is the local authority's to decide: agree any step with "
        "the social worker and the Virtual School Head first"
    ), out
    code, out, err = run_cli("pn", "next", "BIO", "--parent", "Bea Io", "--contacts", contacts,
                             "--date", "2026-11-20", "-c", config, width=400)  # fmt: skip
    assert code == 0, err
    assert _flat(out).startswith("first (GBP 80"), out


def as_trust(export: Path, config: Path) -> Path:
    """``export`` as a trust's shared export beside it (trust-autumn.csv: a School column,
    every row Oak School's), and ``config`` given the trust's one school, Oak School."""
    lines = export.read_text("utf-8").splitlines()
    shared = export.parent / "trust-autumn.csv"
    shared.write_text(
        "\n".join(["School," + lines[0]] + ["Oak School," + x for x in lines[1:]]) + "\n",
        encoding="utf-8",
    )
    with config.open("a", encoding="utf-8") as fh:
        fh.write('\n[schools.oak]\nname = "Oak School"\nurn = "400001"\nfiles = ["oak-*"]\n')
    return shared
