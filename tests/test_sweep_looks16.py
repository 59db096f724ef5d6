"""What the office reads, a sixteenth look (sweep of 7 December, looks16): the new
refusals of this round read as one plain line each (docs/decisions.md).  Wording only:
what each rule decides is the sweeps' own tests'."""

from __future__ import annotations

import datetime as dt

import pytest

from attcli.config import parse_config
from attcli.errors import AttcliError

DAY = dt.date(2026, 9, 16)
SEEN = "none of the 10 pupils its history knows (its check recorded as of 26/09/2025) is in these exports"


def test_a_new_year_7s_letters_refusal_says_each_way_on_with_its_if(monkeypatch) -> None:
    """Letters of a year group's export whose pupils the history knows none of, with their
    year's contacts alone: the line said "these are another school's exports ...; or, if
    these are one year group's exports ...": an answer, then its contrary.  Which it is
    attcli cannot tell: each way on now has its "if", and "new since" says since when."""
    from attcli import snapshots

    monkeypatch.setattr(snapshots, "unknown_to_history", lambda *a: (SEEN, {"OLD0"}))
    cfg = parse_config('[school]\nname = "Riverside Primary School"\nurn = "100001"\n')
    ask = dict(what="letters", would="would carry {}'s letterhead", contacts={"NEW0"})
    with pytest.raises(AttcliError) as e:
        snapshots.refuse_strangers(object(), cfg, ["NEW0"], DAY, by_year_group=True, **ask)
    assert str(e.value) == (
        f"no letters: {SEEN} or the contacts: if these are another school's exports, whose "
        "letters would carry Riverside Primary School's letterhead, give that school's "
        "workspace (--workspace DIR, or --config FILE); if they are one year group's, of "
        "pupils all new since then (a new Year 7 or Reception), give the school's whole "
        "contacts export as --contacts (it holds pupils this workspace knows)"
    )
    # the LA's files (no year group's way on): said as before, one answer
    with pytest.raises(AttcliError) as e:
        snapshots.refuse_strangers(object(), cfg, ["NEW0"], DAY, **ask)
    assert str(e.value).endswith(
        "or the contacts: these are another school's exports, whose letters would carry "
        "Riverside Primary School's letterhead; give that school's workspace (--workspace "
        "DIR, or --config FILE)"
    )


def test_a_year_groups_export_refused_for_the_la_reads_as_two_clauses(monkeypatch) -> None:
    """"no return: 12 pupils ... all of Year 8 (a filtered export?): the return for the
    local authority is of the whole school; give ...": three colons in a row, each a new
    thought.  Now the why and the way on: "...; the return ... covers the whole school:
    give the whole school's register export (every year group)"."""
    from attcli import snapshots

    gone = (
        "12 pupils of the check recorded as of 02/10/2026 are in none of these exports: all of Year 8 "
        "(a filtered export?)"
    )
    monkeypatch.setattr(snapshots, "filtered_of_year", lambda *a: gone)
    with pytest.raises(AttcliError) as e:
        snapshots.refuse_filtered(parse_config(""), [], DAY, what="return")
    assert str(e.value) == (
        f"no return: {gone}; the return for the local authority covers the whole school: "
        "give the whole school's register export (every year group)"
    )
