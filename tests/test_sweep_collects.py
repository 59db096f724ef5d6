"""Sweep collects: fewer eager Polars operations a run (issue 15), output unchanged.

``lookup.by_code`` builds its table by scatter into a column of nulls, not by a join and
a filter: the answers below are worked out by hand from its docstring.
"""

from __future__ import annotations

import polars as pl

from attcli.lookup import by_code


def _mapped(cells: list[str | None], distinct: list[str | None], values: list) -> list:
    frame = pl.DataFrame({"c": pl.Series(cells, dtype=pl.Categorical)})
    dist = pl.Series(distinct, dtype=pl.Categorical)
    return frame.select(by_code("c", dist, pl.Series(values)).alias("v")).get_column("v").to_list()


def test_by_code_maps_each_value_and_the_blank() -> None:
    # the blank in distinct gives null cells its value; "z" is not in distinct: null
    assert _mapped(["b", None, "a", "z", "b"], ["a", None, "b"], [1, 9, 2]) == [2, 9, 1, None, 2]


def test_by_code_without_a_blank_leaves_null_cells_null() -> None:
    assert _mapped(["q", None, "p"], ["p", "q"], [True, False]) == [False, None, True]


def test_by_code_of_only_a_blank_or_nothing() -> None:
    assert _mapped(["r", None], [None], ["x"]) == [None, "x"]
    assert _mapped(["r", None], [], pl.Series([], dtype=pl.String).to_list()) == [None, None]


# ---- the check's JSON: the reasons object is made only for the places and groups held


def _two_pupils(tmp_path, second: str) -> dict:  # noqa: ANN001
    import datetime as dt
    import json

    from builders import register_rows, weekdays, write_long_csv
    from clirun import run_cli
    from school import make_workspace

    ws = tmp_path / "ws"
    make_workspace(ws)
    days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 9, 18))
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": mark}
        for upn, mark in (("P0", "/"), ("P1", second))
        for d in days
        for s in ("AM", "PM")
    ]
    path = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    code, out, err = run_cli(
        "check", path, "--workspace", ws, "--as-of", "2026-09-18", "--format", "json"
    )
    assert code == 0, err
    return {p["upn"]: p for p in json.loads(out)["pupils"]}


def test_reasons_follow_each_pupils_groups(tmp_path) -> None:  # noqa: ANN001
    # P1 absent without reason all ten days is in several groups (0 % attendance, a run
    # of ten school days): a reason for each, in the order of the groups; P0 in none
    pupils = _two_pupils(tmp_path, "O")
    assert len(pupils["P1"]["groups"]) >= 2
    assert list(pupils["P1"]["reasons"]) == pupils["P1"]["groups"]
    assert all(isinstance(t, str) and t for t in pupils["P1"]["reasons"].values())
    assert pupils["P0"]["groups"] == [] and pupils["P0"]["reasons"] == {}
    # no late or illness session in the register: those lists empty, the others not
    evidence = pupils["P1"]["evidence"]
    assert evidence["late_sessions"] == [] and evidence["sickness_sessions"] == []
    assert len(evidence["pn_sessions"]) == 20 and evidence["runs"][0]["days"] == 10


def test_reasons_empty_when_no_pupil_is_in_a_group(tmp_path) -> None:  # noqa: ANN001
    pupils = _two_pupils(tmp_path, "/")
    assert [(p["groups"], p["reasons"]) for p in pupils.values()] == [([], {}), ([], {})]


# ---- the frames the groups, the reasons and reached_since share: made once an evaluation


def test_shared_frames_made_once_an_evaluation_and_anew_for_another() -> None:
    import dataclasses
    import datetime as dt

    from attcli.check import _runs_to_data_end, joiners_never, membership
    from attcli.config import parse_config
    from attcli.engine import evaluate
    from builders import register
    from school import AUTUMN_HALF_TERMS

    # A absent without reason from the sixth day to the end of the data (a run of 5), the
    # data ending a week before the as-of date: a run reaching the end of the data
    reg = register({"A": "/ / / / / O O O O O", "B": "/ / / / / / / / / /"})
    ev = evaluate(reg, parse_config(AUTUMN_HALF_TERMS), as_of=dt.date(2026, 9, 25))
    first = _runs_to_data_end(ev)
    assert _runs_to_data_end(ev) is first and joiners_never(ev) is joiners_never(ev)
    assert first.select("upn", "_end_days").rows() == [("A", 5)]
    # another evaluation (no runs) is not given the first one's frames
    other = dataclasses.replace(ev, runs=ev.runs.clear())
    assert _runs_to_data_end(other).height == 0
    assert membership(ev).height == membership(other).height == 2
