"""Faults found by a sweep of runs of absence on days whose two sessions carry different
codes, and runs with a day of no mark inside (DOMAIN.md 1, 6, 7).

The registers (tests/builders.py) run from Mon 7 Sep 2026, Autumn 1 to Fri 23 Oct."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

D = dt.date
P, N = "/\\", "N"


def _week(*tokens: str) -> list[str]:
    return list(tokens)


def _gap_export(tmp_path):  # noqa: ANN001, ANN202
    # Week 1 (7-11 Sep) in school, then N Mon 14 - Thu 17 Sep (4 days), Fri 18 Sep with no
    # mark at all for the pupil, N Mon 21 - Fri 25 Sep (5 days): 9 days seen.  The day with
    # no mark may have been a tenth day of unexplained absence or a day in school: it neither
    # counts nor breaks the run (DOMAIN.md 1), and is never silently either.
    #   DASH: `-` both sessions on the Friday; ROW: no row at all that day; BLANK: blank
    #   cells; EIGHT: one N day fewer before it (8 seen: 9 at most, under 10); HALFP: `-`
    #   in the morning and in school in the afternoon (a day attended: two runs, nothing
    #   missing beside them); BEFORE: no mark on Fri 11 Sep, the day before a run of 9
    #   days to Thu 24 Sep (may have begun that Friday).
    run = ["N"] * 4
    after = ["N"] * 5
    reg = register(
        {
            "DASH": " ".join([P] * 5 + run + ["-"] + after),
            "ROW": " ".join([P] * 5 + run + ["!"] + after),
            "BLANK": " ".join([P] * 5 + run + ["_"] + after),
            "EIGHT": " ".join([P] * 5 + [P] + run[1:] + ["-"] + after),
            "HALFP": " ".join([P] * 5 + run + ["-./"] + after),
            "BEFORE": " ".join([P] * 4 + ["-"] + ["N"] * 9 + [P]),
            "FINE": " ".join([P] * 15),
        },
        start=D(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp_path / "export.csv"), tmp_path / "attcli.toml"


def test_a_day_with_no_mark_inside_a_run_is_said_and_may_take_it_to_the_cme_list(tmp_path):
    export, config = _gap_export(tmp_path)
    base = ("cme", export, "-c", config, "--as-of", "2026-09-25")
    code, out, err = run_cli(*base, "--days", "10", "-f", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    # listed at 10: 9 days seen (never counted as absent) + 1 with no mark
    assert {u: (r["run_start"], r["run_days"], r["unmarked_within_days"])
            for u, r in runs.items()} == {  # fmt: skip
        "DASH": ("2026-09-14", 9, 1),
        "ROW": ("2026-09-14", 9, 1),
        "BLANK": ("2026-09-14", 9, 1),
        "BEFORE": ("2026-09-14", 9, 1),
    }
    # EIGHT: 8 seen and 1 with no mark, under 10; at 9 it is listed
    code, out, err = run_cli(*base, "--days", "9", "-f", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    assert {u: (r["run_start"], r["run_days"], r["unmarked_within_days"])
            for u, r in runs.items()} == {  # fmt: skip
        "DASH": ("2026-09-14", 9, 1),
        "ROW": ("2026-09-14", 9, 1),
        "BLANK": ("2026-09-14", 9, 1),
        "EIGHT": ("2026-09-15", 8, 1),
        "BEFORE": ("2026-09-14", 9, 1),
    }
    # the day in school (HALFP's afternoon) breaks: 4 and 5, nothing with no mark beside
    code, out, err = run_cli(*base, "--days", "4", "-f", "json")
    assert code == 0, err
    halfp = [r for r in json.loads(out)["runs"] if r["upn"] == "HALFP"]
    assert [(r["run_days"], r["unmarked_within_days"]) for r in halfp] == [(5, 0), (4, 0)]
    # the table and the CSV say it
    code, out, err = run_cli(*base, "--days", "10")
    assert code == 0, err
    assert out.count("+1 no mark") == 4
    code, out, err = run_cli(*base, "--days", "10", "-f", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert {r["UPN"]: r["Days with no mark in or next to the run"] for r in rows} == {
        "DASH": "1", "ROW": "1", "BLANK": "1", "BEFORE": "1",
    }  # fmt: skip


def test_the_check_says_the_day_with_no_mark_inside_a_run(tmp_path):
    export, config = _gap_export(tmp_path)
    code, out, err = run_cli("check", export, "-c", config, "--as-of", "2026-09-25", "-f", "json")
    assert code == 0, err
    reasons = {p["upn"]: p["reasons"].get("absence") for p in json.loads(out)["pupils"]}
    said = (
        "1 school day with no mark for the pupil in or next to this run (18/09/2026): "
        "neither counted nor a break, so the run may be 10 school days: complete the "
        "register in the MIS"
    )
    for upn in ("DASH", "ROW", "BLANK"):
        assert reasons[upn] == (
            "9 school days of unexplained absence since 14/09/2026 (N); last attended "
            "11/09/2026; " + said
        ), reasons[upn]
    # 8 seen: it may be 9
    assert reasons["EIGHT"] == (
        "8 school days of unexplained absence since 15/09/2026 (N); last attended "
        "14/09/2026; 1 school day with no mark for the pupil in or next to this run "
        "(18/09/2026): neither counted nor a break, so the run may be 9 school days: "
        "complete the register in the MIS"
    ), reasons["EIGHT"]
    assert "no mark for the pupil in or next to" not in reasons["HALFP"]


def test_a_run_that_ended_with_a_day_of_no_mark_before_it_may_have_reached_the_threshold(
    tmp_path,
):
    # BEFORE: no mark on Fri 11 Sep, N Mon 14 - Thu 24 Sep (9 days), in school Fri 25 Sep:
    # the run may have begun on the Friday, so may have reached 10 school days; the check
    # keeps the pupil in the absence group, as it does a run beside a week no export holds
    export, config = _gap_export(tmp_path)
    code, out, err = run_cli("check", export, "-c", config, "--as-of", "2026-09-25", "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert "absence" in pupils["BEFORE"]["groups"]
    assert pupils["BEFORE"]["reasons"]["absence"] == (
        "9 school days of unexplained absence 14/09/2026 to 24/09/2026 (N), +1 with no mark "
        "for the pupil (11/09/2026), ended since the check as of 18/09/2026: may have reached "
        "10 school days, tell the local authority (children missing education); last "
        "attended 10/09/2026"
    ), pupils["BEFORE"]["reasons"]["absence"]


def test_a_day_with_no_mark_inside_a_run_of_illness_is_said(tmp_path):
    # SICK: ill (I) Mon 14 - Tue 22 Sep (7 days), no mark Wed 23 Sep, ill Thu 24 Sep - Fri
    # 2 Oct (7 days): 14 days seen and 28 sessions, one day short of DOMAIN.md 7's 15; the
    # day with no mark may have been the 15th.  The check lists the pupil for sickness and
    # says the day; the run stays 14 (never counted as ill).  SHORT: one I day fewer (13
    # seen, 14 at most): not listed.  HALFP: in school the afternoon of that day (a break).
    ill = ["I"] * 7
    reg = register(
        {
            "SICK": " ".join([P] * 5 + ill + ["-"] + ill),
            "SHORT": " ".join([P] * 5 + [P] + ill[1:] + ["-"] + ill),
            "HALFP": " ".join([P] * 5 + ill + ["-./"] + ill),
            "FINE": " ".join([P] * 20),
        },
        start=D(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("check", export, "-c", tmp_path / "attcli.toml", "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert pupils["SICK"]["sickness_longest_days"] == 14
    assert pupils["SICK"]["sickness_flag"] is False  # as seen: the LA files read it so
    assert "sickness" in pupils["SICK"]["groups"]
    assert pupils["SICK"]["reasons"]["sickness"] == (
        "28 illness sessions this year; longest run of illness 14 school days; 1 school day "
        "with no mark for the pupil in or next to this run (23/09/2026): neither counted nor "
        "a break, so the run may be 15 school days: complete the register in the MIS"
    )
    assert "sickness" not in pupils["SHORT"]["groups"]
    assert "sickness" not in pupils["HALFP"]["groups"]
    # the LA return reads the run as seen (14: not on its list), and names it in one line
    code, out, err = run_cli(
        "la-return", export, "-c", tmp_path / "attcli.toml", "--month", "2026-10",
        "--as-of", "2026-10-02", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert (
        "NOT IN THIS RETURN: 1 run of illness may reach 15 school days through school days "
        "with no mark for the pupil in or next to it (SurnameSICK, ForenameSICK (SICK), 14 "
        "school days to 02/10/2026, +1 with no mark 23/09/2026)"
    ) in said, said
    assert "SHORT" not in said


def test_the_la_files_name_the_runs_a_day_with_no_mark_may_take_to_their_thresholds(tmp_path):
    # The LA return and the register check read runs as seen (9 days: not on the return's
    # list of 10+): a run of 9 days round a day with no mark for the pupil, which may be 10,
    # was said nowhere but in the general count of missing marks.  One line names them.
    export, config = _gap_export(tmp_path)
    code, out, err = run_cli(
        "la-return", export, "-c", config, "--month", "2026-09", "--as-of", "2026-09-25",
        "-o", tmp_path / "return.csv",
    )  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert (
        "NOT IN THIS RETURN: 4 runs of unexplained absence may reach 10 school days through "
        "school days with no mark for the pupil in or next to them (the longest: "
    ) in said, said
    assert "complete the register in the MIS, then make the return again" in said
    assert "EIGHT" not in said.split("NOT IN THIS RETURN")[1]  # 8 + 1: under 10
    code, out, err = run_cli(
        "register-check", export, "-c", config, "--term", "autumn", "--as-of", "2026-09-25",
        "-o", tmp_path / "rc.csv",
    )  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert "4 runs of unexplained absence may reach 10 school days" in said, said


def test_the_check_lists_at_day_three_a_run_cme_lists_through_a_day_with_no_mark(tmp_path):
    # In school 7-11 Sep.  AFTER: N Mon 14 and Tue 15 Sep, no mark Wed 16 (the as-of date);
    # INSIDE: N Mon 14, no mark Tue 15, N Wed 16.  Two days seen, a third with no mark:
    # `cme --days 3` (the safe-and-well visit's list, DOMAIN.md 6) lists both; the check's
    # absence group (3+ days) left both out, so the weekly check said nothing of a child
    # cme lists.  TWO: N Mon and Tue, in school Wed: 2 days, nothing missing: not listed.
    reg = register(
        {
            "AFTER": " ".join([P] * 5 + ["N", "N", "-"]),
            "INSIDE": " ".join([P] * 5 + ["N", "-", "N"]),
            "TWO": " ".join([P] * 5 + ["N", "N", P]),
            "FINE": " ".join([P] * 8),
        },
        start=D(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = tmp_path / "attcli.toml"
    code, out, err = run_cli("cme", export, "-c", config, "--days", "3", "-f", "json")
    assert code == 0, err
    assert sorted(r["upn"] for r in json.loads(out)["runs"]) == ["AFTER", "INSIDE"]
    code, out, err = run_cli("check", export, "-c", config, "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert {u for u, p in pupils.items() if "absence" in p["groups"]} == {"AFTER", "INSIDE"}
    assert pupils["AFTER"]["reasons"]["absence"] == (
        "2 school days of unexplained absence since 14/09/2026 (N); last attended "
        "11/09/2026; no mark since 15/09/2026 (1 school day with no register for this "
        "pupil: find out where the child is)"
    )
    assert pupils["INSIDE"]["reasons"]["absence"] == (
        "2 school days of unexplained absence since 14/09/2026 (N); last attended "
        "11/09/2026; 1 school day with no mark for the pupil in or next to this run "
        "(15/09/2026): neither counted nor a break, so the run may be 3 school days: "
        "complete the register in the MIS"
    )


def test_a_day_with_no_mark_in_july_does_not_take_a_september_run_of_illness_to_fifteen(
    tmp_path,
):
    # Illness counts the school year (DOMAIN.md 7: runs start afresh on 1 September).  JUL:
    # in school Mon 13 - Thu 16 Jul 2026, no mark Fri 17 Jul (the summer term's last day),
    # ill Thu 3 - Tue 22 Sep (14 days), in school since (a morning with no mark on Thu 24
    # Sep: a missing mark this year).  The July day is no day of this year's run: not
    # listed.  SEP: the same, the day with no mark Wed 23 Sep and one more I day after it
    # (14 + 1 round it): listed, "may be 15".
    from builders import across
    from school import ROLLOVER_HALF_TERMS

    reg = across(
        (D(2026, 7, 13), {"JUL": " ".join([P] * 4 + ["-"]), "SEP": " ".join([P] * 5),
                          "FINE": " ".join([P] * 5)}),
        (D(2026, 9, 3), {"JUL": " ".join(["I"] * 14 + [P, "-./"]),
                         "SEP": " ".join([P] + ["I"] * 13 + ["-", "I"]),
                         "FINE": " ".join([P] * 16)}),
    )  # fmt: skip
    (tmp_path / "attcli.toml").write_text(ROLLOVER_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli(
        "check", export, "-c", tmp_path / "attcli.toml", "--as-of", "2026-09-24", "-f", "json"
    )
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert pupils["JUL"]["sickness_longest_days"] == 14
    assert "sickness" not in pupils["JUL"]["groups"], pupils["JUL"]["reasons"]
    assert "sickness" in pupils["SEP"]["groups"]
    assert "may be 15 school days" in pupils["SEP"]["reasons"]["sickness"]


def test_a_run_that_reached_the_threshold_seen_is_not_said_to_may_have_reached_it(tmp_path):
    # TEN: no mark Fri 11 Sep, N Mon 14 - Fri 25 Sep (10 days seen), in school Mon 28 Sep:
    # the run reached 10 school days whatever the Friday was; the days with no mark beside
    # it are said, but "may have reached" is for a run short of it (NINE: 9 days seen).
    reg = register(
        {
            "TEN": " ".join([P] * 4 + ["-"] + ["N"] * 10 + [P]),
            "NINE": " ".join([P] * 4 + ["-"] + [P] + ["N"] * 9 + [P]),
            "FINE": " ".join([P] * 16),
        },
        start=D(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("check", export, "-c", tmp_path / "attcli.toml", "-f", "json")
    assert code == 0, err
    reasons = {p["upn"]: p["reasons"].get("absence") for p in json.loads(out)["pupils"]}
    assert reasons["TEN"].startswith(
        "10 school days of unexplained absence 14/09/2026 to 25/09/2026 (N), +1 with no mark "
        "for the pupil (11/09/2026), ended since the check as of 21/09/2026: reached 10 "
        "school days, tell the local authority"
    ), reasons["TEN"]
    assert reasons["NINE"] is None  # in school on the Monday: 9 days, nothing beside it


def test_many_days_with_no_mark_beside_a_run_are_named_five_then_counted(tmp_path):
    # MWF: in school 7-11 Sep, then N on Mon, Wed and Fri and no row on Tue and Thu for
    # three weeks: 9 days seen, 6 with no mark: the reason names the first five dates
    reg = register(
        {
            "MWF": " ".join([P] * 5 + ["N", "!", "N", "!", "N"] * 3),
            "FINE": " ".join([P] * 20),
        },
        start=D(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("check", export, "-c", tmp_path / "attcli.toml", "-f", "json")
    assert code == 0, err
    reasons = {p["upn"]: p["reasons"].get("absence") for p in json.loads(out)["pupils"]}
    assert reasons["MWF"].endswith(
        "; 6 school days with no mark for the pupil in or next to this run (15/09/2026, "
        "17/09/2026, 22/09/2026, 24/09/2026, 29/09/2026 and 1 more): neither counted nor a "
        "break, so the run may be 15 school days: complete the register in the MIS"
    ), reasons["MWF"]
