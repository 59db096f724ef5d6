"""An output file that cannot be written is said before the register is read.

At 100,000 pupils a check takes half a minute: a command that found only at the end
that its ``-o FILE`` already exists (no ``--force``), or names a folder, or a folder
that does not exist, wasted that half minute and said nothing the start could not
have said.  Each command that writes one file is given a register that does not exist
and an output it cannot write: the output's error is the one said, so the output was
looked at first.  (The commands that checked it first before, ``report`` and
``la-return``, are here too, so all of them say it the same way.)
"""

from __future__ import annotations

import pytest

from clirun import run_cli
from school import make_workspace

# each command's line, OUT where its output file goes
COMMANDS = [
    ["check", "{reg}", "--format", "json", "-o", "{out}"],
    ["check", "{reg}", "--format", "xlsx", "-o", "{out}"],
    ["cme", "{reg}", "--format", "json", "-o", "{out}"],
    ["register-check", "{reg}", "--term", "autumn", "-o", "{out}"],
    ["cases", "{reg}", "--format", "json", "-o", "{out}"],
    ["summary", "{reg}", "-o", "{out}"],
    ["report", "{reg}", "-o", "{out}"],
    ["la-return", "{reg}", "--month", "2026-10", "-o", "{out}"],
    ["evidence", "A123456789012", "{reg}", "--for", "penalty-notice", "--contacts", "{reg}",
     "--draft", "-o", "{out}"],
]
ENDINGS = {"xlsx": ".xlsx", "register-check": ".xlsx", "la-return": ".xlsx", "report": ".html",
           "evidence": ".pdf"}  # fmt: skip


def _line(cmd: list[str], reg, out) -> list[str]:  # type: ignore[no-untyped-def]
    return [part.format(reg=reg, out=out) for part in cmd]


def _ending(cmd: list[str]) -> str:
    for key in (cmd[3] if len(cmd) > 3 else "", cmd[0]):
        if key in ENDINGS:
            return ENDINGS[key]
    return ".json"


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:4]))
def test_an_existing_output_is_refused_before_the_register_is_read(tmp_path, capsys, cmd):
    ws = make_workspace(tmp_path / "ws").parent
    out = tmp_path / f"out{_ending(cmd)}"
    out.write_bytes(b"last week's file")
    reg = tmp_path / "no-such-export.csv"  # read first, this would be the error
    code, _, err = run_cli("--workspace", ws, *_line(cmd, reg, out))
    assert (code, err.strip()) == (1, f"error: {out} already exists; use --force to replace it")
    assert out.read_bytes() == b"last week's file"


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:4]))
def test_an_output_in_a_missing_folder_is_refused_before_the_register_is_read(
    tmp_path, capsys, cmd
):
    ws = make_workspace(tmp_path / "ws").parent
    out = tmp_path / "no-such-folder" / f"out{_ending(cmd)}"
    reg = tmp_path / "no-such-export.csv"
    code, _, err = run_cli("--workspace", ws, *_line(cmd, reg, out))
    assert (code, err.strip()) == (
        1, f"error: the folder {out.parent} does not exist: make it first, or give a folder "
        "that exists"
    )  # fmt: skip
