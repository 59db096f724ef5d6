"""Sweep "migrate" (5 December, fifth): the history store's left-over costs (sweep
histscale), with the schema migration they needed (history version 21).

- A run's N sessions were kept a row each run: a session N for thirty weekly runs was
  thirty rows, and each run wrote every session still N (the table grew with the square
  of the weeks).  They are kept as spans of runs: a run writes what changed since the run
  before.  Counted, not timed.
- The letters by half term (``History.sent_for``) were a scan of every letter on record:
  an index (``letters_half_term``).
- A letters run parsed each letter's kept marks (JSON) up to three times: once now.
- `cases` and `pupil` made the ladder's placer twice with the same inputs: once now.

tests/data/migrate/history-v20.sqlite3 and history-v20.json were made by main's code of
version 20 (tests/data/migrate/make_v20.py, run with main's src of 548e8a6a): the history
and what main's code answered of it, stored, after a ``pupil merge`` and after a
``pupil forget``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from builders import register
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_sweep_histscale import WEEK, export_to, gus_letters

D = dt.date
DATA = Path(__file__).parent / "data" / "migrate"


def answers(path: Path, *, write: bool = False) -> dict:
    """What the history answers (as make_v20.py asks it): each run's N sessions, the
    letters of three half terms."""
    from attcli.store import History

    with History(path, write=write) as h:
        ids = [r[0] for r in h.db.execute("SELECT id FROM snapshots ORDER BY id")]
        return {
            "n_sessions": {
                str(i): (
                    None
                    if (x := h.snapshot_n_sessions(i)) is None
                    else [[s, u, d.isoformat(), ss] for s, u, d, ss in x]
                )
                for i in ids
            },
            "sent_for": {
                d: sorted(r.id for r in h.sent_for(D.fromisoformat(d)))
                for d in ("2026-09-01", "2026-11-02", "2027-01-04")
            },
        }


def v20(tmp_path: Path, name: str = "history.sqlite3") -> Path:
    path = tmp_path / name
    shutil.copyfile(DATA / "history-v20.sqlite3", path)
    return path


EXPECTED = json.loads((DATA / "history-v20.json").read_text())


def test_a_history_of_version_20_upgrades_and_answers_as_before(tmp_path: Path) -> None:
    """The stored history (version 20: a run from before N sessions were kept, six weekly
    runs of a school and six of a trust's other school between them, a past week run
    again, a session N in every run, one N, resolved, then N again, one a pupil under
    two UPNs in one run) read by a command (a copy in memory, migrated there) and opened
    by a run that writes (migrated on disk) answers each run's N sessions and each half
    term's letters as version 20 did; so do a ``pupil merge`` and a ``pupil forget`` done
    after the upgrade, as version 20's did them (the rows moved and deleted counted alike:
    a span counted as the runs' rows it stands for)."""
    from attcli.store import SCHEMA_VERSION, History

    path = v20(tmp_path)
    assert answers(path) == EXPECTED["stored"]  # (read: a copy migrated in memory)
    with History(path, write=True) as h:
        assert (h.version(), h.migrated_from) == (SCHEMA_VERSION, 20)
        tables = {r[0] for r in h.db.execute("SELECT name FROM sqlite_master")}
    assert "snapshot_n_sessions" not in tables and "snapshot_n_spans" in tables
    assert answers(path) == EXPECTED["stored"]
    with History(path, write=True) as h:
        assert h.merge_pupil("T", "P", by="t") == EXPECTED["merge"]
    assert answers(path) == EXPECTED["merged"]
    path = v20(tmp_path, "again.sqlite3")
    with History(path, write=True) as h:
        forgot = h.forget(upns=["A"], today=D(2026, 12, 1), by="t", force=True)
    assert forgot.counts == EXPECTED["forget_A"]
    assert answers(path) == EXPECTED["forgot"]


def test_the_runs_after_an_upgrade_keep_their_n_sessions_and_the_earlier_runs_theirs(
    tmp_path: Path,
) -> None:
    """After the upgrade the school's next runs: one keeps every N of the run before and
    one more, the next resolves two (B's, and the N a pupil under two UPNs had under T)
    and keeps P's; the trust's other school's run keeps its own.  Each run answers its
    own N sessions, and every run before answers as before."""
    from attcli.store import History

    path = v20(tmp_path)
    before = EXPECTED["stored"]["n_sessions"]
    last = [tuple(r) for r in before["12"]]  # (the school's newest run of the date order)
    newest = [tuple(r) for r in before["14"]]  # (the one recorded last: the run again)

    def keys(rows: list[tuple]) -> list[tuple[str, str, dt.date, str]]:
        return [(s, u, D.fromisoformat(d), ss) for s, u, d, ss in rows]

    one = sorted({*newest, ("", "D", "2026-10-19", "AM")})
    two = sorted({("", "A", "2026-09-14", "AM"), ("", "P", "2026-09-16", "AM")})
    pupils = [("", u, 10, 12, None, "", None, None, 2) for u in "ABCDPT"]
    with History(path, write=True) as h:
        first = h.add_snapshot(D(2026, 10, 23), "e.csv", pupils, n_sessions=keys(one))
        north = h.add_snapshot(D(2026, 10, 23), "n.csv", [("north", "Z", 1, 2, None, "",
                               None, None, 0)], school="north", n_sessions=[])  # fmt: skip
        second = h.add_snapshot(D(2026, 10, 30), "e.csv", pupils, n_sessions=keys(two))
    got = answers(path)["n_sessions"]
    assert {k: v for k, v in got.items() if k in before} == before
    assert [tuple(r) for r in got[str(first)]] == one
    assert got[str(north)] == []
    assert [tuple(r) for r in got[str(second)]] == two
    assert last != newest  # (the spans follow the order recorded, not the dates)


def n_written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows each :meth:`History.add_snapshot` writes beyond the run's own row and its
    pupils' rows: what it writes of the N sessions."""
    from attcli.store import History

    got: list[int] = []
    real = History.add_snapshot

    def counting(self, as_of, exports, pupils, **kw):  # noqa: ANN001, ANN003, ANN202
        pupils = list(pupils)
        had = self.db.total_changes
        sid = real(self, as_of, exports, pupils, **kw)
        got.append(self.db.total_changes - had - 1 - len(pupils))
        return sid

    monkeypatch.setattr(History, "add_snapshot", counting)
    return got


def test_a_run_writes_the_n_sessions_changed_since_the_run_before_not_every_one_still_n(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twenty weekly runs; each week five more sessions of the school's pupils are N, and
    none is resolved (the bench's school year: Ns left N all year).  Each run wrote every
    session still N as of its date: 5, 10, ... 100 rows, 1,050 in all, the square of the
    weeks.  Now each writes the five new ones (a span each, open to the newest run) and
    the history holds 100; and in week 21, when all 100 are resolved, the run writes the
    100 spans closed.  Every run still answers its own N sessions."""
    from attcli.store import History

    written = n_written(monkeypatch)
    path = tmp_path / "history.sqlite3"
    pupils = [("", f"U{i}", 10, 12, None, "", None, None, 2) for i in range(5)]
    want: dict[int, list] = {}
    n: list[tuple[str, str, dt.date, str]] = []
    with History(path, write=True) as h:
        for week in range(21):
            day = D(2026, 9, 11) + dt.timedelta(weeks=week)
            if week < 20:
                n = n + [("", f"U{i}", day - dt.timedelta(days=4), "AM") for i in range(5)]
            else:
                n = []
            want[h.add_snapshot(day, "e.csv", pupils, n_sessions=list(n))] = sorted(n)
        for sid, rows in want.items():
            assert h.snapshot_n_sessions(sid) == rows
        assert written == [5] * 20 + [100], written
        assert h.db.execute("SELECT count(*) FROM snapshot_n_spans").fetchone() == (100,)


def test_the_letters_of_a_half_term_are_found_by_an_index(tmp_path: Path) -> None:
    """``History.sent_for`` (the letters of a half term, asked several times a run) read
    every letter on record (a scan, 40 ms at a third year's 8,131 letters); it is a search
    of the index on the half term's start (history version 21), so are the other reads by
    half term.  A run's N sessions are read from its school's spans by their last run:
    the newest run's are its open spans alone."""
    from attcli.store import _IN_RUN, History

    path = tmp_path / "history.sqlite3"
    with History(path, write=True) as h:
        plans = {
            sql: " ".join(r[-1] for r in h.db.execute(f"EXPLAIN QUERY PLAN {sql}", args))
            for sql, args in (
                ("SELECT * FROM letters WHERE status = 'sent' AND half_term_start = ?", ("x",)),
                ("SELECT * FROM letters WHERE out_dir = ? AND half_term_start = ?", ("o", "x")),
            )
        }
        # (and a run's N sessions: the spans of its school by their last run, no scan)
        spans = [
            r[-1]
            for r in h.db.execute(f"EXPLAIN QUERY PLAN {_IN_RUN}", ("", 1, "", 1, 1))
        ]
    for sql, plan in plans.items():
        assert "USING INDEX letters_half_term" in plan, (sql, plan)
    assert [p for p in spans if "snapshot_n_spans" in p] == [
        "SEARCH snapshot_n_spans USING INDEX snapshot_n_spans_run (run_school=? AND last_id=?)",
        "SEARCH snapshot_n_spans USING INDEX snapshot_n_spans_run (run_school=? AND last_id>?)",
    ], spans


def gus(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """ANNA, present, and GUS, O all the week of 14/09 (red, and a penalty-notice
    warning): the letters run of 25/09 sends GUS his letters, each with its marks kept
    (the histscale sweep's :func:`gus_letters`).  The export of 25/09 and the contacts."""
    return gus_letters(ws, tmp_path, monkeypatch), tmp_path / "contacts.csv"


def test_a_letters_run_parses_each_letter_s_kept_marks_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letters run asks of the letters sent this school year whether a correction
    since changed their marks three times (the lines it says, the band letters and the
    warnings it no longer supports), and each parsed every letter's kept marks (JSON,
    the year's marks each at the year's end) afresh.  Now each letter's are parsed once
    a run, and the run says what it said."""
    from attcli import letter_marks

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    exp, contacts = gus(ws, tmp_path, monkeypatch)
    letter_marks._parsed.cache_clear()
    parsed: list[str] = []
    real = json.loads

    def counting(text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if isinstance(text, str) and '"marks"' in text:
            parsed.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(letter_marks.json, "loads", counting)
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out",
                             tmp_path / "again", "--resend", "--dry-run", "-c", ws)  # fmt: skip
    assert code == 0, err
    assert "GUS" in out + err
    # (GUS's red letter and his warning, resting on the same marks: one text)
    assert parsed and len(set(parsed)) == len(parsed), len(parsed)


def test_a_pupil_s_record_makes_the_ladder_s_placer_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pupil GUS` placed GUS on the ladder, and then the check's held letters placed him
    again for his red letter due (``placing.placed``, :func:`attcli.check.letters_held`):
    each read the casebook and the recorded pupils' marks by day, with the same inputs
    (`cases` likewise, for the pupils on the ladder with nothing due whose band letter
    goes this half term).  Now the placer is made once an evaluation (reused where it was
    made for every pupil with a record, or for the same pupils), and the output is the
    same."""
    from attcli import placing

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({"ANNA": " ".join([WEEK] * 3), "GUS": " ".join([WEEK, "O O O O O", WEEK])})
    exp = export_to(reg, D(2026, 9, 25), tmp_path)  # (GUS: red, his letter due)
    made = count_calls_fn(monkeypatch, placing, "read_records")  # (the casebook, read)
    series = count_calls_fn(monkeypatch, placing, "marks_by_day")
    code, out, err = run_cli("pupil", "GUS", exp, "-c", ws)
    assert code == 0, err
    assert "GUS" in out
    assert (len(made), len(series)) == (1, 1), (made, series)


def count_calls_fn(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count the calls of function ``name`` of ``module`` from here on."""
    calls: list[int] = []
    real = getattr(module, name)

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls



def test_an_old_year_forgotten_takes_the_spans_of_its_runs_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    """Three runs of last school year and one of this: X's N of 08/09/2025 in the first
    two, Y's in all four.  `pupil forget --before 2026-09-01` deletes last year's runs
    (this year's, the newest, stays): X's span holds no run left and goes; Y's holds the
    run kept, which answers Y's N as before."""
    from attcli.store import History

    path = tmp_path / "history.sqlite3"
    x = ("", "X", D(2025, 9, 8), "AM")
    y = ("", "Y", D(2025, 9, 9), "PM")
    pupils = [("", u, 10, 12, None, "", None, None, 2) for u in "XY"]
    with History(path, write=True) as h:
        for day, n in (
            (D(2025, 9, 12), [x, y]),
            (D(2025, 9, 19), [x, y]),
            (D(2025, 9, 26), [y]),
            (D(2026, 9, 11), [y]),
        ):
            kept = h.add_snapshot(day, "e.csv", pupils, n_sessions=n)
        h.forget(before=D(2026, 9, 1), today=D(2026, 10, 1), force=True, by="t")
        assert h.db.execute("SELECT id FROM snapshots").fetchall() == [(kept,)]
        assert h.snapshot_n_sessions(kept) == [y]
        assert h.db.execute("SELECT upn FROM snapshot_n_spans").fetchall() == [("Y",)]
