"""What a person sees, an eleventh pass (docs/decisions.md, sweep looks11).

Each test asserts the text (or the file's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AUTUMN = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
CONTACTS = EXAMPLES / "exports" / "contacts.csv"


def test_a_stage_no_action_of_which_is_old_enough_says_none_yet() -> None:
    """"Did it work?" (the report's section, its workbook's Actions sheet, `cases
    --impact`) gave a stage whose actions were all done less than 4 weeks ago the row
    "Amber letter | 0 | | |": a 0 and three empty cells, as if something had failed to
    show.  The row says why there is nothing: "none done 4+ weeks ago" (before the as-of
    date: the section's lead says "at least 4 weeks ago")."""
    from attcli.casebook import impact
    from attcli.config import parse_config

    ladder = parse_config("").escalation
    as_of = dt.date(2026, 12, 18)
    # a letter sent 06/12 (12 days before): too recent to compare 4 weeks either side
    rows = impact(ladder, {"A1": [("amber", dt.date(2026, 12, 6))]}, {}, {"A1": 1}, as_of, 4, 5)
    assert [r.pupils for r in rows] == [0] * len(ladder.stages)
    assert {r.note for r in rows} == {
        "none done 4+ weeks ago"
    }, rows
