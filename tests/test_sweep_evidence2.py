"""Sweep evidence2: the evidence packs as the local authority that receives them reads
them (DOMAIN.md 5, 9, 12; docs/evidence.md).

The registers are hand made (tests/builders.py) from Monday 7 September 2026, the
half-term holiday 26-30 October, every pupil present unless said; P is the pupil of the
pack, Mrs Ann Parent (contact CP) the parent.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

P = "/\\"
HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    out, d = [], start
    while d <= end:
        if d.weekday() < 5 and d not in HOLIDAY:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def _school(
    tmp_path: Path, marks: dict[dt.date, str], *, others: int = 1, extra: str = ""
) -> tuple[Path, Path, Path]:
    """(export, config, contacts): P with ``marks`` (day: token; else present) and
    ``others`` pupils present every day, 7 September to Friday 27 November 2026."""
    days = _days(dt.date(2026, 9, 7), dt.date(2026, 11, 27))
    pupils = {f"A{i}": " ".join([P] * len(days)) for i in range(others)}
    pupils["P"] = " ".join(marks.get(d, P) for d in days)
    reg = register(pupils, holidays=HOLIDAY)
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", extra)
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def _evidence(
    export: Path, config: Path, contacts: Path, *more: str | Path,
    kind: str = "penalty-notice", as_of: str = "2026-11-27",
):  # fmt: skip
    return run_cli(
        "evidence", "P", export, "-c", config, "--contacts", contacts,
        "--for", kind, "--as-of", as_of, *more,
    )  # fmt: skip


O_WEEK = {dt.date(2026, 11, 16) + dt.timedelta(days=i): "OO" for i in range(4)}  # 8 O


def test_a_mark_on_a_stray_day_in_the_window_makes_the_pack_incomplete(tmp_path):
    """No term dates: Wed 28 Oct (the half-term week) has marks for P only, G both
    sessions: 1 of the 13 pupils on roll, a stray day (not taken as a school day: a
    mistyped date, or a register opened on a holiday). The G still count, as the MIS counts
    them: 8 O + 2 G = 10 in the 10 school weeks 14/09 to 27/11, the threshold met. The
    pack was "complete", its 10th session resting on a day the check itself says is not a
    school day, unsaid; the local authority would return a request resting on a mark
    recorded while the school was shut. Each such session is a problem of the pack."""
    export, config, contacts = _school(tmp_path, O_WEEK, others=12)
    with export.open("a", encoding="utf-8") as f:
        for s in ("AM", "PM"):
            f.write(f"P,SurnameP,ForenameP,01/10/2014,Year 7,7A,28/10/2026,{s},G\n")
    code, out, err = _evidence(export, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    doc = json.loads(out)
    assert len(doc["window"]["unauthorised_sessions"]) == 10  # (they count, as decided)
    assert doc["complete"] is False
    assert [p[:30] for p in doc["problems"]] == ["Wed 28/10/2026 AM G: only 1 of", "Wed 28/10/2026 PM G: only 1 of"]
    assert "13 pupils on roll" in doc["problems"][0] and "check" in doc["problems"][0]
    code, _, err = _evidence(export, config, contacts, "-o", tmp_path / "p.pdf")
    assert code == 1 and not (tmp_path / "p.pdf").exists()
    assert "2 problems above" in err and "fix them in the MIS" in err


ROLLOVER_SUMMER = """
[[calendar.half_terms]]
name = "Summer 2"
start = 2026-06-08
end = 2026-07-17

[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-03
end = 2026-10-23
"""


def test_a_pack_before_the_first_school_day_counts_the_weeks_the_exports_hold(tmp_path):
    """The exports hold Summer 2 (Mon 8 Jun to Fri 17 Jul 2026: 6 school weeks) and the
    autumn from Thu 3 Sep. As of Wed 2 Sep, before the year's first school day, the window
    is the 10 school weeks that ended before it (DOMAIN.md 5): the week of Mon 31 Aug has
    no school day on or before 2 Sep, so it is none of them, and the exports hold 6 of the
    10 (the check's note says 6). The pack said "the exports hold 7 of the 10 school weeks
    up to 02/09/2026", counting the week of 31 Aug."""
    from builders import across

    summer = _days(dt.date(2026, 6, 8), dt.date(2026, 7, 17))
    autumn = _days(dt.date(2026, 9, 3), dt.date(2026, 9, 11))
    reg = across(
        (dt.date(2026, 6, 8), {"A": " ".join([P] * len(summer)), "P": " ".join([P] * len(summer))}),
        (dt.date(2026, 9, 3), {"A": " ".join([P] * len(autumn)), "P": " ".join([P] * len(autumn))}),
    )  # fmt: skip
    export = write_long_csv(reg, tmp_path / "x.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", ROLLOVER_SUMMER)
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    code, out, err = run_cli(
        "evidence", "P", export, "-c", config, "--contacts", contacts, "--for",
        "penalty-notice", "--as-of", "2026-09-02", "--format", "json", "--draft",
    )  # fmt: skip
    assert code == 0, err
    held = [p for p in json.loads(out)["problems"] if p.startswith("the exports hold")]
    assert held == [
        "the exports hold 6 of the 10 school weeks up to 02/09/2026: export the register "
        "from before 08/06/2026"
    ]
    assert "the exports hold 6 of the 10 school weeks" in " ".join(err.split())


def test_the_pack_gives_the_date_the_threshold_was_first_met(tmp_path):
    """DOMAIN.md 5: the threshold is reported with the first date in the period at which
    it was met, the window's dates and its sessions (the evidence); the pupil record and
    the check give it ("first met 09/10/2026"), the pack gave the window and the sessions
    only. P: O every session Mon 5 - Fri 9 Oct (10: met on Fri 9 Oct, the 10th session
    that afternoon) and Mon 16 Nov: 12 in the window 14/09 to 27/11."""
    marks = {dt.date(2026, 10, 5) + dt.timedelta(days=i): "OO" for i in range(5)}
    marks[dt.date(2026, 11, 16)] = "OO"
    export, config, contacts = _school(tmp_path, marks)
    code, out, err = _evidence(export, config, contacts, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["complete"] is True and len(doc["window"]["unauthorised_sessions"]) == 12
    assert doc["window"]["first_met"] == "2026-10-09"
    code, _, err = _evidence(export, config, contacts, "-o", tmp_path / "p.pdf")
    assert code == 0, err
    import pypdf

    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(tmp_path / "p.pdf")).pages).split())
    assert "the threshold is 10, first met on 09/10/2026." in text


def test_a_pack_whose_threshold_was_never_met_says_no_first_date(tmp_path):
    """9 O (Mon 16 AM - Fri 20 Nov AM): never 10; JSON first_met null, nothing said of it."""
    marks = {dt.date(2026, 11, 16) + dt.timedelta(days=i): "OO" for i in range(4)}
    marks[dt.date(2026, 11, 20)] = "O\\"
    export, config, contacts = _school(tmp_path, marks)
    code, out, err = _evidence(export, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    assert json.loads(out)["window"]["first_met"] is None


SEED004 = (
    Path(__file__).resolve().parents[1] / "src" / "attcli" / "templates" / "ladders" / "seed004.toml"
).read_text(encoding="utf-8")


def test_a_referral_s_monitoring_periods_are_readable_on_the_page(tmp_path):
    """Seed 004's ladder (shipped): a letter on Mon 5 Oct and a review meeting on Mon 12
    Oct. The referral's table of monitoring periods sized its Stage column to the stage's
    whole title ("Attendance review meeting (persistent absence, weekly monitoring)", cut
    to "... weekly monit…"), which left "Improved when" and "Outcome" a word wide: "at /
    least / 1 / point ..." a word a line, the outcome printed over it and run off the
    page. Each column now wraps: what counts as improvement reads in lines of words, and
    the stage's title whole."""
    import pypdf

    marks = {dt.date(2026, 10, 1): "OO", dt.date(2026, 10, 2): "OO"}
    export, config, contacts = _school(tmp_path, marks, extra=SEED004)
    assert run_cli("cases", export, "-c", config, "--as-of", "2026-11-27")[0] == 0
    for action, day in (("letter", "2026-10-05"), ("review_meeting", "2026-10-12")):
        code, _, err = run_cli("case", "record", "P", "--action", action, "--date", day, "-c", config)
        assert code == 0, err
    out = tmp_path / "ref.pdf"
    code, _, err = run_cli(
        "evidence", "P", export, "-c", config, "--contacts", contacts, "--for", "referral",
        "--as-of", "2026-11-27", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    chunks: list[str] = []
    for page in pypdf.PdfReader(str(out)).pages:
        page.extract_text(visitor_text=lambda t, *_: chunks.append(t.strip()) if t.strip() else None)
    # (a line of the column holds several words, not one)
    assert any(c.startswith("at least 1 point") for c in chunks), chunks
    text = " ".join(" ".join(chunks).split())
    assert "Attendance review meeting (persistent absence, weekly monitoring)" in text


def test_a_draft_whose_window_no_longer_meets_the_threshold_gives_no_first_date_on_the_page(
    tmp_path,
):
    """O every session Mon 7 - Fri 11 Sep (met on Fri 11 Sep) and 8 O 16-19 Nov: the window
    to 27 Nov (from 14 Sep) holds the 8 only. The JSON gives the year's first date
    (2026-09-11); the page says nothing of it, as its window does not meet the threshold."""
    import pypdf

    marks = {dt.date(2026, 9, 7) + dt.timedelta(days=i): "OO" for i in range(5)}
    export, config, contacts = _school(tmp_path, {**marks, **O_WEEK})
    code, out, err = _evidence(export, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["window"]["first_met"] == "2026-09-11"
    assert len(doc["window"]["unauthorised_sessions"]) == 8
    code, _, err = _evidence(export, config, contacts, "--draft", "-o", tmp_path / "p.pdf")
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(tmp_path / "p.pdf")).pages).split())
    assert "the threshold is 10." in text and "first met" not in text
