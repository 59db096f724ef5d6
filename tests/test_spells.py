"""A pupil who left and came back: two spells on roll from a pupil list (DOMAIN.md 1).

"Where a joining or leaving date is known (a pupil list), it decides the time on roll."
An MIS's list of enrolments gives a pupil who left and came back two rows alike but for
their dates.  attcli refused such a list (it read one time on roll per pupil), and the
way round it it gave (one row from the first joining date) made the weeks between
missing rows: listed as register problems, and the pupil "on roll" on a day in them.

The register (``builders.register``): four school weeks from Mon 07/09/2026 to Fri
02/10/2026, no holiday.  HUG is present at every session of weeks 1, 2 and 4 and has no
row in week 3 (21-25/09); OTH is present throughout.  The list: HUG joined 07/09/2026
and left 18/09/2026, then joined again 28/09/2026 with no leaving date.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attcli.config import Config
from attcli.engine import evaluate
from builders import register

D = dt.date
WEEK = "/ " * 5
OTH = WEEK * 4


def spells(*rows: tuple[str, dt.date, dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"upn": u, "joined": j, "left": left} for u, j, left in rows],
        schema={"upn": pl.Utf8, "joined": pl.Date, "left": pl.Date},
    )


TWO_SPELLS = spells(("HUG", D(2026, 9, 7), D(2026, 9, 18)), ("HUG", D(2026, 9, 28), None))


def pupil(ev, upn: str = "HUG") -> dict:
    return ev.pupils.filter(pl.col("upn") == upn).row(0, named=True)


def hug_quality(ev) -> list[tuple]:
    q = ev.data_quality.filter(pl.col("upn") == "HUG")
    return q.select("kind", "date", "session").rows() if q.height else []


def test_both_spells_count_and_the_weeks_between_are_off_roll_not_missing():
    """As of Fri 02/10: HUG's possible sessions are the 15 days of the two spells (30
    sessions), all attended; week 3 is no missing row (they were not on roll), so no
    register problem is listed for them; on roll (the second spell has no end)."""
    reg = register({"HUG": WEEK * 2 + "! " * 5 + WEEK, "OTH": OTH})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2), roll_dates=TWO_SPELLS)
    row = pupil(ev)
    assert (row["possible"], row["attended"], row["missing_marks"]) == (30, 30, 0)
    assert (row["on_roll"], row["left_on"]) == (True, None)
    assert hug_quality(ev) == []
    assert pupil(ev, "OTH")["possible"] == 40


def test_a_day_between_the_spells_is_off_roll():
    """As of Wed 23/09, in the weeks between: HUG is off roll, left on 18/09/2026 (the
    first spell's end), with the first spell's 20 sessions."""
    reg = register({"HUG": WEEK * 2 + "! " * 5 + WEEK, "OTH": OTH})
    ev = evaluate(reg, Config(), as_of=D(2026, 9, 23), roll_dates=TWO_SPELLS)
    row = pupil(ev)
    assert (row["possible"], row["attended"]) == (20, 20)
    assert (row["on_roll"], row["left_on"]) == (False, D(2026, 9, 18))


def test_a_mark_written_between_the_spells_is_outside_the_roll():
    """An N the register kept for Mon 21/09 (both sessions) and a blank cell on Tue 22/09,
    between the spells: not on roll, so not possible and not counted (as after a leaving
    date, DOMAIN.md 1); the N is listed among the marks outside the time on roll, and in
    the register problems as such a mark is after a leaving date (never hidden)."""
    reg = register({"HUG": WEEK * 2 + "N _ ! ! ! " + WEEK, "OTH": OTH})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2), roll_dates=TWO_SPELLS)
    row = pupil(ev)
    assert (row["possible"], row["unauthorised"], row["missing_marks"]) == (30, 0, 0)
    outside = ev.prepared.roll.outside_roll
    hug = outside.join(ev.prepared.roll.pupils.filter(pl.col("upn") == "HUG"), on="pid")
    assert sorted(hug.select("date", "session").rows()) == [
        (D(2026, 9, 21), "AM"),
        (D(2026, 9, 21), "PM"),
    ]
    assert hug_quality(ev) == [
        ("outside_roll", D(2026, 9, 21), "AM"),
        ("outside_roll", D(2026, 9, 21), "PM"),
    ]


def test_a_missing_row_inside_a_spell_is_still_a_missing_mark():
    """No row for Thu 01/10 (in the second spell): a missing row, counted and listed as
    ever; the weeks between the spells are not."""
    reg = register({"HUG": WEEK * 2 + "! " * 5 + "/ / / ! /", "OTH": OTH})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2), roll_dates=TWO_SPELLS)
    row = pupil(ev)
    assert (row["possible"], row["missing_marks"]) == (28, 2)
    assert sorted((d, s) for _, d, s in hug_quality(ev)) == [
        (D(2026, 10, 1), "AM"),
        (D(2026, 10, 1), "PM"),
    ]


@pytest.mark.parametrize(
    "rows",
    [
        # the first spell has no leaving date: it runs on into the second
        (("HUG", D(2026, 9, 7), None), ("HUG", D(2026, 9, 28), None)),
        # the second begins before the first ends
        (("HUG", D(2026, 9, 7), D(2026, 9, 25)), ("HUG", D(2026, 9, 21), None)),
    ],
    ids=["open-first-spell", "overlapping"],
)
def test_spells_that_overlap_are_refused_by_the_pupil_list(tmp_path, rows):
    from attcli.errors import InputError
    from attcli.loaders import read_pupil_list

    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Surname,Forename,Admission Date,Leaving Date\n"
        + "".join(
            f"A999201600103,Hughes,Amira,{j:%d/%m/%Y},{f'{x:%d/%m/%Y}' if x else ''}\n"
            for _, j, x in rows
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_pupil_list(listed)
    said = str(info.value)
    assert said.startswith(f"{listed}, line 3: UPN A999201600103 is listed twice, on roll ")
    assert "(lines 2, 3): the spells overlap (" in said
    assert said.endswith(
        "so which days the pupil was on roll is not known (column 'UPN'). Give each spell "
        "its leaving date, before the next joining date (a pupil who left and came back), or "
        "one row for one time on roll"
    )


def test_check_reads_a_pupil_list_of_two_spells(tmp_path, monkeypatch):
    """The command line, end to end: a long export and a pupil list giving HUG two spells
    (in the MIS's order: the current spell first).  As of Fri 02/10: HUG's 30 sessions,
    no register problem of theirs, on roll; as of Wed 23/09 (`--as-of`): off roll, left
    18/09/2026, the first spell's 20 sessions."""
    import json

    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-05")
    config = make_workspace(tmp_path / "school")
    export = write_long_csv(
        register({"HUG": WEEK * 2 + "! " * 5 + WEEK, "OTH": OTH}), tmp_path / "reg.csv"
    )
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Surname,Forename,Admission Date,Leaving Date\n"
        "HUG,SurnameHUG,ForenameHUG,28/09/2026,\n"
        "OTH,SurnameOTH,ForenameOTH,07/09/2026,\n"
        "HUG,SurnameHUG,ForenameHUG,07/09/2026,18/09/2026\n",
        encoding="utf-8",
    )

    def hug(*extra: str) -> dict:
        code, out, err = run_cli(
            "check", export, "--pupils", listed, "-c", config, "--format", "json", *extra
        )
        assert code == 0, err
        return next(p for p in json.loads(out)["pupils"] if p["upn"] == "HUG")

    now = hug()
    assert (now["possible"], now["attended"], now["missing_marks"]) == (30, 30, 0)
    assert (now["on_roll"], now["left_on"]) == (True, None)
    then = hug("--as-of", "2026-09-23")
    assert (then["possible"], then["on_roll"], then["left_on"]) == (20, False, "2026-09-18")


def test_no_letter_to_a_pupil_off_roll_between_spells_on_its_date():
    """Figures as of Wed 16/09 (first spell) and a letter dated Wed 23/09 (between the
    spells): HUG has left by the letter's date, on 18/09, as a leaver has; a letter dated
    Mon 28/09, the day they came back, finds them on roll."""
    from attcli.letters.run import left_roll

    reg = register({"HUG": WEEK * 2 + "! " * 5 + WEEK, "OTH": OTH})
    ev = evaluate(reg, Config(), as_of=D(2026, 9, 16), roll_dates=TWO_SPELLS)
    assert pupil(ev)["on_roll"] is True
    assert left_roll(ev, D(2026, 9, 23)) == {("", "HUG"): D(2026, 9, 18)}
    assert left_roll(ev, D(2026, 9, 28)) == {}


def test_a_week_of_missing_rows_asks_whether_the_pupil_left_and_came_back():
    """Without a pupil list the week with no row for HUG is missing rows (DOMAIN.md 1: no
    row for a session while on roll, by their first and last marks), listed, as ever; the
    line now says what to give if they were off roll then.  A missing row or two is not
    such a week, and says nothing of it."""
    from attcli.quality import summary_lines

    reg = register(
        {"HUG": WEEK * 2 + "! " * 5 + WEEK, "OTH": OTH, "TWO": WEEK * 2 + "/ / ! / / " + WEEK}
    )
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2))
    [(title, n, lines)] = summary_lines(ev.data_quality, ev.pupils)
    assert (title, n) == ("missing rows (no row for a session while on roll)", 12)
    assert lines == [
        "SurnameHUG, ForenameHUG (HUG): 10 sessions, 21/09/2026 to 25/09/2026 (a week or "
        "more with no row: if they left and came back, give a pupil list with a row for "
        "each spell, --pupils FILE)",
        "SurnameTWO, ForenameTWO (TWO): 2 sessions, 23/09/2026",
    ]
