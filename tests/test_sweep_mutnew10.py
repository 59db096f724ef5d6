"""Mutation testing of the fourteenth round's new decision code (sweep of 6 December
(seventh), mutnew10): each test kills a mutant no other test killed, its answer worked by
hand from DOMAIN.md (docs/decisions.md, the heading of mutnew10: the table of mutants).

Registers (tests/builders.py) from Mon 07/09/2026, a school day a token:
  week 1: 7-11 Sep   week 2: 14-18   week 3: 21-25   week 4: 28 Sep-2 Oct   week 5: 5-9 Oct
"""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
from rich.console import Console

from attcli.check import check_register
from attcli.cme import CmeResult, cme_runs, render_table
from attcli.config import Config
from attcli.engine import evaluate
from builders import register

D = dt.date
P, N = "/ " * 5, "N " * 5


def spells(*rows: tuple[str, dt.date, dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"upn": u, "joined": j, "left": x} for u, j, x in rows],
        schema={"upn": pl.Utf8, "joined": pl.Date, "left": pl.Date},
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def cme_text(ev, days: int) -> str:  # noqa: ANN001
    sink = io.StringIO()
    render_table(
        CmeResult(ev.as_of, cme_runs(ev, days), None, [], ev.coverage), days,
        Console(file=sink, width=80, no_color=True),
    )  # fmt: skip
    return flat(sink.getvalue())


def off_roll(ev) -> dict[str, tuple[int, list[dt.date]]]:  # noqa: ANN001
    runs = ev.runs.filter(pl.col("kind") == "unexplained")
    return {
        u: (n, list(d)) for u, n, d in runs.select("upn", "off_roll_days", "off_roll_within").rows()
    }


def test_a_z_day_is_off_roll_beside_a_dash_but_not_on_a_day_the_school_is_closed():
    """As of Fri 02/10, each pupil N in weeks 2 and 4.  ZED: `Z` all week 3; ZD: the same
    but Mon 21/09 `Z` then `-` (SIMS's no mark recorded: no mark, so the day is still one
    of `Z` alone, DOMAIN.md 1 and 6).  Wed 23/09 the school is closed (`#` for every
    pupil on roll): no school day, so it is no day off roll inside a run either: 4 days
    each (21, 22, 24, 25/09).  NIL, N weeks 2 to 4, has no day off roll: 0 and an empty
    list, not null (DOMAIN.md 6: a run's days are counted, every run has a number)."""
    week3 = "Z Z # Z Z "  # Wed 23/09 closed
    reg = register({
        "ZED": P + N + week3.replace("#", "Z") + N,
        "ZD": P + N + "Z- " + week3[2:].replace("#", "Z") + N,
        "NIL": P + N + "N N # N N " + N,
        "OTH": P + P + "/ / # / / " + P,
    })  # fmt: skip
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2))
    four = [D(2026, 9, 21), D(2026, 9, 22), D(2026, 9, 24), D(2026, 9, 25)]
    assert off_roll(ev) == {"ZED": (4, four), "ZD": (4, four), "NIL": (0, [])}
    assert dict(cme_runs(ev, 3).select("upn", "run_days").rows()) == {
        "ZED": 10,
        "ZD": 10,
        "NIL": 14,
    }


ONE_OFF = (
    "off the roll on 1 school day inside this run (21/09/2026), neither counted nor a break: "
    "the child left the roll and came back unseen; check the deletion and the readmission "
    "were lawful and the LA was told of both"
)


def test_one_day_off_the_roll_inside_a_run_is_said_as_one_day_and_its_date():
    """ONE: N week 2, `Z` on Mon 21/09 alone, N the rest of week 3 and week 4: as of Fri
    02/10 a run of 14 school days (the `Z` day neither counts nor breaks it, DOMAIN.md 6),
    still absent, with 1 day off roll inside it: "1 school day ... (21/09/2026)", not "1
    school days", not "between 21/09/2026 and 21/09/2026", in ``cme`` and in the check's
    reason alike."""
    reg = register({"ONE": P + N + "Z N N N N " + N, "OTH": P * 4})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2))
    assert off_roll(ev) == {"ONE": (1, [D(2026, 9, 21)])}
    assert f"SurnameONE, ForenameONE (ONE): {ONE_OFF}" in cme_text(ev, 10)
    checked = check_register(reg, Config(), as_of=D(2026, 10, 2))
    reasons = dict(checked.members("absence").select("upn", "reason_absence").rows())
    assert reasons["ONE"] == (
        "14 school days of unexplained absence since 14/09/2026 (N): reached 10 school days, "
        "tell the local authority (children missing education); last attended 11/09/2026; "
        + ONE_OFF
    )


def test_z_after_a_run_the_pupil_left_the_roll_by_is_the_leaving_not_a_day_not_possible():
    """No pupil list: LZ is N weeks 2 and 3, then `Z` (not on roll) weeks 4 and 5: as of
    Fri 09/10 they left the roll after a run of 10 school days (DOMAIN.md 6: "left"), and
    the `Z` days after it are the leaving itself, not days "marked Z ... though still on
    roll" (that is said only after a run still current, sweep spells): 0 days not possible
    after it."""
    reg = register({"LZ": P + N + N + "Z " * 10, "OTH": P * 5})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 9))
    assert cme_runs(ev, 10).select(
        "upn", "run_days", "status", "not_possible_days", "off_roll_days"
    ).rows() == [("LZ", 10, "left", 0, 0)]
    assert "marked Z" not in cme_text(ev, 10)


def test_the_data_s_first_half_term_starts_on_its_first_day_not_its_week_s_monday():
    """The exports begin on Tue 08/09 (no term dates): the days before the data's first
    are not known to be school days, INSET or not, so the inferred Autumn 1 begins on the
    Tuesday (DOMAIN.md 10: inferred from the data), where a half term after a holiday
    begins on its first week's Monday (sweep spells)."""
    reg = register({"A": "/ " * 9, "B": "/ " * 9}, start=D(2026, 9, 8))
    ev = evaluate(reg, Config(), as_of=D(2026, 9, 18))
    assert [(h.name, h.start, h.end) for h in ev.calendar.half_terms] == [
        ("Autumn 1", D(2026, 9, 8), D(2026, 9, 18)),
    ]
