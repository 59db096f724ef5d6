"""Sweep speedload (issue 15): the loader's passes over the rows, counted, not timed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

import attcli.loaders._register as reg_module
from attcli.errors import InputError
from attcli.loaders import load_registers
from builders import register, write_long_csv

START = dt.date(2026, 9, 7)  # a Monday


def _export(tmp_path: Path) -> tuple[Path, int]:
    """A long export of three pupils over two weeks, with dates of birth and groups: the
    UPN, names, group, date of birth, date, session and mark columns all read."""
    reg = register(
        {
            "A": "/\\ /\\ NN /\\ LL /\\ /\\ II /\\ /\\",
            "B": "/\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\",
            "C": "NN NN /\\ /\\ /\\ OO /\\ /\\ /\\ /\\",
        },
        start=START,
    ).with_columns(
        pl.col("upn").replace({"A": "A999200000001", "B": "B999200000002",
                                "C": "C999200000003"}),  # fmt: skip
        pl.lit(dt.date(2014, 3, 1)).alias("dob"),
        pl.lit(7).alias("year_group"),
        pl.lit("7A").alias("reg_group"),
    )
    path = write_long_csv(reg, tmp_path / "long.csv", dob=True, groups=True)
    return path, reg.height


def _count_distinct(monkeypatch: pytest.MonkeyPatch, rows: int) -> Counter:
    """The columns whose distinct values the loader finds, a count each, and (key None)
    each ``Series.unique`` over a whole register's rows."""
    found: Counter = Counter()
    real_of, real_each, real_unique = reg_module.distinct_of, reg_module.each_value, pl.Series.unique

    def distinct_of(frame, columns):  # noqa: ANN001, ANN202
        if frame.height == rows:
            found.update(columns)
        return real_of(frame, columns)

    def each_value(column):  # noqa: ANN001, ANN202
        if column.len() == rows:
            found[column.name] += 1
        return real_each(column)

    def unique(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if self.len() == rows:
            found[None] += 1
        return real_unique(self, *args, **kwargs)

    monkeypatch.setattr(reg_module, "distinct_of", distinct_of)
    monkeypatch.setattr(reg_module, "each_value", each_value)
    monkeypatch.setattr(pl.Series, "unique", unique)
    return found


def test_each_read_column_s_distinct_values_are_found_once_in_a_long_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The UPN column's distinct values were found twice (the rows' kinds, the parsing), the
    # names' twice (UPNs typed as names, the parsing), the group's and the date's by a
    # unique() of every row each, the mark's once more: a pass over every row each (at
    # 20,000 pupils 7.4 million rows a pass).  Then once a column, in one query; now a
    # CSV's are the categories each column is read with (sweep load2): no pass at all.
    path, rows = _export(tmp_path)
    found = _count_distinct(monkeypatch, rows)
    result = load_registers([path])
    assert result.register.height == rows
    assert None not in found  # no unique() of a whole column
    # UPN, Surname, Forename, Date of Birth, Year, Registration Form, Date, Session, Mark:
    # none found by a pass over the rows
    assert not found, found


def test_rows_taken_out_have_their_values_found_again_on_the_rows_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A footer of totals is skipped: its cells are no pupil's.  Values found before it was
    # taken out (its 'n/a' in the Date column, 'Totals' in the Surname) must not reach the
    # parsing: 'n/a' is no date, and the load would fail on a row it skipped.
    path, rows = _export(tmp_path)
    with path.open("a", encoding="utf-8") as f:
        f.write("Total,Totals,,n/a,,,n/a,,60\n")
    found = _count_distinct(monkeypatch, rows)  # (counted on the rows kept)
    result = load_registers([path])
    assert result.register.height == rows
    assert result.register.get_column("date").min() == START
    assert any("Total" in s for r in result.files for s in r.skipped) or any(
        "Total" in w for w in result.warnings
    )
    # found twice at most: on every row, then on the rows kept
    assert found[None] == 0


def _scanned_columns(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The columns of each frame the scan gives (as its columns are made whole)."""
    seen: list[list[str]] = []
    real = reg_module._rechunk_in_place

    def rechunk(frame):  # noqa: ANN001, ANN202
        seen.append(frame.columns)
        return real(frame)

    monkeypatch.setattr(reg_module, "_rechunk_in_place", rechunk)
    return seen


def test_a_keyed_register_s_scan_holds_no_row_kind_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whether a row is blank and its first cell were two columns of every row (about 4 bytes a
    # row, about 150 MB at 100,000 pupils at the load's peak), read only on the rows with no
    # UPN: made there now, from the columns read.
    path, rows = _export(tmp_path)
    scanned = _scanned_columns(monkeypatch)
    assert load_registers([path]).register.height == rows
    assert len(scanned) == 1
    assert not {"_blank", "_first"} & set(scanned[0])


def test_blank_rows_and_footers_are_still_found_without_the_scan_s_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, rows = _export(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    # line 1 the header, lines 2.. the rows: a blank row of commas after the 5th row (line
    # 7), and a footer of totals at the end (line rows + 3)
    lines.insert(6, ",,,,,,,,")
    lines.append("Total,,,,,,,,60")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scanned = _scanned_columns(monkeypatch)
    result = load_registers([path])
    assert result.register.height == rows
    assert not {"_blank", "_first"} & set(scanned[0])
    skipped = result.files[0].skipped
    assert f"line {rows + 3}: footer row 'Total' skipped" in skipped
    assert "1 blank line skipped (line 7)" in skipped


def test_a_column_not_read_keeps_the_row_kinds_in_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A column attcli does not know is read for the blank-row test alone (a row with a
    # cell there is no blank row): the scan makes the two columns as before.
    path, rows = _export(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",Comment"] + [line + "," for line in lines[1:]]
    lines.insert(3, ",,,,,,,,,note")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scanned = _scanned_columns(monkeypatch)
    with pytest.raises(InputError, match="data row with no UPN") as info:
        load_registers([path])
    assert "line 4" in str(info.value)
    assert {"_blank", "_first"} <= set(scanned[0])
