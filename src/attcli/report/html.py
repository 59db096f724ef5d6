"""The report as one self-contained HTML file: CSS inlined, charts as inline SVG, no
script, no network.  Every value from an export is escaped by Jinja's autoescape."""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from fractions import Fraction
from typing import Any

import polars as pl
from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from attcli import __version__, percent
from attcli import clock as _clock
from attcli.percent import float_text, listed
from attcli.register import year_group_label

from . import charts
from .build import ATTRIBUTE_LABELS, Report, national_label, national_note, target_text
from .template import TEMPLATE


def _pct(value: float | None, unit: str = " %") -> str:
    return float_text(value, unit)


def _pp(value: float | None) -> str:
    if value is None:
        return "–"
    if value == 0:
        return "0.0 pp"
    return ("+" if value > 0 else "−") + float_text(abs(value), " pp")


def _num(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _date(value: dt.date | None) -> str:
    return "" if value is None else f"{value.day} {value:%B %Y}"


def _short(value: dt.date) -> str:
    return charts.week_label(value)


def _change_words(measure: str, change: float | None, since: str) -> tuple[str, str]:
    """Text and a tone ("good"|"bad"|"same") for a change; a rise in absence is bad."""
    if change is None:
        return "", "same"
    if change == 0:
        return f"no change since {since}", "same"
    up = change > 0
    good = up if measure == "attendance" else not up
    arrow = "▲" if up else "▼"
    # better or worse in words: the card's colour says it to no screen reader, colour-blind
    # reader or greyscale print
    return (
        f"{'Better' if good else 'Worse'}: {arrow} {'up' if up else 'down'} "
        f"{float_text(abs(change))} pp since {since}",
        "good" if good else "bad",
    )


def _national_words(measure: str, diff: float | None, what: str = "national") -> str:
    if diff is None:
        return ""
    if diff == 0:
        return f"the same as {what}"
    above = diff > 0
    return f"{float_text(abs(diff))} pp {'above' if above else 'below'} {what}"


def _like(compared: float | None) -> str:
    """The school's figure of the pupils the DfE counts, before a gap that is of them."""
    return "" if compared is None else f"aged 5 to 15 here {_pct(compared)}: "


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


def rounding_example(report: Report) -> str:
    """The method note's example of the rounding rule (attcli.percent), on the school's own
    best band line (else the national PA line): "91.96 % is shown as 91.96 %, never as
    92.0 %" with the default bands; with green from 95 %, 94.96 % and 95.0 % (91.96 % is
    92.0 % there, no line being near it)."""
    line = report.bands[0].threshold if report.bands else None
    if line is None or line < 1:
        line = Fraction(percent.PA_AT_MOST)
    lines = percent.attendance_lines(b.threshold for b in report.bands)
    near = percent.shown(line - Fraction(4, 100), lines)
    return f"{near} % is shown as {near} %, never as {percent.shown(line)} %"


_FIGURE_UNIT = re.compile(r"(\d) (%|pp\b)")


def _units_kept(card: dict[str, Any]) -> dict[str, Any]:
    """A headline card's sentences with each figure joined to its unit by a no-break space:
    in a card's narrow column "at or below 90 %" broke over two lines, "90" / "%" (sweep
    looks3).  The card's own figures (its value, the national and local figures in bold)
    are kept whole by the page's style (``.card strong``), their text as it was."""
    return {
        k: _FIGURE_UNIT.sub("\\1\u00a0\\2", v) if k in _CARD_SENTENCES and isinstance(v, str) else v
        for k, v in card.items()
    }


#: a headline card's texts that are sentences, which wrap (:func:`_units_kept`)
_CARD_SENTENCES = ("detail", "change", "vs_national", "vs_local")


def context(report: Report) -> dict[str, Any]:
    nat = report.national
    head = {r["measure"]: r for r in report.headline.iter_rows(named=True)}
    since = (
        f"end of {report.previous_half_term.name} ({_short(report.previous_as_of)})"
        if report.previous_half_term and report.previous_as_of
        else ""
    )
    cards = []
    for key, explain in (
        ("attendance", "possible sessions attended"),
        ("pa", "pupils at or below 90 % attendance"),
        ("sa", "pupils at or below 50 % attendance"),
    ):
        r = head[key]
        text, tone = _change_words(key, r["change_pp"], since)
        cards.append(
            _units_kept(
                {
                "label": r["label"],
                "value": _pct(r["value"]),
                "detail": r["note"]
                or f"{_num(r['numerator'])} of {_num(r['denominator'])} {explain}",
                "change": text,
                "tone": tone,
                "national": _pct(r["national"]) if r["national"] is not None else None,
                # (a gap of the pupils the DfE counts says their figure first)
                "vs_national": _like(r["compared"]) + _national_words(key, r["vs_national_pp"]),
                "local": _pct(r["local"]) if r["local"] is not None else None,
                "vs_local": _like(r["compared"]) + _national_words(key, r["vs_local_pp"], "the LA"),
                }
            )
        )
    national_att = nat.attendance_pct if nat else None
    nat_att = float(national_att) if national_att is not None else None
    nat_pa = float(nat.pa_rate) if nat and nat.pa_rate is not None else None
    # every chart with the national line says whose figure it is and when (attcli.national)
    cite = (nat.cite or nat.source or "from the school's config") if nat else ""
    nat_line = f"national attendance {_pct(nat_att)} ({cite})" if nat_att is not None else ""
    nat_pa_line = f"national PA rate {_pct(nat_pa)} ({cite})" if nat_pa is not None else ""
    # a hidden group's bar: why it is hidden is in the table beside (fewer than the
    # minimum, or hidden so that a smaller group cannot be worked out from the total)
    suppressed = "not shown: see the table"

    weekly = report.weekly
    weekly_svg = (
        charts.weekly_chart(
            [_short(d) for d in weekly.get_column("week_start").to_list()],
            weekly.get_column("attendance_pct").to_list(),
            nat_att,
        )
        if weekly.height
        else ""
    )
    yg = report.year_groups
    yg_labels = [_year_label(v) for v in yg.get_column("year_group").to_list()]
    year_svg = (
        charts.hbar_chart(
            yg_labels,
            yg.get_column("attendance_pct").to_list(),
            title="Attendance by year group",
            national=nat_att,
            suppressed_text=suppressed,
        )
        if yg.height
        else ""
    )
    rg = report.reg_groups
    reg_svg = (
        charts.hbar_chart(
            [v or "(none)" for v in rg.get_column("reg_group").to_list()],
            rg.get_column("attendance_pct").to_list(),
            title="Attendance by registration group",
            national=nat_att,
            suppressed_text=suppressed,
        )
        if rg.height
        else ""
    )
    co = report.cohorts
    cohort_svg = cohort_pa_svg = ""
    if co.height:
        labels = co.get_column("cohort").to_list()
        labels = [
            f"{ATTRIBUTE_LABELS['gender']}: {c}" if a == "gender" else c
            for a, c in zip(co.get_column("attribute").to_list(), labels, strict=True)
        ]
        cohort_svg = charts.paired_chart(
            labels,
            co.get_column("attendance_pct").to_list(),
            co.get_column("rest_attendance_pct").to_list(),
            names=("Cohort", "Rest of school"),
            title="Attendance of each cohort against the rest of the school",
            xlabel="attendance %",
            national=nat_att,
            suppressed_text=suppressed,
        )
        cohort_pa_svg = "" if report.incomplete else charts.paired_chart(
            labels,
            co.get_column("pa_rate").to_list(),
            co.get_column("rest_pa_rate").to_list(),
            names=("Cohort", "Rest of school"),
            title="Persistent absence rate of each cohort against the rest of the school",
            xlabel="persistent absence rate %",
            national=nat_pa,
            suppressed_text=suppressed,
            floor=0,
        )
    wd = report.weekdays
    weekday_svg = (
        charts.weekday_chart(
            wd.get_column("weekday").to_list(),
            wd.get_column("am_pct").to_list(),
            wd.get_column("pm_pct").to_list(),
            nat_att,
        )
        if wd.height
        else ""
    )
    bd = report.band_distribution
    band_svg = charts.band_chart(
        bd.get_column("band").to_list(),
        bd.get_column("pupils").to_list(),
        bd.get_column("share_pct").to_list(),
    )
    worst_day = None
    days = [r for r in wd.iter_rows(named=True) if r["possible"]]
    if days:
        # exact: the days tied at the lowest are all named, and where every weekday is the
        # same none is the lowest (it named Monday, the first of five days at 100 %)
        rate = {r["weekday"]: Fraction(r["attended"], r["possible"]) for r in days}
        low = min(rate.values())
        tied = [r for r in days if rate[r["weekday"]] == low]
        if len(tied) < len(days):
            names = [r["weekday"] for r in tied]
            worst_day = {
                **tied[0],
                "weekday": listed(names),
            }
    return {
        "r": report,
        "school": report.school,
        "title": report.title,
        "period": report.period_label(_date),
        # the national figures' period beside the school's, where they differ (another
        # school year, a full year beside part of one): no gap is read as like for like
        "part_year": national_note(report, _date),
        "national_label": national_label(report),
        "span": "year to date" if report.year_to_date else "over the period",
        "as_of": _date(report.as_of),
        # (the red coverage line says when the data ends before the as-of date)
        "figures_as_of": _date(report.figures_end or report.as_of),
        "half_term": report.half_term.name if report.half_term else None,
        "since": since,
        "cards": cards,
        "target": target_text(report),
        "national": nat,
        "national_source": nat.source if nat else "",
        "local_area": nat.local.area if nat and nat.local else "",
        "nat_line": nat_line,
        "nat_pa_line": nat_pa_line,
        "min_cohort": report.min_cohort,
        "suppressed": suppressed,
        "weekly": _rows(weekly),
        "year_groups": [{**row, "label": _year_label(row["year_group"])} for row in _rows(yg)],
        "reg_groups": [{**row, "label": _year_label(row["year_group"])} for row in _rows(rg)],
        "cohorts": _rows(co),
        "no_value": _no_value(co),
        "attribute_labels": ATTRIBUTE_LABELS,
        "weekdays": _rows(wd),
        "sessions": _rows(report.sessions),
        "bands": _rows(bd),
        "worsening": _rows(report.worsening),
        "impact": report.impact,
        "impact_weeks": report.impact_weeks,
        "worst_day": worst_day,
        "sources": _group_sources(report.attribute_sources),
        "missing_attributes": [
            ATTRIBUTE_LABELS[a] for a in ATTRIBUTE_LABELS if a not in report.attribute_sources
        ],
        "notes": report.notes,
        "rounding_example": rounding_example(report),
        "charts": {
            k: Markup(v)  # matplotlib's own SVG, its text XML-escaped by matplotlib
            for k, v in {
                "weekly": weekly_svg,
                "year": year_svg,
                "reg": reg_svg,
                "cohort": cohort_svg,
                "cohort_pa": cohort_pa_svg,
                "weekday": weekday_svg,
                "band": band_svg,
            }.items()
        },
        "version": __version__,
        "generated": _date(_clock.today()),
    }


def _no_value(cohorts: pl.DataFrame) -> list[tuple[str, str]]:
    """[("Gender", "1"), ("SEN", "fewer than 5 pupils")]: each attribute's pupils with no
    value recorded, once, as the cohorts table allows (the count hidden when small)."""
    out: dict[str, str] = {}
    for c in cohorts.iter_rows(named=True):
        if c["attribute"] not in out and (c["unknown"] or c["unknown_note"]):
            out[c["attribute"]] = c["unknown_note"] or _num(c["unknown"])
    return [(ATTRIBUTE_LABELS[a], n) for a, n in out.items()]


def _group_sources(sources: dict[str, str]) -> list[tuple[str, str]]:
    """[("Gender, SEN", "register export"), ...]: attributes grouped by where they came from."""
    grouped: dict[str, list[str]] = {}
    for attr, source in sources.items():
        grouped.setdefault(source, []).append(ATTRIBUTE_LABELS[attr])
    return [(", ".join(attrs), source) for source, attrs in grouped.items()]


def _year_label(value: str | None) -> str:
    if value is None:
        return "(no year group)"
    return year_group_label(value)


@functools.cache
def _template() -> Template:
    """The page's template, compiled once a process (~0.1 s a compile: a test session
    renders the report some 165 times)."""
    from attcli.output import coded_html, html_text

    env = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=html_text,  # every value shown: no control character
    )
    env.filters["pct"] = _pct
    env.filters["pp"] = _pp
    env.filters["num"] = _num
    env.filters["date"] = _date
    env.filters["short"] = _short
    env.filters["coded"] = coded_html
    return env.from_string(TEMPLATE)


def render_html(report: Report) -> str:
    with warnings.catch_warnings():
        # A label in a script DejaVu Sans lacks (a fullwidth sign, Chinese) is drawn as a
        # box in the chart; the tables beside it show the text. matplotlib's warning
        # would reach the user as a line naming our source file: say nothing.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        return _template().render(**context(report))
