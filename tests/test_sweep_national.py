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
    import datetime as dt

    from attcli.config import parse_config
    from attcli.report.build import build_report
    from attcli.report.html import render_html
    from test_report import CONFIG, school

    r = build_report(school(), parse_config(CONFIG), period_start=dt.date(2026, 9, 28))
    text = _text(render_html(r))
    assert "full year" not in text and "full academic year" not in text
    assert "National: 93.1 %" in text
    assert (
        "The national figures are those of [report.national] in the config (DfE autumn 2025), "
        "not worked out for this period: these are for 28 September 2026 to 2 October 2026 "
        "only" in text
    )


def _primary_export(path: Path, year1: int = 5, reception: int = 5) -> Path:
    """Ten school days from Monday 7 September 2026.  Year 1: A1-A4 present throughout (20
    of 20), A5 away two days (16 of 20: persistently absent).  Reception: R1-R5 present
    five days and ill five (10 of 20 each: persistently and severely absent)."""
    import datetime as dt

    from builders import school_days

    days = school_days(dt.date(2026, 9, 7), 10)
    lines = ["UPN,Surname,Forename,Year,Registration Form,Date,Session,Mark"]
    for upn, year, marks in (
        *((f"A{i}", "Year 1", "/" * 20) for i in range(1, year1)),
        (f"A{year1}", "Year 1", "/" * 16 + "NNNN"),
        *((f"R{i}", "Reception", "/" * 10 + "I" * 10) for i in range(1, reception + 1)),
    ):
        for k, day in enumerate(days):
            for s, session in enumerate(("AM", "PM")):
                mark = marks[2 * k + s]
                lines.append(f"{upn},S{upn},F{upn},{year},{year[0]}A,{day:%d/%m/%Y},{session},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_gap_to_the_dfe_s_figures_is_of_the_pupils_they_count(tmp_path):
    """The DfE's "Pupil absence in schools in England" counts pupils aged 5 to 15 on 31
    August (Years 1 to 11): a primary school's Reception class is not in its figures.  The
    school's 73.0 % (146 of 200: Reception's 50 % with Year 1's 96 %) was set beside the
    national 94.5 % as "21.5 pp below national"; its Years 1 to 11 (Year 1: 96 of 100) are
    1.5 pp above.  The card keeps the whole school's figure and gives the gap of the pupils
    the DfE counts, saying so."""
    export = _primary_export(tmp_path / "register.csv")
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-o", out, "-c", make_workspace(tmp_path / "w"))
    assert code == 0, err
    text = _text(out.read_text(encoding="utf-8"))
    assert "73.0 % 146 of 200 possible sessions attended" in text
    assert "21.5 pp below national" not in text
    # national 2023/24 primary: attendance 100 - 5.5; PA 14.55841 shown 14.56; SA 0.85439
    assert (
        "National (2023/24 academic year): 94.5 % · aged 5 to 15 here 96.0 %: 1.5 pp above "
        "national" in text
    )
    # PA: A5 alone of Year 1, 20.0 % - 14.56 = 5.44; SA: none, 0 - 0.85 = -0.85
    assert (
        "National (2023/24 academic year): 14.56 % · aged 5 to 15 here 20.0 %: 5.4 pp above "
        "national" in text
    )
    assert (
        "National (2023/24 academic year): 0.85 % · aged 5 to 15 here 0.0 %: 0.9 pp below "
        "national" in text
    )
    assert (
        "The DfE's figures count pupils aged 5 to 15 on 31 August 2026 (Years 1 to 11): each "
        "gap to them is of the school's 5 such pupils (96.0 % attendance, PA 20.0 %, SA "
        "0.0 %), leaving out 5 under 5 (nursery or Reception)" in text
    )
    xlsx = tmp_path / "r.xlsx"
    assert run_cli("report", export, "-o", xlsx, "-c", tmp_path / "w" / "attcli.toml")[0] == 0
    from openpyxl import load_workbook

    ws = load_workbook(xlsx)["Summary"]
    assert [c.value for c in ws[4]][6:9] == [
        "National (2023/24 academic year) %",
        "Against national (pp)",
        "Aged 5 to 15 % (what the gaps are of)",
    ]
    # (percentages fractions of 1, a gap in points: sweep looks11)
    assert [c.value for c in ws[5]][1:2] + [c.value for c in ws[5]][6:9] == [0.73, 0.945, 1.5, 0.96]
    assert "each gap to them is of the school's 5 such pupils" in ws["A9"].value


def test_the_dfe_s_age_range_is_read_from_the_date_of_birth_first():
    """Age on 31 August before the school year: 5 to 15 counted, whatever the year group
    says (a pupil taught out of year group); the year group where no date of birth is
    known; neither for NC year X with no date of birth (unknown)."""
    import datetime as dt

    import polars as pl

    from attcli.report.build import dfe_counted

    people = pl.DataFrame(
        {
            "year_group": ["1", "11", "R", "12", "X", None, "R", "12", "X"],
            "dob": [None, None, None, None, None, None,
                    dt.date(2021, 8, 31),  # 5 on 31 August 2026: counted
                    dt.date(2010, 9, 1),  # 15 on 31 August 2026: counted
                    dt.date(2010, 8, 31)],  # 16: not
        },  # fmt: skip
        schema={"year_group": pl.String, "dob": pl.Date},
    )
    got = people.select(dfe_counted(dt.date(2026, 10, 2))).to_series().to_list()
    assert got == [True, True, False, False, None, None, True, True, False]


CENSUS_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,education_phase,enrolments,"
    "sess_overall_percent,sess_unauthorised_percent,enrolments_pa_10_exact_percent,"
    "enrolments_pa_50_exact_percent"
)
LA_ROW = (
    "202425,Academic year,Local authority,E92000001,England,E12000001,North East,999,"
    "E06999999,Anyshire,State-funded secondary,20000,8.1,3.1,23.0,low"
)


def test_a_file_of_the_school_s_local_authority_alone_is_shown_not_dropped(ws, tmp_path):
    """A download filtered to the school's LA (no national rows): `national show` said "its
    figures are shown too", but the report showed none of them and said only that the
    national figures were missing.  The LA's figures are now on the cards; the national
    figures are said to be missing; "low" (a figure that rounds to 0) is left out."""
    from test_report_command import write_export

    src = tmp_path / "la.csv"
    src.write_text(f"{CENSUS_HEADER}\n{LA_ROW}\n", encoding="utf-8")
    assert run_cli("--workspace", ws, "national", "update", src)[0] == 0
    code, out, _ = run_cli("--workspace", ws, "national", "show")
    assert code == 0 and "its figures are shown too" in out
    export = tmp_path / "register.csv"
    write_export(export)  # years 7 and 8: secondary
    report = tmp_path / "r.html"
    code, _, err = run_cli("--workspace", ws, "report", export, "-o", report)
    assert code == 0, err
    text = _text(report.read_text(encoding="utf-8"))
    # 81.9 % (172 of 210) against the LA's 100 - 8.1 = 91.9; PA 57.1 % against 23.0
    assert "Anyshire (LA 999): 91.9 % · 10.0 pp below the LA" in text
    assert "Anyshire (LA 999): 23.0 % · 34.1 pp above the LA" in text
    assert "No national figures for this school" not in text
    assert "figures of Anyshire (LA 999) only" in text
    notes = " ".join(err.split())
    assert "has no overall absence or persistent absence or severe absence figure for " in notes
    nat, _ = national.report_national(load_config(ws / "attcli.toml"), ["7"] * 5)
    assert nat is not None and nat.attendance_pct is None and nat.local is not None
    assert nat.local.sa_rate is None  # "low": not read as 0


def test_the_trust_report_says_the_national_figures_period_and_pupils(tmp_path):
    """The trust's table set a row "National" (the shipped 2023/24 full year) under the
    schools' autumn 2026 figures; its period is now on the row, and the line under the
    table says both periods and whose pupils each counts."""
    from test_trust_report import CONFIG, EXPORTS, school

    cfg = school(tmp_path / "oak", "Oakfield Academy", "123456")
    summary = tmp_path / "oak.summary.json"
    code, _, err = run_cli(
        "summary", EXPORTS / "arbor_autumn_2026.csv", "-c", cfg, "-o", summary
    )
    assert code == 0, err
    assert "[report.national]" not in CONFIG  # the DfE's figures shipped with attcli
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", summary, "-o", out, "-c", cfg)
    assert code == 0, err
    text = _text(out.read_text(encoding="utf-8"))
    # the trust's one school is a secondary (its year groups): the secondary figure, 91.1 %
    # (all phases' 92.9 % before sweep blind7)
    assert "National (2023/24 academic year) 91.1 %" in text
    assert (
        "The national figures are for the 2023/24 academic year, the schools' for 1 September "
        "2026 to " in text
    )
    assert "another school year, and a full year beside part of one" in text
    assert (
        "The DfE's figures count pupils aged 5 to 15 on 31 August 2026 (Years 1 to 11); the "
        "schools' count every pupil on roll" in text
    )


ATTENDANCE_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,new_la_code,la_name,old_la_code,education_phase,attendance_perc,"
    "overall_absence_perc,unauthorised_absence_perc,pa_perc"
)


def test_a_week_s_attendance_is_refused_without_a_year_to_date_time_frame(ws, tmp_path):
    """The weekly data set (a row per area, phase and week: time_identifier "Week 2") gives
    a week's attendance; with no time_frame column saying "Year to date" it was kept as
    "2026 week 2" and set beside the school's year to date."""
    src = tmp_path / "ees_weekly_data.csv"
    src.write_text(
        f"{ATTENDANCE_HEADER}\n2026,Week 2,{NAT},Total,95.1,4.9,1.2,x\n", encoding="utf-8"
    )
    code, out, err = run_cli("--workspace", ws, "national", "update", src)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Week 2" in err and "time_frame" in err
    assert not (ws / national.WORKSPACE_NAME).exists()


def test_year_to_date_attendance_is_called_so_and_never_a_full_year(ws, tmp_path):
    """The attendance data (not the census) of a whole academic year is the year to date
    when downloaded: called "full year", the report set it beside the school's as a full
    year's; and a year to date to week 2 was called "2026 week 2", a week."""
    src = tmp_path / "ytd.csv"
    src.write_text(
        f"{ATTENDANCE_HEADER}\n202526,Academic year,{NAT},Total,93.1,6.9,1.9,17.2\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("--workspace", ws, "national", "update", src)
    assert code == 0, err
    assert "Pupil attendance in schools (2025/26 academic year, in year)" in out
    head = ATTENDANCE_HEADER.replace("time_identifier,", "time_identifier,time_frame,")
    src.write_text(f"{head}\n2026,Week 2,Year to date,{NAT},Total,93.4,6.6,1.9,19.5\n")
    code, out, err = run_cli("--workspace", ws, "national", "update", src)
    assert code == 0, err
    assert "Pupil attendance in schools (year to date to 2026 week 2, in year)" in out


def test_a_register_with_no_ages_keeps_the_whole_school_s_gap_and_says_so(tmp_path):
    """No year group and no date of birth: which pupils are 5 to 15 cannot be told, so the
    gap stays the whole school's (as before), said to be so, rather than no gap at all."""
    export = _primary_export(tmp_path / "register.csv")
    text = export.read_text(encoding="utf-8").replace("Year 1,", ",").replace("Reception,", ",")
    export.write_text(text.replace(",Year,", ",Year Group,"), encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-o", out, "-c", make_workspace(tmp_path / "w"))
    assert code == 0, err
    page = _text(out.read_text(encoding="utf-8"))
    # no year groups: the phase is "all" (92.9 %); 73.0 - 92.9 = -19.9
    assert "National (2023/24 academic year): 92.9 % · 19.9 pp below national" in page
    assert (
        "The DfE's figures count pupils aged 5 to 15 on 31 August 2026 (Years 1 to 11): the "
        "exports give no year group or date of birth to tell which pupils those are, so each "
        "gap is of every pupil" in page
    )


def test_a_file_with_only_new_la_codes_keeps_its_national_figures(ws, tmp_path):
    """A file whose local authorities have only their nine-character code (new_la_code,
    E06999999) and no old_la_code column was refused whole ("a local authority row needs
    its three-digit code (column 'old_la_code'): ''", a column it does not have).  Its
    national figures are kept; its LA rows are left out and counted, saying why."""
    head = CENSUS_HEADER.replace("old_la_code,", "")
    nat = (
        "202425,Academic year,National,E92000001,England,,,,,State-funded secondary,1,8.5,"
        "3.0,24.0,3.0"
    )
    la = LA_ROW.replace(",999,", ",")
    src = tmp_path / "new.csv"
    src.write_text(f"{head}\n{nat}\n{la}\n", encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "national", "update", src)
    assert code == 0, err
    assert "national figures for secondary; 0 local authorities" in out
    assert (
        "note: left out 1 row of Local authority geographic level: the file has no "
        "old_la_code column (the three-digit code attcli knows a local authority by)"
        in " ".join(err.split())
    )


def test_the_four_year_olds_data_set_is_not_taken_for_the_census_figures(ws, tmp_path):
    """"05 - Absence rates for four year olds" has the census's columns but no persistent
    absence (a four-year-old is not of compulsory school age): it loaded as "Pupil absence
    in schools in England", and the report set it beside the school as the figure of
    pupils aged 5 to 15."""
    head = (
        "time_identifier,year_breakdown,time_period,geographic_level,country_code,"
        "country_name,region_code,region_name,old_la_code,new_la_code,la_name,school_type,"
        "num_schools,enrolments,sess_possible,sess_overall,sess_overall_percent"
    )
    row = (
        "Academic year,Six half terms,202021,National,E92000001,England,,,,,,Total,16479,"
        "659054,184808865,8577849,4.64147"
    )
    src = tmp_path / "four_year_olds.csv"
    src.write_text(f"{head}\n{row}\n", encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "national", "update", src)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "enrolments_pa_10_exact_percent" in err
    assert not (ws / national.WORKSPACE_NAME).exists()


def test_a_sixth_form_alone_gets_no_gap_to_the_dfe_s_figures(tmp_path):
    """Every pupil in Year 12 or 13: none is of the ages the DfE counts, so no gap is
    shown, and the line says why (it said "none attcli can tell", of pupils whose year
    group tells)."""
    export = _primary_export(tmp_path / "register.csv")
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace("Year 1,", "Year 12,").replace("Reception,", "Year 13,"))
    cfg = make_workspace(tmp_path / "w")
    cfg.write_text(cfg.read_text().replace('# phase = "primary"', 'phase = "secondary"', 1))
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-o", out, "-c", cfg)
    assert code == 0, err
    page = _text(out.read_text(encoding="utf-8"))
    assert "pp below national" not in page and "pp above national" not in page
    assert (
        "The DfE's figures count pupils aged 5 to 15 on 31 August 2026 (Years 1 to 11): "
        "none of the school's 10 pupils is (10 aged 16 or over (Year 12 and up)), so no gap "
        "to them is shown" in page
    )


def test_national_show_does_not_promise_la_figures_of_another_phase(ws, tmp_path):
    """`[school] phase = "primary"` and a file with the LA's secondary figures only: `show`
    said "its figures are shown too", the report showed none (none for primary)."""
    src = tmp_path / "la.csv"
    src.write_text(f"{CENSUS_HEADER}\n{LA_ROW}\n", encoding="utf-8")  # secondary only
    assert run_cli("--workspace", ws, "national", "update", src)[0] == 0
    cfg = ws / "attcli.toml"
    cfg.write_text(cfg.read_text().replace('# phase = "primary"', 'phase = "primary"', 1))
    code, out, _ = run_cli("--workspace", ws, "national", "show")
    assert code == 0
    assert "its figures are shown too" not in out
    assert "local authority 999 (from [school] dfe_number): no primary figures for it" in out
    nat, _ = national.report_national(load_config(cfg))
    assert nat is None  # the report shows none: show agrees


def test_a_small_group_outside_the_dfe_s_ages_is_not_given_away_by_the_gap(tmp_path):
    """Four Reception pupils beside five in Year 1: the year-group table hides Reception
    (fewer than 5 pupils), but the school's figures less those of Years 1 to 11 (the gaps'
    pupils) were Reception's.  The gaps stay the whole school's then, said why."""
    export = _primary_export(tmp_path / "register.csv", year1=5, reception=4)
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-o", out, "-c", make_workspace(tmp_path / "w"))
    assert code == 0, err
    page = _text(out.read_text(encoding="utf-8"))
    # 96 + 40 = 136 of 180: 75.6 %; 75.55.. - 94.5 = -18.94.. -> 18.9 pp below
    assert "75.6 % 136 of 180 possible sessions attended" in page
    assert "aged 5 to 15 here" not in page and "96.0 %" not in page
    assert "National (2023/24 academic year): 94.5 % · 18.9 pp below national" in page
    assert (
        "The DfE's figures count pupils aged 5 to 15 on 31 August 2026 (Years 1 to 11): the "
        "school's other pupils are fewer than 5, so each gap is of every pupil (their figures "
        "could be worked out from one of the rest)" in page
    )


def test_a_small_group_of_the_dfe_s_ages_gets_no_gap(tmp_path):
    """Three in Year 1 beside five in Reception: a gap of the three would show their
    figures (fewer than 5 pupils): no gap is shown, said why."""
    export = _primary_export(tmp_path / "register.csv", year1=3, reception=5)
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-o", out, "-c", make_workspace(tmp_path / "w"))
    assert code == 0, err
    page = _text(out.read_text(encoding="utf-8"))
    assert "pp below national" not in page and "pp above national" not in page
    assert (
        "The DfE's figures count pupils aged 5 to 15 on 31 August 2026 (Years 1 to 11): the "
        "school's pupils of those ages are fewer than 5, so no gap to them is shown" in page
    )


def test_a_pupil_outside_their_year_group_is_not_given_away_by_the_gap(tmp_path):
    """Six in Reception, six in Year 1, one of whom is four (born 1 January 2022: taught a
    year ahead).  The gaps' pupils were Year 1 less that one child, and Year 1 and the
    school are shown: the gap would give the child's own figures.  The gaps stay the whole
    school's, said why."""
    export = _primary_export(tmp_path / "register.csv", year1=6, reception=6)
    lines = export.read_text(encoding="utf-8").splitlines()
    out_lines = [lines[0] + ",Date of Birth"] + [
        line + (",01/01/2022" if line.startswith("A1,") else ",") for line in lines[1:]
    ]
    export.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-o", out, "-c", make_workspace(tmp_path / "w"))
    assert code == 0, err
    page = _text(out.read_text(encoding="utf-8"))
    assert "aged 5 to 15 here" not in page
    assert (
        "The DfE's figures count pupils aged 5 to 15 on 31 August 2026 (Years 1 to 11): a gap "
        "of those pupils alone would give away the figures of a pupil or a group the report "
        "does not show, so each gap is of every pupil" in page
    )




def _refused_as_device(ws: Path, fifo: Path, *argv: str, hint: str) -> None:
    """``attcli --workspace WS ARGV... FILE`` with FILE /dev/zero and then a FIFO: refused in
    one line naming it a pipe or a device, with ``hint``.  Run as a process held to 1 GB
    and 60 s: the fault, back, fails the test, not the machine."""
    import os
    import resource
    import subprocess
    import sys

    def held() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    os.mkfifo(fifo)  # (opened for reading, it would wait for a writer for ever)
    for given in ("/dev/zero", str(fifo)):
        cmd = [sys.executable, "-m", "attcli", "--workspace", str(ws), *argv]
        cmd[cmd.index("FILE")] = given
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, preexec_fn=held)
        err = done.stderr.splitlines()[1:]  # (the workspace line first)
        assert done.returncode == 1 and done.stdout == "", done.stderr
        assert len(err) == 1 and "not a file: a pipe or a device" in err[0], done.stderr
        assert hint in err[0]


def test_a_device_or_pipe_given_as_the_ees_csv_is_refused_not_read_without_end(ws, tmp_path):
    """``attcli national update /dev/zero`` (a device that never ends) read until memory ran
    out; a register given so is refused as "not a file". A device or a FIFO is refused the
    same way, in one line, before a byte is read, and nothing is written."""
    _refused_as_device(ws, tmp_path / "ees.csv", "national", "update", "FILE", hint="Save the CSV")
    assert not (ws / national.WORKSPACE_NAME).exists()


def test_a_device_given_as_the_case_records_csv_is_refused_not_read_without_end(ws, tmp_path):
    """``attcli case record --from /dev/zero`` read until memory ran out ("not enough memory
    for these exports"), and a FIFO waited for ever: refused as the register and the EES CSV
    are, in one line, and nothing recorded."""
    _refused_as_device(
        ws, tmp_path / "records.csv", "case", "record", "--from", "FILE", "--by", "A Lee",
        hint="Save the CSV of records",
    )  # fmt: skip
    assert not (ws / "attcli-history.sqlite3").exists()
