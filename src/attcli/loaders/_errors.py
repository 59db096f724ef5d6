"""Input errors that say "row" for spreadsheets and "line" for text files."""

from __future__ import annotations

from pathlib import Path

from attcli.errors import InputError

SHEET_SUFFIXES = (".xlsx", ".xlsm")


def is_sheet(file: str | Path | None) -> bool:
    """True when ``file`` is a spreadsheet, whose positions are sheet rows, not text lines."""
    return file is not None and str(file).lower().endswith(SHEET_SUFFIXES)


def unit(file: str | Path | None) -> str:
    """``"row"`` for a spreadsheet, ``"line"`` for a text file."""
    return "row" if is_sheet(file) else "line"


class RowInputError(InputError):
    """An :class:`InputError` in a spreadsheet: the position is a sheet row, so say "row"."""

    def _format(self) -> str:
        text = super()._format()
        if self.line is not None:
            old = f"line {self.line}"
            new = f"row {self.line}"
            prefix = f"{self.file}, {old}" if self.file is not None else old
            if text.startswith(prefix):
                text = prefix.replace(old, new) + text[len(prefix) :]
        return text


def input_error(
    message: str,
    *,
    file: str | Path | None = None,
    line: int | None = None,
    column: str | None = None,
    value: object = None,
    hint: str | None = None,
) -> InputError:
    """Build an :class:`InputError` (a :class:`RowInputError` for a spreadsheet)."""
    cls = RowInputError if is_sheet(file) else InputError
    return cls(message, file=file, line=line, column=column, value=value, hint=hint)


def relabel(exc: InputError, *, column: str | None = None) -> InputError:
    """The same error, worded for its file type, optionally naming the column."""
    return input_error(
        exc.detail,
        file=exc.file,
        line=exc.line,
        column=column if column is not None else exc.column,
        value=exc.value,
        hint=exc.hint,
    )
