"""Runs of unexplained absence of one child split across two UPNs (or more) of one
register, joined (DOMAIN.md 6; docs/decisions.md): shared by ``cme``, ``la-return`` and
``check``, so it lives below them (a command module imports none of another's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from attcli.engine import Evaluation

_COUNT_WORDS = {2: "two", 3: "three", 4: "four"}


@dataclass(frozen=True)
class JoinedRun:
    """A run of unexplained absence whose days lie under two UPNs (or more) of one child
    (:func:`joined_runs`): each UPN's part is a run of its own in ``Evaluation.runs``,
    unchanged; this joins them."""

    school: str | None
    surname: str
    forename: str
    upns: tuple[str, ...]  # in order, the old first
    parts: tuple[int, ...]  # each UPN's school days of the run
    start: dt.date
    end: dt.date
    codes: tuple[str, ...]
    current: bool
    left_on: dt.date | None  # the last UPN's run ended on its last day on roll
    last_attended: dt.date | None  # under the first UPN, before the run

    @property
    def days(self) -> int:
        return sum(self.parts)

    def reaches(self, days: int) -> bool:
        return self.days >= days

    def line(self) -> str:
        """"Child, Kit (OLD, NEW: one child under two UPNs?) has 12 school days of
        unexplained absence from 25/09/2026 to 12/10/2026 across the two UPNs (OLD's 6
        days, NEW's 6): give the exports one UPN, or `attcli pupil merge OLD NEW` and
        re-export"."""
        n = len(self.upns)
        count = _COUNT_WORDS.get(n, str(n))
        who = ", ".join(x for x in (self.surname, self.forename) if x) or self.upns[-1]
        parts = ", ".join(
            f"{u}'s {d}{' days' if i == 0 else ''}"
            for i, (u, d) in enumerate(zip(self.upns, self.parts, strict=True))
        )
        merges = ", ".join(f"`attcli pupil merge {u} {self.upns[-1]}`" for u in self.upns[:-1])
        return (
            f"{who} ({', '.join(self.upns)}: one child under {count} UPNs?) has {self.days} "
            f"school days of unexplained absence from {self.start:%d/%m/%Y} to "
            f"{self.end:%d/%m/%Y} across the {count} UPNs ({parts}): give the exports one "
            f"UPN, or {merges} and re-export"
        )

    def marked(self, days: int, lead: str) -> str:
        """:meth:`line`, led by ``lead`` ("not in this list", "NOT IN THIS RETURN") when the
        run reaches ``days`` and the list it belongs on does not hold it: "not in this
        list, 10+ school days across two UPNs: Child, Kit (...) has 12 ..."."""
        if not self.reaches(days):
            return self.line()
        n = len(self.upns)
        return f"{lead}, {days}+ school days across {_COUNT_WORDS.get(n, n)} UPNs: {self.line()}"


def joined_runs(ev: Evaluation, since: dt.date | None = None) -> list[JoinedRun]:
    """The runs of unexplained absence of a child the loader names as under two UPNs or
    more (:func:`attcli.loaders.children_under_two_upns`: the same surname, forename and
    date of birth) that join across them: the old UPN's run reaches its last day with a
    possible session, the new UPN's begins on its first, and the new UPN's first day is
    after the old's last (so no school day between on which either was seen; a day on
    which neither has a mark neither counts nor breaks the run, DOMAIN.md 6).  A third
    UPN joins on the same way.  Each UPN's runs and figures are its own, unchanged: the
    export is what it is, and two children can share all three details, so attcli never
    merges them; but a 12-day run read as 7 and 5 was on no 10-day list, unsaid (the
    tester's slip 5, docs/decisions.md).  ``since``: only runs current or ending on or
    after it (the LA return's)."""
    prepared = ev.prepared
    if prepared is None:
        return []
    from attcli.loaders import children_under_two_upns

    roll = prepared.roll
    groups = children_under_two_upns(roll)
    if not groups.height:
        return []
    runs = ev.runs.filter(pl.col("kind") == "unexplained")
    out: list[JoinedRun] = []
    for g in groups.iter_rows(named=True):
        school, upns = g["school"], list(g["upn"])
        here = (pl.col("school").cast(pl.Utf8).fill_null("") == (school or "")) & pl.col(
            "upn"
        ).is_in(upns)
        theirs = runs.filter(here)
        if theirs.height < 2:
            continue
        pids = roll.pupils.filter(here).select("pid", "upn")
        firsts = dict(
            prepared.days(school)
            .join(pids, on="pid")
            .filter(pl.col("date") <= ev.as_of)
            .group_by("upn")
            .agg(pl.col("date").min())
            .iter_rows()
        )
        by_upn: dict[str, list[dict]] = {}
        for r in theirs.iter_rows(named=True):
            by_upn.setdefault(r["upn"], []).append(r)
        chain: list[tuple[str, dict]] = []
        for upn in upns:
            mine = by_upn.get(upn, [])
            head = next((r for r in mine if r["start"] == firsts.get(upn)), None)
            tail = next((r for r in mine if r["end"] == r["last_possible"]), None)
            if chain and head is not None and chain[-1][1]["end"] < head["start"]:
                chain.append((upn, head))
                if head is tail:
                    continue
            out.extend(_joined(school, g, chain))
            chain = [(upn, tail)] if tail is not None else []
        out.extend(_joined(school, g, chain))
    if since is not None:
        out = [j for j in out if j.current or j.end >= since]
    return out


def _joined(school: str | None, child: dict, chain: list[tuple[str, dict]]) -> list[JoinedRun]:
    """The run of ``chain`` ((UPN, run) of :func:`joined_runs`, each run reaching the next's)
    joined, in a list; none of a chain of one UPN."""
    if len(chain) < 2:
        return []
    rs = [r for _, r in chain]
    return [
        JoinedRun(
            school, child["surname"] or "", child["forename"] or "",
            tuple(u for u, _ in chain), tuple(r["days"] for r in rs),
            rs[0]["start"], rs[-1]["end"],
            tuple(sorted({c for r in rs for c in r["codes"]})),
            bool(rs[-1]["current"]), rs[-1]["left_on"], rs[0]["last_attended"],
        )  # fmt: skip
    ]
