"""The DfE's national figures (issue 18 part 4, attcli.national): the shipped table, `attcli
national update` from a CSV in explore-education-statistics' layout, the order config >
workspace > shipped, and the report showing each figure with its source and date."""

from __future__ import annotations

import os
import re
import stat
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from attcli import national
from attcli.config import load_config, parse_config
from attcli.errors import ConfigError
from clirun import run_cli
from school import make_workspace
from test_report import CONFIG
from test_report_command import write_export

ROOT = Path(__file__).resolve().parents[1]
EES = "https://explore-education-statistics.service.gov.uk/"

#: "Pupil absence in schools in England", absence rates by geographic level: the census
#: layout (time_period 202425, education_phase Total / State-funded primary / ...).
CENSUS_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,education_phase,num_schools,enrolments,"
    "sess_overall_percent,sess_authorised_percent,sess_unauthorised_percent,"
    "enrolments_pa_10_exact_percent,enrolments_pa_50_exact_percent"
)
NAT = "Academic year,National,E92000001,England,,,,,"
LA = "Academic year,Local authority,E92000001,England,E12000001,North East"
CENSUS_ROWS = [
    f"202324,{NAT},Total,20000,7000000,7.1,4.7,2.4,20.0,2.3",
    f"202425,{NAT},Total,20000,7000000,6.9,4.6,2.3,19.1,2.2",
    f"202425,{NAT},State-funded primary,16000,4000000,5.3,3.8,1.5,14.1,0.9",
    f"202425,{NAT},State-funded secondary,3400,3000000,8.54321,5.2,3.3,24.5,3.9",
    f"202425,{NAT},Special,600,150000,12.9,9.6,3.3,36.0,5.1",
    "202425,Academic year,Regional,E92000001,England,E12000001,North East,,,,Total,800,300000,"
    "7.0,4.6,2.4,20.1,2.2",
    f"202425,{LA},999,E06999999,Anyshire,State-funded primary,100,20000,5.1,3.7,1.4,13.2,x",
    f"202425,{LA},999,E06999999,Anyshire,State-funded secondary,20,10000,8.1,5.0,3.1,23.0,3.5",
    f"202425,{LA},998,E06999998,Otherby,Total,120,30000,6.6,4.4,2.2,18.5,2.1",
]


def census_csv(path: Path, rows: list[str] | None = None, header: str = CENSUS_HEADER) -> Path:
    path.write_text("\n".join([header, *(CENSUS_ROWS if rows is None else rows)]) + "\n", "utf-8")
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A school workspace (dfe_number 999/2001: local authority 999)."""
    folder = tmp_path / "ws"
    make_workspace(folder)
    return folder


def figures(table: national.Table, release: national.Release, area: str = "national"):
    return {
        (f.phase, f.measure): f.value
        for f in table.figures
        if f.release == release and f.area == area
    }


# --------------------------------------------------------------------------- the shipped table


def test_the_shipped_table_loads_and_every_figure_has_its_source_release_and_page():
    t = national.shipped()
    assert t.path is None and t.origin == "shipped with attcli"
    for f in t.figures:
        assert f.release.name and f.release.period and f.release.url.startswith(EES)
        assert f.page.startswith("https://"), f
        assert Decimal(0) <= f.value <= Decimal(100)
    full, term = t.releases()
    assert (full.kind, term.kind) == ("full-year", "in-year") and t.preferred() == full
    assert full.published is not None and full.cite() == (
        "DfE, Pupil absence in schools in England, 2023/24 academic year, published 20 March 2025"
    )
    assert term.date_text == "publication date not recorded"  # not on the stored page: not made up
    # the figures as the pages give them (docs/report.md lists each with its page)
    assert figures(t, full) == {
        ("all", "absence"): Decimal("7.1"),
        ("primary", "absence"): Decimal("5.5"),
        ("secondary", "absence"): Decimal("8.9"),
        ("special", "absence"): Decimal("13.0"),
        ("primary", "unauthorised"): Decimal("1.6"),
        ("secondary", "unauthorised"): Decimal("3.5"),
        ("special", "unauthorised"): Decimal("3.3"),
        ("primary", "pa"): Decimal("14.55841"),
        ("primary", "sa"): Decimal("0.85439"),
    }
    assert figures(t, term) == {
        ("all", "absence"): Decimal("6.62"),
        ("all", "pa"): Decimal("19.47"),
    }
    assert not t.areas(full)  # no local authority figure was in the stored pages


def test_the_docs_list_every_shipped_figure():
    docs = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    section = docs[docs.index("## National figures") :]
    for f in national.shipped().figures:
        assert f.release.url in section and f.page in section, f


def test_the_report_shows_figures_to_two_decimals_at_most():
    assert national.shown(Decimal("14.55841")) == Fraction(1456, 100)
    assert national.shown(Decimal("7.1")) == Fraction(71, 10)
    assert national.shown(Decimal("93.38")) == Fraction(9338, 100)


# --------------------------------------------------------------------------- attcli national update


def test_update_from_a_census_file_keeps_the_latest_year_in_the_workspace(ws, tmp_path):
    src = census_csv(tmp_path / "absence.csv")
    code, out, err = run_cli(
        "--workspace", ws, "national", "update", src, "--published", "2026-03-19"
    )
    assert code == 0, err
    assert out.splitlines() == [
        "loaded Pupil absence in schools in England (2024/25 academic year, full year), "
        "published 19 March 2026: national figures for primary, secondary, special, all; 2 "
        "local authorities",
        f"kept in {ws / 'attcli-national.csv'}",
    ]
    assert err.strip() == "note: left out 1 row of Regional geographic level"
    kept = ws / "attcli-national.csv"
    if os.name == "posix":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    t = national.in_use(load_config(ws / "attcli.toml"))
    assert t.path == kept
    (rel,) = t.releases()
    assert (rel.period, rel.kind, rel.url) == (
        "2024/25 academic year",
        "full-year",
        EES + "find-statistics/pupil-absence-in-schools-in-england",
    )
    got = figures(t, rel)
    assert got[("all", "absence")] == Decimal("6.9") and got[("secondary", "absence")] == Decimal(
        "8.54321"
    )  # as published, the 2023/24 row left out
    la = figures(t, rel, "999")
    assert la[("primary", "pa")] == Decimal("13.2") and ("primary", "sa") not in la  # "x"
    assert t.areas(rel) == {"999": "Anyshire", "998": "Otherby"}
    assert {f.page for f in t.figures if f.area == "998"} == {"absence.csv, line 10"}

    code, out, _ = run_cli("--workspace", ws, "national", "show")
    assert code == 0
    assert "attcli-national.csv (loaded by `attcli national update`)" in out
    assert "Anyshire (LA 999)  secondary  91.9        8.1      23.0  3.5  3.1" in out
    assert "and 1 other local authority" in out
    assert "local authority 999 (from [school] dfe_number): its figures are shown too" in out

    # a second update replaces the first, and says so; --period picks an older year
    code, out, _ = run_cli("--workspace", ws, "national", "update", src, "--period", "202324")
    assert code == 0
    assert "2023/24 academic year" in out and "publication date not recorded" in out
    assert "replacing Pupil absence in schools in England" in out


def test_update_from_an_attendance_file(ws, tmp_path):
    """ "Pupil attendance in schools": school_type All schools / Primary ..., attendance_perc
    (absence = 100 - it), pa_perc, and only the year-to-date time frame."""
    src = tmp_path / "attendance.csv"
    head = (
        "time_period,time_identifier,time_frame,geographic_level,country_code,country_name,"
        "region_code,region_name,new_la_code,la_name,old_la_code,school_type,attendance_perc,"
        "unauthorised_absence_perc,pa_perc"
    )
    nat = "National,E92000001,England,,,,,"
    src.write_text(
        "\n".join(
            [
                head,
                f"2026,Week 2,Year to date,{nat},All schools,93.38,2.1,19.47",
                f"2026,Week 2,Year to date,{nat},Primary,94.9,1.2,14.0",
                f"2026,Week 2,Monday,{nat},All schools,95.0,1.0,x",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("--workspace", ws, "national", "update", src)
    assert code == 0, err
    assert "Pupil attendance in schools (year to date to 2026 week 2, in year)" in out
    assert "left out 1 row of time frame 'Monday'" in err
    t = national.in_use(load_config(ws / "attcli.toml"))
    (rel,) = t.releases()
    assert rel.url == EES + "find-statistics/pupil-attendance-in-schools"
    got = figures(t, rel)
    assert got[("all", "absence")] == Decimal("6.62") and got[("primary", "pa")] == Decimal("14.0")
    assert {f.page for f in t.figures if f.measure == "absence"} == {
        "attendance.csv, line 2 (100 - attendance_perc)",
        "attendance.csv, line 3 (100 - attendance_perc)",
    }


BAD = [
    (
        "no geographic level",
        CENSUS_HEADER.replace("geographic_level,", ""),
        None,
        "bad.csv, line 1: not an explore-education-statistics absence or attendance file: no "
        "column geographic_level. Download the data set of absence by geographic level (its "
        "columns begin time_period, time_identifier, geographic_level)",
    ),
    (
        "not a number",
        CENSUS_HEADER,
        [f"202425,{NAT},Total,1,1,seven,4.6,2.3,19.1,2.2"],
        "bad.csv, line 2: expected a percentage between 0 and 100 (or an EES symbol such as x "
        "or c) (column 'sess_overall_percent'): 'seven'",
    ),
    (
        "over 100",
        CENSUS_HEADER,
        [f"202425,{NAT},Total,1,1,6.9,4.6,2.3,119.1,2.2"],
        "bad.csv, line 2: expected a percentage between 0 and 100 (or an EES symbol such as x "
        "or c) (column 'enrolments_pa_10_exact_percent'): '119.1'",
    ),
    (
        "no LA code",
        CENSUS_HEADER,
        [f"202425,{LA},,E06999999,Anyshire,Total,1,1,6.9,4.6,2.3,19.1,2.2"],
        "bad.csv, line 2: a local authority row needs its three-digit code (column "
        "'old_la_code'): ''",
    ),
    (
        "short row",
        CENSUS_HEADER,
        [f"202425,{NAT},Total,1,1,6.9"],
        "bad.csv, line 2: expected 18 values as in the header, found 14",
    ),
    (
        "broken down further",
        CENSUS_HEADER,
        [f"202425,{NAT},Total,1,1,6.9,4.6,2.3,19.1,2.2"] * 2,
        "bad.csv, line 3: a second row for England, all state-funded primary, secondary and "
        "special schools, 2024/25 academic year (the first is line 2): this file breaks the "
        "figures down further (by sex, year group or another pupil characteristic); download "
        "the data set of absence by geographic level",
    ),
    (
        "two terms of one year",
        CENSUS_HEADER,
        [
            f"202425,{NAT},Total,1,1,6.9,4.6,2.3,19.1,2.2",
            f"202425,{NAT.replace('Academic year', 'Autumn term')},Total,1,1,6.4,4.3,2.1,19.2,2.0",
        ],
        "{src} holds 2 periods for 202425 (Academic year, Autumn term): choose one with "
        "--period '202425 Academic year'",
    ),
    (
        "only regions",
        CENSUS_HEADER,
        [
            "202425,Academic year,Regional,E92000001,England,E12000001,North East,,,,Total,1,1,"
            "7.0,4.6,2.4,20.1,2.2"
        ],  # fmt: skip
        "bad.csv: no national or local authority rows for primary, secondary, special or all "
        "schools",
    ),
]


@pytest.mark.parametrize("header, rows, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_file_is_one_line_naming_file_line_and_column(
    ws, tmp_path, monkeypatch, header, rows, message
):
    monkeypatch.chdir(tmp_path)
    census_csv(tmp_path / "bad.csv", rows or [], header)
    code, out, err = run_cli("--workspace", ws, "national", "update", "bad.csv")
    assert code == 1 and out == ""
    assert err == f"error: {message.format(src='bad.csv')}\n"
    assert not (ws / "attcli-national.csv").exists()  # nothing written


def test_update_refuses_a_file_that_is_not_utf8_and_needs_a_workspace(ws, tmp_path):
    src = tmp_path / "latin1.csv"
    src.write_bytes((CENSUS_HEADER + "\n202425,Académie\n").encode("latin-1"))
    code, _, err = run_cli("--workspace", ws, "national", "update", src)
    assert code == 1 and "not UTF-8 text" in err and err.count("\n") == 1
    code, _, err = run_cli("national", "update", census_csv(tmp_path / "a.csv"))
    assert code == 1
    assert err == (
        "error: national update: no school workspace to keep the figures in; make one with "
        "`attcli init` (or give --workspace DIR)\n"
    )


def test_a_damaged_workspace_table_is_one_line_naming_its_line(ws):
    kept = ws / "attcli-national.csv"
    kept.write_text(national.table_text(national.shipped().figures).replace(",13.0,", ",130,"))
    code, _, err = run_cli("--workspace", ws, "national", "show")
    assert code == 1
    assert re.fullmatch(
        r"error: .*attcli-national\.csv, line 5: expected a percentage between 0 and 100 "
        r"\(column 'value'\): '130'\n",
        err,
    )


# --------------------------------------------------------------------------- which figures


def test_phase_from_the_config_else_the_year_groups():
    cfg = parse_config("")
    assert national.school_phase(cfg, ["R", "1", "6"] * 10)[0] == "primary"
    assert national.school_phase(cfg, ["7"] * 40 + ["R"]) == (
        "secondary",
        "the register's year groups (40 of 41 pupils in Year 7 and up)",
    )  # one planted Reception pupil does not make a secondary school all-through
    assert national.school_phase(cfg, ["5"] * 10 + ["Year 9"] * 10)[0] == "all"
    assert national.school_phase(cfg, [None])[0] == "all"
    cfg = parse_config('[school]\nphase = "Special"\n')
    assert national.school_phase(cfg, ["7"]) == ("special", "[school] phase in attcli.toml")


def test_la_code_from_the_config_else_the_dfe_number():
    assert national.la_code(parse_config('[school]\ndfe_number = "999/4001"\n')) == (
        "999",
        "[school] dfe_number",
    )
    cfg = parse_config('[school]\ndfe_number = "999/4001"\nla_code = "201"\n')
    assert national.la_code(cfg) == ("201", "[school] la_code")
    assert national.la_code(parse_config('[school]\ndfe_number = "FILL IN: DfE number"\n')) is None
    with pytest.raises(ConfigError, match=r"school\.la_code.*three-digit code such as 999"):
        parse_config('[school]\nla_code = "99"\n')
    with pytest.raises(ConfigError, match=r"school\.phase.*primary, secondary, special, all"):
        parse_config('[school]\nphase = "infant"\n')


def test_precedence_config_over_workspace_over_shipped(ws, tmp_path):
    cfg_file = ws / "attcli.toml"
    nat, notes = national.report_national(load_config(cfg_file), ["7"] * 10)
    # shipped: 2023/24, secondary: 100 - 8.9; no secondary PA or SA shipped, said so
    assert (nat.attendance_pct, nat.pa_rate, nat.sa_rate) == (Fraction(911, 10), None, None)
    assert "published 20 March 2025" in nat.source and "shipped with attcli" in nat.source
    assert "no persistent absence or severe absence figure for state-funded secondary" in notes[0]
    assert "none for LA 999 (from [school] dfe_number)" in notes[1]

    assert run_cli("--workspace", ws, "national", "update", census_csv(tmp_path / "a.csv"))[0] == 0
    nat, notes = national.report_national(load_config(cfg_file), ["7"] * 10)
    # the workspace's: 100 - 8.54321 = 91.45679, shown as 91.46; the LA's from the same file
    assert (nat.attendance_pct, nat.pa_rate, nat.sa_rate) == (
        Fraction(9146, 100),
        Fraction(245, 10),
        Fraction(39, 10),
    )
    assert nat.local is not None and nat.local.area == "Anyshire (LA 999)"
    assert (nat.local.attendance_pct, nat.local.pa_rate) == (Fraction(919, 10), Fraction(23))
    assert notes == [] and "attcli-national.csv in the school's workspace" in nat.source

    # [report.national] in the config wins over both: the report never reads the tables
    cfg_file.write_text(cfg_file.read_text() + CONFIG[CONFIG.index("[report.national]") :])
    code, out, _ = run_cli("--workspace", ws, "national", "show")
    assert code == 0 and out.startswith(
        f"The report uses [report.national] in {cfg_file}: attendance 93.1 %, PA 17.8 %, SA 2.3 %"
    )
    export = write_export_to(tmp_path)
    report = tmp_path / "r.html"
    code, _, err = run_cli("--workspace", ws, "report", export, "-o", report)
    assert code == 0, err
    html = report.read_text(encoding="utf-8")
    assert "National figures: DfE autumn 2025." in html and "Anyshire" not in html
    assert "national attendance 93.1 % (DfE autumn 2025)" in html  # the charts' caption


def write_export_to(folder: Path) -> Path:
    path = folder / "register.csv"
    write_export(path)
    return path


# --------------------------------------------------------------------------- the report


def test_the_report_shows_each_figure_with_its_source_and_date(ws, tmp_path):
    """test_report's school (years 7 and 8: secondary), with the workspace's figures."""
    from openpyxl import load_workbook

    assert run_cli("--workspace", ws, "national", "update", census_csv(tmp_path / "a.csv"),
                   "--published", "19/03/2026")[0] == 0  # fmt: skip
    export = write_export_to(tmp_path)
    # every group shown with figures, so that every chart is drawn (a chart whose every
    # group is hidden is left out, with its line: sweep looks5)
    config = ws / "attcli.toml"
    text = config.read_text(encoding="utf-8")
    assert "\nmin_cohort = 5" in text
    config.write_text(text.replace("\nmin_cohort = 5", "\nmin_cohort = 1"), encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = run_cli("--workspace", ws, "report", export, "-o", out)
    assert code == 0, err
    html = " ".join(out.read_text(encoding="utf-8").split())
    # the cards: national and the local authority's, each against the school (81.9 %)
    assert (
        "National (2024/25 academic year): <strong>91.46 %</strong> · 9.6 pp below national"
        in html
    )
    assert "Anyshire (LA 999): <strong>91.9 %</strong> · 10.0 pp below the LA" in html
    cite = (
        "DfE, Pupil absence in schools in England, 2024/25 academic year, published 19 March 2026"
    )
    assert (
        f"National figures: {cite}: state-funded secondary schools in England and in Anyshire "
        "(LA 999); the phase from the register&#39;s year groups (7 of 7 pupils in "
        f"Year 7 and up); {EES}find-statistics/pupil-absence-in-schools-in-england; "
        "attcli-national.csv in the school&#39;s workspace (`attcli national update`)."
    ) in html
    # every chart drawn with the national line says whose figure it is and when
    line = f"national attendance 91.46 % ({cite}, state-funded secondary schools)"
    assert html.count(line) == 5  # weekly, year groups, reg groups, cohorts, weekdays
    assert f"national PA rate 24.5 % ({cite}, state-funded secondary schools)" in html

    gov = tmp_path / "gov.html"
    code, _, err = run_cli("--workspace", ws, "report", export, "-o", gov, "--audience",
                           "governors")  # fmt: skip
    assert code == 0, err
    gov_html = gov.read_text(encoding="utf-8")
    assert cite in gov_html and str(ws) not in gov_html  # no folder in the governors' version

    xlsx = tmp_path / "r.xlsx"
    assert run_cli("--workspace", ws, "report", export, "-o", xlsx)[0] == 0
    ws_ = load_workbook(xlsx)["Summary"]
    rows = [[c.value for c in r] for r in ws_.iter_rows(min_row=4, max_row=7)]
    # (the national figures' period named: sweep national)
    assert rows[0][6:] == ["National (2024/25 academic year) %", "Against national (pp)", "Anyshire (LA 999) %",
                           "Against LA (pp)"]  # fmt: skip
    # (a percentage a fraction of 1 under a percent format, a gap in points: sweep looks11)
    assert rows[1][6:] == [0.9146, -9.6, 0.919, -10.0]
    assert ws_["A9"].value.startswith(f"National figures: {cite}: state-funded secondary")


def test_the_report_on_the_shipped_figures_says_what_is_missing(tmp_path):
    """No workspace: the shipped 2023/24 figures, with a note for each one not shipped."""
    export = write_export_to(tmp_path)
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-o", out, "-c", make_workspace(tmp_path / "w"))
    assert code == 0, err
    html = " ".join(out.read_text(encoding="utf-8").split())
    assert "National (2023/24 academic year): <strong>91.1 %</strong>" in html
    assert "published 20 March 2025" in html and "shipped with attcli" in html
    assert f"{EES}find-statistics/pupil-absence-in-schools-in-england/2023-24" in html
    notes = " ".join(err.split())
    assert "has no persistent absence or severe absence figure for state-funded secondary" in notes
    assert "`attcli national update FILE.csv` loads a release with every figure" in notes
