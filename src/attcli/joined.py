"""Runs of unexplained absence of one child split across two UPNs (or more) of one
register, joined (DOMAIN.md 6; docs/decisions.md): shared by ``cme``, ``la-return`` and
``check``, so it lives below them (a command module imports none of another's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from attcli.engine import Evaluation, beside_only
from attcli.names import pupil_name
from attcli.output import command_word
from attcli.percent import number_word


def _child(surname: str | None, forename: str | None, upns: list[str]) -> tuple[str, str]:
    """How every line of one child under several UPNs begins, "Child, Kit (OLD, NEW: one
    child under two UPNs?)" (the last UPN where there is no name), and how many UPNs, in
    words ("two")."""
    count = number_word(len(upns))
    who = pupil_name(surname, forename) or upns[-1]
    return f"{who} ({', '.join(upns)}: one child under {count} UPNs?)", count


@dataclass(frozen=True)
class JoinedRun:
    """A run of unexplained absence whose days lie under two UPNs (or more) of one child
    (:func:`joined_runs`): each UPN's part is a run of its own in ``Evaluation.runs``,
    unchanged; this joins them."""

    school: str | None
    surname: str
    forename: str
    upns: tuple[str, ...]  # in order, the old first
    parts: tuple[int, ...]  # each UPN's school days of the run (its own run's)
    days: int  # the distinct school days of the joined run (a day under both counts once)
    start: dt.date
    end: dt.date
    codes: tuple[str, ...]
    current: bool
    left_on: dt.date | None  # the last UPN's run ended on its last day on roll
    last_attended: dt.date | None  # under the first UPN, before the run
    #: the child attended, under any of the UPNs, on a day after the run (up to the as-of
    #: date): "back"; else a run that ended (by an authorised or U session) is "ended"
    back: bool = False
    #: "unexplained", or :data:`attcli.engine.PART_TIME`: a part-time pupil's run, absent
    #: at every possible session but ``C2`` (:attr:`Evaluation.part_time_runs`), each
    #: UPN's part one of those or of the runs of unexplained absence (sweep parttime2)
    kind: str = "unexplained"
    #: each UPN's year group, registration group and date of birth, in :attr:`upns`' order
    #: (None: the UPN's rows have none): what the joined row of ``cme``'s files says of the
    #: child (:func:`attcli.cme.rows_for_people`; the lead's decision, sweep leftovers11)
    year_groups: tuple[str | None, ...] = ()
    reg_groups: tuple[str | None, ...] = ()
    dobs: tuple[dt.date | None, ...] = ()
    #: the register ends before the as-of date, and the run at its end (the last UPN's
    #: last possible day): nobody knows whether the child is still absent, as that UPN's
    #: own run says ("data_ends", ``cme``'s :data:`attcli.cme.STATUSES`; sweep leftovers11)
    data_ends: bool = False

    def reaches(self, days: int) -> bool:
        return self.days >= days

    @property
    def status(self) -> str:
        """What the run is now, in the words of ``cme``'s ``status`` (:data:`attcli.cme.STATUSES`):
        "absent", still going on the as-of date; "left", the last UPN left the roll
        straight after it; "data_ends", the register ends before the as-of date and the run
        at its end (:attr:`data_ends`); "back", the child attended after it under one of
        the UPNs; else "ended" (by an authorised or ``U`` session, not seen since), in that
        order, as a UPN's own run's (:func:`attcli.cme.cme_runs`).  The one reading of it:
        ``cme``'s table, its CSV and workbook row and its JSON (sweep leftovers11)."""
        if self.current:
            return "absent"
        if self.left_on is not None:
            return "left"
        if self.data_ends:
            return "data_ends"
        return "back" if self.back else "ended"

    @property
    def what(self) -> str:
        """What the run's days are, after "school days": "of unexplained absence", "of a
        part-time timetable (C2) absent at every other session"."""
        if self.kind == "unexplained":
            return "of unexplained absence"
        return "of a part-time timetable (C2) absent at every other session"

    def line(self) -> str:
        """"Child, Kit (OLD, NEW: one child under two UPNs?) has 12 school days of
        unexplained absence from 25/09/2026 to 12/10/2026 across the two UPNs (OLD's 6
        days, NEW's 6): if one child, give the exports one UPN (the permanent one);
        `attcli pupil merge OLD NEW` moves letters and notices on record"."""
        child, count = _child(self.surname, self.forename, self.upns)
        parts = ", ".join(
            f"{u}'s {d}{(' day' if d == 1 else ' days') if i == 0 else ''}"
            for i, (u, d) in enumerate(zip(self.upns, self.parts, strict=True))
        )
        return (
            f"{child} has {self.days} "
            f"school days {self.what} from {self.start:%d/%m/%Y} to "
            f"{self.end:%d/%m/%Y} across the {count} UPNs ({parts}): {one_upn(self.upns)}"
        )

    def marked(
        self, days: int, lead: str, listed: Collection[str] = (), partly: str = ""
    ) -> str:
        """:meth:`line`, led by ``lead`` ("not in this list", "NOT IN THIS RETURN") when the
        run reaches ``days`` and the list it belongs on does not hold it: "not in this
        list, 10+ school days across two UPNs: Child, Kit (...) has 12 ...".  ``listed``:
        the UPNs the list holds a run of; when one of the child's is among them, the lead
        is ``partly``, its ``{alone}`` the parts listed ("OLD's 10 days"): the child is in
        the list under that UPN, its part alone, so "not in this list" would be untrue
        (sweep looks6)."""
        if not self.reaches(days):
            return self.line()
        inside = [
            f"{u}'s {d} {'day' if d == 1 else 'days'}"
            for u, d in zip(self.upns, self.parts, strict=True)
            if u in listed
        ]
        if inside and partly:
            lead = partly.format(alone=" and ".join(inside))
        n = len(self.upns)
        return f"{lead}, {days}+ school days across {number_word(n)} UPNs: {self.line()}"


@dataclass(frozen=True)
class OneChildRows:
    """What :func:`rows_of_one_child` found: ``lines``, a line for each child (the
    terminal's and the workbook's Data row), and ``notes``, (school as text, UPN) -> the
    note of each row of such a child (a CSV has no Data row: each row says it, sweep
    twoupn2)."""

    lines: tuple[str, ...] = ()
    notes: Mapping[tuple[str, str], str] = field(default_factory=dict)


def one_upn(upns: Sequence[str]) -> str:
    """What to do of one child under ``upns`` (in the order the child came on roll under
    them), as the loader's note says it (:func:`attcli.loaders._one_child_two_upns`): "if
    one child, give the exports one UPN (the permanent one); `attcli pupil merge OLD NEW`
    moves letters and notices on record".  It said "give the exports one UPN, or `attcli
    pupil merge OLD NEW` and re-export", but a merge moves the history's records only: the
    register re-exported is the same two UPNs and the same figures (and with no history
    yet the command refuses: nothing on record; sweep "notes")."""
    last = command_word(upns[-1])
    merges = ", ".join(f"`attcli pupil merge {command_word(u)} {last}`" for u in upns[:-1])
    moves = "moves" if len(upns) == 2 else "move"
    return (
        f"if one child, give the exports one UPN (the permanent one); {merges} {moves} "
        "letters and notices on record"
    )


def joined_runs(
    ev: Evaluation, since: dt.date | None = None, *, part_time: bool = False
) -> list[JoinedRun]:
    """The runs of unexplained absence of a child the loader names as under two UPNs or
    more (:func:`attcli.loaders.children_under_two_upns`: the same surname, forename and
    date of birth) that join across them: read off the child's days under all its UPNs
    together (the days the evaluation's runs are read from), a day counts when it counts
    toward a run under every UPN with a possible session that day, and breaks the run when
    it does not under one of them (attended, authorised or ``U``); a day with no mark under
    any neither counts nor breaks it (DOMAIN.md 6).  A run of those days holding runs of two
    UPNs or more, each UPN's own run wholly inside it, is joined: so the old UPN's run and
    the new one's join when they abut (the old export ends, the new begins) or overlap
    (weekly exports a week apart), and a day a UPN was seen inside the overlap breaks the
    join there.  Its days are the distinct school days (a day under both UPNs counts once),
    not the sum of the parts.  Each UPN's runs and figures are its own, unchanged: the
    export is what it is, and two children can share all three details, so attcli never
    merges them; but a 12-day run read as 7 and 5 was on no 10-day list, unsaid (the
    tester's slip 5, docs/decisions.md).  Nothing is joined of a child whose UPNs were
    seen apart (:func:`_two_children`: two children of one name and birthday on roll
    together, absent over the same days, sweep twoupn).  ``since``: only runs current or
    ending on or after it (the LA return's).

    ``part_time``: the runs of a part-time pupil (:attr:`Evaluation.part_time_runs`, the
    lead's decision of sweep cmept) joined so instead, read off the child's part-time days
    (:meth:`attcli.engine.Prepared.part_time_days_of`: a day of ``C2`` alone, a stray day,
    neither counts nor breaks), each UPN's part its part-time runs or runs of unexplained
    absence (a UPN under which the child was on a full timetable), a run holding a ``C2``
    session: one child's 6 + 5 days, each short of ``cme --days``, were on no list (sweep
    parttime2)."""
    prepared = ev.prepared
    if prepared is None:
        return []
    if part_time and not ev.part_time_runs.width:
        return []  # (an evaluation of figures only: no run)
    from attcli.engine import PART_TIME

    kind = PART_TIME if part_time else "unexplained"
    from attcli.loaders import children_under_two_upns

    roll = prepared.roll
    groups = _roll_order(prepared, children_under_two_upns(roll))
    if not groups.height:
        return []
    # every child's UPNs at once, the child by its row of ``groups`` (issue 15: a child at
    # a time filtered the runs and joined the school's whole frame of pupil-days to its
    # UPNs, the work growing with the children times the pupils)
    sck = pl.col("school").cast(pl.Utf8).fill_null("")
    members = (
        groups.with_row_index("_g")
        .select("_g", sck.alias("_sck"), "upn")
        .explode("upn")
    )
    keys = ["_sck", "upn"]
    source = ev.runs.filter(pl.col("kind") == "unexplained")
    if part_time:
        source = pl.concat([ev.part_time_runs, source], how="vertical_relaxed")
    theirs_all = (
        source.with_row_index("_i")
        .with_columns(sck.alias("_sck"))
        .join(members, on=keys)
        .sort("_i")
    )
    theirs_of: dict[int, list[dict]] = {}
    for r in theirs_all.drop("_i", "_sck").iter_rows(named=True):
        theirs_of.setdefault(r["_g"], []).append(r)
    joinable = {g for g, rs in theirs_of.items() if len(rs) >= 2}
    rows = list(groups.iter_rows(named=True))
    # (a child's days of C2 alone, part_time: each a C2 session of a run across the UPNs
    # whose span holds it)
    c2_alone: dict[int, list[dt.date]] = {}
    if part_time and joinable:
        c2_alone = _c2_alone(prepared, rows, members, joinable, ev.as_of)
        # (a child with a part-time run under one UPN at least, or a day of C2 alone)
        joinable = {
            g for g in joinable
            if g in c2_alone or any(r["kind"] == kind for r in theirs_of[g])
        }  # fmt: skip
    # two children of one name and birthday, seen apart (one present while the other was
    # absent), are joined nowhere, though absent over the same days (sweep twoupn)
    if joinable:
        joinable -= _two_children(prepared, groups, {g: rows[g]["upn"] for g in joinable})
    pids = (
        roll.pupils.with_columns(sck.alias("_sck"))
        .join(members.filter(pl.col("_g").is_in(list(joinable))), on=keys)
        .select("_g", "pid", "upn")
    )
    # the children's days under all their UPNs, a row a child and date: whether the day
    # counts under every UPN seen that day, and the UPNs it counts under; then their runs
    days_of: dict[int, list[dict]] = {}
    for school in dict.fromkeys(rows[g]["school"] for g in sorted(joinable)):
        here = pids.filter(pl.col("_g").is_in([g for g in joinable if rows[g]["school"] == school]))
        if part_time:
            # (as a part-time pupil's runs are read: a day of C2 alone, a stray day,
            # neither counts nor breaks, :meth:`attcli.engine.Prepared._part_time_runs`)
            stray = prepared.stray[school].get_column("date")
            of_days = (
                prepared.part_time_days_of(school, here.get_column("pid"))
                .filter(pl.col("_only_c2").not_() & pl.col("date").is_in(stray.implode()).not_())
            )  # fmt: skip
        else:
            # (a sickness day of C2 alone neither counts nor breaks, as under one UPN)
            of_days = prepared.days(school).filter(
                beside_only(kind, prepared.kinds.get(kind, ())).not_()
            )
        counts = pl.col(f"_c_{kind}")
        found = (
            of_days.join(here, on="pid")
            .filter(pl.col("date") <= ev.as_of)
            .group_by("_g", "date")
            .agg(counts.all().alias("_counts"), pl.col("upn").filter(counts).alias("_upns"))
            .sort("_g", "date")
            .with_columns(pl.col("_counts").not_().cum_sum().over("_g").alias("_run"))
            .filter(pl.col("_counts"))
            .group_by("_g", "_run")
            .agg(
                pl.col("date").min().alias("start"),
                pl.col("date").max().alias("end"),
                pl.len().alias("days"),
                pl.col("_upns").explode().unique().alias("_upns"),
                pl.col("_upns").explode().alias("_each"),
            )
            .filter(pl.col("_upns").list.len() > 1)
            .sort("_g", "start")
        )
        for m in found.iter_rows(named=True):
            days_of.setdefault(m["_g"], []).append(m)
    # the last day each UPN attended up to the as-of date (a joined run ended is "back"
    # only when the child attended after it under one of them)
    # and each UPN's year, registration group and date of birth (the joined row's, said as
    # both when they differ): one pass over the pupils for both
    # (of the UPNs of a child with a joined run alone: read for every pupil, 0.03 s at
    # 20,000 pupils, issue 15)
    seen_of: dict[tuple[Any, str], dt.date] = {}
    who_of: dict[tuple[Any, str], tuple[Any, Any, Any]] = {}
    theirs_upns = list({u for gi in days_of for u in rows[gi]["upn"]})
    for sc, u, d, y, rg, born in ev.pupils.filter(pl.col("upn").is_in(theirs_upns)).select(
        "school", "upn", "last_attended", "year_group", "reg_group", "dob"
    ).iter_rows():
        if d is not None:
            seen_of[(sc, u)] = d
        who_of[(sc, u)] = (y, rg, born)
    # the register's last day when it ends before the as-of date (a run at its end: not
    # known whether it goes on)
    cover = ev.coverage
    data_end = cover.data_end if cover is not None and cover.days_after_data > 0 else None
    out: list[JoinedRun] = []
    for gi, g in enumerate(rows):
        if gi not in joinable:
            continue
        school, upns, theirs = g["school"], list(g["upn"]), theirs_of[gi]
        for m in days_of.get(gi, []):
            # each UPN's own runs touching this one: joined only when each lies inside it
            touching = [r for r in theirs if r["start"] <= m["end"] and r["end"] >= m["start"]]
            inside = [r for r in touching if m["start"] <= r["start"] and r["end"] <= m["end"]]
            if len(inside) < len(touching) or {r["upn"] for r in inside} != set(m["_upns"]):
                continue  # one reaches over a day the child was seen under another UPN
            if part_time:
                # a C2 session inside its span: a part-time run of a UPN in it, or a day of
                # C2 alone under one of them between its first and last day (N under OLD,
                # a C2 day, N under NEW: the lead's decision of sweep decide9 read across
                # the UPNs, sweep leftovers11); none: a run of unexplained absence, joined so
                inner = any(m["start"] < d < m["end"] for d in c2_alone.get(gi, ()))
                if not inner and not any(r["kind"] == kind for r in inside):
                    continue
                inside = _by_upn(inside, m["_each"])
            # (in the order the child came on roll under them: :func:`_roll_order`)
            chain = sorted(((r["upn"], r) for r in inside), key=lambda c: upns.index(c[0]))
            out.extend(_joined(school, g, chain, m["days"], seen_of, kind, who_of, data_end))
    if since is not None:
        out = [j for j in out if j.current or j.end >= since]
    return out


def _c2_alone(
    prepared: Any, rows: list[dict], members: pl.DataFrame, of: Collection[int], as_of: dt.date
) -> dict[int, list[dt.date]]:
    """The days up to ``as_of`` of ``C2`` at every possible session (no timetabled
    session) under any UPN of each child of ``of`` (its row of ``rows``, the children under
    two UPNs; ``members``: ``_g``, ``_sck``, ``upn`` of each), a stray day aside, as
    :meth:`attcli.engine.Prepared._part_time_runs` reads them (:meth:`attcli.engine.Prepared.part_time_days`:
    the school's pupils with a C2 mark, made once)."""
    sck = pl.col("school").cast(pl.Utf8).fill_null("")
    pids = (
        prepared.roll.pupils.with_columns(sck.alias("_sck"))
        .join(members.filter(pl.col("_g").is_in(list(of))), on=["_sck", "upn"])
        .select("_g", "pid")
    )
    out: dict[int, list[dt.date]] = {}
    for school in dict.fromkeys(rows[g]["school"] for g in sorted(of)):
        here = pids.filter(pl.col("_g").is_in([g for g in of if rows[g]["school"] == school]))
        stray = prepared.stray[school].get_column("date")
        alone = (
            prepared.part_time_days(school)
            .filter(
                pl.col("_only_c2") & (pl.col("date") <= as_of)
                & pl.col("date").is_in(stray.implode()).not_()
            )
            .join(here, on="pid")
        )  # fmt: skip
        for g, d in alone.select("_g", "date").iter_rows():
            out.setdefault(g, []).append(d)
    return out


def _by_upn(inside: list[dict], each: Sequence[str]) -> list[dict]:
    """The runs of each UPN inside a part-time run across UPNs (:func:`joined_runs`) as one
    part a UPN: a UPN's part-time run and its runs of unexplained absence beside it (split
    by a day of C2 alone, which breaks those) are one part, its days those of the joined
    run that count under it (``each``: a UPN a day it counts)."""
    out: dict[str, dict] = {}
    for r in sorted(inside, key=lambda r: r["start"]):
        u = r["upn"]
        if u not in out:
            out[u] = dict(r)
            continue
        was = out[u]
        was["codes"] = sorted({*was["codes"], *r["codes"]})
        if r["end"] >= was["end"]:
            was.update(end=r["end"], current=r["current"], left_on=r["left_on"])
    for u, r in out.items():
        r["days"] = sum(1 for x in each if x == u)
    return list(out.values())


def rows_of_one_child(
    ev: Evaluation, listed: Collection[tuple[str, str]], where: str
) -> OneChildRows:
    """A line for each child the loader names as under two UPNs or more
    (:func:`attcli.loaders.children_under_two_upns`) two of whose UPNs are rows of a file
    for the local authority (``listed``: (school as text, UPN) of its rows; ``where``: "this
    file", "this return"): the LA reads two pupils, one of whom "left the roll" on the day
    the temporary UPN ended, and each row's figures are its UPN's alone.  Not of two
    children on roll together (:func:`_two_children`: one seen while the other was absent),
    who are two rows rightly.  A row alone of a UPN that left the roll, a later UPN of the
    child on roll in no row, is said too ("is one row of this file, OLD (on roll ... the
    date its row gives as leaving the roll), and on roll as NEW from 05/10/2026, in no
    row"): the LA reads a child deleted from the roll.  "Child, Kit (OLD, NEW: one child
    under two UPNs?) is two rows of this return, each with its own UPN's figures alone (OLD
    on roll 07/09/2026 to 02/10/2026, the date its row gives as leaving the roll; NEW
    05/10/2026 to 16/10/2026): if one child, ..." (sweep twoupn).  Each row's note names
    the child's other UPNs, each with its time on roll and whether a row of the file, and
    for a row that left the roll as a later UPN came, that the date may be the change:
    "one child under two UPNs? also NEW, on roll 05/10/2026 to 16/10/2026 (a row of this
    return), with the same surname, forename and date of birth: this row's figures are
    OLD's alone, and its leaving the roll on 02/10/2026 may be the change of UPN"."""
    prepared = ev.prepared
    if prepared is None or not listed:
        return OneChildRows()
    from attcli.loaders import children_under_two_upns
    from attcli.roll import date_of

    groups = _roll_order(prepared, children_under_two_upns(prepared.roll))
    if not groups.height:
        return OneChildRows()
    rows = list(groups.iter_rows(named=True))
    pupils = ev.pupils.select(pl.col("school").cast(pl.Utf8).fill_null(""), "upn", "left_on")
    left = {(sc, u) for sc, u, gone in pupils.iter_rows() if gone is not None}
    went_on = continued_as(ev)
    chosen: dict[int, list[str]] = {}
    after: dict[int, str] = {}  # a row alone, left: the later UPN on roll, in no row
    for gi, g in enumerate(rows):
        school, upns = g["school"] or "", list(g["upn"])
        us = [u for u in upns if (school, u) in listed]
        if len(us) > 1:
            chosen[gi] = us
        elif len(us) == 1 and (school, us[0]) in left and (school, us[0]) in went_on:
            chosen[gi], after[gi] = us, went_on[(school, us[0])][0]
    if not chosen:
        return OneChildRows()
    apart = _two_children(prepared, groups, {gi: rows[gi]["upn"] for gi in chosen})
    spans = _spans(prepared, groups)
    out = []
    notes: dict[tuple[str, str], str] = {}
    for gi, us in chosen.items():
        if gi in apart:
            continue
        g = rows[gi]
        school, upns = g["school"] or "", list(g["upn"])
        # each UPN's time on roll (the loader's first and last row without the roll's)
        span = {
            u: tuple(map(date_of, spans.get((school, u), (g["_first"][i], g["_last"][i]))))
            for i, u in enumerate(upns)
        }

        child, _ = _child(g["surname"], g["forename"], upns)
        for u in us:
            others = "; ".join(
                f"{o}, on roll {span[o][0]:%d/%m/%Y} to {span[o][1]:%d/%m/%Y} "
                f"({'a row' if o in us else 'in no row'} of {where})"
                for o in upns if o != u
            )  # fmt: skip
            changed = (school, u) in left and any(span[o][0] > span[u][1] for o in upns)
            notes[(school, u)] = (
                f"one child under {number_word(len(upns))} UPNs? also {others}, with the "
                f"same surname, forename and date of birth: this row's figures are {u}'s "
                "alone"
                + (
                    f", and its leaving the roll on {span[u][1]:%d/%m/%Y} may be the change "
                    "of UPN" if changed else ""
                )
            )
        gone = ", the date its row gives as leaving the roll"
        if gi in after:
            (u,) = us
            (first, last), came = span[u], span[after[gi]][0]
            out.append(
                f"{child} is one row of "
                f"{where}, {u} (on roll {first:%d/%m/%Y} to {last:%d/%m/%Y}{gone}), and on "
                f"roll as {after[gi]} from {came:%d/%m/%Y}, in no row: {one_upn(upns)}"
            )
            continue
        each = []
        for i, u in enumerate(us):
            first, last = span[u]
            each.append(
                f"{u}{' on roll' if i == 0 else ''} {first:%d/%m/%Y} to {last:%d/%m/%Y}"
                f"{gone if (school, u) in left else ''}"
            )
        out.append(
            f"{child} is "
            f"{number_word(len(us))} rows of {where}, each with its own UPN's figures alone "
            f"({'; '.join(each)}): {one_upn(upns)}"
        )
    return OneChildRows(tuple(out), notes)


def ladder_across_upns(
    ev: Evaluation, reached: Mapping[str, tuple[str, dt.date]], now: Mapping[str, str]
) -> list[str]:
    """A line for each child the loader names as under two UPNs or more
    (:func:`attcli.loaders.children_under_two_upns`) with a stage of the escalation ladder
    on record under a UPN no longer on roll (``reached``: UPN -> the title of the latest
    stage on record and its day) and a later UPN on roll (``now``: UPN -> what the ladder
    says of it now, "Red letter due, held for review"): the ladder reads each UPN's records
    alone, so the child starts it again under the new UPN, the stage reached unsaid.  Not
    of two children (:func:`_two_children`: one seen while the other was absent).  "Child,
    Kit (OLD, NEW: one child under two UPNs?) reached Red letter on the ladder under OLD
    (recorded 25/09/2026), and the ladder starts again under NEW (Red letter due, held for
    review): if one child, ..." (sweep twoupn)."""
    prepared = ev.prepared
    if prepared is None or not reached:
        return []
    from attcli.loaders import children_under_two_upns

    groups = _roll_order(prepared, children_under_two_upns(prepared.roll))
    if not groups.height:
        return []
    on_roll = {
        (sc or "", u)
        for sc, u in ev.pupils.filter(pl.col("on_roll"))
        .select(pl.col("school").cast(pl.Utf8), "upn")
        .iter_rows()
    }
    rows = list(groups.iter_rows(named=True))
    pairs: dict[int, tuple[str, str]] = {}
    for gi, g in enumerate(rows):
        school, upns = g["school"] or "", list(g["upn"])
        gone = [u for u in upns if u in reached and (school, u) not in on_roll]
        if not gone:
            continue
        old = max(gone, key=lambda u: (reached[u][1], upns.index(u)))
        later = [u for u in upns[upns.index(old) + 1 :] if (school, u) in on_roll and u in now]
        if later:
            pairs[gi] = (old, later[-1])
    if not pairs:
        return []
    apart = _two_children(prepared, groups, pairs)
    out = []
    for gi, (old, new) in pairs.items():
        if gi in apart:
            continue
        g = rows[gi]
        upns = list(g["upn"])
        child, _ = _child(g["surname"], g["forename"], upns)
        title, day = reached[old]
        out.append(
            f"{child} reached {title} on "
            f"the ladder under {old} (recorded {day:%d/%m/%Y}), and the ladder starts again "
            f"under {new} ({now[new]}): {one_upn(upns)}"
        )
    return out


def other_upns(
    ev: Evaluation, keys: Collection[tuple[str, str]]
) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """(school as text, UPN) of ``keys`` -> (school as text, UPN) of the other UPNs of the
    child, for each of ``keys`` the loader names as one child under two UPNs or more
    (:func:`attcli.loaders.children_under_two_upns`), not two children seen apart
    (:func:`_two_children`): where a record moved to the new UPN (`attcli pupil merge`)
    finds its sessions under the old one in exports that still hold it (sweep twoupn)."""
    prepared = ev.prepared
    if prepared is None or not keys:
        return {}
    from attcli.loaders import children_under_two_upns

    groups = children_under_two_upns(prepared.roll)
    if not groups.height:
        return {}
    wanted = set(keys)
    rows = list(groups.iter_rows(named=True))
    chosen = {
        gi: list(g["upn"]) for gi, g in enumerate(rows)
        if any((g["school"] or "", u) in wanted for u in g["upn"])
    }  # fmt: skip
    if not chosen:
        return {}
    apart = _two_children(prepared, groups, chosen)
    out = {}
    for gi, upns in chosen.items():
        if gi in apart:
            continue
        school = rows[gi]["school"] or ""
        for u in upns:
            if (school, u) in wanted:
                out[(school, u)] = tuple((school, o) for o in upns if o != u)
    return out


def continued_as(ev: Evaluation) -> dict[tuple[str, str], tuple[str, dt.date]]:
    """(school as text, UPN) -> (a later UPN of the child on roll, the first day of its
    time on roll) of each UPN no longer on roll of a child the loader names as under two
    UPNs or more (:func:`attcli.loaders.children_under_two_upns`), not two children seen
    apart (:func:`_two_children`): its "left the roll" may be the day the MIS changed the
    UPN, not a deletion (sweep twoupn)."""
    prepared = ev.prepared
    if prepared is None:
        return {}
    from attcli.loaders import children_under_two_upns
    from attcli.roll import date_of

    groups = _roll_order(prepared, children_under_two_upns(prepared.roll))
    if not groups.height:
        return {}
    # (of the children's UPNs alone, not a set of every pupil on roll: issue 15)
    on_roll = {
        (sc, u)
        for sc, u in _of_groups(ev.pupils.filter(pl.col("on_roll")), groups)
        .select("_sck", pl.col("upn").cast(pl.Utf8))
        .iter_rows()
    }
    rows = list(groups.iter_rows(named=True))
    found: dict[int, list[tuple[str, str]]] = {}
    for gi, g in enumerate(rows):
        school, upns = g["school"] or "", list(g["upn"])
        for i, u in enumerate(upns):
            later = [o for o in upns[i + 1 :] if (school, o) in on_roll]
            if (school, u) not in on_roll and later:
                found.setdefault(gi, []).append((u, later[-1]))
    if not found:
        return {}
    apart = _two_children(prepared, groups, {gi: rows[gi]["upn"] for gi in found})
    spans = _spans(prepared, groups)
    out = {}
    for gi, pairs in found.items():
        if gi in apart:
            continue
        g = rows[gi]
        school, upns = g["school"] or "", list(g["upn"])
        for u, new in pairs:
            came = spans.get((school, new), (g["_first"][upns.index(new)], 0))[0]
            out[(school, u)] = (new, date_of(came))
    return out


def unless_one_child(upn: str, came: dt.date) -> str:
    """What a leaver's line adds of a UPN :func:`continued_as` names: ", unless one child
    with NEW, on roll from 05/10/2026 (one child under two UPNs?)"."""
    return (
        f", unless one child with {upn}, on roll from {came:%d/%m/%Y} (one child under two "
        "UPNs?)"
    )


def _spans(prepared: Any, groups: pl.DataFrame) -> dict[tuple[str, str], tuple[int, int]]:
    """(school as text, UPN) -> the ``ord`` of the first and last session of each UPN's
    time on roll (the resolved register's), for the UPNs of ``groups``; none without it."""
    spans = prepared.roll.spans
    if spans is None:
        return {}
    return {
        (sc, u): (f, t)
        for sc, u, f, t in _of_groups(
            prepared.roll.with_keys(spans.select("pid", "_from", "_to")), groups
        )
        .select("_sck", "upn", "_from", "_to")
        .iter_rows()
    }


def _two_children(
    prepared: Any, groups: pl.DataFrame, chosen: Mapping[int, Sequence[str]]
) -> set[int]:
    """The children of ``groups`` (by row, those ``chosen``: their UPNs) that are two: in
    some session one of the UPNs was attended and another had a possible mark not
    attended, and the UPNs are on roll together, not one after the other.  One child cannot
    be both (the rule by which a joined run breaks on a day seen under another UPN,
    :func:`joined_runs`); two children of one name and birthday on roll together are.  UPNs
    one after the other (each begins and ends after the one before, as a temporary UPN
    and the permanent one do, overlapping exports a week apart) seen apart in a session
    are one child's exports disagreeing there (a correction made between them): the join
    breaks at that day only, as before, and a run across them is not missed."""
    from attcli.codes import POSSIBLE_CATEGORIES
    from attcli.engine import ATTENDED

    rows = list(groups.iter_rows(named=True))
    spans = _spans(prepared, groups)
    together = {}
    for gi, us in chosen.items():
        g, school = rows[gi], rows[gi]["school"] or ""
        upns = list(g["upn"])
        each = sorted(
            spans.get((school, u), (g["_first"][upns.index(u)], g["_last"][upns.index(u)]))
            for u in us
        )
        if not all(a[0] < b[0] and a[1] < b[1] for a, b in zip(each, each[1:], strict=False)):
            together[gi] = us
    if not together:
        return set()
    of = _members(prepared, groups, {gi: (rows[gi], list(us), []) for gi, us in together.items()})
    attended = pl.col("category").is_in(list(ATTENDED))
    return set(
        _marks_of(prepared, of)
        .filter(pl.col("category").is_in(list(POSSIBLE_CATEGORIES)))
        .group_by("_g", "ord")
        .agg(attended.any().alias("_a"), attended.not_().any().alias("_n"))
        .filter(pl.col("_a") & pl.col("_n"))
        .select("_g")
        .unique()
        .collect()
        .get_column("_g")
        .to_list()
    )


def _roll_order(prepared: Any, groups: pl.DataFrame) -> pl.DataFrame:
    """``groups`` (:func:`attcli.loaders.children_under_two_upns`) with each child's UPNs in
    the order the child came on roll under them (the resolved register's time on roll, from
    the first mark or a pupil list's date), the loader's order on a tie: its order is by
    each UPN's first row, blank cells included, and an export writing the new UPN's cells
    blank from September put it first, every line then naming it first and advising
    `attcli pupil merge NEW OLD`, which moves the records from the UPN in use to the one
    gone (docs/decisions.md, sweep rc3)."""
    spans = prepared.roll.spans
    if spans is None or not groups.height:
        return groups
    # (the same children (the loader's frame, made once) are put in order by eight steps
    # of a check: done once a run, issue 15)
    memo = getattr(prepared, "memo", None)
    cached = memo.get("joined.roll_order") if memo is not None else None
    if isinstance(cached, tuple) and cached[0] is groups and cached[1] is spans:
        return cached[2]
    found = _in_roll_order(prepared, groups, spans)
    if memo is not None:
        memo["joined.roll_order"] = (groups, spans, found)
    return found


def _in_roll_order(prepared: Any, groups: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    sck = pl.col("school").cast(pl.Utf8).fill_null("")
    came = {
        (sc, u): f
        for sc, u, f in _of_groups(prepared.roll.with_keys(spans.select("pid", "_from")), groups)
        .select("_sck", "upn", "_from")
        .iter_rows()
    }
    rows = []
    for g in groups.with_columns(sck.alias("_sck")).iter_rows(named=True):
        sc = g.pop("_sck")
        order = sorted(
            range(len(g["upn"])),
            key=lambda i: (came.get((sc, g["upn"][i]), g["_first"][i]), i),
        )
        for c in ("upn", "_first", "_last"):
            g[c] = [g[c][i] for i in order]
        rows.append(g)
    return pl.DataFrame(rows, schema=groups.schema, orient="row")


def _joined(
    school: str | None,
    child: dict,
    chain: list[tuple[str, dict]],
    days: int,
    seen_of: dict[tuple[str | None, str], dt.date] | None = None,
    kind: str = "unexplained",
    who_of: Mapping[tuple[str | None, str], tuple[Any, Any, Any]] | None = None,
    data_end: dt.date | None = None,
) -> list[JoinedRun]:
    """The run of ``chain`` ((UPN, run) of :func:`joined_runs`, in the UPNs' order, each
    UPN's run wholly inside the joined one) joined, of ``days`` distinct school days, in a
    list; none of a chain of one UPN.  ``who_of``: (school, UPN) -> its year group,
    registration group and date of birth; ``data_end``: the register's last day when it
    ends before the as-of date (None: it does not)."""
    if len(chain) < 2:
        return []
    rs = [r for _, r in chain]
    # the end: the run ending last (a current one first, on a tie) says whether it is still
    # going or the child left; seen last: the latest day attended under any UPN before it
    last = max(rs, key=lambda r: (r["end"], bool(r["current"])))
    seen = [r["last_attended"] for r in rs if r["last_attended"] is not None]
    since = [(seen_of or {}).get((school, u)) for u, _ in chain]
    back = any(d is not None and d > last["end"] for d in since)
    who = [(who_of or {}).get((school, u), (None, None, None)) for u, _ in chain]
    c2 = {"C2"} if kind != "unexplained" else set()
    # (as cme_runs says "data_ends" of a UPN's own run: at the pupil's last possible day,
    # the register's last, before the as-of date)
    ends = data_end is not None and last["end"] == last.get("last_possible") and last["end"] <= data_end
    return [
        JoinedRun(
            school, child["surname"] or "", child["forename"] or "",
            tuple(u for u, _ in chain), tuple(r["days"] for r in rs), days,
            min(r["start"] for r in rs), last["end"],
            # (a part-time run holds C2 in its span, a day of C2 alone maybe: said, as a
            # UPN's own part-time run's codes say it, Prepared._part_time_runs)
            tuple(sorted({c for r in rs for c in r["codes"]} | c2)),
            bool(last["current"]), last["left_on"], max(seen) if seen else None, back, kind,
            *(tuple(w[i] for w in who) for i in range(3)), ends,
        )  # fmt: skip
    ]


def _every_upns_sessions(
    prepared: Any, of: pl.DataFrame, first: int, last: int, counts: pl.Expr | pl.DataFrame
) -> dict[int, int]:
    """Each child's (``of``: ``_g``, the child, and ``pid``, one of its UPNs) distinct
    sessions from ``ord`` ``first`` to ``last`` that count (``counts``, over a mark's
    columns) under every one of its UPNs with a possible mark in that session: a session
    under two UPNs (overlapping exports) once, and one marked present (or another code)
    under another UPN in that very session not at all, as a day seen under another UPN
    breaks a joined run (:func:`joined_runs`): one child cannot be both, and two children
    of one name and birthday on roll together, each ill on her own days, were added up
    into one child's sickness (sweep "notes").  A session with no possible mark under a
    UPN (none, or a blank cell) neither counts nor stops it, as for each UPN's days.
    ``counts`` as a frame: the sessions (``pid``, ``ord``) that count, every other not."""
    marks = _marks_of(prepared, of)  # (a few hundred marks)
    if isinstance(counts, pl.DataFrame):
        hits = counts.lazy().select(
            pl.col("pid").cast(prepared.roll.marks.schema["pid"]),
            pl.col("ord").cast(prepared.roll.marks.schema["ord"]),
            pl.lit(True).alias("_hit"),
        )
        marks = marks.join(hits, on=["pid", "ord"], how="left")
        counts = pl.col("_hit").fill_null(False)
    return _every_mark_counts(marks.filter(pl.col("ord").is_between(first, last)), counts)


def _marks_of(prepared: Any, of: pl.DataFrame) -> pl.LazyFrame:
    """The rows of ``prepared``'s marks of the few pupils of ``of`` (``pid`` and more: one
    child's UPNs, the children under two UPNs) with ``of``'s columns: the pupils' marks
    picked out by their pids first, then joined to ``of``.  A join of the whole register
    to them probed each of its millions of marks (issue 15: 0.06 s against 0.016 s a call
    at 20,000 pupils, five calls a check); the marks of every UPN of the children under
    two UPNs are now picked out once a run (:func:`_children_marks`) and each call reads
    those, or every mark for a pupil not among them."""
    marks, pids = _children_marks(prepared)
    if not of.get_column("pid").is_in(pids.implode()).all():
        marks = prepared.roll.marks
    return _picked(marks, of)


def _picked(marks: pl.DataFrame, of: pl.DataFrame) -> pl.LazyFrame:
    """The rows of ``marks`` of the pupils of ``of`` (:func:`_marks_of`), with its columns."""
    return (
        marks.lazy()
        .filter(pl.col("pid").is_in(of.get_column("pid").implode()))
        .join(of.lazy(), on="pid")
    )


def _children_marks(prepared: Any) -> tuple[pl.DataFrame, pl.Series]:
    """The marks of every UPN of the children under two UPNs or more
    (:func:`attcli.loaders.children_under_two_upns`) of ``prepared``, and their pids:
    one pass over the register a run (:attr:`attcli.engine.Prepared.memo`), not one a
    line said across a child's UPNs."""
    found: tuple[pl.DataFrame, pl.Series] | None = prepared.memo.get("joined.children_marks")
    if found is None:
        from attcli.loaders import children_under_two_upns

        roll = prepared.roll
        pids = _of_groups(roll.pupils, children_under_two_upns(roll)).get_column("pid")
        # (lazy: the register's own filter copies it first, tests/test_marks_lazy.py)
        picked = roll.marks.lazy().filter(pl.col("pid").is_in(pids.implode())).collect()
        found = (picked, pids)
        prepared.memo["joined.children_marks"] = found
    return found


def _every_mark_counts(marks: pl.LazyFrame, counts: pl.Expr) -> dict[Any, int]:
    """Each ``_g``'s distinct sessions (``ord``) of ``marks`` (``_g``, ``ord``,
    ``category``) in which every possible mark counts (``counts``): a session whose
    marks all count once, one with any possible mark that does not count not at all, and
    a mark that is not possible (D, a blank) neither counts nor stops it.  The one rule
    of a child's sessions read from two records at once, two UPNs
    (:func:`_every_upns_sessions`) or two schools (:func:`pn_across_schools`)."""
    from attcli.codes import POSSIBLE_CATEGORIES

    return dict(
        marks
        .filter(pl.col("category").is_in(list(POSSIBLE_CATEGORIES)))
        .group_by("_g", "ord")
        .agg(counts.all().alias("_counts"))
        .filter(pl.col("_counts"))
        .group_by("_g")
        .len()
        .collect()
        .iter_rows()
    )


def _of_groups(frame: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` (school, upn, ...) of the children of ``groups``
    (:func:`attcli.loaders.children_under_two_upns`), with ``_sck``, the school as text
    ("" for none): only those children are looked up, not a row of every pupil of the
    school (65 ms at 20,000 pupils, issue 15)."""
    sck = pl.col("school").cast(pl.Utf8).fill_null("")
    named = (
        groups.lazy()
        .select(sck.alias("_sck"), pl.col("upn").cast(pl.List(pl.Utf8)))
        .explode("upn")
        .rename({"upn": "_upn"})
    )
    upn = pl.col("upn").cast(pl.Utf8)
    # (one query, the children's UPNs picked out first: the school as text is made for
    # their rows alone, not every pupil's; it was three queries and every row's school, a
    # call, 24 calls a check at 20,000 pupils: 0.1-0.2 s, issue 15)
    return (
        frame.lazy()
        .filter(upn.is_in(groups.get_column("upn").cast(pl.List(pl.Utf8)).explode().implode()))
        .with_columns(sck.alias("_sck"))
        .join(named, left_on=["_sck", upn], right_on=["_sck", "_upn"], how="semi")
        .collect(engine="in-memory")
    )  # fmt: skip


def _rows_of_groups(
    frame: pl.DataFrame, groups: pl.DataFrame, *columns: str
) -> dict[tuple[str, str], dict[str, Any]]:
    """(school as text, upn) -> the row of ``columns`` of each child of ``groups`` in
    ``frame`` (:func:`_of_groups`)."""
    return {
        (r["_sck"], r["upn"]): r
        for r in _of_groups(frame, groups).select("_sck", "upn", *columns).iter_rows(named=True)
    }


def _wanted(
    groups: pl.DataFrame,
    pupils: Mapping[tuple[str, str], dict],
    out_of_view: Collection[tuple[str, str]],
    flag: str | None = None,
    also: Callable[[list[dict]], bool] | None = None,
) -> dict[int, tuple[dict, list[str], list[dict]]]:
    """The children of ``groups`` a line across UPNs may be said of, by number: (the
    child's group row, its UPNs in ``pupils`` (:func:`_rows_of_groups`), their rows), for
    a child with two UPNs or more there, not all left out of the check's view (a
    --year-group or --reg-group check), none in the group alone (``flag`` true under a
    UPN: its own reason says it), one on roll, and ``also`` of the rows."""
    wanted = {}
    for gi, g in enumerate(groups.iter_rows(named=True)):
        school = g["school"] or ""
        upns = [u for u in g["upn"] if (school, u) in pupils]
        rows = [pupils[(school, u)] for u in upns]
        if (
            len(rows) < 2
            or all((school, u) in out_of_view for u in upns)
            or (flag is not None and any(r[flag] for r in rows))
            or not any(r["on_roll"] for r in rows)
            or (also is not None and not also(rows))
        ):
            continue
        wanted[gi] = (g, upns, rows)
    return wanted


def _members(
    prepared: Any, groups: pl.DataFrame, wanted: Mapping[int, tuple[dict, list[str], list[dict]]]
) -> pl.DataFrame:
    """``_g`` (the child's number in ``wanted``) and ``pid`` of each UPN of the children
    ``wanted`` ((the child's group row, its UPNs, their rows)), for
    :func:`_every_upns_sessions`."""
    pids_of = {
        (sc, u): pid
        for sc, u, pid in _of_groups(prepared.roll.pupils, groups)
        .select("_sck", "upn", "pid")
        .iter_rows()
    }
    return pl.DataFrame(
        [(gi, pids_of[(g["school"] or "", u)]) for gi, (g, upns, _) in wanted.items()
         for u in upns if (g["school"] or "", u) in pids_of],
        schema={"_g": pl.Int64, "pid": prepared.roll.pupils.schema["pid"]}, orient="row",
    )  # fmt: skip


def _pid_sessions(prepared: Any, groups: pl.DataFrame, sessions: pl.DataFrame) -> pl.DataFrame:
    """``pid`` and ``ord`` of the rows of ``sessions`` (school, upn, date, session: an
    evaluation's evidence) of the children of ``groups``: the sessions that count, for
    :func:`_every_upns_sessions`."""
    from attcli.roll import ord_expr

    return (
        _of_groups(sessions, groups)
        .with_columns(pl.col("upn").cast(pl.Utf8))
        .join(_of_groups(prepared.roll.pupils, groups).select("_sck", pl.col("upn").cast(pl.Utf8), "pid"),
              on=["_sck", "upn"])
        .select("pid", ord_expr().alias("ord"))
    )  # fmt: skip


def pn_across_upns(
    ev: Evaluation, out_of_view: Collection[tuple[str, str]] = ()
) -> list[str]:
    """A line for each child the loader names as under two UPNs or more
    (:func:`attcli.loaders.children_under_two_upns`) whose penalty-notice window holds the
    threshold across its UPNs but under none alone (DOMAIN.md 5: the sessions are the
    child's), one of them on roll and of compulsory school age (or of unknown age): the
    distinct sessions the window counts under any of the UPNs (a session under two, from
    overlapping exports, once; one marked otherwise under another UPN in that very
    session, not: :func:`_every_upns_sessions`).  Each UPN's figures stay its own, as a run's do
    (:func:`joined_runs`): two children can share all three details, so attcli never
    merges them, but a child at the threshold read as 6 and 6 was in no group, unsaid."""
    prepared = ev.prepared
    if prepared is None or ev.pn_sessions.is_empty():
        return []
    from attcli.loaders import children_under_two_upns
    from attcli.percent import counted

    groups = _roll_order(prepared, children_under_two_upns(prepared.roll))
    if not groups.height:
        return []
    pupils = _rows_of_groups(
        ev.pupils, groups, "pn_window_sessions", "pn_threshold_met", "compulsory_school_age",
        "on_roll", "pn_window_start", "pn_window_end",
    )  # fmt: skip
    threshold = ev.config.pn_sessions
    wanted = _wanted(
        groups, pupils, out_of_view, "pn_threshold_met",
        # (of compulsory school age, or of unknown age, under one UPN at least)
        lambda rows: any(r["compulsory_school_age"] is not False for r in rows),
    )  # fmt: skip
    if not wanted:
        return []
    # the window's sessions under every UPN of the child with a possible mark then (a
    # session under two once; one the child was present in under another UPN, not:
    # :func:`_every_upns_sessions`); each UPN's own are in its window (one school's)
    from attcli.roll import ord_of

    of = _members(prepared, groups, wanted)
    hits = _pid_sessions(prepared, groups, ev.pn_sessions)
    starts = [r["pn_window_start"] for w in wanted.values() for r in w[2]]
    ends = [r["pn_window_end"] for w in wanted.values() for r in w[2]]
    counted_of = _every_upns_sessions(
        prepared, of, ord_of(min(starts)), ord_of(max(ends), pm=True), hits
    )
    out = []
    for gi, (g, upns, rows) in wanted.items():
        n = counted_of.get(gi, 0)
        if n < threshold:
            continue
        child, count = _child(g["surname"], g["forename"], upns)
        parts = ", ".join(f"{u}'s {r['pn_window_sessions']}" for u, r in zip(upns, rows, strict=True))
        start, end = rows[-1]["pn_window_start"], rows[-1]["pn_window_end"]
        out.append(
            f"{child} has "
            f"{counted(n, 'unauthorised session')} in the penalty-notice window "
            f"{start:%d/%m/%Y} to {end:%d/%m/%Y} across the {count} UPNs ({parts}), the "
            f"threshold of {threshold}, but {'neither UPN' if len(upns) == 2 else 'no UPN'} "
            f"alone is in the penalty-notice group: {one_upn(upns)}"
        )
    return out


def band_across_upns(
    ev: Evaluation, out_of_view: Collection[tuple[str, str]] = ()
) -> list[str]:
    """A line for each child the loader names as under two UPNs or more
    (:func:`attcli.loaders.children_under_two_upns`) whose attendance over the period
    across its UPNs is in a worse band than each UPN on roll has alone (or, with none
    alone, in any but the least serious band): the child is persistently absent, say,
    while the permanent UPN's weeks alone are green, and the check listed nobody (the old
    UPN left: no action; the new one green).  The child's figures are each UPN's own (the
    engine's: ``possible``, ``attended``) added, less a session under two UPNs
    (overlapping exports) counted again: once, attended when attended under any of them.
    Bands as the engine gives them (:func:`attcli.engine.band_expr`: exact integers, the
    minimum of possible sessions), the percentage as people read it
    (:func:`attcli.percent.pct_text`, kept off the bands' lines); none from a register
    that does not cover the period.  A band overstated
    by one UPN is not said here: the letters of a child under two UPNs are held already
    (:class:`attcli.absence.HoldRule`).  Each UPN's figures stay its own, as a
    penalty-notice window's do (:func:`pn_across_upns`) (sweep interactions)."""
    prepared = ev.prepared
    if prepared is None or ev.pupils.is_empty() or ev.coverage is None:
        return []
    if not ev.coverage.covers_period:
        return []
    from attcli.codes import POSSIBLE_CATEGORIES
    from attcli.engine import ATTENDED, band_expr
    from attcli.letter_settings import reading_lines
    from attcli.loaders import children_under_two_upns
    from attcli.percent import with_sessions
    from attcli.roll import ord_of

    groups = _roll_order(prepared, children_under_two_upns(prepared.roll))
    if not groups.height:
        return []
    config = ev.config
    rank = config.band_rank
    pupils = _rows_of_groups(ev.pupils, groups, "possible", "attended", "band", "on_roll")
    wanted = _wanted(groups, pupils, out_of_view)
    if not wanted:
        return []
    # the sessions under two UPNs or more of one child (overlapping exports): counted once
    of = _members(prepared, groups, wanted)
    twice = {
        gi: (possible, attended)
        for gi, possible, attended in _marks_of(prepared, of)
        .filter(
            pl.col("ord").is_between(ord_of(ev.period_start), ord_of(ev.as_of, pm=True))
            & pl.col("category").is_in(POSSIBLE_CATEGORIES)
        )
        .group_by("_g", "date", "session")
        .agg(pl.len().alias("_n"), pl.col("category").is_in(ATTENDED).sum().alias("_a"))
        .filter(pl.col("_n") > 1)
        .group_by("_g")
        .agg((pl.col("_n") - 1).sum(), (pl.col("_a") - 1).clip(0).sum())
        .collect()
        .iter_rows()
    }
    lines = reading_lines(config)
    out = []
    for gi, (g, upns, rows) in wanted.items():
        extra_p, extra_a = twice.get(gi, (0, 0))
        possible = sum(r["possible"] for r in rows) - extra_p
        attended = sum(r["attended"] for r in rows) - extra_a
        band = pl.select(
            band_expr(pl.lit(attended), pl.lit(possible), config.bands, config.min_possible_sessions)
        ).item()
        here = [(u, r) for u, r in zip(upns, rows, strict=True) if r["on_roll"]]
        # (no band alone, too few sessions, is as the least serious band: a child green
        # across the UPNs, whose new UPN has no band yet, needs nothing said)
        if band is None or any(rank.get(r["band"], 0) >= rank[band] for _, r in here):
            continue
        child, count = _child(g["surname"], g["forename"], upns)
        parts = ", ".join(
            f"{u}'s {r['attended']} of {r['possible']}" for u, r in zip(upns, rows, strict=True)
        )
        alone = " and ".join(
            f"{u} alone is {r['band']}" if r["band"] else f"{u} alone has no band"
            for u, r in here
        )
        out.append(
            f"{child} has attendance of "
            f"{with_sessions(attended, possible, lines)} from "
            f"{ev.period_start:%d/%m/%Y} to "
            f"{ev.as_of:%d/%m/%Y} across the {count} UPNs ({parts}): {band}, but {alone}: "
            f"{one_upn(upns)}"
        )
    return out


def lates_across_upns(
    ev: Evaluation, out_of_view: Collection[tuple[str, str]] = ()
) -> list[str]:
    """A line for each child the loader names as under two UPNs or more
    (:func:`attcli.loaders.children_under_two_upns`) with ``[lateness] threshold`` late
    arrivals or more in the half term of the as-of date across its UPNs but under none
    alone (DOMAIN.md 4: the lates are the child's), one of them on roll: the distinct late
    sessions (a session under two, from overlapping exports, once) of the evaluation's
    lateness evidence, the half term's to the as-of date.  Each UPN's figures stay its own,
    as a penalty-notice window's do (:func:`pn_across_upns`): a child with 2 lates under
    the temporary UPN and 2 under the permanent one was in no lateness group, unsaid
    (sweep interactions)."""
    prepared = ev.prepared
    if prepared is None or ev.late_sessions.is_empty() or ev.half_term is None:
        return []
    from attcli.loaders import children_under_two_upns
    from attcli.percent import counted
    from attcli.roll import ord_of

    groups = _roll_order(prepared, children_under_two_upns(prepared.roll))
    if not groups.height:
        return []
    pupils = _rows_of_groups(ev.pupils, groups, "lates_half_term", "lates_flag", "on_roll")
    threshold = ev.config.lates_threshold
    wanted = _wanted(groups, pupils, out_of_view, "lates_flag")
    if not wanted:
        return []
    # the half term's late sessions under every UPN of the child with a possible mark then
    # (a session under two once; one the child was present at under another UPN, not:
    # :func:`_every_upns_sessions`)
    counted_of = _every_upns_sessions(
        prepared, _members(prepared, groups, wanted), ord_of(ev.half_term.start),
        ord_of(ev.as_of, pm=True), _pid_sessions(prepared, groups, ev.late_sessions),
    )  # fmt: skip
    out = []
    for gi, (g, upns, rows) in wanted.items():
        n = counted_of.get(gi, 0)
        if n < threshold:
            continue
        child, count = _child(g["surname"], g["forename"], upns)
        parts = ", ".join(f"{u}'s {r['lates_half_term']}" for u, r in zip(upns, rows, strict=True))
        out.append(
            f"{child} has "
            f"{counted(n, 'late arrival')} in {ev.half_term.name} to {ev.as_of:%d/%m/%Y} "
            f"across the {count} UPNs ({parts}), the lateness threshold of {threshold} in a "
            f"half term, but {'neither UPN' if len(upns) == 2 else 'no UPN'} alone is in the "
            f"lateness group: {one_upn(upns)}"
        )
    return out


def sickness_across_upns(
    ev: Evaluation, out_of_view: Collection[tuple[str, str]] = ()
) -> list[str]:
    """A line for each child the loader names as under two UPNs or more
    (:func:`attcli.loaders.children_under_two_upns`) who meets the sickness rule across
    its UPNs but under none alone (DOMAIN.md 7: 15 school days through illness in the
    school year, ``[sickness] sessions`` or a run of ``[sickness] days``), one of them on
    roll: the distinct illness sessions in the school year to the as-of date under any of
    the UPNs (a session under two, from overlapping exports, once; one marked otherwise
    under another UPN in that very session, not: :func:`_every_upns_sessions`), and the
    longest run of
    school days on which the child's every possible session, under every UPN with one that
    day, is illness (a day with none under any neither counts nor breaks it, DOMAIN.md 6;
    a stray day is no school day, as for each UPN's own runs).  Each UPN's figures stay
    its own, as a run's and a penalty-notice window's do (:func:`joined_runs`,
    :func:`pn_across_upns`): a child 15 days ill read as 8 and 7 was in no group, unsaid."""
    prepared = ev.prepared
    if prepared is None or ev.pupils.is_empty():
        return []
    from attcli.calendar import academic_year_start
    from attcli.loaders import children_under_two_upns
    from attcli.percent import counted, illness_run
    from attcli.roll import ord_of

    groups = _roll_order(prepared, children_under_two_upns(prepared.roll))
    if not groups.height:
        return []
    config = ev.config

    pupils = _rows_of_groups(
        ev.pupils, groups, "sickness_sessions", "sickness_longest_days", "sickness_flag",
        "on_roll",
    )  # fmt: skip
    year_start = academic_year_start(ev.as_of)
    first, last = ord_of(year_start), ord_of(ev.as_of, pm=True)
    # the children who may be over it across their UPNs: each read once, all together
    # (issue 15: a child at a time went over the school's marks again)
    wanted = _wanted(groups, pupils, out_of_view, "sickness_flag")
    if not wanted:
        return []
    of = _members(prepared, groups, wanted)
    # (on the Categorical, as the engine's counts: no text made per mark)
    sessions = _every_upns_sessions(
        prepared, of, first, last, pl.col("mark").is_in(config.sickness_codes)
    )
    longest: dict[int, int] = {}
    for school in dict.fromkeys(wanted[gi][0]["school"] for gi in wanted):
        stray = prepared.stray.get(school)
        strays = stray.get_column("date") if stray is not None else pl.Series([], dtype=pl.Date)
        here = of.filter(pl.col("_g").is_in([gi for gi in wanted if wanted[gi][0]["school"] == school]))
        found = (
            prepared.days(school)
            .lazy()
            .filter(
                pl.col("date").is_between(year_start, ev.as_of)
                & pl.col("date").is_in(strays.implode()).not_()
                & beside_only("sickness", prepared.kinds["sickness"]).not_()
            )
            .join(here.lazy(), on="pid")
            .group_by("_g", "date")
            .agg(pl.col("_c_sickness").all().alias("_counts"))
            .sort("_g", "date")
            .with_columns(pl.col("_counts").not_().cum_sum().over("_g").alias("_run"))
            .filter(pl.col("_counts"))
            .group_by("_g", "_run")
            .len()
            .group_by("_g")
            .agg(pl.col("len").max())
            .collect()
        )
        longest.update(dict(found.iter_rows()))
    out = []
    for gi, (g, upns, rows) in wanted.items():
        n, days = sessions.get(gi, 0), longest.get(gi, 0)
        if n < config.sickness_sessions and days < config.sickness_days:
            continue
        child, count = _child(g["surname"], g["forename"], upns)
        parts = ", ".join(
            f"{u}'s {r['sickness_sessions']}{' sessions' if i == 0 else ''}"
            for i, (u, r) in enumerate(zip(upns, rows, strict=True))
        )
        out.append(
            f"{child} has "
            f"{counted(n, 'illness session')} this school year ({illness_run(days)}) "
            f"across the {count} UPNs ({parts}), "
            f"the sickness threshold ({config.sickness_sessions} sessions, or "
            f"{config.sickness_days} days in a row), but "
            f"{'neither UPN' if len(upns) == 2 else 'no UPN'} alone is in the sickness "
            f"group: {one_upn(upns)}"
        )
    return out


def _sessions_across(
    movers: Mapping[str, Sequence[tuple[str, Evaluation, dict[str, Any]]]],
    windows: Mapping[str, Sequence[tuple[dt.date, dt.date]]],
) -> dict[tuple[str, int], tuple[int, list[tuple[str, int]]]]:
    """Each mover's (``upn``'s) unauthorised sessions in each of its ``windows`` (start,
    end) across the schools that hold the pupil (``movers[upn]``: (school name, its
    evaluation, the pupil's row) each), a session once, and each school's own count:
    (upn, the window's index) -> (the count, [(school name, its count)] in ``movers``'
    order): :func:`pn_across_schools`.

    Worked out for every mover and window at once: a school's sessions that count toward
    a notice (:meth:`attcli.engine.Prepared.pn_counted`) once over the span of all the
    windows, each window then taking its dates' (a session counts or not whatever the
    window: the pupil's age, the framework's start, a notice's sessions).  One call a
    mover and window was 26,000 queries for a trust's export of 200 movers, 9 of a
    check's 10 seconds (sweep suitespeed3)."""
    keys = [(upn, k) for upn, spans in windows.items() for k in range(len(spans))]
    if not keys:
        return {}
    spans_frame = pl.DataFrame(
        {
            "_g": range(len(keys)),
            "_u": [upn for upn, _ in keys],
            "_start": [windows[upn][k][0] for upn, k in keys],
            "_end": [windows[upn][k][1] for upn, k in keys],
        },
        schema={"_g": pl.Int64, "_u": pl.String, "_start": pl.Date, "_end": pl.Date},
    )
    in_span = pl.col("date").is_between(pl.col("_start"), pl.col("_end"))
    # the held entries by the register they are in: (evaluation, school) -> (its
    # evaluation, [(upn, the entry's place in movers[upn], the pupil's row)])
    groups: dict[tuple[int, Any], tuple[Evaluation, list[tuple[str, int, dict[str, Any]]]]] = {}
    for upn in windows:
        for h, (_other, oev, row) in enumerate(movers[upn]):
            groups.setdefault((id(oev), row["school"]), (oev, []))[1].append((upn, h, row))
    marks = []
    counts: dict[tuple[int, int], int] = {}
    for (_id, school), (oev, entries) in groups.items():
        prepared = oev.prepared
        roll = prepared.roll  # type: ignore[union-attr]
        wanted = pl.DataFrame(
            {
                "_u": [upn for upn, _h, _r in entries],
                "_h": [h for _u, h, _r in entries],
                # (the date of birth the school's evaluation judged the pupil's age by)
                "dob": [row["dob"] for _u, _h, row in entries],
            },
            schema={"_u": pl.String, "_h": pl.Int64, "dob": pl.Date},
        )
        pids = (
            roll.pupils.filter(pl.col("school") == school)
            .select("pid", pl.col("upn").cast(pl.String).alias("_u"))
            .join(wanted, on="_u")
        )
        spans = spans_frame.join(pids.select("_u").unique(), on="_u")
        if not pids.height or not spans.height:
            continue
        first, last = spans.get_column("_start").min(), spans.get_column("_end").max()
        if first is None or last is None:
            continue
        # the school's marks of the movers in each window, each hit when it counts toward
        # a notice there: in the dates of this window, not the school's own (its school
        # weeks are its own: a closure or half term that is not this school's moves it)
        hits = (
            prepared.pn_counted(school, pids.select("pid", "dob"), first, last)  # type: ignore[union-attr,arg-type]
            .join(pids.select("pid", "_u", "_h"), on="pid")
            .join(spans, on="_u")
            .filter(in_span)
        )
        counts.update(
            ((g, h), n) for g, h, n in hits.group_by("_g", "_h").len().iter_rows()
        )
        marks.append(
            _picked(roll.marks, pids.select("pid", "_u"))  # (a mover: of no child under two UPNs)
            .join(spans.lazy(), on="_u")
            .filter(in_span)
            .select("_g", pl.col("ord").cast(pl.Int64), "category")
            .join(
                hits.select("_g", pl.col("ord").cast(pl.Int64), pl.lit(True).alias("_hit")).lazy(),
                on=["_g", "ord"],
                how="left",
            )
        )
    # a session once, and only when the mark of every school with a possible mark in it
    # is a counted one: present at one school and unauthorised at the other is no
    # unauthorised absence of one child (D, a dual registration's other school, is not
    # possible and stops nothing: DOMAIN.md 1)
    found = (
        _every_mark_counts(
            pl.concat(marks, how="vertical_relaxed"), pl.col("_hit").fill_null(False)
        )
        if marks
        else {}
    )
    return {
        (upn, k): (
            found.get(g, 0),
            [(other, counts.get((g, h), 0)) for h, (other, _e, _r) in enumerate(movers[upn])],
        )
        for g, (upn, k) in enumerate(keys)
    }


def pn_across_schools(
    schools: Sequence[tuple[str, Evaluation]],
    identities: Sequence[tuple[str, pl.DataFrame]] | None = None,
) -> list[str]:
    """A line for each pupil who moved between a trust's schools (the same UPN in two
    schools' evaluations, and not two children's, :func:`attcli.loaders.upns_of_two_children`)
    whose unauthorised sessions at the schools together reach the penalty-notice threshold
    in the window of a school the pupil is on roll at (of each in turn, for a pupil on roll
    at two), under it at every school alone (``schools``: (school name, its evaluation)
    each, as ``check --per-school`` makes them; ``identities``: (school name,
    :func:`attcli.loaders.pupil_identities`) each, when made).

    Each school's window counts its own register (DOMAIN.md 5: its school weeks, and its
    request to the local authority carries its own record of the pupil), so the figures
    are not changed: every school's sessions that count toward a notice there
    (:meth:`attcli.engine.Prepared.pn_counted`: of compulsory school age, on or after the
    framework's start, none a notice's) in the dates of that window, whether or not its own
    window reaches them, are added, a session once, and the total said, so a child at the
    threshold read as 6 at one school and 4 at the next is not on no list unsaid."""
    from attcli.loaders import pupil_identities, upns_of_two_children
    from attcli.percent import counted

    evs = [(name, ev) for name, ev in schools if ev.prepared is not None]
    if len(evs) < 2:
        return []
    cols = ("school", "upn", "dob", "pn_window_sessions", "pn_threshold_met",
            "compulsory_school_age", "on_roll", "pn_window_start", "pn_window_end")  # fmt: skip
    rows: dict[str, list[tuple[str, Evaluation, dict[str, Any]]]] = {}
    for name, ev in evs:
        for r in ev.pupils.select(*cols).iter_rows(named=True):
            rows.setdefault(r["upn"], []).append((name, ev, r))
    movers = {u: held for u, held in rows.items() if len(held) > 1}
    if not movers:
        return []
    if identities is None:
        identities = [(name, pupil_identities(ev.prepared.roll)) for name, ev in evs if ev.prepared]
    two = {upn for upn, _ in upns_of_two_children(identities)}
    # the window of the school the pupil is on roll at; a pupil on roll at two (dual
    # registered) has two, whose school weeks may differ (a closure, a half term of
    # one school's): the latest first, then each in turn, the first that holds it said
    candidates: dict[str, list[tuple[str, Evaluation, dt.date, dt.date]]] = {}
    for upn, held in movers.items():
        if upn in two or any(r["pn_threshold_met"] for _, _, r in held):
            continue
        here = [h for h in held if h[2]["on_roll"]]
        candidates[upn] = [
            (name, ev, r["pn_window_start"], r["pn_window_end"])
            for name, ev, r in sorted(here, key=lambda h: h[2]["pn_window_end"], reverse=True)
            if r["compulsory_school_age"] is not False
        ]
    across = _sessions_across(
        movers, {upn: [(s, e) for _n, _e, s, e in c] for upn, c in candidates.items()}
    )
    out = []
    for upn, tried in candidates.items():
        found = None
        for k, (name, ev, start, end) in enumerate(tried):
            n, parts = across[(upn, k)]
            if n >= ev.config.pn_sessions:
                found = (name, ev, start, end, n, parts)
                break
        if found is None:
            continue
        name, ev, start, end, n, parts = found
        threshold = ev.config.pn_sessions
        who = ", ".join(
            x
            for x in ev.pupils.filter(pl.col("upn") == upn)
            .select("surname", "forename")
            .row(0)
            if x
        )
        others = [o for o, _ in parts if o != name]
        each = ", ".join(f"{o}'s {k}" for o, k in parts)
        out.append(
            f"{who or upn} ({upn}) has {counted(n, 'unauthorised session')} in the "
            f"penalty-notice window {start:%d/%m/%Y} to {end:%d/%m/%Y} across the trust's "
            f"schools ({each}), "
            f"the threshold of {threshold}, but no school's register alone holds it: each "
            "school counts its own (a request rests on the school's own record); "
            f"{name}, where the pupil is on roll, may ask the local authority whether the "
            f"sessions at {' and '.join(others)} count"
        )
    return out
