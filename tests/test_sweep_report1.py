"""Sweep report1 (issue 15: the report's fixed cost): what a run draws and compiles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from types import SimpleNamespace as NS

import pytest


def test_a_chart_asked_again_is_the_one_drawn_with_ids_of_its_own(monkeypatch) -> None:
    """A chart asked again with the same arguments in the process (a test session's
    example school, over and over) is the one drawn, given ids of its own; 0.0 and -0.0
    are two questions (a key of equal values could show "-0.0" for "0.0")."""
    import re

    from attcli.report import charts

    args = (["Year 7", "Year 8"], [12, 4], [75.0, 25.0])
    first = charts.band_chart(*args)

    def drawn(*_a, **_k) -> str:
        raise AssertionError("drawn again")

    monkeypatch.setattr(charts, "_svg", drawn)
    again = charts.band_chart(*args)
    (one,), (two,) = ({m for m in re.findall(r'id="(c\d+-)', t)} for t in (first, again))
    assert one != two
    assert again.replace(two, one) == first
    with pytest.raises(AssertionError, match="drawn again"):
        charts.band_chart(["Year 7", "Year 8"], [12, 4], [75.0, 25.0 * -0.0])


def test_a_chart_kept_is_not_given_for_other_matplotlib_settings(monkeypatch) -> None:
    """A chart is kept for the same arguments with matplotlib's settings as they stood: a
    script that changes one _RC leaves (here the axes' line width, 0.8 by default) between
    two reports gets a chart drawn with it, not the one kept."""
    import matplotlib

    from attcli.report import charts

    args = (["Year 9", "Year 10"], [7, 5], [58.3, 41.7])
    first = charts.band_chart(*args)
    monkeypatch.setitem(matplotlib.rcParams, "axes.linewidth", 3.0)
    thick = charts.band_chart(*args)
    assert "stroke-width: 3" in thick and "stroke-width: 3" not in first


def test_a_chart_is_drawn_once_as_it_is_saved(monkeypatch) -> None:
    """savefig drew each chart twice: tight_layout leaves a placeholder layout engine, and
    for any engine savefig first draws the whole figure (its layout, done already), then
    draws it again into the SVG: ~15 % of a chart for nothing. Now once; the SVG is the
    same (the example school's reports are byte-for-byte main's: decisions.md, report1)."""
    from matplotlib.figure import Figure

    from attcli.report import charts

    draws = []
    real = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda fig, renderer: draws.append(1) or real(fig, renderer))
    svg = charts.band_chart(["Present", "Absent"], [30, 9], [76.9, 23.1])
    assert svg.startswith("<svg") and len(draws) == 1


def _trust_report():  # noqa: ANN202
    """Three hand-made schools with two weeks each: 450 of 500 and 380 of 400 sessions a
    school, so the trust's weeks are 1,350 of 1,500 (90 %) and 1,140 of 1,200 (95 %)."""
    from attcli.report import trust
    from attcli.summary_file import SessionCounts
    from test_trust_report import _TREES, _summary

    weeks = {dt.date(2026, 9, 7): (5, SessionCounts(500, 450, 40, 10)),
             dt.date(2026, 11, 2): (4, SessionCounts(400, 380, 10, 10))}  # fmt: skip
    schools = [dataclasses.replace(_summary(n, u, p, c), weeks=weeks) for n, u, p, c in _TREES]
    return trust.build_trust(schools, NS(min_cohort=5, title="Attendance report", national=None))


def test_the_trust_workbook_draws_no_chart(monkeypatch) -> None:
    """The trust's workbook drew the page's weekly chart (matplotlib, ~0.15 s, and ~0.5 s
    to load matplotlib in a process of its own) and threw it away: the workbook has no
    picture. Its Weekly sheet still holds the trust's weeks."""
    from openpyxl import load_workbook

    from attcli.report import charts, trust

    def drawn(*_a, **_k) -> str:
        raise AssertionError("a chart drawn for the workbook")

    monkeypatch.setattr(charts, "lines_chart", drawn)
    report = _trust_report()
    buf = io.BytesIO()
    trust.write_trust_xlsx(report, buf)
    rows = list(load_workbook(buf)["Weekly"].iter_rows(values_only=True))
    trust_row = next(r for r in rows if r[0] == "Trust")
    assert trust_row[1:] == (0.9, 0.95)
    with pytest.raises(AssertionError, match="a chart drawn"):
        trust.render_trust_html(report)  # the page still draws it
