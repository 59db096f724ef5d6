"""An independent reference for the weekly check's figures, from /work/shared/DOMAIN.md alone.

Written without reading attcli's engine (sweep oracle4): it takes the rows of one or more
long exports (in the order of the exports, each export's data ending no later than the
next's), the pupils' dates of birth, an optional pupil list (joining and leaving dates),
the half terms, and the as-of date, and gives per pupil what DOMAIN.md says the check
reports.  Plain Python, no polars, no attcli import.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from fractions import Fraction

D = dt.date
ONE = dt.timedelta(days=1)

PRESENT = {"/", "\\", "L", "K", "V", "P", "W", "B", "J"}
AUTHORISED = {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "H", "F"}
UNAUTHORISED = {"G", "N", "O", "U"}
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#", "Y"} | {f"Y{i}" for i in range(1, 8)}
CLOSURE = {f"Y{i}" for i in range(1, 8)}
LATE = {"L", "U"}
PN_CODES = {"G", "N", "O", "U"}
CME_CODES = {"N", "O", "G"}
FRAMEWORK = D(2024, 8, 19)
# England's bank holidays of the years the registers cover (gov.uk/bank-holidays)
BANK_HOLIDAYS_ENGLAND = {
    D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),
    D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
    D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
    D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31),
    D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28),
}  # fmt: skip
SESSIONS = ("AM", "PM")


def category(mark: str) -> str:
    """present | authorised | unauthorised | not_possible | missing."""
    if mark in ("", "-"):
        return "missing"
    if mark in PRESENT:
        return "present"
    if mark in AUTHORISED:
        return "authorised"
    if mark in UNAUTHORISED:
        return "unauthorised"
    if mark in NOT_POSSIBLE:
        return "not_possible"
    raise ValueError(f"unknown code {mark!r}")


def _birthday(dob: D, years: int) -> D:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February in a year without one: 1 March
        return D(dob.year + years, 3, 1)


def csa_span(dob: D) -> tuple[D, D]:
    """First and last day of compulsory school age (DOMAIN.md 5)."""
    five = _birthday(dob, 5)
    starts = sorted(
        D(y, m, d) for y in (five.year, five.year + 1) for m, d in ((12, 31), (3, 31), (8, 31))
    )
    start = next(p for p in starts if p >= five)
    sixteen = _birthday(dob, 16)
    end_year = sixteen.year + (1 if sixteen.month >= 9 else 0)
    last = D(end_year, 6, 30)
    while last.weekday() != 4:
        last -= ONE
    return start, last


def is_csa(dob: D | None, day: D) -> bool | None:
    if dob is None:
        return None
    a, b = csa_span(dob)
    return a <= day <= b


def year_start(day: D) -> D:
    return D(day.year if day.month >= 9 else day.year - 1, 9, 1)


def monday(day: D) -> D:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Run:
    first: D
    last: D
    days: int
    codes: set[str]
    current: bool = False
    left: bool = False
    seen: D | None = None  # the last day the pupil attended before the run


@dataclass
class PupilRef:
    upn: str
    possible: int = 0
    attended: int = 0
    authorised: int = 0
    unauthorised: int = 0
    missing: int = 0
    band: str | None = None
    pct: float | None = None
    lates: int = 0
    pn_met: bool = False
    pn_first: D | None = None
    pn_sessions: int = 0
    pn_window: tuple[D, D] | None = None
    csa: bool | None = None
    continuous: int = 0
    longest: int = 0
    runs: list[Run] = field(default_factory=list)
    on_roll: bool = True
    sick_sessions: int = 0
    sick_longest: int = 0
    #: school days of illness whose only session due was I (the other C2, not possible or
    #: no mark): each a whole day missed toward the 15 (docs/decisions.md, sweep rough8)
    sick_whole: int = 0
    stale_n: int = 0
    can_miss: int | None = None
    ht: tuple[int, int, int, int] = (0, 0, 0, 0)  # the half term's possible, attended, auth, unauth


@dataclass
class Export:
    rows: list[tuple[str, D, str, str]]  # upn, date, session, raw mark (in file order)


def merge(exports: list[Export]) -> dict[tuple[str, D, str], str]:
    """The session marks the exports give together (DOMAIN.md 12): the same mark twice is
    one; an N that a later export codes is a correction (the later counts), as is a mark
    where an earlier export had none; anything else different is a conflict (ValueError)."""
    out: dict[tuple[str, D, str], str] = {}
    for exp in exports:
        seen: dict[tuple[str, D, str], str] = {}
        for upn, day, sess, mark in exp.rows:
            key = (upn, day, sess)
            if key in seen and seen[key] != mark:
                if mark == "":  # a blank row beside a marked one: no mark, the mark stands
                    continue
                if seen[key] != "":
                    raise ValueError(f"conflict in one export {key}: {seen[key]!r} {mark!r}")
            seen[key] = mark
        for key, mark in seen.items():
            old = out.get(key)
            if old is None or old == mark or old in ("", "-"):
                # a later export filling in a session an earlier left unmarked
                out[key] = mark
            elif old == "N" and mark not in ("N", "", "-"):
                out[key] = mark
            else:
                raise ValueError(f"conflict between exports {key}: {old!r} {mark!r}")
    return out


def reference(
    exports: list[Export],
    dobs: dict[str, D | None],
    as_of: D,
    half_terms: list[tuple[str, D, D]],
    pupil_list: dict[str, list[tuple[D, D | None]]] | None = None,
    bands: tuple[int, int, int] = (92, 90, 50),
    min_possible: int = 10,
    late_threshold: int = 4,
    pn_sessions: int = 10,
    pn_weeks: int = 10,
    no_school: frozenset[D] = frozenset(),
    from_: D | None = None,
) -> dict[str, PupilRef]:
    """``no_school``: the INSET days and bank holidays in the half terms, which with the
    half terms make the term's school days: a week of them with no row in the exports
    (a week's export left out) is a school week whose sessions are unknown, and a gap
    in the year's register (no band)."""
    marks = merge(exports)
    for m in marks.values():
        category(m)  # an unknown code anywhere in the exports is an input error
    year = year_start(as_of)
    start = from_ or year  # --from: the period the user asked for, bands and all
    # The school's sessions: every (date, session) any export has a row for.
    school: set[tuple[D, str]] = {(d, s) for exp in exports for _, d, s, _ in exp.rows}
    school_all = sorted(school, key=lambda k: (k[0], SESSIONS.index(k[1])))
    # A school day: a weekday with at least one session; a school week: a week with a
    # session that is not all closure (Y1..Y7 for every row).
    school_days = sorted({d for d, _ in school if d.weekday() < 5})
    term = {
        d
        for _, a, b in half_terms
        for d in (a + ONE * k for k in range((b - a).days + 1))
        if d.weekday() < 5 and d not in no_school
    }
    have_weeks = {monday(d) for d in school_days}
    lost_weeks = {
        monday(d) for d in term if school_days and school_days[0] <= d <= school_days[-1]
    } - have_weeks
    # Term days after the data's last day, to the as-of date: nobody knows them, so no
    # run is current through them (the run goes to the end of the data).
    unknown_after = (
        any(
            d.weekday() < 5
            and d not in no_school
            and (not half_terms or any(a <= d <= b for _, a, b in half_terms))
            for d in (
                school_days[-1] + ONE * k for k in range(1, (as_of - school_days[-1]).days + 1)
            )
        )
        if school_days and as_of > school_days[-1]
        else False
    )
    week_days: dict[D, list[D]] = {}
    for d in school_days:
        week_days.setdefault(monday(d), []).append(d)

    def school_weeks_to(day: D) -> list[D]:
        """Mondays of the school weeks with a session on or before ``day`` (not on a day
        closed by Y1..Y7: as of a snow Monday, its week has not begun)."""
        return sorted(
            [m for m, ds in week_days.items() if any(x <= day and x not in closed_days for x in ds)]
            + [m for m in lost_weeks if m <= day]
        )

    def window(day: D) -> tuple[D, D] | None:
        # (from the first week's first school day, not its Monday: a Monday of the summer
        # holiday, a bank holiday or an INSET day is no day of the window: sweep rules3)
        weeks = school_weeks_to(day)[-pn_weeks:]
        if not weeks:
            return None
        return (min((x for x in week_days.get(weeks[0], ()) if x not in closed_days),
                    default=weeks[0]), day)

    upns = sorted({u for u, _, _ in marks} | set(pupil_list or {}))
    owns: dict[str, dict[tuple[D, str], str]] = {u: {} for u in upns}
    for (u, d, s), m in marks.items():
        owns[u][(d, s)] = m
    rolls = {u: _roll(owns[u], (pupil_list or {}).get(u), pupil_list is not None) for u in upns}
    by_day: dict[D, list[str]] = {}
    for (upn, d, s), m in marks.items():
        if rolls[upn] is not None and rolls[upn][0]((d, s)):
            by_day.setdefault(d, []).append(m)
    # A day closed for everyone: no possible session for anyone, Y1..Y7 on it (a blank
    # or an X beside them, or a mark off roll, does not open the school).  A blank cell
    # or a missing row on it is no missing mark (SIMS's '-' still is), and a
    # week of such days is no school week (DOMAIN.md 10).
    closed_days = {
        d
        for d, ms in by_day.items()
        if any(m in CLOSURE for m in ms)
        and all(category(m) in ("not_possible", "missing") for m in ms)
    }
    data_end = school_days[-1] if school_days else as_of
    age_days = sorted(
        {d for d in school_days if d not in closed_days}
        | {d for d in term if monday(d) in lost_weeks}
    )
    # Without term dates, half terms are runs of school weeks between holidays (a week
    # with no session); a week closed by Y1..Y7 is no school week but ends no half term.
    if not half_terms and school_days:
        open_weeks = sorted(
            m for m, ds in week_days.items() if not all(x in closed_days for x in ds)
        )
        closed_weeks = {m for m, ds in week_days.items() if all(x in closed_days for x in ds)}
        runs_of_weeks: list[list[D]] = []
        for m in sorted(set(open_weeks) | closed_weeks):
            if runs_of_weeks and m - runs_of_weeks[-1][-1] == dt.timedelta(days=7):
                runs_of_weeks[-1].append(m)
            else:
                runs_of_weeks.append([m])
        # A half term is a run of school weeks (DOMAIN.md 10): after a holiday it opens
        # on its first week's Monday, so an INSET Monday (no rows) is the half term it
        # opens, as term dates give it (docs/decisions.md, sweep spells); not a bank
        # holiday Monday (a holiday: term dates leave it out), not before 1 September
        # (a half term lies in one school year), and not the data's first run (the days
        # before the exports' first are not known to be school days).
        half_terms = []
        for k, ws in enumerate(runs_of_weeks):
            if not any(w in open_weeks for w in ws):
                continue
            first = min(d for w in ws for d in week_days[w])
            if k > 0 and ws[0] in open_weeks:
                sept = D(first.year, 9, 1)
                while (
                    first > ws[0]
                    and first - ONE not in BANK_HOLIDAYS_ENGLAND
                    and not (first == sept)
                ):
                    first -= ONE
            half_terms.append(("inferred", first, ws[-1] + dt.timedelta(days=6)))
        inferred = True
    else:
        inferred = False
    # Year-to-date figures need the register from the year's first school day.
    covered = (
        bool(school_days)
        and (from_ is not None or school_days[0] <= start + dt.timedelta(days=7))
        and not any(start <= d <= as_of and monday(d) in lost_weeks for d in term)
    )
    out: dict[str, PupilRef] = {}
    for upn in upns:
        dob = dobs.get(upn)
        ref = PupilRef(upn)
        own = owns[upn]
        if rolls[upn] is None:
            out[upn] = ref
            continue
        on_roll = rolls[upn][0]
        # On roll as of the as-of date: the school's last session to that date is in the
        # pupil's time on roll (a pupil marked to Friday is on roll on Sunday, and on the
        # days of a closure after it: Y1 for everyone is no school day).
        to_date = [k for k in school_all if k[0] <= as_of and k[0] not in closed_days]
        # (or on roll on the closure day that is the school's last day before it: one who
        # joined on it)
        last_any = [k for k in school_all if k[0] <= as_of]
        # (or on roll on any day of a closure since it: one who joined and left in it has
        # no school day between the last day on roll and the as-of date, docs/decisions.md
        # "Model questions settled": still on roll)
        ref.on_roll = bool(to_date) and (
            on_roll(to_date[-1]) or any(on_roll(k) for k in last_any if k > to_date[-1])
        )
        # The pupil's sessions on roll to the as-of date, in order: (date, session,
        # category, mark); ``sess`` those in the period (the window and the runs reach
        # back before it, into the last school year).
        every: list[tuple[D, str, str, str]] = []
        for key in school_all:
            d, s = key
            if d > as_of or not on_roll(key):
                continue
            m = own.get(key, "")
            every.append((d, s, category(m), m))
        sess = [x for x in every if x[0] >= start]
        for d, _, cat, m in sess:
            if cat == "present":
                ref.attended += 1
            elif cat == "authorised":
                ref.authorised += 1
            elif cat == "unauthorised":
                ref.unauthorised += 1
            elif cat == "missing" and (d not in closed_days or m == "-"):
                ref.missing += 1
        ref.possible = ref.attended + ref.authorised + ref.unauthorised
        if ref.possible:
            # to two decimals, half up, from the exact fraction
            ref.pct = int(Fraction(10000 * ref.attended, ref.possible) + Fraction(1, 2)) / 100
        if ref.possible >= min_possible and covered:
            green, amber, red = bands
            a, p = ref.attended, ref.possible
            if 100 * a >= green * p:
                ref.band = "green"
            elif 100 * a > amber * p:
                ref.band = "amber"
            elif 100 * a > red * p:
                ref.band = "red"
            else:
                ref.band = "severe"
        # Sessions the pupil can still miss this year and stay in the band (the year's
        # figures only): every other session left in the term dates attended.
        if inferred:  # the statutory 380 less the year's sessions so far
            so_far = [d for d in school_days if year <= d <= as_of and d not in closed_days]
            left = max(0, 380 - 2 * len(so_far))
        else:
            left = 2 * sum(
                1 for d in term if as_of < d and year <= d < year.replace(year=year.year + 1)
            )
        # (not for a leaver, nor a pupil with D, X or C2 in the period, whose sessions
        # left are not all theirs: attcli's decisions, Measures and part-time timetables)
        part_time = any(m in ("D", "X", "C2") for _, _, _, m in sess)
        # With --from, only for a pupil who joined on or after it (the period's figures
        # are then the year's).
        # (joined on the --from day: only when the register holds the year's days before
        # it, else the first mark there does not say the pupil joined then)
        mine = [d for d, _, _, _ in every if d >= year]
        seen_before = any(year <= d < (from_ or year) for d in school_days)
        year_days = [d for d in school_days if d >= year]
        the_year = (
            from_ is None
            or (bool(year_days) and from_ <= year_days[0])  # from the year's first school day
            or (not mine or mine[0] > from_ or (mine[0] == from_ and seen_before))
            and all(d >= from_ for d in mine)
        )
        if ref.band not in (None, "severe") and the_year and ref.on_roll and not part_time:
            a, p = ref.attended, ref.possible
            floor = {"green": (92, True), "amber": (90, False), "red": (50, False)}[ref.band]
            ok = [
                k
                for k in range(left + 1)
                if (
                    100 * (a + left - k) >= floor[0] * (p + left)
                    if floor[1]
                    else 100 * (a + left - k) > floor[0] * (p + left)
                )
            ]
            ref.can_miss = max(ok) if ok else 0
        # Lateness: the half term the as-of date is in (else the last one begun).
        begun = [h for h in half_terms if h[1] <= as_of]
        if begun:
            _, hs, he = begun[-1]
            # the half term's, whole, whatever the period (--from a day in it)
            # (the half term's attendance follows the period, --from included)
            in_ht = [c for d, _, c, _ in sess if hs <= d <= min(he, as_of)]
            att, au, un = (in_ht.count(k) for k in ("present", "authorised", "unauthorised"))
            ref.ht = (att + au + un, att, au, un)
            # (the school year's: as of 1 September, last summer's lates are not counted)
            ref.lates = sum(
                1 for d, _, _, m in every if m in LATE and max(hs, year) <= d <= min(he, as_of)
            )
        # Penalty-notice threshold.
        ref.csa = is_csa(dob, as_of)

        def counted(day_to: D, win: tuple[D, D], every=every, dob=dob) -> int:
            return sum(
                1
                for d, _, _, m in every
                if m in PN_CODES
                and win[0] <= d <= min(win[1], day_to)
                and d >= FRAMEWORK
                and is_csa(dob, d) is not False
            )

        win = window(as_of)
        if win is not None:
            ref.pn_window = win
            ref.pn_sessions = counted(as_of, win)
            ref.pn_met = ref.pn_sessions >= pn_sessions
            if True:  # the first date in the period it was met, met now or not: the
                # period's first day (met from the last year), or an unauthorised session's
                for d in sorted({start} | {d for d, _, _, m in sess if m in PN_CODES}):
                    w = window(d)
                    if w is not None and counted(d, w) >= pn_sessions:
                        ref.pn_first = d
                        break
        # N older than 5 school days (DOMAIN.md 12): more than 5 school days after it to
        # the as-of date (no further than the data: whether it was replaced since is not
        # known), the days of a week no export holds among them.
        ref.stale_n = sum(
            1
            for d, _, _, m in sess
            if m == "N"
            and bisect_right(age_days, min(as_of, data_end)) - bisect_right(age_days, d) > 5
        )
        # Sickness (DOMAIN.md 7): I sessions in the school year to date, and the longest
        # run of school days of illness (as a run of absence: a day counts when every
        # possible session is I; a day not possible or with no mark neither counts nor
        # breaks it).
        # (over the school year to date, whatever the period: README, --from)
        sick = [x for x in every if x[0] >= year]
        ref.sick_sessions = sum(1 for _, _, _, m in sick if m == "I")
        sick_days: dict[D, list[tuple[str, str]]] = {}
        for d, _, cat, m in sick:
            if d.weekday() < 5:
                sick_days.setdefault(d, []).append((cat, m))
        # A part-time pupil's day whose timetabled sessions are all I (the rest C2) counts;
        # a day of C2 alone neither counts nor breaks (docs/decisions.md, sweep rough7).
        length = 0
        for d in sorted(sick_days):
            poss = [m for c, m in sick_days[d] if c not in ("not_possible", "missing")]
            if not poss or all(m == "C2" for m in poss):
                continue
            length = length + 1 if all(m in ("I", "C2") for m in poss) else 0
            ref.sick_longest = max(ref.sick_longest, length)
            if length and sum(1 for m in poss if m == "I") == 1:
                ref.sick_whole += 1
        # Runs of unexplained absence (DOMAIN.md 6).
        days: dict[D, list[tuple[str, str]]] = {}
        for d, _, cat, m in every:
            if d.weekday() < 5:
                days.setdefault(d, []).append((cat, m))
        runs: list[Run] = []
        cur: Run | None = None
        last_seen_break: D | None = None
        for d in sorted(days):
            poss = [(c, m) for c, m in days[d] if c not in ("not_possible", "missing")]
            if not poss:
                continue
            if all(m in CME_CODES for _, m in poss):
                if cur is None:
                    seen = [x for x, _, c, _ in every if c == "present" and x < d]
                    cur = Run(d, d, 0, set(), seen=seen[-1] if seen else None)
                    runs.append(cur)
                cur.last = d
                cur.days += 1
                cur.codes |= {m for _, m in poss}
            else:
                cur = None
                last_seen_break = d
        del last_seen_break
        if cur is not None:
            if not ref.on_roll:
                cur.left = True  # left after it, whatever the days after the data
            elif not unknown_after:
                cur.current = True
                ref.continuous = cur.days
        # runs into the period, whole, and a run still current on its first day
        ref.runs = [r for r in runs if r.last >= start or r.current]
        ref.longest = max((r.days for r in ref.runs), default=0)
        out[upn] = ref
    return out


def _roll(own: dict[tuple[D, str], str], listed: list[tuple[D, D | None]] | None, has_list: bool):
    """(is this session on roll, the last day on roll or None) for a pupil, or None when
    the pupil was never on roll: the pupil list's dates when there is one, else the
    pupil's first to last mark (a blank cell or Z is no mark; '-' is)."""
    if has_list:
        if listed is None:
            return None
        spells = sorted(listed)

        def on_list(key: tuple[D, str]) -> bool:
            return any(j <= key[0] and (lv is None or key[0] <= lv) for j, lv in spells)

        return on_list, spells[-1][1]
    order = sorted(
        (k for k, m in own.items() if m not in ("", "Z")),
        key=lambda k: (k[0], SESSIONS.index(k[1])),
    )
    if not order:
        return None
    lo, hi = order[0], order[-1]
    lo_k = (lo[0], SESSIONS.index(lo[1]))
    hi_k = (hi[0], SESSIONS.index(hi[1]))

    def on_marks(key: tuple[D, str]) -> bool:  # Z: not on roll (DOMAIN.md 1)
        return lo_k <= (key[0], SESSIONS.index(key[1])) <= hi_k and own.get(key) != "Z"

    return on_marks, hi[0]
