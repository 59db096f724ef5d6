"""Children missing education: runs of continuous unexplained absence (DOMAIN.md 6)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.engine import ATTENDED, PUPIL_KEY, Evaluation

CME_FIELDS = [
    "upn", "surname", "forename", "year_group", "reg_group", "dob",
    "run_start", "run_end", "run_days", "codes", "current", "last_attended",
]  # fmt: skip


def cme_runs(ev: Evaluation, register: pl.DataFrame, days: int) -> pl.DataFrame:
    """Every run of unexplained absence in the period that reached ``days`` school days.

    Current runs (still going on the as-of date) first, then longest first.
    ``last_attended`` is the last day the pupil attended before the run began
    (the day they were last seen), or null if not seen in the data before it.
    """
    runs = ev.runs.filter((pl.col("kind") == "unexplained") & (pl.col("days") >= days))
    seen = (
        register.with_columns(pl.col("school").fill_null(""))
        .filter(pl.col("category").is_in(ATTENDED) & (pl.col("date") <= ev.as_of))
        .select(*PUPIL_KEY, pl.col("date").alias("last_attended"))
        .unique()
        .sort("last_attended")
    )
    runs = (
        runs.with_columns((pl.col("start") - dt.timedelta(days=1)).alias("_before"))
        .sort("_before")
        .join_asof(
            seen,
            left_on="_before",
            right_on="last_attended",
            by=PUPIL_KEY,
            strategy="backward",
            check_sortedness=False,  # both sorted on the key above
        )
    )
    pupils = ev.pupils.select(*PUPIL_KEY, "surname", "forename", "year_group", "reg_group", "dob")
    return (
        runs.join(pupils, on=PUPIL_KEY, how="left")
        .rename({"start": "run_start", "end": "run_end", "days": "run_days"})
        .sort(
            ["current", "run_days", "surname", "forename", "upn"],
            descending=[True, True, False, False, False],
        )
        .select("school", *CME_FIELDS)
    )
