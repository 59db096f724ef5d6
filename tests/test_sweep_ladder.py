"""The escalation ladder run week by week with the real policies (DOMAIN.md 11; seeds 003
and 004): a sweep of hand-worked registers.

The registers are hand made (tests/builders.py) from Monday 7 September 2026, the half
term 26-30 October (tests/school.py's Autumn 2026); the workspaces are `attcli init
--ladder seedNNN` ones (tests/test_ladder_presets.py), run a week at a time.
"""

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


def _cases(cfg: Path, export: Path, as_of: str) -> dict:
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", as_of, "-f", "json")
    assert code == 0, err
    return {c["upn"]: c for c in json.loads(out)["cases"]}


def test_a_step_due_again_after_leaving_the_ladder_gives_the_figure_that_made_it_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004 (letter at or below 93 %, review meeting below 90 %).  BEA, by hand:
    7-18 Sep 17/20 = 85 %: the review meeting due on 18 Sep, held Mon 21 Sep; its period
    21 Sep - 18 Oct 35/40 = 87.5 %, at least 1 point above 85 %: improved, she leaves the
    ladder on 18 Oct.  Since then (19 Oct - 13 Nov: 15 school days over the half term)
    27/30 = 90.0 %: at or below 93 %, not below 90 %: the letter is due, though her year
    to date is 79/90 = 87.8 % (below 90 %).  The row said "87.8% | letter" and nothing
    else: a figure under the review meeting's line beside the letter, the figure the step
    was due by (90.0 % since leaving) nowhere, in the table, CSV or JSON."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-13")
    cfg = init_workspace(tmp_path / "ws", "seed004")
    weeks = [W, "/ / O /O /", "O / / / /", "/ / / / /O", W, "O / / / /", W,
             "/ / / / /O", "O / / / /"]  # fmt: skip
    export = write_long_csv(
        register({"BEA": " ".join(weeks)}, holidays=HALF_TERM), tmp_path / "reg.csv"
    )
    assert _cases(cfg, export, "2026-09-18")["BEA"]["due_stage"] == "review_meeting"
    code, _, err = run_cli("case", "record", "BEA", "--action", "review_meeting",
                           "--date", "2026-09-21", "-c", cfg)  # fmt: skip
    assert code == 0, err
    left = _cases(cfg, export, "2026-10-23")["BEA"]
    assert (left["status"], left["before_pct"], left["since_pct"]) == ("left", 85.0, 87.5)
    bea = _cases(cfg, export, "2026-11-13")["BEA"]
    assert (bea["due_stage"], bea["attendance_pct"]) == ("letter", 87.8)
    said = "attendance since leaving the ladder on 18/10/2026: 90.0% (27/30)"
    assert said in bea["note"]
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", "2026-11-13")
    assert code == 0, err
    assert said in " ".join(out.split())
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", "2026-11-13", "-f", "csv")
    assert code == 0, err
    assert said in out
