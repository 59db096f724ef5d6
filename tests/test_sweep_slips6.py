"""The office's hands, a sixth pass: the week recorded again, the name on record, and
forgetting (sweep slips6).  Small registers from tests/builders.py in a workspace from
tests/school.py; every answer worked by hand from DOMAIN.md."""

from __future__ import annotations

from pathlib import Path

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
