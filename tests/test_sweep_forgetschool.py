"""Sweep "forgetschool" (5 December, fifth): `attcli pupil forget --school KEY` in a trust.

A trust's one history keeps every school's records under its ``[schools.KEY]`` key, and an
MIS id each school gives from 1 may be two children: "1003" at Ash (``a``) and "1003" at
Birch (``b``).  `pupil forget 1003` refuses it ("on record at 2 schools"), and ``--force``
deleted both children's records.  ``--school b`` deletes Birch's child's alone, in every
table, and leaves Ash's child's as they were.

"Today" is Tuesday 31 August 2027 (tests/conftest.py); this school year began 01/09/2026.
The store, seeded through its own API, for each school s in a, b, id 1003:

- a letter of 10/03/2025, a notice of 20/03/2023 (counted until 20/03/2026: no longer)
  covering 2 sessions, a casebook record, a penalty-notice pack, a run of the school as of
  10/03/2025 holding the pupil (not on the ladder) with 2 N sessions, an LA return row;
- and 1004, at Birch only: a casebook record.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from clirun import run_cli
from school import make_workspace

TODAY = dt.date(2027, 8, 31)
ID = "1003"
#: every table with a row per pupil, and the school column that says whose it is
_TABLES = (
    "letters", "penalty_notices", "case_actions", "evidence_packs", "snapshot_pupils",
    "snapshot_n_spans", "la_return_rows",
)  # fmt: skip


def _seed_school(store, s: str, upn: str = ID, *, stage: str | None = None) -> None:  # noqa: ANN001
    from attcli.store import LaReturnRecord, LaReturnRow, Parent

    day = dt.date(2025, 3, 10)
    lid = store.begin_letter(
        school=s, upn=upn, template="amber", band="amber", half_term="Spring 1",
        half_term_start=dt.date(2025, 2, 24), academic_year=2024, recipient="Mrs Parent",
        stage=1, letter_date=day, out_dir="/letters", file=f"{s}{upn}_amber.pdf",
        pupil_name=f"Child {s}", contact_name=f"Mrs {s}", address="1 Rowan Drive",
        email="parent@example.org", attended=80, possible=100, as_of=day,
    )  # fmt: skip
    store.letter_written(lid, "0" * 64)
    store.send_letters({lid: "letters-to-print.pdf"})
    parent = Parent(f"id:{s}", f"Mrs {s.upper()}")
    store.record_notice(
        upn, parent, dt.date(2023, 3, 20), f"LA ref {s}", school=s, pupil_name=f"Child {s}",
        sessions=[(dt.date(2023, 3, 6), "AM", "G"), (dt.date(2023, 3, 6), "PM", "G")],
    )  # fmt: skip
    store.record_action(upn, "meeting", dt.date(2025, 2, 1), note=f"at {s}", school=s)
    store.record_pack(
        school=s, upn=upn, pupil_name=f"Child {s}", parent=parent, kind="penalty-notice",
        made_on=dt.date(2023, 3, 15), as_of=dt.date(2023, 3, 10),
        window=(dt.date(2023, 1, 9), dt.date(2023, 3, 10)), threshold=10,
        sessions=[(dt.date(2023, 3, 6), "AM", "G")], marks="[]",
    )  # fmt: skip
    store.add_snapshot(
        day, f"{s}.csv", [(s, upn, 90, 100, "amber", "", stage, "due" if stage else None, 2)],
        school=s, n_sessions=[(s, upn, dt.date(2025, 3, 3), "AM"), (s, upn, dt.date(2025, 3, 3), "PM")],
        names={(s, upn): (f"Surname{s}", f"Forename{s}", dt.date(2012, 1, 1))},
    )  # fmt: skip
    rid = store.add_la_return(
        LaReturnRecord(
            0, "2025-03", dt.date(2025, 3, 1), dt.date(2025, 3, 31), None, s, dt.date(2025, 3, 31),
            f"{s}.csv", "", "", school=s,
        ),
        [LaReturnRow("unauthorised", s, upn, "new", True, dt.date(2025, 3, 3), None, 5, 10,
                     None, "register")],
    )  # fmt: skip
    assert rid


def _seed(path: Path) -> None:
    from attcli.store import History

    with History(path, write=True) as store:
        _seed_school(store, "a")
        _seed_school(store, "b")
        store.record_action("1004", "meeting", dt.date(2025, 2, 2), school="b")


def _rows(path: Path, upn: str = ID) -> dict[tuple[str, str], int]:
    """{(table, school): rows of ``upn``} in every pupil table, and the notices' covered
    sessions by their notice's school."""
    db = sqlite3.connect(path)
    try:
        found = {}
        for t in _TABLES:
            for s, n in db.execute(
                f"SELECT school, count(*) FROM {t} WHERE upn = ? GROUP BY school", (upn,)
            ):
                found[(t, s)] = n
        for s, n in db.execute(
            "SELECT p.school, count(*) FROM notice_sessions n JOIN penalty_notices p "
            "ON p.id = n.notice_id WHERE n.upn = ? GROUP BY p.school",
            (upn,),
        ):
            found[("notice_sessions", s)] = n
        return found
    finally:
        db.close()


def _of(rows: dict[tuple[str, str], int], school: str) -> dict[str, int]:
    return {t: n for (t, s), n in rows.items() if s == school}


def _trust(tmp_path: Path) -> tuple[Path, Path]:
    import test_sweep_movers as movers

    tmp_path.mkdir(parents=True, exist_ok=True)
    t = movers.trust(tmp_path)
    path = tmp_path / "attcli-history.sqlite3"
    _seed(path)
    return t["config"], path


def test_school_forgets_that_school_s_records_of_a_shared_id_alone(tmp_path: Path) -> None:
    """``pupil forget 1003 --school b``: Birch's child's rows go from every table (7 kinds
    and the notice's 2 covered sessions), Ash's child's are as they were, and the audit row
    names the school.  Without --school the id is refused, as before."""
    config, path = _trust(tmp_path)
    before = _rows(path)
    assert set(_of(before, "a")) == set(_of(before, "b")) == {*_TABLES, "notice_sessions"}
    code, out, err = run_cli("pupil", "forget", ID, "-c", config)
    assert code == 1 and "on record at 2 schools (a, b)" in err, out + err
    assert "--school KEY deletes one school's records" in " ".join(err.split()), err
    code, out, err = run_cli("pupil", "forget", ID, "--school", "b", "-c", config, width=2000)
    assert code == 0, out + err
    assert "would delete the records of 1003 at b:" in out, out
    assert _rows(path) == before  # (a dry run)
    code, out, err = run_cli("pupil", "forget", ID, "--school", "b", "--yes", "-c", config, width=2000)
    assert code == 0, out + err
    assert (
        "deleted the records of 1003 at b: 2 covered sessions, 1 letter, 1 penalty notice, "
        "1 casebook record, 1 penalty-notice pack, 1 recorded check row, 2 recorded check N sessions, "
        "1 LA return row"
    ) in out.replace("\n", " "), out
    after = _rows(path)
    assert _of(after, "b") == {}
    assert _of(after, "a") == _of(before, "a")
    from attcli.store import History

    with History(path) as store:
        row = store.audit(action="forget")[-1]
        assert row.subject == f"pupil {ID}" and "at b" in row.detail, row
        assert [n.school for n in store.notices(ID)] == ["a"]
        assert [a.school for a in store.actions(ID)] == ["a"]


def test_school_with_an_unknown_key_or_outside_a_trust_is_one_line(tmp_path: Path) -> None:
    """A key the trust does not give is refused naming it and the keys it gives; one typed
    in other capitals is that school.  A school's own workspace has no keys."""
    config, path = _trust(tmp_path / "t")
    before = _rows(path)
    code, out, err = run_cli("pupil", "forget", ID, "--school", "c", "--yes", "-c", config)
    assert code == 1, out + err
    assert err.strip() == (
        f"error: --school 'c' is none of the schools of {config}: give one of a, b"
    ), err
    code, out, err = run_cli("pupil", "forget", ID, "--school", "B", "-c", config, width=2000)
    assert code == 0 and "would delete the records of 1003 at b:" in out, out + err
    assert _rows(path) == before
    own = make_workspace(tmp_path / "own")
    code, out, err = run_cli("pupil", "forget", ID, "--school", "a", "-c", own)
    assert code == 1, out + err
    assert len(err.strip().splitlines()) == 1 and "--school a" in err, err
    assert "[schools.KEY]" in err and "leave --school out" in err, err


def test_school_with_an_id_on_record_at_that_school_alone(tmp_path: Path) -> None:
    """1004 is Birch's alone: ``--school b`` deletes it as ``pupil forget 1004`` does;
    ``--school a`` has nothing of it, said naming the school it is on record at."""
    from attcli.errors import AttcliError
    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    _seed(path)
    with History(path, write=True) as store:
        with pytest.raises(AttcliError) as err:
            store.forget(upns=["1004"], today=TODAY, school="a")
        assert str(err.value) == (
            "nothing on record for UPN 1004 at a: it is on record at b (give --school b)"
        )
        assert store.forget(upns=["01004"], today=TODAY, school="b", dry_run=True).counts == {
            "casebook records": 1
        }
        assert store.forget(upns=["1004"], today=TODAY, school="b").counts == {
            "casebook records": 1
        }
    assert _rows(path, "1004") == {}


def test_school_with_before_is_refused(tmp_path: Path) -> None:
    """Decided: an old year's forgetting is the trust's retention schedule (one data
    controller for its schools), not a school's: --before with --school is refused."""
    config, path = _trust(tmp_path)
    before = _rows(path)
    code, out, err = run_cli(
        "pupil", "forget", "--before", "2026-09-01", "--school", "a", "--yes", "-c", config
    )
    assert code == 1, out + err
    assert len(err.strip().splitlines()) == 1 and "--before" in err and "--school" in err, err
    assert _rows(path) == before


def test_school_weighs_what_rests_on_that_school_s_records_alone(tmp_path: Path) -> None:
    """Ash's 1003 has a notice of 01/06/2025 (it counts toward the next until 01/06/2028);
    Birch's 1003 is red on the ladder in Birch's newest run (an open case) and has a
    casebook record of 01/10/2026 (this school year).  Each school's child is refused for
    their own records alone: ``--school a`` names the notice, not Birch's case; ``--school
    b`` names the case and the record of this year, not Ash's notice; with --force each
    deletes its own school's and says what it overrode."""
    from attcli.errors import AttcliError
    from attcli.store import History, Parent

    path = tmp_path / "attcli-history.sqlite3"
    _seed(path)
    with History(path, write=True) as store:
        store.record_notice(ID, Parent("id:a2", "Mr A"), dt.date(2025, 6, 1), school="a")
        store.add_snapshot(
            dt.date(2027, 7, 16), "b2.csv", [("b", ID, 50, 100, "red", "", "red", "due", 50)],
            school="b",
        )  # fmt: skip
        store.record_action(ID, "referral", dt.date(2026, 10, 1), school="b")
        with pytest.raises(AttcliError) as err:
            store.forget(upns=[ID], today=TODAY, school="a")
        text = str(err.value)
        assert "01/06/2025" in text and "01/06/2028" in text, text
        assert "ladder" not in text and "this school year" not in text, text
        with pytest.raises(AttcliError) as err:
            store.forget(upns=[ID], today=TODAY, school="b")
        text = str(err.value)
        assert "red on the ladder" in text and "16/07/2027" in text, text
        assert "records of this school year" in text and "01/10/2026" in text, text
        assert "01/06/2028" not in text and "2 schools" not in text, text
        done = store.forget(upns=[ID], today=TODAY, school="b", force=True)
        assert "red on the ladder" in done.forced[ID], done
    rows = _rows(path)
    assert _of(rows, "b") == {}
    assert _of(rows, "a")["penalty_notices"] == 2
    with History(path) as store:  # (Ash's child's counting notice was not deleted: no warning)
        assert store.deleted_notice(ID, TODAY) is None


def test_school_deletes_the_audit_rows_of_that_school_s_records_alone(tmp_path: Path) -> None:
    """A voided notice's and a voided casebook record's audit rows name the id (and the
    parent): ``--school b`` deletes those of Birch's notice and record, keeps Ash's."""
    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    _seed(path)
    with History(path, write=True) as store:
        ids = {n.school: n.id for n in store.notices(ID)}
        acts = {a.school: a.id for a in store.actions(ID)}
        for s in ("a", "b"):
            store.void_notice(ids[s], f"entered twice at {s}")
            store.void_action(acts[s], f"wrong pupil at {s}")
        store.forget(upns=[ID], today=TODAY, school="b")
        left = {(r.subject, r.detail.rsplit(" ", 1)[-1]) for r in store.audit() if r.action == "void"}
    assert left == {(f"notice {ids['a']}", "a"), (f"case record {acts['a']}", "a")}, left


def test_school_leaves_the_id_s_records_of_no_school_and_says_so(tmp_path: Path) -> None:
    """A notice recorded before notices kept their school (history version 20) is every
    school's: it may be Ash's child's or Birch's.  ``--school b`` leaves it (and its
    covered session), says so, and deletes Birch's own records."""
    from attcli.store import History, Parent

    config, path = _trust(tmp_path)
    with History(path, write=True) as store:
        store.record_notice(
            ID, Parent("id:old", "Mrs Old"), dt.date(2023, 1, 10),
            sessions=[(dt.date(2023, 1, 9), "AM", "G")],
        )  # fmt: skip
    before = _rows(path)
    code, out, err = run_cli("pupil", "forget", ID, "--school", "b", "--yes", "-c", config, width=2000)
    assert code == 0, out + err
    assert (
        "kept: 1003's 1 record of no school (kept before the history kept each school's), "
        "which may be another school's child's: forget the id without --school to delete "
        "them too"
    ) in " ".join(err.split()), err
    after = _rows(path)
    assert _of(after, "b") == {}
    assert _of(after, "") == _of(before, "") == {"penalty_notices": 1, "notice_sessions": 1}
    assert _of(after, "a") == _of(before, "a")


def test_a_forgetting_at_one_school_is_not_said_of_another_school_s_child(tmp_path: Path) -> None:
    """After ``pupil forget 1003 --school b --force`` (on roll, this school year, with a
    notice of 01/06/2025 that counted until 01/06/2028): the letters run's note on a pupil
    forgotten this year names Birch's 1003, not Ash's; the warning that a deleted notice
    may make a "first" a second names the school it was deleted at."""
    from types import SimpleNamespace

    from attcli.letters.run import _after_forgetting
    from attcli.store import History, Parent, deleted_notice_text

    path = tmp_path / "attcli-history.sqlite3"
    _seed(path)
    with History(path, write=True) as store:
        store.record_notice(ID, Parent("id:b2", "Mr B"), dt.date(2025, 6, 1), school="b")
        store.forget(upns=[ID], today=TODAY, school="b", force=True)
        since = dt.date(2026, 9, 1)
        assert set(store.forgotten_since([("b", ID)], since)) == {("b", ID)}
        assert store.forgotten_since([("a", ID)], since) == {}
        assert set(store.forgotten_since([("", ID)], since)) == {("", ID)}  # (a school's own workspace)
        gone = store.deleted_notice(ID, TODAY)
        assert gone is not None and gone[2:] == (dt.date(2028, 6, 1), "b"), gone
        assert "with --force (attcli pupil forget --school b), a penalty notice" in (
            deleted_notice_text(gone)
        )
        letters = [
            SimpleNamespace(status="new", school=s, upn=ID, pupil_name=f"Child {s}")
            for s in ("a", "b")
        ]
        note = _after_forgetting(letters, store, SimpleNamespace(start=dt.date(2027, 6, 7)))  # type: ignore[arg-type]
    assert note is not None and note.startswith("1 pupil with a letter"), note
    assert "Child b (1003), deleted" in note and "Child a" not in note, note


def test_a_school_s_own_workspace_below_its_trust_names_the_school_to_forget_there(
    tmp_path: Path,
) -> None:
    """A school's own workspace below a trust that lists it is told to forget in the
    trust's history too: with ``--school`` and its key there, so that another school's
    child under the same id is not deleted with it."""
    from test_sweep_privacy import OLD
    from test_sweep_privacy import _seed as seed_own

    make_workspace(
        tmp_path / "trust", '\n[schools.riv]\nname = "Riverside Primary School"\nurn = "100001"\n'
    )
    config = seed_own(tmp_path / "trust" / "riverside")  # its [school] is URN 100001
    code, out, err = run_cli("pupil", "forget", OLD, "-c", config, width=2000)
    assert code == 0, err
    said = " ".join(err.split())
    assert "run attcli pupil forget there as well, with --school riv (another of its " in said, said


def test_school_run_again_says_that_school_s_records_were_deleted_already(
    tmp_path: Path,
) -> None:
    """``--school b`` run a second time (a second officer, the shell's history): Birch's
    child's records were deleted already, said with when and by whom; not "give --school
    a", which would lead the officer to delete Ash's child's."""
    from attcli.errors import AttcliError
    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    _seed(path)
    with History(path, write=True) as store:
        store.forget(upns=[ID], today=TODAY, school="b", by="dpo")
        with pytest.raises(AttcliError) as err:
            store.forget(upns=[ID], today=TODAY, school="b")
    text = str(err.value)
    assert text.startswith("nothing on record for UPN 1003 at b: its records were deleted "
                           "already, on "), text  # fmt: skip
    assert "by dpo" in text and "--school a" not in text, text
