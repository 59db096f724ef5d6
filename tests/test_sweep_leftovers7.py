"""Sweep leftovers7 (5 December (seventh)): small things earlier sweeps left, decided by
the lead, each worked by hand from DOMAIN.md, the policies and docs/presets.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

# ---------------------------------------------------------------- 1. can_miss_estimated

#: Autumn 1 (7-18 September 2026) and Summer 2 (12-16 July 2027): term dates reaching
#: July, so the sessions left are counted, not estimated
TO_JULY = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-09-18

[[calendar.half_terms]]
name = "Summer 2"
start = 2027-07-12
end = 2027-07-16
"""


def _check_rows(export, config, fmt: str) -> dict[str, dict]:
    code, out, err = run_cli("check", export, "-c", config, "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        return {p["upn"]: p for p in json.loads(out)["pupils"]}
    return {r["upn"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}


def test_the_json_and_csv_say_whether_can_miss_sessions_rests_on_the_estimate(tmp_path):
    """No term dates: the sessions left are the statutory 380 less the 376 so far, 4, an
    estimate (test_can_miss_words' register): ALL 338 of 376, red, can miss all 4,
    ``can_miss_estimated`` true; SEV 180 of 376 (47.9 %) severe, no next band, no figure:
    both null (nothing to qualify).  Term dates to July (Autumn 1 and Summer 2 only): R
    14 of 20, red, 10 sessions left counted (12-16 July), can miss 8, false.  In the JSON
    the field follows ``can_miss_sessions``; in the CSV too (True/False, blank for null,
    as every other flag of the CSV)."""
    from test_can_miss_words import PUPILS, days

    est = make_workspace(tmp_path / "est")
    year = write_long_csv(
        register({**PUPILS, "SEV": days(("/", 90), ("O", 98))}), tmp_path / "year.csv"
    )
    counted = make_workspace(tmp_path / "counted", TO_JULY)
    short = write_long_csv(
        register({"R": " ".join(["/", "/", "O", "O", "O"] + ["/"] * 5)}), tmp_path / "short.csv"
    )
    js = _check_rows(year, est, "json")
    assert (js["ALL"]["can_miss_sessions"], js["ALL"]["can_miss_estimated"]) == (4, True)
    assert (js["NONE"]["can_miss_sessions"], js["NONE"]["can_miss_estimated"]) == (0, True)
    assert (js["SEV"]["can_miss_sessions"], js["SEV"]["can_miss_estimated"]) == (None, None)
    keys = list(js["ALL"])
    assert keys[keys.index("can_miss_sessions") + 1] == "can_miss_estimated", keys
    cs = _check_rows(year, est, "csv")
    assert (cs["ALL"]["can_miss_sessions"], cs["ALL"]["can_miss_estimated"]) == ("4", "True")
    assert (cs["SEV"]["can_miss_sessions"], cs["SEV"]["can_miss_estimated"]) == ("", "")
    js = _check_rows(short, counted, "json")
    assert (js["R"]["band"], js["R"]["can_miss_sessions"], js["R"]["can_miss_estimated"]) == (
        "red", 8, False
    )
    cs = _check_rows(short, counted, "csv")
    assert (cs["R"]["can_miss_sessions"], cs["R"]["can_miss_estimated"]) == ("8", "False")


# ---------------------------------------------------------------- 2. the mover note


def test_the_trust_s_mover_note_gives_the_pa_part_only_when_the_movers_reach_min_cohort(
    tmp_path,
):
    """Sweep movers' trust: M and K moved from Ash to Birch (2 movers, 11 enrolments, 9
    children); M is persistently absent at both (the trust's PA of 3 is 2 children).  The
    page shows groups under ``[report] min_cohort`` without figures, so the PA/SA part of
    the note is said only when the movers are at least min_cohort: at min_cohort 2 (2 of
    2: the boundary) it is; at 3 and the default 5 it is not, and in its place a clause
    that depends on the count alone (never on whether one is PA: that would say it) tells
    the board the PA count may hold a child twice.  The same at the terminal."""
    from test_sweep_movers import _page, trust

    count = (
        "2 pupils moved between the trust's schools in the period (the same UPN, name and "
        "date of birth in two schools' exports): each is counted at each school it was on "
        "roll at, as the DfE counts enrolments, so the trust's 11 pupils are 9 children"
    )
    pa = (
        "; 1 of them is persistently absent at two schools, so the trust's 3 persistently "
        "absent pupils are 2 children"
    )
    for mc, said in ((2, True), (3, False), (5, False)):
        folder = tmp_path / str(mc)
        folder.mkdir()
        t = trust(folder)
        text = t["config"].read_text(encoding="utf-8")
        assert "min_cohort = 5" in text
        t["config"].write_text(text.replace("min_cohort = 5", f"min_cohort = {mc}"), "utf-8")
        out = folder / "trust.html"
        code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out)
        assert code == 0, err
        for where in (_page(out), " ".join(err.split())):
            assert count in where, (mc, where)
            assert (pa in where) is said, (mc, where)
            assert ("persistently absent at two schools" in where) is said, (mc, where)
            below = (
                f"; being fewer than {mc} (the report's smallest group shown with figures), "
                "whether any of them is persistently or severely absent at two schools, and "
                "so counted twice in the trust's counts of those pupils, is not said"
            )
            assert (below in where) is not said, (mc, where)


# ------------------------------------------- 3. an xlsx date-and-session column's cells


def _book(tmp_path, name: str, header: str = "Session", cells=None, form=None):
    """leftovers5's week (Ash and Bell, Mon 07/09 - Fri 11/09/2026, Ash's N on Tue 08/09
    AM) as an xlsx sheet of UPN, Surname, Forename, ``header`` and Mark: each ``header``
    cell the text '07/09/2026 AM' (or ``form(date, session)``, any cell value), ``cells``:
    sheet row -> that row's value instead (row 5 is Ash's Tue 08/09 AM)."""
    import openpyxl

    reg = register({"A1": "/\\ N/ /\\ /\\ /\\", "B1": "/\\ /\\ /\\ /\\ /\\"})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", header, "Mark"])
    for row, r in enumerate(reg.iter_rows(named=True), start=2):
        cell = form(r["date"], r["session"]) if form else f"{r['date']:%d/%m/%Y} {r['session']}"
        if cells and row in cells:
            cell = cells[row]
        ws.append([r["upn"], r["surname"], r["forename"], cell, r["raw_mark"]])
    path = tmp_path / name
    wb.save(path)
    return path


def test_an_excel_date_cell_in_an_xlsx_date_and_session_column_is_refused_naming_it(tmp_path):
    """A text cell '08/09/2026 AM' is what such a column holds; an Excel date cell holds a
    date and no session at all, and a date-time cell a time the column's other cells do
    not use for the session (leftovers5 refuses a time after a date in the column's text
    too): either in row 5 (Ash's Tue 08/09 AM) is refused in one line naming the file,
    the row, the column and the cell, saying it is an Excel date cell, and what to type
    (the date with AM or PM as text).  The same sheet all text reads as the CSV does."""
    from clirun import check_json, one_line
    from test_sweep_leftovers5 import _RIGHT, _figures

    code, result, err = check_json(_book(tmp_path, "text.xlsx"), as_of="2026-09-11")
    assert code == 0, err
    assert _figures(result) == _RIGHT
    for name, cell, said in (
        ("date.xlsx", dt.datetime(2026, 9, 8), "an Excel date cell (08/09/2026), which holds "
         "no session (AM or PM)"),
        ("time.xlsx", dt.datetime(2026, 9, 8, 8, 45), "an Excel date and time cell "
         "(08/09/2026 08:45), not a date and session"),
    ):  # fmt: skip
        code, result, err = check_json(_book(tmp_path, name, cells={5: cell}), as_of="2026-09-11")
        assert code == 1 and result is None, name
        line = one_line(err)
        assert f"{name}, row 5:" in line and "(column 'Session')" in line, line
        assert said in line, line
        assert "'08/09/2026 AM' or '08/09/2026 PM'" in line, line


def test_an_xlsx_session_column_of_date_and_time_cells_is_read_as_a_date_and_time(tmp_path):
    """A 'Session' column whose every cell is an Excel date-time (08:45 for the morning,
    13:30 for the afternoon), no Date or time column: unambiguous, each cell the start of
    its session, read as a 'Start Datetime' column is (the session from the time, before
    [sessions] pm_from AM): the hand figures, Ash's N on Tue 08/09 AM (it was refused as
    "no header row found ... missing date").  Under 'Date' it was already read so."""
    from clirun import check_json
    from test_sweep_leftovers5 import _RIGHT, _figures

    def stamp(d, s):
        return dt.datetime.combine(d, dt.time(8, 45) if s == "AM" else dt.time(13, 30))

    for header in ("Session", "Date"):
        path = _book(tmp_path, f"{header}.xlsx", header=header, form=stamp)
        code, result, err = check_json(path, as_of="2026-09-11")
        assert code == 0, (header, err)
        assert _figures(result) == _RIGHT, header
