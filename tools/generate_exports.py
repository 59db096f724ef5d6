#!/usr/bin/env python3
"""Synthetic MIS register exports for attcli.

Two modes:

``examples``
    The shipped example files for one school (Oakfield Academy, autumn term
    2026): an Arbor-style long CSV, the same marks as an Integris-style wide
    xlsx, a contacts export, a pupil list, and ``expected/planted.json`` with
    the numbers attcli must reproduce for the planted pupils; six weekly spring
    exports (4 Jan - 12 Feb 2027) and ``expected/cases.json``, what `attcli
    cases` must list in six weekly runs of seed 004's ladder.  Seeded and
    byte-identical on every run.

``bench``
    Large files for benchmarks (a school year from Tue 1 Sep 2026, long or
    wide, CSV or xlsx), generated column-wise with polars; ``--contacts FILE``
    also (or only) writes a contacts export for the same pupils.

This script is the independent source of truth for attcli's tests: it imports
nothing from attcli.  Its own small code table and plain-Python loops
(``analyse``) compute the expected values from the marks it writes, following
``DOMAIN.md``.  Needs only the standard library, polars and openpyxl.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import json
import random
import re
import sys
import textwrap
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

SEED = 20260902
REPO = Path(__file__).resolve().parent.parent

SCHOOL = "Oakfield Academy"
URN = "123456"
LA = "999"

# --------------------------------------------------------------------------
# Codes (DOMAIN.md section 1), kept here on purpose: not imported from attcli.
# --------------------------------------------------------------------------
PRESENT = frozenset({"/", "\\", "L"})
APPROVED = frozenset({"K", "V", "P", "W", "B", "J"})  # J: legacy interview
AUTHORISED = frozenset(
    {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "H", "F"}  # H F: legacy
)
UNAUTHORISED = frozenset({"G", "N", "O", "U"})
NOT_POSSIBLE = frozenset(
    {"D", "X", "Q", "Z", "#", "Y"} | {f"Y{i}" for i in range(1, 8)}
)  # Y: legacy enforced closure
# "-" is SIMS's explicit "no mark recorded": a missing mark wherever it stands (not
# possible, never "not on roll").  Outside a pupil's time on roll the exports have no
# row (long) or a blank cell (wide), never "-".
MISSING = "-"
ATTENDED = PRESENT | APPROVED
LATE = frozenset({"L", "U"})
PN_CODES = UNAUTHORISED
CME_CODES = frozenset({"N", "O", "G"})
ILLNESS = frozenset({"I"})
ALL_CODES = ATTENDED | AUTHORISED | UNAUTHORISED | NOT_POSSIBLE | {MISSING}
PN_FROM = date(2024, 8, 19)  # the national penalty-notice framework began
STALE_N_DAYS = 5  # an N must be replaced within 5 school days (DOMAIN 12)
ARBOR_SUBCODE = {"I": "I01"}  # how Arbor writes a code; the test maps it back

AMPM = ("AM", "PM")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# --------------------------------------------------------------------------
# Calendar of the examples: autumn term 2026.
# --------------------------------------------------------------------------
PERIOD_START = date(2026, 9, 1)
TERM_FIRST = date(2026, 9, 2)
TERM_LAST = date(2026, 12, 18)
AS_OF = TERM_LAST
HALF_TERM = (date(2026, 10, 26), date(2026, 10, 30))
HT2_START = date(2026, 11, 2)
INSET = (date(2026, 9, 2), date(2026, 11, 2))
SNOW_DAY = date(2026, 12, 1)
FIXED_TIMESTAMP = datetime(2026, 12, 18, 16, 30, 0)
# Spring term: two weekly Arbor exports, Mon 4 - Fri 8 Jan and Mon 4 - Fri 15 Jan 2027.
SPRING_FIRST = date(2027, 1, 4)
WEEK1_LAST = date(2027, 1, 8)
SPRING_AS_OF = date(2027, 1, 15)
HALF_TERMS = (  # name, first, last (the same as examples/attcli.toml)
    ("autumn1", TERM_FIRST, date(2026, 10, 23)),
    ("autumn2", HT2_START, TERM_LAST),
    ("spring1", SPRING_FIRST, date(2027, 2, 12)),
)
WEEKLY_FILES = ("arbor_2027-01-08.csv", "arbor_2027-01-15.csv")
# Spring, later: four more weekly exports, each Mon 4 Jan up to a Friday (cumulative), the
# marks from Mon 18 Jan on drawn from their own random stream so every file above stays
# byte-identical.  They feed the casebook (`attcli cases`, docs/cases.md) over six weeks.
LATE_FIRST = date(2027, 1, 18)
LATE_LAST = date(2027, 2, 12)  # the last day of Spring 1 (no holiday in between)
CASE_WEEKS = tuple(date(2027, 1, 8) + timedelta(days=7 * i) for i in range(6))  # the Fridays
LATE_FILES = tuple(f"arbor_{x.isoformat()}.csv" for x in CASE_WEEKS[2:])
LADDER = "src/attcli/templates/ladders/seed004.toml"


def weekdays(first: date, last: date) -> list[date]:
    out, x = [], first
    while x <= last:
        if x.weekday() < 5:
            out.append(x)
        x += timedelta(days=1)
    return out


def monday(x: date) -> date:
    return x - timedelta(days=x.weekday())


TERM_DAYS = [x for x in weekdays(TERM_FIRST, TERM_LAST) if not HALF_TERM[0] <= x <= HALF_TERM[1]]
SESSIONS = [(x, s) for x in TERM_DAYS for s in AMPM]
OPEN_DAYS = [x for x in TERM_DAYS if x not in INSET]
SPRING_DAYS = weekdays(SPRING_FIRST, SPRING_AS_OF)
SPRING_SESSIONS = [(x, s) for x in SPRING_DAYS for s in AMPM]
WEEK1_SESSIONS = [(x, s) for x, s in SPRING_SESSIONS if x <= WEEK1_LAST]
LATE_DAYS = weekdays(LATE_FIRST, LATE_LAST)
LATE_SESSIONS = [(x, s) for x in LATE_DAYS for s in AMPM]

Marks = dict[tuple[date, str], str]


def arbor_date(x: date) -> str:
    return f"{DAY_NAMES[x.weekday()]}, {x.day:02d} {MONTHS[x.month - 1]} {x.year}"


def uk_date(x: date) -> str:
    return f"{x.day:02d}/{x.month:02d}/{x.year}"


def integris_header(x: date, s: str) -> str:
    return f"{DAY_NAMES[x.weekday()]} {uk_date(x)} {s}"


# --------------------------------------------------------------------------
# Analysis: plain loops over the marks, following DOMAIN.md.
# --------------------------------------------------------------------------
@dataclass
class Calendar:
    school_days: list[date]
    weeks: list[date]  # Mondays of school weeks
    sessions: frozenset[tuple[date, str]]  # (date, session) on which the school took registers


def is_possible(code: str) -> bool:
    """Counts in possible sessions: not a not-possible code and not a missing mark."""
    return code not in NOT_POSSIBLE and code != MISSING


def school_calendar(all_marks: list[Marks]) -> Calendar:
    """School day: a weekday on which any pupil has a possible session.

    The school took registers for a (date, session) when any pupil has a possible mark
    for it: only there can a pupil's blank cell or missing row be a missing mark.
    """
    sessions = frozenset(k for m in all_marks for k, c in m.items() if is_possible(c))
    days = sorted({x for x, _s in sessions})
    return Calendar(days, sorted({monday(x) for x in days}), sessions)


def pct_half_up(attended: int, possible: int) -> float:
    """attended / possible x 100, rounded half up to 2 decimals, exactly."""
    hundredths = (attended * 20000 + possible) // (2 * possible)
    return hundredths / 100


def band_of(attended: int, possible: int, minimum: int = 10) -> str | None:
    if possible < minimum:
        return None
    if attended * 100 >= 92 * possible:
        return "green"
    if attended * 100 > 90 * possible:
        return "amber"
    if attended * 100 > 50 * possible:
        return "red"
    return "severe"


def window_start(cal: Calendar, x: date) -> date:
    """First day of the 10-school-week window ending on x (holiday weeks skipped)."""
    k = bisect.bisect_right(cal.weeks, monday(x)) - 1  # the school week holding x
    return cal.weeks[max(0, k - 9)]


def birthday(dob: date, age: int) -> date:
    """The day a pupil turns ``age``; a 29 February birthday turns on 1 March."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return date(dob.year + age, 3, 1)


def csa_span(dob: date) -> tuple[date, date]:
    """Compulsory school age, both ends included (DOMAIN 5).

    From the prescribed day (31 Dec, 31 Mar or 31 Aug) on or after the 5th birthday to
    the last Friday in June of the school year (1 Sep - 31 Aug) in which they turn 16.
    """
    five = birthday(dob, 5)
    start = min(
        x
        for y in (five.year, five.year + 1)
        for x in (date(y, 3, 31), date(y, 8, 31), date(y, 12, 31))
        if x >= five
    )
    sixteen = birthday(dob, 16)
    june = date(sixteen.year + (sixteen.month >= 9), 6, 30)
    return start, june - timedelta(days=(june.weekday() - 4) % 7)


def time_on_roll(m: Marks, as_of: date) -> tuple[tuple[date, str], tuple[date, str]] | None:
    """First and last explicit mark (any code written, '-' included, Z excluded) to as_of."""
    keys = sorted(k for k, c in m.items() if c != "Z" and k[0] <= as_of)
    return (keys[0], keys[-1]) if keys else None


def walk_runs(
    m: Marks, cal: Calendar, as_of: date, codes: frozenset[str], on_roll: bool = True
) -> list[dict]:
    """Runs of school days on which every possible session is in ``codes``.

    A day with no possible session for the pupil is skipped (neither counts nor
    breaks), and so is a missing mark; any other possible session breaks the run.
    The run still open at the pupil's last possible day is ``current`` while the pupil
    is on roll; for a leaver it is the run they left after (``left_after``).
    """
    runs: list[dict] = []
    cur: dict | None = None
    last_attended: date | None = None
    for x in cal.school_days:
        if not PERIOD_START <= x <= as_of:
            continue
        poss = [m[(x, s)] for s in AMPM if (x, s) in m and is_possible(m[(x, s)])]
        if not poss:
            continue
        if all(c in codes for c in poss):
            if cur is None:
                cur = {"start": x, "end": x, "days": 0, "codes": set(),
                       "last_attended_before": last_attended}
            cur["end"] = x
            cur["days"] += 1
            cur["codes"].update(poss)
        elif cur is not None:
            cur["current"] = cur["left_after"] = False
            runs.append(cur)
            cur = None
        if any(c in ATTENDED for c in poss):
            last_attended = x
    if cur is not None:
        cur["current"], cur["left_after"] = on_roll, not on_roll
        runs.append(cur)
    return runs


def analyse(m: Marks, cal: Calendar, as_of: date = AS_OF, dob: date | None = None) -> dict:
    """Every expected measure for one pupil, as of ``as_of`` (period from 1 Sep).

    ``m`` holds the pupil's explicit marks; a session with no key is a missing row
    (long) or a blank cell (wide).  ``_dq`` (left out of the JSON) lists the pupil's
    data-quality items: explicit '-' marks, absent marks inside the time on roll, and
    N marks older than 5 school days.
    """
    marks = {k: c for k, c in m.items() if PERIOD_START <= k[0] <= as_of}
    roll = time_on_roll(m, as_of)
    last_school_day = max((x for x in cal.school_days if x <= as_of), default=None)
    on_roll = roll is not None and (last_school_day is None or roll[1][0] >= last_school_day)
    dashes = sorted(k for k, c in marks.items() if c == MISSING)
    absent = sorted(
        k for k in cal.sessions
        if PERIOD_START <= k[0] <= as_of and k not in m and roll and roll[0] <= k <= roll[1]
    )
    codes = [c for c in marks.values() if c != MISSING]
    possible = sum(is_possible(c) for c in codes)
    attended = sum(c in ATTENDED for c in codes)
    authorised = sum(c in AUTHORISED for c in codes)
    unauthorised = sum(c in UNAUTHORISED for c in codes)
    started = [(name, a, b) for name, a, b in HALF_TERMS if a <= as_of]
    lates = {
        name: sum(c in LATE for (x, _s), c in marks.items() if a <= x <= b)
        for name, a, b in started
    }
    lates_now = lates[started[-1][0]]

    csa = csa_span(dob) if dob else None

    def counts_for_pn(x: date) -> bool:
        return x >= PN_FROM and (csa is None or csa[0] <= x <= csa[1])

    unauth_by_day = Counter(
        x for (x, _s), c in marks.items() if c in PN_CODES and counts_for_pn(x)
    )

    def window_count(x: date) -> int:
        ws = window_start(cal, x)
        return sum(n for d, n in unauth_by_day.items() if ws <= d <= x)

    days = [x for x in cal.school_days if PERIOD_START <= x <= as_of]
    counts = [window_count(x) for x in days]
    first_met = next((x for x, n in zip(days, counts, strict=True) if n >= 10), None)
    pn_now = window_count(as_of)

    runs = walk_runs(marks, cal, as_of, CME_CODES, on_roll)
    ill_runs = walk_runs(marks, cal, as_of, ILLNESS, on_roll)
    sickness = sum(c in ILLNESS for c in codes)
    longest_ill = max((r["days"] for r in ill_runs), default=0)
    n_school_days = bisect.bisect_right(cal.school_days, as_of)
    stale_n = sorted(
        k for k, c in marks.items()
        if c == "N" and n_school_days - bisect.bisect_right(cal.school_days, k[0]) > STALE_N_DAYS
    )
    return {
        "possible": possible,
        "attended": attended,
        "authorised": authorised,
        "unauthorised": unauthorised,
        "not_possible": len(codes) - possible,
        "missing_marks": len(dashes) + len(absent),
        "attendance_pct": pct_half_up(attended, possible) if possible else None,
        "band": band_of(attended, possible),
        "on_roll": on_roll,
        "left_on": None if on_roll or roll is None else roll[1][0].isoformat(),
        "compulsory_school_age": None if csa is None else csa[0] <= as_of <= csa[1],
        "lates_half_term": lates_now,
        "lates_flag": lates_now >= 4,
        "lates_by_half_term": lates,
        "pn_threshold_met": pn_now >= 10,
        "pn_first_met": first_met.isoformat() if first_met else None,
        "pn_window_start": window_start(cal, as_of).isoformat(),
        "pn_window_sessions": pn_now,
        "pn_max_window_sessions": max(counts, default=0),
        "continuous_absence_days": runs[-1]["days"] if runs and runs[-1]["current"] else 0,
        "left_after_absence_days": (
            runs[-1]["days"] if runs and runs[-1]["left_after"] else None
        ),
        "longest_absence_days": max((r["days"] for r in runs), default=0),
        "sickness_sessions": sickness,
        "longest_illness_days": longest_ill,
        "sickness_flag": sickness >= 30 or longest_ill >= 15,
        "runs": [
            {
                "start": r["start"].isoformat(),
                "end": r["end"].isoformat(),
                "days": r["days"],
                "codes": sorted(r["codes"]),
                "current": r["current"],
                "left_after": r["left_after"],
                "last_attended_before": (
                    r["last_attended_before"].isoformat() if r["last_attended_before"] else None
                ),
            }
            for r in runs
            if r["days"] >= 3
        ],
        "legacy_codes": sorted({c for c in codes if c in {"H", "F", "J", "Y"}}),
        "_dq": {"dash": dashes, "absent": absent, "stale_n": stale_n},
    }


# --------------------------------------------------------------------------
# People.
# --------------------------------------------------------------------------
# Name pools by origin: (weight, girls, boys, surnames).  Invented combinations.
NAME_POOLS = {
    "british": (64, [
        "Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Willow",
        "Rosie", "Isabella", "Grace", "Daisy", "Poppy", "Elsie", "Emily", "Ella", "Evelyn",
        "Phoebe", "Evie", "Charlotte", "Harper", "Matilda", "Ruby", "Zoë", "Chloé", "Siân",
        "Renée", "Niamh", "Aoife", "Cerys", "Eilidh", "Ffion", "Megan", "Hannah", "Jessica",
        "Amber", "Holly", "Keira", "Leah", "Maya",
    ], [
        "Oliver", "George", "Noah", "Arthur", "Leo", "Oscar", "Harry", "Archie", "Jack",
        "Henry", "Charlie", "Freddie", "Theodore", "Thomas", "Finley", "Theo", "Alfie", "Jacob",
        "William", "Isaac", "Tommy", "Joshua", "James", "Lucas", "Max", "Ethan", "Samuel",
        "Seán", "Rhys", "Dylan", "Owain", "Callum", "Lewis", "Ciarán", "Euan", "Jamie",
        "Tyler", "Kai", "Mason", "Riley", "Logan", "Reggie", "Louie", "Ryan",
    ], [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
        "Hall", "Wood", "Jackson", "Clarke", "Lewis", "James", "Phillips", "Mason",
        "Mitchell", "Rose", "Davis", "Rodgers", "Morris", "Ward", "Harrison", "Cooper", "Hill",
        "Moore", "Baker", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Murphy",
        "Kelly", "Byrne", "O'Brien", "O'Neill", "McCarthy", "Doherty", "MacDonald",
        "Campbell", "Fraser", "Henderson", "Morgan", "Griffiths", "Lloyd", "Pritchard",
        "Smith-Jones", "Ellis-Grant", "Clarke-Wood", "Reid", "Barker", "Holmes", "Fletcher",
        "Marsh", "Bailey", "Hughes", "Chapman", "Dawson", "Armstrong", "Holt", "Palmer",
        "Lamb", "Nash", "Booth", "Hart", "Whitfield", "Ashworth", "Pennington",
    ]),
    "south_asian": (12, [
        "Aaliyah", "Fatima", "Maryam", "Ayesha", "Hafsa", "Anaya", "Priya", "Simran",
        "Ananya", "Zara", "Nadia", "Inaya",
    ], [
        "Muhammad", "Yusuf", "Ibrahim", "Zain", "Ayaan", "Rayan", "Arjun", "Rohan", "Harjit",
        "Aryan", "Hamza", "Dev",
    ], [
        "Patel", "Khan", "Ahmed", "Ali", "Hussain", "Akhtar", "Iqbal", "Shah", "Sharma",
        "Gill", "Rahman", "Chaudhry", "Mistry", "Sandhu", "D'Souza",
    ]),
    "african_caribbean": (9, [
        "Adaeze", "Chiamaka", "Temi", "Abena", "Precious", "Nia", "Imani", "Kezia", "Tia",
    ], [
        "Tobi", "Chidi", "Kwame", "Emeka", "Kofi", "Malachi", "Tyrese", "Daniel", "Joel",
    ], [
        "Okafor", "Adeyemi", "Mensah", "Owusu", "Okonkwo", "Ogunleye", "N'Diaye",
        "Achebe-Ross", "Francis", "Gordon", "Campbell-Brown", "Asante",
    ]),
    "eastern_european": (8, [
        "Zuzanna", "Julia", "Oliwia", "Amelie", "Ioana", "Elena", "Natalia", "Maja",
    ], [
        "Jakub", "Szymon", "Filip", "Andrei", "Luca", "Mateusz", "Oskar", "Bogdan",
    ], [
        "Nowak", "Popescu", "Ionescu", "Horvat", "Balogh", "Mazur", "Wozniak", "Petrov",
    ]),
    "east_asian": (3, ["Mei", "Xinyi", "Yuna", "Linh"], ["Wei", "Hao", "Minh", "Jun"],
                   ["Chen", "Wong", "Li", "Nguyen", "Zhang"]),
    "southern_european": (4, ["Inés", "Sofia", "Beatriz", "Giulia"],
                          ["José", "Mateo", "Tomás", "Marco"],
                          ["Da Silva", "Ferreira", "Núñez", "Rossi", "Müller", "Costa"]),
}
ALL_SURNAMES = [s for pool in NAME_POOLS.values() for s in pool[3]]


def pick_name(rng: random.Random, gender: str) -> tuple[str, str]:
    """(forename, surname), usually from one origin, sometimes mixed (as in real rolls)."""
    pools = list(NAME_POOLS.values())
    pool = rng.choices(pools, weights=[p[0] for p in pools])[0]
    fore = rng.choice(pool[1] if gender == "F" else pool[2])
    if rng.random() < 0.1:
        pool = rng.choices(pools, weights=[p[0] for p in pools])[0]
    return fore, rng.choice(pool[3])


STREETS = [
    "Beech Grove", "Mill Lane", "Church Street", "Station Road", "Oak Avenue", "Victoria Road",
    "Albert Terrace", "Meadow Close", "Willow Way", "Park Drive", "Kingsway", "Chapel Row",
    "Orchard Rise", "Hawthorn Crescent", "Brook Street", "Elm Road", "Cedar Court",
    "Priory Walk", "Castle View", "Queen's Road", "Sycamore Gardens", "Linden Avenue",
    "Foundry Lane", "Canal Side", "Holly Bank", "Ashfield Road", "Rowan Drive",
]
LOCALITIES = ["", "", "", "Lower Oakfield", "Oakfield Green", "Westbrook", "Hillside", "Netherby"]
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(digits12: str) -> str:
    """DfE UPN check letter: digits 2-13 weighted 2..13, sum mod 23."""
    total = sum(int(ch) * w for ch, w in zip(digits12, range(2, 14), strict=True))
    return UPN_LETTERS[total % 23]


def make_upn(estab: int, year_allocated: int, serial: int) -> str:
    digits = f"{LA}{estab:04d}{year_allocated % 100:02d}{serial:03d}"
    return upn_check_letter(digits) + digits


def dob_for_year(rng: random.Random, year: int) -> date:
    """A date of birth consistent with the NC year in 2026/27."""
    first = date(2014 - (year - 7), 9, 1)
    return first + timedelta(days=rng.randrange(365))


RECEPTION = 0  # Pupil.year of a Reception pupil


@dataclass
class Pupil:
    upn: str
    surname: str
    forename: str
    gender: str
    year: int  # NC year; RECEPTION (0) for Reception
    form: str
    dob: date
    sen: str
    fsm: str
    pp: str
    eal: str
    cla: str
    marks: Marks = field(default_factory=dict)  # autumn; no key: no row / blank cell
    case: str | None = None
    description: str = ""
    no_pr_contact: bool = False
    spring: Marks = field(default_factory=dict)  # 4-15 Jan, as the 15 Jan export has them
    week1: Marks = field(default_factory=dict)  # where the 8 Jan export said otherwise
    late: Marks = field(default_factory=dict)  # 18 Jan - 12 Feb, the four later exports

    @property
    def arbor_year(self) -> str:
        return "Reception" if self.year == RECEPTION else f"Year {self.year}"

    @property
    def integris_year(self) -> int | str:
        return "R" if self.year == RECEPTION else self.year

    def all_marks(self) -> Marks:
        """Autumn and spring marks, the later export's code counting (a correction)."""
        return self.marks | self.spring


def attributes(rng: random.Random) -> dict[str, str]:
    fsm = "Y" if rng.random() < 0.25 else "N"
    pp = "Y" if fsm == "Y" or rng.random() < 0.06 else "N"
    r = rng.random()
    sen = "E" if r < 0.02 else "K" if r < 0.17 else "N"
    eal = "Y" if rng.random() < 0.18 else "N"
    return {"fsm": fsm, "pp": pp, "sen": sen, "eal": eal, "cla": "N"}


# --------------------------------------------------------------------------
# Marks: helpers for planting.
# --------------------------------------------------------------------------
def D(month: int, day: int) -> date:  # noqa: N802 - reads like a date literal
    return date(2026, month, day)


def base_marks() -> Marks:
    return {
        (x, s): "#" if x in INSET else ("/" if s == "AM" else "\\") for x, s in SESSIONS
    }


def put(m: Marks, day: date, am: str | None = None, pm: str | None = None) -> None:
    assert day in OPEN_DAYS, day
    if am:
        m[(day, "AM")] = am
    if pm:
        m[(day, "PM")] = pm


def put_days(m: Marks, first: date, last: date, code: str | list[str]) -> None:
    """Both sessions of every open day first..last (a list cycles through codes)."""
    seq = [code] if isinstance(code, str) else code
    i = 0
    for x in OPEN_DAYS:
        if first <= x <= last:
            put(m, x, seq[i % len(seq)], seq[i % len(seq)])
            i += 1


def not_on_roll(m: Marks, before: date | None = None, after: date | None = None) -> None:
    """Outside the time on roll: no row (long) or a blank cell (wide), never '-'."""
    for x, s in SESSIONS:
        if (before and x < before) or (after and x > after):
            del m[(x, s)]


# --------------------------------------------------------------------------
# The planted pupils.  Each builder turns an all-present register into the case.
# --------------------------------------------------------------------------
def _green_92(m: Marks) -> None:
    not_on_roll(m, before=D(10, 2))
    put(m, D(10, 13), "I", "I")
    put(m, D(11, 5), am="M")
    put_days(m, D(11, 18), D(11, 19), "I")
    put(m, D(12, 7), pm="M")


def _amber(m: Marks) -> None:
    put_days(m, D(9, 21), D(9, 22), "I")
    put(m, D(10, 7), am="M")
    put(m, D(11, 12), pm="M")
    put_days(m, D(12, 3), D(12, 4), "I")
    put(m, D(10, 16), pm="N")
    put(m, D(11, 23), am="O")


def _red_90(m: Marks) -> None:
    put_days(m, D(9, 14), D(9, 16), "I")
    put_days(m, D(11, 10), D(11, 11), "I")
    put(m, D(9, 25), am="M")
    put(m, D(12, 7), am="N")
    put(m, D(12, 8), pm="N")
    put(m, D(12, 11), am="O")
    put(m, SNOW_DAY, "Y2", "Y2")


def _red_85(m: Marks) -> None:
    put_days(m, D(9, 10), D(9, 11), "I")
    put_days(m, D(10, 5), D(10, 6), "I")
    put_days(m, D(11, 16), D(11, 17), "I")
    put(m, D(9, 23), am="M")
    put(m, D(12, 9), pm="M")
    for x in (D(9, 18), D(10, 2), D(10, 16), D(11, 13), D(11, 27), D(12, 11)):
        put(m, x, pm="N")
    put(m, D(11, 30), am="O")


def _severe_50(m: Marks) -> None:
    for x in OPEN_DAYS:
        put(m, x, pm="C2")


def _severe_30(m: Marks) -> None:
    week = {0: ("/", "\\"), 1: ("I", "I"), 2: ("/", "N"), 3: ("O", "O"), 4: ("N", "N")}
    for x in OPEN_DAYS:
        put(m, x, *week[x.weekday()])


def _lates_flag(m: Marks) -> None:
    put(m, D(9, 21), am="L")
    for x in (D(11, 3), D(11, 16), D(12, 10)):
        put(m, x, am="L")
    put(m, D(11, 25), am="U")


def _lates_2_2(m: Marks) -> None:
    put(m, D(9, 15), am="L")
    put(m, D(10, 8), am="L")
    put(m, D(11, 9), am="L")
    put(m, D(12, 4), pm="L")


def _lates_6_ht1(m: Marks) -> None:
    for x in (D(9, 7), D(9, 16), D(9, 25), D(9, 29), D(10, 12)):
        put(m, x, am="L")
    put(m, D(10, 22), am="U")


def _pn_week_g(m: Marks) -> None:
    put_days(m, D(11, 16), D(11, 20), "G")


def _pn_across_holiday(m: Marks) -> None:
    for x, s in [
        (D(10, 5), "AM"), (D(10, 6), "PM"), (D(10, 7), "AM"), (D(10, 8), "PM"), (D(10, 9), "AM"),
        (D(11, 10), "PM"), (D(11, 12), "AM"), (D(11, 17), "PM"), (D(11, 18), "AM"),
        (D(11, 20), "PM"),
    ]:
        m[(x, s)] = "N"


def _pn_nine(m: Marks) -> None:
    for x, s, c in [
        (D(10, 6), "AM", "N"), (D(10, 15), "PM", "N"), (D(10, 21), "AM", "O"),
        (D(11, 4), "PM", "N"), (D(11, 16), "AM", "N"), (D(11, 19), "PM", "O"),
        (D(11, 27), "AM", "N"), (D(12, 8), "PM", "N"), (D(12, 16), "AM", "N"),
    ]:
        m[(x, s)] = c


def _pn_ten_over_11(m: Marks) -> None:
    for x, s in [
        (D(9, 14), "AM"), (D(9, 22), "PM"), (D(9, 30), "AM"), (D(10, 8), "PM"),
        (D(10, 16), "AM"), (D(10, 19), "PM"), (D(11, 11), "AM"), (D(11, 19), "PM"),
        (D(11, 24), "AM"), (D(12, 3), "PM"),
    ]:
        m[(x, s)] = "N"


def _cme_current(m: Marks) -> None:
    put_days(m, D(12, 3), D(12, 18), "N")
    put(m, D(12, 14), "O", "O")


def _cme_october(m: Marks) -> None:
    put_days(m, D(9, 28), D(10, 12), "N")


def _cme_inset(m: Marks) -> None:
    put_days(m, D(10, 19), D(11, 9), "N")


def _cme_three(m: Marks) -> None:
    put_days(m, D(11, 11), D(11, 13), "N")


def _cme_nine_broken(m: Marks) -> None:
    put_days(m, D(11, 9), D(11, 19), "N")
    put(m, D(11, 20), "/", "N")
    put_days(m, D(11, 23), D(11, 25), "N")


def _sick_run(m: Marks) -> None:
    put_days(m, D(11, 9), D(11, 30), "I")


def _sick_cumulative(m: Marks) -> None:
    for a, b in [
        (D(9, 3), D(9, 4)), (D(9, 14), D(9, 15)), (D(9, 28), D(9, 29)), (D(10, 14), D(10, 15)),
        (D(11, 5), D(11, 6)), (D(11, 17), D(11, 18)), (D(11, 30), D(12, 1)), (D(12, 9), D(12, 10)),
    ]:
        put_days(m, a, b, "I")


def _legacy_h(m: Marks) -> None:
    put_days(m, D(10, 14), D(10, 16), "H")


def _legacy_f(m: Marks) -> None:
    put_days(m, D(12, 7), D(12, 9), "F")


def _legacy_j_y(m: Marks) -> None:
    put(m, D(11, 19), am="J")
    put(m, SNOW_DAY, am="Y")


def _joiner(m: Marks) -> None:
    not_on_roll(m, before=D(10, 5))
    put(m, D(11, 12), "I", "I")


def _leaver(m: Marks) -> None:
    not_on_roll(m, after=D(11, 20))
    put(m, D(9, 29), am="M")
    put(m, D(11, 6), "I", "I")


def _dual(m: Marks) -> None:
    for x in OPEN_DAYS:
        put(m, x, pm="D")
    put(m, D(10, 20), am="N")


def _approved(m: Marks) -> None:
    put(m, D(10, 15), "V", "V")
    put(m, D(9, 23), pm="P")
    for x in (D(11, 4), D(11, 11), D(11, 18), D(11, 25), D(12, 2)):
        put(m, x, pm="K")
    put(m, D(11, 20), am="B")
    put_days(m, D(12, 7), D(12, 11), "W")
    put(m, D(11, 17), am="Q")


def _snow(m: Marks) -> None:
    put(m, SNOW_DAY, "Y1", "Y1")
    put(m, D(10, 1), "I", "I")


def _no_pr(m: Marks) -> None:
    put_days(m, D(10, 5), D(10, 6), "I")
    put_days(m, D(11, 19), D(11, 20), "I")
    put(m, D(9, 24), am="M")
    put(m, D(10, 13), pm="M")
    put(m, D(12, 2), am="M")
    put(m, D(9, 11), pm="N")
    put(m, D(11, 9), am="N")
    put(m, D(11, 27), pm="N")
    put(m, D(12, 14), am="N")
    put(m, D(12, 3), am="O")
    put(m, D(12, 18), pm="O")


def _perfect(m: Marks) -> None:
    pass


# case, forename, surname, gender, year, form, description, builder
PLANTED = [
    ("band_green_92", "Amara", "Okafor", "F", 9, "9A",
     "joined Fri 2 Oct (no rows before); 92 of 100 possible: exactly 92.00%, green", _green_92),
    ("band_amber", "Zoë", "O'Connor", "F", 8, "8B",
     "130 of 142: 91.55%, amber", _amber),
    ("band_red_90", "Callum", "Fraser", "M", 10, "10A",
     "Y2 both sessions on the snow day (1 Dec): 126 of 140, exactly 90.00%, red", _red_90),
    ("band_red_85", "Jayden", "Smith-Jones", "M", 9, "9B",
     "121 of 142: 85.21%, red", _red_85),
    ("band_severe_50", "Chloé", "Martin", "F", 11, "11A",
     "reduced timetable: every afternoon C2; 71 of 142, exactly 50.00%, severe", _severe_50),
    ("band_severe_30", "Kacper", "Nowak", "M", 10, "10B",
     "weekly pattern (Mon present, Tue I, Wed AM only, Thu O, Fri N): about 30%, severe",
     _severe_30),
    ("lates_flag", "Aisha", "Rahman", "F", 7, "7A",
     "4 lates (3 L + 1 U) in autumn 2, 1 L in autumn 1: late flag", _lates_flag),
    ("lates_2_and_2", "Ethan", "Hughes", "M", 8, "8A",
     "2 lates in autumn 1 and 2 in autumn 2: no late flag", _lates_2_2),
    ("lates_6_ht1", "Maisie", "Clarke", "F", 11, "11B",
     "6 lates (5 L + 1 U) in autumn 1 only: flag for autumn 1, none in autumn 2",
     _lates_6_ht1),
    ("pn_week_of_g", "Harvey", "Doyle", "M", 7, "7B",
     "unauthorised holiday: G all week Mon 16 - Fri 20 Nov (10 sessions): PN threshold met",
     _pn_week_g),
    ("pn_across_holiday", "Priya", "Sharma", "F", 9, "9A",
     "5 N in w/c 5 Oct + 5 N in 10-20 Nov: met; the 18 Dec window starts 5 Oct only because "
     "the half-term week is not a school week", _pn_across_holiday),
    ("pn_nine", "Tyler", "Bennett", "M", 10, "10A",
     "9 unauthorised sessions (7 N, 2 O), never 10 in any window: not met", _pn_nine),
    ("pn_ten_over_11_weeks", "Erin", "McAllister", "F", 8, "8A",
     "10 single N sessions spread over 11 school weeks (w/c 14 Sep - w/c 30 Nov): "
     "at most 9 in any window, not met", _pn_ten_over_11),
    ("cme_current", "Reuben", "Walsh", "M", 9, "9B",
     "N/O every day Thu 3 - Fri 18 Dec: 12-day run still current", _cme_current),
    ("cme_ended_october", "Leah", "Price", "F", 10, "10B",
     "N Mon 28 Sep - Mon 12 Oct (11 days), back Tue 13 Oct", _cme_october),
    ("cme_across_inset", "Oliwia", "Kowalska", "F", 8, "8B",
     "N Mon 19 Oct - Mon 9 Nov: 10 school days across half term and the 2 Nov INSET day",
     _cme_inset),
    ("cme_three_days", "Dylan", "Evans", "M", 7, "7A",
     "N Wed 11 - Fri 13 Nov: a 3-day run (safe and well visit)", _cme_three),
    ("cme_nine_broken", "Kai", "Thompson", "M", 11, "11A",
     "N Mon 9 - Thu 19 Nov (9 days), present Fri 20 Nov AM, N again 20 PM and Mon 23 - "
     "Wed 25 Nov (3 days): no 10-day run", _cme_nine_broken),
    ("sick_run_16", "Siân", "Pritchard", "F", 9, "9A",
     "I every day Mon 9 - Mon 30 Nov: a 16-school-day illness run", _sick_run),
    ("sick_cumulative", "Ibrahim", "Hassan", "M", 11, "11B",
     "8 two-day illnesses: 32 I sessions, longest run 2 days", _sick_cumulative),
    ("legacy_h", "Freya", "Lawson", "F", 7, "7B",
     "legacy H (authorised holiday) Wed 14 - Fri 16 Oct: 6 authorised sessions", _legacy_h),
    ("legacy_f", "Mohammed", "Iqbal", "M", 10, "10A",
     "legacy F (extended holiday) Mon 7 - Wed 9 Dec: 6 authorised sessions", _legacy_f),
    ("legacy_j_y", "Grace", "Adeyemi", "F", 11, "11A",
     "legacy J (attended) Thu 19 Nov AM; legacy Y (not possible) on the snow day AM",
     _legacy_j_y),
    ("joiner_5_oct", "Seán", "Gallagher", "M", 7, "7A",
     "joined Mon 5 Oct: no rows before; 98 possible", _joiner),
    ("leaver_20_nov", "Lily-Mae", "Turner", "F", 8, "8B",
     "left after Fri 20 Nov: no rows from Mon 23 Nov; 102 possible", _leaver),
    ("dual_registered", "Connor", "Reid", "M", 9, "9B",
     "dual registered: every afternoon D (not possible); 71 possible", _dual),
    ("approved_activities", "Ruby", "Chen", "F", 10, "10B",
     "V trip day, P, K Wednesday afternoons, B, a week of W; one Q (not possible)",
     _approved),
    ("snow_day", "Alfie", "Brooks", "M", 11, "11B",
     "Y1 (no transport) both sessions on the snow day, Tue 1 Dec", _snow),
    ("no_pr_contact", "Jordan", "D'Souza", "M", 8, "8A",
     "looked after; only contact is a foster carer without parental responsibility; "
     "125 of 142 (88.03%, red): a letter is due but there is no usable contact", _no_pr),
    ("perfect_100", "Renée", "Dubois", "F", 7, "7B",
     "present every possible session: 100%", _perfect),
]


# Planted for issue 12, on top of the 200: they add to their forms instead of replacing
# an ordinary pupil, so every earlier pupil keeps their UPN and marks.
def _missing_marks(m: Marks) -> None:
    for x, s in [(D(9, 15), "PM"), (D(10, 8), "AM"), (D(11, 25), "AM"),
                 (D(12, 18), "AM"), (D(12, 18), "PM")]:
        m[(x, s)] = MISSING
    for x in (D(10, 12), D(12, 8)):
        del m[(x, "PM")]  # no row in the long export, a blank cell in the wide one
    put(m, D(11, 19), "I", "I")
    put(m, D(12, 7), "N", "N")
    put(m, D(12, 8), am="N")
    put(m, D(12, 9), "N", "N")


def _leaver_after_n(m: Marks) -> None:
    put_days(m, D(10, 5), D(10, 16), "N")
    not_on_roll(m, after=D(10, 16))


RECEPTION_DOB = date(2021, 10, 14)  # 5 on Wed 14 Oct 2026: compulsory school age from 31 Dec


def _reception_csa(m: Marks) -> None:
    put(m, D(11, 4), "N", "N")
    put(m, D(11, 13), "O", "O")
    put(m, D(11, 23), am="N")
    put(m, D(12, 2), "N", "N")
    put(m, D(12, 8), pm="O")
    put(m, D(12, 11), am="N")
    put(m, D(12, 16), pm="N")


def _correction_pair(m: Marks) -> None:
    put(m, D(9, 24), "I", "I")


NEW_PLANTED = [
    ("missing_marks", "Hannah", "Whitfield", "F", 9, "9B",
     "'-' (no mark recorded) Tue 15 Sep PM, Thu 8 Oct AM, Wed 25 Nov AM and both sessions "
     "Fri 18 Dec; no PM row Mon 12 Oct and Tue 8 Dec (blank cells in the xlsx): 7 missing "
     "marks, out of possible, still on roll; N Mon 7 - Wed 9 Dec is a 3-day run across the "
     "missing 8 Dec PM", _missing_marks),
    ("leaver_after_n_run", "Tommy", "Ashworth", "M", 10, "10A",
     "N every session Mon 5 - Fri 16 Oct (10 school days), then no rows: left 16 Oct after "
     "10 days of unexplained absence (run not current)", _leaver_after_n),
    ("reception_csa", "Poppy", "Lamb", "F", RECEPTION, "RA",
     "Reception, born 14 Oct 2021: compulsory school age from 31 Dec 2026; 10 N/O sessions "
     "4 Nov - 16 Dec never count toward a penalty notice; 4 N in January do", _reception_csa),
    ("correction_pair", "Rohan", "Mistry", "M", 8, "8B",
     "8 Jan export: N Tue 5 Jan AM/PM and Thu 7 Jan AM; the 15 Jan export corrects them to "
     "I, I and M (N Fri 8 Jan PM stays: 5 school days old on 15 Jan, not stale)",
     _correction_pair),
]


# --------------------------------------------------------------------------
# Spring: Mon 4 - Fri 15 Jan 2027.  Planted pupils attend every session unless a
# builder below says otherwise (a pattern that goes on, or a January case); leavers
# have no rows.
# --------------------------------------------------------------------------
def spring_base() -> Marks:
    return {(x, s): "/" if s == "AM" else "\\" for x, s in SPRING_SESSIONS}


def sput(m: Marks, day: date, am: str | None = None, pm: str | None = None) -> None:
    assert day in SPRING_DAYS, day
    if am:
        m[(day, "AM")] = am
    if pm:
        m[(day, "PM")] = pm


def J(day: int) -> date:  # noqa: N802 - reads like a date literal
    return date(2027, 1, day)


def _spring_severe_50(p: Pupil) -> None:
    for x in SPRING_DAYS:
        sput(p.spring, x, pm="C2")


def _spring_severe_30(p: Pupil) -> None:
    week = {0: ("/", "\\"), 1: ("I", "I"), 2: ("/", "N"), 3: ("O", "O"), 4: ("N", "N")}
    for x in SPRING_DAYS:
        sput(p.spring, x, *week[x.weekday()])


def _spring_dual(p: Pupil) -> None:
    for x in SPRING_DAYS:
        sput(p.spring, x, pm="D")


def _spring_reception(p: Pupil) -> None:
    sput(p.spring, J(5), pm="N")
    sput(p.spring, J(7), am="N")
    sput(p.spring, J(12), am="N")
    sput(p.spring, J(13), pm="N")


def _spring_correction(p: Pupil) -> None:
    sput(p.spring, J(5), "I", "I")
    sput(p.spring, J(7), am="M")
    sput(p.spring, J(8), pm="N")  # not yet resolved in either export
    for k in [(J(5), "AM"), (J(5), "PM"), (J(7), "AM")]:
        p.week1[k] = "N"  # what the 8 Jan export said


SPRING_PLANTED = {
    "band_severe_50": _spring_severe_50,
    "band_severe_30": _spring_severe_30,
    "dual_registered": _spring_dual,
    "reception_csa": _spring_reception,
    "correction_pair": _spring_correction,
}
LEAVERS = {"leaver_20_nov", "leaver_after_n_run"}


# --------------------------------------------------------------------------
# Spring, later: Mon 18 Jan - Fri 12 Feb 2027 (the four later weekly exports).  Planted
# pupils attend every session unless a builder below says otherwise: the patterns that
# go on (reduced timetable, weekly pattern, dual registration) and the ladder pupils of
# the casebook (LADDER_CASES); leavers have no rows.
# --------------------------------------------------------------------------
def late_base() -> Marks:
    return {(x, s): "/" if s == "AM" else "\\" for x, s in LATE_SESSIONS}


def lput(m: Marks, day: date, am: str | None = None, pm: str | None = None) -> None:
    assert day in LATE_DAYS, day
    if am:
        m[(day, "AM")] = am
    if pm:
        m[(day, "PM")] = pm


def F(day: int) -> date:  # noqa: N802 - reads like a date literal (February 2027)
    return date(2027, 2, day)


def _late_severe_50(p: Pupil) -> None:
    for x in LATE_DAYS:
        lput(p.late, x, pm="C2")


def _late_severe_30(p: Pupil) -> None:
    week = {0: ("/", "\\"), 1: ("I", "I"), 2: ("/", "N"), 3: ("O", "O"), 4: ("N", "N")}
    for x in LATE_DAYS:
        lput(p.late, x, *week[x.weekday()])


def _late_dual(p: Pupil) -> None:
    for x in LATE_DAYS:
        lput(p.late, x, pm="D")


def _late_jump(p: Pupil) -> None:
    """Callum Fraser: ill Mon 18 - Tue 19 Jan, under 90 % from the Tuesday."""
    lput(p.late, J(18), "I", "I")
    lput(p.late, J(19), "I", "I")


def _late_enter(p: Pupil) -> None:
    """Priya Sharma: ill Wed 20 Jan, a medical appointment Thu 21 AM: 93 % or under."""
    lput(p.late, J(20), "I", "I")
    lput(p.late, J(21), am="M")


def _late_leave(p: Pupil) -> None:
    """Poppy Lamb: present 18 Jan - 9 Feb; ill Wed 10 Feb PM."""
    lput(p.late, F(10), pm="I")


def _late_not_improved(p: Pupil) -> None:
    """Amara Okafor: ill Tue 26 Jan, a medical appointment Thu 28 Jan AM."""
    lput(p.late, J(26), "I", "I")
    lput(p.late, J(28), am="M")


def _late_review(p: Pupil) -> None:
    """Jayden Smith-Jones: ill Mon 18 Jan, O Fri 22 Jan PM, M Wed 27 Jan AM."""
    lput(p.late, J(18), "I", "I")
    lput(p.late, J(22), pm="O")
    lput(p.late, J(27), am="M")


LATE_PLANTED = {
    "band_severe_50": _late_severe_50,
    "band_severe_30": _late_severe_30,
    "dual_registered": _late_dual,
    "band_red_90": _late_jump,
    "pn_across_holiday": _late_enter,
    "reception_csa": _late_leave,
    "band_green_92": _late_not_improved,
    "band_red_85": _late_review,
}


# --------------------------------------------------------------------------
# Ordinary pupils: random but kept away from every flag.
# --------------------------------------------------------------------------
def _free(m: Marks, key: tuple[date, str]) -> bool:
    return m.get(key) in ("/", "\\")


def _ordinary_ok(a: dict) -> bool:
    """Well away from every flag."""
    return (
        a["attended"] * 100 >= 91 * a["possible"]
        and max(a["lates_by_half_term"].values()) <= 3
        and a["pn_max_window_sessions"] <= 8
        and a["longest_absence_days"] < 3
        and a["sickness_sessions"] <= 24
        and a["longest_illness_days"] < 10
    )


def ordinary_marks(rng: random.Random, cal: Calendar) -> Marks:
    open_sessions = [(x, s) for x in OPEN_DAYS for s in AMPM]
    for _attempt in range(200):
        m = base_marks()
        f = 0.083 * (1 - rng.random() ** 1.5)
        budget = round(f * len(open_sessions))
        n_unauth = min(budget, rng.choices(range(6), weights=[30, 26, 18, 12, 8, 6])[0])
        n_med = min(budget - n_unauth, rng.choices(range(4), weights=[35, 30, 22, 13])[0])
        n_other = 2 if budget - n_unauth - n_med >= 2 and rng.random() < 0.06 else 0
        n_ill = budget - n_unauth - n_med - n_other
        # illness: episodes of whole days (sometimes a single afternoon: sent home)
        guard = 0
        while n_ill > 0 and guard < 500:
            guard += 1
            if n_ill == 1 or rng.random() < 0.12:
                x = rng.choice(OPEN_DAYS)
                if _free(m, (x, "PM")):
                    m[(x, "PM")] = "I"
                    n_ill -= 1
                continue
            length = min(rng.choice([1, 1, 2, 2, 2, 3, 3, 4]), n_ill // 2)
            i = rng.randrange(len(OPEN_DAYS) - length + 1)
            days = OPEN_DAYS[i : i + length]
            if all(_free(m, (x, s)) for x in days for s in AMPM):
                for x in days:
                    m[(x, "AM")] = m[(x, "PM")] = "I"
                n_ill -= 2 * length
        if n_other:
            x = rng.choice(OPEN_DAYS)
            code = rng.choice(["C", "E", "R", "M"])
            if _free(m, (x, "AM")) and _free(m, (x, "PM")):
                m[(x, "AM")] = m[(x, "PM")] = code
        for _ in range(n_med):
            k = rng.choice(open_sessions)
            if _free(m, k):
                m[k] = "M"
        for _ in range(n_unauth):
            k = rng.choice(open_sessions)
            if _free(m, k):
                m[k] = rng.choices(["N", "O", "G"], weights=[60, 30, 10])[0]
        for ht in (0, 1):
            days = [x for x in OPEN_DAYS if (x >= HT2_START) == bool(ht)]
            for _ in range(rng.choices(range(4), weights=[52, 26, 14, 8])[0]):
                x = rng.choice(days)
                s = "AM" if rng.random() < 0.85 else "PM"
                if _free(m, (x, s)):
                    m[(x, s)] = "U" if rng.random() < 0.06 else "L"
        if rng.random() < 0.12:
            for x in rng.sample([x for x in OPEN_DAYS if x.weekday() == 2], rng.randint(1, 3)):
                if _free(m, (x, "PM")):
                    m[(x, "PM")] = "P"
        if rng.random() < 0.03:
            k = rng.choice(open_sessions)
            if _free(m, k):
                m[k] = "B"
        if _ordinary_ok(analyse(m, cal)):
            return m
    raise RuntimeError("could not draw an ordinary register")


def ordinary_spring(rng: random.Random, p: Pupil, cal: Calendar) -> Marks:
    """An ordinary pupil's 4-15 Jan, drawn like the autumn (absence mostly illness, a few
    N/O/G, lates, fixtures) and kept away from every flag over Sep - 15 Jan."""
    for _attempt in range(200):
        m = spring_base()
        f = 0.083 * (1 - rng.random() ** 1.5)
        for k in SPRING_SESSIONS:
            if rng.random() < f:
                m[k] = rng.choices(["I", "M", "N", "O", "G"], weights=[55, 12, 20, 9, 4])[0]
        for x in SPRING_DAYS:  # illness mostly whole days
            if m[(x, "AM")] == "I" and rng.random() < 0.8:
                m[(x, "PM")] = "I"
        for _ in range(rng.choices(range(4), weights=[60, 25, 10, 5])[0]):
            x = rng.choice(SPRING_DAYS)
            s = "AM" if rng.random() < 0.85 else "PM"
            if _free(m, (x, s)):
                m[(x, s)] = "U" if rng.random() < 0.06 else "L"
        if rng.random() < 0.1:
            x = rng.choice([x for x in SPRING_DAYS if x.weekday() == 2])
            if _free(m, (x, "PM")):
                m[(x, "PM")] = "P"
        if _ordinary_ok(analyse(p.marks | m, cal, SPRING_AS_OF, p.dob)):
            return m
    raise RuntimeError("could not draw an ordinary spring register")


def ordinary_late(rng: random.Random, p: Pupil, cal: Calendar) -> Marks:
    """An ordinary pupil's 18 Jan - 12 Feb, drawn like 4-15 Jan and kept away from every
    flag over Sep - 12 Feb (attendance at least 91 % at each of the four Fridays)."""
    before = p.marks | p.spring
    for _attempt in range(200):
        m = late_base()
        f = 0.083 * (1 - rng.random() ** 1.5)
        for k in LATE_SESSIONS:
            if rng.random() < f:
                m[k] = rng.choices(["I", "M", "N", "O", "G"], weights=[55, 12, 20, 9, 4])[0]
        for x in LATE_DAYS:  # illness mostly whole days
            if m[(x, "AM")] == "I" and rng.random() < 0.8:
                m[(x, "PM")] = "I"
        for _ in range(rng.choices(range(4), weights=[60, 25, 10, 5])[0]):
            x = rng.choice(LATE_DAYS)
            s = "AM" if rng.random() < 0.85 else "PM"
            if _free(m, (x, s)):
                m[(x, s)] = "U" if rng.random() < 0.06 else "L"
        if rng.random() < 0.1:
            x = rng.choice([x for x in LATE_DAYS if x.weekday() == 2])
            if _free(m, (x, "PM")):
                m[(x, "PM")] = "P"
        marks = before | m
        weekly_ok = all(
            100 * sum(c in ATTENDED for k, c in marks.items() if k[0] <= as_of)
            >= 91 * sum(is_possible(c) for k, c in marks.items() if k[0] <= as_of)
            for as_of in CASE_WEEKS[2:]
        )
        if weekly_ok and _ordinary_ok(analyse(marks, cal, LATE_LAST, p.dob)):
            return m
    raise RuntimeError("could not draw an ordinary late-spring register")


def build_school(seed: int = SEED) -> list[Pupil]:
    rng = random.Random(seed)
    cal = Calendar(OPEN_DAYS, sorted({monday(x) for x in OPEN_DAYS}),
                   frozenset((x, s) for x in OPEN_DAYS for s in AMPM))
    used_names: set[tuple[str, str]] = set()
    used_upns: set[str] = set()
    pupils: list[Pupil] = []

    def plant(i: int, case: str, fore: str, sur: str, gender: str, year: int, form: str,
              desc: str, builder) -> None:
        """A planted pupil: UPN, DOB and attributes from their own stable seed."""
        prng = random.Random(f"planted:{case}")
        attrs = attributes(prng)
        if case == "no_pr_contact":
            attrs.update(cla="Y", pp="Y")
        upn = make_upn(2900 + year, 2019 - (year - 7), 900 + i)
        assert upn not in used_upns and (fore, sur) not in used_names, case
        m = base_marks()
        builder(m)
        dob = dob_for_year(prng, year)
        if case == "reception_csa":
            dob = RECEPTION_DOB
        pupils.append(Pupil(upn, sur, fore, gender, year, form, dob,
                            marks=m, case=case, description=desc,
                            no_pr_contact=case == "no_pr_contact", **attrs))
        used_names.add((fore, sur))
        used_upns.add(upn)

    for i, row in enumerate(PLANTED):
        plant(i, *row)

    # ordinary pupils: fill every year group to 40, two forms of 20
    serial = 0
    for year in range(7, 12):
        for form in (f"{year}A", f"{year}B"):
            have = sum(p.form == form for p in pupils)
            for _ in range(20 - have):
                gender = rng.choice("MF")
                while True:
                    fore, sur = pick_name(rng, gender)
                    if (fore, sur) not in used_names:
                        break
                used_names.add((fore, sur))
                serial += 1
                upn = make_upn(2001 + rng.randrange(60), 2019 - (year - 7), serial)
                assert upn not in used_upns
                used_upns.add(upn)
                attrs = attributes(rng)
                pupils.append(Pupil(upn, sur, fore, gender, year, form, dob_for_year(rng, year),
                                    marks=ordinary_marks(rng, cal), **attrs))
    # one ordinary looked-after child besides the planted one
    cla = next(p for p in pupils if p.case is None and p.year == 10)
    cla.cla, cla.pp = "Y", "Y"
    # school-wide events for ordinary pupils: 8A's trip day, sports fixture
    for p in pupils:
        if p.case is None and p.form == "8A":
            for s in AMPM:
                if _free(p.marks, (D(10, 15), s)):
                    p.marks[(D(10, 15), s)] = "V"
    # issue 12's planted pupils, after everyone else (UPN serials 930 on)
    for i, row in enumerate(NEW_PLANTED, start=len(PLANTED)):
        plant(i, *row)

    # spring: two weekly exports, 4-8 Jan and 4-15 Jan (own random stream)
    srng = random.Random(f"{seed}:spring")
    spring_days = OPEN_DAYS + SPRING_DAYS
    scal = Calendar(spring_days, sorted({monday(x) for x in spring_days}),
                    frozenset((x, s) for x in spring_days for s in AMPM))
    for p in pupils:
        if p.case in LEAVERS:
            continue
        if p.case is None:
            p.spring = ordinary_spring(srng, p, scal)
        else:
            p.spring = spring_base()
            if p.case in SPRING_PLANTED:
                SPRING_PLANTED[p.case](p)

    # spring, later: 18 Jan - 12 Feb (a new stream: everything above is unchanged)
    lrng = random.Random(f"{seed}:spring-late")
    late_days = spring_days + LATE_DAYS
    lcal = Calendar(late_days, sorted({monday(x) for x in late_days}),
                    frozenset((x, s) for x in late_days for s in AMPM))
    for p in pupils:
        if p.case in LEAVERS:
            continue
        if p.case is None:
            p.late = ordinary_late(lrng, p, lcal)
        else:
            p.late = late_base()
            if p.case in LATE_PLANTED:
                LATE_PLANTED[p.case](p)
    return pupils


def arbor_sorted(pupils: list[Pupil]) -> list[Pupil]:
    return sorted(pupils, key=lambda p: (p.year, p.form, p.surname, p.forename, p.upn))


# --------------------------------------------------------------------------
# Writers (mode 1).
# --------------------------------------------------------------------------
ARBOR_HEADER = [
    "UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form", "Date of Birth",
    "Date", "Session", "Mark", "Gender", "SEN Status", "FSM Eligible", "Pupil Premium", "EAL",
    "Looked After",
]


def week1_marks(p: Pupil) -> Marks:
    """4-8 Jan as the export of Fri 8 Jan had them (before the corrections)."""
    return {k: p.week1.get(k, c) for k, c in p.spring.items() if k[0] <= WEEK1_LAST}


def write_arbor(pupils: list[Pupil], path: Path, sessions: list[tuple[date, str]] = SESSIONS,
                marks_of=lambda p: p.marks) -> None:
    """One row per pupil per session; no row where the pupil has no mark."""
    ordered = [(p, marks_of(p)) for p in arbor_sorted(pupils)]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(ARBOR_HEADER)
        for x, s in sessions:
            day = arbor_date(x)
            for p, marks in ordered:
                code = marks.get((x, s))
                if code is None:
                    continue
                w.writerow([
                    p.upn, p.surname, p.forename, p.arbor_year, p.form, uk_date(p.dob),
                    day, s, ARBOR_SUBCODE.get(code, code), p.gender, p.sen, p.fsm, p.pp, p.eal,
                    p.cla,
                ])


def _stable_zip(data: bytes) -> bytes:
    """Rewrite an xlsx with fixed timestamps so the file is byte-stable."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    lambda mo: mo.group(1) + stamp.encode() + mo.group(2),
                    body,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, body)
    return out.getvalue()


def write_integris(pupils: list[Pupil], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "Integris"
    wb.properties.created = FIXED_TIMESTAMP
    ws = wb.active
    ws.title = "Attendance"
    ws.append(["Attendance Register Report"])
    ws.append([f"School: {SCHOOL}"])
    ws.append([f"Period: {uk_date(TERM_FIRST)} - {uk_date(TERM_LAST)}"])
    ws.append([])
    ws.append(["Name", "UPN", "DOB", "Year", "Class"] + [integris_header(x, s) for x, s in SESSIONS])
    ordered = arbor_sorted(pupils)
    for p in ordered:
        ws.append([f"{p.surname}, {p.forename}", p.upn, p.dob, p.integris_year, p.form]
                  + [p.marks.get(k) for k in SESSIONS])  # None: a blank cell
        ws.cell(row=ws.max_row, column=3).number_format = "DD/MM/YYYY"
    ws.append(["Totals", None, None, None, None]
              + [sum(p.marks.get(k) in ATTENDED for p in ordered) for k in SESSIONS])
    ws.freeze_panes = "F6"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_stable_zip(buf.getvalue()))


RELATIONSHIPS_PR = [("Mother", "F"), ("Father", "M"), ("Step-mother", "F"), ("Step-father", "M"),
                    ("Grandmother", "F"), ("Grandfather", "M"), ("Aunt", "F"), ("Carer", "F")]


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"OK{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _email_part(s: str) -> str:
    table = str.maketrans("ëéâáñúüí", "eeaanuui")
    return re.sub(r"[^a-z]", "", s.lower().translate(table))


def write_contacts(pupils: list[Pupil], path: Path, seed: int) -> None:
    header = ["UPN", "Contact Title", "Contact Forename", "Contact Surname", "Relationship",
              "Priority", "Parental Responsibility", "Address Line 1", "Address Line 2", "Town",
              "Postcode", "Email", "Telephone"]
    rng = random.Random(seed + 1)
    phones = iter(rng.sample(range(1000), 1000))

    def address() -> list[str]:
        return [f"{rng.randint(1, 140)} {rng.choice(STREETS)}", rng.choice(LOCALITIES), "Oakfield",
                _postcode(rng)]

    def person(gender: str, surname: str) -> tuple[str, str, str]:
        fore = rng.choice(["Sarah", "Claire", "Joanne", "Nicola", "Farah", "Agnieszka", "Funmi",
                           "Michelle", "Lisa", "Rachel", "Nasreen", "Gemma", "Ewa", "Grace"]
                          if gender == "F" else
                          ["David", "Mark", "Paul", "Imran", "Tomasz", "Kevin", "Gareth",
                           "Darren", "Olu", "Richard", "Sanjay", "Stephen", "Marek", "Lee"])
        title = rng.choice(["Mrs", "Ms", "Miss"]) if gender == "F" else "Mr"
        if rng.random() < 0.03:
            title = "Dr"
        return title, fore, surname

    rows = []
    # The first 200 pupils draw from the stream they always drew from; issue 12's planted
    # pupils then from their own, so nobody's contacts change.
    new_cases = {row[0] for row in NEW_PLANTED}
    first = sorted((p for p in pupils if p.case not in new_cases), key=lambda p: p.upn)
    later = sorted((p for p in pupils if p.case in new_cases), key=lambda p: p.upn)
    for p in first + later:
        if p is later[0]:
            rng = random.Random(seed + 3)
        home = address()
        if p.no_pr_contact:
            t, f, s = person("F", "Whitaker")
            rows.append([p.upn, t, f, s, "Foster Carer", 1, "N", *home,
                         f"{_email_part(f)}.{_email_part(s)}@example.org",
                         f"01632 960{next(phones):03d}"])
            continue
        rel, g = rng.choices(RELATIONSHIPS_PR[:2], weights=[65, 35])[0]
        if rng.random() < 0.05:
            rel, g = rng.choice(RELATIONSHIPS_PR[2:])
        sur = p.surname if rng.random() < 0.85 else rng.choice(ALL_SURNAMES)
        contacts = [(rel, g, sur, home, "Y")]
        if rng.random() < 0.7:
            rel2, g2 = ("Father", "M") if g == "F" else ("Mother", "F")
            sur2 = p.surname if rng.random() < 0.7 else rng.choice(ALL_SURNAMES)
            separated = rng.random() < 0.25
            contacts.append((rel2, g2, sur2, address() if separated else home,
                             "Y" if rng.random() < 0.95 else "N"))
        for prio, (rel, g, sur, addr, pr) in enumerate(contacts, start=1):
            t, f, s = person(g, sur)
            email = f"{_email_part(f)}.{_email_part(s)}{rng.randint(1, 99)}@example.org"
            rows.append([p.upn, t, f, s, rel, prio, pr, *addr, email,
                         f"01632 960{next(phones) if prio == 1 else rng.randrange(1000):03d}"])
    rows.sort(key=lambda r: r[0])  # stable: a pupil's contacts keep their priority order
    # the MIS's own id of each contact (a person), as exports give it: what penalty
    # notices count parents by; numbered in row order so the seeded data above is unchanged
    header.insert(1, "Contact ID")
    rows = [[r[0], str(70001 + i), *r[1:]] for i, r in enumerate(rows)]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def write_pupils(pupils: list[Pupil], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["UPN", "Surname", "Forename", "Date of Birth", "Gender", "SEN Status", "FSM",
                    "Pupil Premium", "EAL", "CLA"])
        for p in arbor_sorted(pupils):
            w.writerow([p.upn, p.surname, p.forename, uk_date(p.dob), p.gender, p.sen, p.fsm,
                        p.pp, p.eal, p.cla])


def _summary(results: dict[str, dict], lates_key: str) -> dict:
    """The school's totals and, per check, the UPNs it should report."""
    possible = sum(r["possible"] for r in results.values())
    attended = sum(r["attended"] for r in results.values())
    bands = Counter(r["band"] for r in results.values())

    def who(pred) -> list[str]:
        return sorted(upn for upn, r in results.items() if pred(r))

    return {
        "pupils": len(results),
        "possible": possible,
        "attended": attended,
        "authorised": sum(r["authorised"] for r in results.values()),
        "unauthorised": sum(r["unauthorised"] for r in results.values()),
        "missing_marks": sum(r["missing_marks"] for r in results.values()),
        "attendance_pct": pct_half_up(attended, possible),
        "bands": {b: bands.get(b, 0) for b in ("green", "amber", "red", "severe")}
        | {"none": bands.get(None, 0)},
        "flagged": {
            "red_or_severe": who(lambda r: r["band"] in ("red", "severe")),
            "severe": who(lambda r: r["band"] == "severe"),
            lates_key: who(lambda r: r["lates_flag"]),
            "lates_any_half_term": who(lambda r: max(r["lates_by_half_term"].values()) >= 4),
            "pn_threshold_met": who(lambda r: r["pn_threshold_met"]),
            "pn_met_in_period": who(lambda r: r["pn_first_met"] is not None),
            "continuous_absence_current_10": who(lambda r: r["continuous_absence_days"] >= 10),
            "continuous_absence_any_10": who(lambda r: r["longest_absence_days"] >= 10),
            "continuous_absence_any_3": who(lambda r: r["longest_absence_days"] >= 3),
            "left_after_unexplained_absence": who(
                lambda r: r["left_after_absence_days"] is not None),
            "sickness": who(lambda r: r["sickness_flag"]),
            "legacy_codes": who(lambda r: bool(r["legacy_codes"])),
            "missing_marks": who(lambda r: r["missing_marks"] > 0),
            "not_on_roll": who(lambda r: not r["on_roll"]),
            "not_compulsory_school_age": who(lambda r: r["compulsory_school_age"] is False),
        },
    }


def _dq_items(results: dict[str, dict], *kinds: str) -> list[dict]:
    return [
        {"upn": upn, "date": x.isoformat(), "session": s}
        for upn in sorted(results)
        for x, s in sorted(k for kind in kinds for k in results[upn]["_dq"][kind])
    ]


def _data_quality(results: dict[str, dict], as_of: date, wide: bool) -> dict:
    """The data-quality list: '-' and absent marks inside the time on roll, stale N."""
    out = {
        "as_of": as_of.isoformat(),
        "missing_mark": _dq_items(results, "dash"),
        "missing_row": _dq_items(results, "absent"),
    }
    if wide:
        out["wide_missing_mark"] = _dq_items(results, "dash", "absent")
    stale = _dq_items(results, "stale_n")
    return out | {"stale_n_count": len(stale), "stale_n": stale, "stray_day": []}


def _planted(pupils: list[Pupil], results: dict[str, dict]) -> list[dict]:
    order = [c[0] for c in PLANTED + NEW_PLANTED]
    return [
        {"upn": p.upn, "surname": p.surname, "forename": p.forename, "year": p.integris_year,
         "form": p.form, "case": p.case, "description": p.description,
         **{k: v for k, v in results[p.upn].items() if k != "_dq"}}
        for p in sorted((p for p in pupils if p.case), key=lambda p: order.index(p.case))
    ]


def corrections(pupils: list[Pupil]) -> list[dict]:
    """Sessions the 8 Jan export had as N and the 15 Jan export codes finally."""
    out = []
    for p in sorted(pupils, key=lambda p: p.upn):
        for (x, s), was in sorted(p.week1.items()):
            now = p.spring[(x, s)]
            assert was == "N" and now != "N", (p.upn, x, s)  # anything else is a conflict
            out.append({"upn": p.upn, "date": x.isoformat(), "session": s, "was": was,
                        "now": now, "file": WEEKLY_FILES[1]})
    return out


def expected(pupils: list[Pupil]) -> dict:
    cal = school_calendar([p.marks for p in pupils])
    results = {p.upn: analyse(p.marks, cal, AS_OF, p.dob) for p in pupils}
    scal = school_calendar([p.all_marks() for p in pupils])
    spring = {p.upn: analyse(p.all_marks(), scal, SPRING_AS_OF, p.dob) for p in pupils}
    definitions = {
        "attended": "/ \\ L K V P W B, legacy J",
        "authorised": "C1 M J1 S C2 C T R I E (Arbor I01 = I), legacy H F",
        "unauthorised": "G N O U",
        "not_possible": "D X Q Y1-Y7 Z #, legacy Y (explicit marks; '-' is a missing mark)",
        "time_on_roll": "from the pupil's first explicit mark (any code written, '-' "
                        "included, Z excluded) to the last; outside it the exports have no "
                        "row (long) or a blank cell (wide): nothing at all",
        "missing_marks": "'-' anywhere, plus sessions inside the time on roll with no row "
                         "(long) or a blank cell (wide) on a (date, session) where some pupil "
                         "has a possible mark; 1 Sep to as_of; out of possible, neither count "
                         "toward nor break a run",
        "on_roll": "the time on roll reaches the last school day up to as_of; otherwise "
                   "left_on = date of the last explicit (non-Z) mark",
        "compulsory_school_age": "at as_of: from the prescribed day (31 Dec, 31 Mar, 31 Aug) "
                                 "on or after the 5th birthday to the last Friday in June of "
                                 "the school year in which the pupil turns 16",
        "attendance_pct": "attended/possible*100 rounded half up to 2 dp",
        "band": "null if possible < 10; green if attended*100 >= 92*possible; amber if "
                "> 90*possible; red if > 50*possible; else severe",
        "lates_half_term": "L + U in the half term holding as_of (autumn 2: 2 Nov - 18 Dec; "
                           "spring 1: 4 Jan - 12 Feb); lates_flag if >= 4",
        "pn": "G N O U sessions on or after 2024-08-19 while of compulsory school age, from "
              "the Monday of the 9th school week before the week of d to d; a school week has "
              "a possible session for some pupil; pn_window_sessions at as_of; pn_first_met = "
              "first school day with >= 10",
        "runs": "school days in order; days with no possible session and missing marks "
                "skipped; a day counts when every possible session is N O or G; runs listed "
                "when >= 3 days; the run open at the pupil's last possible day is current "
                "while on roll, else the one they left after (left_after_absence_days)",
        "sickness_flag": "I sessions >= 30 or a run of >= 15 school days of I",
        "stale_n": "an N on d with more than 5 school days in (d, as_of]",
        "corrections": "N in the earlier export (data ending 8 Jan), a final code in the "
                       "later one (ending 15 Jan) for the same session: the later counts",
    }
    return {
        "school": {"name": SCHOOL, "urn": URN, "la": LA},
        "as_of": AS_OF.isoformat(),
        "period": {"start": PERIOD_START.isoformat(), "end": AS_OF.isoformat()},
        "calendar": {
            "first_day": TERM_FIRST.isoformat(),
            "last_day": TERM_LAST.isoformat(),
            "half_term_holiday": [HALF_TERM[0].isoformat(), HALF_TERM[1].isoformat()],
            "inset_days": [x.isoformat() for x in INSET],
            "weekdays_in_file": len(TERM_DAYS),
            "school_days": len(cal.school_days),
            "school_weeks": [w.isoformat() for w in cal.weeks],
            "autumn2_starts": HT2_START.isoformat(),
        },
        "definitions": definitions,
        "school_summary": _summary(results, "lates_autumn2"),
        "data_quality": {"export": "exports/arbor_autumn_2026.csv"}
        | _data_quality(results, AS_OF, wide=True),
        "planted": _planted(pupils, results),
        "spring": {
            "as_of": SPRING_AS_OF.isoformat(),
            "period": {"start": PERIOD_START.isoformat(), "end": SPRING_AS_OF.isoformat()},
            "files": ["exports/arbor_autumn_2026.csv"]
            + [f"exports/weekly/{name}" for name in WEEKLY_FILES],
            "school_days": len(scal.school_days),
            "school_weeks": [w.isoformat() for w in scal.weeks],
            "school_summary": _summary(spring, "lates_spring1"),
            "corrections": corrections(pupils),
            "data_quality": _data_quality(spring, SPRING_AS_OF, wide=False),
            "planted": _planted(pupils, spring),
        },
    }


# --------------------------------------------------------------------------
# The casebook (docs/cases.md): seed 004's ladder over six weekly runs, 8 Jan - 12 Feb
# 2027.  An independent plain-Python reading of the spec (nothing from attcli), written
# to expected/cases.json.
# --------------------------------------------------------------------------
MIN_POSSIBLE = 10  # [thresholds] min_possible_sessions: no band, so no trigger, under it
BAND_ORDER = ("green", "amber", "red", "severe")
# Seeded in the school's history before the first run: (case, action, date).  Kacper
# Nowak's chain goes back to the autumn; the three 4 Jan records are what staff did on
# the first day of term from the end-of-autumn figures.
LADDER_HISTORY = [
    ("band_severe_30", "review_meeting", date(2026, 10, 5)),
    ("band_severe_30", "formal_review", date(2026, 12, 14)),
    ("band_green_92", "letter", date(2027, 1, 4)),
    ("band_red_85", "review_meeting", date(2027, 1, 4)),
    ("reception_csa", "letter", date(2027, 1, 4)),
]
# The planted ladder pupils, in the README's order: case -> (what the six runs show, their
# marks from 18 Jan, LATE_PLANTED).
LADDER_CASES = {
    "pn_across_holiday": (
        "enters at `letter`: 93 % or under on Wed 20 Jan, NEW on 22 Jan, sent the letter",
        "I Wed 20 Jan AM and PM, M Thu 21 Jan AM"),
    "reception_csa": (
        "`letter` period ends improved: leaves the ladder (listed once, on 5 Feb); no letter "
        "again on 12 Feb although her year-to-date figure is still 93 % or under",
        "I Wed 10 Feb PM"),
    "band_green_92": (
        "`letter` period ends not improved: `support_meeting` due from the day after it ends "
        "(listed 5 Feb), held Tue 9 Feb",
        "I Tue 26 Jan AM and PM, M Thu 28 Jan AM"),
    "band_red_90": (
        "at `letter`, below 90 % from Tue 19 Jan: `review_meeting` due on 22 Jan (a jump), "
        "held Tue 26 Jan",
        "I Mon 18 and Tue 19 Jan, AM and PM"),
    "band_red_85": (
        "`review_meeting` period ends not improved (the same figure, not 1 point above): "
        "`formal_review` due (listed 5 Feb), held Tue 9 Feb",
        "I Mon 18 Jan AM and PM, O Fri 22 Jan PM, M Wed 27 Jan AM"),
    "band_severe_30": (
        "`formal_review` period ends not improved: `ewo_referral` due (listed 15 Jan), made "
        "Mon 18 Jan; at the last step from 22 Jan",
        "the weekly pattern goes on (Mon present, Tue I, Wed AM only, Thu O, Fri N: 3 of 10)"),
}
# Staff act on the Monday after a Friday run (letters, referrals) or the Tuesday (meetings).
ACTION_DAYS_AFTER = {"letter": 3, "referral": 3}


@dataclass(frozen=True)
class Record:
    upn: str
    action: str
    day: date

    def json(self) -> dict:
        return {"upn": self.upn, "action": self.action, "date": self.day.isoformat()}


@dataclass
class Ladder:
    stages: list[dict]
    defaults: dict  # the [escalation] table's own keys (improve_points / improve_to)

    @classmethod
    def load(cls, path: Path) -> Ladder:
        import tomllib

        esc = tomllib.loads(path.read_text(encoding="utf-8"))["escalation"]
        stages = esc["stages"]
        names = [s["name"] for s in stages]
        assert len(set(names)) == len(names), names
        for s in stages:
            assert s.get("after") in (None, *names[: names.index(s["name"])]), s
        return cls(stages, {k: v for k, v in esc.items() if k != "stages"})

    def index(self, name: str) -> int:
        return next(i for i, s in enumerate(self.stages) if s["name"] == name)

    def stage(self, name: str) -> dict:
        return self.stages[self.index(name)]


class Tally:
    """One pupil's marks as a run's exports give them: (attended, possible) over a span
    of calendar days, both ends included, counted as `check` counts (DOMAIN 1-2)."""

    def __init__(self, marks: Marks) -> None:
        per_day: dict[date, list[int]] = {}
        for (x, _s), c in marks.items():
            if x >= PERIOD_START and is_possible(c):
                n = per_day.setdefault(x, [0, 0])
                n[0] += c in ATTENDED
                n[1] += 1
        self.days = sorted(per_day)
        self.cum = [(0, 0)]
        for x in self.days:
            a, p = self.cum[-1]
            self.cum.append((a + per_day[x][0], p + per_day[x][1]))

    def count(self, first: date, last: date) -> tuple[int, int]:
        if last < first:
            return (0, 0)
        i, j = bisect.bisect_left(self.days, first), bisect.bisect_right(self.days, last)
        return (self.cum[j][0] - self.cum[i][0], self.cum[j][1] - self.cum[i][1])


def _exact(v) -> Fraction:
    return Fraction(str(v))


def _holds(stage: dict, att: tuple[int, int]) -> bool:
    """Does one of the stage's when_* conditions hold for this attendance?"""
    a, p = att
    if p < MIN_POSSIBLE:
        return False
    if "when_flag" in stage:
        raise NotImplementedError("when_flag: not needed by seed 004's ladder")
    return (
        ("when_at_most" in stage and 100 * a <= _exact(stage["when_at_most"]) * p)
        or ("when_below" in stage and 100 * a < _exact(stage["when_below"]) * p)
        or ("when_band" in stage
            and BAND_ORDER.index(band_of(a, p)) >= BAND_ORDER.index(stage["when_band"]))
    )


def _period_end(stage: dict, start: date) -> date | None:
    """Step 2: weeks = N runs to start + 7N - 1; half_terms = N to the last day of the
    N-th half term starting after ``start``; neither: a last step."""
    if "weeks" in stage:
        return start + timedelta(days=7 * stage["weeks"] - 1)
    if "half_terms" in stage:
        ends = [b for _name, a, b in HALF_TERMS if a > start]
        if len(ends) < stage["half_terms"]:
            raise ValueError(f"half_terms = {stage['half_terms']}: the calendar ends first")
        return ends[stage["half_terms"] - 1]
    return None


def _improved(ladder: Ladder, stage: dict, before, since) -> bool | None:
    """Step 3, on exact fractions: a1/p1*100 >= T, or a1/p1*100 >= a0/p0*100 + P (each of
    T and P from the stage, else from [escalation]; neither anywhere: P = 1)."""
    (a0, p0), (a1, p1) = before, since
    rule = {k: v for keys in (ladder.defaults, stage) for k, v in keys.items()
            if k in ("improve_to", "improve_points")}
    if not rule:
        rule = {"improve_points": 1}
    if p1 == 0:
        return None
    figure = Fraction(100 * a1, p1)
    if "improve_to" in rule and figure >= _exact(rule["improve_to"]):
        return True
    if "improve_points" not in rule:
        return False
    if p0 == 0:
        return None
    return figure >= Fraction(100 * a0, p0) + _exact(rule["improve_points"])


def place(ladder: Ladder, tally: Tally, records: list[Record], as_of: date,
          on_roll: bool = True) -> dict:
    """Where one pupil stands on ``as_of`` (docs/cases.md, steps 1-5), from their
    records on or before that date and their attendance as of it.  A pupil no longer on
    roll is placed by their records only: no stage starts by a condition for a leaver."""
    st = {"stage": None, "since": None, "period_end": None, "before": None,
          "since_att": None, "improved": None, "reviewed_on": None, "left_on": None,
          "due_stage": None, "due_from": None, "review": False, "jump": None,
          "waiting": None}
    recs = [r for r in records if r.day <= as_of]
    if recs:  # 1. the latest record; on a tie, the stage later in the ladder
        latest = max(recs, key=lambda r: (r.day, ladder.index(r.action)))
        name, start = latest.action, latest.day
        while True:
            stage = ladder.stage(name)
            end = _period_end(stage, start)
            st.update(stage=name, since=start, period_end=end, before=None, since_att=None,
                      improved=None, reviewed_on=None)
            if end is None:  # a last step
                break
            n = (end - start).days + 1
            st["before"] = tally.count(start - timedelta(days=n), start - timedelta(days=1))
            st["since_att"] = tally.count(start, min(end, as_of))
            if end > as_of:  # the period runs
                break
            st["reviewed_on"] = end  # 3. judged on its last day
            verdict = _improved(ladder, stage, st["before"], st["since_att"])
            if verdict is None:  # no sessions to compare: a review by hand
                st["review"], st["due_from"] = True, end + timedelta(days=1)
                break
            if verdict:
                st["improved"] = True
                how = stage.get("if_improved", "leave")
                if how == "leave":
                    st["left_on"] = end
                    break
                name, start = (name if how == "stay" else how), end + timedelta(days=1)
                continue
            st["improved"] = False
            nxt = next((s["name"] for s in ladder.stages if s.get("after") == name), None)
            a, p = tally.count(PERIOD_START, as_of)
            line = ladder.stage(nxt).get("while_below") if nxt else None
            if nxt and line is not None and p and 100 * a >= _exact(line) * p:
                st["waiting"] = nxt  # due only while attendance is below the line
                break
            if nxt:
                st["due_stage"] = nxt
            else:
                st["review"] = True
            st["due_from"] = end + timedelta(days=1)
            break
    # 5. jumping up: stages later than the current one (any, off the ladder) whose
    # condition holds now; attendance since the day after leaving for a pupil who left
    on = st["stage"] is not None and st["left_on"] is None
    floor = ladder.index(st["stage"]) if on else -1
    first = st["left_on"] + timedelta(days=1) if st["left_on"] else PERIOD_START
    att = tally.count(first, as_of)
    for i, s in enumerate(ladder.stages):
        if on_roll and i > floor and _holds(s, att):
            st["jump"] = s["name"]
    if st["jump"] and (st["due_stage"] is None
                       or ladder.index(st["jump"]) > ladder.index(st["due_stage"])):
        st["due_stage"], st["due_from"], st["review"] = st["jump"], None, False
    return st


def on_ladder(st: dict) -> bool:
    """A current stage (a case not closed), a due stage or a review to make."""
    return bool((st["stage"] and not st["left_on"]) or st["due_stage"] or st["review"])


def case_row(ladder: Ladder, tally: Tally, records: list[Record], as_of: date,
             upn: str, on_roll=lambda x: True) -> dict | None:
    """The pupil's row in the run of ``as_of``, or None when they are not listed;
    ``on_roll(x)``: whether the pupil is on roll as of day x."""
    st = place(ladder, tally, records, as_of, on_roll(as_of))
    week = as_of - timedelta(days=7)
    left_now = st["left_on"] is not None and week < st["left_on"] <= as_of
    if st["stage"] and not st["left_on"] and not on_roll(as_of):
        status = "off_roll"  # a pupil with a stage who has left the school: nothing due
        st.update(due_stage=None, due_from=None, review=False)
    elif st["due_stage"]:
        status = "due"
    elif st["review"]:
        status = "review"
    elif st["waiting"]:
        status = "not_improved"  # the next stage waits for attendance below its line
    elif st["left_on"]:
        if not left_now:
            return None
        status = "left"
    elif st["stage"] is None:
        return None
    else:
        status = "last" if st["period_end"] is None else "monitoring"
    if st["left_on"] and not left_now:  # an old closed case: only the new due shows
        st.update(stage=None, since=None, period_end=None, before=None, since_att=None,
                  improved=None, reviewed_on=None)
    due = "review" if status == "review" else (
        ladder.stage(st["due_stage"])["action"] if st["due_stage"] else None)

    def iso(x: date | None) -> str | None:
        return x.isoformat() if x else None

    return {
        "upn": upn, "stage": st["stage"], "status": status, "since": iso(st["since"]),
        "period_end": iso(st["period_end"]),
        "before": list(st["before"]) if st["before"] else None,
        "since_att": list(st["since_att"]) if st["since_att"] else None,
        "improved": st["improved"], "due": due, "due_stage": st["due_stage"],
        "due_from": iso(st["due_from"]), "reviewed_on": iso(st["reviewed_on"]),
        "new": on_ladder(st) and not on_ladder(place(ladder, tally, records, week,
                                                     on_roll(week))),
    }


def weekly_marks(p: Pupil, as_of: date) -> Marks:
    """The weekly export of the Friday ``as_of``: Mon 4 Jan up to that day."""
    if as_of == WEEK1_LAST:
        return week1_marks(p)
    return {k: c for k, c in (p.spring | p.late).items() if k[0] <= as_of}


def weekly_file(as_of: date) -> str:
    return f"exports/weekly/arbor_{as_of.isoformat()}.csv"


def _on_roll(m: Marks, school_days: list[date], x: date) -> bool:
    """On roll as of x: the pupil's last mark (not Z) reaches the last school day to x."""
    last_day = school_days[bisect.bisect_right(school_days, x) - 1]
    return any(k[0] >= last_day and c != "Z" for k, c in m.items() if k[0] <= x)


def cases_expected(pupils: list[Pupil], ladder_path: Path) -> dict:
    """Six weekly runs of `attcli cases`, staff recording every due action for the
    planted pupils after each run and leaving the ordinary pupils' letters undone."""
    ladder = Ladder.load(ladder_path)
    by_case = {p.case: p for p in pupils if p.case}
    history = sorted((Record(by_case[c].upn, a, x) for c, a, x in LADDER_HISTORY),
                     key=lambda r: (r.day, r.upn))
    records = list(history)
    planted = {p.upn for p in pupils if p.case}
    weeks = []
    for as_of in CASE_WEEKS:
        loaded = {p.upn: p.marks | weekly_marks(p, as_of) for p in pupils}
        school_days = sorted({x for m in loaded.values() for (x, _s), c in m.items()
                              if is_possible(c)})
        rows = []
        for p in sorted(pupils, key=lambda p: p.upn):
            m = loaded[p.upn]
            row = case_row(ladder, Tally(m), [r for r in records if r.upn == p.upn], as_of,
                           p.upn, lambda x, m=m, days=school_days: _on_roll(m, days, x))
            if row:
                rows.append(row)
        after = [
            Record(r["upn"], r["due_stage"], as_of + timedelta(
                days=ACTION_DAYS_AFTER.get(r["due"], 4)))
            for r in rows if r["upn"] in planted and r["due_stage"]
        ]
        after.sort(key=lambda r: (r.day, r.upn))
        records += after
        weeks.append({
            "as_of": as_of.isoformat(),
            "exports": ["exports/arbor_autumn_2026.csv", weekly_file(as_of)],
            "cases": rows,
            "record_after": [r.json() for r in after],
        })
    return {"ladder": LADDER, "history": [r.json() for r in history], "weeks": weeks}


def _cases_json_text(doc: dict) -> str:
    """Indented JSON with each case and record on one line."""
    def one(obj) -> str:
        return json.dumps(obj, ensure_ascii=False)

    lines = ["{", f'  "ladder": {one(doc["ladder"])},', '  "history": [']
    lines += [f"    {one(r)}," for r in doc["history"]]
    lines[-1] = lines[-1].rstrip(",")
    lines += ["  ],", '  "weeks": [']
    for i, w in enumerate(doc["weeks"]):
        lines += ["    {", f'      "as_of": {one(w["as_of"])},',
                  f'      "exports": {one(w["exports"])},', '      "cases": [']
        lines += [f"        {one(r)}," for r in w["cases"]]
        lines[-1] = lines[-1].rstrip(",")
        lines += ["      ],", '      "record_after": [']
        if w["record_after"]:
            lines += [f"        {one(r)}," for r in w["record_after"]]
            lines[-1] = lines[-1].rstrip(",")
        lines += ["      ]", "    }" + ("," if i < len(doc["weeks"]) - 1 else "")]
    lines += ["  ]", "}", ""]
    text = "\n".join(lines)
    assert json.loads(text) == doc
    return text



def _flag_text(p: dict) -> str:
    out = []
    if not p["on_roll"]:
        n = p["left_after_absence_days"]
        after = f" after {n} days of unexplained absence" if n else ""
        out.append(f"left {p['left_on']}{after}")
    if p["missing_marks"]:
        out.append(f"{p['missing_marks']} missing marks")
    if p["compulsory_school_age"] is False:
        out.append("not of compulsory school age")
    lates = p["lates_by_half_term"]
    if any(lates.values()):
        out.append("lates " + " + ".join(str(n) for n in lates.values())
                   + (" (flag)" if max(lates.values()) >= 4 else ""))
    if p["pn_first_met"]:
        out.append(f"PN met {p['pn_first_met']}, {p['pn_window_sessions']} in window"
                   + (" now" if p["pn_threshold_met"] else " (not now)"))
    elif p["pn_max_window_sessions"]:
        out.append(f"PN not met (max {p['pn_max_window_sessions']})")
    for r in p["runs"]:
        out.append(f"run {r['days']}d {r['start']}..{r['end']} {'/'.join(r['codes'])}"
                   + (" current" if r["current"] else "")
                   + (" (left after it)" if r["left_after"] else ""))
    if p["sickness_flag"]:
        out.append(f"sickness ({p['sickness_sessions']} I, run {p['longest_illness_days']}d)")
    if p["legacy_codes"]:
        out.append("legacy " + " ".join(p["legacy_codes"]))
    return "; ".join(out) or "none"


def _attendance_text(p: dict) -> str:
    pct = "-" if p["attendance_pct"] is None else f"{p['attendance_pct']:.2f}%"
    return f"{p['attended']}/{p['possible']} = {pct} ({p['band']})"


def _summary_text(s: dict) -> str:
    return (f"{s['pupils']} pupils, {s['attended']} of {s['possible']} possible sessions "
            f"attended ({s['attendance_pct']:.2f}%), {s['missing_marks']} missing marks. Bands: "
            + ", ".join(f"{k} {v}" for k, v in s["bands"].items()) + ".")


def _day(x: date | str) -> str:
    x = date.fromisoformat(x) if isinstance(x, str) else x
    return f"{DAY_NAMES[x.weekday()]} {x.day} {MONTHS[x.month - 1]}"


def _frac(ap) -> str:
    a, p = ap
    return f"{a}/{p} = {pct_half_up(a, p):.2f}%" if p else f"{a}/{p}"


def _case_week_text(row: dict | None, ytd, since_left, left_on: str | None,
                    actions: list[dict]) -> str:
    """One run of one pupil, in words, with the windows' figures."""
    if row is None:
        if left_on:
            text = (f"not listed: left on {_day(left_on)}; since then {_frac(since_left)} "
                    f"(year to date {_frac(ytd)})")
        else:
            text = f"not on the ladder (year to date {_frac(ytd)})"
    else:
        st, status = row["stage"], row["status"]
        if st:
            head = f"`{st}` {_day(row['since'])}"
            if row["period_end"]:
                head += f" - {_day(row['period_end'])}"
            if row["before"]:
                head += f": before {_frac(row['before'])}, since {_frac(row['since_att'])}"
        if status == "monitoring":
            text = head + " so far"
        elif status == "last":
            text = head + " (a last step)"
        elif status == "left":
            text = head + ": improved, **left the ladder**"
        elif status == "review":
            text = head + ": cannot judge, a review by hand"
        elif st is None:
            text = f"year to date {_frac(ytd)}: `{row['due_stage']}` due"
        elif row["improved"] is False:
            text = (head + f": not improved, **`{row['due_stage']}` due from "
                    f"{_day(row['due_from'])}**")
        else:
            text = head + f" so far; year to date {_frac(ytd)}: **`{row['due_stage']}` due**"
        if row["new"]:
            text += " (NEW)"
    for r in actions:
        text += f"; then `{r['action']}` recorded {_day(r['date'])}"
    return text


def casebook_readme(pupils: list[Pupil], cases: dict) -> list[str]:
    """The README's casebook section: each planted pupil on the ladder, run by run."""
    by_upn = {p.upn: p for p in pupils}
    history: dict[str, list[dict]] = {}
    for r in cases["history"]:
        history.setdefault(r["upn"], []).append(r)
    listed = {r["upn"] for w in cases["weeks"] for r in w["cases"]}

    def weeks_text(p: Pupil) -> str:
        parts, left_on = [], None
        for w in cases["weeks"]:
            as_of = date.fromisoformat(w["as_of"])
            tally = Tally(p.marks | weekly_marks(p, as_of))
            row = next((r for r in w["cases"] if r["upn"] == p.upn), None)
            since_left = None
            if row is None and left_on:
                since_left = tally.count(date.fromisoformat(left_on) + timedelta(days=1), as_of)
            acts = [r for r in w["record_after"] if r["upn"] == p.upn]
            parts.append(f"**{_day(as_of)}**: " + _case_week_text(
                row, tally.count(PERIOD_START, as_of), since_left, left_on, acts))
            if row and row["status"] == "left":
                left_on = row["period_end"]
        return "<br>".join(parts)

    def hist(p: Pupil) -> str:
        return "; ".join(f"`{r['action']}` {r['date']}" for r in history.get(p.upn, [])) or "-"

    ladder_pupils = [by_upn[p.upn] for case in LADDER_CASES
                     for p in pupils if p.case == case]
    others = sorted((p for p in pupils if p.case and p.case not in LADDER_CASES
                     and p.upn in listed), key=lambda p: p.upn)
    planted = {p.upn for p in pupils if p.case}
    lines = [
        "## Spring: the casebook, six weekly runs (seed 004's ladder)",
        "",
        *textwrap.wrap(
            "Four more weekly Arbor exports continue the two above, each the whole school "
            "from Mon 4 Jan up to a Friday (cumulative; 4-15 Jan exactly as in the 15 Jan "
            f"export): {', '.join(f'`{n}`' for n in LATE_FILES)}. No holiday falls in 18 "
            "Jan - 12 Feb. Their marks from Mon 18 Jan on come from their own random stream, "
            "so every earlier file is unchanged. Ordinary pupils stay ordinary through 12 Feb "
            "(the rules above, and attendance at least 91% at each Friday).", 86),
        "",
        *textwrap.wrap(
            "`expected/cases.json` is what `attcli cases` must list (`docs/cases.md`) in six "
            "weekly runs with seed 004's ladder (`src/attcli/templates/ladders/seed004.toml`, "
            "the `[escalation]` that `attcli init --ladder seed004` writes, appended to this "
            "folder's `attcli.toml`; its bands stay this file's), each run loading the autumn "
            "export and that week's file only, e.g.:", 86),
        "",
        "```",
        "attcli cases exports/arbor_autumn_2026.csv exports/weekly/arbor_2027-01-08.csv \\",
        "    --as-of 2027-01-08 --config attcli.toml",
        "```",
        "",
        *textwrap.wrap(
            "`history` is recorded before the first run; after each run, its `record_after` "
            "(what staff did: every due action of the planted pupils, letters and referrals "
            "on the Monday after the run, meetings on the Tuesday; the ordinary pupils' "
            "letters are left undone, so they stay due). Each week's `cases` lists every "
            "pupil on the ladder, sorted by UPN: `stage` (current), `status`, `since`, "
            "`period_end`, `before` and `since_att` as [attended, possible] over the windows "
            "of step 3 (the second up to the as-of date while the period runs), `improved`, "
            "`due` (the stage's action, or `review`), `due_stage`, `due_from`, `reviewed_on` "
            "and `new`. Computed by the generator's own plain-Python reading of "
            "`docs/cases.md` (not attcli). Where the spec leaves room it reads:", 86),
        "",
        *(line for item in [
            "Year to date is 1 Sep to the as-of date; no trigger under 10 possible "
            "sessions; thresholds on exact fractions.",
            "`due_from`: the day after the period's last day for a stage due after a period "
            "that did not improve (and for a review by hand); `null` for a stage due by its "
            "condition (step 5 gives no date).",
            "`reviewed_on`: the period's last day once it is on or before the as-of date "
            "(the day its outcome is decided); `null` while the period runs and at a last "
            "step.",
            "`before` / `since_att`: `null` without a current stage and at a last step (no "
            "period). \"No possible session in either window\": either one empty.",
            "A pupil who leaves the ladder is listed (`left`) only in the run whose 7 days "
            "up to its as-of date hold the period's last day, with the stage and figures of "
            "the period; later runs list them only if a stage falls due again on their "
            "attendance since the day after they left.",
            "A pupil no longer on roll starts no stage by a condition (`off_roll` is for "
            "one who has a stage; none here): Tommy Ashworth (`leaver_after_n_run`, 44/64 = "
            "68.75%, left 16 Oct) is never listed.",
            "A stage due by its condition (a jump) that is later in the ladder than the "
            "stage due after a period wins.",
            "NEW: the pupil is placed again as of the as-of date - 7 days, with the records "
            "on or before that day and attendance as of it (for 8 Jan: 1 Jan, all the "
            "autumn marks); a pupil who has left is not on the ladder.",
        ] for line in textwrap.wrap(item, 86, initial_indent="- ", subsequent_indent="  ")),
        "",
        *textwrap.wrap("Seeded history: " + "; ".join(
            f"`{by_upn[r['upn']].case}` `{r['action']}` {r['date']}" for r in cases["history"])
            + ".", 86),
        "",
        *textwrap.wrap(
            "Planted ladder pupils (the 4-15 Jan marks are the 15 Jan export's; from 18 Jan "
            "they attend every session unless said):", 86),
        "",
        "| case | UPN | name | shows | seeded history | 18 Jan - 12 Feb | run by run |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in ladder_pupils:
        shows, pattern = LADDER_CASES[p.case]
        lines.append(f"| `{p.case}` | `{p.upn}` | {p.forename} {p.surname} | {shows} | "
                     f"{hist(p)} | {pattern} | {weeks_text(p)} |")
    lines += [
        "",
        *textwrap.wrap(
            "Other planted pupils on the ladder (due at the first run, everything done on "
            "Mon 11 / Tue 12 Jan; their periods end on 7 or 8 Feb and are judged in the 12 Feb "
            "run):", 86),
        "",
        "| case | UPN | run by run |",
        "|---|---|---|",
    ]
    for p in others:
        lines.append(f"| `{p.case}` | `{p.upn}` | {weeks_text(p)} |")
    lines += [
        "",
        "Pupils listed in each run (the ordinary pupils' letters are never sent):",
        "",
        "| run | listed | planted | ordinary, letter due | NEW (ordinary) |",
        "|---|---|---|---|---|",
    ]
    for w in cases["weeks"]:
        rows = w["cases"]
        ordinary = [r for r in rows if r["upn"] not in planted]
        assert all(r["due_stage"] == "letter" for r in ordinary)
        lines.append(
            f"| {_day(w['as_of'])} | {len(rows)} | {len(rows) - len(ordinary)} | "
            f"{len(ordinary)} | {sum(r['new'] for r in rows)} "
            f"({sum(r['new'] for r in ordinary)}) |")
    lines += ["", *CASEBOOK_HAND_CHECKS, ""]
    return lines


CASEBOOK_HAND_CHECKS = [
    "Checked by hand, counting the sessions of the builders (and asserted by the generator,",
    "`_check_casebook`):",
    "",
    "- Priya Sharma: 15 Jan 132/142 + 20 = 152/162, and 15200 > 93 x 162 = 15066: not due.",
    "  Wed 20 Jan's two `I`: 156/168, 15600 <= 93 x 168 = 15624: due from then; 22 Jan",
    "  159/172 = 92.44%. Before her letter (28 Dec - 24 Jan): the 30 sessions of 4-22 Jan",
    "  less 3 = 27/30.",
    "- Poppy Lamb: before (7 Dec - 3 Jan) the 20 sessions of 7-18 Dec less 8 Dec PM `O`, 11",
    "  Dec AM `N`, 16 Dec PM `N` = 17/20 (85%); the period (4-31 Jan) 4-15 Jan 16/20 (`N`",
    "  5 PM, 7 AM, 12 AM, 13 PM) + 18-29 Jan 20/20 = 36/40 = 90% >= 86%: improved. 12 Feb:",
    "  since 1 Feb 19/20 = 95% > 93 %, though year to date 148/162 + 20 + 19 = 187/202 =",
    "  92.57%.",
    "- Amara Okafor: before 19/20 (7 Dec PM `M`); the period 20/20 + 17/20 = 37/40 = 92.5% <",
    "  96%: not improved. Year to date 29 Jan 92/100 + 20 + 17 = 129/140 = 92.14%, not",
    "  below 90 %.",
    "- Callum Fraser: 8 Jan 126/140 + 10 = 136/150 = 90.67% (93 % or under, not below 90 %:",
    "  the letter); 18 Jan 146/162 = 90.12% (14600 >= 90 x 162 = 14580); 19 Jan 146/164 =",
    "  89.02%; 22 Jan 152/170 = 89.41%.",
    "- Jayden Smith-Jones: before 18/20 (9 Dec PM `M`, 11 Dec PM `N`); the period 20/20 +",
    "  16/20 = 36/40: 90% against 90%, not the 91% needed.",
    "- Kacper Nowak: 3 of 10 sessions a week: 16 Nov - 13 Dec (four weeks) 12/40, 14-18 Dec",
    "  and 4-8 Jan 6/20: 30% both, not improved.",
]


def _check_casebook(cases: dict, pupils: list[Pupil]) -> None:
    """The figures of CASEBOOK_HAND_CHECKS, so the README cannot drift from the data."""
    upn = {p.case: p.upn for p in pupils if p.case}
    week = {w["as_of"]: {r["upn"]: r for r in w["cases"]} for w in cases["weeks"]}

    def row(as_of: str, case: str) -> dict | None:
        return week[as_of].get(upn[case])

    priya, poppy = "pn_across_holiday", "reception_csa"
    assert row("2027-01-15", priya) is None and row("2027-01-22", priya)["new"]
    assert row("2027-01-29", priya)["before"] == [27, 30]
    r = row("2027-02-05", poppy)
    assert (r["status"], r["before"], r["since_att"]) == ("left", [17, 20], [36, 40])
    assert row("2027-02-12", poppy) is None
    r = row("2027-02-05", "band_green_92")
    assert (r["before"], r["since_att"], r["due_stage"], r["due_from"]) == (
        [19, 20], [37, 40], "support_meeting", "2027-02-01")
    r = row("2027-01-22", "band_red_90")
    assert (r["stage"], r["due_stage"]) == ("letter", "review_meeting")
    r = row("2027-02-05", "band_red_85")
    assert (r["before"], r["since_att"], r["due_stage"]) == ([18, 20], [36, 40], "formal_review")
    r = row("2027-01-15", "band_severe_30")
    assert (r["before"], r["since_att"], r["due_stage"]) == ([12, 40], [6, 20], "ewo_referral")
    assert row("2027-01-22", "band_severe_30")["status"] == "last"


def write_readme(exp: dict, path: Path, casebook: list[str] = ()) -> None:
    s, spring, dq = exp["school_summary"], exp["spring"], exp["data_quality"]
    sdq = spring["data_quality"]
    lines = [
        "# Example exports: Oakfield Academy, autumn term 2026 (and six weeks of spring)",
        "",
        "Synthetic data, written by `python tools/generate_exports.py examples` (seeded;",
        "byte-identical on every run, checked by `tests/test_examples.py`). Do not edit",
        "these files by hand: change the generator and regenerate. No real people.",
        "",
        f"School: {SCHOOL} (URN {URN}, LA {LA}). Term: Wed 2 Sep - Fri 18 Dec 2026; half-term",
        "holiday Mon 26 - Fri 30 Oct (no rows at all); INSET days (`#` for everyone) Wed 2 Sep",
        "and Mon 2 Nov; Tue 1 Dec is a snow day for a few pupils (Y1/Y2/Y). 204 pupils:",
        "Years 7-11 in forms `7A`..`11B`, and one planted Reception pupil (form `RA`) for the",
        "compulsory-school-age case (a real all-through school would have a whole Reception",
        "class; here it is one child). Spring term from Mon 4 Jan 2027 (Spring 1 to Fri 12",
        "Feb in `attcli.toml`); the Christmas holiday has no rows.",
        "",
        "A pupil's time on roll runs from their first mark to their last. Outside it (a",
        "joiner before joining, a leaver after leaving) the long exports have **no row** and",
        "the wide export a **blank cell**, never `-`. `-` is SIMS's \"no mark recorded\": a",
        "missing mark wherever it stands, planted for one pupil only (`missing_marks`).",
        "",
        "| file | what it is |",
        "|---|---|",
        "| `exports/arbor_autumn_2026.csv` | Arbor-style long export: one row per pupil per "
        "session on roll. UTF-8 with BOM, CRLF. Date `Wed, 09 Sep 2026` (quoted), DOB "
        "`DD/MM/YYYY`, Year `Year 7` (`Reception`), illness as Arbor's sub-code `I01`, no row "
        "when not on roll. |",
        "| `exports/integris_autumn_2026.xlsx` | The same marks, Integris-style wide: 4 "
        "title/blank rows, header on row 5 (`Name` = `Surname, Forename`, `UPN`, `DOB` as an "
        "Excel date, `Year` as a number (`R` for Reception), `Class`, then `Wed 02/09/2026 AM` "
        "...), illness `I`, a blank cell when not on roll (and where the long export has a "
        "missing row), last row `Totals` = attended marks per session. |",
        f"| `exports/weekly/{WEEKLY_FILES[0]}` | Arbor-style, the whole school for Mon 4 - "
        "Fri 8 Jan 2027, exported on the Friday: some `N` marks are not yet resolved. |",
        f"| `exports/weekly/{WEEKLY_FILES[1]}` | Arbor-style, Mon 4 - Fri 15 Jan 2027: the "
        "first week again, identical except that three of its `N` marks are corrected "
        "(`correction_pair`: to `I01`, `I01` and `M`). |",
        f"| `exports/weekly/{LATE_FILES[0]}` ... `{LATE_FILES[-1]}` | Arbor-style, the "
        "whole school from Mon 4 Jan 2027 to Fri 22 Jan, 29 Jan, 5 Feb and 12 Feb (the end "
        "of Spring 1): the 15 Jan export's rows, then one more week each (cumulative). For "
        "the casebook's six weekly runs. |",
        "| `exports/contacts.csv` | MIS contacts: 1-2 per pupil, priority 1/2, parental "
        "responsibility Y/N; fake `OK` postcodes, `@example.org`, 01632 960xxx. UTF-8 BOM, "
        "CRLF. |",
        "| `exports/pupils.csv` | Pupil list with DOB and attributes. UTF-8 BOM, CRLF. |",
        "| `expected/planted.json` | Expected values as of Fri 18 Dec 2026 (period 1 Sep - 18 "
        "Dec) for every planted pupil, the school summary, the UPNs each flag should list and "
        "the data-quality list; under `spring`, the same as of Fri 15 Jan 2027 for the autumn "
        "export and both weekly files loaded together, with the corrections. Computed by the "
        "generator's own plain-Python code (not attcli). |",
        "| `expected/cases.json` | What `attcli cases` must list in six weekly runs (8 Jan - "
        "12 Feb 2027) with seed 004's ladder (`attcli init --ladder seed004`), the history records "
        "seeded before the first and those staff make after each run. Computed by the "
        "generator's own plain-Python reading of `docs/cases.md` (not attcli); see the "
        "casebook section below. |",
        "",
        "School as of 18 Dec: " + _summary_text(s),
        "",
        "Ordinary pupils are random but kept well away from every flag (attendance >= 91%,",
        "at most 3 lates per half term, at most 8 unauthorised sessions in any 10 school",
        "weeks, no unexplained run of 3 days, under 25 illness sessions), in the autumn and",
        "through 12 Feb. Every flag in the data comes from a planted pupil:",
        "",
        "| case | UPN | name | form | what is planted | attendance | flags as of 18 Dec |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in exp["planted"]:
        lines.append(
            f"| `{p['case']}` | `{p['upn']}` | {p['forename']} {p['surname']} | {p['form']} | "
            f"{p['description']} | {_attendance_text(p)} | {_flag_text(p)} |"
        )
    lines += [
        "",
        "Also in the data: form 8A's ordinary pupils are on a trip (`V`) on Thu 15 Oct; a",
        "few ordinary pupils have `P` (Wednesday fixtures), `B`, `C`, `E` or `R`; one ordinary",
        "Year 10 pupil is looked after.",
        "",
        "Definitions used for the expected values are in `planted.json` (`definitions`) and",
        "follow `DOMAIN.md`. School weeks: the half-term week has no sessions and is not a",
        "school week, so the 10-school-week window ending 18 Dec starts Mon 5 Oct. The two",
        "INSET days are not school days (nobody has a possible session).",
        "`school_summary.flagged` lists, for each check, the UPNs it should report (all",
        "planted).",
        "",
        "## Data quality (as of 18 Dec)",
        "",
        *textwrap.wrap(
            f"`data_quality` in `planted.json` lists every item: {len(dq['missing_mark'])} "
            f"missing marks (`-`) and {len(dq['missing_row'])} missing rows, all "
            f"`missing_marks`'s (in the xlsx the missing rows are blank cells: "
            f"{len(dq['wide_missing_mark'])} missing marks, no missing rows), and "
            f"{dq['stale_n_count']} stale `N` marks: every `N` with more than 5 school days "
            "after it up to 18 Dec, i.e. on or before Thu 10 Dec (an `N` on Fri 11 Dec is not "
            "stale yet). No stray days.", 86),
        "",
        "## Spring: two weekly exports (as of 15 Jan)",
        "",
        "The three exports loaded together, from this folder:",
        "",
        "```",
        "attcli check exports/arbor_autumn_2026.csv exports/weekly/arbor_2027-01-08.csv \\",
        "    exports/weekly/arbor_2027-01-15.csv --as-of 2027-01-15 --config attcli.toml",
        "```",
        "",
        *textwrap.wrap(
            "The 15 Jan export ends later, so its codes count where the "
            f"8 Jan one had `N`: {len(spring['corrections'])} corrections, all "
            "`correction_pair`'s. The 10-school-week window ending 15 Jan starts Mon 19 Oct "
            "(the half-term and Christmas weeks are not school weeks). Data quality: the same "
            f"{len(sdq['missing_mark'])} + {len(sdq['missing_row'])} missing marks, "
            f"{sdq['stale_n_count']} stale `N` (January's on or before Thu 7 Jan among them).",
            86),
        "",
        "School as of 15 Jan: " + _summary_text(spring["school_summary"]),
        "",
        "Planted pupils whose band or flags differ from 18 Dec (the rest only gain 10 school",
        "days of attendance):",
        "",
        "| case | UPN | attendance | flags as of 15 Jan |",
        "|---|---|---|---|",
    ]
    autumn = {p["case"]: p for p in exp["planted"]}
    for p in spring["planted"]:
        a = autumn[p["case"]]
        if (p["band"], _flag_text(p)) != (a["band"], _flag_text(a)):
            lines.append(f"| `{p['case']}` | `{p['upn']}` | {_attendance_text(p)} | "
                         f"{_flag_text(p)} |")
    lines += ["", *casebook]
    lines += [
        "## Benchmark files",
        "",
        "Not committed; write them when needed, e.g.:",
        "",
        "```",
        "python tools/generate_exports.py bench --pupils 100000 --weeks 39 --shape long \\",
        "    --format csv --out bench/data/long_100k.csv",
        "python tools/generate_exports.py bench --pupils 2000 --shape wide --format xlsx \\",
        "    --out bench/data/wide_2k.xlsx",
        "```",
        "",
        "A school year from Tue 1 Sep 2026 (holidays left out, INSET `#`), the same column",
        "layouts as above, about 91-92% attendance with a fifth of pupils persistently",
        "absent, about 3% joining or leaving mid-year (no row / a blank cell outside their",
        "time on roll). No planted pupils. Marks come from polars hashes, so a file is",
        "deterministic for a seed and polars version.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def _json_text(exp: dict) -> str:
    """Indented JSON, with each data-quality item and correction on one line."""
    text = json.dumps(exp, indent=2, ensure_ascii=False) + "\n"
    item = re.compile(r'\{\n\s+("upn": "[^"]*",(?:\n\s+"\w+": "[^"]*",?)+)\n\s+\}')
    return item.sub(lambda mo: "{" + re.sub(r"\n\s+", " ", mo.group(1)) + "}", text)


def write_examples(out: Path, seed: int = SEED) -> dict:
    pupils = build_school(seed)
    (out / "exports").mkdir(parents=True, exist_ok=True)
    (out / "expected").mkdir(parents=True, exist_ok=True)
    write_arbor(pupils, out / "exports" / "arbor_autumn_2026.csv")
    (out / "exports" / "weekly").mkdir(exist_ok=True)
    write_arbor(pupils, out / "exports" / "weekly" / WEEKLY_FILES[0], WEEK1_SESSIONS,
                week1_marks)
    write_arbor(pupils, out / "exports" / "weekly" / WEEKLY_FILES[1], SPRING_SESSIONS,
                lambda p: p.spring)
    for as_of in CASE_WEEKS[2:]:
        write_arbor(pupils, out / weekly_file(as_of),
                    [(x, s) for x in weekdays(SPRING_FIRST, as_of) for s in AMPM],
                    lambda p, as_of=as_of: weekly_marks(p, as_of))
    write_integris(pupils, out / "exports" / "integris_autumn_2026.xlsx")
    write_contacts(pupils, out / "exports" / "contacts.csv", seed)
    write_pupils(pupils, out / "exports" / "pupils.csv")
    exp = expected(pupils)
    (out / "expected" / "planted.json").write_text(_json_text(exp), encoding="utf-8")
    cases = cases_expected(pupils, REPO / LADDER)
    _check_casebook(cases, pupils)
    (out / "expected" / "cases.json").write_text(_cases_json_text(cases), encoding="utf-8")
    write_readme(exp, out / "README.md", casebook_readme(pupils, cases))
    return exp


# --------------------------------------------------------------------------
# Mode 2: benchmark files, vectorised with polars.
# --------------------------------------------------------------------------
YEAR_HOLIDAYS = [
    (date(2026, 10, 26), date(2026, 10, 30)),
    (date(2026, 12, 21), date(2027, 1, 1)),
    (date(2027, 2, 15), date(2027, 2, 19)),
    (date(2027, 3, 26), date(2027, 4, 9)),  # Good Friday to end of Easter
    (date(2027, 5, 3), date(2027, 5, 3)),  # early May bank holiday
    (date(2027, 5, 31), date(2027, 6, 4)),
    (date(2027, 7, 22), date(2027, 8, 31)),
]
YEAR_INSET = {date(2026, 9, 1), date(2026, 11, 2), date(2027, 1, 4), date(2027, 4, 12)}


def year_days(weeks: int) -> list[date]:
    """School weekdays of 2026/27 from Tue 1 Sep, holidays left out, ``weeks`` school weeks."""
    out: list[date] = []
    mondays: list[date] = []
    x = date(2026, 9, 1)
    while x <= date(2027, 8, 31):
        if x.weekday() < 5 and not any(a <= x <= b for a, b in YEAR_HOLIDAYS):
            if monday(x) not in mondays:
                if len(mondays) == weeks:
                    break
                mondays.append(monday(x))
            out.append(x)
        x += timedelta(days=1)
    return out


def bench_pupils(n: int, seed: int, n_sessions: int):
    import polars as pl

    rng = random.Random(seed)
    rows = []
    for i in range(n):
        year = 7 + i * 5 // n
        gender = rng.choice("MF")
        row = {
            "pid": i,
            "UPN": make_upn(2000 + i // 1000, 2019 - (year - 7), i % 1000),
            **dict(zip(["Legal Forename", "Legal Surname"], pick_name(rng, gender),
                       strict=True)),
            "y": year,
            "Year": f"Year {year}",
            "Registration Form": f"{year}{'ABCDEFGHJKLMNPRSTUVWXYZ'[rng.randrange(8)]}",
            "dob": dob_for_year(rng, year),
            "Gender": gender,
            **{k: v for k, v in attributes(rng).items()},
            # absence probability per 100,000 sessions: mostly 2-12%, a tail to 50%
            # (a secondary school around 91-92%, a fifth of pupils persistently absent)
            "p_abs": int(100000 * (0.02 + 0.10 * rng.random() ** 1.5
                                   + (0.4 * rng.random() if rng.random() < 0.12 else 0))),
            # about 3% join late and 3% leave early: sessions on_from <= j < on_to are on
            # roll; outside, no row (long) or a blank cell (wide), never "-"
            "on_from": rng.randrange(n_sessions) if rng.random() < 0.03 else 0,
            "on_to": rng.randrange(n_sessions) if rng.random() < 0.03 else n_sessions,
        }
        if row["on_to"] <= row["on_from"]:  # on roll for at least one session
            row["on_to"] = n_sessions
        rows.append(row)
    df = pl.DataFrame(rows).rename({"sen": "SEN Status", "fsm": "FSM Eligible",
                                    "pp": "Pupil Premium", "eal": "EAL", "cla": "Looked After"})
    df = df.with_columns(
        pl.col("dob").dt.strftime("%d/%m/%Y").alias("Date of Birth"),
    )
    return df.sort(["y", "Registration Form", "Legal Surname", "Legal Forename", "UPN"])


def mark_expr(session_key, seed: int, am: bool):
    """A polars expression for one session's mark per pupil (keyed hash, no Python loop)."""
    import polars as pl

    key = pl.col("pid") * 1000 + session_key
    r1 = key.hash(seed) % 100000
    r2 = key.hash(seed + 7) % 1000
    present = "/" if am else "\\"
    absent = (
        pl.when(r2 < 550).then(pl.lit("I01"))
        .when(r2 < 650).then(pl.lit("M"))
        .when(r2 < 800).then(pl.lit("N"))
        .when(r2 < 860).then(pl.lit("O"))
        .when(r2 < 920).then(pl.lit("G"))
        .when(r2 < 950).then(pl.lit("C"))
        .when(r2 < 970).then(pl.lit("E"))
        .otherwise(pl.lit("R"))
    )
    there = (
        pl.when(r2 < 30).then(pl.lit("L"))
        .when(r2 < 33).then(pl.lit("U"))
        .when(r2 < 38).then(pl.lit("P"))
        .when(r2 < 40).then(pl.lit("V"))
        .when(r2 < 41).then(pl.lit("B"))
        .otherwise(pl.lit(present))
    )
    return pl.when(r1 < pl.col("p_abs")).then(absent).otherwise(there)


def bench_contacts(pupils, path: Path, seed: int) -> None:
    """A contacts export for the bench pupils: a priority-1 parent with parental
    responsibility for every pupil, and a second parent for about half of them."""
    rng = random.Random(seed + 1)
    rows = []
    for upn, surname in pupils.select("UPN", "Legal Surname").iter_rows():
        home = [f"{rng.randint(1, 140)} {rng.choice(STREETS)}", rng.choice(LOCALITIES),
                "Oakfield", _postcode(rng)]
        parents = [rng.choice(RELATIONSHIPS_PR[:2])]
        if rng.random() < 0.5:
            parents.append(("Father", "M") if parents[0][1] == "F" else ("Mother", "F"))
        for prio, (rel, g) in enumerate(parents, start=1):
            fore = rng.choice(["Sarah", "Claire", "Farah", "Ewa", "Grace"] if g == "F"
                              else ["David", "Imran", "Tomasz", "Olu", "Lee"])
            rows.append([upn, "Mrs" if g == "F" else "Mr", fore, surname, rel, prio, "Y",
                         *home, f"{_email_part(fore)}.{_email_part(surname)}@example.org",
                         f"01632 960{rng.randrange(1000):03d}"])
    header = ["UPN", "Contact ID", "Contact Title", "Contact Forename", "Contact Surname",
              "Relationship", "Priority", "Parental Responsibility", "Address Line 1",
              "Address Line 2", "Town", "Postcode", "Email", "Telephone"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(header)
        w.writerows([r[0], str(1_000_001 + i), *r[1:]] for i, r in enumerate(rows))
    print(f"wrote {path}: {len(rows):,} contacts of {pupils.height:,} pupils", file=sys.stderr)


def bench(args: argparse.Namespace) -> None:
    import polars as pl

    t0 = time.perf_counter()
    days = year_days(args.weeks)
    sessions = [(x, s) for x in days for s in AMPM]
    pupils = bench_pupils(args.pupils, args.seed, len(sessions))
    if args.contacts:
        bench_contacts(pupils, Path(args.contacts), args.seed)
    if not args.out:
        return
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    info = ["UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form", "Date of Birth"]
    tail = ["Gender", "SEN Status", "FSM Eligible", "Pupil Premium", "EAL", "Looked After"]

    def on_roll(j: int):
        return (pl.col("on_from") <= j) & (pl.lit(j) < pl.col("on_to"))

    def marks_for(frame, j: int, x: date, s: str):
        """The session's mark; null (a blank cell) outside the pupil's time on roll."""
        mark = pl.lit("#") if x in YEAR_INSET else mark_expr(j, args.seed, s == "AM")
        return pl.when(on_roll(j)).then(mark)

    if args.shape == "long":
        base = pupils.select(["pid", "p_abs", "on_from", "on_to", *info, *tail])
        if args.format == "csv":
            with out.open("wb") as fh:
                fh.write(("\ufeff" + ",".join(ARBOR_HEADER) + "\r\n").encode())
                for j, (x, s) in enumerate(sessions):
                    chunk = base.filter(on_roll(j)).select(  # no row when not on roll
                        *info,
                        pl.lit(arbor_date(x)).alias("Date"),
                        pl.lit(s).alias("Session"),
                        marks_for(base, j, x, s).alias("Mark"),
                        *tail,
                    )
                    chunk.write_csv(fh, include_header=False, line_terminator="\r\n")
        else:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("Attendance")
            ws.append(ARBOR_HEADER)
            for j, (x, s) in enumerate(sessions):
                chunk = base.filter(on_roll(j)).select(*info, pl.lit(arbor_date(x)).alias("Date"),
                                    pl.lit(s).alias("Session"),
                                    marks_for(base, j, x, s).alias("Mark"), *tail)
                for row in chunk.iter_rows():
                    ws.append(row)
            wb.save(out)
    else:
        cols = [
            marks_for(pupils, j, x, s).str.replace("I01", "I", literal=True).alias(
                integris_header(x, s))
            for j, (x, s) in enumerate(sessions)
        ]
        preamble = [["Attendance Register Report"], [f"School: {SCHOOL}"],
                    [f"Period: {uk_date(days[0])} - {uk_date(days[-1])}"], []]
        header = ["Name", "UPN", "DOB", "Year", "Class"] + [integris_header(x, s)
                                                            for x, s in sessions]
        step = 5000
        totals = [0] * len(sessions)
        attended = list(ATTENDED)
        if args.format == "csv":
            fh = out.open("w", encoding="utf-8-sig", newline="")
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerows(preamble)
            w.writerow(header)
            fh.flush()
        else:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("Attendance")
            for row in preamble:
                ws.append(row)
            ws.append(header)
        for start in range(0, pupils.height, step):
            part = pupils.slice(start, step)
            wide = part.select(
                (pl.col("Legal Surname") + ", " + pl.col("Legal Forename")).alias("Name"),
                "UPN",
                (pl.col("Date of Birth") if args.format == "csv" else pl.col("dob")).alias("DOB"),
                pl.col("y").alias("Year"),
                pl.col("Registration Form").alias("Class"),
                *cols,
            )
            counts = wide.select(
                pl.col(h).is_in(attended).sum() for h in header[5:]
            ).row(0)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            if args.format == "csv":
                fh.write(wide.write_csv(include_header=False, line_terminator="\r\n"))
            else:
                for row in wide.iter_rows():
                    ws.append(row)
        footer = ["Totals", None, None, None, None] + totals
        if args.format == "csv":
            w.writerow(footer)
            fh.close()
        else:
            ws.append(footer)
            wb.save(out)
    n = len(sessions) * args.pupils
    print(f"wrote {out}: {args.pupils} pupils x {len(sessions)} sessions = {n:,} marks "
          f"({args.shape} {args.format}) in {time.perf_counter() - t0:.1f}s", file=sys.stderr)


# --------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    ex = sub.add_parser("examples", help="write the shipped example files (default: examples/)")
    ex.add_argument("--out", default=str(REPO / "examples"), help="output folder")
    ex.add_argument("--seed", type=int, default=SEED)
    b = sub.add_parser("bench", help="write one large benchmark file")
    b.add_argument("--pupils", type=int, default=2000)
    b.add_argument("--weeks", type=int, default=39, help="school weeks from Tue 1 Sep 2026")
    b.add_argument("--shape", choices=["long", "wide"], default="long")
    b.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    b.add_argument("--out", help="the register file to write")
    b.add_argument("--contacts", help="also write a contacts export for the same pupils "
                   "(the same --pupils, --weeks and --seed give the same pupils)")
    b.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    if args.mode == "bench" and not (args.out or args.contacts):
        ap.error("bench: give --out FILE, --contacts FILE or both")
    if args.mode == "examples":
        exp = write_examples(Path(args.out), args.seed)
        s = exp["school_summary"]
        print(f"wrote {args.out}: {s['pupils']} pupils, {s['attendance_pct']}% attendance, "
              f"{len(exp['planted'])} planted", file=sys.stderr)
    else:
        bench(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
