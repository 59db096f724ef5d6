"""Mutants of the 7 December (tenth) merges that no test held (sweep mutnew22): each test
here fails on a mutant of a line merged that round and passes on the code.

Registers from Mon 7 Sep 2026, a token a school day (tests/builders.py: ``I.C2`` is `I` in
the morning, `C2` in the afternoon, a part-time timetable), no holiday.
"""

from __future__ import annotations

from attcli.config import Config
from attcli.engine import evaluate
from builders import pupil, register

PART = "I.C2"


def test_one_day_whose_only_session_due_was_illness_tips_29_sessions_to_15_days() -> None:
    # DOMAIN.md 7: 15 school days missed through illness, cumulatively.  ONE: 14 whole days
    # ill (28 sessions), a day in school, then a day `I` with the afternoon `C2` (the only
    # session due): 29 sessions, but 28 + 2 = 30 half days, 15 days missed: listed, with a
    # longest run of 14 (the day in school breaks it).  ONE29: the same with the last day
    # `I./` (half a day, the afternoon attended): 29 half days, 14.5 days: not listed.
    # HALF: 15 part-time days ill (15 sessions, 15 whole days) and a morning `I./` beside
    # them: 16 sessions, 31 half days, 15.5 days missed.
    from attcli.check import check_register

    reg = register({
        "ONE": " ".join(["I"] * 14 + ["/", PART] + ["/"] * 4),
        "ONE29": " ".join(["I"] * 14 + ["/", "I./"] + ["/"] * 4),
        "HALF": " ".join([PART] * 8 + ["/.C2"] + [PART] * 7 + ["I./"] + ["/"] * 3),
    })  # fmt: skip
    ev = evaluate(reg, Config())
    assert pupil(ev, "ONE")["sickness_flag"] is True
    assert pupil(ev, "ONE29")["sickness_flag"] is False
    assert pupil(ev, "HALF")["sickness_flag"] is True
    whole = {u: d for _, u, d in ev.sickness_whole_days.iter_rows()}
    assert whole == {"ONE": 1, "HALF": 15}
    checked = check_register(reg, Config())
    reasons = dict(checked.members("sickness").select("upn", "reason_sickness").rows())
    assert reasons == {
        "ONE": "29 illness sessions this year, 15 school days missed (on 1 of them the only "
        "session due); longest run of illness 14 school days",
        "HALF": "16 illness sessions this year, 15.5 school days missed (on 15 of them the "
        "only session due); longest run of illness 8 school days",
    }
