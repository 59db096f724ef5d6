"""Snapshots of a run, kept in the workspace's history store (issue 16, docs/cases.md).

``attcli cases`` and ``attcli check --record`` store every pupil's figures, band, the
weekly check's groups and their stage on the ladder, only from a run over the whole
school whose exports cover the period completely; a plain ``check`` writes nothing.
When a snapshot from before the as-of date exists, ``check``'s NEW and its "changed
since the last run" view compare with it, and say which run that was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from attcli.config import Config
from attcli.store import History, NoWorkspaceError, history_path

SNAPSHOT_SCHEMA = {
    "school": pl.Utf8,
    "upn": pl.Utf8,
    "attended": pl.Int64,
    "possible": pl.Int64,
    "band": pl.Utf8,
    "groups": pl.List(pl.Utf8),
    "stage": pl.Utf8,
    "status": pl.Utf8,
    "unauthorised": pl.Int64,  # (null in a snapshot from before it was kept)
}


@dataclass(frozen=True)
class Snapshot:
    id: int
    as_of: dt.date
    taken_at: str
    taken_by: str
    #: one row per pupil: :data:`SNAPSHOT_SCHEMA`
    pupils: pl.DataFrame

    def describe(self) -> str:
        return f"the run as of {self.as_of:%d/%m/%Y} (recorded {self.taken_at} by {self.taken_by})"


def latest_before(config: Config, as_of: dt.date) -> Snapshot | None:
    """The newest snapshot of a run as of a date before ``as_of`` (None without a
    workspace, a history or such a run).  Never makes the history file."""
    try:
        path = history_path(config)
    except NoWorkspaceError:
        return None
    if not path.exists():
        return None
    with History(path) as store:
        found = store.snapshot_before(as_of, config.school_key)
        if found is None:
            return None
        sid, day, taken_at, taken_by = found
        rows = store.snapshot_rows(sid)
    frame = pl.DataFrame(
        [
            (school, upn, att, pos, band, [g for g in flags.split(",") if g], stage, status, un)
            for school, upn, att, pos, band, flags, stage, status, un in rows
        ],
        schema=SNAPSHOT_SCHEMA,
        orient="row",
    )
    return Snapshot(sid, day, taken_at, taken_by, frame)


def store_snapshot(
    path: Path,
    as_of: dt.date,
    exports: Sequence[Path | str],
    pupils: Iterable[
        tuple[str, str, int, int, str | None, Iterable[str], str | None, str | None, int]
    ],
    school: str = "",
) -> int:
    """Store a run: ``(school, upn, attended, possible, band, groups, stage, status,
    unauthorised)`` for every pupil; returns the snapshot's id.  ``school``: the trust's
    school key of the run ('' for the workspace's one school)."""
    with History(path, write=True) as store:
        return store.add_snapshot(
            as_of,
            "; ".join(str(p) for p in exports),
            [
                (s, u, a, p, b, ",".join(sorted(g)), st, ss, un)
                for s, u, a, p, b, g, st, ss, un in pupils
            ],
            school=school,
        )


def changes(
    snapshot: Snapshot,
    now: pl.DataFrame,
    then_recomputed: pl.DataFrame | None,
    band_order: Sequence[str],
) -> pl.DataFrame:
    """What changed since ``snapshot``, one row per change: school, upn, kind
    (``band_down``, ``band_up``, ``band_new`` (no band then), ``band_lost`` (no band now),
    ``flag_raised``, ``flag_cleared``, ``not_in_run`` (a pupil in a group now who was not
    in that run), ``corrected``), detail.

    ``now``: school, upn, band, groups (this run).  ``then_recomputed``: school, upn,
    attended, possible and unauthorised as of the snapshot's date from this run's register:
    where they differ from what the snapshot stored, a register correction moved a past
    figure (an N given an authorised reason moves only the unauthorised sessions)."""
    rank = {b: i for i, b in enumerate(band_order)}
    old = {(r["school"], r["upn"]): r for r in snapshot.pupils.iter_rows(named=True)}
    out: list[tuple[str, str, str, str]] = []
    for r in now.select("school", "upn", "band", "groups").iter_rows(named=True):
        key = (r["school"] or "", r["upn"])
        before = old.get(key)
        if before is None:
            # not in that run (joined since): a change when there is something to act on,
            # as it is NEW in every group it is in
            if r["groups"]:
                shown = [f"band {g[5:]}" if g.startswith("band:") else g for g in r["groups"]]
                out.append((*key, "not_in_run", f"not in that run; now: {', '.join(shown)}"))
            continue
        b0, b1 = before["band"], r["band"]
        if b0 is not None and b1 is not None and b0 != b1:
            kind = "band_down" if rank[b1] > rank[b0] else "band_up"
            out.append((*key, kind, f"{b0} -> {b1}"))
        elif b0 != b1:  # a first band (too few sessions then), or none now
            kind = "band_new" if b0 is None else "band_lost"
            out.append((*key, kind, f"{b0 or 'no band'} -> {b1 or 'no band'}"))
        g0, g1 = set(before["groups"] or ()), set(r["groups"] or ())
        for g in sorted(g1 - g0):
            if not g.startswith("band:"):
                out.append((*key, "flag_raised", g))
        for g in sorted(g0 - g1):
            if not g.startswith("band:"):
                out.append((*key, "flag_cleared", g))
    if then_recomputed is not None:
        for r in then_recomputed.select(
            "school", "upn", "attended", "possible", "unauthorised"
        ).iter_rows(named=True):
            key = (r["school"] or "", r["upn"])
            before = old.get(key)
            if before is None:
                continue
            figures = (before["attended"], before["possible"]) != (r["attended"], r["possible"])
            # (a snapshot from before the unauthorised sessions were kept: not compared)
            unauthorised = before["unauthorised"] is not None and (
                before["unauthorised"] != r["unauthorised"]
            )
            if figures or unauthorised:
                was, now = f"{before['attended']}/{before['possible']}", f"{r['attended']}/{r['possible']}"
                if unauthorised:
                    was += f", {before['unauthorised']} unauthorised"
                    now += f", {r['unauthorised']} unauthorised"
                out.append(
                    (
                        *key,
                        "corrected",
                        f"as of {snapshot.as_of:%d/%m/%Y}: was {was}, now {now} "
                        "(a register correction)",
                    )
                )
    return pl.DataFrame(
        out,
        schema={"school": pl.Utf8, "upn": pl.Utf8, "kind": pl.Utf8, "detail": pl.Utf8},
        orient="row",
    ).sort("kind", "school", "upn", "detail")
