"""A pupil marked `Z` (not on the admission register, DOMAIN.md 1) through a week closed
for everyone else, after their last school day: off roll, as the MIS's own mark says
(decided in docs/decisions.md, "Z after the last school day ends the time on roll").

Autumn 1 from Mon 7 Sep 2026 (term dates).  Two pupils, registers taken 7 Sep to Fri 9 Oct;
the week of 12 Oct closed for everyone (`#`, or `Y2`), and B marked `Z` every session of it
(taken off roll after Friday 9 Oct; the MIS marks the days after the leaving date `Z`).
As of Fri 16 Oct no school day lies after 9 Oct, so "on roll on the last school day" alone
kept B on roll, and a red letter and a penalty-notice warning went to a family whose child
the register says has left.  By hand: 25 school days 7 Sep to 9 Oct (50 sessions); B away
(O) every Monday (7, 14, 21, 28 Sep, 5 Oct: 10 sessions): 40 of 50 = 80 %, red; 10
unauthorised sessions in the window: the threshold met."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.builders import write_marks_csv
from tests.clirun import run_cli
from tests.school import AUTUMN_HALF_TERMS, make_workspace

_A, _B = "A999200100001", "B999200100002"


def _export(
    path: Path,
    b_week: tuple[str, str],
    closure: str = "#",
    also: dict[dt.date, tuple[str, str]] | None = None,
) -> Path:
    def rows():  # noqa: ANN202
        d = dt.date(2026, 9, 7)
        while d <= dt.date(2026, 10, 16):
            for upn in (_A, _B) if d.weekday() < 5 else ():
                if d <= dt.date(2026, 10, 9):
                    marks = ("O", "O") if upn == _B and d.weekday() == 0 else ("/", "\\")
                elif upn == _B:
                    marks = (also or {}).get(d, b_week)
                else:
                    marks = (closure, closure)
                yield from ((upn, d, s, m) for s, m in zip(("AM", "PM"), marks, strict=True))
            d += dt.timedelta(days=1)

    return write_marks_csv(path, rows())


def _pupil(config: Path, export: Path, *args: str) -> dict:
    code, out, err = run_cli("check", export, "--config", config, "--format", "json", *args)
    assert code == 0, err
    got = json.loads(out)
    assert got["as_of"] == "2026-10-16"
    return {p["upn"]: p for p in got["pupils"]}[_B]


@pytest.mark.parametrize("closure", ["#", "Y2"])
def test_z_through_a_closed_week_after_the_last_school_day_is_off_roll(
    tmp_path: Path, closure: str
) -> None:
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    b = _pupil(config, _export(tmp_path / "z.csv", ("Z", "Z"), closure))
    assert (b["on_roll"], b["left_on"]) == (False, "2026-10-09")
    assert (b["possible"], b["attended"], b["unauthorised"]) == (50, 40, 10)


def test_the_same_week_closed_for_b_too_keeps_b_on_roll(tmp_path: Path) -> None:
    """The control: B's rows `#` like everyone's: on roll, red (40 of 50)."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    b = _pupil(config, _export(tmp_path / "hash.csv", ("#", "#")))
    assert (b["on_roll"], b["left_on"], b["band"]) == (True, None, "red")
    assert (b["possible"], b["attended"], b["unauthorised"]) == (50, 40, 10)


def test_a_mark_after_the_z_brings_b_back_on_roll(tmp_path: Path) -> None:
    """`Z` Monday to Wednesday, then `#` on Thursday and Friday as for everyone on roll:
    back on roll by the 16th (an explicit mark after the Z), as before."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    later = {dt.date(2026, 10, 15): ("#", "#"), dt.date(2026, 10, 16): ("#", "#")}
    b = _pupil(config, _export(tmp_path / "back.csv", ("Z", "Z"), also=later))
    assert (b["on_roll"], b["left_on"]) == (True, None)


def test_z_entered_for_the_days_after_the_as_of_date_changes_nothing(tmp_path: Path) -> None:
    """As of Friday 9 Oct (the last school day) the Z that follow are after the as-of
    date: on roll that day, as the register says."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    code, out, err = run_cli(
        "check",
        _export(tmp_path / "z.csv", ("Z", "Z")),
        "--config",
        config,
        "--format",
        "json",
        "--as-of",
        "2026-10-09",
    )
    assert code == 0, err
    b = {p["upn"]: p for p in json.loads(out)["pupils"]}[_B]
    assert (b["on_roll"], b["left_on"], b["band"]) == (True, None, "red")
