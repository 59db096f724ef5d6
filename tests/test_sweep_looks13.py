"""Sweep of 6 December (seventh), looks13: what a person sees after this round's changes.

Each register is built by hand, small, its answer worked out by hand from DOMAIN.md.
"""

from __future__ import annotations

from pathlib import Path

from clirun import run_cli
from test_sweep_layouts6 import _long_with

_LIST_TITLE = "Pupil list: all pupils (printed 18/09/2026)"


def _pupil_list(path: Path) -> Path:
    """A pupil list as an MIS report saves it: a title row above the headings, and R's
    ``NA`` for Pupil2's form (no form in the MIS)."""
    rows = [
        _LIST_TITLE,
        "UPN,Surname,Forename,Reg Group,Date Joined",
        "A10000000001,Pupil1,Kid1,7A,01/09/2026",
        "A10000000002,Pupil2,Kid2,NA,01/09/2026",
        "A10000000003,Pupil3,Kid3,7A,01/09/2026",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _said(err: str) -> str:
    return " ".join(err.split())


def test_check_says_the_pupil_list_s_notes_once(tmp_path: Path) -> None:
    """The list's title row was skipped and its ``NA`` read as no form, each said in the
    list's notes, which only `report` printed: `check --pupils` said neither."""
    export = _long_with(tmp_path / "reg.csv", "Year", "7")
    listed = _pupil_list(tmp_path / "pupils.csv")
    code, out, err = run_cli("check", export, "--pupils", listed)
    assert code == 0, err
    said = _said(err)
    assert said.count(repr(_LIST_TITLE)) == 1, err
    assert said.count("'NA' in column 'Reg Group' read as no form") == 1, err


def test_the_report_says_the_pupil_list_s_notes_once_and_governors_only_count_them(
    tmp_path: Path,
) -> None:
    """The report said the list's notes itself (the staff version, and the terminal):
    with the load saying them they are said once, in the page and on the terminal; the
    governors' version names no file, counting them among the notes kept to staff."""
    export = _long_with(tmp_path / "reg.csv", "Year", "7")
    listed = _pupil_list(tmp_path / "pupils.csv")
    for audience in ("staff", "governors"):
        page = tmp_path / f"{audience}.html"
        code, out, err = run_cli(
            "report", export, "--pupils", listed, "--audience", audience, "-o", page
        )
        assert code == 0, err
        said, html = _said(err), _said(page.read_text(encoding="utf-8"))
        assert said.count(repr(_LIST_TITLE)) == 1, err
        assert said.count("'NA' in column 'Reg Group' read as no form") == 1, err
        shown = 0 if audience == "governors" else 1
        assert html.count("Pupil list: all pupils (printed 18/09/2026)") == shown
        assert html.count("in column &#39;Reg Group&#39; read as no form") == shown
    # (the load's notes, kept from governors, counted: the two of the list)
    assert "2 notes about the export files" in html


def test_a_released_red_letter_for_agreed_absence_does_not_ask_the_reasons_it_has_given(
    tmp_path: Path,
) -> None:
    """REL away 6 days of festivals (12 R of 80 sessions, 85.0 %, red), the letter held
    and released: after "We know that much of ForenameREL's absence this year is recorded
    as religious observance, and we are not writing to blame anyone for it. If there is
    anything the school can do to help ... please tell us." it went on "As a parent, you
    have a legal duty ... We want to work with you to understand the reasons for the
    absence and to remove any barriers": the reasons it had just named asked for, the help
    offered twice, the blame it had just disowned.  The agreed paragraph now stands in
    that one's place, as in the amber letter; MIX (3 R, 3 O) keeps it."""
    from builders import register
    from test_letters import html_text, run

    reg = register({"REL": "/ " * 34 + "R " * 6, "MIX": "/ " * 34 + "R " * 3 + "O " * 3})
    made = run(tmp_path, reg, include_held=True, only=["red"])
    texts = {x.upn: html_text(tmp_path / "out" / x.html_file) for x in made.letters}
    rel, mix = texts["REL"], texts["MIX"]
    assert "we are not writing to blame anyone for it" in rel
    assert "understand the reasons for the absence" not in rel, rel
    assert "legal duty" not in rel, rel
    assert (
        "You have a legal duty to make sure ForenameMIX attends school regularly. "
        "We want to work with you to understand the reasons for the absence and to remove any "
        "barriers, in school or at home."
    ) in mix, mix


def test_a_red_letter_to_a_foster_carer_does_not_call_her_a_parent(tmp_path: Path) -> None:
    """The further red letter about LAC, released to the foster carer (Ms Fay Foster; the
    council holds parental responsibility) began its duty "As a parent, you have a legal
    duty to make sure ForenameLAC attends school regularly": she is not LAC's parent, and a
    carer's duty is hers as one who has the child's care (Education Act 1996, s576).  The
    severe letter says it as "You have a legal duty ..."; the red one now says it so, to
    every contact (a grandparent, a carer, a parent alike)."""
    from test_sweep_lacletter import LOOKED_AFTER, _further_red

    texts = _further_red(tmp_path, LOOKED_AFTER)
    for upn in ("LAC", "BIO"):
        assert "As a parent" not in texts[upn], texts[upn]
        assert (
            f"You have a legal duty to make sure Forename{upn} attends school regularly."
            in texts[upn]
        )
