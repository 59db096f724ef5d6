"""The command line, run through attcli.cli.main as a user runs it."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import stat
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from attcli import __version__
from attcli.cli import main
from clirun import run_cli


def write_export(path: Path, pupils: dict[str, str], start=dt.date(2026, 9, 7)) -> Path:
    """An Arbor-style long CSV: one token per school day (see tests/builders.py)."""
    from builders import school_days, split_token

    lines = [
        "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"
    ]
    for upn, marks in pupils.items():
        tokens = marks.split()
        for day, tok in zip(school_days(start, len(tokens)), tokens, strict=True):
            for session, mark in zip(("AM", "PM"), split_token(tok), strict=True):
                lines.append(
                    f'{upn},Surname{upn[-1]},Forename{upn[-1]},Year 7,7A,01/10/2014,"{day:%a, %d %b %Y}",{session},{mark}'
                )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def export(tmp_path):
    return write_export(
        tmp_path / "week.csv",
        {
            "A123456789011": " ".join(["/\\"] * 16 + ["N"] * 4),  # 32/40 red
            "A123456789012": " ".join(["/\\"] * 20),  # green
        },
    )


def test_version_and_codes(capsys):
    assert run_cli("--version")[:2] == (0, f"attcli {__version__}\n")
    code, out, _ = run_cli("codes")
    assert code == 0
    for text in ("C1", "Y7", "not possible", "Holiday authorised by the school (pre-2024)"):
        assert text in out
    # the MIS sub-codes counted as their parent without a word in the config
    assert (
        "MIS sub-codes counted as their parent code: I01 and I_F as I; X01 to X07 as X. "
        'Map your MIS\'s others in attcli.toml: [codes.subcodes] I02 = "I".'
    ) in " ".join(out.split())


def test_check_json_contract(capsys, export):
    code, out, err = run_cli("check", str(export), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == "2026-10-02"
    assert doc["period"] == {"start": "2026-09-01", "end": "2026-10-02"}
    a = next(p for p in doc["pupils"] if p["upn"] == "A123456789011")
    assert (a["possible"], a["attended"], a["unauthorised"], a["attendance_pct"], a["band"]) == (
        40,
        32,
        8,
        80.0,
        "red",
    )
    assert a["continuous_absence_days"] == 4 and a["groups"] == ["band:red", "absence"]
    assert a["evidence"]["runs"] == [
        {
            "kind": "unexplained",
            "start": "2026-09-29",
            "end": "2026-10-02",
            "days": 4,
            "codes": ["N"],
            "current": True,
        }
    ]
    required = {
        "upn",
        "surname",
        "forename",
        "year_group",
        "reg_group",
        "possible",
        "attended",
        "authorised",
        "unauthorised",
        "attendance_pct",
        "band",
        "lates_half_term",
        "lates_flag",
        "pn_threshold_met",
        "pn_first_met",
        "pn_window_sessions",
        "compulsory_school_age",
        "continuous_absence_days",
        "longest_absence_days",
        "sickness_sessions",
        "sickness_flag",
    }
    assert required <= set(a)
    assert doc["summary"]["bands"] == {"green": 1, "amber": 0, "red": 1, "severe": 0, "no_band": 0}


def test_check_csv_has_the_json_columns(capsys, export):
    code, out, _ = run_cli("check", str(export), "--format", "csv")
    assert out.startswith("\ufeff")  # Excel reads UTF-8 names right only with a BOM
    header = out.removeprefix("\ufeff").splitlines()[0].split(",")
    assert header[:6] == ["upn", "surname", "forename", "year_group", "reg_group", "dob"]
    assert "pn_first_met" in header and "sickness_flag" in header


def test_output_file_is_private_and_not_replaced_without_force(capsys, export, tmp_path):
    target = tmp_path / "check.xlsx"
    assert run_cli("check", str(export), "-f", "xlsx", "-o", str(target))[0] == 0
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, _, err = run_cli("check", str(export), "-f", "xlsx", "-o", str(target))
    assert code == 1
    assert f"{target} already exists; use --force to replace it" in err
    assert run_cli("check", str(export), "-f", "xlsx", "-o", str(target), "--force")[0] == 0


def test_user_errors_exit_1_without_traceback_and_debug_shows_it(capsys, export, tmp_path):
    code, out, err = run_cli("check", str(export), "--as-of", "31/13/2026")
    assert code == 1
    assert "--as-of '31/13/2026' is not a date: there is no month 13" in err
    assert "Traceback" not in err
    code, _, err = run_cli("check", str(export), "--year-group", "12")
    assert code == 1 and "--year-group '12': no such year group in the data (found: 7)" in err
    old = sys.argv
    sys.argv = ["attcli", "--debug", "check", str(export), "--as-of", "nope"]
    try:
        with pytest.raises(Exception, match="is not a date"):
            main()
    finally:
        sys.argv = old


def test_bad_config_names_the_key(capsys, export, tmp_path):
    cfg = tmp_path / "attcli.toml"
    cfg.write_text("[penalty_notice]\nsessions = 'ten'\n", encoding="utf-8")
    code, _, err = run_cli("check", str(export), "--config", str(cfg))
    assert code == 1
    assert "config key 'penalty_notice.sessions': expected a whole number, got 'ten'" in err


def test_init_writes_a_config_that_parses(capsys, tmp_path):
    target = tmp_path / "attcli.toml"
    assert run_cli("init", str(target))[0] == 0
    from attcli.config import load_config

    assert load_config(target).pn_sessions == 10
    assert run_cli("init", str(target))[0] == 1  # not replaced without --force


def test_cme_and_register_check_commands(capsys, tmp_path):
    export = write_export(
        tmp_path / "e.csv",
        {
            "A123456789011": " ".join(["/\\"] * 5 + ["N"] * 15),
            "A123456789012": " ".join(["/\\"] * 20),
        },
    )
    code, out, err = run_cli("cme", str(export), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["runs"] == [
        {
            "upn": "A123456789011",
            "surname": "Surname1",
            "forename": "Forename1",
            "year_group": "7",
            "reg_group": "7A",
            "dob": "2014-10-01",
            "run_start": "2026-09-14",
            "run_end": "2026-10-02",
            "run_days": 15,
            "codes": ["N"],
            "current": True,
            "last_attended": "2026-09-11",
            "status": "absent",
            "left_on": None,
            "left_by": None,
            "unregistered_days": 0,
            "unmarked_days": 0,
            "last_marked": None,
            "not_possible_days": 0,
            "not_possible_codes": [],
            "unmarked_within_days": 0,
            "off_roll_days": 0,
            "off_roll_dates": [],
            "dual_within_days": 0,
            "dual_within_dates": [],
        }
    ]
    target = tmp_path / "la.csv"
    code, out, err = run_cli("register-check", str(export), "--term", "autumn", "-o", str(target))
    assert code == 0, err
    assert "1 pupil listed for the autumn term 2026/27" in out
    # no workspace: the file names the school "School", with no URN, and the run says so
    assert " ".join(err.split()).endswith(
        "note: the register-check file does not say which school it is (its name or its URN "
        "not set): make the school's workspace with `attcli init` (or give --workspace DIR) "
        "before sending it"
    )
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].startswith(
        "A123456789011,Surname1,Forename1,01/10/2014,7,,25.00,25.00,40,0,30,"
    )


def test_check_says_what_the_next_penalty_notice_would_be(capsys, tmp_path):
    from school import contacts_file, make_workspace

    # 10 days of G: 20 unauthorised sessions in the window -> threshold met.
    export = write_export(
        tmp_path / "e.csv", {"A123456789011": " ".join(["/\\"] * 10 + ["G"] * 10)}
    )
    cfg = make_workspace(tmp_path / "school", "")
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            'path = "attcli-history.sqlite3"', 'path = "history.sqlite3"'
        ),
        encoding="utf-8",
    )
    contacts = contacts_file(
        tmp_path / "c.csv", [("A123456789011", "501", "Mrs", "Jo", "Surname1")]
    )

    def next_notice_text() -> str:
        code, out, err = run_cli("check", str(export), "-c", str(cfg), "-f", "json")
        assert code == 0, err
        return json.loads(out)["pupils"][0]["pn_next_notice"]

    assert (
        next_notice_text()
        == "next notice: first (GBP 80 if paid within 21 days, 160 within 28), none on record"
    )
    assert not (tmp_path / "school" / "history.sqlite3").exists()  # a check never makes it
    # (before the export: recorded with --force; both after 19 August 2024, when the
    # national framework began: a notice before it counts toward no limit, sweep rules3)
    for date in ("2024-09-10", "2025-03-01"):
        code, _, err = run_cli(
            "pn", "record", "A123456789011", str(export), "--parent", "Mrs Surname1",
            "--contacts", str(contacts), "--date", date, "--force", "-c", str(cfg),
        )  # fmt: skip
        assert code == 0, err
    # two notices to Mrs Jo Surname1 within the 3 years before 2 Oct 2026: no third
    assert (
        next_notice_text()
        == "Mrs Jo Surname1: no further notice within 3 years: alternative action"
    )
    code, out, err = run_cli("check", str(export), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["pupils"][0]["pn_next_notice"] == (
        "next notice: not known (no workspace, so no record of notices)"
    )


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "exports"


def test_cme_and_la_file_on_the_examples_with_contacts(capsys, tmp_path):
    arbor, contacts = str(EXAMPLES / "arbor_autumn_2026.csv"), str(EXAMPLES / "contacts.csv")
    code, out, err = run_cli("cme", arbor, "--contacts", contacts, "-f", "json")
    assert code == 0, err
    runs = json.loads(out)["runs"]
    # the planted runs of 10+ days (examples/README.md): current first, then the pupil who
    # left the roll straight after one, then the longest
    assert [(r["surname"], r["run_days"], r["current"], r["status"]) for r in runs] == [
        ("Walsh", 12, True, "absent"),
        ("Ashworth", 10, False, "left"),
        ("Price", 11, False, "back"),
        ("Kowalska", 10, False, "back"),
    ]
    assert runs[1]["left_on"] == "2026-10-16"
    # what the runs cannot settle is said on stderr (stdout is the JSON): the problems check
    # lists for the year to 18 Dec (tests/test_register_check.py counts them there)
    assert (
        "register problems from 01/09/2026 to 18/12/2026: 337 N codes older than 5 school days, "
        "5 missing marks, 2 missing rows; a session with no mark neither counts toward nor "
        "breaks a run, and each N counts as unexplained absence: fix them in the MIS (attcli "
        "check lists them)" in " ".join(err.split())
    )
    # (stdout is the one JSON document; since sweep leftovers2 its `warnings` list the line)
    assert json.loads(out)["warnings"][0].startswith("register problems from 01/09/2026")
    assert (runs[0]["contact_name"], runs[0]["contact_phone"]) == (
        "Dr Agnieszka Walsh",
        "01632 960953",
    )
    target = tmp_path / "la.csv"
    code, _, err = run_cli(
        "register-check",
        arbor,
        "--term",
        "autumn",
        "--contacts",
        contacts,
        "-o",
        str(target),
    )
    assert code == 0, err
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    walsh = next(r for r in rows if r["Surname"] == "Walsh")
    assert walsh["Address"] == "92 Priory Walk, Netherby, Oakfield, OK8 8PA"  # priority 1 contact
    assert walsh["Reasons"] == "below_threshold;continuous_unauthorised_10_days"


def _commands_with_contacts(tmp: Path, contacts: Path) -> dict[str, tuple]:
    """Every command that takes --contacts, on the examples (Harvey Doyle, L999290719909,
    whose penalty-notice threshold is met on Fri 20 Nov 2026: examples/README.md)."""
    arbor, doyle, cfg = EXAMPLES / "arbor_autumn_2026.csv", "L999290719909", tmp / "attcli.toml"
    return {
        "letters": ("letters", arbor, "--out", tmp / "l", "--as-of", "2026-12-18"),
        "pn record": ("pn", "record", doyle, arbor, "--parent", "Harvey Doyle",
                      "--date", "2026-11-20"),
        "pn next": ("pn", "next", doyle, "--parent", "Harvey Doyle"),
        "evidence": ("evidence", doyle, arbor, "--for", "penalty-notice", "--as-of", "2026-11-20",
                     "-o", tmp / "e.pdf"),
        "pupil": ("pupil", doyle, arbor),
        "cme": ("cme", arbor),
        "register-check": ("register-check", arbor, "--term", "autumn", "-o", tmp / "rc.csv"),
        "la-return": ("la-return", arbor, "--month", "2026-11", "-o", tmp / "la.csv"),
    } | {"_": ("--contacts", contacts, "-c", cfg)}  # fmt: skip


@pytest.mark.parametrize("kind", ["date of birth", "names"])
def test_every_command_taking_contacts_refuses_a_pupil_list(tmp_path, kind):
    """A pupil list given as --contacts is refused by every command that reads contacts, in
    one line naming the file, and nothing is recorded or written.  The example pupil list
    (examples/exports/pupils.csv: UPN, Surname, Forename, Date of Birth, Gender, ...) has
    the pupils' dates of birth and no contact column: the loader refuses it, so pn next
    (which reads no register) does too.  The same list without its dates and with an
    address names all 204 pupils of the register as their own contacts (the first, line
    2, Poppy Lamb, T999290026932): each command that reads the register refuses it, and
    pn next, which cannot compare names, refuses a file with no column about a contact."""
    cfg = tmp_path / "attcli.toml"
    cfg.write_text((EXAMPLES.parent / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8")
    pupils = EXAMPLES / "pupils.csv"
    if kind == "date of birth":
        contacts = pupils
        said = (
            "this looks like a pupil list, not a contacts export: it has the pupils' date of "
            "birth (column 'Date of Birth') and no column about a contact"
        )
    else:
        contacts = tmp_path / "pupil-details.csv"
        with pupils.open(encoding="utf-8-sig") as f, contacts.open("w", encoding="utf-8") as out:
            out.write("UPN,Surname,Forename,Address Line 1,Town,Postcode\n")
            for r in csv.DictReader(f):
                out.write(f"{r['UPN']},{r['Surname']},{r['Forename']},1 Elm Road,Oakfield,OK1 1AA\n")
        said = (
            "this looks like a pupil list, not a contacts export: the names in it are the "
            "pupils' own (204 of the 204 pupils it shares with the register, e.g. "
            "T999290026932 Poppy Lamb on line 2)"
        )
    commands = _commands_with_contacts(tmp_path, contacts)
    tail = commands.pop("_")
    for name, args in commands.items():
        code, out, err = run_cli(*args, *tail)
        assert code == 1, (name, out, err)
        if name == "pn next" and kind == "names":  # no register: nothing of a contact
            assert err.startswith(
                f"error: {contacts}: this may be a pupil list, not a contacts export: it has "
                "no column about a contact"
            ), err
        else:
            assert err.startswith(f"error: {contacts}: {said}"), (name, err)
        assert "contacts export (one row per contact: name, relationship, priority, address)" in (
            " ".join(err.split())
        ), name
        assert not (tmp_path / "attcli-history.sqlite3").exists(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["attcli.toml", *(["pupil-details.csv"] if kind == "names" else [])]
    )  # no history, no letters, no file


#: The example contacts export's columns under headers no alias knows, and the config's
#: [letters.contact_columns] naming them (tests/test_cli.py, every command taking --contacts).
_ODD_HEADERS = {
    "upn": "Child UPN", "contact_id": "Person Ref", "title": "Honorific",
    "forename": "Parent 1 Given Name", "surname": "Parent 1 Family Name",
    "relationship": "Connection", "priority": "Rank", "parental_responsibility": "Holds PR",
    "address1": "House", "address2": "Area", "town": "Settlement", "postcode": "Zip",
    "email": "E Address", "phone": "Day Phone",
}  # fmt: skip


def _mapped_contacts(tmp: Path) -> Path:
    """examples/exports/contacts.csv with every header renamed (the same columns, in the
    same order: UPN, Contact ID, Contact Title, ..., Telephone) and the config in ``tmp``
    mapping them: returns the contacts file."""
    cfg = tmp / "attcli.toml"
    mapping = "".join(f'{f} = "{h}"\n' for f, h in _ODD_HEADERS.items())
    cfg.write_text(
        (EXAMPLES.parent / "attcli.toml").read_text(encoding="utf-8")
        + "\n[letters.contact_columns]\n" + mapping,
        encoding="utf-8",
    )
    lines = (EXAMPLES / "contacts.csv").read_text(encoding="utf-8-sig").splitlines()
    contacts = tmp / "mis-contacts.csv"
    contacts.write_text("\n".join([",".join(_ODD_HEADERS.values()), *lines[1:]]) + "\n",
                        encoding="utf-8")  # fmt: skip
    return contacts


@pytest.mark.parametrize(
    "command",
    ["letters", "pn record", "pn next", "evidence", "pupil", "cme", "register-check", "la-return"],
)
def test_every_command_taking_contacts_reads_them_with_the_configs_column_names(
    tmp_path, command
):
    """A contacts export whose headers no alias knows, named in [letters.contact_columns],
    is read the same way by every command that takes --contacts: each finds the contact's
    name, phone and address (cme, register-check, la-return and pn next read it without
    the mapping: an error, no header row).  From examples/exports/contacts.csv, by hand:
    Harvey Doyle (L999290719909): 1 Mrs Joanne Doyle, Mother, contact id 70167, 01632
    960697, 139 Rowan Drive, Oakfield, OK3 9RL; Reuben Walsh (K999290917913, the current
    CME run): 1 Dr Agnieszka Walsh, 01632 960953, 92 Priory Walk, Netherby, Oakfield, OK8
    8PA; Oliwia Kowalska (Q999290818915, November's 10-day run): 1 Miss Grace Kowalska,
    01632 960451, 111 Canal Side, Hillside, Oakfield, OK1 1RP."""
    contacts = _mapped_contacts(tmp_path)
    args = _commands_with_contacts(tmp_path, contacts)
    tail = args.pop("_")
    arbor, doyle = EXAMPLES / "arbor_autumn_2026.csv", "L999290719909"
    if command == "pn next":
        # one notice recorded to Mrs Joanne Doyle (by contact id 70167, pn record reading
        # the same export): the next to her is a second; by the name typed alone, with no
        # contacts, it would be a first to someone else ("Joanne Doyle" != "Mrs Joanne Doyle")
        code, _, err = run_cli("pn", "record", doyle, arbor, "--parent", "Joanne Doyle",
                               "--date", "2026-11-20", *tail)  # fmt: skip
        assert code == 0, err
        code, out, err = run_cli("pn", "next", doyle, "--parent", "Joanne Doyle",
                                 "--date", "2026-12-01", *tail)  # fmt: skip
        assert code == 0, err
        assert out.strip().startswith("second"), out
        return
    if command == "pn record":
        code, _, err = run_cli(*args["pn record"][:5], "Joanne Doyle", *args["pn record"][6:],
                               *tail)  # fmt: skip
        assert code == 0, err
        code, out, err = run_cli("pn", "list", "-c", tmp_path / "attcli.toml", width=300)
        assert code == 0, err
        assert "Mrs Joanne Doyle (70167)" in out, out
        return
    if command == "cme":
        code, out, err = run_cli(*args["cme"], *tail, "-f", "json")
        assert code == 0, err
        walsh = next(r for r in json.loads(out)["runs"] if r["surname"] == "Walsh")
        assert (walsh["contact_name"], walsh["contact_phone"]) == (
            "Dr Agnieszka Walsh", "01632 960953",
        )  # fmt: skip
        return
    code, out, err = run_cli(*args[command], *tail)
    assert code == 0, err
    if command == "letters":
        manifest = next((tmp_path / "l").glob("*.csv"))
        rows = list(csv.DictReader(manifest.open(encoding="utf-8-sig")))
        row = next(r for r in rows if r["upn"] == doyle)
        assert (row["contact"], row["address"], row["email"]) == (
            "Mrs Joanne Doyle", "139 Rowan Drive, Oakfield, OK3 9RL",
            "joanne.doyle45@example.org",
        )  # fmt: skip
    elif command == "evidence":
        pdf = PdfReader(tmp_path / "e.pdf")
        shown = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        assert "Mrs Joanne Doyle" in shown and "139 Rowan Drive" in shown, shown[:2000]
    elif command == "pupil":
        shown = " ".join(out.split())
        assert (
            "1. Mrs Joanne Doyle (Mother), parental responsibility 01632 960697 "
            "joanne.doyle45@example.org 139 Rowan Drive, Oakfield, OK3 9RL"
        ) in shown, out
    elif command == "register-check":
        rows = list(csv.DictReader((tmp_path / "rc.csv").open(encoding="utf-8-sig")))
        walsh = next(r for r in rows if r["Surname"] == "Walsh")
        assert walsh["Address"] == "92 Priory Walk, Netherby, Oakfield, OK8 8PA"
    else:  # la-return
        rows = list(csv.DictReader((tmp_path / "la.csv").open(encoding="utf-8-sig")))
        kowalska = next(r for r in rows if r["UPN"] == "Q999290818915")
        assert (kowalska["Address"], kowalska["Priority contact"], kowalska["Contact phone"]) == (
            "111 Canal Side, Hillside, Oakfield, OK1 1RP", "Miss Grace Kowalska", "01632 960451",
        )  # fmt: skip


def test_letters_on_the_examples_then_nothing_new_on_a_second_run_cli(tmp_path, monkeypatch):
    from collections import Counter

    # letters dated the figures' day, as a school dates them: by the tests' default today
    # (31/08/2027) Kai Thompson (Year 11) is past compulsory school age and gets no
    # penalty-notice warning (docs/decisions.md, "A letter asks the age on its own date")
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")

    cfg = tmp_path / "attcli.toml"
    cfg.write_text((EXAMPLES.parent / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8")
    args = [
        "letters",
        str(EXAMPLES / "arbor_autumn_2026.csv"),
        "--contacts",
        str(EXAMPLES / "contacts.csv"),
        "--out",
        str(tmp_path / "out"),
        "-c",
        str(cfg),
        "--as-of",  # the examples' last day: letters dated today are refused weeks after it
        "2026-12-18",
    ]
    code, out, err = run_cli(*args, "--dry-run")
    assert code == 0, err
    assert not (tmp_path / "out").exists() and not (tmp_path / "attcli-history.sqlite3").exists()
    assert "W999290818928" in out  # the planted pupil with no usable contact is listed
    # the dry run drafts every letter it would write (a template failing for one pupil
    # fails here) and says how long that took (bench/bench.py reads it)
    assert re.search(
        r"dry run: 18 letters would be written \(all drafted in \d+\.\d\d s\); 0 already sent "
        r"this half term; 12 held for review",
        " ".join(out.split()),
    ), out
    # the figures' problems (DOMAIN.md 12), counted as check lists them for the same period
    assert (
        "register problems from 01/09/2026 to 18/12/2026: 337 N codes older than 5 school days, "
        "5 missing marks, 2 missing rows; the letters leave out sessions with no mark and count "
        "each N as unauthorised: fix them in the MIS (attcli check lists them) before the "
        "letters go" in " ".join(out.split())
    )
    code, out, err = run_cli(*args)
    assert code == 0, err
    rows = list(csv.DictReader((tmp_path / "out" / "manifest.csv").open(encoding="utf-8-sig")))
    # examples/README.md: 11 amber, 9 red (one without a usable contact), 2 severe,
    # 7 at the penalty-notice threshold, 1 with 4+ lates in Autumn 2.  Held for review
    # (most of their absence is C2, I or M, and the letter warns of a meeting or a fine):
    # Chloé Martin's severe letter (every afternoon C2), the two planted sick pupils' and 3
    # more red letters (one of them D'Souza's, who has no usable contact either).  The 11
    # amber letters, mostly about illness, warn of nothing: they are sent.  Reuben Walsh's
    # red letter is held too: his band rests on 10 N marks still within the 5 school days, which
    # the school may yet correct.  5 of the 7 penalty-notice warnings are held: their threshold
    # rests on N marks, stale or not (Walsh's 22, 12 of them stale), which an LA would return
    # a request for (docs/decisions.md); the other 2 are sent.
    assert Counter(r["template"] for r in rows) == {
        "amber": 11,
        "red": 3,
        "severe": 1,
        "penalty_notice_warning": 2,
        "lateness": 1,
    }
    said = " ".join(out.split())
    assert (
        "C999291115904 │ Chloé Martin │ severe │ 71 of 71 absence sessions this school year "
        "are C2 (part-time timetable)" in said
    )
    assert (
        "K999290917913 │ Reuben Walsh │ red │ 10 N marks still within the 5 school days "
        "allowed to resolve them: band red rests on them" in said
    )
    assert "18 letters written to " in said and "; 12 held for review" in said
    assert "C999291115904" not in {r["upn"] for r in rows}
    assert all((tmp_path / "out" / r["file"]).stat().st_size > 1000 for r in rows)
    prints = sorted(p.name for p in (tmp_path / "out").glob("letters-to-print*.pdf"))
    assert len(prints) == 1 and re.fullmatch(r"letters-to-print-\d{4}-\d\d-\d\d-1\.pdf", prints[0])
    assert f"to print: {tmp_path / 'out' / prints[0]} (this run's new letters only)" in said
    assert {r["print_file"] for r in rows} == {prints[0]}
    code, out, err = run_cli(*args)
    assert code == 0, err
    rows_again = list(
        csv.DictReader((tmp_path / "out" / "manifest.csv").open(encoding="utf-8-sig"))
    )
    said = " ".join(out.split())
    assert re.search(r"(^| )0 letters written to ", said)
    assert "18 already sent this half term" in said
    assert "nothing new to print" in said and "to print:" not in said
    assert sorted(p.name for p in (tmp_path / "out").glob("letters-to-print*.pdf")) == prints
    assert len(rows_again) == 18  # the manifest still lists this half term's letters
    # released by a person: Chloé Martin's letter is made, in a print file of its own
    code, out, err = run_cli(*args, "--release", "C999291115904")
    assert code == 0, err
    said = " ".join(out.split())
    assert "1 letter written to " in said and "; 11 held for review" in said
    new = sorted(p.name for p in (tmp_path / "out").glob("letters-to-print*.pdf"))[-1]
    assert new.endswith("-2.pdf") and new != prints[0]
    assert len(PdfReader(tmp_path / "out" / new).pages) == 1
    code, _, err = run_cli(*args, "--release", "C999291115905")
    assert code == 1
    assert err.startswith(
        "error: --release C999291115905: no letter for this pupil is held for review in this "
        "run (held: B999291016902, "
    )


def test_a_bug_is_one_line_with_exit_70_and_debug_shows_the_traceback(capsys, monkeypatch):
    from attcli import cli

    def boom(**kw) -> None:
        raise KeyError("sessions")

    monkeypatch.setattr(cli, "_command", lambda name=None: boom)
    code, out, err = run_cli("check", "x.csv")
    assert code == cli.EXIT_BUG == 70
    assert " ".join(err.split()) == (
        "error: attcli failed unexpectedly (KeyError: 'sessions'). This is a bug in attcli: "
        "run the same command again with --debug to see where, and report it"
    )
    assert "Traceback" not in err and out == ""
    with pytest.raises(KeyError):
        run_cli("--debug", "check", "x.csv")


def test_ctrl_c_and_out_of_memory_are_one_line(capsys, monkeypatch):
    from attcli import cli

    for exc, want_code, want in (
        (KeyboardInterrupt, 130, "error: interrupted; files are written whole or not at all"),
        (MemoryError, 1, "error: not enough memory for these exports; close other programs"),
    ):

        def raise_it(exc=exc, **kw) -> None:
            raise exc()

        monkeypatch.setattr(cli, "_command", lambda name=None, raise_it=raise_it: raise_it)
        code, _, err = run_cli("report", "x.csv")
        assert code == want_code
        assert " ".join(err.split()).startswith(want) and "Traceback" not in err


def test_check_table_and_workbook_show_percentages_by_the_one_rule(tmp_path):
    """80 of 87 sessions is 91.954 %: amber (green from 92 %). The table and the workbook
    show 91.95, never 92.0 (attcli.percent); JSON keeps its two-decimal contract (91.95)."""
    import io

    from openpyxl import load_workbook
    from rich.console import Console

    from attcli import report_check
    from attcli.check import check_register
    from attcli.config import parse_config
    from builders import register

    reg = register({"A": "/\\ " * 40 + "N N N N.#", "B": "/\\ " * 40 + "N /\\ /\\ /\\"})
    result = check_register(reg, parse_config(""))
    a = result.pupils.filter(result.pupils["upn"] == "A").row(0, named=True)
    figures = (a["attended"], a["possible"], a["band"], a["attendance_pct"])
    assert figures == (80, 87, "amber", 91.95)
    sink = io.StringIO()
    report_check.render_table(result, Console(file=sink, width=120, no_color=True))
    row = next(line for line in sink.getvalue().splitlines() if "SurnameA" in line)
    assert "│ 91.95 │ amber" in row
    buf = io.BytesIO()
    report_check.to_xlsx(result, buf)
    ws = load_workbook(io.BytesIO(buf.getvalue()))["All pupils"]
    cell = next(r[6] for r in ws.iter_rows(min_row=2) if r[1].value == "A")
    assert (cell.value, cell.number_format) == (0.9195, "0.00%")
    other = next(r[6] for r in ws.iter_rows(min_row=2) if r[1].value == "B")
    assert (other.value, other.number_format) == (0.977, "0.0%")  # 86/88 = 97.73 -> 97.7


def test_a_long_group_in_the_check_table_is_plain_lines_with_the_same_figures(monkeypatch):
    """A group of more than RICH_ROWS pupils is printed as plain lines (issue 15: Rich took
    17 s for a large school): one line a pupil, the percentage by the one rule, the
    reason whole, the action after it. RICH_ROWS is lowered so that two pupils are many."""
    import io

    from rich.console import Console

    from attcli import report_check
    from attcli.check import check_register
    from attcli.config import parse_config
    from builders import register

    monkeypatch.setattr(report_check, "RICH_ROWS", 1)
    reg = register({"A": "/\\ " * 40 + "N N N N.#", "C": "/\\ " * 40 + "N N N N.#"})
    result = check_register(reg, parse_config(""))
    sink = io.StringIO()
    report_check.render_table(result, Console(file=sink, width=80, no_color=True))
    lines = sink.getvalue().splitlines()
    rows = [line for line in lines if "SurnameA" in line or "SurnameC" in line]
    amber = [line for line in rows if "91.95% (80 of 87 sessions)" in line]
    # one line a pupil, no table border, the reason whole however long the line
    assert len(amber) == 2 and all(" 91.95  amber " in line for line in amber)
    assert not any("│" in line or "┃" in line for line in lines)
    assert sum(line.startswith("Action: ") for line in lines) == 2  # amber, absence


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    """`attcli check ... | head`: the pipe closes before attcli has written; exit 0,
    nothing on stderr (Typer's own answer is exit 1)."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "attcli", "check",
         str(root / "examples/exports/arbor_autumn_2026.csv"),
         "--config", str(root / "examples/attcli.toml")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
        env={**os.environ, "ATTCLI_WORKSPACE": str(tmp_path / "ws")},
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "rror" not in err


def test_check_on_an_80_column_terminal_lists_each_pupil_on_lines_of_their_own(tmp_path):
    """Below TABLE_WIDTH columns a group's table squeezed names into slivers broken
    mid-word ("Pritcha" / "rd,"): there each pupil is one line (name, UPN, year and
    group, attendance, band) with the reason indented under it, nothing past 80
    columns; a wide terminal keeps the table."""
    config = EXAMPLES.parent / "attcli.toml"
    (tmp_path / "attcli.toml").write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli(
        "check", EXAMPLES / "arbor_autumn_2026.csv", "--workspace", tmp_path, width=80
    )
    assert code == 0, err
    lines = [line.rstrip() for line in out.splitlines()]
    assert max(len(line) for line in lines) <= 80
    assert not any("│" in line or "┃" in line for line in lines)
    at = lines.index("    Pritchard, Siân  F999290917918  Year 9 9A  77.5% red")
    # (all illness: the red letter `letters` holds for review is said, sweep leftovers)
    assert lines[at + 1 : at + 6] == [
        "      77.5% (110 of 142 sessions); 32 authorised, 0 unauthorised absences; can",
        "      miss 157 more sessions this year before severe (estimated: term dates",
        "      given only to 12/02/2027, the year taken as the statutory 380 sessions);",
        "      the red letter is held for review by attcli letters: 32 of 32 absence",
        "      sessions this school year are I (illness)",
    ]
    # NEW in front of the name; a leaver's date said once: here by the reason, which
    # begins with it (sweep leftovers8: it was on the name's line too)
    assert "NEW Stewart, Theo  U999203717085  Year 9 9A  91.5% amber" in lines
    at = lines.index("    Ashworth, Tommy  B999291016931  Year 10 10A  68.8% red")
    assert lines[at + 1].startswith("      left 16/10/2026 after 10 school days")
    # a data-quality line that wraps keeps its indent, and hangs under its pupil (looks9)
    at = lines.index("    Whitfield, Hannah (U999290917930): 2 sessions, all PM: 12/10/2026;")
    assert lines[at + 1] == "      08/12/2026"
    code, wide, err = run_cli(
        "check", EXAMPLES / "arbor_autumn_2026.csv", "--workspace", tmp_path, width=120
    )
    assert code == 0, err
    row = next(line for line in wide.splitlines() if "Pritchard, Siân" in line)
    assert "│ F999290917918 │ 9 9A   │  77.5 │ red  │" in row


def test_cme_table_with_contacts_fits_80_columns_uncropped():
    """The CME table with its contacts column was 81 columns wide: an 80-column terminal
    cropped its right edge (and whatever of a contact stood there). Every row of the
    table now ends in its border."""
    arbor, contacts = EXAMPLES / "arbor_autumn_2026.csv", EXAMPLES / "contacts.csv"
    code, out, err = run_cli("cme", arbor, "--contacts", contacts, width=80)
    assert code == 0, err
    rows = [line.rstrip() for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert len(rows) == 16  # the top, header, rule and bottom lines; 4 runs of 3 lines
    assert all(len(r) <= 80 and r[-1] in "┓┃┩│┘" for r in rows)
    assert "│ Dr Agnieszka  │" in out and "│ 01632 960953  │" in out


def test_an_as_of_date_after_today_is_said_on_every_command_that_takes_one(
    tmp_path, monkeypatch
):
    """The example runs to Fri 18 Dec 2026; run on Tue 1 Dec, its default as-of date is
    in the future: marks entered ahead (planned leave) count as if they had happened,
    and letters would go out for them.  Each command says so on stderr (the figures and
    the JSON are as before); the day after the data, nothing is said."""
    export, contacts = EXAMPLES / "arbor_autumn_2026.csv", EXAMPLES / "contacts.csv"
    note = (
        "note: the as-of date 18/12/2026 is after today (01/12/2026): marks for days still "
        "to come (leave entered ahead) count as if they had happened; pass --as-of "
        "2026-12-01 for the figures as they stand today"
    )
    from school import make_workspace

    ws = make_workspace(tmp_path / "ws").parent
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-01")
    for args in (
        ("check", export, "-f", "json"),
        ("cme", export),
        ("register-check", export, "--term", "autumn", "-o", tmp_path / "rc.xlsx"),
    ):
        code, _, err = run_cli(*args, "--workspace", ws, width=200)
        assert code == 0, err
        assert note in " ".join(err.split()), args
    # letters go to families: none dated before the marks they would count (sweep G)
    code, _, err = run_cli("letters", export, "--contacts", contacts, "--out", tmp_path / "l",
                           "--dry-run", "--workspace", ws, width=400)  # fmt: skip
    assert code == 1 and "give --as-of 2026-12-01 or earlier" in err.splitlines()[-1]
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-19")
    code, _, err = run_cli("check", export, "-f", "json", "--workspace", ws)
    assert code == 0 and "after today" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cme", "x.csv", "--days", "abc"),
         "error: Invalid value for '--days': expected a whole number; see `attcli cme --help`"),
        (("cme", "x.csv", "--days", "0"),
         "error: Invalid value for '--days': expected 1 or more; see `attcli cme --help`"),
        (("check", "x.csv", "-f", "pdf"),
         "error: Invalid value for '--format' / '-f': 'pdf' is not one of 'table', 'csv', "
         "'json', 'xlsx'; see `attcli check --help`"),
        (("check", "x.csv", "--workspace"),
         "error: --workspace needs the workspace folder after it: --workspace DIR; see "
         "`attcli check --help`"),
    ],
)  # fmt: skip
def test_option_errors_are_in_attcli_s_words(args, message):
    """The option checker's own phrases ("Input should be a valid integer, unable to parse
    string as an integer", "Value error, ...") were printed as they were."""
    code, out, err = run_cli(*args)
    assert (code, out) == (2, "")
    assert " ".join(err.split()) == message


def test_the_check_to_a_pipe_has_no_padding_spaces(tmp_path):
    """Rich pads a table's lines to the width: a check piped into a file or an email was a
    column of trailing spaces.  To a pipe each line ends at its last character."""
    from school import make_workspace

    ws = make_workspace(tmp_path / "ws").parent
    code, out, err = run_cli(
        "check", EXAMPLES / "arbor_autumn_2026.csv", "--workspace", ws, width=80
    )
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) > 20 and not [line for line in lines if line.endswith(" ")]
    assert any(line.startswith("    Nowak, Kacper  U999291016905") for line in lines)


@pytest.mark.parametrize(
    ("today", "note"),
    [
        ("2027-01-18", False),  # 4-15 Jan: 10 school days after Fri 18 Dec (two weeks)
        ("2027-01-19", True),  # 11 (today is not counted: its register may not be taken)
        ("2026-12-18", False),
    ],
)
def test_a_register_that_ended_weeks_before_today_is_said(monkeypatch, today, note):
    """The check and cme as of the register's last day (no --as-of), run weeks later (a
    weekly export forgotten, last year's file): the figures are said to be as of then;
    with --as-of the date is the user's own and nothing more is said."""
    monkeypatch.setenv("ATTCLI_TODAY", today)
    config = EXAMPLES.parent / "attcli.toml"
    line = (
        "note: the exports end 18/12/2026, 11 school days before today (19/01/2027): these "
        "figures are as of then, and what happened since is not in them; export the "
        "register up to date"
    )
    for command in (["check", "-f", "json"], ["cme", "-f", "json"]):
        code, _, err = run_cli(*command, EXAMPLES / "arbor_autumn_2026.csv", "-c", config,
                               width=400)  # fmt: skip
        assert code == 0, err
        assert (line in err) is note, (command, err)
        code, _, err = run_cli(*command, EXAMPLES / "arbor_autumn_2026.csv", "-c", config,
                               "--as-of", "2026-12-18", width=400)  # fmt: skip
        assert "before today" not in err


@pytest.mark.parametrize("width", [80, 200])
def test_letters_for_a_person_to_decide_give_their_reason_whole(tmp_path, monkeypatch, width):
    """The officer reads why a warning was not made before the letters go: "16 unauthorised
    sessions in 10 school weeks, but no date of birth: is the pupil…" was the whole of it,
    at any width (the other lists of letters not made give attcli's sentence whole)."""
    from school import contacts_file, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    export = write_export(tmp_path / "e.csv", {"A123456789011": " ".join(["O"] * 8 + ["/\\"] * 27)})
    export.write_text(export.read_text(encoding="utf-8").replace("01/10/2014", ""), encoding="utf-8")
    cfg = make_workspace(tmp_path / "school", "")
    contacts = contacts_file(tmp_path / "c.csv", [("A123456789011", "501", "Mrs", "Jo", "Surname1")])
    code, out, err = run_cli("letters", export, "--contacts", contacts, "--out", tmp_path / "l",
                             "-c", cfg, "--dry-run", width=width)  # fmt: skip
    assert code == 0, err
    said = " ".join(out.replace("│", " ").split())  # a narrow table folds the reason
    assert "For a person to decide" in said
    assert "…" not in said
    assert "of compulsory school age?" in said, said
    if width == 200:
        assert (
            # the window's school weeks the exports hold (7 from 07/09), as the check says
            # them, not the config's 10 (noticed at stop 50)
            "16 unauthorised sessions in 7 school weeks, but no date of birth: is the pupil of "
            "compulsory school age?" in said
        ), said
