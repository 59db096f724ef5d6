"""Sweep load2 (issue 15): a long CSV's distinct values taken from the read's categories."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import attcli.loaders._register as reg_module
from attcli.loaders import load_registers

HEADER = "UPN,Surname,Forename,Date,Session,Mark\n"
# two pupils over two days; the second's Tuesday PM cell is blank (no mark)
ROWS = [
    ("A999200000001", "Ali", "Sam", "07/09/2026", "AM", "/"),
    ("A999200000001", "Ali", "Sam", "07/09/2026", "PM", "\\"),
    ("B999200000002", "Bell", "Jo", "07/09/2026", "AM", "N"),
    ("B999200000002", "Bell", "Jo", "07/09/2026", "PM", "N"),
    ("A999200000001", "Ali", "Sam", "08/09/2026", "AM", "L"),
    ("A999200000001", "Ali", "Sam", "08/09/2026", "PM", "\\"),
    ("B999200000002", "Bell", "Jo", "08/09/2026", "AM", "/"),
    ("B999200000002", "Bell", "Jo", "08/09/2026", "PM", ""),
]


def _write(path: Path, upn=lambda u: u) -> Path:  # noqa: ANN001
    path.write_text(HEADER + "".join(",".join([upn(r[0]), *r[1:]]) + "\n" for r in ROWS))
    return path


def _spy(monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    """What the read gives (its frame's columns and the distinct values it found), and
    each pass over a whole column's codes for its distinct values."""
    given: list = []
    passes: list = []
    real_own, real_of = reg_module._own_categories, reg_module.distinct_of

    def own(frame, names):  # noqa: ANN001, ANN202
        found = real_own(frame, names)
        given.append(({n: frame.get_column(n) for n in names}, found))
        return found

    def distinct_of(frame, columns):  # noqa: ANN001, ANN202
        if frame.height == len(ROWS):
            passes.extend(columns)
        return real_of(frame, columns)

    monkeypatch.setattr(reg_module, "_own_categories", own)
    monkeypatch.setattr(reg_module, "distinct_of", distinct_of)
    return given, passes


def test_a_long_csv_s_distinct_values_are_its_read_categories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given, passes = _spy(monkeypatch)
    reg = load_registers([_write(tmp_path / "r.csv")]).register
    assert len(given) == 1 and passes == []  # no pass over the rows for them
    columns, found = given[0]
    want = {  # by hand from ROWS: each column's texts, a blank as None
        "A999200000001", "B999200000002", "Ali", "Bell", "Sam", "Jo", "07/09/2026",
        "08/09/2026", "AM", "PM", "/", "\\", "N", "L", None,
    }  # fmt: skip
    assert set().union(*(set(v.to_list()) for v in found.values())) == want
    for name, values in found.items():
        column = columns[name]
        # the register's Categorical (the global categories), in one piece, its texts
        assert column.dtype == pl.Categorical and column.dtype.categories.is_global()
        assert column.n_chunks() == 1
        assert sorted(values.to_list(), key=str) == sorted(set(column.to_list()), key=str)
        assert values.len() == column.n_unique()  # each once
    # the blank cell is the one null, and only in the Mark column
    assert [n for n, v in found.items() if v.null_count()] == ["c5"]
    by_day = reg.sort("upn", "date", "session").get_column("mark").to_list()
    assert by_day == ["/", "\\", "L", "\\", "N", "N", "/", "-"]


def test_cells_written_as_text_formulas_have_their_values_found_on_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The read's values are the cells as written ('="A999200000001"'); the register's are
    # the text inside: they are found again, on the text, not taken from the read.
    given, passes = _spy(monkeypatch)
    path = _write(tmp_path / "f.csv", upn=lambda u: f'"=""{u}"""')
    result = load_registers([path])
    assert len(given) == 1 and "c0" in passes
    assert sorted(result.register.get_column("upn").unique().to_list()) == [
        "A999200000001", "B999200000002",
    ]  # fmt: skip
    assert any('written ="..."' in w for w in result.warnings)
