"""Sweep speedeng (issue 15: the check's engine and rendering time): each change keeps
what is written exactly as before; these tests hold the pieces changed to their plain
definitions."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from attcli.output import json_object, json_value


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "d": [dt.date(2026, 9, 1), None, dt.date(2027, 7, 16)],
            "t": ['say "hi"\\', None, "tab\there\nłódź \x01"],
            "n": [3, None, -1],
            "b": [True, False, None],
            "l": [["a", 'b"'], [], None],
            "on": [True, False, None],
        },
        schema_overrides={"d": pl.Date},
    )


def _plain(row: dict, keys: list[str], cond: dict[str, str]) -> str:
    obj = {}
    for k in keys:
        if k in cond and not row[cond[k]]:
            continue
        v = row[k]
        obj[k] = v.isoformat() if isinstance(v, dt.date) else v
    return json.dumps(obj, ensure_ascii=False)


def _lines(keys: list[str], cond: dict[str, str]) -> list[str]:
    frame = _frame()
    parts = [
        (k, json_value(pl.col(k), frame.schema[k]),
         pl.col(cond[k]) if k in cond else None)
        for k in keys
    ]  # fmt: skip
    return frame.select(json_object(parts)).to_series().to_list()


def test_json_object_as_json_dumps_writes_it() -> None:
    """An object of dates (a null among them), escaped text, integers, booleans and lists,
    with parts only some rows have after the first and as the first (the two ways
    json_object builds it), each row as ``json.dumps`` writes it."""
    frame = _frame()
    for keys, cond in (
        (["d", "t", "n", "b", "l"], {}),
        (["n", "d", "t", "l"], {"d": "on", "l": "on"}),
        (["t", "d", "n"], {"t": "on", "n": "on"}),  # (the first part conditional)
        (["d"], {}),
    ):
        rows = frame.iter_rows(named=True)
        want = [_plain(r, keys, cond) for r in rows]
        assert _lines(keys, cond) == want, (keys, cond)
