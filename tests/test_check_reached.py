"""A run of unexplained absence that reached the CME threshold and ended between two weekly
checks (DOMAIN.md 6: the LA must be told of ANY pupil absent without reason for 10 school
days or more).  A tester's spring term: Dylan Dunn was "9 school days ... since 19/01" on
Fri 29/01, his run ended on its 10th day (Mon 01/02) and he came back; the check of
05/02 said only "no longer in absence", and no check ever listed the 10 days.

The register (tests/builders.py) runs Mon 7 Sep to Fri 2 Oct 2026 (20 school days, no
holiday between):
  week 1: 7 8 9 10 11   week 2: 14 15 16 17 18   week 3: 21 .. 25   week 4: 28 29 30 1 2
TEN   present Mon 7 - Mon 14, N Tue 15 - Mon 28 (4 + 5 + 1 = 10 days), present Tue 29 on.
NINE  present Mon 7 - Tue 15, N Wed 16 - Mon 28 (3 + 5 + 1 = 9 days), present Tue 29 on.
OLD   present Mon 7, N Tue 8 - Mon 21 (4 + 5 + 1 = 10 days), present Tue 22 on.
EDGE  present week 1, N Mon 14 - Fri 25 (5 + 5 = 10 days), present week 4.
FINE  present throughout.
With no recorded run, a check compares with the check 7 days earlier.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from attcli.check import check_register
from attcli.config import parse_config
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
START = D(2026, 9, 7)
CONFIG = parse_config(AUTUMN_HALF_TERMS)
P, N = "/\\", "N"


def marks(*parts: tuple[str, int]) -> str:
    return " ".join(tok for tok, n in parts for _ in range(n))


PUPILS = {
    "TEN": marks((P, 6), (N, 10), (P, 4)),
    "NINE": marks((P, 7), (N, 9), (P, 4)),
    "OLD": marks((P, 1), (N, 10), (P, 9)),
    "EDGE": marks((P, 5), (N, 10), (P, 5)),
    "FINE": marks((P, 20)),
}
REG = register(PUPILS, start=START)

TEN_REASON = (
    "10 school days of unexplained absence 15/09/2026 to 28/09/2026 (N), ended since the "
    "check as of 25/09/2026: reached 10 school days, tell the local authority "
    "(children missing education); last attended 14/09/2026"
)


def absence(result) -> dict[str, str]:  # noqa: ANN001
    return dict(result.members("absence").select("upn", "reason_absence").rows())


def test_a_run_of_exactly_10_days_ending_between_two_checks_is_listed_9_days_not():
    # as of Fri 2 Oct, compared with Fri 25 Sep.  TEN: 10 days, ended Mon 28 Sep (after
    # 25 Sep): listed, to tell the LA.  NINE: 9 days, ended the same day: not (below 10;
    # and no longer current, so not the safe-and-well 3 either).  OLD ended Mon 21 Sep,
    # before the check compared with: it was due then, not listed again.  EDGE ended Fri
    # 25 Sep, the compared check's own date: that check listed it as current, 10 days.
    result = check_register(REG, CONFIG, as_of=D(2026, 10, 2))
    assert result.previous_as_of == D(2026, 9, 25)
    assert absence(result) == {"TEN": TEN_REASON}
    # in the absence group on 25 Sep too (current, 9 days): in the group, not NEW
    ten = result.pupils.filter(upn="TEN").row(0, named=True)
    assert "absence" in ten["groups"] and "absence" not in ten["new_groups"]


def test_the_week_before_lists_the_run_that_ended_since_and_the_current_ones():
    # as of Fri 25 Sep, compared with Fri 18 Sep: TEN current 9 days (15-18, 21-25), NINE
    # current 8, EDGE current 10 (14-18, 21-25); OLD ended Mon 21 Sep after 10 days
    # (8-11, 14-18, 21), after 18 Sep: listed, to tell the LA.
    result = check_register(REG, CONFIG, as_of=D(2026, 9, 25))
    assert result.previous_as_of == D(2026, 9, 18)
    got = absence(result)
    assert sorted(got) == ["EDGE", "NINE", "OLD", "TEN"]
    assert got["OLD"] == (
        "10 school days of unexplained absence 08/09/2026 to 21/09/2026 (N), ended since "
        "the check as of 18/09/2026: reached 10 school days, tell the local authority "
        "(children missing education); last attended 07/09/2026"
    )
    assert got["EDGE"] == (
        "10 school days of unexplained absence since 14/09/2026 (N): reached 10 school days, "
        "tell the local authority (children missing education); last attended "
        "11/09/2026"
    )


def test_the_threshold_is_the_configs_cme_days():
    # [cme] days = 9: NINE's 9 days (16-18, 21-25, 28), ended Mon 28 Sep, are listed too
    config = parse_config(AUTUMN_HALF_TERMS + "\n[cme]\ndays = 9\n")
    got = absence(check_register(REG, config, as_of=D(2026, 10, 2)))
    assert sorted(got) == ["NINE", "TEN"]
    assert got["NINE"].startswith(
        "9 school days of unexplained absence 16/09/2026 to 28/09/2026 (N), ended since the "
        "check as of 25/09/2026: reached 9 school days, tell the local authority"
    )


def test_a_pupil_absent_again_after_a_run_that_reached_10_days_has_both_said():
    # AGAIN: TEN's run (15-28 Sep), present Tue 29, N again Wed 30 - Fri 2 Oct (3 days,
    # current): the safe-and-well 3 days and the 10 days to tell the LA about, both
    reg = register({"AGAIN": marks((P, 6), (N, 10), (P, 1), (N, 3)), "FINE": marks((P, 20))},
                   start=START)  # fmt: skip
    got = absence(check_register(reg, CONFIG, as_of=D(2026, 10, 2)))
    assert got == {
        "AGAIN": "3 school days of unexplained absence since 30/09/2026 (N); last attended "
        "29/09/2026; before: " + TEN_REASON
    }


def test_the_last_recorded_run_is_what_the_check_compares_with(tmp_path: Path):
    # a run recorded as of Fri 18 Sep, none as of 25 Sep (a week missed): the check of
    # Fri 2 Oct compares with 18 Sep, and lists every 10-day run that ended since: OLD
    # (21 Sep), EDGE (25 Sep), TEN (28 Sep); in the JSON's reasons with the run as
    # evidence, and in the table
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    exp = write_long_csv(REG, tmp_path / "export.csv")
    code, _, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-09-18", "--record",
                           "--format", "json")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-10-02", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with"] == "2026-09-18"
    listed = {p["upn"]: p for p in doc["pupils"] if "absence" in p["groups"]}
    assert sorted(listed) == ["EDGE", "OLD", "TEN"]
    assert listed["TEN"]["reasons"]["absence"] == TEN_REASON.replace(
        "check as of 25/09/2026", "check recorded as of 18/09/2026"
    )
    assert listed["EDGE"]["reasons"]["absence"].startswith(
        "10 school days of unexplained absence 14/09/2026 to 25/09/2026 (N), ended since the "
        "check recorded as of 18/09/2026: reached 10 school days"
    )
    runs = [r for r in listed["OLD"]["evidence"]["runs"] if r["kind"] == "unexplained"]
    assert runs == [{"kind": "unexplained", "start": "2026-09-08", "end": "2026-09-21",
                     "days": 10, "codes": ["N"], "current": False}]  # fmt: skip
    # all three were in the absence group of the run as of 18 Sep (current then): not NEW
    assert not any("absence" in listed[u]["new_groups"] for u in ("EDGE", "OLD", "TEN"))
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-10-02", width=400)
    assert code == 0, err
    assert "ended since the check recorded as of 18/09/2026: reached 10 school days" in out


def test_with_nothing_to_compare_with_every_such_run_ending_in_the_period_is_listed():
    # --from Mon 28 Sep, as of Fri 2 Oct: 7 days earlier (25 Sep) is before the period,
    # nothing to compare with.  TEN's run ended Mon 28 Sep, in the period: listed; OLD's
    # (21 Sep) and EDGE's (25 Sep) ended before it, NINE's is 9 days
    result = check_register(REG, CONFIG, as_of=D(2026, 10, 2), period_start=D(2026, 9, 28))
    assert result.previous_as_of is None
    assert absence(result) == {
        "TEN": TEN_REASON.replace(
            "ended since the check as of 25/09/2026",
            "ended in the period (no earlier check to compare with)",
        )
    }
