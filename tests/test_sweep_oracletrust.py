"""An independent oracle for a trust's views (sweep of 5 December (seventh), oracletrust):
`check --per-school` (each school's pupils' figures, bands, late arrivals, penalty-notice
windows, and the one line a mover's unauthorised sessions across the schools reach the
threshold) and `report --trust` from the schools' exports (each school's and the trust's
counts, small-school suppression, the movers' and two-children-under-one-UPN notes).

Everything under ``# ---- the model`` is written from DOMAIN.md and docs/trust.md alone: no
attcli module computes an expected value.  The trusts are seeded and random: 2 to 4
schools, 3 to 10 pupils of their own each, 3 to 12 weeks from Monday 7 September 2026,
each school with its own half-term week (its own term dates in `[schools.KEY]`, sometimes
after the data), its own INSET days, now and then a closure of its own (every pupil ``Y1``
a day, or a whole week); pupils who move between the schools (rows at one school to their
last day, at the next from their first), dual-registered pupils (``D`` at one school on the
other's sessions, sometimes a session marked at both), and a UPN two schools give to two
different children; `-` missing marks, runs of unexplained absence, a school whose
exports start a week late, the schools' own bands, lateness, minimum sessions and
penalty-notice settings, `[report] min_cohort`, `--as-of` inside the data, and the trust's
pupil list (a row an enrolment with a School column).  The report is also made from each
school's `attcli summary` and must be the same.

``python tests/test_sweep_oracletrust.py FIRST COUNT`` runs a longer sweep and prints every
disagreement; ``ORACLETRUST_SEEDS=N`` makes the test run N seeds more.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

D = dt.date
ONE = dt.timedelta(days=1)
START = D(2026, 9, 7)
NAMES = [("a", "Ash Primary School"), ("b", "Birch Academy"), ("c", "Cedar School"),
         ("d", "Dale Primary School")]  # fmt: skip
FRAMEWORK = D(2024, 8, 19)

# ------------------------------------------------------------------ the random trusts


@dataclass
class Child:
    surname: str
    forename: str
    dob: D


@dataclass
class School:
    key: str
    name: str
    urn: str
    holiday: int | None  # the index of its half-term week (from 7 September), or None
    inset: set[D] = field(default_factory=set)
    closed: set[D] = field(default_factory=set)  # days every pupil is Y1 (enforced closure)
    #: upn -> {(date, "AM"|"PM"): code}; a session with no entry has no row
    marks: dict[str, dict[tuple[D, str], str]] = field(default_factory=dict)
    people: dict[str, Child] = field(default_factory=dict)
    #: its own settings ([schools.KEY.*]): green's line, lates in a half term, the fewest
    #: possible sessions for a band, the penalty-notice threshold and weeks
    green: int = 92
    late_threshold: int = 4
    min_possible: int = 10
    pn_sessions: int = 10
    pn_weeks: int = 10
    #: its exports start a week late (the first week missing): no year-to-date band
    late: bool = False
    #: upn -> the trust's list's admission date, a school day or two before the pupil's
    #: first row (a mover whose first days' marks are missing)
    early: dict[str, D] = field(default_factory=dict)
    #: upn -> the day the trust's list has a pupil on roll here from, with no row here (a
    #: child who left another school and never arrived)
    expected: dict[str, tuple[D, Child]] = field(default_factory=dict)

    def days(self, weeks: int) -> list[D]:
        """The school's days: weekdays of the data's weeks but its half-term week and its
        INSET days (closures are school days: the school opened its register)."""
        out = []
        for w in range(weeks):
            if w == self.holiday:
                continue
            for i in range(5):
                d = START + dt.timedelta(days=7 * w + i)
                if d not in self.inset:
                    out.append(d)
        return out


@dataclass
class Trust:
    seed: int
    weeks: int
    schools: list[School]
    kinds: dict[str, str] = field(default_factory=dict)  # upn -> local/mover/dual/two
    min_cohort: int = 5  # [report] min_cohort
    as_of: D | None = None  # --as-of (check and report), else the data's last day


PRESENT = ["/", "\\", "L", "B", "K"]
AUTH = ["I", "M", "C", "R", "C2", "E"]
UNAUTH = ["O", "G", "N", "U"]


def _mark(rnd: random.Random, absent: float, unauth: float) -> str:
    if rnd.random() >= absent:
        return rnd.choice(PRESENT) if rnd.random() < 0.3 else rnd.choice(["/", "\\"])
    if rnd.random() < unauth:
        return rnd.choice(UNAUTH)
    return rnd.choice(AUTH) if rnd.random() < 0.9 else rnd.choice(["X", "#"])


def _profile(rnd: random.Random) -> tuple[float, float]:
    return rnd.choice([0.0, 0.03, 0.08, 0.1, 0.15, 0.3, 0.5, 0.7]), rnd.choice([0.2, 0.6, 1.0])


def make_trust(seed: int) -> Trust:
    rnd = random.Random(seed)
    weeks = rnd.randint(3, 12)
    n = rnd.randint(2, 4)
    schools = []
    for i in range(n):
        key, name = NAMES[i]
        holiday = rnd.randint(1, weeks + 1) if weeks >= 3 else None
        if holiday is not None and holiday >= weeks - 1:
            holiday = None  # after the data (the last week stays a school week)
        if holiday is None and weeks > 7:
            holiday = rnd.randint(1, weeks - 2)  # (Autumn 1 of no school would end by 23/10)
        s = School(key, name, f"10000{i + 1}", holiday)
        if rnd.random() < 0.3:
            s.green = rnd.choice([93, 95, 96])
        if rnd.random() < 0.2:
            s.late_threshold = rnd.choice([2, 3, 5])
        if rnd.random() < 0.2:
            s.min_possible = rnd.choice([1, 5, 20, 40])
        if rnd.random() < 0.15:
            s.pn_sessions, s.pn_weeks = rnd.choice([(8, 10), (10, 6), (6, 4), (12, 10)])
        weekdays = [d for d in s.days(weeks) if d < START + dt.timedelta(days=7 * (weeks - 1))]
        for _ in range(rnd.choice([0, 0, 1, 2])):
            s.inset.add(rnd.choice(weekdays))
        if rnd.random() < 0.15:  # the last Friday an INSET day: the as-of date a Thursday
            s.inset.add(START + dt.timedelta(days=7 * (weeks - 1) + 4))
        days = s.days(weeks)
        if rnd.random() < 0.25:
            s.closed.add(rnd.choice(days[1:-1]))
        if rnd.random() < 0.2 and weeks >= 4:  # a whole week closed (snow): no school week
            w = rnd.randint(1, weeks - 2)
            if w != holiday:
                s.closed |= {d for d in days if (d - START).days // 7 == w}
        schools.append(s)
    trust = Trust(seed, weeks, schools)
    if rnd.random() < 0.4:
        trust.min_cohort = rnd.choice([2, 3, 4, 6, 8])
    born = [D(2015, 5, 5), D(2014, 1, 9), D(2016, 11, 30), D(2013, 2, 14), D(2015, 5, 5),
            D(2021, 9, 15), D(2010, 7, 1)]  # (the last two not of compulsory school age)
    serial = 0
    missing = rnd.choice([0, 0, 0.01, 0.05])

    def child() -> tuple[str, Child]:
        nonlocal serial
        serial += 1
        upn = f"T{seed % 1000000:06d}{serial:06d}"  # a UPN: a letter, 12 digits
        return upn, Child(f"Sur{serial}", f"Fore{serial}", rnd.choice(born))

    def fill(s: School, upn: str, who: Child, days: list[D], absent: float, unauth: float,
             other: dict[tuple[D, str], str] | None = None) -> None:  # fmt: skip
        marks = s.marks.setdefault(upn, {})
        s.people[upn] = who
        for d in days:
            for sess in ("AM", "PM"):
                if d in s.closed:
                    marks[(d, sess)] = "Y1"
                elif other is not None and (d, sess) in other:
                    marks[(d, sess)] = other[(d, sess)]
                elif rnd.random() < missing:
                    marks[(d, sess)] = "-"  # SIMS's "no mark recorded": a missing mark
                else:
                    marks[(d, sess)] = _mark(rnd, absent, unauth)

    for s in schools:
        days = s.days(weeks)
        for j in range(rnd.randint(3, 10)):
            upn, who = child()
            trust.kinds[upn] = "local"
            first, last = 0, len(days) - 1
            # (the first on roll throughout: every school day has a row, else the day is
            # one the exports miss, as attcli rightly says)
            if j and rnd.random() < 0.15:
                first = rnd.randint(1, len(days) // 2)
            if j and rnd.random() < 0.15:
                last = rnd.randint(first + 1, len(days) - 1)
            fill(s, upn, who, days[first : last + 1], *_profile(rnd))
    # movers: at one school to a day, at another from a later day (sometimes a third)
    for _ in range(rnd.choice([1, 1, 2, 3])):
        upn, who = child()
        trust.kinds[upn] = "mover"
        order = rnd.sample(schools, min(len(schools), rnd.choice([2, 2, 2, 3])))
        if len(order) == 2 and rnd.random() < 0.2:  # back to the first school: no row
            order.append(order[0])  # there between (DOMAIN.md 1: missing rows)
            trust.kinds[upn] = "returner"
        cut = sorted(rnd.sample(range(1, weeks * 5 - 1), len(order) - 1))
        lo = 0
        absent, unauth = rnd.choice([0.1, 0.2, 0.3, 0.5]), rnd.choice([0.6, 1.0])
        for j, s in enumerate(order):
            hi = cut[j] if j < len(cut) else weeks * 5
            mine = [d for d in s.days(weeks) if lo <= _index(d) < hi]
            if j and rnd.random() < 0.3:  # a gap between the schools
                mine = mine[rnd.randint(1, 3):]
            if mine:
                fill(s, upn, who, mine, absent, unauth)
            lo = hi
    # dual registration: on both rolls; D at each on the other's sessions
    if rnd.random() < 0.6:
        upn, who = child()
        trust.kinds[upn] = "dual"
        a, b = rnd.sample(schools, 2)
        absent, unauth = rnd.choice([0.2, 0.4, 0.6]), 1.0
        at_a: dict[tuple[D, str], str] = {}
        at_b: dict[tuple[D, str], str] = {}
        both = set(a.days(weeks)) & set(b.days(weeks))
        for d in sorted(both):
            for sess in ("AM", "PM"):
                r = rnd.random()
                if r < 0.45:
                    at_b[(d, sess)] = "D"
                elif r < 0.9:
                    at_a[(d, sess)] = "D"
                # else marked at both: a conflict or the same absence
        fill(a, upn, who, sorted(set(a.days(weeks))), absent, unauth, at_a)
        fill(b, upn, who, sorted(set(b.days(weeks))), absent, unauth, at_b)
        for s in (a, b):  # a school's closure is its own: Y1 there, D stays D elsewhere
            for k, m in s.marks[upn].items():
                if m == "D" and k[0] in s.closed:
                    s.marks[upn][k] = "Y1"
    # a UPN two schools give to two different children
    if rnd.random() < 0.3:
        upn, who = child()
        trust.kinds[upn] = "two"
        a, b = rnd.sample(schools, 2)
        fill(a, upn, who, a.days(weeks), *_profile(rnd))
        other = Child("Other", "Zebedee", D(2016, 1, 1) if who.dob != D(2016, 1, 1) else D(2015, 1, 1))
        fill(b, upn, other, b.days(weeks), *_profile(rnd))
    if rnd.random() < 0.3:  # an as-of date inside the data (a weekend, a school's holiday)
        last = min(max(d for m in s.marks.values() for d, _ in m) for s in schools)
        trust.as_of = last - dt.timedelta(days=rnd.randint(0, min(30, (last - START).days - 10)))
    if rnd.random() < 0.12 and weeks >= 4:  # a school's exports start a week late
        s = rnd.choice(schools)
        s.late = True
        for upn in list(s.marks):
            s.marks[upn] = {k: m for k, m in s.marks[upn].items() if k[0] >= START + 7 * ONE}
            if not s.marks[upn]:
                del s.marks[upn], s.people[upn]
    for upn, kind in trust.kinds.items():  # the list has a mover on roll a day or two early
        for s in schools:
            if kind == "mover" and upn in s.marks and rnd.random() < 0.3:
                first = min(d for d, _ in s.marks[upn])
                before = [d for d in s.days(weeks) if d < first and d not in s.closed][-2:]
                if before and first > START + 7 * ONE:
                    s.early[upn] = rnd.choice(before)
    movers = [u for u, k in trust.kinds.items() if k == "mover"]
    if movers and rnd.random() < 0.3:  # one never arrives at the next school on the list
        upn = rnd.choice(movers)
        gone = max(d for s in schools if upn in s.marks for d, _ in s.marks[upn])
        to = [s for s in schools if upn not in s.marks]
        if to:
            s = rnd.choice(to)
            days = [d for d in s.days(weeks) if d > gone and (trust.as_of is None or d <= trust.as_of)]
            if days:
                who = next(x.people[upn] for x in schools if upn in x.people)
                s.expected[upn] = (rnd.choice(days), who)
    for s in schools:  # runs of unexplained absence, now and then to the last day on roll
        for marks in s.marks.values():
            if rnd.random() < 0.12:
                days = sorted({d for d, _ in marks})
                k = rnd.randint(3, 12)
                i = len(days) - k if rnd.random() < 0.5 else rnd.randint(0, max(0, len(days) - k))
                for d in days[max(0, i) : i + k]:
                    for sess in ("AM", "PM"):
                        if marks.get((d, sess)) not in (None, "Y1", "D"):
                            marks[(d, sess)] = rnd.choice(["N", "O", "G", "O"])
    return trust


def _index(d: D) -> int:
    """The weekday's index from Monday 7 September (5 a week)."""
    return (d - START).days // 7 * 5 + d.weekday()


def config_text(trust: Trust) -> str:
    from attcli.config import init_text
    from school import DETAILS

    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    text += """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""
    text = text.replace("min_cohort = 5 ", f"min_cohort = {trust.min_cohort} ")
    for s in trust.schools:
        text += f'\n[schools.{s.key}]\nname = "{s.name}"\nurn = "{s.urn}"\nfiles = ["{s.key}-*"]\n'
        if s.inset:
            text += "inset_days = [" + ", ".join(d.isoformat() for d in sorted(s.inset)) + "]\n"
        for name, start, end in half_terms(s):
            text += (f'[[schools.{s.key}.half_terms]]\nname = "{name}"\nstart = {start}\n'
                     f"end = {end}\n")  # fmt: skip
        if s.green != 92:
            for name, rule in (("green", f"at_least = {s.green}"), ("amber", "above = 90"),
                               ("red", "above = 50"), ("severe", "")):  # fmt: skip
                text += f'[[schools.{s.key}.bands]]\nname = "{name}"\n{rule}\n'
        if s.late_threshold != 4:
            text += f"[schools.{s.key}.lateness]\nthreshold = {s.late_threshold}\n"
        if s.min_possible != 10:
            text += f"[schools.{s.key}.thresholds]\nmin_possible_sessions = {s.min_possible}\n"
        if (s.pn_sessions, s.pn_weeks) != (10, 10):
            text += (f"[schools.{s.key}.penalty_notice]\nsessions = {s.pn_sessions}\n"
                     f"weeks = {s.pn_weeks}\n")  # fmt: skip
    return text


def half_terms(s: School) -> list[tuple[str, D, D]]:
    """The school's own term dates: Autumn 1 to the Friday before its half-term week."""
    if s.holiday is None:
        return [("Autumn 1", START, D(2026, 10, 23)), ("Autumn 2", D(2026, 11, 2), D(2026, 12, 18))]
    mon = START + dt.timedelta(days=7 * s.holiday)
    return [("Autumn 1", START, mon - 3 * ONE), ("Autumn 2", mon + 7 * ONE, D(2026, 12, 18))]


def spells(s: School, upn: str) -> list[tuple[D, D]]:
    """The pupil's times on roll at the school: their days with rows, split where the
    school had a day (a row of some pupil's) the pupil has no row on (a returner's time at
    another school)."""
    had = sorted({d for m in s.marks.values() for d, _ in m})
    mine = {d for d, _ in s.marks[upn]}
    out: list[list[D]] = []
    inside = False
    for d in had:
        if d in mine:
            if inside:
                out[-1][1] = d
            else:
                out.append([d, d])
            inside = True
        elif out and inside:
            inside = False
    return [(a, b) for a, b in out]


def write_list(trust: Trust, path: Path) -> Path:
    """The trust's pupil list: a row an enrolment, with a School column (docs/trust.md, "The
    trust's pupil list"): admission the first day of each time on roll (1 September for
    one from the school's first day), leaving the last (none when it is the school's)."""
    rows = ["School,UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date"]
    for s in trust.schools:
        first = min(d for m in s.marks.values() for d, _ in m)
        last = max(d for m in s.marks.values() for d, _ in m)
        for upn, who in s.people.items():
            for a, b in spells(s, upn):
                joined = D(2026, 9, 1) if a == first else s.early.get(upn, a)
                left = "" if b == last else f"{b:%d/%m/%Y}"
                rows.append(f"{s.name},{upn},{who.surname},{who.forename},{who.dob:%d/%m/%Y},"
                            f"{joined:%d/%m/%Y},{left}")  # fmt: skip
        for upn, (joined, who) in s.expected.items():
            rows.append(f"{s.name},{upn},{who.surname},{who.forename},{who.dob:%d/%m/%Y},"
                        f"{joined:%d/%m/%Y},")  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def write_trust(trust: Trust, folder: Path) -> tuple[Path, list[Path]]:
    from builders import register_rows, write_long_csv

    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "attcli.toml"
    config.write_text(config_text(trust), encoding="utf-8")
    files, regs = [], []
    for s in trust.schools:
        rows = []
        for upn, marks in s.marks.items():
            who = s.people[upn]
            for (d, sess), m in sorted(marks.items()):
                rows.append({"upn": upn, "date": d, "session": sess, "mark": m,
                             "surname": who.surname, "forename": who.forename, "dob": who.dob})  # fmt: skip
        reg = register_rows(rows, school=s.name)
        files.append(write_long_csv(reg, folder / f"{s.key}-autumn.csv", dob=True, groups=True))
        regs.append(reg)
    # the trust's shared export: every school's rows, a School column saying whose
    import polars as pl

    write_long_csv(pl.concat(regs), folder / "trust-autumn.csv", dob=True, groups=True, school=True)
    return config, files


# ---- the model (DOMAIN.md and docs/trust.md only)

POSSIBLE = {
    "attended": {"/", "\\", "L", "K", "V", "P", "W", "B"},
    "authorised": {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E"},
    "unauthorised": {"G", "N", "O", "U"},
}
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#"} | {f"Y{i}" for i in range(1, 8)}
LATE = {"L", "U"}


def category(code: str) -> str | None:
    if code in ("-", ""):  # a missing mark: left out of possible (DOMAIN.md 1)
        return None
    for cat, codes in POSSIBLE.items():
        if code in codes:
            return cat
    assert code in NOT_POSSIBLE, code
    return None


def band(attended: int, possible: int, green: int = 92, least: int = 10) -> str | None:
    """DOMAIN.md 3's bands on exact fractions (green's line the school's own); no band
    under the school's fewest possible sessions (default 10)."""
    if possible < least or possible == 0:
        return None
    if 2 * attended <= possible:
        return "severe"
    if 10 * attended <= 9 * possible:
        return "red"
    if 100 * attended < green * possible:
        return "amber"
    return "green"


def csa(dob: D, on: D) -> bool:
    """DOMAIN.md 5: from the prescribed day (31 Dec, 31 Mar, 31 Aug) on or after the 5th
    birthday, to the last Friday in June of the school year in which the child turns 16."""
    five = D(dob.year + 5, dob.month, dob.day)
    starts = min(x for y in (five.year, five.year + 1)
                 for x in (D(y, 12, 31), D(y, 3, 31), D(y, 8, 31)) if x >= five)  # fmt: skip
    sixteen = D(dob.year + 16, dob.month, dob.day)
    year_end = sixteen.year if sixteen.month < 9 else sixteen.year + 1
    june = D(year_end, 6, 30)
    while june.weekday() != 4:
        june -= ONE
    return starts <= on <= june


@dataclass
class SchoolModel:
    as_of: D
    school_weeks: list[D]  # Mondays of the weeks with a session that is not a closure
    half_term: tuple[D, D]
    window: tuple[D, D]
    pupils: dict[str, dict] = field(default_factory=dict)


def cut(trust: Trust) -> Trust:
    """The trust's registers up to the as-of date: the period's marks (a pupil with none
    then is not one of the period's)."""
    import copy

    if trust.as_of is None:
        return trust
    out = copy.deepcopy(trust)
    for s in out.schools:
        for upn in list(s.marks):
            s.marks[upn] = {k: m for k, m in s.marks[upn].items() if k[0] <= trust.as_of}
            if not s.marks[upn]:
                del s.marks[upn], s.people[upn]
    return out


def model_school(trust: Trust, s: School, full: School, listed: bool = False) -> SchoolModel:
    """``s`` the school's registers up to the as-of date (:func:`cut`), ``full`` all of
    them: a pupil's time on roll is from their first mark to their last (DOMAIN.md 1), or,
    ``listed``, the pupil list's times (:func:`write_list`), which decide it."""
    sessions = {k for marks in s.marks.values() for k in marks}
    last_day = max(d for d, _ in sessions)
    as_of = trust.as_of or last_day  # the last date in the data
    opened: set[D] = set()
    for marks in s.marks.values():
        for (d, _), m in marks.items():
            if not m.startswith("Y"):  # a week closed unexpectedly is no school week
                opened.add(d - dt.timedelta(days=d.weekday()))
    # (a school whose exports start late: its window starts where they do, and the
    # check's note says how many of the school weeks they hold)
    weeks = sorted(w for w in opened if w <= as_of)
    window_weeks = weeks[-s.pn_weeks:]  # DOMAIN.md 5: the 10 school weeks up to the as-of date
    # from the first week's first school day (a day with a possible session: not an
    # INSET day's '#' for everyone, nor a Monday of the summer holiday: sweep rules3)
    held = {d for marks in s.marks.values() for (d, _), m in marks.items()
            if m not in ("#", "X", "D", "Q", "Z", "-", "") and not m.startswith("Y")}  # fmt: skip
    window = (min(d for d in held
                  if d - dt.timedelta(days=d.weekday()) == window_weeks[0]), as_of)  # fmt: skip
    # the half term of the as-of date, or the one just ended in a holiday (docs/report.md)
    ht = max((a, b) for _, a, b in half_terms(s) if a <= as_of)
    out = SchoolModel(as_of, weeks, ht, window)
    # the sessions the school had: a row of some pupil's, and not a whole-school closure
    # (every row Y1: the school was shut, no register to complete)
    shut = {k for k in sessions
            if all(m.get(k, "Y1") == "Y1" for m in s.marks.values())}  # fmt: skip
    opened_sessions = sessions - shut
    for upn, marks in s.marks.items():
        who = s.people[upn]
        first, last = min(marks), max(full.marks[upn])
        f = {"possible": 0, "attended": 0, "authorised": 0, "unauthorised": 0, "lates": 0,
             "pn": 0, "pn_sessions": set()}  # fmt: skip
        for (d, sess), m in marks.items():
            cat = category(m)
            if cat is None:
                continue
            f["possible"] += 1
            f[cat] += 1
            if m in LATE and ht[0] <= d <= ht[1]:
                f["lates"] += 1
            if cat == "unauthorised" and d >= FRAMEWORK and csa(who.dob, d):
                f["pn_sessions"].add((d, sess))
                if window[0] <= d <= window[1]:
                    f["pn"] += 1
        # persistent absence: the national line, 90 % or less, whatever the school's bands
        f["pa"] = f["possible"] >= s.min_possible and 10 * f["attended"] <= 9 * f["possible"]
        f["sa"] = f["possible"] >= s.min_possible and 2 * f["attended"] <= f["possible"]
        f["runs"] = runs(marks)
        # missing marks (DOMAIN.md 1): "-", and the school's sessions inside the time on
        # roll (first row to last) with no row of the pupil
        f["missing"] = sum(m == "-" for m in marks.values()) + sum(
            1 for k in opened_sessions if first < k < last and k not in marks
        )
        if listed:  # the list's times on roll: a returner's gap is no missing row, and
            # a mover's days on roll before the first row are missing rows
            f["missing"] = sum(m == "-" for m in marks.values()) + sum(
                1 for k in opened_sessions if s.early.get(upn, first[0]) <= k[0] and k < first
            )
        f["band"] = band(f["attended"], f["possible"], s.green, s.min_possible)
        if s.late:  # DOMAIN.md 2: exports from a later day give no year-to-date band
            f["band"], f["pa"], f["sa"] = None, False, False
        # a last row before the school's last day: left (a closure at the end, every row
        # Y1, is no register the pupil's rows could be in: not a day to have left by)
        f["on_roll"] = last >= max(opened_sessions)
        if listed:  # the list's leaving date decides: on roll on the school's last day up
            # to the as-of date (as attcli reads it; a leaving date on the last day before a
            # holiday, the as-of date in it, is on roll: docs/decisions.md, this sweep)
            school_end = max(d for m in full.marks.values() for d, _ in m)
            day = max(opened_sessions)[0]
            f["on_roll"] = any(a <= as_of and (b == school_end or b >= day)
                               for a, b in spells(full, upn))  # fmt: skip
        f["csa"] = csa(who.dob, as_of)
        out.pupils[upn] = f
    if listed:  # on the list's roll from a day up to the as-of date, the rows all after it:
        # the school's pupil, every session a missing mark (DOMAIN.md 1: the list decides)
        for upn, joined in s.early.items():
            if upn not in s.marks and upn in full.marks and joined <= as_of:
                out.pupils[upn] = {
                    "possible": 0, "attended": 0, "authorised": 0, "unauthorised": 0,
                    "lates": 0, "pn": 0, "pn_sessions": set(), "pa": False, "sa": False,
                    "runs": [0], "band": None, "on_roll": True,
                    "csa": csa(full.people[upn].dob, as_of),
                    "missing": sum(1 for k in opened_sessions if k[0] >= joined),
                }  # fmt: skip
    return out


def runs(marks: dict[tuple[D, str], str]) -> list[int]:
    """DOMAIN.md 6: the pupil's runs of school days whose every possible session is an
    unexplained absence (N O G); a day with no possible session (D, Y1, a missing mark, no
    row) neither counts nor breaks a run; any other possible session breaks it.  The last
    is the run still going on the pupil's last day."""
    days: dict[D, list[str]] = {}
    for (d, _), m in marks.items():
        if category(m) is not None:
            days.setdefault(d, []).append(m)
    out = [0]
    for d in sorted(days):
        if all(m in ("N", "O", "G") for m in days[d]):
            out[-1] += 1
        elif out[-1]:
            out.append(0)
    return out


def two_children(trust: Trust) -> set[str]:
    """UPNs two schools give to two different children (another date of birth or
    forename: docs/trust.md)."""
    seen: dict[str, list[Child]] = {}
    for s in trust.schools:
        for upn, who in s.people.items():
            seen.setdefault(upn, []).append(who)
    return {u for u, ws in seen.items()
            if any((a.dob, a.forename) != (b.dob, b.forename) for a in ws for b in ws)}  # fmt: skip


def across_line(trust: Trust, models: dict[str, SchoolModel], upn: str) -> tuple | None:
    """docs/trust.md: a mover (same UPN, name, birthday at two schools) whose unauthorised
    sessions at the schools together, in the window of the school the pupil is on roll at,
    reach the threshold, under it at each alone: (n, window, {school name: its count}).
    A session counts once, and only when every school with a possible mark in it counts
    it (DOMAIN.md 1: present at one school is no child's unauthorised absence; D is not
    possible)."""
    held = [s for s in trust.schools if upn in s.marks]
    if len(held) < 2 or upn in two_children(trust):
        return None
    ms = {s.key: models[s.key].pupils[upn] for s in held}
    if any(ms[s.key]["pn"] >= s.pn_sessions for s in held):
        return None
    here = [s for s in held if ms[s.key]["on_roll"]]
    if not here:
        return None
    # a pupil on roll at two schools (dual registered): each one's window in turn, the
    # latest first (decided in this sweep: docs/decisions.md)
    for s0 in sorted(here, key=lambda s: models[s.key].window[1], reverse=True):
        if not ms[s0.key]["csa"]:
            continue
        start, end = models[s0.key].window
        each = {}
        counted = set()
        for s in held:
            mine = {k for k in ms[s.key]["pn_sessions"] if start <= k[0] <= end}
            each[s.name] = len(mine)
            counted |= mine
        n = 0
        for k in counted:
            marks = [s.marks[upn].get(k) for s in held]
            poss = [m for m in marks if m is not None and category(m) is not None]
            if all(category(m) == "unauthorised" for m in poss):
                n += 1
        if n >= s0.pn_sessions:
            return n, (start, end), each
    return None


def model_trust(trust: Trust) -> dict:
    full = {s.key: s for s in trust.schools}
    trust = cut(trust)
    models = {s.key: model_school(trust, s, full[s.key]) for s in trust.schools}
    with_list = {s.key: model_school(trust, s, full[s.key], True) for s in trust.schools}
    rows = {}
    for s in trust.schools:
        ps = models[s.key].pupils.values()
        banded = [p for p in ps if p["band"] is not None]
        rows[s.name] = {
            "pupils": len(ps), "banded": len(banded),
            "pa": sum(p["pa"] for p in banded),
            "sa": sum(p["sa"] for p in banded),
            **{k: sum(p[k] for p in ps) for k in ("possible", "attended", "unauthorised")},
        }  # fmt: skip
    total = {k: sum(r[k] for r in rows.values()) for k in next(iter(rows.values()))}
    # docs/trust.md: a school whose exports miss part of the period has no band, so no PA
    # or SA count, and beside it the trust's are not shown either
    late = [s.name for s in trust.schools if s.late]
    for name in late:
        rows[name].update(banded=None, pa=None, sa=None)
    if late:
        total.update(banded=None, pa=None, sa=None)
    # the change since last half term (docs/report.md): attendance year to date now less
    # year to date on the last day of the school's previous half term, in points; none
    # where the as-of date is in the school's first half term
    previous: dict[str, tuple[D, int, int] | None] = {}
    for s in trust.schools:
        held = min(d for marks in s.marks.values() for d, _ in marks)
        # (none before the exports' first day: docs/report.md)
        now = models[s.key].half_term[0]  # (in a holiday: the half term just ended)
        ends = [b for _, _, b in half_terms(s) if held <= b < now]
        if not ends:
            previous[s.name] = None
            continue
        end = max(ends)
        att = pos = 0
        for marks in s.marks.values():
            for (d, _), m in marks.items():
                cat = category(m)
                if cat is not None and d <= end:
                    att += cat == "attended"
                    pos += 1
        previous[s.name] = (end, att, pos)
    # each school's weeks: attended and possible sessions of every pupil, a week (Monday)
    weekly: dict[str, dict[D, list[int]]] = {}
    weekday: dict[str, dict[str, list[int]]] = {}  # and by weekday
    for s in trust.schools:
        for marks in s.marks.values():
            for (d, _), m in marks.items():
                cat = category(m)
                if cat is not None:
                    monday = d - dt.timedelta(days=d.weekday())
                    w = weekly.setdefault(s.name, {}).setdefault(monday, [0, 0])
                    w[0] += cat == "attended"
                    w[1] += 1
                    day = f"{d:%A}"
                    w = weekday.setdefault(s.name, {}).setdefault(day, [0, 0])
                    w[0] += cat == "attended"
                    w[1] += 1
    # docs/trust.md, "How suppression works": a school of 1-4 pupils has no figures, and
    # where exactly one is hidden, the next smallest too
    hidden = {n for n, r in rows.items() if 0 < r["pupils"] < trust.min_cohort}
    if len(hidden) == 1:
        shown = sorted((r["pupils"], n) for n, r in rows.items() if n not in hidden)
        hidden.add(shown[0][1])  # (a tie is either: checked as such below)
    # movers: the same UPN, name and birthday at two schools or more
    two = two_children(trust)
    movers = {u: [s for s in trust.schools if u in s.marks] for u in trust.kinds}
    movers = {u: ss for u, ss in movers.items() if len(ss) > 1 and u not in two}
    sa_twice = [k for u, ss in movers.items()
                if (k := sum(models[s.key].pupils[u]["sa"] for s in ss)) > 1]
    pa_twice = [k for u, ss in movers.items()
                if (k := sum(models[s.key].pupils[u]["pa"] for s in ss)) > 1]
    return {
        "models": models,
        "with_list": with_list,
        "period": trust,
        "rows": rows,
        "total": total,
        "weekly": weekly,
        "weekday": weekday,
        "late": late,
        "previous": previous,
        "hidden": hidden,
        "movers": len(movers),
        # (of them, dual registered: on both rolls at once, never "moved", sweep twoupn2)
        "dual": sum(trust.kinds[u] == "dual" for u in movers),
        "children": total["pupils"] - sum(len(ss) - 1 for ss in movers.values()),
        "pa_twice": pa_twice,
        "sa_twice": sa_twice,
        "two": len(two),
        "across": {u: across_line(trust, models, u) for u in movers},
    }


# ---- attcli's outputs, compared


def run_attcli(trust: Trust, folder: Path) -> dict:
    import openpyxl

    from clirun import run_cli

    config, files = write_trust(trust, folder)
    got: dict = {}
    got["runs"] = {}
    as_of = ["--as-of", trust.as_of.isoformat()] if trust.as_of else []
    listed = ["--pupils", write_list(trust, folder / "pupils.csv")]
    runs = [("files", files, []), ("shared", [folder / "trust-autumn.csv"], [])]
    if "two" not in trust.kinds.values():
        runs.append(("listed", [folder / "trust-autumn.csv"], listed))
    else:  # a list giving one UPN two children's names is refused, in one line saying so
        code, _, err = run_cli("check", folder / "trust-autumn.csv", "-c", config, "--per-school",
                               folder / "C-two", *as_of, *listed, width=100000)  # fmt: skip
        assert code == 1 and "is two different children's in the list" in err, (trust.seed, err)
    for how, given, more in runs:
        out = folder / f"C-{how}"
        code, _, err = run_cli("check", *given, "-c", config, "--per-school", out, *as_of,
                               *more, width=100000)  # fmt: skip
        assert code == 0, (trust.seed, how, err)
        assert "Traceback" not in err
        got["runs"][how] = (
            {s.key: json.loads((out / f"{s.key}-check.json").read_text("utf-8"))
             for s in trust.schools},
            " ".join(err.split()),
        )  # fmt: skip
    out = folder / "trust.xlsx"
    code, _, err = run_cli("report", "--trust", *files, "-c", config, "-o", out, *as_of,
                           width=100000)  # fmt: skip
    assert code == 0, (trust.seed, err)
    got["report_err"] = " ".join(err.split())
    wb = openpyxl.load_workbook(out)
    sheet = list(wb["Schools"].iter_rows(values_only=True))
    head = sheet[0]
    got["schools"] = {r[0]: dict(zip(head, r, strict=True)) for r in sheet[1:]}
    got["notes"] = " ".join(" ".join(str(c) for c in r if c) for r in wb["Notes"].iter_rows(values_only=True))
    weekly = list(wb["Weekly"].iter_rows(values_only=True))
    got["weekly"] = {r[0]: dict(zip(weekly[0][1:], r[1:], strict=True)) for r in weekly[1:]}
    days = list(wb["Weekdays"].iter_rows(values_only=True))
    got["weekday"] = {r[0]: dict(zip(days[0][1:], r[1:], strict=True)) for r in days[1:]}
    # the same trust from each school's summary (attcli summary on its own file, run as its
    # [schools.KEY]): docs/trust.md, the same figures either way
    made = []
    for s, f in zip(trust.schools, files, strict=True):
        made.append(folder / f"{s.key}.summary.json")
        code, _, err = run_cli("summary", f, "-c", config, "-o", made[-1], *as_of)
        assert code == 0, (trust.seed, s.key, err)
    out = folder / "trust-summaries.xlsx"
    code, _, err = run_cli("report", "--trust", *made, "-c", config, "-o", out, *as_of)
    assert code == 0, (trust.seed, err)
    sheet = list(openpyxl.load_workbook(out)["Schools"].iter_rows(values_only=True))
    got["from_summaries"] = {r[0]: dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]}
    return got


def compare(trust: Trust, exp: dict, got: dict) -> list[str]:
    bad: list[str] = []
    for how, (checks, err) in got["runs"].items():
        bad += [f"{how}: {x}" for x in compare_check(trust, exp, checks, err, how == "listed")]
    bad += compare_report(trust, exp, got)
    return bad


def compare_check(trust: Trust, exp: dict, checks: dict, err: str, listed: bool) -> list[str]:
    """Each school's check (its pupils' figures) and the trust's penalty-notice lines."""
    bad: list[str] = []
    seed = trust.seed
    for s in trust.schools:
        m = exp["with_list" if listed else "models"][s.key]
        check = checks[s.key]
        if check["as_of"] != m.as_of.isoformat():
            bad.append(f"{seed} {s.key}: as_of {check['as_of']} != {m.as_of}")
        pupils = {p["upn"]: p for p in check["pupils"]}
        if set(pupils) != set(m.pupils):
            bad.append(f"{seed} {s.key}: pupils {sorted(pupils)} != {sorted(m.pupils)}")
            continue
        for upn, f in m.pupils.items():
            p = pupils[upn]
            want = {"possible": f["possible"], "attended": f["attended"],
                    "authorised": f["authorised"], "unauthorised": f["unauthorised"],
                    "band": f["band"], "lates_half_term": f["lates"],
                    "lates_flag": f["lates"] >= s.late_threshold, "on_roll": f["on_roll"],
                    "pn_window_sessions": f["pn"], "pn_threshold_met": f["pn"] >= s.pn_sessions,
                    "longest_absence_days": max(f["runs"]),
                    "missing_marks": f["missing"],
                    "pn_window_start": m.window[0].isoformat(),
                    "pn_window_end": m.window[1].isoformat()}  # fmt: skip
            if f["on_roll"]:
                want["continuous_absence_days"] = f["runs"][-1]
            else:  # a leaver's run to the last day on roll (DOMAIN.md 6)
                want["left_after_absence_days"] = f["runs"][-1]
            for k, v in want.items():
                if p.get(k) != v:
                    bad.append(f"{seed} {s.key} {upn} ({trust.kinds[upn]}): {k} {p.get(k)!r}, "
                               f"model {v!r}")  # fmt: skip
    # a pupil the list has on roll at a school with no row there is named (docs/trust.md)
    if listed:
        for s in trust.schools:
            for upn, (joined, _) in s.expected.items():
                if f"{upn} ({s.name} from {joined:%d/%m/%Y})" not in err:
                    bad.append(f"{seed} {upn}: not named as on the list at {s.name} from "
                               f"{joined:%d/%m/%Y} with no row there")  # fmt: skip
    # a UPN two schools give to two children: one line on the terminal (docs/trust.md)
    for upn in trust.kinds:
        said = f"UPN {upn} is two different children's" in err
        if said != (upn in two_children(exp["period"])):
            bad.append(f"{seed} {upn} ({trust.kinds[upn]}): two children's said {said}")
    # the across-schools penalty-notice line
    for upn, line in exp["across"].items():
        said = re.search(rf"\({upn}\) has (\d+) unauthorised sessions in the penalty-notice "
                         r"window (\S+) to (\S+) across the trust's schools \(([^)]*)\)", err)  # fmt: skip
        if line is None:
            if said:
                bad.append(f"{seed} {upn} ({trust.kinds[upn]}): across-schools line said "
                           f"({said.group(0)}), model: none")  # fmt: skip
            continue
        n, (a, b), each = line
        want = (f"({upn}) has {n} unauthorised sessions in the penalty-notice window "
                f"{a:%d/%m/%Y} to {b:%d/%m/%Y} across the trust's schools ("
                + ", ".join(f"{k}'s {v}" for k, v in each.items()) + ")")  # fmt: skip
        if want not in err:
            bad.append(f"{seed} {upn}: across-schools line {said.group(0) if said else None!r}, "
                       f"model {want!r}")  # fmt: skip
    return bad


def compare_report(trust: Trust, exp: dict, got: dict) -> list[str]:
    """The trust report's schools table and its notes."""
    bad: list[str] = []
    seed = trust.seed
    rows = got["schools"]
    if got["from_summaries"] != rows:
        bad.append(f"{seed} report from summaries {got['from_summaries']}, from exports {rows}")
    for name, r in [*exp["rows"].items(), ("Trust", exp["total"])]:
        g = rows.get(name)
        if g is None:
            bad.append(f"{seed}: no row {name} in the report")
            continue
        hidden = g["Pupils"] is None
        if name == "Trust" and (hidden or r["pupils"] < trust.min_cohort):
            # a trust of fewer than min_cohort pupils shows no trust figures (docs/trust.md)
            if hidden != (r["pupils"] < trust.min_cohort):
                bad.append(f"{seed}: the trust's {r['pupils']} pupils hidden {hidden}")
            continue
        if name != "Trust":
            shown = [x["pupils"] for n, x in exp["rows"].items()
                     if n not in exp["hidden"] or x["pupils"] >= trust.min_cohort]  # fmt: skip
            smallest = min(shown, default=0)  # (every school hidden: none shown)
            might = name in exp["hidden"] or (len(exp["hidden"]) == 2 and r["pupils"] == smallest)
            if hidden and not might:
                bad.append(f"{seed}: {name} ({r['pupils']} pupils) hidden, model shows it")
            if not hidden and name in exp["hidden"] and r["pupils"] < trust.min_cohort:
                bad.append(f"{seed}: {name} ({r['pupils']} pupils) shown, model hides it")
            if hidden:
                continue
        want = {"Pupils": r["pupils"], "Sessions attended": r["attended"],
                "Possible sessions": r["possible"], "Persistently absent": r["pa"],
                "Severely absent": r["sa"], "Pupils with a band": r["banded"]}  # fmt: skip
        for k, v in want.items():
            if g.get(k) != v:
                bad.append(f"{seed} report {name}: {k} {g.get(k)!r}, model {v!r}")
        prev = exp["previous"]
        if name == "Trust":
            ps = list(prev.values())
            if None in ps and any(ps):
                ps = None  # (some schools with a previous half term, some without: not said)
            elif None in ps or len({p[0] - dt.timedelta(days=p[0].weekday()) for p in ps}) > 1:
                ps = []
            else:
                ps = [(None, sum(p[1] for p in ps), sum(p[2] for p in ps))]
        else:
            ps = [prev[name]] if prev[name] else []
        if ps is not None:
            change = g["Change since last half term"]
            if not ps:
                if change is not None:
                    bad.append(f"{seed} report {name}: change {change}, model none")
            else:
                _, att0, pos0 = ps[0]
                want = 100 * (r["attended"] / r["possible"] - att0 / pos0)
                if change is None or abs(change - want) > 0.1001:
                    bad.append(f"{seed} report {name}: change {change!r}, model {want:.3f}")
        if name in exp["late"] and g.get("Note") != "no band: its exports miss part of the period":
            bad.append(f"{seed} report {name}: note {g.get('Note')!r}")
        if r["possible"] and abs(g["Unauthorised"] - r["unauthorised"] / r["possible"]) > 0.0006:
            bad.append(f"{seed} report {name}: unauthorised {g['Unauthorised']}, model "
                       f"{r['unauthorised']}/{r['possible']}")  # fmt: skip
    # the weekly table: each shown school's weeks, and the trust's where it is shown
    trust_week: dict[D, list[int]] = {}
    for weeks in exp["weekly"].values():
        for w, (att, pos) in weeks.items():
            t = trust_week.setdefault(w, [0, 0])
            t[0] += att
            t[1] += pos
    for name, weeks in [*exp["weekly"].items(), ("Trust", trust_week)]:
        g = got["weekly"].get(name)
        if g is None or (name != "Trust" and rows.get(name, {}).get("Pupils") is None):
            continue
        for w, (att, pos) in weeks.items():
            cell = g.get(dt.datetime(w.year, w.month, w.day))  # (a date cell: sweep looks8)
            if cell is None and name == "Trust" and exp["hidden"]:
                continue  # withheld beside a hidden school (docs/trust.md, the trust's weeks)
            if name == "Trust" and any(w not in exp["weekly"].get(x, {}) for x in exp["late"]):
                if cell is not None:  # a week the late school has no figures for
                    bad.append(f"{seed} weekly Trust {w:%d/%m}: {cell}, model not shown")
                continue
            if cell is None or abs(cell - att / pos) > 0.0006:
                bad.append(f"{seed} weekly {name} {w:%d/%m}: {cell!r}, model {att}/{pos}")
    for name, days in exp["weekday"].items():  # each shown school's weekdays
        if rows.get(name, {}).get("Pupils") is None:
            continue
        for day, (att, pos) in days.items():
            cell = got["weekday"].get(name, {}).get(day)
            if cell is None or abs(cell - att / pos) > 0.0006:
                bad.append(f"{seed} weekday {name} {day}: {cell!r}, model {att}/{pos}")
    notes = " ".join(got["notes"].split())
    # as-of dates in one week are added, each school's named (docs/trust.md), the
    # workbook's note begun as a sentence (sweep leftovers14)
    as_of = {s.name: exp["models"][s.key].as_of for s in trust.schools}
    if len(set(as_of.values())) > 1:
        want = ("The schools' figures are as of different days of the same week ("
                + ", ".join(f"{n} {d:%d/%m/%Y}" for n, d in as_of.items()))
        if want not in notes:
            bad.append(f"{seed}: model {want!r} not in notes")
    elif "as of different days of the same week" in notes:
        bad.append(f"{seed}: notes say different as-of days, model one: {as_of}")
    if exp["movers"]:
        n, dual = exp["movers"], exp["dual"]
        moved = n - dual
        lead = [f"{moved} pupil{' moved' if moved == 1 else 's moved'} between the trust's "
                "schools in the period"] if moved else []  # fmt: skip
        if dual:
            was = "was" if dual == 1 else "were"
            lead.append(f"{dual} {was} dual registered at two of them, on roll at both at once"
                        if moved else f"{dual} pupil{'' if dual == 1 else 's'} {was} dual "
                        "registered at two of the trust's schools in the period, on roll at "
                        "both at once")  # fmt: skip
        want = " and ".join(lead) + " (the same UPN, name and date of birth"
        if want not in notes or f"so the trust's {exp['total']['pupils']} pupils are " \
                f"{exp['children']} children" not in notes:  # fmt: skip
            bad.append(f"{seed}: movers note, model {n} movers, {exp['children']} children: "
                       f"{notes[:600]}")
        # fewer movers than min_cohort: how many are PA or SA at two schools is not said,
        # a clause says so (docs/trust.md; the lead's decision, sweep leftovers7)
        small = not exp["late"] and n < trust.min_cohort
        if small:
            want = (f"as {'1 is' if n == 1 else 'they are'} fewer than {trust.min_cohort} "
                    "(the report's smallest group shown with figures), whether")
            if want not in notes:
                bad.append(f"{seed}: model {want!r} not in notes")
            for kind in ("persistently", "severely"):
                if f"of them is {kind} absent" in notes or f"of them are {kind} absent" in notes:
                    bad.append(f"{seed}: notes count {kind} absent movers under min_cohort")
        for key, kind, short in (("pa", "persistently", "PA"), ("sa", "severely", "SA")):
            twice = exp[f"{key}_twice"] if not exp["late"] else []
            if small:
                continue
            if twice:
                k = len(twice)
                total = exp["total"][key]
                want = (f"{k} of them {'is' if k == 1 else 'are'} {kind} absent at two "
                        f"schools{'' if max(twice) == 2 else ' or more'}, so the trust's "
                        f"{total} {kind} absent pupils are "
                        f"{total - sum(x - 1 for x in twice)} children")
                if want not in notes:
                    bad.append(f"{seed}: model {want!r} not in notes")
            elif f"{kind} absent at two" in notes:
                bad.append(f"{seed}: notes say {short} at two schools, model none")
    elif "between the trust's schools in the period" in notes or "dual registered at" in notes:
        bad.append(f"{seed}: notes name movers, model none")
    if exp["two"]:
        k = exp["two"]
        if f"{k} UPN{' is' if k == 1 else 's are'} two different children's" not in notes:
            bad.append(f"{seed}: model {k} UPNs of two children, notes: {notes[:400]}")
    elif "two different children's" in notes:
        bad.append(f"{seed}: notes say a UPN of two children, model none")
    return bad


def one_seed(seed: int) -> list[str]:
    trust = make_trust(seed)
    exp = model_trust(trust)
    with tempfile.TemporaryDirectory(prefix=f"oracletrust-{seed}-") as tmp:
        got = run_attcli(trust, Path(tmp))
    return compare(trust, exp, got)


QUICK = [355, 385, 10]  # movers, a returner, dual, two children, hidden schools, the PN line, --as-of; a late export


@pytest.mark.parametrize("seed", QUICK + list(range(1000, 1000 + int(os.environ.get("ORACLETRUST_SEEDS", "0")))))
def test_the_trust_views_agree_with_the_model(seed, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    bad = one_seed(seed)
    assert not bad, "\n".join(bad)


if __name__ == "__main__":
    first, count = int(sys.argv[1]), int(sys.argv[2])
    for seed in range(first, first + count):
        try:
            for line in one_seed(seed):
                print(line, flush=True)
        except AssertionError as exc:
            print(seed, "ERROR", str(exc)[:600], flush=True)


# ---- the disagreements, worked by hand


def _ash_and_birch(folder, ash, birch, holiday, born, upn):  # noqa: ANN001, ANN202
    """Oak Trust's check of Ash Primary School (``ash``: UPN -> marks) and Birch Academy
    (``birch``), one long CSV each, ``--per-school`` into ``folder``/C: each school's pupil
    ``upn`` of its JSON (``a``, ``b``) and what the run said (stderr)."""
    from attcli.config import init_text
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, DETAILS
    from test_sweep_movers import SCHOOLS

    a = register(ash, holidays=holiday, school="Ash Primary School", dob=dict.fromkeys(ash, born))
    b = register(birch, holidays=holiday, school="Birch Academy", dob=dict.fromkeys(birch, born))
    config = folder / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + AUTUMN_HALF_TERMS + SCHOOLS, encoding="utf-8")
    fa = write_long_csv(a, folder / "a-autumn.csv", dob=True, groups=True)
    fb = write_long_csv(b, folder / "b-autumn.csv", dob=True, groups=True)
    code, _, err = run_cli("check", fa, fb, "-c", config, "--per-school", folder / "C")
    assert code == 0, err
    got = {k: next(p for p in json.loads((folder / "C" / f"{k}-check.json").read_text("utf-8"))["pupils"]
                   if p["upn"] == upn) for k in "ab"}  # fmt: skip
    return got, err


def test_a_mover_s_sessions_before_the_old_school_s_own_window_count_in_the_new_school_s(
    tmp_path,
):
    """Found by the oracle (seeds 492, 519, 540, 584): the trust's penalty-notice line took
    the old school's sessions from the old school's own window, not from the dates of the
    window of the school the pupil is on roll at (docs/trust.md).  By hand: Ash and Birch,
    the workspace's half terms (holiday 26-30 October), registers from Monday 7 September
    to Friday 27 November.  Ash had 11 school weeks, so its window as of 27/11 is the 10
    from 14/09; Birch was closed all the week of 5 October (every pupil ``Y1``: no school
    week, DOMAIN.md 10), so its 10 school weeks reach back to 07/09.  M on Ash's roll to
    Friday 9 October, ``O`` Monday and Tuesday 7-8 September (4) and Monday 14 September
    (2); on Birch's from Monday 12 October, ``O`` Monday and Tuesday 19-20 October (4).
    Ash's window holds 2, Birch's 4: in Birch's window, 07/09 to 27/11, M has 6 + 4 = 10
    unauthorised sessions across the two schools, the threshold, and is said (attcli said
    nothing: it added Ash's 2).  With Tuesday 8 September present: 9, not said."""

    holiday = [D(2026, 10, 26) + i * ONE for i in range(5)]
    n = 55  # school days from 7 September to 27 November, the half term left out
    P = "/\\"

    def marks(absent=(), off=(), closed=(), present=()) -> str:  # noqa: ANN001
        return " ".join("!" if i in off else "Y1.Y1" if i in closed else "O" if i in absent
                        else P for i in range(n))  # fmt: skip

    m = "M999000000009"
    born = D(2015, 5, 5)
    closed = range(20, 25)  # Birch: 5-9 October
    for absent, said in (((0, 1, 5), True), ((0, 5), False)):
        folder = tmp_path / ("said" if said else "not")
        folder.mkdir()
        ash = {f"A99910000000{i}": marks() for i in range(1, 5)}
        ash[m] = marks(absent, off=range(25, n))
        birch = {f"B99920000000{i}": marks(closed=closed) for i in range(1, 5)}
        birch[m] = marks((30, 31), off=range(25))
        if not said:  # Tuesday 8 September present in the afternoon: 9
            ash[m] = " ".join("O/" if i == 1 else t for i, t in enumerate(marks((0, 1, 5), off=range(25, n)).split()))
        got, err = _ash_and_birch(folder, ash, birch, holiday, born, m)
        assert [(p["pn_window_start"], p["pn_window_sessions"]) for p in got.values()] == [
            ("2026-09-14", 2), ("2026-09-07", 4)]
        err = " ".join(err.split())
        if said:
            assert (f"({m}) has 10 unauthorised sessions in the penalty-notice window 07/09/2026 "
                    "to 27/11/2026 across the trust's schools (Ash Primary School's 6, Birch "
                    "Academy's 4), the threshold of 10") in err, err
        else:
            assert "across the trust's schools" not in err, err


def test_a_dual_registered_pupil_s_sessions_are_said_in_the_window_of_either_school(tmp_path):
    """Found by the oracle's seeds it left aside (a pupil on roll at two schools whose
    windows differ): the trust's line took the window of the first school given when both
    windows end on the as-of date, and never tried the other.  By hand, the registers of
    the test above (Ash's window 14/09 to 27/11; Birch, closed 5-9 October, 07/09 to
    27/11): M dual registered all the while, ``D`` at Ash on Birch's days (from 12
    October) and at Birch on Ash's (to 9 October).  ``O`` at Ash Monday and Tuesday 7-8
    September (4, before Ash's own window) and at Birch Monday to Wednesday 19-21 October
    (6).  In Ash's window M has 6 across the two schools; in Birch's, where M is on roll
    too, 4 + 6 = 10, the threshold: said, with Birch's window (attcli said nothing).  With
    Tuesday 8 September present at Ash: 9 in either window, not said."""

    holiday = [D(2026, 10, 26) + i * ONE for i in range(5)]
    n, P, m, born = 55, "/\\", "M999000000009", D(2015, 5, 5)

    def marks(absent=(), dual=(), closed=()) -> str:  # noqa: ANN001
        return " ".join("Y1.Y1" if i in closed else "D" if i in dual else "O" if i in absent
                        else P for i in range(n))  # fmt: skip

    closed = range(20, 25)  # Birch: 5-9 October
    for said in (True, False):
        folder = tmp_path / ("said" if said else "not")
        folder.mkdir()
        ash = {f"A99910000000{i}": marks() for i in range(1, 5)}
        ash[m] = marks((0, 1), dual=range(25, n))
        if not said:
            ash[m] = " ".join("O/" if i == 1 else t for i, t in enumerate(ash[m].split()))
        birch = {f"B99920000000{i}": marks(closed=closed) for i in range(1, 5)}
        birch[m] = marks((30, 31, 32), dual=range(20), closed=closed)
        got, err = _ash_and_birch(folder, ash, birch, holiday, born, m)
        assert [(p["pn_window_start"], p["pn_window_sessions"], p["on_roll"])
                for p in got.values()] == [("2026-09-14", 0, True), ("2026-09-07", 6, True)]
        err = " ".join(err.split())
        if said:
            assert (f"({m}) has 10 unauthorised sessions in the penalty-notice window 07/09/2026 "
                    "to 27/11/2026 across the trust's schools (Ash Primary School's 4, Birch "
                    "Academy's 6), the threshold of 10") in err, err
            assert ("Birch Academy, where the pupil is on roll, may ask the local authority "
                    "whether the sessions at Ash Primary School count") in err, err
        else:
            assert "across the trust's schools" not in err, err


def test_a_pupil_who_joins_another_school_after_the_as_of_date_is_no_mover_of_the_period(
    tmp_path,
):
    """Found by the oracle (seed 4 with an as-of date inside the data): the trust report's
    movers note read every pupil of the exports, not the period's, so a pupil whose rows
    at the second school all fall after the as-of date was a mover "in the period" and
    taken off the trust's children.  By hand, the movers sweep's trust (M and K on Ash's
    roll 7-18 September, on Birch's from Monday 21 September): as of Friday 18 September,
    Ash has 6 pupils and Birch 3 (B1-B3), the trust 9 pupils, 9 children, no pupil on roll
    at two schools in the period: nothing said (attcli said "2 pupils moved ... the
    trust's 9 pupils are 7 children").  As of Monday 21 September both are: 11 pupils, 9
    children, said."""
    import openpyxl

    from clirun import run_cli
    from test_sweep_movers import trust as movers_trust

    t = movers_trust(tmp_path)
    for as_of, pupils, said in (("2026-09-18", 9, None), ("2026-09-21", 11, 9)):
        out = tmp_path / f"trust-{as_of}.xlsx"
        code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out,
                               "--as-of", as_of)  # fmt: skip
        assert code == 0, err
        wb = openpyxl.load_workbook(out)
        rows = {r[0]: r for r in wb["Schools"].iter_rows(values_only=True)}
        assert rows["Trust"][3] == pupils, rows
        notes = " ".join(str(r[0]) for r in wb["Notes"].iter_rows(values_only=True))
        if said is None:
            assert "moved between the trust's schools" not in notes, notes
        else:
            assert (f"2 pupils moved between the trust's schools in the period (the same UPN, "
                    "name and date of birth in two schools' exports): each is counted at each "
                    f"school it was on roll at, as the DfE counts enrolments, so the trust's "
                    f"{pupils} pupils are {said} children") in notes, notes


def test_a_trust_list_giving_one_upn_two_children_at_two_schools_says_so(tmp_path):
    """Found by the oracle (seed 4, its pupil list): the trust's pupil list, a row an
    enrolment with a School column, giving M at Ash and at Birch under another forename and
    date of birth (two children under one UPN, which the exports' reading says and goes on
    with) was refused with "keep one row per pupil": advice that, followed, deletes an
    enrolment from a list of enrolments.  It is still refused (the list is one pupil a UPN:
    which child is which school's cannot be read from it), in one line that says what is
    wrong and where to correct it."""
    from clirun import one_line, run_cli
    from test_sweep_movers import _pupil_list
    from test_sweep_movers import trust as movers_trust

    t = movers_trust(tmp_path)
    listed = _pupil_list(tmp_path / "pupils.csv", school=True)
    text = listed.read_text(encoding="utf-8").splitlines()
    i = next(n for n, r in enumerate(text) if r.startswith("Birch Academy,M999000000009"))
    text[i] = text[i].replace("ForenameM999000000009,05/05/2015", "Zebedee,01/01/2016")
    listed.write_text("\n".join(text) + "\n", encoding="utf-8")
    code, _, err = run_cli("check", t["shared"], "-c", t["config"], "--per-school",
                           tmp_path / "C", "--pupils", listed, width=400)  # fmt: skip
    assert code == 1
    line = one_line(err)
    assert "keep one row per pupil" not in line, line
    assert (f"line {i + 1}" in line and "UPN M999000000009 is two different children's in the "
            "list (another forename or date of birth at Ash Primary School and at Birch "
            "Academy, lines") in line, line
    assert "Correct the UPN in the MIS of the school where it is wrong" in line, line
