"""Writing files that hold pupil data: owner-only, never over an existing file without
``force``, and with no cell that a spreadsheet would execute."""

from __future__ import annotations

import io
import os
import re
import secrets
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


PART_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.part")  # write_private's temporary files


def write_private(path: str | Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path``, owner-only (0600) and atomically.

    The bytes go to a hidden temporary file in the same folder, are flushed to disk, and
    only then take the final name in one step (``os.replace``, or ``os.link`` when an
    existing file must not be replaced).  A run killed at any point leaves either no
    file, or the old file, or the whole new one, never a half-written file under the
    real name.  A leftover ``.NAME.*.part`` file is what an interrupted run looks like.
    """
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p} is a folder; give a file name")
    if not p.parent.exists():
        raise OutputError(f"the folder {p.parent} does not exist")
    if p.exists() and not force:
        raise OutputError(f"{p} already exists; use --force to replace it")
    tmp = p.with_name(f".{p.name}.{secrets.token_hex(4)}.part")  # matches PART_NAME
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o600)
    except OSError as exc:
        raise OutputError(f"cannot write in the folder {p.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):  # exactly 0600 whatever the umask (POSIX)
                os.fchmod(fh.fileno(), 0o600)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, p)
        else:
            _link_new(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(p.parent)
    return p


def _link_new(tmp: Path, p: Path) -> None:
    """Give ``tmp`` the name ``p`` only if ``p`` does not exist (no race with another run)."""
    try:
        os.link(tmp, p)
    except FileExistsError:
        raise OutputError(f"{p} already exists; use --force to replace it") from None
    except OSError:  # a file system without hard links (FAT on a memory stick)
        if p.exists():
            raise OutputError(f"{p} already exists; use --force to replace it") from None
        os.replace(tmp, p)
        return
    tmp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def render_to_bytes(writer: Callable[[io.BytesIO], None]) -> bytes:
    buf = io.BytesIO()
    writer(buf)
    return buf.getvalue()
