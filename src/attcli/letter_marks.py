"""The marks a letter's figures rested on, kept with it in the history (history version
17), and the letters a register correction has changed since (DOMAIN.md 9, 12).

A letter gives the pupil's attendance, authorised and unauthorised absence (and a
warning the penalty-notice window's unauthorised sessions) as the register stood on its
figures' date.  Registers are corrected after the fact: an `O` made `I` (the reason, an
illness, found later) leaves attendance as it was, so the letter's attendance figure
alone cannot show it, but the letter told the family of unauthorised absence that is no
longer on record, and the school should say so to them.  So each letter keeps its
pupil's every mark from the figures' first day (the penalty-notice window's first day
when that is earlier: a warning counts it) to its as-of date, and `check` and `letters`
compare them with the register now: a session whose category (present, authorised,
unauthorised, not possible, missing) or lateness changed is named, with the figures then
and now.  A mark changed within its category (an `N` given its final `O`, DOMAIN.md 12)
changes no figure the letter gave, and is not said; nor is a session the letter had no
mark for (a missing mark, no row: the afternoon of an export made at lunchtime) marked
since: the register completed, not a mark changed.  A warning rests on its window too;
any other letter on its figures' period alone; a lateness letter, which gives no figure
but the late arrivals, on its lates alone (said only when they changed).

A letter recorded before the marks were kept cannot be judged: that is said, never
guessed from its attendance figure.  A session the exports no longer reach (a shorter
export) is not compared, and that is said too.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import polars as pl

from attcli.config import letter_name
from attcli.letter_settings import LATENESS, PN_WARNING

if TYPE_CHECKING:
    from attcli.engine import Evaluation
    from attcli.store import History, LetterRecord

#: a session: (date, "AM"|"PM") -> (mark, category)
Marks = dict[tuple[dt.date, str], tuple[str, str]]

#: the letters listed, at most (then "and N more")
MAX_LISTED = 10
#: the sessions named per letter, at most (then ", ...")
MAX_SESSIONS = 6

_ATTENDED = ("present", "approved_activity")
_NOT_POSSIBLE = ("not_possible", "missing")


def _frame(ev: Evaluation, keys: Iterable[tuple[str, str]], start: dt.date, end: dt.date) -> pl.DataFrame:
    """The marks of ``keys`` ((school, upn)) from ``start`` to ``end``: school, upn, date,
    session, mark, category, as text (missing rows inside time on roll are ``-``)."""
    from attcli.roll import pupil_keys

    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return pl.DataFrame()
    reg = (
        ev.prepared.register_of(wanted)
        if ev.prepared is not None
        else ev.register.with_columns(
            pl.col("school").cast(pl.Utf8).fill_null(""), pl.col("upn").cast(pl.Utf8)
        ).join(pupil_keys(wanted), on=["school", "upn"], how="semi")
    )
    return reg.filter(pl.col("date").is_between(start, end)).select(
        pl.col("school").cast(pl.Utf8).fill_null(""),
        pl.col("upn").cast(pl.Utf8),
        "date",
        pl.col("session").cast(pl.Utf8),
        pl.col("mark").cast(pl.Utf8).fill_null(""),
        pl.col("category").cast(pl.Utf8),
    )


def _by_pupil(frame: pl.DataFrame) -> dict[tuple[str, str], Marks]:
    out: dict[tuple[str, str], Marks] = {}
    if not frame.height:
        return out
    for school, upn, day, session, mark, cat in frame.iter_rows():
        out.setdefault((school, upn), {})[(day, session)] = (mark, cat)
    return out


def marks_now(
    ev: Evaluation, keys: Iterable[tuple[str, str]], start: dt.date, end: dt.date
) -> dict[tuple[str, str], Marks]:
    """(school, upn) -> the pupil's marks in the register now from ``start`` to ``end`` at
    least (no row: none), of ``keys``: made once an evaluation for each pupil
    (``ev.marks_by_pupil``, with the dates it holds) whichever caller asks first, and
    made again only for a pupil asked of dates beyond those (then the two spans' whole).
    A letters run compares letters' kept marks with the register three times
    (:func:`correction_lines`, :func:`unsupported_band_letters`,
    :func:`unsupported_warnings`) and `check` twice (its letters and its penalty-notice
    packs, :mod:`attcli.pack_marks`), the same pupils and dates mostly: making their marks
    into dicts at each was a fifth to a third of the comparing (sweep changedletters).  A caller reads
    the dates it compares, never the others, and never changes the marks; none outside
    the exports' days (``ev.coverage``: a session there is not compared, and said so),
    so the dates asked of are those within them (a warning's window reaching back
    across the summer asks of no more than a letter's figures)."""
    made = ev.marks_by_pupil
    wanted = list(dict.fromkeys(keys))
    if (cov := ev.coverage) is not None:
        start, end = max(start, cov.data_start), min(end, cov.data_end)
        if start > end:  # (none of the days asked of is in the exports)
            return {k: {} for k in wanted}
    missing = [
        k for k in wanted if (m := made.get(k)) is None or not m[0] <= start <= end <= m[1]
    ]
    if missing:
        lo = min([start, *(made[k][0] for k in missing if k in made)])
        hi = max([end, *(made[k][1] for k in missing if k in made)])
        new = _by_pupil(_frame(ev, missing, lo, hi))
        for k in missing:
            made[k] = (lo, hi, new.get(k, {}))
    return {k: made[k][2] for k in wanted}


#: a category as a letter keeps it (one character), and back
_CODE = {
    "present": "p", "approved_activity": "a", "authorised": "A", "unauthorised": "u",
    "not_possible": "n", "missing": "m",
}  # fmt: skip
_CATEGORY = {v: k for k, v in _CODE.items()}
_SESSIONS = ("AM", "PM")


def keep(ev: Evaluation, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """What each pupil's letter keeps (the ``marks`` column): JSON of the figures' first
    day, the first day kept, the as-of date and every mark from the earlier of the
    figures' first day and the pupil's penalty-notice window's to the as-of date, a day
    a list ``[AM mark, AM category, PM mark, PM category]`` (a category as one letter,
    :data:`_CODE`; null for a session the pupil has no row for)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    starts = (
        {
            (s or "", u): d
            for s, u, d in ev.pupils.select("school", "upn", "pn_window_start").iter_rows()
        }
        if "pn_window_start" in ev.pupils.columns
        else {}
    )
    first = min(
        [ev.period_start, *(d for k in wanted if isinstance(d := starts.get(k), dt.date))]
    )
    days = kept_days(_frame(ev, wanted, first, ev.as_of))
    out = {}
    for key in wanted:
        start = starts.get(key)
        window = start if isinstance(start, dt.date) else None
        since = min(ev.period_start, window) if window is not None else ev.period_start
        out[key] = kept_json(ev.period_start, since, window, ev.as_of, days.get(key, {}))
    return out


def kept_days(frame: pl.DataFrame) -> dict[tuple[str, str], dict[str, list[str | None]]]:
    """Each pupil's marks of ``frame`` (:func:`_frame`) as kept: a day a list ``[AM mark,
    AM category, PM mark, PM category]``, a category as one letter (:data:`_CODE`), null
    for a session the pupil has no row for."""
    days: dict[tuple[str, str], dict[str, list[str | None]]] = {}
    if not frame.height:
        return days
    frame = frame.sort("school", "upn", "date", "session")
    for school, upn, day, session, mark, cat in zip(
        *(frame.get_column(c).to_list() for c in frame.columns), strict=True
    ):
        row = days.setdefault((school, upn), {}).setdefault(
            day.isoformat(), [None, None, None, None]
        )
        at = 2 * _SESSIONS.index(session)
        row[at], row[at + 1] = mark, _CODE.get(cat, cat)
    return days


def kept_json(
    figures_from: dt.date,
    since: dt.date,
    window_from: dt.date | None,
    to: dt.date,
    days: dict[str, list[str | None]],
) -> str:
    """What a record keeps of the marks it rests on (version 1, read by :func:`read`):
    the figures' first day, the first day kept, the penalty-notice window's first day
    (None: no window), the last day and the days (:func:`kept_days`)."""
    return json.dumps(
        {
            "v": 1,
            "figures_from": figures_from.isoformat(),
            "from": since.isoformat(),
            "window_from": window_from.isoformat() if window_from is not None else None,
            "to": to.isoformat(),
            "marks": days,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def sessions_text(sessions: Sequence[tuple[dt.date, str, str, str]]) -> str:
    """Sessions changed (date, session, mark then, mark now), the first few: "23/10 AM O
    -> I, 23/10 PM O -> I, ..."."""
    return ", ".join(
        f"{d:%d/%m} {s} {was or 'no mark'} -> {now or 'no row'}"
        for d, s, was, now in sessions[:MAX_SESSIONS]
    ) + (", ..." if len(sessions) > MAX_SESSIONS else "")


@dataclass(frozen=True)
class Kept:
    figures_from: dt.date
    start: dt.date
    end: dt.date
    marks: Marks
    window_from: dt.date | None = None


def read(text: str, letter_id: int | None = None, *, what: str | None = None) -> Kept:
    """A letter's ``marks`` column, as :func:`keep` wrote it (or as history 17 first kept
    it, with no version: read the same, its window's first day unknown).  Anything else (a hand edit,
    a damaged page) is an error naming the letter (or ``what``: an evidence pack's,
    :mod:`attcli.pack_marks`), never a traceback or a guess.  Each text is parsed once a
    process (:func:`_parsed`): a letters run asks of the same letters three times
    (:func:`correction_lines`, :func:`unsupported_band_letters`,
    :func:`unsupported_warnings`; sweep migrate), so the :class:`Kept` returned is shared,
    and its marks are never changed by a caller."""
    try:
        return _parsed(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        from attcli.errors import AttcliError

        which = what or (f"letter {letter_id}" if letter_id is not None else "a letter")
        raise AttcliError(
            f"the history is damaged: the marks kept with {which} (its column marks) are not "
            "as attcli writes them; restore the school's history from its backup; do not "
            "delete it or start a new one"
        ) from None


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> Kept:
    """:func:`read`'s parse (a text that is not kept marks raises, and is not cached)."""
    data = json.loads(text)
    marks: Marks = {}
    if "v" not in data:
        # the first form (history 17 as first made, c804a5ea): a day {session: [mark,
        # category]}, the category in full; no window's first day was kept
        for day, sessions in data["marks"].items():
            d = dt.date.fromisoformat(day)
            for session, (mark, cat) in sessions.items():
                if session not in _SESSIONS or cat not in _CODE:
                    raise ValueError(session, cat)
                marks[(d, session)] = (str(mark), str(cat))
    elif data["v"] != 1:
        raise ValueError(data["v"])
    for day, row in data["marks"].items() if "v" in data else ():
        d = dt.date.fromisoformat(day)
        for i, session in enumerate(_SESSIONS):
            mark, cat = row[2 * i], row[2 * i + 1]
            if mark is not None:
                marks[(d, session)] = (str(mark), _CATEGORY[cat])
    return Kept(
        dt.date.fromisoformat(data["figures_from"]),
        dt.date.fromisoformat(data["from"]),
        dt.date.fromisoformat(data["to"]),
        marks,
        dt.date.fromisoformat(data["window_from"]) if data.get("window_from") else None,
    )


@dataclass
class Changed:
    """A letter sent (to one or more of the pupil's contacts) whose marks changed since."""

    school: str
    upn: str
    pupil_name: str
    template: str
    letter_date: dt.date
    as_of: dt.date
    #: (date, session, mark then, mark now); "" now: no row of the pupil's any more
    sessions: list[tuple[dt.date, str, str, str]]
    then: tuple[int, int, int, int]
    now: tuple[int, int, int, int]
    #: sessions the letter's marks hold that the exports no longer reach (not compared)
    unseen: int = 0
    recipients: list[str] = field(default_factory=list)
    #: a lateness letter: the late sessions of its half term to its date, then and now
    lates: tuple[int, int] | None = None
    #: a warning: the sessions of its window marked with a penalty-notice code, then and
    #: now (every such mark, before the rules that leave some out: never more than counted)
    window: tuple[int, int] | None = None
    #: the history's ids of the letter's records (one a contact)
    ids: tuple[int, ...] = ()

    def rests_on(self, what: str) -> str:
        """"the red letter of 02/11/2026 rests on marks corrected since (12 sessions: ...)"."""
        k = len(self.sessions)
        return (
            f"{what} of {self.letter_date:%d/%m/%Y} rests on marks corrected since ({k} "
            f"session{'s' if k != 1 else ''}: {sessions_text(self.sessions)})"
        )

    def _letters(self) -> str:
        """"the red letter sent 09/10/2026 (figures to 09/10/2026)"."""
        return (
            f"the {letter_name(self.template)} letter"
            f"{'s' if ' and ' in self.template else ''} sent {self.letter_date:%d/%m/%Y} "
            f"(figures to {self.as_of:%d/%m/%Y})"
        )

    def _figures_then_now(self, lines: Sequence[Fraction]) -> str:
        """"84.0% (42/50), ... the register now gives ... to the same date"."""

        def late(i: int) -> str:
            return f", {self.lates[i]} late this half term" if self.lates is not None else ""

        unseen = (
            f"; {self.unseen} of its sessions are before or after what the exports hold now, "
            "not compared"
            if self.unseen
            else ""
        )
        return (
            f"{_figures(self.then, lines)}{late(0)}, the register now gives "
            f"{_figures(self.now, lines)}{late(1)} to the same date{unseen}"
        )

    def line(self, lines: Sequence[Fraction] = ()) -> str:
        shown = sessions_text(self.sessions)
        k = len(self.sessions)
        return (
            f"{self.pupil_name} ({self.upn}): {self._letters()} "
            f"{'rest' if ' and ' in self.template else 'rests'} on "
            f"marks changed since: {k} session{'s' if k != 1 else ''} ({shown}); "
            f"{'they' if ' and ' in self.template else 'it'} gave "
            f"{self._figures_then_now(lines)}: tell the family (a correction, an apology)"
        )


def _figures(f: tuple[int, int, int, int], lines: Sequence[Fraction] = ()) -> str:
    from attcli.percent import with_sessions

    attended, possible, authorised, unauthorised = f
    pct = with_sessions(attended, possible, lines) if possible else "no possible session"
    return f"{pct}, {authorised} authorised and {unauthorised} unauthorised"


def _count(marks: Marks, start: dt.date, end: dt.date) -> tuple[int, int, int, int]:
    attended = possible = authorised = unauthorised = 0
    for (day, _), (_, cat) in marks.items():
        if not start <= day <= end or cat in _NOT_POSSIBLE:
            continue
        possible += 1
        attended += cat in _ATTENDED
        authorised += cat == "authorised"
        unauthorised += cat == "unauthorised"
    return attended, possible, authorised, unauthorised


def _lates(marks: Marks, start: dt.date, end: dt.date, late: Collection[str]) -> int:
    return sum(1 for (day, _), (mark, _) in marks.items() if start <= day <= end and mark in late)


def in_view(store: History, ev: Evaluation) -> list[LetterRecord]:
    """The letters sent this half term and last (this school year's, as `letters` judges
    the letters no longer called for): those whose marks are compared."""
    from attcli.calendar import academic_year_start

    year = academic_year_start(ev.as_of)
    terms = sorted(
        (h for h in ev.calendar.half_terms if year <= h.start <= ev.as_of),
        key=lambda h: h.start,
    )[-2:]
    out: list[LetterRecord] = []
    for h in terms:  # (letters on figures after the as-of date: not sent as of then)
        out += [r for r in store.sent_for(h.start) if r.as_of is None or r.as_of <= ev.as_of]
    return out


def changed_letters(
    ev: Evaluation, letters: Sequence[LetterRecord], out_of_view: Collection[str] = ()
) -> tuple[list[Changed], int]:
    """The letters (one per pupil, template and day sent) whose kept marks the register
    now marks otherwise (a category or lateness changed), and how many of the letters in
    the exports were recorded without their marks (before history version 17: not
    judged).  Pupils not in the exports, or ``out_of_view``, are not judged."""
    if not letters:  # (nothing to judge: every pupil's key not read, issue 15)
        return [], 0
    config = ev.config
    late = set(getattr(config, "late_codes", ()))
    here = {
        (s or "", u) for s, u in ev.pupils.select("school", "upn").iter_rows()
    }
    groups: dict[tuple[str, str, str, dt.date], list[LetterRecord]] = {}
    for r in letters:
        key = (r.school or "", r.upn)
        if key not in here or r.upn in out_of_view:
            continue
        groups.setdefault((*key, r.template, r.letter_date), []).append(r)
    unknown = 0
    kept: dict[tuple[str, str, str, dt.date], Kept] = {}
    for gk, records in groups.items():
        first = next((r for r in records if r.marks), None)
        if first is None or first.marks is None:
            unknown += 1
            continue
        kept[gk] = read(first.marks, first.id)
    if not kept:
        return [], unknown
    start = min(k.start for k in kept.values())
    end = max(k.end for k in kept.values())
    now_all = marks_now(ev, [gk[:2] for gk in kept], start, end)
    # a letter moved to a child's new UPN (`attcli pupil merge OLD NEW`) rests on sessions
    # exports made before the change hold under the old one: those sessions are read there
    # (one child under two UPNs, not two children seen apart: joined.other_upns), not said
    # to be "no row" now, a correction to apologise for (sweep twoupn)
    from attcli.joined import other_upns

    others = other_upns(ev, {gk[:2] for gk in kept})
    then_all = (
        marks_now(ev, [o for k in others.values() for o in k], start, end) if others else {}
    )
    cov = ev.coverage
    lo = cov.data_start if cov is not None else start
    hi = cov.data_end if cov is not None else end
    out: list[Changed] = []
    for gk, k in sorted(kept.items(), key=lambda x: (x[0][1], x[0][3], groups[x[0]][0].id)):
        # a warning rests on its window too (it may reach back before the figures' first
        # day, across the summer); any other letter on its figures' period alone
        first_day = k.start if gk[2] == PN_WARNING else k.figures_from
        kept_marks = {s: v for s, v in k.marks.items() if first_day <= s[0] <= k.end}
        own = now_all.get(gk[:2], {})
        now = {s: v for s, v in own.items() if first_day <= s[0] <= k.end}
        for o in others.get(gk[:2], ()):
            for s, v in then_all.get(o, {}).items():
                if s in kept_marks and s not in own:
                    now.setdefault(s, v)
        if now == kept_marks:  # (every mark as kept: most letters, no session to walk)
            continue
        sessions = []
        unseen = 0
        merged: Marks = dict(kept_marks)
        for s in sorted(set(kept_marks) | set(now)):
            if not lo <= s[0] <= hi:
                unseen += s in kept_marks
                continue
            was = kept_marks.get(s, ("", "missing"))
            is_ = now.get(s, ("", "not_possible"))
            # (a session the letter had no mark for, a missing mark or no row, then marked:
            # the register completed, not a mark changed; the letter's run said its figures
            # left such sessions out: the afternoon of an export made at lunchtime)
            if was[1] != "missing" and (
                was[1] != is_[1] or ((was[0] in late) != (is_[0] in late))
            ):
                sessions.append((s[0], s[1], was[0], is_[0]))
            if s in now:
                merged[s] = is_
            else:
                merged.pop(s, None)
        if not sessions:
            continue
        first = groups[gk][0]
        lates = None
        if gk[2] == LATENESS:  # (the lates it counted: its half term's, to its date)
            lates = (
                _lates(k.marks, first.half_term_start, k.end, late),
                _lates(merged, first.half_term_start, k.end, late),
            )
            if lates[0] == lates[1] and not unseen:
                # a lateness letter tells the family its late arrivals alone (no attendance
                # or absence figure): an `N` given its reason, or any other change that
                # leaves them as they were, changed nothing it said (sweep leftovers17)
                continue
        window = None
        if gk[2] == PN_WARNING and k.window_from is not None and not unseen:
            codes = set(config.pn_codes)
            window = (
                _lates(k.marks, k.window_from, k.end, codes),
                _lates(merged, k.window_from, k.end, codes),
            )
        out.append(
            Changed(
                gk[0], gk[1], first.pupil_name or gk[1], gk[2], gk[3], k.end, sessions,
                _count(k.marks, k.figures_from, k.end), _count(merged, k.figures_from, k.end),
                unseen, [r.contact_name for r in groups[gk]], lates, window,
                tuple(r.id for r in groups[gk]),
            )
        )
    return out, unknown


def warned_unseen(records: Sequence[LetterRecord], ev: Evaluation) -> bool:
    """Whether a penalty-notice warning (its ``records``, one pupil's) counted sessions of
    the penalty-notice codes in its window on days the exports given do not hold (before
    their first day or after their last): its window's count now cannot be compared with
    it (a window across the summer, July's sessions, and September's export alone).
    False for other letters and for one kept without its marks (history before 17)."""
    cov = ev.coverage
    if cov is None:
        return False
    codes = set(ev.config.pn_codes)
    for r in records:
        if r.template != PN_WARNING or not r.marks:
            continue
        k = read(r.marks, r.id)
        start = k.window_from or k.start
        if any(
            m in codes and start <= day <= k.end and not cov.data_start <= day <= cov.data_end
            for (day, _), (m, _) in k.marks.items()
        ):
            return True
    return False


def lines_of(changed: Sequence[Changed], lines: Sequence[Fraction] = ()) -> list[str]:
    """A line per pupil and day sent: letters of one run resting on the same changes (a
    band letter and a warning) are said together; and letters of several days (this half
    term's and last's) resting on the same changed sessions are one line, the sessions
    said once and each day's letters' figures then and now (DOMAIN.md 12: what repeats
    reads as one line; sweep leftovers)."""
    merged: dict[tuple[object, ...], Changed] = {}
    for c in changed:
        key = (c.school, c.upn, c.letter_date, c.as_of, tuple(c.sessions), c.then, c.now)
        if key in merged:
            merged[key].template += f" and {c.template}"
        else:
            merged[key] = c
    same: dict[tuple[object, ...], list[Changed]] = {}
    for c in merged.values():
        same.setdefault((c.school, c.upn, tuple(c.sessions)), []).append(c)
    out = []
    for group in same.values():
        if len(group) == 1:
            out.append(group[0].line(lines))
            continue
        group.sort(key=lambda c: (c.letter_date, c.as_of))
        first, k = group[0], len(group[0].sessions)
        days = len({c.letter_date for c in group})
        out.append(
            f"{first.pupil_name} ({first.upn}): letters sent on {days} day"
            f"{'s' if days != 1 else ''} rest on the same {k} session{'s' if k != 1 else ''} "
            f"changed since ({sessions_text(first.sessions)}): "
            + "; ".join(f"{c._letters()} gave {c._figures_then_now(lines)}" for c in group)
            + ": tell the family (a correction, an apology)"
        )
    return out


def correction_lines(
    ev: Evaluation,
    store: History,
    out_of_view: Collection[str] = (),
    templates: Collection[str] | None = None,
) -> list[str]:
    """The lines `check` and `letters` say of the letters sent this half term and last
    (of ``templates``: all by default) that rest on marks changed since, and of those that
    cannot be judged."""
    letters = [r for r in in_view(store, ev) if templates is None or r.template in templates]
    changed, unknown = changed_letters(ev, letters, out_of_view)
    out = lines_of(changed, [b.threshold for b in ev.config.bands if b.threshold is not None])
    if changed and (older := saved_before_line(ev, store, changed)) is not None:
        out.insert(0, older)
    if len(out) > MAX_LISTED:
        out = out[:MAX_LISTED] + [f"and {len(out) - MAX_LISTED} more letters resting on marks changed since"]
    if unknown:
        out.append(
            f"{unknown} letter{'s' if unknown != 1 else ''} sent this half term or last "
            f"{'were' if unknown != 1 else 'was'} recorded before attcli kept the marks a "
            "letter rests on (history version 17): whether a correction since changed "
            f"{'them' if unknown != 1 else 'it'} cannot be told from the history"
        )
    return out


def export_files_saved(ev: Evaluation) -> tuple[str, dt.datetime] | None:
    """The newest of the export files the register was read from, by name, and when it was
    last saved (its modification time, the computer's local time); None when one of them
    cannot be told (a register given in memory, a file gone)."""
    import os

    marks = ev.prepared.roll.marks if ev.prepared is not None else ev.register
    if "source" not in marks.columns:
        return None
    newest: tuple[str, dt.datetime] | None = None
    for source in marks.get_column("source").unique().cast(pl.Utf8).to_list():  # (distinct first)
        if not source:
            return None
        try:
            saved = dt.datetime.fromtimestamp(os.stat(source).st_mtime)
        except (OSError, ValueError):
            return None
        if newest is None or saved > newest[1]:
            newest = (os.path.basename(source), saved)
    return newest


def saved_before_line(ev: Evaluation, store: History, changed: Sequence[Changed]) -> str | None:
    """The line said before the letters that rest on marks the exports give otherwise, when
    every export given was saved before those letters were made (sweep blind9): such a
    file cannot hold a change made after the letter, so "changed since" may be the wrong
    way round: last week's export, or the export from before a re-export, given by
    mistake.  Only the office can tell which was the latest, so the line says what to do
    either way; the letters' own lines follow as before.  None when an export was saved
    after every such letter (a correction since, as the lines say), or the times cannot
    be told."""
    files = export_files_saved(ev)
    if files is None:
        return None
    name, saved = files
    made = store.letters_made_at([i for c in changed for i in c.ids])
    before = [
        (min(made[i] for i in c.ids), c)
        for c in changed
        if c.ids and all(i in made for i in c.ids) and min(made[i] for i in c.ids) > saved
    ]
    if not before:
        return None
    before.sort(key=lambda x: (x[0], x[1].upn))
    when, first = before[0]
    if len(before) == 1:
        what = f"the {letter_name(first.template)} letter to {first.pupil_name} was made ({when:%d/%m/%Y %H:%M})"
        whom, it = "the letter was", "the family"
    else:
        what = f"{len(before)} of the letters below were made (from {when:%d/%m/%Y %H:%M})"
        whom, it = "those letters were", "the families"
    return (
        f"{name}, the newest of the exports given, was saved {saved:%d/%m/%Y %H:%M}, before "
        f"{what}, and marks {'its' if len(before) == 1 else 'their'} sessions otherwise: if you "
        "gave an older export by mistake, run again with the latest; if it is the latest, "
        f"{whom} made from an older one: tell {it} (a correction, an apology)"
    )


def unsupported_warnings(
    ev: Evaluation, letters: Sequence[LetterRecord]
) -> dict[tuple[str, str, str], str]:
    """(school, upn, template) -> why, of the penalty-notice warnings among ``letters`` whose
    window, by the register now, holds fewer sessions marked with a penalty-notice code
    than the threshold: every such mark, before the rules that leave some out (age, the
    framework's start, a notice's sessions), so fewer than the threshold means the warning
    is no longer supported, never a guess.  A further warning after one waits for a person."""
    config = ev.config
    out: dict[tuple[str, str, str], str] = {}
    changed, _ = changed_letters(ev, [r for r in letters if r.template == PN_WARNING])
    for c in sorted(changed, key=lambda c: c.letter_date):
        if c.window is None or c.window[1] >= config.pn_sessions:
            continue
        out[(c.school, c.upn, c.template)] = (
            c.rests_on("the penalty-notice warning")
            + f": its window to {c.as_of:%d/%m/%Y} now holds {c.window[1]} unauthorised "
            f"sessions, fewer than the threshold of {config.pn_sessions}"
        )
    return out


def unsupported_band_letters(
    ev: Evaluation, letters: Sequence[LetterRecord]
) -> dict[tuple[str, str, str], str]:
    """(school, upn, template) -> why, of the band letters among ``letters`` that rest
    on marks changed since and whose band the register now, as of the letter's own
    figures date, no longer gives (a correction took the pupil back above the line):
    the ladder's next step after such a letter (`attcli cases`), and a further letter
    after it (`attcli letters`), wait for a person.  The newest such letter of each
    template is said."""
    from attcli.ladder import band_of

    config = ev.config
    rank = config.band_rank
    bands = {(r.school or "", r.upn, r.template, r.letter_date): r.band for r in letters}
    lines = [b.threshold for b in config.bands if b.threshold is not None]
    out: dict[tuple[str, str, str], str] = {}
    changed, _ = changed_letters(
        ev, [r for r in letters if r.template in config.band_letters]
    )
    for c in sorted(changed, key=lambda c: c.letter_date):
        band = bands.get((c.school, c.upn, c.template, c.letter_date))
        if band not in rank:
            continue
        attended, possible = c.now[:2]
        now = band_of(attended, possible, config.bands, config.min_possible_sessions)
        if now is not None and rank[now] >= rank[band]:
            continue
        out[(c.school, c.upn, c.template)] = (
            c.rests_on(f"the {letter_name(c.template)} letter")
            + f": the register now gives {_figures(c.now, lines)} to "
            f"{c.as_of:%d/%m/%Y}, {f'band {now}' if now else 'no band'}, not band {band}"
        )
    return out
