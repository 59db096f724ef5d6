"""The history store: letters sent and penalty notices issued (an SQLite file, stdlib sqlite3).

One file per school (``[history] path`` in the config, default
``attcli-history.sqlite3`` beside the config file, or in the working folder).

Letters are recorded in two steps so that an interrupted run leaves the store
consistent: :meth:`History.begin_letter` records the intent (status
``writing``) before the files are written, :meth:`History.finish_letter` marks
the letter ``sent`` with the PDF's SHA-256 once its files are in place.  Only
``sent`` letters count as sent; a ``writing`` row left by a crash tells the next
run that any file of that name is its own unfinished work, to be written again.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock

from attcli.config import Config
from attcli.errors import AttcliError, ConfigError

DEFAULT_NAME = "attcli-history.sqlite3"
SCHEMA_VERSION = 2
#: The one print file of a folder before each run had its own (schema 1): the letters sent
#: then were all in it.
LEGACY_PRINT_FILE = "letters-to-print.pdf"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS letters (
    id INTEGER PRIMARY KEY,
    school TEXT NOT NULL DEFAULT '',
    upn TEXT NOT NULL,
    template TEXT NOT NULL,
    band TEXT,
    half_term TEXT NOT NULL,
    half_term_start TEXT NOT NULL,
    academic_year INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    stage INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('writing', 'sent')),
    letter_date TEXT NOT NULL,
    out_dir TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT,
    pupil_name TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    print_file TEXT
);
CREATE INDEX IF NOT EXISTS letters_pupil ON letters (upn, template, half_term_start);
CREATE TABLE IF NOT EXISTS penalty_notices (
    id INTEGER PRIMARY KEY,
    upn TEXT NOT NULL,
    parent TEXT NOT NULL,
    parent_key TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notices_pupil ON penalty_notices (upn, parent_key, issued_on);
"""


def history_path(config: Config) -> Path:
    """``[history] path`` (relative to the config file), else the default name beside it."""
    raw = config.sections.get("history", {})
    if not isinstance(raw, dict):
        raise ConfigError("history", "expected a [history] table", file=config.path)
    unknown = set(raw) - {"path"}
    if unknown:
        raise ConfigError(
            f"history.{sorted(unknown)[0]}", "unknown key; [history] takes: path", file=config.path
        )
    value = raw.get("path", DEFAULT_NAME)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError("history.path", f"expected a file name, got {value!r}", file=config.path)
    p = Path(value).expanduser()
    return p if p.is_absolute() else config.base_dir / p


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def parent_key(name: str) -> str:
    """Names compared for notices: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class LetterRecord:
    id: int
    school: str
    upn: str
    template: str
    band: str | None
    half_term: str
    half_term_start: dt.date
    recipient: str
    stage: int
    status: str
    letter_date: dt.date
    out_dir: str
    file: str
    sha256: str | None
    pupil_name: str
    contact_name: str
    address: str
    email: str
    #: the print file of the run the letter was printed in (None: in none yet)
    print_file: str | None = None


@dataclass(frozen=True)
class Notice:
    id: int
    upn: str
    parent: str
    issued_on: dt.date
    note: str


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class History:
    """An open history store.  Use as a context manager, or call :meth:`close`.

    ``write=True`` (a letters run, ``pn record``) first takes the store's run lock, a
    ``.lock`` file beside it held with an OS lock (``filelock``: ``fcntl`` on POSIX,
    ``msvcrt`` on Windows) for as long as the store is open.  A second writer is refused
    at once with a clear message instead of both deciding, from the same history, that
    the same letter is still to send.  The OS drops the lock when the process ends,
    however it ends, so a killed run never leaves the store locked.  Readers (``check``,
    ``pn list``, a dry run) take no lock: SQLite's WAL lets them read during a run.
    """

    def __init__(self, path: str | Path, *, write: bool = False) -> None:
        self.path = Path(path)
        self.db: sqlite3.Connection  # set by _open
        self._lock: filelock.BaseFileLock | None = None
        if not self.path.parent.exists():
            raise AttcliError(f"the folder for the history file {self.path} does not exist")
        if write:
            self._lock = filelock.FileLock(lock_path(self.path), mode=0o600, blocking=False)
            try:
                self._lock.acquire()
            except filelock.Timeout:
                raise AttcliError(
                    f"another attcli run is writing to the history file {self.path} "
                    "(a letters run or pn record); wait for it to finish and run this again"
                ) from None
            except OSError as exc:
                raise AttcliError(
                    f"cannot lock the history file {self.path}: {exc.strerror or exc}"
                ) from None
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        new = not self.path.exists()
        if new:  # owner-only from the start: it names pupils and parents
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA busy_timeout=5000")
            # idempotent (IF NOT EXISTS) and all or nothing: a kill here leaves no half schema
            self.db.executescript(f"BEGIN IMMEDIATE;\n{_SCHEMA}\nCOMMIT;")
            with self.transaction():
                row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is None:
                    self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif int(row[0]) > SCHEMA_VERSION:
                    raise AttcliError(
                        f"{self.path} was written by a newer attcli (history schema {row[0]}); "
                        "upgrade attcli"
                    )
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise AttcliError(f"{self.path} is not an attcli history file: {exc}") from None

    def _migrate(self) -> None:
        """Schema 1 -> 2: ``letters.print_file``, the run's print file each letter is in
        (NULL: in none yet).  Letters sent before were all in the folder's one print file."""
        cols = {r[1] for r in self.db.execute("PRAGMA table_info(letters)")}
        if "print_file" not in cols:
            self.db.execute("ALTER TABLE letters ADD COLUMN print_file TEXT")
            self.db.execute(
                "UPDATE letters SET print_file = ? WHERE status = 'sent'", (LEGACY_PRINT_FILE,)
            )
        self.db.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema' AND CAST(value AS INTEGER) < ?",
            (str(SCHEMA_VERSION), SCHEMA_VERSION),
        )

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------ letters

    def begin_letter(self, **fields: Any) -> int:
        """Record the intent to write a letter (status ``writing``); returns its id."""
        cols = [
            "school",
            "upn",
            "template",
            "band",
            "half_term",
            "half_term_start",
            "academic_year",
            "recipient",
            "stage",
            "letter_date",
            "out_dir",
            "file",
            "pupil_name",
            "contact_name",
            "address",
            "email",
        ]
        values = [fields[c] for c in cols]
        values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
        with self.transaction() as db:
            cur = db.execute(
                f"INSERT INTO letters ({', '.join(cols)}, status, created_at) "
                f"VALUES ({', '.join('?' * len(cols))}, 'writing', ?)",
                (*values, _now()),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def finish_letter(self, letter_id: int, sha256: str) -> None:
        """Mark the letter sent: its files are in place.  Other unfinished rows for the same
        letter (from interrupted runs) go, so the store never holds a duplicate."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT school, upn, template, half_term_start, recipient, out_dir, file "
                "FROM letters WHERE id = ?",
                (letter_id,),
            ).fetchone()
            db.execute(
                "DELETE FROM letters WHERE status = 'writing' AND id != ? AND school = ? AND "
                "upn = ? AND template = ? AND half_term_start = ? AND recipient = ?",
                (letter_id, *row[:5]),
            )
            db.execute(
                "UPDATE letters SET status = 'sent', sha256 = ? WHERE id = ?", (sha256, letter_id)
            )

    def _letters(self, where: str, args: tuple[Any, ...]) -> list[LetterRecord]:
        rows = self.db.execute(
            "SELECT id, school, upn, template, band, half_term, half_term_start, recipient, "
            "stage, status, letter_date, out_dir, file, sha256, pupil_name, contact_name, "
            f"address, email, print_file FROM letters WHERE {where} ORDER BY id",
            args,
        ).fetchall()
        out = []
        for r in rows:
            r = list(r)
            r[6] = dt.date.fromisoformat(r[6])
            r[10] = dt.date.fromisoformat(r[10])
            out.append(LetterRecord(*r))
        return out

    def sent(
        self, school: str, upn: str, template: str, half_term_start: dt.date
    ) -> list[LetterRecord]:
        """Letters of ``template`` sent to the pupil's contacts for this half term."""
        return self._letters(
            "status = 'sent' AND school = ? AND upn = ? AND template = ? AND half_term_start = ?",
            (school, upn, template, half_term_start.isoformat()),
        )

    def earlier_half_terms(
        self, school: str, upn: str, template: str, academic_year: int, before: dt.date
    ) -> list[dt.date]:
        """Start dates of earlier half terms this school year in which this letter was sent."""
        rows = self.db.execute(
            "SELECT DISTINCT half_term_start FROM letters WHERE status = 'sent' AND school = ? "
            "AND upn = ? AND template = ? AND academic_year = ? AND half_term_start < ? "
            "ORDER BY 1",
            (school, upn, template, academic_year, before.isoformat()),
        ).fetchall()
        return [dt.date.fromisoformat(r[0]) for r in rows]

    def unfinished(self, out_dir: str) -> set[str]:
        """File names in ``out_dir`` that an interrupted run began and did not finish."""
        rows = self.db.execute(
            "SELECT file FROM letters WHERE status = 'writing' AND out_dir = ?", (out_dir,)
        ).fetchall()
        return {r[0] for r in rows}

    def file_owners(self, out_dir: str) -> dict[str, set[tuple[str, str, str, str]]]:
        """Each file name (case-folded) ever begun in ``out_dir``, with the letters it was
        for as ``(school, upn, template, recipient)``: a name is one letter's, for good."""
        owners: dict[str, set[tuple[str, str, str, str]]] = {}
        for file, *key in self.db.execute(
            "SELECT file, school, upn, template, recipient FROM letters WHERE out_dir = ?",
            (out_dir,),
        ):
            owners.setdefault(file.casefold(), set()).add(tuple(key))  # type: ignore[arg-type]
        return owners

    def sent_in(self, out_dir: str, half_term_start: dt.date) -> list[LetterRecord]:
        """Every letter sent into ``out_dir`` for the half term (the folder's batch)."""
        return self._letters(
            "status = 'sent' AND out_dir = ? AND half_term_start = ?",
            (out_dir, half_term_start.isoformat()),
        )

    def all_letters(self) -> list[LetterRecord]:
        return self._letters("1 = 1", ())

    def set_print_file(self, letter_ids: list[int], name: str) -> None:
        """Record that these letters are in the print file ``name`` (written just now)."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE letters SET print_file = ? WHERE id = ?", [(name, i) for i in letter_ids]
            )

    def print_files(self, out_dir: str) -> set[str]:
        """Every print file name recorded for ``out_dir`` (case-folded)."""
        rows = self.db.execute(
            "SELECT DISTINCT print_file FROM letters WHERE out_dir = ? AND print_file IS NOT NULL",
            (out_dir,),
        ).fetchall()
        return {r[0].casefold() for r in rows}

    # ------------------------------------------------------------------ penalty notices

    def record_notice(self, upn: str, parent: str, issued_on: dt.date, note: str = "") -> Notice:
        upn, parent = upn.strip(), " ".join(parent.split())
        if not upn:
            raise AttcliError("give the pupil's UPN")
        if not parent:
            raise AttcliError("give the parent's name (--parent)")
        with self.transaction() as db:
            dup = db.execute(
                "SELECT id FROM penalty_notices WHERE upn = ? AND parent_key = ? AND issued_on = ?",
                (upn, parent_key(parent), issued_on.isoformat()),
            ).fetchone()
            if dup is not None:
                raise AttcliError(
                    f"a penalty notice to {parent} about {upn} on {issued_on:%d/%m/%Y} "
                    "is already recorded"
                )
            cur = db.execute(
                "INSERT INTO penalty_notices (upn, parent, parent_key, issued_on, note, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                (upn, parent, parent_key(parent), issued_on.isoformat(), note, _now()),
            )
            assert cur.lastrowid is not None
            return Notice(cur.lastrowid, upn, parent, issued_on, note)

    def notices(self, upn: str | None = None, parent: str | None = None) -> list[Notice]:
        where, args = ["1 = 1"], []
        if upn:
            where.append("upn = ?")
            args.append(upn.strip())
        if parent:
            where.append("parent_key = ?")
            args.append(parent_key(parent))
        rows = self.db.execute(
            "SELECT id, upn, parent, issued_on, note FROM penalty_notices WHERE "
            + " AND ".join(where)
            + " ORDER BY issued_on, id",
            args,
        ).fetchall()
        return [Notice(r[0], r[1], r[2], dt.date.fromisoformat(r[3]), r[4]) for r in rows]


NEXT_FIRST = "first"
NEXT_SECOND = "second"
NEXT_NONE = "none: alternative action"


def next_notice(store: History, upn: str, parent: str, on_date: dt.date) -> str:
    """What the next penalty notice to ``parent`` about ``upn`` on ``on_date`` would be.

    DOMAIN.md 5: at most two notices to the same parent for the same pupil within three
    years.  The notices counted are those issued in the three years up to ``on_date``
    (a notice issued exactly three years earlier no longer counts): none -> ``"first"``
    (GBP 80 within 21 days, 160 within 28), one -> ``"second"`` (GBP 160), two or more ->
    ``"none: alternative action"``.
    """
    recent = [
        n
        for n in store.notices(upn, parent)
        if n.issued_on <= on_date and on_date < add_years(n.issued_on, 3)
    ]
    if not recent:
        return NEXT_FIRST
    if len(recent) == 1:
        return NEXT_SECOND
    return NEXT_NONE
