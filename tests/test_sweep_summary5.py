"""Summary version 5: a week of missing marks only is in the summary's ``weeks``, and the
trust's weekly view says which school recorded no mark and how many (sweep summary5).

The registers, built here, each figure worked out by hand (DOMAIN.md 1-2: a missing mark
is left out of possible sessions, counted and said), term dates Autumn 2026 from Monday
7 September (tests/school.py), 35 school days from 7 September to Friday 23 October
(7 weeks), as of 23 October:

- Ash Primary School, 12 pupils present every session, except that the export holds
  ``-`` (no mark recorded) for every pupil all the week of 12 October and on Wednesday
  21 October:

      weeks of 07/09, 14/09, 21/09, 28/09, 05/10: 5 school days, 120 of 120, no missing mark
      week of 12/10: 5 school days, 0 possible, 12 x 10 = 120 missing marks
      week of 19/10: 5 school days (21/10 one of them), 96 of 96, 12 x 2 = 24 missing marks
      totals: 12 x 70 - 144 = 696 of 696, 144 missing marks

- Birch Academy, 10 pupils present every session, except B01 absent (``O``) all the
  week of 12 October and B02 absent on Monday 19 October (AM and PM):

      weeks of 07/09 to 05/10: 100 of 100; week of 12/10: 90 of 100; 19/10: 98 of 100

The trust's week of 12/10 was Birch's 90 of 100 (90.0 %) alone, called the trust's: Ash's
summary (version 4) had no row for the week.  Now it is withheld and said; its week of
19/10 is (96 + 98) / (96 + 100) = 194 of 196; the weeks before, 220 of 220.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from attcli.config import init_text
from attcli.summary_file import SummaryError, load_summary, parse_summary
from builders import first_weekdays
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS

D = dt.date
OCT12, OCT19 = D(2026, 10, 12), D(2026, 10, 19)
WEEKS = [D(2026, 9, 7) + dt.timedelta(weeks=i) for i in range(7)]
ASH, BIRCH = "Ash Primary School", "Birch Academy"
#: the trust's line for the two schools above
LINE = (
    "sessions with no mark recorded, left out of the figures, by week: 12/10 Ash Primary "
    "School (none recorded all week: 120 missing marks), so the trust's figure for 12/10 is "
    "not shown: it would be the other schools' only; 19/10 Ash Primary School (24 missing "
    "marks)"
)


DAYS = first_weekdays(D(2026, 9, 7), 35)


def _export(path: Path, prefix: str, pupils: int, mark) -> Path:  # noqa: ANN001
    """A long export: ``mark(pupil number, day, session)`` for every session of DAYS."""
    lines = ["UPN,Surname,Forename,Year Group,Date,Session,Mark"]
    for i in range(1, pupils + 1):
        upn = f"{prefix}{i:02d}"
        for day in DAYS:
            for session in ("AM", "PM"):
                lines.append(f"{upn},S{upn},F{upn},Year 3,{day:%d/%m/%Y},{session},"
                             f"{mark(i, day, session)}")  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ash_mark(i: int, day: dt.date, session: str) -> str:
    return "-" if OCT12 <= day <= D(2026, 10, 16) or day == D(2026, 10, 21) else "/"


def _birch_mark(i: int, day: dt.date, session: str) -> str:
    if (i == 1 and OCT12 <= day <= D(2026, 10, 16)) or (i == 2 and day == OCT19):
        return "O"
    return "/"


def _workspace(folder: Path, name: str, urn: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "attcli.toml"
    details = {**DETAILS, "name": name, "urn": urn}
    config.write_text(init_text(details) + AUTUMN_HALF_TERMS + extra, encoding="utf-8")
    return config


def _summary(tmp_path: Path, name: str, urn: str, export: Path) -> Path:
    out = tmp_path / f"{urn}.summary.json"
    code, _, err = run_cli("summary", export, "-c", _workspace(tmp_path / urn, name, urn),
                           "-o", out)  # fmt: skip
    assert code == 0, err
    return out


def _week(start: dt.date, days: int, possible: int, attended: int, missing: int) -> dict:
    return {"week_start": start.isoformat(), "school_days": days, "possible": possible,
            "attended": attended, "authorised": 0, "unauthorised": possible - attended,
            "missing_marks": missing}  # fmt: skip


def _text(page: str) -> str:
    page = re.sub(r"<svg.*?</svg>|<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


@pytest.fixture
def ash(tmp_path: Path) -> Path:
    return _summary(tmp_path, ASH, "100011", _export(tmp_path / "a-reg.csv", "A", 12, _ash_mark))


@pytest.fixture
def birch(tmp_path: Path) -> Path:
    return _summary(tmp_path, BIRCH, "100012",
                    _export(tmp_path / "b-reg.csv", "B", 10, _birch_mark))  # fmt: skip


# --------------------------------------------------------------------------- the file


def test_a_week_of_missing_marks_only_is_in_the_summary_s_weeks(ash):
    """By hand (above): the week of 12/10 is a row of its own, 5 school days, no session,
    120 missing marks; every row carries its count, the week of 19/10 its 24; the rows'
    counts add up to totals.missing_marks (144)."""
    doc = json.loads(ash.read_text(encoding="utf-8"))
    assert doc["version"] == 5
    assert (doc["totals"]["possible"], doc["totals"]["attended"]) == (696, 696)
    assert doc["totals"]["missing_marks"] == 144
    assert doc["weeks"] == [
        *(_week(w, 5, 120, 120, 0) for w in WEEKS[:5]),
        _week(OCT12, 5, 0, 0, 120),
        _week(OCT19, 5, 96, 96, 24),
    ]
    s = load_summary(ash)
    assert s.version == 5
    assert s.week_missing == {**dict.fromkeys(WEEKS[:5], 0), OCT12: 120, OCT19: 24}
    assert s.weeks[OCT12][0] == 5 and s.weeks[OCT12][1].possible == 0


def test_a_week_with_one_marked_session_is_not_missing_marks_only(tmp_path):
    """The boundary: in Ash's week of 12/10 pupil A01 is present on Monday morning, every
    other session '-'.  The week holds 1 possible session, attended, and 120 - 1 = 119
    missing marks: a week with figures, its missing marks counted; the trust's figure for
    it is shown, (1 + 90) / (1 + 100) of it, and the line gives Ash's 119 but not "none
    recorded all week"."""

    def mark(i: int, day: dt.date, session: str) -> str:
        if i == 1 and day == OCT12 and session == "AM":
            return "/"
        return _ash_mark(i, day, session)

    ash = _summary(tmp_path, ASH, "100011", _export(tmp_path / "a-reg.csv", "A", 12, mark))
    birch = _summary(tmp_path, BIRCH, "100012",
                     _export(tmp_path / "b-reg.csv", "B", 10, _birch_mark))  # fmt: skip
    doc = json.loads(ash.read_text(encoding="utf-8"))
    assert doc["weeks"][5] == _week(OCT12, 5, 1, 1, 119)
    assert doc["totals"]["missing_marks"] == 143
    report = _trust_report([ash, birch])
    assert report.weekly["(trust)"][5] == Fraction(100 * 91, 101)
    assert (
        "sessions with no mark recorded, left out of the figures, by week: 12/10 Ash Primary "
        "School (119 missing marks); 19/10 Ash Primary School (24 missing marks)"
    ) in report.notes


def test_a_holiday_week_has_no_row(tmp_path):
    """The half-term week of 26/10 (term dates) with every pupil's row marked '#' (school
    closed: not possible), the register running on to Friday 6 November: no possible
    session and no missing mark, so no row (a holiday, as decided); the weeks around it
    are 120 of 120, none missing."""
    days = [*DAYS, *(D(2026, 10, 26) + dt.timedelta(days=k) for k in range(5)),
            *(D(2026, 11, 2) + dt.timedelta(days=k) for k in range(5))]  # fmt: skip
    lines = ["UPN,Surname,Forename,Year Group,Date,Session,Mark"]
    for i in range(1, 13):
        for day in days:
            for session in ("AM", "PM"):
                m = "#" if D(2026, 10, 26) <= day <= D(2026, 10, 30) else "/"
                lines.append(f"A{i:02d},SA,FA,Year 3,{day:%d/%m/%Y},{session},{m}")
    export = tmp_path / "a-reg.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = json.loads(_summary(tmp_path, ASH, "100011", export).read_text(encoding="utf-8"))
    starts = [w["week_start"] for w in doc["weeks"]]
    assert "2026-10-26" not in starts
    assert starts[-2:] == ["2026-10-19", "2026-11-02"]
    assert doc["weeks"][-1] == _week(D(2026, 11, 2), 5, 120, 120, 0)
    assert doc["totals"]["missing_marks"] == 0


# --------------------------------------------------------------------------- the reader


def _v4(doc: dict) -> dict:
    """``doc`` as attcli wrote version 4: no missing-mark count, no week of missing marks
    only (and its 19/10 of the school days with a possible session: 4)."""
    old = json.loads(json.dumps(doc))
    old["version"] = 4
    old["weeks"] = [{k: v for k, v in w.items() if k != "missing_marks"}
                    for w in old["weeks"] if w["possible"]]  # fmt: skip
    return old


def test_a_version_4_summary_is_read_as_before(ash):
    doc = json.loads(ash.read_text(encoding="utf-8"))
    s = parse_summary(_v4(doc), "ash-v4.json")
    assert s.version == 4 and s.week_missing is None
    assert OCT12 not in s.weeks and s.missing_marks == 144
    # a version-4 file carrying version 5's key is refused, as any key not of its version
    bad = _v4(doc)
    bad["weeks"][0]["missing_marks"] = 0
    with pytest.raises(SummaryError, match=r"key 'weeks\[0\]\.missing_marks': not part of a "
                       r"version-4 summary"):  # fmt: skip
        parse_summary(bad, "ash-v4.json")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["weeks"][5].__setitem__("missing_marks", -1),
         "key 'weeks[5].missing_marks': a count cannot be negative, got -1"),
        (lambda d: d["weeks"][5].__setitem__("missing_marks", 1.5),
         "key 'weeks[5].missing_marks': expected a count (a whole number), got 1.5"),
        (lambda d: d["weeks"][5].__setitem__("missing_marks", True),
         "key 'weeks[5].missing_marks': expected a count (a whole number), got True"),
        (lambda d: d["weeks"][5].pop("missing_marks"), "key 'weeks[5].missing_marks': missing"),
        # the rows' counts add up to the school's
        (lambda d: d["weeks"][6].__setitem__("missing_marks", 23),
         "key 'weeks': their missing_marks add up to 143, not totals.missing_marks (144)"),
        # a row of no session and no missing mark is no school week: a holiday has no row
        (lambda d: d["weeks"].__setitem__(4, _week(D(2026, 10, 5), 5, 0, 0, 0)),
         "key 'weeks[4]': no possible session and no missing mark: a week with neither is "
         "no school week (a holiday has no row)"),
        (lambda d: d.__setitem__("version", 6),
         "key 'version': version 6 was made by a newer attcli than this one, which reads "
         "version 5: update attcli"),
    ],
)  # fmt: skip
def test_the_reader_checks_each_week_s_missing_marks(ash, edit, message):
    doc = json.loads(ash.read_text(encoding="utf-8"))
    edit(doc)
    path = ash.parent / "edited.summary.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SummaryError) as exc:
        load_summary(path)
    assert str(exc.value) == f"{path}: {message}"
    assert "\n" not in str(exc.value)


# --------------------------------------------------------------------------- the trust


def _trust_report(paths):  # noqa: ANN001, ANN202
    from attcli.report.trust import build_trust, load_summaries

    return build_trust(load_summaries(paths), NS(min_cohort=5, title="x", national=None))


def test_the_trust_s_week_of_a_school_with_no_mark_is_withheld_and_said(ash, birch, tmp_path):
    """From the two summary files: the trust's 12/10 is withheld (it was Birch's 90 of 100,
    90.0 %, called the trust's), Ash's 12/10 shows no figure, and one line names the school
    and its missing marks, in the page's weekly section, its notes, the workbook's Weekly
    sheet and the terminal.  The weeks before: 220 of 220; 19/10: 194 of 196."""
    report = _trust_report([ash, birch])
    assert report.weeks == WEEKS
    assert report.weekly["(trust)"] == [100] * 5 + [None, Fraction(100 * 194, 196)]
    assert report.weekly[ASH] == [100] * 5 + [None, 100]
    assert report.weekly[BIRCH] == [100] * 5 + [90, 98]
    assert LINE in report.notes
    out = tmp_path / "trust.html"
    code, stdout, err = run_cli("report", "--trust", ash, birch, "-o", out)
    assert code == 0, err
    assert LINE in " ".join((stdout + err).split())
    text = _text(out.read_text(encoding="utf-8"))
    weekly = text[text.index("Weekly attendance") : text.index("Cohorts against")]
    assert "12/10 19/10" in weekly
    assert re.search(r"Trust (100\.0 % ){5}– 99\.0 %", weekly), weekly
    assert re.search(r"Ash Primary School (100\.0 % ){5}– 100\.0 %", weekly), weekly
    # (on the page a sentence of its own, so begun with a capital: sweep looks10)
    assert "S" + LINE[1:] in weekly
    assert "S" + LINE[1:] in text[text.index("Notes") :]
    from openpyxl import load_workbook

    book = tmp_path / "trust.xlsx"
    code, _, err = run_cli("report", "--trust", ash, birch, "-o", book)
    assert code == 0, err
    wb = load_workbook(book)
    rows = list(wb["Weekly"].iter_rows(values_only=True))
    trust = next(r for r in rows if r[0] == "Trust")
    # (the workbook holds the figure the page shows: 194 of 196 is 98.98 %, shown 99.0 %)
    assert trust[6] is None and trust[7] == pytest.approx(0.99)
    # (a note in its cell: a sentence, sweep leftovers14)
    assert ("S" + LINE[1:],) in [tuple(c for c in r if c is not None) for r in rows]


def test_the_trust_from_exports_says_the_week_its_register_holds_no_mark(tmp_path):
    """The same, from the schools' exports ([schools.a] and [schools.b]): each school's
    register summarised as version 5, the week named."""
    schools = (
        '\n[schools.a]\nname = "Ash Primary School"\nurn = "100011"\nfiles = ["a-*"]\n'
        '\n[schools.b]\nname = "Birch Academy"\nurn = "100012"\nfiles = ["b-*"]\n'
    )
    config = _workspace(tmp_path / "trust", "Oak Trust", "500000", schools)
    a = _export(tmp_path / "a-reg.csv", "A", 12, _ash_mark)
    b = _export(tmp_path / "b-reg.csv", "B", 10, _birch_mark)
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "-o", out)
    assert code == 0, err
    text = _text(out.read_text(encoding="utf-8"))
    assert "S" + LINE[1:] in text  # (the page's sentence: sweep looks10)
    assert re.search(r"Trust (100\.0 % ){5}– 99\.0 %", text), text


def test_a_version_4_summary_is_read_as_before_by_the_trust(ash, birch, tmp_path):
    """A version-4 summary cannot say its week of missing marks: the trust reads it as
    before (its 12/10 is Birch's 90 of 100, and no line), the limit docs/trust.md states."""
    old = tmp_path / "ash-v4.summary.json"
    old.write_text(json.dumps(_v4(json.loads(ash.read_text(encoding="utf-8")))),
                   encoding="utf-8")  # fmt: skip
    report = _trust_report([old, birch])
    assert report.weekly["(trust)"][5] == 90
    assert not any("by week" in n for n in report.notes)


def test_a_hidden_school_s_week_of_no_mark_is_named_without_its_count(ash, birch, tmp_path):
    """Cedar (3 pupils, hidden) recorded no mark in the week of 12/10: the trust's figure for
    12/10 is withheld as for Ash, and the line names Cedar without a count (3 x 10 = 30
    would give its pupils away)."""

    def mark(i: int, day: dt.date, session: str) -> str:
        return "-" if OCT12 <= day <= D(2026, 10, 16) else "/"

    cedar = _summary(tmp_path, "Cedar School", "100013",
                     _export(tmp_path / "c-reg.csv", "C", 3, mark))  # fmt: skip
    report = _trust_report([ash, birch, cedar])
    assert report.weekly["(trust)"][5] is None
    line = next(n for n in report.notes if n.startswith("sessions with no mark recorded"))
    assert (
        "12/10 Ash Primary School (none recorded all week: 120 missing marks) and Cedar "
        "School (none recorded all week), so the trust's figure for 12/10 is not shown"
    ) in line
    assert "30" not in line


def test_a_school_hidden_beside_a_small_one_gives_no_count_of_its_week_of_no_mark(
    ash, tmp_path
):
    """Cedar (3 pupils) is hidden, and Birch (10) with it, so that Cedar cannot be worked
    out from the trust's total.  Birch recorded no mark all the week of 12/10: 10 x 10 =
    100 missing marks, its only ones.  Its note gave "100 sessions with no mark", and with
    the line saying they were one whole week, 100 / 10 sessions gave its 10 pupils, and the
    trust's 25 less Ash's 12 and Birch's 10 Cedar's 3.  Neither says the count now."""

    def no_week(i: int, day: dt.date, session: str) -> str:
        return "-" if OCT12 <= day <= D(2026, 10, 16) else "/"

    birch = _summary(tmp_path, BIRCH, "100012", _export(tmp_path / "b-reg.csv", "B", 10, no_week))
    cedar = _summary(tmp_path, "Cedar School", "100013",
                     _export(tmp_path / "c-reg.csv", "C", 3, lambda *_: "/"))  # fmt: skip
    report = _trust_report([ash, birch, cedar])
    assert {s.name for s in report.schools if s.hidden} == {BIRCH, "Cedar School"}
    assert report.weekly["(trust)"][5] is None
    said = " ".join(report.notes)
    assert "100 " not in said and "100 missing" not in said
    assert "Birch Academy (none recorded all week)" in said
    assert (
        "Birch Academy: sessions with no mark (left out of possible sessions; how many is not "
        "shown, as the school is not shown): its figures will change as its register is "
        "corrected"
    ) in report.notes
