"""attcli.terminal: a long table is plain aligned lines, one a row, safe for a terminal."""

from __future__ import annotations

import io
import re

from rich.console import Console

from attcli.terminal import PLAIN_WIDTH, RICH_ROWS, print_rows


def _printed(rows, **kw) -> list[str]:
    sink = io.StringIO()
    console = Console(file=sink, width=80, no_color=True)
    print_rows(console, "Letters", ("UPN", "pupil", "why"), rows, **kw)
    return sink.getvalue().splitlines()


def test_a_long_table_is_one_plain_line_a_row_aligned():
    rows = [(f"A{i:012d}", "Ann Smith" if i % 2 else "Bo Li", "held") for i in range(RICH_ROWS + 1)]
    rows[7] = ("A000000000007", "Evil\x1b[2JName", "reason\nsplit")
    lines = _printed(rows)
    assert lines[0] == f"Letters ({RICH_ROWS + 1} rows)"
    # the widest pupil cell is "Evil\ufffd[2JName", 12 characters
    assert lines[1] == "UPN            pupil         why"
    assert len(lines) == 3 + RICH_ROWS + 1  # title, header, rule, one line a row
    # columns padded to the widest cell; no escape sequence reaches the terminal
    assert lines[3] == "A000000000000  Bo Li         held"
    assert "\x1b" not in "\n".join(lines)
    assert lines[10].startswith("A000000000007  Evil\ufffd[2JName  reason split")


def test_a_long_cell_is_cut_at_the_plain_width_but_a_whole_column_is_not():
    long = "x" * 100
    rows = [("A", long, long)] * (RICH_ROWS + 1)
    first = re.split(r"  +", _printed(rows)[3])
    assert len(first[1]) == PLAIN_WIDTH and first[1].endswith("\u2026")
    whole = _printed(rows, whole=(2,))[3]
    assert whole.endswith(long)


def test_a_short_table_is_a_rich_table():
    lines = _printed([("A1", "Ann", "held")])
    assert lines[0].startswith("Letters")
    assert any("┃ UPN" in line or "│ A1" in line for line in lines)


def test_a_long_table_is_the_same_lines_to_a_file_and_coloured_on_a_terminal():
    """To a file or pipe the lines are written as they are; a terminal gets them through
    Rich, in the table's colour: the same text either way."""
    rows = [(f"A{i:012d}", "Ann Smith", "held") for i in range(RICH_ROWS + 1)]
    plain = io.StringIO()
    print_rows(Console(file=plain, width=80), "Held", ("UPN", "pupil", "why"), rows,
               style="yellow")  # fmt: skip
    shown = io.StringIO()
    terminal = Console(file=shown, width=80, force_terminal=True, color_system="standard")
    print_rows(terminal, "Held", ("UPN", "pupil", "why"), rows, style="yellow")
    assert "\x1b" not in plain.getvalue()
    assert "\x1b[33m" in shown.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown.getvalue()) == plain.getvalue()
    assert plain.getvalue().splitlines()[3] == "A000000000000  Ann Smith  held"
