"""attcli report: every table checked against hand-computed figures (DOMAIN.md 2-3, issue #6).

The school (7 pupils, 15 school days = 30 sessions each):

    Mon 7 - Fri 18 Sep 2026   Autumn 1 (inferred: 10 days)
    Mon 21 - Fri 25 Sep       holiday (no sessions)
    Mon 28 Sep - Fri 2 Oct    Autumn 2 (5 days); as of Fri 2 Oct

    pupil year reg gender fsm cla  marks                                 attended  then (Autumn 1 end)
    P1    7    7A  F      -   -    present throughout                    30/30     20/20
    P2    7    7A  M      -   -    present throughout                    30/30     20/20
    P3    7    7A  F      -   -    present throughout                    30/30     20/20
    P4    7    7A  M      Y   -    N all of Autumn 2 (days 11-15)        20/30     20/20
    P5    7    7A  F      -   -    I every Monday AM (days 1, 6, 11)     27/30     18/20
    P6    8    8A  M      Y   -    N every PM of Autumn 2                25/30     20/20
    P7    8    8A  F      Y   Y    present days 1-5, then N throughout   10/30     10/20

Config: min_cohort = 3, national figures 93.1 / 17.8 / 2.3.
"""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest

from attcli.config import parse_config
from attcli.errors import AttcliError, ConfigError, InputError
from attcli.report import build_report, read_pupils, settings_from
from attcli.report.build import gap1, pct1, round1
from builders import register

D = dt.date
HOLIDAY = [D(2026, 9, 21) + dt.timedelta(days=i) for i in range(5)]
DATA = __import__("pathlib").Path(__file__).parent / "data" / "report"

CONFIG = """
[report]
min_cohort = 3

[report.national]
attendance_pct = 93.1
pa_rate = 17.8
sa_rate = 2.3
source = "DfE autumn 2025"
"""

ATTRS = {  # upn: (reg_group, gender, fsm, cla)
    "P1": ("7A", "F", False, False),
    "P2": ("7A", "M", False, False),
    "P3": ("7A", "F", False, False),
    "P4": ("7A", "M", True, False),
    "P5": ("7A", "F", False, False),
    "P6": ("8A", "M", True, False),
    "P7": ("8A", "F", True, True),
}


def school(reg_names: dict[str, str] | None = None) -> pl.DataFrame:
    """The register above, with cohort attributes (``reg_names`` renames reg groups)."""
    p = "/\\"
    year7 = register(
        {
            "P1": " ".join([p] * 15),
            "P2": " ".join([p] * 15),
            "P3": " ".join([p] * 15),
            "P4": " ".join([p] * 10 + ["N"] * 5),
            "P5": " ".join(["I\\" if i % 5 == 0 else p for i in range(15)]),
        },
        holidays=HOLIDAY,
        year_group="7",
    )
    year8 = register(
        {
            "P6": " ".join([p] * 10 + ["/N"] * 5),
            "P7": " ".join([p] * 5 + ["N"] * 10),
        },
        holidays=HOLIDAY,
        year_group="8",
    )
    reg = pl.concat([year7, year8])
    names = reg_names or {}
    return reg.with_columns(
        pl.col("upn").replace_strict({u: names.get(a[0], a[0]) for u, a in ATTRS.items()}).alias("reg_group"),
        pl.col("upn").replace_strict({u: a[1] for u, a in ATTRS.items()}).alias("gender"),
        pl.col("upn").replace_strict({u: a[2] for u, a in ATTRS.items()}, return_dtype=pl.Boolean).alias("fsm"),
        pl.col("upn").replace_strict({u: a[3] for u, a in ATTRS.items()}, return_dtype=pl.Boolean).alias("cla"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def report():
    return build_report(school(), parse_config(CONFIG))


@pytest.fixture(scope="module")
def report_html(report) -> str:
    """The report above as HTML, made once for the tests that read it (its five charts
    take about a second to draw)."""
    from attcli.report.html import render_html

    return render_html(report)


@pytest.fixture(scope="module")
def report_xlsx(report) -> bytes:
    """The report above as a workbook's bytes, made once for the tests that read it."""
    from attcli.report.xlsx import write_xlsx

    buf = io.BytesIO()
    write_xlsx(report, buf)
    return buf.getvalue()


def rows(frame: pl.DataFrame, key: str) -> dict:
    return {r[key]: r for r in frame.iter_rows(named=True)}


# --------------------------------------------------------------------------- arithmetic


def test_rounding_helpers_are_half_up_on_exact_fractions():
    f = pl.DataFrame({"a": [1, 2, 171, 1, 0], "p": [8, 3, 190, 400, 0]})
    out = f.select(pct1(pl.col("a"), pl.col("p"))).to_series().to_list()
    # 12.5 ; 66.666.. ; 90.0 exactly ; 0.25 -> 0.3 (half up) ; no possible sessions -> null
    assert out == [12.5, 66.7, 90.0, 0.3, None]
    g = pl.DataFrame({"a1": [1], "p1": [4], "a2": [3], "p2": [10]})
    # 25 % - 30 % = -5.0 pp; 1/400 - 0 -> half away from zero
    assert g.select(gap1(pl.col("a1"), pl.col("p1"), pl.col("a2"), pl.col("p2"))).item() == -5.0
    from fractions import Fraction

    assert round1(Fraction(-1, 4)) == -0.3 and round1(Fraction(1, 4)) == 0.3


# --------------------------------------------------------------------------- tables


def test_period_and_half_terms(report):
    assert report.as_of == D(2026, 10, 2)
    assert report.period_start == D(2026, 9, 1)
    assert report.half_term.name == "Autumn 2"
    assert report.previous_half_term.name == "Autumn 1"
    assert report.previous_as_of == D(2026, 9, 18)
    assert report.pupils == 7


def test_headline(report):
    h = rows(report.headline, "measure")
    # attended 30+30+30+20+27+25+10 = 172 of 7 x 30 = 210 -> 81.904.. -> 81.9
    assert (h["attendance"]["numerator"], h["attendance"]["denominator"]) == (172, 210)
    assert h["attendance"]["value"] == 81.9
    # then: 20+20+20+20+18+20+10 = 128 of 140 = 91.428.. -> 91.4; change 172/210 - 128/140
    # = -0.095238.. -> -9.5 pp
    assert h["attendance"]["previous"] == 91.4
    assert h["attendance"]["change_pp"] == -9.5
    # PA (<= 90 %): P4 66.7, P5 exactly 90.0 (27/30), P6 83.3, P7 33.3 -> 4 of 7 = 57.1;
    # then P5 (18/20 = 90 %) and P7 (50 %) -> 2/7 = 28.6; change 2/7 = +28.6 pp
    assert (h["pa"]["numerator"], h["pa"]["denominator"], h["pa"]["value"]) == (4, 7, 57.1)
    assert (h["pa"]["previous"], h["pa"]["change_pp"]) == (28.6, 28.6)
    # SA (<= 50 %): P7 now (33.3) and then (exactly 50 %) -> 1/7 = 14.3, no change
    assert (h["sa"]["value"], h["sa"]["previous"], h["sa"]["change_pp"]) == (14.3, 14.3, 0.0)


def test_national_figures_from_config(report):
    h = rows(report.headline, "measure")
    assert report.national.source == "DfE autumn 2025"
    assert [h[m]["national"] for m in ("attendance", "pa", "sa")] == [93.1, 17.8, 2.3]
    # 81.904.. - 93.1 = -11.195 -> -11.2 ; 57.142.. - 17.8 = 39.342 -> 39.3 ;
    # 14.285.. - 2.3 = 11.985 -> 12.0
    assert [h[m]["vs_national_pp"] for m in ("attendance", "pa", "sa")] == [-11.2, 39.3, 12.0]


def test_no_national_figures_without_config():
    r = build_report(school(), parse_config(""))
    assert r.national is None
    assert r.headline.get_column("national").null_count() == 3


def test_weekly(report):
    w = report.weekly
    assert w.get_column("week_start").to_list() == [D(2026, 9, 7), D(2026, 9, 14), D(2026, 9, 28)]
    # week 1: 70 possible, P5 misses Mon AM -> 69 -> 98.571 -> 98.6
    # week 2: P7 misses 10, P5 Mon AM 1 -> 59/70 = 84.285 -> 84.3
    # week 3: P4 10, P5 1, P6 5, P7 10 -> 44/70 = 62.857 -> 62.9   (69+59+44 = 172)
    assert w.get_column("possible").to_list() == [70, 70, 70]
    assert w.get_column("attended").to_list() == [69, 59, 44]
    assert w.get_column("attendance_pct").to_list() == [98.6, 84.3, 62.9]
    assert w.get_column("school_days").to_list() == [5, 5, 5]


def test_weekdays_and_sessions(report):
    d = rows(report.weekdays, "weekday")
    assert list(d) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    # each weekday: 7 pupils x 3 days x 2 = 42 possible.
    # Monday: P5 3 AM, P7 days 6 and 11 (4), P4 day 11 (2), P6 day 11 PM (1) = 10 absent
    #   -> 32/42 = 76.190 -> 76.2 ; AM 21 - (3+2+1) = 15/21 = 71.4 ; PM 21 - (2+1+1) = 17/21 = 81.0
    assert (d["Monday"]["attended"], d["Monday"]["possible"]) == (32, 42)
    assert (d["Monday"]["attendance_pct"], d["Monday"]["am_pct"], d["Monday"]["pm_pct"]) == (
        76.2,
        71.4,
        81.0,
    )
    # other days: P7 (4), P4 (2), P6 (1) -> 35/42 = 83.3 ; AM 18/21 = 85.7 ; PM 17/21 = 81.0
    for day in ("Tuesday", "Wednesday", "Thursday", "Friday"):
        assert (d[day]["attendance_pct"], d[day]["am_pct"], d[day]["pm_pct"]) == (83.3, 85.7, 81.0)
    s = rows(report.sessions, "session")
    # AM: 105 - (P5 3 + P7 10 + P4 5) = 87 -> 82.857 -> 82.9 ; PM: 105 - (10 + 5 + 5) = 85 -> 81.0
    assert (s["AM"]["attended"], s["AM"]["possible"], s["AM"]["attendance_pct"]) == (87, 105, 82.9)
    assert (s["PM"]["attended"], s["PM"]["possible"], s["PM"]["attendance_pct"]) == (85, 105, 81.0)


def test_year_and_reg_groups_with_suppression(report):
    y = rows(report.year_groups, "year_group")
    # Year 8 has 2 pupils: fewer than min_cohort (3) -> no figures at all; and Year 7 (5
    # pupils) is hidden with it: the school (7 pupils, shown) less Year 7 was Year 8
    assert y["8"]["note"] == "fewer than 3 pupils"
    assert y["7"]["note"] == (
        "not shown, so that a smaller group's figures cannot be worked out from the total"
    )
    for year in ("7", "8"):
        assert [y[year][k] for k in ("pupils", "possible", "attended", "attendance_pct",
                                     "pa_rate")] == [None] * 5  # fmt: skip
    g = rows(report.reg_groups, "reg_group")
    assert list(g) == ["7A", "8A"]
    assert g["8A"]["attendance_pct"] is None and g["8A"]["note"] == "fewer than 3 pupils"
    assert g["7A"]["attendance_pct"] is None and g["7A"]["note"].startswith("not shown")
    # with a minimum of 2 every group is shown: Year 7 (5 pupils) 30+30+30+20+27 = 137/150
    # = 91.333 -> 91.3 ; PA P4, P5 -> 2/5 = 40.0
    shown = build_report(school(), parse_config(CONFIG.replace("min_cohort = 3", "min_cohort = 2")))
    y = rows(shown.year_groups, "year_group")
    assert y["7"]["pupils"] == 5 and y["7"]["note"] is None
    assert (y["7"]["attendance_pct"], y["7"]["pa_rate"], y["7"]["sa_rate"]) == (91.3, 40.0, 0.0)
    g = rows(shown.reg_groups, "reg_group")
    assert (g["7A"]["attendance_pct"], g["7A"]["pa_rate"]) == (91.3, 40.0)


def test_cohorts_against_the_rest(report):
    c = rows(report.cohorts, "cohort")
    assert list(c) == ["Female", "Male", "Free school meals (FSM)", "Looked-after children (CLA)"]
    # FSM = P4, P6, P7: exactly min_cohort (3) -> shown. 20+25+10 = 55/90 = 61.1 ; PA 3/3 = 100.0
    # rest P1, P2, P3, P5: 117/120 = 97.5 ; PA P5 -> 1/4 = 25.0
    # gap 55/90 - 117/120 = -0.36388.. -> -36.4 pp ; PA gap 100 - 25 = +75.0 pp
    f = c["Free school meals (FSM)"]
    assert (f["pupils"], f["attendance_pct"], f["pa_rate"]) == (3, 61.1, 100.0)
    assert (f["rest_pupils"], f["rest_attendance_pct"], f["rest_pa_rate"]) == (4, 97.5, 25.0)
    assert (f["gap_pp"], f["pa_gap_pp"], f["note"]) == (-36.4, 75.0, None)
    # Female P1, P3, P5, P7: 97/120 = 80.8 ; Male P2, P4, P6: 75/90 = 83.3 ; gap -2.5 exactly
    # PA: female P5, P7 -> 2/4 = 50.0 ; male P4, P6 -> 2/3 = 66.7 ; gap -16.666 -> -16.7
    fe = c["Female"]
    assert (fe["attendance_pct"], fe["rest_attendance_pct"], fe["gap_pp"]) == (80.8, 83.3, -2.5)
    assert (fe["pa_rate"], fe["rest_pa_rate"], fe["pa_gap_pp"]) == (50.0, 66.7, -16.7)
    # CLA = P7 only: fewer than 3 -> suppressed, pupil count too
    cla = c["Looked-after children (CLA)"]
    assert cla["note"] == "fewer than 3 pupils"
    assert all(
        cla[k] is None
        for k in ("pupils", "attendance_pct", "pa_rate", "rest_attendance_pct", "gap_pp")
    )


def test_band_distribution(report):
    b = rows(report.band_distribution, "band")
    # green P1-P3 ; amber none ; red P4 (66.7), P5 (90.0: not above 90), P6 (83.3) ; severe P7
    assert [b[n]["pupils"] for n in ("green", "amber", "red", "severe")] == [3, 0, 3, 1]
    # of 7 with a band: 42.857 -> 42.9 ; 0 ; 42.9 ; 14.285 -> 14.3
    assert [b[n]["share_pct"] for n in ("green", "amber", "red", "severe")] == [
        42.9,
        0.0,
        42.9,
        14.3,
    ]


def test_worsening_bands(report):
    w = report.worsening
    # P4 green (20/20) -> red (20/30); P6 green -> red (25/30). P5 red -> red and P7 severe ->
    # severe are not worse. Worst band first, then lowest attendance first.
    assert w.get_column("upn").to_list() == ["P4", "P6"]
    p4 = w.row(0, named=True)
    assert (p4["previous_band"], p4["previous_pct"], p4["band"], p4["attendance_pct"]) == (
        "green",
        100.0,
        "red",
        66.7,
    )
    # this half term (Autumn 2): P4 0/10, P6 5/10
    assert w.get_column("ht_attendance_pct").to_list() == [0.0, 50.0]


def test_no_previous_half_term():
    r = build_report(school(), parse_config(CONFIG), as_of=D(2026, 9, 18))
    assert r.previous_half_term is None
    assert r.worsening.height == 0
    assert r.headline.get_column("change_pp").null_count() == 3
    assert any("no previous half term" in n for n in r.notes)


# --------------------------------------------------------------------------- pupil list


def test_pupil_list_adds_cohorts_and_reports_mismatches():
    pupils = read_pupils(DATA / "pupils.csv")
    assert pupils.attributes == ["gender", "sen", "fsm", "pupil_premium", "eal", "cla"]
    r = build_report(school(), parse_config(CONFIG), pupils=pupils)
    c = rows(r.cohorts, "cohort")
    # SEN from the list: K = P1, P3 ("SEN support" in words), P6 ; E = P2 ; N/blank = P4, P5 ;
    # P7 is not in the list -> unknown, in neither side.
    # SEN support 30+30+25 = 85/90 = 94.4, PA P6 1/3 = 33.3 ; rest P2, P4, P5 77/90 = 85.6,
    # PA P4, P5 2/3 = 66.7 ; gap 8/90 = 8.888 -> +8.9 pp ; PA gap -33.3 pp
    # Shown, these gave P7 away: the school's 172/210 less 85/90 and 77/90 is P7's 10/30,
    # and its PA 4 less 1 and 2 is P7's.  P7 alone has no SEN value: a group of 1, hidden,
    # and the SEN support row with it
    s = c["SEN support"]
    assert s["note"] == (
        "not shown, so that a smaller group's figures cannot be worked out from the total"
    )
    assert (s["pupils"], s["attendance_pct"], s["rest_pupils"], s["unknown"]) == (None,) * 4
    assert s["unknown_note"] == "fewer than 3 pupils"
    assert c["EHC plan"]["note"] == "fewer than 3 pupils"  # P2 only
    # Any SEN = P1, P2, P3, P6 (4) but the rest P4, P5 is 2 -> hidden too
    assert c["Any SEN"]["note"] == "fewer than 3 pupils in the rest of the school"
    assert c["Any SEN"]["attendance_pct"] is None
    # the list wins where it gives a value (P1 FSM in the list, not in the register), the
    # register fills in a pupil the list lacks (P7): FSM = P1, P4, P6, P7 ; rest P2, P3, P5
    # FSM 30+20+25+10 = 85/120 = 70.833 -> 70.8 ; rest 87/90 = 96.666 -> 96.7
    f = c["Free school meals (FSM)"]
    assert (f["pupils"], f["rest_pupils"], f["attendance_pct"], f["rest_attendance_pct"]) == (
        4,
        3,
        70.8,
        96.7,
    )
    assert "pupil list" in r.attribute_sources["sen"]
    text = " ".join(r.notes)
    assert "P7" in text and "not in the pupil list" in text  # register pupil missing from list
    assert "X9" in text and "not in the register" in text  # list pupil missing from register


def test_settings_errors():
    with pytest.raises(ConfigError, match="report.min_cohort"):
        settings_from(parse_config("[report]\nmin_cohort = 0\n"))
    with pytest.raises(ConfigError, match="report.national.pa"):
        settings_from(parse_config("[report.national]\npa = 17.8\n"))
    with pytest.raises(ConfigError, match="report.national.attendance_pct"):
        settings_from(parse_config('[report.national]\nattendance_pct = "high"\n'))
    assert settings_from(parse_config("")).min_cohort == 5


# --------------------------------------------------------------------------- renderers


def test_html_is_self_contained_escaped_and_shows_suppression_and_national():
    from attcli.report.html import render_html

    evil = "<script>alert(1)</script>"
    r = build_report(school({"7A": evil}), parse_config(CONFIG))
    html = render_html(r)
    assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()  # no script at all
    assert "<link" not in html.lower() and 'src="http' not in html  # nothing fetched
    # weekly, cohort x2, weekday, bands: the year and reg group charts would have no bar
    # (every group hidden), so are left out, the tables saying why (sweep looks5)
    assert html.count("<svg") == 5
    assert "fewer than 3 pupils" in html
    assert "93.1 %" in html and "DfE autumn 2025" in html
    assert "81.9 %" in html and "57.1 %" in html and "14.3 %" in html
    assert "for staff only" in html
    assert "SurnameP4, ForenameP4" in html  # the worsening list


def test_xlsx_tables_charts_and_formula_safety():
    from openpyxl import load_workbook

    from attcli.report.xlsx import write_xlsx

    r = build_report(school({"7A": '=HYPERLINK("http://x")'}), parse_config(CONFIG))
    buf = io.BytesIO()
    write_xlsx(r, buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["Summary", "Weekly", "Year groups", "Reg groups", "Cohorts",
                             "Weekdays", "Bands", "Worse band (staff)", "Notes"]  # fmt: skip
    assert [len(ws._charts) for ws in wb] == [0, 1, 1, 1, 2, 1, 1, 0, 0]
    summary = [[c.value for c in row] for row in wb["Summary"].iter_rows(min_row=5, max_row=7)]
    assert summary[0][:4] == ["Attendance", 0.819, 172, 210]  # (0.0%: sweep looks11)
    assert summary[0][6] == 0.931
    reg = [[c.value for c in row] for row in wb["Reg groups"].iter_rows(min_row=2)]
    assert reg[0][1] == '\'=HYPERLINK("http://x")'  # neutralised
    assert reg[1][2] == "fewer than 3 pupils" and reg[1][3] is None
    worse = [[c.value for c in row] for row in wb["Worse band (staff)"].iter_rows(min_row=2)]
    assert [w[0] for w in worse] == ["P4", "P6"]


def test_the_report_workbook_prints_landscape_with_each_table_s_header_on_every_page(
    report_xlsx,
):
    """Every sheet of the report's workbook printed as the other workbooks are (the
    outfiles sweep's ``output.print_setup``): landscape on A4, the first table's header row
    on every page, one page wide (the tables are narrow: the widest, the staff's worse-band
    list, is 10 columns of at most 45 characters); openpyxl left them portrait, the header
    on the first page only."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(report_xlsx))
    header = {"Summary": "Measure", "Weekly": "Week commencing", "Year groups": "Year group",
              "Reg groups": "Year group", "Cohorts": "Attribute", "Weekdays": "Weekday",
              "Bands": "Band", "Worse band (staff)": "UPN", "Notes": "Data notes"}  # fmt: skip
    assert wb.sheetnames == list(header)
    for ws in wb:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        first, last = ws.print_title_rows.replace("$", "").split(":")
        assert first == last and ws.cell(int(first), 1).value == header[ws.title], ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title


# --------------------------------------------------------------------------- audiences


def _cells(wb) -> str:
    return " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)


def test_governors_version_names_no_pupil_and_no_file_path():
    """Issue 13: --audience governors leaves out every pupil-level section and local file
    paths; the staff version (the default) says on its first screen that it names pupils."""
    from openpyxl import load_workbook

    from attcli.report.html import render_html
    from attcli.report.xlsx import write_xlsx

    pupils = read_pupils(DATA / "pupils.csv")
    loader_note = f"{DATA / 'register.csv'}: 2 duplicate session rows removed, e.g. P4 ..."
    staff = build_report(school(), parse_config(CONFIG), pupils=pupils)
    staff.add_notes([loader_note])
    gov = build_report(school(), parse_config(CONFIG), pupils=pupils, audience="governors")
    gov.add_notes([loader_note])
    assert staff.audience == "staff" and staff.worsening.height == 2
    assert gov.worsening.height == 0  # no renderer can show it by mistake
    # the register's problems name no pupil and no file: in both versions.  The 15 school
    # days to Fri 2 Oct; an N is stale when more than 5 school days are after it: P7's N
    # on days 6-9 (8 sessions); P4's and P6's, on days 11-15, are not yet
    problems = (
        "register problems from 01/09/2026 to 02/10/2026: 8 N codes older than 5 school "
        "days; the figures leave out sessions with no mark and count each N as unauthorised: "
        "fix them in the MIS (attcli check lists them)"
    )
    assert problems in staff.notes
    assert gov.notes == [
        problems,
        # (the register gives gender, FSM and CLA: it fills them in for the pupil)
        "1 pupil in the register is not in the pupil list pupils.csv; their sen, "
        "pupil_premium, eal count as unknown; their gender, fsm, cla are taken from the "
        "register export",
        "1 UPN in the pupil list pupils.csv is not in the register for this period and "
        "left out",
    ]
    assert gov.withheld_notes == 1
    # the figures are the same for both
    assert gov.headline.equals(staff.headline) and gov.cohorts.equals(staff.cohorts)

    html = render_html(gov)
    first_screen = html[html.index("<header>") : html.index("</header>")]
    assert "For governors: this version names no pupil." in first_screen
    for pupil_level in ("SurnameP4", "P4", "P7", "X9", "Nine", "worsening", "for staff only"):
        assert pupil_level not in html, pupil_level
    assert str(DATA) not in html and "/tests/" not in html
    assert '<span class="num">8</span>How the figures are worked out' in html
    assert (
        "1 note about the export files (which can name files and pupils) is in the staff "
        "version only." in html
    )
    staff_html = render_html(staff)
    first_screen = staff_html[staff_html.index("<header>") : staff_html.index("</header>")]
    assert (
        "For staff only: this report names pupils (section 8). For governors, make the version "
        "without names: <code>attcli report ...</code> <code>--audience governors</code>." in first_screen
    )
    assert "SurnameP4" in staff_html and loader_note in staff_html

    buf = io.BytesIO()
    write_xlsx(gov, buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["Summary", "Weekly", "Year groups", "Reg groups", "Cohorts",
                             "Weekdays", "Bands", "Notes"]  # fmt: skip
    assert wb["Summary"]["A3"].value == "For governors: this version names no pupil."
    text = _cells(wb)
    for pupil_level in ("SurnameP4", "P4", "P7", "X9", str(DATA)):
        assert pupil_level not in text, pupil_level
    buf = io.BytesIO()
    write_xlsx(staff, buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert wb["Summary"]["A3"].value.startswith(
        "For staff only: this workbook names pupils (the sheet 'Worse band (staff)')."
    )
    assert "Worse band (staff)" in wb.sheetnames
    with pytest.raises(AttcliError, match="--audience 'parents': choose staff or governors"):
        build_report(school(), parse_config(CONFIG), audience="parents")


def test_report_percentages_never_read_across_a_band_line():
    """One display rule (attcli.percent): 91.96 % is amber and never shows as 92.0; 89.96 %
    never as the 90.0 of the line; a missed session in 2,500 never as 100.0."""
    f = pl.DataFrame({"a": [2299, 224, 171, 2499], "p": [2500, 249, 190, 2500]})
    lines = [92, 90, 50]
    from fractions import Fraction

    out = f.select(pct1(pl.col("a"), pl.col("p"), [Fraction(x) for x in lines])).to_series()
    assert out.to_list() == [91.96, 89.96, 90.0, 99.96]
    from attcli.report.html import _pct

    assert [_pct(v) for v in out.to_list()] == ["91.96 %", "89.96 %", "90.0 %", "99.96 %"]
    assert round1(Fraction(-1, 25)) == -0.04  # a gap of -0.04 pp is not "0.0 pp"


def test_a_pupil_list_of_dates_only_gives_the_time_on_roll(tmp_path):
    """The check takes a pupil list with only joining and leaving dates (the time on roll);
    the report and summary refused it ("no cohort columns"), so their figures counted marks
    the check left out.  A list with neither cohorts nor dates gives nothing: refused."""
    dates = tmp_path / "dates.csv"
    dates.write_text("UPN,Surname,Admission Date,Leaving Date\nA1,Smith,01/09/2021,\n", encoding="utf-8")
    listed = read_pupils(dates)
    assert listed.attributes == [] and "joined" in listed.pupils.columns
    bare = tmp_path / "bare.csv"
    bare.write_text("UPN,Surname\nA1,Smith\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_pupils(bare)
    assert "the pupil list has no cohort columns and no joining or leaving dates" in str(exc.value)


# --------------------------------------------------------------------------- no-value groups


def _no_gender_for_p7() -> pl.DataFrame:
    return school().with_columns(
        pl.when(pl.col("upn") == "P7").then(None).otherwise(pl.col("gender")).alias("gender")
    )


def test_a_pupil_with_no_value_cannot_be_worked_out_from_the_cohorts_and_the_school():
    """P7 (10 of 30 sessions, persistently and severely absent) has no gender recorded.
    The school is shown: 7 pupils, 172 of 210 sessions, PA 4 (P4, P5, P6, P7).  Shown
    before: Female P1, P3, P5 (3 pupils, 87/90 = 96.7 %, PA P5: 1 of 3) and Male P2, P4,
    P6 (3 pupils, 75/90 = 83.3 %, PA P4, P6: 2 of 3), and "no value: 1".  Then P7 was
    7 - 3 - 3 = 1 pupil, 172 - 87 - 75 = 10 of 210 - 90 - 90 = 30 sessions, and
    4 - 1 - 2 = 1 persistently absent: P7's own figures.  The no-value group (1 pupil,
    under min_cohort 3) is a group of the partition school = Female + Male + no value:
    hidden, and with it one more group of each row (Female's rest is Male), so both
    gender rows show no figure and the no-value count is not shown."""
    from openpyxl import load_workbook

    from attcli.report.html import render_html
    from attcli.report.xlsx import write_xlsx

    r = build_report(_no_gender_for_p7(), parse_config(CONFIG))
    c = rows(r.cohorts, "cohort")
    figures = ("pupils", "attendance_pct", "pa_rate", "rest_pupils", "rest_attendance_pct",
               "rest_pa_rate", "gap_pp", "pa_gap_pp", "unknown")  # fmt: skip
    for g in ("Female", "Male"):
        assert [c[g][k] for k in figures] == [None] * len(figures), g
        assert c[g]["note"] == (
            "not shown, so that a smaller group's figures cannot be worked out from the total"
        )
        assert c[g]["unknown_note"] == "fewer than 3 pupils"
    # what is left shown of gender cannot give P7: no pupil count, session or PA figure of
    # any gender row; the whole school's (7, 172/210, PA 4) alone says nothing of P7
    # FSM (P4, P6, P7 against P1, P2, P3, P5; everyone's FSM is known) is as before
    f = c["Free school meals (FSM)"]
    assert (f["pupils"], f["attendance_pct"], f["rest_pupils"], f["unknown"]) == (3, 61.1, 4, 0)
    assert f["unknown_note"] is None

    html = render_html(r)
    section = html[html.index('id="cohorts"') : html.index('id="weekdays"')]
    assert "Female 1" not in section and "Male 1" not in section
    assert (
        "Pupils with no value are in neither the cohort nor the rest: Gender: fewer than 3 "
        "pupils</p>" in section
    )
    buf = io.BytesIO()
    write_xlsx(r, buf)
    sheet = [[x.value for x in row] for row in load_workbook(buf)["Cohorts"].iter_rows(min_row=2)]
    female = next(row for row in sheet if row[1] == "Female")
    assert female[2].startswith("not shown") and female[9] == "fewer than 3 pupils"
    assert all(v is None for v in female[3:9])


def test_a_no_value_group_of_min_cohort_or_more_is_shown_and_hides_nothing():
    """With min_cohort 1 nothing is small: the rows and the no-value count (1) are shown,
    and add up: 3 + 3 + 1 = 7 pupils, 90 + 90 + 30 = 210 sessions."""
    r = build_report(_no_gender_for_p7(), parse_config(CONFIG.replace("min_cohort = 3", "min_cohort = 1")))
    c = rows(r.cohorts, "cohort")
    assert (c["Female"]["pupils"], c["Female"]["rest_pupils"], c["Female"]["unknown"]) == (3, 3, 1)
    assert c["Female"]["note"] is None and c["Female"]["unknown_note"] is None


# --------------------------------------------------------------------------- a week missing

TERMS = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-09-18

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-09-28
end = 2026-12-18
"""


def gapped() -> pl.DataFrame:
    """The school without the week of Mon 14 Sep (a weekly export left out)."""
    return school().filter(~pl.col("date").is_between(D(2026, 9, 14), D(2026, 9, 18)))


def test_a_week_missing_from_the_exports_withholds_pa_and_says_why():
    """Without the week of 14 Sep each pupil has 20 sessions (weeks of 7 and 28 Sep):
    P1-P3 20, P4 10 (N all of the last week), P5 18 (I both Monday mornings), P6 15,
    P7 10: 113 of 140 = 80.714 -> 80.7 %.  Every pupil has 20 possible sessions, well
    over 10, yet no band: the register misses a week of the term.  From it P4 would read
    10/20 = 50 %, severely absent, where the whole register gives 20/30 = 66.7 %: the
    PA and SA figures of an incomplete register are not the year's, and are withheld."""
    from openpyxl import load_workbook

    from attcli.report.html import render_html
    from attcli.report.xlsx import write_xlsx

    r = build_report(gapped(), parse_config(CONFIG + TERMS))
    assert r.coverage_line is not None and "14/09/2026 to 18/09/2026" in r.coverage_line
    h = rows(r.headline, "measure")
    assert (h["attendance"]["numerator"], h["attendance"]["denominator"]) == (113, 140)
    assert h["attendance"]["value"] == 80.7 and h["attendance"]["note"] is None
    why = "the exports miss the week of 14/09/2026 to 18/09/2026"
    for m in ("pa", "sa"):
        assert [h[m][k] for k in ("value", "numerator", "denominator", "change_pp",
                                  "vs_national_pp")] == [None] * 5  # fmt: skip
        assert h[m]["note"] == f"not worked out: {why}"
    for frame in (r.year_groups, r.reg_groups):
        assert frame.get_column("pa_rate").null_count() == frame.height
        assert frame.get_column("sa_rate").null_count() == frame.height
    fsm = rows(r.cohorts, "cohort")["Free school meals (FSM)"]
    # FSM P4, P6, P7: 10 + 15 + 10 = 35/60 = 58.3 % ; rest 20+20+20+18 = 78/80 = 97.5 %
    assert (fsm["attendance_pct"], fsm["rest_attendance_pct"]) == (58.3, 97.5)
    assert (fsm["pa_rate"], fsm["rest_pa_rate"], fsm["pa_gap_pp"]) == (None, None, None)
    b = rows(r.band_distribution, "band")
    assert [b[n]["pupils"] for n in ("green", "amber", "red", "severe")] == [0, 0, 0, 0]
    assert (b["no band"]["pupils"], b["no band"]["rule"]) == (7, why)
    # the weekly table: 7 Sep 69/70, the missing week as a row saying so, 28 Sep 44/70
    w = r.weekly
    assert w.get_column("week_start").to_list() == [D(2026, 9, 7), D(2026, 9, 14), D(2026, 9, 28)]
    assert w.get_column("possible").to_list() == [70, None, 70]
    assert w.get_column("attended").to_list() == [69, None, 44]
    assert w.get_column("attendance_pct").to_list() == [98.6, None, 62.9]
    assert w.get_column("school_days").to_list() == [5, 5, 5]
    assert w.get_column("note").to_list() == [
        None, "not in the exports: no register for this week, so not in the figures", None
    ]  # fmt: skip

    html = render_html(r)
    assert "fewer than 10 possible sessions" not in html
    assert why in html and "not in the exports: no register for this week" in html
    head = html[html.index('id="headline"') : html.index('id="weekly"')]
    assert "Persistent absence" in head and "not worked out: " + why in head
    assert "0 of 0" not in head
    buf = io.BytesIO()
    write_xlsx(r, buf)
    wb = load_workbook(buf)
    weekly = [[x.value for x in row] for row in wb["Weekly"].iter_rows(min_row=2)]
    assert weekly[1][3:7] == [None, None, None,
                              "not in the exports: no register for this week, so not in the figures"]  # fmt: skip
    bands = [[x.value for x in row] for row in wb["Bands"].iter_rows(min_row=2)]
    assert bands[-1][:3] == ["no band", why, 7]
    summary = [[x.value for x in row] for row in wb["Summary"].iter_rows(min_row=5, max_row=7)]
    assert summary[1][0] == "Persistent absence" and summary[1][1:4] == [None, None, None]
    assert "not worked out: " + why in summary[1]


def test_a_small_other_gender_cannot_be_worked_out_from_female_and_male():
    """P7's gender is recorded as "X" (a value of its own, not missing): rows Female (P1,
    P3, P5: 3 pupils, rest 4), Male (P2, P4, P6: 3, rest 4) and X (1 pupil: hidden).
    Female and Male were shown, so X was 7 - 3 - 3 = 1 pupil, 172 - 87 - 75 = 10 of
    210 - 90 - 90 = 30 sessions: P7's own figures.  The gender cohorts and the pupils with
    no gender make the school, so one more gender row is hidden."""
    reg = school().with_columns(
        pl.when(pl.col("upn") == "P7").then(pl.lit("X")).otherwise(pl.col("gender")).alias("gender")
    )
    c = rows(build_report(reg, parse_config(CONFIG)).cohorts, "cohort")
    assert c["X"]["pupils"] is None and c["X"]["note"] == "fewer than 3 pupils"
    assert None in (c["Female"]["pupils"], c["Male"]["pupils"])


def test_the_band_table_gives_each_band_s_whole_range(report, report_html, report_xlsx):
    """The default bands: green from 92 %, amber above 90 %, red above 50 %, severe the
    rest.  The Rule column said only each band's lower edge ("amber | attendance > 90 %",
    which 95 % also is); the summary's bands say the whole range, from one place
    (attcli.config.band_range): the report and its workbook say the same."""
    from openpyxl import load_workbook

    b = rows(report.band_distribution, "band")
    assert [b[n]["rule"] for n in ("green", "amber", "red", "severe")] == [
        "92 % or more", "above 90 % and below 92 %", "above 50 % and at most 90 %",
        "50 % or less",
    ]  # fmt: skip
    html = report_html
    assert "above 90 % and below 92 %" in html and "attendance &gt; 90 %" not in html
    wb = load_workbook(io.BytesIO(report_xlsx))
    sheet = [[c.value for c in row] for row in wb["Bands"].iter_rows()]
    assert ["red", "above 50 % and at most 90 %"] in [row[:2] for row in sheet]


# (last in the file, after the band table's test, which makes the module's report HTML
# this test reads too: its time is its own report's, under a second, and it runs in CI)
def test_a_report_from_a_later_date_is_not_called_the_year_to_date(report_html):
    """`report --from 2026-09-28`: the figures are for 28 September to 2 October (Autumn 2
    only), but the header said "Academic year to date: 28
    September 2026 to 2 October 2026" and set them beside the national full-year figures
    unqualified.  Now the header says the period as given, and the national figures say
    whose period they are of."""
    from openpyxl import load_workbook

    from attcli.report.html import render_html
    from attcli.report.xlsx import write_xlsx

    r = build_report(school(), parse_config(CONFIG), period_start=D(2026, 9, 28))
    assert r.period_start == D(2026, 9, 28)
    html = render_html(r)
    assert "Academic year to date" not in html
    assert "28 September 2026 to 2 October 2026 (from --from)" in html
    assert "on roll at some point this year" not in html
    # [report.national]'s period is its source's ("DfE autumn 2025"), not a full year
    # (sweep national: test_national_figures_of_the_config_are_not_called_a_full_year_s)
    assert "National: <strong>93.1 %</strong>" in html
    assert (
        "The national figures are those of [report.national] in the config (DfE autumn "
        "2025), not worked out for this period: these are for 28 September 2026 to 2 October "
        "2026 only" in html
    )
    buf = io.BytesIO()
    write_xlsx(r, buf)
    a2 = load_workbook(buf)["Summary"]["A2"].value
    assert a2.startswith("28/09/2026 to 02/10/2026 (from --from)")
    # the year to date is still called so
    year = report_html
    assert "Academic year to date: 1 September 2026 to 2 October 2026" in year
    assert "National: <strong>93.1 %</strong>" in year and "full year" not in year
