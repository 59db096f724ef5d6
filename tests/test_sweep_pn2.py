"""Penalty notices over a school year and more, by parent and pupil (sweep of 4 December
(fourth), pn2), worked out by hand.

The register and calendar are tests/test_sweep_pn.py's (13 April 2026 to 12 February 2027,
the summer holiday and half terms skipped).  AGAIN has 10 ``O`` from Mon 14/09/2026 AM to
Fri 18/09 PM and 10 more from Mon 09/11 AM to Fri 13/11 PM.  A notice to Mrs Gail Again
(contact G1) on 21/09/2026 rests on the window as of 18/09: the first 10.  As of 27/11 the
window (14/09 to 27/11) holds 20, the first 10 hers already: the next notice to her is a
second (GBP 160), on the 10 of November.

A parent is their contact id (DOMAIN.md 5).  A contacts export without an id column (the
school's letters report, say) tells a parent by name and address instead
(``Contact.parent``, an ``addr:`` key).  Read so, Mrs Gail Again was another person from
the contact G1 her notice was recorded to: her letter quoted a first notice (GBP 80),
`pn next` said "first", and `pn record` recorded a "first" notice resting on the 10
sessions that had already supported her notice, nothing said but that the export has no
ids.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from clirun import run_cli
from school import contacts_file
from test_sweep_pn import export, run, workspace

D = dt.date


def school(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    ws = workspace(tmp_path)
    exp = export(
        tmp_path / "register.csv",
        {"AGAIN": {**run(D(2026, 9, 14), "AM", 10), **run(D(2026, 11, 9), "AM", 10)}},
    )
    with_ids = contacts_file(
        tmp_path / "contacts.csv",
        [("AGAIN", "G1", "Mrs", "Gail", "Again"), ("AGAIN", "G2", "Mr", "Gus", "Again")],
    )
    lines = with_ids.read_text(encoding="utf-8").splitlines()
    # the same export without its Contact ID column
    no_ids = tmp_path / "contacts-no-ids.csv"
    no_ids.write_text(
        "\n".join(",".join(x for i, x in enumerate(line.split(",")) if i != 1) for line in lines)
        + "\n",
        encoding="utf-8",
    )
    return ws, exp, with_ids, no_ids


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_contacts_export_without_ids_does_not_make_a_parent_s_second_notice_a_first(tmp_path):
    ws, exp, with_ids, no_ids = school(tmp_path)
    code, _, err = run_cli("--workspace", ws, "pn", "record", "AGAIN", exp, "--parent", "G1",
                           "--date", "2026-09-21", "--as-of", "2026-09-18",
                           "--contacts", with_ids)  # fmt: skip
    assert code == 0, err
    # read with ids: a second (the control)
    code, out, err = run_cli("--workspace", ws, "pn", "next", "AGAIN", "--parent",
                             "Mrs Gail Again", "--contacts", with_ids, "--date", "2026-11-27")  # fmt: skip
    assert code == 0 and out.startswith("second (GBP 160)"), (out, err)
    # read without ids: attcli cannot tell she is contact G1, and says so
    code, out, err = run_cli("--workspace", ws, "pn", "next", "AGAIN", "--parent",
                             "Mrs Gail Again", "--contacts", no_ids, "--date", "2026-11-27")  # fmt: skip
    assert code == 0, err
    text = flat(out + err)
    assert "notice 1 about AGAIN (21/09/2026) is to Mrs Gail Again (contact G1)" in text
    assert "has no contact id column" in text
    assert "the next notice to them would be second (GBP 160)" in text
    # a notice recorded from it stops, naming her notice (its sessions would support two)
    code, out, err = run_cli("--workspace", ws, "pn", "record", "AGAIN", exp, "--parent",
                             "Mrs Gail Again", "--date", "2026-11-30", "--as-of", "2026-11-27",
                             "--contacts", no_ids)  # fmt: skip
    assert code == 1 and "notice 1 about AGAIN" in flat(err) and "--force" in err, (out, err)
    code, out, _ = run_cli("--workspace", ws, "pn", "list", "--upn", "AGAIN", "--json")
    assert [n["id"] for n in json.loads(out)] == [1]
    # the evidence pack says the 10 sessions of notice 1 may be hers
    code, out, err = run_cli("--workspace", ws, "evidence", "AGAIN", exp, "--for",
                             "penalty-notice", "--contacts", no_ids, "--parent",
                             "Mrs Gail Again", "--as-of", "2026-11-27", "--draft", "-f",
                             "json")  # fmt: skip
    assert code == 0, err
    assert "already supported a notice to them" in flat(err), err


def test_a_letter_read_from_contacts_without_ids_says_the_notice_it_may_not_count(tmp_path):
    ws, exp, with_ids, no_ids = school(tmp_path)
    code, _, err = run_cli("--workspace", ws, "pn", "record", "AGAIN", exp, "--parent", "G1",
                           "--date", "2026-09-21", "--as-of", "2026-09-18",
                           "--contacts", with_ids)  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("--workspace", ws, "letters", exp, "--contacts", no_ids,
                             "--as-of", "2026-11-27", "--out", tmp_path / "out",
                             "--only", "penalty_notice_warning")  # fmt: skip
    assert code == 0, err
    text = flat(out + err)
    assert "notice 1 about AGAIN (21/09/2026) is to Mrs Gail Again (contact G1)" in text
    assert "the letter quotes a first notice, and it would be second" in text


def test_a_notice_recorded_from_contacts_without_ids_counts_for_that_contact_s_id(tmp_path):
    """The other way: the first notice recorded from the export without ids (kept by name
    and address), the next from the one with them.  The same name and address is the same
    parent by the rule the first was recorded under: her second is a second, and a third
    within 3 years is refused."""
    ws, exp, with_ids, no_ids = school(tmp_path)
    code, _, err = run_cli("--workspace", ws, "pn", "record", "AGAIN", exp, "--parent",
                           "Mrs Gail Again", "--date", "2026-09-21", "--as-of", "2026-09-18",
                           "--contacts", no_ids)  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("--workspace", ws, "pn", "next", "AGAIN", "--parent", "G1",
                             "--contacts", with_ids, "--date", "2026-11-27")  # fmt: skip
    assert code == 0 and out.startswith("second (GBP 160)"), (out, err)
    # the evidence pack for her leaves out the 10 sessions of her first notice
    code, out, err = run_cli("--workspace", ws, "evidence", "AGAIN", exp, "--for",
                             "penalty-notice", "--contacts", with_ids, "--parent", "G1",
                             "--as-of", "2026-11-27", "--draft", "-f", "json")  # fmt: skip
    assert code == 0, err
    pack = json.loads(out)
    assert (len(pack["window"]["unauthorised_sessions"]), pack["window"]["first_met"],
            pack["this_notice"]) == (10, "2026-11-13", "second")  # fmt: skip
    code, out, err = run_cli("--workspace", ws, "pn", "record", "AGAIN", exp, "--parent", "G1",
                             "--date", "2026-11-30", "--as-of", "2026-11-27",
                             "--contacts", with_ids)  # fmt: skip
    assert code == 0, err
    text = flat(out)
    assert "covers 10 unauthorised sessions" in text and "second notice within 3 years" in text
    code, out, err = run_cli("--workspace", ws, "pn", "record", "AGAIN", exp, "--parent", "G1",
                             "--date", "2026-12-01", "--contacts", with_ids, "--force")  # fmt: skip
    assert code == 1 and "third penalty notice" in err, (out, err)


def test_a_parent_kept_by_name_and_address_who_moved_house_is_said(tmp_path):
    """Contacts without ids tell a parent by name and address: Mrs Gail Again's notice
    was recorded at 1 Elm Road; the next export has her at 9 New Street.  By the fallback
    she is another person, and attcli cannot tell: `pn next` says what the notice would be
    if one person, and `pn record` stops until --force (her notice's 10 sessions would
    support a second notice to her)."""
    ws, exp, _, no_ids = school(tmp_path)
    code, _, err = run_cli("--workspace", ws, "pn", "record", "AGAIN", exp, "--parent",
                           "Mrs Gail Again", "--date", "2026-09-21", "--as-of", "2026-09-18",
                           "--contacts", no_ids)  # fmt: skip
    assert code == 0, err
    moved = tmp_path / "contacts-moved.csv"
    moved.write_text(
        no_ids.read_text(encoding="utf-8").replace("1 Elm Road,Anytown,AN1 1AB",
                                                   "9 New Street,Anytown,AN9 9ZZ"),
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = run_cli("--workspace", ws, "pn", "next", "AGAIN", "--parent",
                             "Mrs Gail Again", "--contacts", moved, "--date", "2026-11-27")  # fmt: skip
    assert code == 0, err
    text = flat(out + err)
    assert "notice 1 about AGAIN (21/09/2026) is to Mrs Gail Again" in text
    assert "the next notice to them would be second (GBP 160)" in text
    code, out, err = run_cli("--workspace", ws, "pn", "record", "AGAIN", exp, "--parent",
                             "Mrs Gail Again", "--date", "2026-11-30", "--as-of", "2026-11-27",
                             "--contacts", moved)  # fmt: skip
    assert code == 1 and "notice 1 about AGAIN" in flat(err), (out, err)
    code, out, err = run_cli("--workspace", ws, "evidence", "AGAIN", exp, "--for",
                             "penalty-notice", "--contacts", moved, "--parent",
                             "Mrs Gail Again", "--as-of", "2026-11-27", "--draft", "-f",
                             "json")  # fmt: skip
    assert code == 0, err
    assert "at another address (recorded from contacts without ids)" in flat(err), err
    # the same address: the same parent, nothing to say
    code, out, err = run_cli("--workspace", ws, "pn", "next", "AGAIN", "--parent",
                             "Mrs Gail Again", "--contacts", no_ids, "--date", "2026-11-27")  # fmt: skip
    assert code == 0 and out.startswith("second (GBP 160)") and "notice 1" not in err, (out, err)
