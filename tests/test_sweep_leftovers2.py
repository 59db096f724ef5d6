"""Sweep of 5 December (third), leftovers2: faults earlier sweeps noticed and left (a
two-row header's single day, a mark escaped against spreadsheet formulas, the JSON's
shapes across commands, the next notice of a pupil whose age is not known), each worked
by hand from DOMAIN.md and run through the CLI."""

from __future__ import annotations

import json

from clirun import check_json as check
from clirun import one_line, run_cli
from clirun import pupil_of as pupil
from clirun import write_text as write

SAM = "A999300000001,Smith,Sam"
JO = "A999300000002,Jones,Jo"


# --- 1. a two-row header of a single day whose PM is headed 'P' -------------------------
# Mon 07/09/2026 over 'AM' and 'P': the day is the export's last, and the last day's AM
# alone was let through as a lunchtime export's (its next column the school's own), so
# the 'P' column was left unread: Sam's Monday PM N gone, Sam 1/1 = 100 % where the
# register says 1/2 = 50 %, and a note that the PM register "is not in them". A column
# headed as the day's other session shortened ('P', 'Pm.') or with no header at all,
# holding marks, is that session whichever day it is beside.


def one_day(under_pm: str) -> str:
    return f",,,Mon 07/09/2026,\nUPN,Surname,Forename,AM,{under_pm}\n{SAM},/,N\n{JO},/,\\\n"


def test_a_single_day_s_pm_headed_p_under_its_date_is_refused_not_left_unread(tmp_path):
    export = write(tmp_path, "grid.csv", one_day("P"))
    code, _, err = check(export, as_of="2026-09-07")
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 1: the column beside 'Mon 07/09/2026 AM' (column 5) is "
        "headed 'P' but holds marks ('N' on line 3), and 07/09/2026 has no PM column attcli "
        "reads: its marks would be left out. Head it 'PM' under the day's date (a header of "
        "two rows) or 'Mon 07/09/2026 PM', or export the register again"
    )


def test_a_single_day_s_pm_left_blank_under_its_date_is_refused(tmp_path):
    export = write(tmp_path, "grid.csv", one_day(""))
    code, _, err = check(export, as_of="2026-09-07")
    assert code == 1
    assert "the column beside 'Mon 07/09/2026 AM' (column 5) has no header but holds marks" in (
        one_line(err)
    )


def test_the_last_day_s_pm_headed_p_is_refused_beside_days_read_whole(tmp_path):
    # Monday headed AM and PM, Tuesday's PM alone written 'P': Jo's Tuesday PM N was lost
    export = write(
        tmp_path,
        "grid.csv",
        ",,,Mon 07/09/2026,,Tue 08/09/2026,\n"
        "UPN,Surname,Forename,AM,PM,AM,P\n"
        f"{SAM},/,\\,/,\\\n"
        f"{JO},/,\\,/,N\n",
    )
    code, _, err = check(export)
    assert code == 1
    assert (
        "the column beside 'Tue 08/09/2026 AM' (column 7) is headed 'P' but holds marks ('\\\\' on line 3)"
        in one_line(err)
    )


def test_a_single_day_headed_pm_reads_both_sessions(tmp_path):
    code, result, err = check(write(tmp_path, "grid.csv", one_day("PM")), as_of="2026-09-07")
    assert code == 0, err
    sam = pupil(result, "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (2, 1, 1)
    assert sam["attendance_pct"] == 50.0


def test_a_single_day_s_am_beside_a_short_column_of_its_own_still_reads(tmp_path):
    # a lunchtime export of one morning, then the school's 'Med' column (Y or N): the PM
    # is still to come, and the column is not it
    export = write(
        tmp_path,
        "grid.csv",
        f",,,Mon 07/09/2026,\nUPN,Surname,Forename,AM,Med\n{SAM},/,N\n{JO},N,Y\n",
    )
    code, result, err = check(export, as_of="2026-09-07")
    assert code == 0, err
    assert (
        pupil(result, "A999300000001")["possible"],
        pupil(result, "A999300000001")["attended"],
    ) == (1, 1)
    assert (
        pupil(result, "A999300000002")["possible"],
        pupil(result, "A999300000002")["attended"],
    ) == (1, 0)


# --- 1. a mark escaped against spreadsheet formulas ('-) --------------------------------
# A report tool that guards its CSV against formula injection (the usual defence) writes
# a cell starting '-', '+', '=' or '@' with an apostrophe before it: SIMS' '-' (no mark
# recorded) becomes "'-". It was refused as an unknown code, the whole export with it, and
# the school had no way to read it ('-' cannot be mapped as a sub-code). The apostrophe is
# the guard, not the mark: "'-" is read as '-', a missing mark (left out of possible
# sessions, listed to fix: DOMAIN.md 1), and said. Any other code with an apostrophe
# before it is no such guard and is still refused.

ESCAPED = (
    "UPN,Surname,Forename,Mon 07/09/2026 AM,Mon 07/09/2026 PM,Tue 08/09/2026 AM,"
    "Tue 08/09/2026 PM\n"
    f"{SAM},/,'-,/,N\n"
    f"{JO},/,\\,/,\\\n"
)


def test_a_dash_escaped_against_formulas_reads_as_the_missing_mark_it_shows(tmp_path):
    export = write(tmp_path, "grid.csv", ESCAPED)
    code, result, err = check(export)
    assert code == 0, err
    sam = pupil(result, "A999300000001")
    # Mon AM /, Mon PM missing (out of possible), Tue AM /, Tue PM N: 2 of 3
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (3, 2, 1)
    assert sam["missing_marks"] == 1
    plain = write(tmp_path, "plain.csv", ESCAPED.replace("'-", "-"))
    _, same, _ = check(plain)
    assert pupil(same, "A999300000001") == sam
    said = [w for w in result["warnings"] if "'-" in w]
    assert said and "1 mark written \"'-\"" in said[0] and "line 2" in said[0], result["warnings"]


def test_an_apostrophe_before_a_code_that_needs_no_guard_is_still_refused(tmp_path):
    export = write(tmp_path, "grid.csv", ESCAPED.replace("'-", "'N"))
    code, _, err = check(export)
    assert code == 1
    assert "unknown attendance code \"'N\"" in one_line(err)


def test_packed_marks_escaped_against_formulas_read_as_written(tmp_path):
    # a string of marks starting with '-' (Monday AM not recorded) guarded the same way
    export = write(
        tmp_path,
        "packed.csv",
        "UPN,Surname,Forename,Attendance Start Date,Attendance Marks\n"
        f"{SAM},07/09/2026,'-\\/N\n"
        f"{JO},07/09/2026,/\\/\\\n",
    )
    code, result, err = check(export)
    assert code == 0, err
    sam = pupil(result, "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"], sam["missing_marks"]) == (
        3,
        2,
        1,
        1,
    )


# --- 2. the JSON's shapes across commands ----------------------------------------------
# A script reading both the check's and the casebook's JSON tripped on three differences:
# `compared_with_run` was null in the casebook's without a run on record but absent from
# the check's (and `changes` with it); `cme`'s JSON had no `warnings` where the check's and
# the casebook's list their notes; the casebook's rows gave `name` ("Surname, Forename")
# alone where `check`, `cme` and the pack give `surname` and `forename`. Every key is kept;
# the missing ones are added.

import datetime as dt  # noqa: E402

from builders import register, write_long_csv  # noqa: E402
from school import AUTUMN_HALF_TERMS, make_workspace  # noqa: E402

START = dt.date(2026, 9, 7)
P = "/\\"
MEETING_LADDER = """
[escalation]
improve_points = 1
improve_to = 95

[[escalation.stages]]
name = "meeting"
title = "Attendance meeting"
action = "meeting"
when_below = 90
weeks = 4
if_improved = "leave"
"""


def days(*tokens: str, n: int = 1) -> str:
    return " ".join(list(tokens) * n)


def test_compared_with_run_and_changes_are_null_not_absent_without_a_run(tmp_path):
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({"A": days(P, n=15), "B": days(days(P, n=5), days("O", n=10))}, start=START)
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True)
    docs = {}
    for command in ("check", "cases"):
        code, out, err = run_cli(command, export, "-c", ws, "--as-of", "2026-09-18", "--format", "json")
        assert code == 0, err
        docs[command] = json.loads(out)
        assert docs[command]["compared_with_run"] is None, command
    assert docs["check"]["changes"] is None  # not compared: no list, not an empty one
    code, _, err = run_cli("check", export, "-c", ws, "--as-of", "2026-09-18", "--record")
    assert code == 0, err
    for command in ("cases", "check"):
        code, out, err = run_cli(command, export, "-c", ws, "--as-of", "2026-09-25", "--format", "json")
        assert code == 0, err
        doc = json.loads(out)
        assert doc["compared_with_run"]["as_of"] == "2026-09-18", command
    assert isinstance(doc["changes"], list)  # (the check's: compared, a list)


def test_cme_json_lists_its_warnings_as_the_check_s_does(tmp_path):
    # B absent (O) every day of the exports, Mon 7 - Fri 18 Sep: a run of 10 school days
    # from the exports' first day, which may have begun before it: said on stderr, and
    # now in the document's `warnings` too (a script keeping stdout had lost it)
    reg = register({"A": days(P, n=10), "B": days("O", n=10)}, start=START)
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True)
    code, out, err = run_cli("cme", export, "--as-of", "2026-09-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [r["upn"] for r in doc["runs"]] == ["B"]
    said = " ".join(err.split())
    begun = [w for w in doc["warnings"] if "may have begun before" in w]
    assert begun and " ".join(begun[0].split()) in said, (doc["warnings"], err)
    code, out, err = run_cli("cme", export, "--as-of", "2026-09-11", "--format", "json")
    assert code == 0, err
    assert isinstance(json.loads(out)["warnings"], list)


def test_the_casebook_s_rows_give_surname_and_forename_as_the_check_s_do(tmp_path):
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + MEETING_LADDER)
    first = days("I", "I", P, P, P, P, P, P, P, P)  # 16/20 = 80 %, below 90: the meeting due
    exp1 = write_long_csv(register({"R": first, "T": first}, start=START), tmp_path / "w1.csv")
    code, out, err = run_cli("cases", exp1, "-c", ws, "--as-of", "2026-09-18", "--format", "json")
    assert code == 0, err
    code, chk, err = run_cli("check", exp1, "-c", ws, "--as-of", "2026-09-18", "--format", "json")
    assert code == 0, err
    names = {p["upn"]: (p["surname"], p["forename"]) for p in json.loads(chk)["pupils"]}
    cases = json.loads(out)["cases"]
    assert {c["upn"]: (c["surname"], c["forename"]) for c in cases} == names
    assert all(c["name"] == f"{c['surname']}, {c['forename']}" for c in cases)  # kept
    code, _, err = run_cli("check", exp1, "-c", ws, "--as-of", "2026-09-18", "--record")
    assert code == 0, err
    # R present the next two weeks (36/40 = 90 %): no longer due, named the same way
    exp2 = write_long_csv(
        register({"R": days(first, days(P, n=10)), "T": days(first, days("I", n=10))}, start=START),
        tmp_path / "w2.csv",
    )
    code, out, err = run_cli("cases", exp2, "-c", ws, "--as-of", "2026-10-02", "--format", "json")
    assert code == 0, err
    (gone,) = json.loads(out)["no_longer_due"]
    assert (gone["upn"], gone["surname"], gone["forename"]) == ("R", *names["R"])


# --- 3. the next notice of a pupil whose age is not known, as a script reads it --------
# `pn list --json` gave `next_notice_today: "second"` and the pack's JSON `this_notice:
# "second"` for a pupil with no date of birth (`compulsory_school_age: null` beside it): a
# script comparing the value with "second" took a GBP 160 notice as one that may be given,
# where DOMAIN.md 5 gives one only to a pupil of compulsory school age and says "where no
# date of birth is known, say so; don't assume". A pupil known not to be of age already
# gets a value that is no notice. Now: the value null (no notice can be said to be due),
# the reason beside it, and the notice the records make it if the pupil is of age (a
# fact) in a key of its own. A pupil of known age: as before, the two new keys null.
# The register and records of tests/test_sweep_nodob.py: ABLE with no date of birth, COLE
# born 01/01/2012 (of age), each with a first notice to the mother on record.

from test_sweep_nodob import ABLE, COLE, NOT_CHECKED, workspace  # noqa: E402


def test_pn_list_json_gives_no_next_notice_for_a_pupil_of_unknown_age(tmp_path):
    ws, _, _ = workspace(tmp_path)
    code, out, err = run_cli("pn", "list", "--json", "-c", ws)
    assert code == 0, err
    rows = {r["upn"]: r for r in json.loads(out)}
    able, cole = rows[ABLE], rows[COLE]
    assert able["compulsory_school_age"] is None
    assert (able["next_notice_today"], able["next_notice_if_of_age"], able["next_notice_reason"]) == (
        None,
        "second",
        NOT_CHECKED,
    )
    assert cole["compulsory_school_age"] is True
    assert (cole["next_notice_today"], cole["next_notice_if_of_age"], cole["next_notice_reason"]) == (
        "second",
        None,
        None,
    )


def test_the_pack_json_gives_no_notice_for_a_pupil_of_unknown_age(tmp_path):
    ws, export, book = workspace(tmp_path)
    made = {}
    for upn, parent in ((ABLE, "801"), (COLE, "803")):
        code, out, err = run_cli(
            "evidence", upn, export, "--for", "penalty-notice", "--parent", parent,
            "--contacts", book, "--draft", "--format", "json", "-c", ws, "--as-of", "2026-06-26",
        )  # fmt: skip
        assert code == 0, err
        made[upn] = json.loads(out)
    able, cole = made[ABLE], made[COLE]
    assert (able["this_notice"], able["this_notice_if_of_age"], able["this_notice_reason"]) == (
        None,
        "second",
        NOT_CHECKED,
    )
    assert (cole["this_notice"], cole["this_notice_if_of_age"], cole["this_notice_reason"]) == (
        "second",
        None,
        None,
    )


def test_a_pm_column_of_guarded_dashes_beside_a_lone_am_is_marks_too(tmp_path):
    # the same guard in the column beside a day's lone AM: "'-" is a mark there too (the
    # day's PM with no mark recorded, to fix in the MIS), so the column is refused as
    # one of marks, not left unread with its missing marks unsaid
    export = write(
        tmp_path,
        "grid.csv",
        ",,,Mon 07/09/2026,\nUPN,Surname,Forename,AM,P\n" f"{SAM},/,'-\n" f"{JO},/,'-\n",
    )
    code, _, err = check(export, as_of="2026-09-07")
    assert code == 1
    assert "is headed 'P' but holds marks (\"'-\" on line 3)" in one_line(err)
