"""Sweep of 7 December (second), mutnew15: tests for the lines the round before changed
that no test could fail (hand-made mutants that every test let through, listed in
docs/decisions.md).  Each register is built by hand and its answer worked out by hand
from DOMAIN.md (sections 1, 5, 10 and 12)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, register_rows, weekdays, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

D = dt.date


def _compared_with(tmp_path: Path, terms: str, as_of: str) -> str | None:
    """The date NEW compares with as of ``as_of`` (no run on record): A and B present Mon 7
    Sep to Thu 15 Oct 2026 (29 school days), the export ending on the Thursday."""
    days = weekdays(D(2026, 9, 7), D(2026, 10, 15))
    reg = register({u: " ".join(["/\\"] * len(days)) for u in ("A", "B")})
    config = make_workspace(tmp_path / "ws", terms)
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("check", export, "--config", config, "--as-of", as_of,
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    return json.loads(out)["compared_with"]


@pytest.mark.parametrize("terms", [AUTUMN_HALF_TERMS, ""], ids=["term-dates", "no-term-dates"])
def test_new_as_of_a_school_day_after_the_data_compares_with_the_week_before_the_data(
    tmp_path: Path, terms: str
) -> None:
    """As of Fri 16 Oct with the register to Thu 15 Oct (Friday's not exported yet, a
    school day by the term dates, and a weekday without them): the figures are as of Thu
    15 Oct, so NEW compares with Thu 8 Oct, a week before them (docs/decisions.md, "New
    since last week"), never with Fri 9 Oct (oracle10's rule, the as-of date's own week,
    is for a day with no school day between it and the data's end: DOMAIN.md 10)."""
    assert _compared_with(tmp_path, terms, "2026-10-16") == "2026-10-08"


def test_new_as_of_a_weekday_the_term_dates_do_not_give_compares_with_the_week_before_the_data(
    tmp_path: Path,
) -> None:
    """Term dates of Autumn 1 alone (to Fri 23 Oct: the config stops there), the register
    to Fri 23 Oct, as of Mon 26 Oct: whether the 26th is a school day the term dates do not
    say (DOMAIN.md 10: never silently used), so the figures are the data's, as of Fri 23
    Oct, and NEW compares with Fri 16 Oct, not with Mon 19 Oct."""
    days = weekdays(D(2026, 9, 7), D(2026, 10, 23))
    reg = register({u: " ".join(["/\\"] * len(days)) for u in ("A", "B")})
    autumn1 = AUTUMN_HALF_TERMS.split('[[calendar.half_terms]]\nname = "Autumn 2"')[0]
    config = make_workspace(tmp_path / "ws", autumn1)
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("check", export, "--config", config, "--as-of", "2026-10-26",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["compared_with"] == "2026-10-16"


def test_a_register_keyed_by_upn_from_two_mis_sites_is_read(tmp_path: Path) -> None:
    """Arbor's Power BI dataset with a UPN column: the pupils are keyed by UPN, unique in
    England, so two APPLICATION_IDs (a trust's two sites) refuse nothing: the site id is
    needed only where the pupils are keyed by the MIS's own id (sweep layouts9).  Two
    pupils, present Mon 7 and Tue 8 Sep 2026: 4 sessions each.  Keyed by the MIS's id, a
    site's id padded with spaces, or a blank, is no second site."""
    from attcli.loaders import load_registers

    rows = ["UPN,Surname,Forename,STUDENT_ID,APPLICATION_ID,RAW_MARK,PERIOD,DATE"]
    for upn, sid, site in (("A100000000001", 1234, "uk_swd_137264"),
                           ("A100000000002", 1234, "uk_swd_200001")):  # fmt: skip
        for day in ("2026-09-07", "2026-09-08"):
            who = f"{upn},S{sid},F{sid},{sid},{site}"
            rows += [f"{who},/,MORNING,{day}", f"{who},\\,AFTERNOON,{day}"]
    path = tmp_path / "trust.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = load_registers([path])
    assert result.keyed_by == "upn"
    counts = dict(result.register.group_by("upn").len().iter_rows())
    assert counts == {"A100000000001": 4, "A100000000002": 4}
    # keyed by STUDENT_ID, one site however its cells are spaced (and a blank cell no
    # site): read, 1234 and 1235 each 10 sessions (test_sweep_layouts9's dataset)
    from test_sweep_layouts9 import _power_bi

    one = _power_bi(tmp_path / "one.csv")
    lines = one.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",uk_swd_137264,", ", uk_swd_137264 ,")
    lines[2] = lines[2].replace(",uk_swd_137264,", ",  ,")
    one.write_text("".join(lines), encoding="utf-8")
    result = load_registers([one])
    assert result.keyed_by == "mis_id"
    assert sorted(dict(result.register.group_by("upn").len().iter_rows()).values()) == [10, 10]


def test_a_pack_made_the_day_after_compulsory_school_age_ended_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Y11, born 31/08/2010: of compulsory school age to Fri 26/06/2026 (the last Friday
    in June of the school year of the 16th birthday, DOMAIN.md 5), so no longer on Sat
    27/06.  O every session of 15-19 June: the threshold met.  The pack made on Sat 27/06
    says no notice can follow (test_sweep_pn3 pins Fri 26/06, not said, and Wed 01/07)."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-06-27")
    ws = make_workspace(tmp_path / "ws").parent
    off = {(d, s) for d in weekdays(D(2026, 6, 15), D(2026, 6, 19)) for s in ("AM", "PM")}
    rows = [
        {"upn": u, "date": d, "session": s, "dob": dob, "mark": "O" if u == "Y11" and (d, s) in off else "/"}
        for u, dob in (("Y11", D(2010, 8, 31)), ("Z", D(2014, 1, 1)))
        for d in weekdays(D(2026, 6, 1), D(2026, 6, 26)) for s in ("AM", "PM")
    ]  # fmt: skip
    exp = write_long_csv(register_rows(rows), tmp_path / "summer.csv", dob=True)
    book = contacts_file(tmp_path / "contacts.csv", [("Y11", "C1", "Mrs", "Ann", "Elf"),
                                                     ("Z", "C2", "Mr", "Zed", "Zee")])  # fmt: skip
    code, out, err = run_cli("--workspace", ws, "evidence", "Y11", exp, "--for",
                             "penalty-notice", "--contacts", book, "--as-of", "2026-06-26",
                             "--draft", "-f", "json")  # fmt: skip
    assert code == 0, err
    ended = [p for p in json.loads(out)["problems"] if "ended on 26/06/2026" in p]
    assert len(ended) == 1 and "(27/06/2026)" in ended[0], ended


@pytest.mark.parametrize(
    ("friday", "on_roll", "left_on"), [("#", True, None), ("Z", False, "2026-10-09")]
)
def test_a_pupil_off_roll_the_last_school_day_is_back_only_by_a_mark_written_after_it(
    tmp_path: Path, friday: str, on_roll: bool, left_on: str | None
) -> None:
    """Mon 7 Sep to Fri 23 Oct 2026, Fri 16 Oct closed for everyone (`#`): as of that
    Friday the last school day is Thu 15 Oct.  B is present to Fri 9 Oct, off roll (`Z`)
    Mon 12 to Thu 15 Oct, and present again from Mon 19 Oct (after the as-of date).  With
    `#` written for B on the Friday, as for everyone, B is back on the register by the
    as-of date: on roll (DOMAIN.md 1; oracle10's rule, here with the mark on the as-of
    date itself and on the day after the last school day).  With
    `Z` on the Friday too, nothing but `Z` is written by the as-of date: B is off roll as
    of it, last in on Fri 9 Oct (the return on the 19th is after it)."""
    days = weekdays(D(2026, 9, 7), D(2026, 10, 23))
    fri, back = D(2026, 10, 16), D(2026, 10, 19)
    a = " ".join("#" if d == fri else "/\\" for d in days)
    b = " ".join(
        friday if d == fri else "Z" if D(2026, 10, 12) <= d < back else "/\\" for d in days
    )
    reg = register({"A": a, "B": b}, dob={"A": D(2015, 1, 1), "B": D(2015, 1, 1)})
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    code, out, err = run_cli("check", export, "--config", config, "--as-of", "2026-10-16",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    pupil = next(p for p in json.loads(out)["pupils"] if p["upn"] == "B")
    assert (pupil["on_roll"], pupil["left_on"]) == (on_roll, left_on)
    assert (pupil["attended"], pupil["possible"]) == (50, 50)


#: R's two dates of birth (test_sweep_pn3's): 01/09/2021 in the autumn export, 31/08/2021
#: in January's, the later, so the one used.  By hand (DOMAIN.md 5): born 31/08/2021, of
#: compulsory school age from 31/08/2026 (5 on the prescribed day) to Fri 26/06/2037 (16
#: on 31/08/2037, in 2036/37); born 01/09/2021, from 31/12/2026 to Fri 25/06/2038.
SEP, AUG = D(2021, 9, 1), D(2021, 8, 31)
R_BIRTHS = (
    "the exports give R 2 dates of birth (01/09/2021, then 31/08/2021): the latest is used "
    "(born 31/08/2021, of compulsory school age from 31/08/2026 to 26/06/2037; born "
    "01/09/2021, from 31/12/2026 to 25/06/2038), and which sessions count and whether a "
    "notice can be issued follow it"
)


def test_a_pupils_dates_of_birth_each_once_the_one_used_last() -> None:
    """A, B, A (a date corrected and corrected back): B, then A, the one used; a blank
    row's none; one date, however often given, is one."""
    from attcli.calendar import births_in_order, differing_births_text

    assert births_in_order([SEP, None, AUG, SEP]) == [AUG, SEP]
    assert births_in_order([SEP, AUG, None]) == [SEP, AUG]
    assert births_in_order([AUG, None, AUG]) == [AUG]
    assert differing_births_text("R", [AUG, AUG, None]) is None
    assert differing_births_text("R", [SEP, None, AUG]).startswith(R_BIRTHS)


def test_the_pack_and_pn_record_say_the_latest_rows_date_of_birth_is_used() -> None:
    """The rows in any order (an export's order is its own): the date of the latest row,
    January's 31/08/2021, is the one used, said last, in the pack's problem and in `pn
    record`'s warning; the notice's compulsory school age runs from 31/08/2026."""
    import polars as pl

    from attcli.evidence.build import _differing_births
    from attcli.notices import _compulsory_school_age

    rows = pl.DataFrame({"date": [D(2027, 1, 5), D(2026, 12, 14), D(2027, 1, 6)],
                         "dob": [AUG, SEP, AUG]})  # fmt: skip

    class Rec:
        upn, register = "R", rows

    assert _differing_births(Rec()).startswith(R_BIRTHS)  # type: ignore[arg-type]
    warnings: list[str] = []
    assert _compulsory_school_age(rows, "R", D(2027, 1, 15), warnings) == D(2026, 8, 31)
    assert [w for w in warnings if w.startswith(R_BIRTHS)] == warnings and len(warnings) == 1


def test_a_judged_period_begun_in_a_holiday_no_longer_says_where_its_weeks_ran_from() -> None:
    """leftovers18's note, "period of 4 weeks from 02/11/2026, the first school day after
    the holiday", is of a period running (monitoring): once judged (not improved, the next
    stage due), the row says the judgement and no running period."""
    from attcli.cases.render import note_of
    from attcli.cases.run import CaseRow
    from attcli.config import Stage
    from attcli.ladder import Case, moved_weeks_text

    red = Stage(name="red", title="Red letter", action="letter", weeks=4)
    judged = Case(stage=red, since=D(2026, 10, 26), status="not_improved",
                  period_end=D(2026, 11, 29), weeks_from=D(2026, 11, 2))  # fmt: skip
    assert moved_weeks_text(judged) == ""
    row = CaseRow("", "A", "A, B", "5", "5A", 170, 200, 85.0, judged, False)
    assert "period of" not in note_of(row)


def test_a_period_begun_in_a_holiday_mid_year_counts_from_the_next_half_terms_first_day() -> None:
    """Term dates for the year to Easter: Autumn 1 (7 Sep to 23 Oct 2026), Autumn 2 (2 Nov
    to 18 Dec), Spring 1 (4 Jan to 12 Feb 2027), Spring 2 (22 Feb to 26 Mar).  A red
    letter (4 weeks) in the February half term, Mon 15 Feb 2027: the holiday is the 9 days
    between Spring 1 and Spring 2 (never the gap back to Autumn 1's end), so its weeks run
    from Mon 22 Feb to Sun 21 Mar (22 Feb + 27 days).  One in the October half term, Mon
    26 Oct 2026, counts from Mon 2 Nov (the next half term's, not the last listed's)."""
    from attcli.config import HalfTerm, Stage
    from attcli.ladder import period_end, weeks_from

    terms = [
        HalfTerm("Autumn 1", D(2026, 9, 7), D(2026, 10, 23)),
        HalfTerm("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
        HalfTerm("Spring 1", D(2027, 1, 4), D(2027, 2, 12)),
        HalfTerm("Spring 2", D(2027, 2, 22), D(2027, 3, 26)),
    ]
    red = Stage(name="red", title="Red letter", action="letter", weeks=4)
    assert weeks_from(D(2027, 2, 15), terms) == D(2027, 2, 22)
    assert period_end(red, D(2027, 2, 15), terms) == D(2027, 3, 21)
    assert weeks_from(D(2026, 10, 26), terms) == D(2026, 11, 2)


def test_cme_of_another_schools_export_says_so_and_no_year_group_left_out(
    tmp_path: Path,
) -> None:
    """The run on record is the school's 10 pupils of Year 7 (to Fri 18 Sep 2026);
    another school's export, 10 other pupils of Year 7 with their groups, is given to
    `cme`: its note says these are another school's exports (slips8), and never that
    "all of Year 7" is left out, "any absence of theirs is not listed here" (slips9's
    note for a year group's export): the note names the one way on that fits."""
    week = " ".join(["/\\"] * 5)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    ours = register({f"A{i:02}": " ".join([week] * 2) for i in range(10)})
    code, _, err = run_cli(
        "check", write_long_csv(ours, tmp_path / "ours.csv", groups=True), "-c", config,
        "--as-of", "2026-09-18", "--record",
    )  # fmt: skip
    assert code == 0, err
    theirs = register({f"B{i:02}": " ".join([week] * 2) for i in range(10)})
    code, out, err = run_cli(
        "cme", write_long_csv(theirs, tmp_path / "theirs.csv", groups=True), "--days", "3",
        "--as-of", "2026-09-18", "-c", config,
    )  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "these are another school's exports" in said, said
    assert "any absence of theirs" not in said and "all of Year 7" not in said, said


def test_an_export_without_dates_of_birth_gives_no_second_date_of_birth(tmp_path: Path) -> None:
    """Two exports: 7-11 Sep 2026 with a Date of Birth column (A born 01/01/2015, of
    compulsory school age), 14-18 Sep without one, A's `O` every session of that week
    (10 unauthorised: the penalty-notice threshold met, DOMAIN.md 5).  One date of birth
    is given, so the reason says "of compulsory school age" and no "dates of birth" (a
    blank is no date: pn3's sentence is for two dates)."""
    week = " ".join(["/\\"] * 5)
    first = register({"A": week, "B": week}, dob={"A": D(2015, 1, 1), "B": D(2015, 1, 1)})
    second = register({"A": " ".join(["O"] * 5), "B": week}, start=D(2026, 9, 14))
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    one = write_long_csv(first, tmp_path / "w1.csv", dob=True)
    two = write_long_csv(second, tmp_path / "w2.csv")
    code, out, err = run_cli(
        "check", one, two, "-c", config, "--as-of", "2026-09-18", "--format", "json"
    )
    assert code == 0, err
    a = next(p for p in json.loads(out)["pupils"] if p["upn"] == "A")
    assert a["pn_window_sessions"] == 10 and a["compulsory_school_age"] is True
    assert "of compulsory school age" in a["reasons"]["pn"]
    assert "dates of birth" not in a["reasons"]["pn"], a["reasons"]["pn"]
