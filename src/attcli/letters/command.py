"""``attcli letters`` and ``attcli pn``: parse options, call the library, print."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from attcli.cliutil import (
    AsOfOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    PresetOpt,
    console,
    err_console,
    load_exports_with_progress,
    parse_date_option,
)
from attcli.errors import AttcliError


def letters_command(
    exports: ExportsArg,
    contacts: Annotated[
        Path,
        typer.Option("--contacts", help="MIS contacts export (CSV or XLSX).", show_default=False),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the letters (created if missing)."),
    ] = None,
    as_of: AsOfOpt = None,
    config: ConfigOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show who would get which letter; write nothing.")
    ] = False,
    resend: Annotated[
        bool, typer.Option("--resend", help="Send again letters already sent this half term.")
    ] = False,
    only: Annotated[
        str | None,
        typer.Option("--only", help="Only these letters, e.g. amber,red or lateness,pn."),
    ] = None,
    include_held: Annotated[
        bool,
        typer.Option(
            "--include-held",
            help="Also make the letters held for review (absence mostly agreed or illness).",
        ),
    ] = False,
    release: Annotated[
        list[str] | None,
        typer.Option(
            "--release", help="Make this pupil's held letters (a UPN; give it again for more)."
        ),
    ] = None,
    force: ForceOpt = False,
    preset: PresetOpt = None,
) -> None:
    """This half term's letters to parents: one PDF and HTML each, a PDF to print, a manifest."""
    from attcli.config import load_config
    from attcli.letters.run import run_letters

    cfg = load_config(config)
    with _progress() as progress:
        run = run_letters(
            exports,
            cfg,
            contacts=contacts,
            out_dir=out,
            as_of=parse_date_option("--as-of", as_of),
            dry_run=dry_run,
            resend=resend,
            only=[only] if only else None,
            force=force,
            preset=preset,
            include_held=include_held,
            release=release or (),
            load_progress=load_exports_with_progress(),
            progress=progress,
        )
    _print_run(run)


class _progress:
    """A Rich progress bar on a terminal (stderr), nothing otherwise."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not err_console.is_terminal:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress(
            "writing letters",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("letters", total=None)

        def update(done: int, total: int) -> None:
            self.bar.update(self.task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if hasattr(self, "bar"):
            self.bar.stop()


def _cells(*values: object) -> list[Text]:
    """Table cells from export values: no rich markup parsed, no control characters or
    bidi overrides reach the terminal, and one corrupt value cannot push the rest off."""
    from attcli.report_check import terminal_text

    return [Text(terminal_text(v, limit=80)) for v in values]


def _print_run(run) -> None:  # type: ignore[no-untyped-def]
    ht = run.half_term
    verb = "would write" if run.dry_run else "written"
    table = Table(
        title=f"Letters for {ht.name} (figures as of {run.as_of:%d/%m/%Y})", title_justify="left"
    )
    for h in ("UPN", "pupil", "letter", "to", "status", "file"):
        table.add_column(h)
    for x in run.letters:
        status = {"new": verb, "written": "written", "already sent": "already sent"}[x.status]
        stage = f" (letter {x.stage})" if x.stage > 1 else ""
        table.add_row(
            *_cells(x.upn, x.pupil_name, x.template + stage, x.contact.name, status, x.file)
        )
    console.print(table)
    if run.no_contact:
        t = Table(title="No usable contact: these letters were NOT made", title_justify="left")
        for h in ("UPN", "pupil", "letter", "why"):
            t.add_column(h)
        for u in run.no_contact:
            t.add_row(*_cells(u.upn, u.pupil_name, u.template, u.reason))
        console.print(t, style="yellow")
    if run.held:
        t = Table(
            title="Held for review: these letters were NOT made (--release UPN or "
            "--include-held to make them)",
            title_justify="left",
        )
        for h in ("UPN", "pupil", "letter", "why"):
            t.add_column(h)
        for u in run.held:
            # the reason is attcli's own sentence: shown whole
            t.add_row(*_cells(u.upn, u.pupil_name, u.template), Text(u.reason))
        console.print(t, style="yellow")
    if run.to_decide:
        t = Table(title="For a person to decide", title_justify="left")
        for h in ("UPN", "pupil", "letter", "why"):
            t.add_column(h)
        for u in run.to_decide:
            t.add_row(*_cells(u.upn, u.pupil_name, u.template, u.reason))
        console.print(t)
    for note in run.notes:
        err_console.print(Text(f"note: {note}", style="dim"))
    n_new, n_old = len(run.new), len(run.already_sent)
    held = f"; {len(run.held)} held for review" if run.held else ""
    if run.dry_run:
        console.print(
            f"dry run: {n_new} letter{'s' if n_new != 1 else ''} would be written; "
            f"{n_old} already sent this half term{held}",
            highlight=False,
        )
        return
    console.print(
        f"{n_new} letter{'s' if n_new != 1 else ''} written to {run.out_dir} in "
        f"{run.seconds:.1f} s; {n_old} already sent this half term (--resend to send again)"
        f"{held}",
        highlight=False,
    )
    if run.combined is not None:
        console.print(f"to print: {run.combined} (this run's new letters only)", highlight=False)
    else:
        console.print("nothing new to print", highlight=False)
    if run.manifest is not None:
        console.print(f"list: {run.manifest}", highlight=False)


# --------------------------------------------------------------------------- attcli pn

pn_app = typer.Typer(
    help="Penalty notices issued: record them, list them, and what the next one would be.",
    no_args_is_help=True,
)

ParentOpt = Annotated[
    str, typer.Option("--parent", help="The parent the notice was issued to.", show_default=False)
]


def _store(config: Path | None, *, write: bool = False):  # type: ignore[no-untyped-def]
    from attcli.config import load_config
    from attcli.letters.history import History, history_path

    return History(history_path(load_config(config)), write=write)


def _date(name: str, value: str | None) -> dt.date:
    day = parse_date_option(name, value)
    return day or dt.date.today()


@pn_app.command("record")
def pn_record(
    upn: Annotated[str, typer.Argument(help="The pupil's UPN.", show_default=False)],
    parent: ParentOpt,
    date: Annotated[
        str, typer.Option("--date", help="Date issued, YYYY-MM-DD.", show_default=False)
    ],
    note: Annotated[str, typer.Option("--note", help="A note, e.g. the LA reference.")] = "",
    config: ConfigOpt = None,
) -> None:
    """Record a penalty notice issued to a parent about a pupil."""
    from attcli.letters.history import NEXT_NONE, next_notice

    issued = parse_date_option("--date", date)
    assert issued is not None
    with _store(config, write=True) as store:
        kind = next_notice(store, upn, parent, issued)
        n = store.record_notice(upn, parent, issued, note)
    console.print(
        f"recorded: penalty notice to {n.parent} about {n.upn} on {n.issued_on:%d/%m/%Y}",
        highlight=False,
        markup=False,
    )
    if kind == NEXT_NONE:
        err_console.print(
            "warning: this is a third notice within 3 years of the first; the national "
            "framework allows no more than two (alternative action instead)",
            style="yellow",
            highlight=False,
        )
    else:
        console.print(f"this was the {kind} notice within 3 years", highlight=False)


@pn_app.command("list")
def pn_list(
    upn: Annotated[str | None, typer.Option("--upn", help="Only this pupil.")] = None,
    parent: Annotated[str | None, typer.Option("--parent", help="Only this parent.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    config: ConfigOpt = None,
) -> None:
    """List the penalty notices recorded, oldest first."""
    from attcli.letters.history import next_notice

    today = dt.date.today()
    with _store(config) as store:
        notices = store.notices(upn, parent)
        nxt = {(n.upn, n.parent): next_notice(store, n.upn, n.parent, today) for n in notices}
    if as_json:
        console.print_json(
            json.dumps(
                [
                    {
                        "upn": n.upn,
                        "parent": n.parent,
                        "issued_on": n.issued_on.isoformat(),
                        "note": n.note,
                        "next_notice_today": nxt[(n.upn, n.parent)],
                    }
                    for n in notices
                ]
            )
        )
        return
    table = Table(title=f"Penalty notices recorded: {len(notices)}", title_justify="left")
    for h in ("UPN", "parent", "issued", "note", "a notice today would be"):
        table.add_column(h)
    for n in notices:
        table.add_row(
            *_cells(n.upn, n.parent, f"{n.issued_on:%d/%m/%Y}", n.note, nxt[(n.upn, n.parent)])
        )
    console.print(table)


@pn_app.command("next")
def pn_next(
    upn: Annotated[str, typer.Argument(help="The pupil's UPN.", show_default=False)],
    parent: ParentOpt,
    date: Annotated[
        str | None, typer.Option("--date", help="On this date (default today).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Would the next notice be a first, a second, or not allowed (alternative action)?"""
    from attcli.letters.history import next_notice

    on = _date("--date", date)
    with _store(config) as store:
        kind = next_notice(store, upn, parent, on)
    if not upn.strip() or not parent.strip():
        raise AttcliError("give the UPN and --parent")
    console.print(kind, highlight=False, markup=False)
