"""Small messy random registers for the oracle6 comparison (seeded, plain Python).

Autumn 2026 from Monday 7 September (the half-term holiday 26-30 October, the term dates
of tests/school.py's AUTUMN_HALF_TERMS), 3 to 14 school weeks, an anchor pupil present
every session and 3 to 6 others: joiners and leavers mid-term (blank cells outside their
time on roll now and then), every kind of code, late arrivals, a run of unauthorised
absence, missing marks (SIMS's '-', a blank cell, a missing row), an X, # or Q day, a day
closed for everyone (Y1), a pupil with no attended session, a Reception child not yet
of compulsory school age, a pupil with no date of birth, and now and then the register
in two overlapping exports, the earlier with N where the later has the final code (a
correction).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

D = dt.date
ONE = dt.timedelta(days=1)
HOLIDAY = (D(2026, 10, 26), D(2026, 10, 30))
ABSENT = ["N", "N", "O", "G", "G", "U", "I", "I", "M", "C", "C1", "E", "R", "S", "T", "J1",
          "C2", "K", "V", "P", "W", "B", "#", "X", "D", "Q", "H"]  # fmt: skip

Row = tuple[str, D, str, str]


@dataclass
class Case:
    seed: int
    exports: list[list[Row]]
    dobs: dict[str, D | None]
    years: dict[str, str]
    as_of: D
    notes: list[str] = field(default_factory=list)
    late_start: D | None = None  # the exports start after the year's first school day
    spells: dict[str, tuple[D, D | None]] | None = None  # a pupil list's dates (--pupils)
    from_: D | None = None  # --from for summary, report and pupil (a shorter period)


def school_days(weeks: int) -> list[D]:
    """The school days of the first ``weeks`` school weeks from Monday 7 September."""
    out, d = [], D(2026, 9, 7)
    while d <= D(2026, 12, 18):
        if d.weekday() < 5 and not HOLIDAY[0] <= d <= HOLIDAY[1]:
            out.append(d)
        d += ONE
    mondays = sorted({x - dt.timedelta(days=x.weekday()) for x in out})[:weeks]
    return [x for x in out if x - dt.timedelta(days=x.weekday()) in mondays]


def generate(seed: int) -> Case:
    rnd = random.Random(seed)
    days = school_days(rnd.randint(3, 12) if rnd.random() < 0.7 else rnd.randint(11, 14))
    closed = {rnd.choice(days[1:])} if rnd.random() < 0.3 else set()
    rows: list[Row] = []
    dobs: dict[str, D | None] = {}
    years: dict[str, str] = {}
    notes: list[str] = []
    n = rnd.randint(4, 7)
    rlist = random.Random(seed + 7919)  # a pupil list now and then (its own draws)
    use_list = rlist.random() < 0.2
    spells: dict[str, tuple[D, D | None]] = {}
    clean = rnd.random() < 0.25  # no N and no missing mark: a pack can be complete
    absent = [x for x in ABSENT if x != "N"] if clean else ABSENT
    for i in range(n):
        upn = f"Q{seed % 10000:04d}{i}"
        kind = rnd.random()
        if i == 0 or kind < 0.75:
            dob = D(2014, 9, 1) + dt.timedelta(days=rnd.randrange(365))
            years[upn] = "7"
        else:
            dob = D(2021, 9, 1) + dt.timedelta(days=rnd.randrange(365))
            years[upn] = "R"
        dobs[upn] = None if (i and rnd.random() < 0.1) else dob
        join = days[0] if (i == 0 or rnd.random() < 0.75) else rnd.choice(days)
        leave = rnd.choice([d for d in days if d >= join]) if i and rnd.random() < 0.25 else None
        p = 1.0 if i == 0 else rnd.choice([0.99, 0.95, 0.92, 0.9, 0.8, 0.5, 0.0])
        if i and p == 0.0:
            notes.append(f"{upn} never attends")
        own = [d for d in days if d >= join and (leave is None or d <= leave)]
        marks: dict[tuple[D, str], str] = {}
        for d in own:
            for s in ("AM", "PM"):
                if d in closed:
                    m = "Y1"
                elif rnd.random() < p:
                    m = "/" if s == "AM" else "\\"
                    if i and rnd.random() < 0.08:
                        m = rnd.choice(["L", "L", "U"])
                else:
                    m = rnd.choice(absent)
                marks[(d, s)] = m
        if i and own:
            if rnd.random() < 0.45:  # a run of unauthorised absence
                k = rnd.randrange(len(own))
                code = rnd.choice(["G", "O", "GO", "GU"] if clean else ["G", "N", "O", "GO", "NU"])
                for d in own[k : k + rnd.choice([3, 5, 6, 8, 12])]:
                    for s in ("AM", "PM"):
                        if d not in closed:
                            marks[(d, s)] = rnd.choice(code)
            if rnd.random() < 0.2:  # a late burst
                k = rnd.randrange(len(own))
                for d in own[k : k + 6]:
                    if d not in closed and rnd.random() < 0.7:
                        marks[(d, "AM")] = rnd.choice(["L", "U"])
            if rnd.random() < 0.2:  # a day not possible
                d = rnd.choice(own)
                if d not in closed:
                    m = rnd.choice(["X", "#", "Q", "Z"])
                    marks[(d, "AM")] = marks[(d, "PM")] = m
            keys = sorted(marks)
            for _ in range(0 if clean else rnd.choice([0, 0, 1, 2])):  # missing marks
                if len(keys) > 2:
                    key = rnd.choice(keys[1:-1])
                    marks[key] = rnd.choice(["-", "", "!"])
            if keys and not clean and rnd.random() < 0.05:
                marks[keys[-1]] = "-"
        if i and random.Random(seed * 100 + i).random() < 0.06:  # never a possible session
            marks = {k: "X" for k in marks}
            notes.append(f"{upn} all X")
        spells[upn] = (join, leave)
        extra: dict[tuple[D, str], str] = {}
        if i and use_list:  # marks outside the list's dates: they count for nothing
            for d in days:
                if join - dt.timedelta(days=3) <= d < join or (
                    leave is not None and leave < d <= leave + dt.timedelta(days=4)
                ):
                    for s in ("AM", "PM"):
                        extra[(d, s)] = rlist.choice(["/", "\\", "N", "O", "-"])
        elif i and rnd.random() < 0.3:  # blank cells outside the time on roll
            for d in days:
                if d < join or (leave is not None and d > leave):
                    for s in ("AM", "PM"):
                        extra[(d, s)] = ""
        for (d, s), m in sorted({**extra, **marks}.items()):
            if m != "!":
                rows.append((upn, d, s, m))
    exports = [rows]
    if rnd.random() < 0.35 and len(days) > 12:
        a_end = rnd.choice(days[6:-3])
        b_start = rnd.choice([d for d in days if a_end - dt.timedelta(days=8) <= d <= a_end])
        a = []
        for r in rows:
            if r[1] > a_end:
                continue
            if r[1] >= b_start and r[3] not in ("", "-", "N", "Y1") and rnd.random() < 0.15:
                r = (r[0], r[1], r[2], "N")
            a.append(r)
        exports = [a, [r for r in rows if r[1] >= b_start]]
        notes.append(f"two exports: to {a_end}, from {b_start}")
    late_start = None
    if rnd.random() < 0.1 and len(days) > 12:  # a register from the second week only
        late_start = days[5]
        exports = [[r for r in e if r[1] >= late_start] for e in exports]
        notes.append(f"exports from {late_start}")
    lo, hi = days[min(9, len(days) - 1)], days[-1]
    as_of = lo + dt.timedelta(days=rnd.randrange((hi - lo).days + 1))
    if rnd.random() < 0.3:  # the data's last week: the window whole after ten school weeks
        as_of = max(lo, hi - dt.timedelta(days=rnd.randrange(7)))
    if hi.weekday() == 4 and random.Random(-seed).random() < 0.1:  # the weekend after the data
        as_of = hi + dt.timedelta(days=random.Random(-seed).choice([1, 2]))
        notes.append("as of the weekend after the data")
    from_ = None
    if late_start is None and rnd.random() < 0.12:
        from_ = rnd.choice([d for d in days if d <= as_of][2:] or [days[0]])
        notes.append(f"--from {from_}")
    if use_list:
        notes.append("a pupil list")
    return Case(
        seed,
        exports,
        dobs,
        years,
        as_of,
        notes,
        late_start=late_start,
        spells=spells if use_list else None,
        from_=from_,
    )


def export_csv(case: Case, rows: list[Row]) -> str:
    out = ["UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"]
    for upn, d, s, m in rows:
        dob = case.dobs[upn]
        born = f"{dob:%d/%m/%Y}" if dob else ""
        y = case.years[upn]
        year = "Reception" if y == "R" else f"Year {y}"
        out.append(f"{upn},Sur{upn},Fore{upn},{born},{year},{y}A,{d:%d/%m/%Y},{s},{m}")
    return "\n".join(out) + "\n"


def pupils_csv(case: Case) -> str:
    """The pupil list: each pupil's admission and leaving dates."""
    out = ["UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date"]
    for upn, (join, leave) in (case.spells or {}).items():
        dob = case.dobs[upn]
        born = f"{dob:%d/%m/%Y}" if dob else ""
        left = f"{leave:%d/%m/%Y}" if leave else ""
        out.append(f"{upn},Sur{upn},Fore{upn},{born},{join:%d/%m/%Y},{left}")
    return "\n".join(out) + "\n"


def contacts_csv(case: Case) -> str:
    head = ("UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Relationship,"
            "Priority,Parental Responsibility,Address Line 1,Town,Postcode")  # fmt: skip
    lines = [
        f"{upn},C{upn},Mrs,Par{upn},Sur{upn},Mother,1,Yes,1 Elm Road,Anytown,AN1 1AB"
        for upn in case.dobs
    ]
    return head + "\n" + "\n".join(lines) + "\n"
