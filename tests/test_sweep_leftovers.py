"""What the last stop noticed but left (sweep of 5 December (second), leftovers).

Hand-made registers in the layout attcli reads (tests/builders.py): pupils from Mon 7 Sep
2026 (Autumn 1 to Fri 23 Oct, tests/school.py), the right answers worked by hand from
DOMAIN.md and the policies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli

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
    (GBP 80 within 21 days, 160 within 28), none on record" for both: for FOSTERED it now
    quotes no fine and says why; BIO's is as ever.  A notice recorded to a council before
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
    assert "next notice: first (GBP 80 within 21 days, 160 within 28), none on record" in bio
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
    severe = _flat(out).split("Severe (attendance <= 50 %)")[1].split("Penalty-notice")[0]
    ill = severe.split("SurnameILL, ForenameILL")[1].split("SurnameTRU")[0]
    tru = severe.split("SurnameTRU, ForenameTRU")[1].split("Action:")[0]
    assert (
        "the severe letter is held for review by attcli letters: 24 of 24 absence sessions "
        "this school year are I (illness)"
    ) in ill, ill
    assert "held for review" not in tru, tru
    assert (
        "Action: letter and meeting as your policy sets for this band; the letter of the 1 "
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
        "Since the run as of 11/09/2026 (attcli.toml): 1 pupil left or joined the lateness "
        "group by the lates of then, which that run cannot put down to the threshold or to "
        "a late mark changed since: it was recorded before attcli kept each pupil's lates "
        "(each line says)"
    ) in text, text
    assert (
        "lates: not in it as of 11/09/2026 by today's threshold either (3 lates in the half "
        "term then; 4+ lates), though that run listed them: that run kept no lates, so a "
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
        "09/10/2026) gave 84.0% (42/50), 0 authorised and 8 unauthorised, the register now "
        "gives 84.0% (42/50), 8 authorised and 0 unauthorised to the same date; the red and "
        "penalty notice warning letters sent 06/11/2026 (figures to 06/11/2026) gave 82.5% "
        "(66/80), 0 authorised and 14 unauthorised, the register now gives 82.5% (66/80), 8 "
        "authorised and 6 unauthorised to the same date: tell the family (a correction, an "
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
    assert "red (monitoring; severe letter passed over, band red)" in text, text
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
