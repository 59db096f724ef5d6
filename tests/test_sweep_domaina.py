"""DOMAIN.md sections 1 to 5 (codes, measures, bands, lateness, the penalty-notice
threshold) against what attcli computes and says, worked out by hand (sweep of 4 December,
domaina)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, school_days, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date


# ------------------------------------------ a third notice, the first issued on 29 February
# P: G all day on 21-25 Feb, 13-17 Mar and 17-21 Apr 2028 (10 sessions each week), else
# present, from Mon 3 Jan 2028 (no holidays: the half terms are inferred).  Notice 1 to
# Mrs ParP (contact CP) issued Tue 29/02/2028 (a leap day) on the window as of 25/02;
# notice 2 on 24/03/2028 on the window as of 17/03.  As of 21/04 the window holds 17-21
# Apr's 10: the pack would be a third notice within 3 years of the first, refused with
# the day the first stops counting: 3 years after 29/02/2028 is 01/03/2031 (store.add_years,
# the rule's own), from which it no longer counts.


def _leap_school(tmp_path: Path) -> tuple[Path, Path, Path]:
    start = D(2028, 1, 3)
    days = school_days(start, 90)
    g_weeks = [(D(2028, 2, 21), D(2028, 2, 25)), (D(2028, 3, 13), D(2028, 3, 17)),
               (D(2028, 4, 17), D(2028, 4, 21))]  # fmt: skip
    marks = ["G" if any(a <= d <= b for a, b in g_weeks) else "/\\" for d in days]
    reg = register({"P": " ".join(marks), "OK": " ".join(["/\\"] * len(days))}, start=start)
    cfg = make_workspace(tmp_path)
    csv = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Par", "EntP"),
                                                         ("OK", "COK", "Mr", "Ok", "Ent")])  # fmt: skip
    return cfg, csv, contacts


def test_a_third_notice_pack_when_the_first_was_issued_on_29_february(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTCLI_TODAY", "2028-06-01")
    cfg, csv, contacts = _leap_school(tmp_path)
    for issued, as_of in (("2028-02-29", "2028-02-25"), ("2028-03-24", "2028-03-17")):
        code, _, err = run_cli("pn", "record", "P", csv, "-c", cfg, "--parent", "CP",
                               "--date", issued, "--as-of", as_of, "--contacts", contacts)  # fmt: skip
        assert code == 0, err
    code, out, err = run_cli("evidence", "P", csv, "-c", cfg, "--for", "penalty-notice",
                             "--contacts", contacts, "--as-of", "2028-04-21", "--draft",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    pack = json.loads(out)
    third = [p for p in pack["problems"] if "third notice" in p]
    assert len(third) == 1, pack["problems"]
    assert "29/02/2028, 24/03/2028" in third[0]
    assert "the first no longer counts from 01/03/2031" in third[0]


# ------------------------------------------------ lates of a half term the exports start in
# Autumn 2 began on Mon 2 Nov 2026 (term dates in the config); the exports hold Mon 16 to
# Fri 27 Nov only.  L3 is late on 16, 17 and 18 Nov (3 lates seen: not flagged), L4 on 16
# to 19 Nov (4: flagged).  DOMAIN.md 4 counts lates per half term: the 10 school days 2-13
# Nov are in no export, so L3 may have 4 or more; the count is of the days the exports
# hold, and one line says so (as the short penalty-notice window's line does), whether the
# period is the year (the INCOMPLETE line says the figures are the exports') or --from.


def _late_start(tmp_path: Path) -> tuple[Path, Path]:
    from school import AUTUMN_HALF_TERMS

    present = " ".join(["/\\"] * 10)
    reg = register(
        {
            "L3": "L\\ L\\ L\\ " + " ".join(["/\\"] * 7),
            "L4": "L\\ L\\ L\\ L\\ " + " ".join(["/\\"] * 6),
            "OK": present,
        },
        start=D(2026, 11, 16),
    )
    cfg = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    return cfg, write_long_csv(reg, tmp_path / "reg.csv", dob=True)


LATES_LINE = (
    "lateness: the exports hold no register for 10 school days of Autumn 2 up to 27/11/2026 "
    "(02/11/2026 to 13/11/2026): late arrivals on them are not counted, so a pupil under 4 "
    "lates may have 4 or more; give the exports of those days to count the whole half term"
)


def test_lates_of_a_half_term_the_exports_start_in_say_the_days_not_counted(tmp_path):
    cfg, csv = _late_start(tmp_path)
    for more in ((), ("--from", "2026-11-16")):
        code, out, err = run_cli("check", csv, "-c", cfg, "--format", "json", *more)
        assert code == 0, err
        doc = json.loads(out)
        lates = {p["upn"]: (p["lates_half_term"], p["lates_flag"]) for p in doc["pupils"]}
        assert lates == {"L3": (3, False), "L4": (4, True), "OK": (0, False)}
        assert LATES_LINE in doc["warnings"]
    # exports from the half term's first day: nothing to say
    full = tmp_path / "full"
    full.mkdir()
    days = school_days(D(2026, 11, 2), 20)
    reg = register({"L3": " ".join(["L\\"] * 3 + ["/\\"] * 17), "OK": " ".join(["/\\"] * 20)},
                   start=D(2026, 11, 2))  # fmt: skip
    assert days[-1] == D(2026, 11, 27)
    from school import AUTUMN_HALF_TERMS

    cfg2 = make_workspace(full, AUTUMN_HALF_TERMS)
    csv2 = write_long_csv(reg, full / "reg.csv", dob=True)
    code, out, err = run_cli("check", csv2, "-c", cfg2, "--from", "2026-11-02", "--format", "json")
    assert code == 0, err
    assert not [w for w in json.loads(out)["warnings"] if w.startswith("lateness:")]


# --------------------------------------------- one late arrival, one lesson: said as one
# Lessons per session are the school's (DOMAIN.md 2, seed 001), 1 in a morning a school's
# choice; the lateness threshold is the school's (DOMAIN.md 4), 1 a school's choice.  ONE
# is late on one morning of 40 days (80 sessions, as of Fri 30 Oct 2026): the lateness
# letter said "arrived late to school 1 times" and "counts 1 lessons in a morning".


def test_a_lateness_letter_of_one_late_arrival_and_one_lesson_a_morning_reads_as_one(tmp_path):
    from attcli.config import parse_config
    from attcli.letters import run_letters
    from test_letters import CONFIG, FONTS, contacts_for, html_text

    text = CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="")
    text = text.replace("am = 3", "am = 1") + "\n[lateness]\nthreshold = 1\n"
    cfg = parse_config(text)
    reg = register({"ONE": "L/ " + "/ " * 39})
    r = run_letters(
        [], cfg, register=reg, contacts=contacts_for(["ONE"], tmp_path),
        out_dir=tmp_path / "o", letter_date=D(2026, 10, 30),
    )  # fmt: skip
    assert [(x.upn, x.template) for x in r.letters] == [("ONE", "lateness")]
    said = html_text(tmp_path / "o" / r.letters[0].html_file)
    assert "has arrived late to school 1 time this half term" in said
    assert "Lessons missed counts 1 lesson in a morning and 2 in an afternoon." in said


# ------------------------------ a band drawn above the line its shipped letter says it is
# DOMAIN.md 3: the bands, their lines and each band's letter are the school's.  attcli's
# red letter tells parents the child is persistently absent (absence of 10 % or more:
# attendance at or below 90 %), its severe letter that half or more of school was missed.
# A school writing to everyone under 95 % (seed 001) with one band, "concern" (above 50 %,
# the red letter): R93 at 74 of 80 sessions (92.5 %) was sent "Attendance at this level is
# defined by the Department for Education as persistent absence": untrue.  The run is
# refused in one line before any letter is made; the school's own red.html (its own words)
# is its own to word.


BANDS_95 = """
[[bands]]
name = "green"
at_least = 95

[[bands]]
name = "concern"
above = {line}
letter = "{letter}"

[[bands]]
name = "worst"
letter = "{last}"
"""


def test_a_band_above_the_line_its_shipped_letter_states_is_refused(tmp_path):
    import pytest

    from attcli.config import parse_config
    from attcli.errors import AttcliError
    from attcli.letters import run_letters
    from test_letters import CONFIG, FONTS, contacts_for

    reg = register({"R93": "/ " * 37 + "O O O"})  # 74 of 80 sessions: 92.5 %

    def run(bands: str, folder: str = "o", extra: str = "") -> object:
        text = CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra=extra)
        return run_letters(
            [], parse_config(text + bands), register=reg,
            contacts=contacts_for(["R93"], tmp_path), out_dir=tmp_path / folder,
            letter_date=D(2026, 10, 30),
        )  # fmt: skip

    with pytest.raises(AttcliError) as red:
        run(BANDS_95.format(line=50, letter="red", last="severe"))
    assert str(red.value) == (
        "band 'concern' (above 50 % and below 95 %) sends attcli's red letter, which tells "
        "parents their child is persistently absent (attendance of 90 % or less), but the "
        "band holds attendance up to 95 %: give it another letter (amber), draw the line "
        "above it at 90 % or below, or put your own red.html in [letters] templates"
    )
    assert not (tmp_path / "o").exists()  # nothing made
    with pytest.raises(AttcliError) as severe:
        run(BANDS_95.format(line=90, letter="amber", last="severe"))
    assert "band 'worst' (90 % or less) sends attcli's severe letter" in str(severe.value)
    assert "their child has missed half or more of school (attendance of 50 % or less)" in str(
        severe.value
    )
    # the line at 90 % (red holds 90.0 % and below) is right, and so is a school's own words
    r = run(BANDS_95.format(line=90, letter="amber", last="red"), "ok")
    assert [(x.upn, x.template) for x in r.letters] == [("R93", "amber")]
    own = tmp_path / "own"
    own.mkdir()
    (own / "red.html").write_text("<h1>{{ pupil.name }}</h1><p>Below 95 %.</p>", encoding="utf-8")
    r = run(BANDS_95.format(line=50, letter="red", last="severe"), "own-out",
            extra=f'templates = "{own}"')  # fmt: skip
    assert [(x.upn, x.template) for x in r.letters] == [("R93", "red")]


# ------------------------------------------- a register's figure just under half, as read
# The load's warning on a register "under half" attended gave the figure to one decimal by
# Python's format: 999 of 2,000 sessions (49.95 %) read "only 50.0% ... no whole school's
# register is under half", the figure on the line it is said to be under.  It follows the
# one rule for a percentage a person reads (docs/decisions.md, "Percentages people read"):
# never onto a line it is not on.  20 pupils, 50 days: 19 attend every morning only (50 of
# 100 each), one 49 mornings: 999 of 2,000.


def test_the_under_half_warning_never_reads_half(tmp_path):
    from attcli.loaders import load_registers

    half = " ".join(["/O"] * 50)
    marks = {f"K{i:012d}": half for i in range(19)}
    marks["K000000000019"] = " ".join(["/O"] * 49 + ["OO"])
    path = write_long_csv(register(marks), tmp_path / "half.csv")
    said = [w for w in load_registers([path]).warnings if "of the possible sessions" in w]
    assert said == [
        f"{path}: attended sessions are only 49.95% of the possible sessions (999 of 2000): "
        "no whole school's register is under half; if this is an absence report (absences "
        "and lates), export the full attendance marks (every session of every pupil)"
    ]


# ------------------------------------------------- a window of one school week, said as one
# The exports begin on Mon 7 Sep 2026 and end on Fri 11 Sep: the penalty-notice window as of
# the Friday holds the one school week they have (DOMAIN.md 5; the earlier weeks are said
# to be missing).  G5, G every session (10): "10 unauthorised sessions in the 1 school
# weeks", in the check's reason and the warning letter; now "the 1 school week".


def test_a_penalty_notice_window_of_one_school_week_reads_as_one(tmp_path):
    from attcli.config import parse_config
    from attcli.letters import run_letters
    from test_letters import CONFIG, FONTS, contacts_for, html_text

    reg = register({"G5": "G G G G G", "OK": " ".join(["/\\"] * 5)},
                   dob={"G5": D(2014, 10, 1), "OK": D(2014, 10, 1)})  # fmt: skip
    cfg = make_workspace(tmp_path)
    csv = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    code, out, err = run_cli("check", csv, "-c", cfg, "--format", "json")
    assert code == 0, err
    (g5,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "G5"]
    assert g5["reasons"]["pn"].startswith(
        "10 unauthorised sessions in the 1 school week 07/09/2026 to 11/09/2026 (first met "
        "11/09/2026)"
    )
    text = CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="")
    r = run_letters(
        [], parse_config(text), register=reg, contacts=contacts_for(["G5", "OK"], tmp_path),
        out_dir=tmp_path / "o", letter_date=D(2026, 9, 11), only=["penalty_notice_warning"],
    )  # fmt: skip
    assert [(x.upn, x.template) for x in r.letters] == [("G5", "penalty_notice_warning")]
    said = html_text(tmp_path / "o" / r.letters[0].html_file)
    assert "10 sessions of unauthorised absence in the 1 school week from 7 September 2026" in said


def test_a_school_flagging_one_late_reads_one_late(tmp_path):
    """``[lateness] threshold = 1`` (a school's choice, DOMAIN.md 4): the check's reason for
    one late said "1 lates in Autumn 1"; now "1 late in Autumn 1: 07/09 AM"."""
    from school import AUTUMN_HALF_TERMS

    reg = register({"ONE": "L\\ " + " ".join(["/\\"] * 9), "OK": " ".join(["/\\"] * 10)})
    cfg = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    cfg.write_text(cfg.read_text().replace("threshold = 4", "threshold = 1", 1))
    csv = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    code, out, err = run_cli("check", csv, "-c", cfg, "--format", "json")
    assert code == 0, err
    (one,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "ONE"]
    assert one["reasons"]["lates"] == "1 late in Autumn 1: 07/09 AM"


# ------------------------------------- "can miss N more this year" from a later --from period
# "Sessions the pupil can still miss" (DOMAIN.md 2, 3) is the year's: none is given for a
# period that is not the school year (docs/decisions.md, `--from` a day after the year's
# first school day).  attcli judged that by the register's own days only, so exports that
# begin later (after Easter), read `--from` their first day, passed for the year: R, 54 of
# 64 sessions from 13 Apr 2026 (84.4 %, red over the period), "can miss all 30 sessions
# left this year and stay red", of a year whose autumn and spring it never saw.  The year
# began by 8 September (no term dates for it), so a period from 13 April is not the year;
# it is the year to date of a pupil who joined after it began.


#: The summer term 2026 as a config gives it, and its days off: the early May bank holiday
#: and the half term (the tests of exports that begin with it, from Mon 13 Apr)
SUMMER_2026 = """
[[calendar.half_terms]]
name = "Summer 1"
start = 2026-04-13
end = 2026-05-22

[[calendar.half_terms]]
name = "Summer 2"
start = 2026-06-01
end = 2026-07-17
"""
SUMMER_2026_HOLIDAYS = [D(2026, 5, 4)] + [D(2026, 5, 25) + dt.timedelta(days=i) for i in range(5)]


def test_no_sessions_left_to_miss_for_a_later_period_the_exports_begin_with(tmp_path):
    from school import AUTUMN_HALF_TERMS

    summer, holidays = SUMMER_2026, SUMMER_2026_HOLIDAYS
    n = len([d for d in school_days(D(2026, 4, 13), 60, holidays) if d <= D(2026, 6, 26)])
    assert n == 49  # 13 Apr to 26 Jun, less the bank holiday and half term
    r = " ".join(["/\\"] * 44 + ["O"] * 5)  # 88 of 98: 89.8 %, red
    # J joins on Mon 20 Apr (blank cells before): the period holds J's whole year to date, 88
    # of 88, green; 30 sessions left (29 Jun to 17 Jul): (118 - k) * 100 >= 92 * 118, k = 9
    j = " ".join(["_"] * 5 + ["/\\"] * (n - 5))
    reg = register({"R": r, "J": j, "OK": " ".join(["/\\"] * n)}, start=D(2026, 4, 13),
                   holidays=holidays)  # fmt: skip
    cfg = make_workspace(tmp_path, summer)
    csv = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    code, out, err = run_cli("check", csv, "-c", cfg, "--from", "2026-04-13", "--format", "json")
    assert code == 0, err
    (p,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "R"]
    assert (p["attended"], p["possible"], p["band"]) == (88, 98, "red")
    assert p["can_miss_sessions"] is None
    assert p["reasons"]["band:red"] == "89.8% (88 of 98 sessions); 0 authorised, 10 unauthorised absences"
    (j,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "J"]
    assert (j["attended"], j["possible"], j["band"], j["can_miss_sessions"]) == (88, 88, "green", 9)
    # exports from the year's first school day, --from it: the year, and the number given
    autumn = tmp_path / "autumn"
    autumn.mkdir()
    reg = register({"R": " ".join(["/\\"] * 15 + ["O"] * 5), "OK": " ".join(["/\\"] * 20)})
    cfg = make_workspace(autumn, AUTUMN_HALF_TERMS)
    csv = write_long_csv(reg, autumn / "reg.csv", dob=True)
    code, out, err = run_cli("check", csv, "-c", cfg, "--from", "2026-09-07", "--format", "json")
    assert code == 0, err
    (p,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "R"]
    assert (p["band"], p["can_miss_sessions"] is not None) == ("red", True)


# ------------------------------------------ a penalty-notice pack for a pupil who joined late
# Exports from Mon 13 Apr 2026 (summer term dates in the config; the school year began in
# September).  J joined on Wed 6 May (the pupil list's admission date, blank cells before)
# and has 10 unauthorised sessions (G, U, O) by Fri 26 Jun: the threshold, first met 25
# Jun.  The pack was refused: "no register from 01/09/2025 to 10/04/2026 ...: the pack's
# figures for the school year are not complete; export those dates", of months before J
# was on the school's roll (DOMAIN.md 1: the list's dates decide the time on roll).  With
# the list the pack is complete; without it, a first mark says nothing of the months
# before the exports, and the pack is refused as before.


def test_a_pack_for_a_pupil_who_joined_after_the_exports_began_needs_no_earlier_export(
    tmp_path, monkeypatch
):
    from attcli.calendar import academic_year_start

    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-01")
    summer, holidays = SUMMER_2026, SUMMER_2026_HOLIDAYS
    days = [d for d in school_days(D(2026, 4, 13), 60, holidays) if d <= D(2026, 6, 26)]
    away = {D(2026, 5, 7): "G/", D(2026, 5, 8): "UU", D(2026, 5, 20): "OO", D(2026, 5, 21): "GG",
            D(2026, 6, 2): "/U", D(2026, 6, 24): "O\\", D(2026, 6, 25): "O\\"}  # fmt: skip
    j = " ".join("_" if d < D(2026, 5, 6) else away.get(d, "/\\") for d in days)
    reg = register({"J": j, "OK": " ".join(["/\\"] * len(days))}, start=D(2026, 4, 13),
                   holidays=holidays)  # fmt: skip
    assert academic_year_start(days[0]) == D(2025, 9, 1)
    cfg = make_workspace(tmp_path, summer)
    csv = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    contacts = contacts_file(tmp_path / "contacts.csv", [("J", "CJ", "Mrs", "Par", "EntJ"),
                                                         ("OK", "COK", "Mr", "Ok", "Ent")])  # fmt: skip
    listed = tmp_path / "pupils.csv"
    listed.write_text("UPN,Surname,Forename,Admission Date\nJ,SurnameJ,ForenameJ,06/05/2026\n"
                      "OK,SurnameOK,ForenameOK,13/04/2026\n", encoding="utf-8")  # fmt: skip
    args = ("evidence", "J", csv, "-c", cfg, "--for", "penalty-notice", "--contacts", contacts,
            "--as-of", "2026-06-26", "--format", "json")  # fmt: skip
    code, out, err = run_cli(*args, "--pupils", listed)
    assert code == 0, err
    pack = json.loads(out)
    assert (pack["complete"], pack["problems"]) == (True, [])
    assert (pack["window"]["start"], pack["window"]["end"], pack["window"]["first_met"]) == (
        "2026-04-13", "2026-06-26", "2026-06-25")
    assert len(pack["window"]["unauthorised_sessions"]) == 10
    code, out, err = run_cli(*args, "--draft")  # no pupil list: the months before unknown
    assert code == 0, err
    assert any("01/09/2025" in p for p in json.loads(out)["problems"])
