"""Messy random registers for the oracle4 comparison (seeded, plain Python).

One school year 2026/27 with term dates, INSET days (one of them a half day), a bank
holiday, an unexpected closure (a day or a week of Y1 for everyone), pupils of every
age from Reception to Year 13 (some with no date of birth), joiners, leavers mid-week
(with marks after leaving when a pupil list gives the dates), runs of unexplained
absence, late bursts, part-time timetables (C2 every afternoon), illness, missing marks
(SIMS's '-', blank cells, missing rows), not-possible codes, duplicate rows, and the
register split into two exports that overlap, the earlier with N where the later has
the final code (corrections).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

D = dt.date
ONE = dt.timedelta(days=1)

PRIOR = [("Summer 2", D(2026, 6, 8), D(2026, 7, 17))]  # the end of 2025/26
HALF_TERMS = [
    ("Autumn 1", D(2026, 9, 3), D(2026, 10, 23)),
    ("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
    ("Spring 1", D(2027, 1, 4), D(2027, 2, 12)),
    ("Spring 2", D(2027, 2, 22), D(2027, 3, 25)),
    ("Summer 1", D(2027, 4, 12), D(2027, 5, 28)),
    ("Summer 2", D(2027, 6, 7), D(2027, 7, 21)),
]
BANK_HOLIDAYS = [D(2027, 5, 3)]
INSET = [D(2026, 11, 2), D(2027, 1, 4), D(2027, 6, 7)]
HALF_DAY = D(2026, 12, 18)  # school closes at lunch: no PM session for anyone

ABSENCE = (
    ["N"] * 8
    + ["O"] * 3
    + ["G"] * 3
    + ["U"] * 3
    + ["I"] * 6
    + ["M"] * 2
    + ["C"] * 2
    + ["C1", "E", "R", "S", "T", "J1", "K", "V", "P", "W", "B", "#", "D", "Q", "H"]
)


def config_toml(prior: bool = False, term_dates: bool = True) -> str:
    inset = ", ".join(d.isoformat() for d in INSET)
    out = f"[calendar]\ninset_days = [{inset}]\n"
    for name, a, b in ((PRIOR if prior else []) + HALF_TERMS) if term_dates else []:
        out += f'\n[[calendar.half_terms]]\nname = "{name}"\nstart = {a}\nend = {b}\n'
    return out


def term_days(last: D, prior: bool = False) -> list[D]:
    days = []
    for _, a, b in (PRIOR if prior else []) + HALF_TERMS:
        d = a
        while d <= min(b, last):
            if d.weekday() < 5 and d not in BANK_HOLIDAYS and d not in INSET:
                days.append(d)
            d += ONE
    return days


def year_of(dob: D) -> str:
    sy = dob.year if dob.month >= 9 else dob.year - 1  # school year of birth (Sep-Aug)
    n = 2026 - sy - 5  # year group in 2026/27: born Sep 2021-Aug 2022 -> Reception
    return "R" if n == 0 else str(n)


@dataclass
class Case:
    seed: int
    files: list[str]  # CSV texts, in order (each ends no later than the next)
    pupils_csv: str | None
    as_of: D
    dobs: dict[str, D | None]
    pupil_list: dict[str, list[tuple[D, D | None]]] | None
    notes: list[str] = field(default_factory=list)
    prior: bool = False
    order: list[int] = field(default_factory=list)  # the files in the order given
    raw: list[str] = field(default_factory=list)  # the files as attcli is given them
    from_: D | None = None  # --from
    term_dates: bool = True  # the config gives the half terms


def generate(seed: int, n_pupils: int = 12) -> Case:
    rnd = random.Random(seed)
    prior = rnd.random() < 0.25
    last = rnd.choice(term_days(D(2027, 7, 21))[20:])
    days = term_days(last, prior)
    # Unexpected closures: a day, or sometimes a week, of Y1 for everyone.
    closed: set[D] = set()
    if rnd.random() < 0.5:
        closed.add(rnd.choice(days))
    if rnd.random() < 0.3:
        mon = rnd.choice([d for d in days if d.weekday() == 0])
        closed |= {d for d in days if mon <= d < mon + dt.timedelta(days=5)}
    use_list = rnd.random() < 0.35
    sessions = [(d, s) for d in days for s in ("AM", "PM") if not (d == HALF_DAY and s == "PM")]
    rows: list[tuple[str, D, str, str]] = []  # the truth, in pupil then date order
    dobs: dict[str, D | None] = {}
    years: dict[str, str] = {}
    plist: dict[str, list[tuple[D, D | None]]] = {}
    for i in range(n_pupils):
        upn = f"P{seed % 1000:03d}{i:02d}"
        if i == 0:  # the anchor: present every session, so every session is the school's
            dob = D(2015, 1, 10)
        else:
            grp = rnd.choice([0, 0, 1, 3, 6, 10, 11, 11, 12, 13])
            first = D(2021 - grp, 9, 1)
            dob = first + dt.timedelta(days=rnd.randrange(365))
            if rnd.random() < 0.3:  # a birthday on an edge of compulsory school age
                edge = rnd.choice([(8, 31), (9, 1), (12, 31), (1, 1), (3, 31), (4, 1), (2, 29)])
                y = 2021 - grp + (0 if edge[0] >= 9 else 1)
                if edge == (2, 29) and y % 4:
                    y -= y % 4
                dob = D(y, *edge)
        years[upn] = year_of(dob)
        dobs[upn] = None if (i and rnd.random() < 0.08) else dob
        join = days[0] if (i == 0 or rnd.random() < 0.7) else rnd.choice(days)
        leave = None
        if i and rnd.random() < 0.3:
            later = [d for d in days if d >= join]
            leave = rnd.choice(later)
        back = None  # left and came back (a pupil list's second spell)
        if use_list and leave is not None and rnd.random() < 0.4:
            after = [d for d in days if d > leave + dt.timedelta(days=3)]
            back = rnd.choice(after) if after else None
        p_present = 1.0 if i == 0 else rnd.choice([0.97, 0.93, 0.9, 0.85, 0.7, 0.45])
        marks: dict[tuple[D, str], str] = {}
        for d, s in sessions:
            if d < join or (leave is not None and d > leave and (back is None or d < back)):
                continue
            if d in closed:
                marks[(d, s)] = "Y1"
                continue
            if rnd.random() < p_present:
                m = "/" if s == "AM" else "\\"
                if i and rnd.random() < 0.06:
                    m = rnd.choice(["L", "U"])
            else:
                m = rnd.choice(ABSENCE)
            marks[(d, s)] = m
        if i:
            own_days = sorted({d for d, _ in marks})
            # runs of unexplained absence
            for _ in range(rnd.choice([0, 0, 1, 1, 2])):
                if not own_days:
                    break
                k = rnd.randrange(len(own_days))
                length = rnd.choice([2, 3, 4, 9, 10, 11, 14])
                code = rnd.choice(["N", "N", "O", "G", "NO", "NG"])
                for d in own_days[k : k + length]:
                    if d in closed:
                        continue
                    for s in ("AM", "PM"):
                        if (d, s) in marks:
                            marks[(d, s)] = rnd.choice(code) if len(code) > 1 else code
                if rnd.random() < 0.3 and leave is not None:
                    pass
            # an illness: I for days on end (now and then over 15 days)
            if rnd.random() < 0.25 and own_days:
                k = rnd.randrange(len(own_days))
                for d in own_days[k : k + rnd.choice([3, 8, 14, 15, 16, 22])]:
                    for s in ("AM", "PM"):
                        if (d, s) in marks and d not in closed:
                            marks[(d, s)] = "I"
            # a part-time timetable: C2 every afternoon for a few weeks
            if rnd.random() < 0.15 and own_days:
                k = rnd.randrange(len(own_days))
                for d in own_days[k : k + 15]:
                    if (d, "PM") in marks and d not in closed:
                        marks[(d, "PM")] = "C2"
            # a late burst in some half term
            if rnd.random() < 0.3 and own_days:
                k = rnd.randrange(len(own_days))
                for d in own_days[k : k + 8]:
                    if (d, "AM") in marks and rnd.random() < 0.6 and d not in closed:
                        marks[(d, "AM")] = rnd.choice(["L", "L", "U"])
            # not of compulsory school age: X on some days (Reception, sixth form)
            if years[upn] in ("R", "12", "13") and rnd.random() < 0.5 and own_days:
                k = rnd.randrange(len(own_days))
                for d in own_days[k : k + 5]:
                    for s in ("AM", "PM"):
                        if (d, s) in marks:
                            marks[(d, s)] = "X"
            # Z somewhere inside (not on roll for a day)
            if rnd.random() < 0.1 and len(own_days) > 3:
                d = rnd.choice(own_days[1:-1])
                for s in ("AM", "PM"):
                    if (d, s) in marks:
                        marks[(d, s)] = "Z"
            # missing marks: '-', blank cells, missing rows
            keys = sorted(marks, key=lambda k: (k[0], k[1]))
            for _ in range(rnd.choice([0, 0, 1, 2, 3])):
                if len(keys) > 4:
                    key = rnd.choice(keys[1:-1])
                    marks[key] = rnd.choice(["-", "", "!"])
            if rnd.random() < 0.05 and keys:
                marks[keys[-1]] = "-"  # a '-' as the last session
        # marks after leaving (pupil-list mode), blank cells off roll (marks mode)
        extra: dict[tuple[D, str], str] = {}
        if use_list and join > days[0] and rnd.random() < 0.5:
            for d, s in sessions:
                if join - dt.timedelta(days=4) <= d < join:
                    extra[(d, s)] = rnd.choice(["/", "\\", "N", "O"])
        if use_list and leave is not None and rnd.random() < 0.6:
            for d, s in sessions:
                if leave < d <= leave + dt.timedelta(days=6) and (back is None or d < back):
                    extra[(d, s)] = rnd.choice(["/", "\\", "N", ""])
        if not use_list and rnd.random() < 0.3:
            for d, s in sessions:
                if d < join or (leave is not None and d > leave):
                    if rnd.random() < 0.5:
                        extra[(d, s)] = ""
        allm = {**extra, **marks}
        for (d, s), m in sorted(allm.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if m == "!":
                continue
            rows.append((upn, d, s, m))
        if use_list:
            plist[upn] = [(join, leave)] + ([(back, None)] if back else [])
    # Two exports that overlap, the earlier with N for some final codes (corrections).
    files: list[list[tuple[str, D, str, str]]] = []
    notes = []
    if rnd.random() < 0.5 and len(days) > 30:
        a_end = rnd.choice(days[10:-5])
        b_start = rnd.choice(
            [d for d in days if a_end - dt.timedelta(days=10) <= d <= a_end + ONE] or [a_end]
        )
        a = [r for r in rows if r[1] <= a_end]
        b = [r for r in rows if r[1] >= b_start]
        a2 = []
        for r in a:
            if r[1] >= b_start and r[3] not in ("", "-", "N", "Y1") and rnd.random() < 0.08:
                a2.append((r[0], r[1], r[2], "N"))
            else:
                a2.append(r)
        files = [a2, b]
        notes.append(f"two exports: to {a_end}, from {b_start}")
    else:
        files = [rows]
    # duplicate rows
    for f in files:
        for _ in range(rnd.choice([0, 0, 2, 5])):
            if f:
                f.insert(rnd.randrange(len(f)), rnd.choice(f))
    # now and then a week of term left out of the exports (a weekly file not given)
    if rnd.random() < 0.12:
        mondays = sorted({d - dt.timedelta(days=d.weekday()) for d in days})[2:-1]
        if mondays:
            gone = rnd.choice(mondays)
            for f in files:
                f[:] = [r for r in f if not gone <= r[1] < gone + dt.timedelta(days=7)]
            notes.append(f"week of {gone} left out")
    # as-of: a school day or any day between the third week and the data's end
    lo = days[10]
    span = (last - lo).days
    as_of = lo + dt.timedelta(days=rnd.randrange(span + 1)) if span > 0 else last
    if prior and rnd.random() < 0.6:
        as_of = rnd.choice(
            [
                D(2026, 9, 1),
                D(2026, 9, 2),
                D(2026, 9, 3),
                D(2026, 9, 7),
                D(2026, 9, 14),
                D(2026, 9, 25),
                D(2026, 10, 9),
            ]
        )
        as_of = min(as_of, last)
    elif last >= D(2027, 6, 21) and rnd.random() < 0.5:  # about the end of Year 11's age
        as_of = rnd.choice([D(2027, 6, 24), D(2027, 6, 25), D(2027, 6, 26), D(2027, 6, 28)])
    # now and then a register attcli must refuse: a conflict or an unknown code
    bad = rnd.random()
    if bad < 0.04 and len(files) == 2:
        over = [i for i, r in enumerate(files[0]) if r in files[1] and r[3] not in ("", "-")]
        if over:
            i = rnd.choice(over)
            r = files[0][i]
            files[0][i] = (r[0], r[1], r[2], "I" if r[3] != "I" else "M")
            notes.append(f"conflict {r}")
    elif bad < 0.09 and len(files) == 2:
        # the later export with no mark, or N, where the earlier had N or a final code
        over = [i for i, r in enumerate(files[1]) if r in files[0] and r[3] not in ("", "-")]
        if over:
            i = rnd.choice(over)
            r = files[1][i]
            new = rnd.choice(["-", ""]) if r[3] == "N" else rnd.choice(["N", "-"])
            files[1][i] = (r[0], r[1], r[2], new)
            notes.append(f"later export {new!r} for {r}")
    elif bad < 0.11:
        # one export giving the same session twice with different marks
        f = rnd.choice(files)
        i = rnd.randrange(len(f))
        r = f[i]
        f.insert(i + 1, (r[0], r[1], r[2], "O" if r[3] != "O" else "G"))
        notes.append(f"two marks in one export for {r}")
    elif bad < 0.13:
        f = rnd.choice(files)
        i = rnd.randrange(len(f))
        r = f[i]
        f[i] = (r[0], r[1], r[2], rnd.choice(["A", "NN", "7"]))
        notes.append(f"unknown code at {r}")
    texts, raw = [], []
    for f in files:
        # as an MIS writes it: rows in any order, a byte-order mark and CRLF, the date
        # as "Wed, 02 Sep 2026" (Arbor) or ISO
        shuffled = rnd.sample(f, len(f)) if rnd.random() < 0.3 else f
        style = rnd.choice(["%d/%m/%Y", "%d/%m/%Y", "%a, %d %b %Y", "%Y-%m-%d"])
        bom, crlf = rnd.random() < 0.3, rnd.random() < 0.3
        out = ["UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"]
        for upn, d, s, m in shuffled:
            dob = dobs[upn]
            born = f"{dob:%d/%m/%Y}" if dob else ""
            y = years[upn]
            year = "Reception" if y == "R" else f"Year {y}"
            day = f'"{d:{style}}"' if "," in style else f"{d:{style}}"
            out.append(f"{upn},Sur{upn},Fore{upn},{born},{year},{y}A,{day},{s},{m}")
        text = ("\r\n" if crlf else "\n").join(out) + ("\r\n" if crlf else "\n")
        raw.append(("\ufeff" if bom else "") + text)
        lines = ["UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"]
        for upn, d, s, m in f:
            dob = dobs[upn]
            born = f"{dob:%d/%m/%Y}" if dob else ""
            y = years[upn]
            year = "Reception" if y == "R" else f"Year {y}"
            lines.append(f"{upn},Sur{upn},Fore{upn},{born},{year},{y}A,{d:%d/%m/%Y},{s},{m}")
        texts.append("\n".join(lines) + "\n")
    pupils_csv = None
    if use_list:
        lines = ["UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date"]
        for upn, spells in plist.items():
            dob = dobs[upn]
            born = f"{dob:%d/%m/%Y}" if dob else ""
            for j, lv in spells:
                left = f"{lv:%d/%m/%Y}" if lv else ""
                lines.append(f"{upn},Sur{upn},Fore{upn},{born},{j:%d/%m/%Y},{left}")
        pupils_csv = "\n".join(lines) + "\n"
    from_ = None
    if rnd.random() < 0.15:
        this_year = (
            [d for d in days if D(2026, 9, 1) <= d <= as_of]
            if as_of.year > 2026 or as_of.month >= 9
            else []
        )
        if this_year:
            from_ = rnd.choice(this_year)
    term_dates = rnd.random() >= 0.3
    order = list(range(len(texts)))
    if len(order) == 2 and rnd.random() < 0.5:
        order.reverse()  # the later export first on the command line
    return Case(
        seed,
        texts,
        pupils_csv,
        as_of,
        dobs,
        plist if use_list else None,
        notes,
        prior,
        order,
        raw,
        from_,
        term_dates,
    )
