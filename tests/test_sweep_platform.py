"""attcli on Windows and macOS as installed with pip alone, simulated on Linux (sweep of 5
December (fifth), platform): Rich's legacy Windows renderer, a pipe closed on Windows, a
history on a Windows share, names and path lengths Windows refuses, commands suggested
with folders that hold spaces, a folder typed "C:\\My Folder\\", a file held a moment.
What each fakes is said where it does (docs/decisions.md, the platform sweep)."""

from __future__ import annotations

import contextlib
import io
import sys
import types
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
CONFIG = ROOT / "examples" / "attcli.toml"


# --------------------------------------------------------------------------- Rich on Windows


class _WindowsStdout(io.StringIO):
    """What Windows gives a program as its stdout: descriptor 1, a console or not."""

    def __init__(self, tty: bool = False) -> None:
        super().__init__()
        self.tty = tty

    def fileno(self) -> int:
        return 1

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture
def legacy_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich as on Windows where stdout is no console with VT codes: a redirected stdout
    (no console mode to read: Rich takes it for a legacy console) or cmd's console on
    Windows 10.  Rich then writes each segment's text itself (win32 calls, here a file
    write each), not through ``Console._render_buffer``."""
    import rich.console

    fake = types.ModuleType("rich._win32_console")

    class LegacyWindowsTerm:
        def __init__(self, file: io.StringIO) -> None:
            self.file = file

        def write_text(self, text: str) -> None:
            self.file.write(text)

        def write_styled(self, text: str, style: object) -> None:
            self.file.write(text)

        def __getattr__(self, name: str) -> object:  # cursor moves, titles: nothing here
            return lambda *a, **k: None

    fake.LegacyWindowsTerm = LegacyWindowsTerm  # type: ignore[attr-defined]
    fake.WindowsCoordinates = lambda row, col: (row, col)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rich._win32_console", fake)
    monkeypatch.delitem(sys.modules, "rich._windows_renderer", raising=False)
    monkeypatch.setattr(rich.console, "WINDOWS", True)
    monkeypatch.setattr(rich.console, "detect_legacy_windows", lambda: True)


def _table_with(name: str):  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table("UPN", "Name", "Attendance")
    table.add_row("A123456789012", name, "88.9%")
    table.add_row("B123456789012", "Lee, Al", "100.0%")
    return table


def test_a_redirected_stdout_on_windows_is_written_as_on_any_other_system(
    legacy_windows: None,
) -> None:
    # `attcli check register.csv > week.txt` on Windows: Rich took the file for a legacy
    # console and wrote each segment as it was, so the lines kept the spaces a table is
    # padded to the width with, and a control character from a cell reached the file
    from attcli.cliutil import _Console

    for tty in (False, True):
        out = _WindowsStdout(tty=tty)
        console = _Console(file=out, width=60)
        console.print(_table_with("Ng\x1b[2J\x07uyen, Zo\u00eb \u202eemit"))
        text = out.getvalue()
        assert "Ng\ufffd[2Juyen, Zo\u00eb emit" in text, text  # (Rich drops the BEL)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        if not tty:
            lines = text.splitlines()
            assert len(lines) >= 5 and not [x for x in lines if x.endswith(" ")], lines


def test_a_check_redirected_to_a_file_on_windows_has_no_padding_spaces(
    legacy_windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the whole command, its stdout descriptor 1 redirected to a file on Windows
    from attcli import cliutil
    from attcli.cli import main

    out = _WindowsStdout()
    monkeypatch.setattr(sys, "argv", ["attcli", "check", str(EXPORTS / "arbor_autumn_2026.csv"),
                                      "-c", str(CONFIG), "--as-of", "2026-10-16"])  # fmt: skip
    monkeypatch.setattr(cliutil.console, "legacy_windows", True)
    monkeypatch.setattr(cliutil.console, "_width", 80)
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        with contextlib.suppress(SystemExit):
            main()
    assert "error" not in err.getvalue(), err.getvalue()
    lines = out.getvalue().splitlines()
    assert len(lines) > 20 and not [x for x in lines if x.endswith(" ")]


# --------------------------------------------------------------------------- a closed pipe

_CLOSED_ON_WINDOWS = """
import io, os, sys
pipe = os.fstat(1)

class Stdout(io.RawIOBase):
    # a pipe whose reader has closed it, as Windows says so: OSError errno 22 (EINVAL),
    # not BrokenPipeError, for as long as descriptor 1 is that pipe
    def writable(self):
        return True

    def write(self, data):
        if os.path.samestat(os.fstat(1), pipe):
            raise OSError(22, "Invalid argument")
        return os.write(1, data)

sys.stdout = io.TextIOWrapper(io.BufferedWriter(Stdout()), encoding="utf-8")
import attcli.output
attcli.output.WINDOWS = {windows}
sys.argv = ["attcli", "check", {export!r}, "-c", {config!r}, "--as-of", "2026-10-16"]
from attcli.entry import main
main()
"""


@pytest.mark.parametrize("windows", [True, False])
def test_a_reader_that_stops_early_on_windows_is_not_an_error(
    tmp_path: Path, windows: bool
) -> None:
    # `attcli check register.csv | more`, q pressed: Windows says a write to the closed pipe
    # is "Invalid argument" (OSError errno 22), and attcli said it was a bug in itself
    # (exit 70); it is the reader gone, exit 0 with nothing said, as BrokenPipeError is.
    # Where attcli is not on Windows, such an error is no closed pipe: a bug, as before.
    import os
    import subprocess

    script = _CLOSED_ON_WINDOWS.format(
        windows=windows, export=str(EXPORTS / "arbor_autumn_2026.csv"), config=str(CONFIG)
    )
    env = {**os.environ, "ATTCLI_WORKSPACE": str(tmp_path / "ws"), "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, cwd=tmp_path, env=env, timeout=120
    )
    err = proc.stderr.decode()
    if windows:
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "rror" not in err and "bug" not in err, err
    else:
        # (exit 70, or Python's 120: the fake pipe refuses its flush at exit too)
        assert proc.returncode != 0 and "Invalid argument" in err and "bug in attcli" in err


# --------------------------------------------------------------------------- a share's history


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        # a workspace on a share (`\\office\attendance`, or a mapped H: drive, which Windows
        # resolves to the share's own name): the server is no authority SQLite takes
        (PureWindowsPath(r"\\office\attendance\ws\attcli-history.sqlite3"),
         "file:////office/attendance/ws/attcli-history.sqlite3"),
        (PureWindowsPath("C:\\Users\\Zo\u00eb\\OneDrive - Oak School\\Documents\\h#1?.sqlite3"),
         "file:///C:/Users/Zo%C3%AB/OneDrive%20-%20Oak%20School/Documents/h%231%3F.sqlite3"),
        (PurePosixPath("/Volumes/attendance/ws 2026/h%.sqlite3"),
         "file:///Volumes/attendance/ws%202026/h%25.sqlite3"),
    ],
)  # fmt: skip
def test_the_history_s_uri_names_no_server_as_its_authority(path: PurePath, uri: str) -> None:
    from attcli.store import sqlite_uri

    assert sqlite_uri(path) == uri


def test_a_history_on_a_windows_share_is_read_without_writing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a dry run (`letters --dry-run`, `pupil forget` without --yes) reads the history into
    # memory through a file URI: on Windows, a workspace on a share resolves to
    # \\server\share\..., whose URI (file://server/share/...) SQLite refused, "invalid uri
    # authority": "a bug in attcli" (exit 70).  Simulated by the share's name for this
    # file: on Linux, //tmp/... is /tmp/....
    import sqlite3

    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    with History(path, write=True):
        pass
    parts = path.parts[1:]
    share = PureWindowsPath("\\\\" + "\\".join(parts))
    with pytest.raises(sqlite3.OperationalError, match="invalid uri authority"):
        sqlite3.connect(share.as_uri() + "?mode=ro", uri=True)
    real = Path.resolve
    monkeypatch.setattr(
        Path, "resolve", lambda self, *a, **k: share if self == path else real(self, *a, **k)
    )
    with History(path, detached=True) as store:
        assert store.version() > 0


# --------------------------------------------------------------------------- names Windows refuses


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("CON", "keeps the name CON for a device"),
        ("nul.csv", "keeps the name nul for a device"),
        ("Com1.csv", "keeps the name Com1 for a device"),
        ("lpt\u00b9.csv", "keeps the name lpt\u00b9 for a device"),
        ("aux .csv", "keeps the name aux for a device"),
        ("week 16:10.csv", "allows no ':'"),
        ('week "1".csv', "allows no '\"'"),
        ("week?.csv", "allows no '?'"),
    ],
)
def test_an_output_name_windows_cannot_make_is_refused_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, why: str
) -> None:
    # `-o CON.csv` on Windows was "already exists; use --force" (Windows says the device
    # is there), then "not a file"; `-o "week 16:10.csv"` made an NTFS stream of a file
    # `.week 16` and failed as a bug.  Said at once, naming the file and why.
    from attcli import output
    from clirun import one_line, run_cli

    monkeypatch.setattr(output, "WINDOWS", True)
    target = tmp_path / name
    code, out, err = run_cli(
        "check", EXPORTS / "arbor_autumn_2026.csv", "-c", CONFIG, "--as-of", "2026-10-16",
        "-f", "csv", "-o", target,
    )  # fmt: skip
    line = one_line(err)
    assert code == 1 and name.strip() in line and why in line and "another name" in line, line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["console.csv", "con1.csv", "com10.xlsx", "nul-check.csv"])
def test_a_name_close_to_a_device_s_is_written_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from attcli import output
    from clirun import run_cli

    monkeypatch.setattr(output, "WINDOWS", True)
    code, out, err = run_cli(
        "check", EXPORTS / "arbor_autumn_2026.csv", "-c", CONFIG, "--as-of", "2026-10-16",
        "-o", tmp_path / name,
    )  # fmt: skip
    assert code == 0, err
    assert (tmp_path / name).is_file()


def test_a_name_windows_refuses_is_written_where_attcli_is_not_on_windows(tmp_path: Path) -> None:
    # (a Mac or Linux file system takes it: nothing is refused there that it can write)
    from clirun import run_cli

    code, out, err = run_cli(
        "check", EXPORTS / "arbor_autumn_2026.csv", "-c", CONFIG, "--as-of", "2026-10-16",
        "-f", "csv", "-o", tmp_path / "week 16:10.csv",
    )  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "week 16:10.csv").is_file()


def test_a_folder_windows_cannot_make_is_refused_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `letters --out letters/aux/autumn` (every folder attcli makes for an output)
    from attcli import output
    from attcli.errors import OutputError

    monkeypatch.setattr(output, "WINDOWS", True)
    with pytest.raises(OutputError) as exc:
        output.make_folder(tmp_path / "letters" / "aux" / "autumn")
    assert "aux" in str(exc.value) and "device" in str(exc.value)
    assert list(tmp_path.iterdir()) == []  # (not even `letters`, checked first)
    output.make_folder(tmp_path / "letters" / "autumn 2026")
    assert (tmp_path / "letters" / "autumn 2026").is_dir()



# --------------------------------------------------------------------------- commands to paste


def _pasted(line: str) -> list[str]:
    """The command between the backquotes of ``line``, split as a shell splits it."""
    import re
    import shlex

    command = re.search(r"`(attcli [^`]*)`", line)
    assert command, line
    return shlex.split(command.group(1))


def test_a_suggested_command_names_a_folder_with_spaces_in_quotes(tmp_path: Path) -> None:
    # a OneDrive folder ("OneDrive - Oak Academy", "Zoë's") or macOS's "Application
    # Support": `attcli --workspace /Users/x/OneDrive - Oak/ws init` pasted named a
    # folder "/Users/x/OneDrive" and two arguments more
    from clirun import one_line, run_cli

    folder = tmp_path / "OneDrive - Oak Academy" / "Zo\u00eb's attendance"
    folder.mkdir(parents=True)
    code, _, err = run_cli("--workspace", folder, "check", EXPORTS / "arbor_autumn_2026.csv")
    assert code == 1
    assert _pasted(one_line(err)) == ["attcli", "--workspace", str(folder), "init"]
    code, out, err = run_cli("init", folder / "new", "--school", "Oak Academy")
    assert code == 0, err
    line = " ".join(out.split())
    assert _pasted(line) == ["attcli", "--workspace", str(folder / "new"), "..."], line


def test_a_suggested_command_on_windows_quotes_a_folder_as_cmd_and_powershell_read_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from attcli import output

    monkeypatch.setattr(output, "WINDOWS", True)
    assert output.command_arg(r"H:\attendance\ws") == r"H:\attendance\ws"
    assert (
        output.command_arg(r"C:\Users\zoe\OneDrive - Oak Academy\attendance")
        == r'"C:\Users\zoe\OneDrive - Oak Academy\attendance"'
    )
    assert output.command_arg(r"\\office\att&ce") == r'"\\office\att&ce"'


# --------------------------------------------------------------------------- Windows' 260


@pytest.fixture
def windows_short_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """attcli on Windows with long paths off (the default)."""
    from attcli import output

    monkeypatch.setattr(output, "WINDOWS", True)
    monkeypatch.setattr(output, "_long_paths_on", lambda: False)


def _deep(tmp_path: Path, length: int) -> Path:
    """A folder whose path is ``length`` characters (a OneDrive folder, deep)."""
    folder = tmp_path
    while len(str(folder)) < length - 40:
        folder = folder / "Attendance 2026-27 OneDrive"
    folder = folder / ("x" * (length - len(str(folder)) - 1))
    assert len(str(folder)) == length
    folder.mkdir(parents=True)
    return folder


def test_an_output_path_windows_cannot_open_is_refused_before_the_work(
    tmp_path: Path, windows_short_paths: None
) -> None:
    # `check -o` under a deep folder: refused before the register is read, as a file that
    # exists is, not after the run ("the path is too long" met at the write)
    from clirun import one_line, run_cli

    folder = _deep(tmp_path, 230)
    name = "week-16-10-2026-check.csv"  # (.NAME.xxxxxxxx.part: 40 characters, 271)
    code, out, err = run_cli(
        "check", EXPORTS / "arbor_autumn_2026.csv", "-c", CONFIG, "--as-of", "2026-10-16",
        "-o", folder / name,
    )  # fmt: skip
    line = one_line(err)
    assert code == 1 and "too long for Windows (271 characters" in line, line
    assert list(folder.iterdir()) == []
    # 259 characters with the temporary name's: written
    ok = "w" * (259 - len(str(folder)) - 1 - len("..xxxxxxxx.part") - len(".csv")) + ".csv"
    code, out, err = run_cli(
        "check", EXPORTS / "arbor_autumn_2026.csv", "-c", CONFIG, "--as-of", "2026-10-16",
        "-o", folder / ok,
    )  # fmt: skip
    assert code == 0, err
    assert [p.name for p in folder.iterdir()] == [ok]


def test_a_letters_run_windows_cannot_write_is_refused_before_its_first_letter(
    tmp_path: Path, windows_short_paths: None
) -> None:
    # a letter's name (UPN, surname, forename, letter: up to ~110 characters) under a deep
    # OneDrive folder: the run stopped at the first long one, letters before it written
    import shutil

    from clirun import one_line, run_cli

    shutil.copy(CONFIG, tmp_path / "attcli.toml")
    out = _deep(tmp_path, 200)
    code, _, err = run_cli(
        "letters", EXPORTS / "arbor_autumn_2026.csv", "--contacts", EXPORTS / "contacts.csv",
        "-c", tmp_path / "attcli.toml", "--out", out, "--as-of", "2026-11-27",
    )  # fmt: skip
    line = one_line(err)
    assert code == 1 and "too long for Windows" in line and "no letter was written" in line, err
    assert list(out.iterdir()) == []
    assert not (tmp_path / "attcli-history.sqlite3").exists()  # (none before: none made)


# --------------------------------------------------------------------------- "C:\My Folder\"


@pytest.mark.parametrize(
    ("args", "folder"),
    [
        # `attcli --workspace "C:\My Folder\" check week.csv`: Windows hands attcli the
        # folder with a quote at its end and the rest joined to it, and no command
        (["--workspace", 'C:\\Users\\zoe\\OneDrive - Oak\\attendance" check week.csv'],
         "C:\\Users\\zoe\\OneDrive - Oak\\attendance"),
        (["letters", "week.csv", "--out", 'H:\\letters\\autumn"'], "H:\\letters\\autumn"),
        (["check", "week.csv", '--output=\\\\office\\att\\week.csv"'], "\\\\office\\att\\week.csv"),
    ],
)  # fmt: skip
def test_a_windows_folder_typed_with_a_last_backslash_in_quotes_is_said(
    monkeypatch: pytest.MonkeyPatch, args: list[str], folder: str
) -> None:
    from attcli import output
    from clirun import one_line, run_cli

    monkeypatch.setattr(output, "WINDOWS", True)
    code, out, err = run_cli(*args)
    line = one_line(err)
    assert code == 2 and "closing quote" in line and line.endswith(f'"{folder}"'), line


def test_a_quote_in_text_is_no_folder_s(monkeypatch: pytest.MonkeyPatch) -> None:
    # (a quote in a reason or a name is meant; and where attcli is not on Windows, a path
    # with a quote in it is what the shell was given)
    from attcli import cli, output

    monkeypatch.setattr(output, "WINDOWS", True)
    assert cli._quote_kept(["--reason", 'parent said "ill"', "--by", "Zoe"]) is None
    monkeypatch.setattr(output, "WINDOWS", False)
    assert cli._quote_kept(["--workspace", 'C:\\My Folder" check']) is None


# --------------------------------------------------------------------------- a file held a moment


def test_a_file_windows_holds_for_a_moment_is_replaced_when_it_is_let_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an antivirus scan, the search indexer or OneDrive reading last week's check.xlsx as
    # it is replaced: Windows refuses the rename for a fraction of a second, and attcli
    # said "open in another program (Excel?)" of a file no program had open
    import os
    import time

    from attcli import output
    from attcli.errors import OutputError

    monkeypatch.setattr(output, "WINDOWS", True)
    monkeypatch.setattr(time, "sleep", lambda s: None)
    target = tmp_path / "check.csv"
    target.write_bytes(b"last week")
    real, refusals = os.replace, []

    def held(src, dst, *a, **k):  # type: ignore[no-untyped-def]
        if len(refusals) < 3:
            refusals.append(dst)
            raise PermissionError(13, "Access is denied", str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", held)
    output.write_private(target, b"this week", force=True)
    assert target.read_bytes() == b"this week" and len(refusals) == 3
    assert [q.name for q in tmp_path.iterdir()] == ["check.csv"]
    # held for good (Excel): said, the old file as it was, no temporary file left
    refusals.clear()
    monkeypatch.setattr(os, "replace", lambda *a, **k: (_ for _ in ()).throw(
        PermissionError(13, "Access is denied")))
    with pytest.raises(OutputError, match="open in another program"):
        output.write_private(target, b"next week", force=True)
    assert target.read_bytes() == b"this week"
    assert [q.name for q in tmp_path.iterdir()] == ["check.csv"]


def test_a_path_written_with_windows_long_path_prefix_is_not_refused(
    windows_short_paths: None,
) -> None:
    # (\\?\C:\... opens past 260 characters whether long paths are on or not)
    from attcli.output import windows_path_fault

    long = "\\\\?\\C:\\" + "\\".join(["Attendance 2026-27 OneDrive"] * 12) + "\\week.csv"
    assert windows_path_fault(Path(long)) is None
    assert windows_path_fault(Path(long[4:])) is not None


def test_a_file_held_a_moment_as_a_letters_run_asks_is_not_said_to_be_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a letters run asks each file it will replace first (the manifest, a letter sent
    # again): one an antivirus scan held as it asked stopped the run as "open in Excel"
    import os
    import time

    from attcli import output

    monkeypatch.setattr(output, "WINDOWS", True)
    monkeypatch.setattr(time, "sleep", lambda s: None)
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes(b"UPN\r\n")
    real, refusals = os.open, []

    def held(path, flags, *a, **k):  # type: ignore[no-untyped-def]
        if Path(path) == manifest and len(refusals) < 2:
            refusals.append(path)
            raise PermissionError(13, "Access is denied", str(path))
        return real(path, flags, *a, **k)

    monkeypatch.setattr(os, "open", held)
    assert not output.held_open(manifest) and len(refusals) == 2
    # held for good (Excel): said
    monkeypatch.setattr(os, "open", lambda *a, **k: (_ for _ in ()).throw(
        PermissionError(13, "Access is denied")))
    assert output.held_open(manifest)
