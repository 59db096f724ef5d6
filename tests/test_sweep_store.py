"""The workspace and its history store in an office's hands (sweep of 4 December, "store").

A history damaged (a table gone, a page overwritten), a workspace folder an office user
cannot write to: each ends in one line naming the history and what to do, exit 1, never
"attcli failed unexpectedly ... This is a bug" (exit 70), and nothing recorded by half.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import as_in_a_test, run_cli

# the example school's export, contacts, letters of one run and a notice to record
from test_files_store import CONTACTS, EXAMPLE_LETTERS, EXPORT, PN_RECORD, ROOT


@pytest.fixture
def school(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    (tmp_path / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def letters_args(school: Path, out: Path | None = None, *extra: str) -> list[str]:
    return [
        "letters",
        str(EXPORT),
        "--contacts",
        str(CONTACTS),
        "--config",
        str(school / "attcli.toml"),
        "--out",
        str(out or school / "letters"),
        "--as-of",
        "2026-12-18",
        *extra,
    ]


def damaged(history: Path, why: str) -> str:
    return (
        f"error: the history {history} is damaged ({why}): restore the school's history "
        "from its backup; do not delete it or start a new one, which would hold none of the "
        "letters and notices sent"
    )


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    """A school's folder after its first letters run (the example school's 18 letters into
    its letters/ folder), made once for the module: most tests start from it, and the run
    is the same every time.  As in a test (the conftest's fixtures are per test): its user
    folder, its font cache, and "today" the school's fixture's."""
    folder = tmp_path_factory.mktemp("first-letters-run") / "school"
    folder.mkdir()
    (folder / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with as_in_a_test(folder.parent), pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATTCLI_TODAY", "2026-12-18")
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))
        code, _, err = run_cli(*letters_args(folder))
    assert code == 0, err
    # the history names its folder in one place only: where each letter was written
    db = sqlite3.connect(folder / "attcli-history.sqlite3")
    try:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for column in [r[1] for r in db.execute(f"PRAGMA table_info({table})")]:
                found = db.execute(
                    f"SELECT count(*) FROM {table} WHERE instr(CAST({column} AS TEXT), ?)",
                    (str(folder),),
                ).fetchone()[0]
                assert not found or (table, column) == ("letters", "out_dir"), (table, column)
    finally:
        db.close()
    return folder


def sent_history(school: Path, first_run: Path) -> Path:
    """``school`` as its first letters run left it (the history, its run lock and the
    letters): the module's run copied in, file modes kept, the history's letters moved to
    ``school``'s folder (the one path it holds)."""
    history = school / "attcli-history.sqlite3"
    assert not history.exists() and not (school / "letters").exists()  # nothing lost
    for name in ("attcli-history.sqlite3", "attcli-history.sqlite3.lock"):
        shutil.copy2(first_run / name, school / name)
    shutil.copytree(first_run / "letters", school / "letters")
    db = sqlite3.connect(history)
    n = len(str(first_run))
    moved = db.execute(
        "UPDATE letters SET out_dir = ? || substr(out_dir, ?) WHERE substr(out_dir, 1, ?) = ?",
        (str(school), n + 1, n, str(first_run)),
    ).rowcount
    assert moved == db.execute("SELECT count(*) FROM letters").fetchone()[0] > 0
    db.commit()
    db.close()
    return history


@pytest.mark.parametrize("table", ["audit", "letters", "penalty_notices"])
def test_a_history_missing_a_table_is_damaged_for_every_command(
    school: Path, first_run: Path, table: str
) -> None:
    """A store at the current version with one of its tables gone (a restore of part of
    it, a hand edit): `pn void` said "attcli failed unexpectedly (OperationalError: no such
    table: audit). This is a bug", exit 70; `letters` said the school's own history was
    "not an attcli history file", which reads as "delete it"; with `penalty_notices` gone
    a letters run went ahead.  Every command that opens it says it is damaged, which
    table is missing, and to restore it."""
    history = sent_history(school, first_run)
    db = sqlite3.connect(history)
    db.execute(f"DROP TABLE {table}")
    db.commit()
    db.close()
    before = history.read_bytes()
    want = damaged(history, f"its table {table} is missing")
    config = ["--config", str(school / "attcli.toml")]
    for args in (
        ["pn", "void", "1", "--reason", "recorded in error", *config],
        ["pn", "list", *config],
        letters_args(school, school / "again"),
        letters_args(school, school / "dry", "--dry-run"),
        ["pn", "record", *PN_RECORD, *config],
    ):
        code, _, err = run_cli(*args)
        assert (code, err.strip().splitlines()[-1]) == (1, want), args
    assert history.read_bytes() == before
    assert not (school / "again").exists()


def test_a_history_missing_a_column_is_damaged(school: Path, first_run: Path) -> None:
    """A store whose schema says the current version but whose letters lack a column (a
    hand edit, a table restored from an older store): "attcli failed unexpectedly
    (OperationalError: no such column: as_of). This is a bug" at the first read of it."""
    history = sent_history(school, first_run)
    db = sqlite3.connect(history)
    db.execute("ALTER TABLE letters DROP COLUMN as_of")
    db.commit()
    db.close()
    for args in (["pn", "list", "--config", str(school / "attcli.toml")], letters_args(school)):
        code, _, err = run_cli(*args)
        assert (code, err.strip().splitlines()[-1]) == (
            1,
            damaged(history, "its table letters has no column as_of"),
        ), args


def test_a_history_whose_pages_are_overwritten_is_damaged_not_a_bug(
    school: Path, first_run: Path
) -> None:
    """A page of the store overwritten (a disk or copy fault), in a table the open does not
    read (the penalty notices'): `pn list` said "attcli failed unexpectedly (DatabaseError:
    database disk image is malformed). This is a bug in attcli", exit 70."""
    history = sent_history(school, first_run)
    db = sqlite3.connect(history)
    root = db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'penalty_notices'"
    ).fetchone()[0]
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with history.open("r+b") as f:
        f.seek(page * (root - 1))
        f.write(b"\xff" * 200)
    code, _, err = run_cli("pn", "list", "--config", str(school / "attcli.toml"))
    assert (code, err.strip().splitlines()[-1]) == (
        1,
        damaged(history, "SQLite: database disk image is malformed"),
    )


def test_a_truncated_history_is_damaged_not_another_programs(school: Path, first_run: Path) -> None:
    """The first 8 KB of the school's history (a copy cut short): it said "is not an attcli
    history file: database disk image is malformed", which reads as "delete it"."""
    history = sent_history(school, first_run)
    history.write_bytes(history.read_bytes()[:8192])
    for args in (letters_args(school), ["pn", "list", "--config", str(school / "attcli.toml")]):
        code, _, err = run_cli(*args)
        assert (code, err.strip().splitlines()[-1]) == (
            1,
            damaged(history, "SQLite: database disk image is malformed"),
        )


def as_office_user() -> list[str]:
    """The command prefix that runs a subprocess with an office user's file permissions:
    none for a user who is not root; as root, root without the capabilities that pass
    over a file's mode (``setpriv``), so a read-only folder is read-only to it."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a read-only folder is not read-only")
    caps = "-dac_override,-dac_read_search,-fowner"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def office_run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``attcli ARGS`` in a subprocess, as an office user (:func:`as_office_user`), running
    this checkout's code, with ``env`` added to the environment."""
    return subprocess.run(
        [*as_office_user(), sys.executable, "-m", "attcli", *args],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
    )  # fmt: skip


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
@pytest.mark.parametrize("lock_there", [True, False])
def test_a_read_only_workspace_folder_is_one_line_before_anything_is_written(
    school: Path, first_run: Path, lock_there: bool
) -> None:
    """A workspace on a share the office may read but not write (the history file itself
    writable): SQLite makes its rollback journal beside the history, so the first letter's
    record failed with "attcli failed unexpectedly (OperationalError: attempt to write a
    readonly database). This is a bug", exit 70 (the run lock file already there from an
    earlier run), or "cannot lock the history file ...: Permission denied" with nothing
    to do.  `check --record` the same.  Said in one line naming the folder, before any
    letter is written; a reader (`pn list`, a dry run) still works."""
    history = sent_history(school, first_run)
    lock = school / "attcli-history.sqlite3.lock"
    assert lock.exists()
    if not lock_there:
        lock.unlink()
    db = sqlite3.connect(history)
    db.execute("DELETE FROM letters")  # letters still to send
    db.commit()
    db.close()
    before = history.read_bytes()
    out = school.parent / f"{school.name}-out"
    out.mkdir()
    school.chmod(stat.S_IRUSR | stat.S_IXUSR)
    want = (
        f"error: cannot write the history {history}: its folder {school} is read-only (the "
        "history's journal and run lock are made there); make the folder writable, or run "
        "with a workspace you can write to"
    )

    def attcli(*args: str) -> tuple[int, str, str]:
        done = office_run(*args)
        assert "Traceback" not in done.stderr
        return done.returncode, done.stderr.strip().splitlines()[-1], done.stdout + done.stderr

    try:
        assert attcli(*letters_args(school, out / "letters"))[:2] == (1, want)
        assert not (out / "letters").exists()
        record = ["check", str(EXPORT), "--record", "--config", str(school / "attcli.toml")]
        assert attcli(*record, "--as-of", "2026-12-18")[:2] == (1, want)
        code, _, _ = attcli("pn", "list", "--config", str(school / "attcli.toml"))
        assert code == 0
        code, _, said = attcli(*letters_args(school, out / "dry", "--dry-run"))
        assert code == 0 and f"{EXAMPLE_LETTERS} letters would be written" in " ".join(said.split())
    finally:
        school.chmod(stat.S_IRWXU)
    assert history.read_bytes() == before


def test_a_run_on_record_sharing_no_pupil_is_another_schools_and_not_compared(
    tmp_path: Path,
) -> None:
    """The workspace's run on record as of Fri 25/09 is of 12 pupils A01..A12; the next
    week's exports (to Fri 02/10) are another school's, 12 pupils B01..B12, none of them
    in that check (the office's folder of another school, an export of another school, the
    trust's shared PC).  `check` compared with the run all the same: every pupil of these
    exports NEW in any group ("not in this group in the check as of 25/09/2026"), and the
    12 of the run "in none of these exports (taken off roll, or a filtered export?)";
    `--record` then stored them in the school's history, where the next real week compared
    with them.  Now NEW compares with the check 7 days earlier (25/09, from the exports
    themselves), a line says the run shares no pupil and what that means, and `--record`
    stores nothing, saying why; `cases` the same.  B01..B03: N all week of 28/09 (30/40 =
    75 %, red; 10 unauthorised sessions, the penalty-notice group; 5 days, the absence
    group), NEW against 25/09 (30/30, green, in no group); B04..B12 present throughout.
    Sharing one pupil (A01, the rest B01..B11), the run is compared with as before."""
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week = " ".join(["/\\"] * 5)
    ours = register({f"A{i:02}": " ".join([week] * 3) for i in range(1, 13)})
    theirs = register(
        {f"B{i:02}": " ".join([week] * 3 + (["N"] * 5 if i <= 3 else [week])) for i in range(1, 13)}
    )
    first = write_long_csv(ours, tmp_path / "ours.csv", dob=True)
    code, _, err = run_cli("check", first, "-c", ws, "--as-of", "2026-09-25", "--record")
    assert code == 0, err
    other = write_long_csv(theirs, tmp_path / "theirs.csv", dob=True)
    args = ["check", other, "-c", ws, "--as-of", "2026-10-02", "--format", "json"]
    code, out, err = run_cli(*args)
    assert code == 0, err
    doc = __import__("json").loads(out)
    seen = (  # (the school the workspace is for named: sweep slips8)
        f"this workspace ({ws.parent}) is Riverside Primary School's (URN 100001), and none "
        "of the 12 pupils its history knows (its check recorded as of 25/09/2026) is in these exports "
        "(12 pupils): these are another school's exports (or one year group's, all pupils new "
        "since); if so, give that school's workspace (--workspace DIR, or --config FILE)"
    )
    line = f"{seen}; NEW compares with the check 7 days earlier, not with that check"
    assert line in doc["warnings"]
    assert doc.get("compared_with_run") is None
    assert doc["compared_with"] == "2026-09-25"
    assert not doc.get("changes")
    new = sorted(p["upn"] for p in doc["pupils"] if p["new_groups"])
    assert new == ["B01", "B02", "B03"]  # N all week since 25/09: severe now, green then
    history = ws.parent / "attcli-history.sqlite3"
    before = history.read_bytes()
    code, out, err = run_cli(*args[:-2], "--record")
    assert code == 0, err
    said = " ".join((out + err).split())
    assert (  # (the line naming the school said once, in the note on NEW: sweep looks15)
        "not recorded: no pupil of the check on record is in these exports; record a check "
        "only of the whole school's exports, in its own workspace"
    ) in said and said.count(seen) == 1
    assert history.read_bytes() == before
    # `attcli cases` the same: NEW against the ladder 7 days earlier, nothing stored
    code, out, err = run_cli("cases", other, "-c", ws, "--as-of", "2026-10-02")
    assert code == 0, err
    said = " ".join((out + err).split())
    assert f"{seen}; NEW compares with the ladder 7 days earlier" in said
    assert "not recorded: no pupil of the check on record" in said and said.count(seen) == 1
    assert history.read_bytes() == before
    # one pupil in common (a pupil who moved between the two schools is not enough to
    # call it another school, nor is it: compared as before)
    mixed = write_long_csv(
        register({"A01": " ".join([week] * 4), **{f"B{i:02}": " ".join([week] * 4) for i in range(1, 12)}}),
        tmp_path / "mixed.csv",
        dob=True,
    )
    code, out, err = run_cli("check", mixed, "-c", ws, "--as-of", "2026-10-02", "--format", "json")
    assert code == 0, err
    doc = __import__("json").loads(out)
    assert doc["compared_with_run"]["as_of"] == "2026-09-25"


def test_letters_refuse_exports_sharing_no_pupil_with_this_years_letters(
    tmp_path: Path, monkeypatch
) -> None:
    """School A's workspace has sent its Autumn 1 letters to 12 pupils A01..A12 (N every
    day from Mon 07/09 for 3 weeks, then present: 0/30 -> severe). An office serving two
    schools runs Autumn 2's letters from A's folder with school B's exports and contacts
    (B01..B12, the same marks: none of them in A's letters). Every letter went out as a
    first letter on A's letterhead and was recorded in A's history. The history's letters
    of this school year share no pupil with the exports: refused, one line naming the
    workspace, before anything is written; a dry run says the same. One pupil in common
    (A01 and B02..B12) is a school's own exports, and runs; so do B's exports with a
    contacts file that holds A's pupils too (a head of year's export of their own year,
    with the school's contacts)."""
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-20")
    ws = make_workspace(tmp_path / "a", AUTUMN_HALF_TERMS)
    marks = " ".join(["N"] * 15 + ["/\\"] * 15)  # to Fri 16/10
    more = " ".join([marks] + ["/\\"] * 15)  # to Fri 13/11 (the week of 26/10 a holiday)
    holiday = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]

    def school(
        prefix: str, pupils: list[str], weeks_marks: str, name: str, more: tuple[str, ...] = ()
    ) -> tuple[Path, Path]:
        reg = register({p: weeks_marks for p in pupils}, holidays=holiday)
        exp = write_long_csv(reg, tmp_path / f"{name}.csv", dob=True, groups=True)
        book = contacts_file(
            tmp_path / f"{name}-contacts.csv",
            [(p, f"{prefix}{i}", "Mx", "Pat", f"P{p}") for i, p in enumerate([*pupils, *more])],
        )
        return exp, book

    a_pupils = [f"A{i:02}" for i in range(1, 13)]
    exp, book = school("1", a_pupils, marks, "a1")
    code, _, err = run_cli("letters", exp, "--contacts", book, "-c", ws, "--out", tmp_path / "l1",
                           "--as-of", "2026-10-16")  # fmt: skip
    assert code == 0, err
    history = ws.parent / "attcli-history.sqlite3"
    db = sqlite3.connect(history)
    assert db.execute("SELECT count(DISTINCT upn) FROM letters WHERE status = 'sent'").fetchone() == (12,)
    db.close()
    before = history.read_bytes()
    b_pupils = [f"B{i:02}" for i in range(1, 13)]
    exp, book = school("2", b_pupils, more, "b2")
    want = (
        f"error: no letters: this workspace ({ws.parent}) is Riverside Primary School's (URN "
        "100001), and none of the 12 pupils its history knows (its letters this school year) "
        "is in these exports (12 pupils) or the contacts: if these are another school's exports, "
        "whose letters would carry Riverside Primary School's letterhead, give that school's "
        "workspace (--workspace DIR, or --config FILE); if they are one year group's, of "
        "pupils all new since then (a new Year 7 or Reception), give the school's whole "
        "contacts export as --contacts (it holds pupils this workspace knows)"
    )
    for extra in ([], ["--dry-run"]):
        code, _, err = run_cli("letters", exp, "--contacts", book, "-c", ws, "--out",
                               tmp_path / "l2", "--as-of", "2026-11-13", *extra)  # fmt: skip
        assert (code, " ".join(err.split()).split("error: ")[-1]) == (1, want[7:]), extra
    assert not (tmp_path / "l2").exists()
    assert history.read_bytes() == before
    exp, book = school("3", ["A01", *b_pupils[1:]], more, "mixed")
    code, _, err = run_cli("letters", exp, "--contacts", book, "-c", ws, "--out",
                           tmp_path / "l3", "--as-of", "2026-11-13", "--dry-run")  # fmt: skip
    assert code == 0, err
    exp, book = school("4", b_pupils, more, "year", more=tuple(a_pupils))
    code, _, err = run_cli("letters", exp, "--contacts", book, "-c", ws, "--out",
                           tmp_path / "l4", "--as-of", "2026-11-13", "--dry-run")  # fmt: skip
    assert code == 0, err


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_history_the_user_may_not_read_is_one_line_naming_it(
    school: Path, first_run: Path
) -> None:
    """The history of another office user (owner-only, as attcli makes it) on a shared
    folder: every command said "is not an attcli history file: unable to open database
    file", which reads as "delete it". Said as what it is: not readable by this user."""
    history = sent_history(school, first_run)
    history.chmod(0)
    want = (
        f"error: cannot read the history {history}: you have no permission to read it (the "
        "history is owner-only: it names pupils and parents); run attcli as the user who "
        "keeps it, or have that user give you access"
    )
    try:
        for args in (
            ["pn", "list", "--config", str(school / "attcli.toml")],
            letters_args(school, school / "again"),
            ["check", str(EXPORT), "--config", str(school / "attcli.toml")],
        ):
            done = office_run(*args)
            assert "Traceback" not in done.stderr
            assert (done.returncode, done.stderr.strip().splitlines()[-1]) == (1, want), args
    finally:
        history.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert not (school / "again").exists()


def test_the_run_recorded_last_is_the_last_whatever_the_pcs_clock(
    tmp_path: Path, monkeypatch
) -> None:
    """Two office PCs on one network folder record the same week (as of Fri 11/12): PC A
    at 14:00 on 11/12, then, after a register correction, PC B, whose clock is a day
    behind (its "2026-12-10 15:00"). The runs were ordered by the PCs' clock before the
    order they were recorded in: next week's NEW compared with PC A's run, the one
    corrected since, and `cases record` checked UPNs against it. The run recorded last
    (the store's order) is the last."""
    from attcli import store as store_module
    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    pupils = [("", "A01", 30, 30, "green", "", None, None, 0)]
    clock = iter(["2026-12-11 14:00:00", "2026-12-10 15:00:00"])
    monkeypatch.setattr(store_module, "_now", lambda: next(clock))
    with History(path, write=True) as store:
        first = store.add_snapshot(dt.date(2026, 12, 11), "a.csv", pupils, by="pc-a")
        second = store.add_snapshot(dt.date(2026, 12, 11), "b.csv", pupils, by="pc-b")
        assert second > first
        assert store.snapshot_before(dt.date(2026, 12, 18))[0] == second
        assert store.latest_snapshot()[0] == second


def test_run_from_a_folder_below_the_workspace_names_the_workspace_above(
    school: Path, first_run: Path, monkeypatch
) -> None:
    """The office's workspace is the shared folder holding attcli.toml and the history;
    one day `attcli letters` is run from its letters folder below (or a folder of exports
    inside it). "letters: no school workspace; make one with `attcli init`" sent them to
    make a new workspace, in the user folder, whose new empty history then sent every
    letter of the half term again. The workspace above is named, with how to use it; the
    workspace line says it too. From a folder with no workspace above, as before."""
    sent_history(school, first_run)
    below = school / "letters" / "2026"
    below.mkdir(parents=True)
    monkeypatch.chdir(below)
    args = ["letters", str(EXPORT), "--contacts", str(CONTACTS), "--out", str(below / "out"),
            "--as-of", "2026-12-18"]  # fmt: skip
    code, _, err = run_cli(*args, workspace_line=True)
    first, *_, last = err.strip().splitlines()
    hint = (
        f"the folder {school}, above the working folder, holds attcli.toml: run attcli "
        f"from there, or give --workspace {school}"
    )
    assert (code, last) == (
        1,
        f"error: letters: no school workspace in the working folder; {hint} (`attcli init` "
        "would make a new workspace, with no record of the letters and notices sent)",
    )
    assert first.endswith(f"no history of letters or notices; {hint}"), first
    assert not (below / "out").exists()
    code, _, err = run_cli("pn", "list")
    assert (code, err.strip().splitlines()[-1]) == (
        1,
        f"error: no school workspace in the working folder, so no history of letters and "
        f"notices; {hint}",
    )
    monkeypatch.chdir(school.parent)  # no workspace above: as before
    code, _, err = run_cli(*args)
    assert (code, err.strip().splitlines()[-1]) == (
        1,
        "error: letters: no school workspace; if your school has one, run attcli in the folder "
        "that holds its attcli.toml, or give --workspace DIR (or set ATTCLI_WORKSPACE); `attcli "
        "init` makes a new one, with no record of the letters and notices sent",
    )


def test_a_history_held_by_another_program_is_one_line(school: Path, first_run: Path) -> None:
    """A database tool (DB Browser for SQLite) with a change not yet written holds the
    history's lock: every command waited 5 s, then said the school's history "is not an
    attcli history file: database is locked", which reads as "delete it"."""
    history = sent_history(school, first_run)
    code = (
        "import sqlite3, time; "
        f"db = sqlite3.connect({str(history)!r}, isolation_level=None); "
        "db.execute('BEGIN EXCLUSIVE'); db.execute(\"DELETE FROM audit\"); "
        "print('held', flush=True); time.sleep(120)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        code_, _, err = run_cli("pn", "list", "--config", str(school / "attcli.toml"))
        assert (code_, err.strip().splitlines()[-1]) == (
            1,
            f"error: the history {history} is in use: another program is writing to it "
            "(another attcli run, on this or another computer, or a database tool that has it "
            "open); wait for it to finish, or close it, and run this again",
        )
    finally:
        holder.kill()
        holder.wait()


def test_a_history_in_a_folder_not_there_is_refused_not_read_as_none_yet(
    school: Path,
) -> None:
    """`[history] path` on the school's network drive, not connected on this PC (its
    folder is not there): `pn list` said "Penalty notices recorded: 0: none", `pn next`
    quoted a first notice, a letters dry run "18 letters would be written; 0 already
    sent", and the workspace line "(none yet)"; only a real letters run stopped ("the
    folder for the history file ... does not exist"). Every command now refuses in one
    line naming the key, the folder and what to do."""
    missing = school / "sdrive" / "Attendance"
    config = school / "attcli.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f'\n[history]\npath = "{missing / "attcli-history.sqlite3"}"\n',
        encoding="utf-8",
    )
    want = (
        f"error: {config}: config key 'history.path': the folder {missing} does not exist (a "
        "network drive not connected?): connect it, or correct the path; attcli reads the "
        "letters and notices on record there"
    )
    for args in (
        ["pn", "list", "--config", str(config)],
        ["pn", "next", "A999201618043", "--parent", "Mr Darren Lewis", "--config", str(config)],
        ["check", str(EXPORT), "--config", str(config)],
        letters_args(school, None, "--dry-run"),
        letters_args(school),
    ):
        code, _, err = run_cli(*args)
        assert (code, err.strip().splitlines()[-1]) == (1, want), args
    assert not (school / "letters").exists() and not missing.parent.exists()


def test_letters_into_a_folder_whose_letters_the_history_does_not_know_are_refused(
    school: Path, first_run: Path,
) -> None:
    """The example school's 18 letters sent into letters/, then the workspace copied to a
    new PC without its history (or the history lost, or [history] path changed). A dry
    run said "18 letters would be written; 0 already sent"; the real run said the PDFs
    "already exist and attcli has no record of writing it (and 35 more); use --force to
    replace, or another --out folder": either sends the 18 letters again. The folder's
    manifest, attcli's own, lists 18 letters the history has no record of: refused, dry
    run or not, naming the manifest, the history and what to do; no history is left made
    by the refused run. --force sends them regardless (the office's decision)."""
    history = sent_history(school, first_run)
    history.unlink()
    manifest = school / "letters" / "manifest.csv"
    before = sorted(p.name for p in (school / "letters").iterdir())
    want = (
        f"no letters: {manifest} lists 18 letters attcli wrote in this folder, and the history "
        f"{history} has no record of any of them (there is none yet): the school's history is "
        "elsewhere or was lost; restore it from its backup, or set [history] path to it, so "
        "the letters sent are not sent again (--force: write them all the same)"
    )
    for extra in (["--dry-run"], []):
        code, _, err = run_cli(*letters_args(school, None, *extra))
        assert (code, " ".join(err.split()).split("error: ")[-1]) == (1, want), extra
    assert not history.exists()
    assert sorted(p.name for p in (school / "letters").iterdir()) == before
    code, out, err = run_cli(*letters_args(school, None, "--force"))
    assert code == 0, err
    assert f"{EXAMPLE_LETTERS} letters written" in " ".join((out + err).split())


def test_an_output_named_as_the_workspaces_history_or_config_is_refused_even_with_force(
    school: Path, first_run: Path, monkeypatch
) -> None:
    """`check EXPORT -o attcli-history.sqlite3 --format csv --force` (a name completed by
    the Tab key) wrote the check's CSV over the school's history: every letter and notice
    on record gone, the next letters run sending them all again; `-o attcli.toml --force`
    replaced the config with JSON. Refused, even with --force, as an export the command
    reads is, naming the file and what it is; both files as they were."""
    history = sent_history(school, first_run)
    config = school / "attcli.toml"
    kept = {p: p.read_bytes() for p in (history, config)}
    monkeypatch.chdir(school)
    for name, fmt, what in (
        ("attcli-history.sqlite3", "csv", "the workspace's history of letters and notices"),
        ("attcli.toml", "json", "the workspace's config"),
    ):
        code, _, err = run_cli("check", EXPORT, "-o", name, "--format", fmt, "--force")
        assert (code, err.strip().splitlines()[-1]) == (
            1,
            f"error: {name} is {what}; give another name for the output",
        ), name
    assert {p: p.read_bytes() for p in kept} == kept


def test_the_user_folders_workspace_used_below_another_workspace_says_so(
    school: Path, first_run: Path, monkeypatch
) -> None:
    """Run from a folder inside the school's shared workspace, on a PC whose user folder
    holds a workspace of its own (made by `attcli init` when a run there found none): the
    user folder's was used, with its own history, and nothing said of the school's
    workspace above the working folder. The workspace line names it."""
    from attcli import workspace

    sent_history(school, first_run)
    user = workspace.user_folder()
    user.mkdir(parents=True, exist_ok=True)
    (user / "attcli.toml").write_text((school / "attcli.toml").read_text(encoding="utf-8"))
    below = school / "exports"
    below.mkdir()
    monkeypatch.chdir(below)
    code, _, err = run_cli("pn", "list", workspace_line=True)
    assert code == 0, err
    first = err.splitlines()[0]
    assert first.startswith(f"workspace: {user} (your user folder)"), first
    assert first.endswith(
        f"; the folder {school}, above the working folder, holds attcli.toml and is not "
        f"used: run attcli from there, or give --workspace {school}"
    ), first


@pytest.mark.parametrize("value", ["x", "", "-3", "16.0"])
def test_a_history_whose_schema_version_is_not_a_version_is_damaged(
    school: Path, first_run: Path, value: str
) -> None:
    """meta's schema version edited by hand, or garbled: "attcli failed unexpectedly
    (ValueError: invalid literal for int() ...). This is a bug" (exit 70), and for "-3" a
    KeyError."""
    history = sent_history(school, first_run)
    db = sqlite3.connect(history)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (value,))
    db.commit()
    db.close()
    code, _, err = run_cli("pn", "list", "--config", str(school / "attcli.toml"))
    assert (code, err.strip().splitlines()[-1]) == (
        1,
        damaged(history, f"its schema version {value!r} is not a version number"),
    )


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_letters_into_a_read_only_folder_are_refused_before_any_is_begun(school: Path) -> None:
    """`--out` a folder the office may not write to (a share's read-only folder): the run
    recorded its first letter as begun, then stopped on "cannot write in the folder ...:
    Permission denied", leaving a history made by a run that wrote nothing. Said before
    any letter is begun, with what to do; a new history made by the run goes."""
    out = school / "out"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        done = office_run(*letters_args(school, out))
    finally:
        out.chmod(stat.S_IRWXU)
    assert (done.returncode, done.stderr.strip().splitlines()[-1]) == (
        1,
        f"error: cannot write in the folder {out}: it is read-only to you; give --out a "
        "folder you can write to (no letter was written or recorded)",
    )
    assert not (school / "attcli-history.sqlite3").exists()
    assert list(out.iterdir()) == []


def test_a_history_that_is_no_database_says_what_to_do(school: Path) -> None:
    """A text file (or a workbook) saved as the history: "is not an attcli history file:
    file is not a database", with nothing to do. It says to restore the history, or move
    the file out of the workspace, and leaves the file as it is."""
    history = school / "attcli-history.sqlite3"
    history.write_text("upn,surname\nA1,Smith\n", encoding="utf-8")
    code, _, err = run_cli("pn", "list", "--config", str(school / "attcli.toml"))
    assert (code, err.strip().splitlines()[-1]) == (
        1,
        f"error: {history} is not an attcli history file (SQLite: file is not a database): "
        "restore the school's history from its backup, or move that file out of the "
        "workspace",
    )
    assert history.read_text(encoding="utf-8") == "upn,surname\nA1,Smith\n"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_config_the_user_may_not_read_is_one_line(school: Path) -> None:
    """The workspace's attcli.toml owner-only, another office user's: "attcli failed
    unexpectedly (PermissionError: ...). This is a bug", exit 70."""
    config = school / "attcli.toml"
    config.chmod(0)
    try:
        done = office_run("pn", "list", ATTCLI_WORKSPACE=str(school))
    finally:
        config.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert (done.returncode, done.stderr.strip().splitlines()[-1]) == (
        1,
        f"error: config key '--config': cannot read {str(config)!r}: you have no permission "
        "to read it; run attcli as the user who keeps the workspace, or have that user give "
        "you access",
    )


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_run_lock_file_the_user_may_not_open_says_what_to_do(
    school: Path, first_run: Path
) -> None:
    """The history's run lock file made by another office user (owner-only), the history
    itself shared: "cannot lock the history file ...: Permission denied", naming neither
    the lock file nor what to do."""
    history = sent_history(school, first_run)
    lock = school / "attcli-history.sqlite3.lock"
    lock.chmod(0)
    try:
        done = office_run(*letters_args(school))
    finally:
        lock.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert (done.returncode, done.stderr.strip().splitlines()[-1]) == (
        1,
        f"error: cannot lock the history {history}: its run lock file {lock} cannot be "
        "opened (Permission denied), another user's: make it writable to you (it holds no "
        "data), or run attcli as that user",
    )


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_an_output_in_a_read_only_folder_is_said_at_once_with_what_to_do(school: Path) -> None:
    """`-o` a file in a folder the office may not write to: "cannot write in the folder
    ro: Permission denied", said only once the whole run was done (a report of a large
    school: minutes), with nothing to do. Said before the exports are read, naming the
    folder and what to do."""
    ro = school / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    want = (
        f"error: cannot write in the folder {ro}: you may not write there; choose a folder "
        "you can write to (nothing was written)"
    )
    try:
        for args in (
            ["check", str(EXPORT), "-o", str(ro / "check.csv")],
            ["report", str(EXPORT), "-o", str(ro / "report.html")],
            ["check", str(school / "no-such-export.csv"), "-o", str(ro / "check.csv")],
        ):
            done = office_run(*args, "--config", str(school / "attcli.toml"))
            assert (done.returncode, done.stderr.strip().splitlines()[-1]) == (1, want), args
    finally:
        ro.chmod(stat.S_IRWXU)
    assert list(ro.iterdir()) == []
