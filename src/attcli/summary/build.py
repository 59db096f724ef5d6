"""Build a school's summary: the counts behind the report, with nothing about any one pupil.

The figures are the report's (:mod:`attcli.report.build`): the same evaluation
(:meth:`attcli.engine.Prepared.evaluate`), the same persistent and severe absence rule and
the same cohorts, so a trust adding up its schools' summaries gets what each school's own
report shows.  Counts are exact: suppression is for the tables people read
(:mod:`attcli.suppress`), and a trust must be able to add schools up exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from attcli import __version__
from attcli import clock as _clock
from attcli.calendar import possible_expr
from attcli.codes import Category
from attcli.config import Config, band_range, filled, name_given
from attcli.engine import ATTENDED, Ask, Evaluation, Prepared, prepare
from attcli.errors import AttcliError, ConfigError
from attcli.pupil_list import ATTRIBUTES, PupilList
from attcli.quality import no_register_sessions
from attcli.report.build import (  # the report's own rules: the same figures
    FIXED_COHORTS,
    WEEKDAYS,
    figures_and_half_term_before,
    incomplete_reason,
    pupil_attributes,
    pupil_flags,
    year_group_key,
)
from attcli.summary_file import (
    ABOUT,
    COUNT_FIELDS,
    FORMAT,
    OTHER_GENDER,
    PA_AT_MOST,
    SA_AT_MOST,
    SESSION_FIELDS,
    VERSION,
    SummaryError,
    parse_summary,
)

GENDERS = ("Female", "Male")


@dataclass
class SummaryRun:
    """A summary made from exports: the document, and the notes for the terminal (never
    written into the summary: they may name a pupil or a file)."""

    document: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    coverage_line: str | None = None
    #: the pupils' UPNs, names and dates of birth (:func:`attcli.loaders.pupil_identities`),
    #: with whether each is one of the period's pupils (``_period``, null where not) and
    #: persistently (``_pa``) and severely (``_sa``) absent as the summary counts them: for
    #: a trust reading several schools' exports (a pupil who moved between them,
    #: :func:`attcli.report.trust.mover_note`), never in the document; with each pupil's
    #: times on roll in the period (``_on_roll``) and whether one of its sessions is marked
    #: ``D`` (``_dual``): a pupil dual registered is no pupil who moved (:func:`_times_on_roll`)
    identities: pl.DataFrame | None = None
    #: every pupil's key in the exports (a UPN or an MIS id): whether the workspace's
    #: history knows any (another school's exports, :func:`attcli.snapshots.refuse_strangers`)
    upns: tuple[str, ...] = ()


def school_identity(config: Config) -> dict[str, str | None]:
    """``[school]``'s name, URN, DfE number and LA; name and URN are required (the trust
    tells its schools apart by URN)."""
    s = config.school
    if config.workspace is not None and not config.workspace.found:
        raise AttcliError(
            "summary: no school workspace: a summary names its school (name and URN from "
            "[school] in attcli.toml); make one with `attcli init`, or give --workspace DIR "
            "or --config FILE"
        )

    def given(value: str) -> str | None:
        return filled(value) or None

    def lacking(value: str) -> str:
        """Why a required detail is not given: an ``attcli init`` placeholder is there."""
        return "still says 'FILL IN'" if value.strip() and not filled(value) else "missing"

    name, urn = name_given(s) or None, given(s.urn)
    # a trust's school's details are its [schools.KEY]'s: the key to set is there
    section = f"schools.{config.school_key}" if config.school_key else "school"
    if name is None:  # (the default "School", or attcli init's placeholder: no name)
        raise ConfigError(
            f"{section}.name", f"{lacking(s.name)}: a summary needs the school's name",
            file=config.path,
        )
    if urn is None:
        raise ConfigError(
            f"{section}.urn",
            f"{lacking(s.urn)}: a summary needs the school's URN (the trust tells its schools "
            "apart by it)",
            file=config.path,
        )
    return {
        "name": name,
        "urn": urn,
        "dfe_number": given(s.dfe_number),
        "local_authority": given(s.local_authority),
    }


def summary_from_exports(
    exports: Sequence[str | Path],
    config: Config,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    pupils: PupilList | None = None,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    generated: dt.date | None = None,
    strangers: bool = False,
) -> SummaryRun:
    """Load one school's exports and summarise them (:func:`build_summary`).
    ``strangers``: refuse another school's exports (none of the pupils the workspace's
    history knows) before the summary is built (`attcli summary`: the trust would add them
    up as this school's; sweeps leftovers18, leftovers20)."""
    from attcli.loaders import load_exports, pupil_identities

    identity = school_identity(config)  # before the (slow) load
    # the pupil list names MIS-id registers' pupils, and its joining and leaving dates
    # decide the time on roll (DOMAIN.md 1), as in check
    loaded = load_exports(exports, config, preset=preset, progress=progress, pupils=pupils)
    refuse_many_schools(loaded.register.get_column("school"))
    from attcli.snapshots import refuse_strangers_early, refuse_strangers_of

    said = dict(what="summary", would="would go to the trust as {}'s")
    # (asked again below where the document's date differs from the one asked as of)
    early = refuse_strangers_early(config, loaded.register, as_of, **said) if strangers else None
    prepared = prepare(loaded.take_compact(), config, roll_dates=loaded.roll_dates)
    from attcli.snapshots import refuse_filtered

    # (one year group's export: the school's figures for the trust without the rest, sweep
    # slips9)
    refuse_filtered(
        config, prepared.roll.pupils.select("school", "upn").iter_rows(),
        as_of or prepared.last, what="summary", for_whom="for the trust",
    )  # fmt: skip
    upns = prepared.roll.pupils.get_column("upn").to_list()
    # (after: compacting adds its notes, a date of birth or year group that differs between
    # a pupil's rows, for the terminal as check says them; never into the document)
    notes = list(loaded.warnings)
    flags: list[pl.DataFrame] = []
    document = build_summary(
        prepared,
        config,
        as_of=as_of,
        period_start=period_start,
        pupils=pupils,
        generated=generated,
        notes=notes,
        identity=identity,
        flags=flags,
    )
    # (every pupil of the exports, for a UPN of two children; ``_period``: of the period's
    # pupils, which the figures count, for a pupil who moved: one joining after the as-of
    # date is not on roll at two schools in it)
    identities = pupil_identities(prepared.roll).join(
        flags[0].with_columns(pl.lit(True).alias("_period")), on="upn", how="left"
    )
    period = document["period"]
    if strangers and dt.date.fromisoformat(period["as_of"]) != early:
        # (the figures' date, the data's end where school days lie between it and the
        # as-of date, or a day the build set aside as a holiday: the history as of it)
        refuse_strangers_of(config, upns, dt.date.fromisoformat(period["as_of"]), **said)
    identities = identities.join(
        _times_on_roll(
            prepared.roll, dt.date.fromisoformat(period["start"]),
            dt.date.fromisoformat(period["as_of"]),
        ),
        on="upn", how="left",
    )  # fmt: skip
    return SummaryRun(
        document, notes, document["period"]["coverage_note"], identities,
        upns=tuple(upns),
    )  # fmt: skip


def _times_on_roll(roll: Any, start: dt.date, as_of: dt.date) -> pl.DataFrame:
    """``upn``, ``_on_roll`` and ``_dual``: each pupil's times on roll in the period
    (``start`` to ``as_of``), a list of (``first``, ``last``) day, one a time on roll (a
    returner has two), and whether a session of the period is marked ``D`` (dual
    registered: at another school).  Where two schools' times of one UPN overlap and one
    of them marks ``D``, the pupil was dual registered, not one who moved
    (:func:`attcli.report.trust.mover_note`): a returner whose first school has no rows
    between its two times (on roll there throughout, its marks missing) marks no ``D``."""
    from attcli.roll import ord_of

    spans = roll.spans_by_date()
    first = pl.max_horizontal(pl.col("first"), pl.lit(start))
    last = pl.min_horizontal(pl.col("last").fill_null(as_of), pl.lit(as_of))
    dual = roll.with_keys(
        roll.marks.lazy()  # (a lazy query: the marks are never copied whole, issue 15)
        .filter(
            pl.col("ord").is_between(ord_of(start), ord_of(as_of, pm=True))
            & (pl.col("mark") == "D")
        )
        .select("pid")
        .unique()
        .collect()
    ).select("upn", pl.lit(True).alias("_dual"))
    return (
        spans.select("upn", first.alias("first"), last.alias("last"))
        .filter(pl.col("first") <= pl.col("last"))
        .group_by("upn")
        .agg(pl.struct("first", "last").alias("_on_roll"))
        .join(dual.unique("upn"), on="upn", how="left")
    )


def refuse_many_schools(school: pl.Series) -> None:
    schools = school.drop_nulls().unique().sort().to_list()
    if len(schools) > 1:
        from attcli.school_name import several_schools

        raise several_schools(schools)


def build_summary(
    prepared: Prepared,
    config: Config,
    *,
    as_of: dt.date | None = None,
    period_start: dt.date | None = None,
    pupils: PupilList | None = None,
    generated: dt.date | None = None,
    notes: list[str] | None = None,
    identity: dict[str, str | None] | None = None,
    flags: list[pl.DataFrame] | None = None,
) -> dict[str, Any]:
    """The summary document (see docs/trust.md, "Sharing a summary") of one school's
    prepared register, for the school year (or ``period_start``) to ``as_of``.

    ``notes`` receives what the terminal should say (pupils the pupil list and register
    disagree on, which name pupils): nothing of it goes into the document.  ``flags``
    receives each pupil's ``upn``, ``_pa`` and ``_sa`` as the document counts them (for a
    trust telling its movers apart, :class:`SummaryRun`)."""
    if len(prepared.schools) > 1:
        refuse_many_schools(pl.Series([s for s in prepared.schools if s is not None]))
    identity = identity or school_identity(config)
    notes = notes if notes is not None else []
    # the report's figures, and the half term before (attcli.report.build)
    # (no figures then from part of the year before: the report's note says why)
    ev, before, prev_ht, _ = figures_and_half_term_before(prepared, as_of, period_start)
    notes.extend(ev.warnings)
    minimum = config.min_possible_sessions
    # exports that miss part of the period give no pupil a band: none is counted banded,
    # PA or SA (the report withholds them), so banded + no_band is the pupils
    people = pupil_flags(ev.pupils, minimum, covered=incomplete_reason(ev.coverage) is None)
    attrs, _, _ = pupil_attributes(
        prepared.attributes(ev.as_of, ATTRIBUTES), ev, pupils, notes, governors=False
    )
    people = people.join(attrs, on="upn", how="left")
    if flags is not None:
        flags.append(people.select("upn", "_pa", "_sa"))

    previous = None
    if before is not None:
        assert prev_ht is not None
        previous = {
            "as_of": before.as_of.isoformat(),
            "half_term": prev_ht.name,
            **_counts(
                pupil_flags(
                    before.pupils, minimum, covered=incomplete_reason(before.coverage) is None
                )
            ),
        }

    # the N codes older than the school's n_within_days school days in the period (the evaluations, of figures only,
    # list no problem: the period's list is made alone, as the report makes it)
    quality = prepared.data_quality(Ask(as_of, period_start))
    stale_n = quality.filter(pl.col("kind") == "stale_n").height
    # the marks of the period that count in possible sessions, summed by session in one
    # pass (the weeks and the weekdays are added up from those sums: a copy of the marks
    # grouped twice, a week or a weekday computed on every row, was 1 s and 0.4 GB at
    # 20,000 pupils, issue 15)
    sessions = (  # (lazy: see attcli.engine.Prepared._quality)
        prepared.roll.marks.lazy()
        .filter(pl.col("date").is_between(ev.period_start, ev.as_of) & possible_expr())
        .group_by("date", pl.col("session").cast(pl.String))
        .agg(*_session_sums())
        .collect()
    )
    # and the sessions with no mark recorded, by day (a pupil's ``-``, blank cell or missing
    # row, and each session with no register a pupil on roll lost: totals.missing_marks's)
    missing = _missing_by_day(prepared, ev)
    coverage = ev.coverage
    bands = dict(people.group_by("band").len().iter_rows())
    document = {
        "format": FORMAT,
        "version": VERSION,
        "about": ABOUT,
        "generated": (generated or _clock.today()).isoformat(),
        "attcli_version": __version__,
        "school": identity,
        "period": {
            "start": ev.period_start.isoformat(),
            # the day the figures are as of: the data's end when the exports end before the
            # as-of date with school days between (a trust adds up one period: as-of dates
            # in different weeks are refused, docs/trust.md)
            "as_of": (
                coverage.figures_end
                if coverage is not None and coverage.days_after_data
                else ev.as_of
            ).isoformat(),
            "half_term": ev.half_term.name if ev.half_term else None,
            # (exports that end before the period starts, school days of it gone by: no
            # figure of it at all, never a whole period of 0 sessions)
            "complete": (
                coverage.covers_period
                and not (coverage.data_end < coverage.period_start and coverage.days_after_data)
                if coverage is not None
                else True
            ),
            "coverage_note": coverage.line() if coverage is not None else None,
        },
        "definitions": {
            "min_possible_sessions": minimum,
            "pa_at_most_pct": PA_AT_MOST,
            "sa_at_most_pct": SA_AT_MOST,
            # the school days the stale_n count allowed an N (a trust's schools differ)
            "n_within_days": config.n_within_days,
        },
        "totals": {
            **_counts(people),
            "on_roll": people.filter(pl.col("on_roll")).height,
            "no_band": int(bands.get(None, 0)),
            # sessions with no mark recorded, left out of possible (docs/trust.md): the
            # pupils' own (``-``, blank cells, missing rows) and each session with no
            # register a pupil on roll lost (``missing_session``: every pupil's, one item)
            "missing_marks": int(people.get_column("missing_marks").sum() or 0)
            + no_register_sessions(ev, ev.period_start, ev.as_of).height,
            # what the figures rest on: N codes never replaced count as unauthorised
            # absence (DOMAIN.md 12), a count a trust should see beside them
            "stale_n": stale_n,
            # and the legacy codes they count as when in use (DOMAIN.md 1: "say so"), of the
            # marks of the figures (the period's, and the half term's before it compared)
            "legacy_codes": [
                {"code": code, "sessions": n, "since_2024_08_19": late}
                for code, (n, late) in prepared.legacy_counts(
                    ev.as_of,
                    min(ev.period_start, before.period_start) if before else ev.period_start,
                ).items()
            ],
        },
        "bands": [
            {
                "band": b.name,
                "rule": band_range(config.bands, i),
                "pupils": int(bands.get(b.name, 0)),
            }
            for i, b in enumerate(config.bands)
        ],
        "previous": previous,
        "year_groups": _year_groups(people),
        "cohorts": _cohorts(people, [a for a in ATTRIBUTES if a in attrs.columns]),
        "weeks": _weeks(sessions, missing),
        "weekday_sessions": _weekday_sessions(sessions),
    }
    try:  # what attcli writes, its reader (and so a trust's) takes: checked before writing
        parse_summary(document, "the summary")
    except SummaryError as exc:  # pragma: no cover - a bug, never bad input
        raise AssertionError(f"attcli made a summary it cannot read back: {exc}") from None
    return document


# --------------------------------------------------------------------------- the tables


def _pupil_sums() -> list[pl.Expr]:
    return [
        pl.len().cast(pl.Int64).alias("pupils"),
        pl.col("_banded").sum().cast(pl.Int64).alias("banded"),
        pl.col("_pa").sum().cast(pl.Int64).alias("pa"),
        pl.col("_sa").sum().cast(pl.Int64).alias("sa"),
        *[pl.col(c).sum().cast(pl.Int64).alias(c) for c in SESSION_FIELDS],
    ]


def _counts(people: pl.DataFrame) -> dict[str, int]:
    row = people.select(_pupil_sums()).row(0, named=True)
    return {k: int(row[k] or 0) for k in COUNT_FIELDS}


def _year_groups(people: pl.DataFrame) -> list[dict[str, Any]]:
    rows = people.group_by("year_group").agg(_pupil_sums()).rows(named=True)
    rows.sort(key=lambda r: year_group_key(r["year_group"]))
    return [{"year_group": r["year_group"], **{k: int(r[k]) for k in COUNT_FIELDS}} for r in rows]


def _cohorts(people: pl.DataFrame, attrs: list[str]) -> list[dict[str, Any]]:
    """Each cohort against the rest of the pupils whose value is known (the report's
    cohorts), gender first: female, male, and every other value recorded as one cohort
    (the values themselves are free text from the MIS and are not written)."""
    defs = [d for d in FIXED_COHORTS if d[0] in attrs]
    if "gender" in attrs:
        values = set(people.get_column("gender").drop_nulls().unique().to_list())
        genders = [("gender", g, pl.col("gender") == g) for g in GENDERS if g in values]
        if values - set(GENDERS):
            genders.append(("gender", OTHER_GENDER, ~pl.col("gender").is_in(GENDERS)))
        defs = genders + defs
    out = []
    for attr, label, member in defs:
        known = people.filter(pl.col(attr).is_not_null())
        out.append(
            {
                "attribute": attr,
                "cohort": label,
                "unknown": people.height - known.height,
                "members": _counts(known.filter(member)),
                "rest": _counts(known.filter(~member)),
            }
        )
    return out


def _session_sums() -> list[pl.Expr]:
    cat = pl.col("category")
    return [
        pl.len().cast(pl.Int64).alias("possible"),
        cat.is_in(ATTENDED).sum().cast(pl.Int64).alias("attended"),
        (cat == Category.AUTHORISED.value).sum().cast(pl.Int64).alias("authorised"),
        (cat == Category.UNAUTHORISED.value).sum().cast(pl.Int64).alias("unauthorised"),
    ]


def _added(fields: tuple[str, ...] = SESSION_FIELDS) -> list[pl.Expr]:
    return [pl.col(k).sum().cast(pl.Int64) for k in fields]


def _missing_by_day(prepared: Prepared, ev: Evaluation) -> pl.DataFrame:
    """The period's sessions with no mark recorded, by day (date, missing_marks): the
    pupils' own (``-``, blank cells, missing rows: the marks of the missing category, as
    each pupil's ``missing_marks`` counts them) and each session with no register a pupil
    on roll lost (:func:`attcli.quality.no_register_sessions`): ``totals.missing_marks``
    by day, so the weeks' counts add up to it."""
    own = (
        prepared.roll.marks.lazy()
        .filter(
            pl.col("date").is_between(ev.period_start, ev.as_of)
            & (pl.col("category") == Category.MISSING.value)
        )
        .group_by("date")
        .agg(pl.len().cast(pl.Int64).alias("missing_marks"))
        .collect()
    )
    lost = (
        no_register_sessions(ev, ev.period_start, ev.as_of)
        .group_by("date")
        .agg(pl.len().cast(pl.Int64).alias("missing_marks"))
    )
    return pl.concat([own, lost.select(own.columns).cast(own.schema)])  # type: ignore[arg-type]


def _weeks(sessions: pl.DataFrame, missing: pl.DataFrame) -> list[dict[str, Any]]:
    """Each calendar week (from its Monday) with a possible session or a session with no
    mark recorded (``missing``: :func:`_missing_by_day`), a week of the school's calendar,
    not a date of any pupil's: its school days (each day with either), its sessions' sums
    and its missing marks.  A week of missing marks only (the register not taken, or not
    exported) is a row with no session, never left out as a holiday is (summary version 5).
    ``sessions``: the sums of each session (date, session and :func:`_session_sums`)."""
    zero = pl.lit(0, dtype=pl.Int64)
    days = pl.concat([
        sessions.select("date", *SESSION_FIELDS, zero.alias("missing_marks")),
        missing.select("date", *(zero.alias(k) for k in SESSION_FIELDS), "missing_marks"),
    ])  # fmt: skip
    rows = (
        days.group_by(pl.col("date").dt.truncate("1w").alias("week_start"))
        .agg(
            pl.col("date").n_unique().cast(pl.Int64).alias("school_days"),
            *_added((*SESSION_FIELDS, "missing_marks")),
        )
        .sort("week_start")
        .rows(named=True)
    )
    return [
        {
            "week_start": r["week_start"].isoformat(),
            "school_days": int(r["school_days"]),
            **{k: int(r[k]) for k in (*SESSION_FIELDS, "missing_marks")},
        }
        for r in rows
    ]


def _weekday_sessions(sessions: pl.DataFrame) -> list[dict[str, Any]]:
    rows = (
        sessions.group_by(pl.col("date").dt.weekday().alias("_wd"), "session")
        .agg(*_added())
        .sort("_wd", "session")
        .rows(named=True)
    )
    return [
        {
            "weekday": WEEKDAYS[r["_wd"] - 1],
            "session": r["session"],
            **{k: int(r[k]) for k in SESSION_FIELDS},
        }
        for r in rows
    ]


def summary_json(document: dict[str, Any]) -> str:
    """The document as the file holds it: indented, each row of a table on a line of its own
    (UTF-8, no byte-order mark)."""
    from attcli.output import json_document

    return json_document(
        document, lists=("bands", "year_groups", "cohorts", "weeks", "weekday_sessions")
    )
