"""The local authority's termly register check (DOMAIN.md 8).

One row per pupil of compulsory school age in the term (the regulations' return is of
such pupils; those a rule would list who are not are said and named, :func:`_of_age`)
who, in the term, fell to the threshold (default attendance
<= 90 %), had a run of continuous unexplained absence of ``cme.days`` school
days or more, or met the sickness threshold (15 days).  Headers, their order
and the threshold are the LA's and come from ``[register_check]`` in the config.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import polars as pl

from attcli import clock as _clock
from attcli.calendar import academic_year_start
from attcli.config import Config, HalfTerm, register_check_rule
from attcli.coverage import (
    LATEST_SPRING_START,
    LATEST_TERM_START,
    Coverage,
    refuse_after_data,
    year_half_terms,
)
from attcli.engine import (
    PUPIL_KEY,
    Ask,
    Evaluation,
    as_of_before_data,
    band_expr,
    prepare,
)
from attcli.errors import AttcliError
from attcli.looked_after import without_column
from attcli.names import name_order, pupil_name
from attcli.percent import (
    attendance_lines,
    float_text,
    of_one,
    pct_floats,
    places_of,
    threshold_text,
)
from attcli.register import year_order
from attcli.roll import Compact, compact

TERMS = ("autumn", "spring", "summer")

#: Field -> default header, in the default order.
DEFAULT_HEADERS: dict[str, str] = {
    "upn": "UPN",
    "surname": "Surname",
    "forename": "Forename",
    "dob": "Date of birth",
    "year_group": "Year group",
    "address": "Address",
    "term_pct": "Attendance % (term)",
    "ytd_pct": "Attendance % (year to date)",
    "possible": "Possible sessions (term)",
    "authorised": "Authorised absence sessions (term)",
    "unauthorised": "Unauthorised absence sessions (term)",
    "reasons": "Reasons",
    "band": "Band",
    # a pupil taken off roll (straight after a run of absence, often): the LA reads the
    # file alone and must see it (blank for a pupil on roll)
    "left_on": "Left the roll on",
    # school days off the roll strictly inside the listed run of continuous unauthorised
    # absence (deleted from the roll and put back, unseen: engine._off_roll_within), which
    # the LA matches with the deletion and readmission it was told of: their dates,
    # "21/09/2026-22/09/2026; 24/09/2026" (quality.off_roll_spans); blank for none (cme's
    # CSV header; sweeps rules3, leftovers16)
    "off_roll_days": "Days off the roll inside the run",
}

#: the column of :attr:`RegisterCheck.rows` naming the row's school (as text, "" for a
#: register of no school's), beside the LA's fields: never one of the file's
SCHOOL = "_school"
#: the header of the last column a file gets when a row of it is one of a child under two
#: UPNs (:attr:`RegisterCheck.row_notes`); none otherwise (sweep twoupn2)
NOTE_HEADER = "Note"

#: A pupil's first reason; the other two are the config's (``Config.run_reason``,
#: ``Config.sickness_reason``: ``continuous_unauthorised_10_days``, ``sickness_15_days``).
BELOW_THRESHOLD = "below_threshold"
#: said of a term without term dates that the data ends in (:attr:`RegisterCheck.end_known`)
UNKNOWN_END = "its end is not known: no term dates in the config"


@dataclass(frozen=True)
class RegisterCheckSettings:
    threshold: Fraction = Fraction(90)
    inclusive: bool = True  # listed when attendance <= threshold (False: < threshold)
    columns: tuple[str, ...] = tuple(DEFAULT_HEADERS)
    headers: Mapping[str, str] | None = None
    #: the CSV starts with a UTF-8 byte-order mark (Excel reads accents right); some LA
    #: portals refuse one
    bom: bool = True

    def header(self, field: str) -> str:
        return (self.headers or {}).get(field, DEFAULT_HEADERS[field])


def settings_from(config: Config) -> RegisterCheckSettings:
    from attcli.lafile import read_columns, section

    raw = section(config, "register_check", {"threshold", "inclusive", "columns", "headers", "bom"})
    threshold, inclusive = register_check_rule(raw, file=config.path)
    cols = read_columns(raw, "register_check", DEFAULT_HEADERS, config.path)
    return RegisterCheckSettings(threshold, inclusive, cols.columns, dict(cols.headers), cols.bom)


def threshold_notes(config: Config, settings: RegisterCheckSettings) -> list[str]:
    """A trust's school (:meth:`Config.for_school`) that gives no threshold of its own in
    ``[schools.KEY.register_check]`` is listed by the workspace's: said, not silent
    (DOMAIN.md 8: seed 004 lists every pupil at 93 % or less, the default is 90 %)."""
    key = config.school_key
    if not key or config.register_check_key != "register_check":
        return []
    pct = f"{threshold_text(settings.threshold)} %"
    rule = f"at {pct} or less" if settings.inclusive else f"below {pct}"
    return [
        f"{key} ({config.school.name}): the register check lists pupils {rule}, the "
        "workspace's threshold ([register_check], or the default when it gives none), not "
        f"one of {key}'s own: set [schools.{key}.register_check] threshold for the "
        "school's own (docs/trust.md)"
    ]


@dataclass
class RegisterCheck:
    term: str
    year: int
    start: dt.date
    end: dt.date
    as_of: dt.date
    settings: RegisterCheckSettings
    rows: pl.DataFrame  # the listed pupils, one row each, columns = DEFAULT_HEADERS keys
    config: Config
    #: what the exports cover of the term (the year-to-date figures' gaps, if worse)
    coverage: Coverage | None = None
    #: the term's data-quality list (:mod:`attcli.quality`): what the figures cannot settle
    problems: pl.DataFrame | None = None
    #: the exports hold the school year from its first school day: without it the rows'
    #: year-to-date % and band are blank (DOMAIN.md 2), and ``coverage`` is the year's
    year_covered: bool = True
    #: the legacy codes the figures count, and as what, in one line (None: none): the
    #: file says so, as the terminal does (DOMAIN.md 1)
    legacy: str | None = None
    #: pupils at or under the threshold in the term with fewer than
    #: ``[thresholds] min_possible_sessions`` possible sessions, not listed as below it:
    #: "Surname, Forename (UPN), 22 of 28" (:meth:`too_few_line`)
    too_few: tuple[str, ...] = ()
    #: notes on what the register holds at its end
    #: (:attr:`attcli.engine.Evaluation.data_notes`: a lunchtime export, most pupils' marks
    #: ending a day before a few): the figures and "left the roll on" rest on them
    data_notes: tuple[str, ...] = ()
    #: a line for each child under two UPNs over the sickness threshold across them but
    #: under it under each alone (:func:`attcli.joined.sickness_across_upns`): no row says
    #: "sickness"; said on the terminal and in the workbook's Data row
    sick_joined: tuple[str, ...] = ()
    #: a line for each run of unexplained absence of a child under two UPNs, joined across
    #: them (:func:`attcli.joined.joined_runs`), that reaches ``[cme] days`` and reaches
    #: into the term: each UPN's own run is shorter, so no row's reasons say it; said on the
    #: terminal and in the workbook's Data row, as the LA return does
    runs_joined: tuple[str, ...] = ()
    #: a line for each child under two UPNs two of whose UPNs are rows of the file
    #: (:func:`attcli.joined.rows_of_one_child`): the LA reads two pupils, one "left the
    #: roll"; said on the terminal and in the workbook's Data row (sweep twoupn)
    rows_joined: tuple[str, ...] = ()
    #: (school as text, UPN) -> the note of each row of such a child
    #: (:attr:`attcli.joined.OneChildRows.notes`): the CSV has no Data row, so its rows
    #: say it, in a last column (:data:`NOTE_HEADER`) only when some row has one (sweep
    #: twoupn2)
    row_notes: Mapping[tuple[str, str], str] = field(default_factory=dict)
    #: runs of unexplained absence reaching into the term that begin on the exports' first
    #: school day and may have begun before it, in one line (None: none;
    #: :func:`attcli.runs.before_exports_line`): a run read as 8 days may be 10 or more
    before_exports: str | None = None
    #: the part-time pupils ``cme`` lists apart from its runs, not in this file, in one
    #: line (None: none; :func:`attcli.runs.part_time_not_in`, sweep parttime2)
    part_time: str | None = None
    #: runs short of a threshold that school days with no mark for the pupil in or next to
    #: them may take to it, in one line (None: none; :func:`attcli.runs.unmarked_within_line`):
    #: no row's reasons say them
    unmarked_within: str | None = None
    #: the term's last day is known: the config's term dates, or a register that runs past
    #: it (its holiday seen); False: the term is the data's own and ends with it, which is
    #: not the term's end, never told to the LA as if it were
    end_known: bool = True
    #: the one half term of the term the config's term dates give ("Autumn 1"), the term
    #: taken to end with it (a term has two, DOMAIN.md 10); "" when they give both
    one_half_term: str = ""
    #: a note for each pupil a listing rule would list who is known by the date of birth
    #: not to be of compulsory school age on any day of the term's figures: the return is of
    #: pupils of that age (the 2006/2024 pupil registration regulations), so not listed,
    #: but said (:meth:`not_of_age_line`) and named, never dropped unsaid
    not_of_age: tuple[str, ...] = ()
    #: the listed pupils with no date of birth, "Surname, Forename (UPN)": listed, their
    #: age not known (:meth:`no_dob_line`)
    no_dob: tuple[str, ...] = ()
    #: (school as text, UPN) -> the register's Looked After column as of ``as_of`` (Y True,
    #: N False; empty where the load did not read it:
    #: :meth:`attcli.engine.Prepared.looked_after_marks`): the listed looked-after pupils
    #: are named by the one rule, their social worker to be told (sweep lacla)
    looked_after: Mapping[tuple[str, str], bool] = field(default_factory=dict)

    def term_text(self) -> str:
        """"Autumn term 2026/27 (07/09/2026 to 18/12/2026)", or, when the term's end is not
        known, "(from 07/09/2026; its end is not known: no term dates in the config)"."""
        head = f"{self.term.capitalize()} term {year_text(self.year)}"
        if self.end_known and self.one_half_term:
            return (
                f"{head} ({self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}; the term dates give "
                f"{self.one_half_term} of it only)"
            )
        if self.end_known:
            return f"{head} ({self.start:%d/%m/%Y} to {self.end:%d/%m/%Y})"
        return f"{head} (from {self.start:%d/%m/%Y}; {UNKNOWN_END})"

    def too_few_line(self) -> str | None:
        """The pupils the threshold would list but for too few possible sessions, named in
        one line (None: none): not listed is not "above the threshold", unsaid."""
        if not self.too_few:
            return None
        n = len(self.too_few)
        pct = f"{threshold_text(self.settings.threshold)} %"
        rule = f"at or below {pct}" if self.settings.inclusive else f"below {pct}"
        shown = "; ".join(self.too_few[:10]) + ("; ..." if n > 10 else "")
        cfg = self.config
        table = (  # a trust's school's own, else the workspace's
            f"schools.{cfg.school_key}.thresholds"
            if "min_possible_sessions" in cfg.policy_own
            else "thresholds"
        )
        return (
            f"{n} pupil{'s' if n != 1 else ''} {rule} in the term "
            f"{'are' if n != 1 else 'is'} not listed: fewer than "
            f"{self.config.min_possible_sessions} possible sessions ([{table}] "
            f"min_possible_sessions), too few to judge: {shown}"
        )

    def not_of_age_line(self) -> str | None:
        """How many pupils a listing rule would list are left out as not of compulsory
        school age, in one line (None: none); :attr:`not_of_age` names them."""
        n = len(self.not_of_age)
        if not n:
            return None
        return (
            f"{n} pupil{'s' if n != 1 else ''} who meet{'s' if n == 1 else ''} a listing rule "
            f"{'is' if n == 1 else 'are'} not listed: not of compulsory school age on any day "
            f"of the term to {self.as_of:%d/%m/%Y} (the return is of pupils of compulsory "
            "school age); each is named in a note"
        )

    def no_dob_line(self) -> str | None:
        """The listed pupils with no date of birth, in one line (None: none)."""
        n = len(self.no_dob)
        if not n:
            return None
        return (
            f"{n} listed pupil{'s have' if n != 1 else ' has'} no date of birth: listed, as "
            "compulsory school age cannot be told without it (check it in the MIS): "
            + "; ".join(self.no_dob[:10])
            + ("; ... (the file's blank dates of birth)" if n > 10 else "")
        )

    def coverage_line(self) -> str | None:
        if self.coverage is None:
            return None
        if self.year_covered:
            return self.coverage.line()
        # register-check has no --from: the coverage's usual advice would offer it.  What
        # fills the year: the exports from its start, when they start late; the register
        # of a gap inside them, named (the year's exports were given: review9)
        cover = self.coverage
        give = f"{cover.to_give()}{',' if cover.inside_named() else ''}"
        return cover.line(
            "The term's figures are whole and decide who is listed; the year-to-date % and "
            "the band are left blank, and illness over the year "
            f"({self.config.sickness_reason.replace('_', ' ')}) "
            f"and runs begun before the term count only what the exports hold: give {give} "
            "to fill them"
        )

    def problems_line(self, advice: bool = True) -> str | None:
        """The register's problems in the term, counted, in one line (None: none);
        ``advice=False``: without what to do before sending, for the LA's file
        (:func:`attcli.quality.problems_line`)."""
        if self.problems is None:
            return None
        from attcli.quality import COUNTED, problems_line

        return problems_line(
            self.problems, "in the term", COUNTED, n_days=self.config.n_within_days,
            advice=advice,
        )  # fmt: skip


def term_dates(
    ev_calendar_half_terms: tuple[HalfTerm, ...], term: str, year: int, configured: str = ""
) -> tuple[dt.date, dt.date]:
    """First and last day of ``term`` of academic year ``year``/``year+1`` from the half terms
    (of one calendar, or of several schools' together: the earliest start, the latest end).
    ``configured``: the half terms are the config's, and this their key (a missing term
    is added there: ``calendar.half_terms``, or a trust school's own,
    :attr:`Config.half_terms_key`); "": inferred from the data (its register is exported)."""
    if term not in TERMS:
        raise AttcliError(f"--term {term!r}: choose autumn, spring or summer")
    lo, hi = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
    hts = [h for h in ev_calendar_half_terms if lo <= h.start <= hi and h.term == term]
    if not hts:
        held = {h.term for h in ev_calendar_half_terms if lo <= h.start <= hi}
        have = [t for t in TERMS if t in held]
        valid = (
            f"they hold the {' and '.join(have)} term{'s' if len(have) > 1 else ''} of it: give "
            f"--term {' or --term '.join(have)}"
            if have
            else "they hold no term of it"
        )
        raise AttcliError(
            f"no {term} term {year_text(year)} in the data or the config's term dates "
            f"({valid}, or "
            + (f"add its half terms to [[{configured}]])" if configured else f"export the {term} "
               "term's register with the others)")
        )
    return min(h.start for h in hts), max(h.end for h in hts)


#: what register-check does where a cell of the register's looked-after column is no
#: yes/no value: said after the error (:func:`attcli.loaders.obtain_looked_after`)
WITHOUT_LOOKED_AFTER = without_column("The file was made")


def register_check(
    register: pl.DataFrame | Compact,
    config: Config,
    *,
    term: str,
    year: int | None = None,
    settings: RegisterCheckSettings | None = None,
    addresses: Mapping[str, str] | None = None,
    as_of: dt.date | None = None,
    roll_dates: pl.DataFrame | None = None,
) -> RegisterCheck:
    """The pupils the school reports to its LA for ``term`` (figures for the term and the year).

    The figures run to the end of the term, or to the last date in the data or ``as_of``
    when earlier; ``year`` defaults to the academic year of ``as_of`` (else of the data's
    last date).  ``register``: the
    canonical register or its compact form (:meth:`attcli.loaders.LoadResult.take_compact`);
    ``roll_dates``: when each pupil joined and left, from a pupil list (DOMAIN.md 1: they
    decide the time on roll, as in ``check``).
    """
    settings = settings or RegisterCheckSettings()
    roll = register if isinstance(register, Compact) else compact(register)
    marks = roll.marks  # every row of the register, keyed by integers
    last = data_last = marks.get_column("date").max()
    assert isinstance(last, dt.date) and isinstance(data_last, dt.date)
    given = as_of
    if as_of is not None:
        first = marks.get_column("date").min()
        assert isinstance(first, dt.date)
        if as_of < first:
            raise AttcliError(as_of_before_data(as_of, first))
        last = min(last, as_of)
    if year is None:
        # the school year of the date asked for (--as-of), not of the data's end: last
        # year's export alone as of a day of this year is this year's term, which the data
        # does not reach (refused below), never last year's without a word
        asked = given if given is not None else last
        year = academic_year_start(asked).year
    else:  # a --year the exports do not reach: named, not left to the term dates' error
        _refuse_year_not_in_data(year, marks)
    if term not in TERMS:  # before the (slow) preparation
        raise AttcliError(f"--term {term!r}: choose autumn, spring or summer")
    if config.half_terms:  # last year's term dates: the key and the years named
        year_half_terms(config, dt.date(year, 9, 1), f"the school year of the {term} term asked for")
    prepared = prepare(roll, config, roll_dates=roll_dates)
    # the term as the figures see it: the evaluation's calendars, which leave out stray
    # days (a row on a holiday is not a school day, DOMAIN.md 1); each school's, together
    start, end = term_dates(
        tuple(h for s in prepared.schools for h in prepared.calendars[s].half_terms), term, year,
        configured=config.half_terms_key if config.half_terms else "",
    )
    # term dates that give one of the term's two half terms (DOMAIN.md 10): the term is
    # taken to end with it, said, never told to the LA as the whole term unsaid
    halves = [
        h for h in config.half_terms
        if h.term == term and academic_year_start(h.start).year == year
    ]  # fmt: skip
    one = halves[0] if len(halves) == 1 else None
    one_note = (
        [
            f"the term dates give one half term of the {term} term {year_text(year)} "
            f"({one.name}, to {one.end:%d/%m/%Y}), and a term has two: the term is taken to "
            f"end on {one.end:%d/%m/%Y}; add its other half term to [[{config.half_terms_key}]]"
        ]
        if one is not None
        else []
    )
    if start > last and last < data_last:  # (the as-of date given, not the data's end)
        raise AttcliError(
            f"--as-of {last:%d/%m/%Y} is before the {term} term starts ({start:%d/%m/%Y}): "
            "give a date in the term, or leave --as-of out for the figures to the data's "
            f"last date ({data_last:%d/%m/%Y})"
        )
    if start > last:
        raise AttcliError(
            f"the data ends {last:%d/%m/%Y}, before the {term} term starts ({start:%d/%m/%Y})"
        )
    as_of = min(end, last)
    # figures, flags and runs only: the return lists no evidence (no sessions, no data
    # quality), and its rows are sorted below; the year's and the term's in one evaluation
    # (issue 15: two full evaluations cost twice)
    ytd, term_ev = prepared.evaluate_many(
        Ask(as_of, flags_only=True), Ask(as_of, start, flags_only=True)
    )
    assert term_ev.coverage is not None and ytd.coverage is not None
    # no term dates: the autumn or spring term is the data's own, from the exports' first
    # day of it; but the autumn term began by 8 September, with the school year, and the
    # spring term by 8 January, and exports starting later miss its first days (the year's
    # coverage names them): "whole" it is not, as a term the term dates show the exports
    # start after is refused below.  (The summer term starts after Easter, which moves:
    # no such date.)
    first_of_year = dt.date(year, 9, 1)
    latest, give = {
        "autumn": (dt.date(year, 9, LATEST_TERM_START), f"from {first_of_year:%d/%m/%Y}"),
        "spring": (
            dt.date(year + 1, 1, LATEST_SPRING_START),
            f"from the spring term's first day (or from {first_of_year:%d/%m/%Y}, for the "
            "year to date too)",
        ),
    }.get(term, (None, ""))
    # (a spring term after a register that holds the days before it, with none of them
    # school days, is the data's: DOMAIN.md 10; only one the exports begin with is not)
    begins = term == "autumn" or marks.get_column("date").min() >= start
    if latest is not None and not config.half_terms and start > latest and begins:
        after = " after Christmas" if term == "spring" else ""
        raise AttcliError(
            ytd.coverage.line(
                f"Without term dates the {term} term is taken to start by {latest:%d/%m/%Y} "
                f"(the latest an English school goes back{after}), and the register check "
                f"needs the whole term's register: give the exports {give}, or the school's "
                f"term dates in [[{config.half_terms_key}]]"
            )
            or f"the exports start {start:%d/%m/%Y}, after the {term} term did"
        )
    if not term_ev.coverage.covers_period:
        # a week (or days) of the term missing: the term's figures, its runs and illness
        # are the exports', not the school's; a file for the LA is not made of them (as
        # la-return refuses; the INCOMPLETE line was on the terminal only, not in the file)
        raise AttcliError(
            term_ev.coverage.line(
                "The register check needs the whole term's register up to its date: give "
                "those exports"
            )  # (not the line's own advice: it offers --from, which register-check lacks)
        )
    # the term's school days after the export, up to the term's end (or the as-of date
    # given) and before today: the file would be as of the export's last day, unsaid
    # (after the gaps inside: --as-of, offered here, does not mend those)
    refuse_after_data(
        config, data_last, end, f"the {term} term {year_text(year)}",
        today=_clock.today() if given is None else None, as_of=given,
    )  # fmt: skip
    # exports that start at the term (or miss days before it): the term's figures are
    # whole, the year's are not; the year-to-date % and the band are left blank, never the
    # term's labelled as the year (DOMAIN.md 2; a tester's spring CSV said "red" and 62.96 %
    # for the year from the spring alone, with no header block to warn the LA)
    year_covered = ytd.coverage.covers_period
    rows = _rows(term_ev, ytd, config, settings, addresses or {}, start, year_covered)
    rows, not_of_age, no_dob = _of_age(rows, start, as_of)
    # (not those the file lists for a run or illness: "not listed" would be untrue)
    listed = set(rows.get_column("upn").to_list())
    too_few = tuple(
        line for line, upn in _too_few(term_ev, config, settings, start, as_of)
        if upn not in listed
    )  # fmt: skip
    if not year_covered:
        cover = ytd.coverage
    else:
        cover = term_ev.coverage if not term_ev.coverage.complete else ytd.coverage
    # the figures are of flags only (no evidence): the term's problems are found alone,
    # never absorbed into the figures unsaid (DOMAIN.md 12)
    problems = prepared.data_quality(Ask(as_of, start))
    from attcli.joined import joined_runs, rows_of_one_child, sickness_across_upns
    from attcli.runs import before_exports_line, part_time_not_in, unmarked_within_line

    within = unmarked_within_line(ytd, since=start)
    one_child = rows_of_one_child(
        ytd, set(rows.select(SCHOOL, "upn").iter_rows()), "this file"
    )
    said_run = set(
        rows.filter(pl.col("reasons").str.split(";").list.contains(config.run_reason))
        .select(SCHOOL, "upn").iter_rows()
    )
    runs_joined = tuple(
        j.marked(
            config.cme_days, f"no row's reasons say {config.run_reason}",
            {u for sc, u in said_run if sc == (j.school or "")},
            f"no row's reasons say {config.run_reason} of the run as one (only of {{alone}} "
            "alone)",
        )  # fmt: skip
        for j in joined_runs(ytd, since=start)
        if j.reaches(config.cme_days)
    )

    return RegisterCheck(
        term, year, start, end, as_of, settings, rows, config, cover, problems, year_covered,
        legacy=prepared.legacy_line(as_of), too_few=too_few,
        data_notes=(*one_note, *ytd.data_notes),
        sick_joined=tuple(sickness_across_upns(ytd)), runs_joined=runs_joined,
        rows_joined=one_child.lines, row_notes=one_child.notes,
        before_exports=before_exports_line(ytd, since=start),
        part_time=part_time_not_in(ytd, config.cme_days, start, "this file"),
        unmarked_within=(
            f"{within}: no row's reasons say it; complete the register in the MIS, then "
            "make the file again" if within else None
        ),
        end_known=bool(config.half_terms) or end < data_last,
        one_half_term=one.name if one is not None else "",
        not_of_age=not_of_age, no_dob=no_dob, looked_after=prepared.looked_after_marks(as_of),
    )  # fmt: skip


def year_text(year: int) -> str:
    """The school year starting in ``year`` as people write it: ``2026/27``."""
    return f"{year}/{str(year + 1)[-2:]}"


def _refuse_year_not_in_data(year: int, marks: pl.DataFrame) -> None:
    """An :class:`AttcliError` naming ``--year`` when the exports hold no date of the school
    year ``year``/``year+1`` (``--year 26`` for 2026, or a year typed wrong): the config's
    term dates are not the fault, and it said only that they had no half term then."""
    first, last = marks.get_column("date").min(), marks.get_column("date").max()
    assert isinstance(first, dt.date) and isinstance(last, dt.date)
    years = list(range(academic_year_start(first).year, academic_year_start(last).year + 1))
    if year in years:
        return

    held = " and ".join(year_text(y) for y in years)
    # (2026/27, not 2026, which --term spring and summer refuse: sweep "help")
    give = " or ".join(f"--year {year_text(y)}" for y in years)
    raise AttcliError(
        f"--year {year_text(year)}: the exports hold no date of the school year "
        f"{year_text(year)} "
        f"(they run from {first:%d/%m/%Y} to {last:%d/%m/%Y}, of {held}): give {give}, "
        "or leave it out"
    )


def _may_be_of_age(born: dt.date | None, start: dt.date, as_of: dt.date) -> bool:
    """Whether a pupil born ``born`` is of compulsory school age on a day from ``start`` to
    ``as_of``, or may be (no date of birth)."""
    from attcli.calendar import compulsory_school_age_window

    if born is None:
        return True
    first, last = compulsory_school_age_window(born)
    return first <= as_of and start <= last


def _of_age(
    rows: pl.DataFrame, start: dt.date, as_of: dt.date
) -> tuple[pl.DataFrame, tuple[str, ...], tuple[str, ...]]:
    """The rows of pupils who may be of compulsory school age on a day of the term's
    figures (``start`` to ``as_of``), a note for each of the others, and the listed pupils
    with no date of birth.  The return is of registered pupils of compulsory school age
    (the 2006/2024 pupil registration regulations): a pupil of it on any day of the
    figures is of it in the term (a Year 11 in the summer term, to the last Friday in
    June; a Reception child from 31 March in a spring term running past it); one known not
    to be on any (a sixth-former, a child not yet of it) is left out, said and named; one
    with no date of birth is listed (nothing is assumed), said."""
    from attcli.calendar import compulsory_school_age_window

    keep = [_may_be_of_age(born, start, as_of) for born in rows.get_column("dob").to_list()]
    mask = pl.Series(keep, dtype=pl.Boolean)
    notes = []
    for r in rows.filter(~mask).iter_rows(named=True):
        born = r["dob"]
        first, last = compulsory_school_age_window(born)
        when = (
            f"of compulsory school age from {first:%d/%m/%Y}"
            if as_of < first
            else f"compulsory school age ended on {last:%d/%m/%Y}"
        )
        pct = "no possible session" if r["term_pct"] is None else float_text(r["term_pct"], " %", least=2)
        year = f"year {r['year_group']}, " if r["year_group"] else ""
        reasons = r["reasons"].replace(";", "; ").replace("_", " ")
        notes.append(
            "not in the register check, not of compulsory school age in the term: "
            f"{pupil_name(r['surname'], r['forename'])} ({r['upn']}), {year}born {born:%d/%m/%Y}: "
            f"{when}; {pct} in the term ({reasons})"
        )
    kept = rows.filter(mask)
    no_dob = tuple(
        f"{pupil_name(r['surname'], r['forename'])} ({r['upn']})"
        for r in kept.filter(pl.col("dob").is_null()).iter_rows(named=True)
    )
    return kept, tuple(notes), no_dob


def _below(settings: RegisterCheckSettings) -> pl.Expr:
    """The term's attendance at or under (``inclusive``) or under the threshold, on exact
    integers."""
    n, d = settings.threshold.numerator, settings.threshold.denominator
    lhs = pl.col("attended").cast(pl.Int64) * (100 * d)
    rhs = pl.col("possible").cast(pl.Int64) * n
    return lhs <= rhs if settings.inclusive else lhs < rhs


def _too_few(
    term_ev: Evaluation, config: Config, settings: RegisterCheckSettings, start: dt.date,
    as_of: dt.date,
) -> list[tuple[str, str]]:
    """The pupils :meth:`RegisterCheck.too_few_line` names, with their UPNs: those the
    threshold would list but for too few possible sessions (none known not to be of
    compulsory school age in the term: such a pupil would not be listed with any number,
    :func:`_of_age`)."""
    few = term_ev.pupils.filter(
        (pl.col("possible") > 0)
        & (pl.col("possible") < config.min_possible_sessions)
        & _below(settings)
    ).sort(name_order("surname"), name_order("forename"), "surname", "forename", "upn", nulls_last=True)
    return [
        (f"{pupil_name(r['surname'], r['forename'])} ({r['upn']}), {r['attended']} of {r['possible']}",
         r["upn"])
        for r in few.iter_rows(named=True)
        if _may_be_of_age(r["dob"], start, as_of)
    ]  # fmt: skip


def _rows(
    term_ev: Evaluation,
    ytd: Evaluation,
    config: Config,
    s: RegisterCheckSettings,
    addresses: Mapping[str, str],
    start: dt.date,
    year_covered: bool = True,
) -> pl.DataFrame:
    """The listed pupils.  Who is listed is decided by the term's figures (the threshold
    on the term's %, runs reaching into the term), and by illness over the year to date;
    ``year_covered`` False: the exports miss school days of the year before the term, so
    the year-to-date % and the band are blank (illness and runs count what they hold)."""
    from attcli.quality import off_roll_spans

    t = term_ev.pupils
    below = (pl.col("possible") >= config.min_possible_sessions) & _below(s)
    # runs of unexplained absence that reached cme.days and reach into the term (a run
    # that began before the term counts with its full length: it is one continuous absence)
    # (and the school days off the roll inside them: the reason names no run, so the
    # file says them in a column of its own, blank for none)
    long_runs = (
        term_ev.runs.filter(
            (pl.col("kind") == "unexplained")
            & (pl.col("end") >= start)
            & (pl.col("days") >= config.cme_days)
        )
        .group_by(*PUPIL_KEY)
        .agg(pl.col("off_roll_within").list.explode(keep_nulls=False, empty_as_null=False))
        .with_columns(pl.lit(True).alias("_run"))
    )
    # (the dates, not their count: the LA matches them with the deletions and readmissions
    # it was told of, each dated; consecutive school days one span; sweep leftovers16)
    school_days = term_ev.calendar.school_days
    long_runs = long_runs.with_columns(
        pl.Series(
            "off_roll_days",
            [off_roll_spans(d, school_days) for d in long_runs.get_column("off_roll_within")],
            pl.Utf8,
        )
    ).drop("off_roll_within")
    # illness counts over the school year (15 days, consecutively or cumulatively)
    sick = ytd.pupils.select(*PUPIL_KEY, pl.col("sickness_flag").alias("_sick"))
    t = (
        t.join(long_runs, on=PUPIL_KEY, how="left")
        .join(sick, on=PUPIL_KEY, how="left")
        .with_columns(pl.col("_run", "_sick").fill_null(False))
    )
    reasons = pl.concat_list(
        [
            pl.when(below).then(pl.lit(BELOW_THRESHOLD)),
            pl.when(pl.col("_run")).then(pl.lit(config.run_reason)),
            pl.when(pl.col("_sick")).then(pl.lit(config.sickness_reason)),
        ]
    ).list.drop_nulls()
    # the band is the year to date's (DOMAIN.md 3: a band is a rule on the year to date),
    # the one the weekly check and the letters give the pupil; none from a register that
    # does not cover the year from its first school day (DOMAIN.md 2)
    ytd_pct = ytd.pupils.select(
        *PUPIL_KEY,
        # the year's attended and possible, for its % (none: the year is not covered)
        (pl.col("attended") if year_covered else pl.lit(None, pl.Int64)).alias("_ytd_att"),
        (pl.col("possible") if year_covered else pl.lit(None, pl.Int64)).alias("_ytd_pos"),
        (
            band_expr(
                pl.col("attended"), pl.col("possible"), config.bands, config.min_possible_sessions
            )
            if year_covered
            else pl.lit(None, pl.Utf8)
        ).alias("_ytd_band"),
    )
    out = (
        t.with_columns(reasons.alias("_reasons"))
        .filter(pl.col("_reasons").list.len() > 0)
        .join(ytd_pct, on=PUPIL_KEY, how="left")
        .with_columns(
            pl.col("_ytd_band").alias("band"),
            pl.col("_reasons").list.join(";").alias("reasons"),
            pl.col("upn")
            .replace_strict(dict(addresses), default=None, return_dtype=pl.Utf8)
            .alias("address"),
        )
        .sort(year_order(), name_order("surname"), name_order("forename"), "surname", "forename", "upn", nulls_last=True)
    )
    # two decimals, more only where two would put a figure on a line it is not on (DOMAIN.md
    # 2: a rounded figure never changes a band): the bands', the threshold's, 90 and 50 %
    lines = attendance_lines((b.threshold for b in config.bands), (s.threshold,))
    return out.with_columns(
        pct_floats(out.get_column("attended"), out.get_column("possible"), lines).alias("term_pct"),
        pct_floats(out.get_column("_ytd_att"), out.get_column("_ytd_pos"), lines).alias("ytd_pct"),
    ).select(  # (and the school, as text, beside the LA's fields: which school's row, for its note)
        *DEFAULT_HEADERS, pl.col("school").cast(pl.Utf8).fill_null("").alias(SCHOOL)
    )


# ---------------------------------------------------------------------- writers


def _csv_value(field: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if field in ("term_pct", "ytd_pct"):
        return float_text(value, least=2)  # 83.50; 93.004 beside a line at 93 (pct_floats)
    return value


def _notes(rc: RegisterCheck) -> list[str] | None:
    """Each row's note, in the rows' order, when a row has one (a row of a child under two
    UPNs: :attr:`RegisterCheck.row_notes`); None when none has: the file is the LA's
    columns alone, as ever."""
    notes = [rc.row_notes.get(k, "") for k in rc.rows.select(SCHOOL, "upn").iter_rows()]
    return notes if any(notes) else None


def to_csv(rc: RegisterCheck) -> str:
    """The LA's columns, in their order; a last column, :data:`NOTE_HEADER`, only when a
    row has a note (:func:`_notes`)."""
    from attcli.output import rows_csv

    cols = rc.settings.columns
    rows = [[_csv_value(c, row[c]) for c in cols] for row in rc.rows.iter_rows(named=True)]
    notes = _notes(rc)
    if notes is None:
        return rows_csv([rc.settings.header(c) for c in cols], rows)
    return rows_csv(
        [*(rc.settings.header(c) for c in cols), NOTE_HEADER],
        [[*r, n] for r, n in zip(rows, notes, strict=True)],
    )


def to_xlsx(rc: RegisterCheck, stream: Any, *, produced: dt.date | None = None) -> None:
    """The register check as a workbook: a header block, then a row per pupil
    (:func:`attcli.lafile.write_xlsx`)."""
    from attcli.lafile import DATE_FORMAT, Formatted, Named, Warn, data_row, write_xlsx
    from attcli.output import id_columns, year_cell

    produced = produced or _clock.today()
    school = rc.config.school
    cols = rc.settings.columns
    coverage = rc.coverage_line()
    block: list[tuple[str, object]] = [
        ("School", Named(school.name)),
        ("URN", school.urn),
        ("DfE number", school.dfe_number),
        ("Term", rc.term_text()),
        ("Figures as of", rc.as_of),
        ("Date produced", produced),
        ("Number of pupils", rc.rows.height),
        data_row(
            [coverage, rc.problems_line(advice=False), rc.before_exports, rc.unmarked_within, rc.part_time,
             *rc.rows_joined,
             *rc.runs_joined,
             *rc.sick_joined],  # fmt: skip
            "the exports cover the term",
        ),
        *([("Codes", rc.legacy)] if rc.legacy else []),
        # the LA reads the file alone: a blank date of birth is explained in it (rcdob)
        *([("Date of birth", Warn(no_dob))] if (no_dob := rc.no_dob_line()) else []),
    ]
    # a % cell shows its own decimals (two, more beside a line): a column of the most any
    # cell has gave 87.70 a third decimal it has not, "87.700%" (sweep looks6)
    fmts = {"dob": DATE_FORMAT}
    notes = _notes(rc)  # (a last column, as the CSV's)
    rows = []
    for row in rc.rows.iter_rows(named=True):
        values: list[object] = []
        for c in cols:
            v = row[c]
            if c in ("term_pct", "ytd_pct") and v is not None:
                # the shown 91.43 as 0.9143, not 0.9143000000000001
                v = Formatted(of_one(v), "0." + "0" * places_of(v, 2) + "%")
            elif c == "year_group":
                v = year_cell(v)  # 7 a number, as the CSV's 7 is to Excel
            values.append(v)  # a blank is an empty cell, not empty text in a number column
        rows.append(values)
    write_xlsx(
        stream,
        sheet=f"{rc.term.capitalize()} {rc.start.year}",  # (the year the term is in)
        title="Termly register check for the local authority",
        block=block,
        headers=[rc.settings.header(c) for c in cols] + ([NOTE_HEADER] if notes else []),
        rows=[[*r, n] for r, n in zip(rows, notes, strict=True)] if notes else rows,
        formats={i: fmts[c] for i, c in enumerate(cols) if c in fmts},
        widths={len(cols): 80} if notes else None,
        keep=id_columns(cols),
    )
