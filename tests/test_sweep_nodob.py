"""A pupil whose date of birth is not known, in every command (sweep nodob).

DOMAIN.md 5: only a pupil of compulsory school age can be the subject of a penalty notice;
"Where no date of birth is known, say so; don't assume".  A notice on record is a fact
(the next to that parent would be a second if the pupil is of age), so the figure may be
given, but never alone: the age unknown is said beside it, in each place it is shown.

The register (builders.register, Mon 01/06 - Fri 26/06/2026, 20 school days): 15 days
present, G Mon 22/06 - Fri 26/06 (10 sessions: the threshold, first met 26/06/2026).
ABLE's date of birth cell is blank; COLE's is 01/01/2012 (14, Year 9: of compulsory
school age).  A first notice to each one's mother recorded on Fri 12/06/2026 (pn record,
--force: it covers none of the window's sessions), so the next to her is a second.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

ABLE = "A999201234575"
COLE = "C999201234575"
NOT_CHECKED = "compulsory school age not checked: no date of birth on record"


def workspace(tmp: Path) -> tuple[Path, Path, Path]:
    """(config, export, contacts) with the two notices on record."""
    ws = make_workspace(tmp / "school")
    marks = "/ " * 15 + "G " * 5
    reg = register({ABLE: marks, COLE: marks}, start=dt.date(2026, 6, 1),
                   dob={ABLE: dt.date(2012, 1, 1), COLE: dt.date(2012, 1, 1)}, year_group="9")  # fmt: skip
    export = write_long_csv(reg, tmp / "reg.csv", dob=True, groups=True)
    lines = export.read_text(encoding="utf-8").splitlines()
    blank = [",".join(f[:3] + [""] + f[4:]) if f[0] == ABLE else ",".join(f)
             for f in (line.split(",") for line in lines)]  # fmt: skip
    export.write_text("\n".join(blank) + "\n", encoding="utf-8")
    book = contacts_file(tmp / "contacts.csv", [(ABLE, "801", "Mrs", "Amy", "Able"),
                                                 (COLE, "803", "Mrs", "Cat", "Cole")])  # fmt: skip
    for upn, parent in ((ABLE, "801"), (COLE, "803")):
        code, _, err = run_cli("pn", "record", upn, export, "--parent", parent, "--contacts",
                               book, "--date", "2026-06-12", "-c", ws, "--force")  # fmt: skip
        assert code == 0, err
    return ws, export, book


def test_the_pupil_record_says_the_age_unknown_beside_the_next_notice(tmp_path) -> None:
    """It said "next notice to Mrs Amy Able: second", as if the pupil were of age."""
    ws, export, book = workspace(tmp_path)
    code, out, err = run_cli("pupil", ABLE, export, "-c", ws, "--contacts", book, width=300)
    assert code == 0, err
    assert f"next notice to Mrs Amy Able: second (GBP 160); {NOT_CHECKED}" in out
    # the pupil with a date of birth: the next notice alone, as before
    code, out, err = run_cli("pupil", COLE, export, "-c", ws, "--contacts", book, width=300)
    assert code == 0, err
    assert "next notice to Mrs Cat Cole: second (GBP 160)\n" in out
    assert NOT_CHECKED not in out


def test_check_json_says_the_age_unknown_in_pn_next_notice(tmp_path) -> None:
    """check's JSON gave pn_next_notice "Mrs Amy Able: next notice: second (GBP 160)": a
    script reading the field alone took it for a fine due.  The reason, which already
    says "no date of birth: check compulsory school age", does not say it twice."""
    ws, export, _ = workspace(tmp_path)
    code, out, err = run_cli("check", export, "-c", ws, "--format", "json")
    assert code == 0, err
    rows = {p["upn"]: p for p in json.loads(out)["pupils"]}
    able, cole = rows[ABLE], rows[COLE]
    assert able["compulsory_school_age"] is None
    assert able["pn_next_notice"] == f"Mrs Amy Able: next notice: second (GBP 160); {NOT_CHECKED}"
    assert able["reasons"]["pn"].endswith(
        "no date of birth: check compulsory school age; Mrs Amy Able: next notice: second (GBP 160)"
    )
    assert cole["compulsory_school_age"] is True
    assert cole["pn_next_notice"] == "Mrs Cat Cole: next notice: second (GBP 160)"


def test_the_draft_pack_says_the_age_unknown_beside_the_notice_it_quotes(tmp_path) -> None:
    """The draft's bold line said "This would be the second notice ...: GBP 160." with no
    word of the age; the JSON's ``this_notice`` is null, ``this_notice_if_of_age``
    ``"second"`` (sweep leftovers2), beside ``compulsory_school_age: null`` and the problem."""
    from attcli.config import load_config
    from attcli.contacts import load_contacts
    from attcli.evidence.build import PENALTY_NOTICE, build_pack, pack_json
    from attcli.evidence.pdf import pack_document
    from attcli.loaders import load_exports
    from attcli.pupil import pupil_record

    ws, export, book = workspace(tmp_path)
    cfg = load_config(ws)
    reg = load_exports([export], cfg).register
    [mother] = [c for c in load_contacts(book).for_upn(ABLE)]
    rec = pupil_record(reg, cfg, ABLE)
    pack = build_pack(rec, cfg, PENALTY_NOTICE, parent=mother, made_on=dt.date(2026, 6, 26))
    # (sweep leftovers2: null, the reason and the notice if of age beside it; was "second")
    assert [pack_json(pack)[k] for k in ("this_notice", "this_notice_if_of_age")] == [None, "second"]
    line = pack_document(pack)["this_notice"]
    assert line == (
        "This would be the second notice to this parent about this pupil within 3 years: "
        "£160. Compulsory school age not checked: no date of birth on record."
    )
    rec = pupil_record(reg, cfg, COLE)
    [mother] = [c for c in load_contacts(book).for_upn(COLE)]
    pack = build_pack(rec, cfg, PENALTY_NOTICE, parent=mother, made_on=dt.date(2026, 6, 26))
    assert pack_document(pack)["this_notice"].endswith("within 3 years: £160.")


def test_the_action_asks_for_the_date_of_birth_before_a_notice(tmp_path) -> None:
    """The check's group and the pupil record advised "consider a notice to improve or a
    penalty notice" for ABLE, whose age is not known: only a pupil of compulsory school
    age can be the subject of one (DOMAIN.md 5), so the date of birth comes first.  COLE
    (of age) keeps the plain action; the group says both."""
    from attcli.check import check_register
    from attcli.config import load_config
    from attcli.loaders import load_exports

    ws, export, book = workspace(tmp_path)
    cfg = load_config(ws)
    result = check_register(load_exports([export], cfg).register, cfg)
    assert result.action_for("pn") == (
        "consider a notice to improve or a penalty notice; for the pupil with no date of "
        "birth, find it first (the reason says so): a notice only for a pupil of compulsory "
        "school age"
    )
    alone = check_register(load_exports([export], cfg).register.filter(
        pl.col("upn") == ABLE), cfg)  # fmt: skip
    assert alone.action_for("pn") == (
        "find the date of birth first (the reason says so): a notice only for a pupil of "
        "compulsory school age"
    )
    code, out, err = run_cli("pupil", ABLE, export, "-c", ws, width=300)
    assert code == 0, err
    assert (
        "action: find the date of birth first (the reason says so): a notice only for a pupil "
        "of compulsory school age"
    ) in out
    code, out, err = run_cli("pupil", COLE, export, "-c", ws, width=300)
    assert "action: consider a notice to improve or a penalty notice\n" in out


def test_release_of_a_warning_waiting_for_the_date_of_birth_says_what_it_waits_for(
    tmp_path, monkeypatch
) -> None:
    """`letters --dry-run` lists ABLE's penalty-notice warning "for a person to decide" (no
    date of birth); `--release` of ABLE said only "no letter for this pupil is held for
    review in this run (held: none)", as if nothing were waiting.  It says what the letter
    waits for, and that --release does not make it."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-06-26")
    ws, export, book = workspace(tmp_path)
    code, _, err = run_cli("letters", export, "--contacts", book, "-c", ws, "--from",
                           "01/06/2026", "--release", ABLE, "--dry-run")  # fmt: skip
    assert code == 1
    said = " ".join(err.split())
    assert (
        f"--release {ABLE}: its penalty notice warning waits for a person, not a release: "
        "10 unauthorised sessions in 4 school weeks, but no date of birth: is the pupil of "
        "compulsory school age?; record the date of birth in the MIS and export it with the "
        "register"
    ) in said


def test_pn_record_says_the_age_unknown_beside_the_notice_it_recorded(tmp_path) -> None:
    """`pn record` said "this was the first notice within 3 years (GBP 80 ...)" for ABLE,
    the age unknown said only in a warning on stderr; the line says it, in pn next's
    words.  COLE's line is as it was."""
    ws, export, book = workspace(tmp_path)
    for upn, parent, said in ((ABLE, "801", f"; {NOT_CHECKED}"), (COLE, "803", "")):
        code, out, err = run_cli("pn", "record", upn, export, "--parent", parent, "--contacts",
                                 book, "--date", "2026-06-26", "-c", ws)  # fmt: skip
        assert code == 0, err
        assert f"this was the second notice within 3 years (GBP 160){said}\n" in out
