"""Letters to parents (``attcli letters``) and the history of letters and penalty notices.

Library entry points: :func:`run_letters`, :func:`load_contacts`, :class:`History`,
:func:`next_notice`.  See docs/letters.md.

The names are imported on first use (:func:`__getattr__`): every command line imports
``attcli.letters.command`` and ``attcli.letter_settings``, and must not pay for the
letters' templates (jinja2), contacts and history when it writes no letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attcli._lazy import lazy_exports

if TYPE_CHECKING:
    from attcli.contacts import Contact, Contacts, load_contacts
    from attcli.letters.history import History, history_path, next_notice
    from attcli.letters.run import Letter, LettersRun, run_letters

#: Each name re-exported here -> the module that defines it.
_LAZY = {
    "Contact": "attcli.contacts",
    "Contacts": "attcli.contacts",
    "load_contacts": "attcli.contacts",
    "History": "attcli.letters.history",
    "history_path": "attcli.letters.history",
    "next_notice": "attcli.letters.history",
    "Letter": "attcli.letters.run",
    "LettersRun": "attcli.letters.run",
    "run_letters": "attcli.letters.run",
}

__all__ = [
    "Contact",
    "Contacts",
    "History",
    "Letter",
    "LettersRun",
    "history_path",
    "load_contacts",
    "next_notice",
    "run_letters",
]

__getattr__ = lazy_exports(__name__, _LAZY)
