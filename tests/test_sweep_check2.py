"""Sweep check2 (issue 15, the weekly check after its rules): the hold test looking up its
few codes: the same words as before, worked out here by hand."""

from __future__ import annotations

from fractions import Fraction


def test_the_hold_test_counts_a_code_listed_twice_once_and_names_the_most_first() -> None:
    """Codes I, M (I listed twice), held over 50 %: 3 I, 3 M and 1 O are 6 of 7 absence
    sessions (86 %): held, the two named most first and, equal, by code (I before M); I
    counted once though listed twice (9 of 7 would be nonsense).  Over 90 %: 6 * 100 = 600
    is not over 90 * 7 = 630, not held.  A listed code at 0 and none other held: not held."""
    from attcli.absence import hold_reason

    codes = ("I", "M", "I")
    by_code = {"O": 1, "M": 3, "I": 3}
    assert hold_reason(by_code, codes, Fraction(50)) == (
        "6 of 7 absence sessions this school year are I or M: "
        "3 I (illness), 3 M (medical or dental appointment)"
    )
    assert hold_reason({"O": 1, "M": 2, "I": 4}, codes, Fraction(50), "since joining") == (
        "6 of 7 absence sessions since joining are I or M: "
        "4 I (illness), 2 M (medical or dental appointment)"
    )
    assert hold_reason(by_code, codes, Fraction(90)) is None
    assert hold_reason({"I": 0, "O": 2}, codes, Fraction(50)) is None
    assert hold_reason({"M": 5}, codes, Fraction(50)) == (
        "5 of 5 absence sessions this school year are M (medical or dental appointment)"
    )

