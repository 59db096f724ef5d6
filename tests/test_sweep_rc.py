"""Sweep of the LA's termly register check (DOMAIN.md 8) and sickness (DOMAIN.md 7), on
hand-made registers worked by hand."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from attcli.config import Config
from attcli.lacheck import register_check, to_xlsx
from builders import register

D = dt.date


def test_the_workbook_writes_the_leaving_date_as_a_date_like_every_other():
    """GONE: present Mon 7 - Fri 11 Sep 2026, then N for 10 school days (Mon 14 - Fri 25
    Sep), no row after: left the roll on Fri 25/09/2026; STAY present all 20 days.  GONE
    is 10/30 = 33.33 % with a 10-day run, listed.  The workbook's "Left the roll on" cell
    is a date under DD/MM/YYYY, as the date of birth and the header block's dates are (and
    as the CSV writes it, 25/09/2026): it came out under openpyxl's own yyyy-mm-dd."""
    reg = register(
        {"GONE": " ".join(["/\\"] * 5 + ["N"] * 10), "STAY": " ".join(["/\\"] * 20)},
        start=D(2026, 9, 7),
    )
    rc = register_check(reg, Config(), term="autumn", year=2026)
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 11, 23))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    head = [c.value for c in ws[11]]
    (row,) = ws.iter_rows(min_row=12)
    cells = dict(zip(head, row, strict=True))
    assert cells["UPN"].value == "GONE" and cells["Possible sessions (term)"].value == 30
    left = cells["Left the roll on"]
    assert left.value == dt.datetime(2026, 9, 25)
    assert left.number_format == "DD/MM/YYYY"
    assert cells["Date of birth"].number_format == "DD/MM/YYYY"


def test_an_as_of_date_before_the_term_is_named_not_called_the_data_s_end():
    """The register runs Mon 7 Sep 2026 to Fri 15 Jan 2027 (half term 26-30 Oct, Christmas
    21 Dec - 1 Jan: 70 autumn and 10 spring school days).  --term spring --as-of
    2026-12-20: the as-of date is before the spring term starts (Mon 4 Jan 2027), which
    is an error; it said "the data ends 20/12/2026", which the data does not (15/01/2027).
    Without --as-of the spring is made, as of Fri 15 Jan."""
    import pytest

    from attcli.errors import AttcliError

    holidays = [D(2026, 10, 26) + dt.timedelta(i) for i in range(5)]
    holidays += [D(2026, 12, 21) + dt.timedelta(i) for i in range(12)]
    reg = register({"A": " ".join(["/\\"] * 80)}, start=D(2026, 9, 7), holidays=holidays)
    assert reg.get_column("date").max() == D(2027, 1, 15)
    assert register_check(reg, Config(), term="spring").as_of == D(2027, 1, 15)
    with pytest.raises(AttcliError) as exc:
        register_check(reg, Config(), term="spring", as_of=D(2026, 12, 20))
    assert str(exc.value) == (
        "--as-of 20/12/2026 is before the spring term starts (04/01/2027): give a date in "
        "the term, or leave --as-of out for the figures to the data's last date (15/01/2027)"
    )
    # the data itself ending before the term: said as before
    with pytest.raises(AttcliError, match=r"^the data ends 15/01/2027, before the summer"):
        register_check(reg, _with_summer(), term="summer")


def _with_summer():
    from attcli.config import parse_config

    return parse_config(
        "[[calendar.half_terms]]\nname = 'Autumn 1'\nstart = 2026-09-07\nend = 2026-10-23\n"
        "[[calendar.half_terms]]\nname = 'Autumn 2'\nstart = 2026-11-02\nend = 2026-12-18\n"
        "[[calendar.half_terms]]\nname = 'Spring 1'\nstart = 2027-01-04\nend = 2027-02-12\n"
        "[[calendar.half_terms]]\nname = 'Summer 1'\nstart = 2027-04-12\nend = 2027-05-28\n"
    )


def test_a_year_the_exports_do_not_reach_names_year_and_what_they_hold():
    """--year 26 (for 2026) and --year 2025 on exports of Mon 7 Sep - Fri 2 Oct 2026, with
    the config's term dates for 2026/27: the refusal blamed the config ("no half term in
    26/27 ...: add 26/27's half terms") and never named --year.  It now names --year, the
    dates the exports hold and the --year they are (2026)."""
    import pytest

    from attcli.config import parse_config
    from attcli.errors import AttcliError
    from school import AUTUMN_HALF_TERMS

    reg = register({"A": " ".join(["/\\"] * 20)}, start=D(2026, 9, 7))
    for cfg in (parse_config(AUTUMN_HALF_TERMS), Config()):
        for year, school_year in ((26, "26/27"), (2025, "2025/26"), (2027, "2027/28")):
            with pytest.raises(AttcliError) as exc:
                register_check(reg, cfg, term="autumn", year=year)
            assert str(exc.value) == (
                f"--year {school_year}: the exports hold no date of the school year "
                f"{school_year} (they run from 07/09/2026 to 02/10/2026, of 2026/27): give "
                "--year 2026/27, or leave it out"  # (2026/27, which every --term takes:
                # sweep "help")
            )
    assert register_check(reg, Config(), term="autumn", year=2026).as_of == D(2026, 10, 2)


def test_the_address_is_where_letters_go_not_a_blank_or_another_contact_s(tmp_path):
    """docs/decisions.md: the address column is "the pupil's priority contact's postal
    address (the one letters go to)".  Two pupils N every day (20 school days from Mon 7
    Sep 2026: 0 %, listed).  JOIN's priority-1 contact, a grandparent without parental
    responsibility, has no address; the mother (priority 2, parental responsibility) has
    one: the column was blank, though the address is known.  LEAVE's priority-1 contact is
    an uncle without parental responsibility at another address; letters go to the mother
    (priority 2, parental responsibility) at 7 Ash Close: the column gave the uncle's.
    KIN's only contact, a kinship carer without parental responsibility, has the one
    address known: it stays in the column."""
    from builders import write_long_csv
    from clirun import run_cli

    reg = register({u: " ".join(["N"] * 20) for u in ("JOIN", "LEAVE", "KIN")}, start=D(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "export.csv")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
        "JOIN,C1,Mrs,Gran,Join,Grandparent,1,No,,,\n"
        "JOIN,C2,Ms,Mum,Join,Mother,2,Yes,5 Oak Lane,Anytown,AN1 5AB\n"
        "LEAVE,C3,Mr,Uncle,Leave,Uncle,1,No,9 Far Road,Otherton,OT9 9ZZ\n"
        "LEAVE,C4,Mrs,Mum,Leave,Mother,2,Yes,7 Ash Close,Anytown,AN1 7AB\n"
        "KIN,C5,Mrs,Aunt,Kin,Aunt,1,No,3 Elm Road,Anytown,AN1 3AB\n",
        encoding="utf-8",
    )
    out = tmp_path / "rc.csv"
    code, _, err = run_cli(
        "register-check", export, "--term", "autumn", "--contacts", contacts, "-o", out
    )
    assert code == 0, err
    import csv

    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    assert {r["UPN"]: r["Address"] for r in rows} == {
        "JOIN": "5 Oak Lane, Anytown, AN1 5AB",
        "KIN": "3 Elm Road, Anytown, AN1 3AB",
        "LEAVE": "7 Ash Close, Anytown, AN1 7AB",
    }


def test_an_autumn_term_without_term_dates_from_exports_starting_late_is_refused():
    """No term dates; exports from Mon 21 Sep 2026 (20 school days to Fri 16 Oct).  English
    schools go back by 8 September (docs/decisions.md, `coverage.LATEST_TERM_START`), so
    the autumn term began before the exports: its register from 1 to 18 September (14
    weekdays) is missing.  The check said "The term's figures are whole and decide who is
    listed" and made the file of 21 Sep - 16 Oct as the autumn term, which it cannot know;
    with term dates the same exports are refused (a term the exports miss part of).  Now
    refused, naming the weekdays missing.  Exports from Tue 8 Sep are the term's start
    (on or before 8 September): made as before."""
    import pytest

    from attcli.errors import AttcliError

    pupils = {"A": " ".join(["N"] * 3 + ["/\\"] * 17), "F": " ".join(["/\\"] * 20)}
    with pytest.raises(AttcliError) as exc:
        register_check(register(pupils, start=D(2026, 9, 21)), Config(), term="autumn")
    assert str(exc.value) == (
        "INCOMPLETE DATA: the exports cover 21/09/2026 to 16/10/2026; no register from "
        "01/09/2026 to 18/09/2026 (14 weekdays) before the data starts. Without term dates "
        "the autumn term is taken to start by 08/09/2026 (the latest an English school "
        "goes back), and the register check needs the whole term's register: give the "
        "exports from 01/09/2026, or the school's term dates in [[calendar.half_terms]]"
    )
    rc = register_check(register(pupils, start=D(2026, 9, 8)), Config(), term="autumn")
    # A: 34 of 40 sessions = 85 %, the year to date the same (the exports cover it)
    assert rc.rows.select("upn", "term_pct", "ytd_pct", "band").rows() == [
        ("A", 85.0, 85.0, "red")
    ]
    assert rc.coverage_line() is None


def test_a_spring_term_without_term_dates_from_exports_starting_late_is_refused():
    """No term dates; a spring export from Mon 11 Jan 2027.  English schools go back after
    Christmas by 8 January (2027: Mon 4 or Tue 5), so the spring term began before the
    exports and its first week is missing: "The term's figures are whole" was said, and
    the file made of 11 Jan on, which attcli cannot know.  Refused, as the autumn term's
    late exports are.  A spring export from Tue 5 Jan 2027 is the term's start: made,
    with the year to date blank (the autumn is missing) as before."""
    import pytest

    from attcli.errors import AttcliError

    pupils = {"A": " ".join(["/\\"] * 15 + ["N"] * 10), "F": " ".join(["/\\"] * 25)}
    with pytest.raises(AttcliError) as exc:
        register_check(register(pupils, start=D(2027, 1, 11)), Config(), term="spring")
    message = str(exc.value)
    assert message.startswith("INCOMPLETE DATA: the exports cover 11/01/2027 to 12/02/2027")
    assert (
        "Without term dates the spring term is taken to start by 08/01/2027 (the latest an "
        "English school goes back after Christmas), and the register check needs the whole "
        "term's register: give the exports from the spring term's first day (or from "
        "01/09/2026, for the year to date too), or the school's term dates in "
        "[[calendar.half_terms]]"
    ) in message
    rc = register_check(register(pupils, start=D(2027, 1, 5)), Config(), term="spring")
    # A: 30 of 50 sessions = 60 %, a 10-day run; the year to date blank (no autumn)
    assert rc.rows.select("upn", "term_pct", "ytd_pct", "reasons").rows() == [
        ("A", 60.0, None, "below_threshold;continuous_unauthorised_10_days")
    ]


def test_a_spring_term_after_a_register_that_holds_the_days_before_it_is_the_data_s():
    """No term dates; one export from Mon 30 Nov 2026 that runs on to 12 Feb 2027 with no
    session for anyone from 19 Dec to 10 Jan: the register itself shows the holiday
    (DOMAIN.md 10), so the spring term it infers from Mon 11 Jan is made, not refused as
    an export starting late is (the year to date is blank: the autumn is not all there)."""
    from builders import across

    reg = across(
        (D(2026, 11, 30), {"A": " ".join(["/\\"] * 15), "F": " ".join(["/\\"] * 15)}),
        (D(2027, 1, 11), {"A": " ".join(["/\\"] * 15 + ["N"] * 10),
                          "F": " ".join(["/\\"] * 25)}),
    )  # fmt: skip
    rc = register_check(reg, Config(), term="spring", year=2026)
    assert rc.start == D(2027, 1, 11)
    assert rc.rows.select("upn", "term_pct").rows() == [("A", 60.0)]
