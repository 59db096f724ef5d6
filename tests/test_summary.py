"""attcli summary (issue 18, part 3): the counts a school shares with its trust.

The figures are worked out by hand for test_report's school (7 pupils, 15 school days),
checked against `attcli report` for the example school, written and read back, and every
kind of bad file is refused in one line naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import polars as pl
import pytest

from attcli import clock, percent
from attcli.config import load_config, parse_config
from attcli.engine import prepare
from attcli.errors import AttcliError
from attcli.report import build_report, read_pupils
from attcli.summary import (
    FORMAT,
    VERSION,
    Counts,
    SummaryError,
    build_summary,
    load_summary,
    looks_like_summary,
    parse_summary,
    summary_from_exports,
    summary_json,
)
from attcli.summary.command import describe
from clirun import run_cli
from school import make_workspace
from test_report import CONFIG, school

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples"
ARBOR = EXAMPLE / "exports" / "arbor_autumn_2026.csv"
PUPILS = EXAMPLE / "exports" / "pupils.csv"
SCHOOL = '\n[school]\nname = "Hand School"\nurn = "100002"\n'
D = dt.date


@pytest.fixture(scope="module")
def hand():
    cfg = parse_config(CONFIG + SCHOOL)
    return build_summary(prepare(school(), cfg), cfg, generated=D(2026, 10, 5))


@pytest.fixture(scope="module")
def example():
    cfg = load_config(EXAMPLE / "attcli.toml")
    run = summary_from_exports([ARBOR], cfg, pupils=read_pupils(PUPILS), generated=D(2027, 1, 5))
    return run.document


def c(pupils, banded, pa, sa, possible, attended, authorised, unauthorised) -> dict:
    return dict(pupils=pupils, banded=banded, pa=pa, sa=sa, possible=possible,
                attended=attended, authorised=authorised, unauthorised=unauthorised)  # fmt: skip


# --------------------------------------------------------------------------- by hand


def test_totals_and_bands_by_hand(hand):
    """Attended: P1-P3 30 each, P4 20 (N all of Autumn 2), P5 27 (I three Monday mornings),
    P6 25 (N five afternoons), P7 10 (N from day 6): 172 of 210; authorised the 3 I;
    unauthorised 10 + 5 + 20.  Persistent absence (<= 90 %): P4 66.7 %, P5 exactly 90 %,
    P6 83.3 %, P7 33.3 %; severe (<= 50 %): P7.  N codes older than 5 school days as of
    Fri 2 Oct (day 15): an N on day k is 15 - k school days old, so those of days 1-9;
    P4's and P6's N are on days 11-15, P7's from day 6: days 6-9, 8 sessions."""
    assert hand["format"] == FORMAT and hand["version"] == VERSION == 5
    assert hand["school"] == {
        "name": "Hand School", "urn": "100002", "dfe_number": None, "local_authority": None,
    }  # fmt: skip
    # the school days to replace an N that stale_n counted by (the default here)
    assert hand["definitions"]["n_within_days"] == 5
    assert hand["period"] == {
        "start": "2026-09-01", "as_of": "2026-10-02", "half_term": "Autumn 2",
        "complete": True, "coverage_note": None,
    }  # fmt: skip
    assert hand["generated"] == "2026-10-05"
    assert hand["totals"] == {
        **c(7, 7, 4, 1, 210, 172, 3, 35),
        "on_roll": 7,
        "no_band": 0,
        "missing_marks": 0,
        "stale_n": 8,
        "legacy_codes": [],  # (tests/test_sweep_legacy.py)
    }
    # bands (the default green >= 92, amber > 90, red > 50): P1-P3 green; P5's 90 % exactly
    # is not above 90, so red with P4 and P6; P7 severe
    assert [(b["band"], b["pupils"]) for b in hand["bands"]] == [
        ("green", 3), ("amber", 0), ("red", 3), ("severe", 1),
    ]  # fmt: skip


def test_previous_half_term_by_hand(hand):
    """As of Friday 18 September (end of Autumn 1): 20 sessions each; P5 18 (two Monday
    mornings I), P7 10 (N from day 6): 128 of 140; PA P5 (exactly 90 %) and P7 (50 %), SA P7."""
    assert hand["previous"] == {
        "as_of": "2026-09-18", "half_term": "Autumn 1", **c(7, 7, 2, 1, 140, 128, 2, 10),
    }  # fmt: skip


def test_year_groups_and_cohorts_by_hand(hand):
    """Year 7: P1-P5, 30 + 30 + 30 + 20 + 27 = 137 of 150, PA P4 and P5; year 8: P6 and P7,
    25 + 10 = 35 of 60, both PA, P7 SA.  FSM: P4, P6, P7 (55 of 90, all PA); CLA: P7 alone
    (exact counts: suppression is for display, the trust adds schools up)."""
    assert hand["year_groups"] == [
        {"year_group": "7", **c(5, 5, 2, 0, 150, 137, 3, 10)},
        {"year_group": "8", **c(2, 2, 2, 1, 60, 35, 0, 25)},
    ]
    cohorts = {x["cohort"]: x for x in hand["cohorts"]}
    assert list(cohorts) == ["Female", "Male", "Free school meals (FSM)",
                             "Looked-after children (CLA)"]  # fmt: skip
    assert cohorts["Female"]["members"] == c(4, 4, 2, 1, 120, 97, 3, 20)  # P1 P3 P5 P7
    assert cohorts["Male"]["members"] == c(3, 3, 2, 0, 90, 75, 0, 15)  # P2 P4 P6
    fsm = cohorts["Free school meals (FSM)"]
    assert fsm == {
        "attribute": "fsm", "cohort": "Free school meals (FSM)", "unknown": 0,
        "members": c(3, 3, 3, 1, 90, 55, 0, 35), "rest": c(4, 4, 1, 0, 120, 117, 3, 0),
    }  # fmt: skip
    assert cohorts["Looked-after children (CLA)"]["members"] == c(1, 1, 1, 1, 30, 10, 0, 20)


def test_weeks_and_weekday_sessions_by_hand(hand):
    """Weeks from Monday 7 September, 14 September and (after the holiday) 28 September, 70
    sessions each.  Week 1: P5's Monday I.  Week 2: P5's I and P7's 10 N.  Week 3: P4's 10
    N, P5's I, P6's 5 PM N, P7's 10 N.  Monday AM (days 1, 6, 11): P5 I three times, P7 N on
    days 6 and 11, P4 N on day 11; Monday PM: P7 twice, P4 and P6 on day 11."""
    assert hand["weeks"] == [
        {"week_start": "2026-09-07", "school_days": 5, "possible": 70, "attended": 69,
         "authorised": 1, "unauthorised": 0, "missing_marks": 0},
        {"week_start": "2026-09-14", "school_days": 5, "possible": 70, "attended": 59,
         "authorised": 1, "unauthorised": 10, "missing_marks": 0},
        {"week_start": "2026-09-28", "school_days": 5, "possible": 70, "attended": 44,
         "authorised": 1, "unauthorised": 25, "missing_marks": 0},
    ]  # fmt: skip
    cells = {(x["weekday"], x["session"]): x for x in hand["weekday_sessions"]}
    assert len(cells) == 10
    assert cells[("Monday", "AM")] == {"weekday": "Monday", "session": "AM", "possible": 21,
                                       "attended": 15, "authorised": 3, "unauthorised": 3}  # fmt: skip
    assert cells[("Monday", "PM")]["unauthorised"] == 4
    assert cells[("Tuesday", "AM")]["attended"] == 18


# --------------------------------------------------------------------------- = the report


def test_the_example_school_report_hides_what_could_be_worked_out_from_a_total():
    """The governors' report hid the one Reception child's row but showed the school and
    every other year group: 204 less the years shown was 1 pupil, and 12 PA less theirs
    was 0.  Likewise any SEN (31) less SEN support (28) was the EHC plan's 3 pupils.  The
    next smallest group is hidden with each (as the trust report does): Year 7 (40) with
    Reception, SEN support with the EHC plan; the rest are shown."""
    cfg = load_config(EXAMPLE / "attcli.toml")
    from attcli.loaders import load_exports

    report = build_report(load_exports([ARBOR], cfg).register, cfg, pupils=read_pupils(PUPILS))
    years = dict(report.year_groups.select("year_group", "note").rows())
    hidden = "not shown, so that a smaller group's figures cannot be worked out from the total"
    assert years == {
        "R": "fewer than 5 pupils", "7": hidden, "8": None, "9": None, "10": None, "11": None
    }
    cohorts = dict(report.cohorts.select("cohort", "note").rows())
    assert (cohorts["EHC plan"], cohorts["SEN support"], cohorts["Any SEN"]) == (
        "fewer than 5 pupils", hidden, None
    )
    forms = report.reg_groups.filter(pl.col("note").is_null())
    # a year and its forms never hold exactly one hidden figure (it would be the year less
    # the others)
    for year, notes in report.reg_groups.group_by("year_group").agg("note").rows():
        assert sum(n is not None for n in [*notes, years[year]]) != 1, (year, notes)
    assert forms.height >= 8


def test_the_example_school_summary_gives_the_reports_figures(example):
    """Every figure `attcli report` shows for the example school follows from the summary's
    counts: headline (and last half term's), year groups, cohorts, weeks, weekdays, AM/PM,
    bands."""
    cfg = load_config(EXAMPLE / "attcli.toml")
    from attcli.loaders import load_exports

    report = build_report(load_exports([ARBOR], cfg).register, cfg, pupils=read_pupils(PUPILS))
    lines = percent.attendance_lines(b.threshold for b in cfg.bands)
    t = example["totals"]
    head = {r["measure"]: r for r in report.headline.iter_rows(named=True)}
    assert (
        (head["attendance"]["numerator"], head["attendance"]["denominator"])
        == (t["attended"], t["possible"])
        == (26921, 28680)
    )
    assert (head["pa"]["numerator"], head["pa"]["denominator"]) == (t["pa"], t["banded"])
    assert (head["sa"]["numerator"], head["sa"]["denominator"]) == (t["sa"], t["banded"])
    assert report.pupils == t["pupils"] == 204
    prev = example["previous"]
    assert report.previous_as_of == D.fromisoformat(prev["as_of"])
    assert head["attendance"]["previous"] == percent.pct_float(
        prev["attended"], prev["possible"], lines
    )
    assert head["pa"]["previous"] == percent.pct_float(prev["pa"], prev["banded"])
    assert head["sa"]["previous"] == percent.pct_float(prev["sa"], prev["banded"])

    # year groups: the report hides Reception (1 pupil); the summary has its exact counts
    summary_years = {y["year_group"]: y for y in example["year_groups"]}
    assert list(summary_years) == report.year_groups.get_column("year_group").to_list()
    for row in report.year_groups.iter_rows(named=True):
        y = summary_years[row["year_group"]]
        if row["note"] is not None:
            # hidden: under the minimum, or (the next smallest) so that it cannot be
            # worked out from the school's total
            assert row["pupils"] is None
            assert y["pupils"] < report.min_cohort or row["note"].startswith("not shown")
            continue
        assert (row["pupils"], row["possible"], row["attended"]) == (
            y["pupils"],
            y["possible"],
            y["attended"],
        )
        assert row["attendance_pct"] == percent.pct_float(y["attended"], y["possible"], lines)
        assert row["pa_rate"] == percent.pct_float(y["pa"], y["banded"])
        assert row["sa_rate"] == percent.pct_float(y["sa"], y["banded"])
    assert summary_years["R"]["pupils"] == 1

    summary_cohorts = {x["cohort"]: x for x in example["cohorts"]}
    assert list(summary_cohorts) == report.cohorts.get_column("cohort").to_list()
    for row in report.cohorts.iter_rows(named=True):
        x = summary_cohorts[row["cohort"]]
        assert row["unknown"] == x["unknown"]
        if row["note"] is not None:
            small = min(x["members"]["pupils"], x["rest"]["pupils"]) < report.min_cohort
            assert small or row["note"].startswith("not shown")
            continue
        m, r = x["members"], x["rest"]
        assert (row["pupils"], row["rest_pupils"]) == (m["pupils"], r["pupils"])
        assert row["attendance_pct"] == percent.pct_float(m["attended"], m["possible"], lines)
        assert row["rest_attendance_pct"] == percent.pct_float(r["attended"], r["possible"], lines)
        assert row["pa_rate"] == percent.pct_float(m["pa"], m["banded"])

    weekly = report.weekly.select(
        pl.col("week_start").dt.to_string("%Y-%m-%d"), "possible", "attended"
    ).rows()
    assert weekly == [(w["week_start"], w["possible"], w["attended"]) for w in example["weeks"]]
    by_day: dict[str, list[int]] = {}
    for cell in example["weekday_sessions"]:
        day = by_day.setdefault(cell["weekday"], [0, 0])
        day[0] += cell["possible"]
        day[1] += cell["attended"]
    assert report.weekdays.select("weekday", "possible", "attended").rows() == [
        (d, p, a) for d, (p, a) in by_day.items()
    ]
    am_pm = {s: [0, 0] for s in ("AM", "PM")}
    for cell in example["weekday_sessions"]:
        am_pm[cell["session"]][0] += cell["possible"]
        am_pm[cell["session"]][1] += cell["attended"]
    assert report.sessions.select("session", "possible", "attended").rows() == [
        (s, p, a) for s, (p, a) in am_pm.items()
    ]
    assert report.band_distribution.select("band", "pupils").rows() == [
        (b["band"], b["pupils"]) for b in example["bands"]
    ]


def test_a_summary_adds_up(example):
    """The year groups, weeks and weekday sessions each add up to the totals, and every
    group's sessions are attended + authorised + unauthorised (checked again on reading)."""
    s = parse_summary(example)
    assert sum(s.year_groups.values(), Counts.zero()) == s.totals
    assert sum(w.possible for _, w in s.weeks.values()) == s.totals.possible == 28680
    assert sum(x.attended for x in s.weekday_sessions.values()) == s.totals.attended
    assert s.name == "Oakfield Academy" and s.urn == "123456" and s.dfe_number == "999/4001"
    assert (s.period_start, s.as_of) == (D(2026, 9, 1), D(2026, 12, 18))
    assert s.complete and s.coverage_note is None
    assert s.previous is not None and s.previous.half_term == "Autumn 1"


# --------------------------------------------------------------------------- the file


def test_written_and_read_back_unchanged(example, tmp_path):
    text = summary_json(example)
    assert json.loads(text) == example
    path = tmp_path / "oakfield.summary.json"
    path.write_text(text, encoding="utf-8")
    assert looks_like_summary(path)
    assert not looks_like_summary(ARBOR)
    back = load_summary(path)
    assert back.document == example
    assert back.source == str(path)
    assert back.totals == Counts(**{k: example["totals"][k] for k in Counts.__dataclass_fields__})
    # one line per row of a table: readable, and diffable week to week
    assert '    {"year_group": "R", "pupils": 1,' in text


@pytest.fixture
def bad(example, tmp_path):
    """The message for the example's summary changed by ``change`` (a function of the
    document, or the text to write instead): one line, naming the file first."""

    def message(change) -> str:
        doc = json.loads(summary_json(example))
        path = tmp_path / "bad.summary.json"
        if isinstance(change, (str, bytes)):
            path.write_bytes(change if isinstance(change, bytes) else change.encode("utf-8"))
        else:
            change(doc)
            path.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(SummaryError) as exc:
            load_summary(path)
        text = str(exc.value)
        assert "\n" not in text
        assert text.startswith(f"{path}: ")
        return text[len(f"{path}: ") :]

    return message


def _set(path: str, value):
    def change(doc):
        *head, last = path.split(".")
        node = doc
        for key in head:
            node = node[int(key)] if key.isdigit() else node[key]
        if value is _DELETE:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()


def test_bad_files_are_refused_in_one_line_naming_the_key(bad):
    assert bad("UPN,Surname\nA1,Smith\n").startswith(
        "not a summary: not JSON (line 1, column 1: Expecting value)"
    )
    assert bad(b"\xff\xfe{") == "not a summary: not UTF-8 text"
    assert bad('{"as_of": "2026-12-18", "pupils": []}') == (
        'not an attcli summary (no "format": "attcli-summary")'
    )
    assert bad("[1, 2]") == 'not an attcli summary (no "format": "attcli-summary")'
    assert bad(_set("version", 6)) == (
        "key 'version': version 6 was made by a newer attcli than this one, which reads "
        "version 5: update attcli"
    )
    assert bad(_set("definitions.n_within_days", _DELETE)) == (
        "key 'definitions.n_within_days': missing"
    )
    assert bad(_set("definitions.n_within_days", -1)) == (
        "key 'definitions.n_within_days': a count cannot be negative, got -1"
    )
    assert bad(_set("totals.stale_n", _DELETE)) == "key 'totals.stale_n': missing"
    assert bad(_set("totals.stale_n", -1)) == (
        "key 'totals.stale_n': a count cannot be negative, got -1"
    )
    assert bad(_set("version", "1")) == "key 'version': expected a whole number, got '1'"
    assert bad(_set("totals.possible", _DELETE)) == "key 'totals.possible': missing"
    assert bad(_set("weeks", _DELETE)) == "key 'weeks': missing"
    assert bad(_set("year_groups.0.upn", "A999201618043")) == (
        "key 'year_groups[0].upn': not part of a version-5 summary"
    )
    assert bad(_set("pupils", [{"upn": "A999201618043"}])) == (
        "key 'pupils': not part of a version-5 summary"
    )
    assert bad(_set("year_groups.2.pa", -1)) == (
        "key 'year_groups[2].pa': a count cannot be negative, got -1"
    )
    assert bad(_set("totals.pupils", 204.5)) == (
        "key 'totals.pupils': expected a count (a whole number), got 204.5"
    )
    assert bad(_set("totals.sa", True)) == (
        "key 'totals.sa': expected a count (a whole number), got True"
    )
    assert bad(_set("totals.attended", 30000)) == (
        "key 'totals.attended': 30000 is more than totals.possible (28680)"
    )
    assert bad(_set("totals.authorised", 1229)) == (
        "key 'totals.possible': 28680, but attended + authorised + unauthorised is 28681"
    )
    assert bad(_set("year_groups.1.pa", 41)) == (
        "key 'year_groups[1].pa': 41 is more than year_groups[1].banded (40)"
    )
    assert bad(_set("totals.sa", 13)) == "key 'totals.sa': 13 is more than totals.pa (12)"
    assert bad(_set("year_groups.1.pupils", 41)) == (
        "key 'year_groups': their pupils add up to 205, not totals.pupils (204)"
    )
    assert bad(_set("year_groups.1.year_group", "8")) == (
        "key 'year_groups[2].year_group': year group '8' is listed twice"
    )
    assert bad(_set("year_groups.1.year_group", "Smith")) == (
        "key 'year_groups[1].year_group': 'Smith' is not one of E1, E2, N1, N2, R, 1, 2, 3, 4, 5, "
        "6, 7, 8, 9, 10, 11, 12, 13, 14, X"
    )
    assert bad(_set("cohorts.0.cohort", "=CMD|' /C calc'!A0")) == (
        "key 'cohorts[0].cohort': \"=CMD|' /C calc'!A0\" is not one of Female, Male, Other"
    )
    assert bad(_set("cohorts.3.unknown", 1)) == (
        "key 'cohorts[3]': members.pupils + rest.pupils + unknown is 205, not totals.pupils (204)"
    )
    assert bad(_set("weeks.0.week_start", "2026-09-01")) == (
        "key 'weeks[0].week_start': 2026-09-01 is not a Monday"
    )
    assert bad(_set("weeks.0.week_start", "01/09/2026")) == (
        "key 'weeks[0].week_start': expected a date YYYY-MM-DD, got '01/09/2026'"
    )
    assert bad(_set("weeks.3.possible", 2016)) == (
        "key 'weeks[3].possible': 2016, but attended + authorised + unauthorised is 2015"
    )
    assert bad(_set("weekday_sessions.0.weekday", "Mon")) == (
        "key 'weekday_sessions[0].weekday': 'Mon' is not one of Monday, Tuesday, Wednesday, "
        "Thursday, Friday, Saturday, Sunday"
    )
    assert bad(_set("period.as_of", "2026-08-01")) == (
        "key 'period.as_of': 2026-08-01 is before period.start (2026-09-01)"
    )
    assert bad(_set("school.urn", "")) == "key 'school.urn': expected text, got ''"
    assert bad(_set("definitions.pa_at_most_pct", 92)) == (
        "key 'definitions.pa_at_most_pct': expected 90 (the national line), got 92"
    )
    assert bad(_set("bands.0.pupils", 180)) == (
        "key 'bands': the bands' pupils and totals.no_band add up to 203, not totals.pupils (204)"
    )
    assert bad('{"format": "attcli-summary", "version": 1, "version": 2}') == (
        "the key 'version' is given twice"
    )
    assert bad('{"format": "attcli-summary", "version": NaN}').startswith("not a summary: not JSON")


def test_a_huge_file_is_not_read(tmp_path):
    path = tmp_path / "export.json"
    with path.open("wb") as fh:
        fh.truncate(6_000_000)
    with pytest.raises(SummaryError, match=r"export.json: not a summary: 6,000,000 bytes is far "):
        load_summary(path)
    with pytest.raises(SummaryError, match=r"missing.json: cannot read it: No such file"):
        load_summary(tmp_path / "missing.json")


# --------------------------------------------------------------------------- the command


def test_summary_command_writes_an_owner_only_file_once(tmp_path):
    config = make_workspace(tmp_path / "ws")
    out = tmp_path / "riverside.summary.json"
    args = ["summary", ARBOR, "--config", config, "--pupils", PUPILS]
    code, stdout, err = run_cli(*args, "-o", out)
    assert code == 0, err
    assert f"wrote {out}" in err
    said = " ".join(stdout.split())  # (its lines wrapped at the terminal's width)
    assert said.startswith(
        "Summary of Riverside Primary School (URN 100001), 01/09/2026 to 18/12/2026: 204 "
        "pupils, 28,680 possible sessions, by week, weekday, year group, cohort and band. "
        "Counts only: no names, UPNs, dates of birth or pupil-level dates. "
    )
    assert (
        "It holds exact counts for 3 groups of fewer than 5 pupils (Reception: 1; EHC plan: "
        "3; Looked-after children (CLA): 2): anyone who knows who is in such a group can "
        "read their attendance from it. Send it to your trust only, as you would pupil data; "
        "its report hides these groups."
    ) in said
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    s = load_summary(out)
    assert (s.name, s.urn, s.dfe_number, s.local_authority) == (
        "Riverside Primary School", "100001", "999/2001", "Anyshire County Council"
    )  # fmt: skip
    assert s.generated == clock.today()  # ATTCLI_TODAY stands in for the date
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    code, _, err = run_cli(*args, "-o", out)
    assert (code, err.strip()) == (1, f"error: {out} already exists; use --force to replace it")
    code, _, err = run_cli(*args, "-o", out, "--force", "--as-of", "2026-10-23")
    assert code == 0, err
    assert load_summary(out).as_of == D(2026, 10, 23)


def test_summary_command_default_name_and_errors(tmp_path, monkeypatch):
    config = make_workspace(tmp_path / "ws")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("summary", ARBOR, "--config", config)
    assert code == 0, err
    assert (tmp_path / "100001-2026-12-18.summary.json").exists()

    code, _, err = run_cli("summary", ARBOR, "--config", config, "-o", "x.csv")
    assert (code, err.strip()) == (
        1,
        "error: --output 'x.csv': a summary is a JSON file; give a name ending .json, e.g. "
        "school.summary.json",
    )
    code, _, err = run_cli("summary", "--config", config)
    assert code == 2 and err.startswith("error: Missing argument 'EXPORT...'")
    code, _, err = run_cli("summary", ARBOR, "--config", config, "--as-of", "31/13/2026")
    assert code == 1 and "is not a date" in err
    # no workspace: the summary cannot say which school it is
    code, _, err = run_cli("summary", ARBOR, "-o", "y.json")
    assert (code, err.strip()) == (
        1,
        "error: summary: no school workspace: a summary names its school (name and URN from "
        "[school] in attcli.toml); make one with `attcli init`, or give --workspace DIR or "
        "--config FILE",
    )
    bare = tmp_path / "bare.toml"
    bare.write_text('[school]\nname = "Riverside"\n', encoding="utf-8")
    code, _, err = run_cli("summary", ARBOR, "--config", bare, "-o", "y.json")
    assert code == 1 and "config key 'school.urn': missing: a summary needs the school's URN" in err
    assert not (tmp_path / "y.json").exists()


def test_a_multi_school_export_is_refused(tmp_path):
    config = make_workspace(tmp_path / "ws")
    lines = ARBOR.read_text(encoding="utf-8").splitlines()
    head, rows = lines[0], lines[1:]
    two = tmp_path / "trust.csv"
    two.write_text(
        "\n".join([f"School,{head}"] + [f"{'Oakfield' if i % 2 else 'Riverside'},{r}"
                                        for i, r in enumerate(rows)]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    code, _, err = run_cli("summary", two, "--config", config, "-o", tmp_path / "t.json")
    assert (code, err.strip()) == (
        1,
        "error: the exports hold 2 schools (Oakfield, Riverside): this workspace is one "
        "school's; give that school's export, or use the trust's workspace with --per-school",
    )


def test_an_incomplete_export_says_so_in_the_file_and_on_screen(tmp_path):
    config = make_workspace(tmp_path / "ws")
    week = EXAMPLE / "exports" / "weekly" / "arbor_2027-01-08.csv"
    out = tmp_path / "w.summary.json"
    code, stdout, err = run_cli("summary", week, "--config", config, "-o", out)
    assert code == 0, err
    assert "INCOMPLETE DATA" in stdout
    s = load_summary(out)
    assert not s.complete and s.coverage_note is not None
    assert s.coverage_note.startswith("INCOMPLETE DATA: the exports cover 04/01/2027")
    assert s.no_band == s.totals.pupils  # no band from a register that misses the year


def test_describe_lists_the_small_groups_once():
    doc = {
        "school": {"name": "S", "urn": "1"},
        "period": {"start": "2026-09-01", "as_of": "2026-10-02"},
        "totals": {"pupils": 7, "possible": 210},
        "year_groups": [{"year_group": None, "pupils": 2}, {"year_group": "7", "pupils": 5}],
        "cohorts": [
            {"attribute": "gender", "cohort": "Female", "members": {"pupils": 4},
             "rest": {"pupils": 3}},
            {"attribute": "gender", "cohort": "Male", "members": {"pupils": 3},
             "rest": {"pupils": 4}},
            {"attribute": "fsm", "cohort": "FSM", "members": {"pupils": 6},
             "rest": {"pupils": 1}},
        ],
    }  # fmt: skip
    assert describe(doc, 5)[1].startswith(
        "It holds exact counts for 4 groups of fewer than 5 pupils (year group not known: 2; "
        "Female: 4; Male: 3; pupils not in FSM: 1): "
    )
    assert describe(doc, 3)[1].startswith(
        "It holds exact counts for 2 groups of fewer than 3 pupils (year group not known: 2; "
        "pupils not in FSM: 1): "
    )
    assert describe(doc, 1)[1] == "Send it to your trust only, as you would pupil data."


def test_library_errors_are_attcli_errors():
    assert issubclass(SummaryError, AttcliError)


def test_the_same_school_from_another_mis_gives_the_same_summary(example):
    """The example school's Integris workbook (a column per session) and its Arbor export
    (a row per session) give the same summary: the point of sharing counts across MIS."""
    cfg = load_config(EXAMPLE / "attcli.toml")
    integris = EXAMPLE / "exports" / "integris_autumn_2026.xlsx"
    run = summary_from_exports([integris], cfg, pupils=read_pupils(PUPILS), generated=D(2027, 1, 5))
    assert run.document == example


def test_a_week_missing_gives_no_band_and_no_pa_counts_that_disagree():
    """A register without the week of 14 Sep (tests/test_report.py, ``gapped``): no pupil
    has a band, so none is counted as banded or persistently absent: banded 0, PA 0,
    SA 0, no_band 7 of 7 (before: banded 7 and no_band 7, PA 5 from the part-register).
    Sessions are the register's: 113 of 140."""
    from test_report import TERMS, gapped

    cfg = parse_config(CONFIG + TERMS + SCHOOL)
    doc = build_summary(prepare(gapped(), cfg), cfg, generated=D(2026, 10, 5))
    t = doc["totals"]
    assert doc["period"]["complete"] is False
    assert (t["pupils"], t["banded"], t["pa"], t["sa"], t["no_band"]) == (7, 0, 0, 0, 7)
    assert (t["possible"], t["attended"]) == (140, 113)
    assert all(b["pupils"] == 0 for b in doc["bands"])
    assert all(y["banded"] == 0 and y["pa"] == 0 for y in doc["year_groups"])


def test_describe_counts_a_small_no_value_group():
    """A pupil with no gender recorded is a group of 1: the summary holds its exact figures
    (the school less the gender cohorts), so the sender is told."""
    doc = {
        "school": {"name": "S", "urn": "1"},
        "period": {"start": "2026-09-01", "as_of": "2026-10-02"},
        "totals": {"pupils": 30, "possible": 210},
        "year_groups": [{"year_group": "7", "pupils": 30}],
        "cohorts": [
            {"attribute": "gender", "cohort": "Female", "unknown": 1,
             "members": {"pupils": 15}, "rest": {"pupils": 14}},
            {"attribute": "gender", "cohort": "Male", "unknown": 1,
             "members": {"pupils": 14}, "rest": {"pupils": 15}},
        ],
    }  # fmt: skip
    assert describe(doc, 5)[1].startswith(
        "It holds exact counts for 1 group of fewer than 5 pupils (no gender recorded: 1): "
    )
