"""Sweep of the leaders' and governors' outputs (report, summary, report --trust): faults
found by registers built by hand, each worked out from DOMAIN.md first."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from types import SimpleNamespace as NS

from test_trust_report import _TREES, _counts, _summary


def _with_previous(s, as_of: dt.date, attended: int):  # noqa: ANN001, ANN202
    """``s`` with its figures at the end of its last half term: ``as_of``, each pupil 50
    possible sessions then, ``attended`` sessions attended of them all."""
    from attcli.summary.format import Previous

    c = _counts(s.totals.pupils)
    c = dataclasses.replace(c, possible=50 * c.pupils, attended=attended,
                            authorised=50 * c.pupils - attended)  # fmt: skip
    return dataclasses.replace(s, previous=Previous(as_of, "Autumn 1", c))


def test_the_trust_s_change_is_not_added_up_over_half_terms_ending_in_different_weeks():
    """Two schools of one trust, different term dates: Oak's Autumn 1 ended Friday 23/10,
    Ash's Friday 16/10 (its half-term holiday a week earlier).  Now (18/12) Oak 2,700 of
    3,000 sessions and Ash 2,250 of 2,500 (90.0 % each, the trust 4,950 of 5,500, 90.0 %).
    At the end of Autumn 1: Oak 1,500 possible, 1,425 attended (95.0 %), as of 23/10; Ash
    1,250 possible, 1,000 attended (80.0 %), as of 16/10.  Each school's own change is its
    own: Oak -5.0 pp, Ash +10.0 pp.  The trust's "since last half term" added the two,
    2,425 of 2,750 (88.18 %), and printed +1.8 pp: a figure as of no date (Oak's a week
    after Ash's), with nothing said, as the summaries' own as-of dates in different weeks
    are refused as no period's.  Now the trust's change is not shown, and a note names each
    school's date; the schools' own changes stay."""
    from attcli.report.trust import build_trust, render_trust_html

    settings = NS(min_cohort=5, title="Attendance report", national=None)
    oak, ash, _ = ([_summary(n, u, p, c) for n, u, p, c in _TREES])
    oak = _with_previous(oak, dt.date(2026, 10, 23), 1425)
    ash = _with_previous(ash, dt.date(2026, 10, 16), 1000)
    report = build_trust([oak, ash], settings)
    changes = {s.name: s.change for s in report.schools}
    assert changes == {"Ash Academy": 10, "Oak Primary School": -5}
    assert report.total.change is None
    note = (
        "the trust's change since last half term is not shown: the schools' last half terms "
        "ended in different weeks (Ash Academy 16/10/2026, Oak Primary School 23/10/2026), so "
        "their figures then add up to no date's; each school's own change is since its own "
        "half term ended"
    )
    assert note in report.notes
    text = render_trust_html(report)
    assert "+1.8 pp" not in text
    assert "23/10/2026), so" in text
    assert ("<small>not the trust's: its schools' last half terms ended in different weeks"
            in html.unescape(text))
    # the workbook: an empty cell, with why in the Trust row's Note column
    import io

    import openpyxl

    from attcli.report.trust import write_trust_xlsx

    out = io.BytesIO()
    write_trust_xlsx(report, out)
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Schools"]
    head = [c.value for c in ws[1]]
    trust = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Trust")
    assert trust[head.index("Change since last half term")] is None
    assert trust[head.index("Note")] == (
        "not the trust's: its schools' last half terms ended in different weeks"
    )
    # the same week (an INSET day on Friday): added as before, no note
    ash_thu = _with_previous(ash, dt.date(2026, 10, 22), 1000)
    same = build_trust([oak, ash_thu], settings)
    assert same.total.previous == (2425, 2750)
    assert not any("since last half term is not shown" in n for n in same.notes)
