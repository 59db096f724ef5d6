"""The command line: each command parses options, calls one library function, renders.

All user-facing errors are :class:`attcli.errors.AttcliError`; :func:`main`
catches them in one place, prints the message and exits 1.  ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import io
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from attcli import __version__
from attcli.cliutil import (
    BOM,
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
    SafeConsole,
    as_of_notes,
    console,
    emit,
    err_console,
    format_ending,
    given_contacts,
    given_folder,
    load_exports_with_progress,
    output_first,
    output_format,
    output_path_or,
    parse_date_option,
    per_school,
    per_school_opt,
    print_notes,
    print_wrapped,
    read_pupils_option,
    say,
    say_problems,
    school_config,
)
from attcli.codes import CODES, CODES_CHANGED, DEFAULT_SUBCODES, LEGACY_CODES, MISSING_MARK
from attcli.errors import AttcliError, shown

if TYPE_CHECKING:
    from collections.abc import Sequence

    import polars as pl

    from attcli.check import CheckResult
    from attcli.cme import CmeResult
    from attcli.config import Config
    from attcli.coverage import Coverage
    from attcli.joined import JoinedRun
    from attcli.loaders import LoadResult

app = typer.Typer(
    name="attcli",
    help="Attendance checks, letters and LA files from MIS register exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}


#: ``--per-school DIR`` of each command, naming the files a school gets (docs/trust.md)
CheckPerSchool = per_school_opt("one file a school, DIR/KEY-check.json (or as --format says)")
CmePerSchool = per_school_opt("one file a school, DIR/KEY-cme.csv (or as --format says)")
RegisterCheckPerSchool = per_school_opt("one file a school, DIR/KEY-register-check-TERM.xlsx")


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
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            metavar="DIR",
            parser=given_folder,
            help="The school's workspace: the folder holding its attcli.toml and history "
            "(default: $ATTCLI_WORKSPACE, else ./attcli.toml, else your user folder). May "
            "also be given after the command.",
        ),
    ] = None,
) -> None:
    from attcli import workspace as ws

    _state["debug"] = debug
    ws.choose(workspace)


@app.command("codes")
def codes_command(
    wanted: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="CODE...",
            help="Only these codes (attcli codes N I01): the code a sub-code counts as.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the national attendance codes, their category and whether they count as possible."""
    if wanted:
        # `attcli codes N` (what N means) was "Got unexpected extra argument(s) (N)": the
        # codes typed, in any capitals, each its row (sweep "slips")
        _some_codes(wanted)
        return
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
    # the legacy rows (dim, which a pipe or a printout does not show): when they count so
    console.print(
        f"{' '.join(c.code for c in LEGACY_CODES)}: codes no longer in use (since "
        f"{CODES_CHANGED:%d/%m/%Y}; F since September 2013), counted as they "
        "counted when in use and said in the output; one recorded on or after "
        f"{CODES_CHANGED:%d/%m/%Y} is said as a mark to recode in the MIS.",
        markup=False,
    )
    # the sub-codes read without a word in the config (codes.DEFAULT_SUBCODES)
    by_parent: dict[str, list[str]] = {}
    for sub, parent in DEFAULT_SUBCODES.items():
        by_parent.setdefault(parent, []).append(sub)
    said = "; ".join(
        f"{' and '.join(subs) if len(subs) < 3 else f'{subs[0]} to {subs[-1]}'} as {parent}"
        for parent, subs in by_parent.items()
    )
    console.print(
        f"MIS sub-codes counted as their parent code: {said}. Map your MIS's others in "
        'attcli.toml: [codes.subcodes] I02 = "I".',
        markup=False,
    )


def _some_codes(wanted: list[str]) -> None:
    """The rows of ``attcli codes`` of the codes ``wanted`` (a sub-code, ``I01``, as the
    code it counts as); a code none is one line naming it."""
    known = {c.code: c for c in CODES + LEGACY_CODES}
    rows = []
    for typed in wanted:
        key = typed.strip().upper()
        parent = DEFAULT_SUBCODES.get(key)
        code = known.get(parent or key)
        if code is None and key != MISSING_MARK:
            raise AttcliError(
                f"{typed!r} is no attendance code; `attcli codes` lists them all"
            )
        rows.append((typed.strip(), parent, code))
    table = Table(title="Attendance codes (2024 regulations)")
    for column in ("code", "category", "possible", "meaning"):
        table.add_column(column)
    for typed, parent, c in rows:
        if c is None:
            table.add_row(MISSING_MARK, "missing mark", "no", "No mark recorded")
            continue
        table.add_row(
            f"{typed.upper()} (counted as {parent})" if parent else c.code,
            c.category.value.replace("_", " "),
            "yes" if c.category.counts_as_possible else "no",
            c.meaning + (" (no longer in use)" if c.legacy else ""),
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
    per_school_dir: CheckPerSchool = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Record this check's figures in the workspace, for next week's NEW and "
            "changes (the whole school only).",
        ),
    ] = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
) -> None:
    """The weekly check: who needs action, why, and what is new since last week."""
    from attcli.config import load_config

    if record and (year_group is not None or reg_group is not None):
        raise AttcliError(
            "--record stores the whole school's figures: leave out --year-group and --reg-group"
        )
    if record and period_from is not None:
        raise AttcliError(
            "--record stores the school year's figures: leave out --from (a check on record "
            "is what next week's year-to-date check compares with)"
        )
    cfg = load_config(config)
    if per_school_dir is not None:
        if output is not None or record:
            raise AttcliError("--per-school writes one file a school: leave out --output and --record")
        from attcli.check import NoSuchGroup
        from attcli.loaders import pupil_identities
        from attcli.report.trust import two_school_children_lines, upn_notes

        ext = format_ending(fmt or Format.json)
        identities = []  # (school, its pupils' UPNs, names, dates of birth): a UPN of two children
        # (a school without the --year-group or --reg-group, a trust's primary for Year 7:
        # said and skipped, not the end of the run; sweep "groups")
        skipped: list[tuple[str, NoSuchGroup]] = []
        evaluations = []  # (school, its evaluation): a mover's penalty-notice window across them

        def one(files, c, out):  # type: ignore[no-untyped-def]
            try:
                result = _check_one(files, c, fmt or Format.json, out, force, False, as_of,
                                    period_from, year_group, reg_group, preset, pupils)
            except NoSuchGroup as exc:
                if year_group is None and reg_group is None:
                    raise
                who = f"{out.name.removesuffix(f'-check{ext}')} ({c.school.name})"
                skipped.append((who, exc))
                err_console.print(f"note: {who}: {exc}: nothing written for it",
                                  style="dim", highlight=False, markup=False)
                return
            prepared = result.evaluation.prepared
            assert prepared is not None
            identities.append((c.school.name, pupil_identities(prepared.roll)))
            evaluations.append((c.school.name, result.evaluation))

        from attcli.check import WITHOUT_LOOKED_AFTER

        per_school(exports, cfg, per_school_dir, lambda key: f"{key}-check{ext}", one,
                   preset=preset, pupils=pupils,
                   without_looked_after=WITHOUT_LOOKED_AFTER)  # fmt: skip
        if skipped and not identities:
            raise AttcliError(
                f"{skipped[0][1].options}: no school has it: "
                + "; ".join(f"{who}: {exc.reason}" for who, exc in skipped)
            )
        from attcli.joined import pn_across_schools

        # as report --trust says them; and a mover at the threshold across the schools
        print_notes(
            upn_notes(identities)[1]
            + two_school_children_lines(identities)
            + pn_across_schools(evaluations, identities)
        )
        return
    _check_one(exports, school_config(cfg, exports), output_format(fmt, output), output, force,
               record, as_of, period_from, year_group, reg_group, preset, pupils)  # fmt: skip


def _check_one(
    exports: Sequence[Path] | LoadResult, cfg: Config, fmt: Format, output: Path | None, force: bool,
    record: bool, as_of: str | None, period_from: str | None, year_group: str | None,
    reg_group: str | None, preset: str | None, pupils: Path | None,
) -> CheckResult:  # fmt: skip
    """One run of the weekly check (one school's, under --per-school); its result."""
    from attcli import report_check
    from attcli.check import run_check
    from attcli.output import render_to_bytes

    output_first(output, force)
    if record:  # no workspace to record in: refused before the check is made and written,
        # not after its JSON or file (a document then exit 1), as `evidence` refuses first;
        # nor one whose history is read-only (the check was written, then refused)
        from attcli.store import history_path, unwritable

        if why := unwritable(history_path(cfg)):
            raise AttcliError(why)

    result = run_check(
        exports,
        cfg,
        as_of=parse_date_option("--as-of", as_of),
        period_start=parse_date_option("--from", period_from),
        year_group=year_group,
        reg_group=reg_group,
        preset=preset,
        progress=load_exports_with_progress(),
        pupils=read_pupils_option(pupils, cfg.columns),
    )
    if fmt is Format.table:
        if output is not None:
            sink = io.StringIO()
            report_check.render_table(result, SafeConsole(file=sink, width=160, no_color=True))
            emit(sink.getvalue(), output, force)
        else:
            report_check.render_table(result, console)
    elif fmt is Format.csv:
        emit(BOM + report_check.to_csv(result), output, force)
    elif fmt is Format.json:  # (to a file its bytes, made without the text: issue 15)
        emit(report_check.to_json(result) if output is None else report_check.to_json_bytes(result),
             output, force)  # fmt: skip
    else:
        emit(render_to_bytes(lambda b: report_check.to_xlsx(result, b)), output, force)
    _coverage_said(result.coverage, on_screen=fmt is Format.table and output is None)
    notes = list(result.warnings) + as_of_notes(
        cfg, result.evaluation.as_of, result.coverage.data_end, as_of is not None
    )
    if fmt is Format.csv and result.run_corrections_note:  # (the others list them)
        notes.append(result.run_corrections_note)
    quality = report_check.quality_note(result) if fmt is Format.csv else None
    if quality:  # (the table, the JSON and the workbook list each item)
        notes.append(quality)
    gone = report_check.gone_note(result) if fmt is Format.csv else None
    if fmt is Format.xlsx:  # (its Summary says it too, naming the Changes sheet)
        gone = report_check.gone_note(result, sheet="the workbook's Changes sheet")
    if gone:  # (the table and the JSON list them among the changes)
        notes.append(gone)
    if fmt is Format.csv and (changed := report_check.changes_note(result)):
        notes.append(changed)  # (a row a pupil: the others list each change)
    if fmt in (Format.csv, Format.xlsx) and result.thresholds_note:
        # (the table and the JSON say it at the head of the changes; a CSV or a workbook
        # lists none, and its NEW in a band the thresholds moved reads as a fall)
        notes.append(result.thresholds_note)
    if record:
        from attcli.cases.run import record_check

        try:
            notes.append(record_check(result, cfg, exports))
        except AttcliError:
            print_notes(notes)  # (the check shown keeps its notes; the refusal comes last)
            raise
    print_notes(notes)
    return result


def _coverage_said(coverage: Coverage | None, *, on_screen: bool) -> None:
    """What the exports miss (the INCOMPLETE line), on stderr when the output is not the
    table on the screen, which has it: a CSV or a workbook has no place for it, and a
    file's reader is not the person at the terminal (DOMAIN.md 2: said, never silent)."""
    line = coverage.line() if coverage is not None and not on_screen else None
    if line:
        from attcli.cliutil import say

        say(line, "bold red")


def _detail_opt(flag: str, what: str, metavar: str = "TEXT") -> object:
    return typer.Option(flag, metavar=metavar, help=what, show_default=False)


def _detail_answer(key: str):  # noqa: ANN202 (click's value_proc)
    """Read one answer to an ``init`` prompt: an address split at its commas; one the
    config would refuse raised as ``typer.BadParameter`` (click's ``UsageError``), which the
    prompt says and asks again, so one wrong answer loses no other (Enter still leaves it
    to fill in)."""
    from attcli.config import check_detail
    from attcli.errors import ConfigError

    def read(text: str) -> str | list[str]:
        answer = text.strip()
        if not answer:
            return ""
        value = [x.strip() for x in answer.split(",")] if key == "address" else answer
        try:
            check_detail(key, value)
        except ConfigError as exc:
            why = str(exc).split(": ", 1)[1]  # (the key is the prompt's)
            raise typer.BadParameter(
                f"{why}; type it again (Enter leaves it to fill in later)"
            ) from None
        return value

    return read


def _check_init_options(options: dict[str, tuple[str, str | None]]) -> None:
    """Each of ``init``'s school options as the config will read it, before any folder is
    made: a value it refuses is named by the option typed (``--urn``), not by a config key
    (``school.urn``) of a file the user has not seen yet, and leaves no empty folder."""
    from attcli.config import check_detail
    from attcli.errors import ConfigError

    for option, (key, value) in options.items():
        if value is None:
            continue
        given = [x.strip() for x in value.split(",")] if key == "address" else value
        try:
            check_detail(key, given)
        except ConfigError as exc:
            raise AttcliError(f"{option}: {str(exc).split(': ', 1)[1]}") from None


def _asks() -> bool:
    """``attcli init`` asks for the details not given: on a terminal only."""
    return sys.stdin.isatty() and err_console.is_terminal


@app.command("init")
def init_command(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="FOLDER",
            parser=given_folder,
            help="The workspace folder to make (default: --workspace, else $ATTCLI_WORKSPACE, "
            "else your user folder). A name ending .toml writes that config file instead.",
            show_default=False,
        ),
    ] = None,
    school: Annotated[str | None, _detail_opt("--school", "The school's name.")] = None,
    urn: Annotated[str | None, _detail_opt("--urn", "Its URN.", "URN")] = None,
    dfe_number: Annotated[
        str | None, _detail_opt("--dfe-number", "Its DfE number, e.g. 999/4001.", "NUMBER")
    ] = None,
    local_authority: Annotated[
        str | None, _detail_opt("--local-authority", "Its local authority.")
    ] = None,
    address: Annotated[
        str | None,
        _detail_opt("--address", "Its postal address, lines separated by commas."),
    ] = None,
    phone: Annotated[str | None, _detail_opt("--phone", "The phone number letters give.")] = None,
    email: Annotated[str | None, _detail_opt("--email", "The email address letters give.")] = None,
    headteacher: Annotated[str | None, _detail_opt("--headteacher", "The head's name.")] = None,
    attendance_lead: Annotated[
        str | None, _detail_opt("--attendance-lead", "Who signs the letters.")
    ] = None,
    attendance_lead_role: Annotated[
        str | None,
        _detail_opt("--attendance-lead-role", "Their role (default: Attendance Officer)."),
    ] = None,
    ladder: Annotated[
        str | None,
        _detail_opt(
            "--ladder",
            "A policy's escalation ladder for attcli cases, with bands that send its "
            "letters: seed003 or seed004.",
            "NAME",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing attcli.toml: the settings in it (term dates, "
            "thresholds, your school's details) are lost.",
        ),
    ] = False,
) -> None:
    """Make a school's workspace: a commented attcli.toml with every setting, for your school."""
    from attcli import workspace
    from attcli.config import CONFIG_NAME, LADDERS, SCHOOL_PROMPTS, init_text, ladder_text
    from attcli.output import write_private

    if ladder is not None:
        # ("Seed 004", "SEED004", "seed_004": the ladder seed004, certainly; sweep "slips")
        key = "".join(ch for ch in ladder.lower() if ch.isalnum())
        ladder = next((n for n in LADDERS if n == key), ladder)
        ladder_text(ladder)  # the name checked before any folder is made
    _check_init_options(
        {"--school": ("name", school), "--urn": ("urn", urn),
         "--dfe-number": ("dfe_number", dfe_number),
         "--local-authority": ("local_authority", local_authority),
         "--address": ("address", address), "--phone": ("phone", phone),
         "--email": ("email", email), "--headteacher": ("headteacher", headteacher),
         "--attendance-lead": ("attendance_lead", attendance_lead),
         "--attendance-lead-role": ("attendance_lead_role", attendance_lead_role)}
    )  # fmt: skip
    if folder is not None and folder.suffix.lower() == ".toml":
        target, how = folder, "the file named"
        if workspace.chosen() is not None:
            raise AttcliError("give --workspace DIR or a config FILE.toml to init, not both")
    else:
        if folder is not None and workspace.chosen() is not None:
            raise AttcliError("give the workspace folder once: --workspace DIR or FOLDER")
        where, how = (
            (folder, "the folder named")
            if folder is not None
            else workspace.init_folder(workspace.chosen())
        )
        from attcli.output import make_folder

        make_folder(where)  # (a folder the user cannot write in: one line, sweep10)
        if how == workspace.HOW_USER:  # (a link planted there: links sweep)
            workspace.refuse_shared_user_folder(where, init=True)
        target = where / CONFIG_NAME
    given: dict[str, object] = {
        "name": school,
        "urn": urn,
        "dfe_number": dfe_number,
        "local_authority": local_authority,
        "address": [x.strip() for x in address.split(",")] if address is not None else None,
        "phone": phone,
        "email": email,
        "headteacher": headteacher,
        "attendance_lead": attendance_lead,
        "attendance_lead_role": attendance_lead_role,
    }
    if _asks():
        err_console.print(
            "Your school's details (press Enter to leave one to fill in later):", highlight=False
        )
        for key, what in SCHOOL_PROMPTS.items():
            if given.get(key) is None:
                hint = ", lines separated by commas" if key == "address" else ""
                answer = typer.prompt(
                    f"  {what[0].upper()}{what[1:]}{hint}",
                    default="",
                    show_default=False,
                    value_proc=_detail_answer(key),
                )
                if answer:
                    given[key] = answer
    text = init_text(given, ladder=ladder)
    from attcli.config import parse_config

    # read back as every command will read it, before it is written: a value the config
    # refuses (a control character in a name) is refused here, not left in the file (sweep10)
    todo = parse_config(text).unfilled
    write_private(target, text.encode("utf-8"), force=force)
    print_wrapped(console, f"wrote {shown(str(target))} ({how})")
    if todo:
        print_wrapped(
            console,
            f"{len(todo)} value{'s' if len(todo) != 1 else ''} still say FILL IN "
            f"({', '.join(todo[:4])}{', ...' if len(todo) > 4 else ''}): letters and penalty "
            "notices wait until you fill them in",
        )
    if target.name == CONFIG_NAME and how == workspace.HOW_USER:
        console.print(
            "attcli finds this workspace from any folder (unless a folder has its own "
            f"{CONFIG_NAME})",
            highlight=False,
        )
    elif target.name == CONFIG_NAME:
        from attcli.output import command_arg

        folder_arg = command_arg(str(target.parent.resolve()))
        print_wrapped(
            console,
            f"use it from any folder with `attcli --workspace {folder_arg} ...` "
            f"or by setting {workspace.ENV_VAR}={folder_arg}",
        )


@app.command("cme")
def cme_command(
    exports: ExportsArg,
    days: Annotated[
        int | None,
        typer.Option(
            "--days",
            min=1,
            metavar="DAYS",  # (not Typer's "int range [x>=1]": sweep "help")
            help="List runs that reached this many school days (default: \\[cme] days in the "
            "config, 10 unless it says).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOpt = None,
    period_from: FromOpt = None,
    contacts: Annotated[
        Path | None,
        typer.Option(
            "--contacts",
            metavar="FILE",
            parser=given_contacts,
            help="MIS contacts export: adds the priority contact's phone.",
        ),
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
    per_school_dir: CmePerSchool = None,
) -> None:
    """Children missing education: continuous unexplained absence of N+ school days."""
    from attcli.config import load_config

    cfg = load_config(config)
    if per_school_dir is not None:
        if output is not None:
            raise AttcliError("--per-school writes one file a school: leave out --output")
        from attcli.report.trust import two_school_children_lines

        ext = format_ending(fmt or Format.csv)
        identities = []  # (school, its pupils' UPNs, names, dates of birth)

        def one(files, c, out):  # type: ignore[no-untyped-def]
            result = _cme_one(files, c, days, as_of, period_from, contacts,
                              fmt or Format.csv, out, force, preset, pupils)  # fmt: skip
            if result.identities is not None:
                identities.append((c.school.name, result.identities))

        from attcli.cme import WITHOUT_LOOKED_AFTER as CME_WITHOUT

        per_school(exports, cfg, per_school_dir, lambda key: f"{key}-cme{ext}", one,
                   preset=preset, pupils=pupils, without_looked_after=CME_WITHOUT,
                   contacts=contacts)  # fmt: skip
        # a child under a UPN at each of two schools, as check --per-school says it
        print_notes(two_school_children_lines(identities))
        return
    _cme_one(exports, school_config(cfg, exports), days, as_of, period_from, contacts,
             output_format(fmt, output), output, force, preset, pupils)  # fmt: skip


def _cme_one(
    exports: Sequence[Path] | LoadResult, cfg: Config, days: int | None, as_of: str | None,
    period_from: str | None, contacts: Path | None, fmt: Format, output: Path | None,
    force: bool, preset: str | None, pupils: Path | None,
) -> CmeResult:  # fmt: skip
    """One CME run (one school's, under --per-school: its own ``[cme] days`` when
    ``days`` is not given); its result."""
    from attcli import cme
    from attcli.output import rows_csv, rows_xlsx

    output_first(output, force)

    days = cfg.cme_days if days is None else days

    result = cme.run_cme(
        exports,
        cfg,
        days=days,
        as_of=parse_date_option("--as-of", as_of),
        period_start=parse_date_option("--from", period_from),
        contacts=contacts,
        preset=preset,
        pupils=read_pupils_option(pupils, cfg.columns),
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
                warnings=_cme_lines(result, days),
                part_time=result.part_time,
                part_time_rule=result.part_time_rule,
                joined=[j for j in result.joined if j.reaches(days)],
                part_time_joined=[j for j in result.part_time_joined if j.reaches(days)],
            ),
            output,
            force,
        )
        _coverage_said(result.coverage, on_screen=False)
        _cme_notes(result, cfg, as_of is None, days, json=True)
        return result
    headers, rows = cme.rows_for_people(
        result.runs, result.contacts, dates=fmt is Format.xlsx, part_time=result.part_time,
        joined=[j for j in result.joined if j.reaches(days)],
        part_time_joined=[j for j in result.part_time_joined if j.reaches(days)],
    )  # (a workbook's dates are date cells)
    if fmt is Format.csv:
        emit(BOM + rows_csv(headers, rows), output, force)
    elif fmt is Format.xlsx:
        emit(rows_xlsx(headers, rows, f"CME {days} days"), output, force)
    elif output is not None:
        sink = io.StringIO()
        cme.render_table(result, days, SafeConsole(file=sink, width=160, no_color=True))
        emit(sink.getvalue(), output, force)
    else:
        cme.render_table(result, days, console)
    _coverage_said(result.coverage, on_screen=fmt is Format.table and output is None)
    _cme_notes(
        result, cfg, as_of is None, days if fmt in (Format.csv, Format.xlsx) else None,
        rows=fmt in (Format.csv, Format.xlsx),
    )
    return result


def _cme_lines(result: CmeResult, days: int | None) -> list[str]:
    """What a CME run says beside its list, as :func:`_cme_notes` says it on stderr and the
    JSON lists it in ``warnings`` (as the check's JSON lists the check's): the register's
    problems, the runs of a child under two UPNs (``days``: the list is a file), the runs
    that may have begun before the exports or gone on after them, then the notes."""
    lines = [result.problems] if result.problems else []
    lines += [
        _joined_said(result, j, days, json=True)
        for j in (*result.joined, *result.part_time_joined) if days is not None
    ]  # fmt: skip
    lines += [
        x for x in (result.before_exports, result.part_time_before_exports, result.after_data,
                    result.part_time_after_data)
        if x
    ]  # fmt: skip
    return lines + list(result.warnings)


def _joined_said(
    result: CmeResult, j: JoinedRun, days: int, *, rows: bool = False, json: bool = False
) -> str:
    """The line of a run joined across a child's two UPNs beside a file of the list: where
    the file holds it (a CSV's or workbook's row, ``rows``; the JSON's ``joined_runs`` or
    ``part_time_joined_runs``, ``json``) when it reaches ``days``, else "not in this list"
    (:meth:`attcli.cme.CmeResult.marked`).  The JSON's line said "not in this list as one
    run" of a run its ``joined_runs`` held (sweep leftovers11 added them; the lead's merge)."""
    from attcli.cme import NOTE_HEADER

    if rows and j.reaches(days):
        upns = " + ".join(j.upns)
        return j.marked(days, f"a row of this file, UPN '{upns}' (its {NOTE_HEADER} says so)")
    if json and j.reaches(days):
        key = "part_time_joined_runs" if j in result.part_time_joined else "joined_runs"
        return j.marked(days, f"in this file's {key}")
    return result.marked(j, days)


def _cme_notes(
    result: CmeResult,
    cfg: Config,
    as_of_default: bool,
    days: int | None,
    *,
    rows: bool = False,
    json: bool = False,
) -> None:
    """``days``: the list is a file (JSON, CSV, XLSX), which holds each UPN's runs alone:
    the runs of a child under two UPNs are said here (the table has them itself).
    ``rows``: a CSV or workbook, which has a row of each such run reaching ``days``, its
    Note the run's line (:func:`attcli.cme.rows_for_people`): said as in the file."""
    if result.problems:  # on stderr: stdout may be the JSON
        say_problems(result.problems)
    for j in (*result.joined, *result.part_time_joined) if days is not None else ():
        # (the file has the run's row or object: the line says which, as the part-time
        # rows' does)
        said = _joined_said(result, j, days, rows=rows, json=json)
        say(said, "bold red" if j.reaches(days) else "yellow")
    # (name a pupil)
    for line in (
        result.before_exports, result.part_time_before_exports, result.after_data,
        result.part_time_after_data,
    ):  # fmt: skip
        if line:
            say(line, "bold red")
    part_time = result.part_time
    # (a CSV's or workbook's part-time rows: the runs' and those joined across two UPNs)
    k = part_time.height if part_time is not None else 0
    if rows and days is not None:
        k += sum(1 for j in result.part_time_joined if j.reaches(days))
    if days is not None and k:
        # (a file's part-time rows, after the runs': what they count, as the table says)
        # (named by the List column's own words: the file has no key, and no other value)
        from attcli.cme import LIST_PART_TIME

        rows = f"last {k} rows" if k != 1 else "last row"
        are = "are part-time pupils' runs" if k != 1 else "is a part-time pupil's run"
        rule = result.part_time_rule  # (a sentence of its own: here after a colon)
        say(
            f"the file's {rows} (List '{LIST_PART_TIME}') {are}, "
            f"after the runs of unexplained absence: {rule[:1].lower()}{rule[1:]}",
            "yellow",
        )
    data_end = result.coverage.data_end if result.coverage is not None else None
    print_notes(list(result.warnings) + as_of_notes(cfg, result.as_of, data_end, not as_of_default))


def _academic_year(option: str, text: str | None) -> int | None:
    """An academic year as schools write it, ``2026/27``, ``2026-27``, ``2026/2027``, or by
    its first calendar year, ``2026``: that first year (None: not given)."""
    if text is None:
        return None
    import re

    m = re.fullmatch(r"(\d{4})(?:\s*[/-]\s*(\d{4}|\d{2}))?", text.strip())
    first = int(m.group(1)) if m else None
    if m and m.group(2) is not None:
        second = int(m.group(2))
        if second != (first + 1 if len(m.group(2)) == 4 else (first + 1) % 100):  # type: ignore[operator]
            first = None
    if first is None:
        raise AttcliError(
            f"{option} {text.strip()!r} is not an academic year: write it 2026/27 (or 2026, "
            "the year that starts in September 2026, for its autumn term)"
        )
    return first


def _term(text: str) -> str:
    """``--term`` as the office types it: autumn, spring or summer in any capitals, with
    spaces round it or "term" after it, or the first three letters or more of one (each
    certainly that term); a half term ("Autumn 1") or anything else one line, before the
    exports are read (sweep "slips")."""
    import re

    from attcli.lacheck import TERMS

    word = " ".join(text.lower().split())
    word = re.sub(r"\s*term$", "", word) or word
    found = [t for t in TERMS if len(word) >= 3 and t.startswith(word)]
    if len(found) == 1:
        return found[0]
    half = re.fullmatch(r"(autumn|spring|summer)\s*(?:half\s*)?(?:term\s*)?[12]", word)
    if half:
        raise AttcliError(
            f"--term {text!r} is a half term: the register check is of a whole term; give "
            f"--term {half.group(1)}"
        )
    raise AttcliError(f"--term {text!r}: choose autumn, spring or summer")


@app.command("register-check")
def register_check_command(
    exports: ExportsArg,
    term: Annotated[
        str, typer.Option("--term", metavar="TERM", help="autumn, spring or summer.")
    ],
    year: Annotated[
        str | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            help="Academic year, 2026/27 (or by its first calendar year, 2026, for the "
            "autumn term) (default: the year of the --as-of date).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="FILE.xlsx or FILE.csv (default: register-check-TERM-YEAR.xlsx).",
            parser=output_path_or("register-check-TERM-YEAR.xlsx"),
        ),
    ] = None,
    contacts: Annotated[
        Path | None,
        typer.Option(
            "--contacts",
            metavar="FILE",
            parser=given_contacts,
            help="MIS contacts export: fills the address column.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Figures as of this date, YYYY-MM-DD or DD/MM/YYYY (default: the last date "
            "in the data); never after the term's last day.",
        ),
    ] = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
    per_school_dir: RegisterCheckPerSchool = None,
) -> None:
    """The termly register-check file for the local authority (xlsx, or csv for LA portals)."""
    from attcli.config import load_config

    term = _term(term)
    if year is not None and re.fullmatch(r"\d{4}", year.strip()) and term != "autumn":
        # (the spring and summer terms of 2026/27 are in 2027: "--year 2027 --term summer"
        # is summer 2027 to a person, and 2027/28's to the help; sweep "slips")
        y = int(year.strip())
        raise AttcliError(
            f"--year {y} with --term {term}: the {term} term of {y}/{str(y + 1)[2:]} is in "
            f"{y + 1}, and the {term} term of {y} is of {y - 1}/{str(y)[2:]}: write --year "
            f"{y - 1}/{str(y)[2:]} or {y}/{str(y + 1)[2:]}"
        )
    year = _academic_year("--year", year)  # type: ignore[assignment]
    cfg = load_config(config)
    if per_school_dir is not None:
        if output is not None:
            raise AttcliError("--per-school writes one file a school: leave out --output")
        from attcli.report.trust import two_school_children_lines

        identities = []  # (school, its pupils' UPNs, names, dates of birth)

        def one(files, c, out):  # type: ignore[no-untyped-def]
            identities.append((c.school.name, _register_check_one(
                files, c, term, year, out, contacts, as_of, force, preset, pupils
            )))  # fmt: skip

        from attcli.lacheck import WITHOUT_LOOKED_AFTER as RC_WITHOUT

        per_school(
            exports, cfg, per_school_dir, lambda key: f"{key}-register-check-{term.lower()}.xlsx",
            one, preset=preset, pupils=pupils, without_looked_after=RC_WITHOUT,
            contacts=contacts,
        )  # fmt: skip
        # a child under a UPN at each of two schools, as check --per-school says it
        print_notes(two_school_children_lines(identities))
        return
    _register_check_one(exports, school_config(cfg, exports), term, year, output, contacts, as_of,
                        force, preset, pupils)  # fmt: skip


def _register_check_one(
    exports: Sequence[Path] | LoadResult, cfg: Config, term: str, year: int | None, output: Path | None,
    contacts: Path | None, as_of: str | None, force: bool, preset: str | None,
    pupils: Path | None,
) -> pl.DataFrame:  # fmt: skip
    """One register-check file (one school's, under --per-school); its pupils
    (:func:`attcli.loaders.pupil_identities`: a trust's run compares them across its
    schools)."""
    from attcli import lacheck
    from attcli.loaders import obtain_looked_after, pupil_identities, require_upns
    from attcli.output import render_to_bytes

    output_first(output, force)

    settings = lacheck.settings_from(cfg)
    # the register check has no pupil attribute (gender, SEN, ...), but the looked-after
    # column, whose pupils' social workers are told (sweep lacla)
    loaded = obtain_looked_after(
        exports,
        cfg,
        preset=preset,
        progress=load_exports_with_progress(),
        pupils=read_pupils_option(pupils, cfg.columns),
        without=lacheck.WITHOUT_LOOKED_AFTER,
    )
    require_upns(loaded, "register-check")
    addresses = None
    contact_notes: list[str] = []
    known: set[str] | None = None  # (the contacts' pupils, when given)
    if contacts is not None:
        from attcli.contacts import read_contacts

        book = read_contacts(contacts, cfg)
        known = set(book.by_upn)
        # (the wide register: not yet taken); what reading the file found is said, as the
        # letters say it: the addresses come from it
        contact_notes = [*book.notes, *book.refuse_pupil_list(loaded.register)]
        # where letters go (the contact with parental responsibility), DOMAIN.md 8
        found = {upn: book.home_address(upn) for upn in book.by_upn}
        addresses = {upn: a for upn, a in found.items() if a is not None}
    roll = loaded.take_compact()  # (the rules read it: the wide register is freed first)
    rc = lacheck.register_check(
        roll,
        cfg,
        term=term.lower(),
        year=year,
        settings=settings,
        addresses=addresses,
        as_of=parse_date_option("--as-of", as_of),
        roll_dates=loaded.roll_dates,  # a pupil list's dates decide the time on roll
    )
    from attcli.snapshots import refuse_strangers_of

    # (another school's exports: sweep slips8)
    refuse_strangers_of(
        cfg, roll.pupils.get_column("upn").to_list(), rc.as_of, what="register check",
        would="would go to the local authority as {}'s", contacts=known,
    )  # fmt: skip
    from attcli.snapshots import refuse_filtered

    # (one year group's export: the file would leave out the rest, sweep slips9)
    refuse_filtered(
        cfg, roll.pupils.select("school", "upn").iter_rows(), rc.as_of, what="register check"
    )
    if output is None:
        # the school year, 2026-27: "spring-2026" would be last school year's spring term
        output = Path(f"register-check-{rc.term}-{lacheck.year_text(rc.year).replace('/', '-')}.xlsx")
    suffix = output.suffix.lower()
    if suffix == ".csv":
        emit(("\ufeff" if settings.bom else "") + lacheck.to_csv(rc), output, force)
    elif suffix == ".xlsx":
        emit(render_to_bytes(lambda b: lacheck.to_xlsx(rc, b)), output, force)
    else:
        raise AttcliError(f"--output {str(output)!r}: give a file ending .xlsx or .csv")
    console.print(
        f"{rc.rows.height} pupil{'s' if rc.rows.height != 1 else ''} listed for the "
        f"{rc.term} term {rc.year}/{str(rc.year + 1)[2:]} "
        + (
            f"({rc.start:%d/%m/%Y} to {rc.end:%d/%m/%Y}, "
            if rc.end_known
            else f"(from {rc.start:%d/%m/%Y}; {lacheck.UNKNOWN_END}; "
        )
        + f"figures as of {rc.as_of:%d/%m/%Y})",
        highlight=False,
    )
    if problems := rc.problems_line():
        say_problems(problems, err=False)
    for line in (rc.coverage_line(), rc.before_exports, rc.unmarked_within):
        if line:
            say(line, "bold red", err=False)
    if rc.part_time:  # (the part-time pupils cme lists apart: not in the file, said)
        say(rc.part_time, "yellow", err=False)
    if too_few := rc.too_few_line():
        say(too_few, err=False)
    # (each pupil not of age: a note below)
    no_dob = rc.no_dob_line()
    if no_dob and suffix == ".csv":  # the workbook's header block says it; the CSV cannot
        no_dob += (
            "; the CSV, in the LA's columns, cannot say so (the workbook's header block does): "
            "tell the LA, or record the dates in the MIS and make the file again"
        )
    for line in (rc.not_of_age_line(), no_dob):
        if line:
            say(line, err=False)
    # (no row says the run, or sickness: a child absent, or ill, across two UPNs; two rows
    # are one child's)
    for line in (*rc.rows_joined, *rc.runs_joined, *rc.sick_joined):
        say(line, "bold red", err=False)
    from attcli.cliutil import school_identity_note
    from attcli.clock import future_note
    from attcli.contacts import not_given_line
    from attcli.looked_after import by_upn, listed_line

    gaps = (  # a listed pupil's blank address is said, with why (contacts sweep 3)
        book.gaps_line(rc.rows.get_column("upn").to_list(), address=True)
        if addresses is not None and "address" in settings.columns
        else not_given_line(
            [settings.header("address")] if "address" in settings.columns else [],
            rc.rows.height,
            "listed",
        )
        if addresses is None
        else None
    )
    print_notes(
        # (a child under two UPNs said in its own line above: not again in the load's note)
        loaded.warnings_besides(rc.row_notes)
        + list(rc.data_notes)
        + list(rc.not_of_age)
        + contact_notes
        + ([gaps] if gaps is not None else [])
        # (a looked-after pupil's social worker is told: policy 002; lac sweep), by the one
        # rule: the register's column, or a council among the contacts (sweep lacla)
        + [
            x for x in [listed_line(
                rc.rows.get_column("upn").to_list(),
                by_upn(rc.looked_after),
                book.councils if contacts is not None else None,
                # (a pupil listed for low attendance may have no unexplained absence)
                told="of the attendance this file reports",
            )] if x
        ]  # fmt: skip
        + future_note(rc.as_of)
        + school_identity_note(cfg, "the register-check file")
        + lacheck.threshold_notes(cfg, settings)
    )
    return pupil_identities(roll)


# --- feature commands (each lives in its own module; register it here) ---
from attcli.letters.command import letters_command, pn_app  # noqa: E402

app.command("letters")(letters_command)
app.add_typer(pn_app, name="pn")

from attcli.report.command import report_command  # noqa: E402

app.command("report")(report_command)

from attcli.pupil.command import pupil_app  # noqa: E402

app.add_typer(pupil_app, name="pupil")

from attcli.cases.command import case_app, cases_command  # noqa: E402
from attcli.evidence.command import evidence_command  # noqa: E402

app.command("cases")(cases_command)
app.add_typer(case_app, name="case")
app.command("evidence")(evidence_command)

from attcli.lareturn.command import la_return_command  # noqa: E402

app.command("la-return")(la_return_command)

from attcli.national_command import national_app  # noqa: E402

app.add_typer(national_app, name="national")

from attcli.summary.command import summary_command  # noqa: E402

app.command("summary")(summary_command)


#: Exit status when attcli itself fails (a bug), as against bad input or settings (1).
EXIT_BUG = 70  # EX_SOFTWARE in sysexits.h
from attcli.entry import EXIT_INTERRUPTED, interrupted_text  # noqa: E402


@functools.cache
def _command(name: str | None = None) -> typer.core.TyperGroup:
    """The click command Typer makes of ``app``, made once a process: making it reads every
    command's signature and options (about 80 ms of start-up), and the tests run thousands
    of commands in one process. It holds no state of a run (click makes a context a run).

    ``name``: a command (or group of commands) named on the command line
    (:func:`_named`): the root with that one alone, the same root and the same command as
    in the whole tree (its options, usage and errors are made from itself alone: 0.018 ->
    0.002 s of processor time a process, issue 15); None: every command (help, which lists
    them, and a name that is no command's, which Typer answers with the nearest).

    Typer reads each command's signature two or three times as it makes it (its options,
    then its callback; an option's own callback again), each time evaluating every
    annotation's text: read once a function here (``typer.main``'s reader wrapped in a
    cache while the command is made, put back after; 0.031 -> 0.018 s of processor time a
    process, issue 15).  The readers only read what it returns."""
    import copy

    import typer.main

    made = app
    if name is not None:
        made = copy.copy(app)
        made.registered_commands = [c for c in app.registered_commands if c.name == name]
        made.registered_groups = [g for g in app.registered_groups if g.name == name]
    read = typer.main.get_params_from_function
    typer.main.get_params_from_function = functools.cache(read)
    try:
        command = typer.main.get_command(made)
    finally:
        typer.main.get_params_from_function = read
    _coerce_without_pydantic(command)
    return command


def _named(args: list[str]) -> str | None:
    """The command ``args`` (the root's options first, :func:`_workspace_first`) name, when
    it is one of ``app``'s and no help is asked for; else None (the whole tree)."""
    if "--help" in args:
        return None
    i = 0
    while i < len(args):
        if args[i] == "--workspace":
            i += 2
        elif args[i] == "--debug" or args[i].startswith("--workspace="):
            i += 1
        else:
            break
    if i >= len(args):
        return None
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    return args[i] if args[i] in names else None


class _Pydantic(Exception):
    """A value :func:`_light_value` leaves to Typer's own coercion (and its messages)."""


def _light_value(annotation: object, info: typer.models.ParameterInfo, value: object,
                 ctx: object) -> object:  # fmt: skip
    """``value`` as Typer 0.29's pydantic adapter makes it of a parameter annotated
    ``annotation`` (``typer._adapters.build_adapter``), for the kinds attcli's options
    are: the option's own ``parser`` (a file or folder: its value as the parser returns
    it, its refusal as it raises it), text, a list of either, a choice of an Enum, a whole
    number within its bounds.  Anything else, or any value that fails, raises
    :class:`_Pydantic`: Typer then coerces it itself, words and all."""
    from typing import get_args, get_origin

    from typer._param_types import coerce_cli_choice

    if get_origin(annotation) is list:
        items = value if isinstance(value, (list, tuple)) else [value]
        (item,) = get_args(annotation)
        return [_light_value(item, info, v, ctx) for v in items]
    if get_origin(annotation) is not None:
        raise _Pydantic
    if info.parser is not None:
        try:
            return info.parser(value)
        except (ValueError, AssertionError) as exc:  # (what pydantic words: Typer's turn)
            raise _Pydantic from exc
    if annotation is str and type(value) is str:
        return value
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        try:
            return coerce_cli_choice(value, choices=list(annotation),
                                     case_sensitive=info.case_sensitive, ctx=ctx)  # type: ignore[arg-type]  # fmt: skip
        except ValueError as exc:
            raise _Pydantic from exc
    if annotation is int and not info.clamp:
        # (click hands over the digits typed: a number of plain digits is the one pydantic
        # reads as the same number; a sign, a space, a point, a bound passed: Typer's)
        number = value if type(value) is int else (
            int(value) if type(value) is str and _DIGITS.fullmatch(value) else None
        )  # fmt: skip
        if (number is not None and (info.min is None or number >= info.min)
                and (info.max is None or number <= info.max)):  # fmt: skip
            return number
    raise _Pydantic


_DIGITS = re.compile(r"[0-9]{1,18}")


def _coerce_without_pydantic(command: typer.core.TyperGroup) -> None:
    """Give each parameter of ``command`` (and its subcommands) the coercion of
    :func:`_light_value` in place of the pydantic ``TypeAdapter`` Typer 0.29 builds for it
    at its first use: importing pydantic and building the adapters was about 0.05-0.09 s
    of processor time in every run of attcli (up to a tenth of the example school's check),
    for values click has already read as text.  Every value gets what the adapter would
    give it; a value :func:`_light_value` does not take (a bad choice, a number out of
    range, a parser's ValueError) goes to Typer's own coercion, which imports pydantic
    then and says what is wrong in its own words.  (Typer's private parts: if a later
    Typer has none of them, its own coercion is left as it is.)"""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # pragma: no cover - another Typer
        return

    heavy: dict[object, RuntimeParam] = {}  # Typer's own, built once a parameter

    @dataclasses.dataclass(frozen=True)
    class Light(RuntimeParam):
        def _coerce_value(self, value, param, ctx):  # type: ignore[no-untyped-def]
            try:
                return _light_value(self.annotation, self.parameter_info, value, ctx)
            except _Pydantic:
                if param not in heavy:
                    heavy[param] = build_runtime_param(param.type_descriptor)
                return heavy[param]._coerce_value(value, param=param, ctx=ctx)

    from typer._click import Context

    def walk(cmd: typer.core.TyperCommand | typer.core.TyperGroup) -> None:
        # (the --help option too: click makes it at a command's first run, the same option
        # whatever the context, as none of attcli's sets its help_option_names)
        help_option = cmd.get_help_option(Context(cmd))
        for param in [*cmd.params, *([help_option] if help_option is not None else [])]:
            desc = getattr(param, "type_descriptor", None)
            if (desc is not None and getattr(param, "_runtime_param", 0) is None
                    and desc.file_annotation is None):  # fmt: skip
                param._runtime_param = Light(parameter_info=desc.parameter_info,
                                             annotation=desc.annotation)  # fmt: skip
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)  # type: ignore[arg-type]

    walk(command)


def _command_path(args: list[str]) -> str:
    """``attcli pn record`` from the words typed, for an error raised without a context."""
    path, cmd = ["attcli"], _command()
    words = iter(args)
    for word in words:
        if word == "--workspace":
            next(words, None)
            continue
        sub = getattr(cmd, "commands", {}).get(word)
        if sub is None:
            if word.startswith("-"):
                continue
            break
        path.append(word)
        cmd = sub
    return " ".join(path)


#: Exit status for a usage error (a missing argument, an unknown option), as click's.
EXIT_USAGE = 2


def _workspace_first(args: list[str]) -> list[str]:
    """``--workspace DIR`` may be typed after the command (``attcli check x.csv --workspace
    W``): it is the root's option, so it moves before the command, where Typer reads it.
    So does ``--debug``, which the message of a bug asks for by "run the same command
    again with --debug" (typed at the end, it was "No such option: --debug")."""
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            rest += args[i:]
            break
        if a == "--workspace" and i + 1 < len(args):
            moved += args[i : i + 2]
            i += 2
            continue
        if a.startswith("--workspace=") or a == "--debug":
            moved.append(a)
        else:
            rest.append(a)
        i += 1
    return moved + rest


def _quote_kept(args: list[str]) -> str | None:
    """The line for a Windows path typed in quotes with a \\ at its end (``--workspace
    "C:\\My Folder\\" check ...``), or None.  Windows reads ``\\"`` as a quote mark in the
    argument, not its end: the folder's name ends with a quote and the words after it are
    joined to it (``C:\\My Folder" check week.csv``), which named no folder and no command."""
    from attcli.output import WINDOWS

    if not WINDOWS:  # (elsewhere the shell's own quoting: a quote kept is meant)
        return None
    for arg in args:
        if m := re.match(r'(?:--?[\w-]+=)?((?:[A-Za-z]:[\\/]|\\\\)[^"]*)"', arg):
            folder = m.group(1).rstrip("\\/") or m.group(1)
            return (
                f"{arg}: a \\ just before a closing quote keeps the quote in the name on "
                "Windows, and joins the words after it to it: leave out the last \\, "
                f'"{folder}"'
            )
    return None


def _one_hyphen(args: list[str]) -> str | None:
    """The line for a long option typed with one hyphen (``-as-of``, ``-output``,
    ``-force``), or None.  Click reads ``-output x.csv`` as ``-o utput`` (a file named
    "utput" written) and ``-force`` as ``-f orce``; ``-as-of`` was "No such option: -a"
    (sweep "slips").  Any option of attcli's commands, before ``--``."""
    import typer.main

    def longs(command) -> set[str]:  # type: ignore[no-untyped-def]
        found = {o for p in command.params for o in getattr(p, "opts", ()) if o.startswith("--")}
        for sub in getattr(command, "commands", {}).values():
            found |= longs(sub)
        return found

    typed = [a for a in args[: args.index("--") if "--" in args else len(args)]
             if len(a) > 2 and a.startswith("-") and not a.startswith("--")]  # fmt: skip
    if not typed:
        return None
    known = longs(typer.main.get_command(app))
    for a in typed:
        if f"-{a.split('=', 1)[0]}" in known:
            return f"{a}: a long option takes two hyphens: -{a}"
    return None


def _pipe_closed_on_windows(exc: BaseException) -> bool:
    """Whether ``exc`` is how Windows says the program reading attcli's output has closed
    the pipe (``attcli check ... | more``, q pressed): a write to it fails "Invalid
    argument" (OSError errno 22, no file named), not BrokenPipeError as elsewhere."""
    import errno

    from attcli.output import WINDOWS

    return (
        WINDOWS
        and type(exc) is OSError
        and exc.errno == errno.EINVAL
        and exc.filename is None
        and not _stdout_is_terminal()
    )


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _reader_gone() -> None:
    """The program reading attcli's output stopped early (``attcli check ... | head``):
    not an error, exit 0 with nothing more written."""
    sys.stderr.close()
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
    sys.exit(0)


def _not_text(args: list[str]) -> str | None:
    """The line refusing the first argument that is no UTF-8 text
    (:func:`attcli.output.not_utf8`), or None."""
    from attcli.output import not_utf8

    return next((line for arg in args if (line := not_utf8(arg))), None)


def main() -> None:
    """Entry point: every failure ends in one line on stderr and an exit status, no traceback.

    :class:`AttcliError` (bad input, settings, an output in the way) exits 1 with its
    message.  A usage error (missing argument, unknown option) exits 2 with one line.
    Ctrl-C exits 130; running out of memory exits 1 with what to do.  Anything else is a
    bug in attcli: one line saying so and how to see the traceback, exit 70.  ``--debug``
    lets every exception through with its traceback.
    """
    from attcli import workspace
    from attcli.cliutil import WorkspaceNotice
    from attcli.output import keeping, reading, reading_also, written_new

    reading([])  # (none yet: a command's exports are noted as its arguments are read)
    written_new(reset=True)  # (none yet: what a Ctrl-C names)
    reading_also(None, "")  # (and its --pupils and --contacts files)
    keeping([])  # (and the workspace's files as its config is loaded)
    args = _workspace_first(sys.argv[1:])
    debug = "--debug" in args
    if one := _one_hyphen(args) or _quote_kept(args):
        _fail(escape(one), EXIT_USAGE)
    if bad := _not_text(args):
        _fail(escape(bad), 1)
    if "--help" in args or sum(not a.startswith("-") for a in args) <= 1:
        # help may be shown (asked for, or a group named alone): its long option and file
        # names fold, never "…" (not imported for a command's run: 34 ms of start-up)
        from attcli.cliutil import fold_help_names

        fold_help_names()
    try:
        with workspace.selected(on_load=WorkspaceNotice()):
            code = _command(_named(args))(args=args, prog_name="attcli", standalone_mode=False)
        # (here, not at the process's end, so a disk that fills under a redirected stdout,
        # `> week.csv`, is said: the interpreter's last flush fails silently, exit 0)
        if sys.stdout is not None:  # (pythonw: none)
            sys.stdout.flush()
        if code == EXIT_INTERRUPTED:  # Typer turns Ctrl-C into this exit status
            raise KeyboardInterrupt
        if isinstance(code, int) and code:
            sys.exit(code)
    except AttcliError as exc:
        if debug:
            raise
        _fail(escape(str(exc)), 1)
    except KeyboardInterrupt:
        if debug:
            raise
        _fail(escape(interrupted_text()), EXIT_INTERRUPTED)
    except BrokenPipeError:  # `attcli check ... | head`: the reader has gone, not an error
        _reader_gone()
    except MemoryError:
        if debug:
            raise
        _fail(
            "not enough memory for these exports; close other programs, or give fewer "
            "files or a shorter period (see the README's 'Speed and size')",
            1,
        )
    except SystemExit as exc:
        # Typer answers a closed pipe itself, with exit 1 and its stdout wrapped
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _reader_gone()
        raise
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message
        if _pipe_closed_on_windows(exc):  # (as BrokenPipeError above)
            _reader_gone()
        if type(exc).__name__ == "Abort":  # end of input (Ctrl-D) or Ctrl-C at a prompt
            # (click raises Abort for both; Ctrl-C's KeyboardInterrupt is its context)
            interrupted = isinstance(exc.__context__, KeyboardInterrupt)
            sys.stdout.write("\n")  # (the question is on stdout, with no line end after it)
            sys.stdout.flush()
            _fail("stopped: nothing was written", EXIT_INTERRUPTED if interrupted else 1)
        if type(exc).__name__ == "NoArgsIsHelpError":  # `attcli` or `attcli pn` alone
            text = exc.format_message()  # type: ignore[attr-defined]
            if text.strip():  # the rich help has printed itself already
                sys.stderr.write(text + "\n")
            sys.exit(EXIT_USAGE)
        usage = _usage_error(exc, args)
        if usage is not None:
            _fail(escape(usage), getattr(exc, "exit_code", EXIT_USAGE) or EXIT_USAGE)
        if debug:
            raise
        from attcli.output import (
            DISK_FULL,
            DISK_FULL_PRINTED,
            disk_full,
            link_loop,
            name_too_long,
            no_permission,
            not_a_folder,
        )

        if disk_full(exc):  # not a bug: the machine's, and the user can mend it
            # (no file named, stdout not a screen: what was printed to `> FILE`, cut short)
            # (not SQLite's "database or disk is full": the history's, named where it is met)
            printed = (
                isinstance(exc, OSError) and exc.filename is None and not _stdout_is_terminal()
            )
            _fail(DISK_FULL_PRINTED if printed else DISK_FULL, 1)
        if said := (
            name_too_long(exc) or no_permission(exc) or not_a_folder(exc) or link_loop(exc)
        ):  # the user's to mend, not a bug: a name too long, another user's owner-only
            # folder, a file named as a folder, a link to itself
            _fail(escape(said), 1)
        if type(exc).__module__ == "sqlite3":  # the history: damaged, read-only, busy
            from attcli.store import history_error

            if said := history_error(exc):
                _fail(escape(said), 1)
        _fail(
            f"attcli failed unexpectedly ({escape(type(exc).__name__)}: {escape(str(exc))}). "
            "This is a bug in attcli: run the same command again with --debug to see where, "
            "and report it",
            EXIT_BUG,
        )


def _usage_error(exc: BaseException, args: list[str]) -> str | None:
    """The one line for a usage error (click's), or None for anything else."""
    if not any(c.__name__ == "ClickException" for c in type(exc).__mro__):
        return None
    message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else _command_path(args)
    if "--workspace" in message and "No such option" in message:
        if args and args[-1] == "--workspace":  # given last, with no folder after it
            message = "--workspace needs the workspace folder after it: --workspace DIR"
        else:
            message += " (it goes before the command: attcli --workspace DIR COMMAND ...)"
    elif ctx is not None and re.search(r"No such option: --contacts\b", message):
        # (`check --contacts`, typed as the letters are: which commands read them, slips9)
        message += f" ({command} {_takes_no_contacts(ctx)})"
    # the option checker's own words (pydantic's) in the words of the rest of attcli
    for theirs, ours in _CHECKER_WORDS:
        message = re.sub(theirs, ours, message)
    return f"{message.rstrip('.')}; see `{command} --help`"


def _takes_no_contacts(ctx: Any) -> str:
    """"reads no contacts export; these commands do: attcli cases, cme, ...": the commands
    that take ``--contacts``, read from the whole command tree itself."""
    from attcli.percent import listed

    found: list[str] = []

    def walk(cmd: Any, path: str) -> None:  # (a click command: typer's own click)
        if isinstance(getattr(cmd, "commands", None), dict):  # a group
            for name, sub in sorted(cmd.commands.items()):
                walk(sub, f"{path} {name}".strip())
        elif any("--contacts" in getattr(p, "opts", ()) for p in cmd.params):
            found.append(path.removesuffix(" show"))  # (`attcli pupil UPN` is pupil show)

    root = ctx.find_root()
    walk(_command(), "")  # (every command: the run's root holds the one named alone)
    return f"reads no contacts export; these commands do: {root.command_path} {listed(found)}"


_CHECKER_WORDS = (
    (r"Input should be a valid integer, unable to parse string as an integer", "expected a whole number"),
    (r"Input should be a valid integer(, got a number with a fractional part)?", "expected a whole number"),
    (r"Input should be a valid number, unable to parse string as a number", "expected a number"),
    (r"Input should be greater than or equal to (\d+)", r"expected \1 or more"),
    (r"Input should be less than or equal to (\d+)", r"expected \1 or fewer"),
    (r"Value error, ", ""),
)


def _one_line(message: str) -> str:
    """``message`` with its control and format characters escaped (``\\x1b``,
    ``\\u202e``), whatever a name it quotes holds; a line break stays (a few messages end
    with a config example on lines of its own; the file names in messages are escaped
    where they are put in, :func:`attcli.errors.shown`)."""
    return "\n".join(map(shown, message.split("\n")))


def _fail(message: str, code: int) -> None:
    message = _one_line(message)
    # on a terminal wrapped between words, as every note is (one line, the terminal cut
    # it wherever its last column fell: "2027-01-" / "13"); a pipe or a log keeps one line
    wrap = err_console.is_terminal
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=not wrap)
    sys.exit(code)
