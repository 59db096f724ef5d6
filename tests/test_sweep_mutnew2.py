"""Killing tests of the mutation sweep of the eighth round's new code (sweep mutnew2,
docs/decisions.md): each fails on a mutant the round's own tests let live.

One register evaluated in-process (no CLI), school days Mon 7 Sep to Fri 2 Oct 2026 (20),
as of Fri 2 Oct; "N.C2" is N in the morning, C2 in the afternoon (DOMAIN.md 6 and the
part-time rule of sweep cmept: a part-time run is its N/C2 days):

- PTFIRST N.C2 7-16 Sep (8 days, the exports' first day on), present after: one run to 16/09.
- PTTEN present 7-18 Sep, N.C2 21 Sep-2 Oct: a run of 10, still absent.
- PTEND present 7-11 Sep, N.C2 14-25 Sep (10 days), present 28 Sep-2 Oct: ended 25/09.
- PTTWO present 7 Sep, N.C2 8-10 Sep (3), present 11 Sep, N.C2 14-16 Sep (3), present after.
- Kit Child: OLD 7-25 Sep (present 7-17, N.C2 18-25 Sep: 6 days), NEW 28 Sep-2 Oct (N.C2
  28 Sep-1 Oct: 4 days, present 2 Oct): one part-time run of 10 across the two UPNs,
  18/09 to 01/10, ended.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from builders import register, register_rows, school_days, token_rows, write_long_csv

D = dt.date
OLD, NEW = "A99920101001A", "A999201010017"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}
NC = "N.C2 "


@pytest.fixture(scope="module")
def ev():  # noqa: ANN201
    from attcli.config import Config
    from attcli.engine import evaluate

    days = school_days(D(2026, 9, 7), 20)
    rows: list[dict] = []

    rows += token_rows("FILL", days, "/ " * 20)
    rows += token_rows("PTFIRST", days, NC * 8 + "/ " * 12)
    rows += token_rows("PTTEN", days, "/ " * 10 + NC * 10)
    rows += token_rows("PTEND", days, "/ " * 5 + NC * 10 + "/ " * 5)
    rows += token_rows("PTTWO", days, "/ " + NC * 3 + "/ " + NC * 3 + "/ " * 12)
    rows += token_rows(OLD, days[:15], "/ " * 9 + NC * 6, KIT)
    rows += token_rows(NEW, days[15:], NC * 4 + "/ ", KIT)
    return evaluate(register_rows(rows), Config(), as_of=D(2026, 10, 2))


def test_the_la_files_part_time_count_holds_runs_ending_on_the_first_day_not_before(ev):
    from attcli.runs import part_time_not_in

    def n(since: dt.date) -> str | None:
        line = part_time_not_in(ev, 10, since, "this file")
        return line and line.split(" part-time")[0]

    # PTEND (ended Fri 25/09), Kit across two UPNs (ended Thu 01/10), PTTEN (current)
    assert n(D(2026, 9, 25)) == "3"
    assert n(D(2026, 9, 26)) == "2"  # PTEND's run is over before the file's first day
    assert n(D(2026, 10, 1)) == "2"  # Kit's joined run ends on it: in
    assert n(D(2026, 10, 2)) == "1"  # over the day before: PTTEN alone


def test_the_part_time_first_day_line_holds_a_run_ending_on_since(ev):
    from attcli.runs import before_exports_line

    said = before_exports_line(ev, D(2026, 9, 16), part_time=True)
    assert said is not None and said.startswith(
        "1 run of a part-time pupil (C2) absent at every other session begins on the "
        "exports' first school day, 07/09/2026"
    ), said
    assert before_exports_line(ev, D(2026, 9, 17), part_time=True) is None


def test_the_pupil_record_gives_every_listed_run_and_a_joined_one_only_at_the_days(ev):
    from attcli.runs import part_time_of

    # PTTWO: both runs of 3 at --days 3, in order; none at 4
    assert part_time_of(ev, 3, "", "PTTWO") == (
        "3 school days from 08/09/2026 to 10/09/2026 (C2 N), ended, last attended "
        "07/09/2026; 3 school days from 14/09/2026 to 16/09/2026 (C2 N), ended, last "
        "attended 11/09/2026"
    )
    assert part_time_of(ev, 4, "", "PTTWO") is None
    # Kit's joined run of 10: on the record at 10, not at 11 (neither UPN's part reaches)
    said = part_time_of(ev, 10, "", NEW)
    assert said is not None and "has 10 school days of a part-time timetable" in said
    assert part_time_of(ev, 11, "", NEW) is None
    assert part_time_of(ev, 11, "", OLD) is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1899-12-30 08:45:00", "08:45"),  # a time cell, as some readers give it
        ("1899-12-31 08:45:00", "08:45"),
        ("2026-09-08 08:45:30", "08/09/2026 08:45:30"),  # seconds where there are some
        ("2026-09-08 00:00:00", "08/09/2026"),
        ("false", "FALSE"),
        ("true", "TRUE"),
        ("N", "N"),
    ],
)
def test_a_sheet_cell_is_quoted_as_excel_shows_it(value, shown):
    from attcli.datetext import sheet_cell_text

    assert sheet_cell_text(value) == shown


def test_pct_floats_keeps_a_figure_off_0_and_100_with_no_lines_and_off_the_lines_given():
    from fractions import Fraction

    from attcli.percent import pct_floats

    # 24999/25000 = 99.996 %: two decimals read 100.00, which it is not; 1/25000 = 0.004 %
    # is not 0.00; 22499/25000 = 89.996 % reads 90.00 with no line there, 89.996 with 90
    num, den = pl.Series([24999, 1, 22499, 1]), pl.Series([25000, 25000, 25000, 8])
    assert pct_floats(num, den).to_list() == [99.996, 0.004, 90.0, 12.5]
    got = pct_floats(num, den, (Fraction(90),))
    assert got.to_list() == [99.996, 0.004, 89.996, 12.5]


def test_a_pupil_on_two_rolls_for_one_day_marked_d_was_dual_registered():
    from attcli.report.trust import _dual_registered

    def row(first: dt.date, last: dt.date, dual: bool = False) -> dict:
        return {"_on_roll": [{"first": first, "last": last}], "_dual": dual}

    # the later school first: its first day is the earlier school's last (one day of both)
    assert _dual_registered(
        [row(D(2026, 9, 25), D(2026, 10, 2), True), row(D(2026, 9, 7), D(2026, 9, 25))]
    )
    assert _dual_registered(
        [row(D(2026, 9, 7), D(2026, 9, 25)), row(D(2026, 9, 25), D(2026, 10, 2), True)]
    )
    # apart by a day: moved
    assert not _dual_registered(
        [row(D(2026, 9, 28), D(2026, 10, 2), True), row(D(2026, 9, 7), D(2026, 9, 25))]
    )


def test_a_run_across_two_upns_with_no_c2_in_it_is_no_part_time_run():
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.joined import joined_runs

    # OLD: N.C2 Mon 7-Wed 9 Sep (a part-time run of its own, under one UPN), present 10-17
    # Sep, N all day Fri 18 and 21-25 Sep (6); NEW N all day 28 Sep-2 Oct (5): the 11 days
    # across the UPNs hold no C2 session, so they are a run of unexplained absence joined
    # (DOMAIN.md 6), not a part-time one, though the child has a part-time run
    days = school_days(D(2026, 9, 7), 20)
    rows = [
        {"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")
    ]
    for upn, ds, marks in (
        (OLD, days[:15], NC * 3 + "/ " * 6 + "N " * 6),
        (NEW, days[15:], "N " * 5),
    ):
        for d, t in zip(ds, marks.split(), strict=True):
            am, pm = t.split(".") if "." in t else (t, t)
            rows += [{"upn": upn, "date": d, "session": "AM", "mark": am, **KIT},
                     {"upn": upn, "date": d, "session": "PM", "mark": pm, **KIT}]  # fmt: skip
    ev = evaluate(register_rows(rows), Config(), as_of=D(2026, 10, 2))
    assert ev.part_time_runs.height == 1
    assert joined_runs(ev, part_time=True) == []
    assert [(j.days, j.start) for j in joined_runs(ev)] == [(11, D(2026, 9, 18))]


def test_one_child_with_two_part_time_runs_across_two_upns_is_one_pupil():
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.joined import joined_runs
    from attcli.runs import part_time_not_in

    # OLD on roll 7-25 Sep, NEW from 14 Sep (two exports overlapping, the same marks):
    # N.C2 14-16 Sep and 18-22 Sep under both, present between: two joined runs of 3, one
    # child, so one part-time pupil at --days 3 (each UPN's own runs not counted again)
    days = school_days(D(2026, 9, 7), 20)
    rows = [
        {"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")
    ]
    both = NC * 3 + "/ " + NC * 3
    for upn, ds, marks in (
        (OLD, days[:15], "/ " * 5 + both + "/ " * 3),
        (NEW, days[5:], both + "/ " * 8),
    ):
        for d, t in zip(ds, marks.split(), strict=True):
            am, pm = t.split(".") if "." in t else (t, t)
            rows += [{"upn": upn, "date": d, "session": "AM", "mark": am, **KIT},
                     {"upn": upn, "date": d, "session": "PM", "mark": pm, **KIT}]  # fmt: skip
    ev = evaluate(register_rows(rows), Config(), as_of=D(2026, 10, 2))
    assert [(j.days, j.start) for j in joined_runs(ev, part_time=True)] == [
        (3, D(2026, 9, 14)),
        (3, D(2026, 9, 18)),
    ]
    line = part_time_not_in(ev, 3, days[0], "this file")
    assert line is not None and line.startswith("1 part-time pupil (C2) was absent"), line


def test_the_pupil_record_of_a_upn_at_two_schools_gives_that_school_s_runs_alone():
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.runs import part_time_of

    # school A: MOVER N.C2 7-18 Sep (10 days) and off its roll after; Kit OLD then NEW as
    # the module's register (a joined part-time run of 10).  School B: MOVER present 21
    # Sep-2 Oct, and another child under NEW's UPN, present every day.  B's records show
    # none of A's runs (a UPN is a child's at a school: the trust's read keeps them apart)
    days = school_days(D(2026, 9, 7), 20)
    a: list[dict] = []
    b: list[dict] = []

    a += token_rows("FILL", days, "/ " * 20)
    a += token_rows("MOVER", days[:10], NC * 10)
    a += token_rows(OLD, days[:15], "/ " * 9 + NC * 6, KIT)
    a += token_rows(NEW, days[15:], NC * 4 + "/ ", KIT)
    b += token_rows("FILL", days, "/ " * 20)
    b += token_rows("MOVER", days[10:], "/ " * 10)
    b += token_rows(NEW, days, "/ " * 20)
    register = pl.concat([register_rows(a, school="A"), register_rows(b, school="B")])
    ev = evaluate(register, Config(), as_of=D(2026, 10, 2))
    said = part_time_of(ev, 10, "A", "MOVER")
    assert said is not None and said.startswith("10 school days from 07/09/2026 to 18/09/2026")
    assert part_time_of(ev, 10, "B", "MOVER") is None
    assert "has 10 school days of a part-time timetable" in (part_time_of(ev, 10, "A", NEW) or "")
    assert part_time_of(ev, 10, "B", NEW) is None


def test_a_d_on_the_period_s_first_or_last_session_marks_the_pupil_dual_registered():
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.summary.build import _times_on_roll

    # the period 7 Sep to Thu 17 Sep (9 school days of 20): FIRST D on Mon 7 Sep's AM
    # alone, LAST D on Thu 17 Sep's PM alone, AFTER D on Fri 18 Sep alone (the day after
    # the period), ZERO no D: each session of the period counts, its first and last included
    days = school_days(D(2026, 9, 7), 20)
    marks = {
        "FIRST": "D./ " + "/ " * 19,
        "LAST": "/ " * 8 + "/.D " + "/ " * 11,
        "AFTER": "/ " * 9 + "D " + "/ " * 10,
        "ZERO": "/ " * 20,
    }
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": m}
        for upn, ms in marks.items()
        for d, t in zip(days, ms.split(), strict=True)
        for s, m in zip(("AM", "PM"), t.split(".") if "." in t else (t, t), strict=True)
    ]
    ev = evaluate(register_rows(rows), Config(), as_of=days[-1])
    got = _times_on_roll(ev.prepared.roll, days[0], days[8])
    dual = dict(got.select("upn", pl.col("_dual").fill_null(False)).iter_rows())
    assert dual == {"FIRST": True, "LAST": True, "AFTER": False, "ZERO": False}


def test_a_footer_written_as_a_text_formula_is_skipped_as_its_text(tmp_path):
    from attcli.loaders import load_registers

    # cells written ="..." are read as the text inside (sweep dialects): a footer whose
    # first cell is ="Total" is Excel's 'Total', the footer rule's word, and is skipped as
    # the same footer without the formula is, not refused as a pupil row with no UPN
    reg = register({"A": "/\\ NN /\\", "B": "/\\ /\\ /\\"}, start=D(2026, 9, 7)).with_columns(
        pl.col("upn").replace({"A": "A999200000001", "B": "B999200000002"})
    )
    path = write_long_csv(reg, tmp_path / "register.csv")
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f'="{line.split(",", 1)[0]}",{line.split(",", 1)[1]}' for line in lines]
    n = header.count(",")
    path.write_text(
        "\n".join([header, *lines, '="Total"' + "," * n + "12"]) + "\n", encoding="utf-8"
    )
    result = load_registers([path])
    assert result.register.height == reg.height
    assert f"line {reg.height + 2}: footer row 'Total' skipped" in result.files[0].skipped
