"""Sweep "changedletters" (5 December, fifth): the register's marks of the pupils with a
letter in view were made into Python dicts (``letter_marks._by_pupil``) at each asking
whether a correction since changed a letter: three times a letters run (the lines it
says, the band letters and the warnings it no longer supports), twice a check (its
letters, its penalty-notice packs).  Now once an evaluation for each pupil
(``letter_marks.marks_now``, kept on the evaluation), and every answer the same.
Counted, not timed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from builders import register
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace
from test_sweep_histscale import WEEK, export_to

D = dt.date
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def rows_made(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(pupils, rows) of each frame of register marks made into dicts from here on."""
    from attcli import letter_marks, pack_marks

    made: list[tuple[int, int]] = []
    real = letter_marks._by_pupil

    def counting(frame: pl.DataFrame):  # noqa: ANN202
        out = real(frame)
        made.append((len(out), frame.height))
        return out

    monkeypatch.setattr(letter_marks, "_by_pupil", counting)
    if hasattr(pack_marks, "_by_pupil"):  # (the packs' own, before this sweep)
        monkeypatch.setattr(pack_marks, "_by_pupil", counting)
    return made


def gus_corrected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """ANNA, present, and GUS, O all the week of 14/09: the letters run of 25/09 sends GUS
    a red letter (20/30) and a penalty-notice warning (10 sessions O in his window), each
    with its marks kept.  The export of 13/11 then has his Monday 14/09 made I (an
    illness found later): GUS is still red (80/90, Autumn 2's red letter due) but his
    window holds 8 sessions O, below the threshold of 10.  The workspace, the export of
    13/11 and the contacts."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week2 = "O O O O O"
    gus = [WEEK, week2, *[WEEK] * 8]
    reg = register({"ANNA": " ".join([WEEK] * 10), "GUS": " ".join(gus)}, holidays=HALF_TERM)
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("GUS", "C2", "Mr", "Gil", "Gray")],
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-26")
    code, _, err = run_cli("letters", export_to(reg, D(2026, 9, 25), tmp_path), "--contacts",
                           contacts, "--out", tmp_path / "letters", "-c", ws)  # fmt: skip
    assert code == 0, err
    gus[1] = "I " + week2[2:]
    reg = register({"ANNA": " ".join([WEEK] * 10), "GUS": " ".join(gus)}, holidays=HALF_TERM)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-13")
    return ws, export_to(reg, D(2026, 11, 13), tmp_path / "later"), contacts


def test_a_letters_run_makes_the_register_s_marks_into_dicts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letters run of 13/11 asks of GUS's letters of 25/09 three times: the line it
    says (his Monday 14/09 O -> I since), his red letter (still red: supported) and his
    warning (8 sessions now: no longer called for).  Each made the register's marks of GUS into dicts afresh (three frames);
    now they are made once, and the run says each as before."""
    (tmp_path / "later").mkdir()
    ws, exp, contacts = gus_corrected(tmp_path, monkeypatch)
    made = rows_made(monkeypatch)
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out",
                             tmp_path / "again", "--dry-run", "-c", ws)  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "14/09 AM O -> I, 14/09 PM O -> I" in said, said
    assert "now gives 8 unauthorised sessions in the penalty-notice window" in said, said
    assert made == [(1, 30)], made  # (GUS's marks, 07/09 to 25/09: the letters' days)


def test_the_marks_made_once_serve_every_pupil_and_day_asked_of_and_no_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Made for the pupils and days asked of, each once whichever caller asks first:
    asked of GUS's first week, then of his and ANNA's, then of both again, then of a day
    of the first week alone, then of the summer before it (no export's days: none) and
    of it, the register's marks are made into dicts twice (GUS's 10 rows, then ANNA's
    alone); asked of GUS's second week, his are made again for both
    weeks (20 rows), and ANNA's are not.  A pupil the register has no row of has no
    marks.  Another evaluation of the same register makes its own."""
    from attcli.config import Config
    from attcli.engine import prepare
    from attcli.letter_marks import marks_now

    reg = register({"ANNA": " ".join([WEEK] * 2), "GUS": " ".join([WEEK, "O O O O O"])})
    prepared = prepare(reg, Config())
    ev = prepared.evaluate(as_of=D(2026, 9, 18))
    made = rows_made(monkeypatch)
    week1 = (D(2026, 9, 7), D(2026, 9, 11))
    gus = marks_now(ev, [("", "GUS")], *week1)[("", "GUS")]
    assert len(gus) == 10 and gus[(D(2026, 9, 11), "PM")] == ("\\", "present")
    both = marks_now(ev, [("", "GUS"), ("", "ANNA"), ("", "NOBODY")], *week1)
    assert both[("", "GUS")] is gus and len(both[("", "ANNA")]) == 10
    assert both[("", "NOBODY")] == {}
    marks_now(ev, [("", "ANNA"), ("", "GUS")], *week1)
    marks_now(ev, [("", "ANNA")], D(2026, 9, 9), D(2026, 9, 9))
    # (days before the exports' first are not compared: asked of none, the same days)
    marks_now(ev, [("", "GUS")], D(2026, 7, 1), D(2026, 9, 11))
    assert marks_now(ev, [("", "GUS")], D(2026, 7, 1), D(2026, 8, 31)) == {("", "GUS"): {}}
    assert made == [(1, 10), (1, 10)], made
    gus = marks_now(ev, [("", "GUS")], D(2026, 9, 14), D(2026, 9, 18))[("", "GUS")]
    assert len(gus) == 20 and gus[(D(2026, 9, 18), "PM")] == ("O", "unauthorised")
    assert made == [(1, 10), (1, 10), (1, 20)], made
    marks_now(ev, [("", "ANNA"), ("", "GUS")], *week1)
    marks_now(prepared.evaluate(as_of=D(2026, 9, 18)), [("", "GUS")], *week1)
    assert made == [(1, 10), (1, 10), (1, 20), (1, 10)], made


def test_a_check_makes_the_marks_into_dicts_once_for_its_letters_and_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GUS, O all the week of 16/11 (the tenth school week): the letters run of 20/11
    sends him a red letter (90/100) and a warning, and a penalty-notice pack is made of
    his window as of 20/11.  His Monday 16/11 is made I since.  The check of 04/12 asks
    of the letters and of the pack whether a correction since changed them: each made his
    marks into dicts (two frames); now one, and it says both as before."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    gus = [*[WEEK] * 9, "O O O O O", WEEK, WEEK]
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("GUS", "C2", "Mr", "Gil", "Gray")],
    )

    def export(day: dt.date, folder: Path) -> Path:
        folder.mkdir(exist_ok=True)
        reg = register({"ANNA": " ".join([WEEK] * 12), "GUS": " ".join(gus)}, holidays=HALF_TERM)
        return export_to(reg, day, folder)

    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-21")
    first = export(D(2026, 11, 20), tmp_path)
    code, _, err = run_cli("letters", first, "--contacts", contacts, "--out",
                           tmp_path / "letters", "-c", ws)  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli("evidence", "GUS", first, "--contacts", contacts, "--for",
                           "penalty-notice", "--output", tmp_path / "pack.pdf", "-c", ws)  # fmt: skip
    assert code == 0, err
    gus[9] = "I O O O O"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-04")
    later = export(D(2026, 12, 4), tmp_path / "later")
    made = rows_made(monkeypatch)
    code, out, err = run_cli("check", later, "-c", ws)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "16/11 AM O -> I, 16/11 PM O -> I" in said, said
    assert "penalty-notice pack" in said and "marks changed since" in said, said
    assert made == [(1, 100)], made  # (GUS's marks, 07/09 to 20/11: the letters' days)
