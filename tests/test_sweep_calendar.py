"""The school calendar (DOMAIN.md 10) and what depends on it, with term dates given partly
or not at all (sweep of 4 December (fourth), calendar), worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register_rows, weekdays, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date


def school(
    tmp_path: Path, days: list[dt.date], mark=lambda upn, d, s: "/", config: str = "", n: int = 10
) -> tuple[Path, Path]:
    """A workspace with ``config`` (TOML) and a register of ``n`` pupils P0.. on ``days``,
    each session marked ``mark(upn, day, session)``."""
    ws = tmp_path / "ws"
    make_workspace(ws, config)
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": mark(upn, d, s)}
        for upn in (f"P{i}" for i in range(n))
        for d in days
        for s in ("AM", "PM")
    ]
    path = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    return ws, path


def check_json(ws: Path, path: Path, as_of: str, *more: str) -> tuple[dict, str]:
    code, out, err = run_cli(
        "check", path, "--workspace", ws, "--as-of", as_of, "--format", "json", *more
    )
    assert code == 0, err
    return json.loads(out), err


def pupil(result: dict, upn: str) -> dict:
    return next(p for p in result["pupils"] if p["upn"] == upn)


# ----------------------------------------- term dates that stop before the as-of date
AUTUMN_1_ONLY = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-23
"""


def test_an_as_of_date_after_the_last_half_term_given_is_not_taken_as_a_holiday_unsaid(
    tmp_path: Path,
) -> None:
    """The config gives Autumn 1 only (the office filled in the first half term); the
    exports end on its last day, Fri 23/10/2026.  As of Mon 02/11/2026 (and Mon 09/11,
    within the 17 days attcli allows after the last half term given), the weekdays since
    are in no half term the config gives: attcli cannot know whether they were the holiday
    or Autumn 2 (DOMAIN.md 2, 10: term dates that do not cover the data's school year are
    never silently used).  They were taken as a holiday: "complete", the register reaching
    the as-of date, a run of N to 23/10 still "current".  Now they are weekdays after the
    data, as without term dates, said in the INCOMPLETE line."""
    days = weekdays(D(2026, 9, 7), D(2026, 10, 23))
    ws, path = school(
        tmp_path, days, lambda upn, d, s: "N" if upn == "P0" and d >= D(2026, 10, 12) else "/",
        AUTUMN_1_ONLY,
    )
    result, err = check_json(ws, path, "2026-11-02")
    cover = result["coverage"]
    assert cover["complete"] is False
    # 26/10 to 02/11: 6 weekdays, none a bank holiday
    assert cover["gaps"] == [
        {"kind": "after_data", "start": "2026-10-26", "end": "2026-11-02", "school_days": 6}
    ]
    line = " ".join(err.split())
    assert "INCOMPLETE DATA" in line and "26/10/2026 to 02/11/2026 (6 weekdays)" in line
    assert "add the school year's other half terms to [[calendar.half_terms]]" in line
    # the run of N reaching 23/10 is not said to go on to 02/11: the data does not reach it
    p0 = pupil(result, "P0")
    assert p0["continuous_absence_days"] == 0 and p0["longest_absence_days"] == 10
    # the bands stand (the year is covered up to the data's end)
    assert pupil(result, "P1")["band"] == "green"

    # boundaries: on the last day given, and the weekend after it, nothing is unknown
    for as_of in ("2026-10-23", "2026-10-25"):
        result, _ = check_json(ws, path, as_of)
        assert result["coverage"]["complete"] is True, as_of


def test_days_after_the_summer_half_term_are_the_summer_holiday(tmp_path: Path) -> None:
    """The last half term given is the summer's (it ends in July): the weekdays after it
    to 31 August are the summer holiday, known, and no gap."""
    config = """
[[calendar.half_terms]]
name = "Summer 2"
start = 2027-06-07
end = 2027-07-16
"""
    ws, path = school(tmp_path, weekdays(D(2027, 6, 7), D(2027, 7, 16)), config=config)
    result, _ = check_json(ws, path, "2027-07-26", "--from", "2027-06-07")
    assert result["coverage"]["complete"] is True


def test_letters_after_the_last_half_term_given_count_the_weekdays_since(tmp_path: Path) -> None:
    """Letters as of 16/11/2026 from the export to 23/10/2026 with Autumn 1 alone given:
    17 weekdays lie between, more than the two school weeks letters allow; they went, as
    Autumn 1's, on figures three weeks old, with nothing said."""
    days = weekdays(D(2026, 9, 7), D(2026, 10, 23))
    ws, path = school(
        tmp_path, days, lambda upn, d, s: "O" if upn == "P0" and d.day % 3 == 0 else "/",
        AUTUMN_1_ONLY,
    )
    contacts = contacts_file(tmp_path / "contacts.csv", [("P0", "C0", "Mrs", "Ann", "Zero")])
    code, out, err = run_cli(
        "letters", path, "--workspace", ws, "--contacts", contacts, "--as-of", "2026-11-09",
        "--out", tmp_path / "out", "--dry-run",
    )
    assert code == 1
    assert "11 weekdays before the as-of date 09/11/2026" in err


# ------------------------------------------ half terms inferred from a later export
def test_an_inferred_half_term_of_an_export_from_after_half_term_is_the_second(
    tmp_path: Path,
) -> None:
    """No term dates; the exports hold Autumn 2 only (Mon 02/11/2026 to Fri 18/12/2026),
    a half-term export, with --from its first day.  The half terms inferred from it were
    numbered from 1 in their term, so this was "Autumn 1": the check's half term, and the
    lateness letter's "this half term (Autumn 1)" to a family about November's lates.  A
    term's first half term has ended by late October (February, May: DOMAIN.md 10's six
    half terms; the holidays between fall in the last week of October, mid February and
    late May), so a term's first half term in the exports starting after that is its
    second."""
    days = weekdays(D(2026, 11, 2), D(2026, 12, 18))
    lates = {D(2026, 12, d) for d in (1, 2, 3, 4)}
    ws, path = school(tmp_path, days, lambda upn, d, s: "L" if upn == "P0" and s == "AM" and d in lates else "/")
    result, _ = check_json(ws, path, "2026-12-18", "--from", "2026-11-02")
    assert result["half_term"] == {"name": "Autumn 2", "start": "2026-11-02", "end": "2026-12-18"}
    assert pupil(result, "P0")["lates_flag"] is True

    contacts = contacts_file(tmp_path / "contacts.csv", [("P0", "C0", "Mrs", "Ann", "Zero")])
    out_dir = tmp_path / "out"
    code, out, err = run_cli(
        "letters", path, "--workspace", ws, "--contacts", contacts, "--as-of", "2026-12-18",
        "--from", "2026-11-02", "--out", out_dir,
    )
    assert code == 0, err
    assert "Letters for Autumn 2" in out
    letter = (out_dir / "P0_SurnameP0_ForenameP0_lateness.html").read_text(encoding="utf-8")
    assert "Autumn 2" in letter and "Autumn 1" not in letter


def test_inferred_half_terms_are_numbered_by_their_dates_in_each_term() -> None:
    """The rule at its edges: exports beginning in a term's first half term (late too: a
    one-week export of 19-23 October) number it 1 and the next 2; exports beginning after
    the half-term holiday of autumn (from 28 October), spring (from 18 February) or summer
    (from 28 May) number it 2; a full year is 1 and 2 in each term."""
    from attcli.calendar import infer_half_terms, monday

    def names(*spans: tuple[dt.date, dt.date]) -> list[tuple[str, dt.date]]:
        days = tuple(d for a, b in spans for d in weekdays(a, b))
        weeks = tuple(sorted({monday(d) for d in days}))
        return [(h.name, h.start) for h in infer_half_terms(weeks, days)]

    # a full year: 1 and 2 in each term
    year = names(
        (D(2026, 9, 3), D(2026, 10, 23)), (D(2026, 11, 2), D(2026, 12, 18)),
        (D(2027, 1, 4), D(2027, 2, 12)), (D(2027, 2, 22), D(2027, 3, 26)),
        (D(2027, 4, 12), D(2027, 5, 28)), (D(2027, 6, 7), D(2027, 7, 21)),
    )
    assert [n for n, _ in year] == [
        "Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"
    ]
    # a late first half term's week, then the second
    assert names((D(2026, 10, 19), D(2026, 10, 23)), (D(2026, 11, 2), D(2026, 11, 6))) == [
        ("Autumn 1", D(2026, 10, 19)), ("Autumn 2", D(2026, 11, 2))
    ]
    # exports from the second half term of each term
    assert names((D(2024, 10, 28), D(2024, 11, 8)))[0][0] == "Autumn 2"
    assert names((D(2024, 10, 21), D(2024, 10, 25)))[0][0] == "Autumn 1"
    assert names((D(2027, 2, 22), D(2027, 3, 26)))[0][0] == "Spring 2"
    assert names((D(2024, 2, 19), D(2024, 3, 1)))[0][0] == "Spring 2"
    assert names((D(2025, 2, 10), D(2025, 2, 14)))[0][0] == "Spring 1"
    assert names((D(2026, 6, 1), D(2026, 7, 17)))[0][0] == "Summer 2"
    assert names((D(2026, 5, 18), D(2026, 5, 22)))[0][0] == "Summer 1"
    # an export from Autumn 2 running on into the spring: Autumn 2, then Spring 1
    assert [n for n, _ in names((D(2026, 11, 2), D(2026, 12, 18)), (D(2027, 1, 4), D(2027, 1, 8)))] == [
        "Autumn 2", "Spring 1"
    ]


# ------------------------- a week the term dates give, before the period, in the window
def test_a_school_week_the_exports_lack_before_the_period_is_said_in_the_window(
    tmp_path: Path,
) -> None:
    """Last year's Summer 2 given to Wed 22/07/2026, the export to Fri 17/07/2026 (the end
    typed a few days late, or the last week's export left out), this year's from Thu 3
    September.  The week of 20/07 is a school week by the term dates with no row (a week
    missing from the exports, docs/decisions.md), so the penalty-notice window as of
    16/10/2026 is the 7 weeks of autumn and 20/07, 13/07 and 06/07: P0's 10 `O` sessions
    in the week of 29/06 fell out of it, and nothing said the window held a week with no
    register (the coverage line looks at the period, from 1 September, only).  Now a line
    says so; with the end typed right the window is 29/06 on and the threshold met."""
    config = """
[[calendar.half_terms]]
name = "Summer 2"
start = 2026-06-08
end = 2026-07-22

[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-03
end = 2026-10-23
"""
    days = weekdays(D(2026, 6, 8), D(2026, 7, 17)) + weekdays(D(2026, 9, 3), D(2026, 10, 16))
    absent = set(weekdays(D(2026, 6, 29), D(2026, 7, 3)))
    ws, path = school(
        tmp_path, days, lambda upn, d, s: "O" if upn == "P0" and d in absent else "/", config
    )
    result, err = check_json(ws, path, "2026-10-16")
    p0 = pupil(result, "P0")
    assert (p0["pn_window_start"], p0["pn_window_sessions"]) == ("2026-07-06", 0)
    line = next(w for w in result["warnings"] if "20/07/2026" in w)
    assert line.startswith("penalty-notice window: ")
    assert "20/07/2026 to 22/07/2026" in line and "no export holds" in line
    assert "20/07/2026" in err

    right = tmp_path / "right"
    ws2, path2 = school(
        right, days, lambda upn, d, s: "O" if upn == "P0" and d in absent else "/",
        config.replace("2026-07-22", "2026-07-17"),
    )
    result, _ = check_json(ws2, path2, "2026-10-16")
    p0 = pupil(result, "P0")
    assert (p0["pn_window_start"], p0["pn_window_sessions"]) == ("2026-06-29", 10)
    assert p0["pn_threshold_met"] is True
    assert not any("no export holds" in w for w in result["warnings"])


# ---------------------------------- letters of a half term whose inferred start moved
def test_letters_sent_when_a_half_term_s_first_week_was_missing_are_not_sent_again(
    tmp_path: Path,
) -> None:
    """No term dates.  The export of 20/11/2026 lacked the week of 02/11 (a weekly file
    left out), so the half-term holiday read as two weeks and Autumn 2 began on 09/11: the
    red letter and the penalty-notice warning went then, recorded under Autumn 2 from
    09/11.  The export of 11/12 holds the week, and Autumn 2 begins on 02/11: a start 7
    days off was not "within a week", so both letters went again in the same half term
    (DOMAIN.md 9).  A recorded start inside the first weeks of a half term as it now
    stands is that half term's."""
    full = weekdays(D(2026, 9, 7), D(2026, 10, 23)) + weekdays(D(2026, 11, 2), D(2026, 12, 11))
    first = [d for d in full if d <= D(2026, 11, 20) and not D(2026, 11, 2) <= d <= D(2026, 11, 6)]

    def mark(upn: str, d: dt.date, s: str) -> str:
        return "O" if upn == "P0" and d.weekday() == 0 else "/"

    ws, before = school(tmp_path / "before", first, mark)
    _, after = school(tmp_path / "after", full, mark)
    contacts = contacts_file(tmp_path / "contacts.csv", [("P0", "C0", "Mrs", "Ann", "Zero")])
    out_dir = tmp_path / "out"
    for path, as_of, written in ((before, "2026-11-20", 2), (after, "2026-12-11", 0)):
        code, out, err = run_cli(
            "letters", path, "--workspace", ws, "--contacts", contacts, "--as-of", as_of,
            "--out", out_dir,
        )
        assert code == 0, err
        assert out.count("written") - out.count("letters written") == written, out
    assert "2 already sent this half term" in out
    assert not list(out_dir.glob("*Autumn-2*"))


AUTUMN_2_LEFT_OUT = AUTUMN_1_ONLY + """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
"""


def test_a_half_term_left_out_of_the_term_dates_is_not_a_silent_holiday(
    tmp_path: Path, monkeypatch
) -> None:
    """Autumn 1 and Spring 1 given, Autumn 2 left out: 10 weeks between them, longer than
    any holiday (the config's 8 weeks).  The export ends 23/10/2026; as of 18/12/2026 the
    check said "complete" and the half term Autumn 1, eight weeks of term taken as a
    holiday; letters dated 18/12 on figures of 23/10 went.  The weekdays of the gap after
    the data are now unknown days, as without term dates; a holiday of up to 8 weeks
    between two half terms stays a holiday."""
    days = weekdays(D(2026, 9, 7), D(2026, 10, 23))
    ws, path = school(tmp_path, days, config=AUTUMN_2_LEFT_OUT)
    result, err = check_json(ws, path, "2026-11-20")
    assert result["coverage"]["gaps"] == [
        {"kind": "after_data", "start": "2026-10-26", "end": "2026-11-20", "school_days": 20}
    ]
    assert "INCOMPLETE DATA" in err
    contacts = contacts_file(tmp_path / "contacts.csv", [("P0", "C0", "Mrs", "Ann", "Zero")])
    # no --as-of: the letters' own date (today) is weeks after the register's end
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    code, out, err = run_cli("letters", path, "--workspace", ws, "--contacts", contacts, "--dry-run")
    assert code == 1
    assert "before the letters' date" in err and "that the term dates do not give" in err

    # the holiday between two half terms given (26-30 Oct, then Autumn 2) is one
    ws2, path2 = school(tmp_path / "whole", days, config=AUTUMN_2_LEFT_OUT.replace(
        "\n[[calendar.half_terms]]\nname = \"Spring 1\"",
        "\n[[calendar.half_terms]]\nname = \"Autumn 2\"\nstart = 2026-11-02\nend = 2026-12-18\n"
        "\n[[calendar.half_terms]]\nname = \"Spring 1\"",
    ))
    result, _ = check_json(ws2, path2, "2026-10-30")
    assert result["coverage"]["complete"] is True


# -------------------------- a week of term in which only a handful's rows were exported
def test_a_week_of_term_with_only_a_handful_s_marks_is_a_school_week_of_the_window(
    tmp_path: Path,
) -> None:
    """Term dates 7 Sep - 23 Oct and 2 Nov - 18 Dec 2026; 20 pupils; the exports hold the
    week of 12/10 for P0 alone (the other 19 rows left out of that week's file).  Its days
    are stray days (1 of 20 marked: the day is the problem, DOMAIN.md 12), so no school
    days, and the week was no school week though the term dates make it one: as of
    27/11/2026 the penalty-notice window ran over 11 real school weeks, back to 07/09, and
    P1's 10 `O` sessions of that week met the threshold (DOMAIN.md 5: 10 school weeks,
    14/09 to 27/11).  A week of term with a row, but only on stray days, is a school week
    whose register is missing, as a week with no row at all is."""
    from school import AUTUMN_HALF_TERMS

    days = weekdays(D(2026, 9, 7), D(2026, 10, 23)) + weekdays(D(2026, 11, 2), D(2026, 11, 27))
    week = set(weekdays(D(2026, 10, 12), D(2026, 10, 16)))
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    rows = [
        {"upn": f"P{i}", "date": d, "session": s,
         "mark": "O" if i == 1 and d < D(2026, 9, 12) else "/"}
        for i in range(20)
        for d in days
        if i == 0 or d not in week
        for s in ("AM", "PM")
    ]  # fmt: skip
    path = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    result, _ = check_json(ws, path, "2026-11-27")
    p1 = pupil(result, "P1")
    assert (p1["pn_window_start"], p1["pn_window_sessions"]) == ("2026-09-14", 0)
    assert p1["pn_threshold_met"] is False
    assert any(q["kind"] == "stray_day" for q in result["data_quality"])
    # as of 20/11 the window is 10 school weeks from 07/09, the week of 12/10 among them
    result, _ = check_json(ws, path, "2026-11-20")
    p1 = pupil(result, "P1")
    assert (p1["pn_window_start"], p1["pn_window_sessions"]) == ("2026-09-07", 10)


def test_an_autumn_3_inferred_from_an_export_begun_in_autumn_2_is_said() -> None:
    """Exports from Mon 02/11/2026 (Autumn 2) lacking the week of 16/11: the half terms
    inferred are Autumn 2 and "Autumn 3" (from 23/11).  The note for a term given more than
    two half terms counted the half terms in the exports (two) and said nothing, though a
    half term named Autumn 3 ended Autumn 2's lates and letters at the missing week."""
    from attcli.config import Config
    from attcli.engine import evaluate
    from builders import register

    gap = weekdays(D(2026, 11, 16), D(2026, 11, 20))
    reg = register({"A": " ".join(["/\\"] * 25)}, start=D(2026, 11, 2), holidays=gap)
    ev = evaluate(reg, Config(), as_of=D(2026, 12, 4))
    assert [h.name for h in ev.calendar.half_terms] == ["Autumn 2", "Autumn 3"]
    said = [w for w in ev.warnings if "a term has two" in w]
    assert len(said) == 1
    assert "the autumn term 3 half terms (Autumn 3 from 23/11/2026)" in said[0]
    assert "(16/11/2026 to 20/11/2026)" in said[0]


def test_a_register_check_of_a_term_whose_term_dates_give_one_half_term_says_so(
    tmp_path: Path,
) -> None:
    """Autumn 1 alone given; `register-check --term autumn` on the export to 23/10/2026 made
    the LA's file for "Autumn term 2026/27 (07/09/2026 to 23/10/2026)", the term taken to
    end with Autumn 1, nothing said (a term has two half terms, DOMAIN.md 10).  The file's
    term and the terminal now say the term dates give one of its half terms."""
    from attcli import lacheck
    from attcli.config import load_config
    from attcli.loaders import load_registers

    days = weekdays(D(2026, 9, 7), D(2026, 10, 23))
    ws, path = school(
        tmp_path, days, lambda upn, d, s: "N" if upn == "P0" and d >= D(2026, 10, 1) else "/",
        AUTUMN_1_ONLY,
    )
    code, out, err = run_cli(
        "register-check", path, "--workspace", ws, "--term", "autumn",
        "--output", tmp_path / "rc.csv",
    )
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        "the term dates give one half term of the autumn term 2026/27 (Autumn 1, to "
        "23/10/2026), and a term has two: the term is taken to end on 23/10/2026; add its "
        "other half term to [[calendar.half_terms]]"
    ) in said
    config = load_config(ws / "attcli.toml")
    rc = lacheck.register_check(load_registers([path]).register, config, term="autumn")
    assert rc.term_text() == (
        "Autumn term 2026/27 (07/09/2026 to 23/10/2026; the term dates give Autumn 1 of it only)"
    )
    # both half terms given: nothing said
    whole = AUTUMN_1_ONLY + '\n[[calendar.half_terms]]\nname = "Autumn 2"\nstart = 2026-11-02\nend = 2026-12-18\n'
    ws2, path2 = school(tmp_path / "whole", days, config=whole)
    code, out, err = run_cli(
        "register-check", path2, "--workspace", ws2, "--term", "autumn", "--as-of",
        "2026-10-23", "--output", tmp_path / "rc2.csv",
    )
    assert code == 0, err
    assert "give one half term" not in err


def test_a_school_year_begun_with_a_closed_week_has_no_half_term_of_no_school_day() -> None:
    """No term dates.  The school year was to begin on Tue 01/09/2026, but the school was
    closed all week (`Y7` for everyone, Tue to Fri: a closure, DOMAIN.md 10), and opened on
    Mon 07/09.  A closed first week is its half term's; cut at 1 September, the run gave a
    half term of the one day 31/08 ("Summer", no school day in it, of the year before) and
    Autumn 1 from 07/09: as of Thu 03/09 the half term was that phantom one.  Autumn 1 now
    runs from 01/09 and no half term holds no school day."""
    from attcli.config import Config
    from attcli.engine import evaluate
    from builders import register

    closed = " ".join(["Y7.Y7"] * 4)
    open_ = " ".join(["/\\"] * 35)
    reg = register({"A": f"{closed} {open_}", "B": f"{closed} {open_}"}, start=D(2026, 9, 1))
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 16))
    assert [(h.name, h.start) for h in ev.calendar.half_terms] == [("Autumn 1", D(2026, 9, 1))]
    ev = evaluate(reg, Config(), as_of=D(2026, 9, 3))
    assert ev.half_term is not None and ev.half_term.name == "Autumn 1"


def test_a_ladder_period_of_half_terms_does_not_jump_a_half_term_left_out() -> None:
    """Seed 003's shape (a stage's period runs to the end of the next half term after its
    letter) with Autumn 1 and Spring 1 given and Autumn 2 left out: a red letter on
    01/10/2026 was monitored to 12/02/2027, the end of Spring 1, the next half term listed
    (a whole half term late, shown as a date).  Past a gap longer than any holiday the
    period's end is not known (as past the last half term listed), and a line names the
    gap; with Autumn 2 given it ends on 18/12/2026."""
    from attcli.config import parse_config
    from attcli.ladder import EndUnknown, period_end, unlisted_half_terms
    from school import HALF_TERM_LADDER

    autumn_2 = '\n[[calendar.half_terms]]\nname = "Autumn 2"\nstart = 2026-11-02\nend = 2026-12-18\n'
    gap = parse_config(HALF_TERM_LADDER + AUTUMN_2_LEFT_OUT)
    red = next(s for s in gap.escalation.stages if s.name == "red")
    try:
        period_end(red, D(2026, 10, 1), gap.half_terms)
    except EndUnknown:
        pass
    else:
        raise AssertionError("a period across a half term left out has no known end")
    said = unlisted_half_terms(gap.escalation, gap.half_terms)
    assert len(said) == 1
    assert "Autumn 1 (to 23/10/2026) and Spring 1 (from 04/01/2027)" in said[0]
    # a letter sent after the gap (03/01/2027): its next half term is Spring 1, known
    assert period_end(red, D(2027, 1, 4) - dt.timedelta(days=1), gap.half_terms) == D(2027, 2, 12)

    whole = parse_config(HALF_TERM_LADDER + AUTUMN_2_LEFT_OUT + autumn_2)
    assert period_end(red, D(2026, 10, 1), whole.half_terms) == D(2026, 12, 18)
    assert unlisted_half_terms(whole.escalation, whole.half_terms) == []
