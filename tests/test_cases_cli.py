"""`attcli cases` and `attcli case record|void|list` on the example school (issue 16).

The ladder is seed 004's (src/attcli/templates/ladders/seed004.toml); the figures are
the example school's planted pupils (examples/README.md).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attcli.store import TABLES, History
from clirun import as_in_a_test, run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
AUTUMN = EXPORTS / "arbor_autumn_2026.csv"
WEEK2 = EXPORTS / "weekly" / "arbor_2027-01-15.csv"
LADDER = ROOT / "src" / "attcli" / "templates" / "ladders" / "seed004.toml"
#: cme_current: N/O every day 3-18 Dec, 118/142 = 83.10 % on 18 Dec: below 90 %
WALSH = "K999290917913"
#: band_amber: 150/162 = 92.59 % on 15 Jan: at most 93 %, the letter is due
OCONNOR = "W999290818901"
#: band_green_92: 112/120 = 93.33 % on 15 Jan: above 93 %, not on the ladder
OKAFOR = "E999290917900"


def _school(folder: Path) -> Path:
    (folder / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8")
        + "\n"
        + LADDER.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return folder


@pytest.fixture()
def school(tmp_path: Path) -> Path:
    return _school(tmp_path)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    """A school's folder after its first `attcli cases` run on the two exports (the
    history's first snapshot), made once for the module: most tests start from it, and
    the run costs the same every time (test_cases_lists_who_is_due_and_stores_a_snapshot
    makes it itself and checks what it stored)."""
    folder = tmp_path_factory.mktemp("first-cases-run")
    with as_in_a_test(folder):
        code, _, err = cases(_school(folder))
    assert code == 0, err
    return folder


def after_first_run(school: Path, first_run: Path) -> None:
    """``school`` as the first `attcli cases` run left it: the module's run's history
    copied in (the history holds no path of its folder)."""
    assert not (school / "attcli-history.sqlite3").exists()  # nothing of the test's lost
    for name in ("attcli-history.sqlite3", "attcli-history.sqlite3.lock"):
        shutil.copyfile(first_run / name, school / name)


def cases(school: Path, *args: str | Path) -> tuple[int, dict, str]:
    code, out, err = run_cli("cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", "--format", "json", *args)
    return code, (json.loads(out) if code == 0 else {}), err


def by_upn(doc: dict) -> dict[str, dict]:
    return {c["upn"]: c for c in doc["cases"]}


def record(school: Path, *args: str) -> tuple[int, str, str]:
    return run_cli("case", "record", *args, "-c", school / "attcli.toml")


def test_cases_lists_who_is_due_and_stores_a_snapshot(school):
    code, doc, err = cases(school)
    assert code == 0, err
    assert doc["as_of"] == "2027-01-15" and doc["default_ladder"] is False
    assert [s["name"] for s in doc["ladder"]] == [
        "letter", "support_meeting", "review_meeting", "formal_review", "ewo_referral",
    ]  # fmt: skip
    c = by_upn(doc)
    # below 90 % on 8 Jan as on 15 Jan: the review meeting is due, not new this week
    assert {k: c[WALSH][k] for k in ("stage", "status", "due", "due_stage", "new")} == {
        "stage": None, "status": "due", "due": "meeting", "due_stage": "review_meeting",
        "new": False,
    }  # fmt: skip
    assert c[OCONNOR]["due_stage"] == "letter" and c[OCONNOR]["due"] == "letter"
    assert OKAFOR not in c
    # every pupil listed is due something: nobody has a record yet
    assert {x["status"] for x in doc["cases"]} == {"due"}
    with History(school / "attcli-history.sqlite3") as store:
        sid, as_of, _ = store.latest_snapshot()
        upns = store.snapshot_upns(sid)
    assert as_of.isoformat() == "2027-01-15" and len(upns) == 204 and WALSH in upns


def test_no_snapshot_from_a_register_that_stops_before_the_as_of_date(school):
    code, doc, err = cases(school, "--as-of", "2027-01-22")
    assert code == 0, err
    assert doc["snapshot"] is None
    assert "not recorded:" in err
    assert not (school / "attcli-history.sqlite3").exists() or History(
        school / "attcli-history.sqlite3"
    ).latest_snapshot() is None


def test_record_checks_every_value_in_one_line(school, first_run):
    code, _, err = record(school, WALSH, "--action", "review_meeting", "--date", "2026-11-20")
    assert code == 1 and err.strip() == (
        "error: no casebook yet: run `attcli cases EXPORT...` first (attcli checks each UPN "
        "against the pupils of the last recorded check)"
    )
    after_first_run(school, first_run)
    bad = {
        ("--date", "2026-13-01"): "error: --date '2026-13-01' is not a date: there is no "
        "month 13 (YYYY-MM-DD is year, month, day); for 13 January 2026 write 2026-01-13 or "
        "13/01/2026",
        ("--date", "2098-01-01"): "error: --date 2098-01-01 is in the future: record what was "
        "done, on the day it was done",
        # (a year beyond 2099 is no date attcli reads at all: tests/test_sweep_errors.py)
        ("--date", "2999-01-01"): "error: --date '2999-01-01': the year 2999 is no school year "
        "attcli reads; give a date from 2000 to 2099, YYYY-MM-DD or DD/MM/YYYY",
        ("--action", "meeting"): "error: --action 'meeting' is not a stage of the ladder; the "
        "stages are: letter, support_meeting, review_meeting, formal_review, ewo_referral",
    }
    for (opt, value), message in bad.items():
        args = {"--action": "review_meeting", "--date": "2026-11-20"} | {opt: value}
        code, _, err = record(school, WALSH, *[x for kv in args.items() for x in kv])
        assert code == 1 and err.strip() == message, err
    code, _, err = record(school, "K999290917999", "--action", "letter", "--date", "2026-11-20")
    assert code == 1 and err.strip() == (
        "error: UPN 'K999290917999' is not a pupil in the last recorded check (as of "
        "2027-01-15); check it, or run `attcli cases` on a newer export"
    )
    # a UPN one typing slip from a pupil's (two digits swapped) names the pupil it may be:
    # never recorded in its place (sweep "slips")
    code, _, err = record(school, "K999290919713", "--action", "letter", "--date", "2026-11-20")
    assert code == 1 and err.strip() == (
        "error: UPN 'K999290919713' is not a pupil in the last recorded check (as of "
        "2027-01-15); check it, or run `attcli cases` on a newer export; did you mean "
        f"{WALSH} (Reuben Walsh)?"
    )
    code, out, err = record(
        school, WALSH, "--action", "review_meeting", "--date", "20/11/2026", "--by", "A Officer"
    )
    assert code == 0, err
    assert out.strip() == f"recorded 1: review_meeting for {WALSH} on 20/11/2026 (by A Officer)"
    code, _, err = record(school, WALSH, "--action", "review_meeting", "--date", "2026-11-20")
    assert code == 1 and err.strip().startswith(
        f"error: review_meeting for {WALSH} on 20/11/2026 is already recorded (record 1, by "
        "A Officer at "
    )
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("typed", ["Review meeting", "review-meeting", " REVIEW_MEETING "])
def test_record_reads_a_stage_typed_as_words(school, first_run, typed):
    """``--action "Review meeting"`` (the stage's name typed as words, in capitals or with
    hyphens) was refused "is not a stage of the ladder": it is one stage, certainly, and
    is recorded under its name (sweep "slips")."""
    after_first_run(school, first_run)
    code, out, err = record(school, WALSH, "--action", typed, "--date", "2026-11-20")
    assert code == 0, err
    assert out.strip().startswith(f"recorded 1: review_meeting for {WALSH} on 20/11/2026")
    code, doc, err = cases(school)
    assert by_upn(doc)[WALSH]["stage"] == "review_meeting"


def test_a_record_moves_the_pupil_and_a_void_undoes_it(school, first_run):
    after_first_run(school, first_run)
    assert record(school, WALSH, "--action", "review_meeting", "--date", "2026-11-20")[0] == 0
    code, doc, err = cases(school)
    c = by_upn(doc)[WALSH]
    # the meeting on Fri 20 Nov starts 4 weeks of monitoring, to Thu 17 Dec; before it, the
    # 28 days 23 Oct - 19 Nov; not improved (the N/O run began 3 Dec): formal review due
    assert (c["stage"], c["since"], c["period_end"], c["improved"]) == (
        "review_meeting", "2026-11-20", "2026-12-17", False,
    )  # fmt: skip
    assert (c["status"], c["due_stage"], c["due_from"]) == ("due", "formal_review", "2026-12-18")
    code, out, err = run_cli(
        "case", "void", "1", "--reason", "wrong pupil", "--by", "A Officer",
        "-c", school / "attcli.toml",
    )  # fmt: skip
    assert code == 0, err
    c = by_upn(cases(school)[1])[WALSH]
    assert (c["stage"], c["due_stage"]) == (None, "review_meeting")
    code, out, _ = run_cli("case", "list", "--json", "-c", school / "attcli.toml")
    [row] = json.loads(out)
    assert (row["void"], row["voided_by"], row["void_reason"]) == (True, "A Officer", "wrong pupil")


def test_a_record_made_while_a_later_stage_is_due_shows_and_moves_nothing(school, first_run):
    """docs/cases.md step 7: Walsh's review meeting 20 Nov was not improved, so the formal
    review is due from 18 Dec; the amber letter sent 11 Jan (the first stage) and the
    review meeting held again 12 Jan leave it due, and the list says so."""
    after_first_run(school, first_run)
    for action, day in (("review_meeting", "2026-11-20"), ("letter", "2027-01-11"),
                        ("review_meeting", "2027-01-12")):  # fmt: skip
        assert record(school, WALSH, "--action", action, "--date", day)[0] == 0
    code, doc, err = cases(school)
    assert code == 0, err
    c = by_upn(doc)[WALSH]
    assert (c["stage"], c["since"], c["status"], c["due_stage"], c["due_from"], c["new"]) == (
        "review_meeting", "2026-11-20", "due", "formal_review", "2026-12-18", False,
    )  # fmt: skip
    assert c["recorded_while_due"] == [
        {"stage": "letter", "date": "2027-01-11"},
        {"stage": "review_meeting", "date": "2027-01-12"},
    ]
    # (wide enough for the row on one line: the stages' titles are long)
    code, out, err = run_cli("cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", width=1000)
    assert code == 0, err
    assert (
        "Attendance review meeting (persistent absence, weekly monitoring) -> Formal review meeting with the SLT attendance lead (still due after Letter offering support on 11/01/2027, "
        "Attendance review meeting (persistent absence, weekly monitoring) again on 12/01/2027)" in " ".join(out.split())
    )
    code, out, err = run_cli(
        "cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", "--format", "csv"
    )
    header, *rows = out.lstrip("\ufeff").splitlines()
    assert header.split(",")[-1] == "recorded while due"
    assert any(r.startswith(WALSH) and r.endswith(",letter 2027-01-11; review_meeting 2027-01-12") for r in rows)
    # the 20 Nov meeting voided: on 11 Jan Walsh (below 90 %) was due the review meeting by
    # its condition, so the letter moved nothing; the meeting on 12 Jan is that stage
    code, _, err = run_cli(
        "case", "void", "1", "--reason", "wrong date", "-c", school / "attcli.toml"
    )
    assert code == 0, err
    c = by_upn(cases(school)[1])[WALSH]
    assert (c["stage"], c["since"], c["status"], c["due_stage"], c["recorded_while_due"]) == (
        "review_meeting", "2027-01-12", "monitoring", None, [],
    )  # fmt: skip


def _amber_letter_begun(store: History) -> int:
    """O'Connor's amber letter of 11/01/2027 (seed 004's letter stage), begun: its id."""
    return store.begin_letter(
        school="", upn=OCONNOR, template="amber", band="amber", half_term="Spring 1",
        half_term_start="2027-01-04", academic_year=2026, recipient="p1", stage=1,
        letter_date="2027-01-11", out_dir="letters", file="x.pdf", pupil_name="A O",
        contact_name="P", address="", email="",
    )  # fmt: skip


def test_a_letter_sent_is_the_stage_s_record(school, first_run):
    """`attcli letters` records each letter in the history; one of the template a stage
    names (seed 004's letter stage: "amber") starts that stage on the letter's date."""
    after_first_run(school, first_run)
    with History(school / "attcli-history.sqlite3", write=True) as store:
        lid = _amber_letter_begun(store)
        store.finish_letter(lid, "0" * 64)
    c = by_upn(cases(school)[1])[OCONNOR]
    assert (c["stage"], c["status"], c["since"], c["period_end"], c["due"]) == (
        "letter", "monitoring", "2027-01-11", "2027-02-07", None,
    )  # fmt: skip


def test_a_letter_begun_and_never_sent_is_no_stage_record(school):
    """A letters run stopped before the letter's print file was on disk (Ctrl-C, a full
    disk) leaves it begun, not sent: the next run offers it again.  The ladder counted it
    as the letter stage done (monitoring since its date), so the letter still due was not
    shown as due."""
    with History(school / "attcli-history.sqlite3", write=True) as store:
        lid = _amber_letter_begun(store)
        store.letter_written(lid, "0" * 64)
    code, doc, err = cases(school)
    assert code == 0, err
    c = by_upn(doc)[OCONNOR]
    assert (c["stage"], c["status"], c["due"], c["due_stage"]) == (None, "due", "letter", "letter")


def test_a_refused_output_stores_no_snapshot(school):
    """`cases -o FILE` onto a file already there, or `--format xlsx` with no file: refused
    in one line, after the run had stored its snapshot (history no one saw)."""
    taken = school / "cases.json"
    taken.write_text("mine", encoding="utf-8")
    code, _, err = run_cli("cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", "-o", taken)
    assert code == 1 and err.strip().splitlines()[-1] == (
        f"error: {taken} already exists; use --force to replace it"
    )
    code, _, err = run_cli("cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", "-f", "xlsx")
    assert code == 1 and err.strip().splitlines()[-1] == (
        "error: --format xlsx is a workbook, which the screen cannot show: give --output "
        "FILE.xlsx"
    )
    assert taken.read_text(encoding="utf-8") == "mine"
    assert not (school / "attcli-history.sqlite3").exists()
    code, _, err = run_cli(
        "cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", "-o", taken, "--force"
    )
    assert code == 0, err
    with History(school / "attcli-history.sqlite3") as store:
        assert store.latest_snapshot() is not None


def test_bulk_records_are_all_or_nothing(school, first_run, tmp_path):
    after_first_run(school, first_run)
    good = tmp_path / "week.csv"
    good.write_text(
        "upn,action,date,note\n"
        f"{WALSH},review_meeting,2026-11-20,Mum came\n"
        f"{OCONNOR},letter,2026-11-23,\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "upn,action,date\n" f"{OCONNOR},letter,2026-11-24\n" f"{WALSH},review,2026-11-20\n",
        encoding="utf-8",
    )
    code, _, err = record(school, "--from", str(bad))
    assert code == 1 and err.strip() == (
        f"error: {bad}, line 3: action 'review' is not a stage of the ladder; the stages "
        "are: letter, support_meeting, review_meeting, formal_review, ewo_referral"
    )
    code, out, err = record(school, "--from", str(good))
    assert code == 0, err
    assert len(out.strip().splitlines()) == 2
    with History(school / "attcli-history.sqlite3") as store:
        assert [(a.upn, a.action, a.note) for a in store.actions()] == [
            (WALSH, "review_meeting", "Mum came"),
            (OCONNOR, "letter", ""),
        ]
    code, _, err = record(school, "--from", str(good))  # again: duplicates, nothing written
    assert code == 1 and "already recorded" in err
    with History(school / "attcli-history.sqlite3") as store:
        assert len(store.actions()) == 2


def test_cases_renders_in_80_columns_and_as_csv(school, tmp_path):
    code, out, err = run_cli("cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", width=80)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Meetings to book (" in out and "Letters to send (" in out
    # the register's problems in the year, as check lists them for the same exports (385
    # stale N codes, 5 missing marks, 2 missing rows), on stderr (stdout may be the JSON)
    code, doc, _ = run_cli("check", AUTUMN, WEEK2, "-c", school / "attcli.toml", "-f", "json")
    kinds = [d["kind"] for d in json.loads(doc)["data_quality"]]
    assert (kinds.count("stale_n"), kinds.count("missing_mark"), kinds.count("missing_row"),
            len(kinds)) == (385, 5, 2, 392)  # fmt: skip
    assert (
        "register problems from 01/09/2026 to 15/01/2027: 385 N codes older than 5 school "
        "days, 5 missing marks, 2 missing rows; the figures leave out sessions with no mark and "
        "count each N as unauthorised: fix them in the MIS (attcli check lists them)"
        in " ".join(err.split())
    )
    code, out, err = run_cli(
        "cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", "--format", "csv"
    )
    assert code == 0 and out.splitlines()[0].lstrip("\ufeff").startswith("UPN,name,year,form")


def test_impact_shows_small_groups_without_figures(school, first_run):
    after_first_run(school, first_run)
    assert record(school, WALSH, "--action", "review_meeting", "--date", "2026-11-02")[0] == 0
    code, doc, err = cases(school, "--impact", "--weeks", "4")
    assert code == 0, err
    rows = {r["stage"]: r for r in doc["impact"]["stages"]}
    # one pupil: under [report] min_cohort (5), so no figures
    assert rows["review_meeting"] == {
        "stage": "review_meeting", "title": rows["review_meeting"]["title"], "pupils": None,
        "improved": None, "median_change": None, "note": "fewer than 5 pupils",
    }  # fmt: skip
    assert rows["letter"]["pupils"] == 0


# --------------------------------------------------------------------------- kill-safe


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_bulk_record_killed_at_random_leaves_all_or_nothing(school, first_run, tmp_path):
    after_first_run(school, first_run)
    with History(school / "attcli-history.sqlite3") as store:
        upns = sorted(store.snapshot_upns(store.latest_snapshot()[0]))
    rows = [f"{u},letter,2026-11-{d:02d}" for u in upns for d in range(2, 28)]
    bulk = tmp_path / "many.csv"
    bulk.write_text("upn,action,date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    rng = random.Random(16)
    history = school / "attcli-history.sqlite3"
    for _ in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "attcli", "case", "record", "--from", str(bulk), "-c",
             str(school / "attcli.toml")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(rng.uniform(0.2, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        db = sqlite3.connect(history)  # read-write: rolls back a hot journal
        try:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            assert tables == TABLES
            n = db.execute("SELECT COUNT(*) FROM case_actions").fetchone()[0]
        finally:
            db.close()
        assert n in (0, len(rows)), n
        if n:
            break


# --------------------------------------------------------------------------- snapshots

WEEK1 = EXPORTS / "weekly" / "arbor_2027-01-08.csv"
BOOTH = "Y999200619001"  # present Mon 4 Jan AM in both weekly exports


def check_json(school: Path, *exports: Path, record: bool = False) -> tuple[dict, str]:
    args = ["check", *exports, "-c", school / "attcli.toml", "--format", "json"]
    code, out, err = run_cli(*args, *(["--record"] if record else []))
    assert code == 0, err
    return json.loads(out), err


def test_a_plain_check_writes_nothing_and_record_needs_the_whole_school(school):
    check_json(school, AUTUMN, WEEK1)
    assert not (school / "attcli-history.sqlite3").exists()
    code, _, err = run_cli(
        "check", AUTUMN, WEEK1, "-c", school / "attcli.toml", "--year-group", "7", "--record"
    )
    assert code == 1 and err.strip() == (
        "error: --record stores the whole school's figures: leave out --year-group and "
        "--reg-group"
    )


def test_an_n_given_an_authorised_reason_between_runs_is_a_correction(school, tmp_path):
    """Week 1 is recorded with Booth's Mon 4 Jan AM as N; week 2's export gives it M
    (medical: authorised).  Attended and possible are as they were, so only the
    unauthorised sessions show the correction (it read "no longer in | pn" as if the
    window had moved on)."""
    line = f'{BOOTH},Booth,Matilda,Year 7,7A,10/08/2015,"Mon, 04 Jan 2027",AM,/,'
    week1, week2 = tmp_path / "week1.csv", tmp_path / "week2.csv"
    for src, dst, mark in ((WEEK1, week1, "N"), (WEEK2, week2, "M")):
        text = src.read_text(encoding="utf-8-sig")
        assert line in text
        dst.write_text(text.replace(line, line.replace(",AM,/,", f",AM,{mark},")), encoding="utf-8")
    doc1, _ = check_json(school, AUTUMN, week1, record=True)
    booth1 = next(p for p in doc1["pupils"] if p["upn"] == BOOTH)
    doc2, _ = check_json(school, AUTUMN, week2)
    booth2 = next(p for p in doc2["pupils"] if p["upn"] == BOOTH)
    assert booth2["unauthorised"] == booth1["unauthorised"] - 1  # N made M: authorised
    # (and the example's planted correction: Rohan Mistry's three N of 5-7 Jan in the
    # 8 Jan export are I, I and M in the 15 Jan one: examples/README.md, correction_pair)
    # Both are listed session by session as corrections since the run; their figures as of
    # it moved in the unauthorised sessions only, and are not said again as changed figures
    # (an ordinary week's N resolved on time was said three times)
    assert [c for c in doc2["changes"] if c["kind"] == "corrected"] == []
    since = {(c["upn"], c["date"], c["session"], c["now"]) for c in doc2["corrections"]
             if c["since_run"] == "2027-01-08"}  # fmt: skip
    assert (BOOTH, "2027-01-04", "AM", "M") in since
    assert {s[0] for s in since} >= {BOOTH, "N999290818933"}


def test_new_and_changes_compare_with_the_last_run_on_record(school, tmp_path):
    """Week 1 is recorded with a wrong mark (Booth absent, N, on Mon 4 Jan AM); week 2's
    export has the mark right (present).  The week-2 check compares with the recorded run:
    NEW against its groups, and Booth's figure as of 8 Jan moved by the correction."""
    wrong = tmp_path / "week1.csv"
    text = WEEK1.read_text(encoding="utf-8-sig")
    line = f'{BOOTH},Booth,Matilda,Year 7,7A,10/08/2015,"Mon, 04 Jan 2027",AM,/,'
    assert line in text
    wrong.write_text(text.replace(line, line.replace(",AM,/,", ",AM,N,")), encoding="utf-8")
    doc1, err = check_json(school, AUTUMN, wrong, record=True)
    assert "note: recorded this check as of 08/01/2027 (no. 1 in the history)" in " ".join(err.split())
    assert doc1["compared_with_run"] is None  # nothing on record before it (key was absent)
    assert any(p["upn"] == BOOTH for p in doc1["pupils"])
    doc2, _ = check_json(school, AUTUMN, WEEK2)
    assert doc2["compared_with"] == "2027-01-08"
    assert doc2["compared_with_run"]["as_of"] == "2027-01-08"
    corrected = [c for c in doc2["changes"] if c["kind"] == "corrected"]
    # (and the example's planted correction: Rohan Mistry's three N of 5-7 Jan in the
    # 8 Jan export are I, I and M in the 15 Jan one: examples/README.md, correction_pair)
    # (Rohan's N made I, I and M moved his unauthorised sessions only, Booth's N made
    # present his attended and unauthorised by exactly that session: each listed as a
    # correction since the run, session by session, and not said again as a changed
    # figure: tests/test_sweep_ncodes.py)
    assert corrected == []
    assert (BOOTH, "2027-01-04", "AM", "N", "/") in {
        (c["upn"], c["date"], c["session"], c["was"], c["now"]) for c in doc2["corrections"]
        if c["since_run"] == "2027-01-08"
    }
    # NEW: in a group now, not in it in the recorded run
    then = {p["upn"]: set(p["groups"]) for p in doc1["pupils"]}
    for p in doc2["pupils"]:
        assert set(p["new_groups"]) == set(p["groups"]) - then.get(p["upn"], set()), p["upn"]
    # a band change between the runs is listed with its direction
    for c in doc2["changes"]:
        if c["kind"].startswith("band_"):
            b0, b1 = c["detail"].split(" -> ")
            order = ["green", "amber", "red", "severe"]
            assert (order.index(b1) > order.index(b0)) == (c["kind"] == "band_down")


def test_the_readme_shows_what_cases_prints(tmp_path):
    """README, `attcli cases`: every line of the output shown is what a 100-column
    terminal gets, as the README's other outputs (tests/test_sweep_docs.py; the example
    config without a ladder: the bands' default).  (80 columns until the steps were named
    by their titles, "Severe letter": the table is 87 wide, blocks at 80: leftovers14.)"""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `attcli cases`", 1)[1]
    shown = section.split("```\n", 4)[3].splitlines()  # the second block: the output
    (tmp_path / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out, err = run_cli("cases", AUTUMN, WEEK2, "-c", tmp_path / "attcli.toml", width=100)
    assert code == 0, err
    got = [line.rstrip() for line in out.splitlines()]
    assert shown[0].rstrip() == got[0]
    for line in shown:
        if line != "...":
            assert line.rstrip() in got, line


def test_the_report_says_whether_actions_worked(school, first_run, tmp_path):
    """The report's "Did the school's actions work?" section: only with casebook records,
    in the governors' version too (it names no pupil), small groups without figures."""
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", AUTUMN, WEEK2, "-c", school / "attcli.toml", "-o", out)
    assert code == 0, err
    assert 'id="impact"' not in out.read_text(encoding="utf-8")  # no records: no section
    after_first_run(school, first_run)
    assert record(school, WALSH, "--action", "review_meeting", "--date", "2026-11-02")[0] == 0
    for audience in ("staff", "governors"):
        code, _, err = run_cli(
            "report", AUTUMN, WEEK2, "-c", school / "attcli.toml", "-o", out, "--force",
            "--audience", audience,
        )  # fmt: skip
        assert code == 0, err
        html = out.read_text(encoding="utf-8")
        section = html.split('id="impact"', 1)[1].split("</section>", 1)[0]
        assert "Attendance review meeting" in section and "fewer than 5 pupils" in section
        assert WALSH not in section and "Walsh" not in section


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_cases_killed_at_random_leaves_whole_snapshots_only(school):
    """SIGKILL `attcli cases` at random moments: every snapshot on record holds every
    pupil (204), never part of a run."""
    rng = random.Random(1616)
    history = school / "attcli-history.sqlite3"
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "attcli", "cases", str(AUTUMN), str(WEEK2), "-c",
             str(school / "attcli.toml"), "--format", "json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(rng.uniform(0.5, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        if not history.exists() or history.stat().st_size == 0:
            continue
        db = sqlite3.connect(history)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            counts = db.execute(
                "SELECT s.id, COUNT(p.upn) FROM snapshots s LEFT JOIN snapshot_pupils p "
                "ON p.snapshot_id = s.id GROUP BY s.id"
            ).fetchall()
        finally:
            db.close()
        assert all(n == 204 for _, n in counts), counts


def test_cases_refuses_a_register_that_does_not_cover_the_year(school):
    """One week's export: year-to-date attendance cannot be judged, so the ladder is not
    guessed from five days: one line, exit 1, nothing stored."""
    code, _, err = run_cli("cases", WEEK1, "-c", school / "attcli.toml")
    assert code == 1 and err.strip() == (
        "error: cases: the exports cover 04/01/2027 to 08/01/2027, not the school year from "
        "01/09/2026: attendance for the year cannot be judged, so neither can the ladder; "
        "give exports from the start of the school year"
    )
    assert not (school / "attcli-history.sqlite3").exists()


def test_a_snapshot_from_before_unauthorised_sessions_were_kept_compares_the_rest():
    """A snapshot stored before history version 7 has no unauthorised sessions (NULL): an
    N given a reason since is not claimed as a correction, attended/possible still are."""
    import datetime as dt

    import polars as pl

    from attcli.snapshots import SNAPSHOT_SCHEMA, Snapshot, changes

    old = pl.DataFrame(
        [("", "A", 10, 12, "green", [], None, None, None),
         ("", "B", 10, 12, "green", [], None, None, 2)],
        schema=SNAPSHOT_SCHEMA, orient="row",
    )  # fmt: skip
    snap = Snapshot(1, dt.date(2027, 1, 8), "t", "u", old)
    now = pl.DataFrame({"school": ["", ""], "upn": ["A", "B"], "band": ["green"] * 2,
                        "groups": [[], []]})  # fmt: skip
    then = pl.DataFrame({"school": ["", ""], "upn": ["A", "B"], "attended": [10, 10],
                         "possible": [12, 12], "unauthorised": [0, 1]})  # fmt: skip
    assert changes(snap, now, then, ["green"]).rows() == [
        ("", "B", "corrected", "as of 08/01/2027: was 10/12, 2 unauthorised, now 10/12, 1 "
         "unauthorised (a register correction)")
    ]  # fmt: skip


def test_records_that_move_nothing_are_listed_whole_in_80_columns(school, first_run):
    """docs/cases.md step 7: Walsh referred to the EWO (the last step) on 20 Nov, then the
    amber letter of 11 Jan and a support meeting on 12 Jan, earlier stages: they move
    nothing, and the list of them is shown whole at any width (80 columns cut it to
    "recorded since, earlier stages that move nothing:…", the dates lost)."""
    after_first_run(school, first_run)
    for action, day in (("ewo_referral", "2026-11-20"), ("letter", "2027-01-11"),
                        ("support_meeting", "2027-01-12")):  # fmt: skip
        assert record(school, WALSH, "--action", action, "--date", day)[0] == 0
    want = (
        "Referral to the Education Welfare Officer (at the last step; recorded since, earlier "
        "stages that move nothing: Letter offering support 11/01/2027, Attendance support "
        "meeting 12/01/2027)"
    )
    for width in (80, 200):
        code, out, err = run_cli("cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", width=width)
        assert code == 0, err
        assert max(len(line) for line in out.splitlines()) <= width
        rest = out.split("On the ladder, nothing due this week (1)")[1]
        if width == 80:  # too wide for a table: a block, the stage on its own lines
            assert f"stage: {want}; since: 20/11/2026" in " ".join(rest.split())
        else:  # a table: the stage column's lines, joined
            cells = [line.split("│")[1:4] for line in rest.splitlines() if line.startswith("│")]
            assert cells[0][0].strip() == WALSH
            assert " ".join(" ".join(c[2] for c in cells).split()) == want


def test_case_list_json_keeps_a_note_s_every_character(school, first_run):
    """A note typed with a C1 control and a bidi override (pasted from elsewhere) is
    listed by ``case list --json`` as it was recorded: to a file or a pipe JSON keeps
    every character, as the check's does (docs/decisions.md); Rich's JSON printer had
    made the C1 character U+FFFD, another value."""
    after_first_run(school, first_run)
    note = "called mum \x9b31m\u202e twice"
    code, _, err = record(
        school, WALSH, "--action", "review_meeting", "--date", "2026-11-20", "--note", note
    )
    assert code == 0, err
    code, out, _ = run_cli("case", "list", "--json", "-c", school / "attcli.toml")
    assert code == 0
    [row] = json.loads(out)
    assert row["note"] == note
