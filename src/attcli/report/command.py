"""``attcli report``: parse the options, build the report, render it, write it (owner-only)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from attcli.cliutil import (
    AsOfOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    FromOpt,
    PresetOpt,
    given_pupils,
    load_exports_with_progress,
    output_first,
    output_path_or,
    parse_date_option,
    print_notes,
    school_config,
)
from attcli.clock import future_note
from attcli.errors import AttcliError, InputError, missing_file_hint, shown

if TYPE_CHECKING:
    import datetime as dt

    from attcli.config import Config
    from attcli.report_settings import ReportSettings


class ReportFormat(StrEnum):
    html = "html"
    xlsx = "xlsx"


class Audience(StrEnum):
    staff = "staff"
    governors = "governors"


def report_command(
    exports: ExportsArg,
    pupils: Annotated[
        Path | None,
        typer.Option(
            "--pupils",
            metavar="FILE",
            parser=given_pupils,
            help="Pupil list (CSV/xlsx with UPN and SEN, FSM, pupil premium, EAL, CLA, gender) "
            "when the register export does not carry them; its joining and leaving dates, if "
            "any, decide the time on roll.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE",
            help="File to write (default: report.html or report.xlsx; report-governors.html "
            "or .xlsx for --audience governors).",
            parser=output_path_or("report.html (report-governors.html for --audience governors)"),
        ),
    ] = None,
    as_of: AsOfOpt = None,
    period_from: FromOpt = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f", help="html or xlsx (default: from the --output name, else html).",
            case_sensitive=False,
        ),
    ] = None,
    audience: Annotated[
        Audience,
        typer.Option(
            "--audience",
            help="staff (names pupils: the list whose band got worse) or governors (names no "
            "pupil and no file path).",
            case_sensitive=False,  # (--audience Governors: sweep "slips")
        ),
    ] = Audience.staff,
    trust: Annotated[
        bool,
        typer.Option(
            "--trust",
            help="A trust's report: each school beside the trust and the national figure, "
            "from the schools' summary files (attcli summary), or from their exports "
            "(by the files of each \\[schools.KEY] in attcli.toml).",
        ),
    ] = False,
    config: ConfigOpt = None,
    force: ForceOpt = False,
    preset: PresetOpt = None,
) -> None:
    """Attendance report for leaders and governors: trends, groups, cohorts, weekdays, bands."""
    from attcli.cliutil import emit
    from attcli.config import load_config
    from attcli.loaders import load_exports
    from attcli.output import render_to_bytes
    from attcli.pupil_list import read_pupils
    from attcli.report_settings import settings_from

    from .build import build_report

    suffix = output.suffix.lower() if output is not None else ""
    said = {".xlsx": ReportFormat.xlsx, ".html": ReportFormat.html, ".htm": ReportFormat.html}
    if fmt is not None and said.get(suffix, fmt) is not fmt:
        # (a workbook named .html, a page named .xlsx: neither opens; check's rule)
        raise AttcliError(
            f"--format {fmt.value} does not match --output {str(output)!r} (a {suffix} file "
            f"is {said[suffix].value}); give a file ending .{fmt.value}, or leave out --format"
        )
    if fmt is None:
        fmt = ReportFormat.xlsx if suffix == ".xlsx" else ReportFormat.html
    if output is None:
        who = "-governors" if audience is Audience.governors else ""
        output = Path(f"report{who}.{fmt.value}")
    if output.suffix.lower() not in (".html", ".htm", ".xlsx"):
        raise AttcliError(f"--output {str(output)!r}: give a file ending .html or .xlsx")
    output_first(output, force)  # fail before the (slow) load

    cfg = load_config(config)
    settings = settings_from(cfg)
    if trust:
        if pupils is not None:
            raise AttcliError(
                "--pupils is one school's pupil list, and --trust adds up several schools: give "
                "each school's summary made with its own list (attcli summary EXPORT --pupils "
                "FILE), or leave --pupils out"
            )
        period = (parse_date_option("--as-of", as_of), parse_date_option("--from", period_from))
        _trust(exports, cfg, settings, fmt, output, force, period, preset)
        return
    cfg = school_config(cfg, exports)  # (one school's files in a trust's workspace: its own)
    settings = settings_from(cfg)  # (its own [schools.KEY.report] target and title)
    pupil_list = read_pupils(pupils, cfg.columns) if pupils is not None else None  # before the (slow) load
    # the pupil list names MIS-id registers' pupils, and its joining and leaving dates
    # decide the time on roll (DOMAIN.md 1), as in check
    loaded = load_exports(
        exports, cfg, preset=preset, progress=load_exports_with_progress(), pupils=pupil_list
    )
    from attcli.snapshots import refuse_strangers_early, refuse_strangers_of

    # another school's exports (none of the pupils the history knows): the governors'
    # report in this school's name, refused as the LA's files are (sweep leftovers18),
    # before the report is built (sweep leftovers20); asked again below where the
    # report's date differs from the one asked as of
    given = parse_date_option("--as-of", as_of)
    strangers = dict(what="report", would="would carry {}'s name")
    early = refuse_strangers_early(cfg, loaded.register, given, **strangers)
    national_notes: list[str] = []
    if settings.national is None:  # [report.national] wins; else the DfE's (attcli.national)
        import dataclasses

        import polars as pl

        from attcli.national import report_national

        reg = loaded.register  # one year group a pupil: the school's phase (attcli.national)
        has = "year_group" in reg.columns
        # (a pupil's row from an export without the column has none: another row's counts)
        years = (
            reg.filter(pl.col("year_group").is_not_null())
            .unique(subset=["upn"], keep="last")
            .get_column("year_group")
            .to_list()
            if has
            else []
        )
        nat, national_notes = report_national(cfg, years)
        settings = dataclasses.replace(settings, national=nat)
    roll = loaded.take_compact()  # (the rules read it: the wide register is freed first)
    report = build_report(
        roll,
        cfg,
        as_of=given,
        period_start=parse_date_option("--from", period_from),
        pupils=pupil_list,
        roll_dates=loaded.roll_dates,
        settings=settings,
        audience=audience.value,
    )
    if report.as_of != early:
        refuse_strangers_of(cfg, roll.pupils.get_column("upn").to_list(), report.as_of, **strangers)
    report.add_notes(loaded.warnings)
    report.notes.extend(national_notes)  # name no pupil and no file: in both versions
    # (an as-of date after today counts marks entered ahead as happened: said, in the
    # report too, as check, cme and the other commands say it; it names no pupil)
    report.notes.extend(future_note(report.as_of))
    if fmt is ReportFormat.xlsx:
        from .xlsx import write_xlsx

        emit(render_to_bytes(lambda b: write_xlsx(report, b)), output, force)
    else:
        from .html import render_html

        emit(render_html(report), output, force)
    if report.coverage_line:  # (in the report too; said here as summary says it)
        from attcli.cliutil import say

        say(report.coverage_line, "bold red")
    # the terminal is staff's: every note (the two-UPN note quotes a pupil's name)
    print_notes(loaded.warnings + report.notes if report.for_governors else report.notes)


def _trust(
    exports: list[Path], cfg: Config, settings: ReportSettings, fmt: ReportFormat, output: Path,
    force: bool, period: tuple[dt.date | None, dt.date | None], preset: str | None,
) -> None:
    """``--trust``: the schools' summaries, added up (attcli.report.trust), over ``period``
    (``--as-of``, ``--from``: each school's exports summarised over it, a summary file of
    another period refused)."""
    import dataclasses

    from attcli.cliutil import emit
    from attcli.output import render_to_bytes
    from attcli.summary_file import looks_like_summary

    from .trust import (
        build_trust,
        load_summaries,
        mover_note,
        refuse_other_periods,
        render_trust_html,
        schools_not_given,
        schools_not_of_the_trust,
        trust_national,
        two_school_children_lines,
        upn_notes,
        write_trust_xlsx,
    )

    for p in exports:  # (not "an export" without [schools], as what is no summary is taken)
        if Path(p).is_dir():
            raise InputError(
                "this is a folder, not a file", file=p,
                hint="give the schools' summary files (attcli summary) or exports inside it",
            )  # fmt: skip
        if not Path(p).exists():
            raise InputError("no such file", file=p, hint=missing_file_hint(p))
        if not Path(p).is_file():  # (`<(cat oak.summary.json)`: read to ask whether it
            # is a summary, then found empty, "not JSON", as a load read it again)
            raise InputError(
                "not a file: a pipe or a device", file=p,
                hint="save the school's summary (attcli summary) or export to a file and give that",
            )  # fmt: skip
    files = [p for p in exports if not looks_like_summary(p)]
    if files and not cfg.schools:
        why = cfg.no_schools(
            "--trust",
            "to say whose it is: add them (docs/trust.md), or give the school's summary "
            "(attcli summary)",
        )
        raise AttcliError(why if cfg.path is None else f"{shown(str(files[0]))}: an export, and {why}")
    extra = []
    said = []  # what each school's exports hold (legacy codes, duplicate rows), as summary says
    identities = []  # (school, its pupils' UPNs, names, dates of birth): a UPN of two children
    if files:  # each school's exports, with its own settings (attcli.config.SchoolSection)
        from attcli.summary.build import summary_from_exports
        from attcli.summary_file import parse_summary

        for key, mine in cfg.files_by_school(files):
            own = cfg.for_school(key)
            try:
                run = summary_from_exports(
                    mine, own, as_of=period[0], period_start=period[1],
                    preset=preset, progress=load_exports_with_progress(),
                )  # fmt: skip
            except AttcliError as exc:
                if type(exc) is not AttcliError:
                    raise  # (a file's, a config key's: it names whose already)
                # a line of the period (an as-of date before the school's data, ...): the
                # trust's other schools' data may start earlier, so it says whose it is
                raise AttcliError(f"{key} ({own.school.name}): {exc}") from None
            extra.append(parse_summary(run.document, source=f"[schools.{key}]"))
            said += [f"{key} ({extra[-1].name}): {n}" for n in run.notes]
            identities.append((extra[-1].name, run.identities))
    given = [p for p in exports if p not in files]
    summaries = load_summaries(given, extra)
    refuse_other_periods(summaries, *period)
    notes: list[str] = []
    if settings.national is None:
        nat, notes = trust_national(cfg, summaries)
        settings = dataclasses.replace(settings, national=nat)
    report = build_trust(summaries, settings)
    report.notes[:0] = schools_not_of_the_trust(cfg, summaries) + schools_not_given(cfg, summaries)
    report.notes.extend(notes)
    upn_note, upn_lines = upn_notes(identities)
    if upn_note:  # the report names no pupil: the UPNs and names are the terminal's
        report.notes.append(upn_note)
    moved = mover_note(identities, report.total, report.min_cohort, unseen=bool(given))
    if moved:  # (counts only: the report names no pupil)
        report.notes.append(moved)
    if fmt is ReportFormat.xlsx:
        emit(render_to_bytes(lambda b: write_trust_xlsx(report, b)), output, force)
    else:
        emit(render_trust_html(report), output, force)
    # the terminal is staff's: a school's load notes can name a pupil and a file, as the
    # summary's do (docs/trust.md, "What is not in it"), so they are not in the report
    # (and a child under a UPN at each of two schools, as check --per-school says it)
    print_notes(said + report.notes + upn_lines + two_school_children_lines(identities))
