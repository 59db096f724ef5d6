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


def _print_blocks(
    console: Any, title: str, headers: Sequence[str], shown: list[list[Any]], style: str | None
) -> None:
    """Rows too wide for a table on this terminal: each row a line of its first columns
    (up to the second with a header: a UPN and a name, say) and, indented under it, the
    others as "header: value" (empty ones left out), wrapped between words."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    named = [i for i, h in enumerate(headers) if h]
    lead = named[1] + 1 if len(named) > 1 else 1
    out = Table(
        title=title,
        title_justify="left",
        box=None,
        show_header=False,
        pad_edge=False,
        padding=0,
        expand=True,
    )
    out.add_column(ratio=1, overflow="fold")
    for row in shown:
        out.add_row(Text("  ").join(c for c in row[:lead] if c.plain))
        rest = [
            Text.assemble(f"{h}: " if h else "", c)
            for h, c in zip(headers[lead:], row[lead:], strict=True)
            if c.plain
        ]
        if rest:
            out.add_row(Padding(Text("; ").join(rest), (0, 0, 0, 4)))
    console.print(out, style=style)


def cells(*values: object, limit: int = 80) -> list[Any]:
    """Rich table cells from export values (:func:`terminal_text`, as ``Text``)."""
    from rich.text import Text

    return [Text(terminal_text(v, limit)) for v in values]


#: A word up to this long (a UPN, a code, a letter's name) keeps its column whole in a
#: table; a longer one (a file name) may be folded onto more lines.
SHORT_WORD = 24


def print_rows(
    console: Any,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    style: str | None = None,
    whole: Sequence[int] = (),
    plain: bool | None = None,
    fold: bool = True,
) -> None:
    """Print ``rows`` under ``headers`` with ``title`` on ``console`` (a Rich console).

    ``whole``: the columns whose text is attcli's own (a reason): never cut short.
    ``fold``: False for a table only when every cell fits on one line (else the blocks:
    a reason read whole, not folded into a narrow column).
    ``plain``: plain lines (True) or a Rich table (False); by default, plain lines past
    :data:`RICH_ROWS` rows."""
    from rich.table import Table
    from rich.text import Text

    if not (len(rows) > RICH_ROWS if plain is None else plain):
        table = Table(title=title, title_justify="left")
        shown = [
            [Text(str(v)) if i in whole else cells(v)[0] for i, v in enumerate(row)]
            for row in rows
        ]
        # a table only where each column is as wide as its longest word (a UPN, a file
        # name): narrower, Rich broke a UPN in two, cut a value short with an ellipsis or
        # cropped the table at the terminal's edge; there each row is a block instead
        widths = [
            max([len(w) for r in shown for w in r[i].plain.split()] + [len(h)])
            for i, h in enumerate(headers)
        ]
        if not fold:  # every cell whole on its line, or blocks
            widths = [max([len(r[i].plain) for r in shown] + [len(h)]) for i, h in enumerate(headers)]
        if sum(widths) + 3 * len(widths) + 1 > console.width:
            _print_blocks(console, title, headers, shown, style)
            return
        for i, h in enumerate(headers):
            # a column of short single words (a UPN, a letter's name) is never folded:
            # Rich shares out the width by the cells' whole lengths, and folded
            # 'penalty_notice_warni/ng' beside a long reason (a file name still folds)
            one_word = widths[i] <= SHORT_WORD and all(len(r[i].plain.split()) <= 1 for r in shown)
            table.add_column(
                h, overflow="fold", no_wrap=one_word, min_width=widths[i] if one_word else None
            )
        for row_cells in shown:
            table.add_row(*row_cells)
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
