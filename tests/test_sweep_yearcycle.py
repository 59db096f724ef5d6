"""Sweep "yearcycle" (4 December): a school's autumn of office use in one workspace and
history, week by week: `check --record`, `letters` (twice in a half term, then the
next), `cases`, `pn record`, `cme`, on cumulative weekly exports.

Registers are hand made (tests/builders.py) from Monday 7 September 2026 with the autumn
term dates of tests/school.py (half term 26-30 October) and the config's defaults
(a penalty notice at 10 unauthorised sessions in 10 school weeks).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace
from test_sweep_weekly_term import WEEK, export_to

D = dt.date
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_a_warning_followed_by_the_notice_is_not_called_unsupported_by_a_correction(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EVE: G all week 05/10-09/10 (10 unauthorised sessions, the threshold met on Fri
    09/10 PM), present otherwise.  Fri 16/10: the letters run sends her family the red
    letter and the penalty-notice warning; the same day the office records the notice
    (`pn record`), which takes those 10 sessions.  Fri 23/10, the half term's second
    run: nothing in the register changed, so nothing sent on 16/10 is "no longer called
    for ... the register, corrected since, does not support" with "consider telling the
    family" (the window's 10 sessions now go to the notice the warning warned of: the
    warning was borne out, not undone).  A notice issued before the warning did count
    against it then and still does (not tested here: the warning would not be sent)."""
    reg = register(
        {
            "ANNA": " ".join([WEEK] * 7),
            "EVE": " ".join([WEEK] * 4 + [" ".join(["G"] * 5)] + [WEEK] * 2),
        },
        holidays=HOLIDAY,
    )
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mx", "ParA", "SurnameANNA"), ("EVE", "C5", "Mx", "ParE", "SurnameEVE")],
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")
    first = export_to(reg, D(2026, 10, 16), tmp_path)
    code, out, err = run_cli("letters", first, "-c", ws, "--contacts", contacts,
                             "--out", tmp_path / "l1")  # fmt: skip
    assert code == 0, err
    assert "penalty_notice_warning" in out
    code, out, err = run_cli("pn", "record", "EVE", first, "-c", ws, "--contacts", contacts,
                             "--parent", "C5", "--date", "2026-10-16")  # fmt: skip
    assert code == 0, err
    assert "covers 10 unauthorised sessions" in out
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    code, out, err = run_cli("letters", export_to(reg, D(2026, 10, 23), tmp_path), "-c", ws,
                             "--contacts", contacts, "--out", tmp_path / "l2")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "no longer called for" not in said
    assert "consider telling the family" not in said
    assert "does not support" not in said
    # the control: the MIS then makes the week's G an I (illness, the notice to be
    # withdrawn): the warning rested on marks corrected since, and is listed
    corrected = register(
        {
            "ANNA": " ".join([WEEK] * 7),
            "EVE": " ".join([WEEK] * 4 + [" ".join(["I"] * 5)] + [WEEK] * 2),
        },
        holidays=HOLIDAY,
    )
    code, out, err = run_cli("letters", export_to(corrected, D(2026, 10, 23), tmp_path), "-c",
                             ws, "--contacts", contacts, "--out", tmp_path / "l3")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "sent 16/10/2026: no longer called for: the register now gives 0 unauthorised" in said
    assert "consider telling the family" in said
