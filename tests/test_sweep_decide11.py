"""Sweep decide11: three rule questions DOMAIN.md leaves, decided (docs/decisions.md,
sweep of 6 December (fourth), decide11)."""

from __future__ import annotations

from tests.oracle4_compare import compare
from tests.oracle4_gen import generate


def test_a_pupil_back_on_roll_in_a_last_week_closed_for_everyone_is_on_roll(tmp_path) -> None:  # noqa: ANN001
    # oracle4's seed 70152, as of Fri 2 Oct 2026: P15206's list spells are 3 Sep to 23 Sep
    # and from Mon 28 Sep (open); 16 to 23 Sep are 6 days all O; the week of 28 Sep is Y1
    # for everyone (no school day), so the roll was judged on Fri 25 Sep, between the two
    # spells, and attcli said "left 23/09 after 6 school days of unexplained absence".
    # The list says the pupil is on roll on 2 Oct: on roll, the run of 6 days current
    # (days off roll between the spells neither count nor break it, as the reference has).
    case = generate(70152)
    assert compare(case, tmp_path) == []


def test_a_school_listing_its_terms_whole_has_its_last_term_listed_judged() -> None:
    """mutnew6's question: a school that lists its three terms whole (Autumn 02/09-18/12/
    2026, Spring 04/01-26/03/2027, Summer 12/04-21/07/2027), one block each.  A first step
    on the ladder in the Easter holiday (Tue 06/04/2027) starts a term from the summer's
    first day, Mon 12/04, as long as the summer term: its block is the whole term, so it
    ends on its last day, Wed 21/07/2027 (all of it listed) - it was None, the term never
    judged until next year's dates were added.  A school listing half terms whose last
    listed is Summer 1 alone still has the summer's length unknown (None); a first step
    of 04/05 runs past the dates listed (None: the next year's dates are needed)."""
    import datetime as dt

    from attcli.config import HalfTerm
    from attcli.ladder import term_end

    D = dt.date
    terms = [
        HalfTerm("Autumn", D(2026, 9, 2), D(2026, 12, 18)),
        HalfTerm("Spring", D(2027, 1, 4), D(2027, 3, 26)),
        HalfTerm("Summer", D(2027, 4, 12), D(2027, 7, 21)),
    ]
    assert term_end(D(2027, 4, 6), terms) == D(2027, 7, 21)
    assert term_end(D(2027, 4, 12), terms) == D(2027, 7, 21)
    assert term_end(D(2027, 5, 4), terms) is None
    halves = [
        HalfTerm("Spring 1", D(2027, 1, 4), D(2027, 2, 12)),
        HalfTerm("Spring 2", D(2027, 2, 22), D(2027, 3, 26)),
        HalfTerm("Summer 1", D(2027, 4, 12), D(2027, 5, 28)),
    ]
    assert term_end(D(2027, 4, 12), halves) is None
