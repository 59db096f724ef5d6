"""The spring and summer terms through every command, worked by hand (sweep summer).

One whole school year, 2026/27, with real English term dates:

- Autumn 1 Thu 03/09/2026 (Tue 1 and Wed 2 September INSET: no rows) to Fri 23/10 (37
  days); Autumn 2 Mon 02/11 to Fri 18/12 (35)
- Spring 1 Tue 05/01/2027 (Mon 4 January INSET: no rows) to Fri 12/02 (29); the snow day
  Thu 04/02, every session `Y` (closed); Spring 2 Mon 22/02 to Thu 25/03 (24; Good Friday
  26/03 and Easter Monday 29/03 in the Easter holiday, 26/03 to 09/04)
- Summer 1 Mon 12/04 to Fri 28/05 (34: the early May bank holiday Mon 03/05 has no rows);
  half term 31/05 to 04/06 (the spring bank holiday Mon 31/05 in it); Summer 2 Mon 07/06 to
  Wed 21/07 (33)

192 school days, 191 of them possible (the snow day is not): 382 sessions for a pupil on
roll all year.  As of a date: to Thu 25/03 124 possible days (248 sessions), to Thu 06/05
142 (284), to Fri 11/06 163 (326), to Fri 25/06 173 (346).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from builders import register, weekdays, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
HALF_TERMS = [
    ("Autumn 1", D(2026, 9, 3), D(2026, 10, 23)),
    ("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
    ("Spring 1", D(2027, 1, 5), D(2027, 2, 12)),
    ("Spring 2", D(2027, 2, 22), D(2027, 3, 25)),
    ("Summer 1", D(2027, 4, 12), D(2027, 5, 28)),
    ("Summer 2", D(2027, 6, 7), D(2027, 7, 21)),
]
BANK_HOLIDAY = D(2027, 5, 3)
SNOW = D(2027, 2, 4)
DAYS = [d for _, a, b in HALF_TERMS for d in weekdays(a, b) if d != BANK_HOLIDAY]
NOT_SCHOOL = [d for d in weekdays(DAYS[0], DAYS[-1]) if d not in set(DAYS)]
TERMS_TOML = "".join(
    f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {a}\nend = {b}\n' for n, a, b in HALF_TERMS
)


def _marks(
    at: dict[dt.date, str] | None = None, first: dt.date | None = None, last: dt.date | None = None
) -> str:
    """A token a school day (builders.register): present but for ``at``; no row before
    ``first`` or after ``last`` (not on roll); the snow day `Y` for everyone."""
    at = at or {}
    out = []
    for d in DAYS:
        if (first and d < first) or (last and d > last):
            out.append("!")
        elif d == SNOW:
            out.append("Y")
        else:
            out.append(at.get(d, "/\\"))
    return " ".join(out)


def _o(*days: dt.date, half: dt.date | None = None) -> dict[dt.date, str]:
    """`O` all day on ``days``, and the morning only on ``half``."""
    out = {d: "O" for d in days}
    if half is not None:
        out[half] = "O/"
    return out


#: (year group, date of birth, marks) per pupil
PUPILS: dict[str, tuple[str, dt.date, str]] = {
    **{f"FULL{i}": ("7", D(2015, 1, i), _marks()) for i in range(1, 6)},
    # Year 11 on study leave (S) from Mon 10/05 to Fri 25/06, then off roll
    "Y11S": ("11", D(2011, 3, 15), _marks(
        {d: "S" for d in weekdays(D(2027, 5, 10), D(2027, 6, 25))}, last=D(2027, 6, 25))),
    # 16 on 31/08/2027 (compulsory school age to Fri 25/06/2027) and born a day later (to
    # June 2028): O on Mon 21, Tue 22 June and Mon 28 June to Thu 1 July
    "Y11T": ("11", D(2011, 8, 31), _marks(_o(D(2027, 6, 21), D(2027, 6, 22),
                                             *weekdays(D(2027, 6, 28), D(2027, 7, 1))))),
    "Y10B": ("10", D(2011, 9, 1), _marks(_o(D(2027, 6, 21), D(2027, 6, 22),
                                            *weekdays(D(2027, 6, 28), D(2027, 7, 1))))),
    # Year 6, ill on the last two days of the year
    "Y6": ("6", D(2016, 5, 1), _marks({D(2027, 7, 20): "I", D(2027, 7, 21): "I"})),
    # joins on Mon 22/02 (no row before), O on Mon 01/03, I on Wed 09/06
    "JOIN": ("7", D(2014, 11, 20), _marks({D(2027, 3, 1): "O", D(2027, 6, 9): "I"},
                                          first=D(2027, 2, 22))),
    # 10 O sessions in the 10 school weeks 08/02 to 06/05 (across the February half term
    # and the Easter holiday); PNB's first five a week earlier: 11 school weeks
    "PNA": ("8", D(2014, 4, 4), _marks(_o(D(2027, 2, 8), D(2027, 2, 9), D(2027, 5, 4),
                                          D(2027, 5, 5), half=D(2027, 2, 10)) | {D(2027, 5, 6): "O/"})),
    "PNB": ("8", D(2014, 4, 5), _marks(_o(D(2027, 2, 1), D(2027, 2, 2), D(2027, 5, 4),
                                          D(2027, 5, 5), half=D(2027, 2, 3)) | {D(2027, 5, 6): "O/"})),
    # lates: two at the end of Spring 1 and two at the start of Spring 2; four in Spring 2
    "LATE1": ("9", D(2013, 6, 6), _marks({d: "L\\" for d in (D(2027, 2, 11), D(2027, 2, 12),
                                                              D(2027, 2, 22), D(2027, 2, 23))})),
    "LATE2": ("9", D(2013, 6, 7), _marks({d: "L\\" for d in weekdays(D(2027, 2, 22),
                                                                      D(2027, 2, 25))})),
    # O all day Tue 27/04 to Tue 11/05 across the bank holiday: 10 school days
    "CME": ("9", D(2013, 6, 8), _marks(_o(*[d for d in weekdays(D(2027, 4, 27), D(2027, 5, 11))
                                            if d != BANK_HOLIDAY]))),
    # I all day Mon 08/02 to Fri 12/02 and Mon 22/02 to Fri 05/03: 15 school days across
    # the February half term
    "ILL": ("9", D(2013, 6, 9), _marks({d: "I" for d in weekdays(D(2027, 2, 8), D(2027, 3, 5))
                                        if not D(2027, 2, 15) <= d <= D(2027, 2, 19)})),
}  # fmt: skip


def year_register(last: dt.date | None = None):  # noqa: ANN201
    """The school year's register (to ``last``), one year group's pupils at a time."""
    import polars as pl

    parts = []
    for upn, (group, born, marks) in PUPILS.items():
        reg = register({upn: marks}, start=DAYS[0], holidays=NOT_SCHOOL, dob={upn: born},
                       year_group=group)  # fmt: skip
        parts.append(reg)
    out = pl.concat(parts)
    if last is not None:
        out = out.filter(pl.col("date") <= last)
    return out


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole year's export (year.csv) and the one to Fri 05/03/2027 (to0503.csv),
    written once for the module's tests, which copy them (:func:`school`, :func:`to0503`)."""
    folder = tmp_path_factory.mktemp("summer-exports")
    write_long_csv(year_register(), folder / "year.csv", dob=True, groups=True)
    write_long_csv(year_register(D(2027, 3, 5)), folder / "to0503.csv", dob=True, groups=True)
    return folder


def to0503(school: dict[str, Path], exports: Path) -> Path:
    """The export to Fri 05/03/2027 as ``school["tmp"] / "to0503.csv"``: a copy of the
    module's."""
    return Path(shutil.copy2(exports / "to0503.csv", school["tmp"] / "to0503.csv"))


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exports: Path) -> dict[str, Path]:
    """The export (whole year), a workspace with the term dates and one without, and a
    contacts export; run in the workspace with term dates."""
    export = Path(shutil.copy2(exports / "year.csv", tmp_path / "year.csv"))
    terms = make_workspace(tmp_path / "terms", TERMS_TOML)
    inferred = make_workspace(tmp_path / "inferred")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{i}", "Mrs", f"Parent{u}", f"Family{u}") for i, u in enumerate(PUPILS)],
    )
    monkeypatch.chdir(terms.parent)
    return {"export": export, "terms": terms, "inferred": inferred, "contacts": contacts,
            "tmp": tmp_path}  # fmt: skip


def html_text(path: Path) -> str:
    raw = re.sub(r"<style>.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def test_the_year_has_the_days_worked_out_by_hand() -> None:
    """The fixture itself: 192 school days, the snow day among them."""
    assert len(DAYS) == 192
    assert SNOW in DAYS and BANK_HOLIDAY not in DAYS
    assert D(2027, 1, 4) not in DAYS and D(2026, 9, 2) not in DAYS
    assert len([d for d in DAYS if d <= D(2027, 3, 25)]) == 125


def test_a_letter_to_a_pupil_who_joined_in_the_spring_says_since_when(
    school: dict[str, Path], monkeypatch: pytest.MonkeyPatch, exports: Path
) -> None:
    """JOIN's first mark is Mon 22/02/2027, O all day Mon 01/03: as of Fri 05/03, 10 school
    days on roll, 18 of 20 sessions = 90.0 %, red (DOMAIN.md 3: at or below 90 %, 20
    sessions >= the 10 for a band).  The red letter told the family "ForenameJOIN's
    attendance this school year (up to 5 March 2027) is 90.0%", its table headed "School
    year (up to 5 March 2027)": of a school year whose first five months were at another
    school, which the register does not hold.  The letter names the period (DOMAIN.md 9):
    since joining, on 22 February 2027.  A pupil on roll all year (ILL's held red, LATE2's
    lateness letter) keeps "this school year"."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-05")
    export = to0503(school, exports)
    out = school["tmp"] / "letters"
    code, _, err = run_cli("letters", export, "--contacts", school["contacts"], "--out", out)
    assert code == 0, err
    joiner = html_text(out / "JOIN_SurnameJOIN_ForenameJOIN_red.html")
    assert (
        "ForenameJOIN's attendance since joining on 22 February 2027 (up to 5 March 2027) is "
        "90.0%. This means ForenameJOIN has missed 2 sessions (1 day) of school." in joiner
    )
    assert "Since joining on 22 February 2027 (up to 5 March 2027) Attendance 90.0% 90.0%" in joiner
    assert "this school year" not in joiner.lower() and "School year" not in joiner
    late = html_text(out / "LATE2_SurnameLATE2_ForenameLATE2_lateness.html")
    # 5 March: 101 + 10 school days, less the snow day: 110 days, 220 sessions
    assert "School year (up to 5 March 2027) Attendance 100.0% 100.0% Sessions attended " \
        "20 of 20 220 of 220" in late


def test_the_pupil_record_of_a_spring_joiner_says_when_they_joined(
    school: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record of JOIN as of Fri 05/03/2027 gave "school year 01/09/2026 to 05/03/2027"
    over "18 of 20" with nothing to say the 20 are since Mon 22/02 (a leaver's record says
    "on roll to"); it now says when they joined, as the evidence pack does.  FULL1, on
    roll from the first day of the export, has no such line."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-08-31")
    code, out, err = run_cli("pupil", "JOIN", school["export"], "--as-of", "2027-03-05")
    assert code == 0, err
    text = " ".join(out.split())
    assert "school year 01/09/2026 to 05/03/2027, as of Fri 05 Mar 2027 Joined the roll on " \
        "22/02/2027: the figures are from then" in text
    assert "Sessions attended 18 of 20 18 of 20" in text
    code, out, err = run_cli("pupil", "FULL1", school["export"], "--as-of", "2027-03-05")
    assert code == 0, err
    assert "Joined" not in out and "Sessions attended 220 of 220" in " ".join(out.split())


def _check(school: dict[str, Path], as_of: str, workspace: str = "terms") -> str:
    code, out, err = run_cli(
        "check", school["export"], "--as-of", as_of, "--config", school[workspace], width=80
    )
    assert code == 0, err
    return " ".join(out.split())


@pytest.mark.parametrize("workspace", ["terms", "inferred"])
def test_the_penalty_notice_window_across_easter_and_the_bank_holiday(
    school: dict[str, Path], monkeypatch: pytest.MonkeyPatch, workspace: str
) -> None:
    """As of Thu 06/05/2027 the 10 school weeks are those of 08/02, 22/02, 01/03, 08/03,
    15/03, 22/03, 12/04, 19/04, 26/04 and 03/05 (the February half term and the two Easter
    weeks have no session: not school weeks, DOMAIN.md 5), with or without term dates.
    PNA: O 08/02, 09/02, 10/02 AM (5) and 04/05, 05/05, 06/05 AM (5): 10, first met 06/05.
    PNB: the same a week earlier in February, week 01/02 the 11th school week back: 5, not
    met.  CME: O all day 27/04 to 06/05 (7 school days, the bank holiday none): 14, the
    10th on Tue 04/05.  Possible to 06/05: 142 days, 284 sessions: PNA 274/284 = 96.48 %,
    CME 270/284 = 95.07 %; ILL 30 I sessions, 254/284 = 89.44 %, red."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-08-31")
    text = _check(school, "2027-05-06", workspace)
    assert "SurnameCME, ForenameCME CME Year 9 9A 95.1% green 14 unauthorised sessions in " \
        "the 10 school weeks 08/02/2027 to 06/05/2027 (first met 04/05/2027)" in text
    assert "SurnamePNA, ForenamePNA PNA Year 8 8A 96.5% green 10 unauthorised sessions in " \
        "the 10 school weeks 08/02/2027 to 06/05/2027 (first met 06/05/2027)" in text
    assert "PNB" not in text
    assert "89.4% (254 of 284 sessions); 30 authorised, 0 unauthorised" in text


def test_a_run_of_unexplained_absence_across_the_bank_holiday(
    school: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """CME: O all day Tue 27/04 to Tue 11/05; Mon 03/05, the bank holiday, is no school day
    (DOMAIN.md 6): 9 school days as of Mon 10/05, 10 as of Tue 11/05; as of the bank
    holiday itself the run so far is 4 days (27/04 to 30/04), still going on."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-08-31")
    for as_of, days in (("2027-05-10", None), ("2027-05-11", "10 school days")):
        code, out, err = run_cli("cme", school["export"], "--as-of", as_of)
        assert code == 0, err
        if days is None:
            assert ": 0 runs" in out
        else:
            assert ": 1 run" in out and "ForenameCME" in out
            assert days in out and "│ O " in out and "27/04-11/05/27" in out and "ABSENT" in out
    code, out, err = run_cli("cme", school["export"], "--as-of", "2027-05-03", "--days", "3")
    assert code == 0, err
    assert "4 school days" in out and "│ O " in out and "27/04-30/04/27" in out and "ABSENT" in out


def test_the_register_check_for_the_spring_and_the_summer_terms(
    school: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spring: 05/01 to 25/03, 53 school days less the snow day: 104 sessions.  ILL, 30 I
    sessions: 74/104 = 71.15 %; year to date 218/248 = 87.90 %, red; listed below the
    threshold and for 15 days' illness (a run of 15 across the February half term).
    Summer: 12/04 to 21/07, 67 days, 134 sessions.  CME: 20 O, 114/134 = 85.07 %, year
    364/382 = 94.76 %, green, listed below the threshold and for 10 days' unauthorised
    absence; ILL for the year's illness, 100 % in the term (the year 352/382 = 92.15 %);
    Y11S on study leave (S, authorised) from 10/05, off roll after 25/06: 49 days, 98
    sessions, 60 S: 38/98 = 38.78 %, year 286/346 = 82.66 %, red, left 25/06/2027.
    Y11T and Y10B (12 O each): 122/134 = 91.04 %, not listed."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-08-31")
    rows = {}
    for term in ("spring", "summer"):
        out = school["tmp"] / f"rc-{term}.csv"
        code, _, err = run_cli("register-check", school["export"], "--term", term, "-o", out)
        assert code == 0, err
        lines = out.read_text(encoding="utf-8-sig").splitlines()[1:]
        # (the last column, the days off the roll inside a run: none here, sweep rules3)
        rows[term] = {line.split(",")[0]: line.split(",")[6:] for line in lines}
    assert rows["spring"] == {
        "ILL": ["71.15", "87.90", "104", "30", "0", "below_threshold;sickness_15_days", "red", "", ""]
    }
    assert rows["summer"] == {
        "CME": ["85.07", "94.76", "134", "0", "20",
                "below_threshold;continuous_unauthorised_10_days", "green", "", ""],
        "ILL": ["100.00", "92.15", "134", "0", "0", "sickness_15_days", "green", "", ""],
        "Y11S": ["38.78", "82.66", "98", "60", "0", "below_threshold", "red", "25/06/2027", ""],
    }  # fmt: skip


@pytest.mark.parametrize("as_of", ["2027-07-21", "2027-08-31"])
def test_compulsory_school_age_ends_on_the_last_friday_in_june(
    school: dict[str, Path], monkeypatch: pytest.MonkeyPatch, as_of: str
) -> None:
    """Y11T (born 31/08/2011, 16 in 2026/27: of compulsory school age to Fri 25/06/2027) and
    Y10B (born 01/09/2011: to June 2028) each have O on 21 and 22 June and 28 June to 1 July,
    12 sessions.  Only Y10B's count all (10th on Wed 30/06); Y11T's 8 after 25/06 never
    count: 4, not met (DOMAIN.md 5).  On the last day of the year and on 31 August (the
    window the 10 school weeks before the holiday, 10/05 to 21/07)."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-08-31")
    text = _check(school, as_of)
    assert "SurnameY10B, ForenameY10B Y10B Year 10 10A 96.9% green 12 unauthorised sessions " \
        "in the 10 school weeks 10/05/2027 to 21/07/2027 (first met 30/06/2027)" in text
    assert "Y11T" not in text


def test_a_pupil_admitted_on_the_year_s_first_school_day_has_not_joined_since(
    school: dict[str, Path], monkeypatch: pytest.MonkeyPatch, exports: Path
) -> None:
    """A pupil list gives LATE2 and FULL1 the admission date Thu 03/09/2026, the year's
    first school day (a Year 7 intake), and JOIN Mon 22/02/2027.  Only JOIN's figures are
    of part of the year: LATE2's letter says "School year", FULL1's record no "Joined";
    JOIN's letter and record say since 22 February, by the list as by the marks."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-05")
    export = to0503(school, exports)
    pupils = school["tmp"] / "pupils.csv"
    pupils.write_text("UPN,Admission Date\nLATE2,03/09/2026\nFULL1,03/09/2026\n"
                      "JOIN,22/02/2027\n", encoding="utf-8")  # fmt: skip
    out = school["tmp"] / "letters"
    code, _, err = run_cli("letters", export, "--contacts", school["contacts"], "--out", out,
                           "--pupils", pupils)  # fmt: skip
    assert code == 0, err
    late = html_text(out / "LATE2_SurnameLATE2_ForenameLATE2_lateness.html")
    assert "School year (up to 5 March 2027)" in late and "joining" not in late
    joiner = html_text(out / "JOIN_SurnameJOIN_ForenameJOIN_red.html")
    assert "attendance since joining on 22 February 2027 (up to 5 March 2027) is 90.0%" in joiner
    code, text, err = run_cli("pupil", "FULL1", export, "--pupils", pupils)
    assert code == 0, err
    assert "Joined" not in text and "Sessions attended 220 of 220" in " ".join(text.split())
    code, text, err = run_cli("pupil", "JOIN", export, "--pupils", pupils)
    assert code == 0, err
    assert "Joined the roll on 22/02/2027: the figures are from then" in " ".join(text.split())


def test_a_held_letter_of_a_spring_joiner_counts_the_absence_since_joining(
    school: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """JOIN's day of `O` on 01/03 made `I` (illness): as of 05/03, 18 of 20, red, both
    absences illness, so the red letter is held for review (DOMAIN.md 9).  The reason said
    "2 of 2 absence sessions this school year are I": since joining on 22/02/2027.  ILL's
    (on roll all year) still says "this school year"."""
    import polars as pl

    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-05")
    reg = year_register(D(2027, 3, 5)).with_columns(
        pl.when((pl.col("upn") == "JOIN") & (pl.col("date") == D(2027, 3, 1)))
        .then(pl.lit("I"))
        .otherwise(pl.col("raw_mark"))
        .alias("raw_mark")
    )
    export = write_long_csv(reg, school["tmp"] / "ill.csv", dob=True, groups=True)
    code, out, err = run_cli("letters", export, "--contacts", school["contacts"], "--dry-run")
    assert code == 0, err
    text = " ".join(out.replace("│", " ").split())
    assert "2 of 2 absence sessions since joining on 22/02/2027 are I (illness)" in text
    assert "30 of 30 absence sessions this school year are I (illness)" in text
