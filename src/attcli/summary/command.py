"""``attcli summary``: parse the options, summarise one school's exports, write the file
(owner-only, atomically, never over a file without ``--force``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attcli.cliutil import (
    AsOfOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    FromOpt,
    PresetOpt,
    given_pupils,
    output_first,
    output_path_or,
    print_wrapped,
    school_config,
)


def summary_command(
    exports: ExportsArg,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The summary file, ending .json (default: URN-ASOF.summary.json).",
            show_default=False,
            parser=output_path_or("URN-ASOF.summary.json"),
        ),
    ] = None,
    pupils: Annotated[
        Path | None,
        typer.Option(
            "--pupils",
            metavar="FILE",
            parser=given_pupils,
            help="Pupil list (CSV/xlsx with UPN and SEN, FSM, pupil premium, EAL, CLA, gender) "
            "when the register export does not carry them, as for attcli report; its joining "
            "and leaving dates, if any, decide the time on roll.",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    period_from: FromOpt = None,
    config: ConfigOpt = None,
    force: ForceOpt = False,
    preset: PresetOpt = None,
) -> None:
    """Counts a school can share with its trust: no names, UPNs, dates of birth or pupil dates."""
    import datetime as dt

    from rich.text import Text

    from attcli.cliutil import (
        console,
        emit,
        load_exports_with_progress,
        parse_date_option,
        print_notes,
    )
    from attcli.clock import future_note
    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.output import safe_filename
    from attcli.pupil_list import read_pupils
    from attcli.report_settings import settings_from

    from .build import summary_from_exports, summary_json

    if output is not None:
        if output.suffix.lower() != ".json":
            raise AttcliError(
                f"--output {str(output)!r}: a summary is a JSON file; give a name ending "
                ".json, e.g. school.summary.json"
            )
        output_first(output, force)  # fail before the (slow) load
    cfg = school_config(load_config(config), exports)
    min_cohort = settings_from(cfg).min_cohort
    run = summary_from_exports(
        exports,
        cfg,
        as_of=parse_date_option("--as-of", as_of),
        period_start=parse_date_option("--from", period_from),
        pupils=read_pupils(pupils, cfg.columns) if pupils is not None else None,
        preset=preset,
        progress=load_exports_with_progress(),
        # another school's exports (none of the pupils the history knows): the trust would
        # add them up as this school's, under its name and URN (sweep leftovers18); refused
        # before the summary is built (sweep leftovers20)
        strangers=True,
    )
    doc = run.document
    if output is None:
        output = Path(
            f"{safe_filename(doc['school']['urn'])}-{doc['period']['as_of']}.summary.json"
        )
    emit(summary_json(doc), output, force)
    for line in describe(doc, min_cohort):
        print_wrapped(console, line)
    if run.coverage_line:
        console.print(Text(run.coverage_line, style="bold red"))
    # (an as-of date after today counts marks entered ahead as happened: said, as check
    # says it; the default as-of date is the data's last day)
    asked = parse_date_option("--as-of", as_of) or dt.date.fromisoformat(doc["period"]["as_of"])
    print_notes(run.notes + future_note(asked))


#: what each attribute is called in the sentence on pupils with no value recorded
_ATTRIBUTE_WORDS = {
    "gender": "gender",
    "sen": "SEN status",
    "fsm": "free school meals",
    "pupil_premium": "pupil premium",
    "eal": "EAL",
    "cla": "looked-after status",
}


def describe(doc: dict, min_cohort: int) -> list[str]:
    """What the summary holds, in a few lines for the person sending it."""
    school, period, totals = doc["school"], doc["period"], doc["totals"]
    start = _uk(period["start"])
    lines = [
        f"Summary of {school['name']} (URN {school['urn']}), {start} to "
        f"{_uk(period['as_of'])}: {totals['pupils']:,} pupils, {totals['possible']:,} possible "
        f"sessions, by week, weekday, year group, cohort and band. Counts only: no names, "
        f"UPNs, dates of birth or pupil-level dates."
    ]
    from attcli.register import year_group_label

    small = [
        # the group as the report's tables name it ("Reception", "Year 7": sweep looks8)
        f"{year_group_label(y['year_group']) if y['year_group'] else 'year group not known'}: "
        f"{y['pupils']}"
        for y in doc["year_groups"]
        if 0 < y["pupils"] < min_cohort
    ]
    unknown_told: set[str] = set()
    for c in doc["cohorts"]:
        m, r = c["members"]["pupils"], c["rest"]["pupils"]
        # the pupils with no value recorded are the school less the cohort and the rest:
        # a group of its own (once an attribute)
        u = c.get("unknown", 0)
        if 0 < u < min_cohort and c["attribute"] not in unknown_told:
            unknown_told.add(c["attribute"])
            small.append(f"no {_ATTRIBUTE_WORDS.get(c['attribute'], c['attribute'])} recorded: {u}")
        if 0 < m < min_cohort:
            small.append(f"{c['cohort']}: {m}")
        if 0 < r < min_cohort and c["attribute"] != "gender":  # gender: the other cohort
            small.append(f"pupils not in {c['cohort']}: {r}")
    # the pupils of Any SEN in neither of its parts (a status other than K or E) are Any
    # SEN less both (attcli.suppress.COHORT_SUMS)
    sen = {c["cohort"]: c["members"]["pupils"] for c in doc["cohorts"] if c["attribute"] == "sen"}
    if {"Any SEN", "SEN support", "EHC plan"} <= sen.keys():
        other = sen["Any SEN"] - sen["SEN support"] - sen["EHC plan"]
        if 0 < other < min_cohort:
            small.append(f"SEN other than SEN support or an EHC plan: {other}")
    if small:
        lines.append(
            f"It holds exact counts for {len(small)} group{'s' if len(small) != 1 else ''} of "
            f"fewer than {min_cohort} pupils ({'; '.join(small)}): anyone who knows who is in "
            "such a group can read their attendance from it. Send it to your trust only, as "
            "you would pupil data; its report hides these groups."
        )
    else:
        lines.append("Send it to your trust only, as you would pupil data.")
    return lines


def _uk(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"
