"""Sweep load1 (issue 15, the loader's fixed cost on a small register): the date fields'
parse in two steps on the distinct values, and lookup's table made with no query."""

from __future__ import annotations

import datetime as dt

import polars as pl


def test_a_date_field_parsed_in_two_steps_reads_and_refuses_each_cell_as_before() -> None:
    """A date field's distinct values read by ``_mapped`` with the date worked out once (a
    ``stage`` of columns) and checked after: each row gets its cell's date, a weekday that
    is not the date's and a date that is none are refused, a blank is no date and no
    error, and an Excel serial is a day; the parse itself holds no date reading (the size
    of the expression, copied four to six times, was the query's cost)."""
    from attcli.loaders._register import _date_stage, _mapped, _staged_date

    cells = [
        "Wed, 09 Sep 2026",  # right weekday
        "09/09/2026",
        "Tue, 09 Sep 2026",  # wrong weekday: refused
        "09/09/2026",  # (again: one distinct value)
        "2026-09-08T08:45:00",  # a time after it
        "46000",  # Excel serial: 1899-12-30 + 46000 days
        "31/02/2026",  # no such day: refused
        "  ",  # blank: null, not refused by the date's parse
    ]
    frame = pl.DataFrame({"c0": cells, "line": list(range(2, 10))}).with_columns(
        pl.col("c0").cast(pl.Categorical)
    )

    def parse(v: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr]:
        d, bad = _staged_date(v)
        return {"date": d}, bad

    assert "strptime" not in str(parse(pl.col("v")))
    exprs, bad = _mapped(frame, "c0", parse, stage=_date_stage(True))
    d = dt.date
    assert frame.select(exprs).get_column("date").to_list() == [
        d(2026, 9, 9), d(2026, 9, 9), None, d(2026, 9, 9), d(2026, 9, 8), d(2025, 12, 9),
        None, None,
    ]
    assert sorted(bad.cast(pl.String).to_list()) == ["31/02/2026", "Tue, 09 Sep 2026"]


def test_a_lookup_by_code_gives_each_row_its_value_and_a_blank_the_blank_s() -> None:
    """``lookup.by_code`` (its table of nulls now made with no query): each row of a
    Categorical column takes the value of its text, a null cell the null's value, a
    text not among the distinct values null."""
    from attcli.lookup import by_code

    frame = pl.DataFrame({"c": ["b", None, "a", "b", "z"]}).with_columns(
        pl.col("c").cast(pl.Categorical)
    )
    distinct = pl.Series("c", ["a", "b", None], dtype=pl.Categorical)
    values = pl.Series("v", [dt.date(2026, 9, 1), dt.date(2026, 9, 2), dt.date(2026, 9, 3)])
    got = frame.select(by_code("c", distinct, values).alias("v")).get_column("v").to_list()
    assert got == [dt.date(2026, 9, 2), dt.date(2026, 9, 3), dt.date(2026, 9, 1),
                   dt.date(2026, 9, 2), None]


def test_a_year_group_parsed_from_its_stage_reads_and_refuses_each_cell_as_before() -> None:
    """The year group's parse reads the year worked out first (``_read_year``, the stage
    of the field ``_fields`` gives): 'Year 7' is 7, 'yr r' R, 'N1' N1, 'X' X, a blank no
    year and no error, 'Y15' (no year 15) refused."""
    from attcli.loaders._register import _mapped
    from attcli.loaders._values import year_group_bad, year_group_exprs

    cells = ["Year 7", "yr r", "N1", "X", " ", "Y15", "Year 7"]
    frame = pl.DataFrame({"c3": cells}).with_columns(pl.col("c3").cast(pl.Categorical))
    exprs, bad = _mapped(
        frame,
        "c3",
        lambda v: ({"year_group": pl.col("_read_year")}, year_group_bad(v, pl.col("_read_year"))),
        stage=lambda v: {"_read_year": year_group_exprs(v)[0]},
    )
    got = frame.select(exprs).get_column("year_group").cast(pl.String).to_list()
    assert got == ["7", "R", "N1", "X", None, None, "7"]
    assert bad.cast(pl.String).to_list() == ["Y15"]


def _names_register(tmp_path, surnames: list[str]) -> str:  # type: ignore[no-untyped-def]
    rows = zip(
        ["G999200019000", "K999200018001", "C999200016002", "A999200016002"],
        surnames,
        ["Matilda", "Kai", "Chloe", "Ava"],
        strict=True,
    )
    path = tmp_path / "r.csv"
    path.write_text(
        "UPN,Legal Surname,Legal Forename,Year,Date,Session,Mark\n"
        + "".join(f"{u},{s},{f},Year 7,01/09/2026,AM,/\n" for u, s, f in rows),
        encoding="utf-8",
    )
    return str(path)


def test_a_name_column_of_upns_is_refused_from_all_columns_counted_in_one_query(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The named columns' values counted side by side (the surnames' three distinct values
    padded to the forenames' four): two UPNs of three surnames is most, refused with its
    counts on the first such row; two of four is not, and the register is read."""
    import pytest

    from attcli.errors import InputError
    from attcli.loaders import load_registers

    with pytest.raises(InputError) as caught:
        load_registers([_names_register(tmp_path, ["C999200016002", "K999200018001", "Booth", "Booth"])])
    assert "line 2: column 'Legal Surname' holds UPNs, not names (2 of its 3 values are UPNs, " \
        "e.g. 'C999200016002')" in str(caught.value)
    loaded = load_registers(
        [_names_register(tmp_path, ["C999200016002", "K999200018001", "Booth", "Smith"])]
    )
    assert loaded.register.height == 4


def test_no_key_has_no_upn_in_question_with_the_columns_of_one_that_has() -> None:
    """``_odd_upns`` of no key (the default before a register's key is read) answers with
    no query: no row, and the columns and types a register's answer has."""
    from attcli.loaders._register import _odd_upns

    none = _odd_upns(pl.Series("key", [], pl.String))
    some = _odd_upns(pl.Series("key", ["A999200016002", "B999200016002\x07"], pl.String))
    assert none.height == 0 and none.schema == some.schema
    assert some.get_column("key").to_list() == ["B999200016002\x07"]
    assert some.get_column("control").to_list() == [True]


def test_marks_are_classified_and_legacy_codes_counted_only_where_the_values_hold_one() -> None:
    """``classify_marks`` (its legacy rows looked for only when a distinct mark is one, its
    category already the Enum): two H sessions are said once, counted as authorised; a
    register without a legacy code has no note; a blank is '-', missing."""
    from attcli.codes import CATEGORY_DTYPE, classify_marks

    frame = pl.DataFrame(
        {"raw_mark": ["/", "\\", "H", "h", " "], "line": [2, 3, 4, 5, 6], "upn": ["A"] * 5}
    )
    warnings: list[str] = []
    out = classify_marks(frame, warnings=warnings, file="r.csv")
    assert out.schema["category"] == CATEGORY_DTYPE
    assert out.get_column("mark").cast(pl.String).to_list() == ["/", "\\", "H", "H", "-"]
    assert out.get_column("category").cast(pl.String).to_list() == [
        "present", "present", "authorised", "authorised", "missing"
    ]
    assert len(warnings) == 1
    assert warnings[0].startswith("r.csv: legacy code 'H' (") and warnings[0].endswith(
        ") on 2 sessions, counted as authorised"
    )
    warnings.clear()
    out = classify_marks(frame.filter(pl.col("line") < 4), warnings=warnings, file="r.csv")
    assert warnings == [] and out.schema["category"] == CATEGORY_DTYPE


def test_a_small_frame_is_made_whole_in_place_in_one_query(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``_rechunk_in_place`` on a small frame (a workbook's 154 session columns were 77
    queries, a pair each): every column one chunk, the same values, the same frame; above
    the cells' bound a pair at a time, as before."""
    import attcli.loaders._register as reg

    def chunked() -> pl.DataFrame:
        parts = [pl.DataFrame({f"c{i}": [f"{k}{i}", None] for i in range(5)}) for k in "ab"]
        return pl.concat(parts, rechunk=False)

    for once in (reg._ONCE_CELLS, 3):
        monkeypatch.setattr(reg, "_ONCE_CELLS", once)
        frame = chunked()
        before = frame.rows()
        assert frame.get_column("c0").n_chunks() == 2
        reg._rechunk_in_place(frame)
        assert frame.rows() == before == [("a0", "a1", "a2", "a3", "a4"), (None,) * 5,
                                          ("b0", "b1", "b2", "b3", "b4"), (None,) * 5]
        assert all(frame.get_column(c).n_chunks() == 1 for c in frame.columns)


def test_keys_and_rows_with_none_read_from_one_table_of_the_distinct_values(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``_classify_rows`` works each distinct UPN cell's key and whether it is none out once
    (for the rows and for the keys kept): a UPN typed small with a space is the pupil's
    key in capitals, a footer 'Total' row is left out, and the keys are counted as two."""
    from attcli.loaders import load_registers

    path = tmp_path / "r.csv"
    path.write_text(
        "UPN,Surname,Forename,Date,Session,Mark\n"
        "a999 200016002,Smith,Ava,01/09/2026,AM,/\n"
        "A999200016002,Smith,Ava,01/09/2026,PM,/\n"
        "K999200018001,White,Kai,01/09/2026,AM,N\n"
        "Total,,,,,\n",
        encoding="utf-8",
    )
    loaded = load_registers([str(path)])
    register = loaded.register.sort("line")
    assert register.get_column("upn").cast(pl.String).to_list() == [
        "A999200016002", "A999200016002", "K999200018001"
    ]
    assert register.get_column("line").to_list() == [2, 3, 4]
    assert loaded.files[0].pupils == 2
