"""The trust report (``attcli report --trust``): each school beside the trust and the
national figure, from the schools' summaries (``attcli summary``: counts only).

Every trust figure is the sum of the schools' counts, divided once (never an average of
percentages). Small groups are hidden by :mod:`attcli.suppress`: a school of fewer than
``[report] min_cohort`` pupils, and a cohort or the rest of a school under it, with the
secondary suppression that keeps a hidden cell from being worked out from a total.
The summaries hold no pupil, so the report names none, for staff or governors.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from attcli import percent
from attcli.calendar import monday
from attcli.codes import legacy_text
from attcli.config import DEFAULT_BANDS, Config, SchoolSection, filled
from attcli.errors import AttcliError, shown
from attcli.quality import stale_words
from attcli.report_settings import National, ReportSettings
from attcli.summary_file import Counts, Summary, load_summary
from attcli.suppress import (
    PRIMARY,
    CohortRow,
    cohort_cells,
    note,
    pair_note,
    partition,
    suppress,
)

if TYPE_CHECKING:
    from jinja2 import Template

TRUST = "(trust)"
#: how many schools "moved most since last half term" names
MOVERS = 5
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
#: how the trust's pupils are counted, said in every trust report: a summary is one
#: school's, and its pupils are those on roll there in the period
PER_SCHOOL = (
    "Pupils are counted per school: a pupil on roll at two of the schools in the period "
    "(one who moved, or one dual registered) is counted in each."
)
#: what the cohorts table says when no summary holds a cohort (made without a pupil
#: list): the page and the workbook's sheet showed column headings over no row
NO_COHORT = (
    "No cohort: none of the schools' summaries holds one (a summary holds a school's "
    "cohorts, such as pupil premium or SEN, when `attcli summary` is given the school's "
    "pupil list with --pupils FILE)"
)


def _rate(num: int, den: int) -> Fraction | None:
    return Fraction(100 * num, den) if den else None


@dataclass
class SchoolFigures:
    """One row of the schools table: a school's counts, or the trust's (their sums)."""

    name: str
    urn: str
    as_of: dt.date | None
    counts: Counts
    #: attendance as of the end of last half term (None: not in the summary)
    previous: tuple[int, int] | None
    hidden: bool = False
    #: why it is hidden, as a reader sees it (:func:`attcli.suppress.note`)
    note: str | None = None
    #: why its persistent and severe absence are not shown (None: they are): a school
    #: whose exports miss part of the period has no band; the trust beside such a school
    #: has no rate of its own (:func:`_incomplete`)
    withheld: str | None = None
    #: why its change since last half term is not shown (None: it is, when known): the
    #: trust's, when its schools' last half terms ended in different weeks
    change_withheld: str | None = None

    @property
    def attendance(self) -> Fraction | None:
        return _rate(self.counts.attended, self.counts.possible)

    @property
    def pa_rate(self) -> Fraction | None:
        return None if self.withheld else _rate(self.counts.pa, self.counts.banded)

    @property
    def sa_rate(self) -> Fraction | None:
        return None if self.withheld else _rate(self.counts.sa, self.counts.banded)

    @property
    def unauthorised_rate(self) -> Fraction | None:
        return _rate(self.counts.unauthorised, self.counts.possible)

    @property
    def change(self) -> Fraction | None:
        """Attendance now less attendance at the end of last half term, in points."""
        if (
            self.previous is None
            or self.attendance is None
            or not self.previous[1]
            or self.change_withheld
        ):
            return None
        return self.attendance - Fraction(100 * self.previous[0], self.previous[1])


@dataclass
class TrustReport:
    title: str
    #: the period every school's figures cover: start, as-of date
    period: tuple[dt.date, dt.date]
    schools: list[SchoolFigures]
    total: SchoolFigures
    national: National | None
    min_cohort: int
    weeks: list[dt.date]
    #: school name -> attendance % each week (None: no session, or the school is hidden)
    weekly: dict[str, list[Fraction | None]]
    #: rows: attribute label, school name, members %, rest %, gap (points), note
    cohorts: list[dict[str, Any]]
    #: school name -> attendance % Monday..Friday
    weekdays: dict[str, list[Fraction | None]]
    notes: list[str] = field(default_factory=list)
    #: the trust's pupils in Years 1 to 11 only, the pupils the DfE's census figures count
    #: (aged 5 to 15), beside the national row (:func:`_years_1_to_11`; None: no such row)
    aged: SchoolFigures | None = None
    #: what the weekly figures leave out, shown with them (and among :attr:`notes`): the
    #: weeks a school recorded no mark or some sessions with none (:func:`_missing_weeks`)
    weekly_notes: list[str] = field(default_factory=list)

    @property
    def movers(self) -> list[SchoolFigures]:
        """The (at most 5) schools whose attendance moved most since last half term."""
        shown = [s for s in self.schools if not s.hidden and s.change is not None]
        return sorted(shown, key=lambda s: (-abs(s.change or 0), s.name))[:MOVERS]


def _sum(counts: Sequence[Counts]) -> Counts:
    """The counts added up (``Counts`` adds field by field)."""
    return sum(counts, Counts.zero())


def upn_notes(schools: Sequence[tuple[str, Any]]) -> tuple[str | None, list[str]]:
    """What a trust reading its schools' exports says of a UPN two schools give to two
    different children (:func:`attcli.loaders.upns_of_two_children`; ``schools``: (school
    name, :func:`attcli.loaders.pupil_identities`) each): the report's note, which names
    no pupil (how many UPNs), and the terminal's lines, a UPN each, with each school's
    name and date of birth of it.  A pupil who moved between the schools (the same name
    and date of birth) is no such UPN: counted in each school (:data:`PER_SCHOOL`)."""
    from attcli.loaders import upns_of_two_children

    found = upns_of_two_children(schools)
    if not found:
        return None, []
    n = len(found)
    note = (
        f"{n} UPN{' is' if n == 1 else 's are'} two different children's in two schools' "
        "exports (another name or date of birth): a UPN is one child's nationally, so one "
        "school's is wrong; named on the terminal"
    )
    lines = [
        f"UPN {upn} is two different children's: "
        + "; ".join(f"{school} '{surname or '?'}, {forename or '?'}' "
                    + (f"born {dob:%d/%m/%Y}" if dob else "no date of birth")
                    for school, surname, forename, dob in held)
        + ": a UPN is one child's nationally: correct it in the MIS of the school where it is "
        "wrong"
        for upn, held in found[:10]
    ]  # fmt: skip
    if n > 10:
        lines.append(f"and {n - 10} more UPNs of two different children in two schools")
    return note, lines


def two_school_children_lines(schools: Sequence[tuple[str, Any]]) -> list[str]:
    """A line for each child two schools' exports hold under two UPNs, one at each
    (:func:`attcli.loaders.children_of_two_schools`; ``schools`` as :func:`upn_notes`'):
    each school's own run says the children under two UPNs within it, and one whose two
    UPNs sit in two schools was said by neither, nor by the trust's lines.  Said once, a
    run of all the schools (``check --per-school``), naming both schools (sweep
    leftovers12)."""
    from attcli.loaders import children_of_two_schools
    from attcli.percent import counted, number_word

    found = children_of_two_schools(schools)
    lines = [
        f"one child under {number_word(len({u for u, _ in pairs}))} UPNs in "
        f"{number_word(len({s for _, s in pairs}))} schools? "
        f"'{surname or '?'}, {forename or '?'}' born {dob:%d/%m/%Y}: "
        + ", ".join(f"{upn} at {school}" for upn, school in pairs)
        + " (the same surname, forename and date of birth): a UPN is one child's for life "
        "and goes with them from school to school, so if this is one child, correct the "
        "UPN in the MIS of the school where it is wrong"
        for surname, forename, dob, pairs in found[:10]
    ]
    if len(found) > 10:
        more = counted(len(found) - 10, "more child", "more children")  # ("1 more child")
        lines.append(f"and {more} under a UPN at each of two schools")
    return lines


def mover_note(
    schools: Sequence[tuple[str, Any]],
    total: SchoolFigures,
    min_cohort: int,
    unseen: bool = False,
) -> str | None:
    """What a trust reading its schools' exports says of the pupils who moved between them
    (the same UPN, and not two children's, :func:`upn_notes`), in counts (the report names
    no pupil): each is counted at each school it was on roll at (:data:`PER_SCHOOL`, the
    DfE's count of enrolments, which the schools' own figures are), so the trust's pupils
    hold it twice, and its persistent (severe) absence count too where it was so absent at
    two schools.  ``schools``: (school name, :class:`attcli.summary.build.SummaryRun`'s
    ``identities``, with ``_pa`` and ``_sa``) each; ``total``: the trust's row;
    ``unseen``: schools were given by their summaries, which hold no UPN.  How many of
    the movers are persistently (severely) absent at two schools is said only when they
    are ``min_cohort`` or more (``[report] min_cohort``): the page shows a smaller group
    without figures, and a board that knows who moved would learn that child's absence;
    below it a clause resting on the count alone says the counts may hold one twice
    (sweep leftovers7).  A pupil dual registered (:func:`_dual_registered`: on two rolls at
    once, ``D`` at one) is said as such, never as one who "moved" ("1 pupil moved between
    the trust's schools in the period and 1 was dual registered at two of them, on roll at
    both at once"), counted alike (sweep twoupn2)."""
    import polars as pl

    from attcli.loaders import upns_of_two_children

    two = {upn for upn, _ in upns_of_two_children(schools)}
    held: dict[str, list[dict[str, Any]]] = {}
    for _, frame in schools:
        if "_period" in frame.columns:  # the period's pupils: the figures' (a pupil who
            # joins the second school after the as-of date was on roll at one in it)
            frame = frame.filter(pl.col("_period").fill_null(False))
        cols = [c for c in ("upn", "_pa", "_sa", "_on_roll", "_dual") if c in frame.columns]
        for r in frame.select(cols).iter_rows(named=True):
            held.setdefault(r["upn"], []).append(r)
    movers = {u: rs for u, rs in held.items() if len(rs) > 1 and u not in two}
    if not movers:
        return None
    n = len(movers)
    dual = sum(_dual_registered(rs) for rs in movers.values())
    extra = sum(len(rs) - 1 for rs in movers.values())
    counts = total.counts
    moved = n - dual
    lead = [
        f"{moved} pupil{' moved' if moved == 1 else 's moved'} between the trust's schools "
        "in the period"
    ] if moved else []  # fmt: skip
    if dual:
        was = "was" if dual == 1 else "were"
        lead.append(
            f"{dual} {was} dual registered at two of them, on roll at both at once"
            if moved
            else f"{dual} pupil{'' if dual == 1 else 's'} {was} dual registered at two of "
            "the trust's schools in the period, on roll at both at once"
        )
    parts = [
        f"{' and '.join(lead)} (the same UPN, name and date of birth in two schools' "
        "exports): "
        f"{'it is' if n == 1 else 'each is'} counted at each school it was on roll at, as "
        f"the DfE counts enrolments, so the trust's {counts.pupils} pupils are "
        f"{counts.pupils - extra} children"
    ]
    if total.withheld is None and n < min_cohort:
        # (why first, then what is not said: "being fewer than 5 ..., whether ..." read
        # as a participle with nothing to hang on)
        parts.append(
            f"as {'1 is' if n == 1 else 'they are'} fewer than {min_cohort} (the report's "
            "smallest group shown with figures), whether "
            f"{'that pupil' if n == 1 else 'any of them'} is persistently or severely absent "
            "at two schools (and so counted twice in the trust's counts of those pupils) is "
            "not said"
        )
    elif total.withheld is None:
        for flag, words, count in (
            ("_pa", "persistently absent", counts.pa),
            ("_sa", "severely absent", counts.sa),
        ):
            at = [sum(bool(r.get(flag)) for r in rs) for rs in movers.values()]
            twice = [k for k in at if k > 1]
            if twice:
                where = "two schools" if max(twice) == 2 else "two schools or more"
                parts.append(
                    f"{len(twice)} of them {'is' if len(twice) == 1 else 'are'} {words} at "
                    f"{where}, so the trust's {count} {words} pupils are "
                    f"{count - sum(k - 1 for k in twice)} children"
                )
    text = "; ".join(parts)
    if unseen:
        text += (
            " (the schools given by their summaries hold no UPN: a pupil who moved to or "
            "from one of them is not seen)"
        )
    return text


def _dual_registered(rows: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a pupil of two schools or more (``rows``: each school's identity row, with
    ``_on_roll``, the times on roll in the period, and ``_dual``, a session of it marked
    ``D``: :func:`attcli.summary.build.summary_from_exports`) was dual registered: on two
    rolls on one day, and marked ``D`` (at another school, DOMAIN.md 1) at one of them;
    not one who moved from one to the next (sweep twoupn2).  Two rolls at once with no
    ``D`` is a returner whose first school has no rows between (on roll there throughout,
    its marks missing), or a leaving date the old school has not yet entered: no dual
    registration the registers say."""
    if not any(r.get("_dual") for r in rows):
        return False
    spans = [[(t["first"], t["last"]) for t in r.get("_on_roll") or ()] for r in rows]
    return any(
        a0 <= b1 and b0 <= a1
        for i, mine in enumerate(spans)
        for theirs in spans[i + 1 :]
        for a0, a1 in mine
        for b0, b1 in theirs
    )


def trust_national(config: Config, summaries: Sequence[Summary]) -> tuple[National | None, list[str]]:
    """The DfE figures a trust's schools are compared with: the trust's ``[school] phase``
    when set, else the schools' own phase when every school is of one (each its
    ``[schools.KEY] phase`` where the config sets one, as its own report takes it, else
    from its summary's year groups, one a pupil, as a school's report finds it), else all
    phases.  (Three primaries were compared with all phases' 92.9 %, secondaries included,
    not the primaries' 94.5 %: sweep blind7; a school's own phase was read nowhere here:
    sweep rough8.)"""
    from attcli.national import report_national, school_phase

    if config.school.phase:
        return report_national(config)
    own = {
        id(s): x.school.phase
        for s in summaries
        for x in config.schools
        if x.school.phase and _is_school(x, s)
    }
    phases = {
        own.get(id(s))
        or school_phase(config, [y for y, c in s.year_groups.items() for _ in range(c.pupils)])[0]
        for s in summaries
    }
    if phases == {"none"}:  # (every school a PRU's "none": compared with no phase)
        import dataclasses

        none = dataclasses.replace(config.school, phase="none")
        return report_national(dataclasses.replace(config, school=none))
    if len(phases) == 1 and (one := phases.pop()) != "all":
        n = len(summaries)
        whence = (
            "[schools.KEY] phase" if len(own) == n
            else "[schools.KEY] phase and year groups" if own
            else "year groups"
        )  # fmt: skip
        how = f"the schools' {whence} (each of the {n} schools {one})"
        return report_national(config, phase=(one, how))
    return report_national(config, phase=("all", "the trust: schools of every phase together"))


def load_summaries(paths: Sequence[Path], made: Sequence[Summary] = ()) -> list[Summary]:
    """The schools' summaries (files, and ``made`` from exports), each school once (URN)."""
    if not paths and not made:
        raise AttcliError("--trust: give the schools' summary files (attcli summary) or exports")
    out: list[Summary] = []
    seen: dict[str, Path | str] = {}
    for p, s in [*((p, load_summary(p)) for p in paths), *((m.source, m) for m in made)]:
        key = s.urn or s.name
        if key in seen:
            raise AttcliError(
                f"{shown(str(p))}: school {shown(s.name)} (URN {shown(str(s.urn))}) is already "
                f"given by {shown(str(seen[key]))}: give each school's summary once"
            )
        seen[key] = p
        out.append(s)
    return _told_apart(out)


def _told_apart(summaries: list[Summary]) -> list[Summary]:
    """The summaries, a school whose name another's is too (an LA's two St Mary's CE Primary
    Schools) named with its URN (each school is given once by its URN, :func:`load_summaries`):
    the report's tables, its suppression and its notes know a school by its name, and two
    schools under one name were one (the small one's pupils taken for the other's, so not
    hidden; one weekly row for the two)."""
    import dataclasses
    from collections import Counter

    def same(name: str) -> str:  # (a name written two ways: spaces, which a page folds)
        return " ".join(name.split()).casefold()

    names = Counter(same(s.name) for s in summaries)
    return [
        dataclasses.replace(s, name=f"{' '.join(s.name.split())} (URN {s.urn})")
        if names[same(s.name)] > 1
        else s
        for s in summaries
    ]


def refuse_other_periods(
    summaries: Sequence[Summary], as_of: dt.date | None, period_start: dt.date | None
) -> None:
    """A summary of another period than ``--as-of`` / ``--from`` asks for, refused in one
    line: its figures would be added in as that period's with nothing said (the schools'
    exports are summarised over the period asked).  As :func:`_period`, an as-of date
    earlier in the same week is the same period (a school's last day may be an INSET day),
    and a summary from exports that start late is compared by its as-of date only."""
    for s in summaries:
        if as_of is not None and (s.as_of > as_of or monday(s.as_of) != monday(as_of)):
            if _ends_early(s):  # made as of a later day: its exports end before it
                raise AttcliError(
                    f"{shown(str(s.source))}: {shown(s.name)}'s figures are as of "
                    f"{s.as_of:%d/%m/%Y}, not --as-of "
                    f"{as_of:%d/%m/%Y}: the exports end {s.as_of:%d/%m/%Y}; give its exports "
                    f"up to {as_of:%d/%m/%Y}"
                )
            raise AttcliError(
                f"{shown(str(s.source))}: {shown(s.name)}'s summary is as of "
                f"{s.as_of:%d/%m/%Y}, not --as-of "
                f"{as_of:%d/%m/%Y}: make it again with --as-of {as_of.isoformat()}, or leave "
                "--as-of out"
            )
        if period_start is not None and s.complete and s.period_start != period_start:
            raise AttcliError(
                f"{shown(str(s.source))}: {shown(s.name)}'s summary is from "
                f"{s.period_start:%d/%m/%Y}, not --from "
                f"{period_start:%d/%m/%Y}: make it again with --from {period_start.isoformat()}, "
                "or leave --from out"
            )


def _ends_early(s: Summary) -> bool:
    """Whether ``s`` is of exports that end before the as-of date it was made for, with
    school days between (its ``as_of`` is then the data's last day, its coverage note says
    so): a late start or a missing week makes it incomplete, so a complete summary with a
    coverage note is one whose exports end early."""
    return s.complete and s.coverage_note is not None


def schools_not_given(config: Config, summaries: Sequence[Summary]) -> list[str]:
    """A line for each school of the trust's ``[schools]`` that neither its exports nor a
    summary (by its URN, else its name) gave: the trust's figures are then of the other
    schools, and a school left out is said, never dropped."""
    return [
        f"no export or summary given for {x.key} ({_named(x)}): the "
        "trust's figures are of the other schools only"
        for x in config.schools
        if not any(_is_school(x, s) for s in summaries)
    ]


def _is_school(section: SchoolSection, s: Summary) -> bool:
    """Whether summary ``s`` is the school of ``[schools.KEY]`` ``section``: by its URN, or
    by its name where the section gives no URN (a summary always has one).  A summary under
    a school's name with another URN is another school's (another trust's St Mary's, say).
    A URN still ``attcli init``'s placeholder ("FILL IN: URN", which the config takes as
    not given yet) is none."""
    if urn := filled(section.school.urn):
        return s.urn == urn
    return s.name.casefold() == section.school.name.casefold()


def _named(section: SchoolSection) -> str:
    """A ``[schools.KEY]`` school for a line: its name, and its URN where one is given."""
    urn = filled(section.school.urn)
    return f"{section.school.name}, URN {urn}" if urn else section.school.name


def schools_not_of_the_trust(config: Config, summaries: Sequence[Summary]) -> list[str]:
    """A line for each summary that is none of the trust's ``[schools]`` (by URN, else name):
    its figures are added into the trust's (a school that sends only its summary is still
    added), so it is said, never taken in silently (another trust's file, an old URN).  A
    workspace with no ``[schools]`` (a local authority's) names no schools to compare.  The
    line names the school, not its file: it is the report's too (files stay on the screen)."""
    if not config.schools:
        return []
    ours = "; ".join(f"{x.key}: {_named(x)}" for x in config.schools)
    return [
        f"{s.name} (URN {s.urn}) is none of the trust's [schools] ({ours}), and "
        "the trust's figures include it: add it as [schools.KEY] with its URN if it is the "
        "trust's, or leave its summary out"
        for s in summaries
        if not any(_is_school(x, s) for x in config.schools)
    ]


def _period(summaries: Sequence[Summary]) -> tuple[dt.date, dt.date, str | None]:
    """The period every summary covers (start, the latest as-of date) and the note naming
    each school's as-of date where they differ (None: one date), or the one line saying
    the periods differ: a trust figure over different periods (a half term beside years
    to date, or as-of dates in different weeks) would be called the trust's and be no
    period's.  As-of dates in the same week (Monday to Sunday) are one period: schools'
    last days differ by their INSET days (docs/trust.md).  A summary from exports that
    start late (``complete`` false, its start where they start) is compared by its as-of
    date only: its note says it covers part of the period."""
    full = [s for s in summaries if s.complete] or list(summaries)
    if (
        len({s.period_start for s in full}) > 1
        or len({monday(s.as_of) for s in summaries}) > 1
    ):
        raise AttcliError(
            "the schools' summaries cover different periods ("
            + "; ".join(f"{s.name} {s.period_start:%d/%m/%Y} to {s.as_of:%d/%m/%Y}"
                        for s in sorted(summaries, key=lambda x: x.name.casefold()))
            + "): a trust's figures add up the same period of every school (as-of dates may "
            "differ within a week): make the summaries with the same --from and --as-of"
            + "".join(f"; {s.name}: the exports end {s.as_of:%d/%m/%Y}, before the as-of date "
                      "its summary was made for: give its exports up to that day"
                      for s in sorted(summaries, key=lambda x: x.name.casefold())
                      if _ends_early(s))
        )  # fmt: skip
    note = None
    if len({s.as_of for s in summaries}) > 1:
        note = (
            "the schools' figures are as of different days of the same week ("
            + ", ".join(f"{s.name} {s.as_of:%d/%m/%Y}"
                        for s in sorted(summaries, key=lambda x: x.name.casefold()))
            + "; a school's last day may be an INSET day): the trust's figures add them as "
            "they are"
        )  # fmt: skip
    return min(s.period_start for s in full), max(s.as_of for s in summaries), note


def _possessive(names: Sequence[str]) -> str:
    """``Ash's``, ``Ash's and Birch's``, ``Ash's, Birch's and Cedar's``."""
    return percent.listed([f"{n}'s" for n in names])


def _incomplete(
    summaries: Sequence[Summary], weeks: Sequence[dt.date]
) -> tuple[str | None, set[dt.date], str | None]:
    """What the trust cannot say when a school's exports miss part of the period
    (``complete`` false, DOMAIN.md 2, Coverage): that school's pupils have no band, so a
    trust PA or SA rate would be the other schools' called the trust's (it was 4 of the
    25 banded pupils of two schools beside "Pupils 37"); and in a week it has no figures
    for, the trust's weekly figure may be the other schools' only (the summary does not
    say which weeks its exports miss and which it had no school: each such week is
    withheld).  (the trust row's reason, the weeks withheld, the note), all None/empty
    when every summary is complete.  Attendance stays: a ratio of the sessions the
    exports hold, of every school (docs/trust.md)."""
    short = sorted((s for s in summaries if not s.complete), key=lambda x: x.name.casefold())
    if not short:
        return None, set(), None
    whose = _possessive([s.name for s in short])
    gaps = {w for s in short for w in weeks if w not in s.weeks}
    names = " or ".join(s.name for s in short)
    weekly = (
        f", nor its weekly attendance in a week {names} has no figures for ("
        + ", ".join(f"{w:%d/%m}" for w in sorted(gaps)) + ")"
    ) if gaps else ""  # fmt: skip
    return (
        f"not the trust's: {whose} exports miss part of the period",
        gaps,
        f"the trust's persistent and severe absence are not shown{weekly}: {whose} exports "
        "miss part of the period, and a figure over the other schools is not the trust's",
    )


def _marks(n: int) -> str:
    return f"{n:,} missing mark{'s' if n != 1 else ''}"


def _missing_weeks(
    summaries: Sequence[Summary], hide: dict[Any, str]
) -> tuple[set[dt.date], str | None]:
    """The weeks a school's register holds missing marks only (a week of its summary with
    no possible session and sessions with no mark recorded: the register not taken, or not
    exported; summary version 5), whose trust figure would be the other schools' only and
    is withheld, and the one line naming, week by week, each school with missing marks and
    how many (those of a week with figures too: they are not in them).  A school not shown
    (``hide``) is named without its count: a week's missing marks are nearly its pupils
    times its sessions.  A summary before version 5 does not say (docs/trust.md)."""
    by_week: dict[dt.date, list[tuple[Summary, int, bool]]] = {}
    for s in sorted(summaries, key=lambda x: x.name.casefold()):
        for w, n in (s.week_missing or {}).items():
            if n:
                by_week.setdefault(w, []).append((s, n, not s.weeks[w][1].possible))
    if not by_week:
        return set(), None
    whole = {w for w, found in by_week.items() if any(all_week for *_, all_week in found)}
    parts = []
    for w in sorted(by_week):
        entries = []
        for s, n, all_week in by_week[w]:
            count = None if s.name in hide else _marks(n)
            if all_week:
                entries.append(f"{s.name} (none recorded all week{f': {count}' if count else ''})")
            else:
                unsaid = "missing marks: not counted here, as the school is not shown"
                entries.append(f"{s.name} ({count or unsaid})")
        text = f"{w:%d/%m} {percent.listed(entries)}"
        if w in whole:
            others = any(w in s.weeks and s.weeks[w][1].possible for s in summaries)
            text += (
                f", so the trust's figure for {w:%d/%m} is not shown: it would be the other "
                "schools' only"
                if others
                else f", so the trust has no figure for {w:%d/%m}"
            )
        parts.append(text)
    return whole, (
        "sessions with no mark recorded, left out of the figures, by week: " + "; ".join(parts)
    )


class _Echelon:
    """Sums of unknowns (unknown -> whole coefficient) in row echelon form, worked exactly
    in whole numbers (each row kept divided by the greatest common divisor of its
    coefficients): :attr:`rank` is how many of those added are independent."""

    def __init__(self, pivots: dict[int, dict[int, int]] | None = None) -> None:
        self.pivots = dict(pivots or {})

    @property
    def rank(self) -> int:
        return len(self.pivots)

    def copy(self) -> _Echelon:
        return _Echelon(self.pivots)

    def add(self, row: dict[int, int]) -> _Echelon:
        v = {k: c for k, c in row.items() if c}
        while v:
            p = min(v)
            pivot = self.pivots.get(p)
            if pivot is None:  # every other unknown of v comes after p
                g = math.gcd(*v.values())
                self.pivots[p] = {k: c // g for k, c in v.items()}
                break
            a, b = pivot[p], v[p]
            v = {k: a * v.get(k, 0) - b * pivot.get(k, 0) for k in v.keys() | pivot.keys()}
            v = {k: c for k, c in v.items() if c}
            g = math.gcd(*v.values()) if v else 1
            v = {k: c // g for k, c in v.items()}
        return self

    def add_all(self, rows: Sequence[dict[int, int]]) -> _Echelon:
        for row in rows:
            self.add(row)
        return self


def _private_weeks(
    summaries: Sequence[Summary],
    hide: dict[Any, str],
    weeks: Sequence[dt.date],
    withheld: set[dt.date],
    previous_shown: bool,
) -> list[dt.date]:
    """The weeks whose trust figure is withheld so that no school hidden in the schools
    table shows through the trust's weekly attendance (docs/trust.md, "The trust's
    weeks").  Each figure is taken as if the sessions behind it were shown (a reader who
    knows roughly how many pupils a school has can estimate them): the unknowns are each
    hidden school's sessions of each week (a week split in two where the school's last half
    term ended mid-week), and the reader knows their sum in each trust week shown (the
    trust's less the schools shown), over the whole period (the trust's total less the
    schools shown) and, where "since last half term" is shown, up to the end of last half
    term.  The weeks shown must tell nothing of one hidden school, nor of how the hidden
    schools' totals split (which the cohorts table's sums are of), beyond what the
    period's figures alone tell: worked exactly
    (:class:`_Echelon`).  A week whose hidden sessions are one school's is withheld first; then,
    while something is still given away, the first week shown whose withholding stops it
    (else the first week shown with a hidden school in it).  ``withheld``: weeks already
    withheld (:func:`_incomplete`)."""
    hidden = [s for s in sorted(summaries, key=lambda x: x.name.casefold()) if s.name in hide]
    if not hidden or TRUST in hide:
        return []
    count = 0
    in_week: dict[dt.date, list[int]] = {}
    owned: list[list[int]] = []  # each hidden school's unknowns
    early: list[list[int]] = []  # of those, its sessions to the end of last half term
    for s in hidden:
        mine, before = [], []
        cut = s.previous.as_of if s.previous else None
        for w, (_, c) in sorted(s.weeks.items()):
            if not c.possible:
                continue
            parts = [count]
            if cut is not None and w <= cut:
                before.append(count)
                if monday(cut) == w and cut.weekday() < 4:  # the half term ended mid-week
                    parts.append(count + 1)
            count += len(parts)
            mine += parts
            in_week.setdefault(w, []).extend(parts)
        owned.append(mine)
        early.append(before)

    def ones(cells: Sequence[int]) -> dict[int, int]:
        return dict.fromkeys(cells, 1)

    base = [ones([x for m in owned for x in m])]
    if previous_shown:
        base.append(ones([x for e in early for x in e]))
    totals = [ones(m) for m in owned]

    def told(known: _Echelon, i: int) -> int:
        """How much ``known`` tells of school ``i``'s sessions and the hidden schools' totals
        (what the cohorts table may tell more of): the dimension of the sums known that are
        of those alone, dim(known & (totals + school i))."""
        mine = [*totals, *({x: 1} for x in owned[i])]
        both = known.copy()
        for row in mine:
            both.add(row)
        return known.rank + _Echelon().add_all(mine).rank - both.rank

    def echelon(shown: Sequence[dt.date]) -> _Echelon:
        return _Echelon().add_all([*base, *(ones(in_week[w]) for w in shown)])

    base_echelon = echelon([])
    before = [told(base_echelon, i) for i in range(len(owned))]

    def gives_away(shown: Sequence[dt.date], i: int, known: _Echelon | None = None) -> bool:
        """Whether the weeks shown tell more of school ``i`` than the period's figures do."""
        return told(known or echelon(shown), i) > before[i]

    owner = {x: i for i, m in enumerate(owned) for x in m}
    candidates = [w for w in weeks if w not in withheld and in_week.get(w)]
    out = [w for w in candidates if len({owner[x] for x in in_week[w]}) == 1]
    while True:
        shown = [w for w in candidates if w not in out]
        known = echelon(shown)
        i = next((i for i in range(len(owned)) if gives_away(shown, i, known)), None)
        if i is None:
            return sorted(out)
        out.append(next((w for w in shown if not gives_away([x for x in shown if x != w], i)),
                        shown[0]))  # fmt: skip


def build_trust(summaries: Sequence[Summary], settings: ReportSettings) -> TrustReport:
    """The trust report's figures from the schools' summaries."""
    mc = settings.min_cohort
    notes: list[str] = []
    rows = [
        SchoolFigures(
            s.name,
            s.urn,
            s.as_of,
            s.totals,
            (s.previous.totals.attended, s.previous.totals.possible) if s.previous else None,
        )
        for s in sorted(summaries, key=lambda x: x.name.casefold())
    ]
    # the schools table and the cohorts', hidden together: a school under min_cohort
    # pupils, a small cohort, and one more wherever a hidden one could be worked out
    hide = _hidden(summaries, mc)
    complete = {s.name: s.complete for s in summaries}
    for r in rows:
        r.hidden = r.name in hide
        r.note = note(hide.get(r.name), mc)
        if not complete[r.name]:
            r.withheld = "no band: its exports miss part of the period"
    weeks = sorted({w for s in summaries for w in s.weeks})
    withheld, gaps, withheld_note = _incomplete(summaries, weeks)
    start, as_of, as_of_note = _period(summaries)
    as_ofs = [as_of]
    if as_of_note:
        notes.append(as_of_note)
    for s in summaries:
        if not s.complete:
            notes.append(f"{s.name}: {s.coverage_note or 'its exports do not cover the period'}")
        # what a school's figures rest on, never hidden in the trust's (DOMAIN.md 12); not
        # the counts of a school hidden as small: they would say of its few pupils
        unsettled = []
        if s.stale_n:
            unsettled.append(f"{_old_n_text(s.stale_n, s.n_within_days)} (counted as unauthorised absence)")
        if s.missing_marks and s.name in hide and any((s.week_missing or {}).values()):
            # a school not shown whose weeks of missing marks the weekly line names: its
            # count beside a week it recorded no mark in is nearly its pupils times the
            # week's sessions (and the trust's less the others a small school's)
            unsettled.append(
                "sessions with no mark (left out of possible sessions; how many is not shown, "
                "as the school is not shown)"
            )
        elif s.missing_marks:
            unsettled.append(
                f"{s.missing_marks} session{'s' if s.missing_marks != 1 else ''} with no mark "
                "(left out of possible sessions)"
            )
        if unsettled and hide.get(s.name) == PRIMARY:
            notes.append(
                f"{s.name}: its register is not yet settled (old N codes or sessions with no mark)"
            )
        elif unsettled:
            notes.append(
                f"{s.name}: {'; '.join(unsettled)}: its figures will change as its register is "
                "corrected"
            )
        # the legacy codes its figures count as when in use (DOMAIN.md 1: "say so"), as the
        # LA's files and the governors' report say them; a small school's without counts
        if s.legacy_codes and hide.get(s.name) == PRIMARY:
            notes.append(
                f"{s.name}: its figures count legacy codes (no longer in use: H F J Y) as they "
                "counted when in use"
            )
        elif s.legacy_codes:
            notes.append(f"{s.name}: {legacy_text(s.legacy_codes)}")
    minima = {s.min_possible_sessions for s in summaries}
    if len(minima) > 1:
        notes.append(
            "the schools count persistent and severe absence over pupils with different minimum "
            f"possible sessions ({', '.join(map(str, sorted(minima)))}): the rates are comparable "
            "only roughly"
        )
    previous_all = [r.previous for r in rows]
    change_withheld = None
    if all(p is not None for p in previous_all) and (
        len({monday(s.previous.as_of) for s in summaries if s.previous}) > 1
    ):
        # the schools' figures at the end of their last half terms, weeks apart, add up to
        # no date's figure (as summaries as of different weeks are no period's: _period)
        change_withheld = "not the trust's: its schools' last half terms ended in different weeks"
        notes.append(
            "the trust's change since last half term is not shown: the schools' last half "
            "terms ended in different weeks ("
            + ", ".join(f"{s.name} {s.previous.as_of:%d/%m/%Y}"
                        for s in sorted(summaries, key=lambda x: x.name.casefold())
                        if s.previous)
            + "), so their figures then add up to no date's; each school's own change is "
            "since its own half term ended"
        )  # fmt: skip
    elif any(p is not None for p in previous_all) and any(p is None for p in previous_all):
        # some schools' figures then and not others': no trust figure then, and why
        without = sorted((r.name for r in rows if r.previous is None), key=str.casefold)
        change_withheld = (
            f"not the trust's: {', '.join(without)} "
            f"{'has' if len(without) == 1 else 'have'} no figures at the end of "
            f"{'its' if len(without) == 1 else 'their'} last half term"
        )
    total = SchoolFigures(
        "Trust",
        "",
        max(as_ofs) if as_ofs else None,
        _sum([r.counts for r in rows]),
        (sum(p[0] for p in previous_all if p), sum(p[1] for p in previous_all if p))
        if all(p is not None for p in previous_all) and not change_withheld
        else None,
        hidden=TRUST in hide,
        note=note(hide.get(TRUST), mc),
        withheld=withheld,
        change_withheld=change_withheld,
    )
    if withheld_note and TRUST not in hide:
        notes.append(withheld_note)
    weekly = {}
    weekdays = {}
    for s in sorted(summaries, key=lambda x: x.name.casefold()):
        hidden = s.name in hide
        weekly[s.name] = [
            None if hidden or w not in s.weeks else _rate(s.weeks[w][1].attended, s.weeks[w][1].possible)
            for w in weeks
        ]
        days = []
        for d in WEEKDAYS:
            cells = [c for (wd, _), c in s.weekday_sessions.items() if wd == d]
            att, pos = sum(c.attended for c in cells), sum(c.possible for c in cells)
            days.append(None if hidden else _rate(att, pos))
        weekdays[s.name] = days
    # a week a school recorded no mark in: the trust's figure would be the others' only
    no_mark, missing_line = _missing_weeks(summaries, hide)
    private = _private_weeks(summaries, hide, weeks, gaps | no_mark, total.previous is not None)
    if private:
        notes.append(
            "the trust's weekly attendance is not shown for "
            + percent.listed([f"{w:%d/%m}" for w in private])
            + ": with the figures shown it would give away the figures of a school that is not "
            "shown (a week when only one of those schools had school, or the trust's total "
            "less its weeks shown)"
        )
    if missing_line:
        notes.append(missing_line)
    weekly[TRUST] = [
        None if TRUST in hide or w in gaps or w in no_mark or w in private else _rate(
            sum(s.weeks[w][1].attended for s in summaries if w in s.weeks),
            sum(s.weeks[w][1].possible for s in summaries if w in s.weeks),
        )
        for w in weeks
    ]
    return TrustReport(
        title=settings.title if settings.title != "Attendance report" else "Trust attendance report",
        period=(start, as_of),
        schools=rows,
        total=total,
        national=settings.national,
        min_cohort=mc,
        weeks=weeks,
        weekly=weekly,
        cohorts=_cohorts(summaries, mc, hide),
        weekdays=weekdays,
        notes=notes,
        weekly_notes=[missing_line] if missing_line else [],
        aged=_years_1_to_11(summaries, total, mc) if settings.national is not None else None,
    )


#: the label of the trust's row of Years 1 to 11 (:func:`_years_1_to_11`)
AGED_ROW = "Trust, Years 1 to 11"


def _years_1_to_11(
    summaries: Sequence[Summary], total: SchoolFigures, mc: int
) -> SchoolFigures | None:
    """The trust's pupils in Years 1 to 11, by their summaries' year groups: the pupils the
    DfE's census figures count (aged 5 to 15 on 31 August), so the row to set beside the
    national one; the trust's own row counts Reception and sixth form too (a primary trust's
    Reception children, who are not of compulsory school age, in its severe absence: sweep
    blind7, rough8).  None where it would say nothing new (every pupil in those years), or
    where a year group is not one attcli reads (its pupils' ages unknown), or the trust's
    figures are hidden; hidden where it or the pupils it leaves out are fewer than
    ``mc`` (the left-out group's figures would come out of the two rows by subtraction).
    By year group, not date of birth (a summary holds no date): a school's own report takes
    the age from the date of birth first, so a pupil outside their year group may count in
    one and not the other."""
    from attcli.national import _YEAR

    if total.hidden:
        return None
    kept = []
    for sm in summaries:
        for label, c in sm.year_groups.items():
            v = str(label or "").strip().upper()
            m = _YEAR.fullmatch(v)
            if m and 1 <= int(m.group(1)) <= 11:
                kept.append(c)
            elif not (m or v in ("R", "N1", "N2", "RECEPTION")):
                return None
    counts = _sum(kept)
    left_out = total.counts.pupils - counts.pupils
    if not kept or left_out <= 0:
        return None
    why = (
        f"fewer than {mc} pupils" if counts.pupils < mc
        else f"not shown, so that the figures of the fewer than {mc} pupils outside Years 1 "
        "to 11 cannot be worked out from the Trust row (which counts them)" if left_out < mc
        else None
    )  # fmt: skip
    return SchoolFigures(
        AGED_ROW, "", total.as_of, counts, None, hidden=why is not None, note=why,
        withheld=total.withheld,
    )


def _cohort_table(summaries: Sequence[Summary]) -> dict[str, list[CohortRow]]:
    """Each school's cohort rows (pupil counts), as :func:`_cohort_counts` gives them."""
    labels = list(dict.fromkeys((c.attribute, c.cohort) for s in summaries for c in s.cohorts))
    return {
        s.name: [
            CohortRow(attribute, label, c[0].pupils, c[1].pupils, c[2])
            for attribute, label in labels
            if (c := _cohort_counts(s, attribute, label))
        ]
        for s in summaries
    }


def _trust_cells(
    table: dict[str, list[CohortRow]],
) -> dict[tuple[str, str], list[tuple[int, int, int]]]:
    """The cohorts the trust has a row of: those of an attribute every school records (a
    trust figure over some of its schools would be called the trust's and not be), with each
    school's (members, rest, no value)."""
    schools = list(table.values())
    out: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for attribute, label in dict.fromkeys((r.attribute, r.cohort) for rows in schools for r in rows):
        cells = [
            next(((r.members, r.rest, r.unknown) for r in rows
                  if (r.attribute, r.cohort) == (attribute, label)), None)
            for rows in schools
        ]  # fmt: skip
        if all(c is not None for c in cells):
            out[(attribute, label)] = cells  # type: ignore[assignment]
    return out


def _cohort_counts(s: Summary, attribute: str, label: str) -> tuple[Counts, Counts, int] | None:
    """A school's (members, rest, pupils with no value) of a cohort; None if its summary
    does not record the attribute.  A school that records it but has no pupil in the
    cohort (no "Other" gender) has no member, its rest all the pupils whose value is
    known: so the trust's rest is of every school's known pupils."""
    c = next((x for x in s.cohorts if (x.attribute, x.cohort) == (attribute, label)), None)
    if c is not None:
        return c.members, c.rest, c.unknown
    sibling = next((x for x in s.cohorts if x.attribute == attribute), None)
    if sibling is None:
        return None
    return Counts.zero(), sibling.members + sibling.rest, sibling.unknown


def _hidden(summaries: Sequence[Summary], mc: int) -> dict[Any, str]:
    """What the trust report hides, each with why (:func:`attcli.suppress.suppress`, with each row's cohort and rest shown together),
    the schools table and the cohorts' at once: the schools add up to the trust, and each
    school's cohort table, and the trust's, is the school report's
    (:func:`attcli.suppress.cohort_cells`), every cell of the trust's the schools' cells
    added up.  So a group a school's own report hides is hidden here too, and nothing
    hidden comes out of the trust's or a school's totals by subtraction."""
    # in the table's order: of two groups as small, the first is hidden
    summaries = sorted(summaries, key=lambda x: x.name.casefold())
    pupils: dict[Any, int] = {TRUST: sum(s.totals.pupils for s in summaries)}
    pupils.update({s.name: s.totals.pupils for s in summaries})
    groups = [partition(TRUST, [s.name for s in summaries])]
    pairs = []
    table = _cohort_table(summaries)
    for s in summaries:
        p, g, pr = cohort_cells(s.name, s.name, table[s.name])
        pupils.update(p)
        groups += g
        pairs += pr
    trust_rows = [
        CohortRow(attribute, label, *(sum(x) for x in zip(*cells, strict=True)))
        for (attribute, label), cells in _trust_cells(table).items()
    ]
    p, g, pr = cohort_cells(TRUST, TRUST, trust_rows)
    pupils.update(p)
    groups += g
    pairs += pr
    # each of the trust's cells is its schools' added up
    groups += [partition(cell, [(s.name, *cell[1:]) for s in summaries]) for cell in p]
    return suppress(pupils, groups, mc, pairs=pairs)


def _cohorts(
    summaries: Sequence[Summary], mc: int, hide: dict[Any, str] | None = None
) -> list[dict[str, Any]]:
    """Each cohort's attendance against the rest of its school, per school and for the
    trust, with what :func:`_hidden` hides (``hide``; worked out when not given)."""
    if hide is None:
        hide = _hidden(summaries, mc)
    out: list[dict[str, Any]] = []
    table = _cohort_table(summaries)
    # the cells that have a row: each school's, and the trust's where every school has it
    pupils_of = {k for s in summaries for k in cohort_cells(s.name, s.name, table[s.name])[0]}
    pupils_of |= {(TRUST, "cohort", *c) for c in _trust_cells(table)}
    ordered = sorted(summaries, key=lambda x: x.name.casefold())
    labels = list(dict.fromkeys((r.attribute, r.cohort) for rows in table.values() for r in rows))
    for attribute, label in labels:
        found = [(s, c) for s in ordered if (c := _cohort_counts(s, attribute, label))]
        trust = (_sum([c[0] for _, c in found]), _sum([c[1] for _, c in found]), 0)
        for key, (mem, rest, _), whole in (
            *((s.name, c, "school") for s, c in found), (TRUST, trust, "trust")
        ):
            m_key, r_key = (key, "cohort", attribute, label), (key, "rest", attribute, label)
            shown = m_key in pupils_of and m_key not in hide and r_key not in hide
            m, r = _rate(mem.attended, mem.possible), _rate(rest.attended, rest.possible)
            if m_key not in pupils_of:  # the trust's, where a school does not record it
                have = {x.name for x, _ in found}
                why = "not every school's summary records it (" + ", ".join(
                    s.name for s in ordered if s.name not in have) + ")"  # fmt: skip
            else:
                # (a cohort of 57 beside 2 in the rest of the trust read "fewer than 5")
                why = pair_note(hide.get(m_key), hide.get(r_key), mc, whole)
            out.append(
                {
                    "cohort": label,
                    "school": "Trust" if key == TRUST else key,
                    "pupils": mem.pupils if shown else None,
                    "members": m if shown else None,
                    "rest": r if shown else None,
                    "gap": (m - r) if shown and m is not None and r is not None else None,
                    "note": None if shown else why,
                }
            )
    return out


# --------------------------------------------------------------------------- rendering


def _p(value: Fraction | None, lines: Sequence[Fraction] = ()) -> str:
    return "–" if value is None else percent.value_text(value, lines, unit=" %")


def _published(value: Fraction | None) -> str:
    """A national figure as published (attcli.national keeps at most two places)."""
    return "–" if value is None else percent.float_text(float(value), " %")


def _tenths(value: Fraction) -> int:
    """A change in points as whole tenths, its size rounded half up (1.25 -> 13, -1.25 ->
    13): the page's and the workbook's one rounding (:func:`_pp`, :func:`_xl_pp`)."""
    return int((abs(value) * 10 + Fraction(1, 2)) // 1)


def _pp(value: Fraction | None) -> str:
    """A change in points to one place, half up (the report's way): "+0.3 pp", "±0.0 pp"."""
    if value is None:
        return "–"
    tenths = _tenths(value)
    sign = "±" if tenths == 0 else ("+" if value > 0 else "−")
    return f"{sign}{tenths // 10}.{tenths % 10} pp"


def _national_note(
    nat: National, period: tuple[dt.date, dt.date], aged: bool = False
) -> str | None:
    """The national figures' period beside the schools', and whose pupils each counts (the
    DfE's census figures: pupils aged 5 to 15; a school's summary: every pupil on roll;
    ``aged``: the trust's row of Years 1 to 11, which counts those, :func:`_years_1_to_11`)."""
    from attcli.calendar import academic_year_start
    from attcli.datetext import long_date
    from attcli.report.build import period_note

    parts = [period_note(nat, period[0], period[1], long_date, "the schools'")]
    if nat.ages:
        year = academic_year_start(period[1]).year
        parts.append(
            f"The DfE's figures count pupils aged {nat.ages} on 31 August {year} (Years 1 to "
            "11); the schools' count every pupil on roll, Reception and sixth form too"
            + (
                f"; the {AGED_ROW} row counts those year groups only, to compare with them "
                "(by year group: a school's own report counts by date of birth)"
                if aged
                else ""
            )
        )
    return ". ".join(p for p in parts if p) or None


def trust_context(report: TrustReport) -> dict[str, Any]:
    from attcli.datetext import long_date
    from attcli.report.build import national_name

    # the national lines and the default bands' (green from 92 %): a trust's schools may
    # each have their own bands, but a figure is never shown on or across these (it
    # showed 92.045 % as "92.0 %", where the school's own report says 92.05 %)
    lines = percent.attendance_lines(b.threshold for b in DEFAULT_BANDS)
    nat = report.national

    def row(s: SchoolFigures) -> dict[str, Any]:
        c = s.counts
        if s.hidden:
            return {"name": s.name, "urn": s.urn, "hidden": True,
                    "note": s.note or f"fewer than {report.min_cohort} pupils"}  # fmt: skip
        return {
            "name": s.name,
            "urn": s.urn,
            "hidden": False,
            "as_of": f"{s.as_of:%d/%m/%Y}" if s.as_of else "",
            "pupils": f"{c.pupils:,}",
            "attendance": _p(s.attendance, lines),
            "sessions": f"{c.attended:,} of {c.possible:,}",
            "pa": _p(s.pa_rate),
            "pa_n": s.withheld or f"{c.pa:,} of {c.banded:,}",
            "sa": _p(s.sa_rate),
            "sa_n": s.withheld or f"{c.sa:,} of {c.banded:,}",
            "unauthorised": _p(s.unauthorised_rate),
            "change": _pp(s.change),
            "change_n": s.change_withheld,
        }

    return {
        "title": report.title,
        "period": " to ".join(long_date(d) for d in report.period),
        "schools": [row(s) for s in report.schools],
        "total": row(report.total),
        "aged": row(report.aged) if report.aged is not None else None,
        "national": {
            # as published (14.56 %, as a school's report shows it), not to one place
            "attendance": _published(nat.attendance_pct) if nat else "–",
            "pa": _published(nat.pa_rate) if nat else "–",
            "sa": _published(nat.sa_rate) if nat else "–",
            "source": nat.source if nat else "",
            "label": national_name(nat),
            "note": _national_note(nat, report.period, report.aged is not None),
        } if nat else None,
        "min_cohort": report.min_cohort,
        "weeks": [f"{w:%d/%m}" for w in report.weeks],
        "weekly": [
            {"name": "Trust" if n == TRUST else n, "values": [_p(v, lines) for v in vals]}
            for n, vals in report.weekly.items()
        ],
        "weekdays": [{"name": n, "values": [_p(v, lines) for v in vals]}
                     for n, vals in report.weekdays.items()],  # fmt: skip
        "weekly_notes": report.weekly_notes,
        "weekday_names": WEEKDAYS,
        "cohorts": [
            {**c, "members": _p(c["members"], lines), "rest": _p(c["rest"], lines),
             "gap": _pp(c["gap"]), "pupils": "" if c["pupils"] is None else f"{c['pupils']:,}"}
            for c in report.cohorts
        ],  # fmt: skip
        "movers": [{"name": s.name, "change": _pp(s.change)} for s in report.movers],
        "notes": report.notes,
        "per_school": PER_SCHOOL,
        "no_cohort": NO_COHORT,
    }


def _trust_chart(report: TrustReport) -> str:
    """The page's weekly chart, a line a school and the trust's (the workbook has its own
    table, and draws none)."""
    from attcli.report.charts import lines_chart, week_label

    nat = report.national
    return lines_chart(
        [week_label(w) for w in report.weeks],
        [(name, [float(v) if v is not None else None for v in vals])
         for name, vals in report.weekly.items() if name != TRUST and any(v is not None for v in vals)]
        + [("Trust", [float(v) if v is not None else None for v in report.weekly[TRUST]])],
        float(nat.attendance_pct) if nat and nat.attendance_pct is not None else None,
    )  # fmt: skip


@functools.cache
def _trust_template() -> Template:
    """The trust's page template, compiled once a process (as the school's report's)."""
    from jinja2 import Environment

    from attcli.output import CSP_META, coded_html, html_text

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, finalize=html_text)
    env.filters["coded"] = coded_html  # a command a note quotes: code, not backticks
    return env.from_string(_TEMPLATE.replace("@CSP@", CSP_META))


def render_trust_html(report: TrustReport) -> str:
    return _trust_template().render(**trust_context(report), chart=_trust_chart(report))


#: a change in points in the workbook: "+3.5 pp", "−4.0 pp", "±0.0 pp", as the page shows it
PP_FORMAT = '"+"0.0" pp";"−"0.0" pp";"±"0.0" pp"'
COUNT_FORMAT = "#,##0"


def _xl_pct(value: Fraction | None, lines: Sequence[Fraction] = ()) -> tuple[float | None, str]:
    """A percentage for the workbook: the shown figure (:func:`attcli.percent.shown`) as a
    fraction of 1, with a percent format of its decimals (91.96 % is 0.9196, "0.00%")."""
    if value is None:
        return None, "General"
    shown = percent.shown(value, lines)
    return float(shown / 100), percent.excel_format(float(shown), percent=True)


def _xl_published(value: Fraction | None) -> tuple[float | None, str]:
    """A national figure for the workbook, as published (14.56 % is 0.1456, "0.00%")."""
    if value is None:
        return None, "General"
    return float(value / 100), percent.excel_format(float(value), percent=True)


def _xl_pp(value: Fraction | None) -> tuple[float | None, str]:
    """A change in points for the workbook, to one place half up as :func:`_pp` shows it."""
    if value is None:
        return None, "General"
    tenths = _tenths(value)
    return (tenths if value > 0 else -tenths) / 10, PP_FORMAT


def _xl_count(n: int | None) -> tuple[int | None, str]:
    return n, COUNT_FORMAT if n is not None else "General"


def _append(ws: Any, cells: Sequence[Any]) -> None:
    """One row: a cell is a value, or (value, number format).  Text goes through
    :func:`attcli.output.safe_cell` (the formula guard); numbers and dates are safe."""
    from attcli.output import safe_cell

    ws.append([safe_cell(c[0] if isinstance(c, tuple) else c) for c in cells])
    for j, c in enumerate(cells, 1):
        if isinstance(c, tuple) and c[0] is not None:
            ws.cell(ws.max_row, j).number_format = c[1]


def _finish(ws: Any) -> None:
    """A sheet as every attcli workbook has it: a bold header row kept in view, each column
    as wide as its header or longest text (:func:`attcli.output.column_widths`): at Excel's
    default width a school's name was cut at its URN ("Oakfield" for Oakfield Academy);
    printed as the others (:func:`attcli.output.print_setup`), a sheet too wide for a page
    with the school's name at each page's left."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from attcli.output import column_widths, print_setup

    rows = [[c.value for c in row] for row in ws.iter_rows()]
    widths = column_widths([str(h or "") for h in rows[0]], rows[1:])
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    print_setup(ws, 1, widths, "A:A")
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"


def write_trust_xlsx(report: TrustReport, out: IO[bytes]) -> None:
    """The trust's workbook: figures are numbers with number formats (percentages as the
    page shows them, counts as whole numbers, changes as signed points); every text cell
    goes through :func:`attcli.output.safe_cell`: the names, URNs, notes and cohorts come
    from the schools' summaries, files another school made (a URN of ``=1+1`` was a live
    formula)."""
    from openpyxl import Workbook

    from attcli.output import note_cell

    ctx = trust_context(report)
    lines = percent.attendance_lines(b.threshold for b in DEFAULT_BANDS)
    wb = Workbook()
    ws = wb.active
    ws.title = "Schools"
    _append(ws, ["School", "URN", "As of", "Pupils", "Attendance", "Sessions attended",
                 "Possible sessions", "Persistent absence", "Persistently absent",
                 "Severe absence", "Severely absent", "Pupils with a band", "Unauthorised",
                 "Change since last half term", "Note"])  # fmt: skip
    aged = [report.aged] if report.aged is not None else []
    for s in [*report.schools, report.total, *aged]:
        is_trust = s is report.total or s is report.aged
        urn = None if is_trust else s.urn
        if s.hidden:
            _append(ws, [s.name, urn, *[None] * 12, s.note or f"fewer than {report.min_cohort} pupils"])
            continue
        c = s.counts
        banded = [None] * 5 if s.withheld else [
            _xl_pct(s.pa_rate), _xl_count(c.pa), _xl_pct(s.sa_rate), _xl_count(c.sa),
            _xl_count(c.banded)]  # fmt: skip
        _append(ws, [
            s.name, urn, (s.as_of, "DD/MM/YYYY"),
            _xl_count(c.pupils), _xl_pct(s.attendance, lines), _xl_count(c.attended),
            _xl_count(c.possible), *banded, _xl_pct(s.unauthorised_rate), _xl_pp(s.change),
            "; ".join(n for n in (s.withheld, s.change_withheld) if n) or None,
        ])  # fmt: skip
    nat = ctx["national"]
    if nat is not None:  # the page's National row, its rates as published (sweep blind7)
        n = report.national
        _append(ws, [nat["label"], None, None, None, _xl_published(n.attendance_pct), None,
                     None, _xl_published(n.pa_rate), None, _xl_published(n.sa_rate), None,
                     None, None, None, None])  # fmt: skip
    _finish(ws)
    ws = wb.create_sheet("Weekly")
    # each week a date cell, as every date of the workbooks ("07/09" was text: sweep looks8)
    _append(ws, ["School", *((w, "DD/MM/YYYY") for w in report.weeks)])
    for name, vals in report.weekly.items():
        _append(ws, ["Trust" if name == TRUST else name, *(_xl_pct(v, lines) for v in vals)])
    for n in report.weekly_notes:
        _append(ws, [note_cell(n)])
    _finish(ws)
    ws = wb.create_sheet("Cohorts")
    _append(ws, ["Cohort", "School", "Pupils", "Cohort attendance", "Rest of school", "Gap", "Note"])
    for r in report.cohorts:
        _append(ws, [r["cohort"], r["school"], _xl_count(r["pupils"]),
                     _xl_pct(r["members"], lines), _xl_pct(r["rest"], lines), _xl_pp(r["gap"]),
                     r["note"]])  # fmt: skip
    if not report.cohorts:
        _append(ws, [NO_COHORT])
    _finish(ws)
    ws = wb.create_sheet("Weekdays")
    _append(ws, ["School", *WEEKDAYS])
    for name, vals in report.weekdays.items():
        _append(ws, [name, *(_xl_pct(v, lines) for v in vals)])
    _finish(ws)
    ws = wb.create_sheet("Notes")
    _append(ws, [f"Period: {ctx['period']}"])
    _append(ws, [PER_SCHOOL])
    for n in ctx["notes"] or ["(none)"]:
        _append(ws, [note_cell(n)])
    if nat is not None:
        for n in (f"National figures: {nat['source']}", nat["note"]):
            if n:
                _append(ws, [note_cell(n)])
    wb.save(out)


_TEMPLATE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
@CSP@
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: "Segoe UI", "Noto Sans", Arial, sans-serif; color: #1b1b1b; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { color: #1f4e79; margin-bottom: 4px; } h2 { color: #1f4e79; border-bottom: 2px solid #1f4e79; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #ccc; text-align: left; }
td.n, th.n { text-align: right; white-space: nowrap; } tr.total td, tr.total th { font-weight: bold; border-top: 2px solid #1b1b1b; }
tbody th { font-weight: normal; min-width: 12em; }  /* a school's long name: a few lines, never a word a line */
/* read by a screen reader, not shown: a table's caption (the heading above says what it is),
   what a column header's figure is of */
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
      overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.note { color: #555; font-style: italic; } .source { color: #555; font-size: 13px; }
/* a table wider than a phone scrolls in its own box, not the page (sweep looks7); on paper
   it is drawn whole */
.wide { overflow-x: auto; position: relative; } @media print { .wide { overflow-x: visible; } }
.period { font-size: 18px; margin-top: 0; }
</style></head>
<body><main>
<h1>{{ title }}</h1>
<p class="period">{{ period }}</p>
<p class="source">Every trust figure is the schools' counts added up, then divided once. Groups of fewer than {{ min_cohort }} pupils are shown without figures, and so is one more group wherever a hidden one could otherwise be worked out from a total. Made from the schools' summaries (counts only): no pupil is named. {{ per_school }}</p>

<section id="schools">
<h2>Schools</h2>
<div class="wide"><table>
<caption class="vh">Each school and the trust: pupils, attendance, persistent and severe absence</caption>
<thead><tr><th scope="col">School</th><th scope="col" class="n">Pupils</th><th scope="col" class="n">Attendance</th><th scope="col" class="n">Persistent absence</th><th scope="col" class="n">Severe absence</th><th scope="col" class="n">Unauthorised</th><th scope="col" class="n">Since last half term</th><th scope="col">As of</th></tr></thead>
<tbody>
{% for s in schools %}
{% if s.hidden %}<tr><th scope="row">{{ s.name }}</th><td colspan="7" class="note">{{ s.note }}</td></tr>
{% else %}<tr><th scope="row">{{ s.name }}</th><td class="n">{{ s.pupils }}</td><td class="n">{{ s.attendance }}<br><small>{{ s.sessions }}</small></td><td class="n">{{ s.pa }}<br><small>{{ s.pa_n }}</small></td><td class="n">{{ s.sa }}<br><small>{{ s.sa_n }}</small></td><td class="n">{{ s.unauthorised }}</td><td class="n">{{ s.change }}</td><td>{{ s.as_of }}</td></tr>
{% endif %}
{% endfor %}
{% if total.hidden %}<tr class="total"><th scope="row">Trust</th><td colspan="7" class="note">{{ total.note }}</td></tr>
{% else %}<tr class="total"><th scope="row">Trust</th><td class="n">{{ total.pupils }}</td><td class="n">{{ total.attendance }}<br><small>{{ total.sessions }}</small></td><td class="n">{{ total.pa }}<br><small>{{ total.pa_n }}</small></td><td class="n">{{ total.sa }}<br><small>{{ total.sa_n }}</small></td><td class="n">{{ total.unauthorised }}</td><td class="n">{{ total.change }}{% if total.change_n %}<br><small>{{ total.change_n }}</small>{% endif %}</td><td></td></tr>
{% endif %}
{% if aged %}{% if aged.hidden %}<tr><th scope="row">{{ aged.name }}</th><td colspan="7" class="note">{{ aged.note }}</td></tr>
{% else %}<tr><th scope="row">{{ aged.name }}</th><td class="n">{{ aged.pupils }}</td><td class="n">{{ aged.attendance }}<br><small>{{ aged.sessions }}</small></td><td class="n">{{ aged.pa }}<br><small>{{ aged.pa_n }}</small></td><td class="n">{{ aged.sa }}<br><small>{{ aged.sa_n }}</small></td><td class="n">{{ aged.unauthorised }}</td><td></td><td></td></tr>
{% endif %}{% endif %}
{% if national %}<tr><th scope="row">{{ national.label }}</th><td></td><td class="n">{{ national.attendance }}</td><td class="n">{{ national.pa }}</td><td class="n">{{ national.sa }}</td><td></td><td></td><td></td></tr>{% endif %}
</tbody></table></div>
{% if national %}<p class="source">National figures: {{ national.source }}.{% if national.note %} <strong>{{ national.note }}.</strong>{% endif %}</p>{% else %}<p class="source">No national figures.</p>{% endif %}
{% if movers %}<p>Moved most since last half term: {% for m in movers %}{{ m.name }} ({{ m.change }}){% if not loop.last %}, {% endif %}{% endfor %}.</p>{% endif %}
</section>

<section id="weekly">
<h2>Weekly attendance</h2>
{{ chart | safe }}
<div class="wide"><table>
<caption class="vh">Weekly attendance of each school and the trust</caption>
<thead><tr><th scope="col">School</th>{% for w in weeks %}<th scope="col" class="n">{{ w }}</th>{% endfor %}</tr></thead>
<tbody>{% for r in weekly %}<tr><th scope="row">{{ r.name }}</th>{% for v in r["values"] %}<td class="n">{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table></div>
{% for n in weekly_notes %}<p class="note">{{ n|coded }}</p>
{% endfor %}
</section>

<section id="cohorts">
<h2>Cohorts against the rest of their school</h2>
{% if cohorts %}<div class="wide"><table>
<caption class="vh">Each cohort's attendance against the rest of its school</caption>
<thead><tr><th scope="col">Cohort</th><th scope="col">School</th><th scope="col" class="n">Pupils</th><th scope="col" class="n">Cohort<span class="vh">'s attendance</span></th><th scope="col" class="n">Rest of school<span class="vh">: attendance</span></th><th scope="col" class="n">Gap</th><th scope="col"><span class="vh">Note</span></th></tr></thead>
<tbody>{% for c in cohorts %}<tr><th scope="row">{{ c.cohort }}</th><th scope="row">{{ c.school }}</th><td class="n">{{ c.pupils }}</td><td class="n">{{ c.members }}</td><td class="n">{{ c.rest }}</td><td class="n">{{ c.gap }}</td><td class="note">{{ c.note or "" }}</td></tr>{% endfor %}</tbody>
</table></div>{% else %}<p class="note">{{ no_cohort|coded }}</p>{% endif %}
</section>

<section id="weekdays">
<h2>Days of the week</h2>
<div class="wide"><table>
<caption class="vh">Attendance on each weekday, by school</caption>
<thead><tr><th scope="col">School</th>{% for d in weekday_names %}<th scope="col" class="n">{{ d }}</th>{% endfor %}</tr></thead>
<tbody>{% for r in weekdays %}<tr><th scope="row">{{ r.name }}</th>{% for v in r["values"] %}<td class="n">{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table></div>
</section>

{% if notes %}<section id="notes"><h2>Notes</h2><ul>{% for n in notes %}<li>{{ n|coded }}</li>{% endfor %}</ul></section>{% endif %}
</main></body></html>
"""


def _old_n_text(n: int, days: int | None) -> str:
    """A school's ``n`` N codes not replaced in the school days it allows (``[thresholds]
    n_within_days``, from its summary: each school's own, DOMAIN.md 12); ``days`` None: a
    summary before version 3, which does not say them (never taken as the default 5)."""
    codes = f"{n} N code{'s' if n != 1 else ''}"
    if days is None:
        return f"{codes} older than the school days its policy allows to replace them"
    return f"{codes} {stale_words(days)}"
