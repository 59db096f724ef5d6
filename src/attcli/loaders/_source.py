"""Reading export files (CSV, xlsx) into text cells with their line (or row) numbers.

A :class:`Source` gives the first rows of a file as Python lists (to find the header row
below any title rows) and a lazy frame of everything below the header: columns ``c0``,
``c1``, ... as text (Categorical from a CSV file, String from a workbook), plus ``line``,
the 1-based physical line (CSV) or sheet row (xlsx).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import mmap
import re
import struct
import zipfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import polars as pl

from attcli.errors import refuse_device

from ._errors import excerpt, first_line, input_error, sheet_label, unit

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

# The workbook reader (calamine, through fastexcel) logs what it passes over (a chart sheet
# before the register: "'chartsheet' not a valid worksheet") with Python's logging, which
# attcli does not set up, so Python printed the line on the screen in no words of
# attcli's.  What the reader cannot read, attcli says itself (a sheet with no register,
# a cell it cannot know): its log is not the office's to read.
logging.getLogger("calamine").addHandler(logging.NullHandler())
logging.getLogger("calamine").propagate = False

HEAD_ROWS = 60
#: The rows of an Excel sheet (2007 on): Excel opens no more of a CSV than this, and a
#: workbook holds no more.
EXCEL_MAX_ROWS = 1_048_576
_CHUNK = 1 << 24
_SMALL = 1 << 20  # a chunk shorter than this is counted by Python
#: A file up to this size is counted by Python whole: loading numpy (the bytes' view,
#: :mod:`._byteview`) costs more (0.13 s of CPU after Polars) than Python takes to count
#: it, and no later step of a register this small loads numpy: a school's check of a file
#: this size never loads it (issue 15; sweep fixed2k took numpy off the later steps of any
#: register).  Python counts about 1.3 ms of CPU a MB, Polars 0.6 (0.45 of wall, on both
#: cores): numpy's import pays for itself only past about 150 MB (sweep engine5: the
#: 2,000-pupil year, 64 MB, 0.085-0.107 s by Python against 0.24 s with numpy's import)
_PYTHON_COUNTS = 128 << 20
_TAIL = 1 << 16
#: Lines above a last line with no line break after it looked at to judge whether it was cut
_ABOVE = 200
SUPPORTED = (".csv", ".xlsx", ".xlsm")


@dataclass
class Source:
    path: Path
    name: str  # the path as the user gave it, for messages
    kind: str  # "csv" | "xlsx"
    head: list[tuple[int, int, list[str | None]]]  # (first line, last line, cells)
    scan: Callable[..., pl.LazyFrame]  # (header's last line, columns, adjust=False) -> rows
    notes: list[str] = field(default_factory=list)  # e.g. "read as Windows-1252"
    lines: int | None = None  # physical lines in a text file
    encoding: str = "utf-8"  # of a text file, once checked
    #: The pass over the whole file, run once the header row is found (so a file whose
    #: first rows are not an export fails without being read to the end).  Raises
    #: :class:`InputError` for a file that is damaged further down; returns True when the
    #: head was read again (in another encoding).
    check: Callable[[int, int], bool] | None = None
    #: a CSV file taken as UTF-8 without decoding it (its head is UTF-8): Polars validates
    #: every cell as it reads; should it fail, the file is opened again and checked in full
    #: (:class:`Unchecked`)
    unchecked_utf8: bool = False
    #: a workbook's: finds its cells whose value attcli cannot read (:attr:`lost`), when
    #: first asked (a workbook's other sheets, looked at for a register, are not gone over)
    find_lost: Callable[[], dict[tuple[int, int], tuple[str, str]]] | None = None
    _lost: dict[tuple[int, int], tuple[str, str]] | None = field(default=None, repr=False)
    #: a workbook in Excel's 1904 date system (a Mac's): its serial day numbers count from
    #: 01/01/1904
    date1904: bool = False
    #: a CSV file's last line when no line break follows it (the physical line, its text):
    #: a download cut inside its last cell leaves no other trace
    open_end: tuple[int, str] | None = None
    #: a workbook's: read each merged cell below the header row (its last row given) into
    #: every cell it covers; returns a note saying so, or None when there are none
    spread_merged: Callable[[int], str | None] | None = None
    #: a CSV file that holds ``="`` somewhere: its cells may be written ``="text"``
    text_formula: bool = False
    #: a CSV file that holds no '?' has no name with a lost letter (a workbook may)
    question_mark: bool = True
    #: a CSV file's separator: a comma, or what its first line ``sep=X`` says (Excel's way
    #: for a file to name its separator: :func:`separator_line`)
    separator: str = ","
    #: ... and whether its first line is such a line (read as the separator, no row)
    sep_line: bool = False
    #: a workbook sheet's hidden rows (sheet rows, in order), when first asked
    hidden_rows: Callable[[], list[int]] | None = None
    #: ... and its hidden columns, as frame columns (``c3`` is 3), when first asked
    hidden_columns: Callable[[], list[int]] | None = None
    #: a workbook sheet with a filter on (Excel's Filter)
    filtered: bool = False
    #: a small CSV file's: start reading its rows below the header on a thread of their own
    #: (the header's last line and the columns to read given), while the pass over its
    #: bytes (:attr:`check`) runs; :attr:`scan` takes that read when it is asked for the
    #: same rows, and reads the file again otherwise (:func:`_open_csv`)
    read_ahead: Callable[[int, int, list[str]], None] | None = None
    #: ... and let go of the read ahead, waiting for its thread, when nothing took it (the
    #: file refused, or read otherwise)
    settle: Callable[[], None] = lambda: None

    @property
    def lost(self) -> dict[tuple[int, int], tuple[str, str]]:
        """A workbook's cells whose value attcli cannot read (:func:`_lost_cells`): (sheet
        row, frame column) -> (cell reference, what it holds); none in a CSV file."""
        if self._lost is None:
            self._lost = self.find_lost() if self.find_lost is not None else {}
        return self._lost

    def exact(self, header_end: int, rows: int) -> bool:
        """Whether numbering rows consecutively below the header gives their physical lines
        (false when a quoted cell holds a line break: then scan with ``adjust=True``)."""
        return self.lines is None or rows == 0 or header_end + rows == self.lines


class Unchecked(Exception):
    """A file opened with ``trust_utf8`` failed to read: open it again without (the
    whole-file pass then finds whether it is UTF-8, and any other damage, as it names it)."""


def open_source(
    path: str | Path, *, trust_utf8: bool = False, sheet: int = 0, named: bool = False
) -> Source:
    """The file's head and how to read it.  ``trust_utf8``: a CSV file whose head is UTF-8
    is not decoded in the pass over the whole file (a third of that pass, issue 15); the
    caller reads it with Polars, which validates every cell, and on any failure opens it
    again without (:class:`Unchecked`).  ``sheet``: of a workbook, the sheet to read (by
    its place in the workbook; the first by default), named in messages after the file
    when it is not the first."""
    p = Path(path)
    name = str(path)
    suffix = p.suffix.lower()
    # (a folder, or a name typed wrong, whatever its extension)
    if p.is_dir():
        raise input_error(
            "this is a folder, not a file", file=name, hint="give the export file inside it"
        )
    refuse_device(name, "save the export to a file and give that")
    if not p.is_file():
        from attcli.errors import missing_file_hint

        raise input_error("no such file", file=name, hint=missing_file_hint(p))
    if p.name.startswith("~$"):  # (`attcli check *.csv` with the export open in Excel)
        raise input_error(
            "this is the lock file Excel keeps beside a file while it is open, not an export",
            file=name,
            hint="give the export itself (its name without '~$'), and leave this one out",
        )
    if _is_ctf(p):  # (whatever its name: .xml, .ctf, or saved as .csv; a regular file only,
        # so that a pipe given as the export is refused above, never opened and waited on)
        raise input_error(
            "this is a common transfer file (CTF), which attcli does not read",
            file=name,
            hint="how a CTF's AttendanceMarks string counts sessions and days could not be "
            "established from the published specification (docs/presets.md), so attcli does "
            "not guess: export the attendance register from your MIS as CSV (UTF-8) or as an "
            "Excel Workbook (.xlsx)",
        )
    if suffix in (".ods", ".fods"):
        raise input_error(
            f"this is {_ODS}, which attcli does not read", file=name, hint=_SAVE_ODS
        )
    if suffix == ".lnk":  # ('Copy as path' of a shortcut in Recent files or on the desktop)
        raise input_error(
            "this is a Windows shortcut to a file, not the file itself",
            file=name,
            hint="give the file it points to (right-click the shortcut, Open file location, "
            "and give the export found there)",
        )
    if suffix == ".zip":  # (a large report downloaded zipped, or emailed so)
        raise input_error(
            "this is a zip archive, which attcli does not open",
            file=name,
            hint="extract the export from it (in Windows: right-click, Extract All) and give "
            "the .csv or .xlsx inside",
        )
    if suffix == ".txt" and (text_hint := _txt_hint(p)) is not None:
        raise input_error("unsupported file type '.txt'", file=name, hint=text_hint)
    if suffix not in SUPPORTED:
        raise input_error(
            f"unsupported file type {p.suffix or '(none)'!r}",
            file=name,
            hint="attcli reads .csv and .xlsx exports: save the report as CSV (UTF-8) "
            "or as an Excel Workbook (.xlsx)",
        )
    try:
        size = p.stat().st_size
        with p.open("rb") as f:
            first = f.read(HEAD_BYTES)
    except OSError as exc:
        raise input_error(f"cannot read the file: {exc.strerror or exc}", file=name) from None
    if suffix == ".csv":
        _sniff_csv(p, name, first)
        return _open_csv(p, name, first, size, trust_utf8)
    _sniff_xlsx(p, name, first, size)
    if sheet or named:  # (``named``: the first sheet read as one of several, named too)
        name = sheet_label(name, sheet_names(p)[sheet])
    return _open_xlsx(p, name, sheet)


def _txt_hint(path: Path) -> str | None:
    """What to do with a ``.txt`` file that is an export in all but its name: comma-separated
    text (an MIS's "CSV" saved as .txt) is to be renamed; tab-separated text (Excel's 'Text
    (Tab delimited)') saved again as CSV.  None for anything else (the general hint)."""
    try:
        with path.open("rb") as f:
            first = f.read(4096)
    except OSError:
        return None
    if b"\0" in first:
        return None
    line = first.removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0].decode("utf-8", "replace")
    if line.count("\t") >= 2:
        return (
            "it is text with tabs between its cells (Excel's 'Text (Tab delimited)'): in Excel, "
            "Save As 'Excel Workbook (*.xlsx)' and give that, or export it again from the MIS "
            "as CSV"
        )
    if line.count(",") >= 2:
        return "it is comma-separated text, a CSV in all but its name: rename it to end .csv"
    return None


# ---------------------------------------------------------------------------------------
# What a file really is, from its first bytes


#: The start of an XML document up to its root element's name: the declaration, comments
#: and processing instructions before it.  The CTF's root is ``<CTfile ...>``.
_CTF_ROOT = re.compile(r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<ctfile[\s>/]", re.DOTALL)


def _is_ctf(path: Path) -> bool:
    """Whether ``path`` is a DfE common transfer file: an XML document (UTF-8, or UTF-16
    with its byte-order mark) whose root element is ``CTfile``, whatever the file's name
    (a CTF saved as ``.csv`` or ``.ctf`` is one all the same)."""
    try:
        with path.open("rb") as f:
            first = f.read(4096)
    except OSError:  # (unreadable: said below, when the file is opened to be read)
        return False
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = first.decode("utf-16", "ignore")
    else:
        text = first.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "ignore")
    return _CTF_ROOT.match(text.lower()) is not None


DOS_EOF = b"\x1a"  # Ctrl+Z
HEAD_BYTES = 1 << 20  # the header row is searched for in the first MiB of a CSV file
ZIP_MAGIC = b"PK\x03\x04"
NUL = b"\0"
OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"PK\x05\x06", "an empty zip archive"),
)
_SAVE_AS = "save the report from your MIS as CSV (UTF-8) or as an Excel Workbook (.xlsx)"
#: what LibreOffice Calc's own format is called, and how to save it as attcli reads it
_ODS = "an OpenDocument spreadsheet (.ods, LibreOffice Calc's own format)"
_SAVE_ODS = (
    "open it in LibreOffice Calc (or Excel) and save it as 'Excel 2007-365 (.xlsx)' or as "
    "'Text CSV (.csv)' with the character set UTF-8"
)
#: the first member of an OpenDocument file, stored as it is: its media type
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTED = "a password-protected (encrypted) Excel workbook"
_NO_PASSWORD = (
    "open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
    "Password, clear it) and save it again, or save it as CSV UTF-8"
)


def _ole2_streams(path: Path) -> set[str]:
    """The stream and storage names of an OLE2 compound file (an encrypted OOXML workbook,
    an Excel 97-2003 .xls, ...), reading only its header, FAT and directory sectors."""
    names: set[str] = set()
    try:
        with path.open("rb") as f:
            hdr = f.read(512)
            size = 1 << struct.unpack_from("<H", hdr, 0x1E)[0]
            if size not in (512, 4096):
                return names
            first_dir = struct.unpack_from("<I", hdr, 0x30)[0]
            difat = [s for s in struct.unpack_from("<109I", hdr, 0x4C) if s < 0xFFFFFFFA]
            per = size // 4

            def sector(n: int) -> bytes:
                f.seek((n + 1) * size)
                return f.read(size)

            fat_cache: dict[int, tuple[int, ...]] = {}

            def next_sector(n: int) -> int:
                i = n // per
                if i >= len(difat):
                    return 0xFFFFFFFE
                if i not in fat_cache:
                    fat_cache[i] = struct.unpack(f"<{per}I", sector(difat[i]).ljust(size, b"\0"))
                return fat_cache[i][n % per]

            n, seen = first_dir, 0
            while n < 0xFFFFFFFA and seen < 256:
                data = sector(n)
                for i in range(0, len(data) - 127, 128):
                    length = struct.unpack_from("<H", data, i + 64)[0]
                    if 2 <= length <= 64:
                        names.add(data[i : i + length - 2].decode("utf-16-le", "replace"))
                n, seen = next_sector(n), seen + 1
    except (OSError, struct.error):
        pass
    return names


def _binary_kind(path: Path, first: bytes) -> str | None:
    """What a file that is not text is (``"a PNG image"``), or None for text."""
    if first.startswith(ZIP_MAGIC):
        if b"xl/" in first:
            return "an Excel workbook (.xlsx)"
        return _ODS if ODS_MIMETYPE in first else "a zip archive"
    if first.startswith(OLE2_MAGIC):
        streams = _ole2_streams(path)
        if "EncryptedPackage" in streams:
            return _ENCRYPTED
        if streams & {"Workbook", "Book"}:
            return "an Excel 97-2003 workbook (.xls)"
        return "an Office compound file (OLE2)"
    for magic, kind in _SIGNATURES:
        if first.startswith(magic):
            return kind
    if b"\0" in first and not first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data"
    return None


def _sniff_csv(path: Path, name: str, first: bytes) -> None:
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise input_error(
            "the file is UTF-16 text (Excel's 'Unicode Text'), which attcli does not read",
            file=name,
            hint="save the report as CSV UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)')",
        )
    kind = _binary_kind(path, first)
    if kind is None:
        # (more lines ended by CR alone than by LF: a line break typed in a quoted cell is
        # the LF of a file whose rows end CR)
        body = first.rstrip(b"\r")
        if body.count(b"\r") - body.count(b"\r\n") > body.count(b"\n"):
            raise input_error(
                "its lines end with a carriage return alone (as a Mac's 'Comma Separated "
                "Values' writes them), which attcli does not read",
                file=name,
                hint="save the report as CSV UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma "
                "delimited)')",
            )
        return
    where = ""
    if kind == "binary data":
        i = first.index(NUL)
        line = first.count(b"\n", 0, i) + 1
        where = f" (a NUL byte at byte {i + 1}, line {line})"
    hint = _SAVE_AS
    if kind == _ODS:
        hint = _SAVE_ODS
    elif kind == "an Excel workbook (.xlsx)":
        hint = "rename it to end .xlsx, or open it in Excel and save it as CSV UTF-8"
    elif kind == _ENCRYPTED:
        hint = _NO_PASSWORD
    raise input_error(f"not a CSV file: it is {kind}, not text{where}", file=name, hint=hint)


def _sniff_xlsx(path: Path, name: str, first: bytes, size: int) -> None:
    if size == 0:
        raise input_error(
            "the file is empty (0 bytes), not an Excel workbook",
            file=name,
            hint="export the register again",
        )
    if first.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as z:
                members = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise input_error(
                "the workbook is incomplete or damaged (its zip archive has no end), so it "
                "cannot be read",
                file=name,
                hint="the file may be cut short (copied or downloaded in part): export it again",
            ) from None
        if "xl/workbook.xml" not in members:
            if ODS_MIMETYPE in first:
                raise input_error(
                    f"not an Excel workbook: it is {_ODS} with an {path.suffix} name",
                    file=name,
                    hint=_SAVE_ODS,
                )
            raise input_error(
                "not an Excel workbook: it is a zip archive with no workbook in it (a Word or "
                "other Office document?)",
                file=name,
                hint=_SAVE_AS,
            )
        return
    kind = _binary_kind(path, first)
    if kind == _ENCRYPTED:
        raise input_error(
            "the workbook is password-protected (encrypted), so attcli cannot read it",
            file=name,
            hint=_NO_PASSWORD,
        )
    if kind == "an Excel 97-2003 workbook (.xls)":
        raise input_error(
            "not an Excel Workbook (.xlsx): it is an Excel 97-2003 workbook (.xls) with an "
            f"{path.suffix} name",
            file=name,
            hint="open it in Excel and save it as an Excel Workbook (.xlsx), or as CSV UTF-8",
        )
    if kind is not None:
        raise input_error(f"not an Excel workbook: it is {kind}", file=name, hint=_SAVE_AS)
    # (as Notepad shows it: not Excel's byte-order mark, '\ufeff')
    line = first.split(b"\n", 1)[0][:60].decode("utf-8", "replace").lstrip("\ufeff").strip()
    raise input_error(
        f"not an Excel workbook: it is a text file (its first line begins {line!r})",
        file=name,
        hint="if it is a CSV export, rename it to end .csv; otherwise " + _SAVE_AS,
    )


# ---------------------------------------------------------------------------------------
# CSV


@dataclass
class _TextScan:
    utf8: bool
    lines: int
    quotes: int
    ends_with_newline: bool
    last_line: bytes
    #: the lines before :attr:`last_line` that are wholly in the file's last 64 KiB, the
    #: nearest first, when the file does not end with a line break (else none)
    above: list[bytes] = field(default_factory=list)
    #: the file ends with MS-DOS's end-of-file mark (:data:`DOS_EOF`), not counted above
    eof_mark: bool = False
    #: the file holds ``="`` (a cell written as a formula giving text, ``="001003"``)
    text_formula: bool = False
    #: the file holds a '?' (a name's letter a character set lacked, written so)
    question_mark: bool = False


def _byte_counts(
    chunk: memoryview, small: bool = False, ascii_wanted: bool = True
) -> tuple[int, int, bool, int, bool, bool]:
    """Line feeds and quote characters in ``chunk``, whether it is all ASCII, where its
    first NUL byte is (-1: none), and whether it holds an '=' and a '?'.  Counted by
    Polars, on both cores, over the bytes where they are (no copy:
    :mod:`._byteview`); a small chunk, or any chunk of a ``small`` file
    (:data:`_PYTHON_COUNTS`), is not worth a frame: counted by Python.  Not
    ``ascii_wanted`` (the text is not to be checked: it is read as UTF-8 whatever it
    holds), the bytes are not looked at for it, and it is said to be ASCII: a pass over
    them less (issue 15)."""
    if small or len(chunk) < _SMALL:
        b = bytes(chunk)
        ascii_only = not ascii_wanted or b.isascii()
        return (
            b.count(b"\n"), b.count(b'"'), ascii_only, b.find(b"\0"), b"=" in b, b"?" in b
        )  # fmt: skip
    from ._byteview import select_row

    b = pl.col("b")
    n, q, nul, top, eq, qm = select_row(
        chunk,
        (b == 10).sum().alias("n"),
        (b == 34).sum().alias("q"),
        (b == 0).any().alias("z"),
        (b.max() if ascii_wanted else pl.lit(0, pl.UInt8)).alias("top"),
        (b == 61).any().alias("eq"),
        (b == 63).any().alias("qm"),
    )
    first_nul = bytes(chunk).find(b"\0") if nul else -1
    return int(n), int(q), (top or 0) < 128, first_nul, bool(eq), bool(qm)


def _chunks(f: io.BufferedReader, size: int) -> Iterator[memoryview]:
    """The file in chunks: each a window of the file mapped into memory (no copy: the page
    cache is read where it is) and unmapped once the next is asked for, so no more than a
    chunk of the file is ever resident in the process; or read a chunk at a time, into
    one buffer, where the file cannot be mapped."""
    offset = 0
    while offset < size:
        length = min(_CHUNK, size - offset)
        try:
            window = mmap.mmap(f.fileno(), length, access=mmap.ACCESS_READ, offset=offset)
        except (OSError, ValueError):
            break
        view = memoryview(window)
        try:
            yield view
        finally:
            try:
                view.release()
                window.close()
            except BufferError:  # still in use (by an error's traceback): closed when freed
                pass
        offset += length
    f.seek(offset)
    buffer = bytearray(min(_CHUNK, max(size - offset, 0)) or _CHUNK)
    whole = memoryview(buffer)
    while n := f.readinto(buffer):
        view = whole[:n]
        try:
            yield view
        finally:
            try:
                view.release()
            except BufferError:  # (as above)
                pass


def _scan_text(path: Path, name: str, validate: bool = True) -> _TextScan:
    """One pass over the file in chunks: UTF-8 validity (unless not ``validate``: then
    taken as valid), physical lines, quote characters, and the last line.  A NUL byte
    (binary data, not text) is an error naming its line.

    The counting is done by Polars over windows of the file mapped into memory, one at a
    time (issue 15): 0.53 s -> 0.30 s at 20,000 pupils and 2.2-2.6 s -> 1.2 s at 100,000
    against numpy over chunks read into Python, the process's peak unchanged (92 MB: a
    mapping of the whole file made it 3.1 GB at 100,000 pupils, every page read staying
    resident until the end)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = quotes = 0
    formula = question = False
    tail = b""
    valid = True
    size = path.stat().st_size
    small = size <= _PYTHON_COUNTS
    with path.open("rb") as f:
        for chunk in _chunks(f, size):
            n, q, ascii_only, nul, eq, qm = _byte_counts(chunk, small, validate)
            question = question or qm
            if nul >= 0:
                line = newlines + bytes(chunk[:nul]).count(b"\n") + 1
                raise input_error(
                    f"this {unit(name)} holds a NUL byte: part of the file is binary data, "
                    "not text",
                    file=name,
                    line=line,
                    hint="the file may be damaged: export the register again",
                )
            newlines, quotes = newlines + n, quotes + q
            # a cell written ="..." (text Excel shows as it is): looked for only in a chunk
            # with both signs in it (an '=' is rare in an export)
            formula = formula or (q > 0 and eq and bytes(chunk).find(b'="') >= 0)
            end = bytes(chunk[-_TAIL:])
            tail = end if len(chunk) >= _TAIL else (tail + end)[-_TAIL:]
            # an ASCII chunk with nothing pending in the decoder is valid UTF-8: no need
            # to decode it (decoding builds a string)
            if validate and valid and not (ascii_only and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
    if validate and valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    # MS-DOS's end-of-file mark (Ctrl+Z, 0x1A: Windows' `copy a.csv+b.csv` ends a file with
    # it): the file ends before it
    eof_mark = tail.endswith(DOS_EOF)
    tail = tail.rstrip(DOS_EOF) if eof_mark else tail
    ends = tail.endswith(b"\n") or not tail
    lines = newlines + (0 if ends else 1)
    parts = [b""] if ends else tail.split(b"\n")
    if size > _TAIL:
        parts = parts[1:]  # (the first may be a line's end only)
    above = parts[-2::-1][:_ABOVE]
    return _TextScan(
        valid, lines, quotes, ends, parts[-1] if parts else b"", above, eof_mark, formula,
        question,
    )  # fmt: skip


def _lines_by_lf(text_lines: io.TextIOBase) -> Iterator[str]:
    """The text's lines as the reader of the whole file counts them: each ended by a line
    feed (and any carriage returns before it) alone.  A text stream opened with
    ``newline=""`` ends a line at a carriage return too: with lines ended CR CR LF (a CSV
    written twice through Windows' text mode) the header was counted to end lines further
    down than it does, and the rows between were skipped with it."""
    rest = ""
    while chunk := text_lines.read(1 << 20):
        text, start = rest + chunk, 0
        while (end := text.find("\n", start)) >= 0:
            yield text[start : end + 1]
            start = end + 1
        rest = text[start:]
    if rest:
        yield rest


def _head_rows(
    text_lines: io.TextIOBase, sep: str = ",", skip: int = 0
) -> list[tuple[int, int, list[str | None]]]:
    """The first rows of the text, each (first line, last line, cells); the first ``skip``
    lines (a ``sep=`` line) are passed over, the rows' lines still the file's own."""
    lines = _lines_by_lf(text_lines)
    for _ in range(skip):
        next(lines, None)
    reader = csv.reader(lines, delimiter=sep)
    rows: list[tuple[int, int, list[str | None]]] = []
    last = 0
    try:
        for record in reader:
            rows.append((skip + last + 1, skip + reader.line_num, list(record)))
            last = reader.line_num
            if len(rows) >= HEAD_ROWS:
                break
    except csv.Error:
        pass  # a malformed row near the top: the header search sees the rows before it
    return rows


def _decode(data: bytes, encoding: str, name: str, final: bool) -> str:
    if encoding == "utf-8":
        return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=final)
    if data.startswith(codecs.BOM_UTF8):  # (a UTF-8 byte-order mark is no Windows-1252 text)
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise input_error(
            f"the file is neither UTF-8 nor Windows-1252 text (byte {exc.start + 1})",
            file=name,
            hint="save the export as CSV UTF-8",
        ) from None


def _utf8_pair(raw: bytes) -> bool:
    """Whether ``raw`` holds the start of a multi-byte UTF-8 sequence, a lead byte
    (0xC2-0xF4) then a continuation byte (0x80-0xBF): rare in Windows-1252 text, where it
    reads as 'Ã©'.  Found by Polars over the bytes where they lie (:mod:`._byteview`; a
    regular expression over a 64 MB file took 0.67 s, the whole Windows-1252 read 1.5 s);
    a file under a megabyte by the regular expression."""
    if len(raw) < _SMALL:
        return _UTF8_PAIR.search(raw) is not None
    from ._byteview import select_row

    b, follow = pl.col("b"), pl.col("b").shift(-1)
    pair = (b >= 0xC2) & (b <= 0xF4) & (follow >= 0x80) & (follow <= 0xBF)
    return bool(select_row(raw, pair.any().alias("pair"))[0])


_UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _mixed_decode(raw: bytes, name: str) -> tuple[str, list[int]] | None:
    """A file that is not valid UTF-8 read a line at a time: each line that is valid UTF-8
    as UTF-8, each other line as Windows-1252 (a UTF-8 export with one line pasted from an
    older file); the text and the physical lines read as Windows-1252.  None when no line
    read as UTF-8 holds a multi-byte character: the file is Windows-1252 throughout.

    The UTF-8 is decoded up to each bad line, so the file is gone over once (twice for the
    valid stretches) however many lines are bad."""
    if not _utf8_pair(raw):  # (nearly every Windows-1252 file)
        return None
    view = memoryview(raw)
    pos = 3 if raw.startswith(codecs.BOM_UTF8) else 0
    parts: list[str] = []
    bad: list[int] = []
    line, counted = 1, 0  # the physical line at byte ``counted``
    multibyte = False
    while pos < len(raw):
        try:
            text, _ = codecs.utf_8_decode(view[pos:], "strict", True)
        except UnicodeDecodeError as exc:
            at = pos + exc.start
            start = raw.rfind(b"\n", pos, at) + 1 or pos
            end = raw.find(b"\n", at)
            end = len(raw) if end < 0 else end + 1
            good, _ = codecs.utf_8_decode(view[pos:start], "strict", True)
            multibyte = multibyte or not good.isascii()
            line += raw.count(b"\n", counted, start)
            counted = start
            parts += [good, _decode(bytes(view[start:end]), "cp1252", name, True)]
            bad.append(line)
            pos = end
            continue
        multibyte = multibyte or not text.isascii()
        parts.append(text)
        break
    del view
    return ("".join(parts), bad) if multibyte else None


#: Bytes that Windows-1252 reads as signs no name holds (‚ ƒ „ † ‡ ˆ ‰ ‹ ‘ • ˜ ™ ›) but a
#: Mac's ('CSV (Macintosh)', Mac Roman) or MS-DOS's ('CSV (MS-DOS)', code page 437)
#: character set reads as accented letters (Mac 'â' is 0x89 '‰', DOS 'â' is 0x83 'ƒ'):
#: after a letter they are a name's letter read in the wrong character set.
_NOT_IN_NAMES = bytes([0x82, 0x83, 0x84, 0x86, 0x87, 0x88, 0x89, 0x8B, 0x91, 0x95, 0x98, 0x99, 0x9B])
#: ... and capitals Windows-1252 has (Š Œ Ž Ÿ) that follow a small letter only when they are
#: a Mac's or MS-DOS's small accented letter (Mac 'é' is 0x8E 'Ž': 'ChloŽ'); '…' (0x85)
#: between two letters likewise (DOS 'à').
_CAPITALS = bytes([0x8A, 0x8C, 0x8E, 0x9F])
#: Bytes Windows-1252 has no character for (Mac 'ç' 0x8D, 'è' 0x8F; DOS 'ü' 0x81).
_UNDEFINED = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D])


def _refuse_other_code_page(raw: bytes, name: str, sep: str = ",") -> None:
    """Refuse a file that is not UTF-8 whose bytes, read as Windows-1252, put a sign no name
    holds after a letter ('Si‰n', 'Siƒn' for Siân): it was saved in a Mac's or MS-DOS's
    character set (Excel's 'CSV (Macintosh)', 'CSV (MS-DOS)'), and read as Windows-1252 every
    accented name would be another, with only a note about the encoding.  Looked at on the
    bytes over 0x7F only, so a Windows-1252 export is read as fast as before: their places
    found by one Polars query over the bytes where they lie (:mod:`._byteview`), then each
    one's neighbours by a second (sweep fixed2k: numpy's whole-file temporaries were
    0.43 s of CPU and 360 MB more at 2,000 pupils)."""
    from ._byteview import select

    b = pl.col("b")
    places = select(raw, (b >= 0x80).arg_true().alias("high")).get_column("high")
    if not places.len():
        return
    high = pl.lit(places.filter(places >= 1))  # (the first byte has no letter before)
    byte = b.gather(high)
    before = b.gather(high - 1)
    beyond = (high + 1).clip(upper_bound=len(raw) - 1)  # (the last byte has none after)
    after = pl.when(high + 1 < len(raw)).then(b.gather(beyond)).otherwise(0)
    letter = ((before | 0x20) >= 0x61) & ((before | 0x20) <= 0x7A)
    small = (before >= 0x61) & (before <= 0x7A)
    after_letter = ((after | 0x20) >= 0x61) & ((after | 0x20) <= 0x7A)
    sign = (
        byte.is_in(list(_UNDEFINED))
        | (byte.is_in(list(_NOT_IN_NAMES)) & letter)
        | (byte.is_in(list(_CAPITALS)) & small)
        | ((byte == 0x85) & letter & after_letter)
    )
    (found,) = select(raw, high.filter(sign).first().alias("pos")).row(0)
    if found is None:
        return
    pos = int(found)
    s = sep.encode()
    start = max(raw.rfind(s, 0, pos), raw.rfind(b"\n", 0, pos)) + 1
    ends = [i for i in (raw.find(s, pos), raw.find(b"\r", pos), raw.find(b"\n", pos)) if i >= 0]
    cell = raw[start : min(ends, default=len(raw))].decode("cp1252", "replace").strip('"')
    if raw[pos] in _UNDEFINED:
        what = f"the byte 0x{raw[pos]:02X}, which is no character in Windows-1252"
    else:
        char = raw[pos : pos + 1].decode("cp1252")
        what = f"{char!r} after a letter, which no name does"
    raise input_error(
        f"read as Windows-1252, as a file that is not UTF-8 is read, {cell!r} holds {what}: "
        "the file looks saved in a Mac's or MS-DOS's character set (Excel's 'CSV "
        "(Macintosh)' or 'CSV (MS-DOS)'), whose accented letters it would read as other "
        "characters",
        file=name,
        line=raw.count(b"\n", 0, pos) + 1,
        hint="save the report as CSV UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)')",
    )


def _lines_text(lines: list[int], most: int = 5) -> str:
    """``line 40``, ``lines 40 and 52``, ``lines 40, 52, 60, 71, 80 and 3 more``."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    shown = [str(n) for n in lines[:most]]
    if len(lines) > most:
        return f"lines {', '.join(shown)} and {len(lines) - most} more"
    return f"lines {', '.join(shown[:-1])} and {shown[-1]}"


def _head_text(
    first: bytes, whole: bool, name: str, encoding: str | None, sep: str = ","
) -> tuple[str, str]:
    """The text of the first complete lines of the file, and its encoding."""
    if not whole and b"\n" in first:
        first = first[: first.rindex(b"\n") + 1]
    if encoding is None:
        try:
            return _decode(first, "utf-8", name, whole), "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
            _refuse_other_code_page(first, name, sep)
    return _decode(first, encoding, name, whole), encoding


def _clean_line(sep: str = ",") -> re.Pattern[str]:
    """One CSV line whose quotes are all in place: every cell is bare (no quote) or quoted,
    the cells parted by ``sep``."""
    s = re.escape(sep)
    cell = rf'(?:"(?:[^"]|"")*"|[^"{s}\r\n]*)'
    return re.compile(rf"{cell}(?:{s}{cell})*\r*\n?")


def _quote_error(path: Path, name: str, encoding: str, sep: str = ",") -> Exception | None:
    """Where a CSV file's quotes go wrong (an :class:`InputError`), or None.  Reads the whole
    file, so it is only called once something is known to be wrong."""
    record: list[str] = []

    def lines(f: io.TextIOBase):
        for text in _lines_by_lf(f):  # (numbered as the reader numbers them)
            record.append(text)
            yield text

    def snippet() -> str:
        return excerpt((record[0] if record else "").rstrip("\r\n"))

    with path.open("rb") as f:
        cut = False
        if f.seek(0, io.SEEK_END) > 0:
            f.seek(-1, io.SEEK_END)
            cut = f.read(1) != b"\n"
    # (a UTF-8 file with Windows-1252 lines: those read with replacement characters, for a
    # message about quotes)
    utf8 = encoding == "utf-8"
    with path.open(
        encoding="utf-8-sig" if utf8 else encoding, errors="replace" if utf8 else "strict",
        newline="",
    ) as f:
        reader = csv.reader(lines(f), strict=True, delimiter=sep)
        clean = _clean_line(sep)
        end = 0
        try:
            for _record in reader:
                if len(record) == 1 and '"' in record[0] and not clean.fullmatch(record[0]):
                    return input_error(
                        'a quote (") inside a cell that does not start with one',
                        file=name,
                        line=reader.line_num,
                        value=snippet(),
                        hint="a cell that holds a quote must itself be quoted, with the quote "
                        'doubled ("O""Neill"): export the register again',
                    )
                end = reader.line_num
                record.clear()
        except csv.Error as exc:
            if "unexpected end of data" in str(exc) or "field larger" in str(exc):
                return input_error(
                    "a quoted cell that opens on this line is never closed"
                    + (": the file ends inside it" if cut else ""),
                    file=name,
                    line=end + 1,
                    value=snippet(),
                    hint=(
                        "the file looks cut short: export it again"
                        if cut
                        else 'a cell that starts with a quote (") must end with one: '
                        "export the register again"
                    ),
                )
            return input_error(
                f'a quote (") in the wrong place: {exc}',
                file=name,
                line=reader.line_num,
                value=snippet(),
                hint="a cell that holds a quote must itself be quoted, with the quote doubled "
                '("O""Neill"): export the register again',
            )
    return None


def _raw_lines(path: Path, lines: Collection[int]) -> dict[int, bytes]:
    """The physical ``lines`` (from 1) of a text file, each without its line ending, read
    up to the last one asked ({} where the file cannot be read): a few lines looked at
    again to word an error or a note (:func:`line_cells`, :func:`bare_return`)."""
    wanted = set(lines)
    out: dict[int, bytes] = {}
    if not wanted:
        return out
    last = max(wanted)
    try:
        with path.open("rb") as f:
            for n, text in enumerate(f, 1):
                if n in wanted:
                    out[n] = text.rstrip(b"\r\n")
                if n >= last:
                    break
    except OSError:
        pass
    return out


def line_cells(path: Path, lines: Collection[int], sep: str = ",") -> dict[int, int]:
    """How many cells each of the physical ``lines`` (from 1) of a CSV file holds, by its
    commas outside quotes; a line whose quotes do not close on it (a quoted line break) is
    left out.  Asked of a few lines (a wide export's rows that read as a leaver's and the
    lines beside them): the file is gone over up to the last one asked."""
    out: dict[int, int] = {}
    for n, body in _raw_lines(path, lines).items():
        if b'"' not in body:
            out[n] = body.count(sep.encode()) + 1
        elif body.count(b'"') % 2 == 0:
            try:  # (separators are ASCII: any byte read as itself will do)
                out[n] = len(next(csv.reader([body.decode("latin-1")], delimiter=sep), [""]))
            except csv.Error:
                pass
    return out


def bare_return(path: Path, line: int) -> bool:
    """Whether physical line ``line`` of a text file holds a carriage return alone (CR, not
    followed by a line feed) outside quotes: a line ended the old Mac way inside a file whose
    other lines end CR LF or LF, which runs two rows together as one.  Read only to word an
    error already found, so the file is gone over up to that line."""
    body = _raw_lines(path, [line]).get(line)
    if body is None:
        return False
    at = body.find(b"\r")
    return at >= 0 and body.count(b'"', 0, at) % 2 == 0


def _cut_before_last_cell(
    last: str, above: list[str], sep: str = ","
) -> tuple[int, str, str] | None:
    """Whether a last line with no line break after it looks cut inside its last cell: that
    cell unquoted, and empty or the start of what the data line above has in it (``'Jo'``
    under ``'Jones'``); not when it is a value the column holds in the data lines ``above``
    (nearest first): ``C`` beside ``C1`` elsewhere, or an empty cell where a quarter or more
    of them are empty (a column of notes or leaving dates); nor an empty cell after another
    (a wide export's leaver: blank cells to the end of the row).  A download cut there leaves every cell of the row, the last one short (a
    mark lost, a name cut): read, the row looked whole.  ``(cell number from 1, the cell,
    the value above)``, or None."""
    text = last.rstrip("\r")
    if not above or text.endswith('"'):
        return None
    try:
        cells = next(csv.reader([text], delimiter=sep), [])
        rows = [next(csv.reader([line.rstrip("\r")], delimiter=sep), []) for line in above]
    except csv.Error:
        return None
    k = len(cells) - 1
    if k < 0 or len(rows[0]) <= k or not rows[0][k].strip():
        return None
    value, before = cells[k], rows[0][k]
    if value == before or not before.startswith(value):
        return None
    held = [row[k] for row in rows[1:] if len(row) > k]
    if value and value in held:
        return None
    if not value and held.count("") * 4 > len(held):
        return None  # (a column often empty: notes, a leaving date)
    if not value and k > 0 and not cells[k - 1].strip():
        return None  # (blank cells running to the end: a pupil who left, not a cut)
    return k + 1, value, before


def _bare_return_line(text: str) -> int | None:
    """The first physical line (from 1) of ``text`` that holds a carriage return alone (CR,
    not followed by a line feed) outside quotes, or None.  The header search would take it
    for a line's end, the reader does not: the header and the row after it would be read
    as the header, that row lost."""
    if "\r" not in text.replace("\r\n", ""):
        return None
    quoted = False
    for n, line in enumerate(text.split("\n"), 1):
        body = line.rstrip("\r")  # (CR CR LF, a CSV written twice through Windows' text mode)
        at = body.find("\r")
        while at >= 0:
            if (quoted + body.count('"', 0, at)) % 2 == 0:
                return n
            at = body.find("\r", at + 1)
        quoted = bool((quoted + line.count('"')) % 2)
    return None


def refuse_bare_return(name: str, line: int) -> None:
    raise input_error(
        f"this {unit(name)} holds a carriage return alone (CR, as an old Mac ends a line) "
        "where a row should end, and the file's other lines end with a line feed: the rows "
        "either side of it read as one",
        file=name,
        line=line,
        hint="open the file in Excel and save it as 'CSV UTF-8 (Comma delimited)', which ends "
        "every line the same way, or export the register again",
    )


#: Excel's first line naming a CSV file's separator: ``sep=;`` (quoted, or followed by more
#: of the separator, as a tool that pads every row to the header's width writes it)
_SEP_LINE = re.compile(rb'"?sep=([^\r\n])"?[ \t]*(?:\1[ \t]*)*\r*(?:\n|$)', re.IGNORECASE)
#: The separators a ``sep=`` line may name (each read as it says); another is refused
_SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def separator_line(first: bytes, name: str) -> str | None:
    """The separator a CSV file's first line names (``sep=;``: Excel's way, which Excel
    reads and some MIS and tools write), or None when the first line is no such line.  A
    separator attcli does not read (a letter, a quote, ...) is refused."""
    m = _SEP_LINE.match(first.removeprefix(codecs.BOM_UTF8))
    if m is None:
        return None
    sep = m.group(1).decode("latin-1")
    if sep not in _SEPARATORS:
        raise input_error(
            f"the first line {m.group(0).decode('latin-1').strip()!r} says the cells are "
            f"separated by {sep!r}, which attcli does not read as a separator",
            file=name,
            line=1,
            hint="attcli reads CSV separated by commas, or by semicolons, tabs or vertical "
            "bars under a first line sep=; (sep=, and so on): export it again from the MIS "
            "as CSV, or in Excel Save As 'Excel Workbook (*.xlsx)' and give that",
        )
    return sep


def sep_text(sep: str) -> str:
    """The ``sep=`` line naming ``sep`` as a message shows it (a tab said, not typed)."""
    return "sep=" + ("(a tab)" if sep == "\t" else sep)


def separator_name(sep: str) -> str:
    """``commas``, ``semicolons``: the cells' separator as said in a message."""
    return _SEPARATORS.get(sep, repr(sep))


def _refuse_other_than_said(text: str, sep: str, name: str) -> None:
    """A ``sep=X`` first line over rows separated otherwise (the line left on a file another
    tool then wrote with commas): its first row with a separator other than ``X`` and no
    ``X`` at all is refused, rather than read as one cell a row."""
    for n, line in enumerate(text.split("\n")[1:HEAD_ROWS], 2):
        if sep in line:
            return
        other = next((o for o in _SEPARATORS if o != sep and line.count(o) >= 2), None)
        if other is not None:
            raise input_error(
                f"the first line says the cells are separated by {separator_name(sep)} "
                f"({sep_text(sep)}), but this line is separated by {separator_name(other)}",
                file=name,
                line=n,
                value=excerpt(line.rstrip("\r")),
                hint=f"change the first line to '{sep_text(other)}' (the separator the rows "
                "use) or remove it, or export it again from the MIS",
            )


def _open_csv(path: Path, name: str, first: bytes, size: int, trust_utf8: bool) -> Source:
    whole = len(first) >= size
    sep = separator_line(first, name)
    skip = 0 if sep is None else 1
    sep = sep or ","
    text, encoding = _head_text(first, whole, name, None, sep)
    if (bare := _bare_return_line(text)) is not None:
        refuse_bare_return(name, bare)
    if skip:
        _refuse_other_than_said(text, sep, name)

    def head_rows(text: str) -> list[tuple[int, int, list[str | None]]]:
        return _head_rows(io.StringIO(text, newline=""), sep, skip)

    head = head_rows(text)
    state: dict[str, object] = {"data": path}
    trusted = trust_utf8 and encoding == "utf-8"

    def check(header_width: int, header_end: int) -> bool:
        scan = _scan_text(path, name, validate=not trusted)
        if trusted and not scan.ends_with_newline:
            try:  # the last line is decoded below: it must be UTF-8 to be trusted
                scan.last_line.decode("utf-8")
            except UnicodeDecodeError:
                scan = _scan_text(path, name)
        source.unchecked_utf8 = trusted and scan.utf8
        source.lines = scan.lines
        source.text_formula = scan.text_formula
        source.question_mark = scan.question_mark
        if scan.lines == EXCEL_MAX_ROWS:
            raise input_error(
                f"the file has exactly {EXCEL_MAX_ROWS:,} lines, the most an Excel sheet has: it "
                "looks opened in Excel and saved again, and Excel loads no more of a CSV than "
                "that, so any rows after were lost",
                file=name,
                hint="give the export as the MIS wrote it, without saving it from Excel, or "
                "export it in parts (a half term a file) and give them all",
            )
        reread = False
        last_text: str | None = None  # the last line, when read line by line
        above_text: list[str] | None = None  # ... and the lines above it, nearest first
        if not scan.utf8:
            raw = path.read_bytes()
            mixed = _mixed_decode(raw, name)
            if mixed is not None:  # UTF-8 but for some lines
                whole_text, bad = mixed
                verb = "is" if len(bad) == 1 else "are"
                source.notes.append(
                    f"{_lines_text(bad)} {verb} not UTF-8: read as Windows-1252; the rest of "
                    "the file is UTF-8"
                )
                # the head as it reads line by line (a bad line in it made it Windows-1252)
                upto = len(whole_text) if whole else whole_text.rfind("\n", 0, len(text)) + 1
                source.head[:] = head_rows(whole_text[:upto])
                reread = True
                pieces = whole_text.rsplit("\n", _ABOVE + 1)
                last_text, above_text = pieces[-1], pieces[-2::-1]
                state["data"] = whole_text.encode("utf-8")
                del whole_text
            else:
                _refuse_other_code_page(raw, name, sep)
                source.encoding = "cp1252"
                source.notes.append("not valid UTF-8: read as Windows-1252")
                if encoding == "utf-8":
                    new, _ = _head_text(first, whole, name, "cp1252")
                    source.head[:] = head_rows(new)
                    reread = True
                state["data"] = _decode(raw, "cp1252", name, True).encode("utf-8")
            del raw
        if scan.eof_mark:
            data = state["data"]
            data = data if isinstance(data, bytes) else path.read_bytes()
            state["data"] = data.rstrip(DOS_EOF)
            source.notes.append(
                "the file ends with MS-DOS's end-of-file mark (Ctrl+Z, as Windows' copy adds "
                "when it joins files): read up to it"
            )
            if last_text is not None:
                last_text = last_text.rstrip(DOS_EOF.decode())
        if scan.quotes % 2:
            err = _quote_error(path, name, source.encoding, sep)
            if err is not None:
                raise err
        if not scan.ends_with_newline and scan.lines > header_end:
            last = last_text if last_text is not None else _decode(
                scan.last_line, source.encoding, name, True
            )
            try:
                cells = next(csv.reader([last], delimiter=sep), [])
            except csv.Error:
                cells = []
            if len(cells) < header_width and last.strip():  # (spaces alone: no row)
                raise input_error(
                    f"the file ends in the middle of a row: this last {unit(name)} has "
                    f"{len(cells)} of the header row's {header_width} cells and no line break "
                    "after it",
                    file=name,
                    line=scan.lines,
                    value=excerpt(last),
                    hint="the file looks cut short: export it again",
                )
            if above_text is None:
                above_text = [line.decode(source.encoding, "replace") for line in scan.above]
            # (the data lines only: not the header's)
            above_text = above_text[: max(0, scan.lines - 1 - header_end)]
            cut = _cut_before_last_cell(last, above_text, sep)
            if cut is not None:
                cell, value, above = cut
                shown = f"{excerpt(value)!r}" if value else "empty"
                raise input_error(
                    f"the file ends in the middle of a row: this last {unit(name)} ends with "
                    f"its cell {cell} {shown} and no line break after it, where the "
                    f"{unit(name)} above has {excerpt(above)!r}",
                    file=name,
                    line=scan.lines,
                    value=excerpt(last),
                    hint="the file looks cut short: export it again (if this row is whole, "
                    "end the file with a line break)",
                )
            source.open_end = (scan.lines, last)
        return reread

    def read_ahead(header_end: int, ncols: int, own: list[str]) -> None:
        # A file whose head is UTF-8 (Polars checks the rest as it reads), small enough
        # that the pass counts its bytes in Python, which holds Python's lock while the
        # read does not: the two run side by side, the rows read before the pass's answers
        # are known.  Read as :func:`scan` reads them for ``own`` (and the cell past the
        # header's and the line); nothing of it is used unless the pass found the file
        # whole and as it is read (issue 15).
        if not trusted or size > _PYTHON_COUNTS or "ahead" in state:
            return
        from attcli.ahead import Ahead

        lazy = scan(header_end, ncols, own=own).select(*own, f"c{ncols - 1}", "line")
        key = (header_end, ncols, tuple(own), path)
        state["ahead"] = (key, Ahead(lambda: lazy.collect(engine="streaming")))

    def settle() -> None:
        ahead = state.pop("ahead", None)
        if ahead is not None:  # (waited for: no read goes on past the file's refusal)
            ahead[1].made()  # type: ignore[index]

    def scan(
        header_end: int, ncols: int, adjust: bool = False, own: Collection[str] = ()
    ) -> pl.LazyFrame:
        names = [f"c{i}" for i in range(ncols)]
        ahead = state.pop("ahead", None)
        if ahead is not None:  # (the rows read ahead: taken by the read they were for)
            key, read = ahead  # type: ignore[misc]
            made = read.made()  # (None: the read failed; read again below, to say why)
            if made is not None and not adjust and (header_end, ncols, tuple(own), state["data"]) == key:
                return made.lazy()
        schema: dict[str, pl.DataType | type[pl.DataType]] = dict.fromkeys(names, pl.Categorical)
        for name in own:  # categories of its own: its distinct values, with no pass (issue 15)
            schema[name] = pl.Categorical(pl.Categories.random())
        lf = pl.scan_csv(
            state["data"],  # type: ignore[arg-type]
            has_header=False,
            skip_lines=header_end,
            # Categorical on read: each distinct text is held once, so no string is made
            # per cell (the same cells as String gives; tests/test_loaders.py)
            schema=schema,
            truncate_ragged_lines=True,
            # (the first row's cells past the schema, as any later row's: truncated; the
            # one cell past the header's is read, and a value there refused by the loader)
            extra_columns="ignore",
            missing_columns="insert",
            row_index_name="_i",
            raise_if_empty=False,
            quote_char='"',
            glob=False,  # the file by its name: [ ] * ? in a name are not a pattern
            separator=sep,
        )
        line = pl.col("_i").cast(pl.Int64) + (header_end + 1)
        if adjust:
            # A quoted cell may hold line breaks: later rows start further down the file.
            breaks = pl.sum_horizontal(
                [
                    pl.col(c).cast(pl.String).str.count_matches("\n", literal=True).fill_null(0)
                    for c in names
                ]
            ).cast(pl.Int64)
            line = line + breaks.cum_sum() - breaks
        return lf.with_columns(line.alias("line")).drop("_i")

    source = Source(
        path, name, "csv", head, scan, check=check, separator=sep, sep_line=bool(skip),
        read_ahead=read_ahead, settle=settle,
    )  # fmt: skip
    return source


def read_error(source: Source, exc: Exception) -> Exception:
    """An :class:`InputError` for a CSV file polars could not parse."""
    located = None
    if source.kind == "csv":
        located = _quote_error(source.path, source.name, source.encoding, source.separator)
    if located is not None:
        return located
    return input_error(
        f"the file cannot be read as {'CSV' if source.kind == 'csv' else 'a workbook'}: "
        f"{first_line(exc)}",
        file=source.name,
        hint="export the register again",
    )


# ---------------------------------------------------------------------------------------
# xlsx


def _et() -> ModuleType:
    """``xml.etree.ElementTree``, imported for a workbook only: a CSV's run never parses
    XML, and the import is about 14 ms of processor time a process."""
    import xml.etree.ElementTree as ET

    return ET


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_member(z: zipfile.ZipFile, index: int = 0) -> str:
    """The zip member of the workbook's sheet at ``index`` (in the workbook's order).  Its
    relationship id is the sheet's ``r:id`` in whichever namespace the workbook uses (a
    Strict Open XML workbook, Excel's "Strict" Save As, has the ISO standard's own)."""
    book = _et().fromstring(z.read("xl/workbook.xml"))
    sheet = [el for el in book.iter() if _local(el.tag) == "sheet"][index]
    rid = next(
        (v for k, v in sheet.attrib.items() if k.startswith("{") and _local(k) == "id"), None
    )
    rels = _et().fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next(el.get("Target", "") for el in rels if el.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


#: Cell types whose empty value (``<v></v>``) the reader counts as a cell of its range: a
#: formula giving "" (``t="str"``) and an ISO date cell; an empty number, boolean, error or
#: shared string it does not.
_EMPTY_COUNTED = ("str", "d")


def _holds_value(el: ET.Element, kids: dict[str, ET.Element]) -> bool:
    """Whether the cell ``el`` (its children by local name) is one the reader (calamine)
    counts when it finds the sheet's first row and column, where its frame starts: attcli's
    own look at the sheet (its merged cells, cells whose value is lost) must count the same
    cells, or it names the wrong rows and columns."""
    if "is" in kids:
        return True
    value = kids.get("v")
    return value is not None and bool(value.text or el.get("t") in _EMPTY_COUNTED)


def _first_used_row(path: Path, index: int = 0) -> int:
    """The sheet row of the first cell with a value (:func:`_holds_value`): calamine's range
    starts there, so the frame's first row is that sheet row.  Streams the sheet XML and
    stops at that cell."""
    with zipfile.ZipFile(path) as z, z.open(_sheet_member(z, index)) as f:
        row = 0
        for event, el in _et().iterparse(f, events=("start", "end")):
            tag = _local(el.tag)
            if event == "start" and tag == "row":
                row = int(el.get("r") or row + 1)
            elif event == "end" and tag == "c":
                if _holds_value(el, {_local(ch.tag): ch for ch in el}):
                    ref = el.get("r")
                    return int(re.sub(r"^[A-Za-z$]+", "", ref)) if ref else row
                el.clear()
            elif event == "end" and tag == "row":
                el.clear()
    return 1


def _cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _read_sheet_openpyxl(path: Path, index: int = 0) -> tuple[pl.DataFrame, int]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = wb.worksheets[index]
        rows = [[_cell_text(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    finally:
        wb.close()
    width = max((len(r) for r in rows), default=0)
    cols = {f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    return pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String)), 1


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets, in the workbook's order (none when its list of
    sheets cannot be read: then only the first sheet, as the reader found it, is read)."""
    return [name for name, _hidden in sheet_list(path)]


def sheet_list(path: Path) -> list[tuple[str, bool]]:
    """Each of a workbook's sheets in the workbook's order: its name and whether it is
    hidden (Excel's "Hide" or "very hidden": a sheet the person who saved it does not
    see).  None when the list cannot be read."""
    try:
        with zipfile.ZipFile(path) as z:
            book = _et().fromstring(z.read("xl/workbook.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, _et().ParseError):
        return []
    return [
        (el.get("name", ""), el.get("state", "visible") in ("hidden", "veryHidden"))
        for el in book.iter()
        if _local(el.tag) == "sheet"
    ]


def _read_sheet(path: Path, name: str, index: int = 0) -> tuple[pl.DataFrame, int]:
    try:
        import fastexcel
    except ImportError:  # pragma: no cover - fastexcel is the fast path
        fastexcel = None
    try:
        if fastexcel is None:  # pragma: no cover
            return _read_sheet_openpyxl(path, index)
        reader = fastexcel.read_excel(str(path))
        sheet = reader.load_sheet(index, header_row=None, dtypes="string")
        frame = sheet.to_polars()
        frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
        return frame, _first_used_row(path, index) if frame.height else 1
    except Exception as exc:  # a broken workbook (calamine, zip and XML errors)
        raise input_error(
            f"cannot read the Excel workbook: {first_line(exc)}",
            file=name,
            hint="open it in Excel and save it again as an Excel Workbook (.xlsx), or as CSV",
        ) from None


def _open_xlsx(path: Path, name: str, index: int = 0) -> Source:
    frame, first = _read_sheet(path, name, index)
    if frame.height and first + frame.height - 1 >= EXCEL_MAX_ROWS:
        # Rows to the sheet's end may be blank but for a stray cell (a space typed in
        # A1048576, a formula filled down a column giving ""): the blank rows after the last
        # row with a value are no rows of the register, and a sheet is full only when its
        # last two rows hold values (a stray value under empty rows is read as a row, and
        # refused or used as any row is).
        filled = frame.select(
            pl.any_horizontal(
                pl.col(c).str.strip_chars().fill_null("") != "" for c in frame.columns
            ).alias("f")
        ).get_column("f")
        at = filled.arg_true()
        frame = frame.head(int(at[-1]) + 1 if at.len() else 0)
    if (
        frame.height >= 2
        and first + frame.height - 1 >= EXCEL_MAX_ROWS
        and frame.tail(2).select(
            pl.any_horizontal(pl.col(c).str.strip_chars().fill_null("") != "" for c in frame.columns)
        ).to_series().all()
    ):
        raise input_error(
            f"the sheet is full to row {EXCEL_MAX_ROWS:,}, the last an Excel sheet has: an "
            "export longer than that does not fit in it, so the register's rows after it are "
            "not in the workbook",
            file=name,
            hint="export the register as CSV, or in parts (a half term a file) and give them all",
        )
    frame = frame.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + first).alias("line"))
    head = [
        (r["line"], r["line"], [r[f"c{i}"] for i in range(frame.width - 1)])
        for r in frame.head(HEAD_ROWS).iter_rows(named=True)
    ]

    def scan(
        header_end: int, ncols: int, adjust: bool = False, own: Collection[str] = ()
    ) -> pl.LazyFrame:
        names = [f"c{i}" for i in range(ncols)]  # (``own``: a CSV's alone)
        return frame.lazy().filter(pl.col("line") > header_end).select(*names, "line")

    found: list[tuple[list[tuple[int, int, int, int]], bool, list[int], list[int]]] = []

    def sheet_bytes() -> tuple[list[tuple[int, int, int, int]], bool, list[int], list[int]]:
        if not found:
            found.append(_sheet_bytes(path, index))
        return found[0]

    def spread(header_end: int) -> str | None:
        nonlocal frame
        frame, note = _spread_merged(path, index, sheet_bytes()[0], frame, header_end)
        return note

    def find_lost() -> dict[tuple[int, int], tuple[str, str]]:
        return _lost_cells(path, index) if sheet_bytes()[1] else {}

    source = Source(path, name, "xlsx", head, scan)
    source.spread_merged = spread
    source.find_lost = find_lost

    def hidden_rows() -> list[int]:
        # (rows with a value only: a writer may mark the empty rows below the data hidden)
        rows = sheet_bytes()[2]
        if not rows:
            return []
        filled = [
            pl.col(c).str.strip_chars().fill_null("") != "" for c in frame.columns if c != "line"
        ]
        held = frame.filter(pl.col("line").is_in(rows) & pl.any_horizontal(filled))
        return held.get_column("line").to_list()

    source.hidden_rows = hidden_rows

    def hidden_columns() -> list[int]:
        cols = sheet_bytes()[3]
        if not cols:
            return []
        try:
            offset = _first_value_column(path, index)
        except (OSError, KeyError, zipfile.BadZipFile, _et().ParseError, IndexError):
            return []
        return [c - offset for c in cols if c >= offset]

    source.hidden_columns = hidden_columns
    source.date1904 = _date1904(path)
    source.filtered = _has_filter(path, index)
    return source


def hidden_note(source: Source, header_end: int) -> str | None:
    """What to say of a workbook sheet's rows hidden below its header (Excel's Filter, or
    Hide on a row) and of a filter on, or None: a hidden row is still the MIS's data, so
    every row is read, and the person who saw fewer rows in Excel is told why attcli
    counts more.  A CSV has no hidden rows."""
    rows = [r for r in source.hidden_rows() if r > header_end] if source.hidden_rows else []
    if rows:
        how = "by its filter (Excel's Filter)" if source.filtered else "in Excel"
        many = len(rows) != 1
        return (
            f"{len(rows)} {'rows' if many else 'row'} of the sheet {'are' if many else 'is'} "
            f"hidden {how}: {_rows_text(rows)}; every row is read, the hidden ones too (hiding "
            "a row does not delete it: the export is every row); unhide "
            f"{'them' if many else 'it'} in Excel to see what attcli reads"
        )
    if source.filtered:
        return (
            "the sheet has a filter on (Excel's Filter), which may hide rows from view: every "
            "row is read, the hidden ones too (a filter hides rows, it does not delete them)"
        )
    return None


def hidden_columns_note(source: Source, read: dict[int, str]) -> str | None:
    """What to say of a workbook sheet's hidden columns that attcli reads (``read``: frame
    column -> its header), or None: like a hidden row, a hidden column (last month's
    sessions, hidden to see this week's) is still the MIS's data, and read."""
    cols = source.hidden_columns() if source.hidden_columns else []
    shown = [read[c] for c in dict.fromkeys(cols) if c in read]
    if not shown:
        return None
    many = len(shown) != 1
    more = f" and {len(shown) - 4} more" if len(shown) > 4 else ""
    named = ", ".join(repr(h) for h in shown[:4]) + more
    return (
        f"{len(shown)} {'columns' if many else 'column'} attcli reads {'are' if many else 'is'} "
        f"hidden in Excel ({named}): read, the hidden ones too (hiding a column does not "
        f"delete it); unhide {'them' if many else 'it'} in Excel to see what attcli reads"
    )


def _rows_text(rows: list[int], most: int = 5) -> str:
    """``row 40``, ``rows 40 and 52``, ``rows 3 to 9, 12, 15, 17, 19, ...``: runs of three
    rows or more joined, the first ``most`` runs."""
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    runs = [part for a, b in runs for part in ([[a, a], [b, b]] if b == a + 1 else [[a, b]])]
    shown = [f"{a}" if a == b else f"{a} to {b}" for a, b in runs[:most]]
    word = "row" if len(rows) == 1 else "rows"
    if len(runs) > most:  # (the rows' count is said before: here, where they start)
        return f"{word} {', '.join(shown)}, ..."
    if len(shown) == 1:
        return f"{word} {shown[0]}"
    return f"{word} {', '.join(shown[:-1])} and {shown[-1]}"


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="\$?([A-Za-z]+)\$?(\d+):\$?([A-Za-z]+)\$?(\d+)"')


def _sheet_bytes(
    path: Path, index: int
) -> tuple[list[tuple[int, int, int, int]], bool, list[int], list[int]]:
    """One pass over the sheet's XML as bytes: its merged cells (first row, first column,
    last row, last column; rows as the sheet numbers them, columns from 0, A), whether it
    may hold a cell whose value is lost (:data:`_LOST_NEEDLES`), its hidden rows (by a
    filter or by hand: ``<row r="5" hidden="1">``), in order, and its hidden columns
    (``<col min="4" max="9" hidden="1">``: from 0, A).  A workbook without any
    costs one pass of decompression, a few per cent of reading it; no XML is parsed."""
    found: list[tuple[int, int, int, int]] = []
    hidden: list[int] = []
    hidden_cols: list[int] = []
    hit = False

    def take(data: bytes, end: int) -> None:
        if b"ergeCell" in data:
            for m in _MERGE_CELL.finditer(data, 0, end):
                a, r1, b, r2 = (g.decode() for g in m.groups())
                found.append((int(r1), _column_index(a), int(r2), _column_index(b)))
        if b"hidden=" in data:
            for m in _ROW_TAG.finditer(data, 0, end):
                attrs = m.group(1)
                if _HIDDEN.search(attrs) and (r := _ROW_NUMBER.search(attrs)):
                    hidden.append(int(r.group(1)))
            for m in _COL_TAG.finditer(data, 0, end):
                attrs = m.group(1)
                lo, hi = _COL_MIN.search(attrs), _COL_MAX.search(attrs)
                if _HIDDEN.search(attrs) and lo and hi:
                    # (a range to the sheet's last column, 16384, is no register's)
                    top = min(int(hi.group(1)), int(lo.group(1)) + 1000)
                    hidden_cols.extend(range(int(lo.group(1)) - 1, top))

    try:
        with zipfile.ZipFile(path) as z, z.open(_sheet_member(z, index)) as f:
            carry, tail = b"", b""
            while chunk := f.read(1 << 22):
                data = carry + chunk
                hit = hit or any(n in data or n in tail + chunk[:8] for n in _LOST_NEEDLES)
                tail = chunk[-8:]
                cut = data.rfind(b"<")
                cut = cut if cut > len(data) - 200 else len(data)
                take(data, cut)  # (the rows, most of the sheet: fast with neither)
                carry = data[cut:]
            take(carry, len(carry))
    except (OSError, KeyError, zipfile.BadZipFile, _et().ParseError, IndexError, StopIteration):
        return [], False, [], []
    return found, hit, hidden, hidden_cols


#: A row's start tag (its attributes), and what in them says it is hidden, and its number
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden\s*=\s*["\'](?:1|true)["\']')
_ROW_NUMBER = re.compile(rb'\br\s*=\s*["\'](\d+)["\']')
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_COL_MIN = re.compile(rb'\bmin\s*=\s*["\'](\d+)["\']')
_COL_MAX = re.compile(rb'\bmax\s*=\s*["\'](\d+)["\']')


def _first_value_column(path: Path, index: int) -> int:
    """The sheet column (from 0) of the first column holding a value: the reader's frame
    starts there.  Read until a value in column A is met (at once in most sheets)."""
    first: int | None = None
    with zipfile.ZipFile(path) as z, z.open(_sheet_member(z, index)) as f:
        for _event, el in _et().iterparse(f):
            tag = _local(el.tag)
            if tag == "c":
                if _holds_value(el, {_local(ch.tag): ch for ch in el}):
                    col = _column_index(el.get("r") or "")
                    first = col if first is None else min(first, col)
                    if first == 0:
                        break  # (column A: no column is further left; most sheets)
            elif tag == "row":
                el.clear()
    return first or 0


def _spread_merged(
    path: Path,
    index: int,
    merged: list[tuple[int, int, int, int]],
    frame: pl.DataFrame,
    header_end: int,
) -> tuple[pl.DataFrame, str | None]:
    """``frame`` with each merged cell below the header row read in every cell it covers:
    Excel shows a merged cell's value across them all (an `I` typed once over a day's AM and
    PM, a form '8A' down its pupils' rows), but keeps it in the first cell alone, so the
    others read blank (a missing PM mark, a pupil with no form).  And a note naming them, or
    None when there are none.  Merged cells in and above the header are the header's (a
    date over its AM and PM) and are left as they are."""
    ranges = [r for r in merged if r[0] > header_end]
    if not ranges:
        return frame, None
    try:
        offset = _first_value_column(path, index)
    except (OSError, KeyError, zipfile.BadZipFile, _et().ParseError, IndexError):
        return frame, None
    # only the rows the merged cells cover are gone over (a long export's footer merged
    # across the sheet must not make Python lists of its million rows)
    touched = sorted({row for r1, _c1, r2, _c2 in ranges for row in range(r1, r2 + 1)})
    part = frame.filter(pl.col("line").is_in(touched))
    lines = part.get_column("line").to_list()
    at = {line: i for i, line in enumerate(lines)}
    columns = {c: part.get_column(c).to_list() for c in part.columns if c != "line"}
    spread: list[str] = []
    for r1, c1, r2, c2 in sorted(ranges):
        top = columns.get(f"c{c1 - offset}")
        i1 = at.get(r1)
        if top is None or i1 is None or top[i1] is None:
            continue
        value, filled = top[i1], False
        inside = {f"c{col - offset}" for col in range(c1, c2 + 1)}
        for row in range(r1, r2 + 1):
            i = at.get(row)
            if i is None:
                continue
            # (a row with no value beside the merged cell is a heading over the rows, a
            # 'Year 7' merged across the sheet: left for the loader to skip as such)
            if not any(v[i] is not None for c, v in columns.items() if c not in inside):
                continue
            for c in inside:
                cells = columns.get(c)
                if cells is not None and cells[i] is None:
                    cells[i], filled = value, True
        if filled:
            ref = f"{_column_letters(c1)}{r1}:{_column_letters(c2)}{r2}"
            spread.append(f"{ref} {excerpt(str(value))!r}")
    if not spread:
        return frame, None
    schema = {"line": frame.schema["line"], **{c: frame.schema[c] for c in columns}}
    filled_part = pl.DataFrame({"line": lines, **columns}, schema=schema)
    frame = frame.update(filled_part, on="line", maintain_order="left")
    shown = ", ".join(spread[:3]) + (f" and {len(spread) - 3} more" if len(spread) > 3 else "")
    return frame, (
        f"{len(spread)} merged cell{'s' if len(spread) != 1 else ''} below the header "
        f"({shown}) read as Excel shows them: their value in every cell they cover"
    )


def _column_letters(index: int) -> str:
    """3 -> ``'D'`` (column A is 0)."""
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _has_filter(path: Path, index: int) -> bool:
    """Whether the workbook's sheet at ``index`` has a filter on: Excel names a filtered
    range ``_xlnm._FilterDatabase`` in the workbook part (small), so the sheet's own rows
    need not be gone over to know."""
    try:
        with zipfile.ZipFile(path) as z:
            book = _et().fromstring(z.read("xl/workbook.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, _et().ParseError):
        return False
    return any(
        _local(el.tag) == "definedName"
        and el.get("name") == "_xlnm._FilterDatabase"
        and el.get("localSheetId") == str(index)
        for el in book.iter()
    )


#: A cell whose value is lost: an error Excel shows (``t="e"``), or a formula with no saved
#: value (a workbook a program wrote and Excel never worked out); a formula is ``<f>`` or,
#: in a workbook written with a namespace prefix (the Open XML SDK's), ``<x:f>``.
_LOST_NEEDLES = (b"<f", b":f>", b":f ", b't="e"')


def _lost_cells(path: Path, index: int) -> dict[tuple[int, int], tuple[str, str]]:
    """The sheet's cells that hold an error value (``#N/A``: calamine reads them as blank)
    or a formula without a saved value (read as blank too): (sheet row, frame column) ->
    (cell reference, what the cell holds, for a message).  Looked for in every workbook,
    whatever wrote it (a tool that writes formulas without values need not ask for them to
    be worked out, nor write a calculation chain; an error may be pasted as a value), once
    :func:`_sheet_bytes` has found one may be there; frame columns count from the first
    column with a value, as the reader's do."""
    try:
        with zipfile.ZipFile(path) as z:
            member = _sheet_member(z, index)
            found: dict[tuple[int, int], tuple[str, str]] = {}
            first_col: int | None = None
            with z.open(member) as f:
                for _event, el in _et().iterparse(f):
                    tag = _local(el.tag)
                    if tag == "row":
                        el.clear()
                        continue
                    if tag != "c":
                        continue
                    ref = el.get("r") or ""
                    kids = {_local(ch.tag): ch for ch in el}
                    value = kids.get("v")
                    text = value.text if value is not None else None
                    formula = kids.get("f")
                    col = _column_index(ref)
                    if _holds_value(el, kids):
                        first_col = col if first_col is None else min(first_col, col)
                    if el.get("t") == "e" and text:
                        shown = f" (={formula.text})" if formula is not None and formula.text else ""
                        found[(_row_of(ref), col)] = (ref, f"e:{text}{shown}")
                    elif formula is not None and not text and (
                        el.get("t") != "str" or value is None
                    ):  # (a text formula saved as <v></v> shows "": a blank cell indeed)
                        found[(_row_of(ref), col)] = (ref, f"f:={formula.text or ''}")
    except (OSError, KeyError, zipfile.BadZipFile, _et().ParseError, StopIteration, IndexError):
        return {}
    return {(row, col - (first_col or 0)): v for (row, col), v in found.items()}


def _column_index(ref: str) -> int:
    """``'D3'`` -> 3 (column A is 0)."""
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch.upper()) - 64
    return n - 1


def _row_of(ref: str) -> int:
    return int(re.sub(r"^[A-Za-z$]+", "", ref) or 0)


def _date1904(path: Path) -> bool:
    """Whether the workbook counts its dates in Excel's 1904 date system (``<workbookPr
    date1904="1">``: a Mac workbook's): its real dates the reader turns into dates itself,
    but a number read as a date (a General cell) counts from 01/01/1904."""
    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    at = book.find(b"date1904=")
    return at >= 0 and book[at + 10 : at + 11] in (b"1", b"t")
