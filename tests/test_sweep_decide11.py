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
