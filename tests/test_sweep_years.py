"""Sweep "two school years together": the summer term's export and the autumn's, read
across the summer holiday with a config giving both years' term dates, the answers worked
out by hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt

from attcli.cme import cme_runs
from attcli.config import parse_config
from attcli.engine import evaluate
from builders import across
from school import ROLLOVER_HALF_TERMS
from test_cme import ROLLOVER_JULY

D = dt.date


def test_only_last_year_s_export_as_of_a_day_of_this_year_says_what_it_cannot_know() -> None:
    """July's export alone (Mon 6 - Fri 17 Jul 2026), term dates for both years (Autumn 1
    from Thu 3 Sep), as of Wed 16 Sep 2026: 10 school days of the new year (3, 4, 7-11,
    14-16 Sep) lie after the data.  CAI: N Mon 13 - Fri 17 Jul, 5 school days to the
    data's end; the summer holiday neither counts nor breaks a run (DOMAIN.md 6), so the
    run may have gone on through the 10 school days no export holds (up to 15 days, past
    the CME threshold of 10).  `cme` said "0 runs" (the run ends before the period, and is
    not current when the data does not reach the as-of date), though the same run in the
    school year is listed "data ends, +10 unregistered"; and the lines said "Figures are as
    of 16/09/2026, the end of the data" (it ends 17/07/2026) and "no school day of the
    school year yet up to 16/09/2026 (its first is 03/09/2026)" (ten have been)."""
    config = parse_config(ROLLOVER_HALF_TERMS)
    jul = across((D(2026, 7, 6), ROLLOVER_JULY))
    ev = evaluate(jul, config, as_of=D(2026, 9, 16))
    cols = ("upn", "run_start", "run_end", "run_days", "unregistered_days", "status")
    assert cme_runs(ev, 10).select(cols).rows() == [
        ("CAI", D(2026, 7, 13), D(2026, 7, 17), 5, 10, "data_ends"),
    ]
    line = ev.coverage.line()
    assert line is not None
    assert "Figures are as of 16/09/2026" not in line
    assert line.endswith(
        "after the data ends. The exports end before the school year starts: no "
        "year-to-date figures or bands; penalty-notice windows and runs of absence are as "
        "of 17/07/2026, the end of the data"
    )
    assert not [w for w in ev.warnings if "no school day of the school year yet" in w]
    # as of the day before the first school day the data reaches the as-of date: as before
    ev = evaluate(jul, config, as_of=D(2026, 9, 2))
    assert ev.coverage.line() is None
    assert cme_runs(ev, 3).select(cols).rows() == [
        ("CAI", D(2026, 7, 13), D(2026, 7, 17), 5, 0, "absent"),
    ]
    assert [w for w in ev.warnings if "no school day of the school year yet" in w] == [
        "no school day of the school year yet up to 02/09/2026 (its first is 03/09/2026): no "
        "year-to-date figures or bands; the pupils on roll on 17/07/2026 are checked, their "
        "penalty-notice window and runs of absence read from the register up to that day"
    ]

