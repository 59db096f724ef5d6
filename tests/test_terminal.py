"""attcli.terminal: a long table is plain aligned lines, one a row, safe for a terminal."""

from __future__ import annotations

import io
import re

from rich.cells import cell_len
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


LETTER_HEADERS = ("UPN", "pupil", "letter", "to", "status", "file")
LETTER_ROW = (
    "L999290719909",
    "Harvey Doyle",
    "penalty_notice_warning",
    "Mrs Joanne Doyle",
    "would write",
    "L999290719909_Doyle_Harvey_penalty_notice_warning.pdf",
)


def _rich(width: int, headers=LETTER_HEADERS, rows=(LETTER_ROW,)) -> list[str]:
    sink = io.StringIO()
    print_rows(Console(file=sink, width=width, no_color=True), "Letters", headers, rows)
    return [line.rstrip() for line in sink.getvalue().splitlines()]


def test_a_short_table_folds_a_long_value_and_never_cuts_it_short():
    """Where every column is as wide as its longest word, a table: a value too long for
    its column is folded onto more lines, never ended with an ellipsis nor cropped at the
    terminal's edge; the UPN stays whole on its line, every character of the file name is
    shown."""
    lines = _rich(140)
    assert not any("\u2026" in line for line in lines)
    assert all(len(line) <= 140 and line[-1] in "┓┃┩│┘" for line in lines[1:])
    assert lines[4].startswith("│ L999290719909 │ Harvey Doyle │ penalty_notice_warning │")
    assert "".join(ln.split("│")[6].strip() for ln in lines[4:-1]) == LETTER_ROW[5]


def test_rows_too_wide_for_a_table_are_blocks_with_every_value():
    """Where the columns cannot each be as wide as their longest word (the file name's
    53 characters do not fit beside the others in 120 columns), each row is a line of
    its first two columns and, indented under it, the others as "header: value",
    wrapped between words: no UPN broken in two, no value cut short, nothing cropped."""
    assert _rich(120) == [
        "Letters",
        "L999290719909  Harvey Doyle",
        "    letter: penalty_notice_warning; to: Mrs Joanne Doyle; status: would write; file:",
        "    L999290719909_Doyle_Harvey_penalty_notice_warning.pdf",
    ]
    assert _rich(70) == [
        "Letters",
        "L999290719909  Harvey Doyle",
        "    letter: penalty_notice_warning; to: Mrs Joanne Doyle; status:",
        "    would write; file:",
        "    L999290719909_Doyle_Harvey_penalty_notice_warning.pdf",
    ]
    # a marker column with no header joins the first line; an empty value is left out
    lines = _rich(30, ("", "UPN", "name", "step", "due"), [("NEW", "A1", "Ann Li", "", "now")])
    assert lines == ["Letters", "NEW  A1  Ann Li", "    due: now"]


def test_a_column_of_single_words_is_never_folded_beside_a_long_reason():
    """At 80 columns the 'No usable contact' table folded 'penalty_notice_warni/ng' (Rich
    shares the width out by the cells' whole lengths); the reason wraps instead, and the
    table keeps its right edge."""
    row = ("Q999290818915", "Oliwia Kowalska", "penalty_notice_warning",
           "no contact with parental responsibility and a postal address or email")  # fmt: skip
    lines = _rich(80, ("UPN", "pupil", "letter", "why"), [row])
    assert any("│ penalty_notice_warning │" in line for line in lines)
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].endswith("┓") and lines[-1].endswith("┘")


def test_many_rows_too_wide_for_a_table_are_the_same_blocks_without_rich():
    """Issue 15: past RICH_ROWS rows the blocks are wrapped as plain text (Rich laid out a
    large school's 4,800 held rows in 3.7 s): the same lines as Rich's blocks, at every
    width, for words longer than a line, empty cells, a blank first column and names in
    any script (each row printed by Rich alone and all of them plainly, compared)."""
    from attcli import terminal

    # (Rich's word pattern as every console of attcli's has it: the spaces kept, "13 M
    # (medical" whole; sweep looks11)
    terminal.keep_units_whole()
    headers = ("", "UPN", "name", "form", "att.", "step", "held for review")
    rows = [
        ("NEW", "A100000000001", "Ali, Ava", "7A", "48.4%", "severe",
         "123 of 194 absence sessions this school year are I, M or C: 105 I (illness), "
         "13 M (medical or dental appointment), 5 C (leave for exceptional circumstances)"),
        ("", "B100000000002", "Ó Súilleabháin-Nakamura, Zoë Ngozi", "", "90.0%", "amber",
         "L999290719909_Doyle_Harvey_penalty_notice_warning_a_very_long_file_name.pdf"),
        ("", "C100000000003", "Li, Mei", "10G", "", "red", ""),
        ("", "", "李, 小龍", "11H", "89.9%", "red", "12 of 12 are C2  (part-time  timetable)"),
        ("", "D100000000004", "x" * 130, "8B", "50.0%", "severe", "y " * 70),
    ]
    broken = ("", "E100000000005", "Ali, Ava", "7A", "48.4%", "red", "two\nlines")
    from rich.text import Text

    def shown(row):  # the cells as print_rows makes them (5, 6: whole)
        return [Text(v) if i in (5, 6) else terminal.cells(v)[0] for i, v in enumerate(row)]

    many = rows * (RICH_ROWS // len(rows) + 1)
    assert RICH_ROWS < len(many)
    blocks = {}
    for width in (30, 60, 80, 81, 120, 200):
        one_by_one = []
        for row in rows:  # Rich's blocks, a row at a time
            sink = io.StringIO()
            # (a row with no NEW among rows with one gets as many spaces: sweep leftovers20)
            alone = [shown(("   ", *row[1:]) if not row[0] else row)]
            terminal._print_blocks(Console(file=sink, width=width, no_color=True), "Held",
                                   headers, alone, None)  # fmt: skip
            # (each under its title; Rich pads a line with spaces a file may keep)
            one_by_one += [line.rstrip() for line in sink.getvalue().splitlines()[1:]]
        sink = io.StringIO()
        terminal._print_blocks(Console(file=sink, width=width, no_color=True), "Held",
                               headers, [shown(r) for r in many], None)  # fmt: skip
        lines = sink.getvalue().splitlines()
        assert lines[0] == "Held"
        assert lines[1:] == one_by_one * (len(many) // len(rows)), width
        assert max(cell_len(line) for line in lines) <= width
        blocks[width] = one_by_one
    # a line break in attcli's own text (a whole column) is kept, as Rich keeps it
    sink = io.StringIO()
    terminal._print_blocks(Console(file=sink, width=80, no_color=True), "Held", headers,
                           [shown(broken)] * (RICH_ROWS + 1), None)  # fmt: skip
    assert [line.rstrip() for line in sink.getvalue().splitlines()[1:4]] == [
        "E100000000005  Ali, Ava",
        "    form: 7A; att.: 48.4%; step: red; held for review: two",
        "    lines",
    ]
    # a casebook's held list in 80 columns: blocks, past RICH_ROWS plain
    sink = io.StringIO()
    print_rows(Console(file=sink, width=80, no_color=True), "Held", headers, many,
               whole=(5, 6), plain=False, fold=False)  # fmt: skip
    assert sink.getvalue().splitlines()[1:] == blocks[80] * (len(many) // len(rows))
