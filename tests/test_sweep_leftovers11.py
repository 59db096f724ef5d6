"""The lead's leftovers of cme's run joined across two UPNs (docs/decisions.md, "sweep of 6
December (second), leftovers11"): one status of a joined run, its row's year, group and date
of birth, the joined runs in cme's JSON, and a part-time run across two UPNs whose only C2
is a day of C2 alone between them.

The registers run from Mon 7 Sep 2026 (no holiday before Fri 16 Oct): FILL is present every
day; Kit Child (born 01/05/2015) is OLD from Mon 7 Sep to Fri 2 Oct (20 school days, a
token a day) and NEW from Mon 5 Oct.  Every answer is worked by hand from DOMAIN.md 6 and
the lead's decisions (decide9: a whole C2 day inside a run of N keeps it a part-time run)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from builders import register_rows, school_days, token_rows, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
OLD, NEW = "A99920101001A", "A999201010017"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}


def _files(tmp_path, old: str, new: str, as_of: dt.date, old_group=("7", "7A"),  # noqa: ANN001, ANN202
           new_group=("7", "7A")):  # fmt: skip
    """The workspace and export: OLD's tokens on Mon 7 Sep - Fri 2 Oct, NEW's from Mon 5
    Oct up to ``as_of``; each UPN's (year, registration group) its own."""
    old_days = school_days(D(2026, 9, 7), 20)
    new_days = [d for d in school_days(D(2026, 10, 5), 10) if d <= as_of]
    fill = [d for d in school_days(D(2026, 9, 7), 30) if d <= as_of]
    rows = token_rows("FILL", fill, " ".join("/" for _ in fill))
    for upn, days, tokens, (year, group) in ((OLD, old_days, old, old_group),
                                             (NEW, new_days, new, new_group)):  # fmt: skip
        rows += token_rows(upn, days, tokens, {**KIT, "year_group": year, "reg_group": group})
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True, groups=True)
    return cfg, export


def _cme(tmp_path, files, as_of: str, *args: str, fmt: str = "json"):  # noqa: ANN001, ANN202
    cfg, export = files
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", as_of, "-f", fmt, *args,
                             width=2000)  # fmt: skip
    assert code == 0, err
    if fmt == "json":
        return json.loads(out)
    return list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))


def _no_runs():  # noqa: ANN202
    """cme's frame of runs (:func:`attcli.cme.cme_runs`' columns) with no run."""
    import polars as pl

    from attcli.cme import CME_FIELDS

    kinds = {"run_days": pl.Int64, "unregistered_days": pl.Int64, "unmarked_days": pl.Int64,
             "not_possible_days": pl.Int64, "unmarked_within_days": pl.Int64,
             "codes": pl.List(pl.Utf8), "not_possible_codes": pl.List(pl.Utf8),
             "current": pl.Boolean, "unmarked_within": pl.List(pl.Date),
             "off_roll_days": pl.Int64}  # fmt: skip
    dates = {"dob", "run_start", "run_end", "last_attended", "left_on", "left_by", "last_marked"}
    return pl.DataFrame(schema={
        "school": pl.Utf8,
        **{f: kinds.get(f, pl.Date if f in dates else pl.Utf8) for f in CME_FIELDS},
        "unmarked_within": pl.List(pl.Date),
        "off_roll_within": pl.List(pl.Date),
        "off_roll_spans": pl.Utf8,
        "dual_within_days": pl.Int64,
        "dual_within": pl.List(pl.Date),
    })  # fmt: skip


def _run(**changes):  # noqa: ANN003, ANN202
    from attcli.joined import JoinedRun

    base = dict(
        school=None, surname="Child", forename="Kit", upns=(OLD, NEW), parts=(6, 6), days=12,
        start=D(2026, 9, 25), end=D(2026, 10, 12), codes=("N",), current=False, left_on=None,
        last_attended=D(2026, 9, 24),
    )  # fmt: skip
    return JoinedRun(**{**base, **changes})


# --- 1. one status of a joined run, read by the table and the file


def test_a_joined_run_s_status_is_one_property_read_by_the_table_and_the_csv() -> None:
    """Still absent on the as-of date: absent; its last UPN left the roll after it: left;
    the child attended after it under either UPN: back; none of these: ended (DOMAIN.md 6,
    cme.STATUSES).  The table's Now cell and the CSV row's Now read the one property."""
    from rich.console import Console

    from attcli.cme import CmeResult, render_table, rows_for_people

    runs = [
        _run(current=True),
        _run(surname="Leaver", left_on=D(2026, 10, 12)),
        _run(surname="Back", back=True),
        _run(surname="Ended"),
    ]
    assert [j.status for j in runs] == ["absent", "left", "back", "ended"]
    # a current run of a child who left on the as-of date is still absent (current first)
    assert _run(current=True, left_on=D(2026, 10, 12), back=True).status == "absent"

    empty = _no_runs()
    header, rows = rows_for_people(empty, None, joined=runs)
    now = header.index("Now")
    assert [r[now] for r in rows] == ["absent", "left", "back", "ended"]

    result = CmeResult(D(2026, 10, 12), empty.clear(), None, [], joined=runs)
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_table(result, 10, console)
    table = console.file.getvalue().split("\n\n")[0]
    cells = [line.split("│")[4].strip() for line in table.splitlines()
             if line.count("│") == 5 and "ACROSS" not in line and line.split("│")[4].strip()]  # fmt: skip
    assert [c for c in cells if c != "24/09/2026" and c != "Now, seen"] == [
        "ABSENT", "LEFT 12/10/26", "back", "ended"
    ]


# --- 2. the joined row's year, group and date of birth


def test_the_joined_row_has_the_year_group_and_birth_date_both_upns_agree_on(tmp_path) -> None:
    """6 + 6 (test_two_upn_runs' SIX_SIX): OLD present 7-24 Sep, N Fri 25 Sep - Fri 2 Oct
    (6); NEW N Mon 5 - Mon 12 Oct (6): a joined run of 12 from 25/09, as of 12/10.  Both
    UPNs Year 7, 7A, born 01/05/2015: the joined row says them as each UPN's row would."""
    files = _files(tmp_path, "/ " * 14 + "N " * 6, "N " * 6, D(2026, 10, 12))
    (row,) = _cme(tmp_path, files, "2026-10-12", fmt="csv")
    assert (row["UPN"], row["School days"], row["Year"], row["Reg group"],
            row["Date of birth"]) == (f"{OLD} + {NEW}", "12", "7", "7A", "01/05/2015")  # fmt: skip
    # the workbook: a whole year a number, the date a date cell, as a UPN's row has them
    from openpyxl import load_workbook

    cfg, export = files
    code, _, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-12", "-o",
                           tmp_path / "cme.xlsx")  # fmt: skip
    assert code == 0, err
    values = [[c.value for c in r] for r in load_workbook(tmp_path / "cme.xlsx").active.iter_rows()]
    header = next(r for r in values if r and r[0] == "UPN")
    got = dict(zip(header, values[values.index(header) + 1], strict=False))
    assert (got["Year"], got["Reg group"], got["Date of birth"]) == (
        7, "7A", dt.datetime(2015, 5, 1)
    )


def test_the_joined_row_gives_both_years_and_groups_when_the_upns_differ(tmp_path) -> None:
    """The same 6 + 6, OLD in Year 7, 7A and NEW in Year 8, 8B (the child moved year group,
    or one was typed wrong): neither is picked; the cells say "7 / 8" and "7A / 8B", in the
    UPNs' order (OLD first), in the CSV, the workbook (text: two years are not a number)
    and the JSON.  The date of birth, the same under both, is said once."""
    files = _files(tmp_path, "/ " * 14 + "N " * 6, "N " * 6, D(2026, 10, 12),
                   new_group=("8", "8B"))  # fmt: skip
    (row,) = _cme(tmp_path, files, "2026-10-12", fmt="csv")
    assert (row["Year"], row["Reg group"], row["Date of birth"]) == (
        "7 / 8", "7A / 8B", "01/05/2015"
    )
    (j,) = _cme(tmp_path, files, "2026-10-12")["joined_runs"]
    assert (j["year_group"], j["reg_group"], j["dob"]) == ("7 / 8", "7A / 8B", "2015-05-01")
    from openpyxl import load_workbook

    cfg, export = files
    code, _, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-12", "-o",
                           tmp_path / "cme.xlsx")  # fmt: skip
    assert code == 0, err
    values = [[c.value for c in r] for r in load_workbook(tmp_path / "cme.xlsx").active.iter_rows()]
    header = next(r for r in values if r and r[0] == "UPN")
    got = dict(zip(header, values[values.index(header) + 1], strict=False))
    assert (got["Year"], got["Reg group"]) == ("7 / 8", "7A / 8B")


def test_two_birth_dates_of_a_joined_run_are_both_given() -> None:
    """The loader joins UPNs of one date of birth only, so a run read from a register never
    has two; the row's rule is the same for every cell: a mistyped date under one UPN (a
    JoinedRun made by hand) is given as both, "01/05/2015 / 10/05/2015", never one of them;
    a cell one UPN leaves blank is the other's (no disagreement)."""
    from attcli.cme import rows_for_people

    empty = _no_runs()
    j = _run(dobs=(D(2015, 5, 1), D(2015, 5, 10)), year_groups=("7", None),
             reg_groups=("7A", "7A"))  # fmt: skip
    header, (row,) = rows_for_people(empty, None, joined=[j])
    got = dict(zip(header, row, strict=True))
    assert (got["Date of birth"], got["Year"], got["Reg group"]) == (
        "01/05/2015 / 10/05/2015", "7", "7A"
    )
    header, (row,) = rows_for_people(empty, None, joined=[j], dates=True)
    assert dict(zip(header, row, strict=True))["Date of birth"] == "01/05/2015 / 10/05/2015"


# --- 3. the joined runs in cme's JSON


def test_cme_json_lists_the_joined_run_with_the_csv_row_s_fields(tmp_path) -> None:
    """The 6 + 6 run: the JSON's ``joined_runs`` holds it, as the CSV's row: both UPNs (and
    each one's days), the names, year, group, birth date, the run's dates, 12 days, its
    codes, still absent, last attended 24/09, and the Note; ``part_time_joined_runs`` is
    empty.  The runs' list is as before (neither part reaches 10: empty)."""
    files = _files(tmp_path, "/ " * 14 + "N " * 6, "N " * 6, D(2026, 10, 12))
    doc = _cme(tmp_path, files, "2026-10-12")
    (row,) = _cme(tmp_path, files, "2026-10-12", fmt="csv")
    assert doc["runs"] == [] and doc["part_time_runs"] == []
    assert doc["part_time_joined_runs"] == []
    assert doc["joined_runs"] == [
        {
            "upns": [OLD, NEW], "parts": [6, 6], "surname": "Child", "forename": "Kit",
            "year_group": "7", "reg_group": "7A", "dob": "2015-05-01",
            "run_start": "2026-09-25", "run_end": "2026-10-12", "run_days": 12,
            "codes": ["N"], "current": True, "last_attended": "2026-09-24",
            "status": "absent", "left_on": None, "note": row["Note"],
        }
    ]  # fmt: skip
    assert row["Note"].startswith(f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) "
                                  "has 12 school days")  # fmt: skip
    # the keys in the order of the runs', the new lists after their own
    keys = list(doc)
    assert keys.index("joined_runs") == keys.index("runs") + 1
    assert keys.index("part_time_joined_runs") == keys.index("part_time_runs") + 1


def test_cme_json_s_warning_says_the_joined_run_is_in_joined_runs(tmp_path) -> None:
    """The 6 + 6 run reaches 10: the JSON's ``joined_runs`` holds it, so its line in
    ``warnings`` says so, not "not in this list as one run" (which it said when the JSON
    had no joined run: untrue since, the lead's merge review).  Under 10 (4 + 4) the line
    is the run's own, led by nothing (it is in no list)."""
    files = _files(tmp_path, "/ " * 14 + "N " * 6, "N " * 6, D(2026, 10, 12))
    doc = _cme(tmp_path, files, "2026-10-12")
    (line,) = [w for w in doc["warnings"] if "across two UPNs" in w or "has 8" in w]
    assert line.startswith("in this file's joined_runs, 10+ school days across two UPNs: "
                           f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?)"), line  # fmt: skip
    assert "not in this list" not in " ".join(doc["warnings"])
    files = _files(tmp_path / "b", "/ " * 16 + "N " * 4, "N " * 4, D(2026, 10, 8))
    doc = _cme(tmp_path / "b", files, "2026-10-08")
    (line,) = [w for w in doc["warnings"] if "across two UPNs" in w or "has 8" in w]
    assert line.startswith(f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 8"), line


def test_cme_json_has_empty_joined_lists_when_no_run_joins(tmp_path) -> None:
    """4 + 4 (OLD N Tue 29 Sep - Fri 2 Oct, NEW N Mon 5 - Thu 8 Oct: 8 days): joined, but
    under 10, so in no list: ``joined_runs`` is present and empty (a program reading it
    knows there is none), the line in ``warnings`` as before.  At --days 8 it is listed."""
    files = _files(tmp_path, "/ " * 16 + "N " * 4, "N " * 4, D(2026, 10, 8))
    doc = _cme(tmp_path, files, "2026-10-08")
    assert doc["joined_runs"] == [] and doc["part_time_joined_runs"] == []
    assert any("has 8 school days of unexplained absence" in w for w in doc["warnings"])
    doc = _cme(tmp_path, files, "2026-10-08", "--days", "8")
    assert [(j["upns"], j["run_days"]) for j in doc["joined_runs"]] == [([OLD, NEW], 8)]


def test_cme_to_json_keeps_its_shape_without_joined_runs() -> None:
    """cme.to_json called as before (no joined runs given): both lists empty, every other
    key and value unchanged; with no part-time runs given neither part-time key."""
    from attcli.cme import to_json

    doc = json.loads(to_json(_no_runs(), as_of=D(2026, 10, 12), days=10))
    assert doc == {"as_of": "2026-10-12", "days": 10, "warnings": [], "runs": [],
                   "joined_runs": []}  # fmt: skip


# --- 4. a part-time run across two UPNs whose only C2 is a day of C2 alone between them

# C2 all of Fri 2 Oct, OLD's last day: OLD present 7-24 Sep (14 days), N Fri 25 Sep - Thu
# 1 Oct (5: 25, 28, 29, 30 Sep, 1 Oct), C2 Fri 2 Oct; NEW N Mon 5 - Fri 9 Oct (5).  OLD's
# own run has the C2 day after it (outside its span: not part-time, decide9's C2LAST); NEW's
# has none.  Read across the UPNs the C2 day lies inside the span 25/09 - 09/10: a part-time
# run of 5 + 5 = 10 school days (the C2 day neither counts nor breaks).
C2_UNDER_OLD = ("/ " * 14 + "N " * 5 + "C2.C2", "N " * 5)
# C2 all of Mon 5 Oct, NEW's first day: OLD N Mon 28 Sep - Fri 2 Oct (5); NEW C2 Mon 5, N
# Tue 6 - Fri 9 (4) ... and Mon 12 (5): 28/09 - 12/10, 5 + 5 = 10 days.
C2_UNDER_NEW = ("/ " * 15 + "N " * 5, "C2.C2 " + "N " * 5)


@pytest.mark.parametrize(
    ("case", "as_of", "start"),
    [(C2_UNDER_OLD, D(2026, 10, 9), "2026-09-25"), (C2_UNDER_NEW, D(2026, 10, 12), "2026-09-28")],
    ids=["c2-day-under-old", "c2-day-under-new"],
)
def test_a_c2_day_between_two_upns_runs_of_n_makes_one_part_time_run_of_ten(
    tmp_path, case, as_of: dt.date, start: str
) -> None:
    """Listed in the part-time section, joined, at its joined length: 10 days from its first
    N, codes C2 N (why it is there), 5 + 5; neither UPN's own run is in any list (5 each),
    nor joined among the runs of unexplained absence (the C2 day breaks those)."""
    files = _files(tmp_path, *case, as_of)
    doc = _cme(tmp_path, files, f"{as_of:%Y-%m-%d}")
    assert doc["runs"] == [] and doc["part_time_runs"] == [] and doc["joined_runs"] == []
    assert [(j["upns"], j["parts"], j["run_start"], j["run_end"], j["run_days"], j["codes"],
             j["status"]) for j in doc["part_time_joined_runs"]] == [
        ([OLD, NEW], [5, 5], start, f"{as_of:%Y-%m-%d}", 10, ["C2", "N"], "absent")
    ]  # fmt: skip
    assert doc["part_time_joined_runs"][0]["note"].startswith(
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 10 school days of a "
        "part-time timetable (C2) absent at every other session"
    )
    rows = _cme(tmp_path, files, f"{as_of:%Y-%m-%d}", fmt="csv")
    assert [(r["UPN"], r["School days"], r["Codes"], r["List"]) for r in rows] == [
        (f"{OLD} + {NEW}", "10", "C2 N", "part-time (C2), absent at every other session")
    ]


def test_a_c2_day_between_two_upns_runs_of_four_and_five_is_nine_listed_at_nine(tmp_path) -> None:
    """C2_UNDER_OLD as of Thu 8 Oct: NEW N Mon 5 - Thu 8 (4): 5 + 4 = 9 days: not listed at
    --days 10 (said in a line, one short), listed at --days 9; the terminal's part-time
    section has its row at 9."""
    files = _files(tmp_path, C2_UNDER_OLD[0], "N " * 4, D(2026, 10, 8))
    doc = _cme(tmp_path, files, "2026-10-08")
    assert doc["part_time_joined_runs"] == []
    assert any("has 9 school days of a part-time timetable (C2)" in w for w in doc["warnings"])
    doc = _cme(tmp_path, files, "2026-10-08", "--days", "9")
    assert [(j["parts"], j["run_days"], j["codes"]) for j in doc["part_time_joined_runs"]] == [
        ([5, 4], 9, ["C2", "N"])
    ]
    cfg, export = files
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-08", "--days", "9",
                             width=80)  # fmt: skip
    assert code == 0, err
    flat = " ".join(out.split())
    assert "Part-time pupils (C2) absent at every other session for 9+ school days" in flat
    assert "0 runs, and 1 across two UPNs (one child?)" in flat
    assert "9 school days" in flat and "│ C2 N " in flat and "5 + 4" in flat


def test_a_c2_day_between_two_upns_is_no_part_time_run_when_a_day_attended_breaks_it(
    tmp_path,
) -> None:
    """OLD present Thu 1 Oct (between its N and the C2 day): the run across is broken there
    (a day attended breaks a part-time run too); what is left, Fri 2 - Fri 9 Oct, has its
    C2 day at its start, outside the span of NEW's 5 days: no part-time run joined."""
    files = _files(tmp_path, "/ " * 14 + "N " * 4 + "/ C2.C2", "N " * 5, D(2026, 10, 9))
    doc = _cme(tmp_path, files, "2026-10-09", "--days", "2")
    assert doc["part_time_joined_runs"] == []


@pytest.mark.parametrize(
    ("case", "as_of", "status"),
    [
        # C2 all of Fri 25 Sep (OLD), then N Mon 28 Sep - Fri 2 Oct (OLD, 5), N Mon 5 -
        # Fri 9 Oct (NEW, 5): the C2 day before the span
        (("/ " * 14 + "C2.C2 " + "N " * 5, "N " * 5), D(2026, 10, 9), "absent"),
        # N Mon 28 Sep - Fri 2 Oct (OLD, 5), N Mon 5 - Fri 9 Oct (NEW, 5), C2 all of Mon
        # 12 Oct (NEW): the C2 day after the span (and it ends the run: "ended")
        (("/ " * 15 + "N " * 5, "N " * 5 + "C2.C2"), D(2026, 10, 12), "ended"),
    ],
    ids=["c2-day-before", "c2-day-after"],
)
def test_a_c2_day_outside_the_span_across_two_upns_leaves_a_run_of_unexplained_absence(
    tmp_path, case, as_of: dt.date, status: str
) -> None:
    """decide9's C2FIRST and C2LAST across two UPNs: a day of C2 alone before the first N
    day or after the last is outside the span (strictly between, as for one UPN): the 5 +
    5 = 10 days from 28/09 to 09/10 are a run of unexplained absence joined across the
    UPNs (codes N), listed among the runs; no part-time run."""
    files = _files(tmp_path, *case, as_of)
    doc = _cme(tmp_path, files, f"{as_of:%Y-%m-%d}")
    assert doc["part_time_joined_runs"] == [] and doc["part_time_runs"] == []
    assert [(j["parts"], j["run_start"], j["run_end"], j["run_days"], j["codes"], j["status"])
            for j in doc["joined_runs"]] == [
        ([5, 5], "2026-09-28", "2026-10-09", 10, ["N"], status)
    ]  # fmt: skip


# --- what a fresh look at cme with two UPNs found


def test_a_joined_run_at_the_end_of_the_data_before_the_as_of_date_is_not_ended(tmp_path) -> None:
    """The 6 + 6 run, the export ending Mon 12 Oct, as of Fri 16 Oct (13-16 Oct school days
    of the term dates, no register): NEW's own row says "data_ends" (still absent "not
    known": nobody knows), and the joined row said "ended", still absent "no", the table
    "ended": read as the run ended by a known reason.  It says what NEW's row says, in the
    CSV, the JSON and the table."""
    files = _files(tmp_path, "/ " * 14 + "N " * 6, "N " * 6, D(2026, 10, 12))
    doc = _cme(tmp_path, files, "2026-10-16", "--days", "6")
    assert [(r["upn"], r["status"]) for r in doc["runs"]] == [(OLD, "left"), (NEW, "data_ends")]
    assert [(j["status"], j["current"]) for j in doc["joined_runs"]] == [("data_ends", False)]
    rows = _cme(tmp_path, files, "2026-10-16", fmt="csv")
    # (NEW's own 6 days, +4 with no register, may reach 10: listed, as DOMAIN.md 6 asks)
    assert [(r["UPN"], r["Now"], r["Still absent"]) for r in rows] == [
        (NEW, "data_ends", "not known"), (f"{OLD} + {NEW}", "data_ends", "not known")
    ]
    cfg, export = files
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-16", width=200)
    assert code == 0, err
    (row,) = [x for x in out.splitlines() if "ACROSS UPNS" in x]
    assert row.split("│")[4].split() == ["ACROSS", "UPNS"]
    below = out.splitlines()[out.splitlines().index(row) + 1]
    assert below.split("│")[4].strip() == "data ends"


def test_cme_too_wide_for_80_columns_keeps_each_cell_s_lines_apart(tmp_path) -> None:
    """The 6 + 6 run as of Fri 16 Oct: NEW never attended ("never, on roll from
    05/10/2026", 30 cells), so the table is too wide for 80 columns and each run is given
    as a block.  The cells' lines were run together with spaces and re-wrapped in a
    squeezed table: "data ends never, / on roll from", "ACROSS UPNS data ends",
    "25/09-12/10/26 6 / + 6" (6 read as the dates' or the days').  Each cell's lines are
    now kept apart (" · "), each value whole, every line within 80 columns; the last line
    of "Now, seen" is said as the day seen (looks8's labels, merged)."""
    files = _files(tmp_path, "/ " * 14 + "N " * 6, "N " * 6, D(2026, 10, 12))
    cfg, export = files
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-16", width=80)
    assert code == 0, err
    assert max(len(x) for x in out.splitlines()) <= 80, out
    flat = " ".join(out.split())
    assert "data ends never" not in flat and "ACROSS UPNS data" not in flat, out
    for said in ("data ends; seen never, on roll from 05/10/2026",
                 "6 school days · N · 05/10-12/10/26 · +4 unregistered", "12 school days · N · 25/09-12/10/26 · 6 + 6",
                 f"Child, Kit · {OLD} + {NEW}", "ACROSS UPNS · data ends; seen 24/09/2026"):  # fmt: skip
        assert said in flat, (said, out)


def test_the_check_the_record_and_the_term_s_file_count_the_c2_day_run_across_two_upns(
    tmp_path,
) -> None:
    """C2_UNDER_OLD as of Fri 9 Oct: no part-time run under either UPN, so the check, the
    pupil record and register-check (which said the part-time runs only when there was
    one under a UPN) said nothing of the run cme lists: each counts it as cme does, one
    child, 10 school days to 09/10/2026."""
    files = _files(tmp_path, *C2_UNDER_OLD, D(2026, 10, 9))
    cfg, export = files
    code, out, err = run_cli("check", export, "-c", cfg, "--as-of", "2026-10-09", width=400)
    assert code in (0, 1), err
    said = " ".join((out + err).split())
    assert (
        "1 part-time pupil (C2) absent (N, O or G) at every other session of 10+ school days "
        f"in a row (Child, Kit ({OLD} + {NEW}, one child under two UPNs?), 10 school days to "
        "09/10/2026)"
    ) in said, said
    code, out, err = run_cli("pupil", NEW, export, "-c", cfg, "--as-of", "2026-10-09", width=400)
    assert code == 0, err
    said = " ".join(out.split())
    assert (
        "Part-time (C2), absent at every other session for 10+ school days in a row: "
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 10 school days of a "
        "part-time timetable (C2)"
    ) in said, said
    code, out, err = run_cli("register-check", export, "--term", "autumn", "--as-of",
                             "2026-10-09", "-c", cfg, "-o", tmp_path / "rc.xlsx", width=400)  # fmt: skip
    assert code == 0, err
    assert "1 part-time pupil (C2) was absent (N, O or G) at every other session for 10+ " \
        "school days in a row, and this file does not list the pupil for it" in " ".join(
            (out + err).split())


def test_a_joined_run_ended_before_the_end_of_the_data_is_ended_not_data_ends(tmp_path) -> None:
    """OLD N Fri 25 Sep - Fri 2 Oct (6), NEW N Mon 5 - Fri 9 Oct (5), C (authorised) Mon 12
    Oct, the export's last day; as of Fri 16 Oct.  The joined run of 11 ended on 09/10, a
    school day before the data's end (the reason known on 12/10): "ended", still absent
    "no", not "data_ends" (only a run at the data's end is not known)."""
    files = _files(tmp_path, "/ " * 14 + "N " * 6, "N " * 5 + "C", D(2026, 10, 12))
    doc = _cme(tmp_path, files, "2026-10-16")
    assert [(j["run_days"], j["run_end"], j["status"], j["current"])
            for j in doc["joined_runs"]] == [(11, "2026-10-09", "ended", False)]  # fmt: skip


def test_cme_with_contacts_at_80_columns_keeps_each_upn_whole_beside_a_joined_row(
    tmp_path,
) -> None:
    """OLD present 7-16 Sep, N Thu 17 Sep - Fri 2 Oct (12: on the list itself), NEW N Mon 5
    - Mon 12 Oct (6): OLD's row and the joined row (18 days, 12 + 6), with contacts, at 80
    columns.  The joined row's "under two UPNs" widens its column; the pupil and the
    contact then shared what was left half and half, and Rich folded the UPNs
    ("A99920101001" over "A", the joined "A99920101001 / A + / A99920101001 / 7"): read
    as other UPNs.  Each UPN is whole on its line, table or blocks, within 80 columns."""
    from school import contacts_file

    cfg, export = _files(tmp_path, "/ " * 8 + "N " * 12, "N " * 6, D(2026, 10, 12))
    contacts = contacts_file(tmp_path / "c.csv", [(OLD, "C1", "Ms", "Pat", "Child"),
                                                  (NEW, "C1", "Ms", "Pat", "Child")])  # fmt: skip
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-12", "--contacts",
                             contacts, width=80)  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(x) for x in lines) <= 80, out
    table = out[: out.index("Child, Kit (")]  # (the table or blocks, before the lines)
    assert table.count(OLD) == 2 and table.count(NEW) == 1, out
    assert "Ms Pat" in table, out
