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
    out = {u: ["/\\"] * days for u in "GPL" + "S" * any(u == "S" for u, _ in changed or {})}
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
    # pupil_dob: NULL; and the school (version 20, sweep leftovers): '', every school's
    assert [r[:-2] for r in _rows(path, "penalty_notices")] == notices
    assert [r[-2:] for r in _rows(path, "penalty_notices")] == [(None, "")]
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


def test_letters_kept_by_version_17_s_first_form_of_their_marks_are_read(tmp_path: Path) -> None:
    """Version 17 (c804a5ea) kept each letter's marks as {day: {AM: [mark, category]}};
    an hour later (787bd262) the form became {"v": 1, ... day: [AM mark, code, PM mark,
    code]} and the first form was no longer read: a history of letters sent then
    (tests/data/upgrade/history-v17-c804a5ea.sqlite3: `letters --as-of 2026-10-02`, P's
    red letter and penalty-notice warning on 20 days to 2 Oct) made every command say "the
    history is damaged: the marks kept with letter 1 ... restore the school's history from
    its backup". Now the first form is read: on the same register nothing is said of a
    correction; with P's Monday 14 September made `I` the check names both letters
    resting on marks corrected since, with that session; the letters are not sent again."""
    config, contacts = _workspace(tmp_path, "history-v17-c804a5ea.sqlite3")
    same = _export(tmp_path, "same.csv", 20)
    code, out, err = run_cli("check", same, "--as-of", "2026-10-02", "-c", config)
    assert code == 0, err
    assert "damaged" not in err
    assert "corrected since" not in out + err
    assert "before attcli kept the marks" not in err  # they were kept
    fixed = _export(tmp_path, "fixed.csv", 20, {("P", 5): "II"})
    code, out, err = run_cli("check", fixed, "--as-of", "2026-10-02", "-c", config)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "the red and penalty notice warning letters sent 05/10/2026" in said, said
    assert "rest on marks changed since: 2 sessions (14/09 AM O -> I, 14/09 PM O -> I)" in said
    assert "they gave 75.0% (30 of 40 sessions), 0 authorised and 10 unauthorised" in said
    code, out, err = run_cli(
        "letters", same, "--as-of", "2026-10-02", "--contacts", contacts, "--out",
        tmp_path / "letters", "--dry-run", "-c", config,
    )  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "dry run: 0 letters would be written; 2 already sent this half term" in said, said


def test_a_letter_s_marks_in_the_first_form_read_as_the_same_marks_in_the_second() -> None:
    """The two forms of the same marks are one Kept (a session with no row: none; a
    category as the first form wrote it in full); the first form's window is unknown
    (None: not guessed); a first form with an unknown category is damaged, as before."""
    import json

    import pytest

    from attcli.errors import AttcliError
    from attcli.letter_marks import read

    first = json.dumps({
        "figures_from": "2026-09-01", "from": "2026-09-01", "to": "2026-10-02",
        "marks": {"2026-09-14": {"AM": ["O", "unauthorised"], "PM": ["O", "unauthorised"]},
                  "2026-09-15": {"AM": ["/", "present"]}},
    })  # fmt: skip
    second = json.dumps({
        "v": 1, "figures_from": "2026-09-01", "from": "2026-09-01", "window_from": None,
        "to": "2026-10-02",
        "marks": {"2026-09-14": ["O", "u", "O", "u"], "2026-09-15": ["/", "p", None, None]},
    })  # fmt: skip
    assert read(first, 1) == read(second, 1)
    assert len(read(first, 1).marks) == 3
    with pytest.raises(AttcliError, match="letter 1"):
        read(first.replace('"present"', '"here"'), 1)


#: S off (`O`) Monday 14 to Friday 25 September: 20 of 40 sessions to 2 October (50 %,
#: severe), 30 of 50 to 9 October (60 %, red) by attending since, no mark changed
S_OFF = {("S", i): "OO" for i in range(5, 15)}


def test_a_letter_from_before_its_figures_date_was_kept_is_not_called_corrected(
    tmp_path: Path,
) -> None:
    """A history of version 8 (4f9b7405; tests/data/upgrade/history-v8-4f9b7405.sqlite3:
    `letters --as-of 2026-10-02` sent S's severe letter on 50 %) keeps no figures date
    with a letter (version 12 added it). S came to school since: 60 % to 9 October, no
    mark changed. `letters` judged the letter as of 9 October, so listed it under "No
    longer called for: letters ... that the register, corrected since, does not support
    ... consider telling the family", and held the red letter as "not an improvement: the
    severe letter ... rested on marks changed since". A letter that kept no figures date
    is not judged (as `_newer_figures_sent` judges none): S improved since the severe
    letter, and the note says the letters from before the marks were kept cannot be told
    corrected. Boundary: a history of today's, same letters, says the same of S."""
    config, contacts = _workspace(tmp_path, "history-v8-4f9b7405.sqlite3")
    contacts_file(contacts, [(u, "C" + u, "Mrs", "Ann", "Parent" + u) for u in "GPLS"])
    e2 = _export(tmp_path, "e2.csv", 25, S_OFF)

    def dry_run(config: Path) -> str:
        code, out, err = run_cli(
            "letters", e2, "--as-of", "2026-10-09", "--contacts", contacts, "--out",
            config.parent / "letters", "--dry-run", "-c", config,
        )  # fmt: skip
        assert code == 0, err
        return " ".join((out + err).split())

    said = dry_run(config)
    assert "No longer called for" not in said, said
    assert "not an improvement" not in said, said
    assert "improved since the severe letter of 05/10/2026: no red letter this half term" in said
    assert "recorded before attcli kept the marks a letter rests on" in said
    # today's history, the same letter sent as of 2 October
    today = make_workspace(tmp_path / "today", AUTUMN_HALF_TERMS)
    e1 = _export(tmp_path, "e1.csv", 20, S_OFF)
    code, _, err = run_cli(
        "letters", e1, "--as-of", "2026-10-02", "--contacts", contacts, "--out",
        today.parent / "letters", "-c", today, "--only", "severe",
    )  # fmt: skip
    assert code == 0, err
    said = dry_run(today)
    assert "No longer called for" not in said, said
    assert "improved since the severe letter of" in said, said
