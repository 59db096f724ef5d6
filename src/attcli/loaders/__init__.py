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


#: Register corrections across exports (DOMAIN.md 12): one row per session an earlier
#: export had as ``N`` and a later one (its data ends later) codes finally.
CORRECTION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "school": pl.Utf8,
    "upn": pl.Utf8,
    "date": pl.Date,
    "session": pl.Utf8,
    "was": pl.Utf8,
    "now": pl.Utf8,
    "file": pl.Utf8,  # the later export, whose mark counts
    "was_file": pl.Utf8,
}


@dataclass
class LoadResult:
    register: pl.DataFrame  # canonical: CORE_SCHEMA, attributes present, source, line
    warnings: list[str] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    corrections: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CORRECTION_SCHEMA))


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
    once (a warning counts them).  With different marks: an ``N`` (reason not yet
    established) in an export whose data ends earlier and a final code in one whose data
    ends later is a correction, and the later code counts (``LoadResult.corrections``);
    anything else (a later ``N`` over a final code, two final codes, exports ending on the
    same day, two marks in one file) is an :class:`InputError` listing each conflict.
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
    ends = {r.path: r.last_date for r in reports}
    register, corrections = _dedupe(register, warnings, ends)
    register = register.sort(KEYS, maintain_order=True)
    return LoadResult(register, warnings, reports, corrections)


def _combine(frames: list[pl.DataFrame]) -> pl.DataFrame:
    if not frames:
        return empty_register()
    combined = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
    attrs = [a for a in ATTRIBUTE_COLUMNS if a in combined.columns]
    order = [*CORE_SCHEMA, *attrs, *PROVENANCE_SCHEMA]
    return combined.select(order)


def _where(source: str, line: int) -> str:
    return f"{source} {unit(source)} {line}"


#: The provisional code a later export may replace (DOMAIN.md 12).
PROVISIONAL = "N"


def _resolve(rows: list[dict], ends: Mapping[str, object]) -> tuple[int, dict] | None:
    """For one session's rows with different marks: (order of the row that counts, the
    correction) when it is a correction of an ``N``; None when it is a conflict."""
    by_file: dict[str, set[str]] = {}
    for e in rows:
        by_file.setdefault(e["source"], set()).add(e["mark"])
    if any(len(m) > 1 for m in by_file.values()):
        return None  # two marks for the session in one file
    latest_end = max(ends.get(f) for f in by_file)  # type: ignore[type-var]
    latest = [f for f in by_file if ends.get(f) == latest_end]
    if len(latest) != 1:
        return None  # exports ending on the same day: which is later cannot be known
    final = next(iter(by_file[latest[0]]))
    earlier = {f: next(iter(m)) for f, m in by_file.items() if f != latest[0]}
    if final == PROVISIONAL or any(m not in (PROVISIONAL, final) for m in earlier.values()):
        return None
    keep = next(e for e in rows if e["source"] == latest[0])
    was_file = next(f for f, m in earlier.items() if m == PROVISIONAL)
    return keep["_order"], {"was": PROVISIONAL, "now": final, "file": latest[0], "was_file": was_file}


def _dedupe(
    register: pl.DataFrame, warnings: list[str], ends: Mapping[str, object]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    no_corrections = pl.DataFrame(schema=CORRECTION_SCHEMA)
    dup = register.select(pl.struct(KEYS).is_duplicated()).to_series()
    if not dup.any():
        return register, no_corrections
    rows = register.with_row_index("_order").filter(dup)
    groups = (
        rows.group_by(KEYS)
        .agg(
            pl.col("mark").n_unique().alias("_marks"),
            pl.col("school").first(),
            pl.col("surname").first(),
            pl.col("forename").first(),
            pl.struct("raw_mark", "mark", "source", "line", "_order")
            .sort_by("_order")
            .alias("_rows"),
        )
        .sort(KEYS)
    )
    differing = groups.filter(pl.col("_marks") > 1)
    corrected: list[dict] = []
    keep_order: set[int] = set()
    conflicts = []
    for r in differing.iter_rows(named=True):
        resolved = _resolve(r["_rows"], ends)
        if resolved is None:
            conflicts.append(r)
            continue
        order, corr = resolved
        keep_order.add(order)
        corrected.append(
            {"school": r["school"], "upn": r["upn"], "date": r["date"],
             "session": str(r["session"]), **corr}
        )
    if conflicts:
        lines = []
        for r in conflicts[:MAX_CONFLICTS_LISTED]:
            marks = "; ".join(
                f"{e['raw_mark']!r} in {_where(e['source'], e['line'])}" for e in r["_rows"]
            )
            lines.append(
                f"  {r['upn']} {r['surname']}, {r['forename']}, "
                f"{r['date']:%d/%m/%Y} {r['session']}: {marks}"
            )
        more = len(conflicts) - MAX_CONFLICTS_LISTED
        if more > 0:
            lines.append(f"  and {more} more")
        n = len(conflicts)
        raise InputError(
            f"{n} session{'s have' if n != 1 else ' has'} conflicting marks (the same pupil, "
            "date and session with different marks):\n" + "\n".join(lines),
            hint="a later export (one whose data ends later) may only replace an earlier "
            "export's N; correct the export that is wrong, or load only one export for "
            "these dates",
        )
    corrections = pl.DataFrame(corrected, schema=CORRECTION_SCHEMA, orient="row")
    same = groups.filter(pl.col("_marks") == 1)
    if same.height:
        first = same.row(0, named=True)
        example = " and ".join(_where(e["source"], e["line"]) for e in first["_rows"][:2])
        n_same = sum(len(x) for x in same.get_column("_rows").to_list()) - same.height
        s = "s" if n_same != 1 else ""
        warnings.append(
            f"{n_same} duplicate session row{s} removed (the same pupil, date, session and "
            f"mark more than once; the first kept), e.g. {first['upn']} "
            f"{first['date']:%d/%m/%Y} {first['session']} in {example}"
        )
    if corrections.height:
        c0 = corrected[0]
        n = corrections.height
        warnings.append(
            f"{n} register correction{'s' if n != 1 else ''} across exports: an N in an "
            f"earlier export replaced by the later export's code, e.g. {c0['upn']} "
            f"{c0['date']:%d/%m/%Y} {c0['session']} N -> {c0['now']} ({c0['file']})"
        )
    # keep: rows not duplicated, the first row of each same-mark group, the counting row
    # of each correction
    indexed = register.with_row_index("_order")
    first_of_same = (
        rows.join(same.select(KEYS), on=KEYS, how="semi")
        .group_by(KEYS)
        .agg(pl.col("_order").min())
        .get_column("_order")
    )
    keep = pl.concat(
        [first_of_same, pl.Series("_order", sorted(keep_order), dtype=first_of_same.dtype)]
    )
    out = indexed.filter(~dup | pl.col("_order").is_in(keep.implode())).drop("_order")
    return out, corrections
