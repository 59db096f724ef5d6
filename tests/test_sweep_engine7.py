"""Sweep engine7 (issue 15): what the penalty-notice window holds that it does not count,
found in a number of queries that does not grow with the pupils it is found for (counted,
not timed), and the marks compared as the Categorical they are; the answers worked out by
hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.config import parse_config
from attcli.engine import evaluate
from builders import count_calls, register

MON = dt.date(2026, 9, 7)


def _covered_n(pupils: int) -> tuple[object, list[tuple[str, dt.date, str]]]:
    """``pupils`` pupils P0.. present every session of Mon 7 - Fri 18 Sep 2026 but N on
    Mon 7 AM and Tue 8 PM, both sessions a penalty notice on record used; and Q, N on
    every session of Mon 7 to Wed 9 (six), all used by a notice too."""
    marks = {f"P{i}": " ".join(["N\\", "/N"] + ["/\\"] * 8) for i in range(pupils)}
    marks["Q"] = " ".join(["NN"] * 3 + ["/\\"] * 7)
    covered = [(f"P{i}", MON, "AM") for i in range(pupils)]
    covered += [(f"P{i}", MON + dt.timedelta(days=1), "PM") for i in range(pupils)]
    covered += [("Q", MON + dt.timedelta(days=d), s) for d in range(3) for s in ("AM", "PM")]
    ev = evaluate(register(marks, start=MON), parse_config(""), as_of=dt.date(2026, 9, 18),
                  pn_covered=covered)  # fmt: skip
    return ev, covered


def test_the_window_s_uncounted_n_are_found_in_queries_that_do_not_grow_with_the_pupils(
    monkeypatch,  # noqa: ANN001
) -> None:
    """Each P pupil's window (all ten days) holds 2 N a notice used, that count toward
    nothing: "07/09/2026 AM; 08/09/2026 PM"; Q's six, the first five named and "and 1
    more".  Found for 2 P pupils and for 6 with the same number of filters, groupings and
    collected queries (before: a filter of the N each such pupil)."""
    from attcli.quality import window_uncounted_n

    counts = []
    for pupils in (2, 6):
        ev, _ = _covered_n(pupils)
        with monkeypatch.context() as m:
            calls = [count_calls(m, pl.DataFrame, "filter"),
                     count_calls(m, pl.DataFrame, "group_by"),
                     count_calls(m, pl.DataFrame, "partition_by"),
                     count_calls(m, pl.LazyFrame, "collect")]  # fmt: skip
            found = window_uncounted_n(ev)
            counts.append([len(c) for c in calls])
        want = [("", f"P{i}", 2, "07/09/2026 AM; 08/09/2026 PM") for i in range(pupils)]
        want.append(("", "Q", 6, "07/09/2026 AM; 07/09/2026 PM; 08/09/2026 AM; "
                                 "08/09/2026 PM; 09/09/2026 AM; and 1 more"))  # fmt: skip
        assert found.rows() == want
        assert found.schema == pl.Schema(
            {"school": pl.Utf8, "upn": pl.Utf8, "n": pl.Int64, "sessions": pl.Utf8}
        )
    assert counts[0] == counts[1], counts


def test_the_sessions_before_compulsory_school_age_are_read_off_the_categorical_marks() -> None:
    """A, born 14 Oct 2021, of compulsory school age from Thu 31 Dec 2026; marks from Mon 30
    Nov: O in the morning, O O on Tue 1 Dec, present to Wed 9 Dec, N and O on Thu 10 Dec,
    present after.  Her window (30 Nov - Fri 8 Jan) holds 5 sessions of the codes before
    the age began (30/11 to 10/12), 4 of them O; none G (a code no mark has: no row).  B,
    born 2015, O at every session, is of the age all window: no row."""
    from attcli.quality import window_before_age

    marks = {"A": " ".join(["O\\", "OO"] + ["/\\"] * 6 + ["NO"] + ["/\\"] * 21),
             "B": " ".join(["OO"] * 30)}  # fmt: skip
    born = {"A": dt.date(2021, 10, 14), "B": dt.date(2015, 1, 1)}
    ev = evaluate(register(marks, start=dt.date(2026, 11, 30), dob=born, year_group="R"),
                  parse_config(""), as_of=dt.date(2027, 1, 8))  # fmt: skip
    assert ev.prepared.roll.marks.schema["mark"] == pl.Categorical
    first, last, age = dt.date(2026, 11, 30), dt.date(2026, 12, 10), dt.date(2026, 12, 31)
    assert window_before_age(ev).rows() == [("", "A", 5, first, last, age)]
    assert window_before_age(ev, codes=["O"]).rows() == [("", "A", 4, first, last, age)]
    assert window_before_age(ev, codes=["G"]).height == 0
