"""A school workspace for tests: the config `attcli init` writes, filled in."""

from __future__ import annotations

from pathlib import Path

DETAILS = {
    "name": "Riverside Primary School",
    "urn": "100001",
    "dfe_number": "999/2001",
    "local_authority": "Anyshire County Council",
    "address": ["2 River Road", "Anytown", "AN1 1AA"],
    "phone": "01632 960111",
    "email": "office@riverside.example.org",
    "headteacher": "Mr H. Head",
    "attendance_lead": "Ms L. Lead",
}


def make_workspace(folder: Path, extra: str = "") -> Path:
    """``folder/attcli.toml`` as `attcli init` writes it with every detail given, plus
    ``extra`` (more TOML: e.g. term dates).  Returns the config file."""
    from attcli.config import init_text

    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "attcli.toml"
    config.write_text(init_text(DETAILS) + extra, encoding="utf-8")
    return config


#: Autumn 2026's two half terms from Monday 7 September (the holiday 26-30 October), as
#: TOML: the term dates of the tests' registers, which start on that Monday.
AUTUMN_HALF_TERMS = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""


#: The turn of a school year: Summer 2 of 2025/26 (to Friday 17 July 2026) and Autumn 2026
#: from Thursday 3 September (the summer holiday between: no school days), as TOML.
ROLLOVER_HALF_TERMS = """
[[calendar.half_terms]]
name = "Summer 2"
start = 2026-06-08
end = 2026-07-17

[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-03
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""

CONTACTS_HEADER = (
    "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
    "Parental Responsibility,Address Line 1,Town,Postcode\n"
)


def contacts_file(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    """A contacts export: (upn, contact id, title, forename, surname) per contact."""
    lines = [
        f"{upn},{cid},{title},{fore},{sur},Parent,{i},Yes,{i} Elm Road,Anytown,AN1 {i}AB"
        for i, (upn, cid, title, fore, sur) in enumerate(rows, 1)
    ]
    path.write_text(CONTACTS_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


# A ladder that monitors by half terms (the shipped seed003 preset's shape): each letter
# stage's period runs to the end of the next half term that starts on or after the letter.
HALF_TERM_LADDER = """
[escalation]
improve_points = 1
improve_to = 95
[[escalation.stages]]
name = "amber"
action = "letter"
template = "amber"
when_band = "amber"
half_terms = 1
[[escalation.stages]]
name = "red"
action = "letter"
template = "red"
when_band = "red"
after = "amber"
half_terms = 1
[[escalation.stages]]
name = "la_referral"
action = "referral"
after = "red"
"""
