"""Sweep "weekly2" (4 December (fifth)): six Fridays of one school's weekly routine, a
second pass (docs/decisions.md, "A term of weekly runs in one workspace" and "... with the
register changing underneath"): each week's cumulative export given to `check --record`,
`cases`, `cme --days 10` and `letters --dry-run`, with a week skipped, a run made twice
the same day, a run `--as-of` in the past after later runs, the half-term holiday between
two runs and a change of thresholds.

The registers are hand made (tests/builders.py), from Monday 7 September 2026, with the
autumn term dates of tests/school.py (half term 26-30 October); the config's defaults
(lateness: 4+ lates in one half term).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_sweep_weekly_term import export_to

D = dt.date
P = "/\\"
L = "L\\"
WEEK = " ".join([P] * 5)
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def _check(ws: Path, exp: Path, *more: str) -> dict:
    code, out, err = run_cli("check", exp, "-c", ws, "--format", "json", *more)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("skipped", [True, False])
def test_the_lateness_group_of_a_new_half_term_is_new_after_a_run_of_the_last_one(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, skipped: bool
) -> None:
    """LATE has 4 lates in Autumn 1 (12-15/10) and 4 in Autumn 2 (02, 03, 09, 10/11);
    KEEP has 4 in Autumn 1 only; EARLY 4 in Autumn 2 (02-05/11) and none before.  The run
    on record is Autumn 1's last day (23/10: LATE and KEEP in the lateness group, 4+).

    - `skipped`: the officer on leave, no run on 06/11; the check of 13/11 compares with
      23/10.  LATE is in the lateness group both runs, but of two half terms: Autumn 2's
      lates count afresh (DOMAIN.md 4) and call for Autumn 2's lateness letter.  It was
      "No change" and not NEW: a change missed, that a run on 06/11 (LATE "no longer in,
      a new half term", 2 lates) would have made NEW on 13/11.  NEW now marks the
      lateness group when the run compared with is of another half term, and the change
      is a row (`half_term_new_in`, "now in, a new half term") with both counts;
    - not skipped (06/11 recorded): on 13/11 LATE is "now in" (flag_raised) and NEW as
      before: the run of 06/11 is Autumn 2's;
    - on 06/11 (compared with 23/10) EARLY, with 4 lates in Autumn 2's first week, is
      NEW and in one row, as before; KEEP is "no longer in, a new half term" as before.
    """
    reg = register({
        "LATE": " ".join([WEEK] * 5 + [f"{L} {L} {L} {L} {P}", WEEK,
                                       f"{L} {L} {P} {P} {P}", f"{L} {L} {P} {P} {P}"]),
        "KEEP": " ".join([WEEK] * 5 + [f"{L} {L} {L} {L} {P}"] + [WEEK] * 3),
        "EARLY": " ".join([WEEK] * 7 + [f"{L} {L} {L} {L} {P}", WEEK]),
        "GOOD": " ".join([WEEK] * 9),
    }, holidays=HALF_TERM)  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    doc = _check(ws, export_to(reg, D(2026, 10, 23), tmp_path), "--record")
    assert {p["upn"] for p in doc["pupils"] if "lates" in p["groups"]} == {"LATE", "KEEP"}
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-06")
    doc = _check(ws, export_to(reg, D(2026, 11, 6), tmp_path), *([] if skipped else ["--record"]))
    by = {p["upn"]: p for p in doc["pupils"]}
    assert by["EARLY"]["groups"] == ["lates"] and by["EARLY"]["new_groups"] == ["lates"]
    assert by["LATE"]["groups"] == [] and by["LATE"]["lates_half_term"] == 2
    assert sorted((c["upn"], c["kind"]) for c in doc["changes"]) == [
        ("EARLY", "flag_raised"), ("KEEP", "half_term_new"), ("LATE", "half_term_new"),
    ]
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-13")
    exp = export_to(reg, D(2026, 11, 13), tmp_path)
    doc = _check(ws, exp)
    by = {p["upn"]: p for p in doc["pupils"]}
    assert by["LATE"]["lates_half_term"] == 4 and by["LATE"]["groups"] == ["lates"]
    assert by["LATE"]["new_groups"] == ["lates"]
    # (EARLY: in Autumn 2's group in the run compared with when it is Autumn 2's)
    assert by["EARLY"]["new_groups"] == ([] if not skipped else ["lates"])
    changes = sorted((c["upn"], c["kind"], c["detail"]) for c in doc["changes"])
    if skipped:
        assert changes == [
            ("EARLY", "flag_raised", "lates"),
            ("KEEP", "half_term_new", "lates: Autumn 2 began on 02/11/2026, and lates count "
             "per half term (4 in Autumn 1 as of 23/10/2026; 0 in Autumn 2 so far)"),
            ("LATE", "half_term_new_in", "lates: Autumn 2 began on 02/11/2026, and lates "
             "count per half term (4 in Autumn 1 as of 23/10/2026; 4 in Autumn 2 so far)"),
        ]  # fmt: skip
    else:
        assert changes == [("LATE", "flag_raised", "lates")]
    code, out, err = run_cli("check", exp, "-c", ws)
    assert code == 0, err
    said = " ".join(out.split())
    assert ("now in, a new half term" in said) is skipped
    assert "No change since" not in said
    # within one half term a pupil in the group both runs is no change (the holiday's
    # as-of date is still Autumn 1's)
    doc = _check(ws, exp, "--as-of", "2026-10-28")
    assert doc["changes"] == []
    assert all(p["new_groups"] == [] for p in doc["pupils"])


def test_without_a_run_on_record_new_marks_the_lateness_group_of_a_new_half_term(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No run on record: NEW compares with the check 7 days before (06/11 -> 30/10, the
    holiday: Autumn 1's lates).  LATE, 4 lates in
    Autumn 1 and 4 in Autumn 2's first week, is NEW in Autumn 2's lateness group: Autumn
    1's membership is not this half term's.  A week later (13/11, compared with 06/11, both
    Autumn 2) NEW is not marked again."""
    reg = register({
        "LATE": " ".join([WEEK] * 5 + [f"{L} {L} {L} {L} {P}", WEEK,
                                       f"{L} {L} {L} {L} {P}", WEEK]),
        "GOOD": " ".join([WEEK] * 9),
    }, holidays=HALF_TERM)  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-06")
    doc = _check(ws, export_to(reg, D(2026, 11, 6), tmp_path))
    by = {p["upn"]: p for p in doc["pupils"]}
    assert by["LATE"]["groups"] == ["lates"] and by["LATE"]["new_groups"] == ["lates"]
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-13")
    doc = _check(ws, export_to(reg, D(2026, 11, 13), tmp_path))
    by = {p["upn"]: p for p in doc["pupils"]}
    assert by["LATE"]["groups"] == ["lates"] and by["LATE"]["new_groups"] == []


def test_a_lates_stage_due_in_a_new_half_term_is_new_on_the_casebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The casebook's side of the lateness group of a new half term: a ladder whose first
    stage the lateness group starts (`when_flag = "lates"`).  LATE is due it as of 23/10
    (4 lates in Autumn 1, the run recorded by `cases`, nothing sent) and, with no run on
    06/11, due it again as of 13/11 on Autumn 2's 4 lates: NEW, as the check's lateness
    group is the same day (it was not: on the ladder in that run).  ANNA, due a red letter
    in both runs, is not NEW: bands do not count afresh.  Without a run on record (NEW
    against the casebook 7 days before, back across the holiday to 23/10) LATE is NEW on
    06/11 when due then too."""
    from test_sweep_lates import LATES_LADDER

    extra = AUTUMN_HALF_TERMS + LATES_LADDER + """
[[escalation.stages]]
name = "red"
action = "letter"
template = "red"
when_band = "red"
"""
    ws, fresh = make_workspace(tmp_path / "ws", extra), make_workspace(tmp_path / "ws2", extra)
    reg = register({
        "LATE": " ".join([WEEK] * 5 + [f"{L} {L} {L} {L} {P}", WEEK,
                                       f"{L} {L} {L} {L} {P}", WEEK]),
        "ANNA": " ".join([WEEK] * 4 + ["OO OO OO OO OO"] + [WEEK] * 4),
        "GOOD": " ".join([WEEK] * 9),
    }, holidays=HALF_TERM)  # fmt: skip

    def cases(day: dt.date, config: Path = ws) -> dict[str, tuple[str, bool]]:
        monkeypatch.setenv("ATTCLI_TODAY", f"{day}")
        code, out, err = run_cli("cases", export_to(reg, day, tmp_path), "-c", config,
                                 "--format", "json")  # fmt: skip
        assert code == 0, err
        return {c["upn"]: (c["due_stage"], c["new"]) for c in json.loads(out)["cases"]}

    # no run on record yet: NEW against the casebook 7 days before (back to 23/10)
    assert cases(D(2026, 11, 6), fresh) == {
        "LATE": ("late_letter", True), "ANNA": ("red", False),
    }  # fmt: skip
    assert cases(D(2026, 10, 23)) == {"LATE": ("late_letter", False), "ANNA": ("red", False)}
    assert cases(D(2026, 11, 13)) == {"LATE": ("late_letter", True), "ANNA": ("red", False)}


def test_the_casebook_says_a_pupil_gone_from_the_exports_may_be_a_upn_corrected(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """UPNX, red (44/50 as of 09/10) and due the red letter in `cases`' run of 09/10 (the
    run recorded, nothing sent); the export of 23/10 gives every row of his under UPNX2
    (a UPN corrected in the MIS), the same name and date of birth.  The check of 23/10
    says "perhaps UPNX2 (same name and birth date): attcli pupil merge UPNX UPNX2"; the
    casebook the same day listed UPNX as no longer due, "not in these exports: left the
    school, or not in the files given", with no name and nothing of UPNX2, NEW on the
    ladder: an officer read a leaver.  It now gives his name from the run's record and
    the same line as the check.  A pupil gone with no one alike in the exports keeps the
    line alone (GONE)."""
    marks = " ".join([WEEK] * 4 + ["OO OO OO /\\ /\\"] + [WEEK] * 2)
    reg = register({"UPNX": marks, "GONE": marks, "GOOD": " ".join([WEEK] * 7)})
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    code, out, err = run_cli("cases", export_to(reg, D(2026, 10, 9), tmp_path), "-c", ws)
    assert code == 0, err
    later = reg.filter(reg["upn"] != "GONE").with_columns(
        reg.filter(reg["upn"] != "GONE")["upn"].cast(str).replace("UPNX", "UPNX2")
        .cast(reg["upn"].dtype)
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    exp = export_to(later, D(2026, 10, 23), tmp_path)
    code, out, err = run_cli("check", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    merge = "attcli pupil merge UPNX UPNX2"
    assert any(merge in c["detail"] for c in json.loads(out)["changes"])
    code, out, err = run_cli("cases", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    gone = {x["upn"]: x for x in json.loads(out)["no_longer_due"]}
    assert gone["UPNX"]["reason"] == "not_in_exports"
    assert merge in gone["UPNX"]["detail"]
    assert "SurnameUPNX" in gone["UPNX"]["name"]
    assert "merge" not in gone["GONE"]["detail"]
    assert gone["GONE"]["detail"].endswith("not in the files given")
    code, out, err = run_cli("cases", exp, "-c", ws)
    assert code == 0, err
    assert "UPNX UPNX2" in " ".join(out.split())


@pytest.mark.parametrize("threshold", [3, 5])
def test_the_lateness_group_across_a_new_half_term_is_not_put_down_to_a_changed_threshold(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> None:
    """The run of 23/10 (Autumn 1's last day) by the default threshold (4+ lates); the
    school then sets `[lateness] threshold` to 3 (or 5) and runs the check on 13/11.

    - 3: THREE, 3 lates in Autumn 1 (not listed then) and 3 in Autumn 2, is in the group
      now. Today's threshold with Autumn 1's lates would have listed him on 23/10, but his
      group now is Autumn 2's lates, counted afresh (DOMAIN.md 4): a pupil "now in" the
      group (`flag_raised`), not "lateness flag by the threshold ... the threshold
      changed", nor counted in the thresholds note;
    - 5: FOUR, 4 lates in Autumn 1 (listed then) and none in Autumn 2, has left the group
      because a new half term began (`half_term_new`), not "no longer in, by the
      thresholds" (which says the run's listing would not stand today)."""
    reg = register({
        "THREE": " ".join([WEEK] * 5 + [f"{L} {L} {L} {P} {P}", WEEK,
                                        f"{L} {L} {L} {P} {P}", WEEK]),
        "FOUR": " ".join([WEEK] * 5 + [f"{L} {L} {L} {L} {P}"] + [WEEK] * 3),
        "GOOD": " ".join([WEEK] * 9),
    }, holidays=HALF_TERM)  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    doc = _check(ws, export_to(reg, D(2026, 10, 23), tmp_path), "--record")
    assert {p["upn"] for p in doc["pupils"] if "lates" in p["groups"]} == {"FOUR"}
    text = ws.read_text(encoding="utf-8")
    ws.write_text(text.replace("threshold = 4    # lates", f"threshold = {threshold}    # lates"),
                  encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-13")
    doc = _check(ws, export_to(reg, D(2026, 11, 13), tmp_path))
    changes = sorted((c["upn"], c["kind"]) for c in doc["changes"])
    if threshold == 3:
        assert changes == [("FOUR", "half_term_new"), ("THREE", "flag_raised")]
        assert {p["upn"]: p["new_groups"] for p in doc["pupils"]}["THREE"] == ["lates"]
    else:
        assert changes == [("FOUR", "half_term_new")]
    assert doc["compared_with_run"]["thresholds_note"] is None
