"""The files attcli leaves behind, which office staff see (Windows Explorer shows a file whose
name starts with a dot): a run killed mid-write leaves ``.NAME.xxxxxxxx.part`` beside its
target, one killed while making a new history ``.HISTORY.xxxxxxxx.new`` (sweep of 4 December
(sixth), temps).

A later run writing into the same folder removes those it can prove dead: attcli's own
name, a regular file, older than a write ever takes (an hour by the drive's own clock) and
not held by a live writer (the OS lock every writer holds on its temporary file until it
has its name).  A live writer is faked in-process by holding that lock on another file
descriptor; nothing sleeps.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from attcli import output
from attcli.output import STALE_SECONDS, write_private
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and flock are POSIX")


@pytest.fixture(autouse=True)
def _fresh_sweeps(monkeypatch):
    monkeypatch.setattr(output, "_swept", set())


def aged(path: Path, seconds: float) -> Path:
    """``path`` last written ``seconds`` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def leftover(folder: Path, name: str, age: float, data: bytes = b"Ava Smith,31/12/2015") -> Path:
    path = folder / name
    path.write_bytes(data)
    os.chmod(path, 0o600)
    return aged(path, age)


def test_a_dead_half_written_file_in_the_folder_is_removed_by_the_next_write(tmp_path):
    dead = leftover(tmp_path, ".check.csv.0a1b2c3d.part", STALE_SECONDS + 60)
    other = leftover(tmp_path, ".letter.pdf.ffffffff.part", 2 * 86400)
    write_private(tmp_path / "report.csv", b"x\n")
    assert not dead.exists() and not other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_a_young_half_written_file_is_left_it_may_be_a_live_run_s(tmp_path):
    """Under an hour old: on a drive with no OS locks a colleague's run writing it now
    cannot be told from a dead one, so it stays (the boundary: an hour less a minute)."""
    young = leftover(tmp_path, ".check.csv.0a1b2c3d.part", STALE_SECONDS - 60)
    write_private(tmp_path / "report.csv", b"x\n")
    assert young.exists()


def test_only_attcli_s_own_temporary_names_are_removed(tmp_path):
    old = STALE_SECONDS * 3
    kept = [
        leftover(tmp_path, name, old)
        for name in (
            ".check.csv.part",  # no random part
            ".check.csv.0A1B2C3D.part",  # not attcli's (hex in lower case)
            ".check.csv.0a1b2c3.part",  # seven
            ".check.csv.0a1b2c3d.part.bak",
            "check.csv.0a1b2c3d.part",  # not hidden: a file someone named
            ".check.csv.0a1b2c3d.new",  # a history's, not an output's
            "notes.part",
        )
    ]
    folder = tmp_path / ".x.csv.0a1b2c3d.part"
    folder.mkdir()
    aged(folder, old)
    write_private(tmp_path / "report.csv", b"x\n")
    assert all(p.exists() for p in kept) and folder.is_dir()


@posix_only
def test_a_half_written_file_held_by_a_live_writer_is_never_removed_however_old(tmp_path):
    """Another PC's clock an hour out, a laptop asleep mid-write: the age alone is no proof
    of death. A writer holds an OS lock on its temporary file until it has its name."""
    import fcntl

    live = leftover(tmp_path, ".letter.pdf.0a1b2c3d.part", STALE_SECONDS * 5)
    fd = os.open(live, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the live writer (in-process)
        write_private(tmp_path / "report.csv", b"x\n")
        assert live.exists()
    finally:
        os.close(fd)


@posix_only
def test_a_writer_holds_its_temporary_file_until_it_has_its_name(tmp_path, monkeypatch):
    """A second write into the folder while the first is on disk but not yet renamed (its
    part made to look a day old: a clock out) leaves it, and the first ends whole."""
    real_fsync = os.fsync
    seen: list[str] = []

    def fsync_then_another_write(fd):
        real_fsync(fd)
        parts = sorted(tmp_path.glob(".first.csv.*.part"))
        if parts and not seen:
            seen.append(parts[0].name)
            aged(parts[0], 86400)
            write_private(tmp_path / "second.csv", b"2\n")

    monkeypatch.setattr(output.os, "fsync", fsync_then_another_write)
    write_private(tmp_path / "first.csv", b"1\n")
    assert seen, "the first write made no temporary file"
    assert (tmp_path / "first.csv").read_bytes() == b"1\n"
    assert (tmp_path / "second.csv").read_bytes() == b"2\n"
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_a_temporary_file_removed_under_a_write_is_one_line(tmp_path, monkeypatch):
    """Another program (or a person in Explorer) deleting the temporary file before its
    rename: one line saying nothing was written, not "a bug in attcli"."""
    real_fsync = os.fsync

    def fsync_then_delete(fd):
        real_fsync(fd)
        for part in tmp_path.glob(".*.part"):
            part.unlink()

    monkeypatch.setattr(output.os, "fsync", fsync_then_delete)
    with pytest.raises(output.OutputError) as caught:
        write_private(tmp_path / "report.csv", b"x\n")
    said = str(caught.value)
    assert "report.csv" in said and "removed while" in said and "nothing was written" in said
    assert not (tmp_path / "report.csv").exists()


@pytest.fixture
def la_school(tmp_path: Path) -> Path:
    from test_la_return import full_register, write_export
    from test_sweep_crash import D

    make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    write_export(tmp_path / "sep.csv", full_register(), D(2026, 9, 30))
    return tmp_path


@posix_only
def test_a_return_killed_mid_write_leaves_a_part_the_next_run_into_the_folder_removes(la_school):
    """A real SIGKILL as the return's bytes are on disk under the temporary name; an hour on,
    the same command writes the return and the dead file is gone."""
    from test_sweep_crash import die_at

    out = la_school / "out"
    out.mkdir()
    args = ("la-return", la_school / "sep.csv", "--month", "2026-09",
            "-c", la_school / "school" / "attcli.toml", "-o", out / "return.csv")  # fmt: skip
    died = die_at("attcli.output:os.fsync", "kill", *args)
    assert died.returncode == -signal.SIGKILL, died.stderr
    parts = list(out.glob(".return.csv.*.part"))
    assert len(parts) == 1 and output.PART_NAME.fullmatch(parts[0].name)
    aged(parts[0], STALE_SECONDS + 1)
    code, _, err = run_cli(*args)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["return.csv"]


def test_a_dead_new_history_s_temporary_file_goes_when_the_history_is_made(tmp_path):
    """A run killed while making a new history left ``.NAME.xxxxxxxx.new`` (an empty store)
    beside where the history goes; the next run makes the history and removes it, but a
    young one (a colleague's run making it this second) and another history's stay."""
    from attcli.store import History

    dead = leftover(tmp_path, ".attcli-history.sqlite3.0a1b2c3d.new", STALE_SECONDS + 60, b"")
    young = leftover(tmp_path, ".attcli-history.sqlite3.11111111.new", 30, b"")
    others = leftover(tmp_path, ".other.sqlite3.22222222.new", STALE_SECONDS * 3, b"")
    with History(tmp_path / "attcli-history.sqlite3", write=True) as store:
        assert store.created
    assert not dead.exists()
    assert young.exists() and others.exists()


_KILLED_MID_TRANSACTION = r"""
import os, signal, sys
from attcli.store import History
store = History(sys.argv[1], write=True)
store.db.execute("PRAGMA cache_size=1")  # (pages spill to the file: the journal is hot)
store.db.execute("BEGIN IMMEDIATE")
store.db.execute("CREATE TABLE half_done(x)")
for _ in range(200):
    store.db.execute("INSERT INTO half_done VALUES (zeroblob(10000))")
os.kill(os.getpid(), signal.SIGKILL)
"""


@posix_only
def test_a_dry_run_reads_a_history_whose_run_was_killed_mid_record(tmp_path):
    """A run killed in the middle of a record leaves ``HISTORY-journal`` beside the history
    (SQLite's, to undo the half-made record). A letters dry run (which reads a copy, never
    locking or writing) then said "cannot write the history ...: it, or its folder, is
    read-only; make both writable", which is untrue and sends the office to IT. The record
    is undone as any other command's open undoes it, and the history read as committed."""
    import subprocess
    import sys

    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    with History(path, write=True):
        pass
    env = {**os.environ, "PYTHONPATH": str(Path(output.__file__).parents[1])}
    died = subprocess.run([sys.executable, "-c", _KILLED_MID_TRANSACTION, str(path)],
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert died.returncode == -signal.SIGKILL, died.stderr
    journal = tmp_path / "attcli-history.sqlite3-journal"
    assert journal.stat().st_size > 0
    with History(path, detached=True) as store:
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables and "letters" in tables
    assert not journal.exists()


@posix_only
def test_a_letters_dry_run_after_a_run_killed_mid_record_says_what_would_be_sent(tmp_path):
    """The same through the letters run: sent AMB's and RED's letters, a run killed mid-record,
    then a dry run says both were sent (not "the history ... is read-only")."""
    import subprocess
    import sys

    from builders import register
    from test_letters import PUPILS, run

    reg = register({"AMB": PUPILS["AMB"], "RED": PUPILS["RED"]})
    run(tmp_path, reg)
    path = tmp_path / "history.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(Path(output.__file__).parents[1])}
    died = subprocess.run([sys.executable, "-c", _KILLED_MID_TRANSACTION, str(path)],
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert (tmp_path / "history.sqlite3-journal").exists()
    again = run(tmp_path, reg, dry_run=True)
    assert sorted((x.upn, x.status) for x in again.letters) == [
        ("AMB", "already sent"), ("RED", "already sent")
    ]
