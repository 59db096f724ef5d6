"""``attcli report``: attendance analysis for leaders and governors (HTML or xlsx).

:func:`build_report` computes every table (Polars frames) from the canonical register;
:mod:`attcli.report.html` and :mod:`attcli.report.xlsx` render it; the command in
:mod:`attcli.report.command` only parses options and writes the file.

The names are imported on first use (:func:`__getattr__`): every command line imports
``attcli.report.command`` and ``attcli.report_settings``, and must not pay for building a
report when it makes none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attcli._lazy import lazy_exports

if TYPE_CHECKING:
    from attcli.pupil_list import PupilList, read_pupils
    from attcli.report_settings import National, ReportSettings, settings_from

    from .build import Report, build_report

#: Each name re-exported here -> the module that defines it.
_LAZY = {
    "Report": "attcli.report.build",
    "build_report": "attcli.report.build",
    "PupilList": "attcli.pupil_list",
    "read_pupils": "attcli.pupil_list",
    "National": "attcli.report_settings",
    "ReportSettings": "attcli.report_settings",
    "settings_from": "attcli.report_settings",
}

__all__ = [
    "National",
    "PupilList",
    "Report",
    "ReportSettings",
    "build_report",
    "read_pupils",
    "settings_from",
]

__getattr__ = lazy_exports(__name__, _LAZY)
