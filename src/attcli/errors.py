"""The one exception root for errors a user can act on.

The CLI catches :class:`AttcliError` in one place, prints its message and exits
with status 1 (no traceback unless ``--debug``).  Anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path


def shown(text: str) -> str:
    """``text`` with its control, format and line-separating characters escaped (``\\n``,
    ``\\x1b``, ``\\u202e``), as a value is shown in a message: a file name holding a line
    break or an escape sequence cannot break a one-line error or reach the terminal."""
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        c if c == " " or unicodedata.category(c)[0] not in "CZ" else ascii(c)[1:-1]
        for c in text
    )


class AttcliError(Exception):
    """An error caused by the user's input or settings, with a message that says what to do."""


class InputError(AttcliError):
    """Bad data in an export file.  Names the file, line, column and value where known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
        hint: str | None = None,
        unit: str = "line",
    ) -> None:
        self.file = shown(str(file)) if file is not None else None
        self.line = line
        self.unit = unit  # "line" of a text file, "row" of a spreadsheet
        self.column = column
        self.value = value
        self.hint = hint
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.line is not None:
            where.append(f"{self.unit} {self.line}")
        prefix = ", ".join(where)
        text = f"{prefix}: {self.detail}" if prefix else self.detail
        if self.column is not None:
            text += f" (column {self.column!r})"
        if self.value is not None:
            text += f": {self.value!r}"
        if self.hint:
            text += f". {self.hint}"
        return text


class ConfigError(AttcliError):
    """A bad value in the school's config file.  Names the key."""

    def __init__(self, key: str, message: str, *, file: str | Path | None = None) -> None:
        self.key = key
        self.file = shown(str(file)) if file is not None else None
        where = f"{self.file}: " if self.file else ""
        super().__init__(f"{where}config key {key!r}: {message}")


class OutputError(AttcliError):
    """An output cannot be written (exists without --force, unknown format, ...)."""
