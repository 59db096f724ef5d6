"""What every command shares: consoles, option types, dates, writing output."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from attcli.errors import AttcliError, OutputError

console = Console()
err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


ExportsArg = Annotated[
    list[Path],
    typer.Argument(help="Register export files (CSV or XLSX) from your MIS.", show_default=False),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="School config file (default: ./attcli.toml if present)."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date to check as of: YYYY-MM-DD or DD/MM/YYYY (default: the last date in the data).",
    ),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Start of a shorter period to report on, YYYY-MM-DD or DD/MM/YYYY (default: "
        "1 September). Say it when the exports start later: figures, bands and letters are "
        "then for this period only.",
    ),
]
PresetOpt = Annotated[
    str | None,
    typer.Option(
        "--preset",
        help="Force the export shape: arbor, integris, long or wide (default: detected).",
    ),
]
PupilsOpt = Annotated[
    Path | None,
    typer.Option(
        "--pupils",
        help="Pupil list (CSV or XLSX) with each pupil's MIS id, UPN, names, and joining and "
        "leaving dates: for registers that identify pupils by an MIS id.",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of the screen.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]


def parse_date_option(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise AttcliError(f"{name} {value!r} is not a date: write it YYYY-MM-DD or DD/MM/YYYY")


def read_pupils_option(path: Path | None):  # -> attcli.loaders.PupilList | None
    """The pupil list given with ``--pupils``, read (or None)."""
    if path is None:
        return None
    from attcli.loaders import read_pupil_list

    return read_pupil_list(path)


def load_exports_with_progress() -> Callable[[str, int, int], None] | None:
    """A progress callback for long loads, shown on a terminal only (stderr)."""
    if not err_console.is_terminal:
        return None

    def update(name: str, done: int, total: int) -> None:
        if done < total:
            err_console.print(
                f"loading {name} ({done + 1}/{total})...", style="dim", highlight=False
            )

    return update


def emit(text: str | bytes, output: Path | None, force: bool) -> None:
    from attcli.output import write_private

    if output is None:
        if isinstance(text, bytes):
            raise OutputError("this format needs --output FILE")
        sys.stdout.write(text)
        return
    data = text.encode("utf-8") if isinstance(text, str) else text
    write_private(output, data, force=force)
    err_console.print(f"wrote {output}", highlight=False)
