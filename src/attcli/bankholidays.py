"""Bank holidays in England and Wales, computed (DOMAIN.md 10; docs/decisions.md, "Calendar").

Schools are shut on bank holidays, and a school's term dates run across them (the early
May and spring bank holidays fall inside the summer half terms, Good Friday and Easter
Monday inside a term when Easter is early or late): a bank holiday is never a school day
by the config's term dates.  Computed, never looked up: attcli runs without a network.

The rules, as gov.uk/bank-holidays gives them for England and Wales: New Year's Day,
Good Friday, Easter Monday, the early May bank holiday (first Monday of May), the spring
bank holiday (last Monday of May), the summer bank holiday (last Monday of August),
Christmas Day and Boxing Day; one on a Saturday or Sunday has a substitute weekday, the
next one not already a bank holiday.  One-off changes are in :data:`MOVED` and
:data:`EXTRA`; one announced after this release is for the school to list in
``[calendar] inset_days``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

#: One-off moves of a regular bank holiday (gov.uk/bank-holidays and the proclamations
#: announcing each): the day the rule gives -> the day it was held.
MOVED: dict[dt.date, dt.date] = {
    dt.date(2012, 5, 28): dt.date(2012, 6, 4),  # spring, for the Diamond Jubilee
    dt.date(2020, 5, 4): dt.date(2020, 5, 8),  # early May, to Friday for VE Day's 75th
    dt.date(2022, 5, 30): dt.date(2022, 6, 2),  # spring, to Thursday for the Platinum Jubilee
}
#: One-off extra bank holidays (gov.uk/bank-holidays).
EXTRA: frozenset[dt.date] = frozenset(
    {
        dt.date(2011, 4, 29),  # the royal wedding
        dt.date(2012, 6, 5),  # the Diamond Jubilee
        dt.date(2022, 6, 3),  # the Platinum Jubilee
        dt.date(2022, 9, 19),  # the state funeral of Queen Elizabeth II
        dt.date(2023, 5, 8),  # the coronation of King Charles III
    }
)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of ``year`` (Gregorian), by the anonymous Gregorian algorithm
    (Meeus/Jones/Butcher)."""
    a = year % 19  # the year's place in the 19-year Metonic cycle
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30  # days from 21 March to the paschal full moon
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7  # days from the full moon to the Sunday after
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=last.weekday())


def _observed(days: list[dt.date]) -> list[dt.date]:
    """``days`` (in order) with each one on a weekend, or on a day an earlier one took,
    moved to the next free weekday: Christmas on a Saturday is Monday 27, Boxing Day
    Tuesday 28; Christmas on a Sunday, Boxing Day is Monday 26 and Christmas Tuesday 27."""
    out: list[dt.date] = []
    for d in days:
        while d.weekday() >= 5 or d in out:
            d += dt.timedelta(days=1)
        out.append(d)
    return out


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays in England and Wales in calendar year ``year``."""
    easter = easter_sunday(year)
    regular = [
        *_observed([dt.date(year, 1, 1)]),
        easter - dt.timedelta(days=2),  # Good Friday
        easter + dt.timedelta(days=1),  # Easter Monday
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
        *_observed([dt.date(year, 12, 25), dt.date(year, 12, 26)]),
    ]
    return frozenset(MOVED.get(d, d) for d in regular) | {d for d in EXTRA if d.year == year}


def is_bank_holiday(day: dt.date) -> bool:
    return day in bank_holidays(day.year)
