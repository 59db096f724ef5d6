"""Second sweep of the LA's termly register check (DOMAIN.md 8), on hand-made registers
worked by hand."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from attcli.config import Config
from attcli.lacheck import register_check, to_xlsx
from builders import register

D = dt.date


def test_the_workbook_s_blank_cells_are_empty_not_text():
    """Spring exports only (Mon 4 Jan 2027, 20 school days): the year-to-date % and band are
    blank (DOMAIN.md 2), A has no address and has not left.  A is N every day: 0/40, listed.
    Those blank cells were written as empty text (inline strings): a blank in the
    "Attendance % (year to date)" column of numbers, counted by COUNTA and not ISBLANK in
    the LA's spreadsheet.  They are now empty cells; the filled ones keep their types."""
    reg = register({"A": " ".join(["N"] * 20)}, start=D(2027, 1, 4))
    rc = register_check(reg, Config(), term="spring")
    assert rc.rows.height == 1 and rc.year_covered is False
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2027, 2, 1))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    head = [c.value for c in ws[11]]
    (row,) = ws.iter_rows(min_row=12)
    cells = dict(zip(head, row, strict=True))
    for name in ("Address", "Attendance % (year to date)", "Band", "Left the roll on"):
        assert (cells[name].value, cells[name].data_type) == (None, "n"), name
    assert (cells["Attendance % (term)"].value, cells["Attendance % (term)"].data_type) == (0, "n")
    assert (cells["Possible sessions (term)"].value, cells["Unauthorised absence sessions (term)"].value) == (40, 40)
    assert cells["Date of birth"].is_date


def test_the_default_file_name_names_the_school_year_not_a_calendar_year(tmp_path, monkeypatch):
    """A spring term of 2026/27 (Mon 4 Jan 2027, 20 school days) written without -o was
    register-check-spring-2026.xlsx: the spring term of 2026 is last school year's (Jan to
    Mar 2026).  The file name now names the school year as the file does, 2026-27; the
    autumn term's likewise."""
    from builders import write_long_csv
    from clirun import run_cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2027-02-01")
    reg = register({"A": " ".join(["N"] * 20)}, start=D(2027, 1, 4))
    write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("register-check", "export.csv", "--term", "spring")
    assert code == 0, err
    assert out.startswith("1 pupil listed for the spring term 2026/27")
    assert (tmp_path / "register-check-spring-2026-27.xlsx").exists()
    assert not (tmp_path / "register-check-spring-2026.xlsx").exists()


def test_the_address_is_where_the_pupil_lives_when_the_export_says(tmp_path):
    """DOMAIN.md 8: the LA's file gives the pupil's address (when known).  A contacts export
    with a "Lives With Pupil" column says where the child lives; it was not read, and the
    column took the parental-responsibility contact's address wherever they lived.  Three
    pupils N every day (20 school days from Mon 7 Sep 2026: 0 %, listed):
    AWAY's only contact, the father (parental responsibility), lives elsewhere: his address
    is not the pupil's, which is not known: blank (it was 9 Far Road).
    GRAN's mother (priority 1, parental responsibility) lives elsewhere; the child lives
    with the grandmother (priority 2, no parental responsibility): 2 Elm Road (it was the
    mother's).  BOTH's mother lives with the child, the father (both with parental
    responsibility, the father priority 1) does not: the mother's, 5 Oak Lane."""
    import csv

    from builders import write_long_csv
    from clirun import run_cli

    reg = register({u: " ".join(["N"] * 20) for u in ("AWAY", "GRAN", "BOTH")}, start=D(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "export.csv")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Lives With Pupil,Address Line 1,Town,Postcode\n"
        "AWAY,C1,Dad,Away,Father,1,Yes,No,9 Far Road,Otherton,OT9 9ZZ\n"
        "GRAN,C2,Mum,Gran,Mother,1,Yes,No,8 Far Road,Otherton,OT9 9ZY\n"
        "GRAN,C3,Nan,Gran,Grandparent,2,No,Yes,2 Elm Road,Anytown,AN1 2AB\n"
        "BOTH,C4,Dad,Both,Father,1,Yes,No,7 Far Road,Otherton,OT9 9ZX\n"
        "BOTH,C5,Mum,Both,Mother,2,Yes,Yes,5 Oak Lane,Anytown,AN1 5AB\n",
        encoding="utf-8",
    )
    out = tmp_path / "rc.csv"
    code, _, err = run_cli(
        "register-check", export, "--term", "autumn", "--contacts", contacts, "-o", out
    )
    assert code == 0, err
    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    assert {r["UPN"]: r["Address"] for r in rows} == {
        "AWAY": "",
        "BOTH": "5 Oak Lane, Anytown, AN1 5AB",
        "GRAN": "2 Elm Road, Anytown, AN1 2AB",
    }


def test_without_term_dates_a_term_the_data_ends_in_is_not_said_to_end_there(
    tmp_path, monkeypatch
):
    """No term dates; the register runs Mon 7 Sep - Fri 2 Oct 2026 (20 school days), made on
    Mon 5 Oct.  The autumn term goes on to December, but the file's Term row said "Autumn
    term 2026/27 (07/09/2026 to 02/10/2026)" and the terminal the same: the exports' last
    day given to the LA as the term's end.  Without term dates the end is not known: the
    row and the terminal say so, and give the figures' date.  Where the register runs past
    the term (its Christmas holiday seen), the end is the data's break and stays."""
    from builders import write_long_csv
    from clirun import run_cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-05")
    reg = register({"A": " ".join(["N"] * 20)}, start=D(2026, 9, 7))
    rc = register_check(reg, Config(), term="autumn", year=2026)
    assert rc.term_text() == (
        "Autumn term 2026/27 (from 07/09/2026; its end is not known: no term dates in the "
        "config)"
    )
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 10, 5))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    block = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 10)}
    assert block["Term"] == rc.term_text()
    write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("register-check", "export.csv", "--term", "autumn", "-o", "x.csv")
    assert code == 0, err
    assert " ".join(out.split()).startswith(
        "1 pupil listed for the autumn term 2026/27 (from 07/09/2026; its end is not known: "
        "no term dates in the config; figures as of 02/10/2026)"
    )
    # the register past the term: Christmas seen, the term's end is the data's break
    holidays = [D(2026, 10, 26) + dt.timedelta(i) for i in range(5)]
    holidays += [D(2026, 12, 21) + dt.timedelta(i) for i in range(12)]
    whole = register({"A": " ".join(["N"] * 75)}, start=D(2026, 9, 7), holidays=holidays)
    rc = register_check(whole, Config(), term="autumn", year=2026)
    assert rc.term_text() == "Autumn term 2026/27 (07/09/2026 to 18/12/2026)"
