"""The --as-of date as office staff give it, in every command (sweep of 4 December
(second), asof), worked out by hand.

The school year 2026/27 from Thu 3 Sep (term dates in the workspace): half terms 26-30 Oct
and 15-19 Feb; Christmas 21 Dec to 1 Jan; every pupil present (``/``) on every school day
but the marks listed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register_rows, write_long_csv
from clirun import run_cli
from school import make_workspace

D = dt.date
DAY = dt.timedelta(days=1)
TERMS = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-03
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18

[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12

[[calendar.half_terms]]
name = "Spring 2"
start = 2027-02-22
end = 2027-03-26
"""
HOLIDAYS = (
    {D(2026, 10, 26) + i * DAY for i in range(5)}
    | {D(2026, 12, 21) + i * DAY for i in range(12)}
    | {D(2027, 2, 15) + i * DAY for i in range(5)}
)


def school_days(first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        if d.weekday() < 5 and d not in HOLIDAYS:
            out.append(d)
        d += DAY
    return out


def export(path: Path, own: dict[str, dict[dt.date, str]], last: dt.date) -> Path:
    """Each pupil's whole-day marks (``own``) from Thu 3 Sep to ``last``, else present."""
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": marks.get(d, "/"),
         "dob": D(2016, 3, 1)}
        for upn, marks in own.items()
        for d in school_days(D(2026, 9, 3), last)
        for s in ("AM", "PM")
    ]  # fmt: skip
    return write_long_csv(register_rows(rows), path, dob=True)


# ----------------------------------------- NEW since last week, right after a holiday
# LATE: G all day Mon 1 Feb (2 sessions) and Tue 9 to Fri 12 Feb (8): 10 unauthorised
# sessions in the window, first met Fri 12 Feb, the last school day before the February
# half term.  OCT2: G all day Mon 12 and Tue 13 Oct (4), Mon 19 Oct (2), Thu 22 and Fri
# 23 Oct (4): first met Fri 23 Oct, the October half term's last day (6 as of Mon 19 Oct).
# A school running its check on Mondays (as of Mon 8 Feb, then Mon 22 Feb after the half
# term) must see LATE as NEW on 22 Feb: as of Mon 8 Feb LATE had 2 sessions.  The week
# before 22 Feb's is the holiday, so "last week" is the last school week's Monday, 8 Feb,
# not Mon 15 Feb (a holiday, whose figures are Fri 12 Feb's, LATE already in the group).


def _g(*days: dt.date) -> dict[dt.date, str]:
    return dict.fromkeys(days, "G")


def new_after_holiday_school(tmp_path: Path) -> tuple[Path, Path]:
    make_workspace(tmp_path / "ws", TERMS)
    own = {
        "LATE": _g(D(2027, 2, 1), *(D(2027, 2, 9) + i * DAY for i in range(4))),
        "OCT2": _g(D(2026, 10, 12), D(2026, 10, 13), D(2026, 10, 19), D(2026, 10, 22),
                   D(2026, 10, 23)),
        "F": {},
    }  # fmt: skip
    return tmp_path / "ws", export(tmp_path / "register.csv", own, D(2027, 2, 26))


def _check(config: Path, exp: Path, as_of: str) -> dict:
    code, out, err = run_cli("--workspace", config, "check", exp, "--as-of", as_of, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def _new(result: dict, upn: str) -> list[str]:
    return next(p for p in result["pupils"] if p["upn"] == upn)["new_groups"]


def test_new_since_last_week_right_after_a_holiday_compares_with_the_last_school_week(
    tmp_path,
):
    config, exp = new_after_holiday_school(tmp_path)
    monday_before = _check(config, exp, "2027-02-08")
    assert "pn" not in next(p for p in monday_before["pupils"] if p["upn"] == "LATE")["groups"]
    after = _check(config, exp, "2027-02-22")
    assert after["compared_with"] == "2027-02-08"
    assert "pn" in _new(after, "LATE")
    # a Friday school: as of Fri 12 Feb LATE is new (not in it on Fri 5 Feb), and as of
    # Fri 26 Feb it is compared with Fri 12 Feb, that school's run before: not new again
    assert "pn" in _new(_check(config, exp, "2027-02-12"), "LATE")
    friday = _check(config, exp, "2027-02-26")
    assert friday["compared_with"] == "2027-02-12" and "pn" not in _new(friday, "LATE")
    # a week after a school week: the 7 days before, as always
    assert _check(config, exp, "2027-02-24")["compared_with"] == "2027-02-10"
    # October: OCT2 met on Fri 23 Oct; as of Mon 2 Nov it is compared with Mon 19 Oct
    # (6 sessions then): new; as of a Wednesday of the holiday (28 Oct), with Wed 21 Oct
    # (the 7 days before, as before): new as well
    nov = _check(config, exp, "2026-11-02")
    assert nov["compared_with"] == "2026-10-19" and "pn" in _new(nov, "OCT2")
    hol = _check(config, exp, "2026-10-28")
    assert hol["compared_with"] == "2026-10-21" and "pn" in _new(hol, "OCT2")
    # the table's header says the same date
    code, out, err = run_cli("--workspace", config, "check", exp, "--as-of", "2027-02-22")
    assert code == 0, err
    assert "NEW = not in this group on 08/02/2027" in " ".join(out.split())


# ------------------------------------------------- an as-of date after today, every command
# A register to Fri 26 Feb 2027 (marks entered ahead), today Wed 24 Feb: as of Fri 26 Feb
# the figures count two days still to come.  check, cme, letters, register-check, la-return,
# evidence and cases said so; report, summary and pupil said nothing.


def test_every_command_says_an_as_of_date_after_today(tmp_path, monkeypatch):
    from attcli import clock

    config, exp = new_after_holiday_school(tmp_path)
    monkeypatch.setenv(clock.ENV_VAR, "2027-02-24")
    said = "the as-of date 26/02/2027 is after today (24/02/2027)"
    for args in (
        ("check", exp),
        ("report", exp, "-o", tmp_path / "r.html"),
        ("summary", exp, "-o", tmp_path / "s.summary.json"),
        ("pupil", "LATE", exp),
    ):
        for as_of in (("--as-of", "2027-02-26"), ()):  # given, and the data's last day
            code, _, err = run_cli("--workspace", config, *args, *as_of, "--force")
            assert code == 0, err
            assert said in " ".join(err.split()), (args, as_of, err)
    # the certificate, a paper for the family, is refused as the letters are (the
    # certificate sweep), saying the as-of date to give
    for as_of in (("--as-of", "2027-02-26"), ()):
        code, _, err = run_cli(
            "--workspace", config, "pupil", "LATE", exp, "--pdf", tmp_path / "c.pdf", *as_of,
            "--force",
        )  # fmt: skip
        assert code == 1, err
        assert "after today (24/02/2027)" in " ".join(err.split())
        assert "give --as-of 2027-02-24 or earlier" in " ".join(err.split())
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "is after today (24/02/2027)" in " ".join(html.split())
    # as of today itself: nothing said
    for args in (("report", exp, "-o", tmp_path / "r.html"), ("pupil", "LATE", exp)):
        code, _, err = run_cli("--workspace", config, *args, "--as-of", "2027-02-24", "--force")
        assert code == 0 and "after today" not in err, err


# ------------------------------------- a day only partly registered: most pupils' marks end
# The export made on Fri 26 Feb 2027 before the register was taken for most: LATE and OCT2
# have no marks that day, F (leave entered ahead) has.  Their time on roll ends with their
# last mark, so they are leavers on Thu 25 Feb by the register; `check` says in one line
# that this may be the day of the export (stop 51).  cme ("left after N days"),
# register-check and la-return ("left the roll on"), report, summary, cases and letters
# rest on the same leavers and said nothing.


def test_every_command_says_most_pupils_marks_end_a_day_before_a_few(tmp_path):
    from school import contacts_file

    make_workspace(tmp_path / "ws", TERMS)
    config = tmp_path / "ws"
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": "/", "dob": D(2016, 3, 1)}
        for upn in ("LATE", "OCT2", "F")
        for d in school_days(D(2026, 9, 3), D(2027, 2, 26))
        for s in ("AM", "PM")
        if upn == "F" or d < D(2027, 2, 26)
    ]
    exp = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [(u, f"C{u}", "Mrs", f"P{u}", f"S{u}") for u in ("LATE", "OCT2", "F")]
    )
    said = "2 of the 3 pupils' marks end on 25/02/2027, and only 1 pupil has marks after it"
    for args in (
        ("check", exp),
        ("cme", exp),
        ("register-check", exp, "--term", "spring", "-o", tmp_path / "rc.csv"),
        ("la-return", exp, "--month", "2027-02", "--dry-run"),
        ("letters", exp, "--contacts", contacts, "--dry-run"),
        ("report", exp, "-o", tmp_path / "r.html"),
        ("summary", exp, "-o", tmp_path / "s.summary.json"),
        ("cases", exp),
    ):
        code, out, err = run_cli("--workspace", config, *args, "--as-of", "2027-02-26")
        assert code == 0, (args, err)
        assert said in " ".join((out + err).split()), (args, out, err)
        # as of the day before: nothing to say
        code, out, err = run_cli("--workspace", config, *args, "--as-of", "2027-02-25", "--force")
        assert code == 0 and "marks end on" not in out + err, (args, out, err)


def test_cme_and_the_la_files_say_an_export_made_at_lunchtime(tmp_path):
    """The export of Fri 26 Feb made at lunchtime (no PM row for anyone that day): check,
    letters, report, summary, cases, pupil and evidence said "the figures run to that
    morning"; cme, register-check and la-return, whose runs and figures end there too,
    said nothing."""
    make_workspace(tmp_path / "ws", TERMS)
    config = tmp_path / "ws"
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": "N" if upn == "LATE" and d.month == 2
         and d.day > 21 else "/", "dob": D(2016, 3, 1)}
        for upn in ("LATE", "F")
        for d in school_days(D(2026, 9, 3), D(2027, 2, 26))
        for s in ("AM", "PM")
        if not (d == D(2027, 2, 26) and s == "PM")
    ]  # fmt: skip
    exp = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    said = "the exports end with the AM session of 26/02/2027: its PM register is not in them"
    for args in (
        ("check", exp),
        ("cme", exp),
        ("register-check", exp, "--term", "spring", "-o", tmp_path / "rc.csv", "--as-of",
         "2027-02-26"),
        ("la-return", exp, "--month", "2027-02", "--dry-run"),
    ):  # fmt: skip
        code, out, err = run_cli("--workspace", config, *args)
        assert code == 0, (args, err)
        assert said in " ".join((out + err).split()), (args, out, err)


def test_the_casebook_s_new_right_after_a_holiday_compares_with_the_last_school_week(tmp_path):
    """P: O all day Mon 1 to Fri 12 Feb: as of Mon 8 Feb 180 of 192 (93.8 %, green, not on
    the ladder); as of Fri 12 Feb 180 of 200 (90.0 %, red).  As of Mon 22 Feb, after the
    half term, with no run on record, P (amber, 182 of 202) is new to the ladder since the
    Monday before, 8 Feb; compared with Mon 15 Feb (the holiday: 12 Feb's figures, red)
    P was not new, and never was for a school running on Mondays."""
    make_workspace(tmp_path / "ws", TERMS)
    own = {"P": dict.fromkeys(school_days(D(2027, 2, 1), D(2027, 2, 12)), "O"), "F": {}}
    exp = export(tmp_path / "register.csv", own, D(2027, 2, 26))
    code, out, err = run_cli(
        "--workspace", tmp_path / "ws", "cases", exp, "--as-of", "2027-02-22", "-f", "json"
    )
    assert code == 0, err
    (p,) = [c for c in json.loads(out)["cases"] if c["upn"] == "P"]
    assert p["new"] is True
