"""The weekly check's penalty-notice group and N marks (reason not yet established,
DOMAIN.md 12).  A tester's check of 06/10/2025 listed Nell Runner at the threshold on 10
unauthorised sessions, all N 0-4 school days old (6 of them illness in the next export),
with "Action: consider a notice to improve or a penalty notice".  N counts as unauthorised
(DOMAIN.md 1), so the flag stays; but a local authority returns a request whose window
holds N (DOMAIN.md 5), and the letters already hold a warning resting on N not yet due to
be resolved (docs/decisions.md): the same rule (attcli.quality.window_n) says so here.

The registers are hand made (tests/builders.py) from Monday 7 September 2026:
  week 1: 7 8 9 10 11   week 2: 14 15 16 17 18
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from attcli.check import check_register
from attcli.config import parse_config
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
START = D(2026, 9, 7)
CONFIG = parse_config(AUTUMN_HALF_TERMS)
P = "/\\"


def days(*parts: tuple[str, int]) -> str:
    return " ".join(tok for tok, n in parts for _ in range(n))


# ---------------------------------------------------------------- 1. the penalty notice
# As of Fri 18 Sep: an N of Fri 18 is 0 school days old, of Mon 14 4, of Fri 11 5 (still
# within the 5 allowed), of Thu 10 6 (stale: the data-quality list's).
PN = {
    # 14-18 N: 10 N, all 0-4 days old; 10 - 10 = 0 without them: rests on them
    "ALLN": days((P, 5), ("N", 5)),
    # Mon 14 AM G, PM N, 15-18 N: 1 G + 9 N; 10 - 9 = 1 without them: rests on them
    "NINE": days((P, 5), ("GN", 1), ("N", 4)),
    # 14-18 O: 10 unauthorised, no N: the plain action
    "PLAIN": days((P, 5), ("O", 5)),
    # Fri 11 - Thu 17 O (10), Fri 18 N (2, 0 days old): 12, and 10 without the N: the
    # threshold does not rest on them, but the window holds N
    "MIXED": days((P, 4), ("O", 5), ("N", 1)),
    # 7-10 N (8, 6-9 days old: stale), Fri 18 O (2): 10, none still within the 5 days
    "STALE": days(("N", 4), (P, 5), ("O", 1)),
    "FINE": days((P, 10)),
}
AS_OF = D(2026, 9, 18)
FIND = "find the reasons before a notice"
LA = " (a local authority returns a request whose window holds N)"


def pn_reasons(result) -> dict[str, str]:  # noqa: ANN001
    return dict(result.members("pn").select("upn", "reason_pn").rows())


def test_the_penalty_notice_reason_counts_the_window_s_n_marks():
    result = check_register(register(PN, start=START), CONFIG, as_of=AS_OF)
    got = pn_reasons(result)
    assert sorted(got) == ["ALLN", "MIXED", "NINE", "PLAIN", "STALE"]
    rests = "; the threshold rests on the {} still within the 5 school days allowed to resolve them"
    notes = {
        "ALLN": f"10 of the 10 are N (reason not yet established): {FIND}" + rests.format(10),
        "NINE": f"9 of the 10 are N (reason not yet established): {FIND}" + rests.format(9),
        "MIXED": f"2 of the 12 are N (reason not yet established): {FIND}{LA}",
        "STALE": f"8 of the 10 are N (reason not yet established): {FIND}{LA}",
    }
    for upn, note in notes.items():
        assert got[upn].endswith("; " + note), (upn, got[upn])
        assert got[upn].count(" are N ") == 1
    # no N in the window: the reason as it was
    assert got["PLAIN"] == (
        "10 unauthorised sessions in the 2 school weeks 07/09/2026 to 18/09/2026 (first met "
        "18/09/2026); of compulsory school age; next notice: not known (no workspace, so no "
        "record of notices)"
    )
    # the flag stays: N counts as unauthorised (DOMAIN.md 1)
    flagged = result.pupils.filter(pl.col("upn").is_in(["ALLN", "NINE"]))
    assert flagged.get_column("pn_threshold_met").to_list() == [True, True]


def test_the_penalty_notice_action_advises_no_notice_while_the_window_holds_n():
    mixed = check_register(register(PN, start=START), CONFIG, as_of=AS_OF)
    # (the group's own action, the plain one, as it was)
    assert next(g for g in mixed.groups if g.key == "pn").action == (
        "consider a notice to improve or a penalty notice"
    )
    # every pupil of the group with N in the window: no notice advised
    only_n = check_register(
        register({k: PN[k] for k in ("ALLN", "NINE", "FINE")}, start=START), CONFIG, as_of=AS_OF
    )
    assert only_n.action_for("pn") == (
        "find the reasons for the N marks in the window first (each pupil's reason says how "
        "many): no notice while the window holds N"
    )
    # some with, some without: the notice for the others, the reasons first for these
    assert mixed.action_for("pn") == (
        "consider a notice to improve or a penalty notice; for the 4 pupils whose window "
        "holds N marks, find the reasons first (their reasons say how many)"
    )
    # no N in any window: the plain action; other groups' actions as they were
    plain = check_register(
        register({k: PN[k] for k in ("PLAIN", "FINE")}, start=START), CONFIG, as_of=AS_OF
    )
    assert plain.action_for("pn") == "consider a notice to improve or a penalty notice"
    assert plain.action_for("absence") == mixed.action_for("absence")


def test_the_terminal_csv_and_json_carry_it(tmp_path: Path):
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({k: PN[k] for k in ("ALLN", "NINE", "FINE")}, start=START)
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    args = ("check", exp, "-c", ws, "--as-of", "2026-09-18")
    code, out, err = run_cli(*args, width=80)  # (each pupil's reason on lines of its own)
    assert code == 0, err
    text = " ".join(out.split())
    assert (
        "Action: find the reasons for the N marks in the window first (each pupil's reason "
        "says how many): no notice while the window holds N"
    ) in text
    assert "Action: consider a notice" not in text
    assert f"9 of the 10 are N (reason not yet established): {FIND}" in text
    code, out, err = run_cli(*args, "--format", "json")
    assert code == 0, err
    reasons = {p["upn"]: p["reasons"].get("pn") for p in json.loads(out)["pupils"]}
    assert f"10 of the 10 are N (reason not yet established): {FIND}" in reasons["ALLN"]
    code, out, err = run_cli(*args, "--format", "csv")
    assert code == 0, err
    assert f"9 of the 10 are N (reason not yet established): {FIND}" in out
