"""Letters for a half term after a later half term's letters went (a found bug: Autumn 2's
letters sent, the forgotten Autumn 1 run then sent every family a second red letter and a
second penalty-notice warning on the same day, on older figures, worded as first letters)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from clirun import as_in_a_test, run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXPORT = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
CONTACTS = EXAMPLES / "exports" / "contacts.csv"


def _letters(config: Path, out: Path, as_of: str, *more: str) -> tuple[int, str, str]:
    return run_cli("letters", EXPORT, "--contacts", CONTACTS, "-c", config, "--out", out,
                   "--as-of", as_of, *more)  # fmt: skip


def _sent(config: Path) -> list[tuple[str, int]]:
    db = sqlite3.connect(config.parent / "attcli-history.sqlite3")
    try:
        return db.execute(
            "SELECT half_term, count(*) FROM letters WHERE status = 'sent' GROUP BY half_term "
            "ORDER BY half_term"
        ).fetchall()
    finally:
        db.close()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    """The example school's folder after its letters as of 18/12/2026 went into its out/
    folder (18 letters), made once for the module: three tests start from it.  As in a
    test (the conftest's fixtures are per test): its user folder, its font cache, and
    "today" the tests' (the letters' date)."""
    folder = tmp_path_factory.mktemp("first-letters-run") / "school"
    folder.mkdir()
    shutil.copy(EXAMPLES / "attcli.toml", folder / "attcli.toml")
    with as_in_a_test(folder.parent), pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))
        code, _, err = _letters(folder / "attcli.toml", folder / "out", "2026-12-18")
    assert code == 0, err
    return folder


def _after_first_run(tmp_path: Path, first_run: Path) -> Path:
    """``tmp_path`` as :func:`first_run` left its folder (the config, the history, its run
    lock and the letters in out/), the history's letters moved to ``tmp_path`` (the one
    path it holds: where each letter was written); the config's path."""
    for name in ("attcli.toml", "attcli-history.sqlite3", "attcli-history.sqlite3.lock"):
        shutil.copy2(first_run / name, tmp_path / name)
    shutil.copytree(first_run / "out", tmp_path / "out")
    db = sqlite3.connect(tmp_path / "attcli-history.sqlite3")
    n = len(str(first_run))
    moved = db.execute(
        "UPDATE letters SET out_dir = ? || substr(out_dir, ?) WHERE substr(out_dir, 1, ?) = ?",
        (str(tmp_path), n + 1, n, str(first_run)),
    ).rowcount
    assert moved == db.execute("SELECT count(*) FROM letters").fetchone()[0] > 0
    db.commit()
    db.close()
    return tmp_path / "attcli.toml"


def test_an_earlier_half_term_s_letters_after_a_later_one_s_are_refused(tmp_path, first_run):
    config = _after_first_run(tmp_path, first_run)
    before = _sent(config)
    assert [h for h, _ in before] == ["Autumn 2"]
    db = sqlite3.connect(config.parent / "attcli-history.sqlite3")
    (on,) = db.execute("SELECT max(letter_date) FROM letters").fetchone()
    db.close()
    y, m, d = on.split("-")  # the letters' date (the tests' today)
    for more in ((), ("--dry-run",)):
        code, _, err = _letters(config, tmp_path / "out1", "2026-10-23", *more)
        assert code == 1
        assert err.strip().splitlines()[-1] == (
            f"error: no letters for Autumn 1: Autumn 2's letters went on {d}/{m}/{y} "
            f"({before[0][1]} on record), and letters now on Autumn 1's figures would reach "
            "families after them, worded as if Autumn 2's had not; send any still due for "
            "Autumn 1 by hand, or run this half term's letters"
        )
    assert _sent(config) == before and not (tmp_path / "out1").exists()


def test_half_terms_in_order_each_get_their_letters(tmp_path):
    config = tmp_path / "attcli.toml"
    shutil.copy(EXAMPLES / "attcli.toml", config)
    for as_of in ("2026-10-23", "2026-12-18"):
        code, _, err = _letters(config, tmp_path / as_of, as_of)
        assert code == 0, err
    assert [h for h, _ in _sent(config)] == ["Autumn 1", "Autumn 2"]
    # the same half term again: as before, nothing new and no refusal
    code, out, err = _letters(config, tmp_path / "again", "2026-12-18")
    assert code == 0, err


def test_term_dates_given_after_letters_went_keep_them_this_half_term_s(tmp_path, first_run):
    """A found regression (the README's first day in that order: letters with the term
    dates inferred, Autumn 2 from Tue 3 Nov as Mon 2 Nov is '#' for everyone; then the
    [calendar] added, Autumn 2 from 2 Nov): the same half term's run was refused as
    'after Autumn 2's letters', and before that refusal it sent every letter again. The
    letters on record move to the half term as it now starts: nothing new, 18 already
    sent."""
    config = _after_first_run(tmp_path, first_run)
    db = sqlite3.connect(config.parent / "attcli-history.sqlite3")
    with db:  # as an inferred calendar recorded them
        db.execute("UPDATE letters SET half_term_start = '2026-11-03'")
    db.close()
    code, out, err = _letters(config, tmp_path / "out2", "2026-12-18")
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "18 already sent" in said and "letters written" not in said.replace(
        "0 letters written", ""
    ), said
    assert _sent(config) == [("Autumn 2", 18)]


def test_a_dry_run_reads_a_moved_half_term_as_the_real_run_and_writes_nothing(
    tmp_path, first_run
):
    """The same move, previewed: docs/letters.md says a dry run writes nothing, not even
    the history file, but it moved the letters on record to the half term as it now
    starts (a write the real run makes).  It now plans on a copy of the history in
    memory: 18 already sent, and the file is byte for byte as it was."""
    config = _after_first_run(tmp_path, first_run)
    history = config.parent / "attcli-history.sqlite3"
    db = sqlite3.connect(history)
    with db:  # as an inferred calendar recorded them
        db.execute("UPDATE letters SET half_term_start = '2026-11-03'")
    db.close()
    before = history.read_bytes()
    code, out, err = _letters(config, tmp_path / "out2", "2026-12-18", "--dry-run")
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "0 letters would be written" in said and "18 already sent" in said, said
    assert history.read_bytes() == before
    assert not (tmp_path / "out2").exists()


def test_letters_are_not_written_on_marks_of_days_to_come(tmp_path, monkeypatch):
    """A found bug: an export holding leave entered ahead (G for next week) gave a
    penalty-notice warning dated today for absence not yet happened, with only a note."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-11")
    config = tmp_path / "attcli.toml"
    shutil.copy(EXAMPLES / "attcli.toml", config)
    code, _, err = run_cli("letters", EXPORT, "--contacts", CONTACTS, "-c", config, "--out",
                           tmp_path / "out")  # fmt: skip
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: no letters: their figures would be as of 18/12/2026, after the letters' "
        "date 11/12/2026, and the register's marks for days still to come (leave entered "
        "ahead) would count as absence already happened; give --as-of 2026-12-11 or earlier"
    )
    assert _sent(config) == [] if (config.parent / "attcli-history.sqlite3").exists() else True
    code, _, err = _letters(config, tmp_path / "out2", "2026-12-11")
    assert code == 0, err
