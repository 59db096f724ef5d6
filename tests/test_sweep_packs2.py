"""Sweep "packs2" (5 December): the penalty-notice evidence packs, a second pass.

P's register runs from Monday 7 September 2026 (the holiday 26-30 October); the pack is
made as of Friday 27 November, whose 10 school weeks run from Monday 14 September
(tests/test_sweep_packs.py's school).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from clirun import run_cli
from test_sweep_packs import TEN, _export, _pack, _packs, _school


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-30")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_pack_made_again_for_the_same_window_is_no_second_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officer made P's pack (PDF) on Mon 30/11, then its JSON for the LA's portal,
    then reprinted the PDF on Tue 01/12: three rows on record, `pupil` saying
    "Penalty-notice packs made: 3", as if three requests went. The same pupil, parent,
    window and marks is one request: recorded once, each reprint saying so. Boundaries: a
    pack for the next window (as of 04/12) is a new request, a second row; so is one for
    the same window whose marks were corrected since (an `/` made `I`: the corrected
    request the LA must have)."""
    config, contacts = _school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "pack.pdf")
    assert code == 0, err
    assert "recorded: penalty-notice pack 1" in _flat(err), err
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "pack.json")
    assert code == 0, err
    assert len(_packs(config)) == 1, _packs(config)
    said = _flat(err)
    assert (
        "not recorded again: penalty-notice pack 1 about P, made 30/11/2026 (to Mrs Ann "
        "Parent, window 14/09/2026 to 27/11/2026, the same marks), is this request; a copy "
        "is not a second one"
    ) in said, said
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-01")
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "again.pdf")
    assert code == 0, err
    assert "not recorded again: penalty-notice pack 1" in _flat(err), err
    assert len(_packs(config)) == 1
    code, out, err = run_cli("pupil", "P", old, "-c", config)
    assert code == 0, err
    assert "Penalty-notice packs made: 1" in out, out
    # (a new window: a new request)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-07")
    new = _export(tmp_path, "new.csv", dt.date(2026, 12, 4), TEN)
    code, _, err = _pack(new, config, contacts, "-o", tmp_path / "n.pdf", as_of="2026-12-04")
    assert code == 0, err
    assert "recorded: penalty-notice pack 2" in _flat(err), err
    # (the same window, a mark corrected since: the corrected request, recorded)
    fixed = _export(
        tmp_path, "fixed.csv", dt.date(2026, 12, 4), TEN | {dt.date(2026, 11, 25): "I\\"}
    )
    code, _, err = _pack(fixed, config, contacts, "-o", tmp_path / "f.pdf", as_of="2026-12-04")
    assert code == 0, err
    assert "recorded: penalty-notice pack 3" in _flat(err), err
    assert [p[3] for p in _packs(config)] == [
        dt.date(2026, 11, 27), dt.date(2026, 12, 4), dt.date(2026, 12, 4)
    ]


#: P's contacts: the mother (priority 1) under a court order, the father (2) the parent
#: the pack is for, a grandmother (3) marked "Do Not Contact", an aunt (4) with neither
MARKED = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Court Order,Do Not Contact,Address Line 1,Town,Postcode,Telephone\n"
    "P,M1,Mrs,Ann,Parent,Mother,1,Y,Y,N,9 Far Road,Otherton,OT1 9AB,01632 960001\n"
    "P,F1,Mr,Bob,Parent,Father,2,Y,N,N,1 Elm Road,Anytown,AN1 1AB,01632 960002\n"
    "P,G1,Mrs,Cat,Gran,Grandmother,3,N,N,Y,2 Elm Road,Anytown,AN1 2AB,01632 960003\n"
    "P,A1,Ms,Dee,Aunt,Aunt,4,N,N,N,3 Elm Road,Anytown,AN1 3AB,01632 960004\n"
)


def test_the_pack_s_json_says_which_contact_is_under_a_court_order_or_not_to_contact(
    tmp_path: Path,
) -> None:
    """The JSON for the LA's portal gave the mother under a court order and the
    grandmother marked "Do Not Contact" only as `not_to_be_sent_letters: true`, as a
    parent who asked for email would be; the PDF's other contacts named them with no mark
    at all, and the LA, reading either, could write to or ring a mother a court order may
    keep from the child. Each contact now carries `court_order` and `do_not_contact`
    (true or false), and the PDF names each mark beside the contact ("court order",
    "Do Not Contact"). Boundary: the father and the aunt carry neither."""
    from test_evidence import pdf_text

    config, _ = _school(tmp_path)
    contacts = tmp_path / "marked.csv"
    contacts.write_text(MARKED, encoding="utf-8")
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, out, err = _pack(old, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["parent"]["contact_id"] == "F1"
    assert (doc["parent"]["court_order"], doc["parent"]["do_not_contact"]) == (False, False)
    assert [
        (c["contact_id"], c["court_order"], c["do_not_contact"], c["not_to_be_sent_letters"])
        for c in doc["contacts"]
    ] == [
        ("M1", True, False, True),
        ("F1", False, False, False),
        ("G1", False, True, True),
        ("A1", False, False, False),
    ], doc["contacts"]
    code, _, err = _pack(old, config, contacts, "--draft", "-o", tmp_path / "p.pdf")
    assert code == 0, err
    text = _flat(" ".join(pdf_text(tmp_path / "p.pdf")))
    assert "Mrs Ann Parent (court order)" in text, text
    assert "Mrs Cat Gran (Do Not Contact)" in text, text
    assert "Ms Dee Aunt (" not in text and "Mr Bob Parent (" not in text, text
    # (the mother named as the parent, --parent: her own row says which mark)
    code, _, err = _pack(
        old, config, contacts, "--draft", "--parent", "M1", "-o", tmp_path / "m.pdf"
    )
    assert code == 0, err
    text = _flat(" ".join(pdf_text(tmp_path / "m.pdf")))
    assert "marked in the contacts export not to be sent letters (court order)" in text, text


def test_an_offence_on_a_day_the_term_dates_make_no_school_day_makes_the_pack_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """P's 9th and 10th `O` are on Mon 23/11. The school then put 23/11 in its config as
    an INSET day (the register not yet corrected): the weekly check lists the day under
    data quality ("a school day in the register on a day the term dates make no school
    day"), but the pack counted its two `O` as offences, was "complete" and recorded: a
    request resting on offences on a day the school says it was shut, which the LA
    returns. Each such offence is now a problem (date, session, code, what to check), as
    an offence on a stray day is. Boundaries: the same register with 23/11 a school day
    in the config is complete; the `O` of 16-19/11 (configured school days) are no such
    problem."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-30")
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    export = _export(tmp_path, "e.csv", dt.date(2026, 11, 27), TEN)
    plain = make_workspace(tmp_path / "plain", AUTUMN_HALF_TERMS)
    code, out, err = _pack(export, plain, contacts, "--format", "json", "--draft")
    assert code == 0, err
    assert json.loads(out)["problems"] == [], out
    inset = make_workspace(tmp_path / "inset", AUTUMN_HALF_TERMS)
    inset.write_text(
        inset.read_text().replace("inset_days = []", "inset_days = [2026-11-23]", 1),
        encoding="utf-8",
    )
    code, out, err = _pack(export, inset, contacts, "--format", "json", "--draft")
    assert code == 0, err
    problems = json.loads(out)["problems"]
    text = (
        "the config's term dates make this day no school day (an INSET day), but most "
        "pupils have marks, so it counts: an offence on a day the school says it was shut "
        "is one the local authority returns; correct the day's register in the MIS (# if "
        "the school was closed), or the config's term dates"
    )
    assert problems == [
        f"Mon 23/11/2026 AM O: {text}",
        f"Mon 23/11/2026 PM O: {text}",
    ], problems
    code, _, err = _pack(export, inset, contacts, "-o", tmp_path / "p.pdf")
    assert code == 1 and "2 problems above" in _flat(err), err
    assert not (tmp_path / "p.pdf").exists()


#: A ladder with a notice to improve (3 weeks, on the penalty-notice flag) and a referral
#: to the local authority after it, as a school following seeds 000/001 writes it
NTI_LADDER = """
[[escalation.stages]]
name = "nti"
title = "Notice to improve"
action = "other"
when_flag = "pn"
weeks = 3

[[escalation.stages]]
name = "la_referral"
title = "Referral to the local authority"
action = "referral"
after = "nti"
"""


def _ladder_school(tmp_path: Path) -> tuple[Path, Path]:
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + NTI_LADDER)
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    return config, contacts


def _record(config: Path, action: str, day: dt.date, note: str) -> None:
    from attcli.store import History

    with History(config.parent / "attcli-history.sqlite3", write=True) as store:
        store.record_action("P", action, day, note=note, by="Ms Lead")


def test_the_pack_s_json_names_each_record_s_stage_as_the_pdf_does(tmp_path: Path) -> None:
    """The notice to improve (02/11) and the referral to the LA (25/11) recorded in P's
    casebook were in the PDF's "Support given" under their stages' titles, but the JSON
    for the LA's portal gave only the stage's name in attcli.toml ("nti", "la_referral"):
    a portal cannot tell a notice to improve or a referral from a meeting. Each record now
    carries `title` (the stage's, as the PDF prints it) and `stage_action` (letter,
    meeting, plan, referral or other). Boundary: a record of a stage no longer in the
    ladder keeps its name as its title and `stage_action` null."""
    config, contacts = _ladder_school(tmp_path)
    _record(config, "nti", dt.date(2026, 11, 2), "NTI given, 3 weeks")
    _record(config, "la_referral", dt.date(2026, 11, 25), "sent to the LA")
    _record(config, "old_stage", dt.date(2026, 10, 5), "a stage since renamed")
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, out, err = _pack(old, config, contacts, "--format", "json")
    assert code == 0, err
    assert [
        (a["date"], a["action"], a["title"], a["stage_action"]) for a in json.loads(out)["actions"]
    ] == [
        ("2026-10-05", "old_stage", "old_stage", None),
        ("2026-11-02", "nti", "Notice to improve", "other"),
        ("2026-11-25", "la_referral", "Referral to the local authority", "referral"),
    ]


def test_a_penalty_notice_request_shows_the_notice_to_improve_s_period_and_outcome(
    tmp_path: Path,
) -> None:
    """P was given a notice to improve on Mon 02/11 (the ladder's `nti` stage, 3 weeks:
    02/11 to 22/11) and did not improve: 20 of 20 sessions in the 3 weeks before it
    (12/10 to 01/11, the holiday week none), 22 of 30 over it (8 `O` 16-19/11), 73.3 %,
    not the 1 point better asked. The penalty-notice request said only "02/11 Notice to
    improve" under Support given: not when its improvement period ended nor whether
    attendance improved over it, the grounds the LA reads a request after a notice to
    improve on (seeds 000 4.3, 001 21.3). The request now shows the monitoring periods
    given, as a referral does (JSON `monitoring_periods`). Boundaries: with no record the
    list is empty and the PDF has no such section; a notice to improve's pack keeps
    `monitoring_periods` null."""
    from test_evidence import pdf_text

    config, contacts = _ladder_school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, out, err = _pack(old, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    assert json.loads(out)["monitoring_periods"] == []
    code, _, err = _pack(old, config, contacts, "--draft", "-o", tmp_path / "none.pdf")
    assert code == 0, err
    assert "Monitoring periods" not in " ".join(pdf_text(tmp_path / "none.pdf"))
    _record(config, "nti", dt.date(2026, 11, 2), "NTI given, 3 weeks")
    code, out, err = _pack(old, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    assert json.loads(out)["monitoring_periods"] == [
        {
            "stage": "nti",
            "title": "Notice to improve",
            "from": "2026-11-02",
            "to": "2026-11-22",
            "before": {"attended": 20, "possible": 20},
            "over": {"attended": 22, "possible": 30},
            "improved_when": "at least 1 point above the attendance before it",
            "outcome": "not improved",
        }
    ]
    code, _, err = _pack(old, config, contacts, "--draft", "-o", tmp_path / "p.pdf")
    assert code == 0, err
    text = _flat(" ".join(pdf_text(tmp_path / "p.pdf")))
    assert "Monitoring periods" in text and "not improved" in text, text
    assert "73.3% (22 of 30 sessions)" in text, text
    code, out, err = run_cli(
        "evidence", "P", old, "-c", config, "--contacts", contacts, "--for",
        "notice-to-improve", "--as-of", "2026-11-27", "--format", "json", "--draft",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["monitoring_periods"] is None


def _leaver(tmp_path: Path) -> Path:
    """P's rows end Fri 20/11 (left the roll; A0's go on to Fri 27/11): `O` on Thu 12/11
    and Mon 16 to Thu 19/11, 10 sessions, the 10th on Thu 19/11 PM."""
    from builders import register_rows, write_long_csv
    from test_sweep_evidence2 import _days

    offences = {dt.date(2026, 11, 12)} | {dt.date(2026, 11, 16) + dt.timedelta(days=i) for i in range(4)}
    rows = [
        {"upn": u, "date": d, "session": s, "mark": "O" if u == "P" and d in offences else "/"}
        for d in _days(dt.date(2026, 9, 7), dt.date(2026, 11, 27))
        for u in ("P", "A0")
        if u == "A0" or d <= dt.date(2026, 11, 20)
        for s in ("AM", "PM")
    ]
    return write_long_csv(register_rows(rows), tmp_path / "leaver.csv", dob=True, groups=True)


def test_a_pack_for_a_pupil_who_left_says_the_figures_end_there(tmp_path: Path) -> None:
    """P left the roll on Fri 20/11; the pack is made as of Fri 27/11. By hand: 100
    possible sessions (50 school days, 7 Sep to 20 Nov less the October holiday), 90
    attended, 10 `O` (first met Thu 19/11), the window 14/09 to 27/11. The pack's
    Attendance said "Period 1 September 2026 to 27 November 2026 (the school year to
    date)", a week P was not on roll, and stderr told the officer to "say so to the local
    authority" by hand. The period now ends on the day P left and says why (JSON
    `figures.period_end`). Boundary: a
    pupil on roll to the as-of date keeps "the school year to date"."""
    from test_evidence import pdf_text

    config, contacts = _school(tmp_path)
    export = _leaver(tmp_path)
    code, out, err = _pack(export, config, contacts, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["pupil"]["left_on"] == "2026-11-20"
    assert (doc["figures"]["possible"], doc["figures"]["attended"]) == (100, 90)
    assert doc["figures"]["period_end"] == "2026-11-20"
    assert doc["window"]["first_met"] == "2026-11-19"
    code, _, err = _pack(export, config, contacts, "-o", tmp_path / "p.pdf")
    assert code == 0, err
    text = _flat(pdf_text(tmp_path / "p.pdf")[0])
    assert (
        "Period 01/09/2026 to 20/11/2026 (the school year to the day the pupil "
        "left the roll)"
    ) in text, text
    assert "to 27/11/2026 (the school year to date)" not in text
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "--draft", "-o", tmp_path / "on.pdf")
    assert code == 0, err
    assert "Period 01/09/2026 to 27/11/2026 (the school year to date)" in _flat(
        pdf_text(tmp_path / "on.pdf")[0]
    )
    code, out, err = _pack(old, config, contacts, "--draft", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["figures"]["period_end"] == "2026-11-27"


def test_a_notice_to_improve_for_a_pupil_who_left_is_not_complete(tmp_path: Path) -> None:
    """A notice to improve asks for better attendance over the 3 to 6 weeks to come; P
    left the roll on 20/11, so the pack proposed an improvement period at a school P no
    longer attends (from Tue 01/12) and was "complete". Now a problem says so (the school
    P attends now, or the LA, acts). Boundary: a penalty notice for the offences P
    committed while on roll is still complete (the offence was committed)."""
    config, contacts = _school(tmp_path)
    export = _leaver(tmp_path)
    code, out, err = run_cli(
        "evidence", "P", export, "-c", config, "--contacts", contacts, "--for",
        "notice-to-improve", "--as-of", "2026-11-27", "--format", "json", "--draft",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["problems"] == [
        "the pupil left the roll on 20/11/2026: a notice to improve asks for better "
        "attendance at this school over the weeks to come, which a pupil no longer on roll "
        "cannot give; the school the pupil attends now, or the local authority, acts"
    ], out
    code, out, err = _pack(export, config, contacts, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["problems"] == []


def test_a_corrected_pack_for_the_same_window_replaces_the_first_in_the_check(
    tmp_path: Path,
) -> None:
    """Pack 1 (as of Fri 27/11) counted 11 `O`; Tue 24/11 AM was then found to be illness
    (`I`), and the officer made the corrected pack as of Sat 28/11 (the same window, 14/09
    to 27/11: 10 sessions), recorded as pack 2. The check kept saying pack 1 "rests on
    marks changed since ... send it the corrected figures", which pack 2 had done: the
    newest pack was kept per as-of date, not per window. Now the newest pack of a window
    is the one compared. Boundary: before pack 2 is made, pack 1's line is said."""
    from test_sweep_packs import _check, _said

    config, contacts = _school(tmp_path)
    eleven = TEN | {dt.date(2026, 11, 24): "O\\"}
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), eleven)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "1.pdf")
    assert code == 0, err
    fixed = _export(
        tmp_path, "fixed.csv", dt.date(2026, 11, 27), eleven | {dt.date(2026, 11, 24): "I\\"}
    )
    later = _export(
        tmp_path, "later.csv", dt.date(2026, 12, 4), eleven | {dt.date(2026, 11, 24): "I\\"}
    )
    assert len(_said(_check(later, config))) == 1
    code, _, err = _pack(fixed, config, contacts, "-o", tmp_path / "2.pdf", as_of="2026-11-28")
    assert code == 0, err
    assert "recorded: penalty-notice pack 2" in _flat(err), err
    assert [(p[3], p[4], p[5]) for p in _packs(config)] == [
        (dt.date(2026, 11, 27), (dt.date(2026, 9, 14), dt.date(2026, 11, 27)), 11),
        (dt.date(2026, 11, 28), (dt.date(2026, 9, 14), dt.date(2026, 11, 27)), 10),
    ]
    assert _said(_check(later, config)) == []


def test_the_signature_is_never_alone_on_a_page(tmp_path: Path) -> None:
    """The request with its notice to improve's period ran a line over its first page:
    "Prepared by / Signed / Date" stood alone at the top of page 2, signing nothing on
    it; so did a plain request of 16 unauthorised sessions (any of 16 to 20). The
    signature now goes with the section before it (the monitoring periods; with none,
    the notices on record): the page it is on holds them too."""
    from test_evidence import pdf_text

    config, contacts = _ladder_school(tmp_path)
    _record(config, "nti", dt.date(2026, 11, 2), "NTI given, 3 weeks")
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "p.pdf")
    assert code == 0, err
    pages = [_flat(t) for t in pdf_text(tmp_path / "p.pdf")]
    signed = [t for t in pages if "Prepared by" in t]
    assert len(signed) == 1 and "Monitoring periods" in signed[0], pages
    # (no periods: 16 sessions, `O` on 2-4 Nov too)
    sixteen = TEN | {dt.date(2026, 11, 2) + dt.timedelta(days=i): "OO" for i in range(3)}
    more = _export(tmp_path, "more.csv", dt.date(2026, 11, 27), sixteen)
    plain, _ = _school(tmp_path / "plain")
    code, _, err = _pack(more, plain, contacts, "-o", tmp_path / "q.pdf")
    assert code == 0, err
    pages = [_flat(t) for t in pdf_text(tmp_path / "q.pdf")]
    signed = [t for t in pages if "Prepared by" in t]
    assert len(signed) == 1 and "Penalty notices on record" in signed[0], pages
