"""A monitoring period that ends in a holiday is reviewed in the first run after it, once
(docs/cases.md step 4, "Reviews ending this week"; DOMAIN.md 11).

A tester's seed 004 year: Daisy's review-meeting period 28/09 to 25/10 ended in the
October half term (80.6 % before, 92.5 % over it: improved). The runs as of 23/10 had
her monitoring; in the run as of 06/11 she had simply gone, in no list: a period was
listed "in the week E falls in", and no run's as-of date falls in a holiday week. At
Christmas five pupils whose periods ended Sunday 20/12 went the same way.

The register is hand made (tests/builders.py): Mon 7 Sep 2026 to Fri 15 Jan 2027, the
half-term holiday 26-30 Oct, Christmas 21 Dec - 1 Jan, term dates listed.  The ladder: a
letter at 93 % or below, 4 weeks, leave when 1 point better or 95 % over the period; a
meeting after it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import as_in_a_test, run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
SPRING = """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
"""
LADDER = """
[escalation]
improve_points = 1
improve_to = 95
[[escalation.stages]]
name = "letter"
action = "letter"
template = "amber"
when_at_most = 93
weeks = 4
[[escalation.stages]]
name = "meeting"
action = "meeting"
after = "letter"
"""
HOLIDAYS = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)] + [
    D(2026, 12, 21) + dt.timedelta(days=i) for i in range(12)
]
#: the days each pupil missed: (day, token); every other school day present
MISSED = {
    # Daisy: 7-9 Sep (6 sessions) before the letter of Mon 28 Sep; in its period (28 Sep -
    # Sun 25 Oct) Mon 5 Oct and Tue 6 Oct PM (3 sessions)
    "DAISY": {D(2026, 9, 7): "O", D(2026, 9, 8): "O", D(2026, 9, 9): "O",
              D(2026, 10, 5): "O", D(2026, 10, 6): "/O"},
    # Carol: Mon 9 - Thu 12 Nov (8 sessions) before the letter of Mon 23 Nov
    "CAROL": {D(2026, 11, 9 + i): "O" for i in range(4)},
    # Eve: 7-9 Sep (6 sessions) before the letter of Wed 16 Sep
    "EVE": {D(2026, 9, 7): "O", D(2026, 9, 8): "O", D(2026, 9, 9): "O"},
}  # fmt: skip


def _export(tmp_path: Path) -> Path:
    days, day = [], D(2026, 9, 7)
    while day <= D(2027, 1, 15):
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    pupils = {u: " ".join(m.get(d, "/\\") for d in days) for u, m in MISSED.items()}
    return write_long_csv(register(pupils, holidays=HOLIDAYS), tmp_path / "jan.csv")


def _workspace(tmp_path: Path) -> tuple[Path, Path]:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + SPRING + LADDER), _export(tmp_path)


def _run(ws: Path, exp: Path, as_of: str, text: bool = True) -> tuple[str, dict]:
    """``cases`` as of ``as_of`` (each run records the check: the same date's run replaces
    itself): the table's text, then the JSON.  ``text=False`` where the test reads only
    the JSON or nothing (a run for the record): the JSON's run alone (the table's was the
    same run, as of the same date, on the same export, replaced by it)."""
    out = ""
    if text:
        code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", as_of, width=200)
        assert code == 0, err
    code, js, err = run_cli("cases", exp, "-c", ws, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return " ".join(out.replace("│", " ").split()), {
        c["upn"]: c for c in json.loads(js)["cases"]
    }


def _record(ws: Path, upn: str, day: str) -> None:
    code, _, err = run_cli("case", "record", upn, "--action", "letter", "--date", day, "-c", ws)
    assert code == 0, err


@pytest.fixture(scope="module")
def daisy_letter(tmp_path_factory) -> Path:
    """The workspace and export after the run as of Fri 25 Sep and Daisy's letter of Mon
    28 Sep on record: the three Daisy tests' first steps, the same each time, made once
    for the module (each test copies it before its own runs write to it)."""
    folder = tmp_path_factory.mktemp("daisy-letter")
    with as_in_a_test(folder):
        ws, exp = _workspace(folder)
        _run(ws, exp, "2026-09-25", text=False)
        _record(ws, "DAISY", "2026-09-28")
    return folder


def _daisy(tmp_path: Path, daisy_letter: Path) -> tuple[Path, Path]:
    """A copy of :func:`daisy_letter`'s workspace and export, the test's own."""
    shutil.copytree(daisy_letter / "ws", tmp_path / "ws")
    shutil.copy2(daisy_letter / "jan.csv", tmp_path / "jan.csv")
    return tmp_path / "ws" / "attcli.toml", tmp_path / "jan.csv"


def _left(c: dict, since: str, end: str, before: tuple, over: tuple) -> None:
    assert (c["status"], c["stage"], c["since"], c["period_end"], c["reviewed_on"]) == (
        "left", "letter", since, end, end,
    )  # fmt: skip
    assert c["improved"] is True and c["due"] is None
    assert (c["before"]["attended"], c["before"]["possible"]) == before
    assert (c["since_stage"]["attended"], c["since_stage"]["possible"]) == over


def test_a_period_ending_in_the_half_term_is_reviewed_in_the_first_run_after_it(
    tmp_path, daisy_letter
):
    """Daisy's letter Mon 28 Sep: 4 weeks to Sun 25 Oct, in the half term.  Before it (31
    Aug - 27 Sep) the school days 7-25 Sep, 30 sessions, 6 missed: 24/30 = 80 %; over it
    28 Sep - 23 Oct, 40 sessions, 3 missed: 37/40 = 92.5 % >= 81: improved, she leaves.
    As of Fri 23 Oct: monitoring (the period has not ended).  As of Fri 6 Nov (the last
    school week before its week is 19-23 Oct, so periods ending after Fri 23 Oct are
    listed): she left the ladder, under "Reviews ended since the last school week", the
    period 28/09-25/10, in the holiday.  Before, she was in no list at all.  As of Fri 13
    Nov: not listed again, nothing due (100 % since leaving)."""
    ws, exp = _daisy(tmp_path, daisy_letter)
    _, c = _run(ws, exp, "2026-10-23", text=False)
    assert (c["DAISY"]["status"], c["DAISY"]["period_end"]) == ("monitoring", "2026-10-25")
    text, c = _run(ws, exp, "2026-11-06")
    _left(c["DAISY"], "2026-09-28", "2026-10-25", (24, 30), (37, 40))
    assert "Reviews ended since the last school week (after 23/10/2026) (1)" in text
    assert (
        "DAISY SurnameDAISY, ForenameDAISY letter 28/09-25/10 (in the holiday) 80.0% (24 of 30 sessions) "
        "92.5% (37 of 40 sessions) improved: leaves the ladder"
    ) in text
    text, c = _run(ws, exp, "2026-11-13")
    assert "DAISY" not in c and "Reviews" not in text


def test_a_period_ending_in_the_christmas_holiday_is_reviewed_in_january(tmp_path):
    """Carol's letter Mon 23 Nov: 4 weeks to Sun 20 Dec.  Before it (26 Oct - 22 Nov) the
    school days 2-20 Nov, 30 sessions, 8 missed: 22/30 = 73.3 %; over it 23 Nov - 18 Dec,
    40/40 = 100 %: improved.  As of Fri 18 Dec: monitoring.  As of Fri 8 Jan (the last
    school week before is 14-18 Dec, two holiday weeks between): she left, listed once;
    as of Fri 15 Jan: gone (before, she was in no run's list)."""
    ws, exp = _workspace(tmp_path)
    _run(ws, exp, "2026-11-20", text=False)
    _record(ws, "CAROL", "2026-11-23")
    _, c = _run(ws, exp, "2026-12-18", text=False)
    assert (c["CAROL"]["status"], c["CAROL"]["period_end"]) == ("monitoring", "2026-12-20")
    text, c = _run(ws, exp, "2027-01-08")
    _left(c["CAROL"], "2026-11-23", "2026-12-20", (22, 30), (40, 40))
    assert "Reviews ended since the last school week (after 18/12/2026) (1)" in text
    assert (
        "23/11-20/12 (in the holiday) 73.3% (22 of 30 sessions) 100.0% (40 of 40 sessions) improved: leaves the ladder"
    ) in text
    text, c = _run(ws, exp, "2027-01-15")
    assert "CAROL" not in c and "Reviews" not in text


def test_a_monday_run_after_the_half_term_reviews_it_once(tmp_path, daisy_letter):
    """Runs as of each Monday: as of Mon 19 Oct Daisy is monitoring; as of Mon 2 Nov (the
    last school week before is 19-23 Oct: periods ending after Mon 19 Oct) she left,
    listed; as of Mon 9 Nov (the week before, 2-6 Nov, a school week: after Mon 2 Nov, as
    before) she is not listed again."""
    ws, exp = _daisy(tmp_path, daisy_letter)
    _, c = _run(ws, exp, "2026-10-19", text=False)
    assert c["DAISY"]["status"] == "monitoring"
    text, c = _run(ws, exp, "2026-11-02")
    _left(c["DAISY"], "2026-09-28", "2026-10-25", (24, 30), (37, 40))
    assert "Reviews ended since the last school week (after 19/10/2026) (1)" in text
    text, c = _run(ws, exp, "2026-11-09")
    assert "DAISY" not in c and "Reviews" not in text


def test_a_run_in_the_holiday_reviews_it_and_the_run_after_does_not_again(
    tmp_path, daisy_letter
):
    """A run as of Fri 30 Oct, in the half term, lists Daisy's period (ended Sun 25 Oct);
    the run as of Fri 6 Nov reaches back over the holiday only to that run on record (30
    Oct), so it does not list her again."""
    ws, exp = _daisy(tmp_path, daisy_letter)
    _run(ws, exp, "2026-10-23", text=False)
    _, c = _run(ws, exp, "2026-10-30", text=False)
    _left(c["DAISY"], "2026-09-28", "2026-10-25", (24, 30), (37, 40))
    text, c = _run(ws, exp, "2026-11-06")
    assert "DAISY" not in c and "Reviews" not in text


def test_a_period_ending_on_a_school_day_is_reviewed_that_week_only(tmp_path):
    """As before: Eve's letter Wed 16 Sep, 4 weeks to Tue 13 Oct.  Before it (19 Aug - 15
    Sep) 7-15 Sep, 14 sessions, 6 missed: 8/14 = 57.1 %; over it 40/40 = 100 %: improved.
    As of Fri 9 Oct: monitoring; as of Fri 16 Oct: listed under "Reviews ending this
    week" (the week before a school week); as of Fri 23 Oct: gone."""
    ws, exp = _workspace(tmp_path)
    _run(ws, exp, "2026-09-15", text=False)
    _record(ws, "EVE", "2026-09-16")
    _, c = _run(ws, exp, "2026-10-09", text=False)
    assert c["EVE"]["status"] == "monitoring"
    text, c = _run(ws, exp, "2026-10-16")
    _left(c["EVE"], "2026-09-16", "2026-10-13", (8, 14), (40, 40))
    assert "Reviews ending this week (1)" in text
    assert "16/09-13/10 57.1% (8 of 14 sessions) 100.0% (40 of 40 sessions) improved: leaves the ladder" in text
    text, c = _run(ws, exp, "2026-10-23")
    assert "EVE" not in c and "Reviews" not in text


def test_review_window_reaches_back_over_a_holiday_to_the_last_school_week():
    """The rule alone (attcli.ladder.review_window): school days Mon-Fri 7 Sep - 23 Oct and
    2 - 13 Nov.  As of Fri 13 Nov: after Fri 6 Nov (the 7 days, as before).  As of Fri 6
    Nov: after Fri 23 Oct, the holiday Sat 24 Oct - Sun 1 Nov.  As of Mon 2 Nov: after
    Mon 19 Oct.  With a run on record as of Fri 30 Oct: after it.  As of Fri 11 Sep, no
    school week before: the 7 days."""
    from attcli.ladder import review_window

    days = [d for d in (D(2026, 9, 7) + dt.timedelta(days=i) for i in range(68))
            if d.weekday() < 5 and d not in HOLIDAYS]  # fmt: skip
    weeks = sorted({d - dt.timedelta(days=d.weekday()) for d in days})
    assert days[-1] == D(2026, 11, 13)
    w = review_window(D(2026, 11, 13), days, weeks)
    assert (w.after, w.holiday) == (D(2026, 11, 6), None)
    w = review_window(D(2026, 11, 6), days, weeks)
    assert (w.after, w.holiday) == (D(2026, 10, 23), (D(2026, 10, 24), D(2026, 11, 1)))
    assert w.lists(D(2026, 10, 25)) and w.in_holiday(D(2026, 10, 25))
    assert not w.lists(D(2026, 10, 23)) and w.lists(D(2026, 11, 6))
    assert review_window(D(2026, 11, 2), days, weeks).after == D(2026, 10, 19)
    assert review_window(D(2026, 11, 6), days, weeks, D(2026, 10, 30)).after == D(2026, 10, 30)
    assert review_window(D(2026, 9, 11), days, weeks).after == D(2026, 9, 4)
