"""Sweep "blind8" (7 December, tenth): the local authority's side of a school's files.

P's register runs from Monday 7 September 2026 (the holiday 26-30 October;
tests/test_sweep_packs.py's school); TEN is 10 `O` sessions, Mon 16 - Thu 19 and Mon 23
November. As of Fri 27/11 the window's 10 school weeks run from Mon 14/09; as of Fri 04/12
from Mon 21/09: the same 10 sessions are in both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from school import contacts_file
from test_sweep_packs import TEN, _export, _pack, _packs, _school


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-30")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_second_request_on_the_sessions_of_one_on_record_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office sent P's request on Mon 30/11 (as of 27/11: 10 `O` of 16-23 Nov); on
    Mon 07/12, the week's export in, the pack was made again as of 04/12: a new window, so
    a new request on record, resting on the same 10 sessions, and nothing said. The LA
    would get two requests for one offence (DOMAIN.md 5: a session that has supported one
    notice must not support another). Now recorded, as before, and said. Boundaries: one
    more `O` (Tue 01/12 AM): "10 of its 11 sessions"; a pack to the other parent on the
    same sessions (a notice per parent) is no repeat and says nothing."""
    config, contacts = _school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "pack.pdf")
    assert code == 0, err
    assert "recorded: penalty-notice pack 1" in _flat(err), err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-07")
    new = _export(tmp_path, "new.csv", dt.date(2026, 12, 4), TEN)
    code, _, err = _pack(new, config, contacts, "-o", tmp_path / "n.pdf", as_of="2026-12-04")
    assert code == 0, err
    said = _flat(err)
    assert "recorded: penalty-notice pack 2" in said, said
    assert (
        "note: all 10 unauthorised sessions of this request (window 21/09/2026 to "
        "04/12/2026) were counted by penalty-notice pack 1 about P, made 30/11/2026 (to Mrs "
        "Ann Parent, window 14/09/2026 to 27/11/2026): if that request went to the local "
        "authority, this one asks again for the same sessions; send the LA one request for "
        "them (a session supports one notice)"
    ) in said, said
    # (one more O: 10 of the 11 sessions were pack 1's)
    more = _export(tmp_path, "more.csv", dt.date(2026, 12, 4), TEN | {dt.date(2026, 12, 1): "O/"})
    code, _, err = _pack(more, config, contacts, "-o", tmp_path / "m.pdf", as_of="2026-12-04")
    assert code == 0, err
    said = _flat(err)
    assert "recorded: penalty-notice pack 3" in said, said
    assert (
        "note: 10 of the 11 unauthorised sessions of this request (window 21/09/2026 to "
        "04/12/2026) were counted by penalty-notice pack 1 about P, made 30/11/2026"
    ) in said, said
    assert "penalty-notice pack 2" not in said, said  # (the first request is named)
    assert len(_packs(config)) == 3


def test_a_request_to_the_other_parent_on_the_same_sessions_is_no_repeat(
    tmp_path: Path,
) -> None:
    """A notice goes to each parent: the father's request on the sessions of the mother's
    is his own, and no line says it repeats hers."""
    config, _ = _school(tmp_path)
    contacts = contacts_file(
        tmp_path / "two.csv",
        [("P", "CP", "Mrs", "Ann", "Parent"), ("P", "CF", "Mr", "Bob", "Parent")],
    )
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "ann.pdf")
    assert code == 0, err
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "bob.pdf", "--parent", "CF")
    assert code == 0, err
    said = _flat(err)
    assert "recorded: penalty-notice pack 2" in said, said
    assert "were counted by penalty-notice pack" not in said, said


def test_the_la_workbook_s_data_row_wraps_on_the_first_printed_page(tmp_path: Path) -> None:
    """The red "Data" row (the register's problems, a child under two UPNs not in the
    file) was one unwrapped cell: the register check's 1,001 characters ran across the
    sheet's 16 columns (430 characters wide from B) and past them, and printed, the page
    cut it mid-sentence, the two-UPN child's line lost. Now the cell spans the columns
    of the first printed page (B to the last that fits), wraps, and its row is as tall as
    its lines. Worked by hand: 20 columns 20 wide are 20 x (20 + 5/7) = 414 characters,
    wider than a page at 60 % (140 x 100 / 60 = 233.3), so printed across pages; with a
    quarter spare (175), A to H (8 x 20.71 = 165.7) fit the first, A to I (186.4) do not:
    B to H, 140 wide; 1,000 characters of bold text (1.15 a character) are 9 lines of 140
    (8.2), 9 x 15 = 135 points."""
    import openpyxl

    from attcli.lafile import Warn, write_xlsx

    text = ("word " * 200).strip()  # (999 characters)
    text = text + "."
    headers = [f"Column {i}" for i in range(20)]
    rows = [[f"v{i}" for i in range(20)]]
    path = tmp_path / "book.xlsx"
    with path.open("wb") as f:
        write_xlsx(
            f, sheet="S", title="T", block=[("School", "A school"), ("Data", Warn(text))],
            headers=headers, rows=rows, widths={i: 20 for i in range(20)},
        )  # fmt: skip
    ws = openpyxl.load_workbook(path).active
    assert ws["A3"].value == "Data"
    assert [str(r) for r in ws.merged_cells.ranges] == ["B3:H3"]
    assert ws["B3"].value == "Word " + text[5:]  # (begun as a sentence, whole)
    assert ws["B3"].alignment.wrap_text
    assert ws.row_dimensions[3].height == 135
    # (a short line, and a sheet one page wide: the columns to the last, one line)
    with path.open("wb") as f:
        write_xlsx(
            f, sheet="S", title="T", block=[("Data", Warn("N codes"))],
            headers=headers[:4], rows=[r[:4] for r in rows],
        )  # fmt: skip
    ws = openpyxl.load_workbook(path).active
    assert [str(r) for r in ws.merged_cells.ranges] == ["B2:D2"]
    assert ws.row_dimensions[2].height == 15
