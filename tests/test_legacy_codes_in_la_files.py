"""Legacy codes are counted as they counted when recorded, "and say so in the output"
(DOMAIN.md 1). The terminal said so, and the check's JSON and the report; the files the
local authority receives, which it reads alone, did not: a register check or monthly
return counting `H` and `F` as authorised absence, unsaid. Their header block now has a
"Codes" row saying which legacy codes the figures count and as what.

The Arbor example holds H on 6 sessions (14-16 Oct) and F on 6 (7-9 Dec), authorised; J
on 1 (approved educational activity) and Y on 1 (not possible), counted by hand from its
Mark column. November's return (as of 30 Nov) counts the marks up to then: H and J."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from attcli.codes import legacy_line
from attcli.errors import sentence
from builders import register
from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "exports" / "arbor_autumn_2026.csv"
CONFIG = ROOT / "examples" / "attcli.toml"
# (the example's marks are of autumn 2026, when these codes were no longer in use: the line
# says so, tests/test_sweep_legacy.py)
SINCE = "all recorded on or after 19/08/2024"
ONE = "recorded on or after 19/08/2024"  # (of one session: not "all"; sweep looks11)
LINE = (
    f"legacy codes (no longer in use) counted as they counted when in use: F on 6 sessions, "
    f"as authorised, {SINCE}; H on 6 sessions, as authorised, {SINCE}; J on 1 session, as "
    f"approved educational activity (attended), {ONE}; Y on 1 session, as not possible, "
    f"{ONE}: to recode in the MIS"
)


def block(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path).active
    return {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 20)}


def test_the_register_check_says_which_legacy_codes_it_counts(tmp_path):
    out = tmp_path / "rc.xlsx"
    code, _, err = run_cli(
        "register-check", EXPORT, "-c", CONFIG, "--term", "autumn", "--as-of", "2026-12-18",
        "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert block(out)["Codes"] == sentence(LINE)  # (a note in its cell: a sentence)


def test_the_monthly_return_says_which_legacy_codes_it_counts(tmp_path):
    out = tmp_path / "la.xlsx"
    config = tmp_path / "attcli.toml"  # (its history beside it, not the example's)
    config.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run_cli(
        "la-return", EXPORT, "-c", config, "--month", "2026-11", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert block(out)["Codes"] == (
        f"Legacy codes (no longer in use) counted as they counted when in use: H on 6 sessions, "
        f"as authorised, {SINCE}; J on 1 session, as approved educational activity (attended), "
        f"{ONE}: to recode in the MIS"
    )


def test_the_check_s_workbook_says_it_too(tmp_path):
    """The check's workbook is read away from the terminal's notes too."""
    out = tmp_path / "check.xlsx"
    code, _, err = run_cli("check", EXPORT, "-c", CONFIG, "-o", out)
    assert code == 0, err
    ws = openpyxl.load_workbook(out)["Summary"]
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 10)}
    assert rows["Codes"] == sentence(LINE)


def test_no_legacy_code_no_line():
    assert legacy_line([register({"A": "/ / N", "B": "I /"})]) is None
    # (a register's token is a day: "H" both sessions, "/J" the afternoon alone)
    assert legacy_line([register({"A": "H / H", "B": "/ /J"})]) == (
        f"legacy codes (no longer in use) counted as they counted when in use: H on 4 sessions, "
        f"as authorised, {SINCE}; J on 1 session, as approved educational activity (attended), "
        f"{ONE}: to recode in the MIS"
    )
