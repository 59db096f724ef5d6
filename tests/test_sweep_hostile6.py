"""Sweep hostile6 (docs/decisions.md, "... (sweep of 6 December (seventh), hostile6)"):
this round's new text taken from files into outputs (a workbook's sheet names read as
forms, a printed report's page lines and title rows, the council that looks after a
child named in letters and lists, a week recorded again listing its pupils), each given a
hostile cell and looked at in every output it reaches.  Small exports by hand; every
expected text worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl

from builders import school_days
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_letters import html_text
from test_sweep_lacfollow import CONTACTS, _school

HEADER = ["UPN", "Surname", "Forename", "Date of Birth", "Year", "Date", "Session", "Mark"]
DAYS = school_days(dt.date(2026, 9, 7), 5)  # Mon 07/09 to Fri 11/09/2026


def _rows(upn: str, pm: str = "/") -> list[list[str]]:
    """A pupil present every morning Mon 07/09 to Fri 11/09/2026, ``pm`` every afternoon."""
    return [
        [upn, "Child", "Kit", "01/10/2014", "Year 7", f"{d:%d/%m/%Y}", s, "/" if s == "AM" else pm]
        for d in DAYS
        for s in ("AM", "PM")
    ]


# ------------------------------------------------- 1. the council that looks after a child


def test_a_council_with_no_name_is_no_parent_carer_in_letters_or_lists(tmp_path: Path) -> None:
    """lacfollow's letters name the Virtual School Head "of" the council the contacts say
    looks after the child.  A council whose name cells show nothing (a zero-width space,
    the relationship 'Local Authority' saying what it is) was named by its salutation,
    whose fallback for a contact with no name is 'Parent/Carer': the foster carer's letter
    said "the Virtual School Head of Parent/Carer", and the held list "looked after
    (Parent/Carer holds parental responsibility ...)".  Now such a council is "an
    unnamed local authority" where a council is named, and the letter's Virtual School
    Head is unnamed, as when no council is among the contacts."""
    export, contacts, config = _school(tmp_path)
    contacts.write_text(CONTACTS.replace("Westshire County Council", "\u200b"), "utf-8")
    code, out, err = run_cli("letters", export, "--contacts", contacts, "--as-of", "2026-11-20",
                             "-c", config, "--out", tmp_path / "held", "--dry-run",
                             width=600)  # fmt: skip
    assert code == 0, err
    held = " ".join(out.split()).split("Held for review")[1]
    assert "Parent/Carer" not in held, held
    assert "looked after (an unnamed local authority holds parental responsibility" in held
    code, _, err = run_cli("letters", export, "--contacts", contacts, "--as-of", "2026-11-20",
                           "-c", config, "--out", tmp_path / "out", "--only", "red",
                           "--release", "CONN")  # fmt: skip
    assert code == 0, err
    (letter,) = (tmp_path / "out").glob("CONN_*red.html")
    text = html_text(letter)
    assert "Parent/Carer" not in text, text
    assert "ForenameCONN's social worker and the Virtual School Head to agree a plan" in text


# ---------------------------------------------- 2. a UPN typed, in a one-line refusal

#: a typed UPN's hostile part: a line break that would begin a forged error, and ESC
BAD = "ZZ\nerror: forged\x1b[2J"
#: the same as a one-line error shows it
BAD_SHOWN = "ZZ\\nerror: forged\\x1b[2J"


def _one_line(code: int, err: str) -> str:
    """The error's one line (asserted one, exit 1), without "error: " and its end."""
    assert code == 1, err
    assert err.count("\n") == 1 and err.endswith("\n") and "\x1b" not in err, repr(err)
    assert err.startswith("error: "), err
    return err[len("error: "):-1]


def test_a_trust_s_release_of_a_upn_no_school_has_is_one_line(tmp_path: Path, monkeypatch) -> None:
    """slips6's refusal of a trust's `letters --per-school --release UPN` that no school
    has on roll put the UPN as typed: one holding a line break printed a second line,
    "error: forged", of the typist's (or a pasted list's) choosing.  Oak Trust, Ash (1002
    present every session) and Birch (1003 likewise), 5 school days from Mon 7 Sep: no
    letter is due, none held, so the UPN released is no school's."""
    from school import contacts_file
    from test_sweep_slips6 import trust_config

    config = trust_config(tmp_path)
    shared = tmp_path / "trust-autumn.csv"
    with shared.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [[*HEADER, "School"]]
            + [[*r, "Ash Primary School"] for r in _rows("1002")]
            + [[*r, "Birch Academy"] for r in _rows("1003")]
        )
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("1002", "C2", "Mr", "Bob", "Two"), ("1003", "C3", "Ms", "Cat", "Three"),
    ])  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-11")
    code, _, err = run_cli("letters", shared, "--contacts", contacts, "-c", config,
                           "--per-school", tmp_path / "L", "--release", BAD,
                           "--dry-run")  # fmt: skip
    assert code == 1 and "\x1b" not in err, err
    assert [line for line in err.splitlines() if line.startswith("error")] == [
        f"error: --release {BAD_SHOWN}: no school of the trust has this pupil on roll in these "
        "exports (a: Ash Primary School, b: Birch Academy); check the UPN"
    ], err


def test_a_school_s_release_of_a_upn_with_no_held_letter_is_one_line(tmp_path: Path) -> None:
    """The same refusal at one school (letters._refuse_release, whose four refusals the
    trust's run leaves to each school): "--release ZZ" on one line, "error: forged" on a
    line of its own.  Two pupils present every session Mon 07/09 to Fri 11/09/2026: no
    letter due, none held."""
    from school import contacts_file

    export = tmp_path / "reg.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *_rows("A999100000001"), *_rows("B999100000002")])
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("A999100000001", "C1", "Mr", "Bob", "One"), ("B999100000002", "C2", "Ms", "Cat", "Two"),
    ])  # fmt: skip
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, _, err = run_cli("letters", export, "--contacts", contacts, "-c", config, "--as-of",
                           "2026-09-11", "--out", tmp_path / "out", "--release", BAD,
                           "--dry-run")  # fmt: skip
    assert code == 1 and "\x1b" not in err, err
    assert [line for line in err.splitlines() if line.startswith("error")] == [
        f"error: --release {BAD_SHOWN}: no letter for this pupil is held for review in this "
        "run (held: none)"
    ], err


def test_pupil_forget_and_merge_of_a_upn_not_on_record_are_one_line(tmp_path: Path) -> None:
    """`pupil forget UPN` and `pupil merge OLD NEW` of a UPN with nothing on record put it
    as typed in "nothing on record for UPN ...": a line break in it printed a second line,
    "error: forged".  A history of one run (two pupils, Mon 07/09 to Fri 11/09/2026)."""
    export = tmp_path / "reg.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *_rows("A999100000001"), *_rows("B999100000002")])
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, _, err = run_cli("check", export, "-c", config, "--as-of", "2026-09-11", "--record")
    assert code == 0, err
    code, _, err = run_cli("pupil", "forget", BAD, "--yes", "-c", config)
    assert _one_line(code, err) == f"nothing on record for UPN {BAD_SHOWN}: check the UPN"
    code, _, err = run_cli("pupil", "merge", BAD, "A999100000001", "-c", config)
    assert _one_line(code, err) == f"nothing on record for UPN {BAD_SHOWN}: nothing to merge"
    code, _, err = run_cli("pupil", "merge", BAD, BAD, "-c", config)
    assert _one_line(code, err) == f"the old and new UPN are the same ({BAD_SHOWN})"


def test_pn_record_of_a_upn_with_no_contacts_is_one_line(tmp_path: Path) -> None:
    """`pn record UPN` whose UPN the contacts export does not hold put it as typed in
    "pupil ... has no contacts in ..." (notices.resolve_parent): a line break in it printed
    a second line, "error: forged"."""
    from school import contacts_file

    export = tmp_path / "reg.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *_rows("A999100000001")])
    contacts = contacts_file(tmp_path / "contacts.csv", [("A999100000001", "C1", "Mr", "Bob", "One")])
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, _, err = run_cli("pn", "record", BAD, export, "--contacts", contacts, "--parent", "C1",
                           "--date", "2026-09-11", "-c", config)  # fmt: skip
    assert _one_line(code, err) == (
        f"pupil {BAD_SHOWN} has no contacts in {contacts}: check the UPN, or use --force to "
        "record the notice by the name typed"
    )


def test_la_return_s_withdraw_of_a_upn_in_no_export_is_one_line(tmp_path: Path) -> None:
    """`la-return --withdraw UPN --reason TEXT` of a UPN in no export put it as typed in
    its refusal (lareturn.rules._one_pupil): a line break in it printed a second line,
    "error: forged".  One pupil present Mon 07/09 to Fri 11/09/2026, September so far."""
    export = tmp_path / "reg.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *_rows("A999100000001")])
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, _, err = run_cli("la-return", export, "-c", config, "--month", "2026-09", "--as-of",
                           "2026-09-11", "--withdraw", BAD, "--reason", "x", "-o",
                           tmp_path / "la.xlsx")  # fmt: skip
    assert _one_line(code, err) == (
        f"--withdraw {BAD_SHOWN}: no pupil with that UPN in these exports"
    )


# --------------------------------- 3. found right: sheet names and a printed page's head


def test_sheet_names_and_a_printed_report_s_title_rows_are_shown_escaped(tmp_path: Path) -> None:
    """layouts6 reads a workbook a form a sheet (its sheet names in a note) and a printed
    report's page lines and title rows (in a note): each name is quoted with its escapes
    (repr), so a sheet named '=1+2' then U+202E (which reverses the rest of a line), or
    holding U+0085 (a C1 line break) or U+2066, reaches no output raw, and on a page the
    note is HTML-escaped.  Found right; kept so it stays so."""
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "=cmd|'-c calc'!A0"
    summary.append(["Summary"])
    for name, upn in (("=1+2\u202eA7", "A999100000001"), ("@7B\x85\u2066x", "B999100000002")):
        sheet = book.create_sheet(name)
        for row in [HEADER, *_rows(upn)]:
            sheet.append(row)
    book.save(tmp_path / "forms.xlsx")
    code, _, err = run_cli("check", tmp_path / "forms.xlsx", "-c", config, "--as-of",
                           "2026-09-11", width=400)  # fmt: skip
    assert code == 0, err
    assert not set(err) & {"\u202e", "\x85", "\u2066", "\ufffd"}, repr(err)
    assert (
        "forms.xlsx: sheets '=1+2\\u202eA7' and '@7B\\x85\\u2066x' each hold a register with "
        "the same headings (one register saved in parts, a sheet each): read together, as exports "
        "given at once; sheet \"=cmd|'-c calc'!A0\" holds no register and is not read"
    ) in err, err
    title = '=HYPERLINK("http://x","Riverside")\u202e'
    printed = tmp_path / "printed.csv"
    with printed.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [[title], HEADER, *_rows("A999100000001"), ["Page 1 of 2"], [title], HEADER,
             *_rows("B999100000002"), ["Page 2 of 2"]]  # fmt: skip
        )
    code, _, err = run_cli("check", printed, "-c", config, "--as-of", "2026-09-11", width=400)
    assert code == 0, err
    assert "\u202e" not in err and "\\u202e" in err, repr(err)


# ------------------------------- 4. a forgotten letter's row in the rewritten manifest


def test_a_forgotten_letter_s_manifest_row_is_written_safe() -> None:
    """looks13's rewritten manifest keeps the rows of letters the history forgot, read back
    from the folder's manifest.csv, and wrote them as read: every other row's cells go
    through output.safe_cell, these did not, so a row the office had opened in a
    spreadsheet and saved (the apostrophe before '=' dropped) or edited came back a formula
    ('=HYPERLINK(...)'), and an ESC raw.  Now the same safe_cell: the apostrophe, U+FFFD."""
    from attcli.letters.run import _manifest

    row = {"upn": "A1", "pupil": '=HYPERLINK("http://x","Kit")', "contact": "@Mum\x1b[2J",
           "template": "red", "file": "A1_red.pdf"}  # fmt: skip
    lines = list(csv.reader(io.StringIO(_manifest([], lambda _f: False, [row]).decode("utf-8-sig"))))
    assert lines[1][:3] == ["A1", "'=HYPERLINK(\"http://x\",\"Kit\")", "'@Mum\ufffd[2J"], lines
    assert lines[1][10] == "A1_red.pdf"
