"""Sweep blind3 (7 December, eighth): a school's exports run as the office runs them: from
the wrong folder, `cases` again after the letters went, and two exports that write an
afternoon present differently.

The registers are hand made (tests/builders.py), from Monday 7 September 2026, with the
autumn term dates of tests/school.py and the config's defaults.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

D = dt.date
P = "/\\"
WEEK = " ".join([P] * 5)


def _wrong_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: Path
) -> tuple[Path, Path, Path, str]:
    """The office's workspace is the user folder's (Riverside, URN 100001): its first
    check, of 18/09, is on record, of the class exported that week, P09..P12 (P12 absent,
    O, all the second week); the school has 12 pupils, P01..P12.  The next week the
    officer runs from a folder holding another school's attcli.toml (Oakfield Academy, URN
    100002: a colleague's, or a copy of the shipped example school's), with no history yet:
    attcli.toml in the working folder is the workspace (README, "The school workspace").
    Returns that folder, the export to 25/09 of all 12, the contacts, and the line saying
    whose pupils they are."""
    make_workspace(user, AUTUMN_HALF_TERMS)
    upns = [f"P{i:02d}" for i in range(1, 13)]
    marks = {u: " ".join([WEEK] * 3) for u in upns}
    marks["P12"] = " ".join([WEEK, "O O O O O", WEEK])
    reg = register(marks)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [(u, f"C{u}", "Mrs", "Ann", u.title()) for u in upns]
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-28")
    week2 = reg.filter((reg["date"] <= D(2026, 9, 18)) & reg["upn"].is_in(upns[8:]))
    code, out, err = run_cli("check", write_long_csv(week2, tmp_path / "a.csv", dob=True), "--record")
    assert code == 0, err
    other = tmp_path / "other"
    other.mkdir()
    text = (user / "attcli.toml").read_text(encoding="utf-8")
    (other / "attcli.toml").write_text(
        text.replace("100001", "100002", 1).replace("Riverside Primary School", "Oakfield Academy"),
        encoding="utf-8",
    )
    monkeypatch.chdir(other)
    known = (
        f"this workspace ({other}) is Oakfield Academy's (URN 100002) and has no history yet, "
        f"but the history of Riverside Primary School (URN 100001), the workspace in your "
        f"user folder ({user}), knows 4 of these exports' 12 pupils (of the 4 it knows: its "
        f"check recorded as of 18/09/2026)"
    )
    return other, write_long_csv(reg, tmp_path / "b.csv", dob=True), contacts, known


def test_another_school_s_folder_with_no_history_refuses_the_user_folder_school_s_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_user_workspace: Path
) -> None:
    """:func:`_wrong_folder`: with no history there was nothing to compare the exports'
    pupils with, so P12's red letter went out on Oakfield's letterhead, the register check
    and the LA return would have gone as Oakfield's, and a penalty notice been recorded in
    Oakfield's history (Riverside's next notice then quoted as a first).  Now a workspace
    with no history of its own is compared with the user folder's: 4 of the 12 pupils are
    known there, all 4 it knows (UPNs are the country's: not a child or two who moved
    schools), so letters, the register check and `pn record` (and the LA return, the
    evidence pack, the report and the summary, by the same rule) are refused, naming both
    schools and the user folder to give.  Exports of pupils the user folder does not know
    (the other school's own first run), or with a child or two of its among them, run."""
    user = no_user_workspace
    other, exp, contacts, known = _wrong_folder(tmp_path, monkeypatch, user)
    said = f"{known}; these are that school's exports, whose"
    for args, what, would in (
        (("letters", exp, "--contacts", contacts, "--out", tmp_path / "l", "--dry-run"),
         "letters", "letters would carry Oakfield Academy's letterhead"),
        (("register-check", exp, "--term", "autumn", "--as-of", "2026-09-25", "-o",
          tmp_path / "rc.csv"),
         "register check", "register check would go to the local authority as Oakfield Academy's"),
        (("pn", "record", "P12", exp, "--contacts", contacts, "--parent", "CP12", "--date",
          "2026-09-28"),
         "penalty notice", "penalty notice would be recorded as Oakfield Academy's"),
    ):  # fmt: skip
        code, out, err = run_cli(*args)
        assert code == 1, out
        assert " ".join(err.split()).endswith(
            f"error: no {what}: {said} {would}; give that school's workspace "
            f"(--workspace {user})"
        ), err
    assert not (other / "attcli-history.sqlite3").exists()
    from attcli.config import load_config
    from attcli.snapshots import users_school_line

    cfg = load_config(other / "attcli.toml")
    own = [f"Q{i:02d}" for i in range(1, 13)]
    assert users_school_line(cfg, own, D(2026, 9, 25), 2026) is None
    assert users_school_line(cfg, [*own, "P11", "P12"], D(2026, 9, 25), 2026) is None


def test_the_check_in_another_school_s_fresh_folder_says_whose_pupils_and_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_user_workspace: Path
) -> None:
    """:func:`_wrong_folder`: the check, on screen under Oakfield's name, says first whose
    pupils these are; with --record it records nothing (recorded, Oakfield's history would
    know them, and the letters of the test above would go)."""
    user = no_user_workspace
    other, exp, _, known = _wrong_folder(tmp_path, monkeypatch, user)
    code, out, err = run_cli("check", exp, "--record")
    assert code == 0, err
    said = (
        f"{known}: these are that school's exports, not Oakfield Academy's? if so, give that "
        f"school's workspace (--workspace {user})"
    )
    assert f"note: {said}" in " ".join(err.split())
    assert f"not recorded: {said}" in " ".join(err.split())
    assert not (other / "attcli-history.sqlite3").exists()


def test_cases_says_a_step_listed_as_due_was_recorded_after_its_as_of_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Friday 25/09's export; on Monday 28/09 the office sends BEN's red letter (recorded
    here by hand, `case record --action red`, as a letter sent from the office is), then
    runs `cases` again on the same export.  BEN: 3 weeks from 07/09, O all the second
    week: 20 of 30 sessions, 66.7 %, red.  The casebook is as of the export's last day
    (docs/cases.md: "Records after the as-of date are ignored"), so BEN was listed under
    "Letters to send", due "now", with nothing said of the letter on record three days
    later: the office sent it again, or wondered whether it went.  Now a line says that
    step was recorded on 28/09/2026, after the casebook's date, and how to see it placed.
    As of a past date asked for (Thursday 24/09, BEN red and due), nothing is said: what
    came after it is left out knowingly.  (With --as-of 2026-09-28 the letter is placed:
    tried by hand, BEN "monitoring".)"""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({"ANNA": " ".join([WEEK] * 3), "BEN": " ".join([WEEK, "O O O O O", WEEK])})
    exp = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-28")
    code, out, err = run_cli("cases", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [(r["upn"], r["status"]) for r in data["cases"]] == [("BEN", "due")]
    assert not [w for w in data["warnings"] if "recorded after" in w]
    code, out, err = run_cli("case", "record", "BEN", "--action", "red", "--date",
                             "2026-09-28", "-c", ws)  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("cases", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [(r["upn"], r["status"]) for r in data["cases"]] == [("BEN", "due")]
    line = (
        "1 step listed as due was recorded after 25/09/2026, the day this casebook is as of, "
        "and is not counted in it: SurnameBEN, ForenameBEN (BEN): Red letter, 28/09/2026; "
        "run cases on the newest export, or on this one with --as-of 2026-09-28"
    )
    assert line in data["warnings"]
    # the pupil's record says it where it places BEN on the ladder, under the letter sent
    code, out, err = run_cli("pupil", "BEN", exp, "-c", ws)
    assert code == 0, err
    assert (
        "(Red letter recorded on 28/09/2026, after 25/09/2026, the day this record is as of: "
        "not counted in it; --as-of 2026-09-28 places it)"
    ) in " ".join(out.split())
    code, out, err = run_cli("cases", exp, "-c", ws, "--format", "json", "--as-of", "2026-09-24")
    assert code == 0, err
    data = json.loads(out)  # (BEN 18 of 28 sessions: red, due)
    assert [(r["upn"], r["status"], r["due_stage"]) for r in data["cases"]] == [("BEN", "due", "red")]
    assert not [w for w in data["warnings"] if "recorded after" in w]


def test_present_written_slash_or_backslash_by_two_exports_is_one_mark_not_a_conflict(
    tmp_path: Path,
) -> None:
    """The register to Friday 18/09 from the MIS's register report, its afternoons present
    written `\\` (the SIMS way: `/` AM, `\\` PM), and the weeks 14/09 to 25/09 from the
    attendance export, every present session written `/` (as Arbor's does).  Both say
    present: DOMAIN.md 1 lists `/` and `\\` as one category.  The run stopped with "5
    sessions have conflicting marks ... '\\' in ...; '/' in ..." for every pupil, each
    afternoon of the week both hold, and nothing could be checked.  Now they are one mark:
    the week both hold counts once (ANNA: 3 weeks, 30 of 30 sessions), said as duplicates;
    an O against `/` is still a conflict."""
    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.loaders import load_exports

    cfg = load_config(make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS))
    reg = register({"ANNA": " ".join([WEEK] * 3), "BEN": " ".join([WEEK] * 3)})
    first = write_long_csv(reg.filter(reg["date"] <= D(2026, 9, 18)), tmp_path / "a.csv")
    later = reg.filter(reg["date"] >= D(2026, 9, 14)).with_columns(
        raw_mark=pl.col("raw_mark").cast(pl.String).str.replace("\\", "/", literal=True)
    )
    second = write_long_csv(later, tmp_path / "b.csv")
    assert "\\" not in second.read_text(encoding="utf-8")
    loaded = load_exports([first, second], cfg)
    anna = loaded.register.filter(pl.col("upn") == "ANNA")
    assert anna.height == 30  # 15 school days, each session once
    assert any("duplicate session rows removed" in w for w in loaded.warnings)
    # BEN absent (O) on Monday 14/09 PM in the later export: a conflict, as ever
    ben = later.with_columns(
        raw_mark=pl.when((pl.col("upn") == "BEN") & (pl.col("date") == D(2026, 9, 14))
                         & (pl.col("session") == "PM")).then(pl.lit("O"))
        .otherwise(pl.col("raw_mark"))
    )  # fmt: skip
    with pytest.raises(AttcliError, match="1 session has conflicting marks"):
        load_exports([first, write_long_csv(ben, tmp_path / "c.csv")], cfg)
