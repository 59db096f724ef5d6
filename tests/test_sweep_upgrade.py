"""Sweep "upgrade" (5 December): a school that upgrades attcli mid-year, its history made
by an older attcli (tests/data/upgrade/, each made by main's code of then, as each test
says, with `tools`-free commands: init, check --record, letters, pn record, la-return).

The register (:func:`_export`): Monday 7 September 2026 on, 20 school days to Friday 2
October (the history's runs) or 25 to Friday 9 October (today's); G present throughout;
P 10 `O` Monday 14 to Friday 18 September (the penalty-notice threshold, 10 in 10 school
weeks); L 10 school days of `N` Monday 14 to Friday 25 September (a 10-day run of
unauthorised absence for the LA's return).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

DATA = Path(__file__).parent / "data" / "upgrade"
HISTORY = "attcli-history.sqlite3"


def _marks(days: int, changed: dict[tuple[str, int], str] | None = None) -> dict[str, str]:
    out = {u: ["/\\"] * days for u in "GPL"}
    for i in range(5, 10):
        out["P"][i] = "OO"
    for i in range(5, 15):
        out["L"][i] = "NN"
    for (upn, i), token in (changed or {}).items():
        out[upn][i] = token
    return {u: " ".join(t) for u, t in out.items()}


def _export(
    tmp_path: Path, name: str, days: int, changed: dict[tuple[str, int], str] | None = None
) -> Path:
    reg = register(_marks(days, changed), start=dt.date(2026, 9, 7))
    return write_long_csv(reg, tmp_path / name, dob=True, groups=True)


def _workspace(tmp_path: Path, fixture: str) -> tuple[Path, Path]:
    """A workspace holding the history ``fixture`` (as the older attcli left it)."""
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    shutil.copyfile(DATA / fixture, config.parent / HISTORY)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [(u, "C" + u, "Mrs", "Ann", "Parent" + u) for u in "GPL"]
    )
    return config, contacts


def _schema(path: Path) -> str:
    with sqlite3.connect(path) as db:
        (version,) = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    db.close()
    return version


def _rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        rows = db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608
    db.close()
    return rows


def test_a_history_of_version_14_before_the_step_was_amended_is_read_and_upgraded(
    tmp_path: Path,
) -> None:
    """History version 14 first added only the notice's pupil name (54c242e7); the step
    was amended the same day (e120ef6b) to add the pupil's date of birth too. A history
    made between (tests/data/upgrade/history-v14-54c242e7.sqlite3: `pn record P --parent
    CP --date 2026-10-05` on 20 days to 2 Oct) was called damaged ("its table
    penalty_notices has no column pupil_dob: restore the school's history from its
    backup") by every command. Now it is read, and a writing run brings it to this
    version, the column added empty (a notice from before it was kept), every row as it
    was."""
    config, _ = _workspace(tmp_path, "history-v14-54c242e7.sqlite3")
    path = config.parent / HISTORY
    before = _rows(path, "penalty_notices"), _rows(path, "notice_sessions")
    e2 = _export(tmp_path, "e2.csv", 25)
    code, out, err = run_cli("pn", "list", "-c", config)
    assert code == 0, err
    assert "damaged" not in err
    assert "Mrs Ann ParentP" in out and "05/10/2026" in out
    assert "second (GBP 160)" in out
    assert _schema(path) == "14"  # a read writes nothing
    code, out, err = run_cli("check", e2, "--as-of", "2026-10-09", "--record", "-c", config)
    assert code == 0, err
    from attcli.store import SCHEMA_VERSION

    assert _schema(path) == str(SCHEMA_VERSION)
    notices, sessions = before
    assert [r[:-1] for r in _rows(path, "penalty_notices")] == notices  # pupil_dob: NULL
    assert [r[-1] for r in _rows(path, "penalty_notices")] == [None]
    assert _rows(path, "notice_sessions") == sessions
    code, out, err = run_cli("pn", "list", "-c", config)
    assert code == 0, err
    assert "second (GBP 160)" in out  # the notice on record counts


def test_a_history_of_version_15_before_the_step_was_renumbered_is_read_and_upgraded(
    tmp_path: Path,
) -> None:
    """Version 15 was first the step putting a return's rows under its school's key
    (113e64c5); that step became 16, and 15 the leaving date of a return's row. A history
    made then (tests/data/upgrade/history-v15-113e64c5.sqlite3: `la-return --month
    2026-09`, L's 10 days of `N` 14-25 Sep reported) was called damaged ("its table
    la_return_rows has no column left_on"). Now the column is added empty (a row from
    before it was kept), and October's return names L's run as reported, not NEW."""
    config, _ = _workspace(tmp_path, "history-v15-113e64c5.sqlite3")
    path = config.parent / HISTORY
    before = _rows(path, "la_return_rows")
    e2 = _export(tmp_path, "e2.csv", 25)
    code, out, err = run_cli("la-return", e2, "--since", "--as-of", "2026-10-09", "--dry-run",
                             "-c", config)  # fmt: skip
    assert code == 0, err
    assert "damaged" not in err
    assert "Compared with the return as of 30/09/2026" in out
    assert "NEW" not in out
    code, out, err = run_cli("check", e2, "--as-of", "2026-10-09", "--record", "-c", config)
    assert code == 0, err
    from attcli.store import SCHEMA_VERSION

    assert _schema(path) == str(SCHEMA_VERSION)
    assert [r[:-1] for r in _rows(path, "la_return_rows")] == before  # left_on: NULL
    assert [r[-1] for r in _rows(path, "la_return_rows")] == [None]
