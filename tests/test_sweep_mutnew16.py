"""Sweep mutnew16: tests that kill the hand-made mutants of the round's new lines which no
test killed (docs/decisions.md, "Mutants of the round's new lines").  Each expected value is
worked out by hand in its docstring."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

D = dt.date
ONE = dt.timedelta(days=1)


def test_a_bank_holiday_after_the_data_is_no_unknown_weekday_without_term_dates() -> None:
    """No term dates.  A May return whose exports end Thu 27 May 2027: the weekdays after
    are Fri 28 May and Mon 31 May, the Spring bank holiday (never a school day), so the
    note names 1 weekday, 28/05/2027 to 28/05/2027 (it said 2, to 31/05/2027, with the
    bank holiday counted).  A gap of weekdays from Fri 28 May to Tue 1 Jun holds 28 May
    and 1 Jun, not 31 May."""
    from attcli.config import Config
    from attcli.coverage import AFTER_DATA, Gap, gap_days, unknown_after_data_note

    config = Config()
    (note,) = unknown_after_data_note(
        config, D(2027, 5, 27), D(2027, 5, 31), "May 2027", today=D(2027, 6, 10)
    )
    assert "May 2027 has 1 weekday after it (28/05/2027 to 28/05/2027)" in note
    gap = Gap(AFTER_DATA, D(2027, 5, 28), D(2027, 6, 1), 2, weekdays=True)
    assert gap_days(config, gap) == [D(2027, 5, 28), D(2027, 6, 1)]


def _holiday_leavers(tmp_path: Path) -> tuple[Path, Path]:
    """Summer 2 (Mon 7 Jun to Wed 21 Jul 2027) and Autumn 1 (from Thu 2 Sep) in the config,
    one export from 7 Jun to Fri 10 Sep 2027.  A is present throughout.  L is `N` every
    session from Mon 5 Jul to Wed 21 Jul (13 school days: 5-9, 12-16, 19-21 Jul); Q the
    same, with no date of birth.  Y, a Year 11 born 15/03/2011 (of compulsory school age
    to Fri 25 Jun 2027), is `N` from Mon 21 Jun to 21 Jul (23 school days), so the run
    starts while of age and ends after.  W is `N` from 5 Jul to Fri 16 Jul (10 school days)
    and has no row after (taken off roll in July).  E is `N` from 5 Jul to Fri 3 Sep (13
    school days and 2 of 2027/28) and has no row after.  L, Q and Y have no row in
    September."""
    from tests.builders import write_marks_csv
    from tests.school import make_workspace

    config = make_workspace(tmp_path, """
[[calendar.half_terms]]
name = "Summer 2"
start = 2027-06-07
end = 2027-07-21

[[calendar.half_terms]]
name = "Autumn 1"
start = 2027-09-02
end = 2027-10-22
""")
    end = D(2027, 7, 21)
    days = [d for d in (D(2027, 6, 7) + i * ONE for i in range(100))
            if d.weekday() < 5 and (d <= end or D(2027, 9, 2) <= d <= D(2027, 9, 10))]
    rows = []
    for d in days:
        for s in ("AM", "PM"):
            ok = "/" if s == "AM" else "\\"
            rows.append(("A", d, s, ok))
            if d <= end:
                rows.append(("L", d, s, "N" if d >= D(2027, 7, 5) else ok))
                rows.append(("Q", d, s, "N" if d >= D(2027, 7, 5) else ok))
                rows.append(("Y", d, s, "N" if d >= D(2027, 6, 21) else ok))
            if d <= D(2027, 7, 16):
                rows.append(("W", d, s, "N" if d >= D(2027, 7, 5) else ok))
            if d <= D(2027, 9, 3):
                rows.append(("E", d, s, "N" if d >= D(2027, 7, 5) else ok))
    export = write_marks_csv(tmp_path / "export.csv", rows)
    lines = export.read_text(encoding="utf-8").splitlines()
    dob = {"Y": "15/03/2011", "Q": ""}
    export.write_text("\n".join(
        line.replace("01/01/2015", dob[line[0]], 1) if line[0] in dob else line
        for line in lines) + "\n", encoding="utf-8")  # fmt: skip
    return config, export


def _cme(export: Path, config: Path, *extra: str, days: str = "10") -> tuple[list[str], str]:
    """``attcli cme`` as of Fri 10 Sep 2027: the runs' UPNs and what it said, one line."""
    from tests.clirun import run_cli

    code, out, err = run_cli("cme", export, "--config", config, "--as-of", "2027-09-10",
                             "--days", days, "--format", "json", *extra)  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    return [r["upn"] for r in doc["runs"]], " ".join((" ".join(doc["warnings"]) + err).split())


def test_cme_names_the_holiday_leavers_for_the_school_year_s_own_period_however_given(
    tmp_path: Path,
) -> None:
    """As of Fri 10 Sep 2027 (school days 2-10 Sep of 2027/28), --days 10: L and Q (13
    days from 05/07/2027 each, Q with no date of birth: of age, not known otherwise) are
    named in one line, "2 pupils on roll at the end of 2026/27"; not Y, whose compulsory
    school age ended on 25 Jun, before the run's end (a school leaver, though the run began
    while of age), nor W (off roll before the year's end).  E's run is in the runs (on the
    year's register 2-3 Sep).  The same with ``--from 2027-09-02`` (the year's first school
    day: no school day of the year before it, so the period is the school year's own, as
    with ``--from 2027-09-01``): the line was said only without --from, and there
    labelled 2027/28."""
    config, export = _holiday_leavers(tmp_path)
    for extra in ((), ("--from", "2027-09-02")):
        runs, text = _cme(export, config, *extra)
        assert runs == ["E"]
        assert "2 pupils on roll at the end of 2026/27" in text, extra
        assert "(L), 13 school days from 05/07/2027" in text
        assert "(Q), 13 school days from 05/07/2027" in text
        assert "(Y)" not in text and "(W)" not in text


def test_cme_says_no_holiday_leavers_for_another_period(tmp_path: Path) -> None:
    """With ``--from 2027-09-06`` (school days 2-3 Sep before it) and --days 2 the period is
    another: no line (as of the day before it, 5 Sep, E's run of this year's 2 days was
    current, and E is on no register of the period: a line would name E "on roll at the
    end of 2027/28", last school day 03/09/2027).  A ``--from 2027-07-19`` (refused with
    term dates) is another period without them: no line (W, 10 days as of Sun 18 Jul and
    on no register from 19 Jul, would be named "on roll at the end of 2026/27")."""
    from tests.school import make_workspace

    config, export = _holiday_leavers(tmp_path)
    runs, text = _cme(export, config, "--from", "2027-09-06", days="2")
    assert runs == [] and "on roll at the end of" not in text
    _, text = _cme(export, make_workspace(tmp_path / "no-terms"), "--from", "2027-07-19")
    assert "on roll at the end of" not in text


def test_a_row_a_day_headed_am_attendance_mark_and_one_date_over_two_columns(
    tmp_path: Path,
) -> None:
    """A row a day whose marks are headed `AM Attendance Mark` and `PM Attendance Mark` is
    each day's two marks on one row, said as `AM Mark` and `PM Mark` are.  A wide register
    of one day (Mon 7 Sep 2026: beside the pupils' columns one date is a row of dates),
    its date over two columns with no AM or PM, is refused as the ten days' is: which
    column is the morning's the file does not say."""
    from tests.test_sweep_layouts10 import _DAYS, _PUPILS, _a_row_a_day, _mark, _refusal, _write

    am, pm = "AM Attendance Mark", "PM Attendance Mark"
    said = _refusal(_a_row_a_day(tmp_path / "marks.csv", am, pm))
    assert f"columns '{am}' and '{pm}' hold each day's two marks on one row" in said
    days = _DAYS[:1]
    marks = [[u, s, f, *(_mark(u, d, x) for d in days for x in ("AM", "PM"))]
             for u, s, f in _PUPILS]  # fmt: skip
    path = _write(tmp_path / "one.csv", ["UPN", "Surname", "Forename",
                  *(f"{d:%d/%m/%Y}" for d in days for _ in "ap")], marks)  # fmt: skip
    said = _refusal(path)
    assert "the columns from '07/09/2026' are headed by dates each over two columns" in said


def test_a_list_whose_other_ids_only_overlap_the_register_s_is_read_by_its_mis_ids(
    tmp_path: Path,
) -> None:
    """A register keyed by the MIS's ids (Ann 1001, Ben 1002, Cat 1003) with a students
    list whose platform `id` column holds 1002, 1003 and 2001 (Ann's, Ben's, Cat's): the
    register's 1001 is in no `id`, so the register's ids are not that column's, and the
    list is matched on `mis_id` as ever: Ann 20 sessions present of 20, Ben 15 (5 away),
    Cat 18 (2 away), worked by hand in tests/test_sweep_layouts10.py.  Not refused."""
    from tests.test_sweep_layouts10 import _DAYS, _MIS, _PUPILS, _mark, _sessions, _write

    from attcli.loaders import load_registers, read_pupil_list

    rows = [[_MIS[u], f"{d:%d/%m/%Y}", x, _mark(u, d, x)]
            for u, _, _ in _PUPILS for d in _DAYS for x in ("AM", "PM")]  # fmt: skip
    register = _write(tmp_path / "marks.csv", ["MIS ID", "Date", "Session", "Mark"], rows)
    other = {"A100000000001": "1002", "A100000000002": "1003", "A100000000003": "2001"}
    listed = _write(tmp_path / "students.csv", ["id", "mis_id", "upn", "first_name",
                    "last_name"], [[other[u], _MIS[u], u, f, s] for u, s, f in _PUPILS])  # fmt: skip
    result = load_registers([register], pupils=read_pupil_list(listed))
    assert _sessions(result) == {
        "A100000000001": (20, 0), "A100000000002": (15, 5), "A100000000003": (18, 2)
    }  # fmt: skip


def test_a_upn_s_note_names_only_a_child_sharing_neither_name_first_by_upn(
    tmp_path: Path,
) -> None:
    """The register (its rows Cat's, Ben's, Ann's, in that order) names A100000000001
    Able-Smith, Annabel, ...2 Baker, Ben and ...3 Cole, Cat.  A pupil list giving ...1 to
    `Able, Ann` (the register's names the longer), ...2 to `Ben, Baker` (the names crossed)
    and ...3 to `Smith, Cat` (a surname changed, the forename the same) is said nothing:
    the same children.  One giving ...3 to `Doe, Dan` and ...1 to
    `Baker, Bea` names the lowest UPN first, ...1, "(and 1 more UPN)".  A list with a
    platform's `ID` column and no MIS id column reads (3 pupils)."""
    from tests.test_sweep_layouts10 import _DAYS, _PUPILS, _mark, _write

    from attcli.loaders import load_registers, read_pupil_list

    named = [("A100000000001", "Able-Smith", "Annabel"), *_PUPILS[1:]]
    rows = [[u, s, f, f"{d:%d/%m/%Y}", x, _mark(u, d, x)]
            for u, s, f in reversed(named) for d in _DAYS for x in ("AM", "PM")]  # fmt: skip
    register = _write(tmp_path / "marks.csv", ["UPN", "Surname", "Forename", "Date", "Session",
                      "Mark"], rows)  # fmt: skip
    head = ["UPN", "Surname", "Forename", "Admission Date"]

    def said(names: list[tuple[str, str]]) -> str:
        listed = _write(tmp_path / "list.csv", head, [
            [u, s, f, "01/09/2020"] for (u, _, _), (s, f) in zip(_PUPILS, names, strict=True)])
        result = load_registers([register], pupils=read_pupil_list(listed))
        return " ".join(" ".join(result.warnings).split())

    assert "in the pupil list" not in said([("Able", "Ann"), ("Ben", "Baker"), ("Smith", "Cat")])
    text = said([("Baker", "Bea"), ("Baker", "Ben"), ("Doe", "Dan")])
    assert ("UPN A100000000001 is Able-Smith, Annabel in the register and Baker, Bea in the pupil list"
            in text and "(and 1 more UPN)" in text)  # fmt: skip
    platform = _write(tmp_path / "ids.csv", ["ID", "UPN", "Surname", "Forename"],
                      [[str(900 + i), u, s, f] for i, (u, s, f) in enumerate(_PUPILS)])
    assert read_pupil_list(platform).pupils.height == 3


def test_a_column_of_counts_is_not_suggested_as_the_session(tmp_path: Path) -> None:
    """A register a row a session with no session column, and a `Sessions` column of
    counts (0 to 3: no session's words): no column could hold the session, as said ("no
    other column that could hold the session"); not `session = "Sessions"`, which no row
    would pass."""
    from tests.test_sweep_layouts10 import _DAYS, _PUPILS, _mark, _refusal, _write

    rows = [[u, s, f, f"{d:%d/%m/%Y}", _mark(u, d, x), (i + j) % 4]
            for i, (u, s, f) in enumerate(_PUPILS) for j, d in enumerate(_DAYS)
            for x in ("AM", "PM")]  # fmt: skip
    path = _write(tmp_path / "counts.csv",
                  ["UPN", "Surname", "Forename", "Date", "Mark", "Sessions"], rows)  # fmt: skip
    said = _refusal(path)
    assert "no other column that could hold the session" in said
    assert 'session = "Sessions"' not in said
