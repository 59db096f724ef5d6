"""A pupil id typed as a spreadsheet shows it (1003 for the MIS's 001003), and a pupil list
read with the school's [columns] (docs/decisions.md, "A pupil id typed without its
leading zeros" and "A pupil list reads [columns]").

Kai (Adno 001003), Mon 07/09 - Fri 18/09/2026: present 5 days, then N 5 days: attended 10
of 20 sessions, unauthorised 10.  Siân (001006) present every day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attcli.config import parse_config
from attcli.errors import AttcliError
from attcli.pupil import pupil_record
from attcli.pupil_ids import match_typed_id
from attcli.store import History, history_path
from builders import register, school_days
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

D = dt.date
DAYS = school_days(D(2026, 9, 7), 10)  # Mon 07/09 - Fri 18/09/2026


def said(text: str) -> str:
    return " ".join(text.split())


def export(path: Path, header: str = "MIS ID") -> Path:
    lines = [f"{header},Surname,Forename,Date of Birth,Date,Session,Mark"]
    for i, day in enumerate(DAYS):
        for session in ("AM", "PM"):
            kai = "N" if i >= 5 else ("/" if session == "AM" else "\\")
            sian = "/" if session == "AM" else "\\"
            lines.append(f"001003,Nguyen,Kai,06/05/2015,{day:%d/%m/%Y},{session},{kai}")
            lines.append(f"001006,Walsh,Siân,01/02/2015,{day:%d/%m/%Y},{session},{sian}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_pupil_record_finds_001003_typed_as_1003_and_says_so(tmp_path):
    ws = make_workspace(tmp_path / "school")
    reg = export(tmp_path / "reg.csv")
    code, out, err = run_cli("pupil", "1003", reg, "-c", ws)
    assert code == 0, err
    assert "Kai Nguyen  UPN 001003 (typed 1003: the same id without its leading zeros)" in out
    assert "10 of 20" in out  # 5 days present of 10


def test_an_exact_id_is_taken_before_one_with_leading_zeros():
    assert match_typed_id("1003", ["001003", "1003"]) == "1003"
    assert match_typed_id(" 1003 ", ["001003", "001006"]) == "001003"
    assert match_typed_id("01003", ["001003"]) == "001003"
    assert match_typed_id("1004", ["001003"]) == "1004"  # the caller's "not found"
    assert match_typed_id("A1003", ["001003"]) == "A1003"  # digits only


def test_a_typed_id_two_pupils_could_be_is_refused_naming_both():
    cfg = parse_config('[school]\nname = "Oakfield Academy"\n')
    reg = register({"001003": "/\\ /\\", "0001003": "N N"})
    with pytest.raises(AttcliError) as e:
        pupil_record(reg, cfg, "1003")
    assert str(e.value) == (
        "pupil id 1003 could be 0001003 or 001003 in the exports (ids that differ only by "
        "leading zeros): give the id in full, as the MIS has it"
    )


def test_pn_record_of_1003_stores_the_register_s_001003(tmp_path):
    """Kai's father (contact 9001) is issued a notice on Mon 21/09/2026: the window's
    unauthorised sessions are Kai's 10 N (14-18/09); the notice is kept under 001003."""
    ws = make_workspace(tmp_path / "school")
    reg = export(tmp_path / "reg.csv")
    book = contacts_file(tmp_path / "contacts.csv", [("001003", "9001", "Mr", "Tam", "Nguyen")])
    code, out, err = run_cli(
        "pn", "record", "1003", reg, "--parent", "9001", "--contacts", book,
        "--date", "2026-09-21", "-c", ws,
    )  # fmt: skip
    assert code == 0, err
    assert "about 001003 on 21/09/2026" in out
    assert "it covers 10 unauthorised sessions" in out
    from attcli.config import load_config

    with History(history_path(load_config(ws))) as store:
        assert [n.upn for n in store.notices("001003")] == ["001003"]
        assert store.notices("1003") == []


def test_a_pupil_list_headed_as_the_school_s_columns_map_the_id_is_read(tmp_path):
    """[columns] mis_id = "Adno": the register's Adno column is read, and now the pupil
    list's too.  The list gives Kai's UPN and a joining date of Mon 14/09: on roll 14-18/09,
    10 sessions, all N (the 10 marks before it are outside the time on roll)."""
    ws = make_workspace(tmp_path / "school")
    ws.write_text(
        ws.read_text(encoding="utf-8").replace("[columns]\n", '[columns]\nmis_id = "Adno"\n', 1),
        encoding="utf-8",
    )
    reg = export(tmp_path / "reg.csv", header="Adno")
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "Adno,UPN,Surname,Forename,Admission Date\n"
        "001003,A999200101003,Nguyen,Kai,14/09/2026\n"
        "001006,A999200101006,Walsh,Siân,07/09/2026\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("pupil", "A999200101003", reg, "--pupils", listed, "-c", ws)
    assert code == 0, err
    assert "0 of 10" in out
    assert "Outside the time on roll the pupil list gives: 10 marks, 07/09/2026 to 11/09/2026" in said(out)


def test_case_record_of_1003_is_kept_under_the_run_s_001003(tmp_path):
    ws = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    reg = export(tmp_path / "reg.csv")
    code, _, err = run_cli("cases", reg, "-c", ws, "--as-of", "2026-09-18")
    assert code == 0, err
    code, out, err = run_cli(
        "case", "record", "1003", "--action", "amber", "--date", "2026-09-21", "-c", ws
    )
    assert code == 0, err
    assert "recorded 1: amber for 001003 on 21/09/2026" in out


# A UPN typed as a person types one: in small letters, or with a space (sweep3 case1).  The
# exports, pupil lists and contacts read "e999200101003" and "E999 200101003" as
# E999200101003 (loaders._values.upn_text); a UPN typed on the command line is read the
# same way, so a notice is kept under the pupil it is about.


def upn_export(path: Path) -> Path:
    """Kai (E999200101003) as :func:`export`'s 001003: 10 N sessions 14-18/09/2026."""
    text = export(path).read_text(encoding="utf-8")
    text = text.replace("MIS ID,", "UPN,", 1).replace("001003,", "E999200101003,")
    path.write_text(text.replace("001006,", "E999200101006,"), encoding="utf-8")
    return path


def kai_and_father(tmp_path: Path) -> tuple[Path, Path]:
    """:func:`upn_export`, and a contacts export with Kai's father (contact 9001)."""
    reg = upn_export(tmp_path / "reg.csv")
    book = contacts_file(
        tmp_path / "contacts.csv", [("E999200101003", "9001", "Mr", "Tam", "Nguyen")]
    )
    return reg, book


def test_a_upn_typed_in_small_letters_or_with_a_space_is_the_upn():
    known = ["E999200101003", "E999200101006"]
    assert match_typed_id("e999200101003", known) == "E999200101003"
    assert match_typed_id(" E999 200101003 ", known) == "E999200101003"
    assert match_typed_id("abc1", ["ABC1"]) == "abc1"  # not a UPN: as typed (an MIS's id)


@pytest.mark.parametrize("typed", ["e999200101003", "E999 200101003"])
def test_the_pupil_record_finds_a_upn_typed_in_small_letters_or_with_a_space(tmp_path, typed):
    ws = make_workspace(tmp_path / "school")
    reg = upn_export(tmp_path / "reg.csv")
    code, out, err = run_cli("pupil", typed, reg, "-c", ws)
    assert code == 0, err
    assert "Kai Nguyen  UPN E999200101003  " in out
    assert "leading zeros" not in out


def test_pn_record_list_next_and_merge_of_a_upn_typed_in_small_letters(tmp_path):
    ws = make_workspace(tmp_path / "school")
    reg, book = kai_and_father(tmp_path)
    code, out, err = run_cli(
        "pn", "record", "e999200101003", reg, "--parent", "9001", "--contacts", book,
        "--date", "2026-09-21", "-c", ws,
    )  # fmt: skip
    assert code == 0, err
    assert "about E999200101003 on 21/09/2026" in out
    assert "it covers 10 unauthorised sessions" in out
    code, out, err = run_cli("check", reg, "-c", ws, "--as-of", "2026-09-21")
    assert code == 0, err
    assert "none on record" not in out
    # and pn list, pn next and pupil merge read it so too
    code, out, err = run_cli("pn", "list", "--upn", "e999200101003", "--json", "-c", ws)
    assert code == 0, err
    assert '"E999200101003"' in out
    code, out, err = run_cli(
        "pn", "next", "e999 200101003", "--parent", "9001", "--contacts", book,
        "--date", "2026-09-28", "-c", ws,
    )  # fmt: skip
    assert code == 0, err
    assert "second" in out.lower()
    code, out, err = run_cli("pupil", "merge", "e999200101003", "e999200101006", "-c", ws)
    assert code == 0, err
    assert (
        "moved from E999200101003 to E999200101006: 0 letters, 1 penalty notice, 10 covered "
        "sessions, 0 casebook records, 0 LA return rows, 0 recorded check rows"
    ) in said(out)


def test_evidence_and_case_record_read_a_upn_typed_with_a_space(tmp_path):
    ws = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    reg, book = kai_and_father(tmp_path)
    code, out, err = run_cli(
        "evidence", "E999 200101003", reg, "--for", "penalty-notice", "--contacts", book,
        "--draft", "-o", tmp_path / "pack.pdf", "-c", ws,
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli("cases", reg, "-c", ws, "--as-of", "2026-09-18")
    assert code == 0, err
    code, out, err = run_cli(
        "case", "record", "e999 200101003", "--action", "amber", "--date", "2026-09-21", "-c", ws
    )
    assert code == 0, err
    assert "recorded 1: amber for E999200101003 on 21/09/2026" in out
