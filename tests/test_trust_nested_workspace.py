"""A school's own workspace inside a trust's folder that lists the school (sweep "trust").

A trust's `letters --per-school` records each school's letters in the trust's history.
A school that also has a workspace of its own in a folder below the trust's (its own
attcli.toml, so its own history beside it) knew nothing of them: run there, `letters`
offered the same half term's letters again (a letter twice), and `pn record` counted a
second notice as a first.  Such a run is refused, naming the trust's config and the
school's key in it.  A school's [history] path naming the trust's history was let through
as "one record", and was not: the trust keeps each school's records under its key, the
school's workspace under none (sweep trust3: refused too, tests/test_sweep_trust3.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli.config import load_config
from attcli.errors import AttcliError
from attcli.store import separate_from_trust
from school import make_workspace

TRUST = """
[schools.riv]
name = "Riverside Primary School"
urn = "100001"
files = ["riv-*.csv"]

[schools.oak]
name = "Oak Primary School"
urn = "100002"
files = ["oak-*.csv"]
"""


@pytest.fixture()
def trust(tmp_path: Path) -> Path:
    make_workspace(tmp_path / "trust", TRUST)
    return tmp_path / "trust"


def test_a_school_workspace_under_a_trust_that_lists_it_is_refused(trust):
    own = make_workspace(trust / "riverside")  # its [school] has URN 100001
    with pytest.raises(AttcliError) as info:
        separate_from_trust(load_config(own), "letters")
    assert str(info.value) == (
        f"this workspace's school (URN 100001) is also [schools.riv] of the trust's "
        f"workspace {trust / 'attcli.toml'}, whose history records its letters and notices "
        f"({trust / 'attcli-history.sqlite3'}); run letters from the trust's folder (with "
        f"--per-school, or on the school's own files: -c {trust / 'attcli.toml'})"
    )


def test_the_trust_s_history_is_refused_and_no_trust_listing_the_school_is_fine(
    trust, tmp_path
):
    shared = make_workspace(trust / "riverside")
    shared.write_text(
        shared.read_text(encoding="utf-8").replace(
            'path = "attcli-history.sqlite3"', 'path = "../attcli-history.sqlite3"'
        ),
        encoding="utf-8",
    )
    # the trust's history: its records are under the schools' keys, not this workspace's
    with pytest.raises(AttcliError, match=r"is the history of the trust's workspace"):
        separate_from_trust(load_config(shared), "letters")
    elsewhere = make_workspace(tmp_path / "alone")  # no trust above it
    separate_from_trust(load_config(elsewhere), "letters")
    other = make_workspace(trust / "cedar").parent  # a school the trust does not list
    cfg = other / "attcli.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('"100001"', '"100009"'), "utf-8")
    separate_from_trust(load_config(cfg), "letters")
    # the trust's own runs (its schools' configs have the trust's path) are its history
    separate_from_trust(load_config(trust / "attcli.toml").for_school("riv"), "letters")


def test_letters_and_pn_record_refuse_in_such_a_workspace(trust, tmp_path):
    from clirun import run_cli

    own = make_workspace(trust / "riverside")
    export = tmp_path / "riv-export.csv"
    export.write_text("UPN,Surname,Forename,Date,Session,Mark\n", encoding="utf-8")
    for args in (
        ("letters", export, "--contacts", export, "--out", tmp_path / "out"),
        ("letters", export, "--contacts", export, "--dry-run"),
        ("pn", "record", "A1", export, "--parent", "X", "--contacts", export, "--date",
         "2026-11-20"),
    ):  # fmt: skip
        code, _, err = run_cli(*args, "-c", own)
        assert code == 1, (args, err)
        assert "is also [schools.riv] of the trust's workspace" in err.splitlines()[-1], args


def test_a_trust_config_saved_with_a_byte_order_mark_still_refuses(trust):
    # Notepad's "UTF-8 with BOM": the trust's config had been passed over as unreadable,
    # and the school's run went ahead with a history that knows none of the trust's letters
    cfg = trust / "attcli.toml"
    cfg.write_bytes(b"\xef\xbb\xbf" + cfg.read_bytes())
    own = make_workspace(trust / "riverside")
    with pytest.raises(AttcliError, match=r"is also \[schools.riv\] of the trust's"):
        separate_from_trust(load_config(own), "letters")
