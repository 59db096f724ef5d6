"""Sweep of 6 December (fourth), layouts4: registers in layouts and states not in the tests.

Each register is built by hand as a small file in the layout or state a school's export
is really in, its answer worked out by hand from DOMAIN.md (sections 1, 2, 10 and 12),
and run through the command line as the office runs it: read right, or refused in one
line naming the file, the line or column and what would be valid.
"""

from __future__ import annotations

import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli

PRESENT = "/\\"


def _class_on_a_trip(pm: str) -> dict[str, str]:
    """Twenty pupils, Mon 7 to Fri 25 Sep 2026, the export made on Friday at 11:00: every
    pupil's Friday AM is marked, the afternoon's register not yet taken.  Three pupils
    (T17..T19) are on a class trip that afternoon, entered ahead as `V` (an MIS fills a
    planned absence or an educational visit in before the register is taken: Arbor's
    "Pre-Planned absence ... registers are automatically pre-filled").  ``pm`` is the
    others' Friday PM: ``!`` no row, ``_`` a row with a blank cell.  U00 (Sam) is absent
    unexplained on Wed 23 Sep (`N N`: not yet 5 school days old)."""
    days = [PRESENT] * 14
    pupils = {}
    for i in range(17):
        mine = list(days)
        if i == 0:
            mine[12] = "NN"
        pupils[f"U{i:02d}"] = " ".join(mine + ["/" + pm])
    for i in range(17, 20):
        pupils[f"T{i:02d}"] = " ".join(days + ["/V"])
    return pupils


def _check(export: Path, *more: str) -> tuple[dict, str]:
    code, out, err = run_cli("check", export, "--format", "json", *more)
    assert code == 0, err
    return json.loads(out), err


def _figures(result: dict, upn: str) -> tuple[int, int, int, int]:
    p = next(p for p in result["pupils"] if p["upn"] == upn)
    return p["possible"], p["attended"], p["unauthorised"], p["missing_marks"]


def test_a_class_s_afternoon_entered_ahead_on_the_export_s_last_day_is_no_missing_mark_for_the_rest(
    tmp_path: Path,
) -> None:
    """Worked by hand (DOMAIN.md 1, 2, 12): the Friday afternoon is after the data for
    the 17 pupils whose register was not yet taken (the export was made before it), as it
    is when nobody's afternoon is marked ("the exports end with the AM session ... an
    export made at lunchtime"): not a register left incomplete, so no missing mark, no
    "problem to fix in the MIS".  Sam: 29 possible (14 days and the Friday morning), 27
    attended, 2 unauthorised = 93.10 %.  The others of the 17: 29 of 29.  The trip's three:
    30 possible, 30 attended (`V` is an approved educational activity, entered and
    counted).  attcli listed "17 problems in the register to fix in the MIS: missing rows
    ... 17 pupils, each: 25/09/2026 PM" (a school of 200 with a class of 30 on the trip:
    170), because 3 of 20 marked is more than the 1 in 10 that makes a session the
    school's; the same afternoon with nobody's mark entered ahead was a note."""
    for pm in ("!", "_"):
        export = write_long_csv(register(_class_on_a_trip(pm)), tmp_path / f"trip{pm}.csv")
        result, err = _check(export)
        assert _figures(result, "U00") == (29, 27, 2, 0)
        assert all(_figures(result, f"U{i:02d}") == (29, 29, 0, 0) for i in range(1, 17))
        assert all(_figures(result, f"T{i:02d}") == (30, 30, 0, 0) for i in range(17, 20))
        assert result["data_quality"] == []
        said = " ".join(err.split())
        assert (
            "the exports end with the AM session of 25/09/2026: its PM register is not in "
            "them (an export made at lunchtime), so the figures run to that morning, but for "
            "the 3 pupils whose PM marks were entered ahead, which count"
        ) in said, err


def test_a_form_s_afternoon_not_taken_on_the_last_day_is_still_a_missing_row(
    tmp_path: Path,
) -> None:
    """The boundary, kept (decisions, "The last afternoon"): when most of the school's
    afternoon register is in the export, the pupils without a mark are a form's register
    not yet completed, each a missing row on the data-quality list.  Twenty pupils, the
    Friday PM marked for 17 and not for U00..U02: each 29 possible, 1 missing row."""
    pupils = {}
    for i in range(20):
        pm = "!" if i < 3 else "\\"
        pupils[f"U{i:02d}"] = " ".join([PRESENT] * 14 + ["/" + pm])
    export = write_long_csv(register(pupils), tmp_path / "form.csv")
    result, _ = _check(export)
    assert _figures(result, "U00") == (29, 29, 0, 1)
    assert _figures(result, "U05") == (30, 30, 0, 0)
    assert sorted((i["kind"], i["upn"], i["date"], i["session"]) for i in result["data_quality"]) == [
        ("missing_row", f"U{i:02d}", "2026-09-25", "PM") for i in range(3)
    ]


def test_a_wide_register_s_last_afternoon_blank_but_for_a_trip_s_v_is_no_missing_mark(
    tmp_path: Path,
) -> None:
    """The same state in a wide register (a column per session, RM Integris' layout):
    Mon 7 to Fri 11 Sep 2026, ten pupils, the Friday PM column blank (the register not
    yet taken at 11:00) but for three pupils' `V` entered ahead.  U00 absent unexplained
    Thursday (`N N`).  Worked by hand: U00 9 possible (the Friday PM after the data), 7
    attended, 2 unauthorised; U01..U06 9 of 9; T07..T09 10 of 10; no missing mark (7 were
    listed, one a blank cell of each pupil not on the trip: 3 of 10 is more than the
    stray-day share)."""
    days = ["07", "08", "09", "10", "11"]
    header = "UPN,Surname,Forename," + ",".join(
        f"{d}/09/2026 {s}" for d in days for s in ("AM", "PM")
    )
    rows = []
    for i in range(10):
        marks = ["/", "\\"] * 4 + ["/", "V" if i >= 7 else ""]
        if i == 0:
            marks[6:8] = ["N", "N"]
        upn = f"T{i:02d}" if i >= 7 else f"U{i:02d}"
        rows.append(f"{upn},Surname{i},Forename{i}," + ",".join(marks))
    export = tmp_path / "wide.csv"
    export.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result, err = _check(export)
    assert _figures(result, "U00") == (9, 7, 2, 0)
    assert all(_figures(result, f"U{i:02d}") == (9, 9, 0, 0) for i in range(1, 7))
    assert all(_figures(result, f"T{i:02d}") == (10, 10, 0, 0) for i in range(7, 10))
    assert result["data_quality"] == []
    assert "but for the 3 pupils whose PM marks were entered ahead" in " ".join(err.split())
