"""Sweep leftovers10: what the ninth round's sweeps left, a second list (docs/decisions.md,
sweep of 6 December, leftovers10).  Small registers, one CLI run or two per test."""

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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_check_record_on_a_week_only_export_says_nothing_was_recorded(
    ws: Path, tmp_path: Path
) -> None:
    """Run recorded as of Fri 18/09 on the year's export; the next week the office exports
    21 to 25 September only and runs `check --record`.  The check is shown, but a run
    records each pupil's stage on the ladder, which needs the year's attendance: nothing
    can be recorded.  It stopped with the casebook's "cases: ... cannot be judged" and
    never said that nothing was recorded (next week's NEW still compares with 18/09).  One
    line: nothing recorded, why, and what to run instead; the check's own notes (the run
    of 18/09 not compared with) are still said before it; the history holds one run."""
    reg = register({"ANNA": " ".join([WEEK] * 3), "TOM": " ".join([WEEK] * 2 + ["N"] * 5)})
    whole = write_long_csv(reg.filter(reg["date"] <= D(2026, 9, 18)), tmp_path / "a.csv", dob=True)
    code, _, err = run_cli("check", whole, "-c", ws, "--as-of", "2026-09-18", "--record")
    assert code == 0, err
    week = write_long_csv(reg.filter(reg["date"] >= D(2026, 9, 21)), tmp_path / "b.csv", dob=True)
    code, out, err = run_cli("check", week, "-c", ws, "--as-of", "2026-09-25", "--record")
    assert code == 1
    assert "SurnameTOM" in out  # (the check is shown)
    said = _one_line(err)
    assert said.endswith(
        "error: check --record: nothing recorded: the exports cover 21/09/2026 to "
        "25/09/2026, not the school year from 01/09/2026: attendance for the year cannot be "
        "judged, so neither can the ladder each recorded check keeps (the check above stands, not "
        "recorded); give exports from the start of the school year and run `attcli check "
        "--record` again"
    ), said
    assert "the check as of 18/09/2026 on record is not compared with" in said
    assert "Traceback" not in err and said.count("error:") == 1
    code, out, err = run_cli("check", week, "-c", ws, "--as-of", "2026-09-25", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["compared_with_run"] is None  # (still only the run of 18/09)
    code, out, err = run_cli("cases", whole, "-c", ws, "--as-of", "2026-09-18", "-f", "json")
    assert code == 0, err


def test_an_as_of_date_with_a_mistyped_year_is_said_before_the_term_dates(
    ws: Path, tmp_path: Path
) -> None:
    """Term dates for 2026/27 (Autumn 1 and 2), exports of 7 to 25 September 2026.  The
    office types `--as-of 04/12/2027` (2027 for 2026).  It was blamed on the config: "no half
    term in 2027/28 ...: add 2027/28's half terms", and an office may well do so.  The date
    is more than a school year after the exports' last day: said first, naming that day.
    So is 02/09/2027 (within a year, but the term dates have a half term for the exports'
    year and none for the as-of date's); an as-of date after the last half term of its own
    year (01/08/2027, the summer holiday: no half term given after Autumn 2) stays the
    config's line, since the term dates cover the as-of date's year but not its days; and a
    date in the exports' year (18/09/2026) is taken."""
    reg = register({"ANNA": " ".join([WEEK] * 3)})
    csv = write_long_csv(reg, tmp_path / "a.csv", dob=True)
    code, _, err = run_cli("check", csv, "-c", ws, "--as-of", "04/12/2027")
    assert code == 1
    assert _one_line(err) == (
        "error: the as-of date 04/12/2027 looks mistyped: these exports end 25/09/2026, more than a "
        "school year before it, and the term dates given have no half term in 2027/28 (they "
        "are for 2026/27): check the year (for the figures as of the exports' last day, "
        "--as-of 25/09/2026); only if 04/12/2027 is meant, export the register up to it and "
        f"add 2027/28's half terms to {ws}"
    )
    code, _, err = run_cli("check", csv, "-c", ws, "--as-of", "02/09/2027")
    assert code == 1
    assert _one_line(err) == (
        "error: the as-of date 02/09/2027 looks mistyped: these exports end 25/09/2026, in 2026/27, "
        "and the term dates given have no half term in 2027/28 (they are for 2026/27): check "
        "the year (for the figures as of the exports' last day, --as-of 25/09/2026); only if "
        "02/09/2027 is meant, export the register up to it and add 2027/28's half terms to "
        f"{ws}"
    )
    code, _, err = run_cli("check", csv, "-c", ws, "--as-of", "01/08/2027")
    assert code == 1 and "is after the last half term given for 2026/27" in _one_line(err)
    assert "mistyped" not in err
    code, _, err = run_cli("check", csv, "-c", ws, "--as-of", "18/09/2026")
    assert code == 0, err


def test_the_pupil_record_names_the_other_upn_s_termly_letter_of_this_term(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tests/test_sweep_decide9.py's termly school: Kit under OLD (7-25 Sep, red, the red
    letter sent 25/09, Autumn 1) and NEW (from 28 Sep; 88.0 % as of Fri 6 Nov, Autumn 2,
    red), red's letter once a term.  `letters --dry-run` holds NEW's red letter naming OLD's
    of Autumn 1, "this term"; `attcli pupil NEW` held it for the two UPNs alone and said
    nothing of the letter that went (the record passed no earlier letters of the term), so
    a release sent the parent the term's red letter twice.  It now says what the run says."""
    import test_sweep_decide9 as d9

    cfg = d9._termly_workspace(tmp_path)
    nov, _ = d9._red_to_old_then(tmp_path, monkeypatch, cfg, d9._termly_rows, D(2026, 11, 6))
    code, out, err = run_cli(
        "pupil", d9.NEW, nov, "-c", cfg, "--as-of", "2026-11-06", width=1000
    )  # fmt: skip
    assert code == 0, err
    said = _one_line((out + err).replace("│", " "))
    assert (
        f"{d9.OLD}'s red letter went on 25/09/2026 (Autumn 1), this term: if one child, the "
        "red letter of 25/09/2026 (Autumn 1) is this term's: band red's letter goes once a "
        f'term (letter_every = "term"); `attcli pupil merge {d9.OLD} {d9.NEW}` moves it, and '
        "this one then is not sent"
    ) in said, said


L = "L\\"
N = "N\\"


def _changes_of_a(ws: Path, tmp_path: Path, then_week: str, now_week: str) -> dict[str, str]:
    """Pupil A's first week as ``then_week`` in the run recorded as of Fri 18/09 (the
    export of 7 to 18 September), as ``now_week`` in the export of 7 to 25 September
    checked as of 25/09; weeks 2 and 3 present, B present throughout.  The changes of A
    since the run, kind -> detail."""
    rest = " ".join([WEEK] * 2)
    then = register({"A": f"{then_week} {rest}", "B": " ".join([WEEK] * 3)})
    now = register({"A": f"{now_week} {rest}", "B": " ".join([WEEK] * 3)})
    a = write_long_csv(then.filter(then["date"] <= D(2026, 9, 18)), tmp_path / "a.csv", dob=True)
    code, _, err = run_cli("check", a, "-c", ws, "--as-of", "2026-09-18", "--record")
    assert code == 0, err
    b = write_long_csv(now, tmp_path / "b.csv", dob=True)
    code, out, err = run_cli("check", b, "-c", ws, "--as-of", "2026-09-25", "-f", "json")
    assert code == 0, err
    return {c["kind"]: c["detail"] for c in json.loads(out)["changes"] if c["upn"] == "A"}


def test_an_n_given_l_beside_a_late_mark_of_then_changed_is_not_all_put_down_to_it(
    ws: Path, tmp_path: Path
) -> None:
    """DOMAIN.md 4 and 12.  As of 18/09 the run counted A's lates of Autumn 1: Mon 7 and Tue
    8 AM `L`, 2 (the threshold is 4); Wed 9 and Thu 10 AM `N`.  Since, the MIS gives Wed 9
    `L` and Thu 10 `/` (N given their codes: corrections, listed) and Fri 11 AM `L` where
    the run had `/` (a final code changed: a disagreement to resolve, never absorbed).  As
    of 18/09 the register now counts 4 lates: in the lateness group, joined since.  The
    corrections alone give 3 (2 + the `L` of Wed 9), the changed Fri 11 the fourth.  It
    said "register corrected since that check (...): as of 18/09/2026 lates this half term
    3 -> 4": the run's 2 unsaid, the changed mark of Fri 11 put down to the corrections.
    The run's count is said, and the other change as not an N given its reason."""
    got = _changes_of_a(ws, tmp_path, f"{L} {L} {N} {N} {P}", f"{L} {L} {L} {P} {L}")
    assert got["flag_corrected_in"] == (
        "lates: register corrected since that check (09/09 AM N -> L, 10/09 AM N -> /), and "
        "a late mark of then changed since besides (not an N given its reason: check the "
        "marks in the MIS): as of 18/09/2026 lates this half term 2 -> 4 (3 -> 4 by the "
        "corrections)"
    )


def test_an_n_given_a_code_not_late_does_not_explain_a_late_mark_entered_since(
    ws: Path, tmp_path: Path
) -> None:
    """As of 18/09 the run counted A's lates: Mon 7, Tue 8 and Thu 10 AM `L`, 3 (the
    threshold is 4); Wed 9 AM `N`.  Since, Wed 9 is `/` (the N given its code: a
    correction, no late) and Fri 11 AM `L` where the run had `/` (a disagreement).  As of
    18/09 the register now counts 4: joined since.  The correction moved no late (3 ->
    3 with it alone), so the one more late is the changed Fri 11.  It read any N of the run
    not N now as an N that may have been given `L`, and said "the threshold changed (or a
    late mark was entered since)": only an N now `L` or `U` can add a late."""
    got = _changes_of_a(ws, tmp_path, f"{L} {L} {N} {L} {P}", f"{L} {L} {P} {L} {L}")
    assert got["flag_corrected_in"] == (
        "lates: the register of then was changed since that check: as of 18/09/2026 lates this "
        "half term 3 -> 4, 4 lates in the half term then (4+ lates); not an N given its "
        "reason: check the marks in the MIS"
    ), got


def test_a_pn_group_left_by_a_correction_and_a_changed_mark_says_the_run_s_count(
    ws: Path, tmp_path: Path
) -> None:
    """DOMAIN.md 5 and 12.  As of 18/09 the run counted A's unauthorised sessions: Mon 7 to
    Thu 10 `O` all day (8) and Fri 11 `N` (2): 10, the penalty-notice threshold met.
    Since, Fri 11 is `/` (the N given its code: a correction) and Thu 10 `/` where the run
    had `O` (a disagreement).  As of 18/09 the register now counts 6: the group left.  The
    row said "register corrected since that check (2 sessions 11/09 N -> /): as of 18/09/2026
    unauthorised 8 -> 6, ...": 8, the corrections undone, is not the run's 10, and Thu 10's
    change was put down to the correction.  The run's count is said beside it; a
    correction alone (Thu 10 still `O`) reads as before, 10 -> 8."""
    got = _changes_of_a(ws, tmp_path, "O O O O N", "O O O / /")
    assert got["flag_corrected"] == (
        "pn: register corrected since that check (2 sessions 11/09 N -> /): as of 18/09/2026 "
        "unauthorised 8 -> 6, penalty-notice window 8 -> 6 sessions; and a mark of then "
        "changed since besides (not an N given its reason: check the marks in the MIS): that "
        "check counted 10 unauthorised as of 18/09/2026, 10 sessions in its penalty-notice "
        "window"  # (the run's own window count, kept since leftovers12)
    ), got
    (tmp_path / "alone").mkdir()
    ws2 = make_workspace(tmp_path / "ws2", AUTUMN_HALF_TERMS)
    alone = _changes_of_a(ws2, tmp_path / "alone", "O O O O N", "O O O O /")
    assert alone["flag_corrected"] == (
        "pn: register corrected since that check (2 sessions 11/09 N -> /): as of 18/09/2026 "
        "unauthorised 10 -> 8, penalty-notice window 10 -> 8 sessions (first met 11/09/2026 "
        "-> not met)"
    ), alone
