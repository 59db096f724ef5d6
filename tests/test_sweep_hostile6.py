"""Sweep hostile6 (docs/decisions.md, "... (sweep of 6 December (seventh), hostile6)"):
this round's new text taken from files into outputs (a workbook's sheet names read as
forms, a printed report's page lines and title rows, the council that looks after a
child named in letters and lists, a week recorded again listing its pupils), each given a
hostile cell and looked at in every output it reaches.  Small exports by hand; every
expected text worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import school_days
from clirun import run_cli
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
