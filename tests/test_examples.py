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
FILES = [
    "exports/arbor_autumn_2026.csv",
    "exports/integris_autumn_2026.xlsx",
    "exports/contacts.csv",
    "exports/pupils.csv",
    "expected/planted.json",
    "README.md",
]

ATTENDED = set("/\\LKVPWBJ")
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#", "Y", "-"} | {f"Y{i}" for i in range(1, 8)}
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


@pytest.fixture(scope="module")
def arbor() -> list[dict[str, str]]:
    raw = ARBOR.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Arbor export is UTF-8 with a BOM"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF only"
    with ARBOR.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def marks(arbor) -> dict[str, dict[tuple[date, str], str]]:
    """UPN -> {(date, session): mark}, Arbor's I01 counted as I."""
    out: dict[str, dict[tuple[date, str], str]] = defaultdict(dict)
    for row in arbor:
        day = datetime.strptime(row["Date"], "%a, %d %b %Y").date()
        mark = "I" if row["Mark"] == "I01" else row["Mark"]
        out[row["UPN"]][(day, row["Session"])] = mark
    return out


@pytest.fixture(scope="module")
def planted() -> dict:
    return json.loads((EXAMPLES / "expected" / "planted.json").read_text(encoding="utf-8"))


def _case(planted: dict, case: str) -> dict:
    return next(p for p in planted["planted"] if p["case"] == case)


def _counts(pupil_marks: dict) -> tuple[int, int]:
    possible = sum(m not in NOT_POSSIBLE for m in pupil_marks.values())
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
    # 200 pupils x 73 weekdays x 2 sessions
    assert len(arbor) == 200 * 73 * 2
    assert arbor[0]["Date"] == "Wed, 02 Sep 2026"
    assert {r["Session"] for r in arbor} == {"AM", "PM"}
    assert {r["Year"] for r in arbor} == {f"Year {y}" for y in range(7, 12)}
    assert "I01" in {r["Mark"] for r in arbor} and "I" not in {r["Mark"] for r in arbor}


def test_calendar_has_no_weekends_holiday_and_inset_is_hash(marks) -> None:
    days = {d for m in marks.values() for d, _s in m}
    assert min(days) == date(2026, 9, 2) and max(days) == date(2026, 12, 18)
    assert all(d.weekday() < 5 for d in days)
    assert not [d for d in days if date(2026, 10, 26) <= d <= date(2026, 10, 30)]
    # Sep: 2-4 (3 days) + 4 full weeks from 7 Sep; Oct: 3 weeks to 23 Oct; Nov-Dec: 7 weeks
    assert len(days) == 3 + 7 * 5 + 7 * 5 == 73
    for inset in (date(2026, 9, 2), date(2026, 11, 2)):
        for m in marks.values():
            assert m[(inset, "AM")] in ("#", "-") and m[(inset, "PM")] in ("#", "-")


def test_pupils_upns_and_dates_of_birth(arbor) -> None:
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    pupils = {r["UPN"]: r for r in arbor}
    assert len(pupils) == 200
    assert Counter(r["Year"] for r in pupils.values()) == {f"Year {y}": 40 for y in range(7, 12)}
    for upn, r in pupils.items():
        assert len(upn) == 13 and upn[0].isalpha() and upn[1:].isdigit()
        total = sum(int(ch) * w for ch, w in zip(upn[1:], range(2, 14), strict=True))
        assert upn[0] == letters[total % 23], upn
        year = int(r["Year"].split()[1])
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
    assert len(body) == 200 and footer[0] == "Totals"
    seen = set()
    for row in body:
        upn = row[1]
        seen.add(upn)
        assert isinstance(row[2], datetime) and isinstance(row[3], int)
        assert dict(zip(sessions, row[5:], strict=True)) == marks[upn], upn
    assert seen == set(marks)
    present = [sum(marks[u][s] in ATTENDED for u in marks) for s in sessions]
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
                          "codes": ["N"], "current": False,
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
    assert (s["possible"], s["attended"], s["pupils"]) == (possible, attended, 200)
    assert 93.0 <= 100 * attended / possible <= 94.5
    assert sum(s["bands"].values()) == 200


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
    # 2 school weeks from Tue 1 Sep 2026: 4 + 5 days = 9 days = 18 sessions
    assert len(rows) == 30 * 18
    assert rows[0]["Date"] == "Tue, 01 Sep 2026" and rows[0]["Mark"] in ("#", "-")
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
        for h, mark in zip(header[5:], row[5:], strict=True)
    }
    assert wide_marks == long_marks
