"""DOMAIN.md 9, 10, 11 and 12 sentence by sentence, through every command that shows
them (sweep of 5 December (third), domaind)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

D = dt.date
P = "/\\"


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- DOMAIN.md 9: a letter already sent this half term, in `check` and `pupil` ----------

#: Mon 7 Sep to Fri 9 Oct 2026 (25 school days, i = 0..24).  AMB misses the PM of every
#: 5th day (i = 0, 5, 10, 15, 20): 45 of 50 = 90.0 %, red in the default bands (50 % <
#: attendance <= 90 %).  LT4 is late (L) on 4 mornings of Autumn 1: the lateness letter
#: (DOMAIN.md 9: 4 or more lates in the half term).  OK is present throughout.
LETTERED = {
    "AMB": " ".join("/O" if i % 5 == 0 else P for i in range(25)),
    "LT4": " ".join("L\\" if i in (0, 20, 21, 24) else P for i in range(25)),
    "OK": " ".join([P] * 25),
}


def test_the_pupil_record_s_action_is_the_check_s_once_the_letter_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`attcli letters` as of Fri 9 Oct sends AMB's red letter and LT4's lateness letter
    (Autumn 1's).  A pupil must not get the same letter twice for the same half term
    (DOMAIN.md 9): the check as of the same day says so in the reason and asks for no
    letter ("meeting as your policy sets for this band; no letter: the reason says why";
    "none: this half term's lateness letter went (the reason says when)").  The pupil
    record shows the flags "as the weekly check shows them": the same reason, and it said
    "action: letter and meeting as your policy sets for this band" and "action: lateness
    letter", asking the office for the letter it had just been told went."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register(LETTERED), tmp_path / "reg.csv")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{i}", "Ms", "Ada", f"Surname{u}") for i, u in enumerate(LETTERED)],
    )
    day = "2026-10-09"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    code, _, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", day,
        "--out", tmp_path / "out",
    )  # fmt: skip
    assert code == 0, err
    code, check, err = run_cli("check", export, "-c", cfg, "--as-of", day, width=400)
    assert code == 0, err
    check = _flat(check)
    band_action = "meeting as your policy sets for this band; no letter: the reason says why"
    lates_action = "none: this half term's lateness letter went (the reason says when)"
    assert f"Action: {band_action}" in check
    assert f"Action: {lates_action}" in check
    for upn, reason, action in (
        ("AMB", "red letter for Autumn 1 sent 09/10/2026: no second this half term", band_action),
        ("LT4", "lateness letter for Autumn 1 sent 09/10/2026: no second", lates_action),
    ):
        code, text, err = run_cli("pupil", upn, export, "-c", cfg, "--as-of", day, width=400)
        assert code == 0, err
        text = _flat(text)
        assert reason in text
        assert f"action: {action}" in text, text
