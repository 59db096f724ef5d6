"""Sweep "lessons" (4 December, fourth): what a parent reads, number by number, against
DOMAIN.md 2 (lessons missed), 5 (what a letter says of notices and fines) and 9 (letters,
certificates, praise), on small registers worked out by hand (tests/builders.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attcli.config import parse_config
from attcli.letters import run_letters
from builders import register
from test_letters import CONFIG, FONTS

CONTACTS_HEADER = (
    "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
    "Parental Responsibility,Address Line 1,Town,Postcode,Email,Correspondence\n"
)


def _contacts(tmp: Path, rows: list[str]) -> Path:
    p = tmp / "contacts.csv"
    p.write_text(CONTACTS_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def test_a_parent_the_letter_cannot_reach_for_want_of_an_address_is_named(
    tmp_path: Path,
) -> None:
    """DOMAIN.md 9: a letter "is addressed to the pupil's priority contacts".  A mother, the
    priority-1 contact with parental responsibility, with no postal address and no email
    in the contacts export was passed over without a word: the red letter went to the
    priority-2 father at another address, and the mother, the parent the school writes to
    first, never heard of it (with `recipients = "all"`, she had no copy, nothing said).
    The run now names each contact with parental responsibility who would have been
    written to but has nowhere to send a letter, and who it went to instead.  Not named:
    a contact with no parental responsibility, one of a lower priority than the letter's
    recipient (not written to anyway), one marked not to be sent letters, and one
    person's record made twice in the MIS, the second without an address.  35 school days from Mon 7 Sep 2026:
    ANN and BEN: O on the last 4 days (8 sessions): 62/70 = 88.6 %, red."""
    marks = " ".join(["/"] * 31 + ["O"] * 4)
    reg = register({"ANN": marks, "BEN": marks})
    contacts = _contacts(
        tmp_path,
        [
            # ANN: mother (priority 1) with nowhere to send; father (2) at another address
            "ANN,11,Mrs,Amy,Ames,Mother,1,Yes,,,,,Y",
            "ANN,12,Mr,Al,Ames,Father,2,Yes,9 Oak Street,Othertown,EX9 9ZZ,,Y",
            # a grandmother (no parental responsibility) and an aunt (priority 3), no address
            "ANN,13,Mrs,Gran,Ames,Grandmother,1,No,,,,,Y",
            "ANN,14,Ms,Ada,Ames,Aunt,3,Yes,,,,,Y",
            # a stepfather marked not to be sent letters, no address
            "ANN,15,Mr,Ned,Ames,Stepfather,1,Yes,,,,,N",
            # BEN: the mother's record made twice in the MIS, the second with no address:
            # she is written to on the first
            "BEN,21,Mrs,Bea,Bell,Mother,1,Yes,2 Elm Road,Exampletown,EX1 2AB,,Y",
            "BEN,22,Mrs,Bea,Bell,Mother,1,Yes,,,,,Y",
        ],
    )
    for recipients, to in (("priority", ["Mr Al Ames"]), ("all", ["Mr Al Ames", "Ms Ada Ames"])):
        if recipients == "all":  # the aunt has parental responsibility: she is written to
            contacts.write_text(
                contacts.read_text(encoding="utf-8").replace(
                    "ANN,14,Ms,Ada,Ames,Aunt,3,Yes,,,,,Y",
                    "ANN,14,Ms,Ada,Ames,Aunt,3,Yes,3 Ash Way,Exampletown,EX1 3AB,,Y",
                ),
                encoding="utf-8",
            )
        cfg = parse_config(
            CONFIG.format(
                history=tmp_path / f"{recipients}.sqlite3",
                fonts=FONTS,
                extra=f'recipients = "{recipients}"',
            )
        )
        r = run_letters(
            [], cfg, register=reg, contacts=contacts, out_dir=tmp_path / recipients,
            letter_date=dt.date(2026, 10, 23), dry_run=True, only=["red"],
        )  # fmt: skip
        assert sorted(x.contact.name for x in r.letters if x.upn == "ANN") == to
        assert [x.contact.name for x in r.letters if x.upn == "BEN"] == ["Mrs Bea Bell"]
        said = [n for n in r.notes if "no postal address or email" in n]
        assert said == [
            "1 contact with parental responsibility gets no letter, having no postal "
            "address or email in the contacts export (add it in the MIS): Mrs Amy Ames "
            "(ANN, priority 1; the letter went to "
            + " and ".join(to)
            + ")"
        ], recipients


def test_a_warning_says_the_window_s_sessions_a_notice_on_record_already_rests_on(
    tmp_path: Path, monkeypatch
) -> None:
    """DOMAIN.md 5: a session that has supported one notice must not support another, so the
    check counts the window without them.  The warning letter said "has had 10 sessions of
    unauthorised absence in the 4 school weeks from 7 September 2026 to 2 October 2026"
    while the register, the certificate and the letter's own table
    ("Unauthorised absence (sessions) 20") show 20 in those weeks: the 10 the notice of 18
    September rests on were left out unsaid, and the family read a figure the marks do
    not give.  Now the letter gives the window's 20 and says a notice on record already
    rests on 10 of them and the other 10 are counted (true of each parent's copy: the
    same absence may support a notice to the other parent, docs/decisions.md "A notice to
    each liable parent", though the check leaves out every notice's sessions).  O on 14-18 Sep and 28 Sep - 2 Oct (10 each),
    present otherwise; the notice to the mother on 18 Sep covers the first 10; as of Fri
    2 Oct the window (from 7 Sep) holds 20, 10 counted: the threshold is met."""
    from attcli import clock
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace
    from test_cli import write_export
    from test_letters import html_text

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    upn = "A123456789011"
    school = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_export(
        tmp_path / "register.csv",
        {upn: " ".join(["/\\"] * 5 + ["O"] * 5 + ["/\\"] * 5 + ["O"] * 5)},
    )
    book = contacts_file(tmp_path / "contacts.csv", [(upn, "501", "Mrs", "Jo", "Doyle")])
    code, _, err = run_cli(
        "pn", "record", upn, str(export), "--parent", "501", "--contacts", str(book),
        "--date", "2026-09-18", "-c", str(school),
    )  # fmt: skip
    assert code == 0, err
    out = tmp_path / "out"
    code, _, err = run_cli(
        "letters", str(export), "--contacts", str(book), "-c", str(school), "--out", str(out),
        "--only", "pn",
    )  # fmt: skip
    assert code == 0, err
    (page,) = out.glob("*penalty_notice_warning.html")
    text = html_text(page)
    assert (
        "has had 20 sessions of unauthorised absence in the 4 school weeks from 7 September "
        "2026 to 2 October 2026, 10 of which a penalty notice on record already rests on: "
        "the other 10 are counted here." in text
    ), text
    assert "Unauthorised absence, 7 September 2026 to 2 October 2026 20 " in text, text
