"""``attcli report``: attendance analysis for leaders and governors (HTML or xlsx).

:func:`build_report` computes every table (Polars frames) from the canonical register;
:mod:`attcli.report.html` and :mod:`attcli.report.xlsx` render it; the command in
:mod:`attcli.report.command` only parses options and writes the file.
"""

from __future__ import annotations

from .build import Report, build_report
from .pupils import PupilList, read_pupils
from .settings import National, ReportSettings, settings_from

__all__ = [
    "National",
    "PupilList",
    "Report",
    "ReportSettings",
    "build_report",
    "read_pupils",
    "settings_from",
]
