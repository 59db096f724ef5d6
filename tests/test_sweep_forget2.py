"""Sweep "forget2" (5 December, fourth): `attcli pupil forget` in real hands.

The store is seeded as in tests/test_sweep_privacy.py ("today" is Tuesday 31 August 2027,
tests/conftest.py); each test adds what it needs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clirun import run_cli
from test_sweep_privacy import OLD, _letter, _rows_of, _seed, _snapshot

#: A temporary UPN (it ends in a letter) a school gave before the permanent one came.
TMP = "A99999999999A"


def test_a_pupil_merged_earlier_is_forgotten_under_both_upns(tmp_path: Path) -> None:
    """A child joined with a temporary UPN TMP; their permanent one OLD came, and
    `attcli pupil merge TMP OLD` moved TMP's records to OLD, but for the run of
    10/03/2023, whose exports held the child under both UPNs: that check keeps TMP's row
    (with the name and date of birth).  Forgetting OLD is forgetting the child: TMP's row
    goes too, and the merge's audit row (the only link between the two) does not go
    leaving TMP's row behind it.  Forgetting TMP (the UPN on the office's paper file) is
    the same child, said: not "nothing on record" and not only TMP's one row."""
    from attcli.store import History

    path = tmp_path / "ws" / "attcli-history.sqlite3"
    for typed in (OLD, TMP):
        config = _seed(tmp_path / "ws")
        with History(path, write=True) as store:
            _letter(store, TMP, "Olwen Oldfield", dt.date(2022, 11, 10))
            _snapshot(store, dt.date(2023, 3, 10), {TMP: None, OLD: None})
            store.merge_pupil(TMP, OLD, by="office")
        assert _rows_of(path, TMP) == {"snapshot_pupils": 1, "audit": 1}
        code, out, err = run_cli("pupil", "forget", typed, "-c", config)
        assert code == 0, err
        said = " ".join((out + err).split())
        assert OLD in said and TMP in said and "merged" in said, said
        code, out, err = run_cli("pupil", "forget", typed, "-c", config, "--yes")
        assert code == 0, err
        assert _rows_of(path, TMP) == {} and _rows_of(path, OLD) == {}, typed
        assert b"Oldfield" not in path.read_bytes()
        with History(path) as store:
            (row,) = [a for a in store.audit() if a.action == "forget"]
        assert OLD in row.subject and TMP in row.subject
        path.unlink()
        (tmp_path / "ws").rename(tmp_path / f"done-{typed}")


def test_an_old_year_forgotten_keeps_the_run_and_return_the_next_ones_compare_with(
    tmp_path: Path,
) -> None:
    """No run yet this school year (2026/27 began 01/09/2026).  The school ran `cases` as of
    15/07/2026, then ran it again as of 01/03/2026 (an old term looked at again): recorded
    last, but not the newest.  The next run, as of any day from 01/09/2026, compares with
    the run as of 15/07/2026 (:meth:`History.snapshot_before`), and the next LA return
    --since with the return of the latest date (``since_period``): `--before 2026-09-01`
    keeps those, not only the ones recorded last."""
    from attcli.store import History

    today = dt.date(2026, 10, 1)
    _seed(tmp_path / "ws")
    path = tmp_path / "ws" / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        for table in ("snapshot_pupils", "snapshot_n_spans", "snapshots"):
            store.db.execute(f"DELETE FROM {table}")  # (the seed's runs: 2023 and 2027)
        store.db.execute("DELETE FROM la_return_rows")
        store.db.execute("DELETE FROM la_returns")
        _snapshot(store, dt.date(2026, 7, 15), {OLD: None})
        _snapshot(store, dt.date(2026, 3, 1), {OLD: None})
        for as_of in ("2026-07-15", "2026-03-31"):
            store.db.execute(
                "INSERT INTO la_returns (label, period_start, as_of, digest, produced_on, "
                "file, sha256, exports, written_at, written_by) VALUES "
                "(?, ?, ?, '', ?, 'r.csv', '', '', '', '')",
                (as_of[:7], as_of[:8] + "01", as_of, as_of),
            )
    with History(path, write=True) as store:
        store.forget(before=dt.date(2026, 9, 1), today=today, force=True)
        run = store.snapshot_before(dt.date(2026, 9, 10))
        returns = store.la_returns()
    assert run is not None and run[1] == dt.date(2026, 7, 15)
    assert dt.date(2026, 7, 15) in [r.as_of for r in returns]


def test_a_counting_notice_deleted_with_force_is_not_quietly_a_first_next_time(
    tmp_path: Path,
) -> None:
    """KEEP's notice to Mr Keeping of 01/06/2025 counts toward the next until 01/06/2028
    (DOMAIN.md 5).  The school deletes KEEP's records with --force (a parent's request) and
    KEEP stays on roll.  Decided: the audit row of the forgetting says a notice that still
    counted went (the UPN and the date it counted until: no name), and `pn next` on a day
    before 01/06/2028 warns that the answer it gives ("first") may be a second's, naming
    the forgetting; on 01/06/2028 (it no longer counts) it says nothing of it."""
    from test_sweep_privacy import KEEP

    config = _seed(tmp_path / "ws")
    code, out, err = run_cli("pupil", "forget", KEEP, "-c", config, "--force", "--yes")
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "01/06/2028" in said, said  # (what --force overrode, said as it is done)
    for day, warned in (("2028-05-31", True), ("2028-06-01", False)):
        code, out, err = run_cli(
            "pn", "next", KEEP, "--parent", "Mr Keeping", "--date", day, "-c", config
        )
        assert code == 0, err
        said = " ".join((out + err).split())
        assert said.startswith("first"), said
        assert ("pupil forget" in said and "01/06/2028" in said) is warned, said


def test_an_open_case_is_seen_after_a_run_re_made_as_of_an_earlier_date(
    tmp_path: Path,
) -> None:
    """OPEN is red on the ladder in the check recorded as of 16/07/2027.  Someone then runs `cases`
    again as of 10/03/2023 (an old term looked at again, OPEN not on its ladder): recorded
    last, it is not the school's newest run.  OPEN's case is still open: refused without
    --force, and kept by --before."""
    import pytest

    from attcli.errors import AttcliError
    from attcli.store import History
    from test_sweep_privacy import OPEN

    _seed(tmp_path / "ws")
    path = tmp_path / "ws" / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        _snapshot(store, dt.date(2023, 3, 10), {OPEN: None})
    with History(path, write=True) as store:
        with pytest.raises(AttcliError, match="red on the ladder"):
            store.forget(upns=[OPEN], today=dt.date(2027, 8, 31))
        done = store.forget(before=dt.date(2026, 9, 1), today=dt.date(2027, 8, 31), dry_run=True)
    assert OPEN in done.kept


def test_pn_record_after_a_counting_notice_was_deleted_with_force_says_so(tmp_path: Path) -> None:
    """Mrs J Doyle's notice of 18/09/2026 counts until 18/09/2029.  The pupil's records are
    deleted with --force; the notice recorded on 02/10/2026 is called the first (the
    history knows no other), with a warning that a counting notice was deleted."""
    from school import make_workspace
    from test_cli import write_export
    from test_notices import MARKS, UPN, contacts, record

    school = make_workspace(tmp_path / "school")
    export = write_export(tmp_path / "register.csv", {UPN: MARKS})
    book = contacts(tmp_path, "J")
    assert record(school, export, book, "Mrs J Doyle", "2026-09-18")[0] == 0
    code, out, err = run_cli("pupil", "forget", UPN, "-c", str(school), "--force", "--yes")
    assert code == 0, err
    code, out, err = run_cli(
        "evidence", UPN, export, "--contacts", book, "--parent", "Mrs J Doyle",
        "--for", "penalty-notice", "--format", "json", "--draft", "-c", str(school),
    )  # fmt: skip
    said = " ".join((out + err).split())
    assert "pupil forget" in said and "18/09/2029" in said, said  # (the pack says it too)
    code, out, err = record(
        school, export, book, "Mrs J Doyle", "2026-10-02", "--as-of", "2026-10-02"
    )
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "this was the first notice" in said, said
    assert "pupil forget" in said and "18/09/2029" in said, said


def test_an_mis_id_typed_without_its_leading_zeros_is_the_one_on_record(tmp_path: Path) -> None:
    """A school whose MIS gives ids (no UPN column) has letters to 001003.  The office types
    `pupil forget 1003`, as `pn next` and `case record` read it (1003 is 001003): not
    "nothing on record", which reads as "no records to erase" to a parent's request."""
    from attcli.store import History

    config = _seed(tmp_path / "ws")
    path = tmp_path / "ws" / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        _letter(store, "001003", "Ifan Idris", dt.date(2023, 3, 10))
    code, out, err = run_cli("pupil", "forget", "1003", "-c", config)
    assert code == 0, err
    assert "would delete the records of 001003: 1 letter" in " ".join(out.split())


def test_a_letter_again_to_a_pupil_forgotten_this_year_is_said(
    tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    """Aisha Rahman (U999290719906) had her lateness letter on 18/12/2026; her records are
    deleted with --force (a parent's request) and she stays on roll.  The next letters run
    sends it again, as docs/letters.md says ("a letter of stage 1 again"), and says so,
    naming her and the forgetting: the office may hold the letter back.  Another pupil's
    letter is not said."""
    import shutil

    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    ex = tmp_path / "ex"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples", ex)
    config, export = ex / "attcli.toml", ex / "exports" / "arbor_autumn_2026.csv"
    contacts = ex / "exports" / "contacts.csv"
    aisha = "U999290719906"
    code, _, err = run_cli("letters", export, "--contacts", contacts, "-c", config,
                           "--out", tmp_path / "one")  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli("pupil", "forget", aisha, "-c", config, "--force", "--yes")
    assert code == 0, err
    code, out, err = run_cli("letters", export, "--contacts", contacts, "-c", config,
                             "--out", tmp_path / "two")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "1 letter written" in said, said
    (note,) = [x for x in said.split("note: ") if "pupil forget" in x]
    assert aisha in note and "Y999205219026" not in note, note


def test_a_pupil_forgotten_already_is_said_not_a_typo(tmp_path: Path) -> None:
    """The office runs `pupil forget OLD --yes` twice (a second officer, or the command
    again from the shell's history): the second says the records were deleted already,
    when and by whom, not "check the UPN" (which reads as a typo, the first undone)."""
    config = _seed(tmp_path / "ws")
    assert run_cli("pupil", "forget", OLD, "-c", config, "--yes", "--by", "dpo")[0] == 0
    code, out, err = run_cli("pupil", "forget", OLD, "-c", config, "--yes")
    assert code == 1 and err.count("\n") == 1, err
    assert "deleted already" in err and "by dpo" in err and "check the UPN" not in err, err
