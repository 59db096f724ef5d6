"""The command line: each command parses options, calls one library function, renders.

All user-facing errors are :class:`attcli.errors.AttcliError`; :func:`main`
catches them in one place, prints the message and exits 1.  ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from attcli import __version__
from attcli.codes import CODES, LEGACY_CODES, NOT_ON_ROLL
from attcli.errors import AttcliError

app = typer.Typer(
    name="attcli",
    help="Attendance checks, letters and LA files from MIS register exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

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
