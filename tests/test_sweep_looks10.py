"""What a person sees, a tenth pass: looks9's leftovers (docs/decisions.md, sweep looks10).

Each test asserts the text (or the file's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AUTUMN = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
CONTACTS = EXAMPLES / "exports" / "contacts.csv"


def test_cme_s_run_column_counts_school_days_in_the_80_column_table(tmp_path) -> None:
    """cme's Run cell said "12 days, N O" under a title of "10+ school days" (a run counts
    school days only, DOMAIN.md 6): Reuben Walsh's run, 03/12 to 18/12/2026, is 12 school
    days (Thursday 3 December to Friday 18 December: 2 + 5 + 5).  It says "12 school days",
    its codes on the line below, and the table (with contacts, at 80 columns) is still a
    table, not blocks."""
    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli("cme", AUTUMN, "--contacts", CONTACTS, "-c", cfg, width=80)
    assert code == 0, err
    lines = out.splitlines()
    assert any(line.startswith("┃ Pupil") and "┃ Run " in line for line in lines), out
    assert max(len(line) for line in lines) <= 80, out
    at = next(i for i, line in enumerate(lines) if "Walsh, Reuben" in line)
    cells = [[c.strip() for c in line.split("│")] for line in lines[at:at + 3]]
    assert [row[3] for row in cells] == ["12 school days", "N O", "03/12-18/12/26"], out
    assert " days, N" not in out
