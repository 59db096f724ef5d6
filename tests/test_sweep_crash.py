"""Runs that die part-way: a power cut, a laptop lid, Ctrl-C, a process killed by the
antivirus (sweep of 4 December (sixth), crash).

A real kill is aimed by :func:`die_at`: the command runs in a subprocess whose chosen
function kills the process itself (SIGKILL, or SIGINT as Ctrl-C sends it) on its Nth
call, so the kill lands between two named writes, never on a timer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from attcli.clock import today
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

ROOT = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and SIGINT are POSIX")

_DIE = """
import importlib, os, signal, sys
target, how, nth, when = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
module, qual = target.split(":")
owner = importlib.import_module(module)
*path, name = qual.split(".")
for part in path:
    owner = getattr(owner, part)
real = getattr(owner, name)
calls = [0]
def dying(*args, **kw):
    calls[0] += 1
    if calls[0] == nth and when == "before":
        os.kill(os.getpid(), signal.SIGKILL if how == "kill" else signal.SIGINT)
    done = real(*args, **kw)
    if calls[0] == nth and when == "after":
        os.kill(os.getpid(), signal.SIGKILL if how == "kill" else signal.SIGINT)
    return done
setattr(owner, name, dying)
sys.argv = ["attcli", *sys.argv[5:]]
from attcli.cli import main
main()
"""


def die_at(target: str, how: str, *args: str | Path, nth: int = 1, when: str = "before",
           cwd: Path | None = None, env: dict[str, str] | None = None,
           ) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """``attcli ARGS`` in a subprocess that kills itself (``how``: "kill" SIGKILL, "int"
    SIGINT) as ``target`` (``module:Class.method``) is called for the ``nth`` time
    (``when``: "before" the call, or "after" it returns)."""
    src = str(ROOT / "src")
    environ = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-c", _DIE, target, how, str(nth), when, *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env={**environ, **(env or {})}, timeout=120,
    )  # fmt: skip


def hidden_files(folder: Path) -> list[str]:
    """Files a stopped run may have left whose name a person could take for output."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith((".part", ".new", ".tmp")))


# --------------------------------------------------------------------------- la-return

D = dt.date


@pytest.fixture()
def la_school(tmp_path: Path) -> Path:
    """A workspace and September's export (tests/test_la_return.py's planted register)."""
    from test_la_return import full_register, write_export

    make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    write_export(tmp_path / "sep.csv", full_register(), D(2026, 9, 30))
    return tmp_path


def la_returns(root: Path) -> list[tuple[str, str, str]]:
    """(label, file, produced) of each return on record."""
    db = sqlite3.connect(root / "school" / "attcli-history.sqlite3")
    try:
        return db.execute("SELECT label, file, produced_on FROM la_returns ORDER BY id").fetchall()
    finally:
        db.close()


@posix_only
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_return_killed_before_its_record_is_recorded_by_the_next_run(la_school, suffix):
    """SIGKILL between putting the return's file in place and recording it left the file
    whole and on record nowhere; the same command again said only "sep.xlsx already
    exists; use --force to replace it": an officer cannot tell whether the first run
    finished, was recorded, or what --force would replace. The file is byte for byte the
    return this run makes, so this run records it (not written again) and says so."""
    out = la_school / f"return{suffix}"
    args = ("la-return", la_school / "sep.csv", "--month", "2026-09",
            "-c", la_school / "school" / "attcli.toml", "-o", out)  # fmt: skip
    died = die_at("attcli.store:History.add_la_return", "kill", *args)
    assert died.returncode == -signal.SIGKILL, died.stderr
    written = dt.datetime.combine(today(), dt.time(12)).timestamp()  # (the tests' "today")
    os.utime(out, (written, written))
    made = out.read_bytes()
    assert la_returns(la_school) == []  # the file, on record nowhere
    code, _, err = run_cli(*args)
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        f"{out} is this return, written by a run stopped before it was recorded: recorded it "
        "as return 1, the file left as it was" in said
    ), said
    assert out.read_bytes() == made
    assert la_returns(la_school) == [("2026-09", str(out), today().isoformat())]
    assert hidden_files(la_school) == []
    # and it is now a return on record: the same command again is refused, saying which
    code, _, err = run_cli(*args)
    assert code == 1 and f"{out} already exists: it is return 1 on record, written " in " ".join(
        err.split()
    )


@posix_only
def test_a_return_killed_before_its_record_is_recognised_on_a_later_day(la_school):
    """Killed on Monday, run again on Tuesday: the workbook says Monday ("Date produced"),
    so Tuesday's bytes differ. The file is compared as made on the day it was written (its
    modification date), and recorded as produced then."""
    out = la_school / "sep.xlsx"
    args = ("la-return", la_school / "sep.csv", "--month", "2026-09",
            "-c", la_school / "school" / "attcli.toml", "-o", out)  # fmt: skip
    monday = dt.datetime(2026, 10, 5, 16, 30)
    died = die_at("attcli.store:History.add_la_return", "kill", *args,
                  env={"ATTCLI_TODAY": monday.date().isoformat()})  # fmt: skip
    assert died.returncode == -signal.SIGKILL, died.stderr
    os.utime(out, (monday.timestamp(), monday.timestamp()))  # (written on Monday)
    made = out.read_bytes()
    os.environ["ATTCLI_TODAY"] = "2026-10-06"
    try:
        code, _, err = run_cli(*args)
    finally:
        del os.environ["ATTCLI_TODAY"]
    assert code == 0, err
    assert "written by a run stopped before it was recorded: recorded it as return 1" in " ".join(
        err.split()
    )
    assert out.read_bytes() == made
    assert la_returns(la_school) == [("2026-09", str(out), "2026-10-05")]


@posix_only
def test_a_killed_returns_file_that_differs_from_this_return_is_refused_saying_what_it_is(
    la_school,
):
    """The run made again another way (another --as-of; a corrected register): the killed
    run's file is not this return. Refused,
    as before, but saying that no return on record is that file (so it was never sent as
    far as attcli knows) and that --force replaces it and records this one."""
    out = la_school / "sep.xlsx"
    config = la_school / "school" / "attcli.toml"
    died = die_at("attcli.store:History.add_la_return", "kill", "la-return", la_school / "sep.csv",
                  "--month", "2026-09", "-c", config, "-o", out)  # fmt: skip
    assert died.returncode == -signal.SIGKILL, died.stderr
    made = out.read_bytes()
    # (made as of another day: another return)
    args = ["la-return", la_school / "sep.csv", "--month", "2026-09", "-c", config, "-o", out]
    code, _, err = run_cli(*args, "--as-of", "2026-09-29")
    assert code == 1
    said = " ".join(err.split())
    assert (
        f"error: {out} already exists and is no return on record (a run stopped before "
        "recording it?), and it is not this return: use --force to replace it with this "
        "one and record it" in said
    ), said
    assert out.read_bytes() == made and la_returns(la_school) == []
    code, _, err = run_cli(*args, "--as-of", "2026-09-29", "--force")
    assert code == 0, err
    assert [r[0] for r in la_returns(la_school)] == ["2026-09"]
    assert hashlib.sha256(out.read_bytes()).hexdigest() != hashlib.sha256(made).hexdigest()


@pytest.mark.parametrize(
    ("suffix", "body"),
    [(".csv", b"last week's notes\r\n"), (".xlsx", b"last week's file"),
     (".csv", b"UPN,Surname\r\nA1,Other\r\n")],
)  # fmt: skip
def test_a_file_no_run_could_have_written_is_refused_before_the_register_is_read(
    la_school, suffix, body
):
    """Only a file that may be a return attcli wrote (a workbook; a CSV under the return's
    own header row) is worth making the return to compare with it: anything else in the
    way (last week's notes, another program's CSV) is refused before the slow load, as
    every output is (tests/test_output_first.py), not after reading the exports."""
    out = la_school / f"in-the-way{suffix}"
    out.write_bytes(body)
    config = la_school / "school" / "attcli.toml"
    missing = la_school / "no-such-export.csv"  # read first, this would be the error
    code, _, err = run_cli("la-return", missing, "--month", "2026-09", "-c", config, "-o", out)
    assert (code, err.strip()) == (1, f"error: {out} already exists; use --force to replace it")
    assert out.read_bytes() == body


@posix_only
@pytest.mark.parametrize("default_name", [False, True])
def test_a_return_killed_after_its_record_is_named_as_on_record_when_run_again(
    la_school, default_name
):
    """Killed after the record, before a word was printed (the laptop lid closed): the same
    command again said "sep.xlsx already exists; use --force to replace it", and the officer
    could not tell whether the first run had finished or what --force would replace. It
    says the file is the return on record (its number, when and by whom), so that run
    finished; --force still makes it again (nothing new recorded, as before)."""
    config = la_school / "school" / "attcli.toml"
    out = la_school / "la-return-2026-09.xlsx"
    args = ["la-return", la_school / "sep.csv", "--month", "2026-09", "-c", config]
    if not default_name:
        out = la_school / "september.xlsx"
        args += ["-o", out]
    died = die_at("attcli.store:History.add_la_return", "kill", *args, cwd=la_school,
                  when="after")  # fmt: skip
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert len(la_returns(la_school)) == 1
    made = out.read_bytes()
    here = os.getcwd()
    os.chdir(la_school)  # (the default name is in the folder the command runs in)
    try:
        code, _, err = run_cli(*args)
        said = " ".join(err.split())
        assert code == 1
        assert f"error: {out.name if default_name else out} already exists: it is return 1 on " \
            "record, written " in said, said
        assert said.endswith("; use --force to replace it"), said
        assert out.read_bytes() == made
        code, _, err = run_cli(*args, "--force")
    finally:
        os.chdir(here)
    assert code == 0, err
    assert "the same as return 1" in " ".join(err.split())
    assert len(la_returns(la_school)) == 1


# --------------------------------------------------------------------------- Ctrl-C at start

_CTRL_C_AT_IMPORT = """
import os, runpy, signal, sys

class CtrlC:  # Ctrl-C pressed while Polars loads (the first half second of every command)
    def find_spec(self, name, path=None, target=None):
        if name == "polars":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["attcli", *sys.argv[1:]]
runpy.run_module("attcli", run_name="__main__", alter_sys=True)
"""


@posix_only
@pytest.mark.parametrize("debug", [False, True])
def test_ctrl_c_while_attcli_starts_is_one_line_not_a_traceback(tmp_path, debug):
    """Ctrl-C in the first half second of a command (attcli loading Polars, before the
    command began) printed Python's traceback, 20 lines ending "KeyboardInterrupt", and
    the process died of the signal (status -2): every other Ctrl-C is one line and exit
    130. Now the same line and 130 (--debug keeps the traceback, as for any error)."""
    src = str(ROOT / "src")
    args = ["--debug"] if debug else []
    done = subprocess.run(
        [sys.executable, "-c", _CTRL_C_AT_IMPORT, *args, "codes"], capture_output=True,
        text=True, cwd=tmp_path, timeout=120,
        env={**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")},
    )  # fmt: skip
    if debug:
        assert "Traceback" in done.stderr and "KeyboardInterrupt" in done.stderr
        return
    assert done.returncode == 130, done.stderr
    assert done.stderr == (
        "error: interrupted; files are written whole or not at all, so run it again\n"
    )
    assert done.stdout == ""


@pytest.mark.parametrize("key", ["ctrl-c", "ctrl-d"])
def test_ctrl_c_at_an_init_question_exits_130_and_ctrl_d_1(tmp_path, monkeypatch, key):
    """`attcli init` on a terminal asks for each school detail. Ctrl-C at a question ended
    "stopped: nothing was written" with exit status 1, as the end of input (Ctrl-D) does:
    every other Ctrl-C exits 130, which a script or a shell's `$?` reads as "stopped by
    the user". Ctrl-C exits 130 now, Ctrl-D 1 as before; the question's line is ended, so
    the error is on a line of its own (it followed the question), and no attcli.toml is
    written."""
    import typer._click.termui as termui

    from attcli import cli

    def pressed(_prompt: str) -> str:
        raise KeyboardInterrupt if key == "ctrl-c" else EOFError

    monkeypatch.setattr(cli, "_asks", lambda: True)  # as on a terminal
    monkeypatch.setattr(termui, "visible_prompt_func", pressed)
    code, out, err = run_cli("init", tmp_path / "school")
    assert code == (130 if key == "ctrl-c" else 1)
    assert out.endswith("School name:\n"), out  # (the error then on a line of its own)
    assert err.endswith("\nerror: stopped: nothing was written\n"), err
    assert "Traceback" not in err
    assert not (tmp_path / "school" / "attcli.toml").exists()


# --------------------------------------------------------------------------- a new history


class PowerCut(BaseException):
    """The machine going off: nothing after it runs."""


def _no_hard_links(monkeypatch) -> None:
    """A drive with no hard links (a FAT memory stick, some network shares)."""

    def no_links(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("attcli.store.os.link", no_links)


@posix_only
@pytest.mark.parametrize("kept", [4096, 50_000, None])
def test_a_new_history_cut_short_by_a_power_cut_on_a_drive_without_hard_links_is_made_again(
    tmp_path, monkeypatch, kept
):
    """Where the drive has no hard links, a new history is copied into its place in a file
    made exclusively. A power cut during the copy left the part of it that reached the
    disk: a file starting "SQLite format 3" and cut short, which every later command
    called damaged ("restore the school's history from its backup; do not delete it"), in
    a workspace that had never held a record and has no backup: stuck for good. The first
    bytes of the header are now written last, once the rest is on disk, so a copy cut
    short is known for what it is (a new history with nothing in it, byte for byte) and
    the next run makes it again. ``kept``: the bytes of the copy that reached the disk
    (None: all but the header's first 16)."""
    from attcli.store import History

    _no_hard_links(monkeypatch)
    path = tmp_path / "attcli-history.sqlite3"
    real_fsync = os.fsync

    def cut(fd: int) -> None:  # the first fsync of the history itself: the power goes
        if os.path.samefile(f"/proc/self/fd/{fd}", path) if path.exists() else False:
            if kept is not None:
                os.ftruncate(fd, kept)  # (what had not reached the disk is lost)
            raise PowerCut
        real_fsync(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc")
    monkeypatch.setattr("attcli.store.os.fsync", cut)
    with pytest.raises(PowerCut):
        History(path, write=True)
    monkeypatch.setattr("attcli.store.os.fsync", real_fsync)
    assert path.exists()  # (the part of the copy that reached the disk)
    (tmp_path / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out, err = run_cli("pn", "list", "-c", tmp_path / "attcli.toml")
    assert code == 0, err
    assert "damaged" not in err
    with History(path) as store:
        assert store.notices() == []
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.close()


def test_a_history_whose_first_bytes_are_lost_is_still_damaged_not_made_again(tmp_path):
    """Only a copy cut short of a new, empty history is made again: a history holding
    records whose first 16 bytes are zero (a disk fault) is refused as damaged, as before,
    and left as it is."""
    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        store.record_actions([("A123456789012", "letter", D(2026, 10, 1), "", "")], by="K")
    data = bytearray(path.read_bytes())
    data[:16] = bytes(16)
    path.write_bytes(bytes(data))
    with pytest.raises(Exception, match="is damaged|is not an attcli history"):
        History(path, write=True)
    assert path.read_bytes() == bytes(data)


# --------------------------------------------------------------------------- letters

_LETTERS = """
import sys
from pathlib import Path
from builders import register
from test_letters import PUPILS, run
run(Path(sys.argv[1]), register({"AMB": PUPILS["AMB"], "RED": PUPILS["RED"]}))
"""


@posix_only
@pytest.mark.parametrize(
    ("nth", "when"),
    [(1, "after"), (3, "before"), (5, "before"), (5, "after"), (6, "after")],
    ids=["first-letter", "second-letter", "print-file", "after-print-file", "after-manifest"],
)
def test_a_letters_run_killed_between_its_files_sends_each_letter_once(tmp_path, nth, when):
    """SIGKILL a letters run (AMB's amber letter, RED's red one: four files, then the print
    file, then the manifest) between each pair of its writes; the next run sends each
    letter once: in exactly one print file on disk, recorded as sent once, none left
    `writing`, and the print files hold exactly the two letters' pages."""
    import pypdf

    from attcli.store import History
    from builders import register
    from test_letters import PUPILS, run

    tests = str(Path(__file__).parent)
    died = subprocess.run(
        [sys.executable, "-c", _DIE_THEN(_LETTERS), "attcli.output:write_private", "kill",
         str(nth), when, str(tmp_path)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), tests])},
    )  # fmt: skip
    assert died.returncode == -signal.SIGKILL, died.stderr
    run(tmp_path, register({"AMB": PUPILS["AMB"], "RED": PUPILS["RED"]}))
    with History(tmp_path / "history.sqlite3") as store:
        rows = store.db.execute(
            "SELECT upn, template, status, print_file FROM letters ORDER BY upn"
        ).fetchall()
    assert [r[:3] for r in rows] == [("AMB", "amber", "sent"), ("RED", "red", "sent")]
    out = tmp_path / "out"
    prints = sorted(out.glob("letters-to-print-*.pdf"))
    assert {r[3] for r in rows} <= {p.name for p in prints}
    own = sum(len(pypdf.PdfReader(out / f"{u}_Surname{u}_Forename{u}_{t}.pdf").pages)
              for u, t, _, _ in rows)  # fmt: skip
    assert sum(len(pypdf.PdfReader(p).pages) for p in prints) == own
    assert hidden_files(tmp_path) == []


def _DIE_THEN(code: str) -> str:  # noqa: N802 (a script, as _DIE)
    """:data:`_DIE`'s hook, then ``code`` (argv: target, how, nth, when, then the code's)."""
    hook = _DIE.split("sys.argv = [")[0]
    return hook + "sys.argv = [sys.argv[0], *sys.argv[5:]]\n" + code


def test_ctrl_c_after_an_output_was_written_names_it_and_says_force(tmp_path, monkeypatch):
    """Ctrl-C after `check -o week.csv` had written its file said "run it again", and the
    run again was refused "week.csv already exists": both true, and they clashed. The line
    now names the file written (whole) and says --force replaces it; a Ctrl-C before any
    file was written, or after one the next run replaces itself (letters: force=True),
    says the line as before."""
    import attcli.output as output
    from builders import register, write_long_csv

    export = write_long_csv(register({"AAA": "/ / / / /"}), tmp_path / "export.csv")
    real = output.write_private

    def then_ctrl_c(*args, **kw):
        real(*args, **kw)
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "write_private", then_ctrl_c)
    out = tmp_path / "week.csv"
    ws = make_workspace(tmp_path / "w")
    code, stdout, err = run_cli("check", export, "-c", ws, "-f", "csv", "-o", out)
    assert code == 130 and out.is_file()
    assert err.splitlines()[-1] == (
        f"error: interrupted after {out} was written (whole): run it again with --force to "
        "replace it; files are written whole or not at all"
    )
    monkeypatch.setattr(output, "write_private", real)
    code, stdout, err = run_cli("check", export, "-c", ws, "-f", "csv", "-o", out)
    assert code == 1 and "already exists" in err  # (what the line said: --force)
    code, stdout, err = run_cli("check", export, "-c", ws, "-f", "csv", "-o", out, "--force")
    assert code == 0, err

    def ctrl_c(*args, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "write_private", ctrl_c)  # (before anything was written)
    code, stdout, err = run_cli("check", export, "-c", ws, "-f", "csv", "-o", tmp_path / "b.csv")
    assert code == 130
    assert err.splitlines()[-1] == (
        "error: interrupted; files are written whole or not at all, so run it again"
    )
    monkeypatch.setattr(output, "write_private", then_ctrl_c)  # (a file replaced by a rerun)
    code, stdout, err = run_cli("check", export, "-c", ws, "-f", "csv", "-o", out, "--force")
    assert code == 130
    assert err.splitlines()[-1] == (
        "error: interrupted; files are written whole or not at all, so run it again"
    )
