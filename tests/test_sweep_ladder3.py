"""Seed 003's escalation ladder (DOMAIN.md 11) worked by hand: the sweep of 4 December
(fourth), ladder3.  Registers from Monday 7 September 2026, half term 26-30 October
(tests/school.py's Autumn 2026); `attcli init --ladder seed003` workspaces with the
autumn half terms listed (tests/test_ladder_presets.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from test_ladder_presets import cases_by_upn, init_workspace

W = "/ / / / /"  # a full week: 10 of 10
HALF_TERM = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def _days(attended: int, days: int) -> str:
    """`days` school days with `attended` of their sessions present, absences first."""
    missed, toks = 2 * days - attended, []
    for _ in range(days):
        toks.append("O" if missed >= 2 else "/O" if missed == 1 else "/")
        missed -= min(missed, 2)
    return " ".join(toks)


def test_seed003_lines_fall_on_exact_fractions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As of Fri 9 Oct (25 days, 50 sessions; 49 for those missing a last session):
    48/50 = 96.0 % green, nothing due; 47/49 = 95.92 % upper amber; 47/50 = 94.0 % upper
    amber; 46/49 = 93.88 % lower amber; 45/50 = 90.0 % lower amber; 44/49 = 89.80 % below
    90 %: the meeting."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    cfg = init_workspace(tmp_path / "ws", "seed003")
    short = lambda a: _days(a, 24) + " /!"  # noqa: E731  (49 sessions: 24 days and an AM)
    pupils = {"G960": _days(48, 25), "U959": short(46), "U940": _days(47, 25),
              "L939": short(45), "L900": _days(45, 25), "R899": short(43)}  # fmt: skip
    export = write_long_csv(register(pupils, holidays=HALF_TERM), tmp_path / "reg.csv")
    got = cases_by_upn(cfg, export, "2026-10-09")
    assert "G960" not in got
    due = {upn: got[upn]["due_stage"] for upn in got}
    assert due == {"U959": "upper_amber", "U940": "upper_amber", "L939": "lower_amber",
                   "L900": "lower_amber", "R899": "below_90_meeting"}  # fmt: skip


def test_seed003_meeting_period_runs_over_the_half_term_to_the_panel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MEG, 80 % all autumn (one day in five missed from week 2): the meeting held Mon 19
    Oct; its half-term period runs to the end of the next half term (Autumn 2, 18 Dec),
    over the holiday 26-30 Oct, which counts no session.  Before it: 7 Sep - 16 Oct,
    48/60 = 80.0 %; over it 19-23 Oct and 2 Nov - 18 Dec, 8 weeks, 64/80 = 80.0 %: not 1
    point better, not 96 %: the attendance panel due from Sat 19 Dec."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    cfg = init_workspace(tmp_path / "ws", "seed003")
    weeks = [W, "O O / / /"] + ["O / / / /"] * 12
    export = write_long_csv(
        register({"MEG": " ".join(weeks)}, holidays=HALF_TERM), tmp_path / "reg.csv"
    )
    assert cases_by_upn(cfg, export, "2026-10-16")["MEG"]["due_stage"] == "below_90_meeting"
    code, _, err = run_cli("case", "record", "MEG", "--action", "below_90_meeting",
                           "--date", "2026-10-19", "-c", cfg)  # fmt: skip
    assert code == 0, err
    mid = cases_by_upn(cfg, export, "2026-11-06")["MEG"]
    assert (mid["status"], mid["period_end"]) == ("monitoring", "2026-12-18")
    end = cases_by_upn(cfg, export, "2026-12-18")["MEG"]
    assert end["before"] == {"attended": 48, "possible": 60, "pct": 80.0}
    assert (end["since_pct"], end["due_stage"], end["due_from"]) == (
        80.0,
        "attendance_panel",
        "2026-12-19",
    )


SPRING_1 = """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
"""


def test_a_meeting_on_the_first_day_of_a_half_term_is_monitored_over_that_half_term(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003: "further monitoring will take place over the next half term".  MEG's
    meeting is held on Mon 2 Nov, the first day of Autumn 2: the whole of Autumn 2 is
    ahead of it, so its period is Autumn 2 (to 18 Dec), as for a meeting the Friday before
    the holiday.  It ran to the end of Spring 1 (12 Feb): "the N-th half term that starts
    after S" left out the half term starting on S itself, so a meeting on the first day
    of a half term waited three and a half months to be judged, and the panel with it.
    By hand: before it, 16 Sep - 1 Nov (47 days): 16-18 Sep 6/6 and 21 Sep - 23 Oct
    40/50, 46/56 = 82.1 %; over it 2 Nov - 18 Dec 56/70 = 80.0 %: not improved, the panel
    due from 19 Dec."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    cfg = init_workspace(tmp_path / "ws", "seed003")
    cfg.write_text(cfg.read_text(encoding="utf-8") + SPRING_1, encoding="utf-8")
    weeks = [W, "O O / / /"] + ["O / / / /"] * 12
    export = write_long_csv(
        register({"MEG": " ".join(weeks)}, holidays=HALF_TERM), tmp_path / "reg.csv"
    )
    assert cases_by_upn(cfg, export, "2026-10-23")["MEG"]["due_stage"] == "below_90_meeting"
    code, _, err = run_cli("case", "record", "MEG", "--action", "below_90_meeting",
                           "--date", "2026-11-02", "-c", cfg)  # fmt: skip
    assert code == 0, err
    mid = cases_by_upn(cfg, export, "2026-11-06")["MEG"]
    assert (mid["status"], mid["period_end"]) == ("monitoring", "2026-12-18")
    end = cases_by_upn(cfg, export, "2026-12-18")["MEG"]
    assert end["before"] == {"attended": 46, "possible": 56, "pct": 82.1}
    assert (end["since_pct"], end["due_stage"], end["due_from"]) == (
        80.0,
        "attendance_panel",
        "2026-12-19",
    )


def test_the_panel_on_the_first_day_after_christmas_is_judged_at_that_half_term_s_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003's panel then the LA.  MEG, absent every Monday from week 3 (80 %): the
    meeting on Mon 19 Oct, its period to 18 Dec 64/80 = 80.0 % against 48/60 = 80.0 %: the
    panel due from 19 Dec, held Mon 4 Jan, the first day of Spring 1 (listed; Spring 2
    not).  "A further half term": Spring 1, to 12 Feb (it had no known end: Spring 2 is not
    listed).  Before it, the 40 days 25 Nov - 3 Jan (Christmas 21 Dec - 3 Jan no session):
    25-27 Nov and 30 Nov - 18 Dec, 18 days, Mondays 30/11, 7/12, 14/12 missed: 30/36 =
    83.3 %; over it 48/60 = 80.0 %: not improved, the LA referral due from Sat 13 Feb."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-02-12")
    cfg = init_workspace(tmp_path / "ws", "seed003")
    cfg.write_text(cfg.read_text(encoding="utf-8") + SPRING_1, encoding="utf-8")
    christmas = [dt.date(2026, 12, 21) + dt.timedelta(days=i) for i in range(14)]
    weeks = [W, "O O / / /"] + ["O / / / /"] * 18
    export = write_long_csv(
        register({"MEG": " ".join(weeks)}, holidays=HALF_TERM + christmas), tmp_path / "r.csv"
    )
    assert cases_by_upn(cfg, export, "2026-10-16")["MEG"]["due_stage"] == "below_90_meeting"
    for stage, day, as_of in (("below_90_meeting", "2026-10-19", "2026-12-18"),
                              ("attendance_panel", "2027-01-04", "2027-01-08")):  # fmt: skip
        code, _, err = run_cli("case", "record", "MEG", "--action", stage, "--date", day,
                               "-c", cfg)  # fmt: skip
        assert code == 0, err
        assert cases_by_upn(cfg, export, as_of)["MEG"]["stage"] == stage
    mid = cases_by_upn(cfg, export, "2027-01-08")["MEG"]
    assert (mid["status"], mid["period_end"]) == ("monitoring", "2027-02-12")
    end = cases_by_upn(cfg, export, "2027-02-12")["MEG"]
    assert end["before"] == {"attended": 30, "possible": 36, "pct": 83.3}
    assert (end["since_pct"], end["due_stage"], end["due_from"]) == (
        80.0,
        "la_referral",
        "2027-02-13",
    )
