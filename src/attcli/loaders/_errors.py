"""Input errors that say "row" for spreadsheets and "line" for text files."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from attcli.errors import InputError, sentences

SHEET_SUFFIXES = (".xlsx", ".xlsm")
_SHEET_LABEL = re.compile(r"(?i)\.xls[xm], sheet '.*'$")


def sheet_label(file: str, sheet: str) -> str:
    """How messages name a workbook's sheet other than its first, or any sheet of a
    workbook read a sheet at a time (one register saved a sheet a form): ``book.xlsx,
    sheet 'Data'``."""
    return f"{file}, sheet {sheet!r}"


def is_sheet(file: str | Path | None) -> bool:
    """True when ``file`` is a spreadsheet, whose positions are sheet rows, not text lines
    (a workbook's sheet named as :func:`sheet_label` names it included)."""
    if file is None:
        return False
    text = str(file)
    return text.lower().endswith(SHEET_SUFFIXES) or bool(_SHEET_LABEL.search(text))


def position_expr(source: str = "source", line: str = "line") -> pl.Expr:
    """``FILE line N``, or ``FILE row N`` when ``FILE`` is a spreadsheet (as
    :func:`is_sheet`): a row's position as docs/presets.md gives it, from a register's
    ``source`` and ``line`` columns."""
    text = pl.col(source).cast(pl.Utf8)
    sheet = text.str.to_lowercase().str.ends_with(SHEET_SUFFIXES[0])
    for suffix in SHEET_SUFFIXES[1:]:
        sheet = sheet | text.str.to_lowercase().str.ends_with(suffix)
    sheet = sheet | text.str.contains(_SHEET_LABEL.pattern)
    word = pl.when(sheet).then(pl.lit("row")).otherwise(pl.lit("line"))
    return pl.format("{} {} {}", text, word, pl.col(line))


def unit(file: str | Path | None) -> str:
    """``"row"`` for a spreadsheet, ``"line"`` for a text file."""
    return "row" if is_sheet(file) else "line"


def input_error(
    message: str,
    *,
    file: str | Path | None = None,
    line: int | None = None,
    column: str | None = None,
    value: object = None,
    hint: str | None = None,
    field: str | None = None,
) -> InputError:
    """An :class:`InputError` whose position is a "row" in a spreadsheet, else a "line"."""
    return InputError(
        message, file=file, line=line, column=column, value=value, hint=hint, unit=unit(file),
        field=field,
    )


def relabel(exc: InputError, *, column: str | None = None, hint: str | None = None) -> InputError:
    """The same error, worded for its file type, optionally naming the column and putting
    ``hint`` before its own."""
    return input_error(
        exc.detail,
        file=exc.file,
        line=exc.line,
        column=column if column is not None else exc.column,
        value=exc.value,
        hint=sentences(hint, exc.hint) or None,
        field=exc.field,
    )


def excerpt(text: str, limit: int = 80) -> str:
    """A line of the file quoted in a message: at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def first_line(exc: Exception) -> str:
    """The first line of a library's error (calamine and polars write several)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
