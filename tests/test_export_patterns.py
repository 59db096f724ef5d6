"""``attcli check exports\\*.csv`` typed at a Windows prompt: neither cmd nor PowerShell
expands a pattern for a program, so attcli gets ``exports\\*.csv`` itself.  An export
argument that names no file but holds ``*`` or ``?`` is expanded by attcli, in name order
(as a POSIX shell does); one that names a file is that file, whatever its characters
(``tests/test_file_names_literal.py``); a pattern that matches no file is one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from clirun import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WEEKLY = EXAMPLES / "exports" / "weekly"


def _check(tmp: Path, *exports: str | Path) -> tuple[int, str, dict | None]:
    out = tmp / "out.json"
    out.unlink(missing_ok=True)
    code, _, err = run_cli(
        "check", *exports, "--config", EXAMPLES / "attcli.toml", "--as-of", "2027-01-22",
        "--format", "json", "-o", out,
    )  # fmt: skip
    return code, err, json.loads(out.read_text("utf-8")) if code == 0 else None


def test_a_pattern_the_shell_left_alone_reads_the_files_it_matches(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    names = sorted(p.name for p in WEEKLY.glob("*.csv"))
    assert len(names) >= 3
    for n in names:
        shutil.copy(WEEKLY / n, folder / n)
    (folder / "notes.txt").write_text("not an export", encoding="utf-8")
    code, err, by_pattern = _check(tmp_path, f"{folder}/*.csv")
    assert code == 0, err
    code, err, listed = _check(tmp_path, *(folder / n for n in names))
    assert code == 0, err
    assert by_pattern == listed
    # one week's export by a ? pattern, the same as by its name
    one = names[0]
    code, err, by_mark = _check(tmp_path, str(folder / one).replace(one[-6], "?", 1))
    assert code == 0, err
    assert by_mark == _check(tmp_path, folder / one)[2]


def test_a_pattern_that_matches_no_file_is_one_line(tmp_path: Path) -> None:
    code, out, err = run_cli("check", f"{tmp_path}/*.csv", "--config", EXAMPLES / "attcli.toml")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {tmp_path}/*.csv: no file matches this pattern; give the export files, or "
        "a pattern that matches them (exports/*.csv)\n"
    ), err


def test_standard_input_is_named_as_such() -> None:
    # `attcli check -` (or `... | attcli check -`): a dash is no file; it had said "no such
    # file", as if a file named '-' were missing
    code, out, err = run_cli("check", "-", "--config", EXAMPLES / "attcli.toml")
    assert (code, out) == (1, "")
    assert err == (
        "error: -: attcli reads export files, not standard input: save the export to a file "
        "and give its name\n"
    ), err
