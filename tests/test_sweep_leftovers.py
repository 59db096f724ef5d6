"""What the last stop noticed but left (sweep of 5 December (second), leftovers).

Hand-made registers in the layout attcli reads (tests/builders.py): pupils from Mon 7 Sep
2026 (Autumn 1 to Fri 23 Oct, tests/school.py), the right answers worked by hand from
DOMAIN.md and the policies.

The sweep of 5 December (fifth), leftovers, below the first sweep's tests: five places
earlier sweeps recorded as left.  Item 1: a wide CSV line cut short in the middle of the
file.  The register: five pupils, Mon 07/09 - Fri 18/09/2026 (10 school days, 20
sessions), a wide export of a name, UPN and year column then one column a session (23
cells a line; the header is line 1, pupil k's line is k + 1).  Ashworth 20/20, Brown 18/20
(`I` Mon 14/09), Cole 19/20 (`N` Fri 18/09 PM), Dunn and Evans 20/20 (the dialects
sweep's register with two more pupils present throughout).  A pupil read as leaving after
their 14th session (Tue 15/09 PM, the first 14 sessions all present for Cole, Dunn and
Evans) has 14/14.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_sweep_dialects import PUPILS, upn, wide_rows

D = dt.date


def _flat(text: str) -> str:
    for box in "│─┌┐└┘├┤┬┴┼":
        text = text.replace(box, " ")
    return " ".join(text.split())


def _with_looked_after(path: Path, marked: dict[str, str]) -> Path:
    """Add the register's own Looked After column (SIMS, Arbor) to ``path``: ``marked``
    UPN -> its value."""
    lines = path.read_text("utf-8").splitlines()
    out = [lines[0] + ",Looked After"] + [x + "," + marked[x.split(",")[0]] for x in lines[1:]]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------- 2. check's next notice, looked after


def test_check_quotes_no_fine_for_a_looked_after_pupil(tmp_path: Path) -> None:
    """DOMAIN.md 5 and the lac sweep: a looked-after child's parental responsibility is
    held by a council, which cannot be fined; a notice to a foster carer is the local
    authority's to decide.  FOSTERED and BIO: O every session of 20 school days from
    07/09/2026 (40 unauthorised sessions, threshold first met on Fri 11/09: 10 O by
    then); the register marks FOSTERED looked after.  `check` quoted "next notice: first
    (GBP 80 if paid within 21 days, 160 within 28), none on record" for both: for
    FOSTERED it now quotes no fine and says why; BIO's is as ever.  A notice recorded to a council before
    `pn record` refused one (its name a council's) is quoted no next notice either."""
    from attcli.store import History, Parent
    from school import AUTUMN_HALF_TERMS, make_workspace

    reg = register({u: " ".join(["O"] * 20) for u in ("FOSTERED", "BIO")}, start=D(2026, 9, 7))
    export = _with_looked_after(
        write_long_csv(reg, tmp_path / "export.csv", dob=True), {"FOSTERED": "Y", "BIO": "N"}
    )
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)

    def check() -> tuple[str, str]:
        code, out, err = run_cli(
            "check", export, "--workspace", ws, "--as-of", "2026-10-02", width=2000
        )
        assert code == 0, err
        lines = _flat(out).split("Penalty-notice threshold")[1].split("Action:")[0]
        bio = lines.split("SurnameBIO, ForenameBIO")[1].split("SurnameFOSTERED")[0]
        fostered = lines.split("SurnameFOSTERED, ForenameFOSTERED")[1]
        return bio, fostered

    bio, fostered = check()
    assert "next notice: first (GBP 80 if paid within 21 days, 160 within 28), none on record" in bio
    assert "GBP" not in fostered, fostered
    # the pupil's record says the check's reason: the same
    code, out, err = run_cli(
        "pupil", "FOSTERED", export, "--workspace", ws, "--as-of", "2026-10-02", width=2000
    )
    assert code == 0, err
    assert "GBP" not in out and "next notice: none quoted: looked after" in _flat(out), out
    assert (
        "next notice: none quoted: looked after (the register's Looked After column): no "
        "penalty notice to a local authority, which cannot be fined; a notice to a carer is "
        "the local authority's to decide: agree any step with the social worker and the "
        "Virtual School Head first"
    ) in fostered, fostered

    # a notice recorded to a council (before pn record refused one), and one to the carer
    with History(ws / "attcli-history.sqlite3", write=True) as store:
        store.record_notice(
            "FOSTERED", Parent("id:L1", "Anyshire County Council"), D(2025, 3, 3), by="t"
        )
        store.record_notice("FOSTERED", Parent("id:F1", "Ms Fay Foster"), D(2025, 3, 3), by="t")
    bio, fostered = check()
    assert "Anyshire County Council: a local authority: no penalty notice to it" in fostered
    assert "Ms Fay Foster: next notice: second (GBP 160)" in fostered, fostered
    assert "looked after (the register's Looked After column)" in fostered, fostered
    assert "Anyshire County Council: next notice" not in fostered


# ------------------------------------------------- 1. check says a letter letters would hold


def test_check_says_the_band_letter_letters_holds_for_review(tmp_path: Path) -> None:
    """DOMAIN.md 9: a letter that warns of meetings, fines or prosecution is held for a
    person where most of the absence is agreed or illness.  ILL: I on 12 school days from
    07/09/2026 then 8 days present (16 of 40 = 40.0 %, severe; 24 of 24 absence sessions I,
    more than the default 50 %): `letters` holds the severe letter; TRU: O for the same 12
    days (the same 40.0 %), whose letter goes.  The check said "letter and meeting" for
    both with no word that ILL's letter is held: it now says so, with the letters' own
    reason, and the action counts it."""
    from school import AUTUMN_HALF_TERMS, make_workspace

    reg = register(
        {"ILL": " ".join(["I"] * 12 + ["/"] * 8), "TRU": " ".join(["O"] * 12 + ["/"] * 8)},
        start=D(2026, 9, 7),
    )
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    code, out, err = run_cli(
        "check", export, "--workspace", ws, "--as-of", "2026-10-02", width=2000
    )
    assert code == 0, err
    severe = _flat(out).split("Severe (50 % or less)")[1].split("Penalty-notice")[0]
    ill = severe.split("SurnameILL, ForenameILL")[1].split("SurnameTRU")[0]
    tru = severe.split("SurnameTRU, ForenameTRU")[1].split("Action:")[0]
    assert (
        "the severe letter is held for review by attcli letters: 24 of 24 absence sessions "
        "this school year are I (illness)"
    ) in ill, ill
    assert "held for review" not in tru, tru
    assert (
        "Action: letter and meeting as your policy sets for this band; the letter of the "
        "pupil whose reason says so is held for review: a person decides whether it goes"
    ) in severe, severe
    # and letters holds it, for the same reason; TRU's is written
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode\n"
        "ILL,I1,Mrs,Ida,Ill,Mother,1,Y,1 Oak Road,Anytown,AN1 1AB\n"
        "TRU,T1,Mr,Tom,Tru,Father,1,Y,2 Oak Road,Anytown,AN1 1AB\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, "--dry-run", "--workspace", ws,
        "--as-of", "2026-10-02", width=1000,
    )  # fmt: skip
    assert code == 0, err
    held = _flat(out + err).split("Held for review")[1]
    assert "ILL" in held and "24 of 24 absence sessions this school year are I" in held, held
    assert "TRU" not in held, held


# ------------------------------------- 6. praise is not sent to a child the check is missing


def test_no_praise_letter_for_a_child_absent_through_a_day_with_no_mark(tmp_path: Path) -> None:
    """The praise letter was withheld from a child absent without explanation now only by
    the run's days seen (``continuous_absence_days``), not when days with no mark for the
    pupil take it to the check's day (the runs3 sweep's "may reach").  PRA: present 30
    school days from 07/09/2026, N on Mon 19 and Tue 20/10, no mark (`-`) on Wed 21/10:
    60 of 64 = 93.8 % (green); counted as absence the missing marks give 60 of 66 = 90.9 %,
    over the 90 % for praise, so that rule does not hold it.  The check, as of 21/10,
    lists PRA for continuous unexplained absence ("find out where the child is"); letters
    wrote "thank you" to the family.  It now withholds it, said.  OK (present every day)
    is praised."""
    from school import AUTUMN_HALF_TERMS, make_workspace

    reg = register(
        {"PRA": " ".join(["/"] * 30 + ["N", "N", "-"]), "OK": " ".join(["/"] * 33)},
        start=D(2026, 9, 7),
    )
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = tmp_path / "ws"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    text = config.read_text("utf-8")
    text = text.replace("\npraise = false", "\npraise = true").replace(
        "\npraise_at_least = 98", "\npraise_at_least = 90"
    )
    config.write_text(text, encoding="utf-8")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode\n"
        "PRA,P1,Mrs,Pam,Pra,Mother,1,Y,1 Oak Road,Anytown,AN1 1AB\n"
        "OK,O1,Mr,Oli,Ok,Father,1,Y,2 Oak Road,Anytown,AN1 1AB\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", export, "--workspace", ws, "--as-of", "2026-10-21", width=2000
    )
    assert code == 0, err
    absent = _flat(out).split("Continuous unexplained absence")[1].split("Action:")[0]
    assert "SurnamePRA, ForenamePRA" in absent, absent
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, "--dry-run", "--workspace", ws,
        "--as-of", "2026-10-21", width=1000,
    )  # fmt: skip
    assert code == 0, err
    text = _flat(out + err)
    assert "OK ForenameOK SurnameOK praise Mr Oli Ok would write" in text, text
    assert "PRA_SurnamePRA_ForenamePRA_praise" not in text, text
    assert (
        "1 pupil with praise-worthy attendance gets no praise letter, as they are absent "
        "without explanation now (the check lists them for continuous unexplained absence): "
        "ForenamePRA SurnamePRA (PRA), 2 school days since 19/10/2026 and 1 school day with "
        "no mark"
    ) in text, text


# ----------------------------------------- 7. a penalty notice on record keeps its school


def test_a_notice_recorded_at_one_trust_school_covers_no_session_of_another(
    tmp_path: Path,
) -> None:
    """A trust's one history kept no school with a notice, so the sessions a notice at
    Birch covered were left out of the window of Ash's pupil under the same id (two
    children under one UPN, or an MIS's admission number each school gives from 1): Ash's
    child, O every session of 20 school days from 07/09/2026 (40 unauthorised sessions in
    the window, threshold met 11/09/2026), was in no penalty-notice group after Birch
    recorded a notice for its own child, as of 02/10/2026: a missed child.  A notice now
    keeps the school whose register it was recorded from (history version 20), and its
    sessions are that school's (a notice from before, with no school, every school's as
    before).  Birch's own child's 40 sessions are covered: not at the threshold again."""
    import test_sweep_movers as movers
    from attcli.store import History
    from school import contacts_file

    z = "Z999000000007"
    ash, birch = dict(movers.ASH), dict(movers.BIRCH)
    ash[z] = birch[z] = " ".join(["O"] * 20)
    t = movers.trust(tmp_path)
    a = register(ash, school="Ash Primary School",
                 dob={**dict.fromkeys(ash, movers.BORN), z: D(2015, 1, 1)})  # fmt: skip
    b = register(birch, school="Birch Academy",
                 dob={**dict.fromkeys(birch, movers.BORN), z: D(2016, 2, 2)})  # fmt: skip
    write_long_csv(a, t["a"], dob=True, groups=True)
    write_long_csv(b, t["b"], dob=True, groups=True)
    contacts = contacts_file(
        tmp_path / "z-contacts.csv", [(z, "C1", "Mrs", "Ann", "Ash"), (z, "C2", "Mrs", "Bea", "Birch")]
    )
    code, out, err = run_cli(
        "pn", "record", z, t["b"], "--parent", "C2", "--contacts", contacts, "--date",
        "2026-10-02", "--as-of", "2026-10-02", "-c", t["config"],
    )  # fmt: skip
    assert code == 0, out + err
    with History(tmp_path / "attcli-history.sqlite3") as store:
        assert [n.school for n in store.notices(z)] == ["b"]

    def pn_group(export: Path) -> str:
        code, out, err = run_cli(
            "check", export, "-c", t["config"], "--as-of", "2026-10-02", width=2000
        )
        assert code == 0, err
        text = _flat(out)
        return text.split("Penalty-notice threshold")[1] if "Penalty-notice threshold" in text else ""

    at_ash = pn_group(t["a"])
    assert z in at_ash and (
        "40 unauthorised sessions in the 4 school weeks 07/09/2026 to 02/10/2026 (first met "
        "11/09/2026)"
    ) in at_ash, at_ash
    assert z not in pn_group(t["b"])
    code, out, err = run_cli("pn", "list", "-c", t["config"], width=2000)
    assert code == 0, err
    assert "Birch Academy" in _flat(out), out


# ----------------- 4. a run recorded before lates were kept does not blame the threshold


def test_a_run_that_kept_no_lates_blames_no_threshold_for_a_late_mark_changed(
    tmp_path: Path,
) -> None:
    """A run recorded before history version 19 kept no pupil's lates.  LAT: late (L) on
    Mon-Thu 7-10/09/2026 (4 lates: the lateness group, 4+), recorded as of 11/09; the next
    export has the L of 10/09 made / (3 lates then: out of the group), the threshold
    unchanged.  On a run that kept the lates the change is put down to the register of
    then ("4 -> 3"); on one that kept none (the lates columns NULL, as version 18 wrote
    them) the heading said "1 pupil left or joined a group by today's thresholds" and the
    row "no longer in, by the thresholds" ("1 by the thresholds"): the run cannot tell,
    and now says so instead of blaming the thresholds."""
    import sqlite3

    from school import AUTUMN_HALF_TERMS, make_workspace

    p = "/\\"
    wk1 = register({"LAT": " ".join(["L\\"] * 4 + [p]), "OK": " ".join([p] * 5)}, start=D(2026, 9, 7))
    wk2 = register(
        {"LAT": " ".join(["L\\"] * 3 + [p] * 7), "OK": " ".join([p] * 10)}, start=D(2026, 9, 7)
    )
    one = write_long_csv(wk1, tmp_path / "wk1.csv", dob=True)
    two = write_long_csv(wk2, tmp_path / "wk2.csv", dob=True)
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    code, _, err = run_cli("check", one, "--workspace", ws, "--as-of", "2026-09-11", "--record")
    assert code == 0, err
    db = sqlite3.connect(ws / "attcli-history.sqlite3")
    db.execute("UPDATE snapshot_pupils SET lates = NULL, late_codes = NULL")
    db.commit()
    db.close()
    code, out, err = run_cli(
        "check", two, "--workspace", ws, "--as-of", "2026-09-18", width=2000
    )
    assert code == 0, err
    text = _flat(out)
    assert "by the thresholds" not in text and "by today's thresholds" not in text, text
    assert (
        "Since the check recorded as of 11/09/2026 (attcli.toml): 1 pupil left or joined the lateness "
        "group by the lates of then, which that check cannot put down to the threshold or to "
        "a late mark changed since: it was recorded before attcli kept each pupil's lates "
        "(each line says)"
    ) in text, text
    assert (  # (the group in the check's words, "lates" in the JSON: sweep looks5)
        "lateness: not in it as of 11/09/2026 by today's threshold either (3 lates in the half "
        "term then; 4+ lates), though that check listed them: that check kept no lates, so a "
        "changed threshold cannot be told from a late mark changed since (an L made /): "
        "check the marks in the MIS"
    ) in text, text


# ------------------- 5. one correction under letters of two half terms is said once


def test_a_correction_under_letters_of_two_half_terms_is_one_line(
    tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    """REP: O Mon-Thu 7-10/09/2026 (8 sessions), present after, O again Mon-Wed 2-4/11
    (6): the red letter on 09/10 (42 of 50 = 84.0 %) and, in Autumn 2, red letter 2 with
    the penalty-notice warning on 06/11 (66 of 80 = 82.5 %, 14 unauthorised in the window).
    The September O are made I since.  The check said the same 8 sessions twice, one
    line a half term's letters; DOMAIN.md 12 groups what repeats: one line for the pupil,
    the sessions once, each letter's figures then and now."""
    from builders import weekdays
    from school import AUTUMN_HALF_TERMS, make_workspace

    p = "/\\"
    hol = weekdays(D(2026, 10, 26), D(2026, 10, 30))

    def export(first: str, name: str) -> Path:
        marks = {
            "REP": " ".join([first] * 4 + [p] * 31 + ["O"] * 3 + [p] * 2),
            "OK": " ".join([p] * 40),
        }
        reg = register(marks, start=D(2026, 9, 7), holidays=hol,
                       dob=dict.fromkeys(marks, D(2015, 1, 1)))  # fmt: skip
        return write_long_csv(reg, tmp_path / name, dob=True)

    before, after = export("O", "before.csv"), export("I", "after.csv")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode\n"
        "REP,R1,Mrs,Rae,Rep,Mother,1,Y,1 Oak Road,Anytown,AN1 1AB\n"
        "OK,O1,Mr,Oli,Ok,Father,1,Y,2 Oak Road,Anytown,AN1 1AB\n",
        encoding="utf-8",
    )
    for day, out in (("2026-10-09", "out1"), ("2026-11-06", "out2")):
        monkeypatch.setenv("ATTCLI_TODAY", day)
        code, _, err = run_cli(
            "letters", before, "--contacts", contacts, "--workspace", ws, "--as-of", day,
            "--out", tmp_path / out,
        )  # fmt: skip
        assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-13")
    code, out, err = run_cli(
        "check", after, "--workspace", ws, "--as-of", "2026-11-06", width=2000
    )
    assert code == 0, err
    text = _flat(out + err)
    assert text.count("07/09 AM O -> I") == 1, text
    assert (
        "ForenameREP SurnameREP (REP): letters sent on 2 days rest on the same 8 sessions "
        "changed since (07/09 AM O -> I, 07/09 PM O -> I, 08/09 AM O -> I, 08/09 PM O -> I, "
        "09/09 AM O -> I, 09/09 PM O -> I, ...): the red letter sent 09/10/2026 (figures to "
        "09/10/2026) gave 84.0% (42 of 50 sessions), 0 authorised and 8 unauthorised, the "
        "register now gives 84.0% (42 of 50 sessions), 8 authorised and 0 unauthorised to the "
        "same date; the red and penalty notice warning letters sent 06/11/2026 (figures to "
        "06/11/2026) gave 82.5% (66 of 80 sessions), 0 authorised and 14 unauthorised, the "
        "register now gives 82.5% (66 of 80 sessions), 8 authorised and 6 unauthorised to the same date: tell the family (a correction, an "
        "apology)"
    ) in text, text


# --------------- 3. cases says the band's own letter letters sends in a new half term


def test_cases_says_the_band_letter_letters_sends_a_pupil_with_nothing_due(
    tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    """The default ladder (from the bands).  REP: O Mon-Thu 7-10/09/2026, present to the
    half term, O Mon-Wed 2-4/11: the red letter on 09/10 (42 of 50 = 84.0 %); as of 06/11
    66 of 80 = 82.5 %, red, the red period (09/10-05/11: 24 of 30 = 80.0 %) not improved,
    the severe letter passed over (band red), its period to 03/12: nothing due.  `letters`
    sends red letter 2 in Autumn 2 (the band's own letter, each half term), which `cases`
    did not say: it now does, and once the letter is sent it says nothing more of it."""
    from builders import weekdays
    from school import AUTUMN_HALF_TERMS, make_workspace

    p = "/\\"
    hol = weekdays(D(2026, 10, 26), D(2026, 10, 30))
    marks = {"REP": " ".join(["O"] * 4 + [p] * 31 + ["O"] * 3 + [p] * 2),
             "OK": " ".join([p] * 40)}  # fmt: skip
    reg = register(marks, start=D(2026, 9, 7), holidays=hol,
                   dob=dict.fromkeys(marks, D(2015, 1, 1)))  # fmt: skip
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode\n"
        "REP,R1,Mrs,Rae,Rep,Mother,1,Y,1 Oak Road,Anytown,AN1 1AB\n"
        "OK,O1,Mr,Oli,Ok,Father,1,Y,2 Oak Road,Anytown,AN1 1AB\n",
        encoding="utf-8",
    )

    def letters(day: str, *more: str) -> str:
        monkeypatch.setenv("ATTCLI_TODAY", day)
        code, out, err = run_cli(
            "letters", export, "--contacts", contacts, "--workspace", ws, "--as-of", day,
            "--out", tmp_path / f"out-{day}", *more, width=1000,
        )  # fmt: skip
        assert code == 0, err
        return _flat(out + err)

    def cases() -> str:
        code, out, err = run_cli(
            "cases", export, "--workspace", ws, "--as-of", "2026-11-06", width=1000
        )
        assert code == 0, err
        return _flat(out)

    letters("2026-10-09")
    assert "REP ForenameREP SurnameREP red (letter 2)" in letters("2026-11-06", "--dry-run")
    text = cases()
    assert "Red letter (monitoring; Severe letter passed over, band red)" in text, text
    assert (
        "The band's own letter from attcli letters this half term (each half term, besides "
        "the steps; it moves nothing on the ladder), for 1 of these: SurnameREP, "
        "ForenameREP (REP): attcli letters sends the red letter this half term"
    ) in text, text
    letters("2026-11-06")
    assert "band's own letter" not in cases()


def test_a_looked_after_cell_that_is_no_yes_or_no_does_not_stop_the_weekly_check(
    tmp_path: Path,
) -> None:
    """(review of the sweep) The check reads the Looked After column only to quote no fine
    for a looked-after pupil; a cell there that is no yes/no value ('PLAC', an MIS's
    "previously looked after") refused the whole weekly check, which read the register
    before the sweep.  The check now runs, saying in one line which cell could not be read
    and that no pupil is known to be looked after, so the fines are quoted as for any
    pupil (BIO's and FOSTERED's alike: 10 O by Fri 11/09).  Letters still refuse the file
    (a warning letter to a looked-after child's carers is not to be guessed)."""
    reg = register({u: " ".join(["O"] * 20) for u in ("FOSTERED", "BIO")}, start=D(2026, 9, 7))
    export = _with_looked_after(
        write_long_csv(reg, tmp_path / "export.csv", dob=True), {"FOSTERED": "PLAC", "BIO": "N"}
    )
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    code, out, err = run_cli(
        "check", export, "--workspace", ws, "--as-of", "2026-10-02", "--format", "json"
    )
    assert code == 0, err
    import json

    doc = json.loads(out)
    said = [w for w in doc["warnings"] if "Looked After" in w]
    assert len(said) == 1, doc["warnings"]
    assert said[0].startswith(f"{export}, line ")
    assert "'PLAC'" in said[0]
    assert "no pupil is known to be looked after" in said[0]
    both = {p["upn"]: p for p in doc["pupils"]}
    assert both["FOSTERED"]["pn_threshold_met"] and both["BIO"]["pn_threshold_met"]
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode\n"
        "FOSTERED,F1,Ms,Fay,Foster,Foster Carer,1,Y,5 Elm Road,Anytown,AN1 5AB\n"
        "BIO,B1,Mrs,Bea,Io,Mother,1,Y,1 Oak Road,Anytown,AN1 1AB\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(
        "letters", export, "--workspace", ws, "--as-of", "2026-10-02", "--dry-run",
        "--contacts", contacts,
    )  # fmt: skip
    assert code == 1 and "not a yes/no value (column 'Looked After'): 'PLAC'" in err, err


# ---------------------------------------------------------------------------------------
# The sweep of 5 December (fifth), leftovers: item 1 (module docstring), a wide CSV line
# cut short in the middle of the file.

FIVE = [*PUPILS, (upn(4), "Dunn", "Ada"), (upn(5), "Evans", "Ben")]
#: upn -> (attended, possible), worked out by hand (module docstring)
WHOLE = {upn(1): (20, 20), upn(2): (18, 20), upn(3): (19, 20), upn(4): (20, 20), upn(5): (20, 20)}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws"), AUTUMN_HALF_TERMS)


def write(path: Path, head: list[str], body: list[list[str]]) -> None:
    """Each row as its cells are (a short row stays short: no empty cells added)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in [head, *body]:
        writer.writerow(row)
    path.write_text(buf.getvalue(), encoding="utf-8")


def check(path: Path, config: Path) -> tuple[int, dict | None, str]:
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    return code, (json.loads(out) if code == 0 else None), err


def figures(got: dict) -> dict[str, tuple[int, int]]:
    return {p["upn"]: (p["attended"], p["possible"]) for p in got["pupils"]}


def test_the_five_pupil_register_gives_the_figures_worked_by_hand(tmp_path, config):
    head, body = wide_rows(FIVE)
    assert [len(r) for r in body] == [23] * 5
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == WHOLE


def test_a_line_cut_short_mid_file_where_leavers_write_their_empty_cells_is_refused(
    tmp_path, config
):
    # Cole's line (line 4) is cut after her 14th session's cell (17 of 23 cells); the lines
    # above and below are whole, and Evans, who left after Wed 16/09 PM, has his four empty
    # cells written out (line 6): this writer writes empty cells, so line 4 is damage, not a
    # leaver (read as one it gave Cole 14/14 = 100% for 19/20, unsaid).
    head, body = wide_rows(FIVE)
    body[2] = body[2][:17]
    body[4][-4:] = ["", "", "", ""]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 1, got
    lines = [x for x in err.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "r.csv" in lines[0] and "line 4" in lines[0], lines[0]
    assert "17 of the header row's 23 cells" in lines[0], lines[0]
    assert "cut short" in err


def test_a_lone_short_line_with_no_sign_of_the_writer_is_read_as_a_leaver_and_said(
    tmp_path, config
):
    # The same cut with no line that writes its empty cells out: a writer that leaves a
    # leaver's empty cells off (a script, a tool) would write this line so too.  Read as
    # leaving after the 14th session (Cole: 14/14), and said in one line naming the file and
    # line, so an officer who knows she is on roll sees it.
    head, body = wide_rows(FIVE)
    body[2] = body[2][:17]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(3): (14, 14)}
    said = [w for w in got["warnings"] if "fewer cells than the header" in w]
    assert len(said) == 1, got["warnings"]
    assert "r.csv" in said[0] and "line 4" in said[0] and "cut short" in said[0], said
    assert upn(3) not in said[0]  # (a load's note may reach the summary: no UPN in it)


def test_a_lone_short_line_of_a_pupil_a_pupil_list_keeps_on_roll_is_missing_marks(
    tmp_path, config
):
    # The same cut, with a pupil list (admission 07/09/2026, no leaving date): the list
    # decides the time on roll (DOMAIN.md 1), so Cole's six sessions after the cut (Wed 16
    # - Fri 18 Sep) are missing marks, out of possible and counted (14/14, 6 missing), and
    # the line is still said.
    head, body = wide_rows(FIVE)
    body[2] = body[2][:17]
    write(tmp_path / "r.csv", head, body)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Admission Date\n"
        + "".join(f"{u},{sn},{fn},07/09/2026\n" for u, sn, fn in FIVE),
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", "--format", "json", tmp_path / "r.csv", "--config", config,
        "--as-of", "2026-09-18", "--pupils", pupils,
    )  # fmt: skip
    assert code == 0, err
    got = json.loads(out)
    assert figures(got) == {**WHOLE, upn(3): (14, 14)}
    (cole,) = [p for p in got["pupils"] if p["upn"] == upn(3)]
    assert cole["missing_marks"] == 6, cole
    assert [w for w in got["warnings"] if "fewer cells than the header" in w], got["warnings"]


def test_excel_s_short_lines_in_a_block_are_read_as_leavers_unsaid(tmp_path, config):
    # Excel leaves off the empty cells at the end of a block of rows when none in the block
    # has a value there: two leavers side by side (Dunn and Evans after their 14th session)
    # are written 17 cells each.  Leavers, silently: 14/14 each.
    head, body = wide_rows(FIVE)
    body[3] = body[3][:17]
    body[4] = body[4][:17]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(4): (14, 14), upn(5): (14, 14)}
    assert not [w for w in got["warnings"] if "cells" in w], got["warnings"]


def test_a_leaver_s_empty_cells_written_out_are_read_unsaid(tmp_path, config):
    # Cole left after her 14th session, her six empty cells written out: a leaver, 14/14,
    # as DOMAIN.md 1 says, with nothing to say.
    head, body = wide_rows(FIVE)
    body[2][-6:] = [""] * 6
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(3): (14, 14)}
    assert not [w for w in got["warnings"] if "cells" in w], got["warnings"]


# ---------------------------------------------------------------------------------------
# Item 2: after a forced `pupil forget`, the next notice quoted by `pn list`, `check` and
# `letters` rests on the notices on record alone.  Mrs J Doyle's notice of 18/09/2026
# about A123456789011 (test_notices' pupil: 10 days N from 14/09, so 20 unauthorised
# sessions in the 10 school weeks to 02/10/2026, at the threshold) counts toward the next
# until 18/09/2029 (DOMAIN.md 5: 3 years).  The pupil's records are deleted with --force
# (a parent's request) and the pupil stays on roll: the history now knows no notice, so
# each quotes a first where, if the deleted one was to this parent, it is a second.


def _forced(tmp_path: Path) -> tuple[Path, Path, Path]:
    from test_cli import write_export
    from test_notices import MARKS, UPN, contacts, record

    school = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_export(tmp_path / "register.csv", {UPN: MARKS})
    book = contacts(tmp_path, "J")
    assert record(school, export, book, "Mrs J Doyle", "2026-09-18")[0] == 0
    code, out, err = run_cli("pupil", "forget", UPN, "-c", school, "--force", "--yes")
    assert code == 0, err
    return school, export, book


def test_pn_list_after_a_counting_notice_was_deleted_with_force_says_so(tmp_path):
    # The office records the notice of 02/10/2026 anyway (pn record warns); `pn list` on
    # 31/08/2027 (tests' today) quotes "a notice today would be" a second from the one
    # notice on record: if the deleted one was Mrs Doyle's, no third may be issued
    # (alternative action).  Said in one line beside the table, and in the JSON.
    from test_notices import UPN, record

    school, export, book = _forced(tmp_path)
    code, out, err = record(
        school, export, book, "Mrs J Doyle", "2026-10-02", "--as-of", "2026-10-02"
    )
    assert code == 0, err
    code, out, err = run_cli("pn", "list", "-c", school)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "second" in said, said
    assert "pupil forget" in said and "18/09/2029" in said, said
    code, out, err = run_cli("pn", "list", "-c", school, "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["upn"] == UPN
    assert "pupil forget" in row["deleted_notice"] and "18/09/2029" in row["deleted_notice"]


def test_pn_list_says_nothing_of_a_forgetting_that_deleted_no_counting_notice(tmp_path):
    from test_cli import write_export
    from test_notices import MARKS, UPN, contacts, record

    school = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_export(tmp_path / "register.csv", {UPN: MARKS})
    book = contacts(tmp_path, "J")
    assert record(school, export, book, "Mrs J Doyle", "2026-09-18")[0] == 0
    code, out, err = run_cli("pn", "list", "-c", school, "--json")
    assert code == 0, err
    assert json.loads(out)[0]["deleted_notice"] is None


def test_check_after_a_counting_notice_was_deleted_with_force_says_so(tmp_path):
    from test_notices import UPN

    school, export, _ = _forced(tmp_path)
    code, out, err = run_cli(
        "check", export, "-c", school, "--as-of", "2026-10-02", "--format", "json"
    )
    assert code == 0, err
    (pupil,) = [p for p in json.loads(out)["pupils"] if p["upn"] == UPN]
    text = pupil["pn_next_notice"]
    assert text.startswith("next notice: first"), text
    assert "pupil forget" in text and "18/09/2029" in text, text


def test_the_forgettings_are_read_once_a_history_however_many_pupils_are_asked_of(
    tmp_path, monkeypatch
):
    # check asks of each pupil it quotes a next notice for, letters of each letter that
    # quotes one: the audit's forgetting rows are read once an open history, not a query
    # each; a forgetting written on that history since is read again.
    import datetime as dt

    from attcli.store import History
    from builders import count_calls
    from test_notices import UPN

    school, _, _ = _forced(tmp_path)
    calls = count_calls(monkeypatch, History, "audit")
    with History(school.parent / "attcli-history.sqlite3", write=True) as store:
        on = dt.date(2026, 10, 2)
        assert [store.deleted_notice(u, on) is not None for u in (UPN, "X1", "X2", UPN)] == [
            True, False, False, True,
        ]  # fmt: skip
        assert len(calls) == 1
        # a forgetting's row written on this history (as forget writes it) is read again
        store._audit("dpo", "forget", "pupil X2", "X2 counted until 2029-10-01")
        assert store.deleted_notice("X2", on) is not None
        assert len(calls) == 2


def test_the_pupil_record_after_a_counting_notice_was_deleted_with_force_says_so(tmp_path):
    # `attcli pupil` lists the notices on record (none now) and the next notice to each
    # parent on record: the forgetting is said under them, as pn next says it.
    from test_notices import UPN

    school, export, _ = _forced(tmp_path)
    code, out, err = run_cli(
        "pupil", UPN, export, "-c", school, "--as-of", "2026-10-02", width=200
    )
    assert code == 0, err
    said = " ".join(out.split())
    assert "Penalty notices on record: 0" in said, said
    assert "pupil forget" in said and "18/09/2029" in said, said


def test_letters_quoting_a_notice_after_a_counting_notice_was_deleted_say_so(tmp_path):
    school, export, book = _forced(tmp_path)
    code, out, err = run_cli(
        "letters", export, "--contacts", book, "-c", school, "--as-of", "2026-10-02",
        "--dry-run", "--include-held",
    )  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "penalty_notice_warning" in said, said
    assert "pupil forget" in said and "18/09/2029" in said, said


# ---------------------------------------------------------------------------------------
# Item 3: the notes made as the register is compacted (a date of birth, a year group or a
# name that differs between a pupil's rows) were said by check, report and letters but
# not by `summary`: it copied the load's notes before they were made.


def test_summary_says_the_notes_made_as_the_register_is_compacted(tmp_path):
    # Pupil ...011's date of birth is 01/10/2014 on every row but the last, 02/10/2014:
    # check says "1 pupil's date of birth differs between rows ... check the MIS".  The
    # summary's terminal (staff's own screen, where its other notes name pupils and files)
    # says it too; the document (for the trust's leaders) carries no note, as before.
    from test_cli import write_export

    school = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_export(
        tmp_path / "register.csv",
        {"A123456789011": " ".join(["/\\"] * 10), "A123456789012": " ".join(["/\\"] * 10)},
    )
    lines = export.read_text(encoding="utf-8").splitlines()
    assert lines[20].startswith("A123456789011") and "01/10/2014" in lines[20]
    lines[20] = lines[20].replace("01/10/2014", "02/10/2014")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("check", export, "-c", school, "--format", "json")
    assert code == 0, err
    assert any("date of birth differs" in w for w in json.loads(out)["warnings"]), out
    target = tmp_path / "school.summary.json"
    code, out, err = run_cli("summary", export, "-c", school, "-o", target)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "date of birth differs between rows" in said, said
    assert "A123456789011" not in target.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Item 4: a pupil who left the ladder improved in an earlier run is listed nowhere in
# `cases` (status none), while `letters` holds their band's letter for review (it would
# put them on the ladder again) and `check` says so.  tests/test_cases_held.py's D (seed
# 004's ladder, attcli's bands): O Mon 7 - Thu 10 Sep, every other day present; the review
# meeting recorded Mon 5 Oct; its period 5 Oct - 1 Nov 100 % against 80 %: improved, D
# leaves the ladder on Sun 1 Nov.  The run as of Fri 13/11 (recorded) lists D as "left".
# Wed 18/11 (48 days, 96 sessions): 88/96 = 91.67 %, amber (above 90 %, below 92 %); since
# leaving (Mon 2 - Wed 18 Nov, 13 days) 26/26 = 100 %: nothing due on the ladder, and
# `letters` holds the amber letter.  E, the same marks never on the ladder: the letter
# step is due (listed as ever), nothing held.


def test_cases_lists_a_band_letter_held_for_a_pupil_who_left_the_ladder_in_an_earlier_run(
    tmp_path,
):
    from test_cases_held import P, cases_json, days, held_by_letters, letters, school

    marks = days(days("O", n=4), days(P, n=44))
    ws, exp, contacts = school(tmp_path, {"D": marks, "E": marks})
    assert cases_json(ws, exp, "2026-10-02")["D"]["due_stage"] == "review_meeting"
    code, _, err = run_cli("case", "record", "D", "--action", "review_meeting", "--date",
                           "2026-10-05", "-c", ws)  # fmt: skip
    assert code == 0, err
    assert cases_json(ws, exp, "2026-11-13")["D"]["status"] == "left"  # (recorded)
    why = (
        "left the ladder improved on 01/11/2026; since then 100.0% (26 of 26 sessions) and "
        "nothing due on the ladder: the amber letter would put the pupil on it again"
    )
    assert held_by_letters(letters(ws, exp, contacts, "2026-11-18")) == {"D": why}

    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert "D" not in {c["upn"] for c in doc["cases"]}  # (off the ladder: no case)
    assert [(h["upn"], h["letter"]) for h in doc["held_off_ladder"]] == [("D", "amber")]
    assert why in doc["held_off_ladder"][0]["held"]
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-18", width=200)
    assert code == 0, err
    text = " ".join(out.replace("│", " ").split())
    assert "band letter held for review" in text and "SurnameD" in text and why in text, text
    assert "--release D" in text


# ---------------------------------------------------------------------------------------
# Item 5: `Calendar.is_the_year` with a first half term beginning on 30 September exactly.
# The coverage reads a school year's configured half terms as giving the year from
# September when the first begins by 30 September (else "the summer's only": the weekdays
# before them not known); `is_the_year` must read them the same way, or a period from the
# term dates' first school day would be the year to the coverage and not to the "can
# miss" number.  Decided: 30 September is in September (one rule, shared).
#
# Term dates: Autumn 1 Wed 30 Sep - Fri 23 Oct 2026, Autumn 2 2 Nov - 18 Dec, Spring 1
# 4 Jan - 12 Feb 2027, Spring 2 22 Feb - 26 Mar, Summer 1 12 Apr - 28 May, Summer 2 7 Jun
# - 21 Jul.  P present Wed 30 Sep - Tue 13 Oct (10 days): 20 of 20, green.  School days
# left after 13 Oct: 8 (14-23 Oct) + 35 + 30 + 24 (25, less Good Friday 26 Mar) + 34 (35,
# less Mon 3 May) + 33 (7 Jun - 21 Jul) = 164, 328 sessions; the year 348.  To end it
# green (at least 92 %): (348 - k) * 100 >= 92 * 348 = 32,016, k at most 27.  `--from 30
# Sep` (the year's first school day by the term dates) is the year to date: 27, as the
# default period from 1 September gives (with `<` for `<=` it was none).


def _late_terms(first):
    import dataclasses
    import datetime as dt

    from attcli.config import Config, HalfTerm

    d = dt.date
    return dataclasses.replace(
        Config(),
        half_terms=(
            HalfTerm("Autumn 1", first, d(2026, 10, 23)),
            HalfTerm("Autumn 2", d(2026, 11, 2), d(2026, 12, 18)),
            HalfTerm("Spring 1", d(2027, 1, 4), d(2027, 2, 12)),
            HalfTerm("Spring 2", d(2027, 2, 22), d(2027, 3, 26)),
            HalfTerm("Summer 1", d(2027, 4, 12), d(2027, 5, 28)),
            HalfTerm("Summer 2", d(2027, 6, 7), d(2027, 7, 21)),
        ),
    )


def test_a_first_half_term_on_30_september_gives_the_year_from_september():
    import datetime as dt

    from attcli.engine import evaluate
    from builders import pupil, register

    first = dt.date(2026, 9, 30)
    cfg = _late_terms(first)
    reg = register({"P": " ".join(["/\\"] * 10)}, start=first)
    ev = evaluate(reg, cfg)
    assert list(ev.sessions_left.values()) == [328]
    p = pupil(ev, "P")
    assert (p["attended"], p["possible"], p["band"], p["can_miss_sessions"]) == (
        20, 20, "green", 27,
    )  # fmt: skip
    assert pupil(evaluate(reg, cfg, period_start=first), "P")["can_miss_sessions"] == 27
    assert ev.calendar.is_the_year(first, dt.date(2026, 10, 13), cfg)


def test_the_coverage_and_the_year_read_30_september_alike():
    import datetime as dt

    from attcli.coverage import terms_give_the_year_from_september

    year = dt.date(2026, 9, 1)
    assert terms_give_the_year_from_september(dt.date(2026, 9, 30), year)
    assert not terms_give_the_year_from_september(dt.date(2026, 10, 1), year)
