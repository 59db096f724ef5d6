"""Children missing education: runs of continuous unexplained absence (DOMAIN.md 6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from attcli.calendar import academic_year_start, compulsory_school_age_window
from attcli.config import Config
from attcli.coverage import Coverage
from attcli.datetext import run_dates, run_head
from attcli.engine import PUPIL_KEY, Evaluation
from attcli.joined import (  # noqa: F401  (JoinedRun, joined_runs: cme's own, kept here too)
    JoinedRun,
    continued_as,
    joined_runs,
    unless_one_child,
)
from attcli.looked_after import without_column
from attcli.names import name_order, pupil_name
from attcli.percent import counted
from attcli.runs import (
    PART_TIME_RUN,
    PART_TIME_RUNS,
    before_exports_line,
    longest_run,
    part_time_listed,
    part_time_rule,
    reaches,
)

if TYPE_CHECKING:
    from attcli.loaders import LoadResult, PupilList

CME_FIELDS = [
    "upn", "surname", "forename", "year_group", "reg_group", "dob",
    "run_start", "run_end", "run_days", "codes", "current", "last_attended",
    "status", "left_on", "left_by", "unregistered_days", "unmarked_days", "last_marked",
    "not_possible_days", "not_possible_codes", "unmarked_within_days", "off_roll_days",
    "dual_within_days",
]  # fmt: skip


#: ``status`` of a run: still absent on the as-of date; left the roll straight after it
#: (check the deletion was lawful and the LA was told); not known, because the register
#: ends before the as-of date; ended (by an authorised or ``U`` session: the reason is
#: known) with no day attended since, up to the as-of date; or back, seen again since (a
#: day attended after it).
STATUSES = ("absent", "left", "data_ends", "ended", "back")


def cme_runs(ev: Evaluation, days: int) -> pl.DataFrame:
    """Every run of unexplained absence in the period that reached ``days`` school days.

    Current runs (still going on the as-of date) first, then runs of pupils who left the
    roll straight after them, then longest first.  ``last_attended`` is the last day the
    pupil attended before the run began (the day they were last seen), or null if not
    seen in the data before it.
    """
    # a run next to (or round) a week the exports leave out may have reached N in it: it is
    # listed, with the days nobody can see (``unregistered_days``), not left out; so is a
    # run followed by school days with no mark for the pupil (``unmarked_days``), or with
    # such days inside or next to it (``unmarked_within_days``): they may have been absent
    # through them (docs/decisions.md; :func:`attcli.runs.reaches`)
    return _described(ev, ev.runs.filter((pl.col("kind") == "unexplained") & reaches(days)))


def part_time_runs(ev: Evaluation, days: int) -> pl.DataFrame:
    """The runs of a part-time pupil (``C2``) absent at every other possible session that
    reached ``days`` (:func:`attcli.runs.part_time_listed`), as :func:`cme_runs` lists
    its own: ``cme``'s section after its runs (the lead's decision, sweep cmept)."""
    return _described(ev, part_time_listed(ev, days))


def _described(ev: Evaluation, runs: pl.DataFrame) -> pl.DataFrame:
    """``runs`` (of :attr:`Evaluation.runs`' columns) as ``cme`` lists them: with their
    status and the pupils' names, in order (:func:`cme_runs`)."""
    assert ev.coverage is not None
    data_end = ev.coverage.data_end
    # the last day each pupil attended up to the as-of date: a run the pupil attended
    # after is "back"; one ended by an authorised or U session with no day attended since
    # is "ended" (the reason is known, but nobody has seen the child in school)
    seen = ev.pupils.select(
        *PUPIL_KEY, pl.col("last_attended").alias("_seen"), pl.col("left_on").alias("_gone")
    )
    runs = runs.join(seen, on=PUPIL_KEY, how="left").with_columns(
        pl.when(pl.col("current"))
        .then(pl.lit("absent"))
        .when(pl.col("left_on").is_not_null())
        .then(pl.lit("left"))
        .when(
            (pl.col("end") == pl.col("last_possible"))
            & (pl.col("end") <= data_end)
            & pl.lit(ev.coverage.days_after_data > 0)
        )
        .then(pl.lit("data_ends"))
        .when(pl.col("_seen").is_null() | (pl.col("_seen") <= pl.col("end")))
        .then(pl.lit("ended"))
        .otherwise(pl.lit("back"))
        .alias("status")
    ).with_columns(
        # a pupil back (or whose run ended) who has since left the roll: their leaving date,
        # as the LA return says "back in school, then left the roll ..." (status stays)
        pl.coalesce("left_on", "_gone").alias("left_on")
    )
    pupils = ev.pupils.select(*PUPIL_KEY, "surname", "forename", "year_group", "reg_group", "dob")
    # the days off the roll inside each run as the CSV and workbook give them, the register
    # check's dates under the same header (quality.off_roll_spans; sweep leftovers17)
    from attcli.quality import off_roll_spans

    school_days = ev.calendar.school_days
    runs = runs.with_columns(
        pl.Series(
            "off_roll_spans",
            [off_roll_spans(d or [], school_days) for d in runs.get_column("off_roll_within").to_list()],
            pl.Utf8,
        ),
        # (the days marked D inside it, dated the same way: sweep rough7)
        pl.Series(
            "dual_within_spans",
            [off_roll_spans(d or [], school_days) for d in runs.get_column("dual_within").to_list()],
            pl.Utf8,
        ),
    )
    return (
        runs.join(pupils, on=PUPIL_KEY, how="left")
        .rename({"start": "run_start", "end": "run_end", "days": "run_days"})
        .with_columns(
            pl.col("status")
            .replace_strict({s: i for i, s in enumerate(STATUSES)}, return_dtype=pl.Int32)
            .alias("_order")
        )
        .sort(
            ["_order", "run_days", name_order("surname"), name_order("forename"), "surname", "forename", "upn"],
            descending=[False, True, False, False, False, False, False],
        )
        # (the dates with no mark in or next to the run too: the table's line by it)
        .select(
            "school", *CME_FIELDS, "unmarked_within", "off_roll_within", "off_roll_spans",
            "dual_within", "dual_within_spans",
        )  # fmt: skip
    )


def after_data_line(ev: Evaluation, days: int, *, part_time: bool = False) -> str | None:
    """One line when the as-of date is after the data, no term dates say which of the
    weekdays between are school days, and runs of unexplained absence reaching the data's
    end could reach ``days`` through them (None: none).  With term dates those days are
    counted to the runs (``unregistered_days``); without, a half-term week would add 5 to
    every run, so they are not, and a child still absent at the data's end (6 days, maybe
    11) was named nowhere: "1 run of unexplained absence reaches the end of the data,
    27/11/2026, and may have gone on through the 5 weekdays to 04/12/2026, which with no
    term dates attcli cannot tell from a holiday (...): give the exports to 04/12/2026, or
    the term dates ([[calendar.half_terms]]), to count it" (a trust school's own list where
    it has one, :attr:`Config.half_terms_key`).  ``part_time``: of the part-time
    section's runs (:attr:`Evaluation.part_time_runs`), "1 run of a part-time pupil (C2)
    absent at every other session reaches ..." (sweep parttime2)."""
    from attcli.bankholidays import is_bank_holiday
    from attcli.coverage import AFTER_DATA, weekdays

    c = ev.coverage
    if c is None:
        return None
    after = [g for g in c.gaps if g.kind == AFTER_DATA and g.weekdays]
    if not after:
        return None
    # the weekdays but bank holidays, which are never school days (a reviewer's 25 May)
    n_after = sum(
        not is_bank_holiday(d) for g in after for d in weekdays(g.start, g.end)
    )
    if not n_after:
        return None
    if part_time:
        what, whats = PART_TIME_RUN, PART_TIME_RUNS
        runs = ev.part_time_runs
    else:
        what = whats = "of unexplained absence"
        runs = ev.runs.filter(pl.col("kind") == "unexplained")
    if not runs.height:
        return None
    runs = runs.filter(
        (pl.col("end") == c.data_end)
        & pl.col("left_on").is_null()
        & (pl.col("days") < days)
        & (pl.col("days") + n_after >= days)
    )
    if not runs.height:
        return None
    _, n, example = longest_run(ev, runs)
    them = "them" if n != 1 else "it"
    return (
        f"{n} run{'s' if n != 1 else ''} {whats if n != 1 else what} "
        f"{'reach' if n != 1 else 'reaches'} the end of the data, {c.data_end:%d/%m/%Y}, and "
        f"may have gone on through the {n_after} weekday{'s' if n_after != 1 else ''} "
        f"(not bank holidays) to "
        f"{ev.as_of:%d/%m/%Y}, which with no term dates "
        f"{'for them ' if c.term_dates else ''}attcli cannot tell from a holiday "
        f"({example}): give the exports to "
        f"{ev.as_of:%d/%m/%Y}, or the term dates ([[{ev.config.half_terms_key}]]), to count "
        f"{them}"
    )


# ---------------------------------------------------------------------- renderers


#: what a part-time pupil's run's days are, as :func:`left_line` says them
PART_TIME_DAYS = "absent at every other session (part-time, C2)"


def left_line(row: dict[str, object], what: str = "of unexplained absence") -> str:
    """What a run the pupil left the roll after says, after the pupil's name.  When their
    last mark is followed by days no export holds (``left_by``), the leaving date is not
    known: they may have been on roll, and absent, through those days (docs/decisions.md).
    ``what``: what the run's days are (a part-time pupil's, :data:`PART_TIME_DAYS`: not
    "unexplained absence", their C2 sessions being authorised; sweep parttime2)."""
    left_on, left_by = row["left_on"], row["left_by"]
    assert isinstance(left_on, dt.date)
    if not isinstance(left_by, dt.date):
        return (
            f" left {left_on:%d/%m/%Y} after {counted(row['run_days'], 'school day')} {what}: "
            "check the deletion was lawful and the LA was told"
        )
    return (
        f" left between {left_on:%d/%m/%Y} and {left_by:%d/%m/%Y} (last marked "
        f"{left_on:%d/%m/%Y}, then no register to {left_by:%d/%m/%Y}) after "
        f"{counted(row['run_days'], 'school day')} {what}, +{row['unregistered_days']} with no "
        "register: find the leaving date in the MIS, check the deletion was lawful and the LA was told"
    )


def to_json(
    runs: pl.DataFrame,
    *,
    as_of: dt.date,
    days: int,
    contacts: pl.DataFrame | None = None,
    coverage: Coverage | None = None,
    warnings: list[str] | None = None,
    part_time: pl.DataFrame | None = None,
    part_time_rule: str = "",
    joined: Sequence[JoinedRun] = (),
    part_time_joined: Sequence[JoinedRun] = (),
) -> str:
    """The runs as JSON; ``warnings``: what the run says beside them (the check's JSON lists
    its own so), [] when not given.  ``part_time``: the part-time section's runs
    (:func:`part_time_runs`), after the runs under ``part_time_runs`` (each as a run is),
    with ``part_time_rule`` (:func:`attcli.runs.part_time_rule`); left out when not given.

    ``joined`` and ``part_time_joined``: the runs of a child under two UPNs joined across
    them that the list holds (as :func:`rows_for_people` has them), under ``joined_runs``
    after ``runs`` and ``part_time_joined_runs`` after ``part_time_runs`` (:func:`_joined_object`),
    each list there and empty when there is none, so that a program reading the JSON knows
    there is none (the lead's decision, sweep leftovers11: the CSV and workbook had the
    row, the JSON only the line in ``warnings``)."""
    from attcli.output import iso_dates, json_document

    def objects(frame: pl.DataFrame) -> list[dict[str, object]]:
        out = []
        for row in iso_dates(_with_contacts(frame, contacts)).iter_rows(named=True):
            obj = {k: row[k] for k in CME_FIELDS}
            obj["codes"] = list(row["codes"])
            # (the dates beside the number: what the CSV's cell gives; sweep leftovers17)
            obj["off_roll_dates"] = [d.isoformat() for d in row["off_roll_within"] or []]
            # (the days marked D inside the run, as the terminal's line says them: rough7)
            obj["dual_within_dates"] = [d.isoformat() for d in row["dual_within"] or []]
            if row["school"]:  # (a school's run of a trust: named, as the check's pupils are)
                obj["school"] = row["school"]
            if contacts is not None:
                obj["contact_name"] = row["contact_name"]
                obj["contact_phone"] = row["contact_phone"]
            out.append(obj)
        return out

    doc: dict[str, object] = {"as_of": as_of.isoformat(), "days": days}
    if coverage is not None:
        doc["coverage"] = coverage.to_json()
    doc["warnings"] = list(warnings or [])
    doc["runs"] = objects(runs)
    doc["joined_runs"] = [_joined_object(j) for j in joined]
    if part_time is not None:
        doc["part_time_runs"] = objects(part_time)
        doc["part_time_joined_runs"] = [_joined_object(j) for j in part_time_joined]
        doc["part_time_rule"] = part_time_rule
    return json_document(
        doc, lists=("runs", "joined_runs", "part_time_runs", "part_time_joined_runs")
    )


def _joined_object(j: JoinedRun) -> dict[str, object]:
    """A run of one child joined across two UPNs in ``cme``'s JSON (:func:`to_json`): what
    its CSV row says (:func:`_joined_row`), in the runs' keys where they have one: ``upns``
    (in the order the child came on roll under them) and ``parts`` (each one's days) for
    the row's "OLD + NEW", and ``note``, the row's Note (:meth:`JoinedRun.line`)."""

    def day(d: dt.date | None) -> str | None:
        return None if d is None else d.isoformat()

    obj: dict[str, object] = {
        "upns": list(j.upns), "parts": list(j.parts), "surname": j.surname,
        "forename": j.forename, "year_group": agreed(j.year_groups, str, str) or None,
        "reg_group": agreed(j.reg_groups, str, str) or None,
        "dob": agreed(j.dobs, day, day) or None, "run_start": day(j.start),
        "run_end": day(j.end), "run_days": j.days, "codes": list(j.codes),
        "current": j.current, "last_attended": day(j.last_attended), "status": j.status,
        "left_on": day(j.left_on), "note": j.line(),
    }  # fmt: skip
    if j.school:  # (a school's run of a trust: named, as the runs' are)
        obj["school"] = j.school
    return obj


HEADERS = {
    "upn": "UPN", "surname": "Surname", "forename": "Forename", "year_group": "Year",
    "reg_group": "Reg group", "dob": "Date of birth", "run_start": "Run began",
    "run_end": "Last day of run", "run_days": "School days", "codes": "Codes",
    "current": "Still absent", "last_attended": "Last attended",
    "status": "Now", "left_on": "Left the roll on",
    "left_by": "Or left by (no register between)",
    "unregistered_days": "Days with no register",
    "unmarked_days": "Days with no mark for the pupil",
    "last_marked": "Last marked",
    "not_possible_days": "Days not possible since",
    "not_possible_codes": "Codes not possible since",
    "unmarked_within_days": "Days with no mark in or next to the run",
    "off_roll_days": "Days off the roll inside the run",
    "dual_within_days": "Days marked D (at another school) inside the run",
    "contact_name": "Priority contact", "contact_phone": "Contact phone",
}  # fmt: skip


def _with_contacts(runs: pl.DataFrame, contacts: pl.DataFrame | None) -> pl.DataFrame:
    if contacts is None:
        return runs
    return runs.join(contacts.select("upn", "contact_name", "contact_phone"), on="upn", how="left")


#: the ``List`` column of a CSV or workbook that holds the part-time section's rows too
#: (:func:`rows_for_people`): what each row is
LIST_HEADER = "List"
LIST_RUNS = "runs of unexplained absence"
LIST_PART_TIME = "part-time (C2), absent at every other session"


#: the ``Note`` column of a CSV or workbook with a run of one child joined across two UPNs
#: (:func:`rows_for_people`): the run's line on its row and on each row of its parts
NOTE_HEADER = "Note"


def rows_for_people(
    runs: pl.DataFrame,
    contacts: pl.DataFrame | None,
    *,
    dates: bool = False,
    part_time: pl.DataFrame | None = None,
    joined: Sequence[JoinedRun] = (),
    part_time_joined: Sequence[JoinedRun] = (),
) -> tuple[list[str], list[list[object]]]:
    """Header and rows with dates as DD/MM/YYYY and lists joined, for CSV, XLSX and the table.
    ``dates``: for a workbook: each date a :class:`datetime.date` (a date cell), a whole
    year group a number (:func:`attcli.output.year_cell`).  ``part_time``: the part-time
    section's runs (:func:`part_time_runs`): when there are some, their rows follow the
    runs', and a last column, ``List``, says which each row is (:data:`LIST_RUNS`,
    :data:`LIST_PART_TIME`); with none the rows and columns are the runs' alone.

    ``joined`` and ``part_time_joined``: the runs of a child under two UPNs joined across
    them that the list holds (:func:`joined_runs`, reaching its days), each a row after its
    list's own, as the table has them: its UPN cell the UPNs joined ("OLD + NEW"), and a
    last column, ``Note``, the run's line ("Child, Kit (OLD, NEW: one child under two
    UPNs?) has 12 school days ..."), on its row and on each row of a UPN's own run inside
    it, so that a reader of the file alone can tell that those rows are one child's run
    (the lead's decision, sweep decide9).  With none, no ``Note`` column: the file is as
    before, byte for byte."""
    header, rows = _rows(runs, contacts, dates)
    _, more = _rows(part_time, contacts, dates) if part_time is not None else ([], [])
    rows += [_joined_row(j, contacts, dates) for j in joined]
    more += [_joined_row(j, contacts, dates) for j in part_time_joined]
    lists = bool(more)
    if lists:
        header = [*header, LIST_HEADER]
        rows = [*([*r, LIST_RUNS] for r in rows), *([*r, LIST_PART_TIME] for r in more)]
    if not joined and not part_time_joined:
        return header, [r[1:] for r in rows]  # (the row's key left out)
    all_joined = [(j, LIST_RUNS) for j in joined] + [
        (j, LIST_PART_TIME) for j in part_time_joined
    ]

    def note(r: list[object]) -> str:
        # a joined run's line, on its own row and on its parts' rows (a UPN's own run
        # inside it, of the same list)
        (school, upn, start, end), kind = r[0], (r[-1] if lists else LIST_RUNS)  # type: ignore[misc]
        for j, of in all_joined:
            if of != kind or (j.school or "") != school:
                continue
            if start is None and upn == " + ".join(j.upns):
                return j.line()
            if start is not None and upn in j.upns and j.start <= start and end <= j.end:
                return j.line()
        return ""

    return [*header, NOTE_HEADER], [[*r[1:], note(r)] for r in rows]


def _joined_row(j: JoinedRun, contacts: pl.DataFrame | None, dates: bool) -> list[object]:
    """The row of :func:`rows_for_people` (its key first) of a run ``j`` of one child joined
    across two UPNs, as the table's row of it: the UPNs joined, the names, the year, group
    and date of birth (:func:`agreed`: "7 / 8" when the UPNs' differ), the run's dates,
    days, codes and whether the child is still absent; the cells a UPN's own row has of
    its own days (the days with no register, no mark, not possible) left empty (each
    UPN's row has its own)."""

    from attcli.output import year_cell

    def day(d: dt.date | None) -> object:
        return "" if d is None else d if dates else d.strftime("%d/%m/%Y")

    def year(y: str) -> object:
        return year_cell(y) if dates else y

    values = {
        "year_group": agreed(j.year_groups, year, str),
        "reg_group": agreed(j.reg_groups, str, str),
        "dob": agreed(j.dobs, day, lambda d: f"{d:%d/%m/%Y}"),
        "upn": " + ".join(j.upns), "surname": j.surname, "forename": j.forename,
        "run_start": day(j.start), "run_end": day(j.end), "run_days": j.days,
        "codes": " ".join(j.codes),
        # (the register ends before the as-of date: not known, as a UPN's own row says)
        "current": "not known" if j.status == "data_ends" else "yes" if j.current else "no",
        "last_attended": day(j.last_attended), "status": j.status, "left_on": day(j.left_on),
    }  # fmt: skip
    fields = CME_FIELDS + (["contact_name", "contact_phone"] if contacts is not None else [])
    return [(j.school or "", " + ".join(j.upns), None, None), *(values.get(f, "") for f in fields)]


def agreed(values: Sequence[Any], one: Callable[[Any], object], each: Callable[[Any], str]) -> object:
    """A cell of a run joined across two UPNs (:class:`JoinedRun`) from each UPN's value
    (``values``, in the UPNs' order): the value (as ``one`` writes it) when they agree,
    else each (as ``each`` writes it) in turn, "7 / 8": a child who moved year group, or a
    slip under one UPN, is never given one of them silently (the lead's decision, sweep
    leftovers11).  A UPN with none (a blank cell) disagrees with nothing; none at all: ""."""
    seen = list(dict.fromkeys(v for v in values if v is not None and v != ""))
    if not seen:
        return ""
    return one(seen[0]) if len(seen) == 1 else " / ".join(each(v) for v in seen)


def _rows(
    runs: pl.DataFrame | None, contacts: pl.DataFrame | None, dates: bool
) -> tuple[list[str], list[list[object]]]:
    """:func:`rows_for_people` of one list of runs, each row led by its key (school as
    text, UPN, the run's first and last day: what a row's note is found by)."""
    from attcli.output import year_cell

    fields = CME_FIELDS + (["contact_name", "contact_phone"] if contacts is not None else [])
    if runs is None:
        return [HEADERS[f] for f in fields], []
    frame = _with_contacts(runs, contacts)
    rows = []
    for row in frame.iter_rows(named=True):
        values: list[object] = []
        for f in fields:
            v = row[f]
            if f == "off_roll_days":
                # the dates, as the register check's file gives them under the same header
                # (a count matches no deletion or readmission; sweep leftovers17)
                v = row["off_roll_spans"]
            elif f == "dual_within_days":  # (dated, as the column before: sweep rough7)
                v = row["dual_within_spans"]
            elif f == "current" and row["status"] == "data_ends":
                # the register ends before the as-of date: nobody knows whether the child
                # is still absent ("no" read as back in school; the table says "data ends")
                v = "not known"
            elif isinstance(v, dt.date) and not dates:
                v = v.strftime("%d/%m/%Y")
            elif f == "year_group" and dates:  # (a workbook's year is a number)
                v = year_cell(v)
            elif isinstance(v, list):
                v = " ".join(v)
            elif isinstance(v, bool):
                v = "yes" if v else "no"
            values.append("" if v is None else v)
        key = (str(row.get("school") or ""), row["upn"], row["run_start"], row["run_end"])
        rows.append([key, *values])
    return [HEADERS[f] for f in fields], rows


@dataclass
class CmeResult:
    as_of: dt.date
    runs: pl.DataFrame
    contacts: pl.DataFrame | None  # upn, contact_name, contact_phone
    warnings: list[str]
    coverage: Coverage | None = None
    #: the register's problems in the period, in one line (None: none): a missing mark
    #: neither counts toward nor breaks a run, so a run may be longer or shorter
    problems: str | None = None
    #: runs that begin on the exports' first school day and may have begun before it, in one
    #: line (None: none; :func:`before_exports_line`)
    before_exports: str | None = None
    #: runs at the data's end that may have gone on through weekdays no term dates say
    #: are school days, in one line (None: none; :func:`after_data_line`)
    after_data: str | None = None
    #: runs of a child under two UPNs joined across them (:func:`joined_runs`): each said
    #: in a line, and in the table when it reaches ``days``
    joined: list[JoinedRun] = field(default_factory=list)
    #: (school, upn) -> what "last attended" says of a joiner who has not attended since
    #: joining ("never, on roll from 12/10/2026": :func:`never_seen`); others with no day
    #: attended are "not in data"
    never: dict[tuple[str, str], str] = field(default_factory=dict)
    #: what "last attended" says of any other pupil with no day attended before a run they
    #: are not back from: "never this year" when the exports hold the school year from its
    #: first school day (as the check's reason says it), else "not in data"
    unseen: str = "not in data"
    #: the runs of a part-time pupil (``C2``) absent at every other possible session that
    #: reached ``days`` (:func:`part_time_runs`): a section of their own after the runs,
    #: which a ``C2`` session breaks (DOMAIN.md 6; the lead's decision, sweep cmept)
    part_time: pl.DataFrame | None = None
    #: what such a run counts, in one line (:func:`attcli.runs.part_time_rule`)
    part_time_rule: str = ""
    #: (school, upn) -> (a later UPN of the child on roll, from) of a UPN that left, one
    #: child under two UPNs? (:func:`attcli.joined.continued_as`): its leaver line says it
    continued: dict[tuple[str, str], tuple[str, dt.date]] = field(default_factory=dict)
    #: the part-time section's runs of a child under two UPNs joined across them
    #: (:func:`joined_runs` with ``part_time``): each said in a line, and in the section's
    #: table when it reaches ``days``, as :attr:`joined` are in the runs' (sweep parttime2)
    part_time_joined: list[JoinedRun] = field(default_factory=list)
    #: the part-time section's runs that begin on the exports' first school day and may
    #: have begun before it, in one line (None: none; :func:`before_exports_line`)
    part_time_before_exports: str | None = None
    #: the part-time section's runs at the data's end that may have gone on through
    #: weekdays no term dates say are school days, in one line (None: none;
    #: :func:`after_data_line`)
    part_time_after_data: str | None = None
    #: the register's pupils (:func:`attcli.loaders.pupil_identities`): what a trust's
    #: ``--per-school`` run compares across its schools (a child under a UPN at each of
    #: two, sweep leftovers12)
    identities: pl.DataFrame | None = None

    def marked(self, j: JoinedRun, days: int) -> str:
        """The line of ``j`` (a run of :attr:`joined` or :attr:`part_time_joined`) beside a
        file of the list, led by "not in this list" when it reaches ``days``: the file
        holds each UPN's runs alone.  When one of the child's UPNs has a run in the list,
        its part alone, the lead says so ("not in this list as one run (it lists OLD's 10
        days alone)"): the child is in it (sweep looks6)."""
        school = j.school or ""
        listed = {
            u
            for frame in (self.runs, self.part_time)
            if frame is not None and frame.height
            for sc, u in frame.select(
                pl.col("school").cast(pl.Utf8).fill_null(""), "upn"
            ).iter_rows()
            if sc == school
        }
        return j.marked(
            days, "not in this list", listed, "not in this list as one run (it lists {alone} alone)"
        )


def never_seen(ev: Evaluation) -> dict[tuple[str, str], str]:
    """(school, upn) -> "never, on roll from DD/MM/YYYY" for each pupil who joined during
    the exports (:func:`attcli.check.joiners_never`, as the check says it)."""
    from attcli.check import joiners_never

    return {(s or "", u): t for s, u, t in joiners_never(ev).iter_rows()}


def unseen_words(ev: Evaluation) -> str:
    """"never this year" when the exports hold the school year from its first school day
    (:func:`attcli.check._never_attended`, the check's words), else "not in data" (an export
    starting later cannot say the pupil never attended this year)."""
    from attcli.check import _never_attended

    said = _never_attended(ev)
    return said if said == "never this year" else "not in data"


#: what cme does where a cell of the register's looked-after column is no yes/no value:
#: said after the error (:func:`attcli.loaders.obtain_looked_after`)
WITHOUT_LOOKED_AFTER = without_column("The list was read")


def left_at_the_year_s_end(ev: Evaluation, days: int) -> str | None:
    """The pupils on roll at the end of last school year whose run of unexplained absence
    reached ``days`` school days by its last school day (current then) and who are on no
    list of this school year's (no mark in it), in one line (None: none).  Taken off roll
    in the summer holiday straight after the run, DOMAIN.md 6's clearest missing-education
    case: listed "ABSENT" up to the day before the new year's first school day, then in no
    run of the period (this school year's), unsaid (sweep oracle15).  Only for the school
    year's own period (from 1 Sep, or a ``--from`` with no school day of the year before
    it: the same period, said alike; a ``--from`` in last year or later in this one
    states another, whose runs are its own) with the exports holding last year and a
    school day of this one up to the as-of date; one evaluation more, as of the day
    before the period."""
    cov = ev.coverage
    if ev.prepared is None or cov is None or cov.data_start >= cov.period_start:
        return None
    year_start = academic_year_start(ev.as_of)  # (the period's start without --from)
    if cov.period_start < year_start or any(
        year_start <= d < cov.period_start for d in ev.calendar.school_days
    ):
        return None  # (another period: its runs are its own)
    if not any(cov.period_start <= d <= ev.as_of for d in ev.calendar.school_days):
        return None  # (before the first school day: those on roll at the last are listed)
    end = cov.period_start - dt.timedelta(days=1)
    then = cme_runs(ev.prepared.evaluate(as_of=end), days).filter(pl.col("status") == "absent")
    if then.is_empty():
        return None

    def of_age(r: dict) -> bool:  # (a Year 11 whose age ended in June left as they do)
        if r["dob"] is None:
            return True
        first, last = compulsory_school_age_window(r["dob"])
        return first <= r["run_end"] <= last

    listed = set(ev.pupils.select(*PUPIL_KEY).iter_rows())
    gone = [r for r in then.iter_rows(named=True)
            if (r["school"], r["upn"]) not in listed and of_age(r)]  # fmt: skip
    if not gone:
        return None
    last = max(r["run_end"] for r in gone)
    year = academic_year_start(last)  # (the runs' year: ``end`` is 1 Sep after a --from)
    names = "; ".join(
        f"{pupil_name(r['surname'], r['forename'])} ({r['upn']}), {r['run_days']} school days "
        f"from {r['run_start']:%d/%m/%Y} ({', '.join(sorted(r['codes']))})"
        for r in gone
    )
    n = len(gone)
    return (
        f"{n} pupil{'s' if n != 1 else ''} on roll at the end of {year.year}/{(year.year + 1) % 100:02d} "
        f"(last school day {last:%d/%m/%Y}) "
        f"{'were' if n != 1 else 'was'} absent without explanation for {days}+ school days "
        f"to that day and {'are' if n != 1 else 'is'} on no register of this school year "
        f"(taken off roll in the holiday, not in this year's runs above): {names}; check "
        "the deletion was lawful and the local authority was told (children missing "
        "education)"
    )


def outside_age_line(as_of: dt.date, *frames: pl.DataFrame) -> str | None:
    """One line naming each pupil listed (``frames``: the runs, the part-time runs) whom
    the date of birth puts outside compulsory school age on ``as_of`` (a sixth-former, a
    Year 11 past the last Friday in June, a Reception child not yet of it), in the check's
    words: the run is listed (DOMAIN.md 6: any pupil is told of), but a child missing
    education is a child of compulsory school age, and the DSL's list said nothing where
    the check said so (sweep blind4).  None when there is none (or no date of birth)."""
    from attcli.calendar import not_of_compulsory_school_age_text, of_compulsory_school_age

    said: dict[tuple[str, str], str] = {}
    for frame in frames:
        if frame is None or frame.is_empty():
            continue
        for r in frame.select("school", "upn", "surname", "forename", "dob").iter_rows():
            school, upn, surname, forename, dob = r
            if dob is None or of_compulsory_school_age(dob, as_of):
                continue
            said.setdefault(
                (school or "", upn),
                f"{pupil_name(surname, forename)} ({upn}): "
                + not_of_compulsory_school_age_text(dob, as_of),
            )
    if not said:
        return None
    return (
        "; ".join(said.values())
        + ", so not a child missing education: the local authority is told of a run of "
        "10+ school days all the same, as of any pupil"
    )


def run_cme(
    exports: Sequence[Path] | LoadResult,
    config: Config,
    *,
    days: int,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    contacts: Path | None = None,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    pupils: PupilList | None = None,
) -> CmeResult:
    """Load the exports (and contacts) and list the runs: what ``attcli cme`` does."""
    from attcli.engine import evaluate
    from attcli.loaders import obtain_looked_after, pupil_identities

    # (the list has no pupil attribute, gender, SEN, ...: they are not read, but the
    # looked-after column, whose pupils' social workers are told: sweep lacfollow; a cell of
    # it that is no yes/no value must not stop the list of children missing education)
    loaded = obtain_looked_after(
        exports, config, preset=preset, progress=progress, pupils=pupils,
        without=WITHOUT_LOOKED_AFTER,
    )  # fmt: skip
    roll = loaded.take_compact()
    ev = evaluate(
        roll, config, as_of=as_of, period_start=period_start, roll_dates=loaded.roll_dates
    )
    runs = cme_runs(ev, days)
    part_time = part_time_runs(ev, days)
    left = left_at_the_year_s_end(ev, days)
    if left is not None:
        loaded.warnings.append(left)
    outside_age = outside_age_line(ev.as_of, runs, part_time)
    if outside_age is not None:
        loaded.warnings.append(outside_age)
    # (what the register holds at its end: a lunchtime export, most pupils' marks ending a
    # day before a few pupils' go on, which its runs and "left" rest on)
    loaded.warnings.extend(ev.data_notes)
    from attcli.snapshots import strangers_note

    # (an export naming no school, run in another school's workspace: sweep slips8)
    strangers = strangers_note(config, ev.pupils["upn"].to_list(), ev.as_of)
    if strangers is not None:
        loaded.warnings.insert(0, strangers)
    elif ev.prepared is not None:  # (one year group's export: the other years' runs
        # unlisted, unsaid; sweep slips9)
        from attcli.snapshots import filtered_of_year

        filtered = filtered_of_year(
            config, ev.prepared.roll.pupils.select("school", "upn").iter_rows(), ev.as_of
        )
        if filtered:
            loaded.warnings.insert(
                0, f"{filtered}; any absence of theirs is not listed here: give the whole "
                "school's register export to see every pupil",
            )  # fmt: skip
    contact_frame, book = None, None
    # (the part-time section's pupils too: named by the list)
    listed = list(dict.fromkeys(
        runs.get_column("upn").to_list() + part_time.get_column("upn").to_list()
    ))  # fmt: skip
    if contacts is not None:
        from attcli.contacts import read_contacts

        book = read_contacts(contacts, config)
        odd = book.refuse_pupil_list(ev.pupils)
        contact_frame = book.priority_frame()
        # what reading the file found (its shortened numbers, a contact with the pupil's
        # own name, ...), as letters and pupil say it: the list names these contacts
        loaded.warnings.extend([*book.notes, *odd])
        # a pupil with a run and no contact is said, not a blank (contacts sweep 3)
        gaps = book.gaps_line(listed, address=False)
        if gaps is not None:
            loaded.warnings.append(gaps)
    # a looked-after pupil's social worker is told (policy 002; lac sweep): by the one rule,
    # the register's column alone where no contacts export is given (sweep lacla)
    from attcli.looked_after import by_upn, listed_line

    marks = ev.prepared.looked_after_marks(ev.as_of) if ev.prepared is not None else {}
    looked_after = listed_line(
        listed,
        by_upn(marks),
        book.councils if book is not None else None,
    )  # fmt: skip
    if looked_after is not None:
        loaded.warnings.append(looked_after)
    from attcli.quality import between, in_runs, problems_line

    problems = problems_line(
        ev.data_quality, between(ev.period_start, ev.period_end), in_runs(ev.data_quality), "",
        n_days=ev.config.n_within_days,
    )
    return CmeResult(
        ev.as_of, runs, contact_frame, loaded.warnings, ev.coverage, problems,
        before_exports_line(ev), after_data_line(ev, days), joined_runs(ev), never_seen(ev),
        unseen_words(ev), part_time, part_time_rule(ev.config.cme_codes), continued_as(ev),
        joined_runs(ev, part_time=True), before_exports_line(ev, part_time=True),
        after_data_line(ev, days, part_time=True), pupil_identities(roll),
    )  # fmt: skip


def _table(title: str, result: CmeResult) -> Any:
    """:func:`render_table`'s table, its columns and no row yet."""
    from rich.table import Table

    from attcli.terminal import UPN_WIDTH

    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        expand=True,
    )
    # (narrow enough for 80 columns with contacts: 81 had its right edge cropped).  With
    # contacts, the pupil and the contact share what the other columns (one line each,
    # never wrapped) leave: Rich shrank them short of that and cropped the right edge at
    # 80 columns when a long registration group met a run's dates in two years.
    share = 1 if result.contacts is not None else None
    table.add_column("Pupil", min_width=UPN_WIDTH - 1, overflow="fold", ratio=share)
    table.add_column("Year, born", no_wrap=True)
    table.add_column("Run", no_wrap=True)
    table.add_column("Now, seen", no_wrap=True)
    if result.contacts is not None:
        table.add_column("Contact", min_width=10, overflow="fold", ratio=share)
    return table


def _cells(row: dict, result: CmeResult) -> list:
    """A run's cells of :func:`render_table`'s table (the runs' and the part-time section's)."""
    from rich.text import Text

    from attcli.terminal import GROUP_WIDTH, UPN_WIDTH
    from attcli.terminal import terminal_text as shown

    status = row["status"]
    if status == "absent":
        now = Text("ABSENT", style="bold red")
    elif status == "left" and row["left_by"]:  # some day between: no register after
        now = Text(
            f"LEFT {run_dates(row['left_on'], row['left_by'])}", style="bold yellow"
        )
    elif status == "left":
        now = Text(f"LEFT {row['left_on']:%d/%m/%y}", style="bold yellow")
    elif status == "data_ends":
        now = Text("data ends", style="yellow")
    elif status == "ended":  # by an authorised or U session: not attended since
        now = Text("ended", style="yellow")
    else:
        now = Text("back")
    if status in ("ended", "back") and row["left_on"]:  # then left the roll (a line
        # of its own: no wider than "LEFT dd/mm/yy", the pupil's column keeps its room)
        now.append(", then\n")
        now.append(f"left {row['left_on']:%d/%m/%y}", style="yellow")
    seen = (
        f"{row['last_attended']:%d/%m/%Y}"
        if row["last_attended"]
        else result.never.get(
            (row["school"] or "", row["upn"]),
            # (a pupil back since the run attended after it: not "never")
            result.unseen if status != "back" else "not in data",
        )
    )
    group = f"{shown(row['year_group'] or '?', 4)} {shown(row['reg_group'] or '', GROUP_WIDTH)}"
    cells = [
        Text(
            shown(pupil_name(row["surname"], row["forename"])) + "\n" + shown(row["upn"], UPN_WIDTH)
        ),
        Text(group.strip() + (f"\n{row['dob']:%d/%m/%Y}" if row["dob"] else "\nborn ?")),
        Text(
            f"{run_head(row['run_days'], row['codes'])}\n"
            f"{run_dates(row['run_start'], row['run_end'])}"
            # the days of a missing week beside it: the run may be that much longer
            + (f"\n+{row['unregistered_days']} unregistered" if row["unregistered_days"] else "")
            # the pupil's own days with no mark after it: said in a line below
            + (f"\n+{row['unmarked_days']} unmarked" if row["unmarked_days"] else "")
            # the pupil's own days with no mark in or next to it: neither counted nor a
            # break (DOMAIN.md 1), the run may be that much longer
            + (
                f"\n+{row['unmarked_within_days']} no mark"
                if row["unmarked_within_days"] else ""
            )
        ),
        Text.assemble(now, f"\n{seen}"),
    ]
    if result.contacts is not None:
        name, phone = row.get("contact_name"), row.get("contact_phone")
        # (a contact on file without a name, their number known: not "none on file")
        unnamed = "none on file" if phone is None else "(no name)"
        names = (name or unnamed).split(" / ")
        phones = (phone or "").split(" / ")
        if len(phones) != len(names):  # (a name with " / " of its own: as written)
            names, phones = [name or unnamed], [phone or ""]
        if len(names) > 1:  # ("none": the priority frame's place of a name one has not)
            names = ["(no name)" if n == "none" else n for n in names]
        # two sharing the first priority: each name over its own number, none cut off
        # ("none": the priority frame's place of a number one of them has not)
        lines = [
            f"{shown(n, 40)}\n{shown('no phone' if p == 'none' and len(phones) > 1 else p, 24)}"
            for n, p in zip(names, phones, strict=True)
        ]
        cells.append(Text("\n".join(x.strip() for x in lines)))
    return cells


def _row_lines(
    console: Any, frame: pl.DataFrame, result: CmeResult, what: str = "of unexplained absence"
) -> None:
    """The lines under :func:`render_table`'s table of each of its runs (``frame``) that has
    one: left the roll after it, no mark since, not possible since, a day with no mark in
    or next to it, days off the roll inside it.  ``result``: whose runs they are (a
    leaver's later UPN, :attr:`CmeResult.continued`); ``what``: what their days are
    (:func:`left_line`)."""
    from rich.text import Text

    from attcli.quality import (
        dual_within_said,
        no_mark_since,
        not_possible_since,
        off_roll_within_said,
        unmarked_within_said,
    )
    from attcli.terminal import UPN_WIDTH
    from attcli.terminal import terminal_text as shown

    left = frame.filter(pl.col("status") == "left")
    for row in left.iter_rows(named=True):
        name = shown(pupil_name(row["surname"], row["forename"]))
        went = result.continued.get((row["school"] or "", row["upn"]))
        also = unless_one_child(shown(went[0], UPN_WIDTH), went[1]) if went else ""
        console.print(Text(name + left_line(row, what) + also, style="yellow"))  # type: ignore[attr-defined]
    # the lines under the table, a kind at a time: no mark since the run (bold red), marks
    # not possible since it, days inside it with no mark seen (bold red), and the school
    # days inside it off the roll (two spells, or Z): the child left the roll and came
    # back unseen (DOMAIN.md 6: neither counted nor a break; docs/decisions.md, sweep spells)
    said: tuple[tuple[str, Callable[[dict], str], str], ...] = (
        ("unmarked_days", lambda r: no_mark_since(r["last_marked"], r["unmarked_days"]),
         "bold red"),
        ("not_possible_days", lambda r: not_possible_since(
            r["not_possible_codes"], r["not_possible_days"], r["run_end"]), "yellow"),
        ("unmarked_within_days", lambda r: f"{counted(r['run_days'], 'school day')} seen, and "
         + unmarked_within_said(r["unmarked_within_days"], r["unmarked_within"], r["run_days"]),
         "bold red"),
        ("off_roll_days", lambda r: off_roll_within_said(r["off_roll_days"], r["off_roll_within"]),
         "bold red"),
        ("dual_within_days", lambda r: dual_within_said(r["dual_within_days"], r["dual_within"]),
         "yellow"),
    )  # fmt: skip
    for column, words, style in said:
        for row in frame.filter(pl.col(column) > 0).iter_rows(named=True):
            name = shown(pupil_name(row["surname"], row["forename"]))
            line = f"{name} ({shown(row['upn'], UPN_WIDTH)}): {words(row)}"
            console.print(Text(line, style=style))  # type: ignore[attr-defined]


def _print_table(console: Any, table: Any) -> None:
    """:func:`_table`'s table, or, on a terminal too narrow for it (its columns at their
    least wider than the terminal: 60 columns, a split pane), each run a block of "header:
    value" lines (:func:`attcli.terminal.print_rows`), every value whole: Rich squeezed the
    Pupil column to four cells and broke the UPN over four lines (sweep looks7)."""
    from attcli.terminal import cells_of, print_rows

    columns = table.columns

    def least(c: Any) -> int:  # a column's least width: its lines whole, or its words
        texts = [getattr(x, "plain", str(x)) for x in c._cells] + [str(c.header)]
        if c.no_wrap:
            return max(cells_of(line) for x in texts for line in x.splitlines() or [""])
        # (a word longer than a folding column's least width is folded at it, as Rich
        # folds a long hyphenated name at 80 columns: tests/test_sweep_looks.py)
        cap = c.min_width if c.overflow == "fold" and c.min_width else None
        words = [cells_of(w) for x in texts for w in x.split()]
        return max([c.min_width or 0] + [min(w, cap) if cap else w for w in words])

    def shared() -> bool:
        # the columns with a ratio (the pupil and the contact) share what the others leave
        # by their ratios alone, as Rich shares it (min_width aside): each share must hold
        # its column's least.  Half each gave the pupil 12 cells of the 27 both needed,
        # its UPN folded ("A99920101001" over "A"), when a row joined across two UPNs
        # widened "Year, born" to "under two UPNs" (sweep leftovers11)
        flex = [c for c in columns if c.ratio]
        room = console.width - len(columns) - 1 - sum(least(c) + 2 for c in columns if not c.ratio)
        left, ratios = room, sum(c.ratio for c in flex)
        for c in flex:
            share = -(-c.ratio * left // ratios)  # (Rich's rich._ratio.ratio_distribute)
            if share - 2 < least(c):
                return False
            left, ratios = left - share, ratios - c.ratio
        return True

    if sum(least(c) for c in columns) + 3 * len(columns) + 1 <= console.width and shared():
        console.print(table)
        return
    # each cell's lines kept apart (" · "): run together with spaces, and re-wrapped in a
    # table print_rows squeezed to the terminal, they read "data ends never, on roll
    # from", "ACROSS UPNS ended", "17/09-12/10/26 12" over "+ 6" (sweep leftovers11);
    # a column of two headings over its two lines ("Now, seen" over "back" and the day
    # last seen; "Year, born") says each line with its own in a block: joined, "Now, seen:
    # back 25/09/2026" read as back on the day last seen (sweep looks8).  ``fold`` False:
    # a table only when every value is whole on its line, else the blocks
    headers = [str(c.header) for c in columns]
    seconds: list[str | None] = [None] * len(columns)
    for i, h in enumerate(headers):
        first, sep, second = h.partition(", ")
        if sep and ", " not in second:
            headers[i], seconds[i] = first, second
    rows = []
    for r in range(table.row_count):
        row = []
        for i, c in enumerate(columns):
            lines = getattr(c._cells[r], "plain", str(c._cells[r])).split("\n")
            second = seconds[i]
            if second is not None and len(lines) >= 2 and lines[-1]:  # (the last line is
                # the second heading's: "seen", "born"; "born ?" says its heading itself)
                head = " · ".join(x for x in lines[:-1] if x)
                last = lines[-1] if lines[-1].startswith(second) else f"{second} {lines[-1]}"
                row.append(f"{head}; {last}" if head else last)
            else:
                row.append(" · ".join(x for x in lines if x))
        rows.append(row)
    print_rows(console, str(table.title), headers, rows, plain=False, fold=False)


def render_table(result: CmeResult, days: int, console: object) -> None:
    """A compact table for a terminal: one row per run; then, when there are some, the
    part-time section's (:func:`part_time_runs`), its rule in a line under it."""
    from rich.text import Text

    from attcli.terminal import print_line
    from attcli.terminal import terminal_text as shown

    n = result.runs.height
    # a run of a child under two UPNs that reaches ``days`` across them: a row of its own,
    # counted apart (neither UPN's figures change; the line below says what to do)
    joined = [j for j in result.joined if j.reaches(days)]
    across = f", and {len(joined)} across two UPNs (one child?)" if joined else ""
    # (a shorter period asked for, --from: said, or "0 runs" reads as none this year)
    start = result.coverage.period_start if result.coverage is not None else None
    period = (
        f" in the period from {start:%d/%m/%Y}"
        if start is not None and start != academic_year_start(result.as_of)
        else ""
    )
    title = (
        f"Continuous unexplained absence of {days}+ school days{period}, as of "
        f"{result.as_of:%d/%m/%Y}: {n} run{'s' if n != 1 else ''}{across}"
    )
    table = _table(title, result)
    frame = _with_contacts(result.runs, result.contacts)
    for row in frame.iter_rows(named=True):
        table.add_row(*_cells(row, result))
    _joined_rows(table, joined, result)
    _print_table(console, table)
    for j in result.joined:
        console.print(  # type: ignore[attr-defined]
            Text(shown(j.line(), 800), style="bold red" if j.reaches(days) else "yellow")
        )
    _row_lines(console, frame, result)
    part_time = result.part_time
    # (a part-time run across two UPNs reaching ``days``, neither part alone: the section
    # has it, as the runs' table has theirs)
    joined_pt = [j for j in result.part_time_joined if j.reaches(days)]
    if (part_time is not None and part_time.height) or joined_pt:
        # the part-time pupils absent at every other session: a section of their own, after
        # the runs (a C2 session breaks a run: DOMAIN.md 6), its rule in a line under it
        k = part_time.height if part_time is not None else 0
        across = f", and {len(joined_pt)} across two UPNs (one child?)" if joined_pt else ""
        table = _table(
            f"Part-time pupils (C2) absent at every other session for {days}+ school days"
            f"{period}, as of {result.as_of:%d/%m/%Y}: {k} run{'s' if k != 1 else ''}{across}",
            result,
        )
        frame = _with_contacts(
            part_time if part_time is not None else result.runs.clear(), result.contacts
        )
        for row in frame.iter_rows(named=True):
            table.add_row(*_cells(row, result))
        _joined_rows(table, joined_pt, result)
        _print_table(console, table)
        # (wrapped to the terminal between words, as every other line: printed unwrapped,
        # the terminal cut it wherever its last column fell)
        print_line(console, result.part_time_rule)
        _row_lines(console, frame, result, PART_TIME_DAYS)
    for j in result.part_time_joined:  # (one short of ``days`` too, as the runs' are)
        console.print(  # type: ignore[attr-defined]
            Text(shown(j.line(), 800), style="bold red" if j.reaches(days) else "yellow")
        )
    line = result.coverage.line() if result.coverage is not None else None
    if line:
        print_line(console, line, "bold red")


#: what the table's Now cell of a joined run says of its :attr:`JoinedRun.status` (the
#: words of a UPN's own run's cell, :func:`_cells`)
_JOINED_NOW = {"absent": "ABSENT", "left": "LEFT {0:%d/%m/%y}", "data_ends": "data ends"}


def _joined_rows(table: Any, joined: list[JoinedRun], result: CmeResult) -> None:
    """A row of :func:`render_table`'s table (the runs' or the part-time section's) for each
    run of ``joined`` (a child under two UPNs, joined across them)."""
    from rich.text import Text

    from attcli.terminal import GROUP_WIDTH
    from attcli.terminal import terminal_text as shown

    def group(year: str | None, reg: str | None) -> str:  # (a UPN's own row's words)
        return f"{shown(year or '?', 4)} {shown(reg or '', GROUP_WIDTH)}".strip()

    for j in joined:
        # the year, group and date of birth, as a UPN's own row gives them: one when the
        # UPNs agree, else each UPN's in turn ("7 7A / 8 8B"), as the CSV and JSON say
        # them (:func:`agreed`); it said "under two UPNs" (sweep leftovers13)
        years = [y for y in j.year_groups if y]
        regs = [r for r in j.reg_groups if r]
        if len(set(years)) <= 1 and len(set(regs)) <= 1:
            groups = group(years[0] if years else None, regs[0] if regs else None)
        else:
            groups = " / ".join(
                dict.fromkeys(group(y, r) for y, r in zip(j.year_groups, j.reg_groups, strict=True))
            )
        born = agreed(j.dobs, lambda d: f"{d:%d/%m/%Y}", lambda d: f"{d:%d/%m/%Y}") or "born ?"
        cells = [
            Text(shown(pupil_name(j.surname, j.forename)) + "\n" + shown(" + ".join(j.upns), 60)),
            Text(f"{groups}\n{born}"),
            Text(
                f"{run_head(j.days, j.codes)}\n{run_dates(j.start, j.end)}\n"
                + " + ".join(str(d) for d in j.parts)
            ),
            Text.assemble(
                Text("ACROSS UPNS", style="bold red"),
                "\n" + _JOINED_NOW.get(j.status, j.status).format(j.left_on),
                f"\n{j.last_attended:%d/%m/%Y}" if j.last_attended else "\nnot in data",
            ),  # fmt: skip
        ]
        if result.contacts is not None:
            cells.append(Text(""))
        table.add_row(*cells)
