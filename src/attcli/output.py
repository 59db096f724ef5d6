"""Writing files that hold pupil data: owner-only, never over an existing file without
``force``, and with no cell that a spreadsheet would execute."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attcli.errors import OutputError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would read as a formula (CSV/XLSX injection).

    Text starting with ``= + - @`` (or a tab/CR) gets a leading apostrophe, the
    usual defence; numbers, dates and booleans pass through.  A lone ``-`` (the
    not-on-roll mark) is harmless and kept as it is.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and value != "-":
        return "'" + value
    return value


def safe_filename(text: str, *, max_len: int = 80) -> str:
    """A file name from pupil data: letters, digits, ``. _ -`` only, no leading dot."""
    name = _UNSAFE_NAME.sub("_", text).strip("._")
    return (name or "unnamed")[:max_len]


def write_private(path: str | Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` readable and writable by its owner only (0600)."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p} is a folder; give a file name")
    if not p.parent.exists():
        raise OutputError(f"the folder {p.parent} does not exist")
    if p.exists() and not force:
        raise OutputError(f"{p} already exists; use --force to replace it")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(p, flags, 0o600), "wb") as fh:
        os.chmod(p, 0o600)  # an existing file keeps its old mode through os.open
        fh.write(data)
    return p


def render_to_bytes(writer: Callable[[io.BytesIO], None]) -> bytes:
    buf = io.BytesIO()
    writer(buf)
    return buf.getvalue()
