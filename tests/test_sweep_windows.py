"""attcli on an office PC running Windows, simulated on Linux (sweep of 4 December,
windows): files another program holds, a trust's school keys as Windows names files,
inputs saved by Windows programs."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
CONFIG = ROOT / "examples" / "attcli.toml"


def _held(monkeypatch: pytest.MonkeyPatch, held: Path) -> None:
    """``held`` cannot be opened, as on Windows when another program holds it without
    sharing it (a sync client, a copy under way, a file under a folder the user may not
    read): PermissionError, errno 13."""
    real_open, real_os_open = builtins.open, os.open

    def refused(path: object) -> bool:
        return isinstance(path, (str, os.PathLike)) and Path(os.fspath(path)) == held

    def open_(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if refused(file):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def os_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if refused(file):
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: open_(self, "rb").read())


def test_a_summary_that_cannot_be_read_is_said_not_taken_for_an_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a school's summary another program holds (or one the officer may not read) was
    # "an export, and attcli.toml has no [schools.KEY] sections": the trust's config blamed
    summary = tmp_path / "oakfield.summary.json"
    code, _, err = run_cli(
        "summary", EXPORTS / "arbor_autumn_2026.csv", "-c", CONFIG, "--as-of", "2026-10-16",
        "-o", summary,
    )  # fmt: skip
    assert code == 0, err
    _held(monkeypatch, summary)
    code, out, err = run_cli(
        "report", "--trust", summary, "-c", CONFIG, "-o", tmp_path / "trust.html"
    )
    assert code == 1, err
    assert "an export" not in err and "[schools" not in err
    assert str(summary) in err and "cannot read it" in err, err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "trust.html").exists()


def _school(key: str, name: str) -> str:
    return f'[schools."{key}"]\nname = "{name}"\nfiles = ["{name.lower()}*.csv"]\n'


def test_two_school_keys_that_differ_only_in_case_are_refused() -> None:
    # --per-school writes KEY-check.csv, KEY/ for letters: Windows (and macOS) take
    # "Oak-check.csv" and "oak-check.csv" for one file, so with --force the second school's
    # check replaced the first's unsaid, and both schools' letters went into one folder
    from attcli.config import ConfigError, parse_config

    with pytest.raises(ConfigError) as exc:
        parse_config(_school("oak", "Oakfield") + _school("Oak", "Oakwood"))
    said = str(exc.value)
    assert "schools.Oak" in said and "[schools.oak]" in said and "case" in said, said
    # keys that differ by a letter are two schools, as before
    cfg = parse_config(_school("oak", "Oakfield") + _school("oaks", "Oakwood"))
    assert [s.key for s in cfg.schools] == ["oak", "oaks"]


@pytest.mark.parametrize("key", ["con", "NUL", "Aux", "prn.school", "com1", "lpt9", "oak."])
def test_a_school_key_windows_cannot_name_a_file_is_refused(key: str) -> None:
    # a folder or file named CON, nul.x-check.csv (a device: Windows reads the name up to
    # its first dot) cannot be made on Windows, and "oak." loses its dot there
    from attcli.config import ConfigError, parse_config

    with pytest.raises(ConfigError) as exc:
        parse_config(_school(key, "Oakfield"))
    assert f"schools.{key}" in str(exc.value) and "Windows" in str(exc.value), str(exc.value)


@pytest.mark.parametrize("key", ["con1", "console", "nula", "com", "lpt10", "oak.1"])
def test_a_school_key_close_to_a_device_name_is_a_key(key: str) -> None:
    from attcli.config import parse_config

    assert [s.key for s in parse_config(_school(key, "Oakfield")).schools] == [key]


def test_the_workspace_s_national_figures_saved_by_a_windows_program_are_read(
    tmp_path: Path,
) -> None:
    # attcli-national.csv (attcli national update) opened in Excel or Notepad and saved
    # again gets a byte order mark and CRLF line ends: "not an attcli table of national
    # figures, line 1", and the report stopped
    from attcli.config import load_config
    from attcli.national import in_use, shipped

    (tmp_path / "attcli.toml").write_bytes(CONFIG.read_bytes())
    text = (ROOT / "src" / "attcli" / "data" / "national.csv").read_text(encoding="utf-8")
    saved = ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8")
    (tmp_path / "attcli-national.csv").write_bytes(saved)
    table = in_use(load_config(tmp_path / "attcli.toml"))
    assert table.figures == shipped().figures and len(table.figures) > 0


def test_national_show_s_help_names_the_report_s_setting() -> None:
    # "[report.national]" was taken for markup: "(shipped, loaded by update, or )"
    code, out, _ = run_cli("national", "--help")
    assert code == 0 and "or [report.national])" in out, out


@pytest.mark.skipif(os.name == "nt", reason="a Windows path is a path on Windows")
@pytest.mark.parametrize(
    "value",
    ["'H:\\attendance\\history.sqlite3'", "'\\\\office\\attendance\\h.sqlite3'",
     "'history\\attcli-history.sqlite3'", '"H:/attendance/history.sqlite3"'],
)  # fmt: skip
def test_a_history_path_written_for_windows_is_refused_where_attcli_is_not_on_windows(
    tmp_path: Path, value: str
) -> None:
    # the workspace on a share, its attcli.toml written on the office PC, run from a Mac or
    # Linux machine: 'H:\attendance\history.sqlite3' was a file of that name in the
    # workspace, "(none yet)": no letter or notice on record, a second notice quoted first
    (tmp_path / "attcli.toml").write_text(
        CONFIG.read_text(encoding="utf-8") + f"\n[history]\npath = {value}\n", encoding="utf-8"
    )
    code, _, err = run_cli("--workspace", tmp_path, "pn", "list")
    assert code == 1, err
    assert "history.path" in err and "Windows" in err, err
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["attcli.toml"]


def _text_mode_descriptors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' C runtime: a descriptor ``os.open`` makes without ``os.O_BINARY`` is in
    text mode, and each LF written through it becomes CR LF (Python's os.open docs: "on
    Windows adding O_BINARY is needed to open files in binary mode")."""
    import attcli.output
    import attcli.store

    binary = 0x8000
    text_fds: set[int] = set()
    real_open, real_fdopen = os.open, os.fdopen

    class _Text:
        def __init__(self, fh):  # type: ignore[no-untyped-def]
            self.fh = fh

        def write(self, data: bytes) -> int:
            self.fh.write(bytes(data).replace(b"\n", b"\r\n"))
            return len(data)

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self.fh, name)

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

    def os_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        fd = real_open(path, flags & ~binary, *args, **kwargs)
        text_fds.discard(fd)  # (a number a closed descriptor had)
        if not flags & binary and flags & (os.O_WRONLY | os.O_RDWR):
            text_fds.add(fd)
        return fd

    def fdopen(fd, *args, **kwargs):  # type: ignore[no-untyped-def]
        fh = real_fdopen(fd, *args, **kwargs)
        return _Text(fh) if fd in text_fds else fh

    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    for module in (attcli.output, attcli.store):
        monkeypatch.setattr(module.os, "open", os_open)
        monkeypatch.setattr(module.os, "fdopen", fdopen)


def test_a_new_history_copied_into_place_is_written_in_binary_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # where the new history cannot be renamed or linked into place (a share), it is copied
    # into a file made exclusively: on Windows that descriptor was in text mode, and every
    # LF byte of the SQLite file became CR LF, a damaged history from its first run
    from attcli.store import SCHEMA_VERSION, History

    def no_links(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("attcli.store.os.link", no_links)
    _text_mode_descriptors(monkeypatch)
    path = tmp_path / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        assert store.created and store.version() == SCHEMA_VERSION
    monkeypatch.undo()
    with History(path) as store:
        assert store.version() == SCHEMA_VERSION


def test_an_output_is_written_in_binary_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attcli.output import write_private

    _text_mode_descriptors(monkeypatch)
    data = "upn,name\r\nA1,Siân\nA2,\x00\n".encode()
    write_private(tmp_path / "out.csv", data)
    assert (tmp_path / "out.csv").read_bytes() == data


def test_a_csv_to_a_redirected_stdout_keeps_one_cr_lf_a_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `attcli check ... -f csv > week.csv` on Windows: stdout writes each "\n" as "\r\n",
    # so the CSV's own "\r\n" became "\r\r\n", a blank row between every two in Excel.
    # What reaches the file is what -o writes.
    import io
    import sys

    from attcli import cliutil

    raw = io.BytesIO()
    windows_stdout = io.TextIOWrapper(raw, encoding="utf-8", newline="\r\n")
    monkeypatch.setattr(sys, "stdout", windows_stdout)
    monkeypatch.setattr(cliutil.console, "_force_terminal", False)
    text = "upn,name\r\nA1,Siân\r\n"
    cliutil.emit(text, None, False)
    windows_stdout.flush()
    assert raw.getvalue() == text.encode("utf-8")


def test_a_trust_s_output_open_in_excel_stops_the_run_before_any_school_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `check --per-school out --force` with last week's ash-check.json open: Oak's was
    # replaced, then the run stopped at Ash's saying "nothing was written"
    import shutil

    shutil.copy(EXPORTS / "arbor_autumn_2026.csv", tmp_path / "oak-autumn.csv")
    shutil.copy(EXPORTS / "arbor_autumn_2026.csv", tmp_path / "ash-autumn.csv")
    cfg = tmp_path / "attcli.toml"
    cfg.write_text(
        CONFIG.read_text(encoding="utf-8")
        + '\n[schools.oak]\nname = "Oak School"\nurn = "400001"\nfiles = ["oak-*"]\n'
        + '\n[schools.ash]\nname = "Ash School"\nurn = "400003"\nfiles = ["ash-*"]\n',
        encoding="utf-8",
    )
    files = [tmp_path / "oak-autumn.csv", tmp_path / "ash-autumn.csv"]
    out = tmp_path / "out"
    args = ("check", *files, "-c", cfg, "--as-of", "2026-10-16", "--per-school", out)
    code, _, err = run_cli(*args)
    assert code == 0, err
    oak, ash = out / "oak-check.json", out / "ash-check.json"
    before = {p: p.stat().st_ino for p in (oak, ash)}
    real_open = os.open

    def os_open(path, flags, *a, **k):  # type: ignore[no-untyped-def]
        if Path(path) == ash and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied")) if Path(dst) == ash else os.rename(src, dst))
    code, _, err = run_cli(*args, "--force")
    assert code == 1, err
    # (a JSON file is named open "in another program", not guessed Excel: slips3 names the
    # likely program by the ending, an .xlsx or .csv Excel, a .pdf a PDF viewer)
    assert str(ash) in err.splitlines()[-1] and "open in another program" in err, err
    assert {p: p.stat().st_ino for p in (oak, ash)} == before  # Oak's as it was too
    assert sorted(p.name for p in out.iterdir()) == ["ash-check.json", "oak-check.json"]


def test_a_path_longer_than_windows_allows_is_said_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows (without long paths turned on) opens no path of 260 characters or more, and
    # says "No such file or directory" of a folder that is there: a letter's name (UPN,
    # surname, forename, template: up to ~110 characters) under a deep OneDrive folder
    from attcli.errors import OutputError
    from attcli.output import write_private

    folder = tmp_path / ("Attendance letters 2026-27 " * 8).strip()
    folder.mkdir()
    real_open = os.open

    def windows_open(path, *a, **k):  # type: ignore[no-untyped-def]
        if len(str(Path(path).absolute())) >= 260:
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", windows_open)
    target = folder / "T999290026932_Kowalska-Wisniewska_Aleksandra-Zofia_red_contact2.pdf"
    with pytest.raises(OutputError) as exc:
        write_private(target, b"%PDF")
    said = str(exc.value)
    assert "too long" in said and "260" in said and "shorter" in said, said
    assert list(folder.iterdir()) == []
    # a folder that is not there is said as before
    with pytest.raises(OutputError, match="does not exist"):
        write_private(tmp_path / "gone" / "x.csv", b"x")


def _made(path: Path) -> None:
    from attcli.store import History

    with History(path, write=True):
        pass


@pytest.mark.parametrize(
    "copy",
    ["attcli-history-DESKTOP-4F2K9QL.sqlite3",  # OneDrive: the other PC's name
     "attcli-history (Office PC's conflicted copy 2026-12-03).sqlite3",  # Dropbox
     "attcli-history (1).sqlite3"],  # Google Drive
)  # fmt: skip
def test_a_sync_conflict_copy_of_the_history_beside_it_is_said(tmp_path: Path, copy: str) -> None:
    # a workspace on OneDrive used from two PCs: each changed the history at once, and the
    # sync kept both, the other PC's under another name; the letters and notices recorded
    # there were in no history attcli read (a second notice quoted as a first), unsaid
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_bytes(CONFIG.read_bytes())
    _made(ws / "attcli-history.sqlite3")
    (ws / copy).write_bytes((ws / "attcli-history.sqlite3").read_bytes())
    (ws / "attcli-history-backup-2026-10-01.sqlite3.zip").write_bytes(b"PK")
    code, _, err = run_cli("--workspace", ws, "pn", "list", workspace_line=True)
    assert code == 0, err
    line = err.splitlines()[0]
    assert line.startswith(
        f"workspace: {ws} (--workspace): config attcli.toml, history attcli-history.sqlite3; "
        f"beside it is {copy}"
    ), line
    assert "sync" in line and "not in this history" in line, line


def test_a_history_alone_or_with_a_dated_backup_says_nothing_more(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_bytes(CONFIG.read_bytes())
    _made(ws / "attcli-history.sqlite3")
    (ws / "attcli-history-2026-10-01.sqlite3").write_bytes(b"")  # the office's own backup
    code, _, err = run_cli("--workspace", ws, "pn", "list", workspace_line=True)
    assert err.splitlines()[0] == (
        f"workspace: {ws} (--workspace): config attcli.toml, history attcli-history.sqlite3"
    ), err
