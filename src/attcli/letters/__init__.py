"""Letters to parents (``attcli letters``) and the history of letters and penalty notices.

Library entry points: :func:`run_letters`, :func:`load_contacts`, :class:`History`,
:func:`next_notice`.  See docs/letters.md.
"""

from attcli.letters.contacts import Contact, Contacts, load_contacts
from attcli.letters.history import History, history_path, next_notice
from attcli.letters.run import Letter, LettersRun, run_letters

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
