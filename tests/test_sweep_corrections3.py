"""Sweep "corrections3" (4 December, sixth): letters and penalty-notice steps that rest on
marks corrected since (DOMAIN.md 9, 11, 12).

The registers are tests/test_letters.py's: 40 school days from Monday 7 September 2026
(80 sessions, figures to Friday 30 October), the letters dated 02/11/2026.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from attcli.check import check_register
from builders import register
from test_letters import contacts_for, make_config, run

DATA = Path(__file__).parent / "data" / "corrections3"

# 68/80 = 85.0 % (red), 12 `O` on the last 6 days (the penalty-notice threshold: a warning)
RED_O = "/ " * 34 + "O " * 6
RED_I = "/ " * 34 + "I " * 6


def _said(lines: list[str], upn: str) -> list[str]:
    return [x for x in lines if f"({upn}): the " in x and "on marks changed since" in x]


def test_a_letter_sent_on_o_marks_later_made_i_is_said_in_check_and_letters(
    tmp_path: Path,
) -> None:
    """RED's red letter and penalty-notice warning went on 12 `O` sessions (23/10 to
    30/10). The school then learnt RED was ill: the marks are `I`. Attendance is unchanged
    (68/80) so nothing said the letters had told the family of 12 unauthorised sessions
    that are no longer on record (the red letter showed as "already sent"). Now `letters`
    and `check` name the pupil, the letters, the day sent, the sessions (23/10 AM O -> I
    ...) and the figures then (0 authorised, 12 unauthorised) and now (12, 0).
    Boundaries: NNN's letter went on `N` marks given their final `O` (same category, no
    figure changed): not said; ONE's single `O` made `/` (69/80 now): said, 1 session;
    a pupil whose marks did not change: not said."""
    before = register({
        "RED": RED_O,
        "NNN": "/ " * 34 + "O " * 4 + "N " * 2,
        "ONE": "/ " * 34 + "O " * 6,
        "OK": "/ " * 34 + "O " * 6,
    })  # fmt: skip
    contacts = contacts_for(["NNN", "OK", "ONE", "RED"], tmp_path)
    # (NNN's N are 2 days old at the letters: held as provisional unless released)
    first = run(tmp_path, before, contacts=contacts, release=["NNN"])
    assert {(x.upn, x.template) for x in first.letters} >= {("RED", "red"), ("NNN", "red")}
    after = register({
        "RED": RED_I,
        "NNN": "/ " * 34 + "O " * 6,
        "ONE": "/ " * 34 + "O " * 5 + "/O",
        "OK": "/ " * 34 + "O " * 6,
    })  # fmt: skip
    again = run(tmp_path, after, contacts=contacts, dry_run=True)
    said = _said(again.notes, "RED")
    assert len(said) == 1, again.notes
    line = said[0]
    assert "the red and penalty notice warning letters sent 02/11/2026" in line
    assert "(figures to 30/10/2026)" in line
    assert "12 sessions (23/10 AM O -> I, 23/10 PM O -> I, 26/10 AM O -> I" in line
    assert "they gave 85.0% (68 of 80 sessions), 0 authorised and 12 unauthorised" in line
    assert "the register now gives 85.0% (68 of 80 sessions), 12 authorised and 0 unauthorised" in line
    assert not _said(again.notes, "NNN")
    assert not _said(again.notes, "OK")
    one = _said(again.notes, "ONE")
    assert len(one) == 1 and "1 session (30/10 AM O -> /)" in one[0], again.notes
    assert "now gives 86.3% (69 of 80 sessions), 0 authorised and 11 unauthorised" in one[0]
    # check says the same lines
    result = check_register(after, make_config(tmp_path))
    assert _said(result.warnings, "RED") == said
    assert _said(result.warnings, "ONE") == one
    assert not _said(result.warnings, "NNN")
    # before any correction, nothing is said
    plain = check_register(before, make_config(tmp_path))
    assert not [x for x in plain.warnings if "on marks changed since" in x]


# 64/80 = 80.0 % (red), all 16 absence sessions `I`: the red letter is held for review
HLD = "/ " * 32 + "I " * 8


def test_a_released_letter_is_recorded_with_who_and_why_and_shown(tmp_path: Path) -> None:
    """HLD's red letter (64/80, all illness) was held for review; a person released it
    (`letters --release HLD`). The history kept no trace of that: `pupil` and the
    evidence pack showed a red letter sent, as if attcli had sent it unreviewed. Now the
    letter row keeps who released it and why it was held, and both show it. RED's letter,
    never held, keeps neither; a letter made with `--include-held` is released too."""
    from rich.console import Console

    from attcli.contacts import Contact
    from attcli.evidence.build import REFERRAL, build_pack, pack_json
    from attcli.pupil import pupil_record
    from attcli.pupil_record import render_record
    from attcli.store import History, current_user

    reg = register({"HLD": HLD, "RED": RED_O, "ALL": "/ " * 32 + "M " * 8})
    contacts = contacts_for(["ALL", "HLD", "RED"], tmp_path)
    held = run(tmp_path, reg, contacts=contacts, dry_run=True)
    assert sorted(x.upn for x in held.held) == ["ALL", "HLD"]
    why = next(x.reason for x in held.held if x.upn == "HLD")
    run(tmp_path, reg, contacts=contacts, release=["HLD"])
    run(tmp_path, reg, contacts=contacts, include_held=True, only=["red"])
    with History(tmp_path / "history.sqlite3") as store:
        rows = {(r.upn, r.template): r for r in store.all_letters()}
    assert rows[("HLD", "red")].released_by == current_user()
    assert rows[("HLD", "red")].held_for == why
    assert rows[("ALL", "red")].released_by == current_user()
    assert rows[("ALL", "red")].held_for
    assert rows[("RED", "red")].released_by is None
    assert rows[("RED", "red")].held_for is None
    cfg = make_config(tmp_path)
    rec = pupil_record(reg, cfg, "HLD")
    console = Console(record=True, width=400)
    render_record(rec, console)
    text = console.export_text()
    assert (
        f"the red letter of 02/11/2026 was held for review ({why}) and released by "
        f"{current_user()}" in text
    )
    parent = Contact("HLD", "C1", "Mrs", "ParentHLD", "FamilyHLD", parental_responsibility=True)
    doc = pack_json(build_pack(rec, cfg, REFERRAL, parent=parent, made_on=dt.date(2026, 11, 2)))
    assert [(x["template"], x["released_by"], x["held_for"]) for x in doc["letters"]] == [
        ("red", current_user(), why)
    ]
    red = pupil_record(reg, cfg, "RED")
    console = Console(record=True, width=400)
    render_record(red, console)
    assert "released by" not in console.export_text()


def test_a_history_made_before_the_marks_were_kept_opens_unchanged_and_says_so(
    tmp_path: Path,
) -> None:
    """tests/data/corrections3/history-v16.sqlite3 was written by attcli as it was before
    this sweep (history version 16): HLD's red letter (released), RED's red letter and
    warning, on RED's 12 `O` sessions, sent 02/11/2026. Opened now it migrates to the
    new version with every letter as it was (the new columns empty: the history cannot
    say which marks they rested on, or who released HLD's). RED's `O` made `I` since: the
    old letters cannot be compared, and `letters` and `check` say so in one line, never
    guessing from the attendance figure; nothing claims they rest on changed marks."""
    from attcli.store import SCHEMA_VERSION, History

    path = tmp_path / "history.sqlite3"
    shutil.copyfile(DATA / "history-v16.sqlite3", path)
    cols = (
        "id, school, upn, template, band, half_term, half_term_start, academic_year, "
        "recipient, stage, status, letter_date, out_dir, file, sha256, pupil_name, "
        "contact_name, address, email, created_at, attended, possible, print_file, as_of"
    )
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("16",)
        old = db.execute(f"SELECT {cols} FROM letters ORDER BY id").fetchall()
    db.close()
    with History(path) as store:
        assert store.version() == SCHEMA_VERSION >= 17  # (18 since sweep packs)
        letters = store.all_letters()
    with sqlite3.connect(path) as db:
        assert db.execute(f"SELECT {cols} FROM letters ORDER BY id").fetchall() == old
    db.close()
    assert [(r.upn, r.template, r.marks, r.released_by, r.held_for) for r in letters] == [
        ("HLD", "red", None, None, None),
        ("RED", "red", None, None, None),
        ("RED", "penalty_notice_warning", None, None, None),
    ]
    after = register({"RED": RED_I, "HLD": "/ " * 28 + "I " * 12, "OK": "/ " * 40})
    contacts = contacts_for(["HLD", "OK", "RED"], tmp_path)
    again = run(tmp_path, after, contacts=contacts, dry_run=True)
    unknown = (
        "3 letters sent this half term or last were recorded before attcli kept the marks "
        "a letter rests on (history version 17): whether a correction since changed them "
        "cannot be told from the history"
    )
    assert unknown in again.notes
    assert not [x for x in again.notes if "on marks changed since" in x]
    result = check_register(after, make_config(tmp_path))
    assert unknown in result.warnings


def test_the_ladder_s_step_after_a_letter_a_correction_undid_waits_for_a_person(
    tmp_path: Path,
) -> None:
    """Seed 003's half-term ladder (amber, red, then an LA referral after a red period
    not improved). RED's last 6 days of Autumn 1 were `O` (58/70 = 82.9 %, red): the red
    letter went on 02/11 (figures to 23/10). The register was then corrected: those days
    were present all along (70/70). Autumn 2 she missed 3 days (64/70 = 91.4 %). At the
    end of the red letter's period (18/12) the ladder compared Autumn 2 with the corrected
    Autumn 1 (100 %), found no improvement and made the LA referral due for a pupil at
    134/140 = 95.7 % for the year, resting on a letter the register no longer supports.
    The referral is held for a person, naming the letter, the sessions and the figure
    now. Boundary: uncorrected, the same pupil improved (82.9 % -> 91.4 %) and left the
    ladder, with nothing held."""
    from attcli.cases.run import casebook
    from attcli.engine import prepare
    from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER

    holidays = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    extra = AUTUMN_HALF_TERMS + HALF_TERM_LADDER
    a1_o, a1_fixed, a2 = "/ " * 29 + "O " * 6, "/ " * 35, "/ " * 32 + "O " * 3
    contacts = contacts_for(["OK", "RED"], tmp_path)
    sent = run(tmp_path, register({"RED": a1_o, "OK": "/ " * 35}, holidays=holidays), extra,
               contacts=contacts)  # fmt: skip
    assert ("RED", "red") in [(x.upn, x.template) for x in sent.letters]
    cfg = make_config(tmp_path, extra)

    def red_case(a1: str):  # noqa: ANN202
        reg = register({"RED": a1 + a2, "OK": "/ " * 70}, holidays=holidays)
        prepared = prepare(reg, cfg)
        rows = casebook(prepared, prepared.evaluate(as_of=dt.date(2026, 12, 18)), cfg).rows
        return next(r.case for r in rows if r.upn == "RED")

    plain = red_case(a1_o)
    assert (plain.status, plain.improved, plain.held) == ("left", True, None)
    case = red_case(a1_fixed)
    assert case.due_stage is not None and case.due_stage.name == "la_referral"
    assert case.held is not None
    assert case.held.startswith(
        "the red letter of 02/11/2026 rests on marks corrected since (12 sessions: 16/10 AM "
        "O -> /, 16/10 PM O -> /"
    )
    assert case.held.endswith(
        "the register now gives 100.0% (70 of 70 sessions), 0 authorised and 0 unauthorised to "
        "23/10/2026, band green, not band red; a person decides whether the step after it "
        "is due"
    )


SPRING = """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
"""


def test_a_further_band_letter_after_one_a_correction_undid_is_held(tmp_path: Path) -> None:
    """RED's red letter went on 02/11 on 6 days `O` at the end of Autumn 1 (58/70 = 82.9 %,
    figures to 23/10). The register was corrected: present all along (70/70). Autumn 2
    she was present throughout (no letter); in Spring 1 she missed 10 days (180/200 =
    90.0 %, red). The Spring letter went as "a further letter": "It was 82.9% for the
    school year when I last wrote and is 90.0% now ... as this is a further letter, you
    are asked to attend a formal attendance meeting", escalating on a letter the register
    no longer supports (two half terms back, beyond what the letters run compared), and
    nothing was said. It is held now with the reason (the earlier letter, its sessions,
    the figure now); `--release RED` sends it. So is the further warning ("This letter
    follows our warning of 2 November 2026"): that warning's window now holds 0. Boundary:
    uncorrected (the O stand), the same letters go as before, unheld; one day made present
    (10 left in the window, 60/70 still red), neither is held."""
    from school import AUTUMN_HALF_TERMS

    terms = AUTUMN_HALF_TERMS + SPRING
    holidays = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)] + [
        dt.date(2026, 12, 21) + dt.timedelta(days=i) for i in range(14)
    ]
    a1_o, a1_fixed, a2, sp1 = "/ " * 29 + "O " * 6, "/ " * 35, "/ " * 35, "/ " * 20 + "O " * 10
    contacts = contacts_for(["OK", "RED"], tmp_path)
    run(tmp_path, register({"RED": a1_o, "OK": "/ " * 35}, holidays=holidays), terms,
        contacts=contacts)  # fmt: skip
    spring = dt.date(2027, 2, 15)

    def spring_run(a1: str, **kw):  # noqa: ANN202
        reg = register({"RED": a1 + a2 + sp1, "OK": "/ " * 100}, holidays=holidays)
        return run(tmp_path, reg, terms, contacts=contacts, letter_date=spring, out="spring",
                   dry_run=True, **kw)  # fmt: skip

    held = spring_run(a1_fixed)
    assert [(x.upn, x.template) for x in held.held] == [
        ("RED", "red"), ("RED", "penalty_notice_warning")
    ]
    assert not [x for x in held.letters if x.upn == "RED"]
    assert held.held[1].reason == (
        "the penalty-notice warning of 02/11/2026 rests on marks corrected since (12 "
        "sessions: 16/10 AM O -> /, 16/10 PM O -> /, 19/10 AM O -> /, 19/10 PM O -> /, 20/10 "
        "AM O -> /, 20/10 PM O -> /, ...): its window to 23/10/2026 now holds 0 unauthorised "
        "sessions, fewer than the threshold of 10: a person decides whether this warning, "
        "which follows it, goes"
    )
    assert held.held[0].reason == (
        "the red letter of 02/11/2026 rests on marks corrected since (12 sessions: 16/10 AM "
        "O -> /, 16/10 PM O -> /, 19/10 AM O -> /, 19/10 PM O -> /, 20/10 AM O -> /, 20/10 "
        "PM O -> /, ...): the register now gives 100.0% (70 of 70 sessions), 0 authorised and 0 "
        "unauthorised to 23/10/2026, band green, not band red: a person decides whether "
        "this red letter, which follows it, goes"
    )
    released = spring_run(a1_fixed, release=["RED"])
    assert ("RED", "red") in [(x.upn, x.template) for x in released.letters]
    plain = spring_run(a1_o)
    assert not plain.held
    assert ("RED", "red") in [(x.upn, x.template) for x in plain.letters]
    # one day made present: 60/70 (still red) and 10 in the warning's window (exactly the
    # threshold): both still supported, neither held
    part = spring_run("/ " * 30 + "O " * 5)
    assert not part.held
    assert {x.template for x in part.letters if x.upn == "RED"} == {
        "red", "penalty_notice_warning"
    }


def _pn_export(tmp_path: Path, name: str, last: dt.date, corrected: bool) -> Path:
    """P's register from 7 Sep to ``last``: 8 `O` 16-19 Nov and 2 on Mon 23 Nov (10: the
    threshold), or, ``corrected``, Mon 23 Nov PM `I` (9); A0 present throughout."""
    from builders import write_long_csv
    from test_sweep_evidence2 import HOLIDAY, P, _days

    marks = {dt.date(2026, 11, 16) + dt.timedelta(days=i): "OO" for i in range(4)}
    marks[dt.date(2026, 11, 23)] = "OI" if corrected else "OO"
    days = _days(dt.date(2026, 9, 7), last)
    reg = register(
        {"A0": " ".join([P] * len(days)), "P": " ".join(marks.get(d, P) for d in days)},
        holidays=HOLIDAY,
    )
    return write_long_csv(reg, tmp_path / name, dob=True, groups=True)


@pytest.mark.parametrize("newer", ["letter", "run"])
def test_a_penalty_notice_pack_from_exports_older_than_a_correction_on_record_is_incomplete(
    tmp_path: Path, newer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """P had 10 `O` in the window to Fri 27/11 (the threshold). The week after, P's
    Monday 23/11 afternoon was found to be illness (`I`): 9. The office made the
    penalty-notice pack from the export it had saved on 27/11: "complete", 10 sessions,
    while the history held a newer register that marks the session `I`: the penalty-notice
    amber letter sent on the export to 04/12 (its kept marks), or a `check --record` run as of
    04/12 (its count of P's unauthorised sessions, 9, fewer than the old export's 10).
    The pack is now incomplete, naming the session (or the counts) and saying to use the
    newest export. Boundary: the pack from the newest export says the threshold is not
    met (9), as before; from the old export with no newer register on record, it is
    complete."""
    import json

    from clirun import run_cli
    from school import contacts_file, make_workspace
    from test_sweep_evidence2 import _evidence

    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-07")
    old = _pn_export(tmp_path, "old.csv", dt.date(2026, 11, 27), corrected=False)
    new = _pn_export(tmp_path, "new.csv", dt.date(2026, 12, 4), corrected=True)
    config = make_workspace(tmp_path / "ws")
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    code, out, err = _evidence(old, config, contacts, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["complete"] is True and len(doc["window"]["unauthorised_sessions"]) == 10
    if newer == "letter":  # P's amber letter (110/120) on the corrected export to 04/12
        code, _, err = run_cli(
            "letters", new, "-c", config, "--contacts", contacts, "--out", tmp_path / "out",
            "--as-of", "2026-12-04",
        )  # fmt: skip
        assert code == 0, err
    else:
        code, _, err = run_cli("check", new, "-c", config, "--record")
        assert code == 0, err
    code, out, err = _evidence(old, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["complete"] is False, doc["problems"]
    said = [p for p in doc["problems"] if "corrected after these exports" in p
            or "corrected since these exports" in p]  # fmt: skip
    assert len(said) == 1, doc["problems"]
    if newer == "letter":
        assert said[0] == (
            "these exports end 27/11/2026, and the register the amber letter of 07/12/2026 "
            "was made from (to 04/12/2026) marks 1 of the pack's sessions otherwise (23/11 PM "
            "O -> I): corrected since these exports; make the pack from the newest export"
        )
    else:
        assert "the check on record as of 04/12/2026 counted 9 unauthorised sessions" in said[0]
        assert "fewer than these exports' 10 as of 27/11/2026" in said[0]
    code, out, err = _evidence(new, config, contacts, "--format", "json", "--draft",
                               as_of="2026-12-04")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["complete"] is False
    assert not [p for p in doc["problems"] if "these exports end" in p]


def test_a_letter_s_marks_damaged_in_the_history_are_one_line_not_a_traceback(
    tmp_path: Path,
) -> None:
    """A letter's kept marks that are not as attcli writes them (a hand edit of the
    history, a damaged page) read in `check` and `letters`: one line naming the letter
    and what to do, never a traceback (KeyError, JSONDecodeError) or a silent skip."""
    from attcli.errors import AttcliError

    reg = register({"RED": RED_O})
    run(tmp_path, reg, contacts=contacts_for(["RED"], tmp_path))
    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        db.execute("UPDATE letters SET marks = ? WHERE template = 'red'", ('{"marks": 1}',))
    db.close()
    for attempt in (
        lambda: check_register(reg, make_config(tmp_path)),
        lambda: run(tmp_path, reg, contacts=contacts_for(["RED"], tmp_path), dry_run=True),
    ):
        with pytest.raises(AttcliError) as e:
            attempt()
        assert str(e.value).startswith("the history is damaged: the marks kept with letter 1 ")
        assert "\n" not in str(e.value)


def test_a_session_the_letter_had_no_mark_for_marked_since_is_no_correction(
    tmp_path: Path,
) -> None:
    """The letters went on an export made at lunchtime on Friday 30/10 (its PM register not
    in it: the run said the figures run to that morning). The next export has that
    afternoon `/`: the register completed, not a mark changed; it was said as "rests on
    marks changed since: 1 session (30/10 PM no mark -> /) ... tell the family". Not said
    now; a mark the letter had, changed since (the same export with 29/10 AM `O` made
    `I`), still is, with the figures the register now gives to that date."""
    contacts = contacts_for(["OK", "RED"], tmp_path)
    run(tmp_path, register({"RED": "/ " * 33 + "O " * 6 + "/_", "OK": "/ " * 39 + "/_"}),
        contacts=contacts)  # fmt: skip
    completed = register({"RED": "/ " * 33 + "O " * 6 + "/ / /", "OK": "/ " * 42})
    result = check_register(completed, make_config(tmp_path))
    assert not [w for w in result.warnings if "on marks changed since" in w]
    fixed = register({"RED": "/ " * 33 + "O " * 5 + "IO " + "/ / /", "OK": "/ " * 42})
    said = _said(check_register(fixed, make_config(tmp_path)).warnings, "RED")
    assert len(said) == 1
    assert "1 session (29/10 AM O -> I)" in said[0]
    assert "the register now gives 85.0% (68 of 80 sessions), 1 authorised and 11 unauthorised" in said[0]


def test_a_letter_made_with_include_held_for_a_character_no_font_has_records_why(
    tmp_path: Path,
) -> None:
    """NAME's and ADDR's red letters are held: a character no font has (in the name, in the
    address). `--release NAME` made NAME's, recorded with who and why; `--include-held`
    made ADDR's but recorded nothing (the font check is skipped under it). Both are
    recorded now, with the same reason; ACC's letter (accented Latin: never held) is not."""
    from attcli.store import History, current_user
    from test_letters import NO_FONT, with_names

    names = {"ACC": ("Zoë", "Ölund"), "NAME": (f"Ay{NO_FONT}sha", "Khan"), "ADDR": ("Tom", "Ward")}
    reg = with_names(register({u: "/ " * 34 + "O " * 6 for u in names}), names)
    (tmp_path / "c").mkdir()
    contacts = contacts_for(
        ["ACC", "NAME"], tmp_path / "c",
        extra=f"ADDR,Mr,Sam,Ward,Father,1,Yes,1 {NO_FONT} Road,,Exampletown,EX1 9AB,,\n",
    )  # fmt: skip
    run(tmp_path, reg, only=["red"], contacts=contacts, release=["NAME"])
    run(tmp_path, reg, only=["red"], contacts=contacts, include_held=True, out="all")
    with History(tmp_path / "history.sqlite3") as store:
        rows = {r.upn: r for r in store.all_letters()}
    why = (
        "no font here has some of its characters (U+10FFFD): the PDF would print them as "
        'empty boxes; install a font that has them, or name a folder holding one ([letters] '
        'fonts = "FOLDER")'
    )
    assert (rows["NAME"].released_by, rows["NAME"].held_for) == (current_user(), why)
    assert (rows["ADDR"].released_by, rows["ADDR"].held_for) == (current_user(), why)
    assert (rows["ACC"].released_by, rows["ACC"].held_for) == (None, None)


def test_a_lateness_letter_whose_lates_were_corrected_says_the_lates_then_and_now(
    tmp_path: Path,
) -> None:
    """LAT's lateness letter went on 4 late days (8 late sessions, the threshold 4); one
    day's `L` were made `/` since (6 lates: still called for, so not *No longer called
    for*). Said as resting on changed marks, with the lates then and now, which its
    attendance figure (100 % both) does not show."""
    contacts = contacts_for(["LAT"], tmp_path)
    run(tmp_path, register({"LAT": "/ " * 36 + "L " * 4}), contacts=contacts)
    again = run(tmp_path, register({"LAT": "/ " * 37 + "L " * 3}), contacts=contacts,
                dry_run=True)  # fmt: skip
    assert not again.no_longer
    (said,) = _said(again.notes, "LAT")
    assert "2 sessions (27/10 AM L -> /, 27/10 PM L -> /)" in said
    assert "0 unauthorised, 8 late this half term, the register now gives" in said
    assert "0 unauthorised, 6 late this half term to the same date" in said


def test_a_correction_last_summer_is_said_of_the_warning_alone_not_the_band_letter(
    tmp_path: Path,
) -> None:
    """Summer 2 2026 (8 Jun - 17 Jul) then Autumn from Thu 3 Sep. WIN had 8 `O` in the
    last week of July and 4 in September: 30/34 = 88.2 % for 2026/27 (red) and 12 in the
    10-school-week window to 25/09, which reaches back across the summer: the red letter
    and the warning went. July's `O` were then made `I`. The warning rested on them (its
    window: said, 8 sessions); the red letter's figures are the school year's, from 1
    September, which July's marks never touched: not said of it."""
    from builders import weekdays
    from school import ROLLOVER_HALF_TERMS

    summer = weekdays(dt.date(2026, 7, 18), dt.date(2026, 9, 2))
    sep = "/ " * 13 + "O O / /"  # 3-25 Sep: 17 days, 4 O on 22-23 Sep
    july = "/ " * 26 + "O " * 4  # 8 Jun - 17 Jul: 30 days, 4 O days 14-17 Jul

    def reg(jul: str):  # noqa: ANN202
        return register({"WIN": jul + sep}, start=dt.date(2026, 6, 8), holidays=summer)

    contacts = contacts_for(["WIN"], tmp_path)
    first = run(tmp_path, reg(july), ROLLOVER_HALF_TERMS, contacts=contacts,
                as_of=dt.date(2026, 9, 25), letter_date=dt.date(2026, 9, 28))  # fmt: skip
    assert {x.template for x in first.letters} == {"red", "penalty_notice_warning"}
    fixed = reg(july.replace("O", "I"))
    result = check_register(fixed, make_config(tmp_path, ROLLOVER_HALF_TERMS),
                            as_of=dt.date(2026, 9, 25))  # fmt: skip
    said = _said(result.warnings, "WIN")
    assert len(said) == 1, result.warnings
    assert "the penalty notice warning letter sent 28/09/2026 (figures to 25/09/2026) rests" in said[0]
    assert "8 sessions (14/07 AM O -> I" in said[0], said[0]


def test_the_pupil_record_names_a_letter_resting_on_marks_changed_since(tmp_path: Path) -> None:
    """The parent phones about the red letter: `attcli pupil RED` listed it as sent, with
    nothing to say its 12 `O` are `I` now. The record says it under the letters, as `check`
    does; as of a date before the letter went (`--as-of`), not (it was not sent then)."""
    from rich.console import Console

    from attcli.pupil import pupil_record
    from attcli.pupil_record import render_record

    run(tmp_path, register({"RED": RED_O}), contacts=contacts_for(["RED"], tmp_path))
    after = register({"RED": RED_I})
    cfg = make_config(tmp_path)
    rec = pupil_record(after, cfg, "RED")
    assert len(rec.letters_changed) == 1
    assert rec.letters_changed == _said(check_register(after, cfg).warnings, "RED")
    console = Console(record=True, width=1000)
    render_record(rec, console)
    assert rec.letters_changed[0] in console.export_text()
    assert not pupil_record(after, cfg, "RED", as_of=dt.date(2026, 10, 23)).letters_changed
