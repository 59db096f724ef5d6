"""Sweep: every command says the same of the same pupil (figures, holds, periods) as
`letters`, `cases` and `check`, for one as-of date, with --from, mid-week and in a
holiday.

The registers: autumn 2026 from Monday 7 September, 20 school days to Friday 2 October,
A present throughout (the school's days).
"""

from __future__ import annotations

import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

DAYS = 20  # Monday 7 September to Friday 2 October 2026
AS_OF = ("--as-of", "2026-10-02")  # the register's last day (letters are dated today)


def _school(tmp_path: Path, pupil: str) -> tuple[Path, Path, Path]:
    """(the export, the config, the contacts) of A (present) and P (``pupil``: tokens)."""
    reg = register({"A": " ".join(["/\\"] * DAYS), "P": pupil})
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "C1", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def _said(text: str) -> str:
    return " ".join(text.split())



def _school_with_a_notice(tmp_path: Path) -> tuple[Path, Path, Path]:
    """:func:`_school` with P absent (O) every afternoon, and a first notice to Mrs Ann
    Parent (C1) recorded on Monday 5 October on the evidence as of 18 September."""
    export, config, contacts = _school(tmp_path, " ".join(["/O"] * DAYS))
    code, _, err = run_cli(
        "pn", "record", "P", export, "-c", config, "--parent", "C1", "--date", "2026-10-05",
        "--as-of", "2026-09-18", "--contacts", contacts,
    )  # fmt: skip
    assert code == 0, err
    return export, config, contacts


def _pack(tmp_path, export, config, contacts, *more: str) -> dict:  # noqa: ANN001
    """The penalty-notice pack of P as JSON, made (as a draft) from ``export`` (``more``:
    other options, such as --as-of)."""
    pack = tmp_path / "pack.json"
    code, _, err = run_cli(
        "evidence", "P", export, "-c", config, "--for", "penalty-notice", *more,
        "--contacts", contacts, "--format", "json", "-o", pack, "--draft", "--force",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(pack.read_text(encoding="utf-8"))

def test_the_record_holds_a_letter_resting_on_fresh_n_marks_as_letters_does(tmp_path) -> None:
    """P is present but for N on the last three days (Wed 30 September to Fri 2 October):
    34 of 40 = 85.0 %, red; the 6 N are within the 5 school days allowed to resolve them,
    and counted as attended (40 of 40) P would be green: `letters` and `cases` hold the red
    letter ("6 N marks still within ..."), so the record must say it is held, not leave
    the office to send it."""
    export, config, contacts = _school(tmp_path, " ".join(["/\\"] * 17 + ["N"] * 3))
    code, out, err = run_cli("letters", export, "-c", config, "--contacts", contacts, "--dry-run", *AS_OF)
    assert code == 0, err
    why = (
        "6 N marks still within the 5 school days allowed to resolve them: band red rests "
        "on them"
    )
    assert why in _said(out)
    code, out, err = run_cli("pupil", "P", export, "-c", config, *AS_OF)
    assert code == 0, err
    said = _said(out)
    assert "Sessions attended 34 of 40" in said and "Band: red" in said
    assert f"Held for review: the red letter: {why}. attcli letters --release P sends it." in said


def test_the_record_names_the_from_period_a_hold_is_counted_over(tmp_path) -> None:
    """P is absent with N on Monday 7 September (2 sessions, before the period) and ill
    (I) on Monday 28 and Tuesday 29 September (4 sessions).  With --from 2026-09-21 the
    period is 21 September to 2 October: 16 of 20 = 80.0 %, red, and 4 of its 4 absence
    sessions are I, so the red letter is held.  `letters` says "4 of 4 absence sessions
    from 21 September 2026 to 2 October 2026"; the record said "this school year", where
    the school year's count is 4 of 6."""
    tokens = ["N"] + ["/\\"] * 14 + ["I", "I"] + ["/\\"] * 3
    export, config, contacts = _school(tmp_path, " ".join(tokens))
    period = ("--from", "2026-09-21", *AS_OF)
    why = "4 of 4 absence sessions from 21 September 2026 to 2 October 2026 are I (illness)"
    code, out, err = run_cli(
        "letters", export, "-c", config, "--contacts", contacts, "--dry-run", *period
    )
    assert code == 0, err
    assert why in _said(out)
    code, out, err = run_cli("pupil", "P", export, "-c", config, *period)
    assert code == 0, err
    said = _said(out)
    assert "Sessions attended 16 of 20" in said
    assert f"Held for review: the red letter: {why}." in said
    assert "this school year are I" not in said


def test_a_notice_issued_after_the_register_ends_counts_in_every_command(tmp_path) -> None:
    """P is absent (O) every afternoon, 7 September to 2 October: 20 unauthorised sessions.
    A first notice to Mrs Ann Parent (contact C1), on the evidence as of 18 September (the
    10 sessions 7-18 September), was issued on Monday 5 October, after the export's last
    day.  As of that day (no --as-of), the window's 10 other sessions meet the threshold
    again (the check leaves the notice's 10 out: every notice on record counts, docs/
    decisions.md), and the next notice to her is a second (GBP 160): `letters` says so.
    The check, the record and the evidence pack said "first (GBP 80 ...)", the record
    under its own line "Penalty notices on record: 1 ... 05/10/2026"."""
    export, config, contacts = _school_with_a_notice(tmp_path)
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    (p,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "P"]
    assert (p["pn_window_sessions"], p["pn_threshold_met"]) == (10, True)
    assert p["pn_next_notice"] == "Mrs Ann Parent: next notice: second (GBP 160)"
    code, out, err = run_cli("pupil", "P", export, "-c", config)
    assert code == 0, err
    assert "next notice to Mrs Ann Parent: second" in _said(out)
    made = _pack(tmp_path, export, config, contacts)
    assert made["this_notice"] == "second"
    assert [n["issued_on"] for n in made["notices_last_3_years"]] == ["2026-10-05"]
    assert len(made["window"]["unauthorised_sessions"]) == 10
    assert len(made["window"]["sessions_used_by_earlier_notices"]) == 10


def test_the_pack_lists_the_letters_sent_on_the_register_it_rests_on(
    tmp_path, monkeypatch
) -> None:
    """P is absent (O) every afternoon, 7 September to 2 October: 20 unauthorised sessions,
    red (20 of 40 = 50.0 %, severe) and at the penalty-notice threshold.  On Monday 5
    October the office sends the letters from the export ending Friday 2 October (the
    severe letter and the penalty-notice warning, dated 5 October), then makes the
    penalty-notice pack from the same export: the record lists both letters, and the
    pack's "support given" must too (it said "No letter sent by attcli": it counted only
    records dated by the register's last day, though made after it)."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-05")
    export, config, contacts = _school(tmp_path, " ".join(["/O"] * DAYS))
    code, _, err = run_cli("letters", export, "-c", config, "--contacts", contacts,
                           "--out", tmp_path / "letters")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("pupil", "P", export, "-c", config)
    assert code == 0, err
    assert "Letters sent: 2" in out
    made = _pack(tmp_path, export, config, contacts)
    assert sorted((x["date"], x["template"]) for x in made["letters"]) == [
        ("2026-10-05", "penalty_notice_warning"),
        ("2026-10-05", "severe"),
    ]
    # with --as-of, the records up to that date only, as before
    assert _pack(tmp_path, export, config, contacts, "--as-of", "2026-10-02")["letters"] == []


def test_the_report_s_method_names_the_from_period_not_the_academic_year(tmp_path) -> None:
    """With --from 2026-09-21 the report's header says "21 September 2026 to 2 October
    2026 (from --from)" and its figures count from then (A and P present: 40 of 40
    sessions); its "How the figures are worked out" said "over the academic year from 21
    September 2026", a period no academic year has."""
    export, config, _ = _school(tmp_path, " ".join(["/\\"] * DAYS))
    out = tmp_path / "report.html"
    code, _, err = run_cli("report", export, "-c", config, "--from", "2026-09-21", "-o", out)
    assert code == 0, err
    said = _said(out.read_text(encoding="utf-8"))
    assert "21 September 2026 to 2 October 2026 (from --from)" in said
    assert "40 of 40 possible sessions attended" in said
    assert "over the academic year" not in said
    assert "possible sessions, over the period from 21 September 2026 to 2 October 2026." in said


def test_the_record_as_of_a_past_date_says_a_later_notice_is_not_counted(tmp_path) -> None:
    """The notice of 5 October above, and the record asked --as-of 2026-10-02: a notice
    issued after that date did not exist then (docs/decisions.md), so the next notice to
    Mrs Ann Parent is a first, and the window keeps all 20 sessions.  The record listed
    "Penalty notices on record: 1 / 05/10/2026 to Mrs Ann Parent" just above "next notice
    to Mrs Ann Parent: first", with no word of why the one does not count."""
    export, config, contacts = _school_with_a_notice(tmp_path)
    code, out, err = run_cli("pupil", "P", export, "-c", config, *AS_OF)
    assert code == 0, err
    said = _said(out)
    assert "20 unauthorised sessions in the 4 school weeks" in said
    assert (
        "05/10/2026 to Mrs Ann Parent (issued after the as-of date, 02/10/2026: not "
        "counted as of then) next notice to Mrs Ann Parent: first"
    ) in said


def test_the_record_as_of_a_past_date_says_which_letters_were_sent_after_it(
    tmp_path, monkeypatch
) -> None:
    """The letters of Monday 5 October (the severe letter and the penalty-notice warning),
    and the record asked --as-of Friday 2 October: it listed "Letters sent: 2" as if they
    had gone by then, where the evidence pack as of that date lists none.  They are still
    listed (they are on record), each marked, and the count says how many came after."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-05")
    export, config, contacts = _school(tmp_path, " ".join(["/O"] * DAYS))
    code, _, err = run_cli("letters", export, "-c", config, "--contacts", contacts,
                           "--out", tmp_path / "letters")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("pupil", "P", export, "-c", config, *AS_OF)
    assert code == 0, err
    said = _said(out)
    assert "Letters sent: 2 (both after the as-of date, 02/10/2026: not sent as of then)" in said
    assert said.count("05/10/2026 (after)") == 2
    # without --as-of (the record made on the 5th, from the export ending the 2nd): as before
    code, out, err = run_cli("pupil", "P", export, "-c", config)
    assert code == 0, err
    assert "Letters sent: 2 " in _said(out) + " " and "(after)" not in _said(out)
