"""Sweep "letters2" (4 December, fourth): DOMAIN.md 9's "never twice, never the wrong
one" across real weeks of use: runs repeated, registers corrected between runs, runs
stopped half way, two office staff at once.

The registers are tests/test_letters.py's (80 sessions from Monday 7 September 2026;
green 92+, amber above 90, red above 50, severe 50 and under), the letters dated
02/11/2026 (Autumn 2).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from attcli.letters.run import MANIFEST
from attcli.store import History
from builders import register
from test_letters import PUPILS, contacts_for, count_rows, run


def _stop_at_the_print_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the print file is made: every letter's own PDF is on disk."""
    from attcli import pdf as render

    def ctrl_c(self, folder, files, when, **_):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(render.PdfRenderer, "combine", ctrl_c)


def test_a_stopped_runs_letter_the_corrected_register_no_longer_calls_for_is_not_left_to_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C half way: RED's red letter (70/80, 87.5 %) and AMB's amber one (73/80,
    91.25 %) are written, in no print file, recorded as begun, not sent.  The MIS then
    corrects RED's 6 `T` and 4 `O` to present (80/80: green, no letter).  The next run
    sends AMB's letter in its print file, but RED's red letter, now wrong, stayed in the
    letters folder beside the print file, its history row still "writing", nothing said:
    an office that prints the folder (or opens RED's PDF to post by hand) sends it.  Now
    the run removes it (its hash is the one recorded), forgets its row and says so.
    AMB's letter is sent once, and the history agrees with the files."""
    reg = register({"RED": PUPILS["RED"], "AMB": PUPILS["AMB"]})
    contacts = contacts_for(["AMB", "RED"], tmp_path)
    _stop_at_the_print_file(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, reg, contacts=contacts)
    monkeypatch.undo()
    out = tmp_path / "out"
    assert (out / "RED_SurnameRED_ForenameRED_red.pdf").exists()

    fixed = register({"RED": "/ " * 40, "AMB": PUPILS["AMB"]})
    preview = run(tmp_path, fixed, contacts=contacts, dry_run=True)  # says it first
    assert [(x.upn, x.status) for x in preview.letters] == [("AMB", "new")]
    assert (
        "a stopped letters run left 1 unsent letter that this run does not make (no longer "
        "called for, held for review, left, not asked for, or to a contact no longer the "
        f"recipient): {out.resolve() / 'RED_SurnameRED_ForenameRED_red.pdf'}: a real run "
        "removes it; do not print it"
    ) in preview.notes
    assert (out / "RED_SurnameRED_ForenameRED_red.pdf").exists()  # (a dry run writes nothing)
    # while another PC's real run holds the run lock, its letters begun are not "stopped"
    with History(tmp_path / "history.sqlite3", write=True):
        beside = run(tmp_path, fixed, contacts=contacts, dry_run=True)
    assert not any("stopped letters run" in n for n in beside.notes)
    assert (
        f"another run is writing to the history {tmp_path / 'history.sqlite3'} now (a letters "
        "run or pn record, on this PC or another): this dry run shows the history as it was "
        "a moment ago; run it again once that run has finished"
    ) in beside.notes
    assert not any("another run is writing" in n for n in preview.notes)
    again = run(tmp_path, fixed, contacts=contacts)
    assert [(x.upn, x.template, x.status) for x in again.letters] == [("AMB", "amber", "written")]
    assert sorted(p.name for p in out.iterdir()) == [
        "AMB_SurnameAMB_ForenameAMB_amber.html",
        "AMB_SurnameAMB_ForenameAMB_amber.pdf",
        "letters-to-print-2026-11-02-1.pdf",
        MANIFEST,
    ]
    assert count_rows(tmp_path) == [("AMB", "amber", "sent", 1)]
    assert any(
        n.startswith(f"a stopped letters run left 1 unsent letter in {out.resolve()} that this "
                     "run does not make")
        and n.endswith("removed 1 letter (RED_SurnameRED_ForenameRED_red.pdf) so none is printed")
        for n in again.notes
    ), again.notes
    rows = list(csv.DictReader(io.StringIO((out / MANIFEST).read_text("utf-8-sig"))))
    assert [r["upn"] for r in rows] == ["AMB"]
    # and run again: nothing new, nothing said of RED
    third = run(tmp_path, fixed, contacts=contacts)
    assert [x.status for x in third.letters] == ["already sent"]
    assert not any("stopped letters run" in n for n in third.notes)


def test_a_praise_letter_the_corrected_register_no_longer_calls_for_is_listed(
    tmp_path: Path,
) -> None:
    """PRA: 80 of 80 sessions (100 %): the praise letter ("100% attendance ... not a
    single session missed") goes.  The MIS then corrects two of her days, wrongly marked
    present, to `O` (76/80 = 95.0 %, under the 98 % for praise).  The rerun showed nothing
    of her: the band letters, warnings and lateness letters the corrected register no
    longer calls for are listed under *No longer called for* (DOMAIN.md 12: corrections
    are listed, never absorbed), the praise letter was not.  Listed now, with its figure;
    nothing is sent.  Her attendance falling since (not a correction: the register as of
    the letter's date still gives 100 %) is not listed.  PRB, whose four days present are
    corrected to late (`L`, 8 late sessions: the lateness letter, and no praise beside it),
    is listed with why."""
    extra = "praise = true"
    reg = register({"PRA": PUPILS["PRA"], "AMB": PUPILS["AMB"], "PRB": PUPILS["PRA"]})
    contacts = contacts_for(["AMB", "PRA", "PRB"], tmp_path)
    first = run(tmp_path, reg, extra, contacts=contacts)
    assert sorted((x.upn, x.template, x.status) for x in first.letters) == [
        ("AMB", "amber", "written"), ("PRA", "praise", "written"),
        ("PRB", "praise", "written"),
    ]
    fixed = register(
        {"PRA": "/ " * 36 + "O O / /", "AMB": PUPILS["AMB"], "PRB": PUPILS["LAT"]}
    )
    again = run(tmp_path, fixed, extra, contacts=contacts)
    assert sorted((x.upn, x.template, x.status) for x in again.letters) == [
        ("AMB", "amber", "already sent"), ("PRB", "lateness", "written")
    ]
    assert [(u.upn, u.template, u.reason) for u in again.no_longer] == [
        ("PRA", "praise", "sent 02/11/2026: no longer called for: the register now gives "
         "95.0% to 30/10/2026 (praise is from 98%); consider telling the family"),
        ("PRB", "praise", "sent 02/11/2026: no longer called for: the register now gives "
         "100.0% to 30/10/2026 (praise is from 98%, but 8 lates this half term); consider "
         "telling the family"),
    ]
    assert count_rows(tmp_path) == [
        ("AMB", "amber", "sent", 1), ("PRA", "praise", "sent", 1),
        ("PRB", "lateness", "sent", 1), ("PRB", "praise", "sent", 1),
    ]


def test_a_letter_stopped_before_its_hash_was_recorded_and_no_longer_due_is_named_to_delete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between RED's files reaching the disk and their hash being recorded (AMB's
    letter written whole before it).  The register is then corrected (RED green): the
    next run cannot tell RED's PDF is still the one attcli wrote, so it is not removed,
    but named, to delete and not print; once deleted, the run forgets it, unsaid."""
    reg = register({"RED": PUPILS["RED"], "AMB": PUPILS["AMB"]})
    contacts = contacts_for(["AMB", "RED"], tmp_path)
    calls: list[int] = []
    real = History.letter_written

    def stopped(self, letter_id, sha256):  # type: ignore[no-untyped-def]
        calls.append(letter_id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(self, letter_id, sha256)

    monkeypatch.setattr(History, "letter_written", stopped)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, reg, contacts=contacts)
    monkeypatch.undo()
    out = tmp_path / "out"
    red = out / "RED_SurnameRED_ForenameRED_red.pdf"
    assert red.exists() and count_rows(tmp_path) == [
        ("AMB", "amber", "writing", 1), ("RED", "red", "writing", 1)
    ]
    fixed = register({"RED": "/ " * 40, "AMB": PUPILS["AMB"]})
    again = run(tmp_path, fixed, contacts=contacts)
    assert [(x.upn, x.status) for x in again.letters] == [("AMB", "written")]
    assert (
        "a stopped letters run left 1 unsent letter that this run does not make (no longer "
        "called for, held for review, left, not asked for, or to a contact no longer the "
        f"recipient), stopped while writing it: {out.resolve() / red.name}: delete it (and "
        "the HTML copy), do not print it"
    ) in again.notes
    assert red.exists()
    red.unlink()
    red.with_suffix(".html").unlink()
    third = run(tmp_path, fixed, contacts=contacts)
    assert not any("stopped letters run" in n for n in third.notes)
    assert count_rows(tmp_path) == [("AMB", "amber", "sent", 1)]


def _two_parents(tmp_path: Path, mother_postcode: str, name: str = "tp.csv") -> Path:
    header = (
        "UPN,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Address Line 2,Town,Postcode,Email,Telephone\n"
    )
    rows = [
        f"RED,Mrs,Ann,Reed,Mother,1,Yes,1 Elm Road,,Exampletown,{mother_postcode},,",
        "RED,Mr,Rob,Reed,Father,2,Yes,9 Oak Road,,Exampletown,EX9 9ZZ,,",
    ]
    path = tmp_path / name
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_parent_who_moved_house_is_not_sent_this_half_term_s_letter_again(
    tmp_path: Path,
) -> None:
    """`recipients = "all"`: RED's red letter (70/80) goes to both parents.  The mother
    then moves house (a new address and postcode in the MIS) and the letters are run again
    the same half term: the history knows a recipient by name and postcode, so she was a
    new recipient and was sent the same red letter a second time, the same half term
    (DOMAIN.md 9: never twice).  Now a letter sent this half term to a contact of the
    same name (no other recipient of the letter now) is hers: already sent."""
    extra = 'recipients = "all"'
    reg = register({"RED": PUPILS["RED"]})
    first = run(tmp_path, reg, extra, contacts=_two_parents(tmp_path, "EX1 1AB"))
    assert sorted((x.contact.name, x.status) for x in first.letters) == [
        ("Mr Rob Reed", "written"), ("Mrs Ann Reed", "written")
    ]
    moved = _two_parents(tmp_path, "EX7 7CD", "moved.csv")
    again = run(tmp_path, reg, extra, contacts=moved)
    assert sorted((x.contact.name, x.status) for x in again.letters) == [
        ("Mr Rob Reed", "already sent"), ("Mrs Ann Reed", "already sent")
    ]
    assert count_rows(tmp_path) == [("RED", "red", "sent", 2)]
