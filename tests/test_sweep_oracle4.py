"""Sweep oracle4: attcli's check and cme against an independent reference, on messy
random registers (tests/oracle4_ref.py from DOMAIN.md alone, tests/oracle4_gen.py).

Compared per pupil: possible, attended, authorised, unauthorised, attendance % and band,
missing marks, stale N, lates (and the flag), the penalty-notice window (start, sessions,
met, first met, compulsory school age), the current and longest runs of unexplained
absence and cme's runs of 3+ days (and which are current), sickness sessions, longest run
and flag; and that a register attcli refuses is one the reference refuses, with a one-line
error naming the file and line.  The default run compares a fixed set of seeds (under a
minute: 14 of the 25 seeds it had, ATTCLI_ORACLE4_ALL=1 for all 25); ATTCLI_ORACLE4_LONG=N
compares N more (about a second each).
"""

from __future__ import annotations

import datetime as dt
import json
import os

import polars as pl
import pytest
from tests.builders import register, register_rows, school_days, weekdays, write_long_csv
from tests.clirun import run_cli
from tests.oracle4_compare import compare
from tests.oracle4_gen import config_toml, generate
from tests.oracle4_ref import Export, csa_span, reference
from tests.school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
HT = [("Autumn 1", D(2026, 9, 7), D(2026, 10, 23)), ("Autumn 2", D(2026, 11, 2), D(2026, 12, 18))]


# The reference itself, on hand-worked points (a reference that is wrong proves nothing).


def test_compulsory_school_age_edges_by_hand() -> None:
    # 5 on 31 Dec 2021: of age that day; 5 on 1 Jan 2022: from 31 March 2022
    assert csa_span(D(2016, 12, 31))[0] == D(2021, 12, 31)
    assert csa_span(D(2017, 1, 1))[0] == D(2022, 3, 31)
    assert csa_span(D(2017, 4, 1))[0] == D(2022, 8, 31)
    # 16 on 31 Aug 2027: until the last Friday in June 2027 (25th); 16 on 1 Sep 2027: 2028
    assert csa_span(D(2011, 8, 31))[1] == D(2027, 6, 25)
    assert csa_span(D(2011, 9, 1))[1] == D(2028, 6, 30)
    # born 29 February 2020: 5 on 1 March 2025, of age from 31 March 2025
    assert csa_span(D(2020, 2, 29))[0] == D(2025, 3, 31)


def _export(pupils: dict[str, str], start: D, skip: set[D] = frozenset()) -> Export:
    rows, d, tokens = [], start, {u: m.split() for u, m in pupils.items()}
    days = []
    while len(days) < max(len(t) for t in tokens.values()):
        if d.weekday() < 5 and d not in skip:
            days.append(d)
        d += dt.timedelta(days=1)
    for u, toks in tokens.items():
        for day, tok in zip(days, toks, strict=False):
            for s, m in zip(("AM", "PM"), tok.split("."), strict=True):
                if m != "!":
                    rows.append((u, day, s, "" if m == "_" else m))
    return Export(rows)


def test_reference_by_hand_rounding_closure_week_and_window() -> None:
    # A and B from Mon 7 Sep 2026; the week of 14 Sep closed by Y1 for everyone (B's
    # Monday AM a blank beside it: no missing mark); data to Mon 12 Oct, the as-of date.
    closed = ["Y1.Y1"] * 5
    a = ["/./"] * 5 + closed + ["/./"] * 16
    b = ["/./"] * 5 + ["_.Y1"] + closed[1:] + ["/./"] * 7 + ["N.N"] * 3 + ["/.N"] + ["/./"] * 5
    # C: 12 full days, a day /.N, 3 days N.N (1, 2, 5 Oct: C leaves after them): 25 of 32, 78.125 %, shown 78.13 (half up)
    c = ["/./"] * 5 + closed + ["/./"] * 7 + ["/.N"] + ["N.N"] * 3
    exp = _export({"A": " ".join(a), "B": " ".join(b), "C": " ".join(c)}, D(2026, 9, 7))
    dobs = {"A": D(2015, 1, 1), "B": D(2015, 1, 1), "C": D(2015, 1, 1)}
    out = reference([exp], dobs, D(2026, 10, 12), HT, pn_weeks=5)
    bref = out["B"]
    assert (bref.possible, bref.attended, bref.unauthorised, bref.missing) == (42, 35, 7, 0)
    assert (bref.pct, bref.band) == (83.33, "red")
    # 5 school weeks to 12 Oct: 7 Sep, 21 Sep, 28 Sep, 5 Oct, 12 Oct (14 Sep closed)
    assert bref.pn_window == (D(2026, 9, 7), D(2026, 10, 12))
    assert (bref.pn_sessions, bref.pn_met) == (7, False)
    cref = out["C"]
    assert (cref.possible, cref.attended, cref.pct, cref.band) == (32, 25, 78.13, "red")
    assert [(r.first, r.days, r.current) for r in cref.runs] == [(D(2026, 10, 1), 3, False)]


#: the first 24, and 173: as of Wed 14 Apr 2027, in a week no export holds (12-16 Apr),
#: with last summer in the export; it failed before Calendar.week_upto (docs/decisions.md,
#: sweep oracle4), the window a week too long
ALL_SEEDS = [*range(24), 173]
#: the default run (the suite's time): 13 of the first 24, chosen so that every kind of
#: case the generator notes is kept (two exports overlapping: 0, 1, 5, 8, 17, 19; a week
#: left out: 0, 20; a later export's '-' or 'N': 8, 17; one export: 3, 10, 13, 16, 18, 23)
#: with as-of dates in each term (autumn, before the data, spring, summer, the Christmas
#: holiday), and 173; ATTCLI_ORACLE4_ALL=1 runs all 25
SEEDS = ALL_SEEDS if os.environ.get("ATTCLI_ORACLE4_ALL") else [
    0, 1, 3, 5, 8, 10, 13, 16, 17, 18, 19, 20, 23, 173
]


@pytest.mark.parametrize("seed", SEEDS)
def test_check_and_cme_agree_with_the_reference(seed: int, tmp_path) -> None:  # noqa: ANN001
    case = generate(seed)
    assert compare(case, tmp_path) == [], f"seed {seed}, as of {case.as_of}, {case.notes}"


@pytest.mark.skipif(not os.environ.get("ATTCLI_ORACLE4_LONG"), reason="long run on request")
def test_check_and_cme_agree_long_run(tmp_path) -> None:  # noqa: ANN001
    n = int(os.environ["ATTCLI_ORACLE4_LONG"])
    bad = {}
    for seed in range(1000, 1000 + n):
        folder = tmp_path / str(seed)
        folder.mkdir()
        diffs = compare(generate(seed), folder)
        if diffs:
            bad[seed] = diffs[:5]
    assert bad == {}


# Faults found by the comparison, each on a minimal register worked by hand.


def _lost_week_register(folder):  # noqa: ANN001, ANN202
    """A and B from Mon 7 Sep 2026 to Fri 18 Dec 2026 (term dates: Autumn 1 to 23 Oct,
    Autumn 2 from 2 Nov), the week of Mon 23 Nov left out of the export (a weekly file
    not given).  B has G all Monday 7 Sep and G every Monday morning from 14 Sep to
    16 Nov (9 sessions): 11 unauthorised sessions in all."""

    holiday = weekdays(D(2026, 10, 26), D(2026, 10, 30))
    days = weekdays(D(2026, 9, 7), D(2026, 12, 18), holiday)
    b = [
        "GG"
        if d == D(2026, 9, 7)
        else "G\\"
        if d.weekday() == 0 and d <= D(2026, 11, 16)
        else "/\\"
        for d in days
    ]
    reg = register(
        {"A": " ".join(["/\\"] * len(days)), "B": " ".join(b)},
        start=D(2026, 9, 7),
        holidays=holiday,
        dob={"A": D(2015, 1, 1), "B": D(2015, 1, 1)},
    )
    reg = reg.filter(~pl.col("date").is_between(D(2026, 11, 23), D(2026, 11, 27)))
    config = make_workspace(folder, AUTUMN_HALF_TERMS)
    return config, write_long_csv(reg, folder / "export.csv", dob=True)


@pytest.mark.parametrize(
    ("as_of", "start", "sessions", "met"),
    [
        # Sunday before the lost week: its 10 school weeks are 7 Sep to 16 Nov, all 11
        ("2026-11-22", "2026-09-07", 11, True),
        # in the lost week (the term dates say the school had it from Monday 23 Nov) and
        # the Sunday after: 14 Sep to 23 Nov, 10 school weeks holding 9 known sessions
        ("2026-11-23", "2026-09-14", 9, False),
        ("2026-11-27", "2026-09-14", 9, False),
        ("2026-11-29", "2026-09-14", 9, False),
        # the week after: 21 Sep to 30 Nov, 8
        ("2026-11-30", "2026-09-21", 8, False),
    ],
)
def test_the_window_as_of_a_day_in_a_week_no_export_holds_is_10_school_weeks(
    tmp_path,
    as_of: str,
    start: str,
    sessions: int,
    met: bool,  # noqa: ANN001
) -> None:
    config, export = _lost_week_register(tmp_path)
    code, out, err = run_cli(
        "check", export, "--config", config, "--as-of", as_of, "--format", "json"
    )
    assert code == 0, err
    b = next(p for p in json.loads(out)["pupils"] if p["upn"] == "B")
    assert (b["pn_window_start"], b["pn_window_sessions"], b["pn_threshold_met"]) == (
        start,
        sessions,
        met,
    )


@pytest.mark.parametrize("days", [25, 95])
def test_bands_and_percentages_at_every_count_of_absences(tmp_path, days: int) -> None:  # noqa: ANN001
    """Pupil Kk misses k of 2 x ``days`` sessions (k = 0..2 x days, N then O, so every
    fraction of the year is met, 92 %, 90 % and 50 % exactly among them: 46 of 50, 45 of 50,
    171 of 190, 95 of 190): attcli's band and percentage are the reference's."""
    n = 2 * days
    marks = {f"K{k:03d}": ["N"] * k + ["/"] * (n - k) for k in range(n + 1)}
    dates = school_days(D(2026, 9, 7), days)
    rows = [
        (upn, d, s, ms[2 * i + j])
        for upn, ms in marks.items()
        for i, d in enumerate(dates)
        for j, s in enumerate(("AM", "PM"))
    ]
    reg = register_rows([{"upn": u, "date": d, "session": s, "mark": m} for u, d, s, m in rows])
    assert isinstance(reg, pl.DataFrame)
    config = make_workspace(tmp_path)  # no term dates: 95 weekdays from 7 Sep run into January
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    code, out, err = run_cli(
        "check", export, "--config", config, "--as-of", dates[-1].isoformat(), "--format", "json"
    )
    assert code == 0, err
    got = {p["upn"]: p for p in json.loads(out)["pupils"]}
    ref = reference([Export(rows)], {u: D(2015, 1, 1) for u in marks}, dates[-1], HT)
    for upn, r in ref.items():
        assert (got[upn]["band"], got[upn]["attendance_pct"]) == (r.band, r.pct), upn
    # the hand-worked points
    if days == 25:
        assert (ref["K004"].band, ref["K005"].band, ref["K025"].band) == ("green", "red", "severe")
    else:
        # 175 of 190 is 92.1 %, 174 is 91.6 %, 172 is 90.5 %, 171 exactly 90 %
        bands = [ref[f"K{k:03d}"].band for k in (15, 16, 18, 19, 95)]
        assert bands == ["green", "amber", "amber", "red", "severe"]


@pytest.mark.parametrize(
    ("joined", "first", "has_number"),
    [
        (D(2026, 9, 14), D(2026, 9, 7), True),
        (D(2026, 9, 15), D(2026, 9, 7), True),
        # the export begins on the --from day (term dates for the whole year, so the
        # sessions left are known): J's first mark there does not say J joined that day
        (D(2026, 9, 14), D(2026, 9, 14), False),
    ],
)
def test_a_pupil_who_joined_on_the_from_day_can_miss_as_one_who_joined_after(
    tmp_path,  # noqa: ANN001
    joined: dt.date,
    first: dt.date,
    has_number: bool,
) -> None:
    """A from ``first``, J from ``joined``, both present every session; --from Mon 14
    Sep 2026, as of Fri 25 Sep.  With the register from Mon 7 Sep (the year's first
    school day, no term dates), joining on the --from day J has no day of the year
    before the period, as one joining the day after: the period's figures are the
    year's, so the sessions J can miss are given.  By hand, joining 14 Sep: 20 of 20;
    380 - 2 x 15 = 350 sessions left in the year (estimated: no term dates); green while
    100 (20 + 350 - k) >= 92 (20 + 350): k <= 29.  Joining 15 Sep: 18 of 18,
    100 (18 + 350 - k) >= 92 x 368: k <= 29 (29.44).  A, on roll before the period,
    gets none (the period's figures are not the year's)."""
    days = weekdays(first, D(2026, 9, 25))
    rows = [{"upn": "A", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    rows += [
        {"upn": "J", "date": d, "session": s, "mark": "/"}
        for d in days
        if d >= joined
        for s in ("AM", "PM")
    ]
    terms = "" if first == D(2026, 9, 7) else config_toml().replace("2026-09-03", "2026-09-07")
    config = make_workspace(tmp_path)
    text = config.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("inset_days = []"))
    if terms:
        config.write_text(text.replace("[calendar]\n" + line + "\n", terms), encoding="utf-8")
    export = write_long_csv(register_rows(rows), tmp_path / "export.csv", dob=True)
    code, out, err = run_cli(
        *("check", export, "--config", config, "--as-of", "2026-09-25"),
        *("--from", "2026-09-14", "--format", "json"),
    )
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert pupils["J"]["can_miss_sessions"] == (29 if has_number else None)
    assert pupils["A"]["can_miss_sessions"] is None
