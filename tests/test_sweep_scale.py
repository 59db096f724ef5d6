"""Issue 15, item 4: every output format linear in the number of pupils and evidence rows,
on registers where many pupils have problems (the scale sweep with messy data).

Counted, never timed: the number of calls to a per-row lookup whose own cost grows with
the rows already written must not grow with the number of pupils or problems.
"""

from __future__ import annotations

import io

import polars as pl
import pytest

from attcli.config import Config
from builders import register

CFG = Config()


def count_property(monkeypatch, owner: type, name: str) -> list[int]:  # noqa: ANN001
    """Count the reads of property ``name`` of ``owner`` from here on (``monkeypatch``
    undoes it): the list returned grows by one a read."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counting(self):  # noqa: ANN001, ANN202
        calls.append(1)
        return real.fget(self)

    monkeypatch.setattr(owner, name, property(counting))
    return calls


def _check_result(n: int):
    """``n`` pupils, each absent with N for 12 school days: every one flagged (penalty
    notice, continuous absence, red) and with stale N marks in the data-quality list."""
    from attcli.check import check_register

    reg = register({f"P{i:03d}": " ".join(["N"] * 12) for i in range(n)})
    result = check_register(reg, CFG)
    assert result.pupils.filter(pl.col("groups").list.len() > 0).height == n
    assert result.data_quality.height >= n
    return result


def test_check_workbook_reads_no_last_row_per_row_written():
    """The check's workbook (`check -f xlsx`) found each row it had just written by
    openpyxl's ``Worksheet.max_row``, which scans every cell of the sheet: a read per
    pupil of each group's sheet and per data-quality row, so its time grew with rows x
    rows (500 messy pupils 4.5 s of CPU, 5,000 pupils 134 s).  Counted: the reads of
    ``max_row`` are the same for 5 flagged pupils as for 40."""
    from openpyxl.worksheet.worksheet import Worksheet

    from attcli import report_check

    def reads_for(n: int, monkeypatch) -> int:  # noqa: ANN001
        result = _check_result(n)
        with monkeypatch.context() as mp:
            calls = count_property(mp, Worksheet, "max_row")
            report_check.to_xlsx(result, io.BytesIO())
        return len(calls)

    mp = pytest.MonkeyPatch()
    try:
        assert reads_for(5, mp) == reads_for(40, mp)
    finally:
        mp.undo()


def test_a_table_workbook_reads_no_last_row_per_row_written():
    """The one-sheet workbooks (`cme -f xlsx`, `cases -f xlsx`: ``output.rows_xlsx``) found
    the row just written by ``Worksheet.max_row`` for each date cell, a scan of the whole
    sheet each time.  Counted: the reads are the same for 5 rows as for 40."""
    import datetime as dt

    from openpyxl.worksheet.worksheet import Worksheet

    from attcli.output import rows_xlsx

    def reads_for(n: int, monkeypatch) -> int:  # noqa: ANN001
        rows = [[f"P{i:03d}", dt.date(2026, 9, 7), dt.date(2026, 9, 18), 10] for i in range(n)]
        with monkeypatch.context() as mp:
            calls = count_property(mp, Worksheet, "max_row")
            rows_xlsx(["UPN", "First day", "Last day", "Days"], rows, "CME 10 days")
        return len(calls)

    mp = pytest.MonkeyPatch()
    try:
        assert reads_for(5, mp) == reads_for(40, mp)
    finally:
        mp.undo()
