"""Runs of absence as the lists name them, shared by ``cme`` and ``la-return`` (a command
module imports none of another's): the longest of several, and the line for runs that
begin on the exports' first school day (DOMAIN.md 6).  A run's dates as lists write them:
:func:`attcli.datetext.run_dates`."""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.coverage import no_school_day_between
from attcli.engine import PUPIL_KEY, Evaluation, weeks_before_exports
from attcli.names import pupil_name


def longest_run(ev: Evaluation, runs: pl.DataFrame) -> tuple[dict, int, str]:
    """Of ``runs`` (school, upn, days, end), the longest (by name on a tie), how many, and
    it named for a line: "the longest: Summer, Cai (R999...), 8 school days to 14/09/2026"
    ("the longest: " only of more than one)."""
    names = ev.pupils.select(*PUPIL_KEY, "surname", "forename")
    runs = runs.join(names, on=PUPIL_KEY, how="left").sort(
        pl.col("days"), "surname", "forename", "upn", descending=[True, False, False, False],
        nulls_last=True,
    )  # fmt: skip
    top, n = runs.row(0, named=True), runs.height
    who = pupil_name(top["surname"], top["forename"]) or top["upn"]
    return top, n, (
        f"{'the longest: ' if n > 1 else ''}{who} ({top['upn']}), {top['days']} school "
        f"day{'s' if top['days'] != 1 else ''} to {top['end']:%d/%m/%Y}"
    )


#: what a part-time pupil's run is (:attr:`Evaluation.part_time_runs`), after "1 run" and
#: "2 runs", as the lines of runs that may be longer say it (:func:`before_exports_line`,
#: :func:`attcli.cme.after_data_line`)
PART_TIME_RUN = "of a part-time pupil (C2) absent at every other session"
PART_TIME_RUNS = "of part-time pupils (C2) absent at every other session"


def before_exports_line(
    ev: Evaluation, since: dt.date | None = None, *, part_time: bool = False
) -> str | None:
    """One line when runs of unexplained absence of the period begin on the first school
    day the exports hold (None: none).  Such a run was current that day and may have begun
    before it: the summer holiday neither counts nor breaks a run (DOMAIN.md 6), so a
    child absent since the last days of the summer term, with this year's export alone, is
    a run of the autumn's days only (13 days read as 8, off the 10-day list), and the
    export covers the school year: nothing else says so.  The line counts them and names
    the longest: "2 runs of unexplained absence begin on the exports' first school day,
    03/09/2026, and may have begun before it, so be longer than counted here (the longest:
    Summer, Cai (R999...), 8 school days to 14/09/2026): give the export of the weeks
    before (the end of last school year) to see them whole" (those weeks named as the
    check's penalty-notice line names them: :func:`attcli.engine.weeks_before_exports`).

    They are not listed on the days not seen, as runs beside a week missing from the
    exports are (``unregistered_days``): how many school days lie before the exports that
    a run may have gone on through is not known (all of last summer term), so any run on
    the first day might reach ``--days``, and every pupil with an N that day would be on
    the 10-day list (docs/decisions.md).

    ``since``: only runs that reach it (the LA return's: runs over before its reporting
    began are not in it, so a two-day run of September is no part of November's return).
    Nor the run of a pupil a pupil list says joined on its first day or later.

    ``part_time``: of the part-time section's runs (:attr:`Evaluation.part_time_runs`),
    which may have begun before the exports as well: "1 run of a part-time pupil (C2)
    absent at every other session begins on ..." (sweep parttime2)."""
    if part_time:
        runs = ev.part_time_runs
        if not runs.height:
            return None
        what, whats = PART_TIME_RUN, PART_TIME_RUNS
    else:
        runs = ev.runs.filter(pl.col("kind") == "unexplained")
        what = whats = "of unexplained absence"
    if since is not None:
        runs = runs.filter(pl.col("current") | (pl.col("end") >= since))
    if not runs.height:
        return None
    first_day = ev.first_school_days()
    if not first_day.height:
        return None
    key = pl.col("school").fill_null("")
    at_first = (
        runs.with_columns(key.alias("_sc"))
        .join(first_day, on="_sc", how="inner")
        .filter(pl.col("start") == pl.col("_first"))
    )
    # a pupil a pupil list says joined on (or after) the run's first day: it cannot have
    # begun before (a new intake's first-day absences would fill the line)
    roll = ev.prepared.roll if ev.prepared is not None else None
    if roll is not None and roll.dated is not None and roll.spans is not None and at_first.height:
        joined = roll.with_keys(
            roll.spans.join(roll.dated, on="pid", how="semi").select(
                "pid", (pl.col("_from") // 2).cast(pl.Int32).cast(pl.Date).alias("_joined")
            )
        ).select(key.alias("_sc"), "upn", "_joined")
        at_first = at_first.join(joined, on=["_sc", "upn"], how="left")
        # nor one who joined before it with no school day between (a new intake on 1
        # September, the first school day the 3rd: sweep6 case4)
        could = [
            j is None or not no_school_day_between(ev.config, j, start)
            for j, start in at_first.select("_joined", "start").iter_rows()
        ]
        at_first = at_first.filter(pl.Series(could, dtype=pl.Boolean)).drop("_joined")
    if not at_first.height:
        return None
    top, n, example = longest_run(ev, at_first)
    first = top["_first"]
    _, where = weeks_before_exports(first - dt.timedelta(days=first.weekday()))
    return (
        f"{n} run{'s' if n != 1 else ''} {whats if n != 1 else what} "
        f"{'begin' if n != 1 else 'begins'} on the exports' first school day, {first:%d/%m/%Y}, and "
        f"may have begun before it, so be longer than counted here ({example}): give the "
        f"export of the weeks before ({where}) to see {'them' if n != 1 else 'it'} whole"
    )


def unmarked_within_line(ev: Evaluation, since: dt.date | None = None) -> str | None:
    """The runs the LA files leave out that school days with no mark for the pupil in or
    next to them may take to their thresholds, in one line (None: none): runs of
    unexplained absence short of ``[cme] days`` whose days seen and such days
    (``unmarked_within_days``: :func:`attcli.engine._unmarked_within`) reach it, and runs
    of illness of the school year short of ``[sickness] days`` that they take to it (of a
    pupil not over the sickness threshold).  A missing mark neither counts toward nor
    breaks a run (DOMAIN.md 1), so the files read the runs as seen; this says which may be
    longer: "4 runs of unexplained absence may reach 10 school days through school days
    with no mark for the pupil in or next to them (the longest: Summer, Cai (R999...), 9
    school days to 25/09/2026, +1 with no mark 18/09/2026)".  ``since``: only runs that
    reach it (as :func:`before_exports_line`)."""
    from attcli.calendar import academic_year_start
    from attcli.engine import PUPIL_KEY
    from attcli.quality import unmarked_within_text

    c = ev.config
    within = pl.col("unmarked_within_days")
    runs = ev.runs.filter(within > 0)
    if since is not None:
        runs = runs.filter(pl.col("current") | (pl.col("end") >= since))
    flagged = ev.pupils.filter(pl.col("sickness_flag")).select(*PUPIL_KEY)
    parts = []
    for kind, what, days, of in (
        ("unexplained", "unexplained absence", c.cme_days, runs),
        (
            "sickness", "illness", c.sickness_days,
            runs.filter(pl.col("start") >= academic_year_start(ev.as_of)).join(
                flagged, on=PUPIL_KEY, how="anti"
            ),
        ),
    ):  # fmt: skip
        short = of.filter(
            (pl.col("kind") == kind) & (pl.col("days") < days) & (pl.col("days") + within >= days)
        )
        if not short.height:
            continue
        top, n, example = longest_run(ev, short)
        dates = unmarked_within_text(top["unmarked_within"])
        parts.append(
            f"{n} run{'s' if n != 1 else ''} of {what} may reach {days} school "
            f"day{'s' if days != 1 else ''} through school days with no mark for the pupil in "
            f"or next to {'them' if n != 1 else 'it'} ({example}, "
            f"+{top['unmarked_within_days']} with no mark {dates})"
        )
    return "; ".join(parts) or None


def reaches(days: int) -> pl.Expr:
    """A run ``cme --days`` lists: its days seen, and the school days nobody can see beside
    it (``unregistered_days``: a week no export holds) or with no mark for the pupil after
    it (``unmarked_days``) or in or next to it (``unmarked_within_days``), reach ``days``:
    it may have been that long (DOMAIN.md 1 and 6: a missing mark neither counts nor
    breaks; docs/decisions.md, the lead's decision of sweep cmept).  The run's length
    stays the days seen."""
    return (
        pl.col("days") + pl.col("unregistered_days") + pl.col("unmarked_days")
        + pl.col("unmarked_within_days")
    ) >= days  # fmt: skip


def codes_said(codes: tuple[str, ...]) -> str:
    """Codes as a line says them: "N, O or G"."""
    return ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else codes[0]


#: What a C2 session is, in words for the office (the part-time section's rule and the
#: check's line say it; "C2" alone is a code only an MIS names)
C2_SAID = "C2 (a session the pupil's part-time timetable leaves out)"


def part_time_rule(codes: tuple[str, ...]) -> str:
    """What a part-time pupil's run (:attr:`attcli.engine.Evaluation.part_time_runs`)
    counts, in one line, with the CME codes (``[cme] codes``)."""
    said = codes_said(codes)
    return (
        f"A part-time pupil's day counts when each possible session is {said} or "
        f"{C2_SAID}, a day wholly {said} too; a session attended, any other authorised "
        "absence or U breaks the run; a day of C2 alone (no session timetabled) or not "
        "possible neither counts nor breaks.  A C2 session is an authorised absence, so it breaks a run of "
        "unexplained absence: these pupils are not among the runs of unexplained absence"
    )


def part_time_listed(ev: Evaluation, days: int) -> pl.DataFrame:
    """The runs of a part-time pupil absent at every other possible session
    (:attr:`attcli.engine.Evaluation.part_time_runs`) that ``cme --days`` lists
    (:func:`reaches`): ``cme``'s section after its runs, and the check's line
    (:func:`part_time_line`) at ``[cme] days``."""
    return ev.part_time_runs.filter(reaches(days))


def part_time_line(
    ev: Evaluation,
    days: int,
    unseen: set[tuple[str, str]] | frozenset = frozenset(),
    joined: list | None = None,
    *,
    one_only: bool = False,
) -> str | None:
    """The check's line of the part-time pupils ``cme --days`` lists apart from its runs
    (:func:`part_time_listed`), None for none: "2 part-time pupils (C2) absent (N, O or G)
    at every other session of 10+ school days in a row (the longest: Summer, Cai (R999...),
    12 school days to 25/09/2026): C2 (a session the pupil's part-time timetable leaves out)
    breaks a run of unexplained absence, so the absence group does not list them for it:
    `attcli cme` lists them apart" (C2 in words, :data:`C2_SAID`; of one pupil "the
    pupil").  ``one_only``: the line only when it counts one child (the pupil record
    leaves it out of the record of that child, whose own line says it: sweep looks6).  ``unseen``: (school or "", upn) of pupils out of the check's view.
    ``joined``: :func:`attcli.joined.joined_runs` with ``part_time``, when made already."""
    found = _part_time_children(ev, days, unseen, joined=joined)
    if found is None:
        return None
    n, example = found
    if one_only and n != 1:
        return None
    said = codes_said(ev.config.cme_codes)
    return (
        f"{n} part-time pupil{'s' if n != 1 else ''} (C2) absent ({said}) at every other "
        f"session of {days}+ school days in a row ({example}): {C2_SAID} breaks a "
        "run of unexplained absence, so the absence group does not list "
        f"{'them' if n != 1 else 'the pupil'} for it: `attcli cme` lists "
        f"{'them' if n != 1 else 'the pupil'} apart"
    )


def part_time_not_in(ev: Evaluation, days: int, since: dt.date, where: str) -> str | None:
    """The LA files' line (``where``: "this file", "this return") of the part-time pupils
    ``cme --days`` lists apart from its runs (:func:`part_time_line`'s, of runs current or
    ending on or after ``since``, the file's first day), None for none: the files follow
    DOMAIN.md 6, which a C2 session keeps them out of, and the designated safeguarding
    lead decides whether to tell the LA (docs/la-return.md); the file says it does not list
    them for it (a pupil may be a row for another reason, attendance), never dropping them
    unsaid, and names none (sweep parttime2): "2 part-time pupils (C2) were absent (N, O or
    G) at every other session for 10+ school days in a row, and this file does not list
    them for it: ..."."""
    found = _part_time_children(ev, days, frozenset(), since)
    if found is None:
        return None
    n = found[0]
    said = codes_said(ev.config.cme_codes)
    return (
        f"{n} part-time pupil{'s' if n != 1 else ''} (C2) {'were' if n != 1 else 'was'} "
        f"absent ({said}) at every other session for {days}+ school days in a row, and "
        f"{where} does not list {'them' if n != 1 else 'the pupil'} for it: {C2_SAID} is an "
        "authorised absence, so it breaks a run of unexplained absence; `attcli cme` lists "
        f"{'them' if n != 1 else 'the pupil'} apart, and the designated safeguarding lead "
        "decides whether to tell the LA"
    )


def _part_time_children(
    ev: Evaluation,
    days: int,
    unseen: set[tuple[str, str]] | frozenset,
    since: dt.date | None = None,
    joined: list | None = None,
) -> tuple[int, str] | None:
    """How many children :func:`part_time_line` counts (one a child: its longest run, a
    run across two UPNs one child), and the longest named, None for none.  ``since``:
    only runs current or ending on or after it; ``joined``: the joined runs, when made
    already (of no ``since``)."""
    # (an evaluation of figures only: no column; none under any UPN, a run across two
    # UPNs around a day of C2 alone may be one, sweep leftovers11)
    if not ev.part_time_runs.width:
        return None
    runs = part_time_listed(ev, days)
    if since is not None:
        runs = runs.filter(pl.col("current") | (pl.col("end") >= since))
    if unseen and runs.height:
        out = pl.DataFrame(list(unseen), schema={"_sk": pl.Utf8, "upn": pl.Utf8}, orient="row")
        runs = (
            runs.with_columns(pl.col("school").fill_null("").alias("_sk"))
            .join(out, on=["_sk", "upn"], how="anti")
            .drop("_sk")
        )
    # a child under two UPNs whose part-time run reaches ``days`` across them (one child
    # a count, the joined run its longest: neither part alone may reach it, sweep parttime2)
    from attcli.joined import joined_runs

    if joined is None:
        joined = joined_runs(ev, since, part_time=True)
    joined = [
        j for j in joined
        if j.reaches(days) and not all((j.school or "", u) in unseen for u in j.upns)
    ]  # fmt: skip
    if not runs.height and not joined:
        return None
    # each pupil's longest (one child a count, however many runs)
    runs = runs.sort("days", "end", descending=True).unique(PUPIL_KEY, keep="first")
    if joined:
        theirs = pl.DataFrame(
            [(j.school or "", u) for j in joined for u in j.upns],
            schema={"_sk": pl.Utf8, "upn": pl.Utf8}, orient="row",
        )  # fmt: skip
        runs = (
            runs.with_columns(pl.col("school").fill_null("").alias("_sk"))
            .join(theirs, on=["_sk", "upn"], how="anti")
            .drop("_sk")
        )
    n = runs.height + len({(j.school, j.upns) for j in joined})  # (a child once)
    top = longest_run(ev, runs)[0] if runs.height else None
    j = max(joined, key=lambda j: (j.days, j.end), default=None)
    if j is not None and (top is None or j.days > top["days"]):
        who = pupil_name(j.surname, j.forename) or j.upns[-1]
        example = (
            f"{'the longest: ' if n > 1 else ''}{who} ({' + '.join(j.upns)}, one child under "
            f"two UPNs?), {j.days} school days to {j.end:%d/%m/%Y}"
        )
    else:
        _, _, example = longest_run(ev, runs)
        if n > 1 and not example.startswith("the longest: "):
            example = "the longest: " + example
    return n, example


def part_time_of(
    ev: Evaluation, days: int, school: str, upn: str, joined: list | None = None
) -> str | None:
    """The part-time runs of one pupil (``school`` as text, ``upn``) that ``cme --days``
    lists in its section after the runs (:func:`part_time_listed`), and those across two
    UPNs of the child (:func:`attcli.joined.joined_runs` with ``part_time``), in a
    sentence for the pupil's record (None: none): "10 school days from 21/09/2026 to
    02/10/2026 (C2 N), still absent, last attended 18/09/2026" (sweep parttime2: the
    record, whose flags a C2 session keeps the run out of, showed nothing of it).
    ``joined``: the part-time runs across two UPNs when already worked out."""
    from attcli.joined import joined_runs
    from attcli.percent import counted

    runs = ev.part_time_runs
    if not runs.width:  # (figures only; none of its own, one across two UPNs maybe)
        return None
    mine = part_time_listed(ev, days).filter(
        (pl.col("school").cast(pl.Utf8).fill_null("") == school) & (pl.col("upn") == upn)
    )
    parts = []
    for r in mine.sort("start").iter_rows(named=True):
        now = (
            "still absent" if r["current"]
            else f"then left the roll {r['left_on']:%d/%m/%Y}" if r["left_on"]
            else "ended"
        )  # fmt: skip
        seen = (
            f"last attended {r['last_attended']:%d/%m/%Y}" if r["last_attended"]
            else "not seen in the data before it"
        )  # fmt: skip
        parts.append(
            f"{counted(r['days'], 'school day')} from {r['start']:%d/%m/%Y} to "
            f"{r['end']:%d/%m/%Y} ({' '.join(r['codes'])}), {now}, {seen}"
        )
    parts += [
        j.line() for j in (joined_runs(ev, part_time=True) if joined is None else joined)
        if j.reaches(days) and (j.school or "") == school and upn in j.upns
    ]  # fmt: skip
    return "; ".join(parts) or None
