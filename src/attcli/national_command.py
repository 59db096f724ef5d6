"""``attcli national``: the DfE's figures the report compares the school with (attcli.national).

``show`` prints what is in use and where it came from; ``update FILE.csv`` keeps the figures
of a CSV downloaded from explore-education-statistics in the workspace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attcli.cliutil import (
    ConfigOpt,
    console,
    err_console,
    given_path,
    parse_date_option,
    print_wrapped,
)

national_app = typer.Typer(
    help="The DfE's national (and local authority) absence figures the report compares the "
    "school with: show them, or load a newer release downloaded from explore-education-"
    "statistics.",
    no_args_is_help=True,
)


@national_app.command("show")
def show_command(config: ConfigOpt = None) -> None:
    """The figures in use (shipped, loaded by update, or \\[report.national]) and their sources."""
    from attcli.config import load_config
    from attcli.national import describe

    for line in describe(load_config(config), width=console.width):
        print_wrapped(console, line)



@national_app.command("update")
def update_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            parser=given_path,
            help="A CSV downloaded from explore-education-statistics: 'Pupil absence in schools "
            "in England' (e.g. absence rates by geographic level) or 'Pupil attendance in "
            "schools'.",
            show_default=False,
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="The period to load, as in the file's time_period (and time_identifier), e.g. "
            "202425 or '202526 Autumn term' (default: the latest).",
            show_default=False,
        ),
    ] = None,
    release: Annotated[
        str | None,
        typer.Option(
            "--release",
            help="The release's name, printed with the figures (default: the publication and "
            "the period).",
            show_default=False,
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="The release's publication date, YYYY-MM-DD or DD/MM/YYYY, printed with the "
            "figures.",
            show_default=False,
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="The release's page (default: the publication's page on "
            "explore-education-statistics).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Load the national and local authority figures of a downloaded EES CSV into the workspace (attcli-national.csv), in place of the figures shipped with attcli."""
    from attcli.config import load_config
    from attcli.national import update

    lines = update(
        load_config(config),
        file,
        period=period,
        release=release,
        published=parse_date_option("--published", published),
        url=url,
    )
    for line in lines:
        print_wrapped(err_console if line.startswith("note: ") else console, line)
