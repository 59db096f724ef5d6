"""Sweep "weekly": the check's "what changed since last week" over a half term of weekly
recorded runs (docs/cases.md, "Snapshots"; docs/decisions.md).

The registers are hand made (tests/builders.py), from Monday 7 September 2026; the
config's defaults (green 92+, amber above 90, red above 50; a penalty notice at 10
unauthorised sessions in 10 school weeks; the absence group from 3 school days of
unexplained absence).
"""

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
NONE = " ".join(["!"] * 5)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def check(ws: Path, tmp_path: Path, reg, as_of: dt.date, *args: str) -> dict:  # noqa: ANN001
    """``check --format json`` on the cumulative export to ``as_of``."""
    exp = write_long_csv(
        reg.filter(reg["date"] <= as_of), tmp_path / f"export_{as_of:%m%d}.csv", dob=True
    )
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", f"{as_of}", "--format",
                             "json", *args)  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def changes(doc: dict) -> list[tuple[str, str, str]]:
    return [(c["upn"], c["kind"], c["detail"]) for c in doc["changes"]]


def test_a_leaver_in_no_group_at_the_last_run_is_a_left_roll_change_not_a_band_fall(
    ws: Path, tmp_path: Path
) -> None:
    """Run recorded as of Fri 25/09 (3 weeks, 30 sessions): LEO and MIA present
    throughout, green (30/30), in no group.  The next run, as of Fri 09/10 (the week of
    02/10 skipped):

    - LEO: N every day from Mon 28/09 to Wed 07/10 (8 school days, 16 sessions), then no
      row: off the roll, his last day 07/10.  30/46 = 65.2 %: red figures, but a leaver
      is in no band group; he left straight after 8 days of N, so he is in the absence
      group (3+ days).  The change is his leaving after a run: one row, "left the roll
      on 07/10/2026: now in continuous unexplained absence".  It was a "band down green
      -> red" (a band no leaver is acted on by) and a bare "now in absence", with no word
      of his leaving.
    - MIA: I on Mon 28 and Tue 29/09 (4 sessions), present Wed-Fri, then no row: off the
      roll, last day 02/10.  36/40 = 90.0 %: red figures, in no group then or now:
      an ordinary leaver is no change (docs/cases.md); it was "band down green -> red".
    """
    reg = register(
        {
            "ANNA": " ".join([WEEK] * 5),
            "LEO": " ".join([WEEK] * 3 + ["N"] * 5 + ["N", "N", "N", "!", "!"]),
            "MIA": " ".join([WEEK] * 3 + ["I", "I", P, P, P] + [NONE]),
        }
    )
    doc = check(ws, tmp_path, reg, D(2026, 9, 25), "--record")
    assert {p["upn"]: (p["band"], p["groups"]) for p in doc["pupils"]} == {
        "ANNA": ("green", []), "LEO": ("green", []), "MIA": ("green", []),
    }  # fmt: skip
    doc = check(ws, tmp_path, reg, D(2026, 10, 9))
    assert doc["compared_with_run"]["as_of"] == "2026-09-25"
    got = {p["upn"]: (p["attended"], p["possible"], p["band"], p["groups"], p["on_roll"])
           for p in doc["pupils"]}  # fmt: skip
    assert got["LEO"] == (30, 46, "red", ["absence"], False)
    assert got["MIA"] == (36, 40, "red", [], False)
    assert changes(doc) == [
        ("LEO", "left_roll", "on 07/10/2026: now in continuous unexplained absence"),
    ]


def test_a_csv_or_workbook_after_a_threshold_change_says_so_as_the_table_does(
    ws: Path, tmp_path: Path
) -> None:
    """Run recorded as of Fri 09/10 with green from 92 %: EDGE, I on Mon 14/09 (AM, PM),
    Tue 15/09 AM and Mon 05/10 AM, present otherwise: 46/50 = 92.0 %, green.  The school
    then sets green from 93 %.  As of Wed 14/10: 52/56 = 92.86 %, amber by 93; by 93 the
    run's 46/50 was amber too: the thresholds moved the band, not her attendance.  The
    table and the JSON say so in one line; the CSV and the workbook list no changes, and
    their only word was EDGE "NEW" in amber (read as a fall): the line is now a note of
    theirs too, as the pupils gone from the exports are."""
    reg = register(
        {
            "ANNA": " ".join([WEEK] * 6),
            "EDGE": " ".join([WEEK, "I I./", P, P, P, WEEK, WEEK, "I./", P, P, P, P, WEEK]),
        }
    )
    doc = check(ws, tmp_path, reg, D(2026, 10, 9), "--record")
    edge = next(p for p in doc["pupils"] if p["upn"] == "EDGE")
    assert (edge["attended"], edge["possible"], edge["band"]) == (46, 50, "green")
    text = ws.read_text(encoding="utf-8")
    ws.write_text(text.replace('name = "green"\nat_least = 92', 'name = "green"\nat_least = 93', 1))
    doc = check(ws, tmp_path, reg, D(2026, 10, 14))
    note = doc["compared_with_run"]["thresholds_note"]
    assert note == (
        "the band thresholds changed since the check recorded as of 09/10/2026 (attcli.toml): 1 pupil's "
        "band moved with them: by today's thresholds they were in that band then too (each "
        "line gives both figures)"
    )
    assert changes(doc) == [
        ("EDGE", "band_rule", "green -> amber: the thresholds changed (92.0 % then, 92.9 % now)")
    ]
    exp = tmp_path / "export_1014.csv"
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"check.{fmt}"
        code, _, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-10-14", "-o", out)
        assert code == 0, err
        assert f"note: {note}" in " ".join(err.split()), fmt
    # the workbook, a file passed on, says it on its Summary sheet too (sweep mutrender)
    from openpyxl import load_workbook

    summary = {r[0]: r[1] for r in load_workbook(tmp_path / "check.xlsx")["Summary"].iter_rows(
        values_only=True) if r and r[0]}  # fmt: skip
    assert summary["Thresholds"] == note[0].upper() + note[1:]  # (a note in its cell: a sentence)


def test_a_group_left_or_joined_by_a_changed_threshold_is_said_so_not_as_cleared(
    ws: Path, tmp_path: Path
) -> None:
    """PENN: G Mon 21 to Thu 24/09, N Fri 25/09 (10 unauthorised sessions, a run of 5
    school days), present otherwise.  KAY: present to Fri 25/09, N every day from Mon
    28/09.

    - Run recorded as of Fri 25/09 (defaults): PENN red (20/30), the penalty-notice group
      (10 sessions, 10+) and the absence group (5 days, 3+).
    - Run recorded as of Wed 30/09: KAY's run is 3 days: in the absence group ("now in",
      an ordinary change, and green -> red: 30/36 = 83.3 %); PENN came back on Mon 28/09:
      "no longer in absence" (ordinary), still 10 sessions in the window.
    - The school then sets `[penalty_notice] sessions = 12` and `[cme]
      safe_and_well_days = 5`.  As of Thu 01/10: PENN's window still holds 10 sessions,
      KAY's run is 4 days: neither is in the group by today's thresholds, and neither was
      as of 30/09 by them either (10 < 12; 3 < 5).  Nothing of theirs changed: the
      thresholds did.  It was "no longer in pn" and "no longer in absence" (a child still
      absent on her 4th day read as back); now a row each says the thresholds moved them,
      and one line at the head says so.
    - Then `safe_and_well_days = 2`: LIA, N on Thu 01/10 only (1 day then), N on Fri
      02/10 too: 2 days, in the absence group by 2+, and by 2+ as of 01/10 she was not
      (1 day): an ordinary "now in" (and 36/40 = 90.0 %: green -> red).  KAY (5 days by Fri) is in it again: by 2+ she was in
      it as of 01/10 too (4 days), which that run did not list: the thresholds moved her.
    """
    reg = register(
        {
            "ANNA": " ".join([WEEK] * 4),
            "PENN": " ".join([WEEK, WEEK, "G G G G N", WEEK]),
            "KAY": " ".join([WEEK] * 3 + ["N"] * 5),
            "LIA": " ".join([WEEK] * 3 + [P, P, P, "N", "N"]),
        }
    )
    doc = check(ws, tmp_path, reg, D(2026, 9, 25), "--record")
    penn = next(p for p in doc["pupils"] if p["upn"] == "PENN")
    assert sorted(penn["groups"]) == ["absence", "band:red", "pn"]
    doc = check(ws, tmp_path, reg, D(2026, 9, 30), "--record")
    assert changes(doc) == [
        ("KAY", "band_down", "green -> red"),
        ("PENN", "flag_cleared", "absence"),
        ("KAY", "flag_raised", "absence"),
    ]
    text = ws.read_text(encoding="utf-8")
    text = text.replace("sessions = 10    # unauthorised", "sessions = 12    # unauthorised", 1)
    ws.write_text(text.replace("safe_and_well_days = 3", "safe_and_well_days = 5", 1))
    doc = check(ws, tmp_path, reg, D(2026, 10, 1), "--record")
    got = {p["upn"]: (p["pn_window_sessions"], p["continuous_absence_days"], p["groups"])
           for p in doc["pupils"]}  # fmt: skip
    assert got["PENN"] == (10, 0, ["band:red"])
    assert got["KAY"] == (8, 4, ["band:red"])
    assert changes(doc) == [
        ("KAY", "group_rule_out", "absence: not in it as of 30/09/2026 by today's thresholds "
         "either (a run of 3 school days then; listed from 5 school days), though that check "
         "listed them: the thresholds changed since (or the register of then was changed)"),
        ("PENN", "group_rule_out", "pn: not in it as of 30/09/2026 by today's thresholds "
         "either (10 sessions in the window then; 12+ unauthorised sessions in 10 school "
         "weeks), though that check listed them: the thresholds changed since (or the "
         "register of then was changed)"),
    ]  # fmt: skip
    assert doc["compared_with_run"]["thresholds_note"] == (
        "since the check recorded as of 30/09/2026 (attcli.toml): 2 pupils left or joined a group by "
        "today's thresholds with the figures of then (each line says which)"
    )
    ws.write_text(ws.read_text(encoding="utf-8").replace(
        "safe_and_well_days = 5", "safe_and_well_days = 2", 1))  # fmt: skip
    doc = check(ws, tmp_path, reg, D(2026, 10, 2))
    assert changes(doc) == [
        ("LIA", "band_down", "green -> red"),  # 36/40 = 90.0 %: red (36/38 on Thu)
        ("LIA", "flag_raised", "absence"),
        ("KAY", "group_rule_in", "absence: in it as of 01/10/2026 by today's thresholds too "
         "(a run of 4 school days then; listed from 2 school days), and that check did not "
         "list them: the thresholds changed since (or the register of then was changed)"),
    ]  # fmt: skip


def test_an_export_ending_before_the_last_run_is_not_compared_with_it(
    ws: Path, tmp_path: Path
) -> None:
    """Runs recorded as of Fri 25/09 and Fri 09/10 (the week of 02/10 skipped).  On Fri
    23/10 the officer gives an old export, to 02/10, with `--as-of 2026-10-23`: the
    figures are as of 02/10, the end of the data (the INCOMPLETE line says so).

    - TOM: present to 25/09, N Mon 28/09 to Fri 02/10 (5 days, 10 sessions), present
      after: as of 02/10, 30/40 = 75 %, red, the absence group (5 days) and the
      penalty-notice group (10 sessions); green in no group at the 25/09 run; at the
      09/10 run he was back, red (40/50), 10 sessions: red and pn.
    - ANNA: present throughout.

    Compared with the 09/10 run (the last before the as-of date), the figures of 02/10
    made every pupil a "past figure changed ... fewer possible sessions: marks changed
    since ... check them in the MIS" (TOM 40/50 in the run, 30/40 "now"): no mark had
    changed, the export was older than the run.  The comparison is of the figures'
    date: the run before 02/10 (25/09): TOM green -> red, now in absence and pn; and one
    line says the run as of 09/10 on record is not compared with, and why.  Without a
    run on record, NEW compares with the check 7 days before the figures' date (25/09),
    not with 16/10, after the data, where nothing can be new."""
    reg = register(
        {
            "ANNA": " ".join([WEEK] * 5),
            "TOM": " ".join([WEEK] * 3 + ["N"] * 5 + [WEEK]),
        }
    )
    check(ws, tmp_path, reg, D(2026, 9, 25), "--record")
    doc = check(ws, tmp_path, reg, D(2026, 10, 9), "--record")
    tom = next(p for p in doc["pupils"] if p["upn"] == "TOM")
    assert (tom["attended"], tom["possible"], sorted(tom["groups"])) == (40, 50, ["band:red", "pn"])
    old = write_long_csv(reg.filter(reg["date"] <= D(2026, 10, 2)), tmp_path / "old.csv", dob=True)
    code, out, err = run_cli("check", old, "-c", ws, "--as-of", "2026-10-23", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    tom = next(p for p in doc["pupils"] if p["upn"] == "TOM")
    assert (tom["attended"], tom["possible"]) == (30, 40)
    assert sorted(tom["groups"]) == sorted(tom["new_groups"]) == ["absence", "band:red", "pn"]
    assert doc["compared_with_run"]["as_of"] == "2026-09-25"
    assert changes(doc) == [
        ("TOM", "band_down", "green -> red"),
        ("TOM", "flag_raised", "absence"),
        ("TOM", "flag_raised", "pn"),
    ]
    line = (
        "the check as of 09/10/2026 on record is not compared with: these exports end "
        "02/10/2026, before it; NEW and the changes compare their figures (as of "
        "02/10/2026) with the check recorded as of 25/09/2026, the last before them; give an export "
        "to 23/10/2026 to see what changed since the check recorded as of 09/10/2026"
    )
    assert line in doc["warnings"]
    code, text, err = run_cli("check", old, "-c", ws, "--as-of", "2026-10-23")
    assert code == 0, err
    assert line in " ".join((text + err).split())
    # no run on record: the check 7 days before the figures' date
    bare = make_workspace(tmp_path / "bare", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", old, "-c", bare, "--as-of", "2026-10-23", "--format",
                             "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with"] == "2026-09-25"
    tom = next(p for p in doc["pupils"] if p["upn"] == "TOM")
    assert sorted(tom["new_groups"]) == ["absence", "band:red", "pn"]


def test_the_workbook_s_all_pupils_sheet_marks_a_pupil_new_in_a_group(
    ws: Path, tmp_path: Path
) -> None:
    """Run recorded as of 25/09; as of 02/10 TOM (N all week: 30/40 = 75 %, 10 sessions, a
    run of 5 days) is NEW in the red, penalty-notice and absence groups.  Each group's
    sheet says "NEW" beside him; the "All pupils" sheet has the same "New" column and it
    was blank for every pupil, always (it asked whether "all" was one of the pupil's new
    groups).  It says NEW for a pupil new in any group now, as the CSV's new_groups."""
    from openpyxl import load_workbook

    reg = register({"ANNA": " ".join([WEEK] * 4), "TOM": " ".join([WEEK] * 3 + ["N"] * 5)})
    check(ws, tmp_path, reg, D(2026, 9, 25), "--record")
    doc = check(ws, tmp_path, reg, D(2026, 10, 2))
    tom = next(p for p in doc["pupils"] if p["upn"] == "TOM")
    assert sorted(tom["new_groups"]) == ["absence", "band:red", "pn"]
    out = tmp_path / "check.xlsx"
    code, _, err = run_cli("check", tmp_path / "export_1002.csv", "-c", ws, "--as-of",
                           "2026-10-02", "-o", out)  # fmt: skip
    assert code == 0, err
    wb = load_workbook(out)
    new = {ws.title: {r[1]: r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
           for ws in wb.worksheets if ws.title not in ("Summary", "Data quality")}  # fmt: skip
    assert new["Red"] == {"TOM": "NEW"}
    assert new["All pupils"] == {"ANNA": None, "TOM": "NEW"}


def test_a_check_of_a_shorter_period_is_not_compared_with_the_year_s_run(
    ws: Path, tmp_path: Path
) -> None:
    """Run recorded as of Fri 09/10 (the school year to date).  TOM: N all week of 28/09
    (10 sessions), present otherwise: 40/50 = 80 %, red, the penalty-notice group.  ANNA
    present throughout.  On Fri 16/10 the officer checks the half term's last fortnight,
    `--from 2026-10-05`: TOM 20/20 = 100 % in that period, green; his window still 10
    sessions (the window is not the period's).

    It was compared with the year's run: "band up red -> green" and a "past figure
    changed ... was 40/50, now 10/10 ... marks changed since ...: check them in the MIS"
    for both pupils, though nothing had changed.  A run of the year to date cannot be
    compared with a shorter period's figures: NEW compares with the check 7 days earlier
    of the same period (as of 09/10, TOM green there too: nothing NEW), no changes are
    listed, and one line says why.  `--record` with `--from` is refused, as with
    `--year-group`: a check on record is the school year's."""
    reg = register({"ANNA": " ".join([WEEK] * 6), "TOM": " ".join([WEEK] * 3 + ["N"] * 5 + [WEEK] * 2)})
    doc = check(ws, tmp_path, reg, D(2026, 10, 9), "--record")
    tom = next(p for p in doc["pupils"] if p["upn"] == "TOM")
    assert (tom["attended"], tom["possible"], sorted(tom["groups"])) == (40, 50, ["band:red", "pn"])
    doc = check(ws, tmp_path, reg, D(2026, 10, 16), "--from", "2026-10-05")
    tom = next(p for p in doc["pupils"] if p["upn"] == "TOM")
    assert (tom["attended"], tom["possible"], tom["band"]) == (20, 20, "green")
    assert tom["groups"] == ["pn"] and tom["new_groups"] == []
    # (null: no run compared with; absent before sweep leftovers2)
    assert doc["changes"] is None and doc["compared_with_run"] is None
    assert doc["compared_with"] == "2026-10-09"
    assert (
        "the check as of 09/10/2026 on record is of the school year to date, not the period "
        "from 05/10/2026: NEW compares with the check 7 days earlier, of the same period"
    ) in doc["warnings"]
    code, _, err = run_cli("check", tmp_path / "export_1016.csv", "-c", ws, "--from",
                           "2026-10-05", "--record")  # fmt: skip
    assert code != 0
    assert "--record stores the school year's figures: leave out --from" in " ".join(err.split())
