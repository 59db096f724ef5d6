"""Penalty notices at the edges of compulsory school age and of the evidence (sweep of 7
December, pn3), worked out by hand from DOMAIN.md 5.

The register: Autumn 2026 from Thu 3 September (1-2 September INSET) to Fri 18 December,
half term 26-30 October, and Spring from Tue 5 January 2027 (Mon 4 January INSET) to Fri
15 January.  Every pupil is present on every school day but the marks listed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register_rows, weekdays, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
TERMS = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-01
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18

[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
"""
AUTUMN = weekdays(D(2026, 9, 3), D(2026, 10, 23)) + weekdays(D(2026, 11, 2), D(2026, 12, 18))
SPRING = weekdays(D(2027, 1, 5), D(2027, 1, 15))
# R: O on every session of Mon 14 to Fri 18 December 2026 (10) and of Tue 5 January 2027
# (2).  Born 31/08/2021 (5 on 31/08/2026) R is of compulsory school age from that day:
# all 12 count, the threshold met on Fri 18/12 PM.  Born 01/09/2021 (5 on 01/09/2026) R
# is from 31/12/2026: the 10 of December never count, 2 do, no threshold.
R_MARKS = {(d, s): "O" for d in weekdays(D(2026, 12, 14), D(2026, 12, 18)) + [D(2027, 1, 5)]
           for s in ("AM", "PM")}  # fmt: skip


def _export(path: Path, days: list[dt.date], r_dob: dt.date) -> Path:
    rows = [
        {"upn": upn, "date": d, "session": s, "dob": r_dob if upn == "R" else D(2016, 5, 5),
         "mark": R_MARKS.get((d, s), "/") if upn == "R" else "/"}
        for upn in ("R", "Z") for d in days for s in ("AM", "PM")
    ]  # fmt: skip
    return write_long_csv(register_rows(rows), path, dob=True)


@pytest.fixture
def two_births(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path, Path]:
    """The autumn export gives R's date of birth as 01/09/2021, January's (a correction in
    the MIS, or a slip) 31/08/2021: either side of the prescribed day of 31 August."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-01-15")
    config = make_workspace(tmp_path / "ws", TERMS)
    config.write_text(config.read_text(encoding="utf-8").replace(
        "inset_days = []", "inset_days = [2026-09-01, 2026-09-02, 2027-01-04]"), encoding="utf-8")
    ws = config.parent
    autumn = _export(tmp_path / "autumn.csv", AUTUMN, D(2021, 9, 1))
    spring = _export(tmp_path / "spring.csv", SPRING, D(2021, 8, 31))
    book = contacts_file(tmp_path / "contacts.csv", [("R", "C1", "Mrs", "Ann", "Arr"),
                                                     ("Z", "C2", "Mr", "Zed", "Zee")])  # fmt: skip
    return ws, autumn, spring, book


def test_a_pack_on_a_date_of_birth_the_exports_disagree_on_is_not_complete(two_births):
    """The latest date of birth is used (the loader's note says so), so the window counts
    12 and the pack quotes a first notice; but which is right decides whether a family is
    fined at all (10 of the 12 are before compulsory school age by the other), and the pack
    shows the date of birth to the local authority: it is not complete until the exports
    agree, and says both dates and what each makes of compulsory school age."""
    ws, autumn, spring, book = two_births
    code, out, err = run_cli("--workspace", ws, "evidence", "R", autumn, spring, "--for",
                             "penalty-notice", "--contacts", book, "--as-of", "2027-01-15",
                             "--draft", "-f", "json")  # fmt: skip
    assert code == 0, err
    pack = json.loads(out)
    assert len(pack["window"]["unauthorised_sessions"]) == 12
    assert pack["complete"] is False
    (problem,) = [p for p in pack["problems"] if "date" in p and "birth" in p]
    assert "01/09/2021" in problem and "31/08/2021" in problem
    assert "31/08/2026" in problem and "31/12/2026" in problem
    # without --draft: refused, nothing recorded
    code, out, err = run_cli("--workspace", ws, "evidence", "R", autumn, spring, "--for",
                             "penalty-notice", "--contacts", book, "--as-of", "2027-01-15",
                             "--output", ws / "r.pdf")  # fmt: skip
    assert code == 1 and not (ws / "r.pdf").exists()


def test_pn_record_says_a_date_of_birth_the_exports_disagree_on(two_births):
    """`pn record` keeps the latest date of birth with the notice (`pn next` and `pn list`
    read no register) and counts the sessions by it: said in a warning naming both."""
    ws, autumn, spring, book = two_births
    code, out, err = run_cli("--workspace", ws, "pn", "record", "R", autumn, spring,
                             "--parent", "C1", "--date", "2027-01-15", "--contacts", book)  # fmt: skip
    assert code == 0, err
    assert "covers 12 unauthorised sessions" in " ".join(out.split())
    said = " ".join(err.split())
    assert "01/09/2021" in said and "31/08/2021" in said and "31/12/2026" in said


def test_check_says_the_two_dates_of_birth_beside_the_penalty_notice_flag(two_births):
    """The weekly check's penalty-notice reason said "of compulsory school age" of R, the
    two dates only in the loader's note, which names one pupil of several ("e.g.")."""
    ws, autumn, spring, _ = two_births
    code, out, err = run_cli("--workspace", ws, "check", autumn, spring, "--as-of",
                             "2027-01-15", "-f", "json")  # fmt: skip
    assert code == 0, err
    (r,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "R"]
    assert r["pn_window_sessions"] == 12 and r["compulsory_school_age"] is True
    reason = r["reasons"]["pn"]
    assert "of compulsory school age (the exports give 2 dates of birth: 01/09/2021, then " \
        "31/08/2021; the latest is used: check the MIS)" in reason


# ------------------------------------------------------------ compulsory school age
# By hand (DOMAIN.md 5): from the prescribed day (31 March, 31 August, 31 December) on or
# after the 5th birthday, to the last Friday in June of the school year (1 September to
# 31 August) in which the child turns 16.  Last Fridays in June: 26/06/2026, 25/06/2027,
# 27/06/2036, 26/06/2037, 25/06/2038.
AGES = {
    D(2021, 12, 31): (D(2026, 12, 31), D(2038, 6, 25)),  # 5 on a prescribed day: from it
    D(2022, 1, 1): (D(2027, 3, 31), D(2038, 6, 25)),
    D(2022, 3, 30): (D(2027, 3, 31), D(2038, 6, 25)),
    D(2022, 3, 31): (D(2027, 3, 31), D(2038, 6, 25)),
    D(2022, 4, 1): (D(2027, 8, 31), D(2038, 6, 25)),
    D(2021, 8, 31): (D(2026, 8, 31), D(2037, 6, 26)),  # 16 on 31/08/2037: 2036/37's June
    D(2021, 9, 1): (D(2026, 12, 31), D(2038, 6, 25)),  # 16 on 01/09/2037: 2037/38's June
    D(2010, 8, 31): (D(2015, 8, 31), D(2026, 6, 26)),
    D(2010, 9, 1): (D(2015, 12, 31), D(2027, 6, 25)),
    D(2020, 2, 29): (D(2025, 3, 31), D(2036, 6, 27)),  # 16 on 29/02/2036, in 2035/36
}


def test_compulsory_school_age_at_each_prescribed_day_and_its_end():
    from attcli.calendar import compulsory_school_age_window

    assert {dob: compulsory_school_age_window(dob) for dob in AGES} == AGES


def test_sessions_count_from_the_prescribed_day_itself():
    """O on every session of Tue 30 March to Thu 1 April 2027 (6).  Born 31/03/2022 (5 on
    the prescribed day) or 30/03/2022 (5 the day before it): of compulsory school age from
    Wed 31 March, so 31 March's and 1 April's count (4), 30 March's never; born 01/04/2022:
    from 31 August, none; born 31/12/2021: all 6.  The as-of Fri 2 April; no holiday in the
    register (no rows on Good Friday 26 and Easter Monday 29 March)."""
    import polars as pl

    from attcli.config import Config
    from attcli.engine import evaluate

    off = {(d, s) for d in (D(2027, 3, 30), D(2027, 3, 31), D(2027, 4, 1)) for s in ("AM", "PM")}
    born = {"A": D(2022, 3, 31), "C": D(2022, 3, 30), "B": D(2022, 4, 1), "E": D(2021, 12, 31)}
    days = weekdays(D(2027, 3, 1), D(2027, 4, 2), {D(2027, 3, 26), D(2027, 3, 29)})
    rows = [
        {"upn": u, "date": d, "session": s, "dob": dob, "mark": "O" if (d, s) in off else "/"}
        for u, dob in born.items() for d in days for s in ("AM", "PM")
    ]  # fmt: skip
    ev = evaluate(register_rows(rows), Config(), as_of=D(2027, 4, 2))
    got = dict(ev.pupils.select("upn", "pn_window_sessions").iter_rows())
    assert got == {"A": 4, "C": 4, "B": 0, "E": 6}
    counted = ev.pn_sessions.filter(pl.col("upn") == "A").get_column("date").unique().sort()
    assert counted.to_list() == [D(2027, 3, 31), D(2027, 4, 1)]


@pytest.mark.parametrize(("today", "said"), [("2026-06-26", False), ("2026-07-01", True)])
def test_a_pack_made_after_compulsory_school_age_ended_says_no_notice_can_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: str, said: bool
) -> None:
    """Y11, born 31/08/2010 (16 on 31/08/2026, in 2025/26): of compulsory school age to Fri
    26/06/2026.  O on every session of 15-19 June (10): the threshold met as of 26/06.  The
    pack as of 26/06 made that day is a request a notice can follow; made on Wed 01/07 it
    quoted a first notice (GBP 80) that `pn record` refuses to record (a notice dated
    outside compulsory school age): the pack now says so."""
    monkeypatch.setenv("ATTCLI_TODAY", today)
    ws = make_workspace(tmp_path / "ws").parent
    off = {(d, s) for d in weekdays(D(2026, 6, 15), D(2026, 6, 19)) for s in ("AM", "PM")}
    rows = [
        {"upn": u, "date": d, "session": s, "dob": dob, "mark": "O" if u == "Y11" and (d, s) in off else "/"}
        for u, dob in (("Y11", D(2010, 8, 31)), ("Z", D(2014, 1, 1)))
        for d in weekdays(D(2026, 4, 13), D(2026, 6, 26)) for s in ("AM", "PM")
    ]  # fmt: skip
    exp = write_long_csv(register_rows(rows), tmp_path / "summer.csv", dob=True)
    book = contacts_file(tmp_path / "contacts.csv", [("Y11", "C1", "Mrs", "Ann", "Elf"),
                                                     ("Z", "C2", "Mr", "Zed", "Zee")])  # fmt: skip
    code, out, err = run_cli("--workspace", ws, "evidence", "Y11", exp, "--for",
                             "penalty-notice", "--contacts", book, "--as-of", "2026-06-26",
                             "--draft", "-f", "json")  # fmt: skip
    assert code == 0, err
    pack = json.loads(out)
    assert pack["window"]["first_met"] == "2026-06-19"
    ended = [p for p in pack["problems"] if "ended on 26/06/2026" in p]
    assert bool(ended) is said
    if said:
        assert "01/07/2026" in ended[0]
