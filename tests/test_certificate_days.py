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


# --------------------------------------------------------------------------- coverage


def _gap_exports(tmp_path):
    """Term dates from Mon 07/09/2026 (tests/school.py); ANN and BEN present at every
    session of the four weeks to Fri 02/10/2026.  ``gap.csv`` leaves the week of 21/09
    out; ``late.csv`` starts on Mon 14/09."""
    from builders import write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({"ANN": WEEK * 4, "BEN": WEEK * 4})
    week3 = pl.col("date").is_between(D(2026, 9, 21), D(2026, 9, 25))
    gap = write_long_csv(reg.filter(~week3), tmp_path / "gap.csv")
    late = write_long_csv(reg.filter(pl.col("date") >= D(2026, 9, 14)), tmp_path / "late.csv")
    whole = write_long_csv(reg, tmp_path / "whole.csv")
    return config, gap, late, whole


def test_a_certificate_from_exports_that_miss_school_days_is_refused(tmp_path):
    """A certificate from exports missing the week of 21/09 (inside the term dates) left
    the week out, under its note "Weeks with no school are left out", with the figures
    "100.0%, 30 of 30" for "the school year from 1 September": a family told there was no
    school that week.  From an export starting on 14/09 it called one week's less "the
    school year".  The record still shows (it says what the exports miss); the certificate,
    which goes to a family and has no draft form, is refused in one line naming the gap,
    and no file is written.  From the whole register it is made.  As of a day after the
    data (Wed 07/10), it said "The school year from 1 September 2026 to 7 October 2026"
    and left out the days after the data as if no school: it ends on the exports' last day
    (the figures have no mark after it either)."""
    from clirun import run_cli

    config, gap, late, whole = _gap_exports(tmp_path)
    pdf = tmp_path / "ann.pdf"
    cases = [
        (
            [gap],
            "no register for the week 21/09/2026 to 25/09/2026 (5 school days), in the "
            "autumn term: export those dates",
        ),
        (
            [late],
            "no register from 07/09/2026 to 11/09/2026 (5 school days) before the data "
            "starts: export those dates, or give --from 2026-09-14 for the period the "
            "exports hold",
        ),
    ]
    for args, gap_said in cases:
        code, out, err = run_cli("pupil", "ANN", *args, "-c", config, "--pdf", pdf)
        assert code == 1, (args, err)
        assert err.splitlines()[-1] == (
            "error: the certificate for ANN cannot be made: the exports do not hold every "
            f"school day it would show: {gap_said}"
        ), args
        assert out.startswith("ForenameANN SurnameANN  UPN ANN")  # the record is shown
        assert not pdf.exists()
    code, _, err = run_cli("pupil", "ANN", whole, "-c", config, "--pdf", pdf)
    assert code == 0, err
    assert pdf.exists()
    later = tmp_path / "later.pdf"
    code, _, err = run_cli(
        "pupil", "ANN", whole, "-c", config, "--as-of", "2026-10-07", "--pdf", later
    )
    assert code == 0, err
    import pypdf

    text = " ".join(pypdf.PdfReader(later).pages[0].extract_text().split())
    assert "The school year from 1 September 2026 to 2 October 2026" in text
    assert "Sessions attended 40 of 40" in text


def test_a_session_with_no_register_is_a_missing_mark_on_the_certificate_not_off_roll():
    """Twelve pupils, Mon 07/09 - Fri 25/09/2026, present at every session; on Wed 23/09 PM
    only AMY has a mark (1 of the 11 then on roll: a handful's session, missing for the
    others on roll: docs/decisions.md); NEW joins on Thu 24/09 (no row before).  P00's
    record said "No register in the exports for the school's session 23/09/2026 PM, not
    counted", and P00's certificate showed that afternoon hatched, "not on roll: no mark
    for this pupil although the school was open", to a pupil on roll all along.  It is a
    missing mark ("-", no mark recorded), counted with the others; NEW, not yet on roll,
    is not on roll; AMY's own mark is hers.  By hand, P00: 15 days, 30 sessions less the
    one with no register: 29 of 29."""
    wed = D(2026, 9, 23)
    day = "/\\"
    marks = {"AMY": " ".join([day] * 15), "NEW": " ".join(["!"] * 13 + [day, day])}
    marks |= {f"P{i:02d}": " ".join([day] * 12 + ["/!", day, day]) for i in range(10)}
    reg = register(marks)
    ev = evaluate(reg, parse_config(CONFIG))
    rows = {r["upn"]: r for r in ev.pupils.iter_rows(named=True)}
    assert (rows["P00"]["possible"], rows["P00"]["attended"]) == (29, 29)

    def wednesday(upn: str) -> tuple[list[tuple[str, str]], dict]:
        data = certificate_data(reg, ev, rows[upn], made_on=D(2026, 9, 28))
        return cells(data, "21 Sep 2026")[4:6], data

    shown, data = wednesday("P00")
    assert shown == [("present", "/"), ("missing", "-")]
    assert data["figures"][-1] == ["No mark recorded (not counted)", "1 session"]
    assert "not_on_roll" not in [k["kind"] for k in data["key"]]
    assert wednesday("NEW")[0] == [("not_on_roll", "")] * 2
    assert wednesday("AMY")[0] == [("present", "/"), ("present", "\\")]
    assert wed in ev.calendar.school_days


def test_a_certificate_of_a_shorter_period_asked_for_with_from_is_made(tmp_path):
    """DOMAIN.md 2: an export that starts later gives no year to date "unless the user asks
    for the shorter period explicitly".  ``pupil --pdf`` from ``late.csv`` (from Mon 14/09)
    is refused for the school year; with ``--from 2026-09-14`` the period is the exports'
    and the certificate is made, titled as that period, not "the school year": ANN's three
    weeks, 30 of 30 sessions.  A --from before the exports start is refused as before
    (the week of 07/09 is still missing)."""
    from clirun import run_cli

    config, _, late, _ = _gap_exports(tmp_path)
    pdf = tmp_path / "ann.pdf"
    code, out, err = run_cli(
        "pupil", "ANN", late, "-c", config, "--from", "2026-09-14", "--pdf", pdf
    )
    assert code == 0, err
    assert ": period 14/09/2026 to 02/10/2026" in out  # the record's, not "school year"
    assert "school year" not in out.lower()
    import pypdf

    text = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    assert "The period from 14 September 2026 to 2 October 2026" in text
    assert "Sessions attended 30 of 30" in text
    assert "school year" not in text.lower()
    early = tmp_path / "early.pdf"
    code, _, err = run_cli(
        "pupil", "ANN", late, "-c", config, "--from", "2026-09-07", "--pdf", early
    )
    assert code == 1
    assert "no register from 07/09/2026 to 11/09/2026" in err
    assert not early.exists()
