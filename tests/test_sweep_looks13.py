"""Sweep of 6 December (seventh), looks13: what a person sees after this round's changes.

Each register is built by hand, small, its answer worked out by hand from DOMAIN.md.
"""

from __future__ import annotations

import datetime as dt
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
    """The red letter about LAC (every fifth day O: 64/80 = 80.0 %), held as looked after
    and released to the foster carer (Ms Fay Foster; the council holds parental
    responsibility), began its duty "As a parent, you have a legal duty to make sure
    ForenameLAC attends school regularly": she is not LAC's parent, and a carer's duty is
    hers as one who has the child's care (Education Act 1996, s576).  The severe letter
    says it as "You have a legal duty ..."; the red one now says it so, to every contact (a
    grandparent, a carer, a parent alike: BIO's mother too)."""
    from builders import register
    from test_sweep_lacletter import _released_to_carer

    reg = register({u: ("/ " * 4 + "O ") * 8 for u in ("LAC", "BIO")})
    texts = dict(zip(("LAC", "BIO"), _released_to_carer(tmp_path, reg, "red"), strict=True))
    for upn, text in texts.items():
        assert "As a parent" not in text, text
        assert f"You have a legal duty to make sure Forename{upn} attends school regularly." in text


def test_a_forgotten_letter_s_file_still_stops_no_later_letters_run(
    tmp_path: Path, monkeypatch
) -> None:
    """C away (O) every fifth day: 8/10 = 80.0 % by 18/09, red; the red letter on 21/09
    into out/.  The family asks for C's records to be erased (`pupil forget C --force
    --yes`); the next run that day writes C's letter again, named apart
    (C_..._red_Autumn-1.pdf: the folder's manifest still listed the first, slips6).  That
    run's manifest listed only the letters on record, so the first file, still in the
    folder, was known to nothing: Autumn 2's run (80.0 % to 06/11, red) was refused whole,
    "C_SurnameC_ForenameC_red.pdf already exists and attcli has no record of writing it",
    A's and B's letters with it.  Now the manifest keeps listing a forgotten letter whose
    file is in the folder, and Autumn 2's letter is written under a name of its own."""
    import polars as pl

    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace
    from test_letters import AUTUMN_HOLIDAY

    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    reg = register({"A": "/ " * 40, "B": "/ " * 40, "C": "/ / / / O " * 8}, holidays=AUTUMN_HOLIDAY)
    wk2 = write_long_csv(reg.filter(pl.col("date") <= dt.date(2026, 9, 18)), tmp_path / "wk2.csv")
    nov = write_long_csv(reg, tmp_path / "nov.csv")
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("A", "C1", "Mrs", "Ann", "A"), ("B", "C2", "Mr", "Bob", "B"), ("C", "C3", "Ms", "Cat", "C"),
    ])  # fmt: skip
    out = tmp_path / "out"

    def letters(export: Path, today: str) -> tuple[int, str, str]:
        monkeypatch.setenv("ATTCLI_TODAY", today)
        return run_cli("letters", export, "--contacts", contacts, "--out", out, "-c", config)

    code, said, err = letters(wk2, "2026-09-21")
    assert code == 0 and "1 letter written" in said, err
    code, said, err = run_cli("pupil", "forget", "C", "--force", "--yes", "-c", config)
    assert code == 0, err
    code, said, err = letters(wk2, "2026-09-21")
    assert code == 0 and "1 letter written" in said, err
    code, said, err = letters(nov, "2026-11-09")
    assert code == 0, err
    assert "1 letter written" in said, said
    assert sorted(p.name for p in out.glob("C_*.pdf")) == [
        "C_SurnameC_ForenameC_red.pdf",
        "C_SurnameC_ForenameC_red_Autumn-1.pdf",
        "C_SurnameC_ForenameC_red_Autumn-2.pdf",
    ]


def test_one_looked_after_pupil_s_social_worker_is_theirs_not_each_one_s() -> None:
    """The LA files' and cme's looked-after line for one pupil said "1 pupil listed is
    looked after (...): tell each one's social worker ...": "each one" of one.  One pupil's
    is "their social worker"; two pupils' still "each one's"."""
    from attcli.looked_after import listed_line

    told = "of the attendance this file reports"
    one = listed_line(["REGY"], {"REGY": True}, None, told)
    assert one is not None and "each one's" not in one, one
    assert "is not known): tell their social worker of the attendance this file reports" in one
    two = listed_line(["REGY", "REGZ"], {"REGY": True, "REGZ": True}, None, told)
    assert two is not None and "tell each one's social worker of the attendance" in two, two


# (pn record saying why an earlier notice before the framework is not counted, beside the
# "first" it gives the new one: in test_sweep_rules3's notice test, which records the same
# two notices)
