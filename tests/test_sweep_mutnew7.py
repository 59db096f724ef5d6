"""Sweep of 6 December (fourth), mutnew7: mutation testing of the day's new decision code.

Each test kills a mutant no earlier test killed (the table in docs/decisions.md, heading
"... (sweep of 6 December (fourth), mutnew7)"); the answers are worked by hand from
DOMAIN.md and from what a shell reads.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from attcli import output
from attcli.errors import sentence
from attcli.output import command_arg, note_cell


def test_a_note_begun_with_a_word_then_a_file_s_longer_name_is_begun_as_a_sentence() -> None:
    """errors.sentence keeps a note small when it begins with a file's name, and only
    then: "keep autumn.csv.bak ..." begins with a verb, the file's name ending in .bak,
    not .csv (the ending must end the name: the mutant without the look-ahead read
    "keep autumn.csv" as a name and left the sentence small)."""
    assert sentence("keep autumn.csv.bak as it is") == "Keep autumn.csv.bak as it is"
    assert sentence("autumn (1).csv holds the same bytes") == "autumn (1).csv holds the same bytes"


def _bash_reads(word: str) -> str:
    """What bash makes of ``word`` as one argument (printf's %s of it, as bytes)."""
    got = subprocess.run(
        ["bash", "-c", f"printf %s {word}"], capture_output=True, check=True
    ).stdout
    return got.decode("utf-8", "surrogateescape")


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
@pytest.mark.parametrize(
    "path",
    [
        "/tmp/it's\nhere",  # a quote and a backslash beside a line break
        "C:\\x\tdata\\it's",
        "/tmp/a\x80b",  # a C1 control: \\u0080, not the byte \\x80
        "/tmp/line\u2028sep and\u00a0nbsp",  # a Unicode line separator, a no-break space
    ],
)
def test_a_path_with_a_control_in_a_command_to_paste_is_one_line_and_names_that_path(
    monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """output.command_arg's $'...' form: bash reads the word back as the very path (a
    quote or a backslash in it escaped, else the word ends early or a \\n is read as a
    line break's escape; U+0080 as \\u0080, as \\x80 is a byte that is no character), and
    the word shows on one line, holding nothing but printable ASCII and spaces (a raw
    U+2028 is a line break to a terminal that shows it)."""
    monkeypatch.setattr(output, "WINDOWS", False)
    word = command_arg(path)
    assert word.startswith("$'") and word.endswith("'")
    assert all(" " <= c <= "~" for c in word), word
    assert _bash_reads(word) == path


def test_a_note_in_a_workbook_cell_that_reads_as_a_formula_is_made_safe() -> None:
    """output.note_cell is safe_cell's defence too: a note beginning "=" (an export's
    file or school name at its start) is given an apostrophe before it, so a spreadsheet
    shows it and runs nothing; a plain note is begun as a sentence."""
    assert note_cell("=HYPERLINK(\"http://x\",\"y\") holds marks") == (
        "'=HYPERLINK(\"http://x\",\"y\") holds marks"
    )
    assert note_cell("register problems from 1 export") == "Register problems from 1 export"
    assert note_cell(3) == 3
