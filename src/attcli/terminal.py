"""Tables on a terminal: Rich for a screenful, plain aligned lines for a long list.

Rich measures and wraps every cell of a table, about 2 ms a row: the 10,000 rows of a
large school's dry run of letters took 25 s to print (issue 15).  Past
:data:`RICH_ROWS` rows a table is printed as plain lines, each column padded to its
widest cell (at most :data:`PLAIN_WIDTH` characters, longer values ending in an
ellipsis), linear in the number of rows.  Every cell is made safe for a terminal first
(``attcli.output.display_text``: no markup, no control characters).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: Up to this many rows a table is a Rich table.
RICH_ROWS = 500
#: The widest a column of a plain table gets.
PLAIN_WIDTH = 40


def print_rows(
    console: Any,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    style: str | None = None,
    whole: Sequence[int] = (),
    plain: bool | None = None,
) -> None:
    """Print ``rows`` under ``headers`` with ``title`` on ``console`` (a Rich console).

    ``whole``: the columns whose text is attcli's own (a reason): never cut short.
    ``plain``: plain lines (True) or a Rich table (False); by default, plain lines past
    :data:`RICH_ROWS` rows."""
    from rich.table import Table
    from rich.text import Text

    from attcli.output import display_text

    def terminal_text(value: object, limit: int) -> str:  # as report_check.terminal_text
        return display_text(value, limit, control="\ufffd")

    if not (len(rows) > RICH_ROWS if plain is None else plain):
        table = Table(title=title, title_justify="left")
        for h in headers:
            table.add_column(h)
        for row in rows:
            table.add_row(
                *[
                    Text(str(v)) if i in whole else Text(terminal_text(v, limit=80))
                    for i, v in enumerate(row)
                ]
            )
        console.print(table, style=style)
        return
    cells = [
        [
            terminal_text(v, limit=1000 if i in whole else PLAIN_WIDTH) if v is not None else ""
            for i, v in enumerate(row)
        ]
        for row in rows
    ]
    widths = [
        max([len(h)] + [len(r[i]) for r in cells]) if i < len(headers) - 1 else 0
        for i, h in enumerate(headers)
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [f"{title} ({len(rows)} rows)", line(headers), line(["-" * len(h) for h in headers])]
    out += [line(r) for r in cells]
    console.print(Text("\n".join(out)), style=style, soft_wrap=True)
