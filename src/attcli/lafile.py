"""What the local authority's files share (``register-check``, ``la-return``).

Each LA asks for its own columns, in its own order, under its own headers: a feature's
table in ``attcli.toml`` (``[register_check]``, ``[la_return]``) gives ``columns`` (the
fields, in order), ``headers`` (the LA's header for a field) and ``bom`` (whether the
CSV starts with a UTF-8 byte-order mark).  :func:`read_columns` reads and checks them,
key by key.  :func:`write_xlsx` writes the workbook every LA file uses: a header block
(school, URN, period, ...), then one row per pupil under a bold, frozen, filtered
header row, every cell made safe (:func:`attcli.output.safe_cell`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attcli.config import Config
from attcli.errors import ConfigError
from attcli.output import (
    column_widths,
    note_cell,
    print_setup,
    safe_cell,
    sheet_name,
    wrapped_height,
)

#: The date format of every date cell.
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Columns:
    """An LA file's columns: ``columns`` (fields, in order) under their headers."""

    defaults: Mapping[str, str]
    columns: tuple[str, ...]
    headers: Mapping[str, str] = field(default_factory=dict)
    #: the CSV starts with a UTF-8 byte-order mark (Excel reads accents right); some LA
    #: portals refuse one
    bom: bool = True

    def header(self, name: str) -> str:
        return self.headers.get(name, self.defaults[name])


def section(config: Config, name: str, allowed: set[str]) -> Mapping[str, Any]:
    """The feature's raw table ``[name]`` (empty when absent); a key it does not take is
    a :class:`ConfigError` naming it."""
    raw = config.sections.get(name, {})
    if not isinstance(raw, Mapping):
        raise ConfigError(name, "expected a table", file=config.path)
    for k in raw:
        if k not in allowed:
            raise ConfigError(
                f"{name}.{k}",
                f"unknown key; [{name}] takes: {', '.join(sorted(allowed))}",
                file=config.path,
            )
    return raw


def read_columns(
    raw: Mapping[str, Any], name: str, defaults: Mapping[str, str], file: Path | None = None
) -> Columns:
    """``columns``, ``headers`` and ``bom`` of the table ``[name]`` (``raw``) of the config
    ``file``, checked: each bad value is a :class:`ConfigError` naming the file, its key and
    what is valid."""
    bom = raw.get("bom", True)
    if not isinstance(bom, bool):
        raise ConfigError(f"{name}.bom", f"expected true or false, got {bom!r}", file=file)
    columns = raw.get("columns", list(defaults))
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        raise ConfigError(f"{name}.columns", "expected a list of column names", file=file)
    bad = [c for c in columns if c not in defaults]
    if bad:
        raise ConfigError(
            f"{name}.columns",
            f"unknown column{'s' if len(bad) > 1 else ''} {', '.join(map(repr, bad))}; choose "
            f"from {', '.join(defaults)}",
            file=file,
        )
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise ConfigError(f"{name}.columns", f"{twice[0]!r} is listed twice", file=file)
    headers = raw.get("headers", {})
    if not isinstance(headers, Mapping) or not all(isinstance(v, str) for v in headers.values()):
        raise ConfigError(
            f"{name}.headers", 'expected a table of column = "Header"', file=file
        )
    bad = [c for c in headers if c not in defaults]
    if bad:
        raise ConfigError(
            f"{name}.headers.{bad[0]}",
            f"not a column of [{name}]; choose from {', '.join(defaults)}",
            file=file,
        )
    return Columns(dict(defaults), tuple(columns), dict(headers), bom)


@dataclass(frozen=True)
class Warn:
    """A header-block value shown in bold red (what the exports do not cover)."""

    text: str


@dataclass(frozen=True)
class Named:
    """A header-block value that is a name (the school's, the local authority's): shown as
    written, never begun as a sentence as a note is (``note_cell`` made a school named
    "st mary's" "St mary's" in the file the LA reads)."""

    text: str


@dataclass(frozen=True)
class Formatted:
    """A row's cell with a number format of its own, over its column's (``formats``): a
    percentage shown with the decimals the rule gives it, not its column's most (sweep
    looks6: 87.70 % read "87.700%" beside a 93.004)."""

    value: object
    fmt: str


def data_row(problems: Sequence[str | None], fine: str) -> tuple[str, object]:
    """The header block's "Data" row: each of ``problems`` that is given (what the exports
    do not cover, the register's problems), in bold red, or ``fine`` when there is none."""
    said = "; ".join(p for p in problems if p)
    return ("Data", Warn(said) if said else fine)


def write_xlsx(
    stream: Any,
    *,
    sheet: str,
    title: str,
    block: Sequence[tuple[str, object]],
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    formats: Mapping[int, str] | None = None,
    widths: Mapping[int, int] | None = None,
    when: dt.datetime | None = None,
    keep: str | None = None,
) -> None:
    """An LA workbook: ``title`` (bold), the header block (``(label, value)`` rows; a date
    value gets :data:`DATE_FORMAT`, a :class:`Warn` is bold red), a blank row, then
    ``headers`` (bold, frozen, with a filter) and ``rows``.  ``formats``: column index ->
    number format (a date cell without one gets :data:`DATE_FORMAT`; a :class:`Formatted`
    cell has its own); ``widths``: column
    index -> least width (the header's or the longest value's, 12 to 50, when wider:
    :func:`attcli.output.column_widths`).
    ``when``: the workbook's dates (created, modified, the zip entries'),
    so the same content gives the same bytes; default now.  ``keep``: the columns naming the
    pupil, repeated at each printed page's left (:func:`attcli.output.print_setup`).

    Written in openpyxl's write-only mode, a row at a time (a styled cell is a
    WriteOnlyCell): about three times faster than building the sheet in memory, which
    took 8 s at 20,000 pupils (issue 15)."""
    from openpyxl import Workbook  # here: every command reads the settings
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    formats, widths = formats or {}, widths or {}
    wb = Workbook(write_only=True)
    if when is not None:
        wb.properties.created = when
    ws = wb.create_sheet(sheet_name(sheet))
    fitted = column_widths(headers, rows)  # the header's or the longest value's
    shown_widths = [max(widths.get(i, 0), fitted[i]) for i in range(len(headers))]
    for i, width in enumerate(shown_widths):  # before any row, in write-only mode
        ws.column_dimensions[get_column_letter(i + 1)].width = width

    def cell(value: object, *, font: Font | None = None, fmt: str | None = None) -> Cell:
        out = WriteOnlyCell(ws, value=safe_cell(value))
        if font is not None:
            out.font = font
        if fmt is not None:
            out.number_format = fmt
        return out

    lines: list[list[object]] = [[cell(title, font=Font(bold=True, size=13))]]
    for label, value in block:
        if isinstance(value, Warn):
            # (wrapped over the first printed page's columns, its row as tall as its lines:
            # one cell of 1,000 characters ran past the sheet's columns and printed cut)
            text = note_cell(value.text)
            last, height = _wrapped(text, shown_widths)
            row = len(lines) + 1
            if last > 2:
                ws.merged_cells.add(f"B{row}:{get_column_letter(last)}{row}")
            ws.row_dimensions[row].height = height
            red = cell(text, font=Font(bold=True, color="C00000"))
            red.alignment = Alignment(wrap_text=True, vertical="top")
            head = cell(label)
            head.alignment = Alignment(vertical="top")
            lines.append([head, red])
            continue
        if isinstance(value, dt.date):
            shown: object = cell(value, fmt=DATE_FORMAT)
        elif isinstance(value, Named):
            shown = safe_cell(value.text)
        else:
            shown = note_cell(value)  # (a note beside its label: a sentence)
        lines.append([label, shown])
    lines.append([])
    header_row = len(lines) + 1
    ws.freeze_panes = f"A{header_row + 1}"  # before any row, in write-only mode
    print_setup(ws, header_row, shown_widths, keep)
    for line in lines:
        ws.append(line)
    bold = Font(bold=True)
    ws.append([cell(h, font=bold) for h in headers])
    for row in rows:
        ws.append(
            [
                cell(v.value, fmt=v.fmt)
                if isinstance(v, Formatted)
                else cell(v, fmt=formats[i])
                if i in formats
                # a date the caller gave no format: DATE_FORMAT, as in the block (openpyxl's
                # own is yyyy-mm-dd: the register check's "Left the roll on" was)
                else cell(v, fmt=DATE_FORMAT)
                if isinstance(v, dt.date)
                else safe_cell(v)
                for i, v in enumerate(row)
            ]
        )
    last = header_row + len(rows)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{max(last, header_row)}"
    if when is None:
        wb.save(stream)
        return
    buf = io.BytesIO()
    wb.save(buf)
    stream.write(_fixed_dates(buf.getvalue(), when))


#: the share of a printed page's width the Data row spans when the sheet is printed
#: across pages
_PAGE_SPARE = 0.75


def _wrapped(text: str, widths: Sequence[float]) -> tuple[int, float]:
    """Where the header block's red "Data" row (``text``) wraps: the last column (from 1)
    of the cell spanning B to the last column of the first printed page (the sheet's
    last, when :func:`attcli.output.print_setup` fits it to one page's width), and the
    row's height in points for its lines.  One unwrapped cell ran past the sheet's
    columns and was cut on paper (sweep blind8)."""
    from attcli.output import MIN_PRINT_SCALE, PAGE_CHARS

    # (a quarter of the page to spare: a printer's margins, a font wider than Calibri's;
    # LibreOffice's own font put the register check's first page's edge at its 8th column)
    page = PAGE_CHARS * 100 / MIN_PRINT_SCALE * _PAGE_SPARE
    if sum(w + 5 / 7 for w in widths) * MIN_PRINT_SCALE <= PAGE_CHARS * 100:
        last = len(widths)  # (fitted to one page's width)
    else:
        last, used = 1, widths[0] + 5 / 7
        while last < len(widths) and used + widths[last] + 5 / 7 <= page:
            used += widths[last] + 5 / 7
            last += 1
    # (a sheet of one column: B, Excel's default width, alone)
    width = sum(widths[1:last]) if last > 1 else 8.43
    return last, wrapped_height(text, width, bold=True)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_dates(data: bytes, when: dt.datetime) -> bytes:
    """The workbook ``data`` with every date in it ``when``: the zip entries' times and the
    document's modified date (openpyxl stamps both with the time of saving)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, body)
    return out.getvalue()
