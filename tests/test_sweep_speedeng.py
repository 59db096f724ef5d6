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


# --------------------------------------------------------------------------- the engine's
# sorts and as-of joins on integers (attcli.engine._pupil_key, _last_seen_before,
# Prepared._keyed_sessions)

SCHOOL = 2**32  # (attcli.roll.SCHOOL_BITS: a pid is the school's code above the UPN's)


def test_pupil_key_orders_as_pupil_then_value() -> None:
    """The packed key sorts as (the pupil's UPN code, the value), negative values (a
    penalty-notice window reaching before the first school week: -1 - 9) included, for a
    school whose code is not 0 (a trust's)."""
    from attcli.engine import _pupil_key

    rows = [(3 * SCHOOL + u, v) for u in (0, 1, 7, 2**32 - 1) for v in (-10, -1, 0, 1, 20_000)]
    frame = pl.DataFrame(rows, schema={"pid": pl.UInt64, "v": pl.Int64}, orient="row")
    keyed = frame.with_columns(_pupil_key(pl.col("pid"), pl.col("v")).alias("k"))
    assert keyed.sort("k").select("pid", "v").rows() == sorted(rows)
    assert keyed.get_column("k").n_unique() == len(rows)


def test_last_seen_before_is_the_pupils_own_latest_day_before_the_run() -> None:
    """Each run's last day attended before it began, as the plain definition: the pupil's
    latest day of those seen before the run's first day, none when there is none, never
    another pupil's (a pupil whose UPN code is just below, with a day just before), for a
    school whose code is not 0; the runs in the order of the day before each began."""
    from attcli.engine import _last_seen_before, _pupil_day

    d = dt.date
    base = 5 * SCHOOL
    seen_rows = [
        (base + 1, d(2026, 9, 1)), (base + 1, d(2026, 9, 2)), (base + 1, d(2026, 10, 5)),
        (base + 2, d(2026, 9, 14)),  # (the pupil below pupil 3's run, the day before it)
        (base + 4, d(2026, 9, 3)), (base + 4, d(2026, 9, 4)),
    ]  # fmt: skip
    runs = pl.DataFrame(
        [
            (base + 1, d(2026, 9, 3)),  # last seen 02/09
            (base + 1, d(2026, 10, 5)),  # last seen 02/09 (05/10 is the run's own day)
            (base + 1, d(2026, 9, 1)),  # none before
            (base + 3, d(2026, 9, 15)),  # none: pupil 2's 14/09 is not theirs
            (base + 4, d(2026, 9, 10)),  # 04/09
            (base + 0, d(2026, 9, 2)),  # UPN code 0, nothing seen
        ],
        schema={"pid": pl.UInt64, "start": pl.Date},
        orient="row",
    )
    seen = pl.DataFrame(seen_rows, schema={"pid": pl.UInt64, "date": pl.Date}, orient="row")
    got = _last_seen_before(runs, seen.select(_pupil_day(pl.col("pid"), pl.col("date")).alias("_key")))

    def plain(pid: int, start: dt.date) -> dt.date | None:
        before = [day for p, day in seen_rows if p == pid and day < start]
        return max(before) if before else None

    want = {(p, s): plain(p, s) for p, s in runs.iter_rows()}
    assert {(p, s): a for p, s, a in got.select("pid", "start", "last_attended").iter_rows()} == want
    assert got.get_column("_before").is_sorted()
    assert got.columns == [*runs.columns, "_before", "last_attended"]


def test_keyed_sessions_in_the_order_of_the_texts() -> None:
    """A pupil's sessions keyed and sorted on integers come in the order a sort on the
    school, UPN, date and session gives, where the pids' order is not the UPNs' (codes
    number the UPNs as first met) and two schools share a UPN."""
    from types import SimpleNamespace

    from attcli.engine import Prepared

    pupils = pl.DataFrame(
        {
            "pid": [0 * SCHOOL + 0, 0 * SCHOOL + 1, 1 * SCHOOL + 2, 1 * SCHOOL + 0],
            "school": ["Oak", "Oak", "Ash", "Ash"],
            "upn": ["Z999", "A111", "M555", "Z999"],
        },
        schema_overrides={"pid": pl.UInt64},
    )
    fake = SimpleNamespace(_order=None, roll=SimpleNamespace(pupils=pupils))
    fake._pupil_order = lambda: Prepared._pupil_order(fake)  # type: ignore[attr-defined]
    d = dt.date
    sessions = pl.DataFrame(
        [
            (0, d(2026, 9, 2), "PM", "O"), (0, d(2026, 9, 2), "AM", "O"),
            (1, d(2026, 9, 1), "AM", "G"), (SCHOOL + 2, d(2026, 9, 1), "PM", "O"),
            (SCHOOL, d(2026, 9, 3), "AM", "O"), (SCHOOL, d(2026, 9, 1), "AM", "N"),
            (1, d(2026, 8, 31), "PM", "O"),
        ],
        schema={"pid": pl.UInt64, "date": pl.Date, "session": pl.Enum(["AM", "PM"]),
                "mark": pl.String},
        orient="row",
    )  # fmt: skip
    got = Prepared._keyed_sessions(fake, sessions)  # type: ignore[arg-type]
    want = pupils.join(sessions, on="pid").drop("pid").sort("school", "upn", "date", "session")
    assert got.rows() == want.rows()
    assert got.columns == ["school", "upn", "date", "session", "mark"]
