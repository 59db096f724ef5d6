"""The office's slips, a ninth pass (sweep of 7 December, slips9): a trust's `pn next`
without the contacts, a year group's export made into the LA's files, `check --contacts`,
a new Year 7's letters with its year's contacts alone (docs/decisions.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clirun import run_cli


def test_a_trusts_pn_next_by_name_without_contacts_counts_that_schools_notices_alone(
    tmp_path: Path,
) -> None:
    """Oak Trust: Ash and Birch each number pupils from 1001 and contacts from 501.  On
    record: a notice to Ash's contact 501 (Mrs Ann Ash) about Ash's 1001, and one to
    Birch's 501 (Mr Ben Birch) about Birch's 1001: two parents, two children, one notice
    each.  `pn next 1001 --parent "Mrs Ann Ash"` without --contacts went by the name to the
    key id:501 and counted it across the trust: two notices, "none: alternative action"
    (leftovers17 fixed the count with --contacts only).  Her next is a second (DOMAIN.md 5:
    per parent, per child).  By the id alone the two schools cannot be told apart: refused
    in one line, never a count of two people's notices."""
    from attcli.config import load_config
    from attcli.store import History, Parent, history_path
    from test_sweep_trustids import _trust

    config, _, _ = _trust(tmp_path)
    with History(history_path(load_config(config)), write=True) as store:
        store.record_notice("1001", Parent("id:501", "Mrs Ann Ash"), dt.date(2026, 9, 25), school="a")
        store.record_notice("1001", Parent("id:501", "Mr Ben Birch"), dt.date(2026, 9, 28), school="b")
    ask = ("pn", "next", "1001", "-c", config, "--date", "2026-10-02")
    code, out, err = run_cli(*ask, "--parent", "Mrs Ann Ash")
    assert code == 0, err
    assert out.startswith("second"), out + err
    code, out, err = run_cli(*ask, "--parent", "501")
    assert code == 1 and not out, out + err
    assert "two schools" in err and "--contacts" in err, err
