"""Sweep slips3: the office's machine and files, a third pass (docs/decisions.md, sweep of
6 December (second), slips3).  A full disk, a read-only folder and a file open in Excel
are simulated by making the one atomic writer's OSError happen (``os.fsync`` or
``os.replace`` under :func:`attcli.output.write_private`), so the tests run anywhere."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

P = "/\\"
WEEK = " ".join([P] * 5)
#: two weeks, two days absent unauthorised (16 of 20 sessions, 80 %: one letter, red)
RED = " ".join([WEEK, "O", "O", P, P, P])


@pytest.fixture()
def school(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A workspace, a register of three red pupils (7 to 18 September) and their contacts."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({"AAA": RED, "BBB": RED, "CCC": RED})
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("AAA", "1", "Mrs", "Ann", "Aa"), ("BBB", "2", "Mr", "Bob", "Bb"),
         ("CCC", "3", "Ms", "Cat", "Cc")],
    )  # fmt: skip
    return ws, export, contacts


def _fail_nth(monkeypatch: pytest.MonkeyPatch, name: str, n: int, err: int) -> list[int]:
    """``os.NAME`` fails with ``err`` on its ``n``-th call from here on (the calls counted)."""
    real = getattr(os, name)
    calls: list[int] = []

    def failing(*args: object, **kw: object) -> object:
        calls.append(1)
        if len(calls) == n:
            raise OSError(err, os.strerror(err))
        return real(*args, **kw)

    monkeypatch.setattr(os, name, failing)
    return calls


def _disk_full_at(monkeypatch: pytest.MonkeyPatch, module: object, ending: str) -> None:
    """The disk fills while ``module``'s atomic writer (:func:`attcli.output.write_private`)
    writes the first file whose name ends ``ending``: its ``os.fsync`` fails ENOSPC, as
    a full disk's does (the writer's own handling then runs)."""
    real_write, real_fsync = module.write_private, os.fsync  # type: ignore[attr-defined]
    state = {"now": False, "done": False}

    def fsync(fd: int) -> None:
        if state["now"]:
            state["now"], state["done"] = False, True
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    def write(path: object, data: bytes, **kw: object) -> object:
        state["now"] = not state["done"] and str(path).endswith(ending)
        try:
            return real_write(path, data, **kw)
        finally:
            state["now"] = False

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(module, "write_private", write)


def _letters_rows(ws: Path) -> list[tuple[str, str]]:
    history = ws.parent / "attcli-history.sqlite3"
    if not history.exists():
        return []
    with sqlite3.connect(history) as db:
        return db.execute("SELECT upn, status FROM letters ORDER BY id").fetchall()


def _letters(ws: Path, export: Path, contacts: Path, out: Path, *more: str) -> tuple[int, str]:
    code, out_, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", ws, "--out", out,
        "--as-of", "2026-09-18", *more,
    )  # fmt: skip
    assert "Traceback" not in out_ + err
    return code, out_ + err


@pytest.mark.parametrize(
    ("ending", "where"),
    [("AAA_SurnameAAA_ForenameAAA_red.html", "the first letter's HTML"),
     ("BBB_SurnameBBB_ForenameBBB_red.pdf", "the second letter's PDF"),
     ("-1.pdf", "the print file")],
)  # fmt: skip
def test_a_letters_run_stopped_by_a_full_disk_leaves_no_letter_and_no_record(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    ending: str, where: str,
) -> None:
    """The letters folder on a disk that fills at ``where``.  The run said "the disk is
    full ... (nothing was half written)", true of the file it was writing, but left the
    letters it had written before it (a whole PDF of A's letter, an HTML of B's) in the
    folder, in no print file, and their rows begun in the history: a PDF the office could
    print and post from the folder, written and sent again by the next run (the history
    saying it was never sent).  Now a letters run stopped by an error before its print file
    is on disk removes what it wrote and forgets what it began: the folder and the history
    as before the run (a new history: none), and the line says no letter was written or
    recorded.  Space freed, the same run sends each of the three once.  (Stopped at the
    manifest, the print file whole on disk, the next run records the letters in it, as
    tests/test_letters.py's full disk at the manifest has it.)"""
    ws, export, contacts = school
    out = tmp_path / "letters"
    from attcli.letters import run

    _disk_full_at(monkeypatch, run, ending)
    code, said = _letters(ws, export, contacts, out)
    monkeypatch.undo()
    assert code == 1, said
    (line,) = [x for x in said.splitlines() if x.startswith("error:")]
    assert "the disk is full: free some space and run it again" in line
    assert line.endswith("(no letter was written or recorded)"), line
    assert sorted(p.name for p in out.iterdir()) == [], where
    assert _letters_rows(ws) == []
    assert not (ws.parent / "attcli-history.sqlite3").exists()  # (the run made it)
    code, said = _letters(ws, export, contacts, out)
    assert code == 0, said
    assert [s for _, s in _letters_rows(ws)] == ["sent"] * 3
    assert len(list(out.glob("*.pdf"))) == 4  # three letters and their print file


def test_a_letters_run_stopped_by_a_file_open_in_excel_keeps_the_history_as_it_was(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workspace with a check on record (A's letter sent); C's contact added, the next run
    stops at C's PDF (Windows: a file of that name held by another program, os.replace
    refused with PermissionError).  The history keeps A's letter and nothing of this run's;
    A's files stay; C's HTML, written before, goes.  "open in another program (a PDF
    viewer?) ... close it and run again" is said (it said "(Excel?)" of a PDF), and no
    letter recorded."""
    ws, export, contacts = school
    out = tmp_path / "letters"
    first = contacts_file(tmp_path / "first.csv", [("AAA", "1", "Mrs", "Ann", "Aa")])
    code, said = _letters(ws, export, first, out)
    assert code == 0, said
    before = sorted(p.name for p in out.iterdir())
    # B's HTML and PDF (replace 1 and 2), then C's HTML (3) and PDF (4): refused
    # (OSError(EACCES) is a PermissionError, as Windows' WinError 5 and 32 are)
    _fail_nth(monkeypatch, "replace", 4, errno.EACCES)
    code, said = _letters(ws, export, contacts, out)
    monkeypatch.undo()
    assert code == 1, said
    (line,) = [x for x in said.splitlines() if x.startswith("error:")]
    assert "CCC" in line and "open in another program (a PDF viewer?)" in line, line
    assert "close it and run again" in line
    assert sorted(p.name for p in out.iterdir()) == before
    assert _letters_rows(ws) == [("AAA", "sent")]


@pytest.mark.parametrize("command", ["check", "cme", "cases"])
def test_an_output_name_without_an_ending_is_refused_naming_the_endings(
    school: tuple[Path, Path, Path], tmp_path: Path, command: str
) -> None:
    """``attcli check reg.csv -o letters`` (the office meaning a folder, or leaving the
    ending off) wrote the check as a table into a file named ``letters``: Windows cannot
    tell what opens it, and the next ``letters --out letters`` is then "a file; give a
    folder".  A name with no ending and no --format is refused in one line naming the
    endings attcli writes; with --format the format is chosen (written as asked); a folder
    of that name is "a folder; give a file name", as before."""
    ws, export, _ = school
    target = tmp_path / "letters"
    code, out, err = run_cli(command, export, "-c", ws, "--as-of", "2026-09-18", "-o", target)
    assert code == 1, out + err
    assert err.strip() == (
        f"error: --output '{target}': the name has no ending, so neither attcli nor Windows "
        f"can tell what it is: give {target}.txt for the table, or end it .csv, .xlsx or "
        ".json (nothing was written)"
    )
    assert not target.exists()
    code, _, err = run_cli(
        command, export, "-c", ws, "--as-of", "2026-09-18", "-o", target, "-f", "csv"
    )
    assert code == 0, err
    assert "," in target.read_text(encoding="utf-8-sig").splitlines()[0]  # (a CSV)
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run_cli(command, export, "-c", ws, "--as-of", "2026-09-18", "-o", folder)
    assert code == 1 and err.strip() == f"error: {folder} is a folder; give a file name"


def _semicolons(path: Path, text: str, *, sep_line: bool) -> Path:
    """``text`` (comma-separated, no comma inside a cell) as Excel set for a country whose
    list separator is ';' saves it, with Excel's ``sep=;`` first line when ``sep_line``."""
    body = text.replace(",", ";").replace("\n", "\r\n")
    path.write_text(("sep=;\r\n" if sep_line else "") + body, encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("sep_line", [False])
def test_a_semicolon_separated_file_is_named_for_what_it_is_with_a_way_out_that_works(
    school: tuple[Path, Path, Path], tmp_path: Path, sep_line: bool
) -> None:
    """Excel in a European locale (list separator ';') saves every CSV with semicolons,
    'CSV UTF-8 (Comma delimited)' too, sometimes under a ``sep=;`` line.  The contacts
    export and the pupil list so saved were refused as "export the register again as CSV,
    or ... Save As 'CSV UTF-8 (Comma delimited)'": not the register, and a Save As that
    writes semicolons again on that PC.  The line names no kind of file it cannot know and
    gives the way out that works there: save it as an Excel Workbook, which attcli reads
    (checked: the same rows as .xlsx are read), or export it again from the MIS.  Not read
    by a guessed separator (docs/presets.md).  (A file under ``sep=;`` says its separator
    and is read: tests/test_sweep_slips4.py.)"""
    import openpyxl

    ws, export, contacts = school
    semi = _semicolons(tmp_path / "contacts_semi.csv", contacts.read_text(), sep_line=sep_line)
    code, out, err = run_cli(
        "letters", export, "--contacts", semi, "-c", ws, "--out", tmp_path / "l",
        "--as-of", "2026-09-18", "--dry-run",
    )  # fmt: skip
    assert code == 1, out + err
    line = err.strip()
    assert line.count("\n") == 0 and line.startswith(f"error: {semi}, line {1 + sep_line}: ")
    assert "the cells are separated by semicolons, not commas" in line
    assert "register" not in line and "Save As 'CSV" not in line
    assert line.endswith(
        "attcli reads comma-separated CSV, which Excel saves with semicolons where a "
        "country's list separator is ';': in Excel, Save As 'Excel Workbook (*.xlsx)' and "
        "give that, or export it again from the MIS as CSV, or (in Notepad) add a first line "
        "sep=; to name the separator, which attcli then reads"
    ), line
    book = openpyxl.Workbook()
    for row in contacts.read_text().splitlines():
        book.active.append(row.split(","))
    book.save(tmp_path / "contacts.xlsx")
    code, out, err = run_cli(
        "letters", export, "--contacts", tmp_path / "contacts.xlsx", "-c", ws, "--out",
        tmp_path / "l", "--as-of", "2026-09-18", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert "3 letters would be written" in " ".join((out + err).split())


def test_a_csv_named_xlsx_shows_its_first_line_without_the_byte_order_mark(
    school: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A register saved as 'CSV UTF-8' and named .xlsx: "its first line begins
    '\\ufeffUPN,...'", the byte-order mark Excel writes shown as an escape the office
    cannot read.  The line is shown as Notepad shows it."""
    ws, export, _ = school
    named = tmp_path / "register.xlsx"
    named.write_bytes(b"\xef\xbb\xbf" + export.read_bytes())
    code, _, err = run_cli("check", named, "-c", ws, "--as-of", "2026-09-18")
    assert code == 1
    assert err.strip() == (
        f"error: {named}: not an Excel workbook: it is a text file (its first line begins "
        "'UPN,Surname,Forename,Date of Birth,Date,Session,Mark'). If it is a CSV export, "
        "rename it to end .csv; otherwise save the report from your MIS as CSV (UTF-8) or as "
        "an Excel Workbook (.xlsx)"
    )


def _open_in_excel(monkeypatch: pytest.MonkeyPatch, held: Path) -> None:
    """``held`` open in Excel on Windows: os.replace onto it is refused (WinError 32 and 5
    reach Python as PermissionError)."""
    real = os.replace

    def replace(src: object, dst: object, *args: object, **kw: object) -> None:
        if Path(str(dst)) == held:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        real(src, dst, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


def test_a_check_recorded_over_a_workbook_open_in_excel_records_nothing(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Friday's `check --record -o week.xlsx --force` while last week's week.xlsx is open
    in Excel: one line saying so and what to do, last week's file as it was, and no run
    recorded (the run on record stays last week's, so next week's NEW is against it).
    Found right: the output is written before the run is recorded."""
    ws, export, _ = school
    week = tmp_path / "week.xlsx"
    args = ("check", export, "-c", ws, "-o", week, "--record", "--force")
    code, _, err = run_cli(*args, "--as-of", "2026-09-11")
    assert code == 0, err
    before = week.read_bytes()
    _open_in_excel(monkeypatch, week)
    code, out, err = run_cli(*args, "--as-of", "2026-09-18")
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in out + err
    (line,) = [x for x in err.splitlines() if x.startswith("error:")]
    assert line == (
        f"error: cannot write {week}: it is open in another program (Excel?) or read-only; "
        "close it and run again (nothing was written)"
    )
    assert week.read_bytes() == before and not list(tmp_path.glob(".week.xlsx.*"))
    with sqlite3.connect(ws.parent / "attcli-history.sqlite3") as db:
        assert db.execute("SELECT as_of FROM snapshots").fetchall() == [("2026-09-11",)]


def test_an_la_return_over_a_file_open_in_excel_is_not_recorded(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`la-return --month 2026-09 -o sep.xlsx --force` while the officer's sep.xlsx is open
    in Excel: refused in one line, and no return on record (a return recorded and not
    written would make next month's pupils "continuing" of a return the LA never had).
    Found right: the record follows the file."""
    import openpyxl

    ws, export, _ = school
    sep = tmp_path / "sep.xlsx"
    openpyxl.Workbook().save(sep)
    _open_in_excel(monkeypatch, sep)
    code, out, err = run_cli(
        "la-return", export, "-c", ws, "--month", "2026-09", "--as-of", "2026-09-18",
        "-o", sep, "--force",
    )  # fmt: skip
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in out + err
    assert f"error: cannot write {sep}: it is open in another program (Excel?)" in err
    history = ws.parent / "attcli-history.sqlite3"
    if history.exists():
        with sqlite3.connect(history) as db:
            assert db.execute("SELECT count(*) FROM la_returns").fetchone() == (0,)


def test_a_copy_of_the_config_elsewhere_starts_no_second_history_on_its_first_run(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workspaces for one school (the brief's item 4).  Found right, from sweep
    "history": the user folder's workspace keeps the school's history (a letter sent);
    attcli.toml copied to the Desktop and run there, its first recording run is refused
    in one line naming the user folder's workspace and its history.  The user folder is
    the one other workspace attcli can know of; one elsewhere (a shared drive) cannot be
    told from a new school's first run (docs/decisions.md)."""
    ws, export, contacts = school
    user = tmp_path / "user"
    monkeypatch.setattr("attcli.workspace.user_folder", lambda: user)
    user.mkdir()
    (user / "attcli.toml").write_text(ws.read_text())
    code, said = _letters(user / "attcli.toml", export, contacts, tmp_path / "l1")
    assert code == 0, said
    desk = tmp_path / "Desktop"
    desk.mkdir()
    (desk / "attcli.toml").write_text(ws.read_text())
    said = (
        f"this workspace ({desk}) has no history yet, but the workspace in your user folder "
        f"({user}) keeps the history of the same school (URN 100001)"
    )
    at = ("-c", desk / "attcli.toml", "--as-of", "2026-09-18")
    code, out, err = run_cli("letters", export, "--contacts", contacts, "--out", desk / "l", *at)
    assert code == 1 and said in " ".join(err.split()), out + err
    # (the check is shown; its run is not stored, said in a note)
    code, out, err = run_cli("check", export, "--record", *at)
    assert code == 0 and f"not recorded: {said}" in " ".join((out + err).split())
    assert not (desk / "attcli-history.sqlite3").exists()


def _read_only_drive(monkeypatch: pytest.MonkeyPatch, under: Path) -> None:
    """Every folder made, and every file created, under ``under`` fails EROFS, as on a
    read-only mount (a share given read-only, a locked memory stick): root's chmod does
    not stop a write here, so the OSError is made."""
    real_mkdir, real_open = Path.mkdir, os.open

    def mkdir(self: Path, *args: object, **kw: object) -> None:
        if self.is_relative_to(under):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        real_mkdir(self, *args, **kw)  # type: ignore[arg-type]

    def os_open(path: object, flags: int, *args: object, **kw: object) -> int:
        if flags & os.O_CREAT and Path(str(path)).is_relative_to(under):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", os_open)


def test_a_folder_or_file_on_a_read_only_drive_says_what_to_do(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`letters --out E:\\letters` and `init E:\\school` on a read-only drive were "cannot
    make the folder F: Read-only file system", naming the drive's state but not what to
    do; an output whose folder the OS lets attcli write but whose drive refuses (a share
    mounted read-only that reports otherwise) was "cannot write in the folder F:
    Read-only file system (nothing was written)".  Each now says the drive is read-only
    and to choose a folder on a drive that can be written to; no letter begun."""
    ws, export, contacts = school
    drive = tmp_path / "E"
    drive.mkdir()
    _read_only_drive(monkeypatch, drive)
    code, said = _letters(ws, export, contacts, drive / "letters")
    assert code == 1
    (line,) = [x for x in said.splitlines() if x.startswith("error:")]
    assert line == (
        f"error: cannot make the folder {drive / 'letters'}: the drive is read-only (a "
        "share given read-only, a locked memory stick?); choose a folder on a drive you can "
        "write to (nothing was written)"
    )
    code, _, err = run_cli("init", drive / "school", "--school", "X", "--urn", "123456")
    assert code == 1
    assert err.strip().startswith(f"error: cannot make the folder {drive / 'school'}: the "
                                  "drive is read-only")  # fmt: skip
    out = drive / "week.csv"
    code, _, err = run_cli("check", export, "-c", ws, "--as-of", "2026-09-18", "-o", out)
    monkeypatch.undo()
    assert code == 1
    assert err.strip() == (
        f"error: cannot write in the folder {drive}: the drive is read-only (a share given "
        "read-only, a locked memory stick?); choose a folder on a drive you can write to "
        "(nothing was written)"
    )
    assert list(drive.iterdir()) == [] and _letters_rows(ws) == []


def test_a_folder_made_on_a_full_disk_says_the_disk_is_full(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`letters --out` a new folder on a full memory stick was "cannot make the folder F:
    No space left on device": now the disk-full line every write says."""
    ws, export, contacts = school
    real_mkdir = Path.mkdir

    def mkdir(self: Path, *args: object, **kw: object) -> None:
        if self.name == "letters":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        real_mkdir(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    code, said = _letters(ws, export, contacts, tmp_path / "letters")
    monkeypatch.undo()
    assert code == 1
    (line,) = [x for x in said.splitlines() if x.startswith("error:")]
    assert line == (
        f"error: cannot make the folder {tmp_path / 'letters'}: the disk is full: free some "
        "space and run it again (nothing was written)"
    )


class _FullDisk(io.RawIOBase):
    """A file on a disk with ``room`` bytes free, as an unbuffered stdout redirected there
    (``PYTHONUNBUFFERED``, an IDE's console) writes to it: a write takes what fits and says
    how much (a short write), the next one fails ENOSPC."""

    def __init__(self, room: int) -> None:
        self.room, self.data = room, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: object) -> int:
        if self.room == 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        chunk = bytes(b)[: self.room]  # type: ignore[call-overload]
        self.data += chunk
        self.room -= len(chunk)
        return len(chunk)


def _to_full_disk(
    monkeypatch: pytest.MonkeyPatch, *args: str | Path, buffered: bool
) -> tuple[int, str, _FullDisk]:
    """``attcli ARGS > FILE`` on a disk with 200 bytes free: (exit code, stderr, FILE)."""
    import contextlib

    from attcli.cli import main

    raw = _FullDisk(200)
    stream = io.BufferedWriter(raw, 1024) if buffered else raw
    out = io.TextIOWrapper(stream, encoding="utf-8", newline="")  # type: ignore[arg-type]
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "argv", ["attcli", *map(str, args)])
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        with contextlib.suppress(OSError):
            out.flush()
    monkeypatch.undo()
    return code, err.getvalue(), raw


@pytest.mark.parametrize(
    ("fmt", "buffered"), [("csv", True), ("table", True), ("csv", False)]
)
def test_output_redirected_to_a_full_disk_is_said_cut_short(
    school: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, fmt: str, buffered: bool
) -> None:
    """`attcli check reg.csv -f csv > week.csv` on a full disk.  Unbuffered (an IDE, or
    PYTHONUNBUFFERED), the CSV went by a raw write whose short count was not looked at:
    the first 200 bytes written, exit 0, nothing said.  Buffered, output smaller than the
    buffer was flushed as the process ended, whose failure was passed over (exit 0); more
    was "the disk is full: free some space and run it again (nothing was half written)",
    of a file cut short.  Now every byte is written or the run fails, and the line says the
    output sent to a file is cut short, and that -o writes it whole or not at all.
    (Left: the table to an unbuffered stdout goes through Python's text stream, which
    passes over a raw write's short count itself.)"""
    ws, export, _ = school
    code, err, raw = _to_full_disk(
        monkeypatch, "check", export, "-c", ws, "--as-of", "2026-09-18", "-f", fmt,
        buffered=buffered,
    )  # fmt: skip
    assert code == 1, err
    assert len(raw.data) == 200
    (line,) = [x for x in err.splitlines() if x.startswith("error:")]
    assert line == (
        "error: the disk is full: what attcli printed to a file (> FILE) is cut short, not "
        "whole: free some space and run it again (-o FILE writes a file whole or not at all)"
    )


def test_a_certificate_open_in_a_pdf_viewer_is_said_so_not_excel(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pupil AAA reg.csv --pdf cert.pdf --force` while last term's cert.pdf is open in a
    PDF viewer: "open in another program (Excel?)", sending the office to close Excel.
    The guess follows the file's ending; the old certificate is left as it was."""
    ws, export, _ = school
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF-1.7 last term's")
    _open_in_excel(monkeypatch, cert)
    code, _, err = run_cli(
        "pupil", "AAA", export, "-c", ws, "--as-of", "2026-09-18", "--pdf", cert, "--force"
    )
    monkeypatch.undo()
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"error: cannot write {cert}: it is open in another program (a PDF viewer?) or "
        "read-only; close it and run again (nothing was written)"
    )
    assert cert.read_bytes() == b"%PDF-1.7 last term's"


def test_check_record_in_a_read_only_workspace_is_refused_before_its_output(
    school: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check --record -o week.csv` with the workspace on a share given read-only: the
    check was made and week.csv written, then "cannot write the history ...: its folder
    ... is read-only": a file on disk for a run not on record, and `-o week.csv` next time
    "already exists".  The history is asked first, as `letters` and `evidence` ask it:
    one line, nothing written.  (Read-only as an office user's share is: os.access.)"""
    from attcli import store

    ws, export, _ = school
    real = os.access
    folder = ws.parent
    monkeypatch.setattr(
        store.os, "access", lambda p, mode: False if Path(p) == folder else real(p, mode)
    )
    week = tmp_path / "week.csv"
    code, out, err = run_cli(
        "check", export, "-c", ws, "--as-of", "2026-09-18", "--record", "-o", week
    )
    monkeypatch.undo()
    assert code == 1 and out == ""
    history = folder / "attcli-history.sqlite3"
    assert err.strip() == (
        f"error: cannot write the history {history}: its folder {folder} is read-only (the "
        "history's journal and run lock are made there); make the folder writable, or run "
        "with a workspace you can write to"
    )
    assert not week.exists() and not history.exists()
