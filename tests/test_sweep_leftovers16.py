"""Sweep leftovers16: what the seventh round left in letters, cases and the LA files.

1. `attcli cases` holds a looked-after pupil's warning letter step for review, by the rule
   `attcli letters` holds the letter by (:class:`attcli.absence.HoldRule`): the register's
   Looked After column, or (``--contacts``) a council with parental responsibility.
Small registers by hand (tests/builders.py, tests/school.py)."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import run_cli
from test_sweep_lacla import _files

#: the looked-after hold, as `attcli letters` gives it (lacfollow's words)
AGREE = (
    "agree a letter warning of meetings, fines or prosecution with the social worker and the "
    "Virtual School Head (the Personal Education Plan) first"
)


def _held(export: Path, config: Path, *more: object) -> dict[str, str | None]:
    code, out, err = run_cli(
        "cases", export, "-c", config, "--as-of", "2026-09-30", "--format", "json", *more
    )
    assert code == 0, err
    return {c["upn"]: c["held"] for c in json.loads(out)["cases"]}


def test_cases_holds_a_looked_after_pupils_red_letter_as_letters_does(tmp_path: Path) -> None:
    """REGY (the register's Looked After column Y), CONN (column N, Westshire County Council
    with parental responsibility among the contacts), BIO (N, a mother): each at 0 %, the
    severe letter due.  `letters` holds REGY's and CONN's; `cases` listed all three under
    "Letters to send", the office expecting two letters that do not come.  Now held, in the
    letters' words: by the column alone without the contacts, by the council with them."""
    export, contacts, config = _files(tmp_path)
    held = _held(export, config)
    assert held["BIO"] is None and held["CONN"] is None, held
    assert held["REGY"] == f"looked after (the register's Looked After column): {AGREE}"
    held = _held(export, config, "--contacts", contacts)
    assert held["BIO"] is None and held["REGY"] is not None, held
    assert held["CONN"] == (
        "looked after (Westshire County Council holds parental responsibility in the contacts "
        "export, though the register's Looked After column says No: taken as looked after; "
        f"correct whichever is wrong in the MIS): {AGREE}"
    ), held


def test_a_councils_own_salutation_is_not_its_name() -> None:
    """2. A council among the contacts with no name but its salutation was named by it:
    "the Virtual School Head of Sir or Madam".  A salutation (a short fixed list, case and
    punctuation folded, "Dear" or not) is no name: the unnamed council's words instead, and
    the letter's Virtual School Head is of no council.  A name written as the salutation
    (some exports' "Addressee") is still the name."""
    from attcli.contacts import Contact, council_name
    from attcli.looked_after import UNNAMED_COUNCIL, looked_after

    def named(salutation: str) -> str:
        return council_name(Contact("A1", relationship="Local Authority",
                                    salutation_text=salutation))  # fmt: skip

    for s in ("Sir or Madam", "Dear Sir/Madam,", "To whom it may concern", "dear sir or "
              "madam.", "SIR / MADAM", "Dear Sirs", "Dear Sir(s)/Madam", "Parent/Carer"):
        assert named(s) == UNNAMED_COUNCIL, s
    assert looked_after([named("Dear Sir or Madam")], None).virtual_school_head == (
        "the Virtual School Head"
    )
    assert named("Dear Westshire Children's Services,") == "Westshire Children's Services"
    assert named("Sir Madam Trust") == "Sir Madam Trust"  # (a name that holds the words)


def test_the_warning_to_a_looked_after_childs_carer_threatens_no_fine(tmp_path: Path) -> None:
    """3. The penalty-notice warning released to LAC's foster carer (Anyshire County Council
    holds parental responsibility; 16 unauthorised sessions in the window) was headed
    "unauthorised absence and penalty notices", said "whether one is issued to a carer is
    for ... to decide", then "What happens next: we want to avoid this", "this" a notice to
    the carer, and "action agreed ... without further warning", as if the carer were not
    part of the Personal Education Plan.  Policy 002: the school works with the Virtual
    School Head on the Plan and tells the social worker of unexplained absence.  BIO's
    letter, to a mother, is as ever."""
    from builders import register
    from test_sweep_lacletter import _released_to_carer

    reg = register({u: ("/ " * 4 + "O ") * 8 for u in ("LAC", "BIO")})
    lac, bio = _released_to_carer(tmp_path, reg, "penalty_notice_warning")
    assert "ForenameLAC SurnameLAC: unauthorised absence I am writing" in lac, lac
    for gone in ("avoid this", "without further warning", "issued to a carer", "penalty notices"):
        assert gone not in lac, gone
    assert (
        "ForenameLAC is looked after, so this letter quotes no penalty notice or fine: any "
        "formal action on ForenameLAC's attendance is for Example Borough Council to decide "
        "with ForenameLAC's social worker and the Virtual School Head of Anyshire County "
        "Council."
    ) in lac, lac
    assert (
        "What happens next: we are sharing this letter with ForenameLAC's social worker and "
        "the Virtual School Head of Anyshire County Council. Please contact"
    ) in lac, lac
    assert (
        "If the unauthorised absence continues, the school will agree the next steps with you "
        "and with them, through ForenameLAC's Personal Education Plan."
    ) in lac, lac
    assert "unauthorised absence and penalty notices" in bio
    assert "What happens next: we want to avoid this." in bio
    assert "may lead to a penalty notice or a notice to improve without further warning." in bio


def test_pn_next_reads_the_contacts_of_the_parents_school_alone(tmp_path: Path) -> None:
    """4. A trust's contacts export with a School column, keyed by the MIS id each school
    numbers from 1001: Ash's 1001 is looked after (Westshire County Council holds parental
    responsibility), Birch's 1001 lives with Mr Ben Birch.  `pn next 1001 --parent "Mr Ben
    Birch" --contacts` read every row of 1001, both schools', and quoted Bella's father
    "none quoted: looked after (Westshire County Council ...)": Adam's council.  Now the
    rows of the parent's school alone: a first notice, as for any parent with none on
    record."""
    from school import CONTACTS_HEADER
    from test_sweep_trustids import _trust

    config, _, _ = _trust(tmp_path)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "School," + CONTACTS_HEADER
        + "a,1001,L1,,,Westshire County Council,Local Authority,1,Yes,County Hall,Anytown,AN1 0AA\n"
        + "a,1001,F1,Ms,Fay,Foster,Foster Carer,2,No,5 Elm Road,Anytown,AN1 5AB\n"
        + "b,1001,B1,Mr,Ben,Birch,Father,1,Yes,1 Oak Road,Anytown,AN1 1AB\n",
        encoding="utf-8",
    )  # fmt: skip
    ask = ("pn", "next", "1001", "--contacts", contacts, "-c", config, "--date", "2026-10-02")
    code, out, err = run_cli(*ask, "--parent", "Mr Ben Birch")
    assert code == 0, err
    assert "looked after" not in out + err and out.startswith("first"), out + err
    code, out, err = run_cli(*ask, "--parent", "Ms Fay Foster")  # (Adam's carer: as before)
    assert code == 0, err
    assert out.startswith("none quoted: looked after (Westshire County Council"), out


def test_the_register_check_gives_the_dates_off_the_roll_inside_a_run() -> None:
    """5. The LA matches the termly file's days off the roll with the deletions and
    readmissions it was told of, each dated (policy 002: the social worker and the LA are
    told of a deletion): a count ("3") matches nothing.  ZED, from Mon 7 Sep 2026: present
    week 1, `N` week 2, then `Z Z N Z N` (Mon 21, Tue 22 and Thu 24 Sep off the roll), `N`
    week 4: one run (`Z` neither counts nor breaks it, DOMAIN.md 6), the days off it as
    dates, consecutive school days one span.  CSV and workbook alike."""
    import csv
    import datetime as dt

    from attcli.config import Config
    from attcli.lacheck import register_check, to_csv
    from builders import register

    p, n = "/\\ " * 5, "N " * 5
    reg = register({"ZED": p + n + "Z Z N Z N " + n, "OK": p * 4}, start=dt.date(2026, 9, 7))
    rc = register_check(reg, Config(), term="autumn", as_of=dt.date(2026, 10, 2))
    rows = {r["UPN"]: r for r in csv.DictReader(to_csv(rc).lstrip("\ufeff").splitlines())}
    assert rows["ZED"]["Days off the roll inside the run"] == "21/09/2026-22/09/2026; 24/09/2026"
