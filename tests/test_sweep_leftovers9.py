"""What this round's sweeps noticed and left (sweep of 6 December, leftovers9): each
fault's right answer worked out by hand in its test (docs/decisions.md, "leftovers9").

The registers (tests/builders.py) run from Mon 7 Sep 2026, school days only:
  week 1: 7-11 Sep  week 2: 14-18  week 3: 21-25  week 4: 28 Sep-2 Oct  week 5: 5-9 Oct
  week 6: 12-16 Oct.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, make_workspace

D = dt.date
WEEK_80 = "/\\ /\\ /\\ /\\ O"  # Mon - Thu present, Friday missed: 8/10, 80 %, red


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.fixture(scope="module")
def by_hand(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """R (80 %, red from the start) and the red stage recorded by hand on Fri 9 Oct."""
    tmp = tmp_path_factory.mktemp("byhand")
    ws = make_workspace(tmp / "ws", AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    exp = write_long_csv(register({"R": " ".join([WEEK_80] * 6)}), tmp / "e.csv")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATTCLI_TODAY", "2026-10-09")
    try:
        code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-09")
        assert code == 0, err
        code, _, err = run_cli(
            "case", "record", "R", "--action", "red", "--date", "2026-10-09", "-c", ws
        )
        assert code == 0, err
    finally:
        mp.undo()
    return ws, exp


def test_the_pupil_record_lists_a_letter_stage_recorded_by_hand_among_the_letters_sent(
    by_hand: tuple[Path, Path],
) -> None:
    # DOMAIN.md 9/11: the office sent R's red letter by hand on Fri 9 Oct and recorded the
    # ladder's red stage; attcli counts it as the red letter sent (letters, check, cases).
    # The record's "Letters sent" listed only the letters attcli wrote: "Letters sent: 0"
    # beside an escalation line at the red stage.  It is one letter sent: the red letter
    # of Autumn 1 (band red), dated 09/10/2026, "recorded by hand 09/10/2026" where a
    # written letter names its contact.
    ws, exp = by_hand
    code, out, err = run_cli("pupil", "R", exp, "-c", ws, "--as-of", "2026-10-16", width=80)
    assert code == 0, err
    flat = _flat(out)
    assert "Letters sent: 1" in flat, out
    assert "09/10/2026 red red Autumn 1 recorded by hand 09/10/2026" in flat, out
    # as of a day before the record: on record, not sent as of then (as a written letter)
    code, out, err = run_cli("pupil", "R", exp, "-c", ws, "--as-of", "2026-10-08", width=80)
    assert code == 0, err
    assert "Letters sent: 1 (after the as-of date, 08/10/2026: not sent as of then)" in _flat(out)


def test_cases_says_the_held_letter_of_a_new_upn_went_to_the_old_one_this_half_term(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sweep twoupn2's ladder register (looks7's test of the pupil record): Kit's red letter
    # went to OLD on 25/09; as of 09/10 NEW's red letter is due and held (one child under
    # two UPNs?).  `letters --dry-run` and NEW's pupil record say "OLD's red letter went
    # on 25/09/2026, this half term: if one child, this is the same letter twice; ...";
    # `attcli cases` held NEW's red step without it: released, the parent gets the red
    # letter twice in a half term (DOMAIN.md 9).  One rule: sent_letters.
    from attcli import clock
    from test_sweep_twoupn import NEW, OLD, _ladder_files

    cfg, sep, octo, contacts = _ladder_files(tmp_path)
    monkeypatch.setenv(clock.ENV_VAR, "2026-09-25")
    code, _, err = run_cli(
        "letters", sep, "-c", cfg, "--contacts", contacts, "--as-of", "2026-09-25",
        "--out", tmp_path / "out", "--only", "red",
    )  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv(clock.ENV_VAR, "2026-10-09")
    code, out, err = run_cli("cases", octo, "-c", cfg, "--as-of", "2026-10-09", width=80)
    assert code == 0, err
    said = _flat(out)
    twice = (
        f"{OLD}'s red letter went on 25/09/2026, this half term: if one child, this is the "
        f"same letter twice; `attcli pupil merge {OLD} {NEW}` moves it, and this one then "
        "shows as already sent"
    )
    assert twice in said, out
    # TWIN1's red letter went too, but TWIN2 is another child seen apart: nothing said
    assert said.count("the same letter twice") == 1


@pytest.fixture(scope="module")
def two_upns(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Sweep twoupn2's ladder register as of Fri 9 Oct: Kit Child under OLD (7 Sep to 2
    Oct) then NEW (from 5 Oct), and the twins Sam Same, two children both on roll."""
    from school import contacts_file
    from test_sweep_twoupn import NEW, OLD, TWIN1, TWIN2, _ladder_register

    tmp = tmp_path_factory.mktemp("twoupns")
    cfg = make_workspace(tmp / "ws", AUTUMN_HALF_TERMS)
    octo = write_long_csv(_ladder_register(D(2026, 10, 9)), tmp / "oct.csv", dob=True)
    contacts = contacts_file(tmp / "contacts.csv", [
        (u, f"C{i}", "Ms", "Pat", "Parent") for i, u in enumerate((OLD, NEW, TWIN1, TWIN2, "FILL"))
    ])  # fmt: skip
    return cfg, octo, contacts


def test_register_check_says_a_child_under_two_upns_once(
    two_upns: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    # The register check's own line names Kit, both UPNs, each row's dates and the merge
    # to type; the load's note said Kit again in full ("e.g. 'Child, Kit' born
    # 01/05/2015: ..."), and the twins only by their count.  The note now names Kit by
    # reference and gives the twins as its example; Kit's line is said once.
    cfg, octo, _ = two_upns
    code, out, err = run_cli(
        "register-check", octo, "-c", cfg, "--term", "autumn", "--as-of", "2026-10-09",
        "--output", tmp_path / "rc.csv",
        width=80,
    )  # fmt: skip
    assert code == 0, err
    both = _flat(out + "\n" + err)
    assert both.count("'Child, Kit' born") + both.count("Child, Kit (A99920101001A") == 1, both
    assert "Child, Kit (A99920101001A, A999201010017: one child under two UPNs?) is two rows" in both
    assert (
        "2 children under two UPNs or more (the same surname, forename and date of birth), "
        "counted as separate pupils (Child, Kit said above), e.g. 'Same, Sam' born 01/06/2015"
    ) in _flat(err), err


def test_the_letters_dry_run_says_a_held_child_under_two_upns_once(
    two_upns: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NEW's red letter is held (one child under two UPNs?): the held list names Kit, both
    # UPNs and why; the load's note said Kit again in full.  It names Kit by reference and
    # gives the twins (in no line of the run) as its example.
    cfg, octo, contacts = two_upns
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    code, out, err = run_cli(
        "letters", octo, "-c", cfg, "--contacts", contacts, "--as-of", "2026-10-09",
        "--dry-run", "--out", tmp_path / "out", width=80,
    )  # fmt: skip
    assert code == 0, err
    held = _flat(out)
    assert "A999201010017 Kit Child red one child under two UPNs? Child, Kit" in held, out
    notes = _flat(err)
    assert "counted as separate pupils (Child, Kit said above), e.g. 'Same, Sam'" in notes, err
    assert "'Child, Kit' born" not in notes
    # with no letter held (--include-held: Kit's letter made), the note says Kit in full
    code, out, err = run_cli(
        "letters", octo, "-c", cfg, "--contacts", contacts, "--as-of", "2026-10-09",
        "--dry-run", "--include-held", "--out", tmp_path / "out", width=80,
    )  # fmt: skip
    assert code == 0, err
    assert "counted as separate pupils, e.g. 'Child, Kit' born 01/05/2015" in _flat(err), err


def test_the_pupil_record_and_pn_list_word_the_next_notice_alike(tmp_path: Path) -> None:
    # Sweep agree's school: a first notice to Mrs Ann Parent on record (issued Mon 5 Oct),
    # so the next notice to her is a second, GBP 160 (DOMAIN.md 5).  `pn list` said
    # "second (GBP 160)", the pupil record "next notice to Mrs Ann Parent: second": one
    # wording, the amount given, from one place (store.next_notice_text).
    from test_sweep_agree import _school_with_a_notice

    export, config, _ = _school_with_a_notice(tmp_path)
    code, out, err = run_cli("pupil", "P", export, "-c", config, width=80)
    assert code == 0, err
    assert "next notice to Mrs Ann Parent: second (GBP 160)" in _flat(out), out
    code, out, err = run_cli("pn", "list", "-c", config, width=80)
    assert code == 0, err
    assert "second (GBP 160)" in _flat(out), out
