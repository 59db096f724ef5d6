"""Today's date, in one place: what a command compares its as-of date with.

``ATTCLI_TODAY`` (``YYYY-MM-DD``) stands in for the machine's date: the tests set it so that
their registers (of 2026/27) are never "in the future" whatever day they run, and a run can
be repeated as it was on a given day.  Anything else in it is an error naming it.
"""

from __future__ import annotations

import datetime as dt
import os

from attcli.errors import AttcliError

ENV_VAR = "ATTCLI_TODAY"


def today() -> dt.date:
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AttcliError(
            f"{ENV_VAR}={value!r} is not a date written YYYY-MM-DD (unset it to use today's)"
        ) from None


def future_note(as_of: dt.date) -> list[str]:
    """A note when ``as_of`` is after today: the register holds marks for days still to come
    (leave entered ahead, a whole term's export), which count as if they had happened."""
    now = today()
    if as_of <= now:
        return []
    return [
        f"the as-of date {as_of:%d/%m/%Y} is after today ({now:%d/%m/%Y}): marks for days "
        "still to come (leave entered ahead) count as if they had happened; pass --as-of "
        f"{now:%Y-%m-%d} for the figures as they stand today"
    ]
