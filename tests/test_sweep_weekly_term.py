"""Sweep "weekly" (4 December): an officer's term of weekly runs in one workspace, each
week's cumulative export given to `check`, `cases` and `letters` (docs/cases.md,
"Snapshots"; docs/decisions.md, "A term of weekly runs").

The registers are hand made (tests/builders.py), from Monday 7 September 2026, with the
autumn term dates of tests/school.py (half term 26-30 October); the config's defaults
(green 92+, amber above 90, red above 50; a penalty notice at 10 unauthorised sessions in
10 school weeks).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
WEEK = " ".join([P] * 5)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def export_to(reg, day: dt.date, tmp_path: Path) -> Path:  # noqa: ANN001
    """The cumulative export of ``reg`` to ``day``, as the MIS gives it that Friday."""
    return write_long_csv(reg.filter(reg["date"] <= day), tmp_path / f"reg_{day:%m%d}.csv",
                          dob=True)  # fmt: skip


def test_cases_on_an_older_export_than_the_runs_on_record_says_so(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Weekly `cases` runs recorded as of Fri 25/09 and Fri 09/10 (each on its day).  On
    Fri 23/10 the officer picks the export of 02/10 by mistake:

    - the register ends 02/10; the school days after it and before today (23/10) are
      05/10-09/10, 12/10-16/10, 19/10-22/10: 14, more than two school weeks (10), so the
      casebook, as of 02/10, says so in one line, as `check` does ("nothing due this week"
      of a register three weeks old was said with no word of its age);
    - a run as of 09/10 is on record, after the casebook's 02/10: recording this one is
      said with that check, which next week's NEW still compares with (it is the newest
      before any later date), not "next week's NEW compares with it".

    With today 05/10 (no school day after 02/10 before it) and no later run on record
    nothing is said: the ordinary week (`test_..._ordinary_week_...` below)."""
    reg = register({"ANNA": " ".join([WEEK] * 7), "BEN": " ".join([WEEK] * 7)})
    for day in (D(2026, 9, 25), D(2026, 10, 9)):
        monkeypatch.setenv("ATTCLI_TODAY", f"{day}")
        code, _, err = run_cli("cases", export_to(reg, day, tmp_path), "-c", ws)
        assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    code, out, err = run_cli("cases", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws)
    assert code == 0, err
    assert "Casebook as of Fri 02 Oct 2026" in out
    assert (
        "the exports end 02/10/2026, 14 school days before today (23/10/2026): these figures "
        "are as of then, and what happened since is not in them; export the register up to "
        "date"
    ) in " ".join(err.split())
    said = " ".join(err.split())
    assert (
        "a check as of 09/10/2026 is on record, after this one (as of 02/10/2026): next "
        "week's NEW compares with the check recorded as of 09/10/2026, not this one" in said
    )
    # `check --record` of the same export says the same of its record
    code, out, err = run_cli("check", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws,
                             "--record")  # fmt: skip
    assert code == 0, err
    said = " ".join(err.split())
    assert "next week's NEW compares with it" not in said
    assert (
        "a check as of 09/10/2026 is on record, after this one (as of 02/10/2026): next "
        "week's NEW compares with the check recorded as of 09/10/2026, not this one" in said
    )


def test_cases_in_an_ordinary_week_says_nothing_of_the_register_s_age(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export of Fri 02/10 run on Mon 05/10 (no school day between them before today)
    after a run as of 25/09: no line on the register's age nor on a later run."""
    reg = register({"ANNA": " ".join([WEEK] * 4), "BEN": " ".join([WEEK] * 4)})
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, _, err = run_cli("cases", export_to(reg, D(2026, 9, 25), tmp_path), "-c", ws)
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-05")
    code, out, err = run_cli("cases", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws)
    assert code == 0, err
    assert "before today" not in err
    assert "is on record, after this one" not in err
    code, out, err = run_cli("check", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws,
                             "--record")  # fmt: skip
    assert code == 0, err
    assert "next week's NEW compares with it" in " ".join(err.split())
    assert "is on record, after this one" not in err


def test_a_pupil_back_after_weeks_away_is_told_the_option_whole(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REJOIN: present 07/09-02/10, no row 05/10-13/11 (off roll: left and came back, with
    no pupil list to say so), present again 16/11-20/11.  Without a pupil list the weeks
    with no row are missing rows (DOMAIN.md 1): 05/10-23/10 (15 school days, 30 sessions)
    and 02/11-13/11 (10 days, 20), 50 in all, and the line says what to give to make them
    off roll: "--pupils FILE".  The line was cut at 200 characters, ending "... give a
    pupil list with a row for each spell, -…": the option's name lost, for any pupil with
    two stretches and an ordinary name."""
    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    none = " ".join(["!"] * 5)
    reg = register(
        {"ANNA": " ".join([WEEK] * 10), "REJOIN": " ".join([WEEK] * 4 + [none] * 5 + [WEEK])},
        holidays=holiday,
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-20")
    code, out, err = run_cli("check", export_to(reg, D(2026, 11, 20), tmp_path), "-c", ws)
    assert code == 0, err
    assert (
        "SurnameREJOIN, ForenameREJOIN (REJOIN): 50 sessions: 05/10/2026 to 23/10/2026 (30); "
        "02/11/2026 to 13/11/2026 (20) (a week or more with no row: if they left and came "
        "back, give a pupil list with a row for each spell, --pupils FILE)"
    ) in " ".join(out.split())


def test_a_final_code_changed_since_the_run_is_said_as_the_register_s_change_not_the_thresholds(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run recorded as of Fri 16/10 (6 weeks from 07/09: 30 school days, 60 sessions).
    ZOE was O (unauthorised, a final code, not N) all of Mon 05/10 to Fri 09/10: 50/60,
    83.3 % red, 10 unauthorised, the penalty-notice group (10 in the window).  The export
    of 23/10 gives those 10 sessions as I (a doctor's note came): a final code changed,
    which DOMAIN.md 12 calls a disagreement to resolve, not a correction.

    As of 16/10 by this register: 50/60, 0 unauthorised, 0 in the window.  The thresholds
    are the same file's.  It was said as "no longer in, by the thresholds ... the
    thresholds changed since (or the register of then was changed)", with a line at the
    head "1 pupil left or joined a group by today's thresholds", and the figure as "(a
    register correction)", the word for an N given its reason, though the run had no N of
    hers.  Now: the pn group left is the register's change ("flag_corrected"), no line
    about thresholds, and the past figure is a disagreement to check in the MIS."""
    reg16 = register({"ANNA": " ".join([WEEK] * 6), "ZOE": " ".join([WEEK] * 4 + ["O"] * 5 + [WEEK])})
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")
    code, out, err = run_cli("check", export_to(reg16, D(2026, 10, 16), tmp_path), "-c", ws,
                             "--record", "--format", "json")  # fmt: skip
    assert code == 0, err
    zoe = next(p for p in json.loads(out)["pupils"] if p["upn"] == "ZOE")
    assert (zoe["attended"], zoe["possible"], zoe["unauthorised"], zoe["band"]) == (50, 60, 10, "red")
    assert "pn" in zoe["groups"]
    reg23 = register({"ANNA": " ".join([WEEK] * 7), "ZOE": " ".join([WEEK] * 4 + ["I"] * 5 + [WEEK] * 2)})
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    exp = export_to(reg23, D(2026, 10, 23), tmp_path)
    code, out, err = run_cli("check", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with_run"]["as_of"] == "2026-10-16"
    assert doc["compared_with_run"]["thresholds_note"] is None
    got = {(c["upn"], c["kind"]): c["detail"] for c in doc["changes"]}
    assert set(got) == {("ZOE", "flag_corrected"), ("ZOE", "corrected")}
    assert got[("ZOE", "flag_corrected")] == (
        "pn: the register of then was changed since that check: as of 16/10/2026 unauthorised "
        "10 -> 0, 0 sessions in the window then (10+ unauthorised sessions in 10 school "
        "weeks); not an N given its reason: check the marks in the MIS"
    )
    assert got[("ZOE", "corrected")] == (
        "as of 16/10/2026: was 50/60, 10 unauthorised, now 50/60, 0 unauthorised (marks that "
        "check counted as unauthorised absence, not N, were changed since: not an N given its "
        "reason but a disagreement with that check: check them in the MIS)"
    )
    code, out, err = run_cli("check", exp, "-c", ws)
    assert code == 0, err
    assert "by today's thresholds" not in out and "by the thresholds" not in out


def test_check_of_an_older_export_than_a_run_on_record_says_which_run_it_compares_with(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs recorded as of Fri 25/09, 02/10 and 09/10 (each on its day).  On Mon 12/10 the
    officer checks the export of 02/10 again (last week's file, picked by mistake; it ends
    5 school days before today, so no line on its age).  Its figures are as of 02/10; NEW
    and the changes compare with the run as of 25/09, the last before them; the run as of
    09/10, the newest, is not compared with, and nothing said so: one line now.  With
    `--as-of 2026-10-02` given (a past week asked for) the same line: it is as true."""
    reg = register({"ANNA": " ".join([WEEK] * 5), "BEN": " ".join([WEEK] * 5)})
    for day in (D(2026, 9, 25), D(2026, 10, 2), D(2026, 10, 9)):
        monkeypatch.setenv("ATTCLI_TODAY", f"{day}")
        code, _, err = run_cli("check", export_to(reg, day, tmp_path), "-c", ws, "--record")
        assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-12")
    line = (
        "a check as of 09/10/2026 is on record, after these exports' figures (as of "
        "02/10/2026): NEW and the changes compare with the check recorded as of 25/09/2026, the last "
        "before them; check the newest export, to its last day, to see what changed since "
        "the check recorded as of 09/10/2026"
    )
    for extra in ((), ("--as-of", "2026-10-02")):
        code, out, err = run_cli("check", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws,
                                 *extra)  # fmt: skip
        assert code == 0, err
        assert "NEW = not in this group in the check as of 25/09/2026" in " ".join(out.split())
        assert line in " ".join(err.split())
        assert "before today" not in err
    # the newest export: nothing of the sort
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    code, out, err = run_cli("check", export_to(reg, D(2026, 10, 9), tmp_path), "-c", ws)
    assert code == 0, err
    assert "is on record, after" not in err


def test_a_pupil_back_on_the_roll_is_said_so_not_put_down_to_the_thresholds(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BOB: present the week of 07/09, O all the week of 14/09 (10 unauthorised), present
    21/09-09/10, then no row 12/10-13/11 (he left; no pupil list), back 16/11-20/11.

    The run recorded as of 13/11 had him off the roll (his last mark 09/10): in no group,
    "left the roll on 09/10/2026: no longer in band red, penalty-notice threshold" said by
    it.  As of 20/11 he is on roll again: 5 weeks before the gap + 1 after = 30 school
    days, 60 sessions with a row, 50 attended: 83.3 % red; his 10 O in the window of the
    10 school weeks 07/09-20/11 (the half-term week is no school week): the penalty-notice
    group; the 20 school days 12/10-13/11 with no row are 40 missing rows.

    That was "now in, by the thresholds: pn: in it as of 13/11/2026 by today's thresholds
    too ..., the thresholds changed since (or the register of then was changed)" under a
    head line about the thresholds, of an untouched config, and no word of his return.
    Now one row, as a leaver's is: "back on the roll", what he is in now, and the pupil
    list that would make the weeks between off roll; no thresholds line.  CAL, away and
    back the same weeks, present every day on roll (60/60, green), is in no group then
    or now: no change, as an ordinary leaver is none (his missing rows are in the
    data-quality list)."""
    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    none = " ".join(["!"] * 5)
    reg = register(
        {
            "ANNA": " ".join([WEEK] * 10),
            "BOB": " ".join([WEEK, "O O O O O", WEEK, WEEK, WEEK] + [none] * 4 + [WEEK]),
            "CAL": " ".join([WEEK] * 5 + [none] * 4 + [WEEK]),
        },
        holidays=holiday,
    )
    for day in (D(2026, 10, 9), D(2026, 11, 13)):
        monkeypatch.setenv("ATTCLI_TODAY", f"{day}")
        code, out, err = run_cli("check", export_to(reg, day, tmp_path), "-c", ws, "--record",
                                 "--format", "json")  # fmt: skip
        assert code == 0, err
    bob = next(p for p in json.loads(out)["pupils"] if p["upn"] == "BOB")
    assert (bob["on_roll"], bob["groups"]) == (False, [])
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-20")
    exp = export_to(reg, D(2026, 11, 20), tmp_path)
    code, out, err = run_cli("check", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    bob = next(p for p in doc["pupils"] if p["upn"] == "BOB")
    assert (bob["attended"], bob["possible"], bob["band"], bob["pn_window_sessions"]) == (
        50, 60, "red", 10
    )
    assert doc["compared_with_run"]["thresholds_note"] is None
    assert [(c["upn"], c["kind"], c["detail"]) for c in doc["changes"]] == [
        ("BOB", "back_on_roll",
         "off the roll in that check (no row for them on 13/11/2026), marks again since: now in "
         "band red, penalty-notice threshold; the school days with no row are missing rows "
         "unless they left and came back: then give a pupil list with a row for each spell, "
         "--pupils FILE"),
    ]  # fmt: skip
    code, out, err = run_cli("check", exp, "-c", ws)
    assert code == 0, err
    assert "back on the roll" in out and "thresholds" not in out


def test_letters_on_older_figures_than_letters_sent_this_half_term_are_refused(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fri 23/10, the last day of Autumn 1: the letters go on the export of 23/10.  AMY, O
    all the week of 14/09: 60/70 (85.7 %, red), 10 unauthorised in the window: a red
    letter and a penalty-notice warning.  BEA, O on 07/09 and 08/09 and the morning of
    09/09 (5 sessions): 65/70, 92.9 %, green: no letter.

    Then, the same day, the export of 16/10 is given by mistake (last week's file): as of
    16/10, BEA is 55/60, 91.7 %, amber, and was sent an amber letter dated the same day
    as the run that found her green, on older figures, with nothing said.  As an earlier
    half term's letters after a later one's are (tests/test_letters_out_of_order.py), such
    a run is refused in one line, dry run included; the newest export again sends nothing
    twice."""
    from school import contacts_file

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    reg = register({
        "AMY": " ".join([WEEK, "O O O O O"] + [WEEK] * 5),
        "BEA": " ".join(["O O O/ /\\ /\\"] + [WEEK] * 6),
    })  # fmt: skip
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("AMY", "C1", "Mrs", "Ann", "Smith"), ("BEA", "C2", "Mr", "Bob", "Jones"),
    ])  # fmt: skip
    out = tmp_path / "letters"

    def letters(day: dt.date, *more: str) -> tuple[int, str, str]:
        return run_cli("letters", export_to(reg, day, tmp_path), "--contacts", contacts,
                       "-c", ws, "--out", out, *more)  # fmt: skip

    code, text, err = letters(D(2026, 10, 23))
    assert code == 0, err
    made = sorted(p.name for p in out.glob("*.pdf") if not p.name.startswith("letters-to-print"))
    assert made == ["AMY_SurnameAMY_ForenameAMY_penalty_notice_warning.pdf",
                    "AMY_SurnameAMY_ForenameAMY_red.pdf"]  # fmt: skip
    for more in (("--dry-run",), ()):
        code, text, err = letters(D(2026, 10, 16), *more)
        assert code == 1, (text, err)
        assert err.strip().splitlines()[-1] == (
            "error: no letters on figures as of 16/10/2026: Autumn 1's letters on record "
            "(2) give figures as of 23/10/2026, and letters now on older figures would reach "
            "families after them and contradict them; give the newest export (to 23/10/2026 "
            "or later), or send any still due by hand"
        )
    assert not list(out.glob("BEA_*"))
    code, text, err = letters(D(2026, 10, 23))
    assert code == 0, err
    assert "0 letters written" in " ".join((text + err).split())


def test_a_warning_of_last_half_term_that_a_correction_since_undoes_is_listed(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Autumn 1's letters on Fri 23/10 (7 weeks from 07/09: 35 school days, 70 sessions).
    NED was O (unauthorised, final) all the week of 05/10: 60/70, 85.7 % red, 10 in the
    window: a red letter and a penalty-notice warning, right when sent.

    In November a doctor's note comes: the export of Fri 20/11 gives those 10 sessions as
    I.  Autumn 2's letters that day: as of 20/11, 100 sessions (the half-term week has
    none), 90/100, 90.0 %, red (at or below 90), all of it illness now: the red letter is
    held for review; the window 10 school weeks to 20/11 holds no unauthorised session: no
    warning.  As of 23/10, by the register now, the window held
    0: the warning the family has rested on marks since made illness.  It was said
    nowhere (the list of letters no longer called for took this half term's alone); it is
    listed now, with its half term: the family was warned of a fine, and may be told."""
    from school import contacts_file

    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    ned = {"ANNA": " ".join([WEEK] * 10)}
    reg23 = register({**ned, "NED": " ".join([WEEK] * 4 + ["O O O O O"] + [WEEK] * 5)},
                     holidays=holiday)  # fmt: skip
    reg20 = register({**ned, "NED": " ".join([WEEK] * 4 + ["I I I I I"] + [WEEK] * 5)},
                     holidays=holiday)  # fmt: skip
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("ANNA", "C1", "Mrs", "Ann", "Smith"), ("NED", "C2", "Mr", "Bob", "Jones"),
    ])  # fmt: skip
    out = tmp_path / "letters"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    code, text, err = run_cli("letters", export_to(reg23, D(2026, 10, 23), tmp_path),
                              "--contacts", contacts, "-c", ws, "--out", out)  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in out.glob("NED_*.pdf")) == [
        "NED_SurnameNED_ForenameNED_penalty_notice_warning.pdf", "NED_SurnameNED_ForenameNED_red.pdf"
    ]  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-20")
    exp = tmp_path / "nov" / "reg_1120.csv"
    exp.parent.mkdir()
    write_long_csv(reg20.filter(reg20["date"] <= D(2026, 11, 20)), exp, dob=True)
    code, text, err = run_cli("letters", exp, "--contacts", contacts, "-c", ws, "--out", out,
                              "--dry-run")  # fmt: skip
    assert code == 0, err
    said = " ".join((text + err).replace("│", " ").split())  # (the table's cell, unfolded)
    assert "No longer called for: letters sent this half term or last" in said
    assert (
        "NED ForenameNED SurnameNED penalty notice warning sent 23/10/2026 (Autumn 1): no "
        "longer called for: the register now gives 0 unauthorised sessions in the "
        "penalty-notice window to 23/10/2026 (the threshold is 10); consider telling the "
        "family"
    ) in said
    assert "10 of 10 absence sessions this school year are I (illness)" in said
