"""Tables on a terminal: Rich for a screenful, plain aligned lines for a long list.

Rich measures and wraps every cell of a table, about 2 ms a row: the 10,000 rows of a
large school's dry run of letters took 25 s to print (issue 15).  Past
:data:`RICH_ROWS` rows a table is printed as plain lines, each column padded to its
widest cell (at most :data:`PLAIN_WIDTH` characters, longer values ending in an
ellipsis), linear in the number of rows.  Every value from an export is made safe for a
terminal first (:func:`terminal_text`).

What reaches the terminal is made safe twice over: every message line (a note, a
warning, a line naming a pupil) is printed by :func:`print_line` (``cliutil.say`` and
``cliutil.print_notes`` for the command's consoles), which shows it through
:func:`terminal_text`; and attcli's consoles (``cliutil.SafeConsole``) pass the text of
everything they print through :func:`screen_text`, so a print path that forgets cannot
write an escape sequence from an export (docs/decisions.md, "Hostile values").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from attcli.output import BIDI_CONTROLS

#: Longest value a terminal table shows from an export (the files keep every character).
NAME_WIDTH = 60
#: Up to this many rows a table is a Rich table.
RICH_ROWS = 500
#: The widest a column of a plain table gets.
PLAIN_WIDTH = 40

#: how the commands' tables show a band, a pupil's group and a UPN on a terminal
BAND_STYLE = {"green": "green", "amber": "yellow", "red": "red", "severe": "bold red"}
GROUP_WIDTH = 8
UPN_WIDTH = 14


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


#: A message line longer than this ends in an ellipsis (a note naming a pupil is well
#: under it; a 5,000-character name from a corrupt export is not).
LINE_WIDTH = 2000


def print_line(
    console: Any, line: str, style: str | None = None, *, together: Sequence[str] = ()
) -> None:
    """One message line (a note, a warning, a line naming a pupil) on ``console``: shown
    through :func:`terminal_text` (an ESC in a name from an export is U+FFFD, an override
    dropped), never read as Rich markup, in ``style``; ``together``: words of the line
    never broken between (:func:`wrapped`)."""
    from rich.text import Text

    text = terminal_text(line, LINE_WIDTH)
    indent = len(text) - len(text.lstrip(" "))
    if (indent or together) and "\n" not in text and len(text) > console.width > indent + 20:
        # an indented line (an item of a list said line by line: a pack's problems) wraps
        # under itself, between words; left to Rich its second line began at the left
        # edge, read as a line of its own (a word longer than a line is left whole)
        for part in wrapped(text, console.width, together=together):
            console.print(Text(part, style=style or ""), highlight=False, soft_wrap=True)
        return
    console.print(Text(text, style=style or ""), highlight=False)


#: The spaces a line never breaks at: a date and its session ("14/10/2026 AM", "14/10 AM"),
#: a session and the mark after it in a list of sessions ("AM N, PM C2;": sweep looks4), a
#: figure and its "%", "GBP 80" (wrapped, they read as a line of their own: "AM", "%", "N;");
#: "UPN" and its UPN, "Year" and its year, "born" and the date, a date and its time
#: ("05/12/2026 16:23": sweep looks5); a count, the code it counts and the first word of
#: the code's meaning ("8 I (illness)", "3 M (medical ...)": "8" / "I (illness)" read as
#: a figure of the line before; sweep looks11)
_KEPT_SPACE_RE = (
    r"(?<=\d\d/\d\d/\d{4}) (?=(?:AM|PM)\b)|(?<=\b\d\d/\d\d) (?=(?:AM|PM)\b)"
    r"|(?<=\b(?:AM|PM)) (?=[^\s,;]{1,2}(?:[,;]|$))|(?<=\d) (?=%)|(?<=GBP) (?=\d)"
    r"|(?<=\bUPN) (?=\S)|(?<=\bYear) (?=\w{1,2}\b)|(?<=\bborn) (?=\d)"
    r"|(?<=\d\d/\d\d/\d{4}) (?=\d\d:\d\d\b)"
    r"|(?<=\b\d) (?=[A-Z][A-Z0-9]? \()|(?<=\b\d\d) (?=[A-Z][A-Z0-9]? \()"
    r"|(?<=\b\d [A-Z]) (?=\()|(?<=\b\d [A-Z][A-Z0-9]) (?=\()"
    r"|(?<=\b\d\d [A-Z]) (?=\()|(?<=\b\d\d [A-Z][A-Z0-9]) (?=\()"
)
_KEPT_SPACE = re.compile(_KEPT_SPACE_RE)
#: A name in quotes, as a message quotes a column's header ('Wed 09/09/2026 Reg', or
#: "D'Arcy Reg" when it holds an apostrophe): never broken across two lines (sweep looks5),
#: read whole or not at all.  The opening quote follows a space or a bracket (the
#: apostrophe of "period's" or "O'Brien" opens none), the closing one comes before a space,
#: punctuation or the end; a name longer than :data:`NAME_WIDTH` wraps as words do.
_QUOTED_RE = (
    r"(?<![^\s(\[])'[^'\s](?:[^'\n]{0,58}[^'\s])?'(?=[\s,.;:)\]]|$)"
    r'|(?<![^\s(\[])"[^"\s](?:[^"\n]{0,58}[^"\s])?"(?=[\s,.;:)\]]|$)'
)
_QUOTED = re.compile(_QUOTED_RE)
#: Spaces no line breaks at: the no-break space (Excel's, in a name from an export), the
#: narrow and figure ones, the word joiner
_NO_BREAK = "\u00a0\u202f\u2007\u2060"


def keep_units_whole() -> None:
    """Rich wraps a table's cell and a printed line at any whitespace (``rich._wrap``'s
    ``re_word``, ``\\s*\\S+\\s*``: a no-break space is ``\\s`` to Python), so "92" over
    "%", "14/10/2026" over "AM", "GBP" over "80" at some width of every table.  Its word
    pattern is made to hold the spaces :func:`wrapped` keeps (:data:`_KEPT_SPACE_RE`, one
    rule for both) and the no-break spaces inside a word; called by every console attcli
    prints to (``cliutil.SafeConsole``).  Rich has no setting for it; should a release of
    Rich move the pattern, tests/test_sweep_leftovers7.py fails (sweep leftovers7)."""
    try:
        from rich import _wrap
    except ImportError:  # (a Rich that moved it: its own wrapping, never a failed command)
        return
    if not hasattr(_wrap, "re_word"):
        return
    _wrap.re_word = _WORD


#: what stands for a kept space while the line is wrapped (textwrap breaks at ASCII
#: whitespace only; a private-use character no export's text is wrapped with)
_KEPT = "\ue000"


def wrapped(
    line: str, width: int, *, together: Sequence[str] = (), hang: int = 0
) -> list[str]:
    """``line`` wrapped between words to ``width``, each continuation indented as the line
    is (and ``hang`` spaces more: an item of a list whose wrapped part must not read as the
    next item), never between a date and its session or a figure and its unit (:data:`_KEPT_SPACE`),
    inside a quoted name (:data:`_QUOTED`) or inside one of the words ``together`` (a code
    and its count: "O 1"); a word longer than a line (a URL) is never cut: it is left whole
    on a line of its own, for the terminal to show, so it can still be copied."""
    import textwrap

    indent = " " * (len(line) - len(line.lstrip(" ")))
    kept = "" if _KEPT in line else _KEPT
    text = line.lstrip(" ")
    if kept:
        text = _QUOTED.sub(lambda m: m.group(0).replace(" ", kept), _KEPT_SPACE.sub(kept, text))
        for words in together:
            text = text.replace(words, words.replace(" ", kept))
    return [
        part.replace(_KEPT, " ") if kept else part
        for part in textwrap.wrap(
            text, width, initial_indent=indent, subsequent_indent=indent + " " * hang,
            break_long_words=False, break_on_hyphens=False,
        ) or [""]
    ]  # fmt: skip


#: What a console never writes from the text it prints: C0 controls but tab and line feed
#: (ESC starts an escape sequence; CR goes back to the start of the line, to write over
#: it), DEL and the C1 controls (U+009B is CSI, an ESC [ in one character).
_SCREEN_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def screen_text(text: str) -> str:
    """``text`` as a terminal may be sent it, its lines and layout kept: each control
    character but tab and line feed becomes U+FFFD, bidirectional overrides are dropped.
    The last guard: attcli's consoles pass everything they print through it
    (``cliutil.SafeConsole``), and stdout gets CSV through it on a terminal."""
    if text.isascii() and text.isprintable():
        return text
    return _SCREEN_UNSAFE.sub("\ufffd", BIDI_CONTROLS.sub("", text))


def _print_blocks(
    console: Any, title: str, headers: Sequence[str], shown: list[list[Any]], style: str | None
) -> None:
    """Rows too wide for a table on this terminal: each row a line of its first columns
    (up to the second with a header: a UPN and a name, say) and, indented under it, the
    others as "header: value" (empty ones left out), wrapped between words."""
    from rich.cells import cell_len
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    named = [i for i, h in enumerate(headers) if h]
    lead = named[1] + 1 if len(named) > 1 else 1
    # a first column with no header is a mark ("NEW"): where one row has it, the others
    # get as many spaces, so their UPNs stand under each other (an empty mark was left
    # out, the UPN at the left edge beside "NEW  " and a UPN: sweep leftovers20)
    mark = max((cell_len(r[0].plain) for r in shown), default=0) if lead > 1 and not headers[0] else 0
    if mark:
        shown = [[c if i or c.plain else Text(" " * mark) for i, c in enumerate(r)] for r in shown]
    # the same blocks, wrapped as plain text (linear); a line break in attcli's own text
    # (which Rich keeps) leaves them to Rich
    if len(shown) > RICH_ROWS and not any("\n" in c.plain for row in shown for c in row):
        _emit(console, _block_lines(title, headers, shown, lead, console.width), style)
        return
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
        out.add_row(_lead_row(row[:lead], console.width))
        rest = [
            Text.assemble(f"{h}: " if h else "", c)
            for h, c in zip(headers[lead:], row[lead:], strict=True)
            if c.plain
        ]
        if rest:
            out.add_row(Padding(Text("; ").join(rest), (0, 0, 0, 4)))
    console.print(out, style=style)


def _lead_row(cells: Sequence[Any], width: int) -> Any:
    """A block's first line (its lead cells, the empty left out: a UPN, a name): the
    cells after the first wrapped under their own column, not back at the left edge
    ("W999290026002  Wolfeschlegelsteinhausen-...," over "Anastasia-..." under the UPN
    read as another row: sweep leftovers8), when the first takes at most half the line;
    else the cells as one text, wrapped."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    first, *more = [c for c in cells if c.plain] or [Text("")]
    if not more or cell_len(first.plain) + 2 > width // 2:
        return Text("  ").join([first, *more])
    grid = Table.grid(padding=(0, 2, 0, 0), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(first, Text("  ").join(more))
    return grid


def _block_lines(
    title: str, headers: Sequence[str], shown: list[list[Any]], lead: int, width: int
) -> list[str]:
    """:func:`_print_blocks`' blocks as lines of text, wrapped as Rich wraps them
    (:func:`_wrap`): Rich laid out 4,800 held rows of a large school's casebook in 3.7 s
    (issue 15); the rows past :data:`RICH_ROWS` come here."""
    from rich.cells import cell_len

    lines = [title]
    for row in shown:
        first, *more = [c.plain for c in row[:lead] if c.plain] or [""]
        hang = cell_len(first) + 2
        if more and hang <= width // 2:  # (as _lead_row: the rest under its column)
            rest = _wrap("  ".join(more), width - hang)
            lines += [f"{first}  {rest[0]}", *(" " * hang + ln for ln in rest[1:])]
        else:
            lines += _wrap("  ".join([first, *more]), width)
        rest = "; ".join(
            f"{h}: {c.plain}" if h else c.plain
            for h, c in zip(headers[lead:], row[lead:], strict=True)
            if c.plain
        )
        if rest:
            lines += ["    " + line for line in _wrap(rest, width - 4)]
    return lines


#: a word as Rich breaks a line into them once :func:`keep_units_whole` has run (every
#: console attcli prints to): its own ``\s*\S+\s*`` holding the spaces :func:`wrapped`
#: keeps and the no-break spaces, so :func:`_wrap` breaks where Rich does ("8 I
#: (illness)" whole in both; sweep looks11)
_WORD = re.compile(
    rf"[^\S{_NO_BREAK}]*(?:{_QUOTED_RE}|{_KEPT_SPACE_RE}|[^\s]|[{_NO_BREAK}])+[^\S{_NO_BREAK}]*"
)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between words as a Rich table
    cell breaks it (``rich._wrap.divide_line``, Rich's own and private, followed step by
    step): a word that does not fit goes to the next line, and one longer than a line is
    folded, filling lines from the next one; wide characters count two cells."""
    from rich.cells import cell_len, chop_cells

    width = max(width, 1)
    breaks: list[int] = []
    offset = 0
    for m in _WORD.finditer(text):
        start, word = m.start(), m.group(0)
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            pieces = chop_cells(word, width)
            for i, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if i == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    ends = [*breaks, len(text)]
    return [text[a:b].rstrip() for a, b in zip([0, *breaks], ends, strict=True)]


def _emit(console: Any, lines: list[str], style: str | None) -> None:
    """Lines of plain text on ``console``: through Rich on a terminal (colour) or when it
    records, else written as they are (Rich's pass over them took 0.13 s a megabyte: a large
    school's letters list, issue 15)."""
    from rich.text import Text

    if console.is_terminal or console.record:
        console.print(Text("\n".join(lines)), style=style, soft_wrap=True)
    else:
        console.file.write(screen_text("\n".join(lines)) + "\n")


def cells_of(text: str) -> int:
    """The terminal cells ``text`` takes, as Rich counts them (``rich.cells.cell_len``):
    a character of printable ASCII takes one, so such a text (nearly every cell of a
    long list) is its length, with no call into Rich (issue 15: 0.1 s of a large
    school's letters list, whose UPNs and file names Rich's cache of widths never held)."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def in_cells(text: str, width: int) -> str:
    """``text`` in at most ``width`` terminal cells (a wide character, Chinese or Japanese,
    takes two): longer, cut to fit with an ellipsis as its last cell."""
    from rich.cells import cell_len

    if (text.isascii() and len(text) <= width) or cell_len(text) <= width:
        return text
    out, used = [], 1  # the ellipsis' cell
    for ch in text:
        used += cell_len(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out).rstrip() + "\u2026"


def cells(*values: object, limit: int = 80) -> list[Any]:
    """Rich table cells from export values (:func:`terminal_text`, as ``Text``)."""
    from rich.text import Text

    return [Text(terminal_text(v, limit)) for v in values]


#: A word up to this long (a UPN, a code, a letter's name) keeps its column whole in a
#: table; a longer one (a file name) may be folded onto more lines.
SHORT_WORD = 24
#: The fewest cells a column of attcli's own sentences (a reason) gets in a table, or its
#: longest value if shorter: narrower, each row is a block (at 80 columns the letters'
#: held list gave a reason 18 cells, 31 lines for one pupil).
READ_WIDTH = 30


def live_and_void(title: str, live: int, listed: int) -> str:
    """A list's title with its count of records that may be void: "title: 2", or "title: 1
    (and 1 void)" when the list shows void ones too (``pn list``, ``case list``: the count
    is of the rows listed); "title" alone when it lists none, for :func:`print_rows` to say
    "title: none" (it said "title: 0: none")."""
    if not listed:
        return title
    return f"{title}: {live}" + (f" (and {listed - live} void)" if listed > live else "")


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
    spelt: Mapping[str, str] | None = None,
) -> None:
    """Print ``rows`` under ``headers`` with ``title`` on ``console`` (a Rich console).

    ``spelt``: a short heading's words where each row is a block ("att." ->
    "attendance"): a block has the room a table's column has not.

    ``whole``: the columns whose text is attcli's own (a reason): never cut short.
    ``fold``: False for a table only when every cell fits on one line (else the blocks:
    a reason read whole, not folded into a narrow column).
    ``plain``: plain lines (True) or a Rich table (False); by default, plain lines past
    :data:`RICH_ROWS` rows."""
    from rich.table import Table
    from rich.text import Text

    if not rows:  # an empty table folded its title to the headers' width: one line instead
        console.print(Text(f"{title}: none"), style=style)
        return
    if not (len(rows) > RICH_ROWS if plain is None else plain):
        from rich.cells import cell_len

        # (the title is a line of its own, wrapped at the terminal's edge: as the table's
        # title Rich wrapped it at the table's, a narrow table's long title on two lines
        # broken at column 48 of 80; sweep looks5)
        table = Table()
        shown = [
            [Text(str(v)) if i in whole else cells(v)[0] for i, v in enumerate(row)]
            for row in rows
        ]
        # a table only where each column is as wide as its longest word (a UPN, a file
        # name): narrower, Rich broke a UPN in two, cut a value short with an ellipsis or
        # cropped the table at the terminal's edge; there each row is a block instead
        widths = [
            max([cell_len(w) for r in shown for w in r[i].plain.split()] + [cell_len(h)])
            for i, h in enumerate(headers)
        ]
        if not fold:  # every cell whole on its line, or blocks
            widths = [max([cell_len(r[i].plain) for r in shown] + [cell_len(h)]) for i, h in enumerate(headers)]
        # a sentence of attcli's own is read across a line, not down a sliver of a column:
        # it gets READ_WIDTH cells, and as Rich narrows the widest column first, the others
        # keep their whole values beside it (else Rich cropped the table at the edge)
        reading = {
            i: min(READ_WIDTH, max(cell_len(r[i].plain) for r in shown)) for i in whole
        }
        if any(reading[i] > widths[i] for i in reading):
            widths = [
                max(reading[i], widths[i]) if i in reading
                else max([cell_len(r[i].plain) for r in shown] + [widths[i]])
                for i in range(len(headers))
            ]
        # a header of words over one-word values narrower than it wraps between its words
        # in a table too wide to be natural (below): what it needs is its longest word
        widths = [
            max([cell_len(w) for w in h.split()] + [cell_len(r[i].plain) for r in shown])
            if i not in whole and " " in h.strip() and all(len(r[i].plain.split()) <= 1 for r in shown)
            else w
            for i, (h, w) in enumerate(zip(headers, widths, strict=True))
        ]
        if sum(widths) + 3 * len(widths) + 1 > console.width:
            said = [(spelt or {}).get(h, h) for h in headers]
            _print_blocks(console, title, said, shown, style)
            return
        # the table at its natural width, each column as wide as its header and its longest
        # value: too wide for the terminal, Rich must wrap something
        squeezed = (
            sum(max([cell_len(h)] + [cell_len(r[i].plain) for r in shown]) for i, h in enumerate(headers))
            + 3 * len(headers) + 1 > console.width
        )  # fmt: skip
        for i, h in enumerate(headers):
            # a column of short single words (a UPN, a letter's name) is never folded:
            # Rich shares out the width by the cells' whole lengths, and folded
            # 'penalty_notice_warni/ng' beside a long reason (a file name still folds)
            one_word = widths[i] <= SHORT_WORD and all(len(r[i].plain.split()) <= 1 for r in shown)
            # a header of words over shorter one-word values ("median change (points)" over
            # "+1.50") wraps between its words: kept whole, it took the width a column of
            # text (the stage's name) needed, which then wrapped over four lines
            values = max([cell_len(r[i].plain) for r in shown] + [0])
            header_words = max(cell_len(w) for w in h.split()) if h.strip() else 0
            narrow = (
                squeezed and one_word and " " in h.strip() and values < len(h) and i not in whole
                and max(values, header_words) < len(h)
            )  # fmt: skip
            table.add_column(
                h, overflow="fold", no_wrap=one_word and not narrow,
                min_width=(
                    max(values, header_words) if narrow
                    else widths[i] if one_word or i in reading else None
                ),
                max_width=max(values, header_words) if narrow else None,
            )  # fmt: skip
        for row_cells in shown:
            table.add_row(*row_cells)
        console.print(Text(title, style="table.title"), style=style)
        console.print(table, style=style)
        return
    texts = [
        [
            in_cells(terminal_text(v, limit=1000), 1000 if i in whole else PLAIN_WIDTH)
            if v is not None
            else ""
            for i, v in enumerate(row)
        ]
        for row in rows
    ]
    # widths and padding in the terminal's cells: a Chinese or Japanese character takes two
    widths = [
        max([cells_of(h)] + [cells_of(r[i]) for r in texts]) if i < len(headers) - 1 else 0
        for i, h in enumerate(headers)
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v + " " * (w - cells_of(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    out = [f"{title} ({len(rows)} rows)", line(headers), line(["-" * len(h) for h in headers])]
    out += [line(r) for r in texts]
    _emit(console, out, style)
