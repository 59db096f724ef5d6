"""The ends of a school career and of a school year, worked by hand (sweep post16).

Compulsory school age (DOMAIN.md 5) runs from the prescribed day on or after the 5th
birthday to the last Friday in June of the school year in which the child turns 16.
A child missing education is a child of compulsory school age; a sixth-former, a Year 11
past the last Friday in June or a Reception child not yet 5 can be absent without
explanation for 10 school days, and the school still tells the local authority
(DOMAIN.md 6: any pupil), but is not one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

# ------------------------------------------------ a run of 10 days for pupils of every age
# Autumn 2026 from Mon 07/09: a week present, then N at every session of Mon 14/09 - Fri
# 25/09 (10 school days), as of Fri 25/09/2026 (a current run of 10 days, at the CME
# threshold); ENDED's run is the same but they are back on Mon 28/09 (as of Tue 29/09: a
# run that reached the threshold and ended, the check's "reached" sentence).
#   KID born 15/03/2012 (Year 9): of compulsory school age, 14/15 on 25/09/2026
#   SIX born 15/03/2010 (Year 12): compulsory school age ended on Fri 26/06/2026
#   LAST born 31/08/2010 (Year 12): 16 on 31/08/2026, in 2025/26: ended on 26/06/2026
#   STAY born 01/09/2010 (Year 11): 16 on 01/09/2026, in 2026/27: of it to 25/06/2027
#   REC born 15/01/2022 (Reception): 5 on 15/01/2027, of compulsory school age from
#       31/03/2027
#   NODOB: no date of birth (the age is not known: nothing said of it)

CURRENT = "/ " * 5 + "N " * 10
ENDED_MARKS = "/ " * 5 + "N " * 10 + "/ " * 2
BORN = {
    "KID": dt.date(2012, 3, 15),
    "SIX": dt.date(2010, 3, 15),
    "LAST": dt.date(2010, 8, 31),
    "STAY": dt.date(2010, 9, 1),
    "REC": dt.date(2022, 1, 15),
    "NODOB": None,
}
CME = "children missing education"


def _check(tmp: Path, marks: str, as_of: str) -> dict[str, str]:
    ws = make_workspace(tmp / "school", AUTUMN_HALF_TERMS)
    reg = register({u: marks for u in BORN}, start=dt.date(2026, 9, 7),
                   dob={u: b or dt.date(1900, 1, 1) for u, b in BORN.items()})  # fmt: skip
    path = write_long_csv(reg, tmp / "autumn.csv", dob=True, groups=True)
    text = path.read_text(encoding="utf-8").replace("01/01/1900", "")
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", path, "-c", ws, "--as-of", as_of, "-f", "json")
    assert code == 0, err
    rows = {p["upn"]: p for p in json.loads(out)["pupils"]}
    return {u: rows[u]["reasons"].get("absence", "") for u in BORN}


def test_a_run_of_a_pupil_not_of_compulsory_school_age_is_no_child_missing_education(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    reasons = _check(tmp_path, CURRENT, "2026-09-25")
    for upn in ("KID", "STAY", "NODOB"):  # of compulsory school age, or not known
        assert f"reached 10 school days, tell the local authority ({CME})" in reasons[upn], upn
    assert "not of compulsory school age" not in reasons["KID"]
    for upn, ended in (("SIX", "ended on 26/06/2026"), ("LAST", "ended on 26/06/2026")):
        r = reasons[upn]
        assert "reached 10 school days, tell the local authority" in r, upn
        assert f"({CME})" not in r, upn
        assert (f"not of compulsory school age on 25/09/2026 (born {BORN[upn]:%d/%m/%Y}: "
                f"compulsory school age {ended}), so not a child missing education") in r, r  # fmt: skip
    r = reasons["REC"]
    assert ("not of compulsory school age on 25/09/2026 (born 15/01/2022: of compulsory "
            "school age from 31/03/2027), so not a child missing education") in r, r
    assert f"({CME})" not in r


def test_a_run_that_reached_the_threshold_and_ended_says_the_age_too(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-29")
    reasons = _check(tmp_path, ENDED_MARKS, "2026-09-29")
    assert f"reached 10 school days, tell the local authority ({CME})" in reasons["KID"]
    r = reasons["SIX"]
    assert "reached 10 school days, tell the local authority" in r, r
    assert f"({CME})" not in r, r
    assert ("not of compulsory school age on 29/09/2026 (born 15/03/2010: compulsory "
            "school age ended on 26/06/2026), so not a child missing education") in r, r


# ------------------------------------------ X for a pupil of compulsory school age
# X is "not required to be in school: a pupil of non-compulsory school age" (the 2024
# regulations; seeds 000, 001 and 003 give it so). It is not possible (DOMAIN.md 1), so
# a Year 11 marked X for study leave before the last Friday in June looks 100 % present on
# weeks they were not in school, and the check said nothing. Summer 2027 (from Mon 12/04,
# the holiday 31/05 - 04/06), as of Fri 16/07/2027:
#   STUDY born 15/03/2011 (Year 11, of compulsory school age to Fri 25/06/2027): present,
#       X at every session of Mon 21/06 - Fri 25/06 (10 sessions while of it: a problem)
#       and of Mon 28/06 - Fri 02/07 (after it: lawful), present after.
#   SUB: the same, its X as Arbor's X01 (counts as X).
#   SIXTH born 15/03/2010 (Year 12): X the same days (never of it this year: lawful).
#   TINY born 15/01/2022 (Reception, of it from 31/03/2027): X every afternoon to Fri
#       26/03 would be lawful; here X on Mon 12/04 - Fri 16/04 (of it since 31/03: 10).
#   UNKNOWN: no date of birth, X like STUDY: the age cannot be told, nothing assumed.
# Expected: x_of_age items 10 for STUDY (21/06 - 25/06), 10 for SUB, 10 for TINY, none
# for SIXTH or UNKNOWN; the figures unchanged (X stays not possible).

SUMMER_TERMS = """
[[calendar.half_terms]]
name = "Summer 1"
start = 2027-04-12
end = 2027-05-28

[[calendar.half_terms]]
name = "Summer 2"
start = 2027-06-07
end = 2027-07-16
"""


def _summer_x(tmp: Path) -> tuple[Path, Path]:
    from builders import register_rows, weekdays

    half_term = set(weekdays(dt.date(2027, 5, 31), dt.date(2027, 6, 4)))
    days = weekdays(dt.date(2027, 4, 12), dt.date(2027, 7, 16), half_term)
    late_june = set(weekdays(dt.date(2027, 6, 21), dt.date(2027, 7, 2)))
    mid_april = set(weekdays(dt.date(2027, 4, 12), dt.date(2027, 4, 16)))
    born = {"STUDY": dt.date(2011, 3, 15), "SUB": dt.date(2011, 3, 15),
            "SIXTH": dt.date(2010, 3, 15), "TINY": dt.date(2022, 1, 15), "UNKNOWN": None}  # fmt: skip
    x_code = {"SUB": "X01"}
    rows = []
    for day in days:
        for upn, dob in born.items():
            x_days = mid_april if upn == "TINY" else late_june
            for session in ("AM", "PM"):
                mark = x_code.get(upn, "X") if day in x_days else ("/" if session == "AM" else "\\")
                rows.append({"upn": upn, "date": day, "session": session, "mark": mark,
                             "dob": dob or dt.date(1900, 1, 1),
                             "year_group": {"SIXTH": "12", "TINY": "R"}.get(upn, "11")})  # fmt: skip
    path = write_long_csv(register_rows(rows), tmp / "summer.csv", dob=True, groups=True)
    path.write_text(path.read_text(encoding="utf-8").replace("01/01/1900", ""), encoding="utf-8")
    return make_workspace(tmp / "school", SUMMER_TERMS), path


def test_x_for_a_pupil_of_compulsory_school_age_is_a_problem_in_the_register(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2027-07-16")
    ws, path = _summer_x(tmp_path)
    code, out, err = run_cli("check", path, "-c", ws, "--from", "2027-04-12", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    found: dict[str, list[tuple[str, str]]] = {}
    for item in doc["data_quality"]:
        if item["kind"] == "x_of_age":
            found.setdefault(item["upn"], []).append((item["date"], item["session"]))
    june = [f"2027-06-{d}" for d in range(21, 26)]
    april = [f"2027-04-{d}" for d in range(12, 17)]
    assert sorted(found) == ["STUDY", "SUB", "TINY"], found
    assert sorted(d for d, _ in found["STUDY"]) == sorted(june * 2)
    assert sorted(d for d, _ in found["SUB"]) == sorted(june * 2)
    assert sorted(d for d, _ in found["TINY"]) == sorted(april * 2)
    # the figures are the MIS's: X is not possible, whoever it is for
    pupils = {p["upn"]: p for p in doc["pupils"]}
    # 12/04 - 16/07 less the half term: 13 weeks, 65 days, 130 sessions; 20 X
    assert (pupils["STUDY"]["attended"], pupils["STUDY"]["possible"]) == (110, 110)
    assert (pupils["TINY"]["attended"], pupils["TINY"]["possible"]) == (120, 120)
    # the table says it in one line for each pupil
    code, out, err = run_cli("check", path, "-c", ws, "--from", "2027-04-12")
    assert code == 0, err
    assert "X (not required to be in school: for a pupil not of compulsory school age)" in out
    assert "2 pupils (year 11), each: 10 sessions, 21/06/2027 to 25/06/2027" in out  # STUDY, SUB
    assert "SurnameTINY, ForenameTINY (TINY): 10 sessions, 12/04/2027 to 16/04/2027" in out
    assert "SurnameSIXTH" not in out.split("Data quality")[1]


def test_x_before_the_2024_regulations_is_not_said(tmp_path, monkeypatch) -> None:
    """Before 19 August 2024 X also recorded COVID isolation (Arbor's X02 - X07) for pupils
    of compulsory school age, lawfully then: not a problem (DOMAIN.md 1, legacy codes)."""
    from builders import register_rows, weekdays

    monkeypatch.setenv("ATTCLI_TODAY", "2024-07-19")
    days = weekdays(dt.date(2024, 6, 10), dt.date(2024, 7, 19))
    rows = [{"upn": "OLD", "date": d, "session": s, "dob": dt.date(2012, 5, 5),
             "mark": "X" if d.day < 15 and d.month == 6 else "/"}
            for d in days for s in ("AM", "PM")]  # fmt: skip
    path = write_long_csv(register_rows(rows), tmp_path / "old.csv", dob=True, groups=True)
    ws = make_workspace(tmp_path / "school")
    code, out, err = run_cli("check", path, "-c", ws, "--from", "2024-06-10", "-f", "json")
    assert code == 0, err
    assert not [i for i in json.loads(out)["data_quality"] if i["kind"] == "x_of_age"]


def test_the_pupil_record_says_x_while_of_compulsory_school_age(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2027-07-16")
    ws, path = _summer_x(tmp_path)
    code, out, err = run_cli("pupil", "STUDY", path, "-c", ws, "--from", "2027-04-12")
    assert code == 0, err
    assert ("X while of compulsory school age (born 15/03/2011: of it from 31/03/2016 to 25/06/2027), not "
            "counted: X is for a pupil not of compulsory school age; record where the child "
            "was in the MIS: 10 sessions: 21/06/2027 AM and PM;") in " ".join(out.split()), out
    code, out, err = run_cli("pupil", "SIXTH", path, "-c", ws, "--from", "2027-04-12")
    assert code == 0, err
    assert "X while of compulsory school age" not in out


def test_the_la_return_says_the_age_of_a_pupil_not_of_compulsory_school_age(
    tmp_path, monkeypatch
) -> None:
    """The return lists every pupil's run (DOMAIN.md 6: any pupil), and says, as the check
    does, that a sixth-former's or an under-5's is no child missing education."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-30")
    ws = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    reg = register({u: CURRENT for u in BORN}, start=dt.date(2026, 9, 7),
                   dob={u: b or dt.date(1900, 1, 1) for u, b in BORN.items()})  # fmt: skip
    path = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    path.write_text(path.read_text(encoding="utf-8").replace("01/01/1900", ""), encoding="utf-8")
    out_file = tmp_path / "return.csv"
    code, out, err = run_cli("la-return", path, "-c", ws, "--month", "2026-09", "--as-of", "2026-09-25",
                             "-o", out_file)
    assert code == 0, err
    import csv

    rows = {r["UPN"]: r for r in csv.DictReader(out_file.open(encoding="utf-8-sig"))}
    assert sorted(rows) == sorted(BORN), rows.keys()  # every pupil listed
    note = next(k for k in rows["SIX"] if k.lower().startswith("note"))
    assert ("not of compulsory school age on 25/09/2026 (born 15/03/2010: compulsory school "
            "age ended on 26/06/2026), so not a child missing education") in rows["SIX"][note]
    assert ("not of compulsory school age on 25/09/2026 (born 15/01/2022: of compulsory "
            "school age from 31/03/2027), so not a child missing education") in rows["REC"][note]
    for upn in ("KID", "STAY"):
        assert "compulsory school age" not in rows[upn][note], upn
    # no date of birth: nothing assumed, and the blank cell explained (sweep rcdob)
    assert rows["NODOB"][note] == (
        "no date of birth in the register: compulsory school age not checked; check it in "
        "the MIS"
    )


def test_a_year_11_who_left_on_the_last_friday_in_june_after_a_run_is_said_to_be_past_the_age(
    tmp_path, monkeypatch
) -> None:
    """LEFT (born 15/03/2011, Year 11) is absent (N) for the 10 school days to Fri
    25/06/2027, the last Friday in June, and has no mark after (left the roll); as of Fri
    02/07/2027 the check lists them "left 25/06/2027 after 10 school days ..." for the DSL
    (DOMAIN.md 6), and says their compulsory school age ended that day; BOY (born
    15/03/2012, Year 10), the same marks, is of it: nothing said of the age."""
    from builders import weekdays

    monkeypatch.setenv("ATTCLI_TODAY", "2027-07-02")
    days = weekdays(dt.date(2027, 6, 7), dt.date(2027, 7, 2))
    marks = " ".join("N" if dt.date(2027, 6, 14) <= d <= dt.date(2027, 6, 25) else "/"
                     for d in days if d <= dt.date(2027, 6, 25))  # fmt: skip
    stay = " ".join("/" for _ in days)
    reg = register({"LEFT": marks, "BOY": marks, "OTHER": stay}, start=dt.date(2027, 6, 7),
                   dob={"LEFT": dt.date(2011, 3, 15), "BOY": dt.date(2012, 3, 15),
                        "OTHER": dt.date(2012, 1, 1)})  # fmt: skip
    path = write_long_csv(reg, tmp_path / "june.csv", dob=True, groups=True)
    ws = make_workspace(tmp_path / "school")
    code, out, err = run_cli("check", path, "-c", ws, "--from", "2027-06-07", "-f", "json")
    assert code == 0, err
    rows = {p["upn"]: p["reasons"].get("absence", "") for p in json.loads(out)["pupils"]}
    assert rows["LEFT"].startswith("left 25/06/2027 after 10 school days of unexplained "
                                   "absence (N)"), rows["LEFT"]  # fmt: skip
    assert ("; not of compulsory school age on 02/07/2027 (born 15/03/2011: compulsory "
            "school age ended on 25/06/2027), so not a child missing education") in rows["LEFT"]
    assert rows["BOY"].startswith("left 25/06/2027 after 10 school days"), rows["BOY"]
    assert "compulsory school age" not in rows["BOY"]


def test_a_praise_letter_resting_on_x_while_of_compulsory_school_age_is_held(tmp_path) -> None:
    """40 school days from Mon 7 Sep 2026 (80 sessions); day 28 is Wed 14 Oct.  X is not
    possible (DOMAIN.md 1), so a pupil of compulsory school age marked X is 100 % on days
    the register does not say they were in school; a praise letter ("100% ... not a single
    session missed") rests on them, as on missing marks (docs/decisions.md, "A letter
    resting on missing marks is held"): held, by the same rule.
    - XAV (born 01/10/2014, of it): X all Wed 14 Oct: 78/78 = 100 %; counted as absence
      78/80 = 97.5 %, under the 98 % for praise: held.
    - XO: X Wed 14 Oct AM: 79/79; counted as absence 79/80 = 98.75 %, not the 100 %: held.
    - TOT (born 15/01/2022, of it from 31/03/2027): X every afternoon, lawful: 40/40,
      praise goes.
    - EVE: present throughout: praise goes."""
    from test_letters import run

    full = ["/"] * 40
    xav, xo = list(full), list(full)
    xav[27], xo[27] = "X", "X/"
    reg = register(
        {"XAV": " ".join(xav), "XO": " ".join(xo), "TOT": " ".join(["/X"] * 40),
         "EVE": " ".join(full)},
        start=dt.date(2026, 9, 7), holidays=[dt.date(2026, 10, 26) + dt.timedelta(days=i)
                                             for i in range(5)],
        dob={"XAV": dt.date(2014, 10, 1), "XO": dt.date(2014, 10, 1),
             "TOT": dt.date(2022, 1, 15), "EVE": dt.date(2014, 10, 1)},
    )  # fmt: skip
    r = run(tmp_path, reg, "praise = true", letter_date=dt.date(2026, 11, 9))
    held = {(u.upn, u.template): u.reason for u in r.held}
    assert held == {
        ("XAV", "praise"): "2 X (not required to be in school: for a pupil not of compulsory "
        "school age) while of compulsory school age this school year: the praise letter rests "
        "on them (counted as absence, 97.5%, under the 98% for praise); record where the child "
        "was in the MIS first",
        ("XO", "praise"): "1 X (not required to be in school: for a pupil not of compulsory "
        "school age) while of compulsory school age this school year: the praise letter rests "
        "on it (counted as absence, 98.8%, not the 100% it says); record where the child was "
        "in the MIS first",
    }, held
    assert sorted((x.upn, x.template) for x in r.letters) == [("EVE", "praise"), ("TOT", "praise")]
