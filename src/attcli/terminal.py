"""Tables on a terminal: Rich for a screenful, plain aligned lines for a long list.

Rich measures and wraps every cell of a table, about 2 ms a row: the 10,000 rows of a
large school's dry run of letters took 25 s to print (issue 15).  Past
:data:`RICH_ROWS` rows a table is printed as plain lines, each column padded to its
widest cell (at most :data:`PLAIN_WIDTH` characters, longer values ending in an
ellipsis), linear in the number of rows.  Every value from an export is made safe for a
terminal first (:func:`terminal_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: Longest value a terminal table shows from an export (the files keep every character).
NAME_WIDTH = 60
#: Up to this many rows a table is a Rich table.
RICH_ROWS = 500
#: The widest a column of a plain table gets.
PLAIN_WIDTH = 40


def terminal_text(value: object, limit: int = NAME_WIDTH) -> str:
    """A value from an export as a terminal may show it.

    Rich markup is never parsed (callers wrap this in :class:`rich.text.Text`); here
    control characters (ESC starts an escape sequence that could clear the screen or
    recolour it) become U+FFFD, tabs and line breaks become spaces, bidirectional
    overrides are dropped, and text longer than ``limit`` ends in an ellipsis so one
    corrupt value cannot push the other columns off the screen.
    """
    from attcli.output import display_text

    return display_text(value, limit, control="\ufffd")


def cells(*values: object, limit: int = 80) -> list[Any]:
    """Rich table cells from export values (:func:`terminal_text`, as ``Text``)."""
    from rich.text import Text

    return [Text(terminal_text(v, limit)) for v in values]


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

    if not (len(rows) > RICH_ROWS if plain is None else plain):
        table = Table(title=title, title_justify="left")
        for h in headers:
            table.add_column(h)
        for row in rows:
            table.add_row(
                *[Text(str(v)) if i in whole else cells(v)[0] for i, v in enumerate(row)]
            )
        console.print(table, style=style)
        return
    texts = [
        [
            terminal_text(v, limit=1000 if i in whole else PLAIN_WIDTH) if v is not None else ""
            for i, v in enumerate(row)
        ]
        for row in rows
    ]
    widths = [
        max([len(h)] + [len(r[i]) for r in texts]) if i < len(headers) - 1 else 0
        for i, h in enumerate(headers)
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [f"{title} ({len(rows)} rows)", line(headers), line(["-" * len(h) for h in headers])]
    out += [line(r) for r in texts]
    if console.is_terminal or console.record:
        console.print(Text("\n".join(out)), style=style, soft_wrap=True)
    else:  # a file or a pipe: no colour to add, so the lines as they are (Rich's pass over
        # them took 0.13 s a megabyte: a large school's letters list, issue 15)
        console.file.write("\n".join(out) + "\n")
