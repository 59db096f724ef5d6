"""A referral pack's monitoring periods are the ones `attcli cases` places (DOMAIN.md 9, 11).

Seed 004's ladder (`attcli init --ladder seed004`: a letter at or below 93 %, then a
support meeting, a review meeting below 90 %, a formal review, each 4 weeks; improved at
1 point above the weeks before or 95 % over the period).  Autumn 2026 from Mon 7 Sep, the
half term 26-30 Oct.  Worked by hand:

- BEN misses every Friday morning (O), present otherwise: 9 of 10 sessions a week.
  letter Fri 11/09: period 11/09 to 08/10; before it (14/08 to 10/09) 7-10 Sep, 8/8; over
  it 20 school days, 4 Friday mornings missed, 36/40 = 90 %: not improved.
  support_meeting Mon 12/10: 12/10 to 08/11; before it (14/09 to 11/10) 36/40; over it
  12-23 Oct and 2-6 Nov, 15 days, 27/30: not improved.
  review_meeting Mon 16/11: 16/11 to 13/12; before it (19/10 to 15/11) 15 days, 27/30;
  over it 20 days, 36/40: not improved; the formal review is due only below 90 % (step 9,
  while_below; sweep policies2) and BEN is at 90.0 %: it waits, he stays at the review
  meeting, not improved.
  The end-of-term letters run sends him the band's amber letter again on Fri 11/12: a
  record of a stage earlier than the one he is at, which moves nothing (docs/cases.md
  step 7): `cases` keeps him at review_meeting.  The pack listed it as a fourth period,
  "letter 11/12/2026 to 07/01/2027, running", one `cases` never began.
- DEE misses Friday mornings too and leaves after Fri 02/10 (no mark after).  letter Fri
  11/09: period 11/09 to 08/10, cut short by leaving on 02/10 and not judged (`cases`:
  off roll, improved null).  The pack said "not improved" over 28/32 (11/09 to 02/10).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from attcli.store import History
from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file
from test_ladder_presets import init_workspace

HALF_TERM = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
WEEK = " ".join(["/\\"] * 4 + ["O\\"])  # Mon-Thu present, Fri AM unauthorised
AS_OF = "2026-12-18"
IMPROVED_WHEN = "at least 1 point above the attendance before it, or at least 95% over the period"


@pytest.fixture()
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    monkeypatch.setenv("ATTCLI_TODAY", AS_OF)
    cfg = init_workspace(tmp_path / "ws", "seed004")
    pupils = {"BEN": " ".join([WEEK] * 14), "DEE": " ".join([WEEK] * 4)}
    export = write_long_csv(register(pupils, holidays=HALF_TERM), tmp_path / "reg.csv", dob=True)
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("BEN", "C1", "Ms", "Ada", "SurnameBEN"), ("DEE", "C2", "Mr", "Bo", "SurnameDEE")],
    )
    with History(cfg.parent / "attcli-history.sqlite3", write=True) as store:
        for upn, stage, day in [
            ("BEN", "letter", dt.date(2026, 9, 11)),
            ("BEN", "support_meeting", dt.date(2026, 10, 12)),
            ("BEN", "review_meeting", dt.date(2026, 11, 16)),
            ("BEN", "letter", dt.date(2026, 12, 11)),  # the end-of-term letter again
            ("DEE", "letter", dt.date(2026, 9, 11)),
        ]:
            store.record_action(upn, stage, day, note="test", by="test")
    return cfg, export, contacts


def cases(cfg: Path, export: Path) -> dict:
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    return {c["upn"]: c for c in json.loads(out)["cases"]}


def periods(cfg: Path, export: Path, contacts: Path, upn: str) -> list[dict]:
    code, out, err = run_cli(
        "evidence", upn, export, "--contacts", contacts, "-c", cfg, "--as-of", AS_OF,
        "--for", "referral", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)["monitoring_periods"]


def test_a_letter_that_moved_nothing_on_the_ladder_is_no_period_in_the_referral(school):
    cfg, export, contacts = school
    ben = cases(cfg, export)["BEN"]
    assert (ben["stage"], ben["since"], ben["period_end"]) == (
        "review_meeting", "2026-11-16", "2026-12-13",
    )  # fmt: skip
    assert (ben["improved"], ben["status"], ben["due_stage"], ben["due_from"]) == (
        False, "not_improved", None, None,
    )  # fmt: skip
    assert ben["attendance_pct"] == 90.0
    got = [
        (p["stage"], p["from"], p["to"], p["before"], p["over"], p["outcome"])
        for p in periods(cfg, export, contacts, "BEN")
    ]
    assert got == [
        ("letter", "2026-09-11", "2026-10-08", {"attended": 8, "possible": 8},
         {"attended": 36, "possible": 40}, "not improved"),
        ("support_meeting", "2026-10-12", "2026-11-08", {"attended": 36, "possible": 40},
         {"attended": 27, "possible": 30}, "not improved"),
        ("review_meeting", "2026-11-16", "2026-12-13", {"attended": 27, "possible": 30},
         {"attended": 36, "possible": 40}, "not improved"),
    ]  # fmt: skip


def test_a_period_cut_short_by_leaving_is_not_judged_in_the_referral(school):
    cfg, export, contacts = school
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", "2026-10-09", "-f", "json")
    assert code == 0, err
    dee = {c["upn"]: c for c in json.loads(out)["cases"]}["DEE"]
    assert (dee["status"], dee["period_end"], dee["improved"]) == ("off_roll", "2026-10-08", None)
    assert periods(cfg, export, contacts, "DEE") == [
        {
            "stage": "letter", "title": "Letter offering support", "from": "2026-09-11",
            "to": "2026-10-08", "before": {"attended": 8, "possible": 8},
            "over": {"attended": 28, "possible": 32}, "improved_when": IMPROVED_WHEN,
            "outcome": "not judged: cut short by leaving the roll on 02/10/2026",
        }
    ]  # fmt: skip
