"""Sweep evidence3: the evidence packs worked by hand (DOMAIN.md 5, 9; docs/evidence.md).

Registers from tests/test_sweep_evidence2.py's ``_school``: Monday 7 September to Friday
27 November 2026, half term 26-30 October, P the pupil of the pack, Mrs Ann Parent
(contact CP) the parent.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from test_sweep_evidence2 import O_WEEK, _evidence, _school

pypdf = pytest.importorskip("pypdf")

TEN_O = {**O_WEEK, dt.date(2026, 11, 23): "OO"}  # 16-19 Nov and 23 Nov: 10 O


def _drop_p_before(export, first: dt.date) -> None:
    """P's rows before ``first`` taken out: P joined the roll that day."""
    kept = []
    for line in export.read_text(encoding="utf-8").splitlines(True):
        if line.startswith("P,"):
            day = dt.datetime.strptime(line.split(",")[6], "%d/%m/%Y").date()
            if day < first:
                continue
        kept.append(line)
    export.write_text("".join(kept), encoding="utf-8")


def test_a_pack_for_a_pupil_who_joined_in_the_window_says_when(tmp_path):
    """P's first mark is Mon 5 Oct, four weeks after the exports begin (7 Sep): P joined
    the roll then. The window (14/09 to 27/11) holds three school weeks before it, blank
    on the register page, and the year's figures are 60 of 70 sessions, not the 110 the
    school was open. A pack said "left the roll on ..." for a leaver but nothing for a
    joiner, so the local authority read three blank weeks and a year of 70 sessions
    unexplained. The pack says when the pupil joined (On roll; JSON pupil.joined_on);
    one whose marks begin with the exports says nothing (the first mark says nothing of
    the days before them)."""
    export, config, contacts = _school(tmp_path, TEN_O)
    _drop_p_before(export, dt.date(2026, 10, 5))
    code, out, err = _evidence(export, config, contacts, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["complete"] is True
    assert doc["pupil"]["joined_on"] == "2026-10-05"
    assert (doc["figures"]["possible"], doc["figures"]["attended"]) == (70, 60)
    assert len(doc["window"]["unauthorised_sessions"]) == 10
    pdf = tmp_path / "p.pdf"
    code, _, err = _evidence(export, config, contacts, "-o", pdf)
    assert code == 0, err
    text = " ".join(pypdf.PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "On roll joined the roll on 05/10/2026" in text


def test_a_pupil_whose_marks_begin_with_the_exports_has_no_joining_date(tmp_path):
    """The boundary: P's first mark on the exports' first day (7 Sep) says nothing of a
    joining date, and a first mark on the next day (Tue 8 Sep) is one."""
    export, config, contacts = _school(tmp_path, TEN_O)
    code, out, err = _evidence(export, config, contacts, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["pupil"]["joined_on"] is None
    _drop_p_before(export, dt.date(2026, 9, 8))
    code, out, err = _evidence(export, config, contacts, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["pupil"]["joined_on"] == "2026-09-08"


@pytest.mark.parametrize(("last", "complete"), [("O/", False), ("OO", True)])
def test_a_notice_to_improve_needs_the_threshold_met(tmp_path, last, complete):
    """Seeds 000 (4.3) and 001 (21.3 a): a notice to improve is offered "if the national
    threshold has been met" and parents do not engage with support. O on 16-19 Nov (8)
    and Mon 23 Nov AM (9): 9 unauthorised sessions in the 10 school weeks 14/09 to 27/11,
    fewer than 10. The notice-to-improve pack was "complete", its page saying only "9
    sessions", so the local authority would return it. It is refused as a penalty
    notice's is (a draft with --draft); at 10 (23 Nov PM O too) it is complete."""
    export, config, contacts = _school(tmp_path, {**O_WEEK, dt.date(2026, 11, 23): last})
    kind = "notice-to-improve"
    code, out, err = _evidence(export, config, contacts, "--format", "json", "--draft", kind=kind)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["kind"] == "notice-to-improve"
    assert len(doc["window"]["unauthorised_sessions"]) == (9 if not complete else 10)
    assert doc["complete"] is complete
    if not complete:
        assert doc["problems"] == [
            "the threshold is not met: 9 unauthorised sessions in the 10 school weeks "
            "14/09/2026 to 27/11/2026, fewer than 10: a notice to improve is offered only "
            "where the threshold is met"
        ]
    pdf = tmp_path / "n.pdf"
    code, _, err = _evidence(export, config, contacts, "-o", pdf, kind=kind)
    assert (code == 0) is complete, err
    assert pdf.exists() is complete


def test_a_request_for_the_other_parent_tells_the_la_of_the_first_parent_s_notice(tmp_path):
    """Two parents, Mrs Ann Parent (CP, priority 1) and Mr Bob Parent (CQ). A notice to
    Mrs Parent on 27/11 rests on the window's 10 O (16-19 and 23 Nov). A request for Mr
    Parent counts the same 10 (a notice to each liable parent, DOMAIN.md 5; docs/
    decisions.md), and the run said so on stderr only: the pack, what the local
    authority reads, said "Penalty notices on record: None to this parent about this
    pupil", so it could not tell the absence had already been the subject of a notice to
    the other parent (seeds 000, 001: "usually only the parent/parents who allowed the
    absence"). The pack says it (PDF and JSON `notices_to_other_parents`); none on record,
    none said; Mrs Parent's own pack is refused (the sessions never count again)."""
    from clirun import run_cli
    from school import contacts_file

    export, config, _ = _school(tmp_path, TEN_O)
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("P", "CP", "Mrs", "Ann", "Parent"), ("P", "CQ", "Mr", "Bob", "Parent")],
    )
    code, out, err = _evidence(export, config, contacts, "--parent", "CQ", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["notices_to_other_parents"] == []
    code, _, err = run_cli(
        "pn", "record", "P", export, "--parent", "CP", "--date", "2026-11-27",
        "--contacts", contacts, "-c", config,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = _evidence(export, config, contacts, "--parent", "CQ", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["complete"] is True and len(doc["window"]["unauthorised_sessions"]) == 10
    line = (
        "10 of the window's unauthorised sessions also supported notice 1 to Mrs Ann Parent "
        "(contact CP) on 27/11/2026: they count for this parent too (a notice to each liable "
        "parent)"
    )
    assert doc["notices_to_other_parents"] == [line]
    pdf = tmp_path / "q.pdf"
    code, _, err = _evidence(export, config, contacts, "--parent", "CQ", "-o", pdf)
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages).split())
    assert line in text
    code, _, err = _evidence(export, config, contacts, "--parent", "CP", "-o", tmp_path / "p.pdf")
    assert code == 1 and "the threshold is not met: 0 unauthorised sessions" in err
