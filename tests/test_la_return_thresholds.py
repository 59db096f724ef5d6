"""`attcli la-return` says the sickness threshold it lists by: `[sickness] sessions` and
`[sickness] days` as configured, in every heading and the workbook's header block
(DOMAIN.md 7's 30 sessions or 15 days are the defaults only).

sweepE repro5: a workspace with `[sickness] days = 10` (sessions 20) and `[cme] days = 8`
printed "Illness, 15+ school days this school year" over a list made at 10 days, and the
workbook's header block said the same, while the unauthorised heading said "8+ school
days".

School days (autumn 2026 from Mon 7 Sep, half term 26-30 Oct): September d1-d18,
October d19-d35 (d21 = Mon 5 Oct, d30 = Fri 16 Oct, d35 = Fri 23 Oct).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from builders import register
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_la_return import HOLIDAY, SICK, P, days, read_return, write_export

D = dt.date
REASON = "an operation on 2 November"

PUPILS = {
    # I on every other day d2, d4 ... d20 (to Fri 2 Oct): 10 days, 20 sessions, never two
    # days in a row
    "APART": " ".join("I" if d % 2 == 0 and d <= 20 else P for d in range(1, 36)),
    # I d21-d30 (Mon 5 - Fri 16 Oct): 10 days in a row, 20 sessions
    "INAROW": days((20, P), (10, "I"), (5, P)),
    # in school every day: added by hand
    "HAND": days((35, P)),
}


@pytest.mark.parametrize(
    # (the workbook's header block says it as the terminal does: sweep looks9)
    ("sessions", "run", "listed", "terminal", "block", "expected"),
    [
        # 20 sessions or 10 days in a row: both pupils (20 sessions each)
        (20, 10, ["APART", "HAND", "INAROW"],
         "Illness, 10+ school days this school year",
         "Illness, 10+ school days this school year",
         "expected to miss 10 days through illness"),
        # 30 sessions or 10 days in a row: INAROW only (APART has 20 sessions, longest 1)
        (30, 10, ["HAND", "INAROW"],
         "Illness, 30+ sessions (15 school days) this school year, or 10+ school days in a row",
         "Illness, 30+ sessions (15 school days) this school year, or 10+ school days in a row",
         "expected to miss 15 days through illness, or 10 in a row"),
        # 21 sessions or 12 days in a row: neither (20 sessions each, longest 10)
        (21, 12, ["HAND"],
         "Illness, 21+ sessions (10.5 school days) this school year, or 12+ school days in a row",
         "Illness, 21+ sessions (10.5 school days) this school year, or 12+ school days in a row",
         "expected to miss 10.5 days through illness, or 12 in a row"),
    ],
)  # fmt: skip
def test_the_sickness_headings_say_the_configured_threshold(
    tmp_path: Path, sessions, run, listed, terminal, block, expected
) -> None:
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    text = config.read_text(encoding="utf-8")
    for old, new in (
        ("days = 10    # continuous school days", "days = 8    # continuous school days"),
        ("sessions = 30    # illness sessions", f"sessions = {sessions}    # illness sessions"),
        ("days = 15    # a run of", f"days = {run}    # a run of"),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    reg = register(PUPILS, start=D(2026, 9, 7), holidays=HOLIDAY)
    export = write_export(tmp_path / "oct.csv", reg, D(2026, 10, 31))
    n = len(listed)
    count = f"{n} pupil{'s' if n != 1 else ''}: {n} new"
    for out in (tmp_path / "oct.csv.out.csv", tmp_path / "oct.xlsx"):
        code, text, err = run_cli(
            "la-return", export, "--month", "2026-10", "-c", config, "-o", out,
            "--add", "HAND", "--reason", REASON, width=400,
        )  # fmt: skip
        assert code == 0, err
        flat = " ".join(text.split())
        assert f"{terminal}: {count}" in flat
        assert "Unauthorised absence, 8+ school days in a row: none" in flat
        assert "15+" not in flat or sessions == 30
    # the List column names the school's own threshold, not the default's 15 days
    code = {20: "sickness_10_days", 30: "sickness_30_sessions_or_10_days",
            21: "sickness_21_sessions_or_12_days"}[sessions]  # fmt: skip
    returned = read_return(tmp_path / "oct.csv.out.csv")
    assert not any(r["List"] == SICK for r in returned)
    rows = {r["UPN"]: r for r in returned if r["List"] == code}
    assert sorted(rows) == listed
    assert rows["HAND"]["Note"] == f"added by hand: {expected}: {REASON}"
    ws = load_workbook(tmp_path / "oct.xlsx").active
    labels = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 13)}
    assert labels[block] == count
    assert labels["Unauthorised absence, 8+ school days in a row"] == "0 pupils"
    assert not any("15+" in str(k) for k in labels)
