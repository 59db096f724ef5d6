"""An admission number (MIS id) whose leading zeros a spreadsheet dropped: the same pupil
when the names agree (docs/decisions.md, "An MIS id without its leading zeros")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from attcli.cme import cme_runs
from attcli.config import Config
from attcli.engine import evaluate
from attcli.errors import InputError
from attcli.loaders import load_registers, read_pupil_list
from builders import school_days

D = dt.date
ADNO = {"mis_id": "Adno"}
WEEKS_1_2 = school_days(D(2026, 9, 7), 10)  # Mon 07/09 - Fri 18/09/2026
WEEK_3 = school_days(D(2026, 9, 21), 5)  # Mon 21/09 - Fri 25/09/2026
HEADER = ["Adno", "Surname", "Forename", "Date", "Session", "Mark"]


def rows(pupils: list[tuple[object, str, str, list[str]]], days: list[dt.date]) -> list[list]:
    """A long register: a row per pupil and session, ``marks`` a day each ("/\\" or "N")."""
    out = []
    for day_i, day in enumerate(days):
        for adno, surname, forename, marks in pupils:
            day_marks = marks[day_i]
            for s, session in enumerate(("AM", "PM")):
                mark = day_marks if day_marks == "N" else day_marks[s]
                out.append([adno, surname, forename, day, session, mark])
    return out


def weeks_1_2_csv(tmp_path: Path, kai: str = "001003") -> Path:
    """The MIS's own CSV: Adno zero-padded.  Kai present 07-11/09, N 14-18/09; Siân present."""
    path = tmp_path / "adno_wk12.csv"
    body = rows(
        [
            (kai, "Nguyen", "Kai", ["/\\"] * 5 + ["N"] * 5),
            ("001006", "Walsh", "Siân", ["/\\"] * 10),
        ],
        WEEKS_1_2,
    )
    lines = [",".join(HEADER)] + [
        ",".join([*map(str, r[:3]), f"{r[3]:%d/%m/%Y}", *r[4:]]) for r in body
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def week_3_xlsx(tmp_path: Path, kai_name: tuple[str, str] = ("Nguyen", "Kai")) -> Path:
    """The same export opened in Excel and saved as a workbook: Adno a number (1003), the
    zeros gone.  Kai N all week; Siân present; Jo (1007) joins, no twin in the CSV."""
    path = tmp_path / "adno_wk3.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows(
        [
            (1003, *kai_name, ["N"] * 5),
            (1006, "Walsh", "Siân", ["/\\"] * 5),
            (1007, "Joiner", "Jo", ["/\\"] * 5),
        ],
        WEEK_3,
    ):
        ws.append(r)
    wb.save(path)
    return path


def pl_upn(upn: str) -> pl.Expr:
    return pl.col("upn").cast(pl.Utf8) == upn


def test_kai_s_ten_day_run_is_found_across_the_csv_and_the_resaved_workbook(tmp_path):
    """Kai: N Mon 14/09 - Fri 18/09 (the CSV, Adno 001003) and Mon 21/09 - Fri 25/09 (the
    workbook, Adno 1003): 5 + 5 = 10 continuous school days from 14/09, last attended Fri
    11/09, still absent on 25/09: a CME case (DOMAIN.md 6).  Read as two pupils, 001003
    "left" on 18/09 after 5 days and 1003 joined with 5: no run of 10, "0 runs"."""
    csv, xlsx = weeks_1_2_csv(tmp_path), week_3_xlsx(tmp_path)
    loaded = load_registers([csv, xlsx], columns=ADNO)
    # three pupils: Kai and Siân under the padded id, Jo (no twin) as exported
    assert sorted(loaded.register.get_column("upn").cast(str).unique()) == [
        "001003", "001006", "1007",
    ]  # fmt: skip
    assert loaded.register.filter(pl_upn("001003")).height == 30  # 15 days x 2 sessions
    assert (
        f"Adno 1003 in {xlsx} read as 001003 (and 1 more id of that file): a spreadsheet "
        "drops an id's leading zeros when it saves it as a number (Excel), and the two agree "
        "on the pupil's name (Nguyen, Kai)"
    ) in loaded.warnings
    ev = evaluate(loaded.take_compact(), Config(), as_of=D(2026, 9, 25))
    runs = cme_runs(ev, 10)
    assert runs.select(
        "upn", "run_start", "run_end", "run_days", "last_attended", "status"
    ).rows() == [("001003", D(2026, 9, 14), D(2026, 9, 25), 10, D(2026, 9, 11), "absent")]


def test_an_id_that_differs_only_by_zeros_but_names_another_child_is_refused(tmp_path):
    """1003 in the workbook is 'Patel, Ravi', 001003 in the CSV 'Nguyen, Kai': never taken
    as one pupil, nor silently as two."""
    csv, xlsx = weeks_1_2_csv(tmp_path), week_3_xlsx(tmp_path, ("Patel", "Ravi"))
    with pytest.raises(InputError) as info:
        load_registers([csv, xlsx], columns=ADNO)
    assert str(info.value) == (
        f"{xlsx}, row 2: Adno 1003 ('Patel, Ravi') and 001003 in {csv} ('Nguyen, Kai') "
        "differ only by leading zeros but name different pupils, so attcli cannot tell "
        "whether they are one pupil (column 'Adno'). Correct the id or the name in the MIS "
        "and export again (in a spreadsheet, format the id column as text before saving)"
    )


def test_ids_without_a_padded_twin_are_left_as_they_are(tmp_path):
    """The workbook alone: 1003, 1006, 1007 stay as exported, and nothing is said."""
    loaded = load_registers([week_3_xlsx(tmp_path)], columns=ADNO)
    assert sorted(loaded.register.get_column("upn").cast(str).unique()) == [
        "1003", "1006", "1007",
    ]  # fmt: skip
    assert not [w for w in loaded.warnings if "leading zeros" in w]


def test_a_pupil_list_that_lost_the_zeros_matches_when_the_names_agree(tmp_path):
    """The pupil list, re-saved by a spreadsheet, has Adno 1003 and 1006; the register
    001003 and 001006 with the same names: matched (Kai's UPN from the list), said once."""
    csv = weeks_1_2_csv(tmp_path)
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "MIS ID,UPN,Surname,Forename\n1003,A999200101003,Nguyen,Kai\n"
        "1006,A999200101006,Walsh,Siân\n",
        encoding="utf-8",
    )
    loaded = load_registers([csv], columns=ADNO, pupils=read_pupil_list(listed))
    assert loaded.keyed_by == "upn"
    assert sorted(loaded.register.get_column("upn").cast(str).unique()) == [
        "A999200101003", "A999200101006",
    ]  # fmt: skip
    assert (
        f"MIS ID 1003 in {listed} read as 001003 (and 1 more id of that file): a spreadsheet "
        "drops an id's leading zeros when it saves it as a number (Excel), and the two agree "
        "on the pupil's name (Nguyen, Kai)"
    ) in loaded.warnings


def test_a_pupil_list_whose_zero_less_id_names_another_child_is_refused(tmp_path):
    csv = weeks_1_2_csv(tmp_path)
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "MIS ID,UPN,Surname,Forename\n1003,A999200101003,Patel,Ravi\n"
        "001006,A999200101006,Walsh,Siân\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_registers([csv], columns=ADNO, pupils=read_pupil_list(listed))
    assert str(info.value) == (
        f"{listed}: MIS ID 1003 ('Patel, Ravi') and 001003 in {csv} ('Nguyen, Kai') "
        "differ only by leading zeros but name different pupils, so attcli cannot tell "
        "whether they are one pupil (column 'MIS ID'). Correct the id or the name in the MIS "
        "and export again (in a spreadsheet, format the id column as text before saving)"
    )


def test_a_nameless_export_that_lost_the_zeros_is_refused_saying_so(tmp_path):
    """A SIMS-like export with no names has PersonID 1003; the pupil list 001003: no name
    to match them by, so the id is missing from the list, and the refusal says why."""
    reg = tmp_path / "sessions.csv"
    reg.write_text(
        "PersonID,AttendanceDate,SessionName,AttendanceMark\n1003,2026-09-07,AM,/\n",
        encoding="utf-8",
    )
    listed = tmp_path / "pupils.csv"
    listed.write_text("MIS ID,UPN,Surname,Forename\n001003,A999200101003,Nguyen,Kai\n",
                      encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as info:
        load_registers([reg], pupils=read_pupil_list(listed))
    assert str(info.value) == (
        f"{reg}, line 2: MIS id '1003' is not in the pupil list {listed} (column 'PersonID'). "
        "The pupil list has '001003': the export's leading zeros were lost (a spreadsheet "
        "saves ids as numbers); export the register again from the MIS, or format the column "
        "as text before saving"
    )


def test_two_nameless_exports_whose_ids_differ_by_zeros_are_refused(tmp_path):
    """Week 1 PersonID 001003, week 2 (re-saved) 1003, no names in either: never guessed."""
    a, b = tmp_path / "wk1.csv", tmp_path / "wk2.csv"
    a.write_text("PersonID,AttendanceDate,SessionName,AttendanceMark\n"
                 "001003,2026-09-07,AM,/\n", encoding="utf-8")  # fmt: skip
    b.write_text("PersonID,AttendanceDate,SessionName,AttendanceMark\n"
                 "1003,2026-09-14,AM,N\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as info:
        load_registers([a, b])
    assert str(info.value) == (
        f"{b}, line 2: PersonID 1003 and 001003 in {a} differ only by leading zeros, and "
        f"{b} gives no name to tell whether they are one pupil (column 'PersonID'). Export "
        "the register again from the MIS with names, or with the id column formatted as text "
        "before saving in a spreadsheet"
    )


def test_a_date_of_birth_both_give_must_agree(tmp_path):
    """Same name, two dates of birth (twins' ids? a typing slip?): refused, both named.
    review9: it said the two "name different pupils", beside the same name twice; it now
    says what differs (the dates of birth) and what to correct."""
    a, b = tmp_path / "wk1.csv", tmp_path / "wk2.csv"
    head = "Adno,Surname,Forename,DOB,Date,Session,Mark\n"
    a.write_text(head + "001003,Nguyen,Kai,05/05/2012,07/09/2026,AM,/\n", encoding="utf-8")
    b.write_text(head + "1003,Nguyen,Kai,06/05/2012,14/09/2026,AM,N\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([a, b], columns=ADNO)
    assert str(info.value) == (
        f"{b}, line 2: Adno 1003 ('Nguyen, Kai' born 06/05/2012) and 001003 in {a} "
        "('Nguyen, Kai' born 05/05/2012) differ only by leading zeros and give the same "
        "name, but have different dates of birth, so attcli cannot tell whether they are one "
        "pupil (column 'Adno'). Correct the id or the date of birth in the MIS and export "
        "again (in a spreadsheet, format the id column as text before saving)"
    )
    # another name and another date of birth: different pupils, as before
    b.write_text(head + "1003,Patel,Ravi,06/05/2012,14/09/2026,AM,N\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([a, b], columns=ADNO)
    assert (
        "('Nguyen, Kai' born 05/05/2012) differ only by leading zeros but name different "
        "pupils, so attcli"
    ) in str(info.value)
