"""One pupil as a parent or head of year sees them (sweep of 4 December, second,
"certificate"): `attcli pupil` (the record), `pupil --pdf` (the attendance certificate),
and the certificate a letter carries.  Figures worked by hand in each test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

D = dt.date


def test_the_record_as_of_a_day_before_the_pupil_joined_says_when_they_joined(
    tmp_path: Path,
) -> None:
    """NEW's first session is Mon 5 Oct 2026 (no row before: not on roll); OTHER makes the
    school's days from Mon 7 Sep.  `attcli pupil NEW ... --as-of 2026-09-25` said "no
    pupil with UPN 'NEW' in the exports this school year up to 25/09/2026", though the
    export given holds them: it reads as a wrong UPN.  It says when they are first on roll
    and which --as-of shows their record; a UPN in no export says what it said."""
    config = make_workspace(tmp_path / "school")
    reg = register({"OTHER": "/\\ " * 25, "NEW": "! " * 20 + "/\\ " * 5}, start=D(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "autumn.csv")
    code, _, err = run_cli("pupil", "new", export, "-c", config, "--as-of", "2026-09-25")
    assert code == 1
    assert err == (
        "error: pupil 'NEW' is first on roll on 05/10/2026 (their first session in the "
        "exports), after the as-of date 25/09/2026, so has no record up to it: give --as-of "
        "2026-10-05 or later for their record\n"
    )
    code, out, err = run_cli("pupil", "NEW", export, "-c", config, "--as-of", "2026-10-05")
    assert code == 0, err
    assert "2 of 2" in out
    code, _, err = run_cli("pupil", "NOBODY", export, "-c", config, "--as-of", "2026-09-25")
    assert err == (
        "error: no pupil with UPN 'NOBODY' in the exports this school year up to 25/09/2026 "
        "(a pupil is listed from their first session on roll)\n"
    )
