"""Packed marks (Bromcom's AttendanceMarks: a start date and a string of marks) worked end
to end by hand (sweep, 3 December).

Each register is a few pupils from Mon 7 September 2026, written as a packed CSV; the
figures are worked out from DOMAIN.md in the comments and compared with what attcli says.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from attcli.config import parse_config
from attcli.engine import evaluate
from attcli.errors import InputError
from attcli.loaders import load_registers
from builders import pupil

D = dt.date
NO_CONFIG = parse_config("")
WEEK = "/,\\,/,\\,/,\\,/,\\"  # Mon to Thu, present
HEADER = ["UPN", "Surname", "Forename", "Date of Birth", "Start Date", "Attendance Marks"]


def packed(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """``rows``: (UPN, start date, marks string); names and dates of birth made up."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i, (upn, start, marks) in enumerate(rows):
            out.writerow([upn, f"Name{i}", f"Pupil{i}", "03/10/2014", start, marks])
    return path


def test_blank_cells_on_a_session_the_school_did_not_have_are_no_missing_marks(tmp_path):
    # Mon 7 - Fri 18 Sep 2026, Fri 11 Sep an INSET day.  In the first register A's string
    # has '-' for the INSET morning (an MIS's "no mark recorded") and B and C blanks: 1 of 3
    # pupils on roll is not more than half, so the session is no school session
    # (docs/decisions.md, "A session of missing marks is the school's").  A's '-' is A's
    # missing mark; B's and C's blanks are no session, as in the same register exported
    # long (no rows for B and C that day): 9 school days, 18 possible each; missing marks
    # A 1, B 0, C 0.  They were 1, 1, 1 (a blank cell kept as a missing mark on any
    # session, held or not).  In the second, A and B have '#' (INSET) and C a blank: no
    # school day, C's blank no missing mark (it was 2).
    inset = [
        ("A", f"{WEEK},-,,{WEEK},/,\\"),
        ("B", f"{WEEK},,,{WEEK},/,\\"),
        ("C", f"{WEEK},,,{WEEK},/,\\"),
    ]
    closed = [
        ("A", f"{WEEK},#,#,{WEEK},/,\\"),
        ("B", f"{WEEK},#,#,{WEEK},/,\\"),
        ("C", f"{WEEK},,,{WEEK},/,\\"),
    ]
    for name, rows, missing in (("dash", inset, [1, 0, 0]), ("closed", closed, [0, 0, 0])):
        path = packed(tmp_path / f"{name}.csv", [(u, "07/09/2026", m) for u, m in rows])
        ev = evaluate(load_registers([path]).register, NO_CONFIG)
        assert D(2026, 9, 11) not in ev.calendar.school_days
        got = [(pupil(ev, u)["possible"], pupil(ev, u)["missing_marks"]) for u in "ABC"]
        assert got == [(18, n) for n in missing], name
        kinds = ev.data_quality.filter(pl.col("kind").is_in(["missing_mark", "missing_row"]))
        assert kinds.height == sum(missing), name


def test_a_stray_date_in_a_packed_string_names_its_position_and_start_date(tmp_path):
    # A's string is a week (Mon 7 - Fri 11 Sep 2026), then 200 blank positions (20
    # weeks), then '/' at position 211: Mon 1 Feb 2027 AM, 20 weeks from every other
    # session.  The refusal named the file, the line and the date but not where in the
    # string the mark is (a human counts 211 items to find it) nor the start date it is
    # counted from (B's three weeks keep the strings from looking like calendar days).
    # In the second file C's start date has the wrong year (Mon 08/09/2025): all its marks are
    # a year early, the first at position 1; the start date is the cell to check.
    five = f"{WEEK},/,\\"
    path = packed(
        tmp_path / "late.csv",
        [("A", "07/09/2026", five + "," * 200 + ",/"), ("B", "07/09/2026", ",".join([five] * 3))],
    )
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert f"{path}, line 2: a session dated 01/02/2027" in text
    assert "it is position 211 of the string: Mon 01/02/2027 AM, from the start date 07/09/2026" in text
    path = packed(
        tmp_path / "year.csv",
        [("A", "07/09/2026", five), ("B", "07/09/2026", five), ("C", "08/09/2025", "/,\\")],
    )
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert f"{path}, line 4: a session dated 08/09/2025" in text
    assert "it is position 1 of the string: Mon 08/09/2025 AM, from the start date 08/09/2025" in text


def test_blank_cells_on_a_stray_day_are_no_missing_marks(tmp_path):
    # 12 pupils, Mon 7 Sep - Fri 2 Oct 2026 with the week of 21 Sep a holiday (blank),
    # but pupil 0's string has '/' '\' on Mon 21 Sep (a register opened on a holiday):
    # 1 of 12 pupils on roll is a stray day, "not taken as a school day".  The other 11
    # pupils' blanks that day are no session, as in the same register exported long (no
    # rows; docs/decisions.md, "Stray days": "creates no missing rows for everyone
    # else"): 3 school weeks, 30 possible each (pupil 0's marks on the stray day still
    # count for them: 32), no missing marks.  They were 2 missing marks each (22 in the
    # data-quality list beside the stray day that says it is no school day).
    week = ",".join(["/,\\"] * 5)
    holiday = ",".join([""] * 10)  # 10 blank positions
    opened = ",".join(["/", "\\"] + [""] * 8)
    rows = [
        (f"P{i:02d}", "07/09/2026", ",".join([week, week, opened if i == 0 else holiday, week]))
        for i in range(12)
    ]
    path = packed(tmp_path / "stray.csv", rows)
    ev = evaluate(load_registers([path]).register, NO_CONFIG)
    assert D(2026, 9, 21) not in ev.calendar.school_days
    got = {u: (pupil(ev, u)["possible"], pupil(ev, u)["missing_marks"]) for u, _, _ in rows}
    assert got == {u: (32 if u == "P00" else 30, 0) for u, _, _ in rows}
    assert ev.data_quality.get_column("kind").to_list() == ["stray_day"]


def test_a_conflict_with_a_packed_string_names_the_position_in_it(tmp_path):
    # The same pupil in a long export (to Thu 10 Sep) and a packed one (to Fri 18 Sep,
    # from Wed 9 Sep): the long export's 'O' on Thu 10 Sep AM against the string's '/'
    # (position 3: Wed AM, Wed PM, Thu AM), and the long export's '/' on Fri 11 Sep PM
    # against the string's blank (position 6).  The refusal named the packed file's line
    # but not where in the string the mark is (B, fully marked, makes Fri PM a session).
    long = tmp_path / "long.csv"
    long.write_text(
        "UPN,Surname,Forename,Date,Session,Mark\n"
        "A,Name0,Pupil0,10/09/2026,AM,O\n"
        "A,Name0,Pupil0,11/09/2026,PM,/\n"
        "A,Name0,Pupil0,17/09/2026,AM,/\n",
        encoding="utf-8",
    )
    marks = "/,\\,/,\\,/,,/,\\,/,\\,/,\\,/,\\,/,\\"
    path = packed(
        tmp_path / "packed.csv",
        [("A", "09/09/2026", marks), ("B", "09/09/2026", marks.replace(",,", ",\\,"))],
    )
    with pytest.raises(InputError) as info:
        load_registers([long, path])
    text = str(info.value)
    assert (
        f"A Name0, Pupil0, 10/09/2026 AM: 'O' in {long} line 2; '/' in {path} line 2 "
        "(position 3 of the string)" in text
    )
    assert (
        f"A Name0, Pupil0, 11/09/2026 PM: '/' in {long} line 3; a blank cell in {path} line 2 "
        "(position 6 of the string)" in text
    )


def test_a_run_together_string_with_a_stray_comma_is_said_so(tmp_path):
    # '/\/\N\,' is a string without separators but for a trailing comma: read as
    # comma-separated (docs/presets.md), its first item '/\/\N\' is no code.  The refusal
    # said only "unknown attendance code '/\\/\\N\\'" and listed the valid codes, every
    # one of which the item is made of; it now says the item is marks written together.
    path = packed(
        tmp_path / "comma.csv",
        [("A", "07/09/2026", "/\\/\\N\\,"), ("B", "07/09/2026", "/\\/\\/\\")],
    )
    with pytest.raises(InputError) as info:
        load_registers([path])
    text = str(info.value)
    assert f"{path}, line 2: unknown attendance code" in text
    assert (
        "It is position 1 of the string: Mon 07/09/2026 AM; the string has a comma, so each "
        "item between commas is one mark, but this item is 6 marks written together ('/', "
        "'\\\\', '/', '\\\\', ...): separate every mark with a comma, or remove the stray comma"
    ) in text
