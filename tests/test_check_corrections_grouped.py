"""The check's list of register corrections reads one line a pupil's repeated correction
(DOMAIN.md 12: "Group what repeats ... so it reads as one line"), not a line a session.

Two exports from Monday 7 September 2026 (tests/builders.py): the first to Friday 18th,
the second to Friday 25th.  In the first, B has N all of Mon 14 - Fri 18 (10 sessions)
and C N on Mon 14 only (2 sessions); in the second, B's week is I (illness) and C's day
is M (medical) on the morning and O (unauthorised) in the afternoon.  So 12
corrections: B's ten N -> I on 14/09 AM to 18/09 PM, C's 14/09 AM N -> M and 14/09 PM
N -> O.  A session's line is kept where a pupil's correction is alone.
"""

from __future__ import annotations

import datetime as dt

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

P = "/\\"


def test_a_pupils_repeated_correction_is_one_line(tmp_path):
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week = " ".join([P] * 5)
    first = {
        "A": week + " " + week,
        "B": week + " N N N N N",
        "C": week + " N " + " ".join([P] * 4),
    }
    second = {
        "A": " ".join([week] * 3),
        "B": week + " I I I I I " + week,
        "C": week + " MO " + " ".join([P] * 4) + " " + week,
    }
    a = write_long_csv(register(first, start=dt.date(2026, 9, 7)), tmp_path / "a.csv")
    b = write_long_csv(register(second, start=dt.date(2026, 9, 7)), tmp_path / "b.csv")
    code, out, err = run_cli("check", a, b, "--config", config, "--as-of", "2026-09-25")
    assert code == 0, err
    text = " ".join(out.split())
    assert (
        "register corrections (a later export's code replaces an earlier N, or marks a "
        "session it left unmarked): 12 "
        f"SurnameB, ForenameB (B): 14/09/2026 AM to 18/09/2026 PM (10 sessions): N -> I ({b}) "
        f"SurnameC, ForenameC (C): 14/09/2026 AM: N -> M ({b}) "
        f"SurnameC, ForenameC (C): 14/09/2026 PM: N -> O ({b})"
    ) in text, text
