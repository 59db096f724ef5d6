"""Reading export files (CSV, xlsx) into text cells with their line (or row) numbers.

A :class:`Source` gives the first rows of a file as Python lists (to find the header row
below any title rows) and a lazy frame of everything below the header: columns ``c0``,
``c1``, ... as text, plus ``line``, the 1-based physical line (CSV) or sheet row (xlsx).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ._errors import input_error

HEAD_ROWS = 60
_CHUNK = 1 << 24
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

    def exact(self, header_end: int, rows: int) -> bool:
        """Whether numbering rows consecutively below the header gives their physical lines
        (false when a quoted cell holds a line break: then scan with ``adjust=True``)."""
        return self.lines is None or rows == 0 or header_end + rows == self.lines


def open_source(path: str | Path) -> Source:
    p = Path(path)
    name = str(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise input_error(
            f"unsupported file type {p.suffix or '(none)'!r}",
            file=name,
            hint="attcli reads .csv and .xlsx exports: save the report as CSV (UTF-8) "
            "or as an Excel Workbook (.xlsx)",
        )
    if not p.is_file():
        raise input_error("no such file", file=name)
    if suffix == ".csv":
        return _open_csv(p, name)
    return _open_xlsx(p, name)


# ---------------------------------------------------------------------------------------
# CSV


def _check_utf8(path: Path) -> tuple[bool, int]:
    """``(valid UTF-8, physical lines)``, reading the file in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = 0
    last = b""
    valid = True
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
            if valid:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    return valid, newlines + (1 if last not in (b"", b"\n") else 0)


def _head_rows(text_lines: io.TextIOBase) -> list[tuple[int, int, list[str | None]]]:
    reader = csv.reader(text_lines)
    rows: list[tuple[int, int, list[str | None]]] = []
    last = 0
    try:
        for record in reader:
            rows.append((last + 1, reader.line_num, list(record)))
            last = reader.line_num
            if len(rows) >= HEAD_ROWS:
                break
    except csv.Error:
        pass  # a malformed row near the top: the header search sees the rows before it
    return rows


def _open_csv(path: Path, name: str) -> Source:
    utf8, lines = _check_utf8(path)
    notes: list[str] = []
    data: Path | bytes
    if utf8:
        with path.open(encoding="utf-8-sig", newline="") as f:
            head = _head_rows(f)
        data = path
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise input_error(
                f"the file is neither UTF-8 nor Windows-1252 text (byte {exc.start})",
                file=name,
                hint="save the export as CSV UTF-8",
            ) from None
        notes.append("not valid UTF-8: read as Windows-1252")
        head = _head_rows(io.StringIO(text, newline=""))
        data = text.encode("utf-8")
        del raw, text

    def scan(header_end: int, ncols: int, adjust: bool = False) -> pl.LazyFrame:
        names = [f"c{i}" for i in range(ncols)]
        lf = pl.scan_csv(
            data,
            has_header=False,
            skip_lines=header_end,
            schema=dict.fromkeys(names, pl.String),
            truncate_ragged_lines=True,
            missing_columns="insert",
            row_index_name="_i",
            raise_if_empty=False,
            quote_char='"',
        )
        line = pl.col("_i").cast(pl.Int64) + (header_end + 1)
        if adjust:
            # A quoted cell may hold line breaks: later rows start further down the file.
            breaks = pl.sum_horizontal(
                [pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in names]
            ).cast(pl.Int64)
            line = line + breaks.cum_sum() - breaks
        return lf.with_columns(line.alias("line")).drop("_i")

    return Source(path, name, "csv", head, scan, notes, lines)


# ---------------------------------------------------------------------------------------
# xlsx


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet_member(z: zipfile.ZipFile) -> str:
    ns_r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    book = ET.fromstring(z.read("xl/workbook.xml"))
    sheet = next(el for el in book.iter() if _local(el.tag) == "sheet")
    rid = sheet.get(f"{{{ns_r}}}id")
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next(el.get("Target", "") for el in rels if el.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _first_used_row(path: Path) -> int:
    """The sheet row of the first cell with a value: calamine's range starts there, so the
    frame's first row is that sheet row.  Streams the sheet XML and stops at that cell."""
    with zipfile.ZipFile(path) as z, z.open(_first_sheet_member(z)) as f:
        row = 0
        for event, el in ET.iterparse(f, events=("start", "end")):
            tag = _local(el.tag)
            if event == "start" and tag == "row":
                row = int(el.get("r") or row + 1)
            elif event == "end" and tag == "c":
                if any(_local(ch.tag) in ("v", "is") for ch in el):
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


def _read_sheet_openpyxl(path: Path) -> tuple[pl.DataFrame, int]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [[_cell_text(v) for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()
    width = max((len(r) for r in rows), default=0)
    cols = {f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    return pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String)), 1


def _read_sheet(path: Path, name: str) -> tuple[pl.DataFrame, int]:
    try:
        import fastexcel
    except ImportError:  # pragma: no cover - fastexcel is the fast path
        fastexcel = None
    try:
        if fastexcel is None:  # pragma: no cover
            return _read_sheet_openpyxl(path)
        reader = fastexcel.read_excel(str(path))
        sheet = reader.load_sheet(0, header_row=None, dtypes="string")
        frame = sheet.to_polars()
        frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
        return frame, _first_used_row(path) if frame.height else 1
    except Exception as exc:  # a broken or password-protected workbook
        raise input_error(
            f"cannot read the Excel workbook: {exc}",
            file=name,
            hint="open it in Excel and save it again as an Excel Workbook (.xlsx), or as CSV",
        ) from None


def _open_xlsx(path: Path, name: str) -> Source:
    frame, first = _read_sheet(path, name)
    frame = frame.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + first).alias("line"))
    head = [
        (r["line"], r["line"], [r[f"c{i}"] for i in range(frame.width - 1)])
        for r in frame.head(HEAD_ROWS).iter_rows(named=True)
    ]

    def scan(header_end: int, ncols: int, adjust: bool = False) -> pl.LazyFrame:
        names = [f"c{i}" for i in range(ncols)]
        return frame.lazy().filter(pl.col("line") > header_end).select(*names, "line")

    return Source(path, name, "xlsx", head, scan)
