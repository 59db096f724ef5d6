"""Faults found by a sentence-by-sentence audit of DOMAIN.md 1, 2, 5 and 6 (sweep of 5
December (third), domainc), each worked by hand.

The registers (tests/builders.py) run from Mon 7 Sep 2026, school days only:
  week 1: 7-11 Sep   week 2: 14-18   week 3: 21-25   week 4: 28 Sep-2 Oct   week 5: 5-9 Oct
"""

from __future__ import annotations

import json

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

P = "/\\ "

#: X: present Mon-Wed of week 1, B (approved activity: attended) Thu, U Fri (an
#: unauthorised absence, DOMAIN.md 1), then N O G N N / N N N G O in weeks 2-3 (22
#: unauthorised sessions with the U), present in week 4. The exports end Fri 2 Oct.
X_MARKS = P * 3 + "B U " + "N O G N N " + "N N N G O " + P * 5


def _four_weeks(tmp_path):  # noqa: ANN202
    reg = register({"X": X_MARKS, "OTHER": P * 20})
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    return export, make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_the_short_window_line_names_the_window_s_end_when_the_as_of_date_is_after_the_data(
    tmp_path,
):
    # DOMAIN.md 2: an as-of date after the data ends is a loud warning, never silently
    # used; DOMAIN.md 5: the window never reaches past the as-of date, and is reported
    # with its dates.  As of Fri 9 Oct, with exports to Fri 2 Oct, the figures and the
    # window end on 2 Oct (the check's pn_window_end, its reason "in the 4 school weeks
    # 07/09/2026 to 02/10/2026"): the 10 school weeks up to 2 Oct, of which the exports
    # hold 4 (7 Sep to 2 Oct), the 6 before them last school year's.  The line on the
    # short window said "the exports hold 4 of the 10 school weeks up to 09/10/2026":
    # of the 10 up to 9 Oct they hold 4 too, but 5 are before them and 1 (5-9 Oct) after,
    # while the line said "the 6 school weeks before".
    export, ws = _four_weeks(tmp_path)
    code, out, err = run_cli("check", export, "-c", ws, "--as-of", "2026-10-09", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    x = next(p for p in doc["pupils"] if p["upn"] == "X")
    assert (x["pn_window_start"], x["pn_window_end"], x["pn_window_sessions"]) == (
        "2026-09-07", "2026-10-02", 22,
    )
    assert x["reasons"]["pn"].startswith(
        "22 unauthorised sessions in the 4 school weeks 07/09/2026 to 02/10/2026"
    )
    assert doc["warnings"][0] == (
        "penalty-notice window: the exports hold 4 of the 10 school weeks up to 02/10/2026 "
        "(from 07/09/2026); unauthorised sessions in the 6 school weeks before are not "
        "counted: give the exports of those weeks too (the end of last school year) to count "
        "the whole window"
    )
    # as of the data's last day: the same window, the same line
    code, out, err = run_cli("check", export, "-c", ws, "--as-of", "2026-10-02", "-f", "json")
    assert json.loads(out)["warnings"][0] == doc["warnings"][0]


def test_the_letters_say_the_day_their_figures_are_as_of_when_the_data_ends_before_it(
    tmp_path,
):
    # DOMAIN.md 2 (as above).  As of Fri 9 Oct with exports to Fri 2 Oct, every letter
    # gives figures "up to 2 October 2026", the run's note says "the letters' figures are
    # as of 02/10/2026", and check, pupil, summary and report say "Figures are as of
    # 02/10/2026"; the run's own header said "Letters for Autumn 1 (figures as of
    # 09/10/2026)", a week of figures the letters do not have.
    export, ws = _four_weeks(tmp_path)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [("X", "C1", "Mrs", "Pat", "Par"), ("OTHER", "C2", "Mr", "Q", "Oth")]
    )
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", ws, "--as-of", "2026-10-09", "--dry-run"
    )
    assert code == 0, err
    assert "Letters for Autumn 1 (figures as of 02/10/2026)" in out
    assert "the letters' figures are as of 02/10/2026" in " ".join(err.split())
    # as of the data's last day, the header is that day's, as before
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", ws, "--as-of", "2026-10-02", "--dry-run"
    )
    assert code == 0, err
    assert "Letters for Autumn 1 (figures as of 02/10/2026)" in out


def test_left_straight_after_a_run_is_judged_alike_by_cme_check_and_the_la_return(tmp_path):
    # DOMAIN.md 6: a pupil who left ends their run on their last day on roll; one taken off
    # roll straight after a run of unexplained absence stays listed as "left after N
    # days".  Each pupil: present week 1, N 14-25 Sep (10 school days), then one last day
    # on roll, Mon 28 Sep, and blank cells after (off the roll, DOMAIN.md 1):
    #   XGAP  X on 28 Sep: not possible, neither counts nor breaks: left straight after 10
    #   DASH  '-' on 28 Sep: a missing mark, neither counts nor breaks: left after 10
    #   HALF  N then blank on 28 Sep: the run's 11th day, and the last on roll: left after 11
    #   SEEN  present on 28 Sep: back in school, then left: not "left after"
    #   AUTH  I on 28 Sep: the reason known, run ended, then left: not "left after"
    import csv

    tails = {"XGAP": "X", "DASH": "-_", "HALF": "N_", "SEEN": "/\\", "AUTH": "I"}
    reg = register(
        {u: P * 5 + "N " * 10 + t + " " + "_ " * 4 for u, t in tails.items()} | {"OTHER": P * 20}
    )
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    left_after = {"XGAP": 10, "DASH": 10, "HALF": 11, "SEEN": 0, "AUTH": 0}

    code, out, err = run_cli("cme", export, "-c", ws, "-f", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    assert {u: (r["run_days"], r["status"], r["left_on"]) for u, r in runs.items()} == {
        "XGAP": (10, "left", "2026-09-28"),
        "DASH": (10, "left", "2026-09-28"),
        "HALF": (11, "left", "2026-09-28"),
        "SEEN": (10, "back", "2026-09-28"),
        "AUTH": (10, "ended", "2026-09-28"),
    }
    code, out, err = run_cli("check", export, "-c", ws, "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    for upn, days in left_after.items():
        p = pupils[upn]
        assert (p["on_roll"], p["left_on"], p["left_after_absence_days"]) == (
            False, "2026-09-28", days,
        ), upn
        assert ("absence" in p["groups"]) is bool(days), upn
    code, out, err = run_cli(
        "la-return", export, "-c", ws, "--month", "2026-09", "-o", tmp_path / "la.csv"
    )
    assert code == 0, err
    with (tmp_path / "la.csv").open(encoding="utf-8-sig") as f:
        rows = {r["UPN"]: r for r in csv.DictReader(f)}
    for upn, days in left_after.items():
        r = rows[upn]
        assert (r["Left the roll on"], r["Still absent"]) == ("28/09/2026", "no"), upn
        assert r["Note"].startswith("left the roll 28/09/2026 after the run") is bool(days), upn


def test_as_of_an_inset_monday_the_window_is_the_ten_school_weeks_that_ended_before_it(
    tmp_path,
):
    # DOMAIN.md 5: a school week is one in which the school had at least one session; the
    # window never reaches past the as-of date; on a day with no school (a holiday, here
    # an INSET Monday) the window is the 10 school weeks that ended before it.  A: G all of
    # week 1 (7-11 Sep: 10 sessions), present since; the October half term 26-30 Oct; Mon
    # 23 Nov is INSET ('#' for everyone), the register runs to Tue 24 Nov.  School weeks
    # from 7 Sep: 7, 14, 21, 28 Sep, 5, 12, 19 Oct, 2, 9, 16 Nov (10), 23 Nov (11th).
    #   as of Fri 20 Nov, Sun 22 Nov and Mon 23 Nov: window 07/09 to the as-of date, 10: met
    #   as of Tue 24 Nov: the week of 23 Nov has had a session, week 1 leaves: 14/09, 0
    # The same with the INSET day in the config, and with no term dates.
    import datetime as dt

    from builders import school_days

    holidays = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    days = school_days(dt.date(2026, 9, 7), 52, holidays)
    assert days[-2:] == [dt.date(2026, 11, 23), dt.date(2026, 11, 24)]

    def marks(first_week: str) -> str:
        tokens = [first_week] * 5 + ["/\\"] * (len(days) - 5)
        tokens[-2] = "#"
        return " ".join(tokens)

    reg = register({"A": marks("G"), "OTHER": marks("/\\")}, holidays=holidays)
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    want = {
        "2026-11-20": ("2026-09-07", 10),
        "2026-11-22": ("2026-09-07", 10),
        "2026-11-23": ("2026-09-07", 10),
        "2026-11-24": ("2026-09-14", 0),
    }
    for name, extra in (("terms", AUTUMN_HALF_TERMS), ("inset", ""), ("inferred", "")):
        folder = tmp_path / name
        folder.mkdir()
        config = folder / "attcli.toml"
        text = make_workspace(folder / "made").read_text(encoding="utf-8")
        if name == "inset":  # the init file has its own [calendar] table: fill it in
            text = text.replace("inset_days = []", "inset_days = [2026-11-23]")
            assert "inset_days = [2026-11-23]" in text
            extra = AUTUMN_HALF_TERMS
        config.write_text(text + extra, encoding="utf-8")
        for as_of, (start, count) in want.items():
            code, out, err = run_cli("check", export, "-c", config, "--as-of", as_of, "-f", "json")
            assert code == 0, (name, as_of, err)
            a = next(p for p in json.loads(out)["pupils"] if p["upn"] == "A")
            got = (a["pn_window_start"], a["pn_window_sessions"], a["pn_threshold_met"])
            assert got == (start, count, count >= 10), (name, as_of)
            assert a["pn_first_met"] == "2026-09-11", (name, as_of)
        code, out, err = run_cli("pupil", "A", export, "-c", config, "--as-of", "2026-11-23")
        assert code == 0, err
        assert (
            "10 unauthorised sessions in the 10 school weeks 07/09/2026 to 23/11/2026 "
            "(first met 11/09/2026)"
        ) in " ".join(out.split()), name


def test_a_run_of_ten_days_to_the_end_of_the_data_says_to_tell_the_local_authority(tmp_path):
    # DOMAIN.md 6: the school must tell the local authority about any pupil with
    # unauthorised absence for a continuous period of 10 school days or more.  A: N every
    # day 21 Sep - 2 Oct (10 school days), the exports' last day; NINE: N 22 Sep - 2 Oct (9).
    # As of the data's last day A's run is current and the check says "reached 10 school
    # days, tell the local authority (children missing education)".  As of Fri 9 Oct (a
    # week with no register after the data) the same 10 days are "not known since" (cme's
    # data_ends): the check kept A in its group but dropped the words, so a check run a
    # week on lost what the run calls for.  NINE, short of 10, gets no such words.
    reg = register({"A": P * 10 + "N " * 10, "NINE": P * 11 + "N " * 9, "OTHER": P * 20})
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    tell = "reached 10 school days, tell the local authority (children missing education)"
    code, out, err = run_cli("check", export, "-c", ws, "--as-of", "2026-10-02", "-f", "json")
    assert code == 0, err
    now = {p["upn"]: p["reasons"]["absence"] for p in json.loads(out)["pupils"] if p["upn"] != "OTHER"}
    assert now["A"] == (
        f"10 school days of unexplained absence since 21/09/2026 (N): {tell}; "
        "last attended 18/09/2026"
    )
    code, out, err = run_cli("check", export, "-c", ws, "--as-of", "2026-10-09", "-f", "json")
    assert code == 0, err
    later = {p["upn"]: p["reasons"]["absence"] for p in json.loads(out)["pupils"] if p["upn"] != "OTHER"}
    assert later == {
        "A": "10 school days of unexplained absence since 21/09/2026 (N) to 02/10/2026, the end "
        f"of the data: {tell}; not known since; last attended 18/09/2026",
        "NINE": "9 school days of unexplained absence since 22/09/2026 (N) to 02/10/2026, the "
        "end of the data: not known since; last attended 21/09/2026",
    }
    # the pupil record gives the check's reason
    code, out, err = run_cli("pupil", "A", export, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    assert f"the end of the data: {tell}; not known since" in " ".join(out.split())
