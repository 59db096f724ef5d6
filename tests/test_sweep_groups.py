"""Sweep "groups": a head of year's view (sweep of 4 December (second), groups).

``check --year-group / --reg-group`` and ``--from`` shorter periods.  Each register is
written by hand here (a long CSV as an MIS exports it, one pupil's year and form per
day), from Monday 7 September 2026; the expected answers are worked from DOMAIN.md with
the default config (green 92+, amber above 90, red above 50; a penalty notice at 10
unauthorised sessions in 10 school weeks; the absence group from 3 school days of
unexplained absence)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from clirun import as_in_a_test, run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

HEADER = "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"

#: (UPN, surname, day n -> (year as exported, form), (day n, session) -> mark or None: no row)
Pupil = tuple[str, str, Callable[[int], tuple[str, str]], Callable[[int, str], str | None]]


def present(n: int, session: str) -> str:
    return "/" if session == "AM" else "\\"


def absent_from(first: int, code: str = "O", until: int = 10_000) -> Callable[[int, str], str]:
    """``code`` all day on school days ``first`` to ``until`` (counted from 0), else present."""
    return lambda n, s: code if first <= n <= until else present(n, s)


def fixed(year: str, form: str) -> Callable[[int], tuple[str, str]]:
    return lambda n: (year, form)


def export(path: Path, pupils: list[Pupil], days: int) -> Path:
    """``days`` school days (Monday to Friday) from Monday 7 September 2026."""
    lines = [HEADER]
    day, n = dt.date(2026, 9, 7), 0
    while n < days:
        if day.weekday() < 5:
            for upn, surname, group, mark in pupils:
                year, form = group(n)
                for session in ("AM", "PM"):
                    m = mark(n, session)
                    if m is not None:
                        lines.append(
                            f"{upn},{surname},Jo,{year},{form},01/10/2012,{day:%d/%m/%Y},"
                            f"{session},{m}"
                        )
            n += 1
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def check_json(*args: str | Path) -> dict:
    code, out, err = run_cli("check", *args, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def _one_line(err: str) -> str:
    return " ".join(err.split())


# A school of 4 weeks (20 school days, 7 Sep to 2 Oct 2026, 40 sessions each):
# - MOV: Year 7 in 7A for the first 2 weeks, then Year 8 in 8B (a move mid-period); O all
#   day on days 0-4 (10 unauthorised sessions, before the move): 30/40 = 75.0 %, red; the
#   penalty-notice threshold met (10 in the window).
# - ASH: Year 7, 7A; O on days 0-2: 34/40 = 85.0 %, red.
# - BIR: Year 8, 8B; present: 40/40, green.
# - V9 and V11: Years 9 and 11 in one vertical tutor group V1; V9 O on days 0-5: 28/40 =
#   70.0 %, red, penalty notice (12); V11 present.
# - LAT: Year 7, 7A; O on days 17-19 (the last 3): 34/40, red and the absence group, both
#   NEW (green and in no group on 25/09, the check 7 days earlier).
SCHOOL: list[Pupil] = [
    ("MOV", "Mover", lambda n: ("Year 7", "7A") if n < 10 else ("Year 8", "8B"), absent_from(0, until=4)),
    ("ASH", "Ash", fixed("Year 7", "7A"), absent_from(0, until=2)),
    ("BIR", "Birch", fixed("Year 8", "8B"), present),
    ("V9", "Vine", fixed("Year 9", "V1"), absent_from(0, until=5)),
    ("V11", "Vale", fixed("Year 11", "V1"), present),
    ("LAT", "Late", fixed("Year 7", "7A"), absent_from(17)),
]


@pytest.fixture(scope="module")
def school_check(tmp_path_factory) -> tuple[Path, dict]:
    """:data:`SCHOOL`'s 20 days as an export, and the whole school's check of it (JSON):
    made once for the filtered checks that compare with it (a check only reads)."""
    folder = tmp_path_factory.mktemp("groups-school")
    with as_in_a_test(folder):
        exp = export(folder / "e.csv", SCHOOL, 20)
        return exp, check_json(exp)


@pytest.mark.parametrize(
    ("option", "upns"),
    [
        (("--year-group", "7"), ["ASH", "LAT"]),  # MOV is in Year 8 as of the date
        (("--year-group", "Year 8"), ["BIR", "MOV"]),
        (("--reg-group", "7A"), ["ASH", "LAT"]),
        (("--reg-group", "8B"), ["BIR", "MOV"]),
        (("--reg-group", "V1"), ["V11", "V9"]),  # vertical tutoring: Years 9 and 11
        (("--reg-group", "V1", "--year-group", "9"), ["V9"]),
        (("--year-group", "11"), ["V11"]),  # a group of one
    ],
)
def test_a_filtered_check_s_lines_are_the_whole_school_s_for_its_pupils(
    school_check, option, upns
):
    """Each pupil falls in their group as of the as-of date (MOV: Year 8, 8B), and their
    figures are the whole period's (MOV's 10 unauthorised sessions while in 7A count whole:
    30/40, red, penalty notice).  Every line of the filtered check is the whole-school
    check's line for that pupil; no pupil of another group is in it."""
    exp, doc = school_check
    whole = {p["upn"]: p for p in doc["pupils"]}
    mov = whole["MOV"]
    assert (mov["year_group"], mov["reg_group"], mov["attended"], mov["possible"]) == ("8", "8B", 30, 40)
    assert (mov["band"], sorted(mov["groups"])) == ("red", ["band:red", "pn"])
    assert sorted(whole["LAT"]["new_groups"]) == ["absence", "band:red"]
    doc = check_json(exp, *option)
    got = {p["upn"]: p for p in doc["pupils"]}
    assert sorted(got) == upns
    for upn, line in got.items():
        assert line == whole[upn]
    assert doc["summary"]["pupils"] == len(upns)
    bands: dict[str, int] = {}
    for upn in upns:
        bands[whole[upn]["band"]] = bands.get(whole[upn]["band"], 0) + 1
    assert {k: v for k, v in doc["summary"]["bands"].items() if v} == bands


def test_two_filters_no_pupil_is_in_both_is_an_error_not_an_empty_check(tmp_path):
    """``--year-group 9 --reg-group 8B``: Year 9 is in the data (V9, in V1) and so is 8B
    (Years 8), but no pupil is in both.  The check said "0 pupils checked; 0 need nothing
    this week" and exit 0, a head of year's empty list read as "nobody to act on".  It is
    an error naming what the two filters do hold."""
    exp = export(tmp_path / "e.csv", SCHOOL, 20)
    code, out, err = run_cli("check", exp, "--year-group", "9", "--reg-group", "8B")
    assert code == 1 and out == ""
    assert _one_line(err) == (
        "error: --year-group '9' --reg-group '8B': no pupil is in both as of 02/10/2026 "
        "(Year 9 is in registration group V1; registration group 8B holds Year 8)"
    )


def test_a_filtered_check_lists_the_corrections_of_its_own_pupils_only(tmp_path):
    """Two exports: the first (3 weeks) has N for ASH (Year 7) on day 3 and for CED (Year
    9) on day 4; the second (4 weeks) has I for both.  Four corrections in all; the Year 7
    check's data-quality section and its JSON ``corrections`` listed CED's too, a Year 9
    pupil in the Year 7 check.  They hold ASH's two only; the whole school's all four."""
    def n_then(day: int, final: str) -> Callable[[int, str], str]:
        return lambda n, s: final if n == day else present(n, s)

    def school(final: str) -> list[Pupil]:
        return [
            ("ASH", "Ash", fixed("Year 7", "7A"), n_then(3, final)),
            ("CED", "Cedar", fixed("Year 9", "9C"), n_then(4, final)),
        ]

    first = export(tmp_path / "e1.csv", school("N"), 15)
    second = export(tmp_path / "e2.csv", school("I"), 20)
    whole = check_json(first, second)
    assert sorted((c["upn"], c["date"], c["session"]) for c in whole["corrections"]) == [
        ("ASH", "2026-09-10", "AM"), ("ASH", "2026-09-10", "PM"),
        ("CED", "2026-09-11", "AM"), ("CED", "2026-09-11", "PM"),
    ]  # fmt: skip
    for year, upn in (("7", "ASH"), ("9", "CED")):
        doc = check_json(first, second, "--year-group", year)
        assert {c["upn"] for c in doc["corrections"]} == {upn}
        assert len(doc["corrections"]) == 2
        code, out, err = run_cli("check", first, second, "--year-group", year, "-f", "table")
        assert code == 0, err
        other = "CED" if upn == "ASH" else "ASH"
        # (the corrections name the pupil "Surname, Forename (UPN)": sweep looks9)
        assert f"({upn})" in out and f"({other})" not in out


def test_a_filtered_check_lists_the_changes_since_the_run_of_its_own_pupils_only(tmp_path):
    """A whole-school run recorded as of Fri 25/09 (3 weeks, everyone present).  In the
    week to 02/10: ASH (Year 7) O from Wednesday (3 days: 34/40 = 85 %, red, the absence
    group), CED (Year 9) O all week (30/40 = 75 %, red, the absence group and the penalty
    notice, 10 sessions), and GON (Year 9, form 9C) is gone from the exports (in no group
    then).  The Year 7 check's "Changed since the run" listed CED's band fall and groups
    beside ASH's: a Year 9 pupil in the Year 7 check.  It lists ASH's only; the Year 9
    check CED's (and GON, gone from the exports, by the group the run kept for them)."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    school: list[Pupil] = [
        ("ASH", "Ash", fixed("Year 7", "7A"), absent_from(17)),
        ("CED", "Cedar", fixed("Year 9", "9C"), absent_from(15)),
        ("GON", "Gone", fixed("Year 9", "9C"), lambda n, s: None if n >= 15 else present(n, s)),
    ]
    earlier = export(tmp_path / "w1.csv", school, 15)
    later = export(tmp_path / "w2.csv", school[:2], 20)
    code, _, err = run_cli("check", earlier, "-c", ws, "--record")
    assert code == 0, err
    whole = check_json(later, "-c", ws)
    assert {c["upn"] for c in whole["changes"]} == {"ASH", "CED", "GON"}
    for year, upns in (("7", {"ASH"}), ("9", {"CED", "GON"})):
        doc = check_json(later, "-c", ws, "--year-group", year)
        assert {c["upn"] for c in doc["changes"]} == upns
        assert [c for c in doc["changes"]] == [c for c in whole["changes"] if c["upn"] in upns]
        code, out, err = run_cli("check", later, "-c", ws, "--year-group", year, "-f", "table")
        assert code == 0, err
        for upn in {"ASH", "CED", "GON"} - upns:
            assert f" {upn} " not in out


def test_a_filtered_check_says_whose_check_it_is_in_every_format(tmp_path, school_check):
    """The Year 8 check's table was headed "School: attendance check as of ..." and its
    workbook "Attendance check: School", with "Bands: green 1 | red 1" and "2 pupils": a
    printout that reads as the whole school's.  The heading, the workbook's title and the
    JSON say the filter (and the period, as before)."""
    from openpyxl import load_workbook

    exp = export(tmp_path / "e.csv", SCHOOL, 20)
    code, out, err = run_cli("check", exp, "--year-group", "Year 8", "--from", "2026-09-21",
                             "-f", "table")  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0] == "School: attendance check of Year 8 as of Fri 02 Oct 2026"
    assert out.splitlines()[1].startswith("Period 21/09/2026 to 02/10/2026")
    code, out, err = run_cli("check", exp, "-f", "table")
    assert out.splitlines()[0] == "School: attendance check as of Fri 02 Oct 2026"
    code, out, err = run_cli("check", exp, "--year-group", "11", "-f", "table")  # a group of one
    assert "1 pupil checked; 1 needs nothing this week." in out
    doc = check_json(exp, "--reg-group", "V1", "--year-group", "9")
    assert doc["filter"] == {"year_group": "9", "reg_group": "V1", "pupils": "Year 9 in registration group V1"}
    assert "filter" not in school_check[1]  # the whole school's check of the same export
    book = tmp_path / "v1.xlsx"
    code, _, err = run_cli("check", exp, "--reg-group", "V1", "--from", "2026-09-21", "-o", book)
    assert code == 0, err
    rows = list(load_workbook(book)["Summary"].iter_rows(max_row=4, values_only=True))
    assert rows[0][0] == "Attendance check: School, registration group V1"
    assert rows[2][:2] == ("Period", "21/09/2026 to 02/10/2026")
    assert ("Pupils of", "registration group V1") in [r[:2] for r in rows]


def test_a_registration_group_written_otherwise_in_another_export_is_said_not_dropped(tmp_path):
    """The first export (2 weeks) writes the form "10 A", the second (4 weeks) "10A".
    LEFT is only in the first: O all day on days 5-9, then no row (taken as having left
    on 18/09 after 5 days of unexplained absence: the continuous-absence group, "check
    the deletion was lawful").  As of 02/10 LEFT's form is "10 A", STAY's "10A".  The
    head of year's ``--reg-group 10A`` listed STAY alone and said nothing of LEFT: a
    missed child.  The form is matched as typed (docs/decisions.md, options), and one line
    says the other spelling is in the data, whom it holds and how to see them."""
    def school(form: str) -> list[Pupil]:
        return [
            ("STAY", "Stay", fixed("Year 10", form), present),
            ("LEFT", "Left", fixed("Year 10", form),
             lambda n, s: None if n >= 10 else absent_from(5)(n, s)),
        ]  # fmt: skip

    first = export(tmp_path / "f1.csv", school("10 A"), 10)
    second = export(tmp_path / "f2.csv", school("10A")[:1], 20)
    whole = {p["upn"]: p for p in check_json(first, second)["pupils"]}
    assert whole["LEFT"]["reg_group"] == "10 A" and whole["LEFT"]["groups"] == ["absence"]
    note = (
        "--reg-group '10A': the data also has registration group '10 A' (1 pupil as of "
        "02/10/2026: LEFT), the same name but for spaces or capitals: its pupils are not "
        "in this check; check them with --reg-group '10 A', or correct the name in the MIS"
    )
    doc = check_json(first, second, "--reg-group", "10A")
    assert [p["upn"] for p in doc["pupils"]] == ["STAY"]
    assert note in doc["warnings"]
    doc = check_json(first, second, "--reg-group", "10 A")
    assert [p["upn"] for p in doc["pupils"]] == ["LEFT"]
    assert doc["pupils"][0] == whole["LEFT"]
    assert (
        "--reg-group '10 A': the data also has registration group '10A' (1 pupil as of "
        "02/10/2026: STAY), the same name but for spaces or capitals: its pupils are not "
        "in this check; check them with --reg-group '10A', or correct the name in the MIS"
    ) in doc["warnings"]
    only = export(tmp_path / "f3.csv", school("10A"), 20)
    assert not any("but for spaces" in w for w in check_json(only, "--reg-group", "10A")["warnings"])


@pytest.mark.parametrize(("option", "column", "what"), [
    ("--year-group", "Year", "year group"),
    ("--reg-group", "Registration Form", "registration group"),
])  # fmt: skip
def test_a_filter_on_a_column_the_exports_lack_says_so(tmp_path, option, column, what):
    """An export with no Year (or form) column: ``--year-group 7`` was refused "no such
    year group in the data (found: )", an empty list that reads as a fault of attcli's.
    The refusal says the exports give none and how to give them."""
    exp = export(tmp_path / "e.csv", SCHOOL, 10)
    lines = exp.read_text("utf-8").splitlines()
    drop = lines[0].split(",").index(column)
    exp.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines)
        + "\n", "utf-8",
    )  # fmt: skip
    code, out, err = run_cli("check", exp, option, "7A" if "reg" in option else "7")
    assert code == 1 and out == ""
    typed = "7A" if "reg" in option else "7"
    assert _one_line(err) == (
        f"error: {option} '{typed}': the exports give no pupil a {what} (no such column, or "
        f"every cell of it blank): export the register with the {what}, or give a pupil "
        f"list that has it (--pupils FILE)"
    )


def _long_term(path: Path) -> Path:
    """7 Sep to 20 Nov 2026 with the half-term week of 26 Oct left out of the export (a
    week with no sessions: a holiday, inferred).  ASH (Year 7) present but O all day from
    Fri 13 Nov (6 school days, 12 sessions); BIR (Year 8) present throughout."""
    days, day, n, lines = [], dt.date(2026, 9, 7), 0, [HEADER]
    while day <= dt.date(2026, 11, 20):
        if day.weekday() < 5 and not dt.date(2026, 10, 26) <= day <= dt.date(2026, 10, 30):
            days.append(day)
        day += dt.timedelta(days=1)
    for n, day in enumerate(days):
        for upn, year, form in (("ASH", "Year 7", "7A"), ("BIR", "Year 8", "8B")):
            for session in ("AM", "PM"):
                mark = "O" if upn == "ASH" and day >= dt.date(2026, 11, 13) else present(n, session)
                lines.append(f"{upn},{upn.title()},Jo,{year},{form},01/10/2012,{day:%d/%m/%Y},{session},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "period", "figures"),
    [
        # a Saturday: the period from Mon 9 Nov, 10 days: 8/20, severe
        (("--from", "2026-11-07"), ("2026-11-07", "2026-11-20"), (8, 20, "severe")),
        # in the half-term holiday: 2 Nov to 20 Nov, 15 days: 18/30 = 60 %, red
        (("--from", "2026-10-28"), ("2026-10-28", "2026-11-20"), (18, 30, "red")),
        # the band minimum: 9 to 13 Nov is 10 sessions, 8 attended: 80 %, red
        (("--from", "2026-11-09", "--as-of", "2026-11-13"), ("2026-11-09", "2026-11-13"), (8, 10, "red")),
        # one session fewer than the minimum's day: 10 to 13 Nov, 8 sessions: no band
        (("--from", "2026-11-10", "--as-of", "2026-11-13"), ("2026-11-10", "2026-11-13"), (6, 8, None)),
        # --from the as-of date: 2 sessions, both O: no band
        (("--from", "2026-11-20", "--as-of", "2026-11-20"), ("2026-11-20", "2026-11-20"), (0, 2, None)),
    ],
)
def test_a_shorter_period_s_figures_and_band_for_a_year_group(tmp_path, args, period, figures):
    """Worked by hand from the register of :func:`_long_term`; the Year 7 check's line for
    ASH is the whole school's, over the period asked for, and the band needs 10 possible
    sessions in it (DOMAIN.md 3)."""
    exp = _long_term(tmp_path / "e.csv")
    doc = check_json(exp, *args, "--year-group", "7")
    assert (doc["period"]["start"], doc["period"]["end"]) == period
    assert doc["filter"]["pupils"] == "Year 7"
    (ash,) = doc["pupils"]
    assert (ash["attended"], ash["possible"], ash["band"]) == figures
    assert ash == next(p for p in check_json(exp, *args)["pupils"] if p["upn"] == "ASH")


TRUST = """
[school]
name = "Trust"

[schools.ash]
name = "Ash Primary"
urn = "400003"
files = ["ash-*"]

[schools.oak]
name = "Oak Academy"
urn = "400001"
files = ["oak-*"]
"""


def test_a_trust_s_year_group_check_skips_a_school_without_that_year_and_says_so(tmp_path):
    """A trust of a primary (Ash: Year 6) and a secondary (Oak: Years 7 and 8).
    ``check --per-school out --year-group 7`` stopped at Ash, the first school, with
    "no such year group in the data (found: 6)", naming no school, and wrote nothing for
    Oak.  Each school without the group is said in one line and gets no file; the others
    are checked as on their own.  When no school has it, it is an error naming each."""
    config = tmp_path / "attcli.toml"
    config.write_text(TRUST, encoding="utf-8")
    oak = export(tmp_path / "oak-1.csv", [
        ("O7", "Oak", fixed("Year 7", "7A"), absent_from(0, until=1)),
        ("O8", "Elm", fixed("Year 8", "8A"), present),
    ], 10)  # fmt: skip
    ash = export(tmp_path / "ash-1.csv", [("A6", "Ash", fixed("Year 6", "6A"), present)], 10)
    out = tmp_path / "out"
    code, _, err = run_cli("check", oak, ash, "-c", config, "--per-school", out, "--year-group", "7")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["oak-check.json"]
    assert (
        "note: ash (Ash Primary): --year-group '7': no such year group in the data (found: 6): "
        "nothing written for it"
    ) in " ".join(err.split())
    doc = json.loads((out / "oak-check.json").read_text("utf-8"))
    assert [p["upn"] for p in doc["pupils"]] == ["O7"]
    (o7,) = doc["pupils"]
    assert (o7["attended"], o7["possible"], o7["band"], o7["school"]) == (16, 20, "red", "oak")
    code, _, err = run_cli("check", oak, ash, "-c", config, "--per-school", tmp_path / "o2",
                           "--year-group", "5")  # fmt: skip
    assert err.strip().splitlines()[-1] == (
        "error: --year-group '5': no school has it: ash (Ash Primary): no such year group in "
        "the data (found: 6); oak (Oak Academy): no such year group in the data (found: 7, 8)"
    )
    assert code == 1


@pytest.mark.parametrize(("option", "typed", "what"), [
    ("--year-group", "7", "year group"),
    ("--reg-group", "7A", "registration group"),
])  # fmt: skip
def test_a_pupil_with_no_group_is_said_in_every_group_s_check(tmp_path, option, typed, what):
    """NEWBY's Year and form cells are blank (a pupil added in a hurry): O every session
    of 2 weeks, 0/20, severe, the penalty-notice and absence groups, in the whole school's
    check.  Every head of year's check left them out and said nothing: a child in no
    one's list.  A filtered check says in one line who has no such group."""
    exp = export(tmp_path / "e.csv", [
        ("ASH", "Ash", fixed("Year 7", "7A"), present),
        ("NEWBY", "Newby", fixed("", ""), absent_from(0)),
    ], 10)  # fmt: skip
    whole_doc = check_json(exp)
    whole = {p["upn"]: p for p in whole_doc["pupils"]}
    assert whole["NEWBY"]["band"] == "severe" and whole["NEWBY"]["year_group"] is None
    doc = check_json(exp, option, typed)
    assert [p["upn"] for p in doc["pupils"]] == ["ASH"]
    assert (
        f"1 pupil of the exports has no {what} (NEWBY): in no {what}'s check; see them in "
        "the whole school's check, and give their group in the MIS"
    ) in doc["warnings"]
    assert not any("pupil of the exports has no" in w for w in whole_doc["warnings"])


def test_a_child_under_two_upns_is_said_in_their_own_group_s_check_only(tmp_path):
    """OLD and NEW2 are one child (Owen Jo, born 01/10/2012) under two UPNs, Year 9: OLD
    O on days 0-2 (6 sessions) then no row, NEW2 from day 3, O on days 3-5 (6 sessions):
    12 in the penalty-notice window across the two, neither alone at 10.  The line saying
    so (the sessions are the child's, DOMAIN.md 5) was in the Year 7 check too, naming a
    Year 9 child there; it is in the Year 9 check and the whole school's."""
    exp = export(tmp_path / "e.csv", [
        ("ASH", "Ash", fixed("Year 7", "7A"), present),
        ("OLD", "Owen", fixed("Year 9", "9C"), lambda n, s: "O" if n < 3 else None),
        ("NEW2", "Owen", fixed("Year 9", "9C"),
         lambda n, s: None if n < 3 else absent_from(3, until=5)(n, s)),
    ], 10)  # fmt: skip
    def said(*args: str) -> bool:
        return any("one child under two UPNs?" in w for w in check_json(exp, *args)["warnings"])

    assert said() and said("--year-group", "9") and said("--reg-group", "9C")
    assert not said("--year-group", "7") and not said("--reg-group", "7A")


def test_a_notice_whose_sessions_changed_is_said_in_its_pupil_s_group_s_check_only(tmp_path):
    """A notice recorded on 18/09 about CED (Year 9) on 10 O sessions (days 0-4); the next
    export has I on day 0.  The line "penalty notice 1 about CED ... rests on 8" was in the
    Year 7 check too; it is in the Year 9 check and the whole school's."""
    from school import CONTACTS_HEADER

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        CONTACTS_HEADER + "CED,501,Mrs,Ann,Cedar,Mother,1,Yes,1 Road,Town,AN1 1AA\n", "utf-8"
    )

    def school(first: str) -> list[Pupil]:
        return [
            ("ASH", "Ash", fixed("Year 7", "7A"), present),
            ("CED", "Cedar", fixed("Year 9", "9C"),
             lambda n, s: (first if n == 0 else "O") if n < 5 else present(n, s)),
        ]  # fmt: skip

    first = export(tmp_path / "e1.csv", school("O"), 10)
    code, _, err = run_cli("pn", "record", "CED", first, "--parent", "Mrs Ann Cedar", "--date",
                           "2026-09-18", "--contacts", contacts, "-c", ws)  # fmt: skip
    assert code == 0, err
    later = export(tmp_path / "e2.csv", school("I"), 15)

    def said(*args: str) -> bool:
        doc = check_json(later, "-c", ws, *args)
        return any(w.startswith("penalty notice 1 about CED") for w in doc["warnings"])

    assert said() and said("--year-group", "9")
    assert not said("--year-group", "7")


def test_cme_over_a_shorter_period_says_its_period(tmp_path):
    """OCT: O on 5 school days in October (a run of 5, ended).  ``cme --days 3 --from
    2026-11-02`` lists runs in the period from 2 November only, and said "Continuous
    unexplained absence of 3+ school days, as of 20/11/2026: 0 runs", which reads as none
    this year.  The title says the period asked for; the year's title is as before."""
    def marks(n: int, s: str) -> str:
        return "O" if 20 <= n < 25 else present(n, s)

    exp = export(tmp_path / "e.csv", [("OCT", "Oct", fixed("Year 7", "7A"), marks)], 55)
    code, out, err = run_cli("cme", exp, "--days", "3")
    assert code == 0, err
    assert out.splitlines()[0] == (
        "Continuous unexplained absence of 3+ school days, as of 20/11/2026: 1 run"
    )
    code, out, err = run_cli("cme", exp, "--days", "3", "--from", "2026-11-02")
    assert code == 0, err
    assert out.splitlines()[0] == (
        "Continuous unexplained absence of 3+ school days in the period from 02/11/2026, as "
        "of 20/11/2026: 0 runs"
    )


def test_a_filtered_check_s_data_quality_items_are_the_whole_school_s_for_its_pupils(tmp_path):
    """MOV (7A, then 8B from day 10) has "-" (no mark) on day 2, while in 7A; ASH (7A) an N
    on day 1, older than 5 school days; BIR (8B) a "-" on day 12.  The 8B check lists MOV's
    and BIR's items, the 7A check ASH's, each as the whole school's check does."""
    exp = export(tmp_path / "e.csv", [
        ("MOV", "Mover", lambda n: ("Year 7", "7A") if n < 10 else ("Year 8", "8B"),
         lambda n, s: "-" if n == 2 else present(n, s)),
        ("ASH", "Ash", fixed("Year 7", "7A"), lambda n, s: "N" if n == 1 else present(n, s)),
        ("BIR", "Birch", fixed("Year 8", "8B"), lambda n, s: "-" if n == 12 else present(n, s)),
    ], 20)  # fmt: skip
    whole = check_json(exp)["data_quality"]
    assert {i["upn"] for i in whole} == {"MOV", "ASH", "BIR"}
    for form, upns in (("8B", {"MOV", "BIR"}), ("7A", {"ASH"})):
        got = check_json(exp, "--reg-group", form)["data_quality"]
        assert got == [i for i in whole if i["upn"] in upns]
