"""An N on record in the last run, given another code since (DOMAIN.md 12, docs/cases.md
"Snapshots"): the weekly routine is one cumulative export a week, so the correction is
seen only against the run recorded last week, not between two exports.

The registers are hand made (tests/builders.py): two pupils from Monday 7 September 2026.
Week 1 (to Friday 11 September, recorded): A is N on Tue 8 AM, Tue 8 PM and Wed 9 AM,
present otherwise: 7/10, 3 unauthorised, red (above 50 %, not above 90 %).  B is present
throughout.  Week 2 (the cumulative export to Friday 18 September): the same week 1 with
Tue 8 AM and PM now O (unauthorised too: attended, possible and unauthorised as of 11/09
are unchanged, 7/10 and 3), Wed 9 AM still N; both present all week 2: A 17/20 = 85 %,
still red.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from attcli.store import MIGRATIONS, History
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

START = dt.date(2026, 9, 7)
PRESENT = "/\\"
WEEK1 = {"A": f"{PRESENT} NN N/ {PRESENT} {PRESENT}", "B": " ".join([PRESENT] * 5)}
WEEK2_PRESENT = " ".join([PRESENT] * 5)


def export(tmp_path: Path, name: str, pupils: dict[str, str]) -> Path:
    return write_long_csv(register(pupils, start=START), tmp_path / name)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def check(config: Path, exp: Path, as_of: str, *args: str) -> tuple[int, str, str]:
    return run_cli("check", exp, "-c", config, "--as-of", as_of, *args)


def record_week1(config: Path, tmp_path: Path) -> None:
    code, _, err = check(config, export(tmp_path, "week1.csv", WEEK1), "2026-09-11", "--record",
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    assert "recorded this check as of 11/09/2026 (no. 1 in the history)" in " ".join(err.split())


def week2(tmp_path: Path, third: str = "N/") -> Path:
    """Week 2's cumulative export: A's Tue 8 now O, Wed 9 ``third`` (AM and PM)."""
    a = f"{PRESENT} OO {third} {PRESENT} {PRESENT} {WEEK2_PRESENT}"
    return export(tmp_path, "week2.csv", {"A": a, "B": f"{WEEK1['B']} {WEEK2_PRESENT}"})


def test_two_ns_of_the_last_run_now_o_are_two_corrections(ws, tmp_path):
    record_week1(ws, tmp_path)
    exp = week2(tmp_path)
    code, out, err = check(ws, exp, "2026-09-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with_run"]["as_of"] == "2026-09-11"
    # the two sessions now O, from the run's record (not from two exports); Wed 9 AM is
    # still N: nothing
    assert doc["corrections"] == [
        {"upn": "A", "date": "2026-09-08", "session": "AM", "was": "N", "now": "O",
         "file": str(exp), "was_file": None, "since_run": "2026-09-11"},
        {"upn": "A", "date": "2026-09-08", "session": "PM", "was": "N", "now": "O",
         "file": str(exp), "was_file": None, "since_run": "2026-09-11"},
    ]  # fmt: skip
    # nothing else changes: O is unauthorised like N (7/10, 3 unauthorised as of 11/09
    # both ways), A stays red, nobody joins or leaves a group
    assert doc["changes"] == []
    a = next(p for p in doc["pupils"] if p["upn"] == "A")
    assert (a["attended"], a["possible"], a["unauthorised"], a["band"]) == (17, 20, 3, "red")
    assert [q["kind"] for q in doc["data_quality"]] == ["stale_n"]  # Wed 9 AM, 7 days old
    # the text lists them in the data-quality section, as corrections between exports are
    code, out, err = check(ws, exp, "2026-09-18")
    assert code == 0, err
    text = " ".join(out.split())
    assert (
        "register corrections since the check recorded as of 11/09/2026 (the exports now give a code "
        f"where that check had N): 2 SurnameA, ForenameA (A): 08/09/2026 AM and PM: N -> O ({exp})"
    ) in text
    assert "No change since the check as of 11/09/2026" in text
    # said once in the table's output: not again in a note (an ordinary week's N resolved
    # on time was said three times: a changed figure, this list and a note)
    assert "note: 2 register corrections" not in " ".join(err.split())
    assert "Data quality: nothing in the register to fix in the MIS" not in text  # stale N
    # and the CSV's notes say so (the CSV holds the pupils only)
    code, _, err = check(ws, exp, "2026-09-18", "--format", "csv")
    assert code == 0, err
    assert (
        "note: 2 register corrections since the check recorded as of 11/09/2026: an N on record in that "
        f"check replaced by the code the exports now give, e.g. A 08/09/2026 AM N -> O ({exp})"
    ) in " ".join(err.split())


def test_an_n_of_the_last_run_now_without_a_mark_is_a_problem_not_a_correction(ws, tmp_path):
    """Wed 9 AM, N in the run, is '-' now (PM present), and in a second export the day's
    row is gone: listed as a problem each time, never as a correction."""
    record_week1(ws, tmp_path)
    for third, detail in (
        ("-/", "N in the check recorded as of 11/09/2026, now no mark: '-' (no mark recorded) in "),
        ("!", "N in the check recorded as of 11/09/2026, now no mark: no row in the exports"),
    ):
        exp = week2(tmp_path, third)
        code, out, err = check(ws, exp, "2026-09-18", "--format", "json")
        assert code == 0, err
        doc = json.loads(out)
        assert [c["session"] for c in doc["corrections"]] == ["AM", "PM"]  # Tue 8's O
        gone = [q for q in doc["data_quality"] if q["kind"] == "n_unmarked"]
        assert [(q["upn"], q["date"], q["session"]) for q in gone] == [("A", "2026-09-09", "AM")]
        assert gone[0]["detail"].startswith(detail), gone[0]["detail"]
        # one problem for the session, not a missing mark besides
        assert not [q for q in doc["data_quality"]
                    if q["kind"].startswith("missing") and q["date"] == "2026-09-09"
                    and q["session"] == "AM"]  # fmt: skip
        code, out, err = check(ws, exp, "2026-09-18")
        assert "N codes of the last recorded check now with no mark" in " ".join(out.split())


def test_a_snapshot_written_by_history_version_8_still_reads_and_compares_no_n(ws, tmp_path):
    """A store made by attcli before the N sessions were kept (schema 8), holding week 1's
    run as it wrote it: it migrates, its snapshot loads, NEW and the changes still
    compare with it, and no N is claimed either way (it holds none on record)."""
    path = ws.parent / "attcli-history.sqlite3"
    db = sqlite3.connect(path)
    for step in range(1, 9):
        for statement in MIGRATIONS[step].split(";"):
            if statement.strip():
                db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('schema', '8')")
    db.execute(
        "INSERT INTO snapshots (id, as_of, taken_at, taken_by, exports, school) "
        "VALUES (1, '2026-09-11', '2026-09-11 16:00:00', 'office', 'week1.csv', '')"
    )
    db.executemany(
        "INSERT INTO snapshot_pupils VALUES (1, '', ?, ?, 10, ?, ?, NULL, NULL, ?)",
        [("A", 7, "red", "band:red", 3), ("B", 10, "green", "", 0)],
    )
    db.commit()
    db.close()
    code, out, err = check(ws, week2(tmp_path), "2026-09-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with_run"]["recorded_by"] == "office"
    assert doc["corrections"] == [] and doc["changes"] == []
    with History(path) as store:
        assert store.snapshot_n_sessions(1) is None  # not kept: nothing to compare


def test_ns_of_the_last_run_before_the_exports_begin_are_not_compared_and_said(ws, tmp_path):
    """Week 2's export from Wed 9 September only: Tue 8's two N are outside it (not
    compared, said in one line), Wed 9 AM is still N: no correction, no problem."""
    exp = week2(tmp_path)
    part = tmp_path / "from_wed.csv"
    lines = exp.read_text(encoding="utf-8").splitlines()
    part.write_text("\n".join(x for x in lines if "/09/2026" not in x or
                              x.split(",")[3] >= "09/09/2026") + "\n", encoding="utf-8")  # fmt: skip
    record_week1(ws, tmp_path)
    code, out, err = check(ws, part, "2026-09-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["corrections"] == []
    assert not [q for q in doc["data_quality"] if q["kind"] == "n_unmarked"]
    assert (
        "note: 2 N sessions on record in the check recorded as of 11/09/2026 are outside the exports' "
        "dates (09/09/2026 to 18/09/2026): not compared"
    ) in " ".join(err.split())
