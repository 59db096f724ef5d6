"""Sweep of the report and the summary as a head teacher and a governor read them, second
pass: small registers built by hand, each figure worked out from DOMAIN.md 2-3 first."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from builders import first_weekdays
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace


def _export(path: Path, days: list[dt.date], pupils: dict[str, tuple[str, str]]) -> Path:
    """A long export with an FSM column: upn -> (one mark for every session, FSM)."""
    lines = ["UPN,Surname,Forename,Year Group,FSM,Date,Session,Mark"]
    for upn, (mark, fsm) in pupils.items():
        for day in days:
            for session in ("AM", "PM"):
                lines.append(f"{upn},S{upn},F{upn},Year 3,{fsm},{day:%d/%m/%Y},{session},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _text(path: Path) -> str:
    """The HTML's text, tags and charts left out, on one line."""
    text = re.sub(
        r"<svg.*?</svg>|<style.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _report(tmp_path: Path, export: Path, pupils: Path, audience: str) -> str:
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / f"{audience}.html"
    code, _, err = run_cli(
        "report", export, "--pupils", pupils, "-c", config, "-o", out, "--audience", audience
    )
    assert code == 0, err
    return _text(out)


def test_pupils_missing_from_the_pupil_list_take_the_register_s_values_as_said(tmp_path):
    """The register gives FSM for all 6 pupils (P1 and P2 Y); the pupil list gives FSM for
    P1 (N) and P2 (Y) only.  The pupil list wins where both give a value, and the register
    fills in the pupils the list lacks (docs/report.md): FSM = P2 and P6 (register Y), 2
    pupils.  The note said "4 pupil(s) ... not in the pupil list; their fsm count as
    unknown", while their FSM was the register's and none was unknown."""
    days = first_weekdays(dt.date(2026, 9, 7), 10)
    export = _export(tmp_path / "reg.csv", days, {
        "P1": ("/", "Y"), "P2": ("/", "Y"), "P3": ("/", "N"), "P4": ("/", "N"),
        "P5": ("/", "N"), "P6": ("O", "Y"),
    })  # fmt: skip
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("UPN,Surname,Forename,FSM\nP1,SP1,FP1,N\nP2,SP2,FP2,Y\n", encoding="utf-8")
    for audience in ("governors", "staff"):
        text = _report(tmp_path / audience, export, pupils, audience)
        assert "count as unknown" not in text
        assert "4 pupils in the register are not in the pupil list" in text
        assert "their fsm is taken from the register export" in text


def test_a_pupil_list_of_dates_only_says_no_empty_list_of_values(tmp_path):
    """A pupil list of joining and leaving dates only gives no cohort value: the note on
    the pupils it lacks said "their  count as unknown", a list of nothing."""
    days = first_weekdays(dt.date(2026, 9, 7), 10)
    export = _export(tmp_path / "reg.csv", days, {"P1": ("/", "N"), "P2": ("/", "N")})
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("UPN,Admission Date,Leaving Date\nP1,2020-09-01,\n", encoding="utf-8")
    text = _report(tmp_path, export, pupils, "governors")
    assert "their  count" not in text and "their count" not in text
    assert "1 pupil in the register is not in the pupil list pupils.csv" in text


def test_a_week_of_only_a_stray_day_is_no_school_week_in_the_weekly_table(tmp_path):
    """No term dates; 12 pupils present every session of 7 Sep - 23 Oct and 2 - 6 Nov 2026
    (40 days, 80 sessions each); in the half term, one pupil has an O on Wed 28 Oct AM
    (a mistyped date, or a register opened on a holiday).  1 of the 12 on roll is fewer
    than 1 in 10: a stray day, which is no school day of the school and makes no school
    week; its mark still counts for its pupil (docs/decisions.md, "Stray days").

        headline: 12 x 80 + 1 = 961 possible, 960 attended (99.9 %)
        week of 26 Oct: no school day; its 1 session is in the headline, not a week's 0.0 %

    The weekly table had a row "26 October 2026 | 28 October 2026 | 1 | 1 | 0 | 0.0 %"
    (the chart a point at 0 %), a week at 0 % between two at 100 %, and one pupil's session
    and its date in the governors' version."""
    days = [
        d
        for d in first_weekdays(dt.date(2026, 9, 7), 45)
        if not dt.date(2026, 10, 26) <= d <= dt.date(2026, 10, 30)
    ]
    assert len(days) == 40
    export = _export(tmp_path / "reg.csv", days, {f"P{i:02d}": ("/", "N") for i in range(12)})
    with export.open("a", encoding="utf-8") as fh:
        fh.write("P00,SP00,FP00,Year 3,N,28/10/2026,AM,O\n")
    config = make_workspace(tmp_path / "ws")
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-c", config, "-o", out, "--audience", "governors")
    assert code == 0, err
    text = _text(out)
    assert "960 of 961 possible sessions attended" in text
    # a week of a handful of pupils' sessions: a group too small to show, the day one of
    # their dates (the check lists it for the office)
    row = re.search(r"26 October 2026 (\d+) no school day: only a few pupils' marks", text)
    assert row is not None, text[text.index("Weekly figures") :][:900]
    assert row.group(1) == "0"
    assert "28 October 2026" not in text and "28/10/2026" not in text
    # the weeks around it are whole school weeks
    assert "19 October 2026 23 October 2026 5 120 120 100.0 %" in text
    assert "2 November 2026 6 November 2026 5 120 120 100.0 %" in text


def test_a_week_and_a_day_whose_register_is_all_missing_marks_are_said_in_the_weekly_table(
    tmp_path,
):
    """12 pupils present every session of 7 Sep - 23 Oct 2026 (7 weeks, term dates given),
    except that the export holds '-' (no mark recorded) for every pupil all the week of
    12 Oct and on Wed 21 Oct.  A missing mark is left out of possible sessions (DOMAIN.md
    1), so by hand:

        week of 12 Oct: 0 possible (120 missing marks): no figure
        week of 19 Oct: 5 school days, 96 possible (24 missing marks on 21/10), 96 attended
        headline: 12 x 70 - 144 = 696 possible, 696 attended

    The weekly table left the week of 12 Oct out with nothing said (5 Oct was followed by
    19 Oct, as for a holiday) and gave the week of 19 Oct 4 school days; only a count of
    144 missing marks in the notes, for the year."""
    days = first_weekdays(dt.date(2026, 9, 7), 35)
    export = _export(tmp_path / "reg.csv", days, {f"P{i:02d}": ("/", "N") for i in range(12)})
    lines = export.read_text(encoding="utf-8").splitlines()
    blank = {f"{d:%d/%m/%Y}" for d in days if dt.date(2026, 10, 12) <= d <= dt.date(2026, 10, 16)}
    blank.add("21/10/2026")
    lines = [line[:-1] + "-" if line.split(",")[5] in blank else line for line in lines]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-c", config, "-o", out, "--audience", "governors")
    assert code == 0, err
    text = _text(out)
    assert "696 of 696 possible sessions attended" in text
    weekly = text[text.index("Weekly figures") :]
    assert re.search(
        r"12 October 2026 16 October 2026 5 no mark recorded[^|]*120 missing marks", weekly
    ), weekly[:900]
    row = re.search(r"19 October 2026 23 October 2026 (\d+) 96 96 100.0 % \(([^)]*)\)", weekly)
    assert row is not None, weekly[:900]
    assert (
        row.group(1) == "5" and "21/10/2026" in row.group(2) and "24 missing marks" in row.group(2)
    )


def test_a_period_from_after_the_last_half_term_says_why_there_is_no_change(tmp_path):
    """`report --from 2026-11-02` as of Fri 6 Nov 2026: the period is Autumn 2's first
    week; Autumn 1 (to 23 Oct) is in the exports but ended before the period began, so
    there is no change since it to show.  The governors' version said nothing of it (no
    change on the cards, no note), and the staff version said "No previous half term in
    the data", which the exports contradict."""
    days = [
        d
        for d in first_weekdays(dt.date(2026, 9, 7), 45)
        if not dt.date(2026, 10, 26) <= d <= dt.date(2026, 10, 30)
    ]
    export = _export(tmp_path / "reg.csv", days, {f"P{i}": ("/", "N") for i in range(6)})
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    why = (
        "changes since the end of Autumn 1 (23/10/2026) and worsening bands are not shown: "
        "it ended before the period's start (02/11/2026)"
    )
    for audience in ("governors", "staff"):
        out = tmp_path / f"{audience}.html"
        code, _, err = run_cli(
            "report", export, "-c", config, "-o", out, "--from", "2026-11-02",
            "--audience", audience,
        )  # fmt: skip
        assert code == 0, err
        text = _text(out)
        assert "60 of 60 possible sessions attended" in text
        assert "C" + why[1:] in text  # (the page's sentence: sweep looks10)
        assert "No previous half term in the data" not in text


def test_a_session_whose_register_is_all_missing_marks_is_said_in_its_week(tmp_path):
    """As above, with '-' for all 12 pupils on the morning of Wed 21 Oct 2026 only: the
    week of 19 Oct has 5 school days, 108 possible sessions (12 missing marks left out),
    108 attended, and its note says which session: the row read like any full week."""
    days = first_weekdays(dt.date(2026, 9, 7), 35)
    export = _export(tmp_path / "reg.csv", days, {f"P{i:02d}": ("/", "N") for i in range(12)})
    lines = [
        line[:-1] + "-" if ",21/10/2026,AM," in line else line
        for line in export.read_text(encoding="utf-8").splitlines()
    ]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-c", config, "-o", out, "--audience", "governors")
    assert code == 0, err
    weekly = _text(out)[_text(out).index("Weekly figures") :]
    row = re.search(r"19 October 2026 23 October 2026 5 108 108 100.0 % \(([^)]*)\)", weekly)
    assert row is not None, weekly[:900]
    assert "21/10/2026 AM" in row.group(1) and "12 missing marks" in row.group(1)


def test_a_session_with_no_register_in_the_exports_is_said_in_its_week(tmp_path):
    """12 pupils present every session of 7 Sep - 23 Oct 2026, and no row at all for
    Wed 21 Oct PM (its morning registered): a session with no register (docs/decisions.md),
    left out of every pupil's possible sessions.  The week of 19 Oct: 5 school days, 108
    possible, 108 attended, and its note names the session; it read like a full week."""
    days = first_weekdays(dt.date(2026, 9, 7), 35)
    export = _export(tmp_path / "reg.csv", days, {f"P{i:02d}": ("/", "N") for i in range(12)})
    lines = [
        line
        for line in export.read_text(encoding="utf-8").splitlines()
        if ",21/10/2026,PM," not in line
    ]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-c", config, "-o", out, "--audience", "governors")
    assert code == 0, err
    text = _text(out)
    weekly = text[text.index("Weekly figures") :]
    row = re.search(r"19 October 2026 23 October 2026 5 108 108 100.0 % \(([^)]*)\)", weekly)
    assert row is not None, weekly[:900]
    assert "21/10/2026 PM: no register in the exports" in row.group(1)


def test_a_stray_day_in_a_school_week_is_said_and_not_counted_among_its_school_days(tmp_path):
    """Term dates given; 12 pupils present every session of 7 Sep - 23 Oct 2026 but Fri
    16 Oct, on which only one pupil has marks (/ and /): 1 of 12 on roll, a stray day
    (docs/decisions.md), no school day; its 2 sessions count for that pupil.  And no row
    at all for Wed 14 Oct, a day of the term the exports miss (coverage).  The week of
    12 Oct: 3 school days, 12 x 6 + 2 = 74 possible, 74 attended; its note says both
    days (the coverage's note replaced the stray day's)."""
    days = [d for d in first_weekdays(dt.date(2026, 9, 7), 35) if d != dt.date(2026, 10, 14)]
    export = _export(tmp_path / "reg.csv", days, {f"P{i:02d}": ("/", "N") for i in range(12)})
    lines = [
        line
        for line in export.read_text(encoding="utf-8").splitlines()
        if ",16/10/2026," not in line or line.startswith("P00,")
    ]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", export, "-c", config, "-o", out, "--audience", "governors")
    assert code == 0, err
    text = _text(out)
    weekly = text[text.index("Weekly figures") :]
    row = re.search(r"12 October 2026 16 October 2026 (\d) 74 74 100.0 % \((.*?)\) 19 Oct", weekly)
    assert row is not None, weekly[:1200]
    assert row.group(1) == "3", row.group(0)
    assert "16/10/2026: only a few pupils' marks" in row.group(2)
    assert "14/10/2026 not in the exports" in row.group(2)
