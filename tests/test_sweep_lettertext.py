"""Sweep "lettertext" (4 December, second): what a letter to parents says, sentence by
sentence, against DOMAIN.md 2 (lessons missed), 9 (letters) and 11 (escalation), on
small registers worked out by hand (tests/builders.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attcli.config import parse_config
from attcli.letters import run_letters
from builders import register
from test_letters import CONFIG, FONTS, contacts_for


def test_no_praise_letter_beside_a_penalty_notice_warning(tmp_path: Path) -> None:
    """A school that praises 95 % and over (seed 003: "Rewards for 95%+"; `praise_at_least =
    95`) sent one family, in one run, a praise letter ("Thank you for your support in helping
    ... to be here ... Keep it up!") and a penalty-notice warning for the same child's
    unauthorised absence (a week's term-time holiday, G).  A letter of thanks beside a
    warning of a fine contradicts it, as praise beside a lateness letter did.  100 school
    days from Mon 7 Sep 2026 (200 sessions), as of Fri 22 Jan 2027 (the penalty-notice
    window: the 10 school weeks from Mon 16 Nov, school days 50 to 99):

    - HOLS: G all day on school days 80-84 (10 sessions), present otherwise: 190/200 =
      95.0 %, green, praise-worthy; 10 unauthorised sessions in the window: the threshold
      is met: the warning, no praise, and the run says why.
    - EDGE: G on school days 44-48, before the window: 190/200 = 95.0 %: praise, no warning.
    - LESS: G on school days 81-84 (8 sessions in the window): 192/200 = 96.0 %: praise."""
    present = ["/"] * 100
    hols, edge, less = list(present), list(present), list(present)
    for i in range(80, 85):
        hols[i] = "G"
    for i in range(44, 49):
        edge[i] = "G"
    for i in range(81, 85):
        less[i] = "G"
    reg = register({"HOLS": " ".join(hols), "EDGE": " ".join(edge), "LESS": " ".join(less)})
    cfg = parse_config(
        CONFIG.format(
            history=tmp_path / "h.sqlite3", fonts=FONTS, extra="praise = true\npraise_at_least = 95"
        )
    )
    r = run_letters(
        [], cfg, register=reg, contacts=contacts_for(["EDGE", "HOLS", "LESS"], tmp_path),
        out_dir=tmp_path / "o", letter_date=dt.date(2027, 1, 22), dry_run=True,
    )  # fmt: skip
    assert sorted((x.upn, x.template) for x in r.letters) == [
        ("EDGE", "praise"),
        ("HOLS", "penalty_notice_warning"),
        ("LESS", "praise"),
    ]
    assert [n for n in r.notes if "praise" in n] == [
        "1 pupil with praise-worthy attendance gets no praise letter, as they meet the "
        "penalty-notice threshold: ForenameHOLS SurnameHOLS (HOLS), 10 unauthorised "
        "sessions in 10 school weeks"
    ]


def test_a_salutation_the_export_writes_with_dear_is_not_dear_dear(tmp_path: Path) -> None:
    """The contacts export's own salutation column is used as it stands after "Dear " (docs/
    letters.md): some MIS write it as the whole greeting, "Dear Ms Jones" or "Mrs Smith,",
    and the letter said "Dear Dear Ms Jones," and "Dear Mrs Smith,,".  The greeting's own
    "Dear" and comma are the letter's; the export's are left out.  A salutation that is
    only "Dear" gives no name: the title and surname are used, as with none.  "Dearden" is
    a name, not the greeting.  40 school days from Mon 7 Sep 2026, each pupil at 100 %
    (praise)."""
    upns = ["A", "B", "C", "D", "E"]
    reg = register({u: " ".join(["/"] * 40) for u in upns})
    header = (
        "UPN,Contact Title,Contact Forename,Contact Surname,Salutation,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
    )
    rows = {
        "A": "Ms,Ann,Jones,Dear Ms Jones",
        "B": "Mrs,Jo,Smith,\"Mrs Smith,\"",
        "C": "Mr,Bo,Khan,\"DEAR  Mr Khan,\"",
        "D": "Mr,Al,Bell,Dear",
        "E": "Mr,Ed,Dearden,Dearden family",
    }
    lines = [
        f"{u},{rows[u]},Parent,1,Yes,{i} Elm Road,Exampletown,EX1 {i}AB"
        for i, u in enumerate(upns, 1)
    ]
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="praise = true")
    )
    r = run_letters(
        [], cfg, register=reg, contacts=contacts, out_dir=tmp_path / "o",
        letter_date=dt.date(2026, 10, 30),
    )  # fmt: skip
    said = {x.upn: x.doc["salutation"] for x in r.letters}
    assert said == {
        "A": "Dear Ms Jones,",
        "B": "Dear Mrs Smith,",
        "C": "Dear Mr Khan,",
        "D": "Dear Mr Bell,",
        "E": "Dear Dearden family,",
    }
