"""An office the Monday after half term (sweep blind9, docs/decisions.md): a register
re-exported after the MIS corrected marks already used, last half term's export given by
mistake, attcli run from the Downloads folder, and the same week recorded again.

Registers hand made (tests/builders.py), from Monday 7 September 2026, with the
workspace's autumn term dates; each test's own docstring works its figures out.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

START = dt.date(2026, 9, 7)
P = "/\\"
WEEK = " ".join([P] * 5)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def _check(ws: Path, exp: Path, as_of: str, *args: str) -> tuple[int, str, str]:
    return run_cli("check", exp, "-c", ws, "--as-of", as_of, *args)


def test_ns_of_the_run_after_a_leaving_date_set_since_are_no_marks_to_fix(ws, tmp_path):
    """Week 1 (to Friday 11 September) is recorded: A present but for N on Wed 9 AM (9/10
    = 90 % exactly, red: not above 90 %); C present Monday to Wednesday, N on Thursday 10
    and Friday 11, both sessions (6/10, 4 unauthorised, red); B present throughout.  Week
    2 (the cumulative export to Friday 18 September): the office found C's family had
    moved away and took C off roll from Thursday 10 September, so the export has C's rows
    to Wednesday 9 only (DOMAIN.md 1: sessions after a pupil's last mark with no row are
    outside the time on roll, not possible: C is 6/6, left 09/09/2026).  A's Wed 9 AM row
    is gone while A has rows after it: a missing row inside the time on roll, the N of the
    run now with no mark (a problem to fix in the MIS).  C's four N of the run were four
    more such problems ("find the reason" for a child gone); C was off roll then, which
    the changes say ("left the roll", the past figure with fewer possible sessions)."""
    week1 = write_long_csv(
        register({"A": f"{P} {P} N/ {P} {P}", "B": WEEK, "C": f"{P} {P} {P} NN NN"}, start=START),
        tmp_path / "week1.csv",
    )
    code, _, err = _check(ws, week1, "2026-09-11", "--record", "--format", "json")
    assert code == 0, err
    week2 = write_long_csv(
        register(
            {"A": f"{P} {P} !/ {P} {P} {WEEK}", "B": f"{WEEK} {WEEK}", "C": f"{P} {P} {P}"},
            start=START,
        ),
        tmp_path / "week2.csv",
    )
    code, out, err = _check(ws, week2, "2026-09-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    c = next(p for p in doc["pupils"] if p["upn"] == "C")
    assert (c["attended"], c["possible"], c["unauthorised"]) == (6, 6, 0)
    unmarked = [(q["upn"], q["date"], q["session"])
                for q in doc["data_quality"] if q["kind"] == "n_unmarked"]  # fmt: skip
    # A's N with no row now, inside A's time on roll: the one problem; none of C's four
    assert unmarked == [("A", "2026-09-09", "AM")]
    # C's leaving is said by the changes, as before (the same rows as before the fix): the
    # figure of then moved, with fewer possible sessions, and "left the roll"
    kinds = sorted(x["kind"] for x in doc["changes"] if x["upn"] == "C")
    assert kinds == ["corrected", "left_roll"], doc["changes"]
    gone = next(x for x in doc["changes"] if x["upn"] == "C" and x["kind"] == "corrected")
    assert gone["detail"].startswith(
        "as of 11/09/2026: was 6/10, 4 unauthorised, now 6/6, 0 unauthorised"
    )
    code, out, err = _check(ws, week2, "2026-09-18")
    assert code == 0, err
    text = " ".join(out.split())
    assert (
        "N codes of the last recorded check now with no mark (not a correction: find the reason; "
        "a penalty notice may rest on them): 1 SurnameA, ForenameA (A): 09/09/2026 AM"
    ) in text
    assert "SurnameC, ForenameC (C): 4 sessions" not in text
    notes = " ".join(err.split())
    assert (
        "note: 1 N session on record in the check recorded as of 11/09/2026 now with no mark in the "
        "exports, e.g. A 09/09/2026 AM: a problem to fix in the MIS"
    ) in notes
    # ... but never unsaid: a child absent unexplained, then taken off roll from before those
    # days, is the clearest missing-education case (DOMAIN.md 6), and the register no longer
    # shows the run (C is "no longer in" any group, as if it had ended)
    assert (
        "note: 4 N sessions on record in the check recorded as of 11/09/2026 are now outside the "
        "pupil's time on roll (the pupil has since been given a leaving date before them), e.g. C "
        "10/09/2026 to 11/09/2026 (4 sessions): no mark to fix, but check the leaving date is right, and that "
        "a child absent without reason, then taken off roll, was deleted lawfully and the local "
        "authority told"
    ) in notes, notes
    # in view only: a head of another year group's check does not say it
    code, out, err = _check(ws, week2, "2026-09-18", "--reg-group", "8A")
    assert "outside the pupil's time on roll" not in " ".join(err.split())


def _lates_export(path: Path, friday: str, twins: bool = False) -> Path:
    """LAT late on the mornings of Mon 7, Wed 9 and Fri 11 September, and ``friday`` on
    Fri 18 AM; OK present throughout (two weeks from Monday 7 September); ``twins``: LAU
    marked as LAT."""
    lat = f"L/ {P} L/ {P} L/ {P} {P} {P} {P} {friday}/"
    pupils = {"LAT": lat, "OK": f"{WEEK} {WEEK}"} | ({"LAU": lat} if twins else {})
    return write_long_csv(register(pupils, start=START), path)


def test_two_letters_made_after_the_export_given_are_said_in_one_line(ws, tmp_path):
    """As the test below, with LAT's twin LAU marked alike: both lateness letters made
    from the re-export, then the export as first made given: one line for the two."""
    import datetime as _dt
    import os

    from school import contacts_file

    contacts = contacts_file(tmp_path / "contacts.csv", [("LAT", "1", "Mrs", "Ann", "Late"),
                                                         ("LAU", "2", "Mrs", "Ann", "Late"),
                                                         ("OK", "3", "Mr", "Ben", "Fine")])  # fmt: skip
    old = _lates_export(tmp_path / "Register Export.csv", "/", twins=True)
    saved = _dt.datetime(2026, 9, 18, 16, 0).timestamp()
    os.utime(old, (saved, saved))
    new = _lates_export(tmp_path / "Register Export (1).csv", "L", twins=True)
    code, out, err = run_cli("letters", new, "--contacts", contacts, "-c", ws, "--as-of",
                             "2026-09-18", "--out", tmp_path / "letters")  # fmt: skip
    assert code == 0, err
    assert "2 letters written" in " ".join(out.split()), out
    code, _, err = _check(ws, old, "2026-09-18")
    assert code == 0, err
    text = " ".join(err.split())
    assert (
        "note: Register Export.csv, the newest of the exports given, was saved 18/09/2026 16:00, "
        "before 2 of the letters below were made (from "
    ) in text, text
    assert (
        "), and marks their sessions otherwise: if you gave an older export by mistake, run "
        "again with the latest; if it is the latest, those letters were made from an older one: "
        "tell the families (a correction, an apology)"
    ) in text, text
    assert text.count("the newest of the exports given") == 1


def test_an_export_saved_before_the_letters_it_disagrees_with_is_not_called_a_correction(
    ws, tmp_path
):
    """Last week's export given by mistake after this week's letters.  The export of Fri
    18 September as first made (LAT's Fri 18 AM `/`: 3 lates) was saved that afternoon;
    the re-export (the MIS had the 18th's `/` made `L`: 4 lates, the threshold) made the
    lateness letter.  Given the first again, attcli said the letter "rests on marks changed
    since (18/09 AM L -> /) ... tell the family (a correction, an apology)", and letters
    listed it "no longer called for: ... consider telling the family": an apology for a
    correction that never happened.  A file saved before the letter was made cannot hold a
    change made after it: now the line before says so, and what to do.  A re-export saved
    after the letter (a real correction) is said as before."""
    import datetime as _dt
    import os

    from school import contacts_file

    contacts = contacts_file(tmp_path / "contacts.csv", [("LAT", "1", "Mrs", "Ann", "Late"),
                                                         ("OK", "2", "Mr", "Ben", "Fine")])  # fmt: skip
    old = _lates_export(tmp_path / "Register Export.csv", "/")
    saved = _dt.datetime(2026, 9, 18, 16, 0).timestamp()
    os.utime(old, (saved, saved))
    new = _lates_export(tmp_path / "Register Export (1).csv", "L")
    letters = ("letters", "--contacts", contacts, "-c", ws, "--as-of", "2026-09-18",
               "--out", tmp_path / "letters")  # fmt: skip
    code, out, err = run_cli(*letters[:1], new, *letters[1:])
    assert code == 0, err
    assert "│ lateness " in out and "Mrs Ann Late" in out and "1 letter written" in out, out
    said = (
        "note: Register Export.csv, the newest of the exports given, was saved 18/09/2026 16:00, "
        "before the lateness letter to ForenameLAT SurnameLAT was made ("
    )
    advice = (
        "), and marks its sessions otherwise: if you gave an older export by mistake, run again "
        "with the latest; if it is the latest, the letter was made from an older one: tell the "
        "family (a correction, an apology)"
    )
    for cmd in (
        ("check", old, "-c", ws, "--as-of", "2026-09-18"),
        (*letters[:1], old, *letters[1:], "--dry-run"),
    ):
        code, out, err = run_cli(*cmd)
        assert code == 0, err
        text = " ".join(err.split())
        assert said in text and advice in text, text
        # said before the letter's own line, which still names the session
        assert text.index(said) < text.index(
            "rests on marks changed since: 1 session (18/09 AM L -> /)"
        )
    # a correction exported after the letter: the MIS made the 18th's L a / again
    fixed = _lates_export(tmp_path / "Register Export (2).csv", "/")
    code, out, err = run_cli("check", fixed, "-c", ws, "--as-of", "2026-09-18")
    assert code == 0, err
    text = " ".join(err.split())
    assert "rests on marks changed since: 1 session (18/09 AM L -> /)" in text
    assert "the newest of the exports given" not in text


#: what every refusal for want of a workspace says to do (workspace.NO_WORKSPACE_TO_DO)
TO_DO = (
    "if your school has one, run attcli in the folder that holds its attcli.toml, or give "
    "--workspace DIR (or set ATTCLI_WORKSPACE); `attcli init` makes a new one, with no "
    "record of the letters and notices sent"
)


def test_run_from_the_downloads_folder_is_told_to_find_the_school_s_workspace_first(
    tmp_path, monkeypatch
):
    """The office runs attcli from the folder holding its attcli.toml and history; one
    Monday from Downloads, where the exports lie, beside it (not below it: no workspace
    above to name).  `letters` said "no school workspace; make one with `attcli init`
    (or give --workspace DIR ...)": the first thing it offered makes a second, empty
    history, whose next letters run sends every letter of the half term again.  What to
    do first is to find the school's own; a new workspace last, saying what it lacks."""
    exp = _lates_export(tmp_path / "Register Export.csv", "L")
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    monkeypatch.chdir(downloads)
    from school import contacts_file

    contacts = contacts_file(tmp_path / "contacts.csv", [("LAT", "1", "Mrs", "Ann", "Late")])
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out", downloads / "letters",
                             "--as-of", "2026-09-18")  # fmt: skip
    assert (code, err.splitlines()[-1]) == (1, f"error: letters: no school workspace; {TO_DO}")
    assert not (downloads / "letters").exists()
    code, _, err = run_cli("pn", "list")
    assert (code, err.splitlines()[-1]) == (
        1,
        f"error: no school workspace, so no history of letters and notices: {TO_DO}",
    )
    code, _, err = run_cli("la-return", exp, "--month", "2026-09")
    assert (code, err.splitlines()[-1]) == (
        1,
        "error: la-return keeps what each return reported in the school's workspace, and there "
        f"is none: {TO_DO}",
    )


def test_a_week_recorded_again_after_a_re_export_says_whose_figures_moved_before_the_ladder(
    ws, tmp_path, monkeypatch
):
    """Friday: `check --record`, then the letters.  Monday: the MIS re-exported the same
    week after corrections, and `check --record` again replaced Friday's run, saying "41
    pupils' figures differ from it" and listing, by UPN, pupils whose figures were the
    same (only their letters went since: "step amber due, now monitoring") before the few
    the corrections moved, who were lost in "and 29 more".  Hand made: two weeks from Mon
    7 September, as of Fri 18 September (20 sessions).  R1 and R2 are `O` on Mon 14 AM and
    PM and Tue 15 AM: 17/20 = 85 %, red, 3 unauthorised; both get the red letter.  The
    re-export makes R2's Tue 15 AM `/` (18/20 = 90 %, still red: 90 % exactly, 2
    unauthorised).  R2's figures differ; R1's only place on the ladder does: said apart,
    R2 first."""
    import os
    import time

    from school import contacts_file

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")  # (the letters sent that Friday)
    absent = f"{WEEK} OO O/ {P} {P} {P}"
    first = write_long_csv(
        register({"R1": absent, "R2": absent, "OK": f"{WEEK} {WEEK}"}, start=START),
        tmp_path / "Register Export.csv",
    )
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("R1", "1", "Mrs", "Ann", "One"), ("R2", "2", "Mr", "Ben", "Two"),
         ("OK", "3", "Ms", "Cat", "Fine")],
    )  # fmt: skip
    code, _, err = _check(ws, first, "2026-09-18", "--record")
    assert code == 0, err
    code, out, err = run_cli("letters", first, "--contacts", contacts, "-c", ws, "--as-of",
                             "2026-09-18", "--out", tmp_path / "letters")  # fmt: skip
    assert code == 0, err
    assert "2 letters written" in " ".join(out.split()), out
    time.sleep(1.1)  # (the re-export saved after the letters were made, to the second)
    again = write_long_csv(
        register(
            {"R1": absent, "R2": f"{WEEK} OO //  {P} {P} {P}", "OK": f"{WEEK} {WEEK}"},
            start=START,
        ),
        tmp_path / "Register Export (1).csv",
    )
    os.utime(again)
    code, out, err = _check(ws, again, "2026-09-18", "--record")
    assert code == 0, err
    text = " ".join(err.split())
    assert (
        "which it replaces: 1 pupil's figures differ from it: SurnameR2, ForenameR2 (R2) was red "
        "(17/20, 3 unauthorised), is red (18/20, 2 unauthorised); and 1 more pupil's place on the "
        "ladder differs from it (the same figures: a letter sent or an action recorded since): "
        "SurnameR1, ForenameR1 (R1): step red due, now monitoring"
    ) in text, text


def test_the_pupils_a_correction_moved_are_listed_whole_and_the_ladder_s_in_what_room_is_left(
    tmp_path,
):
    """snapshots.runs_beside, at the list's edge (REPLACED_LISTED, 12 names): 2 pupils a
    correction moved (M1, M2) are named first; of the 12 whose figures are the same and
    only their letter moved them on the ladder (L01..L12), the 10 that fit are named and
    "and 2 more" said; with 12 moved (M01..M12), none of the ladder's is named, only
    counted."""
    from attcli.snapshots import REPLACED_LISTED, runs_beside, store_snapshot

    assert REPLACED_LISTED == 12
    as_of = dt.date(2026, 10, 23)

    def pupil(upn: str, attended: int, stage: str | None, status: str | None) -> tuple:
        return ("", upn, attended, 40, "amber", ["band:amber"], stage, status, 0)

    def replaced(moved: int, path: Path) -> str:
        ups = [f"M{i:02d}" for i in range(1, moved + 1)]
        lad = [f"L{i:02d}" for i in range(1, 13)]
        store_snapshot(path, as_of, ["w.csv"], [pupil(u, 37, "amber", "due") for u in ups + lad])
        sid = store_snapshot(
            path, as_of, ["w.csv"],
            [pupil(u, 36, "amber", "due") for u in ups]
            + [pupil(u, 37, "amber", "monitoring") for u in lad],
        )  # fmt: skip
        later, said = runs_beside(path, as_of, "", sid)
        assert later is None and said is not None
        return said.split("which it replaces: ", 1)[1]

    ladder = "L{:02d}: step amber due, now monitoring"
    assert replaced(2, tmp_path / "a.sqlite3") == (
        "2 pupils' figures differ from it: M01 was amber (37/40), is amber (36/40); M02 was "
        "amber (37/40), is amber (36/40); and 12 more pupils' places on the ladder differ from "
        "it (the same figures: a letter sent or an action recorded since): "
        + "; ".join(ladder.format(i) for i in range(1, 11))
        + "; and 2 more"
    )
    said = replaced(12, tmp_path / "b.sqlite3")
    assert said.startswith("12 pupils' figures differ from it: M01 was amber (37/40)")
    assert said.endswith(
        "; M12 was amber (37/40), is amber (36/40); and 12 more pupils' places on the ladder "
        "differ from it (the same figures: a letter sent or an action recorded since)"
    )


def test_ns_of_the_run_between_two_spells_of_a_pupil_list_are_off_roll_not_unmarked():
    """snapshots.n_since with a pupil list (tests/test_spells.py's register): HUG present
    in weeks 1, 2 and 4 (7 September to 2 October), no row in week 3; the list gives two
    spells, 7-18 September and from 28 September.  The run on record had HUG `N` on Mon 21
    September AM (week 3: off roll now, between the spells), Mon 7 September AM (a `/`
    now: a correction) and OTH `N` on Tue 22 September AM, OTH's row for that session gone
    now while OTH is on roll throughout: the one `n_unmarked`.  HUG's week-3 `N` is off
    roll, and still explains HUG's figure of then."""
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.snapshots import Snapshot, n_since
    from test_spells import TWO_SPELLS

    week = "/ " * 5
    reg = register({"HUG": week * 2 + "! " * 5 + week, "OTH": week * 2 + "/ !/ " + "/ " * 3 + week})
    ev = evaluate(reg, Config(), as_of=dt.date(2026, 10, 2), roll_dates=TWO_SPELLS)
    was = pl.DataFrame(
        [("", "HUG", dt.date(2026, 9, 21), "AM"), ("", "HUG", dt.date(2026, 9, 7), "AM"),
         ("", "OTH", dt.date(2026, 9, 22), "AM")],
        schema={"school": pl.Utf8, "upn": pl.Utf8, "date": pl.Date, "session": pl.Utf8},
        orient="row",
    )  # fmt: skip
    snap = Snapshot(1, dt.date(2026, 9, 25), "", "", pl.DataFrame(), n_sessions=was)
    since = n_since(snap, ev.prepared.roll)
    assert since is not None
    assert since.corrections.select("upn", "date", "now").rows() == [
        ("HUG", dt.date(2026, 9, 7), "/")
    ]
    assert since.unmarked.select("upn", "date", "session").rows() == [
        ("OTH", dt.date(2026, 9, 22), "AM")
    ]
    assert since.off_roll is not None
    assert since.off_roll.rows() == [("", "HUG", dt.date(2026, 9, 21), "AM")]
    assert since.changed(snap) == {("", "HUG"): 2, ("", "OTH"): 1}


def test_the_same_week_re_exported_lists_the_n_given_their_reasons_since_its_own_run(ws, tmp_path):
    """Friday's check is recorded (as of Fri 11 September: A `N` on Thu 10 AM and PM, C
    `N` on Fri 11 AM; B present throughout); on Monday the MIS re-exports the same week with A's two
    `N` given `I` (a note came in) and C's still `N`.  Monday's check, as of the same
    Friday, compares NEW with the week before Friday's run (blind5's decision), and listed
    no correction at all: DOMAIN.md 12, "the correction is listed", was kept only the week
    after.  Now one line says them against Friday's run of the same date.  C's `N`, still
    `N`, is no correction; a run on record from another date says nothing of the kind."""
    import sqlite3

    week1 = write_long_csv(
        register({"A": f"{P} {P} {P} NN {P}", "B": WEEK, "C": f"{P} {P} {P} {P} N/"}, start=START),
        tmp_path / "Register Export.csv",
    )
    code, _, err = _check(ws, week1, "2026-09-11", "--record")
    assert code == 0, err
    again = write_long_csv(
        register({"A": f"{P} {P} {P} II {P}", "B": WEEK, "C": f"{P} {P} {P} {P} N/"}, start=START),
        tmp_path / "Register Export (1).csv",
    )
    db = sqlite3.connect(ws.parent / "attcli-history.sqlite3")
    (taken,) = db.execute("SELECT taken_at FROM snapshots").fetchone()
    db.close()
    when = dt.datetime.fromisoformat(taken)
    code, out, err = _check(ws, again, "2026-09-11")
    assert code == 0, err
    notes = " ".join(err.split())
    assert (
        f"note: 2 N sessions on record in the check recorded {when:%d/%m/%Y %H:%M} as of this same "
        "date (11/09/2026) now have their reasons in the exports, e.g. A 10/09/2026 AM N -> I "
        f"({again}): register corrections since that check (NEW compares with the week before it)"
    ) in notes, notes
    # Friday's own export again: nothing corrected, nothing said
    code, out, err = _check(ws, week1, "2026-09-11")
    assert code == 0 and "as of this same date" not in " ".join(err.split()), err
    # the next week's export, as of 18/09: Friday's run is the week before, compared as
    # ever (its corrections in the data-quality list), no line of a run of the same date
    week2 = write_long_csv(
        register({"A": f"{P} {P} {P} II {P} {WEEK}", "B": f"{WEEK} {WEEK}",
                  "C": f"{P} {P} {P} {P} N/ {WEEK}"}, start=START),
        tmp_path / "Register Export (2).csv",
    )  # fmt: skip
    code, out, err = _check(ws, week2, "2026-09-18")
    assert code == 0, err
    assert "as of this same date" not in " ".join(err.split()), err
    assert "register corrections since the check recorded as of 11/09/2026" in " ".join(out.split())
