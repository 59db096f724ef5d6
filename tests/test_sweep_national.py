"""Sweep of 4 December (second), national: the DfE's figures as `attcli national update`
reads them from real-shaped explore-education-statistics downloads, and what the report
puts beside what."""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli import national
from attcli.config import load_config
from clirun import run_cli
from school import make_workspace

#: "Pupil attendance in schools": the daily data set (ees_daily_data.csv) has a row per
#: area, phase and *day* (attendance_date), under the week's time_period/time_identifier.
DAILY_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,new_la_code,la_name,old_la_code,attendance_date,education_phase,"
    "attendance_perc,overall_absence_perc,unauthorised_absence_perc"
)
NAT = "National,E92000001,England,,,,,"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    make_workspace(folder)
    return folder


@pytest.mark.parametrize("days", [1, 2])
def test_a_daily_attendance_file_is_refused_not_read_as_the_week_s_figure(ws, tmp_path, days):
    """One day's attendance is neither a week's, a term's nor a year's: a daily file of one
    date was kept as "2024 week 51" and compared with the school's year to date; of two
    dates it was refused as a breakdown "by sex, year group or another characteristic"."""
    src = tmp_path / "ees_daily_data.csv"
    rows = [
        f"2024,Week 51,{NAT},{d}/12/2024,Total,9{d}.1,{9 - d}.9,1.5" for d in range(6, 6 + days)
    ]
    src.write_text("\n".join([DAILY_HEADER, *rows]) + "\n", encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "national", "update", src)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "attendance_date" in err and "daily" in err
    assert "year to date" in err  # what to download instead
    assert not (ws / national.WORKSPACE_NAME).exists()
