"""Which days an attendance certificate shows (DOMAIN.md 9: the pupil's marks for the
period, day by day, AM and PM), and that its cells add up to its figures.

The register (``builders.register``, no term dates: the calendar is inferred): twelve
pupils, four weeks from Mon 07/09/2026 to Fri 02/10/2026, present at every session, but

- the week of 21/09 has no rows at all (a holiday), except STRAY's N at both sessions
  of Wed 23/09: 1 of the 12 pupils on roll, a stray day (docs/decisions.md, "Stray
  days": not a school day, its marks still count for their pupil);
- Mon 28/09 has no rows but STRAY's present marks: a stray day inside a school week.

By hand, as of Fri 02/10/2026: STRAY has weeks 1 and 2 (20 sessions), Mon 28/09 (2) and
Tue-Fri of week 4 (8), all attended, and the 2 N of 23/09: possible 32, attended 30,
unauthorised 2, 93.75 %.  P00 has 28 sessions (weeks 1, 2 and Tue-Fri of week 4), all
attended.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.codes import classify_marks
from attcli.config import parse_config
from attcli.engine import evaluate
from attcli.pupil import certificate_data
from attcli.register import CORE_SCHEMA, PROVENANCE_SCHEMA
from builders import register

D = dt.date
CONFIG = '[school]\nname = "Oakfield Academy"\n'
WEEK = "/\\ " * 5


def stray_register() -> pl.DataFrame:
    pupils = {"STRAY": WEEK * 4} | {f"P{i:02d}": WEEK * 4 for i in range(11)}
    reg = register(pupils)
    holiday = pl.col("date").is_between(D(2026, 9, 21), D(2026, 9, 25))
    monday = pl.col("date") == D(2026, 9, 28)
    stray = (pl.col("upn") == "STRAY") & pl.col("date").is_in([D(2026, 9, 23), D(2026, 9, 28)])
    reg = reg.filter(~(holiday | monday) | stray).with_columns(
        pl.when((pl.col("upn") == "STRAY") & (pl.col("date") == D(2026, 9, 23)))
        .then(pl.lit("N"))
        .otherwise(pl.col("raw_mark"))
        .alias("raw_mark")
    )
    return classify_marks(reg.drop("mark", "category")).select(*CORE_SCHEMA, *PROVENANCE_SCHEMA)


def cells(data: dict, label: str) -> list[tuple[str, str]]:
    (w,) = [w for w in data["weeks"] if w["label"] == label]
    return [(c["kind"], c["text"]) for c in w["cells"]]


def test_a_certificate_shows_every_mark_its_figures_count_and_no_school_on_a_stray_day():
    """STRAY's certificate said "Unauthorised absence 2 sessions", "30 of 32", and showed
    no unauthorised mark at all: the week of 21/09 is no school week, so it was left out,
    and with it the two N its figures count.  A week holding a mark the figures count is
    shown.  And P00's certificate showed Mon 28/09 hatched, "not on roll: no mark for this
    pupil although the school was open": the school was not open (a stray day: one pupil
    of twelve marked); no school for anyone, as the Monday of a week with no row at all."""
    reg = stray_register()
    ev = evaluate(reg, parse_config(CONFIG))
    assert ev.as_of == D(2026, 10, 2)
    assert set(ev.data_quality.filter(pl.col("kind") == "stray_day").get_column("date")) == {
        D(2026, 9, 23),
        D(2026, 9, 28),
    }
    rows = {r["upn"]: r for r in ev.pupils.iter_rows(named=True)}
    stray = rows["STRAY"]
    assert (stray["possible"], stray["attended"], stray["unauthorised"]) == (32, 30, 2)
    data = certificate_data(reg, ev, stray, made_on=D(2026, 10, 5))
    assert [w["label"] for w in data["weeks"]] == [
        "7 Sep 2026", "14 Sep 2026", "21 Sep 2026", "28 Sep 2026",
    ]  # fmt: skip
    assert cells(data, "21 Sep 2026") == [("no_school", "")] * 4 + [
        ("unauthorised", "N"), ("unauthorised", "N"),
    ] + [("no_school", "")] * 4  # fmt: skip
    assert cells(data, "28 Sep 2026") == [("present", "/"), ("present", "\\")] * 5
    shown = [c for w in data["weeks"] for c in w["cells"]]
    counted = {"present", "approved_activity", "authorised", "unauthorised"}
    assert sum(c["kind"] in counted for c in shown) == 32  # the cells add up to the figures
    assert sum(c["kind"] == "unauthorised" for c in shown) == 2
    assert ("unauthorised", "N") in [(k["kind"], k["text"]) for k in data["key"]]

    other = rows["P00"]
    assert (other["possible"], other["attended"]) == (28, 28)
    data = certificate_data(reg, ev, other, made_on=D(2026, 10, 5))
    assert [w["label"] for w in data["weeks"]] == ["7 Sep 2026", "14 Sep 2026", "28 Sep 2026"]
    assert cells(data, "28 Sep 2026") == [("no_school", "")] * 2 + [
        ("present", "/"), ("present", "\\"),
    ] * 4  # fmt: skip
    assert "not_on_roll" not in [k["kind"] for k in data["key"]]
