"""The sweep of 5 December (third), heldfast: the check's held band letters judged without
asking the calendar once per joiner (issue 15).  Counted, not timed."""

from __future__ import annotations

import datetime as dt
from datetime import date as D
from pathlib import Path

from builders import register_rows, school_days, write_long_csv


def _evaluation(config_path: Path, exports: list[Path], as_of: dt.date):
    from attcli.config import load_config
    from attcli.engine import prepare
    from attcli.loaders import load_exports

    config = load_config(config_path)
    loaded = load_exports(exports, config)
    return prepare(loaded.take_compact(), config, roll_dates=loaded.roll_dates).evaluate(
        as_of=as_of
    )


def test_joined_days_asks_the_calendar_once_a_joining_day_not_once_a_joiner(
    tmp_path, monkeypatch
) -> None:
    """Counted, not timed: whether a joiner's figures are "since joining" depends on the
    joining day alone (a school day in the period before it), so the calendar is asked
    once a distinct day.  Here 6 pupils join on Mon 21 Sep and 2 on Mon 28 Sep (OK on roll
    from Mon 7 Sep makes the period's first day): 2 questions where there were 8, and the
    same answer: 21/09/2026 for six, 28/09/2026 for two, none for OK."""
    from attcli.calendar import Calendar
    from builders import count_calls
    from school import AUTUMN_HALF_TERMS, make_workspace

    days = school_days(D(2026, 9, 7), 20)
    rows = [{"upn": "OK", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    joiners = {f"J{i}": days[10:] for i in range(6)} | {f"K{i}": days[15:] for i in range(2)}
    for upn, on in joiners.items():
        rows += [{"upn": upn, "date": d, "session": s, "mark": "/"} for d in on for s in ("AM", "PM")]
    export = write_long_csv(register_rows(rows), tmp_path / "export.csv", dob=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    ev = _evaluation(config, [export], D(2026, 10, 2))
    calls = count_calls(monkeypatch, Calendar, "school_sessions_between")
    joined = ev.joined_days()
    assert joined == {("", f"J{i}"): D(2026, 9, 21) for i in range(6)} | {
        ("", f"K{i}"): D(2026, 9, 28) for i in range(2)
    }
    assert len(calls) == 2
