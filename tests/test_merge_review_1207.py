"""The merge review of 7 December: what the lead mended on merging the sweeps.

A year group's export recorded as the school's check on the same date as (or before) a
whole-school check already on record (found by looks17, left for a rules sweep).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

D = dt.date
WEEK = " ".join(["/"] * 5)


def test_a_year_groups_export_is_not_recorded_beside_a_whole_school_check_of_its_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Year 7: A0-A9, Year 8: B0-B9, present every session.  The whole school's check is
    recorded as of 25/09 (and nothing before it).  Then a Year 7 export as of 25/09 is run
    with `check --record`: there is no check before 25/09 to compare with, and it was
    recorded, the newest of 25/09; next week's whole-school check compared with it and
    called every Year 8 pupil "joined" (looks17).  `--record` keeps to the whole school's
    exports: refused from being recorded, against the newest check on record of the school
    year (25/09 itself), and next week's check compares with the whole school's."""
    ws = make_workspace(tmp_path / "ws")
    marks = {f"A{i}": " ".join([WEEK] * 4) for i in range(10)}
    marks |= {f"B{i}": " ".join([WEEK] * 4) for i in range(10)}
    reg = register(marks)
    year = pl.when(pl.col("upn").cast(pl.Utf8).str.starts_with("A")).then(pl.lit("7"))
    year = year.otherwise(pl.lit("8"))
    reg = reg.with_columns(year.alias("year_group"), (year + "A").alias("reg_group"))

    def write(frame: pl.DataFrame, day: dt.date, name: str) -> Path:
        return write_long_csv(frame.filter(pl.col("date") <= day), tmp_path / name, dob=True,
                              groups=True)  # fmt: skip

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, _, err = run_cli("check", write(reg, D(2026, 9, 25), "all.csv"), "-c", ws, "--record")
    assert code == 0, err
    seven = write(reg.filter(pl.col("year_group").cast(pl.Utf8) == "7"), D(2026, 9, 25), "y7.csv")
    code, _, err = run_cli("check", seven, "-c", ws, "--record")
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        "not recorded: 10 pupils of the check recorded as of 25/09/2026 are in none of these "
        "exports: all of Year 8 (a filtered export?); record a check only of the whole "
        "school's exports"
    ) in said, said
    import json

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    code, out, err = run_cli("check", write(reg, D(2026, 10, 2), "all2.csv"), "-c", ws,
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["compared_with_run"]["as_of"] == "2026-09-25"
    assert doc["changes"] == [], doc["changes"]
