"""Sweep leftovers6: small things the sixth round's sweeps noticed and left.

Each test works its right answer out by hand from DOMAIN.md or the policies.
"""

from __future__ import annotations

import datetime as dt

from clirun import run_cli
from test_trust_report_exports import text_of, trust


def test_the_trust_report_s_legacy_note_gives_its_date_as_dd_mm_yyyy(tmp_path):
    """Ash's export holds `H` on Monday 7 September 2026 AM (a legacy code, out of use from
    19/08/2024, DOMAIN.md 1: counted as authorised and said).  The trust report's note said
    "... all recorded on or after 19 August 2024: to recode in the MIS", where every other
    date in its notes (and the check's own line of the same code) is 19/08/2024."""
    config, a, b = trust(tmp_path)
    lines = a.read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith("07/09/2026,AM,/")
    lines[1] = lines[1][:-1] + "H"
    a.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "-o", out, width=2000)
    assert code == 0, err
    text = text_of(out)
    assert (
        "Ash Primary School: legacy codes (no longer in use) counted as they counted when in "
        "use: H on 1 session, as authorised, recorded on or after 19/08/2024: to recode "
        "in the MIS"
    ) in text
    assert "August 2024" not in text


def test_pn_next_warns_of_a_deleted_notice_for_its_own_school_s_child_alone(tmp_path):
    """The forgetschool trust: Ash (a) and Birch (b) each have a pupil "1003", two children.
    Birch's 1003 had a notice to Mr B of 01/06/2025 (counting until 01/06/2028), deleted
    with ``pupil forget 1003 --school b --force``.  `pn next 1003 --parent "Mrs A"` on
    31/08/2027: Mrs A's notice on record (20/03/2023, Ash) says the child asked about is
    Ash's 1003, whose parent had no notice from Birch; the next notice to her is a first
    (hers ended 20/03/2026), and there is nothing deleted to warn of.  It warned "1003's
    records were deleted on ...".  A parent with no notice on record leaves the school
    unknown: the warning stays (it may be Birch's child)."""
    from attcli.store import History, Parent
    from test_sweep_forgetschool import TODAY, _trust

    config, path = _trust(tmp_path)
    with History(path, write=True) as store:
        store.record_notice("1003", Parent("id:b2", "Mr B"), dt.date(2025, 6, 1), school="b")
        store.forget(upns=["1003"], today=TODAY, school="b", force=True)
    code, out, err = run_cli("pn", "next", "1003", "--parent", "Mrs A", "-c", config,
                             "--date", "2027-08-31", width=2000)  # fmt: skip
    assert code == 0, out + err
    assert "first" in out.lower(), out
    assert "records were deleted" not in err, err
    code, out, err = run_cli("pn", "next", "1003", "--parent", "Mr Nobody", "-c", config,
                             "--date", "2027-08-31", width=2000)  # fmt: skip
    assert code == 0, out + err
    assert "1003's records were deleted on" in err, err


def test_a_time_column_beside_a_session_column_is_listed_as_not_used(tmp_path):
    """A long export with `Session` (AM/PM) and `Time` (when the mark was entered: Monday's
    AM mark at 13:05): the session is the Session column's (tests/test_sweep_mutheader.py),
    the times are not read at all, yet `Time` was not among "columns not used", so the
    officer could think the times were used.  Now it is, and the marks are as before."""
    from attcli.loaders import load_registers

    path = tmp_path / "reg.csv"
    path.write_text(
        "UPN,Surname,Forename,Date,Session,Time,Mark\n"
        "A999300000001,Smith,Sam,07/09/2026,AM,13:05,/\n"
        "A999300000001,Smith,Sam,07/09/2026,PM,13:10,N\n",
        encoding="utf-8",
    )
    loaded = load_registers([path])
    assert loaded.register.select("session", "mark").rows() == [("AM", "/"), ("PM", "N")]
    assert loaded.files[0].skipped == ["columns not used: 'Time'"]
    # with no Session column the time is read (13:05 is PM): not listed
    path.write_text(
        "UPN,Surname,Forename,Date,Time,Mark\nA999300000001,Smith,Sam,07/09/2026,08:45,/\n",
        encoding="utf-8",
    )
    loaded = load_registers([path])
    assert loaded.register.select("session", "mark").rows() == [("AM", "/")]
    assert not [x for x in loaded.files[0].skipped if "not used" in x], loaded.files[0].skipped
