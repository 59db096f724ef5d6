"""``attcli case record``, ``void`` and ``list``: what staff did, kept in the history store.

A record names a pupil, a stage of the ladder and the day it was done.  It is checked
before anything is written: the UPN against the pupils of the latest ``attcli cases``
run (its snapshot), the action against the ladder, the date against today.  Records are
never deleted: a mistaken one is voided, with who and why (seed 000's register-amendment
rule: original, amended, reason, date, person).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from attcli import clock as _clock
from attcli.calendar import parse_date
from attcli.config import Config, Ladder
from attcli.errors import AttcliError, InputError, missing_file_hint, refuse_device, shown
from attcli.store import CaseAction, History, RecordedTwice, history_path, no_second_history

#: the columns of a bulk file (``case record --from FILE``); note and outcome may be empty
BULK_COLUMNS = ("upn", "action", "date", "note", "outcome")


@dataclass(frozen=True)
class Entry:
    upn: str
    action: str
    date: dt.date
    note: str = ""
    outcome: str = ""
    #: the line of a bulk file it was read from (0: typed on the command line)
    line: int = 0


def read_bulk(path: Path) -> list[Entry]:
    """A week's records from a CSV (``upn,action,date,note,outcome``, one header row)."""
    # the file as every error names one: a line break or an escape in its name shown
    where = shown(path)
    if path.is_dir():  # (was "attcli failed unexpectedly (IsADirectoryError)")
        raise InputError(
            "this is a folder, not a file", file=path,
            hint="give the CSV of records (upn,action,date,note,outcome) inside it",
        )  # fmt: skip
    refuse_device(path, "save the CSV of records (upn,action,date,note,outcome) to a file and give that")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", file=path, hint=missing_file_hint(path)) from None
    except PermissionError:
        raise InputError(
            "cannot be read: you may not open it", file=path,
            hint="save it where you can read it, or ask for its permissions to be changed",
        ) from None
    except UnicodeDecodeError:
        raise AttcliError(f"{where}: not UTF-8 text (save it from Excel as CSV UTF-8)") from None
    from attcli.loaders._source import separator_line, separator_name

    # Excel's first line sep=; names the file's separator (a spreadsheet where the list
    # separator is ';'): read with it, the line numbers still the file's own
    sep = separator_line(text.split("\n", 1)[0].encode("utf-8"), str(path))
    skip = 0 if sep is None else 1
    if sep is not None:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    sep = sep or ","
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = [h.strip().lower() for h in next(reader, [])]
    if len(header) == 1 and sep == ",":
        other = next((o for o in (";", "\t") if header[0].count(o) >= 2), None)
        if other is not None:  # (as the exports' readers say it: no separator guessed)
            raise AttcliError(
                f"{where}, line 1: the cells are separated by {separator_name(other)}, not "
                "commas: save it as CSV with commas, or (in Notepad) add a first line "
                + ("sep=; " if other == ";" else "of sep= and a tab ")
                + "to name the separator, which attcli then reads"
            )
    missing = [c for c in BULK_COLUMNS[:3] if c not in header]
    if missing:
        raise AttcliError(
            f"{where}, line {1 + skip}: no {', '.join(missing)} column; the columns are "
            + ",".join(BULK_COLUMNS)
        )
    extra = [h for h in header if h not in BULK_COLUMNS]
    if extra:
        raise AttcliError(
            f"{where}, line {1 + skip}: unknown column {extra[0]!r}; the columns are "
            + ",".join(BULK_COLUMNS)
        )
    at = {c: header.index(c) for c in BULK_COLUMNS if c in header}
    rows = list(enumerate(reader, start=2 + skip))
    out = []
    for n, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise AttcliError(f"{where}, line {n}: {len(cells)} cells, the header has {len(header)}")

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[at[name]].strip() if name in at else ""

        try:
            day = parse_date(f"{where}, line {n}, date", cell("date"))
        except AttcliError as exc:
            raise AttcliError(f"{exc}{_month_first(cell('date'), rows, at)}") from None
        out.append(Entry(cell("upn"), cell("action"), day, cell("note"), cell("outcome"), n))
    if not out:
        raise AttcliError(f"{where}: no records in it")
    return out


def _month_first(text: str, rows: list[tuple[int, list[str]]], at: dict[str, int]) -> str:
    """After the refusal of a date cell written month first (``09/14/2026``: no month 14
    read day first): the file's other dates that read either way, which are read day
    first, so would be wrong too if the file is month first throughout ("" when none, or
    ``text`` is not such a date).  The cell alone was refused; a fixed cell let the rest
    through, each its month and day swapped (sweep "slips")."""
    import re

    def parts(value: str) -> tuple[int, int] | None:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})", value.strip())
        return (int(m.group(1)), int(m.group(2))) if m else None

    mine = parts(text)
    if mine is None or not (mine[0] <= 12 < mine[1] <= 31):
        return ""
    either = [
        n for n, cells in rows
        if "date" in at and len(cells) > at["date"] and cells[at["date"]].strip() != text.strip()
        and (p := parts(cells[at["date"]])) is not None and p[0] <= 12 and p[1] <= 12
        and p[0] != p[1]
    ]  # fmt: skip
    if not either:
        return ""
    lines = ", ".join(map(str, either[:5])) + (" and more" if len(either) > 5 else "")
    return (
        f"; if the file's dates are month first, those on line{'s' if len(either) > 1 else ''} "
        f"{lines} would be read with month and day swapped: write every date DD/MM/YYYY or "
        "YYYY-MM-DD"
    )


def school_of(config: Config, key: str | None) -> Config:
    """The config a casebook record is made with: in a trust's workspace the school ``key``
    (``--school``) as :meth:`Config.for_school` sees it, whose last ``attcli cases`` run the
    UPN is checked against, whose ladder the action, and under whose key it is kept (a
    trust's history holds every school's runs: a record of no school was found by none).
    A trust's workspace without ``--school``, a key it does not give, or ``--school`` in a
    workspace of one school is one line."""
    key = config.school_given(key)
    if not config.schools:
        return config
    if key is None:
        raise AttcliError(
            f"{shown(str(config.path))} is a trust's workspace (schools "
            f"{', '.join(x.key for x in config.schools)}): give --school "
            "KEY, the school whose pupil it is (its last `attcli cases` run holds the pupil)"
        )
    return config.for_school(key)


def record(
    config: Config,
    entries: list[Entry],
    *,
    by: str = "",
    where: str = "",
    today: dt.date | None = None,
) -> list[CaseAction]:
    """Check every entry, then record them all in one transaction (or none).

    ``where``: the bulk file (its records are named by line); ``today``: the latest
    date a record may have (default: today; a later one is a typing mistake)."""
    today = today or _clock.today()
    path = history_path(config)
    ladder = config.escalation
    if not path.exists():
        no_second_history(config, "case record")  # (a copy of attcli.toml elsewhere)
        raise AttcliError(
            "no casebook yet: run `attcli cases EXPORT...` first (attcli checks each UPN "
            "against the pupils of the last recorded check)"
        )
    from attcli.pupil_ids import match_typed_id

    with History(path, write=True) as store:
        latest = store.latest_snapshot(config.school_key)
        if latest is None:
            raise AttcliError(
                "no check on record: run `attcli cases EXPORT...` first (attcli checks each "
                "UPN against the pupils of the last recorded check)"
            )
        sid, as_of, _ = latest
        known = store.snapshot_upns(sid)
        rows = []

        def place(i: int) -> str:  # where entry i is: its line in the file, else its number
            return f"line {entries[i].line}" if entries[i].line else f"record {i + 1}"

        for i, e in enumerate(entries):
            at = f"{where}{place(i)}: " if where else ""
            action = _known_stage(ladder, e.action, f"{at or '--'}action")
            if e.date > today:
                raise AttcliError(
                    f"{at or '--'}date {e.date.isoformat()} is in the future: record what was "
                    "done, on the day it was done"
                )
            # an MIS id typed without its leading zeros is the run's id with them
            upn = match_typed_id(e.upn, known, where="the last recorded check")
            if upn not in known:
                raise AttcliError(
                    f"{at}UPN {e.upn!r} is not a pupil in the last recorded check "
                    f"(as of {as_of.isoformat()}); check it, or run `attcli cases` on a newer "
                    "export" + _near_upn(store, known, upn)
                )
            rows.append((upn, action, e.date, e.note, e.outcome))
        try:
            return store.record_actions(rows, by=by, school=config.school_key)
        except RecordedTwice as twice:
            if not where:
                raise
            # the line to remove: a row pasted twice in the file (its first copy, undone
            # with the rest, is no record to name), or a record on file before
            upn, action, day = rows[twice.index][:3]
            at = f"{where}{place(twice.index)}: "
            if twice.earlier is None:
                raise AttcliError(f"{at}{twice}") from None
            raise AttcliError(
                f"{at}{action} for {upn} on {day:%d/%m/%Y} is on {place(twice.earlier)} too: a "
                "record once is enough; remove one of the lines"
            ) from None


def _near_upn(store: History, known: Collection[str], typed: str) -> str:
    """"; did you mean A123... (Jo Lamb)?" for the pupils of the run one typing slip from
    ``typed`` (a UPN's length; up to three), said, never recorded in its place (sweep
    "slips"); "" when none."""
    from attcli.errors import shown
    from attcli.pupil_record import one_slip_apart

    key = "".join(typed.split()).upper()
    near = sorted(u for u in known if len(key) >= 10 and one_slip_apart(key, u.upper()))
    if not near or len(near) > 3:
        return ""

    def who(upn: str) -> str:
        name = store.pupil_name(upn)
        return f"{upn} ({shown(name)})" if name else upn

    return "; did you mean " + " or ".join(who(u) for u in near) + "?"


def _known_stage(ladder: Ladder, name: str, what: str) -> str:
    """The stage of the ladder ``name`` names: its name, or typed in other capitals or
    with spaces or hyphens for its underscores ("Review meeting" is review_meeting: one
    stage, certainly; sweep "slips"); else one line saying ``what`` is wrong."""
    import re

    def key(text: str) -> str:
        return re.sub(r"[\s_-]+", "_", text.strip().casefold())

    if any(s.name == name for s in ladder.stages):
        return name
    same = [s.name for s in ladder.stages if key(s.name) == key(name)]
    if len(same) == 1:
        return same[0]
    raise AttcliError(
        f"{what} {name!r} is not a stage of the ladder; the stages are: "
        + ", ".join(s.name for s in ladder.stages)
    )


def void(config: Config, record_id: int, reason: str, *, by: str = "") -> CaseAction:
    path = history_path(config)
    if not path.exists():
        raise AttcliError(f"no casebook record {record_id} (no history yet)")
    with History(path, write=True) as store:
        return store.void_action(record_id, reason, by)


def listing(config: Config, upn: str | None = None) -> list[CaseAction]:
    path = history_path(config)
    if not path.exists():
        return []
    with History(path) as store:
        return store.actions(upn, include_void=True)
