"""``attcli pupil forget``: delete a pupil's records, or an old year's, from the history.

The school keeps its attendance records for its retention period, then deletes them
(UK GDPR storage limitation), and a parent may ask for a child's records to be erased.
The history store's :meth:`attcli.store.History.forget` does it; this command shows what it
would delete, and deletes it with ``--yes`` (docs/letters.md, "What the history holds").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.text import Text

from attcli.cliutil import ConfigOpt, DoneByOpt, console, parse_date_option, say
from attcli.percent import counted

#: The singular of each kind of row :meth:`History.forget` names.
_ONE = {
    "letters": "letter", "penalty notices": "penalty notice",
    "covered sessions": "covered session", "casebook records": "casebook record",
    "penalty-notice packs": "penalty-notice pack", "run snapshot rows": "recorded check row",
    "run N sessions": "recorded check N session", "LA return rows": "LA return row",
    "audit rows": "audit row", "runs": "recorded check", "LA returns": "LA return",
}  # fmt: skip


def pupil_forget(
    upns: Annotated[
        list[str] | None,
        typer.Argument(metavar="UPN...", help="The pupils whose records to delete.", show_default=False),
    ] = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before", metavar="DATE",
            help="Delete every record dated before DATE instead (an old school year's), "
            "no later than the start of this school year.", show_default=False,
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Delete (without it: say what would be deleted).")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Delete too the records of a pupil a penalty notice that still counts (3 "
            "years), an open case or a record of this school year holds.",
        ),
    ] = False,
    school: Annotated[
        str | None,
        typer.Option(
            "--school", metavar="KEY",
            help="In a trust's workspace: delete only this school's (\\[schools.KEY]) records "
            "of the UPNs (an id each school gives from 1 may be two children).",
            show_default=False,
        ),
    ] = None,
    by: DoneByOpt = "",
    config: ConfigOpt = None,
) -> None:
    """Delete pupils' records (letters, notices, casebook, runs, LA returns) from the history, or an old year's."""
    from attcli import clock
    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.store import SAID_OF_KIND, History, existing_history, trust_history_of

    day = parse_date_option("--before", before)
    cfg = load_config(config)
    key = cfg.school_given(school)
    path = existing_history(cfg)
    if path is None:
        raise AttcliError("nothing to delete: this workspace has no history yet")
    # (shown first on a copy in memory: the file untouched and no run lock taken)
    with History(path, write=yes, detached=not yes) as store:
        done = store.forget(
            upns=upns or (), before=day, today=clock.today(), force=force, dry_run=not yes,
            by=by, school=key,
        )  # fmt: skip
    what = ", ".join(counted(n, _ONE.get(k, k), SAID_OF_KIND.get(k, k)) for k, n in done.counts.items())
    whose = _whose([*done.upns, *done.merged], day, key)
    if not done.counts:
        console.print(Text(f"nothing to delete: {whose}"))
    elif yes:
        console.print(Text(f"deleted {whose}: {what}"))
    else:
        console.print(Text(f"would delete {whose}: {what}; give --yes to delete them"))
    for upn, how in done.merged.items():  # (one child under two UPNs: said)
        say(f"with {upn}: the same pupil ({how}, attcli pupil merge)", "yellow")
    for upn, why in done.forced.items():  # (what --force overrode, said as it is done)
        say(f"{'deleted' if yes else 'would delete'} with --force: {upn}'s records ({why})", "yellow")
    for upn, n in done.letters_this_year.items():  # (what it means for the next letters)
        some = f"{n} letter{'s' if n != 1 else ''} of this school year"
        gone = ("are no longer" if n != 1 else "is no longer") if yes else "would no longer be"
        say(
            f"{upn}'s {some} {gone} on record: the next letters run cannot tell "
            f"{'they were' if n != 1 else 'it was'} sent, and says so beside any letter to "
            f"{upn} (check it is not the same letter again before it goes)",
            "yellow",
        )
    for upn, why in done.kept.items():
        say(f"kept: {upn}'s records ({why}); --force deletes them too", "yellow")
    for upn, why in done.left.items():  # (--school: the id's records of no school)
        say(f"kept: {upn}'s {why}", "yellow")
    trust = trust_history_of(cfg)
    if trust is not None:  # (a school's own workspace below a trust that lists it)
        say(
            f"the trust's history {trust[0]} keeps this school's records too (as "
            f"[schools.{trust[1]}]): run attcli pupil forget there as well, with --school "
            f"{trust[1]} (another of its schools may give the same id to another child)",
            "yellow",
        )  # fmt: skip


def _whose(upns: list[str], day: dt.date | None, school: str | None = None) -> str:
    if day is not None:
        return f"the records dated before {day:%d/%m/%Y}"
    at = "" if school is None else f" at {school}"
    return f"the records of {', '.join(dict.fromkeys(upns))}{at}"
