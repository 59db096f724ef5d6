"""Sweep "notes": the notes and warnings attcli prints about the data, their figures worked
by hand from DOMAIN.md (docs/decisions.md, sweep of 5 December (sixth), notes).

The registers start Monday 7 September 2026 (d1); the October half term is 26-30 October.
School days: d1-d18 are 7-30 September, d19-d35 1-23 October (d30 is Fri 16 October).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def days(*parts: tuple[int, str]) -> str:
    return " ".join(tok for n, tok in parts for _ in range(n))


def _export(tmp_path: Path, pupils: dict[str, str], one: dict[str, str]) -> Path:
    """``pupils`` as a register from d1; ``one``: UPN -> the child's forename, each with the
    surname Child and the one date of birth (the loader's "one child under two UPNs?")."""
    reg = register(pupils, start=D(2026, 9, 7), holidays=HALF_TERM)
    upn = pl.col("upn").cast(pl.Utf8)
    reg = reg.with_columns(
        pl.when(upn.is_in(list(one))).then(pl.lit("Child")).otherwise("surname").alias("surname"),
        upn.replace_strict(one, default=None).fill_null(pl.col("forename")).alias("forename"),
    )
    return write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)


def _check(tmp_path: Path, export: Path) -> tuple[dict, dict[str, dict]]:
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    return doc, {p["upn"]: p for p in doc["pupils"]}


def _said(doc: dict, what: str) -> list[str]:
    return [w for w in doc["warnings"] if what in w and "UPNs?" in w]


# ------------------------------------------- the combined notes of one child under two UPNs
def test_two_children_of_one_name_and_birthday_on_roll_together_are_not_added_up(
    tmp_path: Path,
) -> None:
    """The benchmark register's "Barker, Willow (A..., Z...: one child under two UPNs?) has
    36 illness sessions ... (longest run of illness 0 school days)": two children of one
    name and date of birth, both on roll all year, each ill on her own days.  The note
    counted a session ill under either UPN, though the other UPN was marked present in that
    very session: one child cannot be both, so it added two children's illness up, and its
    run of 0 days was the sign.  PAT1 is ill mornings d1-d16 (16 sessions), PAT2 afternoons
    d17-d30 (14), each present in the other session: by hand no session is illness under
    both UPNs, 0 sessions, no note.  Likewise the penalty-notice note: PEN1 absent (O)
    mornings d1-d6 (6), PEN2 mornings d7-d12 (6), the other present then: 0 sessions of
    the window across the two UPNs, not 12 at the threshold of 10, no note."""
    export = _export(
        tmp_path,
        {
            "PAT1": days((16, "I/"), (14, P)),
            "PAT2": days((16, P), (14, "/I")),
            "PEN1": days((6, "O/"), (24, P)),
            "PEN2": days((6, P), (6, "O/"), (18, P)),
            "OK": days((30, P)),
        },
        {"PAT1": "Pat", "PAT2": "Pat", "PEN1": "Pen", "PEN2": "Pen"},
    )
    doc, by = _check(tmp_path, export)
    assert (by["PAT1"]["sickness_sessions"], by["PAT2"]["sickness_sessions"]) == (16, 14)
    assert (by["PEN1"]["pn_window_sessions"], by["PEN2"]["pn_window_sessions"]) == (6, 6)
    assert _said(doc, "illness") == []
    assert _said(doc, "penalty-notice window") == []


def test_one_child_in_two_overlapping_exports_is_added_up_a_session_once(tmp_path: Path) -> None:
    """KIT: ill every day d1-d15, under KIT1 d1-d10 (the old export, no row after) and
    KIT2 from d6 (the new, overlapping it a week: d6-d10 are under both, ill under both),
    then in school to d30.  By hand: 15 days, 30 distinct illness sessions (a session under
    both once), a run of 15 school days: exactly the threshold (30 sessions), said; each
    UPN's own 20 sessions and 10 days unchanged.  LEE, the same but present under LEE2 on
    d10 (ill under LEE1): one child cannot be both, so d10 counts for neither and breaks
    the run: 28 sessions, runs of 9 and 5 days, under the threshold: nothing said (the old
    count, a session ill under either UPN, made it 30)."""
    export = _export(
        tmp_path,
        {
            "KIT1": days((10, "I")),
            "KIT2": days((5, "!"), (10, "I"), (15, P)),
            "LEE1": days((10, "I")),
            "LEE2": days((5, "!"), (4, "I"), (1, P), (5, "I"), (15, P)),
            "OK": days((30, P)),
        },
        {"KIT1": "Kit", "KIT2": "Kit", "LEE1": "Lee", "LEE2": "Lee"},
    )
    doc, by = _check(tmp_path, export)
    assert [by[u]["sickness_sessions"] for u in ("KIT1", "KIT2", "LEE1", "LEE2")] == [
        20, 20, 20, 18,
    ]  # fmt: skip
    said = _said(doc, "illness")
    assert len(said) == 1, said
    assert said[0].startswith(
        "Child, Kit (KIT1, KIT2: one child under two UPNs?) has 30 illness sessions this "
        "school year (longest run of illness 15 school days) across the two UPNs (KIT1's 20 "
        "sessions, KIT2's 20), the sickness threshold (30 sessions, or 15 days in a row)"
    ), said



def test_the_penalty_notice_note_across_two_upns_at_the_threshold(tmp_path: Path) -> None:
    """At exactly the threshold (DOMAIN.md 5: 10 or more): PEN absent (O) mornings d1-d5
    under PEN1 (rows to d10) and d11-d15 under PEN2: 10 sessions in the window 07/09/2026
    to 16/10/2026 (6 school weeks held), 5 and 5: said, quoting the school's threshold.
    PAN, one fewer (5 and 4, 9): nothing.  A school whose threshold is 8 ([penalty_notice]
    sessions = 8): PAN's 9 is over it too, said with "the threshold of 8"."""
    pupils = {
        "PEN1": days((5, "O/"), (5, P)),
        "PEN2": days((10, "!"), (5, "O/"), (15, P)),
        "PAN1": days((5, "O/"), (5, P)),
        "PAN2": days((10, "!"), (4, "O/"), (16, P)),
        "OK": days((30, P)),
    }
    export = _export(tmp_path, pupils, {u: u[:3].title() for u in pupils if u != "OK"})
    doc, _ = _check(tmp_path, export)
    said = _said(doc, "penalty-notice window")
    assert len(said) == 1 and said[0].startswith(
        "Child, Pen (PEN1, PEN2: one child under two UPNs?) has 10 unauthorised sessions in "
        "the penalty-notice window 07/09/2026 to 16/10/2026 across the two UPNs (PEN1's 5, "
        "PEN2's 5), the threshold of 10, but neither UPN alone"
    ), said
    config = make_workspace(tmp_path / "eight", AUTUMN_HALF_TERMS)
    text = config.read_text("utf-8")
    assert text.count("sessions = 10    # unauthorised sessions") == 1
    config.write_text(text.replace("sessions = 10    # unauthorised", "sessions = 8    #"), "utf-8")
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    said = _said(json.loads(out), "penalty-notice window")
    assert [w.split(" (")[0] for w in said] == ["Child, Pan", "Child, Pen"], said
    assert all("the threshold of 8," in w for w in said), said
    assert "has 9 unauthorised sessions" in said[0]

# ------------------------------------------------------------ "longest run of illness 0"
def test_illness_of_half_days_only_says_no_whole_school_day(tmp_path: Path) -> None:
    """A pupil ill 30 mornings and present every afternoon has 30 illness sessions and no
    school day wholly of illness: the sickness group said "longest run of illness 0 school
    days", which reads as a slip beside 30 sessions.  Now "no whole school day of illness"
    (HALF); a run of 1 stays "1 school day" (ONE: one whole day, then mornings).  The same
    words in the two-UPN note (KIT1 mornings d1-d15, KIT2 mornings d16-d30: 30 sessions
    across the two, no whole day)."""
    export = _export(
        tmp_path,
        {
            "HALF": days((30, "I/")),
            "ONE": days((1, "I"), (28, "I/"), (1, P)),
            "KIT1": days((15, "I/")),
            "KIT2": days((15, "!"), (15, "I/")),
            "OK": days((30, P)),
        },
        {"KIT1": "Kit", "KIT2": "Kit"},
    )
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", export, "-c", config, width=400)
    assert code == 0, err
    text = " ".join((out + err).split())
    assert "30 illness sessions this year; no whole school day of illness" in text
    assert "30 illness sessions this year; longest run of illness 1 school day" in text
    assert "0 school days" not in text
    doc, _ = _check(tmp_path, export)
    said = _said(doc, "illness")
    assert len(said) == 1 and (
        "has 30 illness sessions this school year (no whole school day of illness) across "
        "the two UPNs"
    ) in said[0], said


# ------------------------------------------------------------ what the two-UPN lines advise
def test_the_two_upn_lines_advise_what_a_merge_does(tmp_path: Path) -> None:
    """The lines of one child under two UPNs (a run, a penalty-notice window, the sickness
    rule across them) ended "give the exports one UPN, or `attcli pupil merge OLD NEW` and
    re-export": as if a merge were another way to one UPN.  A merge moves the history's
    letters and notices only; the register re-exported is the same two UPNs and the same
    figures (and with no history yet the command as written refuses).  Now each says what
    the loader's own note says: "if one child, give the exports one UPN (the permanent
    one); `attcli pupil merge OLD NEW` moves letters and notices on record".  KIT: ill d1-d15
    (KIT1 to d8, KIT2 from d9): 30 sessions.  PEN: absent (O) mornings d1-d6 under PEN1 (to
    d10) and d11-d16 under PEN2: 12 sessions in the window, the threshold of 10."""
    export = _export(
        tmp_path,
        {
            "KIT1": days((8, "I")),
            "KIT2": days((8, "!"), (7, "I"), (15, P)),
            "PEN1": days((6, "O/"), (4, P)),
            "PEN2": days((10, "!"), (6, "O/"), (14, P)),
            "OK": days((30, P)),
        },
        {"KIT1": "Kit", "KIT2": "Kit", "PEN1": "Pen", "PEN2": "Pen"},
    )
    doc, _ = _check(tmp_path, export)
    sick, pn = _said(doc, "illness"), _said(doc, "penalty-notice window")
    assert len(sick) == 1 and len(pn) == 1, doc["warnings"]
    assert "12 unauthorised sessions in the penalty-notice window" in pn[0]
    advice = (
        "if one child, give the exports one UPN (the permanent one); `attcli pupil merge {} "
        "{}` moves letters and notices on record"
    )
    assert sick[0].endswith(": " + advice.format("KIT1", "KIT2")), sick
    assert pn[0].endswith(": " + advice.format("PEN1", "PEN2")), pn
    assert not [w for w in doc["warnings"] if "re-export" in w]


def test_one_child_under_three_upns_is_counted_as_three_pupils(tmp_path: Path) -> None:
    """The loader's note of one child under two UPNs or more said "counted as two pupils"
    of a child under three (KIT1 d1-d5, KIT2 d6-d10, KIT3 d11-d30): three pupils, each
    with figures of its own.  Its dates by hand: 07/09/2026 to 11/09/2026, 14/09/2026 to
    18/09/2026, 21/09/2026 to 16/10/2026."""
    export = _export(
        tmp_path,
        {
            "KIT1": days((5, P)),
            "KIT2": days((5, "!"), (5, P)),
            "KIT3": days((10, "!"), (20, P)),
            "OK": days((30, P)),
        },
        {"KIT1": "Kit", "KIT2": "Kit", "KIT3": "Kit"},
    )
    doc, by = _check(tmp_path, export)
    assert {"KIT1", "KIT2", "KIT3"} <= set(by)
    (line,) = [w for w in doc["warnings"] if "under two UPNs or more" in w]
    assert line.startswith(
        "1 child under two UPNs or more (the same surname, forename and date of birth), "
        "counted as three pupils, e.g. 'Child, Kit' born 01/10/2014: KIT1, 07/09/2026 to "
        "11/09/2026 and KIT2, 14/09/2026 to 18/09/2026 and KIT3, 21/09/2026 to 16/10/2026: "
    ), line


# ----------------------------------------------------------------- singular and plural
def test_a_merge_leaving_one_session_under_two_notices_says_one_session(tmp_path: Path) -> None:
    """`pupil merge` names the sessions two of a parent's notices both rest on: "1 sessions
    (18/09/2026 to 18/09/2026) support both notice 1 and notice 2".  The first notice,
    under the temporary UPN, rests on the 10 sessions of 14-18 Sep (N); the second, under
    the permanent UPN as of 02/10, on the afternoon of 18 Sep and 21-25 Sep (11): one
    session in both, said "1 session (18/09/2026 PM) supports both ..."."""
    from school import contacts_file, make_workspace
    from test_cli import write_export

    temp, upn = "T123456789011", "A123456789011"
    cfg = make_workspace(tmp_path / "school")

    def record_pn(who: str, marks: str, date: str, as_of: str) -> None:
        export = write_export(tmp_path / f"{who}.csv", {who: marks})
        book = contacts_file(tmp_path / f"{who}-c.csv", [(who, "501", "Mrs", "Jo", "Smith")])
        code, _, err = run_cli(
            "pn", "record", who, str(export), "--parent", "501", "--contacts", str(book),
            "--date", date, "--as-of", as_of, "-c", str(cfg),
        )  # fmt: skip
        assert code == 0, err

    record_pn(temp, days((5, P), (5, "N"), (5, P)), "2026-09-25", "2026-09-18")
    record_pn(upn, days((9, P), (1, "/N"), (5, "N"), (5, P)), "2026-10-09", "2026-10-02")
    code, _, err = run_cli("pupil", "merge", temp, upn, "-c", str(cfg))
    assert code == 0, err
    text = " ".join(err.split())
    assert (
        "warning: 1 session (18/09/2026 PM) supports both notice 1 and notice 2 to Mrs Jo "
        f"Smith (contact 501) about {upn}: a session supports one notice"
    ) in text, text


def test_the_sessions_across_two_upns_match_a_session_by_session_count() -> None:
    """The sickness note's sessions across two UPNs against a plain count, on seeded random
    registers: KIT1 on roll from d1, KIT2 to d30, their spans overlapping by up to a week
    (overlapping exports) or not, each session's mark drawn from present, illness,
    unauthorised, a planned closure (#, no possible session) and a blank (KIT2 present on
    d30, so on roll).  By hand, a
    session counts when one UPN at least has a possible mark then and every possible mark
    then is I.  With `[sickness] sessions` at that count (over each UPN's own) the note says
    it; one more, it says nothing."""
    import random
    import re

    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.joined import sickness_across_upns
    from builders import register_rows, school_days

    kit = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}
    all_days = school_days(D(2026, 9, 7), 30, HALF_TERM)
    tried = 0
    # seeds 0-20 (0-39 until the suite's time): every one is tried, and they hold every
    # overlap of the two spans the generator makes, from none to five days (seed 20)
    for seed in range(21):
        rng = random.Random(seed)
        end1 = rng.randrange(8, 22)
        start2 = max(1, end1 - rng.randrange(0, 6))
        spans = {"KIT1": all_days[:end1], "KIT2": all_days[start2:]}
        rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"}
                for d in all_days for s in ("AM", "PM")]  # fmt: skip
        marks: dict[tuple, list[str]] = {}
        for upn, span in spans.items():
            for d in span:
                for s in ("AM", "PM"):
                    m = rng.choice(["/", "I", "I", "I", "O", "#", ""])
                    if upn == "KIT2" and d == all_days[-1]:
                        m = "/"  # (on roll to the as-of date: the note is of a child on roll)
                    rows.append({"upn": upn, "date": d, "session": s, "mark": m, **kit})
                    marks.setdefault((d, s), []).append(m)
        want = sum(
            1 for ms in marks.values()
            if [m for m in ms if m in "/IO" and m] and all(m == "I" for m in ms if m in "/IO" and m)
        )  # fmt: skip
        own = [sum(m == "I" for r in rows if r["upn"] == u for m in [r["mark"]]) for u in spans]
        if want <= max(own):
            continue
        tried += 1
        reg = register_rows(rows)
        said = sickness_across_upns(evaluate(reg, Config(sickness_sessions=want, sickness_days=99)))
        assert len(said) == 1, (seed, want, said)
        assert re.search(rf"has {want} illness sessions this school year", said[0]), (seed, said)
        more = Config(sickness_sessions=want + 1, sickness_days=99)
        assert sickness_across_upns(evaluate(reg, more)) == [], seed
    assert tried >= 5, tried


def test_one_notice_past_the_listed_ten_is_one_more_notice() -> None:
    """The check lists at most 10 penalty notices resting on marks corrected since, then
    "and N more notices": with 11 it said "and 1 more notices".  Eleven pupils, each with
    a notice on record on the mornings of d1-d5 recorded as O, now I in the exports."""
    from attcli.check import MAX_NOTICES_LISTED, notice_corrections
    from attcli.config import Config
    from attcli.engine import evaluate

    upns = [f"Q{i:02d}" for i in range(MAX_NOTICES_LISTED + 1)]
    reg = register({u: days((5, "I/"), (5, P)) for u in upns}, start=D(2026, 9, 7))
    ev = evaluate(reg, Config())
    issued = D(2026, 9, 25)
    rows = [
        (i + 1, u, issued, d, "AM", "O")
        for i, u in enumerate(upns)
        for d in sorted(set(reg.get_column("date").to_list()))[:5]
    ]

    class Store:
        def all_notice_sessions(self, school: object) -> list[tuple]:
            return rows

    said = notice_corrections(ev, Store())  # type: ignore[arg-type]
    assert len(said) == MAX_NOTICES_LISTED + 1
    assert said[0].startswith("penalty notice 1 about Q00 (25/09/2026): 5 of the 5 sessions")
    assert said[-1] == "and 1 more notice"


# ------------------------------------------------------------------------- leavers
def test_the_leavers_line_does_not_say_no_action_of_a_leaver_listed_with_one(
    tmp_path: Path,
) -> None:
    """The check's closing line said of every leaver "no action listed for them", while a
    pupil who left after a run of unexplained absence is listed in the absence group with
    one ("check the deletion was lawful and the LA was told"; DOMAIN.md 6).  GONE: present
    d1-d2, absent (O) d3-d7, no row after (left 15/09/2026): listed; LEFT (to d10) and SICK
    (ill d1-d15, present d16, left 28/09/2026: under the sickness group as a leaver, not
    listed) are not.  With GONE alone, "listed above with what to do"."""
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    pupils = {f"P{i}": days((30, P)) for i in range(5)}
    gone = {"GONE": days((2, P), (5, "O"))}
    rest = {"LEFT": days((10, P)), "SICK": days((15, "I"), (1, P))}
    for name, leavers, said in (
        ("three", {**gone, **rest}, "3 pupils left the roll in the period (counted in the bands "
         "to the day they left; 1 of them listed above with what to do, no action listed for "
         "the others):"),
        ("one", gone, "1 pupil left the roll in the period (counted in the bands to the day "
         "they left; listed above with what to do):"),
        ("none", rest, "2 pupils left the roll in the period (counted in the bands to the day "
         "they left; no action listed for them):"),
    ):  # fmt: skip
        folder = tmp_path / name
        folder.mkdir()
        export = _export(folder, {**pupils, **leavers}, {})
        code, out, err = run_cli("check", export, "-c", config, width=200)
        assert code == 0, err
        assert said in " ".join(out.split()), (name, out[-600:])


def test_two_pupils_dates_of_birth_that_differ_between_rows_are_said_in_the_plural(
    tmp_path: Path,
) -> None:
    """The loader's note of a date of birth that changes between a pupil's rows said "2
    pupils' date of birth differs between rows" of two pupils.  DOB1 and DOB2 are born
    01/10/2014 in their first five days' rows and 02/10/2014 after: "2 pupils' dates of
    birth differ between rows ..., e.g. DOB1: 01/10/2014 then 02/10/2014"."""
    from builders import register_rows, school_days

    rows = [
        {"upn": u, "date": d, "session": s, "mark": "/",
         "dob": D(2014, 10, 1) if i < 5 else D(2014, 10, 2)}
        for u in ("DOB1", "DOB2")
        for i, d in enumerate(school_days(D(2026, 9, 7), 10))
        for s in ("AM", "PM")
    ]  # fmt: skip
    export = write_long_csv(register_rows(rows), tmp_path / "reg.csv", dob=True)
    doc, _ = _check(tmp_path, export)
    said = [w for w in doc["warnings"] if "between rows" in w]
    assert said and said[0].startswith(
        "2 pupils' dates of birth differ between rows (the latest is used, and compulsory "
        "school age follows it), e.g. DOB1: 01/10/2014 then 02/10/2014"
    ), doc["warnings"]


def test_two_pupils_year_groups_and_listed_births_are_said_in_the_plural(tmp_path: Path) -> None:
    """The same slip in two more of the loader's notes: "2 pupils' year group changes
    within one school year" and "2 pupils' date of birth differs between the exports and
    the pupil list".  YG1 and YG2 are Year 7 in their first five days' rows and Year 8
    after; a pupil list gives YG1 and YG2 born 02/10/2014, the exports 01/10/2014."""
    from builders import register_rows, school_days

    rows = [
        {"upn": u, "date": d, "session": s, "mark": "/", "year_group": "7" if i < 5 else "8"}
        for u in ("YG1", "YG2")
        for i, d in enumerate(school_days(D(2026, 9, 7), 10))
        for s in ("AM", "PM")
    ]  # fmt: skip
    export = write_long_csv(register_rows(rows), tmp_path / "reg.csv", dob=True, groups=True)
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Legal Surname,Preferred Forename,Date of Birth,Date of Admission\n"
        "YG1,SurnameYG1,ForenameYG1,02/10/2014,07/09/2026\n"
        "YG2,SurnameYG2,ForenameYG2,02/10/2014,07/09/2026\n",
        encoding="utf-8",
    )
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", export, "-c", config, "--pupils", listed, "-f", "json")
    assert code == 0, err
    warnings = json.loads(out)["warnings"]
    text = " ".join(err.split()) + " ".join(warnings)
    assert "2 pupils' year groups change within one school year" in text, text
    assert "2 pupils' dates of birth differ between the exports and the pupil list" in text, text


def test_one_pupil_needing_nothing_is_said_in_the_singular(tmp_path: Path) -> None:
    """"2 pupils checked; 1 need nothing this week.": OK present throughout, ABS absent
    (O) every day, listed."""
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = _export(tmp_path, {"OK": days((10, P)), "ABS": days((10, "O"))}, {})
    code, out, err = run_cli("check", export, "-c", config, width=200)
    assert code == 0, err
    assert "2 pupils checked; 1 needs nothing this week." in " ".join(out.split()), out[-400:]
