"""Two people (or two windows) running attcli on the same school workspace at once, and
runs stopped part-way (sweep of 4 December (fifth), concurrency).

The run lock (docs/decisions.md, "The history store holds a run lock") is held by a real
second process (:func:`hold_lock`): a lock the test's own process took would be this
process's, not another run's.  No test waits on a timer to make a race happen.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
AUTUMN = EXPORTS / "arbor_autumn_2026.csv"
WEEK2 = EXPORTS / "weekly" / "arbor_2027-01-15.csv"
LADDER = ROOT / "src" / "attcli" / "templates" / "ladders" / "seed004.toml"
HISTORY = "attcli-history.sqlite3"


def example_school(folder: Path, *, ladder: bool = False) -> Path:
    """The example school's attcli.toml written in ``folder`` (with seed 004's ladder after
    it: ``ladder``); its path."""
    config = folder / "attcli.toml"
    text = (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8")
    config.write_text(
        text + ("\n" + LADDER.read_text(encoding="utf-8") if ladder else ""), encoding="utf-8"
    )
    return config


@pytest.fixture()
def school(tmp_path: Path) -> Path:
    """The example school with seed 004's ladder (as tests/test_cases_cli.py)."""
    example_school(tmp_path, ladder=True)
    return tmp_path


@pytest.fixture()
def held(school: Path) -> Iterator[Path]:
    """The workspace's run lock held by another process (another office PC's letters run)
    for as long as the test runs; the history is made first."""
    history = school / HISTORY
    holder = hold_lock(history)
    try:
        yield history
    finally:
        holder.kill()
        holder.wait()


def hold_lock(history: Path) -> subprocess.Popen:
    code = (
        "import sys; from attcli.store import History; "
        f"h = History({str(history)!r}, write=True); print('held', flush=True); "
        "sys.stdin.read()"  # until the test kills it: no timer
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def snapshots(history: Path) -> int:
    db = sqlite3.connect(history)
    try:
        return db.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0]
    finally:
        db.close()


# --------------------------------------------------------------------------- cases


def test_cases_beside_another_run_shows_the_ladder_and_says_its_run_is_not_recorded(
    school: Path, held: Path
) -> None:
    """`attcli cases` stores its run at the end, under the run lock. Beside another PC's
    letters run it worked out the whole ladder and then ended "another attcli run is
    writing to the history" (exit 1) with nothing shown: an officer could not see who is
    due a stage while a colleague sent letters. The ladder is shown; that its run is not
    recorded is said in one line with what to do."""
    before = snapshots(held)
    code, out, err = run_cli("cases", AUTUMN, WEEK2, "-c", school / "attcli.toml", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["cases"]  # the ladder, whole
    assert "Traceback" not in err
    said = " ".join(err.split())  # (notes wrap at the terminal's width)
    assert (
        f"not recorded: another attcli run is writing to the history file {held}" in said
    )
    assert "run `attcli cases` again once it has finished" in said
    assert snapshots(held) == before


def test_check_record_beside_another_run_shows_the_check_and_says_it_is_not_recorded(
    school: Path, held: Path
) -> None:
    """`check --record` says why nothing was recorded as it does for an incomplete
    register: one line, the check shown, not a refusal after it."""
    before = snapshots(held)
    code, out, err = run_cli(
        "check", AUTUMN, WEEK2, "-c", school / "attcli.toml", "--format", "json", "--record"
    )
    assert code == 0, err
    assert json.loads(out)
    said = " ".join(err.split())
    assert "not recorded: another attcli run is writing to the history file" in said
    assert "run `attcli check --record` again once it has finished" in said
    assert snapshots(held) == before


# --------------------------------------------------------------------------- letters folder

CONTACTS = EXPORTS / "contacts.csv"


def test_a_letters_run_leaves_another_commands_file_being_written_in_its_folder(
    tmp_path: Path, monkeypatch
) -> None:
    """A letters run deleted every hidden ``.NAME.xxxxxxxx.part`` in its folder, as left by
    a killed run; one is also what another command writing into that folder right now
    (a colleague saving a pupil's certificate among the letters) has on disk for a moment,
    and that command then ended "a bug in attcli" (FileNotFoundError at the rename). The
    run removes only the leftovers of its own files (letters, their HTML, print files,
    the manifest)."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    example_school(tmp_path)
    folder = tmp_path / "letters"
    folder.mkdir()
    theirs = folder / ".certificate-A999201618043.pdf.0123abcd.part"  # being written now
    theirs.write_bytes(b"%PDF-1.7 half")
    # a killed letters run's leftovers: a print file's and the manifest's
    left = [folder / ".letters-to-print-2026-12-18-1.pdf.89abcdef.part", folder / ".manifest.csv.00ff00ff.part"]
    for p in left:
        p.write_bytes(b"half")
    code, _, err = run_cli(
        "letters", AUTUMN, "--contacts", CONTACTS, "--config", tmp_path / "attcli.toml",
        "--out", folder, "--as-of", "2026-12-18",
    )  # fmt: skip
    assert code == 0, err
    assert theirs.read_bytes() == b"%PDF-1.7 half"
    assert not [p for p in left if p.exists()]


def test_a_letters_run_removes_a_killed_runs_half_written_letter(
    tmp_path: Path, monkeypatch
) -> None:
    """The other side: a letter's (and its HTML's) half-written file from a run killed
    mid-letter goes, as before."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    example_school(tmp_path)
    folder = tmp_path / "letters"
    args = ("letters", AUTUMN, "--contacts", CONTACTS, "--config", tmp_path / "attcli.toml",
            "--out", folder, "--as-of", "2026-12-18")  # fmt: skip
    code, _, err = run_cli(*args, "--dry-run")
    assert code == 0, err
    code, _, err = run_cli(*args)
    assert code == 0, err
    letter = sorted(p for p in folder.glob("*.pdf") if not p.name.startswith("letters-to-"))[0]
    # a later half-written copy of a letter on record, and of its HTML
    left = [
        folder / f".{letter.name}.0123abcd.part",
        folder / f".{letter.stem}.html.4567abcd.part",
    ]
    for p in left:
        p.write_bytes(b"half")
    code, _, err = run_cli(*args)
    assert code == 0, err
    assert not [p for p in left if p.exists()]


# --------------------------------------------------------------------------- a new history


def test_a_new_history_is_made_in_a_file_of_its_own_not_one_another_pc_is_making(
    tmp_path: Path,
) -> None:
    """A new history is made whole beside its path, then put in place. Its temporary file
    was named by the process id and opened with truncation: on a network drive another
    PC's run (the same process id there) making the history at the same moment had its
    half-made file emptied and written into by both. Each run makes a file only it
    opened (created exclusively)."""
    import os

    from attcli.store import History

    history = tmp_path / HISTORY
    other = tmp_path / f".{HISTORY}.{os.getpid()}.new"  # another PC's run, same pid
    other.write_bytes(b"SQLite format 3\x00 another PC's, half made")
    with History(history, write=True) as store:
        assert store.created
    assert other.read_bytes() == b"SQLite format 3\x00 another PC's, half made"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")] == [other.name]


# --------------------------------------------------------------------------- readers



def _merge_after_first(monkeypatch, method: str, history: Path, old: str, new: str) -> list[str]:
    """``History.METHOD`` made to let another PC's ``pupil merge OLD NEW`` try to commit
    just after its first read; the list returned says whether it committed or waited."""
    from attcli.store import History

    merged: list[str] = []
    real = getattr(History, method)

    def read_then_merge(self, *args, **kwargs):  # another PC's merge commits after this read
        out = real(self, *args, **kwargs)
        if not merged:
            other = History(history, write=True)
            other.db.execute("PRAGMA busy_timeout=0")  # (it would wait for the read)
            try:
                other.merge_pupil(old, new)
                merged.append("committed")
            except sqlite3.OperationalError as exc:  # "database is locked": it waits
                merged.append(f"waits: {exc}")
            finally:
                other.close()
        return out

    monkeypatch.setattr(History, method, read_then_merge)
    return merged

def test_a_pupils_record_is_read_as_of_one_moment_not_across_a_merge(
    tmp_path: Path, monkeypatch
) -> None:
    """`attcli pupil OLD` for a pupil in none of the exports says what the history holds
    about them: letters, notices, casebook records, a merge. Read table by table, a `pupil
    merge OLD NEW` another PC committed between two reads gave the notice (read before)
    and neither the casebook record (moved) nor the merge (read after the notices, before
    it): "1 penalty notice", as if nothing else were on record. The reads see the history
    as of one moment (a merge then waits for them, a few milliseconds)."""
    import datetime as dt

    from attcli.config import load_config
    from attcli.pupil_record import _on_record
    from attcli.store import History, Parent

    example_school(tmp_path)
    config = load_config(tmp_path / "attcli.toml")
    history = tmp_path / HISTORY
    old, new = "A999201618043", "B999201618043"
    with History(history, write=True) as store:
        store.record_notice(old, Parent("name:mr lewis", "Mr Lewis"), dt.date(2026, 10, 1))
        store.record_actions([(old, "letter", dt.date(2026, 10, 2), "", "")])
    before = _on_record(config, old)
    assert "1 penalty notice" in before and "1 casebook record" in before

    merged = _merge_after_first(monkeypatch, "notices", history, old, new)
    line = _on_record(config, old)
    assert merged
    # as of one moment: before the merge (all of it) or after (merged into NEW)
    assert line == before or f"merged into {new}" in line, (merged, line)


def test_the_run_on_record_is_read_as_of_one_moment_not_across_a_merge(
    tmp_path: Path, monkeypatch
) -> None:
    """The check and `cases` read last week's run (its figures, then who each pupil was,
    their groups, ...) in several reads. A `pupil merge OLD NEW` committed between them
    gave figures under OLD and a name under NEW: a run on record that is neither the one
    before the merge nor the one after (OLD with no name: "gone" unnamed). Read as of one
    moment."""
    import datetime as dt

    from attcli.config import load_config
    from attcli.snapshots import latest_before, store_snapshot

    example_school(tmp_path)
    config = load_config(tmp_path / "attcli.toml")
    history = tmp_path / HISTORY
    old, new = "A999201618043", "B999201618043"
    store_snapshot(
        history, dt.date(2026, 12, 11), ["week.csv"],
        [("", old, 50, 60, "red", [], None, None, 10)],
        names={("", old): ("Lewis", "Harry", dt.date(2016, 1, 1))},
        places={("", old): ("Year 5", "5L")},
    )  # fmt: skip
    merged = _merge_after_first(monkeypatch, "snapshot_rows", history, old, new)
    snap = latest_before(config, dt.date(2026, 12, 18))
    assert snap is not None and merged
    upns = set(snap.pupils.get_column("upn"))
    assert {u for _, u in snap.names} == upns == {u for _, u in snap.places}, merged


# --------------------------------------------------------------------------- no OS locks


@pytest.fixture()
def no_flock(monkeypatch) -> None:
    """A drive with no OS file locks (some network and synced drives): filelock falls
    back to a marker file naming the process and computer that hold it."""
    import errno

    unix = pytest.importorskip("filelock._native._unix")
    if not hasattr(unix, "lock_fd_nonblocking"):
        pytest.skip("this filelock has no flock fallback to force")

    def nolock(fd: int) -> bool:
        raise OSError(errno.ENOSYS, "flock is not supported")

    monkeypatch.setattr(unix, "lock_fd_nonblocking", nolock)


def test_on_a_drive_without_os_locks_a_run_says_nothing_of_filelock(
    tmp_path: Path, no_flock, recwarn
) -> None:
    """filelock warned "UserWarning: flock not supported on this filesystem, falling back
    to SoftFileLock" with its source file and line, on stderr, at every run that wrote:
    not attcli's one line, and nothing the office can act on. The lock works (its marker
    file); nothing is said."""
    import warnings

    from attcli.store import History, lock_path

    history = tmp_path / HISTORY
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        with History(history, write=True):
            assert lock_path(history).exists()
    assert [str(w.message) for w in recwarn] == []


def test_a_lock_left_by_another_computer_without_os_locks_says_how_to_clear_it(
    tmp_path: Path, no_flock
) -> None:
    """Without OS locks, a run on another PC that was switched off mid-run leaves its
    marker: no process on this PC can tell that one is dead, so every later run was told
    "another attcli run is writing ...; wait for it to finish", for ever. The line names
    the computer and process that took it, and the file to delete if attcli is not
    running there."""
    from attcli.store import History, HistoryBusy, lock_path

    history = tmp_path / HISTORY
    lock = lock_path(history)
    lock.write_text("4242\nOFFICE-PC2\n123\n", encoding="utf-8")  # filelock's marker
    lock.chmod(0o600)
    with pytest.raises(HistoryBusy) as busy:
        History(history, write=True)
    said = str(busy.value)
    assert said.startswith(f"another attcli run is writing to the history file {history} (")
    assert "OFFICE-PC2" in said and "4242" in said
    assert "if attcli is not running there" in said and f"delete {lock}" in said
    assert "\n" not in said
    assert lock.read_text(encoding="utf-8") == "4242\nOFFICE-PC2\n123\n"  # left as it was


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_history_reached_by_a_symbolic_link_has_the_one_run_lock(tmp_path: Path) -> None:
    """The run lock was a file beside the path the config gives: a workspace whose
    `[history] path` is a symbolic link to the school's history (on a share) locked
    ``LINK.lock`` while another locked ``REAL.lock``, and both ran letters from the same
    history at once. The lock is beside the history itself."""
    from attcli.store import History, HistoryBusy

    (tmp_path / "share").mkdir()
    real = tmp_path / "share" / HISTORY
    link = tmp_path / "my-history.sqlite3"
    link.symlink_to(real)
    holder = hold_lock(real)
    try:
        with pytest.raises(HistoryBusy):
            History(link, write=True)
    finally:
        holder.kill()
        holder.wait()
    with History(link, write=True) as store:  # (the holder gone: it goes ahead)
        assert not store.created


# --------------------------------------------------------------------------- done twice


def test_a_merge_run_again_says_it_was_done_not_that_nothing_is_on_record(
    tmp_path: Path,
) -> None:
    """Two officers merge the same pupil (the second refused while the first ran, told
    to run it again), or a merge is stopped by Ctrl-C just after it committed and run
    again: "nothing on record for UPN OLD: nothing to merge" read as if the pupil's
    records were lost. It says the merge was done, when and by whom, and where the
    records are."""
    import datetime as dt

    from attcli.store import History

    example_school(tmp_path)
    old, new = "A999201618043", "B999201618043"
    with History(tmp_path / HISTORY, write=True) as store:
        store.record_actions([(old, "letter", dt.date(2026, 10, 2), "", "")])
    args = ("pupil", "merge", old, new, "--config", tmp_path / "attcli.toml", "--by", "J Smith")
    code, _, err = run_cli(*args)
    assert code == 0, err
    code, _, err = run_cli(*args)
    assert code == 1
    line = err.strip().splitlines()[-1]
    assert line.startswith(f"error: nothing on record for UPN {old}: it was merged into {new} on ")
    assert "by J Smith" in line and f"its records are {new}'s" in line
    # a UPN never on record is still just that
    code, _, err = run_cli("pupil", "merge", "C999201618043", new, "--config", tmp_path / "attcli.toml")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: nothing on record for UPN C999201618043: nothing to merge"
    )


def test_the_casebook_reads_records_and_letters_as_of_one_moment(
    tmp_path: Path, monkeypatch
) -> None:
    """The ladder places each pupil by their casebook records and their letters, read one
    after the other: a merge (or a letters run sending) committed between the two gave a
    pupil's records from before it and their letters from after, split across two UPNs
    for that run. Both are read as of one moment: a write another PC commits meanwhile
    waits for the reads (here, told not to wait, it is refused)."""
    import datetime as dt

    from attcli.casebook import read_records
    from attcli.config import load_config
    from attcli.store import History

    example_school(tmp_path, ladder=True)
    config = load_config(tmp_path / "attcli.toml")
    history = tmp_path / HISTORY
    old, new = "A999201618043", "B999201618043"
    with History(history, write=True) as store:
        store.record_actions([(old, "letter", dt.date(2026, 10, 2), "", "")])
    merged: list[str] = []
    real = History.actions

    def actions(self, *args, **kwargs):  # another PC's merge, after the records are read
        out = real(self, *args, **kwargs)
        if not merged:
            other = History(history, write=True)
            other.db.execute("PRAGMA busy_timeout=0")
            try:
                other.merge_pupil(old, new)
                merged.append("committed between the reads")
            except sqlite3.OperationalError:
                merged.append("waits for the reads")
            finally:
                other.close()
        return out

    monkeypatch.setattr(History, "actions", actions)
    records, _, _ = read_records(config, config.escalation)
    assert merged == ["waits for the reads"]
    assert set(records) == {old}


# --------------------------------------------------------------------------- read before the lock

DOYLE = "L999290719909"  # the example school's penalty-notice warning (examples/README.md)


def test_a_notice_recorded_while_letters_load_is_not_warned_of_afterwards(
    tmp_path: Path, monkeypatch
) -> None:
    """A letters run reads the notices on record (the sessions they cover count for no
    warning) while it loads the exports, before it takes the run lock to plan. A `pn
    record` on another PC in those seconds (the lock free: the letters run had not taken
    it) gave Harvey Doyle's parents their notices, and the letters run, planning from the
    notices as it had read them, still sent "a penalty notice may be issued" about the
    absence the notices were just issued for (run after it, it sends none). The run says
    so and writes nothing; run again, it plans from the notices as they are."""
    import datetime as dt

    import attcli.store as store_module
    from attcli.store import History, Parent

    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    example_school(tmp_path)
    folder = tmp_path / "letters"
    args = ("letters", AUTUMN, "--contacts", CONTACTS, "--config", tmp_path / "attcli.toml",
            "--out", folder, "--as-of", "2026-12-18")  # fmt: skip
    real = store_module.covered_sessions
    done: list[int] = []

    def covered_sessions(*a, **kw):  # the other PC's pn record, after this run's read
        out = real(*a, **kw)
        if not done:
            with History(tmp_path / HISTORY, write=True) as other:
                for name, key in (("Mrs Joanne Doyle", "id:70167"), ("Mr Tomasz Doyle", "id:70168")):
                    other.record_notice(
                        DOYLE, Parent(key, name), dt.date(2026, 12, 15),
                        # (his holiday in term time, 16-20 Nov: the 10 G sessions `pn
                        # record` finds in the window, 05/10 to 15/12)
                        sessions=[(dt.date(2026, 11, d), s, "G") for d in range(16, 21) for s in ("AM", "PM")],
                    )  # fmt: skip
            done.append(1)
        return out

    monkeypatch.setattr(store_module, "covered_sessions", covered_sessions)
    code, _, err = run_cli(*args)
    assert done
    said = " ".join(err.split())
    assert code == 1, err
    assert "a penalty notice was recorded or voided while this run read the exports" in said
    assert not folder.exists() or not list(folder.iterdir())
    monkeypatch.setattr(store_module, "covered_sessions", real)
    code, _, err = run_cli(*args)  # run again
    assert code == 0, err
    assert not list(folder.glob(f"{DOYLE}_*penalty_notice_warning*"))
