"""Sweep of the monthly LA return (`attcli la-return`) over a school year, worked by hand.

The register of these tests starts Monday 7 September 2026 (d1); the October half term
is 26-30 October.  School days: September d1-d18 (7-30 Sep), October d19-d35 (1-23 Oct;
d21 = Mon 5 Oct, d30 = Fri 16 Oct, d31 = Mon 19 Oct), November d36-d56 (2-30 Nov).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def days(*parts: tuple[int, str]) -> str:
    return " ".join(tok for n, tok in parts for _ in range(n))


def rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {(r["List"][:4] + " " + r["UPN"]): r for r in csv.DictReader(f)}


def test_the_file_says_a_run_ended_by_illness_was_not_followed_by_attendance(
    tmp_path: Path,
) -> None:
    """ILL: N Mon 5 - Fri 16 Oct (d21-d30, 10 school days), then ill (I) every day to Fri
    23 Oct, the return's date: the run ended (the reason for the days since is known,
    DOMAIN.md 6), but nobody has seen the child since 2 October.  SEEN: the same run, then
    in school 19-23 Oct.  docs/la-return.md: a run is *ended* when "the pupil came back"
    (or left the roll, or is not in the exports, each with a note).  The terminal said
    "ended, not attended since" for ILL and "back in school" for SEEN; the file the LA
    reads gave both the same row (ended/new, Still absent "no", no note), so ILL read as a
    child back in school.  Now ILL's Note says "ended, not attended since"; SEEN's row is
    as before (a blank note: back, as the docs define it)."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    reg = register(
        {
            "ILL": days((20, P), (10, "N"), (5, "I")),
            "SEEN": days((20, P), (10, "N"), (5, P)),
        },
        start=D(2026, 9, 7),
        holidays=HALF_TERM,
    )
    export = write_long_csv(reg, tmp_path / "oct.csv", dob=True, groups=True)
    out_csv = tmp_path / "oct-return.csv"
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-10", "-c", config, "-o", out_csv, width=200
    )
    assert code == 0, err
    got = rows(out_csv)
    ill, seen = got["cont ILL"], got["cont SEEN"]
    for row in (ill, seen):
        assert (row["Status"], row["Absence began"], row["Last day of absence"]) == (
            "new", "05/10/2026", "16/10/2026",
        )  # fmt: skip
        assert (row["School days"], row["Still absent"], row["Last attended"]) == (
            "10", "no", "02/10/2026",
        )  # fmt: skip
    assert ill["Note"] == "ended, not attended since"
    assert seen["Note"] == ""
    # the terminal says each once
    ill_line = next(ln for ln in out.splitlines() if "SurnameILL" in ln)
    assert ill_line.count("ended, not attended since") == 1
    # the xlsx says the same as the csv
    from openpyxl import load_workbook

    xlsx = tmp_path / "oct-return.xlsx"
    code, _, err = run_cli(
        "la-return", export, "--month", "2026-10", "-c", config, "-o", xlsx, width=200
    )
    assert code == 0, err
    sheet = load_workbook(xlsx).active
    table = [r for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(table) if r and r[0] == "List")
    names = list(table[header])
    by_upn = {r[names.index("UPN")]: r for r in table[header + 1 :]}
    assert by_upn["ILL"][names.index("Note")] == "ended, not attended since"
    assert by_upn["SEEN"][names.index("Note")] is None


def test_fewer_illness_days_than_the_last_return_read_with_one_sign(tmp_path: Path) -> None:
    """LOWER: ill (I) Mon 7 - Fri 25 Sep (d1-d15, 15 days, 30 sessions): September's
    return lists them new.  October's export has Mon 7 Sep present (a register
    correction): 28 sessions (14 days), under the threshold, so October's return lists
    them amended, Days since last return 14 - 15 = -1.  The terminal said "+-1 days since
    last return"; now "-1 day since last return" (the file's -1 is unchanged)."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    pupils = {"LOWER": days((15, "I"), (20, P)), "OK": days((35, P))}
    sep = write_long_csv(
        register(pupils, start=D(2026, 9, 7), holidays=HALF_TERM).filter(
            __import__("polars").col("date") <= D(2026, 9, 30)
        ),
        tmp_path / "sep.csv", dob=True, groups=True,
    )  # fmt: skip
    code, _, err = run_cli(
        "la-return", sep, "--month", "2026-09", "-c", config, "-o", tmp_path / "sep-r.csv"
    )
    assert code == 0, err
    assert rows(tmp_path / "sep-r.csv")["sick LOWER"]["Status"] == "new"
    pupils["LOWER"] = days((1, P), (14, "I"), (20, P))
    oct_ = write_long_csv(
        register(pupils, start=D(2026, 9, 7), holidays=HALF_TERM),
        tmp_path / "oct.csv", dob=True, groups=True,
    )  # fmt: skip
    code, out, err = run_cli(
        "la-return", oct_, "--month", "2026-10", "-c", config, "-o", tmp_path / "oct-r.csv",
        width=300,
    )  # fmt: skip
    assert code == 0, err
    row = rows(tmp_path / "oct-r.csv")["sick LOWER"]
    assert (row["Status"], row["Illness sessions (year)"], row["Days since last return"]) == (
        "amended", "28", "-1",
    )  # fmt: skip
    assert "+-" not in out
    assert "-1 day since last return" in out


def test_a_correction_joining_two_reported_runs_does_not_say_one_is_gone(
    tmp_path: Path,
) -> None:
    """MERGE: N Thu 1 - Wed 14 Oct (d19-d28, 10 days), present Thu 15 Oct, N Fri 16 Oct -
    Fri 6 Nov (d30-d40: 6 + the half term + 5 = 11 days), then in school.  October's
    return lists run A new (01/10 to 14/10, 10 days, ended), November's run B new (16/10
    to 06/11, 11 days, ended).  December's export has Thu 15 Oct as N (a register
    correction): one run, 01/10 to 06/11, 17 + 5 = 22 school days.

    December's return listed it continuing (A grown: 22 days, +12) and B amended with
    "the register no longer shows it (a register correction)": false, the register shows
    every day of B, in the longer run; the LA reads B's 11 days as corrected away.  Now
    B's row says where its days are ("as part of the run 01/10/2026 to 06/11/2026, 22
    days, on its own row"), and still retires B: a return after it (--since, as of 18
    Dec) lists neither again."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    import polars as pl

    before = {"MERGE": days((18, P), (10, "N"), (1, P), (11, "N"), (30, P)), "OK": days((70, P))}
    after = {**before, "MERGE": days((18, P), (22, "N"), (30, P))}

    def month(pupils: dict[str, str], upto: dt.date, *args: str | Path) -> tuple[str, Path]:
        reg = register(pupils, start=D(2026, 9, 7), holidays=HALF_TERM)
        exp = write_long_csv(
            reg.filter(pl.col("date") <= upto), tmp_path / f"e{upto}.csv", dob=True, groups=True
        )
        out = tmp_path / f"r{upto}-{len(args)}.csv"
        code, text, err = run_cli("la-return", exp, *args, "-c", config, "-o", out, width=300)
        assert code == 0, err
        return text, out

    _, oct_ = month(before, D(2026, 10, 23), "--month", "2026-10")
    assert [(r["Status"], r["Absence began"], r["School days"]) for r in rows(oct_).values()] == [
        ("new", "01/10/2026", "10")
    ]
    _, nov = month(before, D(2026, 11, 30), "--month", "2026-11")
    assert [(r["Status"], r["Absence began"], r["School days"]) for r in rows(nov).values()] == [
        ("new", "16/10/2026", "11")
    ]
    text, dec = month(after, D(2026, 12, 18), "--month", "2026-12", "--as-of", "2026-12-11")
    with dec.open(encoding="utf-8-sig", newline="") as f:
        got = list(csv.DictReader(f))
    assert [(r["Status"], r["Absence began"], r["Last day of absence"], r["School days"],
             r["Days since last return"]) for r in got] == [
        ("continuing", "01/10/2026", "06/11/2026", "22", "12"),
        ("amended", "", "", "", ""),
    ]  # fmt: skip
    assert got[1]["Note"] == (
        "the return as of 30/11/2026 reported 16/10/2026 to 06/11/2026, 11 days; the "
        "register now shows those days as part of the run 01/10/2026 to 06/11/2026, 22 "
        "days, on its own row (a register correction)"
    )
    assert "no longer shows" not in " ".join(text.split())
    # retired: the next return lists neither run again
    _, since = month(after, D(2026, 12, 18), "--since")
    assert rows(since) == {}


def test_a_reported_run_a_backdated_leaving_date_takes_away_says_the_pupil_left(
    tmp_path: Path,
) -> None:
    """BACKD: in school to Fri 13 Nov (d45), then N from Mon 16 Nov (d46): November's
    return (as of Mon 30 Nov) lists the run new, 16/11 to 30/11, 11 days, still absent.
    December's export has no row for BACKD after Fri 13 Nov: the MIS took the pupil off
    roll with the leaving date backdated to their last day in school, so the register, as
    of 30 Nov, has no run.  December's return said only "the register no longer shows it
    (a register correction)", with no leaving date: the LA, told of a child missing 11
    days, heard the absence was corrected away, and not that the child was taken off roll
    (DOMAIN.md 6: the clearest missing-education case there is).  Now the row gives the
    leaving date and the note to check the deletion."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    import polars as pl

    def month(pupils: dict[str, str], upto: dt.date, label: str) -> dict[str, dict[str, str]]:
        reg = register(pupils, start=D(2026, 9, 7), holidays=HALF_TERM)
        exp = write_long_csv(
            reg.filter(pl.col("date") <= upto), tmp_path / f"e{upto}.csv", dob=True, groups=True
        )
        out = tmp_path / f"r{label}.csv"
        code, _, err = run_cli("la-return", exp, "--month", label, "-c", config, "-o", out)
        assert code == 0, err
        return rows(out)

    ok = days((70, P))
    nov = month({"BACKD": days((45, P), (15, "N"), (10, P)), "OK": ok}, D(2026, 11, 30), "2026-11")
    row = nov["cont BACKD"]
    assert (row["Status"], row["Absence began"], row["School days"], row["Still absent"]) == (
        "new", "16/11/2026", "11", "yes",
    )  # fmt: skip
    dec = month({"BACKD": days((45, P), (25, "!")), "OK": ok}, D(2026, 12, 18), "2026-12")
    row = dec["cont BACKD"]
    assert (row["Status"], row["Absence began"], row["Left the roll on"]) == (
        "amended", "", "13/11/2026",
    )  # fmt: skip
    assert row["Note"] == (
        "the return as of 30/11/2026 reported 16/11/2026 to 30/11/2026, 11 days; the register "
        "no longer shows it (a register correction); left the roll 13/11/2026, before the "
        "last day reported: check the deletion was lawful and the LA was told"
    )


def test_a_sickness_pupil_ended_as_off_roll_then_shown_on_roll_is_not_new_again(
    tmp_path: Path,
) -> None:
    """SICK: ill (I) Mon 7 - Fri 25 Sep (d1-d15: 30 sessions, 15 days), then in school.
    October's return (as of 23 Oct) lists them new; November's export has no row after
    Fri 13 Nov (off the roll), so November's return lists them ended, "left the roll
    13/11/2026".  December's export shows them in school every day to 18 Dec: the leaving
    was a mistake the MIS has corrected.  December's return listed them *new*, Last
    reported blank, no note: an episode the LA was told of in October reported as new
    again (DOMAIN.md 6).  Now: continuing, +0, Last reported 30/11/2026, and a note
    saying the last return listed them ended and the register now has them on roll then
    (a register correction)."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    import polars as pl

    def month(pupils: dict[str, str], upto: dt.date, label: str) -> dict[str, dict[str, str]]:
        reg = register(pupils, start=D(2026, 9, 7), holidays=HALF_TERM)
        exp = write_long_csv(
            reg.filter(pl.col("date") <= upto), tmp_path / f"e{upto}.csv", dob=True, groups=True
        )
        out = tmp_path / f"r{label}.csv"
        code, _, err = run_cli("la-return", exp, "--month", label, "-c", config, "-o", out)
        assert code == 0, err
        return rows(out)

    ok = days((70, P))
    left = {"SICK": days((15, "I"), (30, P), (25, "!")), "OK": ok}
    stayed = {"SICK": days((15, "I"), (55, P)), "OK": ok}

    def got(r: dict[str, str]) -> tuple[str, ...]:
        return (r["Status"], r["Illness sessions (year)"], r["Days since last return"],
                r["Left the roll on"], r["Last reported"])  # fmt: skip

    assert got(month(left, D(2026, 10, 23), "2026-10")["sick SICK"]) == (
        "new", "30", "", "", "",
    )  # fmt: skip
    nov = month(left, D(2026, 11, 30), "2026-11")["sick SICK"]
    assert got(nov) == ("ended", "30", "0", "13/11/2026", "23/10/2026")
    dec = month(stayed, D(2026, 12, 18), "2026-12")["sick SICK"]
    assert got(dec) == ("continuing", "30", "0", "", "30/11/2026")
    assert dec["Note"] == (
        "the return as of 30/11/2026 listed them ended (off the roll, or not in the "
        "exports); the register now shows them on roll on that date (a register correction)"
    )


def test_the_count_of_pupils_counts_a_pupil_with_two_runs_once(tmp_path: Path) -> None:
    """TWICE: N Mon 2 - Fri 13 Nov (d36-d45, 10 days), in school Mon 16 Nov, N Tue 17 -
    Mon 30 Nov (d47-d56, 10 days): two runs of 10 school days, two rows of November's
    return.  ONCE: N Mon 16 - Fri 27 Nov (d46-d55, 10 days).  The unauthorised list is 2
    pupils in 3 rows; the header (terminal and the file's block) said "3 pupils: 3 new"."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    reg = register(
        {
            "TWICE": days((35, P), (10, "N"), (1, P), (10, "N")),
            "ONCE": days((45, P), (10, "N"), (1, P)),
        },
        start=D(2026, 9, 7),
        holidays=HALF_TERM,
    )
    export = write_long_csv(reg, tmp_path / "nov.csv", dob=True, groups=True)
    xlsx = tmp_path / "nov.xlsx"
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-11", "-c", config, "-o", xlsx, width=200
    )
    assert code == 0, err
    assert "10+ school days in a row: 2 pupils (3 rows): 3 new" in out
    from openpyxl import load_workbook

    block = {r[0]: r[1] for r in load_workbook(xlsx).active.iter_rows(values_only=True) if r}
    assert block["Unauthorised absence, 10+ school days in a row"] == "2 pupils (3 rows): 3 new"
    assert block["Illness, 15+ school days this school year"] == "0 pupils"


def test_a_sickness_pupil_a_correction_puts_over_the_threshold_earlier_says_so(
    tmp_path: Path,
) -> None:
    """LATE: N in the morning and ill (I) in the afternoon Mon 7 - Fri 25 Sep (d1-d15):
    15 illness sessions, no run (a day with an N session is not a day of illness), no
    run of unexplained absence (an authorised session breaks it).  October's and
    November's returns do not list them.  December's export has the 15 mornings as I (the
    reason established): 30 sessions, a 15-day run, all in September.  December lists
    them new (right: the LA was never told), but said nothing of why a September illness
    comes now, as a run of unauthorised absence a correction brings in does ("not on the
    return as of ..., though the register now shows it had 10 days by then (a register
    correction)").  Now the sickness row says the same."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    import polars as pl

    def month(pupils: dict[str, str], upto: dt.date, label: str) -> dict[str, dict[str, str]]:
        reg = register(pupils, start=D(2026, 9, 7), holidays=HALF_TERM)
        exp = write_long_csv(
            reg.filter(pl.col("date") <= upto), tmp_path / f"e{upto}.csv", dob=True, groups=True
        )
        out = tmp_path / f"r{label}.csv"
        code, _, err = run_cli("la-return", exp, "--month", label, "-c", config, "-o", out)
        assert code == 0, err
        return rows(out)

    ok = days((70, P))
    before = {"LATE": days((15, "NI"), (55, P)), "OK": ok}
    assert month(before, D(2026, 10, 23), "2026-10") == {}
    assert month(before, D(2026, 11, 30), "2026-11") == {}
    dec = month({"LATE": days((15, "I"), (55, P)), "OK": ok}, D(2026, 12, 18), "2026-12")
    row = dec["sick LATE"]
    assert (row["Status"], row["Illness sessions (year)"], row["Longest illness (days)"]) == (
        "new", "30", "15",
    )  # fmt: skip
    assert row["Note"] == (
        "not on the return as of 30/11/2026, though the register now shows 30 illness "
        "sessions (longest run of illness 15 school days) by then (a register correction)"
    )


def test_august_s_return_is_said_to_fall_in_the_summer_holiday(tmp_path: Path) -> None:
    """The config's term dates end the school year on Fri 23 Jul 2027 (Summer 2), and the
    export runs to that day. `la-return --month 2027-08` said "the exports end 23/07/2027,
    before August 2027 starts: give exports that reach into August 2027", which no MIS can
    give: August has no school day. It now says so, and which return is the year's last.
    Without term dates attcli cannot know, and says what it said."""
    summer = (
        '\n[[calendar.half_terms]]\nname = "Summer 2"\nstart = 2027-06-07\nend = 2027-07-23\n'
    )
    config = make_workspace(tmp_path / "school", summer)
    reg = register({"A": days((35, P))}, start=D(2027, 6, 7))
    export = write_long_csv(reg, tmp_path / "july.csv", dob=True, groups=True)
    code, _, err = run_cli("la-return", export, "--month", "2027-08", "-c", config, width=200)
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: August 2027 is in the summer holiday (the term dates' last half term of "
        "2026/27 ends 23/07/2027): no return is due for it; the year's last is July's "
        "(--month 2027-07)"
    )
    # without term dates attcli cannot know August is a holiday: refused as before
    bare = make_workspace(tmp_path / "bare", "")
    code, _, err = run_cli("la-return", export, "--month", "2027-08", "-c", bare, width=200)
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: the exports end 23/07/2027, before August 2027 starts: give exports that "
        "reach into August 2027"
    )


def test_a_skipped_month_is_said(tmp_path: Path) -> None:
    """September's return is made (as of Wed 30 Sep), October's never, then November's.
    RUN: N Thu 1 - Fri 16 Oct (d19-d30, 12 school days), back Mon 19 Oct: a run October's
    return would have listed, listed new in November's (compared with September's). The
    return said only "Compared with the return as of 30/09/2026 (September 2026)"; the LA
    is not told it now covers October too. One line says so; a month in the summer holiday
    is never one skipped."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    pupils = {"RUN": days((18, P), (12, "N"), (26, P)), "OK": days((56, P))}
    reg = register(pupils, start=D(2026, 9, 7), holidays=HALF_TERM)
    sep = write_long_csv(reg.filter(reg["date"] <= D(2026, 9, 30)), tmp_path / "sep.csv",
                         dob=True, groups=True)  # fmt: skip
    nov = write_long_csv(reg, tmp_path / "nov.csv", dob=True, groups=True)
    code, _, err = run_cli("la-return", sep, "--month", "2026-09", "-c", config,
                           "-o", tmp_path / "sep.xlsx", width=200)  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("la-return", nov, "--month", "2026-11", "-c", config,
                             "-o", tmp_path / "nov-return.csv", width=200)  # fmt: skip
    assert code == 0, err
    (run,) = [r for k, r in rows(tmp_path / "nov-return.csv").items() if k.endswith(" RUN")]
    assert (run["Status"], run["Absence began"], run["School days"]) == ("new", "01/10/2026", "12")
    said = (
        "no return on record for October 2026, between the return as of 30/09/2026 "
        "(September 2026) and this one: this return lists what it would have listed as "
        "well; tell the LA it covers October 2026 too"
    )
    assert said in " ".join(err.split()), err
    # December's, November's on record: no month skipped, nothing said
    code, _, err = run_cli("la-return", nov, "--month", "2026-12", "--as-of", "2026-12-01",
                           "-c", config, "-o", tmp_path / "dec.csv", width=200)  # fmt: skip
    assert "no return on record for" not in err
