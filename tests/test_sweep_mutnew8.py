"""Sweep mutnew8: mutation testing of the twelfth round's new decision code (the workbook's
own temporary folder, one quoting, say_problems, lafile.Named, percent.the_counted): each
test here kills a mutant the earlier tests let live (docs/decisions.md, mutnew8)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from attcli import output

POSIX = os.name != "nt"


def _names(base: Path) -> list[str]:
    return sorted(p.name for p in base.iterdir())


def _aged(folder: Path, seconds: float) -> float:
    """``folder``'s mtime put ``seconds`` before now; gives now."""
    now = time.time()
    os.utime(folder, (now - seconds, now - seconds))
    return now


# ------------------------------------------------ _own_temp: "new-" until its lock is held


@pytest.mark.skipif(not POSIX, reason="flock")
def test_no_run_folder_is_ever_seen_without_its_lock_held(tmp_path, monkeypatch):
    """A run's folder is made "new-", its lock taken, and only then named "run-": at the
    moment the lock is taken nothing in the folder is named "run-" (a sweep in that moment
    would find a "run-" folder whose lock is free and remove a live run's sheets), and
    after, the one folder is "run-" and its lock held (another run cannot take it)."""
    import fcntl

    base = tmp_path / "sheets"
    base.mkdir()
    seen: list[list[str]] = []
    real = output.hold_while_written

    def hold(fd):
        seen.append(_names(base))
        real(fd)

    monkeypatch.setattr(output, "hold_while_written", hold)
    mine, lock = output._own_temp(base)
    try:
        assert len(seen) == 1 and len(seen[0]) == 1 and seen[0][0].startswith("new-"), seen
        assert _names(base) == [mine.name] and mine.name == "run-" + seen[0][0][4:]
        other = os.open(mine / "lock", os.O_RDWR)
        with pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(other)
    finally:
        os.close(lock)


def test_on_windows_a_run_s_folder_is_made_run_at_once_never_renamed(tmp_path, monkeypatch):
    """On Windows (no lock; a folder holding an open file cannot be renamed) the folder is
    made "run-" and kept under the name it was made with ("run-" and mkdtemp's 8 letters),
    not renamed "run-run-..." as the POSIX path would."""
    monkeypatch.setattr(output, "WINDOWS", True)
    base = tmp_path / "sheets"
    base.mkdir()
    mine, lock = output._own_temp(base)
    os.close(lock)
    assert _names(base) == [mine.name]
    assert mine.name.startswith("run-") and not mine.name.startswith("run-run-")
    assert len(mine.name) == len("run-") + 8


def test_a_lock_that_cannot_be_made_leaves_no_folder_behind(tmp_path, monkeypatch):
    """Where the lock file cannot be made (a full disk), _own_temp lets the error through
    (private_temp then uses the default temp folder) and leaves no "new-" folder behind."""
    base = tmp_path / "sheets"
    base.mkdir()
    real = os.open

    def refuse(path, *a, **k):
        if str(path).endswith("lock"):
            raise OSError(28, "No space left on device")
        return real(path, *a, **k)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(OSError):
        output._own_temp(base)
    monkeypatch.setattr(os, "open", real)
    assert _names(base) == []


@pytest.mark.skipif(not POSIX, reason="/proc/self/fd")
def test_a_workbook_s_write_lets_go_of_its_lock(tmp_path, monkeypatch):
    """private_temp closes its lock's file after the write: as many files open after a
    workbook's write as before (a long run writing a school's workbooks one by one left one
    open per workbook)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("no /proc")
    before = len(list(fds.iterdir()))
    for _ in range(3):
        assert output.render_to_bytes(lambda b: b.write(b"x")) == b"x"
    assert len(list(fds.iterdir())) == before


# ------------------------------------------------ _clear_dead_temp: what goes and what stays


def test_a_new_folder_goes_at_the_stale_age_not_before_even_with_its_lock_free(tmp_path):
    """A "new-" folder is a run's being made (its lock not yet taken) or one a run killed
    before it was named left: it goes by age alone, kept at STALE_SECONDS - 1 old, removed
    at STALE_SECONDS (the age is "< STALE_SECONDS: kept")."""
    base = tmp_path / "sheets"
    young = base / "new-young123"
    young.mkdir(parents=True)
    (young / "lock").write_bytes(b"")  # (free: no one holds it)
    now = _aged(young, output.STALE_SECONDS - 1)
    output._clear_dead_temp(base, now)
    assert _names(base) == ["new-young123"]
    now = _aged(young, output.STALE_SECONDS)
    output._clear_dead_temp(base, now)
    assert _names(base) == []


def test_a_run_folder_with_no_lock_goes_at_the_stale_age(tmp_path):
    """A "run-" folder with no lock in it (its lock removed; a Windows run's before its
    lock was made): kept while young, removed at STALE_SECONDS old (not kept for ever as
    "cannot be opened to ask")."""
    base = tmp_path / "sheets"
    folder = base / "run-nolock12"
    folder.mkdir(parents=True)
    (folder / "openpyxl.x").write_text("Lovelace")
    now = _aged(folder, 10)
    output._clear_dead_temp(base, now)
    assert _names(base) == ["run-nolock12"]
    now = _aged(folder, output.STALE_SECONDS)
    output._clear_dead_temp(base, now)
    assert _names(base) == []


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_a_link_named_as_a_run_s_folder_is_never_followed(tmp_path):
    """A symlink planted in the sheets folder, named as a run's folder and an hour old,
    pointing at another folder: the sweep removes nothing in that folder."""
    base = tmp_path / "sheets"
    base.mkdir()
    target = tmp_path / "theirs"
    target.mkdir()
    (target / "keep.txt").write_text("not attcli's")
    link = base / "run-planted1"
    link.symlink_to(target, target_is_directory=True)
    now = time.time() + 2 * output.STALE_SECONDS
    output._clear_dead_temp(base, now)
    assert (target / "keep.txt").read_text() == "not attcli's"


# ------------------------------------------------ say_problems, Named, the_counted


@pytest.mark.parametrize("err", [True, False])
def test_say_problems_is_a_bold_red_note_where_it_is_asked(monkeypatch, err):
    """cliutil.say_problems says "note: " and the line, bold red, on the stream asked
    (standard output for la-check, letters and la-return, whose report it belongs to)."""
    from attcli import cliutil

    said = []
    monkeypatch.setattr(cliutil, "say", lambda line, style=None, *, err=True: said.append(
        (line, style, err)))
    cliutil.say_problems("register problems from 01/09/2026: 2 N codes", err=err)
    assert said == [("note: register problems from 01/09/2026: 2 N codes", "bold red", err)]


def test_a_school_whose_name_reads_as_a_formula_is_made_safe_in_the_la_file():
    """lafile.Named shows a name as written but still through safe_cell: a school named
    "=HYPERLINK(...)" is text in the LA's file ("'=HYPERLINK(...)"), never a live formula.
    A and B present every session of Mon 7 - Fri 11 Sep 2026."""
    import dataclasses
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from attcli.config import Config, School
    from attcli.lacheck import register_check, to_xlsx
    from builders import register

    name = '=HYPERLINK("http://x.example","Oak")'
    config = dataclasses.replace(Config(), school=School(name=name))
    week = " ".join(["/\\"] * 5)
    rc = register_check(register({"A": week, "B": week}, start=dt.date(2026, 9, 7)), config,
                        term="autumn")  # fmt: skip
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=dt.date(2026, 9, 11))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    block = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, 14)}
    assert block["School"].value == "'" + name and block["School"].data_type == "s"


def test_the_counted_keeps_a_plural_given():
    """percent.the_counted's ``many``: "the 2 children", "the child"."""
    from attcli.percent import the_counted

    assert the_counted(2, "child", "children") == "the 2 children"
    assert the_counted(1, "child", "children") == "the child"
