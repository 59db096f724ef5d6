"""A session of a school day that no export holds a register for (week 5, problem 1).

The school had the day's other session, and no pupil has a row or a mark for this one (or
only a handful do, the stray-day measure): every pupil on roll silently lost one possible
session.  DOMAIN.md 1 leaves a missing mark out of possible sessions, so the figures stay
as they are; DOMAIN.md 12 wants it counted and listed: one ``missing_session`` item a
session.  Figures worked out by hand in each test.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from attcli.config import parse_config
from attcli.engine import evaluate
from builders import register, register_rows, school_days
from clirun import run_cli
from test_real_registers import TERMS, pupil, workspace_with_terms, write_long

D = dt.date
NO_CONFIG = parse_config("")
CONFIG = parse_config(TERMS)
#: Thu 3 Sep - Wed 16 Sep 2026: the first ten school days of the autumn term (Wed 2 Sep is
#: an INSET day in TERMS).
START = D(2026, 9, 3)
WED = D(2026, 9, 9)  # the fifth school day

#: A present every session; P on a part-time timetable, C2 every afternoon.  On Wed 9 Sep
#: nobody has a PM row ("/!": the AM mark, no PM row).
PART_TIME = {
    "A": " ".join(["/\\"] * 4 + ["/!"] + ["/\\"] * 5),
    "P": " ".join(["/.C2"] * 4 + ["/!"] + ["/.C2"] * 5),
}
DETAIL = (
    "no mark for any of the 2 pupils on roll, the AM register taken: left out of every "
    "pupil's possible sessions (export its register, or record # in the MIS if the school "
    "was closed)"
)


@pytest.mark.parametrize("config", [CONFIG, NO_CONFIG], ids=["term dates", "inferred"])
def test_a_session_nobody_has_a_row_for_is_listed_and_the_figures_kept(config):
    # 10 school days, 20 sessions, Wed 9 Sep PM in no export: 19 possible each.  A attends
    # 19 of 19.  P attends the 10 mornings, C2 the 9 afternoons: 10 of 19 = 52.6 % (10 of
    # 20 = 50.0 % had the afternoon been registered): the figures leave the session out as
    # every missing mark is (DOMAIN.md 1), and the list says so, once for the session.  The
    # other nine days have both sessions: not listed.
    ev = evaluate(register(PART_TIME, start=START), config)
    a, p = pupil(ev, "A"), pupil(ev, "P")
    assert (a["possible"], a["attended"]) == (19, 19)
    assert (p["possible"], p["attended"], p["authorised"]) == (10 + 9, 10, 9)
    assert p["missing_marks"] == 0  # one item for the session, not one per pupil
    assert ev.data_quality.select("kind", "upn", "date", "session", "detail").rows() == [
        ("missing_session", None, WED, "PM", DETAIL)
    ]
    assert ev.coverage.complete  # every day is in the exports: bands are given
    assert p["band"] is not None


def test_a_session_only_a_handful_have_marks_for_is_the_problem_not_everyone_s_missing_row():
    # 20 pupils present every session of Thu 3 - Wed 16 Sep; on Wed 9 Sep only P00 has a
    # PM row: 1 of the 20 on roll (1 * 10 < 20, the stray-day measure).  The session is the
    # problem, as a stray day is: one item, no missing row for the other 19 (there were 19,
    # listed one per pupil).  P00's mark counts for P00: 20 possible; the rest 19.
    days = school_days(START, 10)
    rows = [
        {"upn": f"P{i:02d}", "date": d, "session": s, "mark": "/"}
        for i in range(20)
        for d in days
        for s in ("AM", "PM")
        if not (d == WED and s == "PM" and i > 0)
    ]
    ev = evaluate(register_rows(rows), NO_CONFIG)
    assert ev.data_quality.select("kind", "date", "session", "detail").rows() == [
        (
            "missing_session",
            WED,
            "PM",
            "only 1 of the 20 pupils on roll have a mark, the AM register taken: left out of "
            "the others' possible sessions (export its register, or record # in the MIS if "
            "the school was closed)",
        )
    ]
    assert (pupil(ev, "P00")["possible"], pupil(ev, "P01")["possible"]) == (20, 19)
    assert pupil(ev, "P01")["missing_marks"] == 0


def test_a_half_day_closure_exported_as_hash_is_no_problem():
    # The school closed at noon on Wed 9 Sep and the MIS exports the afternoon as # (school
    # closed, not possible) for everyone: the register says so, nothing is missing.  Each
    # pupil 19 possible, nothing listed.  (The same afternoon with no rows at all is the
    # first test: attcli cannot tell a closure from a register left out, and lists it.)
    closed = {u: m.replace("/!", "/#") for u, m in PART_TIME.items()}
    ev = evaluate(register(closed, start=START), CONFIG)
    assert (pupil(ev, "A")["possible"], pupil(ev, "P")["possible"]) == (19, 19)
    assert ev.data_quality.height == 0


def test_the_last_morning_of_an_export_made_at_lunchtime_is_a_note_not_a_problem():
    # The export is made on Wed 16 Sep at lunchtime: the AM register is in it, the PM one
    # not yet taken.  The afternoon is after the data, not a register left out: no item, a
    # note saying the figures run to that morning.  A: 19 possible (9 days and the morning).
    tokens = {u: " ".join(m.replace("/!", "/\\" if u == "A" else "/.C2").split()[:-1] + ["/!"])
              for u, m in PART_TIME.items()}  # fmt: skip
    ev = evaluate(register(tokens, start=START), CONFIG)
    assert (pupil(ev, "A")["possible"], pupil(ev, "P")["possible"]) == (19, 19)
    assert ev.data_quality.height == 0
    assert (
        "the exports end with the AM session of 16/09/2026: its PM register is not in them "
        "(an export made at lunchtime), so the figures run to that morning"
    ) in ev.warnings


def test_check_and_cme_say_the_missing_session(tmp_path, monkeypatch):
    # The first test's register through the command line: check's data-quality section has
    # the session as one line, its JSON the item; cme counts it among the problems.
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-17")
    config = workspace_with_terms(tmp_path / "ws")
    export = write_long(tmp_path / "ytd.csv", register(PART_TIME, start=START))
    code, out, err = run_cli("check", export, "-c", config, "-f", "json")
    assert code == 0, err
    items = [i for i in json.loads(out)["data_quality"] if i["kind"] == "missing_session"]
    assert [(i["date"], i["session"], i["upn"]) for i in items] == [("2026-09-09", "PM", None)]
    code, out, err = run_cli("check", export, "-c", config)
    assert code == 0, err
    text = " ".join(out.split())
    assert "sessions with no register (nobody, or only a handful, marked): 1" in text
    assert "09/09/2026 PM no mark for any of the 2 pupils on roll" in text
    code, out, err = run_cli("cme", export, "-c", config, "--days", "3")
    assert code == 0, err
    assert "1 session with no register" in " ".join((out + err).split())


def test_many_missing_sessions_read_as_one_line():
    # Every Wednesday afternoon of Thu 3 Sep - Fri 2 Oct (4 of them: 9, 16, 23, 30 Sep)
    # has no row and the list's table shows them as one line, not one per Wednesday beyond
    # its first five (the JSON keeps one item each).
    from attcli.quality import summary_lines

    days = school_days(START, 22)
    rows = [
        {"upn": u, "date": d, "session": s, "mark": "/"}
        for u in ("A", "B")
        for d in days
        for s in ("AM", "PM")
        if not (d.weekday() == 2 and s == "PM")
    ]
    ev = evaluate(register_rows(rows), CONFIG)
    dq = ev.data_quality
    assert dq.filter(pl.col("kind") == "missing_session").get_column("date").to_list() == [
        D(2026, 9, 9), D(2026, 9, 16), D(2026, 9, 23), D(2026, 9, 30)
    ]  # fmt: skip
    ((title, count, lines),) = summary_lines(dq, limit=3)
    assert count == 4
    assert lines == ["4 sessions, all PM: 09/09/2026; 16/09/2026; 23/09/2026; ..."]
