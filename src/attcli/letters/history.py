"""Moved to :mod:`attcli.store` (the history store serves letters, notices and more).

Kept so that code importing ``attcli.letters.history`` still works.
"""

from attcli.store import (  # noqa: F401
    DEFAULT_NAME,
    LEGACY_PRINT_FILE,
    NEXT_FIRST,
    NEXT_NONE,
    NEXT_SECOND,
    SCHEMA_VERSION,
    History,
    LetterRecord,
    Notice,
    Parent,
    add_years,
    history_path,
    lock_path,
    next_notice,
)
