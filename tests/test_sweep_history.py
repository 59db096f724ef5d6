"""Sweep "history" (4 December, second): a term of weekly runs in one workspace, the
register changing underneath (DOMAIN.md 9, 11 and 12): marks corrected after a letter
went, a UPN corrected, a pupil gone from the register, weeks run twice or out of order.

The registers are hand made (tests/builders.py), from Monday 7 September 2026, with the
autumn term dates of tests/school.py (half term 26-30 October) and the config's defaults
(green 92+, amber above 90, red above 50, severe 50 and under; a penalty notice at 10
unauthorised sessions in 10 school weeks; lateness at 4 lates in a half term).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

D = dt.date
P = "/\\"
WEEK = " ".join([P] * 5)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def export_to(reg: pl.DataFrame, day: dt.date, tmp_path: Path, name: str = "") -> Path:
    """The cumulative export of ``reg`` to ``day``, as the MIS gives it that Friday."""
    path = tmp_path / f"reg_{day:%m%d}{name}.csv"
    return write_long_csv(reg.filter(reg["date"] <= day), path, dob=True)


def renamed(reg: pl.DataFrame, old: str, new: str) -> pl.DataFrame:
    """``reg`` with pupil ``old``'s rows under the UPN ``new`` (the MIS's UPN corrected:
    every row of the child's, their name and date of birth as they were)."""
    return reg.with_columns(
        pl.when(pl.col("upn") == old).then(pl.lit(new)).otherwise(pl.col("upn")).alias("upn")
    )


#: the contacts of the lateness tests' three pupils (ANNA on time; DAN and EVA late)
ANNA_DAN_EVA = [
    ("ANNA", "C1", "Mrs", "Ann", "Able"), ("DAN", "C2", "Mr", "Dai", "Dee"),
    ("EVA", "C3", "Ms", "Eli", "Eve"),
]


def gus_school(tmp_path: Path) -> tuple[pl.DataFrame, Path]:
    """ANNA, present every day, and GUS, absent (O) 9 days from his second week, with the
    contacts of both and of GUS2, the UPN the MIS corrects GUS's to (the same parent)."""
    reg = register(
        {
            "ANNA": " ".join([WEEK] * 5),
            "GUS": " ".join([WEEK, "O O O O " + P, "O O O O O", WEEK, WEEK]),
        }
    )
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("GUS", "C2", "Mr", "Gil", "Gray"),
         ("GUS2", "C2", "Mr", "Gil", "Gray")],
    )  # fmt: skip
    return reg, contacts


def recoded(
    reg: pl.DataFrame, upn: str, day: dt.date, mark: str, *, to: dt.date | None = None,
    session: str | None = None,
) -> pl.DataFrame:
    """``reg`` with ``upn``'s marks from ``day`` to ``to`` (the one day), of ``session``
    alone if given, recoded ``mark``: the MIS's correction between two exports."""
    hit = (pl.col("upn") == upn) & pl.col("date").is_between(day, to or day)
    if session is not None:
        hit &= pl.col("session") == session
    return reg.with_columns(
        pl.when(hit).then(pl.lit(mark)).otherwise(pl.col("raw_mark")).alias("raw_mark")
    )


def _letters(out: str) -> dict[tuple[str, str], str]:
    """(upn, template) -> status of the letters table of a letters run's output."""
    got = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) == 8 and cells[1] and cells[3]:  # (the 6 columns of the letters)
            # (the table names a letter in words, "penalty notice warning": its key here;
            # a further letter's "(letter 2)" kept as the table says it)
            words, sep, further = cells[3].partition(" (letter ")
            got.setdefault((cells[1], words.replace(" ", "_") + sep + further), cells[5])
    return got


def test_letters_to_a_child_whose_upn_was_corrected_after_letters_went_are_held(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GUS: present the week of 07/09, O Mon-Thu of 14/09 (8), O all the week of 21/09
    (10).  As of Fri 25/09: 30 sessions, 12 attended (40.0 %, severe), 18 unauthorised in
    the window: the severe letter and the penalty-notice warning go on 25/09.

    The MIS then corrects his UPN: the export of 09/10 has every row of his under GUS2
    (his name and date of birth the same).  As of 09/10: 50 sessions, 32 attended (64.0 %,
    red), 18 unauthorised in the window.  Nothing in the exports or the history says
    GUS2 is new but his name: the letters run wrote a red letter (a milder letter after
    the severe one this half term) and the penalty-notice warning again, the same half
    term, as first letters.  DOMAIN.md 9: never the same letter twice, never the wrong
    one.  Now both are held for review, naming GUS, his letters and `attcli pupil merge`;
    once merged, the warning shows as already sent and the red letter as the milder
    letter left out.  ANNA, present every day, gets nothing throughout."""
    reg, contacts = gus_school(tmp_path)
    out_dir = tmp_path / "letters"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, out, err = run_cli("letters", export_to(reg, D(2026, 9, 25), tmp_path), "--contacts",
                             contacts, "--out", out_dir, "-c", ws)  # fmt: skip
    assert code == 0, err
    assert _letters(out) == {
        ("GUS", "severe"): "written", ("GUS", "penalty_notice_warning"): "written"
    }
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    exp = export_to(renamed(reg, "GUS", "GUS2"), D(2026, 10, 9), tmp_path)
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out", out_dir, "-c", ws,
                             width=1000)  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert not any(status == "written" for status in _letters(out).values()), out
    why = (
        "GUS, on record this school year (severe, penalty_notice_warning of 25/09/2026), is "
        "in none of these exports, and GUS2 in them, with nothing on record, has the same "
        "name: if they are one child (a UPN corrected in the MIS), run "
        "`attcli pupil merge GUS GUS2` and run this again, so that no letter goes twice; "
        "release it if they are two children"
    )
    assert said.count(why) == 2, said  # (the red letter's and the warning's)
    # merged: the history's letters are GUS2's
    code, _, err = run_cli("pupil", "merge", "GUS", "GUS2", "-c", ws)
    assert code == 0, err
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out", out_dir, "-c", ws)
    assert code == 0, err
    assert _letters(out) == {("GUS2", "penalty_notice_warning"): "already sent"}, out
    assert "improved since the severe letter of 25/09/2026: no red letter this half term" in (
        " ".join(out.split())
    )


@pytest.mark.parametrize("born", [D(2014, 10, 1), D(2015, 2, 2)])
def test_a_upn_corrected_is_judged_by_the_date_of_birth_the_runs_on_record_keep(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, born: dt.date
) -> None:
    """GUS as above, with `check --record` run on 25/09 beside the letters (the run keeps
    his date of birth, 01/10/2014).  In the export of 09/10 GUS2 has his name and ``born``:
    the same date, the letters and the casebook's red step are held ("the same name and
    date of birth"); another date, another child, whose letters go (as first letters: none
    is on record under his UPN)."""
    reg, contacts = gus_school(tmp_path)
    out_dir = tmp_path / "letters"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    first = export_to(reg, D(2026, 9, 25), tmp_path)
    code, _, err = run_cli("check", first, "-c", ws, "--record")
    assert code == 0, err
    code, out, err = run_cli("letters", first, "--contacts", contacts, "--out", out_dir, "-c", ws)
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    later = renamed(reg, "GUS", "GUS2").with_columns(
        pl.when(pl.col("upn") == "GUS2").then(pl.lit(born)).otherwise(pl.col("dob")).alias("dob")
    )
    exp = export_to(later, D(2026, 10, 9), tmp_path)
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out", out_dir, "-c", ws,
                             "--dry-run", width=1000)  # fmt: skip
    assert code == 0, err
    code, book, err = run_cli("cases", exp, "-c", ws, width=1000)
    assert code == 0, err
    why = "has the same name and date of birth: if they are one child"
    if born == D(2014, 10, 1):
        assert _letters(out) == {}
        assert " ".join(out.split()).count(why) == 2
        assert why in " ".join(book.split())
    else:
        assert _letters(out) == {
            ("GUS2", "red"): "would write", ("GUS2", "penalty_notice_warning"): "would write"
        }
        assert why not in out and why not in book


def test_a_lateness_letter_a_correction_since_undoes_is_listed(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DAN and EVA: late (L) Mon-Thu of the week of 14/09: 4 lates in Autumn 1, the
    lateness threshold: a lateness letter each on 25/09 ("arrived late to school 4
    times").  In the export of 02/10 DAN's late of Thu 17/09 is made / (he was on time):
    3 lates as of 25/09 by the register now, under the threshold.  The letters run of
    02/10 showed DAN's letter as neither sent nor listed, as if the register still
    supported it; band letters and warnings a correction undoes are listed "no longer
    called for" (docs/decisions.md), and a lateness letter is a letter the family holds
    as much.  Now DAN's is listed; EVA's, still 4 lates, shows as already sent."""
    late = "L\\ L\\ L\\ L\\ " + P
    reg = register({"ANNA": " ".join([WEEK] * 4), "DAN": " ".join([WEEK, late, WEEK, WEEK]),
                    "EVA": " ".join([WEEK, late, WEEK, WEEK])})  # fmt: skip
    contacts = contacts_file(tmp_path / "contacts.csv", ANNA_DAN_EVA)
    out_dir = tmp_path / "letters"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, out, err = run_cli("letters", export_to(reg, D(2026, 9, 25), tmp_path), "--contacts",
                             contacts, "--out", out_dir, "-c", ws)  # fmt: skip
    assert code == 0, err
    assert _letters(out) == {("DAN", "lateness"): "written", ("EVA", "lateness"): "written"}
    fixed = recoded(reg, "DAN", D(2026, 9, 17), "/", session="AM")
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    exp = export_to(fixed, D(2026, 10, 2), tmp_path)
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out", out_dir, "-c", ws,
                             "--dry-run", width=1000)  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert _letters(out) == {("EVA", "lateness"): "already sent"}
    assert (
        "│ DAN │ ForenameDAN SurnameDAN │ lateness │ sent 25/09/2026: no longer called for: the "
        "register now gives 3 lates in Autumn 1 to 25/09/2026 (the threshold is 4); consider "
        "telling the family │"
    ) in said
    assert "│ EVA │ ForenameEVA SurnameEVA │ lateness │ sent" not in said


def test_a_check_of_one_year_group_says_what_changed_in_that_year_group_only(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Year 8: P1, P2, present every day.  Year 7: AMY, N all the week of 14/09 (the
    run recorded as of 18/09, school-wide, has her severe, in the penalty-notice and
    absence groups, her 10 N on record), the N made M by 02/10; BOB, O all the week of
    28/09 (red and the penalty-notice group by 02/10); GUS, in the run, in none of the
    exports of 02/10.

    `check --year-group 8` as of 02/10 lists 2 pupils, "2 need nothing this week", and then
    listed 6 changes and 10 register corrections of the year 7 pupils AMY and BOB (and
    GUS, gone): what changed since last week in a head of year 8's check, about children
    who are not theirs.  The data-quality list keeps to the year group already.  Now the
    changes and the corrections since the run keep to it too (a pupil gone from the
    exports by the year group the run had them in); `--year-group 7` lists them all."""
    def reg_of(marks: dict[str, list[str]]) -> pl.DataFrame:
        reg = register({k: " ".join(v) for k, v in marks.items()})
        year = pl.when(pl.col("upn").is_in(["P1", "P2"])).then(pl.lit("8")).otherwise(pl.lit("7"))
        return reg.with_columns(year.alias("year_group"), (year + "A").alias("reg_group"))

    marks = {"P1": [WEEK] * 4, "P2": [WEEK] * 4, "AMY": [WEEK, "N N N N N", WEEK, WEEK],
             "BOB": [WEEK, WEEK, WEEK, "O O O O O"], "GUS": [WEEK] * 4}  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")
    first = write_long_csv(reg_of(marks).filter(pl.col("date") <= D(2026, 9, 18)),
                           tmp_path / "reg_0918.csv", dob=True, groups=True)  # fmt: skip
    code, _, err = run_cli("check", first, "-c", ws, "--record")
    assert code == 0, err
    marks["AMY"][1] = "M M M M M"
    del marks["GUS"]
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    exp = write_long_csv(reg_of(marks), tmp_path / "reg_1002.csv", dob=True, groups=True)
    import json

    code, out, err = run_cli("check", exp, "-c", ws, "--year-group", "8", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [p["upn"] for p in doc["pupils"]] == ["P1", "P2"]
    assert doc["changes"] == []
    assert [c for c in doc["corrections"] if c["upn"] in ("AMY", "BOB")] == []
    code, out, err = run_cli("check", exp, "-c", ws, "--year-group", "8")
    assert code == 0, err
    assert "AMY" not in out and "BOB" not in out and "GUS" not in out
    code, out, err = run_cli("check", exp, "-c", ws, "--year-group", "7", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert {(c["upn"], c["kind"]) for c in doc["changes"]} == {
        ("AMY", "band_up"), ("AMY", "flag_corrected"), ("BOB", "band_down"),
        ("BOB", "flag_raised"), ("GUS", "not_in_exports"),
    }
    assert len([c for c in doc["corrections"] if c["upn"] == "AMY"]) == 10


def test_a_warning_already_sent_on_marks_corrected_since_is_said_when_new_absence_calls_for_one(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEN: O all the week of 14/09 (10 unauthorised sessions in the window as of 25/09):
    the red letter and the penalty-notice warning go on 25/09.  The school then authorises
    that week (C), and BEN is O all the week of 05/10.  As of 09/10: 50 sessions, 30
    attended (60.0 %, red), 10 unauthorised in the window, none of them before 25/09: by
    the register now the window to 25/09 held 0 unauthorised sessions, so the warning of
    record warned of sessions since authorised, and the family has never been warned of
    the 10 of October.  The run showed the warning "already sent" and said nothing (the
    same letter is never sent twice in a half term, DOMAIN.md 9, so none is made): now
    the warning is listed, with both windows' figures, for a person to decide.  The red
    letter, red then and now, is already sent and not listed.  CAL, O the week of 14/09
    and 05/10 too, none corrected: his warning is supported, not listed."""
    o5 = "O O O O O"
    reg = register({"ANNA": " ".join([WEEK] * 5),
                    "BEN": " ".join([WEEK, o5, WEEK, WEEK, o5]),
                    "CAL": " ".join([WEEK, o5, WEEK, WEEK, o5])})  # fmt: skip
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("BEN", "C2", "Mr", "Bo", "Bee"),
         ("CAL", "C3", "Ms", "Cy", "Cee")],
    )  # fmt: skip
    out_dir = tmp_path / "letters"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, out, err = run_cli("letters", export_to(reg, D(2026, 9, 25), tmp_path), "--contacts",
                             contacts, "--out", out_dir, "-c", ws)  # fmt: skip
    assert code == 0, err
    assert _letters(out)[("BEN", "penalty_notice_warning")] == "written"
    fixed = recoded(reg, "BEN", D(2026, 9, 14), "C", to=D(2026, 9, 18))
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    code, out, err = run_cli("letters", export_to(fixed, D(2026, 10, 9), tmp_path),
                             "--contacts", contacts, "--out", out_dir, "-c", ws, "--dry-run",
                             width=1000)  # fmt: skip
    assert code == 0, err
    assert _letters(out) == {
        ("BEN", "red"): "already sent", ("BEN", "penalty_notice_warning"): "already sent",
        ("CAL", "red"): "already sent", ("CAL", "penalty_notice_warning"): "already sent",
    }
    said = " ".join(out.split())
    assert (
        "│ BEN │ ForenameBEN SurnameBEN │ penalty notice warning │ sent 25/09/2026: the register "
        "now gives 0 unauthorised sessions in the penalty-notice window to 25/09/2026 (the "
        "threshold is 10): the marks it warned of were changed since; the window to "
        "09/10/2026 holds 10, of which the family has not been warned: a further warning is "
        "a person's call │"
    ) in said
    assert "│ CAL │" not in said.split("No longer called for")[-1]
    assert "│ BEN │ ForenameBEN SurnameBEN │ red" not in said.split("No longer called for")[-1]


def test_a_upn_corrected_after_a_casebook_record_holds_the_ladder_s_first_step_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004's ladder (`attcli init --ladder seed004`).  GUS: O Mon-Tue of the weeks of
    14/09 and 21/09 (8 sessions): as of 02/10 32/40, 80.0 %, at most 93 %: the "letter"
    stage, which the office sent by hand and recorded with `case record` on 02/10.  The
    export of 09/10 has him as GUS2 (his name and date of birth the same): `cases` put
    GUS2 on the ladder as new, its first step (the letter) due now, his stage on record
    lost but for a count of "casebook records not in these exports".  Now the step is held,
    naming GUS's record and `attcli pupil merge`."""
    from attcli.config import init_text
    from school import DETAILS

    folder = tmp_path / "ws"
    folder.mkdir()
    ws = folder / "attcli.toml"
    ws.write_text(init_text(DETAILS, ladder="seed004") + AUTUMN_HALF_TERMS, encoding="utf-8")
    two = "O O " + " ".join([P] * 3)
    reg = register({"ANNA": " ".join([WEEK] * 5), "GUS": " ".join([WEEK, two, two, WEEK, WEEK])})
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    code, out, err = run_cli("cases", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws)
    assert code == 0, err
    code, out, err = run_cli("case", "record", "GUS", "--action", "letter", "--date",
                             "2026-10-02", "-c", ws)  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    exp = export_to(renamed(reg, "GUS", "GUS2"), D(2026, 10, 9), tmp_path)
    code, out, err = run_cli("cases", exp, "-c", ws, width=1000)
    assert code == 0, err
    assert (
        "GUS, on record this school year (letter (casebook) of 02/10/2026), is in none of "
        "these exports, and GUS2 in them, with nothing on record, has the same name and date "
        "of birth: if they are one child (a UPN corrected in the MIS), run `attcli pupil "
        "merge GUS GUS2` and run this again"
    ) in " ".join(out.split())


def test_a_milder_letter_after_a_letter_a_correction_undid_is_held_not_called_an_improvement(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SUE: O all the weeks of 14/09 and 21/09: as of 25/09 10 of 30 sessions (33.3 %,
    severe): the severe letter goes on 25/09.  The register is then corrected: she was in
    school Mon-Wed of 14/09 (6 sessions made /).  By it, as of 25/09: 16/30, 53.3 %, red:
    the severe letter is listed "no longer called for".  As of 02/10: 26/40, 65.0 %, red.
    The run also listed the red letter "improved since the severe letter of 25/09/2026:
    no red letter this half term": she did not improve, the severe letter was wrong, and
    the red one is what the register calls for; "improved" is untrue and the two lists
    told the office opposite things.  Now the red letter is held for a person to decide
    (--release makes it), saying why; a pupil who truly improved (ZED: O 14/09-23/09, 14/30
    on 25/09, 46.7 %, severe; present since, 24/40 on 02/10, 60.0 %, red) is listed as
    improved, as before."""
    o10 = " ".join(["O"] * 10)
    reg = register({"ANNA": " ".join([WEEK] * 4), "SUE": " ".join([WEEK, o10, WEEK]),
                    "ZED": " ".join([WEEK, "O O O O O O O O", P, P, WEEK])})  # fmt: skip
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("SUE", "C2", "Ms", "Sal", "See"),
         ("ZED", "C3", "Mr", "Zak", "Zee")],
    )  # fmt: skip
    out_dir = tmp_path / "letters"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, out, err = run_cli("letters", export_to(reg, D(2026, 9, 25), tmp_path), "--contacts",
                             contacts, "--out", out_dir, "-c", ws, "--only", "severe,red")  # fmt: skip
    assert code == 0, err
    assert _letters(out) == {("SUE", "severe"): "written", ("ZED", "severe"): "written"}
    fixed = recoded(reg, "SUE", D(2026, 9, 14), "/", to=D(2026, 9, 16))
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    exp = export_to(fixed, D(2026, 10, 2), tmp_path)
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out", out_dir, "-c", ws,
                             "--only", "severe,red", "--dry-run", width=1000)  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert _letters(out) == {}
    assert (
        "│ SUE │ ForenameSUE SurnameSUE │ red │ not an improvement: the severe letter of "
        "25/09/2026 rested on marks changed since (see No longer called for), and the "
        "register now calls for this red letter: a person decides whether it goes │"
    ) in said
    assert "│ SUE │ ForenameSUE SurnameSUE │ severe │ sent 25/09/2026: no longer called for" in said
    assert "improved since the severe letter of 25/09/2026: no red letter" in said  # (ZED)
    assert "│ SUE │ ForenameSUE SurnameSUE │ red │ improved since" not in said
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out", out_dir, "-c", ws,
                             "--only", "severe,red", "--dry-run", "--release", "SUE",
                             width=1000)  # fmt: skip
    assert code == 0, err
    assert _letters(out) == {("SUE", "red"): "would write"}


def test_a_copy_of_the_config_in_another_folder_does_not_start_a_second_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_user_workspace: Path
) -> None:
    """The school's workspace is the user folder's (`attcli init`): BEN's red letter and
    penalty-notice warning go on 25/09, recorded in its history.  The officer copies
    attcli.toml to the Desktop to edit it and, the next week, runs from there: attcli.toml
    in the working folder makes the Desktop the workspace (README, "The school workspace"),
    with no history.  The dry run said "2 letters would be written; 0 already sent", the
    real run "no history yet: started one at Desktop/...", and both letters went again
    (DOMAIN.md 9: never twice).  The same school (URN 100001) keeps its history in the user
    folder: now letters, `pn record` and `case record` are refused in one line naming it,
    before anything is made.  A Desktop config of another school (another URN) runs."""
    user = no_user_workspace
    make_workspace(user, AUTUMN_HALF_TERMS)
    reg = register({"ANNA": " ".join([WEEK] * 4), "BEN": " ".join([WEEK, "O O O O O", WEEK, WEEK])})
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("BEN", "C2", "Mr", "Bo", "Bee")],
    )
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, out, err = run_cli("letters", export_to(reg, D(2026, 9, 25), tmp_path), "--contacts",
                             contacts, "--out", tmp_path / "letters")  # fmt: skip
    assert code == 0, err
    assert _letters(out) == {("BEN", "red"): "written", ("BEN", "penalty_notice_warning"): "written"}
    desk = tmp_path / "Desktop"
    desk.mkdir()
    (desk / "attcli.toml").write_bytes((user / "attcli.toml").read_bytes())
    monkeypatch.chdir(desk)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    exp = export_to(reg, D(2026, 10, 2), tmp_path)
    line = (
        f"this workspace ({desk}) has no history yet, but the workspace in your user folder "
        f"({user}) keeps the history of the same school (URN 100001), "
        f"{user / 'attcli-history.sqlite3'}: run letters there (--workspace {user}), or move "
        "this attcli.toml there, so that what is on record counts and nothing goes twice"
    )
    for extra in (("--dry-run",), ()):
        code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out",
                                 desk / "letters", *extra)  # fmt: skip
        assert code == 1, out
        assert " ".join(err.split()) == f"error: {line}"
    assert not (desk / "attcli-history.sqlite3").exists()
    code, out, err = run_cli("pn", "record", "BEN", exp, "--parent", "C2", "--date",
                             "2026-10-02", "--contacts", contacts)  # fmt: skip
    assert code == 1
    assert "has no history yet, but the workspace in your user folder" in " ".join(err.split())
    code, out, err = run_cli("case", "record", "BEN", "--action", "red", "--date", "2026-10-02")
    assert code == 1
    assert "has no history yet, but the workspace in your user folder" in " ".join(err.split())
    code, out, err = run_cli("la-return", exp, "--month", "2026-09", "--dry-run")
    assert code == 1
    assert "has no history yet, but the workspace in your user folder" in " ".join(err.split())
    code, out, err = run_cli("cases", exp)
    assert code == 0, err
    assert (
        f"not recorded: this workspace ({desk}) has no history yet, but the workspace "
        "in your user folder"
    ) in " ".join(err.split())
    assert not (desk / "attcli-history.sqlite3").exists()
    # another school's config on the Desktop: its own workspace
    text = (user / "attcli.toml").read_text(encoding="utf-8").replace("100001", "100002", 1)
    (desk / "attcli.toml").write_text(text, encoding="utf-8")
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out", desk / "letters",
                             "--dry-run")  # fmt: skip
    assert code == 0, err


def test_pupil_of_a_upn_gone_from_the_exports_says_what_the_history_holds(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GUS, O all the week of 14/09: the red letter and the penalty-notice warning on
    25/09.  By 02/10 the MIS has removed him from the register (no row of his in the
    export).  The family phones; `attcli pupil GUS` said only "no pupil with UPN 'GUS' in
    the exports", as if attcli knew nothing of him, while the history holds the two letters
    it sent.  Now the line says so, and that his marks are in none of the exports.  A UPN
    the history does not know either is said as before."""
    reg = register({"ANNA": " ".join([WEEK] * 4), "GUS": " ".join([WEEK, "O O O O O", WEEK, WEEK])})
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("GUS", "C2", "Mr", "Gil", "Gray")],
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, out, err = run_cli("letters", export_to(reg, D(2026, 9, 25), tmp_path), "--contacts",
                             contacts, "--out", tmp_path / "letters", "-c", ws)  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    exp = export_to(reg.filter(pl.col("upn") != "GUS"), D(2026, 10, 2), tmp_path)
    code, out, err = run_cli("pupil", "GUS", exp, "-c", ws)
    assert code == 1
    assert " ".join(err.split()) == (
        "error: no pupil with UPN 'GUS' in the exports this school year up to 02/10/2026 (a "
        "pupil is listed from their first session on roll); the history holds 2 letters "
        "about GUS (the last: red, penalty_notice_warning of 25/09/2026): taken off roll, or "
        "an export of other pupils? give exports that hold them"
    )
    code, out, err = run_cli("pupil", "NOBODY", exp, "-c", ws)
    assert code == 1
    assert " ".join(err.split()) == (
        "error: no pupil with UPN 'NOBODY' in the exports this school year up to 02/10/2026 "
        "(a pupil is listed from their first session on roll)"
    )
    # merged into the UPN the MIS gave him since: the old UPN typed says where they went
    code, out, err = run_cli("pupil", "merge", "GUS", "GUS2", "-c", ws)
    assert code == 0, err
    code, out, err = run_cli("pupil", "GUS", exp, "-c", ws)
    assert code == 1
    said = " ".join(err.split())
    assert said.startswith("error: no pupil with UPN 'GUS' in the exports")
    assert said.endswith("; GUS was merged into GUS2 (attcli pupil merge): its records are GUS2's")


def test_a_run_of_an_export_that_leaves_out_a_whole_year_group_is_not_recorded(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Year 7: A0-A9; year 8: B0-B9, B0 O all the week of 21/09 (red and the
    penalty-notice group by 25/09).  `check --record` as of 18/09 of the whole school.  On
    25/09 the officer exports Year 7 only by mistake and runs `cases` (which stores its run)
    and `check --record`: both said "10 pupils ... in none of these exports: all of Year 8
    (a filtered export?)" and recorded the run all the same, so the check of the whole
    school on 02/10 compared with a run of Year 7 alone: B0 "joined: not in that check", a
    child on roll since September, and every other change of Year 8 since 18/09 unsaid
    against the run before.  Now a run whose exports leave out a whole year or
    registration group of the last run on record this school year stores nothing, saying
    why (as a run of another school's exports stores nothing), and the check of 02/10
    compares with the check recorded as of 18/09: B0 is "band down" and "now in" the penalty-notice
    group, not "joined"."""
    def reg_of() -> pl.DataFrame:
        marks = {f"A{i}": " ".join([WEEK] * 4) for i in range(10)}
        marks |= {f"B{i}": " ".join([WEEK] * 4) for i in range(10)}
        marks["B0"] = " ".join([WEEK, WEEK, "O O O O O", WEEK])
        reg = register(marks)
        year = pl.when(pl.col("upn").cast(pl.Utf8).str.starts_with("A")).then(pl.lit("7"))
        year = year.otherwise(pl.lit("8"))
        return reg.with_columns(year.alias("year_group"), (year + "A").alias("reg_group"))

    reg = reg_of()

    def write(frame: pl.DataFrame, day: dt.date, name: str) -> Path:
        return write_long_csv(frame.filter(pl.col("date") <= day), tmp_path / name, dob=True,
                              groups=True)  # fmt: skip

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")
    code, _, err = run_cli("check", write(reg, D(2026, 9, 18), "all_0918.csv"), "-c", ws,
                           "--record")  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    seven = write(reg.filter(pl.col("year_group").cast(pl.Utf8) == "7"), D(2026, 9, 25),
                  "y7_0925.csv")  # fmt: skip
    why = (
        "not recorded: 10 pupils of the check recorded as of 18/09/2026 are in none of these "
        "exports: all of Year 8 (a filtered export?); record a check only of the whole "
        "school's exports"
    )
    code, _, err = run_cli("cases", seven, "-c", ws)
    assert code == 0, err
    assert why in " ".join(err.split())
    code, _, err = run_cli("check", seven, "-c", ws, "--record")
    assert code == 0, err
    assert why in " ".join(err.split())
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    import json

    code, out, err = run_cli("check", write(reg, D(2026, 10, 2), "all_1002.csv"), "-c", ws,
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with_run"]["as_of"] == "2026-09-18"
    assert {(c["upn"], c["kind"]) for c in doc["changes"]} == {
        ("B0", "band_down"), ("B0", "flag_raised")
    }


def test_a_further_letter_after_one_a_correction_undid_is_held(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DAN and EVA: late Mon-Thu of the week of 14/09 (4 lates in Autumn 1): a lateness
    letter each on 18/09.  DAN's late of 17/09 is then made / (3 lates: the letter is no
    longer called for).  Both are late Mon-Thu of the week of 02/11 (4 lates in Autumn 2):
    the Autumn 2 letters run, on 06/11, wrote DAN "lateness (letter 2)", a further letter
    after one the register no longer supports, said nowhere (his Autumn 1 letter, of a
    template due again, is not judged under No longer called for).  Now DAN's is held for
    review, naming the letter it would follow and the figures that undo it; EVA's letter 2
    goes, as before."""
    late = "L\\ L\\ L\\ L\\ " + P
    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    weeks = [WEEK, late] + [WEEK] * 5 + [late]
    reg = register({"ANNA": " ".join([WEEK] * 8), "DAN": " ".join(weeks),
                    "EVA": " ".join(weeks)}, holidays=holiday)  # fmt: skip
    contacts = contacts_file(tmp_path / "contacts.csv", ANNA_DAN_EVA)
    out_dir = tmp_path / "letters"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")
    code, out, err = run_cli("letters", export_to(reg, D(2026, 9, 18), tmp_path), "--contacts",
                             contacts, "--out", out_dir, "-c", ws)  # fmt: skip
    assert code == 0, err
    assert _letters(out) == {("DAN", "lateness"): "written", ("EVA", "lateness"): "written"}
    fixed = recoded(reg, "DAN", D(2026, 9, 17), "/", session="AM")
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-06")
    code, out, err = run_cli("letters", export_to(fixed, D(2026, 11, 6), tmp_path),
                             "--contacts", contacts, "--out", out_dir, "-c", ws, "--dry-run",
                             width=1000)  # fmt: skip
    assert code == 0, err
    assert _letters(out) == {("EVA", "lateness (letter 2)"): "would write"}
    assert (
        "│ DAN │ ForenameDAN SurnameDAN │ lateness │ a further letter after the lateness letter "
        "of 18/09/2026 (Autumn 1), which the register, corrected since, no longer supports "
        "(3 lates in Autumn 1 to 18/09/2026 (the threshold is 4)): a person decides whether "
        "it goes │"
    ) in " ".join(out.split())


def test_a_date_of_birth_corrected_since_the_run_is_said_not_put_down_to_the_thresholds(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEN, born 01/10/2014 (of compulsory school age), O all the week of 14/09: the run
    recorded as of 25/09 has him in the penalty-notice group (10 in the window).  The MIS
    then corrects his date of birth to 01/03/2022: 4 years old, not of compulsory school
    age until 31/03/2027 (DOMAIN.md 5), so no session counts toward the threshold, then or
    now.  The check of 02/10 said "no longer in, by the thresholds ... the thresholds
    changed since (or the register of then was changed)", and "1 pupil left or joined a
    group by today's thresholds" at the head, of a config nobody touched.  The run keeps
    each pupil's date of birth: the change is said as what it is.  CY, born 01/03/2022 all
    along and O the same week, was in no group then or now: no change."""
    reg = register(
        {"ANNA": " ".join([WEEK] * 4), "BEN": " ".join([WEEK, "O O O O O", WEEK, WEEK]),
         "CY": " ".join([WEEK, "O O O O O", WEEK, WEEK])},
        dob={"ANNA": D(2014, 10, 1), "BEN": D(2014, 10, 1), "CY": D(2022, 3, 1)},
    )  # fmt: skip
    import json

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, out, err = run_cli("check", export_to(reg, D(2026, 9, 25), tmp_path), "-c", ws,
                             "--record", "--format", "json")  # fmt: skip
    assert code == 0, err
    ben = next(p for p in json.loads(out)["pupils"] if p["upn"] == "BEN")
    assert "pn" in ben["groups"]
    later = reg.with_columns(
        pl.when(pl.col("upn") == "BEN").then(pl.lit(D(2022, 3, 1))).otherwise(pl.col("dob"))
        .alias("dob")
    )  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    code, out, err = run_cli("check", export_to(later, D(2026, 10, 2), tmp_path), "-c", ws,
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with_run"]["thresholds_note"] is None
    assert [(c["upn"], c["kind"], c["detail"]) for c in doc["changes"]] == [
        ("BEN", "flag_corrected",
         "pn: the date of birth was changed since that check (01/10/2014 -> 01/03/2022), and "
         "compulsory school age with it: check it in the MIS"),
    ]  # fmt: skip


def test_a_lunchtime_export_is_not_recorded_as_the_week_s_run(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five pupils present every day.  The Friday export of 25/09 is made at lunchtime:
    the PM register of 25/09 is blank for everyone, and the check says "the figures run to
    that morning" (29 sessions each).  Recorded (`check --record`, or `cases`, which always
    stores), next week's check listed every pupil of the school "corrected: as of
    25/09/2026: was 29/29, now 30/30 (a register correction)": the afternoon was registered
    after the export, nothing was corrected, and a school of a thousand pupils gets a
    thousand rows burying the changes that matter.  Such a run now stores nothing, saying
    why and what to give; with --as-of the day before (a whole day's register) it is
    stored, and next week says no change."""
    reg = register({f"P{i}": " ".join([WEEK] * 4) for i in range(5)})
    noon = reg.with_columns(
        pl.when((pl.col("date") == D(2026, 9, 25)) & (pl.col("session") == "PM"))
        .then(pl.lit("")).otherwise(pl.col("raw_mark")).alias("raw_mark")
    )  # fmt: skip
    exp = export_to(noon, D(2026, 9, 25), tmp_path, "_noon")
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    why = (
        "not recorded: the exports end with the AM session of 25/09/2026 (an export "
        "made at lunchtime): record a check of a whole day's register: export after the "
        "afternoon's, or give --as-of 2026-09-24"
    )
    for args in (("check", exp, "-c", ws, "--record"), ("cases", exp, "-c", ws)):
        code, _, err = run_cli(*args)
        assert code == 0, err
        assert why in " ".join(err.split())
    code, _, err = run_cli("check", exp, "-c", ws, "--record", "--as-of", "2026-09-24")
    assert code == 0, err
    assert "recorded this check as of 24/09/2026" in " ".join(err.split())
    import json

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    code, out, err = run_cli("check", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws,
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with_run"]["as_of"] == "2026-09-24"
    assert doc["changes"] == []
