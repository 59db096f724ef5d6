"""Small groups are judged by the pupils their figures are made of (docs/report.md,
"Small groups are not shown").

A pupil with no possible session in the period (dual registered and marked `D` every
session, a nursery child marked `X`) adds nothing to a group's sessions, PA or SA. A
group of two such that one of them has no possible session showed the other pupil's own
attendance and whether they were persistently absent, as "2 pupils".

The school (min_cohort = 2), Mon 7 - Fri 18 Sep 2026 (10 school days, 20 sessions):

    pupil year fsm marks                      attended / possible
    P1    7    N   present throughout          20 / 20
    P2    7    N   present throughout          20 / 20
    P3    7    N   present throughout          20 / 20
    Q1    8    Y   N on Friday 18 Sep           18 / 20  = 90.0 %: PA
    Q2    8    Y   D every session (dual reg.)   0 / 0

Year 8 (Q1, Q2) and FSM (Q1, Q2) are Q1 alone: fewer than 2 pupils in the figures.
"""

from __future__ import annotations

import polars as pl

from attcli.config import parse_config
from attcli.report import build_report
from builders import register

CONFIG = "[report]\nmin_cohort = 2\n"
FSM = {"P1": False, "P2": False, "P3": False, "Q1": True, "Q2": True}


def _school() -> pl.DataFrame:
    p = "/\\"
    reg = pl.concat(
        [
            register({u: " ".join([p] * 10) for u in ("P1", "P2", "P3")}, year_group="7"),
            register({"Q1": " ".join([p] * 9 + ["N"]), "Q2": " ".join(["D"] * 10)}, year_group="8"),
        ]
    )
    return reg.with_columns(
        pl.col("upn").replace_strict(FSM, return_dtype=pl.Boolean).alias("fsm")
    )


def test_a_pupil_with_no_possible_session_does_not_make_a_group_big_enough_to_show():
    r = build_report(_school(), parse_config(CONFIG))
    # the school: 78 of 80 (97.5 %); 4 pupils banded, Q1 PA; Q2 is on roll, with no band
    h = {row["measure"]: row for row in r.headline.iter_rows(named=True)}
    assert (h["attendance"]["numerator"], h["attendance"]["denominator"]) == (78, 80)
    assert (h["pa"]["numerator"], h["pa"]["denominator"]) == (1, 4)
    years = {row["year_group"]: row for row in r.year_groups.iter_rows(named=True)}
    # Year 8 was shown as 2 pupils at 90.0 %, PA 100.0 %: Q1's own figures
    assert years["8"]["attendance_pct"] is None and years["8"]["pa_rate"] is None
    assert years["8"]["pupils"] is None
    assert years["8"]["note"] == "fewer than 2 pupils"
    # and Year 7, else the school less Year 7 gives Year 8
    assert years["7"]["attendance_pct"] is None
    assert years["7"]["note"].startswith("not shown, so that")
    regs = {row["reg_group"]: row for row in r.reg_groups.iter_rows(named=True)}
    assert regs["8A"]["attendance_pct"] is None and regs["8A"]["pupils"] is None
    (fsm,) = r.cohorts.filter(pl.col("attribute") == "fsm").iter_rows(named=True)
    # FSM (Q1, Q2) was 2 pupils at 90.0 %, PA 100.0 %, against the rest 100.0 %, PA 0.0 %
    assert fsm["attendance_pct"] is None and fsm["pa_rate"] is None
    assert fsm["rest_attendance_pct"] is None and fsm["pupils"] is None
    assert fsm["note"] == "fewer than 2 pupils"


def test_a_group_of_min_cohort_pupils_with_possible_sessions_is_shown():
    """The boundary: Q2 present too (min_cohort pupils in the figures) shows Year 8 and FSM,
    with both pupils counted."""
    reg = _school().with_columns(
        pl.when(pl.col("upn") == "Q2").then(pl.lit("/")).otherwise(pl.col("raw_mark")).alias("raw_mark")
    )
    from attcli.codes import classify_marks

    reg = classify_marks(reg.drop("mark", "category")).select(_school().columns)
    r = build_report(reg, parse_config(CONFIG))
    years = {row["year_group"]: row for row in r.year_groups.iter_rows(named=True)}
    # Year 8: 18 + 20 = 38 of 40 = 95.0 %; PA 1 of 2 = 50.0 %
    assert (years["8"]["pupils"], years["8"]["attendance_pct"], years["8"]["pa_rate"]) == (2, 95.0, 50.0)
    assert (years["7"]["pupils"], years["7"]["attendance_pct"]) == (3, 100.0)
    (fsm,) = r.cohorts.filter(pl.col("attribute") == "fsm").iter_rows(named=True)
    assert (fsm["pupils"], fsm["attendance_pct"], fsm["rest_attendance_pct"]) == (2, 95.0, 100.0)
