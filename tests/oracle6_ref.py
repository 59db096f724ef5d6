"""An independent reference for the figures of `attcli report`, `summary`, `pupil` and
`evidence --for penalty-notice` (sweep oracle6), written from /work/shared/DOMAIN.md only.

Plain Python over the rows of one or more exports: (upn, date, "AM"/"PM", raw mark), a
blank cell as "". No attcli import. The school's half terms are given as
(name, first day, last day); a day the school had is a weekday on which some pupil has a
mark that is not a closure (`Y1`..`Y7` for everyone who has a mark that day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

D = dt.date
ONE = dt.timedelta(days=1)
FRAMEWORK = D(2024, 8, 19)

PRESENT = {"/", "\\", "L"}
AEA = {"K", "V", "P", "W", "B", "J"}
AUTH = {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "H", "F"}
UNAUTH = {"G", "N", "O", "U"}
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#", "Y"} | {f"Y{i}" for i in range(1, 8)}
CLOSURE = {"Y"} | {f"Y{i}" for i in range(1, 8)}
LATE = {"L", "U"}
MISSING = "missing"


def category(mark: str) -> str:
    if mark in ("", "-"):
        return MISSING
    if mark in PRESENT or mark in AEA:
        return "attended"
    if mark in AUTH:
        return "authorised"
    if mark in UNAUTH:
        return "unauthorised"
    if mark in NOT_POSSIBLE:
        return "none"
    raise ValueError(f"unknown code {mark!r}")


def pct(att: int, poss: int) -> float | None:
    """Attendance % to one decimal, rounded half up from the exact fraction."""
    if not poss:
        return None
    x = Fraction(att * 1000, poss)
    return int(x + Fraction(1, 2)) / 10


def band(att: int, poss: int, minimum: int = 10) -> str | None:
    if poss < minimum:
        return None
    if att * 100 >= 92 * poss:
        return "green"
    if att * 100 > 90 * poss:
        return "amber"
    if att * 100 > 50 * poss:
        return "red"
    return "severe"


def monday(d: D) -> D:
    return d - dt.timedelta(days=d.weekday())


def year_start(d: D) -> D:
    return D(d.year if d.month >= 9 else d.year - 1, 9, 1)


def csa_span(dob: D | None) -> tuple[D, D] | None:
    """Compulsory school age: from the prescribed day (31 Dec, 31 Mar, 31 Aug) on or after
    the 5th birthday to the last Friday in June of the school year in which they turn 16."""
    if dob is None:
        return None
    try:
        five = dob.replace(year=dob.year + 5)
    except ValueError:  # 29 February
        five = D(dob.year + 5, 3, 1)
    y = five.year
    start = min(p for p in (D(y, 3, 31), D(y, 8, 31), D(y, 12, 31)) if p >= five)
    try:
        sixteen = dob.replace(year=dob.year + 16)
    except ValueError:
        sixteen = D(dob.year + 16, 3, 1)
    june_year = sixteen.year if sixteen.month < 9 else sixteen.year + 1
    end = D(june_year, 6, 30)
    while end.weekday() != 4:
        end -= ONE
    return start, end


@dataclass
class Counts:
    possible: int = 0
    attended: int = 0
    authorised: int = 0
    unauthorised: int = 0
    missing: int = 0

    def add(self, cat: str) -> None:
        if cat == MISSING:
            self.missing += 1
        elif cat != "none":
            self.possible += 1
            setattr(self, cat, getattr(self, cat) + 1)

    def pct(self) -> float | None:
        return pct(self.attended, self.possible)


@dataclass
class Pupil:
    upn: str
    year: Counts = field(default_factory=Counts)
    half: Counts = field(default_factory=Counts)
    band: str | None = None
    lates_half: int = 0
    on_roll: bool = False  # on roll on the as-of date
    in_period: bool = False  # on roll at some point from the period's start to as-of
    csa: bool | None = None
    window: tuple[D, D] | None = None  # first Monday .. as-of (or the window's end)
    window_weeks: int = 0  # the school weeks of the window the data holds (10 at most)
    window_whole: bool = False  # the exports hold every week of it the pupil was on roll
    last_day: D | None = None  # the last day on roll (a mark)
    window_sessions: list[tuple[D, str, str]] = field(default_factory=list)
    window_problems: list[tuple[D, str, str]] = field(default_factory=list)  # N, missing
    pn_met: bool = False
    first_met: D | None = None
    marks: dict[tuple[D, str], str] = field(default_factory=dict)  # on roll, in period
    by_code: dict[str, int] = field(default_factory=dict)  # absences in the period by code
    stale_n: int = 0  # N older than 5 school days as of as-of


@dataclass
class School:
    as_of: D
    start: D
    half_term: str | None
    pupils: dict[str, Pupil]
    days: list[D]  # the school's days, all of them in the data
    weeks: dict[D, Counts]  # week's Monday -> counts (period, to as-of)
    week_days: dict[D, int]
    weekday: dict[tuple[int, str], Counts]
    stale_n: int = 0
    sessions: set[tuple[D, str]] = field(default_factory=set)  # the school's


def window_at(day: D, days: list[D]) -> tuple[D, D, int] | None:
    """The penalty-notice window as of ``day``: (its first Monday, ``day``, the school weeks
    the data holds of the 10 up to ``day``); a school week is one with a school day, and
    the week of ``day`` counts once its first school day has come. It ends on ``day``, or
    on the data's last school day when ``day`` is after it (attcli's reading: the pack's
    register ends where the exports do)."""
    wk = sorted({monday(x) for x in days if x <= day})
    if not wk:
        return None
    return wk[-10:][0], min(day, days[-1]), len(wk[-10:])


def counted(
    day: D,
    ms: dict[tuple[D, str], str],
    sessions: set[tuple[D, str]],
    roll: tuple[tuple[D, str], tuple[D, str]],
    span: tuple[D, D] | None,
    days: list[D],
) -> list[tuple[D, str, str]]:
    """The unauthorised sessions (G N O U) in the window as of ``day``: on roll, on or after
    19 August 2024, while of compulsory school age (every one when no date of birth)."""
    win = window_at(day, days)
    if win is None:
        return []
    out = []
    for (d, s), m in sorted(ms.items()):
        if not (win[0] <= d <= day) or m not in UNAUTH or d < FRAMEWORK:
            continue
        if (d, s) not in sessions or not (roll[0] <= (d, s) <= roll[1]):
            continue
        if span is not None and not (span[0] <= d <= span[1]):
            continue
        out.append((d, s, m))
    return out


def merge(exports: list[list[tuple[str, D, str, str]]]) -> dict[str, dict[tuple[D, str], str]]:
    """Later exports' marks replace earlier ones' (an N corrected); a blank cell or no
    row in a later export leaves the earlier mark."""
    out: dict[str, dict[tuple[D, str], str]] = {}
    for rows in exports:
        for upn, d, s, m in rows:
            cur = out.setdefault(upn, {})
            if (d, s) in cur and m == "" and cur[(d, s)] != "":
                continue
            cur[(d, s)] = m
    return out


def reference(
    exports: list[list[tuple[str, D, str, str]]],
    dobs: dict[str, D | None],
    as_of: D,
    half_terms: list[tuple[str, D, D]],
    *,
    start: D | None = None,
    minimum: int = 10,
    spells: dict[str, tuple[D, D | None]] | None = None,
) -> School:
    """``spells``: a pupil list's joining and leaving dates, which decide the time on roll
    (DOMAIN.md 1): marks outside them count for nothing, no mark inside is a missing one."""
    marks = merge(exports)
    seen: dict[tuple[D, str], set[str]] = {}
    for upn, ms in marks.items():
        spell = (spells or {}).get(upn)
        for (d, s), m in ms.items():
            if spell and not (spell[0] <= d and (spell[1] is None or d <= spell[1])):
                continue  # off roll by the pupil list: says nothing of the school's day
            if m != "":
                seen.setdefault((d, s), set()).add(m)
    # a session is the school's when some pupil has a mark that counts in possible sessions
    # (or the register was not taken: '-' only); a closure (Y1) for everyone is closed though
    # an X, a # or a Z sits beside it, and so is a day of not-possible marks only (an INSET
    # day's #)
    sessions = {
        k
        for k, v in seen.items()
        if v <= {"-"} or any(category(m) not in ("none", MISSING) for m in v)
    }
    days = sorted({d for d, _ in sessions})
    start = start or year_start(as_of)

    def half_of(d: D) -> tuple[str, D, D] | None:
        best = None
        for h in half_terms:
            if h[1] <= d:
                best = h
        return best

    ht = half_of(as_of)
    ht_start = max(ht[1], start) if ht else start
    school = School(as_of, start, ht[0] if ht else None, {}, days, {}, {}, {})
    school.sessions = sessions
    marked_days: set[D] = set()
    for upn, ms in marks.items():
        p = Pupil(upn)
        # time on roll: from the first mark to the last (Z, not on roll, marks neither)
        written = sorted(k for k, m in ms.items() if m not in ("", "Z"))
        if not written:
            continue
        first, last = written[0], written[-1]
        if spells and upn in spells:
            join, leave = spells[upn]
            first, last = (join, "AM"), ((leave or D(9999, 1, 1)), "PM")
        span = csa_span(dobs.get(upn))
        # time on roll: first mark to last mark (Z inside: not on roll that session)
        last_school = max((d for d in days if d <= as_of), default=None)
        p.on_roll = (
            first[0] <= as_of
            and last_school is not None
            and last[0] >= last_school
            and any(ms.get((last_school, s)) not in (None, "", "Z") for s in ("AM", "PM"))
        ) or (  # (sweep oracle13, the readings recorded by oracle11 and oracle12: no row or
            # a blank cell between two marks, the later after the as-of date, is inside the
            # time on roll, a missing mark, which never changes whether on roll)
            last_school is not None and first[0] <= as_of and any(
                first <= (last_school, s) <= last and ms.get((last_school, s), "") != "Z"
                for s in ("AM", "PM")))
        if spells and upn in spells:  # the list decides the time on roll, a Z beside it not
            p.on_roll = first[0] <= last_school <= last[0] if last_school else False
        for d, s in sorted(set(seen)):
            if not (first <= (d, s) <= last):
                continue
            if d < start or d > as_of:
                continue
            m = ms.get((d, s), "")
            if m == "Z":
                continue
            if m != "":
                p.in_period = True  # on roll that day, a closed one (Y1) too
            if (d, s) not in sessions and m != "-":
                continue  # closed for everyone; SIMS's '-' is a missing mark wherever it is
            marked_days.add(d)
            p.in_period = True
            p.marks[(d, s)] = m
            cat = category(m)
            p.year.add(cat)
            if d >= ht_start:
                p.half.add(cat)
            w = monday(d)
            school.weeks.setdefault(w, Counts()).add(cat)
            school.weekday.setdefault((d.weekday(), s), Counts()).add(cat)
            if cat in ("authorised", "unauthorised"):
                p.by_code[m] = p.by_code.get(m, 0) + 1
            if m == "N":
                after = [x for x in days if d < x <= as_of]
                if len(after) > 5:
                    school.stale_n += 1
                    p.stale_n += 1
        # lates: the half term's up to as-of, whatever the period's start (decisions.md,
        # "Lateness is the half term's, whatever --from says": a reading DOMAIN.md 4 allows)
        p.lates_half = sum(
            1
            for (d, s), m in ms.items()
            if m in LATE
            and ht is not None
            and max(ht[1], year_start(as_of)) <= d <= as_of
            and first <= (d, s) <= last
            and (d, s) in sessions
        )
        p.band = band(p.year.attended, p.year.possible, minimum)
        p.csa = None if span is None else span[0] <= as_of <= span[1]

        win = window_at(as_of, days)
        if win:
            p.window, p.window_weeks = win[:2], win[2]
            # a pupil list's admission date on or before the data's first day: the weeks
            # before it are not the pupil's, so the window is whole in the exports
            p.window_whole = p.window_weeks == 10 or bool(
                spells and upn in spells and spells[upn][0] >= days[0]
            )
        p.last_day = max(
            (
                d
                for (d, s), m in ms.items()
                if d <= as_of and m not in ("", "Z") and first <= (d, s) <= last
            ),
            default=None,
        )
        p.window_sessions = counted(as_of, ms, sessions, (first, last), span, days)
        p.pn_met = len(p.window_sessions) >= 10
        if p.window is not None:
            for d, s in sorted(set(seen)):
                if p.window[0] <= d <= as_of and first <= (d, s) <= last:
                    m = ms.get((d, s), "")
                    if (d, s) not in sessions and m != "-":
                        continue
                    if m in ("", "-", "N"):
                        p.window_problems.append((d, s, m))
        d = start
        while d <= as_of:
            if len(counted(d, ms, sessions, (first, last), span, days)) >= 10:
                p.first_met = d
                break
            d += ONE
        school.pupils[upn] = p
    # the weekly tables' school days: a day with a session or a missing mark (a '-' on a
    # day closed for everyone else is a register to complete)
    for d in sorted(marked_days | set(days)):
        if start <= d <= as_of:
            school.week_days[monday(d)] = school.week_days.get(monday(d), 0) + 1
    return school


def totals(pupils: list[Pupil]) -> dict[str, int]:
    """The summary's counts over ``pupils`` (those on roll in the period)."""
    c = Counts()
    for p in pupils:
        for k in ("possible", "attended", "authorised", "unauthorised", "missing"):
            setattr(c, k, getattr(c, k) + getattr(p.year, k))
    banded = [p for p in pupils if p.band]
    return {
        "pupils": len(pupils),
        "banded": len(banded),
        "pa": sum(1 for p in banded if p.band in ("red", "severe")),
        "sa": sum(1 for p in banded if p.band == "severe"),
        "possible": c.possible,
        "attended": c.attended,
        "authorised": c.authorised,
        "unauthorised": c.unauthorised,
    }
