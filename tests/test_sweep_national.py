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


def _text(html: str) -> str:
    import html as h
    import re

    return " ".join(h.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_report_labels_national_figures_of_another_school_year(tmp_path):
    """The school's 2026/27 year to date sat beside the shipped 2023/24 full-year figure as
    "National: 91.1 % · 9.2 pp below national", nothing on the card saying the national
    figure is of another year; the period is now on the card and the line under the cards
    says the two are of different school years."""
    from test_report_command import write_export

    export = tmp_path / "register.csv"
    write_export(export)  # 7 September to 2 October 2026, years 7 and 8
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-o", out, "-c", make_workspace(tmp_path / "w"))
    assert code == 0, err
    text = _text(out.read_text(encoding="utf-8"))
    assert "National (2023/24 academic year): 91.1 % · 9.2 pp below national" in text
    assert "National: 91.1 %" not in text
    assert (
        "The national figures are for the 2023/24 academic year, the school's for 1 September "
        "2026 to 2 October 2026: another school year, and a full year beside part of one" in text
    )
    xlsx = tmp_path / "r.xlsx"
    assert run_cli("report", export, "-o", xlsx, "-c", tmp_path / "w" / "attcli.toml")[0] == 0
    from openpyxl import load_workbook

    a9 = load_workbook(xlsx)["Summary"]["A9"].value
    assert "The national figures are for the 2023/24 academic year" in a9


def test_national_figures_of_the_config_are_not_called_a_full_year_s(tmp_path):
    """`[report.national]` says nothing of its period (the test config's source is "DfE
    autumn 2025", a term): `report --from` labelled its figures "National (full year)" and
    said they were for a full academic year."""
    from test_report import CONFIG

    from attcli.config import parse_config
    from attcli.report.build import build_report
    from attcli.report.html import render_html
    from test_report import school
    import datetime as dt

    r = build_report(school(), parse_config(CONFIG), period_start=dt.date(2026, 9, 28))
    text = _text(render_html(r))
    assert "full year" not in text and "full academic year" not in text
    assert "National: 93.1 %" in text
    assert (
        "The national figures are those of [report.national] in the config (DfE autumn 2025), "
        "not worked out for this period: these are for 28 September 2026 to 2 October 2026 "
        "only" in text
    )
