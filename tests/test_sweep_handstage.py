"""A letter stage recorded by hand, and the looked-after column in the evidence pack
(sweep of 5 December (second), handstage).

Registers hand made (tests/builders.py).  R misses every Friday from Mon 7 Sep 2026: each
week 8/10, 80 % (band red: 50 % < attendance <= 90 %, DOMAIN.md 3).  The ladder
(tests/school.py's HALF_TERM_LADDER): amber -> red -> la_referral, the red stage's action
the red letter.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, contacts_file, make_workspace

WEEK_80 = "/\\ /\\ /\\ /\\ O"  # Mon - Thu present, Friday missed: 8/10
HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def flat(out: str) -> str:
    return " ".join(out.replace("│", " ").split())


def _school(tmp_path: Path, weeks: int = 6) -> tuple[Path, Path, Path]:
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    exp = write_long_csv(
        register({"R": " ".join([WEEK_80] * weeks)}, holidays=HOLIDAY), tmp_path / "e.csv"
    )
    con = contacts_file(tmp_path / "c.csv", [("R", "C1", "Mrs", "Ann", "Parent")])
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    return ws, exp, con


def counts(out: str) -> tuple[int, int]:
    """A dry run's letters that would be written, and those already sent this half term."""
    m = re.search(r"dry run: (\d+) letters? would be written.*?; (\d+) already sent", flat(out))
    assert m, out
    return int(m[1]), int(m[2])


def _record(ws: Path, action: str, day: str) -> None:
    code, _, err = run_cli("case", "record", "R", "--action", action, "--date", day, "-c", ws)
    assert code == 0, err


def test_a_red_letter_recorded_by_hand_this_half_term_is_not_written_again(tmp_path):
    """The office sent R's red letter by hand Fri 9 Oct (Autumn 1) and recorded the red
    stage.  letters on Fri 16 Oct (Autumn 1, R 48/60 = 80 %, red): the red letter is sent
    this half term, so none is written (DOMAIN.md 9), and the run says why, naming the
    record.  With --resend it is written, as any letter already sent."""
    ws, exp, con = _school(tmp_path)
    _record(ws, "red", "2026-10-09")
    args = ("letters", exp, "-c", ws, "--contacts", con, "--dry-run", "--as-of", "2026-10-16")
    code, out, err = run_cli(*args, width=250)
    assert code == 0, err
    assert "would write" not in out
    assert counts(out) == (0, 1)
    assert "recorded by hand 09/10/2026" in flat(out)
    said = flat(err)
    assert (
        "R's red letter was recorded by hand on 09/10/2026 (attcli case record, record 1): "
        "sent this half term, so it is not written again (never the same letter twice in a "
        "half term)"
    ) in said
    code, out, err = run_cli(*args, "--resend", width=250)
    assert code == 0, err
    assert counts(out) == (1, 0)
    assert "recorded by hand on" not in flat(err)


def test_a_hand_record_of_last_half_term_or_voided_or_no_letter_stage_does_not_count(tmp_path):
    """Boundaries: a red stage recorded Fri 23 Oct (the last day of Autumn 1) does not
    stop the red letter of Autumn 2 (Mon 2 Nov on: letters as of Fri 6 Nov, R still 80 %),
    a record voided counts for nothing, and a record of a stage that is no letter (the
    referral) is no letter sent."""
    ws, exp, con = _school(tmp_path, weeks=9)
    _record(ws, "red", "2026-10-23")
    args = ("letters", exp, "-c", ws, "--contacts", con, "--dry-run")
    code, out, err = run_cli(*args, "--as-of", "2026-11-06", width=250)
    assert code == 0, err
    assert counts(out) == (1, 0)
    # the first day of Autumn 2 counts; voided, it does not
    _record(ws, "red", "2026-11-02")
    code, out, err = run_cli(*args, "--as-of", "2026-11-06", width=250)
    assert code == 0, err
    assert counts(out) == (0, 1)
    code, _, err = run_cli("case", "void", "2", "--reason", "not sent", "-c", ws)
    assert code == 0, err
    _record(ws, "la_referral", "2026-11-03")
    code, out, err = run_cli(*args, "--as-of", "2026-11-06", width=250)
    assert code == 0, err
    assert counts(out) == (1, 0)


def test_no_milder_letter_after_a_red_letter_recorded_by_hand(tmp_path):
    """R: two weeks at 8/10, one at 9/10 (Fri pm missed), then full weeks.  Fri 18 Sep:
    25/30 = 83.3 %, red; the office sends the red letter by hand and records it.  Fri 16
    Oct: 55/60 = 91.7 %, amber (90 % < attendance < 92 %).  The red letter went this half
    term: R has improved since, and no milder (amber) letter is sent in the same half term,
    as after a red letter attcli wrote (DOMAIN.md 9)."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    weeks = [WEEK_80, WEEK_80, "/\\ /\\ /\\ /\\ /O", *["/\\ /\\ /\\ /\\ /\\"] * 3]
    exp = write_long_csv(register({"R": " ".join(weeks)}, holidays=HOLIDAY), tmp_path / "e.csv")
    con = contacts_file(tmp_path / "c.csv", [("R", "C1", "Mrs", "Ann", "Parent")])
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-09-18")
    assert code == 0, err
    _record(ws, "red", "2026-09-18")
    code, out, err = run_cli(
        "letters", exp, "-c", ws, "--contacts", con, "--dry-run", "--as-of", "2026-10-16",
        width=250,
    )  # fmt: skip
    assert code == 0, err
    assert counts(out) == (0, 0)
    assert "improved since the red letter of 18/09/2026: no amber letter this half term" in flat(
        out
    )


# ------------------------------------------------- 2. the pack reads the Looked After column


def test_the_pack_says_a_pupil_the_register_marks_looked_after_is_looked_after(tmp_path):
    """FOST and KIN: N every session of 20 school days from Mon 7 Sep 2026 (40 unauthorised
    sessions, DOMAIN.md 5's threshold of 10 met), of compulsory school age.  The contacts
    export lists FOST's foster carer alone (no council, as an MIS often does) and the
    register's Looked After column marks FOST looked after: the penalty-notice pack says so,
    in the check's words (no fine to a local authority; a notice to a carer is the local
    authority's to decide), among the run's notes, where it says a council's.  It said nothing, reading a council among the contacts only.
    KIN, the column N, with a mother: nothing said."""
    import json

    from test_sweep_lac import _absent, _write

    head = (
        "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
        "Lives With Pupil,Court Order,Address Line 1,Town,Postcode\n"
    )
    contacts = _write(
        tmp_path,
        head + "FOST,F1,Ms,Fay,Foster,Foster Carer,1,N,Y,,5 Elm Road,Anytown,AN1 5AB\n"
        "BIO,B1,Mrs,Bea,Io,Mother,1,Y,Y,,1 Oak Road,Anytown,AN1 1AB\n",
    )
    export = _absent(tmp_path, ("FOST", "BIO"))  # (FOST's column Y, BIO's N)
    config = make_workspace(tmp_path / "ws")
    said = (
        "looked after (the register's Looked After column): no penalty notice to a local "
        "authority, which cannot be fined; a notice to a carer is the local authority's to "
        "decide: agree any step with the social worker and the Virtual School Head first"
    )
    for upn, marked in (("FOST", True), ("BIO", False)):
        out = tmp_path / f"{upn}.json"
        code, stdout, err = run_cli(
            "evidence", upn, export, "--for", "penalty-notice", "--contacts", contacts,
            "--as-of", "2026-10-02", "--draft", "-f", "json", "-o", out, "--force", "-c", config,
        )  # fmt: skip
        assert code == 0, err
        assert (said in flat(stdout + err)) is marked, stdout + err
        assert json.loads(out.read_text("utf-8"))["parent"]["name"] == (
            "Ms Fay Foster" if marked else "Mrs Bea Io"
        )


def test_check_and_cases_agree_letters_sends_no_second_red_letter(tmp_path):
    """The check's group and `cases` say what letters does (their shared rule,
    attcli.termly.letters_of_half_term): after the red stage recorded by hand on Fri 9 Oct,
    R's red letter went this half term, no second (check as of Fri 16 Oct, R 80 %)."""
    ws, exp, _ = _school(tmp_path)
    _record(ws, "red", "2026-10-09")
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-10-16", width=2000)
    assert code == 0, err
    assert "red letter for Autumn 1 sent 09/10/2026: no second this half term" in flat(out), out
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-10-08", width=2000)
    assert code == 0, err
    assert "no second this half term" not in flat(out), out  # (recorded after that date)
