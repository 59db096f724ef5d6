"""Pupil lists as MIS systems really export them (``--pupils FILE``): a sweep of
hand-built lists against a hand-built register (DOMAIN.md 1, 5, 8).

The register (``builders.register``, written as a long CSV with its year and form but no
date of birth, as an attendance export often is): four school weeks from Mon 07/09/2026
to Fri 02/10/2026, no holiday.  Eight pupils present throughout; NED present in week 1,
then N at every session from Mon 14/09 (15 school days, 30 sessions).
"""

from __future__ import annotations

import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli

WEEK = "/ " * 5
UPNS = [f"A9992001000{i:02d}" for i in range(1, 9)]
NED = "A999200100010"


def _register(tmp_path: Path) -> Path:
    pupils = {u: WEEK * 4 for u in UPNS} | {NED: WEEK + "N " * 15}
    return write_long_csv(register(pupils), tmp_path / "reg.csv", groups=True)


def _sims_list(tmp_path: Path) -> Path:
    """A SIMS-style student list: title rows, the census's headers in its own order, an
    enrolment status and leaving reason attcli does not need, a totals row."""
    rows = [
        "Student List,,,,,,,,",
        "Oakfield Academy,,,,,,,,",
        "Legal Surname,Preferred Forename,UPN,Reg Group,NC Year,Date of Birth,"
        "Date of Admission,Date of Leaving,Enrolment Status,Leaving Reason",
        *(f"Surname{u},Forename{u},{u},7A,7,01/10/2014,01/09/2026,,C," for u in UPNS),
        f"Surname{NED},Forename{NED},{NED},7A,7,15/03/2014,01/09/2026,,C,",
        ",,,,,,,,,",
        "Total: 9,,,,,,,,,",
    ]
    path = tmp_path / "students.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_pupil_list_s_date_of_birth_is_the_pupil_s_when_the_register_gives_none(tmp_path):
    """The register has no date of birth; the list gives NED's, 15/03/2014.  A pupil
    born 15/03/2014 is of compulsory school age all this period (5 in 2019, 16 in
    2030), so check must not say "no date of birth", cme must show him born 15/03/2014
    and the LA's register-check file must carry it (DOMAIN.md 5, 8).  attcli read the
    list's joining and leaving dates but dropped its dates of birth: "born ?" in cme,
    "no date of birth: check compulsory school age" in check, a blank date of birth in
    the file for the local authority."""
    reg, pupils = _register(tmp_path), _sims_list(tmp_path)
    code, out, err = run_cli("cme", reg, "--pupils", pupils, "-f", "json")
    assert code == 0, err
    (run,) = json.loads(out)["runs"]
    assert (run["upn"], run["dob"], run["run_days"]) == (NED, "2014-03-15", 15)
    code, out, err = run_cli("check", reg, "--pupils", pupils)
    assert code == 0, err
    assert "no date of birth" not in out
    rc = tmp_path / "rc.csv"
    code, out, err = run_cli("register-check", reg, "--pupils", pupils, "--term", "autumn",
                             "-o", rc)  # fmt: skip
    assert code == 0, err
    header, row = rc.read_text(encoding="utf-8-sig").splitlines()
    assert dict(zip(header.split(","), row.split(","), strict=True))["Date of birth"] in (
        "15/03/2014",
        "2014-03-15",
    )


HUG = "A999200100009"


def test_two_spells_in_different_forms_are_two_spells_in_the_latest_form(tmp_path):
    """HUG left on Fri 18/09/2026 from 7A and was admitted again on Mon 28/09/2026 into
    7B: the MIS lists the two enrolments, alike but for their dates and form.  As for any
    two spells (docs/decisions.md), the week between is off roll: as of Fri 02/10 HUG's
    possible sessions are weeks 1, 2 and 4, 15 days x 2 = 30, all attended, no missing
    mark, on roll.  The register (no form column) gives no group, so the list's is shown:
    the latest spell's, 7B.  attcli refused the list ("listed more than once with
    different values ... Keep one row per pupil"), and keeping one row, as it asked, makes
    week 3 ten missing marks."""
    pupils = {u: WEEK * 4 for u in UPNS} | {HUG: WEEK * 2 + "! " * 5 + WEEK}
    reg = write_long_csv(register(pupils), tmp_path / "reg.csv")
    rows = [
        "UPN,Surname,Forename,Year,Reg Group,Admission Date,Leaving Date",
        *(f"{u},Surname{u},Forename{u},7,7A,01/09/2026," for u in UPNS),
        f"{HUG},Surname{HUG},Forename{HUG},7,7A,01/09/2026,18/09/2026",
        f"{HUG},Surname{HUG},Forename{HUG},7,7B,28/09/2026,",
    ]
    listed = tmp_path / "students.csv"
    listed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run_cli("check", reg, "--pupils", listed, "-f", "json")
    assert code == 0, err
    (hug,) = [p for p in json.loads(out)["pupils"] if p["upn"] == HUG]
    assert (hug["possible"], hug["attended"], hug["missing_marks"]) == (30, 30, 0)
    assert (hug["on_roll"], hug["year_group"], hug["reg_group"]) == (True, "7", "7B")


def test_a_pupil_list_sharing_no_pupil_with_the_register_is_refused(tmp_path):
    """The list given is another school's: none of its UPNs is in the register.  It
    cannot decide anyone's time on roll, so every figure would be the register's alone,
    read as though the list had been checked (two notes, and cme and register-check went
    on).  Refused in one line naming the list, a UPN of each side and what to give."""
    reg = _register(tmp_path)
    rows = ["UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date"] + [
        f"B888{u[4:]},Other{u},Kid,01/10/2014,01/09/2026," for u in [*UPNS, NED]
    ]
    other = tmp_path / "other_school.csv"
    other.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for command in (["check"], ["cme"], ["register-check", "--term", "autumn",
                                         "-o", tmp_path / "rc.csv"]):  # fmt: skip
        code, out, err = run_cli(*command, reg, "--pupils", other)
        assert code != 0, (command, out)
        assert "other_school.csv" in err and "no pupil" in err, err
        assert "B888200100001" in err and "A999200100001" in err, err
        assert "Traceback" not in err


def test_the_census_s_entry_date_is_the_joining_date(tmp_path):
    """A list with the school census's own headers (UPN, Surname, Forename, DOB,
    EnrolStatus, EntryDate, NCyearActual: the DfE's census and CTF field names).  JOY's
    EntryDate is Mon 14/09/2026, but the register kept N for her all week 1 (07-11/09),
    before she was admitted.  DOMAIN.md 1: the joining date decides the time on roll, so
    those 10 N are outside it, not counted and listed: possible 30 (weeks 2-4, all
    present), 0 unauthorised.  attcli did not know "EntryDate", so read no joining date
    and counted the 10 N: 10 unauthorised sessions, a penalty-notice threshold met."""
    joy = "A999200100011"
    pupils = {u: WEEK * 4 for u in UPNS} | {joy: "N " * 5 + WEEK * 3}
    reg = write_long_csv(register(pupils), tmp_path / "reg.csv", groups=True)
    rows = ["UPN,Surname,Forename,DOB,EnrolStatus,EntryDate,NCyearActual"] + [
        f"{u},Surname{u},Forename{u},2014-10-01,C,{'2026-09-14' if u == joy else '2026-09-01'},7"
        for u in [*UPNS, joy]
    ]
    census = tmp_path / "census.csv"
    census.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run_cli("check", reg, "--pupils", census, "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    (row,) = [p for p in data["pupils"] if p["upn"] == joy]
    assert (row["possible"], row["attended"], row["unauthorised"]) == (30, 30, 0)
    outside = [q for q in data["data_quality"] if q["upn"] == joy and q["kind"] == "outside_roll"]
    assert len(outside) == 10


def test_a_guest_pupil_is_not_on_this_school_s_roll(tmp_path):
    """GUE attends as a guest (Enrolment Status G: on another school's roll, not this
    one's admission register) and the register holds N for every session of theirs,
    weeks 2-4 (15 school days).  Their attendance is their own school's to follow up: this
    school's check, cme and register-check must not band them, refer them as missing
    education or send them to the LA, and must say in one line why they are left out.
    NED (a single registration, C) is listed as before: 15 days from 14/09.  attcli read
    the status column not at all and listed GUE as severe absence and a CME case."""
    gue = "A999200100012"
    pupils = {u: WEEK * 4 for u in UPNS} | {NED: WEEK + "N " * 15, gue: "! " * 5 + "N " * 15}
    reg = write_long_csv(register(pupils), tmp_path / "reg.csv", groups=True)
    rows = ["UPN,Legal Surname,Legal Forename,Enrolment Status,Date of Admission"] + [
        f"{u},Surname{u},Forename{u},{'G - Guest' if u == gue else 'C'},01/09/2026"
        for u in [*UPNS, NED, gue]
    ]
    listed = tmp_path / "students.csv"
    listed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run_cli("cme", reg, "--pupils", listed, "-f", "json")
    assert code == 0, err
    assert [r["upn"] for r in json.loads(out)["runs"]] == [NED]
    assert gue in err and "guest" in err, err
    code, out, err = run_cli("check", reg, "--pupils", listed, "-f", "json")
    assert code == 0, err
    assert gue not in [p["upn"] for p in json.loads(out)["pupils"]]
    rc = tmp_path / "rc.csv"
    code, out, err = run_cli("register-check", reg, "--pupils", listed, "--term", "autumn",
                             "-o", rc)  # fmt: skip
    assert code == 0, err
    assert gue not in rc.read_text(encoding="utf-8-sig")


def test_a_pupil_list_with_none_of_the_exports_pupils_on_roll_then_is_refused(tmp_path):
    """Last year's list (every pupil admitted 01/09/2025 and left 22/07/2026, a leavers'
    report, say) given with this September's register: by its dates no pupil of the
    exports was on roll on any day of them (07/09-02/10/2026), so every mark would be
    outside the time on roll and nothing is left to check.  attcli failed with "attcli
    failed unexpectedly (AttributeError ...)" in check and register-check, and cme said
    "no autumn term 2026/27 in the data".  Refused in one line naming the list, a pupil
    and their dates, and the exports' dates."""
    reg = _register(tmp_path)
    rows = ["UPN,Surname,Forename,Admission Date,Leaving Date"] + [
        f"{u},Surname{u},Forename{u},01/09/2025,22/07/2026" for u in [*UPNS, NED]
    ]
    old = tmp_path / "leavers.csv"
    old.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for command in (["check"], ["cme"], ["register-check", "--term", "autumn",
                                         "-o", tmp_path / "rc.csv"]):  # fmt: skip
        code, out, err = run_cli(*command, reg, "--pupils", old)
        assert code != 0, (command, out)
        assert "leavers.csv" in err and "unexpectedly" not in err, err
        assert "22/07/2026" in err and "07/09/2026" in err, err


def test_a_date_of_birth_the_list_gives_otherwise_than_the_exports_is_said(tmp_path):
    """The exports give every pupil born 01/10/2014 (the builder's); the list gives NED
    15/03/2014.  Compulsory school age, and so whether a penalty notice may be quoted,
    follows the date of birth: two records of it that disagree are said in one line
    naming the pupil and both dates, never one taken silently (the exports' is used, as
    for the rest of the pupil's details).  The eight pupils whose dates agree are not
    named."""
    pupils = {u: WEEK * 4 for u in UPNS} | {NED: WEEK + "N " * 15}
    reg = write_long_csv(register(pupils), tmp_path / "reg.csv", groups=True, dob=True)
    listed = _sims_list(tmp_path)
    for command in (
        ["check", reg],
        ["cme", reg],
        ["register-check", reg, "--term", "autumn", "-o", tmp_path / "rc.xlsx"],
    ):
        code, out, err = run_cli(*command, "--pupils", listed)
        assert code == 0, err
        notes = " ".join(" ".join(err.split()).split("note: ")[1:])
        assert (
            f"1 pupil's date of birth differs between the exports and the pupil list "
            f"{listed} (the exports' is used, and compulsory school age follows it): "
            f"{NED} 01/10/2014 in the exports, 15/03/2014 in the list: check the MIS"
        ) in notes, err
