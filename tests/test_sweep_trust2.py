"""Sweep trust2 (4 December, fourth): a trust's and a local authority's view, worked by hand.

The trust (Oak Trust, [schools.a] and [schools.b]): 20 school days from Monday 7 September
2026 to Friday 2 October, all in Autumn 1.

- Ash Primary School ([schools.a]) has an INSET day on Friday 18 September (marked ``#``)
  and its own bands (green 95 % or more, amber above 94 %, red above 90 %, severe the rest):
  19 school days, 38 possible sessions a pupil.  A1 present throughout (38 of 38, green);
  A2 absent (``O``) on Monday and Tuesday 7-8 September (34 of 38, 89.47 %: severe by
  Ash's bands, PA).  M, who moves to Birch, is on Ash's roll for the first week only
  (5 days, 10 sessions), absent Tuesday and Wednesday: 6 of 10, 60.0 %, severe, PA.
  Ash: 3 pupils, 78 of 86 sessions, PA 2 of 3.
- Birch Academy ([schools.b]) has no INSET day and the workspace's bands: 20 days, 40
  sessions a pupil.  B1 present (green); B2 absent Monday to Wednesday 14-16 September
  (34 of 40, 85.0 %, red, PA); M from Monday 14 September (15 days, 30 sessions), absent
  14-15 September: 26 of 30, 86.67 %, red, PA.  Birch: 3 pupils, 100 of 110, PA 2 of 3.
- The trust, pupils counted per school (docs/trust.md): 6 pupils, 178 of 196 sessions,
  PA 4 of 6.

The same marks are one shared export with a School column (``trust-autumn.csv``) and a
file a school (``a-autumn.csv``, ``b-autumn.csv``).
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from attcli.config import init_text
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS

P = "/\\"
SCHOOLS = """
[schools.a]
name = "Ash Primary School"
urn = "100001"
files = ["a-*"]
inset_days = [2026-09-18]
[[schools.a.bands]]
name = "green"
at_least = 95
[[schools.a.bands]]
name = "amber"
above = 94
letter = "amber"
[[schools.a.bands]]
name = "red"
above = 90
letter = "red"
[[schools.a.bands]]
name = "severe"
letter = "severe"

[schools.b]
name = "Birch Academy"
urn = "100002"
files = ["b-*"]
"""
MOVER = "M999000000009"


def _marks(n: int, absent: set[int] = frozenset(), off: set[int] = frozenset()) -> str:
    return " ".join("!" if i in off else "O" if i in absent else P for i in range(n))


def trust(tmp_path: Path) -> dict[str, Path]:
    """The trust's workspace, each school's export and the shared export (module doc)."""
    ash = {
        "A999100000001": _marks(20),
        "A999100000002": _marks(20, {0, 1}),
        MOVER: _marks(20, {1, 2}, set(range(5, 20))),
    }
    for upn, marks in ash.items():  # Friday 18 September (day 10): Ash's INSET day
        tokens = marks.split()
        tokens[9] = "#" if tokens[9] != "!" else "!"
        ash[upn] = " ".join(tokens)
    birch = {
        "B999200000001": _marks(20),
        "B999200000002": _marks(20, {5, 6, 7}),
        MOVER: _marks(20, {5, 6}, set(range(5))),
    }
    a = register(ash, school="Ash Primary School")
    b = register(birch, school="Birch Academy")
    config = tmp_path / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    config.write_text(init_text(details) + AUTUMN_HALF_TERMS + SCHOOLS, encoding="utf-8")
    return {
        "config": config,
        "a": write_long_csv(a, tmp_path / "a-autumn.csv", dob=True, groups=True),
        "b": write_long_csv(b, tmp_path / "b-autumn.csv", dob=True, groups=True),
        "shared": write_long_csv(
            pl.concat([a, b]), tmp_path / "trust-autumn.csv", dob=True, groups=True, school=True
        ),
    }


def summaries(t: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    out = {}
    for key in ("a", "b"):
        out[key] = tmp_path / f"{key}.summary.json"
        code, _, err = run_cli("summary", t[key], "-c", t["config"], "-o", out[key],
                               "--as-of", "2026-10-02")  # fmt: skip
        assert code == 0, err
    return out


def test_each_school_s_figures_in_the_trust_run_are_its_own_run_s(tmp_path):
    """check --per-school of the shared export gives each school exactly its own file's
    check (its INSET day, its bands, the mover on each roll for its own weeks), and each
    school's summary holds the figures worked by hand."""
    t = trust(tmp_path)
    code, _, err = run_cli("check", t["shared"], "-c", t["config"], "--per-school",
                           tmp_path / "out", "--as-of", "2026-10-02")  # fmt: skip
    assert code == 0, err
    for key in ("a", "b"):
        own = tmp_path / f"{key}-own.json"
        code, _, err = run_cli("check", t[key], "-c", t["config"], "-o", own,
                               "--as-of", "2026-10-02")  # fmt: skip
        assert code == 0, err
        mine = json.loads(own.read_text(encoding="utf-8"))
        split = json.loads((tmp_path / "out" / f"{key}-check.json").read_text(encoding="utf-8"))
        assert split["summary"] == mine["summary"]
        assert split["pupils"] == mine["pupils"]
    pupils = {p["upn"]: (p["band"], p["attendance_pct"]) for p in mine["pupils"]}
    assert pupils[MOVER] == ("red", 86.67)  # Birch's: 26 of 30
    ash = json.loads((tmp_path / "out" / "a-check.json").read_text(encoding="utf-8"))
    pupils = {p["upn"]: (p["band"], p["attendance_pct"]) for p in ash["pupils"]}
    assert pupils == {
        "A999100000001": ("green", 100.0),
        "A999100000002": ("severe", 89.47),  # 34 of 38: severe by Ash's own bands
        MOVER: ("severe", 60.0),
    }
    s = summaries(t, tmp_path)
    totals = {k: json.loads(s[k].read_text(encoding="utf-8"))["totals"] for k in s}
    assert [(x["pupils"], x["attended"], x["possible"], x["pa"], x["banded"])
            for x in totals.values()] == [(3, 78, 86, 2, 3), (3, 100, 110, 2, 3)]  # fmt: skip


def test_a_summary_whose_banded_pupils_are_not_its_bands_is_refused(tmp_path):
    """Ash's summary edited by hand to 2 banded pupils (its year group too, so they add
    up), its bands still holding 3 (green 1, severe 2) and no_band 0: the trust's PA was
    Ash's 2 of 2 (100 %) and the trust's 4 of 5, nothing said. banded + no_band is the
    pupils (docs/trust.md): refused naming the key."""
    from attcli.summary import SummaryError, load_summary

    t = trust(tmp_path)
    s = summaries(t, tmp_path)
    load_summary(s["a"])  # as made: read
    for banded, no_band in ((2, 0), (3, 1)):
        doc = json.loads(s["a"].read_text(encoding="utf-8"))
        doc["totals"]["banded"] = doc["year_groups"][0]["banded"] = banded
        doc["totals"]["no_band"] = no_band
        if no_band:  # the bands then hold 2: the bands' check passes
            doc["bands"][0]["pupils"] -= 1
        edited = tmp_path / "edited.summary.json"
        edited.write_text(json.dumps(doc), encoding="utf-8")
        try:
            load_summary(edited)
        except SummaryError as exc:
            assert str(exc) == (
                f"{edited}: key 'totals.banded': {banded}, but totals.no_band ({no_band}) "
                f"leaves {3 - no_band} of totals.pupils (3) with a band"
            )
        else:
            raise AssertionError(f"banded {banded}, no_band {no_band} read")
        code, _, err = run_cli("report", "--trust", edited, s["b"], "-c", t["config"],
                               "-o", tmp_path / "t.html", "--force")  # fmt: skip
        assert code == 1 and "key 'totals.banded'" in err, err


def test_a_summary_of_a_school_not_of_the_trust_is_said(tmp_path):
    """A third summary, of a school that is none of the trust's [schools] (another trust's
    Elm, URN 777777), and one under Ash's name but another URN (100009): both were added
    into the trust's figures with nothing said, and the second counted as Ash's, so Ash
    sending nothing was not said either. Each is said (the trust's figures hold them: a
    school that sends only its summary is still added), and Ash's is named as not given."""
    t = trust(tmp_path)
    s = summaries(t, tmp_path)
    doc = json.loads(s["b"].read_text(encoding="utf-8"))
    doc["school"].update(name="Elm Other School", urn="777777")
    elm = tmp_path / "elm.summary.json"
    elm.write_text(json.dumps(doc), encoding="utf-8")
    doc["school"].update(name="ash primary school", urn="100009")
    other_ash = tmp_path / "other-ash.summary.json"
    other_ash.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "t.xlsx"
    code, _, err = run_cli("report", "--trust", s["b"], elm, other_ash, "-c", t["config"],
                           "-o", out, width=2000)  # fmt: skip
    assert code == 0, err
    lines = [" ".join(line.split()) for line in err.splitlines()]
    assert (
        "note: Elm Other School (URN 777777) is none of the trust's [schools] (a: Ash "
        "Primary School, URN 100001; b: Birch Academy, URN 100002), and the trust's figures "
        "include it: add it as [schools.KEY] with its URN if it is the trust's, or leave its "
        "summary out"
    ) in lines, err
    assert (
        "note: ash primary school (URN 100009) is none of the trust's [schools] "
        "(a: Ash Primary School, URN 100001; b: Birch Academy, URN 100002), and the trust's "
        "figures include it: add it as [schools.KEY] with its URN if it is the trust's, or "
        "leave its summary out"
    ) in lines, err
    assert (
        "note: no export or summary given for a (Ash Primary School, URN 100001): the "
        "trust's figures are of the other schools only"
    ) in lines, err
    # the trust's own schools: nothing said
    code, _, err = run_cli("report", "--trust", s["a"], s["b"], "-c", t["config"],
                           "-o", out, "--force", width=2000)  # fmt: skip
    assert code == 0, err
    assert "none of the trust's" not in err and "no export or summary" not in err


LADDER = """
[escalation]
[[escalation.stages]]
name = "red"
title = "Red letter"
action = "letter"
template = "red"
when_band = "red"
weeks = 4
[[escalation.stages]]
name = "referral"
title = "Referral to the local authority"
action = "referral"
after = "red"
"""


def test_a_school_s_own_bands_without_the_band_the_trust_s_ladder_starts_on_are_refused(tmp_path):
    """The trust's [escalation] starts its first stage on band "red"; Ash's own bands call
    theirs "concern" and "serious". Ash's pupils could never start the stage (a child at
    89 % never escalated), and `attcli cases` of Ash's file failed with "attcli failed
    unexpectedly (StopIteration)". The config is refused in one line naming the school's
    bands, the band and the stage."""
    t = trust(tmp_path)
    text = t["config"].read_text(encoding="utf-8")
    text = text.replace('[[schools.a.bands]]\nname = "red"', '[[schools.a.bands]]\nname = "concern"')
    text = text.replace('[[schools.a.bands]]\nname = "severe"', '[[schools.a.bands]]\nname = "serious"')
    t["config"].write_text(text + LADDER, encoding="utf-8")
    line = (
        f"error: {t['config']}: config key 'schools.a.bands': no band 'red', which the "
        "workspace's [escalation] stage 'red' starts on (when_band); the school's bands are: "
        "green, amber, concern, serious: name one of them 'red', or start the stage on "
        "when_at_most or when_below"
    )
    for args in (("cases", t["a"]), ("check", t["a"], t["b"], "--per-school", tmp_path / "out")):
        code, _, err = run_cli(*args, "-c", t["config"], "--as-of", "2026-10-02", width=2000)
        assert code == 1 and err.strip().splitlines()[-1] == line, err
    # the school's bands with a "red": read, and Ash's 89 % pupil is on the ladder
    t["config"].write_text(
        text.replace('name = "concern"', 'name = "red"') + LADDER, encoding="utf-8"
    )
    code, out, err = run_cli("cases", t["a"], "-c", t["config"], "--as-of", "2026-10-02",
                             width=2000)  # fmt: skip
    assert code == 0, err


def test_a_school_with_no_marks_by_the_trust_s_as_of_date_is_named(tmp_path):
    """Cedar ([schools.c]) opened on Monday 28 September: its export starts then. The
    trust's report as of Friday 25 September stopped with "--as-of 2026-09-25 is before
    the first date in the data (28/09/2026)", naming no school: Ash's and Birch's data
    start 07/09, so the trust could not tell whose. The line names Cedar; without its
    file the report is made, and says Cedar was not given."""
    t = trust(tmp_path)
    t["config"].write_text(
        t["config"].read_text(encoding="utf-8")
        + '\n[schools.c]\nname = "Cedar Lower School"\nurn = "100003"\nfiles = ["c-*"]\n',
        encoding="utf-8",
    )
    cedar = {f"C99930000000{i}": " ".join(["!"] * 15 + [P] * 5) for i in (1, 2)}
    c = write_long_csv(register(cedar, school="Cedar Lower School"), tmp_path / "c-autumn.csv",
                       dob=True, groups=True)  # fmt: skip
    out = tmp_path / "t.html"
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], c, "-c", t["config"],
                           "--as-of", "2026-09-25", "-o", out, width=2000)  # fmt: skip
    assert code == 1 and not out.exists()
    assert err.strip().splitlines()[-1] == (
        "error: c (Cedar Lower School): --as-of 2026-09-25 is before the first date in the "
        "data (28/09/2026): give --as-of 2026-09-28 or later"
    ), err
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"],
                           "--as-of", "2026-09-25", "-o", out, width=2000)  # fmt: skip
    assert code == 0, err
    assert "no export or summary given for c (Cedar Lower School, URN 100003)" in err


def test_two_schools_whose_names_differ_only_in_spaces_are_named_with_their_urns():
    """Two schools' names written two ways, "St Mary's CE Primary School" and "St Mary's
    CE  Primary School " (a double space, a trailing one): the names were compared as
    they are, so neither carried its URN, and the page (HTML folds spaces) showed two rows,
    weekly rows and chart lines under one name. They are told apart as one name is."""
    from types import SimpleNamespace as NS

    from attcli.report.trust import build_trust, load_summaries
    from test_trust_report import _summary

    schools = [_summary(name, urn, 30, {}) for name, urn in (
        ("St Mary's CE Primary School", "100001"), ("St Mary's CE  Primary School ", "100002"),
        ("Ash Academy", "100003"))]  # fmt: skip
    report = build_trust(load_summaries([], schools),
                         NS(min_cohort=5, title="Attendance report", national=None))  # fmt: skip
    assert sorted(s.name for s in report.schools) == [
        "Ash Academy",
        "St Mary's CE Primary School (URN 100001)",
        "St Mary's CE Primary School (URN 100002)",
    ]


def test_a_summary_whose_cohorts_of_every_pupil_do_not_make_its_totals_is_refused(tmp_path):
    """The example school's summary (every pupil's gender, SEN, FSM ... known: unknown 0 in
    each cohort) edited by hand to one more persistently absent pupil, in its totals and
    its Year 7 so that they add up: read, and the trust's PA counted 13 where the school
    has 12. With no pupil unknown, a cohort and its rest are every pupil: they make the
    totals exactly, so the edit is refused naming the key."""
    from attcli.summary import SummaryError, load_summary

    root = Path(__file__).resolve().parents[1] / "examples"
    made = tmp_path / "oak.summary.json"
    code, _, err = run_cli("summary", root / "exports" / "arbor_autumn_2026.csv", "--pupils",
                           root / "exports" / "pupils.csv", "-c", root / "attcli.toml",
                           "-o", made)  # fmt: skip
    assert code == 0, err
    doc = json.loads(made.read_text(encoding="utf-8"))
    assert doc["cohorts"] and all(c["unknown"] == 0 for c in doc["cohorts"])
    pa = doc["totals"]["pa"]
    doc["totals"]["pa"] += 1
    year = next(y for y in doc["year_groups"] if y["pa"] < y["banded"])
    year["pa"] += 1
    edited = tmp_path / "edited.summary.json"
    edited.write_text(json.dumps(doc), encoding="utf-8")
    try:
        load_summary(edited)
    except SummaryError as exc:
        assert str(exc) == (
            f"{edited}: key 'cohorts[0].members.pa': members and rest make {pa}, not "
            f"totals.pa ({pa + 1}), and no pupil's value is unknown (cohorts[0].unknown 0)"
        )
    else:
        raise AssertionError("read")
    load_summary(made)  # as made: read


def test_two_schools_of_the_trust_with_one_urn_are_refused(tmp_path):
    """Birch's URN typed as Ash's (100001): `check --per-school` and `register-check
    --per-school` ran, and Birch's files for its local authority carried Ash's URN; `report
    --trust` said "[schools.b]: ... is already given by [schools.a]: give each school's
    summary once", sending the trust to its summaries for a config typo. A URN (and a DfE
    number) is one school's: refused when the config is read, naming both keys."""
    t = trust(tmp_path)
    text = t["config"].read_text(encoding="utf-8")
    t["config"].write_text(text.replace('urn = "100002"', 'urn = "100001"'), encoding="utf-8")
    line = (
        f"error: {t['config']}: config key 'schools.b.urn': 100001 is the URN of [schools.a] "
        "too: a URN is one school's (a school of two sites is one [schools.KEY], its files "
        "patterns taking both sites' exports)"
    )
    for args in (("check", t["shared"], "--per-school", tmp_path / "out"),
                 ("report", "--trust", t["a"], t["b"], "-o", tmp_path / "t.html")):  # fmt: skip
        code, _, err = run_cli(*args, "-c", t["config"], width=2000)
        assert code == 1 and err.strip().splitlines()[-1] == line, err
    assert not (tmp_path / "out").exists()
    text = text.replace('urn = "100002"', 'urn = "100002"\ndfe_number = "999/2001"')
    text = text.replace('urn = "100001"', 'urn = "100001"\ndfe_number = "9992001"')
    t["config"].write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", t["shared"], "--per-school", tmp_path / "out", "-c",
                           t["config"], width=2000)  # fmt: skip
    assert code == 1 and err.strip().splitlines()[-1] == (
        f"error: {t['config']}: config key 'schools.b.dfe_number': 999/2001 is the DfE "
        "number of [schools.a] too: a DfE number is one school's"
    ), err
