"""The office's hands, a fifth pass: the workspace and its history week after week
(sweep slips5).  Small registers from tests/builders.py in a workspace from
tests/school.py; every answer worked by hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, make_workspace

P = "/\\"


def _two_weeks(folder: Path) -> tuple[Path, Path, Path]:
    """A workspace with the half-term ladder and two weekly exports of one register from
    Mon 7 Sep 2026: A present throughout; B N on 7-9 Sep; NEW joins on Mon 14 Sep (no row
    before), N on 14-16 Sep.  wk1.csv holds 7-11 Sep, wk2.csv 7-18 Sep."""
    config = make_workspace(folder, AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    reg = register({
        "A": " ".join([P] * 10),
        "B": " ".join(["N"] * 3 + [P] * 7),
        "NEW": " ".join(["!"] * 5 + ["N"] * 3 + [P] * 2),
    })
    wk2 = write_long_csv(reg, folder / "wk2.csv")
    wk1 = write_long_csv(reg.filter(pl.col("date") < dt.date(2026, 9, 12)), folder / "wk1.csv")
    return config, wk1, wk2


def test_case_record_checks_upns_against_the_newest_run_not_an_older_export_run_after_it(
    tmp_path: Path,
) -> None:
    """`cases` on this week's export (to 18/09, NEW joined on 14/09), then on last week's
    by mistake (to 11/09, recorded after it, and said so).  The newest run on record is
    still the one as of 18/09 (next week's NEW compares with it), but `case record` checked
    UPNs against the run recorded last: NEW, in this week's run, was refused "not a pupil
    in the last `attcli cases` run (as of 2026-09-11) ... run `attcli cases` on a newer
    export", which the office had just done."""
    config, wk1, wk2 = _two_weeks(tmp_path)
    assert run_cli("cases", wk2, "-c", config)[0] == 0
    code, _, err = run_cli("cases", wk1, "-c", config)
    assert code == 0 and "a run as of 18/09/2026 is on record, after" in err
    code, out, err = run_cli("case", "record", "NEW", "--action", "amber", "--date",
                             "2026-09-21", "-c", config)  # fmt: skip
    assert code == 0, err
    code, out, _ = run_cli("case", "list", "--json", "-c", config)
    assert code == 0 and '"NEW"' in out
