"""The lead's eighteenth leftovers (sweep of 7 December, leftovers18): an `attcli init`
workspace's placeholder name is no name on an LA file's note; a UPN's conflicting marks at
two schools name each school; one child's crossed names name the exports each was read
from; a report and a summary of another school's exports are refused as the LA files
are; a monitoring period moved past a holiday says where it began in the casebook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clirun import run_cli


def test_an_init_workspace_never_filled_in_is_said_to_name_no_school_on_an_la_file() -> None:
    """`attcli init` with no details writes `name = "FILL IN: school name"` and `urn =
    "FILL IN: URN"`. la-return and register-check wrote the file with "FILL IN: school
    name" in its School cell and no note: the note asked only for the default "School" and
    a blank URN. Letters treat the placeholder as no name (config.name_given, config.filled):
    so does the note now. A workspace filled in says nothing."""
    from attcli.cliutil import school_identity_note
    from attcli.config import init_text, parse_config

    blank = parse_config(init_text())
    assert school_identity_note(blank, "the return") == [
        "the return does not say which school it is (its name or its URN not set): make the "
        "school's workspace with `attcli init` (or give --workspace DIR) before sending it"
    ]
    named = parse_config(init_text({"name": "Riverside Primary School"}))
    assert school_identity_note(named, "the return")[0].startswith(
        "the return does not say which school it is (its URN not set)"
    )
    filled = parse_config(init_text({"name": "Riverside Primary School", "urn": "100001"}))
    assert school_identity_note(filled, "the return") == []

