"""An --as-of before the exports' first date, or a --from after the as-of date, is refused
in one line that names the value and says what would be valid (the brief: "a one-line
message naming the ... value and what would be valid"), in the same words for every
command.  The Arbor example's first date is Wed 2 Sep 2026."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "exports" / "arbor_autumn_2026.csv"
CONFIG = ROOT / "examples" / "attcli.toml"


OUT = {"check": "x.csv", "cme": "x.csv", "register-check": "x.xlsx", "report": "x.html"}


@pytest.mark.parametrize(
    "command",
    [("check",), ("cme",), ("register-check", "--term", "autumn"), ("report",)],
    ids=lambda c: c[0],
)
def test_an_as_of_before_the_data_says_which_dates_will_do(command, tmp_path):
    code, _, err = run_cli(
        *command, EXPORT, "-c", CONFIG, "--as-of", "01/09/2026", "-o", tmp_path / OUT[command[0]],
        width=300,
    )  # fmt: skip
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: --as-of 2026-09-01 is before the first date in the data (02/09/2026): "
        "give --as-of 2026-09-02 or later"
    )


def test_a_from_after_the_as_of_date_says_which_dates_will_do(tmp_path):
    code, _, err = run_cli(
        "check", EXPORT, "-c", CONFIG, "--from", "2026-11-02", "--as-of", "2026-10-23",
        width=300,
    )  # fmt: skip
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: --from 2026-11-02 is after the as-of date (23/10/2026): give --from "
        "2026-10-23 or earlier"
    )
