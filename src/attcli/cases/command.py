"""``attcli cases`` and ``attcli case record|void|list``: thin commands over
:mod:`attcli.cases.run` and :mod:`attcli.cases.record`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from attcli.cliutil import (
    BOM,
    AsOfOpt,
    ByOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    Format,
    FormatOpt,
    OutputOpt,
    PresetOpt,
    PupilsOpt,
    SafeConsole,
    as_of_notes,
    console,
    emit,
    given_contacts,
    given_path,
    load_exports_with_progress,
    output_first,
    output_format,
    parse_date_option,
    print_notes,
    read_pupils_option,
    say_problems,
    school_config,
)
from attcli.datetext import recorded_time
from attcli.errors import AttcliError, OutputError
from attcli.terminal import live_and_void, print_rows

case_app = typer.Typer(
    help="Record what was done at a stage of the escalation ladder (see attcli cases).",
    no_args_is_help=True,
)


def cases_command(
    exports: ExportsArg,
    as_of: AsOfOpt = None,
    impact: Annotated[
        bool,
        typer.Option(
            "--impact",
            help="Also: for each stage, attendance in the weeks before the action against "
            "the weeks after it.",
        ),
    ] = False,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks", min=1, max=52, metavar="WEEKS",
            help="Weeks before and after, for --impact, up to 52 (default: 4).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
    contacts: Annotated[
        Path | None,
        typer.Option(
            "--contacts",
            metavar="FILE",
            parser=given_contacts,
            help="MIS contacts export: a council with parental responsibility (looked "
            "after) holds a warning step for review, as attcli letters holds its letter.",
        ),
    ] = None,
) -> None:
    """The casebook: every pupil on the escalation ladder, and what is due this week.

    Records the check in the workspace, for next week's NEW and changes (docs/cases.md)."""
    from io import StringIO

    from attcli.cases import render
    from attcli.cases.run import run_cases
    from attcli.config import load_config

    if weeks is not None and not impact:  # (only --impact's figures use it: not ignored)
        raise AttcliError("--weeks is the span of --impact's figures: give --impact too")
    fmt = output_format(fmt, output)
    output_first(output, force)  # fail before the (slow) load
    if output is None and fmt is Format.xlsx:  # (and before the run stores its snapshot)
        raise OutputError(
            "--format xlsx is a workbook, which the screen cannot show: give --output FILE.xlsx"
        )
    cfg = school_config(load_config(config), exports)
    book = None
    if contacts is not None:
        from attcli.contacts import read_contacts

        book = read_contacts(contacts, cfg)
    result = run_cases(
        exports,
        cfg,
        as_of=parse_date_option("--as-of", as_of),
        preset=preset,
        progress=load_exports_with_progress(),
        pupils=read_pupils_option(pupils, cfg.columns),
        impact_weeks=(4 if weeks is None else weeks) if impact else None,
        contacts=book,
    )
    if fmt is Format.json:
        emit(render.to_json(result), output, force)
    elif fmt is Format.csv:
        emit(BOM + render.to_csv(result), output, force)
    elif fmt is Format.xlsx:
        emit(render.to_xlsx(result), output, force)
    elif output is not None:
        sink = StringIO()
        render.print_text(result, SafeConsole(file=sink, width=160, no_color=True))
        emit(sink.getvalue(), output, force)
    else:
        render.print_text(result, console)
    if result.problems:  # on stderr: stdout may be the JSON
        say_problems(result.problems)
    # (a register weeks old, or marks of days to come: said as `check` says them)
    notes = list(result.warnings) + as_of_notes(cfg, result.as_of, result.data_end,
                                                as_of is not None)  # fmt: skip
    if book is not None:  # (what reading the contacts found, as the letters say it)
        notes[:0] = list(book.notes)
    if result.snapshot_note:
        notes.append(result.snapshot_note)
    print_notes(notes)


@case_app.command("record")
def case_record(
    upn: Annotated[
        str | None,
        typer.Argument(metavar="UPN", help="The pupil's UPN.", show_default=False),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            "--action",
            metavar="STAGE",
            help="The stage's name, as attcli cases shows the ladder: \\[escalation] in "
            "attcli.toml, or the default ladder's (the bands' letters, then la_referral).",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="The day it was done, YYYY-MM-DD or DD/MM/YYYY."
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="A note.")] = "",
    outcome: Annotated[
        str, typer.Option("--outcome", metavar="TEXT", help="What came of it.")
    ] = "",
    bulk: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            parser=given_path,
            help="Record every row of a CSV (upn,action,date,note,outcome) instead.",
        ),
    ] = None,
    by: ByOpt = "",
    config: ConfigOpt = None,
    school: Annotated[
        str | None,
        typer.Option(
            "--school",
            metavar="KEY",
            help="In a trust's workspace: the school (\\[schools.KEY]) whose pupil it is.",
        ),
    ] = None,
) -> None:
    """Record an action of the escalation ladder done for a pupil (a meeting held, a plan agreed, a referral made).

    Letters sent with `attcli letters` are recorded already."""
    from attcli.calendar import parse_date
    from attcli.cases.record import Entry, read_bulk, record, school_of
    from attcli.config import load_config

    cfg = school_of(load_config(config), school)
    if bulk is not None:
        if upn or action or date:
            raise AttcliError("give either UPN --action --date, or --from FILE, not both")
        done = record(cfg, read_bulk(bulk), by=by, where=f"{bulk}, ")
    else:
        if not upn or not action or not date:
            missing = [n for n, v in (("UPN", upn), ("--action", action), ("--date", date)) if not v]
            raise AttcliError(f"give {', '.join(missing)} (or --from FILE)")
        entry = Entry(upn.strip(), action.strip(), parse_date("--date", date), note, outcome)
        done = record(cfg, [entry], by=by)
    for a in done:
        console.print(
            Text(
                f"recorded {a.id}: {a.action} for {a.upn} on {a.done_on:%d/%m/%Y} "
                f"(by {a.recorded_by})"
            ),
            highlight=False,
        )


@case_app.command("void")
def case_void(
    record_id: Annotated[
        int,
        typer.Argument(metavar="ID", help="The record's number (see attcli case list).", show_default=False),
    ],
    reason: Annotated[
        str,
        typer.Option("--reason", metavar="TEXT", help="Why it is void.", show_default=False),
    ],
    by: ByOpt = "",
    config: ConfigOpt = None,
) -> None:
    """Void a record made in error: it stays on record, marked, with who and why."""
    from attcli.cases.record import void
    from attcli.config import load_config

    a = void(load_config(config), record_id, reason, by=by)
    console.print(
        Text(
            f"voided: record {a.id}, {a.action} for {a.upn} on {a.done_on:%d/%m/%Y} "
            f"({a.voided_by}, {recorded_time(a.voided_at)}: {a.void_reason}); it no longer counts"
        ),
        highlight=False,
    )


@case_app.command("list")
def case_list(
    upn: Annotated[
        str | None, typer.Argument(metavar="UPN", help="Only this pupil.", show_default=False)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Every casebook record (oldest first), voided ones marked, with who recorded it."""
    from attcli.cases.record import listing
    from attcli.config import load_config

    cfg = load_config(config)
    rows = listing(cfg, upn)
    trust = bool(cfg.schools)  # (a trust's history holds every school's records)
    if as_json:
        from attcli.output import json_time

        # (to a file or a pipe every character kept; to a screen escaped: emit)
        emit(
            json.dumps(
                [
                    {
                        "id": a.id,
                        "school": a.school or None,
                        "upn": a.upn,
                        "action": a.action,
                        "date": a.done_on.isoformat(),
                        "note": a.note,
                        "outcome": a.outcome,
                        "recorded_by": a.recorded_by,
                        "recorded_at": json_time(a.recorded_at),
                        "void": a.void,
                        "voided_by": a.voided_by,
                        "voided_at": json_time(a.voided_at),
                        "void_reason": a.void_reason,
                    }
                    for a in rows
                ],
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            None,
            False,
        )
        return
    print_rows(
        console,
        live_and_void("Casebook records", sum(not a.void for a in rows), len(rows)),
        ["ID", *(["school"] if trust else []), "UPN", "action", "date", "by", "note"],
        [
            [
                a.id,
                *([a.school] if trust else []),
                a.upn,
                a.action + (" (VOID)" if a.void else ""),
                f"{a.done_on:%d/%m/%Y}",
                a.recorded_by,
                "; ".join(
                    t
                    for t in (
                        f"void: {a.void_reason} ({a.voided_by}, {recorded_time(a.voided_at)})" if a.void else "",
                        a.note,
                        f"outcome: {a.outcome}" if a.outcome else "",
                    )
                    if t
                ),
            ]
            for a in rows
        ],
        style=None,
    )
