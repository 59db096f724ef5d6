"""Sweep mutnew8: mutation testing of the twelfth round's new decision code (the workbook's
own temporary folder, one quoting, say_problems, lafile.Named, percent.the_counted): each
test here kills a mutant the earlier tests let live (docs/decisions.md, mutnew8)."""

from __future__ import annotations

import os
import sys
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
    monkeypatch.setattr(
        cliutil, "say", lambda line, style=None, *, err=True: said.append((line, style, err))
    )
    cliutil.say_problems("register problems from 01/09/2026: 2 N codes", err=err)
    assert said == [("note: register problems from 01/09/2026: 2 N codes", "bold red", err)]


def test_a_school_whose_name_reads_as_a_formula_is_made_safe_in_the_la_file():
    """lafile.Named shows a name as written but still through safe_cell: a school named
    "=HYPERLINK(...)" is text in the LA's file ("'=HYPERLINK(...)"), never a live formula.
    A and B present every session of Mon 7 - Fri 11 Sep 2026."""
    from attcli.config import School
    from builders import la_header_block

    name = '=HYPERLINK("http://x.example","Oak")'
    block = la_header_block(School(name=name))
    assert block["School"].value == "'" + name and block["School"].data_type == "s"


def test_the_counted_keeps_a_plural_given():
    """percent.the_counted's ``many``: "the 2 children", "the child"."""
    from attcli.percent import the_counted

    assert the_counted(2, "child", "children") == "the 2 children"
    assert the_counted(1, "child", "children") == "the child"


# ------------------------------------------------ an unlucky office: a planted link, a full disk


def _sheet_written_in(tmp_path: Path, monkeypatch) -> Path:
    """Where a write-only workbook's sheet is while it is written (the system temp folder
    is ``tmp_path/system-temp``); asserts the workbook is written and nothing is left."""
    import tempfile

    from openpyxl import Workbook

    system = tmp_path / "system-temp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    during: list[Path] = []

    def writer(buf):
        wb = Workbook(write_only=True)
        wb.create_sheet("Pupils").append(["Lovelace", "Ada"])
        during.extend(
            p for p in tmp_path.rglob("*") if p.is_file() and p.name != "lock"
            and p.suffix != ".txt"
        )  # fmt: skip
        wb.save(buf)

    assert output.render_to_bytes(writer)[:2] == b"PK"
    assert tempfile.tempdir == str(system)
    assert len(during) == 1, during
    return during[0]


@pytest.mark.skipif(not POSIX, reason="symlinks, modes")
@pytest.mark.parametrize("planted", ["sheets", "attcli"])
def test_a_link_planted_as_the_cache_s_folder_is_not_written_through(
    tmp_path, monkeypatch, planted
):
    """Another user on a shared machine plants ~/.cache/attcli/sheets (or ~/.cache/attcli)
    as a link to a folder they may write in (0777): a run's sheet, pupils' rows, is never
    made in their folder (they could rename a run's folder and put theirs in its place);
    the run falls back to the system temp folder, as a PC whose cache cannot be made."""
    cache = tmp_path / "cache"
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    theirs.chmod(0o777)
    (theirs / "their.txt").write_text("theirs")
    if planted == "sheets":
        (cache / "attcli").mkdir(parents=True, mode=0o700)
        (cache / "attcli" / "sheets").symlink_to(theirs, target_is_directory=True)
    else:
        cache.mkdir()
        (cache / "attcli").symlink_to(theirs, target_is_directory=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    sheet = _sheet_written_in(tmp_path, monkeypatch)
    assert theirs not in sheet.parents and (tmp_path / "system-temp") in sheet.parents
    left = sorted(str(p.relative_to(theirs)) for p in theirs.rglob("*"))
    assert left in (["their.txt"], ["sheets", "their.txt"]), left
    assert (theirs / "their.txt").read_text() == "theirs"


@pytest.mark.skipif(not POSIX, reason="modes")
def test_the_run_s_own_folder_is_used_when_the_cache_is_the_user_s_own(tmp_path, monkeypatch):
    """The check that refuses a planted link refuses nothing of the user's own: a cache
    folder 0755 (as ~/.cache often is) holding attcli's made by attcli: the sheet is in
    ~/.cache/attcli/sheets/run-.../."""
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o755)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    sheet = _sheet_written_in(tmp_path, monkeypatch)
    assert sheet.parent.parent == cache / "attcli" / "sheets"
    assert sheet.parent.name.startswith("run-")


def test_a_full_disk_in_the_cache_leaves_the_workbook_written_as_before(tmp_path, monkeypatch):
    """The cache's disk full (its run folder cannot be made): the workbook is still written,
    its sheet in the system temp folder, nothing left."""
    import tempfile

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    real = tempfile.mkdtemp

    def full(*a, **k):
        if "cache" in str(k.get("dir", "")):
            raise OSError(28, "No space left on device")
        return real(*a, **k)

    monkeypatch.setattr(tempfile, "mkdtemp", full)
    sheet = _sheet_written_in(tmp_path, monkeypatch)
    assert (tmp_path / "system-temp") in sheet.parents


@pytest.mark.skipif(not POSIX, reason="modes")
@pytest.mark.parametrize(
    ("base_mode", "above_mode", "mine"),
    [(0o700, 0o700, True), (0o755, 0o755, True), (0o777, 0o700, False),
     (0o700, 0o777, False), (0o700, 0o1777, True)],
)  # fmt: skip
def test_a_cache_folder_others_may_write_in_is_not_used(tmp_path, base_mode, above_mode, mine):
    """output.only_mine: the sheets folder is used when no one else may write in it nor
    in the folder above it, or the folder above is sticky (as /tmp: no one renames another's
    folder in it); 0777 either, not sticky: not used."""
    above = tmp_path / "attcli"
    base = above / "sheets"
    base.mkdir(parents=True)
    base.chmod(base_mode)
    above.chmod(above_mode)
    assert output.only_mine(base) is mine


@pytest.mark.skipif(not POSIX, reason="flock")
def test_on_a_drive_without_locks_a_young_run_s_folder_is_kept(tmp_path, monkeypatch):
    """A cache on a drive with no OS locks (flock refused: ENOLCK, a network home folder):
    a live run's lock cannot be held, so another run writing a workbook at the same moment
    cannot tell it live by its lock; its sweep must not remove that check's folder, and the
    sheet in it (it did: the lock was taken as free).  The age decides there, as it does
    for an output's temporary file: kept under STALE_SECONDS, removed at it."""
    import errno
    import fcntl

    def no_locks(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    base = tmp_path / "sheets"
    base.mkdir()
    mine, lock = output._own_temp(base)
    (mine / "openpyxl.x").write_text("Lovelace")
    now = _aged(mine, 5)
    output._clear_dead_temp(base, now)  # (the other run's sweep)
    assert _names(base) == [mine.name] and (mine / "openpyxl.x").exists()
    os.close(lock)
    now = _aged(mine, output.STALE_SECONDS)
    output._clear_dead_temp(base, now)
    assert _names(base) == []


@pytest.mark.skipif(not POSIX, reason="O_NOFOLLOW")
def test_a_run_s_folder_whose_lock_cannot_be_opened_to_ask_is_kept(tmp_path):
    """A "run-" folder whose lock cannot be opened to ask (here a link, never followed; as
    another user's lock) is not provably dead: the sweep keeps it, however old, and the file
    the link names is untouched."""
    base = tmp_path / "sheets"
    folder = base / "run-theirs12"
    folder.mkdir(parents=True)
    target = tmp_path / "elsewhere.txt"
    target.write_text("kept")
    (folder / "lock").symlink_to(target)
    output._clear_dead_temp(base, time.time() + 2 * output.STALE_SECONDS)
    assert _names(base) == ["run-theirs12"] and target.read_text() == "kept"


def test_a_trust_s_config_named_with_a_control_is_suggested_as_the_file_s_placeholder(
    tmp_path, monkeypatch
):
    """store.separate_from_trust suggests "-c <the trust's attcli.toml>": a path holding a
    control (an escape in the trust's folder name) on Windows, where no quoting holds it
    inert, is "-c FILE" (command_arg's placeholder given there: not "FOLDER", it names a
    file); elsewhere bash's $'...' of the whole path."""
    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.store import separate_from_trust
    from school import make_workspace
    from test_trust_nested_workspace import TRUST

    trust = tmp_path / "trust\x1b[2J"
    make_workspace(trust, TRUST)
    config = load_config(make_workspace(trust / "riverside"))
    monkeypatch.setattr(output, "WINDOWS", True)
    with pytest.raises(AttcliError) as info:
        separate_from_trust(config, "letters")
    assert str(info.value).endswith("on the school's own files: -c FILE)"), str(info.value)
    monkeypatch.setattr(output, "WINDOWS", False)
    with pytest.raises(AttcliError) as info:
        separate_from_trust(config, "letters")
    assert str(info.value).endswith(
        f"on the school's own files: -c $'{tmp_path}/trust\\x1b[2J/attcli.toml')"
    ), str(info.value)


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME is Linux's")
def test_the_letters_fonts_are_not_kept_in_a_folder_another_user_may_write_in(
    tmp_path, monkeypatch
):
    """The same planted link as ~/.cache/attcli, for the letters' fonts (unpacked there and
    read by every run that makes a PDF): another user who may write in that folder could
    put a font of their own in its place between the check and the read (a font that draws
    other digits than the letter's text holds).  The fonts go to a private temporary folder
    instead, as on a PC whose cache cannot be written."""
    from attcli import pdf as render

    monkeypatch.setattr(render, "_font_dir", None)
    cache, theirs = tmp_path / "cache", tmp_path / "theirs"
    cache.mkdir()
    theirs.mkdir()
    theirs.chmod(0o777)
    (cache / "attcli").symlink_to(theirs, target_is_directory=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(render.tempfile, "tempdir", str(tmp_path / "tmp"))
    folder = render.bundled_font_dir()
    assert folder.parent == tmp_path / "tmp", folder
    assert [p for p in theirs.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("own", [True, False])
def test_a_disk_filling_under_a_workbook_s_sheet_is_said_as_that_not_as_printed_output(
    tmp_path, monkeypatch, own
):
    """The disk of the sheet's temporary folder fills mid-sheet (ENOSPC, no file named):
    the CLI said, of a run whose standard output is no terminal (a scheduled job with
    -o week.xlsx), "what attcli printed to a file (> FILE) is cut short", of a workbook
    never printed.  Now one line naming the temporary folder whose disk is full (attcli's
    own in the cache, or the system's where that cannot be made); nothing was written, and
    the folder is left as it was."""
    import errno
    import tempfile

    from attcli.errors import OutputError

    system = tmp_path / "system-temp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    cache = tmp_path / "cache"
    if not own:
        cache.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    where: list[str] = []

    def writer(buf):
        where.append(tempfile.gettempdir())
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError) as info:
        output.render_to_bytes(writer)
    assert str(info.value) == (
        f"cannot write the workbook: the disk of its temporary folder {where[0]} is full: "
        "free some space and run it again (nothing was written)"
    )
    assert (cache / "attcli" / "sheets" in Path(where[0]).parents) is own
    assert tempfile.tempdir == str(system) and list(system.iterdir()) == []
    if own:
        assert list((cache / "attcli" / "sheets").iterdir()) == []


def test_another_error_under_a_workbook_s_sheet_is_let_through_as_it_is(tmp_path, monkeypatch):
    """Only a full disk is said as one: another OSError under the writer (a permission
    refused) reaches the CLI's own handling unchanged, and the run's folder is removed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def writer(buf):
        raise PermissionError(13, "Permission denied", "/somewhere")

    with pytest.raises(PermissionError):
        output.render_to_bytes(writer)
    assert list((tmp_path / "cache" / "attcli" / "sheets").iterdir()) == []
