"""The escalation ladder a second time, run a term of weeks with the real policies
(DOMAIN.md 11; seeds 003 and 004): registers worked by hand (tests/builders.py, from
Monday 7 September 2026, the half term 26-30 October), `attcli init --ladder seedNNN`
workspaces (tests/test_ladder_presets.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from test_ladder_presets import init_workspace

W = "/ / / / /"  # a full week: 10 of 10
HALF_TERM = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def _run(cfg: Path, export: Path, as_of: str, fmt: str = "json") -> str:
    # (a table as wide as its longest cell: no outcome wrapped inside its cell)
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", as_of, "-f", fmt, width=400)
    assert code == 0, err
    return out


def _record(cfg: Path, upn: str, stage: str, day: str) -> None:
    code, _, err = run_cli("case", "record", upn, "--action", stage, "--date", day, "-c", cfg)
    assert code == 0, err


def test_a_run_after_weeks_without_one_lists_what_ended_and_who_left_since_the_last_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004.  AMY and LEO, by hand: 7-18 Sep 17/20 = 85 %, below 90 %: the review
    meeting due in the run as of Fri 18 Sep; both held Mon 21 Sep (period 21 Sep - 18 Oct).
    LEO's marks end Fri 2 Oct (he left: his period is cut short, not judged).  AMY's
    period 35/40 = 87.5 %, 2.5 points above 85 %: improved, she leaves the ladder on 18 Oct.
    The school's next run is as of Fri 6 Nov (none as of 25 Sep - 23 Oct).  It listed
    nobody: "0 pupils on the ladder", no review, no leaver; two pupils who were on the
    ladder in the last run on record were gone with no word.  Each is listed once, in the
    first run after the last check on record, however many weeks that is; and not again."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-04")
    cfg = init_workspace(tmp_path / "ws", "seed004")
    first = [W, "/ / O /O /", "O / / / /", "/ / / / /O"]
    amy = first + [W, "O / / / /", W, "/ / / / /O", "O / / / /", W, W, W]
    export = write_long_csv(
        register({"AMY": " ".join(amy), "LEO": " ".join(first)}, holidays=HALF_TERM),
        tmp_path / "reg.csv",
    )
    due = {c["upn"]: c["due_stage"] for c in json.loads(_run(cfg, export, "2026-09-18"))["cases"]}
    assert due == {"AMY": "review_meeting", "LEO": "review_meeting"}
    _record(cfg, "AMY", "review_meeting", "2026-09-21")
    _record(cfg, "LEO", "review_meeting", "2026-09-21")
    got = {c["upn"]: c for c in json.loads(_run(cfg, export, "2026-11-06"))["cases"]}
    assert set(got) == {"AMY", "LEO"}
    amy_row, leo_row = got["AMY"], got["LEO"]
    assert (amy_row["status"], amy_row["before_pct"], amy_row["since_pct"]) == ("left", 85.0, 87.5)
    assert amy_row["improved"] is True
    assert (leo_row["status"], leo_row["improved"]) == ("off_roll", None)
    text = " ".join(_run(cfg, export, "2026-11-06", "table").split())
    assert "since the last check on record (after 18/09/2026)" in text
    assert "No longer on roll (1)" in text
    # listed once: the next week's run (the last on record as of 06/11) lists neither as
    # left (AMY, 8/10 on 9-13 Nov, is due the letter again: 27/30 = 90.0 % since leaving)
    later = {c["upn"]: c for c in json.loads(_run(cfg, export, "2026-11-13"))["cases"]}
    assert "LEO" not in later and later["AMY"]["status"] == "due"


def test_a_period_with_too_few_sessions_is_not_judged_improved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004 (improved: 1 point better, or 95 % over the period), the school's minimum
    10 possible sessions (DOMAIN.md 3: fewer is "too little data to judge").  By hand:
    CAL, 7-18 Sep 17/20 = 85 %: review meeting held Mon 21 Sep, period 21 Sep - 18 Oct;
    in custody (Y5, no possible session) all of it but Mon 12 Oct, 2/2 attended: 100 %
    over the period, "improved: leaves the ladder" on 2 sessions.  It cannot be judged: a
    review by hand from 19 Oct, saying why.  ELI, the same but a whole week in school
    (10/10, the minimum exactly), is judged: improved, he leaves the ladder."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-04")
    cfg = init_workspace(tmp_path / "ws", "seed004")
    first = [W, "/ / O /O /"]
    away = "Y5.Y5 Y5.Y5 Y5.Y5 Y5.Y5 Y5.Y5"
    pupils = {
        "CAL": " ".join(first + [away, away, "/ " + " ".join(["Y5.Y5"] * 4), away, W]),
        "ELI": " ".join(first + [away, away, W, away, W]),
    }
    export = write_long_csv(register(pupils, holidays=HALF_TERM), tmp_path / "reg.csv")
    _run(cfg, export, "2026-09-18")
    for upn in pupils:
        _record(cfg, upn, "review_meeting", "2026-09-21")
    got = {c["upn"]: c for c in json.loads(_run(cfg, export, "2026-10-23"))["cases"]}
    cal = got["CAL"]
    assert (cal["before_pct"], cal["since_pct"], cal["improved"]) == (85.0, 100.0, None)
    assert (cal["status"], cal["due"], cal["due_from"]) == ("review", "review", "2026-10-19")
    assert (got["ELI"]["status"], got["ELI"]["improved"]) == ("left", True)
    text = " ".join(_run(cfg, export, "2026-10-23", "table").split())
    assert "cannot judge (too few sessions: 2 over the period, fewer than 10)" in text
