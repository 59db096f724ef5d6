"""Sweep slips2: the office's slips, a second pass (docs/decisions.md, sweep of 6 December,
slips2).  Small registers, one CLI run or two per test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

D = dt.date
P = "/\\"
WEEK = " ".join([P] * 5)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_a_week_only_export_after_a_run_on_record_says_the_run_is_not_compared(
    ws: Path, tmp_path: Path
) -> None:
    """Run recorded as of Fri 18/09 on the school year's export (7 to 18 September).  The
    next Monday the office exports "this week" only (21 to 25 September), saved over last
    week's, and checks it.  The run on record is before the exports begin, so nothing can
    be compared with it: no NEW, no changes.  The check said nothing of the run at all: no
    "Changed since" section, no line, where the weekly check's heading promises "what is
    new since last week".  One line says the run is not compared with, and why."""
    reg = register({"ANNA": " ".join([WEEK] * 3), "TOM": " ".join([WEEK] * 2 + ["N"] * 5)})
    whole = write_long_csv(reg.filter(reg["date"] <= D(2026, 9, 18)), tmp_path / "a.csv", dob=True)
    code, _, err = run_cli("check", whole, "-c", ws, "--as-of", "2026-09-18", "--record")
    assert code == 0, err
    week = write_long_csv(reg.filter(reg["date"] >= D(2026, 9, 21)), tmp_path / "b.csv", dob=True)
    code, out, err = run_cli("check", week, "-c", ws, "--as-of", "2026-09-25", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["changes"] is None and doc["compared_with_run"] is None
    note = [w for w in doc["warnings"] if w.startswith("the check as of")]
    assert note == [
        "the check as of 18/09/2026 on record is not compared with: these exports begin "
        "21/09/2026, after it, so nothing is marked NEW and no change since it is listed: "
        "give the exports from 01/09/2026 (the start of the school year) to see what changed "
        "since that check"
    ]
    code, out, err = run_cli("check", week, "-c", ws, "--as-of", "2026-09-25")
    assert code == 0, err
    assert "the check as of 18/09/2026 on record is not compared with" in " ".join(
        (out + err).split()
    )


CONTACTS_HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Correspondence,Address Line 1,Town,Postcode\n"
)


def test_one_contact_id_at_two_addresses_for_two_siblings_is_said(tmp_path: Path) -> None:
    """Ms Gemma Collins, contact 70284, has parental responsibility for Kai (S1) and Ethan
    (S2), and the contacts export gives her 1 Canal Side for Kai and 5 New Road for Ethan:
    one person (one contact id, the parent a penalty notice counts, DOMAIN.md 5) at two
    addresses, so one of them is not where she lives (a record updated for one child only,
    or the child's own home written as hers).  Each letter went to its own row's address
    without a word: the letter about Ethan may reach a house she no longer lives at.  One
    note names the id, the pupils, the lines and both addresses.  The same id at one
    address in two spellings of the case and spacing ("1 canal side", "ok7 3hd") is one
    address: nothing said; another contact id at another address is another person."""
    from attcli.config import load_config
    from attcli.contacts import read_contacts

    config = load_config(make_workspace(tmp_path / "ws"))
    rows = (
        "S1,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,1 Canal Side,Oakfield,OK7 3HD\n"
        "S2,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,5 New Road,Oakfield,OK1 1AA\n"
        "S3,70290,Mr,Sam,Ray,Father,1,Yes,Y,2 Elm Road,Anytown,AN1 2AB\n"
        "S4,70291,Mr,Sam,Ray,Father,1,Yes,Y,9 Oak Road,Anytown,AN1 9AB\n"
    )
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS_HEAD + rows, encoding="utf-8")
    said = [n for n in read_contacts(path, config).notes if "70284" in n]
    assert said == [
        f"{path}: 1 contact id gives one contact two postal addresses or more, for "
        "different pupils: 70284 (Ms Gemma Collins): '1 Canal Side, Oakfield, OK7 3HD' "
        "for pupil S1 (line 2), '5 New Road, Oakfield, OK1 1AA' for pupil S2 (line 3): "
        "each pupil's letter goes to the address on that pupil's line, so one may reach a "
        "house the parent does not live at; check the contact's address in the MIS before "
        "the letters are posted"
    ]
    assert not any("70290" in n or "70291" in n for n in read_contacts(path, config).notes)
    same = rows.replace("S2,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,5 New Road,Oakfield,OK1 1AA",
                        "S2,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,1 canal side,Oakfield,ok7  3hd")  # fmt: skip
    path.write_text(CONTACTS_HEAD + same, encoding="utf-8")
    assert not any("70284" in n for n in read_contacts(path, config).notes)


def test_a_date_typed_as_a_word_says_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Monday 7 December 2026 the office types `--as-of today`, `--as-of yesterday`,
    `--as-of "last friday"`: each was "is not a date: write it YYYY-MM-DD or DD/MM/YYYY",
    leaving the tired person to work out the date.  Today and yesterday are certain: said
    (never taken, as every slip of a date).  A day's name is not certain (on a Friday,
    "last friday" may be today or a week ago): the last such day before today is said as
    a fact, with what to write."""
    from attcli.calendar import parse_date
    from attcli.errors import AttcliError

    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-07")

    def said(value: str) -> str:
        with pytest.raises(AttcliError) as e:
            parse_date("--as-of", value)
        return str(e.value)

    assert said("today") == (
        "--as-of 'today' is not a date attcli reads: for today, 7 December 2026 write "
        "07/12/2026 or 2026-12-07"
    )
    assert said(" Yesterday ") == (
        "--as-of ' Yesterday ' is not a date attcli reads: for yesterday, 6 December 2026 "
        "write 06/12/2026 or 2026-12-06"
    )
    assert said("last friday") == (
        "--as-of 'last friday' is not a date attcli reads: write the date, DD/MM/YYYY or "
        "YYYY-MM-DD (the last Friday before today, 07/12/2026, is 04/12/2026)"
    )
    # (Monday's "last monday" is a week ago, not today)
    assert said("Mon").endswith("(the last Monday before today, 07/12/2026, is 30/11/2026)")
    assert said("6/12") == "--as-of '6/12' is not a date: write it YYYY-MM-DD or DD/MM/YYYY"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("02/11/26", "line 31, 02/11/26 has a two-digit year: write the date YYYY-MM-DD, "
         "the year in full, unquoted: start = 2026-11-02"),
        ("26-11-02", "line 31, 26-11-02 has a two-digit year: write the date YYYY-MM-DD, "
         "the year in full, unquoted, as start = 2026-11-02"),
    ],
)
def test_a_half_term_date_with_a_two_digit_year_is_named(
    tmp_path: Path, typed: str, said: str
) -> None:
    """Autumn 2's start typed `start = 02/11/26` or `start = 26-11-02` (last year's dates
    put right in a hurry): TOML's "not valid TOML: Expected newline or end of document
    after a statement (at line 31, column 11)" named neither the date nor the slip.  Day
    first with slashes is 2 November 2026, certain, and said; with dashes it may be year
    or day first, so only the form is said."""
    from attcli.config import load_config
    from attcli.errors import AttcliError

    text = (EXAMPLES / "attcli.toml").read_text(encoding="utf-8")
    assert text.splitlines()[30] == "start = 2026-11-02"
    config = tmp_path / "attcli.toml"
    config.write_text(text.replace("start = 2026-11-02", f"start = {typed}"), encoding="utf-8")
    with pytest.raises(AttcliError) as e:
        load_config(config)
    assert said in str(e.value) and "\n" not in str(e.value)
