"""Sweep "letters3" (4 December, fifth): DOMAIN.md 9 again, which letter each pupil
gets, to whom, saying what, never twice and never the wrong one: the five policies'
band ladders at their exact lines, one pupil in three letter groups at once, the
figures a letter gives against `check`'s, contacts, and `--only`, `--release`,
`--include-held` and `--dry-run` around a corrected register.

The registers are tests/test_letters.py's (sessions from Monday 7 September 2026), the
letters dated 02/11/2026.
"""

from __future__ import annotations

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
