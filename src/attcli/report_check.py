"""Renderers for ``attcli check``: Rich table, CSV, JSON (the stable contract) and XLSX.

The table and the workbook show percentages by :mod:`attcli.percent`'s rule (one decimal,
more where one would land on or cross a band line); CSV and JSON keep their contract
(``attendance_pct`` to two decimals, half up).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import polars as pl
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from attcli import percent
from attcli.check import CheckResult, reason_for
from attcli.codes import MISSING_MARK
from attcli.config import NO_BAND
from attcli.engine import PUPIL_FIELDS
from attcli.letter_settings import reading_lines
from attcli.names import pupil_name
from attcli.output import (
    PAGE_CHARS,
    json_column,
    json_document,
    json_document_bytes,
    json_object,
    json_text,
    json_time,
    json_value,
    note_cell,
    one_page_wide,
    print_setup,
    safe_cell,
    sheet_name,
    wrapped_height,
    year_cell,
)
from attcli.terminal import (
    BAND_STYLE,
    GROUP_WIDTH,
    LINE_WIDTH,
    RICH_ROWS,
    UPN_WIDTH,
    print_rows,
    terminal_text,
    wrapped,
)

BAND_FILL = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE", "severe": "FF8080"}
PERCENT_FIELDS = {"attendance_pct", "ht_attendance_pct"}


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def _ordered(members: pl.DataFrame, key: str) -> pl.DataFrame:
    """A group's pupils as the check lists them: new ones first, then lowest attendance."""
    return members.with_columns(pl.col("new_groups").list.contains(key).alias("_new")).sort(
        ["_new", "attendance_pct"], descending=[True, False], nulls_last=True
    )


def _shown(row: dict[str, Any], lines: Any) -> tuple[str, str]:
    """A listed pupil's attendance (by the one rule; blank with no sessions) and band."""
    pct = percent.pct_text(row["attended"], row["possible"], lines, unit="")
    return ("" if pct == "–" else pct), (row["band"] or "-")


def _left_beside(row: dict[str, Any], reason: str) -> str:
    """The leaving date shown beside a leaver's name ("left 17/09/2026"), "" when none, or
    when the reason's sentence says it already (a run of absence before leaving: "left
    17/09/2026 after 4 school days ..."): said once (sweep leftovers8)."""
    if not row["left_on"]:
        return ""
    said = f"left {row['left_on']:%d/%m/%Y}"
    return "" if said in (reason or "") else said


def _print_long_group(
    console: Console, g: Any, title: str, members: pl.DataFrame, lines, action: str
) -> None:
    """A group of more than :data:`attcli.terminal.RICH_ROWS` pupils as plain lines: the
    same columns as the table, the reason whole (Rich took 17 s for a large school's
    check; issue 15)."""
    rows = []
    for row in _ordered(members, g.key).iter_rows(named=True):
        left = _left_beside(row, row[reason_for(g.key)])
        left = f" ({left})" if left else ""
        rows.append(
            (
                "NEW" if row["_new"] else "",
                f"{pupil_name(row['surname'], row['forename'])}{left}",
                row["upn"],
                f"{row['year_group'] or '?'} {row['reg_group'] or '?'}",
                *_shown(row, lines),
                terminal_text(row[reason_for(g.key)], 2000),
            )
        )
    print_rows(console, title, ("", "Pupil", "UPN", "Year", "Att %", "Band", "Reason"), rows,
               whole=(6,), plain=True)  # fmt: skip
    console.print(Text(f"Action: {action}"))


def _left_text(row: dict[str, Any]) -> str:
    """After a leaver's name and UPN: " (left 24/09/2025)", and, for one under a UPN the
    loader's note calls typed like another pupil's, what it is ("...; 1 row under a UPN
    typed differently from G999201234571's, line 362: see the note"): not a child who
    left (docs/decisions.md)."""
    said = [f"left {row['left_on']:%d/%m/%Y}"] if row["left_on"] else []
    if row.get("upn_typed_note"):
        said.append(terminal_text(row["upn_typed_note"], 2000))
    return f" ({'; '.join(said)})" if said else ""


#: A group's table needs about this many columns (seven columns, their borders, a name
#: and a reason of readable width); on a narrower terminal (80 columns is common) the
#: table squeezed names into slivers broken mid-word ("Pritcha / rd,"), so each pupil is
#: two lines there instead: who, then why (:func:`_print_narrow_group`).
TABLE_WIDTH = 100


def _year_text(row: dict[str, Any]) -> str:
    """A listed pupil's year and registration group, as a terminal shows them."""
    return (
        f"{terminal_text(row['year_group'] or '?', 4)} "
        f"{terminal_text(row['reg_group'] or '?', GROUP_WIDTH)}"
    )


def _year_words(row: dict[str, Any]) -> str:
    """A listed pupil's year and registration group on a line of the narrow layout: "Year
    7 7A", "Year 7", "7A", or "" when neither is known (it read "Year ? ?", a fault to the
    eye: sweep looks12); the table's column keeps :func:`_year_text`'s "?" in its place."""
    year, group = row["year_group"], row["reg_group"]
    words = ([f"Year {terminal_text(year, 4)}"] if year else []) + (
        [terminal_text(group, GROUP_WIDTH)] if group else []
    )
    return " ".join(words)


def _group_table(title: str, action: str, **style: Any) -> Table:
    """The table of a check group on a terminal: its title above, its action below
    (:meth:`CheckResult.action_for`)."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        caption=f"Action: {action}",
        caption_justify="left",
        expand=True,
        **style,
    )


def _print_narrow_group(
    console: Console, g: Any, title: str, members: pl.DataFrame, lines, action: str
) -> None:
    """A group on a terminal narrower than :data:`TABLE_WIDTH`: each pupil on a line of
    their own (NEW, name, UPN, year and group, attendance, band, leaving date), the reason
    under it, wrapped between words; the same values as the table."""
    table = _group_table(
        title, action, box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 0)
    )
    table.add_column(no_wrap=True, width=3)
    table.add_column(ratio=1, overflow="fold")
    for row in _ordered(members, g.key).iter_rows(named=True):
        pct, band = _shown(row, lines)
        who = Text()
        who.append(terminal_text(pupil_name(row["surname"], row["forename"])), style="bold")
        year = _year_words(row)
        who.append(
            f"  {terminal_text(row['upn'], UPN_WIDTH)}  "
            + (f"{year}  " if year else "")
            + (f"{pct}% " if pct else "")
        )
        who.append(band, style=BAND_STYLE.get(band, ""))
        if left := _left_beside(row, row[reason_for(g.key)]):
            who.append(f"  {left}")
        table.add_row(Text("NEW", style="bold magenta") if row["_new"] else Text(""), who)
        # the reason indented under the name: each pupil reads apart without colour
        why = Padding(Text(terminal_text(row[reason_for(g.key)], 2000)), (0, 0, 0, 2))
        table.add_row(Text(""), why)
    console.print(table)


def _evidence_json(result: CheckResult) -> pl.DataFrame:
    """Each pupil's evidence (penalty-notice sessions, late sessions, runs, illness sessions) as the JSON of
    the check's ``evidence`` object: school, upn, ``_evidence``.  Made in Polars a column at
    a time and gathered per pupil in one grouping of each evidence frame: linear in the
    evidence rows, never a filter per pupil (issue 15)."""
    ev = result.evaluation
    key = [pl.col("school").fill_null(""), "upn"]
    # (an evidence frame with no rows is neither grouped nor joined: its list is "[]" for
    # every pupil, as a pupil missing from it has; most small registers have some empty)
    lists = []
    empty: list[str] = []
    for name, frame in (("pn_sessions", ev.pn_sessions), ("late_sessions", ev.late_sessions),
                        ("sickness_sessions", ev.sickness_sessions)):
        if frame.is_empty():
            empty.append(name)
            continue
        item = pl.format("{} {} {}", pl.col("date").dt.to_string("%Y-%m-%d"), "session", "mark")
        lists.append(
            frame.group_by(key, maintain_order=True).agg(json_text(item).alias(name))
        )
    runs = ev.runs
    if runs.is_empty():
        empty.append("runs")
    else:
        item = json_object(
            [(c, json_value(pl.col(c), runs.schema[c]), None)
             for c in ("kind", "start", "end", "days", "codes", "current")]
        )  # fmt: skip
        lists.append(runs.group_by(key, maintain_order=True).agg(item.alias("runs")))
    if not lists:
        return pl.DataFrame(schema={"school": pl.Utf8, "upn": pl.Utf8, "_evidence": pl.Utf8})
    out = lists[0]
    for more in lists[1:]:
        out = out.join(more, on=["school", "upn"], how="full", coalesce=True)
    as_json = [
        (name, pl.concat_str([pl.lit("["), pl.col(name).list.join(", ").fill_null(""), pl.lit("]")]), None)
        if name not in empty else (name, pl.lit("[]"), None)
        for name in ("pn_sessions", "late_sessions", "runs", "sickness_sessions")
    ]
    return out.select("school", "upn", json_object(as_json).alias("_evidence"))


#: A pupil's evidence with nothing in it, as JSON.
EMPTY_EVIDENCE = '{"pn_sessions": [], "late_sessions": [], "runs": [], "sickness_sessions": []}'


def _pupil_column(result: CheckResult, multi: bool) -> pl.Series:
    """Each pupil of the check as a JSON object on one line, exactly as ``json.dumps(obj,
    ensure_ascii=False)`` writes the object the JSON contract describes (PUPIL_FIELDS, then
    school when there is one, pn_next_notice, groups, new_groups, reasons, and evidence
    for a pupil in a group), made in Polars a column at a time: building a dict per pupil
    and encoding it took as long as the rules at 20,000 pupils (issue 15)."""
    frame = result.pupils.with_columns(pl.col("school").fill_null(""))
    schema = frame.schema
    parts: list[tuple[str | pl.Expr, pl.Expr, pl.Expr | None]] = [
        (c, json_value(pl.col(c), schema[c]), None) for c in PUPIL_FIELDS
    ]
    school = pl.col("school")
    parts.append(
        ("school", json_text(pl.when(school == "").then(None).otherwise(school)),
         pl.lit(multi) | (school != ""))
    )  # fmt: skip
    for c in ("pn_next_notice", "groups", "new_groups"):
        parts.append((c, json_value(pl.col(c), schema[c]), None))
    # a pupil under a UPN the loader's note calls typed like another pupil's: which, where
    typed = json_object([
        ("like_upn", json_value(pl.col("upn_typed_like"), pl.String), None),
        ("file", json_value(pl.col("upn_typed_file"), pl.String), None),
        ("lines", pl.concat_str([
            pl.lit("["),
            pl.col("upn_typed_lines").list.eval(pl.element().cast(pl.String)).list.join(", "),
            pl.lit("]"),
        ]), None),
    ])  # fmt: skip
    parts.append(("upn_typed_apart", typed, pl.col("upn_typed_like").is_not_null()))
    # reasons: {group: its reason} in the order of the pupil's groups
    # (only as many places as the longest list of groups holds, each tested against only
    # the groups some pupil is in: a part no row has is left out of the object all the
    # same, and the query of every place against every group, 49 tests, cost a few
    # milliseconds a run however few the pupils, issue 15)
    longest, held = frame.select(
        pl.col("groups").list.len().max().alias("_n"),
        pl.col("groups").explode().unique().implode().alias("_k"),
    ).row(0)
    keys = [g.key for g in result.groups if g.key in set(held)]
    reasons = []
    for i in range(max(longest or 0, 1)):
        group = pl.col("groups").list.get(i, null_on_oob=True)
        text = pl.lit(None, pl.String)
        for k in keys:
            text = pl.when(group == k).then(pl.col(reason_for(k))).otherwise(text)
        reasons.append((group, json_text(text), group.is_not_null()))
    parts.append(("reasons", json_object(reasons), None))
    evidence = _evidence_json(result)
    frame = frame.join(evidence, on=["school", "upn"], how="left")
    parts.append(
        ("evidence", pl.col("_evidence").fill_null(pl.lit(EMPTY_EVIDENCE)),
         pl.col("groups").list.len() > 0)
    )  # fmt: skip
    return frame.select(json_object(parts)).to_series()


def to_json(result: CheckResult) -> str:
    """The check's JSON document (a stable contract: README.md, `attcli check`)."""
    return json_document(_document(result), lists=_LISTS)


def to_json_bytes(result: CheckResult) -> bytes:
    """:func:`to_json`'s document as its UTF-8 bytes, made without the text (for a file:
    :func:`attcli.output.json_document_bytes`)."""
    return json_document_bytes(_document(result), lists=_LISTS)


#: the JSON's long lists, an item a line
_LISTS = ("data_quality", "corrections", "pupils")


def _document(result: CheckResult) -> dict[str, Any]:
    """The check's JSON document as :func:`attcli.output.json_document` takes it: the
    pupils and the data-quality items as Polars Series of their lines."""
    ev = result.evaluation
    multi = result.pupils.get_column("school").n_unique() > 1
    pupils = _pupil_column(result, multi)
    doc = {
        "as_of": ev.as_of.isoformat(),
        "period": {"start": ev.period_start.isoformat(), "end": ev.period_end.isoformat()},
        # (a check of a year or registration group only: whose)
        **(
            {"filter": {"year_group": result.view[0], "reg_group": result.view[1],
                        "pupils": result.scope}}
            if result.view is not None
            else {}
        ),  # fmt: skip
        "coverage": result.coverage.to_json(),
        "half_term": (
            {
                "name": ev.half_term.name,
                "start": ev.half_term.start.isoformat(),
                "end": ev.half_term.end.isoformat(),
            }
            if ev.half_term
            else None
        ),
        "compared_with": result.previous_as_of.isoformat() if result.previous_as_of else None,
        "summary": {
            "pupils": result.pupils.height,
            "needing_nothing": result.needing_nothing,
            "bands": {k or NO_BAND: v for k, v in result.band_counts().items()},
            "groups": _group_counts(result),
            "left": result.leavers.height,
            "missing_marks": int(result.pupils.get_column("missing_marks").sum()),
        },
        "warnings": result.warnings,
        "data_quality": _quality_json(result, multi),
        "corrections": _corrections_json(result, multi),
        "pupils": pupils,
    }
    # null without a run to compare with (the casebook's `compared_with_run` is too): the
    # keys are always there, so a script reads one document shape whichever run it is
    doc["compared_with_run"] = doc["changes"] = None
    if result.compared_with is not None and result.changes is not None:
        snap = result.compared_with
        doc["compared_with_run"] = {
            "as_of": snap.as_of.isoformat(),
            "recorded_at": json_time(snap.taken_at),
            "recorded_by": snap.taken_by,
            # today's thresholds moved a band or the lateness group since (null: none)
            "thresholds_note": result.thresholds_note,
        }
        # a pupil gone from the exports is in no list of this run: named from its record;
        # no school is null, as in the corrections and data quality ("" was a school)
        doc["changes"] = [
            {k: (v or None) if k == "school" else v for k, v in c.items()
             if c["kind"] == "not_in_exports" or k not in NAMES}
            for c in _named_changes(result).to_dicts()
        ]  # fmt: skip
    return doc


def _group_counts(result: CheckResult) -> dict[str, int]:
    """Group key -> how many pupils it holds (:meth:`CheckResult.members`' heights), in the
    order of the groups: counted in one query, not a filter of every pupil a group (issue
    15; a group listed twice in a pupil's groups counts the pupil once, as ``members``)."""
    keys = pl.col("groups").list.unique().explode().drop_nulls().alias("k")
    counts = dict(result.pupils.select(keys).group_by("k").len().iter_rows())
    return {g.key: counts.get(g.key, 0) for g in result.groups}


def _quality_json(result: CheckResult, multi: bool) -> pl.Series:
    """The data-quality list, an item a line, written in Polars (a school's stale N marks
    run to hundreds of thousands: 445,000 at 100,000 pupils)."""
    school = pl.col("school").cast(pl.String)
    return json_column(
        result.data_quality.with_columns(
            pl.when(school == "").then(None).otherwise(school).alias("school")
        ),
        ["kind", "upn", "date", "session", "detail"],
        {"school": pl.lit(multi) | school.is_not_null()},
    )


def _corrections_json(result: CheckResult, multi: bool) -> list[dict[str, Any]]:
    """The corrections between exports, then those since the last run on record: the same
    fields, ``was_file`` null and ``since_run`` (the run's as-of date) added for these."""
    def item(r: dict[str, Any], **more: Any) -> dict[str, Any]:
        obj = {k: _iso(r[k]) for k in ("upn", "date", "session", "was", "now", "file")}
        obj.update(more)
        if multi or r["school"]:
            obj["school"] = r["school"] or None
        return obj

    out = [
        item(r, was_file=r["was_file"])
        for r in (result.corrections.iter_rows(named=True) if result.corrections is not None else ())
    ]
    if result.run_corrections is not None and result.compared_with is not None:
        since = result.compared_with.as_of.isoformat()
        out += [
            item(r, was_file=None, since_run=since)
            for r in result.run_corrections.iter_rows(named=True)
        ]
    return out


#: Leavers named on the check's last line (then "and N more").
LEAVERS_NAMED = 5

#: a session no export marked for this many pupils or more, marked by a later export, is
#: said in one line (a lunchtime export's afternoon), not as a correction a pupil
FILLED_TOGETHER = 5


def csv_columns() -> list[str]:
    return [*PUPIL_FIELDS, "school", "groups", "new_groups", "reasons"]


def _flat_row(result: CheckResult, row: dict[str, Any]) -> list[Any]:
    values = [_iso(row[k]) for k in PUPIL_FIELDS]
    reasons = " | ".join(row[reason_for(g)] for g in row["groups"])
    return [*values, row["school"], ";".join(row["groups"]), ";".join(row["new_groups"]), reasons]


def to_csv(result: CheckResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(csv_columns())
    for row in result.pupils.iter_rows(named=True):
        w.writerow([safe_cell("" if v is None else v) for v in _flat_row(result, row)])
    return buf.getvalue()


def to_xlsx(result: CheckResult, stream: Any) -> None:
    from openpyxl import Workbook  # only the workbook needs it (start-up: issue 15)
    from openpyxl.styles import Alignment, Font, PatternFill

    ev = result.evaluation
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    school = ev.config.school.name
    coverage_line = result.coverage.line()
    rows: list[list[Any]] = [
        [f"Attendance check: {school}" + (f", {result.scope}" if result.scope else "")],
        ["As of", ev.as_of],
        ["Period", f"{ev.period_start:%d/%m/%Y} to {ev.period_end:%d/%m/%Y}"],
        *([["Pupils of", result.scope]] if result.scope else []),
        ["Data", note_cell(coverage_line or "the exports cover the period")],
        # the legacy codes the figures count, and as what (DOMAIN.md 1: "say so")
        *([["Codes", note_cell(legacy)]] if (legacy := ev.prepared and ev.prepared.legacy_line(ev.as_of, ev.period_start)) else []),
        ["Half term", ev.half_term.name if ev.half_term else ""],
        ["Pupils", result.pupils.height],
        ["Needing nothing", result.needing_nothing],
        # what the Data quality sheet holds, counted as the table and the CSV's note count
        # it (DOMAIN.md 12: never silently absorbed; the first sheet is the one read)
        ["Data quality", note_cell(quality_count(result) or "nothing in the register to fix in the MIS")],
        # a pupil of the last run in none of these exports, and thresholds moved since: the
        # table and the JSON list them among the changes; the workbook, a file passed on,
        # says them here, not on the terminal of whoever made it alone (docs/decisions.md)
        *([["Since the last recorded check", note_cell(gone)]] if (gone := gone_note(result, sheet="the Changes sheet")) else []),
        # what the terminal lists under "Changed since" (an L made U, a joiner): a row each
        # on the Changes sheet, counted here (sweep rough6: the office works from the file)
        *([[f"Changed since {result.compared_with.describe()}", note_cell(changed)]]
          if result.compared_with is not None and (changed := _changes_cell(result)) else []),  # fmt: skip
        *([["Thresholds", note_cell(result.thresholds_note)]] if result.thresholds_note else []),
        [],
        ["Band", "Pupils"],
    ]
    for band, n in result.band_counts().items():
        rows.append([band or result.no_band, n])
    rows += [
        [],
        [
            "Group",
            "Pupils",
            "New since " + (f"{result.previous_as_of:%d/%m/%Y}" if result.previous_as_of else "-"),
        ],
    ]
    for g in result.groups:
        m = result.members(g.key)
        rows.append([g.title, m.height, m.filter(pl.col("new_groups").list.contains(g.key)).height])
    for r in rows:
        summary.append([safe_cell(v) for v in r])
    summary["A1"].font = Font(bold=True, size=14)
    if coverage_line:  # (the Data row: the fifth under a filtered check's "Pupils of")
        data_row = next(i for i, r in enumerate(rows, 1) if r[:1] == ["Data"])
        summary.cell(data_row, 2).font = Font(bold=True, color="C00000")
    summary["B2"].number_format = "DD/MM/YYYY"
    # column A as wide as its longest group title (the sickness group's is 87 characters,
    # and its count beside it in B: cut at 70, sweep looks18), to 100; a longer title (a
    # school's thresholds) wraps in its cell rather than widen the sheet for ever
    width_a = min(100, max([70, *(len(g.title) + 2 for g in result.groups)]))
    summary.column_dimensions["A"].width = width_a
    for i, g in enumerate(result.groups, len(rows) - len(result.groups) + 1):
        if len(g.title) > width_a:
            summary.cell(i, 1).alignment = Alignment(wrap_text=True, vertical="top")
    # printed whole: landscape, on one page's width (portrait at 100 %, the labels were on
    # one page and their values on the next); a note beside its label longer than B and C
    # (the Data quality line) wrapped over them, its row as tall as its lines: unwrapped,
    # it ran over the empty columns after C, outside what is printed (sweep looks18)
    summary.page_setup.orientation = "landscape"
    summary.page_setup.paperSize = 9  # A4
    one_page_wide(summary)
    # (C, the "New since" counts, takes what is left of the page, so that a note wraps
    # in as few lines as it can: PAGE_CHARS less A, B and the columns' edges, 10 spare)
    width_c = max(18, PAGE_CHARS - 10 - width_a - 14)
    beside = 14 + width_c  # (B and C)
    for i, r in enumerate(rows, 1):
        if len(r) == 2 and isinstance(r[1], str) and len(r[1]) > beside:
            summary.merge_cells(start_row=i, start_column=2, end_row=i, end_column=3)
            summary.cell(i, 2).alignment = Alignment(wrap_text=True, vertical="top")
            summary.cell(i, 1).alignment = Alignment(vertical="top")
            summary.row_dimensions[i].height = wrapped_height(
                r[1], beside, bold=bool(coverage_line) and r[0] == "Data"
            )
    summary.column_dimensions["B"].width = 14
    summary.column_dimensions["C"].width = width_c

    headers = [
        "New",
        "UPN",
        "Surname",
        "Forename",
        "Year",
        "Reg group",
        "Attendance %",
        "Band",
        "Possible",
        "Attended",
        "Authorised",
        "Unauthorised",
        "Half-term %",
        "Lates (half term)",
        "PN window sessions",
        "Current absence run (school days)",  # (a run counts school days, DOMAIN.md 6)
        "Illness sessions",
        "Missing marks",
        "Left on",
        "Reason",
    ]
    widths = [6, 15, 18, 16, 6, 10, 13, 9, 9, 9, 11, 13, 12, 10, 12, 14, 10, 9, 11, 100]
    # the names and groups as wide as the longest (up to 50): Excel cuts a text cell at
    # the next one's edge ("Montgomery-Fotheringham-Smythe" read "Montgomery-Fother")
    named = ("upn", "surname", "forename", "year_group", "reg_group")
    longest = result.pupils.select(
        pl.col(c).cast(pl.Utf8).str.len_chars().max().fill_null(0) for c in named
    ).row(0)
    for i, n in zip(range(1, 6), longest, strict=True):
        widths[i] = max(widths[i], min(50, n + 2))
    all_groups = [(g.key, g.title) for g in result.groups] + [("all", "All pupils")]
    lines = reading_lines(ev.config)  # (and the praise line, as the letters keep it)
    for key, title in all_groups:
        ws = _table_sheet(wb, title.split(" (")[0], headers, widths, "B:D", wrap=True)
        frame = result.pupils if key == "all" else result.members(key)
        # each row's number counted here: openpyxl's max_row scans every cell of the sheet,
        # a read per row grew with rows x rows (issue 15; docs/decisions.md)
        for r, row in enumerate(frame.iter_rows(named=True), start=2):
            reason = (
                row[reason_for(key)]
                if key != "all"
                else " | ".join(row[reason_for(g)] for g in row["groups"])
            )
            year = percent.pct_float(row["attended"], row["possible"], lines)
            half = percent.pct_float(row["ht_attended"], row["ht_possible"], lines)
            values = [
                # (all pupils: new in any group of theirs, as the CSV's new_groups)
                "NEW" if (key in row["new_groups"] or (key == "all" and row["new_groups"])) else "",
                row["upn"],
                row["surname"],
                row["forename"],
                year_cell(row["year_group"]),
                row["reg_group"],
                percent.of_one(year),  # shown by attcli.percent's rule
                row["band"],
                row["possible"],
                row["attended"],
                row["authorised"],
                row["unauthorised"],
                percent.of_one(half),
                row["lates_half_term"],
                row["pn_window_sessions"],
                row["continuous_absence_days"],
                row["sickness_sessions"],
                row["missing_marks"],
                row["left_on"],
                reason,
            ]
            ws.append([safe_cell(v) for v in values])
            ws.cell(r, 7).number_format = percent.excel_format(year, percent=True)
            ws.cell(r, 13).number_format = percent.excel_format(half, percent=True)
            ws.cell(r, 19).number_format = "DD/MM/YYYY"
            if row["band"] in BAND_FILL:
                ws.cell(r, 8).fill = PatternFill("solid", fgColor=BAND_FILL[row["band"]])
        _filtered(ws, len(headers))
    _changes_sheet(wb, result)
    _quality_sheet(wb, result)
    wb.save(stream)


#: the changes' kinds counted together in a workbook's or a CSV's one line, and the words
_COUNTED_AS = {
    **dict.fromkeys(("band_down", "band_up", "band_new", "band_lost", "band_rule"), "band"),
    "corrected": "corrected",
    "not_in_run": "not_in_run",
    "not_in_exports": "not_in_exports",
    "left_roll": "left_roll",
    "back_on_roll": "back_on_roll",
}
_COUNT_WORDS = {
    "band": ("band moved", "bands moved"),
    "group": ("in or out of a group", "in or out of a group"),
    "corrected": ("past figure changed", "past figures changed"),
    "not_in_run": ("joined", "joined"),
    "not_in_exports": ("not in these exports", "not in these exports"),
    "left_roll": ("left the roll", "left the roll"),
    "back_on_roll": ("back on the roll", "back on the roll"),
}


def changes_counted(result: CheckResult) -> str | None:
    """The changes since the last run counted: "5 changes (1 band moved, 1 past figure
    changed, 2 in or out of a group, 1 joined)", in the order the terminal lists them;
    None without a run to compare with or with no change."""
    if result.compared_with is None or result.changes is None or not result.changes.height:
        return None
    counts: dict[str, int] = {}
    for kind in result.changes.get_column("kind"):
        key = _COUNTED_AS.get(kind, "group")
        counts[key] = counts.get(key, 0) + 1
    n = result.changes.height
    parts = [f"{c} {_COUNT_WORDS[k][c != 1]}" for k, c in counts.items()]
    return f"{n} change{'s' if n != 1 else ''} ({', '.join(parts)})"


def changes_note(result: CheckResult) -> str | None:
    """The changes since the last run counted in one line, for the CSV, a row a pupil with
    no place for them (a past figure a correction moved, a pupil gone from the exports):
    the table, the JSON and the workbook list each.  None: no run, or no change."""
    counted = changes_counted(result)
    if counted is None:
        return None
    assert result.compared_with is not None
    head, _, rest = counted.partition(" (")
    return (
        f"{head} since the check recorded as of {result.compared_with.as_of:%d/%m/%Y} ({rest}: "
        "this CSV lists pupils only; the check's table, JSON or workbook lists each"
    )


def _changes_cell(result: CheckResult) -> str:
    """The Summary sheet's count of the changes since the last run (a run is on record)."""
    counted = changes_counted(result)
    return (
        f"{counted}: each is a row of the Changes sheet" if counted else "no change"
    )


def _table_sheet(
    wb: Any, title: str, headers: list[str], widths: Sequence[float], keep: str, *,
    wrap: bool = False,
) -> Any:  # fmt: skip
    """A new sheet of the check's workbook for a table: its header row bold (``wrap``:
    wrapped, at the top of the cell) and frozen, its columns ``widths`` wide, printed as
    :func:`attcli.output.print_setup` prints a table (``keep``: the columns each page
    repeats); rows are appended, then :func:`_filtered`.  The group sheets', the Changes
    sheet's and the Data quality sheet's one head."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet_name(title, wb.sheetnames))
    ws.append(headers)
    for c in ws[1]:
        c.font = Font(bold=True)
        if wrap:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    print_setup(ws, 1, widths, keep)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    return ws


def _filtered(ws: Any, columns: int) -> None:
    """A filter over a :func:`_table_sheet`'s ``columns`` and every row written."""
    from openpyxl.utils import get_column_letter

    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(ws.max_row, 1)}"


#: the Changes sheet's columns' widths: UPN, surname, forename, change, detail
CHANGES_WIDTHS = (15, 18, 16, 30, 100)


def _changes_sheet(wb: Any, result: CheckResult) -> None:
    """What changed since the last run on record, a row each as the terminal's "Changed
    since" lists them (every pupil gone from the exports too, as the JSON): an office
    working from the workbook sees a pupil's L made U, a joiner, a band up (sweep rough6).
    No sheet without a run to compare with."""
    from openpyxl.styles import Alignment

    from attcli.snapshots import detail_said

    if result.compared_with is None or result.changes is None:
        return
    headers = ["UPN", "Surname", "Forename", "Change", "Detail"]
    ws = _table_sheet(wb, "Changes", headers, CHANGES_WIDTHS, "A:C")  # (the UPN, the name)
    top = Alignment(wrap_text=True, vertical="top")
    # (the row's number counted: max_row scans the sheet, not read per row)
    for n, r in enumerate(_named_changes(result).iter_rows(named=True), start=2):
        values = (r["upn"], r["surname"], r["forename"], CHANGE_TEXT[r["kind"]],
                  detail_said(r["detail"]))  # fmt: skip
        ws.append([safe_cell("" if v is None else v) for v in values])
        ws.cell(n, 5).alignment = top
    _filtered(ws, len(headers))


#: the data-quality sheet's columns' widths: problem (in words: "N code older than 5 school
#: days", "X while of compulsory school age"), UPN, date, session, detail
QUALITY_WIDTHS = (34, 15, 12, 9, 90)


def _quality_sheet(wb: Any, result: CheckResult) -> None:
    """Every data-quality problem and register correction, one row each."""
    from attcli.quality import kind_text

    headers = ["Problem", "UPN", "Date", "Session", "Detail"]
    ws = _table_sheet(wb, "Data quality", headers, QUALITY_WIDTHS, "A:B")  # (problem, UPN)
    n = 1  # the row last written (max_row scans the sheet: not read per row)
    # each problem in words, as the terminal counts them (the JSON keeps its keys)
    n_days = result.evaluation.config.n_within_days
    words = {k: kind_text(k, n_days) for k in result.data_quality.get_column("kind").unique()}
    for r in result.data_quality.iter_rows(named=True):
        problem = words[r["kind"]]
        ws.append([safe_cell(v) for v in (problem, r["upn"], r["date"], r["session"], r["detail"])])
        n += 1
        ws.cell(n, 3).number_format = "DD/MM/YYYY"
    # (between exports: where the earlier mark was; since the last run: that run)
    lists: list[tuple[pl.DataFrame, str | None]] = []
    if result.corrections is not None:
        lists.append((result.corrections, None))
    if result.run_corrections is not None and result.compared_with is not None:
        lists.append((result.run_corrections, f"the check recorded as of {result.compared_with.as_of:%d/%m/%Y}"))
    for frame, run in lists:
        for r in frame.iter_rows(named=True):
            detail = f"{r['was']} in {run or r['was_file']} corrected to {r['now']} in {r['file']}"
            ws.append([safe_cell(v) for v in ("register correction", r["upn"], r["date"], r["session"], detail)])
            n += 1
            ws.cell(n, 3).number_format = "DD/MM/YYYY"
    _filtered(ws, len(headers))


def render_table(result: CheckResult, console: Console) -> None:
    ev = result.evaluation
    head = Text()
    head.append(
        f"{ev.config.school.name}: attendance check"
        + (f" of {result.scope}" if result.scope else "")
        + f" as of {ev.as_of:%a %d %b %Y}",
        style="bold",
    )
    head.append(f"\nPeriod {ev.period_start:%d/%m/%Y} to {ev.period_end:%d/%m/%Y}")
    if ev.half_term:
        head.append(
            f"; half term {ev.half_term.name} ({ev.half_term.start:%d/%m} to {ev.half_term.end:%d/%m})"
        )
    if result.compared_with is not None:
        head.append(f"; NEW = not in this group in {result.compared_with.describe()}")
    elif result.previous_as_of:
        head.append(f"; NEW = not in this group on {result.previous_as_of:%d/%m/%Y}")
    line = result.coverage.line()
    if line:
        head.append("\n" + line, style="bold red")
    console.print(head)
    lines = reading_lines(ev.config)  # (and the praise line, as the letters keep it)
    for g in result.groups:
        members = result.members(g.key)
        if members.height == 0:
            continue
        new = members.filter(pl.col("new_groups").list.contains(g.key)).height
        title = f"{g.title}: {members.height} pupil{'s' if members.height != 1 else ''}" + (
            f", {new} new" if new else ""
        )
        action = result.action_for(g.key)
        if members.height > RICH_ROWS:  # a long group: plain lines (attcli.terminal)
            _print_long_group(console, g, title, members, lines, action)
            continue
        if console.width < TABLE_WIDTH:
            _print_narrow_group(console, g, title, members, lines, action)
            continue
        table = _group_table(title, action)
        table.add_column("", no_wrap=True, width=3)
        table.add_column("Pupil", ratio=2, min_width=12, overflow="fold")
        table.add_column("UPN", no_wrap=True)
        table.add_column("Year", no_wrap=True)
        table.add_column("Att %", justify="right", no_wrap=True)
        table.add_column("Band", no_wrap=True)
        table.add_column("Reason", ratio=5, min_width=24)
        for row in _ordered(members, g.key).iter_rows(named=True):
            pct, band = _shown(row, lines)
            left = _left_beside(row, row[reason_for(g.key)])
            left = f"\n{left}" if left else ""
            table.add_row(
                Text("NEW", style="bold magenta") if row["_new"] else Text(""),
                Text(terminal_text(pupil_name(row["surname"], row["forename"])) + left),
                Text(terminal_text(row["upn"], UPN_WIDTH)),
                Text(_year_text(row)),
                Text(pct),
                Text(band, style=BAND_STYLE.get(band, "")),
                Text(terminal_text(row[reason_for(g.key)], 2000)),
            )
        console.print(table)
    counts = result.band_counts()
    # a leaver is counted in the band of their figures to the day they left (as the
    # national figures count them) but listed in no group: each count says how many left
    left_in = dict(result.leavers.group_by("band").len().iter_rows())
    line = Text("Bands: ")
    parts = []
    for band, n in counts.items():
        if band is None and n == 0:
            continue
        left = f" ({left_in[band]} left)" if left_in.get(band) else ""
        parts.append((f"{band or result.no_band} {n}{left}", BAND_STYLE.get(band or "", "")))
    for i, (txt, style) in enumerate(parts):
        line.append(txt, style=style)
        if i < len(parts) - 1:
            line.append(" | ")
    n_left = result.leavers.height
    # named (a few): a pupil taken as having left (their marks end) is checked by a person
    shown = [
        f"{terminal_text(r['surname'] or '', 40)}, {terminal_text(r['forename'] or '', 40)} "
        f"{terminal_text(r['upn'], UPN_WIDTH)}"
        + _left_text(r)
        for r in result.leavers.head(LEAVERS_NAMED).iter_rows(named=True)
    ]
    more = f" and {n_left - LEAVERS_NAMED} more" if n_left > LEAVERS_NAMED else ""
    # a leaver after a run of unexplained absence is listed (the deletion to check,
    # DOMAIN.md 6): "no action listed for them" was untrue of them (sweep "notes")
    listed = result.leavers.filter(pl.col("groups").list.len() > 0).height
    action = (
        "no action listed for them" if not listed
        else "listed above with what to do" if listed == n_left
        else f"{listed} of them listed above with what to do, no action listed for the "
        f"other{'s' if n_left - listed != 1 else ''}"
    )  # fmt: skip
    left_text = (
        f" {n_left} pupil{'s' if n_left != 1 else ''} left the roll in the period "
        f"(counted in the bands to the day they left; {action}): "
        f"{'; '.join(shown)}{more}."
        if n_left
        else ""
    )
    console.print(
        Group(
            line,
            Text(
                f"{result.pupils.height} pupil{'s' if result.pupils.height != 1 else ''} "
                f"checked; {_nothing_text(result)}.{left_text}"
            ),
        )
    )
    _render_changes(result, console)
    _render_quality(result, console)


def _nothing_text(result: CheckResult) -> str:
    """"161 need nothing this week"; but exports that miss part of the period give no
    pupil a band (DOMAIN.md 2), so their pupils in no group are not known to need nothing:
    said as what it is (the INCOMPLETE DATA line above says what is missing)."""
    n = result.needing_nothing
    need = f"{n} {'needs' if n == 1 else 'need'} nothing this week"
    coverage = result.evaluation.coverage
    if coverage is not None and not coverage.covers_period:
        return (
            f"{n} in no group on these exports, which miss part of the period: no band "
            "could be given, so this is not a sign that none needs action"
        )
    k = result.unjudged
    if k:
        return (
            f"{need}; {k} {'has' if k == 1 else 'have'} no band only for "
            f"missing marks (fewer than {result.evaluation.config.min_possible_sessions} "
            "sessions marked while on roll: see the data-quality list below)"
        )
    return need


#: how each kind of change since the last run reads
CHANGE_TEXT = {
    "band_down": "band down",
    "band_up": "band up",
    "band_new": "first band",
    "band_lost": "band gone",
    "band_rule": "band moved by the thresholds",
    "not_in_run": "joined",
    "not_in_exports": "not in the exports",
    "left_roll": "left the roll",
    "back_on_roll": "back on the roll",
    "flag_raised": "now in",
    "flag_cleared": "no longer in",
    "half_term_new": "no longer in, a new half term",
    "half_term_new_in": "now in, a new half term",
    "flag_corrected": "no longer in",
    "flag_corrected_in": "now in",
    "flag_rule": "lateness flag by the threshold",
    "group_rule_in": "now in, by the thresholds",
    "group_rule_out": "no longer in, by the thresholds",
    "lates_unkept_in": "now in",
    "lates_unkept_out": "no longer in",
    "corrected": "past figure changed",
    "cme_reached": "reached the CME threshold",
}


NAMES = ("surname", "forename")


def _named_changes(result: CheckResult) -> pl.DataFrame:
    """The changes since the last run with each pupil's surname and forename: from this
    run's register, else (a pupil gone from the exports) from the run's record (null in a
    run from before names were kept)."""
    assert result.changes is not None and result.compared_with is not None
    names = result.evaluation.pupils.select(
        pl.col("school").fill_null(""), "upn", *NAMES
    )
    kept = result.compared_with.names
    recorded = pl.DataFrame(
        [(s, u, n[0], n[1]) for (s, u), n in kept.items()],
        schema={"school": pl.Utf8, "upn": pl.Utf8, "surname": pl.Utf8, "forename": pl.Utf8},
        orient="row",
    ).join(names, on=["school", "upn"], how="anti")
    return result.changes.join(
        pl.concat([names.cast(recorded.schema), recorded]),  # type: ignore[arg-type]
        on=["school", "upn"],
        how="left",
    )


def quality_count(result: CheckResult) -> str | None:
    """The data-quality list counted, for the workbook's Summary sheet: "7 problems in the
    register to fix in the MIS (2 N codes ...): each is a row of the Data quality sheet"
    (None: the list is empty)."""
    counted = _quality_counted(result)
    if counted is None:
        return None
    head, counts = counted
    return f"{head} ({counts}): each is a row of the Data quality sheet"


def _quality_counted(result: CheckResult) -> tuple[str, str] | None:
    """The data-quality list's head ("7 problems in the register to fix in the MIS", or
    nothing to fix, for the record) and its counts by kind (:func:`attcli.quality.counts_text`),
    as the workbook and the CSV say them; None when the list is empty."""
    from attcli.quality import counts_text, problems

    dq = result.data_quality
    if not dq.height:
        return None
    n = problems(dq).height  # (a holiday club's marks are said, not problems)
    head = (
        f"{n} problem{'s' if n != 1 else ''} in the register to fix in the MIS"
        if n
        else "nothing in the register to fix in the MIS; for the record"
    )
    return head, counts_text(dq, n_days=result.evaluation.config.n_within_days)


def quality_note(result: CheckResult) -> str | None:
    """The data-quality list counted in one line, for the CSV, which holds a row per pupil
    and has no place for it (a pupil with no mark at all has no row; a stale N, a session
    with no register, a stray day none): the table, the JSON and the workbook list each
    item (DOMAIN.md 12: never silently absorbed).  None when the list is empty."""
    from attcli.quality import COUNTED

    counted = _quality_counted(result)
    if counted is None:
        return None
    head, counts = counted
    return (
        f"data quality: {head} ({counts}); {COUNTED}: this CSV lists pupils only; the "
        "check's table, JSON or workbook lists each item"
    )


def gone_note(result: CheckResult, *, sheet: str | None = None) -> str | None:
    """One line counting the pupils of the last run in none of these exports, for an
    output that lists no changes row by row (CSV), or a workbook's Summary and the
    terminal beside it (``sheet``: the words naming its Changes sheet, which lists every
    one): never absorbed unsaid (None: none)."""
    tail = f"{sheet} lists each with what they were in" if sheet else None
    if result.compared_with is None or result.changes is None:
        return None
    gone = _named_changes(result).filter(pl.col("kind") == "not_in_exports")
    if not gone.height:
        return None
    from attcli.snapshots import gone_summary

    # many (a filtered export): the whole groups they make; the table lists only those in
    # a group then
    many = gone_summary(result.compared_with, result.changes)
    if many is not None:
        # (the table lists only those in a group then; the JSON and a workbook, every one)
        return f"{many.head}: " + (tail or "the check's JSON lists each with what they were in")
    # (the example: one who was in a group then, if any)
    n = gone.height
    r = gone.sort(pl.col("detail").str.contains(", in no group"), "upn").row(0, named=True)
    who = pupil_name(r["surname"], r["forename"])
    return (
        f"{n} pupil{'s' if n != 1 else ''} of the check recorded as of "
        f"{result.compared_with.as_of:%d/%m/%Y} {'are' if n != 1 else 'is'} in none of these "
        f"exports (taken off roll, or a filtered export?), e.g. {r['upn']}"
        + (f" ({who})" if who else "")
        + ": "
        + (tail or "the check's table and JSON list each with what they were in")
    )


def _render_changes(result: CheckResult, console: Console) -> None:
    """What changed since the last run on record (a snapshot), when there is one."""
    from attcli.terminal import print_rows

    if result.compared_with is None or result.changes is None:
        return
    changes = _named_changes(result)
    if not changes.height:
        console.print(Text(f"No change since {result.compared_with.describe()}."))
        return
    gone = changes.filter(pl.col("kind") == "not_in_exports").height
    by_rule = changes.filter(
        pl.col("kind").is_in(["band_rule", "flag_rule", "group_rule_in", "group_rule_out"])
    ).height
    counted = [f"{gone} not in these exports"] if gone else []
    if by_rule:
        counted.append(f"{by_rule} by the thresholds")
    if result.thresholds_note:  # (at the head: the rows below are read by it)
        console.print(Text(result.thresholds_note[0].upper() + result.thresholds_note[1:]))
    title = f"Changed since {result.compared_with.describe()}: {changes.height}" + (
        f" ({'; '.join(counted)})" if counted else ""
    )
    # many pupils gone (a filtered export): one line after the rows, and of them only those
    # in a group then listed (docs/decisions.md, "A pupil gone from the exports")
    from attcli.snapshots import detail_said, gone_summary

    many = gone_summary(result.compared_with, changes)
    if many is not None:
        unlisted = (
            changes.filter(pl.col("kind") == "not_in_exports")
            .select(pl.col("school").fill_null(""), "upn", "kind")
            .join(
                pl.DataFrame(many.listed, schema={"school": pl.Utf8, "upn": pl.Utf8}, orient="row"),
                on=["school", "upn"],
                how="anti",
            )
        )
        changes = changes.with_columns(pl.col("school").fill_null("")).join(
            unlisted, on=["school", "upn", "kind"], how="anti", maintain_order="left"
        )
    if changes.height:
        print_rows(
            console,
            title,
            ["Pupil", "UPN", "change", "detail"],
            [
                [
                    pupil_name(r["surname"], r["forename"])
                    or "(name not on record)",
                    # (a detail may quote an export's names: a merge line)
                    r["upn"], CHANGE_TEXT[r["kind"]],
                    terminal_text(detail_said(r["detail"]), 2000),
                ]  # fmt: skip
                for r in changes.iter_rows(named=True)
            ],
            whole=(2, 3),
        )
    else:
        console.print(Text(title))
    if many is not None:
        console.print(Text(many.line))


def _render_quality(result: CheckResult, console: Console) -> None:
    """What in the register needs fixing: counts, and the first few of each, grouped."""
    from attcli.quality import summary_lines

    dq = result.data_quality
    corrections = result.corrections if result.corrections is not None else None
    since = result.run_corrections if result.compared_with is not None else None
    if (
        not dq.height
        and (corrections is None or not corrections.height)
        and (since is None or not since.height)
    ):
        return
    # each line indented by its level, a line that wraps keeping its indent (on 80 columns
    # a pupil's sessions ran on at the left margin)
    from attcli.quality import problems

    n = problems(dq).height  # (a holiday club's marks are said, not problems)
    parts: list[Any] = [
        Text(
            f"Data quality: {n} problem{'s' if n != 1 else ''} in the register to fix in the MIS"
            if n
            # (said only when something is listed below: a holiday's marks, corrections)
            else "Data quality: nothing in the register to fix in the MIS; for the record:",
            style="bold",
        )
    ]

    def at(level: int, line: str) -> None:
        # wrapped by attcli (never between a date and its session: "14/10/2026" / "AM"); an
        # item's wrapped part hangs under it, never at the next item's indent
        for part in wrapped(" " * (2 * level) + line, console.width, hang=2 if level > 1 else 0):
            parts.append(Text(part))

    names = result.names()  # (once: the data-quality lines' and the corrections')

    def sessions(frame: pl.DataFrame) -> None:  # a list of corrections: up to six lines
        # a pupil's sessions with the same correction in one line (DOMAIN.md 12: what
        # repeats reads as one line; a week of N made I was five lines of one pupil)
        groups = (
            frame.with_row_index("_i")
            .sort("upn", "date", "session", "_i")
            .group_by("school", "upn", "was", "now", "file", maintain_order=True)
            .agg(
                pl.len().alias("n"),
                pl.col("date").first().alias("from"),
                pl.col("session").first().alias("from_session"),
                pl.col("date").last().alias("to"),
                pl.col("session").last().alias("to_session"),
                pl.col("_i").min().alias("_first"),
            )
            .sort("upn", "from", "from_session", "_first")
        )
        shown = groups.height if groups.height <= 6 else 5  # (never a line to hide one)
        # the pupil as the data-quality lines name them: "Surname, Forename (UPN)"
        # (a school by its key, or none: "" and null alike)
        key = [pl.col("school").fill_null(""), pl.col("upn")]
        named = names.filter(
            pl.struct(key).is_in(groups.head(shown).select(pl.struct(key)).to_series().implode())
        )
        who = {
            (r["school"] or "", r["upn"]): f"{pupil_name(r['surname'], r['forename'])} ({r['upn']})"
            for r in named.iter_rows(named=True)
            if r["surname"] or r["forename"]
        }
        for r in groups.head(shown).iter_rows(named=True):
            when = f"{r['from']:%d/%m/%Y} {r['from_session']}"
            if r["n"] == 2 and r["from"] == r["to"]:  # a day's two sessions: the day once
                when += " and PM"
            elif r["n"] > 1:
                when += f" to {r['to']:%d/%m/%Y} {r['to_session']} ({r['n']} sessions)"
            at(2, terminal_text(f"{who.get((r['school'] or '', r['upn']), r['upn'])}: {when}: {r['was']} -> "
                                f"{r['now']} ({r['file']})", LINE_WIDTH))  # fmt: skip
        if groups.height > shown:
            rest = int(groups.tail(groups.height - shown).get_column("n").sum())
            at(2, f"and {rest} more session{'s' if rest != 1 else ''}")

    n_days = result.evaluation.config.n_within_days
    for title, n, lines in summary_lines(dq, names, n_days=n_days, dated=result.dated()):
        at(1, f"{title}: {n}")
        for line in lines:
            # (a message line's limit, not a name's: a pupil's line ends in what to do,
            # "give a pupil list ..., --pupils FILE", cut at 200 characters before it)
            at(2, terminal_text(line, LINE_WIDTH))
    filled = None
    if corrections is not None and corrections.height:
        # a session no export marked for many pupils at once, marked by a later one (an
        # export made at lunchtime: the afternoon's register taken after it) is one line,
        # not a correction a pupil "- -> /" hiding the real ones (sweep blind5)
        filled = (
            corrections.filter(pl.col("was") == MISSING_MARK)
            .group_by("date", "session", "file")
            .agg(pl.len().alias("n"))
            .filter(pl.col("n") >= FILLED_TOGETHER)
            .sort("date", "session")
        )
        if filled.height:
            corrections = corrections.join(
                filled.select("date", "session", "file", pl.lit(MISSING_MARK).alias("was")),
                on=["date", "session", "file", "was"],
                how="anti",
                nulls_equal=True,
            )
    if corrections is not None and corrections.height:
        n = corrections.height
        at(
            1,
            "register corrections (a later export's code replaces an earlier N, or marks a "
            f"session it left unmarked): {n}",
        )
        sessions(corrections)
    for r in () if filled is None else filled.iter_rows(named=True):
        at(
            1,
            terminal_text(
                f"{r['date']:%d/%m/%Y} {r['session']}: no mark for {r['n']} pupils in an earlier "
                f"export, marked by a later one ({r['file']}): that register taken after the "
                "earlier export was made",
                LINE_WIDTH,
            ),
        )
    if since is not None and since.height:
        assert result.compared_with is not None
        n = since.height
        at(
            1,
            f"register corrections since the check recorded as of {result.compared_with.as_of:%d/%m/%Y} "
            f"(the exports now give a code where that check had N): {n}",
        )
        sessions(since)
    console.print(Group(*parts))
