"""Sweep "two school years together": the summer term's export and the autumn's, read
across the summer holiday with a config giving both years' term dates, the answers worked
out by hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt

from attcli.cme import cme_runs
from attcli.config import parse_config
from attcli.engine import evaluate
from builders import across
from school import ROLLOVER_HALF_TERMS
from test_cme import ROLLOVER_JULY

D = dt.date

#: 2025/26's six half terms (to Fri 17 Jul 2026) and Autumn 2026 from Thu 3 Sep, as TOML
HALF_TERMS = [
    ("Autumn 1", D(2025, 9, 3), D(2025, 10, 24)), ("Autumn 2", D(2025, 11, 3), D(2025, 12, 19)),
    ("Spring 1", D(2026, 1, 5), D(2026, 2, 13)), ("Spring 2", D(2026, 2, 23), D(2026, 3, 27)),
    ("Summer 1", D(2026, 4, 13), D(2026, 5, 22)), ("Summer 2", D(2026, 6, 1), D(2026, 7, 17)),
    ("Autumn 1", D(2026, 9, 3), D(2026, 10, 23)), ("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
]  # fmt: skip
TWO_YEARS = "".join(
    f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {a}\nend = {b}\n' for n, a, b in HALF_TERMS
)


def _school_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """The weekdays of :data:`HALF_TERMS` from ``first`` to ``last``, bank holidays out."""
    from attcli.bankholidays import is_bank_holiday

    out, d = [], first
    while d <= last:
        if d.weekday() < 5 and not is_bank_holiday(d) and any(a <= d <= b for _, a, b in HALF_TERMS):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def test_only_last_year_s_export_as_of_a_day_of_this_year_says_what_it_cannot_know() -> None:
    """July's export alone (Mon 6 - Fri 17 Jul 2026), term dates for both years (Autumn 1
    from Thu 3 Sep), as of Wed 16 Sep 2026: 10 school days of the new year (3, 4, 7-11,
    14-16 Sep) lie after the data.  CAI: N Mon 13 - Fri 17 Jul, 5 school days to the
    data's end; the summer holiday neither counts nor breaks a run (DOMAIN.md 6), so the
    run may have gone on through the 10 school days no export holds (up to 15 days, past
    the CME threshold of 10).  `cme` said "0 runs" (the run ends before the period, and is
    not current when the data does not reach the as-of date), though the same run in the
    school year is listed "data ends, +10 unregistered"; and the lines said "Figures are as
    of 16/09/2026, the end of the data" (it ends 17/07/2026) and "no school day of the
    school year yet up to 16/09/2026 (its first is 03/09/2026)" (ten have been)."""
    config = parse_config(ROLLOVER_HALF_TERMS)
    jul = across((D(2026, 7, 6), ROLLOVER_JULY))
    ev = evaluate(jul, config, as_of=D(2026, 9, 16))
    cols = ("upn", "run_start", "run_end", "run_days", "unregistered_days", "status")
    assert cme_runs(ev, 10).select(cols).rows() == [
        ("CAI", D(2026, 7, 13), D(2026, 7, 17), 5, 10, "data_ends"),
    ]
    line = ev.coverage.line()
    assert line is not None
    assert "Figures are as of 16/09/2026" not in line
    assert line.endswith(
        "after the data ends. The exports end before the school year starts: no "
        "year-to-date figures or bands; penalty-notice windows and runs of absence are as "
        "of 17/07/2026, the end of the data"
    )
    assert not [w for w in ev.warnings if "no school day of the school year yet" in w]
    # as of the day before the first school day the data reaches the as-of date: as before
    ev = evaluate(jul, config, as_of=D(2026, 9, 2))
    assert ev.coverage.line() is None
    assert cme_runs(ev, 3).select(cols).rows() == [
        ("CAI", D(2026, 7, 13), D(2026, 7, 17), 5, 0, "absent"),
    ]
    assert [w for w in ev.warnings if "no school day of the school year yet" in w] == [
        "no school day of the school year yet up to 02/09/2026 (its first is 03/09/2026): no "
        "year-to-date figures, bands or lates (Summer 2 was the 2025/26 school year's, and "
        "lates count per half term); the pupils on roll on 17/07/2026 are checked, their "
        "penalty-notice window and runs of absence read from the register up to that day"
    ]


def test_september_s_return_names_a_pupil_who_left_in_july_after_a_reported_run(tmp_path) -> None:
    """GONE: N every school day Mon 6 - Fri 17 Jul 2026 (10 days, to the summer term's last
    day), in July's export and not in September's (left over the summer: a Year 6 leaver,
    a family moved).  July's return (as of 17/07) lists the run new, still absent.
    September's, given July's export and September's, must end it: the run ended with the
    pupil's last day on roll, 17/07/2026, straight after 10 days of unexplained absence,
    so "left the roll 17/07/2026 after the run: check the deletion was lawful and the LA
    was told" (DOMAIN.md 6), with the pupil's name and leaving date.  It said "(not in the
    exports)" and "not in these exports" with no name, though July's export, given, holds
    them (cases says the same since stop 47: `off_roll`)."""
    import csv as csv_mod

    from builders import register_rows
    from clirun import run_cli
    from school import make_workspace
    from test_la_return import write_export

    config = make_workspace(tmp_path / "school", TWO_YEARS)
    july_days = [d for d in _school_days(D(2025, 9, 1), D(2026, 7, 31))]
    gone = set(july_days[-10:])  # Mon 6 - Fri 17 Jul
    assert min(gone) == D(2026, 7, 6)
    last = register_rows(
        {"upn": upn, "date": d, "session": s, "mark": "N" if upn == "GONE" and d in gone else "/"}
        for upn in ("GONE", "STAY") for d in july_days for s in ("AM", "PM")
    )  # fmt: skip
    this = register_rows(
        {"upn": "STAY", "date": d, "session": s, "mark": "/"}
        for d in _school_days(D(2026, 9, 1), D(2026, 9, 18)) for s in ("AM", "PM")
    )  # fmt: skip
    july = write_export(tmp_path / "july.csv", last, D(2026, 7, 31))
    sep = write_export(tmp_path / "sep.csv", this, D(2026, 9, 30))
    code, _, err = run_cli("la-return", july, "--month", "2026-07", "-c", config,
                           "-o", tmp_path / "jul.csv", width=400)  # fmt: skip
    assert code == 0, err
    code, text, err = run_cli("la-return", july, sep, "--month", "2026-09", "--as-of",
                              "2026-09-18", "-c", config, "-o", tmp_path / "sep_ret.csv",
                              width=400)  # fmt: skip
    assert code == 0, err
    said = " ".join(text.split())
    assert "not in the exports" not in said and "not in these exports" not in said
    with (tmp_path / "sep_ret.csv").open(encoding="utf-8-sig") as f:
        rows = [r for r in csv_mod.DictReader(f) if r["UPN"] == "GONE"]
    assert [
        (r["Status"], r["Surname"], r["Absence began"], r["Last day of absence"],
         r["School days"], r["Left the roll on"], r["Note"])
        for r in rows
    ] == [
        ("ended", "SurnameGONE", "06/07/2026", "17/07/2026", "10", "17/07/2026",
         "left the roll 17/07/2026 after the run: check the deletion was lawful and the LA "
         "was told"),
    ]  # fmt: skip


def test_the_record_of_a_pupil_who_left_before_this_school_year_says_when_they_left(
    tmp_path,
) -> None:
    """LEFT: in July's export (Mon 6 - Fri 17 Jul 2026), not in September's (3 - 18 Sep):
    left the roll on Fri 17/07/2026.  `attcli pupil LEFT july.csv sep.csv --as-of
    2026-09-16` said "no pupil with UPN 'LEFT' in the exports this school year up to
    16/09/2026 (a pupil is listed from their first session on roll)": the exports given hold
    them, and the hint reads as if they had not started yet.  It says they left the roll on
    17/07/2026, before this school year, and how to see their record (`--as-of` that day).
    A UPN in no export says what it said."""
    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace
    from test_cme import ROLLOVER_SEP

    config = make_workspace(tmp_path / "school", ROLLOVER_HALF_TERMS)
    july = write_long_csv(
        across((D(2026, 7, 6), {**ROLLOVER_JULY, "LEFT": "/ " * 10})), tmp_path / "july.csv"
    )
    sep = write_long_csv(across((D(2026, 9, 3), ROLLOVER_SEP)), tmp_path / "sep.csv")
    code, _, err = run_cli("pupil", "LEFT", july, sep, "-c", config, "--as-of", "2026-09-16")
    assert code == 1
    assert err == (
        "error: pupil 'LEFT' left the roll on 17/07/2026, before this school year (from "
        "01/09/2026), so has no record in it up to 16/09/2026: give --as-of 2026-07-17 for "
        "their record of the school year they left in\n"
    )
    code, out, err = run_cli("pupil", "LEFT", july, sep, "-c", config, "--as-of", "2026-07-17")
    assert code == 0, err
    code, _, err = run_cli("pupil", "NOBODY", july, sep, "-c", config, "--as-of", "2026-09-16")
    assert err == (
        "error: no pupil with UPN 'NOBODY' in the exports this school year up to 16/09/2026 (a "
        "pupil is listed from their first session on roll)\n"
    )


def test_a_gap_of_weekdays_with_term_dates_given_does_not_say_there_are_none() -> None:
    """The config gives Summer 2 of 2025/26 (from 08/06/2026) and Autumn 2026, and July's
    export alone (6 - 17 Jul 2026) is checked as of 17/07/2026: 2025/26's weekdays before
    its first half term given are not known to be holidays, so the register misses them (as
    documented: term dates that start after September do not give the year's first school
    day).  The line ended "(attcli.toml has no term dates, so those are weekdays: if they
    were a holiday, give the school's term dates in [[calendar.half_terms]])": it has term
    dates; what it lacks is that school year's other half terms."""
    config = parse_config(ROLLOVER_HALF_TERMS)
    ev = evaluate(across((D(2026, 7, 6), ROLLOVER_JULY)), config, as_of=D(2026, 7, 17))
    line = ev.coverage.line()
    assert line is not None and "has no term dates" not in line
    assert line.endswith(
        " (attcli.toml gives no term dates for those days, so they are weekdays: if some "
        "were a holiday, add the school year's other half terms to [[calendar.half_terms]])"
    )
    # without term dates it says what it said
    bare = evaluate(across((D(2026, 7, 6), ROLLOVER_JULY)), parse_config(""), as_of=D(2026, 7, 17))
    assert (bare.coverage.line() or "").endswith(
        " (attcli.toml has no term dates, so those are weekdays: if they were a holiday, give "
        "the school's term dates in [[calendar.half_terms]])"
    )


def test_a_pupil_of_the_last_run_who_left_before_this_school_year_is_a_change(tmp_path) -> None:
    """GONE: N every school day Mon 6 - Fri 17 Jul 2026 (10 days), in July's export, not in
    September's (a Year 6 leaver); FINE left too, present every day, in no group.  The check
    as of Wed 02/09/2026 (before Autumn 1's first day, Thu 3 Sep) lists the pupils on roll on
    17/07/2026: GONE is in the penalty-notice group (20 N sessions in the window) and the
    absence group (10 school days), recorded.  As of Wed 09/09/2026 the pupils are this
    school year's: GONE, in the exports (July's), is in none of its figures, and vanished
    from the changes without a word (only a pupil in no export was said).  A pupil of that
    run in a group then who left the roll before this period is a change, "left the roll
    on 17/07/2026: no longer in ...", as any leaver in a group is; FINE, in no group, is no
    change (an ordinary leaver)."""
    import json

    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace
    from test_cme import ROLLOVER_SEP

    config = make_workspace(tmp_path / "school", ROLLOVER_HALF_TERMS)
    sep_pupils = {k: v for k, v in ROLLOVER_SEP.items() if k != "FINE"}
    july = write_long_csv(
        across((D(2026, 7, 6), {**ROLLOVER_JULY, "GONE": "N " * 10})), tmp_path / "july.csv"
    )
    sep = write_long_csv(across((D(2026, 9, 3), sep_pupils)), tmp_path / "sep.csv")
    code, _, err = run_cli("check", july, sep, "-c", config, "--as-of", "2026-09-02", "--record")
    assert code == 0, err
    code, out, err = run_cli("check", july, sep, "-c", config, "--as-of", "2026-09-09",
                             "-f", "json")  # fmt: skip
    assert code == 0, err
    changes = {(c["upn"], c["kind"]): c["detail"] for c in json.loads(out)["changes"]}
    assert changes[("GONE", "left_roll")] == (
        "on 17/07/2026: no longer in penalty-notice threshold, continuous unexplained absence"
    )
    assert not [k for k in changes if k[0] == "FINE"]


def test_register_check_as_of_a_day_of_this_year_is_of_this_year_s_term(tmp_path) -> None:
    """Last year's whole export (03/09/2025 - 17/07/2026) alone, the config giving both
    years' term dates: `register-check --term autumn --as-of 2026-09-16` made the autumn
    term of 2025/26 ("0 pupils listed for the autumn term 2025/26 (03/09/2025 to
    19/12/2025, figures as of 19/12/2025)"): the year came from the data's end, not the
    date asked for, and nothing said so.  The autumn term of 16/09/2026 is 2026/27's, which
    the data does not reach: refused in one line.  --year 2025/26 still gives last year's."""
    from builders import register_rows
    from clirun import run_cli
    from school import make_workspace
    from test_la_return import write_export

    config = make_workspace(tmp_path / "school", TWO_YEARS)
    days = _school_days(D(2025, 9, 1), D(2026, 7, 31))
    last = register_rows(
        {"upn": "AMY", "date": d, "session": s, "mark": "O" if d.month == 10 else "/"}
        for d in days for s in ("AM", "PM")
    )  # fmt: skip
    july = write_export(tmp_path / "last.csv", last, D(2026, 7, 31))
    out = tmp_path / "rc.csv"
    code, text, err = run_cli("register-check", july, "--term", "autumn", "--as-of",
                              "2026-09-16", "-c", config, "-o", out)  # fmt: skip
    assert code == 1 and not out.exists()
    assert err == (
        "error: the data ends 17/07/2026, before the autumn term starts (03/09/2026)\n"
    )
    code, text, err = run_cli("register-check", july, "--term", "autumn", "--year", "2025/26",
                              "-c", config, "-o", out)  # fmt: skip
    assert code == 0, err
    assert "autumn term 2025/26" in " ".join(text.split())


def test_a_summary_of_last_year_s_export_alone_as_of_this_year_is_not_complete() -> None:
    """July's export alone, as of Wed 16 Sep 2026 (10 school days of the new year after
    the data; the years sweep's register): the summary's figures hold no session of the
    school year, so its period cannot be "complete" (a trust would add the school up as 0
    sessions of a whole period, as of 16/09/2026).  It said ``"complete": true``, its
    coverage note saying the exports end before the school year starts."""
    from attcli.engine import prepare
    from attcli.summary.build import build_summary

    config = parse_config(ROLLOVER_HALF_TERMS + '\n[school]\nname = "Hand School"\nurn = "100002"\n')
    jul = across((D(2026, 7, 6), ROLLOVER_JULY))
    doc = build_summary(prepare(jul, config), config, as_of=D(2026, 9, 16),
                        generated=D(2026, 9, 16))  # fmt: skip
    assert doc["totals"]["possible"] == 0
    assert doc["period"]["complete"] is False
    assert "end before the school year starts" in doc["period"]["coverage_note"]
    # as of the day before the first school day, the data reaches the as-of date: nothing
    # of the period is missing (there is no school day of it yet), as before
    doc = build_summary(prepare(jul, config), config, as_of=D(2026, 9, 2),
                        generated=D(2026, 9, 16))  # fmt: skip
    assert doc["period"]["complete"] is True
