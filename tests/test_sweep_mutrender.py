"""Sweep "mutrender" (5 December (sixth)): mutation testing of what the check and the
national figures show: the check's renderers (table, CSV, JSON, workbook), small-number
suppression and the DfE's EES file.  Each test here killed a mutant that survived every
earlier test; the answers are worked by hand from DOMAIN.md with the default config
(green 92+, amber above 90, red above 50; a penalty notice at 10 unauthorised sessions in
10 school weeks; the absence group from 3 school days of unexplained absence)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

HEADER = "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"

#: (UPN, surname, (school day n from 0, session) -> mark, or None: no row)
Pupil = tuple[str, str, Callable[[int, str], str | None]]


def absent(days: range | tuple[int, ...] = (), code: str = "O", last: int | None = None):
    """``code`` all day on the school days ``days`` (counted from 0), present otherwise;
    no row after school day ``last`` (off roll from then)."""

    def mark(n: int, session: str) -> str | None:
        if last is not None and n > last:
            return None
        if n in days:
            return code
        return "/" if session == "AM" else "\\"

    return mark


def export(path: Path, pupils: list[Pupil], days: int = 20) -> Path:
    """``days`` school days (Monday to Friday) from Monday 7 September 2026, Year 8, 8A."""
    lines = [HEADER]
    day, n = dt.date(2026, 9, 7), 0
    while n < days:
        if day.weekday() < 5:
            for upn, surname, mark in pupils:
                for session in ("AM", "PM"):
                    m = mark(n, session)
                    if m is not None:
                        lines.append(
                            f"{upn},{surname},Jo,8,8A,01/10/2012,{day:%d/%m/%Y},{session},{m}"
                        )
            n += 1
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------- the check in every format

#: Four weeks, 7 September to Friday 2 October 2026 (school days 0-19), 40 sessions each;
#: NEW compares with the check as of Friday 25 September (school day 14).
#: - A001 Ash: present: green, in no group.
#: - B002 Bea: O on days 15-19 (28/09 to 02/10): 30/40 = 75.0 %, red; 10 unauthorised
#:   sessions (pn, met 02/10); 5 days' run now (absence).  On 25/09 in none: NEW in all 3.
#: - C003 Ced: O on days 0-4: 75.0 %, red, pn (met 11/09), in both on 25/09 too.
#: - D004 Del: O on days 16-19: 32/40 = 80.0 %, red, 8 unauthorised (no pn), a 4 days' run
#:   (absence): NEW in red and absence.
#: - E005 Eve: O on days 5-10: 28/40 = 70.0 %, red, pn (12 sessions, met 18/09): not new.
#: - F006 Fay: O on days 8-12 then no row: left 23/09 after 5 days of unexplained absence
#:   (absence, not new: so on 25/09 too), 16/26 = 61.54 %, counted in red, in no band group.
PUPILS: list[Pupil] = [
    ("A001", "Ash", absent()),
    ("B002", "Bea", absent(range(15, 20))),
    ("C003", "Ced", absent(range(0, 5))),
    ("D004", "Del", absent(range(16, 20))),
    ("E005", "Eve", absent(range(5, 11))),
    ("F006", "Fay", absent(range(8, 13), last=12)),
]

#: Each group as the check lists it (the table's order: NEW first, then the lowest
#: attendance first): (NEW, UPN, attendance % as the table and the workbook show it: Fay's
#: 61.54 of the CSV and the JSON, two places by their contract, is 61.5 by the one rule).
EXPECTED = {
    "band:red": [(True, "B002", 75.0), (True, "D004", 80.0), (False, "E005", 70.0),
                 (False, "C003", 75.0)],
    "pn": [(True, "B002", 75.0), (False, "E005", 70.0), (False, "C003", 75.0)],
    "absence": [(True, "B002", 75.0), (True, "D004", 80.0), (False, "F006", 61.5)],
}  # fmt: skip
#: the groups' titles as the table and the workbook's Summary give them, and its sheets
TITLES = {
    "band:red": ("Red (above 50 % and at most 90 %)", "Red"),
    "pn": (
        "Penalty-notice threshold (10+ unauthorised sessions in 10 school weeks)",
        "Penalty-notice threshold",
    ),
    "absence": (
        "Continuous unexplained absence (3+ school days)",
        "Continuous unexplained absence",
    ),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict:
    """The check as of 02/10/2026 in each format: table (200 and 80 columns), CSV, JSON, the
    workbook's sheets as rows."""
    from openpyxl import load_workbook

    tmp = tmp_path_factory.mktemp("mutrender")
    ws = make_workspace(tmp / "ws", AUTUMN_HALF_TERMS)
    exp = export(tmp / "e.csv", PUPILS)
    base = ("check", exp, "-c", ws, "--as-of", "2026-10-02")
    out = {}
    for fmt in ("table", "csv", "json"):
        code, text, err = run_cli(*base, "-f", fmt)
        assert code == 0, err
        out[fmt] = text
    code, out["narrow"], err = run_cli(*base, "-f", "table", width=80)
    assert code == 0, err
    code, _, err = run_cli(*base, "-o", tmp / "c.xlsx")
    assert code == 0, err
    out["book"] = book = load_workbook(tmp / "c.xlsx")
    out["xlsx"] = {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book}
    return out


def _table_groups(text: str) -> dict[str, tuple[str, list[tuple[bool, str, float]]]]:
    """The table's groups: title line -> (the title, its rows (NEW, UPN, Att %))."""
    groups: dict[str, tuple[str, list[tuple[bool, str, float]]]] = {}
    rows: list[tuple[bool, str, float]] = []
    for line in text.splitlines():
        if m := re.fullmatch(r"(\S.*): (\d+) pupils?(?:, \d+ new)?", line):
            rows = []
            groups[m.group(1)] = (line, rows)
        cells = [c.strip() for c in line.strip("│").split("│")]
        if len(cells) == 7 and re.fullmatch(r"[A-Z]\d{3}", cells[2]):
            rows.append((cells[0] == "NEW", cells[2], float(cells[4])))
    return groups


def test_the_table_lists_each_group_new_first_then_lowest_attendance(checked):
    """The table's order is its contract with the reader (the NEW pupils are this week's
    to act on): a mutant listing NEW pupils last, or the highest attendance first,
    survived every test."""
    groups = _table_groups(checked["table"])
    assert list(groups) == [TITLES[k][0] for k in EXPECTED]
    for key, want in EXPECTED.items():
        line, rows = groups[TITLES[key][0]]
        assert rows == want, key
        new = sum(1 for n, _, _ in want if n)
        assert line == f"{TITLES[key][0]}: {len(want)} pupils, {new} new"
    # (and on 80 columns, each pupil on a line of their own: the same order and NEW)
    narrow = [
        (m.group(1) == "NEW", m.group(2))
        for m in re.finditer(r"^(NEW|   ) \S.*?  ([A-Z]\d{3})  Year", checked["narrow"], re.M)
    ]
    assert narrow == [(n, u) for want in EXPECTED.values() for n, u, _ in want]


def test_every_format_has_the_same_pupils_new_marks_and_figures_in_each_group(checked):
    """The same pupils in each group, the same NEW and the same attendance in the JSON,
    the CSV, the table and the workbook (its group sheets, All pupils and Summary)."""
    doc = json.loads(checked["json"])
    by_upn = {p["upn"]: p for p in doc["pupils"]}
    assert [u for u in by_upn] == [u for u, _, _ in PUPILS]
    rows = list(csv.DictReader(io.StringIO(checked["csv"].lstrip("\ufeff"))))
    assert [r["upn"] for r in rows] == list(by_upn)
    for r in rows:
        p = by_upn[r["upn"]]
        assert r["groups"] == ";".join(p["groups"]) and r["new_groups"] == ";".join(p["new_groups"])
        assert float(r["attendance_pct"]) == p["attendance_pct"]
        assert r["reasons"] == " | ".join(p["reasons"][g] for g in p["groups"])
    for key, want in EXPECTED.items():
        in_json = [
            (key in p["new_groups"], p["upn"], round(p["attendance_pct"], 1))
            for p in doc["pupils"]
            if key in p["groups"]
        ]
        assert sorted(in_json, key=lambda x: x[1]) == sorted(want, key=lambda x: x[1]), key
        assert doc["summary"]["groups"][key] == len(want)
    # the workbook: a sheet a group (in the check's order), each pupil's row with its NEW
    book = checked["xlsx"]
    for key, want in EXPECTED.items():
        sheet = book[TITLES[key][1]]
        assert sheet[0][:2] == ["New", "UPN"] and sheet[0][6] == "Attendance %"
        got = [(r[0] == "NEW", r[1], round(r[6] * 100, 2)) for r in sheet[1:]]
        assert sorted(got, key=lambda x: x[1]) == sorted(want, key=lambda x: x[1]), key
        reasons = {r[1]: r[19] for r in sheet[1:]}
        assert reasons == {u: by_upn[u]["reasons"][key] for _, u, _ in want}
    # All pupils: everyone, NEW when new in any group; the reasons of all their groups
    every = {r[1]: r for r in book["All pupils"][1:]}
    assert list(every) == list(by_upn)
    assert {u for u, r in every.items() if r[0] == "NEW"} == {"B002", "D004"}
    assert every["F006"][19] == by_upn["F006"]["reasons"]["absence"]
    assert every["B002"][19] == " | ".join(by_upn["B002"]["reasons"][g] for g in
                                           ("band:red", "pn", "absence"))  # fmt: skip
    # Summary: each group's pupils and how many are new, as the table's titles count them
    summary = {r[0]: r[1:3] for r in book["Summary"] if r and r[0]}
    for key, want in EXPECTED.items():
        assert summary[TITLES[key][0]] == [len(want), sum(1 for n, _, _ in want if n)]
    assert by_upn["F006"]["attendance_pct"] == 61.54
    assert summary["Pupils"][0] == 6 and summary["Needing nothing"][0] == 1


# ------------------------------------------------------------------ the DfE's EES file


def test_a_published_figure_of_0_or_100_is_read_not_refused(tmp_path):
    """EES publishes 0 where no pupil of an area and phase is severely absent (a small local
    authority's special schools): a percentage of 0 is a figure, not a bad value, and 100
    (every pupil of a few in a hospital school persistently absent) too.  The range is 0 to
    100 inclusive (``0 <= value <= 100`` made ``<`` either side refused the file)."""
    from attcli import national
    from test_national import CENSUS_HEADER, LA, NAT, census_csv

    src = census_csv(
        tmp_path / "absence.csv",
        [
            f"202425,{NAT},Total,20000,7000000,6.9,4.6,2.3,19.1,2.2",
            f"202425,{LA},999,E06999999,Anyshire,Special,3,40,9.0,9.0,0,25.0,0.0",
            f"202425,{LA},998,E06999998,Otherby,Special,1,6,55.0,20.0,35.0,100,60.0",
        ],
        CENSUS_HEADER,
    )
    loaded = national.read_ees(src)
    got = {(f.area, f.phase, f.measure): f.value for f in loaded.figures}
    assert got[("999", "special", "unauthorised")] == Decimal("0")
    assert got[("999", "special", "sa")] == Decimal("0.0")
    assert got[("998", "special", "pa")] == Decimal("100")
    assert got[("national", "all", "sa")] == Decimal("2.2")


def test_the_workbook_s_percent_format_and_band_colour_are_on_each_pupil_s_own_row(checked):
    """Each row's Attendance % and Half-term % cells show as percentages (75.0 %, not
    0.75), its Left on as a date, its band cell filled in the band's colour: on the pupil's
    own row (the row counted from 2, under the header; from 3 left the first pupil's 0.75
    bare and coloured nobody's band)."""
    sheet = checked["book"]["All pupils"]
    for r in range(2, 2 + len(PUPILS)):
        assert sheet.cell(r, 7).number_format.endswith("%"), r
        assert sheet.cell(r, 13).number_format.endswith("%"), r
        assert sheet.cell(r, 19).number_format == "DD/MM/YYYY", r
        band = sheet.cell(r, 8).value
        fill = {"green": "C6EFCE", "red": "FFC7CE"}[band]
        assert sheet.cell(r, 8).fill.fgColor.rgb.endswith(fill), r
    assert sheet.cell(7, 2).value == "F006" and sheet.cell(7, 19).value == dt.datetime(2026, 9, 23)


@pytest.mark.parametrize("leavers, more", [(5, ""), (6, " and 1 more")])
def test_the_leavers_line_names_five_and_counts_the_rest(tmp_path, leavers, more):
    """The check's last lines name the first 5 pupils who left the roll, then "and N more":
    5 leavers are all named with no "and 0 more", 6 are 5 named "and 1 more" (``>`` made
    ``>=`` said "and 0 more"; ``-`` made ``+`` "and 11 more").  Each left after school day
    9 (Fri 18/09), present until then: left 18/09/2026, 20/20 = 100 %, green, in no group
    (so among those needing nothing)."""
    pupils = [("A001", "Ash", absent())] + [
        (f"L{i:03d}", f"Lee{i}", absent(last=9)) for i in range(1, leavers + 1)
    ]
    code, out, err = run_cli("check", export(tmp_path / "e.csv", pupils), "--as-of",
                             "2026-10-02", "-c", make_workspace(tmp_path / "ws",
                             AUTUMN_HALF_TERMS), "-f", "table")  # fmt: skip
    assert code == 0, err
    named = "; ".join(f"Lee{i}, Jo L{i:03d} (left 18/09/2026)" for i in range(1, 6))
    assert (
        f"{leavers + 1} pupils checked; {leavers + 1} need nothing this week. {leavers} pupils "
        "left the "
        "roll in the period (counted in the bands to the day they left; no action listed for "
        f"them): {named}{more}."
    ) in " ".join(out.split())
    assert f"Bands: green {leavers + 1} ({leavers} left)" in out


def _check_table(tmp_path: Path, width: int) -> str:
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", export(tmp_path / "e.csv", PUPILS), "-c", ws,
                             "--as-of", "2026-10-02", "-f", "table", width=width)  # fmt: skip
    assert code == 0, err
    return out


def test_a_group_of_exactly_the_table_s_rows_is_a_table_one_more_plain_lines(tmp_path, monkeypatch):
    """A group of more than RICH_ROWS pupils is printed as plain lines (Rich is slow on
    thousands of rows), a group of exactly RICH_ROWS still as the table (``>`` made ``>=``):
    here with RICH_ROWS at 4, the red group's 4 pupils; at 3 they are plain lines, in the
    same order with the same NEW."""
    from attcli import report_check

    monkeypatch.setattr(report_check, "RICH_ROWS", 4)
    out = _check_table(tmp_path, 200)
    red = out.split("Action:")[0]
    assert "│ NEW │ Bea, Jo" in red and "│     │ Ced, Jo" in red
    monkeypatch.setattr(report_check, "RICH_ROWS", 3)
    red = _check_table(tmp_path / "b", 200).split("Action:")[0]
    assert "│" not in red
    rows = [
        (line.startswith("NEW"), re.search(r"[A-Z]\d{3}", line).group(0))
        for line in red.splitlines()
        if re.search(r"\b[A-Z]\d{3}\b", line)
    ]
    assert rows == [(n, u) for n, u, _ in EXPECTED["band:red"]]


@pytest.mark.parametrize("width, table", [(100, True), (99, False)])
def test_the_check_s_table_needs_100_columns_else_a_pupil_a_line(tmp_path, width, table):
    """TABLE_WIDTH is the narrowest terminal the table is drawn on: 100 columns the table,
    99 a pupil a line (``<`` made ``<=`` drew 100 columns as the narrow lines)."""
    out = _check_table(tmp_path, width)
    assert ("┃ Pupil" in out) is table
    assert (re.search(r"^NEW Bea, Jo  B002  Year 8 8A  75\.0% red$", out, re.M) is not None) is (
        not table
    )


# ------------------------------------------------------------ since the last run on record

#: Gus (G007) is in the run as of 25/09 (O on days 10-14: 20/30, red, pn, absence) and in
#: none of the exports of 02/10; Ash's AM of Fri 25/09 was N in that run's export, / now.
GUS: Pupil = ("G007", "Gus", absent(range(10, 15)))
ASH_N: Pupil = ("A001", "Ash", lambda n, s: "N" if (n, s) == (14, "AM") else absent()(n, s))


@pytest.fixture(scope="module")
def since_run(tmp_path_factory) -> dict:
    """The check as of 02/10 after a run recorded as of 25/09, in each format, and its
    result in-process."""
    from openpyxl import load_workbook

    from attcli.check import run_check
    from attcli.config import load_config

    tmp = tmp_path_factory.mktemp("since")
    ws = make_workspace(tmp / "ws", AUTUMN_HALF_TERMS)
    e1 = export(tmp / "e1.csv", [ASH_N, *PUPILS[1:], GUS], 15)
    code, _, err = run_cli("check", e1, "-c", ws, "--as-of", "2026-09-25", "-f", "json", "--record")
    assert code == 0, err
    e2 = export(tmp / "e2.csv", PUPILS)
    base = ("check", e2, "-c", ws, "--as-of", "2026-10-02")
    out: dict = {"e2": e2}
    for fmt in ("table", "csv", "json"):
        code, text, err = run_cli(*base, "-f", fmt)
        assert code == 0, err
        out[fmt], out[f"{fmt}_err"] = text, err
    code, _, err = run_cli(*base, "-o", tmp / "c.xlsx")
    assert code == 0, err
    out["xlsx_err"] = err
    book = load_workbook(tmp / "c.xlsx")
    out["xlsx"] = {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book}
    out["result"] = run_check([e2], load_config(ws), as_of=dt.date(2026, 10, 2))
    return out


def test_a_run_on_record_with_no_n_sessions_kept_has_no_corrections_since_it(since_run):
    """A run from before N sessions were kept has no corrections since it (the check's
    ``run_corrections`` None, ``compared_with`` set): the JSON and the workbook list the
    corrections between exports alone (none here), never fail (``and`` made ``or`` read
    the None as a frame)."""
    import dataclasses

    from attcli import report_check

    result = dataclasses.replace(since_run["result"], run_corrections=None)
    assert result.compared_with is not None
    assert json.loads(report_check.to_json(result))["corrections"] == []
    stream = io.BytesIO()
    report_check.to_xlsx(result, stream)
    from openpyxl import load_workbook

    rows = list(load_workbook(stream)["Data quality"].iter_rows(values_only=True))
    assert rows == [("Problem", "UPN", "Date", "Session", "Detail")]


GONE = (
    "1 pupil of the check recorded as of 25/09/2026 is in none of these exports (taken off roll, or a "
    "filtered export?), e.g. G007 (Gus, Jo)"
)


def test_a_pupil_gone_from_the_exports_is_in_every_format(since_run):
    """Gus, in the check recorded as of 25/09 (red, pn, absence) and in none of the exports now: the
    table and the JSON list him among the changes; the CSV (a row a pupil, no place for
    him) says him in its note; the workbook, a file that is passed on, says him on its
    Summary sheet, not on the terminal of whoever made it alone."""
    doc = json.loads(since_run["json"])
    gone = [c for c in doc["changes"] if c["kind"] == "not_in_exports"]
    assert [(c["upn"], c["surname"], c["forename"]) for c in gone] == [("G007", "Gus", "Jo")]
    assert gone[0]["detail"] == (
        "not in these exports (taken off roll, or a filtered export?); in the check recorded as of "
        "25/09/2026: red (20/30, 10 unauthorised), penalty-notice threshold, continuous "
        "unexplained absence"
    )
    table = since_run["table"]
    assert re.search(r"Changed since the check as of 25/09/2026 recorded .*: 6 \(1 not in "
                     r"these exports\)", table)  # fmt: skip
    assert re.search(r"│ Gus, Jo +│ G007 │ not in the exports │", table)
    assert GONE in since_run["csv_err"]
    summary = {r[0]: r[1] for r in since_run["xlsx"]["Summary"] if r and r[0]}
    assert summary["Since the last recorded check"].startswith(GONE)


# (after the tests that make and read since_run: this test's time is its own)
def test_the_corrections_since_the_run_are_in_the_json_the_table_and_the_workbook(since_run):
    """An N of the run's export the exports now give as / is a correction since the run:
    in the JSON's corrections (``since_run``, ``was_file`` null), the table's data-quality
    section, the workbook's Data quality sheet, and the CSV's note (``is not None`` made
    ``is None`` on either side left it out of the JSON or the workbook)."""
    e2 = str(since_run["e2"])
    doc = json.loads(since_run["json"])
    assert doc["corrections"] == [
        {"upn": "A001", "date": "2026-09-25", "session": "AM", "was": "N", "now": "/",
         "file": e2, "was_file": None, "since_run": "2026-09-25"}
    ]  # fmt: skip
    assert doc["compared_with"] == "2026-09-25" and doc["compared_with_run"]["as_of"] == "2026-09-25"
    assert (
        "register corrections since the check recorded as of 25/09/2026 (the exports now give a code "
        "where that check had N): 1" in since_run["table"]
    )
    assert f"Ash, Jo (A001): 25/09/2026 AM: N -> / ({e2})" in since_run["table"]
    assert since_run["xlsx"]["Data quality"][1:] == [
        ["register correction", "A001", dt.datetime(2026, 9, 25), "AM",
         f"N in the check recorded as of 25/09/2026 corrected to / in {e2}"]
    ]  # fmt: skip
    assert "1 register correction since the check recorded as of 25/09/2026" in since_run["csv_err"]


def test_a_filtered_check_s_workbook_marks_its_incomplete_data_line_not_the_pupils_of_line(
    tmp_path,
):
    """The Summary's Data line says what the exports miss, in bold red: cell B4, which
    under a filtered check (a "Pupils of" row above it) was the "Pupils of" value, the
    INCOMPLETE line left plain.  Exports of the first two weeks only, checked as of Fri
    02/10: 10 school days missing."""
    from openpyxl import load_workbook

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    exp = export(tmp_path / "e.csv", PUPILS[:3], 10)
    for view in ((), ("--year-group", "8")):
        book = tmp_path / f"c{len(view)}.xlsx"
        code, _, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-10-02", *view, "-o", book)
        assert code == 0, err
        sheet = load_workbook(book)["Summary"]
        data = next(r for r in range(1, 8) if sheet.cell(r, 1).value == "Data")
        assert data == 4 + len(view) // 2
        assert "INCOMPLETE" in sheet.cell(data, 2).value.upper()
        bold = [r for r in range(1, 8) if sheet.cell(r, 2).font.bold]
        assert bold == [data] and sheet.cell(data, 2).font.color.rgb.endswith("C00000")


ATT_HEAD = (
    "time_period,time_identifier,time_frame,geographic_level,country_code,country_name,"
    "region_code,region_name,new_la_code,la_name,old_la_code,school_type"
)
ATT_NAT = "2026,Week 2,Year to date,National,E92000001,England,,,,,,All schools"


def test_attendance_alone_is_read_as_100_less_it_and_no_figure_column_is_refused(tmp_path):
    """A year-to-date attendance file whose only figure is attendance_perc (93.38): the
    overall absence rate is 100 - 93.38 = 6.62, the only figure kept.  A file with none
    of the figure columns is refused as such, naming the columns it would read, not
    passed on to fail later as "every value is a symbol" (``attendance_col is None`` made
    ``is not None`` did both wrong)."""
    from attcli import national
    from attcli.errors import InputError

    src = tmp_path / "att.csv"
    src.write_text(f"{ATT_HEAD},attendance_perc\n{ATT_NAT},93.38\n", encoding="utf-8")
    loaded = national.read_ees(src)
    assert [(f.area, f.phase, f.measure, f.value, f.page) for f in loaded.figures] == [
        ("national", "all", "absence", Decimal("6.62"), "att.csv, line 2 (100 - attendance_perc)")
    ]
    assert loaded.release.period == "year to date to 2026 week 2"
    src.write_text(f"{ATT_HEAD},enrolments\n{ATT_NAT},7000000\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        national.read_ees(src)
    assert str(exc.value) == (
        f"{src}, line 1: no absence figures in the file: expected a column such as "
        "sess_overall_percent, overall_absence_perc, attendance_perc, "
        "enrolments_pa_10_exact_percent or pa_perc"
    )


# ------------------------------------------------------------------------- suppression


def test_a_cell_a_combination_of_totals_gives_away_gets_its_partner_in_its_own_row_or_column():
    """test_suppress's bridge table with (4, 1) at 15 pupils, not 22: (1, 3) is still
    given away by rows r3, r4 less columns c3, c4.  The partner hidden is the smallest
    shown cell of (1, 3)'s own row or column that frees it, (1, 4) with 20 pupils, as the
    rule says; (4, 1), smaller and freeing it too (it joins row 4 to column 1), is in
    neither, and hiding it would hide a figure no reader could see the reason for (taking
    every group's cells, not (1, 3)'s, picked it)."""
    from attcli.suppress import PRIMARY, SECONDARY, crosstab, exposed, suppress
    from test_suppress import BRIDGE, _with_margins

    cells = {**BRIDGE, (4, 1): 15}
    pupils = _with_margins(cells)
    groups = crosstab([1, 2, 3, 4], [1, 2, 3, 4])
    small = {k for k, v in cells.items() if v < 5}
    assert exposed(small, groups) == {(1, 3)}
    assert exposed(small | {(4, 1)}, groups) == set()  # (4, 1) would free it too
    hidden = suppress(pupils, groups, 5)
    assert hidden == {**{k: PRIMARY for k in small}, (1, 4): SECONDARY}
    assert exposed(hidden, groups) == set()
