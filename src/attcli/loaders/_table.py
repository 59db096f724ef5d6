"""``read_table``: any export table (contacts, pupil lists) with the register's header machinery."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import polars as pl

from ._headers import Spec, check_override_fields
from ._register import FormSheets, _classify_rows, _parse_fields, _read, _text, open_layout

#: Fields that identify a row's pupil, in order of preference.
KEY_FIELDS = ("upn", "mis_id")


def read_table(
    path: str | Path,
    fields: Mapping[str, Sequence[str]],
    required: Collection[str | tuple[str, ...]],
    columns: Mapping[str, str] | None = None,
    *,
    config_table: str | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """Read the table in ``path`` (.csv or .xlsx) whose header row holds the ``required`` fields
    (a tuple: any one of them).

    ``fields`` maps each canonical field to its header aliases (compared with
    :func:`normalise_header`; earlier aliases win); ``columns`` overrides a field's aliases
    with the exact header text; ``config_table`` is the attcli.toml table a school writes
    that in (``"letters.contact_columns"``), for the messages (None: the file's headers
    must be renamed).  The header row is the first row, within the first 30, that
    has every required field; title rows above it, blank rows and footer rows of totals are
    skipped and described in the returned sentences.  When a required field identifies the
    pupil (``upn``, else ``mis_id``), any other row without it is an
    :class:`~attcli.errors.InputError`.

    Returns a frame of the fields found, as trimmed strings (blank cells null) named by
    field, in ``fields`` order, plus ``line``: the 1-based line (CSV) or sheet row (xlsx).
    """
    frame, skipped, _headers = read_table_headers(
        path, fields, required, columns, config_table=config_table
    )
    return frame, skipped


def read_table_headers(
    path: str | Path,
    fields: Mapping[str, Sequence[str]],
    required: Collection[str | tuple[str, ...]],
    columns: Mapping[str, str] | None = None,
    *,
    config_table: str | None = None,
    others: list[str] | None = None,
) -> tuple[pl.DataFrame, list[str], dict[str, str]]:
    """:func:`read_table`, and the header text of each field found (for messages);
    ``others``, when given, is filled with the header row's other (unread) headers."""
    check_override_fields(columns, list(fields), config_table)
    alternatives = [(r,) if isinstance(r, str) else tuple(r) for r in required]
    spec = Spec(
        "table",
        fields,
        [[(f,) for f in alts] for alts in alternatives],
        config_table=config_table,
    )
    try:
        layout = open_layout(str(path), [spec], columns)
    except FormSheets as book:  # a table is read from one sheet: attcli does not choose
        raise book.several from None
    named = {f for alts in alternatives for f in alts}
    key = next((f for f in KEY_FIELDS if f in named and f in layout.cols), None)
    frame = _read(layout, [])
    frame, skipped, _, _ = _classify_rows(layout, frame, [], key=key)
    skipped += layout.hidden_said  # (a contact hidden by hand is still written to)
    found = [f for f in fields if f in layout.cols]
    frame = _parse_fields(layout, frame, [_text(f) for f in found if f != key], register=False)
    headers = {f: layout.header(f) for f in found}
    if others is not None:
        claimed = {int(c[1:]) for c in layout.cols.values()}
        others.extend(
            t for i, t in enumerate(layout.match.cells) if t and t.strip() and i not in claimed
        )
    # a table (contacts, a pupil list) is small: its fields are plain text
    return (
        frame.select(*[pl.col(f).cast(pl.Utf8) for f in found], pl.col("line").cast(pl.Int64)),
        skipped,
        headers,
    )
