"""Compulsory school age at its boundaries, in every command (DOMAIN.md 5): a sweep of
hand-built registers worked out by hand.

A pupil is of compulsory school age from the prescribed day (31 December, 31 March or
31 August) on or after their 5th birthday until the last Friday in June of the school
year in which they turn 16; only sessions while of it count toward the penalty-notice
threshold, and a pupil not of it is never quoted a notice or a fine.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

# ------------------------------------------------ a date of birth corrected in a later export
# Autumn's export (Mon 07/09 - Fri 18/12/2026) gives PIA born 01/09/2021; spring's (from Mon
# 04/01/2027) gives 31/08/2021: the MIS corrected it.  The loader says "the latest is used,
# and compulsory school age follows it".  Born 31/08/2021: 5 on Mon 31/08/2026, itself a
# prescribed day, so of compulsory school age from 31/08/2026 (born 01/09/2021 it would be
# from 31/12/2026).  Autumn: 12 weeks present (07/09 - 27/11), G at every session of
# 30/11 - 11/12 (20 sessions), present 14/12 - 18/12.  As of Fri 11/12/2026 the window (the
# 10 school weeks 05/10 - 11/12) holds 20 G, all while of compulsory school age: met, first
# on Fri 04/12/2026 (the 10th, 04/12 PM).  attcli used the date of birth the rows up to the
# as-of date gave (01/09/2021): "NOT of compulsory school age", 0 sessions, no flag, while
# the same check as of 29/01/2027 said the threshold was first met on 04/12/2026.
# QUI, born 01/09/2021 in both exports, is the control: of age from 31/12/2026, so none of
# his G counts on either date.

PIA, QUI = "PIA", "QUI"
AUTUMN = "/ " * 60 + "G " * 10 + "/ " * 5
SPRING = "/ " * 20


def _corrected_birth(tmp: Path) -> tuple[Path, Path, Path]:
    first, second = dt.date(2021, 9, 1), dt.date(2021, 8, 31)
    autumn = register({PIA: AUTUMN, QUI: AUTUMN}, start=dt.date(2026, 9, 7),
                      dob={PIA: first, QUI: first}, year_group="R")  # fmt: skip
    spring = register({PIA: SPRING, QUI: SPRING}, start=dt.date(2027, 1, 4),
                      dob={PIA: second, QUI: first}, year_group="R")  # fmt: skip
    return (
        make_workspace(tmp / "school"),
        write_long_csv(autumn, tmp / "autumn.csv", dob=True, groups=True),
        write_long_csv(spring, tmp / "spring.csv", dob=True, groups=True),
    )


def test_a_corrected_date_of_birth_is_the_pupil_s_on_every_as_of_date(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2027-01-29")
    ws, autumn, spring = _corrected_birth(tmp_path)
    for as_of in ("2026-12-11", "2027-01-29"):
        code, out, err = run_cli("check", autumn, spring, "-c", ws, "--as-of", as_of, "-f", "json")
        assert code == 0, err
        assert "date of birth differs between rows (the latest is used" in err
        rows = {p["upn"]: p for p in json.loads(out)["pupils"]}
        pia, qui = rows[PIA], rows[QUI]
        assert pia["dob"] == "2021-08-31", as_of
        assert (pia["compulsory_school_age"], pia["pn_threshold_met"], pia["pn_first_met"]) == (
            True, True, "2026-12-04"
        ), as_of  # fmt: skip
        assert "pn" in pia["groups"]
        assert (qui["pn_window_sessions"], qui["pn_threshold_met"]) == (0, False), as_of
    # the window as of 11/12/2026: 20 G, every one counted
    code, out, _ = run_cli("check", autumn, spring, "-c", ws, "--as-of", "2026-12-11", "-f", "json")
    assert {p["upn"]: p["pn_window_sessions"] for p in json.loads(out)["pupils"]}[PIA] == 20


# ------------------------------------------- the last Friday in June 2027, on the ladder
# The school year 2026/27 from Thu 03/09/2026 to Fri 02/07/2027 (holidays 26-30/10,
# 21/12-01/01, 15-19/02, 29/03-09/04, 31/05-04/06), every pupil present but for G at every
# session of Mon 21/06 - Fri 25/06/2027 (10) and Mon 28/06/2027 (2).  30/06/2027 is a
# Wednesday, so the last Friday in June 2027 is 25/06/2027.
#   FAY born 01/09/2010: 16 on 01/09/2026, in 2026/27: of age to Fri 25/06/2027.
#   HAL born 31/08/2011: 16 on 31/08/2027, in 2026/27 too: to 25/06/2027.
#   GUY born 31/08/2010: 16 on 31/08/2026, in 2025/26: to 26/06/2026 (Year 12 now).
#   KAY born 01/09/2011: 16 in 2027/28: to 30/06/2028.
#   EVE: no date of birth.
# As of Fri 25/06/2027 the window (12/04 - 25/06) holds 10 G for each: FAY, HAL, KAY and
# EVE (age unknown: every session counts) are at the threshold; GUY's count none.

FAY, HAL, GUY, KAY, EVE = "FAY", "HAL", "GUY", "KAY", "EVE"
BORN = {FAY: dt.date(2010, 9, 1), HAL: dt.date(2011, 8, 31), GUY: dt.date(2010, 8, 31),
        KAY: dt.date(2011, 9, 1), EVE: None}  # fmt: skip
PN_LADDER = """
[escalation]

[[escalation.stages]]
name = "pn_warning"
title = "Penalty-notice warning"
action = "letter"
template = "penalty_notice_warning"
when_flag = "pn"
weeks = 2
"""


def _days(first: dt.date, n: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(n)]


HOLIDAYS = (_days(dt.date(2026, 10, 26), 5) + _days(dt.date(2026, 12, 21), 12)
            + _days(dt.date(2027, 2, 15), 5) + _days(dt.date(2027, 3, 29), 12)
            + _days(dt.date(2027, 5, 31), 5))  # fmt: skip


def _year_export(tmp: Path) -> Path:
    from builders import school_days

    start, end = dt.date(2026, 9, 3), dt.date(2027, 7, 2)
    days = [d for d in school_days(start, 220, HOLIDAYS) if d <= end]
    g = set(_days(dt.date(2027, 6, 21), 5)) | {dt.date(2027, 6, 28)}
    marks = " ".join("G" if d in g else "/" for d in days)
    reg = register({u: marks for u in BORN}, start=start, holidays=HOLIDAYS,
                   dob={u: b or dt.date(1900, 1, 1) for u, b in BORN.items()},
                   year_group="11")  # fmt: skip
    path = write_long_csv(reg, tmp / "year.csv", dob=True, groups=True)
    path.write_text(path.read_text(encoding="utf-8").replace("01/01/1900", ""), encoding="utf-8")
    return path


def _cases(ws: Path, export: Path, as_of: str) -> dict:
    code, out, err = run_cli("cases", export, "-c", ws, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_the_ladder_holds_a_penalty_notice_warning_for_a_pupil_with_no_date_of_birth(
    tmp_path, monkeypatch
) -> None:
    """`attcli letters` puts EVE's warning "for a person to decide" (no date of birth: is
    the pupil of compulsory school age?); `attcli cases` listed the same step among the
    letters to send, as if the age were known.  It is held for review, in those words."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-06-28")
    ws = make_workspace(tmp_path / "school", PN_LADDER)
    export = _year_export(tmp_path)
    cases = {c["upn"]: c for c in _cases(ws, export, "2027-06-25")["cases"]}
    assert sorted(cases) == [EVE, FAY, HAL, KAY]
    assert {u: c["due_stage"] for u, c in cases.items()} == dict.fromkeys(cases, "pn_warning")
    assert "no date of birth: is the pupil of compulsory school age?" in cases[EVE]["held"]
    assert [u for u, c in cases.items() if c["held"]] == [EVE]
    # GUY (Year 12) is known not to be of age: a step reaching the warning by another path
    # (after a stage, on a figure) is held too, by the same rule
    from attcli.absence import HoldRule
    from attcli.check import check_register
    from attcli.config import parse_config
    from attcli.letter_settings import PN_WARNING
    from attcli.loaders import load_registers

    ev = check_register(load_registers([export]).register, parse_config(PN_LADDER),
                        as_of=dt.date(2027, 6, 25)).evaluation  # fmt: skip
    rule = HoldRule.of(ev, ("I",), Fraction(50), (PN_WARNING,))
    assert rule.reasons(("", GUY), "green", PN_WARNING) == [
        "not of compulsory school age: no penalty notice"
    ]
    assert rule.reasons(("", EVE), "green", PN_WARNING) == [
        "no date of birth: is the pupil of compulsory school age?"
    ]
    assert rule.reasons(("", KAY), "green", PN_WARNING) == []
    assert rule.reasons(("", GUY), "green", "red") == []


def test_a_warning_no_longer_due_because_the_age_ended_says_so(tmp_path, monkeypatch) -> None:
    """As of Fri 25/06/2027 FAY and HAL are due the warning; as of Mon 28/06/2027 they are
    no longer of compulsory school age (it ended on 25/06/2027), their window still holding
    the 10 G of 21/06 - 25/06.  cases said "No longer due ..., the figure back over the
    line: pn_warning, 2 pupils: SurnameFAY, ForenameFAY 96.6%": no figure crossed a line,
    and 96.6% is not the warning's.  The reason is the age, said with its dates."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-06-28")
    ws = make_workspace(tmp_path / "school", PN_LADDER)
    export = _year_export(tmp_path)
    _cases(ws, export, "2027-06-25")  # the run on record compared with
    doc = _cases(ws, export, "2027-06-28")
    assert sorted(c["upn"] for c in doc["cases"]) == [EVE, KAY]
    gone = {x["upn"]: x for x in doc["no_longer_due"]}
    assert sorted(gone) == [FAY, HAL]
    assert {x["reason"] for x in gone.values()} == {"not_of_age"}
    assert gone[FAY]["detail"] == (
        "pn_warning was due in that check; not of compulsory school age on 28/06/2027 (born "
        "01/09/2010: compulsory school age ended on 25/06/2027): no penalty notice"
    )
    code, out, err = run_cli("cases", export, "-c", ws, "--as-of", "2027-06-28", width=250)
    assert code == 0, err
    assert "back over the line" not in out
    assert "born 31/08/2011: compulsory school age ended on 25/06/2027" in " ".join(out.split())


# ------------------------------------------- a window that straddles the start of the age
# AVA, born 31/03/2022: 5 on 31/03/2027, itself a prescribed day: of compulsory school age
# from Wed 31/03/2027.  BEA, born 01/04/2022: from 31/08/2027.  The register from Mon
# 01/03/2027 (Fri 26/03 and Mon 29/03 no school): present 01/03 - 19/03, then Mon 22/03 /G,
# Tue 23 - Thu 25 GG, Tue 30 GG (9 G before 31/03), Wed 31/03 G/, Thu 01/04 - Tue 06/04 GG,
# Wed 07/04 G/ (10 G from 31/03), Thu 08/04 //.  As of Wed 07/04/2027 the window (6 school
# weeks, 01/03 - 07/04) holds 19 G: AVA's 10 from 31/03 count (the 10th, 07/04 AM: first
# met 07/04/2027), the 9 before never do; BEA's none.

AVA, BEA = "AVA", "BEA"
STRADDLE = "/ " * 15 + "/G GG GG GG GG G/ GG GG GG GG G/ /"
NO_SCHOOL = [dt.date(2027, 3, 26), dt.date(2027, 3, 29)]


def test_a_warning_whose_window_straddles_the_start_of_the_age_gives_both_counts(tmp_path) -> None:
    """The warning said "AVA has had 10 sessions of unauthorised absence in the 6 school
    weeks from 1 March 2027 to 7 April 2027", and its table gave "Unauthorised absence
    (sessions) 19" and "Unauthorised absence, 1 March 2027 to 7 April 2027: 10" for the
    same dates: she had 19, of which the 10 since 31/03/2027 count."""
    from attcli.letters import run_letters
    from test_letters import CONFIG, FONTS, contacts_for, html_text

    reg = register({AVA: STRADDLE, BEA: STRADDLE}, start=dt.date(2027, 3, 1), holidays=NO_SCHOOL,
                   dob={AVA: dt.date(2022, 3, 31), BEA: dt.date(2022, 4, 1)}, year_group="R")  # fmt: skip
    from attcli.check import check_register
    from attcli.config import parse_config

    cfg = parse_config(CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra=""))
    row = check_register(reg, cfg, as_of=dt.date(2027, 4, 7)).pupils.filter(upn=AVA).row(0, named=True)
    assert (row["pn_window_sessions"], row["pn_first_met"]) == (10, dt.date(2027, 4, 7))
    r = run_letters(
        [], cfg, register=reg, contacts=contacts_for([AVA, BEA], tmp_path), out_dir=tmp_path / "out",
        as_of=dt.date(2027, 4, 7), period_start=dt.date(2027, 3, 1), only=["pn"],
        letter_date=dt.date(2027, 4, 8),
    )  # fmt: skip
    assert [(x.upn, x.template) for x in r.letters] == [(AVA, "penalty_notice_warning")]
    text = html_text(tmp_path / "out" / r.letters[0].html_file)
    assert (
        "has had 19 sessions of unauthorised absence in the 6 school weeks from 1 March 2027 "
        "to 7 April 2027, 10 of them since 31 March 2027, when ForenameAVA reached compulsory "
        "school age (those before it do not count). This meets the national threshold"
    ) in text
    assert "Unauthorised absence, 31 March 2027 to 7 April 2027 10" in text
    assert "Unauthorised absence (sessions) 19 19" in text


def test_the_check_says_how_many_of_the_window_s_sessions_were_before_the_age(tmp_path) -> None:
    """The check's reason said "10 unauthorised sessions in the 6 school weeks 01/03/2027
    to 07/04/2027" of a window holding 19 G; the evidence pack says the other 9 were before
    compulsory school age and never count, and now the check does, in the pack's words.
    As of Tue 30/03/2027 AVA is not yet of age (no group); BEA never is in this register."""
    from attcli.check import check_register
    from attcli.config import parse_config

    reg = register({AVA: STRADDLE, BEA: STRADDLE}, start=dt.date(2027, 3, 1), holidays=NO_SCHOOL,
                   dob={AVA: dt.date(2022, 3, 31), BEA: dt.date(2022, 4, 1)}, year_group="R")  # fmt: skip
    cfg = parse_config('[school]\nname = "X"\n')
    found = check_register(reg, cfg, as_of=dt.date(2027, 4, 7)).pupils
    rows = {r["upn"]: r for r in found.iter_rows(named=True)}
    assert rows[AVA]["groups"] == ["pn"] and "pn" not in rows[BEA]["groups"]
    assert rows[AVA]["reason_pn"].startswith(
        "10 unauthorised sessions in the 6 school weeks 01/03/2027 to 07/04/2027 (first met "
        "07/04/2027); of compulsory school age; "
    )
    assert rows[AVA]["reason_pn"].endswith(
        "; 9 more of the window's unauthorised sessions (22/03/2027 to 30/03/2027) were "
        "before compulsory school age (from 31/03/2027) and never count"
    )
    early = check_register(reg, cfg, as_of=dt.date(2027, 3, 30)).pupils.filter(upn=AVA)
    assert early.row(0, named=True)["groups"] == ["absence"]


def test_a_notice_to_improve_is_refused_for_a_pupil_not_of_compulsory_school_age(
    tmp_path, monkeypatch
) -> None:
    """A notice to improve is the step before a penalty notice (docs/decisions.md), for the
    same offence, which needs a pupil of compulsory school age (DOMAIN.md 5).  GUY (Year
    12, of age to 26/06/2026) had a notice-to-improve pack "complete", no problem, its
    window "0 sessions of unauthorised absence ... while of compulsory school age"; EVE's
    (no date of birth) said nothing of her age.  KAY's is complete (the control)."""
    from school import contacts_file

    monkeypatch.setenv("ATTCLI_TODAY", "2027-06-28")
    ws = make_workspace(tmp_path / "school")
    export = _year_export(tmp_path)
    book = contacts_file(tmp_path / "c.csv", [(u, f"C{u}", "Mrs", "Mum", f"Fam{u}") for u in BORN])

    def pack(upn: str) -> tuple[int, dict, str]:
        code, out, err = run_cli("evidence", upn, export, "--for", "notice-to-improve",
                                 "--contacts", book, "-c", ws, "--as-of", "2027-06-25",
                                 "--format", "json", "--draft")  # fmt: skip
        assert code == 0, err
        return code, json.loads(out), err

    _, guy, _ = pack(GUY)
    assert guy["complete"] is False
    assert guy["problems"] == [
        "not of compulsory school age on 25/06/2027 (born 31/08/2010: compulsory school age "
        "ended on 26/06/2026): no notice to improve can be issued, whatever the register "
        "holds (only a wrong date of birth, corrected in the MIS, would change this)"
    ]
    _, eve, _ = pack(EVE)
    assert eve["complete"] is False
    assert eve["problems"] == [
        "no date of birth in the exports: compulsory school age cannot be shown, and only a "
        "pupil of compulsory school age can be the subject of a notice: record it in the MIS "
        "and export it with the register"
    ]
    _, kay, _ = pack(KAY)
    assert (kay["complete"], kay["problems"]) == (True, [])


# ------------------------------------------------ a date of birth no school pupil can have
# BOB's date of birth is typed 01/10/1914 (for 2014): 111 on his first session, Mon
# 07/09/2026, so "not of compulsory school age", and his 20 G (Mon 05/10 - Fri 16/10/2026)
# were left out of the penalty-notice group without a word.  A pupil on a school's roll
# is 2 to 25 (a school nursery's 2-year-olds; SEND provision to 25): a date of birth that
# makes them older or younger decides compulsory school age on a typing slip, so the load
# says so in one line, naming the file, line, value and what would be valid.


def test_a_date_of_birth_no_school_pupil_can_have_is_said(tmp_path) -> None:
    rows = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    day, n = dt.date(2026, 9, 7), 0
    while n < 30:
        if day.weekday() < 5:
            for s in ("AM", "PM"):
                mark = "G" if n >= 20 else "/"
                rows.append(f"B2,Jones,Bob,01/10/1914,{day:%d/%m/%Y},{s},{mark}")
                rows.append(f"C3,Brown,Cy,01/10/2014,{day:%d/%m/%Y},{s},{mark}")
                rows.append(f"D4,Green,Di,01/07/2025,{day:%d/%m/%Y},{s},/")
            n += 1
        day += dt.timedelta(days=1)
    reg = tmp_path / "reg.csv"
    reg.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run_cli("check", reg, "-f", "json")
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        f"{reg}, line 2: date of birth 01/10/1914 makes the pupil 111 on 07/09/2026, older "
        "than any school pupil (2 to 25 years old): compulsory school age, and so whether a "
        "penalty notice may be quoted, follows it; check it in the MIS (dates are "
        "DD/MM/YYYY); 2 pupils' dates of birth are so"
    ) in said
    # the pupil of a plausible age is unchanged
    rows_ = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert "pn" in rows_["C3"]["groups"]


def test_the_pupil_list_fills_a_date_of_birth_only_where_no_export_gives_one(
    tmp_path, monkeypatch
) -> None:
    """Autumn's export gives PIA born 31/08/2021; spring's has no date of birth column;
    the pupil list says 01/09/2021.  The exports' date stands where they give one, and the
    difference is said (docs/decisions.md, "A pupil list gives what the register leaves
    blank").  The list filled spring's blank rows, so the latest row said 01/09/2021 and
    that was used (of age from 31/12/2026: as of 11/12/2026 "not of compulsory school
    age", no flag), under a note that the exports' rows differ.  Born 31/08/2021 she is of
    age from 31/08/2026, and as of 11/12/2026 her 20 G (30/11 - 11/12) meet the threshold,
    first on 04/12/2026."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-01-29")
    ws = make_workspace(tmp_path / "school")
    autumn = register({PIA: AUTUMN}, start=dt.date(2026, 9, 7), dob={PIA: dt.date(2021, 8, 31)},
                      year_group="R")  # fmt: skip
    spring = register({PIA: SPRING}, start=dt.date(2027, 1, 4), year_group="R")
    e1 = write_long_csv(autumn, tmp_path / "autumn.csv", dob=True, groups=True)
    e2 = write_long_csv(spring, tmp_path / "spring.csv", groups=True)
    listed = tmp_path / "pupils.csv"
    listed.write_text("UPN,Legal Surname,Preferred Forename,Date of Birth,Date of Admission\n"
                      f"{PIA},Surname{PIA},Forename{PIA},01/09/2021,01/09/2026\n")  # fmt: skip
    for as_of in ("2026-12-11", "2027-01-29"):
        code, out, err = run_cli("check", e1, e2, "--pupils", listed, "-c", ws, "--as-of", as_of,
                                 "-f", "json")  # fmt: skip
        assert code == 0, err
        (pia,) = json.loads(out)["pupils"]
        assert (pia["dob"], pia["compulsory_school_age"], pia["pn_first_met"]) == (
            "2021-08-31", True, "2026-12-04"
        ), as_of  # fmt: skip
        said = " ".join(err.split())
        assert "differs between rows" not in said
        assert (
            "1 pupil's date of birth differs between the exports and the pupil list "
            f"{listed} (the exports' is used"
        ) in said
