"""The rules of the monthly return to the local authority (docs/la-return.md).

Two lists, each pupil marked against the returns already made (the workspace's
history, :class:`attcli.store.LaReturnRow`):

* **unauthorised**: runs of continuous unauthorised absence of ``[cme] days`` (10)
  school days or more, as the engine finds them (``[cme] codes``: N, O, G; a day with
  a ``U`` session breaks a run, DOMAIN.md 6);
* **sickness**: pupils who have missed 15 school days through illness this school
  year, cumulatively (``[sickness] sessions``, 30) or in one run (``[sickness] days``),
  as the engine's ``sickness_flag`` says, and pupils the school added by hand because
  it believes they will (DOMAIN.md 7).

:func:`build` is plain Python over the engine's evaluations: as of the return's date,
and as of the dates earlier returns were made (to see what a register correction
changed since), so that a month made again from the same exports and the same earlier
returns gives the same return.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from attcli.config import Config, HalfTerm
from attcli.coverage import Coverage
from attcli.engine import Evaluation, Prepared, illness_half_days
from attcli.errors import AttcliError, shown
from attcli.names import sort_key
from attcli.percent import counted, illness_run
from attcli.quality import in_runs, off_roll_dates, problems_line
from attcli.store import LaReturnRecord, LaReturnRow

if TYPE_CHECKING:
    from attcli.joined import JoinedRun

UNAUTHORISED = "unauthorised"
SICKNESS = "sickness"
LISTS = (UNAUTHORISED, SICKNESS)
NEW, CONTINUING, ENDED, AMENDED = "new", "continuing", "ended", "amended"
STATUSES = (NEW, CONTINUING, ENDED, AMENDED)
REGISTER, HAND = "register", "hand"
DAY = dt.timedelta(days=1)

Key = tuple[str, str]  # (school, upn)
At = Callable[[dt.date], "_At | None"]


# --------------------------------------------------------------------------- the period


@dataclass(frozen=True)
class Period:
    """What a return covers: from ``start`` to ``as_of`` (its figures' date).

    ``label`` names the return (``2026-10``, or ``since 2026-10-24``): the latest return
    recorded with a label replaces earlier ones with it."""

    label: str
    start: dt.date
    as_of: dt.date
    #: the first day of the month, for a monthly return (--month)
    month: dt.date | None = None

    @property
    def month_end(self) -> dt.date | None:
        """The last day of the month, for a monthly return."""
        return month_end(self.month) if self.month is not None else None

    def describe(self) -> str:
        span = f"{self.start:%d/%m/%Y} to {self.as_of:%d/%m/%Y}"
        if self.month is not None:
            return f"{self.month:%B %Y} ({span})"
        return f"since the last return ({span})"


def parse_month(text: str) -> dt.date:
    """``--month YYYY-MM`` as the month's first day; anything else one line saying what is
    wrong and, where the month meant is certain ("Sep 2026", "09/2026", a date), that
    month as --month takes it (said, never taken: sweep "slips")."""
    try:
        month = dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise AttcliError(f"--month {text!r} {_month_slip(text)}") from None
    if not 2000 <= month.year <= 2099:  # (as a date typed in an option: calendar.parse_date)
        raise AttcliError(
            f"--month {text!r} is not a month: the year {month.year} is no school year attcli "
            "reads; give a month from 2000 to 2099, YYYY-MM"
        )
    return month


def _month_slip(text: str) -> str:
    """:func:`parse_month`'s words for ``text``, which is not YYYY-MM."""
    import re

    from attcli import clock
    from attcli.calendar import academic_year_start

    words = [w for w in re.split(r"[\s,/.-]+", text.strip().lower()) if w]
    names = {m.lower(): i for i in range(1, 13) for m in (calendar.month_name[i], calendar.month_abbr[i])}
    names["sept"] = 9

    def month_of(word: str) -> int | None:
        if word in names:
            return names[word]
        return int(word) if word.isdigit() and len(word) <= 2 else None

    year = month = None
    if len(words) == 3 and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text.strip()):
        year, month = int(words[0]), month_of(words[1])
        said = "is a date, not a month"
    elif len(words) == 2:
        said = "is not a month attcli reads"
        if re.fullmatch(r"\d{4}", words[1]):
            year, month = int(words[1]), month_of(words[0])
        elif re.fullmatch(r"\d{4}", words[0]):
            year, month = int(words[0]), month_of(words[1])
    if year is not None and month is not None:
        if not 1 <= month <= 12:
            return f"is not a month: there is no month {month}; write it YYYY-MM, e.g. 2026-10"
        if 2000 <= year <= 2099:
            return f"{said}: for {calendar.month_name[month]} {year} write {year}-{month:02d}"
    if len(words) == 1 and (alone := month_of(words[0])) is not None and 1 <= alone <= 12:
        first = academic_year_start(clock.today()).year
        year = first if alone >= 9 else first + 1
        return (
            f"is not a month: write it YYYY-MM, with its year ({calendar.month_name[alone]} "
            f"this school year is {year}-{alone:02d})"
        )
    if re.fullmatch(r"\d{4}-\d{1,2}", text.strip()):
        return (
            f"is not a month: there is no month {int(text.strip()[5:])}; write it YYYY-MM, "
            "e.g. 2026-10"
        )
    return "is not a month: write it YYYY-MM, e.g. 2026-10"


def month_end(month: dt.date) -> dt.date:
    """The last day of ``month`` (its first day)."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_period(
    month: dt.date,
    as_of: dt.date | None,
    data_first: dt.date,
    data_last: dt.date,
    half_terms: Sequence[HalfTerm] = (),
    *,
    last_in_month: dt.date | None = None,
    config: Config | None = None,
) -> Period:
    """The monthly return for ``month``: from its first day to ``as_of`` (default the
    month's last day, or the last date in the data when that is earlier).  Exports that
    reach past the month: its last date in the data (``last_in_month``) when the config's
    term dates have no school day after it in the month (a half term, a weekend), so that
    the month made from the export to its last school day and from a later one is the
    same return, of the same date (sweep lareturn2).  ``half_terms``:
    the config's term dates, by which August after the school year's last half term is
    said to be the summer holiday (no return is due), not asked for exports that reach
    into it."""
    last_day = month_end(month)
    name = f"{month:%B %Y}"
    if as_of is not None and not month <= as_of <= last_day:
        raise AttcliError(
            f"--as-of {as_of:%d/%m/%Y} is not in {name}: give a date from "
            f"{month:%d/%m/%Y} to {last_day:%d/%m/%Y}, or leave it out"
        )
    year = school_year(month)
    ends = [h.end for h in half_terms if school_year(h.start) == year]
    if (
        data_last < month
        and month.month == 8
        and ends
        and max(ends) < month
        and not any(h.start <= last_day and h.end >= month for h in half_terms)
    ):  # (the school year's last half term configured, none reaching into August)
        end = max(ends)
        raise AttcliError(
            f"{name} is in the summer holiday (the term dates' last half term of "
            f"{year}/{(year + 1) % 100:02d} ends {end:%d/%m/%Y}): no return is due for it; "
            f"the year's last is {end:%B}'s (--month {end:%Y-%m})"
        )
    if data_last < month:
        raise AttcliError(
            f"the exports end {data_last:%d/%m/%Y}, before {name} starts: give exports "
            f"that reach into {name}"
        )
    if last_day < data_first:
        raise AttcliError(
            f"the exports start {data_first:%d/%m/%Y}, after {name} ends: give exports "
            f"from the start of the school year"
        )
    day = as_of if as_of is not None else min(last_day, data_last)
    if (
        as_of is None
        and config is not None
        and config.half_terms
        and last_in_month is not None
        and month <= last_in_month < day
    ):
        from attcli.coverage import configured_school_days, days_not_given

        after = (config, last_in_month + DAY, day)
        # (weekdays the term dates make neither school days nor holidays: not moved over)
        if not configured_school_days(*after) and not days_not_given(*after):
            day = last_in_month
    return Period(f"{month:%Y-%m}", month, day, month)


def label_text(label: str) -> str:
    """A return's label as people say it: ``October 2026``, ``since 23/10/2026``."""
    if label.startswith("since "):
        return f"since {dt.date.fromisoformat(label[6:]) - DAY:%d/%m/%Y}"
    return f"{dt.datetime.strptime(label, '%Y-%m'):%B %Y}"


def since_period(records: Sequence[LaReturnRecord], as_of: dt.date) -> Period:
    """The return ``--since`` the last one on record before ``as_of``.

    One on record as of ``as_of`` itself leaves nothing to report, unless it is this
    same return (the same start and date: made again)."""
    before = _latest_of_each_label(records, as_of)
    start = max(r.as_of for r in before) + DAY if before else None
    label = f"since {start.isoformat()}" if start is not None else None
    same_day = [r for r in records if r.as_of == as_of]
    if same_day and not any(r.label == label for r in same_day):
        last = max(same_day, key=lambda r: r.id)
        raise AttcliError(
            f"--since: the return as of {as_of:%d/%m/%Y} ({label_text(last.label)}) is on "
            "record: there is nothing since it to report; run --since again with exports "
            "that reach past that date"
        )
    if start is None or label is None:
        raise AttcliError(
            f"--since: no return on record before {as_of:%d/%m/%Y} in this workspace's "
            "history; make the first with --month YYYY-MM"
        )
    return Period(label, start, as_of)


def earlier_returns(records: Sequence[LaReturnRecord], period: Period) -> list[LaReturnRecord]:
    """The returns a return is compared with, in date order: every other return on
    record made as of a date before its as-of date (the latest recorded of each label: a
    month made again replaces the month), and those made as of the same date before it
    (a month made after a --since return of its date).

    A return made again (its label on record) is compared with what it was first: never
    with an earlier version of itself, nor with a return of its date made after it."""
    first: dict[str, int] = {}
    for r in sorted(records, key=lambda r: r.id):
        first.setdefault(r.label, r.id)
    own = first.get(period.label)
    latest: dict[str, LaReturnRecord] = {}
    for r in records:
        if r.label == period.label:
            continue
        same_day_before = r.as_of == period.as_of and (own is None or first[r.label] < own)
        if (r.as_of < period.as_of or same_day_before) and (
            r.label not in latest or r.id > latest[r.label].id
        ):
            latest[r.label] = r
    return sorted(latest.values(), key=lambda r: (r.as_of, first[r.label], r.id))


def later_on_record(records: Sequence[LaReturnRecord], period: Period) -> list[str]:
    """A line for a return made for the first time when a return as of a later date is on
    record (October made after November): it is compared with the returns before its date,
    so what the later one already told the LA can be listed new in it again; said, never
    silent (DOMAIN.md 6: a run already reported is not reported again as new)."""
    if any(r.label == period.label for r in records):
        return []  # made again: compared as the first time (docs/la-return.md)
    later = [r for r in records if r.as_of > period.as_of]
    if not later:
        return []
    names = ", ".join(
        f"{label_text(r.label)} (as of {r.as_of:%d/%m/%Y})"
        for r in _latest_of_each_label(later, dt.date.max)
    )
    return [
        f"made after a later return on record, {names}: this one is compared with the "
        f"returns before {period.as_of:%d/%m/%Y} only, so a run or pupil the later one "
        "reported can be listed new here again; tell the LA this return is late, for "
        f"{period.describe()}"
    ]


def skipped_months(earlier: Sequence[LaReturnRecord], period: Period) -> list[str]:
    """A line for the months between the last return on record before this one and this
    one (a monthly return) with no return of their own: a month skipped (March, between
    February's return and April's).  This return is compared with the last, so it lists
    what the skipped month's would have listed as well, new; the LA is told it covers that
    month too, never silently (seeds 000, 002, 003: at least monthly).  August, the summer
    holiday, is never a month skipped; a ``--since`` return made as of a day of a month
    counts as that month's."""
    if period.month is None or not earlier:
        return []
    last = max(earlier, key=lambda r: (r.as_of, r.id))
    covered = {(r.as_of.year, r.as_of.month) for r in earlier}
    missing = []
    y, m = last.as_of.year, last.as_of.month
    while True:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        if (y, m) >= (period.month.year, period.month.month):
            break
        if m != 8 and (y, m) not in covered:
            missing.append(dt.date(y, m, 1))
    if not missing:
        return []
    names = " and ".join(f"{d:%B %Y}" for d in missing)
    return [
        f"no return on record for {names}, between the return as of "
        f"{last.as_of:%d/%m/%Y} ({label_text(last.label)}) and this one: this return lists what "
        f"{'it' if len(missing) == 1 else 'they'} would have listed as well; tell the LA it "
        f"covers {names} too"
    ]


def replaced_returns(records: Sequence[LaReturnRecord], period: Period) -> list[LaReturnRecord]:
    """The earlier versions of this return (its label on record), latest first: what the
    LA was sent before, which a return made again must account for."""
    return sorted((r for r in records if r.label == period.label), key=lambda r: -r.id)


def later_version_on_record(
    records: Sequence[LaReturnRecord], period: Period
) -> LaReturnRecord | None:
    """The latest version on record of this return (its label) when it is as of a date
    after ``period``'s, else None.  Made again as of the earlier date, the return would
    replace it: the returns after compare with the latest of a label, so they would list
    new again what the later version told the LA, while the LA keeps the later file (sweep
    leftovers17): refused unless --force (:func:`earlier_than_on_record_text`)."""
    latest = max((r for r in records if r.label == period.label), key=lambda r: r.id, default=None)
    return latest if latest is not None and latest.as_of > period.as_of else None


def earlier_than_on_record_text(on_record: LaReturnRecord, period: Period) -> str:
    """The one line refusing a return made again as of a date before the version on record
    (:func:`later_version_on_record`), naming both dates and how to replace it."""
    r = on_record
    return (
        f"{label_text(period.label)}'s return on record is as of {r.as_of:%d/%m/%Y} (return "
        f"{r.id}, made {r.produced_on:%d/%m/%Y}), later than this one's {period.as_of:%d/%m/%Y}: "
        "made again as of the earlier date it would replace the one the LA has, and the "
        "returns after it would report again as new what that one reported; make it again as of "
        f"{r.as_of:%d/%m/%Y} or later (--as-of), or give --force to replace it "
        "with this one"
    )


def _latest_of_each_label(
    records: Sequence[LaReturnRecord], before: dt.date
) -> list[LaReturnRecord]:
    """Of the returns made as of a date before ``before``, the latest recorded of each
    label, in date order."""
    latest: dict[str, LaReturnRecord] = {}
    for r in records:
        if r.as_of < before and (r.label not in latest or r.id > latest[r.label].id):
            latest[r.label] = r
    return sorted(latest.values(), key=lambda r: (r.as_of, r.id))


def list_code(config: Config, name: str) -> str:
    """What the file's List column says of a pupil on list ``name``: the register check's
    reason for the same pupils (``Config.run_reason``, ``Config.sickness_reason``)."""
    return config.run_reason if name == UNAUTHORISED else config.sickness_reason


def sickness_threshold(config: Config) -> str:
    """The sickness list's threshold as configured (``[sickness] sessions`` in the school
    year, or ``[sickness] days`` in a row): "15+ school days this school year" when the
    sessions are those days' (30 and 15, the defaults), else both, "30+ sessions (15 school
    days) this school year, or 10+ school days in a row"."""
    sessions, run = config.sickness_sessions, config.sickness_days
    if sessions == 2 * run:
        return f"{run}+ school days this school year"
    return (
        f"{sessions}+ sessions ({sessions / 2:g} school days) this school year, or {run}+ "
        "school days in a row"
    )


def _expected(config: Config) -> str:
    """What a pupil added by hand is expected to miss: the threshold as configured."""
    sessions, run = config.sickness_sessions, config.sickness_days
    days = f"{sessions / 2:g} days through illness"
    return days if sessions == 2 * run else f"{days}, or {run} in a row"


def school_year(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


# --------------------------------------------------------------------------- the return


@dataclass
class Item:
    """One pupil on one list of the return."""

    list: str
    school: str
    upn: str
    status: str
    #: the next return follows it up (a run still going; a pupil still on the sickness list)
    open: bool
    basis: str = REGISTER
    reason: str = ""
    run_start: dt.date | None = None
    run_end: dt.date | None = None
    #: the run's school days (unauthorised)
    days: int | None = None
    #: illness sessions this school year (sickness)
    sessions: int | None = None
    #: of the school days of illness, those whose only session due was illness (the other
    #: C2 or not possible): each a whole day missed, not half of one
    #: (:attr:`attcli.engine.Evaluation.sickness_whole_days`; sweep rough8)
    whole: int = 0
    #: the first day of the run an earlier return reported, when a correction changed it
    follows: dt.date | None = None
    #: school days more than the last return said (sickness: the school days missed,
    #: :attr:`illness_days`)
    added: Fraction | None = None
    codes: tuple[str, ...] = ()
    current: bool | None = None
    last_attended: dt.date | None = None
    left_on: dt.date | None = None
    #: an ended run's pupil attended on a day after it ("back in school"); False: not
    #: since, up to the return's date (the run ended by an authorised or U session)
    back: bool | None = None
    longest_illness: int | None = None
    #: the as-of date of the return that last reported it
    last_reported: dt.date | None = None
    note: str = ""
    #: the row is one of a child under two UPNs (:attr:`attcli.joined.OneChildRows.notes`):
    #: the LA file's note says so after the row's own (the terminal says it in a line after
    #: the lists; sweep twoupn2)
    one_child: str = ""
    #: the pupil's names and groups as of the return's date (None: not in the exports)
    pupil: Mapping[str, Any] | None = None
    #: address, contact_name, contact_phone of the priority contact (with --contacts)
    contact: Mapping[str, Any] | None = None
    #: (surname, forename, date of birth) an earlier return recorded, for a pupil not in
    #: the exports (kept on record with the row: who they were)
    recorded: tuple[str | None, str | None, dt.date | None] | None = None

    @property
    def illness_days(self) -> Fraction | None:
        """The school days missed through illness this school year: each illness session
        half a day, a day whose only session due was illness a whole one (DOMAIN.md 7)."""
        if self.sessions is None:
            return None
        return Fraction(illness_half_days(self.sessions, self.whole), 2)

    def record(self) -> LaReturnRow:
        p = self.pupil
        names = (
            (p.get("surname"), p.get("forename"), p.get("dob"))
            if p is not None
            else self.recorded or (None, None, None)
        )
        # (the leaving date a run's row gave: a later return compares it, _grown)
        kept = self.list == UNAUTHORISED and self.run_start is not None and p is not None
        return LaReturnRow(
            self.list, self.school, self.upn, self.status, self.open, self.run_start,
            self.run_end, self.days, self.sessions, self.follows, self.basis, self.reason,
            *names, kept, self.left_on if kept else None,
        )  # fmt: skip

    def sort_key(self) -> tuple[Any, ...]:
        p = self.pupil or {}
        return (
            LISTS.index(self.list),
            STATUSES.index(self.status),
            sort_key(p.get("surname")),
            sort_key(p.get("forename")),
            self.upn,
            self.run_start or dt.date.min,
        )


@dataclass
class LaReturn:
    period: Period
    items: list[Item]
    #: the returns it is compared with, oldest first (empty: the first return)
    earlier: list[LaReturnRecord]
    config: Config
    coverage: Coverage | None = None
    warnings: list[str] = field(default_factory=list)
    #: the register's problems in the school year to the return's date, in one line (None:
    #: none): never absorbed unsaid (DOMAIN.md 12)
    problems: str | None = None
    #: the same without what to do before sending, for the file's Data row (the LA reads
    #: it; :func:`attcli.quality.problems_line`)
    problems_in_file: str | None = None
    #: runs of absence that begin on the exports' first school day and may have begun before it
    #: (the end of last school year), in one line (None: none;
    #: :func:`attcli.runs.before_exports_line`)
    before_exports: str | None = None
    #: the part-time pupils ``cme`` lists apart from its runs, not in this return, in one
    #: line (None: none; :func:`attcli.runs.part_time_not_in`, sweep parttime2)
    part_time: str | None = None
    #: runs short of a threshold that school days with no mark for the pupil in or next to
    #: them may take to it, in one line (None: none; :func:`attcli.runs.unmarked_within_line`)
    unmarked_within: str | None = None
    #: a line for each UPN on record in none of the exports whose surname, forename and
    #: date of birth a UPN of the exports new to the record has (:func:`new_upns`): said
    #: before the lists, never merged, not in the file to the LA
    merges: list[str] = field(default_factory=list)
    #: runs of a child under two UPNs joined across them (:func:`attcli.joined.joined_runs`):
    #: neither UPN's part is in the lists, nor counted in them; said beside the
    #: unauthorised list, and in the file's Data row when one reaches ``[cme] days``
    joined: list[JoinedRun] = field(default_factory=list)
    #: a line for each child under two UPNs over the sickness threshold across them but
    #: under neither alone (:func:`attcli.joined.sickness_across_upns`): in no list; said
    #: beside the sickness list and in the file's Data row
    sick_joined: list[str] = field(default_factory=list)
    #: a line for each child under two UPNs two of whose UPNs are rows of the return
    #: (:func:`attcli.joined.rows_of_one_child`): the LA reads two pupils, one "left the
    #: roll"; said after the lists and in the file's Data row (sweep twoupn)
    rows_joined: list[str] = field(default_factory=list)
    #: the legacy codes the figures count, and as what, in one line (None: none): the
    #: file says so, as the terminal does (DOMAIN.md 1)
    legacy: str | None = None

    @property
    def base(self) -> LaReturnRecord | None:
        """The last return before this one (None: this is the first)."""
        return self.earlier[-1] if self.earlier else None

    def of(self, name: str) -> list[Item]:
        return [i for i in self.items if i.list == name]

    def counts(self, name: str) -> dict[str, int]:
        items = self.of(name)
        return {s: sum(i.status == s for i in items) for s in STATUSES}

    def count_line(self, name: str) -> str:
        """"3 pupils: 2 new, 1 ended"; a pupil with two rows (two runs) is one pupil:
        "2 pupils (3 rows): 3 new" (the statuses count rows)."""
        items, counts = self.of(name), self.counts(name)
        parts = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        pupils = len({(i.school, i.upn) for i in items})
        rows = f" ({len(items)} rows)" if len(items) != pupils else ""
        return f"{pupils} pupil{'s' if pupils != 1 else ''}{rows}" + (
            f": {parts}" if parts else ""
        )

    def digest(self) -> str:
        """SHA-256 of what the return reports: the same digest, the same return."""
        base = self.base.id if self.base is not None else None
        doc = [
            self.period.label,
            self.period.start.isoformat(),
            self.period.as_of.isoformat(),
            base,
            [
                [
                    v.isoformat() if isinstance(v, dt.date) else v
                    for v in (
                        r.list,
                        r.school,
                        r.upn,
                        r.status,
                        r.open,
                        r.run_start,
                        r.run_end,
                        r.days,
                        r.sessions,
                        r.follows,
                        r.basis,
                        r.reason,
                    )
                ]  # fmt: skip
                for r in (i.record() for i in self.items)
            ],
        ]
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _At:
    """An evaluation's runs of unexplained absence and illness figures, by pupil."""

    def __init__(self, ev: Evaluation) -> None:
        self.ev = ev
        self.runs: dict[Key, list[dict[str, Any]]] = {}
        self.ill_now: set[Key] = set()
        for r in ev.runs.iter_rows(named=True):
            key = (r["school"] or "", r["upn"])
            if r["kind"] == "unexplained":
                self.runs.setdefault(key, []).append(r)
            elif r["current"]:
                self.ill_now.add(key)
        self.pupils: dict[Key, dict[str, Any]] = {
            (p["school"] or "", p["upn"]): p for p in ev.pupils.iter_rows(named=True)
        }
        #: the school days of illness whose only session due was illness, by pupil
        self.whole: dict[Key, int] = {
            (school or "", upn): days
            for school, upn, days in ev.sickness_whole_days.iter_rows()
        }

    def run(self, key: Key, start: dt.date | None) -> dict[str, Any] | None:
        return next((r for r in self.runs.get(key, ()) if r["start"] == start), None)

    def back(self, key: Key, run: Mapping[str, Any]) -> bool:
        """Whether the pupil attended on a day after ``run`` (up to this date): "back in
        school", not just a run that ended (by an authorised or U session: the reason is
        known, DOMAIN.md 6, but nobody has seen the child since)."""
        seen = self.pupils.get(key, {}).get("last_attended")
        return seen is not None and run["end"] is not None and seen > run["end"]


#: where an ended run stands (the pupil not taken off roll straight after it)
BACK, NOT_BACK = "back in school", "ended, not attended since"


def build(
    prepared: Prepared,
    ev: Evaluation,
    config: Config,
    period: Period,
    earlier: Sequence[LaReturnRecord],
    rows_of: Mapping[int, Sequence[LaReturnRow]],
    *,
    add: Mapping[str, str] | None = None,
    withdraw: Mapping[str, str] | None = None,
    replaced: Sequence[LaReturnRecord] = (),
    forgotten: Mapping[Key, dt.datetime] | None = None,
) -> LaReturn:
    """The return for ``period`` (``ev``: the register evaluated as of its date), against
    the ``earlier`` returns and what each reported (``rows_of``, by return id).

    ``replaced``: the earlier versions of this return (made again), latest first, their
    rows in ``rows_of`` too: what they told the LA that this one no longer shows is
    amended here, or named in a warning.

    ``add``: UPN -> reason, pupils the school believes will miss 15 days through
    illness; ``withdraw``: UPN -> reason, pupils added by hand before whom the school no
    longer expects to (docs/la-return.md).

    ``forgotten``: (school, UPN) -> when `attcli pupil forget` deleted the pupil's records
    since the last of ``earlier`` was recorded (their rows in it among them): a pupil not
    on it whom the register shows over a threshold by its date is said to be so for that
    reason, not a register correction's."""
    forgotten = dict(forgotten or {})
    cache: dict[dt.date, _At | None] = {ev.as_of: _At(ev)}

    def at(day: dt.date) -> _At | None:
        """The register (as it now stands) evaluated as of ``day``; None before the data."""
        if day not in cache:
            cache[day] = None if day < prepared.first else _At(prepared.evaluate(as_of=day))
        return cache[day]

    now = cache[ev.as_of]
    assert now is not None
    lasts: dict[Key, dt.date | None] = {}

    def left_on(key: Key) -> dt.date | None:
        """The pupil's last day on roll in the whole register given, any export (None: in
        none of them, or still on roll): one who left before this return's school year is
        in none of its figures, yet in the exports (July's, given with September's)."""
        if not lasts:
            for r in prepared.roll.spans_by_date().iter_rows(named=True):
                k = (r["school"] or "", r["upn"])
                was = lasts.get(k)
                lasts[k] = r["last"] if was is None or r["last"] is None else max(was, r["last"])
        return lasts.get(key)

    items = _unauthorised(
        now, at, config, period, earlier, rows_of, prepared.first, left_on, forgotten
    )
    items += _sickness(
        now, at, config, earlier, rows_of, dict(add or {}), dict(withdraw or {}), forgotten
    )
    warnings = _replacing(items, now, at, config, period, replaced, rows_of)
    for item in items:
        item.pupil = now.pupils.get((item.school, item.upn), item.pupil)
        item.note = _join(item.note, _not_of_age(item, period.as_of))
    items.sort(key=Item.sort_key)
    merges = new_upns(now, earlier, rows_of)
    problems, problems_in_file = (
        problems_line(
            ev.data_quality,
            f"in the school year to {period.as_of:%d/%m/%Y}",
            in_runs(ev.data_quality),
            n_days=config.n_within_days,
            advice=advice,
        )
        for advice in (True, False)
    )
    from attcli.joined import joined_runs, rows_of_one_child, sickness_across_upns
    from attcli.runs import before_exports_line, part_time_not_in, unmarked_within_line

    since = earlier[0].period_start if earlier else period.start
    within = unmarked_within_line(ev, since)
    one_child = rows_of_one_child(ev, {(i.school or "", i.upn) for i in items}, "this return")
    for item in items:
        item.one_child = one_child.notes.get((item.school or "", item.upn), "")
    return LaReturn(
        period, items, list(earlier), config, ev.coverage, warnings=warnings, problems=problems,
        problems_in_file=problems_in_file,
        # (only runs the return can hold: those reaching the day its reporting began)
        before_exports=before_exports_line(ev, since),
        part_time=part_time_not_in(ev, config.cme_days, since, "this return"),
        unmarked_within=(
            f"NOT IN THIS RETURN: {within}: complete the register in the MIS, then make the "
            "return again" if within else None
        ),
        merges=merges, joined=joined_runs(ev, since),
        sick_joined=[f"NOT IN THIS RETURN: {x}" for x in sickness_across_upns(ev)],
        rows_joined=list(one_child.lines),
        legacy=ev.prepared.legacy_line(period.as_of) if ev.prepared is not None else None,
    )  # fmt: skip


#: the note of a row whose date of birth the exports do not give (the file's blank cell)
NO_DOB = "no date of birth in the register: check it in the MIS"
NO_DOB_UNAUTHORISED = (
    "no date of birth in the register: compulsory school age not checked; check it in the MIS"
)


def _not_of_age(item: Item, as_of: dt.date) -> str:
    """For a run of a pupil known by the date of birth not to be of compulsory school age
    on the return's date (a sixth-former, a Year 11 past the last Friday in June, a
    Reception child not yet of it), why: listed all the same (DOMAIN.md 6: any pupil), but
    a child missing education is a child of compulsory school age, as the check says of
    the same run (docs/decisions.md, sweep post16).  A pupil the exports give no date of
    birth for: the row's blank date of birth said, and for a run that the age was not
    checked (nothing assumed; sweep rcdob).  "" otherwise."""
    from attcli.calendar import not_of_compulsory_school_age_text, of_compulsory_school_age

    dob = (item.pupil or {}).get("dob")
    if dob is None and item.pupil is not None:  # the file's blank cell, explained in it
        return NO_DOB_UNAUTHORISED if item.list == UNAUTHORISED else NO_DOB
    if item.list != UNAUTHORISED or dob is None or of_compulsory_school_age(dob, as_of):
        return ""
    return not_of_compulsory_school_age_text(dob, as_of) + ", so not a child missing education"


def new_upns(
    now: _At, earlier: Sequence[LaReturnRecord], rows_of: Mapping[int, Sequence[LaReturnRow]]
) -> list[str]:
    """A line for each UPN of the earlier returns in none of the exports whose surname,
    forename and date of birth (as recorded; none before history version 11) a UPN of the
    exports on none of them has (:func:`attcli.loaders.upn_replaced`): a temporary UPN the
    MIS replaced, listed ended beside the permanent one's NEW run until merged."""
    import polars as pl

    from attcli.loaders import upn_replaced

    if not earlier:
        return []
    on_record: dict[Key, tuple[str | None, str | None, dt.date | None]] = {}
    for ret in earlier:  # (the latest names recorded of each)
        for row in rows_of.get(ret.id, ()):
            on_record[(row.school, row.upn)] = (row.surname, row.forename, row.dob)
    gone = [(*k, *v) for k, v in on_record.items() if k not in now.pupils and v[0] is not None]
    if not gone:
        return []
    arrived = [
        (*k, p.get("surname"), p.get("forename"), p.get("dob"))
        for k, p in now.pupils.items()
        if k not in on_record
    ]
    schema = {"school": pl.Utf8, "upn": pl.Utf8, "surname": pl.Utf8, "forename": pl.Utf8,
              "dob": pl.Date}  # fmt: skip
    return [
        line
        for _, line in upn_replaced(
            pl.DataFrame(gone, schema=schema, orient="row"),
            pl.DataFrame(arrived, schema=schema, orient="row"),
            f"the return as of {earlier[-1].as_of:%d/%m/%Y}",
        )
    ]


# --------------------------------------------------------------------------- unauthorised


def _unauthorised(
    now: _At,
    at: At,
    config: Config,
    period: Period,
    earlier: Sequence[LaReturnRecord],
    rows_of: Mapping[int, Sequence[LaReturnRow]],
    data_first: dt.date,
    left_on: Callable[[Key], dt.date | None] = lambda key: None,
    forgotten: Mapping[Key, dt.datetime] | None = None,
) -> list[Item]:
    threshold = config.cme_days
    year = school_year(period.as_of)
    # the last report of each run, by pupil and first day (an amended row replaces the
    # run it follows: the run as the register then showed it)
    known: dict[tuple[str, str, dt.date], tuple[LaReturnRow, LaReturnRecord]] = {}
    for ret in earlier:
        for row in rows_of.get(ret.id, ()):
            if row.list != UNAUTHORISED:
                continue
            if row.follows is not None:
                known.pop((row.school, row.upn, row.follows), None)
            if row.run_start is not None and (row.days or 0) >= threshold:
                known[(row.school, row.upn, row.run_start)] = (row, ret)
    items: list[Item] = []
    shown: set[tuple[str, str, dt.date]] = set()  # runs of now that a row already shows
    for (school, upn, start), (row, ret) in known.items():
        key = (school, upn)
        if key not in now.pupils:
            last = left_on(key)
            gone = _left_before(at, last, key, start, threshold) if row.open else None
            if gone is None and row.open:  # (the run corrected since it was reported)
                gone = _left_amended(at, last, key, row, ret, threshold, shown)
            if gone is not None:
                gone.last_reported = ret.as_of
                items.append(gone)
            elif row.open:
                items.append(
                    Item(UNAUTHORISED, school, upn, ENDED, False, run_start=start,
                         run_end=row.run_end, days=row.days, last_reported=ret.as_of,
                         note=_NOT_IN_EXPORTS,
                         recorded=(row.surname, row.forename, row.dob))
                )  # fmt: skip
            continue
        if not row.open and school_year(ret.as_of) != year:
            continue  # closed in an earlier school year: not followed
        then = at(ret.as_of)
        if then is None:
            if row.open:
                raise AttcliError(
                    f"the return as of {ret.as_of:%d/%m/%Y} reported a run of absence still "
                    f"going ({upn}, from {start:%d/%m/%Y}), but these exports start "
                    f"{data_first:%d/%m/%Y}: give the exports from "
                    f"{start:%d/%m/%Y} too, so it can be followed"
                )
            continue
        was = then.run(key, start)
        if was is None or was["days"] < (row.days or 0):
            items.append(
                _amended_run(now, then, key, row, _reported(ret), ret.as_of, threshold, shown)
            )
            continue
        run = now.run(key, start)
        assert run is not None  # the same register shows it as of the earlier date
        if not row.open:
            # reported over: not again, unless it has grown since (DOMAIN.md 6)
            if (school, upn, start) not in shown:
                item = _grown(run, was, row, ret, threshold, now, then)
                if item is not None:
                    shown.add((school, upn, start))
                    items.append(item)
            continue
        shown.add((school, upn, start))
        item = _run_item(
            run, school, upn, CONTINUING if run["current"] else ENDED, threshold, now
        )
        item.added = Fraction(run["days"] - (row.days or 0))
        item.last_reported = ret.as_of
        items.append(item)

    # runs no return has reported: those still going, and those still going on a day
    # since the reporting began (the first return's period), over the threshold by now
    first = earlier[0].period_start if earlier else period.start
    before = at(earlier[-1].as_of) if earlier else None  # the register at the last return
    for key, runs in now.runs.items():
        for run in runs:
            school, upn = key
            ident = (school, upn, run["start"])
            if run["days"] < threshold or ident in known or ident in shown:
                continue
            if not run["current"] and run["end"] < first and not _going_on(at, key, run, first):
                continue  # over before the reporting began
            item = _run_item(run, school, upn, NEW, threshold, now)
            was = before.run(key, run["start"]) if before is not None else None
            if was is not None and was["days"] >= threshold:
                item.note = _join(
                    _not_on_last(
                        earlier[-1], f"it had {was['days']} days", (forgotten or {}).get(key)
                    ),
                    item.note,
                )
            items.append(item)
    return items


def _not_on_last(last: LaReturnRecord, shows: str, forgotten: dt.datetime | None) -> str:
    """The note of a row new in this return that the register, as it now stands, shows
    over the threshold by the date of the ``last`` return, which did not list it
    (``shows``: what the register shows by then): a register correction since, or, when
    `attcli pupil forget` deleted the pupil's records since that return was recorded
    (``forgotten``: when), the forgetting, which took the return's rows with it.  The file
    goes to the LA: the day, not who did it."""
    if forgotten is None:
        return (
            f"not on the return as of {last.as_of:%d/%m/%Y}, though the register now shows "
            f"{shows} by then (a register correction)"
        )
    return (
        f"the register shows {shows} by {last.as_of:%d/%m/%Y}; the pupil's records were "
        f"deleted on {forgotten:%d/%m/%Y} (attcli pupil forget), the rows of the returns "
        "made before among them, so whether the return as of that date listed them is not "
        "known here: listed new"
    )


def _going_on(at: At, key: Key, run: Mapping[str, Any], day: dt.date) -> bool:
    """Whether ``run``, whose last day is before ``day``, was still going on ``day``: the
    pupil not back by then (a month that starts on a weekend or in a holiday: a run to the
    Friday before is going on its first day, as ``cme --as-of`` that day says)."""
    then = at(day)
    was = then.run(key, run["start"]) if then is not None else None
    return was is not None and bool(was["current"])


def _grown(
    run: dict[str, Any],
    was: dict[str, Any],
    row: LaReturnRow,
    ret: LaReturnRecord,
    threshold: int,
    now: _At,
    then: _At,
) -> Item | None:
    """A run an earlier return (``ret``) reported over (``row``), listed again as
    continuing when it has grown since: it is going on now, or has more school days or a
    later last day than reported, or the register, as of that return's date, gives the
    pupil another leaving date than the row did (a correction: the LA was told the pupil
    left the roll straight after it, or was back in school).  ``run``: the run now;
    ``was``: the register as it now stands, as of ``ret``'s date.  None: as reported."""
    school, upn = row.school, row.upn
    then_left = _run_item(was, school, upn, ENDED, threshold, then).left_on
    left_moved = row.left_kept and then_left != row.left_on
    more = run["days"] > (row.days or 0) or (row.run_end is not None and run["end"] > row.run_end)
    if not (run["current"] or more or left_moved):
        return None
    item = _run_item(run, school, upn, CONTINUING, threshold, now)
    item.added = Fraction(run["days"] - (row.days or 0))
    item.last_reported = ret.as_of
    reported = f"{_reported(ret)} reported {_span(row.run_start, row.run_end, row.days)}, ended"
    if row.left_kept:
        left = row.left_on
        reported += f", left the roll {left:%d/%m/%Y}" if left is not None else ", back in school"
    # (a correction: the register as of that date differs from what was reported)
    corrected = (
        left_moved
        or bool(was["current"])
        or (was["days"], was["end"]) != (row.days, row.run_end)
    )
    state = "still absent" if item.current else "" if item.note else (
        BACK if item.back else NOT_BACK
    )
    shows = ", ".join(p for p in (_span(run["start"], run["end"], run["days"]), state) if p)
    item.note = _join(
        f"{reported}; the register now shows {shows}"
        + (" (a register correction)" if corrected else ""),
        item.note,
    )
    return item


_NOT_IN_EXPORTS = (
    "not in these exports: if the pupil left the roll, check the deletion was lawful and "
    "the LA was told"
)


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _run_item(
    run: dict[str, Any], school: str, upn: str, status: str, threshold: int, now: _At
) -> Item:
    """The return's row of ``run``.  A pupil who left the roll straight after it: the note
    to check the deletion (DOMAIN.md 6); one who came back and has left since (``now``'s
    pupils: by the return's date): when, so no row reads as if they were still there."""
    note = ""
    left = run["left_on"]
    back = None if run["current"] or left is not None else now.back((school, upn), run)
    if left is not None:
        note = _left_after_run(left)
    elif not run["current"]:
        left = now.pupils.get((school, upn), {}).get("left_on")
        if left is not None:
            note = f"{BACK if back else NOT_BACK}, then left the roll {left:%d/%m/%Y}"
    if run.get("off_roll_days"):  # (two spells of a pupil list, or Z: said, not counted)
        note = _join(
            f"off the roll on {run['off_roll_days']} school "
            f"day{'s' if run['off_roll_days'] != 1 else ''} inside the run "
            f"({off_roll_dates(run['off_roll_within'])}): left the roll and came back",
            note,
        )
    if run.get("dual_within_days"):  # (D, at another school: said, not counted; sweep blind6)
        note = _join(
            note,
            f"marked D (at another school) on {run['dual_within_days']} school "
            f"day{'s' if run['dual_within_days'] != 1 else ''} inside the run "
            f"({off_roll_dates(run['dual_within'])}): neither counted nor a break",
        )
    return Item(
        UNAUTHORISED,
        school,
        upn,
        status,
        open=bool(run["current"]) and run["days"] >= threshold,
        run_start=run["start"],
        run_end=run["end"],
        days=run["days"],
        codes=tuple(run["codes"]),
        current=bool(run["current"]),
        last_attended=run["last_attended"],
        left_on=left,
        back=back,
        note=note,
    )


def _left_before(
    at: At, last: dt.date | None, key: Key, start: dt.date, threshold: int
) -> Item | None:
    """The run from ``start`` a return reported still going, of a pupil who left the roll
    on ``last`` before this return's period (the exports hold them, its figures do not):
    ended, as the register shows it on their last day, with their name and leaving date
    (None: no such day, or no such run then)."""
    if last is None:
        return None
    then = at(last)
    run = then.run(key, start) if then is not None else None
    if then is None or run is None or key not in then.pupils:
        return None
    school, upn = key
    item = _run_item(run, school, upn, ENDED, threshold, then)
    item.open, item.current, item.left_on = False, False, last
    item.pupil = then.pupils[key]
    item.note = (
        _left_after_run(last)
        if run["current"]  # to their last day on roll: taken off straight after it
        else f"{BACK if then.back(key, run) else NOT_BACK}, then left the roll {last:%d/%m/%Y}"
    )
    return item


def _left_amended(
    at: At,
    last: dt.date | None,
    key: Key,
    row: LaReturnRow,
    ret: LaReturnRecord,
    threshold: int,
    shown: set[tuple[str, str, dt.date]],
) -> Item | None:
    """The run a return (``ret``) reported still going (``row``), of a pupil who left the
    roll on ``last`` before this return's period, when the register as of that day no
    longer shows it from its first day (a correction since): amended, as the register
    shows it on their last day, with their name and leaving date, never "not in these
    exports" of a pupil they hold (None: no such day, or the pupil not on roll then)."""
    then = at(last) if last is not None else None
    if then is None or last is None or key not in then.pupils:
        return None
    item = _amended_run(then, then, key, row, _reported(ret), ret.as_of, threshold, shown)
    still = bool(item.current)  # (absent to their last day on roll: taken off after it)
    item.open, item.current, item.left_on = False, False, last
    item.pupil = then.pupils[key]
    item.note = _join(
        item.note, _left_after_run(last) if still else f"left the roll {last:%d/%m/%Y}"
    )
    return item


def _left_after_run(left: dt.date) -> str:
    """The note of a pupil taken off the roll straight after a run of absence (DOMAIN.md 6:
    a deletion the LA must be told of)."""
    return (
        f"left the roll {left:%d/%m/%Y} after the run: check the deletion was lawful and "
        "the LA was told"
    )


def _span(start: dt.date | None, end: dt.date | None, days: int | None) -> str:
    return f"{start:%d/%m/%Y} to {end:%d/%m/%Y}, {days} day{'s' if days != 1 else ''}"


def _reported(ret: LaReturnRecord, replaces: bool = False) -> str:
    """Which return said it: "the return as of 23/10/2026" (one this one replaces: with
    the day it was made, as two versions of a month have the same date)."""
    if replaces:
        return (
            f"the return as of {ret.as_of:%d/%m/%Y} that this one replaces (made "
            f"{ret.produced_on:%d/%m/%Y})"
        )
    return f"the return as of {ret.as_of:%d/%m/%Y}"


def _amendment_note(
    said: str, run: dict[str, Any], then: _At | None, key: Key, threshold: int, now: _At
) -> str:
    """What was reported, against the run as the register now shows it as of the same
    date (only a correction can make them differ), then as it is now when that differs."""
    was = then.run(key, run["start"]) if then is not None else None
    if was is None:
        was = run
    moved = (was["end"], was["days"]) != (run["end"], run["days"])

    def below(r: dict[str, Any]) -> str:
        return f", under {threshold}" if r["days"] < threshold else ""

    shows = _span(was["start"], was["end"], was["days"])
    if moved:
        note = f"{said}; the register now shows {shows} as of that date (a register correction)"
    else:
        note = f"{said}; the register now shows {shows}{below(was)} (a register correction)"
    state = (
        "still absent" if run["current"]
        else (BACK if now.back(key, run) else NOT_BACK) if run["left_on"] is None
        else ""
    )  # fmt: skip
    if moved:
        now = f"now {_span(run['start'], run['end'], run['days'])}{below(run)}"
        return _join(note, ", ".join(p for p in (now, state) if p))
    if run["days"] >= threshold:
        return _join(note, state)  # followed from now on: say where it stands
    return note


def _amended_run(
    now: _At,
    then: _At | None,
    key: Key,
    row: LaReturnRow,
    said: str,
    last_reported: dt.date,
    threshold: int,
    shown: set[tuple[str, str, dt.date]],
) -> Item:
    """A reported run the register, as it now stands, no longer shows as reported (fewer
    days as of the date it was reported, or another first day): the run as it now is.
    ``said``: which return reported it; ``then``: the register as of that return's date."""
    school, upn = key
    said = f"{said} reported {_span(row.run_start, row.run_end, row.days)}"
    assert row.run_start is not None and row.run_end is not None
    overlapping = [
        r
        for r in now.runs.get(key, ())
        if r["start"] <= row.run_end
        and r["end"] >= row.run_start
        and (school, upn, r["start"]) not in shown
    ]
    if not overlapping:
        # its days may be in a run another row of this return shows (a correction joined
        # it to another run reported): retired here (``follows``), as gone, but said where
        # its days are, never "no longer shows it" of absence the register still holds
        holding = [
            r
            for r in now.runs.get(key, ())
            if r["start"] <= row.run_end and r["end"] >= row.run_start
        ]
        where = (
            "the register now shows those days as part of the run "
            f"{_span(r['start'], r['end'], r['days'])}, on its own row"
            if (r := max(holding, key=lambda r: (r["days"], r["start"]), default=None))
            else "the register no longer shows it"
        )
        # off the roll by now: said, with the date (a leaving date backdated to before the
        # days reported is what took the run away: the deletion to check, DOMAIN.md 6)
        left = now.pupils.get(key, {}).get("left_on")
        gone = (
            ""
            if left is None
            else f"left the roll {left:%d/%m/%Y}, before the last day reported: check the "
            "deletion was lawful and the LA was told"
            if left < row.run_end
            else f"left the roll {left:%d/%m/%Y}"
        )
        return Item(
            UNAUTHORISED, school, upn, AMENDED, False, follows=row.run_start,
            last_reported=last_reported, left_on=left,
            note=_join(f"{said}; {where} (a register correction)", gone),
        )  # fmt: skip
    # the run reported is the one with its first day, while that still has the threshold's
    # days (a correction that split it: the other part of 10+ days is listed new, as a run
    # the LA never heard of; following the longer part lost the reported one, which a later
    # return then listed new again); else the longest, as the run now stands
    run = next(
        (r for r in overlapping if r["start"] == row.run_start and r["days"] >= threshold),
        None,
    ) or max(overlapping, key=lambda r: (r["days"], r["start"]))
    shown.add((school, upn, run["start"]))
    item = _run_item(run, school, upn, AMENDED, threshold, now)
    item.follows = row.run_start
    item.last_reported = last_reported
    item.note = _join(_amendment_note(said, run, then, key, threshold, now), item.note)
    return item


# --------------------------------------------------------------------------- made again


def _replacing(
    items: list[Item],
    now: _At,
    at: At,
    config: Config,
    period: Period,
    replaced: Sequence[LaReturnRecord],
    rows_of: Mapping[int, Sequence[LaReturnRow]],
) -> list[str]:
    """A return made again replaces the versions the LA was sent (``replaced``, latest
    first): what one of them reported that the register, as of its date, no longer shows
    (a correction since) is amended here, as against an earlier return, so the LA hears
    of it (later returns compare with this one, not with them); a pupil the latest of
    them listed that this one does not is named in the warnings returned."""
    threshold = config.cme_days
    seen_runs: set[tuple[str, str, dt.date]] = set()
    seen_sick: set[Key] = set()
    shown = {(i.school, i.upn, i.run_start) for i in items if i.run_start is not None}
    for ver in replaced:
        if ver.as_of > period.as_of:
            continue  # figures of a later date than this return's: not comparable
        then = at(ver.as_of)
        if then is None:
            continue
        said = _reported(ver, replaces=True)
        for row in rows_of.get(ver.id, ()):
            key = (row.school, row.upn)
            if key not in now.pupils:
                continue  # not in these exports: the warning below names them
            if row.list == UNAUTHORISED:
                start = row.run_start
                if start is None or (row.days or 0) < threshold or (*key, start) in seen_runs:
                    continue
                seen_runs.add((*key, start))
                was = then.run(key, start)
                if was is not None and was["days"] >= (row.days or 0):
                    continue  # as reported
                mine = [i for i in items if i.list == UNAUTHORISED and (i.school, i.upn) == key]
                if any(i.follows == start for i in mine):
                    continue  # amended already, against an earlier return
                assert row.run_end is not None
                same = next(
                    (
                        i
                        for i in mine
                        if i.run_start is not None
                        and i.run_end is not None
                        and i.run_start <= row.run_end
                        and i.run_end >= start
                    ),
                    None,
                )
                if same is None:
                    items.append(
                        _amended_run(now, then, key, row, said, ver.as_of, threshold, shown)
                    )
                    continue
                # this return lists the run (as it now is): it is amended against ver
                run = now.run(key, same.run_start)
                assert run is not None
                reported = f"{said} reported {_span(start, row.run_end, row.days)}"
                same.status, same.follows = AMENDED, start
                same.last_reported = same.last_reported or ver.as_of
                same.note = _join(
                    _amendment_note(reported, run, then, key, threshold, now), same.note
                )
            elif row.list == SICKNESS and row.basis == REGISTER and key not in seen_sick:
                seen_sick.add(key)
                was_p = then.pupils.get(key)
                then_sessions = was_p["sickness_sessions"] if was_p is not None else 0
                if row.sessions is None or then_sessions >= row.sessions:
                    continue
                note = (
                    f"{said} reported {counted(row.sessions, 'illness session')}; the register now shows "
                    f"{then_sessions} as of that date (a register correction)"
                )
                same = next(
                    (i for i in items if i.list == SICKNESS and (i.school, i.upn) == key), None
                )
                if same is not None:
                    if same.status != AMENDED:
                        same.status = AMENDED
                        same.note = _join(note, same.note)
                    continue
                p = now.pupils[key]
                items.append(
                    Item(
                        SICKNESS, row.school, row.upn, AMENDED, False, sessions=p["sickness_sessions"],
                        whole=now.whole.get(key, 0),
                        current=key in now.ill_now, last_attended=p["last_attended"],
                        left_on=p["left_on"], longest_illness=p["sickness_longest_days"],
                        last_reported=ver.as_of,
                        note=_join(note, f"now under the threshold ({config.sickness_sessions} "
                                   f"sessions, or {config.sickness_days} days in a row)"),
                    )
                )  # fmt: skip
    warnings: list[str] = []
    if not replaced:
        return warnings
    latest = replaced[0]
    listed = {(i.list, i.school, i.upn) for i in items}
    for row in rows_of.get(latest.id, ()):
        if (row.list, row.school, row.upn) in listed:
            continue
        listed.add((row.list, row.school, row.upn))
        hand = row.list == SICKNESS and row.basis == HAND
        warnings.append(
            f"{label_text(period.label)} made again: {row.upn} ({list_code(config, row.list)}, "
            f"{row.status}{', added by hand' if hand else ''}) is on "
            f"{_reported(latest, replaces=True)}, and not on this one"
            + (f": give --add {row.upn} --reason TEXT to keep them on it" if hand else "")
        )
    return warnings


# --------------------------------------------------------------------------- sickness


def _sickness(
    now: _At,
    at: At,
    config: Config,
    earlier: Sequence[LaReturnRecord],
    rows_of: Mapping[int, Sequence[LaReturnRow]],
    add: dict[str, str],
    withdraw: dict[str, str],
    forgotten: Mapping[Key, dt.datetime] | None = None,
) -> list[Item]:
    year = school_year(now.ev.as_of)
    known: dict[Key, tuple[LaReturnRow, LaReturnRecord]] = {}
    for ret in earlier:
        if school_year(ret.as_of) != year:
            continue  # illness counts over the school year: each year starts afresh
        for row in rows_of.get(ret.id, ()):
            if row.list == SICKNESS:
                known[(row.school, row.upn)] = (row, ret)
    by_upn: dict[str, list[Key]] = {}
    for key in now.pupils:
        by_upn.setdefault(key[1], []).append(key)
    added = {_one_pupil(by_upn, upn, "--add"): reason for upn, reason in add.items()}
    withdrawn = {_one_pupil(by_upn, upn, "--withdraw"): reason for upn, reason in withdraw.items()}
    for key in withdrawn:
        found = known.get(key)
        if found is None or found[0].basis != HAND or not found[0].open:
            raise AttcliError(
                f"--withdraw {key[1]}: not on an earlier return this school year as added by "
                "hand; only a pupil added with --add can be withdrawn"
            )
        if key in added:
            raise AttcliError(f"--add and --withdraw both name {key[1]}: give one")
    flagged = {k for k, p in now.pupils.items() if p["sickness_flag"]}
    # the last return of this school year, and who was on its sickness list
    last = earlier[-1] if earlier and school_year(earlier[-1].as_of) == year else None
    on_last = {
        (r.school, r.upn) for r in rows_of.get(last.id, ()) if r.list == SICKNESS
    } if last is not None else set()  # fmt: skip
    items: list[Item] = []
    for key in sorted(flagged | set(known) | set(added)):
        school, upn = key
        p = now.pupils.get(key)
        k, ret = known.get(key, (None, None))
        if p is None:
            if k is not None and k.open:
                items.append(
                    Item(SICKNESS, school, upn, ENDED, False, basis=k.basis, reason=k.reason,
                         sessions=k.sessions, last_reported=ret.as_of if ret else None,
                         note=_NOT_IN_EXPORTS, recorded=(k.surname, k.forename, k.dob))
                )  # fmt: skip
            continue
        hand = added.get(key)
        if hand is None and k is not None and k.basis == HAND and k.open:
            hand = k.reason  # added by hand before: stays until withdrawn
        is_flagged = key in flagged
        item = Item(
            SICKNESS,
            school,
            upn,
            NEW,
            True,
            basis=REGISTER if is_flagged else HAND,
            reason=hand or "",
            sessions=p["sickness_sessions"],
            whole=now.whole.get(key, 0),
            current=key in now.ill_now,
            last_attended=p["last_attended"],
            left_on=p["left_on"],
            longest_illness=p["sickness_longest_days"],
        )
        reported = k is not None and k.open
        # ended by the register (off the roll, or not in the exports), or listed once, new,
        # when first over the threshold off the roll, and on the roll and over the
        # threshold now: the episode the LA was told of, listed again continuing, never new
        # again (DOMAIN.md 6), saying what the last return said (sweep oracle17, seed 2004:
        # new and off the roll in October, back in November, was new again)
        again = ""
        if (
            not reported and k is not None and ret is not None and k.status in (ENDED, NEW)
            and k.basis == REGISTER and is_flagged and p["left_on"] is None
        ):  # fmt: skip
            then = at(ret.as_of)
            was = then.pupils.get(key) if then is not None else None
            on_roll = was is not None and was["left_on"] is None
            again = (
                f"the return as of {ret.as_of:%d/%m/%Y} listed them "
                + (
                    "ended (off the roll, or not in the exports); "
                    if k.status == ENDED
                    else "new, off the roll; "
                )
                + (
                    "the register now shows them on roll on that date (a register correction)"
                    if on_roll
                    else "back on the roll since"
                )
            )
        if (reported or again) and k is not None and ret is not None:
            item.last_reported = ret.as_of
            if k.sessions is not None:
                # (the days said then: the sessions reported, and the register's whole
                # days as of that date; none then where none now)
                then = at(ret.as_of) if item.whole else None
                was_whole = then.whole.get(key, 0) if then is not None else 0
                item.added = Fraction(
                    illness_half_days(p["sickness_sessions"], item.whole)
                    - illness_half_days(k.sessions, was_whole),
                    2,
                )
        # what a correction took away: fewer illness sessions as of the date reported
        shortened = ""
        if reported and k is not None and ret is not None and k.basis == REGISTER:
            then = at(ret.as_of)
            was = then.pupils.get(key) if then is not None else None
            then_sessions = was["sickness_sessions"] if was is not None else 0
            if k.sessions is not None and then_sessions < k.sessions:
                shortened = (
                    f"the return as of {ret.as_of:%d/%m/%Y} reported {k.sessions} illness "
                    f"sessions; the register now shows {then_sessions} as of that date (a "
                    "register correction)"
                )
        if key in withdrawn:
            if is_flagged:
                raise AttcliError(
                    f"--withdraw {upn}: over the sickness threshold by the register "
                    f"({counted(p['sickness_sessions'], 'illness session')} this year), so listed "
                    "whatever the school expects; --withdraw ends only a pupil added by hand"
                )
            item.status, item.open, item.basis = ENDED, False, HAND
            item.reason = withdrawn[key]
            item.note = f"withdrawn by the school: {withdrawn[key]}"
            items.append(item)
            continue
        if not is_flagged and hand is None:
            if not reported:
                continue
            # reported by the register's figures, now under the threshold: only a
            # correction lowers a count over the school year
            item.status, item.open = AMENDED, False
            item.note = _join(
                shortened
                or f"the return as of {item.last_reported:%d/%m/%Y} reported {k.sessions} "  # type: ignore[union-attr]
                "illness sessions (a register correction since)",
                f"now under the threshold ({config.sickness_sessions} sessions, or "
                f"{config.sickness_days} days in a row)",
            )
            items.append(item)
            continue
        # off the roll by the return's date: the LA follows the school's pupils, so the
        # pupil is listed once more, ended (or once, new, when first over it), with the
        # date, and not again: as a run of a pupil who left ends, and as a pupil on the
        # list who is not in the exports is ended
        gone = p["left_on"]
        if gone is not None and not reported and k is not None and k.status != AMENDED:
            continue  # ended (or listed new) on an earlier return, after they left
        if shortened:
            item.status = AMENDED
        elif reported:
            item.status = ENDED if gone is not None else CONTINUING
        elif again:
            item.status = CONTINUING
        # over the threshold by the last return's date, by the register as it now stands,
        # and not on it: a correction since (as a run brought in is said, _unauthorised)
        late = ""
        if item.status == NEW and is_flagged and last is not None and key not in on_last:
            before = at(last.as_of)
            was = before.pupils.get(key) if before is not None else None
            if was is not None and was["sickness_flag"] and was["left_on"] is None:
                late = _not_on_last(
                    last,
                    f"{counted(was['sickness_sessions'], 'illness session')} "
                    f"({illness_run(was['sickness_longest_days'])})",
                    (forgotten or {}).get(key),
                )
        if gone is not None:
            item.open = False
        if item.basis == HAND:
            since = (
                f" on the return as of {ret.as_of:%d/%m/%Y}"
                if key not in added and ret is not None
                else ""
            )
            item.note = f"added by hand{since}: expected to miss {_expected(config)}: {hand}"
        elif hand:
            item.note = f"the school's reason: {hand}"
        item.note = _join(
            late, again, shortened, item.note,
            f"left the roll {gone:%d/%m/%Y}" if gone is not None else "",
        )  # fmt: skip
        items.append(item)
    return items


def _one_pupil(by_upn: Mapping[str, list[Key]], upn: str, option: str) -> Key:
    keys = by_upn.get(upn, [])
    if not keys:
        raise AttcliError(f"{option} {shown(upn)}: no pupil with that UPN in these exports")
    if len(keys) > 1:
        raise AttcliError(
            f"{option} {upn}: that UPN is in more than one school's export "
            f"({', '.join(k[0] for k in keys)})"
        )
    return keys[0]
