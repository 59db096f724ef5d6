"""Sweep speedchk2 (issue 15): the weekly check's own costs outside the file scan cut, no
figure or text changed.  Behaviour only here (speed is measured by bench/, never timed in a
test)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attcli.store import History

ON = dt.date(2027, 7, 16)


def test_a_deleted_notice_is_found_by_its_id_alone_in_a_forgetting_naming_several(
    tmp_path: Path,
) -> None:
    """A forgetting's audit row lists each counting notice as "ID counted until DAY": the
    one asked about is found by its whole id (11003's notice is not 1003's, nor 003's), the
    latest forgetting first, and only while it still counts on the day asked about."""
    with History(tmp_path / "attcli-history.sqlite3", write=True) as store:
        assert store.deleted_notice("1003", ON) is None  # (no forgetting on record)
        store._audit(
            "dpo", "forget", "pupil 11003, pupil 1003",
            "their records: 9 rows; with --force, penalty notices that still counted: "
            "11003 counted until 2029-10-01, 1003 counted until 2028-06-01",
        )  # fmt: skip
        store._audit("head", "forget", "pupil 2001", "their records: 2 rows")
        gone = store.deleted_notice("1003", ON)
        assert gone is not None and gone[1:] == ("dpo", dt.date(2028, 6, 1), ""), gone
        gone = store.deleted_notice("11003", ON)
        assert gone is not None and gone[2] == dt.date(2029, 10, 1), gone
        assert store.deleted_notice("003", ON) is None
        assert store.deleted_notice("2001", ON) is None  # (no notice counted: none said)
        assert store.deleted_notice("1003", dt.date(2028, 6, 1)) is None  # (counted until then)
        assert store.deleted_notice("11003", dt.date(2028, 6, 1)) is not None


def test_a_percentage_takes_the_decimals_that_keep_it_off_a_line_in_integers() -> None:
    """pct works the rule in integers (no Fraction, issue 15): one decimal, half up, unless
    that puts the figure on or across a line (0, 100, the national 90 and 50, a band's
    92); then as many more as it takes.  Worked by hand, and the same as the rule's own
    Fraction form (:func:`attcli.percent.shown`) on every figure up to 80 sessions."""
    from fractions import Fraction

    from attcli.percent import NATIONAL, pct_text, shown

    band = (Fraction(92), *NATIONAL)
    assert pct_text(2299, 2500, band) == "91.96%"  # (92.0 would be green)
    assert pct_text(2249, 2500, band) == "89.96%"  # (90.0: on the persistent line)
    assert pct_text(2251, 2500, band) == "90.04%"
    assert pct_text(2250, 2500, band) == "90.0%"  # (on the line: said so)
    assert pct_text(1, 2500) == "0.04%" and pct_text(2499, 2500) == "99.96%"
    assert pct_text(1, 30000) == "0.003%" and pct_text(29999, 30000) == "99.997%"
    assert pct_text(1, 3) == "33.3%" and pct_text(2, 3) == "66.7%" and pct_text(0, 0) == "–"
    for den in range(1, 81):
        for num in range(den + 1):
            for lines in ((), band):
                assert pct_text(num, den, lines) == f"{shown(Fraction(100 * num, den), lines)}%"
