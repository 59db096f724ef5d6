"""Sweep leftovers17: what the eighth round left in the penalty-notice count, cme's file,
the LA month and the monitoring period.

Small registers and trusts by hand (tests/builders.py, tests/school.py, test_sweep_trustids)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clirun import run_cli


def test_a_trusts_notice_counts_the_parent_of_that_schools_child_alone(tmp_path: Path) -> None:
    """1. Oak Trust: Ash and Birch each number their pupils from 1001 and their contacts
    from 501: Ash's 1001 (Adam) has Mrs Ann Ash as contact 501, Birch's 1001 (Bella) Mr Ben
    Birch.  A notice to Mrs Ash about Adam is on record (Ash's).  DOMAIN.md 5 counts the
    notices to a parent about a child: Mr Birch has none about Bella, so his next is a first.
    Before, the count went by (id, contact id) across the trust's schools and quoted him a
    second (GBP 160)."""
    from attcli.config import load_config
    from attcli.store import History, Parent, history_path
    from test_sweep_trustids import _contacts, _trust

    config, _, _ = _trust(tmp_path)
    contacts = _contacts(tmp_path / "contacts.csv", [
        ("1001", "501", "Mrs", "Ann", "Ash", "a"), ("1001", "501", "Mr", "Ben", "Birch", "b"),
    ], school=True)  # fmt: skip
    with History(history_path(load_config(config)), write=True) as store:
        store.record_notice(
            "1001", Parent("id:501", "Mrs Ann Ash"), dt.date(2026, 9, 25), school="a"
        )
    ask = ("pn", "next", "1001", "--contacts", contacts, "-c", config, "--date", "2026-10-02")
    code, out, err = run_cli(*ask, "--parent", "Mr Ben Birch")
    assert code == 0, err
    assert out.startswith("first"), out + err
    code, out, err = run_cli(*ask, "--parent", "Mrs Ann Ash")  # (her own: counted, as before)
    assert code == 0, err
    assert out.startswith("second"), out + err


def test_cmes_file_gives_the_dates_off_the_roll_inside_a_run_as_the_register_check_does(
    tmp_path: Path,
) -> None:
    """2. "Days off the roll inside the run" is the register check's dates (leftovers16);
    cme's CSV gave a count ("3") under the same header.  One header, one meaning: the
    dates, consecutive school days one span, which the officer checks the deletion and the
    readmission by.  ZED, from Mon 7 Sep 2026: present week 1, `N` week 2, `Z Z N Z N`
    (Mon 21, Tue 22, Thu 24 Sep off the roll), `N` week 4: one run of 12 school days.  The
    JSON keeps its number (`off_roll_days` 3) and gives the dates beside it."""
    import csv
    import io
    import json

    from builders import register, write_long_csv

    p, n = "/\\ " * 5, "N " * 5
    reg = register({"ZED": p + n + "Z Z N Z N " + n, "OK": p * 4}, start=dt.date(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "reg.csv")
    ask = ("cme", export, "--days", "10", "--as-of", "2026-10-02", "--format")
    code, out, err = run_cli(*ask, "csv")
    assert code == 0, err
    (row,) = csv.DictReader(io.StringIO(out.lstrip("\ufeff")))
    assert (row["UPN"], row["School days"]) == ("ZED", "12")
    assert row["Days off the roll inside the run"] == "21/09/2026-22/09/2026; 24/09/2026"
    code, out, err = run_cli(*ask, "json")
    assert code == 0, err
    (run,) = json.loads(out)["runs"]
    assert run["off_roll_days"] == 3
    assert run["off_roll_dates"] == ["2026-09-21", "2026-09-22", "2026-09-24"]


def test_a_month_made_again_as_of_an_earlier_date_than_on_record_is_refused(
    tmp_path: Path,
) -> None:
    """3. November's return was made as of 30/11 and sent: it reported RUN, `N` from Mon 16
    Nov (11 school days).  Made again with `--as-of 2026-11-20` it replaced November's on
    record, so December's would compare with a November that never saw RUN's run and report
    it new again, while the LA holds the 30/11 file.  Now refused in one line naming both
    dates and the way to replace it deliberately (--force); nothing more recorded."""
    import sqlite3

    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    holiday = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    p = "/\\ "
    reg = register(
        {"RUN": p * 45 + "N " * 11, "OK": p * 56}, start=dt.date(2026, 9, 7), holidays=holiday
    )
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    ask = ("la-return", export, "--month", "2026-11", "-c", config)
    code, out, err = run_cli(*ask, "-o", tmp_path / "nov.xlsx")
    assert code == 0, err
    assert "Unauthorised absence, 10+ school days in a row: 1 pupil" in out, out
    code, out, err = run_cli(*ask, "--as-of", "2026-11-20", "-o", tmp_path / "again.xlsx")
    assert code == 1, out + err
    assert err.count("\n") == 1 and "30/11/2026" in err and "20/11/2026" in err, err
    assert "--force" in err and not (tmp_path / "again.xlsx").exists()
    db = sqlite3.connect(tmp_path / "school" / "attcli-history.sqlite3")
    assert db.execute("SELECT as_of FROM la_returns").fetchall() == [("2026-11-30",)]
    db.close()
    code, out, err = run_cli(*ask, "--as-of", "2026-11-20", "-o", tmp_path / "again.xlsx",
                             "--force")  # fmt: skip
    assert code == 0, err  # (deliberately: replaced, as before)



def test_an_n_given_its_reason_says_nothing_of_a_lateness_letter_whose_lates_are_unchanged(
    tmp_path: Path,
) -> None:
    """5. LAT's lateness letter went on 4 late days (8 lates) with one `N` morning the day
    before them, which the office then gave its reason, `I`, within the five days allowed
    (DOMAIN.md 12).  The letter tells the family the late arrivals alone (its template
    gives no attendance or absence figure): nothing it said changed, yet the run said it
    "rests on marks changed since ... tell the family (a correction, an apology)".  Not
    now; a late made otherwise is still said (corrections3's test)."""
    from builders import register
    from test_letters import contacts_for, run
    from test_sweep_corrections3 import _said

    contacts = contacts_for(["LAT"], tmp_path)
    first = run(tmp_path, register({"LAT": "/ " * 35 + "N/ " + "L " * 4}), contacts=contacts)
    assert [x.template for x in first.letters] == ["lateness"]
    again = run(tmp_path, register({"LAT": "/ " * 35 + "I/ " + "L " * 4}), contacts=contacts,
                dry_run=True)  # fmt: skip
    assert _said(again.notes, "LAT") == [], again.notes


def test_a_monitoring_period_in_weeks_begun_in_a_holiday_runs_from_the_next_school_day() -> None:
    """4. Seed 004: "a monitoring period of 4 weeks is allowed for the pupil to make
    progress".  A red letter recorded on Mon 26 Oct 2026, in the half-term holiday: its 4
    weeks ran 26/10 to 22/11, three of them school weeks.  Now they run from the first
    school day after, Mon 2 Nov, to Sun 29 Nov, as a notice to improve's weeks do (from the
    first school day) and a period in half terms does (the half term after); said in the
    pupil's ladder line.  A letter on a school day, or on a weekend inside a half term, is
    as before; one in a holiday after the half terms listed runs to an end not yet known."""
    from attcli.config import HalfTerm, Stage
    from attcli.ladder import Case, EndUnknown, period_end, standing_text

    terms = [
        HalfTerm("Autumn 1", dt.date(2026, 9, 7), dt.date(2026, 10, 23)),
        HalfTerm("Autumn 2", dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
    ]
    red = Stage(name="red", title="Red letter", action="letter", weeks=4)
    assert period_end(red, dt.date(2026, 10, 26), terms) == dt.date(2026, 11, 29)
    assert period_end(red, dt.date(2026, 10, 12), terms) == dt.date(2026, 11, 8)
    assert period_end(red, dt.date(2026, 10, 17), terms) == dt.date(2026, 11, 13)  # (a Saturday)
    try:
        period_end(red, dt.date(2026, 12, 21), terms)
        raise AssertionError("a period after the term dates listed has no known end")
    except EndUnknown:
        pass
    case = Case(stage=red, since=dt.date(2026, 10, 26), status="monitoring",
                period_end=dt.date(2026, 11, 29), weeks_from=dt.date(2026, 11, 2))  # fmt: skip
    line = standing_text(case) or ""
    assert "its period to 29/11/2026 (4 weeks from 02/11/2026, the first school day" in line
