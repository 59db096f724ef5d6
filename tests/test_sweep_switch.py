"""Sweep: a school that changed MIS mid-year, its exports overlapping (3 December, switch).

Autumn 1 comes from Arbor (a long CSV: the name in one column, ``Surname, Forename``;
``Year 7``; dates as ``Mon, 07 Sep 2026``), autumn 2 from Integris (a wide CSV saved in
Windows-1252: surname and forename in their own columns, the surname in capitals; year
``7``; dates ``19/10/2026``), the two overlapping in the week of Mon 19 to Fri 23 October.
The term dates are autumn 2026's (tests/school.py): the half-term holiday 26-30 October.

Worked by hand from DOMAIN.md (the registers below):

- EVE joined under a temporary UPN (``T99920000005A``) in the old MIS, which wrote her
  middle name (``Ellis, Eve Marie``); the new MIS has her permanent UPN and ``ELLIS``,
  ``Eve``, the same date of birth.  She is present to Tue 13 October, then N every session
  from Wed 14 October to Tue 3 November, present from Wed 4 November.  School days of the
  run: 14, 15, 16 Oct (3) + 19-23 Oct (5) + 2, 3 Nov (2) = 10: a CME run of 10 school days
  (DOMAIN.md 6) as of Tue 3 November, one child's.  Under each UPN alone it is 8 days (the
  temporary one, "left" 23 Oct) and 7 (the permanent one, from 19 Oct): neither reaches 10,
  so only the two UPNs read as one child list her at all.
- AVA is present throughout (both exports).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
HOLIDAY = {D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)}
FIRST, A_END, B_START, LAST = D(2026, 9, 7), D(2026, 10, 23), D(2026, 10, 19), D(2026, 11, 6)
DAYS = [
    FIRST + dt.timedelta(days=i)
    for i in range((LAST - FIRST).days + 1)
    if (FIRST + dt.timedelta(days=i)).weekday() < 5 and FIRST + dt.timedelta(days=i) not in HOLIDAY
]
TEMP, PERM, AVA = "T99920000005A", "A999200000005", "A999200000001"
EVE_DOB, AVA_DOB = D(2015, 2, 3), D(2014, 10, 3)


def _eve(day: dt.date) -> str:
    return "N" if D(2026, 10, 14) <= day <= D(2026, 11, 3) else "/"


def _csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _arbor(path: Path, eve: str = "Ellis, Eve Marie") -> Path:
    """The old MIS's export, Mon 7 Sep to Fri 23 Oct: EVE under her temporary UPN."""
    rows: list[list[object]] = [
        ["UPN", "Student", "Year", "Registration Form", "Date of Birth", "Date", "Session", "Mark"]
    ]
    for upn, name, dob, mark in ((AVA, "Smith, Ava", AVA_DOB, lambda d: "/"),
                                 (TEMP, eve, EVE_DOB, _eve)):  # fmt: skip
        for day in (d for d in DAYS if d <= A_END):
            for s in ("AM", "PM"):
                rows.append([upn, name, "Year 7", "7A", f"{dob:%d/%m/%Y}", f"{day:%a, %d %b %Y}",
                             s, mark(day)])  # fmt: skip
    return _csv(path, rows)


def _integris(path: Path, eve: tuple[str, str] = ("ELLIS", "Eve")) -> Path:
    """The new MIS's export, Mon 19 Oct to Fri 6 Nov, Windows-1252: EVE's permanent UPN."""
    days = [d for d in DAYS if d >= B_START]
    rows: list[list[object]] = [
        ["Surname", "Forename", "UPN", "DOB", "Year", "Class"]
        + [f"{d:%a %d/%m/%Y} {s}" for d in days for s in ("AM", "PM")]
    ]
    rows.append(["SMITH", "Ava", AVA, f"{AVA_DOB:%d/%m/%Y}", "7", "7A"] + ["/"] * (2 * len(days)))
    rows.append([*eve, PERM, f"{EVE_DOB:%d/%m/%Y}", "7", "7A"]
                + [_eve(d) for d in days for _ in ("AM", "PM")])  # fmt: skip
    return _csv(path, rows, encoding="cp1252")


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def _said(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Ellis, Eve Marie", ("ELLIS", "Eve")),  # a middle name in one MIS only
        ("O'Neil, Eve", ("O\u2019NEIL", "Eve")),  # a typed apostrophe, a curly one
        ("Ellis-Grant, Eve", ("ELLIS GRANT", "Eve")),  # a hyphen, a space
    ],
)
def test_a_temporary_upn_s_child_is_one_child_though_the_two_mis_write_the_name_apart(
    tmp_path, config, old, new
):
    """The run of N across the switch is 10 school days of one child (module docstring):
    the CME list names it across the two UPNs.  With the name the same in both MIS it did;
    with a middle name in one (or an apostrophe or hyphen written another way) the two
    UPNs were two children, each under 10 days, and she was in no list."""
    a, b = _arbor(tmp_path / "arbor.csv", old), _integris(tmp_path / "integris.csv", new)
    code, out, err = run_cli("cme", a, b, "-c", config, "--as-of", "2026-11-03")
    assert code == 0, err
    said = _said(out)
    assert f"({TEMP}, {PERM}: one child under two UPNs?) has 10 school days of unexplained " \
           "absence from 14/10/2026 to 03/11/2026 across the two UPNs" in said  # fmt: skip
    assert "1 child under two UPNs or more" in _said(err)


def test_twins_with_other_forenames_stay_two_children(tmp_path, config):
    """The boundary: another forename (Evie beside Eve: a short name one letter apart is
    another name, as one UPN's two names are told apart) is another child: no run across
    the UPNs, no note."""
    a = _arbor(tmp_path / "arbor.csv", "Ellis, Evie")
    b = _integris(tmp_path / "integris.csv")
    code, out, err = run_cli("cme", a, b, "-c", config, "--as-of", "2026-11-03")
    assert code == 0, err
    assert "across" not in _said(out)
    assert "two UPNs" not in _said(err)


def test_the_check_s_run_on_record_names_the_permanent_upn_across_the_switch(tmp_path, config):
    """The history across the switch: the check recorded on the old MIS's export (EVE's
    temporary UPN, her middle name) and the next on the new MIS's alone: the temporary UPN
    is in none of the exports, and the permanent one is named beside it with the merge
    command, as when the two MIS write the name alike."""
    a, b = _arbor(tmp_path / "arbor.csv"), _integris(tmp_path / "integris.csv")
    code, _, err = run_cli("check", a, "-c", config, "--as-of", "2026-10-23", "--record")
    assert code == 0, err
    code, out, err = run_cli("check", b, "-c", config, "--as-of", "2026-11-06", "--format",
                             "json")  # fmt: skip
    assert code == 0, err
    gone = {c["upn"]: c for c in json.loads(out)["changes"]}[TEMP]
    assert gone["detail"].endswith(f"; perhaps {PERM} ('ELLIS, Eve', same birth date): "
                                   f"attcli pupil merge {TEMP} {PERM}")  # fmt: skip


# ------------------------------------------------ a notice on record across the switch

#: P absent (O) every afternoon from Mon 7 September to Fri 2 October (20 school days): 10
#: unauthorised sessions by Fri 18 September, the threshold (DOMAIN.md 5).  A first notice
#: went to Mrs Ann Parent on Mon 5 October on the evidence as of 18 September, recorded
#: with the old MIS's contacts export (her contact id C1).  The new MIS's contacts export
#: gives her another id, 900001: one person (DOMAIN.md 5: a notice within 3 years makes
#: the next a second, GBP 160), but by contact id attcli cannot tell her from another.


def _noticed(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """(export, config, old contacts, new contacts) with notice 1 to C1 on record."""
    from builders import register, write_long_csv
    from school import contacts_file

    export = write_long_csv(register({"P": " ".join(["/O"] * 20)}), tmp_path / "autumn.csv",
                            dob=True, groups=True)  # fmt: skip
    config = make_workspace(tmp_path / "ws")
    old = contacts_file(tmp_path / "old.csv", [("P", "C1", "Mrs", "Ann", "Parent")])
    new = contacts_file(tmp_path / "new.csv", [("P", "900001", "Mrs", "Ann", "Parent")])
    code, _, err = run_cli("pn", "record", "P", export, "-c", config, "--parent", "C1",
                           "--date", "2026-10-05", "--as-of", "2026-09-18", "--contacts", old)  # fmt: skip
    assert code == 0, err
    return export, config, old, new


def test_pn_next_by_a_new_mis_s_contact_id_says_the_notice_to_her_old_id(tmp_path):
    """`pn next` by the new id answered "first (GBP 80 ...)" and nothing else: a notice to
    the same name under an id the contacts export no longer has is now said, with what the
    next would be if she is that parent."""
    _, config, _, new = _noticed(tmp_path)
    code, out, err = run_cli("pn", "next", "P", "--parent", "900001", "--contacts", new,
                             "-c", config, "--date", "2026-10-12")  # fmt: skip
    assert code == 0, err
    assert out.startswith("first")  # by contact id (DOMAIN.md 5), as before
    said = _said(err)
    assert "notice 1 about P (05/10/2026) is to Mrs Ann Parent (contact C1), a contact id " \
           "not in" in said  # fmt: skip
    assert "the next notice to them would be second (GBP 160)" in said


def test_pn_record_by_a_new_mis_s_contact_id_stops_at_the_notice_to_her_old_id(tmp_path):
    """Recorded by the new id, a second notice to her was a "first" to another parent: a
    third within 3 years would then pass.  It stops, as a notice recorded by a name no
    contact has does, and --force counts the old one as another parent's."""
    export, config, _, new = _noticed(tmp_path)
    args = ("pn", "record", "P", export, "-c", config, "--parent", "900001", "--date",
            "2026-10-12", "--as-of", "2026-10-02", "--contacts", new)  # fmt: skip
    code, _, err = run_cli(*args)
    assert code == 1
    said = _said(err)
    assert "notice 1 about P (05/10/2026) is to Mrs Ann Parent (contact C1), a contact id " \
           "not in" in said  # fmt: skip
    assert "--force" in said
    code, _, err = run_cli(*args, "--force")
    assert code == 0, err


def test_a_notice_to_another_contact_still_in_the_export_is_no_question(tmp_path):
    """The boundary: the old id still among the pupil's contacts (another person of the
    same name, a grandmother) is another parent: nothing said, as before."""
    _, config, _, _ = _noticed(tmp_path)
    from school import contacts_file

    both = contacts_file(tmp_path / "both.csv", [("P", "C1", "Mrs", "Ann", "Parent"),
                                                 ("P", "900001", "Mrs", "Ann", "Parent")])  # fmt: skip
    code, out, err = run_cli("pn", "next", "P", "--parent", "900001", "--contacts", both,
                             "-c", config, "--date", "2026-10-12")  # fmt: skip
    assert code == 0, err
    assert out.startswith("first")
    assert "notice 1" not in err


def test_a_warning_letter_quoting_a_first_notice_says_the_notice_to_her_old_id(tmp_path):
    """The penalty-notice warning of the first half term's end (as of Fri 2 October: 20
    unauthorised sessions, 10 of them after the notice's window) went to Mrs Ann Parent by
    the new id quoting a first notice (GBP 80) with nothing said: the run now names the
    notice to her old id, for the office to check the letter before it goes."""
    export, config, _, new = _noticed(tmp_path)
    code, out, err = run_cli("letters", export, "-c", config, "--contacts", new, "--out",
                             tmp_path / "letters", "--as-of", "2026-10-02", "--dry-run")  # fmt: skip
    assert code == 0, err
    assert "penalty_notice_warning" in out
    said = _said(err)
    assert "notice 1 about P (05/10/2026) is to Mrs Ann Parent (contact C1), a contact id " \
           "not in" in said  # fmt: skip
    assert "the letter quotes a first notice" in said


def test_the_new_mis_s_export_alone_is_not_read_as_every_past_figure_changed(tmp_path, config):
    """The weekly check after the switch, on the new MIS's export alone (from Mon 19
    October), against the run recorded on the old one as of Fri 23 October: AVA's figures
    then were 70/70 (7 weeks); by these exports as of that date 10/10 (one week).  The
    check says the data start late (INCOMPLETE DATA), and then listed AVA (and every pupil)
    as "past figure changed ... marks changed since to codes that are not possible or
    removed ...: check them in the MIS": no mark changed; the exports start after the run's
    figures began.  Those figures are not compared now, and one note says why."""
    a, b = _arbor(tmp_path / "arbor.csv"), _integris(tmp_path / "integris.csv")
    code, _, err = run_cli("check", a, "-c", config, "--as-of", "2026-10-23", "--record")
    assert code == 0, err
    code, out, err = run_cli("check", b, "-c", config, "--as-of", "2026-11-06", "--format",
                             "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert [c for c in doc["changes"] if c["kind"] == "corrected"] == []
    assert any(
        w.startswith("1 pupil's figures in the check recorded as of 23/10/2026 are not compared")
        and "these exports start 19/10/2026" in w
        for w in doc["warnings"]
    ), doc["warnings"]


def _old_wide(path: Path) -> Path:
    """The old MIS's register as a wide grid for the whole autumn term (Mon 7 September to
    Fri 18 December), made on Fri 23 October: the columns after it are blank for everyone
    (registers not yet taken); AVA present, EVE under her temporary UPN as in
    :func:`_arbor`, JO present until he left on Fri 9 October (blank after)."""
    days = [FIRST + dt.timedelta(days=i) for i in range((D(2026, 12, 18) - FIRST).days + 1)]
    days = [d for d in days if d.weekday() < 5 and d not in HOLIDAY]
    rows: list[list[object]] = [
        ["Name", "UPN", "DOB", "Year", "Class"]
        + [f"{d:%a %d/%m/%Y} {s}" for d in days for s in ("AM", "PM")]
    ]
    for upn, name, dob, mark, last in (
        ("A999200000001", "Smith, Ava", AVA_DOB, lambda d: "/", A_END),
        (TEMP, "Ellis, Eve", EVE_DOB, _eve, A_END),
        (JO, "Jay, Jo", AVA_DOB, lambda d: "/", D(2026, 10, 9)),  # left on Fri 9 October
    ):
        rows.append([name, upn, f"{dob:%d/%m/%Y}", "Year 7", "7A"]
                    + [mark(d) if d <= last else "" for d in days for _ in ("AM", "PM")])  # fmt: skip
    return _csv(path, rows)


JO = "A999200000009"


def test_an_old_export_s_blank_columns_after_it_was_made_are_no_later_export(tmp_path, config):
    """The old MIS's term register, made on Fri 23 October, has blank columns to Fri 18
    December; the new MIS's export runs from Mon 19 October to Fri 6 November.  The old
    one holds no mark after 23 October, so the new one is the later: its marks fill in
    the old one's blank cells of 2-6 November (listed, as a session an earlier export left
    unmarked).  The blank columns made the old export "end" on 18 December, the later of
    the two, and its blank cells "took away" the new one's marks: 10 conflicts refused.
    AVA: present every session, 7 September to 6 November: 35 school days to 23 October
    and 5 after the holiday, 80/80."""
    old, new = _old_wide(tmp_path / "old.csv"), _integris(tmp_path / "new.csv")
    code, out, err = run_cli("check", old, new, "-c", config, "--as-of", "2026-11-06",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    ava = next(p for p in doc["pupils"] if p["upn"] == AVA)
    assert (ava["attended"], ava["possible"]) == (80, 80)
    filled = [c for c in doc["corrections"] if c["was"] == "-"]
    assert len(filled) == 10  # AVA's 2-6 November
    assert {c["file"] for c in filled} == {str(new)}
    # JO left on 9 October: no note that the new export leaves out a pupil of the old
    # one's "up to" a date of its blank cells
    assert not [w for w in doc["warnings"] if JO in w], doc["warnings"]


def test_the_evidence_pack_for_her_new_id_says_the_notice_to_her_old_id(tmp_path):
    """The pack for a notice to Mrs Ann Parent by the new id counted the 10 sessions notice
    1 (to her old id, C1) already rests on "for this parent too (a notice to each liable
    parent)": said of another person.  It now says attcli cannot tell them apart, as
    `pn next` does (DOMAIN.md 5: a session supports one notice to a parent)."""
    export, config, _, new = _noticed(tmp_path)
    code, _, err = run_cli("evidence", "P", export, "-c", config, "--for", "penalty-notice",
                           "--parent", "900001", "--contacts", new, "--as-of", "2026-10-02",
                           "--format", "json", "-o", tmp_path / "pack.json", "--draft", "--force")  # fmt: skip
    assert code == 0, err
    said = _said(err)
    assert "10 of the window's unauthorised sessions also supported notice 1 to Mrs Ann " \
           "Parent (contact C1)" in said  # fmt: skip
    assert "a contact id not among the pupil's contacts now, under the name of Mrs Ann " \
           "Parent (contact 900001)" in said  # fmt: skip


# ------------------------------------------------- exports keyed by two MIS's own ids


def _keyed(path: Path, header: str, marks: dict[str, str], day: str) -> Path:
    """A register keyed by an MIS id (``header``), one AM session on ``day``: id -> mark."""
    rows: list[list[object]] = [[header, "AttendanceDate", "SessionName", "AttendanceMark"]]
    rows += [[i, f"{day}T09:00:00", "AM", m] for i, m in marks.items()]
    return _csv(path, rows)


def test_exports_keyed_by_two_mis_id_columns_say_the_ids_may_be_two_mis(tmp_path, config):
    """The old MIS's export keyed by its ids ('MIS ID', a Wonde-style export) and the new
    one's by SIMS's PersonID: attcli read id 101 in both as one pupil, with nothing said,
    though after a change of MIS the two MIS number their pupils apart (101 may be two
    children).  It cannot tell, so it says so in one line; the same column in both is one
    MIS's ids (the boundary: no line)."""
    old = _keyed(tmp_path / "old.csv", "MIS ID", {"101": "/", "102": "/"}, "2026-10-19")
    new = _keyed(tmp_path / "new.csv", "PersonID", {"101": "O", "102": "/"}, "2026-10-20")
    code, _, err = run_cli("check", old, new, "-c", config, "--from", "2026-10-19")
    assert code == 0, err
    said = _said(err)
    assert "old.csv identifies pupils by the MIS ids of column 'MIS ID' and" in said
    assert "new.csv by those of column 'PersonID'" in said
    same = _keyed(tmp_path / "same.csv", "Person ID", {"101": "O", "102": "/"}, "2026-10-20")
    code, _, err = run_cli("check", new, same, "-c", config, "--from", "2026-10-19")
    assert code == 0, err
    assert "identifies pupils by the MIS ids of column" not in _said(err)
