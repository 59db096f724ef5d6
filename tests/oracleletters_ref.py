"""An independent reference of which letters a pupil is due in one `attcli letters` run.

Written from DOMAIN.md sections 3, 4, 9 and 11 and the default config (`attcli init`), without
reading attcli's letters or placing code.  It takes the register as plain data (upn -> {date:
(am, pm)} of raw marks, the export as the run sees it), the run's as-of date, the school's half
terms and the letters on record (what earlier runs sent), and says which letters this run sends
and which it holds for review.

The rules, each from its source:
- band (DOMAIN 3, default config): attendance = attended / possible, the year to the as-of date,
  on exact fractions: green >= 92 %, amber > 90 %, red > 50 %, severe otherwise; under 10
  possible sessions no band.  Letters: amber, red, severe (green none).
- a pupil whose time on roll ended (no mark after a day before the data's last school day) gets
  no letter (docs/letters.md "Pupils who have left").
- never the same letter twice in a half term (DOMAIN 9); a milder band's letter after a more
  serious one this half term is not sent (improved), a more serious one after a milder is.
- stage: 1 + the earlier half terms of this school year in which the pupil got that letter.
- lateness: L or U 4 or more times in the half term to the as-of date (DOMAIN 4).
- praise (when on): green, attendance >= 98 %, no lateness due, not at the penalty-notice
  threshold, not absent without explanation now (3 school days of N/O/G to the end).
- held for review (DOMAIN 9): red and severe (the letters that warn) when MORE than half the
  absence sessions this school year are of the hold codes; any band letter whose band rests on
  N marks not yet stale (counted as attended they give a less serious band or no letter).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

PRESENT = {"/", "\\", "L", "K", "V", "P", "W", "B"}
AUTHORISED = {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "H", "F"}
UNAUTHORISED = {"G", "N", "O", "U"}
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#", "Y"} | {f"Y{i}" for i in range(1, 8)}
HOLD_CODES = {"C2", "I", "M", "C1", "J1", "S", "C", "H", "F", "E", "R", "T"}
HOLD_TEMPLATES = {"red", "severe"}
LATE = {"L", "U"}
CME = {"N", "O", "G"}
BAND_ORDER = ["green", "amber", "red", "severe"]  # best first
BAND_LETTER = {"green": None, "amber": "amber", "red": "red", "severe": "severe"}


def band_of(attended: int, possible: int) -> str | None:
    if possible < 10:
        return None
    pct = Fraction(attended * 100, possible)
    if pct >= 92:
        return "green"
    if pct > 90:
        return "amber"
    if pct > 50:
        return "red"
    return "severe"


@dataclass(frozen=True)
class HalfTerm:
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Sent:
    upn: str
    template: str
    half_term: str
    date: dt.date


@dataclass
class Due:
    sent: dict[tuple[str, str], int] = field(default_factory=dict)  # (upn, template) -> stage
    held: set[tuple[str, str]] = field(default_factory=set)
    why: dict[tuple[str, str], str] = field(default_factory=dict)


def half_term_of(day: dt.date, half_terms: list[HalfTerm]) -> HalfTerm:
    for ht in half_terms:
        if ht.start <= day <= ht.end:
            return ht
    raise ValueError(f"{day} is in no half term")


def due_letters(
    marks: dict[str, dict[dt.date, tuple[str, str]]],
    as_of: dt.date,
    half_terms: list[HalfTerm],
    history: list[Sent],
    *,
    praise: bool = False,
) -> Due:
    ht = half_term_of(as_of, half_terms)
    ht_index = half_terms.index(ht)
    school_days = sorted({d for m in marks.values() for d in m if d <= as_of})
    last_day = school_days[-1]
    # N marks within the 5 school days allowed to resolve them (DOMAIN.md 12: stale when
    # older than 5 school days; one 5 school days old is still within them: sweep oracle21,
    # seed 210002, an N of Wed 25 Nov as of Wed 2 Dec, which the earlier day held stale)
    fresh_from = school_days[-7] if len(school_days) >= 7 else school_days[0] - dt.timedelta(1)
    out = Due()
    for upn, by_day in marks.items():
        days = sorted(d for d in by_day if d <= as_of)
        if not days or days[-1] < last_day:
            continue  # not on roll (left), or not yet joined
        attended = possible = hold = absent = fresh_n = lates = 0
        for d in days:
            for mark in by_day[d]:
                if mark in ("", "-") or mark in NOT_POSSIBLE:
                    continue
                possible += 1
                if mark in PRESENT:
                    attended += 1
                else:
                    absent += 1
                    hold += mark in HOLD_CODES
                    fresh_n += mark == "N" and d > fresh_from
                if mark in LATE and ht.start <= d:
                    lates += 1
        band = band_of(attended, possible)
        mine = [s for s in history if s.upn == upn]
        this_ht = {s.template for s in mine if s.half_term == ht.name}
        earlier = [h.name for h in half_terms[:ht_index]]

        def stage(template: str, mine: list[Sent] = mine, earlier: list[str] = earlier) -> int:
            return 1 + len(
                {s.half_term for s in mine if s.template == template and s.half_term in earlier}
            )

        template = BAND_LETTER.get(band) if band else None
        if template and template not in this_ht:
            worse_sent = [
                t
                for t in this_ht
                if t in BAND_ORDER and BAND_ORDER.index(t) > BAND_ORDER.index(band)
            ]
            if not worse_sent:
                key = (upn, template)
                held = None
                if template in HOLD_TEMPLATES and absent and 2 * hold > absent:
                    held = f"{hold} of {absent} absence sessions are hold codes"
                if fresh_n:
                    lenient = band_of(attended + fresh_n, possible)
                    if lenient is not None and BAND_ORDER.index(lenient) < BAND_ORDER.index(band):
                        held = f"{fresh_n} fresh N marks: band {band} rests on them"
                left = _left_ladder_improved(
                    by_day, as_of, [s for s in mine if s.template in BAND_ORDER], half_terms
                )
                if left and not held:
                    held = f"left the ladder improved on {left}"
                if held:
                    out.held.add(key)
                    out.why[key] = held
                else:
                    out.sent[key] = stage(template)
        lates_due = lates >= 4
        if lates_due and "lateness" not in this_ht:
            out.sent[(upn, "lateness")] = stage("lateness")
        if (
            praise
            and band == "green"
            and Fraction(attended * 100, possible) >= 98
            and not lates_due
            and "praise" not in this_ht
            and not _pn_met(by_day, as_of, school_days)
            and _unexplained_run(by_day, as_of) < 3
        ):
            out.sent[(upn, "praise")] = stage("praise")
    return out


def _sessions(by_day, first: dt.date, last: dt.date) -> tuple[int, int]:  # noqa: ANN001
    att = pos = 0
    for d, ms in by_day.items():
        if first <= d <= last:
            for m in ms:
                if m in ("", "-") or m in NOT_POSSIBLE:
                    continue
                pos += 1
                att += m in PRESENT
    return att, pos


def _pct(by_day, first: dt.date, last: dt.date) -> Fraction | None:  # noqa: ANN001
    att, pos = _sessions(by_day, first, last)
    return Fraction(att * 100, pos) if pos else None


def _weeks_from(start: dt.date, half_terms: list[HalfTerm]) -> dt.date:
    """The day a period of weeks begun on ``start`` counts its weeks from (docs/cases.md
    step 2, sweep leftovers17): ``start`` in a half term (its weekends too); begun in a
    holiday between half terms, the next half term's first day (simplified: no inset day
    on it; a gap between the half terms either side longer than any holiday, 8 weeks, is a
    half term left out: ``start``, sweep mutnew14)."""
    if any(h.start <= start <= h.end for h in half_terms):
        return start
    later = [h.start for h in half_terms if h.start > start]
    before = max((h.end for h in half_terms if h.end < start), default=start)
    if not later or min(later) - before > dt.timedelta(weeks=8):
        return start
    return min(later)


def _left_ladder_improved(by_day, as_of, band_letters, half_terms=()) -> dt.date | None:  # noqa: ANN001
    """The default ladder (docs/cases.md: a stage per band letter, 4 weeks, improved at 1 point
    better than the same length before or 92 % over the period; improved and out of the band
    of the letter acted on over the period, the pupil leaves; improved but still in it,
    another period): the day a pupil left it on an improvement and has nothing due since
    (their attendance since leaving calls for no band letter), else None.

    A period is 28 calendar days from the letter (docs/cases.md step 2: `weeks = N` runs to
    `S + 7N - 1`, holidays inside it and all; begun in a holiday, from the first school day
    after: :func:`_weeks_from`; only a notice to improve counts school weeks), judged
    against the 28 days before the letter; fewer than 10 possible sessions over it: not
    judged.
    The severe letter is passed over (a red period not improved, the pupil persistently
    absent) only while the band does not call for it: a severe letter sent after the red
    period (the band severe that day) is the severe stage's own and starts its period.

    Simplified: the period starts at the first band letter not sent inside a running period."""
    letters = sorted({(s.date, BAND_ORDER.index(s.template)) for s in band_letters})
    if not letters:
        return None
    start, stage = letters[0]
    acted = stage  # the band of the letter acted on (red for a passed-over severe period)
    left = None
    while True:
        end = _weeks_from(start, half_terms) + dt.timedelta(days=27)
        worse = [x for x in letters if start < x[0] <= min(end, as_of) and x[1] > stage]
        if worse:  # a more serious band's letter moves the pupil on (its own period)
            start, stage = worse[0]
            acted = stage
            continue
        if end > as_of:
            return None  # the period runs
        att, pos = _sessions(by_day, start, end)
        if pos < 10:
            return None  # too few sessions to judge: a review by hand (not a hold)
        now = Fraction(att * 100, pos)
        before = _pct(by_day, start - dt.timedelta(days=28), start - dt.timedelta(days=1))
        if before is None and now < 92:
            return None  # cannot judge: a review by hand (not a hold of this kind)
        improved = now >= 92 or now >= before + 1
        out_of_band = BAND_ORDER.index(band_of(att, pos)) < acted
        if improved and out_of_band:  # out of the letter's band over the period: leaves
            later = [x for x in letters if x[0] > end]
            if not later:
                left = end
                break
            start, stage = later[0]
            acted = stage
        elif improved:
            start = end + dt.timedelta(days=1)  # stays at the stage, another period
        elif stage >= 3:
            return None  # severe (or passed over) not improved: the LA referral is due
        elif stage == 2 and (
            _pct(by_day, dt.date.min, end) <= 90 or _pct(by_day, dt.date.min, as_of) <= 90
        ):
            severe = [x for x in letters if x[0] > end and x[1] == 3]
            if severe:  # the band called for the severe letter: sent, it starts its stage
                start, stage = severe[0]
                acted = stage
            else:
                # red not improved, persistently absent: the severe letter passed over, its
                # period run without it (records of red during it move nothing)
                start, stage = end + dt.timedelta(days=1), 3
        else:  # not improved, waiting: the next band letter (this band's again, or worse)
            later = [
                x
                for x in letters
                if (x[0] > end and x[1] >= stage) or (x[0] >= end and x[1] > stage)
            ]
            if not later:
                return None  # on the ladder, not improved: nothing of this kind to hold
            start, stage = later[0]
            acted = stage
    if left is None:
        return None
    att, pos = _sessions(by_day, left + dt.timedelta(days=1), as_of)
    if band_of(att, pos) not in (None, "green"):  # a band with a letter since leaving: due
        return None
    return left


def _pn_met(by_day, as_of, school_days) -> bool:  # noqa: ANN001
    """10 or more unauthorised sessions in the 10 school weeks to the as-of date."""
    weeks = sorted({d - dt.timedelta(days=d.weekday()) for d in school_days if d <= as_of})
    first = weeks[-10] if len(weeks) >= 10 else weeks[0]
    n = sum(m in UNAUTHORISED for d, ms in by_day.items() if first <= d <= as_of for m in ms)
    return n >= 10


def _unexplained_run(by_day, as_of) -> int:  # noqa: ANN001
    """School days to the as-of date whose every possible session is N, O or G."""
    run = 0
    for d in sorted((d for d in by_day if d <= as_of), reverse=True):
        ms = [m for m in by_day[d] if m not in NOT_POSSIBLE and m not in ("", "-")]
        if not ms:
            continue
        if all(m in CME for m in ms):
            run += 1
        else:
            break
    return run
