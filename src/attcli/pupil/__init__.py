"""One pupil: their record (``attcli pupil UPN EXPORT...``), attendance certificate, and
``attcli pupil merge OLD NEW`` (their records follow them to a new UPN).

Library entry points: :func:`pupil_record` / :func:`load_pupil_record` (a
:class:`PupilRecord`), :func:`certificate_data` and :func:`certificate_pdf`.  The command
line is in :mod:`attcli.pupil.command` (``pupil_app``).
"""

from attcli.pupil.certificate import certificate_data, certificate_pdf
from attcli.pupil.record import PupilRecord, load_pupil_record, pupil_record

__all__ = [
    "PupilRecord",
    "certificate_data",
    "certificate_pdf",
    "load_pupil_record",
    "pupil_record",
]
