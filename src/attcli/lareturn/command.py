"""``attcli la-return``: a thin command over :func:`attcli.lareturn.run.run_la_return`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from attcli.cliutil import (
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    PresetOpt,
    PupilsOpt,
    console,
    err_console,
    given_contacts,
    load_exports_with_progress,
    output_path_or,
    parse_date_option,
    per_school,
    per_school_opt,
    print_notes,
    read_pupils_option,
    say,
    say_problems,
    school_config,
)
from attcli.datetext import recorded_time
from attcli.errors import AttcliError, shown

if TYPE_CHECKING:
    from collections.abc import Sequence

    from attcli.config import Config
    from attcli.loaders import LoadResult

#: ``--per-school DIR``, naming what a school gets (docs/trust.md)
LaReturnPerSchool = per_school_opt(
    "one file a school, DIR/KEY-la-return-YYYY-MM.xlsx (KEY-la-return-since.xlsx with --since)"
)


def la_return_command(
    exports: ExportsArg,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            metavar="YYYY-MM",
            help="The month's return, compared with the returns made before that month.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        bool,
        typer.Option(
            "--since",
            help="Instead of --month: the return for the days since the last return on record.",
        ),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The return's date, YYYY-MM-DD or DD/MM/YYYY (default: the month's last "
            "day, or the last date in the data when earlier; with --since, the last date "
            "in the data).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="FILE.xlsx or FILE.csv (default: la-return-YYYY-MM.xlsx; "
            "la-return-DATE.xlsx with --since).",
            parser=output_path_or("la-return-YYYY-MM.xlsx"),
        ),
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add",
            metavar="UPN",
            help="Put a pupil on the sickness list whom the school believes will miss the "
            "\\[sickness] days (15 by default) through illness (with --reason); they stay "
            "on later returns this school year "
            "until withdrawn.",
            show_default=False,
        ),
    ] = None,
    withdraw: Annotated[
        list[str] | None,
        typer.Option(
            "--withdraw",
            metavar="UPN",
            help="Take off a pupil added by hand (with --reason): listed once more, as ended.",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        list[str] | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Why, one for each --add, then each --withdraw, in order.",
            show_default=False,
        ),
    ] = None,
    contacts: Annotated[
        Path | None,
        typer.Option(
            "--contacts",
            metavar="FILE",
            parser=given_contacts,
            help="MIS contacts export: fills the address and priority contact columns.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the return; write no file and record nothing."),
    ] = False,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
    per_school_dir: LaReturnPerSchool = None,
) -> None:
    r"""The monthly return to the LA: runs of unauthorised absence, long illness (\[cme], \[sickness]).

    Each pupil new, continuing, ended or amended since the last return (docs/la-return.md)."""
    from attcli.config import load_config
    from attcli.lareturn.render import print_text
    from attcli.lareturn.run import run_la_return

    adds, withdraws, reasons = list(add or ()), list(withdraw or ()), list(reason or ())
    if len(reasons) != len(adds) + len(withdraws):
        raise AttcliError(
            f"give one --reason for each --add and --withdraw ({len(reasons)} given, "
            f"{len(adds) + len(withdraws)} needed), in order: the --add pupils' first, then "
            "the --withdraw pupils'"
        )
    cfg = load_config(config)

    def one(exports: Sequence[Path] | LoadResult, cfg: Config, output: Path | None) -> None:
        outcome = run_la_return(
            exports,
            cfg,
            month=month,
            since=since,
            as_of=parse_date_option("--as-of", as_of),
            output=output,
            force=force,
            add=list(zip(adds, reasons[: len(adds)], strict=True)),
            withdraw=list(zip(withdraws, reasons[len(adds) :], strict=True)),
            contacts=contacts,
            preset=preset,
            pupils=read_pupils_option(pupils, cfg.columns),
            progress=load_exports_with_progress(),
            dry_run=dry_run,
        )
        print_text(outcome.ret, console)
        if outcome.ret.problems:
            say_problems(outcome.ret.problems, err=False)
        for line in (outcome.ret.before_exports, outcome.ret.unmarked_within):  # may name a pupil
            if line:
                say(line, "bold red", err=False)
        if outcome.ret.part_time:  # (the part-time pupils cme lists apart: not in it, said)
            say(outcome.ret.part_time, "yellow", err=False)
        if outcome.kept:  # (left by a run stopped before its record: not written again)
            done = (
                f"recorded it as return {outcome.recorded}"
                if outcome.recorded is not None
                else "nothing written"
            )
            err_console.print(
                Text(
                    f"{outcome.output} is this return, written by a run stopped before it "
                    f"was recorded: {done}, the file left as it was"
                    + ("; the next compares with it" if outcome.recorded is not None else "")
                ),
                highlight=False,
            )
        elif outcome.output is not None:
            err_console.print(Text(f"wrote {shown(str(outcome.output))}"), highlight=False)
        if outcome.kept and outcome.recorded is not None:
            pass
        elif outcome.recorded is not None:
            err_console.print(
                Text(
                    f"recorded as return {outcome.recorded} in the workspace's history; the "
                    "next compares with it"
                ),
                highlight=False,
            )
        elif outcome.same_as is not None:
            same = outcome.same_as
            err_console.print(
                Text(
                    f"the same as return {same.id}, written {recorded_time(same.written_at)} "
                    f"by {same.written_by}: "
                    "nothing new recorded"
                ),
                highlight=False,
            )
        elif dry_run:
            err_console.print(Text("dry run: no file written, nothing recorded"), highlight=False)
        from attcli.cliutil import school_identity_note
        from attcli.clock import future_note

        print_notes(
            list(outcome.warnings)
            + future_note(outcome.ret.period.as_of)
            + school_identity_note(outcome.ret.config, "the return")
        )

    if per_school_dir is None:
        one(list(exports), school_config(cfg, exports), output)
        return
    if output is not None or adds or withdraws:
        raise AttcliError(
            "--per-school writes one return a school: leave out --output, --add and --withdraw "
            "(run those in the pupil's school's own return)"
        )
    from attcli.lareturn.rules import parse_month

    # the month as the school's own return names it (--month 2026-9 is 2026-09: sweep "help")
    label = f"{parse_month(month):%Y-%m}" if month is not None else "since"
    from attcli.lareturn.run import WITHOUT_LOOKED_AFTER

    per_school(exports, cfg, per_school_dir, lambda key: f"{key}-la-return-{label}.xlsx", one,
               preset=preset, pupils=pupils, dry_run=dry_run,
               without_looked_after=WITHOUT_LOOKED_AFTER, contacts=contacts)  # fmt: skip
