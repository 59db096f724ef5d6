"""``attcli pupil``: one pupil's record (``show``, the default) and other pupil commands.

``attcli pupil UPN EXPORT...`` is ``attcli pupil show UPN EXPORT...``: a first word that
is not a command of the group is taken as a UPN (no UPN is a command's name).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from attcli import clock as _clock
from attcli.cliutil import (
    AsOfOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    FromOpt,
    PresetOpt,
    PupilsOpt,
    RegisterUpnArg,
    console,
    err_console,
    given_contacts,
    given_path,
    load_exports_with_progress,
    output_first,
    parse_date_option,
    read_pupils_option,
    school_config,
)


class _ShowByDefault(TyperGroup):
    """A group whose default command is ``show``: ``attcli pupil UPN ...``, its options
    before the UPN too (``attcli pupil --pdf cert.pdf UPN EXPORT``, as the group's help
    names --pdf: sweep "help"); the group's only option of its own is --help."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


pupil_app = typer.Typer(
    cls=_ShowByDefault,
    help="One pupil. attcli pupil UPN EXPORT... shows their record (the same as "
    "attcli pupil show UPN EXPORT...); --pdf FILE writes their attendance certificate.",
    no_args_is_help=True,
)


@pupil_app.command("show")
def show_command(
    upn: RegisterUpnArg,
    exports: ExportsArg,
    as_of: AsOfOpt = None,
    period_from: FromOpt = None,
    contacts: Annotated[
        Path | None,
        typer.Option(
            "--contacts",
            metavar="FILE",
            parser=given_contacts,
            help="MIS contacts export: shows who to phone.",
        ),
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf",
            metavar="FILE",
            parser=given_path,
            help="Write the pupil's attendance certificate to this PDF.",
        ),
    ] = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
) -> None:
    """One pupil's figures, band, flags with evidence, letters and notices on record."""
    from attcli.config import load_config
    from attcli.errors import shown
    from attcli.output import write_private
    from attcli.pupil_record import load_pupil_record, render_record

    if pdf is not None and pdf.suffix.lower() != ".pdf":
        from attcli.errors import AttcliError

        raise AttcliError(f"--pdf {str(pdf)!r}: give a file ending .pdf")
    output_first(pdf, force)  # (a folder not there, a file there: before the record)
    cfg = school_config(load_config(config), exports)
    pupil_list = read_pupils_option(pupils, cfg.columns)  # before the (slow) load
    rec = load_pupil_record(
        exports,
        cfg,
        upn,
        as_of=parse_date_option("--as-of", as_of),
        period_start=parse_date_option("--from", period_from),
        contacts=contacts,
        preset=preset,
        progress=load_exports_with_progress(),
        pupils=pupil_list,
    )
    render_record(rec, console)
    # (an as-of date after today counts marks entered ahead as happened: said, as the
    # check and the evidence pack say it)
    # (the notes naming another pupil: left out, counted: sweep leftovers8)
    for note in [*rec.warnings, *rec.left_out_said(), *_clock.future_note(rec.evaluation.as_of)]:
        from rich.text import Text

        from attcli.terminal import terminal_text

        err_console.print(Text(terminal_text(f"note: {note}", 2000), style="dim"))
    if pdf is not None:
        from attcli.certificate import pupil_certificate
        from attcli.letter_settings import LetterSettings

        fonts = LetterSettings.from_config(cfg).fonts
        made = pupil_certificate(
            rec.register, rec.evaluation, rec.row, made_on=_clock.today(),
            fonts=[fonts] if fonts else None,
        )  # fmt: skip
        write_private(pdf, made, force=force)
        err_console.print(f"wrote {shown(str(pdf))}", highlight=False, markup=False)  # ([x] in a name)


from attcli.pupil.merge import pupil_merge  # noqa: E402

pupil_app.command("merge")(pupil_merge)

from attcli.pupil.forget import pupil_forget  # noqa: E402

pupil_app.command("forget")(pupil_forget)
