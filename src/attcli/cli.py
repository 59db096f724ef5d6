"""The command line: each command parses options, calls one library function, renders.

All user-facing errors are :class:`attcli.errors.AttcliError`; :func:`main`
catches them in one place, prints the message and exits 1.  ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from attcli import __version__
from attcli.cliutil import (
    AsOfOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    Format,
    FormatOpt,
    FromOpt,
    OutputOpt,
    PresetOpt,
    PupilsOpt,
    console,
    emit,
    err_console,
    load_exports_with_progress,
    parse_date_option,
    read_pupils_option,
)
from attcli.codes import CODES, LEGACY_CODES, MISSING_MARK
from attcli.errors import AttcliError

app = typer.Typer(
    name="attcli",
    help="Attendance checks, letters and LA files from MIS register exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        console.print(f"attcli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    _state["debug"] = debug


@app.command("codes")
def codes_command() -> None:
    """Print the national attendance codes, their category and whether they count as possible."""
    table = Table(title="Attendance codes (2024 regulations)")
    table.add_column("code")
    table.add_column("category")
    table.add_column("possible")
    table.add_column("meaning")
    for c in CODES + LEGACY_CODES:
        table.add_row(
            c.code,
            c.category.value.replace("_", " "),
            "yes" if c.category.counts_as_possible else "no",
            c.meaning,
            style="dim" if c.legacy else None,
        )
    table.add_row(
        MISSING_MARK,
        "missing mark",
        "no",
        "No mark recorded (SIMS's '-', or a blank cell or missing row while on roll): "
        "a data-quality problem; a blank before joining or after leaving is not on roll",
    )
    console.print(table, markup=False)


@app.command("check")
def check_command(
    exports: ExportsArg,
    as_of: AsOfOpt = None,
    period_from: FromOpt = None,
    year_group: Annotated[
        str | None, typer.Option("--year-group", help="Only this year group, e.g. 7.")
    ] = None,
    reg_group: Annotated[
        str | None, typer.Option("--reg-group", help="Only this registration group, e.g. 7A.")
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
) -> None:
    """The weekly check: who needs action, why, and what is new since last week."""
    from attcli import report_check
    from attcli.check import check_register
    from attcli.config import load_config
    from attcli.loaders import load_exports
    from attcli.output import render_to_bytes

    cfg = load_config(config)
    loaded = load_exports(
        exports,
        cfg,
        preset=preset,
        progress=load_exports_with_progress(),
        pupils=read_pupils_option(pupils),
    )
    result = check_register(
        loaded.register,
        cfg,
        as_of=parse_date_option("--as-of", as_of),
        period_start=parse_date_option("--from", period_from),
        year_group=year_group,
        reg_group=reg_group,
        warnings=loaded.warnings,
        corrections=loaded.corrections,
        roll_dates=loaded.roll_dates,
    )
    if fmt is Format.table:
        if output is not None:
            sink = io.StringIO()
            report_check.render_table(result, Console(file=sink, width=160, no_color=True))
            emit(sink.getvalue(), output, force)
        else:
            report_check.render_table(result, console)
    elif fmt is Format.csv:
        emit(report_check.to_csv(result), output, force)
    elif fmt is Format.json:
        emit(report_check.to_json(result), output, force)
    else:
        emit(render_to_bytes(lambda b: report_check.to_xlsx(result, b)), output, force)


@app.command("init")
def init_command(
    path: Annotated[Path, typer.Argument(help="Where to write the config.")] = Path("attcli.toml"),
    force: ForceOpt = False,
) -> None:
    """Write a commented attcli.toml with every default, to edit for your school."""
    from attcli.config import DEFAULT_CONFIG_TEXT
    from attcli.output import write_private

    write_private(path, DEFAULT_CONFIG_TEXT.encode("utf-8"), force=force)
    console.print(f"wrote {path}: edit the school details and term dates", highlight=False)


def _rows_csv(headers: list[str], rows: list[list[object]]) -> str:
    from attcli.output import safe_cell

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers)
    for r in rows:
        w.writerow([safe_cell(v) for v in r])
    return buf.getvalue()


def _rows_xlsx(headers: list[str], rows: list[list[object]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from attcli.output import render_to_bytes, safe_cell

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(headers)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([safe_cell(v) for v in r])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    for i, h in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(h) + 2)
    return render_to_bytes(wb.save)


@app.command("cme")
def cme_command(
    exports: ExportsArg,
    days: Annotated[
        int, typer.Option("--days", min=1, help="List runs that reached this many school days.")
    ] = 10,
    as_of: AsOfOpt = None,
    period_from: FromOpt = None,
    contacts: Annotated[
        Path | None,
        typer.Option("--contacts", help="MIS contacts export: adds the priority contact's phone."),
    ] = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
) -> None:
    """Children missing education: continuous unexplained absence of N+ school days."""
    from attcli import cme
    from attcli.config import load_config

    cfg = load_config(config)
    result = cme.run_cme(
        exports,
        cfg,
        days=days,
        as_of=parse_date_option("--as-of", as_of),
        period_start=parse_date_option("--from", period_from),
        contacts=contacts,
        preset=preset,
        progress=load_exports_with_progress(),
    )
    if fmt is Format.json:
        emit(
            cme.to_json(
                result.runs,
                as_of=result.as_of,
                days=days,
                contacts=result.contacts,
                coverage=result.coverage,
            ),
            output,
            force,
        )
        return
    headers, rows = cme.rows_for_people(result.runs, result.contacts)
    if fmt is Format.csv:
        emit(_rows_csv(headers, rows), output, force)
    elif fmt is Format.xlsx:
        emit(_rows_xlsx(headers, rows, f"CME {days} days"), output, force)
    elif output is not None:
        sink = io.StringIO()
        cme.render_table(result, days, Console(file=sink, width=160, no_color=True))
        emit(sink.getvalue(), output, force)
    else:
        cme.render_table(result, days, console)
        for w in result.warnings:
            err_console.print(Text(f"note: {w}", style="dim"))


@app.command("register-check")
def register_check_command(
    exports: ExportsArg,
    term: Annotated[str, typer.Option("--term", help="autumn, spring or summer.")],
    year: Annotated[
        int | None,
        typer.Option("--year", help="Academic year by its first calendar year: 2026 = 2026/27."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="FILE.xlsx or FILE.csv (default: register-check-TERM-YEAR.xlsx)."
        ),
    ] = None,
    contacts: Annotated[
        Path | None,
        typer.Option("--contacts", help="MIS contacts export: fills the address column."),
    ] = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
) -> None:
    """The termly register-check file for the local authority (xlsx, or csv for LA portals)."""
    from attcli import lacheck
    from attcli.config import load_config
    from attcli.loaders import load_exports, require_upns
    from attcli.output import render_to_bytes

    cfg = load_config(config)
    settings = lacheck.settings_from(cfg)
    loaded = load_exports(
        exports,
        cfg,
        preset=preset,
        progress=load_exports_with_progress(),
        pupils=read_pupils_option(pupils),
    )
    require_upns(loaded, "register-check")
    addresses = None
    if contacts is not None:
        from attcli.letters.contacts import load_contacts

        frame = load_contacts(contacts).priority_frame().drop_nulls("contact_address")
        addresses = dict(frame.select("upn", "contact_address").iter_rows())
    rc = lacheck.register_check(
        loaded.register, cfg, term=term.lower(), year=year, settings=settings, addresses=addresses
    )
    if output is None:
        output = Path(f"register-check-{rc.term}-{rc.year}.xlsx")
    suffix = output.suffix.lower()
    if suffix == ".csv":
        emit(lacheck.to_csv(rc), output, force)
    elif suffix == ".xlsx":
        emit(render_to_bytes(lambda b: lacheck.to_xlsx(rc, b)), output, force)
    else:
        raise AttcliError(f"--output {str(output)!r}: give a file ending .xlsx or .csv")
    console.print(
        f"{rc.rows.height} pupil{'s' if rc.rows.height != 1 else ''} listed for the "
        f"{rc.term} term {rc.year}/{str(rc.year + 1)[2:]} ({rc.start:%d/%m/%Y} to {rc.end:%d/%m/%Y}, "
        f"figures as of {rc.as_of:%d/%m/%Y})",
        highlight=False,
    )


# --- feature commands (each lives in its own module; register it here) ---
from attcli.letters.command import letters_command, pn_app  # noqa: E402

app.command("letters")(letters_command)
app.add_typer(pn_app, name="pn")

from attcli.report.command import report_command  # noqa: E402

app.command("report")(report_command)


#: Exit status when attcli itself fails (a bug), as against bad input or settings (1).
EXIT_BUG = 70  # EX_SOFTWARE in sysexits.h
EXIT_INTERRUPTED = 130


def main() -> None:
    """Entry point: every failure ends in one line on stderr and an exit status, no traceback.

    :class:`AttcliError` (bad input, settings, an output in the way) exits 1 with its
    message.  Ctrl-C exits 130; running out of memory exits 1 with what to do.  Anything
    else is a bug in attcli: one line saying so and how to see the traceback, exit 70.
    ``--debug`` lets every exception through with its traceback.
    """
    debug = "--debug" in sys.argv[1:]
    try:
        app()
    except AttcliError as exc:
        if debug:
            raise
        _fail(escape(str(exc)), 1)
    except KeyboardInterrupt:
        if debug:
            raise
        _fail(
            "interrupted; files are written whole or not at all, so run it again", EXIT_INTERRUPTED
        )
    except BrokenPipeError:  # `attcli check ... | head`: the reader has gone, not an error
        sys.stderr.close()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except MemoryError:
        if debug:
            raise
        _fail(
            "not enough memory for these exports; close other programs, or give fewer "
            "files or a shorter period (see the README's 'Speed and size')",
            1,
        )
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message
        if debug:
            raise
        _fail(
            f"attcli failed unexpectedly ({escape(type(exc).__name__)}: {escape(str(exc))}). "
            "This is a bug in attcli: run the same command again with --debug to see where, "
            "and report it",
            EXIT_BUG,
        )


def _fail(message: str, code: int) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    sys.exit(code)
