"""The office's hands, a sixth pass: the week recorded again, the name on record, and
forgetting (sweep slips6).  Small registers from tests/builders.py in a workspace from
tests/school.py; every answer worked by hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

P = "/\\"


def test_a_week_recorded_again_lists_the_pupils_whose_figures_differ_from_the_run_replaced(
    tmp_path: Path,
) -> None:
    """Two weeks (7-18 Sep, 20 sessions each) recorded as of 18/09, then corrected in the
    MIS and recorded again.  A: all present (green, 20/20), then two days made O (16/20 =
    80.0 %, red, 4 unauthorised: in band red now).  B: N on 14-15/09 (16/20, 4
    unauthorised, red), made I (16/20, none unauthorised, still red).  C: N on 7-8/09 made
    O (12/20, 8 unauthorised either way: nothing differs, not listed).  slips5's line said
    only "2 pupils' figures differ from it"; the officer needs who and how."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    marks = {"A": [P] * 10, "B": [P] * 10, "C": [P] * 10}
    marks["B"][5:7] = ["N", "N"]
    marks["C"][0:2] = ["N", "N"]
    first = write_long_csv(register({k: " ".join(v) for k, v in marks.items()}), tmp_path / "a.csv")
    marks["A"][0:2] = ["O", "O"]
    marks["B"][5:7] = ["I", "I"]
    marks["C"][0:2] = ["O", "O"]
    again = write_long_csv(register({k: " ".join(v) for k, v in marks.items()}), tmp_path / "b.csv")
    assert run_cli("check", first, "-c", config, "--record")[0] == 0
    code, _, err = run_cli("check", again, "-c", config, "--record", "-f", "json")
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        " (snapshot 1), which it replaces: 2 pupils' figures differ from it: "
        "SurnameA, ForenameA (A) was green (20/20), is red (16/20, 4 unauthorised): now in "
        "band red; SurnameB, ForenameB (B) was red (16/20, 4 unauthorised), is red (16/20)"
    ) in said, said
    assert "(C)" not in said


AMY = "A123456789011"


def test_the_name_on_record_is_the_newest_run_s_not_the_run_recorded_last(
    tmp_path: Path,
) -> None:
    """Amy's surname changed in the MIS in the second week: this week's export (to 18/09)
    names her Amy Jones, last week's (to 11/09) Amy Smith.  `cases` on this week's, then on
    last week's by mistake (recorded after it, said to be older).  The newest run on record
    is the one as of 18/09 (slips5), but the name on record (`History.pupil_name`, what a
    case, pack or letter says of a pupil the register does not name) was the run recorded
    last's: a UPN typed a digit wrong was "did you mean ... (Amy Smith)?"."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    reg = register({AMY: " ".join([P] * 10), "B": " ".join([P] * 10)}).with_columns(
        forename=pl.when(pl.col("upn") == AMY).then(pl.lit("Amy")).otherwise("forename"),
        surname=pl.when((pl.col("upn") == AMY) & (pl.col("date") < dt.date(2026, 9, 14)))
        .then(pl.lit("Smith"))
        .when(pl.col("upn") == AMY)
        .then(pl.lit("Jones"))
        .otherwise("surname"),
    )
    wk2 = write_long_csv(reg, tmp_path / "wk2.csv")
    wk1 = write_long_csv(reg.filter(pl.col("date") < dt.date(2026, 9, 12)), tmp_path / "wk1.csv")
    assert run_cli("cases", wk2, "-c", config)[0] == 0
    code, _, err = run_cli("cases", wk1, "-c", config)
    assert code == 0 and "a run as of 18/09/2026 is on record, after" in err
    code, _, err = run_cli("case", "record", "A123457789011", "--action", "amber", "--date",
                           "2026-09-21", "-c", config)  # fmt: skip
    assert code == 1
    assert " ".join(err.split()).endswith(f"; did you mean {AMY} (Amy Jones)?"), err
