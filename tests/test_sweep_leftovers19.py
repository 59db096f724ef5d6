"""Sweep leftovers19 (7 December, second): the round's leftovers decided (docs/decisions.md,
"(sweep of 7 December (second), leftovers19)")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

D = dt.date


def test_a_notice_of_29_february_counts_for_the_3_years_beginning_with_it() -> None:
    """5. A notice issued on Tue 29/02/2028: the 3 years beginning with it run to
    28/02/2031 inclusive (day one the leap day, as a year beginning with 29/02/2028 runs to
    28/02/2029: 366 days, the leap day in it), and 01/03/2031, its anniversary as
    compulsory school age takes a 29 February birthday's, is the first day outside.  So a
    third notice on 28/02/2031 after one in between is the third within 3 years; one on
    01/03/2031 is not.  (It stopped counting on 28/02/2031, a day short.)"""
    from attcli.notices import third_within_three_years
    from attcli.store import add_years

    assert add_years(D(2028, 2, 29), 3) == D(2031, 3, 1)
    assert add_years(D(2028, 2, 28), 3) == D(2031, 2, 28)  # (any other day as before)
    assert third_within_three_years([D(2028, 2, 29), D(2029, 6, 1), D(2031, 2, 28)]) == D(
        2028, 2, 29
    )
    assert third_within_three_years([D(2028, 2, 29), D(2029, 6, 1), D(2031, 3, 1)]) is None
