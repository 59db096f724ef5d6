"""A pupil not of compulsory school age is never quoted a next notice or a fine (DOMAIN.md 5).

A tester (pn5) recorded a notice on Fri 27/06/2025 to the mother of a Year 11 pupil born
31/08/2009, then `attcli pupil --as-of 2025-07-04` said "next notice to ...: second" and
the evidence pack's JSON gave ``this_notice: "second"`` beside
``compulsory_school_age: false``; check already said nothing.  Worked by hand:

    born 31/08/2009: 16 on 31/08/2025, in the school year 2024/25 (1 Sep 2024 - 31 Aug
    2025); the last Friday in June 2025 is 27/06/2025 (30/06 is a Monday), so compulsory
    school age ends on Fri 27/06/2025: of it on 27/06, not on Mon 30/06 nor on Fri 04/07.

The register (builders.register, from Mon 02/06/2025, 25 school days to Fri 04/07/2025):
11 days present (02/06 - 16/06), G Tue 17/06 - Fri 20/06 (8 sessions), 4 days present
(23/06 - 26/06), G Fri 27/06 (2 sessions), 5 days present (30/06 - 04/07).

A Reception pupil born 01/01/2020 (the tester's Gus): 5 on 01/01/2025, so of compulsory
school age from the next prescribed day, 31/03/2025.  As of Fri 14/02/2025 his 10 O of
Mon 13/01 - Fri 17/01/2025 are in the window but before it: none counts, and the pack
says why (it said only "0 unauthorised sessions in the window").
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from attcli.config import parse_config
from attcli.contacts import Contact
from attcli.evidence.build import PENALTY_NOTICE, build_pack, pack_json
from attcli.pupil import pupil_record
from attcli.store import History, Parent
from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

OLA = "OLA"
OLA_BORN = dt.date(2009, 8, 31)
OLA_MARKS = "/ " * 11 + "G " * 4 + "/ " * 4 + "G " + "/ " * 5
GUS = "GUS"
GUS_BORN = dt.date(2020, 1, 1)
# Mon 06/01/2025 to Fri 14/02/2025 (30 school days): O on Mon 13/01 - Fri 17/01
GUS_MARKS = "/ " * 5 + "O " * 5 + "/ " * 20
MOTHER = Parent("id:C1", "Mrs Ann Leaver")
NOT_CSA = "not of compulsory school age: no penalty notice"


def ola_register():
    return register({OLA: OLA_MARKS}, start=dt.date(2025, 6, 2), dob={OLA: OLA_BORN},
                    year_group="11")  # fmt: skip


def config(tmp: Path):
    return parse_config(f'[school]\nname = "Leavers School"\n[history]\npath = "{tmp / "h.sqlite3"}"\n')


def notice_on_27_june(tmp: Path) -> None:
    with History(tmp / "h.sqlite3", write=True) as store:
        store.record_notice(OLA, MOTHER, dt.date(2025, 6, 27), "LA ref", by="test")


MOTHER_CONTACT = Contact(OLA, "C1", "Mrs", "Ann", "Leaver", parental_responsibility=True)


@pytest.mark.parametrize(
    ("as_of", "csa", "said"),
    [
        (dt.date(2025, 6, 27), True, "second"),  # the last Friday in June: still of age
        (dt.date(2025, 6, 30), False, NOT_CSA),
        (dt.date(2025, 7, 4), False, NOT_CSA),
    ],
)
def test_the_pupil_record_quotes_no_next_notice_past_compulsory_school_age(
    tmp_path, as_of, csa, said
) -> None:
    notice_on_27_june(tmp_path)
    rec = pupil_record(ola_register(), config(tmp_path), OLA, as_of=as_of)
    assert rec.row["compulsory_school_age"] is csa
    assert rec.next_notice == {"Mrs Ann Leaver": said}


@pytest.mark.parametrize(
    ("as_of", "this_notice"),
    [(dt.date(2025, 6, 27), "second"), (dt.date(2025, 6, 30), NOT_CSA), (dt.date(2025, 7, 4), NOT_CSA)],
)
def test_the_evidence_pack_quotes_no_notice_past_compulsory_school_age(
    tmp_path, as_of, this_notice
) -> None:
    notice_on_27_june(tmp_path)
    cfg = config(tmp_path)
    rec = pupil_record(ola_register(), cfg, OLA, as_of=as_of)
    pack = build_pack(rec, cfg, PENALTY_NOTICE, parent=MOTHER_CONTACT, made_on=dt.date(2025, 7, 4))
    doc = pack_json(pack)
    assert doc["this_notice"] == this_notice
    if as_of > dt.date(2025, 6, 27):
        assert doc["pupil"]["compulsory_school_age"] is False
        # the refusal says when the age ended and gives its own advice, not "the MIS"
        refusal = (
            f"not of compulsory school age on {as_of:%d/%m/%Y} (born 31/08/2009: compulsory "
            "school age ended on 27/06/2025): no penalty notice can be issued"
        )
        assert [p for p in doc["problems"] if p.startswith(refusal)]


def test_check_quotes_no_next_notice_past_compulsory_school_age(tmp_path) -> None:
    """check already said it (a guard: the same rule as the pupil record and the pack)."""
    from attcli.check import check_register

    notice_on_27_june(tmp_path)
    cfg = config(tmp_path)
    reg = register({OLA: "/ " * 11 + "G " * 5 + "/ " * 4 + "G " * 5}, start=dt.date(2025, 6, 2),
                   dob={OLA: OLA_BORN}, year_group="11")  # fmt: skip
    row = check_register(reg, cfg, as_of=dt.date(2025, 7, 4)).pupils.row(0, named=True)
    assert row["pn_next_notice"] is None
    assert "NOT of compulsory school age: no penalty notice" in row["reason_pn"]
    assert "GBP" not in row["reason_pn"]


def test_a_threshold_not_met_says_the_sessions_before_compulsory_school_age_do_not_count(
    tmp_path,
) -> None:
    cfg = config(tmp_path)
    reg = register({GUS: GUS_MARKS}, start=dt.date(2025, 1, 6), dob={GUS: GUS_BORN},
                   year_group="R")  # fmt: skip
    rec = pupil_record(reg, cfg, GUS, as_of=dt.date(2025, 2, 14))
    parent = Contact(GUS, "C9", "Mr", "Gil", "Small", parental_responsibility=True)
    pack = build_pack(rec, cfg, PENALTY_NOTICE, parent=parent, made_on=dt.date(2025, 2, 14))
    texts = [p.text() for p in pack.problems]
    assert (
        "not of compulsory school age on 14/02/2025 (born 01/01/2020: of compulsory school "
        "age from 31/03/2025): no penalty notice can be issued"
    ) in texts[-2]
    assert texts[-1] == (
        # the window's 6 school weeks from the register's first (it said "the 10 school
        # weeks" of six weeks' dates: sweep consistency)
        "the threshold is not met: 0 unauthorised sessions in the 6 school weeks 06/01/2025 "
        "to 14/02/2025, fewer than 10; 10 more of the window's unauthorised sessions "
        "(13/01/2025 to 17/01/2025) were before compulsory school age (from 31/03/2025) and "
        "never count"
    )
    assert pack_json(pack)["this_notice"] == NOT_CSA


def test_the_refusal_of_a_pack_no_register_fix_completes_does_not_send_to_the_mis(
    tmp_path,
) -> None:
    cfg_file = make_workspace(tmp_path / "school")
    export = write_long_csv(ola_register(), tmp_path / "reg.csv", dob=True, groups=True)
    contacts = contacts_file(tmp_path / "contacts.csv", [(OLA, "C1", "Mrs", "Ann", "Leaver")])
    with History(cfg_file.parent / "attcli-history.sqlite3", write=True) as store:
        store.record_notice(OLA, MOTHER, dt.date(2025, 6, 27), "LA ref", by="test")
    code, _, err = run_cli(
        "evidence", OLA, export, "--for", "penalty-notice", "--contacts", contacts,
        "-c", cfg_file, "--as-of", "2025-07-04", "-o", tmp_path / "p.pdf",
    )  # fmt: skip
    assert code == 1
    said = " ".join(err.split())
    assert "not of compulsory school age on 04/07/2025" in said
    assert "in the MIS, or write a draft" not in said
    assert "see each for what, if anything, would fix it, or write a draft with --draft" in said
    code, out, err = run_cli(
        "evidence", OLA, export, "--for", "penalty-notice", "--contacts", contacts,
        "-c", cfg_file, "--as-of", "2025-07-04", "--format", "json", "--draft",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["this_notice"] == NOT_CSA


def test_the_pupil_command_says_no_penalty_notice_instead_of_the_next(tmp_path) -> None:
    cfg_file = make_workspace(tmp_path / "school")
    export = write_long_csv(ola_register(), tmp_path / "reg.csv", dob=True, groups=True)
    with History(cfg_file.parent / "attcli-history.sqlite3", write=True) as store:
        store.record_notice(OLA, MOTHER, dt.date(2025, 6, 27), "LA ref", by="test")
    code, out, err = run_cli("pupil", OLA, export, "-c", cfg_file, "--as-of", "2025-07-04")
    assert code == 0, err
    assert f"next notice to Mrs Ann Leaver: {NOT_CSA}" in out
    assert "second" not in out


# ------------------------------------------------------------ pn next and pn list (review10)
# Kit King, born 10/05/2010: 16 on 10/05/2026, in the school year 2025/26; 30/06/2026 is a
# Tuesday, so the last Friday in June is 26/06/2026: of compulsory school age on Fri 26/06,
# not on Mon 29/06 nor Wed 01/07.  A first notice to his mother recorded on 26/06/2026
# (pn record, which reads his date of birth from the exports) makes the next one to her a
# second while he is of age; after it, neither parent is quoted one.  pn next and pn list
# read no register: the date of birth is the one kept with the notice.

KIT = "K999201234575"
KIT_BORN = dt.date(2010, 5, 10)
NOT_CHECKED = "compulsory school age not checked: no date of birth on record"


def kit_workspace(tmp: Path, *, dob: bool = True) -> tuple[Path, Path]:
    """A workspace with the mother's notice of 26/06/2026 recorded by pn record from an
    export of Mon 01/06 - Fri 26/06/2026 (G 22/06 - 26/06: 10 sessions)."""
    ws = make_workspace(tmp / "school")
    reg = register({KIT: "/ " * 15 + "G " * 5}, start=dt.date(2026, 6, 1),
                   dob={KIT: KIT_BORN}, year_group="11")  # fmt: skip
    export = write_long_csv(reg, tmp / "reg.csv", dob=dob, groups=True)
    book = contacts_file(tmp / "contacts.csv", [(KIT, "80002", "Mrs", "Mum1", "King"),
                                                 (KIT, "80003", "Mr", "Dad1", "King")])  # fmt: skip
    code, _, err = run_cli("pn", "record", KIT, export, "--parent", "80002", "--contacts", book,
                           "--date", "2026-06-26", "-c", ws)  # fmt: skip
    assert code == 0, err
    return ws, book


@pytest.mark.parametrize(
    ("on", "said"),
    [("2026-06-26", "second (GBP 160)"), ("2026-06-29", NOT_CSA), ("2026-07-01", NOT_CSA)],
)
def test_pn_next_quotes_no_notice_past_compulsory_school_age(tmp_path, on, said) -> None:
    ws, book = kit_workspace(tmp_path)
    code, out, err = run_cli("pn", "next", KIT, "--parent", "Mrs Mum1 King", "--date", on, "-c", ws)
    assert (code, out) == (0, said + "\n"), err
    # the father has no notice on record: a first while Kit is of age, else none
    code, out, err = run_cli("pn", "next", KIT, "--parent", "80003", "--contacts", book,
                             "--date", on, "-c", ws)  # fmt: skip
    father = "first (GBP 80 if paid within 21 days, 160 within 28)" if on == "2026-06-26" else NOT_CSA
    assert (code, out) == (0, father + "\n"), err


@pytest.mark.parametrize(
    ("today", "said", "csa"),
    [("2026-06-26", "second (GBP 160)", True), ("2026-07-23", NOT_CSA, False)],
)
def test_pn_list_quotes_no_notice_past_compulsory_school_age(
    tmp_path, monkeypatch, today, said, csa
) -> None:
    ws, _ = kit_workspace(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", today)
    code, out, err = run_cli("pn", "list", "-c", ws, width=300)
    assert code == 0, err
    assert said in out and ("GBP" in out) is csa
    code, out, err = run_cli("pn", "list", "--json", "-c", ws)
    [row] = json.loads(out)
    assert (row["next_notice_today"], row["compulsory_school_age"]) == (said.split(" (")[0], csa)
    assert row["pupil_dob"] == "2010-05-10"


def test_an_older_notice_takes_the_date_of_birth_from_the_latest_run_snapshot(tmp_path) -> None:
    """A notice recorded before the date of birth was kept with it (None): the latest run
    snapshot's, as the pupil's name is filled."""
    ws = make_workspace(tmp_path / "school")
    with History(ws.parent / "attcli-history.sqlite3", write=True) as store:
        store.record_notice(KIT, Parent("id:80002", "Mrs Mum1 King"), dt.date(2026, 6, 26), by="t")
        assert store.notices(KIT)[0].pupil_dob is None
        store.add_snapshot(dt.date(2026, 6, 19), "reg.csv", [("", KIT, 0, 0, None, "", None, None, None)],
                           names={("", KIT): ("King", "Kit", KIT_BORN)})  # fmt: skip
        assert store.pupil_dob(KIT) == KIT_BORN
    code, out, _ = run_cli("pn", "next", KIT, "--parent", "Mrs Mum1 King", "--date", "2026-07-01", "-c", ws)
    assert out == NOT_CSA + "\n"


def test_with_no_date_of_birth_the_answer_says_the_age_is_not_checked(tmp_path, monkeypatch) -> None:
    """An export with no date of birth (pn record warns and records the notice), and a UPN
    with no notice on record: pn next and pn list give the answer and say so beside it."""
    ws, _ = kit_workspace(tmp_path, dob=False)
    code, out, _ = run_cli("pn", "next", KIT, "--parent", "Mrs Mum1 King", "--date", "2026-07-01", "-c", ws)
    assert out == f"second (GBP 160); {NOT_CHECKED}\n"
    code, out, _ = run_cli("pn", "next", "X999", "--parent", "Ms New", "--date", "2026-07-01", "-c", ws)
    assert out == f"first (GBP 80 if paid within 21 days, 160 within 28); {NOT_CHECKED}\n"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-07-23")
    code, out, _ = run_cli("pn", "list", "-c", ws, width=300)
    assert f"second (GBP 160); {NOT_CHECKED}" in " ".join(out.split())
    code, out, _ = run_cli("pn", "list", "--json", "-c", ws)
    assert json.loads(out)[0]["compulsory_school_age"] is None
