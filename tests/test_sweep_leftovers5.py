"""What the fifth round noticed and left (sweep of 5 December (sixth), leftovers5).

Hand-made registers (tests/builders.py), the right answers worked by hand from DOMAIN.md
and the policies.

Item 1: a long export whose one column holds each row's date and session
(``07/09/2026 AM``).  The register: Ash and Bell, Mon 07/09 - Fri 11/09/2026 (5 school
days, 10 sessions), present throughout but Ash's ``N`` on Tue 08/09 AM: Ash 9/10 =
90.0 %, one unauthorised session, 2026-09-08 AM (the PM a swap would give); Bell 10/10.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import check_json, one_line

D = dt.date

# ------------------------------------------------- 1. a date and session in one cell

_FORMS = {
    "dmy": lambda d, s: f"{d:%d/%m/%Y} {s}",
    "iso": lambda d, s: f"{d:%Y-%m-%d} {s}",
    "named": lambda d, s: f"{d:%a %d %b %Y} {s}",
    "bracketed": lambda d, s: f"{d:%d/%m/%Y} ({s})",
    "session_first": lambda d, s: f"{s} {d:%d/%m/%Y}",
    "words": lambda d, s: f"{d:%d/%m/%Y} {'Morning' if s == 'AM' else 'Afternoon'}",
}


def _one_cell_csv(tmp_path: Path, form, header: str = "Session", name: str = "one.csv",
                  cells: dict[int, str] | None = None) -> Path:  # fmt: skip
    """Ash and Bell's week as a long CSV of UPN, Surname, Forename, ``header`` (the date
    and session written by ``form``) and Mark; ``cells``: line -> that line's cell
    written instead."""
    reg = register({"A1": "/\\ N/ /\\ /\\ /\\", "B1": "/\\ /\\ /\\ /\\ /\\"})
    lines = [f"UPN,Surname,Forename,{header},Mark"]
    for r in reg.iter_rows(named=True):
        cell = form(r["date"], r["session"])
        if cells and len(lines) + 1 in cells:
            cell = cells[len(lines) + 1]
        lines.append(f"{r['upn']},{r['surname']},{r['forename']},{cell},{r['raw_mark']}")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _figures(result: dict) -> dict[str, tuple]:
    return {
        p["upn"]: (p["possible"], p["attended"], p["unauthorised"], p["attendance_pct"],
                   (p.get("evidence") or {}).get("pn_sessions", []))
        for p in result["pupils"]
    }  # fmt: skip


_RIGHT = {"A1": (10, 9, 1, 90.0, ["2026-09-08 AM N"]), "B1": (10, 10, 0, 100.0, [])}


def test_the_same_register_with_date_and_session_columns_gives_the_hand_figures(
    tmp_path: Path,
) -> None:
    reg = register({"A1": "/\\ N/ /\\ /\\ /\\", "B1": "/\\ /\\ /\\ /\\ /\\"})
    code, result, err = check_json(write_long_csv(reg, tmp_path / "two.csv"), as_of="2026-09-11")
    assert code == 0, err
    assert _figures(result) == _RIGHT


@pytest.mark.parametrize("form", sorted(_FORMS))
@pytest.mark.parametrize("header", ["Session", "Date", "Session Date"])
def test_a_long_column_holding_each_row_s_date_and_session_is_read(
    tmp_path: Path, form: str, header: str
) -> None:
    """Refused as "no header row found ... export the register again with its date
    column" (a Session column) or "... with its session column" (a Date column), though
    the column holds both.  The forms are a wide export's session headers
    (``parse_session_header``), unambiguous: read, each row its date and session, with
    Ash's N on the Tuesday morning (a swap would put it on the afternoon)."""
    code, result, err = check_json(
        _one_cell_csv(tmp_path, _FORMS[form], header), as_of="2026-09-11"
    )
    assert code == 0, err
    assert _figures(result) == _RIGHT


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("08/09/26 AM", "two-digit year"),
        ("Sat 12/09/2026 AM", "weekend"),
        ("Wed 08/09/2026 AM", "is a Tuesday, not a Wednesday"),
        ("08/09/2026", "no session"),
        ("08/09/2026 AM PM", "not a date and session"),
    ],
)
def test_a_bad_cell_in_a_date_and_session_column_is_refused_in_one_line(
    tmp_path: Path, cell: str, why: str
) -> None:
    """Line 5 is Ash's Tue 08/09 AM (the header is line 1, Ash's rows 2-11 in order).
    Never read with the session lost or another day: refused naming the file, the line,
    the column and the cell, and what would be valid."""
    path = _one_cell_csv(tmp_path, _FORMS["dmy"], cells={5: cell})
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 1 and result is None
    line = one_line(err)
    assert "one.csv, line 5:" in line and "(column 'Session')" in line, line
    assert repr(cell) in line and why in line, line
    assert "07/09/2026 AM" in line, line  # what would be valid


def test_a_date_column_beside_a_date_and_session_column_is_refused_as_before(
    tmp_path: Path,
) -> None:
    """A Date column and a Session column that also holds the date: two dates for one row,
    not read (which to believe is not attcli's to guess): refused naming the cell."""
    path = _one_cell_csv(tmp_path, _FORMS["dmy"])
    lines = path.read_text("utf-8").splitlines()
    out = ["UPN,Surname,Forename,Date,Session,Mark"] + [
        ",".join([*x.split(",")[:3], x.split(",")[3].split()[0], *x.split(",")[3:]])
        for x in lines[1:]
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    code, _, err = check_json(path, as_of="2026-09-11")
    assert code == 1
    assert "'07/09/2026 AM'" in one_line(err)


def test_a_date_and_session_column_in_us_order_is_refused_as_us_order(tmp_path: Path) -> None:
    """The week written MM/DD/YYYY ('09/14/2026 AM' is no date DD/MM): refused as a
    date column in US order is (``_check_us_order`` on the cells' dates), not read."""
    path = _one_cell_csv(tmp_path, lambda d, s: f"{d + dt.timedelta(days=7):%m/%d/%Y} {s}")
    code, _, err = check_json(path, as_of="2026-09-18")
    assert code == 1
    line = one_line(err)
    assert "US order (MM/DD/YYYY)" in line and "'09/14/2026 AM'" in line, line


def test_a_date_and_session_column_of_us_order_weekdays_is_refused_as_us_order(
    tmp_path: Path,
) -> None:
    """Mon 2 - Fri 6 November 2026 written MM/DD/YYYY ('11/02/2026 AM'): read DD/MM they
    are 11 February to 11 June 2026, Wed 4 November's '11/04/2026' a Saturday (11 April)
    where every date read MM/DD is a weekday: refused as US order, naming the cell (it
    was "a weekend day", as if one cell were wrong)."""
    path = _one_cell_csv(tmp_path, lambda d, s: f"{d + dt.timedelta(days=56):%m/%d/%Y} {s}")
    code, _, err = check_json(path, as_of="2026-11-06")
    assert code == 1
    line = one_line(err)
    assert "US order (MM/DD/YYYY)" in line and "'11/04/2026 AM'" in line, line
