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
            "only 1 of the 20 pupils on roll has a mark, the AM register taken: left out of "
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
    # the one line keeps the items' advice, and says they are all Wednesdays (a reviewer's
    # "7 sessions, all PM: 05/09/2025; 12/09/2025; 19/09/2025; ..." lost both)
    assert lines == [
        "4 sessions, all PM, all Wednesdays: 09/09/2026; 16/09/2026; 23/09/2026; ... (export "
        "their registers, or record # in the MIS if the school was closed)"
    ]
    # on different weekdays (Wed 9 PM, Thu 17 AM, Wed 23 PM, Thu 1 Oct AM): no weekday
    # named, the advice kept
    gone = {(D(2026, 9, 9), "PM"), (D(2026, 9, 17), "AM"), (D(2026, 9, 23), "PM"),
            (D(2026, 10, 1), "AM")}  # fmt: skip
    rows = [
        {"upn": u, "date": d, "session": s, "mark": "/"}
        for u in ("A", "B")
        for d in days
        for s in ("AM", "PM")
        if (d, s) not in gone
    ]
    dq = evaluate(register_rows(rows), CONFIG).data_quality
    ((_, count, lines),) = summary_lines(dq, limit=3)
    assert count == 4
    assert lines == [
        # (each session named: which register to export; sweep quality2)
        "4 sessions: 09/09/2026 PM; 17/09/2026 AM; 23/09/2026 PM; ... (export their registers, or "
        "record # in the MIS if the school was closed)"
    ]


# ----------------------------------------------------- a session with no register in a window
# A session with no register is missing marks (docs/decisions.md): a penalty-notice pack
# whose window holds one is not complete (DOMAIN.md 5: "complete only when the window has
# neither N codes nor missing marks"), as one with a '-' is not.  A reviewer's pack over a
# window with 17/09/2025 PM in no export said "complete": true, "problems": [] while the
# check listed the session, and the same pupil with a '-' was refused.
#
# Mon 7 - Fri 25 Sep 2026 (15 school days, 3 school weeks: week 1 7-11, week 2 14-18,
# week 3 21-25), [penalty_notice] weeks = 3 so the window is the exports' 3 weeks.  Nobody
# has a row for Wed 23 Sep PM ("/!"): 0 of the 3 pupils on roll.
#   AMY: G every session of week 2 (10), present otherwise: 10 in the window, threshold
#        met on Fri 18/09; 29 possible (30 less Wed 23 PM), 19 attended.
#   CARL: as AMY, and Thu 24 AM '-' (a missing mark): 28 possible, 18 attended.
#   BEN: present every session: 29 of 29, at no threshold.
EV_START = D(2026, 9, 7)
EV_AS_OF = D(2026, 9, 25)
EV_WED = D(2026, 9, 23)
_P = "/\\"
EV_MARKS = {
    "AMY": " ".join([_P] * 5 + ["G"] * 5 + [_P, _P, "/!", _P, _P]),
    "BEN": " ".join([_P] * 12 + ["/!", _P, _P]),
    "CARL": " ".join([_P] * 5 + ["G"] * 5 + [_P, _P, "/!", "-/", _P]),
}
NO_REGISTER = (
    "Wed 23/09/2026 PM: no register in the exports (no mark for any of the 3 pupils on "
    "roll), so not in the pupil's possible sessions: export its register, or record # in "
    "the MIS if the school was closed"
)


def _ev_config(tmp_path):
    from school import AUTUMN_HALF_TERMS

    return parse_config(
        AUTUMN_HALF_TERMS
        + f'\n[penalty_notice]\nweeks = 3\n[history]\npath = "{tmp_path / "h.sqlite3"}"\n'
    )


def _pack(tmp_path, upn: str, marks=None):  # noqa: ANN001, ANN202
    from attcli.contacts import Contact
    from attcli.evidence.build import PENALTY_NOTICE, build_pack
    from attcli.pupil import pupil_record

    cfg = _ev_config(tmp_path)
    rec = pupil_record(register(marks or EV_MARKS, start=EV_START), cfg, upn, as_of=EV_AS_OF)
    parent = Contact(upn, "C1", "Ms", "Pat", "Parent", parental_responsibility=True)
    return rec, build_pack(rec, cfg, PENALTY_NOTICE, parent=parent, made_on=EV_AS_OF)


def test_a_session_with_no_register_in_the_window_makes_the_pack_incomplete_as_a_dash_does(
    tmp_path,
):
    from attcli.evidence.build import pack_json

    rec, pack = _pack(tmp_path, "AMY")
    assert (rec.row["possible"], rec.row["attended"], rec.row["unauthorised"]) == (29, 19, 10)
    assert rec.row["pn_threshold_met"] and len(pack.sessions) == 10
    assert [p.text() for p in pack.problems] == [NO_REGISTER]
    doc = pack_json(pack)
    assert doc["complete"] is False and doc["problems"] == [NO_REGISTER]
    # with a '-' as well: both, in date order (the '-' as before)
    _, pack = _pack(tmp_path, "CARL")
    assert [p.text() for p in pack.problems] == [
        NO_REGISTER,
        "Thu 24/09/2026 AM -: no mark recorded: complete the register",
    ]
    # the control: everyone's Wed 23 PM a '-' (the register opened, not completed): the
    # missing mark the pack already refused
    dashed = {u: m.replace("/!", "/-") for u, m in EV_MARKS.items()}
    _, pack = _pack(tmp_path, "AMY", dashed)
    assert [p.text() for p in pack.problems] == [
        "Wed 23/09/2026 PM -: no mark recorded: complete the register"
    ]


def test_the_evidence_command_refuses_the_pack_without_draft(tmp_path):
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    text = cfg.read_text(encoding="utf-8")
    assert text.count("\nweeks = 10 ") == 1
    cfg.write_text(text.replace("\nweeks = 10 ", "\nweeks = 3 "), encoding="utf-8")
    export = write_long(tmp_path / "reg.csv", register(EV_MARKS, start=EV_START))
    contacts = contacts_file(tmp_path / "contacts.csv", [("AMY", "C1", "Ms", "Pat", "Parent")])
    args = ("evidence", "AMY", export, "--for", "penalty-notice", "--contacts", contacts,
            "-c", cfg, "--as-of", "2026-09-25", "--format", "json")  # fmt: skip
    code, out, err = run_cli(*args)
    assert code == 1 and not out
    said = " ".join(err.split())
    assert NO_REGISTER in said
    # (not a mark to correct in the MIS alone: the register may only be missing from the export)
    # (its one problem: "see it", sweep looks12)
    assert "see it for what, if anything, would fix it, or write a draft with --draft" in said
    code, out, err = run_cli(*args, "--draft")
    assert code == 0, err
    assert json.loads(out)["problems"] == [NO_REGISTER]


def test_the_pupil_record_shows_the_session_with_its_missing_marks(tmp_path):
    from school import AUTUMN_HALF_TERMS, make_workspace

    rec, _ = _pack(tmp_path, "CARL")
    assert rec.missing_marks == 1  # Thu 24 AM '-'
    assert [(d, s) for d, s, *_ in rec.no_register] == [(EV_WED, "PM")]
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long(tmp_path / "reg.csv", register(EV_MARKS, start=EV_START))
    code, out, err = run_cli("pupil", "CARL", export, "-c", cfg, "--as-of", "2026-09-25")
    assert code == 0, err
    said = " ".join(out.split())
    assert "No mark recorded (-): 1 session, not counted: complete the register" in said
    assert (
        "No register in the exports for the school's session 23/09/2026 PM, not counted: "
        "export its register, or record # in the MIS if the school was closed"
    ) in said


def test_the_check_s_penalty_notice_reason_says_the_window_s_missing_marks():
    # AMY: 1 session with no register in the window; CARL: that and 1 missing mark.  An LA
    # returns either request (DOMAIN.md 5), so the reason says so, as it says N.
    from attcli.check import check_register
    from school import AUTUMN_HALF_TERMS

    cfg = parse_config(AUTUMN_HALF_TERMS + "\n[penalty_notice]\nweeks = 3\n")
    result = check_register(register(EV_MARKS, start=EV_START), cfg, as_of=EV_AS_OF)
    got = dict(result.members("pn").select("upn", "reason_pn").rows())
    assert sorted(got) == ["AMY", "CARL"]
    la = " before a notice (a local authority returns a request whose window holds missing marks)"
    export = "export its register (or record # in the MIS if the school was closed)"
    assert got["AMY"].startswith(
        "10 unauthorised sessions in the 3 school weeks 07/09/2026 to 25/09/2026 (first met "
        "18/09/2026)"
    )
    assert got["AMY"].endswith(
        f"; the window holds 1 session with no register in the exports: {export}{la}"
    ), got["AMY"]
    assert got["CARL"].endswith(
        "; the window holds 1 missing mark and 1 session with no register in the exports: "
        f"complete the register and {export}{la}"
    ), got["CARL"]


def test_a_handful_s_session_is_missing_for_the_others_on_roll_only(tmp_path):
    # 12 pupils Mon 7 - Fri 25 Sep, present every session; on Wed 23 PM only AMY has a mark
    # (1 of the 11 then on roll: 1 * 10 < 11, a handful).  NEW joins on Thu 24 (no row
    # before): not on roll on Wed 23, so it is not NEW's.  AMY's own mark counts for her: no
    # missing session in her record; BEN's record has it.
    from attcli.pupil import pupil_record
    from attcli.quality import no_register_sessions

    marks = {"AMY": " ".join([_P] * 15)}
    marks |= {f"P{i:02d}": " ".join([_P] * 12 + ["/!", _P, _P]) for i in range(10)}
    marks["NEW"] = " ".join(["!"] * 13 + [_P, _P])
    cfg = _ev_config(tmp_path)
    rec = pupil_record(register(marks, start=EV_START), cfg, "P00", as_of=EV_AS_OF)
    found = no_register_sessions(rec.evaluation, EV_START, EV_AS_OF)
    assert found.select("upn", "date", "session", "marked", "on_roll").rows() == [
        (f"P{i:02d}", EV_WED, "PM", 1, 11) for i in range(10)
    ]
    assert [(d, s) for d, s, *_ in rec.no_register] == [(EV_WED, "PM")]
    assert pupil_record(register(marks, start=EV_START), cfg, "AMY", as_of=EV_AS_OF).no_register == []


# ------------------------------------------------------------- a day the term dates make none
def test_an_inset_day_the_school_opened_has_no_missing_session():
    # Wed 9 Sep 2026 an INSET day in the term dates; the register has its AM marks for
    # everyone and no PM rows.  The day is listed once, as a school day the term dates make
    # none (outside_term: fix the term dates or the register); its afternoon is no session
    # with no register besides (that advice, "export its register", contradicted it).
    inset = parse_config(TERMS.replace("2026-09-02, ", "2026-09-02, 2026-09-09, "))
    ev = evaluate(register(PART_TIME, start=START), inset)
    assert ev.data_quality.select("kind", "date", "session").rows() == [
        ("outside_term", WED, None)
    ]
    a = pupil(ev, "A")
    assert (a["possible"], a["attended"]) == (19, 19)  # the figures as before


def test_the_pupil_record_names_blank_cells_and_missing_rows_as_they_are(tmp_path):
    """sweep1 case1: a pupil with no '-' at all, a blank cell and a day with no row (the
    school's register of the day taken: BEN's rows are there) read "No mark recorded (-): 3
    sessions", naming a code the export never held.  Mon 21 - Fri 25 Sep 2026: DEE is
    present Mon, has no row Tue (2 missing rows), a blank cell Wed AM, '-' Thu PM: 4
    sessions with no mark, each said as it is."""
    from school import AUTUMN_HALF_TERMS, make_workspace

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    marks = {"DEE": "/\\ ! _\\ /- /\\", "BEN": "/\\ /\\ /\\ /\\ /\\"}
    export = write_long(tmp_path / "reg.csv", register(marks, start=dt.date(2026, 9, 21)))
    code, out, err = run_cli("pupil", "DEE", export, "-c", cfg, "--as-of", "2026-09-25")
    assert code == 0, err
    said = " ".join(out.split())
    assert (
        "No mark recorded: 4 sessions (1 marked '-', 1 blank cell, 2 missing rows), not "
        "counted: complete the register"
    ) in said
