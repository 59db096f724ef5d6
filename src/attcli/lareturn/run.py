"""``attcli la-return``: load the exports, make the return against the returns on record,
write the file, and only then record what it reported (docs/la-return.md).

The record is one transaction written after the file is in place (the file itself is
written whole or not at all, :func:`attcli.output.write_private`): a run killed at any
point leaves no record, or a whole one beside its file.  A run that reports exactly what
a return already on record reported (the same period, the same earlier returns, the same
rows) records nothing and writes the same bytes, dated as that return was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from attcli import clock as _clock
from attcli.config import Config
from attcli.coverage import refuse_after_data, unknown_after_data_note
from attcli.datetext import recorded_time
from attcli.errors import AttcliError, OutputError, shown
from attcli.lareturn.rules import (
    LaReturn,
    Period,
    build,
    earlier_returns,
    earlier_than_on_record_text,
    later_on_record,
    later_version_on_record,
    month_end,
    month_period,
    parse_month,
    replaced_returns,
    since_period,
    skipped_months,
)
from attcli.looked_after import without_column
from attcli.pupil_ids import typed_id
from attcli.store import LaReturnRecord, NoWorkspaceError, history_path
from attcli.workspace import NO_WORKSPACE_TO_DO

if TYPE_CHECKING:
    from attcli.contacts import Contacts
    from attcli.engine import Evaluation, Prepared
    from attcli.lareturn.settings import Columns
    from attcli.loaders import LoadResult, PupilList
    from attcli.store import History

NO_WORKSPACE = (
    "la-return keeps what each return reported in the school's workspace, and there is "
    f"none: {NO_WORKSPACE_TO_DO}"
)


@dataclass
class Outcome:
    ret: LaReturn
    #: the file written (None: a dry run)
    output: Path | None = None
    #: the id of the return recorded by this run (None: nothing recorded)
    recorded: int | None = None
    #: the return on record that reported exactly this (nothing recorded again)
    same_as: LaReturnRecord | None = None
    produced: dt.date | None = None
    warnings: list[str] = field(default_factory=list)
    #: the file was there already, byte for byte this return, written by a run stopped
    #: before it recorded it: recorded, not written again
    kept: bool = False


#: what la-return does where a cell of the register's looked-after column is no yes/no
#: value: said after the error (:func:`attcli.loaders.obtain_looked_after`)
WITHOUT_LOOKED_AFTER = without_column("The return was read")


def _pairs(option: str, values: Sequence[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for upn, reason in values:
        upn, reason = typed_id(upn), " ".join(reason.split())
        if not upn:
            raise AttcliError(f"{option}: give the pupil's UPN")
        if "," in upn:  # (letters --only takes a comma list; each pupil here has a reason)
            raise AttcliError(
                f"{option} {upn!r}: one UPN each time; give {option} again for each pupil, "
                "each with its --reason"
            )
        if not reason:
            raise AttcliError(f"{option} {shown(upn)}: give the reason (--reason TEXT)")
        if upn in out:
            raise AttcliError(f"{option} {shown(upn)} is given twice")
        out[upn] = reason
    return out


def default_output(period: Period) -> Path:
    if period.month is not None:
        return Path(f"la-return-{period.label}.xlsx")
    return Path(f"la-return-{period.as_of.isoformat()}.xlsx")


def run_la_return(
    exports: Sequence[Path] | LoadResult,
    config: Config,
    *,
    month: str | None = None,
    since: bool = False,
    as_of: dt.date | None = None,
    output: Path | None = None,
    force: bool = False,
    add: Sequence[tuple[str, str]] = (),
    withdraw: Sequence[tuple[str, str]] = (),
    contacts: Path | None = None,
    preset: str | None = None,
    pupils: PupilList | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> Outcome:
    """Make the return for ``month`` (``YYYY-MM``) or ``since`` the last one, write it to
    ``output`` (.xlsx or .csv) and record it; ``dry_run``: neither.  ``exports`` may be a
    load already made (a school's part of a trust's shared export)."""
    from attcli.engine import prepare
    from attcli.lareturn.render import to_csv, to_xlsx
    from attcli.lareturn.settings import settings_from
    from attcli.loaders import obtain_looked_after, require_upns
    from attcli.output import output_ready, render_to_bytes, write_private
    from attcli.store import History

    if month is not None and since:
        raise AttcliError("give --month YYYY-MM or --since, not both")
    if month is None and not since:
        raise AttcliError(
            "give --month YYYY-MM (that month's return) or --since (the days since the last "
            "return on record)"
        )
    first_day = parse_month(month) if month is not None else None
    try:
        path = history_path(config)
    except NoWorkspaceError:
        raise AttcliError(NO_WORKSPACE) from None
    columns = settings_from(config)
    if output is not None and output.suffix.lower() not in (".xlsx", ".csv"):
        raise OutputError(f"--output {str(output)!r}: give a file ending .xlsx or .csv")
    if output is not None and not dry_run:  # said before the (slow) load; a file on record
        # as no return may be this return's, written by a run stopped before it recorded it
        # (:func:`_unrecorded`): judged once the return is made
        output_ready(
            output, force=force or _unrecorded(output, history_path(config), config, columns)
        )
    added, withdrawn = _pairs("--add", add), _pairs("--withdraw", withdraw)
    from attcli.store import no_second_history

    # a copy of the school's attcli.toml in another folder: the returns on record are in
    # the user folder's history, and every run would be reported as new (sweep "history")
    no_second_history(config, "la-return")

    # (the return has no pupil attribute, gender, SEN, ...: they are not read, but the
    # looked-after column, whose pupils' social workers are told: sweep lacla)
    loaded = obtain_looked_after(
        exports, config, preset=preset, progress=progress, pupils=pupils,
        without=WITHOUT_LOOKED_AFTER,
    )  # fmt: skip
    require_upns(loaded, "la-return")
    book = None
    contact_notes: list[str] = []
    if contacts is not None:  # read (and a pupil list refused) before the history is opened
        from attcli.contacts import read_contacts

        book = read_contacts(contacts, config)
        # (the wide register: not yet taken); what reading the file found is said, as the
        # letters say it: the return's addresses and contacts come from it
        contact_notes = [*book.notes, *book.refuse_pupil_list(loaded.register)]
    prepared = prepare(loaded.take_compact(), config, roll_dates=loaded.roll_dates)
    with ExitStack() as stack:
        store = None
        if not dry_run:  # one writer at a time, from reading the returns to recording
            store = stack.enter_context(History(path, write=True))
            stack.push(store.discard_if_new)  # (a refused return starts no history)
        elif path.exists():
            store = stack.enter_context(History(path))
        # a trust's school compares with its own returns only (la-return --per-school)
        records = store.la_returns(config.school_key) if store is not None else []
        if first_day is not None:
            import polars as pl

            in_month = prepared.roll.marks.filter(
                pl.col("date") <= month_end(first_day)
            ).get_column("date")
            period = month_period(
                first_day, as_of, prepared.first, prepared.last, config.half_terms,
                last_in_month=in_month.max() if in_month.len() else None, config=config,
            )  # fmt: skip
        else:
            period = since_period(records, as_of or prepared.last)
        ev = prepared.evaluate(as_of=period.as_of)
        assert ev.coverage is not None
        from attcli.snapshots import refuse_strangers

        # (another school's exports: never filed under this school's name, sweep slips8)
        refuse_strangers(
            store, config, ev.pupils["upn"].to_list(), ev.as_of, what="return",
            would="would go to the local authority as {}'s",
            contacts=set(book.by_upn) if book is not None else None,
        )  # fmt: skip
        from attcli.snapshots import refuse_filtered

        # (one year group's export: the return would leave out the rest, sweep slips9)
        refuse_filtered(
            config, prepared.roll.pupils.select("school", "upn").iter_rows(), ev.as_of,
            what="return",
        )  # fmt: skip
        if not ev.coverage.complete:
            # (the line's own advice offers --from, which la-return does not have); what
            # to give named, as register-check names it
            raise AttcliError(
                ev.coverage.line(
                    "The return needs the register from the start of the school year to its "
                    "date (illness counts over the year; a run can begin before the month): "
                    f"give {ev.coverage.to_give()}"
                )
            )
        unknown: list[str] = []
        if period.month_end is not None and as_of is None:
            # the month's school days after the export, to its end and before today: the
            # return would be as of the export's last day, unsaid (an --as-of after the
            # export is the coverage's gap above)
            refuse_after_data(
                config, prepared.last, period.month_end, f"{period.month:%B %Y}",
                today=today or _clock.today(),
            )  # fmt: skip
            # without term dates those days cannot be counted: said, not refused
            unknown = unknown_after_data_note(
                config, prepared.last, period.month_end, f"{period.month:%B %Y}",
                today=today or _clock.today(),
            )  # fmt: skip
        on_record = later_version_on_record(records, period)
        refused: list[str] = []
        if on_record is not None and not force:
            if not dry_run:
                raise AttcliError(earlier_than_on_record_text(on_record, period))
            # the preview says what the run would meet (sweep leftovers19), not a return
            # that seems fit to make and is then refused
            refused = [
                "without --dry-run this run would be refused: "
                + earlier_than_on_record_text(on_record, period)
            ]
        earlier = earlier_returns(records, period)
        replaced = replaced_returns(records, period)
        rows_of = {r.id: store.la_return_rows(r.id) for r in (*earlier, *replaced)} if store else {}
        ret = build(
            prepared, ev, config, period, earlier, rows_of, add=added, withdraw=withdrawn,
            replaced=replaced, forgotten=_forgotten_since(store, ev, earlier),
        )  # fmt: skip
        if book is not None:
            _attach_contacts(ret, book)
        outcome = Outcome(
            ret,
            warnings=[
                *refused,
                *loaded.warnings, *ev.data_notes, *unknown, *ret.warnings,
                *later_on_record(records, period),
                *skipped_months(earlier, period),
                # (the return gives the LA each contact's telephone number: a shortened
                # one is among them)
                *contact_notes,
                *(_contact_gaps(ret, book, columns.columns) if book is not None
                  else _no_contacts(ret, columns)),
                *_looked_after(ret, prepared, period.as_of, book),
            ],
        )  # fmt: skip
        if dry_run:
            return outcome
        assert store is not None
        digest = ret.digest()
        # the latest return of this label (the one later returns compare with) reported
        # exactly this: a re-run, nothing to record
        latest = max(
            (r for r in records if r.label == period.label), key=lambda r: r.id, default=None
        )
        same = (
            latest
            if latest is not None
            and (latest.period_start, latest.as_of, latest.digest)
            == (period.start, period.as_of, digest)
            else None
        )
        produced = same.produced_on if same is not None else (today or _clock.today())
        output = output if output is not None else default_output(period)

        def made(produced: dt.date) -> bytes:
            if output.suffix.lower() == ".csv":
                return to_csv(ret, columns).encode("utf-8")
            return render_to_bytes(lambda b: to_xlsx(ret, columns, produced, b))

        data = made(produced)
        kept = None if force else _own_unrecorded(output, records, made, produced)
        if kept is not None:  # this return, left by a run stopped before its record
            produced, data = kept
            outcome.kept = True
        else:
            write_private(output, data, force=force)
        outcome.output, outcome.produced, outcome.same_as = output, produced, same
        if same is None:  # only now that the file is in place
            record = LaReturnRecord(
                0,
                period.label,
                period.start,
                period.as_of,
                ret.base.id if ret.base is not None else None,
                digest,
                produced,
                str(output),
                hashlib.sha256(data).hexdigest(),
                "; ".join(f.path for f in loaded.files),
                school=config.school_key,
            )
            try:
                outcome.recorded = store.add_la_return(record, [i.record() for i in ret.items])
            except BaseException:
                # the file goes with its record (a full disk, Ctrl-C): one left, on record
                # nowhere, would be sent and its pupils reported new again next time (one
                # this run did not write stays: the next run knows it as this return)
                if not outcome.kept:
                    output.unlink(missing_ok=True)
                raise
        return outcome


def _unrecorded(output: Path, history: Path, config: Config, columns: Columns) -> bool:
    """Whether ``output`` is a file there that no return on record is (its SHA-256) and
    that may be a return attcli wrote (:func:`_may_be_a_return`): one a run stopped between
    writing it and recording it may have left (a power cut, SIGKILL).  One that is a return
    on record is refused here, saying which (:func:`_refuse_recorded`)."""
    from attcli.output import read_or_kept
    from attcli.store import History

    if not output.is_file() or read_or_kept(output) is not None:
        return False
    if not _may_be_a_return(output, columns):
        return False  # (refused before the slow load, as any output in the way)
    if not history.is_file():
        return True
    with History(history) as store:
        records = store.la_returns(config.school_key)
    _refuse_recorded(output, records, hashlib.sha256(output.read_bytes()).hexdigest())
    return True


def _may_be_a_return(output: Path, columns: Columns) -> bool:
    """Whether ``output`` may be a return attcli wrote, judged from its first bytes alone: a
    workbook (a zip file) for ``.xlsx``; for ``.csv``, text under the return's own header
    row.  Only such a file is worth making the return to compare with it; anything else
    (last week's notes, another program's CSV) is refused before the exports are read."""
    from attcli.output import rows_csv

    try:
        with output.open("rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    if output.suffix.lower() == ".xlsx":
        return head.startswith(b"PK\x03\x04")
    header = rows_csv([columns.header(c) for c in columns.columns], [])
    return head.decode("utf-8-sig", errors="replace").startswith(header)


def _refuse_recorded(output: Path, records: Sequence[LaReturnRecord], digest: str) -> None:
    """``output`` is the file of a return on record (its SHA-256 ``digest``): refused
    without --force, naming the return, so a run killed after its record (nothing printed)
    is seen to have finished."""
    on_record = [r for r in records if r.sha256 == digest]
    if on_record:
        r = on_record[-1]
        raise OutputError(
            f"{shown(output)} already exists: it is return {r.id} on record, written "
            f"{recorded_time(r.written_at)} "
            f"by {r.written_by}; use --force to replace it"
        )


def _forgotten_since(
    store: History | None, ev: Evaluation, earlier: Sequence[LaReturnRecord]
) -> dict[tuple[str, str], dt.datetime]:
    """(school, UPN) -> when `attcli pupil forget` deleted the records of a pupil in the
    register since the last earlier return was recorded (its rows of the pupil among
    them: :func:`rules.build`'s ``forgotten``)."""
    import polars as pl

    if store is None or not earlier:
        return {}
    try:
        since: dt.date | dt.datetime = dt.datetime.fromisoformat(earlier[-1].written_at)
    except ValueError:  # (a return recorded before its time was kept: its date)
        since = earlier[-1].produced_on
    keys = ev.pupils.select(pl.col("school").fill_null(""), "upn").unique().rows()
    return {k: at for k, (at, _) in store.forgettings_since(keys, since).items()}


def _own_unrecorded(
    output: Path,
    records: Sequence[LaReturnRecord],
    made: Callable[[dt.date], bytes],
    produced: dt.date,
) -> tuple[dt.date, bytes] | None:
    """(the date it was produced, its bytes) where ``output`` is already there, on record as
    no return, and byte for byte this return as made on the day it was written (its
    modification date) or ``produced``: the file of a run of this return killed before it
    recorded it, to record now.  None where no file is there (written as ever); a return on
    record, or another file, is refused, saying which."""
    from attcli.output import read_or_kept

    if not output.is_file() or read_or_kept(output) is not None:
        return None  # (write_private says what is in the way)
    on_disk = output.read_bytes()
    _refuse_recorded(output, records, hashlib.sha256(on_disk).hexdigest())
    written = dt.date.fromtimestamp(output.stat().st_mtime)
    for day in dict.fromkeys((written, produced)):
        data = made(day)
        if data == on_disk:
            return day, data
    raise OutputError(
        f"{shown(output)} already exists and is no return on record (a run stopped before recording "
        "it?), and it is not this return: use --force to replace it with this one and "
        "record it"
    )


def _contact_gaps(ret: LaReturn, book: Contacts, columns: tuple[str, ...]) -> list[str]:
    """The lines naming the return's pupils left without an address or a priority contact
    (of the columns the return has), with why: a blank is never unsaid (contacts sweep 3)."""
    upns = [i.upn for i in ret.items]
    lines = [
        book.gaps_line(upns, address=True) if "address" in columns else None,
        book.gaps_line(upns, address=False)
        if "contact_name" in columns or "contact_phone" in columns
        else None,
    ]
    return [x for x in lines if x is not None]


def _looked_after(
    ret: LaReturn, prepared: Prepared, as_of: dt.date, book: Contacts | None
) -> list[str]:
    """The line naming the return's looked-after pupils, their social worker to be told
    (policy 002; lac sweep): by the one rule, the register's Looked After column as of
    ``as_of`` or a council among the contacts (``book``; None: none given, the column
    alone), :func:`attcli.looked_after.listed_line` (sweep lacla)."""
    from attcli.looked_after import by_upn, listed_line

    line = listed_line(
        [i.upn for i in ret.items], by_upn(prepared.looked_after_marks(as_of)),
        book.councils if book is not None else None,
        # (a pupil listed for illness has no unexplained absence)
        told="of the absence this return reports",
    )
    return [line] if line is not None else []


def _no_contacts(ret: LaReturn, columns: Columns) -> list[str]:
    """The line saying the return's contact columns are blank (under the headers the file
    gives them): no contacts export given."""
    from attcli.contacts import not_given_line

    contact = ("address", "contact_name", "contact_phone")
    shown = [columns.header(c) for c in contact if c in columns.columns]
    line = not_given_line(shown, len({i.upn for i in ret.items}), "in the return")
    return [line] if line is not None else []


def _attach_contacts(ret: LaReturn, book: Contacts) -> None:
    """Each pupil's priority contact (name, phone) and postal address from the contacts
    export: the address where letters go (``Contacts.home_address``), as the register
    check gives it, not the priority contact's (docs/decisions.md, "The LA file's
    address")."""
    frame = book.priority_frame()
    found = {
        r["upn"]: {
            "address": book.home_address(r["upn"]),
            "contact_name": r["contact_name"],
            "contact_phone": r["contact_phone"],
        }
        for r in frame.iter_rows(named=True)
    }
    for item in ret.items:
        item.contact = found.get(item.upn)
