"""Leave entered ahead for one pupil: the export's last week holds marks for one pupil
only (C, Mon 7 - Fri 11 Dec 2026, entered in advance), the other 19 pupils' marks end on
Fri 4 Dec, the day it was exported. With the default as-of date (the data's last day,
11/12, after today 04/12) the check called the 19 pupils leavers ("19 pupils left the roll
in the period ... (left 04/12/2026)"): nobody left. A note said only that days still to
come count. attcli cannot know whether the register stops there for them or they left:
it now says so in one line, with the --as-of to give (found at stop 51, quality sweep's
note on a few pupils' marks on the export's last day)."""

from __future__ import annotations

import datetime as dt

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

P = "/\\"


def _school(tmp_path, ahead: int):
    pupils = {f"P{i:02d}": " ".join([P] * 25) for i in range(20)}  # Mon 2 Nov - Fri 4 Dec
    reg = register(pupils, start=dt.date(2026, 11, 2))
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)
    with export.open("a", encoding="utf-8") as f:
        for k in range(ahead):
            for i in range(5):
                d = dt.date(2026, 12, 7) + dt.timedelta(days=i)
                for s in ("AM", "PM"):
                    f.write(f"P{k:02d},SurnameP{k:02d},ForenameP{k:02d},01/10/2014,Year 7,7A,"
                            f"{d:%d/%m/%Y},{s},C\n")  # fmt: skip
    return export, make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_most_pupils_marks_ending_before_a_few_pupils_leave_ahead_is_said(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-04")
    export, config = _school(tmp_path, 1)
    code, _, err = run_cli("check", export, "-c", config, "--from", "2026-11-02", width=400)
    assert code == 0, err
    said = (
        "19 of the 20 pupils' marks end on 04/12/2026, and only 1 pupil has marks after it "
        "(to 11/12/2026): they are taken as leaving the roll on 04/12/2026; if the register "
        "was not yet taken for them (marks entered ahead for the others), pass --as-of "
        "2026-12-04"
    )
    assert said in " ".join(err.split()), err
    # as of the day the others' marks end: nothing to say
    code, _, err = run_cli("check", export, "-c", config, "--from", "2026-11-02",
                           "--as-of", "2026-12-04", width=400)  # fmt: skip
    assert code == 0 and "pupils' marks end on" not in err


def test_a_few_real_leavers_say_nothing(tmp_path, monkeypatch):
    """5 of 20 pupils have no marks after 4 Dec and the other 15 go on to 11 Dec: 5 leavers,
    a quarter of the roll, as a school may have; nothing said."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-11")
    export, config = _school(tmp_path, 15)
    code, _, err = run_cli("check", export, "-c", config, "--from", "2026-11-02", width=400)
    assert code == 0, err
    assert "pupils' marks end on" not in err
