"""The history store: what a school has done, kept in its workspace (an SQLite file).

It serves every command that needs a memory: letters sent (``attcli letters``),
penalty notices issued and the sessions each covers (``attcli pn``), and the audit
trail of corrections (a notice voided, a pupil's records moved to a new UPN), the
casebook and run snapshots (``attcli cases``), and the returns made to the local
authority and what each reported (``attcli la-return``).  Later features add their tables here through :data:`MIGRATIONS`.

One file per school workspace: ``[history] path`` in the config (relative to the
config file's folder), default ``attcli-history.sqlite3`` beside it.  It is never
looked for in the working folder: a store that silently started afresh there would
make a fourth penalty notice look like a first.

**Schema versions.**  ``meta.schema`` holds the version.  Opening a store brings it
up to :data:`SCHEMA_VERSION` by running each missing step of :data:`MIGRATIONS` in
one transaction, so a store is never half migrated; a store from a newer attcli is
refused.

**Safe on a network drive.**  The store uses SQLite's rollback journal
(``journal_mode=DELETE``, ``synchronous=FULL``), not WAL: WAL needs shared memory
that SMB and NFS shares do not give (SQLite's own documentation), while a rollback
journal only needs file locks, and attcli's run lock (:class:`History` with
``write=True``) already keeps to one writer at a time.

**Letters** are recorded in steps so that an interrupted run leaves the store
consistent: :meth:`History.begin_letter` records the intent (status ``writing``)
before the files are written, :meth:`History.letter_written` the PDF's SHA-256 once
its files are in place, and :meth:`History.send_letters` marks the run's letters
``sent``, each with its print file, once that file is on disk (all in one
transaction).  Only ``sent`` letters count; a ``writing`` row left by a crash tells the
next run that any file of that name is its own unfinished work, to be written again: a
letter is never on record as sent without a print file the office was told of.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import sqlite3
import unicodedata
import warnings
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from attcli.codes import PN_FRAMEWORK_START
from attcli.config import Config, HalfTerm, filled
from attcli.datetext import recorded_time
from attcli.errors import AttcliError, ConfigError, shown
from attcli.pupil_ids import is_upn, match_typed_id, typed_id

if TYPE_CHECKING:
    from filelock import BaseFileLock

DEFAULT_NAME = "attcli-history.sqlite3"

#: Each step brings the store from version ``n - 1`` to ``n``.  Never edit a step that
#: has shipped: add a new one.
#: The one print file of a letters folder before each run had its own (schema 1 and 2).
LEGACY_PRINT_FILE = "letters-to-print.pdf"

MIGRATIONS: dict[int, str] = {
    1: """
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
    created_at TEXT NOT NULL
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
""",
    # 2: the attendance figure each letter gave (second-stage wording); parents by contact
    # id; notices voided rather than deleted; the sessions each notice covers; an audit
    # trail.  Notices recorded by typed name (version 1) keep that name as their key,
    # marked "name:" so they are never mistaken for a contact id.
    2: """
ALTER TABLE letters ADD COLUMN attended INTEGER;
ALTER TABLE letters ADD COLUMN possible INTEGER;
ALTER TABLE penalty_notices ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE penalty_notices ADD COLUMN voided_at TEXT;
ALTER TABLE penalty_notices ADD COLUMN voided_by TEXT;
ALTER TABLE penalty_notices ADD COLUMN void_reason TEXT;
UPDATE penalty_notices SET parent_key = 'name:' || parent_key;
CREATE TABLE notice_sessions (
    notice_id INTEGER NOT NULL REFERENCES penalty_notices (id),
    upn TEXT NOT NULL,
    date TEXT NOT NULL,
    session TEXT NOT NULL,
    mark TEXT NOT NULL,
    PRIMARY KEY (notice_id, date, session)
);
CREATE INDEX notice_sessions_pupil ON notice_sessions (upn, date);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
""",
    # 3: the print file of the run each letter was printed in (NULL: in none yet).  Letters
    # sent before each run had its own print file were all in the folder's one print file.
    3: f"""
ALTER TABLE letters ADD COLUMN print_file TEXT;
UPDATE letters SET print_file = '{LEGACY_PRINT_FILE}' WHERE status = 'sent';
""",
    # 4: the casebook (docs/cases.md): what staff did at each stage of the escalation
    # ladder (voided, never deleted), and a snapshot of every pupil per `attcli cases` run
    4: """
CREATE TABLE case_actions (
    id INTEGER PRIMARY KEY,
    school TEXT NOT NULL DEFAULT '',
    upn TEXT NOT NULL,
    action TEXT NOT NULL,
    done_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    voided_at TEXT,
    voided_by TEXT,
    void_reason TEXT
);
CREATE INDEX case_actions_pupil ON case_actions (upn, done_on);
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    as_of TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    taken_by TEXT NOT NULL,
    exports TEXT NOT NULL
);
CREATE TABLE snapshot_pupils (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
    school TEXT NOT NULL,
    upn TEXT NOT NULL,
    attended INTEGER NOT NULL,
    possible INTEGER NOT NULL,
    band TEXT,
    flags TEXT NOT NULL,
    stage TEXT,
    status TEXT,
    PRIMARY KEY (snapshot_id, school, upn)
);
""",
    # 5: the monthly returns to the local authority (docs/la-return.md): each return
    # written, and what it reported, one row per pupil and list; a return is recorded only
    # once its file is written, in one transaction
    5: """
CREATE TABLE la_returns (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    period_start TEXT NOT NULL,
    as_of TEXT NOT NULL,
    base_id INTEGER REFERENCES la_returns (id),
    digest TEXT NOT NULL,
    produced_on TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    exports TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_by TEXT NOT NULL
);
CREATE TABLE la_return_rows (
    return_id INTEGER NOT NULL REFERENCES la_returns (id),
    list TEXT NOT NULL CHECK (list IN ('unauthorised', 'sickness')),
    school TEXT NOT NULL,
    upn TEXT NOT NULL,
    status TEXT NOT NULL,
    open INTEGER NOT NULL,
    run_start TEXT,
    run_end TEXT,
    days INTEGER,
    sessions INTEGER,
    follows TEXT,
    basis TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX la_return_rows_return ON la_return_rows (return_id);
""",
    # 6: the school of each LA return (a trust's workspace, ``la-return --per-school``:
    # each school's returns compare with its own); '' = the workspace's one school
    6: """
ALTER TABLE la_returns ADD COLUMN school TEXT NOT NULL DEFAULT '';
""",
    # 7: each pupil's unauthorised sessions in a snapshot (NULL in older ones): an N given
    # an authorised reason since moves neither attended nor possible, only this
    7: """
ALTER TABLE snapshot_pupils ADD COLUMN unauthorised INTEGER;
""",
    # 8: the school of each snapshot (a trust's workspace: one school's run, by its key,
    # compares with that school's last run, not another's); '' = the workspace's one school
    8: """
ALTER TABLE snapshots ADD COLUMN school TEXT NOT NULL DEFAULT '';
""",
    # 9: each pupil's N sessions (reason not yet established) as of a snapshot's date: an N
    # given another code since is a correction the next check lists, an N gone a problem
    # (DOMAIN.md 12).  ``n_kept`` 0: a snapshot from before they were kept (none compared)
    9: """
ALTER TABLE snapshots ADD COLUMN n_kept INTEGER NOT NULL DEFAULT 0;
CREATE TABLE snapshot_n_sessions (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
    school TEXT NOT NULL,
    upn TEXT NOT NULL,
    date TEXT NOT NULL,
    session TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, school, upn, date, session)
);
""",
    # 10: the stage each pupil was due in a snapshot, and from when (NULL: by its
    # condition), and the run a due stage was carried over from (docs/cases.md, "No longer
    # due"): the next run says when it is due no longer.  ``due_kept`` 0: a snapshot from
    # before they were kept (its ``stage`` is the current stage, else the due one)
    10: """
ALTER TABLE snapshots ADD COLUMN due_kept INTEGER NOT NULL DEFAULT 0;
ALTER TABLE snapshot_pupils ADD COLUMN due_stage TEXT;
ALTER TABLE snapshot_pupils ADD COLUMN due_from TEXT;
ALTER TABLE snapshot_pupils ADD COLUMN carried_from TEXT;
""",
    # 11: each pupil's surname, forename and date of birth in a snapshot and a return's
    # rows (NULL in older ones): a pupil on record in none of the next run's exports is
    # named from the record, and a UPN new to the record with the same three is said to
    # be perhaps the same child (a temporary UPN replaced: ``pupil merge``)
    11: """
ALTER TABLE snapshot_pupils ADD COLUMN surname TEXT;
ALTER TABLE snapshot_pupils ADD COLUMN forename TEXT;
ALTER TABLE snapshot_pupils ADD COLUMN dob TEXT;
ALTER TABLE la_return_rows ADD COLUMN surname TEXT;
ALTER TABLE la_return_rows ADD COLUMN forename TEXT;
ALTER TABLE la_return_rows ADD COLUMN dob TEXT;
""",
    # 12: the figures date (as-of) of each letter: a penalty-notice warning is repeated only
    # for unauthorised absence after the last one's figures (docs/letters.md).  NULL: a
    # letter from before it was kept (its letter date stands in)
    12: """
ALTER TABLE letters ADD COLUMN as_of TEXT;
""",
    # 13: each pupil's year and registration group in a snapshot (NULL in older ones): a
    # next run whose exports leave out whole groups of the run says so in one line (a
    # filtered export) rather than a row per pupil (docs/decisions.md)
    13: """
ALTER TABLE snapshot_pupils ADD COLUMN year_group TEXT;
ALTER TABLE snapshot_pupils ADD COLUMN reg_group TEXT;
""",
    # 14: the pupil's name and date of birth as the exports gave them when a notice was
    # recorded (NULL in older ones): `pn list` tells siblings' notices to one parent apart,
    # and `pn next` and `pn list`, which read no register, quote no next notice for a pupil
    # not of compulsory school age (docs/decisions.md)
    14: """
ALTER TABLE penalty_notices ADD COLUMN pupil_name TEXT;
ALTER TABLE penalty_notices ADD COLUMN pupil_dob TEXT;
""",
    # 15: the leaving date each unauthorised row of a return gave ('': none, the pupil on
    # the roll; NULL: a sickness row, or a row from before it was kept): a run reported
    # over whose pupil the register now shows leaving on another day is reported again
    # (docs/la-return.md)
    15: """
ALTER TABLE la_return_rows ADD COLUMN left_on TEXT;
""",
    # 16: a pupil's school is the run's school key ('' = the workspace's one school), not
    # the School cell's text, which one export writes as a name and the next as a key or a
    # URN (docs/decisions.md): a return's rows and a snapshot's pupils take their return's
    # and snapshot's key, which was always the run's (a letter's, which has no such parent,
    # is put under its school's key whenever a store whose path came from a config is
    # opened: :meth:`History.rekey_letters`)
    16: """
UPDATE OR IGNORE la_return_rows SET school = (
    SELECT r.school FROM la_returns r WHERE r.id = la_return_rows.return_id);
UPDATE OR IGNORE snapshot_pupils SET school = (
    SELECT s.school FROM snapshots s WHERE s.id = snapshot_pupils.snapshot_id);
UPDATE OR IGNORE snapshot_n_sessions SET school = (
    SELECT s.school FROM snapshots s WHERE s.id = snapshot_n_sessions.snapshot_id);
""",
    # 17: the marks each letter's figures rested on (the pupil's every session from the
    # figures' first day, or the penalty-notice window's when earlier, to its as-of date:
    # JSON, :mod:`attcli.letter_marks`), so that a correction since is said with the
    # sessions it changed; and who released a letter held for review (``letters --release``
    # or ``--include-held``) and why it had been held.  NULL: a letter from before they
    # were kept (the history cannot say), or one never held
    17: """
ALTER TABLE letters ADD COLUMN marks TEXT;
ALTER TABLE letters ADD COLUMN released_by TEXT;
ALTER TABLE letters ADD COLUMN held_for TEXT;
""",
    # 18: the penalty-notice request packs made (``evidence --for penalty-notice``, not a
    # draft): the pupil, the parent, the day made, the window and the unauthorised sessions
    # it counted, and the window's every mark (JSON, as a letter's, :mod:`attcli.letter_marks`),
    # so that a correction since is said of a request already sent (:mod:`attcli.pack_marks`)
    18: """
CREATE TABLE evidence_packs (
    id INTEGER PRIMARY KEY,
    school TEXT NOT NULL DEFAULT '',
    upn TEXT NOT NULL,
    pupil_name TEXT NOT NULL DEFAULT '',
    parent TEXT NOT NULL,
    parent_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    made_on TEXT NOT NULL,
    as_of TEXT NOT NULL,
    window_from TEXT NOT NULL,
    window_to TEXT NOT NULL,
    threshold INTEGER NOT NULL,
    sessions TEXT NOT NULL,
    marks TEXT NOT NULL,
    file TEXT NOT NULL DEFAULT '',
    made_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX evidence_packs_pupil ON evidence_packs (upn);
""",
    # 19: each pupil's lates in the half term of a snapshot's date, and the codes the run
    # counted as late ("L,U"; NULL in older ones): a pupil who left or joined the lateness
    # group since is put down to a late mark of then changed (an L made /), not to the
    # threshold, when the register of then counts otherwise by the same codes (sweep lates2)
    19: """
ALTER TABLE snapshot_pupils ADD COLUMN lates INTEGER;
ALTER TABLE snapshot_pupils ADD COLUMN late_codes TEXT;
""",
    # 20: the school whose register a penalty notice was recorded from (a trust's school's
    # key; '' for a school's own workspace, and for notices from before): a trust's one
    # history held notices of two schools' pupils under one id (two children under one
    # UPN, an admission number each school gives from 1), and a notice at one school took
    # the other's child's sessions out of its window (sweep leftovers).  A notice with no
    # school is every school's, as before.
    20: """
ALTER TABLE penalty_notices ADD COLUMN school TEXT NOT NULL DEFAULT '';
""",
    # 21: a run's N sessions kept as spans of runs, not a row each run (sweep migrate): a
    # session N in thirty weekly runs was thirty rows, and the table grew with the square
    # of the weeks (histscale: 157,379 rows in a year, 96 % repeating the run before).  A
    # span is one N session of one pupil in every run of ``run_school`` (the snapshots'
    # school, whose runs follow one another in the order recorded) from ``first_id`` to
    # ``last_id``; NULL: to the newest run, which the next run's record extends or closes
    # (:meth:`History.add_snapshot`).  Each run's N sessions read the same
    # (:meth:`History.snapshot_n_sessions`).  And the letters by half term (``sent_for``,
    # several times a run: a scan of every letter on record, linear in the years) by an index.
    21: """
CREATE TABLE snapshot_n_spans (
    id INTEGER PRIMARY KEY,
    run_school TEXT NOT NULL,
    school TEXT NOT NULL,
    upn TEXT NOT NULL,
    date TEXT NOT NULL,
    session TEXT NOT NULL,
    first_id INTEGER NOT NULL,
    last_id INTEGER
);
INSERT INTO snapshot_n_spans (run_school, school, upn, date, session, first_id, last_id)
SELECT run_school, school, upn, date, session, MIN(snapshot_id),
    CASE WHEN MAX(snapshot_id) = newest THEN NULL ELSE MAX(snapshot_id) END
FROM (
    SELECT n.snapshot_id, n.school, n.upn, n.date, n.session, r.school AS run_school,
        r.newest, r.nth - ROW_NUMBER() OVER (
            PARTITION BY r.school, n.school, n.upn, n.date, n.session ORDER BY r.nth
        ) AS island
    FROM snapshot_n_sessions n JOIN (
        SELECT id, school, ROW_NUMBER() OVER (PARTITION BY school ORDER BY id) AS nth,
            MAX(id) OVER (PARTITION BY school) AS newest
        FROM snapshots
    ) r ON r.id = n.snapshot_id
)
GROUP BY run_school, school, upn, date, session, island
ORDER BY MIN(snapshot_id), school, upn, date, session;
DROP TABLE snapshot_n_sessions;
CREATE INDEX snapshot_n_spans_run ON snapshot_n_spans (run_school, last_id);
CREATE INDEX letters_half_term ON letters (half_term_start);
""",
    # 22: each pupil's unauthorised sessions in the penalty-notice window as of the run's
    # date (NULL in older runs): a pn row of the next run's "changed since" says the run's
    # own count beside the corrections' figures, where it was the corrections' alone
    # (sweep leftovers12; leftovers10 left it)
    22: """
ALTER TABLE snapshot_pupils ADD COLUMN pn_window INTEGER;
""",
}
SCHEMA_VERSION = max(MIGRATIONS)
#: Columns a step gained after histories of its version had been made by main's code
#: (the step amended, or another put before it): such a history says that version and
#: lacks the column, and was called damaged.  Each is added, empty (a row from before it
#: was kept, as the step's own NULL), when a history at or past its version lacks it.
AMENDED_STEPS: tuple[tuple[int, str, str, str], ...] = (
    (14, "penalty_notices", "pupil_dob", "TEXT"),  # 14 was the pupil's name alone (54c242e7)
    (15, "la_return_rows", "left_on", "TEXT"),  # 15 was 16's step (113e64c5), which runs again
)
#: The tables of a store at :data:`SCHEMA_VERSION` (tests check a store is never half made).
TABLES = frozenset(
    {
        "meta",
        "letters",
        "penalty_notices",
        "notice_sessions",
        "audit",
        "case_actions",
        "snapshots",
        "snapshot_pupils",
        "snapshot_n_spans",
        "la_returns",
        "la_return_rows",
        "evidence_packs",
    }
)


#: The rows of ``snapshot_pupils`` newest run first: the run as of the latest date, of two
#: as of one date the one recorded last (:meth:`History.latest_snapshot`'s order), not the
#: run recorded last: an older export's run recorded after a newer (by mistake, or a
#: history restored) gave its name to a pupil the register no longer names (sweep slips6)
_NEWEST_RUN_FIRST = (
    "ORDER BY (SELECT as_of FROM snapshots WHERE snapshots.id = snapshot_pupils.snapshot_id) "
    "DESC, snapshot_pupils.snapshot_id DESC"
)


def _history_in(folder: Path, data: dict) -> Path:
    """The history of the workspace in ``folder`` whose attcli.toml reads as ``data``: its
    ``[history] path`` (relative to the folder), else the default name there."""
    raw = data.get("history")
    given = raw.get("path") if isinstance(raw, dict) else None
    # (a path from the user's home, ~/..., is the same wherever the workspace is)
    return folder / Path(given if isinstance(given, str) and given.strip() else DEFAULT_NAME).expanduser()


def separate_from_trust(config: Config, command: str) -> None:
    """Refuse ``command`` (a run that records letters or notices) in a school's own
    workspace below a trust's folder whose config lists the school (``[schools.KEY]``, by
    URN, else by name) and keeps another history: the trust's runs record the school's
    letters and notices there, and this workspace's history knows nothing of them, so a
    letter could go twice and a second notice count as a first (sweep "trust").  Nothing
    to say for the trust's own runs or a school with no trust above it; a school whose
    ``[history] path`` is the trust's history is refused by :func:`history_path` (it was
    let through as "one record", and was not: :func:`_not_the_trust_s_history`)."""
    listed = _trust_listing(config)
    if listed is None:
        return
    history_path(config)  # (the trust's own history: refused there)
    found, key, trust_history = listed
    from attcli.output import command_arg

    urn = filled(config.school.urn or "")
    who = f"URN {urn}" if urn else repr(config.school.name)
    raise AttcliError(
        f"this workspace's school ({who}) is also [schools.{key}] of the trust's "
        f"workspace {shown(str(found))}, whose history records its letters and notices "
        f"({shown(str(trust_history))}); run {command} from the trust's folder (with --per-school, "
        f"or on the school's own files: -c {command_arg(str(found), 'FILE')})"
    )


def trust_history_of(config: Config) -> tuple[Path, str] | None:
    """The history of a trust above a school's own workspace that lists its school, and the
    school's key there (None: no such trust): what this workspace's history holds of the
    school is not all that is on record of it (``pupil forget`` says so)."""
    listed = _trust_listing(config)
    return None if listed is None else (listed[2], listed[1])


def _trust_listing(config: Config) -> tuple[Path, str, Path] | None:
    """The trust's config in a folder above a school's own workspace that lists the
    workspace's school (``[schools.KEY]``, by URN, else by name), its key there and the
    trust's history (resolved); None for a trust's own config, a school's config from it,
    or a school no trust above it lists."""
    import tomllib

    from attcli.workspace import CONFIG_NAME

    if config.path is None or config.schools or config.school_key:
        return None
    urn = filled(config.school.urn or "")
    name = name_key(config.school.name or "")
    for folder in config.path.resolve().parent.parents:
        found = folder / CONFIG_NAME
        try:
            data = tomllib.loads(found.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        schools = data.get("schools")
        if not isinstance(schools, dict):
            continue
        for key, table in schools.items():
            if isinstance(table, dict) and _same_school(urn, name, table):
                return found, str(key), _history_in(folder, data).resolve()
    return None


def _not_the_trust_s_history(config: Config, path: Path) -> None:
    """Refuse a school's own workspace whose ``[history] path`` is the history of a trust
    above it that lists the school: the trust's runs keep the school's letters, returns and
    runs under its ``[schools.KEY]`` key, and this workspace's under none, so its letters
    went again; and opening the history from it put every school's letters under its own
    (a one-school workspace's letters are all its own): the trust's next run sent them
    all again (sweep trust3)."""
    listed = _trust_listing(config)
    if listed is None or listed[2] != path.resolve():
        return
    found, key, _ = listed
    from attcli.output import command_arg

    raise AttcliError(
        f"{shown(str(config.path))}: its [history] path is the history of the trust's workspace {shown(str(found))}, "
        f"which keeps this school's records under [schools.{key}] and every other school's "
        "under theirs, not as one school's: run from the trust's folder (with --per-school, "
        f"or on the school's own files: -c {command_arg(str(found), 'FILE')}), and give this workspace "
        "its own history ([history] path as attcli init writes it) or none"
    )


def _same_school(urn: str, name: str, table: dict) -> bool:
    """Whether a config's ``[school]`` or ``[schools.KEY]`` ``table`` is the school of URN
    ``urn`` and :func:`name_key` ``name``: by URN where both have one, else by name."""
    # (`attcli init`'s "FILL IN: URN" is no URN: two schools that both left it are two
    # schools by name, not one by a URN neither has; sweep mutnew19)
    theirs = filled(str(table.get("urn", "")))
    if urn and theirs:
        return theirs == urn
    return name != "" and name_key(str(table.get("name", ""))) == name


def unwritable(path: Path) -> str | None:
    """The one line refusing to write the history ``path`` (there or not yet), where its
    folder or the file is read-only to this user; else None.  Asked by a writing open and,
    before its work, by a command that records at its end (``check --record``: its output
    was written, then the record refused)."""
    if not os.access(path.parent, os.W_OK | os.X_OK):
        # (a shared folder given to the office read-only: SQLite makes its journal, and
        # attcli its run lock, beside the history; it said "attempt to write a readonly
        # database" as a bug at the first letter)
        return (
            f"cannot write the history {shown(path)}: its folder {shown(path.parent)} is read-only (the "
            "history's journal and run lock are made there); make the folder writable, or "
            "run with a workspace you can write to"
        )
    if path.exists() and not os.access(path, os.W_OK):
        # (a backup restored read-only, a share: said before anything is written, not
        # "attempt to write a readonly database" from the first write, sweep10)
        return (
            f"cannot write the history {shown(path)}: the file is read-only; make it writable (it "
            "records the letters and notices sent), or run with a workspace you can write to"
        )
    return None


def no_second_history(config: Config, command: str) -> None:
    """Refuse ``command`` (a run that records letters, notices or casebook records) that
    would start a workspace's history while the workspace in the user's folder (where
    `attcli init` makes it) keeps the history of the same school (``[school] urn``, else
    its name): attcli.toml copied to another folder (the Desktop, to edit it) makes that
    folder the workspace when attcli runs there, and a history started there knows
    nothing of the letters and notices on record, so every letter went again and a second
    notice counted as a first (sweep "history"; DOMAIN.md 5 and 9).  Nothing to say for
    the user folder's own runs, a workspace with a history already, or another school."""
    import tomllib

    from attcli.workspace import CONFIG_NAME, user_folder

    if config.path is None or config.schools or config.school_key:
        return
    mine = history_path(config)
    if mine.exists():
        return
    user = user_folder()
    try:
        if config.path.resolve().parent == user.resolve():
            return
        data = tomllib.loads((user / CONFIG_NAME).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return
    school = data.get("school")
    if not isinstance(school, dict):
        return
    urn = filled(config.school.urn or "")
    if not _same_school(urn, name_key(config.school.name or ""), school):
        return
    theirs_history = _history_in(user, data)
    try:
        if not theirs_history.is_file() or theirs_history.resolve() == mine.resolve():
            return
    except OSError:
        return
    from attcli.output import command_arg

    who = f"URN {urn}" if urn else repr(config.school.name)
    raise AttcliError(
        f"this workspace ({shown(config.path.absolute().parent)}) has no history yet, but the workspace in "
        f"your user folder ({shown(str(user))}) keeps the history of the same school ({who}), "
        f"{shown(str(theirs_history))}: run {command} there (--workspace {command_arg(str(user))}), or move this "
        f"{CONFIG_NAME} there, so that what is on record counts and nothing goes twice"
    )


def user_folder_other_school(config: Config) -> tuple[str, Path, Path] | None:
    """``(the school, its folder, its history)`` of the workspace in the user's folder
    (where `attcli init` makes it) when it is another school's than ``config``'s (by URN
    and by name: the same name under a new URN is an academy conversion) and has a
    history, ``config``'s workspace being elsewhere (attcli.toml in the folder attcli runs
    from; the caller asks only where its history knows no pupil yet): the school the
    office's exports most likely are, for :func:`attcli.snapshots.refuse_users_school` to
    compare the exports' pupils with (sweep blind3).  None otherwise (the same school is
    :func:`no_second_history`'s)."""
    import tomllib

    from attcli.workspace import CONFIG_NAME, user_folder

    if config.path is None or config.schools or config.school_key:
        return None
    user = user_folder()
    try:
        if config.path.resolve().parent == user.resolve():
            return None
        data = tomllib.loads((user / CONFIG_NAME).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ConfigError):
        return None
    school = data.get("school")
    if not isinstance(school, dict) or data.get("schools"):
        return None
    urn = filled(config.school.urn or "")
    mine = name_key(config.school.name or "")
    if _same_school(urn, mine, school) or (mine and name_key(str(school.get("name", ""))) == mine):
        # (the same school; or its name under a new URN, an academy conversion's)
        return None
    theirs = _history_in(user, data)
    try:
        if not theirs.is_file() or theirs.resolve() == history_path(config).resolve():
            return None
    except OSError:
        return None
    # (an `attcli init` placeholder is no name: config.filled, the one reading of it)
    name, their_urn = filled(str(school.get("name", ""))), filled(str(school.get("urn", "")))
    who = (name or "the school") + (f" (URN {their_urn})" if their_urn else "")
    return who, user, theirs


#: the history each :func:`one_reader` holds open, by path: what :func:`reader` lends
_shared: dict[Path, History] = {}


@contextmanager
def one_reader(config: Config) -> Iterator[None]:
    """Every read of the workspace's history inside, through :func:`reader`, uses one open
    of it, closed at the end (the weekly check opened it six times a run: the notices'
    sessions, the run on record, a later run, the next notice, the half term's letters,
    the corrections since).  Safe for readers: they take no lock and hold no transaction
    between reads (:meth:`History.reading` still reads as of one moment inside); a writer
    opens its own (``write=True``), under the run lock.  Nothing without a history yet (a
    reader never makes the file)."""
    path = existing_history(config)
    if path is None or path in _shared:
        yield
        return
    store = History(path)
    _shared[path] = store
    try:
        yield
    finally:
        del _shared[path]
        store.close()


def reader(path: Path) -> AbstractContextManager[History]:
    """The history at ``path`` to read, as ``with reader(path) as store``: the open a
    :func:`one_reader` holds (left open at the end of the ``with``), else an open of its
    own (closed)."""
    shared = _shared.get(path)
    return nullcontext(shared) if shared is not None else History(path)


def existing_history(config: Config) -> Path | None:
    """The workspace's history (:func:`history_path`) when there is one on disk; None with
    no workspace or no history yet: what a command that only reads the records asks."""
    try:
        path = history_path(config)
    except NoWorkspaceError:
        return None
    return path if path.exists() else None


def history_path(config: Config) -> Path:
    """``[history] path`` (relative to the config file's folder), else the default name
    beside the config file.

    Without a config file there is no workspace, and so no history: a relative path is
    refused rather than read from (or made in) the working folder.
    """
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
    if os.name != "nt" and ("\\" in value or re.match(r"\s*[A-Za-z]:[\\/]", value)):
        # (a workspace on a share, its config written on the office PC: a file of that
        # name in the workspace was read as a new, empty history)
        raise ConfigError(
            "history.path",
            f"{value!r} is a Windows path, and this computer is not Windows: give the "
            "history's path on this computer (folders separated by /), or its name alone "
            "for a history beside attcli.toml",
            file=config.path,
        )
    p = Path(value).expanduser()
    if not p.is_absolute():
        if config.path is None:
            raise NoWorkspaceError(
                config.workspace.above_hint() if config.workspace is not None else None
            )
        p = config.path.parent / p
    if value != value.strip() and not p.exists():
        # (a space typed after the name: a new, empty history of that name, where the
        # letters and notices on record are in the one without it)
        raise ConfigError(
            "history.path",
            f"{value!r} has a space at its {'end' if value[-1:].isspace() else 'start'}: "
            f'write path = "{value.strip()}"',
            file=config.path,
        )
    if p.is_dir():
        raise ConfigError(
            "history.path",
            f"{value!r} is a folder: give the history's file name, such as {DEFAULT_NAME}",
            file=config.path,
        )
    if not p.parent.exists():
        # (a network drive not connected on this PC: read as "none yet", the history said
        # no notice and no letter was on record, and a first notice was quoted)
        raise ConfigError(
            "history.path",
            f"the folder {shown(p.parent)} does not exist (a network drive not connected?): connect "
            "it, or correct the path; attcli reads the letters and notices on record there",
            file=config.path,
        )
    if p.is_symlink() and not p.exists():
        # (a link to the school's history on a network drive not connected, or left after a
        # move: a run that records failed on it, one that reads took it as none yet)
        raise AttcliError(
            f"the history {shown(p)} is a link (a shortcut) to {shown(os.readlink(p))}, which is "
            "not there (a network drive not connected?): connect it, or correct the link; "
            "attcli reads the letters and notices on record there"
        )
    if config.path is not None and p.resolve() == Path(config.path).resolve():
        raise ConfigError(
            "history.path",
            f"{value!r} is this config file: give the history its own file, such as "
            f"{DEFAULT_NAME}",
            file=config.path,
        )
    _not_the_trust_s_history(config, p)
    _remember_school_names(p, config)
    return p


#: each store's school names, from the config its path came from
#: (:func:`_remember_school_names`)
_school_names: dict[Path, tuple[dict[str, str], str | None]] = {}


def _remember_school_names(path: Path, config: Config) -> None:
    """Letters recorded before the school keys (history version 16) are put under them
    when the store is next opened (:meth:`History._open`, :meth:`History.rekey_letters`),
    before any command reads them: the letters, a pupil's record and an evidence pack all
    find a letter by its school's key."""
    _school_names[path.resolve()] = config.history_names()


def covered_sessions(
    config: Config,
    *,
    upn: str | None = None,
    parent_key: str | Collection[str] | None = None,
    issued_by: dt.date | None = None,
) -> list[tuple[str, dt.date, str]]:
    """The sessions that supported a notice on record (not voided) in the workspace's
    history, as ``(upn, date, session)``: none without a workspace or a history yet (a
    reader never makes the file).

    ``upn`` and ``parent_key``: the pupil's sessions only as far as they supported a notice
    to that parent (DOMAIN.md 5, per parent: each liable parent may be issued a notice for
    the same absence), every other pupil's as they are: the window of a request about one
    parent (``attcli evidence``); several keys are one parent's (their contact id and a
    name their notices were recorded by: :func:`attcli.notices.parent_keys`).  ``upn`` is
    matched ignoring case, as the record does.
    ``issued_by``: only notices issued on or before that day (a run as of a past date: a
    notice issued after it did not exist then, and its sessions were still free)."""
    path = existing_history(config)
    if path is None:
        return []
    with reader(path) as store:
        every = store.all_covered_sessions(issued_by, config.school_key)
        if upn is None or parent_key is None:
            return every
        wanted = typed_id(upn).upper()
        keys = {parent_key} if isinstance(parent_key, str) else set(parent_key)
        mine = [
            (n.upn, d, s)
            for n in store.notices()
            if n.upn.upper() == wanted and n.parent_key in keys
            and (issued_by is None or n.issued_on <= issued_by)
            and (not config.school_key or n.school in ("", config.school_key))
            for d, s, _ in store.notice_sessions(n.id)
        ]
        return [x for x in every if x[0].upper() != wanted] + sorted(set(mine))


def damaged_text(path: Path, why: str) -> str:
    """The one line for a history that is attcli's but damaged (``why``: what is wrong):
    never read as "not a history", which an office would take as "delete it"."""
    return (
        f"the history {shown(path)} is damaged ({why}): restore the school's history from its "
        "backup; do not delete it or start a new one, which would hold none of the letters "
        "and notices sent"
    )


#: the history files this process opened, newest last (:func:`history_error`)
_opened: list[Path] = []


def history_error(exc: BaseException) -> str | None:
    """The one line for an SQLite error that reached the command line (a read of a damaged
    page, a write refused), naming the history last opened; None for anything else."""
    import sqlite3

    if not isinstance(exc, sqlite3.DatabaseError) or not _opened:
        return None
    return _sqlite_text(_opened[-1], exc)


def _sqlite_text(
    path: Path, exc: sqlite3.DatabaseError, *, opening: bool = False
) -> str | None:
    """What an SQLite error on the history ``path`` means to an office, or None (a full
    disk: said by :func:`attcli.output.disk_full`'s callers; anything else: a bug).
    ``opening``: a table or column not found as the store is opened is one it lacks (once
    open, every table is there, so one not found later is attcli's own mistake)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return damaged_text(path, f"SQLite: {text}")
    if name.startswith("SQLITE_NOTADB"):
        return (
            f"{shown(path)} is not an attcli history file (SQLite: {text}): restore the school's "
            "history from its backup, or move that file out of the workspace"
        )
    if opening and text.startswith(("no such table: ", "no such column: ")):
        what = text.split(": ", 1)[1]
        kind = "table" if text.startswith("no such table") else "column"
        return damaged_text(path, f"its {kind} {what} is missing")
    if name.startswith("SQLITE_CANTOPEN"):
        # (beside the history, as its links lead: SQLite names the journal by the real file)
        journal = next(
            (j for p in (str(path), os.path.realpath(path)) if (j := Path(p + "-journal")).is_symlink()),
            None,
        )
        if journal is not None:  # (planted: SQLite never follows one)
            return (
                f"cannot open the history {shown(path)}: its journal file {shown(journal)} is a "
                f"link (a shortcut) to {shown(os.readlink(journal))}, which SQLite never "
                "follows: delete the link (SQLite makes its own journal as it records) and "
                "run again"
            )
        return (
            f"cannot open the history {shown(path)} (SQLite: {text}): check that you may read and "
            f"write it and its folder {shown(path.parent)}"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return (
            f"cannot write the history {shown(path)}: it, or its folder {shown(path.parent)}, is read-only "
            "(SQLite writes a journal file beside it as it records); make both writable, or "
            "run with a workspace you can write to"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"the history {shown(path)} is in use: another program is writing to it (another attcli "
            "run, on this or another computer, or a database tool that has it open); wait "
            "for it to finish, or close it, and run this again"
        )
    return None


class NoWorkspaceError(AttcliError):
    def __init__(self, above: str | None = None) -> None:
        if above:  # (the workspace is above the working folder: named)
            super().__init__(
                "no school workspace in the working folder, so no history of letters and "
                f"notices; {above}"
            )
            return
        from attcli.workspace import NO_WORKSPACE_TO_DO

        super().__init__(f"no school workspace, so no history of letters and notices: {NO_WORKSPACE_TO_DO}")


class HistoryBusy(AttcliError):
    """Another run holds the history's run lock (:class:`History` with ``write=True``):
    ``held`` says so without what to do, for a command that goes on without writing."""

    def __init__(self, path: Path, holder: str | None = None) -> None:
        self.held = (
            f"another attcli run is writing to the history file {shown(path)} (letters, la-return, "
            "cases or check --record, pn or case record or void, or pupil merge or forget; on "
            "this PC or another)"
        )
        text = f"{self.held}; wait for it to finish and run this again"
        if holder:
            # (a drive with no OS locks: the lock is a file naming the process and computer
            # that took it, which no process here can tell is dead; the OS would have
            # dropped an OS lock with its process)
            lock = lock_path(path)
            text += (
                f"; its lock {lock} was taken by {holder}: if attcli is not running there "
                f"(that computer was switched off or lost the network mid-run), delete {lock} "
                "and run this again"
            )
        super().__init__(text)


class RecordedTwice(AttcliError):
    """A casebook record refused as one already made (:meth:`History.record_actions`):
    ``index``, the row refused among those given; ``earlier``, the row given before it
    that it repeats, or None when the record was on file before."""

    def __init__(self, message: str, index: int, earlier: int | None) -> None:
        super().__init__(message)
        self.index, self.earlier = index, earlier


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def current_user() -> str:
    """Who is running attcli, for the audit trail: the operating system's user name."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment or passwd
        return "unknown"


def name_key(name: str) -> str:
    """A typed name as a key: case and spacing ignored, composed (Unicode NFC: "Siân"
    typed or saved on a Mac, ``a`` and a combining circumflex, is the same name)."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


#: The apostrophes and hyphens an MIS may hold (typographic, modifier letter, no-break
#: hyphen, dashes) as a keyboard types them.
_TYPED_MARKS = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2011": "-",
     "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)  # fmt: skip


def typed_key(name: str) -> str:
    """A name as one typed is compared with one on file (never a key kept in the history:
    :func:`name_key` is): "O'Neill" typed is the MIS's "O’Neill", "Neill-Hughes" its
    "Neill‑Hughes" with a no-break hyphen."""
    return name_key(name).translate(_TYPED_MARKS)


def add_years(day: dt.date, years: int) -> dt.date:
    """``day``'s anniversary ``years`` on: the first day outside the ``years`` beginning
    with ``day``.  29 February's in a common year is 1 March, as compulsory school age takes
    a 29 February birthday (:func:`attcli.calendar.compulsory_school_age_window`): the 3
    years beginning with a notice of 29/02/2028 run to 28/02/2031 inclusive (sweep
    leftovers19; it stopped counting on 28/02/2031, a day short)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return dt.date(day.year + years, 3, 1)


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
    #: the pupil's attendance the letter gave (year to date), exactly; None before version 2
    attended: int | None = None
    possible: int | None = None
    #: the print file of the run the letter was printed in (None: in none yet)
    print_file: str | None = None
    #: the date of the figures the letter gave (None: a letter from before version 12)
    as_of: dt.date | None = None
    #: the marks its figures rested on, as :mod:`attcli.letter_marks` keeps them (None: a
    #: letter from before version 17)
    marks: str | None = None
    #: who released the letter held for review (None: never held, or before version 17)
    released_by: str | None = None
    #: why it had been held (None likewise)
    held_for: str | None = None
    #: not a letter attcli wrote: the casebook record of a letter stage the office
    #: recorded by hand (``attcli case record``), read by letters as that letter sent
    #: (:func:`attcli.sent_letters.sent_lookup`); None for every letter of the history
    by_hand: CaseAction | None = None


@dataclass(frozen=True)
class Parent:
    """A parent as notices know them: ``key`` is who they are, ``name`` how they are shown.

    ``key`` is ``id:<contact id>`` (the MIS contact id from the contacts export),
    ``addr:<name>|<address>`` (an export without ids: the name and address), or
    ``name:<typed name>`` (notices recorded before contact ids, or with ``--force``).
    """

    key: str
    name: str

    @property
    def by_id(self) -> bool:
        return self.key.startswith("id:")


@dataclass(frozen=True)
class Notice:
    id: int
    upn: str
    parent: str
    parent_key: str
    issued_on: dt.date
    note: str
    recorded_at: str = ""
    recorded_by: str = ""
    voided_at: str | None = None
    voided_by: str | None = None
    void_reason: str | None = None
    #: the pupil's name when the notice was recorded (None: a notice from before version 14)
    pupil_name: str | None = None
    #: the pupil's date of birth when the notice was recorded (None: not in the exports,
    #: or a notice from before version 14)
    pupil_dob: dt.date | None = None
    #: the trust's school whose register the notice was recorded from ('': a school's own
    #: workspace, or a notice from before version 20: every school's)
    school: str = ""

    @property
    def void(self) -> bool:
        return self.voided_at is not None

    @property
    def before_framework(self) -> bool:
        """Issued before the national framework began (19 August 2024): it counts toward
        no limit of two notices in three years, whose three years run from the first
        notice issued on or after that day (DOMAIN.md 5; the framework's own words, as
        LAs' codes of conduct and schools quote them: docs/decisions.md, sweep rules3)."""
        return self.issued_on < PN_FRAMEWORK_START

    @property
    def counts_until(self) -> dt.date:
        """The day the notice stops counting toward the next one to the parent (DOMAIN.md
        5: a notice counts for three years from its issue; on this day it no longer does).
        A notice issued before the framework began never counts (:attr:`before_framework`):
        its issue day, so no day is both on or after it and before this one."""
        if self.before_framework:
            return self.issued_on
        return add_years(self.issued_on, 3)


@dataclass(frozen=True)
class EvidencePack:
    """A penalty-notice request pack made (history version 18): what it rested on."""

    id: int
    school: str
    upn: str
    pupil_name: str
    parent: str
    parent_key: str
    kind: str
    made_on: dt.date
    as_of: dt.date
    window: tuple[dt.date, dt.date]
    threshold: int
    #: the unauthorised sessions it counted: (date, session, mark)
    sessions: tuple[tuple[dt.date, str, str], ...]
    #: the window's every mark, as :func:`attcli.letter_marks.keep` keeps a letter's
    marks: str
    file: str = ""
    made_by: str = ""
    recorded_at: str = ""


@dataclass(frozen=True)
class Forgetting:
    """What :meth:`History.forget` deleted (or, a dry run, would delete): rows by kind
    ("letters", "penalty notices", ...: only the kinds with some), and the pupils whose
    records an old year's forgetting kept, each with why (a notice that still counts, an
    open case), and the UPNs forgotten with those given because a merge joined them
    (``attcli pupil merge``: one child), each with the merge said."""

    counts: dict[str, int]
    kept: dict[str, str]
    merged: dict[str, str] = field(default_factory=dict)
    #: the pupils as given, as on record (``1003`` is the ``001003`` of the history)
    upns: list[str] = field(default_factory=list)
    #: the pupils whose records were deleted (or would be) only with ``--force``, each
    #: with what it overrode (a notice that still counts, an open case, ...)
    forced: dict[str, str] = field(default_factory=dict)
    #: a forgetting at one school (``school``): the pupils with records of no school left,
    #: each with what and why
    left: dict[str, str] = field(default_factory=dict)
    #: a forgetting by UPN: the pupils whose letters of this school year it deleted (or
    #: would), with how many: the next letters run cannot tell they were sent
    letters_this_year: dict[str, int] = field(default_factory=dict)


class _DryRun(Exception):
    """Rolls a dry run's deletions back (:meth:`History.forget`)."""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    by: str
    action: str
    subject: str
    detail: str

    def when(self, fmt: str = "%d/%m/%Y") -> str:
        """When the row was written, as ``fmt`` says (the text as kept if it is no time)."""
        try:
            return f"{dt.datetime.fromisoformat(self.at):{fmt}}"
        except ValueError:
            return self.at


def sqlite_uri(path: PurePath) -> str:
    """The absolute ``path`` as a file URI SQLite opens (``?``, ``#``, ``%``, spaces and
    accented letters escaped).  A file on a Windows share (``\\\\office\\attendance\\...``,
    and a mapped drive, which Windows resolves to its share) is ``file://office/...`` to
    ``Path.as_uri``: SQLite refuses a server as the URI's authority ("invalid uri
    authority"), and attcli said the history was not one of its own.  The share's path
    is given whole after an empty authority instead (``file:////office/...``)."""
    uri = path.as_uri()
    if not uri.startswith("file:///"):
        uri = "file:////" + uri.removeprefix("file://")
    return uri


def lock_path(path: Path) -> Path:
    """The history's run lock file, beside the history itself: a path to it through a
    symbolic link (a workspace's ``[history] path``) locks the one file every run locks."""
    real = Path(os.path.realpath(path))
    return real.with_name(real.name + ".lock")


def _linked_lock_text(path: Path, lock: Path) -> str:
    """The one line refusing a run lock file that is a link (planted in a workspace others
    may write in, to a file of the user's: filelock 3 opened it to truncate, following it,
    and emptied that file; filelock 4 refuses it as "Too many levels of symbolic links")."""
    return (
        f"cannot lock the history {shown(path)}: its run lock file {shown(lock)} is a link (a "
        f"shortcut) to {shown(os.readlink(lock))}, not attcli's own file: delete the link (it "
        "holds no data) and run again"
    )


def run_under_way(path: Path) -> bool:
    """Whether another run holds the history's run lock now (a reader takes none: a dry
    run beside another office PC's real run sees its letters begun, not yet sent).  No
    lock file, none: it is not made here (a read writes nothing)."""
    lock = lock_path(path)
    if lock.is_symlink() or not lock.exists():
        # (a link is no run's lock, a run that writes refuses it; filelock 3's open would
        # empty the file it leads to: never opened)
        return False
    import filelock

    probe = filelock.FileLock(lock, blocking=False)
    try:
        with warnings.catch_warnings():  # (a drive with no OS locks: History's)
            warnings.filterwarnings("ignore", "flock not supported", UserWarning)
            probe.acquire()
    except filelock.Timeout:
        return True
    except OSError:
        return False
    probe.release()
    return False


#: A notice's sessions are its school's register's (history version 20): a run of a trust's
#: school (its key, the two parameters) reads its own notices and those with no school (a
#: school's own workspace, or a notice from before), a run of no school ('') every notice.
OF_SCHOOL = "(? = '' OR n.school = '' OR n.school = ?)"

_NOTICE_COLS = (
    "id, upn, parent, parent_key, issued_on, note, recorded_at, recorded_by, voided_at, "
    "voided_by, void_reason, pupil_name, pupil_dob, school"
)
_LETTER_COLS = (
    "id, school, upn, template, band, half_term, half_term_start, recipient, stage, status, "
    "letter_date, out_dir, file, sha256, pupil_name, contact_name, address, email, attended, "
    "possible, print_file, as_of, marks, released_by, held_for"
)


@dataclass(frozen=True)
class CaseAction:
    """A casebook record: an action of the escalation ladder done for a pupil."""

    id: int
    school: str
    upn: str
    action: str
    done_on: dt.date
    note: str
    outcome: str
    recorded_by: str
    recorded_at: str
    voided_at: str | None = None
    voided_by: str | None = None
    void_reason: str | None = None

    @property
    def void(self) -> bool:
        return self.voided_at is not None


_ACTION_COLS = (
    "id, school, upn, action, done_on, note, outcome, recorded_by, recorded_at, voided_at, "
    "voided_by, void_reason"
)


@dataclass(frozen=True)
class LaReturnRecord:
    """A return written to the local authority (``attcli la-return``, docs/la-return.md).

    ``label``: the month (``2026-10``) or ``since 2026-10-24``; the latest return of a
    label replaces earlier ones of it.  ``digest``: of what it reported (its rows and
    period), so a re-run that reports the same is recognised; ``produced_on``: the date
    the file says it was produced."""

    id: int
    label: str
    period_start: dt.date
    as_of: dt.date
    base_id: int | None
    digest: str
    produced_on: dt.date
    file: str
    sha256: str
    exports: str
    written_at: str = ""
    written_by: str = ""
    #: the ``[schools.KEY]`` key of the school it was for ('' = the workspace's one school)
    school: str = ""


@dataclass(frozen=True)
class LaReturnRow:
    """One pupil on one list of a return: ``list`` ``unauthorised`` (a run of continuous
    unauthorised absence, from ``run_start``) or ``sickness``; ``open``: the next return
    follows it up; ``follows``: the first day of the run an earlier return reported, when
    a correction changed it; ``basis``: ``register`` or ``hand`` (added with --add)."""

    list: str
    school: str
    upn: str
    status: str
    open: bool
    run_start: dt.date | None
    run_end: dt.date | None
    days: int | None
    sessions: int | None
    follows: dt.date | None
    basis: str
    reason: str = ""
    #: the pupil's names and date of birth as the exports gave them (None: not known, or a
    #: row from before history version 11); not part of what the return reports
    surname: str | None = None
    forename: str | None = None
    dob: dt.date | None = None
    #: an unauthorised row: whether it gave the pupil's leaving date (``left_on``, None:
    #: on the roll); False for a sickness row, or a row from before history version 15
    left_kept: bool = False
    left_on: dt.date | None = None


_LA_ROW_COLS = (
    "list, school, upn, status, open, run_start, run_end, days, sessions, follows, basis, "
    "reason, surname, forename, dob, left_on"
)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _action(r: tuple[Any, ...]) -> CaseAction:
    return CaseAction(r[0], r[1], r[2], r[3], dt.date.fromisoformat(r[4]), *r[5:])


def _is_row_id(n: int) -> bool:
    """Whether ``n`` can be a record's number: SQLite's ids are 64-bit, and a number
    typed beyond them (``attcli pn void 99999999999999999999999``) is no record, not an
    OverflowError."""
    return -(2**63) <= n < 2**63


def _notice(r: tuple[Any, ...]) -> Notice:
    return Notice(
        r[0], r[1], r[2], r[3], dt.date.fromisoformat(r[4]), *r[5:12], _date(r[12]), r[13] or ""
    )


def _build_new(path: Path) -> None:
    """Make a new, empty store in ``path`` (a file there, empty, or none)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("BEGIN IMMEDIATE")
        _migrate_from(db, 0)
        db.execute("COMMIT")
    finally:
        db.close()


#: the header's first bytes ("SQLite format 3\0"), which a new history copied into place
#: on a drive with no hard links gets last (:meth:`History._create`)
_MAGIC_LEN = 16


def _unfinished_new(path: Path) -> bool:
    """Whether ``path`` is a new history a run was copying into place, on a drive with no
    hard links, when it stopped (a power cut): its first 16 bytes still zero and the rest
    what reached the disk of a new, empty store, byte for byte.  It holds no record, so it
    may be made again; anything else (a history holding records whose first bytes were
    lost) is not."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
            if len(head) < 100 or head[:_MAGIC_LEN] != bytes(_MAGIC_LEN):
                return False
            fh.seek(0)
            data = fh.read()
        new = History.new_store_bytes()
    except OSError:  # (unreadable; no temporary folder to make the new store in)
        return False
    return len(data) <= len(new) and data[_MAGIC_LEN:] == new[_MAGIC_LEN : len(data)]


def _in_wal_mode(path: Path) -> bool:
    """Whether the SQLite file's header says write-ahead logging (bytes 18 and 19 are 2)."""
    try:
        with path.open("rb") as f:
            head = f.read(20)
    except OSError:
        return False
    return len(head) == 20 and head[18] == 2 and head[19] == 2


class History:
    """An open history store.  Use as a context manager, or call :meth:`close`.

    ``write=True`` (a letters run, ``pn record``, ``pn void``, ``pupil merge``) first
    takes the store's run lock, a ``.lock`` file beside it held with an OS lock
    (``filelock``: ``fcntl`` on POSIX, ``msvcrt`` on Windows) for as long as the store is
    open.  A second writer is refused at once with a clear message instead of both
    deciding, from the same history, that the same letter is still to send.  The OS
    drops the lock when the process ends, however it ends, so a killed run never leaves
    the store locked.  Readers (``check``, ``pn list``, a dry run) take no lock; each of
    their reads sees the store as of a commit.
    """

    def __init__(self, path: str | Path, *, write: bool = False, detached: bool = False) -> None:
        self.path = Path(path)
        #: read into memory and used there, the file never written (a dry run: it does
        #: what the real run would, on the copy, to say what that run will do)
        self.detached = detached
        self.write = write
        self.db: sqlite3.Connection  # set by _open
        self._lock: BaseFileLock | None = None
        #: the file did not exist and was made by this open
        self.created = False
        #: the store was migrated from this older version by this open (None: it was not)
        self.migrated_from: int | None = None
        #: the audit's forgetting rows, read once (:meth:`_forgettings`); None: not yet
        self._forgets: list[AuditRow] | None = None
        if not self.path.parent.exists():
            raise AttcliError(f"the folder for the history file {shown(self.path)} does not exist")
        _opened[:] = [self.path]
        try:
            # (tried, not asked of os.access: a share's permissions are the server's; a
            # file only: opening a pipe would wait for a writer)
            if self.path.is_file():
                with self.path.open("rb"):
                    pass
        except PermissionError:
            # (another office user's, on a shared folder: SQLite's "unable to open database
            # file" read as "not an attcli history file", which reads as "delete it")
            raise AttcliError(
                f"cannot read the history {shown(self.path)}: you have no permission to read it "
                "(the history is owner-only: it names pupils and parents); run attcli as the "
                "user who keeps it, or have that user give you access"
            ) from None
        except OSError:
            pass  # (a folder, a device: SQLite says what it is, below)
        if write and (why := unwritable(self.path)):
            raise AttcliError(why)
        if write:
            import filelock  # only a run that writes locks (start-up: issue 15)

            lock = lock_path(self.path)
            if lock.is_symlink():
                raise AttcliError(_linked_lock_text(self.path, lock))
            self._lock = filelock.FileLock(lock, mode=0o600, blocking=False)
            try:
                with warnings.catch_warnings():
                    # (a drive with no OS locks: filelock's fallback to a lock file works,
                    # and its warning, with its source line, is nothing the office can act on)
                    warnings.filterwarnings("ignore", "flock not supported", UserWarning)
                    self._lock.acquire()
            except filelock.Timeout as exc:
                raise HistoryBusy(self.path, getattr(exc, "_holder", None)) from None
            except PermissionError as exc:
                raise AttcliError(
                    f"cannot lock the history {shown(self.path)}: its run lock file "
                    f"{shown(str(lock_path(self.path)))} cannot be opened ({exc.strerror or exc}), another "
                    "user's: make it writable to you (it holds no data), or run attcli as "
                    "that user"
                ) from None
            except OSError as exc:
                if lock.is_symlink():  # (planted since: filelock 4 refuses it, ELOOP)
                    raise AttcliError(_linked_lock_text(self.path, lock)) from None
                raise AttcliError(
                    f"cannot lock the history file {shown(self.path)}: {exc.strerror or exc}"
                ) from None
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        try:
            if self.path.is_file() and _unfinished_new(self.path):  # (a FIFO: never read)
                # a new history a run was copying into place (a drive with no hard links)
                # when the power went: it holds nothing, so it is made again
                self.path.unlink(missing_ok=True)
            if not self.path.exists():
                self.created = self._create()
            if not self.created and self.path.stat().st_size == 0:
                # (a failed copy, a sync conflict: read as a new history it would hold no
                # letters or notices, and the next run would send every letter again)
                raise AttcliError(
                    f"the history {shown(self.path)} is empty (0 bytes), so it holds none of the "
                    "letters and notices on record: restore the school's history from its "
                    "backup; or, if this workspace has no history yet, delete the empty file"
                )
            self._connect()
            if not self.created:
                self._refuse_another_programs()
            if not (self.write or self.detached or self.created) and self._needs_writing():
                # A read never writes the history (a pupil's record, the notices on record,
                # a letters dry run): an older store, or letters to put under their school's
                # key, are brought up to date in a copy in memory; the first run that writes
                # does it on disk, under its lock.
                self.db.close()
                self.detached = True
                self._connect()
            self.db.execute("PRAGMA busy_timeout=5000")
            # A store last written by attcli before version 2 may be in WAL mode; this turns
            # it back into a rollback journal (when no other process has it open).
            try:
                self.db.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.OperationalError:  # another process has it open: next time
                pass
            self.db.execute("PRAGMA synchronous=FULL")
            self._migrate()
            self._refuse_missing_tables()
            names = _school_names.get(self.path.resolve())
            if names is not None and (self.detached or os.access(self.path, os.W_OK)):
                self.rekey_letters(*names)
        except sqlite3.DatabaseError as exc:
            from attcli.output import DISK_FULL, disk_full

            if disk_full(exc):
                if self.created:  # the empty file made above: not a history to keep
                    self.close()
                    self.path.unlink(missing_ok=True)
                raise AttcliError(f"cannot write the history {shown(self.path)}: {DISK_FULL}") from None
            said = _sqlite_text(self.path, exc, opening=True)
            raise AttcliError(
                said or f"{shown(self.path)} is not an attcli history file: {exc}"
            ) from None

    def _refuse_missing_tables(self) -> None:
        """A store at this version lacking one of its tables or columns (part of it
        restored, a hand edit) is damaged: said at once, before a command reads or writes
        half of it."""
        found = {n for (n,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = sorted(TABLES - found)
        if missing:
            s = "s" if len(missing) > 1 else ""
            were = "are" if len(missing) > 1 else "is"
            raise AttcliError(
                damaged_text(self.path, f"its table{s} {', '.join(missing)} {were} missing")
            )
        for table, columns in _columns().items():
            have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
            if lost := sorted(columns - have):
                raise AttcliError(
                    damaged_text(self.path, f"its table {table} has no column {lost[0]}")
                )

    def _create(self) -> bool:
        """Make a new store whole beside its path, owner-only from the start (it names
        pupils and parents), and put it in place in one step that never replaces a file
        (a hard link; on Windows a rename): no run ever sees it half made, so an empty
        file where the history should be is never attcli's own (and is refused).  False:
        another run made it meanwhile.  Where the folder's file system has no hard links
        (a FAT drive, some shares), the store is copied into a file made exclusively."""
        import secrets

        # (a name no other run uses, made exclusively: named by the process id, another
        # PC's run on a network drive with the same id had its half-made file emptied)
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.new")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            # a run killed while making one left its file (an empty store): gone now, by
            # this file's time on the drive (no lock is held on it: SQLite's are its own)
            from attcli.output import remove_dead_leftovers

            name = re.compile(re.escape(f".{self.path.name}.") + r"[0-9a-f]{8}\.new")
            remove_dead_leftovers(self.path.parent, name, os.fstat(fd).st_mtime)
        finally:
            os.close(fd)
        try:
            _build_new(tmp)
            try:
                if os.name == "nt":
                    os.rename(tmp, self.path)  # (Windows: never replaces a file)
                else:
                    os.link(tmp, self.path)
                return True
            except FileExistsError:  # another run made it meanwhile
                return False
            except OSError:  # no hard links here: copied into a file made exclusively
                try:
                    # (O_BINARY: Windows opens a descriptor in text mode, LF written CR LF)
                    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
                    fd = os.open(self.path, flags, 0o600)
                except FileExistsError:
                    return False
                data = tmp.read_bytes()
                with os.fdopen(fd, "wb") as out:
                    # the header's first 16 bytes last, once the rest is on disk: a copy cut
                    # short (a power cut) is known as one by :func:`_unfinished_new`, not
                    # taken for a damaged history to restore
                    out.write(bytes(_MAGIC_LEN) + data[_MAGIC_LEN:])
                    out.flush()
                    os.fsync(out.fileno())
                    out.seek(0)
                    out.write(data[:_MAGIC_LEN])
                    out.flush()
                    os.fsync(out.fileno())
                return True
        finally:
            tmp.unlink(missing_ok=True)

    @staticmethod
    def new_store_bytes() -> bytes:
        """The bytes of a new, empty store, as :meth:`_create` makes it."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="attcli-") as folder:
            made = Path(folder) / "new.sqlite3"
            _build_new(made)
            return made.read_bytes()

    def _refuse_another_programs(self) -> None:
        """A SQLite database with tables but none of attcli's (no schema version) is
        another program's: refused before a migration adds attcli's tables to it."""
        if self.version():
            return
        tables = [
            name
            for (name,) in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        if tables and set(tables) <= TABLES:  # attcli's own, its schema version lost
            why = "its table meta is missing" if "meta" not in tables else (
                "its schema version is missing"
            )
            raise AttcliError(damaged_text(self.path, why))
        if tables:
            tables_named = ", ".join(tables[:3]) + (", ..." if len(tables) > 3 else "")
            raise AttcliError(
                f"{shown(self.path)} is not an attcli history file: a SQLite database of another "
                f"program (tables: {tables_named}); move it out of the workspace, or restore the "
                "school's history from its backup"
            )

    def _connect(self) -> None:
        """The connection: to the file, or (detached) to a copy of it in memory."""
        if self.detached:
            uri = sqlite_uri(self.path.resolve()) + "?mode=ro"
            if _in_wal_mode(self.path) and not Path(f"{self.path}-wal").exists():
                # a store of attcli before version 2 (WAL) with no write-ahead log beside it:
                # the file holds it all, and opened read-only SQLite would leave a -wal and
                # a -shm file it may not remove; read as it is, with no lock files
                uri += "&immutable=1"
            try:
                self._copy_in(uri)
            except sqlite3.OperationalError as exc:
                if getattr(exc, "sqlite_errorname", "") != "SQLITE_READONLY_ROLLBACK":
                    raise
                # a run killed mid-record left SQLite's journal to undo it ("hot"; a live
                # writer's is not): undone as any other command's open undoes it (said
                # read-only, untrue, it sent the office to IT), then read as committed
                undo = sqlite3.connect(self.path, isolation_level=None)
                try:
                    undo.execute("PRAGMA busy_timeout=5000")
                    undo.execute("SELECT count(*) FROM sqlite_master").fetchone()
                finally:
                    undo.close()
                self._copy_in(uri)
        else:
            self.db = sqlite3.connect(self.path, isolation_level=None)

    def _copy_in(self, uri: str) -> None:
        source = sqlite3.connect(uri, uri=True)
        try:
            source.execute("PRAGMA busy_timeout=5000")
            copy = sqlite3.connect(":memory:", isolation_level=None)
            try:
                source.backup(copy)
            except BaseException:
                copy.close()
                raise
            self.db = copy
        finally:
            source.close()

    def _needs_writing(self) -> bool:
        """Opening the store would write it: an older schema to migrate, or letters under a
        School cell's text to put under their school's key (:meth:`rekey_letters`)."""
        self.db.execute("PRAGMA busy_timeout=5000")
        if self.version() != SCHEMA_VERSION:
            return True
        names = _school_names.get(self.path.resolve())
        return names is not None and bool(self._rekey_moves(*names))

    def version(self) -> int:
        """The schema version on disk (0 for an empty file)."""
        has_meta = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if not has_meta:
            return 0
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            return 0
        text = str(row[0])
        if not (text.isascii() and text.isdigit()):  # (edited by hand, or garbled)
            raise AttcliError(
                damaged_text(self.path, f"its schema version {text!r} is not a version number")
            )
        return int(text)

    def _migrate(self) -> None:
        """Bring the store to :data:`SCHEMA_VERSION`, all steps in one transaction."""
        if self.version() == SCHEMA_VERSION:
            return
        with self.transaction():
            # again, under the write lock: another run may have migrated it meanwhile
            found = self.version()
            if found > SCHEMA_VERSION:
                raise AttcliError(
                    f"{shown(self.path)} was written by a newer attcli (history schema {found}); "
                    "upgrade attcli"
                )
            if found < SCHEMA_VERSION:
                _migrate_from(self.db, found)
                if found > 0:
                    self.migrated_from = found

    def rekey_letters(self, names: Mapping[str, str], rest: str | None = None) -> int:
        """Letters recorded under a School cell's text (before version 16) put under the
        school's key: ``names`` maps each text that names a school (its key, name, URN,
        DfE number, export names; trimmed and casefolded) to its key ('' for a workspace's
        one school); any other text to ``rest``, or left as it is (None).  Returns the
        letters changed."""
        moves = self._rekey_moves(names, rest)
        if not moves:
            return 0
        with self.transaction():
            return sum(
                self.db.execute(
                    "UPDATE OR IGNORE letters SET school = ? WHERE school = ?", move
                ).rowcount
                for move in moves
            )

    def _rekey_moves(
        self, names: Mapping[str, str], rest: str | None = None
    ) -> list[tuple[str, str]]:
        """(new key, old text) of each school text of the letters :meth:`rekey_letters`
        would move."""
        found = [r[0] for r in self.db.execute("SELECT DISTINCT school FROM letters")]
        return [
            (key, old)
            for old in found
            if (key := names.get(old.strip().casefold(), rest)) is not None and key != old
        ]

    def discard_if_new(self, exc_type: object, *_: object) -> bool:
        """An exit callback (``ExitStack.push``): when the run failed (``exc_type``) and
        this open made the file, the empty store and its lock file are removed, so a
        refused run leaves no history behind (sweep G: a refused la-return left one, and
        every later command stopped saying "(none yet)")."""
        if exc_type is not None and self.created:
            # removed while the run lock is held: released first, another run could take
            # it and open the store in the moment before it was unlinked under it
            db = getattr(self, "db", None)
            if db is not None:
                db.close()
            try:
                self.path.unlink(missing_ok=True)
                if self._lock is not None:  # (POSIX: a held lock's file may be unlinked)
                    lock_path(self.path).unlink(missing_ok=True)
            except OSError:  # (Windows: a file open elsewhere stays; harmless when empty)
                pass
            self.close()
        return False

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[History]:
        """Every read inside sees the history as of one moment: a command that reads a
        pupil's letters, notices and casebook records table by table, while another PC's
        ``pupil merge`` or ``pn record`` commits between two of its reads, would otherwise
        give half of each.  A read transaction (SQLite's shared lock, held to its end): a
        writer's commit waits for it (``busy_timeout``), so keep it to a few reads.  A
        copy in memory, or a run that writes (the one writer), needs none."""
        if self.detached or self.write or self.db.in_transaction:
            yield self
            return
        self.db.execute("BEGIN")
        try:
            self.db.execute("SELECT 1 FROM meta LIMIT 1").fetchall()  # the lock, taken now
            yield self
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: a kill or an error inside leaves the store as it was."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.OperationalError:  # SQLite rolled back already (a full disk)
                    pass
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            from attcli.output import DISK_FULL, disk_full

            if disk_full(exc):  # which disk: the history's (a command's file may be elsewhere)
                raise AttcliError(f"cannot write the history {shown(self.path)}: {DISK_FULL}") from None
            raise

    def _audit(self, by: str, action: str, subject: str, detail: str) -> None:
        self.db.execute(
            "INSERT INTO audit (at, by, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            (_now(), by, action, subject, detail),
        )
        if action == "forget":
            self._forgets = None  # (read again: a dry run's row is rolled back)

    def _forgettings(self) -> list[AuditRow]:
        """The audit's rows of :meth:`forget`, oldest first, read once a history is opened:
        asked of each pupil a check quotes a next notice for, each letter that quotes one
        (:meth:`deleted_notice`), a query of the audit each."""
        if self._forgets is None:
            self._forgets = self.audit(action="forget")
        return self._forgets

    def audit(self, subject: str | None = None, *, action: str | None = None) -> list[AuditRow]:
        """The audit trail (oldest first), or the rows about ``subject``, or of ``action``."""
        where, args = ("subject = ?", (subject,)) if subject else ("1 = 1", ())
        if action:
            where, args = f"{where} AND action = ?", (*args, action)
        rows = self.db.execute(
            f"SELECT id, at, by, action, subject, detail FROM audit WHERE {where} ORDER BY id",
            args,
        ).fetchall()
        return [AuditRow(*r) for r in rows]

    # ------------------------------------------------------------------ letters

    def begin_letter(self, **fields: Any) -> int:
        """Record the intent to write a letter (status ``writing``); returns its id.

        ``attended`` and ``possible`` (optional) are the attendance figure the letter
        gives, kept so a later letter can tell whether attendance has improved since;
        ``as_of`` (optional) the date of its figures; ``marks`` (optional) the marks they
        rested on (:mod:`attcli.letter_marks`); ``released_by`` and ``held_for`` (optional)
        who released a letter held for review, and why it was held.
        """
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
        cols += ["attended", "possible", "as_of"]
        values += [fields.get("attended"), fields.get("possible"), fields.get("as_of")]
        cols += ["marks", "released_by", "held_for"]
        values += [fields.get("marks"), fields.get("released_by"), fields.get("held_for")]
        values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
        with self.transaction() as db:
            cur = db.execute(
                f"INSERT INTO letters ({', '.join(cols)}, status, created_at) "
                f"VALUES ({', '.join('?' * len(cols))}, 'writing', ?)",
                (*values, _now()),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def letter_written(self, letter_id: int, sha256: str) -> None:
        """Record the letter's PDF hash: its files are in place.  It is not sent yet (status
        ``writing``) until :meth:`send_letters` puts it in a print file that exists."""
        with self.transaction() as db:
            db.execute("UPDATE letters SET sha256 = ? WHERE id = ?", (sha256, letter_id))

    def send_letters(self, print_files: Mapping[int, str | None]) -> list[tuple[str, str, str]]:
        """Mark the letters sent, each in its print file (None: a letter sent by email, in
        none), all in one transaction: a letter is sent only once the print file that
        holds it is on disk.  Other unfinished rows for the same letters (from
        interrupted runs) go, so the store never holds a duplicate; returned, as (folder,
        file, sha256) of each whose PDF was written to a file no sent letter (these
        included) is in, so that copy can go too.  (The ids go through a temporary table:
        a run's thousands of letters are no statement's parameters.)"""
        if not print_files:
            return []
        with self.transaction() as db:
            db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS sending (id INTEGER PRIMARY KEY, print_file TEXT)"
            )
            db.execute("DELETE FROM temp.sending")
            db.executemany("INSERT INTO temp.sending VALUES (?, ?)", print_files.items())
            superseded = (
                "FROM letters WHERE status = 'writing' "
                "AND id NOT IN (SELECT id FROM temp.sending) "
                "AND (school, upn, template, half_term_start, recipient) IN ("
                "SELECT l.school, l.upn, l.template, l.half_term_start, l.recipient "
                "FROM letters l JOIN temp.sending s ON s.id = l.id)"
            )
            gone = db.execute(
                f"SELECT out_dir, file, sha256 {superseded} AND sha256 IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM letters l WHERE l.out_dir = letters.out_dir "
                "AND l.file = letters.file AND (l.status = 'sent' "
                "OR l.id IN (SELECT id FROM temp.sending))) ORDER BY id"
            ).fetchall()
            db.execute(f"DELETE {superseded}")
            db.execute(
                "UPDATE letters SET status = 'sent', print_file = "
                "(SELECT s.print_file FROM temp.sending s WHERE s.id = letters.id) "
                "WHERE id IN (SELECT id FROM temp.sending)"
            )
            db.execute("DELETE FROM temp.sending")
        return gone

    def finish_letter(self, letter_id: int, sha256: str) -> None:
        """Mark one letter written and sent in no print file (a letter recorded by hand, as
        the tests do; a letters run uses :meth:`letter_written` and :meth:`send_letters`)."""
        self.letter_written(letter_id, sha256)
        self.send_letters({letter_id: None})

    def stopped_print_files(self) -> dict[tuple[str, str], list[int]]:
        """Print files a stopped run began for letters it had written but not yet
        recorded as sent, by (folder, file name): the letters' ids.  Whether each file
        reached the disk decides whether its letters went (:meth:`send_letters`)."""
        found: dict[tuple[str, str], list[int]] = {}
        for letter_id, out_dir, name in self.db.execute(
            "SELECT id, out_dir, print_file FROM letters WHERE status = 'writing' AND "
            "sha256 IS NOT NULL AND print_file LIKE 'writing:%' ORDER BY id"
        ):
            found.setdefault((out_dir, name.removeprefix("writing:")), []).append(letter_id)
        return found

    def _letters(self, where: str, args: tuple[Any, ...]) -> list[LetterRecord]:
        from attcli.contacts import same_recipient  # (contacts reads this module)

        rows = self.db.execute(
            f"SELECT {_LETTER_COLS} FROM letters WHERE {where} ORDER BY id", args
        ).fetchall()
        out = []
        for r in rows:
            r = list(r)
            r[7] = same_recipient(r[7])  # the recipient as keys are written now
            r[6] = dt.date.fromisoformat(r[6])
            r[10] = dt.date.fromisoformat(r[10])
            r[21] = dt.date.fromisoformat(r[21]) if r[21] else None
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

    def last_letter(
        self,
        school: str,
        upn: str,
        templates: Iterable[str],
        academic_year: int,
        before: dt.date,
    ) -> LetterRecord | None:
        """The pupil's most recent letter of any of ``templates`` (the band letters) sent in
        an earlier half term this school year, or None."""
        names = sorted(set(templates))
        if not names:
            return None
        found = self._letters(
            "status = 'sent' AND school = ? AND upn = ? AND academic_year = ? AND "
            f"half_term_start < ? AND template IN ({', '.join('?' * len(names))})",
            (school, upn, academic_year, before.isoformat(), *names),
        )
        return max(found, key=lambda r: (r.half_term_start, r.id)) if found else None

    def letters_made_at(self, ids: Iterable[int]) -> dict[int, dt.datetime]:
        """Letter id -> when its record was made (the computer's local time, to the
        second), of ``ids``: when the letter's figures were read from the exports."""
        wanted = sorted(set(ids))
        out: dict[int, dt.datetime] = {}
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            rows = self.db.execute(
                f"SELECT id, created_at FROM letters WHERE id IN ({', '.join('?' * len(part))})",
                part,
            ).fetchall()
            for k, v in rows:
                try:
                    out[k] = dt.datetime.fromisoformat(v)
                except (TypeError, ValueError):  # (a record whose time is not attcli's: none)
                    continue
        return out

    def letters_of_year(
        self, academic_year: int, through: dt.date, templates: Iterable[str]
    ) -> list[LetterRecord]:
        """Every letter of ``templates`` sent in the school year in the half terms up to the
        one starting ``through`` (included), oldest first: one query for a run's pupils."""
        names = sorted(set(templates))
        if not names:
            return []
        return self._letters(
            "status = 'sent' AND academic_year = ? AND half_term_start <= ? "
            f"AND template IN ({', '.join('?' * len(names))})",
            (academic_year, through.isoformat(), *names),
        )

    def earlier_letters(
        self,
        school: str,
        upn: str,
        template: str | Iterable[str],
        academic_year: int,
        before: dt.date,
        *,
        but: str | None = None,
    ) -> list[LetterRecord]:
        """The pupil's letters of ``template`` (or of any of several: the band letters) sent
        in earlier half terms this school year (before the half term starting ``before``):
        the first of each template sent in each, oldest first.  With ``but`` (a template),
        the letters of the other templates sent in the half term starting ``before`` too (an
        amber letter earlier in the half term a red one follows)."""
        names = [template] if isinstance(template, str) else sorted(set(template))
        if not names:
            return []
        found = self._letters(
            "status = 'sent' AND school = ? AND upn = ? AND academic_year = ? "
            f"AND half_term_start {'<=' if but else '<'} ? "
            f"AND template IN ({', '.join('?' * len(names))})",
            (school, upn, academic_year, before.isoformat(), *names),
        )
        first: dict[tuple[dt.date, str], LetterRecord] = {}
        for r in found:  # (oldest first)
            if r.half_term_start < before or r.template != but:
                first.setdefault((r.half_term_start, r.template), r)
        return sorted(first.values(), key=lambda r: (r.half_term_start, r.letter_date, r.id))

    def sent_letters(self, school: str, upn: str, academic_year: int) -> list[LetterRecord]:
        """Every letter sent about the pupil in the school year (each copy: one per
        recipient), oldest first."""
        return self._letters(
            "status = 'sent' AND school = ? AND upn = ? AND academic_year = ?",
            (school, upn, academic_year),
        )

    def latest_before(
        self, school: str, upn: str, template: str, before: dt.date
    ) -> LetterRecord | None:
        """The pupil's most recent letter of ``template`` sent in a half term before the one
        starting ``before``, in any school year (a penalty-notice window spans the summer),
        or None."""
        found = self._letters(
            "status = 'sent' AND school = ? AND upn = ? AND template = ? AND half_term_start < ?",
            (school, upn, template, before.isoformat()),
        )
        return max(found, key=lambda r: (r.as_of or r.letter_date, r.id)) if found else None

    def left_unfinished(self) -> list[LetterRecord]:
        """Letters a stopped run began and put in no print file (status ``writing``, no
        print file begun or only one that never reached the disk): after a run has sent
        its own, those it did not make (no longer called for, held, not asked for, to a
        contact no longer the recipient, of a half term gone)."""
        return self._letters("status = 'writing' AND print_file IS NULL", ())

    def sent_file(self, out_dir: str, file: str) -> bool:
        """Whether a sent letter is in the file ``file`` of ``out_dir``."""
        return (
            self.db.execute(
                "SELECT 1 FROM letters WHERE status = 'sent' AND out_dir = ? AND file = ?",
                (out_dir, file),
            ).fetchone()
            is not None
        )

    def drop_unfinished(self, ids: Iterable[int]) -> None:
        """Forget letters a stopped run began and never sent (status ``writing`` only):
        their files are gone, so their names are free again."""
        with self.transaction() as db:
            db.executemany(
                "DELETE FROM letters WHERE id = ? AND status = 'writing'", [(i,) for i in ids]
            )

    def unfinished(self, out_dir: str) -> set[str]:
        """File names in ``out_dir`` that an interrupted run began and did not finish."""
        rows = self.db.execute(
            "SELECT file FROM letters WHERE status = 'writing' AND out_dir = ?", (out_dir,)
        ).fetchall()
        return {r[0] for r in rows}

    def file_owners(self, out_dir: str) -> dict[str, set[tuple[str, str, str, str, str]]]:
        """Each file name (case-folded) ever begun in ``out_dir``, with the letters it was
        for as ``(school, upn, template, recipient, half term start)``: a name is one
        letter's, for good (next half term's letter to the same parent has a name of its
        own, and never replaces the one sent).  Recipients as keys are written now
        (:func:`attcli.contacts.same_recipient`: one recorded before postcodes were
        spaced is the same recipient)."""
        from attcli.contacts import same_recipient  # (contacts reads this module)

        owners: dict[str, set[tuple[str, str, str, str, str]]] = {}
        for file, school, upn, template, recipient, start in self.db.execute(
            "SELECT file, school, upn, template, recipient, half_term_start FROM letters "
            "WHERE out_dir = ?",
            (out_dir,),
        ):
            key = (school, upn, template, same_recipient(recipient), start)
            owners.setdefault(file.casefold(), set()).add(key)
        return owners

    def sent_in(self, out_dir: str, half_term_start: dt.date) -> list[LetterRecord]:
        """Every letter sent into ``out_dir`` for the half term (the folder's batch)."""
        return self._letters(
            "status = 'sent' AND out_dir = ? AND half_term_start = ?",
            (out_dir, half_term_start.isoformat()),
        )

    def reanchor_half_terms(self, school: str, half_terms: Iterable[HalfTerm]) -> int:
        """Letters recorded under a half term whose start has since moved by a few days
        (term dates inferred from the data, then given in the config, whose half term
        starts on the INSET day the data had no mark for; a start date corrected) put under
        the half term as it is now, so that they are still this half term's letters: a
        recorded start within a week before or after a half term's start, and no other
        half term's; else one inside the first three weeks of a half term that now starts
        earlier (inferred, with a week's export missing when the letters went: Autumn 2
        from 09/11, now from 02/11; a half term whose start is 7 days or more earlier had
        its letters sent again).  Returns the letters moved."""
        week = dt.timedelta(days=7)
        terms = list(half_terms)
        moved = 0
        for (text,) in self.db.execute(
            "SELECT DISTINCT half_term_start FROM letters WHERE school = ?", (school,)
        ).fetchall():
            start = dt.date.fromisoformat(text)
            if any(h.start == start for h in terms):
                continue
            near = [h for h in terms if abs(h.start - start) < week]
            if len(near) != 1:
                near = [h for h in terms if h.start < start <= min(h.end, h.start + 3 * week)]
            if len(near) != 1:
                continue
            with self.transaction():
                moved += self.db.execute(
                    "UPDATE letters SET half_term_start = ?, half_term = ? WHERE school = ? "
                    "AND half_term_start = ?",
                    (near[0].start.isoformat(), near[0].name, school, text),
                ).rowcount
        return moved

    def later_half_term(
        self, school: str, half_term_start: dt.date
    ) -> tuple[str, dt.date, int] | None:
        """The last half term starting after ``half_term_start`` (give a half term's last
        day: one whose start has moved is still itself) that the school sent letters for:
        (its name, the last letter's date, how many), or None."""
        row = self.db.execute(
            "SELECT half_term, max(letter_date), count(*) FROM letters WHERE status = 'sent' "
            "AND school = ? AND half_term_start > ? GROUP BY half_term_start "
            "ORDER BY half_term_start DESC LIMIT 1",
            (school, half_term_start.isoformat()),
        ).fetchone()
        return None if row is None else (row[0], dt.date.fromisoformat(row[1]), row[2])

    def known_files(self, names: Iterable[str]) -> set[str]:
        """Those of the letter files ``names`` that a letter on record (begun or sent, in
        any folder: a folder reached by another path on another PC) was written to."""
        found: set[str] = set()
        wanted = sorted(set(names))
        for i in range(0, len(wanted), 500):  # (a statement's parameters are limited)
            part = wanted[i : i + 500]
            found.update(
                name
                for (name,) in self.db.execute(
                    f"SELECT DISTINCT file FROM letters WHERE file IN ({', '.join('?' * len(part))})",
                    part,
                )
            )
        return found

    def sent_pupils(self, school: str, academic_year: int) -> set[str]:
        """The UPNs of the pupils the school sent letters to in the school year (by its
        first calendar year)."""
        rows = self.db.execute(
            "SELECT DISTINCT upn FROM letters WHERE status = 'sent' AND school = ? "
            "AND academic_year = ?",
            (school, academic_year),
        )
        return {upn for (upn,) in rows}

    def sent_in_year(self, academic_year: int) -> list[LetterRecord]:
        """Every letter sent in the school year (by its first calendar year), oldest first."""
        return self._letters(
            "status = 'sent' AND academic_year = ?", (academic_year,)
        )

    def sent_half_terms(self, school: str, since: dt.date, before: dt.date) -> dict[dt.date, str]:
        """The half terms starting on or after ``since`` and before ``before`` that the
        school sent letters for: {half term's start: its name}."""
        rows = self.db.execute(
            "SELECT DISTINCT half_term_start, half_term FROM letters WHERE status = 'sent' "
            "AND school = ? AND half_term_start >= ? AND half_term_start < ?",
            (school, since.isoformat(), before.isoformat()),
        ).fetchall()
        return {dt.date.fromisoformat(start): name for start, name in rows}

    def sent_for(self, half_term_start: dt.date) -> list[LetterRecord]:
        """Every letter sent for the half term, into any folder, oldest first."""
        return self._letters(
            "status = 'sent' AND half_term_start = ?", (half_term_start.isoformat(),)
        )

    def all_letters(self) -> list[LetterRecord]:
        return self._letters("1 = 1", ())

    def sent_steps(self, school: str) -> list[tuple[str, str, str | None, dt.date]]:
        """Every letter the school sent, in any year, as ``(upn, template, band, letter
        date)``, oldest first: what the casebook reads of each (a step of the ladder), not
        each letter's marks, address and figures (:meth:`all_letters`: a workspace's third
        year holds thousands, each with its marks, sweep histscale)."""
        rows = self.db.execute(
            "SELECT upn, template, band, letter_date FROM letters WHERE status = 'sent' "
            "AND school = ? ORDER BY id",
            (school,),
        ).fetchall()
        return [(u, t, b, dt.date.fromisoformat(d)) for u, t, b, d in rows]

    def letters_by_id(self, letter_ids: Iterable[int]) -> list[LetterRecord]:
        """These letters, sent or not, oldest first."""
        ids = sorted(set(letter_ids))
        found: list[LetterRecord] = []
        for at in range(0, len(ids), 500):  # (SQLite's limit on a statement's parameters)
            part = ids[at : at + 500]
            found += self._letters(f"id IN ({', '.join('?' * len(part))})", tuple(part))
        return found

    def set_print_file(self, letter_ids: list[int], name: str | None) -> None:
        """Record that these letters are in the print file ``name`` (written just now), or
        are about to be (``writing:NAME``), or in none (None)."""
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

    def letters_for(self, upn: str) -> list[LetterRecord]:
        """Every letter sent about the pupil, oldest first."""
        return self._letters("status = 'sent' AND upn = ?", (upn,))

    # ------------------------------------------------------------------ penalty notices

    def record_notice(
        self,
        upn: str,
        parent: Parent,
        issued_on: dt.date,
        note: str = "",
        *,
        sessions: Iterable[tuple[dt.date, str, str]] = (),
        by: str = "",
        relink: Iterable[int] = (),
        pupil_name: str = "",
        pupil_dob: dt.date | None = None,
        school: str = "",
    ) -> Notice:
        """Record a notice to ``parent`` about ``upn`` and the sessions it covers
        (``(date, "AM"|"PM", mark)``), in one transaction.  ``pupil_name`` and
        ``pupil_dob``: as the exports give them, for the list and the next notice's age.
        ``school``: the trust's school whose register it was recorded from ('' for none).

        ``relink``: ids of notices recorded by typed name that are this parent's (their key
        becomes ``parent.key``, with an audit row each).
        """
        upn = typed_id(upn)
        name = " ".join(parent.name.split())
        if not upn:
            raise AttcliError("give the pupil's UPN")
        if not parent.key or not name:
            raise AttcliError("give the parent (--parent)")
        by = by or current_user()
        with self.transaction() as db:
            for old in relink:
                db.execute(
                    "UPDATE penalty_notices SET parent_key = ? WHERE id = ?", (parent.key, old)
                )
                self._audit(by, "link", f"notice {old}", f"parent {parent.key} ({name})")
            dup = db.execute(
                "SELECT id FROM penalty_notices n WHERE upn = ? AND parent_key = ? AND issued_on = ? "
                f"AND voided_at IS NULL AND {OF_SCHOOL}",
                (upn, parent.key, issued_on.isoformat(), school, school),
            ).fetchone()
            if dup is not None:
                raise AttcliError(
                    f"a penalty notice to {name} about {upn} on {issued_on:%d/%m/%Y} "
                    f"is already recorded (notice {dup[0]})"
                )
            recorded_at = _now()
            cur = db.execute(
                "INSERT INTO penalty_notices (upn, parent, parent_key, issued_on, note, "
                "recorded_at, recorded_by, pupil_name, pupil_dob, school) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (upn, name, parent.key, issued_on.isoformat(), note, recorded_at, by,
                 pupil_name or None, _iso(pupil_dob), school),
            )  # fmt: skip
            assert cur.lastrowid is not None
            db.executemany(
                "INSERT INTO notice_sessions (notice_id, upn, date, session, mark) "
                "VALUES (?, ?, ?, ?, ?)",
                [(cur.lastrowid, upn, d.isoformat(), s, m) for d, s, m in sessions],
            )
            return Notice(
                cur.lastrowid, upn, name, parent.key, issued_on, note, recorded_at, by,
                pupil_name=pupil_name or None, pupil_dob=pupil_dob, school=school,
            )  # fmt: skip

    def pupil_name(self, upn: str) -> str:
        """The pupil's name on record: the latest notice's (version 14 on), else the latest
        letter's, else the newest run's (:data:`_NEWEST_RUN_FIRST`); "" when none names them."""
        for sql in (
            "SELECT pupil_name FROM penalty_notices WHERE upn = ? AND pupil_name IS NOT NULL "
            "AND pupil_name != '' ORDER BY id DESC LIMIT 1",
            "SELECT pupil_name FROM letters WHERE upn = ? AND pupil_name != '' "
            "ORDER BY id DESC LIMIT 1",
            "SELECT trim(coalesce(forename, '') || ' ' || coalesce(surname, '')) FROM "
            "snapshot_pupils WHERE upn = ? AND (forename IS NOT NULL OR surname IS NOT NULL) "
            f"{_NEWEST_RUN_FIRST} LIMIT 1",
        ):
            row = self.db.execute(sql, (upn,)).fetchone()
            if row and row[0]:
                return str(row[0])
        return ""

    def pupil_dob(self, upn: str) -> dt.date | None:
        """The pupil's date of birth on record: the latest notice's (version 14 on), else the
        latest run snapshot's (letters keep none); None when none has it."""
        for sql in (
            "SELECT pupil_dob FROM penalty_notices WHERE upn = ? AND pupil_dob IS NOT NULL "
            "ORDER BY id DESC LIMIT 1",
            "SELECT dob FROM snapshot_pupils WHERE upn = ? AND dob IS NOT NULL "
            f"{_NEWEST_RUN_FIRST} LIMIT 1",
        ):
            row = self.db.execute(sql, (upn,)).fetchone()
            if row and row[0]:
                return dt.date.fromisoformat(row[0])
        return None

    def pupil_identity(self, upn: str) -> tuple[str | None, str | None, dt.date | None]:
        """(surname, forename, date of birth) of the pupil on record: the names of the
        latest run snapshot naming them, else the forename as the first word of the name
        a letter or notice keeps ("Amy Smith": :meth:`pupil_name`, no surname); the date
        of birth :meth:`pupil_dob` gives; None where none is on record."""
        upn = typed_id(upn)
        row = self.db.execute(
            "SELECT surname, forename FROM snapshot_pupils WHERE upn = ? AND forename IS NOT "
            f"NULL AND forename != '' {_NEWEST_RUN_FIRST} LIMIT 1",
            (upn,),
        ).fetchone()
        surname, forename = (row[0], row[1]) if row else (None, None)
        if forename is None:
            words = self.pupil_name(upn).split()
            forename = words[0] if words else None
        return surname, forename, self.pupil_dob(upn)

    def notice(self, notice_id: int) -> Notice | None:
        if not _is_row_id(notice_id):  # (a number typed beyond any SQLite can hold)
            return None
        row = self.db.execute(
            f"SELECT {_NOTICE_COLS} FROM penalty_notices WHERE id = ?", (notice_id,)
        ).fetchone()
        return _notice(row) if row else None

    def notices(
        self,
        upn: str | None = None,
        parent_key: str | None = None,
        *,
        include_void: bool = False,
        school: str = "",
    ) -> list[Notice]:
        """Notices recorded (oldest first): not voided ones unless ``include_void``.
        ``school``: a trust's school's key, whose notices alone (and those with no school)
        are read (:data:`OF_SCHOOL`): a trust's two schools give ids from 1, so one (pupil
        id, contact id) can be a child and a parent at each, two people (sweep
        leftovers17); '' every notice."""
        rows = self._voidable(
            _NOTICE_COLS,
            "penalty_notices n",
            {"upn": typed_id(upn) if upn else None, "parent_key": parent_key},
            include_void,
            "issued_on, id",
            (OF_SCHOOL, (school, school)),
        )
        return [_notice(r) for r in rows]

    def _voidable(
        self,
        cols: str,
        table: str,
        equal: dict[str, str | None],
        include_void: bool,
        order: str,
        also: tuple[str, tuple[str, ...]] | None = None,
    ) -> list[tuple[Any, ...]]:
        """Rows of a table whose records are voided, never deleted (notices, casebook
        records): those whose columns equal ``equal``'s values (None: any), and meet
        ``also``'s condition with its parameters (:data:`OF_SCHOOL`), in ``order``."""
        where = [f"{k} = ?" for k, v in equal.items() if v]
        args: list[Any] = [v for v in equal.values() if v]
        if also is not None:
            where.append(also[0])
            args.extend(also[1])
        if not include_void:
            where.append("voided_at IS NULL")
        return self.db.execute(
            f"SELECT {cols} FROM {table} WHERE {' AND '.join(where) or '1 = 1'} ORDER BY {order}",
            args,
        ).fetchall()

    def void_notice(self, notice_id: int, reason: str, by: str = "") -> Notice:
        """Void a notice recorded in error: it stays on record, marked, with who and why,
        and no longer counts (next notice, covered sessions)."""
        reason = " ".join(reason.split())
        if not reason:
            raise AttcliError("give the reason the notice is void (--reason)")
        by = by or current_user()
        with self.transaction() as db:
            found = self.notice(notice_id)
            if found is None:
                raise AttcliError(f"no penalty notice {notice_id} on record (see `attcli pn list`)")
            if found.void:
                raise AttcliError(
                    f"penalty notice {notice_id} was already voided on "
                    f"{recorded_time(found.voided_at)} "
                    f"by {found.voided_by}: {found.void_reason}"
                )
            at = _now()
            db.execute(
                "UPDATE penalty_notices SET voided_at = ?, voided_by = ?, void_reason = ? "
                "WHERE id = ?",
                (at, by, reason, notice_id),
            )
            self._audit(
                by,
                "void",
                f"notice {notice_id}",
                f"{found.upn}, {found.parent}, issued {found.issued_on:%d/%m/%Y}: {reason}",
            )
        voided = self.notice(notice_id)
        assert voided is not None
        return voided

    def notice_sessions(self, notice_id: int) -> list[tuple[dt.date, str, str]]:
        """The sessions a notice covers: (date, session, mark), in order."""
        rows = self.db.execute(
            "SELECT date, session, mark FROM notice_sessions WHERE notice_id = ? "
            "ORDER BY date, session",
            (notice_id,),
        ).fetchall()
        return [(dt.date.fromisoformat(d), s, m) for d, s, m in rows]

    def covered_sessions(
        self,
        upn: str,
        parent_key: str | None = None,
        issued_by: dt.date | None = None,
        school: str = "",
    ) -> list[tuple[dt.date, str]]:
        """The pupil's sessions that have supported a penalty notice (not voided), in
        order: a session that supported one notice must not support another (DOMAIN.md
        5).  ``parent_key``: only those of notices to that parent; ``issued_by``: of
        notices issued on or before that day; ``school``: a trust's school's key, whose
        notices alone (and those with no school) are read (:data:`OF_SCHOOL`)."""
        sql = (
            "SELECT DISTINCT s.date, s.session FROM notice_sessions s JOIN penalty_notices n "
            f"ON n.id = s.notice_id WHERE s.upn = ? AND n.voided_at IS NULL AND {OF_SCHOOL}"
        )
        args: list[Any] = [upn, school, school]
        if parent_key is not None:
            sql += " AND n.parent_key = ?"
            args.append(parent_key)
        if issued_by is not None:
            sql += " AND n.issued_on <= ?"
            args.append(issued_by.isoformat())
        rows = self.db.execute(sql + " ORDER BY s.date, s.session", args).fetchall()
        return [(dt.date.fromisoformat(d), s) for d, s in rows]

    def all_notice_sessions(
        self, school: str = ""
    ) -> list[tuple[int, str, dt.date, dt.date, str, str]]:
        """Every notice on record (not voided) with each session it covers, as it was
        marked then: ``(notice id, upn, issued on, date, session, mark)``, in order.
        ``school``: a trust's school's key, whose notices alone (and those with no school)
        are read (:data:`OF_SCHOOL`)."""
        rows = self.db.execute(
            "SELECT n.id, n.upn, n.issued_on, s.date, s.session, s.mark FROM notice_sessions s "
            f"JOIN penalty_notices n ON n.id = s.notice_id WHERE n.voided_at IS NULL AND {OF_SCHOOL} "
            "ORDER BY n.id, s.date, s.session",
            (school, school),
        ).fetchall()
        return [
            (i, u, dt.date.fromisoformat(on), dt.date.fromisoformat(d), x, m)
            for i, u, on, d, x, m in rows
        ]

    def all_covered_sessions(
        self, issued_by: dt.date | None = None, school: str = ""
    ) -> list[tuple[str, dt.date, str]]:
        """Every pupil's covered sessions as ``(upn, date, session)``, in order: for the
        engine to leave out of the penalty-notice window in one join.  ``issued_by``: of
        notices issued on or before that day; ``school``: a trust's school's key, whose
        notices alone (and those with no school) count (:data:`OF_SCHOOL`)."""
        rows = self.db.execute(
            "SELECT DISTINCT s.upn, s.date, s.session FROM notice_sessions s JOIN "
            "penalty_notices n ON n.id = s.notice_id WHERE n.voided_at IS NULL "
            f"AND (? IS NULL OR n.issued_on <= ?) AND {OF_SCHOOL} "
            "ORDER BY s.upn, s.date, s.session",
            ((issued_by and issued_by.isoformat(),) * 2) + (school,) * 2,
        ).fetchall()
        return [(u, dt.date.fromisoformat(d), x) for u, d, x in rows]

    # ------------------------------------------------------------------ pupils

    # ------------------------------------------------------------------ the casebook

    def record_action(
        self,
        upn: str,
        action: str,
        done_on: dt.date,
        *,
        note: str = "",
        outcome: str = "",
        by: str = "",
        school: str = "",
    ) -> CaseAction:
        """Record that ``action`` (a stage of the ladder) was done for the pupil on
        ``done_on``; the same action on the same day twice is refused."""
        return self.record_actions(
            [(upn, action, done_on, note, outcome)], by=by, school=school
        )[0]

    def record_actions(
        self,
        rows: Iterable[tuple[str, str, dt.date, str, str]],
        *,
        by: str = "",
        school: str = "",
    ) -> list[CaseAction]:
        """Record ``(upn, action, done_on, note, outcome)`` rows in one transaction: all or
        none (a duplicate anywhere, within the rows or on record, refuses the lot:
        :class:`RecordedTwice`, saying which row)."""
        by = by or current_user()
        out: list[CaseAction] = []
        with self.transaction() as db:
            for i, (upn, action, done_on, note, outcome) in enumerate(rows):
                dup = db.execute(
                    "SELECT id, recorded_by, recorded_at FROM case_actions WHERE school = ? "
                    "AND upn = ? AND action = ? AND done_on = ? AND voided_at IS NULL",
                    (school, upn, action, done_on.isoformat()),
                ).fetchone()
                if dup is not None:
                    raise RecordedTwice(
                        f"{action} for {upn} on {done_on:%d/%m/%Y} is already recorded "
                        f"(record {dup[0]}, by {dup[1]} at {dup[2]}); void it first to change it",
                        i,
                        next((j for j, a in enumerate(out) if a.id == dup[0]), None),
                    )
                at = _now()
                cur = db.execute(
                    "INSERT INTO case_actions (school, upn, action, done_on, note, outcome, "
                    "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (school, upn, action, done_on.isoformat(), note, outcome, by, at),
                )
                assert cur.lastrowid is not None
                out.append(
                    CaseAction(cur.lastrowid, school, upn, action, done_on, note, outcome, by, at)
                )
        return out

    def record_pack(
        self,
        *,
        school: str,
        upn: str,
        pupil_name: str,
        parent: Parent,
        kind: str,
        made_on: dt.date,
        as_of: dt.date,
        window: tuple[dt.date, dt.date],
        threshold: int,
        sessions: Iterable[tuple[dt.date, str, str]],
        marks: str,
        file: str = "",
        by: str = "",
    ) -> int:
        """Record a penalty-notice request pack made (not a draft); its id."""
        import json

        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO evidence_packs (school, upn, pupil_name, parent, parent_key, kind, "
                "made_on, as_of, window_from, window_to, threshold, sessions, marks, file, "
                "made_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    school, upn, pupil_name, parent.name, parent.key, kind,
                    made_on.isoformat(), as_of.isoformat(), window[0].isoformat(),
                    window[1].isoformat(), threshold,
                    json.dumps([[d.isoformat(), s, m] for d, s, m in sessions]),
                    marks, file, by or current_user(), _now(),
                ),
            )  # fmt: skip
            assert cur.lastrowid is not None
            return cur.lastrowid

    def evidence_packs(self, upn: str | None = None) -> list[EvidencePack]:
        """The packs on record (of ``upn``), oldest first.  A row not as attcli writes it
        is an error naming it (a damaged history), never a traceback."""
        import json

        sql = (
            "SELECT id, school, upn, pupil_name, parent, parent_key, kind, made_on, as_of, "
            "window_from, window_to, threshold, sessions, marks, file, made_by, recorded_at "
            "FROM evidence_packs"
        )
        rows = (
            self.db.execute(sql + " WHERE upn = ? ORDER BY id", (upn,))
            if upn is not None
            else self.db.execute(sql + " ORDER BY id")
        ).fetchall()
        out = []
        for r in rows:
            try:
                sessions = tuple(
                    (dt.date.fromisoformat(d), str(s), str(m)) for d, s, m in json.loads(r[12])
                )
                out.append(
                    EvidencePack(
                        r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                        dt.date.fromisoformat(r[7]), dt.date.fromisoformat(r[8]),
                        (dt.date.fromisoformat(r[9]), dt.date.fromisoformat(r[10])),
                        int(r[11]), sessions, r[13], r[14], r[15], r[16],
                    )
                )  # fmt: skip
            except (ValueError, TypeError):
                raise AttcliError(
                    f"the history is damaged: evidence pack {r[0]} (table evidence_packs) is "
                    "not as attcli writes it; restore the school's history from its backup; "
                    "do not delete it or start a new one"
                ) from None
        return out

    def actions(self, upn: str | None = None, *, include_void: bool = False) -> list[CaseAction]:
        """Casebook records (by date done, then id): not voided ones unless ``include_void``."""
        rows = self._voidable(
            _ACTION_COLS,
            "case_actions",
            {"upn": typed_id(upn) if upn else None},
            include_void,
            "done_on, id",
        )
        return [_action(r) for r in rows]

    def void_action(self, action_id: int, reason: str, by: str = "") -> CaseAction:
        """Void a casebook record made in error: it stays, marked, with who and why."""
        reason = " ".join(reason.split())
        if not reason:
            raise AttcliError("give the reason the record is void (--reason)")
        by = by or current_user()
        with self.transaction() as db:
            row = _is_row_id(action_id) and db.execute(
                f"SELECT {_ACTION_COLS} FROM case_actions WHERE id = ?", (action_id,)
            ).fetchone()
            if not row:
                raise AttcliError(f"no casebook record {action_id} (see `attcli case list`)")
            found = _action(row)
            if found.void:
                raise AttcliError(
                    f"casebook record {action_id} was already voided on "
                    f"{recorded_time(found.voided_at)} by "
                    f"{found.voided_by}: {found.void_reason}"
                )
            db.execute(
                "UPDATE case_actions SET voided_at = ?, voided_by = ?, void_reason = ? "
                "WHERE id = ?",
                (_now(), by, reason, action_id),
            )
            self._audit(
                by,
                "void",
                f"case record {action_id}",
                f"{found.upn}, {found.action} on {found.done_on:%d/%m/%Y}: {reason}",
            )
            row = db.execute(
                f"SELECT {_ACTION_COLS} FROM case_actions WHERE id = ?", (action_id,)
            ).fetchone()
        return _action(row)

    def add_snapshot(
        self,
        as_of: dt.date,
        exports: str,
        pupils: Iterable[
            tuple[str, str, int, int, str | None, str, str | None, str | None, int | None]
        ],
        *,
        by: str = "",
        school: str = "",
        n_sessions: Iterable[tuple[str, str, dt.date, str]] = (),
        due: Iterable[tuple[str, str, str, dt.date | None, dt.date | None]] | None = None,
        names: Mapping[tuple[str, str], tuple[str | None, str | None, dt.date | None]]
        | None = None,
        places: Mapping[tuple[str, str], tuple[str | None, str | None]] | None = None,
        lates: Mapping[tuple[str, str], tuple[int, str]] | None = None,
        pn_windows: Mapping[tuple[str, str], int] | None = None,
    ) -> int:
        """Store one run's figures for every pupil: ``(school, upn, attended, possible, band,
        flags, stage, status, unauthorised)``, every session that was N as of its date,
        ``(school, upn, date, session)``, every stage due, ``(school, upn, stage, due
        from, carried over from)`` (None: not kept, as before version 10), and each pupil's
        ``(surname, forename, date of birth)`` and ``(year group, registration group)``
        by (school, upn), and their ``(lates in the half term, the codes counted late)``
        and unauthorised sessions in the penalty-notice window (``pn_windows``), in one
        transaction; returns the snapshot's id.  ``school``: the trust's school key the run was of (''
        for the one school)."""
        dues = {
            (s, u): (st, _iso(d), _iso(c)) for s, u, st, d, c in (() if due is None else due)
        }
        named = {k: (s, f, _iso(b)) for k, (s, f, b) in (names or {}).items()}
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO snapshots (as_of, taken_at, taken_by, exports, school, n_kept, "
                "due_kept) VALUES (?, ?, ?, ?, ?, 1, ?)",
                (as_of.isoformat(), _now(), by or current_user(), exports, school,
                 int(due is not None)),
            )  # fmt: skip
            sid = cur.lastrowid
            db.executemany(
                "INSERT INTO snapshot_pupils (snapshot_id, school, upn, attended, possible, "
                "band, flags, stage, status, unauthorised, due_stage, due_from, carried_from, "
                "surname, forename, dob, year_group, reg_group, lates, late_codes, pn_window) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (sid, *p, *dues.get((p[0], p[1]), (None, None, None)),
                     *named.get((p[0], p[1]), (None, None, None)),
                     *(places or {}).get((p[0], p[1]), (None, None)),
                     *(lates or {}).get((p[0], p[1]), (None, None)),
                     (pn_windows or {}).get((p[0], p[1])))
                    for p in pupils
                ],  # fmt: skip
            )
            assert sid is not None
            _extend_spans(db, sid, school, {(s, u, d.isoformat(), ss) for s, u, d, ss in n_sessions})
        return sid

    def latest_snapshot(self, school: str = "") -> tuple[int, dt.date, str] | None:
        """The newest snapshot (of ``school``'s runs): ``(id, as_of, taken_at)``, or None.
        The run as of the latest date, of two as of one date the one recorded last (the
        store's order, not ``taken_at``: that is the clock of the PC that recorded it, and
        two PCs on one network folder may disagree).  Not the run recorded last: last
        week's export run by mistake after this week's is said to be older and is not
        next week's comparison (:meth:`snapshot_before`), nor this one's (sweep slips5)."""
        row = self.db.execute(
            "SELECT id, as_of, taken_at FROM snapshots WHERE school = ? "
            "ORDER BY as_of DESC, id DESC LIMIT 1",
            (school,),
        ).fetchone()
        return None if row is None else (row[0], dt.date.fromisoformat(row[1]), row[2])

    def last_snapshot_date_after(self, as_of: dt.date, school: str = "") -> dt.date | None:
        """The date of the newest run on record (of ``school``) as of a date after
        ``as_of``, or None: a run of an older export than the runs on record is said."""
        row = self.db.execute(
            "SELECT MAX(as_of) FROM snapshots WHERE as_of > ? AND school = ?",
            (as_of.isoformat(), school),
        ).fetchone()
        return None if row is None or row[0] is None else dt.date.fromisoformat(row[0])

    def snapshot_replaced(
        self, as_of: dt.date, school: str, snapshot_id: int
    ) -> tuple[int, str, str, list[tuple[Any, ...]]] | None:
        """The run of ``school`` as of ``as_of`` recorded last before snapshot
        ``snapshot_id`` (the same week recorded again, after a correction): ``(id,
        taken_at, taken_by, differ)``, or None.  ``differ``: each pupil whose stored
        figures, band, groups or stage differ between the two, by school and UPN, as
        ``(school, upn, surname, forename, then, now)``, ``then`` and ``now`` each
        ``(attended, possible, band, flags, unauthorised, stage, status)`` or None (not in
        that run): the
        officer is told who came off and who went on, not a count (sweep slips6)."""
        row = self.db.execute(
            "SELECT id, taken_at, taken_by FROM snapshots WHERE as_of = ? AND school = ? "
            "AND id < ? ORDER BY id DESC LIMIT 1",
            (as_of.isoformat(), school, snapshot_id),
        ).fetchone()
        if row is None:
            return None
        cols = "school, upn, attended, possible, band, flags, stage, status, unauthorised"
        one = f"SELECT {cols} FROM snapshot_pupils WHERE snapshot_id = ?"
        keys = self.db.execute(
            f"SELECT DISTINCT school, upn FROM ({one} EXCEPT {one} "
            f"UNION ALL SELECT * FROM ({one} EXCEPT {one})) ORDER BY school, upn",
            (snapshot_id, row[0], row[0], snapshot_id),
        ).fetchall()
        wanted = {(s, u) for s, u in keys}
        shown = "attended, possible, band, flags, unauthorised, stage, status"
        found: dict[tuple[str, str], dict[int, tuple[Any, ...]]] = {}
        names: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        for sid, s, u, sn, fn, *figures in self.db.execute(
            f"SELECT snapshot_id, school, upn, surname, forename, {shown} FROM snapshot_pupils "
            "WHERE snapshot_id IN (?, ?)",
            (row[0], snapshot_id),
        ):
            if (s, u) in wanted:
                found.setdefault((s, u), {})[sid] = tuple(figures)
                if sid == snapshot_id or (s, u) not in names:
                    names[(s, u)] = (sn, fn)
        differ = [
            (s, u, *names.get((s, u), (None, None)),
             found.get((s, u), {}).get(row[0]), found.get((s, u), {}).get(snapshot_id))
            for s, u in keys
        ]  # fmt: skip
        return (row[0], row[1], row[2], differ)

    def snapshot_before(
        self, as_of: dt.date, school: str = ""
    ) -> tuple[int, dt.date, str, str] | None:
        """The newest snapshot of a run (of ``school``) as of a date before ``as_of``:
        ``(id, as_of, taken_at, taken_by)``, or None.  Of two runs as of one date, the one
        recorded last (:meth:`latest_snapshot`)."""
        row = self.db.execute(
            "SELECT id, as_of, taken_at, taken_by FROM snapshots WHERE as_of < ? AND school = ? "
            "ORDER BY as_of DESC, id DESC LIMIT 1",
            (as_of.isoformat(), school),
        ).fetchone()
        return None if row is None else (row[0], dt.date.fromisoformat(row[1]), row[2], row[3])

    def snapshot_rows(self, snapshot_id: int) -> list[tuple[Any, ...]]:
        """school, upn, attended, possible, band, flags, stage, status, unauthorised (None
        in a snapshot from before version 7) of each pupil."""
        return self.db.execute(
            "SELECT school, upn, attended, possible, band, flags, stage, status, unauthorised "
            "FROM snapshot_pupils WHERE snapshot_id = ? ORDER BY school, upn",
            (snapshot_id,),
        ).fetchall()

    def snapshot_n_sessions(
        self, snapshot_id: int
    ) -> list[tuple[str, str, dt.date, str]] | None:
        """school, upn, date and session of every session that was N as of the snapshot's
        date; None for a snapshot from before they were kept (history version 9)."""
        kept = self.db.execute(
            "SELECT n_kept, school FROM snapshots WHERE id = ?", (snapshot_id,)
        ).fetchone()
        if kept is None or not kept[0]:
            return None
        rows = self.db.execute(
            f"{_IN_RUN} ORDER BY school, upn, date, session",
            (kept[1], snapshot_id, kept[1], snapshot_id, snapshot_id),
        ).fetchall()
        return [(s, u, dt.date.fromisoformat(d), ss) for s, u, d, ss in rows]

    def snapshot_due(
        self, snapshot_id: int
    ) -> dict[tuple[str, str], tuple[str, dt.date | None, dt.date | None]] | None:
        """(school, upn) -> (the stage due, due from (None: by its condition), the run it
        was carried over from) of every pupil due a stage in the snapshot; None for a
        snapshot from before they were kept (history version 10)."""
        kept = self.db.execute(
            "SELECT due_kept FROM snapshots WHERE id = ?", (snapshot_id,)
        ).fetchone()
        if kept is None or not kept[0]:
            return None
        rows = self.db.execute(
            "SELECT school, upn, due_stage, due_from, carried_from FROM snapshot_pupils "
            "WHERE snapshot_id = ? AND due_stage IS NOT NULL",
            (snapshot_id,),
        ).fetchall()
        return {(s, u): (st, _date(d), _date(c)) for s, u, st, d, c in rows}

    def snapshot_names(
        self, snapshot_id: int
    ) -> dict[tuple[str, str], tuple[str | None, str | None, dt.date | None]]:
        """(school, upn) -> (surname, forename, date of birth) of each pupil of a snapshot
        whose names were kept (none in a snapshot from before history version 11)."""
        rows = self.db.execute(
            "SELECT school, upn, surname, forename, dob FROM snapshot_pupils "
            "WHERE snapshot_id = ? AND (surname IS NOT NULL OR forename IS NOT NULL)",
            (snapshot_id,),
        ).fetchall()
        return {(s, u): (sn, fn, _date(b)) for s, u, sn, fn, b in rows}

    def snapshot_places(self, snapshot_id: int) -> dict[tuple[str, str], tuple[str | None, str | None]]:
        """(school, upn) -> (year group, registration group) of each pupil of a snapshot
        whose groups were kept (none in a snapshot from before history version 13)."""
        rows = self.db.execute(
            "SELECT school, upn, year_group, reg_group FROM snapshot_pupils "
            "WHERE snapshot_id = ? AND (year_group IS NOT NULL OR reg_group IS NOT NULL)",
            (snapshot_id,),
        ).fetchall()
        return {(s, u): (y, r) for s, u, y, r in rows}

    def snapshot_lates(self, snapshot_id: int) -> dict[tuple[str, str], tuple[int, str]]:
        """(school, upn) -> (lates in the half term, the codes counted late, "L,U") of each
        pupil of a snapshot whose lates were kept (none before history version 19)."""
        rows = self.db.execute(
            "SELECT school, upn, lates, late_codes FROM snapshot_pupils "
            "WHERE snapshot_id = ? AND lates IS NOT NULL AND late_codes IS NOT NULL",
            (snapshot_id,),
        ).fetchall()
        return {(s, u): (n, c) for s, u, n, c in rows}

    def snapshot_pn_windows(self, snapshot_id: int) -> dict[tuple[str, str], int]:
        """(school, upn) -> unauthorised sessions in the penalty-notice window as of the
        snapshot's date, of each pupil whose count was kept (none before history version
        22)."""
        rows = self.db.execute(
            "SELECT school, upn, pn_window FROM snapshot_pupils "
            "WHERE snapshot_id = ? AND pn_window IS NOT NULL",
            (snapshot_id,),
        ).fetchall()
        return {(s, u): n for s, u, n in rows}

    def snapshot_upns(self, snapshot_id: int) -> dict[str, str]:
        """UPN -> school of every pupil in a snapshot."""
        rows = self.db.execute(
            "SELECT upn, school FROM snapshot_pupils WHERE snapshot_id = ?", (snapshot_id,)
        ).fetchall()
        return dict(rows)

    # ------------------------------------------------------------------ LA returns

    def add_la_return(self, ret: LaReturnRecord, rows: Iterable[LaReturnRow]) -> int:
        """Record a return written to the LA and what it reported, in one transaction (all
        or nothing); returns its id.  ``ret.id`` is ignored."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO la_returns (label, period_start, as_of, base_id, digest, "
                "produced_on, file, sha256, exports, written_at, written_by, school) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ret.label,
                    ret.period_start.isoformat(),
                    ret.as_of.isoformat(),
                    ret.base_id,
                    ret.digest,
                    ret.produced_on.isoformat(),
                    ret.file,
                    ret.sha256,
                    ret.exports,
                    ret.written_at or _now(),
                    ret.written_by or current_user(),
                    ret.school,
                ),
            )
            rid = cur.lastrowid
            db.executemany(
                f"INSERT INTO la_return_rows (return_id, {_LA_ROW_COLS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        rid,
                        r.list,
                        r.school,
                        r.upn,
                        r.status,
                        int(r.open),
                        _iso(r.run_start),
                        _iso(r.run_end),
                        r.days,
                        r.sessions,
                        _iso(r.follows),
                        r.basis,
                        r.reason,
                        r.surname,
                        r.forename,
                        _iso(r.dob),
                        (_iso(r.left_on) or "") if r.left_kept else None,
                    )
                    for r in rows
                ],
            )
        assert rid is not None
        return rid

    def la_returns(self, school: str = "") -> list[LaReturnRecord]:
        """Every return recorded for ``school`` (a ``[schools.KEY]`` key; '' = the
        workspace's one school), by as-of date, then as recorded."""
        rows = self.db.execute(
            "SELECT id, label, period_start, as_of, base_id, digest, produced_on, file, sha256, "
            "exports, written_at, written_by, school FROM la_returns WHERE school = ? "
            "ORDER BY as_of, id",
            (school,),
        ).fetchall()
        return [
            LaReturnRecord(
                r[0],
                r[1],
                dt.date.fromisoformat(r[2]),
                dt.date.fromisoformat(r[3]),
                r[4],
                r[5],
                dt.date.fromisoformat(r[6]),
                *r[7:],
            )
            for r in rows
        ]

    def la_return_rows(self, return_id: int) -> list[LaReturnRow]:
        """What a return reported, in the order recorded."""
        rows = self.db.execute(
            f"SELECT {_LA_ROW_COLS} FROM la_return_rows WHERE return_id = ? ORDER BY rowid",
            (return_id,),
        ).fetchall()
        return [
            LaReturnRow(
                r[0], r[1], r[2], r[3], bool(r[4]), _date(r[5]), _date(r[6]), r[7], r[8],
                _date(r[9]), r[10], r[11], r[12], r[13], _date(r[14]),
                r[15] is not None, _date(r[15] or None),
            )  # fmt: skip
            for r in rows
        ]

    def merge_pupil(self, old: str, new: str, *, by: str = "") -> dict[str, int]:
        """Move everything on record under UPN ``old`` to ``new`` (a temporary UPN replaced
        by the permanent one), with an audit row.  Returns what moved, per kind."""
        old, new = typed_id(old), typed_id(new)
        if not old or not new:
            raise AttcliError("give the old UPN and the new one")
        if old == new:
            raise AttcliError(f"the old and new UPN are the same ({shown(old)})")
        by = by or current_user()
        with self.transaction() as db:
            moved = {
                "letters": db.execute(
                    "UPDATE letters SET upn = ? WHERE upn = ?", (new, old)
                ).rowcount,
                "penalty notices": db.execute(
                    "UPDATE penalty_notices SET upn = ? WHERE upn = ?", (new, old)
                ).rowcount,
                "covered sessions": db.execute(
                    "UPDATE notice_sessions SET upn = ? WHERE upn = ?", (new, old)
                ).rowcount,
                "casebook records": db.execute(
                    "UPDATE case_actions SET upn = ? WHERE upn = ?", (new, old)
                ).rowcount,
                "LA return rows": db.execute(
                    "UPDATE la_return_rows SET upn = ? WHERE upn = ?", (new, old)
                ).rowcount,
                # the runs' record (the check's changes and NEW, the N sessions of a run):
                # not where a run holds the new UPN as well (one child under both UPNs in
                # one run's exports: that run keeps both)
                "run snapshot rows": db.execute(
                    "UPDATE OR IGNORE snapshot_pupils SET upn = ? WHERE upn = ?", (new, old)
                ).rowcount,
            }
            # the penalty-notice packs made (version 18): named only when there are some
            # (a merge's line, as before, for a pupil with none)
            packs = db.execute(
                "UPDATE evidence_packs SET upn = ? WHERE upn = ?", (new, old)
            ).rowcount
            if packs:
                moved["penalty-notice packs"] = packs
            _move_spans(db, old, new)  # (those of the runs whose pupil row moved)
            if not any(moved.values()):
                raise AttcliError(f"nothing on record for UPN {shown(old)}: {self._merged_text(old)}")
            detail = f"{old} -> {new}: " + ", ".join(
                f"{n} {SAID_OF_KIND.get(k, k)}" for k, n in moved.items()
            )
            self._audit(by, "merge", f"pupil {new}", detail)
        return moved


    # ------------------------------------------------------------------ retention

    def rests_on(self, upn: str, today: dt.date, school: str | None = None) -> str | None:
        """Why the pupil's records must stay, or None: a penalty notice (not voided) that
        still counts toward the next one (DOMAIN.md 5: issued less than three years before
        ``today``), or a stage of the ladder the pupil is at in their school's newest run
        (an open case).  Said in words, for a refusal.  ``school``: a trust's school's key,
        whose records of the id alone are weighed (another school's child under the same
        id is another child); None: every school's."""
        why = []
        at, args = _at_school(school, "p.school")
        if counting := self._counting(upn, today, school=school):
            n = max(counting, key=lambda n: n.issued_on)
            why.append(
                f"a penalty notice to {n.parent} issued on {n.issued_on:%d/%m/%Y} counts "
                f"toward the next one until {n.counts_until:%d/%m/%Y}"
            )
        row = self.db.execute(
            "SELECT p.stage, s.as_of FROM snapshot_pupils p JOIN snapshots s "
            f"ON s.id = p.snapshot_id WHERE p.upn = ? AND p.stage IS NOT NULL AND s.id IN "
            f"({_NEWEST.format('snapshots')}){at} ORDER BY s.as_of DESC, s.id DESC",
            (upn, *args),
        ).fetchone()
        if row is not None:
            as_of = dt.date.fromisoformat(row[1])
            why.append(f"an open case: {row[0]} on the ladder in the last recorded check ({as_of:%d/%m/%Y})")
        return "; ".join(why) or None

    def _counting(
        self,
        upn: str,
        today: dt.date,
        before: dt.date | None = None,
        *,
        school: str | None = None,
    ) -> list[Notice]:
        """The pupil's notices (not voided) that still count toward the next on ``today``,
        of those issued before ``before`` when it is given (what a forgetting of an old
        year deletes), of those recorded at ``school`` when it is given (what a forgetting
        at one school deletes)."""
        return [
            n
            for n in self.notices(upn)
            if today < n.counts_until
            and (before is None or n.issued_on < before)
            and (school is None or n.school == school)
        ]

    def deleted_notice(
        self, upn: str, on_date: dt.date, school: str | None = None
    ) -> tuple[str, str, dt.date, str] | None:
        """A forgetting (:meth:`forget` with ``force``) that deleted a penalty notice about
        ``upn`` that still counts toward the next on ``on_date`` (DOMAIN.md 5): (when, by
        whom, the day it counted until, the trust's school it was at: '' for every
        school's), the latest such; or None.  The notice and its parent are gone: only the
        audit row knows one was there.

        ``school``: the trust's school of the child asked about (None: not known, every
        forgetting).  A forgetting at another school (``--school``) is of another child
        when the id is an MIS id (each school numbers its own pupils: "1003" at Ash and at
        Birch are two children), passed over; under a UPN it is the one child, who moved
        (a notice to their parent counts wherever they are), and said, naming the school."""
        forgettings = self._forgettings()
        if not forgettings:  # (nearly every history: asked of each pupil a check quotes)
            return None
        one_child = is_upn(upn)
        for a in reversed(forgettings):
            day = _counted_until(a.detail, upn)
            if day is None or not on_date < (until := dt.date.fromisoformat(day)):
                continue
            at = _forgotten_at(a)
            if school is not None and at not in ("", school) and not one_child:
                continue  # (another school's child under the same MIS id)
            return a.when(), a.by or "someone", until, at
        return None

    def notice_forgotten(
        self, upn: str, on_date: dt.date, school: str | None = None
    ) -> str | None:
        """:meth:`deleted_notice` said in a sentence, for a warning where a notice is
        decided (`pn next`, `pn record`, the pack, `pn list`); or None."""
        gone = self.deleted_notice(upn, on_date, school)
        if gone is None:
            return None
        return f"{upn}'s records were deleted on " + deleted_notice_text(gone)

    def forgotten_since(
        self, keys: Iterable[tuple[str | None, str]], since: dt.date | dt.datetime
    ) -> dict[tuple[str | None, str], str]:
        """:meth:`forgettings_since` said: "18/12/2026 by dpo" for each (school, UPN)."""
        return {
            k: f"{at:%d/%m/%Y} by {by}"
            for k, (at, by) in self.forgettings_since(keys, since).items()
        }

    def forgettings_since(
        self, keys: Iterable[tuple[str | None, str]], since: dt.date | dt.datetime
    ) -> dict[tuple[str | None, str], tuple[dt.datetime, str]]:
        """Of ``keys`` ((the trust's school the pupil is at, UPN)), those whose records a
        forgetting by UPN (:meth:`forget`) deleted on or after ``since`` (a day, or a
        moment: a run's or a return's time of recording), each with when and by whom, the
        latest: a pupil still on roll whose letters, runs and returns are no longer known
        (the next letter may repeat one; the next run and return show them new).  A
        pupil's forgettings are those of its school and of every school (a school of ''
        or None: every forgetting): another school's is another child under the same id."""
        schools_of: dict[str, list[str | None]] = {}
        for school, upn in keys:
            schools_of.setdefault(upn, []).append(school)
        found: dict[tuple[str | None, str], tuple[dt.datetime, str]] = {}
        for a in self._forgettings():
            try:
                at = dt.datetime.fromisoformat(a.at)
            except ValueError:
                continue
            if (at if isinstance(since, dt.datetime) else at.date()) < since:
                continue
            where = _forgotten_at(a)
            for part in a.subject.split(", "):
                upn = part.removeprefix("pupil ")
                if not part.startswith("pupil "):
                    continue
                for school in schools_of.get(upn, ()):
                    if not school or where in ("", school):
                        found[(school, upn)] = (at, a.by or "someone")
        return found

    def forgotten_before(self) -> dt.date | None:
        """The latest date an old year's forgetting (``attcli pupil forget --before DATE``)
        deleted the records before, or None: a letter dated before it is no longer on
        record because the school's retention removed it, not because the history is
        another's or an older copy (sweep slips6)."""
        days = []
        for a in self._forgettings():
            if a.subject.startswith("before "):
                try:
                    days.append(dt.date.fromisoformat(a.subject.removeprefix("before ")))
                except ValueError:
                    continue
        return max(days, default=None)

    def _this_year(self, upn: str, today: dt.date, school: str | None = None) -> str | None:
        """The pupil's last record dated in ``today``'s school year (a letter, a notice, a
        casebook record, a pack, an LA return's row), said, or None: a pupil who left this
        year is in no run, yet a CME referral and the LA's enquiries may rest on them.
        ``school``: of that school's records alone (None: every school's)."""
        from attcli.calendar import academic_year_start

        year = academic_year_start(today).isoformat()
        at = "" if school is None else " AND school = ?3"
        row = self.db.execute(
            "SELECT day, what FROM ("
            f"SELECT letter_date AS day, 'a letter' AS what FROM letters WHERE upn = ?1{at} "
            "UNION ALL SELECT issued_on, 'a penalty notice' FROM penalty_notices "
            f"WHERE upn = ?1 AND voided_at IS NULL{at} "
            "UNION ALL SELECT done_on, 'a casebook record (' || action || ')' FROM case_actions "
            f"WHERE upn = ?1 AND voided_at IS NULL{at} "
            "UNION ALL SELECT made_on, 'a penalty-notice pack' FROM evidence_packs "
            f"WHERE upn = ?1{at} "
            "UNION ALL SELECT r.as_of, 'an LA return' FROM la_return_rows w JOIN la_returns r "
            f"ON r.id = w.return_id WHERE w.upn = ?1{at.replace('school', 'w.school')}"
            ") WHERE day >= ?2 ORDER BY day DESC LIMIT 1",
            (upn, year) if school is None else (upn, year, school),
        ).fetchone()
        if row is None:
            return None
        return (
            f"records of this school year (the last: {row[1]} of "
            f"{dt.date.fromisoformat(row[0]):%d/%m/%Y}), which this year's steps rest on"
        )

    def _schools_of(self, upn: str) -> list[str]:
        """In a trust's history, the keys of the schools with records under ``upn`` (not
        the records of no school: a one-school workspace's, or from before they kept it)."""
        return sorted(
            k for (k,) in self.db.execute(
                " UNION ".join(f"SELECT school FROM {t} WHERE upn = ?" for _, t in _PUPIL_TABLES),
                (upn,) * len(_PUPIL_TABLES),
            ) if k
        )  # fmt: skip

    def _two_schools(self, upn: str) -> str | None:
        """In a trust's history, the schools whose records are under ``upn`` when there are
        two or more: an MIS id each school gives from 1 may be two children."""
        keys = self._schools_of(upn)
        if len(keys) < 2:
            return None
        return (
            f"on record at {len(keys)} schools ({', '.join(keys)}), perhaps {len(keys)} "
            "children (an id each school gives: --school KEY deletes one school's records)"
        )

    def forget(
        self,
        *,
        upns: Iterable[str] = (),
        before: dt.date | None = None,
        today: dt.date,
        force: bool = False,
        dry_run: bool = False,
        by: str = "",
        school: str | None = None,
    ) -> Forgetting:
        """Delete pupils' records (``upns``: every row of theirs, in every table), or an old
        year's (``before``: every letter, notice, pack and casebook record dated before it,
        every run and LA return as of a date before it but each school's newest, and the
        audit rows written before it), in one transaction with an audit row (who, when, the
        UPNs or the date, how many rows: no name), which a later forgetting keeps (the
        record that an erasure was done).  Deleted rows are overwritten in the
        file (SQLite's ``secure_delete``), not left readable in its free pages.

        Refused: a pupil whose records a notice that still counts or an open case rests on
        (:meth:`rests_on`), unless ``force``; for ``before``, such pupils' records are
        kept (:attr:`Forgetting.kept`) unless ``force``, and a date after the start of
        ``today``'s school year is refused (this year's letters and runs decide the next
        letter and stage).  ``dry_run``: the same, then rolled back.

        ``school``: a trust's school's key (``--school``): only the records of the UPNs at
        that school go, in every table, and the audit rows of its notices and casebook
        records; what rests on them is weighed for that school alone (an MIS id each school
        gives from 1 may be two children).  The id's records of no school (from before the
        history kept each school's) stay, said (:attr:`Forgetting.left`).  Not with
        ``before``: an old year's forgetting is the trust's retention, every school's."""
        from attcli.calendar import academic_year_start

        if school is not None and before is not None:
            raise AttcliError(
                f"--school {school} with --before {before:%d/%m/%Y}: an old year's records are "
                "forgotten at every school of the trust at once (its one retention schedule); "
                "give --before without --school, or pupils' UPNs with --school"
            )
        at, at_args = _at_school(school)
        known = {  # (an MIS id typed without its leading zeros is the one on record)
            k for (k,) in self.db.execute(
                " UNION ".join(f"SELECT upn FROM {t} WHERE 1{at}" for _, t in _PUPIL_TABLES),
                at_args * len(_PUPIL_TABLES),
            )
        }  # fmt: skip
        where = "the history" if school is None else f"the history's records at {school}"
        wanted = list(dict.fromkeys(match_typed_id(u, known, where=where) for u in upns))
        if wanted and before is not None:
            raise AttcliError("give either the pupils' UPNs or --before DATE, not both")
        if not wanted and before is None:
            raise AttcliError("give the pupils' UPNs, or --before DATE for an old year's records")
        if any(not u for u in wanted):
            raise AttcliError("give each pupil's UPN (a UPN is empty)")
        year = academic_year_start(today)
        if before is not None and before > year:
            raise AttcliError(
                f"--before {before:%d/%m/%Y} is after the start of this school year "
                f"({year:%d/%m/%Y}): this year's letters and runs decide the next letter and "
                f"stage; give {year:%Y-%m-%d} or earlier, or forget a pupil by their UPN"
            )
        by = by or current_user()
        counts: dict[str, int] = {}
        kept: dict[str, str] = {}
        merged: dict[str, str] = {}
        groups = {u: [u] for u in wanted}
        for u in wanted:  # (a child under two UPNs a merge joined: forgotten under both)
            for other, said in self._merged_with(u).items():
                if other not in merged and other not in groups:
                    groups[u].append(other)
                    merged[other] = said
        wanted = [u for g in groups.values() for u in g]
        left: dict[str, str] = {}
        letters_this_year: dict[str, int] = {}
        if before is None:
            held = {u: w for u in wanted if (w := self.rests_on(u, today, school))}
            for u in wanted:
                two = self._two_schools(u) if school is None else None
                for w in (two, self._this_year(u, today, school)):
                    if w is not None:
                        held[u] = f"{held[u]}; {w}" if u in held else w
            if held and not force:
                said = "; ".join(f"{u}: {w}" for u, w in held.items())
                raise AttcliError(
                    f"not deleted: {said}; give --force to delete their records anyway"
                )
            gone_upns = wanted
            if school is not None:
                left = {u: w for u in wanted if (w := self._of_no_school(u))}
            for u in wanted:
                (n,) = self.db.execute(
                    f"SELECT count(*) FROM letters WHERE upn = ? AND letter_date >= ?{at}",
                    (u, academic_year_start(today).isoformat(), *at_args),
                ).fetchone()
                if n:
                    letters_this_year[u] = n
        else:
            everyone = {  # (those with a record the date would delete)
                u for (u,) in self.db.execute(
                    "SELECT upn FROM letters WHERE letter_date < ?1 UNION SELECT upn FROM "
                    "penalty_notices WHERE issued_on < ?1 UNION SELECT upn FROM case_actions "
                    "WHERE done_on < ?1 UNION SELECT upn FROM evidence_packs WHERE made_on < ?1",
                    (before.isoformat(),),
                )
            }  # fmt: skip
            held = {u: w for u in sorted(everyone) if (w := self.rests_on(u, today))}
            if not force:
                kept, held = held, {}
            gone_upns = sorted(everyone)
        # (a notice that still counts, deleted with --force: the audit row keeps the UPN
        # and the day it counted until, no name, so that `pn next` can say a "first" may
        # be a second: :meth:`notice_forgotten`)
        counting = {
            u: max(n.counts_until for n in ns)
            for u in gone_upns
            if (ns := self._counting(u, today, before, school=school))
        } if force else {}  # fmt: skip
        if not dry_run:
            self.db.execute("PRAGMA secure_delete = ON")
        try:
            with self.transaction() as db:
                if before is None:
                    self._forget_pupils(db, list(groups.values()), counts, school)
                    subject = ", ".join(f"pupil {u}" for u in wanted)
                    what = "their records" + ("" if school is None else f" at {school}")
                else:
                    self._forget_before(db, before, set(kept), counts)
                    subject, what = f"before {before.isoformat()}", "records dated before it"
                rows = sum(counts.values())
                detail = f"{what}: {rows} rows"
                if counting:
                    detail += "; with --force, penalty notices that still counted: " + ", ".join(
                        f"{u} {_COUNTED_UNTIL} {d.isoformat()}" for u, d in counting.items()
                    )
                self._audit(by, "forget", subject, detail)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return Forgetting(
            {k: n for k, n in counts.items() if n}, kept, merged, list(groups), held, left,
            letters_this_year,
        )

    def _of_no_school(self, upn: str) -> str | None:
        """The pupil's records of no school in a trust's history, said, or None: from before
        the history kept each school's (a penalty notice before version 20), they may be
        any school's child's under the id, so a forgetting at one school leaves them."""
        n = sum(
            self.db.execute(f"SELECT count(*) FROM {t} WHERE upn = ? AND school = ''", (upn,))
            .fetchone()[0]
            for _, t in _PUPIL_TABLES
        )
        if not n:
            return None
        return (
            f"{n} {'record' if n == 1 else 'records'} of no school (kept before the history "
            "kept each school's), which may be another school's child's: forget the id "
            "without --school to delete them too"
        )

    def _merged_with(self, upn: str) -> dict[str, str]:
        """The other UPNs ``attcli pupil merge`` joined ``upn`` to (either way, and on
        through later merges: one child), each with the merge said ("merged into X on
        DATE"), from the audit trail's merge rows."""
        merges = self._merges()
        found: dict[str, str] = {}
        todo, seen = [upn], {upn}
        while todo:
            now = todo.pop()
            for old, new, row in merges:
                if now not in (old, new):
                    continue
                other = new if now == old else old
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
                    found[other] = f"{old} merged into {new} on {row.when()}"
        return found

    def _merges(self) -> list[tuple[str, str, AuditRow]]:
        """Each ``attcli pupil merge`` on record, oldest first: the old UPN, the new, and
        its audit row (its detail "OLD -> NEW: ...")."""
        return [
            (old, rest.split(":", 1)[0], a)
            for a in self.audit(action="merge")
            if " -> " in a.detail
            for old, rest in [a.detail.split(" -> ", 1)]
        ]

    def _forget_pupils(
        self,
        db: sqlite3.Connection,
        groups: list[list[str]],
        counts: dict[str, int],
        school: str | None = None,
    ) -> None:
        at, at_args = _at_school(school)

        def gone(kind: str, sql: str, upn: str) -> None:
            counts[kind] = counts.get(kind, 0) + db.execute(sql, (upn, *at_args)).rowcount

        for group in groups:  # (a UPN as typed, and those a merge joined to it)
            had = sum(counts.values())
            for upn in group:
                # (at one school: the audit rows of its notices and casebook records alone,
                # by their ids; a merge's row names both schools' children under the id)
                theirs = {
                    f"{what} {i}" for what, t in (("notice", "penalty_notices"),
                                                  ("case record", "case_actions"))
                    for (i,) in db.execute(f"SELECT id FROM {t} WHERE upn = ?{at}", (upn, *at_args))
                }  # fmt: skip
                gone(
                    "covered sessions",
                    "DELETE FROM notice_sessions WHERE notice_id IN "
                    f"(SELECT id FROM penalty_notices WHERE upn = ?{at})",
                    upn,
                )
                for kind, table in _PUPIL_TABLES:
                    if table == "snapshot_n_spans":  # (counted as the runs' rows they stand for)
                        counts[kind] = counts.get(kind, 0) + _span_rows(db, upn, school)
                        db.execute(f"DELETE FROM {table} WHERE upn = ?{at}", (upn, *at_args))
                    else:
                        gone(kind, f"DELETE FROM {table} WHERE upn = ?{at}", upn)
                named = re.compile(rf"(?<![0-9A-Za-z]){re.escape(upn)}(?![0-9A-Za-z])")
                ids = [
                    (i,)  # (not the record of an earlier forgetting: it names no one else)
                    for i, s, d in db.execute(
                        "SELECT id, subject, detail FROM audit WHERE action != 'forget'"
                    )
                    if (named.search(s) or named.search(d))
                    and (school is None or s in theirs)
                ]  # fmt: skip
                db.executemany("DELETE FROM audit WHERE id = ?", ids)
                counts["audit rows"] = counts.get("audit rows", 0) + len(ids)
            if sum(counts.values()) == had:  # (a UPN mistyped: nothing deleted, said)
                done = self.forgotten_since([(school, group[0])], dt.date.min).get(
                    (school, group[0])
                )
                at = "" if school is None else f" at {school}"
                elsewhere = [k for k in self._schools_of(group[0]) if k != school]
                if done is None and school is not None and elsewhere:
                    raise AttcliError(
                        f"nothing on record for UPN {shown(group[0])}{at}: it is on record at "
                        f"{', '.join(elsewhere)} (give --school {elsewhere[0]})"
                    )
                raise AttcliError(
                    f"nothing on record for UPN {shown(group[0])}{at}: "
                    + (f"its records were deleted already, on {done}" if done else "check the UPN")
                )

    def _forget_before(
        self, db: sqlite3.Connection, before: dt.date, kept: set[str], counts: dict[str, int]
    ) -> None:
        day = before.isoformat()
        db.execute("CREATE TEMP TABLE IF NOT EXISTS kept_upns (upn TEXT PRIMARY KEY)")
        db.execute("DELETE FROM temp.kept_upns")
        db.executemany("INSERT INTO temp.kept_upns VALUES (?)", [(u,) for u in kept])
        spare = "upn NOT IN (SELECT upn FROM temp.kept_upns)"
        newest = f"id NOT IN ({_NEWEST})"

        def gone(kind: str, sql: str) -> None:
            counts[kind] = counts.get(kind, 0) + db.execute(sql, (day,)).rowcount

        gone(
            "covered sessions",
            "DELETE FROM notice_sessions WHERE notice_id IN (SELECT id FROM penalty_notices "
            f"WHERE issued_on < ? AND {spare})",
        )
        for kind, table, column in (
            ("letters", "letters", "letter_date"),
            ("penalty notices", "penalty_notices", "issued_on"),
            ("casebook records", "case_actions", "done_on"),
            ("penalty-notice packs", "evidence_packs", "made_on"),
        ):
            gone(kind, f"DELETE FROM {table} WHERE {column} < ? AND {spare}")
        runs = f"SELECT id FROM snapshots WHERE as_of < ? AND {newest.format('snapshots')}"
        gone("run snapshot rows", f"DELETE FROM snapshot_pupils WHERE snapshot_id IN ({runs})")
        gone("runs", f"DELETE FROM snapshots WHERE id IN ({runs})")
        db.execute(  # (the N sessions of the runs gone: a span holding no run left)
            "DELETE FROM snapshot_n_spans WHERE last_id IS NOT NULL AND NOT EXISTS ("
            "SELECT 1 FROM snapshots s WHERE s.school = run_school "
            "AND s.id BETWEEN first_id AND last_id)"
        )
        returns = f"SELECT id FROM la_returns WHERE as_of < ? AND {newest.format('la_returns')}"
        gone("LA return rows", f"DELETE FROM la_return_rows WHERE return_id IN ({returns})")
        db.execute(
            f"UPDATE la_returns SET base_id = NULL WHERE base_id IN ({returns})", (day,)
        )
        gone("LA returns", f"DELETE FROM la_returns WHERE id IN ({returns})")
        gone("audit rows", "DELETE FROM audit WHERE at < ? AND action != 'forget'")

    def _merged_text(self, old: str) -> str:
        """Why ``old`` has nothing on record: merged into another UPN already (a merge run
        again by a second officer, or after a Ctrl-C just after it was done), said with
        when, by whom and whose the records are now; else nothing to merge."""
        merges = {o: (n, a) for o, n, a in self._merges()}
        if old not in merges:
            return "nothing to merge"
        into, done = merges[old]
        now, seen = into, {old}
        while now in merges and now not in seen:  # (merged on since: whose they are now)
            seen.add(now)
            now = merges[now][0]
        return (
            f"it was merged into {into} on {done.when('%d/%m/%Y %H:%M')} by {done.by or 'someone'} "
            f"(attcli pupil merge), so its records are {now}'s"
        )


#: Each school's newest runs (``snapshots``) or LA returns (``la_returns``): the one
#: recorded last, which `case record` checks against, and the one of the latest date, which
#: the next run and return compare with (a run re-made as of an earlier date is recorded
#: last but is not the newest).  An open case is one on the ladder in either; an old year's
#: forgetting keeps both.
_NEWEST = (
    "SELECT MAX(id) FROM {0} GROUP BY school UNION SELECT (SELECT b.id FROM {0} b WHERE "
    "b.school = a.school ORDER BY b.as_of DESC, b.id DESC LIMIT 1) FROM {0} a GROUP BY a.school"
)

#: In a forgetting's audit row: "UPN counted until YYYY-MM-DD", a notice deleted with --force.
_COUNTED_UNTIL = "counted until"
_UNTIL_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_ID_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _counted_until(detail: str, upn: str) -> str | None:
    """The day (ISO) a forgetting's audit ``detail`` says ``upn``'s deleted notice counted
    until ("1003 counted until 2028-06-01", :meth:`History.forget`), the first said; or
    None.  The id is matched whole (11003's notice is not 1003's).  Found by searching for
    the words, not by a pattern made for each id (a check asks of every pupil it quotes a
    next notice for: a pattern compiled each time cost 0.1 s at 20,000 pupils, issue 15)."""
    said = f"{upn} {_COUNTED_UNTIL} "
    at = detail.find(said)
    while at >= 0:
        if at == 0 or detail[at - 1] not in _ID_CHARS:
            if (day := _UNTIL_DAY.match(detail, at + len(said))) is not None:
                return day[0]
        at = detail.find(said, at + 1)
    return None

#: A forgetting's audit row at one of a trust's schools (``--school``): its detail begins
#: "their records at KEY: "
_AT_SCHOOL = re.compile(r"their records at (\S+): ")


def _forgotten_at(row: AuditRow) -> str:
    """The trust's school a forgetting's audit row was at (``--school``), '' for every
    school's (a forgetting with no school, or of an old year)."""
    hit = _AT_SCHOOL.match(row.detail)
    return hit[1] if hit else ""


def deleted_notice_text(gone: tuple[str, str, dt.date, str]) -> str:
    """The words after "deleted on" for :meth:`History.deleted_notice`'s answer: when and
    by whom, with --force (at which of a trust's schools), a notice that counted toward the
    next until when, and what that does to the notice quoted."""
    when, by, until, at = gone
    how = f"attcli pupil forget --school {at}" if at else "attcli pupil forget"
    return (
        f"{when} by {by} with --force ({how}), a penalty notice among them that "
        f"counted toward the next until {until:%d/%m/%Y}: if it was to this parent, it counts "
        "and the notice is one later than said (the local authority holds the notices issued)"
    )

#: The words a person reads for a kind of row :meth:`History.forget` and
#: :meth:`History.merge_pupil` count whose key is the history's own (kept as keys: a
#: check kept by `cases` or `check --record` is a "recorded check" wherever the office
#: reads of it, sweep looks17).
SAID_OF_KIND = {
    "run snapshot rows": "recorded check rows",
    "run N sessions": "recorded check N sessions",
    "runs": "recorded checks",
}

#: The tables with a row per pupil, by what :meth:`History.forget` calls their rows.
_PUPIL_TABLES = (
    ("letters", "letters"),
    ("penalty notices", "penalty_notices"),
    ("casebook records", "case_actions"),
    ("penalty-notice packs", "evidence_packs"),
    ("run snapshot rows", "snapshot_pupils"),
    ("run N sessions", "snapshot_n_spans"),  # (a span counted as the runs it holds)
    ("LA return rows", "la_return_rows"),
)

#: The N sessions (school, upn, date, session) of the spans of ``snapshot_n_spans`` that
#: hold a run: its school and id, its school and id twice.  Open spans and closed ones
#: apart, each a search of the index by school and last run (an OR of the two read every
#: span of the school: the newest run's are its open spans alone).
_IN_RUN = (
    "SELECT school, upn, date, session FROM snapshot_n_spans "
    "WHERE run_school = ? AND last_id IS NULL AND first_id <= ? UNION ALL "
    "SELECT school, upn, date, session FROM snapshot_n_spans "
    "WHERE run_school = ? AND last_id >= ? AND first_id <= ?"
)


def _extend_spans(
    db: sqlite3.Connection, sid: int, school: str, keys: set[tuple[str, str, str, str]]
) -> None:
    """Record that run ``sid`` of ``school`` holds the N sessions ``keys`` ((school, upn,
    date, session)): a span open to the run before that holds one stays open (to this
    run), one that no longer holds it is closed at the run before, and each key no open
    span holds opens a span here.  The rows written are the changes since the run before,
    not every N session still N (history version 21)."""
    before = db.execute(
        "SELECT MAX(id) FROM snapshots WHERE school = ? AND id < ?", (school, sid)
    ).fetchone()[0]
    held: set[tuple[str, str, str, str]] = set()
    ended: list[tuple[int]] = []
    for span, *key in db.execute(
        "SELECT id, school, upn, date, session FROM snapshot_n_spans "
        "WHERE run_school = ? AND last_id IS NULL",
        (school,),
    ).fetchall():
        if tuple(key) in keys:
            held.add(tuple(key))  # type: ignore[arg-type]
        else:
            ended.append((span,))
    if before is None:  # (no run before: a span open to none holds no run)
        db.executemany("DELETE FROM snapshot_n_spans WHERE id = ?", ended)
    else:
        db.executemany(
            "UPDATE snapshot_n_spans SET last_id = ? WHERE id = ?", [(before, *e) for e in ended]
        )
    db.executemany(
        "INSERT INTO snapshot_n_spans (run_school, school, upn, date, session, first_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(school, *key, sid) for key in sorted(keys - held)],
    )


def _runs_of(db: sqlite3.Connection, school: str, first: int, last: int | None) -> list[int]:
    """The runs of ``school`` a span from ``first`` to ``last`` (None: the newest) holds."""
    return [
        r
        for (r,) in db.execute(
            "SELECT id FROM snapshots WHERE school = ? AND id >= ? AND (? IS NULL OR id <= ?) "
            "ORDER BY id",
            (school, first, last, last),
        )
    ]


def _span_rows(db: sqlite3.Connection, upn: str, school: str | None = None) -> int:
    """The N sessions of runs the pupil's spans stand for (a row each run, as before
    history version 21); ``school``: the pupil's at that school alone."""
    at, at_args = _at_school(school)
    return sum(
        len(_runs_of(db, run_school, first, last))
        for run_school, first, last in db.execute(
            f"SELECT run_school, first_id, last_id FROM snapshot_n_spans WHERE upn = ?{at}",
            (upn, *at_args),
        ).fetchall()
    )


def _at_school(school: str | None, column: str = "school") -> tuple[str, tuple[str, ...]]:
    """The SQL that keeps a pupil table's rows to one school (`` AND school = ?``) and its
    parameter, for a forgetting at a trust's school (``--school``); None: every school's."""
    return ("", ()) if school is None else (f" AND {column} = ?", (school,))


def _move_spans(db: sqlite3.Connection, old: str, new: str) -> None:
    """``pupil merge``: the N sessions of ``old`` moved to ``new`` in the runs whose pupil
    row moved (not in a run that held both UPNs, whose row of ``old`` stayed), and not
    where the run holds the same session of ``new`` already.  A span is cut where that
    changes: its runs that move and those that stay each a span of their own."""
    stays = {
        r for (r,) in db.execute("SELECT snapshot_id FROM snapshot_pupils WHERE upn = ?", (old,))
    }
    spans = db.execute(
        "SELECT id, run_school, school, date, session, first_id, last_id FROM snapshot_n_spans "
        "WHERE upn = ? ORDER BY id",
        (old,),
    ).fetchall()
    for span, run_school, school, day, session, first, last in spans:
        runs = _runs_of(db, run_school, first, last)
        has_new = {
            r
            for f, la in db.execute(
                "SELECT first_id, last_id FROM snapshot_n_spans WHERE run_school = ? AND "
                "school = ? AND upn = ? AND date = ? AND session = ?",
                (run_school, school, new, day, session),
            ).fetchall()
            for r in _runs_of(db, run_school, f, la)
        }
        moves = [r not in stays and r not in has_new for r in runs]
        if not any(moves):
            continue
        db.execute("DELETE FROM snapshot_n_spans WHERE id = ?", (span,))
        pieces: list[tuple[bool, int, int | None]] = []
        for r, move in zip(runs, moves, strict=True):
            if pieces and pieces[-1][0] == move:
                pieces[-1] = (move, pieces[-1][1], r)
            else:
                pieces.append((move, r, r))
        if last is None:  # (open to the newest run: its last piece stays open)
            pieces[-1] = (pieces[-1][0], pieces[-1][1], None)
        db.executemany(
            "INSERT INTO snapshot_n_spans (run_school, school, upn, date, session, first_id, "
            "last_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(run_school, school, new if move else old, day, session, f, la)
             for move, f, la in pieces],
        )  # fmt: skip

_COLUMNS: dict[str, set[str]] = {}


def _columns() -> dict[str, set[str]]:
    """Each table's columns in a store at :data:`SCHEMA_VERSION` (made once, in memory)."""
    if not _COLUMNS:
        db = sqlite3.connect(":memory:")
        try:
            _migrate_from(db, 0)
            for table in sorted(TABLES):
                _COLUMNS[table] = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        finally:
            db.close()
    return _COLUMNS


def _migrate_from(db: sqlite3.Connection, found: int) -> None:
    """Run the migration steps after version ``found`` and record the schema version, in
    the caller's transaction (a new store: from 0)."""
    for step, table, column, kind in AMENDED_STEPS:
        if step <= found and column not in {
            r[1] for r in db.execute(f"PRAGMA table_info({table})")
        }:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    for step in range(found + 1, SCHEMA_VERSION + 1):
        for statement in _statements(MIGRATIONS[step]):
            db.execute(statement)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))


def _statements(script: str) -> list[str]:
    """A migration script's statements (none of them holds a ';' inside)."""
    return [s.strip() for s in script.split(";") if s.strip()]


NEXT_FIRST = "first"
NEXT_SECOND = "second"
NEXT_NONE = "none: alternative action"


def recent_notices(
    store: History,
    upn: str,
    parent_key: str,
    on_date: dt.date,
    *,
    every: bool = False,
    school: str = "",
) -> list[Notice]:
    """The notices to the parent about the pupil that count on ``on_date``: issued on or
    before it and less than three years before it, not voided; oldest first.  ``every``:
    those issued after ``on_date`` count too (a run as of the register's last day, made
    after it: a notice issued since exists, as its sessions are covered; docs/decisions.md,
    "A notice issued after the as-of date did not exist then").  ``school``: the trust's
    school whose child and parent are asked about (:meth:`History.notices`): another
    school's pupil and contact under the same ids are two other people."""
    return [
        n
        for n in store.notices(upn, parent_key, school=school)
        if (every or n.issued_on <= on_date) and on_date < n.counts_until
    ]


def next_notice(
    store: History,
    upn: str,
    parent_key: str,
    on_date: dt.date,
    *,
    every: bool = False,
    school: str = "",
) -> str:
    """What the next penalty notice to the parent (by key) about ``upn`` on ``on_date``
    would be.

    DOMAIN.md 5: at most two notices to the same parent for the same pupil within three
    years.  The notices counted are those issued in the three years up to ``on_date``
    (a notice issued exactly three years earlier no longer counts): none -> ``"first"``
    (GBP 80 within 21 days, 160 within 28), one -> ``"second"`` (GBP 160), two or more ->
    ``"none: alternative action"``.  ``every``: notices issued after ``on_date`` count
    too (:func:`recent_notices`); ``school``: a trust's school's (:func:`recent_notices`).
    """
    return next_kind(
        len(recent_notices(store, upn, parent_key, on_date, every=every, school=school))
    )


def before_framework_text(n: Notice) -> str:
    """Why a notice issued before the national framework began does not count toward the
    next (:attr:`Notice.before_framework`): the one wording of the evidence pack and
    ``pn record``."""
    return (
        f"The notice of {n.issued_on:%d/%m/%Y} to {n.parent} was issued before the national "
        f"framework began ({PN_FRAMEWORK_START:%d/%m/%Y}): it does not count toward the two "
        "notices allowed in 3 years."
    )


def before_framework_note(n: Notice) -> str | None:
    """The words beside a notice listed (`pn list`, `pupil`) when it was issued before the
    national framework began (:attr:`Notice.before_framework`), else None: listed among
    the parent's notices, it is on record, but counts toward no limit (sweep rules4)."""
    if not n.before_framework:
        return None
    return (
        f"issued before the national framework began ({PN_FRAMEWORK_START:%d/%m/%Y}): "
        "counts toward no limit"
    )


def next_kind(counting: int) -> str:
    """The next notice after ``counting`` notices to a parent about a pupil in the three
    years up to a date (:func:`next_notice`)."""
    if not counting:
        return NEXT_FIRST
    if counting == 1:
        return NEXT_SECOND
    return NEXT_NONE


#: what is said instead of the next notice for a pupil not of compulsory school age
NEXT_NOT_OF_AGE = "not of compulsory school age: no penalty notice"


def notice_quoted_for(compulsory_school_age: bool | None) -> bool:
    """Whether a next notice (and its fine) may be quoted for a pupil of this compulsory
    school age on the date (:func:`quoted_notice`): not when known not to be of it."""
    return compulsory_school_age is not False


def quoted_notice(kind: str, compulsory_school_age: bool | None) -> str:
    """The next notice as it may be shown for a pupil (``kind``: :func:`next_notice`'s
    answer), given whether they are of compulsory school age on the date it is worked
    out for: DOMAIN.md 5, "a pupil who is not of compulsory school age is never quoted a
    next notice or a fine", so False gives :data:`NEXT_NOT_OF_AGE`.  None (no date of
    birth) keeps ``kind``: the age is not known, and every place that shows it says so.
    The one rule for the pupil record, the evidence pack, check and the letters."""
    return kind if notice_quoted_for(compulsory_school_age) else NEXT_NOT_OF_AGE


#: what is quoted, instead of a first notice and its fine, for a looked-after pupil
NEXT_LOOKED_AFTER = "none quoted: looked after"


def looked_after_quote(kind: str, looked_after: bool, on_record: bool) -> str:
    """The next notice as quoted for a pupil who may be looked after (``looked_after``: the
    register's Looked After column or a council among the contacts says so; ``on_record``:
    some notice about the pupil is on record, not voided): none, and no fine, for a
    looked-after pupil with no notice on record (:data:`NEXT_LOOKED_AFTER`), for a notice to
    a carer is the local authority's to decide with the social worker and the Virtual
    School Head, and a council cannot be fined; ``kind`` otherwise (a notice the local
    authority has issued to a carer is followed as any other).  The one rule for the check
    and the evidence pack, which quoted "the first notice ...: £80" for a child the check
    quoted none for (sweep blind2)."""
    return NEXT_LOOKED_AFTER if looked_after and not on_record else kind


#: said beside a next notice worked out with no date of birth on record (``pn next``, ``pn list``)
AGE_NOT_CHECKED = "compulsory school age not checked: no date of birth on record"


def with_age_said(text: str, compulsory_school_age: bool | None) -> str:
    """A next notice as shown (``text``: :func:`quoted_notice`'s answer, with its amount
    or a parent's name as the place words it), and, where no date of birth is known
    (None), :data:`AGE_NOT_CHECKED` beside it: DOMAIN.md 5, "where no date of birth is
    known, say so; don't assume".  The one wording for ``pn next``, ``pn list``, the
    pupil record and check's ``pn_next_notice`` (docs/decisions.md, sweep nodob)."""
    return text if compulsory_school_age is not None else f"{text}; {AGE_NOT_CHECKED}"


#: what a notice costs a parent (DOMAIN.md 5), by :func:`next_notice`'s kind
NOTICE_AMOUNTS = {"first": "GBP 80 if paid within 21 days, 160 within 28", "second": "GBP 160"}


def next_notice_text(kind: str, compulsory_school_age: bool | None = True) -> str:
    """A next notice as shown, with its amount ("second (GBP 160)"; "none: alternative
    action" as it is), and :data:`AGE_NOT_CHECKED` beside it with no date of birth
    (:func:`with_age_said`): the one wording of ``pn list``, ``pn next``, ``pn record``
    and the pupil record, which said "second" where ``pn list`` said "second (GBP 160)"
    (sweep leftovers9)."""
    text = f"{kind} ({NOTICE_AMOUNTS[kind]})" if kind in NOTICE_AMOUNTS else kind
    return with_age_said(text, compulsory_school_age)


def notice_fields(
    kind: str | None, compulsory_school_age: bool | None, key: str, prefix: str
) -> dict[str, str | None]:
    """A next notice as a JSON document gives it, under ``key`` (``pn list``'s
    ``next_notice_today``, the pack's ``this_notice``): :func:`quoted_notice`'s value, but
    null for a pupil whose age is not known (no date of birth), with ``<prefix>_reason``
    saying so (:data:`AGE_NOT_CHECKED`) and ``<prefix>_if_of_age`` the notice the records
    make it if the pupil is of compulsory school age: a script comparing the value with
    "second" must not take a notice as one that may be given (DOMAIN.md 5: "where no date
    of birth is known, say so; don't assume").  Both null otherwise (and with no notice,
    ``kind`` None: a void notice's, or a pack of another kind)."""
    if kind is not None and compulsory_school_age is None:
        return {key: None, f"{prefix}_if_of_age": kind, f"{prefix}_reason": AGE_NOT_CHECKED}
    shown = None if kind is None else quoted_notice(kind, compulsory_school_age)
    return {key: shown, f"{prefix}_if_of_age": None, f"{prefix}_reason": None}


def quoted_notice_on(kind: str, dob: dt.date | None, on: dt.date) -> tuple[str, bool | None]:
    """:func:`quoted_notice` for a pupil born ``dob`` (None: not known) on ``on``, and
    whether they are of compulsory school age then (None: not known, the caller says
    :data:`AGE_NOT_CHECKED`): for ``pn next`` and ``pn list``, which read no register."""
    from attcli.calendar import of_compulsory_school_age

    csa = of_compulsory_school_age(dob, on)
    return quoted_notice(kind, csa), csa
