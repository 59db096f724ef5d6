"""``read_table``: any export table (contacts, pupil lists) with the register's header machinery."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import polars as pl

from ._headers import Spec, check_override_fields
from ._register import _Check, _collect_checked, _no_data, _row_flags, _skipped_rows, open_layout
from ._values import stripped


def read_table(
    path: str | Path,
    fields: Mapping[str, Sequence[str]],
    required: Collection[str],
    columns: Mapping[str, str] | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """Read the table in ``path`` (.csv or .xlsx) whose header row holds ``required`` fields.

    ``fields`` maps each canonical field to its header aliases (compared with
    :func:`normalise_header`; earlier aliases win); ``columns`` overrides them with the exact
    header text for a field.  The header row is the first row, within the first 30, that has
    every required field; title rows above it, blank rows and footer rows of totals are
    skipped and described in the returned sentences.  A data row with no ``upn`` (when
    ``upn`` is required) is an :class:`~attcli.errors.InputError`.

    Returns a frame of the fields found, as trimmed strings (blank cells null) named by
    field, in ``fields`` order, plus ``line``: the 1-based line (CSV) or sheet row (xlsx).
    """
    check_override_fields(columns, list(fields))
    spec = Spec("table", fields, [[(f,)] for f in required])
    layout = open_layout(str(path), [spec], columns)
    raw = layout.source.scan(layout.match.end_line, len(layout.names))
    flags = _row_flags(layout)
    data = ~pl.col("_blank") & ~pl.col("_footer")
    found = [f for f in fields if f in layout.cols]
    exprs = {f: stripped(layout.cols[f]) for f in found}
    checks = []
    if "upn" in required:
        checks.append(
            _Check(
                "_bad_upn",
                data & exprs["upn"].is_null(),
                lambda raw: ("data row with no UPN", layout.header("upn"), None, None),
            )
        )
    frame = _collect_checked(layout, raw, flags, exprs, checks, {})
    skipped, used = _skipped_rows(layout, frame, raw, [])
    frame = frame.filter(~pl.col("_blank") & ~pl.col("_footer")).drop("_blank", "_footer")
    if not frame.height:
        raise _no_data(layout)
    return frame.select(*found, pl.col("line").cast(pl.Int64)), skipped
