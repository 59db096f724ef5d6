"""Sweep blind5 (7 December, eighth): a school's weekly checks over one half term, with the
history: the same week recorded again after the letters went.

Worked by hand: Jack is red, 36 of 40 sessions, 4 unauthorised, in the check recorded
as of 23/10/2026 (his red letter then due) and in the casebook recorded as of the same day
after `attcli letters` sent it (the letter's stage now monitoring).  His figures are the
same; what moved is his place on the ladder.

Also: last week's export made on Thursday at lunchtime (its afternoon's cells blank for
all 6 pupils) given with this week's, which has that afternoon: 6 sessions filled in, none
a correction of anything.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attcli.snapshots import runs_beside, store_snapshot
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace


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


def test_a_lunchtime_export_s_blank_afternoon_filled_by_the_next_is_one_line_not_a_correction_a_pupil(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """6 pupils present from Monday 7 September; the first export made on Monday 14
    September at lunchtime, its afternoon's cells blank (no register yet), the second to
    Friday 18 September.  The check listed under "Data quality" 6 "register corrections",
    one a pupil, each "14/09/2026 PM: - -> /": a dash no export held, for a register that
    was not yet taken, and the list of real corrections (P06's N of 8 September given
    O) hidden under "and N more".  Now the filled afternoon is one line, and P06's
    correction is listed as ever."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    week = " ".join(["/"] * 5)
    upns = [f"P{i:02d}" for i in range(1, 7)]
    late = register({u: f"{week} / / / / /" for u in upns[:5]} | {"P06": "/ O / / / / / / / /"})
    early = register({u: f"{week} /_" for u in upns[:5]} | {"P06": "/ N / / / /_"})
    a = write_long_csv(early, tmp_path / "to-14-09-lunchtime.csv")
    b = write_long_csv(late, tmp_path / "to-18-09.csv")
    code, out, err = run_cli("--workspace", ws, "check", a, b)
    assert code == 0, err
    assert "- -> " not in out, out
    assert (
        "register corrections (a later export's code replaces an earlier N, or marks a "
        "session it left unmarked): 2"
    ) in out
    assert "(P06): 08/09/2026 AM and PM: N -> O" in out
    assert (
        "14/09/2026 PM: no mark for 6 pupils in an earlier export, marked by a later one "
        f"({b}): that register taken after the earlier export was made"
    ) in " ".join(out.split()), out
