"""Register loaders: MIS attendance exports (long or wide, CSV or xlsx) -> the canonical register.

See ``docs/presets.md`` for the layouts read and how they are recognised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from attcli.errors import InputError
from attcli.register import ATTRIBUTE_COLUMNS, CORE_SCHEMA, PROVENANCE_SCHEMA, empty_register

from ._errors import unit
from ._headers import PUPIL_FIELDS, SESSION_FIELDS, check_override_fields, normalise_header
from ._register import PRESETS, REGISTER_FIELDS, FileReport, load_long, load_wide, open_layout
from ._table import read_table
from ._values import YES_NO_TEXT, parse_dates, year_group_exprs, yes_no_exprs

if TYPE_CHECKING:
    from attcli.config import Config

__all__ = [
    "PUPIL_FIELDS",
    "SESSION_FIELDS",
    "YES_NO_TEXT",
    "FileReport",
    "LoadResult",
    "PRESETS",
    "load_exports",
    "load_registers",
    "normalise_header",
    "parse_dates",
    "read_table",
    "year_group_exprs",
    "yes_no_exprs",
]

KEYS = ["upn", "date", "session"]


def load_exports(
    paths: Sequence[str | Path],
    config: Config,
    *,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> LoadResult:
    """:func:`load_registers` with the school's column names and sub-codes from its config."""
    return load_registers(
        paths, preset=preset, columns=config.columns, subcodes=config.subcodes, progress=progress
    )


MAX_CONFLICTS_LISTED = 20


@dataclass
class LoadResult:
    register: pl.DataFrame  # canonical: CORE_SCHEMA, attributes present, source, line
    warnings: list[str] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)


def load_registers(
    paths: Sequence[str | Path],
    *,
    preset: str | None = None,
    columns: Mapping[str, str] | None = None,
    subcodes: Mapping[str, str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> LoadResult:
    """Load register exports into one canonical register, sorted by upn, date, session.

    ``preset`` forces a layout (``"arbor"``: long; ``"integris"``: wide); by default each
    file's layout is recognised from its header row.  ``columns`` maps canonical fields to
    the exact header text of this school's export (e.g. ``{"upn": "Pupil ID"}``).
    ``subcodes`` maps MIS sub-codes to national codes (default
    :data:`attcli.codes.DEFAULT_SUBCODES`).  ``progress(file, done, total)`` is called before
    each file (``done`` files finished so far) and once after the last.

    The same session (upn, date, session) in more than one row with the same mark is kept
    once (a warning counts them); with different marks it is an :class:`InputError` listing
    each conflict.
    """
    if preset not in PRESETS:
        raise InputError(
            f"unknown preset {preset!r}",
            hint="valid presets: arbor (long), integris (wide); or none, to detect the layout",
        )
    check_override_fields(columns, REGISTER_FIELDS)
    if not paths:
        raise InputError("no register files given", hint="name one or more .csv or .xlsx exports")
    warnings: list[str] = []
    frames: list[pl.DataFrame] = []
    reports: list[FileReport] = []
    total = len(paths)
    for i, path in enumerate(paths):
        if progress is not None:
            progress(str(path), i, total)
        layout = open_layout(str(path), PRESETS[preset], columns)
        warnings.extend(f"{layout.file}: {note}" for note in layout.source.notes)
        loader = load_long if layout.spec.shape == "long" else load_wide
        frame, report = loader(layout, subcodes, warnings)
        report.preset = preset
        frames.append(frame)
        reports.append(report)
    if progress is not None:
        progress(str(paths[-1]), total, total)
    register = _combine(frames)
    register = _dedupe(register, warnings)
    register = register.sort(KEYS, maintain_order=True)
    return LoadResult(register, warnings, reports)


def _combine(frames: list[pl.DataFrame]) -> pl.DataFrame:
    if not frames:
        return empty_register()
    combined = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
    attrs = [a for a in ATTRIBUTE_COLUMNS if a in combined.columns]
    order = [*CORE_SCHEMA, *attrs, *PROVENANCE_SCHEMA]
    return combined.select(order)


def _where(source: str, line: int) -> str:
    return f"{source} {unit(source)} {line}"


def _dedupe(register: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    dup = register.select(pl.struct(KEYS).is_duplicated()).to_series()
    if not dup.any():
        return register
    rows = register.with_row_index("_order").filter(dup)
    groups = (
        rows.group_by(KEYS)
        .agg(
            pl.col("mark").n_unique().alias("_marks"),
            pl.col("surname").first(),
            pl.col("forename").first(),
            pl.struct("raw_mark", "source", "line", "_order").sort_by("_order").alias("_rows"),
        )
        .sort(KEYS)
    )
    conflicts = groups.filter(pl.col("_marks") > 1)
    if conflicts.height:
        lines = []
        for r in conflicts.head(MAX_CONFLICTS_LISTED).iter_rows(named=True):
            marks = "; ".join(
                f"{e['raw_mark']!r} in {_where(e['source'], e['line'])}" for e in r["_rows"]
            )
            lines.append(
                f"  {r['upn']} {r['surname']}, {r['forename']}, "
                f"{r['date']:%d/%m/%Y} {r['session']}: {marks}"
            )
        more = conflicts.height - MAX_CONFLICTS_LISTED
        if more > 0:
            lines.append(f"  and {more} more")
        n = conflicts.height
        raise InputError(
            f"{n} session{'s have' if n != 1 else ' has'} conflicting marks (the same pupil, "
            "date and session with different marks):\n" + "\n".join(lines),
            hint="correct the export that is wrong, or load only one export for these dates",
        )
    removed = rows.height - groups.height
    first = groups.row(0, named=True)
    example = " and ".join(_where(e["source"], e["line"]) for e in first["_rows"][:2])
    s = "s" if removed != 1 else ""
    warnings.append(
        f"{removed} duplicate session row{s} removed (the same pupil, date, session and mark "
        f"more than once; the first kept), e.g. {first['upn']} {first['date']:%d/%m/%Y} "
        f"{first['session']} in {example}"
    )
    return register.filter(pl.struct(KEYS).is_first_distinct())
