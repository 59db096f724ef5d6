"""The report's "change since last half term" across the turn of a school year, from an
export that holds only the end of the year before (DOMAIN.md 2, Coverage).

The export: Mon 6 - Fri 17 Jul 2026 (the last two weeks of Summer 2, 2025/26) and Thu 3 -
Fri 18 Sep 2026 (Autumn 1, 12 school days); term dates from the config; as of 18 Sep.

    pupil  July (10 days)      September (12 days)           now
    A      present: 20/20      present 6 days, then N 6 days  12/24 = 50.0 %: severe
    B      N: 0/20             present: 24/24                100.0 %: green

The half term before Autumn 1 is Summer 2; its figures "as of 17 July" are the 2025/26
year to date, of which the export holds two weeks (from 6 July: not from 1 September
2025). The report said "up 25.0 pp since end of Summer 2" (75.0 % now against 50.0 %,
two weeks of the year before), and "No pupil's band got worse since the end of Summer 2"
although A went from 100.0 % to 50.0 %: no band was known then. The year before is not
covered, so there is no figure to compare with, and the report says why.
"""

from __future__ import annotations

import datetime as dt

from attcli.config import parse_config
from attcli.engine import prepare
from attcli.report import build_report
from attcli.report.html import render_html
from attcli.summary import build_summary
from builders import across
from school import ROLLOVER_HALF_TERMS

P = "/\\"
CONFIG = ROLLOVER_HALF_TERMS + "\n[report]\nmin_cohort = 1\n"


def _register():
    return across(
        (dt.date(2026, 7, 6), {"A": " ".join([P] * 10), "B": " ".join(["N"] * 10)}),
        (dt.date(2026, 9, 3), {"A": " ".join([P] * 6 + ["N"] * 6), "B": " ".join([P] * 12)}),
    )


def test_no_change_since_a_half_term_of_last_year_the_exports_hold_only_part_of():
    r = build_report(_register(), parse_config(CONFIG))
    assert (r.as_of, r.half_term.name) == (dt.date(2026, 9, 18), "Autumn 1")
    h = {row["measure"]: row for row in r.headline.iter_rows(named=True)}
    # this year's figures stand: 12 + 24 = 36 of 48 = 75.0 %; PA and SA 1 of 2 (A)
    assert (h["attendance"]["numerator"], h["attendance"]["denominator"]) == (36, 48)
    assert h["attendance"]["value"] == 75.0
    assert (h["sa"]["numerator"], h["sa"]["denominator"]) == (1, 2)
    # no figure then (it was 50.0 %, +25.0 pp: two weeks of 2025/26)
    for m in ("attendance", "pa", "sa"):
        assert h[m]["previous"] is None and h[m]["change_pp"] is None, m
    assert r.previous_half_term is None and r.previous_as_of is None
    assert r.worsening.height == 0
    (note,) = [n for n in r.notes if "Summer 2" in n]
    assert note == (
        "changes since the end of Summer 2 (17/07/2026) and worsening bands are not shown: "
        "its year to date is the 2025/26 school year's, and the exports miss 01/09/2025 to "
        "03/07/2026, before they start"
    )
    html = render_html(r)
    assert "since end of Summer 2" not in html
    assert "No pupil&#39;s band got worse" not in html and "No pupil's band got worse" not in html


def test_the_summary_has_no_previous_figures_from_part_of_last_year():
    cfg = parse_config('[school]\nname = "Riverside"\nurn = "100001"\n' + CONFIG)
    doc = build_summary(prepare(_register(), cfg), cfg, generated=dt.date(2026, 9, 21))
    assert doc["previous"] is None
    assert (doc["totals"]["attended"], doc["totals"]["possible"]) == (36, 48)
