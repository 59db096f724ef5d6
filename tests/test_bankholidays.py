"""Bank holidays in England and Wales (attcli.bankholidays), against the dates
gov.uk/bank-holidays published."""

from __future__ import annotations

import datetime as dt

import pytest

from attcli.bankholidays import bank_holidays, easter_sunday, is_bank_holiday

D = dt.date


@pytest.mark.parametrize(
    "sunday",
    [D(2024, 3, 31), D(2025, 4, 20), D(2026, 4, 5), D(2027, 3, 28), D(2028, 4, 16),
     D(2029, 4, 1), D(2030, 4, 21)],  # fmt: skip
)
def test_easter_sunday(sunday):
    assert easter_sunday(sunday.year) == sunday


def test_easter_sunday_at_the_ends_of_its_range():
    # 23 March 2008 (the earliest this century) and 25 April 2038 (the latest possible)
    assert (easter_sunday(2008), easter_sunday(2038)) == (D(2008, 3, 23), D(2038, 4, 25))


@pytest.mark.parametrize(
    ("year", "days"),
    [
        # Christmas on a Friday: Boxing Day (Saturday) on Monday 28
        (2026, ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"]),
        # Christmas on a Saturday: Monday 27 and Tuesday 28
        (2027, ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"]),
        # New Year's Day on a Saturday: Monday 3; Christmas on a Sunday: Boxing Day
        # Monday 26, Christmas Tuesday 27; spring moved to Thursday 2 June and the
        # Platinum Jubilee on Friday 3; the state funeral on Monday 19 September
        (2022, ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19",
                "12-26", "12-27"]),  # fmt: skip
        # New Year's Day on a Sunday: Monday 2; the coronation on Monday 8 May
        (2023, ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"]),
        # the early May bank holiday moved to Friday 8 May for VE Day
        (2020, ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"]),
        (2024, ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"]),
        (2025, ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"]),
    ],
)
def test_the_bank_holidays_of_a_year(year, days):
    assert sorted(bank_holidays(year)) == [D(year, int(md[:2]), int(md[3:])) for md in days]


def test_is_bank_holiday():
    assert is_bank_holiday(D(2026, 5, 4))
    assert not is_bank_holiday(D(2020, 5, 4))  # moved to the 8th
    assert not is_bank_holiday(D(2026, 5, 5))
