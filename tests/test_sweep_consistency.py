"""Sweep: the commands agree about the same pupil on the same date (a small school whose
pupils each carry one hard case, worked out by hand from DOMAIN.md).

The registers: autumn 2026 from Monday 7 September (``builders.register``), term dates in
the config (``school.AUTUMN_HALF_TERMS``), A present throughout (the school's days).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace


def _said(text: str) -> str:
    return " ".join(text.split())


def _back_then_left(tmp_path: Path) -> tuple[Path, Path]:
    """(the export, the config): 30 school days, Mon 7 September to Fri 16 October.
    BACK: present 10 days, absent (O) Mon 21 September to Fri 2 October (10 school days),
    back in school Mon 5 and Tue 6 October, then no row: left the roll on Tue 6 October.
    GONE: the same run, no row after it: left on Fri 2 October, straight after the run."""
    pupils = {
        "A": " ".join(["/\\"] * 30),
        "BACK": " ".join(["/\\"] * 10 + ["O"] * 10 + ["/\\"] * 2 + ["!"] * 8),
        "GONE": " ".join(["/\\"] * 10 + ["O"] * 10 + ["!"] * 10),
    }
    export = write_long_csv(register(pupils), tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    return export, config


def test_cme_says_a_pupil_back_after_a_run_has_since_left_the_roll_as_the_la_return_does(
    tmp_path,
) -> None:
    """As of Fri 16 October, BACK's 10-day run (21/09-02/10) is over: they came back on
    5 October, then left the roll on 6 October.  The LA return says "back in school, then
    left the roll 06/10/2026"; the check lists BACK as "left 06/10/2026".  `cme` said only
    "back", its "Left the roll on" column blank (CSV, JSON `left_on` null): a DSL reading
    the CME list took a child no longer on roll for one in school.  GONE, who left straight
    after the run, is unchanged: status left, left on 02/10/2026."""
    export, config = _back_then_left(tmp_path)
    code, out, err = run_cli("cme", export, "-c", config, "--format", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    assert (runs["BACK"]["status"], runs["BACK"]["left_on"]) == ("back", "2026-10-06")
    assert (runs["GONE"]["status"], runs["GONE"]["left_on"]) == ("left", "2026-10-02")
    code, out, err = run_cli("cme", export, "-c", config, "--format", "csv")
    assert code == 0, err
    rows = {r["UPN"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert (rows["BACK"]["Now"], rows["BACK"]["Left the roll on"]) == ("back", "06/10/2026")
    assert (rows["GONE"]["Now"], rows["GONE"]["Left the roll on"]) == ("left", "02/10/2026")
    code, out, err = run_cli("cme", export, "-c", config)
    assert code == 0, err
    said = _said(out)
    assert "back, left 06/10/26" in said and "LEFT 02/10/26" in said
    code, out, err = run_cli(
        "la-return", export, "-c", config, "--month", "2026-10", "--as-of", "2026-10-16",
        "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert "back in school, then left the roll 06/10/2026" in _said(out)
