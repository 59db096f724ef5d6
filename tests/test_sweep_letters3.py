"""Sweep "letters3" (4 December, fifth): DOMAIN.md 9 again, which letter each pupil
gets, to whom, saying what, never twice and never the wrong one: the five policies'
band ladders at their exact lines, one pupil in three letter groups at once, the
figures a letter gives against `check`'s, contacts, and `--only`, `--release`,
`--include-held` and `--dry-run` around a corrected register.

The registers are tests/test_letters.py's (sessions from Monday 7 September 2026), the
letters dated 02/11/2026.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attcli.errors import AttcliError
from builders import register
from test_letters import contacts_for, run

# 68/80 = 85.0 % (red), 12 `O` (the penalty-notice threshold), 4 late days (8 lates)
THREE = "/ " * 30 + "O O O O O O L L L L"


@pytest.mark.parametrize(
    ("switched_off", "asked"),
    [("praise = false", "praise"), ("lateness = false", "lates"),
     ("penalty_notice = false", "pn"), ("lateness = false", "red,lateness")],
)  # fmt: skip
def test_only_a_letter_the_config_switches_off_is_refused_not_an_empty_run(
    tmp_path: Path, switched_off: str, asked: str
) -> None:
    """`--only praise` with `[letters] praise` off (the default) made nothing and said
    nothing: the office, asking for the praise letters, was told of none, as if no pupil
    earned one (PRA is 80/80).  Likewise `--only lates` with `lateness = false`, or `--only
    pn` with `penalty_notice = false`.  Refused now in one line naming the setting, before
    anything is written or recorded."""
    reg = register({"TRI": THREE, "PRA": "/ " * 40})
    contacts = contacts_for(["PRA", "TRI"], tmp_path)
    with pytest.raises(AttcliError) as e:
        run(tmp_path, reg, switched_off, contacts=contacts, only=[asked])
    key = switched_off.split(" = ")[0]
    assert f"[letters] {key} = false" in str(e.value)
    assert "\n" not in str(e.value)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "history.sqlite3").exists()
    # switched on, the same run makes them
    on = run(tmp_path, reg, switched_off.replace("false", "true"), contacts=contacts,
             only=[asked], dry_run=True)  # fmt: skip
    assert on.letters


def test_release_of_a_letter_only_leaves_out_names_what_only_asks_for(tmp_path: Path) -> None:
    """HLD's red letter (64/80, 80.0 %) is held (16 of 16 absence sessions `I`); her 4 late
    days make a lateness letter due.  `--only lates --release HLD` was refused "no letter
    for this pupil is held for review in this run (held: none)": the office, told nothing
    of HLD is held, believes the red letter gone or not due.  The refusal says the held
    letters are looked for among those `--only` asks for; the run without `--only`
    still holds it, and `--release HLD` makes it."""
    reg = register({"HLD": "/ " * 28 + "I " * 8 + "L " * 4, "TRI": THREE})
    contacts = contacts_for(["HLD", "TRI"], tmp_path)
    with pytest.raises(AttcliError) as e:
        run(tmp_path, reg, contacts=contacts, only=["lates"], release=["HLD"], dry_run=True)
    assert str(e.value) == (
        "--release HLD: no letter for this pupil is held for review in this run among the "
        "letters --only asks for (lateness); held: none"
    )
    whole = run(tmp_path, reg, contacts=contacts, dry_run=True)
    assert [(x.upn, x.template) for x in whole.held] == [("HLD", "red")]
    made = run(tmp_path, reg, contacts=contacts, release=["HLD"], dry_run=True)
    assert ("HLD", "red") in [(x.upn, x.template) for x in made.letters]
    # without --only the refusal reads as before
    with pytest.raises(AttcliError) as e:
        run(tmp_path, reg, contacts=contacts, release=["TRI"], dry_run=True)
    assert str(e.value) == (
        "--release TRI: no letter for this pupil is held for review in this run (held: HLD)"
    )


def test_one_pupil_in_three_letter_groups_gets_each_letter_once_to_the_right_parent(
    tmp_path: Path,
) -> None:
    """Worked by hand (found right; kept so it stays right).  TRI: 30 days present, 6 days
    `O`, 4 days late (`L` both sessions): 68/80 = 85.0 % (red), 12 unauthorised sessions
    (the penalty-notice threshold), 8 lates in the half term: the red letter, the lateness
    letter and the warning, in that order, each once.  SIB, her brother: 30 days present,
    6 days `O`, 4 present: 68/80, red and the warning, no lateness letter.  Their mother Ann
    (contact C1, priority 1 for both, with parental responsibility) gets every letter; TRI's
    father Bob (priority 2) none (`recipients = "priority"`); a grandmother without
    parental responsibility, priority 0 for SIB, none.  The figures are the engine's for
    the same as-of date, lessons missed 3 a morning and 2 an afternoon (6 days x 5 = 30).
    The rerun sends nothing; the history, the manifest and the files agree."""
    import csv
    import io

    from attcli.engine import evaluate
    from attcli.letters.run import MANIFEST
    from test_letters import count_rows, html_text, make_config, pdf_text

    reg = register({"TRI": THREE, "SIB": "/ " * 30 + "O O O O O O / / / /"})
    family = tmp_path / "family.csv"
    family.write_text(
        "UPN,Contact Id,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
        "TRI,C1,Mrs,Ann,Lee,Mother,1,Yes,1 Elm Road,Exampletown,EX1 1AB\n"
        "TRI,C2,Mr,Bob,Lee,Father,2,Yes,9 Oak Road,Othertown,EX2 2AB\n"
        "SIB,C9,Mrs,Gran,Lee,Grandmother,0,No,3 Ash Road,Exampletown,EX3 3AB\n"
        "SIB,C1,Mrs,Ann,Lee,Mother,1,Yes,1 Elm Road,Exampletown,EX1 1AB\n",
        encoding="utf-8",
    )
    first = run(tmp_path, reg, contacts=family)
    assert [(x.upn, x.template, x.contact.name, x.status) for x in first.letters] == [
        ("SIB", "red", "Mrs Ann Lee", "written"),
        ("SIB", "penalty_notice_warning", "Mrs Ann Lee", "written"),
        ("TRI", "red", "Mrs Ann Lee", "written"),
        ("TRI", "lateness", "Mrs Ann Lee", "written"),
        ("TRI", "penalty_notice_warning", "Mrs Ann Lee", "written"),
    ]
    out = tmp_path / "out"
    printed = [line for line in pdf_text(out / "letters-to-print-2026-11-02-1.pdf").splitlines()
               if line.startswith(("ForenameSIB SurnameSIB:", "ForenameTRI SurnameTRI:"))]  # fmt: skip
    assert printed == [
        "ForenameSIB SurnameSIB: persistent absence",
        "ForenameSIB SurnameSIB: unauthorised absence and penalty notices",
        "ForenameTRI SurnameTRI: persistent absence",
        "ForenameTRI SurnameTRI: arriving late",
        "ForenameTRI SurnameTRI: unauthorised absence and penalty notices",
    ]
    ev = evaluate(reg, make_config(tmp_path))
    rows = {r["upn"]: r for r in ev.pupils.iter_rows(named=True)}
    for upn, template in [("TRI", "red"), ("TRI", "lateness"), ("TRI", "penalty_notice_warning"),
                          ("SIB", "red"), ("SIB", "penalty_notice_warning")]:  # fmt: skip
        p = rows[upn]
        assert (p["possible"], p["attended"], p["authorised"], p["unauthorised"]) == (80, 68, 0, 12)
        text = html_text(out / f"{upn}_Surname{upn}_Forename{upn}_{template}.html")
        assert "Mrs Ann Lee 1 Elm Road Exampletown EX1 1AB" in text
        assert (
            f"Sessions attended {p['ht_attended']} of {p['ht_possible']} "
            f"{p['attended']} of {p['possible']} Sessions missed 12 12 Lessons missed 30 30 "
            f"Authorised absence (sessions) 0 0 Unauthorised absence (sessions) "
            f"{p['ht_unauthorised']} {p['unauthorised']}"
        ) in text
        assert "School year (up to 30 October 2026)" in text
    assert "8 times this half term (Autumn 1)" in html_text(
        out / "TRI_SurnameTRI_ForenameTRI_lateness.html"
    )
    assert rows["TRI"]["lates_half_term"] == 8 and not rows["SIB"]["lates_flag"]
    assert "12 sessions of unauthorised absence in the 8 school weeks from 7 September 2026 to " \
        "30 October 2026" in html_text(out / "TRI_SurnameTRI_ForenameTRI_penalty_notice_warning.html")
    again = run(tmp_path, reg, contacts=family)
    assert {x.status for x in again.letters} == {"already sent"}
    manifest = list(csv.DictReader(io.StringIO((out / MANIFEST).read_text("utf-8-sig"))))
    assert sorted((r["upn"], r["template"]) for r in manifest) == sorted(
        (u, t) for u, t, _, _ in count_rows(tmp_path)
    )
    assert all(n == 1 for *_, n in count_rows(tmp_path))
    assert sorted(p.name for p in out.glob("*.pdf") if not p.name.startswith("letters-")) == sorted(
        r["file"] for r in manifest
    )


NO_SEVERE_LETTER = """
[[bands]]
name = "green"
at_least = 92

[[bands]]
name = "amber"
above = 90
letter = "amber"

[[bands]]
name = "red"
above = 50
letter = "red"

[[bands]]
name = "severe"
"""


def test_a_pupil_in_a_band_without_a_letter_below_one_with_a_letter_is_named(
    tmp_path: Path,
) -> None:
    """A config whose severe band has no `letter` (a line lost when the bands were typed,
    or a school that meets those families instead): SEV, 30/80 = 37.5 %, and HALF, 40/80 =
    exactly 50.0 % (severe: 50 % and under), got no letter and the run said nothing,
    while RED at 70/80 = 87.5 % got the red letter.  The letters a school sends are its
    own, so nothing is made, but the run names them: the most absent pupils are never
    passed over unsaid.  JUST, 42/80 = 52.5 %, is red: the red letter, not named."""
    import test_letters
    from attcli.config import parse_config
    from attcli.letters import run_letters

    reg = register({
        "SEV": "/ " * 15 + "O " * 25, "HALF": "/ " * 20 + "R " * 20,
        "RED": "/ " * 35 + "T T O O O", "JUST": "/ " * 21 + "R " * 9 + "O " * 10,
    })  # fmt: skip
    cfg = parse_config(
        test_letters.CONFIG.replace("[letters]", NO_SEVERE_LETTER + "\n[letters]").format(
            history=tmp_path / "h.sqlite3", fonts=test_letters.FONTS, extra=""
        )
    )
    contacts = contacts_for(["HALF", "JUST", "RED", "SEV"], tmp_path)
    r = run_letters([], cfg, register=reg, out_dir=tmp_path / "out", contacts=contacts,
                    dry_run=True, only=["red", "amber"], letter_date=dt.date(2026, 11, 2))  # fmt: skip
    assert sorted((x.upn, x.template) for x in r.letters) == [("JUST", "red"), ("RED", "red")]
    assert (
        "2 pupils are in band severe, which has no letter in the config though a less "
        "serious band (red) has one, so they get no band letter: ForenameHALF SurnameHALF "
        "(HALF), 50.0%; ForenameSEV SurnameSEV (SEV), 37.5%: give the band a letter "
        '(letter = "..." in its [[bands]]) if they should get one'
    ) in r.notes
    # not said where no band letter is asked for
    lates = run_letters([], cfg, register=reg, out_dir=tmp_path / "out", contacts=contacts,
                        dry_run=True, only=["lates"], letter_date=dt.date(2026, 11, 2))  # fmt: skip
    assert not any("no letter in the config" in n for n in lates.notes)


def test_a_red_letter_for_absence_mostly_suspension_is_held_for_review(tmp_path: Path) -> None:
    """SUS was suspended 6 days (`E`, 12 sessions): 68/80 = 85.0 %, red, all her absence
    the school's own sanction.  The red letter (the parents' legal duty, the local
    authority) went to the print pile: DOMAIN.md 9 says such a letter is wrong for absence
    the family cannot be blamed for, and a suspension is imposed by the school.  `E` is a
    default hold code now: held with the reason, `--release` still sends it.  Boundaries:
    HLF's 12 absence sessions are 6 `E` and 6 `O` (exactly half: held only when more
    than `hold_share` = 50 %): sent; MST's are 8 `E` and 4 `O` (8 of 12): held."""
    reg = register({
        "SUS": "/ " * 34 + "E " * 6,
        "HLF": "/ " * 34 + "E " * 3 + "O " * 3,
        "MST": "/ " * 34 + "E " * 4 + "O " * 2,
    })  # fmt: skip
    contacts = contacts_for(["HLF", "MST", "SUS"], tmp_path)
    made = run(tmp_path, reg, contacts=contacts, dry_run=True)
    held = {x.upn: x for x in made.held}
    assert sorted(held) == ["MST", "SUS"]
    assert all(x.template == "red" for x in held.values())
    assert "suspended or excluded" in held["SUS"].reason
    assert ("HLF", "red") in [(x.upn, x.template) for x in made.letters]
    released = run(tmp_path, reg, contacts=contacts, release=["SUS"], dry_run=True)
    assert ("SUS", "red") in [(x.upn, x.template) for x in released.letters]


def test_the_config_init_writes_holds_the_default_hold_codes() -> None:
    """`attcli init` writes `[letters] hold_codes` out in full, so a new workspace keeps
    the list of the day it was made: it must be the default's (a code added to the
    default and not to the starter config is held nowhere new)."""
    import tomllib

    from attcli.config import init_text
    from attcli.letter_settings import DEFAULT_HOLD_CODES

    written = tomllib.loads(init_text())["letters"]["hold_codes"]
    assert tuple(written) == DEFAULT_HOLD_CODES
