"""Mutation testing of the LA files' rules (register-check, la-return: DOMAIN.md 8 and 9):
each test pins a boundary a small change to the code left unpinned, its answer worked by
hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt

from attcli.lacheck import _may_be_of_age

D = dt.date


def test_compulsory_school_age_ending_on_the_terms_first_day_is_of_age_in_the_term():
    """Born 01/09/2010: 16 on 01/09/2026, so compulsory school age ends on the last Friday
    in June 2027, Fri 25/06/2027 (DOMAIN.md 5).  Figures from that very day: of it on their
    first day, so of it in the term (inclusive); figures from Sat 26/06/2027: never."""
    born = D(2010, 9, 1)
    assert _may_be_of_age(born, D(2027, 6, 25), D(2027, 7, 16)) is True
    assert _may_be_of_age(born, D(2027, 6, 26), D(2027, 7, 16)) is False


def test_the_too_few_line_names_a_pupil_of_one_possible_session_and_none_of_none():
    """Autumn 2026, 20 school days from Mon 7 Sep (no term dates), default thresholds
    (at or below 90 %, at least 10 possible sessions).  ONE is N on the first morning and
    X (not required to attend: not possible) on every other session: 0 of 1 possible, 0 %,
    below 90 % on too few sessions: named "0 of 1".  NONE is X throughout: no possible
    session, no percentage (DOMAIN.md 2), nothing to be below: not named.  FULL present."""
    from attcli.config import Config
    from attcli.lacheck import register_check
    from builders import register

    P = "/\\"  # noqa: N806
    reg = register(
        {
            "ONE": " ".join(["N.X"] + ["X"] * 19),
            "NONE": " ".join(["X"] * 20),
            "FULL": " ".join([P] * 20),
        },
        start=D(2026, 9, 7),
    )
    rc = register_check(reg, Config(), term="autumn", year=2026)
    assert rc.rows.height == 0
    assert rc.too_few == ("SurnameONE, ForenameONE (ONE), 0 of 1",)
