"""Output to a stream whose encoding cannot hold every name (issue 12, "real hands").

On Windows, ``attcli check register.csv > week.txt`` gives Python a stdout in the
system's ANSI code page (cp1252), which has no ``ł`` (Łukasz, Kowałska), ``ș``, ``ğ``,
no Chinese or Arabic letters and no emoji: the command failed "unexpectedly" (exit 70)
half-way through its table.  A name from an export must never stop a command: output
redirected to a file or a pipe is written as UTF-8 (what attcli's own files are); a
terminal, or an encoding the user set (``PYTHONIOENCODING``), keeps its encoding and shows
a ``?`` for a character it has not.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from attcli.entry import text_streams

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "exports" / "arbor_autumn_2026.csv"
CONFIG = ROOT / "examples" / "attcli.toml"


def _export(tmp_path: Path) -> Path:
    text = EXPORT.read_text(encoding="utf-8-sig")
    assert "Kowalska" in text and "Nowak" in text
    out = tmp_path / "names.csv"
    out.write_text(
        text.replace("Kowalska", "Kowałska").replace("Nowak", "Nowak\U0001f600"),
        encoding="utf-8",
    )
    return out


def _run(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    base.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "c"),
                XDG_DATA_HOME=str(tmp_path / "d"), COLUMNS="100", **env)  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "attcli", *args], capture_output=True, env=base, timeout=120
    )


def test_a_name_the_chosen_encoding_has_not_is_shown_as_a_question_mark(tmp_path) -> None:
    # PYTHONIOENCODING=cp1252 (as the user set it): kept, with '?' for 'ł' and the emoji
    export = _export(tmp_path)
    for command in (["check", str(export)], ["cme", str(export), "--days", "10"]):
        done = _run(tmp_path, *command, "--config", str(CONFIG),
                    env={"PYTHONIOENCODING": "cp1252"})  # fmt: skip
        assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
        out = done.stdout.decode("cp1252")
        assert "Kowa?ska" in out, out
        assert "Kowałska" not in out


def test_a_check_s_json_to_a_cp1252_stream_is_written_whole(tmp_path) -> None:
    export = _export(tmp_path)
    done = _run(tmp_path, "check", str(export), "--config", str(CONFIG), "-f", "json",
                env={"PYTHONIOENCODING": "cp1252"})  # fmt: skip
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
    assert done.stdout.rstrip().endswith(b"}")


def test_a_redirected_stream_in_the_system_s_code_page_becomes_utf8() -> None:
    # what Windows gives a redirected stdout: the ANSI code page, no encoding chosen
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    text_streams([stream], chosen=None)
    stream.write("Kowałska \U0001f600\n")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "Kowałska \U0001f600\n"


def test_a_terminal_keeps_its_encoding_and_a_utf8_stream_is_left_alone() -> None:
    class Tty(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    raw = io.BytesIO()
    tty = Tty(raw, encoding="cp1252")
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    text_streams([tty, utf8, None], chosen=None)
    tty.write("Łódź é\n")
    tty.flush()
    assert raw.getvalue() == "?ód? é\n".encode("cp1252")
    assert (utf8.encoding, utf8.errors) == ("utf-8", "strict")
