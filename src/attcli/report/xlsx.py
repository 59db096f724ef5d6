"""The report's tables as an Excel workbook, one sheet per table, with native Excel charts
(openpyxl.chart).  Every text cell goes through :func:`attcli.output.safe_cell`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO, Any

import polars as pl
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from attcli.output import id_columns, note_cell, print_setup, safe_cell, year_cell
from attcli.percent import excel_format, of_one
from attcli.report.build import national_name, national_note, target_text

from .build import ATTRIBUTE_LABELS, Report

PCT_FORMAT = "0.0"
#: a chart's axis of percentages (its cells fractions of 1)
PCT_AXIS = "0.0%"
PATTERNS = ("ltUpDiag", "smGrid", "dkDnDiag", "pct50", "ltVert", "openDmnd")


def _table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    pct_cols: Sequence[int] = (),
    start: int = 1,
) -> tuple[int, int]:
    """Write a header and rows from row ``start``; return (first data row, last data row)."""
    for j, h in enumerate(headers, 1):
        c = ws.cell(row=start, column=j, value=safe_cell(h))
        c.font = Font(bold=True)
    for i, row in enumerate(rows, start + 1):
        for j, v in enumerate(row, 1):
            if isinstance(v, dt.date):
                cell = ws.cell(row=i, column=j, value=v)
                cell.number_format = "DD/MM/YYYY"
                continue
            points = "(pp)" in headers[j - 1]
            if j - 1 in pct_cols and not points and isinstance(v, int | float):
                # a percentage as a fraction of 1 under a percent format, as every other
                # workbook holds one (93.9 under "0.0" read 9390.0 % formatted by hand;
                # sweep looks11), with as many decimals as the figure has (91.96, never 92.0)
                cell = ws.cell(row=i, column=j, value=of_one(float(v)))
                cell.number_format = excel_format(float(v), percent=True)
                continue
            cell = ws.cell(row=i, column=j, value=safe_cell(v))
            if j - 1 in pct_cols:  # (a gap or change in points: a number of points)
                cell.number_format = excel_format(v) if isinstance(v, float) else PCT_FORMAT
    widths = [
        min(45, max(10, 2 + max([len(str(h))] + [len(str(r[j])) for r in rows if r[j] is not None])))
        for j, h in enumerate(headers)
    ]
    for j, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    if ws.print_title_rows is None:  # a sheet's first table: its header on every page
        print_setup(ws, start, widths, id_columns([h.lower() for h in headers]) or "A:A")
    return start + 1, start + len(rows)


def _pattern(series, i: int) -> None:  # noqa: ANN001
    """A pattern fill so bars read in black and white."""
    from openpyxl.drawing.colors import ColorChoice
    from openpyxl.drawing.fill import PatternFillProperties

    fill = PatternFillProperties(prst=PATTERNS[i % len(PATTERNS)])
    fill.fgClr = ColorChoice(srgbClr="1F4E79")
    fill.bgClr = ColorChoice(srgbClr="FFFFFF")
    series.graphicalProperties = GraphicalProperties(pattFill=fill)
    series.graphicalProperties.line.solidFill = "1B1B1B"


def _bar(
    ws: Worksheet,
    title: str,
    cats: tuple[int, int, int],
    cols: Sequence[int],
    first: int,
    last: int,
    anchor: str,
    *,
    horizontal: bool = False,
    y_title: str = "attendance %",
) -> None:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.height = max(7.5, 0.6 * (last - first + 1)) if horizontal else 7.5
    chart.width = 18
    for k, col in enumerate(cols):
        data = Reference(ws, min_col=col, min_row=first - 1, max_row=last)
        chart.add_data(data, titles_from_data=True)
        _pattern(chart.series[k], k)
    chart.set_categories(Reference(ws, min_col=cats[0], min_row=cats[1], max_row=cats[2]))
    from openpyxl.chart.label import DataLabelList

    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    if y_title != "pupils":  # (a percentage is a fraction of 1 in its cell)
        chart.y_axis.number_format = PCT_AXIS
        chart.dataLabels.numFmt = "0.0%"
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    ws.add_chart(chart, anchor)


def _v(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


def write_xlsx(report: Report, out: IO[bytes]) -> None:
    wb = Workbook()
    small = f"fewer than {report.min_cohort} pupils"

    # ---- summary
    ws = wb.active
    ws.title = "Summary"
    ws["A1"] = safe_cell(f"{report.title}: {report.school}")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = safe_cell(
        report.period_label(lambda d: f"{d:%d/%m/%Y}")
        + (f"; current half term {report.half_term.name}" if report.half_term else "")
        + (f". {report.coverage_line}" if report.coverage_line else "")
    )
    if report.coverage_line:
        ws["A2"].font = Font(bold=True, color="C00000")
    if report.for_governors:
        ws["A3"] = "For governors: this version names no pupil."
    else:
        ws["A3"] = (
            "For staff only: this workbook names pupils (the sheet 'Worse band (staff)'). "
            "For governors, make the version without names: attcli report ... --audience "
            "governors"
        )
        ws["A3"].font = Font(bold=True, color="8A1C1C")
    since = (
        f"at end of {report.previous_half_term.name}"
        if report.previous_half_term
        else "previous (not shown: the notes say why)"
    )
    nat = report.national
    local = nat.local if nat else None  # the school's LA, same release (attcli.national)
    # the gaps are of the pupils aged 5 to 15 (build._dfe_cohort): their figures too
    like = report.headline.get_column("compared").is_not_null().any()
    rows = [
        [r["label"], r["value"], r["numerator"], r["denominator"], r["previous"], r["change_pp"],
         r["national"], r["vs_national_pp"]] + ([r["local"], r["vs_local_pp"]] if local else [])
        + ([r["compared"]] if like else [])
        + ([r["note"]] if report.incomplete else [])
        for r in _v(report.headline)
    ]  # fmt: skip
    _table(
        ws,
        ["Measure", "%", "Numerator", "Denominator", f"% {since}", "Change (pp)",
         f"{national_name(nat)} %",
         "Against national (pp)"] + ([f"{local.area} %", "Against LA (pp)"] if local else [])
        + (["Aged 5 to 15 % (what the gaps are of)"] if like else [])
        + (["Note"] if report.incomplete else []),
        rows,
        pct_cols=(1, 4, 5, 6, 7, 8, 9, 10),
        start=4,
    )  # fmt: skip
    note = national_note(report, lambda d: f"{d.day} {d:%B %Y}")
    ws["A9"] = safe_cell(
        f"National figures: {nat.source or 'from the config'}" + (f". {note}." if note else "")
        if nat
        else "No national figures configured"
    )
    ws["A10"] = safe_cell(
        f"Groups of fewer than {report.min_cohort} pupils are shown without figures. "
        "PA (persistent absence) = attendance at or below 90 %, SA (severe absence) = "
        "at or below 50 %, of pupils with at least "
        f"{report.min_possible_sessions} possible sessions."
    )
    target = target_text(report)
    if target is not None:
        ws["A11"] = safe_cell(target)
    ws.freeze_panes = None

    # ---- weekly
    ws = wb.create_sheet("Weekly")
    w = _v(report.weekly)
    first, last = _table(
        ws,
        ["Week commencing", "Last school day", "School days", "Possible", "Attended", "Attendance %",
         "Note"],
        [[r["week_start"], r["week_end"], r["school_days"], r["possible"], r["attended"],
          r["attendance_pct"], r["note"]] for r in w],
        pct_cols=(5,),
    )  # fmt: skip
    if w:
        chart = LineChart()
        chart.title = "Weekly attendance %"
        chart.y_axis.title = "attendance %"
        chart.width, chart.height = 22, 8
        chart.add_data(
            Reference(ws, min_col=6, min_row=first - 1, max_row=last), titles_from_data=True
        )
        chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
        s = chart.series[0]
        s.marker.symbol = "circle"
        s.smooth = False
        chart.x_axis.number_format = "DD/MM"
        chart.y_axis.number_format = PCT_AXIS
        ws.add_chart(chart, "H2")

    # ---- year groups, reg groups
    for name, frame, keys in (
        ("Year groups", report.year_groups, ["year_group"]),
        ("Reg groups", report.reg_groups, ["year_group", "reg_group"]),
    ):
        ws = wb.create_sheet(name)
        data = _v(frame)
        heads = {"year_group": "Year group", "reg_group": "Reg group"}
        first, last = _table(
            ws,
            [*[heads[k] for k in keys], "Pupils", "Attendance %", "PA rate %", "SA rate %"],
            [[*[year_cell(r[k]) if k == "year_group" else r[k] for k in keys],
              r["note"] or r["pupils"], r["attendance_pct"], r["pa_rate"],
              r["sa_rate"]] for r in data],
            pct_cols=tuple(range(len(keys) + 1, len(keys) + 4)),
        )  # fmt: skip
        if data:
            _bar(ws, f"Attendance % by {name[:-1].lower()}", (len(keys), first, last),
                 [len(keys) + 2], first, last, "H2", horizontal=True)  # fmt: skip

    # ---- cohorts
    ws = wb.create_sheet("Cohorts")
    data = _v(report.cohorts)
    first, last = _table(
        ws,
        ["Attribute", "Cohort", "Pupils", "Attendance %", "Rest of school %", "Gap (pp)",
         "PA rate %", "Rest PA rate %", "PA gap (pp)", "Unknown"],
        [[ATTRIBUTE_LABELS[r["attribute"]], r["cohort"], r["note"] or r["pupils"],
          r["attendance_pct"], r["rest_attendance_pct"], r["gap_pp"], r["pa_rate"],
          r["rest_pa_rate"], r["pa_gap_pp"], r["unknown_note"] or r["unknown"]] for r in data],
        pct_cols=(3, 4, 5, 6, 7, 8),
    )  # fmt: skip
    if data:
        _bar(ws, "Attendance %: cohort against the rest of the school", (2, first, last), [4, 5],
             first, last, "L2", horizontal=True)  # fmt: skip
        _bar(ws, "PA rate %: cohort against the rest of the school", (2, first, last), [7, 8],
             first, last, "L30", horizontal=True, y_title="PA rate %")  # fmt: skip

    # ---- weekdays and sessions
    ws = wb.create_sheet("Weekdays")
    data = _v(report.weekdays)
    first, last = _table(
        ws,
        ["Weekday", "AM %", "PM %", "All day %", "Possible", "Attended"],
        [[r["weekday"], r["am_pct"], r["pm_pct"], r["attendance_pct"], r["possible"],
          r["attended"]] for r in data],
        pct_cols=(1, 2, 3),
    )  # fmt: skip
    if data:
        _bar(ws, "Attendance % by weekday, AM and PM", (1, first, last), [2, 3], first, last, "H2")
    srow = last + 3
    _table(
        ws,
        ["Session", "Possible", "Attended", "Attendance %"],
        [
            [r["session"], r["possible"], r["attended"], r["attendance_pct"]]
            for r in _v(report.sessions)
        ],
        pct_cols=(3,),
        start=srow,
    )
    ws.freeze_panes = "A2"

    # ---- bands
    ws = wb.create_sheet("Bands")
    data = _v(report.band_distribution)
    first, last = _table(
        ws,
        ["Band", "Rule", "Pupils", "Share %"],
        [[r["band"], r["rule"], r["pupils"], r["share_pct"]] for r in data],
        pct_cols=(3,),
    )
    _bar(ws, "Pupils in each band", (1, first, last), [3], first, last, "F2", y_title="pupils")

    # ---- worsening (staff)
    if not report.for_governors:
        _worsening_sheet(wb, report)

    # ---- did the school's actions work (the casebook; no pupil named)
    if report.impact is not None:
        ws = wb.create_sheet("Actions")
        _table(
            ws,
            ["Stage", "Pupils", "Improved", f"Median change (pp, {report.impact_weeks} weeks)",
             "Note"],
            [[i.title, i.pupils, i.improved, i.median_change, i.note or ""]
             for i in report.impact],
        )  # fmt: skip

    # ---- notes
    ws = wb.create_sheet("Notes")
    notes = [*report.notes]
    if report.withheld_notes:
        n = report.withheld_notes
        notes.append(
            f"{n} note{'s' if n != 1 else ''} about the export files (which can name files "
            f"and pupils) {'are' if n != 1 else 'is'} in the staff version only."
        )
    sources = [f"{ATTRIBUTE_LABELS[a]}: {s}" for a, s in report.attribute_sources.items()]
    notes = notes or ["(none)"]
    _table(
        ws, ["Data notes"], [[note_cell(n)] for n in notes + sources + [f"Suppressed: {small}"]]
    )
    wb.save(out)


def _worsening_sheet(wb: Workbook, report: Report) -> None:
    ws = wb.create_sheet("Worse band (staff)")
    data = _v(report.worsening)
    _table(
        ws,
        ["UPN", "Surname", "Forename", "Year", "Reg group", "Band then", "% then", "Band now",
         "% now", "% this half term"],
        [[r["upn"], r["surname"], r["forename"], year_cell(r["year_group"]), r["reg_group"],
          r["previous_band"], r["previous_pct"], r["band"], r["attendance_pct"],
          r["ht_attendance_pct"]] for r in data],
        pct_cols=(6, 8, 9),
    )  # fmt: skip
