"""``attcli summary``: the counts a school shares with its trust, with no pupil in them.

:func:`summary_from_exports` / :func:`build_summary` make the document (the report's figures
as exact counts: totals, bands, year groups, cohorts, weeks, weekday sessions, and the
totals as of the previous half term); :func:`summary_json` writes it; :func:`load_summary`
reads one back, checked, as a :class:`Summary`.  The format: docs/trust.md, "Sharing a
summary".  Showing the counts to people is :mod:`attcli.suppress`'s business.

The names are imported on first use: every command line imports the CLI, and must not pay
for building a summary when it makes none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attcli._lazy import lazy_exports

if TYPE_CHECKING:
    from attcli.summary_file import (
        FORMAT,
        VERSION,
        Cohort,
        Counts,
        SessionCounts,
        Summary,
        SummaryError,
        load_summary,
        looks_like_summary,
        parse_summary,
    )

    from .build import SummaryRun, build_summary, summary_from_exports, summary_json

_LAZY = {
    "SummaryRun": "attcli.summary.build",
    "build_summary": "attcli.summary.build",
    "summary_from_exports": "attcli.summary.build",
    "summary_json": "attcli.summary.build",
    "FORMAT": "attcli.summary_file",
    "VERSION": "attcli.summary_file",
    "Cohort": "attcli.summary_file",
    "Counts": "attcli.summary_file",
    "SessionCounts": "attcli.summary_file",
    "Summary": "attcli.summary_file",
    "SummaryError": "attcli.summary_file",
    "load_summary": "attcli.summary_file",
    "looks_like_summary": "attcli.summary_file",
    "parse_summary": "attcli.summary_file",
}

__all__ = [
    "FORMAT",
    "VERSION",
    "Cohort",
    "Counts",
    "SessionCounts",
    "Summary",
    "SummaryError",
    "SummaryRun",
    "build_summary",
    "load_summary",
    "looks_like_summary",
    "parse_summary",
    "summary_from_exports",
    "summary_json",
]

__getattr__ = lazy_exports(__name__, _LAZY)
