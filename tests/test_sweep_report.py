"""Sweep of the leaders' and governors' outputs (report, summary, report --trust): faults
found by registers built by hand, each worked out from DOMAIN.md first."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from types import SimpleNamespace as NS

from test_trust_report import _TREES, _counts, _summary


def _with_previous(s, as_of: dt.date, attended: int):  # noqa: ANN001, ANN202
    """``s`` with its figures at the end of its last half term: ``as_of``, each pupil 50
    possible sessions then, ``attended`` sessions attended of them all."""
    from attcli.summary_file import Previous

    c = _counts(s.totals.pupils)
    c = dataclasses.replace(c, possible=50 * c.pupils, attended=attended,
                            authorised=50 * c.pupils - attended)  # fmt: skip
    return dataclasses.replace(s, previous=Previous(as_of, "Autumn 1", c))


def test_the_trust_s_change_is_not_added_up_over_half_terms_ending_in_different_weeks():
    """Two schools of one trust, different term dates: Oak's Autumn 1 ended Friday 23/10,
    Ash's Friday 16/10 (its half-term holiday a week earlier).  Now (18/12) Oak 2,700 of
    3,000 sessions and Ash 2,250 of 2,500 (90.0 % each, the trust 4,950 of 5,500, 90.0 %).
    At the end of Autumn 1: Oak 1,500 possible, 1,425 attended (95.0 %), as of 23/10; Ash
    1,250 possible, 1,000 attended (80.0 %), as of 16/10.  Each school's own change is its
    own: Oak -5.0 pp, Ash +10.0 pp.  The trust's "since last half term" added the two,
    2,425 of 2,750 (88.18 %), and printed +1.8 pp: a figure as of no date (Oak's a week
    after Ash's), with nothing said, as the summaries' own as-of dates in different weeks
    are refused as no period's.  Now the trust's change is not shown, and a note names each
    school's date; the schools' own changes stay."""
    from attcli.report.trust import build_trust, render_trust_html

    settings = NS(min_cohort=5, title="Attendance report", national=None)
    oak, ash, _ = ([_summary(n, u, p, c) for n, u, p, c in _TREES])
    oak = _with_previous(oak, dt.date(2026, 10, 23), 1425)
    ash = _with_previous(ash, dt.date(2026, 10, 16), 1000)
    report = build_trust([oak, ash], settings)
    changes = {s.name: s.change for s in report.schools}
    assert changes == {"Ash Academy": 10, "Oak Primary School": -5}
    assert report.total.change is None
    note = (
        "the trust's change since last half term is not shown: the schools' last half terms "
        "ended in different weeks (Ash Academy 16/10/2026, Oak Primary School 23/10/2026), so "
        "their figures then add up to no date's; each school's own change is since its own "
        "half term ended"
    )
    assert note in report.notes
    text = render_trust_html(report)
    assert "+1.8 pp" not in text
    assert "23/10/2026), so" in text
    assert ("<small>not the trust's: its schools' last half terms ended in different weeks"
            in html.unescape(text))
    # the workbook: an empty cell, with why in the Trust row's Note column
    import io

    import openpyxl

    from attcli.report.trust import write_trust_xlsx

    out = io.BytesIO()
    write_trust_xlsx(report, out)
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Schools"]
    head = [c.value for c in ws[1]]
    trust = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Trust")
    assert trust[head.index("Change since last half term")] is None
    assert trust[head.index("Note")] == (
        "not the trust's: its schools' last half terms ended in different weeks"
    )
    # the same week (an INSET day on Friday): added as before, no note
    ash_thu = _with_previous(ash, dt.date(2026, 10, 22), 1000)
    same = build_trust([oak, ash_thu], settings)
    assert same.total.previous == (2425, 2750)
    assert not any("since last half term is not shown" in n for n in same.notes)


def test_no_change_since_last_half_term_from_exports_that_end_before_it_ended():
    """The exports end Tuesday 20/10/2026, in Autumn 1 (7 Sep - 23 Oct); the report is
    asked as of Tuesday 3/11, in Autumn 2 (the days after the data: 21-23 Oct, 2-3 Nov).
    Its figures are as of 20/10 (the coverage line says so): A 64 of 64 sessions, B absent
    (O) on the last 4 days, 56 of 64; the school 120 of 128 (93.75 %).  The figures at the
    end of Autumn 1 are the same 20/10 data, so the headline said "no change since end of
    Autumn 1 (23 Oct)" (±0.0 pp) and the summary's previous was the figures now: a change
    attcli cannot know, the exports holding nothing after Autumn 1.  Now no change and no
    worsening list, and a data note says why; the summary's previous is null."""
    from attcli.config import parse_config
    from attcli.engine import prepare
    from attcli.report import build_report
    from attcli.report.html import render_html
    from attcli.summary import build_summary
    from builders import register
    from school import AUTUMN_HALF_TERMS

    p = "/\\"
    reg = register({"A": " ".join([p] * 32), "B": " ".join([p] * 28 + ["O"] * 4)})
    config = AUTUMN_HALF_TERMS + "\n[report]\nmin_cohort = 1\n"
    r = build_report(reg, parse_config(config), as_of=dt.date(2026, 11, 3))
    assert (r.half_term.name, r.figures_end) == ("Autumn 2", dt.date(2026, 10, 20))
    h = {row["measure"]: row for row in r.headline.iter_rows(named=True)}
    assert (h["attendance"]["numerator"], h["attendance"]["denominator"]) == (120, 128)
    for m in ("attendance", "pa", "sa"):
        assert h[m]["previous"] is None and h[m]["change_pp"] is None, m
    assert r.previous_half_term is None and r.previous_as_of is None
    (note,) = [n for n in r.notes if "Autumn 1" in n]
    assert note == (
        "changes since the end of Autumn 1 (23/10/2026) and worsening bands are not shown: "
        "the exports end 20/10/2026, so they hold nothing since to compare"
    )
    assert "since end of Autumn 1" not in render_html(r)
    cfg = parse_config('[school]\nname = "Riverside"\nurn = "100001"\n' + config)
    doc = build_summary(prepare(reg, cfg), cfg, as_of=dt.date(2026, 11, 3),
                        generated=dt.date(2026, 11, 3))  # fmt: skip
    assert doc["previous"] is None
def _school_summary(tmp_path, name: str, urn: str, days: int, as_of: str):  # noqa: ANN001, ANN202
    """A school of 5 pupils present at every session of ``days`` school days from Monday 7
    September 2026 (term dates: Autumn 2026), summarised as of ``as_of``: its summary."""
    import json

    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    folder = tmp_path / urn
    cfg = make_workspace(folder, AUTUMN_HALF_TERMS)
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace('name = "Riverside Primary School"', f'name = "{name}"')
                   .replace('urn = "100001"', f'urn = "{urn}"', 1), encoding="utf-8")  # fmt: skip
    pupils = {f"A999{urn}00{i}": " ".join(["/\\"] * days) for i in range(5)}
    export = write_long_csv(register(pupils), folder / "export.csv", dob=True, groups=True)
    out = folder / f"{urn}.summary.json"
    code, _, err = run_cli("summary", export, "-c", cfg, "--as-of", as_of, "-o", out)
    assert code == 0, err
    return out, json.loads(out.read_text(encoding="utf-8"))


def test_a_summary_of_exports_that_end_early_is_as_of_the_day_its_figures_end(tmp_path):
    """Ash's export ends Friday 09/10/2026 (25 school days, 5 pupils: 250 of 250
    sessions); Birch's Friday 16/10 (30 days: 300 of 300).  Both summaries made with
    --as-of 2026-10-16.  Ash's figures are as of 09/10, the end of its data (its coverage
    line says so), but its summary said "as_of": "2026-10-16", so the trust added Ash's
    figures to 09/10 to Birch's to 16/10 as one period, nothing said, and showed Ash "as of
    16/10/2026" (its week of 12/10 empty, the trust's that week Birch's alone).  Summaries
    as of different weeks are no period's and are refused (docs/trust.md): the summary's
    as-of date is now the day its figures end, 09/10, and the trust refuses them, saying
    why Ash's figures end early.  An export ending Wednesday 14/10 is of the same week as
    Birch's: added, with the note naming each school's as-of date."""
    from clirun import run_cli

    ash, doc = _school_summary(tmp_path, "Ash School", "100011", 25, "2026-10-16")
    assert doc["period"]["as_of"] == "2026-10-09"
    assert "Figures are as of 09/10/2026, the end of the data" in doc["period"]["coverage_note"]
    assert (doc["totals"]["attended"], doc["totals"]["possible"]) == (250, 250)
    birch, doc = _school_summary(tmp_path, "Birch School", "100022", 30, "2026-10-16")
    assert doc["period"]["as_of"] == "2026-10-16"
    code, _, err = run_cli("report", "--trust", ash, birch, "-o", tmp_path / "t.html")
    assert code != 0
    assert "Ash School 01/09/2026 to 09/10/2026; Birch School 01/09/2026 to 16/10/2026" in err
    assert "Ash School: the exports end 09/10/2026" in " ".join(err.split())
    assert not (tmp_path / "t.html").exists()
    # --as-of given to the trust: the summary of the exports ending early is refused too,
    # and not told to be made again with --as-of (it was)
    code, _, err = run_cli("report", "--trust", ash, birch, "--as-of", "2026-10-16",
                           "-o", tmp_path / "t.html")  # fmt: skip
    assert code != 0
    err = " ".join(err.split())
    assert "Ash School's figures are as of 09/10/2026, not --as-of 16/10/2026" in err
    assert "make it again with --as-of" not in err
    # the same week: added, with the note
    cedar, doc = _school_summary(tmp_path, "Cedar School", "100033", 28, "2026-10-16")
    assert doc["period"]["as_of"] == "2026-10-14"
    code, _, err = run_cli("report", "--trust", cedar, birch, "-o", tmp_path / "t.html")
    assert code == 0, err
    assert "Birch School 16/10/2026, Cedar School 14/10/2026" in " ".join(err.split())


def test_the_lowest_weekday_is_not_one_of_days_that_tie():
    """Section 6 names the weekday with the lowest attendance.  Two pupils present at
    every session of two weeks (Monday 7 to Friday 18 September 2026): every weekday 8 of 8
    (100.0 %), and the report said "Lowest attendance: Monday (100.0 %)", the first of five
    equal days.  Then A absent (O) on both Mondays and both Thursdays: Monday and Thursday
    4 of 8 (50.0 %), the others 8 of 8; it named Monday alone.  Now the days that tie at the
    lowest are all named, and where every weekday is the same no day is called lowest."""
    import re

    from attcli.config import parse_config
    from attcli.report import build_report
    from attcli.report.html import render_html
    from builders import register

    p = "/\\"
    cfg = parse_config("[report]\nmin_cohort = 1\n")
    same = register({"A": " ".join([p] * 10), "B": " ".join([p] * 10)})
    text = render_html(build_report(same, cfg))
    assert "Lowest attendance" not in text
    week = f"O {p} {p} O {p}"
    tied = register({"A": f"{week} {week}", "B": " ".join([p] * 10)})
    text = render_html(build_report(tied, cfg))
    assert re.findall(r"Lowest attendance: (.*?)</div>", text) == [
        "<strong>Monday and Thursday</strong> (50.0 %)."
    ]


def test_the_trust_s_change_says_why_when_a_school_has_no_figure_then():
    """Oak has its figures at the end of Autumn 1 (1,425 of 1,500); Ash's summary has none
    (its exports end before that half term did, or start after it).  The trust's change
    added Oak's alone to nobody's and so was not shown, but with no word why, beside
    Oak's own -5.0 pp: now the Trust row names the school without one."""
    from attcli.report.trust import build_trust, render_trust_html

    settings = NS(min_cohort=5, title="Attendance report", national=None)
    oak, ash, _ = ([_summary(n, u, p, c) for n, u, p, c in _TREES])
    oak = _with_previous(oak, dt.date(2026, 10, 23), 1425)
    report = build_trust([oak, ash], settings)
    assert {s.name: s.change for s in report.schools} == {"Oak Primary School": -5, "Ash Academy": None}
    assert report.total.change is None
    assert report.total.change_withheld == (
        "not the trust's: Ash Academy has no figures at the end of its last half term"
    )
    assert "<small>not the trust's: Ash Academy has no figures" in html.unescape(
        render_trust_html(report)
    )
