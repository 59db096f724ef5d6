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
