"""A config written on Windows, in Notepad, by office staff (docs/decisions.md, "A config
written on Windows").

- A Windows path in double quotes: TOML reads a backslash there as an escape, so
  ``"C:\\Users\\office"`` is not TOML at all (``\\U`` wants eight hex digits) and
  ``"C:\\new"`` is silently ``C:`` + a new line + ``ew``: a folder that "does not exist"
  when it does.  Both are named as what they are, with the line and how to write it.
- A UTF-8 file with a byte-order mark (Notepad's "UTF-8 with BOM") is UTF-8: read.
- A UTF-16 file (Notepad's "Unicode") is named as such, with what to save it as.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from attcli.config import parse_config
from attcli.errors import ConfigError
from clirun import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    "path",
    [
        r"C:\Users\office\letters",  # \U: not TOML
        r"C:\office\letters",  # \o: not TOML
        r"\\server\share\letters",  # \s after the UNC's escaped backslash
        r"C:\new",  # \n: TOML, a new line
        r"C:\temp\letters",  # \t: TOML, a tab
        r"D:\bin",  # \b: TOML, a backspace
    ],
)
def test_a_windows_path_in_double_quotes_is_named_with_how_to_write_it(path: str) -> None:
    text = f'[school]\nname = "Oakfield"\n\n[letters]\ntemplates = "{path}"\n'
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    msg = str(exc.value)
    assert msg == (
        f"config key 'letters.templates': line 5, \"{path}\" is in double quotes, where a "
        f"backslash starts an escape (\\n, \\t, \\U...): write a Windows path in single "
        f"quotes, templates = '{path}', or with forward slashes"
    ), msg


def test_the_same_paths_in_single_quotes_or_forward_slashes_are_read_as_written() -> None:
    cfg = parse_config("[letters]\ntemplates = 'C:\\new'\nfonts = \"C:/Users/office/fonts\"\n")
    assert dict(cfg.sections["letters"]) == {"templates": "C:\\new", "fonts": "C:/Users/office/fonts"}


def test_an_escape_in_text_that_is_no_path_is_left_to_toml() -> None:
    # a line break asked for on purpose in a letter's closing words is not a path
    cfg = parse_config('[letters]\nclosing = "Yours sincerely,\\nThe attendance team"\n')
    assert cfg.sections["letters"]["closing"] == "Yours sincerely,\nThe attendance team"


def _check(tmp_path: Path, data: bytes) -> tuple[int, str, str]:
    (tmp_path / "attcli.toml").write_bytes(data)
    export = tmp_path / "export.csv"
    shutil.copy(EXAMPLES / "exports" / "arbor_autumn_2026.csv", export)
    return run_cli(
        "check", export, "--config", tmp_path / "attcli.toml", "--as-of", "2026-11-27",
        "--format", "json", "-o", tmp_path / "out.json",
    )  # fmt: skip


def test_a_config_saved_as_utf8_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = (EXAMPLES / "attcli.toml").read_bytes()
    code, _, err = _check(tmp_path, b"\xef\xbb\xbf" + text)
    assert code == 0, err
    plain = tmp_path / "plain"
    plain.mkdir()
    assert _check(plain, text)[0] == 0
    bom = (tmp_path / "out.json").read_text(encoding="utf-8").replace(str(tmp_path), "DIR")
    assert bom == (plain / "out.json").read_text(encoding="utf-8").replace(str(plain), "DIR")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_config_saved_as_utf16_is_named_with_what_to_save_it_as(tmp_path: Path, encoding: str) -> None:
    text = (EXAMPLES / "attcli.toml").read_text(encoding="utf-8")
    code, out, err = _check(tmp_path, text.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + text.encode(encoding))
    assert (code, out) == (1, "")
    assert err == (
        f"error: config key '--config': '{tmp_path / 'attcli.toml'}' is UTF-16 text (Notepad's "
        "\"Unicode\"): save it as UTF-8\n"
    ), err
