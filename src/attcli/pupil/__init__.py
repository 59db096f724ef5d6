"""One pupil: their record (``attcli pupil UPN EXPORT...``), attendance certificate, and
``attcli pupil merge OLD NEW`` (their records follow them to a new UPN).

Library entry points: :func:`pupil_record` / :func:`load_pupil_record` (a
:class:`PupilRecord`), :func:`certificate_data` and :func:`certificate_pdf`.  The command
line is in :mod:`attcli.pupil.command` (``pupil_app``).

The names are imported on first use (:func:`__getattr__`): every command line imports
``attcli.pupil.command``, and must not pay for a pupil's record or certificate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attcli._lazy import lazy_exports

if TYPE_CHECKING:
    from attcli.certificate import certificate_data, certificate_pdf
    from attcli.pupil_record import PupilRecord, load_pupil_record, pupil_record

#: Each name re-exported here -> the module that defines it.
_LAZY = {
    "certificate_data": "attcli.certificate",
    "certificate_pdf": "attcli.certificate",
    "PupilRecord": "attcli.pupil_record",
    "load_pupil_record": "attcli.pupil_record",
    "pupil_record": "attcli.pupil_record",
}

__all__ = [
    "PupilRecord",
    "certificate_data",
    "certificate_pdf",
    "load_pupil_record",
    "pupil_record",
]

__getattr__ = lazy_exports(__name__, _LAZY)
