"""The command line: each command parses options, calls one library function, renders.

All user-facing errors are :class:`attcli.errors.AttcliError`; :func:`main`
catches them in one place, prints the message and exits 1.  ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from attcli import __version__
from attcli.cliutil import (
    AsOfOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    Format,
    FormatOpt,
    OutputOpt,
    PresetOpt,
    console,
    emit,
    err_console,
    load_exports_with_progress,
    parse_date_option,
)
from attcli.codes import CODES, LEGACY_CODES, NOT_ON_ROLL
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
    table.add_row(NOT_ON_ROLL, "not possible", "no", "Not on roll (a '-' or blank cell)")
    console.print(table, markup=False)


@app.command("check")
def check_command(
    exports: ExportsArg,
    as_of: AsOfOpt = None,
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
) -> None:
    """The weekly check: who needs action, why, and what is new since last week."""
    from attcli import report_check
    from attcli.check import run_check
    from attcli.config import load_config
    from attcli.output import render_to_bytes

    cfg = load_config(config)
    result = run_check(
        exports,
        cfg,
        as_of=parse_date_option("--as-of", as_of),
        year_group=year_group,
        reg_group=reg_group,
        preset=preset,
        progress=load_exports_with_progress(),
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


# --- feature commands (each lives in its own module; register it here) ---


def main() -> None:
    """Entry point: run the app, turning :class:`AttcliError` into a message and exit code 1."""
    debug = "--debug" in sys.argv[1:]
    try:
        app()
    except AttcliError as exc:
        if debug:
            raise
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)
