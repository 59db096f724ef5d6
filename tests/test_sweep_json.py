"""Sweep "json": attcli's JSON as a partner tool or a script reads it (a trust's or an
LA's dashboard fed by ``--format json``): strict JSON, one document on stdout, the same
key and type for the same thing in every command, exact counts beside a rounded figure,
dates and times in ISO 8601.

The registers are hand made (tests/builders.py) from Monday 7 September 2026, the
figures worked out by hand below.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

START = dt.date(2026, 9, 7)
P = "/\\"  # present, both sessions
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


def _strict(text: str) -> object:
    """``text`` read as strict JSON: NaN, Infinity and -Infinity are no JSON values."""

    def refuse(name: str) -> object:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def days(*tokens: str, n: int = 1) -> str:
    return " ".join(list(tokens) * n)


# weeks 1-2 (7-18 Sep, 10 days, 20 sessions): ill (I) Mon and Tue, then present: 16/20
FIRST = days("I", "I", P, P, P, P, P, P, P, P)


def test_the_casebook_s_json_gives_the_counts_beside_each_rounded_figure(tmp_path) -> None:
    """`cases --format json` gave `attendance_pct` alone, rounded by the rule people read
    (one decimal: 75.0), where `check`'s JSON gives the same key to two decimals with
    `attended` and `possible` beside it: a dashboard could not tell 89.96 from 90.0 or
    join the two.  Each case and each pupil no longer due now carries the exact counts.

    Run 1 as of Fri 18 Sep: R, T, G and L at 16/20 = 80 %, below 90 %: the meeting due.
    Run 2 as of Fri 2 Oct (20 days, 40 sessions): T ill Mon-Wed of week 3, present the
    rest: 30/40 = 75 %, still due; R present weeks 3-4: 36/40 = 90 %, no longer due; L's
    rows stop on 18 Sep: off roll, 16/20 counted to that day; G is in no export: no
    counts (null, not 0 of 0)."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + MEETING_LADDER)
    week1 = {u: FIRST for u in "RTGL"} | {"B": days(P, n=10)}
    exp1 = write_long_csv(register(week1, start=START), tmp_path / "w1.csv")
    code, out, err = run_cli("cases", exp1, "-c", ws, "--as-of", "2026-09-18", "--format", "json")
    assert code == 0, err
    first = {c["upn"]: c for c in _strict(out)["cases"]}
    assert {u: (c["attended"], c["possible"], c["attendance_pct"]) for u, c in first.items()} == (
        dict.fromkeys("GLRT", (16, 20, 80.0))
    )
    week2 = {
        "R": days(FIRST, days(P, n=10)),
        "T": days(FIRST, days("I", "I", "I"), days(P, n=7)),
        "L": FIRST,
        "B": days(P, n=20),
    }
    exp2 = write_long_csv(register(week2, start=START), tmp_path / "w2.csv")
    code, out, err = run_cli("cases", exp2, "-c", ws, "--as-of", "2026-10-02", "--format", "json")
    assert code == 0, err
    doc = _strict(out)
    t = next(c for c in doc["cases"] if c["upn"] == "T")
    assert (t["attended"], t["possible"], t["attendance_pct"]) == (30, 40, 75.0)
    gone = {x["upn"]: (x["attended"], x["possible"], x["attendance_pct"]) for x in doc["no_longer_due"]}
    assert gone == {"R": (36, 40, 90.0), "L": (16, 20, 80.0), "G": (None, None, None)}
    # the same counts as the weekly check's for the same pupil on the same date
    code, out, err = run_cli("check", exp2, "-c", ws, "--as-of", "2026-10-02", "--format", "json")
    assert code == 0, err
    pupil = next(p for p in _strict(out)["pupils"] if p["upn"] == "T")
    assert (pupil["attended"], pupil["possible"]) == (t["attended"], t["possible"])


#: a time of day as ISO 8601 writes it: the date, "T", the time to the second (the
#: history keeps local time with no offset, so none is given)
ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"


def _school(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(the export, the config, the contacts) of A (present) and P (present 10 days, then
    absent O 10 days: 20 unauthorised sessions Mon 21 Sep to Fri 2 Oct); Mrs Ann Parent
    (C1) is P's contact."""
    from school import contacts_file

    reg = register({"A": days(P, n=20), "P": days(days(P, n=10), days("O", n=10))}, start=START)
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "C1", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def test_times_of_recording_are_iso_8601_in_every_json(tmp_path) -> None:
    """The history's times of recording went into the JSON as stored, "2026-12-05
    04:55:30": a space where ISO 8601 has "T", which a dashboard's date parser (Safari's
    `Date`, a strict ISO reader) refuses; every date in the same documents is ISO.  `pn
    list --json`, `case list --json` and the `compared_with_run` of `check` and `cases`
    now give "2026-12-05T04:55:30" (the same local time), voided_at too."""
    import re

    export, config, contacts = _school(tmp_path)
    code, _, err = run_cli(
        "pn", "record", "P", export, "--parent", "C1", "--date", "2026-10-02", "--as-of", "2026-10-02",
        "--contacts", contacts, "-c", config,
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli("pn", "void", "1", "--reason", "sent to the wrong address", "-c", config)
    assert code == 0, err
    code, out, err = run_cli("pn", "list", "--json", "-c", config)
    assert code == 0, err
    (notice,) = _strict(out)
    assert re.fullmatch(ISO_TIME, notice["recorded_at"]), notice["recorded_at"]
    assert re.fullmatch(ISO_TIME, notice["voided_at"]), notice["voided_at"]
    code, _, err = run_cli("check", export, "-c", config, "--as-of", "2026-09-25", "--record")
    assert code == 0, err
    code, _, err = run_cli("cases", export, "-c", config, "--as-of", "2026-09-25")
    assert code == 0, err
    code, _, err = run_cli("case", "record", "P", "--action", "amber", "--date", "2026-09-28",
                           "-c", config)  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("case", "list", "--json", "-c", config)
    assert code == 0, err
    (action,) = _strict(out)
    assert re.fullmatch(ISO_TIME, action["recorded_at"]), action["recorded_at"]
    assert action["voided_at"] is None
    for command in ("check", "cases"):
        code, out, err = run_cli(command, export, "-c", config, "--format", "json")
        assert code == 0, err
        run = _strict(out)["compared_with_run"]
        assert run["as_of"] == "2026-09-25"
        assert re.fullmatch(ISO_TIME, run["recorded_at"]), (command, run["recorded_at"])


def test_a_single_school_s_pupil_has_a_null_school_in_every_json(tmp_path) -> None:
    """A school's own workspace has no school key: `check`'s pupils leave `school` out,
    its corrections and data-quality items and `case list --json` give null, but the
    check's `changes` and every row of `cases` gave "" (a school named nothing), so a
    dashboard joining them on (school, upn) matched nothing, and `if row["school"] is
    None` took "" for a school.  Null now, as the rest give it.

    P is absent (O) from Mon 21 Sep: as of Fri 25 Sep, 10 unauthorised sessions (the
    penalty-notice group); as of Fri 2 Oct, 20 and a run of 10 school days (the absence
    group too): a change since the run on record, and a case due."""
    export, config, _ = _school(tmp_path)
    code, _, err = run_cli("check", export, "-c", config, "--as-of", "2026-09-25", "--record")
    assert code == 0, err
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    doc = _strict(out)
    assert {(c["upn"], c["school"]) for c in doc["changes"]} == {("P", None)}
    assert all("school" not in p for p in doc["pupils"])
    code, out, err = run_cli("cases", export, "-c", config, "--format", "json")
    assert code == 0, err
    assert [(c["upn"], c["school"]) for c in _strict(out)["cases"]] == [("P", None)]


def test_check_record_with_no_workspace_writes_no_json_before_its_error(
    tmp_path, no_user_workspace, monkeypatch
) -> None:
    """`check --record --format json` with no school workspace wrote the whole check to
    stdout (or `-o week.json`), then said "error: no school workspace, so no history" and
    exited 1: a script saving stdout had a week's JSON from a run that failed, and nothing
    recorded.  The refusal comes first now, as `evidence` refuses before its pack: one
    line on stderr, exit 1, nothing on stdout and no file."""
    export, _, _ = _school(tmp_path)
    folder = tmp_path / "Desktop"  # (no attcli.toml here)
    folder.mkdir()
    monkeypatch.chdir(folder)
    code, out, err = run_cli("check", export, "--record", "--format", "json")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: no school workspace, so no history of letters and notices: if your school has "
        "one, run attcli in the folder that holds its attcli.toml, or give --workspace DIR (or "
        "set ATTCLI_WORKSPACE); `attcli init` makes a new one, with no record of the letters "
        "and notices sent"
    ]
    code, out, err = run_cli("check", export, "--record", "-o", folder / "week.json")
    assert (code, out) == (1, "") and "no school workspace" in err
    assert list(folder.iterdir()) == []


def test_a_contact_detail_the_export_does_not_give_is_null_in_the_pack_as_in_cme(tmp_path) -> None:
    """The contacts export has no phone or email column.  `cme --format json` gives P's
    priority contact's `contact_phone` null; the evidence pack's JSON gave the same
    contact's `phone` and `email` as "" beside its own `contact_id` and
    `lives_with_pupil` null: a portal testing for null sent "" on as a phone number.
    Null now, in `parent` and `contacts` alike.  P: 10 school days absent (O) to Fri
    2 Oct, a current run of 10 days, 20 unauthorised sessions."""
    export, config, contacts = _school(tmp_path)
    code, out, err = run_cli("cme", export, "-c", config, "--contacts", contacts, "--format", "json")
    assert code == 0, err
    (run,) = _strict(out)["runs"]
    assert (run["upn"], run["contact_name"], run["contact_phone"]) == ("P", "Mrs Ann Parent", None)
    code, out, err = run_cli(
        "evidence", "P", export, "-c", config, "--for", "penalty-notice", "--contacts",
        contacts, "--format", "json", "--draft",
    )  # fmt: skip
    assert code == 0, err
    pack = _strict(out)
    for who in (pack["parent"], *pack["contacts"]):
        assert (who["name"], who["phone"], who["email"]) == ("Mrs Ann Parent", None, None)
        assert who["postcode"] == "AN1 1AB"


def test_each_school_s_cme_json_names_the_school_as_its_check_json_does(tmp_path) -> None:
    """A trust's `--per-school` run writes oak-check.json and oak-cme.json: each pupil of
    the check carries `school` ("oak"), the CME runs carried none, so a trust's dashboard
    merging its schools' CME lists could not tell Oak's child from Ash's under the same
    UPN (a mover).  Each run now names its school as the check's pupils do.  M is absent
    (O) for the last 10 school days at both schools' exports (to Fri 2 Oct)."""
    import polars as pl

    schools = (
        '\n[schools.oak]\nname = "Oak School"\nurn = "400001"\nfiles = ["oak-*"]\n'
        '\n[schools.ash]\nname = "Ash School"\nurn = "400003"\nfiles = ["ash-*"]\n'
    )
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + schools)
    absent = days(days(P, n=10), days("O", n=10))
    reg = pl.concat([
        register({"A": days(P, n=20), "M": absent}, start=START, school=name)
        for name in ("Oak School", "Ash School")
    ])  # fmt: skip
    export = write_long_csv(reg, tmp_path / "trust.csv", dob=True, groups=True, school=True)
    out = tmp_path / "out"
    for command in ("check", "cme"):
        code, _, err = run_cli(command, export, "-c", config, "--per-school", out, "--format", "json")
        assert code == 0, err
    for key in ("oak", "ash"):
        check = _strict((out / f"{key}-check.json").read_text(encoding="utf-8"))
        cme = _strict((out / f"{key}-cme.json").read_text(encoding="utf-8"))
        assert {(p["upn"], p["school"]) for p in check["pupils"]} == {("A", key), ("M", key)}
        assert [(r["upn"], r["school"]) for r in cme["runs"]] == [("M", key)]


def test_json_to_a_stream_that_cannot_hold_a_name_keeps_the_name_escaped(tmp_path) -> None:
    """With `PYTHONIOENCODING=cp1252` (a Windows script's setting), the check's and the
    CME list's JSON on stdout gave "?ukasz" for "Łukasz" and "?" for an emoji: valid JSON
    with the wrong name in it, which a dashboard showed and matched on.  A table may show
    "?"; JSON says the same name in escapes the stream can hold ("\\u0141ukasz", an emoji
    as its surrogate pair), which every JSON reader reads back as the name.  A character
    cp1252 has ("é") is written as it is."""
    import os
    import subprocess
    import sys

    reg = register({"A": days(P, n=20), "P": days(days(P, n=10), days("O", n=10))}, start=START)
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    name = "Łukasz-René \U0001f600"
    export.write_text(export.read_text(encoding="utf-8").replace("ForenameP", name), encoding="utf-8")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "c"),
               XDG_DATA_HOME=str(tmp_path / "d"), PYTHONIOENCODING="cp1252")  # fmt: skip
    for command, key in (("check", "pupils"), ("cme", "runs")):
        done = subprocess.run(
            [sys.executable, "-m", "attcli", command, str(export), "-c", str(config), "-f", "json"],
            capture_output=True, env=env, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
        text = done.stdout.decode("cp1252")
        assert "\\u0141ukasz-René \\ud83d\\ude00" in text
        assert [p["forename"] for p in _strict(text)[key] if p["upn"] == "P"] == [name]


def test_a_band_named_as_the_json_s_no_band_is_refused(tmp_path) -> None:
    """The check's JSON counts pupils by band in `summary.bands`, pupils with no band
    under the key "no_band".  A config band named "no_band" shared the key: the later
    count overwrote the other in the document, silently.  The config refuses the name in
    one line naming the key."""
    bands = (
        '\n[[bands]]\nname = "green"\nat_least = 92\n'
        '\n[[bands]]\nname = "no_band"\n'
    )
    export, config, _ = _school(tmp_path)
    text = config.read_text(encoding="utf-8")
    assert "[[bands]]" in text
    head = text.split("[[bands]]")[0]
    config.write_text(head + bands + "\n" + AUTUMN_HALF_TERMS, encoding="utf-8")
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert line.startswith("error: ") and "bands[1].name" in line and "no_band" in line, line


def test_the_sickness_flag_carries_the_illness_sessions_it_counts(tmp_path) -> None:
    """The check's JSON gives each pupil in a group the evidence behind the flags: the
    penalty-notice window's sessions, the late sessions, the runs.  U is ill (I) every
    morning for 31 school days from Mon 7 Sep, present every afternoon, and present on
    the 32nd day: 31 illness sessions this school year, at least the 30 of the sickness
    rule (DOMAIN.md 7), no day ill all day, so no run of illness.  The JSON flagged U
    with `evidence.runs` empty and nothing else: a flag with no evidence.  The evidence
    now lists the 31 sessions (`sickness_sessions`, as `pn_sessions` lists the window's),
    A (present throughout, in no group) none."""
    reg = register({"A": days(P, n=32), "U": days(days("I\\", n=31), P)}, start=START)
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in _strict(out)["pupils"]}
    u = pupils["U"]
    assert "sickness" in u["groups"]
    assert (u["sickness_sessions"], u["sickness_longest_days"], u["sickness_flag"]) == (31, 0, True)
    assert u["evidence"]["runs"] == []
    first, last = START, START + dt.timedelta(days=7 * 6)  # the 31st school day: Mon 19 Oct
    assert u["evidence"]["sickness_sessions"][0] == f"{first.isoformat()} AM I"
    assert u["evidence"]["sickness_sessions"][-1] == f"{last.isoformat()} AM I"
    assert len(u["evidence"]["sickness_sessions"]) == 31
    assert "evidence" not in pupils["A"]


def test_the_pack_s_figures_end_where_the_check_s_do(tmp_path) -> None:
    """The export ends Fri 2 Oct; the pack is asked as of Fri 9 Oct (a draft: the five
    school days with no register are its problem).  The figures are counted to 2 Oct, as
    the check's `period.end` says, but the pack's JSON said `figures.period_end`
    "2026-10-09" and its PDF "to 9 October 2026": a date the figures do not reach.  Both
    now end on 2 October, as the check's."""
    export, config, contacts = _school(tmp_path)
    code, out, err = run_cli("check", export, "-c", config, "--as-of", "2026-10-09", "--format", "json")
    assert code == 0, err
    assert _strict(out)["period"]["end"] == "2026-10-02"
    common = ("evidence", "P", export, "-c", config, "--for", "penalty-notice", "--contacts",
              contacts, "--as-of", "2026-10-09", "--draft")  # fmt: skip
    code, out, err = run_cli(*common, "--format", "json")
    assert code == 0, err
    pack = _strict(out)
    assert (pack["as_of"], pack["figures"]["period_end"]) == ("2026-10-09", "2026-10-02")
    assert (pack["figures"]["possible"], pack["figures"]["attended"]) == (40, 20)
    pdf = tmp_path / "pack.pdf"
    code, _, err = run_cli(*common, "-o", pdf)
    assert code == 0, err
    import pypdf

    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages).split())
    assert "01/09/2026 to 02/10/2026 (the school year to date)" in text


def test_every_json_command_on_hard_cases_gives_one_strict_document_or_one_error_line(
    tmp_path,
) -> None:
    """A register with the hard cases (the register to Fri 2 Oct): NEW joins on Wed 30 Sep
    (6 sessions: no band), GONE leaves after 5 days of G (no row from Mon 21 Sep), NODOB
    has no date of birth and 10 days of N, HOLE has a blank mark (a missing mark) on Wed
    30 Sep, A is "Wójcik-Ní Bhriain".  Each JSON command writes one strict document on
    stdout and nothing else there; a run it cannot make (a reg group nobody is in, an as-of
    before the data) is one `error:` line on stderr, exit 1, nothing on stdout."""
    from school import contacts_file

    pupils = {
        "A": days(P, n=20),
        "NEW": days(days("!", n=17), days(P, n=3)),
        "GONE": days(days(P, n=5), days("G", n=5), days("!", n=10)),
        "NODOB": days(days(P, n=10), days("N", n=10)),
        "HOLE": days(days(P, n=17), "_", P, P),
    }
    import polars as pl

    reg = register(pupils, start=START)
    a = pl.col("upn") == "A"
    reg = reg.with_columns(
        pl.when(a).then(pl.lit("Wójcik-Ní Bhriain")).otherwise(pl.col("surname")).alias("surname"),
        pl.when(a).then(pl.lit("Siân")).otherwise(pl.col("forename")).alias("forename"),
    )
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    lines = [  # NODOB's date of birth cell left blank
        ",".join(c if i != 3 else "" for i, c in enumerate(x.split(","))) if x.startswith("NODOB,") else x
        for x in export.read_text(encoding="utf-8").splitlines()
    ]  # fmt: skip
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp_path / "c.csv", [(u, f"C{u}", "Mrs", "Ann", u) for u in pupils])
    runs = [
        ("check", export, "--format", "json"),
        ("cme", export, "--days", "3", "--contacts", contacts, "--format", "json"),
        ("cases", export, "--format", "json"),
        ("evidence", "NODOB", export, "--for", "penalty-notice", "--contacts", contacts,
         "--format", "json", "--draft"),
        ("pn", "list", "--json"),
        ("case", "list", "--json"),
    ]  # fmt: skip
    docs = {}
    for args in runs:
        code, out, err = run_cli(*args, "-c", config)
        assert code == 0, (args, err)
        docs[args[0]] = _strict(out)
        assert "{" not in err, (args, err)
    check = {p["upn"]: p for p in docs["check"]["pupils"]}
    assert (check["NEW"]["possible"], check["NEW"]["band"]) == (6, None)
    assert (check["GONE"]["on_roll"], check["GONE"]["left_on"]) == (False, "2026-09-18")
    assert (check["NODOB"]["dob"], check["NODOB"]["compulsory_school_age"]) == (None, None)
    assert check["HOLE"]["missing_marks"] == 2
    assert (check["A"]["surname"], check["A"]["forename"]) == ("Wójcik-Ní Bhriain", "Siân")
    assert docs["evidence"]["pupil"]["dob"] is None and docs["pn"] == docs["case"] == []
    for args in (("check", export, "--reg-group", "9Z", "--format", "json"),
                 ("cme", export, "--as-of", "2026-08-01", "--format", "json"),
                 ("cases", export, "--as-of", "2026-08-01", "--format", "json")):  # fmt: skip
        code, out, err = run_cli(*args, "-c", config)
        assert (code, out) == (1, ""), args
        (line,) = err.splitlines()
        assert line.startswith("error: "), line

