"""Lessons missed in a pupil's record and on their attendance certificate (DOMAIN.md 2:
seed 001 asks that parents see absence as lessons missed; ``[lessons] am = 3, pm = 2``).

The letters said "which is 26 lessons"; the record the attendance officer reads on the
phone to the same parent, and the certificate sent with the letter, said nothing of
lessons.

LES (``builders.register``, from Mon 07/09/2026, the half-term holiday 26-30/10, as of
Fri 06/11/2026: 8 school weeks, 80 sessions), present at every session but

    Tue 08/09 AM N; Wed 09/09 I, I; Fri 11/09 PM O; Tue 15/09 AM U; Thu 17/09 C2, C2
    (Autumn 1: 4 mornings, 3 afternoons);
    Mon 02/11 I, I; Fri 06/11 AM N (Autumn 2: 2 mornings, 1 afternoon).

By hand: year 6 mornings x 3 + 4 afternoons x 2 = 26 lessons; Autumn 2 so far 2 x 3 +
1 x 2 = 8.  Absent 10 of 80 sessions: 70 attended, 87.5 %.  A late mark (L) is present,
no lesson missed.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.config import parse_config
from attcli.pupil import certificate_data, pupil_record
from builders import register
from school import AUTUMN_HALF_TERMS

D = dt.date
WEEK = "/\\ " * 5
AUTUMN1 = "/\\ N\\ I /O /\\ " + "L\\ U\\ /\\ C2.C2 /\\ " + WEEK * 5
AUTUMN2 = "I /\\ /\\ /\\ N\\"
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
SCHOOL = '[school]\nname = "Oakfield Academy"\n'
LESSONS = "[lessons]\nam = 3\npm = 2\n"


def les_register() -> pl.DataFrame:
    return register(
        {"LES": AUTUMN1 + AUTUMN2, "OTH": WEEK * 8}, start=D(2026, 9, 7), holidays=HOLIDAY
    )


def test_the_record_and_certificate_state_lessons_missed(tmp_path):
    history = f'\n[history]\npath = "{tmp_path / "h.sqlite3"}"\n'
    cfg = parse_config(SCHOOL + AUTUMN_HALF_TERMS + LESSONS + history)
    rec = pupil_record(les_register(), cfg, "LES")
    assert rec.evaluation.as_of == D(2026, 11, 6)
    assert (rec.row["attended"], rec.row["possible"]) == (70, 80)
    assert rec.lessons_missed == (26, 8)
    data = certificate_data(rec.register, rec.evaluation, rec.row, made_on=D(2026, 11, 9))
    assert data["figures"][-1] == ["Lessons missed", "26 lessons"]
    # (LES's U morning is said: tests/test_sweep_lettertext.py)
    assert "Lessons missed counts 3 lessons in a morning and 2 in an afternoon, and" in data["note"]
    # the same from the register itself, for an evaluation without its own
    from dataclasses import replace

    ev = rec.evaluation
    whole = ev.prepared.register  # type: ignore[union-attr]
    alone = certificate_data(whole, replace(ev, prepared=None), rec.row, made_on=D(2026, 11, 9))
    assert alone["figures"] == data["figures"]
    # without [lessons], neither says it
    plain = parse_config(SCHOOL + AUTUMN_HALF_TERMS + history)
    rec = pupil_record(les_register(), plain, "LES")
    assert rec.lessons_missed is None
    data = certificate_data(rec.register, rec.evaluation, rec.row, made_on=D(2026, 11, 9))
    assert "Lessons missed" not in [f[0] for f in data["figures"]]
    assert "lessons" not in data["note"]


def test_the_pupil_command_shows_lessons_missed(tmp_path):
    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    text = config.read_text(encoding="utf-8")
    assert "\n# am = 3\n# pm = 2\n" in text
    config.write_text(text.replace("\n# am = 3\n# pm = 2\n", "\nam = 3\npm = 2\n"), "utf-8")
    export = write_long_csv(les_register(), tmp_path / "autumn.csv")
    code, out, err = run_cli("pupil", "LES", export, "-c", config, width=100)
    assert code == 0, err
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "Unauthorised absence 4 1" in lines
    assert "Lessons missed (3 a morning, 2 an afternoon) 26 8" in lines
