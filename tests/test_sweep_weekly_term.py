"""Sweep "weekly" (4 December): an officer's term of weekly runs in one workspace, each
week's cumulative export given to `check`, `cases` and `letters` (docs/cases.md,
"Snapshots"; docs/decisions.md, "A term of weekly runs").

The registers are hand made (tests/builders.py), from Monday 7 September 2026, with the
autumn term dates of tests/school.py (half term 26-30 October); the config's defaults
(green 92+, amber above 90, red above 50; a penalty notice at 10 unauthorised sessions in
10 school weeks).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
WEEK = " ".join([P] * 5)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def export_to(reg, day: dt.date, tmp_path: Path) -> Path:  # noqa: ANN001
    """The cumulative export of ``reg`` to ``day``, as the MIS gives it that Friday."""
    return write_long_csv(reg.filter(reg["date"] <= day), tmp_path / f"reg_{day:%m%d}.csv",
                          dob=True)  # fmt: skip


def test_cases_on_an_older_export_than_the_runs_on_record_says_so(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Weekly `cases` runs recorded as of Fri 25/09 and Fri 09/10 (each on its day).  On
    Fri 23/10 the officer picks the export of 02/10 by mistake:

    - the register ends 02/10; the school days after it and before today (23/10) are
      05/10-09/10, 12/10-16/10, 19/10-22/10: 14, more than two school weeks (10), so the
      casebook, as of 02/10, says so in one line, as `check` does ("nothing due this week"
      of a register three weeks old was said with no word of its age);
    - a run as of 09/10 is on record, after the casebook's 02/10: recording this one is
      said with that run, which next week's NEW still compares with (it is the newest
      before any later date), not "next week's NEW compares with it".

    With today 05/10 (no school day after 02/10 before it) and no later run on record
    nothing is said: the ordinary week (`test_..._ordinary_week_...` below)."""
    reg = register({"ANNA": " ".join([WEEK] * 7), "BEN": " ".join([WEEK] * 7)})
    for day in (D(2026, 9, 25), D(2026, 10, 9)):
        monkeypatch.setenv("ATTCLI_TODAY", f"{day}")
        code, _, err = run_cli("cases", export_to(reg, day, tmp_path), "-c", ws)
        assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    code, out, err = run_cli("cases", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws)
    assert code == 0, err
    assert "Casebook as of Fri 02 Oct 2026" in out
    assert (
        "the exports end 02/10/2026, 14 school days before today (23/10/2026): these figures "
        "are as of then, and what happened since is not in them; export the register up to "
        "date"
    ) in " ".join(err.split())
    said = " ".join(err.split())
    assert (
        "a run as of 09/10/2026 is on record, after this one (as of 02/10/2026): next "
        "week's NEW compares with the run as of 09/10/2026, not this one" in said
    )
    # `check --record` of the same export says the same of its record
    code, out, err = run_cli("check", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws,
                             "--record")  # fmt: skip
    assert code == 0, err
    said = " ".join(err.split())
    assert "next week's NEW compares with it" not in said
    assert (
        "a run as of 09/10/2026 is on record, after this one (as of 02/10/2026): next "
        "week's NEW compares with the run as of 09/10/2026, not this one" in said
    )


def test_cases_in_an_ordinary_week_says_nothing_of_the_register_s_age(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export of Fri 02/10 run on Mon 05/10 (no school day between them before today)
    after a run as of 25/09: no line on the register's age nor on a later run."""
    reg = register({"ANNA": " ".join([WEEK] * 4), "BEN": " ".join([WEEK] * 4)})
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, _, err = run_cli("cases", export_to(reg, D(2026, 9, 25), tmp_path), "-c", ws)
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-05")
    code, out, err = run_cli("cases", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws)
    assert code == 0, err
    assert "before today" not in err
    assert "is on record, after this one" not in err
    code, out, err = run_cli("check", export_to(reg, D(2026, 10, 2), tmp_path), "-c", ws,
                             "--record")  # fmt: skip
    assert code == 0, err
    assert "next week's NEW compares with it" in " ".join(err.split())
    assert "is on record, after this one" not in err


def test_a_pupil_back_after_weeks_away_is_told_the_option_whole(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REJOIN: present 07/09-02/10, no row 05/10-13/11 (off roll: left and came back, with
    no pupil list to say so), present again 16/11-20/11.  Without a pupil list the weeks
    with no row are missing rows (DOMAIN.md 1): 05/10-23/10 (15 school days, 30 sessions)
    and 02/11-13/11 (10 days, 20), 50 in all, and the line says what to give to make them
    off roll: "--pupils FILE".  The line was cut at 200 characters, ending "... give a
    pupil list with a row for each spell, -…": the option's name lost, for any pupil with
    two stretches and an ordinary name."""
    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    none = " ".join(["!"] * 5)
    reg = register(
        {"ANNA": " ".join([WEEK] * 10), "REJOIN": " ".join([WEEK] * 4 + [none] * 5 + [WEEK])},
        holidays=holiday,
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-20")
    code, out, err = run_cli("check", export_to(reg, D(2026, 11, 20), tmp_path), "-c", ws)
    assert code == 0, err
    assert (
        "SurnameREJOIN, ForenameREJOIN (REJOIN): 50 sessions: 05/10/2026 to 23/10/2026 (30); "
        "02/11/2026 to 13/11/2026 (20) (a week or more with no row: if they left and came "
        "back, give a pupil list with a row for each spell, --pupils FILE)"
    ) in " ".join(out.split())
