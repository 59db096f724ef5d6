"""A report as of a day after the data ends (DOMAIN.md 2: "an as-of date after the data
ends ... errors or loud warnings, never silently used").

test_report's school: Mon 7 Sep - Fri 2 Oct 2026; as of Fri 9 Oct 2026, a week after its
end. The red line says "Figures are as of 02/10/2026, the end of the data"; the header
under it said "figures as of 9 October 2026", a week the figures do not hold.
"""

from __future__ import annotations

import datetime as dt

from attcli.config import parse_config
from attcli.report import build_report
from attcli.report.html import render_html
from test_report import CONFIG, school


def test_the_header_says_the_figures_are_as_of_the_end_of_the_data():
    r = build_report(school(), parse_config(CONFIG), as_of=dt.date(2026, 10, 9))
    assert r.as_of == dt.date(2026, 10, 9)
    assert "Figures are as of 02/10/2026, the end of the data" in r.coverage_line
    # the figures are the register's to 2 October: 172 of 210, as test_report's headline
    h = {row["measure"]: row for row in r.headline.iter_rows(named=True)}
    assert (h["attendance"]["numerator"], h["attendance"]["denominator"]) == (172, 210)
    html = render_html(r)
    assert "figures as of 2 October 2026" in html
    assert "figures as of 9 October 2026" not in html


def test_the_header_says_the_as_of_date_when_the_data_reaches_it():
    html = render_html(build_report(school(), parse_config(CONFIG)))
    assert "figures as of 2 October 2026" in html
