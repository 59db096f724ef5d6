"""The shipped example exports and their expected values (tools/generate_exports.py).

These tests never use attcli's loaders or engine: the generator is the
independent source of truth, and here its numbers are checked by hand.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
ARBOR = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
INTEGRIS = EXAMPLES / "exports" / "integris_autumn_2026.xlsx"
WEEK1 = EXAMPLES / "exports" / "weekly" / "arbor_2027-01-08.csv"
WEEK2 = EXAMPLES / "exports" / "weekly" / "arbor_2027-01-15.csv"
FILES = [
    "exports/arbor_autumn_2026.csv",
    "exports/integris_autumn_2026.xlsx",
    "exports/weekly/arbor_2027-01-08.csv",
    "exports/weekly/arbor_2027-01-15.csv",
    "exports/weekly/arbor_2027-01-22.csv",
    "exports/weekly/arbor_2027-01-29.csv",
    "exports/weekly/arbor_2027-02-05.csv",
    "exports/weekly/arbor_2027-02-12.csv",
    "exports/contacts.csv",
    "exports/pupils.csv",
    "expected/planted.json",
    "expected/cases.json",
    "README.md",
]

ATTENDED = set("/\\LKVPWBJ")
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#", "Y"} | {f"Y{i}" for i in range(1, 8)}
MISSING = "-"  # SIMS's "no mark recorded": not possible, and a missing mark
UNAUTHORISED = set("GNOU")


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "generate_exports", REPO / "tools" / "generate_exports.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("examples")
    _load_generator().main(["examples", "--out", str(out)])
    return out


def _read_arbor(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Arbor export is UTF-8 with a BOM"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF only"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _marks(rows: list[dict[str, str]]) -> dict[str, dict[tuple[date, str], str]]:
    """UPN -> {(date, session): mark}, Arbor's I01 counted as I."""
    out: dict[str, dict[tuple[date, str], str]] = defaultdict(dict)
    for row in rows:
        day = datetime.strptime(row["Date"], "%a, %d %b %Y").date()
        mark = "I" if row["Mark"] == "I01" else row["Mark"]
        key = (day, row["Session"])
        assert key not in out[row["UPN"]], (row["UPN"], key)  # one row per session
        out[row["UPN"]][key] = mark
    return out


@pytest.fixture(scope="module")
def arbor() -> list[dict[str, str]]:
    return _read_arbor(ARBOR)


@pytest.fixture(scope="module")
def marks(arbor) -> dict[str, dict[tuple[date, str], str]]:
    return _marks(arbor)


@pytest.fixture(scope="module")
def planted() -> dict:
    return json.loads((EXAMPLES / "expected" / "planted.json").read_text(encoding="utf-8"))


def _case(planted: dict, case: str) -> dict:
    return next(p for p in planted["planted"] if p["case"] == case)


def _counts(pupil_marks: dict) -> tuple[int, int]:
    possible = sum(m not in NOT_POSSIBLE and m != MISSING for m in pupil_marks.values())
    attended = sum(m in ATTENDED for m in pupil_marks.values())
    return possible, attended


@pytest.mark.parametrize("name", FILES)
def test_committed_examples_match_the_generator(regenerated: Path, name: str) -> None:
    assert (regenerated / name).read_bytes() == (EXAMPLES / name).read_bytes(), (
        f"examples/{name} drifted from tools/generate_exports.py: "
        "run `python tools/generate_exports.py examples` and commit"
    )


def test_arbor_layout(arbor) -> None:
    assert list(arbor[0]) == [
        "UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form", "Date of Birth",
        "Date", "Session", "Mark", "Gender", "SEN Status", "FSM Eligible", "Pupil Premium",
        "EAL", "Looked After",
    ]
    # 204 pupils x 73 weekdays x 2 sessions, less the sessions outside a pupil's time on
    # roll (no row): Amara Okafor joined Fri 2 Oct (22 weekdays before: 44), Seán
    # Gallagher Mon 5 Oct (23: 46); Lily-Mae Turner left Fri 20 Nov (20 weekdays after:
    # 40), Tommy Ashworth Fri 16 Oct (5 + 35 = 40: 80); and Hannah Whitfield's two
    # missing PM rows.
    assert len(arbor) == 204 * 73 * 2 - 44 - 46 - 40 - 80 - 2 == 29572
    assert arbor[0]["Date"] == "Wed, 02 Sep 2026"
    assert {r["Session"] for r in arbor} == {"AM", "PM"}
    assert {r["Year"] for r in arbor} == {f"Year {y}" for y in range(7, 12)} | {"Reception"}
    assert "I01" in {r["Mark"] for r in arbor} and "I" not in {r["Mark"] for r in arbor}


def test_calendar_has_no_weekends_holiday_and_inset_is_hash(marks) -> None:
    days = {d for m in marks.values() for d, _s in m}
    assert min(days) == date(2026, 9, 2) and max(days) == date(2026, 12, 18)
    assert all(d.weekday() < 5 for d in days)
    assert not [d for d in days if date(2026, 10, 26) <= d <= date(2026, 10, 30)]
    # Sep: 2-4 (3 days) + 4 full weeks from 7 Sep; Oct: 3 weeks to 23 Oct; Nov-Dec: 7 weeks
    assert len(days) == 3 + 7 * 5 + 7 * 5 == 73
    # on 2 Sep the two October joiners have no row yet; on 2 Nov Tommy Ashworth (left
    # 16 Oct) has none
    for inset, on_roll_count in ((date(2026, 9, 2), 202), (date(2026, 11, 2), 203)):
        on_roll = [m for m in marks.values() if (inset, "AM") in m]
        assert len(on_roll) == on_roll_count
        assert {m[(inset, s)] for m in on_roll for s in ("AM", "PM")} == {"#"}


def test_pupils_upns_and_dates_of_birth(arbor) -> None:
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    pupils = {r["UPN"]: r for r in arbor}
    assert len(pupils) == 204
    # 40 per year group, plus issue 12's planted pupils in 8B, 9B, 10A and Reception
    assert Counter(r["Year"] for r in pupils.values()) == {
        "Year 7": 40, "Year 8": 41, "Year 9": 41, "Year 10": 41, "Year 11": 40, "Reception": 1,
    }
    for upn, r in pupils.items():
        assert len(upn) == 13 and upn[0].isalpha() and upn[1:].isdigit()
        total = sum(int(ch) * w for ch, w in zip(upn[1:], range(2, 14), strict=True))
        assert upn[0] == letters[total % 23], upn
        year = 0 if r["Year"] == "Reception" else int(r["Year"].split()[1])
        dob = datetime.strptime(r["Date of Birth"], "%d/%m/%Y").date()
        # Year 7 in 2026/27: born 1 Sep 2014 - 31 Aug 2015; one year older per year group
        assert date(2021 - year, 9, 1) <= dob <= date(2022 - year, 8, 31)
    names = {r["Legal Forename"] + " " + r["Legal Surname"] for r in pupils.values()}
    assert {"Zoë O'Connor", "Chloé Martin", "Jayden Smith-Jones"} <= names
    "".join(names).encode("cp1252")  # representable in Windows-1252


def test_integris_holds_the_same_marks(marks) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(INTEGRIS, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Attendance Register Report"
    assert rows[1][0] == "School: Oakfield Academy"
    assert rows[2][0] == "Period: 02/09/2026 - 18/12/2026"
    assert not any(rows[3])
    header = rows[4]
    assert header[:6] == ("Name", "UPN", "DOB", "Year", "Class", "Wed 02/09/2026 AM")
    sessions = [
        (datetime.strptime(h[4:14], "%d/%m/%Y").date(), h[-2:]) for h in header[5:]
    ]
    body, footer = rows[5:-1], rows[-1]
    assert len(body) == 204 and footer[0] == "Totals"
    seen = set()
    blanks = 0
    for row in body:
        upn = row[1]
        seen.add(upn)
        assert isinstance(row[2], datetime)
        assert isinstance(row[3], int) or (row[3] == "R" and row[4] == "RA")
        cells = list(row[5:]) + [None] * (len(sessions) - len(row[5:]))  # trailing blanks
        # a blank cell where the long export has no row: same marks, same gaps
        assert {k: c for k, c in zip(sessions, cells, strict=True) if c is not None} == marks[
            upn
        ], upn
        blanks += cells.count(None)
    assert blanks == 44 + 46 + 40 + 80 + 2  # the rows the long export leaves out
    assert seen == set(marks)
    present = [sum(marks[u].get(s) in ATTENDED for u in marks) for s in sessions]
    assert list(footer[5:]) == present


def test_band_boundary_pupils_by_hand(marks, planted) -> None:
    # Callum Fraser: 73 weekdays x 2 = 146 sessions - 4 INSET = 142, - 2 Y2 on the
    # snow day (not possible) = 140 possible.  Absent: I 14-16 Sep (6) + I 10-11 Nov (4)
    # + M (1) + N (2) + O (1) = 14.  126/140 = 90.00% exactly: 12600 = 90*140 is not
    # above 90%, so red (persistent absence), not amber.
    p = _case(planted, "band_red_90")
    assert _counts(marks[p["upn"]]) == (140, 126)
    assert (p["possible"], p["attended"], p["attendance_pct"], p["band"]) == (140, 126, 90.0, "red")

    # Amara Okafor joined Fri 2 Oct: 1 + 15 (5-23 Oct) + 34 (3 Nov - 18 Dec, less the
    # 2 Nov INSET) = 50 days = 100 possible; 8 absent -> 92/100 = 92.00%, green.
    # (On roll all term, 142 possible can never give exactly 92%: 92*142/100 is not whole.)
    p = _case(planted, "band_green_92")
    assert _counts(marks[p["upn"]]) == (100, 92)
    assert (p["attendance_pct"], p["band"]) == (92.0, "green")

    # Zoë O'Connor: 142 - 12 absent = 130; 130/142 = 91.549..% -> 91.55, amber
    # (13000 < 92*142 = 13064 and > 90*142 = 12780).
    p = _case(planted, "band_amber")
    assert _counts(marks[p["upn"]]) == (142, 130)
    assert (p["attendance_pct"], p["band"]) == (91.55, "amber")

    # Chloé Martin: every afternoon C2 (authorised): 71 AM attended of 142 = 50.00%, severe.
    p = _case(planted, "band_severe_50")
    assert _counts(marks[p["upn"]]) == (142, 71)
    assert (p["attendance_pct"], p["band"], p["authorised"]) == (50.0, "severe", 71)

    # Kacper Nowak: present only Mondays (13, as 2 Nov is INSET: 26 sessions) and
    # Wednesday mornings (14, as 2 Sep is INSET): 40/142 = 28.169.. -> 28.17, severe.
    p = _case(planted, "band_severe_30")
    assert (p["attended"], p["possible"], p["attendance_pct"]) == (40, 142, 28.17)


def test_penalty_notice_pupils_by_hand(marks, planted) -> None:
    cal = planted["calendar"]
    # 15 school weeks: w/c 31 Aug ... 19 Oct (8), then w/c 2 Nov ... 14 Dec (7); the
    # half-term week (w/c 26 Oct) has no sessions.  The 10 school weeks ending 18 Dec are
    # w/c 5 Oct ... 14 Dec (3 in October + 7 after half term).
    assert len(cal["school_weeks"]) == 15 and "2026-10-26" not in cal["school_weeks"]

    p = _case(planted, "pn_across_holiday")
    unauth = sorted(d for (d, _s), m in marks[p["upn"]].items() if m in UNAUTHORISED)
    # 5 N in w/c 5 Oct + 5 N from 10 to 20 Nov = 10 in the window from Mon 5 Oct.
    # Counting the holiday week as a week would start the window on 12 Oct: only 5.
    assert len(unauth) == 10 and unauth[0] == date(2026, 10, 5)
    assert p["pn_window_start"] == "2026-10-05"
    assert (p["pn_window_sessions"], p["pn_threshold_met"], p["pn_first_met"]) == (
        10, True, "2026-11-20")

    # 10 sessions one per school week from w/c 14 Sep to w/c 30 Nov, skipping w/c 2 Nov:
    # 11 school weeks, so any 10-week window misses the first or the last: at most 9.
    p = _case(planted, "pn_ten_over_11_weeks")
    assert sum(m in UNAUTHORISED for m in marks[p["upn"]].values()) == 10
    assert (p["pn_max_window_sessions"], p["pn_threshold_met"], p["pn_first_met"]) == (
        9, False, None)

    p = _case(planted, "pn_nine")
    assert (p["pn_window_sessions"], p["pn_threshold_met"]) == (9, False)

    p = _case(planted, "pn_week_of_g")  # G Mon 16 - Fri 20 Nov: 10 sessions, met on the Friday
    assert (p["pn_window_sessions"], p["pn_first_met"]) == (10, "2026-11-20")


def test_continuous_absence_pupils_by_hand(planted) -> None:
    # N Mon 19 - Fri 23 Oct (5) + [half term] + [INSET Mon 2 Nov] + Tue 3 - Fri 6 Nov (4)
    # + Mon 9 Nov (1) = 10 school days in one run.
    p = _case(planted, "cme_across_inset")
    assert p["runs"] == [{"start": "2026-10-19", "end": "2026-11-09", "days": 10,
                          "codes": ["N"], "current": False, "left_after": False,
                          "last_attended_before": "2026-10-16"}]
    # Thu 3 Dec - Fri 18 Dec: 2 + 5 + 5 = 12 days, still going on 18 Dec.
    p = _case(planted, "cme_current")
    assert (p["continuous_absence_days"], p["runs"][0]["codes"]) == (12, ["N", "O"])
    # Mon 28 Sep - Mon 12 Oct: 5 + 5 + 1 = 11 days, back on Tue 13 Oct.
    p = _case(planted, "cme_ended_october")
    assert (p["continuous_absence_days"], p["longest_absence_days"]) == (0, 11)
    # 9 days, a present morning on Fri 20 Nov breaks it, then 3 more days.
    p = _case(planted, "cme_nine_broken")
    assert [r["days"] for r in p["runs"]] == [9, 3]
    assert _case(planted, "cme_three_days")["longest_absence_days"] == 3
    # D every afternoon is not possible: a day of "N" morning + "D" afternoon counts (1 day).
    assert _case(planted, "dual_registered")["possible"] == 71


def test_lateness_and_sickness_pupils(planted) -> None:
    assert _case(planted, "lates_flag")["lates_half_term"] == 4
    assert _case(planted, "lates_flag")["lates_flag"] is True
    assert _case(planted, "lates_2_and_2")["lates_by_half_term"] == {"autumn1": 2, "autumn2": 2}
    assert _case(planted, "lates_2_and_2")["lates_flag"] is False
    assert _case(planted, "lates_6_ht1")["lates_by_half_term"] == {"autumn1": 6, "autumn2": 0}
    # Mon 9 - Mon 30 Nov: 3 full weeks + 1 day = 16 school days of I (32 sessions).
    p = _case(planted, "sick_run_16")
    assert (p["longest_illness_days"], p["sickness_sessions"], p["sickness_flag"]) == (16, 32, True)
    p = _case(planted, "sick_cumulative")  # 8 x 2 days = 32 sessions, never 15 in a row
    assert (p["longest_illness_days"], p["sickness_sessions"], p["sickness_flag"]) == (2, 32, True)


def test_only_planted_pupils_are_flagged(marks, planted) -> None:
    planted_upns = {p["upn"] for p in planted["planted"]}
    assert len(planted_upns) == len(planted["planted"]) >= 30
    for flag, upns in planted["school_summary"]["flagged"].items():
        assert set(upns) <= planted_upns, flag
    # school totals straight from the Arbor rows
    possible = sum(_counts(m)[0] for m in marks.values())
    attended = sum(_counts(m)[1] for m in marks.values())
    s = planted["school_summary"]
    assert (s["possible"], s["attended"], s["pupils"]) == (possible, attended, 204)
    assert 93.0 <= 100 * attended / possible <= 94.5
    assert sum(s["bands"].values()) == 204
    assert s["missing_marks"] == 7  # all Hannah Whitfield's


def test_contacts(planted, marks) -> None:
    path = EXAMPLES / "exports" / "contacts.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_pupil = defaultdict(list)
    for r in rows:
        by_pupil[r["UPN"]].append(r)
        assert r["Email"].endswith("@example.org")
        assert r["Telephone"].startswith("01632 960")
    assert set(by_pupil) == set(marks)
    no_pr = _case(planted, "no_pr_contact")["upn"]
    for upn, contacts in by_pupil.items():
        assert [c["Priority"] for c in contacts] in (["1"], ["1", "2"])
        has_pr = any(c["Parental Responsibility"] == "Y" for c in contacts)
        assert has_pr is (upn != no_pr), upn


def test_bench_mode_small(tmp_path: Path) -> None:
    """Bench files: same layouts; long CSV and wide xlsx hold the same marks for a seed."""
    openpyxl = pytest.importorskip("openpyxl")
    gen = _load_generator()
    long_csv, wide_xlsx = tmp_path / "long.csv", tmp_path / "wide.xlsx"
    common = ["bench", "--pupils", "30", "--weeks", "2", "--seed", "7"]
    gen.main([*common, "--shape", "long", "--format", "csv", "--out", str(long_csv)])
    gen.main([*common, "--shape", "wide", "--format", "xlsx", "--out", str(wide_xlsx)])
    with long_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # 2 school weeks from Tue 1 Sep 2026: 4 + 5 days = 9 days = 18 sessions; a joiner or
    # leaver has no row outside their time on roll (and a blank cell in the wide file)
    assert 30 * 17 < len(rows) <= 30 * 18
    assert rows[0]["Date"] == "Tue, 01 Sep 2026" and rows[0]["Mark"] == "#"
    assert "-" not in {r["Mark"] for r in rows}
    long_marks = {
        (r["UPN"], datetime.strptime(r["Date"], "%a, %d %b %Y").strftime("%d/%m/%Y"),
         r["Session"]): "I" if r["Mark"] == "I01" else r["Mark"]
        for r in rows
    }
    ws = openpyxl.load_workbook(wide_xlsx, read_only=True).active
    table = list(ws.iter_rows(values_only=True))
    header = table[4]
    wide_marks = {
        (row[1], h[4:14], h[-2:]): mark
        for row in table[5:-1]
        for h, mark in zip(header[5:], row[5:], strict=False)  # read-only drops trailing blanks
        if mark is not None
    }
    assert wide_marks == long_marks
    assert len(table[5:-1]) == 30


def test_bench_joiners_and_leavers_have_no_row_and_a_blank_cell(tmp_path: Path) -> None:
    gen = _load_generator()
    long_csv, wide_csv = tmp_path / "long.csv", tmp_path / "wide.csv"
    common = ["bench", "--pupils", "400", "--weeks", "2", "--seed", "7", "--format", "csv"]
    gen.main([*common, "--shape", "long", "--out", str(long_csv)])
    gen.main([*common, "--shape", "wide", "--out", str(wide_csv)])
    with long_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    per_pupil = Counter(r["UPN"] for r in rows)
    assert len(per_pupil) == 400 and "-" not in {r["Mark"] for r in rows}
    short = {u: n for u, n in per_pupil.items() if n < 18}
    assert short  # about 6% join or leave: some do in 400 pupils
    with wide_csv.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    blanks = {row[1]: row[5:].count("") for row in table[5:-1]}
    assert {u: n for u, n in blanks.items() if n} == {u: 18 - n for u, n in short.items()}
    assert "-" not in {c for row in table[5:-1] for c in row[5:]}


# --------------------------------------------------------------------------
# Issue 12: missing marks, leavers, compulsory school age, weekly exports.
# --------------------------------------------------------------------------
AS_OF = date(2026, 12, 18)
SPRING_AS_OF = date(2027, 1, 15)


def _possible(mark: str) -> bool:
    return mark not in NOT_POSSIBLE and mark != MISSING


def _school_sessions(marks: dict) -> set[tuple[date, str]]:
    """Sessions on which the school took registers: some pupil has a possible mark."""
    return {k for m in marks.values() for k, c in m.items() if _possible(c)}


def _missing_rows(marks: dict) -> list[tuple[str, date, str]]:
    """Sessions inside a pupil's first..last mark (Z aside) with no row, on a session the
    school took registers."""
    school = _school_sessions(marks)
    out = []
    for upn, m in marks.items():
        keys = sorted(k for k, c in m.items() if c != "Z")
        out += [(upn, *k) for k in sorted(school) if keys[0] <= k <= keys[-1] and k not in m]
    return sorted(out)


def _stale_n(marks: dict, as_of: date) -> list[tuple[str, date, str]]:
    days = sorted({x for x, _s in _school_sessions(marks)})
    return sorted(
        (upn, x, s)
        for upn, m in marks.items()
        for (x, s), c in m.items()
        if c == "N" and sum(x < e <= as_of for e in days) > 5
    )


def _items(items: list[dict]) -> list[tuple[str, date, str]]:
    return sorted((i["upn"], date.fromisoformat(i["date"]), i["session"]) for i in items)


def test_not_on_roll_is_no_row_and_dash_is_only_the_missing_marks_pupil(marks, planted):
    # '-' now means "no mark recorded" (a missing mark): joiners and leavers have no rows.
    dashes = sorted((u, d, s) for u, m in marks.items() for (d, s), c in m.items() if c == "-")
    hannah = _case(planted, "missing_marks")["upn"]
    assert {u for u, _d, _s in dashes} == {hannah} and len(dashes) == 5
    joiner = marks[_case(planted, "joiner_5_oct")["upn"]]
    assert min(joiner) == (date(2026, 10, 5), "AM") and len(joiner) == 2 * 50  # 5 Oct - 18 Dec
    leaver = marks[_case(planted, "leaver_20_nov")["upn"]]
    assert max(leaver) == (date(2026, 11, 20), "PM")
    p = _case(planted, "leaver_20_nov")
    assert (p["on_roll"], p["left_on"], p["possible"]) == (False, "2026-11-20", 102)
    p = _case(planted, "joiner_5_oct")
    assert (p["on_roll"], p["left_on"], p["missing_marks"], p["possible"]) == (True, None, 0, 98)


def test_missing_marks_pupil_by_hand(marks, planted):
    p = _case(planted, "missing_marks")
    m = marks[p["upn"]]
    # 73 weekdays x 2 = 146 sessions, 4 INSET (#): 142 the school registered.  '-' on
    # Tue 15 Sep PM, Thu 8 Oct AM, Wed 25 Nov AM, Fri 18 Dec AM and PM (5), and no PM row
    # on Mon 12 Oct and Tue 8 Dec while every other pupil on roll has one (2): 7 missing
    # marks, none of them possible: 142 - 7 = 135 possible.
    assert sorted(k for k, c in m.items() if c == "-") == [
        (date(2026, 9, 15), "PM"), (date(2026, 10, 8), "AM"), (date(2026, 11, 25), "AM"),
        (date(2026, 12, 18), "AM"), (date(2026, 12, 18), "PM"),
    ]
    assert [(d, s) for u, d, s in _missing_rows(marks)] == [
        (date(2026, 10, 12), "PM"), (date(2026, 12, 8), "PM"),
    ]
    assert len(m) == 146 - 2
    # Absent: I both sessions Thu 19 Nov (2), N Mon 7 Dec (2), Tue 8 Dec AM (1), Wed 9 Dec
    # (2): 135 - 7 = 128 attended; 128/135 = 94.814..% -> 94.81, green (12800 >= 92*135 =
    # 12420).
    assert _counts(m) == (135, 128)
    assert (p["possible"], p["attended"], p["authorised"], p["unauthorised"]) == (135, 128, 2, 5)
    assert (p["missing_marks"], p["attendance_pct"], p["band"]) == (7, 94.81, "green")
    # The last mark is the '-' on Fri 18 Dec PM: a missing mark, not a leaving date.
    assert (p["on_roll"], p["left_on"], p["compulsory_school_age"]) == (True, None, True)
    # 7, 8 and 9 Dec are one 3-day run: on 8 Dec the only possible session (AM) is N, the
    # missing PM neither counts nor breaks.
    assert [(r["start"], r["end"], r["days"]) for r in p["runs"]] == [
        ("2026-12-07", "2026-12-09", 3)]
    assert (p["continuous_absence_days"], p["pn_window_sessions"]) == (0, 5)
    # 15 Jan: 10 more school days, all present; the same 7 missing marks.
    s = next(x for x in planted["spring"]["planted"] if x["case"] == "missing_marks")
    assert (s["possible"], s["attended"], s["missing_marks"], s["on_roll"]) == (155, 148, 7, True)


def test_leaver_after_a_run_of_n_by_hand(marks, planted):
    p = _case(planted, "leaver_after_n_run")
    m = marks[p["upn"]]
    # Rows Wed 2 Sep (INSET #) - Fri 16 Oct: 2 Sep + 3-4 Sep + 6 weeks = 33 days, 66 rows;
    # 32 school days = 64 possible.  N both sessions Mon 5 - Fri 16 Oct: 10 days, 20
    # sessions; 44/64 = 68.75%, red.
    assert len(m) == 66 and max(m) == (date(2026, 10, 16), "PM")
    assert _counts(m) == (64, 44)
    assert sum(c == "N" for c in m.values()) == 20
    assert (p["attendance_pct"], p["band"]) == (68.75, "red")
    # Last mark 16 Oct, before the last school day (18 Dec): left 16 Oct.  The run ends on
    # the last day on roll: not current, but "left after 10 days of unexplained absence".
    assert (p["on_roll"], p["left_on"]) == (False, "2026-10-16")
    assert [(r["start"], r["end"], r["days"], r["current"], r["left_after"])
            for r in p["runs"]] == [("2026-10-05", "2026-10-16", 10, False, True)]
    assert (p["continuous_absence_days"], p["left_after_absence_days"]) == (0, 10)
    # 10 N by Fri 9 Oct (window w/c 31 Aug - w/c 5 Oct); 20 in the window from 5 Oct.
    assert (p["pn_first_met"], p["pn_window_sessions"]) == ("2026-10-09", 20)
    # 15 Jan: the window starts 19 Oct, after the last N; nothing else changes.
    s = next(x for x in planted["spring"]["planted"] if x["case"] == "leaver_after_n_run")
    assert (s["possible"], s["left_on"], s["pn_window_sessions"], s["pn_first_met"]) == (
        64, "2026-10-16", 0, "2026-10-09")


def test_compulsory_school_age_dates_by_hand():
    gen = _load_generator()
    # 5 on Wed 14 Oct 2026: the first prescribed day on or after is 31 Dec 2026.  Turns 16
    # on 14 Oct 2037 (school year 2037/38): 30 Jun 2038 is a Wednesday -> Fri 25 Jun.
    assert gen.csa_span(date(2021, 10, 14)) == (date(2026, 12, 31), date(2038, 6, 25))
    # 5 on 31 Dec itself: that day; 5 on 1 Jan: 31 Mar.
    assert gen.csa_span(date(2021, 12, 31))[0] == date(2026, 12, 31)
    assert gen.csa_span(date(2022, 1, 1))[0] == date(2027, 3, 31)
    assert gen.csa_span(date(2021, 8, 31))[0] == date(2026, 8, 31)
    # Oldest and youngest Year 11 of 2026/27 turn 16 in that school year: both end on the
    # last Friday in June 2027 (30 Jun 2027 is a Wednesday -> Fri 25 Jun).
    assert gen.csa_span(date(2010, 9, 1))[1] == date(2027, 6, 25)
    assert gen.csa_span(date(2011, 8, 31))[1] == date(2027, 6, 25)
    # The oldest Year 10 turns 16 on 1 Sep 2027: June 2028, whose 30th is a Friday.
    assert gen.csa_span(date(2011, 9, 1))[1] == date(2028, 6, 30)
    # 29 February birthdays turn on 1 March in other years.
    assert gen.birthday(date(2020, 2, 29), 5) == date(2025, 3, 1)
    assert gen.csa_span(date(2020, 2, 29))[0] == date(2025, 3, 31)


def test_reception_pupil_before_compulsory_school_age_by_hand(arbor, marks, planted):
    p = _case(planted, "reception_csa")
    row = next(r for r in arbor if r["UPN"] == p["upn"])
    assert (row["Year"], row["Date of Birth"]) == ("Reception", "14/10/2021")
    m = marks[p["upn"]]
    unauth = sorted((d, s) for (d, s), c in m.items() if c in UNAUTHORISED)
    # 10 N/O sessions between Wed 4 Nov and Wed 16 Dec: all after the 5th birthday (14 Oct)
    # but before 31 Dec, and all inside the windows ending 18 Dec (from 5 Oct) and 15 Jan
    # (from 19 Oct): without the compulsory-school-age rule both would count >= 10.
    assert len(unauth) == 10 and unauth[0][0] == date(2026, 11, 4)
    assert unauth[-1][0] == date(2026, 12, 16)
    assert _counts(m) == (142, 132)  # 132/142 = 92.96%, green
    assert (p["compulsory_school_age"], p["pn_window_sessions"], p["pn_max_window_sessions"],
            p["pn_threshold_met"], p["pn_first_met"]) == (False, 0, 0, False, None)
    assert (p["unauthorised"], p["attendance_pct"], p["band"]) == (10, 92.96, "green")
    # 15 Jan: of compulsory school age since 31 Dec.  N Tue 5 Jan PM, Thu 7 Jan AM, Tue 12
    # Jan AM, Wed 13 Jan PM count: 4 (not 14).  148/162 = 91.36%: amber (14800 < 92*162 =
    # 14904, > 90*162 = 14580).
    s = next(x for x in planted["spring"]["planted"] if x["case"] == "reception_csa")
    assert (s["compulsory_school_age"], s["pn_window_start"], s["pn_window_sessions"],
            s["pn_threshold_met"]) == (True, "2026-10-19", 4, False)
    assert (s["possible"], s["attended"], s["unauthorised"], s["attendance_pct"], s["band"]) == (
        162, 148, 14, 91.36, "amber")


def test_data_quality_list_by_hand(marks, planted):
    dq = planted["data_quality"]
    assert dq["as_of"] == "2026-12-18"
    dashes = sorted((u, d, s) for u, m in marks.items() for (d, s), c in m.items() if c == "-")
    assert _items(dq["missing_mark"]) == dashes
    assert _items(dq["missing_row"]) == _missing_rows(marks)
    assert _items(dq["wide_missing_mark"]) == sorted(dashes + _missing_rows(marks))
    stale = _stale_n(marks, AS_OF)
    assert _items(dq["stale_n"]) == stale and dq["stale_n_count"] == len(stale) == 337
    # The boundary: Reuben Walsh has N every day 3-18 Dec.  Thu 10 Dec has 6 school days
    # after it up to 18 Dec (11, 14-18): stale; Fri 11 Dec has 5: not yet.
    walsh = _case(planted, "cme_current")["upn"]
    walsh_stale = {d for u, d, _s in stale if u == walsh}
    assert date(2026, 12, 10) in walsh_stale and date(2026, 12, 11) not in walsh_stale
    assert dq["stray_day"] == []


@pytest.fixture(scope="module")
def weekly() -> tuple[list[dict], list[dict]]:
    return _read_arbor(WEEK1), _read_arbor(WEEK2)


def test_weekly_exports_and_the_correction_pair(weekly, marks, planted):
    w1, w2 = (_marks(rows) for rows in weekly)
    days1 = sorted({d for m in w1.values() for d, _s in m})
    days2 = sorted({d for m in w2.values() for d, _s in m})
    assert (days1[0], days1[-1], len(days1)) == (date(2027, 1, 4), date(2027, 1, 8), 5)
    assert (days2[0], days2[-1], len(days2)) == (date(2027, 1, 4), date(2027, 1, 15), 10)
    # the whole school but the two leavers, every session
    leavers = {_case(planted, c)["upn"] for c in ("leaver_20_nov", "leaver_after_n_run")}
    assert set(w1) == set(w2) == set(marks) - leavers
    assert all(len(w1[u]) == 10 and len(w2[u]) == 20 for u in w1)
    # Week 1 again in the 15 Jan export: identical except three N now coded finally.
    changed = sorted(
        (u, d, s, w1[u][(d, s)], w2[u][(d, s)])
        for u in w1 for (d, s) in w1[u] if w1[u][(d, s)] != w2[u][(d, s)]
    )
    rohan = _case(planted, "correction_pair")["upn"]
    assert changed == [
        (rohan, date(2027, 1, 5), "AM", "N", "I"),
        (rohan, date(2027, 1, 5), "PM", "N", "I"),
        (rohan, date(2027, 1, 7), "AM", "N", "M"),
    ]
    assert planted["spring"]["corrections"] == [
        {"upn": u, "date": d.isoformat(), "session": s, "was": was, "now": now,
         "file": "arbor_2027-01-15.csv"}
        for u, d, s, was, now in changed
    ]
    # Some week-1 N are not resolved by 8 Jan, and stay N on 15 Jan.
    unresolved = [(u, k) for u in w1 for k, c in w1[u].items() if c == "N" and w2[u][k] == "N"]
    assert len(unresolved) >= 10
    # Rohan Mistry on 15 Jan: autumn 140/142 (I 24 Sep); January I, I, M, N (8 Jan PM, not
    # yet resolved): 156/162 = 96.30%, authorised 2 + 3, unauthorised 1, one session in the
    # penalty-notice window (4 had the corrections been ignored).
    s = next(x for x in planted["spring"]["planted"] if x["case"] == "correction_pair")
    assert (s["possible"], s["attended"], s["authorised"], s["unauthorised"]) == (162, 156, 5, 1)
    assert (s["attendance_pct"], s["pn_window_sessions"], s["sickness_sessions"]) == (96.3, 1, 4)


def test_spring_totals_and_data_quality_from_the_three_files(weekly, marks, planted):
    w1, w2 = (_marks(rows) for rows in weekly)
    merged = {u: dict(m) for u, m in marks.items()}
    for later in (w1, w2):  # the 15 Jan export's codes count
        for u, m in later.items():
            merged[u].update(m)
    sp = planted["spring"]
    s = sp["school_summary"]
    assert s["pupils"] == len(merged) == 204
    assert (s["possible"], s["attended"]) == (
        sum(_counts(m)[0] for m in merged.values()), sum(_counts(m)[1] for m in merged.values()))
    assert sum(s["bands"].values()) == 204
    planted_upns = {p["upn"] for p in sp["planted"]}
    for flag, upns in s["flagged"].items():
        assert set(upns) <= planted_upns, flag
    dq = sp["data_quality"]
    assert _items(dq["missing_row"]) == _missing_rows(merged)  # the holiday is no gap
    stale = _stale_n(merged, SPRING_AS_OF)
    assert _items(dq["stale_n"]) == stale and dq["stale_n_count"] == len(stale)
    # Fri 8 Jan has 5 school days after it up to 15 Jan (11-15): not stale; Thu 7 Jan has 6.
    assert {d for _u, d, _s in stale if d.year == 2027} <= {
        date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 7)}
    assert (_case(planted, "correction_pair")["upn"], date(2027, 1, 8), "PM") not in stale
    assert any(d == date(2027, 1, 7) for _u, d, _s in stale)
