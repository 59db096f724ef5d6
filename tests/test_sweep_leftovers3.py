"""Sweep "leftovers3" (5 December, third): what the nti, handstage and earlier sweeps left
(notices to improve, evidence packs, the history store).

R's register runs from Monday 7 September 2026 (the holiday 26-30 October, the term dates
Autumn 1 7/09-23/10 and Autumn 2 2/11-18/12; tests/school.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import count_calls, register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, make_workspace

HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
#: three weeks of O, three present: 10 O in a week, the penalty-notice threshold met
R_MARKS = " ".join(["O O O O O"] * 3 + ["/\\ /\\ /\\ /\\ /\\"] * 3)


def _with_history(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace whose history holds a casebook run and a red stage recorded by hand."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    exp = write_long_csv(register({"R": R_MARKS}, holidays=HOLIDAY), tmp_path / "e.csv")
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    code, _, err = run_cli("case", "record", "R", "--action", "red", "--date", "2026-09-18", "-c", ws)
    assert code == 0, err
    return ws, exp


def test_check_opens_the_history_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The weekly check read the history six times over, each an open of its own (the
    notices' sessions, the run on record, a later run, the next notice, the letters of the
    half term, the corrections since): one open serves them all, and the check says the
    same (R at the penalty-notice threshold, the red letter recorded by hand)."""
    from attcli.store import History

    ws, exp = _with_history(tmp_path)
    args = ("check", exp, "-c", ws, "--as-of", "2026-10-16")
    code, before, err = run_cli(*args)
    assert code == 0, err
    opened = count_calls(monkeypatch, History, "__init__")
    code, out, err2 = run_cli(*args)
    assert code == 0, err2
    assert len(opened) == 1
    assert (out, err2) == (before, err)
    # the open is closed at the end: the file can be moved away (nothing holds it)
    monkeypatch.undo()
    from attcli import store

    assert not store._shared


def test_the_run_lock_file_stays_and_locks_nothing_by_being_there(tmp_path: Path) -> None:
    """A run that writes the history takes its run lock, HISTORY.lock beside it, with an OS
    lock (flock) and leaves the file when it ends (removing it would race a run taking it):
    0 bytes, owner-only.  The lock is the OS lock, not the file: the file left behind keeps
    no later run out, and a reader neither makes nor needs it.  Held by another open, a
    second writer is refused in one line."""
    from attcli.errors import AttcliError
    from attcli.store import History, lock_path, run_under_way

    ws, exp = _with_history(tmp_path)
    hist = ws.parent / "attcli-history.sqlite3"
    lock = lock_path(hist)
    assert lock.exists() and lock.stat().st_size == 0
    assert lock.stat().st_mode & 0o077 == 0
    assert not run_under_way(hist)
    code, _, err = run_cli("case", "record", "R", "--action", "amber", "--date", "2026-09-11", "-c", ws)
    assert code == 0, err
    with History(hist, write=True):
        assert run_under_way(hist)
        code, _, err = run_cli("case", "record", "R", "--action", "amber", "--date", "2026-09-14", "-c", ws)
        assert code == 1 and "another attcli run is writing to the history" in err, err
        assert err.count("\n") == 1
    with pytest.raises(AttcliError):  # (the same in this process: the OS lock, not the file)
        with History(hist, write=True), History(hist, write=True):
            pass
    lock.unlink()  # gone (deleted by hand): the next writer makes it again
    code, _, err = run_cli("case", "record", "R", "--action", "amber", "--date", "2026-09-15", "-c", ws)
    assert code == 0, err
    assert lock.exists()

