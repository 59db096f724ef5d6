"""DOMAIN.md's rules written out by hand, for the tests that check attcli against them
(tests/test_properties.py, tests/test_oracle_commands.py): never attcli's own code."""

from __future__ import annotations


def domain_band(attended: int, possible: int) -> str | None:
    """DOMAIN.md 3 with the default thresholds, on exact integers."""
    if possible < 10:
        return None
    if 100 * attended >= 92 * possible:
        return "green"
    if 100 * attended > 90 * possible:
        return "amber"
    if 100 * attended > 50 * possible:
        return "red"
    return "severe"
