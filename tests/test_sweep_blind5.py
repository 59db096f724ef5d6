"""Sweep blind5 (7 December, eighth): a school's weekly checks over one half term, with the
history: the same week recorded again after the letters went.

Worked by hand: Jack is red, 36 of 40 sessions, 4 unauthorised, in the check recorded
as of 23/10/2026 (his red letter then due) and in the casebook recorded as of the same day
after `attcli letters` sent it (the letter's stage now monitoring).  His figures are the
same; what moved is his place on the ladder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attcli.snapshots import runs_beside, store_snapshot


def test_a_week_recorded_again_after_the_letters_says_what_moved_not_the_same_figures(
    tmp_path: Path,
) -> None:
    """`attcli check --record` on Friday, `attcli letters`, then `attcli cases` on the same
    export: the casebook's run replaces the check's, and said "4 pupils' figures differ
    from it: Reid, Jack (A...) was red (36/40, 4 unauthorised), is red (36/40, 4
    unauthorised)", the same figures twice, since only the ladder's status differed (the
    letter due, then sent: monitoring).  The line now says what differs."""
    path = tmp_path / "attcli-history.sqlite3"
    as_of = dt.date(2026, 10, 23)
    row = ("", "A999200426004", 36, 40, "red", ["band:red"], "red", "due", 4)
    green = ("", "B999200426005", 74, 74, "green", [], None, None, 0)
    store_snapshot(path, as_of, ["w6.csv"], [row, green])
    sid = store_snapshot(path, as_of, ["w6.csv"], [(*row[:7], "monitoring", 4), green])
    later, said = runs_beside(path, as_of, "", sid)
    assert later is None
    assert said is not None
    assert "1 pupil's figures differ" not in said
    assert (
        "which it replaces: 1 pupil's place on the ladder differs from it: A999200426004 was "
        "red (36/40, 4 unauthorised), is red (36/40, 4 unauthorised): step red due, now "
        "monitoring"
    ) in said, said
