"""Sweep mutnew20 (7 December, ninth): tests for the last round's changed lines that no
test held (a hand-made mutant of each lived).  Each answer is worked out by hand in the
test's docstring; library calls, frames with the register's own dtypes where the engine is
what is tested."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

# (engine6's frames of marks with the register's own dtypes: one helper, not two)
from test_sweep_engine6 import _day, _marks


def _whole(pid: int, day: int, mark: str, category: str) -> list[tuple[int, int, str, str, str]]:
    return [(pid, day, "AM", mark, category), (pid, day, "PM", mark, category)]


def test_only_the_d_days_with_no_possible_session_inside_a_run_are_said() -> None:
    """Mon 5 to Fri 16 October, Wed 14 an INSET day (no school day): 9 school days.
    Pupil 1's run, Mon 5 to Fri 16, counts the 7 days with an `O` (5, 7, 9, 12, 13, 15,
    16).  Inside it: Tue 6 `D` all day (no possible session: said), Wed 7 `D` then `O`
    (the `O` counts: the day is in the run, not said), Thu 8 `D` and no mark (`-`, no
    possible session: said), Wed 14 `D` on the INSET day (no school day: not said).  So 2
    days, 06/10 and 08/10.  Pupil 2's run, Mon 5 to Fri 9, 4 days, one `D` day inside
    (Tue 6): "the 1 school day ... (06/10/2026)", no "between" (DOMAIN.md 6)."""
    from attcli.engine import _dual_within
    from attcli.quality import dual_within_expr, dual_within_said

    o, d = "unauthorised", "not_possible"
    rows = [
        *_whole(1, 0, "O", o), *_whole(1, 1, "D", d),
        (1, 2, "AM", "D", d), (1, 2, "PM", "O", o),
        (1, 3, "AM", "D", d), (1, 3, "PM", "-", "missing"),
        *[r for n in (4, 7, 8, 10, 11) for r in _whole(1, n, "O", o)],
        *_whole(1, 9, "D", d),
        *_whole(2, 0, "O", o), *_whole(2, 1, "D", d),
        *[r for n in (2, 3, 4) for r in _whole(2, n, "O", o)],
    ]  # fmt: skip
    school = [_day(n) for n in (0, 1, 2, 3, 4, 7, 8, 10, 11)]
    runs = pl.DataFrame({
        "pid": pl.Series([1, 2], dtype=pl.UInt64),
        "start": [_day(0), _day(0)], "end": [_day(11), _day(4)], "days": [7, 4],
    })  # fmt: skip
    got = _dual_within(runs, _marks(rows), school)
    assert got.select("pid", "dual_within_days", "dual_within").rows() == [
        (1, 2, [_day(1), _day(3)]),
        (2, 1, [_day(1)]),
    ]
    tail = (
        "inside this run ({}): they neither count toward the run nor break it, so check "
        "with the other school that the child was there"
    )
    head = "marked D (dual registered: at another school) on the "
    two = head + "2 school days " + tail.format("between 06/10/2026 and 08/10/2026")
    one = head + "1 school day " + tail.format("06/10/2026")
    said = got.select(dual_within_expr(pl.col("dual_within_days"), pl.col("dual_within")))
    assert said.to_series().to_list() == ["; " + two, "; " + one]
    assert dual_within_said(1, [_day(1)]) == one
    assert dual_within_said(2, [_day(1), _day(3)]) == two


def test_the_present_marks_of_the_afternoon_not_the_morning_are_counted() -> None:
    """Fri 9 Oct the last afternoon: pupil 1 present all day, 2 that afternoon only, 3 and
    4 that morning only (3 `\\`... `O` in the afternoon), 5 on a trip (`V`): 2 present
    marks that afternoon (1, 2); the morning has 3 (1, 3, 4), so a morning read is seen."""
    from attcli.engine import afternoon_present

    p = "present"
    marks = _marks([
        (1, 4, "AM", "/", p), (1, 4, "PM", "\\", p),
        (2, 4, "PM", "\\", p),
        (3, 4, "AM", "/", p), (3, 4, "PM", "O", "unauthorised"),
        (4, 4, "AM", "/", p),
        (5, 4, "PM", "V", "approved_activity"),
    ])  # fmt: skip
    last = pl.DataFrame({"last": [True], "marked": [4], "date": [_day(4)]})
    assert afternoon_present(last, marks) == 2


def test_a_half_day_closure_is_no_mark_taken_for_the_pupil_after_a_run() -> None:
    """Mon 5 to Fri 9 October, all school days.  Pupil 1 `O` Monday and Tuesday (the run,
    current), Wednesday morning `#` (the school shut that morning, open the afternoon: a
    school day) and no mark (`-`) that afternoon, nor Thursday or Friday.  `#` is no
    register taken for the pupil (DOMAIN.md 1, 12): the last mark is Tuesday's, so 3 school
    days with no mark after it (Wed, Thu, Fri), not 2 from a `#` taken as a mark."""
    from attcli.engine import _unmarked_after

    o, m = "unauthorised", "missing"
    marks = _marks([
        *_whole(1, 0, "O", o), *_whole(1, 1, "O", o),
        (1, 2, "AM", "#", "not_possible"), (1, 2, "PM", "-", m),
        *_whole(1, 3, "-", m), *_whole(1, 4, "-", m),
    ])  # fmt: skip
    runs = pl.DataFrame({
        "pid": pl.Series([1], dtype=pl.UInt64), "kind": ["unexplained"],
        "start": [_day(0)], "end": [_day(1)], "last_possible": [_day(1)],
    })  # fmt: skip
    got = _unmarked_after(
        runs, marks, _day(4), [_day(n) for n in range(5)], pl.Series([1], dtype=pl.UInt64)
    )
    assert got.select("unmarked_days", "last_marked").row(0) == (3, _day(1))


def test_the_workbook_counts_a_leaver_and_names_its_changes_sheet_for_one_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check of Fri 18 September recorded (2 school weeks from Monday 7): A 20 of 20
    (green), D 16 of 20 (`O` the first two days: red, in the red band's group), G 20 of
    20.  The export to Fri 25 September: A present throughout, D's two weeks as recorded
    and no row after them (off the roll from Mon 21, last day on roll 18/09), G in no row.
    X, who joined, `O` the 5 days of the first week, `D` (at another school) on Mon 14,
    `O` Tue 15 to Mon 21, then present: a run of 10 school days 07/09 to 21/09 (the `D`
    day neither counts nor breaks it, DOMAIN.md 6), ended since the run recorded: its
    reason says the `D` day inside it (sweep blind6's line of reached_since, no test held).
    Three changes: D left the roll (no longer in band red), G not in these exports, X
    joined: the Summary counts "1 left the roll, 1 not in these exports, 1 joined", not
    a leaver as "in or out of a group", and its line for G names the Changes sheet, which
    lists G (the table lists only those in a group).  Of one change, "1 change"; with a
    run and none, "No change".
    """
    import copy
    import io

    from openpyxl import load_workbook

    from attcli import report_check
    from attcli.check import run_check
    from attcli.config import load_config
    from attcli.snapshots import store_snapshot
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    cfg = load_config(ws / "attcli.toml")
    store_snapshot(ws / "attcli-history.sqlite3", dt.date(2026, 9, 18), ["to-18-09.csv"],
                   [("", "A", 20, 20, "green", [], None, None, 0),
                    ("", "D", 16, 20, "red", ["band:red"], None, None, 4),
                    ("", "G", 20, 20, "green", [], None, None, 0)],
                   names={("", u): (f"Surname{u}", f"Forename{u}", None) for u in "ADG"},
                   lates={("", u): (0, "L,U") for u in "ADG"},
                   pn_windows={("", "A"): 0, ("", "D"): 4, ("", "G"): 0})  # fmt: skip
    p = "/\\"
    reg = register({
        "A": " ".join([p] * 15), "D": " ".join(["O", "O"] + [p] * 8 + ["!"] * 5),
        "X": " ".join(["O"] * 5 + ["D"] + ["O"] * 5 + [p] * 4),
    })  # fmt: skip
    result = run_check([write_long_csv(reg, tmp_path / "to-25-09.csv")], cfg)
    reason = result.pupils.filter(pl.col("upn") == "X").get_column("reason_absence")[0]
    assert reason == (
        "10 school days of unexplained absence 07/09/2026 to 21/09/2026 (O), ended since the "
        "check recorded as of 18/09/2026: reached 10 school days, tell the local authority "
        "(children missing education); last attended never this year; marked D (dual "
        "registered: at another school) on the 1 school day inside this run (14/09/2026): "
        "they neither count toward the run nor break it, so check with the other school that "
        "the child was there"
    )
    stream = io.BytesIO()
    report_check.to_xlsx(result, stream)
    wb = load_workbook(stream)
    rows = sorted((r[0], r[3]) for r in wb["Changes"].iter_rows(min_row=2, values_only=True))
    assert rows == [("D", "left the roll"), ("G", "not in the exports"), ("X", "joined")]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    changed = next(k for k in summary if str(k).startswith("Changed since the check as of 18/09"))
    assert summary[changed] == (
        "3 changes (1 left the roll, 1 not in these exports, 1 joined): each is a row of the "
        "Changes sheet"
    )
    assert summary["Since the last recorded check"].startswith(
        "1 pupil of the check recorded as of 18/09/2026 is in none of these exports"
    )
    assert summary["Since the last recorded check"].endswith(
        ": the Changes sheet lists each with what they were in"
    )
    one = copy.copy(result)
    one.changes = result.changes.filter(pl.col("kind") == "left_roll")
    assert report_check.changes_counted(one) == "1 change (1 left the roll)"
    one.changes = result.changes.clear()
    assert report_check.changes_counted(one) is None
    stream = io.BytesIO()
    report_check.to_xlsx(one, stream)
    summary = {r[0]: r[1] for r in load_workbook(stream)["Summary"].iter_rows(values_only=True)
               if r and r[0]}  # fmt: skip
    assert summary[changed] == "No change"


def test_pupil_says_the_letter_held_for_a_pupil_the_contacts_show_looked_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CARA, `O` five mornings of the 30 school days from Monday 7 September (55 of 60,
    91.7 %: amber), no Looked After column in the register; the contacts list Anyshire
    County Council (Local Authority, parental responsibility) and the foster carer she
    lives with: looked after by the contacts (lac sweep).  `attcli letters` holds her amber
    letter (rough6: every letter about a looked-after pupil); `pupil CARA --contacts` gives
    its rule the contacts' councils, so it says the letter held, and why."""
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    p = "/\\"
    reg = register({"CARA": " ".join(["O/"] * 5 + [p] * 25), "S": " ".join([p] * 30)})
    export = write_long_csv(reg, tmp_path / "to-16-10.csv")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
        "Lives With Pupil,Address Line 1,Town,Postcode\n"
        "CARA,LA1,,,Anyshire County Council,Local Authority,1,Y,N,County Hall,Anytown,AN1 9ZZ\n"
        "CARA,F1,Ms,Fay,Foster,Foster Carer,2,N,Y,5 Elm Road,Anytown,AN1 5AB\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "--workspace", ws, "pupil", "CARA", export, "--contacts", contacts, width=200
    )
    assert code == 0, err
    text = " ".join(out.split())
    assert "Band: amber" in text, text
    assert (
        "Held for review: the amber letter: looked after (Anyshire County Council holds "
        "parental responsibility in the contacts export): agree any letter about a "
        "looked-after pupil, and who it goes to, with the social worker"
    ) in text, text


def test_a_pack_refused_only_for_the_contact_says_it_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """S, born 01/10/2014 (of compulsory school age), present the 9 school weeks from
    Monday 7 September and `O` all of the week to Friday 20 November: 10 unauthorised
    sessions in the window, the threshold met; S is not in the contacts export.  The
    parent unknown is the pack's one problem: said in its one line, as before rough6 made
    it one problem among others (sweep rough6), not a list of one and a count."""
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-20")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    half_term = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    marks = " ".join(["/\\"] * 45 + ["O"] * 5)
    reg = register({"S": marks, "T": marks}, holidays=half_term,
                   dob={"S": dt.date(2014, 10, 1), "T": dt.date(2014, 10, 1)})  # fmt: skip
    export = write_long_csv(reg, tmp_path / "to-20-11.csv", dob=True)
    book = contacts_file(tmp_path / "contacts.csv", [("T", "C9", "Mrs", "Tia", "Tee")])
    code, _, err = run_cli(
        "--workspace", ws, "evidence", "S", export, "--for", "penalty-notice",
        "--contacts", book, "-f", "json", "-o", tmp_path / "pn.json", width=1000,
    )  # fmt: skip
    assert code == 1 and not (tmp_path / "pn.json").exists()
    said = [x.strip() for x in err.splitlines() if x.strip()]
    assert len(said) == 1, said
    assert said[0].startswith(
        f"error: pupil S is not in the contacts export {book}, so the parent the pack is for"
    ), said
